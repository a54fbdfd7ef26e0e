"""Shared fixtures: project paths, the source documents (when present) and the pipeline built once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analysis.clean import pipeline

ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = ROOT / "data" / "raw"
SEEDS_DIR = Path(os.environ.get("ANALYSIS_SEEDS_DIR", ROOT.parent / "shared" / "seeds"))


@pytest.fixture(scope="session")
def raw_tables():
    return pipeline.load_raw(RAW_DIR)


@pytest.fixture(scope="session")
def processed(raw_tables):
    """The processed tables built in memory from the committed raw tables."""
    return pipeline.build(raw_tables).tables


@pytest.fixture(scope="session")
def seeds():
    """Text of each source document by source_id; skips when shared/seeds/ is not beside the checkout."""
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"source documents not found in {SEEDS_DIR} (set ANALYSIS_SEEDS_DIR); quotes cannot be "
                    "checked against them here")
    sources = pipeline.load_raw(RAW_DIR)["sources.csv"].frame
    return {sid: (SEEDS_DIR / f).read_text(encoding="utf-8") for sid, f in zip(sources["source_id"],
                                                                                sources["seed_file"])}


@pytest.fixture(scope="session")
def published_reports():
    """``reports/`` brought up to date by the build itself (a no-op right after ``make reports``), so tests that
    only inspect reports share the built files instead of executing the notebooks again. Returns the folder and
    the list of reports. The build runs as its own process, as ``make reports`` does (it runs an event loop of
    its own, which must not meet the browser tests' one)."""
    import subprocess
    import sys

    from analysis.build.config import expand
    from analysis.paths import REPORTS_DIR

    done = subprocess.run([sys.executable, "-m", "analysis.build.reports", "build"], cwd=ROOT, capture_output=True,
                          text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-4000:]
    return REPORTS_DIR, expand(reports_dir=REPORTS_DIR)
