"""Stage 1, projects: one row per project or separately funded phase, from its primary figures — identity,
programme, period, money (printed, or bounded by its parts), shares, reach, outcomes and costs with bounds.

Every function takes frames and returns new frames; none reads or writes files. Money stays in exact integer grosze.
The rules that pick one figure among several (the same fact in several statuses, a parent's figure) live in
:func:`pick`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.clean.parsing import roman_to_int
from analysis.clean.registers import programme_caps
from analysis.core import vocabulary as v
from analysis.core.bounds import ratio
from analysis.core.errors import DataError, Problem
from analysis.core.precision import round_figure_grosze, round_grosze, round_share

STATUS_PREFERENCE = {status: rank for rank, status in enumerate(v.STATUS_PREFERENCE)}
"""When a project has a figure in several statuses, the achieved one describes it, then the stated, then the plan."""

_EXTERNAL_SOURCES = v.EXTERNAL_SOURCE_TYPES
_NATIONAL_GRANTS = ("ministry_grant", "voivode_grant", "foundation_grant")


# --- projects ---------------------------------------------------------------------------------------------------
def ancestors(projects: pd.DataFrame) -> pd.DataFrame:
    """(project_id, ancestor_id, depth): each project with itself (depth 0) and every parent above it."""
    parent = projects.set_index("project_id")["parent_id"]
    rows = pd.DataFrame({"project_id": projects["project_id"], "ancestor_id": projects["project_id"], "depth": 0})
    frames, current, depth = [rows], rows, 0
    while True:
        depth += 1
        nxt = current.assign(ancestor_id=current["ancestor_id"].map(parent)).query("ancestor_id != ''").dropna()
        if nxt.empty or depth > len(projects):
            break
        current = nxt.assign(depth=depth)
        frames.append(current)
    return pd.concat(frames, ignore_index=True)


def pick(figs: pd.DataFrame, projects: pd.DataFrame, measures: list[str], *, inherit: bool = False,
         statuses: tuple[str, ...] = v.STATUS_PREFERENCE, quantified: bool = True) -> pd.DataFrame:
    """One primary figure per project for the given measures, preferring achieved, then stated, then planned.

    With ``inherit`` a project without such a figure takes its nearest parent's (a portfolio's programme or
    period applies to its members). Returns the chosen figure rows indexed by project_id.
    """
    f = figs[figs["measure"].isin(measures) & figs["is_primary"].astype(bool) & figs["status"].isin(statuses)]
    if "whole_project" in f.columns:  # a year's or an edition's figure never stands for the project
        f = f[f["whole_project"].astype(bool)]
    if "item" in f.columns:  # nor one of a group, a partner or a stage ('osoby bezrobotne', 'wkład Gminy …')
        f = f[f["item"].fillna("").eq("")]
    if quantified:
        f = f[f["qualifier"] != "unquantified"]
    anc = ancestors(projects) if inherit else projects[["project_id"]].assign(ancestor_id=projects["project_id"],
                                                                               depth=0)
    cand = anc.merge(f.drop(columns=["project_id"]).assign(ancestor_id=f["project_id"]), on="ancestor_id")
    cand["_pref"] = cand["status"].map(STATUS_PREFERENCE)
    cand["_order"] = cand["measure"].map({m: i for i, m in enumerate(measures)})
    cand = cand.sort_values(["project_id", "depth", "_order", "_pref", "figure_id"], kind="stable")
    return cand.drop_duplicates("project_id").set_index("project_id").drop(columns=["_pref", "_order"])


def mark_whole_project(figs: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """Adds ``whole_project``: whether a figure describes its whole project, not a period within it.

    A figure printed without a period does. One printed for a period ('w roku 2020', 'edycja 2010', '2008-2013')
    does only where that period covers the project's own, as its start and end figures give it: the period starts
    on or before the project's start, and ends on or after its end, or the end is not printed ('od maja 2015':
    from the start on). Where the project's start is not printed, or the period is a stage or edition without dates
    ('I etapie'), a period figure is taken as a part: a year's spending or head count is never published as the
    project's.
    """
    out = figs.copy()
    # a period as printed: its dates, or a stage or edition without any ('I etapie'), which is a part by name
    printed = out["period_lower"].notna() | out["period_as_printed"].fillna("").ne("")
    out["whole_project"] = True
    if printed.any():
        undated = figs[figs["period_lower"].isna()]  # a year's own start and end are not the project's
        start = pick(undated, projects, ["start_date", "period"], inherit=True)["date_lower"]
        end = pick(undated, projects, ["end_date", "period"], inherit=True)["date_upper"]
        p_start = out["project_id"].map(start)
        p_end = out["project_id"].map(end)
        covers = (out["period_lower"] <= p_start) & ((out["period_upper"] >= p_end) | p_end.isna())
        out["whole_project"] = ~printed | covers.fillna(False).astype(bool)
    out["whole_project"] = out["whole_project"].astype("boolean")
    return out


def programme_ids(figs: pd.DataFrame, programmes: pd.DataFrame) -> pd.Series:
    """programme_id for every programme figure, via the names the programmes table lists; unknown names raise."""
    def norm(text: pd.Series) -> pd.Series:  # documents print no-break spaces and doubled spaces
        return text.str.split().str.join(" ")

    alias = pd.Series(programmes["aliases"].str.split("|").to_numpy(), index=programmes["programme_id"]).explode()
    aliases = dict(zip(norm(alias), alias.index))
    f = figs[figs["measure"] == "programme"]
    ids = norm(f["text"]).map(aliases)
    unknown = ids.isna()
    if unknown.any():
        raise DataError([
            Problem("figures.csv", int(line), "value_as_printed", text,
                    "a programme name listed in the aliases of data/raw/programmes.csv")
            for line, text in zip(f.loc[unknown, "line"], f.loc[unknown, "text"])])
    return ids


_STATED = ("achieved", "stated")
"""A planned future application is not the project's programme: programme figures count when achieved or stated."""
_MONEY_SOURCES = ("total", "eu", "state_subsidy", "own", "ministry_grant", "voivode_grant", "foundation_grant",
                  "pfron", "external_total")


