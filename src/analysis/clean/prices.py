"""Constant prices: express złoty amounts from different years in the prices of one base year.

The deflator is Poland's annual average consumer price index (GUS, previous year = 100), transcribed with its source
in ``data/raw/cpi_pl_annual.csv``. The price level of year ``Y`` relative to base year ``B`` is

* ``Π_{k=B+1..Y} cpi_k / 100`` for ``Y > B``,
* ``1 / Π_{k=Y+1..B} cpi_k / 100`` for ``Y < B``,
* ``1.0`` for ``Y == B``,

and an amount of year ``Y`` in prices of ``B`` is ``amount / level(Y)`` (``level(B) == 1``). So a 2007 amount in 2021
prices is the amount times ``Π_{k=2008..2021} cpi_k / 100``.

Every function here is pure: it reads its arguments and returns new objects. Problems with the CPI table, a base
year or a price year raise :class:`~analysis.core.errors.DataError` listing every problem at once; nothing is guessed.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.clean.rawio import read_raw
from analysis.core.errors import DataError, Problem, raise_if

CPI_COLUMNS: tuple[str, ...] = ("year", "cpi_prev_year_100", "source")
"""Columns of ``cpi_pl_annual.csv``, in order."""

CPI_DOMAIN: tuple[float, float] = (80.0, 130.0)
"""Plausible range of an annual index (previous year = 100); Poland 1997–2025 stays within it (max 114.4 in 2022)."""

_CPI_TABLE = "cpi"  # table name used in problems about a CPI frame not read from a file
_YEAR_RE = r"\d{4}"
_INDEX_RE = r"\d{1,3}(?:[.,]\d+)?"  # '102.5' or '102,5'; no sign, no grouping, no exponent


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

    problems += _year_sequence_problems(table, year, lines)
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


def _year_sequence_problems(table: str, year: pd.Series, lines: pd.Series | None) -> list[Problem]:
    """Duplicates, gaps and descending steps among the valid years (``year`` is Int64; NA years are skipped)."""
    from_file = lines is not None
    if lines is None:  # a frame not read from a file: problems carry no line
        lines = pd.Series(np.arange(len(year)) + 2, index=year.index)

    def line_of(line: object) -> int | None:
        return int(line) if from_file else None  # type: ignore[call-overload]

    valid = year.notna()
    y, ln = year[valid].astype("int64"), lines[valid]
    problems: list[Problem] = []

    dup = y.duplicated(keep="first")
    first_line = ln.groupby(y).first()
    for yr, line in zip(y[dup], ln[dup], strict=True):
        where = line_of(line)
        seen = "" if where is None else f" (already on line {int(first_line[yr])})"
        problems.append(Problem(table, where, "year", str(yr), f"each year once{seen}"))

    step = y.diff()
    down = (step.fillna(1) < 0) & ~dup
    for yr, prev, line in zip(y[down], y.shift(1)[down], ln[down], strict=True):
        problems.append(Problem(table, line_of(line), "year", str(yr), f"years in ascending order (after {int(prev)})"))

    uniq = y.drop_duplicates().sort_values()
    gap = uniq.diff() > 1
    prev_year = uniq.shift(1)
    gap_line = ln.groupby(y).first()
    for yr, prev in zip(uniq[gap], prev_year[gap], strict=True):
        prev = int(prev)
        missing = f"{prev + 1}" if yr - prev == 2 else f"{prev + 1}–{yr - 1}"
        problems.append(
            Problem(table, line_of(gap_line[yr]), "year", str(yr),
                    f"consecutive years: {prev} is followed by {yr}, missing {missing}")
        )
    return problems


# --- price levels -----------------------------------------------------------------------------------------------


def _cpi_factors(cpi: pd.DataFrame) -> pd.Series:
    """Yearly factors (index / 100) indexed by year, ascending; checks the frame even if not from :func:`load_cpi`."""
    missing = [c for c in CPI_COLUMNS[:2] if c not in cpi.columns]
    if missing:
        raise DataError([Problem(_CPI_TABLE, None, c, None, "a column of the CPI table") for c in missing])
    if cpi.empty:
        raise DataError([Problem(_CPI_TABLE, None, None, None, "at least one year of CPI")])
    year = pd.to_numeric(cpi["year"], errors="coerce").astype("Float64")
    index = pd.to_numeric(cpi["cpi_prev_year_100"], errors="coerce").astype("float64")
    lo, hi = CPI_DOMAIN
    lines = cpi["line"] if "line" in cpi.columns else None
    problems = [
        Problem(_CPI_TABLE, None, "year", str(v), "a whole year")
        for v in cpi["year"][year.isna() | (year % 1 != 0).fillna(False)]
    ]
    problems += [
        Problem(_CPI_TABLE, None, "cpi_prev_year_100", str(v), f"a positive index between {lo:g} and {hi:g}")
        for v in cpi["cpi_prev_year_100"][~index.between(lo, hi)]
    ]
    whole = year.where(year % 1 == 0).astype("Int64")
    problems += _year_sequence_problems(_CPI_TABLE, whole, None if lines is None else lines.astype("int64"))
    raise_if(problems)
    factors = pd.Series((index / 100.0).to_numpy(), index=whole.astype("int64").to_numpy(), name="factor")
    factors.index.name = "year"
    return factors.sort_index()


def _year_range(factors: pd.Series) -> str:
    return f"{factors.index[0]}–{factors.index[-1]}"


def _check_base(factors: pd.Series, base_year: int) -> None:
    if base_year not in factors.index:
        raise DataError(
            [Problem(_CPI_TABLE, None, "base_year", str(base_year),
                     f"a year of the CPI table ({_year_range(factors)})")]
        )


def price_level(cpi: pd.DataFrame, base_year: int) -> pd.Series:
    """Price level of every year of ``cpi`` relative to ``base_year`` (float64 Series indexed by year).

    ``1.0`` at the base year; for a later year ``Y`` the product of the yearly indices / 100 from ``base_year + 1``
    to ``Y``; for an earlier year ``Y`` the inverse of the product from ``Y + 1`` to ``base_year``. The index of the
    table's first year (relative to the year before it) is used only for later years. Raises :class:`DataError`
    if ``base_year`` is not in the table.
    """
    factors = _cpi_factors(cpi)
    base_year = int(base_year)
    _check_base(factors, base_year)
    years = factors.index
    level = pd.Series(1.0, index=years, name="price_level")
    # after the base: cumulative product from base + 1, multiplied in year order
    after = years > base_year
    level[after] = factors[after].cumprod().to_numpy()
    # before the base: level(Y) = 1 / Π_{Y+1..base}; the reversed cumulative product of factors Y+1..base
    upto = factors[(years > years[0]) & (years <= base_year)]
    chain_back = upto.iloc[::-1].cumprod()  # at label k: Π_{k..base}
    before = years < base_year
    level[before] = 1.0 / chain_back.reindex(years[before] + 1).to_numpy()
    level.index.name = "year"
    return level


def latest_complete_year(cpi: pd.DataFrame) -> int:
    """The last year of the CPI table: the latest year whose prices amounts can be expressed in."""
    return int(_cpi_factors(cpi).index[-1])


def deflate(amount_pln: pd.Series, price_year: pd.Series, base_year: int, cpi: pd.DataFrame) -> pd.Series:
    """Express amounts in prices of ``base_year``: ``amount * level(base) / level(price_year)`` (float64).

    ``amount_pln`` and ``price_year`` share their index (one price year per amount). The result is NaN where the
    amount or the price year is missing. Raises :class:`DataError` listing every price year outside the CPI table
    (or not a whole year), or the base year if it is outside the table.
    """
    if not amount_pln.index.equals(price_year.index):
        raise ValueError("amount_pln and price_year must have the same index")
    level = price_level(cpi, base_year)  # level(base) == 1
    py = pd.to_numeric(price_year, errors="coerce").astype("Float64")
    known = py.notna()
    whole = (py % 1 == 0).fillna(False)
    in_table = whole & py.isin(level.index.astype("float64")).fillna(False)
    bad = (known & ~in_table) | (price_year.notna() & ~known)
    if bad.any():
        raise DataError(
            [
                Problem("price_year", None, "price_year", str(v), f"a year of the CPI table ({_year_range(level)})")
                for v in pd.unique(price_year[bad])
            ]
        )
    year_level = py.where(in_table).astype("Int64").map(level).to_numpy(dtype="float64", na_value=np.nan)
    amount = pd.to_numeric(amount_pln, errors="raise").astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    return pd.Series(amount / year_level, index=amount_pln.index, name=amount_pln.name, dtype="float64")


# --- price year of a period -------------------------------------------------------------------------------------


def price_year_from_period(start: pd.Series, end: pd.Series) -> pd.Series:
    """The price year of each project period: the calendar year of its mid-point ``start + (end - start) / 2``.

    ``start`` and ``end`` are datetime64 Series on the same index: the first day and the last day the project's
    period can mean (a period printed as "2016–2017" is 2016-01-01 to 2017-12-31).

    Rule: a project's money is spent over its whole period, not in one year, so the year holding the period's
    mid-point is the best single price year for it. ``end`` is taken as the last day at 00:00 (as given), so a
    period of an even number of whole calendar years has its mid-point on 31 December of the earlier middle year
    (2016-01-01–2017-12-31 -> 2016-12-31 00:00 -> 2016; 2008-01-01–2013-12-31 -> 2010-12-31 12:00 -> 2010): such
    ties go to the earlier year. Where a project has no start or no end date, no price year is guessed: the result
    is ``<NA>``. A period that ends before it starts raises :class:`DataError`.

    Returns an ``Int64`` Series named ``price_year`` on the index of ``start``.
    """
    if not start.index.equals(end.index):
        raise ValueError("start and end must have the same index")
    for name, s in (("start", start), ("end", end)):
        if not pd.api.types.is_datetime64_any_dtype(s.dtype):
            raise TypeError(f"{name} must be a datetime64 Series, got {s.dtype}")
    reversed_ = (end < start).fillna(False)
    if reversed_.any():
        raise DataError(
            [
                Problem("period", None, "end", f"{s.date()}–{e.date()} (row {label!r})", "an end on or after the start")
                for label, s, e in zip(start.index[reversed_], start[reversed_], end[reversed_], strict=True)
            ]
        )
    mid = start + (end - start) / 2
    return mid.dt.year.astype("Int64").rename("price_year")


# --- real prices of the projects table --------------------------------------------------------------------------


def price_year_range(start: pd.Series, end: pd.Series, eligible_until: pd.Series) -> pd.DataFrame:
    """Earliest and latest price year of each project, and how they were found (a code).

    With a printed period both are the year of its mid-point (:func:`price_year_from_period`, basis
    ``period_midpoint``). With a start but no end date printed, the project ended at the earliest on its start and
    at the latest on the last day its programme's expenditure is eligible (``eligible_until``), so its mid-point
    lies between the start and the mid-point of start and ``eligible_until`` (basis ``eligibility_window``):
    Katowice 'Włącz się!', started 05.2015 in RPO WSL 2014–2020 (eligible until 31.12.2023), has price years
    2015–2019. Without a start date nothing is bounded. All three Series share one index.
    """
    point = price_year_from_period(start, end)
    open_end = start.notna() & end.isna() & eligible_until.notna() & (eligible_until >= start).fillna(False)
    latest = price_year_from_period(start.where(open_end), eligible_until.where(open_end).astype(start.dtype))
    lower = point.fillna(start.dt.year.astype("Int64").where(open_end))
    upper = point.fillna(latest)
    basis = pd.Series(pd.NA, index=start.index, dtype="str")
    basis = basis.mask(point.notna(), "period_midpoint").mask(point.isna() & open_end, "eligibility_window")
    return pd.DataFrame({"price_year": point, "price_year_lower": lower.astype("Int64"),
                         "price_year_upper": upper.astype("Int64"), "price_year_basis": basis})


def deflate_over_years(amount_pln: pd.Series, first_year: pd.Series, last_year: pd.Series, base_year: int,
                       cpi: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(lowest, highest) value of each amount in prices of ``base_year`` over its price years first..last.

    Prices fell in some years (Poland 2015–2016), so the ends are the minimum and maximum over every year of the
    range, not the values at its two ends. NaN where the amount or a year is missing.
    """
    span = (last_year - first_year).astype("Float64")
    steps = int(span.max()) if span.notna().any() else -1
    values = [deflate(amount_pln, (first_year + k).where(first_year + k <= last_year).astype("Float64"),
                      base_year, cpi) for k in range(steps + 1)]
    if not values:
        empty = pd.Series(np.nan, index=amount_pln.index, dtype="float64")
        return empty, empty.copy()
    stacked = pd.concat(values, axis=1)
    low = stacked.min(axis=1, skipna=True).where(first_year.notna() & last_year.notna())
    high = stacked.max(axis=1, skipna=True).where(first_year.notna() & last_year.notna())
    return low.astype("float64"), high.astype("float64")


