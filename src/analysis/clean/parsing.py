"""Parsers for figures as printed in Polish documents.

Every parser takes a Series of strings (as transcribed) and returns a DataFrame with the same index. Each distinct
string is parsed once and the result mapped back, so a column of a million repeated values costs what its distinct
values cost. Money is returned as exact integer grosze (1 zł = 100 gr); never as a float.

Unparseable input raises :class:`~analysis.core.errors.ParseError` naming the table, line, column, the value and what
was expected. Nothing here returns a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from analysis.core.errors import ParseError, Problem
from analysis.core.vocabulary import (
    BOUNDED_BELOW_QUALIFIERS,
    QUALIFIERS,
    TWO_SIDED_QUALIFIERS,
    UPPER_BOUND_QUALIFIERS,
)

QuantityKind = Literal["money", "number", "percent"]

# --- qualifiers -------------------------------------------------------------------------------------------------
# Words printed before a figure, mapped to the qualifier they state. Longer alternatives first: the regex takes
# the first that fits. "do" before a count is "up to" (do 65 projektów); before a date it means "until" and is
# handled by the date parser.
QUALIFIER_WORDS: dict[str, str] = {
    "co najmniej": "at_least",
    "nie mniej niż": "at_least",
    "przynajmniej": "at_least",
    "minimum": "at_least",
    "min.": "at_least",
    "min": "at_least",
    "więcej niż": "more_than",
    "powyżej": "more_than",
    "ponad": "more_than",
    "nie więcej niż": "at_most",
    "co najwyżej": "at_most",
    "maksymalnie": "at_most",
    "maks.": "at_most",
    "max.": "at_most",
    "do": "at_most",
    "mniej niż": "less_than",
    "poniżej": "less_than",
    "około": "about",
    "ok.": "about",
    "ok": "about",
    "blisko": "about",
    # "prawie" / "niemal" / "niespełna" (almost): the figure stays below the number printed, so it is a strict upper
    # bound (less_than), never "about": "prawie 200 000 zł" cannot be 200 000 zł or more.
    "prawie": "less_than",
    "niemal": "less_than",
    "niespełna": "less_than",
    "od": "from",  # only with a range: "od 5 do 10"
}


# Polish number words that the documents print instead of digits (dwóch spotkań, pięciu kobiet, raz w miesiącu).
NUMBER_WORDS: dict[str, int] = {
    "raz": 1, "jeden": 1, "jedna": 1, "jedno": 1, "jednej": 1, "jednego": 1, "jednym": 1,
    "dwa": 2, "dwie": 2, "dwóch": 2, "dwoje": 2, "dwu": 2,
    "trzy": 3, "trzech": 3, "troje": 3,
    "cztery": 4, "czterech": 4,
    "pięć": 5, "pięciu": 5,
    "sześć": 6, "sześciu": 6,
    "siedem": 7, "siedmiu": 7,
    "osiem": 8, "ośmiu": 8,
    "dziewięć": 9, "dziewięciu": 9,
    "dziesięć": 10, "dziesięciu": 10,
}

# Number words of every size and case, for amounts and counts written out ("dwustu tysięcy złotych",
# "Dwadzieścia osób"): each word's value and its place (1 units, 2 teens and tens, 3 hundreds).
_UNITS = {
    1: "jeden jedna jedno jednego jednej jednemu jednym jedną", 2: "dwa dwie dwóch dwu dwoma dwom dwoje dwojga",
    3: "trzy trzech trzem trzema troje trojga", 4: "cztery czterech czterem czterema czworo czworga",
    5: "pięć pięciu pięcioma", 6: "sześć sześciu sześcioma", 7: "siedem siedmiu siedmioma",
    8: "osiem ośmiu ośmioma", 9: "dziewięć dziewięciu dziewięcioma",
}
_TENS = {
    10: "dziesięć dziesięciu dziesięcioma", 11: "jedenaście jedenastu jedenastoma",
    12: "dwanaście dwunastu dwunastoma", 13: "trzynaście trzynastu trzynastoma",
    14: "czternaście czternastu czternastoma", 15: "piętnaście piętnastu piętnastoma",
    16: "szesnaście szesnastu szesnastoma", 17: "siedemnaście siedemnastu siedemnastoma",
    18: "osiemnaście osiemnastu osiemnastoma", 19: "dziewiętnaście dziewiętnastu dziewiętnastoma",
    20: "dwadzieścia dwudziestu dwudziestoma", 30: "trzydzieści trzydziestu trzydziestoma",
    40: "czterdzieści czterdziestu czterdziestoma", 50: "pięćdziesiąt pięćdziesięciu pięćdziesięcioma",
    60: "sześćdziesiąt sześćdziesięciu sześćdziesięcioma", 70: "siedemdziesiąt siedemdziesięciu siedemdziesięcioma",
    80: "osiemdziesiąt osiemdziesięciu osiemdziesięcioma",
    90: "dziewięćdziesiąt dziewięćdziesięciu dziewięćdziesięcioma",
}
_HUNDREDS = {
    100: "sto stu", 200: "dwieście dwustu dwustoma", 300: "trzysta trzystu trzystoma",
    400: "czterysta czterystu czterystoma", 500: "pięćset pięciuset", 600: "sześćset sześciuset",
    700: "siedemset siedmiuset", 800: "osiemset ośmiuset", 900: "dziewięćset dziewięciuset",
}
_SCALES = {1000: "tysiąc tysiąca tysiące tysięcy tysiącem tysiącach tys. tys", 1_000_000: "milion miliona miliony "
           "milionów milionem milionach mln. mln", 1_000_000_000: "miliard miliarda miliardy miliardów mld. mld"}
_WORD_PLACE: dict[str, tuple[int, int]] = {
    w: (value, place) for place, table in ((1, _UNITS), (2, _TENS), (3, _HUNDREDS))
    for value, forms in table.items() for w in forms.split()
}
_SCALE_WORDS = {w: value for value, forms in _SCALES.items() for w in forms.split()}
_ONE_OF_UNIT = {w: 1 for w in ["rok", "roku", "miesiąc", "miesiąca", "tydzień", "tygodnia", "dzień", "dnia",
                               "godzinę", "godzina"]}
"""A unit noun printed without a number means one of it ("trwał prawie rok"): counts only, never money."""
_CURRENCY_WORDS = re.compile(r"\b(?:złotych|złote|złoty|złotego)\b", re.IGNORECASE)

# Number adjectives of a length ("trzyletni projekt", "siedmioletniego", "sześciomiesięczny", "dwutygodniowy"):
# the number they are made of; the unit column says years, months, weeks or days, and must be the adjective's own.
_ADJECTIVE_STEMS = {
    "jedno": 1, "dwu": 2, "trzy": 3, "cztero": 4, "pięcio": 5, "sześcio": 6, "siedmio": 7, "ośmio": 8,
    "dziewięcio": 9, "dziesięcio": 10, "jedenasto": 11, "dwunasto": 12, "piętnasto": 15, "osiemnasto": 18,
    "dwudziesto": 20, "dwudziestocztero": 24, "trzydziesto": 30, "trzydziestosześcio": 36,
}
LENGTH_ADJECTIVE_UNITS = {"letn": "years", "roczn": "years", "miesięczn": "months", "tygodniow": "weeks",
                          "dniow": "days"}
"""The length an adjective's ending names: 'trzyletni' is three years, 'sześciomiesięczny' six months."""
_LENGTH_ADJECTIVE = re.compile(
    rf"^(?P<stem>{'|'.join(sorted(_ADJECTIVE_STEMS, key=len, reverse=True))})"
    rf"(?P<end>{'|'.join(LENGTH_ADJECTIVE_UNITS)})(?:i|y|a|e|ego|ej|im|ym|iego|ą)$", re.IGNORECASE)
