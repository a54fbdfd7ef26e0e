"""The shared chart style and ranged_barh, drawn off-screen."""

from __future__ import annotations

import base64
import io
import re

import matplotlib

matplotlib.use("Agg")  # before pyplot: tests run without a display; the module itself never picks a backend

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from analysis.report import charts  # noqa: E402
from analysis.report.charts import (  # noqa: E402
    OKABE_ITO,
    STYLE_RC,
    Measure,
    apply_style,
    chart,
    ranged_barh,
    ranged_barh_by_group,
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


def _bar_ends(ax) -> list[float]:
    return [r.get_x() + r.get_width() for r in ax.patches if isinstance(r, Rectangle)]


def test_ranged_barh_draws_each_qualifier_group(ax):
    drawn = ranged_barh(ax, LABELS, VALUE, LOWER, UPPER, QUALIFIER, "pl")
    assert len(drawn.exact) == 1 and drawn.exact[0].get_width() == 480_000
    assert len(drawn.about) == 1 and drawn.about[0].get_width() == 22_000
    # the two one-sided figures are markers at their bounds (PEAD: > 46 000; Integra: ≤ 780 329 / 60), not bars
    assert len(drawn.bounds) == 1
    assert sorted(drawn.bounds[0].get_xdata()) == pytest.approx(sorted([46_000, 780_329 / 60]))
    assert drawn.n_intervals == 2
    segments = [seg for coll in drawn.ranges for seg in coll.get_segments()]
    assert [(s[0][0], s[1][0]) for s in segments] == [(6_000, 12_000), (30_000, 40_000)]
    assert len(ax.patches) == 2  # exact and about: nothing else is a bar
    assert [t.get_text() for t in drawn.labels] == [
        f"480{NB}000{NB}zł", f"≤{NB}13{NB}006{NB}zł", f"≈{NB}22{NB}000{NB}zł", f">{NB}46{NB}000{NB}zł",
        f"6{NB}000–12{NB}000{NB}zł", f"≈{NB}30{NB}000–40{NB}000{NB}zł", "—",
    ]
    assert [t.get_text() for t in ax.get_yticklabels()] == LABELS
    assert ax.get_ylim()[0] > ax.get_ylim()[1]  # first label on top


def test_a_bound_is_a_marker_with_an_arrow_never_a_bar_to_the_axis_end(ax):
    # issue 11: "employed ≥ 12.6 %" became the longest bar, reaching past 100 %
    labels = ["employed (at least)", "qualified", "almost"]
    drawn = ranged_barh(ax, labels, [0.126, 0.4, 0.3], [0.126, 0.4, None], [None, 0.4, 0.3],
                        ["at_least", "exact", "at_most"], "en", kind="share")
    axis_end = ax.get_xlim()[1]
    assert all(end < axis_end for end in _bar_ends(ax))
    assert len(ax.patches) == 1 and ax.patches[0].get_width() == pytest.approx(0.4)  # the exact one only
    assert list(drawn.bounds[0].get_xdata()) == pytest.approx([0.126, 0.3])
    # issue 18: a share axis ends at 100 % (it ran to ~130 %): no share is larger, and an open end stretches nothing
    assert axis_end == pytest.approx(1.0)
    # one arrow per bound, of fixed length on paper, pointing to the open side (right for ≥, left for ≤)
    assert len(drawn.bound_arrows) == 2
    ax.figure.canvas.draw()
    (at_least_from, at_least_to), (at_most_from, at_most_to) = [
        (a.xy[0], a.xyann[0]) for a in drawn.bound_arrows]
    assert at_least_from == pytest.approx(0.126) and drawn.bound_arrows[0].xyann[0] > 0
    assert at_most_from == pytest.approx(0.3) and drawn.bound_arrows[1].xyann[0] < 0
    texts = [t.get_text() for t in drawn.labels]
    assert texts[0].startswith("≥") and texts[2].startswith("≤")


def test_an_axis_of_counts_is_set_by_the_figures_not_stretched_by_an_open_end(ax):
    ranged_barh(ax, ["at least", "exact"], [40.0, 100.0], [40.0, 100.0], [None, 100.0], ["at_least", "exact"],
                "en", kind="count")
    assert 100.0 < ax.get_xlim()[1] <= 100.0 * 1.5


def test_planned_figures_are_hollow_and_the_legend_says_so(ax):
    labels = ["achieved exact", "planned exact", "planned at least", "achieved at least", "planned range"]
    drawn = ranged_barh(ax, labels, [100.0, 200.0, 60.0, 50.0, None], [100.0, 200.0, 60.0, 50.0, 10.0],
                        [100.0, 200.0, None, None, 20.0], ["exact", "exact", "at_least", "at_least", "range"],
                        "en", kind="count", planned=["achieved", "planned", "planned", "achieved", "planned"])
    achieved_bar, planned_bar = drawn.exact
    assert to_hex(achieved_bar.get_facecolor()) == to_hex(charts.EXACT_COLOR)
    assert to_hex(planned_bar.get_facecolor()) == "#ffffff" and planned_bar.get_linewidth() > 0
    assert to_hex(planned_bar.get_edgecolor()) == to_hex(charts.EXACT_COLOR)
    faces = {float(x): to_hex(m.get_markerfacecolor()) for m in drawn.bounds for x in m.get_xdata()}
    assert faces == {60.0: "#ffffff", 50.0: to_hex(charts.BOUND_COLOR)}
    assert all(to_hex(m.get_markerfacecolor()) == "#ffffff" for m in drawn.range_ends)
    assert drawn.planned_count == 3
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts[-2:] == ["achieved", "planned"]
    handles = ax.get_legend().legend_handles
    assert to_hex(handles[-1].get_facecolor()) == "#ffffff" != to_hex(handles[-2].get_facecolor())


def test_planned_accepts_booleans_and_marks_nothing_without_it(ax):
    drawn = ranged_barh(ax, ["a", "b"], [1.0, 2.0], [1.0, 2.0], [1.0, 2.0], ["exact", "exact"], "pl",
                        planned=[False, True])
    assert drawn.planned_count == 1
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["dokładnie", "osiągnięte", "planowane"]
    with pytest.raises(ValueError, match="one entry per label"):
        ranged_barh(ax, ["a"], [1.0], [1.0], [1.0], ["exact"], "pl", planned=[True, False])


def test_each_kind_of_project_gets_its_own_panel_and_scale():
    # a 90-zł picnic beside a 20 000-zł programme: each kind on its own axis
    frame = pd.DataFrame({
        "kind": ["eu", "eu", "pfron"], "name": ["programme", "club", "picnic"],
        "cost": [20_000.0, 937.5, 90.0], "cost_lower": [20_000.0, 937.5, 90.0], "cost_upper": [20_000.0, None, 90.0],
        "cost_qualifier": ["exact", "at_least", "exact"], "status": ["achieved", "achieved", "planned"],
    })
    fig, drawn = ranged_barh_by_group(frame, "kind", "name", [Measure.of("cost", "nominal"),
                                                               Measure.of("cost", "real")],
                                      "en", group_titles={"eu": "EU projects", "pfron": "PFRON events"},
                                      planned="status")
    try:
        assert list(drawn) == ["eu", "pfron"] and all(len(panels) == 2 for panels in drawn.values())
        axes = fig.axes
        assert len(axes) == 4
        picnic_ax = axes[2]
        assert [t.get_text() for t in picnic_ax.get_yticklabels()] == ["picnic"]
        assert picnic_ax.get_xlim()[1] < 1_000  # not on the programme's 0–26 000 zł axis
        assert axes[0].get_xlim()[1] > 20_000
        assert axes[0].get_title(loc="left") == "EU projects\nnominal" and axes[1].get_title(loc="left") == "real"
        assert all(ax.get_legend() is None for ax in axes)
        legend_texts = [t.get_text() for t in fig.legends[0].get_texts()]
        assert legend_texts == ["exact", "bound (at least / at most)", "achieved", "planned"]
        assert drawn["pfron"][0].planned_count == 1
    finally:
        plt.close(fig)


def test_by_group_names_missing_columns():
    with pytest.raises(KeyError, match="cost_upper"):
        ranged_barh_by_group(pd.DataFrame({"kind": ["eu"], "name": ["a"], "cost": [1.0], "cost_lower": [1.0],
                                           "cost_qualifier": ["exact"]}), "kind", "name", Measure.of("cost"), "en")


def test_show_gives_a_figure_with_its_alt_text_and_source_line():
    fig, ax = plt.subplots(figsize=(8, 3))
    ranged_barh(ax, ["a"], [1.0], [1.0], [1.0], ["exact"], "en")
    title = 'Costs <differ> & "vary"'
    made = chart(fig, alt=f"{title}: 1 project", source="Source: 2 documents, transcribed figures; prices of 2025")
    plt.close(fig)
    markup = made.to_html()
    assert 'alt="Costs &lt;differ&gt; &amp; &quot;vary&quot;: 1 project"' in markup
    assert '<figcaption class="chart-source">Source: 2 documents, transcribed figures; prices of 2025' in markup
    width, height = made.size_px()
    assert f'width="{width}" height="{height}"' in markup and 500 < width < 900
    svg = base64.b64decode(markup.split("base64,", 1)[1].split('"', 1)[0]).decode("utf-8")
    assert "viewBox=" in svg  # scales to any width
    bundle = made._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Costs <differ>")
    for alt, source in (("", "Source: x"), ("   ", "Source: x"), ("a chart", ""), (None, "Source: x")):
        with pytest.raises(ValueError, match="non-empty"):
            chart(fig, alt, source)


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
        "value_lower": pd.array([None, 6_000.0], dtype="Float64"),
        "value_upper": pd.array([None, 12_000.0], dtype="Float64"),
        "qualifier": pd.Series(["about", "range"], dtype="str"),
    })
    drawn = ranged_barh(ax, ["a", "b"], df["value"], df["value_lower"], df["value_upper"], df["qualifier"], "en")
    assert len(drawn.about) == 1 and drawn.n_intervals == 1
    assert [t.get_text() for t in drawn.labels] == [f"≈{NB}PLN{NB}22,000", f"PLN{NB}6,000–12,000"]


