"""Where things live: the one place that knows the repository's layout.

Every default path of the pipeline, the report layer and the build comes from here, resolved from this file's
location (``src/analysis/paths.py``), so commands work from any working directory.

``ANALYSIS_PROCESSED_DIR`` in the environment points the report layer at another folder of processed tables: the
build sets it for the kernels when it is given ``--processed-dir``, so the notebooks read the data the build's
fingerprints were computed from.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW_DIR = ROOT / "data" / "raw"
SOURCES_DIR = ROOT / "data" / "sources"  # the documents' texts, one <source_id>.txt each
PROCESSED_DIR = Path(os.environ.get("ANALYSIS_PROCESSED_DIR") or ROOT / "data" / "processed")
NOTEBOOKS_DIR = ROOT / "notebooks"
REPORTS_DIR = ROOT / "reports"
REPORTS_CONFIG = NOTEBOOKS_DIR / "reports.yml"
COLOPHON_FILE = NOTEBOOKS_DIR / "colophon.yml"  # publisher, contact, licences: the words around every report
DOCS_DIR = ROOT / "docs"
LOCK_FILE = ROOT / "requirements.lock"  # the pinned packages: an input of the tables and of the reports


def shown(path: Path) -> str:
    """A path as the user thinks of it: relative to the repository where it is inside it, else as given."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()
