"""``reports/index.html``: every report with its title, parameters, generation time and data version."""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from analysis.paths import REPORTS_DIR
from analysis.publish.config import ReportError, ReportSpec, default_path
from analysis.publish.outputs import sidecar_path, write_if_changed

LANGUAGE_NAMES = {"en": "English", "pl": "Polski"}

_INDEX_CSS = """
:root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --rule: #d9e2ec; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); background: #fff; }
header, main, footer { max-width: 64rem; margin: 0 auto; padding: 0 1.5rem; }
header { padding-top: 2rem; border-bottom: 2px solid var(--rule); }
h1 { font-size: 1.75rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; color: var(--muted); font-weight: 600; }
.generated { color: var(--muted); margin: 0 0 1rem; }
table { width: 100%; border-collapse: collapse; margin-bottom: 1rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid var(--rule); }
th { font-size: .85rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
code { font: .85rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f5f7fa;
       padding: .05rem .3rem; border-radius: 3px; }
footer { color: var(--muted); font-size: .85rem; padding-bottom: 2rem; }
td, code { overflow-wrap: anywhere; }
/* A phone: each report becomes a block of its own instead of a row too wide for the screen. */
@media (max-width: 40rem) {
  header, main, footer { padding: 0 .75rem; }
  thead { display: none; }
  table, tbody, tr, td { display: block; width: 100%; }
  tr { border-bottom: 1px solid var(--rule); padding: .4rem 0; }
  td { border: 0; padding: .1rem 0; }
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


def write_index(items: Iterable[Any], reports_dir: str | os.PathLike | None = None,
                data_version: str | None = None) -> Path:
    """Write ``reports/index.html`` listing ``items`` (ReportSpec, sidecar dicts or sidecar JSON paths).

    Reports are grouped by family (Overview, Project profiles, ...) and language (English, Polski) in the order
    given. Every value taken from data is HTML-escaped. The index is dated by its newest report (so an unchanged
    set of reports gives an unchanged index, and the file is rewritten only when its content changes) and names
    ``data_version``, the version of ``data/raw`` the build checked the reports against. Returns its path.
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

    groups: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for rec in records:
        params = rec.get("parameters") or {}
        lang = str(params.get("language")) if isinstance(params.get("language"), str) else ""
        group = str(rec.get("group") or "Reports")
        groups.setdefault(group, {}).setdefault(lang, []).append(rec)

    e = html.escape
    stamp = max((str(r.get("generated_at", "")) for r in records), default="")
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Reports</title>",
        f"<style>\n{_INDEX_CSS}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>Reports <span lang=\"pl\">/ Raporty</span></h1>",
        f'<p class="generated" id="index-generated">Newest report: <time datetime="{e(stamp)}">'
        f"{e(_format_time(stamp))}</time>"
        + (f' · data version <code id="index-data-version">{e(data_version)}</code>' if data_version else "")
        + "</p>",
        "</header>",
        "<main>",
    ]
    if not records:
        out.append("<p>No reports have been built yet.</p>")
    for group, by_lang in groups.items():
        out.append(f"<section>\n<h2>{e(str(group))}</h2>")
        for lang, recs in by_lang.items():
            label = LANGUAGE_NAMES.get(lang, lang or "Other")
            lang_attr = f' lang="{e(lang)}"' if lang else ""
            out.append(f"<h3{lang_attr}>{e(label)}</h3>")
            out.append("<table>\n<thead><tr><th>Report</th><th>Parameters</th><th>Generated</th>"
                       "<th>Data version</th></tr></thead>\n<tbody>")
            for rec in recs:
                name = str(rec.get("name", ""))
                href = quote(str(rec.get("output") or f"{name}.html"), safe="/")
                title = str(rec.get("title") or name)
                params = {k: v for k, v in (rec.get("parameters") or {}).items() if k != "language"}
                shown = " ".join(f"<code>{e(str(k))}={e(str(v))}</code>" for k, v in params.items()) or "—"
                gen = str(rec.get("generated_at", ""))
                out.append(
                    f'<tr><td><a href="{e(href)}"{lang_attr}>{e(title)}</a></td><td>{shown}</td>'
                    f'<td><time datetime="{e(gen)}">{e(_format_time(gen))}</time></td>'
                    f"<td><code>{e(str(rec.get('data_version', '')))}</code></td></tr>"
                )
            out.append("</tbody>\n</table>")
        out.append("</section>")
    out += [
        "</main>",
        f"<footer><p>Reports listed: {len(records)}. A report's data version is the hash of the raw data it was "
        "last checked against: the report reflects that version.</p></footer>",
        "</body>",
        "</html>",
        "",
    ]
    path = rep_dir / "index.html"
    write_if_changed(path, "\n".join(out))
    return path