def project_table(figs: pd.DataFrame, projects: pd.DataFrame, programmes: pd.DataFrame) -> pd.DataFrame:
    """One row per project or separately funded phase: identity, programme, period, money, reach, costs."""
    figs = _with_programme_ids(figs, programmes)
    money = {source: pick(figs, projects, [f"funding_{source}"]) for source in _MONEY_SOURCES}
    return (
        _identity(projects)
        .pipe(_add_programme, figs, projects, programmes)
        .pipe(_add_period, figs, projects, programmes)
        .pipe(_add_kind, projects, programmes)
        .pipe(_add_funding, figs, money)
        .pipe(_add_shares, money, programmes)
        .pipe(_add_participants, figs, projects)
        .pipe(_add_outcomes, figs, projects)
        .pipe(_add_costs, money)
        # every document that states a figure of the project or of a parent
        .assign(source_ids=lambda out: _source_ids(figs, projects, out.index))
        .reset_index(drop=True)
    )


def data_date(sources: pd.DataFrame, cpi: pd.DataFrame) -> pd.Timestamp:
    """The date the data are known to be compiled after: the latest ``accessed`` date of a source where recorded,
    else the last day of the CPI table's last year (that year's index is in the data, so the year has passed)."""
    accessed = pd.to_datetime(sources.get("accessed", pd.Series(dtype="str")), errors="coerce").dropna()
    if len(accessed):
        return pd.Timestamp(accessed.max())
    return pd.Timestamp(year=int(cpi["year"].max()), month=12, day=31)


