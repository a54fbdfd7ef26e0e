"""What the reports say (issue 11 §1, §2, §5, §6): plural forms, codes translated, main points, statuses with
their date, and no English in Polish reports (nor untranslated Polish labels in English ones)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.core import vocabulary as v
from analysis.report import findings
from analysis.report import tables as rt
from analysis.report import text as rx
from analysis.report.formatting import NBSP, count_text, plural_category
from analysis.report.labels import LABELS, NOUNS
from analysis.report.setup import setup

COUNTS = (1, 2, 5, 12, 22)


# --- plural forms (CLDR via Babel) -------------------------------------------------------------------------------

def test_polish_plural_categories_follow_cldr():
    # Polish: 1 one, 2–4 and 22–24 few, 5–21 many (12 included)
    assert [plural_category(n, "pl") for n in COUNTS] == ["one", "few", "many", "many", "few"]
    assert [plural_category(n, "en") for n in COUNTS] == ["one", "other", "other", "other", "other"]


@pytest.mark.parametrize("noun", sorted(NOUNS))
@pytest.mark.parametrize("lang", ["en", "pl"])
def test_every_counted_noun_has_a_form_for_1_2_5_12_22(noun, lang):
    forms = NOUNS[noun][lang]
    for n in COUNTS:
        text = count_text(n, noun, lang)
        number, word = text.split(NBSP)
        assert number == str(n) and word == forms[plural_category(n, lang)]


def test_polish_and_english_plurals_read_right():
    assert [count_text(n, "project", "pl") for n in COUNTS] == [
        f"1{NBSP}projekt", f"2{NBSP}projekty", f"5{NBSP}projektów", f"12{NBSP}projektów", f"22{NBSP}projekty"]
    assert [count_text(n, "document", "pl") for n in (1, 2, 5)] == [
        f"1{NBSP}dokument", f"2{NBSP}dokumenty", f"5{NBSP}dokumentów"]
    assert [count_text(n, "figure", "en") for n in (1, 2)] == [f"1{NBSP}figure", f"2{NBSP}figures"]


# --- codes are translated ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", rt.REASON_CODES)
def test_every_reason_code_has_both_labels(code):
    texts = LABELS[f"reason_{code}"]
    assert texts["en"].strip() and texts["pl"].strip() and texts["en"] != texts["pl"]
    assert "_" not in texts["en"] + texts["pl"]  # no code leaks into the words


def test_the_pipeline_reasons_are_all_known_to_the_reports():
    assert set(v.NOT_COMPARABLE_REASONS) <= set(rt.REASON_CODES)


EVALUATOR_CODES = ([f"kind_{k}" for k in v.SUPPORT_KINDS] + [f"kind_{k}_adj" for k in v.SUPPORT_KINDS]
                   + [f"topic_{t}" for t in (*v.RULE_TOPICS, *v.CAP_TOPICS)]
                   + [f"target_{g}" for g in v.TARGET_GROUPS] + [f"rule_outcome_{o}" for o in v.RULE_OUTCOMES]
                   + [f"reason_{r}" for r in v.RULE_REASONS])


@pytest.mark.parametrize("key", EVALUATOR_CODES)
def test_every_code_of_the_rule_checks_has_words_in_both_languages(key):
    """Kinds of support, rule topics, target groups, outcomes and reasons reach a report in words, never as codes."""
    texts = LABELS[key]
    assert texts["en"].strip() and texts["pl"].strip() and texts["en"] != texts["pl"]
    assert "_" not in texts["en"] + texts["pl"]


def test_the_rule_checks_give_only_known_reasons_and_name_only_known_denominators():
    checks = setup("en").data["rule_checks"]
    reasons = {r for text in checks["reasons"].dropna() for r in text.split(" | ")}
    assert reasons and reasons <= set(v.RULE_REASONS)
    assert set(checks["denominator"].dropna()) <= {d.removeprefix("den_") for d in LABELS if d.startswith("den_")}


@pytest.mark.parametrize("status", v.PROJECT_STATUSES + v.STATUSES)
def test_every_status_has_both_labels(status):
    assert LABELS[status]["en"] and LABELS[status]["pl"]


# --- main points and statuses on the real data --------------------------------------------------------------------

@pytest.fixture(scope="module", params=["en", "pl"])
def report(request):
    return setup(request.param)


def test_overview_opens_with_three_to_six_short_points_each_with_a_figure(report):
    points = findings.overview_main_points(report)
    assert 3 <= len(points) <= findings.MAX_MAIN_POINTS
    for p in points:
        assert re.search(r"\d", p.text), p
        assert "CR04" not in p.text and "_" not in p.text.replace("\\_", "")
        assert len(p.text) < 260, p


def _all_main_points(R) -> dict[str, list]:
    points = {"overview": findings.overview_main_points(R), "comparisons": findings.comparisons_main_points(R)}
    points.update({pid: findings.profile_main_points(R, pid) for pid in R.projects["project_id"]})
    return points


def test_every_report_answers_the_three_questions(report):
    # issue 18: the overview's EU sentence was appended only while fewer than five points existed, so always cut
    for name, points in _all_main_points(report).items():
        asked = [p.question for p in points]
        assert set(findings.QUESTIONS) <= set(asked), (name, asked)
        assert asked.index("cost") < asked.index("eu") < asked.index("outcome"), (name, asked)


def test_the_overview_gives_the_eu_money_with_its_amount_share_and_over_how_many(report, of_seed_documents):
    eu = next(p.text for p in findings.overview_main_points(report) if p.question == "eu")
    seeds = rt.eu_money(of_seed_documents(report.projects))
    # CWIS 413 586,28 + Nowy start 128 188,11 + Katowice 4 080 000,00 zł = 4 621 774,39 zł of EU money
    assert seeds.projects == 3 and seeds.amount_pln == pytest.approx(4_621_774.39)
    # Nowy start's "dofinansowanie unijne" (EU + own = the total, no state-budget part printed) may hold the state
    # budget's part: the sum is said to be at most what it is
    assert seeds.as_printed == 1
    money = rt.eu_money(report.projects)
    assert report.money(money.amount_pln) in eu and report.share(money.share) in eu
    assert str(money.projects) in eu and str(money.eu_projects) in eu
    assert report.t("mp_eu_as_printed_n", n=report.count(money.as_printed)).removeprefix("; ") in eu


def test_katowice_is_in_the_headline_with_its_range(report):
    joined = " ".join(p.text for p in findings.overview_main_points(report))
    kat = report.project("katowice-wlacz-sie")
    assert rx.md_escape(report.names["katowice-wlacz-sie"]) in joined
    assert report.bounded(kat["cost_per_participant_real_pln"], kat["cost_per_participant_real_lower_pln"],
                          kat["cost_per_participant_real_upper_pln"], "range") in joined


def test_profile_points_put_cost_eu_reach_first(report):
    points = [p.text for p in findings.profile_main_points(report, "wiecbork-kis")]
    # "z dotacji w wysokości 15.000,-zł" for 16 participants: at least 937,50 zł each
    cost = "937.50" if report.lang == "en" else "937,50"
    assert cost in points[0] and report.t("at_least") in points[0]
    assert report.t("mp_p_no_eu") in points  # not "EU share 0.0%"


def test_a_status_whose_planned_end_has_passed_says_so_with_the_date(report):
    row = report.project("knurow-kooperacje-3d")  # 'realizowany jest', 'do marca 2021 r.'
    text = findings.status_text(row, report)
    # its one achieved figure is the month MOPS joined ("w sierpniu 2018 r."): a start date is no result
    assert "03.2021" in text and text == report.t("status_end_passed_no_results", end="03.2021")


def test_a_plan_never_reads_as_a_result(report):
    # issue 18: "ended as planned (2015)" for INTEGRA 2014–2015, which the document describes only in the future
    # tense ("Budżet projektu na lata 2014 – 2015 wynosi", "zostanie min. 60 mieszkańców")
    row = report.project("dabrowa-integra-2014-2015")
    text = findings.status_short(row, report)
    year = report.t("year_in_sentence", year="2015")
    assert text == report.t("status_end_passed_no_results", end=year)
    for pid in report.projects["project_id"]:
        shown = findings.status_short(report.project(pid), report)
        assert "ended as planned" not in shown and "zgodnie z planem" not in shown


def test_the_same_status_words_in_the_overview_and_the_profile(report):
    from analysis.report import overview as ov

    table = ov.key_figures(report)
    row = report.project("dabrowa-integra-2014-2015")
    status = findings.status_short(row, report)
    points = " ".join(p.text for p in findings.profile_main_points(report, "dabrowa-integra-2014-2015"))
    assert status in points and status in set(table["status"])


def test_a_status_names_its_document_and_date(report):
    row = report.project("knurow-cwis")  # "Podsumowanie realizacji projektów", dated 28.01.2022
    text = findings.status_text(row, report)
    assert "28.01.2022" in text and report.t("completed") in text


def test_food_aid_recipients_are_the_reach_and_the_money_is_the_food_handed_out(report):
    # "Z tej formy pomocy korzysta w naszej gminie 1500 osób."; "produkty o łącznej wartości ponad 46 000 zł"
    points = findings.profile_main_points(report, "wiecbork-sas-pead-2007")
    texts = " ".join(p.text for p in points)
    assert report.t("mp_p_reach_none") not in texts
    assert ("1,500" if report.lang == "en" else f"1{NBSP}500") in texts
    assert report.t("mp_p_outcomes_none") in texts  # no outcome figure exists: said so, and nothing more
    assert ("46,000.00" if report.lang == "en" else f"46{NBSP}000,00") in texts
    row = report.project("wiecbork-sas-pead-2007")
    assert row["participants_measure"] == "recipients"
    assert pd.isna(row["cost_per_participant_qualifier"])  # a recipient of food aid is no participant's place
    largest = findings.largest_project(report.projects)
    assert largest["project_id"] != "wiecbork-sas-pead-2007"  # 1 500 recipients are not the most participants


def test_the_count_of_projects_stating_only_targets_is_the_same_in_every_report(report):
    # issue 18: the comparisons said "7 projects state only targets", the overview "10"
    # (INTEGRA 2014–2015 "zostanie min. 60", the club's 2007 targets, the PFRON events' plans ...)
    n = int(rt.reach_is_target(report.projects).sum())
    assert 0 < n < len(report.projects)
    overview, comparisons = (
        [p.text for p in points if p.question == "outcome"]
        for points in (findings.overview_main_points(report), findings.comparisons_main_points(report)))
    summary = [t for t in overview if report.count(n) in t and str(len(report.projects)) in t]
    assert summary and summary[0] in comparisons


def test_no_duration_metric_for_events_dated_by_a_year(report):
    from analysis.report.shared import units

    u = units(report)
    months = u[u["metric"] == "cost_per_participant_month"]
    assert not months["project_id"].str.startswith("wiecbork-pfron-2007").any()


# --- the whole text of every report: no English in Polish, no Polish labels in English -----------------------------

def _phrases(lang: str) -> set[str]:
    """Label texts of ``lang`` of two words or more that differ from the other language's (placeholders cut)."""
    other = "pl" if lang == "en" else "en"
    out = set()
    for texts in LABELS.values():
        for part in re.split(r"\{[^}]*\}", texts[lang]):
            part = part.strip(" .,:;()—–-\"'„”“")
            if len(part.split()) >= 2 and part not in texts[other] and not re.search(r"\d", part):
                out.add(part)
    return out


