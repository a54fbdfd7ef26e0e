"""Fidelity of data/raw/: every text stored as registered, every quote verbatim in its document, every value in its
quote, every digit accounted for. The rules are the functions `make data` and `python -m analysis.clean.sources
check` run (one place for each rule); these tests run them on the committed data."""

from __future__ import annotations

import re
import shutil
from types import SimpleNamespace

import pandas as pd
import pytest

from analysis.clean import checks, documents, pipeline, sources
from analysis.core.errors import DataError
from analysis.paths import SOURCES_DIR


@pytest.fixture(scope="module")
def texts(raw_tables) -> dict[str, str]:
    """The documents' texts from data/sources/, each checked against the sha256 registered in sources.csv."""
    found, problems = documents.document_problems(raw_tables["sources.csv"], SOURCES_DIR)
    assert not problems, "\n".join(map(str, problems))
    return found


def test_every_registered_document_is_stored_with_its_checksum(raw_tables, texts):
    ids = list(raw_tables["sources.csv"].frame["source_id"])
    assert sorted(texts) == sorted(ids)
    for sid, sha in zip(ids, raw_tables["sources.csv"].frame["sha256"]):
        path = documents.text_path(SOURCES_DIR, sid)
        assert path.name == f"{sid}.txt"  # the naming rule
        assert documents.sha256_of(path.read_bytes()) == sha


NO_LICENCE_NOTE_START = "No licence or terms of reuse are stated"


def test_every_document_has_its_provenance_record(raw_tables, processed):
    """OWID-style provenance per document: what the document states about reuse, the checksum of the stored text
    and, where its address is known, when it was read there; the processed sources table carries all of it."""
    from analysis.core.vocabulary import LICENCE_PATTERN, NO_LICENCE_NOTE, NO_LICENCE_STATED

    raw = raw_tables["sources.csv"].frame.set_index("source_id")
    assert raw["licence"].str.fullmatch(LICENCE_PATTERN).all()
    assert (raw["licence_note"].str.len() > 40).all()  # a sentence, not a placeholder
    # none of the five documents prints terms of reuse (read whole; the slide deck ends on its host's page chrome)
    first_five = ["knurow-projekty", "knurow-cwis-podsumowanie", "slaskie-wlacz-sie", "dabrowa-integra",
                  "wiecbork-kis-prezentacja"]
    assert set(raw.loc[first_five, "licence"]) == {NO_LICENCE_STATED}
    # a document that states none says so in its note, as the default note of `sources add` does
    unstated = raw["licence"] == NO_LICENCE_STATED
    assert raw.loc[unstated, "licence_note"].str.startswith(NO_LICENCE_NOTE_START).all()
    assert NO_LICENCE_NOTE.startswith(NO_LICENCE_NOTE_START)
    # an address is dated by when the text was read there, or the notes say how it was found
    dated = (raw["url"] == "") | (raw["accessed"] != "") | raw["notes"].str.contains("Address identified on")
    assert dated.all()
    out = processed["sources.csv"].set_index("source_id")
    for sid in raw.index:
        stored = documents.text_path(SOURCES_DIR, sid).read_bytes()
        assert out.at[sid, "sha256"] == documents.sha256_of(stored)
        assert (out.at[sid, "licence"], out.at[sid, "licence_note"]) == (raw.at[sid, "licence"],
                                                                         raw.at[sid, "licence_note"])


def test_names_shown_in_polish_reports_carry_no_english(raw_tables):
    """Publisher and title are shown as printed in both languages' reports; an English gloss belongs in notes
    (a Polish report once read 'Fundusze Europejskie dla Śląskiego (regional EU funds portal)')."""
    # words that are English only ('portal' is a Polish word too: a local news portal's name is not a gloss)
    english = re.compile(r"\b(?:the|of|and|for|regional|funds?|page|slide|deck|summary)\b", re.IGNORECASE)
    src = raw_tables["sources.csv"].frame
    polish = src[src["language"] == "pl"]
    for column in ("publisher", "title"):
        glossed = polish.loc[polish[column].str.contains(english), column].tolist()
        assert glossed == [], f"English in {column}: {glossed}"


