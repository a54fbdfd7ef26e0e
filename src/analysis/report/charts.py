"""One chart style for every report, and charts that cannot overstate a figure.

Figures in the documents are often bounds ('co najmniej 60') or ranges ('6 000–12 000 zł'), and many are plans,
not results. A plain bar would state them as exact achieved values, so :func:`ranged_barh` draws each qualifier
differently: exact and approximate figures as bars, a bound as a marker at the bound with an arrow pointing to the
side still open (never a bar to the end of the axis), a range as a line between its ends. Planned figures are
hollow, achieved ones filled, and the legend says which is which. :func:`ranged_barh_by_group` gives each kind of
project its own panel and scale. :func:`show` puts a chart into a report with its alt text and a source line.

Nothing here selects a backend: notebooks use the inline backend, tests choose Agg themselves.
"""

from __future__ import annotations

import base64
import html
import io
import re
import textwrap
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any, Literal, cast

import matplotlib as mpl
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Annotation, Text
from matplotlib.ticker import FixedLocator, MaxNLocator, NullFormatter

from analysis.core.dictionary import bounded_columns
from analysis.core.vocabulary import (
    LOWER_BOUND_QUALIFIERS,
    QUALIFIERS,
    TWO_SIDED_QUALIFIERS,
    UPPER_BOUND_QUALIFIERS,
)
from analysis.report.formatting import Kind, axis_formatter, format_bounded
from analysis.report.labels import label

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
GREY = "#595959"  # text and axes: softer than black, still 7:1 contrast on white
OKABE_ITO: tuple[str, ...] = (BLUE, ORANGE, BLUISH_GREEN, VERMILLION, SKY_BLUE, REDDISH_PURPLE, YELLOW, BLACK)

# What each qualifier group looks like in ranged_barh. Shape differs too (solid / dashed / marker+arrow / line),
# so the chart also reads in greyscale print.
EXACT_COLOR = BLUE
ABOUT_COLOR = SKY_BLUE
BOUND_COLOR = ORANGE
RANGE_COLOR = VERMILLION
HOLLOW = "white"  # face of a planned figure: the outline says where it is, the empty inside says 'not achieved'
BAR_HEIGHT = 0.6
OUTLINE_WIDTH = 1.8  # edge of a hollow (planned) bar: visible at phone width, where the chart is scaled down
MARKER_SIZE = 9
ARROW_POINTS = 24  # length of a bound's arrow: fixed on paper, so it claims no value on the axis
LABEL_PAD_POINTS = 4
AXIS_HEADROOM = 1.3  # the value axis runs to 130% of the largest figure: room for the end labels

SVG_HASHSALT = "analysis-reports"  # fixed ids in SVG output, so a re-run changes no bytes
SVG_METADATA = {"Date": None}  # no timestamp in the SVG either

STYLE_RC: dict[str, Any] = {
    "svg.hashsalt": SVG_HASHSALT,
    "svg.fonttype": "none",  # text stays text: smaller files, searchable, selectable in the HTML report
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": GREY,
    "axes.labelcolor": GREY,
    "text.color": BLACK,
    "xtick.color": GREY,
    "ytick.color": GREY,
    "grid.color": "#E5E5E5",
    "figure.dpi": 100,
    "savefig.bbox": "tight",
    "hatch.linewidth": 0.8,
}


def apply_style() -> None:
    """Set the report style globally (seaborn whitegrid, Okabe–Ito palette, deterministic SVG)."""
    sns.set_theme(style="whitegrid", palette=list(OKABE_ITO), rc=STYLE_RC)
    mpl.rcParams.update(cast(Any, STYLE_RC))  # set_theme's whitegrid would otherwise restore the top/right spines


def save_svg(fig: Figure, path: str | Path | IO[bytes]) -> None:
    """Write a figure as SVG with no timestamp and fixed ids (byte-identical on re-runs)."""
    with mpl.rc_context({"svg.hashsalt": SVG_HASHSALT}):
        fig.savefig(path, format="svg", metadata=SVG_METADATA, bbox_inches="tight")


