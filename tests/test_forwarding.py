"""Reports a manager can forward (issue 18): the data behind every table and chart, read back; the words around
every page (links, colophon, print footer) from one file; the landing page; checks described in the report's
language; English reports without Polish labels."""

from __future__ import annotations

import base64
import html
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.core.dictionary import read_processed
from analysis.core.summary import SUMMARY_MIME, summary_problems
from analysis.paths import PROCESSED_DIR, SOURCES_DIR
from analysis.publish import frame, index, render
from analysis.publish.config import ReportError
from analysis.report.labels import LABELS
from analysis.report.setup import setup

# --- the data behind every table and chart ------------------------------------------------------------------------

_DOWNLOAD_RE = re.compile(r'href="data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]+)" download="([^"]+)"')


def _shown(monkeypatch, run) -> list[str]:
    """The HTML and Markdown every display call of ``run`` shows."""
    import IPython.display
    import matplotlib

    matplotlib.use("Agg")
    shown: list[str] = []

    def capture(*objs, **_kw):
        for o in objs:
            for attr in ("_repr_html_", "_repr_markdown_"):
                f = getattr(o, attr, None)
                if f is not None:
                    shown.append(str(f()))
                    break

    monkeypatch.setattr(IPython.display, "display", capture)
    run()
    return shown


def _downloads(monkeypatch, lang: str) -> dict[str, pd.DataFrame]:
    """Every download of the overview, the comparisons and two profiles, read as a spreadsheet of the language
    would read it (';' and a decimal comma in Polish)."""
    import matplotlib.pyplot as plt

    from analysis.report import comparisons as cmp
    from analysis.report import overview as ov
    from analysis.report import profile as pr

    R = setup(lang)

    def run() -> None:
        for f in (ov.key_table, ov.cost_chart, ov.outcomes_chart, ov.reach_chart, ov.funding_chart, ov.ranking):
            f(R)
        for f in (cmp.cost_table, cmp.funding_by_programme, cmp.funding_without_total, cmp.outcomes, cmp.reach,
                  cmp.services, cmp.budget_ratios):
            f(R)
        for pid in ("katowice-wlacz-sie", "knurow-cwis"):
            for f in (pr.funding, pr.participants, pr.outcomes, pr.services, pr.staff_and_context, pr.unit_costs,
                      pr.about):
                f(R, pid)

    text = "\n".join(_shown(monkeypatch, run))
    plt.close("all")
    sep, dec = (";", ",") if lang == "pl" else (",", ".")
    out = {}
    for data, name in _DOWNLOAD_RE.findall(html.unescape(text)):
        raw = base64.b64decode(data).decode("utf-8")
        assert raw.startswith("\ufeff"), name  # Excel reads UTF-8 only with the byte-order mark
        out[name] = pd.read_csv(io.StringIO(raw.removeprefix("\ufeff")), sep=sep, decimal=dec)
    return out


@pytest.fixture(scope="module")
def processed():
    return read_processed(PROCESSED_DIR)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "pl"])