def test_every_quote_occurs_verbatim_in_its_document(raw_tables, texts):
    problems = documents.quote_problems(raw_tables, texts)
    assert not problems, "quotes not found verbatim:\n" + "\n".join(map(str, problems))


def test_values_and_periods_as_printed_occur_in_their_quote(raw_tables):
    problems = checks.row_problems(raw_tables)
    assert not problems, "\n".join(map(str, problems))


def test_no_personal_data_in_raw_tables(raw_tables):
    """Names, e-mails and phone numbers are not figures: only roles and counts are recorded."""
    text = "\n".join(t.frame.to_csv() for t in raw_tables.values() if t.name != "not_figures.csv")
    assert not re.search(r"[\w.]+@[\w.]+\.\w+", text), "an e-mail address"
    for surname in ("Szmaglinska", "Mueller", "Stasiak", "Puchowska", "Malczewski", "Pankau", "Kliszewska",
                    "Bańbor", "Twardawa", "Kołodziejak", "Kasprzyk"):
        assert surname not in text


def test_uncovered_digits_finds_what_no_quote_covers():
    text = "Wartość 1 200 zł, tel. 32 111 22 33, rok 2020."
    found = documents.uncovered_digits(text, ["Wartość 1 200 zł", "rok 2020"])
    assert [d for _, d in found] == ["32", "111", "22", "33"]
    assert documents.uncovered_digits(text, [text]) == []


def _quoted(quotes: list[str], source_id: str = "doc") -> SimpleNamespace:
    """A quoted raw table as the coverage reads it: its source_id and quote columns."""
    return SimpleNamespace(frame=pd.DataFrame({"source_id": [source_id] * len(quotes), "quote": quotes}))


def test_an_exclusion_covers_its_digits_only_with_its_context():
    """An exclusion names the printed token with the words around it, and covers the digits of each occurrence of
    that quote; a bare digit has no context and covers nothing (ten rows '0' … '9' covered every digit)."""
    text = "Kontakt: tel. 32 111 22 33\nSlajd\n7\nWartość 1 200 zł, nr 10."

    def uncovered(*exclusions: str) -> list[str]:
        tables = {"figures.csv": _quoted(["Wartość 1 200 zł"]), "not_figures.csv": _quoted(list(exclusions))}
        return [u.digits for u in documents.coverage({"doc": text}, tables)]

    assert uncovered("Kontakt: tel. 32 111 22 33", "Slajd\n7", "nr 10") == []
    assert uncovered(*"0123456789") == ["32", "111", "22", "33", "7", "10"]
    assert uncovered("Kontakt: tel. 32 111 22 33", "Slajd\n7", "nr 1") == ["10"]  # a run is covered only whole


def test_every_digit_of_every_document_is_transcribed_or_excluded(raw_tables, texts):
    """Completeness: each number printed in a document lies inside the quote of a figure, of a project, or of a
    recorded exclusion (phone numbers, slide numbers, list numbering, legal references)."""
    report = documents.coverage(texts, raw_tables)
    assert not report, "numbers in the documents not transcribed nor excluded:\n" + "\n".join(map(str, report))


