"""Pandera schemas for every raw and processed table, generated from :mod:`analysis.core.dictionary`.

Validation is lazy: every failing cell of a run is reported at once, as :class:`~analysis.core.errors.Problem` with the
file line (raw tables) or the row's key (processed tables).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from analysis.core.dictionary import ID_MAX_LENGTH, ISO_DATE_PATTERN, PANDAS_DTYPES, Column, Table, memory_name
from analysis.core.errors import Problem


def _raw_checks(c: Column) -> list[pa.Check]:
    """Checks on a raw column, which is always text ('' for an empty cell)."""
    checks = []
    if c.required:
        checks.append(pa.Check(lambda s: s.str.strip() != "", element_wise=False, error="a value (empty cell)"))
    # a quote with a leading space, a name with a trailing one: invisible in a spreadsheet, and never as printed
    checks.append(pa.Check(lambda s: (s == s.str.strip()) | (s.str.strip() == ""),
                           error="no spaces at the start or end"))
    if c.allowed is not None:
        ok = set(c.allowed) | (set() if c.required else {""})
        checks.append(pa.Check(lambda s, ok=ok: s.isin(ok), error=f"one of: {', '.join(c.allowed)}"))
    if c.pattern is not None:
        checks.append(pa.Check(lambda s, p=c.pattern, req=c.required: s.str.fullmatch(p) | (~req & (s == "")),
                               error=c.hint or f"text matching {c.pattern}"))
    if c.dtype == "id":  # a source_id names its document's file: no file system takes a name of 3 000 characters
        checks.append(pa.Check(lambda s: s.str.len() <= ID_MAX_LENGTH,
                               error=f"an id of at most {ID_MAX_LENGTH} characters"))
    if c.dtype == "date":  # '2023-02-30' has the form of a date but is none
        checks.append(pa.Check(_real_dates, error="a date of the calendar (YYYY-MM-DD)"))
    return checks


def _real_dates(s: pd.Series) -> pd.Series:
    """True where the text is empty, not of the form YYYY-MM-DD (the pattern says so), or a day that exists."""
    iso = s.str.fullmatch(ISO_DATE_PATTERN).fillna(False).astype(bool)
    days = pd.to_datetime(s.where(iso), format="%Y-%m-%d", errors="coerce")
    return ~iso | days.notna()


def raw_schema(table: Table) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {c.name: pa.Column(str, _raw_checks(c), nullable=False, unique=c.unique, coerce=False)
         for c in table.columns},
        strict=True, ordered=True, unique=list(table.key) if len(table.key) > 1 else None,
        name=table.name,
    )


def processed_schema(table: Table) -> pa.DataFrameSchema:
    """The schema of a processed table as the pipeline holds it (money as integer grosze, named ``…_grosze``)."""
    cols = {}
    for c in table.columns:
        checks = []
        if c.allowed is not None:
            checks.append(pa.Check.isin(list(c.allowed), error=f"one of: {', '.join(c.allowed)}"))
        if c.pattern is not None:
            checks.append(pa.Check.str_matches(c.pattern, error=f"text matching {c.pattern}"))
        if c.dtype == "share":
            checks.append(pa.Check.in_range(0.0, 1.0, error="a share between 0 and 1"))
        if c.dtype in ("pln", "float", "int") and c.name != "duration_months":
            checks.append(pa.Check.ge(0, error="a non-negative number"))
        cols[memory_name(c)] = pa.Column(PANDAS_DTYPES[c.dtype], checks, nullable=not c.required, unique=c.unique,
                                 coerce=False)
    return pa.DataFrameSchema(cols, strict=True, ordered=True,
                              unique=list(table.key) if len(table.key) > 1 else None, name=table.name)


def validate(df: pd.DataFrame, schema: pa.DataFrameSchema, table: str, lines: pd.Series | None = None,
             key: str | None = None) -> list[Problem]:
    """Every problem pandera finds, as Problems naming the line (raw) or the row's key (processed)."""
    try:
        schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        return [_problem(row, df, table, lines, key) for row in err.failure_cases.itertuples(index=False)]
    return []


def _problem(row, df: pd.DataFrame, table: str, lines: pd.Series | None, key: str | None) -> Problem:
    idx = row.index
    line = None
    if lines is not None and idx is not None and not pd.isna(idx):
        line = int(lines.iloc[int(idx)])
    expected = str(row.check)
    if expected == "field_uniqueness" or expected.startswith("multiple_fields_uniqueness"):
        expected = "a value not used in another row (duplicate key)"
    elif expected.startswith("column_in_dataframe"):
        expected = "this column (missing)"
    elif expected.startswith("column_in_schema"):
        expected = "no such column"
    elif expected.startswith("dtype("):
        expected = f"data type {expected[6:-1]}"
    elif expected == "not_nullable":
        expected = "a value (empty)"
    value = None if pd.isna(row.failure_case) else str(row.failure_case)
    where = table if line is not None or key is None or idx is None or pd.isna(idx) else (
        f"{table} [{key}={df[key].iloc[int(idx)]}]")
    return Problem(where, line, row.column, value, expected)