# Ordinals ("szósty rok", "III edycja" is a code): the number they name
_ORDINALS = {
    1: "pierwszy pierwsza pierwsze pierwszego pierwszej pierwszym", 2: "drugi druga drugie drugiego drugiej drugim",
    3: "trzeci trzecia trzecie trzeciego trzeciej trzecim", 4: "czwarty czwarta czwarte czwartego czwartej czwartym",
    5: "piąty piąta piąte piątego piątej piątym", 6: "szósty szósta szóste szóstego szóstej szóstym",
    7: "siódmy siódma siódme siódmego siódmej siódmym", 8: "ósmy ósma ósme ósmego ósmej ósmym",
    9: "dziewiąty dziewiąta dziewiąte dziewiątego dziewiątej dziewiątym",
    10: "dziesiąty dziesiąta dziesiąte dziesiątego dziesiątej dziesiątym",
}
_ORDINAL_WORDS = {w: n for n, forms in _ORDINALS.items() for w in forms.split()}


def length_adjective(word: str) -> tuple[int, str] | None:
    """('trzyletni') -> (3, 'years'); None for any other word.

    >>> length_adjective("siedmioletniego"), length_adjective("sześciomiesięczny"), length_adjective("letni")
    ((7, 'years'), (6, 'months'), None)
    """
    m = _LENGTH_ADJECTIVE.match(word.strip())
    if m is None:
        return None
    return _ADJECTIVE_STEMS[m["stem"].lower()], LENGTH_ADJECTIVE_UNITS[m["end"].lower()]

