"""Tests of the report stage's tables and text (analysis.report.tables, analysis.report.text) and of the typed reader of
the processed tables: small inline frames with exact expectations, and the real processed data."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal, assert_series_equal

from analysis.core.bounds import ratio_bounds
from analysis.core.dictionary import PROCESSED, read_processed, typed
from analysis.report import tables as rt
from analysis.report import text as rx
from analysis.report.formatting import format_bounded, format_money
from analysis.report.labels import label

PROCESSED_DIR = Path(__file__).resolve().parents[1] / "data" / "processed"


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """A processed table with every dictionary column (empty unless given), typed as load() types it."""
    names = PROCESSED[table].names
    text = pd.DataFrame([{c: (None if r.get(c) is None else str(r[c])) for c in names} for r in rows],
                        columns=names, dtype="str")
    return typed(text, table)


def project(**fields) -> dict:
    base = {"project_id": "p", "group_id": "p", "level": "project", "title": "Tytuł", "title_en": "Title",
            "operator": "MOPS X", "municipality": "X", "scope": "whole", "status": "completed",
            "price_base_year": 2021, "real_comparable": "false", "source_ids": "s"}
    return {**base, **fields}


CPI = pd.DataFrame({"year": pd.array([2019, 2020, 2021], dtype="Int64"),
                    "cpi_prev_year_100": [102.0, 104.0, 105.0],
                    "price_level": [1 / (1.04 * 1.05), 1 / 1.05, 1.0],
                    "source": ["GUS"] * 3})


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return read_processed(PROCESSED_DIR)


# --- load -------------------------------------------------------------------------------------------------------

def test_load_reads_every_processed_table_with_dictionary_dtypes(data):
    assert set(data) == {name.removesuffix(".csv") for name in PROCESSED}
    p = data["projects"]
    assert p["total_value_pln"].dtype == "float64"
    assert p["start_date"].dtype == "datetime64[ns]"
    assert p["real_comparable"].dtype == "bool"
    assert p["price_year"].dtype == "Int64"
    assert p["title"].dtype == "str"
    assert data["funding"]["is_primary"].dtype == "bool"
    assert data["figures"]["date_lower"].dtype == "datetime64[ns]"
    cwis = p.set_index("project_id").loc["knurow-cwis"]
    assert cwis["total_value_pln"] == 486572.10
    assert cwis["cost_per_participant_pln"] == 6007.06
    # one row per project or phase of data/raw/projects.csv, whatever the collection's size
    import csv

    from analysis.paths import RAW_DIR
    with (RAW_DIR / "projects.csv").open(encoding="utf-8", newline="") as f:
        raw = list(csv.DictReader(f))
    # portfolios are no rows of their own, and a project with phases is its phases (INTEGRA 2008–2013, 2014–2015)
    phased = {r["parent_id"] for r in raw if r["level"] == "phase"}
    expected = {r["project_id"] for r in raw if r["level"] != "portfolio" and r["project_id"] not in phased}
    assert p["project_id"].is_unique and set(p["project_id"]) == expected


def test_typed_rejects_a_table_missing_dictionary_columns():
    with pytest.raises(KeyError, match="missing"):
        typed(pd.DataFrame({"year": ["2020"]}, dtype="str"), "cpi.csv")


# --- prices -----------------------------------------------------------------------------------------------------

def test_rebase_real_recomputes_real_columns_for_another_base_year():
    p = frame("projects.csv", [project(price_year=2020, price_year_lower=2020, price_year_upper=2020,
                                       total_value_pln="1000.00", total_value_real_pln="1050.00",
                                       cost_per_participant_pln="100.00", cost_per_participant_lower_pln="100.00",
                                       cost_per_participant_upper_pln="100.00", cost_per_participant_qualifier="exact",
                                       cost_per_participant_real_pln="105.00", real_comparable="true")])
    out = rt.rebase_real(p, CPI, 2019)
    expected = p.copy()
    expected["total_value_real_pln"] = [round(1000 / 1.04, 2)]
    for c in ("cost_per_participant_real_pln", "cost_per_participant_real_lower_pln",
              "cost_per_participant_real_upper_pln"):
        expected[c] = [round(100 / 1.04, 2)]
    expected["cost_per_participant_real_qualifier"] = pd.Series(["exact"], dtype="str")
    expected["price_base_year"] = pd.array([2019], dtype="Int64")
    assert_frame_equal(out, expected)


@pytest.mark.parametrize("base", [0, None])
def test_rebase_real_default_base_year_leaves_the_data(base, data):
    assert_frame_equal(rt.rebase_real(data["projects"], data["cpi"], base), data["projects"])




def test_resolve_base_year_rejects_a_year_outside_the_cpi_table(data):
    assert rt.resolve_base_year(data["projects"], data["cpi"], 0) == int(data["cpi"]["year"].max())
    with pytest.raises(ValueError, match="not a year of the CPI table"):
        rt.resolve_base_year(data["projects"], data["cpi"], 1990)


# --- bounds -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("num, den, expected", [
    ((106, 106, None, "at_least"), (839, 839, 839, "exact"), (106 / 839, 106 / 839, math.nan, "at_least")),
    ((780329, 780329, 780329, "exact"), (60, 60, None, "at_least"), (780329 / 60, math.nan, 780329 / 60, "at_most")),
    # "about" carries no bounds, as in the processed data (the dictionary: "both empty for about")
    ((7900, 7900, 7900, "exact"), (45, None, None, "about"), (7900 / 45, math.nan, math.nan, "about")),
    ((100, 100, 100, "exact"), (None, 5, 10, "range"), (math.nan, 10.0, 20.0, "range")),
    ((1, 1, 1, "exact"), (None, None, None, None), (math.nan, math.nan, math.nan, None)),
    ((1, 1, 1, "exact"), (0, 0, 0, "exact"), (math.nan, math.nan, math.nan, None)),
])
def test_ratio_bounds(num, den, expected):
    got = ratio_bounds(num, den)
    np.testing.assert_allclose(np.array(got[:3], dtype=float), np.array(expected[:3], dtype=float))
    assert got[3] == expected[3]


def test_sum_column_opens_the_end_a_bound_leaves_open():
    rows = pd.DataFrame({"v": [10.0, 60.0], "v_lower": [10.0, 60.0], "v_upper": [10.0, np.nan],
                         "v_qualifier": ["exact", "at_least"]})
    assert rt.sum_column(rows, "v")[1:] == (70.0, pytest.approx(math.nan, nan_ok=True), "at_least")


# --- funding ----------------------------------------------------------------------------------------------------

def test_funding_mix_gives_shares_and_the_unstated_rest():
    p = frame("projects.csv", [
        project(project_id="a", programme="RPO_WSL_2014_2020", total_value_pln="1000.00", total_value_qualifier="exact",
                eu_cofinancing_pln="850.00", state_subsidy_pln="80.00", own_contribution_pln="70.00"),
        project(project_id="b", programme="RPO_WSL_2014_2020", total_value_pln="100.00", total_value_qualifier="exact",
                eu_cofinancing_pln="85.00"),
        # 'ponad 716 tys.' of 'ponad 770 tys.': two lower bounds give no mix
        project(project_id="d", programme="ESF_UNNAMED", total_value_pln="770000.00", total_value_qualifier="more_than",
                eu_cofinancing_pln="716000.00", eu_cofinancing_qualifier="more_than", funding_parts_exact="False"),
        project(project_id="c", programme="MPIPS", national_grant_pln="15000.00"),  # no total: no shares
    ])
    expected = pd.DataFrame({
        "project_id": ["a", "a", "a", "b", "b"],
        "programme": ["RPO_WSL_2014_2020"] * 5,
        "source": ["eu", "state_subsidy", "own", "eu", "unspecified"],
        "amount_pln": [850.0, 80.0, 70.0, 85.0, 15.0],
        "share": [0.85, 0.08, 0.07, 0.85, 0.15],
        "complete": [True, True, True, False, False],
    }).astype({"project_id": "str", "programme": "str", "source": "str"})
    assert_frame_equal(rt.funding_mix(p), expected)


def test_funding_mix_real_data_sums_to_one_per_project(data):
    mix = rt.funding_mix(data["projects"])
    assert set(mix["project_id"]) >= {"knurow-cwis", "katowice-wlacz-sie", "wiecbork-pfron-2007-piknik"}
    np.testing.assert_allclose(mix.groupby("project_id")["share"].sum(), 1.0)
    cwis = mix[mix["project_id"] == "knurow-cwis"].set_index("source")["share"]
    assert cwis["eu"] == pytest.approx(0.85, abs=1e-6)


def test_funding_by_programme_is_over_the_projects_whose_split_is_printed_and_achieved_only(data, of_seed_documents):
    # issue 18: Katowice (split not printed) pooled with CWIS showed CWIS's 8 % state subsidy as 0,7 %, and
    # INTEGRA's planned 2014–2015 budget was added to its achieved 2008–2013 one
    by = rt.funding_by_programme(of_seed_documents(data["projects"]), data["programmes"])
    wsl = by[by["programme"] == "RPO_WSL_2014_2020"].set_index("source")
    # CWIS: "Wartość projektu: 486 572,10 zł", "Dofinansowanie projektu z UE: 413 586,28 zł"
    assert list(wsl["project_ids"].unique()) == ["knurow-cwis"] and set(wsl["projects"]) == {1}
    assert wsl.loc["state_subsidy", "share"] == pytest.approx(0.08, abs=1e-4)
    assert wsl.loc["own", "share"] == pytest.approx(0.07, abs=1e-4)
    assert set(wsl["projects_with_total"]) == {2}  # Katowice has a total, not a split: counted, not pooled
    assert "unspecified" not in set(by["source"])
    # PO KL: INTEGRA 2008–2013 prints no split, and its 2014–2015 budget is a plan: no mix, no sum of the two
    assert by[by["programme"] == "PO_KL_2007_2013"].empty
    assert 780329.0 not in set(by["total_value_pln"])
    np.testing.assert_allclose(by.groupby("programme")["share"].sum(), 1.0)


# --- outcomes ---------------------------------------------------------------------------------------------------

def test_outcome_rates_carry_the_qualifier_of_the_count():
    p = frame("projects.csv", [project(project_id="k", participants="839", participants_lower="839",
                                       participants_upper="839", participants_qualifier="exact",
                                       participants_measure="participants_total", participants_unit="persons")])
    o = frame("outcomes.csv", [
        {"figure_id": "s:010", "project_id": "k", "source_id": "s", "indicator": "completed", "unit": "persons",
         "value": 670, "value_lower": 670, "value_upper": 670, "qualifier": "exact", "status": "achieved",
         "is_primary": "true"},
        {"figure_id": "s:012", "project_id": "k", "source_id": "s", "indicator": "employed", "esf_indicator": "CR04",
         "unit": "persons", "value": 106, "value_lower": 106, "qualifier": "at_least", "status": "achieved",
         "is_primary": "true"},
    ])
    out = rt.outcome_rates(p, o)
    expected = pd.DataFrame({
        "project_id": ["k", "k"], "figure_id": ["s:010", "s:012"], "indicator": ["completed", "employed"],
        "esf_indicator": [np.nan, "CR04"], "status": ["achieved", "achieved"], "unit": ["persons", "persons"],
        "count": [670.0, 106.0], "count_lower": [670.0, 106.0], "count_upper": [670.0, np.nan],
        "count_qualifier": ["exact", "at_least"],
        "rate": [670 / 839, 106 / 839], "rate_lower": [670 / 839, 106 / 839], "rate_upper": [670 / 839, np.nan],
        "rate_qualifier": ["exact", "at_least"],
        "rate_of_completers": [np.nan, 106 / 670], "rate_of_completers_lower": [np.nan, 106 / 670],
        "rate_of_completers_upper": [np.nan, np.nan], "rate_of_completers_qualifier": [np.nan, "at_least"],
        # every rate names what it is taken of: 839 participants; the 670 who completed
        "rate_denominator": [839.0, 839.0], "rate_of_completers_denominator": [np.nan, 670.0],
        "rate_of_completers_base": [np.nan, "completed"],
    }).astype({c: "str" for c in ["project_id", "figure_id", "indicator", "esf_indicator", "status", "unit",
                                  "count_qualifier", "rate_qualifier", "rate_of_completers_qualifier",
                                  "rate_of_completers_base"]})
    assert_frame_equal(out, expected)
    assert format_bounded(*out.loc[1, ["rate", "rate_lower", "rate_upper", "rate_qualifier"]], "pl", "share") \
        == "≥\u00a012,6%"


def test_outcome_rates_real_data_has_the_esf_codes(data):
    rates = rt.outcome_rates(data["projects"], data["outcomes"])
    kat = rates[rates["project_id"] == "katowice-wlacz-sie"].set_index("indicator")
    assert kat.loc["employed", "esf_indicator"] == "CR04" and kat.loc["employed", "rate_qualifier"] == "at_least"
    assert kat.loc["qualification", "esf_indicator"] == "CR03"
    assert kat.loc["job_search", "esf_indicator"] == "CR01"


# --- unit economics ---------------------------------------------------------------------------------------------

def test_unit_economics_grant_per_hour_when_the_total_is_not_printed():
    p = frame("projects.csv", [project(project_id="kis", national_grant_pln="15000.00", price_year=2020,
                                       eu_share="0", max_eu_share="0")])
    s = frame("services.csv", [
        {"figure_id": f"s:{i:03d}", "project_id": "kis", "source_id": "s", "measure": "service_hours",
         "service": name, "unit": "hours", "value": h, "value_lower": h, "value_upper": h, "qualifier": "exact",
         "status": "planned", "is_primary": "true"} for i, (name, h) in enumerate([("a", 24), ("b", 36)])])
    out = rt.unit_economics(p, s, 2021, cpi=CPI)
    grant = out[out["metric"] == "grant_per_programme_hour"].iloc[0]
    assert grant["value"] == 250.0 and grant["qualifier"] == "exact"
    assert grant["real_value"] == pytest.approx(262.5)
    assert grant["basis"] == "basis_grant_per_hour" and grant["price_base_year"] == 2021
    assert "cost_per_programme_hour" not in set(out["metric"])


def test_unit_economics_bounds_and_real_figures(data):
    out = rt.unit_economics(data["projects"], data["services"], 0, outcomes=data["outcomes"], cpi=data["cpi"],
                            programmes=data["programmes"])
    m = out.set_index(["project_id", "metric"])
    # the whole budget per outcome is named for what it is ("budget per …"), not a unit cost
    assert m.loc[("katowice-wlacz-sie", "budget_per_employed"), "qualifier"] == "at_most"
    assert m.loc[("katowice-wlacz-sie", "budget_per_employed"), "value_upper"] == round(4_800_000 / 106, 2)
    assert m.loc[("katowice-wlacz-sie", "budget_per_qualification"), "value"] == 64000.0
    assert not {"cost_per_employed", "cost_per_qualification"} & set(out["metric"])
    assert m.loc[("dabrowa-integra-2014-2015", "cost_per_participant"), "qualifier"] == "at_most"
    assert math.isnan(m.loc[("dabrowa-integra-2014-2015", "cost_per_participant"), "value_lower"])
    # the club's total is at least its 15 000 zł grant, so at least 15 000 / 186 per hour of programme
    kis = m.loc[("wiecbork-kis", "cost_per_programme_hour")]
    # (80,645… zł: a lower bound is rounded down, to 80,64 zł, never up past itself)
    assert (kis["value_lower"], kis["qualifier"]) == (math.floor(15000 / 186 * 100) / 100, "at_least")
    # Katowice: no end date printed, so its real cost per participant is a range (price years 2015–2019)
    kat = m.loc[("katowice-wlacz-sie", "cost_per_participant")]
    assert kat["real_qualifier"] == "range" and kat["real_value_lower"] < kat["real_value_upper"]
    assert m.loc[("wiecbork-pfron-2007-piknik", "external_share"), "maximum"] == pytest.approx(0.6)
    # the cost per participant agrees with the pipeline's columns, nominal and real
    cpp = out[out["metric"] == "cost_per_participant"].set_index("project_id")
    proj = data["projects"].set_index("project_id").loc[cpp.index]
    # (a one-sided figure carries its bound as its value: the Więcbork club's 'at least 937,50 zł')
    assert_series_equal(cpp["value"], proj["cost_per_participant_pln"].fillna(proj["cost_per_participant_lower_pln"]),
                        check_names=False)
    # (and a one-sided real figure its bound: INTEGRA 2014–2015's 'at most', over its price years 2014–2015)
    real_q = proj["cost_per_participant_real_qualifier"]
    assert_series_equal(cpp["real_value"], proj["cost_per_participant_real_pln"].fillna(
        proj["cost_per_participant_real_lower_pln"].where(real_q == "at_least")).fillna(
        proj["cost_per_participant_real_upper_pln"].where(real_q == "at_most")), check_names=False)
    ranged = proj["cost_per_participant_real_qualifier"] == "range"
    assert_series_equal(cpp["real_value_lower"][ranged], proj["cost_per_participant_real_lower_pln"][ranged],
                        check_names=False)


def test_unit_economics_needs_cpi_for_another_base_year(data):
    with pytest.raises(ValueError, match="needs cpi"):
        rt.unit_economics(data["projects"], data["services"], 2010)


# --- coverage and ranking ---------------------------------------------------------------------------------------

def test_coverage_matrix():
    p = frame("projects.csv", [
        project(project_id="a", total_value_pln="10.00", start_date="2020-01-01", end_date="2020-12-31",
                participants="5", participants_lower="5", participants_upper="5", participants_qualifier="exact",
                eu_share="0.85", cost_per_participant_real_pln="2.00"),
        project(project_id="b", participants_lower="5", participants_upper="10", participants_qualifier="range",
                employed_count="3", employed_qualifier="exact"),
    ])
    expected = pd.DataFrame({
        "total_value": [True, False], "dates": [True, False], "participants": [True, True],
        "outcomes": [False, True], "eu_share": [True, False], "real_cost": [True, False],
    }, index=pd.Index(["a", "b"], name="project_id", dtype="str"))
    assert_frame_equal(rt.coverage(p), expected)


def test_ranking_never_ranks_a_bound_as_exact():
    def cost(pid, value, lower, upper, q, comparable="true", reason=None):
        return project(project_id=pid, cost_per_participant_real_pln=value, cost_per_participant_real_lower_pln=lower,
                       cost_per_participant_real_upper_pln=upper, cost_per_participant_real_qualifier=q,
                       real_comparable=comparable, not_comparable_reason=reason, participants="1",
                       participants_qualifier="exact")
    p = frame("projects.csv", [
        cost("high", 300, 300, 300, "exact"),
        cost("bound", 250, None, 250, "at_most"),
        cost("low", 100, 100, 100, "exact"),
        cost("approx", 200, None, None, "about"),
        cost("none", None, None, None, None, "false", "no_total_value"),
    ])
    out = rt.ranking(p)
    expected = pd.DataFrame({
        "project_id": ["low", "approx", "high", "bound", "none"],
        "comparison_group": ["unknown"] * 5,
        "peer_group": ["unknown"] * 5,
        "group": ["ranked", "ranked", "ranked", "bounded", "not_comparable"],
        "rank": pd.array([1, 2, 3, None, None], dtype="Int64"),
        "best_rank": pd.array([None, None, None, 1, None], dtype="Int64"),
        "worst_rank": pd.array([None, None, None, 3, None], dtype="Int64"),
        "value": [100.0, 200.0, 300.0, 250.0, np.nan],
        "value_lower": [100.0, 200.0, 300.0, np.nan, np.nan],
        "value_upper": [100.0, 200.0, 300.0, 250.0, np.nan],
        "qualifier": ["exact", "about", "exact", "at_most", np.nan],
        "price_base_year": [2021] * 5,
        "note": [np.nan, "about", np.nan, "at_most", "no_total_value"],
    }).astype({"project_id": "str", "comparison_group": "str", "peer_group": "str", "group": "str",
               "qualifier": "str", "note": "str"})
    assert_frame_equal(out, expected)


def test_costs_are_ranked_within_a_kind_of_project():
    """A one-day PFRON event is not ranked against a year of EU-co-financed activation support."""
    def cost(pid, value, kind):
        return project(project_id=pid, comparison_group=kind, cost_per_participant_real_pln=value,
                       cost_per_participant_real_lower_pln=value, cost_per_participant_real_upper_pln=value,
                       cost_per_participant_real_qualifier="exact", real_comparable="true", participants="1",
                       participants_qualifier="exact")
    p = frame("projects.csv", [cost("esf-b", 9000, "eu_project"), cost("picnic", 90, "pfron_event"),
                               cost("esf-a", 6000, "eu_project"), cost("trip", 120, "pfron_event")])
    out = rt.ranking(p)
    assert list(out["project_id"]) == ["esf-a", "esf-b", "picnic", "trip"]
    assert list(out["rank"]) == [1, 2, 1, 2]
    assert list(out["comparison_group"]) == ["eu_project", "eu_project", "pfron_event", "pfron_event"]


def test_ranking_real_data(data):
    out = rt.ranking(data["projects"]).set_index("project_id")
    # INTEGRA 2014–2015 states "min. 60" planned participants: a target, listed but never ranked
    assert out.loc["dabrowa-integra-2014-2015", "group"] == "planned"
    assert pd.isna(out.loc["dabrowa-integra-2014-2015", "rank"])
    # Katowice prints no end date: its real cost is a range, ranked honestly by the ranks it could take
    kat = out.loc["katowice-wlacz-sie"]
    assert kat["group"] == "bounded" and kat["qualifier"] == "range"
    assert 1 <= kat["best_rank"] <= kat["worst_rank"]
    assert out.loc["knurow-cwis", "group"] == "ranked"
    assert out.loc["wiecbork-swojacy-pl", "note"] == "no_total_value"
    assert rx.reason_label("no_end_date", "pl") == "dokumenty nie podają daty zakończenia"
    with pytest.raises(KeyError):
        rx.reason_label("something new", "pl")  # a code without a label fails the build, never prints a code


# --- caveats ----------------------------------------------------------------------------------------------------

def test_caveats_are_generated_from_the_data(data, of_seed_documents):
    seeds = of_seed_documents(data["projects"])
    text = rx.caveats(seeds, data["figures"], data["checks"], "en")
    joined = "\n".join(text)
    # one sentence per kind of target, naming its projects
    assert "Participants and total value are targets, not results; this applies to: INTEGRA 2014–2015." in joined
    assert "only the part of MOPS Knurów in a partnership" in joined
    # figure ids and the English words of the checks belong to the technical appendix, not to the caveats
    assert "slaskie-wlacz-sie:011" not in joined and "Cannot be verified" not in joined
    assert "one figure is our reading of the document" in joined  # the interpreted figure, by its quote
    notes = rx.check_notes(seeds, data["figures"], data["checks"])
    assert notes["subject"].str.startswith("wiecbork-2007").any() and set(notes["result"]) <= {"fail", "not_verifiable"}
    assert format_bounded(13005.49, None, 13005.49, "at_most", "en", "money") in joined
    pl = rx.caveats(seeds, data["figures"], data["checks"], "pl")
    assert len(pl) == len(text) and any("wartości planowane" in c for c in pl)
    assert sum(c.startswith("Participants are targets") for c in text) == 1  # never one sentence per project


def test_caveats_of_one_project_keep_to_it(data):
    p = data["projects"][data["projects"]["project_id"] == "wiecbork-sas-konferencja"]
    assert rx.caveats(p, data["figures"], data["checks"], "en") == []


def test_achieved_only_hides_planned_figures_and_their_costs(data):
    out = rt.achieved_only(data["projects"]).set_index("project_id")
    assert pd.isna(out.loc["dabrowa-integra-2014-2015", "participants_lower"])
    assert pd.isna(out.loc["dabrowa-integra-2014-2015", "cost_per_participant_real_upper_pln"])
    assert not out.loc["dabrowa-integra-2014-2015", "real_comparable"]
    assert out.loc["knurow-cwis", "participants"] == 81


# --- escaping ---------------------------------------------------------------------------------------------------

def test_md_escape_shows_markup_as_text():
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    escaped = rx.md_escape("<script>alert(1)</script>")
    assert escaped == "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
    rendered = markdown2html_mistune(f"# Title {escaped}")
    assert "<script>" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    for text in ["**bold** _it_ [link](http://x) `code`", "# heading", "1. list", "| a | b |", "a\nb", "$x$"]:
        html = markdown2html_mistune(rx.md_escape(text))
        assert not any(tag in html for tag in ("<strong>", "<em>", "<a ", "<code>", "<h1", "<ol", "<table")), html
    assert rx.md_escape(None) == "" and rx.md_escape(float("nan")) == ""


def test_display_table_escapes_and_has_no_index():
    df = pd.DataFrame({"title": ["<script>alert(1)</script>"], "<b>h</b>": ["a & b"]}, index=[7])
    html = rx.display_table(df, "pl").data
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;h&lt;/b&gt;" in html and "a &amp; b" in html
    assert "<th>tytuł</th>" in html  # a label key as heading is translated
    assert ">7<" not in html  # no index


def test_key_figures_formats_from_the_data():
    from analysis.report import overview
    from analysis.report.setup import setup

    kf = overview.key_figures(setup("en"))
    row = kf[kf["title"] == "Centre for Support of Social Initiatives"].iloc[0]
    assert row["cost_per_participant_nominal"] == format_money(6007.06, "en")
    assert row["total_value"] == format_money(486572.10, "en")
    # the programme's name comes from data/processed/programmes.csv (name_en), not from code
    assert row["programme"] == "Regional Operational Programme of Śląskie 2014–2020"
    bounded = kf[kf["title"] == "INTEGRA 2014–2015"].iloc[0]
    assert bounded["cost_per_participant_nominal"] == "≤\u00a0PLN\u00a013,005.49"  # a bound to the grosz
    # swojacy.pl prints no total: no EU share is inferred, the table says no EU money is named
    assert kf[kf["title"] == "swojacy.pl"].iloc[0]["eu_share"] == label("no_eu_named", "en")


def test_top_and_bottom_keeps_small_tables_and_trims_large_ones():
    small = pd.DataFrame({"v": [3.0, 1.0, 2.0]})
    assert_frame_equal(rt.top_and_bottom(small, "v", n=4), small)
    big = pd.DataFrame({"v": [5.0, np.nan, 1.0, 9.0, 3.0, 7.0, 2.0]})
    out = rt.top_and_bottom(big, "v", n=4)
    assert list(out["v"]) == [1.0, 9.0, 7.0, 2.0]  # two lowest and two highest, original order, no NaN
