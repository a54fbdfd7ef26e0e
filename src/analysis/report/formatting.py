"""Numbers as reports print them, in English (``en``) and Polish (``pl``), via Babel's CLDR data.

Never the ``locale`` module: it depends on the system's locales (there is no pl_PL here) and is process-global.

House style
-----------
* Grouping: every number of 1000 or more is grouped ('6 000 zł', 'PLN 6,000'). This is Babel's default; CLDR's
  Polish ``minimumGroupingDigits = 2`` (which would print '6000 zł') is deliberately not followed, so that columns
  of amounts line up and read alike.
* Polish: no-break space (U+00A0) between groups, decimal comma, unit after the number: '4 800 000,00 zł'.
  English: comma grouping, decimal point, ISO code before the number: 'PLN 4,800,000.00'.
* Units and qualifier signs are joined to the number with a no-break space, so HTML never wraps '≥' or 'zł'
  onto a line of its own: '≥ 60', '≈ 22 000 zł'.
* Ranges use an en dash without spaces and print the unit once: '6 000–12 000 zł', 'PLN 6,000–12,000', '10–20%'.
* Shares (fractions 0..1) follow Babel's percent pattern of the locale: '85,0%' (pl), '85.0%' (en), no space.
* Rounding is half up on the decimal value as written (Decimal(repr(x))), so 0.125 with two decimals is '0,13'
  and a float's binary noise never moves a digit; '-0' is never printed.
* Negative numbers carry the locale's minus sign (CLDR: '-') right before the digits: '-6 000 zł', 'PLN -6,000'.
* Missing values (None, NaN, pd.NA) print as an em dash '—'.
"""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Literal, get_args

import pandas as pd
from babel import Locale
from babel.numbers import format_decimal, parse_pattern
from matplotlib.ticker import FuncFormatter

from analysis.core.vocabulary import QUALIFIERS, TWO_SIDED_QUALIFIERS
from analysis.report.labels import label

Kind = Literal["money", "count", "share"]
KINDS: tuple[str, ...] = get_args(Kind)

MISSING = "—"
NBSP = "\u00a0"
DASH = "–"  # en dash between the ends of a range
DEFAULT_DECIMALS = {"money": 0, "count": 0, "share": 1}
QUALIFIER_SIGNS = {"about": "≈", "at_least": "≥", "more_than": ">", "at_most": "≤", "less_than": "<"}
# A bound is rounded outwards, never past itself: '≥ 937,50 zł' shown without decimals is '≥ 937 zł' (938 would
# claim more than the documents support), '≤ 13 005,49 zł' is '≤ 13 006 zł'; a range widens to whole units.
BOUND_ROUNDING = {"at_least": ROUND_FLOOR, "more_than": ROUND_FLOOR, "at_most": ROUND_CEILING,
                  "less_than": ROUND_CEILING}

Number = float | int | Decimal


def _locale(lang: str) -> Locale:
    return Locale.parse(label("babel_locale", lang))


def is_missing(x: object) -> bool:
    """True for None, NaN and pd.NA (scalars only)."""
    return x is None or x is pd.NA or bool(pd.isna(x))