MAX_TITLE_LINES = 4
"""A chart's finding is on at most this many lines, shortened with '…' (the whole sentence is the chart's alt text
and the page's): a project title of thousands of characters once left no room for the chart ("layout not
applied"), and the build stopped on that warning."""


def figure_title(fig: Figure, text: str, width: int = 95) -> Text:
    """The finding of a chart with several panels, left-aligned above all of them."""
    return fig.suptitle(textwrap.fill(text, width=width, max_lines=MAX_TITLE_LINES, placeholder=" …"), x=0.01,
                        ha="left", fontweight="bold", fontsize=13)


# --- display in a report ------------------------------------------------------------------------------------------

_SVG_SIZE_RE = re.compile(r'<svg[^>]*?\swidth="([0-9.]+)pt"\s+height="([0-9.]+)pt"')
PX_PER_PT = 96 / 72
TITLE_CHARS_PER_INCH = 10  # an 11-pt panel title: about this many characters per inch of panel
PHONE_INCHES = 5.2  # a phone's chart: ~500 px drawn, shown at ~370 px, so 10-pt labels stay ~9 px high
PHONE_INCHES_TRIED = (PHONE_INCHES, 7.0)  # wider when several panels do not fit side by side in 5.2 inches
PHONE_MEDIA_MAX_REM = 40  # screens up to 640 px get the phone chart (paper and desktops the wide one)
PHONE_LABEL_CHARS = 24  # a row label on a phone: two lines of this many characters at most


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _svg_text(fig: Figure) -> str:
    buffer = io.BytesIO()
    save_svg(fig, buffer)
    return stable_ids(buffer.getvalue().decode("utf-8"))


_SVG_ID_RE = re.compile(r'\bid="([a-zA-Z]+[0-9a-f]{10})"')


def stable_ids(svg: str) -> str:
    """Hashed ids (clip paths 'p3f…', markers) renumbered in the order they first appear.

    Matplotlib hashes a clip rectangle's bounds at full float precision, so a last-digit difference in a layout
    gives another id though the drawing is the same: renumbered, the same drawing is the same bytes.

    >>> stable_ids('<clipPath id="p0a1b2c3d4e"/><g clip-path="url(#p0a1b2c3d4e)"/>')
    '<clipPath id="svgid1"/><g clip-path="url(#svgid1)"/>'
    """
    ids = dict.fromkeys(_SVG_ID_RE.findall(svg))
    for n, old in enumerate(ids, start=1):
        svg = svg.replace(f'"{old}"', f'"svgid{n}"').replace(f"#{old})", f"#svgid{n})").replace(
            f'"#{old}"', f'"#svgid{n}"')
    return svg


def _titles(fig: Figure) -> list[Text]:
    """The figure's title and each panel's titles (matplotlib keeps them in these attributes)."""
    found = [getattr(fig, "_suptitle", None)]
    for ax in fig.axes:
        found += [getattr(ax, "_left_title", None), ax.title]
    return [t for t in found if t is not None and t.get_text()]


def _two_lines(label: str) -> str:
    """A long row label on at most two lines of PHONE_LABEL_CHARS, shortened with '…' beyond."""
    lines = textwrap.wrap(label, PHONE_LABEL_CHARS) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), PHONE_LABEL_CHARS, placeholder="…")]
    return "\n".join(lines)


def _laid_out_svg(fig: Figure, width_in: float, height_in: float) -> str | None:
    """``fig`` drawn ``width_in`` wide (constrained layout makes room for the rewrapped title and the legends),
    or None when matplotlib cannot fit the panels into that width."""
    fig.set_size_inches(width_in, height_in)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        svg = _svg_text(fig)
    return None if any("layout" in str(w.message) for w in caught) else svg


