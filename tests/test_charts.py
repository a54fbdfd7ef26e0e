"""The shared chart style and ranged_barh, drawn off-screen."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # before pyplot: tests run without a display; the module itself never picks a backend

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from analysis.report.charts import (  # noqa: E402
    OKABE_ITO,
    STYLE_RC,
    apply_style,
    finding_title,
    ranged_barh,
    save_svg,
)
from analysis.report.formatting import format_money, format_share  # noqa: E402

NB = "\u00a0"

# One row per qualifier group, from the documents: an exact project value, a per-person ceiling, an approximate
# grant, an open-ended food-aid value, a range and an approximate range; the last row has no figure.
LABELS = ["Włącz się", "Integra (per person)", "Swojacy (MPiPS)", "PEAD 2007", "Grant range", "About", "Unknown"]
VALUE = [480_000.0, None, 22_000.0, 46_000.0, None, None, None]
LOWER = [480_000.0, None, None, 46_000.0, 6_000.0, 30_000.0, None]
UPPER = [480_000.0, 780_329 / 60, None, None, 12_000.0, 40_000.0, None]
QUALIFIER = ["exact", "at_most", "about", "more_than", "range", "about_range", None]


@pytest.fixture
def ax():
    fig, ax = plt.subplots(figsize=(8, 4))
    yield ax
    plt.close(fig)


def test_ranged_barh_draws_each_qualifier_group(ax):
    drawn = ranged_barh(ax, LABELS, VALUE, LOWER, UPPER, QUALIFIER, "pl")
    assert len(drawn.exact) == 1 and drawn.exact[0].get_width() == 480_000
    assert len(drawn.about) == 1 and drawn.about[0].get_width() == 22_000
    assert len(drawn.bounds) == 2  # more_than: to the axis end; at_most: from 0 to the bound
    more_than, at_most = drawn.bounds
    assert more_than.get_x() == 46_000 and more_than.get_x() + more_than.get_width() == pytest.approx(ax.get_xlim()[1])
    assert at_most.get_x() == 0 and at_most.get_width() == pytest.approx(780_329 / 60)
    assert len(drawn.bound_markers) == 1 and len(drawn.bound_markers[0].get_xdata()) == 2
    assert drawn.n_intervals == 2
    segments = [seg for coll in drawn.ranges for seg in coll.get_segments()]
    assert [(s[0][0], s[1][0]) for s in segments] == [(6_000, 12_000), (30_000, 40_000)]
    assert len(ax.patches) == 4  # exact, about and two bound bars: nothing else is a bar
    assert [t.get_text() for t in drawn.labels] == [
        f"480{NB}000{NB}zł", f"≤{NB}13{NB}005{NB}zł", f"≈{NB}22{NB}000{NB}zł", f">{NB}46{NB}000{NB}zł",
        f"6{NB}000–12{NB}000{NB}zł", f"≈{NB}30{NB}000–40{NB}000{NB}zł", "—",
    ]
    assert [t.get_text() for t in ax.get_yticklabels()] == LABELS
    assert ax.get_ylim()[0] > ax.get_ylim()[1]  # first label on top


def test_ranged_barh_legend_explains_what_is_shown(ax):
    ranged_barh(ax, LABELS, VALUE, LOWER, UPPER, QUALIFIER, "en")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "exact", "about", "bound (at least / at most)", "range",
    ]


def test_ranged_barh_legend_lists_only_groups_present(ax):
    ranged_barh(ax, ["a", "b"], [1.0, 2.0], [1.0, 2.0], [1.0, 2.0], ["exact", "exact"], "pl")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["dokładnie"]


def test_ranged_barh_ticks_use_the_money_formatter(ax):
    ranged_barh(ax, LABELS, VALUE, LOWER, UPPER, QUALIFIER, "pl")
    assert isinstance(ax.xaxis.get_major_formatter(), FuncFormatter)
    ax.figure.canvas.draw()
    ticks = [(x, t.get_text()) for x, t in zip(ax.get_xticks(), ax.get_xticklabels(), strict=True)]
    assert ticks and all(text == format_money(x, "pl") for x, text in ticks)
    assert f"100{NB}000{NB}zł" in [text for _, text in ticks]


def test_ranged_barh_share_ticks_in_english(ax):
    ranged_barh(ax, ["women", "disabled"], [0.6, None], [0.6, 0.1], [0.6, 0.2], ["exact", "range"], "en",
                kind="share")
    ax.figure.canvas.draw()
    texts = [t.get_text() for t in ax.get_xticklabels()]
    assert all(text == format_share(x, "en", 0) for x, text in zip(ax.get_xticks(), texts, strict=True))
    assert "20%" in texts


def test_ranged_barh_takes_nullable_pandas_columns(ax):
    df = pd.DataFrame({
        "value": pd.array([22_000.0, None], dtype="Float64"),
        "lower": pd.array([None, 6_000.0], dtype="Float64"),
        "upper": pd.array([None, 12_000.0], dtype="Float64"),
        "qualifier": pd.Series(["about", "range"], dtype="str"),
    })
    drawn = ranged_barh(ax, ["a", "b"], df["value"], df["lower"], df["upper"], df["qualifier"], "en")
    assert len(drawn.about) == 1 and drawn.n_intervals == 1
    assert [t.get_text() for t in drawn.labels] == [f"≈{NB}PLN{NB}22,000", f"PLN{NB}6,000–12,000"]


def test_ranged_barh_rejects_bad_input(ax):
    with pytest.raises(ValueError, match="unknown qualifiers"):
        ranged_barh(ax, ["a"], [1.0], [None], [None], ["roughly"], "en")
    with pytest.raises(ValueError, match="same length"):
        ranged_barh(ax, ["a", "b"], [1.0], [None], [None], ["exact"], "en")


def test_finding_title_is_left_aligned_and_wrapped(ax):
    text = "Cost per participant ranges from under 13 thousand złoty to almost half a million; most are bounds"
    title = finding_title(ax, text, width=40)
    assert ax.get_title() == ""  # the left title, not the centred one
    assert ax.get_title(loc="left").replace("\n", " ") == text
    assert "\n" in title.get_text() and all(len(line) <= 40 for line in title.get_text().splitlines())


def test_style_and_deterministic_svg():
    with matplotlib.rc_context():
        apply_style()
        assert matplotlib.rcParams["svg.hashsalt"] == STYLE_RC["svg.hashsalt"]
        assert matplotlib.rcParams["axes.spines.top"] is False
        cycle = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
        assert [to_hex(c) for c in cycle] == [c.lower() for c in OKABE_ITO]

        def svg() -> bytes:
            fig, ax = plt.subplots()
            ranged_barh(ax, LABELS, VALUE, LOWER, UPPER, QUALIFIER, "pl")
            buffer = io.BytesIO()
            save_svg(fig, buffer)
            plt.close(fig)
            return buffer.getvalue()

        first, second = svg(), svg()
    assert first == second
    assert b"<dc:date>" not in first
