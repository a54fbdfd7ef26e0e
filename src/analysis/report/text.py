"""The words the reports print that are built from the data: escaped text, names, periods, caveats, reasons.

Text that comes from the data is escaped before it reaches Markdown or HTML (:func:`md_escape`,
:func:`display_table`). Every choice that depends on the language is a label (:mod:`analysis.report.labels`); the
language itself is checked once, by :func:`analysis.report.setup.setup`.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from analysis.core.bounds import number
from analysis.report.formatting import count_text, format_bounded
from analysis.report.labels import LABELS, label


def plain(markdown_text: str) -> str:
    """Markdown-escaped text back to plain text (chart titles, alt texts and the index's main points are not
    Markdown)."""
    return re.sub(r"\\(.)", r"\1", markdown_text).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def reason_label(reason: str | None, lang: str) -> str:
    """A not-comparable reason code in ``lang``; an unknown code raises KeyError (a report never shows a code)."""
    if reason is None or (isinstance(reason, float) and math.isnan(reason)):
        return ""
    return label(f"reason_{reason}", lang)


# --- caveats --------------------------------------------------------------------------------------------------

def _title(r: Any, lang: str) -> str:
    return str(getattr(r, label("column_title", lang)))


def caveats(projects: pd.DataFrame, figures: pd.DataFrame, checks: pd.DataFrame, lang: str = "en") -> list[str]:
    """Caveat sentences generated from the data (plain text: escape before putting into Markdown or HTML).

    planned figures beside achieved ones, bounded figures, partnership scope (operator_part), interpreted and
    re-read figures (the transcriber's note where the table has one, else the words of the document), failed and
    not_verifiable checks, projects without real figures.
    """
    out: list[str] = []
    # one sentence per kind of target, naming its projects (not one sentence per project)
    targets: dict[str, list[str]] = {}
    for r in projects.itertuples(index=False):
        planned = tuple(k for k, s in (("participants", r.participants_status),
                                       ("total_value", r.total_value_status)) if s == "planned")
        if planned:
            targets.setdefault(" | ".join(planned), []).append(_title(r, lang))
    for what, titles in targets.items():
        words = join_list([label(k, lang) for k in what.split(" | ")], lang)
        shown = titles[:5] + ([label("more_items", lang, n=len(titles) - 5).rstrip(".")] if len(titles) > 5 else [])
        out.append(label("caveat_planned_many", lang, what=words[:1].upper() + words[1:],
                         titles="; ".join(shown)))
    for r in projects.itertuples(index=False):
        t = _title(r, lang)
        if isinstance(r.participants_qualifier, str) and r.participants_qualifier != "exact":
            fig = format_bounded(r.participants, r.participants_lower, r.participants_upper,
                                 r.participants_qualifier, lang, "count")
            cost = format_bounded(r.cost_per_participant_pln, r.cost_per_participant_lower_pln,
                                  r.cost_per_participant_upper_pln, r.cost_per_participant_qualifier, lang, "money")
            key = "caveat_bound_cost" if isinstance(r.cost_per_participant_qualifier, str) else "caveat_bound"
            out.append(label(key, lang, title=t, figure=fig, cost=cost))
        if r.scope == "operator_part":
            out.append(label("caveat_operator_part", lang, title=t, operator=r.operator))
        if (isinstance(r.employed_qualifier, str) and r.employed_qualifier != "exact"
                and not math.isnan(number(r.employed_count))):
            fig = format_bounded(r.employed_count, r.employed_count, math.nan, r.employed_qualifier, lang, "count")
            out.append(label("caveat_bound_employed", lang, title=t, figure=fig))
    ids = set(projects["project_id"])
    fig_rows = figures[figures["project_id"].isin(ids)]
    title_of = {r.project_id: _title(r, lang) for r in projects.itertuples(index=False)}
    for r in fig_rows[fig_rows["transcription"] == "interpreted"].itertuples(index=False):
        # the document's own words (a verbatim quote is data in either report); figure ids go to the appendix
        out.append(label("caveat_interpreted2", lang, title=title_of.get(r.project_id, ""), value=r.value_as_printed,
                         words=f"„{r.quote}”"))
    for kind in ("read_from_scrambled_table", "counted_from_list", "named_without_amount"):
        n = int((fig_rows["transcription"] == kind).sum())
        if n:
            out.append(label(f"caveat2_{kind}", lang, figures=count_text(n, "figure", lang)))
    return out


def check_notes(projects: pd.DataFrame, figures: pd.DataFrame, checks: pd.DataFrame) -> pd.DataFrame:
    """Domain checks about these projects that failed or cannot be verified (for the technical appendix):
    columns check, subject, result, detail, as ``checks.csv`` states them (in English)."""
    ids = set(projects["project_id"])
    fig_ids = set(figures.loc[figures["project_id"].isin(ids), "figure_id"])
    subjects = ids | set(projects["portfolio_id"].dropna()) | fig_ids
    relevant = checks[checks["subject"].map(lambda s: re.split(r"[\s,;]+", str(s))[0] in subjects)]
    return relevant[relevant["result"].isin(["not_verifiable", "fail"])].reset_index(drop=True)


# --- escaping and tables ---------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~=^>:])")  # ":" too: no bare-URL autolinks


def md_escape(text: object) -> str:
    """Data text made safe for generated Markdown: HTML-escaped, Markdown syntax neutralised, on one line.

    '<script>alert(1)</script>' becomes '&lt;script&gt;alert\\(1\\)&lt;/script&gt;', which Markdown renders as
    the visible text it is. Dollar signs become an entity so that no math is typeset.
    """
    if text is None or text is pd.NA or (isinstance(text, float) and math.isnan(text)):
        return ""
    s = " ".join(str(text).split())  # no line breaks: one paragraph, no new Markdown blocks
    s = html.escape(s, quote=False)  # & < > first; the entities' own characters are not escaped below
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return s.replace("$", "&#36;")


def display_table(df: pd.DataFrame, lang: str):
    """An HTML table of ``df`` with every cell and heading HTML-escaped and no index.

    Column names that are label keys are translated; missing cells print as '—'. Returns an
    ``IPython.display.HTML`` object (deterministic markup: no random ids).
    """
    from IPython.display import HTML

    shown = df.rename(columns={c: label(c, lang) for c in df.columns if isinstance(c, str) and c in LABELS})
    markup = shown.to_html(escape=True, index=False, na_rep="—", border=0, classes="report-table",
                           justify="left")
    return HTML(markup)


def join_list(items: Iterable[str], lang: str) -> str:
    """'a, b and c' / 'a, b i c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {label('and', lang)} " + items[-1]


# --- presentation helpers (text for tables and charts) ---------------------------------------------------------

def chart_text(text: object) -> str:
    """Data text for a matplotlib label: '$' escaped so that no mathtext is parsed."""
    return "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text).replace("$", r"\$")


def project_names(projects: pd.DataFrame, lang: str, width: int | None = None) -> pd.Series:
    """Title in the report's language (Polish title for pl, English rendering for en), indexed by project_id.

    With ``width``, titles longer than that are shortened with '…' (for chart axes).
    """
    names = projects[label("column_title", lang)].astype("str")
    if width:
        names = names.map(lambda t: t if len(t) <= width else t[: width - 1].rstrip() + "…")
    return pd.Series(names.to_numpy(), index=projects["project_id"].astype("str"), name="title", dtype="str")


def date_text(d: object, precision: object) -> str:
    if d is None or pd.isna(d):
        return "?"
    ts = pd.Timestamp(d)
    return {"year": ts.strftime("%Y"), "month": ts.strftime("%m.%Y")}.get(str(precision), ts.strftime("%d.%m.%Y"))


def period_text(r: Any) -> str:
    """'08.2018–03.2021', '2008–2013', '11.06.2007–30.11.2007'; '—' where neither date is known."""
    s, e = r.start_date, r.end_date
    if (s is None or pd.isna(s)) and (e is None or pd.isna(e)):
        return "—"
    start = date_text(s, r.start_date_precision)
    end = date_text(e, r.end_date_precision)
    return start if start == end else f"{start}–{end}"


