"""Issue 22, 3 and 4: whether data/processed/ is current is decided by content (the sha256 of every input and table
in its manifest), never by modification times. The Makefile side (a raw edit with an old date, a table edited by
hand, through `make data`) is in tests/test_makefile.py."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.clean import make_data, manifest, pipeline
from analysis.paths import SOURCES_DIR


@pytest.fixture(scope="module")
def first_build(tmp_path_factory) -> Path:
    """data/raw and data/sources copied and built once (by make data's entry point, as `make data` runs it)."""
    data = tmp_path_factory.mktemp("make-data") / "data"
    shutil.copytree(pipeline.RAW_DIR, data / "raw")
    shutil.copytree(SOURCES_DIR, data / "sources")
    assert make_data.main(_args(data)) == 0
    return data


@pytest.fixture
def data(first_build: Path, tmp_path: Path) -> Path:
    """A copy of the first build for one test to change."""
    shutil.copytree(first_build, tmp_path / "data")
    return tmp_path / "data"


def _args(data: Path, *more: str) -> list[str]:
    return ["--raw", str(data / "raw"), "--sources", str(data / "sources"), "--out", str(data / "processed"), *more]


def _reasons(data: Path, base_year: int | None = None) -> list[str]:
    return manifest.stale_reasons(data / "processed", data / "raw", data / "sources", base_year)


def test_the_manifest_records_every_input_and_a_run_leaves_nothing_stale(data):
    recorded = json.loads((data / "processed" / manifest.MANIFEST).read_text(encoding="utf-8"))["inputs"]
    for key in ("raw/projects.csv", "sources/knurow-cwis-podsumowanie.txt", "code/clean/pipeline.py",
                "requirements.lock"):
        assert key in recorded, key
    assert recorded[manifest.BASE_YEAR] == ""
    assert _reasons(data) == []


def test_an_up_to_date_set_is_told_without_pandas(data):
    """The no-op of `make data` runs on every `make reports` and `make test`: it must not import pandas (a second)."""
    code = ("import sys; from analysis.clean import make_data; rc = make_data.main(sys.argv[1:]); "
            "print('pandas' in sys.modules); sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code, *_args(data)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].endswith("processed/ is up to date")
    assert done.stdout.splitlines()[-1] == "False"


def test_a_raw_edit_is_stale_whatever_its_date(data):
    raw = data / "raw" / "cpi_pl_annual.csv"
    stamp = raw.stat()
    raw.write_text(raw.read_text(encoding="utf-8").replace("2006,101.0,", "2006,101.1,"), encoding="utf-8")
    import os

    os.utime(raw, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # as cp -p would leave it
    assert [r for r in _reasons(data) if r.endswith("raw/cpi_pl_annual.csv changed")]


def test_a_new_document_a_changed_base_year_and_a_table_edited_by_hand_are_stale(data):
    (data / "sources" / "new-document.txt").write_text("Wartość projektu: 1 000,00 zł\n", encoding="utf-8")
    assert [r for r in _reasons(data) if r.endswith("sources/new-document.txt is new")]
    (data / "sources" / "new-document.txt").unlink()
    assert _reasons(data, 2021) == ["the base year asked for changed (from the default to 2021)"]
    table = data / "processed" / "projects.csv"
    table.write_text(table.read_text(encoding="utf-8").replace(",839,839,839,", ",900,900,900,"), encoding="utf-8")
    assert _reasons(data) == [f"{(data / 'processed').as_posix()}/projects.csv is not the table the last run "
                              "wrote (changed or half written)"]


def test_make_data_rebuilds_a_table_edited_by_hand_and_says_which(data, capsys):
    table = data / "processed" / "projects.csv"
    built = table.read_text(encoding="utf-8")
    table.write_text(built.replace(",839,839,839,", ",900,900,900,"), encoding="utf-8")
    capsys.readouterr()
    assert make_data.main(_args(data)) == 0
    printed = capsys.readouterr()
    assert "make data: rebuilding" in printed.err and "projects.csv is not the table the last run wrote" in printed.err
    assert table.read_text(encoding="utf-8") == built
    assert make_data.main(_args(data)) == 0
    assert capsys.readouterr().out.strip().endswith("processed/ is up to date")


def test_a_manifest_without_its_inputs_is_stale(data):
    """A set built before the manifest recorded its inputs is rebuilt once."""
    path = data / "processed" / manifest.MANIFEST
    path.write_text(json.dumps({"tables": json.loads(path.read_text(encoding="utf-8"))["tables"]}), encoding="utf-8")
    assert _reasons(data) == [f"{(data / 'processed').as_posix()}/{manifest.MANIFEST} does not record the inputs "
                              "of its run"]


@pytest.mark.parametrize("year", ["21", "2021; touch x", "+2021", "2_021"])
def test_a_base_year_that_is_not_four_digits_is_refused(data, year, capsys):
    with pytest.raises(SystemExit) as stop:
        make_data.main(_args(data, "--base-year", year))
    assert stop.value.code == 2
    assert "expected a year of four digits" in capsys.readouterr().err
