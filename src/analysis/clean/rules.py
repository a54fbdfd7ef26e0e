"""Stage 1, rules: the reference rules an evaluator checks a project with, and every project checked against them.

The rules are ``data/raw/rules.csv`` (efficiency criteria, who they count and when; each quoted from a stored
source) and the co-financing caps of ``data/raw/programmes.csv``. A rule binds a project only where its scope and
dates cover it (:func:`scope_reasons`): its programming period, its region, its kind of support, its measures,
its call and its dates. A rule of another scope is still checked, as ``other_scope``, so that a report can show it
for comparison, never as binding.

Outcomes (:data:`analysis.core.vocabulary.RULE_OUTCOMES`), in this order of precedence:

* ``not_applicable``: the rule is about another kind of support (the efficiency criteria measure active
  integration only: a social-services centre is not measured);
* ``other_scope``: the rule's period, region, measures, call or dates do not cover the project;
* ``cannot_be_judged``: it binds, but the documents do not print what it needs (the denominator of the
  efficiency criterion: participants unemployed or inactive at entry who completed; the time employment was
  measured; the split of EU and state money);
* ``within`` / ``outside``: the project's figures, with their bounds, are within the rule or outside it.

Every function takes frames and returns new frames.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.clean.parsing import ParseError, Where, parse_quantities
from analysis.clean.registers import programme_caps
from analysis.core import vocabulary as v
from analysis.core.bounds import ratio
from analysis.core.errors import DataError, Problem
from analysis.core.precision import round_share, share_within_cap

_EFFICIENCY_TOPICS = tuple(t for t in v.CHECKED_TOPICS if t not in v.CAP_TOPICS)
_REPORTED = {"social_efficiency_min": "outcome_social_efficiency",
             "employment_efficiency_min": "outcome_employment_efficiency"}
"""The efficiency a document may report itself, by the minimum it is checked against."""
_NUMERATOR = {"employment_efficiency_min": "outcome_employed", "efficiency_measured_in": "outcome_employed"}
"""Where no efficiency is reported: the count the documents give of what the criterion counts (found work)."""
DENOMINATORS = (*v.COMPLETION_MEASURES, "participants_total")
"""What a share of participants is taken of, in order of preference: the completers
(:data:`analysis.core.vocabulary.COMPLETION_MEASURES`), else all participants. Named in every rule check's
``denominator``."""
_DENOMINATOR_COLUMN = {"outcome_completed": "completed_count", "outcome_completed_goals": "completed_goals_count",
                       "participants_total": "participants"}


# --- the rules ------------------------------------------------------------------------------------------------
def _percent_values(rules: pd.DataFrame, lines: pd.Series) -> pd.DataFrame:
    """The value of every percent rule (topic of kind percent) parsed; raises ParseError naming each bad line."""
    percent = rules["topic"].map(v.RULE_TOPICS).eq("percent")
    return parse_quantities(rules.loc[percent, "value_as_printed"], "percent",
                            Where("rules.csv", "value_as_printed", lines))


def value_problems(rules: pd.DataFrame, lines: pd.Series) -> list[Problem]:
    """Every rule value the parser cannot read (checked even when other tables stop the build)."""
    if not rules["topic"].map(v.RULE_TOPICS).eq("percent").any():
        return []
    try:
        _percent_values(rules, lines)
    except ParseError as err:
        return err.problems
    return []


def rules_table(rules: pd.DataFrame, lines: pd.Series, programmes: pd.DataFrame) -> pd.DataFrame:
    """The processed rules: each row of rules.csv with its value as a fraction (percent topics), and each
    programme's co-financing cap as a rule ``<programme_id>:<topic>`` (its citation as the quote)."""
    out = rules.drop(columns=["note"]).copy()
    percent = out["topic"].map(v.RULE_TOPICS).eq("percent")
    out["value"] = pd.Series(np.nan, index=out.index, dtype="Float64")
    if percent.any():
        try:
            q = _percent_values(out, lines)
        except ParseError as err:
            raise DataError(err.problems) from None
        # a minimum printed as 'co najmniej 56%' is 56 %: the rule's value is the number it names
        out.loc[percent, "value"] = q["value"].fillna(q["value_lower"]).astype("Float64")
    out["programme"] = pd.NA
    for c in ("target_group", "region", "support_kind", "measure_scope", "call"):
        out[c] = out[c].replace("", pd.NA)
    for c in ("applies_from", "applies_until"):
        out[c] = pd.to_datetime(out[c].replace("", pd.NA), format="%Y-%m-%d")
    return pd.concat([out, cap_rules(programmes)], ignore_index=True)


