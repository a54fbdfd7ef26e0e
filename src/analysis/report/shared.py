"""Charts and tables that more than one report shows: the cost chart, the funding bars, the unit costs, the
services chart and the price-year cell. The three reports (overview, comparisons, profile) import this module and
never one another, so a change to one report rebuilds only its own HTML.
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
import pandas as pd

from analysis.core.vocabulary import COMPARISON_GROUPS
from analysis.report import charts, sections
from analysis.report import tables as rt
from analysis.report import text as rx
from analysis.report.setup import Report
from analysis.report.text import plain  # noqa: F401  (the reports' one unescaping, used as shared.plain)

MIN_SERVICE_ROWS = 3
"""A project gets a services chart when it lists at least this many services with a reach or hours."""


# --- the data behind a table or chart, for its download ------------------------------------------------------------

KEY_COLUMNS = ["operator", "comparison_group", "programme", "start_date", "end_date", "status", "cost_per_participant",
               "cost_per_participant_real", "price_year", "eu_cofinancing_pln", "eu_share", "max_eu_share",
               "participants", "total_value", "source_ids"]
"""What the key table shows, as the processed projects table's columns (a prefix stands for a figure's columns)."""
ABOUT_COLUMNS = ["level", "group_id", "group_title", "group_title_en", "operator", "municipality", "scope", "programme",
                 "funder", "comparison_group", "priority_axis", "measure_code", "submeasure_code", "start_date",
                 "start_date_precision", "end_date", "end_date_precision", "duration_months", "status", "status_note",
                 "price_year", "source_ids"]
REACH_COLUMNS = ["participants", "women_count", "men_count", "disabled_count", "women_share", "source_ids"]
_FIGURE_PREFIXES = {
    "cost_per_participant": [*rt.COST],
    "cost_per_participant_real": [*rt.REAL_COST, "price_base_year"],
    "participants": [*rt.PARTICIPANTS, "participants_unit", "participants_status", "participants_measure"],
    "total_value": ["total_value_pln", "total_value_lower_pln", "total_value_qualifier", "total_value_status",
                    "total_value_basis"],
    "price_year": ["price_year", "price_year_lower", "price_year_upper", "price_year_basis"],
}


def project_data(R: Report, projects: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The projects' own figures behind a table or chart: ``project_id``, both titles, then ``columns`` of the
    processed projects table (a figure's prefix gives its value, bounds, qualifier, unit and status), as numbers
    in the report's prices."""
    names = [c for prefix in columns for c in _FIGURE_PREFIXES.get(prefix, [prefix])]
    return projects[["project_id", "title", "title_en", *dict.fromkeys(names)]].reset_index(drop=True)


def outcome_data(R: Report, rates: pd.DataFrame) -> pd.DataFrame:
    """Outcome figures as printed (``value``…``qualifier``, status and unit of processed/outcomes.csv) with the
    rates the report computes from them and the participants they are divided by."""
    outs = R.data["outcomes"].set_index("figure_id")
    figs = outs.loc[rates["figure_id"], ["value", "value_lower", "value_upper", "qualifier", "source_id"]]
    rate_columns = [c for c in rates.columns if c.startswith("rate")]
    out = pd.concat([rates[["project_id", "figure_id", "indicator", "esf_indicator", "status", "unit"]]
                     .reset_index(drop=True), figs.reset_index(drop=True), rates[rate_columns].reset_index(drop=True)],
                    axis=1)
    people = R.projects.set_index("project_id")[[*rt.PARTICIPANTS, "participants_unit"]]
    return out.merge(people, left_on="project_id", right_index=True, how="left")


def mix_data(R: Report, mix: pd.DataFrame) -> pd.DataFrame:
    """The funding mix behind a chart: each project's amount by source with its share of the total value."""
    totals = R.projects.set_index("project_id")["total_value_pln"]
    return mix.assign(total_value_pln=mix["project_id"].map(totals)).reset_index(drop=True)


def planned_rows(p: pd.DataFrame) -> pd.Series:
    """True where a project's cost rests on a target (planned participants or a planned budget)."""
    return (p["participants_status"].eq("planned") | p["total_value_status"].eq("planned")).fillna(False)