def test_completeness_lists_the_figures_of_each_document(raw_tables):
    """Lists, per document, the figures transcribed (visible with `pytest -s`), and checks that each of these
    documents gave figures of the kinds it contains (documents added later are not listed here)."""
    f = raw_tables["figures.csv"].frame
    per_doc = f.groupby("source_id")["measure"].value_counts().unstack(fill_value=0)
    for sid, g in f.groupby("source_id"):
        print(f"\n{sid}: {len(g)} figures")
        for r in g.itertuples():
            print(f"  {r.figure_id:32} {r.project_id:34} {r.measure:34} {r.value_as_printed}")
    expected_kinds = {
        "knurow-projekty": ["funding_total", "funding_eu", "funding_own", "participants_total", "start_date"],
        "knurow-cwis-podsumowanie": ["funding_total", "funding_eu", "funding_state_subsidy", "funding_own",
                                     "participants_total", "service_reach", "submeasure_code"],
        "slaskie-wlacz-sie": ["funding_total", "funding_eu", "participants_total", "outcome_completed_goals",
                              "outcome_employed", "outcome_qualification", "outcome_job_search"],
        "dabrowa-integra": ["funding_total", "participants_total", "period", "staff"],
        "wiecbork-kis-prezentacja": ["funding_total", "funding_pfron", "funding_ministry_grant",
                                     "funding_foundation_grant", "unemployment_rate", "service_hours",
                                     "participants_total", "recipients", "funding_food_aid_value"],
    }
    for sid, kinds in expected_kinds.items():
        assert all(per_doc.loc[sid, k] > 0 for k in kinds), sid
    # the 19 services of the Knurów centre, each with its reach
    reach = f[(f["source_id"] == "knurow-cwis-podsumowanie") & (f["measure"] == "service_reach")]
    assert sorted(int(i[:2]) for i in reach["item"]) == list(range(1, 20))


def test_scrambled_pfron_table_reads_back_to_its_totals(raw_tables):
    """Slide 25 of the Więcbork deck: '19.060,00 31.880,00RAZEM:' are the totals of the five tasks' rows."""
    from analysis.clean.parsing import Where, parse_quantities
    f = raw_tables["figures.csv"].frame
    scr = f[f["transcription"] == "read_from_scrambled_table"]
    g = parse_quantities(scr["value_as_printed"], "money", Where("figures.csv", "value_as_printed"))["value"]
    tasks = scr["project_id"] != "wiecbork-pfron-2007"
    by = pd.DataFrame({"measure": scr["measure"], "task": tasks, "grosze": g})
    sums = by[by["task"]].groupby("measure")["grosze"].sum()
    stated = by[~by["task"]].set_index("measure")["grosze"]
    assert sums["funding_total"] == stated["funding_total"] == 3_188_000
    assert sums["funding_pfron"] == stated["funding_pfron"] == 1_906_000


# --- the same rules stop `make data`, with file and line ----------------------------------------------------------
@pytest.fixture
def copy(tmp_path):
    """A copy of data/raw and data/sources, side by side as make data expects them."""
    shutil.copytree(pipeline.RAW_DIR, tmp_path / "raw")
    shutil.copytree(SOURCES_DIR, tmp_path / "sources")
    return tmp_path


def _line_of(path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line)


