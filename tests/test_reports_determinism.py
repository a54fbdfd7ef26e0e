"""The same inputs give the same report, byte for byte (with SOURCE_DATE_EPOCH set, the timestamp too)."""

from __future__ import annotations

import pytest

from analysis.build import reports


@pytest.mark.slow
def test_a_real_report_built_twice_is_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    [spec] = [s for s in reports.expand(reports_dir=tmp_path / "a") if s.name == "overview"]
    [spec2] = [s for s in reports.expand(reports_dir=tmp_path / "b") if s.name == "overview"]
    first = reports.run(spec, reports_dir=tmp_path / "a")
    second = reports.run(spec2, reports_dir=tmp_path / "b")
    assert spec.output.read_bytes() == spec2.output.read_bytes()
    assert first["generated_at"] == second["generated_at"] == "2023-11-14T22:13:20Z"
    index_a = reports.write_index([first], tmp_path / "a").read_bytes()
    index_b = reports.write_index([second], tmp_path / "b").read_bytes()
    assert index_a == index_b
