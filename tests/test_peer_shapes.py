"""The shapes real peer pages have (issue 20), each on a small document added by the README's workflow: a
whole-project budget printed beside one year's spending and head count, two lower bounds, families as the unit."""

from __future__ import annotations

import pytest
from test_new_document import add_case, build

YEARS = ("Projekt „Krok naprzód” realizowany w latach 2019-2021 w ramach Regionalnego Programu Operacyjnego "
         "Województwa Śląskiego na lata 2014 – 2020.\nWartość projektu: 900 000,00 zł.\n"
         "W roku 2020 wydatkowano 310 000,00 zł, a wsparciem objęto 34 osoby.\n")


def add_years(ws):
    year = "W roku 2020 wydatkowano 310 000,00 zł, a wsparciem objęto 34 osoby"
    raw = add_case(ws, "gmina-krok", "gmina-krok-naprzod", YEARS, "Krok naprzód", [
        ("programme", "Regionalnego Programu Operacyjnego Województwa Śląskiego na lata 2014 – 2020", "text", "stated",
         "w ramach Regionalnego Programu Operacyjnego Województwa Śląskiego na lata 2014 – 2020"),
        ("period", "2019-2021", "date", "stated", "realizowany w latach 2019-2021"),
        ("funding_total", "900 000,00 zł", "pln", "stated", "Wartość projektu: 900 000,00 zł"),
        ("funding_total", "310 000,00 zł", "pln", "achieved", year),
        ("participants_total", "34", "persons", "achieved", year),
    ], check=False)
    fig = raw / "figures.csv"
    lines = fig.read_text(encoding="utf-8").splitlines()
    # the year's two figures carry their period as printed (column period_as_printed)
    for i, line in enumerate(lines):
        if line.startswith(("gmina-krok:004,", "gmina-krok:005,")):
            lines[i] = line.replace(",achieved,as_printed,", ",achieved,as_printed,").replace(
                ",,achieved,", ",W roku 2020,achieved,")
    fig.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return raw


def test_a_years_spending_and_head_count_beside_the_whole_budget_are_that_years(workspace):
    """'Wartość projektu: 900 000,00 zł.' is the project's; 'W roku 2020 wydatkowano 310 000,00 zł, a wsparciem
    objęto 34 osoby' is one year's: the project keeps its whole budget, has no participants of its own (the page
    prints none for the whole project), no cost per participant, and the year's figures stay rows of 2020."""
    t = build(workspace, add_years(workspace))
    p = t["projects.csv"].set_index("project_id").loc["gmina-krok-naprzod"]
    assert p["total_value_pln"] == "900000.00"
    assert (p["participants"], p["cost_per_participant_pln"]) == ("", "")
    f = t["figures.csv"].set_index("figure_id")
    assert f.loc["gmina-krok:005", "period_as_printed"] == "W roku 2020"


def test_a_years_parts_are_checked_against_that_years_total_not_the_projects(workspace):
    """A year's total and own contribution printed in the same status as the project's total: each period's parts
    are checked against its own total (no duplicate check, no year's part against the project's total)."""
    text = ("Projekt „Krok naprzód”.\nWartość projektu: 900 000,00 zł.\nBudżet na rok 2020: 310 000,00 zł, "
            "w tym dofinansowanie 279 000,00 zł i wkład własny 31 000,00 zł.\n")
    year = "Budżet na rok 2020: 310 000,00 zł, w tym dofinansowanie 279 000,00 zł i wkład własny 31 000,00 zł"
    raw = add_case(workspace, "gmina-krok", "gmina-krok-naprzod", text, "Krok naprzód", [
        ("funding_total", "900 000,00 zł", "pln", "stated", "Wartość projektu: 900 000,00 zł"),
        ("funding_total", "310 000,00 zł", "pln", "stated", year),
        ("funding_external_total", "279 000,00 zł", "pln", "stated", year),
        ("funding_own", "31 000,00 zł", "pln", "stated", year),
    ], check=False)
    fig = raw / "figures.csv"
    lines = fig.read_text(encoding="utf-8").splitlines()
    lines = [ln.replace(",,stated,", ",rok 2020,stated,") if ln.startswith(("gmina-krok:002,", "gmina-krok:003,",
                                                                                        "gmina-krok:004,"))
             else ln for ln in lines]
    fig.write_text("\n".join(lines) + "\n", encoding="utf-8")
    t = build(workspace, raw)
    c = t["checks.csv"]
    mine = c[c["subject"].str.startswith("gmina-krok-naprzod")]
    # 279 000,00 + 31 000,00 = 310 000,00: the year's parts add up to the year's total
    assert list(mine["subject"]) == ["gmina-krok-naprzod (2020-01-01–2020-12-31)"]
    assert list(mine["result"]) == ["pass"]
    p = t["projects.csv"].set_index("project_id").loc["gmina-krok-naprzod"]
    assert (p["total_value_pln"], p["own_contribution_pln"], p["external_share"]) == ("900000.00", "", "")