def _phone_svg(fig: Figure) -> str | None:
    """``fig`` laid out again for a phone (titles rewrapped, long row labels on two lines, fewer ticks):
    PHONE_INCHES wide, or wider when its panels need it. None when the figure is not wider than that already,
    when it does not use constrained layout (only that layout makes room again for titles and legends), or when it
    cannot be laid out narrower. The figure is put back as it was."""
    width_in, height_in = fig.get_size_inches()
    if not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine):
        return None
    undo: list[Callable[[], object]] = []  # what puts the figure back, in reverse order
    try:
        for phone_in in (w for w in PHONE_INCHES_TRIED if w < width_in):
            ratio = phone_in / width_in
            for text in _titles(fig):
                original = text.get_text()
                undo.append(partial(text.set_text, original))
                longest = max(len(line) for line in original.splitlines())
                text.set_text(textwrap.fill(" ".join(original.split()), width=max(20, int(longest * ratio)),
                                            max_lines=2 * MAX_TITLE_LINES, placeholder=" …"))
            for ax in fig.axes:
                rows, names = ax.yaxis.get_major_locator(), [t.get_text() for t in ax.get_yticklabels()]
                if isinstance(rows, FixedLocator) and any(len(n) > PHONE_LABEL_CHARS for n in names):
                    undo += [partial(ax.yaxis.set_major_locator, rows),
                             partial(ax.yaxis.set_major_formatter, ax.yaxis.get_major_formatter())]
                    ax.set_yticks(list(ax.get_yticks()), [_two_lines(n) for n in names])
            fig.set_size_inches(phone_in, height_in)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # a layout that does not fit is detected when saving, below
                fig.draw_without_rendering()  # the panels' widths at this size, for their number of ticks
            for ax in fig.axes:
                ticks = ax.xaxis.get_major_locator()
                if isinstance(ticks, MaxNLocator) and ax.get_xscale() == "linear":
                    undo.append(partial(ax.xaxis.set_major_locator, ticks))
                    panel_in = ax.get_position().width * phone_in
                    ax.xaxis.set_major_locator(MaxNLocator(nbins=max(1, int(panel_in / TICK_INCHES)),
                                                           steps=[1, 2, 2.5, 5, 10]))
                    if panel_in < 2 * TICK_INCHES:  # no room for two labels: every mark carries its value
                        undo.append(partial(ax.xaxis.set_major_formatter, ax.xaxis.get_major_formatter()))
                        ax.xaxis.set_major_formatter(NullFormatter())
            svg = _laid_out_svg(fig, phone_in, height_in)
            if svg is not None:
                return svg
            _undo(undo)
        return None
    finally:
        fig.set_size_inches(width_in, height_in)
        _undo(undo)


def _undo(undo: list[Callable[[], object]]) -> None:
    while undo:
        undo.pop()()


@dataclass(frozen=True)
class Chart:
    """A chart as a report shows it: an SVG image with its alt text, and its source line under it.

    Displayed by IPython as HTML (a ``<figure>`` whose ``<img>`` carries the alt text and scales to the page) with
    the alt text as its plain-text form. All text is escaped: titles and sources come from the data.
    """

    svg: str
    alt: str
    source: str
    phone_svg: str | None = None  # the same chart drawn PHONE_INCHES wide, when the figure is wider
    download_html: str = ""  # a link to the data the chart draws (markup made by the report, already escaped)

    def size_px(self) -> tuple[int, int]:
        """The drawing's natural size in CSS pixels (matplotlib writes it in points)."""
        m = _SVG_SIZE_RE.search(self.svg)
        if m is None:
            raise ValueError("the SVG has no width and height in points")
        return round(float(m.group(1)) * PX_PER_PT), round(float(m.group(2)) * PX_PER_PT)

    def to_html(self) -> str:
        width, height = self.size_px()
        e = html.escape
        img = (f'<img src="{_data_uri(self.svg)}" alt="{e(self.alt)}" width="{width}" height="{height}">')
        if self.phone_svg:  # a phone gets the chart laid out again for its width: text stays legible
            img = (f'<picture><source media="(max-width: {PHONE_MEDIA_MAX_REM}rem)" '
                   f'srcset="{_data_uri(self.phone_svg)}" type="image/svg+xml">{img}</picture>')
        download = f'\n<p class="download">{self.download_html}</p>' if self.download_html else ""
        return (f'<figure class="report-chart">\n{img}\n'
                f'<figcaption class="chart-source">{e(self.source)}</figcaption>{download}\n</figure>')

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/html": self.to_html(), "text/plain": f"{self.alt}\n{self.source}"}


