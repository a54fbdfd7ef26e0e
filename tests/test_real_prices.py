"""The one real-price rule: ``make data`` and the reports compute real costs with the same function, so a report in
another base year shows what the pipeline itself computes for that year, bound by bound."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.clean import pipeline
from analysis.clean.prices import add_real_prices, load_cpi
from analysis.core.dictionary import read_processed
from analysis.core.prices import real_figures
from analysis.paths import RAW_DIR
from analysis.report import tables as rt

REAL_COLUMNS = ["total_value_real_pln", "cost_per_participant_real_pln", "cost_per_participant_real_lower_pln",
                "cost_per_participant_real_upper_pln", "cost_per_participant_real_qualifier", "price_base_year"]
CPI = load_cpi(RAW_DIR / "cpi_pl_annual.csv")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[int | None, pd.DataFrame]:
    """The real projects table built by the pipeline in its default base year and in 2015."""
    out = {}
    for base in (None, 2015):
        folder = tmp_path_factory.mktemp(f"processed-{base}")
        pipeline.run(RAW_DIR, folder, base)
        out[base] = read_processed(folder)
    return out


def test_a_report_in_another_base_year_shows_what_the_pipeline_computes_for_it(built):
    default, at_2015 = built[None], built[2015]
    assert rt.default_base_year(default["projects"]) != 2015
    rebased = rt.rebase_real(default["projects"], default["cpi"], 2015)
    assert_frame_equal(rebased[REAL_COLUMNS], at_2015["projects"][REAL_COLUMNS])
    # not vacuous: the two base years give different real costs
    assert not default["projects"]["cost_per_participant_real_pln"].equals(
        at_2015["projects"]["cost_per_participant_real_pln"])


def test_a_report_in_the_data_base_year_recomputes_the_pipeline_columns_exactly(built):
    p = built[None]["projects"]
    rebased = rt.rebase_real(p, built[None]["cpi"], rt.default_base_year(p))
    assert_frame_equal(rebased[REAL_COLUMNS], p[REAL_COLUMNS])


def _pipeline_project(cost_qualifier: str, value: int | None, lower: int | None, upper: int | None) -> pd.DataFrame:
    """One project as the pipeline holds it before its real columns (money in grosze), started 05.2015 in RPO WSL
    2014–2020 with no end date printed (as Katowice's 'Włącz się!')."""
    def g(x: int | None) -> pd.Series:
        return pd.Series([x], dtype="Int64")

    return pd.DataFrame({
        "project_id": ["p"], "programme": ["RPO_WSL_2014_2020"],
        "start_date": pd.Series(pd.to_datetime(["2015-05-01"]), dtype="datetime64[s]"),
        "end_date": pd.Series([pd.NaT], dtype="datetime64[s]"),
        "total_value_grosze": g(78032900), "total_value_lower_grosze": g(78032900),
        "cost_per_participant_grosze": g(value), "cost_per_participant_lower_grosze": g(lower),
        "cost_per_participant_upper_grosze": g(upper), "cost_per_participant_qualifier": [cost_qualifier],
    })


PROGRAMMES = pd.DataFrame({"programme_id": ["RPO_WSL_2014_2020"],
                           "eligible_until": pd.to_datetime(["2023-12-31"])})


def test_an_at_most_cost_without_an_end_date_has_no_real_lower_bound_in_either_stage():
    # "at most 13 005,49 zł" per participant (780 329,00 zł over "min. 60" participants), price years 2015–2019:
    # the real cost is at most the highest real value of 13 005,49 zł over those years, and has no lower end. The
    # report's own copy of the rule once invented one (the deflated value of the upper bound).
    made = add_real_prices(_pipeline_project("at_most", 1300549, None, 1300549), CPI, 2025, PROGRAMMES)
    assert (int(made["price_year_lower"].iloc[0]), int(made["price_year_upper"].iloc[0])) == (2015, 2019)
    assert pd.isna(made["cost_per_participant_real_lower_grosze"].iloc[0])
    pipeline_upper = int(made["cost_per_participant_real_upper_grosze"].iloc[0])
    assert made["cost_per_participant_real_qualifier"].iloc[0] == "at_most"

    report = pd.DataFrame({
        "total_value_pln": [780329.0], "cost_per_participant_pln": [13005.49],
        "cost_per_participant_lower_pln": [np.nan], "cost_per_participant_upper_pln": [13005.49],
        "cost_per_participant_qualifier": ["at_most"], "price_year": pd.array([pd.NA], dtype="Int64"),
        "price_year_lower": pd.array([2015], dtype="Int64"), "price_year_upper": pd.array([2019], dtype="Int64"),
        "price_base_year": pd.array([2025], dtype="Int64"),
    })
    for base in (2025, 2021):
        out = rt.rebase_real(report, CPI, base).iloc[0]
        assert math.isnan(out["cost_per_participant_real_lower_pln"])
        assert out["cost_per_participant_real_qualifier"] == "at_most"
    assert rt.rebase_real(report, CPI, 2025).iloc[0]["cost_per_participant_real_upper_pln"] == pipeline_upper / 100


def test_an_exact_cost_over_a_range_of_price_years_becomes_a_range_from_the_lowest_to_the_highest():
    # prices fell in 2015 and 2016: the extremes over 2015–2019 are not simply the values at the two ends
    years = pd.DataFrame({"price_year": pd.array([pd.NA], dtype="Int64"),
                          "price_year_lower": pd.array([2015], dtype="Int64"),
                          "price_year_upper": pd.array([2019], dtype="Int64")})
    cost = pd.DataFrame({"value": [1000.0], "value_lower": [1000.0], "value_upper": [1000.0],
                         "qualifier": ["exact"]})
    real = real_figures(pd.Series([1000.0]), cost, years, 2019, CPI).iloc[0]
    level = {y: CPI.set_index("year").loc[y + 1:2019, "cpi_prev_year_100"].div(100).prod() for y in range(2015, 2020)}
    assert real["qualifier"] == "range"
    assert math.isnan(real["value"]) and math.isnan(real["total_value_real"])
    assert real["value_lower"] == round(1000 * min(level.values()), 2)
    assert real["value_upper"] == round(1000 * max(level.values()), 2)
