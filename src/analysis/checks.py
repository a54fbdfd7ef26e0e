"""Checks across tables: references between raw tables, and domain rules on the real figures.

Domain checks return one row per check and subject (pass / fail / not_verifiable) so the reports can show them;
every ``fail`` stops ``make data``. All violations of a run are reported together.
"""

from __future__ import annotations

import pandas as pd

from analysis import vocabulary as v
from analysis.errors import Problem
from analysis.transform import FACT_KEY, LIST_MEASURES, ancestors, axis_matches_measure, programme_ids

GROSZ_TOLERANCE = 1  # sums must agree to 0.01 zł
SHARE_TOLERANCE = 5e-5  # an EU share of 0.85 printed from rounded amounts may exceed 0.85 by rounding only


# --- references between raw tables -----------------------------------------------------------------------------
def reference_problems(tables: dict[str, tuple[pd.DataFrame, pd.Series]]) -> list[Problem]:
    """Every id that points nowhere, every measure with a unit it does not take, every broken hierarchy."""
    sources = set(tables["sources.csv"][0]["source_id"])
    projects, p_lines = tables["projects.csv"]
    project_ids = set(projects["project_id"])
    problems: list[Problem] = []

    def orphans(table: str, column: str, known: set[str], what: str, allow_empty: bool = False) -> None:
        df, lines = tables[table]
        bad = ~df[column].isin(known) & ~(allow_empty & (df[column] == ""))
        problems.extend(Problem(table, int(lines[i]), column, df.at[i, column], f"{what} listed in {where}")
                        for i in bad[bad].index for where in [_home(what)])

    orphans("figures.csv", "source_id", sources, "a source_id")
    orphans("figures.csv", "project_id", project_ids, "a project_id")
    orphans("projects.csv", "source_id", sources, "a source_id")
    orphans("projects.csv", "parent_id", project_ids, "a project_id", allow_empty=True)
    orphans("not_figures.csv", "source_id", sources, "a source_id")
    orphans("known_discrepancies.csv", "source_id", sources, "a source_id")

    figs, f_lines = tables["figures.csv"]
    allowed = figs["measure"].map(lambda m: v.MEASURES[m].units if m in v.MEASURES else ())
    bad_unit = pd.Series([u not in a for u, a in zip(figs["unit"], allowed)], index=figs.index)
    problems += [Problem("figures.csv", int(f_lines[i]), "unit", figs.at[i, "unit"],
                         f"a unit of measure '{figs.at[i, 'measure']}': {', '.join(allowed[i])}")
                 for i in bad_unit[bad_unit].index]
    prefix = figs["figure_id"].str.rsplit(":", n=1).str[0]
    bad_prefix = prefix != figs["source_id"]
    problems += [Problem("figures.csv", int(f_lines[i]), "figure_id", figs.at[i, "figure_id"],
                         f"an id starting with its source_id '{figs.at[i, 'source_id']}:'")
                 for i in bad_prefix[bad_prefix].index]

    level = projects.set_index("project_id")["level"]
    parent_level = projects["parent_id"].map(level)
    bad_phase = (projects["level"] == "phase") & (parent_level != "project")
    problems += [Problem("projects.csv", int(p_lines[i]), "parent_id", projects.at[i, "parent_id"],
                         "a phase's parent to be a project (level 'project')") for i in bad_phase[bad_phase].index]
    known_parents = projects["parent_id"].isin(project_ids)
    if known_parents[projects["parent_id"] != ""].all():
        anc = ancestors(projects)
        cyc = anc[(anc["depth"] > 0) & (anc["project_id"] == anc["ancestor_id"])]["project_id"].unique()
        problems += [Problem("projects.csv", int(p_lines[projects.index[projects["project_id"] == pid][0]]),
                             "parent_id", pid, "a hierarchy without cycles") for pid in cyc]
    return problems


