"""The rounding and tolerance rules, each in one place.

Money is exact integer grosze in the pipeline; a computed amount (a cost per participant, a deflated value) is
rounded to the grosz half up by :func:`round_grosze`. Reports that recompute an amount in złoty (another base
year, a unit cost) round it by the same rule with :func:`round_money` (float złoty). Computed shares keep
:data:`SHARE_DECIMALS` decimals (:func:`round_share`). Shares are compared with a programme's maximum by
:func:`share_within_cap` and :func:`share_at_cap`, both with :data:`SHARE_TOLERANCE`; sums of grosze agree within
:data:`GROSZ_TOLERANCE`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

SHARE_DECIMALS = 6
"""Computed shares keep six decimals: 0.0001 percentage points, finer than any document prints."""
SHARE_TOLERANCE = 5e-5
"""An EU share of 0.85 computed from amounts printed to the grosz may exceed 0.85 by rounding only; a share within
this of a programme's maximum is at the maximum."""
GROSZ_TOLERANCE = 1
"""Sums of printed amounts (in grosze) must agree to 0.01 zł."""


def round_grosze(pln: pd.Series) -> pd.Series:
    """PLN floats -> Int64 grosze, rounded half up (cost per participant is stated to the grosz)."""
    # six decimals first: 12.345 zł is 1234.4999999… grosze in binary and must round up
    g = (pln.astype("Float64") * 100).round(6)
    return np.floor(g + 0.5).astype("Int64")


def round_bound_grosze(pln: pd.Series, side: str) -> pd.Series:
    """Bounds in PLN floats -> Int64 grosze rounded outwards: a lower bound down, an upper bound up (``side`` is
    ``lower`` or ``upper``). A bound rounded to the grosz never claims more than it bounds: 780 329 zł over at least
    60 participants is at most 13 005,4933… zł, so at most 13 005,49 zł, never 13 005,49 zł."""
    g = (pln.astype("Float64") * 100).round(6)  # six decimals first: binary noise never moves a grosz
    return (np.floor(g) if side == "lower" else np.ceil(g)).astype("Int64")


def round_bounds_outwards(pln: pd.Series, qualifier: pd.Series, side: str) -> pd.Series:
    """Grosze of one end of bounded figures: half up where the figure is a point (exact, about: the end is the
    value itself), outwards (:func:`round_bound_grosze`) where it is a bound or a range."""
    from analysis.core.vocabulary import POINT_QUALIFIERS

    point = qualifier.isin(POINT_QUALIFIERS).fillna(False).astype(bool)
    return round_grosze(pln).where(point, round_bound_grosze(pln, side)).astype("Int64")


def round_figure_grosze(value: pd.Series, lower: pd.Series, upper: pd.Series, qualifier: pd.Series
                        ) -> tuple[pd.Series, pd.Series, pd.Series]:
    """A computed figure's value and bounds (PLN floats) in grosze: a point half up; a bound and the value that
    states it outwards (a lower bound and an 'at least' value down, an upper bound and an 'at most' value up)."""
    from analysis.core.vocabulary import LOWER_BOUND_QUALIFIERS, UPPER_BOUND_QUALIFIERS

    at_least = qualifier.isin(LOWER_BOUND_QUALIFIERS).fillna(False).astype(bool)
    at_most = qualifier.isin(UPPER_BOUND_QUALIFIERS).fillna(False).astype(bool)
    v = round_grosze(value).mask(at_least, round_bound_grosze(value, "lower")).mask(
        at_most, round_bound_grosze(value, "upper"))
    return (v.astype("Int64"), round_bounds_outwards(lower, qualifier, "lower"),
            round_bounds_outwards(upper, qualifier, "upper"))


def round_money_bound(pln: float, side: str) -> float:
    """One bound in złoty rounded outwards to the grosz (NaN stays NaN)."""
    if math.isnan(pln):
        return math.nan
    g = round(pln * 100, 6)
    return (math.floor(g) if side == "lower" else math.ceil(g)) / 100


def round_money(pln: float) -> float:
    """One amount in złoty rounded to the grosz by :func:`round_grosze`'s rule (NaN stays NaN)."""
    if math.isnan(pln):
        return math.nan
    return math.floor(round(pln * 100, 6) + 0.5) / 100


def round_money_series(pln: pd.Series) -> pd.Series:
    """Amounts in złoty rounded to the grosz by :func:`round_grosze`'s rule, as float64 złoty (NaN stays NaN)."""
    return (round_grosze(pln).astype("Float64") / 100).astype("float64")


def round_share(share: pd.Series) -> pd.Series:
    """Computed shares rounded to :data:`SHARE_DECIMALS` decimals."""
    return share.round(SHARE_DECIMALS)


def share_within_cap(share: pd.Series, cap: pd.Series) -> pd.Series:
    """True where a share does not exceed its cap by more than rounding (:data:`SHARE_TOLERANCE`)."""
    return share <= cap + SHARE_TOLERANCE


def share_at_cap(share: pd.Series, cap: pd.Series) -> pd.Series:
    """True where a share reaches its cap, up to rounding (:data:`SHARE_TOLERANCE`)."""
    return share >= cap - SHARE_TOLERANCE