def _report_text(monkeypatch, lang: str, run) -> str:
    """Everything the report functions display (Markdown, HTML, chart alt texts and source lines) as text."""
    import IPython.display
    import matplotlib

    matplotlib.use("Agg")
    shown: list[str] = []

    def capture(*objs, **_kw):
        for o in objs:
            if isinstance(o, dict):  # the report's summary for the index (core/summary), not shown on the page
                continue
            for attr in ("_repr_markdown_", "_repr_html_"):
                f = getattr(o, attr, None)
                if f is not None:
                    shown.append(str(f()))
                    break
            else:
                shown.append(str(getattr(o, "data", o)))

    monkeypatch.setattr(IPython.display, "display", capture)
    R = setup(lang)
    run(R)
    text = re.sub(r'src="data:[^"]*"|href="data:[^"]*"', "", "\n".join(shown))
    return re.sub(r"<[^>]+>", " ", text).replace("\\", "")


def _run_everything(R) -> None:
    from analysis.report import comparisons as cmp
    from analysis.report import overview as ov
    from analysis.report import profile as pr

    for f in (ov.header, ov.main_points, ov.key_table, ov.cost_chart, ov.outcomes_chart, ov.reach_chart,
              ov.funding_chart, ov.ranking, ov.caveats, ov.sources):
        f(R)
    for f in (cmp.header, cmp.main_points, cmp.cost_table, cmp.funding_by_programme, cmp.funding_without_total,
              cmp.outcomes, cmp.reach, cmp.services, cmp.budget_ratios, cmp.method, cmp.sources):
        f(R)
    for pid in R.projects["project_id"]:
        for f in (pr.header, pr.main_points, pr.funding, pr.participants, pr.outcomes, pr.services,
                  pr.staff_and_context, pr.unit_costs, pr.about, pr.caveats, pr.sources):
            f(R, pid)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["pl", "en"])
