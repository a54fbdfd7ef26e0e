"""Checks across tables: references between raw tables, and domain rules on the real figures.

Domain checks return one row per check and subject (pass / fail / not_verifiable) so the reports can show them;
every ``fail`` stops ``make data``. All violations of a run are reported together.
"""

from __future__ import annotations

import pandas as pd

from analysis.clean.figures import FACT_KEY, LIST_MEASURES
from analysis.clean.parsing import format_pln_grosze
from analysis.clean.projects import ancestors, axis_matches_measure, programme_ids
from analysis.clean.registers import programme_caps
from analysis.core import vocabulary as v
from analysis.core.bounds import ratio_bounds
from analysis.core.csvsafe import starts_formula
from analysis.core.errors import Problem
from analysis.core.precision import GROSZ_TOLERANCE, share_within_cap


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
    orphans("rules.csv", "source_id", sources, "a source_id")

    figs, f_lines = tables["figures.csv"]
    pairs = pd.MultiIndex.from_tuples([(m, u) for m, spec in v.MEASURES.items() for u in spec.units])
    bad_unit = ~pd.MultiIndex.from_frame(figs[["measure", "unit"]]).isin(pairs) & figs["measure"].isin(
        list(v.MEASURES))
    problems += [Problem("figures.csv", int(f_lines[i]), "unit", figs.at[i, "unit"],
                         f"a unit of measure '{figs.at[i, 'measure']}': "
                         f"{', '.join(v.MEASURES[figs.at[i, 'measure']].units)}")
                 for i in figs.index[bad_unit]]
    prefix = figs["figure_id"].str.replace(r":[0-9]+$", "", regex=True)
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


REFERENCE_TABLES = ("sources.csv", "projects.csv", "figures.csv", "not_figures.csv", "known_discrepancies.csv",
                    "rules.csv")
"""Tables :func:`reference_problems` reads: it runs when all of them passed their schemas."""

EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
VALUE_IN_QUOTE = ("as_printed", "read_from_scrambled_table", "named_without_amount")
"""Transcriptions whose value_as_printed is a substring of its quote (counted and interpreted values are ours)."""


def row_problems(tables: dict) -> list[Problem]:
    """Rules on single rows of the raw tables (``RawTable`` by file name; tables absent are skipped).

    - No text cell starts with =, +, -, @ (or a tab or carriage return), in any column: spreadsheets run such a
      cell as a formula. No column needs one: figures are never negative and the parser reads no sign ("-5" is
      rejected anyway), a quote can start one word earlier or later ("tel. +48 …" rather than "+48 …"), a note or
      a title can be reworded, and an empty cell says "nothing" better than "-".
    - No cell holds an e-mail address: people's contact data is never recorded (roles and counts only; the
      documents' own texts keep them, in data/sources/).
    - value_as_printed occurs in the quote (as printed, scrambled-table and named-without-amount figures), and
      period_as_printed occurs in the quote: the figure is where the quote says it is.
    """
    problems: list[Problem] = []
    for name, t in tables.items():
        for column in t.frame.columns:
            s = t.frame[column]
            bad = starts_formula(s)  # first character only: fast
            problems += [Problem(name, int(t.lines[i]), column, s[i],
                                 "text that does not start with =, +, -, @, a tab or a line break (a spreadsheet "
                                 "runs such a cell as a formula): start the quote a word earlier or later, reword "
                                 "the text, or leave the cell empty") for i in s.index[bad]]
            mail = s.str.contains(EMAIL, regex=True).fillna(False).astype(bool)
            problems += [Problem(name, int(t.lines[i]), column, s[i],
                                 "no e-mail address (people's contact data is not recorded: quote around it, and "
                                 "exclude its digits in not_figures.csv without the address)") for i in s.index[mail]]
    if "figures.csv" in tables:
        t = tables["figures.csv"]
        f = t.frame
        checked = f["transcription"].isin(VALUE_IN_QUOTE)
        for column, rows in (("value_as_printed", checked), ("period_as_printed", f["period_as_printed"] != "")):
            values, quotes = f.loc[rows, column], f.loc[rows, "quote"]
            # plain Python lists: iterating an Arrow-backed Series element by element is three times slower
            missing = [i for i, val, q in zip(values.index, values.tolist(), quotes.tolist()) if val not in q]
            problems += [Problem("figures.csv", int(t.lines[i]), column, f.at[i, column],
                                 f"text that occurs in the row's quote {f.at[i, 'quote']!r}: copy the figure exactly "
                                 "as printed there (or widen the quote); a value you counted or read between the "
                                 "lines is 'counted_from_list' or 'interpreted', with a note")
                         for i in missing]
        # an English report shows the gloss of every item: one is needed exactly where an item is given
        unglossed = (f["item"] != "") & (f["item_en"] == "")
        problems += [Problem("figures.csv", int(t.lines[i]), "item_en", "", f"an English gloss of the item "
                             f"{f.at[i, 'item']!r} (English reports show it instead of the Polish words)")
                     for i in f.index[unglossed]]
        stray = (f["item"] == "") & (f["item_en"] != "")
        problems += [Problem("figures.csv", int(t.lines[i]), "item_en", f.at[i, "item_en"],
                             "an empty cell: a gloss belongs to an item, and this row has none")
                     for i in f.index[stray]]
    if "rules.csv" in tables:
        t = tables["rules.csv"]
        r = t.frame
        missing = [i for i, val, q in zip(r.index, r["value_as_printed"].tolist(), r["quote"].tolist()) if val not in q]
        problems += [Problem("rules.csv", int(t.lines[i]), "value_as_printed", r.at[i, "value_as_printed"],
                             f"text that occurs in the row's quote {r.at[i, 'quote']!r}: copy the rule's value exactly "
                             "as printed there") for i in missing]
    return problems


