"""The Makefile and the code agree where make cannot ask the code (make reads no Python)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from analysis.paths import ROOT


def test_make_help_lists_every_documented_target() -> None:
    done = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0
    for target in ("data", "reports", "test", "test-quick", "lint", "clean"):
        assert re.search(rf"^  make {re.escape(target)}\s", done.stdout, re.M), target


def _tree(tmp_path, *, built: bool = False):
    """A copy of what make reads for `make data` and `make clean`, with .venv set up; ``built``: data/processed/
    built for real by `make data` (the Makefile names its folders relative to itself, so a copy builds its own)."""
    import os
    import shutil

    for rel in ("Makefile", "pyproject.toml", "requirements.lock"):
        shutil.copy(ROOT / rel, tmp_path / rel)
    for rel in ("data/raw", "data/sources", "src/analysis"):
        shutil.copytree(ROOT / rel, tmp_path / rel)
    processed = tmp_path / "data" / "processed"
    processed.mkdir()
    (tmp_path / "reports").mkdir()
    (tmp_path / ".venv").mkdir()
    (processed / "README.md").write_text("kept\n", encoding="utf-8")
    (processed / ".gitkeep").write_text("", encoding="utf-8")
    installed = tmp_path / ".venv" / ".installed"
    installed.write_text("", encoding="utf-8")
    later = max(p.stat().st_mtime for p in tmp_path.iterdir() if p.is_file()) + 60
    os.utime(installed, (later, later))  # set up after the lock file: make does not try to install
    if built:
        done = _make(tmp_path, "data")
        assert done.returncode == 0, done.stderr
    return processed


def _make(tmp_path, *args: str) -> subprocess.CompletedProcess:
    """`make ARGS` in the copy, with this environment's Python."""
    return subprocess.run(["make", "--no-print-directory", f"PY={sys.executable}", *args], cwd=tmp_path,
                          capture_output=True, text=True)


def _with_old_date(path) -> None:
    """What `cp -p` of an old file or `touch -d 2000-01-01` leaves: a modification time older than every output."""
    import os

    old = 946_684_800  # 2000-01-01
    os.utime(path, (old, old))


def test_make_data_always_asks_the_cleaning_stage_with_the_folders_of_the_makefile(tmp_path) -> None:
    """The decision is by content, in Python: make runs it even when every output is newer than every input."""
    _tree(tmp_path)
    fake = tmp_path / "fake-python"
    fake.write_text('#!/bin/sh\necho "$@" >> "$(dirname "$0")/ran"\n', encoding="utf-8")
    fake.chmod(0o755)
    for _ in range(2):
        done = subprocess.run(["make", "--no-print-directory", "data", f"PY={fake}"], cwd=tmp_path,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "ran").read_text(encoding="utf-8").splitlines() == [
        "-m analysis.clean.make_data --raw data/raw --sources data/sources --out data/processed "
        "--reports-dir reports"] * 2


def test_a_raw_edit_with_an_old_date_is_built_and_a_table_edited_by_hand_is_rebuilt(tmp_path) -> None:
    """Issue 22, 3 and 4: modification times decide nothing. A raw table edited and given an old date is built; a
    processed table edited by hand (839 participants made 900) is rebuilt, and make data says which one."""
    processed = _tree(tmp_path, built=True)
    done = _make(tmp_path, "data")
    assert done.returncode == 0 and done.stdout.strip() == "data/processed/ is up to date", done.stderr

    raw = tmp_path / "data" / "raw" / "projects.csv"
    raw.write_text(raw.read_text(encoding="utf-8").replace("Cooperations 3D – a multi", "Cooperation 3D – a multi"),
                   encoding="utf-8")
    _with_old_date(raw)
    done = _make(tmp_path, "data")
    assert done.returncode == 0, done.stderr
    assert "data/raw/projects.csv changed" in done.stderr
    assert "Cooperation 3D – a multi" in (processed / "projects.csv").read_text(encoding="utf-8")

    table = processed / "projects.csv"
    built = table.read_text(encoding="utf-8")
    assert "'W projekcie udział wzięło 839 mieszkańców'" in built  # the quote of katowice-wlacz-sie's count
    table.write_text(built.replace(",839,839,839,exact,", ",900,900,900,exact,"), encoding="utf-8")
    _with_old_date(table)
    done = _make(tmp_path, "data")
    assert done.returncode == 0, done.stderr
    assert "data/processed/projects.csv is not the table the last run wrote" in done.stderr
    assert table.read_text(encoding="utf-8") == built