def add_bounds(ws, total: str = "ponad 770 tys. zł"):
    text = (f"Projekt „Razem” o wartości {total} współfinansowany z Europejskiego Funduszu Społecznego: ponad 716 tys. "
            "zł pochodzi z EFS.\n")
    return add_case(ws, "gmina-razem", "gmina-razem-projekt", text, "Razem", [
        ("programme", "Europejskiego Funduszu Społecznego", "text", "stated",
         "współfinansowany z Europejskiego Funduszu Społecznego"),
        ("funding_total", total, "pln", "achieved", f"o wartości {total}"),
        ("funding_eu", "ponad 716 tys. zł", "pln", "achieved", "ponad 716 tys. zł pochodzi z EFS"),
    ])


def test_two_lower_bounds_bound_no_share_and_say_so(workspace):
    """'o wartości ponad 770 tys. zł … ponad 716 tys. zł pochodzi z EFS': neither the EU share (not 93,0 %) nor a
    mix of the funding follows; the cap check runs and says it cannot tell; the EU money is still 'more than'."""
    t = build(workspace, add_bounds(workspace))
    p = t["projects.csv"].set_index("project_id").loc["gmina-razem-projekt"]
    assert (p["eu_share"], p["eu_cofinancing_qualifier"], p["funding_parts_exact"]) == ("", "more_than", "false")
    assert p["eu_cofinancing_pln"] == "716000.00"
    c = t["checks.csv"].set_index(["check", "subject"])
    row = c.loc[("EU share within the programme's maximum", "gmina-razem-projekt")]
    assert row["result"] == "not_verifiable" and "bound no ratio" in row["detail"]


def test_a_lower_bound_of_eu_money_over_an_exact_total_is_a_lower_bound_of_the_share(workspace):
    """'ponad 716 tys. zł' of an exact 770 000,00 zł: the EU share is more than 93,0 %, above the 85 % cap: outside,
    whatever the exact amount."""
    from analysis.clean import pipeline
    raw = add_bounds(workspace, total="770 000,00 zł")
    with pytest.raises(pipeline.DataError, match=r"EU share within the programme's maximum.*at least 92\.99%"):
        pipeline.run(raw, workspace / "out")


def test_families_stay_families_in_every_ratio(workspace):
    """'Wsparciem objęto 30 rodzin', 'Wartość projektu: 450 000,00 zł': 15 000,00 zł per family, and no cost per
    participant (a family is not a person), so no cost of it is ranked with persons' costs."""
    text = "Projekt „Rodzina razem”.\nWartość projektu: 450 000,00 zł. Wsparciem objęto 30 rodzin.\n"
    raw = add_case(workspace, "gmina-rodzina", "gmina-rodzina-razem", text, "Rodzina razem", [
        ("funding_total", "450 000,00 zł", "pln", "achieved", "Wartość projektu: 450 000,00 zł"),
        ("participants_total", "30", "families", "achieved", "Wsparciem objęto 30 rodzin"),
    ])
    p = build(workspace, raw)["projects.csv"].set_index("project_id").loc["gmina-rodzina-razem"]
    assert (p["participants"], p["participants_unit"]) == ("30", "families")
    assert (p["cost_per_family_pln"], p["cost_per_family_qualifier"]) == ("15000.00", "exact")
    assert (p["cost_per_participant_pln"], p["cost_per_participant_real_pln"]) == ("", "")
    assert p["not_comparable_reason"] == "counted_in_families"