def test_every_download_reads_back_as_numbers_equal_to_the_processed_tables(monkeypatch, processed, lang):
    downloads = _downloads(monkeypatch, lang)
    suffix = "-pl.csv" if lang == "pl" else ".csv"
    assert all(name.endswith(suffix) for name in downloads)
    # one per table and chart: the key table, the charts, the comparisons' tables, the profiles' sections
    for stem in ("overview-key-figures", "overview-reach", "comparisons-reach", "katowice-wlacz-sie-funding"):
        assert any(name.startswith(stem) for name in downloads), (stem, sorted(downloads))
    projects = processed["projects"].set_index("project_id")
    by_figure = pd.concat([processed[t].set_index("figure_id")[["value"]] for t in
                           ("participants", "outcomes", "services", "context")]
                          + [processed["funding"].set_index("figure_id")[["amount_pln"]].rename(
                              columns={"amount_pln": "value"})])
    compared = 0
    for name, df in downloads.items():
        for col in df.columns:
            assert not df[col].astype(str).str.contains(r"^(?:≥|≤|PLN|—)|\bzł$", regex=True).any(), (name, col)
        if "project_id" in df.columns and "figure_id" not in df.columns and df["project_id"].is_unique:
            for col in set(df.columns) & set(projects.columns):
                if pd.api.types.is_numeric_dtype(projects[col]) and projects[col].notna().any():
                    assert pd.api.types.is_numeric_dtype(df[col]), (name, col)  # a number, not display text
                    expected = projects.loc[df["project_id"], col].astype("float64").to_numpy()
                    pd.testing.assert_series_equal(df[col].astype("float64").reset_index(drop=True),
                                                   pd.Series(expected, name=col), check_names=False, rtol=1e-9,
                                                   obj=f"{name}: {col}")
                    compared += 1
        if "figure_id" in df.columns:
            value = "amount_pln" if "amount_pln" in df.columns else "value" if "value" in df.columns else None
            if value is not None:
                known = df[df["figure_id"].isin(by_figure.index)]
                pd.testing.assert_series_equal(known[value].astype("float64").reset_index(drop=True),
                                               by_figure.loc[known["figure_id"], "value"].astype("float64")
                                               .reset_index(drop=True), check_names=False, rtol=1e-9)
                compared += 1
    assert compared >= 10


# --- the words around every page ----------------------------------------------------------------------------------

def test_the_colophon_file_has_every_word_in_both_languages():
    c = frame.load_colophon()
    for key in frame.WORD_KEYS:
        assert c.t(key, "en") and c.t(key, "pl") and c.t(key, "en") != c.t(key, "pl") or key in ("contact",)


def test_a_colophon_file_without_a_polish_text_is_refused_naming_the_key(tmp_path):
    bad = tmp_path / "colophon.yml"
    bad.write_text("title: {en: 'A'}\n", encoding="utf-8")
    with pytest.raises(ReportError) as err:
        frame.load_colophon(bad)
    assert any("title" in p and "pl" in p for p in err.value.problems)


@pytest.mark.parametrize(("name", "lang", "prefix", "twin"), [
    ("overview", "en", "", "pl/overview"),
    ("pl/overview", "pl", "../", "overview"),
    ("projects/knurow-cwis", "en", "../", "pl/projects/knurow-cwis"),
    ("pl/projects/knurow-cwis", "pl", "../../", "projects/knurow-cwis"),
])
def test_every_page_links_back_to_the_index_its_twin_and_the_glossary(name, lang, prefix, twin):
    nav = frame.nav_html(name, lang, frame.load_colophon())
    assert f'href="{prefix}index.html"' in nav
    assert f'href="{prefix}{twin}.html"' in nav
    assert f'href="{prefix}{"pl/" if lang == "pl" else ""}glossary.html"' in nav


def _record(**extra):
    return {"generated_at": "2026-12-02T10:00:00Z", "data_version": "abc123def456", "sources_read": "2026-11-23",
            **extra}


def test_the_colophon_goes_under_the_title_with_dates_version_publisher_and_licences():
    c = frame.load_colophon()
    page = "<html><head></head><body class='x'><div><h1>Title</h1><p>text</p></div></body></html>"
    out = frame.frame(page, name="pl/overview", title="Przegląd", language="pl", record=_record(), colophon=c)
    assert out.index("<nav") < out.index("<h1>") < out.index("report-colophon") < out.index("<p>text")
    colophon = out[out.index("report-colophon"):out.index("<p>text")]
    for text in ("2026-12-02", "abc123def456", "2026-11-23", html.escape(c.text["publisher"]["pl"]),
                 html.escape(c.licences["code"]["pl"]), html.escape(c.licences["data"]["pl"])):
        assert text in colophon
    # the print footer: page numbers and the data version on every A4 page
    assert "@bottom-right" in out and "counter(pages)" in out and "abc123def456" in out[:out.index("</head>")]


