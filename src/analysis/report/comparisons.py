"""The comparisons report, section by section (notebooks/comparisons.ipynb calls one function per cell)."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from analysis.report import charts, evaluation, findings, sections, shared
from analysis.report import tables as rt
from analysis.report import text as rx
from analysis.report.setup import Report


def header(R: Report) -> str:
    return sections.header(R, "title_comparisons")


def main_points(R: Report) -> str:
    return sections.main_points(R, findings.comparisons_main_points(R))


def cost_table(R: Report) -> str:
    """Cost per participant and, where both dates are printed to the month or day, per participant-month."""
    sections.heading(R, "sec_costs")
    p = R.projects
    u = shared.units(R)
    planned = R.t("planned_suffix")
    out = pd.DataFrame({
        "title": [R.names[i] for i in p["project_id"]],
        "comparison_group": [R.cap(f"group_{k}") for k in p["comparison_group"]],
        "period": [rx.period_text(r) for r in p.itertuples(index=False)],
        "duration_months": [R.count(x) if pd.notna(x) else "—" for x in p["duration_months"]],
        "participants": [R.bounded_col(r, "participants", "count") + (
            planned if r.participants_status == "planned" and isinstance(r.participants_qualifier, str) else "")
            for r in p.itertuples(index=False)],
        "cost_per_participant_nominal": shared.metric_column(R, u, "cost_per_participant", p["project_id"]),
        R.t("cost_per_participant_real", year=R.base_year): shared.metric_column(R, u, "cost_per_participant",
                                                                           p["project_id"], True),
        "cost_per_participant_month": shared.metric_column(R, u, "cost_per_participant_month", p["project_id"]),
        R.t("cost_per_participant_month_real", year=R.base_year): shared.metric_column(
            R, u, "cost_per_participant_month", p["project_id"], True),
        "price_year": [shared.price_year_text(R, r) for r in p.itertuples(index=False)],
    })
    keep = [c != "—" for c in out["cost_per_participant_nominal"]]
    data = shared.project_data(R, p, ["comparison_group", "start_date", "end_date", "duration_months", "participants",
                                      "cost_per_participant", "cost_per_participant_real", "price_year"])
    month = u[u["metric"] == "cost_per_participant_month"].set_index("project_id")
    for column, name in (("value", "cost_per_participant_month_pln"), ("qualifier", "cost_per_participant_month_"
                                                                                    "qualifier"),
                         ("real_value", "cost_per_participant_month_real_pln"),
                         ("real_value_lower", "cost_per_participant_month_real_lower_pln"),
                         ("real_value_upper", "cost_per_participant_month_real_upper_pln")):
        data[name] = data["project_id"].map(month[column])
    return sections.table(R, out[keep], data=data[keep], stem="comparisons-costs")


def by_place(R: Report) -> str:
    """Each kind of project and period by voivodeship: how many projects and centres, how many with a known real
    cost per participant, their range and median (:func:`rt.peers_by_place`)."""
    sections.heading(R, "sec_by_place")
    t = rt.peers_by_place(R.projects)
    out = pd.DataFrame({
        "peer_group_col": [findings.peer_kind_cell(R, g) for g in t["peer_group"]],
        "voivodeship": [v if v not in ("", "unknown") else R.t("all_voivodeships" if v == "" else "unspecified")
                        for v in t["voivodeship"]],
        "projects_col": [R.count(x) for x in t["projects"]],
        "centres_col": [R.count(x) for x in t["centres"]],
        "known_costs_col": [R.count(x) for x in t["known_costs"]],
        R.t("cost_range_real", year=R.base_year): [
            findings.median_text(R, lo, hi) if n else "—"  # one cost: one figure, never '8 635–8 636 zł'
            for lo, hi, n in zip(t["cost_low"], t["cost_high"], t["known_costs"], strict=True)],
        "median_col": [findings.median_text(R, lo, hi) if n else "—"
                       for lo, hi, n in zip(t["median_lower"], t["median_upper"], t["known_costs"], strict=True)],
    })
    sections.table(R, out, data=t.assign(voivodeship=t["voivodeship"].replace("", "all")).rename(
                       columns={c: f"{c}_real_pln" for c in
                                                   ("cost_low", "cost_high", "median_lower", "median_upper")}),
                   stem="comparisons-by-place")
    return sections.md(R.t("by_place_note", year=R.base_year))


def cost_chart(R: Report) -> str | None:
    return shared.cost_chart(R)


def funding_by_programme(R: Report) -> str:
    """Who paid, by programme: summed over the projects whose whole split of the budget is printed (and whose budget
    is no plan), saying over which; the programmes' other projects are counted, never pooled in."""
    sections.heading(R, "sec_funding_programme")
    by_prog = rt.funding_by_programme(R.projects, R.data["programmes"])
    if by_prog.empty:
        return sections.md(R.t("no_data"))
    over = by_prog.drop_duplicates("programme")
    sections.md(R.t("funding_programme_over", projects=rx.join_list(
        [f"{rx.md_escape(R.names[i])}" for ids in over["project_ids"] for i in ids.split(" | ")], R.lang)))
    sections.table(R, pd.DataFrame({
        "programme": [R.programme_name(x) for x in by_prog["programme"]],
        "period": by_prog["period"].fillna("—"),
        R.t("projects_with_split"): [R.t("n_of_m", n=R.count(a), m=R.count(b))
                                     for a, b in zip(by_prog["projects"], by_prog["projects_with_total"], strict=True)],
        "total_value": [R.money(x) for x in by_prog["total_value_pln"]],
        "funding_source": [R.cap(x) for x in by_prog["source"]],
        "amount": [R.money(x) for x in by_prog["amount_pln"]],
        "share_of_total": [R.share(x) for x in by_prog["share"]],
    }), data=by_prog, stem="comparisons-funding-by-programme")
    progs = list(dict.fromkeys(by_prog["programme"]))
    fig, ax = shared.figure(len(progs))
    maxima = R.data["programmes"].set_index("programme_id")["max_eu_share"]
    shared.stacked_shares(R, ax, by_prog, "programme", progs, maxima)
    ax.set_yticks(np.arange(len(progs)), [rx.chart_text(textwrap.shorten(R.programme_name(x), 50, placeholder="…"))
                                          for x in progs])
    message = R.t("chart_programme_finding3", n=R.n(len(progs), "programme"),
                  projects=R.n(int(over["projects"].sum()), "project"))
    charts.figure_title(fig, rx.chart_text(message))
    sections.chart(R, fig, alt=R.t("alt_funding", message=message), data=by_prog,
                   stem="comparisons-funding-chart", real=False)
    return message


