"""A bounded figure and its arithmetic: division and sums of figures printed with a qualifier.

``qualifier`` says how the numbers bound the fact (its meaning is defined once, in the qualifier sets of
:mod:`analysis.core.vocabulary`): ``exact`` and ``about`` are points (value = lower = upper for ``exact``; an
``about`` figure carries no bounds), ``at_least``/``more_than`` give a lower end only, ``at_most``/``less_than`` an
upper end only (the ``more_than``/``less_than`` ends are strict), ``range`` and ``about_range`` both ends and no
single value. ``None`` means no figure at all (missing, or named without an amount). Open ends are NaN.

Both stages use these rules: the pipeline divides columns of a frame (:func:`ratio`, a cost per participant), the
reports divide and add single figures (:func:`ratio_bounds`, :func:`sum_bounded`, a rate of an outcome).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from analysis.core.vocabulary import (
    APPROXIMATE_QUALIFIERS,
    LOWER_BOUND_QUALIFIERS,
    POINT_QUALIFIERS,
    STRICT_LOWER_QUALIFIERS,
    STRICT_UPPER_QUALIFIERS,
    TWO_SIDED_QUALIFIERS,
    UPPER_BOUND_QUALIFIERS,
)


class Bounded(NamedTuple):
    """(value, lower, upper, qualifier) of one figure; a tuple, so it unpacks like the parallel columns it holds.

    >>> Bounded.exact(60).scaled(2)
    Bounded(value=120, lower=120, upper=120, qualifier='exact')
    """

    value: float
    lower: float
    upper: float
    qualifier: str | None

    @classmethod
    def exact(cls, x: float) -> Bounded:
        """A figure known exactly."""
        return cls(x, x, x, "exact")

    def scaled(self, factor: float) -> Bounded:
        """Every number times ``factor`` (a positive factor keeps the qualifier's meaning)."""
        return Bounded(self.value * factor, self.lower * factor, self.upper * factor, self.qualifier)


NONE = Bounded(math.nan, math.nan, math.nan, None)
"""No figure."""


def number(x: Any) -> float:
    """A cell as a float: NaN for None, pd.NA and NaN.

    >>> number(None), number(3)
    (nan, 3.0)
    """
    return math.nan if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)) else float(x)


def ends(value: object, lower: object, upper: object, qualifier: object) -> Bounded:
    """A figure's cells as a :class:`Bounded` with the ends its qualifier gives (NaN where open).

    A missing qualifier with a value is exact; without a value it is no figure; a qualifier that is not a number's
    (``unquantified``) is no figure.

    >>> ends(60, None, None, "at_least")
    Bounded(value=60.0, lower=60.0, upper=nan, qualifier='at_least')
    >>> ends(None, 10, 20, "range").lower
    10.0
    """
    v, lo, hi = number(value), number(lower), number(upper)
    q = None if qualifier is None or qualifier is pd.NA or isinstance(qualifier, float) else str(qualifier)
    if q is None:
        if math.isnan(v):
            return NONE
        q = "exact"
    if q in POINT_QUALIFIERS:
        return Bounded(v, v, v, q)
    if q in LOWER_BOUND_QUALIFIERS:
        lo = v if math.isnan(lo) else lo
        return Bounded(lo, lo, math.nan, q)
    if q in UPPER_BOUND_QUALIFIERS:
        hi = v if math.isnan(hi) else hi
        return Bounded(hi, math.nan, hi, q)
    if q in TWO_SIDED_QUALIFIERS:
        return Bounded(math.nan, lo, hi, q)
    return NONE


