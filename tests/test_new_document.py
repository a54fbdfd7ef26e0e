"""Issue 12: a new document is added by following data/raw/README.md alone, in a temporary copy of the data.

The worked example of the README is executed as written: its document text, its `sources add` command, its rows
of projects.csv, figures.csv and not_figures.csv are read from the README itself, then `sources check`, the
pipeline (`make data` with --raw/--out) and, marked slow, the project's profile report run on the copy. The three
real cases of the issue (an RPO Łódzkie page, a PO WER 2.5 page, a local news page) pass without editing code.
The real data/raw is never modified.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from analysis.clean import documents, guide, pipeline, sources
from analysis.core.dictionary import RAW
from analysis.paths import ROOT

README = pipeline.RAW_DIR / "README.md"
PY = sys.executable


def readme_block(name: str) -> str:
    """The fenced block after ``<!-- example: name -->`` in data/raw/README.md, dedented."""
    text = README.read_text(encoding="utf-8")
    m = re.search(rf"<!-- example: {re.escape(name)} -->\n(?P<indent> *)```[a-z]*\n(?P<body>.*?)\n(?P=indent)```",
                  text, re.S)
    assert m, f"README has no example block {name!r}"
    return textwrap.dedent(m["body"]) + "\n"


def append_rows(path: Path, rows: str) -> None:
    """Append CSV lines to a raw table as an analyst would (after its last line)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + rows, encoding="utf-8")


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([PY, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


# --- the README's worked example, step by step ---------------------------------------------------------------------
def add_readme_example(ws: Path) -> Path:
    """Steps 1–4 of the README on the workspace; returns the raw folder."""
    raw = ws / "data" / "raw"
    doc = ws / "razem-ku-aktywnosci.txt"
    doc.write_text(readme_block("document"), encoding="utf-8")
    # step 1: the README's command, with the file where this test saved it and the workspace's raw folder
    command = shlex.split(readme_block("add").strip())
    assert command[:4] == [".venv/bin/python", "-m", "analysis.clean.sources", "add"]
    args = [*command[1:3], "--raw", str(raw), "add", str(doc), *command[5:]]
    done = cli(*args, cwd=ws)
    assert done.returncode == 0, done.stderr
    # steps 2–4: the rows as printed in the README
    append_rows(raw / "projects.csv", readme_block("projects.csv"))
    append_rows(raw / "figures.csv", readme_block("figures.csv"))
    append_rows(raw / "not_figures.csv", readme_block("not_figures.csv"))
    return raw


def test_the_readme_example_adds_a_document(workspace):
    raw = add_readme_example(workspace)
    sid, pid = "przykladowo-razem", "przykladowo-razem-ku-aktywnosci"
    # step 1 stored the text under the naming rule and registered its checksum
    stored = workspace / "data" / "sources" / f"{sid}.txt"
    assert stored.read_text(encoding="utf-8") == readme_block("document")
    reg = pd.read_csv(raw / "sources.csv", dtype=str, keep_default_na=False).set_index("source_id").loc[sid]
    assert reg["sha256"] == documents.sha256_of(stored.read_bytes()) and reg["url"] == "https://mops.przykladowo.pl/razem"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", reg["accessed"])
    # step 6: check (every quote found, every digit covered), then make data into a temporary folder
    check = cli("-m", "analysis.clean.sources", "--raw", str(raw), "check", sid, cwd=workspace)
    assert check.returncode == 0, check.stdout
    out = workspace / "data" / "processed"
    built = cli("-m", "analysis.clean.pipeline", "--raw", str(raw), "--out", str(out), cwd=workspace)
    assert built.returncode == 0, built.stderr
    assert pipeline.verify_manifest(out) == []

    projects = pd.read_csv(out / "projects.csv", dtype={"project_id": str}).set_index("project_id")
    p = projects.loc[pid]
    # "Wartość projektu: 1 250 000,00 zł, w tym dofinansowanie ze środków UE: 1 062 500,00 zł"
    assert (p["total_value_pln"], p["eu_cofinancing_pln"]) == (1_250_000.00, 1_062_500.00)
    # "Wkład własny gminy wyniósł sto osiemdziesiąt siedem tysięcy pięćset złotych"
    assert p["own_contribution_pln"] == 187_500.00
    assert p["eu_share"] == pytest.approx(0.85) and p["programme"] == "RPO_WSL_2014_2020"
    # "W projekcie wzięło udział 64 osoby (41 kobiet i 23 mężczyzn)"
    assert (p["participants"], p["women_count"], p["men_count"]) == (64, 41, 23)
    assert p["cost_per_participant_pln"] == 19_531.25  # 1 250 000,00 / 64
    # "Ponad 20 uczestników podjęło zatrudnienie": more than 20, a lower bound
    assert (p["employed_count"], p["employed_qualifier"]) == (20, "more_than")
    # "w okresie od 01.02.2019 r. do 31.12.2020 r."
    assert (p["start_date"], p["end_date"]) == ("2019-02-01", "2020-12-31")

    figures = pd.read_csv(out / "figures.csv", dtype=str, keep_default_na=False).set_index("figure_id")
    own = figures.loc[f"{sid}:006"]
    assert own["value_as_printed"] == "sto osiemdziesiąt siedem tysięcy pięćset złotych"  # as printed, not 187500
    # "Projekt trwał prawie dwa lata": almost two years, strictly less
    duration = figures.loc[f"{sid}:011"]
    assert (duration["value_upper"], duration["qualifier"], duration["unit"]) == ("2", "less_than", "years")
    checks = pd.read_csv(out / "checks.csv", dtype=str)
    mine = checks[checks["subject"].str.startswith(pid)]
    assert set(mine["result"]) == {"pass"} and "funding parts add up to the total" in set(mine["check"])


@pytest.mark.slow
def test_the_readme_example_gets_its_profile_report(workspace):
    raw = add_readme_example(workspace)
    out, reports = workspace / "data" / "processed", workspace / "reports"
    built = cli("-m", "analysis.clean.pipeline", "--raw", str(raw), "--out", str(out), cwd=workspace)
    assert built.returncode == 0, built.stderr
    pid = "przykladowo-razem-ku-aktywnosci"
    done = cli("-m", "analysis.publish", "--processed-dir", str(out), "--raw-dir", str(raw), "--reports-dir",
               str(reports), "run", f"projects/{pid}", f"pl/projects/{pid}", cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    for html in (reports / "projects" / f"{pid}.html", reports / "pl" / "projects" / f"{pid}.html"):
        text = html.read_text(encoding="utf-8")
        assert "Razem ku aktywności" in text and "Traceback" not in text


def test_the_readme_reference_is_generated_and_current():
    text = README.read_text(encoding="utf-8")
    assert guide.updated(text) == text, "data/raw/README.md is stale: run python -m analysis.clean.guide"
    for measure in guide.v.MEASURES:  # every measure and qualifier is listed
        assert f"| `{measure}` |" in text
    for q in guide.v.QUALIFIERS:
        assert f"| `{q}` |" in text


def test_a_stale_readme_reference_is_detected(tmp_path):
    stale = tmp_path / "README.md"
    stale.write_text(README.read_text(encoding="utf-8").replace("| `funding_total` |", "| `funding_totl` |"),
                     encoding="utf-8")
    assert guide.main(["--readme", str(stale), "--check"]) == 1
    assert guide.main(["--readme", str(stale)]) == 0 and guide.main(["--readme", str(stale), "--check"]) == 0


# --- the three real cases of the issue -----------------------------------------------------------------------------
def csv_rows(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def add_case(ws: Path, sid: str, pid: str, text: str, title: str, figures: list[tuple], not_figures=(),
             check: bool = True) -> Path:
    """Store and register a document, its project and figures (measure, value, unit, status, quote)."""
    raw = ws / "data" / "raw"
    doc = ws / f"{sid}.txt"
    doc.write_text(text, encoding="utf-8")
    assert sources.main(["--raw", str(raw), "add", str(doc), "--id", sid, "--publisher", "Ośrodek", "--title",
                         title]) == 0
    append_rows(raw / "projects.csv", csv_rows([[pid, "", "project", title, title, "MOPS", "Gmina", "whole",
                                                 "completed", "", sid, title, "", "śląskie", ""]]))
    names = RAW["figures.csv"].names  # rows by column name: a new column of the table breaks no case
    rows = [[{"figure_id": f"{sid}:{i:03d}", "source_id": sid, "project_id": pid, "measure": m,
              "value_as_printed": value, "unit": unit, "status": status, "transcription": "as_printed",
              "quote": quote}.get(c, "") for c in names]
            for i, (m, value, unit, status, quote) in enumerate(figures, start=1)]
    append_rows(raw / "figures.csv", csv_rows(rows))
    if not_figures:
        append_rows(raw / "not_figures.csv", csv_rows([[sid, q, r] for q, r in not_figures]))
    if check:  # every quote found, every digit covered
        assert sources.check([sid], raw, ws / "data" / "sources") == 0
    return raw


def build(ws: Path, raw: Path) -> dict[str, pd.DataFrame]:
    out = ws / "out"
    pipeline.run(raw, out, sources_dir=ws / "data" / "sources")
    return {n: pd.read_csv(out / n, dtype=str, keep_default_na=False)
            for n in ("projects.csv", "checks.csv", "participants.csv", "figures.csv")}


LODZKIE = ("Projekt „Aktywni razem” realizowany w ramach Regionalnego Programu Operacyjnego Województwa Łódzkiego na "
           "lata 2014-2020, Poddziałanie IX.2.1.\nŁączna wartość projektu 640 387,50, kwota dofinansowania "
           "544 297,50, wkład własny 96 090,00.\n")


def add_lodzkie(ws: Path, programme_row: dict[str, str] | None, check: bool = True) -> Path:
    raw = ws / "data" / "raw"
    if programme_row is not None:  # a new programme is a row of data
        header = (raw / "programmes.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
        append_rows(raw / "programmes.csv", csv_rows([[programme_row.get(c, "") for c in header]]))
    funding = "Łączna wartość projektu 640 387,50, kwota dofinansowania 544 297,50, wkład własny 96 090,00"
    return add_case(ws, "lodz-aktywni", "lodz-aktywni-razem", LODZKIE, "Aktywni razem", [
        ("programme", "Regionalnego Programu Operacyjnego Województwa Łódzkiego na lata 2014-2020", "text", "stated",
         "w ramach Regionalnego Programu Operacyjnego Województwa Łódzkiego na lata 2014-2020"),
        ("submeasure_code", "IX.2.1", "code", "stated", "Poddziałanie IX.2.1"),
        ("funding_total", "640 387,50", "pln", "stated", funding),
        # "kwota dofinansowania": co-financing not split into EU and national money
        ("funding_external_total", "544 297,50", "pln", "stated", funding),
        ("funding_own", "96 090,00", "pln", "stated", funding),
    ], check=check)


RPO_LDZ = {"programme_id": "RPO_LDZ_2014_2020", "name_en": "Regional Operational Programme of Łódzkie 2014–2020",
           "name_pl": "Regionalny Program Operacyjny Województwa Łódzkiego 2014–2020", "period": "2014–2020",
           "funder": "eu", "comparison_group": "eu_project", "max_eu_share": "85%",
           "aliases": "Regionalnego Programu Operacyjnego Województwa Łódzkiego na lata 2014-2020",
           "rule_source": "Regulation (EU) No 1303/2013, Art. 120(3)(a)"}


def test_rpo_lodzkie_case_co_financing_and_roman_code(workspace):
    """'Łączna wartość projektu 640 387,50, kwota dofinansowania 544 297,50, wkład własny 96 090,00' adds up:
    544 297,50 + 96 090,00 = 640 387,50, with the co-financing recorded as the dictionary prescribes."""
    t = build(workspace, add_lodzkie(workspace, RPO_LDZ))
    c = t["checks.csv"]
    row = c[(c["check"] == "funding parts add up to the total") & (c["subject"] == "lodz-aktywni-razem")]
    assert list(row["result"]) == ["pass"]
    p = t["projects.csv"].set_index("project_id").loc["lodz-aktywni-razem"]
    assert (p["programme"], p["submeasure_code"]) == ("RPO_LDZ_2014_2020", "9.2.1")
    # the one "kwota dofinansowania" figure is the external co-financing: 544 297,50 of 640 387,50 (85,0%)
    assert (p["external_cofinancing_pln"], p["own_contribution_pln"]) == ("544297.50", "96090.00")
    assert float(p["external_share"]) == pytest.approx(544_297.50 / 640_387.50, abs=1e-10)
    assert float(p["own_share"]) == pytest.approx(96_090.00 / 640_387.50, abs=1e-10)
    # it is not split by source, so no EU share is claimed
    assert (p["eu_cofinancing_pln"], p["eu_share"]) == ("", "")


def razem(ws: Path, co_financing: str) -> pd.Series:
    """A document printing only the total and one co-financing figure, built; its project's row."""
    quote = f"Wartość projektu: 500 000,00 zł. Kwota dofinansowania: {co_financing}."
    raw = add_case(ws, "gmina-razem", "gmina-razem-projekt", f"Projekt „Razem”.\n{quote}\n", "Razem", [
        ("funding_total", "500 000,00 zł", "pln", "stated", quote),
        ("funding_external_total", co_financing, "pln", "stated", quote),
    ])
    return build(ws, raw)["projects.csv"].set_index("project_id").loc["gmina-razem-projekt"]


def test_one_co_financing_figure_and_the_total_give_the_own_contribution(workspace):
    """'Wartość projektu: 500 000,00 zł. Kwota dofinansowania: 425 000,00 zł.' The co-financing is all the
    external money, so the rest of the total is the beneficiary's: 75 000,00 zł, 15% (wartość projektu =
    dofinansowanie + wkład własny); nothing is said of the EU's part of it."""
    p = razem(workspace, "425 000,00 zł")
    assert (p["external_cofinancing_pln"], p["own_contribution_pln"]) == ("425000.00", "75000.00")
    assert (float(p["external_share"]), float(p["own_share"])) == (0.85, 0.15)
    assert (p["eu_cofinancing_pln"], p["eu_share"]) == ("", "")


def test_an_approximate_co_financing_figure_gives_no_own_contribution(workspace):
    """'około 425 000 zł' of co-financing is not an amount to subtract: no own contribution, no shares."""
    p = razem(workspace, "około 425 000 zł")
    assert (p["external_cofinancing_pln"], p["own_contribution_pln"], p["external_share"]) == ("", "", "")


def test_co_financing_that_does_not_add_up_still_fails(workspace):
    raw = add_lodzkie(workspace, RPO_LDZ)
    fig = raw / "figures.csv"
    text = fig.read_text(encoding="utf-8")
    assert text.count(',"96 090,00",') == 1
    fig.write_text(text.replace(',"96 090,00",', ',"96 990,00",'), encoding="utf-8")
    with pytest.raises(pipeline.DataError, match="funding parts add up to the total.*lodz-aktywni-razem"):
        pipeline.run(raw, workspace / "out")


def test_a_programme_row_without_its_polish_name_stops_make_data_with_its_line(workspace):
    raw = add_lodzkie(workspace, {**RPO_LDZ, "name_pl": ""}, check=False)
    line = len((raw / "programmes.csv").read_text(encoding="utf-8").splitlines())
    with pytest.raises(pipeline.DataError) as err:
        pipeline.run(raw, workspace / "out")
    assert f"programmes.csv:{line} column 'name_pl'" in str(err.value)


def test_an_unknown_programme_name_is_a_data_error_naming_the_figure(workspace):
    raw = add_lodzkie(workspace, None)  # the programme row is not added
    with pytest.raises(pipeline.DataError) as err:
        pipeline.run(raw, workspace / "out")
    assert "Łódzkiego" in str(err.value) and "programmes.csv" in str(err.value) and "figures.csv:" in str(err.value)


POWER = ("Projekt „Kooperacja plus” współfinansowany ze środków Unii Europejskiej w ramach Programu Operacyjnego "
         "Wiedza Edukacja Rozwój 2014-2020, Działanie 2.5 Skuteczna pomoc społeczna.\n"
         "Wartość projektu (wydatki kwalifikowalne): 500 000,00 zł\nWkład Funduszy Europejskich: 421 400,00 zł "
         "(84,28%)\nDotacja celowa z budżetu państwa: 53 600,00 zł\nWkład własny: 25 000,00 zł\n")


def add_power(ws: Path, share: str = "84,28%") -> Path:
    return add_case(ws, "power-kooperacja", "power-kooperacja-plus", POWER.replace("84,28%", share),
                    "Kooperacja plus", [
        ("programme", "Programu Operacyjnego Wiedza Edukacja Rozwój 2014-2020", "text", "stated",
         "w ramach Programu Operacyjnego Wiedza Edukacja Rozwój 2014-2020"),
        ("measure_code", "2.5", "code", "stated", "Działanie 2.5 Skuteczna pomoc społeczna"),
        ("funding_total", "500 000,00 zł", "pln", "stated", "Wartość projektu (wydatki kwalifikowalne): 500 000,00 zł"),
        ("funding_eu", "421 400,00 zł", "pln", "stated", f"Wkład Funduszy Europejskich: 421 400,00 zł ({share})"),
        ("eu_share", share, "percent", "stated", f"Wkład Funduszy Europejskich: 421 400,00 zł ({share})"),
        ("funding_state_subsidy", "53 600,00 zł", "pln", "stated", "Dotacja celowa z budżetu państwa: 53 600,00 zł"),
        ("funding_own", "25 000,00 zł", "pln", "stated", "Wkład własny: 25 000,00 zł"),
    ])


def test_po_wer_case_with_a_printed_share(workspace):
    """421 400,00 / 500 000,00 = 84,28%: the printed share agrees with the amounts."""
    t = build(workspace, add_power(workspace))
    c = t["checks.csv"].set_index(["check", "subject"])["result"]
    assert c[("a printed share agrees with the amounts", "power-kooperacja-plus eu_share")] == "pass"
    assert c[("funding parts add up to the total", "power-kooperacja-plus")] == "pass"
    f = t["figures.csv"].set_index("figure_id").loc["power-kooperacja:005"]
    assert (f["value_as_printed"], f["value"]) == ("84,28%", "0.8428")


def test_a_printed_share_that_disagrees_with_the_amounts_fails(workspace):
    raw = add_power(workspace, share="84,38%")
    with pytest.raises(pipeline.DataError, match=r"a printed share agrees with the amounts.*84,38%.*84\.2800%"):
        pipeline.run(raw, workspace / "out")


NEWS = ("Pomoc dla seniorów\nDwadzieścia osób wzięło udział w projekcie gminnego ośrodka pomocy społecznej. "
        "Projekt trwał prawie rok, a jego wartość wyniosła prawie dwustu tysięcy złotych.\n")


def add_news(ws: Path) -> Path:
    return add_case(ws, "news-seniorzy", "news-pomoc-seniorom", NEWS, "Pomoc dla seniorów", [
        ("participants_total", "Dwadzieścia", "persons", "achieved", "Dwadzieścia osób wzięło udział w projekcie"),
        ("duration", "prawie rok", "years", "achieved", "Projekt trwał prawie rok"),
        ("funding_total", "prawie dwustu tysięcy złotych", "pln", "achieved",
         "jego wartość wyniosła prawie dwustu tysięcy złotych"),
    ])


def test_local_news_case_words_and_prawie(workspace):
    raw = add_news(workspace)
    t = build(workspace, raw)
    f = t["figures.csv"].set_index("figure_id")
    assert (f.loc["news-seniorzy:001", "value_as_printed"], f.loc["news-seniorzy:001", "value"]) == ("Dwadzieścia",
                                                                                                      "20")
    assert (f.loc["news-seniorzy:002", "value_upper"], f.loc["news-seniorzy:002", "qualifier"]) == ("1", "less_than")
    p = t["projects.csv"].set_index("project_id").loc["news-pomoc-seniorom"]
    # "prawie dwustu tysięcy złotych": less than 200 000 zł, so less than 10 000 zł per participant
    assert (p["total_value_qualifier"], p["cost_per_participant_upper_pln"], p["cost_per_participant_qualifier"]) == (
        "less_than", "10000.00", "less_than")
    assert p["cost_per_participant_lower_pln"] == ""


def test_a_printed_duration_is_checked_against_the_dates(workspace):
    """'Projekt trwał prawie dwa lata', from 01.02.2019 to 31.12.2020 (23 months): fits; 'prawie rok' does not."""
    raw = add_readme_example(workspace)
    c = build(workspace, raw)["checks.csv"].set_index(["check", "subject"])["result"]
    assert c[("a printed duration agrees with the dates", "przykladowo-razem-ku-aktywnosci przykladowo-razem:011")] \
        == "pass"
    fig = raw / "figures.csv"
    text = fig.read_text(encoding="utf-8")
    assert text.count(",prawie dwa,years,") == 1
    fig.write_text(text.replace(",prawie dwa,years,", ",prawie dwa,months,"), encoding="utf-8")
    with pytest.raises(pipeline.DataError, match=r"a printed duration agrees with the dates.*prawie dwa months.*"
                                                 r"23\.0 months"):
        pipeline.run(raw, workspace / "out2")


def test_sources_add_refuses_what_it_cannot_register_and_writes_nothing(workspace, capsys):
    raw, texts = workspace / "data" / "raw", workspace / "data" / "sources"
    before = {p.name: p.read_bytes() for p in [*raw.iterdir(), *texts.iterdir()]}
    doc = workspace / "doc.txt"
    doc.write_bytes("Wartość projektu: 1 000,00 zł".encode("cp1250"))  # not UTF-8
    base = ["--raw", str(raw), "add", str(doc), "--publisher", "P", "--title", "T"]
    assert sources.main([*base, "--id", "nowy-dokument"]) == 1
    assert "UTF-8" in capsys.readouterr().err
    doc.write_text("Wartość projektu: 1 000,00 zł", encoding="utf-8")
    assert sources.main([*base, "--id", "slaskie-wlacz-sie"]) == 1  # already registered
    assert "sources.csv:" in capsys.readouterr().err
    assert sources.main([*base, "--id", "Nowy Dokument"]) == 1  # not a slug
    assert "slug" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in [*raw.iterdir(), *texts.iterdir()]} == before


@pytest.mark.slow
def test_a_new_programme_reaches_the_reports_as_data(workspace):
    """RPO Łódzkie is a row of programmes.csv, not a Python edit: its project's profile builds in both languages
    and names the programme as the row does."""
    raw = add_lodzkie(workspace, RPO_LDZ)
    out, reports = workspace / "data" / "processed", workspace / "reports"
    pipeline.run(raw, out, sources_dir=workspace / "data" / "sources")
    pid = "lodz-aktywni-razem"
    done = cli("-m", "analysis.publish", "--processed-dir", str(out), "--raw-dir", str(raw), "--reports-dir",
               str(reports), "run", f"projects/{pid}", f"pl/projects/{pid}", cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    en = (reports / "projects" / f"{pid}.html").read_text(encoding="utf-8")
    pl = (reports / "pl" / "projects" / f"{pid}.html").read_text(encoding="utf-8")
    assert RPO_LDZ["name_en"] in en and RPO_LDZ["name_pl"] in pl


@pytest.mark.slow
@pytest.mark.parametrize("case, pid, printed", [
    ("power", "power-kooperacja-plus", "84,28%"),  # the printed share is a figure of the profile
    ("news", "news-pomoc-seniorom", "Dwadzieścia"),  # as printed, not 20
])
def test_the_real_cases_get_their_profile_reports(workspace, case, pid, printed):
    raw = {"power": add_power, "news": add_news}[case](workspace)
    out, reports = workspace / "data" / "processed", workspace / "reports"
    pipeline.run(raw, out, sources_dir=workspace / "data" / "sources")
    done = cli("-m", "analysis.publish", "--processed-dir", str(out), "--raw-dir", str(raw), "--reports-dir",
               str(reports), "run", f"projects/{pid}", f"pl/projects/{pid}", cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert printed in (reports / "pl" / "projects" / f"{pid}.html").read_text(encoding="utf-8")


def test_adding_a_document_rebuilds_its_profiles_and_the_summaries_only(workspace):
    """Issue 20: a new document rebuilt every report, because every profile hashed the whole sources table. Now a
    profile depends on the documents its own rows name; the others rebuilt are those whose own row changes (a new
    peer moves the ranks of its kind and period)."""
    from analysis.paths import REPORTS_CONFIG
    from analysis.publish import driver
    from analysis.publish.config import expand

    def plan(processed: Path) -> dict[str, str]:
        specs = expand(REPORTS_CONFIG, processed / "projects.csv", reports_dir=workspace / "reports")
        return {p.spec.name: p.fingerprint for p in driver.plan(specs, workspace / "reports", processed)}

    def rows(processed: Path) -> dict[str, str]:
        text = (processed / "projects.csv").read_text(encoding="utf-8")
        return {r[0]: ",".join(r) for r in csv.reader(io.StringIO(text)) if r}

    raw = workspace / "data" / "raw"
    before_dir, after_dir = workspace / "before", workspace / "after"
    pipeline.run(raw, before_dir)
    add_readme_example(workspace)
    pipeline.run(raw, after_dir)
    before, after = plan(before_dir), plan(after_dir)
    old_rows, new_rows = rows(before_dir), rows(after_dir)
    changed_projects = {pid for pid in old_rows if new_rows.get(pid) != old_rows[pid]}
    rebuilt = {name for name in after if before.get(name) != after[name]}
    pid = "przykladowo-razem-ku-aktywnosci"
    profiles = {f"{lang}projects/{p}" for p in changed_projects | {pid} for lang in ("", "pl/")}
    assert {f"projects/{pid}", f"pl/projects/{pid}", "overview", "comparisons"} <= rebuilt
    assert rebuilt - profiles <= {"overview", "pl/overview", "comparisons", "pl/comparisons", "index"}
    # most profiles stay as they are: the new document is not theirs
    untouched = [p for p in old_rows if p != "project_id" and p not in changed_projects]
    assert untouched and not any(f"projects/{p}" in rebuilt for p in untouched)


def test_every_module_the_readmes_run_exists():
    """A second reader found data/raw/README.md telling newcomers to run ``python -m analysis.build.reports``, a
    module that no longer existed: every ``python -m analysis…`` of both READMEs must be importable."""
    import importlib.util

    texts = [README.read_text(encoding="utf-8"), (ROOT / "README.md").read_text(encoding="utf-8")]
    modules = {m for t in texts for m in re.findall(r"python\S* -m (analysis(?:\.\w+)*)", t)}
    assert "analysis.clean.sources" in modules
    def exists(module: str) -> bool:
        try:
            return importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:  # its parent package is missing
            return False

    assert sorted(m for m in modules if not exists(m)) == []


def test_a_document_removed_with_its_rows_leaves_the_collection_building(workspace):
    """Issue 20: a document added and removed again, through the tables an analyst edits: the README's example
    added then removed gives back the projects the collection had, and removing a peer's only document removes
    its projects and nothing else."""
    raw = workspace / "data" / "raw"
    before = build(workspace, raw)["projects.csv"]["project_id"].tolist()
    add_readme_example(workspace)
    assert "przykladowo-razem-ku-aktywnosci" in build(workspace, raw)["projects.csv"]["project_id"].tolist()
    _remove_source(workspace, "przykladowo-razem")
    assert build(workspace, raw)["projects.csv"]["project_id"].tolist() == before

    # a peer document that is the only source of its projects (chosen from the data, whatever the collection)
    projects = pd.read_csv(raw / "projects.csv", dtype=str, keep_default_na=False)
    figures = pd.read_csv(raw / "figures.csv", dtype=str, keep_default_na=False)
    sources_of = figures.groupby("project_id")["source_id"].agg(set)
    alone = [s for s in projects["source_id"].unique()
             if (mine := set(projects.loc[projects["source_id"] == s, "project_id"]))
             and all(sources_of.get(p, {s}) == {s} for p in mine)
             and not set(figures.loc[figures["source_id"] == s, "project_id"]) - mine
             and not projects["parent_id"].isin(mine).any()]
    assert alone, "no document is the only source of its projects"
    sid = alone[-1]
    gone = set(projects.loc[projects["source_id"] == sid, "project_id"])
    _remove_source(workspace, sid)
    after = build(workspace, raw)["projects.csv"]["project_id"].tolist()
    assert after == [p for p in before if p not in gone]


def _remove_source(ws: Path, sid: str) -> None:
    """Every row of one document out of the raw tables, and its stored text, as an analyst would remove it."""
    raw = ws / "data" / "raw"
    projects = pd.read_csv(raw / "projects.csv", dtype=str, keep_default_na=False)
    pids = set(projects.loc[projects["source_id"] == sid, "project_id"])
    for table, keep in (("sources.csv", lambda t: t["source_id"] != sid),
                        ("projects.csv", lambda t: ~t["project_id"].isin(pids)),
                        ("figures.csv", lambda t: t["source_id"] != sid),
                        ("not_figures.csv", lambda t: t["source_id"] != sid),
                        ("known_discrepancies.csv", lambda t: t["source_id"] != sid)):
        t = pd.read_csv(raw / table, dtype=str, keep_default_na=False)
        t[keep(t)].to_csv(raw / table, index=False, lineterminator="\n")
    (ws / "data" / "sources" / f"{sid}.txt").unlink()