def test_a_stage_named_without_dates_is_a_part(workspace):
    """Legionowo: 'W I etapie projektu udział wzięło 20 osób': the stage's 20 are not the project's participants."""
    text = "Projekt „Aktywność”.\nW I etapie projektu udział wzięło 20 osób.\n"
    raw = add_case(workspace, "gmina-etap", "gmina-etap-projekt", text, "Aktywność", [
        ("participants_total", "20", "persons", "achieved", "W I etapie projektu udział wzięło 20 osób"),
    ], check=False)
    fig = raw / "figures.csv"
    text = fig.read_text(encoding="utf-8")
    fig.write_text(text.replace(",,achieved,as_printed,W I etapie", ",I etapie,achieved,as_printed,W I etapie"),
                   encoding="utf-8")
    t = build(workspace, raw)
    f = t["figures.csv"].set_index("figure_id").loc["gmina-etap:001"]
    assert (f["period_as_printed"], f["whole_project"], f["period_lower"]) == ("I etapie", "false", "")
    assert t["projects.csv"].set_index("project_id").loc["gmina-etap-projekt", "participants"] == ""


def test_a_share_and_a_count_of_one_group_are_two_facts(workspace):
    """Bytom 'AS – Aktywny Społecznie' prints 'min. 10% osób z niepełnosprawnościami' and '60 osób z
    niepełnosprawnością' of 600 (and 'min. 65% kobiet'): a share and a count are two facts (never compared as one),
    the count gives the share, and a printed share that is a bound ('min. 65%') is never the project's share."""
    text = ("Projekt „Razem aktywni”: wsparciem objętych zostanie 600 osób, w tym min. 10% osób z "
            "niepełnosprawnościami i min. 65% kobiet. W projekcie weźmie udział 60 osób z niepełnosprawnością.\n")
    raw = add_case(workspace, "gmina-as", "gmina-as-razem", text, "Razem aktywni", [
        ("participants_total", "600", "persons", "planned", "wsparciem objętych zostanie 600 osób"),
        ("participants_disabled", "min. 10%", "percent", "planned", "w tym min. 10% osób z niepełnosprawnościami"),
        ("participants_women", "min. 65%", "percent", "planned", "min. 65% kobiet"),
        ("participants_disabled", "60", "persons", "planned", "weźmie udział 60 osób z niepełnosprawnością"),
    ], check=False)
    t = build(workspace, raw)
    c = t["checks.csv"]
    assert not c[c["subject"].str.startswith("gmina-as") & (c["check"] == "a fact stated twice agrees with itself")
                 ].shape[0]
    p = t["projects.csv"].set_index("project_id").loc["gmina-as-razem"]
    assert (p["disabled_count"], p["disabled_share"], p["women_count"]) == ("60", "0.1", "")
    assert p["women_share"] == ""  # 'min. 65%' is at least 65 %: it stays a bound in the participants table
    parts = t["participants.csv"]
    women = parts[(parts["project_id"] == "gmina-as-razem") & (parts["group"] == "women")].iloc[0]
    assert (women["unit"], women["value_lower"], women["qualifier"]) == ("percent", "0.65", "at_least")


