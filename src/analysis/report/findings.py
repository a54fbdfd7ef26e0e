"""The findings the reports state, computed from the processed tables: main points, statuses with their date.

Every function is pure and returns text in the report's language, Markdown-ready (data text escaped with
:func:`analysis.report.text.md_escape`). No figure is typed here: each comes from the data, formatted by
:mod:`analysis.report.formatting`, counted nouns through CLDR plural rules.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import pandas as pd

from analysis.core.bounds import ratio_bounds
from analysis.core.precision import share_at_cap
from analysis.report import tables as rt
from analysis.report import text as rx
from analysis.report.formatting import last_number_shown
from analysis.report.labels import label, quoted
from analysis.report.setup import Report

MAX_MAIN_POINTS = 6  # the three questions first, then scope and the largest project


# --- dates and statuses -----------------------------------------------------------------------------------------

def date_text(d: object, precision: object) -> str:
    """A date as precise as the document prints it: '2007', '03.2021', '30.11.2007'."""
    return rx.date_text(d, precision)


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


def end_passed(row: pd.Series) -> bool:
    """True where a document calls a project planned or ongoing but its planned end is before the date of the data
    (the cleaning stage decides it: ``projects.csv`` → ``end_passed``)."""
    return bool(row["end_passed"])


def end_text(row: pd.Series, lang: str) -> str:
    """The planned end as precise as printed, as a date reads in a sentence: '2015 r.' / '2015', '03.2021'."""
    text = date_text(row["end_date"], row.get("end_date_precision"))
    return label("year_in_sentence", lang, year=text) if row.get("end_date_precision") == "year" else text


def status_short(row: pd.Series, R: Report) -> str:
    """A project's status in the one status vocabulary of every report, for a table cell: the document's own word
    ('completed'), or, where a document calls a project planned or ongoing and its planned end has passed, what
    is known of it now ('planned to end in 2015; the documents report no results')."""
    if end_passed(row):
        project_id = row["project_id"] if "project_id" in row.index else row.name
        achieved = rt.project_reports_results(str(project_id), R.data["figures"])
        key = "status_end_passed_some_results" if achieved else "status_end_passed_no_results"
        return label(key, R.lang, end=end_text(row, R.lang))
    return label(str(row["status"]), R.lang)


def status_text(row: pd.Series, R: Report, markdown: bool = True) -> str:
    """:func:`status_short` with the document that states the status and that document's date (where the planned
    end has not passed). ``markdown``: the document's title escaped for Markdown (for a sentence); False for a
    table cell, which the table escapes for HTML itself."""
    short = status_short(row, R)
    if end_passed(row):
        return short
    src = _source_of(row, R.data["sources"])
    if src is None:
        return short
    return label("status_according", R.lang, status=short,
                 document=(rx.md_escape if markdown else str)(quoted(src["title"], R.lang)),
                 date=document_date(src, R.lang))


# --- main points ------------------------------------------------------------------------------------------------

def _title(R: Report, project_id: str) -> str:
    """The project's title in quotation marks of the language, escaped for Markdown."""
    return rx.md_escape(quoted(R.names[project_id], R.lang))


def _is(x: object) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x)) and x is not pd.NA


class MainPoint(NamedTuple):
    """One main point of a report and the question it answers: ``cost`` (what a participant cost), ``eu`` (how much
    was EU money), ``outcome`` (what came of it) or ``context``. Every report answers the first three."""

    question: str
    text: str


QUESTIONS = ("cost", "eu", "outcome")


def largest_project(projects: pd.DataFrame) -> pd.Series | None:
    """The project with the most achieved participants (exact or about; recipients of aid are not participants),
    or None."""
    done = projects[(projects["participants_status"] == "achieved") & projects["participants"].notna()
                    & rt.counts_participants(projects)]
    if done.empty:
        return None
    return done.sort_values(["participants", "project_id"], ascending=[False, True], kind="stable").iloc[0]


