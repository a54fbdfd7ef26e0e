"""Issue 22, 6: a raw table saved as ISO-8859-2 (Latin-2) was read as Windows-1250 and published "GUS, Roczne
wskaĽniki cen" and "O¶rodek". The two code pages put ą, ś, ź, Ą, Ś, Ź at different bytes; where nothing in the file
tells which one it is, reading stops at the first such character."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.clean import pipeline, rawio
from analysis.core.errors import DataError

# the letters that are other signs in the other code page (ą is 0xB9 in Windows-1250, 0xB1 in Latin-2)
LETTERS_AT_OTHER_BYTES = "ąśźĄŚŹ"


def _read(path: Path, content: bytes, columns: list[str]) -> rawio.RawTable:
    path.write_bytes(content)
    return rawio.read_raw(path, columns)


def test_a_latin2_file_stops_at_its_first_letter_that_windows_1250_reads_otherwise(tmp_path):
    text = "name,publisher\nfirst,Łódzki urząd\nsecond,\"GUS, Roczne wskaźniki cen\"\n"
    with pytest.raises(DataError) as err:
        _read(tmp_path / "t.csv", text.encode("iso8859_2"), ["name", "publisher"])
    [problem] = err.value.problems
    assert (problem.table, problem.line, problem.column) == ("t.csv", 2, "publisher")  # the ą of 'urząd'
    message = str(problem)
    for words in ("character 17 of the line", "byte 0xB1", "'ą' in ISO-8859-2 (Latin-2)", "'±' in Windows-1250",
                  "save it as 'CSV UTF-8'"):
        assert words in message, words


def test_the_committed_sources_table_saved_as_latin2_stops_make_data(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(pipeline.RAW_DIR, raw)
    # Latin-2 has no dashes, curly quotes or ellipsis: what an editor saving in it writes instead
    latin2_only = str.maketrans({"–": "-", "„": "'", "”": "'", "“": "'", "…": "..."})
    text = (raw / "sources.csv").read_text(encoding="utf-8").translate(latin2_only)
    (raw / "sources.csv").write_bytes(text.encode("iso8859_2"))
    first = next(i for i, line in enumerate(text.split("\n"), 1) if any(c in line for c in LETTERS_AT_OTHER_BYTES))
    out = tmp_path / "out"
    assert pipeline.main(["--raw", str(raw), "--out", str(out)]) == 1
    printed = capsys.readouterr().err
    assert f"sources.csv:{first} column '" in printed
    assert "ISO-8859-2 (Latin-2)" in printed and "Windows-1250" in printed and "Traceback" not in printed
    assert not out.exists()


def test_a_windows_1250_file_is_read_when_it_shows_it(tmp_path):
    """Polish Excel's "CSV": a byte only Windows-1250 writes as text (here ś, 0x9C) settles it."""
    text = "name,publisher\nfirst,Ośrodek Pomocy Społecznej w Bądkowie\n"
    table = _read(tmp_path / "t.csv", text.encode("cp1250"), ["name", "publisher"])
    assert table.encoding == "windows-1250"
    assert table.frame["publisher"].tolist() == ["Ośrodek Pomocy Społecznej w Bądkowie"]


def test_a_windows_1250_file_with_only_bytes_common_to_both_is_read(tmp_path):
    text = "name,publisher\nfirst,Łódka ółę\n"
    assert text.encode("cp1250") == text.encode("iso8859_2")
    table = _read(tmp_path / "t.csv", text.encode("cp1250"), ["name", "publisher"])
    assert table.frame["publisher"].tolist() == ["Łódka ółę"]


def test_the_committed_sources_table_saved_as_windows_1250_builds(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(pipeline.RAW_DIR, raw)
    text = (raw / "sources.csv").read_text(encoding="utf-8")
    (raw / "sources.csv").write_bytes(text.encode("cp1250"))
    table = rawio.read_raw(raw / "sources.csv", list(pipeline.RAW["sources.csv"].names))
    assert table.encoding == "windows-1250"
    utf8 = rawio.read_raw(pipeline.RAW_DIR / "sources.csv", list(pipeline.RAW["sources.csv"].names))
    assert table.frame.equals(utf8.frame)