def ratio(num: pd.DataFrame, den: pd.DataFrame) -> pd.DataFrame:
    """Interval division of bounded non-negative figures (value, lower, upper, qualifier) -> the same columns.

    A count 'at least 60' in the denominator makes the ratio an upper bound; a range gives a range; 'about'
    stays 'about'; strict bounds ('more than') stay strict. Bounds are empty where unbounded. A denominator of
    which any number is zero gives no figure (no division by zero).

    >>> cols = ["value", "value_lower", "value_upper", "qualifier"]
    >>> total = pd.DataFrame([[780.0, 780.0, 780.0, "exact"]], columns=cols)
    >>> people = pd.DataFrame([[60.0, 60.0, np.nan, "at_least"]], columns=cols)
    >>> r = ratio(total, people).iloc[0]
    >>> float(r["value_upper"]), r["qualifier"]
    (13.0, 'at_most')
    """
    value = num["value"] / den["value"]
    lower = num["value_lower"] / den["value_upper"]
    upper = num["value_upper"] / den["value_lower"]
    about = num["qualifier"].isin(APPROXIMATE_QUALIFIERS) | den["qualifier"].isin(APPROXIMATE_QUALIFIERS)
    strict_upper = num["qualifier"].isin(STRICT_UPPER_QUALIFIERS) | den["qualifier"].isin(STRICT_LOWER_QUALIFIERS)
    strict_lower = num["qualifier"].isin(STRICT_LOWER_QUALIFIERS) | den["qualifier"].isin(STRICT_UPPER_QUALIFIERS)
    has_l, has_u = lower.notna(), upper.notna()
    qualifier = np.select(
        [about & value.notna(), about, has_l & has_u & (lower == upper), has_l & has_u,
         has_u & strict_upper, has_u, has_l & strict_lower, has_l],
        ["about", "about_range", "exact", "range", "less_than", "at_most", "more_than", "at_least"],
        default="",
    )
    qualifier = pd.Series(qualifier, index=num.index, dtype="str")
    # "about" figures carry no bounds
    lower = lower.where(~about | qualifier.eq("about_range"))
    upper = upper.where(~about | qualifier.eq("about_range"))
    out = pd.DataFrame({"value": value, "value_lower": lower, "value_upper": upper,
                        "qualifier": qualifier.replace("", pd.NA)})
    zero = den[["value", "value_lower", "value_upper"]].eq(0).any(axis=1)
    out.loc[zero, ["value", "value_lower", "value_upper"]] = math.nan
    out.loc[zero, "qualifier"] = pd.NA
    return out


def ratio_bounds(num: tuple, den: tuple) -> Bounded:
    """num / den for one pair of bounded figures, each (value, lower, upper, qualifier), by :func:`ratio`'s rule.

    Missing figures and a zero denominator give no figure (:func:`ratio`).

    >>> ratio_bounds((106, None, None, "at_least"), (839, None, None, "exact")).qualifier
    'at_least'
    """
    nv, nlo, nhi, nq = ends(*num)
    dv, dlo, dhi, dq = ends(*den)
    if nq is None or dq is None:
        return NONE

    def one(v: float, lo: float, hi: float, q: str) -> pd.DataFrame:
        return pd.DataFrame({"value": [v], "value_lower": [lo], "value_upper": [hi]},
                            dtype="float64").assign(qualifier=q)

    r = ratio(one(nv, nlo, nhi, nq), one(dv, dlo, dhi, dq)).iloc[0]
    q = None if pd.isna(r["qualifier"]) else str(r["qualifier"])
    return Bounded(number(r["value"]), number(r["value_lower"]), number(r["value_upper"]), q)


def sum_bounded(figures: Iterable[Bounded]) -> Bounded:
    """Sum of bounded figures: an open end anywhere leaves that end of the sum open; 'about' makes it 'about'.

    >>> sum_bounded([Bounded.exact(10), ends(5, None, None, "at_least")])
    Bounded(value=15.0, lower=15.0, upper=nan, qualifier='at_least')
    """
    figs = [f for f in figures if f.qualifier is not None]
    if not figs:
        return NONE
    lo = float(sum(f.lower for f in figs))  # NaN propagates: one open lower end opens the sum's
    hi = float(sum(f.upper for f in figs))
    approx = any(f.qualifier in APPROXIMATE_QUALIFIERS for f in figs)
    if not math.isnan(lo) and not math.isnan(hi):
        if lo == hi:
            return Bounded(lo, lo, hi, "about" if approx else "exact")
        return Bounded(math.nan, lo, hi, "about_range" if approx else "range")
    if not math.isnan(lo):
        return Bounded(lo, lo, math.nan, "at_least")
    if not math.isnan(hi):
        return Bounded(hi, math.nan, hi, "at_most")
    return NONE


# --- intervals and comparison --------------------------------------------------------------------------------------


def figure_frame(value: pd.Series, lower: pd.Series | None = None, upper: pd.Series | None = None,
                 qualifier: pd.Series | None = None) -> pd.DataFrame:
    """Parallel columns of one figure (on one index) as the four figure columns (``value``, ``value_lower``,
    ``value_upper``, ``qualifier``), with the ends each qualifier gives, as :func:`ends` gives them to one figure.

    A missing lower or upper column is filled from the value where the qualifier makes it that end ('at least 39'
    has the lower end 39); without a qualifier column every value present is exact (a plain count); a qualifier
    that is not a number's (``unquantified``) is no figure.

    >>> f = figure_frame(pd.Series([39.0, 8.0, None]), qualifier=pd.Series(["at_least", "exact", None]))
    >>> f[["value_lower", "value_upper"]].to_numpy().tolist()
    [[39.0, nan], [8.0, 8.0], [nan, nan]]
    """
    idx = value.index

    def numbers(s: pd.Series | None) -> pd.Series:
        if s is None:
            return pd.Series(np.nan, index=idx, dtype="float64")
        return pd.to_numeric(s, errors="coerce").astype("Float64").astype("float64")

    v, lo, hi = numbers(value), numbers(lower), numbers(upper)
    q = (pd.Series(None, index=idx, dtype="object") if qualifier is None
         else qualifier.astype("object").where(qualifier.notna(), None))
    q = q.where(q.notna() | v.isna(), "exact")  # a value without a qualifier is exact
    point, low = q.isin(POINT_QUALIFIERS), q.isin(LOWER_BOUND_QUALIFIERS)
    high, both = q.isin(UPPER_BOUND_QUALIFIERS), q.isin(TWO_SIDED_QUALIFIERS)
    lo = lo.fillna(v).where(low, lo)
    hi = hi.fillna(v).where(high, hi)
    nan = pd.Series(np.nan, index=idx, dtype="float64")
    out = pd.DataFrame({
        "value": v.where(point, lo.where(low, hi.where(high, nan))),
        "value_lower": v.where(point, lo.where(low | both, nan)),
        "value_upper": v.where(point, hi.where(high | both, nan)),
    }, index=idx)
    out["qualifier"] = q.where(point | low | high | both, None)
    return out