def _home(what: str) -> str:
    return {"a source_id": "sources.csv", "a project_id": "projects.csv"}[what]


# --- domain checks on the processed data -----------------------------------------------------------------------
def _row(check: str, subject: str, ok: bool | None, detail: str, lines=()) -> dict:
    """One check result; ``lines`` are the figures.csv lines of the figures involved, for the error message."""
    result = "not_verifiable" if ok is None else ("pass" if ok else "fail")
    return {"check": check, "subject": subject, "result": result, "detail": detail,
            "lines": tuple(sorted(int(x) for x in lines if pd.notna(x)))}


def _zl(grosze) -> str:
    """Polish money for messages: 48657210 -> '486 572,10 zł'."""
    return f"{int(grosze) / 100:,.2f} zł".replace(",", " ").replace(".", ",")


def domain_checks(figs: pd.DataFrame, proj: pd.DataFrame, projects: pd.DataFrame,
                  programmes: pd.DataFrame) -> pd.DataFrame:
    rows: list[dict] = []
    prim = figs[figs["is_primary"].astype(bool)]
    money = prim[(prim["table"] == "funding") & (prim["qualifier"] != "unquantified")]
    rows += _funding_sums(money)
    rows += _portfolio_sums(money, projects)
    rows += _shares(proj, prim)
    rows += _breakdowns(prim)
    rows += _dates(proj, prim)
    rows += _duplicates_agree(figs, programmes)
    rows += _bounds_carried(proj, prim)
    rows += _codes(proj, prim)
    rows += _portfolio_counts(prim, projects)
    return pd.DataFrame(rows, columns=["check", "subject", "result", "detail", "lines"])


def apply_known_discrepancies(results: pd.DataFrame, known: pd.DataFrame) -> pd.DataFrame:
    """A failing check that a document's own figures cause, and that is recorded with its quote in
    raw/known_discrepancies.csv, becomes ``known_discrepancy`` (shown in the reports) instead of stopping the build.
    A recorded discrepancy that no longer fails is reported as a problem: the register must stay true."""
    out = results.copy()
    key = pd.MultiIndex.from_frame(out[["check", "subject"]])
    registered = key.isin(pd.MultiIndex.from_frame(known[["check", "subject"]])) if len(known) else (
        pd.Series(False, index=out.index).to_numpy())
    failing = out["result"].eq("fail").to_numpy()
    out.loc[registered & failing, "result"] = "known_discrepancy"
    stale = known.merge(out[registered & ~failing][["check", "subject"]], on=["check", "subject"])
    for r in stale.itertuples():
        out.loc[len(out)] = {"check": "known discrepancy still fails", "subject": f"{r.check} / {r.subject}",
                             "result": "fail", "detail": "recorded in known_discrepancies.csv but the check now "
                                                         "passes: remove the row", "lines": ()}
    return out


def failures(results: pd.DataFrame) -> list[Problem]:
    """Failed checks as problems pointing at the first figure involved (all its lines are in the message)."""
    failed = results[results["result"] == "fail"]
    problems = []
    for r in failed.itertuples():
        lines = list(r.lines) if r.lines else []
        where = f" (figures.csv lines {', '.join(map(str, lines))})" if len(lines) > 1 else ""
        problems.append(Problem("figures.csv" if lines else "data/processed", lines[0] if lines else None, None,
                                r.subject, "", message=f"rule '{r.check}' fails for {r.subject}: {r.detail}"
                                + where))
    return problems


