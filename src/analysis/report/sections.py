"""Parts every report shows: heading, main points, tables with sentence-case headings, sources with links,
caveats and the collapsed technical appendix. Each function displays its part of the report (a notebook cell is
one call) and returns what it showed, so that tests can read it without a notebook.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import pandas as pd

from analysis.core.dictionary import bounded_columns
from analysis.core.summary import SUMMARY_MIME
from analysis.report import findings
from analysis.report import tables as rt
from analysis.report import text as rx
from analysis.report.appendix import technical_appendix
from analysis.report.download import Download, csv_download
from analysis.report.labels import LABELS
from analysis.report.setup import Report


def _display(obj: object) -> None:
    from IPython.display import display

    display(obj)


def md(text: str) -> str:
    """Show Markdown (already escaped where it holds data) and return it."""
    from IPython.display import Markdown

    _display(Markdown(text))
    return text


def heading(R: Report, key: str, level: int = 2, **fields: object) -> str:
    return md(f"{'#' * level} {R.cap(key, **fields)}")


def headers(R: Report, df: pd.DataFrame) -> pd.DataFrame:
    """Column names that are label keys translated, every heading in sentence case ('Cost per participant')."""
    def name(c: object) -> str:
        text = R.t(c) if isinstance(c, str) and c in LABELS else str(c)
        return text[:1].upper() + text[1:]

    return df.rename(columns={c: name(c) for c in df.columns})


def table_html(R: Report, df: pd.DataFrame) -> str:
    """An escaped HTML table with translated sentence-case headings (no index; missing cells '—')."""
    return str(rx.display_table(headers(R, df), R.lang).data)


def data_download(R: Report, data: pd.DataFrame, stem: str) -> Download:
    """'Download the data (CSV)' for a table or chart: ``data`` as numbers (value, bounds, qualifier, unit, status
    and source columns, by the processed tables' names), in the spreadsheet conventions of the report's language
    (labels ``csv_separator`` and ``csv_decimal``: ';' and a decimal comma for Polish spreadsheets)."""
    return csv_download(data.reset_index(drop=True), R.t("data_filename", stem=stem), R.t("download_data"),
                        R.t("csv_separator"), R.t("csv_decimal"))


def table(R: Report, df: pd.DataFrame, *, data: pd.DataFrame, stem: str) -> str:
    """Show a table (at most rt.MAX_ROWS rows: the first and last, with a sentence) with a link under it that
    downloads the data behind it (:func:`data_download`: every row, as numbers)."""
    from IPython.display import HTML

    shown = df
    if len(df) > rt.MAX_ROWS:
        half = rt.MAX_ROWS // 2
        md(R.t("rows_limited_table", shown=R.count(2 * half), total=R.count(len(df))))
        shown = pd.concat([df.head(half), df.tail(half)])
    markup = table_html(R, shown)
    markup += f"\n<p class=\"download\">{data_download(R, data, stem)}</p>"
    _display(HTML(markup))
    return markup


def chart(R: Report, fig: Any, *, alt: str, data: pd.DataFrame, stem: str, source_ids: Iterable[str] | None = None,
          real: bool = True) -> Any:
    """Show a chart with its alt text, its source line and a link that downloads the data it draws."""
    from analysis.report import charts

    return charts.show(fig, alt=alt, source=chart_source(R, source_ids, real),
                       download_html=data_download(R, data, stem).html)


def outcome_rate_columns(R: Report, rates: pd.DataFrame) -> dict[str, list[str]]:
    """The columns of an outcome table (``rt.outcome_rates``): indicator, status, count and both rates, bounds kept."""
    def bounded(prefix: str, kind: str) -> list[str]:
        cols = [rates[c] for c in bounded_columns(prefix)]
        return [R.bounded(v, lo, up, q, kind) for v, lo, up, q in zip(*cols)]

    def named(rates_text: list[str], n: pd.Series, den: list[str]) -> list[str]:
        # every rate says what it is taken of: '≥ 12,6% of 839 participants'
        return [r if r == "—" or pd.isna(k) else R.t("rate_of_n", rate=r, n=R.count(k), den=d)
                for r, k, d in zip(rates_text, n, den, strict=True)]

    completers = [R.t(f"den_outcome_{b}") if isinstance(b, str) else "" for b in rates["rate_of_completers_base"]]
    return {
        "indicator": [R.cap(f"outcome_{x}") for x in rates["indicator"]],
        "status": [R.t(x) for x in rates["status"]],
        "count": bounded("count", "count"),
        "rate_participants": named(bounded("rate", "share"), rates["rate_denominator"],
                                   [R.t("den_participants_total")] * len(rates)),
        "rate_completers": named(bounded("rate_of_completers", "share"), rates["rate_of_completers_denominator"],
                                 completers),
    }


def header(R: Report, title_key: str, source_ids: Iterable[str] | None = None, **fields: object) -> str:
    """The report's title and one line: prices of which year, planned figures shown or not, how many documents."""
    ids = None if source_ids is None else list(source_ids)
    md(f"# {R.cap(title_key, **fields)}")
    return md(R.t("params_line2", year=R.base_year,
                  planned=R.t("planned_shown" if R.show_planned else "planned_hidden"),
                  documents=R.documents_text(ids)))


def main_points(R: Report, points: list[findings.MainPoint], centre: str | None = None,
                voivodeship: str | None = None) -> str:
    """The main points under their heading; and, for the index, the same points as plain text (and the centre and
    voivodeship a profile belongs to) as the report's summary, which the build takes out of the page into the
    report's record."""
    heading(R, "sec_main_points")
    summary([rx.plain(p.text) for p in points], centre, voivodeship)
    return md(findings.bullets(points))


def summary(points: list[str], centre: str | None = None, voivodeship: str | None = None) -> dict[str, Any]:
    """Display the report's summary (:mod:`analysis.core.summary`) for the build; returns it."""
    from IPython.display import display

    data: dict[str, Any] = {"main_points": points}
    if centre:
        data["centre"] = centre
    if voivodeship:
        data["voivodeship"] = voivodeship
    display({SUMMARY_MIME: data}, raw=True)
    return data


def chart_source(R: Report, source_ids: Iterable[str] | None = None, real: bool = True) -> str:
    """The line under a chart: 'Source: 5 documents, transcribed figures; prices of 2025.'"""
    ids = None if source_ids is None else list(source_ids)
    key = "chart_source" if real else "chart_source_nominal"
    return R.t(key, documents=R.documents_text(ids), year=R.base_year)


def _link(url: object, text: str) -> str:
    """An escaped link where the address is http(s); else the escaped text alone."""
    e = html.escape(text)
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}" rel="noopener">{e}</a>'
    return e


