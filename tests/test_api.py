"""The analyst's API (``import analysis as an``): the answers to the questions an analyst asked, recomputed from the
documents' own figures, and the promises of the API (typed tables loaded once, bounds carried, three-valued
comparisons, any working directory)."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pandas as pd
import pytest

import analysis as an
from analysis.clean.prices import load_cpi
from analysis.core.dictionary import PROCESSED
from analysis.paths import PROCESSED_DIR, RAW_DIR

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cpi() -> pd.Series:
    """GUS annual CPI (previous year = 100) by year, as transcribed in data/raw/cpi_pl_annual.csv."""
    table = load_cpi(RAW_DIR / "cpi_pl_annual.csv")
    return table.set_index("year")["cpi_prev_year_100"] / 100


def in_prices_of(amount: float, year: int, base: int, cpi: pd.Series) -> float:
    """An amount of ``year`` in prices of a later ``base`` year: times every yearly index after ``year``."""
    return amount * math.prod(cpi[y] for y in range(year + 1, base + 1))


# --- question 1: EU money per participant in 2021 prices -------------------------------------------------------

# MOPS Katowice 'Włącz się!' (slaskie-wlacz-sie): 'Dofinansowanie projektu z UE: 4 080 000,00 zł'; 'W projekcie
# udział wzięło 839 mieszkańców Katowic'; 'Od maja 2015 r.' (no end date printed).
KATOWICE_EU_PLN, KATOWICE_PEOPLE = 4_080_000.00, 839


def katowice_price_years(last_day: pd.Timestamp) -> range:
    """The years the mid-point of Katowice's period can lie in: it started in May 2015 ('Od maja 2015 r.', the
    data's start_date) and ended at the latest on ``last_day``, so its mid-point lies between the start and the
    mid-point of the start and ``last_day``."""
    start = an.projects().set_index("project_id").at["katowice-wlacz-sie", "start_date"]
    return range(start.year, (start + (last_day - start) / 2).year + 1)


def test_katowice_over_its_programmes_window_is_5285_to_5603(cpi):
    """With only the start and its programme's eligibility (RPO WSL 2014–2020: the programmes table's
    eligible_until), the mid-point lies in 2015–2019: 5 285–5 603 zł. The upper end is the 2016 value (prices fell
    in 2016): deflating only from the range's two end years gives 5 569 zł, the answer the issue found wrong."""
    programmes = an.tables().programmes.set_index("programme_id")
    years = katowice_price_years(programmes.at["RPO_WSL_2014_2020", "eligible_until"])
    real = an.real_prices(KATOWICE_EU_PLN / KATOWICE_PEOPLE, (years[0], years[-1]), base_year=2021)
    assert (round(real.lower), round(real.upper), real.qualifier) == (5285, 5603, "range")
    ends_only = [in_prices_of(KATOWICE_EU_PLN / KATOWICE_PEOPLE, y, 2021, cpi) for y in (years[0], years[-1])]
    assert round(max(ends_only)) == 5569 != round(real.upper)
    every_year = [in_prices_of(KATOWICE_EU_PLN / KATOWICE_PEOPLE, y, 2021, cpi) for y in years]
    assert (round(min(every_year)), round(max(every_year))) == (5285, 5603)


def test_katowice_in_the_data_ends_by_the_commission_page(cpi):
    """The European Commission's page (ec-katowice-activate-yourself), dated '07 August 2019', describes the
    project as done: the mid-point of 05.2015–07.08.2019 at the latest lies in 2017, so 2015–2017."""
    p = an.projects()
    kat = p[p["project_id"] == "katowice-wlacz-sie"]
    real = an.real_prices(an.per_participant(kat, "eu_cofinancing"), kat, base_year=2021).iloc[0]
    years = katowice_price_years(pd.Timestamp("2019-08-07"))  # '07 August 2019'
    expected = [in_prices_of(KATOWICE_EU_PLN / KATOWICE_PEOPLE, y, 2021, cpi) for y in years]
    assert real["qualifier"] == "range"
    assert real["value_lower"] == pytest.approx(min(expected), abs=0.01)
    assert real["value_upper"] == pytest.approx(max(expected), abs=0.01)


@pytest.mark.parametrize(("project_id", "eu_pln", "people", "year", "expected_pln"), [
    # knurow-projekty: 'z czego dofinansowanie unijne wyniosło 128.188,11 zł'; 'łącznie 28 osób'; 2016–2017
    ("knurow-nowy-start", 128_188.11, 28, 2016, 5275),
    # knurow-cwis-podsumowanie: 'kwota dofinansowania ze środków europejskich – 413 586,28 zł'; 'Łącznie w
    # projekcie wzięło udział 81 osób'; 01.03.2020–28.09.2021, mid-point in 2020
    ("knurow-cwis", 413_586.28, 81, 2020, 5366),
])
def test_eu_money_per_participant_in_2021_prices(project_id, eu_pln, people, year, expected_pln, cpi):
    p = an.projects()
    one = p[p["project_id"] == project_id]
    per = an.per_participant(one, "eu_cofinancing")
    assert per["value"].iloc[0] == pytest.approx(eu_pln / people)
    assert (per["per"].iloc[0], per["participants_status"].iloc[0]) == ("persons", "achieved")
    real = an.real_prices(per, one, base_year=2021).iloc[0]
    assert real["qualifier"] == "exact"
    assert round(real["value"]) == expected_pln == round(in_prices_of(eu_pln / people, year, 2021, cpi))