def _required_text(name: str, text: object) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{name} must be a non-empty sentence (got {text!r}): a chart without it cannot be "
                         "read by a screen reader or traced to its documents")
    return " ".join(text.split())


def chart(fig: Figure, alt: str, source: str, download_html: str = "") -> Chart:
    """The figure as a :class:`Chart` (deterministic SVG, and a second one laid out for a phone when the figure is
    wider than PHONE_INCHES), for :func:`show` or for tests."""
    alt, source = _required_text("alt", alt), _required_text("source", source)
    wide = _svg_text(fig)
    return Chart(wide, alt, source, _phone_svg(fig), download_html)


def show(fig: Figure, alt: str, source: str, download_html: str = "") -> Chart:
    """Show ``fig`` in the report with ``alt`` (the chart's message, for screen readers and when the image is not
    shown) and ``source`` (one line under the chart, e.g. 'Source: …, transcribed figures; prices of 2025').

    Use it instead of ``plt.show()``: the figure is closed, so the inline backend does not show it a second
    time without its texts. Both texts are computed by the caller (labels.py); empty ones raise ValueError.
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    shown = chart(fig, alt, source, download_html)
    plt.close(fig)
    display(shown)
    return shown


# --- bars that show how exact each figure is ----------------------------------------------------------------------

@dataclass
class RangedBars:
    """What ranged_barh drew, by qualifier group (for tests and later styling)."""

    exact: list[Rectangle] = field(default_factory=list)
    about: list[Rectangle] = field(default_factory=list)
    bounds: list[Line2D] = field(default_factory=list)  # one marker per bound, at the bound
    bound_arrows: list[Annotation] = field(default_factory=list)  # from the bound towards the open side
    ranges: list[LineCollection] = field(default_factory=list)  # one collection for range, one for about_range
    range_ends: list[Line2D] = field(default_factory=list)  # markers at both ends of each range
    labels: list[Text] = field(default_factory=list)
    planned_count: int = 0
    figure_count: int = 0  # rows with a figure (a row may have none)

    @property
    def n_intervals(self) -> int:
        return sum(len(c.get_segments()) for c in self.ranges)


def _floats(xs: Sequence[float | None] | pd.Series | np.ndarray) -> np.ndarray:
    """Numbers as float64 with NaN for None / pd.NA (nullable pandas columns included)."""
    numbers = pd.to_numeric(pd.Series(list(xs), dtype="object"), errors="raise")
    return numbers.to_numpy(dtype="float64", na_value=np.nan)


def _qualifiers(qs: Sequence[str | None] | pd.Series) -> np.ndarray:
    out = np.array([None if q is None or q is pd.NA or q != q else str(q) for q in qs], dtype=object)
    unknown = sorted({q for q in out if q is not None and q not in QUALIFIERS})
    if unknown:
        raise ValueError(f"unknown qualifiers {unknown}; expected one of {', '.join(QUALIFIERS)}")
    return out


def _planned(planned: Sequence[bool | str | None] | pd.Series | None, n: int) -> np.ndarray:
    """True where a figure is a plan: booleans, or statuses where 'planned' marks a plan."""
    if planned is None:
        return np.zeros(n, dtype=bool)
    out = np.array([p == "planned" if isinstance(p, str) else bool(p) if p is not None and p is not pd.NA
                    and p == p else False for p in planned], dtype=bool)
    if len(out) != n:
        raise ValueError("planned must have one entry per label")
    return out


def _axis_end(value: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> float:
    """Right end of the value axis: headroom past the largest figure; 1 when nothing is known."""
    finite = np.concatenate([value, lower, upper])
    finite = finite[np.isfinite(finite)]
    top = float(finite.max()) if finite.size else 0.0
    return top * AXIS_HEADROOM if top > 0 else 1.0


def _known_ends(value: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(first, last): each figure's lower and upper end, its value where a bound is not stated."""
    return np.where(np.isnan(lower), value, lower), np.where(np.isnan(upper), value, upper)


