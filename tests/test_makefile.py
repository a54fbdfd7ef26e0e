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