def _home(what: str) -> str:
    return {"a source_id": "sources.csv", "a project_id": "projects.csv"}[what]


# --- domain checks on the processed data -----------------------------------------------------------------------
# Each check builds its rows for every subject at once (vectorised); `figures` names the figures involved so
# that a failure can point at their lines in figures.csv: figure_ids, or "@project_id/measure,measure" for a
# project's primary figures of those measures (resolved only for the few rows that fail).
RESULT_COLUMNS = ["check", "subject", "result", "detail", "figures"]


def _rows(check: str, subject: pd.Series, ok: pd.Series, detail: pd.Series, figures: pd.Series) -> pd.DataFrame:
    """Rows of one check; ``ok`` is True/False, or NA where the documents do not give enough to decide."""
    ok = ok.astype("boolean")
    result = pd.Series("not_verifiable", index=ok.index, dtype="str").mask(ok.fillna(False).astype(bool), "pass")
    result = result.mask((~ok).fillna(False).astype(bool), "fail")
    return pd.DataFrame({"check": check, "subject": subject.astype("str"), "result": result,
                         "detail": detail.astype("str"), "figures": figures.astype("str")})


def _zl(grosze: pd.Series) -> pd.Series:
    """Polish money for messages: 48657210 -> '486 572,10 zł' (the parser's own formatter, with plain spaces so
    that a message can be searched for as typed)."""
    return grosze.astype("int64").map(lambda g: format_pln_grosze(g, grouping=" ").replace("\u00a0", " ")
                                      ).astype("str")


def _num(x: pd.Series) -> pd.Series:
    """Counts for messages: 81.0 -> '81', 2.5 -> '2.5'."""
    return x.astype("float64").map("{:g}".format).astype("str")


def _ref(project_id: pd.Series, measures: list[str]) -> pd.Series:
    """A lazy reference to each project's primary figures of these measures (see ``failures``)."""
    return "@" + project_id.astype("str") + "/" + ",".join(measures)


def period_key(figs: pd.DataFrame) -> pd.Series:
    """The period a figure is stated for, as a key: '' for the whole project, else '2020-01-01–2020-12-31'.
    A period that covers the project ('od maja 2015') is the whole project's. Figures of one period are checked
    together (a year's parts against that year's total), never across periods."""
    lower = figs["period_lower"].dt.strftime("%Y-%m-%d")
    upper = figs["period_upper"].dt.strftime("%Y-%m-%d")
    key = (lower + "–" + upper).fillna("").astype("str")
    return key.where(~figs["whole_project"].astype(bool), "")


def _subject(project_id: pd.Series, period: pd.Series) -> pd.Series:
    """A check's subject: the project, and the period where the figures are of a period within it."""
    return (project_id + (" (" + period + ")").where(period != "", "")).astype("str")


_KEY = ["project_id", "status", "period"]
"""Figures that are checked against each other share project, status and period."""