def _bar_style(color: str, planned: bool, dashed: bool, fill: str) -> dict[str, Any]:
    """Achieved: filled; planned: white inside, coloured outline. Approximate ones have a dashed edge."""
    return dict(height=BAR_HEIGHT, facecolor=HOLLOW if planned else fill, edgecolor=color,
                linewidth=OUTLINE_WIDTH if planned or dashed else 0, linestyle="--" if dashed else "-")


def _draw_bars(ax: Axes, y: np.ndarray, v: np.ndarray, q: np.ndarray, p: np.ndarray, drawn: RangedBars) -> None:
    """exact: solid bar from 0; about: light bar with a dashed edge (still reads as 'not exact' in greyscale)."""
    for name, fill, dashed in (("exact", EXACT_COLOR, False), ("about", ABOUT_COLOR, True)):
        bars: list[Rectangle] = []
        for planned in (False, True):
            m = (q == name) & ~np.isnan(v) & (p == planned)
            if m.any():
                bars += ax.barh(y[m], v[m], **_bar_style(EXACT_COLOR, planned, dashed, fill))
        bars.sort(key=lambda r: r.get_y())
        setattr(drawn, name, bars)


def _marker_style(color: str, planned: bool) -> dict[str, Any]:
    return dict(linestyle="none", marker="o", markersize=MARKER_SIZE, color=color, markeredgecolor=color,
                markeredgewidth=2, markerfacecolor=HOLLOW if planned else color, zorder=3)


def _draw_bounds(ax: Axes, y: np.ndarray, first: np.ndarray, last: np.ndarray, q: np.ndarray, p: np.ndarray,
                 drawn: RangedBars) -> np.ndarray:
    """One-sided figures: a marker at the stated bound and an arrow of fixed length towards the open side.

    Returns the label offset in points of each row (past the arrow for a lower bound)."""
    up_open = np.isin(q, list(LOWER_BOUND_QUALIFIERS)) & ~np.isnan(first)
    down_open = np.isin(q, list(UPPER_BOUND_QUALIFIERS)) & ~np.isnan(last)
    at = np.where(up_open, first, last)
    for planned in (False, True):
        m = (up_open | down_open) & (p == planned)
        if m.any():
            drawn.bounds += ax.plot(at[m], y[m], **_marker_style(BOUND_COLOR, planned))
    for yi, xi, up in zip(y[up_open | down_open], at[up_open | down_open], up_open[up_open | down_open],
                          strict=True):
        drawn.bound_arrows.append(ax.annotate(
            "", xy=(xi, yi), xytext=(ARROW_POINTS if up else -ARROW_POINTS, 0), textcoords="offset points",
            arrowprops=dict(arrowstyle="<|-", color=BOUND_COLOR, linewidth=2, shrinkA=0, shrinkB=MARKER_SIZE / 2),
        ))
    return np.where(up_open, ARROW_POINTS + LABEL_PAD_POINTS, LABEL_PAD_POINTS + MARKER_SIZE / 2 * down_open)



