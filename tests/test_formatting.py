"""Formatting of money, counts, shares and qualified figures; cases are figures printed in the source documents."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.clean.parsing import QUALIFIERS, Where, parse_quantities
from analysis.report.formatting import (
    format_bounded,
    format_count,
    format_money,
    format_share,
    money_axis_formatter,
    share_axis_formatter,
)
from analysis.report.labels import LABELS, label

NB = "\u00a0"  # no-break space: between digit groups and before/after units and signs


# --- money --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("amount", "lang", "decimals", "expected"),
    [
        (4_800_000, "pl", 2, f"4{NB}800{NB}000,00{NB}zł"),  # slaskie-wlacz-sie: 'Wartość projektu: 4 800 000,00 zł'
        (4_800_000, "pl", 0, f"4{NB}800{NB}000{NB}zł"),
        (4_800_000, "en", 0, f"PLN{NB}4,800,000"),
        (4_800_000, "en", 2, f"PLN{NB}4,800,000.00"),
        (780_329, "pl", 2, f"780{NB}329,00{NB}zł"),  # dabrowa-integra budget 2014–2015
        (6_000, "pl", 0, f"6{NB}000{NB}zł"),  # house style: grouped from 1000 (CLDR pl would print '6000')
        (6_000, "en", 0, f"PLN{NB}6,000"),
        (999, "pl", 0, f"999{NB}zł"),
        (168_988.11, "pl", 2, f"168{NB}988,11{NB}zł"),
        (0, "pl", 2, f"0,00{NB}zł"),
        (-6_000, "pl", 0, f"-6{NB}000{NB}zł"),
        (-6_000, "en", 0, f"PLN{NB}-6,000"),
        (-0.4, "pl", 0, f"0{NB}zł"),  # never '-0'
        (0.125, "pl", 2, f"0,13{NB}zł"),  # half up on the decimal as written, not half even / binary
        (2.5, "en", 0, f"PLN{NB}3"),
        (780_329 / 60, "pl", 2, f"13{NB}005,48{NB}zł"),
    ],
)
def test_format_money(amount, lang, decimals, expected):
    assert format_money(amount, lang, decimals) == expected


@pytest.mark.parametrize("missing", [None, math.nan, np.nan, pd.NA, np.float64("nan")])
@pytest.mark.parametrize("lang", ["en", "pl"])
def test_missing_prints_an_em_dash(missing, lang):
    assert format_money(missing, lang) == "—"
    assert format_count(missing, lang) == "—"
    assert format_share(missing, lang) == "—"


def test_numpy_and_pandas_scalars():
    assert format_money(np.float64(4_800_000.0), "pl") == f"4{NB}800{NB}000{NB}zł"
    assert format_count(np.int64(1234), "en") == "1,234"


def test_non_finite_fails_loudly():
    with pytest.raises(ValueError, match="non-finite"):
        format_money(math.inf, "pl")


def test_unknown_language():
    with pytest.raises(KeyError, match="unknown language 'de'"):
        format_money(1, "de")


# --- counts and shares --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("x", "lang", "expected"),
    [(60, "pl", "60"), (1234, "pl", f"1{NB}234"), (1234, "en", "1,234"), (106.0, "en", "106"), (0, "pl", "0")],
)
def test_format_count(x, lang, expected):
    assert format_count(x, lang) == expected


@pytest.mark.parametrize(
    ("x", "lang", "decimals", "expected"),
    [
        (0.85, "pl", 1, "85,0%"),  # EU share of RPO WSL projects
        (0.85, "en", 1, "85.0%"),
        (0.269, "pl", 1, "26,9%"),
        (0.6, "pl", 0, "60%"),  # PFRON co-financing cap
        (0.53, "en", 0, "53%"),
        (1.0, "pl", 1, "100,0%"),
        (0.0005, "pl", 1, "0,1%"),  # half up on 0.05 exactly: scaling is decimal, not binary
        (12.5, "en", 0, "1,250%"),  # grouped like any number (a ratio, not a share, but must not break)
    ],
)
def test_format_share(x, lang, decimals, expected):
    assert format_share(x, lang, decimals) == expected


# --- qualified figures --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "lower", "upper", "qualifier", "lang", "kind", "expected"),
    [
        # dabrowa-integra: 780 329 zł for 60 participants, stated as a ceiling per person
        # an upper bound of 13 005,49 zł shown without grosze rounds up: '≤ 13 005' would claim more than printed
        (None, None, 780_329 / 60, "at_most", "pl", "money", f"≤{NB}13{NB}006{NB}zł"),
        (None, None, 780_329 / 60, "at_most", "en", "money", f"≤{NB}PLN{NB}13,006"),
        (None, 937.5, None, "at_least", "pl", "money", f"≥{NB}937{NB}zł"),  # 15 000 zł / 16: never '≥ 938'
        (None, 0.12634, None, "at_least", "en", "share", "≥\u00a012.6%"),
        (None, 8503.6, 9015.2, "range", "pl", "money", f"8{NB}503–9{NB}016{NB}zł"),  # a range widens outwards
        (None, 6_000, 12_000, "range", "pl", "money", f"6{NB}000–12{NB}000{NB}zł"),
        (None, 6_000, 12_000, "range", "en", "money", f"PLN{NB}6,000–12,000"),
        # wiecbork: 'Wartość otrzymanej dotacji ze środków MPiPS wynosi blisko 22 000 zł'
        (22_000, None, None, "about", "pl", "money", f"≈{NB}22{NB}000{NB}zł"),
        # wiecbork PEAD 2007: 'ponad 46 000 zł'
        (46_000, 46_000, None, "more_than", "pl", "money", f">{NB}46{NB}000{NB}zł"),
        (60, 60, None, "at_least", "pl", "count", f"≥{NB}60"),  # 'min. 60'
        (None, 60, None, "at_least", "en", "count", f"≥{NB}60"),  # bound only
        (None, None, 5, "less_than", "pl", "count", f"<{NB}5"),
        (None, 3, 4, "about_range", "pl", "count", f"≈{NB}3–4"),
        (None, 5, 10, "range", "en", "count", "5–10"),
        (4_800_000, 4_800_000, 4_800_000, "exact", "pl", "money", f"4{NB}800{NB}000{NB}zł"),
        (0.85, 0.85, 0.85, "exact", "pl", "share", "85,0%"),
        (0.4, None, None, "about", "en", "share", f"≈{NB}40.0%"),
        (None, 0.1, 0.2, "range", "pl", "share", "10,0–20,0%"),  # unit once, at the end
        # missing pieces print the dash, never half a figure
        (None, None, None, "exact", "pl", "money", "—"),
        (None, 6_000, None, "range", "pl", "money", "—"),
        (None, None, None, "at_most", "pl", "money", "—"),
        (1, 1, 1, None, "pl", "money", "—"),
        (1, 1, 1, np.nan, "pl", "money", "—"),
    ],
)
def test_format_bounded(value, lower, upper, qualifier, lang, kind, expected):
    assert format_bounded(value, lower, upper, qualifier, lang, kind) == expected


def test_format_bounded_decimals():
    assert format_bounded(None, 6_000, 12_000, "range", "pl", "money", decimals=2) == (
        f"6{NB}000,00–12{NB}000,00{NB}zł"
    )


def test_format_bounded_rejects_unknown_qualifier_and_kind():
    with pytest.raises(ValueError, match="unknown qualifier 'roughly'"):
        format_bounded(1, None, None, "roughly", "en", "money")
    with pytest.raises(ValueError, match="unknown kind 'euro'"):
        format_bounded(1, None, None, "exact", "en", "euro")  # type: ignore[arg-type]


# --- qualifier words and labels -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("qualifier", "en", "pl"),
    [
        ("at_least", "at least", "co najmniej"),
        ("more_than", "more than", "ponad"),
        ("about", "about", "około"),
        ("at_most", "at most", "co najwyżej"),
        ("less_than", "less than", "mniej niż"),
        ("range", "range", "przedział"),
        ("exact", "exact", "dokładnie"),
    ],
)
def test_qualifier_labels(qualifier, en, pl):
    assert label(qualifier, "en") == en
    assert label(qualifier, "pl") == pl


def test_every_qualifier_has_labels():
    assert {label(q, lang) for q in QUALIFIERS for lang in ("en", "pl")}


@pytest.mark.parametrize("qualifier", ["at_least", "more_than", "about", "at_most", "less_than"])
def test_polish_qualifier_words_are_the_parsers(qualifier):
    """A Polish qualifier label put before a formatted amount reads back as the same qualifier."""
    text = f"{label(qualifier, 'pl')} {format_money(22_000, 'pl', 2)}"
    parsed = parse_quantities(pd.Series([text]), kind="money", where=Where("test", "amount"))
    assert parsed["qualifier"].iloc[0] == qualifier


def test_labels():
    # programme names are data (data/processed/programmes.csv name_en / name_pl), not labels
    assert "RPO_WSL_2014_2020" not in LABELS and "PFRON" not in LABELS
    assert label("cost_per_participant_real", "pl", year=2024) == "koszt na uczestnika (realnie, ceny z 2024 r.)"
    for key in ("planned", "ongoing", "completed", "achieved", "stated", "total", "eu", "state_subsidy", "own",
                "ministry_grant", "pfron", "foundation_grant", "voivode_grant", "external_total", "eu_food_aid",
                "project",
                "programme", "period", "total_value", "eu_cofinancing", "eu_share", "participants",
                "cost_per_participant", "women_share", "people_with_disabilities", "outcome_completed",
                "outcome_employed", "outcome_qualification", "outcome_job_search", "status", "source"):
        assert set(LABELS[key]) == {"en", "pl"} and all(LABELS[key].values())


def test_label_errors_are_clear():
    with pytest.raises(KeyError, match="no label for 'budget'"):
        label("budget", "en")
    with pytest.raises(KeyError, match="unknown language 'de'"):
        label("eu", "de")
    with pytest.raises(KeyError, match="needs the field 'year'"):
        label("cost_per_participant_real", "en")


# --- axis formatters ----------------------------------------------------------------------------------------------
def test_axis_formatters():
    assert money_axis_formatter("pl")(1_000_000, 0) == f"1{NB}000{NB}000{NB}zł"
    assert money_axis_formatter("en")(250_000.0, 1) == f"PLN{NB}250,000"
    assert money_axis_formatter("pl")(-0.0, 0) == f"0{NB}zł"
    assert share_axis_formatter("pl")(0.85, 0) == "85%"
    assert share_axis_formatter("en", decimals=1)(0.5, 0) == "50.0%"


# --- property: what reports print, the parser reads back exactly ------------------------------------------------------
@given(st.integers(min_value=0, max_value=10**13))  # up to 100 bn zł: every grosz still exact in a float
@settings(deadline=None)  # parsing starts pandas machinery: over 200 ms on a loaded 2-core machine, not a failure
def test_polish_money_round_trips_through_the_parser(grosze):
    text = format_money(grosze / 100, "pl", decimals=2)
    parsed = parse_quantities(pd.Series([text]), kind="money", where=Where("property", "amount"))
    assert parsed["value"].iloc[0] == grosze
    assert parsed["qualifier"].iloc[0] == "exact"