def _decimal(x: Number, decimals: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """x rounded (half up unless told otherwise) to ``decimals`` places, from its shortest decimal repr (no binary
    float noise)."""
    if not math.isfinite(x):  # an infinite cost means a division by zero upstream: fail, never print '∞'
        raise ValueError(f"cannot format a non-finite number: {x!r}")
    d = x if isinstance(x, Decimal) else Decimal(int(x)) if float(x).is_integer() else Decimal(repr(float(x)))
    rounded = d.quantize(Decimal(1).scaleb(-decimals), rounding=rounding)
    return rounded.copy_abs() if rounded == 0 else rounded  # no '-0'


def _digits(x: Number, lang: str, decimals: int, rounding: str = ROUND_HALF_UP) -> str:
    """Grouped number without unit: '4 800 000,00' (pl), '4,800,000.00' (en)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(_decimal(x, decimals, rounding), format=pattern, locale=_locale(lang))


def _percent_affixes(lang: str) -> tuple[str, str]:
    """(prefix, suffix) of the locale's positive percent pattern: ('', '%') for both en and pl."""
    pattern = parse_pattern(_locale(lang).percent_formats[None].pattern)
    return pattern.prefix[0], pattern.suffix[0]


def _with_unit(digits: str, lang: str, kind: str) -> str:
    """Attach the unit once, to a number or to a whole range."""
    if kind == "money":
        return label("money_amount", lang, amount=digits)
    if kind == "share":
        prefix, suffix = _percent_affixes(lang)
        return f"{prefix}{digits}{suffix}"
    return digits


def _bare(x: Number, lang: str, kind: str, decimals: int, rounding: str = ROUND_HALF_UP) -> str:
    """Number in the unit of its kind but without the unit: a share 0.85 gives '85,0'."""
    scaled = _decimal(x, 12) * 100 if kind == "share" else x  # scale exactly, not in binary
    return _digits(scaled, lang, decimals, rounding)


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    return kind


def _format(x: Number | None, lang: str, kind: str, decimals: int, rounding: str = ROUND_HALF_UP) -> str:
    if x is None or is_missing(x):
        return MISSING
    return _with_unit(_bare(x, lang, _check_kind(kind), decimals, rounding), lang, kind)


def format_money(amount: float | None, lang: str, decimals: int = 0) -> str:
    """Złoty: 4800000 -> '4 800 000 zł' (pl, no-break spaces) / 'PLN 4,800,000' (en)."""
    return _format(amount, lang, "money", decimals)


def format_count(x: float | None, lang: str, decimals: int = 0) -> str:
    """Persons, projects, hours: 1234 -> '1 234' (pl) / '1,234' (en)."""
    return _format(x, lang, "count", decimals)


def format_share(x: float | None, lang: str, decimals: int = 1) -> str:
    """A fraction 0..1 as a percentage: 0.85 -> '85,0%' (pl) / '85.0%' (en)."""
    return _format(x, lang, "share", decimals)


def _figure(value: Number | None, bound: Number | None) -> Number | None:
    """The number a one-sided or about figure shows: its bound where stated, else its value."""
    return value if is_missing(bound) else bound


def format_bounded(
    value: Number | None,
    lower: Number | None,
    upper: Number | None,
    qualifier: str | None,
    lang: str,
    kind: Kind,
    decimals: int | None = None,
) -> str:
    """A figure with its qualifier: '≤ 13 005 zł', '6 000–12 000 zł', '≈ 3–4', '85,0%'.

    ``exact`` and ``about`` show ``value``; ``at_least``/``more_than`` show ``lower`` (else ``value``);
    ``at_most``/``less_than`` show ``upper`` (else ``value``); ``range``/``about_range`` need both bounds.
    Anything missing prints '—'; an unknown qualifier raises ValueError.
    """
    _check_kind(kind)
    places = DEFAULT_DECIMALS[kind] if decimals is None else decimals
    if is_missing(qualifier):
        return MISSING
    if qualifier not in QUALIFIERS:
        raise ValueError(f"unknown qualifier {qualifier!r}; expected one of {', '.join(QUALIFIERS)}")
    if qualifier in TWO_SIDED_QUALIFIERS:
        if lower is None or upper is None or is_missing(lower) or is_missing(upper):
            return MISSING
        low, high = _bare(lower, lang, kind, places, ROUND_FLOOR), _bare(upper, lang, kind, places, ROUND_CEILING)
        text = _with_unit(f"{low}{DASH}{high}", lang, kind)
        return f"≈{NBSP}{text}" if qualifier == "about_range" else text
    figure = {
        "exact": value,
        "about": value,
        "at_least": _figure(value, lower),
        "more_than": _figure(value, lower),
        "at_most": _figure(value, upper),
        "less_than": _figure(value, upper),
    }[qualifier]
    text = _format(figure, lang, kind, places, BOUND_ROUNDING.get(qualifier, ROUND_HALF_UP))
    sign = QUALIFIER_SIGNS.get(qualifier)
    return f"{sign}{NBSP}{text}" if sign and text != MISSING else text


def last_number_shown(value: Number | None, lower: Number | None, upper: Number | None, qualifier: str | None,
                      decimals: int = 0) -> float | None:
    """The last number :func:`format_bounded` prints for a figure, rounded as it prints it (a bound outwards):
    the number whose plural form a following noun takes ('5–10 osób': 10; '≥ 937 zł': 937)."""
    if qualifier is None or is_missing(qualifier):
        return None
    if qualifier in TWO_SIDED_QUALIFIERS:
        x, rounding = upper, ROUND_CEILING
    else:
        x = {"at_least": _figure(value, lower), "more_than": _figure(value, lower), "at_most": _figure(value, upper),
             "less_than": _figure(value, upper)}.get(str(qualifier), value)
        rounding = BOUND_ROUNDING.get(str(qualifier), ROUND_HALF_UP)
    if x is None or is_missing(x):
        return None
    return float(_decimal(x, decimals, rounding))


def plural_category(n: float, lang: str) -> str:
    """CLDR plural category of ``n`` in ``lang`` (Babel): 'one' / 'other' (en); 'one' / 'few' / 'many' / 'other'
    (pl: 1 projekt, 2 projekty, 5 projektów, 22 projekty, 1,5 projektu)."""
    return _locale(lang).plural_form(abs(n))


def noun_form(n: float, noun: str, lang: str) -> str:
    """The form of ``noun`` (a key of :data:`analysis.report.labels.NOUNS`) that goes after the number ``n``."""
    from analysis.report.labels import NOUNS

    if noun not in NOUNS:
        raise KeyError(f"no plural forms for {noun!r}; add them to analysis.report.labels.NOUNS")
    forms = NOUNS[noun][lang]
    category = plural_category(n, lang)
    return forms.get(category, forms["other"])


def count_text(n: float | None, noun: str, lang: str, decimals: int = 0) -> str:
    """A count with its noun in the right plural form: '1 project', '5 projects'; '1 projekt', '2 projekty',
    '5 projektów', '22 projekty'. A missing count prints '—'."""
    if n is None or is_missing(n):
        return MISSING
    number = format_count(n, lang, decimals)
    value = float(_decimal(float(n), decimals))  # the category of the number as printed
    if decimals == 0:
        value = int(value)
    return f"{number}{NBSP}{noun_form(value, noun, lang)}"


def money_axis_formatter(lang: str) -> FuncFormatter:
    """Tick labels as whole złoty with grouping: '1 000 000 zł' / 'PLN 1,000,000'."""
    return FuncFormatter(lambda x, _pos: format_money(x, lang))


def count_axis_formatter(lang: str) -> FuncFormatter:
    """Tick labels as grouped whole numbers."""
    return FuncFormatter(lambda x, _pos: format_count(x, lang))


def share_axis_formatter(lang: str, decimals: int = 0) -> FuncFormatter:
    """Tick labels for an axis of fractions 0..1: '85%'."""
    return FuncFormatter(lambda x, _pos: format_share(x, lang, decimals))


def axis_formatter(kind: Kind, lang: str) -> FuncFormatter:
    """The tick formatter for a kind of figure."""
    return {"money": money_axis_formatter, "count": count_axis_formatter,
            "share": share_axis_formatter}[_check_kind(kind)](lang)


__all__ = [
    "KINDS", "MISSING", "Kind", "last_number_shown", "format_money", "format_count", "format_share", "format_bounded",
    "money_axis_formatter", "count_axis_formatter",
    "share_axis_formatter", "axis_formatter", "is_missing", "plural_category", "noun_form", "count_text",
]
