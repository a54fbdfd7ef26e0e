"""The CSV-injection rule, in one place: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is run as a formula by Excel and LibreOffice (OWASP, https://owasp.org/www-community/attacks/CSV_Injection).

The raw tables reject such a cell (:func:`analysis.clean.checks.row_problems`); every file written for a reader
(the processed tables, the reports' downloads) neutralises one with a leading single quote, as OWASP recommends.
Numbers stay numbers: a negative amount in a numeric column is data, not a formula.
"""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters a spreadsheet reads as the start of a formula."""
ESCAPE_PREFIX = "'"
"""Put before such a cell so that a spreadsheet shows it as text."""


def starts_formula(text: pd.Series) -> pd.Series:
    """True where a text cell starts like a formula (missing cells: False).

    >>> starts_formula(pd.Series(["=1+1", "tel. +48", None])).tolist()
    [True, False, False]
    """
    return text.str.slice(0, 1).isin(FORMULA_STARTS).fillna(False).astype(bool)


def neutralise_cell(text: str) -> str:
    """``text`` with a leading single quote when a spreadsheet would read it as a formula.

    >>> neutralise_cell("-5"), neutralise_cell("5")
    ("'-5", '5')
    """
    return ESCAPE_PREFIX + text if text.startswith(FORMULA_STARTS) else text


def neutralised(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells and column names cannot start a formula; numeric columns unchanged."""
    out = df.copy()
    for col in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col])):
            out[col] = out[col].map(lambda x: neutralise_cell(x) if isinstance(x, str) else x)
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


__all__ = ["FORMULA_STARTS", "ESCAPE_PREFIX", "starts_formula", "neutralise_cell", "neutralised"]