def _draw_ranges(ax: Axes, y: np.ndarray, lo: np.ndarray, up: np.ndarray, q: np.ndarray, p: np.ndarray,
                 drawn: RangedBars) -> None:
    """Ranges: a thick line between the ends with a marker at each; dashed when the range itself is approximate."""
    styles: tuple[tuple[str, Literal["solid", "dashed"]], ...] = (("range", "solid"), ("about_range", "dashed"))
    for name, linestyle in styles:
        m = (q == name) & ~np.isnan(lo) & ~np.isnan(up)
        if not m.any():
            continue
        drawn.ranges.append(ax.hlines(y[m], lo[m], up[m], colors=RANGE_COLOR, linewidth=3, linestyles=linestyle))
        for planned in (False, True):
            mp = m & (p == planned)
            if mp.any():
                drawn.range_ends += ax.plot(np.concatenate([lo[mp], up[mp]]), np.concatenate([y[mp], y[mp]]),
                                            **_marker_style(RANGE_COLOR, planned))


def _draw_end_labels(ax: Axes, y: np.ndarray, at: np.ndarray, pad: np.ndarray, texts: list[str],
                     drawn: RangedBars) -> None:
    """Each figure as printed, just after the end of its mark (white box: it may sit on a grid line)."""
    for yi, xi, pi, text in zip(y, at, pad, texts, strict=True):  # one text per bar: a small chart
        drawn.labels.append(ax.annotate(
            text, (0.0 if np.isnan(xi) else xi, yi), xytext=(float(pi), 0), textcoords="offset points",
            va="center", ha="left", fontsize="small",
            bbox=dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none", alpha=0.8),
        ))


def legend_handles(present: set[str], lang: str) -> list[Patch | Line2D]:
    """Legend entries for what a chart shows: qualifier groups, and 'achieved' / 'planned' when plans are shown.

    Groups: exact, about, bound, range, achieved, planned."""
    handles: dict[str, Patch | Line2D] = {
        "exact": Patch(facecolor=EXACT_COLOR, label=label("exact", lang)),
        "about": Patch(facecolor=ABOUT_COLOR, edgecolor=EXACT_COLOR, linestyle="--", label=label("about", lang)),
        "bound": Line2D([], [], color=BOUND_COLOR, linewidth=2, marker="o", markersize=MARKER_SIZE - 2,
                        label=label("bound", lang)),
        "range": Line2D([], [], color=RANGE_COLOR, linewidth=3, marker="o", markersize=MARKER_SIZE - 2,
                        label=label("range", lang)),
        # filled vs hollow, shown in grey so that they do not read as one more qualifier
        "achieved": Patch(facecolor=GREY, edgecolor=GREY, linewidth=OUTLINE_WIDTH,
                          label=label("achieved_col", lang)),
        "planned": Patch(facecolor=HOLLOW, edgecolor=GREY, linewidth=OUTLINE_WIDTH,
                         label=label("planned_col", lang)),
    }
    return [h for group, h in handles.items() if group in present]


def _present(drawn: RangedBars) -> set[str]:
    present = {group for group, artists in (("exact", drawn.exact), ("about", drawn.about),
                                             ("bound", drawn.bounds), ("range", drawn.ranges)) if artists}
    if drawn.planned_count:
        present.add("planned")
        if drawn.planned_count < drawn.figure_count:
            present.add("achieved")
    return present


def _legend(ax: Axes, drawn: RangedBars, lang: str) -> None:
    """A legend for the groups drawn, below the axes so it never covers a bar."""
    present = _present(drawn)
    if present:
        handles = legend_handles(present, lang)
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.08), ncols=min(len(handles), 2))


