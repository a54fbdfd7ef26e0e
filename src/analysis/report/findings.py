"""The findings the reports state, computed from the processed tables: main points, statuses with their date.

Every function is pure and returns text in the report's language, Markdown-ready (data text escaped with
:func:`analysis.report.text.md_escape`). No figure is typed here: each comes from the data, formatted by
:mod:`analysis.report.formatting`, counted nouns through CLDR plural rules.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.core.precision import share_at_cap
from analysis.report import tables as rt
from analysis.report import text as rx
from analysis.report.labels import label, quoted
from analysis.report.setup import Report

MAX_MAIN_POINTS = 5


# --- dates and statuses -----------------------------------------------------------------------------------------

def date_text(d: object, precision: object) -> str:
    """A date as precise as the document prints it: '2007', '03.2021', '30.11.2007'."""
    return rx.date_text(d, precision)


def reference_date(sources: pd.DataFrame, cpi: pd.DataFrame) -> pd.Timestamp:
    """The date the data are known to be compiled after: the latest ``accessed`` date of a source where recorded,
    else the last day of the CPI table's last year (that year's index is in the data, so the year has passed)."""
    if "accessed" in sources.columns:
        accessed = pd.to_datetime(sources["accessed"], errors="coerce").dropna()
        if len(accessed):
            return pd.Timestamp(accessed.max())
    return pd.Timestamp(year=int(cpi["year"].max()), month=12, day=31)


def _source_of(row: pd.Series, sources: pd.DataFrame) -> pd.Series | None:
    """The project's latest dated document (the newest word on its status), else its first undated one."""
    ids = str(row.get("source_ids", "")).split(" | ")
    found = sources[sources["source_id"].isin(ids)]
    if found.empty:
        return None
    dated = pd.to_datetime(found["published"], format="%d.%m.%Y", errors="coerce")
    return found.assign(_d=dated).sort_values("_d", ascending=False, na_position="last", kind="stable").iloc[0]


def document_date(src: pd.Series, lang: str) -> str:
    """'published 28.01.2022', 'read 2025-03-01' or 'undated', in ``lang``."""
    published = src.get("published")
    if isinstance(published, str) and published:
        return label("published_on", lang, date=published)
    accessed = src.get("accessed")
    if isinstance(accessed, str) and accessed:
        return label("accessed_on", lang, date=accessed)
    return label("undated", lang)


def end_passed(row: pd.Series, as_of: pd.Timestamp) -> bool:
    """True where a document calls a project planned or ongoing but its planned end is before ``as_of``."""
    end = row.get("end_date")
    return (str(row["status"]) in ("planned", "ongoing") and end is not None and not pd.isna(end)
            and pd.Timestamp(end) < as_of)


def status_short(row: pd.Series, as_of: pd.Timestamp, lang: str) -> str:
    """For a table cell: the document's status, or 'planned end passed (03.2021)'."""
    if end_passed(row, as_of):
        return label("status_end_passed_short", lang, end=date_text(row["end_date"], row.get("end_date_precision")))
    return label(str(row["status"]), lang)


def status_text(row: pd.Series, sources: pd.DataFrame, lang: str, as_of: pd.Timestamp, markdown: bool = True) -> str:
    """A project's status with the document that states it and that document's date; where the document calls it
    planned or ongoing but its planned end is before ``as_of``: 'ended as planned in 03.2021; results not
    published in the documents'. ``markdown``: the document's title escaped for Markdown (for a sentence); False
    for a table cell, which the table escapes for HTML itself."""
    status = str(row["status"])
    if end_passed(row, as_of):
        return label("status_end_passed", lang, end=date_text(row["end_date"], row.get("end_date_precision")))
    src = _source_of(row, sources)
    if src is None:
        return label(status, lang)
    return label("status_according", lang, status=label(status, lang),
                    document=(rx.md_escape if markdown else str)(quoted(src["title"], lang)),
                    date=document_date(src, lang))


# --- main points ------------------------------------------------------------------------------------------------

def _title(R: Report, project_id: str) -> str:
    """The project's title in quotation marks of the language, escaped for Markdown."""
    return rx.md_escape(quoted(R.names[project_id], R.lang))


def _is(x: object) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x)) and x is not pd.NA