def sources(R: Report, source_ids: Iterable[str] | None = None, figures: pd.DataFrame | None = None) -> str:
    """The documents with a link to each (where its address is known), kind, dates and figures taken."""
    from IPython.display import HTML

    heading(R, "sec_sources")
    src = R.data["sources"]
    if source_ids is not None:
        src = src[src["source_id"].isin(set(source_ids))]
    counts = (figures["source_id"].value_counts() if figures is not None
              else src.set_index("source_id")["figures_count"])
    rows = []
    for r in src.itertuples(index=False):
        kind = R.t(f"kind_{r.kind}") if f"kind_{r.kind}" in LABELS else str(r.kind)
        date = findings.document_date(pd.Series(r._asdict()), R.lang)
        n = int(counts.get(r.source_id, 0))
        rows.append(f"<tr><td>{html.escape(str(r.publisher))}</td><td>{_link(getattr(r, 'url', None), r.title)}"
                    f"</td><td>{html.escape(kind)}</td><td>{html.escape(date)}</td>"
                    f"<td>{html.escape(R.n(n, 'figure'))}</td></tr>")
    head = "".join(f"<th>{html.escape(R.cap(k))}</th>" for k in ("publisher", "document", "kind", "published",
                                                                  "figures_count"))
    markup = (f'<table class="report-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
              "</table>")
    _display(HTML(markup))
    return markup


def caveats(R: Report, projects: pd.DataFrame) -> str:
    heading(R, "sec_caveats")
    notes = rx.caveats(projects, R.data["figures"], R.data["checks"], R.lang)
    shown = notes[: rt.MAX_ROWS]
    text = findings.bullets([rx.md_escape(c) for c in shown]) if shown else R.t("no_caveats")
    if len(notes) > len(shown):
        text += "\n\n" + R.t("more_items", n=R.count(len(notes) - len(shown)))
    return md(text)


def appendix(R: Report, projects: pd.DataFrame, extra: list[Any] | None = None) -> str:
    """Collapsed: every figure of these projects with its id, and the checks that failed or cannot be verified,
    each described in the report's language (the computed detail as checks.csv states it)."""
    figs = R.data["figures"][R.data["figures"]["project_id"].isin(projects["project_id"])]
    if not R.show_planned:
        figs = figs[figs["status"] != "planned"]
    shown = figs.head(rt.MAX_ROWS * 10)
    fig_table = pd.DataFrame({
        "figure_id": shown["figure_id"],
        "measure": [R.t(f"m_{m}") if f"m_{m}" in LABELS else R.t(m) for m in shown["measure"]],
        "item": shown["item"].fillna("—"),
        "value_as_printed": shown["value_as_printed"],
        "status": [R.t(x) for x in shown["status"]],
        "transcription": [R.t(f"tr_{t}") for t in shown["transcription"]],
        "quote": shown["quote"],
    })
    parts: list[Any] = [*(extra or []), _Html(table_html(R, fig_table))]
    checks = rx.check_notes(projects, R.data["figures"], R.data["checks"])
    intro = [R.t("appendix_intro", n=R.n(len(figs), "figure"))]
    if len(checks):
        parts.append(_Html(table_html(R, pd.DataFrame({
            "column_check": [R.t(f"check:{c}") for c in checks["check"]],
            "column_subject": checks["subject"],
            "column_result": [R.t(f"check_{r}") for r in checks["result"]],
            "column_detail": checks["detail"],
        }))))
    shown_appendix = technical_appendix(R.t("technical_summary"), *intro, *parts)
    _display(shown_appendix)
    return shown_appendix.html


class _Html:
    """Markup that is already escaped, for the appendix."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup


__all__ = ["md", "heading", "table", "table_html", "header", "main_points", "chart_source", "sources", "caveats",
           "appendix", "headers"]
