"""The Makefile and the code agree where make cannot ask the code (make reads no Python)."""

from __future__ import annotations

import re
import subprocess

from analysis.core.dictionary import PROCESSED
from analysis.paths import ROOT


def test_the_makefile_lists_the_processed_tables_of_the_data_dictionary() -> None:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    names = re.search(r"^PROCESSED_NAMES := (.*)$", text, re.M)
    assert names, "Makefile has no PROCESSED_NAMES line"
    assert sorted(f"{n}.csv" for n in names.group(1).split()) == sorted(PROCESSED)


def test_make_help_lists_every_documented_target() -> None:
    done = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0
    for target in ("data", "reports", "test", "test-quick", "lint", "clean"):
        assert re.search(rf"^  make {re.escape(target)}\s", done.stdout, re.M), target


def _tree(tmp_path):
    """A copy of what make reads for `make data` and `make clean`, with data built and nothing out of date."""
    import os
    import shutil
    import time

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
    outputs = [tmp_path / ".venv" / ".installed", processed / ".base-year", processed / ".manifest.json",
               *(processed / name for name in PROCESSED), processed / ".built"]
    earlier = time.time() - 600  # every input older than every output
    for path in tmp_path.rglob("*"):
        os.utime(path, (earlier, earlier))
    for i, path in enumerate(outputs):
        if not path.exists():
            path.write_text("\n", encoding="utf-8")
        os.utime(path, (earlier + 60 + i, earlier + 60 + i))
    (processed / ".base-year").write_text("\n", encoding="utf-8")  # as make writes it for an empty BASE_YEAR
    os.utime(processed / ".base-year", (earlier + 30, earlier + 30))
    return processed


def _runs_pipeline(tmp_path) -> bool:
    """Whether `make data` runs the pipeline: PY is a stand-in that only records its arguments."""
    fake = tmp_path / "fake-python"
    fake.write_text('#!/bin/sh\necho "$@" >> "$(dirname "$0")/ran"\n', encoding="utf-8")
    fake.chmod(0o755)
    (tmp_path / "ran").unlink(missing_ok=True)
    done = _make(tmp_path, "data", f"PY={fake}")
    assert done.returncode == 0, done.stderr
    ran = tmp_path / "ran"
    return ran.exists() and "analysis.clean.pipeline" in ran.read_text(encoding="utf-8")


def _make(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=tmp_path, capture_output=True, text=True)


def test_make_data_rebuilds_a_deleted_table_or_a_half_written_set(tmp_path) -> None:
    processed = _tree(tmp_path)
    assert not _runs_pipeline(tmp_path), "a complete set is up to date"
    (processed / "cpi.csv").unlink()
    assert _runs_pipeline(tmp_path), "a deleted table must make the data out of date"
    (processed / "cpi.csv").write_text("\n", encoding="utf-8")
    (processed / ".manifest.json").unlink()  # the pipeline deletes it before its first rename
    assert _runs_pipeline(tmp_path), "a set without its manifest is not built"


def test_make_clean_removes_everything_generated_and_keeps_what_is_committed(tmp_path) -> None:
    processed = _tree(tmp_path)
    (processed / ".projects.csv.x1.tmp").write_text("half", encoding="utf-8")
    build = tmp_path / "reports" / "_build" / "work" / "analysis-kernel-x"
    build.mkdir(parents=True)
    (build / "connection.json").write_text("{}", encoding="utf-8")
    (tmp_path / "reports" / "overview.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "reports" / ".gitkeep").write_text("", encoding="utf-8")
    assert _make(tmp_path, "clean").returncode == 0
    assert sorted(p.name for p in processed.iterdir()) == [".gitkeep", "README.md"]
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [".gitkeep"]
