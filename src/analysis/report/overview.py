"""The overview report, section by section (notebooks/overview.ipynb calls one function per cell)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.report import charts, findings, sections
from analysis.report import data as rd
from analysis.report.setup import Report


def header(R: Report) -> str:
    return sections.header(R, "title_overview")


def main_points(R: Report) -> str:
    return sections.main_points(R, findings.overview_main_points(R))


def _planned(p: pd.DataFrame) -> pd.Series:
    """True where a project's cost rests on a target (planned participants or a planned budget)."""
    return (p["participants_status"].eq("planned") | p["total_value_status"].eq("planned")).fillna(False)


def eu_share_text(R: Report, row: Any) -> str:
    """The EU share, or why there is none: 'no EU money named' where the funding names no EU money."""
    share = row.eu_share
    if not pd.isna(share):
        return R.share(share)
    if row.funder != "eu":
        return R.t("no_eu_named")
    return "—"


def price_year_text(R: Report, row: Any) -> str:
    lo, hi = getattr(row, "price_year_lower", pd.NA), getattr(row, "price_year_upper", pd.NA)
    if pd.isna(lo):
        return "—"
    return str(int(lo)) if lo == hi else f"{int(lo)}–{int(hi)}"


def key_figures(R: Report, projects: pd.DataFrame | None = None) -> pd.DataFrame:
    """Cost, EU share and reach first, then budget, programme, period and status (every cell formatted text)."""
    p = (R.projects if projects is None else projects).reset_index(drop=True)
    planned = R.t("planned_suffix")
    as_of = findings.reference_date(R.data["sources"], R.data["cpi"])

    def with_status(text: str, status: object) -> str:
        return text + (planned if status == "planned" and text != "—" else "")

    return pd.DataFrame({
        "title": [R.names[i] for i in p["project_id"]],
        "cost_per_participant_nominal": [R.bounded_col(r, "cost_per_participant", suffix="_pln")
                                         for r in p.itertuples(index=False)],
        R.t("cost_per_participant_real", year=R.base_year): [
            R.bounded_col(r, "cost_per_participant_real", suffix="_pln") for r in p.itertuples(index=False)],
        "eu_share": [eu_share_text(R, r) for r in p.itertuples(index=False)],
        "participants": [with_status(R.bounded_col(r, "participants", "count"), r.participants_status)
                         for r in p.itertuples(index=False)],
        "total_value": [with_status(R.bounded(r.total_value_pln, r.total_value_lower_pln, r.total_value_pln,
                                              r.total_value_qualifier), r.total_value_status)
                        for r in p.itertuples(index=False)],
        "programme": [R.programme_name(x) for x in p["programme"]],
        "period": [rd.period_text(r) for r in p.itertuples(index=False)],
        "status": [findings.status_short(r, as_of, R.lang) for _, r in p.iterrows()],
    }).astype("str")


def key_table(R: Report) -> str:
    sections.heading(R, "sec_key_figures")
    p = R.projects
    sort_key = p["cost_per_participant_real_pln"].fillna(p["cost_per_participant_real_lower_pln"])
    shown = rd.top_and_bottom(p, sort_key)
    name = "overview-key-figures.csv" if R.lang == "en" else "przeglad-kluczowe-dane.csv"
    return sections.table(R, key_figures(R, shown), csv_name=name)


def _kind_order(frame: pd.DataFrame) -> pd.DataFrame:
    kinds = {k: i for i, k in enumerate(rd.COMPARISON_GROUPS)}
    return frame.assign(_kind=frame["comparison_group"].map(kinds))


