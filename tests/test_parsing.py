"""Parsers on the real strings of the documents, edge cases, and properties."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.clean.parsing import (
    Where,
    format_pln_grosze,
    parse_dates,
    parse_programme_codes,
    parse_quantities,
    roman_to_int,
)
from analysis.core.errors import ParseError

W = Where("test.csv", "value_as_printed")


def money(text: str) -> tuple:
    r = parse_quantities(pd.Series([text]), "money", W).iloc[0]
    return (r["value"], r["value_lower"], r["value_upper"], r["qualifier"])


def count(text: str) -> tuple:
    r = parse_quantities(pd.Series([text]), "number", W).iloc[0]
    return tuple(None if pd.isna(x) else x for x in r[["value", "value_lower", "value_upper"]]) + (r["qualifier"],)


@pytest.mark.parametrize("text, grosze", [
    ("4 800 000,00 zł", 480_000_000),  # slaskie-wlacz-sie: "Wartość projektu: 4 800 000,00 zł"
    ("4 080 000,00 zł", 408_000_000),  # "Dofinansowanie projektu z UE: 4 080 000,00 zł"
    ("168.988,11 zł", 16_898_811),  # knurow-projekty: "łącznie dla Gminy Knurów 168.988,11 zł"
    ("40.800 zł", 4_080_000),  # "budżet własny wyniósł 40.800 zł"
    ("486 572,10 zł", 48_657_210),  # knurow-cwis-podsumowanie
    ("5\u00a0899\u00a0249,51 zł", 589_924_951),  # dabrowa-integra prints no-break spaces
    ("15.000,-zł", 1_500_000),  # wiecbork: "z dotacji w wysokości 15.000,-zł"
    ("4.860,00", 486_000),  # wiecbork slide 25 (no currency in the table)
    ("2 500 zł", 250_000),
    ("1 839 490, 74 zł", 183_949_074),  # PCPR Kościan: 'Całkowita wartość projektu to 1 839 490, 74 zł'
])
def test_money_as_printed_is_exact_grosze(text, grosze):
    assert money(text) == (grosze, grosze, grosze, "exact")


def test_money_qualifiers_from_the_documents():
    # wiecbork: "Wartość otrzymanej dotacji ze środków MPiPS wynosi blisko 22 000 zł"
    assert money("blisko 22 000 zł")[0] == 2_200_000 and money("blisko 22 000 zł")[3] == "about"
    assert pd.isna(money("blisko 22 000 zł")[1])  # "about" implies no bound
    # "produkty o łącznej wartości ponad 46 000 zł": a lower bound, no upper bound
    value, lower, upper, qualifier = money("ponad 46 000 zł")
    assert (value, lower, qualifier) == (4_600_000, 4_600_000, "more_than") and pd.isna(upper)
    # "o łącznej wartość ponad: 70 000 zł" (the colon is printed)
    assert money("ponad: 70 000 zł")[0] == 7_000_000


@pytest.mark.parametrize("text, expected", [
    ("min. 60", (60, 60, None, "at_least")),  # dabrowa: "zostanie min. 60 mieszkańców"
    ("co najmniej 106", (106, 106, None, "at_least")),  # katowice: "co najmniej 106 osób podjęło zatrudnienie"
    ("5-10", (None, 5, 10, "range")),  # knurow: "zostanie zaproszonych 5-10 osób/rodzin"
    ("15 – 65", (None, 15, 65, "range")),  # "w wieku 15 – 65 lat"
    ("około 45", (45, None, None, "about")),  # "dla około 45-osobowej grupy"
    ("około 3-4", (None, 3, 4, "about_range")),  # "po około 3-4 godziny"
    ("do 65", (65, None, 65, "at_most")),  # "wyłonienie do 65 projektów"
    ("powyżej 24", (24, 24, None, "more_than")),  # "(powyżej 24 miesięcy)"
    ("1.287", (1287, 1287, 1287, "exact")),  # "1.287 osób bezrobotnych": dot grouping, not a decimal
    ("dwóch", (2, 2, 2, "exact")),  # "zorganizowanie dwóch spotkań"
    ("pięciu", (5, 5, 5, "exact")),  # "do pięciu kobiet"
    ("Jeden", (1, 1, 1, "exact")),
    ("od 5 do 10", (None, 5, 10, "range")),
    ("102.5", (102.5, 102.5, 102.5, "exact")),
])
def test_counts_with_qualifiers(text, expected):
    assert count(text) == expected


@pytest.mark.parametrize("text, share", [("26,9%", 0.269), ("22,70%", 0.227), ("53%", 0.53), ("100%", 1.0)])
def test_percentages_become_shares(text, share):
    assert parse_quantities(pd.Series([text]), "percent", W).iloc[0]["value"] == share


def test_about_percent():
    r = parse_quantities(pd.Series(["około 40%"]), "percent", W).iloc[0]
    assert (r["value"], r["qualifier"]) == (0.4, "about")


@pytest.mark.parametrize("bad, kind", [
    ("4 800 OOO,00 zł", "money"),  # letter O for zero
    ("4 80 000 zł", "money"),  # bad grouping
    ("1,234 zł", "money"),  # three decimal places are not grosze
    ("60 zł", "number"),  # a currency where a count is expected
    ("10-5", "number"),  # a range must rise
    ("około", "number"),
    ("", "number"),
    ("53", "percent"),  # a percent needs its sign
    ("od 5", "number"),  # "od" only opens a range
    ("1.234.5", "number"),
])
def test_unparseable_values_raise_naming_the_row(bad, kind):
    s = pd.Series(["1", bad], index=[10, 11]) if kind != "percent" else pd.Series(["1%", bad], index=[10, 11])
    with pytest.raises(ParseError) as err:
        parse_quantities(s, kind, Where("figures.csv", "value_as_printed", pd.Series({10: 5, 11: 6})))
    [p] = err.value.problems
    assert (p.table, p.line, p.column, p.value) == ("figures.csv", 6, "value_as_printed", bad)
    assert "figures.csv:6" in str(err.value)


@pytest.mark.parametrize("text, lower, upper, precision, qualifier", [
    ("01.03.2020", date(2020, 3, 1), date(2020, 3, 1), "day", "exact"),  # CWIS "od 01.03.2020 r."
    ("28.09.2021", date(2021, 9, 28), date(2021, 9, 28), "day", "exact"),
    ("sierpniu 2018", date(2018, 8, 1), date(2018, 8, 31), "month", "exact"),  # "w sierpniu 2018 r."
    ("sierpień 2018", date(2018, 8, 1), date(2018, 8, 31), "month", "exact"),
    ("do marca 2021", date(2021, 3, 1), date(2021, 3, 31), "month", "exact"),  # "Czas trwania: do marca 2021 r."
    ("grudzień 2017", date(2017, 12, 1), date(2017, 12, 31), "month", "exact"),
    ("lutego 2024", date(2024, 2, 1), date(2024, 2, 29), "month", "exact"),  # leap year
    ("ok roku 2018/2019", date(2018, 1, 1), date(2019, 12, 31), "year", "about_range"),
    ("2018/2019", date(2018, 1, 1), date(2019, 12, 31), "year", "range"),
    ("2008 – 2013", date(2008, 1, 1), date(2013, 12, 31), "year", "range"),  # INTEGRA "W latach 2008 – 2013"
    ("11 czerwca 2007", date(2007, 6, 11), date(2007, 6, 11), "day", "exact"),
    ("13 czerwca 2003r.", date(2003, 6, 13), date(2003, 6, 13), "day", "exact"),
    ("do 2013 roku", date(2013, 1, 1), date(2013, 12, 31), "year", "exact"),
    ("Od maja 2015", date(2015, 5, 1), date(2015, 5, 31), "month", "exact"),
    ("01.06 2008", date(2008, 6, 1), date(2008, 6, 1), "day", "exact"),  # Kraków: 'Okres realizacji: 01.06 2008'
    # a period printed as its two ends (GOPS Kobiór: 'od 01.01.2012 r. do dnia 31.12.2013 r.')
    ("od 01.01.2012 r. do dnia 31.12.2013 r.", date(2012, 1, 1), date(2013, 12, 31), "day", "range"),
    ("01.02.2019 – 31.12.2020", date(2019, 2, 1), date(2020, 12, 31), "day", "range"),
    ("od stycznia 2016 do 31.12.2017", date(2016, 1, 1), date(2017, 12, 31), "month", "range"),
])
def test_polish_dates(text, lower, upper, precision, qualifier):
    r = parse_dates(pd.Series([text]), W).iloc[0]
    assert (r["date_lower"].date(), r["date_upper"].date(), r["date_precision"], r["qualifier"]) == (
        lower, upper, precision, qualifier)


@pytest.mark.parametrize("bad", ["31.02.2020", "13.13.2020", "sierpnia", "2019/2018", "maj 20", "1899", "jutro",
                                 "od 31.12.2013 do 01.01.2012", "ok. 2012 do 2013"])
def test_bad_dates_raise(bad):
    with pytest.raises(ParseError, match="expected a Polish date"):
        parse_dates(pd.Series([bad]), W)


def test_programme_codes():
    axis = parse_programme_codes(pd.Series(["IX", "IX.", "Priorytet VII", "VII"]), "priority_axis", W)
    assert list(axis) == ["IX", "IX", "VII", "VII"]
    assert list(parse_programme_codes(pd.Series(["9.2.", "2.5", "7.3"]), "measure_code", W)) == ["9.2", "2.5",
                                                                                                   "7.3"]
    assert list(parse_programme_codes(pd.Series(["9.1.6.", "7.1.1"]), "submeasure_code", W)) == ["9.1.6", "7.1.1"]
    assert roman_to_int("IX") == 9 and roman_to_int("VII") == 7
    # 'Oś Priorytetowa 7: Włączenie społeczne' (OPS Śmigiel), 'Oś priorytetowa 9.' (MOPS Ostrowiec): digits, kept Roman
    assert list(parse_programme_codes(pd.Series(["Oś Priorytetowa 7", "Oś 9.", "12"]), "priority_axis", W)) == [
        "VII", "IX", "XII"]
    # MOPR Kielce: 'Oś priorytetowa RPSW.09.00.00, Działanie RPSW.09.01.00'
    assert parse_programme_codes(pd.Series(["RPSW.09.00.00"]), "priority_axis", W).iloc[0] == "IX"
    assert parse_programme_codes(pd.Series(["RPSW.09.01.00"]), "measure_code", W).iloc[0] == "9.1"
    assert parse_programme_codes(pd.Series(["RPSW.09.01.02"]), "submeasure_code", W).iloc[0] == "9.1.2"
    for bad, level in [("RPSW.09.01.00", "priority_axis"), ("RPSW.09.00.00", "measure_code"), ("0", "priority_axis")]:
        with pytest.raises(ParseError):
            parse_programme_codes(pd.Series([bad]), level, W)
    for bad, level in [("IIII", "priority_axis"), ("9.2", "submeasure_code"), ("9", "measure_code")]:
        with pytest.raises(ParseError):
            parse_programme_codes(pd.Series([bad]), level, W)


grosze = st.integers(min_value=0, max_value=10**13)


@given(grosze, st.sampled_from(["\u00a0", " ", "."]))
@settings(max_examples=300, deadline=None)
def test_formatting_then_parsing_returns_the_amount(amount, grouping):
    text = format_pln_grosze(amount, grouping=grouping)
    assert parse_quantities(pd.Series([text]), "money", W).iloc[0]["value"] == amount


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30), st.sampled_from(["money", "number", "percent"]))
@settings(max_examples=500, deadline=None)
def test_any_string_parses_or_raises_parse_error(text, kind):
    """Fuzzing: a parser never raises another exception and never returns an inconsistent figure."""
    try:
        r = parse_quantities(pd.Series([text]), kind, W).iloc[0]
    except ParseError:
        return
    lo, up = r["value_lower"], r["value_upper"]
    if not pd.isna(lo) and not pd.isna(up):
        assert lo <= up
    if not pd.isna(r["value"]) and not pd.isna(lo):
        assert r["value"] >= lo


@given(st.text(max_size=25))
@settings(max_examples=300, deadline=None)
def test_any_string_is_a_date_or_raises_parse_error(text):
    try:
        r = parse_dates(pd.Series([text]), W).iloc[0]
    except ParseError:
        return
    assert r["date_lower"] <= r["date_upper"]


@given(st.lists(st.sampled_from(["4 800 000,00 zł", "min. 60 zł", "blisko 22 000 zł", "15.000,-zł"]), min_size=1,
                max_size=40))
@settings(max_examples=50, deadline=None)
def test_repeated_values_map_back_to_their_rows(values):
    out = parse_quantities(pd.Series(values), "money", W)
    single = {v: parse_quantities(pd.Series([v]), "money", W).iloc[0]["value"] for v in set(values)}
    assert list(out["value"]) == [single[v] for v in values]


# --- printed forms of issue 12: words, "prawie", Roman measure codes ------------------------------------------------
@pytest.mark.parametrize("text, grosze, qualifier", [
    # local news page: "prawie dwustu tysięcy złotych" — almost 200 000 zł, so strictly less
    ("prawie dwustu tysięcy złotych", 20_000_000, "less_than"),
    ("dwustu tysięcy złotych", 20_000_000, "exact"),
    ("sto dwadzieścia trzy tysiące czterysta pięćdziesiąt sześć złotych", 12_345_600, "exact"),
    ("półtora", None, None),  # not a number word this parser knows: rejected, never guessed
    ("1,5 mln zł", 150_000_000, "exact"),
    ("200 tys. zł", 20_000_000, "exact"),
    ("ponad 2 mln zł", 200_000_000, "more_than"),
])
def test_amounts_in_words_and_with_scale_words(text, grosze, qualifier):
    if grosze is None:
        with pytest.raises(ParseError):
            money(text)
        return
    value, lower, upper, q = money(text)
    assert (value, q) == (grosze, qualifier)
    if qualifier == "less_than":  # an upper bound only: "prawie" never reaches the number
        assert upper == grosze and pd.isna(lower)


@pytest.mark.parametrize("text, expected", [
    ("Dwadzieścia", (20, 20, 20, "exact")),  # "Dwadzieścia osób wzięło udział"
    ("dwudziestu", (20, 20, 20, "exact")),
    ("stu dwudziestu pięciu", (125, 125, 125, "exact")),
    ("prawie rok", (1, None, 1, "less_than")),  # "trwał prawie rok" (unit: years)
    ("prawie 50", (50, None, 50, "less_than")),
    ("niespełna 30", (30, None, 30, "less_than")),
    ("ponad dwudziestu", (20, 20, None, "more_than")),
    ("dwóch", (2, 2, 2, "exact")),  # the short forms keep working
])
def test_counts_in_words(text, expected):
    assert count(text) == expected


@pytest.mark.parametrize("text", ["dwa dwa", "tysiąc milionów", "dwadzieścia sto", "jedenaście dwa", "rok rok"])
def test_words_that_are_not_one_number_are_rejected(text):
    with pytest.raises(ParseError):
        count(text)


def test_a_unit_noun_is_never_money():
    with pytest.raises(ParseError):
        money("prawie rok")


def test_prawie_is_an_upper_bound_not_about():
    """GUIDE glossary: prawie = almost (an upper bound); blisko/około = about."""
    assert count("prawie 20")[3] == "less_than" and count("blisko 20")[3] == "about"


def test_roman_measure_codes_are_normalised_to_digits():
    # RPO Łódzkie prints "Poddziałanie IX.2.1"
    sub = parse_programme_codes(pd.Series(["IX.2.1", "Poddziałanie IX.2.1", "9.2.1."]), "submeasure_code", W)
    assert list(sub) == ["9.2.1", "9.2.1", "9.2.1"]
    assert list(parse_programme_codes(pd.Series(["IX.2", "Działanie VII.1"]), "measure_code", W)) == ["9.2", "7.1"]
    for bad in ("IIII.2.1", "ix.2.1", "IX.2"):  # not canonical, lower case, or the wrong depth
        with pytest.raises(ParseError):
            parse_programme_codes(pd.Series([bad]), "submeasure_code", W)


# --- printed forms of the peers' pages (issue 20) -------------------------------------------------------------------
@pytest.mark.parametrize("text, value", [
    ("trzyletni", 3),  # Izabelin: "trzyletni projekt"
    ("siedmioletniego", 7),
    ("sześciomiesięczny", 6),
    ("szósty", 6),  # Izabelin: "szósty rok" (an ordinal: the sixth)
])
def test_number_adjectives_and_ordinals_are_their_numbers(text, value):
    got = parse_quantities(pd.Series([text]), "number", W).iloc[0]
    assert (got["value"], got["qualifier"]) == (value, "exact")


def test_digits_and_scale_words_mixed_add_up():
    # Radomsko: "Blisko 1 milion 100 tysięcy złotych" is about 1 100 000 zł
    got = parse_quantities(pd.Series(["Blisko 1 milion 100 tysięcy złotych", "1 milion zł"]), "money", W)
    assert list(got["value"]) == [110_000_000, 100_000_000] and got["qualifier"].iloc[0] == "about"


def test_until_the_end_of_a_month_is_that_month():
    got = parse_dates(pd.Series(["do końca czerwca 2022"]), W).iloc[0]
    assert (got["date_lower"], got["date_upper"]) == (pd.Timestamp("2022-06-01"), pd.Timestamp("2022-06-30"))


def test_after_an_ordinal_is_a_lower_bound():
    # Kobiór: "osoby po 50. roku życia": older than 50
    got = parse_quantities(pd.Series(["po 50."]), "number", W).iloc[0]
    assert (got["value"], got["qualifier"]) == (50, "more_than")
