"""The data dictionary is the one place describing columns: the docs are rendered from it and stay current."""

from pathlib import Path

from analysis.core import dictionary, vocabulary

ROOT = Path(__file__).resolve().parents[1]


def test_rendered_data_dictionary_is_current():
    assert (ROOT / "docs" / "data_dictionary.md").read_text(encoding="utf-8") == dictionary.render_markdown(), (
        "docs/data_dictionary.md is stale: run `make docs`")


def test_every_processed_table_is_documented_and_built(processed):
    assert set(processed) == set(dictionary.PROCESSED)
    for name, df in processed.items():
        # the pipeline's frames carry money as integer grosze under ..._grosze names
        assert list(df.columns) == dictionary.PROCESSED[name].memory_names


def test_money_is_named_pln_in_files_and_grosze_in_the_pipeline():
    for t in dictionary.TABLES.values():
        for c in t.columns:
            money = c.dtype == "pln"
            assert c.name.endswith("_pln") == money, f"{t.name}: {c.name}"
            assert dictionary.memory_name(c).endswith("_grosze") == money, f"{t.name}: {c.name}"
            assert money or dictionary.memory_name(c) == c.name


def test_written_headers_are_the_dictionary_names(processed):
    from analysis.clean import pipeline

    for name, df in processed.items():
        header = pipeline.to_csv_text(df, name).split("\n", 1)[0]
        assert header.split(",") == dictionary.PROCESSED[name].names


def test_bounds_have_one_naming():
    """A bound of X is X_lower / X_upper, before the unit suffix; no table has a bare 'lower' or 'upper'."""
    for t in dictionary.TABLES.values():
        for n in t.names:
            assert n not in {"lower", "upper"}, t.name
            for side in ("_lower", "_upper"):
                if side in n:
                    assert n.endswith((side, side + "_pln")), f"{t.name}: {n}"
                    quantity = n.removesuffix("_pln").removesuffix(side)
                    assert quantity and not quantity.endswith(("_pln", "_lower", "_upper")), f"{t.name}: {n}"


def test_every_column_has_a_description_and_known_dtype():
    for t in dictionary.TABLES.values():
        for c in t.columns:
            assert c.description and c.dtype in {"str", "id", "int", "float", "pln", "share", "date", "bool"}


def test_required_columns_of_the_issue_are_present():
    names = dictionary.PROCESSED["projects.csv"].names
    for c in ["project_id", "title", "operator", "municipality", "programme", "start_date", "end_date", "status",
              "total_value_pln", "eu_cofinancing_pln", "participants", "participants_lower", "participants_upper",
              "participants_qualifier", "cost_per_participant_pln", "eu_share", "cost_per_participant_lower_pln",
              "cost_per_participant_upper_pln", "price_year", "price_base_year", "total_value_real_pln",
              "cost_per_participant_real_pln"]:
        assert c in names, c


def test_every_outcome_with_an_esf_code_uses_a_known_code():
    for m in vocabulary.MEASURES.values():
        assert not m.esf_indicator or m.esf_indicator in vocabulary.ESF_INDICATORS