def ranged_barh(
    ax: Axes,
    labels: Sequence[str],
    value: Sequence[float | None],
    lower: Sequence[float | None],
    upper: Sequence[float | None],
    qualifier: Sequence[str | None],
    lang: str,
    kind: Kind = "money",
    planned: Sequence[bool | str | None] | pd.Series | None = None,
    legend: bool = True,
) -> RangedBars:
    """Horizontal marks that show each figure's qualifier; the first label is at the top.

    exact: solid bar to ``value``; about: light dashed-edged bar to ``value``; at_least / more_than: a marker at
    the bound with an arrow pointing right (the values still possible), at_most / less_than: a marker with an
    arrow pointing left; range / about_range (dashed): a line from ``lower`` to ``upper`` with a marker at each
    end. ``planned`` (booleans, or statuses where 'planned' is a plan) draws those figures hollow; the legend then
    says which is which. Each mark ends in its figure as ``format_bounded`` prints it. Values are
    non-negative (money, counts, shares).
    """
    v, lo, up, q = _floats(value), _floats(lower), _floats(upper), _qualifiers(qualifier)
    if not len(labels) == len(v) == len(lo) == len(up) == len(q):
        raise ValueError("labels, value, lower, upper and qualifier must have the same length")
    p = _planned(planned, len(labels)) & (q != None)  # noqa: E711  (elementwise: rows without a figure)
    y = np.arange(len(labels), dtype="float64")
    end = _axis_end(v, lo, up)
    first, last = _known_ends(v, lo, up)  # parse_quantities sets both value and bound of a one-sided figure
    drawn = RangedBars(planned_count=int(p.sum()), figure_count=int((q != None).sum()))  # noqa: E711
    _draw_bars(ax, y, v, q, p, drawn)
    pad = _draw_bounds(ax, y, first, last, q, p, drawn)
    _draw_ranges(ax, y, lo, up, q, p, drawn)
    texts = [format_bounded(*row, lang, kind) for row in zip(v, lo, up, q, strict=True)]
    up_open = np.isin(q, list(LOWER_BOUND_QUALIFIERS))
    pad = pad + np.isin(q, list(TWO_SIDED_QUALIFIERS)) * MARKER_SIZE / 2  # past the marker at the upper end
    _draw_end_labels(ax, y, np.where(up_open, first, last), pad, texts, drawn)

    ax.set_yticks(y, list(labels))
    if len(labels):
        ax.set_ylim(len(labels) - 0.5, -0.5)  # first label on top, as in a table
    ax.set_xlim(0, 1.0 if kind == "share" else end)  # a share axis ends at 100%: no share is larger
    ax.xaxis.set_major_formatter(axis_formatter(kind, lang))
    ax.grid(axis="y", visible=False)  # bars carry their own labels; horizontal grid lines would be junk
    if legend:
        _legend(ax, drawn, lang)
    return drawn


# --- one panel per kind of project --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Measure:
    """Which columns of a frame hold one figure with its bounds, and the panel's heading ('' for none)."""

    value: str
    lower: str
    upper: str
    qualifier: str
    title: str = ""
    kind: Kind = "money"

    @classmethod
    def of(cls, prefix: str, title: str = "", kind: Kind = "money", suffix: str = "") -> Measure:
        """Columns named ``prefix{suffix}``, ``prefix_lower{suffix}``, ``prefix_upper{suffix}``,
        ``prefix_qualifier`` (e.g. ``Measure.of('participants', kind='count')`` or
        ``Measure.of('cost_per_participant', suffix='_pln')``)."""
        return cls(*bounded_columns(prefix, suffix), title, kind)


ROW_INCHES = 0.42
PANEL_EXTRA_INCHES = 0.9  # a panel's title and axis
TICK_INCHES = 1.1  # room for one tick label such as 'PLN 12,500' / '12 500 zł'


