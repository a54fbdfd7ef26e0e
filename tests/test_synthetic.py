"""The synthetic raw data generator: its output passes the pipeline, recomputes independently, is reproducible."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

import pandas as pd
import pytest

from analysis.clean import pipeline
from analysis.core.dictionary import FIGURE_ID_PATTERN, ID_PATTERN
from analysis.dev import synthetic

N = 300


def _digest(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.csv"))}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic") / "raw"
    info = synthetic.generate(N, seed=12345, out_dir=out)
    return out, info


@pytest.fixture(scope="module")
def built(generated):
    raw = pipeline.load_raw(generated[0])  # validates every raw table and the references between them
    return raw, pipeline.build(raw)  # raises DataError on any parse problem or failed domain check


def _grosze(printed: str) -> int:
    """Independent reading of the generator's amounts: digits before the decimal comma, grosze after it."""
    text = printed.replace("zł", "").strip()
    whole, _, frac = text.partition(",")
    return int(re.sub(r"\D", "", whole)) * 100 + (int(frac) if frac else 0)


def test_folder_is_complete(generated):
    out, info = generated
    assert sorted(p.name for p in out.glob("*.csv")) == sorted(
        ["sources.csv", "projects.csv", "figures.csv", "not_figures.csv", "programmes.csv", "cpi_pl_annual.csv",
         "known_discrepancies.csv", "rules.csv"])
    assert info["n_projects"] == N and 5 * N <= info["n_figures"] <= 9 * N
    figs = pd.read_csv(out / "figures.csv", dtype="str", keep_default_na=False)
    assert figs["figure_id"].str.match(FIGURE_ID_PATTERN).all()
    assert figs["project_id"].str.match(ID_PATTERN).all()
    assert all(v in q for v, q in zip(figs["value_as_printed"], figs["quote"]))  # verbatim in the quote
    assert (figs["transcription"] == "as_printed").all()
    money = figs.loc[figs["unit"] == "pln", "value_as_printed"]
    assert money.str.contains("\u00a0").any() and money.str.contains(r"\d\.\d{3},\d\d zł").any()
    assert money.str.fullmatch(r"[\d.]+ zł").any()  # '40.800 zł'
    people = figs.loc[figs["measure"] == "participants_total", "value_as_printed"]
    assert people.str.startswith("min. ").any() and people.str.startswith("około ").any()
    assert people.str.fullmatch(r"\d+-\d+").any()


def test_pipeline_accepts_it_and_recomputes(generated, built):
    out, _ = generated
    _, processed = built
    proj = processed.tables["projects.csv"].set_index("project_id")
    assert len(proj) == N
    assert (processed.check_results["result"] != "fail").all()
    assert (proj["eu_share"].dropna() <= 0.85).all()

    figs = pd.read_csv(out / "figures.csv", dtype="str", keep_default_na=False)
    wide = figs.pivot(index="project_id", columns="measure", values="value_as_printed")
    # rows with an EU amount and an exact participant count: recompute share and cost independently
    candidates = wide[wide["funding_eu"].notna() & wide["participants_total"].str.fullmatch(r"\d+")]
    assert len(candidates) >= 5
    for pid, row in candidates.head(8).iterrows():
        total, eu, people = _grosze(row["funding_total"]), _grosze(row["funding_eu"]), int(row["participants_total"])
        assert int(proj.at[pid, "total_value_grosze"]) == total
        assert int(proj.at[pid, "eu_cofinancing_grosze"]) == eu
        assert 100 * eu <= 85 * total
        assert proj.at[pid, "eu_share"] == pytest.approx(eu / total, abs=1e-12)
        cost = (Decimal(total) / Decimal(people)).quantize(Decimal(1), rounding="ROUND_HALF_UP")
        assert int(proj.at[pid, "cost_per_participant_grosze"]) == int(cost)
        assert proj.at[pid, "participants"] == people
    # full splits add up to the total to the grosz
    split = wide[wide["funding_own"].notna()]
    assert len(split) > 0
    for pid, row in split.head(5).iterrows():
        parts = [row[m] for m in ("funding_eu", "funding_state_subsidy", "funding_pfron", "funding_ministry_grant",
                                  "funding_own") if m in row.index and pd.notna(row[m])]
        assert sum(_grosze(p) for p in parts) == _grosze(row["funding_total"])
        assert int(proj.at[pid, "own_contribution_grosze"]) == _grosze(row["funding_own"])
    # women and men add up to the exact total where printed
    both = wide[wide["participants_women"].notna()]
    for pid, row in both.head(5).iterrows():
        assert int(row["participants_women"]) + int(row["participants_men"]) == int(row["participants_total"])
        assert proj.at[pid, "women_share"] == pytest.approx(
            round(int(row["participants_women"]) / int(row["participants_total"]), 6))
    # dates: end after start, within 2007-2021
    assert (proj["end_date"] > proj["start_date"]).all()
    assert proj["start_date"].dt.year.min() >= 2007 and proj["end_date"].dt.year.max() <= 2021


def test_csv_writer_matches_pandas(tmp_path):
    df = synthetic.build_tables(50, seed=3)["projects.csv"].copy()
    df.loc[1, "note"] = 'a "quoted", note\nover two lines'
    synthetic.write_csv(df, tmp_path / "a.csv", chunk_rows=7)
    df.to_csv(tmp_path / "b.csv", index=False, lineterminator="\n")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_same_seed_same_bytes_other_seed_differs(generated, tmp_path):
    out, _ = generated
    synthetic.generate(N, seed=12345, out_dir=tmp_path / "again")
    synthetic.generate(N, seed=54321, out_dir=tmp_path / "other")
    first, again, other = _digest(out), _digest(tmp_path / "again"), _digest(tmp_path / "other")
    assert first == again
    assert first["figures.csv"] != other["figures.csv"] and first["projects.csv"] != other["projects.csv"]
    assert first["programmes.csv"] == other["programmes.csv"]  # copied, not generated
