"""Shared fixtures: project paths, the pipeline built once, and the published reports kept up to date."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.clean import pipeline
from analysis.paths import SOURCES_DIR

ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = ROOT / "data" / "raw"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh copy of data/raw and data/sources (data/processed is built into ``out``): a test adds documents
    there as an analyst would, and the real data/raw is never modified."""
    data = tmp_path / "data"
    shutil.copytree(pipeline.RAW_DIR, data / "raw")
    shutil.copytree(SOURCES_DIR, data / "sources")
    return tmp_path


@pytest.fixture(scope="session")
def raw_tables():
    return pipeline.load_raw(RAW_DIR)


@pytest.fixture(scope="session")
def processed(raw_tables):
    """The processed tables built in memory from the committed raw tables."""
    return pipeline.build(raw_tables).tables


@pytest.fixture(scope="session")
def published_reports():
    """``reports/`` brought up to date by the build itself (a no-op right after ``make reports``), so tests that
    only inspect reports share the built files instead of executing the notebooks again. Returns the folder and
    the list of reports. The build runs as its own process, as ``make reports`` does (it runs an event loop of
    its own, which must not meet the browser tests' one)."""
    import subprocess
    import sys

    from analysis.paths import REPORTS_DIR
    from analysis.publish.config import expand

    done = subprocess.run([sys.executable, "-m", "analysis.publish", "build"], cwd=ROOT, capture_output=True,
                          text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-4000:]
    return REPORTS_DIR, expand(reports_dir=REPORTS_DIR)


# the projects of the five seed documents: tests whose expected values are quoted from those documents select them,
# so that a peer document added to the collection never changes what they assert
SEED_PROJECT_PREFIXES = ("knurow-", "katowice-", "dabrowa-", "wiecbork-")


@pytest.fixture(scope="session")
def of_seed_documents():
    def select(projects):
        return projects[projects["project_id"].str.startswith(SEED_PROJECT_PREFIXES)]
    return select