def cost_chart(R: Report) -> str | None:
    """Nominal and real cost per participant, one panel per kind of project (each its own scale); targets hollow."""
    sections.heading(R, "sec_cost_real")
    cost = R.projects[R.projects["cost_per_participant_qualifier"].notna()].copy()
    if cost.empty:
        return sections.md(R.t("no_data"))
    cost["_sort"] = (cost["cost_per_participant_real_pln"].fillna(cost["cost_per_participant_real_lower_pln"])
                     .fillna(cost["cost_per_participant_real_upper_pln"]))
    cost = _kind_order(rd.top_and_bottom(cost, "_sort"))
    cost = cost.sort_values(["_kind", "_sort", "cost_per_participant_pln"], na_position="last", kind="stable")
    cost["_label"] = [rd.chart_text(R.short[i]) for i in cost["project_id"]]
    cost["_planned"] = _planned(cost)
    fig, _ = charts.ranged_barh_by_group(
        cost, group="comparison_group", labels="_label",
        measures=[charts.Measure.of("cost_per_participant", R.cap("nominal"), suffix="_pln"),
                  charts.Measure.of("cost_per_participant_real", R.cap("real", year=R.base_year), suffix="_pln")],
        lang=R.lang, group_titles={g: R.cap(f"group_{g}") for g in rd.COMPARISON_GROUPS}, planned="_planned")
    message = cost_message(R, cost)
    charts.figure_title(fig, rd.chart_text(message))
    charts.show(fig, alt=R.t("alt_cost", message=message), source=sections.chart_source(R))
    return message


def cost_message(R: Report, cost: pd.DataFrame) -> str:
    """'Cost per participant in 2025 prices: EU-co-financed projects PLN 8,636–15,235; …' (real, by kind)."""
    parts = []
    results = cost[~_planned(cost)]  # targets are drawn (hollow) but not summarised as results
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


def outcomes_chart(R: Report) -> str | None:
    """Outcome rates among participants; targets hollow; plain words (the ESF codes are in a note)."""
    sections.heading(R, "sec_outcomes")
    outs = R.data["outcomes"]
    rates = rd.outcome_rates(R.projects, outs[outs["project_id"].isin(R.projects["project_id"])])
    shown = rates[rates["rate_qualifier"].notna()]
    if not R.show_planned:
        shown = shown[shown["status"] != "planned"]
    if shown.empty:
        return sections.md(R.t("no_data"))
    labels = [rd.chart_text(f"{R.short[r.project_id]}: {R.t(f'outcome_{r.indicator}')}") for r in shown.itertuples()]
    fig, ax = _figure(len(shown))
    charts.ranged_barh(ax, labels, shown["rate"], shown["rate_lower"], shown["rate_upper"], shown["rate_qualifier"],
                       R.lang, "share", planned=shown["status"])
    points = findings.outcome_points(R, R.projects)
    message = points[0] if points else R.t("chart_outcome_title")
    charts.figure_title(fig, rd.chart_text(_plain(message)))
    charts.show(fig, alt=R.t("alt_outcomes", message=_plain(message)), source=sections.chart_source(R, real=False))
    sections.md(R.t("outcome_note"))
    return message


