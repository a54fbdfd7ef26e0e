"""What every page carries around the report itself: links (index, the other language, glossary), a colophon
under the title (publisher, contact, build date, data version, licences) and a print footer with page numbers.

The words come from one configuration file, ``notebooks/colophon.yml`` (:func:`load_colophon`), in English and
Polish; the dates and the data version from the report's record. Every value is escaped for where it goes (HTML,
or a CSS string for the print footer).
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from analysis.paths import COLOPHON_FILE, shown
from analysis.publish.config import ReportError

LANGS = ("en", "pl")
TEXT_KEYS = ("title", "about", "publisher", "contact")
LICENCE_KEYS = ("code", "data", "documents")
WORD_KEYS = ("index", "glossary", "other_language", "published_by", "contact", "built", "data_version",
             "sources_read", "licences", "page", "of", "main_points", "overview", "comparisons", "profiles",
             "reports_in", "newest_report", "no_reports")
GLOSSARY_NAME = "glossary"  # reports/glossary.html and reports/pl/glossary.html (notebooks/reports.yml)


@dataclass(frozen=True)
class Colophon:
    """The texts of ``colophon.yml``: ``text[key][lang]``, ``licences[key][lang]``, ``words[key][lang]``."""

    text: Mapping[str, Mapping[str, str]]
    licences: Mapping[str, Mapping[str, str]]
    words: Mapping[str, Mapping[str, str]]

    def t(self, key: str, lang: str) -> str:
        return self.words[key][lang if lang in LANGS else "en"]


def _bilingual(value: object, where: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(value, Mapping) or any(not isinstance(value.get(lang), str) or not value[lang].strip()
                                             for lang in LANGS):
        problems.append(f"{where}: expected a text in each of {', '.join(LANGS)} (e.g. {{en: '…', pl: '…'}})")
        return dict.fromkeys(LANGS, "")
    return {lang: " ".join(str(value[lang]).split()) for lang in LANGS}


def load_colophon(path: Path = COLOPHON_FILE) -> Colophon:
    """Read and check the colophon; a missing or malformed file raises :class:`ReportError` naming the key."""
    import yaml

    where = shown(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReportError(f"{where}: cannot read the colophon: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise ReportError(f"{where}: not valid YAML: {exc}") from None
    if not isinstance(data, Mapping):
        raise ReportError(f"{where}: expected a mapping with {', '.join(TEXT_KEYS)}, licences and words")
    problems: list[str] = []
    text = {k: _bilingual(data.get(k), f"{where}: {k}", problems) for k in TEXT_KEYS}
    lic, w = (data.get(k) for k in ("licences", "words"))
    lic, w = (x if isinstance(x, Mapping) else {} for x in (lic, w))
    licences = {k: _bilingual(lic.get(k), f"{where}: licences.{k}", problems) for k in LICENCE_KEYS}
    words = {k: _bilingual(w.get(k), f"{where}: words.{k}", problems) for k in WORD_KEYS}
    if problems:
        raise ReportError(problems)
    return Colophon(text, licences, words)


# --- links ------------------------------------------------------------------------------------------------------

def relative_prefix(name: str) -> str:
    """'../' for every folder of a report's name: the way back to ``reports/`` ('pl/projects/x' -> '../../')."""
    return "../" * (len(PurePosixPath(name).parts) - 1)


def twin_name(name: str, language: str | None) -> str | None:
    """The same report in the other language: 'projects/x' <-> 'pl/projects/x' (None for another language)."""
    if language == "pl" and name.startswith("pl/"):
        return name.removeprefix("pl/")
    if language == "en":
        return f"pl/{name}"
    return None


def glossary_name(language: str | None) -> str:
    return f"pl/{GLOSSARY_NAME}" if language == "pl" else GLOSSARY_NAME


def _href(prefix: str, name: str) -> str:
    return html.escape(prefix + quote(f"{name}.html", safe="/"), quote=True)