def test_the_print_footer_cannot_close_its_style_element():
    css = frame.print_css('</style><script>alert(1)</script> "x" \\', _record(), "en", frame.load_colophon())
    assert css.count("</style>") == 1 and "<script>" not in css
    assert frame.css_string('a"b') == '"a\\22 b"'


def test_a_page_without_a_title_is_refused():
    with pytest.raises(ReportError):
        frame.frame("<html><head></head><body></body></html>", name="x", title="x", language="en",
                    record=_record(), colophon=frame.load_colophon())


def test_every_source_records_when_it_was_read(processed):
    accessed = processed["sources"]["accessed"]
    assert accessed.notna().all() and accessed.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert frame.sources_read_until(PROCESSED_DIR) == max(accessed)
    assert SOURCES_DIR.is_dir()


# --- the report's summary and the landing page -------------------------------------------------------------------

def test_the_build_takes_the_summary_out_of_the_page_into_the_record():
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data", data={SUMMARY_MIME: {"main_points": ["A <b>"]}}),
                    nbformat.v4.new_output("display_data", data={"text/markdown": "# T"})]
    nb.cells = [cell]
    assert render.take_summary(nb, "r") == {"main_points": ["A <b>"]}
    assert [list(o["data"]) for o in nb.cells[0].outputs] == [["text/markdown"]]
    assert summary_problems({"main_points": "one text"}) and summary_problems({"colour": "red"})


def _records():
    def rec(name, lang, group, title, **summary):
        return {"name": name, "output": f"{name}.html", "title": title, "group": group, "notebook": "n.ipynb",
                "parameters": {"language": lang}, "generated_at": "2026-12-02T10:00:00Z",
                "data_version": "abc123def456", **({"summary": summary} if summary else {})}

    return [
        rec("overview", "en", "Overview", "Overview", main_points=["A participant cost <PLN 9,016>."]),
        rec("pl/overview", "pl", "Overview", "Przegląd", main_points=["Uczestnik kosztował 9 016 zł."]),
        rec("projects/a", "en", "Project profiles", "Profile A", centre="MOPS Knurów", voivodeship="śląskie"),
        rec("projects/b", "en", "Project profiles", "Profile B", centre="MGOPS Więcbork",
            voivodeship="kujawsko-pomorskie"),
        rec("projects/c", "en", "Project profiles", "Profile C", centre="MOPS Knurów", voivodeship="śląskie"),
        rec("projects/d", "en", "Project profiles", "Profile D", centre="MOPS Łódź", voivodeship="łódzkie"),
        rec("projects/e", "en", "Project profiles", "Profile E", centre="OPS Małomice", voivodeship="lubuskie"),
        rec("projects/f", "en", "Project profiles", "Profile F", centre="MOPS Bytom", voivodeship="śląskie"),
        rec("pl/projects/a", "pl", "Project profiles", "Profil A", centre="MOPS Knurów"),
        rec("glossary", "en", "Glossary", "Glossary"),
    ]