def test_a_bound_in_the_denominator_stays_a_bound():
    """'min. 50' persons: the money per person is at most the amount / 50 (knurow-cwis's target)."""
    money = pd.DataFrame({"value": [413_586.28], "value_lower": [413_586.28], "value_upper": [413_586.28],
                          "qualifier": ["exact"]})
    people = pd.DataFrame({"value": [50.0], "value_lower": [50.0], "value_upper": [math.nan],
                           "qualifier": ["at_least"]})
    r = an.ratio(money, people).iloc[0]
    assert (r["qualifier"], r["value_upper"]) == ("at_most", pytest.approx(413_586.28 / 50))
    real = an.real_prices(an.ratio(money, people), (2020, 2021), base_year=2021).iloc[0]
    assert real["qualifier"] == "at_most" and pd.isna(real["value_lower"])


# --- question 2: more women than men ---------------------------------------------------------------------------


def test_women_outnumber_men_where_both_are_counted_and_unknown_stays_unknown():
    counts = an.group_counts(("women", "men")).set_index(["project_id", "status"])
    more = an.answer(an.is_more(an.bounded(counts, "women"), an.bounded(counts, "men")))
    # knurow-projekty: 'łącznie 28 osób tj. 20 kobiet  8 mężczyzn'
    assert counts.loc[("knurow-nowy-start", "achieved"), ["women", "men"]].tolist() == [20, 8]
    assert more[("knurow-nowy-start", "achieved")] == "yes"
    # knurow-cwis-podsumowanie: '81 osób (56 Kobiet 25 Mężczyzn)'
    assert counts.loc[("knurow-cwis", "achieved"), ["women", "men"]].tolist() == [56, 25]
    assert more[("knurow-cwis", "achieved")] == "yes"
    # bytom-rkis2: 'skierowany do 60 mieszkańców Bytomia (w tym co najmniej 39 kobiet)': no count of men
    bytom = counts.loc[("bytom-rkis-2", "planned")]
    assert (bytom["women_lower"], bytom["women_qualifier"]) == (39, "at_least") and pd.isna(bytom["men"])
    assert more[("bytom-rkis-2", "planned")] == "cannot say"


def test_a_missing_count_is_cannot_say_never_no():
    women = pd.Series([20.0, 5.0, 30.0, None])
    men = pd.Series([8.0, None, 30.0, 4.0])
    assert an.is_more(women, men).tolist() == [True, pd.NA, False, pd.NA]
    assert an.answer(an.is_more(women, men), "pl").tolist() == ["tak", "nie wiadomo", "nie", "nie wiadomo"]


def test_projects_table_keeps_only_exact_counts_of_a_group():
    """'co najmniej 39 kobiet' of 60 is not 39 women (nor 65 % women): the projects table leaves the count and the
    share empty; the participants table keeps the bound."""
    p = an.projects().set_index("project_id")
    assert pd.isna(p.at["bytom-rkis-2", "women_count"]) and pd.isna(p.at["bytom-rkis-2", "women_share"])
    assert p.at["knurow-cwis", "women_count"] == 56


# --- bounded comparisons -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b", "expected"), [
    (an.Bounded(math.nan, 5285.0, 5603.0, "range"), an.Bounded.exact(5366.0), None),   # overlap: cannot say
    (an.Bounded.exact(5275.0), an.Bounded.exact(5366.0), True),
    (an.Bounded.exact(5366.0), an.Bounded.exact(5275.0), False),
    (an.Bounded.exact(5000.0), an.Bounded(5000.0, 5000.0, math.nan, "more_than"), True),   # strict end
    (an.Bounded(5000.0, 5000.0, math.nan, "at_least"), an.Bounded.exact(5000.0), False),
    (an.Bounded(4000.0, math.nan, 4000.0, "at_most"), an.Bounded.exact(5000.0), True),
    (an.Bounded(4000.0, math.nan, 4000.0, "at_most"), an.Bounded.exact(3000.0), None),
    (an.Bounded.exact(1.0), an.Bounded(math.nan, math.nan, math.nan, None), None),       # no figure
])
def test_less_than_is_yes_no_or_cannot_say(a, b, expected):
    assert an.less_than(a, b) is expected


def test_bounded_reads_a_figure_as_its_columns_say():
    p = an.projects().set_index("project_id")
    # katowice-wlacz-sie: no end date printed, so its real cost is a range
    cost = an.bounded(p.loc["katowice-wlacz-sie"], "cost_per_participant_real")
    assert cost.qualifier == "range" and cost.lower < cost.upper
    assert an.bounded(p.loc["knurow-cwis"], "women_count") == an.Bounded.exact(56.0)
    with pytest.raises(KeyError, match="no figure 'cost_per_person'"):
        an.bounded(p, "cost_per_participant".replace("participant", "person"))


