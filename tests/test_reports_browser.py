"""The HTML reports as a reader sees them: opened in a real headless browser (Debian's chromium).

On a desktop screen, on a phone (400 px: nothing wider than the screen, nothing scrolling sideways), on A4 paper
(print media: every column of the key table and every chart inside the page; the printed PDF keeps every column
and no heading ends a page) and for a screen reader (every chart has an alt text that states its message).

Every published report is opened (built first if `make reports` has not run); with `REPORTS_UNDER_TEST=<folder>`
the reports in that folder are opened instead (e.g. built by an older commit, to see a test fail). Without
chromium the tests skip and say so.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install "
                                                         "chromium; .ci/run installs it): reports not opened")]
# Flags for a closed network: no background connections, no first-run or sync traffic.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
MACHINE_PATHS = re.compile(r"(/work/|/root/|/home/|/tmp/|\.venv/|site-packages)")
NBCONVERT_DEFAULT_ALT = "No description has been provided for this image"

PHONE_WIDTH_PX = 400
# A4 with the template's @page margins (12 mm left and right, 14 + 16 mm top and bottom), in CSS px (96 per inch)
MM_PX = 96 / 25.4
A4_CONTENT_WIDTH_PX = (210 - 2 * 12) * MM_PX
A4_CONTENT_HEIGHT_PX = (297 - 14 - 16) * MM_PX


def _is_glossary(name: str) -> bool:
    return name.rsplit("/", 1)[-1].removesuffix(".html") == "glossary"


@pytest.fixture(scope="module")
def report_pages(request) -> tuple[Path, list[Path]]:
    """(folder, report files): REPORTS_UNDER_TEST's reports (e.g. an older build), else every published report,
    brought up to date by the build (conftest's published_reports: a no-op after `make reports`)."""
    given = os.environ.get("REPORTS_UNDER_TEST")
    if given:
        out_dir = Path(given)
        return out_dir, sorted(p for p in out_dir.rglob("*.html") if p.name != "index.html" and "_build" not in p.parts)
    out_dir, specs = request.getfixturevalue("published_reports")
    return Path(out_dir), [Path(s.output) for s in specs]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open(browser, path: Path, screenshot: Path | None = None, width: int = 1280, **context):
    page = browser.new_page(viewport={"width": width, "height": 900}, **context)
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


def _name(path: Path, out_dir: Path) -> str:
    return path.relative_to(out_dir).as_posix()


def test_every_report_renders_without_errors(browser, report_pages, tmp_path):
    out_dir, pages = report_pages
    keep = os.environ.get("REPORT_SCREENSHOTS")  # a folder to keep full-page screenshots for a human look
    for path in pages:
        shot = Path(keep) / (_name(path, out_dir).replace("/", "__") + ".png") if keep else None
        if shot:
            shot.parent.mkdir(parents=True, exist_ok=True)
        page, messages, dialogs, failed = _open(browser, path, shot)
        name = _name(path, out_dir)
        assert not messages, f"{name}: console errors {messages}"
        assert not failed, f"{name}: requests failed {failed}"
        assert not dialogs, f"{name}: a dialog opened {dialogs}"
        assert page.locator("h1").count() >= 1, f"{name}: no title"
        text = page.inner_text("body")
        assert "Traceback" not in text and "Error" not in text.split("\n", 3)[0], name
        assert not MACHINE_PATHS.search(page.content()), f"{name}: a path of the build machine"
        # no code: every code cell of the notebook is exported without its input
        assert page.locator(".jp-CodeCell .jp-InputArea").count() == 0, f"{name}: code visible"
        assert page.locator("table").count() >= 1 or _is_glossary(name), f"{name}: no table"
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


# --- screen readers ------------------------------------------------------------------------------------------------

def test_every_chart_states_its_message_and_its_source(browser, report_pages):
    """No image with nbconvert's default alt text (or none); every chart has a source line under it."""
    out_dir, pages = report_pages
    for path in pages:
        page, *_ = _open(browser, path)
        name = _name(path, out_dir)
        images = page.evaluate("""() => Array.from(document.querySelectorAll('img, svg[role=img]'), (el) => ({
            alt: el.getAttribute('alt') ?? el.getAttribute('aria-label'),
            source: el.closest('figure')?.querySelector('figcaption')?.textContent.trim() ?? null}))""")
        for i, image in enumerate(images, start=1):
            alt = (image["alt"] or "").strip()
            assert alt and alt != NBCONVERT_DEFAULT_ALT, f"{name}: chart {i} has no alt text ({alt!r})"
            assert len(alt.split()) >= 4, f"{name}: chart {i}: alt text {alt!r} does not state a message"
            assert image["source"], f"{name}: chart {i} has no source line under it"
        page.close()


# --- phone ---------------------------------------------------------------------------------------------------------

# Elements wider than their box (scrolling or clipped sideways) and elements reaching past the screen's right edge.
# Visually hidden elements (1 px, e.g. the header row of a table shown as cards) are not seen and are skipped.
_SIDEWAYS_JS = """() => {
  const width = window.innerWidth, found = [];
  const unseen = (el) => {  // inside a box of 1 px that clips (the visually-hidden pattern)
    for (let a = el; a; a = a.parentElement) {
      const r = a.getBoundingClientRect(), st = getComputedStyle(a);
      if ((r.width < 2 || r.height < 2) && (st.overflow === 'hidden' || st.clip !== 'auto')) return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width < 2 || box.height < 2 || unseen(el)) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const label = `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent || '').trim()
      .slice(0, 40)}"`;
    if (box.right > width + 1) found.push(`${label} reaches ${Math.round(box.right)} px`);
    else if (el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll', 'hidden'].includes(style.overflowX))
      found.push(`${label} is ${el.scrollWidth} px wide in a ${el.clientWidth} px box`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, found: found.slice(0, 8)};
}"""


def test_no_sideways_scrolling_at_phone_width(browser, report_pages):
    """At 400 px the page does not scroll sideways, and nothing inside it does either (a chart shown as a
    1 100-px image in a scrolling box shows only its labels): charts shrink, tables wrap or stack."""
    out_dir, pages = report_pages
    problems = []
    for path in [*pages, out_dir / "index.html"]:
        # a window 400 px wide (mobile emulation would zoom out to fit a page that is too wide and hide it)
        page, *_ = _open(browser, path, width=PHONE_WIDTH_PX)
        result = page.evaluate(_SIDEWAYS_JS)
        name = _name(path, out_dir)
        assert result["innerWidth"] == PHONE_WIDTH_PX
        if result["scrollWidth"] > result["innerWidth"]:
            problems.append(f"{name}: the page is {result['scrollWidth']} px wide at {result['innerWidth']} px")
        problems += [f"{name}: {f}" for f in result["found"]]
        page.close()
    assert not problems, "\n".join(problems)


def test_tables_keep_their_headers_at_phone_width(browser, report_pages):
    """A table shown as one card per row still says which column each value is."""
    out_dir, pages = report_pages
    for path in pages:
        page, *_ = _open(browser, path, width=PHONE_WIDTH_PX)
        name = _name(path, out_dir)
        unlabelled = page.evaluate("""() => {
          const out = [];
          for (const table of document.querySelectorAll('.jp-OutputArea-output table')) {
            const head = table.querySelector('thead');
            if (!head || head.getBoundingClientRect().width >= 2) continue;  // header row visible: a table
            for (const td of table.querySelectorAll('tbody td:not(:first-child)'))
              if (!td.getAttribute('data-label')) out.push(td.textContent.trim().slice(0, 30));
          }
          return out;
        }""")
        assert not unlabelled, f"{name}: cells shown without their column header: {unlabelled[:5]}"
        page.close()


# --- paper ---------------------------------------------------------------------------------------------------------

def _key_table_and_charts_in_print(page) -> dict:
    return page.evaluate("""([pageWidth, pageHeight]) => {
      const out = {columns: [], clipped: [], charts: [], scrollers: []};
      const table = document.querySelector('.jp-OutputArea-output table');
      if (table) {
        const headers = Array.from(table.querySelectorAll('thead tr:last-child th'));
        headers.forEach((th, i) => {
          const box = th.getBoundingClientRect();
          out.columns.push(th.textContent.trim());
          if (box.width < 8 || box.right > pageWidth + 1 || box.left < -1) out.clipped.push(th.textContent.trim());
        });
        for (const td of table.querySelectorAll('tbody td')) {
          const box = td.getBoundingClientRect();
          if (box.right > pageWidth + 1 || td.scrollWidth > td.clientWidth + 1)
            out.clipped.push(td.textContent.trim().slice(0, 30));
        }
      }
      for (const img of document.querySelectorAll('.jp-OutputArea-output img, .jp-OutputArea-output svg')) {
        const box = img.getBoundingClientRect();
        out.charts.push({right: box.right, width: box.width, height: box.height});
      }
      for (const el of document.querySelectorAll('body *')) {
        const style = getComputedStyle(el), box = el.getBoundingClientRect();
        if (box.width < 2 || box.height < 2) continue;
        if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1 ||
            ['auto', 'scroll'].includes(style.overflowY) && el.scrollHeight > el.clientHeight + 1)
          out.scrollers.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
      }
      out.pageWidth = document.documentElement.scrollWidth;
      return out;
    }""", [A4_CONTENT_WIDTH_PX, A4_CONTENT_HEIGHT_PX])


@pytest.mark.parametrize("name", ["overview", "pl/overview", "projects/katowice-wlacz-sie",
                                  "pl/projects/katowice-wlacz-sie"])
def test_print_keeps_every_column_and_every_chart_inside_the_page(browser, report_pages, name):
    """Laid out as on A4 paper (print media, the page's printable width): every column of the key table is on
    the page and no cell is cut, every chart fits the page's width and height, nothing scrolls."""
    out_dir, _ = report_pages
    path = out_dir / f"{name}.html"
    if not path.exists():
        pytest.skip(f"{name} is not among the built reports")
    page, *_ = _open(browser, path, width=round(A4_CONTENT_WIDTH_PX))
    page.emulate_media(media="print")
    found = _key_table_and_charts_in_print(page)
    assert found["columns"], f"{name}: no key table"
    assert not found["clipped"], f"{name}: cut off on paper: {found['clipped'][:6]} (columns {found['columns']})"
    assert found["pageWidth"] <= A4_CONTENT_WIDTH_PX + 1, f"{name}: the page is {found['pageWidth']} px wide"
    for i, chart in enumerate(found["charts"], start=1):
        assert chart["right"] <= A4_CONTENT_WIDTH_PX + 1, f"{name}: chart {i} wider than the page ({chart})"
        assert chart["height"] <= A4_CONTENT_HEIGHT_PX + 1, f"{name}: chart {i} taller than the page ({chart})"
    assert not found["scrollers"], f"{name}: scrollbars on paper: {found['scrollers'][:6]}"
    page.close()


_PRINT_OVERFLOW_JS = """(pageWidth) => {
  const found = [];
  for (const el of document.querySelectorAll('.jp-OutputArea-output table, .jp-OutputArea-output th, '
      + '.jp-OutputArea-output td, .jp-OutputArea-output img, .jp-OutputArea-output svg, pre')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // inside the closed appendix: not printed
    if (box.right > pageWidth + 1 || el.scrollWidth > el.clientWidth + 1 && el.tagName !== 'svg')
      found.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('alt') || '').trim()
        .slice(0, 40)}"`);
  }
  return {found: found.slice(0, 8), pageWidth: document.documentElement.scrollWidth};
}"""


def test_every_report_prints_within_the_width_of_a4(browser, report_pages):
    """Every table cell and chart of every report inside an A4 page's printable width (print media)."""
    out_dir, pages = report_pages
    problems = []
    for path in pages:
        page, *_ = _open(browser, path, width=round(A4_CONTENT_WIDTH_PX))
        page.emulate_media(media="print")
        result = page.evaluate(_PRINT_OVERFLOW_JS, A4_CONTENT_WIDTH_PX)
        name = _name(path, out_dir)
        if result["pageWidth"] > A4_CONTENT_WIDTH_PX + 1:
            problems.append(f"{name}: the printed page is {result['pageWidth']} px wide")
        problems += [f"{name}: {f} is cut on paper" for f in result["found"]]
        page.close()
    assert not problems, "\n".join(problems)


def _pdf_pages(browser, path: Path, tmp_path: Path) -> list[str]:
    page, *_ = _open(browser, path)
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    page.close()
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.replace("\u00a0", " ").lower())


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed: the PDF is not read")
@pytest.mark.parametrize("name", ["overview", "pl/overview", "projects/katowice-wlacz-sie",
                                  "pl/projects/katowice-wlacz-sie"])