def test_ranged_barh_rejects_bad_input(ax):
    with pytest.raises(ValueError, match="unknown qualifiers"):
        ranged_barh(ax, ["a"], [1.0], [None], [None], ["roughly"], "en")
    with pytest.raises(ValueError, match="same length"):
        ranged_barh(ax, ["a", "b"], [1.0], [None], [None], ["exact"], "en")


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


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_tick_labels_of_narrow_panels_do_not_overlap(lang):
    frame = pd.DataFrame({"kind": ["eu", "eu"], "name": ["a", "b"], "cost": [12_500.0, 20_189.0],
                          "cost_lower": [12_500.0, None], "cost_upper": [12_500.0, 20_189.0],
                          "cost_qualifier": ["exact", "at_most"]})
    fig, _ = ranged_barh_by_group(frame, "kind", "name", [Measure.of("cost", "nominal"), Measure.of("cost", "real")],
                                  lang)
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        for ax in fig.axes:
            boxes = sorted((t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text()),
                           key=lambda b: b.x0)
            assert len(boxes) >= 2
            assert all(left.x1 <= right.x0 for left, right in zip(boxes, boxes[1:])), (
                [t.get_text() for t in ax.get_xticklabels()])
    finally:
        plt.close(fig)


def _svg_width_pt(svg: str) -> float:
    return float(re.search(r'<svg[^>]*?\swidth="([0-9.]+)pt"', svg).group(1))