def funding_without_total(R: Report) -> str | None:
    """Money the documents name for projects whose total they do not print (the total is at least its parts)."""
    f = R.data["funding"]
    ids = R.projects.loc[R.projects["total_value_pln"].isna(), "project_id"]
    rows = f[f["project_id"].isin(ids) & f["is_primary"].astype(bool)]
    if rows.empty:
        return None
    sections.heading(R, "sec_funding_without_total", level=3)
    prog = R.projects.set_index("project_id")["programme"]
    return sections.table(R, pd.DataFrame({
        "title": [R.names[i] for i in rows["project_id"]],
        "programme": [R.programme_name(prog.get(i)) for i in rows["project_id"]],
        "funding_source": [R.cap(x) for x in rows["source_type"]],
        "amount": R.figure_cells(rows, "amount", suffix="_pln"),
        "status": [R.t(x) for x in rows["status"]],
    }), data=rows, stem="comparisons-funding-without-total")


def rules(R: Report) -> str:
    """The reference rules with their scope (:mod:`analysis.report.evaluation`)."""
    return evaluation.rules_table(R)


def rule_checks(R: Report) -> str:
    """The projects against the rules that bind them."""
    return evaluation.rule_checks_table(R)


def outcomes(R: Report) -> str:
    sections.heading(R, "sec_outcomes")
    outs = R.data["outcomes"]
    rates = rt.outcome_rates(R.projects, outs[outs["project_id"].isin(R.projects["project_id"])])
    if not R.show_planned:
        rates = rates[rates["status"] != "planned"]
    if rates.empty:
        return sections.md(R.t("no_data"))
    sections.table(R, pd.DataFrame({"title": [R.names[i] for i in rates["project_id"]],
                                    **sections.outcome_rate_columns(R, rates)}),
                   data=shared.outcome_data(R, rates), stem="comparisons-outcomes")
    return sections.md(R.t("outcome_note"))