def outcome_points(R: Report, projects: pd.DataFrame, limit: int = 1) -> list[str]:
    """'In …, at least 106 of 839 participants found work (≥ 12.6%).' for the projects with an achieved
    employment outcome (at most ``limit``)."""
    outcomes = R.data["outcomes"]
    rates = rt.outcome_rates(projects, outcomes[outcomes["project_id"].isin(projects["project_id"])])
    rates = rates[(rates["status"] == "achieved") & rates["count_qualifier"].notna()]
    points = []
    for pid in list(dict.fromkeys(rates.loc[rates["indicator"] == "employed", "project_id"]))[:limit]:
        p = projects.set_index("project_id").loc[pid]
        r = rates[(rates["project_id"] == pid) & (rates["indicator"] == "employed")].iloc[0]
        text = R.t("mp_employed", title=_title(R, pid),
                   count=R.words(r["count"], r["count_lower"], r["count_upper"], r["count_qualifier"], "count"),
                   participants=R.count(p["participants"]),
                   rate=R.words(r["rate"], r["rate_lower"], r["rate_upper"], r["rate_qualifier"], "share"))
        if isinstance(r["rate_of_completers_base"], str) and r["rate_of_completers_base"] != "nan":
            # the same count over the completers, named as the document names them
            text = text.removesuffix(".") + R.t(
                "mp_employed_completers", base=R.count(r["rate_of_completers_denominator"]),
                den=R.t(f"den_outcome_{r['rate_of_completers_base']}"),
                rate=R.words(r["rate_of_completers"], r["rate_of_completers_lower"], r["rate_of_completers_upper"],
                             r["rate_of_completers_qualifier"], "share")) + "."
        points.append(text)
    return points


def cost_range_point(R: Report, ranking: pd.DataFrame, kind: str) -> str | None:
    """'… a participant cost from X to Y (n projects)' over the ranked costs of one kind of project and the two-sided
    ranges (a project whose price year is a range): a range's ends count, so the sentence covers every such project
    and agrees with the chart. One-sided bounds and targets are left out (they are said apart)."""
    g = ranking[ranking["peer_group"] == kind]
    point = g.loc[g["group"] == rt.RANKED, "value"]
    ranged = g[(g["group"] == rt.BOUNDED) & g["value_lower"].notna() & g["value_upper"].notna()]
    if len(point) + len(ranged) < 2:
        return None
    # each end as the tables print it: a point half up, a range's end outwards (8 838,99 zł is 'from 8 838 zł')
    def shown(x: float, qualifier: str) -> float:
        return float(last_number_shown(x, x, x, qualifier) or math.nan)

    low = R.money(min([shown(x, "exact") for x in point] + [shown(x, "at_least") for x in ranged["value_lower"]]))
    high = R.money(max([shown(x, "exact") for x in point] + [shown(x, "at_most") for x in ranged["value_upper"]]))
    return R.t("mp_cost_range_n", year=R.base_year, group=peer_text(R, kind), low=low, high=high,
               median=median_text(R, *rt.known_cost_ends(g).median().to_list()),
               n=R.n(len(point) + len(ranged), "project"))


def median_text(R: Report, lower: float, upper: float) -> str:
    """Money between two ends (a median of known costs, :func:`rt.known_cost_ends`; a range of costs): one figure
    where they agree as shown, else the range."""
    if R.money(lower) == R.money(upper):
        return R.money(lower)
    return R.bounded(None, lower, upper, "range")


def peer_kind_cell(R: Report, peer_group: str) -> str:
    """A peer group of :func:`rt.peer_groups` as a narrow table cell: 'EU · activation · 2014–2020',
    'PFRON-co-financed events'."""
    group, *detail = peer_group.split("|")
    if not detail:
        return R.t(f"group_{group}")
    kind, period = detail
    kind_text = R.t(f"kind_{kind}").split(" (")[0]
    period_text = R.t("period_not_known") if period == "unknown" else period
    return f"{R.t('eu')} · {kind_text} · {period_text}"


def peer_text(R: Report, peer_group: str) -> str:
    """'an EU-co-financed activation project of 2014–2020' for a peer group of :func:`rt.peer_groups`."""
    group, *detail = peer_group.split("|")
    if not detail:
        return R.t(f"group_{group}_of")
    kind, period = detail
    period_text = R.t("unknown_period") if period == "unknown" else period
    return R.t("peer_eu_of", kind=R.t(f"kind_{kind}_adj"), period=period_text)


def cost_points(R: Report, projects: pd.DataFrame) -> list[str]:
    """What a participant cost: the range within each kind of project with at least two known costs, the first
    project whose real cost is a range, and otherwise the one known cost, or why none is known."""
    rank = rt.ranking(projects)
    kinds = dict.fromkeys(rank.loc[rank["group"].isin([rt.RANKED, rt.BOUNDED]), "peer_group"])
    points = [x for x in (cost_range_point(R, rank, k) for k in kinds) if x]
    points += ranged_cost_points(R, projects)
    if not points:
        known = rank[rank["group"].isin([rt.RANKED, rt.BOUNDED])]
        points = [R.t("mp_cost_one", title=_title(R, r.project_id), year=R.base_year,
                      cost=R.words(r.value, r.value_lower, r.value_upper, r.qualifier))
                  for r in known.head(1).itertuples()] or [R.t("mp_cost_none_known")]
    return points


