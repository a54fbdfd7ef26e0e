"""``reports/index.html``, the landing page: what the analysis is, the main points and every report, grouped, in each
language, with its generation time and data version."""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from analysis.core.collation import polish_order
from analysis.paths import REPORTS_DIR
from analysis.publish.config import ReportError, ReportSpec, default_path
from analysis.publish.frame import LICENCE_KEYS, Colophon, load_colophon
from analysis.publish.outputs import sidecar_path, write_if_changed

LANGUAGE_NAMES = {"en": "English", "pl": "Polski"}

_INDEX_CSS = """
:root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --rule: #d9e2ec; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); background: #fff; }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0 1.5rem; }
header { padding-top: 2rem; border-bottom: 2px solid var(--rule); }
h1 { font-size: 1.75rem; margin: 0 0 .25rem; }
.title-pl { font-size: 1.2rem; margin: 0 0 .5rem; color: var(--muted); }
main.languages { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 0 2.5rem; }
h2 { font-size: 1.35rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
h4 { font-size: .95rem; margin: 1rem 0 .25rem; font-weight: 600; }
h5 { font-size: .9rem; margin: .5rem 0 .2rem; color: var(--muted); font-weight: 600; }
.about { margin: 0 0 .5rem; }
ul { margin: .25rem 0 .75rem; padding-left: 1.2rem; }
li { margin: .2rem 0; }
.meta { color: var(--muted); font-size: .8rem; white-space: nowrap; }
.generated { color: var(--muted); margin: 0 0 .5rem; }
.jump { margin: 0 0 1rem; font-weight: 600; }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
code { font: .8rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f5f7fa;
       padding: .05rem .3rem; border-radius: 3px; }
footer { color: var(--muted); font-size: .85rem; padding-top: 1rem; padding-bottom: 2rem;
         border-top: 1px solid var(--rule); margin-top: 1.5rem; }
li, code, p { overflow-wrap: anywhere; }
/* A phone: one column, narrower margins */
@media (max-width: 40rem) {
  header, main, footer { padding: 0 .75rem; }
  main.languages { grid-template-columns: 1fr; }
  .meta { white-space: normal; }
}
/* Paper: A4, one column, the page number in the footer */
@page { size: A4; margin: 14mm 12mm 16mm; @bottom-right { content: counter(page) " / " counter(pages);
        font: 7pt system-ui, sans-serif; color: #595959; } }
@media print {
  body { font-size: 10pt; }
  header, main, footer { max-width: none; padding: 0; }
  main.languages { display: block; }
  section.language { break-before: auto; }
  h2, h3, h4, h5 { break-after: avoid-page; }
}
""".strip()


def _load_record(item: Any, rep_dir: Path) -> dict[str, Any]:
    if isinstance(item, ReportSpec):
        path = sidecar_path(rep_dir, item.name)
        if not item.output.is_file() or not path.is_file():
            raise ReportError(f'report "{item.name}" has not been built (run: python -m analysis.publish run '
                              f"{item.name})")
        record = json.loads(path.read_text(encoding="utf-8"))
        record.setdefault("group", item.group)
        return record
    if isinstance(item, (str, os.PathLike)):
        return json.loads(Path(item).read_text(encoding="utf-8"))
    if isinstance(item, Mapping):
        return dict(item)
    raise TypeError(f"write_index takes ReportSpec, sidecar dicts or sidecar paths, not {type(item).__name__}")