def reach(R: Report) -> str:
    sections.heading(R, "sec_reach")
    p = R.projects[R.projects["participants_qualifier"].notna()]
    return sections.table(R, pd.DataFrame({
        "title": [R.names[i] for i in p["project_id"]],
        "participants": [R.quantity(r.participants, r.participants_lower, r.participants_upper,
                                    r.participants_qualifier, rt.reach_unit(r)) for r in p.itertuples(index=False)],
        "status": [R.t(x) for x in p["participants_status"]],
        "women_share": [R.share(x) for x in p["women_share"]],
        "people_with_disabilities": [R.count(x) for x in p["disabled_count"]],
    }), data=shared.project_data(R, p, shared.REACH_COLUMNS), stem="comparisons-reach")


def services(R: Report) -> list[str]:
    sections.heading(R, "sec_services")
    ids = shared.service_projects(R)
    if not ids:
        sections.md(R.t("no_data"))
    return [shared.service_chart(R, i) for i in ids]


def budget_ratios(R: Report) -> str | None:
    """Unit costs other than per participant; then, apart and labelled, the whole budget per outcome."""
    u = shared.units(R)
    sections.heading(R, "sec_unit_economics")
    unit = u[u["metric"].isin(shared.UNIT_METRICS)]
    if len(unit):
        sections.table(R, shared.unit_table(R, unit), data=unit, stem="comparisons-unit-costs")
    ratios = u[u["metric"].isin(shared.BUDGET_RATIOS)]
    if ratios.empty:
        return None
    sections.heading(R, "sec_budget_ratios", level=3)
    return sections.table(R, shared.unit_table(R, ratios), data=ratios, stem="comparisons-budget-per-outcome")


def method(R: Report) -> str:
    sections.heading(R, "sec_method", level=3)
    cpi = R.data["cpi"]
    p = R.projects
    ranged = p[p.get("price_year_basis", pd.Series(dtype="str")) == "eligibility_window"]
    no_dates = p[p["price_year_lower"].isna()] if "price_year_lower" in p.columns else p[p["price_year"].isna()]
    text = R.t("method_note2", year=R.base_year, first=int(cpi["year"].min()), last=int(cpi["year"].max()),
               source=rx.md_escape(cpi.sort_values("year")["source"].iloc[0]),
               n_ranged=R.n(len(ranged), "project"), n_no_dates=R.n(len(no_dates), "project"),
               windows=eligibility_windows(R))
    return sections.md(text)


def eligibility_windows(R: Report) -> str:
    """'Regional Operational Programme of Śląskie 2014–2020: 31.12.2023; …' from the programmes table."""
    progs = R.data["programmes"]
    if "eligible_until" not in progs.columns:
        return "—"
    known = progs[progs["eligible_until"].notna()]
    # names are data: escaped like every other text put into the Markdown of a report
    return "; ".join(f"{rx.md_escape(R.programme_name(r.programme_id))}: "
                     f"{pd.Timestamp(r.eligible_until).strftime('%d.%m.%Y')}"
                     for r in known.itertuples(index=False)) or "—"


def sources(R: Report) -> str:
    return sections.sources(R)


def appendix(R: Report) -> str:
    return sections.appendix(R, R.projects)


__all__ = ["header", "main_points", "cost_table", "cost_chart", "funding_by_programme", "funding_without_total",
           "rules", "rule_checks", "outcomes", "reach", "services", "budget_ratios", "method", "sources", "appendix",
           "by_place"]