def ranged_cost_points(R: Report, projects: pd.DataFrame, limit: int = 1) -> list[str]:
    """Projects whose real cost is a range because no end date is printed (the eligibility window bounds it)."""
    ranged = projects[projects["price_year_basis"].isin(["eligibility_window", "finished_by"])
                      & projects["cost_per_participant_real_qualifier"].notna()]
    points = []
    for r in ranged.head(limit).itertuples(index=False):
        cost = R.words(r.cost_per_participant_real_pln, r.cost_per_participant_real_lower_pln,
                       r.cost_per_participant_real_upper_pln, r.cost_per_participant_real_qualifier)
        points.append(R.t("mp_ranged", title=_title(R, r.project_id), cost=cost, first=int(r.price_year_lower),
                          last=int(r.price_year_upper)))
    return points


def eu_point(R: Report, projects: pd.DataFrame) -> str:
    """How much was EU money: the amount and its share of the budgets, over the EU-co-financed projects whose EU
    part is printed, saying how many they are; and how many of them reach their programme's maximum."""
    money = rt.eu_money(projects)
    if money is None:
        n_eu = int(projects["funder"].eq("eu").sum())
        return (R.t("mp_eu_none_split", n=R.n(n_eu, "project"), n_count=R.count(n_eu)) if n_eu
                else R.t("mp_eu_no_eu_projects"))
    text = R.t("mp_eu_money", amount=R.money(money.amount_pln), share=R.share(money.share),
               n=R.count(money.projects), n_eu=R.n(money.eu_projects, "project"),
               n_eu_count=R.count(money.eu_projects))
    at_cap = eu_at_cap(projects)
    if at_cap is not None:
        text = text.removesuffix(".") + R.t("mp_eu_at_cap", at_max=R.count(at_cap[0]), max=R.share(at_cap[1]))
    if money.as_printed:  # an EU figure that may hold the state budget's part makes the sum an upper bound
        text = text.removesuffix(".") + R.t("mp_eu_as_printed_n", n=R.count(money.as_printed))
    return text


def eu_at_cap(projects: pd.DataFrame) -> tuple[int, float] | None:
    """(how many EU-co-financed projects with a printed split reach their programme's maximum EU share, the
    largest such maximum), or None where no such project has a maximum."""
    eu = projects[(projects["funder"] == "eu") & projects["eu_share"].notna() & projects["max_eu_share"].notna()]
    if eu.empty:
        return None
    return int(share_at_cap(eu["eu_share"], eu["max_eu_share"]).sum()), float(eu["max_eu_share"].max())


def outcome_summary_points(R: Report, projects: pd.DataFrame) -> list[str]:
    """What came of it: the first achieved employment outcome, then how many projects report results at all and
    how many give only a target number of participants (one count for every report)."""
    points = outcome_points(R, projects)
    results = int(rt.reports_results(projects, R.data["figures"]).sum())
    targets = int(rt.reach_is_target(projects).sum())
    points.append(R.t("mp_results_count", results=R.count(results), n=R.n(len(projects), "project"),
                      n_count=R.count(len(projects)), targets=R.n(targets, "project"),
                      targets_count=R.count(targets)))
    return points


def targets_only_text(R: Report, projects: pd.DataFrame) -> str:
    """'10 projects give only a target number of participants': the one sentence of that count."""
    n = int(rt.reach_is_target(projects).sum())
    return R.t("n_reach_targets_only", n=R.n(n, "project"), n_count=R.count(n))


def overview_main_points(R: Report) -> list[MainPoint]:
    """The three questions first — what a participant cost, how much was EU money, what came of it — then the
    scope and the largest project (by participants)."""
    p = R.projects
    points = [MainPoint("cost", x) for x in cost_points(R, p)[:2]]
    points.append(MainPoint("eu", eu_point(R, p)))
    points += [MainPoint("outcome", x) for x in outcome_summary_points(R, p)]
    points.append(MainPoint("context", R.t("mp_scope", projects=R.n(len(p), "project"),
                                           with_total=R.count(int(p["total_value_pln"].notna().sum())))))
    big = largest_project(p)
    if big is not None and _is(big["total_value_pln"]):
        points.append(MainPoint("context", R.t("mp_largest_by_participants", title=_title(R, big["project_id"]),
                                               participants=R.counted(big, "participants", "participant"),
                                               total=R.money(big["total_value_pln"]))))
    return points[:MAX_MAIN_POINTS]