def _format_time(stamp: str) -> str:
    try:
        when = datetime.fromisoformat(str(stamp).replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return str(stamp)
    return when.strftime("%Y-%m-%d %H:%M UTC")


GROUP_ORDER = ("Overview", "Comparisons", "Project profiles", "Glossary")
"""The report families of the landing page, in reading order (``group`` of notebooks/reports.yml); other groups
follow under their own names."""
_GROUP_WORDS = {"Overview": "overview", "Comparisons": "comparisons", "Project profiles": "profiles",
                "Glossary": "glossary"}


def _language(rec: Mapping[str, Any]) -> str:
    params = rec.get("parameters") or {}
    return str(params.get("language")) if isinstance(params.get("language"), str) else ""


def _link(rec: Mapping[str, Any], lang_attr: str, data_version: str | None) -> str:
    """A report's link; its build time and data version only where they differ from the page's (a stale one)."""
    e = html.escape
    name = str(rec.get("name", ""))
    href = quote(str(rec.get("output") or f"{name}.html"), safe="/")
    title = str(rec.get("title") or name)
    params = {k: v for k, v in (rec.get("parameters") or {}).items() if k not in ("language", "project_id")}
    shown = "".join(f" <code>{e(str(k))}={e(str(v))}</code>" for k, v in params.items())
    gen, version = str(rec.get("generated_at", "")), str(rec.get("data_version", ""))
    meta = "" if data_version and version == data_version else (
        f' <span class="meta"><time datetime="{e(gen)}">{e(_format_time(gen))}</time> · <code>{e(version)}</code>'
        "</span>")
    return f'<li><a href="{e(href)}"{lang_attr}>{e(title)}</a>{shown}{meta}</li>'


def _summary(rec: Mapping[str, Any]) -> Mapping[str, Any]:
    summary = rec.get("summary")
    return summary if isinstance(summary, Mapping) else {}


def _language_section(lang: str, recs: list[dict[str, Any]], colophon: Colophon,
                      data_version: str | None) -> list[str]:
    """One language's half of the landing page: what this is, the overview's main points, the reports grouped."""
    e = html.escape
    lang_attr = f' lang="{e(lang)}"' if lang else ""
    known = lang in LANGUAGE_NAMES  # a language the colophon has no words for gets plain headings
    word = (lambda k: colophon.t(k, lang)) if known else (lambda k: k.replace("_", " ").capitalize())  # noqa: E731
    heading = word("reports_in") if known else LANGUAGE_NAMES.get(lang, lang or "Other")
    anchor = f' id="{e(lang)}"' if lang else ""
    out = [f'<section class="language"{lang_attr}{anchor}>', f"<h2>{e(heading)}</h2>"]
    if known:
        out.append(f'<p class="about">{e(colophon.text["about"][lang])}</p>')
    overview = next((r for r in recs if r.get("group") == "Overview" and _summary(r).get("main_points")), None)
    if overview is not None:
        points = [str(p) for p in _summary(overview)["main_points"]]
        out.append(f"<h3>{e(word('main_points'))}</h3>")
        out.append('<ul class="main-points">' + "".join(f"<li>{e(p)}</li>" for p in points) + "</ul>")
    by_group: dict[str, list[dict[str, Any]]] = {}
    for rec in recs:
        by_group.setdefault(str(rec.get("group") or "Reports"), []).append(rec)
    order = [g for g in GROUP_ORDER if g in by_group] + [g for g in by_group if g not in GROUP_ORDER]
    for group in order:
        title = word(_GROUP_WORDS[group]) if known and group in _GROUP_WORDS else group
        out.append(f"<h3>{e(title)}</h3>")
        if group == "Project profiles":
            out += _profiles_by_place(by_group[group], lang_attr, data_version)
        else:
            out.append("<ul>" + "".join(_link(r, lang_attr, data_version) for r in by_group[group]) + "</ul>")
    out.append("</section>")
    return out


def _profiles_by_place(recs: list[dict[str, Any]], lang_attr: str, data_version: str | None) -> list[str]:
    """Profiles under their voivodeship (in alphabetical order, where the profile names it), then their centre."""
    e = html.escape
    places: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for rec in recs:
        summary = _summary(rec)
        places.setdefault(str(summary.get("voivodeship") or ""), {}).setdefault(
            str(summary.get("centre") or ""), []).append(rec)
    out: list[str] = []
    for place in sorted(places, key=lambda p: (p == "", polish_order(p))):
        if place:
            out.append(f'<h4{lang_attr}>{e(place[:1].upper() + place[1:])}</h4>')
        for centre in sorted(places[place], key=polish_order):
            if centre:
                out.append(f'<h5{lang_attr}>{e(centre)}</h5>')
            out.append("<ul>" + "".join(_link(r, lang_attr, data_version) for r in places[place][centre]) + "</ul>")
    return out


def write_index(items: Iterable[Any], reports_dir: str | os.PathLike | None = None,
                data_version: str | None = None, colophon: Colophon | None = None) -> Path:
    """Write ``reports/index.html``, the landing page, listing ``items`` (ReportSpec, sidecar dicts or sidecar
    JSON paths).

    Each language has its half: what the analysis is, the overview's main points (from its record's summary), then
    the reports grouped — overview, comparisons, profiles by voivodeship and centre, glossary — in the order given.
    The words come from ``colophon`` (default: notebooks/colophon.yml). Every value taken from data is HTML-escaped.
    The page is dated by its newest report (so an unchanged set of reports gives an unchanged index, and the file
    is rewritten only when its content changes) and names ``data_version``, the version of ``data/raw`` the build
    checked the reports against. Returns its path.
    """
    rep_dir = default_path(reports_dir, REPORTS_DIR)
    problems: list[str] = []
    records: list[dict[str, Any]] = []
    for item in items:
        try:
            records.append(_load_record(item, rep_dir))
        except ReportError as exc:
            problems.extend(exc.problems)
        except (OSError, json.JSONDecodeError) as exc:
            problems.append(f"{item}: cannot read report record: {exc}")
    if problems:
        raise ReportError(problems)
    if colophon is None:
        colophon = load_colophon()

    by_lang: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        by_lang.setdefault(_language(rec), []).append(rec)
    langs = [x for x in LANGUAGE_NAMES if x in by_lang] + [x for x in by_lang if x not in LANGUAGE_NAMES]

    e = html.escape
    stamp = max((str(r.get("generated_at", "")) for r in records), default="")
    licences = " ".join(
        f'<p lang="{lang}">{e(colophon.t("published_by", lang))} {e(colophon.text["publisher"][lang])} · '
        f'{e(colophon.t("contact", lang))} {e(colophon.text["contact"][lang])}. {e(colophon.t("licences", lang))}: '
        + "; ".join(e(colophon.licences[k][lang]) for k in LICENCE_KEYS) + ".</p>"
        for lang in LANGUAGE_NAMES)
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(colophon.text['title']['en'])} / {e(colophon.text['title']['pl'])}</title>",
        f"<style>\n{_INDEX_CSS}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{e(colophon.text['title']['en'])}</h1>",
        f'<p class="title-pl" lang="pl">{e(colophon.text["title"]["pl"])}</p>',
        f'<p class="generated" id="index-generated">{e(colophon.t("newest_report", "en").capitalize())} / '
        f'<span lang="pl">{e(colophon.t("newest_report", "pl"))}</span>: <time datetime="{e(stamp)}">'
        f"{e(_format_time(stamp))}</time>"
        + (f' · {e(colophon.t("data_version", "en"))} / <span lang="pl">{e(colophon.t("data_version", "pl"))}'
           f'</span> <code id="index-data-version">{e(data_version)}</code>' if data_version else "")
        + "</p>",
        '<p class="jump">' + " · ".join(f'<a href="#{x}" lang="{x}">{e(LANGUAGE_NAMES[x])}</a>'
                                         for x in LANGUAGE_NAMES if x in by_lang) + "</p>",
        "</header>",
        '<main class="languages">',
    ]
    if not records:
        out.append(f"<p>{e(colophon.t('no_reports', 'en'))} <span lang=\"pl\">"
                   f"{e(colophon.t('no_reports', 'pl'))}</span></p>")
    for lang in langs:
        out += _language_section(lang, by_lang[lang], colophon, data_version)
    out += [
        "</main>",
        f"<footer>{licences}<p>Reports listed / raporty: {len(records)}. A report's data version is the hash of the "
        "raw data it was last checked against: the report reflects that version. <span lang=\"pl\">Wersja danych "
        "raportu to skrót danych źródłowych, z którymi go sprawdzono.</span></p></footer>",
        "</body>",
        "</html>",
        "",
    ]
    path = rep_dir / "index.html"
    write_if_changed(path, "\n".join(out))
    return path