def _make_data(copy, capsys) -> str:
    code = pipeline.main(["--raw", str(copy / "raw"), "--out", str(copy / "out")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    return err


def test_a_missing_text_is_named_not_a_crash(copy, capsys):
    (copy / "sources" / "dabrowa-integra.txt").unlink()
    err = _make_data(copy, capsys)
    line = _line_of(copy / "raw" / "sources.csv", "dabrowa-integra,")
    assert f"sources.csv:{line} column 'source_id': found 'dabrowa-integra'" in err
    assert "dabrowa-integra.txt" in err and "python -m analysis.clean.sources add" in err


def test_a_changed_text_fails_its_checksum(copy, capsys):
    path = copy / "sources" / "slaskie-wlacz-sie.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nDopisek.\n", encoding="utf-8")
    err = _make_data(copy, capsys)
    line = _line_of(copy / "raw" / "sources.csv", "slaskie-wlacz-sie,")
    assert f"sources.csv:{line} column 'sha256'" in err and documents.sha256_of(path.read_bytes()) in err


def test_a_quote_not_in_its_document_stops_make_data(copy, capsys):
    fig = copy / "raw" / "figures.csv"
    text = fig.read_text(encoding="utf-8")
    assert text.count("W projekcie udział wzięło 839 mieszkańców Katowic") == 1
    fig.write_text(text.replace("W projekcie udział wzięło 839 mieszkańców Katowic",
                                "W projekcie udział wzięło 839 mieszkańców  Katowic"), encoding="utf-8")
    err = _make_data(copy, capsys)
    line = _line_of(fig, "839 mieszkańców  Katowic")
    assert f"figures.csv:{line} column 'quote'" in err and "occur verbatim in data/sources/slaskie-wlacz-sie.txt" in err


@pytest.mark.parametrize("name", ["figures.csv", "projects.csv", "not_figures.csv"])
def test_a_quote_with_a_leading_space_stops_make_data(copy, capsys, name):
    """Was `assert np.False_` in a test; now make data names the file, line, column and value."""
    path = copy / "raw" / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    # the last data line whose quote is a plain (unquoted) cell, with a space put before it
    quote_at = header.index("quote")
    for i in range(len(lines) - 1, 0, -1):
        cells = lines[i].rstrip("\n").split(",")
        if '"' not in lines[i] and len(cells) == len(header):
            cells[quote_at] = '" ' + cells[quote_at] + '"'
            lines[i] = ",".join(cells) + "\n"
            break
    path.write_text("".join(lines), encoding="utf-8")
    err = _make_data(copy, capsys)
    assert f"{name}:{i + 1} column 'quote'" in err and "no spaces at the start or end" in err


def test_a_value_not_in_its_quote_stops_make_data(copy, capsys):
    fig = copy / "raw" / "figures.csv"
    text = fig.read_text(encoding="utf-8")
    needle = "slaskie-wlacz-sie,katowice-wlacz-sie,participants_total,,,839,"
    assert text.count(needle) == 1
    fig.write_text(text.replace(needle, needle.replace(",839,", ",893,")), encoding="utf-8")
    err = _make_data(copy, capsys)
    line = _line_of(fig, needle.replace(",839,", ",893,"))
    assert f"figures.csv:{line} column 'value_as_printed': found '893' — expected text that occurs in the row's quote" \
        in err


def test_the_sources_check_command_reports_a_document(copy, capsys):
    path = copy / "raw" / "not_figures.csv"
    rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    sid = rows[1].split(",", 1)[0]  # a document with exclusions (phones, addresses)
    code = sources.main(["--raw", str(copy / "raw"), "check", sid])
    out = capsys.readouterr().out
    assert code == 0 and "0 problem(s), 0 digit run(s)" in out
    path.write_text("".join(r for r in rows if not r.startswith(f"{sid},")), encoding="utf-8")  # drop them
    code = sources.main(["--raw", str(copy / "raw"), "check", sid])
    out = capsys.readouterr().out
    assert code == 1 and f"data/sources/{sid}.txt:" in out and "not_figures.csv" in out


def test_ten_one_digit_exclusions_do_not_excuse_a_document(copy, capsys):
    """Issue 22 (8): with its exclusions replaced by ten rows '0' … '9', a document passed the check (every digit
    lay inside an occurrence of some exclusion's quote). Now each row is refused, naming its line and what a good
    row holds, by `make data` and by `sources check`, and the digits it hid are listed again."""
    path = copy / "raw" / "not_figures.csv"
    rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    sid = "knurow-projekty"
    kept = [r for r in rows if not r.startswith(f"{sid},")]
    assert len(kept) < len(rows)
    path.write_text("".join(kept) + "".join(f"{sid},{d},slide number\n" for d in "0123456789"), encoding="utf-8")
    refused = [f"not_figures.csv:{len(kept) + 1 + d} column 'quote': found '{d}' — expected the printed token with "
               "the words around it" for d in range(10)]
    code = sources.main(["--raw", str(copy / "raw"), "check", sid])
    out = capsys.readouterr().out
    assert code == 1 and all(r in out for r in refused), out
    assert "e.g. the row 'przykladowo-razem,Kontakt: tel. 32 000 00 00,contact: phone number'" in out
    # the phone numbers the ten rows hid (knurow-projekty prints 'lub pod nr telefonu: 32 233 79 83')
    assert f"data/sources/{sid}.txt:" in out and "'233' in" in out and "0 digit run(s)" not in out
    err = _make_data(copy, capsys)
    assert all(r in err for r in refused), err


def test_load_raw_with_documents_raises_data_error_not_file_not_found(copy):
    (copy / "sources" / "knurow-projekty.txt").unlink()
    with pytest.raises(DataError, match="knurow-projekty.txt"):
        pipeline.load_raw(copy / "raw", copy / "sources")
