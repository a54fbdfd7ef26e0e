"""Named steps of the project table, on small frames."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.clean.projects import duration_months


def _period(start: str, end: str, start_precision: str = "day", end_precision: str = "day") -> pd.DataFrame:
    return pd.DataFrame({"start_date": pd.to_datetime([start]).astype("datetime64[s]"),
                         "end_date": pd.to_datetime([end]).astype("datetime64[s]"),
                         "start_date_precision": [start_precision], "end_date_precision": [end_precision]})


def test_a_printed_period_gives_its_months_both_days_included():
    # "Projekt był realizowany od 01.01.2016 do 31.12.2017 r." -> 731 days of 365.25/12: 24.02 months
    assert duration_months(_period("2016-01-01", "2017-12-31")).iloc[0] == pytest.approx(731 / (365.25 / 12), abs=1e-4)


def test_a_reversed_period_or_a_year_only_date_gives_no_duration():
    assert pd.isna(duration_months(_period("2017-12-31", "2016-01-01")).iloc[0])
    # '2007' printed alone: a one-day trip is not a twelve-month project
    assert pd.isna(duration_months(_period("2007-01-01", "2007-12-31", "year", "year")).iloc[0])
