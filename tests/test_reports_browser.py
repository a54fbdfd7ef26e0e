"""The HTML reports as a reader sees them: opened in a real headless browser (Debian's chromium).

With `make reports` done (as `.ci/run` does before `make test`), every report in reports/ is opened; otherwise a
representative set is built into a temporary folder. Without chromium the tests skip and say so.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from analysis.build import reports

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install "
                                                         "chromium; .ci/run installs it): reports not opened")]
# Flags for a closed network: no background connections, no first-run or sync traffic.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
SAMPLE = ["overview", "pl/overview", "comparisons", "projects/knurow-cwis", "pl/projects/dabrowa-integra-2014-2015",
          "projects/wiecbork-sas-konferencja"]
MACHINE_PATHS = re.compile(r"(/work/|/root/|/home/|/tmp/|\.venv/|site-packages)")


def _built_reports(tmp_dir: Path) -> tuple[Path, list[Path]]:
    index = ROOT / "reports" / "index.html"
    specs = reports.expand()
    if index.exists() and all(s.output.exists() for s in specs):
        return ROOT / "reports", [s.output for s in specs]
    out_dir = tmp_dir / "reports"
    chosen = [s for s in reports.expand(reports_dir=out_dir) if s.name in SAMPLE]
    records = [reports.run(s, reports_dir=out_dir) for s in chosen]
    reports.write_index(records, out_dir)
    return out_dir, [s.output for s in chosen]


@pytest.fixture(scope="module")
def report_pages(tmp_path_factory):
    return _built_reports(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open(browser, path: Path, screenshot: Path | None = None):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    messages: list[str] = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(path.as_uri(), wait_until="load")
    if screenshot is not None:
        page.screenshot(path=str(screenshot), full_page=True)
    return page, messages, dialogs, failed


def test_every_report_renders_without_errors(browser, report_pages, tmp_path):
    out_dir, pages = report_pages
    keep = os.environ.get("REPORT_SCREENSHOTS")  # a folder to keep full-page screenshots for a human look
    for path in pages:
        shot = Path(keep) / (path.relative_to(out_dir).as_posix().replace("/", "__") + ".png") if keep else None
        if shot:
            shot.parent.mkdir(parents=True, exist_ok=True)
        page, messages, dialogs, failed = _open(browser, path, shot)
        name = path.relative_to(out_dir).as_posix()
        assert not messages, f"{name}: console errors {messages}"
        assert not failed, f"{name}: requests failed {failed}"
        assert not dialogs, f"{name}: a dialog opened {dialogs}"
        assert page.locator("h1").count() >= 1, f"{name}: no title"
        text = page.inner_text("body")
        assert "Traceback" not in text and "Error" not in text.split("\n", 3)[0], name
        assert not MACHINE_PATHS.search(page.content()), f"{name}: a path of the build machine"
        # no code: every code cell of the notebook is exported without its input
        assert page.locator(".jp-CodeCell .jp-InputArea").count() == 0, f"{name}: code visible"
        assert page.locator("table").count() >= 1, f"{name}: no table"
        page.close()


def test_overview_shows_its_charts(browser, report_pages):
    out_dir, pages = report_pages
    for name in ("overview.html", "pl/overview.html"):
        path = out_dir / name
        page, *_ = _open(browser, path)
        charts = page.locator(".jp-OutputArea-output svg, .jp-OutputArea-output img")
        assert charts.count() >= 3, f"{name}: {charts.count()} charts"
        box = charts.first.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 150, f"{name}: chart not laid out"
        page.close()


def test_index_links_every_report(browser, report_pages):
    out_dir, pages = report_pages
    page, messages, _, _ = _open(browser, out_dir / "index.html")
    assert not messages
    hrefs = {a.get_attribute("href") for a in page.locator("a").all()}
    for p in pages:
        assert p.relative_to(out_dir).as_posix() in hrefs
    assert re.search(r"[0-9a-f]{12}", page.inner_text("body")), "data version missing"
    page.close()