def test_a_phone_gets_the_chart_laid_out_for_its_width_and_the_figure_is_left_as_it_was():
    labels = [f"Social Integration Club at MGOPS Więcbork: with an individual action plan {i}" for i in range(6)]
    title = "In the Katowice project at least 106 of 839 participants found work (at least 12.6%), " * 2
    fig, ax = plt.subplots(figsize=(11, 5), layout="constrained")
    ranged_barh(ax, labels, [0.8] * 6, [0.8] * 6, [0.8] * 6, ["at_least"] + ["exact"] * 5, "en", "share")
    charts.figure_title(fig, title)
    before = ([t.get_text() for t in ax.get_yticklabels()], fig._suptitle.get_text(), tuple(fig.get_size_inches()))
    made = chart(fig, "At least 12.6% found work", "Source: 1 document")
    try:
        assert made.phone_svg is not None
        assert _svg_width_pt(made.phone_svg) < 0.75 * _svg_width_pt(made.svg)  # drawn narrower: larger on a phone
        assert "Social Integration Club\nat MGOPS" not in made.svg  # labels wrap in the phone chart only
        phone_text = made.phone_svg
        assert "at MGOPS Więcbork: with" in phone_text or "at MGOPS Więcbork:" in phone_text
        markup = made.to_html()
        assert '<picture><source media="(max-width: 40rem)" srcset="data:image/svg+xml;base64,' in markup
        assert markup.count('alt="At least 12.6% found work"') == 1  # one image for screen readers
        after = ([t.get_text() for t in ax.get_yticklabels()], fig._suptitle.get_text(),
                 tuple(fig.get_size_inches()))
        assert after == before
    finally:
        plt.close(fig)