def cap_rules(programmes: pd.DataFrame) -> pd.DataFrame:
    """The co-financing caps of programmes.csv as rules: the largest EU share of each EU programme, the largest
    co-financing share where a funder sets one (PFRON: 60 %)."""
    caps = programme_caps(programmes)
    frames = []
    for topic in v.CAP_TOPICS:
        p = programmes.assign(value=caps[topic].to_numpy())
        p = p[p["value"].notna() & ((topic != "max_eu_share") | (p["funder"] == "eu"))]
        frames.append(pd.DataFrame({
            "rule_id": p["programme_id"] + ":" + topic, "source_id": pd.NA, "topic": topic, "target_group": pd.NA,
            "value_as_printed": p[topic], "value": p["value"].astype("Float64"), "programme": p["programme_id"],
            "period": p["period"].replace("", pd.NA), "funder": p["funder"], "region": pd.NA,
            "support_kind": pd.NA, "measure_scope": pd.NA, "call": pd.NA, "applies_from": pd.NaT,
            "applies_until": pd.NaT, "scope_basis": "the programme's own cap (programmes.csv)",
            "quote": p["rule_source"]}))
    return pd.concat(frames, ignore_index=True)


# --- scope ------------------------------------------------------------------------------------------------------
def scope_reasons(pairs: pd.DataFrame) -> pd.DataFrame:
    """For each (project, rule) pair: ``not_applicable`` (another kind of support), and the reasons the rule's
    scope does not cover the project (empty: it binds). ``pairs`` holds the project's columns and the rule's,
    the latter prefixed ``rule_``."""
    kind_differs = pairs["rule_support_kind"].notna() & (pairs["rule_support_kind"] != pairs["support_kind"])
    period_differs = pairs["rule_period"].notna() & (pairs["rule_period"] != pairs["programme_period"]).fillna(True)
    regional = pairs["rule_region"].notna()
    unnamed = regional & pairs["programme"].eq("ESF_UNNAMED").fillna(False)
    region_differs = regional & (pairs["rule_region"] != pairs["voivodeship"])
    code = pairs["submeasure_code"].fillna(pairs["measure_code"]).fillna("")
    scopes = pairs["rule_measure_scope"].fillna("").str.split(r"\s*\|\s*")
    measure_differs = pairs["rule_measure_scope"].notna() & ~pd.Series(
        [any(c.startswith(s) for s in ss if s) if c else False for c, ss in zip(code, scopes)], index=pairs.index)
    call_differs = pairs["rule_call"].notna()  # no document of ours prints a project's call
    start = pairs["start_date"]
    dates_differ = ((pairs["rule_applies_from"].notna() & ~(start >= pairs["rule_applies_from"]).fillna(False))
                    | (pairs["rule_applies_until"].notna() & ~(start <= pairs["rule_applies_until"]).fillna(False)))
    programme_differs = pairs["rule_programme"].notna() & (pairs["rule_programme"] != pairs["programme"])
    reasons = [(period_differs, "other_period"), (region_differs & ~unnamed, "other_region"),
               (unnamed, "programme_not_named"), (measure_differs | programme_differs, "other_measure"),
               (call_differs, "other_call"), (dates_differ, "other_dates")]
    text = _join_reasons(reasons, pairs.index)
    return pd.DataFrame({"not_applicable": kind_differs.fillna(False).astype(bool), "scope_reasons": text})


def _join_reasons(reasons: list[tuple[pd.Series, str]], index: pd.Index) -> pd.Series:
    """' | '-joined reason codes of the conditions that hold (empty string where none)."""
    parts = pd.DataFrame({code: np.where(cond.fillna(False).astype(bool), code, "") for cond, code in reasons},
                         index=index)
    return parts.apply(lambda row: " | ".join(c for c in row if c), axis=1).astype("str") if len(parts) else (
        pd.Series([], dtype="str"))


