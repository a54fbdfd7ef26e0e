"""Where things live: the one place that knows the repository's layout.

Every default path of the pipeline, the report layer and the build comes from here, resolved from this file's
location (``src/analysis/paths.py``), so commands work from any working directory.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW_DIR = ROOT / "data" / "raw"
PROCESSED_DIR = ROOT / "data" / "processed"
NOTEBOOKS_DIR = ROOT / "notebooks"
REPORTS_DIR = ROOT / "reports"
REPORTS_CONFIG = NOTEBOOKS_DIR / "reports.yml"
BUILD_DIR = REPORTS_DIR / "_build"
DOCS_DIR = ROOT / "docs"