def test_no_phone_chart_for_a_narrow_figure_or_one_without_constrained_layout():
    for kwargs in ({"figsize": (5, 3), "layout": "constrained"}, {"figsize": (11, 4)}):
        fig, ax = plt.subplots(**kwargs)
        ranged_barh(ax, ["a"], [1.0], [1.0], [1.0], ["exact"], "en")
        made = chart(fig, "One project costs PLN 1", "Source: 1 document")
        plt.close(fig)
        assert made.phone_svg is None and "<picture>" not in made.to_html()


# --- no text runs into another (issue 18: the Polish cost chart's panel titles overlapped) ---------------------------

def _text_boxes(fig):
    from matplotlib.text import Text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ticks = {id(t) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
             for t in axis.get_ticklabels(which="both")}
    shown_ticks = []  # only the tick labels drawn: those inside the axis's view (the others exist but are not drawn)
    for ax in fig.axes:
        for axis, (lo, hi) in ((ax.xaxis, sorted(ax.get_xlim())), (ax.yaxis, sorted(ax.get_ylim()))):
            for loc, label in zip(axis.get_majorticklocs(), axis.get_majorticklabels(), strict=False):
                if lo - 1e-9 <= loc <= hi + 1e-9 and label.get_visible() and label.get_text().strip():
                    shown_ticks.append(label)
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and id(t) not in ticks]
    return [(t.get_text(), t.get_window_extent(renderer)) for t in texts + shown_ticks]


def _overlapping(boxes):
    out = []
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            inter = ba.intersection(ba, bb)
            if inter is not None and inter.width > 1 and inter.height > 1:  # more than a pixel's touch
                out.append((a, b))
    return out


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_no_two_texts_of_the_cost_chart_overlap(lang, monkeypatch):
    import IPython.display

    from analysis.report import shared
    from analysis.report.setup import setup

    drawn = []
    monkeypatch.setattr(plt, "close", lambda fig=None: drawn.append(fig))
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: None)
    shared.cost_chart(setup(lang))
    fig = next(f for f in drawn if f is not None)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert any("PFRON" in t for t in titles)
    assert _overlapping(_text_boxes(fig)) == []
    monkeypatch.undo()
    plt.close("all")


def test_a_finding_with_a_title_of_thousands_of_characters_still_lays_out():
    """A 5 000-character project title in a chart's finding once left no room for the chart: matplotlib warned
    "layout not applied" and the build stopped on the warning. The finding is cut to a few lines with '…'."""
    import warnings

    fig, ax = plt.subplots(figsize=(11, 3), layout="constrained")
    ax.barh([0], [1])
    title = charts.figure_title(fig, "Cost of " + "a very long title " * 280)
    assert len(title.get_text().splitlines()) == charts.MAX_TITLE_LINES and title.get_text().endswith("…")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="svg")
    plt.close(fig)
