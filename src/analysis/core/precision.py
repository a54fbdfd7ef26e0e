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