def comparisons_main_points(R: Report) -> list[MainPoint]:
    """Costs by kind of project (each kind its own range), EU money, outcomes and the projects that state only
    targets."""
    p = R.projects
    points = [MainPoint("cost", x) for x in cost_points(R, p)]
    points.append(MainPoint("eu", eu_point(R, p)))
    points += [MainPoint("outcome", x) for x in outcome_summary_points(R, p)]
    return points


def profile_main_points(R: Report, project_id: str) -> list[MainPoint]:
    """Cost, EU money, reach, outcomes and status of one project, each with its figure or the reason it has none."""
    row = R.project(project_id)
    t = R.t
    planned = t("planned_suffix")
    points: list[MainPoint] = []
    if isinstance(row["cost_per_participant_qualifier"], str):
        nominal = R.words_col(row, "cost_per_participant", suffix="_pln")
        if isinstance(row["cost_per_participant_real_qualifier"], str):
            real = R.words_col(row, "cost_per_participant_real", suffix="_pln")
            text = t("mp_p_cost", nominal=nominal, real=real, year=R.base_year)
        else:
            text = t("mp_p_cost_nominal", nominal=nominal)
        if row.get("price_year_basis") == "eligibility_window" and isinstance(
                row["cost_per_participant_real_qualifier"], str):
            text = text.removesuffix(".") + t("range_reason", first=int(row["price_year_lower"]),
                                              last=int(row["price_year_upper"])) + "."
        if "planned" in (row["participants_status"], row["total_value_status"]):
            text = text.removesuffix(".") + t("based_on_targets") + "."
    else:
        reason = row["not_comparable_reason"] if isinstance(row["not_comparable_reason"], str) else "no_real"
        text = t("mp_p_cost_none", reason=rx.reason_label(reason, R.lang))
        if _is(row.get("cost_per_family_pln")):
            q = row["cost_per_family_qualifier"]
            cost = R.words(row["cost_per_family_pln"], None, None, q if _is(q) else "exact", "money")
            text = text.removesuffix(".") + t("mp_p_cost_family", cost=cost) + "."
    points.append(MainPoint("cost", text))
    peers = peer_place_text(R, row)
    if peers:
        points.append(MainPoint("cost", peers))
    if isinstance(row["total_value_qualifier"], str):
        total = R.words(row["total_value_pln"], row["total_value_lower_pln"], row["total_value_pln"],
                        row["total_value_qualifier"], decimals=2)
        points.append(MainPoint("context", t("mp_p_total", total=total,
                                             planned=planned if row["total_value_status"] == "planned" else "")))
    food = food_aid_point(R, project_id)
    if food:
        points.append(MainPoint("context", food))
    points.append(MainPoint("eu", profile_eu_text(R, row)))
    if isinstance(row["participants_qualifier"], str) and row["participants_measure"] == "recipients":
        points.append(MainPoint("context", t("mp_p_reach_recipients", recipients=R.quantity(
            row["participants"], row["participants_lower"], row["participants_upper"], row["participants_qualifier"],
            "recipients"))))
    elif isinstance(row["participants_qualifier"], str):
        count = (R.bounded_col(row, "participants", "count") if row["participants_unit"] == "persons" else
                 R.quantity(row["participants"], row["participants_lower"], row["participants_upper"],
                            row["participants_qualifier"], row["participants_unit"]))  # '30 rodzin'
        points.append(MainPoint("context", t("mp_p_reach", participants=count,
                                             planned=planned if row["participants_status"] == "planned" else "")))
    else:
        points.append(MainPoint("context", t("mp_p_reach_none")))
    me = R.projects[R.projects["project_id"] == project_id]
    outcomes = outcome_points(R, me)
    points += [MainPoint("outcome", x) for x in outcomes] or [MainPoint("outcome", profile_no_outcome_text(R, row))]
    points.append(MainPoint("context", t("mp_p_status", status=status_text(row, R))))
    return points