def largest_project(projects: pd.DataFrame) -> pd.Series | None:
    """The project with the most achieved participants (exact or about), or None."""
    done = projects[(projects["participants_status"] == "achieved") & projects["participants"].notna()]
    if done.empty:
        return None
    return done.sort_values(["participants", "project_id"], ascending=[False, True], kind="stable").iloc[0]


def outcome_points(R: Report, projects: pd.DataFrame, limit: int = 1) -> list[str]:
    """'In …, at least 106 of 839 participants found work (≥ 12.6%).' for the projects with an achieved
    employment outcome (at most ``limit``), then their qualifications."""
    outcomes = R.data["outcomes"]
    rates = rt.outcome_rates(projects, outcomes[outcomes["project_id"].isin(projects["project_id"])])
    rates = rates[(rates["status"] == "achieved") & rates["count_qualifier"].notna()]
    points = []
    for pid in list(dict.fromkeys(rates.loc[rates["indicator"] == "employed", "project_id"]))[:limit]:
        p = projects.set_index("project_id").loc[pid]
        r = rates[(rates["project_id"] == pid) & (rates["indicator"] == "employed")].iloc[0]
        points.append(R.t("mp_employed", title=_title(R, pid),
                          count=R.words(r["count"], r["count_lower"], r["count_upper"], r["count_qualifier"],
                                        "count"),
                          participants=R.count(p["participants"]),
                          rate=R.words(r["rate"], r["rate_lower"], r["rate_upper"], r["rate_qualifier"], "share")))
    return points


def cost_range_point(R: Report, ranking: pd.DataFrame, kind: str) -> str | None:
    """'… a participant cost from X to Y' over the ranked costs of one kind of project and the two-sided ranges
    (a project whose price year is a range): a range's ends count, so the sentence covers every such project and
    agrees with the chart. One-sided bounds and targets are left out (they are said apart)."""
    g = ranking[ranking["comparison_group"] == kind]
    point = g.loc[g["group"] == rt.RANKED, "value"]
    ranged = g[(g["group"] == rt.BOUNDED) & g["value_lower"].notna() & g["value_upper"].notna()]
    if len(point) + len(ranged) < 2:
        return None
    low = R.money(pd.concat([point, ranged["value_lower"]]).min())
    high = R.money(pd.concat([point, ranged["value_upper"]]).max())
    if kind == "eu_project":
        return R.t("mp_cost_range", year=R.base_year, low=low, high=high)
    return R.t("mp_cost_range_kind", year=R.base_year, group=R.t(f"group_{kind}"), low=low, high=high)


def ranged_cost_points(R: Report, projects: pd.DataFrame, limit: int = 1) -> list[str]:
    """Projects whose real cost is a range because no end date is printed (the eligibility window bounds it)."""
    if "price_year_basis" not in projects.columns:
        return []
    ranged = projects[(projects["price_year_basis"] == "eligibility_window")
                      & projects["cost_per_participant_real_qualifier"].notna()]
    points = []
    for r in ranged.head(limit).itertuples(index=False):
        cost = R.words(r.cost_per_participant_real_pln, r.cost_per_participant_real_lower_pln,
                         r.cost_per_participant_real_upper_pln, r.cost_per_participant_real_qualifier)
        points.append(R.t("mp_ranged", title=_title(R, r.project_id), cost=cost, first=int(r.price_year_lower),
                          last=int(r.price_year_upper)))
    return points


def eu_max_point(R: Report, projects: pd.DataFrame) -> str | None:
    eu = projects[(projects["funder"] == "eu") & projects["eu_share"].notna() & projects["max_eu_share"].notna()]
    if eu.empty:
        return None
    at_max = int(share_at_cap(eu["eu_share"], eu["max_eu_share"]).sum())
    return R.t("mp_eu_max", max=R.share(eu["max_eu_share"].max()), at_max=R.count(at_max),
               n_eu=R.count(len(eu)))


def planned_point(R: Report, ranking: pd.DataFrame) -> str | None:
    planned = ranking[ranking["group"] == rt.PLANNED]
    if planned.empty:
        return None
    return R.t("mp_planned_only", n=R.n(len(planned), "project"))