# --- checks -----------------------------------------------------------------------------------------------------
def rule_checks(proj: pd.DataFrame, rules: pd.DataFrame, figs: pd.DataFrame) -> pd.DataFrame:
    """Every project of a funder against every checked rule of that funder (a cap: only its programme's
    projects), with the outcome, whether the rule binds, the reasons, and the project's share with its named
    numerator and denominator."""
    checked = rules[rules["topic"].isin(v.CHECKED_TOPICS)].add_prefix("rule_")
    pairs = proj.merge(checked, left_on="funder", right_on="rule_funder", how="inner")
    caps = pairs["rule_topic"].isin(v.CAP_TOPICS)
    # a cap binds its programme's projects; an efficiency criterion is about co-financed projects (not food aid)
    pairs = pairs[(caps & (pairs["rule_programme"] == pairs["programme"]))
                  | (~caps & pairs["comparison_group"].eq("eu_project"))].reset_index(drop=True)
    if pairs.empty:
        return _empty_checks()
    scope = scope_reasons(pairs)
    values = _cap_values(_efficiency_values(pairs, figs), pairs)
    judged = _judge(pairs, values)
    outcome = np.select([scope["not_applicable"], scope["scope_reasons"] != ""], ["not_applicable", "other_scope"],
                        default=judged["outcome"])
    not_activation = np.where(scope["not_applicable"], "not_activation", "")
    reasons = np.where(scope["not_applicable"], not_activation,
                       np.where(scope["scope_reasons"] != "", scope["scope_reasons"], judged["reasons"]))
    out = pd.DataFrame({
        "project_id": pairs["project_id"], "rule_id": pairs["rule_rule_id"], "outcome": outcome,
        "binding": (~scope["not_applicable"] & (scope["scope_reasons"] == "")).astype("boolean"),
        "reasons": pd.Series(reasons, index=pairs.index, dtype="str").replace("", pd.NA),
        "rule_value": pairs["rule_value"].astype("Float64"),
        **{c: round_share(values[c].astype("Float64")) for c in ("project_value", "project_value_lower",
                                                                 "project_value_upper")},
        "numerator": values["numerator"], "denominator": values["denominator"],
    })
    return out.sort_values(["project_id", "rule_id"], kind="stable").reset_index(drop=True)


def _empty_checks() -> pd.DataFrame:
    cols = ["project_id", "rule_id", "outcome", "binding", "reasons", "rule_value",
            "project_value", "project_value_lower", "project_value_upper", "numerator", "denominator"]
    return pd.DataFrame({c: pd.Series([], dtype="object") for c in cols})