def test_printed_pdf_is_a4_keeps_every_column_and_no_heading_ends_a_page(browser, report_pages, tmp_path, name):
    out_dir, _ = report_pages
    path = out_dir / f"{name}.html"
    page, *_ = _open(browser, path)
    # the key table's last column: the print cut the table after "total value"
    last_column = page.evaluate("""() => {
      const table = document.querySelector('.jp-OutputArea-output table');
      const n = table.querySelectorAll('thead tr:last-child th').length;
      return {header: table.querySelectorAll('thead tr:last-child th')[n - 1].textContent.trim(),
              cells: Array.from(table.querySelectorAll(`tbody td:nth-child(${n})`), (td) => td.textContent.trim())};
    }""")
    headings = [h.strip() for h in page.locator("h1, h2, h3, h4").all_inner_texts() if h.strip()]
    page.close()
    pages = [p for p in _pdf_pages(browser, path, tmp_path) if p.strip()]
    assert pages, f"{name}: empty PDF"
    words = _words(" ".join(pages))
    joined = " ".join(words)
    assert " ".join(_words(last_column["header"])[:2]) in joined, f"{name}: last column header not printed"
    for cell in last_column["cells"]:
        cell_words = _words(cell)
        if cell_words:
            assert all(w in words for w in cell_words), f"{name}: last column value {cell!r} not printed"
    for number, text in enumerate(pages[:-1], start=1):
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        last_line = " ".join(_words(lines[-1])) if lines else ""
        assert not any(last_line == " ".join(_words(h)) for h in headings), (
            f"{name}: page {number} ends with the heading {lines[-1]!r}")