def domain_checks(figs: pd.DataFrame, proj: pd.DataFrame, projects: pd.DataFrame,
                  programmes: pd.DataFrame) -> pd.DataFrame:
    prim = figs[figs["is_primary"].astype(bool)]
    prim = prim.assign(period=period_key(prim))
    money = prim[(prim["table"] == "funding") & (prim["qualifier"] != "unquantified")]
    frames = [
        _funding_sums(money), _portfolio_sums(money, projects), _shares(proj, prim, programmes), _breakdowns(prim),
        _area_shares(prim), _dates(proj, prim), _phases(proj, prim), _duplicates_agree(figs, programmes),
        _bounds_carried(proj, prim), _codes(proj, prim), _portfolio_counts(prim, projects),
        _printed_shares(proj, prim), _printed_durations(proj, prim),
    ]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in RESULT_COLUMNS})
    return pd.concat(frames, ignore_index=True)


def apply_known_discrepancies(results: pd.DataFrame, known: pd.DataFrame) -> pd.DataFrame:
    """A failing check that a document's own figures cause, and that is recorded with its quote in
    raw/known_discrepancies.csv, becomes ``known_discrepancy`` (shown in the reports) instead of stopping the build.
    A recorded discrepancy whose check no longer fails is itself a failure: the register must stay true."""
    out = results.copy()
    keys = out[["check", "subject"]].merge(known[["check", "subject"]].assign(_known=True), how="left",
                                           on=["check", "subject"])["_known"].fillna(False).astype(bool).to_numpy()
    failing = out["result"].eq("fail").to_numpy()
    out.loc[keys & failing, "result"] = "known_discrepancy"
    passing = out.loc[keys & ~failing, ["check", "subject"]]
    stale = pd.DataFrame({
        "check": "known discrepancy still recorded", "subject": passing["check"] + " / " + passing["subject"],
        "result": "fail", "detail": "recorded in known_discrepancies.csv but the check now passes: remove the row",
        "figures": ""})
    return pd.concat([out, stale], ignore_index=True) if len(stale) else out


def _lines_of(refs: str, figs: pd.DataFrame, line_of: dict) -> list[int]:
    """File lines of the figures a check row refers to (figure_ids and "@project/measures" references)."""
    lines: set[int] = set()
    for token in refs.split():
        if token.startswith("@"):
            pid, _, measures = token[1:].partition("/")
            hit = figs[(figs["project_id"] == pid) & figs["measure"].isin(measures.split(","))
                       & figs["is_primary"].astype(bool)]
            lines.update(int(x) for x in hit["line"])
        elif token in line_of:
            lines.add(int(line_of[token]))
    return sorted(lines)


def failures(results: pd.DataFrame, figs: pd.DataFrame) -> list[Problem]:
    """Failed checks as problems pointing at the first figure involved (all their lines are in the message)."""
    failed = results[results["result"] == "fail"]
    line_of = dict(zip(figs["figure_id"], figs["line"])) if len(failed) else {}
    problems = []
    for r in failed.itertuples():
        lines = _lines_of(r.figures, figs, line_of)
        where = f" (figures.csv lines {', '.join(map(str, lines))})" if len(lines) > 1 else ""
        problems.append(Problem("figures.csv" if lines else "data/processed", lines[0] if lines else None, None,
                                r.subject, "", message=f"rule '{r.check}' fails for {r.subject}: {r.detail}"
                                + where))
    return problems


def _funding_sums(money: pd.DataFrame) -> pd.DataFrame:
    key = _KEY
    # a partner's or a group's part (an item) is inside the project's own figure of that source, not beside it
    m = money[~money["measure"].isin(["funding_food_aid_value"]) & money["item"].fillna("").eq("")]
    total = m[(m["measure"] == "funding_total") & (m["qualifier"] == "exact")].drop_duplicates(key)
    parts = _funding_parts(m[m["measure"] != "funding_total"], key)
    agg = parts.assign(own=parts["measure"].eq("funding_own"), external=parts["measure"].ne("funding_own")
                       ).groupby(key).agg(s=("value_grosze", "sum"), own=("own", "any"), external=("external", "any"))
    # a full split names the own contribution and some external money; the own contribution alone is one part
    agg["full"] = agg["own"] & agg["external"]
    j = total.set_index(key)[["value_grosze", "figure_id"]].join(agg, how="inner").reset_index()
    if j.empty:
        return j
    t, s = j["value_grosze"].astype("int64"), j["s"].astype("int64")
    full = j["full"].astype(bool)
    status_txt = j["status"].astype("str")
    ids = j["figure_id"] + " " + _ref(j["project_id"], [*_EXTERNAL, "funding_external_total", "funding_own"])
    # a breakdown that names the own contribution is a full split: it must add up; otherwise parts ≤ total
    # two documents may give one project's budget in two statuses (a plan, and a figure stated later): each its own
    # check, its status named in the subject
    two_statuses = j.duplicated(["project_id", "period"], keep=False)
    subject = _subject(j["project_id"] + (" (" + status_txt + ")").where(two_statuses, ""), j["period"])
    a = _rows("funding parts add up to the total", subject[full], ((t - s).abs() <= GROSZ_TOLERANCE)[full],
              (status_txt + " parts add up to " + _zl(s) + ", the stated total is " + _zl(t))[full], ids[full])
    b = _rows("funding parts do not exceed the total", subject[~full], (s <= t + GROSZ_TOLERANCE)[~full],
              (status_txt + " known parts add up to " + _zl(s) + ", the stated total is " + _zl(t))[~full],
              ids[~full])
    return pd.concat([a, b], ignore_index=True)


