"""Pure transforms from the raw tables to the processed ones.

Every function takes frames and returns new frames (``df.copy()`` before changing anything); none reads or writes
files. Money stays in exact integer grosze until it is written. Rules that pick one figure among several (the same
fact stated twice, a planned and an achieved figure) live in :func:`mark_primary` and :func:`pick`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.clean.parsing import Where, parse_dates, parse_programme_codes, parse_quantities, roman_to_int
from analysis.core import vocabulary as v
from analysis.core.errors import DataError, ParseError, Problem

FACT_KEY = ["project_id", "measure", "item", "status", "period_as_printed"]
"""Figures with the same key state the same fact; lists (partners, awards) carry their names in ``text``."""
LIST_MEASURES = ("partner", "award")

STATUS_PREFERENCE = {"achieved": 0, "stated": 1, "planned": 2}
"""When a project has a figure in several statuses, the achieved one describes it, then the stated, then the plan."""

_EXTERNAL_SOURCES = v.EXTERNAL_SOURCE_TYPES
_NATIONAL_GRANTS = ("ministry_grant", "voivode_grant", "foundation_grant")


# --- figures ----------------------------------------------------------------------------------------------------
def parse_figures(figures: pd.DataFrame, lines: pd.Series) -> pd.DataFrame:
    """Parse every raw figure by the kind of its unit; all problems of the table are raised together."""
    df = figures.copy()
    kind = df["unit"].map(v.UNIT_KIND)
    unquantified = df["transcription"] == "named_without_amount"
    out = pd.DataFrame(index=df.index)
    for col in ("value", "lower", "upper"):
        out[col] = pd.Series(np.nan, index=df.index, dtype="Float64")
        out[f"{col}_grosz"] = pd.Series(pd.NA, index=df.index, dtype="Int64")
    out["qualifier"] = pd.Series("", index=df.index, dtype="str").where(~unquantified, "unquantified")
    for col in ("date_lower", "date_upper", "period_lower", "period_upper"):
        out[col] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[s]")
    out["date_precision"] = ""
    out["text"] = ""
    problems: list[Problem] = []

    def attempt(fn):
        try:
            fn()
        except ParseError as err:
            problems.extend(err.problems)

    for k in ("money", "number", "percent"):
        rows = (kind == k) & ~unquantified

        def quantities(rows=rows, k=k):
            if not rows.any():
                return
            q = parse_quantities(df.loc[rows, "value_as_printed"], k,
                                 Where("figures.csv", "value_as_printed", lines[rows]))
            for col in ("value", "lower", "upper"):
                if k == "money":
                    out.loc[rows, f"{col}_grosz"] = q[col]
                    out.loc[rows, col] = q[col].astype("Float64") / 100
                else:
                    out.loc[rows, col] = q[col].astype("Float64")
            out.loc[rows, "qualifier"] = q["qualifier"]

        attempt(quantities)

    dates = (kind == "date") & ~unquantified

    def date_values():
        if dates.any():
            d = parse_dates(df.loc[dates, "value_as_printed"], Where("figures.csv", "value_as_printed", lines[dates]))
            out.loc[dates, ["date_lower", "date_upper", "date_precision", "qualifier"]] = d[
                ["date_lower", "date_upper", "date_precision", "qualifier"]].to_numpy()

    attempt(date_values)

    for level in ("priority_axis", "measure_code", "submeasure_code"):
        rows = (df["measure"] == level) & (kind == "code")

        def codes(rows=rows, level=level):
            if rows.any():
                out.loc[rows, "text"] = parse_programme_codes(
                    df.loc[rows, "value_as_printed"], level, Where("figures.csv", "value_as_printed", lines[rows]))

        attempt(codes)
    text_rows = kind == "text"
    out.loc[text_rows, "text"] = df.loc[text_rows, "value_as_printed"]

    has_period = df["period_as_printed"] != ""

    def periods():
        if has_period.any():
            p = parse_dates(df.loc[has_period, "period_as_printed"],
                            Where("figures.csv", "period_as_printed", lines[has_period]))
            out.loc[has_period, "period_lower"] = p["date_lower"]
            out.loc[has_period, "period_upper"] = p["date_upper"]

    attempt(periods)
    if problems:
        raise DataError(problems)
    for col in ("date_lower", "date_upper", "period_lower", "period_upper"):
        out[col] = out[col].astype("datetime64[s]")
    parsed = pd.concat([df, out], axis=1)
    parsed["table"] = parsed["measure"].map(lambda m: v.MEASURES[m].table)
    parsed["line"] = lines
    return mark_primary(parsed)


def mark_primary(parsed: pd.DataFrame) -> pd.DataFrame:
    """Mark one figure per fact (project, measure, item, status) as primary.

    A document may state the same fact twice (the start of a project as '01.01.2016' and 'stycznia 2016').
    The primary one is the figure as printed rather than counted or interpreted, then the most precise (the
    narrowest date or bound), then the first transcribed. The others stay in the tables, and a check requires them
    to agree with it; they are never summed.
    """
    df = parsed.copy()
    width_days = (df["date_upper"] - df["date_lower"]).dt.days.astype("Float64")
    width_num = (df["upper"] - df["lower"]).astype("Float64")
    df["_rank_tx"] = (df["transcription"] != "as_printed").astype(int)
    df["_rank_width"] = width_days.fillna(width_num).fillna(np.inf)
    df["_order"] = np.arange(len(df))
    ordered = df.sort_values(["_rank_tx", "_rank_width", "_order"], kind="stable")
    first = ~ordered.duplicated(FACT_KEY, keep="first")
    df["is_primary"] = first.reindex(df.index).astype("boolean")
    return df.drop(columns=["_rank_tx", "_rank_width", "_order"])


# --- long tables ------------------------------------------------------------------------------------------------
_COMMON = ["figure_id", "project_id", "source_id"]


def funding_table(figs: pd.DataFrame) -> pd.DataFrame:
    f = figs[figs["table"] == "funding"]
    return pd.DataFrame({
        **{c: f[c] for c in _COMMON},
        "source_type": f["measure"].map(lambda m: v.MEASURES[m].source_type),
        "amount_pln": f["value_grosz"], "amount_lower_pln": f["lower_grosz"], "amount_upper_pln": f["upper_grosz"],
        "qualifier": f["qualifier"], "status": f["status"], "is_primary": f["is_primary"],
    }).reset_index(drop=True)


def _bounded_long(f: pd.DataFrame) -> dict:
    return {"value": f["value"], "value_lower": f["lower"], "value_upper": f["upper"], "qualifier": f["qualifier"],
            "status": f["status"], "is_primary": f["is_primary"]}


def participants_table(figs: pd.DataFrame) -> pd.DataFrame:
    f = figs[figs["table"] == "participants"]
    return pd.DataFrame({**{c: f[c] for c in _COMMON}, "group": f["measure"].str.removeprefix("participants_"),
                         "unit": f["unit"], **_bounded_long(f)}).reset_index(drop=True)


def outcomes_table(figs: pd.DataFrame) -> pd.DataFrame:
    f = figs[figs["table"] == "outcomes"]
    return pd.DataFrame({**{c: f[c] for c in _COMMON}, "indicator": f["measure"].str.removeprefix("outcome_"),
                         "esf_indicator": f["measure"].map(lambda m: v.MEASURES[m].esf_indicator).replace("", pd.NA),
                         "unit": f["unit"], **_bounded_long(f)}).reset_index(drop=True)


def services_table(figs: pd.DataFrame) -> pd.DataFrame:
    f = figs[figs["table"] == "services"]
    return pd.DataFrame({**{c: f[c] for c in _COMMON}, "measure": f["measure"], "service": f["item"],
                         "unit": f["unit"], **_bounded_long(f)}).reset_index(drop=True)


def context_table(figs: pd.DataFrame) -> pd.DataFrame:
    f = figs[figs["table"].isin(["context", "dates", "programme", "staff"])]
    return pd.DataFrame({
        **{c: f[c] for c in _COMMON}, "measure": f["measure"], "item": f["item"], "unit": f["unit"],
        "value": f["value"], "lower": f["lower"], "upper": f["upper"],
        "qualifier": f["qualifier"].replace("", pd.NA), "date_lower": f["date_lower"],
        "date_upper": f["date_upper"], "text": f["text"].replace("", pd.NA),
        "period_as_printed": f["period_as_printed"].replace("", pd.NA), "status": f["status"],
    }).reset_index(drop=True)


def figures_table(figs: pd.DataFrame) -> pd.DataFrame:
    """Every figure parsed, in the columns of the data dictionary."""
    return pd.DataFrame({
        **{c: figs[c] for c in ["figure_id", "source_id", "project_id", "measure", "table", "item",
                                "value_as_printed", "unit", "status", "transcription", "value", "lower", "upper"]},
        "qualifier": figs["qualifier"].replace("", pd.NA), "date_lower": figs["date_lower"],
        "date_upper": figs["date_upper"], "date_precision": figs["date_precision"].replace("", pd.NA),
        "text": figs["text"].replace("", pd.NA), "period_lower": figs["period_lower"],
        "period_upper": figs["period_upper"], "is_primary": figs["is_primary"], "quote": figs["quote"],
    }).reset_index(drop=True)


def sources_table(sources: pd.DataFrame, figs: pd.DataFrame) -> pd.DataFrame:
    counts = figs["source_id"].value_counts()
    out = sources[["source_id", "publisher", "title", "kind", "url", "published", "seed_file"]].copy()
    out["figures_count"] = out["source_id"].map(counts).fillna(0).astype("Int64")
    for c in ("url", "published"):
        out[c] = out[c].replace("", pd.NA)
    return out.reset_index(drop=True)


def percent_text(s: pd.Series) -> pd.Series:
    """'85%' -> 0.85; '' -> NA (a rule the programme does not have)."""
    return (s.replace("", pd.NA).str.rstrip("%").astype("Float64") / 100).round(6)


def programmes_table(programmes: pd.DataFrame) -> pd.DataFrame:
    out = programmes[["programme_id", "name_en", "name_pl", "period", "funder"]].copy()
    out["period"] = out["period"].replace("", pd.NA)
    out["max_eu_share"] = percent_text(programmes["max_eu_share"])
    out["max_cofinancing_share"] = percent_text(programmes["max_cofinancing_share"])
    out["rule_source"] = programmes["rule_source"]
    out["eligible_until"] = pd.to_datetime(programmes["eligible_until"].replace("", pd.NA), format="%Y-%m-%d")
    out["eligible_until_source"] = programmes["eligible_until_source"].replace("", pd.NA)
    return out.reset_index(drop=True)


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
         statuses: tuple[str, ...] = ("achieved", "stated", "planned"), quantified: bool = True) -> pd.DataFrame:
    """One primary figure per project for the given measures, preferring achieved, then stated, then planned.

    With ``inherit`` a project without such a figure takes its nearest parent's (a portfolio's programme or
    period applies to its members). Returns the chosen figure rows indexed by project_id.
    """
    f = figs[figs["measure"].isin(measures) & figs["is_primary"].astype(bool) & figs["status"].isin(statuses)]
    if quantified:
        f = f[f["qualifier"] != "unquantified"]
    anc = ancestors(projects) if inherit else projects[["project_id"]].assign(ancestor_id=projects["project_id"],
                                                                               depth=0)
    cand = anc.merge(f.drop(columns=["project_id"]).assign(ancestor_id=f["project_id"]), on="ancestor_id")
    cand["_pref"] = cand["status"].map(STATUS_PREFERENCE)
    cand["_order"] = cand["measure"].map({m: i for i, m in enumerate(measures)})
    cand = cand.sort_values(["project_id", "depth", "_order", "_pref", "figure_id"], kind="stable")
    return cand.drop_duplicates("project_id").set_index("project_id").drop(columns=["_pref", "_order"])


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


def ratio(num: pd.DataFrame, den: pd.DataFrame) -> pd.DataFrame:
    """Interval division of bounded non-negative figures (value, lower, upper, qualifier) -> the same columns.

    A count 'at least 60' in the denominator makes the ratio an upper bound; a range gives a range; 'about'
    stays 'about'; strict bounds ('more than') stay strict. Bounds are empty where unbounded.
    """
    value = num["value"] / den["value"]
    lower = num["lower"] / den["upper"]
    upper = num["upper"] / den["lower"]
    about = num["qualifier"].isin(["about", "about_range"]) | den["qualifier"].isin(["about", "about_range"])
    strict_upper = num["qualifier"].eq("less_than") | den["qualifier"].eq("more_than")
    strict_lower = num["qualifier"].eq("more_than") | den["qualifier"].eq("less_than")
    has_l, has_u = lower.notna(), upper.notna()
    qualifier = np.select(
        [about & value.notna(), about, has_l & has_u & (lower == upper), has_l & has_u,
         has_u & strict_upper, has_u, has_l & strict_lower, has_l],
        ["about", "about_range", "exact", "range", "less_than", "at_most", "more_than", "at_least"],
        default="",
    )
    qualifier = pd.Series(qualifier, index=num.index, dtype="str")
    # "about" figures carry no bounds
    lower = lower.where(~about | qualifier.eq("about_range"))
    upper = upper.where(~about | qualifier.eq("about_range"))
    return pd.DataFrame({"value": value, "lower": lower, "upper": upper, "qualifier": qualifier.replace("", pd.NA)})


def round_grosze(pln: pd.Series) -> pd.Series:
    """PLN floats -> Int64 grosze, rounded half up (cost per participant is stated to the grosz)."""
    g = (pln.astype("Float64") * 100).round(6)
    return np.floor(g + 0.5).astype("Int64")


def project_table(figs: pd.DataFrame, projects: pd.DataFrame, programmes: pd.DataFrame) -> pd.DataFrame:
    """One row per project or separately funded phase: identity, programme, period, money, reach, costs."""
    has_children = projects["project_id"].isin(projects["parent_id"])
    leaves = projects[projects["level"].isin(["project", "phase"]) & ~has_children].copy()
    p = leaves.set_index("project_id", drop=False)

    anc = ancestors(projects).merge(projects[["project_id", "level"]].rename(
        columns={"project_id": "ancestor_id", "level": "ancestor_level"}), on="ancestor_id")
    portfolio = anc[anc["ancestor_level"] == "portfolio"].sort_values("depth").drop_duplicates("project_id")
    out = pd.DataFrame(index=p.index)
    out["project_id"] = p["project_id"]
    out["group_id"] = p["parent_id"].where((p["level"] == "phase"), p["project_id"])
    out["portfolio_id"] = portfolio.set_index("project_id")["ancestor_id"].reindex(p.index)
    out["level"] = p["level"]
    for c in ("title", "title_en", "operator", "municipality", "scope"):
        out[c] = p[c]

    # programme (own figure, else a parent's); a planned future application is not the project's programme
    figs = figs.copy()
    prog_rows = figs["measure"] == "programme"
    figs.loc[prog_rows, "programme_id"] = programme_ids(figs, programmes)
    stated = ("achieved", "stated")
    prog = pick(figs, projects, ["programme"], inherit=True, statuses=stated)
    out["programme"] = prog["programme_id"].reindex(p.index)
    prog_info = programmes.set_index("programme_id")
    out["funder"] = out["programme"].map(prog_info["funder"])
    out["comparison_group"] = out["programme"].map(prog_info["comparison_group"]).fillna("unknown")
    for level in ("priority_axis", "measure_code", "submeasure_code"):
        out[level] = pick(figs, projects, [level], inherit=True, statuses=stated)["text"].reindex(p.index)

    # period: explicit start/end first, else a period figure, else a parent's (a portfolio's year)
    start = pick(figs, projects, ["start_date", "period"], inherit=True)
    end = pick(figs, projects, ["end_date", "period"], inherit=True)
    out["start_date"] = start["date_lower"].reindex(p.index).astype("datetime64[s]")
    out["start_date_precision"] = start["date_precision"].reindex(p.index)
    out["end_date"] = end["date_upper"].reindex(p.index).astype("datetime64[s]")
    out["end_date_precision"] = end["date_precision"].reindex(p.index)
    days = (out["end_date"] - out["start_date"]).dt.days + 1
    days = days.where(days > 0)  # a reversed period has no duration (the domain check reports it)
    # a date printed as a year only ('2007') says nothing of how long the project ran: a one-day event dated
    # '2007' is not a twelve-month project
    year_only = out["start_date_precision"].eq("year") | out["end_date_precision"].eq("year")
    days = days.where(~year_only.fillna(False).astype(bool))
    out["duration_months"] = (days / (365.25 / 12)).round(4).astype("Float64")
    out["status"] = p["status"]
    out["status_note"] = p["status_note"].replace("", pd.NA)

    # money
    money = {st: pick(figs, projects, [f"funding_{st}"]) for st in ("total", "eu", "state_subsidy", "own",
                                                                   "ministry_grant", "voivode_grant",
                                                                   "foundation_grant", "pfron")}
    grosz = {st: m["value_grosz"].reindex(p.index).astype("Int64") for st, m in money.items()}
    out["total_value_pln"] = grosz["total"]
    out["total_value_qualifier"] = money["total"]["qualifier"].reindex(p.index)
    out["total_value_status"] = money["total"]["status"].reindex(p.index)
    out["total_value_basis"] = pd.Series(pd.NA, index=p.index, dtype="str").mask(grosz["total"].notna(), "printed")
    out["total_value_lower_pln"] = money["total"]["lower_grosz"].reindex(p.index).astype("Int64")
    out["eu_cofinancing_pln"] = grosz["eu"]
    out["state_subsidy_pln"] = grosz["state_subsidy"]
    national = pd.concat([grosz[s] for s in _NATIONAL_GRANTS], axis=1)
    out["national_grant_pln"] = national.sum(axis=1, min_count=1).astype("Int64")
    out["pfron_pln"] = grosz["pfron"]
    unquantified_external = figs[(figs["qualifier"] == "unquantified") & figs["measure"].isin(
        [f"funding_{s}" for s in _EXTERNAL_SOURCES])]["project_id"].unique()
    external = pd.concat([grosz[s] for s in _EXTERNAL_SOURCES], axis=1).sum(axis=1, min_count=1).astype("Int64")
    parts = pd.concat([external, grosz["own"]], axis=1).sum(axis=1, min_count=1)
    # the breakdown is complete when its parts add up to the total, or when the funder's rule makes the
    # rest own money (PFRON: "40% środki własne")
    complete = ((parts == out["total_value_pln"]).fillna(False).astype(bool)
                | (out["funder"].eq("pfron").fillna(False).astype(bool) & external.notna()
                   & out["total_value_pln"].notna()))
    complete &= ~p.index.isin(unquantified_external)
    out = _total_from_parts(out, money)
    out["own_contribution_pln"] = grosz["own"].where(grosz["own"].notna(),
                                                     (out["total_value_pln"] - external).where(complete))
    out["external_cofinancing_pln"] = external.where(complete)
    total = out["total_value_pln"].astype("Float64")
    total_exact = out["total_value_qualifier"].eq("exact").fillna(False).astype(bool)
    eu_known = grosz["eu"].notna() & total_exact
    no_eu_money = out["funder"].isin(["national", "pfron", "private"]) & grosz["eu"].isna()
    # 0 only where the total is printed: without it nothing is known of the rest of the money
    out["eu_share"] = (grosz["eu"].astype("Float64") / total).where(eu_known).mask(no_eu_money & total_exact, 0.0)
    out["external_share"] = (out["external_cofinancing_pln"].astype("Float64") / total).where(total_exact)
    out["own_share"] = (out["own_contribution_pln"].astype("Float64") / total).where(total_exact)
    out["max_eu_share"] = out["programme"].map(percent_text(prog_info["max_eu_share"])).astype("Float64")

    # participants: achieved where reported, else the plan; breakdowns must share its status
    part = pick(figs, projects, ["participants_total"])
    for c, src in (("participants", "value"), ("participants_lower", "lower"), ("participants_upper", "upper")):
        out[c] = part[src].reindex(p.index).astype("Float64")
    out["participants_qualifier"] = part["qualifier"].reindex(p.index)
    out["participants_unit"] = part["unit"].reindex(p.index)
    out["participants_status"] = part["status"].reindex(p.index)
    for col, measure in (("women_count", "participants_women"), ("men_count", "participants_men"),
                         ("disabled_count", "participants_disabled")):
        f = pick(figs, projects, [measure])
        same = f["status"].reindex(p.index) == out["participants_status"]
        out[col] = f["value"].reindex(p.index).astype("Float64").where(same.fillna(False).astype(bool))
    exact_participants = out["participants_qualifier"].eq("exact").fillna(False).astype(bool)
    out["women_share"] = (out["women_count"] / out["participants"]).where(exact_participants).round(6)
    done = pick(figs, projects, ["outcome_completed"], statuses=("achieved",))
    done = done[done["unit"] == "persons"]
    out["completed_count"] = done["value"].reindex(p.index).astype("Float64")
    emp = pick(figs, projects, ["outcome_employed"], statuses=("achieved",))
    emp = emp[emp["unit"] == "persons"]
    out["employed_count"] = emp["value"].reindex(p.index).astype("Float64")
    out["employed_qualifier"] = emp["qualifier"].reindex(p.index)

    # cost per participant, with the bounds the qualifiers imply
    num = pd.DataFrame({
        "value": total / 100,
        "lower": out["total_value_lower_pln"].astype("Float64") / 100,
        "upper": money["total"]["upper_grosz"].reindex(p.index).astype("Float64") / 100,
        "qualifier": out["total_value_qualifier"],
    })
    den = out[["participants", "participants_lower", "participants_upper", "participants_qualifier"]].set_axis(
        ["value", "lower", "upper", "qualifier"], axis=1)
    cost = ratio(num, den)
    out["cost_per_participant_pln"] = round_grosze(cost["value"])
    out["cost_per_participant_lower_pln"] = round_grosze(cost["lower"])
    out["cost_per_participant_upper_pln"] = round_grosze(cost["upper"])
    out["cost_per_participant_qualifier"] = cost["qualifier"].where(out["total_value_basis"].notna() & cost[
        ["value", "lower", "upper"]].notna().any(axis=1))
    per_month = cost["value"].fillna(cost["upper"]).fillna(cost["lower"]) / out["duration_months"]
    out["cost_per_participant_month_pln"] = round_grosze(per_month)
    out["source_ids"] = _source_ids(figs, projects, p.index)
    return out.reset_index(drop=True)


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
        bounded = m["qualifier"].isin(["exact", "at_least", "more_than"]).fillna(False).astype(bool)
        lowers.append(m["lower_grosz"].astype("Int64").where(bounded))
        statuses.append(m["status"].where(bounded).map(STATUS_PREFERENCE))
    lower = pd.concat(lowers, axis=1).sum(axis=1, min_count=1).astype("Int64")
    status = pd.concat(statuses, axis=1).max(axis=1).map({v_: k for k, v_ in STATUS_PREFERENCE.items()})
    strict = pd.concat([money[st]["qualifier"].reindex(out.index).eq("more_than") for st in _PART_SOURCES],
                       axis=1).any(axis=1)
    use = out["total_value_pln"].isna() & out["total_value_lower_pln"].isna() & lower.notna()
    out.loc[use, "total_value_lower_pln"] = lower[use]
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