MAX_WHOLE_DIGITS = 13  # whole part of any figure: up to 9 999 999 999 999
_SPACES = "\u0020\u00a0\u202f"  # space, no-break space, narrow no-break space: all used as thousands separators
_NUM = (
    rf"[0-9]{{1,3}}(?:[{_SPACES}][0-9]{{3}})+(?:,[0-9]+)?"  # 4 800 000,00
    r"|[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?"  # 168.988,11 · 15.000
    r"|[0-9]+,[0-9]+"  # 26,9
    r"|[0-9]+\.[0-9]{1,2}"  # 102.5 (a decimal point; never three digits, which would be grouping)
    r"|[0-9]+"
)
_WORDS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_QUALS = "|".join(re.escape(w) for w in sorted(QUALIFIER_WORDS, key=len, reverse=True))
_DASH = r"\s*(?:-|–|—)\s*|\s+do\s+"
_QUANTITY_RE = re.compile(
    rf"^\s*(?:(?P<qual>{_QUALS})\s*:?\s*)?"
    rf"(?P<a>{_NUM}|{_WORDS})"
    rf"(?:(?:{_DASH})(?P<b>{_NUM}|{_WORDS}))?"
    r"\s*(?P<cur>,-\s*zł\.?|,-|zł\.?|PLN)?"
    r"\s*(?P<pct>%)?\s*$",
    re.IGNORECASE,
)

_QUALIFIER_PREFIX = re.compile(rf"^\s*(?:{_QUALS})\s*:?\s+", re.IGNORECASE)

_EXPECTED = {
    "money": "a Polish amount such as '4 800 000,00 zł', '168.988,11 zł', '15.000,-zł', 'blisko 22 000 zł', "
             "'1,5 mln zł', '1 839 490, 74 zł' (a space typed after the decimal comma) or in words ('prawie dwustu "
             "tysięcy złotych')",
    "number": "a count such as '28', 'min. 60', '5-10', 'co najmniej 106', 'około 45', in words ('dwóch', "
              "'Dwadzieścia', 'stu dwudziestu') or a unit noun meaning one ('prawie rok')",
    "percent": "a percentage such as '53%', '26,9%' or 'około 40%'",
}


@dataclass(frozen=True)
class Where:
    """Where a Series came from, for error messages: table name and the file line of each row."""

    table: str
    column: str
    lines: pd.Series | None = None  # file line per index label; None means "row position + 2" (header is line 1)

    def line_of(self, s: pd.Series, label) -> int:
        if self.lines is not None:
            return int(self.lines.loc[label])
        return int(s.index.get_loc(label)) + 2


def _problems(s: pd.Series, bad: pd.Series, where: Where, expected: str) -> list[Problem]:
    return [
        Problem(where.table, where.line_of(s, label), where.column, str(s.loc[label]), expected)
        for label in bad[bad].index
    ]