def interval_ends(figures: pd.DataFrame) -> pd.DataFrame:
    """The interval each figure stands for: ``lower`` and ``upper`` (−inf / +inf where open, NaN for no figure),
    and whether each end is strict (``more_than``, ``less_than``).

    An ``about`` figure is taken at its value, as the peer ranks take it (:mod:`analysis.core.peers`): it carries no
    bounds to take instead.

    >>> f = figure_frame(pd.Series([60.0, 5.0]), qualifier=pd.Series(["at_least", "about"]))
    >>> interval_ends(f)[["lower", "upper"]].to_numpy().tolist()
    [[60.0, inf], [5.0, 5.0]]
    """
    q = figures["qualifier"].astype("object")
    value = figures["value"].astype("float64")
    point = q.isin(POINT_QUALIFIERS)
    known = point | q.isin(LOWER_BOUND_QUALIFIERS | UPPER_BOUND_QUALIFIERS | TWO_SIDED_QUALIFIERS)
    lower = value.where(point, figures["value_lower"].astype("float64")).fillna(-math.inf)
    upper = value.where(point, figures["value_upper"].astype("float64")).fillna(math.inf)
    return pd.DataFrame({"lower": lower.where(known), "upper": upper.where(known),
                         "lower_strict": q.isin(STRICT_LOWER_QUALIFIERS),
                         "upper_strict": q.isin(STRICT_UPPER_QUALIFIERS)}, index=figures.index)


def is_less(a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
    """Row by row, is figure ``a`` surely less than figure ``b``: True, False, or <NA> where the figures cannot
    say (their intervals overlap, or one is no figure). Both are figure frames (:func:`figure_frame`) on one index.

    'at least 39' against no figure cannot say; 'more than 5 000' against 5 000 is surely not less; 5 000 against
    'more than 5 000' surely is.

    >>> a = figure_frame(pd.Series([20.0, 39.0, 5000.0]), qualifier=pd.Series(["exact", "at_least", "exact"]))
    >>> b = figure_frame(pd.Series([8.0, None, 5000.0]), qualifier=pd.Series(["exact", None, "more_than"]))
    >>> is_less(b, a).tolist(), is_less(a, b).tolist()
    ([True, <NA>, False], [False, <NA>, True])
    """
    x, y = interval_ends(a), interval_ends(b).set_axis(a.index)
    known = x["lower"].notna() & y["lower"].notna()
    touching = (x["upper"] == y["lower"]) & (x["upper_strict"] | y["lower_strict"])
    surely = (x["upper"] < y["lower"]) | touching
    surely_not = x["lower"] >= y["upper"]
    out = pd.Series(pd.NA, index=a.index, dtype="boolean")
    out[known & surely] = True
    out[known & surely_not & ~surely] = False
    return out


def less_than(a: Bounded, b: Bounded) -> bool | None:
    """Is one figure surely less than another: True, False, or None where the figures cannot say (:func:`is_less`).

    >>> less_than(ends(5285, 5285, 5603, "range"), Bounded.exact(5366)) is None
    True
    >>> less_than(Bounded.exact(5275), Bounded.exact(5366))
    True
    """
    def one(f: Bounded) -> pd.DataFrame:
        return figure_frame(pd.Series([f.value]), pd.Series([f.lower]), pd.Series([f.upper]),
                            pd.Series([f.qualifier], dtype="object"))

    answer = is_less(one(a), one(b)).iloc[0]
    return None if answer is pd.NA else bool(answer)


__all__ = ["Bounded", "NONE", "number", "ends", "ratio", "ratio_bounds", "sum_bounded", "figure_frame",
           "interval_ends", "is_less", "less_than"]