def add_end_passed(proj: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Adds ``end_passed``: the documents call the project planned or ongoing, but its planned end is before
    ``as_of``. Computed here, once, so that a report reads it from the project's own row (a profile then depends
    on its own sources only, not on the dates of every document in the collection)."""
    end = pd.to_datetime(proj["end_date"], errors="coerce")
    passed = proj["status"].isin(["planned", "ongoing"]) & end.notna() & (end < as_of)
    return proj.assign(end_passed=passed.fillna(False).astype(bool))


def _identity(projects: pd.DataFrame) -> pd.DataFrame:
    """The leaves of the project tree (projects and phases without children), indexed by project_id: ids, the
    group a phase belongs to, the portfolio above, and the registry's descriptive columns."""
    has_children = projects["project_id"].isin(projects["parent_id"])
    p = projects[projects["level"].isin(["project", "phase"]) & ~has_children].set_index("project_id", drop=False)
    anc = ancestors(projects).merge(projects[["project_id", "level"]].rename(
        columns={"project_id": "ancestor_id", "level": "ancestor_level"}), on="ancestor_id")
    portfolio = anc[anc["ancestor_level"] == "portfolio"].sort_values("depth").drop_duplicates("project_id")
    out = pd.DataFrame(index=p.index)
    out["project_id"] = p["project_id"]
    out["group_id"] = p["parent_id"].where((p["level"] == "phase"), p["project_id"])
    registry = projects.set_index("project_id")
    out["group_title"] = out["group_id"].map(registry["title"])
    out["group_title_en"] = out["group_id"].map(registry["title_en"])
    out["portfolio_id"] = portfolio.set_index("project_id")["ancestor_id"].reindex(p.index)
    out["level"] = p["level"]
    for c in ("title", "title_en", "operator", "municipality", "scope", "voivodeship"):
        out[c] = p[c]
    return out


def _with_programme_ids(figs: pd.DataFrame, programmes: pd.DataFrame) -> pd.DataFrame:
    """figs with ``programme_id`` on every programme figure (the name as printed resolved by its aliases)."""
    figs = figs.copy()
    prog_rows = figs["measure"] == "programme"
    figs.loc[prog_rows, "programme_id"] = programme_ids(figs, programmes)
    return figs


def _add_programme(out: pd.DataFrame, figs: pd.DataFrame, projects: pd.DataFrame,
                   programmes: pd.DataFrame) -> pd.DataFrame:
    """Adds the programme (own figure, else a parent's), its funder and comparison group, and its codes."""
    out = out.copy()
    prog = pick(figs, projects, ["programme"], inherit=True, statuses=_STATED)
    out["programme"] = prog["programme_id"].reindex(out.index)
    prog_info = programmes.set_index("programme_id")
    out["funder"] = out["programme"].map(prog_info["funder"])
    out["comparison_group"] = out["programme"].map(prog_info["comparison_group"]).fillna("unknown")
    for level in ("priority_axis", "measure_code", "submeasure_code"):
        out[level] = pick(figs, projects, [level], inherit=True, statuses=_STATED)["text"].reindex(out.index)
    return out


def _add_period(out: pd.DataFrame, figs: pd.DataFrame, projects: pd.DataFrame,
                programmes: pd.DataFrame) -> pd.DataFrame:
    """Adds start and end (explicit dates first, else a period figure, else a parent's: a portfolio's year), the
    latest possible end where none is printed, the duration and years they support, and the registry's status."""
    out = out.copy()
    start = pick(figs, projects, ["start_date", "period"], inherit=True)
    end = pick(figs, projects, ["end_date", "period"], inherit=True)
    out["start_date"] = start["date_lower"].reindex(out.index).astype("datetime64[s]")
    out["start_date_precision"] = start["date_precision"].reindex(out.index)
    out["end_date"] = end["date_upper"].reindex(out.index).astype("datetime64[s]")
    out["end_date_precision"] = end["date_precision"].reindex(out.index)
    out["duration_months"] = duration_months(out)
    out["period_years"] = period_years(out)
    latest = latest_end(out, pick(figs, projects, ["finished_by_date"]), programmes)
    out["end_date_latest"], out["end_date_latest_basis"] = latest["date"], latest["basis"]
    registry = projects.set_index("project_id").reindex(out.index)
    out["status"] = registry["status"]
    out["status_note"] = registry["status_note"].replace("", pd.NA)
    return out