def ranged_barh_by_group(
    frame: pd.DataFrame,
    group: str,
    labels: str,
    measures: Measure | Sequence[Measure],
    lang: str,
    *,
    group_titles: Mapping[str, str] | None = None,
    planned: str | None = None,
    width_inches: float = 11.0,
) -> tuple[Figure, dict[str, list[RangedBars]]]:
    """One row of panels per value of ``frame[group]`` (in order of first appearance), each with its own scale.

    A kind of project is compared only with its own kind: a 90-zł picnic and a 20 000-zł programme on one axis
    would make the picnic an invisible sliver. Each row has one panel per measure (e.g. nominal and real
    cost), sharing the row's labels (``frame[labels]``). ``planned`` names a column of booleans or statuses
    (hollow marks). One legend for the whole figure, at the bottom. Returns the figure (constrained layout: do not
    call ``tight_layout``) and what was drawn, by group. Show it with :func:`show`.
    """
    import matplotlib.pyplot as plt

    measures = [measures] if isinstance(measures, Measure) else list(measures)
    if not measures:
        raise ValueError("at least one measure")
    missing = [c for c in [group, labels, *(planned and [planned] or []),
                           *(getattr(m, a) for m in measures for a in ("value", "lower", "upper", "qualifier"))]
               if c not in frame.columns]
    if missing:
        raise KeyError(f"columns not in the frame: {missing}")
    groups = list(dict.fromkeys(frame[group]))
    if not groups:
        raise ValueError("nothing to draw: the frame has no rows")
    sizes = [int((frame[group] == g).sum()) for g in groups]
    height = sum(s * ROW_INCHES + PANEL_EXTRA_INCHES for s in sizes) + 1.2
    fig, axes = plt.subplots(len(groups), len(measures), figsize=(width_inches, height), squeeze=False,
                             layout="constrained", gridspec_kw={"height_ratios": [s + 2 for s in sizes]})
    label_inches = 2.6  # the first panel of a row carries the labels (shortened to ~40 characters by callers)
    panel_inches = (width_inches - label_inches) / len(measures)
    drawn: dict[str, list[RangedBars]] = {}
    present: set[str] = set()
    n_figures = n_planned = 0
    titles = group_titles or {}
    for row, g in enumerate(groups):
        part = frame[frame[group] == g]
        drawn[g] = []
        for col, m in enumerate(measures):
            ax = axes[row][col]
            d = ranged_barh(ax, list(part[labels]), part[m.value], part[m.lower], part[m.upper], part[m.qualifier],
                            lang, m.kind, planned=None if planned is None else part[planned], legend=False)
            # a label per tick needs room: fewer ticks in a narrow panel than matplotlib's default
            ax.xaxis.set_major_locator(MaxNLocator(nbins=max(2, int(panel_inches / TICK_INCHES)),
                                                   steps=[1, 2, 2.5, 5, 10], min_n_ticks=2))
            drawn[g].append(d)
            present |= _present(d) - {"achieved"}
            n_figures, n_planned = n_figures + d.figure_count, n_planned + d.planned_count
            # the kind of project over the measure, each wrapped to the panel: side by side, long Polish titles
            # ran into the next panel's
            parts = (str(titles.get(g, g)) if col == 0 else "", m.title)
            heading = "\n".join(textwrap.fill(t, width=max(16, int(panel_inches * TITLE_CHARS_PER_INCH)))
                                 for t in parts if t)
            ax.set_title(heading, fontsize=11, loc="left")
            if col:
                ax.tick_params(labelleft=False)
    if 0 < n_planned < n_figures:
        present.add("achieved")
    if present:
        handles = legend_handles(present, lang)
        fig.legend(handles=handles, loc="outside lower left", ncols=min(len(handles), 4))
    return fig, drawn


__all__ = [
    "OKABE_ITO", "BLACK", "ORANGE", "SKY_BLUE", "BLUISH_GREEN", "YELLOW", "BLUE", "VERMILLION", "REDDISH_PURPLE",
    "GREY", "STYLE_RC", "SVG_HASHSALT", "SVG_METADATA", "apply_style", "save_svg", "figure_title",
    "Chart", "chart", "show", "ranged_barh", "RangedBars", "legend_handles", "Measure", "ranged_barh_by_group",
]
