"""The comparisons report, section by section (notebooks/comparisons.ipynb calls one function per cell)."""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
import pandas as pd

from analysis.report import charts, findings, overview, sections
from analysis.report import data as rd
from analysis.report.labels import LABELS
from analysis.report.setup import Report

MIN_SERVICE_ROWS = 3
"""A project gets a services chart when it lists at least this many services with a reach or hours."""


def header(R: Report) -> str:
    return sections.header(R, "title_comparisons")


def main_points(R: Report) -> str:
    return sections.main_points(R, findings.comparisons_main_points(R))


def units(R: Report, projects: pd.DataFrame | None = None) -> pd.DataFrame:
    p = R.projects if projects is None else projects
    return rd.unit_economics(p, R.data["services"], R.base_year, outcomes=R.data["outcomes"], cpi=R.data["cpi"],
                             programmes=R.data["programmes"])


def _metric_text(R: Report, r: Any, real: bool = False) -> str:
    pre = "real_" if real else ""
    q = getattr(r, f"{pre}qualifier")
    return R.bounded(getattr(r, f"{pre}value"), getattr(r, f"{pre}value_lower"), getattr(r, f"{pre}value_upper"),
                     q if isinstance(q, str) else None, r.kind)


def _metric_column(R: Report, u: pd.DataFrame, metric: str, ids: pd.Series, real: bool = False) -> list[str]:
    m = u[u["metric"] == metric].set_index("project_id")
    return [_metric_text(R, m.loc[i], real) if i in m.index else "—" for i in ids]


def cost_table(R: Report) -> str:
    """Cost per participant and, where both dates are printed to the month or day, per participant-month."""
    sections.heading(R, "sec_costs")
    p = R.projects
    u = units(R)
    planned = R.t("planned_suffix")
    out = pd.DataFrame({
        "title": [R.names[i] for i in p["project_id"]],
        "comparison_group": [R.cap(f"group_{k}") for k in p["comparison_group"]],
        "period": [rd.period_text(r) for r in p.itertuples(index=False)],
        "duration_months": [R.count(x) if pd.notna(x) else "—" for x in p["duration_months"]],
        "participants": [R.bounded_col(r, "participants", "count") + (
            planned if r.participants_status == "planned" and isinstance(r.participants_qualifier, str) else "")
            for r in p.itertuples(index=False)],
        "cost_per_participant_nominal": _metric_column(R, u, "cost_per_participant", p["project_id"]),
        R.t("cost_per_participant_real", year=R.base_year): _metric_column(R, u, "cost_per_participant",
                                                                           p["project_id"], True),
        "cost_per_participant_month": _metric_column(R, u, "cost_per_participant_month", p["project_id"]),
        R.t("cost_per_participant_month_real", year=R.base_year): _metric_column(
            R, u, "cost_per_participant_month", p["project_id"], True),
        "price_year": [overview.price_year_text(R, r) for r in p.itertuples(index=False)],
    })
    keep = [c != "—" for c in out["cost_per_participant_nominal"]]
    name = "comparisons-costs.csv" if R.lang == "en" else "porownania-koszty.csv"
    return sections.table(R, out[keep], csv_name=name)


def cost_chart(R: Report) -> str | None:
    return overview.cost_chart(R)


def funding_by_programme(R: Report) -> str:
    sections.heading(R, "sec_funding_programme")
    by_prog = rd.funding_by_programme(R.projects, R.data["programmes"])
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
    fig, ax = overview._figure(len(progs))
    maxima = R.data["programmes"].set_index("programme_id")["max_eu_share"]
    overview.stacked_shares(R, ax, by_prog, "programme", progs, maxima)
    ax.set_yticks(np.arange(len(progs)), [rd.chart_text(textwrap.shorten(R.programme_name(x), 50, placeholder="…"))
                                          for x in progs])
    unknown = by_prog[(by_prog["source"] == rd.UNSPECIFIED) & (by_prog["share"] > 0.999)]
    message = R.t("chart_programme_finding2", n=R.n(len(progs), "programme"), n_unknown=R.count(len(unknown)))
    charts.figure_title(fig, rd.chart_text(message))
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
    rates = rd.outcome_rates(R.projects, outs[outs["project_id"].isin(R.projects["project_id"])])
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


