"""The evaluator's rules (issue 19): every outcome of a rule check on small inline frames, named denominators,
kinds of support and ranking within a kind, the cost per participant per year of a series, and the date bound a
public page gives Katowice's end."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.clean import rules as rl
from analysis.clean.projects import latest_end, period_years
from analysis.core.dictionary import read_processed
from analysis.core.prices import price_year_range
from analysis.paths import PROCESSED_DIR
from analysis.report import tables as rt


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return read_processed(PROCESSED_DIR)


def _project(**kw) -> dict:
    base = {"project_id": "p", "funder": "eu", "programme": "RPO_WSL_2014_2020", "programme_period": "2014–2020",
            "comparison_group": "eu_project", "voivodeship": "śląskie", "support_kind": "activation",
            "measure_code": "9.1", "submeasure_code": "9.1.6", "start_date": pd.Timestamp("2017-01-01"),
            "employed_count": np.nan, "employed_qualifier": None, "completed_count": np.nan,
            "completed_goals_count": np.nan, "participants": 100.0, "eu_share": np.nan, "external_share": np.nan,
            "eu_may_include_state_budget": False}
    return base | kw


def _rule(**kw) -> dict:
    base = {"rule_id": "r", "source_id": "s", "topic": "employment_efficiency_min", "target_group": "general",
            "value_as_printed": "22%", "value": 0.22, "programme": pd.NA, "period": "2014–2020", "funder": "eu",
            "region": pd.NA, "support_kind": "activation", "measure_scope": pd.NA, "call": pd.NA,
            "applies_from": pd.NaT, "applies_until": pd.NaT, "scope_basis": "b", "quote": "q"}
    return base | kw


def _figs(rows: list[dict]) -> pd.DataFrame:
    cols = ["project_id", "measure", "status", "is_primary", "value", "value_lower", "value_upper", "qualifier"]
    return pd.DataFrame(rows, columns=cols)


def _check(project: dict, rule: dict, figs: pd.DataFrame | None = None) -> pd.Series:
    out = rl.rule_checks(pd.DataFrame([project]), pd.DataFrame([rule]), _figs([]) if figs is None else figs)
    assert len(out) == 1
    return out.iloc[0]


def _reported(share: float) -> pd.DataFrame:
    return _figs([{"project_id": "p", "measure": "outcome_employment_efficiency", "status": "achieved",
                   "is_primary": True, "value": share, "value_lower": share, "value_upper": share,
                   "qualifier": "exact"}])


def test_a_reported_efficiency_above_the_minimum_is_within():
    c = _check(_project(), _rule(), _reported(0.25))
    assert (c["outcome"], bool(c["binding"]), c["denominator"]) == ("within", True, "criterion")


def test_a_reported_efficiency_below_the_minimum_is_outside():
    c = _check(_project(), _rule(), _reported(0.20))
    assert c["outcome"] == "outside" and c["project_value"] == pytest.approx(0.20)


def test_found_work_without_the_criterion_denominator_cannot_be_judged_and_names_its_denominator():
    # Katowice: "co najmniej 106 osób podjęło zatrudnienie"; "670 osób zakończyło udział w projekcie osiągając
    # założone cele": a share of those 670, never of the criterion's unemployed or inactive at entry
    p = _project(employed_count=106.0, employed_qualifier="at_least", completed_goals_count=670.0,
                 participants=839.0)
    c = _check(p, _rule())
    assert c["outcome"] == "cannot_be_judged"
    assert c["reasons"] == "denominator_unknown | timing_unknown"
    assert (c["numerator"], c["denominator"]) == ("outcome_employed", "outcome_completed_goals")
    assert c["project_value_lower"] == pytest.approx(106 / 670, abs=1e-6) and pd.isna(c["project_value_upper"])


def test_the_denominator_prefers_all_completers_then_those_with_goals_then_participants():
    p = _project(employed_count=10.0, employed_qualifier="exact", participants=100.0)
    assert _check(p, _rule())["denominator"] == "participants_total"
    assert _check(p | {"completed_count": 50.0, "completed_goals_count": 40.0}, _rule())["denominator"] == (
        "outcome_completed")


def test_no_outcome_printed_cannot_be_judged():
    c = _check(_project(), _rule())
    assert (c["outcome"], c["reasons"]) == ("cannot_be_judged", "no_outcome_printed")


def test_another_regions_rule_is_other_scope_and_never_binding():
    # RPO WM 9.1 ("minimalny poziom efektywności zatrudnieniowej wynosi 22%") for a project in Śląskie
    c = _check(_project(employed_count=106.0, employed_qualifier="at_least", participants=839.0),
               _rule(region="mazowieckie", measure_scope="9.1"), _reported(0.30))
    assert (c["outcome"], bool(c["binding"]), c["reasons"]) == ("other_scope", False, "other_region")


def test_a_call_a_measure_a_period_and_a_later_date_each_put_a_rule_out_of_scope():
    c = _check(_project(), _rule(region="śląskie", measure_scope="9.1.1", call="RPLD.09.01.01-IP.01-10-002/15"))
    assert c["outcome"] == "other_scope" and c["reasons"] == "other_measure | other_call"
    assert _check(_project(programme_period="2007–2013"), _rule())["reasons"] == "other_period"
    later = _rule(applies_from=pd.Timestamp("2016-10-01"))
    assert _check(_project(start_date=pd.Timestamp("2015-05-01")), later)["reasons"] == "other_dates"
    assert _check(_project(start_date=pd.Timestamp("2017-01-01")), later)["outcome"] == "cannot_be_judged"


def test_a_regional_rule_and_a_project_whose_programme_is_not_named():
    c = _check(_project(programme="ESF_UNNAMED"), _rule(region="śląskie"))
    assert (c["outcome"], c["reasons"]) == ("other_scope", "programme_not_named")


def test_efficiency_criteria_do_not_apply_to_social_services():
    c = _check(_project(support_kind="social_services"), _rule())
    assert (c["outcome"], c["reasons"], bool(c["binding"])) == ("not_applicable", "not_activation", False)


def test_caps_within_outside_and_unsplit():
    cap = _rule(rule_id="RPO_WSL_2014_2020:max_eu_share", topic="max_eu_share", value=0.85, target_group=pd.NA,
                programme="RPO_WSL_2014_2020", support_kind=pd.NA)
    assert _check(_project(eu_share=0.85), cap)["outcome"] == "within"  # CWIS: 413 586,28 of 486 572,10
    assert _check(_project(eu_share=0.90), cap)["outcome"] == "outside"
    assert (_check(_project(), cap)[["outcome", "reasons"]] == ["cannot_be_judged", "split_not_printed"]).all()
    # another programme's cap is not checked at all
    assert rl.rule_checks(pd.DataFrame([_project(programme="PO_WER_2014_2020", eu_share=0.9)]),
                          pd.DataFrame([cap]), _figs([])).empty


def test_eu_money_that_may_hold_the_state_budget_bounds_the_eu_share_only_from_above():
    # Knurów 'Nowy start': "dofinansowanie unijne wyniosło 128.188,11 zł" of 168.988,11 zł, own 40.800 zł
    cap = _rule(rule_id="ESF_UNNAMED:max_eu_share", topic="max_eu_share", value=0.85, target_group=pd.NA,
                programme="ESF_UNNAMED", support_kind=pd.NA, period=pd.NA)
    p = _project(programme="ESF_UNNAMED", eu_share=128188.11 / 168988.11, eu_may_include_state_budget=True)
    c = _check(p, cap)
    assert (c["outcome"], c["reasons"]) == ("within", "eu_may_include_state_budget")
    over = _check(p | {"eu_share": 0.95}, cap)  # above the cap: EU alone may still be within it
    assert (over["outcome"], over["reasons"]) == ("cannot_be_judged", "eu_may_include_state_budget")


def test_rules_table_parses_minima_as_printed():
    raw = pd.DataFrame([_rule(value_as_printed="co najmniej 56%", topic="social_employment_efficiency_min")]
                       ).drop(columns=["value", "programme"])
    raw = raw.astype("object").where(raw.notna(), "").assign(note="")
    programmes = pd.DataFrame({"programme_id": ["X"], "max_eu_share": ["85%"], "max_cofinancing_share": [""],
                               "funder": ["eu"], "period": ["2014–2020"], "rule_source": ["Regulation"]})
    out = rl.rules_table(raw, pd.Series([2]), programmes).set_index("rule_id")
    assert out.at["r", "value"] == pytest.approx(0.56)
    assert out.at["X:max_eu_share", "value"] == pytest.approx(0.85) and out.at["X:max_eu_share", "quote"] == (
        "Regulation")


# --- kinds, intensity, date bound -----------------------------------------------------------------------------
def test_costs_are_ranked_within_a_kind_of_support_and_a_programme_period():
    p = pd.DataFrame({"project_id": ["act", "svc", "old"], "comparison_group": ["eu_project"] * 3,
                      "support_kind": ["activation", "social_services", "activation"],
                      "programme_period": ["2014–2020", "2014–2020", "2007–2013"]})
    peers = rt.peer_groups(p)
    assert peers.nunique() == 3 and peers["act"] == "eu_project|activation|2014–2020"


def test_a_series_printed_as_years_gets_every_year_and_a_cost_per_year():
    # INTEGRA: "5 899 249,51 zł" over "2008 – 2013" for 656 participants: six years, 1 498,79 zł a year
    period = pd.DataFrame({"start_date": [pd.Timestamp("2008-01-01")], "end_date": [pd.Timestamp("2013-12-31")],
                           "start_date_precision": ["year"], "end_date_precision": ["year"],
                           "duration_months": pd.array([pd.NA], dtype="Float64")})
    years = period_years(period)
    assert float(years.iloc[0]) == 6
    assert round(5899249.51 / 656 / float(years.iloc[0]), 2) == 1498.79
    r = price_year_range(period["start_date"], period["end_date"], pd.Series([pd.NaT]),
                         pd.Series([True])).iloc[0]
    assert (pd.isna(r["price_year"]), int(r["price_year_lower"]), int(r["price_year_upper"]),
            r["price_year_basis"]) == (True, 2008, 2013, "year_span")


def test_a_finished_by_date_bounds_an_open_end_before_the_programmes_eligibility():
    # Katowice: started 05.2015, no end printed; the EC page of "07 August 2019" describes it as finished
    out = pd.DataFrame({"programme": ["RPO_WSL_2014_2020", "RPO_WSL_2014_2020"],
                        "end_date": pd.to_datetime([pd.NaT, pd.NaT]).astype("datetime64[s]")}, index=["kat", "x"])
    finished = pd.DataFrame({"date_upper": [pd.Timestamp("2019-08-07")]}, index=["kat"])
    programmes = pd.DataFrame({"programme_id": ["RPO_WSL_2014_2020"], "eligible_until": ["2023-12-31"]})
    latest = latest_end(out, finished, programmes)
    assert latest.at["kat", "date"] == pd.Timestamp("2019-08-07") and latest.at["kat", "basis"] == "finished_by"
    assert latest.at["x", "date"] == pd.Timestamp("2023-12-31") and latest.at["x", "basis"] == "eligible_until"
    start = pd.Series([pd.Timestamp("2015-05-01")])
    years = price_year_range(start, pd.Series([pd.NaT]).astype(start.dtype),
                             pd.Series([pd.Timestamp("2019-08-07")])).iloc[0]
    assert (int(years["price_year_lower"]), int(years["price_year_upper"])) == (2015, 2017)


def test_the_real_data_judges_katowice_and_cwis_as_an_evaluator_would(data):
    checks = data["rule_checks"].set_index(["project_id", "rule_id"])
    kat = checks.loc[("katowice-wlacz-sie", "guidelines-efficiency-every-rpo")]
    assert (kat["outcome"], kat["denominator"]) == ("cannot_be_judged", "outcome_completed_goals")
    assert checks.loc[("katowice-wlacz-sie", "rpo-wm-9-1-employment-general"), "outcome"] == "other_scope"
    assert checks.loc[("knurow-cwis", "cel9-efficiency-only-pi-9i"), "outcome"] == "not_applicable"
    assert checks.loc[("knurow-cwis", "RPO_WSL_2014_2020:max_eu_share"), "outcome"] == "within"
