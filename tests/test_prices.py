"""Tests of constant prices (analysis.clean.prices)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.clean.prices import load_cpi
from analysis.core.errors import DataError
from analysis.core.prices import (
    deflate,
    latest_complete_year,
    price_level,
    price_year_from_period,
)

CPI_CSV = Path(__file__).resolve().parents[1] / "data" / "raw" / "cpi_pl_annual.csv"
HEADER = "year,cpi_prev_year_100,source\n"


@pytest.fixture(scope="module")
def cpi() -> pd.DataFrame:
    return load_cpi(CPI_CSV)


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "cpi.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def _small_cpi(indices: list[float], first_year: int = 2000) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": range(first_year, first_year + len(indices)),
            "cpi_prev_year_100": indices,
            "source": "test",
        }
    )


# --- the acceptance test --------------------------------------------------------------------------------


def test_2007_amount_in_2021_prices_is_amount_times_chained_cpi_2008_to_2021(cpi: pd.DataFrame) -> None:
    # data/raw/cpi_pl_annual.csv, GUS, previous year = 100:
    # 2008 104.2, 2009 103.5, 2010 102.6, 2011 104.3, 2012 103.7, 2013 100.9, 2014 100.0,
    # 2015 99.1, 2016 99.4, 2017 102.0, 2018 101.6, 2019 102.3, 2020 103.4, 2021 105.1
    with CPI_CSV.open(encoding="utf-8", newline="") as f:
        rows = {int(r["year"]): r["cpi_prev_year_100"] for r in csv.DictReader(f)}
    quoted = ["104.2", "103.5", "102.6", "104.3", "103.7", "100.9", "100.0",
              "99.1", "99.4", "102.0", "101.6", "102.3", "103.4", "105.1"]
    assert [rows[y] for y in range(2008, 2022)] == quoted
    expected_factor = math.prod(float(rows[y]) / 100 for y in range(2008, 2022))

    amount = pd.Series([1_000_000.0, 123_456.78], index=["a", "b"])
    got = deflate(amount, pd.Series([2007, 2007], index=["a", "b"]), 2021, cpi)

    assert got["a"] == pytest.approx(1_000_000.0 * expected_factor, rel=1e-12)
    assert got["b"] == pytest.approx(123_456.78 * expected_factor, rel=1e-12)
    assert list(got.index) == ["a", "b"]


def test_base_year_equal_to_price_year_leaves_amount_unchanged(cpi: pd.DataFrame) -> None:
    years = pd.Series([2007, 2014, 2021], dtype="Int64")
    amount = pd.Series([10.0, 2_500.5, 7.25])
    for i, year in enumerate(years):
        got = deflate(amount.iloc[[i]], years.iloc[[i]], int(year), cpi)
        assert got.iloc[0] == amount.iloc[i]


# --- load_cpi ---------------------------------------------------------------------------------------------------


def test_load_cpi_reads_the_transcribed_table(cpi: pd.DataFrame) -> None:
    assert cpi["year"].is_monotonic_increasing
    assert (cpi["year"].diff().dropna() == 1).all()
    row = cpi.set_index("year").loc[2007]
    assert row["cpi_prev_year_100"] == 102.5
    assert row["source"].startswith("GUS")
    assert row["line"] == 4
    assert {2007, 2021} <= set(cpi["year"])


def test_load_cpi_accepts_a_decimal_comma(tmp_path: Path) -> None:
    path = _write(tmp_path, '2007,"102,5",GUS\n2008,104.2,GUS\n')
    cpi = load_cpi(path)
    assert cpi["cpi_prev_year_100"].tolist() == [102.5, 104.2]


def test_load_cpi_reports_a_gap_with_line_and_value(tmp_path: Path) -> None:
    path = _write(tmp_path, "2007,102.5,GUS\n2008,104.2,GUS\n2011,104.3,GUS\n")
    with pytest.raises(DataError) as err:
        load_cpi(path)
    [p] = err.value.problems
    assert (p.table, p.line, p.column, p.value) == ("cpi.csv", 4, "year", "2011")
    assert "2009–2010" in p.expected
    assert "cpi.csv:4" in str(err.value)


def test_load_cpi_reports_a_duplicate_year(tmp_path: Path) -> None:
    path = _write(tmp_path, "2007,102.5,GUS\n2008,104.2,GUS\n2008,104.2,GUS\n2009,103.5,GUS\n")
    with pytest.raises(DataError) as err:
        load_cpi(path)
    [p] = err.value.problems
    assert (p.line, p.column, p.value) == (4, "year", "2008")
    assert "line 3" in p.expected


def test_load_cpi_reports_a_non_numeric_value(tmp_path: Path) -> None:
    path = _write(tmp_path, "2007,102.5,GUS\n2008,n/a,GUS\n2009,103.5,GUS\n")
    with pytest.raises(DataError) as err:
        load_cpi(path)
    [p] = err.value.problems
    assert (p.line, p.column, p.value) == (3, "cpi_prev_year_100", "n/a")
    assert "cpi.csv:3 column 'cpi_prev_year_100': found 'n/a'" in str(err.value)


def test_load_cpi_lists_every_problem_at_once(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "2007,102.5,GUS\n"
        "2008,10.5,GUS\n"  # line 3: outside 80..130 (a slip for 104.2?)
        "2009,-103.5,GUS\n"  # line 4: negative
        "2010,1e2,GUS\n"  # line 5: not a plain decimal
        "20x1,104.3,GUS\n"  # line 6: not a year
        "2012,103.7,\n",  # line 7: no source; 2011 missing because line 6 is unreadable
    )
    with pytest.raises(DataError) as err:
        load_cpi(path)
    found = {(p.line, p.column, p.value) for p in err.value.problems}
    assert found == {
        (3, "cpi_prev_year_100", "10.5"),
        (4, "cpi_prev_year_100", "-103.5"),
        (5, "cpi_prev_year_100", "1e2"),
        (6, "year", "20x1"),
        (7, "source", ""),
        (7, "year", "2012"),
    }


def test_load_cpi_counts_physical_lines_across_quoted_line_breaks(tmp_path: Path) -> None:
    path = _write(tmp_path, '2007,102.5,"GUS,\nsecond line"\n2008,abc,GUS\n')
    with pytest.raises(DataError) as err:
        load_cpi(path)
    [p] = err.value.problems
    assert (p.line, p.value) == (4, "abc")


# --- price_level ------------------------------------------------------------------------------------------------


def test_price_level_chains_forward_and_backward() -> None:
    cpi = _small_cpi([110.0, 120.0, 125.0, 80.0])  # 2000..2003
    level = price_level(cpi, 2001)
    assert level.index.tolist() == [2000, 2001, 2002, 2003]
    assert level[2001] == 1.0
    assert level[2002] == pytest.approx(1.25, rel=1e-15)
    assert level[2003] == pytest.approx(1.25 * 0.8, rel=1e-15)
    assert level[2000] == pytest.approx(1 / 1.2, rel=1e-15)  # 2000's own index (110) is never used for base 2001


def test_price_level_rejects_a_base_year_outside_the_table(cpi: pd.DataFrame) -> None:
    with pytest.raises(DataError) as err:
        price_level(cpi, 1990)
    assert err.value.problems[0].value == "1990"


@given(st.lists(st.floats(min_value=100.01, max_value=130.0), min_size=2, max_size=20), st.data())
def test_price_level_is_increasing_where_every_index_exceeds_100(indices: list[float], data) -> None:
    cpi = _small_cpi(indices)
    base = data.draw(st.integers(min_value=2000, max_value=2000 + len(indices) - 1))
    level = price_level(cpi, base)
    assert level.is_monotonic_increasing
    assert (level.diff().dropna() > 0).all()
    assert level[base] == 1.0


# --- deflate ----------------------------------------------------------------------------------------------------

_YEARS = st.integers(min_value=2005, max_value=2025)


_CPI = load_cpi(CPI_CSV)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), min_size=1, max_size=10),
    _YEARS,
    _YEARS,
)
def test_to_base_and_back_is_the_identity(amounts: list[float], price_year: int, base: int) -> None:
    amount = pd.Series(amounts, index=[f"p{i}" for i in range(len(amounts))])
    years = pd.Series(price_year, index=amount.index, dtype="Int64")
    in_base = deflate(amount, years, base, _CPI)
    back = deflate(in_base, pd.Series(base, index=amount.index, dtype="Int64"), price_year, _CPI)
    assert back.index.equals(amount.index)
    assert back.tolist() == pytest.approx(amounts, rel=1e-12, abs=1e-12)


def test_deflate_is_nan_where_amount_or_price_year_is_missing(cpi: pd.DataFrame) -> None:
    amount = pd.Series([100.0, None, 100.0, 100.0], dtype="Float64")
    price_year = pd.Series([2021, 2010, None, 2020], dtype="Int64")
    got = deflate(amount, price_year, 2021, cpi)
    assert got.dtype == "float64"
    assert got[0] == 100.0
    assert math.isnan(got[1]) and math.isnan(got[2])
    assert got[3] == pytest.approx(105.1, rel=1e-12)


def test_deflate_rejects_price_years_and_base_years_outside_the_table(cpi: pd.DataFrame) -> None:
    amount = pd.Series([1.0, 2.0, 3.0])
    with pytest.raises(DataError) as err:
        deflate(amount, pd.Series([2004, 2021, 2030]), 2021, cpi)
    assert sorted(p.value for p in err.value.problems) == ["2004", "2030"]
    with pytest.raises(DataError) as err:
        deflate(amount, pd.Series([2007, 2008, 2009]), 2040, cpi)
    assert [p.value for p in err.value.problems] == ["2040"]


def test_latest_complete_year_is_the_last_year_of_the_table(cpi: pd.DataFrame) -> None:
    assert latest_complete_year(cpi) == int(cpi["year"].max())
    assert latest_complete_year(_small_cpi([101.0, 102.0], first_year=2019)) == 2020


# --- price year of a period -------------------------------------------------------------------------------------


def test_price_year_is_the_year_of_the_period_mid_point() -> None:
    start = pd.to_datetime(pd.Series(["2016-01-01", "2020-03-01", "2008-01-01", "2007-06-11", "2010-01-01"]))
    end = pd.to_datetime(pd.Series(["2017-12-31", "2021-09-28", "2013-12-31", "2007-11-30", None]))
    mid = start + (end - start) / 2
    # the true mid-points under start + (end - start) / 2
    assert mid[0] == pd.Timestamp("2016-12-31 00:00")  # 730 days / 2 = 365 days after 2016-01-01 (leap year)
    assert mid[1] == pd.Timestamp("2020-12-14 00:00")  # 576 days / 2 = 288
    assert mid[2] == pd.Timestamp("2010-12-31 12:00")  # 2191 days / 2 = 1095.5
    got = price_year_from_period(start, end)
    assert got.dtype == "Int64"
    assert got.iloc[:4].tolist() == [2016, 2020, 2010, 2007]
    assert got.isna().tolist() == [False, False, False, False, True]


def test_price_year_is_missing_when_start_is_missing() -> None:
    start = pd.Series([pd.NaT, pd.Timestamp("2019-01-01")])
    end = pd.Series([pd.Timestamp("2019-12-31"), pd.Timestamp("2019-12-31")])
    assert price_year_from_period(start, end).tolist() == [pd.NA, 2019]


def test_price_year_rejects_a_period_ending_before_it_starts() -> None:
    start = pd.Series(pd.to_datetime(["2019-01-01"]))
    end = pd.Series(pd.to_datetime(["2018-12-31"]))
    with pytest.raises(DataError):
        price_year_from_period(start, end)


# --- every partial fact yields a bound: a missing end date bounds the price year (issue 11) ----------------------

from analysis.core.prices import deflate_over_years, price_year_range  # noqa: E402


def _dates(*texts: str | None) -> pd.Series:
    return pd.Series(pd.to_datetime(list(texts)), dtype="datetime64[s]")


def test_no_end_date_gives_a_range_of_price_years_bounded_by_the_eligibility_window() -> None:
    # Katowice 'Włącz się!': started 05.2015, no end printed; RPO WSL 2014–2020 expenditure is eligible until
    # 31.12.2023 (Regulation 1303/2013 Art. 65(2)): mid-point at the earliest 2015, at the latest 2019-08-31
    out = price_year_range(_dates("2015-05-01"), _dates(None), _dates("2023-12-31"))
    row = out.iloc[0]
    assert pd.isna(row["price_year"])
    assert (row["price_year_lower"], row["price_year_upper"]) == (2015, 2019)
    assert row["price_year_basis"] == "eligibility_window"


def test_a_printed_period_gives_one_price_year_and_no_window_is_used() -> None:
    out = price_year_range(_dates("2016-01-01"), _dates("2017-12-31"), _dates("2023-12-31"))
    assert tuple(out.iloc[0][["price_year", "price_year_lower", "price_year_upper"]]) == (2016, 2016, 2016)
    assert out.iloc[0]["price_year_basis"] == "period_midpoint"


def test_without_a_start_or_a_window_nothing_is_bounded() -> None:
    out = price_year_range(_dates(None, "2015-05-01"), _dates(None, None), _dates("2023-12-31", None))
    assert out[["price_year", "price_year_lower", "price_year_upper", "price_year_basis"]].isna().all().all()


def test_deflating_over_a_range_of_years_takes_the_extremes_not_the_ends() -> None:
    # prices fell in year 2001 and rose after: over 2000..2002 the extremes are not at the two ends
    cpi = _small_cpi([100.0, 90.0, 105.0, 100.0])  # 2000..2003, base 2003
    low, high = deflate_over_years(pd.Series([100.0]), pd.Series([2000]), pd.Series([2002]), 2003, cpi)
    by_year = [float(deflate(pd.Series([100.0]), pd.Series([y]), 2003, cpi).iloc[0]) for y in (2000, 2001, 2002)]
    assert low.iloc[0] == pytest.approx(min(by_year)) and high.iloc[0] == pytest.approx(max(by_year))
    assert min(by_year) != by_year[0] or max(by_year) != by_year[-1]