def service_projects(R: Report) -> list[str]:
    """Projects (in the report's selection) that list enough services with a reach or hours to chart."""
    svc = R.data["services"]
    svc = svc[svc["is_primary"].astype(bool) & svc["measure"].isin(["service_reach", "service_hours"])
              & (svc["qualifier"] != "unquantified") & svc["project_id"].isin(R.projects["project_id"])]
    counts = svc.groupby("project_id", sort=False).size()
    return [str(i) for i in counts.index[counts >= MIN_SERVICE_ROWS]]


def service_chart(R: Report, project_id: str) -> str:
    """Reach or hours of each service of one project (one measure per chart)."""
    svc = R.data["services"]
    rows = svc[(svc["project_id"] == project_id) & svc["is_primary"].astype(bool)
               & (svc["qualifier"] != "unquantified")]
    measure = "service_reach" if (rows["measure"] == "service_reach").sum() >= MIN_SERVICE_ROWS else "service_hours"
    rows = rows[rows["measure"] == measure].sort_values("value", ascending=False, kind="stable")
    fig, ax = overview._figure(len(rows))
    labels = [rd.chart_text(textwrap.shorten(f"{s} [{R.t('unit_' + u)}]", 70, placeholder="…"))
              for s, u in zip(rows["service"], rows["unit"])]
    charts.ranged_barh(ax, labels, rows["value"], rows["value_lower"], rows["value_upper"], rows["qualifier"],
                       R.lang, "count", planned=rows["status"])
    top = rows.iloc[0]
    if measure == "service_reach":
        message = R.t("chart_services_finding2", title=R.names[project_id], n=R.n(len(rows), "service"),
                      top=top["service"], top_reach=R.count(top["value"]))
    else:
        total = rows.loc[rows["qualifier"] == "exact", "value"].sum()
        message = R.t("chart_hours_finding2", title=R.names[project_id], hours=R.n(total, "hour"),
                      n=R.count(len(rows)))
    charts.figure_title(fig, rd.chart_text(message))
    charts.show(fig, alt=R.t("alt_services", message=message),
                source=sections.chart_source(R, rows["source_id"].unique(), real=False))
    return message


def services(R: Report) -> list[str]:
    sections.heading(R, "sec_services")
    ids = service_projects(R)
    if not ids:
        sections.md(R.t("no_data"))
    return [service_chart(R, i) for i in ids]


BUDGET_RATIOS = ("budget_per_employed", "budget_per_qualification")
UNIT_METRICS = ("cost_per_programme_hour", "grant_per_programme_hour", "own_contribution_per_participant",
                "eu_share", "external_share")


def budget_ratios(R: Report) -> str | None:
    """Unit costs other than per participant; then, apart and labelled, the whole budget per outcome."""
    u = units(R)
    sections.heading(R, "sec_unit_economics")
    unit = u[u["metric"].isin(UNIT_METRICS)]
    if len(unit):
        sections.table(R, _unit_table(R, unit))
    ratios = u[u["metric"].isin(BUDGET_RATIOS)]
    if ratios.empty:
        return None
    sections.heading(R, "sec_budget_ratios", level=3)
    return sections.table(R, _unit_table(R, ratios))


def _unit_table(R: Report, u: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "title": [R.names[i] for i in u["project_id"]],
        "metric": [R.cap(f"metric_{m}") for m in u["metric"]],
        "nominal": [_metric_text(R, r) for r in u.itertuples()],
        R.t("real", year=R.base_year): [_metric_text(R, r, True) if r.kind == "money" else "" for r in u.itertuples()],
        "programme_maximum": [R.share(x) for x in u["maximum"]],
        "basis": [R.t(b) for b in u["basis"]],
    })


def method(R: Report) -> str:
    sections.heading(R, "sec_method", level=3)
    cpi = R.data["cpi"]
    p = R.projects
    ranged = p[p.get("price_year_basis", pd.Series(dtype="str")) == "eligibility_window"]
    no_dates = p[p["price_year_lower"].isna()] if "price_year_lower" in p.columns else p[p["price_year"].isna()]
    text = R.t("method_note2", year=R.base_year, first=int(cpi["year"].min()), last=int(cpi["year"].max()),
               source=rd.md_escape(cpi.sort_values("year")["source"].iloc[0]),
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
           "outcomes", "reach", "services", "budget_ratios", "method", "sources", "appendix", "service_projects"]
