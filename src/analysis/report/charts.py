"""One chart style for every report, and bar charts that show how exact each figure is.

Figures in the documents are often bounds ('co najmniej 60') or ranges ('6 000–12 000 zł'). A plain bar would
state them as exact, so :func:`ranged_barh` draws each qualifier differently and labels each bar with the figure
as printed. Nothing here selects a backend: notebooks use the inline backend, tests choose Agg themselves.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

from analysis.report.formatting import Kind, axis_formatter, format_bounded
from analysis.report.labels import check_lang, label
from analysis.core.vocabulary import QUALIFIERS

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

# What each qualifier group looks like in ranged_barh. Shape differs too (solid / dashed / hatched / line), so
# the chart also reads in greyscale print.
EXACT_COLOR = BLUE
ABOUT_COLOR = SKY_BLUE
BOUND_COLOR = ORANGE
RANGE_COLOR = VERMILLION
BAR_HEIGHT = 0.6
LABEL_PAD_POINTS = 4
AXIS_HEADROOM = 1.3  # the value axis runs to 130% of the largest figure: room for the end labels

SVG_HASHSALT = "analysis-reports"  # fixed ids in SVG output, so a re-run changes no bytes
SVG_METADATA = {"Date": None}  # no timestamp in the SVG either

STYLE_RC: dict[str, object] = {
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
    mpl.rcParams.update(STYLE_RC)  # set_theme's whitegrid would otherwise restore the top/right spines


def save_svg(fig: Figure, path: str | Path) -> None:
    """Write a figure as SVG with no timestamp and fixed ids (byte-identical on re-runs)."""
    with mpl.rc_context({"svg.hashsalt": SVG_HASHSALT}):
        fig.savefig(path, format="svg", metadata=SVG_METADATA)


def finding_title(ax: Axes, text: str, width: int = 70) -> Text:
    """A title that states the finding ('Costs per participant differ fivefold'), left-aligned and wrapped."""
    return ax.set_title(textwrap.fill(text, width=width), loc="left", fontweight="bold")


@dataclass
class RangedBars:
    """What ranged_barh drew, by qualifier group (for tests and later styling)."""

    exact: list[Rectangle] = field(default_factory=list)
    about: list[Rectangle] = field(default_factory=list)
    bounds: list[Rectangle] = field(default_factory=list)  # hatched bar to the open end of a one-sided figure
    bound_markers: list[Line2D] = field(default_factory=list)
    ranges: list[LineCollection] = field(default_factory=list)  # one collection for range, one for about_range
    labels: list[Text] = field(default_factory=list)

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


def _axis_end(value: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> float:
    """Right end of the value axis: headroom past the largest figure; 1 when nothing is known."""
    finite = np.concatenate([value, lower, upper])
    finite = finite[np.isfinite(finite)]
    top = float(finite.max()) if finite.size else 0.0
    return top * AXIS_HEADROOM if top > 0 else 1.0


def _known_ends(value: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(first, last): each figure's lower and upper end, its value where a bound is not stated."""
    return np.where(np.isnan(lower), value, lower), np.where(np.isnan(upper), value, upper)


def _legend_handles(present: set[str], lang: str) -> list[Patch | Line2D]:
    """Legend entries for the qualifier groups the chart shows, nothing else."""
    handles = {
        "exact": Patch(facecolor=EXACT_COLOR, label=label("exact", lang)),
        "about": Patch(facecolor=ABOUT_COLOR, edgecolor=EXACT_COLOR, linestyle="--", label=label("about", lang)),
        "bound": Patch(facecolor="white", edgecolor=BOUND_COLOR, hatch="///", label=label("bound", lang)),
        "range": Line2D([], [], color=RANGE_COLOR, linewidth=3, marker="|", markersize=12,
                        label=label("range", lang)),
    }
    return [h for group, h in handles.items() if group in present]


def _draw_bars(ax: Axes, y: np.ndarray, v: np.ndarray, q: np.ndarray, drawn: RangedBars) -> None:
    """exact: solid bar from 0; about: light bar with a dashed edge (still reads as 'not exact' in greyscale)."""
    exact = (q == "exact") & ~np.isnan(v)
    drawn.exact = list(ax.barh(y[exact], v[exact], height=BAR_HEIGHT, color=EXACT_COLOR))
    about = (q == "about") & ~np.isnan(v)
    drawn.about = list(ax.barh(y[about], v[about], height=BAR_HEIGHT, color=ABOUT_COLOR,
                               edgecolor=EXACT_COLOR, linestyle="--"))