def price_year_text(R: Report, row: Any) -> str:
    lo, hi = getattr(row, "price_year_lower", pd.NA), getattr(row, "price_year_upper", pd.NA)
    if pd.isna(lo):
        return "—"
    return str(int(lo)) if lo == hi else f"{int(lo)}–{int(hi)}"


def kind_order(frame: pd.DataFrame) -> pd.DataFrame:
    kinds = {k: i for i, k in enumerate(COMPARISON_GROUPS)}
    return frame.assign(_kind=frame["comparison_group"].map(kinds))


def cost_chart(R: Report) -> str | None:
    """Nominal and real cost per participant, one panel per kind of project (each its own scale); targets hollow."""
    sections.heading(R, "sec_cost_real")
    cost = R.projects[R.projects["cost_per_participant_qualifier"].notna()].copy()
    if cost.empty:
        return sections.md(R.t("no_data"))
    cost["_sort"] = (cost["cost_per_participant_real_pln"].fillna(cost["cost_per_participant_real_lower_pln"])
                     .fillna(cost["cost_per_participant_real_upper_pln"]))
    cost = kind_order(rt.top_and_bottom(cost, "_sort"))
    cost = cost.sort_values(["_kind", "_sort", "cost_per_participant_pln"], na_position="last", kind="stable")
    cost["_label"] = [rx.chart_text(R.short[i]) for i in cost["project_id"]]
    cost["_planned"] = planned_rows(cost)
    fig, _ = charts.ranged_barh_by_group(
        cost, group="comparison_group", labels="_label",
        measures=[charts.Measure.of("cost_per_participant", R.cap("nominal"), suffix="_pln"),
                  charts.Measure.of("cost_per_participant_real", R.cap("real", year=R.base_year), suffix="_pln")],
        lang=R.lang, group_titles={g: R.cap(f"group_{g}") for g in COMPARISON_GROUPS}, planned="_planned")
    message = cost_message(R, cost)
    charts.figure_title(fig, rx.chart_text(message))
    sections.chart(R, fig, alt=R.t("alt_cost", message=message),
                   data=project_data(R, cost, ["comparison_group", "cost_per_participant", "cost_per_participant_real",
                                               "price_year", "participants", "total_value"]), stem="cost-chart")
    return message


def cost_message(R: Report, cost: pd.DataFrame) -> str:
    """'Cost per participant in 2025 prices: EU-co-financed projects PLN 8,636–15,235; …' (real, by kind)."""
    parts = []
    results = cost[~planned_rows(cost)]  # targets are drawn (hollow) but not summarised as results
    for kind, g in results.groupby("comparison_group", sort=False):
        lo = g["cost_per_participant_real_pln"].fillna(g["cost_per_participant_real_lower_pln"]).min()
        hi = g["cost_per_participant_real_pln"].fillna(g["cost_per_participant_real_upper_pln"]).max()
        if pd.isna(lo) or pd.isna(hi):
            continue
        span = R.money(lo) if lo == hi else f"{R.money(lo)}–{R.money(hi)}"
        parts.append(f"{R.t(f'group_{kind}')} {span}")
    if not parts:
        return R.cap("cost_per_participant")
    return R.t("chart_cost_finding_groups", year=R.base_year, ranges="; ".join(parts))


def figure(rows: int, width: float = 11.0):
    import matplotlib.pyplot as plt

    # constrained layout: charts.show can then redraw the figure at phone width with room for titles and legends
    return plt.subplots(figsize=(width, 0.45 * rows + 2.2), layout="constrained")


FUNDING_COLOURS = dict(zip([*rt.FUNDING_PARTS, rt.UNSPECIFIED],
                           [charts.BLUE, charts.SKY_BLUE, charts.ORANGE, charts.BLUISH_GREEN, charts.REDDISH_PURPLE,
                            "#BBBBBB"]))


