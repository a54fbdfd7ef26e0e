"""What a reader sees in a report holds no Markdown escapes: text escaped for Markdown must go through Markdown.

A title escaped for a Markdown sentence but put into an HTML table cell shows its backslashes ("Włącz się\\!");
this scans the visible text of every published report for a backslash before punctuation.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

ESCAPE_RE = re.compile(r"\\[!-/:-@\[-`{-~]")


class _Text(HTMLParser):
    """Visible text: everything but scripts, styles and the data inside download links."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


@pytest.mark.slow
def test_no_markdown_escape_shows_in_any_report(published_reports) -> None:
    _, specs = published_reports
    found = {}
    for spec in specs:
        parser = _Text()
        parser.feed(spec.output.read_text(encoding="utf-8"))
        hits = ESCAPE_RE.findall(" ".join(parser.parts))
        if hits:
            found[spec.name] = sorted(set(hits))
    assert not found, f"Markdown escapes visible in reports: {found}"


@pytest.mark.slow
def test_every_known_document_address_is_a_link_in_the_overview(published_reports) -> None:
    """A reader can open each document whose address is known (sources.csv ``url``) from the overview, in both
    languages; the address is HTML-escaped in the attribute."""
    import html

    import pandas as pd

    from analysis.paths import RAW_DIR

    urls = pd.read_csv(RAW_DIR / "sources.csv", dtype=str, keep_default_na=False)["url"]
    urls = [u for u in urls if u]
    assert urls  # two documents have one (the Katowice and INTEGRA pages)
    _, specs = published_reports
    overviews = [s for s in specs if s.output.name == "overview.html"]
    assert len(overviews) == 2
    for spec in overviews:
        page = spec.output.read_text(encoding="utf-8")
        for url in urls:
            assert f'href="{html.escape(url, quote=True)}"' in page, (spec.name, url)
