"""The evaluator's sections: each project against the rules whose scope covers it, the reference rules with their
scope, and what the documents cannot tell. Every sentence is built from processed data (rule_checks, rules,
projects, services); the words are labels.
"""

from __future__ import annotations

import pandas as pd

from analysis.core.vocabulary import CAP_TOPICS
from analysis.report import sections
from analysis.report import text as rx
from analysis.report.setup import Report

_OUTCOME_ORDER = {"within": 0, "outside": 1, "cannot_be_judged": 2, "other_scope": 3, "not_applicable": 4}


def _is(x: object) -> bool:
    return isinstance(x, str) or (x is not None and not pd.isna(x))


def rule_name(R: Report, rule: pd.Series) -> str:
    """'employment efficiency, minimum (people with a severe … disability)'."""
    text = R.cap(f"topic_{rule['topic']}")
    if _is(rule.get("target_group")) and rule["target_group"] != "general":
        text += f" ({R.t('target_' + rule['target_group'])})"
    return text


def scope_text(R: Report, rule: pd.Series) -> str:
    """Where and when a rule applies: region, measures, call, period, first day."""
    if rule["topic"] in CAP_TOPICS:
        return f"{R.programme_name(rule['programme'])}: {R.t('programme_cap')}"
    parts = [rule["region"] if _is(rule["region"]) else R.t("all_regions")]
    if _is(rule["measure_scope"]):
        parts.append(str(rule["measure_scope"]))
    if _is(rule["call"]):
        parts.append(R.t("scope_call", call=rule["call"]))
    if _is(rule["period"]):
        parts.append(str(rule["period"]))
    if _is(rule["applies_from"]):
        parts.append(R.t("scope_from", date=pd.Timestamp(rule["applies_from"]).strftime("%d.%m.%Y")))
    return ", ".join(parts)


def project_value_text(R: Report, check: pd.Series) -> str:
    """The project's share with what it counts and what of: '≥ 15,8% (found work / who completed having reached
    their goals)'."""
    ends = (check["project_value"], check["project_value_lower"], check["project_value_upper"])
    if not any(_is(x) for x in ends):
        return "—"
    value, lower, upper = ends
    qualifier = ("exact" if _is(value) else "range" if _is(lower) and _is(upper) else
                 "at_least" if _is(lower) else "at_most")
    share = R.bounded(value, lower, upper, qualifier, "share")
    if _is(check["numerator"]) and _is(check["denominator"]):
        return f"{share} ({R.t('num_' + check['numerator'])} / {R.t('den_' + check['denominator'])})"
    return share


def outcome_text(R: Report, check: pd.Series) -> str:
    """'cannot be judged: the documents do not say …, nor when …'."""
    text = R.t(f"rule_outcome_{check['outcome']}")
    if _is(check["reasons"]):
        # reasons are clauses of one sentence ('… at entry, nor when …'): joined by a comma, not 'and'
        text += ": " + R.t("reason_separator").join(R.t(f"reason_{r}") for r in str(check["reasons"]).split(" | "))
    return text


def project_rules(R: Report, pid: str) -> str:
    """The profile's 'Rules and efficiency': every rule of the project's funder with its outcome, binding rules
    first; the efficiency criteria that do not apply said in one sentence."""
    sections.heading(R, "sec_rules")
    checks = R.data["rule_checks"]
    mine = checks[checks["project_id"] == pid]
    if mine.empty:
        return sections.md(R.t("rules_none"))
    rules = R.data["rules"].set_index("rule_id")
    shown = mine[mine["outcome"] != "not_applicable"].copy()
    shown = shown.assign(_o=shown["outcome"].map(_OUTCOME_ORDER)).sort_values(["_o", "rule_id"], kind="stable")
    sections.md(R.t("rules_intro"))
    if (mine["outcome"] == "not_applicable").any():
        sections.md(R.t("rules_not_applicable", kind=R.t("kind_" + str(R.project(pid)["support_kind"]))))
    if shown.empty:
        return "rules"
    out = pd.DataFrame({
        "column_rule": [rule_name(R, rules.loc[r]) for r in shown["rule_id"]],
        "column_scope": [scope_text(R, rules.loc[r]) for r in shown["rule_id"]],
        "column_rule_value": [R.share(x, 0) if _is(x) else "—" for x in shown["rule_value"]],
        "column_project_value": [project_value_text(R, c) for _, c in shown.iterrows()],
        "column_outcome": [outcome_text(R, c) for _, c in shown.iterrows()],
        "source": [rules.at[r, "source_id"] if _is(rules.at[r, "source_id"]) else R.t("programme_cap")
                   for r in shown["rule_id"]],
    })
    return sections.table(R, out, data=shown.drop(columns=["_o"]), stem=f"{pid}-rules")


def limits(R: Report, pid: str) -> str:
    """'What the documents cannot tell' for one project, each point built from its data."""
    sections.heading(R, "sec_limits")
    return sections.md("\n".join(f"- {x}" for x in limit_points(R, pid)))