def peer_place_text(R: Report, row: pd.Series) -> str | None:
    """'Of 14 EU-co-financed activation projects of 2014–2020 with a known real cost per participant, it is the
    3rd cheapest (they range from … to …)': the ranks a bound can take, among results only; None with no peer."""
    n = row.get("peer_n")
    if not _is(n) or int(n) < 2:
        return None
    best, worst = (ordinal(int(row[c]), R.lang) for c in ("peer_rank_best", "peer_rank_worst"))
    rank = R.t("rank_one", rank=best) if best == worst else R.t("rank_range", best=best, worst=worst)
    # the ends as bounds: the lowest rounded down, the highest up (8 838,99 zł is 'from 8 838 zł')
    return R.t("mp_p_peers", n=int(n), group=peer_text(R, str(row["peer_group"])), rank=rank,
               low=R.money(math.floor(row["peer_cost_real_low_pln"])),
               high=R.money(math.ceil(row["peer_cost_real_high_pln"])), year=R.base_year)


def ordinal(n: int, lang: str) -> str:
    """1 -> '1st' (en) or '1.' (pl).

    >>> [ordinal(k, "en") for k in (1, 2, 3, 4, 11, 12, 13, 21)], ordinal(3, "pl")
    (['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st'], '3.')
    """
    if lang == "pl":
        return f"{n}."
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def profile_eu_text(R: Report, row: pd.Series) -> str:
    """The EU money of one project: its amount and share of the budget where both are printed, with the
    programme's maximum; else what the documents do say."""
    t = R.t
    if _is(row["eu_share"]) and (row["funder"] == "eu" or row["eu_share"] > 0):
        amount = R.money(row["eu_cofinancing_pln"], 2) if _is(row["eu_cofinancing_pln"]) else None
        key = "mp_p_eu_money" if amount else "mp_p_eu_plain"
        if amount and bool(row.get("eu_may_include_state_budget", False)):
            key = "mp_p_eu_as_printed"  # EU and state money not told apart: an upper bound of the EU part
        text = t(key, share=R.share(row["eu_share"]), amount=amount)
        if _is(row["max_eu_share"]):
            text = text.removesuffix(".") + t("mp_p_eu_max", max=R.share(row["max_eu_share"]))
        return text
    if row["funder"] == "eu" and _is(row["eu_cofinancing_pln"]):
        # a bound of the EU money is still a statement about it; with a bound of the budget it gives no share
        q = row["eu_cofinancing_qualifier"]
        amount = R.words(row["eu_cofinancing_pln"], None, None, q if _is(q) else "exact", "money", 2)
        if not _is(row["total_value_pln"]):
            return t("mp_p_eu_amount_no_total", amount=amount)
        total = R.words(row["total_value_pln"], None, None, row["total_value_qualifier"], "money", 2)
        share = ratio_bounds((row["eu_cofinancing_pln"], None, None, q if _is(q) else "exact"),
                             (row["total_value_pln"], None, None, row["total_value_qualifier"]))
        if share.qualifier and not (math.isnan(share.lower) and math.isnan(share.upper)):
            return t("mp_p_eu_amount_share_bound", amount=amount, total=total,
                     share=R.words(share.value, share.lower, share.upper, share.qualifier, "share"))
        return t("mp_p_eu_amount_no_share", amount=amount, total=total)
    if row["funder"] == "eu":
        return t("mp_p_eu_not_split" if _is(row["total_value_pln"]) else "mp_p_eu_unknown")
    return t("mp_p_no_eu")


def food_aid_point(R: Report, project_id: str) -> str | None:
    """What the money of a food-aid project is: the value of the food handed out, not a project budget."""
    f = R.data["funding"]
    food = f[(f["project_id"] == project_id) & (f["source_type"] == "eu_food_aid") & f["is_primary"].astype(bool)]
    if food.empty:
        return None
    r = food.iloc[0]
    return R.t("mp_p_food_aid", value=R.words(r["amount_pln"], r["amount_lower_pln"], r["amount_upper_pln"],
                                             r["qualifier"], decimals=2))


def profile_no_outcome_text(R: Report, row: pd.Series) -> str:
    """What came of a project whose documents print no achieved outcome: only targets, or nothing at all."""
    outs = R.data["outcomes"]
    mine = outs[outs["project_id"] == row.name]
    if mine["status"].eq("planned").any():
        return R.t("mp_p_outcomes_targets_only")
    return R.t("mp_p_outcomes_none")


def bullets(points: list[str] | list[MainPoint]) -> str:
    """Markdown bullet list (of sentences, or of main points' texts)."""
    return "\n".join(f"- {p.text if isinstance(p, MainPoint) else p}" for p in points)


__all__ = ["MainPoint", "QUESTIONS", "overview_main_points", "comparisons_main_points", "profile_main_points",
           "status_text", "status_short", "largest_project", "bullets", "date_text",
           "targets_only_text", "eu_at_cap"]