def test_a_deleted_table_or_a_set_without_its_manifest_is_rebuilt(tmp_path) -> None:
    processed = _tree(tmp_path, built=True)
    (processed / "cpi.csv").unlink()
    done = _make(tmp_path, "data")
    assert done.returncode == 0 and "data/processed/cpi.csv is missing" in done.stderr, done.stderr
    assert (processed / "cpi.csv").is_file()
    (processed / ".manifest.json").unlink()  # the pipeline deletes it before its first rename
    done = _make(tmp_path, "data")
    assert done.returncode == 0 and ".manifest.json is missing" in done.stderr, done.stderr
    assert (processed / ".manifest.json").is_file()


@pytest.mark.parametrize("year", ["2021; touch hacked", "21", "20211", "20 21", "x'; touch hacked; '",
                                  "$(shell touch hacked)"])
def test_a_base_year_that_is_not_four_digits_stops_make_before_any_shell_sees_it(tmp_path, year) -> None:
    """Issue 22, 13: BASE_YEAR reached the shell unquoted (`make data BASE_YEAR='2021; touch /tmp/x'`)."""
    _tree(tmp_path)
    done = _make(tmp_path, "data", f"BASE_YEAR={year}")
    assert done.returncode != 0
    assert "BASE_YEAR must be a year of four digits, e.g. BASE_YEAR=2021" in done.stderr
    assert not (tmp_path / "hacked").exists()
    assert not (tmp_path / "data" / "processed" / ".manifest.json").exists(), "nothing was built"


def test_a_base_year_of_four_digits_is_passed_quoted(tmp_path) -> None:
    _tree(tmp_path)
    done = subprocess.run(["make", "--no-print-directory", "-n", "data", "BASE_YEAR=2021"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "--base-year '2021'" in done.stdout


def test_make_clean_removes_everything_generated_and_keeps_what_is_committed(tmp_path) -> None:
    processed = _tree(tmp_path)
    for name in (".manifest.json", "projects.csv"):
        (processed / name).write_text("\n", encoding="utf-8")
    (processed / ".projects.csv.x1.tmp").write_text("half", encoding="utf-8")
    build = tmp_path / "reports" / "_build" / "work" / "analysis-kernel-x"
    build.mkdir(parents=True)
    (build / "connection.json").write_text("{}", encoding="utf-8")
    (tmp_path / "reports" / "overview.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "reports" / ".gitkeep").write_text("", encoding="utf-8")
    done = _make(tmp_path, "clean")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in processed.iterdir()) == [".gitkeep", "README.md"]
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [".gitkeep"]


def test_make_clean_during_a_build_refuses_and_deletes_nothing(tmp_path) -> None:
    """Issue 22, 11: `make clean` during a build deleted its files under it. It takes the build's lock: held here,
    as a running build holds it, clean refuses, names the build's process, and leaves every file."""
    import os

    from analysis.publish.outputs import build_lock

    processed = _tree(tmp_path)
    (processed / "projects.csv").write_text("\n", encoding="utf-8")
    (tmp_path / "reports" / "overview.html").write_text("<html></html>", encoding="utf-8")
    before = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "data").rglob("*"))
    with build_lock(tmp_path / "reports"):
        done = _make(tmp_path, "clean")
    assert done.returncode != 0
    assert f"a build is running (pid {os.getpid()})" in done.stderr and "nothing was removed" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "data").rglob("*")) == before
    assert (tmp_path / "reports" / "overview.html").is_file()