def stacked_shares(R: Report, ax, mix: pd.DataFrame, key: str, rows: list[str], maxima: pd.Series) -> None:
    """Stacked horizontal bars of shares by source of money, one per row, with the programme's EU maximum."""
    from matplotlib.lines import Line2D

    y = np.arange(len(rows))
    left = np.zeros(len(rows))
    for source in [s for s in FUNDING_COLOURS if s in set(mix["source"])]:
        share = mix[mix["source"] == source].set_index(key)["share"].reindex(rows).fillna(0).to_numpy()
        ax.barh(y, share, left=left, height=0.6, color=FUNDING_COLOURS[source], edgecolor="white",
                hatch="///" if source == rt.UNSPECIFIED else None, label=R.cap(source))
        left += share
    for yi, m in zip(y, maxima.reindex(rows)):
        if pd.notna(m) and m > 0:
            ax.vlines(m, yi - 0.42, yi + 0.42, color=charts.BLACK, linewidth=2.5)
    handles, texts = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], color=charts.BLACK, linewidth=2.5))
    texts.append(f"{R.cap('programme_maximum')} ({R.t('eu')})")
    ax.legend(handles, texts, loc="upper left", bbox_to_anchor=(0, -0.1), ncols=3)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    from analysis.report.formatting import share_axis_formatter

    ax.xaxis.set_major_formatter(share_axis_formatter(R.lang))
    ax.grid(axis="y", visible=False)


def units(R: Report, projects: pd.DataFrame | None = None) -> pd.DataFrame:
    p = R.projects if projects is None else projects
    return rt.unit_economics(p, R.data["services"], R.base_year, outcomes=R.data["outcomes"], cpi=R.data["cpi"],
                             programmes=R.data["programmes"])


def metric_text(R: Report, r: Any, real: bool = False) -> str:
    pre = "real_" if real else ""
    q = getattr(r, f"{pre}qualifier")
    return R.bounded(getattr(r, f"{pre}value"), getattr(r, f"{pre}value_lower"), getattr(r, f"{pre}value_upper"),
                     q if isinstance(q, str) else None, r.kind)


def metric_column(R: Report, u: pd.DataFrame, metric: str, ids: pd.Series, real: bool = False) -> list[str]:
    m = u[u["metric"] == metric].set_index("project_id")
    return [metric_text(R, m.loc[i], real) if i in m.index else "—" for i in ids]


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
    fig, ax = figure(len(rows))
    names = rows[R.t("column_service")]
    labels = [rx.chart_text(textwrap.shorten(f"{s} [{R.t('unit_' + u)}]", 70, placeholder="…"))
              for s, u in zip(names, rows["unit"], strict=True)]
    charts.ranged_barh(ax, labels, rows["value"], rows["value_lower"], rows["value_upper"], rows["qualifier"],
                       R.lang, "count", planned=rows["status"])
    top = rows.iloc[0]
    if measure == "service_reach":
        message = R.t("chart_services_finding2", title=R.names[project_id], n=R.n(len(rows), "service"),
                      top=top[R.t("column_service")], top_reach=R.quantity(top["value"], top["value_lower"],
                                                                        top["value_upper"], top["qualifier"],
                                                                        top["unit"]))
    else:
        total = rows.loc[rows["qualifier"] == "exact", "value"].sum()
        message = R.t("chart_hours_finding2", title=R.names[project_id], hours=R.n(total, "hour"),
                      n=R.count(len(rows)))
    charts.figure_title(fig, rx.chart_text(message))
    sections.chart(R, fig, alt=R.t("alt_services", message=message), data=rows, stem=f"{project_id}-services",
                   source_ids=rows["source_id"].unique(), real=False)
    return message


BUDGET_RATIOS = ("budget_per_employed", "budget_per_qualification")
UNIT_METRICS = ("cost_per_programme_hour", "grant_per_programme_hour", "own_contribution_per_participant",
                "eu_share", "external_share")


def unit_table(R: Report, u: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "title": [R.names[i] for i in u["project_id"]],
        "metric": [R.cap(f"metric_{m}") for m in u["metric"]],
        "nominal": [metric_text(R, r) for r in u.itertuples()],
        R.t("real", year=R.base_year): [metric_text(R, r, True) if r.kind == "money" else "" for r in u.itertuples()],
        "programme_maximum": [R.share(x) for x in u["maximum"]],
        "basis": [R.t(b) for b in u["basis"]],
    })


