"""The overview report, section by section (notebooks/overview.ipynb calls one function per cell)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.report import charts, findings, sections, shared
from analysis.report import tables as rt
from analysis.report import text as rx
from analysis.report.setup import Report


def header(R: Report) -> str:
    return sections.header(R, "title_overview")


def main_points(R: Report) -> str:
    return sections.main_points(R, findings.overview_main_points(R))


def eu_share_text(R: Report, row: Any) -> str:
    """The EU share, or why there is none: 'no EU money named' where the funding names no EU money."""
    share = row.eu_share
    if not pd.isna(share):
        return R.share(share)
    if row.funder != "eu":
        return R.t("no_eu_named")
    return "—"


def key_figures(R: Report, projects: pd.DataFrame | None = None) -> pd.DataFrame:
    """Cost, EU share and reach first, then budget, programme, period and status (every cell formatted text)."""
    p = (R.projects if projects is None else projects).reset_index(drop=True)
    planned = R.t("planned_suffix")

    def with_status(text: str, status: object) -> str:
        return text + (planned if status == "planned" and text != "—" else "")

    kinds = p["project_id"].map(rt.peer_groups(p)).astype("str")
    return pd.DataFrame({
        "title": [R.names[i] for i in p["project_id"]],
        # one narrow column for the two groupings of the rows (the table is ordered by kind, then centre)
        "centre_and_kind": [f"{o}; {findings.peer_kind_cell(R, str(k))}"
                            for o, k in zip(p["operator"].fillna("—").astype("str"), kinds, strict=True)],
        "cost_per_participant_nominal": [R.bounded_col(r, "cost_per_participant", suffix="_pln")
                                         for r in p.itertuples(index=False)],
        R.t("cost_per_participant_real", year=R.base_year): [
            R.bounded_col(r, "cost_per_participant_real", suffix="_pln") for r in p.itertuples(index=False)],
        "eu_share": [eu_share_text(R, r) for r in p.itertuples(index=False)],
        "participants": [with_status(R.quantity(r.participants, r.participants_lower, r.participants_upper,
                                                r.participants_qualifier, "recipients")
                                     if r.participants_measure == "recipients"
                                     else R.bounded_col(r, "participants", "count"), r.participants_status)
                         for r in p.itertuples(index=False)],
        "total_value": [with_status(R.bounded(r.total_value_pln, r.total_value_lower_pln, r.total_value_pln,
                                              r.total_value_qualifier), r.total_value_status)
                        for r in p.itertuples(index=False)],
        "programme": [R.programme_name(x) for x in p["programme"]],
        "status": [findings.status_short(r, R) for _, r in p.iterrows()],
    }).astype("str")


def key_table_order(p: pd.DataFrame) -> pd.Series:
    """What the key table keeps the cheapest and dearest by when it is too long: the real cost per participant, or
    the bound printed where only a bound is known."""
    return (p["cost_per_participant_real_pln"].fillna(p["cost_per_participant_real_lower_pln"])
            .fillna(p["cost_per_participant_real_upper_pln"]))


def key_table(R: Report) -> str:
    sections.heading(R, "sec_key_figures")
    p = R.projects
    sort_key = key_table_order(p)
    shown = rt.by_kind_and_centre(rt.top_and_bottom(p, sort_key))
    return sections.table(R, key_figures(R, shown), data=shared.project_data(R, p, shared.KEY_COLUMNS),
                          stem="overview-key-figures")


def cost_chart(R: Report) -> str | None:
    return shared.cost_chart(R)


def outcomes_chart(R: Report) -> str | None:
    """Outcome rates among participants: results and targets in panels of their own, each on an axis that ends at
    100%; plain words (the ESF codes are in a note)."""
    sections.heading(R, "sec_outcomes")
    outs = R.data["outcomes"]
    rates = rt.outcome_rates(R.projects, outs[outs["project_id"].isin(R.projects["project_id"])])
    shown = rates[rates["rate_qualifier"].notna()].copy()
    if not R.show_planned:
        shown = shown[shown["status"] != "planned"]
    if shown.empty:
        return sections.md(R.t("no_data"))
    shown["_panel"] = np.where(shown["status"].eq("planned"), "targets", "results")
    shown = shown.sort_values("_panel", key=lambda s: s.map({"results": 0, "targets": 1}), kind="stable")
    shown["_label"] = [rx.chart_text(f"{R.short[r.project_id]}: {R.t(f'outcome_{r.indicator}')}")
                       for r in shown.itertuples()]
    fig, _ = charts.ranged_barh_by_group(
        shown, group="_panel", labels="_label", measures=charts.Measure.of("rate", kind="share"), lang=R.lang,
        group_titles={"results": R.cap("outcome_panel_results"), "targets": R.cap("outcome_panel_targets")},
        planned="status")
    points = findings.outcome_points(R, R.projects)
    message = points[0] if points else R.t("chart_outcome_title")
    charts.figure_title(fig, rx.chart_text(shared.plain(message)))
    sections.chart(R, fig, alt=R.t("alt_outcomes", message=shared.plain(message)),
                   data=shared.outcome_data(R, shown), stem="overview-outcomes", real=False)
    sections.md(R.t("outcome_note"))
    return message


def reach_chart(R: Report) -> str | None:
    sections.heading(R, "sec_reach")
    reach = R.projects[R.projects["participants_qualifier"].notna()].copy()
    if reach.empty:
        return sections.md(R.t("no_data"))
    reach["_v"] = reach["participants"].fillna(reach["participants_upper"])
    reach = rt.top_and_bottom(reach, "_v").sort_values("_v", ascending=False, kind="stable")
    fig, ax = shared.figure(len(reach))
    names = [R.short[r.project_id] + (R.t("reach_recipients_suffix") if r.participants_measure == "recipients"
                                      else "") for r in reach.itertuples(index=False)]
    charts.ranged_barh(ax, [rx.chart_text(x) for x in names], reach["participants"],
                       reach["participants_lower"], reach["participants_upper"], reach["participants_qualifier"],
                       R.lang, "count", planned=reach["participants_status"])
    achieved = reach[(reach["participants_status"] == "achieved") & rt.counts_participants(reach)]
    total = rt.sum_column(achieved, "participants")
    message = R.t("chart_reach_title2", total=R.bounded(total[0], total[1], total[2], total[3], "count"),
                  targets=findings.targets_only_text(R, R.projects))
    charts.figure_title(fig, rx.chart_text(message))
    sections.chart(R, fig, alt=R.t("alt_reach", message=message),
                   data=shared.project_data(R, reach, shared.REACH_COLUMNS), stem="overview-reach", real=False)
    return message


def funding_chart(R: Report) -> str | None:
    sections.heading(R, "sec_funding_mix")
    mix = rt.funding_mix(R.projects)
    if mix.empty:
        return sections.md(R.t("no_data"))
    ids = list(dict.fromkeys(mix["project_id"]))
    fig, ax = shared.figure(len(ids))
    shared.stacked_shares(R, ax, mix, "project_id", ids, R.projects.set_index("project_id")["max_eu_share"])
    ax.set_yticks(np.arange(len(ids)), [rx.chart_text(R.short[i]) for i in ids])
    at_cap = findings.eu_at_cap(R.projects)
    n_split = int(rt.funding_mix(R.projects).groupby("project_id")["complete"].first().sum())
    message = (R.t("chart_funding_finding", n=R.count(len(ids)), n_split=R.count(n_split),
                   at_max=R.count(at_cap[0]), max=R.share(at_cap[1]))
               if at_cap else R.t("chart_funding_title"))
    charts.figure_title(fig, rx.chart_text(message))
    sections.chart(R, fig, alt=R.t("alt_funding", message=message), data=shared.mix_data(R, mix),
                   stem="overview-funding", real=False)
    return message


def ranking(R: Report) -> str:
    """Ranked results by kind; bounds with the ranks they could take; targets and projects without a real cost
    listed apart, never ranked."""
    sections.heading(R, "sec_ranking")
    rank = rt.ranking(R.projects)
    p = R.projects.set_index("project_id")
    shown = rank[rank["group"].isin([rt.RANKED, rt.BOUNDED, rt.PLANNED])]

    def note(r: Any) -> str:
        if r.group == rt.PLANNED:
            return R.t("rank_planned")
        if r.group == rt.BOUNDED:
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
        "price_year": [shared.price_year_text(R, p.loc[i]) for i in shown["project_id"]],
        "note": [note(r) for r in shown.itertuples()],
    })
    # the ranks with the project's own cost columns (the ranking's sort key is not a cost of its own)
    data = shown[["project_id", "comparison_group", "group", "rank", "best_rank", "worst_rank"]].merge(
        shared.project_data(R, R.projects, ["cost_per_participant_real", "cost_per_participant", "price_year"]),
        on="project_id")
    markup = (sections.table(R, out, data=data, stem="overview-ranking") if len(out)
              else sections.md(R.t("no_data")))
    not_comparable = rank[rank["group"] == rt.NOT_COMPARABLE]
    sections.heading(R, "sec_not_comparable", level=3)
    if len(not_comparable):
        listed = not_comparable.head(rt.MAX_ROWS)
        sections.md(findings.bullets([f"{rx.md_escape(R.names[r.project_id])} — "
                                      f"{rx.md_escape(rx.reason_label(r.note, R.lang))}"
                                      for r in listed.itertuples()]))
    else:
        sections.md(R.t("no_data"))
    return markup


def coverage_table(R: Report) -> pd.DataFrame:
    cov = rt.coverage(R.projects, R.data["outcomes"]).head(rt.MAX_ROWS)
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

    coverage = rt.coverage(R.projects, R.data["outcomes"]).reset_index()
    table = sections.table_html(R, coverage_table(R))
    download = sections.data_download(R, coverage, "overview-coverage").html
    return sections.appendix(R, R.projects, extra=[_Html(f'{table}\n<p class="download">{download}</p>')])


__all__ = ["header", "main_points", "key_table", "cost_chart", "outcomes_chart", "reach_chart", "funding_chart",
           "ranking", "caveats", "sources", "appendix", "key_figures"]
