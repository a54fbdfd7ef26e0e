"""The rounding and tolerance rules live in one module (analysis.core.precision) and mean what they say."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.core import precision
from analysis.core.bounds import NONE, Bounded

PACKAGE = Path(precision.__file__).resolve().parents[1]


def test_grosze_round_half_up_even_where_binary_floats_fall_short():
    # 12.345 zł is 1234.4999999… grosze as a float; stated to the grosz it is 12.35 zł
    got = precision.round_grosze(pd.Series([12.345, 0.005, 100.0, 2 / 3, None], dtype="Float64"))
    assert got.tolist()[:4] == [1235, 1, 10000, 67]
    assert pd.isna(got.iloc[4]) and str(got.dtype) == "Int64"


def test_money_in_zloty_is_rounded_to_the_grosz_by_the_grosze_rule_and_nan_stays_nan():
    # 2.675 zł is 2.67499999… as a float: Python's round() gives 2.67, the grosz rule (half up) 2.68
    amounts = [1234.5678, 2.675, 12.345, 0.004, 99.995]
    assert [precision.round_money(x) for x in amounts] == [1234.57, 2.68, 12.35, 0.0, 100.0]
    assert [precision.round_money(x) for x in amounts] == (precision.round_grosze(pd.Series(amounts)) / 100).tolist()
    assert math.isnan(precision.round_money(math.nan))
    series = precision.round_money_series(pd.Series([*amounts, math.nan]))
    assert series.iloc[:-1].tolist() == [1234.57, 2.68, 12.35, 0.0, 100.0] and math.isnan(series.iloc[-1])
    assert series.dtype == "float64"


def test_shares_keep_six_decimals():
    assert precision.round_share(pd.Series([2 / 3])).iloc[0] == 0.666667


@pytest.mark.parametrize(("share", "within"), [
    (0.85, True),
    (85_000_01 / 100_000_00, True),  # 85 000,01 zł of 100 000,00 zł: over 85% by one grosz, i.e. by rounding
    (0.8501, False),  # a tenth of a percentage point over the cap is a real excess
    (0.5, True),
])
def test_a_share_may_exceed_its_cap_by_rounding_only(share, within):
    assert bool(precision.share_within_cap(pd.Series([share]), pd.Series([0.85])).iloc[0]) is within


@pytest.mark.parametrize(("share", "at_cap"), [(0.85, True), (0.84999, True), (0.849, False), (0.86, True)])
def test_a_share_at_its_cap_up_to_rounding(share, at_cap):
    assert bool(precision.share_at_cap(pd.Series([share]), pd.Series([0.85])).iloc[0]) is at_cap


def _code_lines() -> list[tuple[str, str]]:
    lines = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "precision.py" or "dev" in path.parts:  # the synthetic generator rounds its own inputs
            continue
        lines += [(f"{path.name}:{i}", line) for i, line in enumerate(path.read_text().splitlines(), 1)]
    return lines


def test_rounding_of_money_and_shares_and_the_share_tolerance_have_one_place():
    money_or_share_rounding = re.compile(r"round\((?:[^()]|\([^()]*\))*,\s*(?:2|6)\)|\.round\((?:2|6)\)")
    tolerance = re.compile(r"\b(?:0\.0005|5e-5|0\.00005|SHARE_TOLERANCE\s*=|GROSZ_TOLERANCE\s*=)")
    offending = [where for where, line in _code_lines()
                 if money_or_share_rounding.search(line) or tolerance.search(line)]
    assert offending == []


def test_a_bounded_figure_unpacks_like_the_columns_it_replaces():
    value, lower, upper, qualifier = Bounded.exact(60.0)
    assert (value, lower, upper, qualifier) == (60.0, 60.0, 60.0, "exact")
    scaled = Bounded(math.nan, 10.0, 20.0, "range").scaled(2.0)
    assert scaled[1:] == (20.0, 40.0, "range") and math.isnan(scaled.value)
    assert NONE.qualifier is None and all(math.isnan(x) for x in NONE[:3])