def duration_months(period: pd.DataFrame) -> pd.Series:
    """Months from start_date to end_date, both days included; none for a reversed period or a year-only date."""
    days = (period["end_date"] - period["start_date"]).dt.days + 1
    days = days.where(days > 0)  # a reversed period has no duration (the domain check reports it)
    # a date printed as a year only ('2007') says nothing of how long the project ran: a one-day event dated
    # '2007' is not a twelve-month project
    year_only = period["start_date_precision"].eq("year") | period["end_date_precision"].eq("year")
    days = days.where(~year_only.fillna(False).astype(bool))
    return (days / (365.25 / 12)).round(4).astype("Float64")


def period_years(period: pd.DataFrame) -> pd.Series:
    """Years a period spans: its months / 12, or, printed as years only, the count of calendar years it names
    ('2008 – 2013': 6; one year '2007': 1)."""
    year_only = (period["start_date_precision"].eq("year") & period["end_date_precision"].eq("year")
                 ).fillna(False).astype(bool)
    years = (period["end_date"].dt.year - period["start_date"].dt.year + 1).astype("Float64")
    return (period["duration_months"].astype("Float64") / 12).round(4).mask(year_only, years)


def latest_end(out: pd.DataFrame, finished_by: pd.DataFrame, programmes: pd.DataFrame) -> pd.DataFrame:
    """The latest day a project without a printed end can have ended (``date``) and why (``basis``): the date of
    a document describing it as finished (finished_by_date: the EC page of 07 August 2019 on Katowice 'Włącz
    się!'), else the last day its programme's expenditure is eligible, whichever is earlier."""
    # programmes.csv as read (ISO text) or as processed (dates): either gives the day
    until = pd.to_datetime(out["programme"].map(programmes.set_index("programme_id")["eligible_until"].replace(
        "", pd.NA))).astype("datetime64[s]")
    done = finished_by["date_upper"].reindex(out.index).astype("datetime64[s]")
    open_end = out["end_date"].isna()
    by_document = open_end & done.notna() & ~(until < done).fillna(False).astype(bool)
    date = until.where(open_end).mask(by_document, done)
    basis = pd.Series(pd.NA, index=out.index, dtype="str").mask(date.notna(), "eligible_until").mask(
        by_document, "finished_by")
    return pd.DataFrame({"date": date, "basis": basis})


def _add_kind(out: pd.DataFrame, projects: pd.DataFrame, programmes: pd.DataFrame) -> pd.DataFrame:
    """Adds the programming period and the kind of support (:data:`analysis.core.vocabulary.SUPPORT_KINDS`).

    Period: the programme's; a project of an unnamed EU programme that starts after the last eligible day of the
    earlier period (PO KL: 31.12.2015) is of the later one (Knurów 'Nowy start', 2016–2017). Kind: the
    registry's where it states one, else the (sub-)measure code's rule, else a non-EU project's comparison group,
    else unknown."""
    out = out.copy()
    info = programmes.set_index("programme_id")
    period = out["programme"].map(info["period"].replace("", pd.NA))
    periods = programmes[programmes["period"].isin(v.PROGRAMME_PERIODS)]
    earlier_end = pd.to_datetime(periods[periods["period"] == v.PROGRAMME_PERIODS[0]]["eligible_until"],
                                 format="%Y-%m-%d").max()
    later = (period.isna() & out["funder"].eq("eu") & (out["start_date"] > earlier_end)).fillna(False).astype(bool)
    out["programme_period"] = period.mask(later, v.PROGRAMME_PERIODS[1])
    out["programme_period_basis"] = pd.Series(pd.NA, index=out.index, dtype="str").mask(period.notna(), "programme"
                                                                                         ).mask(later, "dates")
    registry = projects.set_index("project_id")["support_kind"].reindex(out.index).replace("", pd.NA)
    code = out["submeasure_code"].fillna(out["measure_code"])
    by_code = pd.Series(pd.NA, index=out.index, dtype="str")
    for prefix, kind in reversed(v.SUPPORT_KIND_BY_CODE):  # the first rule of the list wins
        hit = (code.str.startswith(prefix) & out["funder"].eq("eu")).fillna(False).astype(bool)
        by_code = by_code.mask(hit, kind)
    by_group = out["comparison_group"].map(v.SUPPORT_KIND_BY_GROUP)
    out["support_kind"] = registry.fillna(by_code).fillna(by_group).fillna("unknown")
    out["support_kind_basis"] = np.select(
        [registry.notna(), by_code.notna(), by_group.notna()], ["registry", "measure_code", "comparison_group"],
        default="none")
    return out