_EXTERNAL = [f"funding_{t}" for t in v.EXTERNAL_SOURCE_TYPES]


def _funding_parts(parts: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """The parts that add up to a total: the own contribution and the external money, where the external money is
    either its parts by source (EU, subsidy, grants) or, when the document gives no such part, the one
    "dofinansowanie" figure (funding_external_total) that the dictionary prescribes for all external money.
    Never both: the external total is the sum of its parts, so counting both would count the money twice."""
    external_total = parts["measure"] == "funding_external_total"
    by_source = parts[parts["measure"].isin(_EXTERNAL)][key].drop_duplicates()
    has_sources = pd.MultiIndex.from_frame(parts[key]).isin(pd.MultiIndex.from_frame(by_source))
    return parts[~external_total | ~has_sources]


def _portfolio_sums(money: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """A total a document states for a group of projects against the sum of its projects' figures."""
    portfolios = set(projects.loc[projects["level"] == "portfolio", "project_id"])
    stated = money[money["project_id"].isin(portfolios)]
    if stated.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    anc = ancestors(projects)
    leaves = anc[(anc["depth"] > 0) & ~anc["project_id"].isin(projects["parent_id"])]
    # stated type -> the measures that add up to it
    stated = stated.assign(part=stated["measure"].map(lambda m: _EXTERNAL if m == "funding_external_total"
                                                      else [m])).explode("part")
    parts = leaves.merge(money, on="project_id").rename(columns={"ancestor_id": "portfolio"})
    sums = stated.merge(parts[["portfolio", "measure", "value_grosze", "figure_id"]], how="left",
                        left_on=["project_id", "part"], right_on=["portfolio", "measure"], suffixes=("", "_p"))
    agg = sums.groupby("figure_id", sort=False).agg(
        subject=("project_id", "first"), measure=("measure", "first"), qualifier=("qualifier", "first"),
        stated=("value_grosze", "first"), s=("value_grosze_p", "sum"),
        ids=("figure_id_p", lambda x: " ".join(x.dropna())))
    agg = agg.reset_index()
    s, v = agg["s"].astype("int64"), agg["stated"].astype("int64")
    exact = agg["qualifier"] == "exact"
    ok = pd.Series(pd.NA, index=agg.index, dtype="boolean")
    ok = ok.mask(exact, (s - v).abs() <= GROSZ_TOLERANCE)
    # "more than X": confirmed when the printed parts already exceed X, else undecidable (amounts missing)
    ok = ok.mask(~exact & (s > v), True)
    detail = ("stated " + _zl(v) + "; projects add up to " + _zl(s)).where(
        exact, "stated more than " + _zl(v) + "; the co-financing printed for its projects adds up to " + _zl(s)
        + ", and some projects' amounts are not printed")
    return _rows("portfolio total equals the sum of its projects", agg["subject"] + " " + agg["measure"], ok,
                 detail, agg["figure_id"] + " " + agg["ids"])


def _project_ids(prim: pd.DataFrame, measures: list[str], index: pd.Series) -> pd.Series:
    """References to each project's primary figures of these measures, aligned with ``index`` (project ids)."""
    return _ref(index, measures)


def _shares(proj: pd.DataFrame, prim: pd.DataFrame, programmes: pd.DataFrame) -> pd.DataFrame:
    eu = proj[proj["eu_share"].notna() & proj["max_eu_share"].notna()]
    share, cap = eu["eu_share"].astype("float64"), eu["max_eu_share"].astype("float64")
    a = _rows("EU share within the programme's maximum", eu["project_id"], share_within_cap(share, cap),
              "EU share " + share.map("{:.4%}".format).astype("str") + " vs maximum "
              + cap.map("{:.0%}".format).astype("str") + " ("
              + eu["programme"].astype("str") + ")",
              _project_ids(prim, ["funding_total", "funding_eu"], eu["project_id"]))
    # EU money or a total printed as a bound: the share is bounded only where the bounds point the right ways
    # ('ponad 716 tys.' of 'ponad 770 tys.' bounds nothing); outside the cap only if its lower bound exceeds it
    bound = proj[proj["eu_share"].isna() & proj["eu_cofinancing_grosze"].notna()
                 & proj["total_value_grosze"].notna() & proj["max_eu_share"].notna()]
    shares = [ratio_bounds((e, None, None, qe), (t, None, None, qt)) for e, qe, t, qt in zip(
        bound["eu_cofinancing_grosze"].astype("float64"), bound["eu_cofinancing_qualifier"],
        bound["total_value_grosze"].astype("float64"), bound["total_value_qualifier"])]
    low = pd.Series([x.lower for x in shares], index=bound.index, dtype="float64")
    high = pd.Series([x.upper for x in shares], index=bound.index, dtype="float64")
    bcap = bound["max_eu_share"].astype("float64")
    ok = pd.Series(pd.NA, index=bound.index, dtype="boolean").mask(low > bcap, False).mask(high <= bcap, True)
    described = [("EU share between " + f"{lo:.2%} and {hi:.2%}") if lo == lo and hi == hi else
                 (f"EU share at least {lo:.2%}" if lo == lo else (f"EU share at most {hi:.2%}" if hi == hi else
                  "no EU share: two bounds of the same side bound no ratio")) for lo, hi in zip(low, high)]
    c = _rows("EU share within the programme's maximum", bound["project_id"], ok,
              pd.Series(described, index=bound.index, dtype="str") + " (EU " + bound["eu_cofinancing_qualifier"]
              .astype("str") + " " + _zl(bound["eu_cofinancing_grosze"]) + ", total "
              + bound["total_value_qualifier"].astype("str") + " " + _zl(bound["total_value_grosze"])
              + ") vs maximum " + bcap.map("{:.0%}".format).astype("str"),
              _project_ids(prim, ["funding_total", "funding_eu"], bound["project_id"]))
    # a cap on all external co-financing (PFRON: 60%) comes from programmes.csv, like the EU cap
    caps = programme_caps(programmes)["max_cofinancing_share"]
    limited = proj.assign(cap=proj["programme"].map(caps))
    pf = limited[limited["cap"].notna() & limited["external_cofinancing_grosze"].notna()
                 & limited["total_value_grosze"].notna()]
    ps = pf["external_cofinancing_grosze"].astype("float64") / pf["total_value_grosze"].astype("float64")
    b = _rows("external co-financing within the programme's maximum", pf["project_id"],
              share_within_cap(ps, pf["cap"].astype("float64")),
              "external " + _zl(pf["external_cofinancing_grosze"]) + " of " + _zl(pf["total_value_grosze"]) + " = "
              + ps.map("{:.2%}".format).astype("str") + " vs maximum "
              + pf["cap"].astype("float64").map("{:.0%}".format).astype("str") + " ("
              + pf["programme"].astype("str") + ")",
              _project_ids(prim, ["funding_total", *_EXTERNAL], pf["project_id"]))
    return pd.concat([a, c, b], ignore_index=True)


_SUBGROUPS = ["participants_women", "participants_men", "participants_disabled", "outcome_completed",
              "outcome_completed_goals",
              "outcome_employed", "outcome_qualification", "outcome_job_search"]


def _breakdowns(prim: pd.DataFrame) -> pd.DataFrame:
    key = _KEY
    persons = prim[prim["table"].isin(["participants", "outcomes", "services"]) & (prim["unit"] != "percent")]
    # a figure of one group, place or edition (an item) is a part: it is compared with the total, never summed
    whole = persons["item"].fillna("").eq("")
    total = persons[(persons["measure"] == "participants_total") & (persons["unit"] == "persons")
                    & whole].drop_duplicates(key)
    total = total[key + ["value_lower", "value_upper", "value_as_printed", "figure_id"]].rename(columns={
        "value_lower": "t_low", "value_upper": "t_up", "value_as_printed": "t_txt", "figure_id": "t_id"})
    total["t_up"] = total["t_up"].astype("Float64").fillna(float("inf"))
    frames = []
    # women + men = participants (within the total's bounds)
    wm = persons[persons["measure"].isin(["participants_women", "participants_men"]) & whole]
    wm_sum = wm.groupby(key).agg(s=("value", "sum"), n=("measure", "nunique"))
    j = total.merge(wm_sum[wm_sum["n"] == 2].reset_index(), on=key)
    j["ids"] = _ref(j["project_id"], ["participants_women", "participants_men"])
    frames.append(_rows("women and men add up to the participants",
                        _subject(j["project_id"] + " (" + j["status"] + ")", j["period"]),
                        (j["t_low"] <= j["s"]) & (j["s"] <= j["t_up"]),
                        _num(j["s"]) + " women and men vs " + j["t_txt"], j["t_id"] + " " + j["ids"]))
    # every subgroup (and each service's reach in persons) ≤ participants
    sub = persons[persons["measure"].isin(_SUBGROUPS)
                  | ((persons["measure"] == "service_reach") & (persons["unit"] == "persons"))].merge(total, on=key)
    low = sub["value_lower"].astype("Float64").fillna(sub["value"].astype("Float64"))
    frames.append(_rows("subgroup does not exceed the participants", sub["figure_id"], low <= sub["t_up"],
                        sub["measure"] + " " + sub["value_as_printed"] + " ≤ participants " + sub["t_txt"],
                        sub["figure_id"] + " " + sub["t_id"]))
    # outcomes ≤ those who completed
    done = persons[(persons["measure"] == "outcome_completed") & whole].drop_duplicates(key)[
        key + ["value", "figure_id"]].rename(columns={"value": "done", "figure_id": "d_id"})
    out = persons[persons["measure"].isin(["outcome_employed", "outcome_qualification", "outcome_job_search"])]
    o = out.merge(done, on=key).merge(total[key], on=key)
    frames.append(_rows("outcome does not exceed those who completed", o["figure_id"],
                        (o["value_lower"] <= o["done"]).astype("boolean"),
                        o["measure"] + " " + o["value_as_printed"] + " ≤ completed " + _num(o["done"]),
                        o["figure_id"] + " " + o["d_id"]))
    return pd.concat(frames, ignore_index=True)


def _area_shares(prim: pd.DataFrame) -> pd.DataFrame:
    key = _KEY
    sh = prim[prim["measure"].isin(["participants_revitalised_area_share",
                                    "participants_outside_revitalised_area_share"])]
    g = sh.groupby(key).agg(s=("value", "sum"), n=("value", "size"))
    g = g[g["n"] == 2].reset_index()
    g["ids"] = _ref(g["project_id"], ["participants_revitalised_area_share",
                                      "participants_outside_revitalised_area_share"])
    return _rows("area shares add up to 100%", _subject(g["project_id"], g["period"]), (g["s"] - 1).abs() < 1e-9,
                 g["s"].astype("float64").map("{:.0%}".format).astype("str"), g["ids"])


def _dates(proj: pd.DataFrame, prim: pd.DataFrame) -> pd.DataFrame:
    both = proj[proj["start_date"].notna() & proj["end_date"].notna()]
    return _rows("end date not before start date", both["project_id"], both["end_date"] >= both["start_date"],
                 both["start_date"].dt.strftime("%Y-%m-%d") + " – " + both["end_date"].dt.strftime("%Y-%m-%d"),
                 _project_ids(prim, ["start_date", "end_date", "period"], both["project_id"]))


def _phases(proj: pd.DataFrame, prim: pd.DataFrame) -> pd.DataFrame:
    ph = proj[proj["level"] == "phase"].sort_values(["group_id", "start_date"])
    nxt = ph.groupby("group_id").shift(-1)
    pairs = ph.assign(next_id=nxt["project_id"], next_start=nxt["start_date"]).dropna(subset=["next_id"])
    # a phase whose dates are not printed (an edition of a year the page does not give) cannot be judged
    dated = pairs["end_date"].notna() & pairs["next_start"].notna()
    ok = (pairs["end_date"] < pairs["next_start"]).astype("boolean").where(dated, pd.NA)
    return _rows("phases of a project do not overlap", pairs["project_id"] + " / " + pairs["next_id"], ok,
                 pairs["end_date"].dt.strftime("%Y-%m-%d").fillna("end not printed") + " < "
                 + pairs["next_start"].dt.strftime("%Y-%m-%d").fillna("start not printed"),
                 _project_ids(prim, ["end_date", "period"], pairs["project_id"]) + " "
                 + _project_ids(prim, ["start_date", "period"], pairs["next_id"]))


def _duplicates_agree(figs: pd.DataFrame, programmes: pd.DataFrame) -> pd.DataFrame:
    """A fact stated twice must agree with itself: the intervals the two statements allow must meet."""
    f = figs[figs.duplicated(FACT_KEY, keep=False) & (figs["qualifier"] != "unquantified")
             & ~figs["measure"].isin(LIST_MEASURES)].copy()
    if f.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    is_prog = f["measure"] == "programme"
    if is_prog.any():
        f.loc[is_prog, "text"] = programme_ids(f[is_prog], programmes)  # two names of one programme agree
    f["_lo"] = f["value_lower"].astype("Float64").fillna(f["value"].astype("Float64"))
    f["_hi"] = f["value_upper"].astype("Float64").fillna(f["value"].astype("Float64"))
    p = f[f["is_primary"].astype(bool)]
    o = f[~f["is_primary"].astype(bool)].merge(p, on=FACT_KEY, suffixes=("", "_p"))
    date_ok = (o["date_lower"] <= o["date_upper_p"]) & (o["date_lower_p"] <= o["date_upper"])
    text_ok = o["text"] == o["text_p"]
    num_ok = pd.concat([o["_lo"], o["_lo_p"]], axis=1).max(axis=1) <= pd.concat([o["_hi"], o["_hi_p"]],
                                                                               axis=1).min(axis=1)
    is_date = o["date_lower_p"].notna()
    is_text = o["unit"].isin(["text", "code"])
    ok = num_ok.where(~is_text, text_ok).where(~is_date, date_ok)
    detail = (o["value_as_printed"] + " and " + o["value_as_printed_p"]).where(~is_text,
                                                                              o["text"] + " and " + o["text_p"])
    return _rows("a fact stated twice agrees with itself", o["figure_id"] + " / " + o["figure_id_p"],
                 ok.astype("boolean"), detail, o["figure_id"] + " " + o["figure_id_p"])


def _bounds_carried(proj: pd.DataFrame, prim: pd.DataFrame) -> pd.DataFrame:
    c = proj[proj["cost_per_participant_qualifier"].notna()]
    bounded = (c["participants_qualifier"] != "exact") | (c["total_value_qualifier"] != "exact")
    exact_cost = c["cost_per_participant_qualifier"] == "exact"
    return _rows("a bound is never used as exact", c["project_id"], (bounded & ~exact_cost) | (~bounded & exact_cost),
                 "participants " + c["participants_qualifier"].astype("str") + ", total "
                 + c["total_value_qualifier"].astype("str") + " → cost "
                 + c["cost_per_participant_qualifier"].astype("str"),
                 _project_ids(prim, ["participants_total", "funding_total"], c["project_id"]))


def _codes(proj: pd.DataFrame, prim: pd.DataFrame) -> pd.DataFrame:
    c = proj[proj["priority_axis"].notna() & (proj["measure_code"].notna() | proj["submeasure_code"].notna())]
    measure = c["measure_code"].fillna(c["submeasure_code"])
    ok = axis_matches_measure(c["priority_axis"], measure)
    both = c["measure_code"].notna() & c["submeasure_code"].notna()
    sub_parent = c["submeasure_code"].astype("str").str.rsplit(".", n=1).str[0]  # '9.2.1' -> '9.2'
    nested = sub_parent == c["measure_code"].astype("str")
    ok = ok & (~both | nested)
    return _rows("programme codes agree (axis, measure, sub-measure)", c["project_id"], ok,
                 c["priority_axis"].astype("str") + " / " + c["measure_code"].fillna("—") + " / "
                 + c["submeasure_code"].fillna("—"),
                 _project_ids(prim, ["priority_axis", "measure_code", "submeasure_code"], c["project_id"]))


def _portfolio_counts(prim: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    n = projects["parent_id"].value_counts()
    c = prim[prim["measure"] == "projects_count"]
    listed = c["project_id"].map(n).fillna(0).astype("int64")
    return _rows("number of projects matches the projects listed", c["project_id"], listed == c["value"],
                 "stated " + c["value_as_printed"] + "; " + listed.astype("str") + " listed", c["figure_id"])


def _printed_shares(proj: pd.DataFrame, prim: pd.DataFrame) -> pd.DataFrame:
    """A share the document prints ("84,28%") must be the share its own amounts give, to the printed precision:
    half a unit of the last printed digit (84,28% allows 84,275–84,285%). The EU share is compared with EU money /
    total; the external share with the external co-financing (its parts, or the one "dofinansowanie" figure)."""
    # a share printed for a year is that year's: the project's amounts do not check it
    shares = prim[prim["measure"].isin(["eu_share", "external_share"]) & prim["whole_project"].astype(bool)]
    if shares.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    p = proj.set_index("project_id")
    total = p["total_value_grosze"].astype("Float64").where(p["total_value_qualifier"].eq("exact"))
    computed = {  # the external co-financing is its parts, or the one "dofinansowanie" figure (project_table)
        "eu_share": p["eu_cofinancing_grosze"].astype("Float64") / total,
        "external_share": p["external_cofinancing_grosze"].astype("Float64") / total,
    }
    got = pd.Series([computed[m].get(pid, pd.NA) for m, pid in zip(shares["measure"], shares["project_id"])],
                    index=shares.index, dtype="Float64")
    decimals = shares["value_as_printed"].str.extract(r"[0-9](?:,([0-9]+))?\s*%")[0].str.len().fillna(0)
    tol = 0.005 * 10.0 ** (-decimals.astype("float64")) + 1e-9
    lo = shares["value_lower"].astype("Float64").fillna(-1.0) - tol
    hi = shares["value_upper"].astype("Float64").fillna(2.0) + tol
    about = shares["qualifier"].isin(["about", "about_range"])
    ok = ((got >= lo) & (got <= hi)).mask(about)
    detail = ("printed " + shares["value_as_printed"] + "; the amounts give "
              + got.map(lambda x: "no share (an amount is missing)" if pd.isna(x) else f"{x:.4%}").astype("str"))
    kind = shares["measure"].map({"eu_share": ["funding_total", "funding_eu"],
                                  "external_share": ["funding_total", *_EXTERNAL, "funding_external_total"]})
    figures = shares["figure_id"] + " " + pd.Series([_ref(pd.Series([pid]), k).iloc[0] for pid, k in
                                                      zip(shares["project_id"], kind)], index=shares.index)
    subject = shares["project_id"] + " " + shares["measure"]
    subject = subject.where(~subject.duplicated(keep=False), subject + " " + shares["status"] + " "
                            + shares["item"].fillna(""))
    return _rows("a printed share agrees with the amounts", subject.str.strip(), ok, detail, figures)


_MONTHS_PER_UNIT = {"days": 12 / 365.25, "weeks": 12 * 7 / 365.25, "months": 1.0, "years": 12.0}


def _printed_durations(proj: pd.DataFrame, prim: pd.DataFrame) -> pd.DataFrame:
    """A length the document prints ("trwał prawie rok") must fit the dates it prints, give or take one unit of
    the printed length (documents round: "dwa lata" for 23 months); a bound ("prawie", "ponad") is checked on its
    own side only, and strictly ("prawie rok" is under 12 months)."""
    d = prim[(prim["measure"] == "duration") & prim["project_id"].isin(proj["project_id"])]
    if d.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    months = proj.set_index("project_id")["duration_months"].astype("Float64")
    got = d["project_id"].map(months).astype("Float64")
    f = d["unit"].map(_MONTHS_PER_UNIT).astype("float64")
    lo = d["value_lower"].astype("Float64") * f
    hi = d["value_upper"].astype("Float64") * f
    exact = d["qualifier"] == "exact"
    lo_ok = (got >= lo - f.where(exact, 0.0)).fillna(True)
    hi_ok = (got <= hi + f.where(exact, 0.0)).fillna(True)
    hi_ok = hi_ok & ~((d["qualifier"] == "less_than") & (got >= hi)).fillna(False)
    lo_ok = lo_ok & ~((d["qualifier"] == "more_than") & (got <= lo)).fillna(False)
    ok = (lo_ok & hi_ok).astype("boolean").mask(got.isna() | d["qualifier"].isin(["about", "about_range"]))
    detail = ("printed " + d["value_as_printed"] + " " + d["unit"] + "; the dates give "
              + got.map(lambda x: "no length" if pd.isna(x) else f"{x:.1f} months").astype("str"))
    return _rows("a printed duration agrees with the dates", d["project_id"] + " " + d["figure_id"], ok, detail,
                 d["figure_id"] + " " + _ref(d["project_id"], ["start_date", "end_date", "period"]))