def test_one_budget_in_two_statuses_gets_two_checks_named_by_status(workspace):
    """PCPR Kościan's page gives 'Tęcza' a planned budget ('wyniesie'), the partner OPS Śmigiel's the same amounts
    as stated: each split is checked against its own total, and make data does not stop on a duplicate check."""
    text = ("Projekt „Tęcza”. Całkowita wartość projektu to 1 839 490, 74 zł, z tego kwota dofinansowania wynosi "
            "1 747 516, 20 zł, natomiast wkład własny wyniesie 91 974, 54 zł.\nWartość projektu: 1 839 490,74 zł; "
            "dofinansowanie: 1 747 516,20 zł; wkład własny: 91 974,54 zł.\n")
    planned = ("Całkowita wartość projektu to 1 839 490, 74 zł, z tego kwota dofinansowania wynosi 1 747 516, 20 zł, "
               "natomiast wkład własny wyniesie 91 974, 54 zł")
    raw = add_case(workspace, "powiat-tecza", "powiat-tecza", text, "Tęcza", [
        ("funding_total", "1 839 490, 74 zł", "pln", "planned", planned),
        ("funding_external_total", "1 747 516, 20 zł", "pln", "planned", planned),
        ("funding_own", "91 974, 54 zł", "pln", "planned", planned),
        ("funding_total", "1 839 490,74 zł", "pln", "stated", "Wartość projektu: 1 839 490,74 zł"),
        ("funding_external_total", "1 747 516,20 zł", "pln", "stated", "dofinansowanie: 1 747 516,20 zł"),
        ("funding_own", "91 974,54 zł", "pln", "stated", "wkład własny: 91 974,54 zł"),
    ], check=False)
    t = build(workspace, raw)
    c = t["checks.csv"]
    mine = c[c["subject"].str.startswith("powiat-tecza") & (c["check"] == "funding parts add up to the total")]
    assert sorted(mine["subject"]) == ["powiat-tecza (planned)", "powiat-tecza (stated)"]
    assert set(mine["result"]) == {"pass"}
    assert t["projects.csv"].set_index("project_id").at["powiat-tecza", "total_value_pln"] == "1839490.74"


def test_money_named_without_an_amount_beside_a_split_that_adds_up_is_inside_it(workspace):
    """OPS Śmigiel 'Tęcza': 'współfinansowanego ze środków Europejskiego Funduszu Społecznego' (no amount) beside
    '1 839 490,74 zł' = '1 747 516,20 zł' of co-financing + '91 974,54 zł' own: the split is complete, the ESF is
    inside the co-financing, and the external share is 95.0 %."""
    text = ("Projekt „Tęcza” współfinansowanego ze środków Europejskiego Funduszu Społecznego. Wartość projektu: "
            "1 839 490,74 zł; dofinansowanie: 1 747 516,20 zł; wkład własny: 91 974,54 zł.\n")
    raw = add_case(workspace, "ops-tecza", "ops-tecza", text, "Tęcza", [
        ("funding_eu", "ze środków Europejskiego Funduszu Społecznego", "pln", "stated",
         "współfinansowanego ze środków Europejskiego Funduszu Społecznego"),
        ("funding_total", "1 839 490,74 zł", "pln", "stated", "Wartość projektu: 1 839 490,74 zł"),
        ("funding_external_total", "1 747 516,20 zł", "pln", "stated", "dofinansowanie: 1 747 516,20 zł"),
        ("funding_own", "91 974,54 zł", "pln", "stated", "wkład własny: 91 974,54 zł"),
    ], check=False)
    fig = raw / "figures.csv"
    fig.write_text(fig.read_text(encoding="utf-8").replace(
        ",stated,as_printed,współfinansowanego", ",stated,named_without_amount,współfinansowanego"), encoding="utf-8")
    p = build(workspace, raw)["projects.csv"].set_index("project_id").loc["ops-tecza"]
    assert (p["external_cofinancing_pln"], p["own_contribution_pln"]) == ("1747516.20", "91974.54")
    assert float(p["external_share"]) == pytest.approx(0.95, abs=1e-6)  # 1 747 516,20 / 1 839 490,74