_WIDENED = {"exact": "range", "about": "about_range"}
"""A point figure deflated over several possible price years becomes a range; bounds keep their side."""


def _not_comparable(proj: pd.DataFrame, years: pd.DataFrame, in_table: pd.Series) -> pd.Series:
    reason = pd.Series(pd.NA, index=proj.index, dtype="str")
    no_total = proj["total_value_grosze"].isna() & proj["total_value_lower_grosze"].isna()
    reason = reason.mask(no_total, "no_total_value")
    reason = reason.mask(reason.isna() & proj["cost_per_participant_qualifier"].isna(), "no_participants")
    no_years = years["price_year_lower"].isna()
    reason = reason.mask(reason.isna() & no_years & proj["start_date"].isna() & proj["end_date"].isna(), "no_dates")
    reason = reason.mask(reason.isna() & no_years & proj["end_date"].isna(), "no_end_date")
    reason = reason.mask(reason.isna() & no_years & proj["start_date"].isna(), "no_start_date")
    return reason.mask(reason.isna() & years["price_year_lower"].notna() & ~in_table, "price_year_outside_cpi")


def add_real_prices(proj: pd.DataFrame, cpi: pd.DataFrame, base_year: int,
                    programmes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Price years (a range where no end date is printed) and amounts in prices of ``base_year``; reason codes
    (:data:`analysis.core.vocabulary.NOT_COMPARABLE_REASONS`) where no real figure can be computed.

    ``programmes`` (the processed programmes table, with ``eligible_until``) bounds the end of a project whose
    documents print no end date; without it such a project gets no price year.
    """
    from analysis.core.precision import round_grosze  # the one rounding rule for grosze

    out = proj.copy()
    # a period that ends before it starts gets no price year here; the domain check names its lines
    ordered = ~(out["end_date"] < out["start_date"]).fillna(False).astype(bool)
    if programmes is not None and "eligible_until" in programmes.columns:
        until = out["programme"].map(programmes.set_index("programme_id")["eligible_until"])
    else:
        until = pd.Series(pd.NaT, index=out.index)
    until = pd.to_datetime(until).astype(out["start_date"].dtype)
    years = price_year_range(out["start_date"].where(ordered), out["end_date"].where(ordered), until)
    first, last = int(cpi["year"].min()), int(cpi["year"].max())
    in_table = (years["price_year_lower"].between(first, last) & years["price_year_upper"].between(first, last))
    in_table = in_table.fillna(False).astype(bool)
    for c in years.columns:
        out[c] = years[c]
    out["price_base_year"] = base_year
    lo_year = years["price_year_lower"].where(in_table).astype("Float64")
    hi_year = years["price_year_upper"].where(in_table).astype("Float64")
    point_year = years["price_year"].where(in_table).astype("Float64")

    def zloty(col: str) -> pd.Series:  # deflation works in złoty floats; the result is rounded back to grosze
        return (out[col].astype("Float64") / 100).astype("float64")

    out["total_value_real_grosze"] = round_grosze(deflate(zloty("total_value_grosze"), point_year, base_year, cpi))
    qualifier = out["cost_per_participant_qualifier"]
    value = zloty("cost_per_participant_grosze")
    lower = zloty("cost_per_participant_lower_grosze")
    upper = zloty("cost_per_participant_upper_grosze")
    # over a range of price years: the lowest of the lower ends, the highest of the upper ends
    low_of_low, _ = deflate_over_years(lower.fillna(value), lo_year, hi_year, base_year, cpi)
    _, high_of_high = deflate_over_years(upper.fillna(value), lo_year, hi_year, base_year, cpi)
    ranged = (years["price_year_lower"] != years["price_year_upper"]).fillna(False).astype(bool) & in_table
    point_value = deflate(value, point_year, base_year, cpi)
    has_lower = lower.notna() | qualifier.isin(["exact", "about"]).fillna(False).astype(bool)
    has_upper = upper.notna() | qualifier.isin(["exact", "about"]).fillna(False).astype(bool)
    out["cost_per_participant_real_grosze"] = round_grosze(point_value.where(~ranged))
    out["cost_per_participant_real_lower_grosze"] = round_grosze(
        low_of_low.where(ranged & has_lower, deflate(lower, point_year, base_year, cpi)))
    out["cost_per_participant_real_upper_grosze"] = round_grosze(
        high_of_high.where(ranged & has_upper, deflate(upper, point_year, base_year, cpi)))
    out["cost_per_participant_real_qualifier"] = qualifier.where(~ranged, qualifier.replace(_WIDENED))
    reason = _not_comparable(out, years, in_table)
    real_known = out[["cost_per_participant_real_grosze", "cost_per_participant_real_lower_grosze",
                      "cost_per_participant_real_upper_grosze"]].notna().any(axis=1)
    out.loc[~real_known, "cost_per_participant_real_qualifier"] = pd.NA
    out["real_comparable"] = reason.isna().astype("boolean")
    out["not_comparable_reason"] = reason
    return out