def _decimal_parts(tokens: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Split number tokens into whole digits and fraction digits (strings), vectorised.

    '4 800 000,00' -> ('4800000', '00'); '168.988,11' -> ('168988', '11'); '15.000' -> ('15000', '');
    '102.5' -> ('102', '5'); 'dwóch' -> ('2', '').
    """
    t = tokens.astype("str")
    words = t.str.lower().map(NUMBER_WORDS)  # only ASCII digits reach here: the regex uses [0-9], not \d
    comma = t.str.partition(",")
    whole, frac = comma[0], comma[2]
    dot_grouped = whole.str.fullmatch(r"[0-9]{1,3}(?:\.[0-9]{3})+")
    # without a comma, a dot followed by one or two digits is a decimal point ('102.5')
    dot_decimal = (comma[1] == "") & whole.str.contains(".", regex=False) & ~dot_grouped
    point = whole.str.partition(".")
    whole = whole.where(~dot_decimal, point[0])
    frac = frac.where(~dot_decimal, point[2])
    whole = whole.str.replace(rf"[.{_SPACES}]", "", regex=True)
    is_word = words.notna()
    whole = whole.where(~is_word, words.astype("Int64").astype("str"))
    frac = frac.where(~is_word, "")
    return whole, frac


def _convert(tokens: pd.Series, kind: QuantityKind) -> tuple[pd.Series, pd.Series]:
    """(numbers, ok): Int64 grosze for money, float64 otherwise (a share 0..1 for percent)."""
    present = tokens.notna()
    whole, frac = _decimal_parts(tokens.fillna("0"))
    # more than a trillion złoty is a typing error, and would overflow exact int64 grosze
    sane = whole.str.len() <= MAX_WHOLE_DIGITS
    whole = whole.where(sane, "0")
    if kind == "money":
        ok = (frac.str.len() <= 2) & sane
        grosze = whole.astype("int64") * 100 + frac.str.pad(2, side="right", fillchar="0").str[:2].where(
            ok, "0").astype("int64")
        return grosze.astype("Int64").where(present, pd.NA), ok | ~present
    number = (whole + "." + frac.replace("", "0")).astype("float64")
    if kind == "percent":  # rounding removes the float noise of the division (26,9 % -> 0.269)
        number = (number / 100.0).round(12)
    return number.where(present, np.nan), sane | ~present


def _words_value(words: list[str]) -> int | None:
    """'dwustu tysięcy' -> 200000, 'Dwadzieścia' -> 20; None for a sequence that is not one number.

    Within each group of three digits the words must fall in place order (hundreds, tens or teens, units), and
    scales (tysiąc, milion) must decrease: 'dwa dwa' or 'tysiąc milionów' are not numbers."""
    total, group, last_place, last_scale = 0, 0, 4, None
    for w in words:
        w = w.lower()
        if w in _WORD_PLACE:
            value, place = _WORD_PLACE[w]
            if place >= last_place or (last_place == 2 and group % 100 >= 10 and group % 100 < 20):
                return None
            group += value
            last_place = place
        elif w in _SCALE_WORDS:
            scale = _SCALE_WORDS[w]
            if last_scale is not None and scale >= last_scale:
                return None
            total += (group or 1) * scale
            group, last_place, last_scale = 0, 4, scale
        else:
            return None
    return total + group


_WORD_TOKEN = "|".join(sorted((re.escape(w) for w in [*_WORD_PLACE, *_SCALE_WORDS]), key=len, reverse=True))
_WORD_RUN = re.compile(rf"(?<![\w.])(?:{_WORD_TOKEN})(?:\s+(?:{_WORD_TOKEN}))*(?![\w])", re.IGNORECASE)
_DIGITS_SCALE = re.compile(rf"(?P<n>{_NUM})\s*(?P<s>tys\.?|tysięcy|tysiące|tysiąc|mln\.?|milionów|miliony|miliona|"
                           r"milion|mld\.?|miliardów|miliardy)(?![\w])", re.IGNORECASE)


_MIXED_SCALES = re.compile(
    rf"(?P<big>(?:{_NUM})\s*(?:mln\.?|milionów|miliony|miliona|milion))\s+"
    rf"(?P<small>(?:{_NUM})\s*(?:tys\.?|tysięcy|tysiące|tysiąc))(?![\w])", re.IGNORECASE)


def _mixed_sum(m: re.Match, scaled) -> str:
    """'1 milion 100 tysięcy' -> '1100000': the parts added up, only where the smaller part is under the larger
    scale (100 tysięcy < 1 milion) and both are whole numbers; else the text as it was."""
    big, small = _DIGITS_SCALE.match(m["big"]), _DIGITS_SCALE.match(m["small"])
    if big is None or small is None:
        return m.group()
    big_value, small_value = scaled(big), scaled(small)
    if not (big_value.isdigit() and small_value.isdigit() and int(small_value) < 1_000_000):
        return m.group()
    return str(int(big_value) + int(small_value))


def _spelled_out(text: str, kind: QuantityKind) -> str:
    """Text with numbers written in words, or with a scale word after digits, replaced by digits, and currency
    words by 'zł': 'prawie dwustu tysięcy złotych' -> 'prawie 200000 zł', '1,5 mln zł' -> '1500000 zł'. Anything
    that is not a clean number stays as it was, for the regex to reject."""
    if not any(c.isalpha() for c in text):
        return text
    out = _CURRENCY_WORDS.sub("zł", text)

    def scaled(m: re.Match) -> str:
        whole, frac = _decimal_parts(pd.Series([m["n"]], dtype="str"))
        word = m["s"].lower().rstrip(".")
        scale = 1000 if word.startswith("tys") else 1_000_000 if word.startswith(("mln", "milion")) else 10 ** 9
        digits = frac.iloc[0]
        value = (int(whole.iloc[0]) * 10 ** len(digits) + int(digits or 0)) * scale
        if value % 10 ** len(digits):
            return m.group()  # a fraction of a złoty (or of a person) is not what a scale word means
        return str(value // 10 ** len(digits))

    # "1 milion 100 tysięcy złotych": digits with a scale word, then smaller ones; added up, scales decreasing
    out = _MIXED_SCALES.sub(lambda m: _mixed_sum(m, scaled), out)
    out = _DIGITS_SCALE.sub(scaled, out)

    def worded(m: re.Match) -> str:
        words = m.group().split()
        if len(words) == 1 and words[0].lower() in NUMBER_WORDS:
            return m.group()  # the short forms the regex reads itself ('dwóch', 'raz')
        value = _words_value(words)
        return m.group() if value is None else str(value)

    out = _WORD_RUN.sub(worded, out)
    if kind == "number":
        qual = _QUALIFIER_PREFIX.match(out)
        rest = (out[qual.end():] if qual else out).strip()
        adjective = length_adjective(rest)
        number = adjective[0] if adjective else _ORDINAL_WORDS.get(rest.lower())
        if number is not None:
            out = (out[: qual.end()] if qual else "") + str(number)
        qual = _QUALIFIER_PREFIX.match(out)
        rest = out[qual.end():] if qual else out
        if rest.strip().lower() in _ONE_OF_UNIT:
            out = out[: len(out) - len(rest)] + "1"
    return out


# Any word _spelled_out may rewrite, as a substring: a cheap vectorised filter, so that the usual '4 800 000,00 zł'
# never reaches the Python function (false positives only cost time).
_SPELLED_FILTER = "|".join(sorted({re.escape(w.rstrip(".")) for w in [*_WORD_PLACE, *_SCALE_WORDS, *_ONE_OF_UNIT,
                                                                       *_ORDINAL_WORDS, *LENGTH_ADJECTIVE_UNITS,
                                                                       "złot"]}, key=len, reverse=True))


def _with_digits(uniques: pd.Series, kind: QuantityKind) -> pd.Series:
    """Distinct strings with numbers in words replaced by digits (see :func:`_spelled_out`)."""
    candidates = uniques.str.contains(_SPELLED_FILTER, case=False, regex=True).fillna(False).astype(bool)
    if not candidates.any():
        return uniques
    out = uniques.astype("object").copy()
    out[candidates] = uniques[candidates].map(lambda u: _spelled_out(u, kind))
    return out.astype("str")


_SPACED_GROSZE = re.compile(r"([0-9]),[ \u00a0]([0-9]{2})(?=[ \u00a0]*(?:zł|PLN|złotych)?[ \u00a0]*$)", re.IGNORECASE)
_AFTER_ORDINAL = re.compile(r"^(\s*)po\s+([0-9]+)\.\s*$", re.IGNORECASE)


def _parse_distinct(uniques: pd.Series, kind: QuantityKind) -> tuple[pd.DataFrame, pd.Series]:
    """Parse distinct strings; returns the parsed frame and a boolean Series of those that could not be read."""
    # "po 50. roku życia" (after the 50th year of age): an ordinal after "po" is a lower bound; "po 2 godziny"
    # (2 hours each) is not, so only the ordinal form is read so
    uniques = uniques.str.replace(_AFTER_ORDINAL, r"\1powyżej \2", regex=True)
    if kind == "money":  # '1 839 490, 74 zł' (PCPR Kościan): a space typed after the decimal comma of the grosze
        uniques = uniques.str.replace(_SPACED_GROSZE, r"\1,\2", regex=True)
    g = _with_digits(uniques, kind).str.extract(_QUANTITY_RE)
    matched = g["a"].notna()
    qual = g["qual"].str.lower().map(QUALIFIER_WORDS).fillna("exact").astype("str")
    has_b = g["b"].notna()
    kind_ok = (g["pct"].notna() == (kind == "percent")) & (g["cur"].isna() | (kind == "money"))
    a, a_ok = _convert(g["a"].where(matched), kind)
    b, b_ok = _convert(g["b"], kind)
    range_ok = ~has_b | (qual.isin(["exact", "about", "from"]) & (b >= a).fillna(False).astype(bool))
    ok = matched & kind_ok & a_ok & b_ok & range_ok & ~(~has_b & (qual == "from"))
    qualifier = qual.where(~has_b, np.where(qual == "about", "about_range", "range"))
    # bounds implied by each qualifier; "about" has none
    lower_from_a = qualifier.isin(list(BOUNDED_BELOW_QUALIFIERS | TWO_SIDED_QUALIFIERS))
    upper_from_a = qualifier.isin(["exact", *UPPER_BOUND_QUALIFIERS])
    out = pd.DataFrame(
        {
            "value": a.where(~has_b),
            "value_lower": a.where(lower_from_a),
            "value_upper": a.where(upper_from_a).where(~has_b, b),
            "qualifier": qualifier,
        },
        index=uniques.index,
    )
    return out, ~ok.fillna(False).astype(bool)


def parse_quantities(values: pd.Series, kind: QuantityKind, where: Where) -> pd.DataFrame:
    """Parse figures with their qualifiers, vectorised over the distinct strings.

    Returns columns ``value``, ``value_lower``, ``value_upper`` and ``qualifier``. For money they are nullable
    Int64 grosze (the caller names them ``…_grosze``); otherwise float64 (percent as a share 0..1). ``value`` is
    the single figure stated (empty for a range); ``value_lower``/``value_upper`` are the bounds it implies (empty
    where unbounded; both empty for "about").
    """
    s = values.astype("str")
    codes, uniques = pd.factorize(s)
    parsed, bad_unique = _parse_distinct(pd.Series(uniques, dtype="str"), kind)
    bad = pd.Series(bad_unique.to_numpy()[codes], index=s.index)
    if bad.any():
        raise ParseError(_problems(s, bad, where, _EXPECTED[kind]))
    out = parsed.iloc[codes].set_axis(s.index)
    return out


# --- dates ------------------------------------------------------------------------------------------------------
MONTHS: dict[str, int] = {}
for _n, _forms in enumerate(
    [
        "styczeń stycznia styczniu", "luty lutego lutym", "marzec marca marcu", "kwiecień kwietnia kwietniu",
        "maj maja maju", "czerwiec czerwca czerwcu", "lipiec lipca lipcu", "sierpień sierpnia sierpniu",
        "wrzesień września wrześniu", "październik października październiku", "listopad listopada listopadzie",
        "grudzień grudnia grudniu",
    ],
    start=1,
):
    for _f in _forms.split():
        MONTHS[_f] = _n
# English month names: pages of the European Commission about these projects are in English ('07 August 2019')
for _n, _f in enumerate(["january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december"], start=1):
    MONTHS.setdefault(_f, _n)

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
# "do końca czerwca 2022" (until the end of June 2022) is the month's last day as the end: read as "do czerwca 2022"
_DATE_PREFIX = (r"(?:(?P<pre>od|do(?:\s+końca)?|z\s+końcem|w|we|na|z dnia|dnia|ok\.?|około)\s+)?"
                r"(?:(?:roku|rok|latach)\s+)?")
_DATE_SUFFIX = r"\s*(?:r\.|r|roku|rok)?\s*$"
_DATE_FORMS = [
    # '01.06.2008', and '01.06 2008' (a space typed for the last dot: Kraków's 'Okres realizacji: 01.06 2008')
    ("day", re.compile(rf"^\s*{_DATE_PREFIX}(?P<d>[0-9]{{1,2}})\.(?P<m>[0-9]{{1,2}})(?:\.|\s)(?P<y>[0-9]{{4}})"
                       rf"{_DATE_SUFFIX}", re.I)),
    ("day", re.compile(rf"^\s*{_DATE_PREFIX}(?P<d>[0-9]{{1,2}})\s+(?P<mn>{_MONTH_ALT})\s+(?P<y>[0-9]{{4}})"
                       rf"{_DATE_SUFFIX}", re.I)),
    ("month", re.compile(rf"^\s*{_DATE_PREFIX}(?P<mn>{_MONTH_ALT})\s+(?P<y>[0-9]{{4}}){_DATE_SUFFIX}", re.I)),
    ("years", re.compile(rf"^\s*{_DATE_PREFIX}(?P<y>[0-9]{{4}})\s*(?:/|-|–|—)\s*(?P<y2>[0-9]{{4}})"
                         rf"{_DATE_SUFFIX}", re.I)),
    ("year", re.compile(rf"^\s*{_DATE_PREFIX}(?P<y>[0-9]{{4}}){_DATE_SUFFIX}", re.I)),
]
_DATE_EXPECTED = (
    "a Polish date such as '01.03.2020', '01.06 2008', '11 czerwca 2007', 'sierpniu 2018', 'do marca 2021', "
    "'do końca czerwca 2022', '2007', "
    "'2008 – 2013', 'od 01.01.2012 r. do dnia 31.12.2013 r.' or 'ok roku 2018/2019' (or an English one: "
    "'07 August 2019')"
)


def _month_end(y: int, m: int) -> date:
    return date(y + (m == 12), m % 12 + 1, 1).fromordinal(date(y + (m == 12), m % 12 + 1, 1).toordinal() - 1)


_DATE_SPAN = re.compile(r"^\s*(?:od\s+)?(?P<a>\S.*?)\s*(?:\s(?:do(?:\s+dnia)?)\s|\s?[–—-]\s?)\s*(?P<b>\S.*)$",
                        re.I)
"""A period printed as its two ends: 'od 01.01.2012 r. do dnia 31.12.2013 r.', '01.02.2019 – 31.12.2020'."""
_PRECISION_ORDER = ("day", "month", "year")


def _parse_one_date(text: str):
    """(lower, upper, precision, qualifier) or None. Bounds are the first and last day the text can mean."""
    one = _parse_single_date(text)
    if one is not None:
        return one
    m = _DATE_SPAN.match(text)
    if m is None:
        return None
    a, b = _parse_single_date(m["a"]), _parse_single_date(m["b"])
    if a is None or b is None or a[3] != "exact" or b[3] != "exact" or a[0] > b[1]:
        return None
    precision = max(a[2], b[2], key=_PRECISION_ORDER.index)  # the coarser end: '01.2012 – 31.12.2013' is months
    return (a[0], b[1], precision, "range")


def _parse_single_date(text: str):
    for precision, rx in _DATE_FORMS:
        m = rx.match(text)
        if m is None:
            continue
        try:
            y = int(m["y"])
            if precision == "day":
                month = int(m["m"]) if "m" in m.groupdict() and m["m"] else MONTHS[m["mn"].lower()]
                lower = upper = date(y, month, int(m["d"]))
            elif precision == "month":
                month = MONTHS[m["mn"].lower()]
                lower, upper = date(y, month, 1), _month_end(y, month)
            elif precision == "years":
                y2 = int(m["y2"])
                if y2 <= y:
                    return None
                lower, upper = date(y, 1, 1), date(y2, 12, 31)
                precision = "year"
            else:
                lower, upper = date(y, 1, 1), date(y, 12, 31)
        except ValueError:  # 31.02.2020, month 13
            return None
        if not 1900 <= y <= 2100:
            return None
        about = (m["pre"] or "").lower().startswith(("ok", "około"))
        ranged = m.groupdict().get("y2") is not None
        qualifier = ("about_range" if about else "range") if ranged else ("about" if about else "exact")
        return (lower, upper, precision, qualifier)
    return None


def parse_dates(values: pd.Series, where: Where) -> pd.DataFrame:
    """Parse Polish dates, months, years and year ranges.

    Returns ``date_lower`` and ``date_upper`` (datetime64[s]: the first and last day the text can mean),
    ``date_precision`` (day / month / year) and ``qualifier`` (exact / about / range / about_range).
    "od" and "do" before a date mark the start or end of a period; they are not bounds of the date itself.
    """
    s = values.astype("str")
    uniques = pd.unique(s.to_numpy())
    parsed = {u: _parse_one_date(u) for u in uniques}
    bad = s.map(lambda u: parsed[u] is None).astype(bool)
    if bad.any():
        raise ParseError(_problems(s, bad, where, _DATE_EXPECTED))
    table = pd.DataFrame.from_dict(
        parsed, orient="index", columns=["date_lower", "date_upper", "date_precision", "qualifier"]
    )
    out = table.reindex(s.to_numpy())
    out.index = s.index
    for col in ("date_lower", "date_upper"):
        out[col] = pd.to_datetime(out[col]).astype("datetime64[s]")
    for col in ("date_precision", "qualifier"):
        out[col] = out[col].astype("str")
    return out


# --- programme codes --------------------------------------------------------------------------------------------
_ROMAN = re.compile(r"^(?=[MDCLXVI])M{0,3}(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_AXIS_RE = re.compile(r"^\s*(?:(?:Oś priorytetowa|Oś|Priorytet)\s*:?\s*)?(?P<code>[IVXLCDM]+|[0-9]{1,2})\.?\s*$",
                      re.I)
"""An axis: 'IX', 'Priorytet VII', or in digits as some programmes print it ('Oś Priorytetowa 7'), kept in Roman
numerals so that codes compare across programmes."""
_MEASURE_RE = re.compile(r"^\s*(?:(?:Poddziałanie|Działanie)\s*:?\s*)?(?P<lead>[0-9]{1,2}|[IVXLCDM]+)"
                         r"(?P<rest>(?:\.[0-9]{1,2}){1,2})\.?\s*$", re.I)
"""A measure code: '9.2.', 'Działanie 2.5', or with the axis in Roman numerals as some programmes print it
('IX.2.1' in RPO Łódzkie): the Roman part is normalised to digits ('9.2.1') so codes compare across programmes."""


def roman_to_int(code: str) -> int:
    """'IX' -> 9. Raises ValueError on anything that is not a canonical Roman numeral."""
    if not _ROMAN.match(code):
        raise ValueError(f"not a Roman numeral: {code!r}")
    total = 0
    for ch, nxt in zip(code, code[1:] + " "):
        v = _ROMAN_VALUES[ch]
        total += -v if nxt != " " and _ROMAN_VALUES[nxt] > v else v
    return total


def int_to_roman(n: int) -> str:
    """7 -> 'VII' (1..39, the range of priority axes)."""
    return "X" * (n // 10) + ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][n % 10]


_CALL_CODE_RE = re.compile(r"^\s*(?:(?:Oś priorytetowa|Oś|Działanie|Poddziałanie)\s*:?\s*)?RP[A-Z]{2}\.(?P<a>[0-9]{2})"
                           r"\.(?P<m>[0-9]{2})\.(?P<s>[0-9]{2})\.?\s*$", re.I)
"""A code in the form of an RPO's call numbers ('RPSW.09.00.00' an axis, 'RPSW.09.01.00' a measure,
'RPSW.09.01.02' a sub-measure): zeros mark the levels the code does not name."""


def _call_code(text: str, level: str) -> str | None:
    m = _CALL_CODE_RE.match(text)
    if m is None or int(m["a"]) == 0 or int(m["a"]) >= 40:
        return None
    axis, measure, sub = int(m["a"]), int(m["m"]), int(m["s"])
    if level == "priority_axis":
        return int_to_roman(axis) if measure == 0 and sub == 0 else None
    if level == "measure_code":
        return f"{axis}.{measure}" if measure and not sub else None
    return f"{axis}.{measure}.{sub}" if measure and sub else None


def _parse_one_code(text: str, level: str):
    if _CALL_CODE_RE.match(text):
        return _call_code(text, level)
    if level == "priority_axis":
        m = _AXIS_RE.match(text)
        if m is not None and m["code"].isdigit() and 0 < int(m["code"]) < 40:
            return int_to_roman(int(m["code"]))
        if m is None or not _ROMAN.match(m["code"].upper()):
            return None
        return m["code"].upper()
    m = _MEASURE_RE.match(text)
    if m is None:
        return None
    lead = m["lead"]
    if not lead.isdigit():
        if not _ROMAN.match(lead.upper()) or lead != lead.upper():
            return None
        lead = str(roman_to_int(lead))
    code = lead + m["rest"]
    depth = code.count(".")
    if (level == "measure_code" and depth != 1) or (level == "submeasure_code" and depth != 2):
        return None
    return code


def parse_programme_codes(values: pd.Series, level: str, where: Where) -> pd.Series:
    """Normalise priority axis ('IX', 'Priorytet VII'), measure ('9.2.') and sub-measure ('9.1.6.') codes."""
    s = values.astype("str")
    parsed = {u: _parse_one_code(u, level) for u in pd.unique(s.to_numpy())}
    bad = s.map(lambda u: parsed[u] is None).astype(bool)
    if bad.any():
        expected = {
            "priority_axis": "a priority axis such as 'IX', 'Priorytet VII', 'Oś 7.' or 'RPSW.09.00.00'",
            "measure_code": "a measure code such as '9.2.', '2.5', 'IX.2' or 'RPSW.09.01.00'",
            "submeasure_code": "a sub-measure code such as '9.1.6.', '7.1.1', 'IX.2.1' or 'RPSW.09.01.02'",
        }[level]
        raise ParseError(_problems(s, bad, where, expected))
    return s.map(parsed).astype("str")


# --- formatting (the inverse, for reports and property tests) ---------------------------------------------------
def format_pln_grosze(grosze: int, *, grouping: str = "\u00a0", decimals: bool = True) -> str:
    """Format grosze the Polish way: 480000000 -> '4 800 000,00 zł' (no-break spaces between groups)."""
    sign = "-" if grosze < 0 else ""
    whole, frac = divmod(abs(int(grosze)), 100)
    digits = f"{whole:,}".replace(",", grouping)
    return f"{sign}{digits},{frac:02d}\u00a0zł" if decimals else f"{sign}{digits}\u00a0zł"


__all__ = [
    "QUALIFIERS", "NUMBER_WORDS", "MONTHS", "Where", "parse_quantities", "parse_dates", "parse_programme_codes",
    "roman_to_int", "format_pln_grosze",
]
