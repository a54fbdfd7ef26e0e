"""Incremental builds on the real notebooks and data: a one-figure fix rebuilds only the reports that show it,
a profile reads nothing but its own project's rows, and reports built in any order are byte-identical.

The data are built by the pipeline from a temporary copy of data/raw into temporary folders, so the tests never
touch data/processed/ or reports/ of the checkout.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from analysis.clean import pipeline
from analysis.paths import RAW_DIR, REPORTS_CONFIG, ROOT
from analysis.publish import driver, fingerprint
from analysis.publish.config import expand

GLOBAL_REPORTS = {"overview", "pl/overview", "comparisons", "pl/comparisons"}


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _standalone_projects(processed: Path) -> list[str]:
    """Projects that are nobody's parent or child: their slice is their own rows only."""
    rows = _rows(processed / "projects.csv")
    tables = fingerprint.read_tables(processed)
    return [r["project_id"] for r in rows if fingerprint.related_projects(tables, r["project_id"]) == [r["project_id"]]]


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("incremental")
    shutil.copytree(RAW_DIR, root / "raw")
    sources = ROOT / "data" / "sources"
    if sources.is_dir():  # documents kept beside the raw tables, read by make data's checks
        shutil.copytree(sources, root / "sources")
    pipeline.run(root / "raw", root / "processed")
    return root


def _stale(specs, reports_dir: Path, processed: Path) -> dict[str, str]:
    return {p.spec.name: p.fingerprint for p in driver.plan(specs, reports_dir, processed)}


def test_one_figure_changed_rebuilds_its_project_profiles_and_the_comparisons_only(data: Path, tmp_path) -> None:
    """Change one printed service reach (a figure of one project) and re-run the pipeline."""
    specs = expand(REPORTS_CONFIG, data / "processed" / "projects.csv", reports_dir=tmp_path / "reports")
    before = _stale(specs, tmp_path / "reports", data / "processed")

    standalone = set(_standalone_projects(data / "processed"))
    figures = _rows(data / "raw" / "figures.csv")
    target = next(f for f in figures if f["measure"] == "service_reach" and f["value_as_printed"].isdigit()
                  and f["project_id"] in standalone)
    changed_raw = tmp_path / "raw"
    shutil.copytree(data / "raw", changed_raw)
    # the new value no longer occurs in the quote: recorded as a reading, as make data requires
    target_id, target_value = target["figure_id"], str(int(target["value_as_printed"]) + 1)
    for f in figures:
        if f["figure_id"] == target_id:
            f.update(value_as_printed=target_value, transcription="interpreted", note="edited by a test")
    _write_rows(changed_raw / "figures.csv", figures)
    if (data / "sources").is_dir():
        shutil.copytree(data / "sources", tmp_path / "sources")
    pipeline.run(changed_raw, tmp_path / "processed")
    after = _stale(specs, tmp_path / "reports", tmp_path / "processed")

    rebuilt = {name for name in before if before[name] != after[name]}
    pid = target["project_id"]
    assert rebuilt == GLOBAL_REPORTS | {f"projects/{pid}", f"pl/projects/{pid}"}


def test_parent_and_children_belong_to_a_profile_slice(data: Path) -> None:
    tables = fingerprint.read_tables(data / "processed")
    phases = [r for r in _rows(data / "processed" / "projects.csv") if r["level"] == "phase"]
    if not phases:
        pytest.skip("no phases in the data")
    phase = phases[0]
    assert phase["group_id"] in fingerprint.related_projects(tables, phase["project_id"])
    assert phase["project_id"] in fingerprint.related_projects(tables, phase["group_id"])


def _build(specs, reports_dir: Path, processed: Path, jobs: int = 1) -> dict[str, bytes]:
    result = driver.build(specs, reports_dir=reports_dir, processed_dir=processed, raw_dir=RAW_DIR, jobs=jobs,
                          progress=False)
    assert not result.failed, result.failed
    return {s.name: s.output.read_bytes() for s in specs}


@pytest.mark.slow
def test_a_profile_reads_only_its_own_project(data: Path, tmp_path) -> None:
    """Another project's row changes: the profile's fingerprint stays, and so do the bytes of a rebuilt profile."""
    processed = data / "processed"
    standalone = _standalone_projects(processed)
    me, other = standalone[0], standalone[-1]
    specs = [s for s in expand(REPORTS_CONFIG, processed / "projects.csv", reports_dir=tmp_path / "a")
             if s.name == f"projects/{me}"]
    first = _build(specs, tmp_path / "a", processed)

    changed = tmp_path / "processed"
    shutil.copytree(processed, changed)
    rows = _rows(changed / "projects.csv")
    for row in rows:
        if row["project_id"] == other:  # a different title and total for another project
            row["title"] = row["title"] + " (zmieniony)"
            row["total_value_pln"] = "1.00"
    _write_rows(changed / "projects.csv", rows)
    sources = _rows(changed / "sources.csv")  # and a document that is not the profile's
    _write_rows(changed / "sources.csv", sources + [{**sources[-1], "source_id": "inny-dokument",
                                                     "title": "Inny dokument", "publisher": "Inny ośrodek"}])
    specs_b = [s for s in expand(REPORTS_CONFIG, changed / "projects.csv", reports_dir=tmp_path / "b")
               if s.name == f"projects/{me}"]
    assert _stale(specs, tmp_path / "a", processed) == _stale(specs_b, tmp_path / "b", changed)
    second = _build(specs_b, tmp_path / "b", changed)
    assert first == second


@pytest.mark.slow
def test_reports_built_in_another_order_are_byte_identical(data: Path, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    processed = data / "processed"
    standalone = _standalone_projects(processed)
    wanted = ["overview", f"pl/projects/{standalone[0]}", f"projects/{standalone[-1]}"]

    def specs(out: Path):
        listed = expand(REPORTS_CONFIG, processed / "projects.csv", reports_dir=out)
        return [s for s in listed if s.name in wanted]

    forward = _build(specs(tmp_path / "a"), tmp_path / "a", processed)
    backward = _build(list(reversed(specs(tmp_path / "b"))), tmp_path / "b", processed)
    assert forward == backward


def _code_digests(specs) -> dict[str, dict[str, str]]:
    return {str(s.notebook): fingerprint.files_digest(fingerprint.code_files(s.notebook)) for s in specs}


def test_editing_the_cleaning_code_changes_no_report_fingerprint(data: Path, tmp_path, monkeypatch) -> None:
    """A comment added to clean/parsing.py (the pipeline's parser) changes the code of no report: the report stage
    imports only core/ and paths, so its fingerprints do not follow the cleaning stage. A comment in core/ does
    change them (the check is not vacuous)."""
    package = tmp_path / "analysis"
    shutil.copytree(fingerprint.PACKAGE_DIR, package)
    monkeypatch.setattr(fingerprint, "PACKAGE_DIR", package)
    specs = {s.notebook: s for s in expand(REPORTS_CONFIG, data / "processed" / "projects.csv")}.values()
    before = _code_digests(specs)
    assert all(before.values())
    with (package / "clean" / "parsing.py").open("a", encoding="utf-8") as fh:
        fh.write("\n# a comment that changes nothing a report shows\n")
    assert _code_digests(specs) == before
    with (package / "core" / "bounds.py").open("a", encoding="utf-8") as fh:
        fh.write("\n# a comment in the shared arithmetic\n")
    assert _code_digests(specs) != before