def _funding_sums(money: pd.DataFrame) -> list[dict]:
    rows = []
    for (pid, status), g in money.groupby(["project_id", "status"]):
        total = g[g["measure"] == "funding_total"]
        parts = g[~g["measure"].isin(["funding_total", "funding_external_total", "funding_food_aid_value"])]
        if total.empty or parts.empty or total["qualifier"].iloc[0] != "exact":
            continue
        t, s = int(total["value_grosz"].iloc[0]), int(parts["value_grosz"].sum())
        full = "funding_own" in set(parts["measure"])  # a breakdown that names the own share is a full split
        lines = [*total["line"], *parts["line"]]
        if full:
            rows.append(_row("funding parts add up to the total", pid, abs(t - s) <= GROSZ_TOLERANCE,
                             f"{status} parts add up to {_zl(s)}, the stated total is {_zl(t)}", lines))
        else:
            rows.append(_row("funding parts do not exceed the total", pid, s <= t + GROSZ_TOLERANCE,
                             f"{status} known parts add up to {_zl(s)}, the stated total is {_zl(t)}", lines))
    return rows


def _portfolio_sums(money: pd.DataFrame, projects: pd.DataFrame) -> list[dict]:
    rows = []
    anc = ancestors(projects)
    portfolios = projects[projects["level"] == "portfolio"]["project_id"]
    for pf in portfolios:
        members = anc[(anc["ancestor_id"] == pf) & (anc["depth"] > 0)]["project_id"]
        stated = money[money["project_id"] == pf]
        for fig in stated.itertuples():
            types = ([fig.measure] if fig.measure != "funding_external_total" else
                     [f"funding_{s}" for s in ("eu", "state_subsidy", "ministry_grant", "voivode_grant",
                                               "foundation_grant", "pfron")])
            # direct members only, so a sub-portfolio's own total is not counted twice with its members'
            leaves = members[~members.isin(projects["parent_id"])]
            parts = money[money["project_id"].isin(leaves) & money["measure"].isin(types)]
            s = int(parts["value_grosz"].sum())
            named_unquantified = leaves.isin(set()).any()
            if fig.qualifier == "exact":
                rows.append(_row("portfolio total equals the sum of its projects", f"{pf} {fig.measure}",
                                 abs(s - int(fig.value_grosz)) <= GROSZ_TOLERANCE,
                                 f"stated {_zl(fig.value_grosz)}; projects add up to {_zl(s)}",
                                 [fig.line, *parts["line"]]))
            elif fig.qualifier == "more_than":
                ok = True if s > int(fig.value_grosz) else None
                rows.append(_row("portfolio total equals the sum of its projects", f"{pf} {fig.measure}", ok,
                                 f"stated more than {_zl(fig.value_grosz)}; the co-financing printed for its "
                                 f"projects adds up to {_zl(s)}, and some projects' amounts are not printed"
                                 + ("" if not named_unquantified else ""), [fig.line]))
    return rows


def _lines(prim: pd.DataFrame, pid: str, measures: list[str]) -> list[int]:
    """figures.csv lines of a project's primary figures of these measures (for messages)."""
    return list(prim.loc[(prim["project_id"] == pid) & prim["measure"].isin(measures), "line"])


def _shares(proj: pd.DataFrame, prim: pd.DataFrame) -> list[dict]:
    rows = []
    for r in proj[proj["eu_share"].notna() & proj["max_eu_share"].notna()].itertuples():
        rows.append(_row("EU share within the programme's maximum", r.project_id,
                         r.eu_share <= r.max_eu_share + SHARE_TOLERANCE,
                         f"EU share {r.eu_share:.4%} vs maximum {r.max_eu_share:.0%} ({r.programme})",
                         _lines(prim, r.project_id, ["funding_total", "funding_eu"])))
    pfron = proj[(proj["funder"] == "pfron") & proj["pfron_pln"].notna() & proj["total_value_pln"].notna()]
    for r in pfron.itertuples():
        share = int(r.pfron_pln) / int(r.total_value_pln)
        rows.append(_row("PFRON share within its 60% maximum", r.project_id, share <= 0.60 + SHARE_TOLERANCE,
                         f"PFRON {_zl(r.pfron_pln)} of {_zl(r.total_value_pln)} = {share:.2%}",
                         _lines(prim, r.project_id, ["funding_total", "funding_pfron"])))
    return rows