def _is_exact(qualifier: pd.Series) -> pd.Series:
    """True where a figure is exact (a missing figure is not)."""
    return qualifier.eq("exact").fillna(False).astype(bool)


def _grosze(money: dict[str, pd.DataFrame], index: pd.Index) -> dict[str, pd.Series]:
    """The printed amount of each money source, in grosze, aligned with ``index``."""
    return {source: m["value_grosze"].reindex(index).astype("Int64") for source, m in money.items()}


def _add_funding(out: pd.DataFrame, figs: pd.DataFrame, money: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Adds the total value (printed, else at least the sum of its parts), each source's amount, and the own and
    external money where the breakdown is complete."""
    out = out.copy()
    grosz = _grosze(money, out.index)
    out["total_value_grosze"] = grosz["total"]
    out["total_value_qualifier"] = money["total"]["qualifier"].reindex(out.index)
    out["total_value_status"] = money["total"]["status"].reindex(out.index)
    out["total_value_basis"] = pd.Series(pd.NA, index=out.index, dtype="str").mask(grosz["total"].notna(), "printed")
    out["total_value_lower_grosze"] = money["total"]["value_lower_grosze"].reindex(out.index).astype("Int64")
    out["eu_cofinancing_grosze"] = grosz["eu"]
    out["eu_cofinancing_qualifier"] = money["eu"]["qualifier"].reindex(out.index)
    # 'ponad 716 tys.' of EU money is a statement about the EU money, never a part to take a share of
    qualifiers = pd.concat([money[s]["qualifier"].reindex(out.index) for s in _MONEY_SOURCES if s != "total"],
                           axis=1)
    out["funding_parts_exact"] = (qualifiers.isna() | qualifiers.eq("exact")).all(axis=1).astype("bool")
    out["state_subsidy_grosze"] = grosz["state_subsidy"]
    national = pd.concat([grosz[s] for s in _NATIONAL_GRANTS], axis=1)
    out["national_grant_grosze"] = national.sum(axis=1, min_count=1).astype("Int64")
    out["pfron_grosze"] = grosz["pfron"]
    parts = pd.concat([grosz[s] for s in _EXTERNAL_SOURCES], axis=1).sum(axis=1, min_count=1).astype("Int64")
    # one "kwota dofinansowania" figure (all external money, not split by source) stands for the parts where none
    # is printed; only an exact one does, as the parts' sum is exact
    named = grosz["external_total"].where(money["external_total"]["qualifier"].reindex(out.index).eq("exact"))
    external = parts.fillna(named.astype("Int64"))
    # being all the external money, it leaves the rest of an exact total to the beneficiary: wartość projektu =
    # dofinansowanie + wkład własny (printed parts might be some of the sources only, so they need the own figure)
    total_exact = _is_exact(out["total_value_qualifier"])
    whole_named = (parts.isna() & named.notna() & grosz["own"].isna() & total_exact).fillna(False).astype(bool)
    complete = (_breakdown_complete(out, figs, external, grosz["own"]) | whole_named) & out["funding_parts_exact"]
    out = _total_from_parts(out, money)
    out["own_contribution_grosze"] = grosz["own"].where(grosz["own"].notna(),
                                                     (out["total_value_grosze"] - external).where(complete))
    out["external_cofinancing_grosze"] = external.where(complete)
    # EU and own money that make up the whole total, with no state-budget part printed: the "EU" figure is all
    # the co-financing ('dofinansowanie unijne' of Knurów 'Nowy start'), which in an ESF project may hold the
    # state budget's part too; an EU-only cap bounds it only from above
    eu_and_own = (grosz["eu"] + grosz["own"] == out["total_value_grosze"]).fillna(False).astype(bool)
    out["eu_may_include_state_budget"] = (out["funder"].eq("eu").fillna(False).astype(bool) & eu_and_own
                                          & grosz["state_subsidy"].isna())
    return out


def _breakdown_complete(out: pd.DataFrame, figs: pd.DataFrame, external: pd.Series, own: pd.Series) -> pd.Series:
    """True where the printed parts account for the whole total.

    The breakdown is complete when its parts add up to the total (then a source named without an amount, such as
    'ze środków EFS' beside the 'kwota dofinansowania', is inside them), or when the funder's rule makes the rest
    own money (PFRON: "40% środki własne") and no external source is named without an amount.
    """
    unquantified_external = figs[(figs["qualifier"] == "unquantified") & figs["measure"].isin(
        [f"funding_{s}" for s in _EXTERNAL_SOURCES])]["project_id"].unique()
    parts = pd.concat([external, own], axis=1).sum(axis=1, min_count=1)
    adds_up = (parts == out["total_value_grosze"]).fillna(False).astype(bool)
    by_rule = (out["funder"].eq("pfron").fillna(False).astype(bool) & external.notna()
               & out["total_value_grosze"].notna() & ~out.index.isin(unquantified_external))
    return adds_up | by_rule


def _add_shares(out: pd.DataFrame, money: dict[str, pd.DataFrame], programmes: pd.DataFrame) -> pd.DataFrame:
    """Adds the EU, external and own shares of a printed exact total, and the programme's maximum EU share."""
    out = out.copy()
    eu = money["eu"]["value_grosze"].reindex(out.index).astype("Int64")
    total = out["total_value_grosze"].astype("Float64")
    total_exact = _is_exact(out["total_value_qualifier"])
    eu_known = eu.notna() & total_exact & _is_exact(out["eu_cofinancing_qualifier"])
    no_eu_money = out["funder"].isin(["national", "pfron", "private"]) & eu.isna()
    # 0 only where the total is printed: without it nothing is known of the rest of the money
    out["eu_share"] = (eu.astype("Float64") / total).where(eu_known).mask(no_eu_money & total_exact, 0.0)
    out["external_share"] = (out["external_cofinancing_grosze"].astype("Float64") / total).where(total_exact)
    out["own_share"] = (out["own_contribution_grosze"].astype("Float64") / total).where(total_exact)
    out["max_eu_share"] = out["programme"].map(programme_caps(programmes)["max_eu_share"]).astype("Float64")
    return out


REACH_MEASURES = ("participants_total", "recipients")
"""The counts of a project's reach, in order of preference: participants, else recipients of aid."""


def _add_participants(out: pd.DataFrame, figs: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """Adds participants (achieved where reported, else the plan) with bounds, and the breakdowns (women, men,
    disabled) that share its status; the women's share where the total is exact.

    A project that counts no participants but recipients of aid (PEAD food aid) has them as its reach, named by
    ``participants_measure``: recipients are the people it reached, though not participants of a programme."""
    out = out.copy()
    part = pick(figs, projects, list(REACH_MEASURES))
    for c in ("participants", "participants_lower", "participants_upper"):
        out[c] = part[c.replace("participants", "value")].reindex(out.index).astype("Float64")
    out["participants_qualifier"] = part["qualifier"].reindex(out.index)
    out["participants_unit"] = part["unit"].reindex(out.index)
    out["participants_status"] = part["status"].reindex(out.index)
    out["participants_measure"] = part["measure"].reindex(out.index)
    # counts are persons; a share printed in percent (participants_disabled '30%') is a share, never a count
    persons = figs[figs["unit"] == "persons"]
    # a printed share stands for the share only where it is exact: 'min. 10%' is a bound, shown with its qualifier
    # in the participants table, never as the project's share
    percent = figs[(figs["unit"] == "percent") & (figs["qualifier"] == "exact")]
    # a count is the project's count only where it is exact: 'co najmniej 39 kobiet' is a bound, kept with its
    # qualifier in the participants table (a bare 39 here would make 39 of 60 an exact share)
    for col, measure in (("women_count", "participants_women"), ("men_count", "participants_men"),
                         ("disabled_count", "participants_disabled")):
        picked = pick(persons, projects, [measure])
        out[col] = _same_status(picked, out).where(_is_exact(picked["qualifier"]).reindex(out.index, fill_value=False))
    exact_participants = _is_exact(out["participants_qualifier"])
    for col, count, measure in (("women_share", "women_count", "participants_women"),
                                ("disabled_share", "disabled_count", "participants_disabled")):
        printed = _same_status(pick(percent, projects, [measure]), out)
        out[col] = round_share((out[count] / out["participants"]).where(exact_participants).fillna(printed))
    return out


def _same_status(picked: pd.DataFrame, out: pd.DataFrame) -> pd.Series:
    """The picked figure's value where its status (planned, achieved) is that of the project's participants."""
    same = picked["status"].reindex(out.index) == out["participants_status"]
    return picked["value"].reindex(out.index).astype("Float64").where(same.fillna(False).astype(bool))


def _add_outcomes(out: pd.DataFrame, figs: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """Adds the achieved counts of persons who completed the project (all, and those who completed having reached
    their goals, as the documents name them) and who found work."""
    out = out.copy()
    for col, measure in (("completed_count", "outcome_completed"),
                         ("completed_goals_count", "outcome_completed_goals")):
        done = pick(figs, projects, [measure], statuses=("achieved",))
        done = done[done["unit"] == "persons"]
        out[col] = done["value"].reindex(out.index).astype("Float64")
    emp = pick(figs, projects, ["outcome_employed"], statuses=("achieved",))
    emp = emp[emp["unit"] == "persons"]
    out["employed_count"] = emp["value"].reindex(out.index).astype("Float64")
    out["employed_qualifier"] = emp["qualifier"].reindex(out.index)
    return out


def _add_costs(out: pd.DataFrame, money: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Adds the cost per participant with the bounds the qualifiers imply (a total 'at least' over an exact count
    is a cost 'at least'), rounded to the grosz, and per month of the project."""
    out = out.copy()
    total = pd.DataFrame({
        "value": out["total_value_grosze"].astype("Float64") / 100,
        "value_lower": out["total_value_lower_grosze"].astype("Float64") / 100,
        "value_upper": money["total"]["value_upper_grosze"].reindex(out.index).astype("Float64") / 100,
        "qualifier": out["total_value_qualifier"],
    })
    # a cost per participant, never per recipient of aid (aid handed out is not a programme's place) and never per
    # family: a family is not a person, so a cost per family is its own figure and is compared with no person's
    counts_participants = out["participants_measure"].eq("participants_total").fillna(False).astype(bool)
    in_persons = out["participants_unit"].eq("persons").fillna(False).astype(bool)
    reach = out[["participants", "participants_lower", "participants_upper", "participants_qualifier"]].set_axis(
        ["value", "value_lower", "value_upper", "qualifier"], axis=1)
    cost = ratio(total, reach.where(counts_participants & in_persons))
    per_family = ratio(total, reach.where(counts_participants & out["participants_unit"].eq("families")
                                          .fillna(False).astype(bool)))
    out["cost_per_family_grosze"] = round_grosze(per_family["value"].fillna(per_family["value_lower"]).fillna(
        per_family["value_upper"]))
    out["cost_per_family_qualifier"] = per_family["qualifier"].replace("", pd.NA).where(
        out["cost_per_family_grosze"].notna())
    (out["cost_per_participant_grosze"], out["cost_per_participant_lower_grosze"],
     out["cost_per_participant_upper_grosze"]) = round_figure_grosze(cost["value"], cost["value_lower"],
                                                                     cost["value_upper"], cost["qualifier"])
    out["cost_per_participant_qualifier"] = cost["qualifier"].where(out["total_value_basis"].notna() & cost[
        ["value", "value_lower", "value_upper"]].notna().any(axis=1))
    # per month and per year carry the cost's qualifier: a bound is rounded outwards (≥ 508,5795 zł is ≥ 508,57 zł)
    one = cost["value"].fillna(cost["value_upper"]).fillna(cost["value_lower"])
    for col, length in (("cost_per_participant_month_grosze", out["duration_months"]),
                        ("cost_per_participant_year_grosze", out["period_years"])):
        out[col] = round_figure_grosze(one / length, one / length, one / length, cost["qualifier"])[0]
    return out


_PART_SOURCES = (*_EXTERNAL_SOURCES, "own")


def _total_from_parts(out: pd.DataFrame, money: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Where no total is printed but parts are, the total is at least their sum.

    Więcbork's club: a 15 000 zł MPiPS grant and the gmina's own money of no printed amount -> at least
    15 000 zł. Only parts with a lower bound count (exact, 'at least', 'more than'); an 'about' part ('blisko
    22 000 zł') gives no bound. The total takes the least final status of its parts (planned over stated over
    achieved).
    """
    out = out.copy()
    lowers, statuses = [], []
    for st in _PART_SOURCES:
        m = money[st].reindex(out.index)
        bounded = m["qualifier"].isin(list(v.BOUNDED_BELOW_QUALIFIERS)).fillna(False).astype(bool)
        lowers.append(m["value_lower_grosze"].astype("Int64").where(bounded))
        statuses.append(m["status"].where(bounded).map(STATUS_PREFERENCE))
    lower = pd.concat(lowers, axis=1).sum(axis=1, min_count=1).astype("Int64")
    status = pd.concat(statuses, axis=1).max(axis=1).map({v_: k for k, v_ in STATUS_PREFERENCE.items()})
    strict = pd.concat([money[st]["qualifier"].reindex(out.index).eq("more_than") for st in _PART_SOURCES],
                       axis=1).any(axis=1)
    use = out["total_value_grosze"].isna() & out["total_value_lower_grosze"].isna() & lower.notna()
    out.loc[use, "total_value_lower_grosze"] = lower[use]
    out.loc[use, "total_value_qualifier"] = np.where(strict[use].fillna(False).astype(bool), "more_than",
                                                     "at_least")
    out.loc[use, "total_value_status"] = status[use]
    out.loc[use, "total_value_basis"] = "sum_of_parts"
    return out


def _source_ids(figs: pd.DataFrame, projects: pd.DataFrame, index: pd.Index) -> pd.Series:
    anc = ancestors(projects)
    own = anc.merge(figs[["project_id", "source_id"]].rename(columns={"project_id": "ancestor_id"}),
                    on="ancestor_id")
    reg = projects[["project_id", "source_id"]]
    both = pd.concat([own[["project_id", "source_id"]], reg], ignore_index=True).drop_duplicates()
    both = both.sort_values(["project_id", "source_id"])
    # most projects have one document: join strings only for the few with several
    n = both.groupby("project_id").size()
    joined = both.groupby("project_id")["source_id"].first()
    several = n.index[n > 1]
    if len(several):
        multi = both[both["project_id"].isin(several)].groupby("project_id")["source_id"].agg(" | ".join)
        joined.loc[multi.index] = multi
    return joined.reindex(index)


def axis_matches_measure(axis: pd.Series, measure: pd.Series) -> pd.Series:
    """Priority axis IX goes with measures 9.x: True where they agree (or either is missing)."""
    axis_num = axis.dropna().map(roman_to_int).reindex(axis.index)
    lead = pd.to_numeric(measure.str.split(".").str[0], errors="coerce")
    return (axis_num == lead) | axis_num.isna() | lead.isna()