def test_the_landing_page_says_what_this_is_gives_the_main_points_and_groups_profiles_by_place(tmp_path):
    c = frame.load_colophon()
    text = index.write_index(_records(), tmp_path, data_version="abc123def456", colophon=c).read_text("utf-8")
    english = text[text.index('<section class="language" lang="en"'):text.index('<section class="language" lang="pl"')]
    assert html.escape(c.text["about"]["en"]) in english
    assert "A participant cost &lt;PLN 9,016&gt;." in english  # the overview's main points, escaped
    assert english.index(c.t("main_points", "en")) < english.index(c.t("overview", "en")) \
        < english.index(c.t("profiles", "en")) < english.index(c.t("glossary", "en"))
    # profiles by voivodeship in the order of the Polish alphabet (l < ł < ś), then by centre, in the order met
    assert english.index("Kujawsko-pomorskie") < english.index("MGOPS Więcbork") < english.index("Profile B") \
        < english.index("Lubuskie") < english.index("Profile E") < english.index("Łódzkie") \
        < english.index("Profile D") < english.index("Śląskie") < english.index("MOPS Bytom") \
        < english.index("Profile F") < english.index("MOPS Knurów") < english.index("Profile A") \
        < english.index("Profile C")
    polish = text[text.index('<section class="language" lang="pl"'):]
    assert "Uczestnik kosztował 9 016 zł." in polish and c.t("profiles", "pl") in polish
    assert html.escape(c.licences["data"]["en"]) in text and html.escape(c.licences["data"]["pl"]) in text


# --- the appendix in the report's language ---------------------------------------------------------------------------

def test_every_check_the_pipeline_runs_has_words_in_both_languages():
    checks_py = (Path(__file__).parents[1] / "src" / "analysis" / "clean" / "checks.py").read_text("utf-8")
    names = set(re.findall(r'_rows\(\s*"([^"]+)"', checks_py)) | set(re.findall(r'"check": "([^"]+)"', checks_py))
    assert len(names) >= 15
    for name in names:
        en, pl = LABELS[f"check:{name}"]["en"], LABELS[f"check:{name}"]["pl"]
        assert en and pl and en != pl, name


def test_the_polish_appendix_describes_a_check_that_cannot_be_verified_in_polish(monkeypatch):
    # checks.csv: 'portfolio total equals the sum of its projects', wiecbork-2007 … not_verifiable ("ponad 70 000 zł")
    from analysis.report import sections

    R = setup("pl")
    shown = "\n".join(_shown(monkeypatch, lambda: sections.appendix(R, R.projects)))
    assert LABELS["check:portfolio total equals the sum of its projects"]["pl"] in shown
    assert LABELS["check_not_verifiable"]["pl"] in shown
    assert "portfolio total equals the sum of its projects" not in shown and "not_verifiable" not in shown


# --- English reports show English labels -------------------------------------------------------------------------

def test_english_profiles_show_services_staff_and_context_in_english(monkeypatch, processed):
    import matplotlib.pyplot as plt

    from analysis.report import profile as pr

    R = setup("en")
    for pid in ("knurow-cwis", "wiecbork-kis"):
        shown = "\n".join(_shown(monkeypatch, lambda pid=pid: (pr.services(R, pid), pr.staff_and_context(R, pid))))
        plt.close("all")
        body = html.unescape(re.sub(r'href="data:[^"]*"', "", shown))
        for table in ("services", "context"):
            rows = processed[table][processed[table]["project_id"] == pid]
            item = "service" if table == "services" else "item"
            glossed = [(pl, en) for pl, en in zip(rows[item], rows[f"{item}_en"], strict=True)
                       if isinstance(pl, str) and pl != en]
            assert glossed and any(en in body for _, en in glossed), (pid, table)
            for polish, _ in glossed:  # a long table shows its first and last rows: none of them in Polish
                assert f">{polish}<" not in body.replace("\n", ""), (pid, polish)  # "Kierownik KIS"


def test_the_glossary_defines_every_term_in_both_languages_and_reads_no_data():
    from analysis.report import glossary

    en, pl = glossary.entries("en"), glossary.entries("pl")
    assert [k for k, *_ in en] == [k for k, *_ in pl] and len(en) >= 10
    for (_, term_en, def_en), (_, term_pl, def_pl) in zip(en, pl, strict=True):
        assert term_en and term_pl and def_en != def_pl
    assert "<script>" not in glossary.terms_html("en")
    source = (Path(__file__).parents[1] / "notebooks" / "glossary.ipynb").read_text("utf-8")
    assert "setup(" not in source and "read_processed" not in source  # words only, as reads_data: false promises
