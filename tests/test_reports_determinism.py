"""The same inputs give the same report, byte for byte (with SOURCE_DATE_EPOCH set, the timestamp too)."""

from __future__ import annotations

import pytest

from analysis.paths import PROCESSED_DIR
from analysis.publish import driver
from analysis.publish.config import expand
from analysis.publish.index import write_index


@pytest.mark.slow
def test_a_real_report_built_twice_is_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    [spec] = [s for s in expand(reports_dir=tmp_path / "a") if s.name == "overview"]
    [spec2] = [s for s in expand(reports_dir=tmp_path / "b") if s.name == "overview"]
    first = driver.run_one(spec, reports_dir=tmp_path / "a", processed_dir=PROCESSED_DIR)
    second = driver.run_one(spec2, reports_dir=tmp_path / "b", processed_dir=PROCESSED_DIR)
    assert spec.output.read_bytes() == spec2.output.read_bytes()
    assert first["generated_at"] == second["generated_at"] == "2023-11-14T22:13:20Z"
    assert first["fingerprint"] == second["fingerprint"]
    index_a = write_index([first], tmp_path / "a").read_bytes()
    index_b = write_index([second], tmp_path / "b").read_bytes()
    assert index_a == index_b
