"""Constant prices in ``make data``: the CPI table read and validated, and the projects' price years and real columns.

The arithmetic (price levels, deflation, the real figures over a range of price years) is
:mod:`analysis.core.prices`, which the reports call too; this module reads ``cpi_pl_annual.csv`` (every problem of
the file at once, with its line) and fills the price-year and real columns of the projects table, with a reason
code where no real figure can be computed.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

import pandas as pd

from analysis.clean.projects import latest_end
from analysis.clean.rawio import read_raw
from analysis.core.dictionary import CPI_INDEX_PATTERN, YEAR_PATTERN
from analysis.core.errors import DataError, Problem, raise_if
from analysis.core.precision import round_grosze
from analysis.core.prices import (
    CPI_COLUMNS,
    CPI_DOMAIN,
    latest_complete_year,
    price_level,
    price_year_range,
    real_figures,
    year_sequence_problems,
)

_YEAR_RE = YEAR_PATTERN
_INDEX_RE = CPI_INDEX_PATTERN  # '102.5' or '102,5'; no sign, no grouping, no exponent


# --- loading ----------------------------------------------------------------------------------------------------


def load_cpi(path: str | PathLike[str]) -> pd.DataFrame:
    """Read and validate the annual CPI table (``year,cpi_prev_year_100,source``).

    Every cell is read as a string. The index may use a decimal point or a decimal comma ('102.5', '102,5').
    Checks, all reported together in one :class:`DataError` (line = physical file line, header = line 1):

    * the three columns are present;
    * ``year`` is a four-digit year; no year appears twice; years ascend with no gaps;
    * ``cpi_prev_year_100`` is a positive number within :data:`CPI_DOMAIN` (80..130);
    * ``source`` is not empty (every value carries where it came from).

    Returns a new frame sorted by year with columns ``year`` (int64), ``cpi_prev_year_100`` (float64), ``source``
    (str) and ``line`` (int64, the file line of the row) on a fresh RangeIndex.
    """
    raw_table = read_raw(Path(path), list(CPI_COLUMNS))  # encodings, delimiters, short rows: one place
    return cpi_from_raw(raw_table.frame, raw_table.lines, raw_table.name)


def cpi_from_raw(raw: pd.DataFrame, lines: pd.Series, table: str = "cpi_pl_annual.csv") -> pd.DataFrame:
    """Validate and type the CPI table read as text (see :func:`load_cpi`)."""
    problems: list[Problem] = []
    if raw.empty:
        raise DataError([Problem(table, None, None, None, "at least one year of CPI")])

    year_txt = raw["year"].str.strip()
    year_ok = year_txt.str.fullmatch(_YEAR_RE)
    problems += _cell_problems(table, lines, raw["year"], ~year_ok, "year", "a four-digit year such as '2007'")
    year = pd.to_numeric(year_txt.where(year_ok), errors="coerce").astype("Int64")

    cpi_txt = raw["cpi_prev_year_100"].str.strip()
    cpi_ok = cpi_txt.str.fullmatch(_INDEX_RE)
    cpi = pd.to_numeric(cpi_txt.where(cpi_ok).str.replace(",", ".", regex=False), errors="coerce")
    lo, hi = CPI_DOMAIN
    in_domain = cpi.between(lo, hi) & (cpi > 0)
    problems += _cell_problems(
        table, lines, raw["cpi_prev_year_100"], ~cpi_ok | ~in_domain, "cpi_prev_year_100",
        f"a positive index (previous year = 100) between {lo:g} and {hi:g}, such as '102.5' or '102,5'",
    )

    source = raw["source"].str.strip()
    problems += _cell_problems(table, lines, raw["source"], source == "", "source", "the source of the value")

    problems += year_sequence_problems(table, year, lines)
    raise_if(problems)

    out = pd.DataFrame(
        {
            "year": year.astype("int64"),
            "cpi_prev_year_100": cpi.astype("float64"),
            "source": source.astype("str"),
            "line": lines,
        }
    )
    return out.sort_values("year", kind="stable").reset_index(drop=True)


def _cell_problems(
    table: str, lines: pd.Series, values: pd.Series, bad: pd.Series, column: str, expected: str
) -> list[Problem]:
    return [
        Problem(table, int(line), column, str(value), expected)
        for line, value in zip(lines[bad], values[bad], strict=True)
    ]


def _not_comparable(proj: pd.DataFrame, years: pd.DataFrame, in_table: pd.Series) -> pd.Series:
    reason = pd.Series(pd.NA, index=proj.index, dtype="str")
    no_total = proj["total_value_grosze"].isna() & proj["total_value_lower_grosze"].isna()
    reason = reason.mask(no_total, "no_total_value")
    unit = proj["participants_unit"] if "participants_unit" in proj else pd.Series(pd.NA, index=proj.index)
    families = unit.isin(["families", "persons_or_families"]).fillna(False).astype(bool)
    reason = reason.mask(reason.isna() & proj["cost_per_participant_qualifier"].isna() & families,
                         "counted_in_families")
    reason = reason.mask(reason.isna() & proj["cost_per_participant_qualifier"].isna(), "no_participants")
    no_years = years["price_year_lower"].isna()
    reason = reason.mask(reason.isna() & no_years & proj["start_date"].isna() & proj["end_date"].isna(), "no_dates")
    reason = reason.mask(reason.isna() & no_years & proj["end_date"].isna(), "no_end_date")
    reason = reason.mask(reason.isna() & no_years & proj["start_date"].isna(), "no_start_date")
    return reason.mask(reason.isna() & years["price_year_lower"].notna() & ~in_table, "price_year_outside_cpi")


def add_real_prices(proj: pd.DataFrame, cpi: pd.DataFrame, base_year: int,
                    programmes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Price years (a range where no end date is printed) and amounts in prices of ``base_year``
    (:func:`analysis.core.prices.real_figures`); reason codes (:data:`analysis.core.vocabulary.NOT_COMPARABLE_REASONS`)
    where no real figure can be computed.

    ``programmes`` (the processed programmes table, with ``eligible_until``) bounds the end of a project whose
    documents print no end date; without it such a project gets no price year.
    """
    out = proj.copy()
    # a period that ends before it starts gets no price year here; the domain check names its lines
    ordered = ~(out["end_date"] < out["start_date"]).fillna(False).astype(bool)
    if "end_date_latest" not in out.columns:  # a frame made without projects.project_table: no finished-by date
        none = pd.DataFrame({"date_upper": pd.Series(pd.NaT, index=out.index)})
        latest = latest_end(out, none, programmes) if programmes is not None else pd.DataFrame(
            {"date": pd.NaT, "basis": pd.NA}, index=out.index)
        out["end_date_latest"], out["end_date_latest_basis"] = latest["date"], latest["basis"]
    until = pd.to_datetime(out["end_date_latest"]).astype(out["start_date"].dtype)
    precision = {c: out[c] if c in out.columns else pd.Series(pd.NA, index=out.index, dtype="str")
                 for c in ("start_date_precision", "end_date_precision")}
    span = (precision["start_date_precision"].eq("year") & precision["end_date_precision"].eq("year")
            & (out["start_date"].dt.year != out["end_date"].dt.year)).fillna(False).astype(bool)
    years = price_year_range(out["start_date"].where(ordered), out["end_date"].where(ordered), until, span)
    by_document = years["price_year_basis"].eq("eligibility_window") & out["end_date_latest_basis"].eq(
        "finished_by")
    years["price_year_basis"] = years["price_year_basis"].mask(by_document.fillna(False).astype(bool), "finished_by")
    first, last = int(cpi["year"].min()), int(cpi["year"].max())
    in_table = (years["price_year_lower"].between(first, last) & years["price_year_upper"].between(first, last))
    in_table = in_table.fillna(False).astype(bool)
    for c in years.columns:
        out[c] = years[c]
    out["price_base_year"] = base_year

    def zloty(col: str) -> pd.Series:  # deflation works in złoty floats; the result is rounded back to grosze
        return (out[col].astype("Float64") / 100).astype("float64")

    cost = pd.DataFrame({"value": zloty("cost_per_participant_grosze"),
                         "value_lower": zloty("cost_per_participant_lower_grosze"),
                         "value_upper": zloty("cost_per_participant_upper_grosze"),
                         "qualifier": out["cost_per_participant_qualifier"]})
    real = real_figures(zloty("total_value_grosze"), cost, years, base_year, cpi)
    out["total_value_real_grosze"] = round_grosze(real["total_value_real"])
    out["cost_per_participant_real_grosze"] = round_grosze(real["value"])
    out["cost_per_participant_real_lower_grosze"] = round_grosze(real["value_lower"])
    out["cost_per_participant_real_upper_grosze"] = round_grosze(real["value_upper"])
    out["cost_per_participant_real_qualifier"] = real["qualifier"]
    reason = _not_comparable(out, years, in_table)
    out["real_comparable"] = reason.isna().astype("boolean")
    out["not_comparable_reason"] = reason
    return out


__all__ = ["load_cpi", "cpi_from_raw", "add_real_prices", "latest_complete_year", "price_level"]