@pytest.mark.parametrize("years", [2016, (2016, 2016), pd.Series([2016]),
                                   pd.DataFrame({"price_year_lower": [2016], "price_year_upper": [2016]})])
def test_price_years_in_every_form_give_one_answer(years):
    frame = an.real_prices(pd.Series([1000.0]), years, base_year=2021)
    assert frame["value"].iloc[0] == an.real_prices(1000.0, 2016, base_year=2021).value


# --- the tables --------------------------------------------------------------------------------------------------


def test_tables_has_every_processed_table_typed():
    t = an.tables()
    assert {f.name for f in fields(an.Tables)} == {name.removesuffix(".csv") for name in PROCESSED}
    assert pd.api.types.is_datetime64_any_dtype(t.projects["start_date"])
    assert t.projects["total_value_pln"].dtype == "float64"


def test_tables_hand_out_copies_and_follow_a_new_build(tmp_path):
    t = an.tables()
    t.projects.loc[:, "participants"] = -1
    assert (an.tables().projects["participants"] != -1).any()
    copy = tmp_path / "processed"
    shutil.copytree(PROCESSED_DIR, copy)
    before = an.tables(copy).sources
    sources = copy / "sources.csv"
    text = sources.read_text("utf-8")
    sources.write_text(text.replace(before["title"].iloc[0], "A title changed by a new build", 1), "utf-8")
    os.utime(sources, ns=(sources.stat().st_atime_ns, sources.stat().st_mtime_ns + 10**9))
    assert an.tables(copy).sources["title"].iloc[0] == "A title changed by a new build"


def test_an_unknown_project_names_its_neighbours():
    with pytest.raises(KeyError, match="no project 'knurow-cwi'.*knurow-cwis"):
        an.figures_of("knurow-cwi")


def test_figures_of_a_project_carry_their_quotes():
    f = an.figures_of("knurow-cwis")
    eu = f[f["measure"] == "funding_eu"].iloc[0]
    assert eu["value_as_printed"] == "413 586,28 zł"
    assert eu["value_as_printed"] in eu["quote"]
    assert eu["source_id"] == "knurow-cwis-podsumowanie" and isinstance(eu["title"], str)


def test_peers_share_a_kind_and_period_cheapest_first():
    peers = an.peers("katowice-wlacz-sie", base_year=2021)
    assert set(peers["peer_group"]) == {"eu_project|activation|2014–2020"}
    assert peers["project_id"].iloc[0] == "katowice-wlacz-sie"  # ranked 1st of its peers with a known cost
    kat = peers.iloc[0]
    # 5 721,10 zł per participant (4 800 000,00 zł / 839) over price years 2015–2017, in 2021 prices
    assert kat["cost_per_participant_real_qualifier"] == "range" and kat["price_base_year"] == 2021
    assert kat["cost_per_participant_real_lower_pln"] < kat["cost_per_participant_real_upper_pln"]


def test_rule_checks_of_a_project_name_the_rule():
    r = an.rule_checks_of("knurow-cwis", binding_only=True)
    cap = r[r["rule_id"] == "RPO_WSL_2014_2020:max_eu_share"].iloc[0]
    # 413 586,28 of 486 572,10 zł is 85 %, the programme's maximum
    assert (cap["outcome"], cap["topic"]) == ("within", "max_eu_share")
    assert r["binding"].all()


# --- importing ---------------------------------------------------------------------------------------------------


def test_import_is_light_and_works_from_any_directory(tmp_path):
    """`import analysis` loads no pandas (the build's commands import analysis.*), and the API finds the data
    from any working directory."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("ANALYSIS_PROCESSED_DIR", None)
    light = subprocess.run([sys.executable, "-c", "import sys, analysis; print('pandas' in sys.modules)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert light.stdout.strip() == "False"
    used = subprocess.run([sys.executable, "-c", "import analysis as an; print(len(an.projects()) > 0)"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert used.stdout.strip() == "True"


def test_every_public_name_is_documented_with_an_example_and_exported():
    import inspect

    from analysis import api

    assert set(an.__all__) - {"__version__"} == set(api.__all__)
    for name in api.__all__:
        obj = getattr(api, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert ">>>" in (obj.__doc__ or ""), f"analysis.{name} has no example"
    assert all(getattr(an, name) is getattr(api, name) for name in api.__all__)


def test_no_report_runs_the_api_so_editing_it_rebuilds_none():
    from analysis.publish.fingerprint import code_files

    api_file = ROOT / "src" / "analysis" / "api.py"
    for notebook in ("overview.ipynb", "comparisons.ipynb", "project_profile.ipynb", "glossary.ipynb"):
        assert api_file not in code_files(ROOT / "notebooks" / notebook)
