"""The comparisons report, section by section (notebooks/comparisons.ipynb calls one function per cell)."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from analysis.report import charts, findings, sections, shared
from analysis.report import tables as rt
from analysis.report import text as rx
from analysis.report.labels import LABELS
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
    return sections.table(R, out[keep], csv_name=R.t("csv_comparisons_costs"))


def cost_chart(R: Report) -> str | None:
    return shared.cost_chart(R)


def funding_by_programme(R: Report) -> str:
    sections.heading(R, "sec_funding_programme")
    by_prog = rt.funding_by_programme(R.projects, R.data["programmes"])
    if by_prog.empty:
        return sections.md(R.t("no_data"))
    sections.table(R, pd.DataFrame({
        "programme": [R.programme_name(x) for x in by_prog["programme"]],
        "period": by_prog["period"].fillna("—"),
        R.t("projects_with_total"): [R.count(x) for x in by_prog["projects"]],
        "total_value": [R.money(x) for x in by_prog["total_value_pln"]],
        "funding_source": [R.cap(x) for x in by_prog["source"]],
        "amount": [R.money(x) for x in by_prog["amount_pln"]],
        "share_of_total": [R.share(x) for x in by_prog["share"]],
    }))
    progs = list(dict.fromkeys(by_prog["programme"]))
    fig, ax = shared.figure(len(progs))
    maxima = R.data["programmes"].set_index("programme_id")["max_eu_share"]
    shared.stacked_shares(R, ax, by_prog, "programme", progs, maxima)
    ax.set_yticks(np.arange(len(progs)), [rx.chart_text(textwrap.shorten(R.programme_name(x), 50, placeholder="…"))
                                          for x in progs])
    unknown = by_prog[(by_prog["source"] == rt.UNSPECIFIED) & (by_prog["share"] > 0.999)]
    message = R.t("chart_programme_finding2", n=R.n(len(progs), "programme"), n_unknown=R.count(len(unknown)))
    charts.figure_title(fig, rx.chart_text(message))
    charts.show(fig, alt=R.t("alt_funding", message=message), source=sections.chart_source(R, real=False))
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
    }))


def outcomes(R: Report) -> str:
    sections.heading(R, "sec_outcomes")
    outs = R.data["outcomes"]
    rates = rt.outcome_rates(R.projects, outs[outs["project_id"].isin(R.projects["project_id"])])
    if not R.show_planned:
        rates = rates[rates["status"] != "planned"]
    if rates.empty:
        return sections.md(R.t("no_data"))
    sections.table(R, pd.DataFrame({"title": [R.names[i] for i in rates["project_id"]],
                                    **sections.outcome_rate_columns(R, rates)}))
    return sections.md(R.t("outcome_note"))


def reach(R: Report) -> str:
    sections.heading(R, "sec_reach")
    p = R.projects[R.projects["participants_qualifier"].notna()]
    return sections.table(R, pd.DataFrame({
        "title": [R.names[i] for i in p["project_id"]],
        "participants": [R.bounded_col(r, "participants", "count") for r in p.itertuples(index=False)],
        "unit": [R.t(f"unit_{x}") if f"unit_{x}" in LABELS else "—" for x in p["participants_unit"]],
        "status": [R.t(x) for x in p["participants_status"]],
        "women_share": [R.share(x) for x in p["women_share"]],
        "people_with_disabilities": [R.count(x) for x in p["disabled_count"]],
    }))


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
        sections.table(R, shared.unit_table(R, unit))
    ratios = u[u["metric"].isin(shared.BUDGET_RATIOS)]
    if ratios.empty:
        return None
    sections.heading(R, "sec_budget_ratios", level=3)
    return sections.table(R, shared.unit_table(R, ratios))


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
    return "; ".join(f"{R.programme_name(r.programme_id)}: {pd.Timestamp(r.eligible_until).strftime('%d.%m.%Y')}"
                     for r in known.itertuples(index=False)) or "—"


def sources(R: Report) -> str:
    return sections.sources(R)


def appendix(R: Report) -> str:
    return sections.appendix(R, R.projects)


__all__ = ["header", "main_points", "cost_table", "cost_chart", "funding_by_programme", "funding_without_total",
           "outcomes", "reach", "services", "budget_ratios", "method", "sources", "appendix"]