def _efficiency_values(pairs: pd.DataFrame, figs: pd.DataFrame) -> pd.DataFrame:
    """The share the documents permit for an efficiency minimum: the efficiency a document reports itself
    (numerator and denominator are then the criterion's), else the count of what the criterion counts over the
    best-named denominator (:data:`DENOMINATORS`), else nothing."""
    out = pd.DataFrame(index=pairs.index, columns=["project_value", "project_value_lower", "project_value_upper",
                                                   "qualifier", "numerator", "denominator", "reported"],
                       dtype="object")
    out["reported"] = False
    eff = pairs["rule_topic"].isin(_EFFICIENCY_TOPICS)
    general = pairs["rule_target_group"].fillna("general").eq("general")
    reported = figs[figs["measure"].isin(list(_REPORTED.values())) & (figs["status"] == "achieved")
                    & figs["is_primary"].astype(bool)].drop_duplicates(["project_id", "measure"])
    rep = pairs[["project_id"]].assign(measure=pairs["rule_topic"].map(_REPORTED)).merge(
        reported[["project_id", "measure", "value", "value_lower", "value_upper", "qualifier"]],
        on=["project_id", "measure"], how="left").set_index(pairs.index)
    has_rep = eff & general & rep["qualifier"].notna()
    for src, dst in (("value", "project_value"), ("value_lower", "project_value_lower"),
                     ("value_upper", "project_value_upper"), ("qualifier", "qualifier")):
        out.loc[has_rep, dst] = rep.loc[has_rep, src]
    out.loc[has_rep, "numerator"] = rep.loc[has_rep, "measure"]
    out.loc[has_rep, "denominator"] = "criterion"
    out.loc[has_rep, "reported"] = True
    # a count of those who found work, over the best denominator printed (never the criterion's)
    counted = eff & general & ~has_rep & pairs["rule_topic"].isin(list(_NUMERATOR)) & pairs["employed_count"].notna()
    den_name = pd.Series(pd.NA, index=pairs.index, dtype="str")
    for name in reversed(DENOMINATORS):
        den_name = den_name.mask(pairs[_DENOMINATOR_COLUMN[name]].notna(), name)
    counted &= den_name.notna()
    if counted.any():
        p = pairs[counted]
        employed = p["employed_count"].astype("float64")
        num = pd.DataFrame({"value": employed.where(p["employed_qualifier"].eq("exact")),
                            "value_lower": employed.where(p["employed_qualifier"].isin(
                                list(v.BOUNDED_BELOW_QUALIFIERS))),
                            "value_upper": employed.where(p["employed_qualifier"].isin(
                                ["exact", *v.UPPER_BOUND_QUALIFIERS])),
                            "qualifier": p["employed_qualifier"]})
        den_value = pd.Series([p.at[i, _DENOMINATOR_COLUMN[den_name[i]]] for i in p.index], index=p.index,
                              dtype="float64")
        den = pd.DataFrame({"value": den_value, "value_lower": den_value, "value_upper": den_value,
                            "qualifier": "exact"})
        r = ratio(num, den)
        out.loc[counted, "project_value"] = r["value"]
        out.loc[counted, "project_value_lower"] = r["value_lower"]
        out.loc[counted, "project_value_upper"] = r["value_upper"]
        out.loc[counted, "qualifier"] = r["qualifier"]
        out.loc[counted, "numerator"] = "outcome_employed"
        out.loc[counted, "denominator"] = den_name[counted]
    return out


def _cap_values(values: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Adds the share a cap is checked on (``cap_share``), which is also the project's value, named: the EU share
    (the co-financing as printed, where it may hold the state budget's part) or the external co-financing share
    of an exact total."""
    out = values.copy()
    eu = pairs["rule_topic"].eq("max_eu_share")
    ext = pairs["rule_topic"].eq("max_cofinancing_share")
    out["cap_share"] = pairs["eu_share"].astype("Float64").where(eu, pairs["external_share"].astype("Float64").where(
        ext))
    cap = (eu | ext) & out["cap_share"].notna()
    out.loc[cap, "project_value"] = out.loc[cap, "cap_share"]
    out.loc[cap, "numerator"] = np.where(eu[cap], "funding_eu", "funding_external")
    out.loc[cap, "denominator"] = "funding_total"
    return out


def _judge(pairs: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """The outcome of a binding rule, and its reasons."""
    minimum = pairs["rule_value"].astype("float64")
    reported = values["reported"].astype(bool)
    lower = pd.to_numeric(values["project_value_lower"].where(reported), errors="coerce").fillna(
        pd.to_numeric(values["project_value"].where(reported), errors="coerce"))
    upper = pd.to_numeric(values["project_value_upper"].where(reported), errors="coerce").fillna(
        pd.to_numeric(values["project_value"].where(reported), errors="coerce"))
    eff = pairs["rule_topic"].isin(_EFFICIENCY_TOPICS)
    counted = eff & ~reported & values["numerator"].notna()
    cap = pairs["rule_topic"].isin(v.CAP_TOPICS)
    share = values["cap_share"].astype("float64")
    may_include = pairs["eu_may_include_state_budget"].fillna(False).astype(bool) & pairs["rule_topic"].eq(
        "max_eu_share")
    cap_ok = share_within_cap(share.fillna(0.0), minimum.fillna(0.0)) & share.notna()
    outcome = np.select(
        [eff & reported & (lower >= minimum), eff & reported & (upper < minimum),
         cap & share.notna() & cap_ok, cap & share.notna() & ~cap_ok & ~may_include],
        ["within", "outside", "within", "outside"], default="cannot_be_judged")
    reasons = np.select(
        [counted, eff & ~reported, cap & share.isna(), may_include],
        ["denominator_unknown | timing_unknown", "no_outcome_printed", "split_not_printed",
         "eu_may_include_state_budget"], default="")
    return pd.DataFrame({"outcome": outcome, "reasons": reasons}, index=pairs.index)
