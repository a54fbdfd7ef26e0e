"""Constant prices: złoty amounts of different years in the prices of one base year — the one rule both stages use.

The deflator is Poland's annual average consumer price index (GUS, previous year = 100), transcribed with its source
in ``data/raw/cpi_pl_annual.csv``. The price level of year ``Y`` relative to base year ``B`` is

* ``Π_{k=B+1..Y} cpi_k / 100`` for ``Y > B``,
* ``1 / Π_{k=Y+1..B} cpi_k / 100`` for ``Y < B``,
* ``1.0`` for ``Y == B``,

and an amount of year ``Y`` in prices of ``B`` is ``amount / level(Y)`` (``level(B) == 1``). So a 2007 amount in 2021
prices is the amount times ``Π_{k=2008..2021} cpi_k / 100``.

:func:`real_figures` is the one real-price function: ``make data`` calls it for the processed table's real columns
(in the latest year of the CPI table) and the reports call it for any other base year, so the two can never
disagree. Every function here is pure. Problems with the CPI table, a base year or a price year raise
:class:`~analysis.core.errors.DataError` listing every problem at once; nothing is guessed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.errors import DataError, Problem, raise_if
from analysis.core.precision import round_figure_grosze, round_money_series
from analysis.core.vocabulary import POINT_QUALIFIERS, WIDENED_QUALIFIERS

CPI_COLUMNS: tuple[str, ...] = ("year", "cpi_prev_year_100", "source")
"""Columns of ``cpi_pl_annual.csv``, in order."""

CPI_DOMAIN: tuple[float, float] = (80.0, 130.0)
"""Plausible range of an annual index (previous year = 100); Poland 1997–2025 stays within it (max 114.4 in 2022)."""

_CPI_TABLE = "cpi"  # table name used in problems about a CPI frame not read from a file


# --- the CPI table ----------------------------------------------------------------------------------------------


def year_sequence_problems(table: str, year: pd.Series, lines: pd.Series | None) -> list[Problem]:
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
    problems += year_sequence_problems(_CPI_TABLE, whole, None if lines is None else lines.astype("int64"))
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


# --- real prices ------------------------------------------------------------------------------------------------


def price_year_range(start: pd.Series, end: pd.Series, eligible_until: pd.Series,
                     year_span: pd.Series | None = None) -> pd.DataFrame:
    """Earliest and latest price year of each project, and how they were found (a code).

    With a printed period both are the year of its mid-point (:func:`price_year_from_period`, basis
    ``period_midpoint``). With a start but no end date printed, the project ended at the earliest on its start and
    at the latest on the last day its programme's expenditure is eligible (``eligible_until``), so its mid-point
    lies between the start and the mid-point of start and ``eligible_until`` (basis ``eligibility_window``):
    Katowice 'Włącz się!', started 05.2015 in RPO WSL 2014–2020 (eligible until 31.12.2023), has price years
    2015–2019. Without a start date nothing is bounded. All Series share one index.

    ``year_span`` (True where a period is printed as several years only, '2008 – 2013') gives such a period every
    year of its span (basis ``year_span``): one sum for several yearly editions was spent over all of them, and
    the split by year is not printed, so no one mid-year stands for it.
    """
    point = price_year_from_period(start, end)
    if year_span is not None:
        span = year_span.reindex(start.index).fillna(False).astype(bool) & point.notna()
        point = point.mask(span)
    else:
        span = pd.Series(False, index=start.index)
    open_end = start.notna() & end.isna() & eligible_until.notna() & (eligible_until >= start).fillna(False)
    latest = price_year_from_period(start.where(open_end), eligible_until.where(open_end).astype(start.dtype))
    lower = point.fillna(start.dt.year.astype("Int64").where(open_end | span))
    upper = point.fillna(latest).fillna(end.dt.year.astype("Int64").where(span))
    basis = pd.Series(pd.NA, index=start.index, dtype="str")
    basis = basis.mask(point.notna(), "period_midpoint").mask(point.isna() & open_end, "eligibility_window")
    basis = basis.mask(span, "year_span")
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


def real_bounded(figure: pd.DataFrame, years: pd.DataFrame, base_year: int, cpi: pd.DataFrame) -> pd.DataFrame:
    """Bounded amounts in prices of ``base_year``, rounded to the grosz with bounds outwards.

    ``figure``: the four figure columns ``value``, ``value_lower``, ``value_upper`` (złoty) and ``qualifier``;
    ``years``: ``price_year_lower`` and ``price_year_upper`` (equal where one price year is known) and optionally
    ``price_year`` (the one price year, where known); all on one index.

    With one price year every amount is deflated from it. Over a range of price years the real figure runs from
    the lowest real value of its lower end to the highest of its upper end over every year of the range (prices
    fell in some years, so the ends of the range of years are not enough), a point becomes a range (``exact`` ->
    ``range``, ``about`` -> ``about_range``) and a one-sided bound keeps its one side only (an "at most" amount
    gets no real lower end). A price year outside the CPI table gives no real figure.

    >>> cpi = pd.DataFrame({"year": [2015, 2016, 2017], "cpi_prev_year_100": [99.1, 99.4, 102.0]})
    >>> one = pd.DataFrame({"value": [1000.0], "value_lower": [1000.0], "value_upper": [1000.0],
    ...                     "qualifier": ["exact"]})
    >>> real_bounded(one, pd.DataFrame({"price_year_lower": [2015], "price_year_upper": [2016]}), 2017, cpi)
       value  value_lower  value_upper qualifier
    0    NaN      1013.88       1020.0     range
    """
    first, last = int(cpi["year"].min()), int(cpi["year"].max())
    lo_year_all = years["price_year_lower"].astype("Float64")
    hi_year_all = years["price_year_upper"].astype("Float64")
    in_table = (lo_year_all.between(first, last) & hi_year_all.between(first, last)).fillna(False).astype(bool)
    lo_year, hi_year = lo_year_all.where(in_table), hi_year_all.where(in_table)
    ranged = (lo_year_all != hi_year_all).fillna(False).astype(bool) & in_table
    # the one price year: the table's own where it has one (a project's price_year), else the equal ends
    point_year = (years["price_year"].astype("Float64").where(in_table) if "price_year" in years
                  else lo_year.where(~ranged))
    qualifier = figure["qualifier"]
    value, lower, upper = (figure[c].astype("Float64").astype("float64") for c in ("value", "value_lower",
                                                                                 "value_upper"))
    # over a range of price years: the lowest of the lower ends, the highest of the upper ends; a point's own
    # value is both its ends, a one-sided bound has only its own
    point = qualifier.isin(POINT_QUALIFIERS).fillna(False).astype(bool)
    has_lower, has_upper = lower.notna() | point, upper.notna() | point
    low_of_low, _ = deflate_over_years(lower.fillna(value), lo_year, hi_year, base_year, cpi)
    _, high_of_high = deflate_over_years(upper.fillna(value), lo_year, hi_year, base_year, cpi)
    out = pd.DataFrame(index=figure.index)
    out["value"] = deflate(value, point_year, base_year, cpi).where(~ranged)
    out["value_lower"] = low_of_low.where(ranged & has_lower, deflate(lower, point_year, base_year, cpi))
    out["value_upper"] = high_of_high.where(ranged & has_upper, deflate(upper, point_year, base_year, cpi))
    out["qualifier"] = qualifier.where(~ranged, qualifier.replace(WIDENED_QUALIFIERS))
    # to the grosz: a bound outwards, never past itself (precision.round_figure_grosze)
    grosze = round_figure_grosze(out["value"], out["value_lower"], out["value_upper"], out["qualifier"])
    for column, g in zip(("value", "value_lower", "value_upper"), grosze, strict=True):
        out[column] = (g.astype("Float64") / 100).astype("float64")
    known = out[["value", "value_lower", "value_upper"]].notna().any(axis=1)
    out["qualifier"] = out["qualifier"].where(known)
    return out


def real_figures(total_pln: pd.Series, cost: pd.DataFrame, years: pd.DataFrame, base_year: int,
                 cpi: pd.DataFrame) -> pd.DataFrame:
    """The real (constant-price) figures of each project in prices of ``base_year``, rounded to the grosz.

    ``total_pln``: the total value in złoty; ``cost``: the cost per participant as ``value``, ``value_lower``,
    ``value_upper`` (złoty) and ``qualifier``; ``years``: ``price_year``, ``price_year_lower``,
    ``price_year_upper`` (a range where no end date is printed). All share one index.

    The cost is :func:`real_bounded`; the total value is deflated from its one price year and gets no single real
    figure over a range of price years. Returns ``total_value_real``, ``value``, ``value_lower``, ``value_upper``
    (float64 złoty, NaN where none) and ``qualifier`` (NA where none).
    """
    first, last = int(cpi["year"].min()), int(cpi["year"].max())
    in_table = (years["price_year_lower"].between(first, last) & years["price_year_upper"].between(first, last))
    point_year = years["price_year"].where(in_table.fillna(False).astype(bool)).astype("Float64")
    out = pd.DataFrame(index=total_pln.index)
    out["total_value_real"] = round_money_series(
        deflate(total_pln.astype("Float64").astype("float64"), point_year, base_year, cpi))
    return out.join(real_bounded(cost, years, base_year, cpi))


__all__ = ["CPI_COLUMNS", "CPI_DOMAIN", "price_level", "latest_complete_year", "deflate", "deflate_over_years",
           "price_year_from_period", "price_year_range", "real_bounded", "real_figures", "year_sequence_problems"]