def overview_main_points(R: Report) -> list[str]:
    """3–5 sentences, each with a figure: scope, the largest project, its outcome, the real-cost range (with a
    project known only as a range), the EU share."""
    p = R.projects
    points = [R.t("mp_scope", projects=R.n(len(p), "project"),
                  with_total=R.count(int(p["total_value_pln"].notna().sum())))]
    big = largest_project(p)
    if big is not None and _is(big["total_value_pln"]):
        points.append(R.t("mp_largest", title=_title(R, big["project_id"]),
                          participants=R.counted(big, "participants", "participant"),
                          total=R.money(big["total_value_pln"])))
    points += outcome_points(R, p)
    rank = rt.ranking(p)
    cost = cost_range_point(R, rank, "eu_project")
    if cost:
        points.append(cost)
    points += ranged_cost_points(R, p)
    eu = eu_max_point(R, p)
    if eu and len(points) < MAX_MAIN_POINTS:
        points.append(eu)
    return points[:MAX_MAIN_POINTS]


def comparisons_main_points(R: Report) -> list[str]:
    """Costs by kind of project, a project known only as a range, targets kept apart, outcomes."""
    p = R.projects
    rank = rt.ranking(p)
    ranked = rank[rank["group"] == rt.RANKED]
    points = [x for x in (cost_range_point(R, rank, k) for k in dict.fromkeys(ranked["comparison_group"])) if x]
    points += ranged_cost_points(R, p)
    planned = planned_point(R, rank)
    if planned:
        points.append(planned)
    points += outcome_points(R, p)
    if len(points) < 3:
        eu = eu_max_point(R, p)
        if eu:
            points.append(eu)
    return points[:MAX_MAIN_POINTS]


def profile_main_points(R: Report, project_id: str) -> list[str]:
    """Cost, EU share, reach, outcomes and status of one project, each with its figure or the reason it has none."""
    row = R.project(project_id)
    t = R.t
    planned = t("planned_suffix")
    points = []
    if isinstance(row["cost_per_participant_qualifier"], str):
        nominal = R.words_col(row, "cost_per_participant", suffix="_pln")
        if isinstance(row["cost_per_participant_real_qualifier"], str):
            real = R.words_col(row, "cost_per_participant_real", suffix="_pln")
            points.append(t("mp_p_cost", nominal=nominal, real=real, year=R.base_year))
        else:
            points.append(t("mp_p_cost_nominal", nominal=nominal))
        if row.get("price_year_basis") == "eligibility_window" and isinstance(
                row["cost_per_participant_real_qualifier"], str):
            points[-1] = points[-1].removesuffix(".") + t("range_reason", first=int(row["price_year_lower"]),
                                                          last=int(row["price_year_upper"])) + "."
        if "planned" in (row["participants_status"], row["total_value_status"]):
            points[-1] = points[-1].removesuffix(".") + t("based_on_targets") + "."
    else:
        reason = row["not_comparable_reason"] if isinstance(row["not_comparable_reason"], str) else "no_real"
        points.append(t("mp_p_cost_none", reason=rx.reason_label(reason, R.lang)))
    if isinstance(row["total_value_qualifier"], str):
        total = R.words(row["total_value_pln"], row["total_value_lower_pln"], row["total_value_pln"],
                          row["total_value_qualifier"], decimals=2)
        points.append(t("mp_p_total", total=total,
                        planned=planned if row["total_value_status"] == "planned" else ""))
    if _is(row["eu_share"]) and (row["funder"] == "eu" or row["eu_share"] > 0):
        key = "mp_p_eu" if _is(row["max_eu_share"]) else "mp_p_eu_plain"
        points.append(t(key, share=R.share(row["eu_share"]), max=R.share(row["max_eu_share"])))
    elif row["funder"] == "eu":
        points.append(t("mp_p_eu_not_split" if _is(row["total_value_pln"]) else "mp_p_eu_unknown"))
    else:
        points.append(t("mp_p_no_eu"))
    if isinstance(row["participants_qualifier"], str):
        points.append(t("mp_p_reach", participants=R.bounded_col(row, "participants", "count"),
                        planned=planned if row["participants_status"] == "planned" else ""))
    else:
        points.append(t("mp_p_reach_none"))
    me = R.projects[R.projects["project_id"] == project_id]
    points += outcome_points(R, me)
    as_of = reference_date(R.data["sources"], R.data["cpi"])
    points.append(t("mp_p_status", status=status_text(row, R.data["sources"], R.lang, as_of)))
    return points


def bullets(points: list[str]) -> str:
    """Markdown bullet list."""
    return "\n".join(f"- {p}" for p in points)


__all__ = ["overview_main_points", "comparisons_main_points", "profile_main_points", "status_text",
           "reference_date", "largest_project", "bullets", "date_text"]
