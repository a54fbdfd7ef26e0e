"""Every partial fact yields a bound, and only metrics the documents support (issue 11 §1–2), on the real data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.clean.pipeline import build, load_raw
from analysis.core import vocabulary as v
from analysis.core.bounds import Bounded, ends, figure_frame
from analysis.core.vocabulary import QUALIFIERS
from analysis.paths import RAW_DIR


@pytest.fixture(scope="module")
def projects() -> pd.DataFrame:
    return build(load_raw(RAW_DIR)).tables["projects.csv"].set_index("project_id")


def test_an_event_dated_by_a_year_only_has_no_duration_and_no_cost_per_month(projects):
    # slide 25: "Turystyczne wojaże po Polsce – wycieczka do Trójmiasta", dated '2007' only: a one-day trip,
    # not a twelve-month project
    trip = projects.loc["wiecbork-pfron-2007-wycieczka"]
    assert trip["start_date_precision"] == "year"
    assert pd.isna(trip["duration_months"]) and pd.isna(trip["cost_per_participant_month_grosze"])
    year_only = projects[(projects["start_date_precision"] == "year") | (projects["end_date_precision"] == "year")]
    assert len(year_only) and year_only["duration_months"].isna().all()


def test_a_printed_period_keeps_its_duration(projects):
    # "Projekt był realizowany od 01.01.2016 do 31.12.2017 r." -> 24 months
    assert projects.loc["knurow-nowy-start", "duration_months"] == pytest.approx(24.0, abs=0.05)


def test_no_eu_share_is_inferred_where_the_total_is_not_printed(projects):
    # swojacy.pl: "Wartość otrzymanej dotacji ze środków MPiPS wynosi blisko 22 000 zł", no total printed
    assert pd.isna(projects.loc["wiecbork-swojacy-pl", "eu_share"])
    # a PFRON event with a printed total holds no EU money: 0 is a fact there
    assert projects.loc["wiecbork-pfron-2007-piknik", "eu_share"] == 0


def test_an_about_part_gives_no_lower_bound_of_the_total(projects):
    # "blisko 22 000 zł" is near 22 000 on either side: no bound
    sw = projects.loc["wiecbork-swojacy-pl"]
    assert pd.isna(sw["total_value_lower_grosze"]) and pd.isna(sw["total_value_basis"])


def test_reasons_are_codes_of_the_vocabulary(projects):
    reasons = projects["not_comparable_reason"].dropna()
    assert len(reasons) and set(reasons) <= set(v.NOT_COMPARABLE_REASONS)
    assert (projects["real_comparable"] == projects["not_comparable_reason"].isna()).all()


@pytest.mark.parametrize("qualifier", [*QUALIFIERS, "unquantified", None])
def test_the_frame_form_of_a_figure_gives_the_ends_the_scalar_form_gives(qualifier):
    """bounds.ends (one figure) and bounds.figure_frame (a column of them) are two forms of one rule: they must
    agree for every qualifier, with and without the bound columns filled."""
    for value, lower, upper in [(60.0, None, None), (60.0, 60.0, 70.0), (None, 10.0, 20.0)]:
        one = ends(value, lower, upper, qualifier)
        frame = figure_frame(pd.Series([value], dtype="float64"), pd.Series([lower], dtype="float64"),
                             pd.Series([upper], dtype="float64"), pd.Series([qualifier], dtype="object")).iloc[0]
        got = Bounded(float(frame["value"]), float(frame["value_lower"]), float(frame["value_upper"]),
                      None if pd.isna(frame["qualifier"]) else frame["qualifier"])
        assert got.qualifier == one.qualifier
        for a, b in zip(got[:3], one[:3], strict=True):
            assert (math.isnan(a) and math.isnan(b)) or a == b, (qualifier, value, lower, upper, got, one)