def nav_html(name: str, language: str | None, colophon: Colophon) -> str:
    """Links to the index, the twin in the other language and the glossary (relative: the folder can move)."""
    lang = language or "en"
    prefix = relative_prefix(name)
    links = [f'<a href="{_href(prefix, "index")}">{html.escape(colophon.t("index", lang))}</a>']
    twin = twin_name(name, language)
    if twin is not None:
        other = "pl" if lang == "en" else "en"
        links.append(f'<a href="{_href(prefix, twin)}" hreflang="{other}" lang="{other}" rel="alternate">'
                     f'{html.escape(colophon.t("other_language", lang))}</a>')
    if PurePosixPath(name).name != GLOSSARY_NAME:
        links.append(f'<a href="{_href(prefix, glossary_name(language))}">'
                     f'{html.escape(colophon.t("glossary", lang))}</a>')
    return '<nav class="report-nav">' + " · ".join(links) + "</nav>"


# --- colophon and print footer -------------------------------------------------------------------------------------

def sources_read_until(processed_dir: Path) -> str:
    """The latest date a source was read (``accessed`` of ``sources.csv``), '' where none is recorded."""
    path = processed_dir / "sources.csv"
    try:
        with path.open(encoding="utf-8", newline="") as f:
            dates = [r.get("accessed", "") for r in csv.DictReader(f)]
    except OSError:
        return ""
    return max((d for d in dates if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d or "")), default="")


def colophon_html(record: Mapping[str, Any], language: str | None, colophon: Colophon) -> str:
    """The lines under a report's title: who publishes it and how to reach them, when it was built from which
    data, and on what terms it may be reused."""
    lang = language if language in LANGS else "en"
    e = html.escape
    built = str(record.get("generated_at", ""))[:10]
    read = str(record.get("sources_read", ""))
    version = str(record.get("data_version", ""))
    w = lambda k: e(colophon.t(k, lang))  # noqa: E731
    data_line = f'{w("built")} <time datetime="{e(built)}">{e(built)}</time> · {w("data_version")} ' \
                f'<code>{e(version)}</code>'
    if read:
        data_line += f' ({w("sources_read")} <time datetime="{e(read)}">{e(read)}</time>)'
    licences = "; ".join(e(colophon.licences[k][lang]) for k in LICENCE_KEYS)
    return (f'<div class="report-colophon">\n<p>{w("published_by")} {e(colophon.text["publisher"][lang])} · '
            f'{w("contact")} {e(colophon.text["contact"][lang])}</p>\n<p>{data_line}</p>\n'
            f'<p>{w("licences")}: {licences}.</p>\n</div>')


def css_string(text: str) -> str:
    """``text`` as a CSS string literal: quotes, backslashes, line ends and '<' escaped (no '</style>')."""
    out = []
    for ch in text:
        if ch in '"\\<>' or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):X} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def print_css(title: str, record: Mapping[str, Any], language: str | None, colophon: Colophon) -> str:
    """A4 print footer: the report's title, data version and build date on the left, 'page n of m' on the right."""
    lang = language if language in LANGS else "en"
    left = (f"{title} · {colophon.t('data_version', lang)} {record.get('data_version', '')} · "
            f"{colophon.t('built', lang)} {str(record.get('generated_at', ''))[:10]}")
    word_page, word_of = css_string(colophon.t("page", lang) + " "), css_string(" " + colophon.t("of", lang) + " ")
    page = f"{word_page} counter(page) {word_of} counter(pages)"
    return ("<style>\n@page {\n"
            f"  @bottom-left {{ content: {css_string(left)}; font: 7pt system-ui, sans-serif; color: #595959; }}\n"
            f"  @bottom-right {{ content: {page}; font: 7pt system-ui, sans-serif; color: #595959; }}\n"
            "}\n</style>")


def frame(body: str, *, name: str, title: str, language: str | None, record: Mapping[str, Any],
          colophon: Colophon) -> str:
    """The rendered report with its links at the top, its colophon after the first heading and its print footer."""
    nav = nav_html(name, language, colophon)
    body = body.replace("</head>", print_css(title, record, language, colophon) + "\n</head>", 1)
    body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + nav, body, count=1)
    at = body.find("</h1>")
    if at < 0:
        raise ReportError(f'report "{name}": no title (a level-1 heading) to put the colophon under')
    end = at + len("</h1>")
    return body[:end] + "\n" + colophon_html(record, language, colophon) + body[end:]


__all__ = ["COLOPHON_FILE", "Colophon", "load_colophon", "frame", "nav_html", "colophon_html", "print_css",
           "css_string", "relative_prefix", "twin_name", "glossary_name", "sources_read_until"]