def test_no_label_of_the_other_language_in_any_report(monkeypatch, lang):
    import matplotlib.pyplot as plt

    text = _report_text(monkeypatch, lang, _run_everything)
    plt.close("all")
    R = setup(lang)
    if lang == "pl":  # the profile's identity table gives the English title as data, labelled "po angielsku"
        for title in R.projects[["title_en", "group_title_en"]].stack().dropna().unique():
            text = text.replace(str(title), "")
    else:  # a document's own title and publisher are data in its language ('O projekcie', a page's title)
        for name in R.data["sources"][["title", "publisher"]].stack().dropna().unique():
            text = text.replace(str(name), "")
    other = "en" if lang == "pl" else "pl"
    leaked = sorted(p for p in _phrases(other) if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text))
    assert leaked == []
    assert "funding_external_total" not in text and not re.search(r"\b[a-z]+_[a-z_]+\b", text.replace(
        "data/processed/", "").replace("data/raw/", "")), re.findall(r"\b[a-z]+_[a-z_]+\b", text)[:5]
    assert not re.search(r"\b1\s(?:documents|projects|figures)\b|\b1\s(?:dokumentów|projektów|liczb)\b", text)


def test_english_phrases_are_found_by_the_scan():
    """The scan would catch the defects of issue 11: an English caveat in a Polish report."""
    assert any("planned figures" in p for p in _phrases("en"))
    assert pd.Series(sorted(_phrases("pl"))).str.contains("dokumenty nie podają").any()