# --- data a click away --------------------------------------------------------------------------------------------

def test_every_report_offers_its_key_table_as_csv(browser, report_pages, tmp_path):
    """A link next to the key table downloads it as CSV, from inside the page (no server, works offline)."""
    out_dir, pages = report_pages
    clicked: set[str] = set()
    for path in pages:
        name = _name(path, out_dir)
        if _is_glossary(name):  # words, no data
            continue
        family = name.split("/")[-2] if "/projects/" in f"/{name}" else name.rsplit("/", 1)[-1]
        if family in clicked:  # the same link markup everywhere: every page has one, a page per family is clicked
            assert 'class="report-download"' in path.read_text(encoding="utf-8"), f"{name}: no CSV download"
            continue
        clicked.add(family)
        page, *_ = _open(browser, path, accept_downloads=True)
        links = page.locator("a.report-download")
        assert links.count() >= 1, f"{name}: no CSV download"
        href = links.first.get_attribute("href") or ""
        assert href.startswith("data:text/csv"), f"{name}: the download is not inside the page"
        with page.expect_download() as info:
            links.first.click()
        saved = tmp_path / info.value.suggested_filename
        info.value.save_as(saved)
        text = saved.read_bytes().decode("utf-8-sig")  # as saved: CRLF line ends kept
        assert saved.suffix == ".csv" and len(text.splitlines()) >= 2, f"{name}: empty CSV"
        assert base64.b64decode(href.split(",", 1)[1]).decode("utf-8-sig") == text
        page.close()