def _draw_bounds(ax: Axes, y: np.ndarray, first: np.ndarray, last: np.ndarray, q: np.ndarray, end: float,
                 drawn: RangedBars) -> None:
    """One-sided figures: a hatched bar over the values still possible, a marker at the stated bound."""
    up_open = np.isin(q, ["at_least", "more_than"]) & ~np.isnan(first)
    down_open = np.isin(q, ["at_most", "less_than"]) & ~np.isnan(last)
    style = dict(height=BAR_HEIGHT, facecolor="none", edgecolor=BOUND_COLOR, hatch="///", linewidth=0)
    drawn.bounds = [
        *ax.barh(y[up_open], end - first[up_open], left=first[up_open], **style),  # to the axis end
        *ax.barh(y[down_open], last[down_open], **style),  # from the axis start
    ]
    if up_open.any() or down_open.any():
        drawn.bound_markers = ax.plot(
            np.concatenate([first[up_open], last[down_open]]), np.concatenate([y[up_open], y[down_open]]),
            linestyle="none", color=BOUND_COLOR, marker="|", markersize=12, markeredgewidth=3,
        )


def _draw_ranges(ax: Axes, y: np.ndarray, lo: np.ndarray, up: np.ndarray, q: np.ndarray,
                 drawn: RangedBars) -> None:
    """Ranges: a thick line between the bounds with end caps; dashed when the range itself is approximate."""
    for name, linestyle in (("range", "solid"), ("about_range", "dashed")):
        m = (q == name) & ~np.isnan(lo) & ~np.isnan(up)
        if not m.any():
            continue
        drawn.ranges.append(ax.hlines(y[m], lo[m], up[m], colors=RANGE_COLOR, linewidth=3, linestyles=linestyle))
        ax.plot(np.concatenate([lo[m], up[m]]), np.concatenate([y[m], y[m]]), linestyle="none",
                marker="|", markersize=12, markeredgewidth=2, color=RANGE_COLOR)


def _draw_end_labels(ax: Axes, y: np.ndarray, at: np.ndarray, texts: list[str], drawn: RangedBars) -> None:
    """Each figure as printed, just after the end of its bar (white box: it may sit on a hatched bar)."""
    for yi, xi, text in zip(y, at, texts, strict=True):  # one text per bar: a small chart
        drawn.labels.append(ax.annotate(
            text, (0.0 if np.isnan(xi) else xi, yi), xytext=(LABEL_PAD_POINTS, 0), textcoords="offset points",
            va="center", ha="left", fontsize="small",
            bbox=dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none", alpha=0.8),
        ))


def _legend(ax: Axes, drawn: RangedBars, lang: str) -> None:
    """A legend for the groups drawn, below the axes so it never covers a bar."""
    present = {group for group, artists in (("exact", drawn.exact), ("about", drawn.about),
                                             ("bound", drawn.bounds), ("range", drawn.ranges)) if artists}
    if present:
        handles = _legend_handles(present, lang)
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.08), ncols=len(handles))


def ranged_barh(
    ax: Axes,
    labels: Sequence[str],
    value: Sequence[float | None],
    lower: Sequence[float | None],
    upper: Sequence[float | None],
    qualifier: Sequence[str | None],
    lang: str,
    kind: Kind = "money",
) -> RangedBars:
    """Horizontal bars that show each figure's qualifier; the first label is at the top.

    exact: solid bar to ``value``; about: light dashed-edged bar to ``value``; at_least / more_than: hatched bar
    from the bound to the axis end with a marker at the bound; at_most / less_than: hatched bar from 0 to the
    bound with a marker; range / about_range (dashed): a line from ``lower`` to ``upper`` with end caps.
    Each bar ends in its figure as ``format_bounded`` prints it. Values are non-negative (money, counts, shares).
    """
    check_lang(lang)
    v, lo, up, q = _floats(value), _floats(lower), _floats(upper), _qualifiers(qualifier)
    if not len(labels) == len(v) == len(lo) == len(up) == len(q):
        raise ValueError("labels, value, lower, upper and qualifier must have the same length")
    y = np.arange(len(labels), dtype="float64")
    end = _axis_end(v, lo, up)
    first, last = _known_ends(v, lo, up)  # parse_quantities sets both value and bound of a one-sided figure
    drawn = RangedBars()
    _draw_bars(ax, y, v, q, drawn)
    _draw_bounds(ax, y, first, last, q, end, drawn)
    _draw_ranges(ax, y, lo, up, q, drawn)
    texts = [format_bounded(*row, lang, kind) for row in zip(v, lo, up, q, strict=True)]
    _draw_end_labels(ax, y, np.where(np.isin(q, ["at_least", "more_than"]), first, last), texts, drawn)

    ax.set_yticks(y, list(labels))
    if len(labels):
        ax.set_ylim(len(labels) - 0.5, -0.5)  # first label on top, as in a table
    ax.set_xlim(0, end)
    ax.xaxis.set_major_formatter(axis_formatter(kind, lang))
    ax.grid(axis="y", visible=False)  # bars carry their own labels; horizontal grid lines would be junk
    _legend(ax, drawn, lang)
    return drawn


__all__ = [
    "OKABE_ITO", "BLACK", "ORANGE", "SKY_BLUE", "BLUISH_GREEN", "YELLOW", "BLUE", "VERMILLION", "REDDISH_PURPLE",
    "STYLE_RC", "SVG_HASHSALT", "SVG_METADATA", "apply_style", "save_svg", "finding_title", "ranged_barh",
    "RangedBars",
]