def _breakdowns(prim: pd.DataFrame) -> list[dict]:
    rows = []
    persons = prim[prim["table"].isin(["participants", "outcomes", "services"]) & (prim["unit"] != "percent")]
    for (pid, status), g in persons.groupby(["project_id", "status"]):
        total = g[(g["measure"] == "participants_total") & (g["unit"] == "persons")]
        if total.empty:
            continue
        t_low = total["lower"].iloc[0]
        t_up = total["upper"].iloc[0]
        if pd.isna(t_up):
            t_up = float("inf")
        by = {m: g[g["measure"] == m]["value"] for m in ("participants_women", "participants_men")}
        if len(by["participants_women"]) and len(by["participants_men"]):
            s = float(by["participants_women"].iloc[0] + by["participants_men"].iloc[0])
            lines = [*total["line"], *g[g["measure"].isin(["participants_women", "participants_men"])]["line"]]
            rows.append(_row("women and men add up to the participants", f"{pid} ({status})",
                             t_low <= s <= t_up, f"{s:g} women and men vs {total['value_as_printed'].iloc[0]}",
                             lines))
        sub = g[g["measure"].isin(["participants_women", "participants_men", "participants_disabled",
                                   "outcome_completed", "outcome_employed", "outcome_qualification",
                                   "outcome_job_search"])
                | ((g["measure"] == "service_reach") & (g["unit"] == "persons"))]
        for r in sub.itertuples():
            low = r.lower if pd.notna(r.lower) else r.value
            rows.append(_row("subgroup does not exceed the participants", f"{r.figure_id}",
                             bool(low <= t_up), f"{r.measure} {r.value_as_printed} ≤ participants "
                                                f"{total['value_as_printed'].iloc[0]}",
                             [r.line, *total["line"]]))
        done = g[g["measure"] == "outcome_completed"]
        if not done.empty:
            for r in g[g["measure"].isin(["outcome_employed", "outcome_qualification",
                                          "outcome_job_search"])].itertuples():
                rows.append(_row("outcome does not exceed those who completed", r.figure_id,
                                 bool(r.lower <= done["value"].iloc[0]) if pd.notna(r.lower) else None,
                                 f"{r.measure} {r.value_as_printed} ≤ completed {done['value'].iloc[0]:g}",
                                 [r.line, *done["line"]]))
    shares = prim[prim["measure"].isin(["participants_revitalised_area_share",
                                        "participants_outside_revitalised_area_share"])]
    for (pid, status), g in shares.groupby(["project_id", "status"]):
        if len(g) == 2:
            s = float(g["value"].sum())
            rows.append(_row("area shares add up to 100%", pid, abs(s - 1) < 1e-9, f"{s:.0%}", g["line"]))
    return rows


def _dates(proj: pd.DataFrame, prim: pd.DataFrame) -> list[dict]:
    rows = []
    both = proj[proj["start_date"].notna() & proj["end_date"].notna()]
    for r in both.itertuples():
        rows.append(_row("end date not before start date", r.project_id, r.end_date >= r.start_date,
                         f"{r.start_date:%Y-%m-%d} – {r.end_date:%Y-%m-%d}",
                         _lines(prim, r.project_id, ["start_date", "end_date", "period"])))
    phases = proj[proj["level"] == "phase"].sort_values(["group_id", "start_date"])
    for gid, g in phases.groupby("group_id"):
        for a, b in zip(g.itertuples(), list(g.itertuples())[1:]):
            rows.append(_row("phases of a project do not overlap", f"{a.project_id} / {b.project_id}",
                             bool(a.end_date < b.start_date), f"{a.end_date:%Y-%m-%d} < {b.start_date:%Y-%m-%d}",
                             _lines(prim, a.project_id, ["end_date", "period"])
                             + _lines(prim, b.project_id, ["start_date", "period"])))
    return rows


