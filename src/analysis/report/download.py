"""A report's key table as a CSV file one click away, inside the self-contained HTML (a ``data:`` link).

The file opens safely in a spreadsheet: a cell that would run as a formula is neutralised by the one CSV-injection
rule (:mod:`analysis.core.csvsafe`).
"""

from __future__ import annotations

import base64
import csv
import html
import re
from dataclasses import dataclass

import pandas as pd

from analysis.core.csvsafe import neutralised

UTF8_BOM = "\ufeff"  # Excel reads the file as UTF-8 only with it: Polish letters stay intact
_FILENAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.csv")


def csv_text(df: pd.DataFrame, separator: str = ",", decimal: str = ".") -> str:
    """The CSV text of ``df`` (no index, RFC 4180 line ends, UTF-8 byte-order mark), formulas neutralised.

    Numbers stay numbers (floats as Python writes them, with ``decimal`` as the decimal mark), booleans are
    ``true``/``false``, dates ISO, missing cells empty: a spreadsheet or ``pandas.read_csv(sep=separator,
    decimal=decimal)`` reads each column back with its type. Polish spreadsheets expect ``;`` between fields and
    a decimal comma (their list separator is ``;``), English ones ``,`` and ``.``: the report's labels choose.
    """
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].map({True: "true", False: "false"}).astype("object")
        elif pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    text = neutralised(out).to_csv(index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL, sep=separator,
                                   decimal=decimal)
    return UTF8_BOM + text


@dataclass(frozen=True)
class Download:
    """A link that downloads a file held in the page itself; displayed as HTML, usable inside Markdown text."""

    filename: str
    label: str
    data_uri: str

    @property
    def html(self) -> str:
        e = html.escape
        return (f'<a class="report-download" href="{e(self.data_uri)}" download="{e(self.filename)}" '
                f'type="text/csv">{e(self.label)}</a>')

    def __str__(self) -> str:
        return self.html

    def _repr_html_(self) -> str:
        return f'<p class="report-download">{self.html}</p>'

    def _repr_markdown_(self) -> str:
        return self.html


def csv_download(df: pd.DataFrame, filename: str, label: str, separator: str = ",", decimal: str = ".") -> Download:
    """A download link for ``df`` as CSV named ``filename`` (letters, digits, '.', '_', '-'; ends in .csv),
    showing ``label`` (e.g. 'Download the data (CSV)', from labels.py). Works offline: the data is in the link."""
    if not _FILENAME_RE.fullmatch(filename):
        raise ValueError(f"filename {filename!r}: expected letters, digits, '.', '_' or '-', ending in .csv")
    if not isinstance(label, str) or not label.strip():
        raise ValueError("label must be non-empty text: the reader has to see what the link gives")
    data = base64.b64encode(csv_text(df, separator, decimal).encode("utf-8")).decode("ascii")
    return Download(filename, label, f"data:text/csv;charset=utf-8;base64,{data}")


__all__ = ["csv_text", "Download", "csv_download"]