def _plain(markdown_text: str) -> str:
    """Markdown-escaped text back to plain text (chart titles and alt texts are not Markdown)."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown_text).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def _figure(rows: int, width: float = 11.0):
    import matplotlib.pyplot as plt

    # constrained layout: charts.show can then redraw the figure at phone width with room for titles and legends
    return plt.subplots(figsize=(width, 0.45 * rows + 2.2), layout="constrained")


def reach_chart(R: Report) -> str | None:
    sections.heading(R, "sec_reach")
    reach = R.projects[R.projects["participants_qualifier"].notna()].copy()
    if reach.empty:
        return sections.md(R.t("no_data"))
    reach["_v"] = reach["participants"].fillna(reach["participants_upper"])
    reach = rd.top_and_bottom(reach, "_v").sort_values("_v", ascending=False, kind="stable")
    fig, ax = _figure(len(reach))
    charts.ranged_barh(ax, [rd.chart_text(R.short[i]) for i in reach["project_id"]], reach["participants"],
                       reach["participants_lower"], reach["participants_upper"], reach["participants_qualifier"],
                       R.lang, "count", planned=reach["participants_status"])
    achieved = reach[reach["participants_status"] == "achieved"]
    total = rd.sum_bounded(achieved, "participants", "participants_lower", "participants_upper",
                           "participants_qualifier")
    message = R.t("chart_reach_title", total=R.bounded(total[0], total[1], total[2], total[3], "count"),
                  planned=R.n(int((reach["participants_status"] == "planned").sum()), "project"))
    charts.figure_title(fig, rd.chart_text(message))
    charts.show(fig, alt=R.t("alt_reach", message=message), source=sections.chart_source(R, real=False))
    return message


FUNDING_COLOURS = dict(zip([*rd.FUNDING_PARTS, rd.UNSPECIFIED],
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
                hatch="///" if source == rd.UNSPECIFIED else None, label=R.cap(source))
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


def funding_chart(R: Report) -> str | None:
    sections.heading(R, "sec_funding_mix")
    mix = rd.funding_mix(R.projects)
    if mix.empty:
        return sections.md(R.t("no_data"))
    ids = list(dict.fromkeys(mix["project_id"]))
    fig, ax = _figure(len(ids))
    stacked_shares(R, ax, mix, "project_id", ids, R.projects.set_index("project_id")["max_eu_share"])
    ax.set_yticks(np.arange(len(ids)), [rd.chart_text(R.short[i]) for i in ids])
    message = findings.eu_max_point(R, R.projects) or R.t("chart_funding_title")
    charts.figure_title(fig, rd.chart_text(message))
    charts.show(fig, alt=R.t("alt_funding", message=message), source=sections.chart_source(R, real=False))
    return message


def ranking(R: Report) -> str:
    """Ranked results by kind; bounds with the ranks they could take; targets and projects without a real cost
    listed apart, never ranked."""
    sections.heading(R, "sec_ranking")
    rank = rd.ranking(R.projects)
    p = R.projects.set_index("project_id")
    shown = rank[rank["group"].isin([rd.RANKED, rd.BOUNDED, rd.PLANNED])]

    def note(r: Any) -> str:
        if r.group == rd.PLANNED:
            return R.t("rank_planned")
        if r.group == rd.BOUNDED:
            return R.t("note_bound", best=r.best_rank, worst=r.worst_rank)
        return R.t("note_about") if r.qualifier == "about" else ""

    out = pd.DataFrame({
        "comparison_group": [R.cap(f"group_{k}") for k in shown["comparison_group"]],
        "rank": [str(x) if pd.notna(x) else "—" for x in shown["rank"]],
        "title": [R.names[i] for i in shown["project_id"]],
        R.t("cost_per_participant_real", year=R.base_year): [
            R.bounded(r.value, r.value_lower, r.value_upper, r.qualifier) for r in shown.itertuples()],
        "cost_per_participant_nominal": [R.bounded_col(p.loc[i], "cost_per_participant", suffix="_pln")
                                         for i in shown["project_id"]],
        "price_year": [price_year_text(R, p.loc[i]) for i in shown["project_id"]],
        "note": [note(r) for r in shown.itertuples()],
    })
    markup = sections.table(R, out) if len(out) else sections.md(R.t("no_data"))
    not_comparable = rank[rank["group"] == rd.NOT_COMPARABLE]
    sections.heading(R, "sec_not_comparable", level=3)
    if len(not_comparable):
        listed = not_comparable.head(rd.MAX_ROWS)
        sections.md(findings.bullets([f"{rd.md_escape(R.names[r.project_id])} — "
                                      f"{rd.md_escape(rd.reason_label(r.note, R.lang))}"
                                      for r in listed.itertuples()]))
    else:
        sections.md(R.t("no_data"))
    return markup


def coverage_table(R: Report) -> pd.DataFrame:
    cov = rd.coverage(R.projects, R.data["outcomes"]).head(rd.MAX_ROWS)
    out = pd.DataFrame({"title": [R.names[i] for i in cov.index]})
    for column in cov.columns:
        out[R.t(f"has_{column}")] = ["✓" if x else "—" for x in cov[column]]
    return out


def caveats(R: Report) -> str:
    return sections.caveats(R, R.projects)


def sources(R: Report) -> str:
    return sections.sources(R)


def appendix(R: Report) -> str:
    from analysis.report.sections import _Html

    return sections.appendix(R, R.projects, extra=[_Html(sections.table_html(R, coverage_table(R)))])


__all__ = ["header", "main_points", "key_table", "cost_chart", "outcomes_chart", "reach_chart", "funding_chart",
           "ranking", "caveats", "sources", "appendix", "key_figures"]