@pytest.mark.slow
def test_no_figure_id_outside_the_technical_appendix(monkeypatch):
    """Ids such as 'wiecbork-kis-prezentacja:053' belong in the collapsed appendix only (issue 11 §6)."""
    import matplotlib.pyplot as plt

    text = _report_text(monkeypatch, "pl", _run_everything)  # every section but the appendix
    plt.close("all")
    assert not re.search(r"\b[a-z0-9]+(?:-[a-z0-9]+)*:\d{3,}\b", text)


def test_sources_link_to_their_address(monkeypatch, report):
    from analysis.report import sections

    monkeypatch.setattr(sections, "_display", lambda obj: None)
    src = report.data["sources"].copy()
    src["url"] = pd.NA  # whatever addresses the data holds, only these two are tried
    src.loc[src.index[0], "url"] = "https://example.org/a?b=1&c=<2>"
    src.loc[src.index[1], "url"] = "javascript:alert(1)"  # not an address a report links to
    monkeypatch.setitem(report.data, "sources", src)
    monkeypatch.setattr(sections, "md", lambda text: text)
    markup = sections.sources(report)
    assert '<a href="https://example.org/a?b=1&amp;c=&lt;2&gt;" rel="noopener">' in markup
    assert "javascript:" not in markup
    assert markup.count("<a href") == 1