def limit_points(R: Report, pid: str) -> list[str]:
    row = R.project(pid)
    points = [R.t("limit_no_comparison")]
    if _is(row["employed_count"]):
        points.append(R.t("limit_employment"))
    if _is(row["completed_goals_count"]) and not _is(row["completed_count"]):
        points.append(R.t("limit_completed_goals", n=R.count(row["completed_goals_count"])))
    reach = _service_reach(R, pid)
    if _is(row["participants"]) and reach > row["participants"]:
        points.append(R.t("limit_overlap", reach=R.count(reach), n=R.count(row["participants"])))
    if row["price_year_basis"] == "year_span" and _is(row["cost_per_participant_year_pln"]):
        points.append(R.t("limit_series", years=R.count(row["period_years"]), n=R.count(row["participants"]),
                          per_year=R.money(row["cost_per_participant_year_pln"])))
    if row["scope"] == "operator_part":
        points.append(R.t("limit_operator_part"))
    if bool(row["eu_may_include_state_budget"]):
        points.append(R.t("limit_eu_state"))
    if row["end_date_latest_basis"] == "finished_by":
        figs = R.data["figures"]
        done = figs[(figs["project_id"] == pid) & (figs["measure"] == "finished_by_date")].iloc[0]
        publisher = R.data["sources"].set_index("source_id").at[done["source_id"], "publisher"]
        points.append(R.t("limit_finished_by", date=pd.Timestamp(done["date_upper"]).strftime("%d.%m.%Y"),
                          publisher=publisher))
    if row["participants_status"] == "planned":
        points.append(R.t("limit_targets_only"))
    return points


def _service_reach(R: Report, pid: str) -> float:
    """The services' reach in persons, added up (a person using two services counts twice)."""
    svc = R.data["services"]
    mine = svc[(svc["project_id"] == pid) & (svc["measure"] == "service_reach") & (svc["unit"] == "persons")
               & svc["is_primary"].astype(bool) & (svc["status"] == "achieved")]
    return float(mine["value"].fillna(mine["value_lower"]).sum())


def people_lines(R: Report, pid: str) -> str | None:
    """Shares among participants and the attainment of a target where both are printed (CWIS: 81 of min. 50)."""
    row = R.project(pid)
    items = [R.t(key, share=R.share(row[col])) for key, col in (("share_women", "women_share"),
                                                              ("share_disabled", "disabled_share"))
             if _is(row[col])]
    lines = []
    if items:
        lines.append(R.t("shares_line", n=R.count(row["participants"]), items=rx.join_list(items, R.lang)))
    attained = attainment(R.data["participants"], pid)
    if attained is not None:
        lines.append(R.t("attainment_line", what=R.cap("participants"), achieved=R.count(attained["achieved"]),
                         planned=R.bounded(attained["planned"], attained["planned"], None, attained["qualifier"],
                                           "count"), share=R.share(attained["share"], 0)))
    return sections.md(" ".join(lines)) if lines else None


def attainment(participants: pd.DataFrame, pid: str) -> dict | None:
    """Achieved participants against the planned number, where both are printed for the whole project: the
    achieved count over the plan's number (a 'min.' plan is its number)."""
    p = participants[(participants["project_id"] == pid) & (participants["group"] == "total")
                     & participants["is_primary"].astype(bool)]
    done, plan = p[p["status"] == "achieved"], p[p["status"] == "planned"]
    if done.empty or plan.empty or not _is(done["value"].iloc[0]):
        return None
    planned = plan["value"].fillna(plan["value_lower"]).iloc[0]
    if not _is(planned) or planned == 0 or done["unit"].iloc[0] != plan["unit"].iloc[0]:
        return None
    return {"achieved": float(done["value"].iloc[0]), "planned": float(planned),
            "qualifier": plan["qualifier"].iloc[0], "share": float(done["value"].iloc[0]) / float(planned)}


def rules_table(R: Report) -> str:
    """The comparisons' table of reference rules: each with its scope, value as printed and source."""
    sections.heading(R, "sec_rules_table")
    sections.md(R.t("rules_intro"))
    rules = R.data["rules"]
    out = pd.DataFrame({
        "column_rule": [rule_name(R, r) for _, r in rules.iterrows()],
        "column_scope": [scope_text(R, r) for _, r in rules.iterrows()],
        "column_value_as_printed": [str(x) for x in rules["value_as_printed"]],
        "source": [r["source_id"] if _is(r["source_id"]) else R.t("programme_cap") for _, r in rules.iterrows()],
    })
    return sections.table(R, out, data=rules, stem="comparisons-rules")


def rule_checks_table(R: Report) -> str:
    """The comparisons' table of projects against the rules that bind them (other scopes are in the profiles)."""
    sections.heading(R, "sec_rule_checks", level=3)
    checks = R.data["rule_checks"]
    binding = checks[checks["binding"].astype(bool)]
    binding = binding[binding["project_id"].isin(R.projects["project_id"])]
    rules = R.data["rules"].set_index("rule_id")
    out = pd.DataFrame({
        "project": [R.names[p] for p in binding["project_id"]],
        "column_rule": [rule_name(R, rules.loc[r]) for r in binding["rule_id"]],
        "column_rule_value": [R.share(x, 0) if _is(x) else "—" for x in binding["rule_value"]],
        "column_project_value": [project_value_text(R, c) for _, c in binding.iterrows()],
        "column_outcome": [outcome_text(R, c) for _, c in binding.iterrows()],
    })
    return sections.table(R, out, data=binding, stem="comparisons-rule-checks")


__all__ = ["project_rules", "limits", "limit_points", "people_lines", "attainment", "rules_table",
           "rule_checks_table", "rule_name", "scope_text", "project_value_text", "outcome_text"]
