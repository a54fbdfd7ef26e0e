"""Issue 13, data side: data/processed/ changes as a whole (manifest, no leftovers), spreadsheet formulas never get
in, every problem of every stage in one run, disk full, the user's umask, Unicode NFC. Each test fails on the code
before the issue."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from analysis.clean import manifest, pipeline, rawio
from analysis.core.errors import DataError
from analysis.paths import SOURCES_DIR


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    shutil.copytree(pipeline.RAW_DIR, tmp_path / "raw")
    shutil.copytree(SOURCES_DIR, tmp_path / "sources")
    return tmp_path / "raw"


@pytest.fixture
def built(raw: Path) -> Path:
    out = raw.parent / "out"
    pipeline.run(raw, out, sources_dir=raw.parent / "sources")
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# --- 3: temporary files, the manifest, clean --------------------------------------------------------------------------
def test_a_complete_run_writes_a_manifest_that_verifies(built):
    assert (built / pipeline.MANIFEST).is_file()
    assert pipeline.verify_manifest(built) == []


def test_leftover_temporary_files_are_removed_at_the_start_of_a_run(raw, built):
    leftover = built / ".figures.csv.k3j2h1.tmp"
    leftover.write_text("half a table", encoding="utf-8")
    assert any("temporary file" in p for p in pipeline.verify_manifest(built))
    pipeline.run(raw, built)
    assert not leftover.exists() and pipeline.verify_manifest(built) == []


def test_a_missing_or_changed_table_is_reported(built):
    (built / "cpi.csv").unlink()
    with (built / "figures.csv").open("a", encoding="utf-8") as fh:
        fh.write("half,a,row\n")
    problems = pipeline.verify_manifest(built)
    assert any("cpi.csv is missing" in p for p in problems)
    assert any("figures.csv is not the table the last run wrote" in p for p in problems)
    assert pipeline.main(["--verify", "--out", str(built)]) == 1
    assert manifest.main([str(built)]) == 1  # the light check a Makefile can run on every make (no pandas)


def test_a_run_killed_between_two_renames_leaves_a_set_marked_not_built(raw, built, monkeypatch):
    """The manifest is removed before the first rename and written last: a partial set is never taken as built."""
    replace_in(raw / "cpi_pl_annual.csv", "2006,101.0,", "2006,101.1,")  # changes cpi.csv and projects.csv
    real_replace, calls = os.replace, []

    def replace_then_die(src, dst):
        if calls:
            raise KeyboardInterrupt  # the second rename never happens
        calls.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(rawio.os, "replace", replace_then_die)
    with pytest.raises(KeyboardInterrupt):
        pipeline.run(raw, built)
    monkeypatch.undo()
    assert calls and not list(built.glob(".*.tmp"))
    assert pipeline.verify_manifest(built) == [f"{built.as_posix()}/{pipeline.MANIFEST} is missing: the processed "
                                               "tables were not built completely (run make data)"]
    pipeline.run(raw, built)
    assert pipeline.verify_manifest(built) == []


def test_clean_removes_every_output(built):
    (built / ".projects.csv.x.tmp").write_text("", encoding="utf-8")
    pipeline.main(["--clean", "--out", str(built)])
    assert list(built.iterdir()) == []


# --- 8: spreadsheet formula injection -----------------------------------------------------------------------------
@pytest.mark.parametrize("column, old, new", [
    ("quote", ",W projekcie udział wzięło 839 mieszkańców Katowic,",
     ",\"=HYPERLINK(\"\"http://example.com\"\",\"\"click\"\")\","),
    ("item", ",outcome_employed,,", ",outcome_employed,+cmd|' /C calc'!A0,"),
    ("note", "The whole macro-region model", "@SUM(1+1) The whole macro-region model"),
    ("note", "The whole macro-region model of the partnership, not MOPS Knurów's part.", "-"),
])
def test_a_cell_starting_like_a_formula_is_rejected_with_its_line(raw, column, old, new, capsys):
    fig = raw / "figures.csv"
    line = next(i for i, t in enumerate(fig.read_text(encoding="utf-8").splitlines(), 1) if old in t)
    replace_in(fig, old, new)
    assert pipeline.main(["--raw", str(raw), "--out", str(raw.parent / "out")]) == 1
    err = capsys.readouterr().err
    assert f"figures.csv:{line} column '{column}'" in err and "runs such a cell as a formula" in err


def test_processed_csv_text_cells_are_neutralised():
    """Defence in depth for CSVs people open: a text cell that starts like a formula is written as text."""
    spec = pipeline.PROCESSED["sources.csv"]
    row = {c: "x" for c in spec.names} | {"figures_count": 1, "title": "=1+1", "publisher": "-2", "url": pd.NA}
    df = pipeline.conform(pd.DataFrame([row]), "sources.csv")
    text = pipeline.to_csv_text(df, "sources.csv")
    assert ",'=1+1," in text and ",'-2," in text


# --- 9: every problem of every stage in one run -------------------------------------------------------------------
def test_a_cpi_error_is_not_hidden_by_a_figures_error(raw):
    replace_in(raw / "cpi_pl_annual.csv", "2006,101.0,", "2006,1O1.0,")  # a letter O
    replace_in(raw / "figures.csv", "4 800 000,00 zł", "4 800 OOO,00 zł")
    with pytest.raises(DataError) as err:
        pipeline.run(raw, raw.parent / "out")
    message = str(err.value)
    assert "cpi_pl_annual.csv:3" in message and "1O1.0" in message and "4 800 OOO,00 zł" in message


def test_a_schema_error_does_not_hide_a_parse_error_of_another_table(raw):
    replace_in(raw / "projects.csv", ",operator_part,ongoing,", ",operator_part,ongoin,")
    replace_in(raw / "cpi_pl_annual.csv", "2006,101.0,", "2006,1O1.0,")
    with pytest.raises(DataError) as err:
        pipeline.run(raw, raw.parent / "out")
    assert "ongoin" in str(err.value) and "1O1.0" in str(err.value)


def test_a_quote_problem_does_not_hide_a_domain_check(raw):
    fig = raw / "figures.csv"
    replace_in(fig, '"34 060,05 zł"', '"34 160,05 zł"')  # wkład własny of knurow-cwis: parts no longer add up
    with pytest.raises(DataError) as err:
        pipeline.run(raw, raw.parent / "out", sources_dir=raw.parent / "sources")
    message = str(err.value)
    assert "34 160,05 zł" in message and "rule 'funding parts add up to the total' fails for knurow-cwis" in message


# --- 10: disk full ------------------------------------------------------------------------------------------------
def test_disk_full_names_the_file_keeps_the_outputs_and_leaves_no_temp_file(raw, built, monkeypatch, capsys):
    replace_in(raw / "cpi_pl_annual.csv", "2006,101.0,", "2006,101.1,")
    before = snapshot(built)
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(rawio.os, "fdopen", lambda fd, *a, **k: Full(real_fdopen(fd, *a, **k)))
    code = pipeline.main(["--raw", str(raw), "--out", str(built)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "No space left on device" in err and f"could not write {built}/" in err
    assert "previous outputs are intact" in err
    assert snapshot(built) == before  # no temporary file, nothing replaced


# --- 11: permissions follow the umask -----------------------------------------------------------------------------
@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_processed_files_follow_the_umask(raw, umask, mode):
    out = raw.parent / "out"
    old = os.umask(umask)
    try:
        pipeline.run(raw, out)
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()}
    assert set(modes.values()) == {mode}, modes


# --- 12: Unicode NFC ----------------------------------------------------------------------------------------------
def test_decomposed_text_reads_as_composed(raw, built):
    """A programme name and a title typed in NFD build the very same tables as the NFC originals."""
    fig, proj = raw / "figures.csv", raw / "projects.csv"
    nfd = unicodedata.normalize("NFD", "Programu Operacyjnego Wiedza Edukacja Rozwój 2014-2020")
    replace_in(fig, "Programu Operacyjnego Wiedza Edukacja Rozwój 2014-2020",
               nfd, count=-1)
    replace_in(proj, "Nowy start w lepszą przyszłość", unicodedata.normalize("NFD", "Nowy start w lepszą przyszłość"),
               count=-1)
    assert nfd in fig.read_text(encoding="utf-8")
    out = raw.parent / "nfd"
    pipeline.run(raw, out, sources_dir=raw.parent / "sources")
    tables = {name: table for name, table in snapshot(out).items() if name != pipeline.MANIFEST}
    assert tables == {name: table for name, table in snapshot(built).items() if name != pipeline.MANIFEST}


def test_an_e_mail_address_in_a_raw_table_stops_make_data(raw, capsys):
    """Formerly only a test (test_no_personal_data_in_raw_tables); now make data names the cell."""
    fig = raw / "figures.csv"
    old = "The whole macro-region model of the partnership"
    line = next(i for i, t in enumerate(fig.read_text(encoding="utf-8").splitlines(), 1) if old in t)
    replace_in(fig, old, "Contact jan.kowalski@mops.example.pl. " + old)
    assert pipeline.main(["--raw", str(raw), "--out", str(raw.parent / "out")]) == 1
    err = capsys.readouterr().err
    assert f"figures.csv:{line} column 'note'" in err and "no e-mail address" in err