@pytest.mark.parametrize("measure", sorted(v.MEASURES))
def test_every_measure_of_the_vocabulary_has_words_in_both_languages(measure):
    """A new measure reaches a report in words, never as its code (profiles and the appendix show every measure)."""
    key = f"m_{measure}" if f"m_{measure}" in LABELS else measure
    assert LABELS[key]["en"] and LABELS[key]["pl"]


@pytest.mark.parametrize("unit", sorted(v.UNIT_KIND))
def test_every_unit_of_the_vocabulary_has_words_in_both_languages(unit):
    assert LABELS[f"unit_{unit}"]["en"] and LABELS[f"unit_{unit}"]["pl"]


def test_the_cost_range_sentence_covers_every_peer_with_a_real_cost(of_seed_documents) -> None:
    """The main point 'a participant of an EU-co-financed activation project of 2014–2020 cost from X to Y' covers
    only that kind of support and period (Katowice and Knurów's 'Nowy start', not the social-services centre
    CWIS), and includes a project whose real cost is a range (no end date printed): its ends lie within X–Y."""
    R = setup("en")
    peer = "eu_project|activation|2014–2020"
    seeds = rt.ranking(of_seed_documents(R.projects))
    assert set(seeds.loc[seeds["peer_group"] == peer, "project_id"]) == {"katowice-wlacz-sie", "knurow-nowy-start"}
    assert seeds.set_index("project_id").at["knurow-cwis", "peer_group"] == "eu_project|social_services|2014–2020"
    rank = rt.ranking(R.projects)
    sentence = findings.cost_range_point(R, rank, peer)
    assert sentence is not None and "activation project of 2014–2020" in sentence
    low, high = (float(x.replace(",", "")) for x in re.findall(r"PLN\s([\d,]+)", sentence)[:2])  # from X to Y
    eu = rank[rank["peer_group"] == peer]
    ends = pd.concat([eu.loc[eu["group"] == rt.RANKED, "value"],
                      eu.loc[(eu["group"] == rt.BOUNDED) & eu["value_lower"].notna() & eu["value_upper"].notna(),
                             ["value_lower", "value_upper"]].stack()])
    assert len(ends) >= 2
    assert low <= round(ends.min()) and high >= round(ends.max()) - 1


def test_the_cost_range_sentence_gives_the_median_with_the_bounds_it_can_take() -> None:
    """Issue 20: a one-minute overview gives the median and range of each kind, with n. Costs 1 000 and 3 000 zł and
    one of 2 000–6 000 zł: the median lies between 2 000 (the median of the lower ends) and 3 000 zł."""
    R = setup("en")
    kind = "eu_project|activation|2014–2020"
    rank = pd.DataFrame({"peer_group": [kind] * 4, "group": [rt.RANKED, rt.RANKED, rt.BOUNDED, rt.BOUNDED],
                         "value": [1000.0, 3000.0, None, None], "value_lower": [1000.0, 3000.0, 2000.0, 500.0],
                         "value_upper": [1000.0, 3000.0, 6000.0, None]})
    sentence = findings.cost_range_point(R, rank, kind)
    assert sentence is not None  # a one-sided bound (≥ 500) is said apart, never in the range or the median
    sentence = sentence.replace(NBSP, " ")
    assert "from PLN 1,000 to PLN 6,000" in sentence and "median PLN 2,000–3,000" in sentence
    assert "(3 projects with a known cost)" in sentence
    even = rank.iloc[:2]  # two point costs: the median is their mean
    assert "median PLN 2,000 " in findings.cost_range_point(R, even, kind).replace(NBSP, " ")
