"""Fidelity of data/raw/: every quote verbatim in its document, every value in its quote, every digit accounted for."""

from __future__ import annotations

import re

import pandas as pd
import pytest

QUOTED = ("figures.csv", "projects.csv", "not_figures.csv", "known_discrepancies.csv")
VALUE_IN_QUOTE = ("as_printed", "read_from_scrambled_table", "named_without_amount")


def test_every_quote_occurs_verbatim_in_its_document(raw_tables, seeds):
    missing = []
    for name in QUOTED:
        t = raw_tables[name]
        for line, sid, quote in zip(t.lines, t.frame["source_id"], t.frame["quote"]):
            if quote not in seeds[sid]:
                missing.append(f"{name}:{line} ({sid}): {quote!r}")
    assert not missing, "quotes not found verbatim:\n" + "\n".join(missing)


def test_values_as_printed_occur_in_their_quote(raw_tables):
    t = raw_tables["figures.csv"]
    f = t.frame
    checked = f["transcription"].isin(VALUE_IN_QUOTE)
    bad = [f"figures.csv:{line}: {v!r} not in {q!r}" for line, v, q, c in
           zip(t.lines, f["value_as_printed"], f["quote"], checked) if c and v not in q]
    assert checked.sum() > 150 and not bad, "\n".join(bad)


def test_periods_as_printed_occur_in_their_quote(raw_tables):
    f = raw_tables["figures.csv"].frame
    has = f["period_as_printed"] != ""
    assert all(p in q for p, q in zip(f.loc[has, "period_as_printed"], f.loc[has, "quote"]))


def test_no_personal_data_in_raw_tables(raw_tables):
    """Names, e-mails and phone numbers are not figures: only roles and counts are recorded."""
    text = "\n".join(t.frame.to_csv() for t in raw_tables.values() if t.name != "not_figures.csv")
    assert not re.search(r"[\w.]+@[\w.]+\.\w+", text), "an e-mail address"
    for surname in ("Szmaglinska", "Mueller", "Stasiak", "Puchowska", "Malczewski", "Pankau", "Kliszewska",
                    "Bańbor", "Twardawa", "Kołodziejak", "Kasprzyk"):
        assert surname not in text


def covered_digits(text: str, quotes: list[str]) -> list[tuple[int, str]]:
    """Digit runs of ``text`` that no quote covers: (position, digits)."""
    covered = bytearray(len(text))
    for q in quotes:
        for m in re.finditer(re.escape(q), text):
            covered[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return [(m.start(), m.group()) for m in re.finditer(r"\d+", text) if not all(covered[m.start():m.end()])]


def test_every_digit_of_every_document_is_transcribed_or_excluded(raw_tables, seeds):
    """Completeness: each number printed in a document lies inside the quote of a figure, of a project, or of a
    recorded exclusion (phone numbers, slide numbers, list numbering, legal references)."""
    quotes: dict[str, list[str]] = {}
    for name in QUOTED:
        f = raw_tables[name].frame
        for sid, q in zip(f["source_id"], f["quote"]):
            quotes.setdefault(sid, []).append(q)
    report = []
    for sid, text in seeds.items():
        for pos, digits in covered_digits(text, quotes.get(sid, [])):
            report.append(f"{sid} at {pos}: {digits!r} in …{text[max(0, pos - 30):pos + 30]!r}…")
    assert not report, "numbers in the documents not transcribed nor excluded:\n" + "\n".join(report)


def test_completeness_lists_the_figures_of_each_document(raw_tables):
    """Lists, per document, the figures transcribed (visible with `pytest -s`), and checks every document gave
    figures of the kinds it contains."""
    f = raw_tables["figures.csv"].frame
    per_doc = f.groupby("source_id")["measure"].value_counts().unstack(fill_value=0)
    for sid, g in f.groupby("source_id"):
        print(f"\n{sid}: {len(g)} figures")
        for r in g.itertuples():
            print(f"  {r.figure_id:32} {r.project_id:34} {r.measure:34} {r.value_as_printed}")
    expected_kinds = {
        "knurow-projekty": ["funding_total", "funding_eu", "funding_own", "participants_total", "start_date"],
        "knurow-cwis-podsumowanie": ["funding_total", "funding_eu", "funding_state_subsidy", "funding_own",
                                     "participants_total", "service_reach", "submeasure_code"],
        "slaskie-wlacz-sie": ["funding_total", "funding_eu", "participants_total", "outcome_completed",
                              "outcome_employed", "outcome_qualification", "outcome_job_search"],
        "dabrowa-integra": ["funding_total", "participants_total", "period", "staff"],
        "wiecbork-kis-prezentacja": ["funding_total", "funding_pfron", "funding_ministry_grant",
                                     "funding_foundation_grant", "unemployment_rate", "service_hours",
                                     "participants_total", "recipients", "funding_food_aid_value"],
    }
    for sid, kinds in expected_kinds.items():
        assert all(per_doc.loc[sid, k] > 0 for k in kinds), sid
    # the 19 services of the Knurów centre, each with its reach
    reach = f[(f["source_id"] == "knurow-cwis-podsumowanie") & (f["measure"] == "service_reach")]
    assert sorted(int(i[:2]) for i in reach["item"]) == list(range(1, 20))


@pytest.mark.parametrize("name", QUOTED)
def test_quotes_hold_no_leading_or_trailing_space(raw_tables, name):
    q = raw_tables[name].frame["quote"]
    assert (q == q.str.strip()).all()


def test_scrambled_pfron_table_reads_back_to_its_totals(raw_tables):
    """Slide 25 of the Więcbork deck: '19.060,00 31.880,00RAZEM:' are the totals of the five tasks' rows."""
    from analysis.clean.parsing import Where, parse_quantities
    f = raw_tables["figures.csv"].frame
    scr = f[f["transcription"] == "read_from_scrambled_table"]
    g = parse_quantities(scr["value_as_printed"], "money", Where("figures.csv", "value_as_printed"))["value"]
    tasks = scr["project_id"] != "wiecbork-pfron-2007"
    by = pd.DataFrame({"measure": scr["measure"], "task": tasks, "grosze": g})
    sums = by[by["task"]].groupby("measure")["grosze"].sum()
    stated = by[~by["task"]].set_index("measure")["grosze"]
    assert sums["funding_total"] == stated["funding_total"] == 3_188_000
    assert sums["funding_pfron"] == stated["funding_pfron"] == 1_906_000
