"""A collapsed technical appendix (``<details>``): figure ids and other traces for analysts, out of managers' way.

Managers read the report's text; analysts who need ``wiecbork-kis-prezentacja:053`` open the appendix. A printed
copy shows only its summary line (pages of ids are not a manager's paper copy); the HTML and the CSV hold them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Protocol


class _HasHTML(Protocol):
    def _repr_html_(self) -> str: ...


@dataclass(frozen=True)
class Details:
    """Collapsed content under a one-line summary; displayed as HTML."""

    summary: str
    body_html: str

    @property
    def html(self) -> str:
        return (f'<details class="report-appendix">\n<summary>{html.escape(self.summary)}</summary>\n'
                f"{self.body_html}\n</details>")

    def _repr_html_(self) -> str:
        return self.html


def _part_html(part: str | _HasHTML) -> str:
    if isinstance(part, str):
        return f"<p>{html.escape(part)}</p>"  # text from the data: escaped
    to_html = getattr(part, "_repr_html_", None)
    if to_html is None:
        raise TypeError(f"{type(part).__name__}: expected text or an object with HTML (e.g. a display_table)")
    return to_html()


def technical_appendix(summary: str, *parts: str | _HasHTML) -> Details:
    """A collapsed section titled ``summary`` holding ``parts``: plain text (escaped, one paragraph each) or
    objects that render as HTML (tables from ``analysis.report.text.display_table``, download links)."""
    if not isinstance(summary, str) or not summary.strip():
        raise ValueError("summary must be non-empty text: it is all a reader sees of the appendix")
    return Details(summary, "\n".join(_part_html(p) for p in parts))


__all__ = ["Details", "technical_appendix"]