def _duplicates_agree(figs: pd.DataFrame, programmes: pd.DataFrame) -> list[dict]:
    """A fact stated twice must agree with itself: the intervals the two statements allow must meet."""
    rows = []
    key = FACT_KEY
    figs = figs.copy()
    is_prog = figs["measure"] == "programme"
    figs.loc[is_prog, "text"] = programme_ids(figs, programmes)  # two names of one programme agree
    dup = figs[figs.duplicated(key, keep=False) & (figs["qualifier"] != "unquantified")
               & ~figs["measure"].isin(LIST_MEASURES)]
    for _, g in dup.groupby(key):
        p = g[g["is_primary"].astype(bool)].iloc[0]
        for r in g[~g["is_primary"].astype(bool)].itertuples():
            if pd.notna(p["date_lower"]):
                ok = bool(r.date_lower <= p["date_upper"] and p["date_lower"] <= r.date_upper)
                detail = f"{r.value_as_printed} and {p['value_as_printed']}"
            elif p["unit"] in ("text", "code"):
                ok, detail = r.text == p["text"], f"{r.text} and {p['text']}"
            else:
                lo = max(_num(r.lower, r.value), _num(p["lower"], p["value"]))
                hi = min(_num(r.upper, r.value), _num(p["upper"], p["value"]))
                ok, detail = bool(lo <= hi), f"{r.value_as_printed} and {p['value_as_printed']}"
            rows.append(_row("a fact stated twice agrees with itself", f"{r.figure_id} / {p['figure_id']}", ok,
                             detail, [r.line, p["line"]]))
    return rows


def _num(bound, value) -> float:
    return float(bound) if pd.notna(bound) else (float(value) if pd.notna(value) else float("nan"))


def _bounds_carried(proj: pd.DataFrame, prim: pd.DataFrame) -> list[dict]:
    rows = []
    costed = proj[proj["cost_per_participant_qualifier"].notna()]
    for r in costed.itertuples():
        bounded = (r.participants_qualifier != "exact") or (r.total_value_qualifier != "exact")
        ok = (r.cost_per_participant_qualifier != "exact") if bounded else (
            r.cost_per_participant_qualifier == "exact")
        rows.append(_row("a bound is never used as exact", r.project_id, bool(ok),
                         f"participants {r.participants_qualifier}, total {r.total_value_qualifier} → cost "
                         f"{r.cost_per_participant_qualifier}",
                         _lines(prim, r.project_id, ["participants_total", "funding_total"])))
    return rows


def _codes(proj: pd.DataFrame, prim: pd.DataFrame) -> list[dict]:
    rows = []
    coded = proj[proj["priority_axis"].notna() & (proj["measure_code"].notna() | proj["submeasure_code"].notna())]
    for r in coded.itertuples():
        measure = r.measure_code if pd.notna(r.measure_code) else r.submeasure_code
        ok = bool(axis_matches_measure(pd.Series([r.priority_axis]), pd.Series([measure])).iloc[0])
        if pd.notna(r.measure_code) and pd.notna(r.submeasure_code):
            ok = ok and r.submeasure_code.startswith(r.measure_code + ".")
        rows.append(_row("programme codes agree (axis, measure, sub-measure)", r.project_id, ok,
                         f"{r.priority_axis} / {r.measure_code} / {r.submeasure_code}",
                         _lines(prim, r.project_id, ["priority_axis", "measure_code", "submeasure_code"])))
    return rows


def _portfolio_counts(prim: pd.DataFrame, projects: pd.DataFrame) -> list[dict]:
    rows = []
    for r in prim[prim["measure"] == "projects_count"].itertuples():
        n = int((projects["parent_id"] == r.project_id).sum())
        rows.append(_row("number of projects matches the projects listed", r.project_id, n == r.value,
                         f"stated {r.value_as_printed}; {n} listed", [r.line]))
    return rows
