"""Peers: the projects a project's cost is compared with, and the ranks a bounded cost can take among them.

One rule, used by the cleaning stage (each project's place among its peers, a column of processed/projects.csv, so
that a profile reads only its own row) and by the reports (the ranking tables).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def peer_groups(projects: pd.DataFrame) -> pd.Series:
    """The peers a project's cost is ranked among, by project_id: an EU-co-financed project's kind of support and
    programming period ('eu_project|activation|2014–2020'); another project's comparison group.

    >>> p = pd.DataFrame({"project_id": ["a", "b"], "comparison_group": ["eu_project", "pfron_event"],
    ...                   "support_kind": ["activation", "events"], "programme_period": ["2014–2020", None]})
    >>> peer_groups(p).to_dict()
    {'a': 'eu_project|activation|2014–2020', 'b': 'pfron_event'}
    """
    p = projects.set_index("project_id")
    group = p["comparison_group"].fillna("unknown")
    eu = group.eq("eu_project")
    detailed = group + "|" + p["support_kind"].fillna("unknown") + "|" + p["programme_period"].fillna("unknown")
    return detailed.where(eu, group).astype("str")


def rank_ranges(lower: pd.Series, upper: pd.Series, group: pd.Series) -> pd.DataFrame:
    """The best and worst rank (1 = cheapest) each cost can take within its group, and the group's size.

    A cost is an interval (a point where ``lower == upper``; NaN: open on that side). Its best rank counts the
    peers surely cheaper (their upper end below its lower end), its worst rank all but those surely dearer: a bound
    takes every rank it could, and two equal points share their ranks.

    >>> lo = pd.Series([5000.0, 6000.0, 5500.0, np.nan]); hi = pd.Series([5000.0, 6000.0, 5500.0, 5200.0])
    >>> rank_ranges(lo, hi, pd.Series(["g"] * 4)).to_dict("list")
    {'best': [1, 4, 3, 1], 'worst': [2, 4, 3, 2], 'n': [4, 4, 4, 4]}
    """
    lo = lower.astype("float64").fillna(-math.inf).to_numpy()
    hi = upper.astype("float64").fillna(math.inf).to_numpy()
    g = group.astype("str").to_numpy()
    best = np.empty(len(lo), dtype="int64")
    worst = np.empty(len(lo), dtype="int64")
    n = np.empty(len(lo), dtype="int64")
    for key in pd.unique(g):
        at = np.flatnonzero(g == key)
        glo, ghi = lo[at], hi[at]
        # how many are surely cheaper (upper end below this lower end) or surely dearer (lower end above this upper
        # end): sorted ends and a binary search, so a group of a million costs n log n, not n²
        cheaper = np.searchsorted(np.sort(ghi), glo, side="left")
        dearer = len(at) - np.searchsorted(np.sort(glo), ghi, side="right")
        best[at] = cheaper + 1
        worst[at] = len(at) - dearer
        n[at] = len(at)
    return pd.DataFrame({"best": best, "worst": worst, "n": n}, index=lower.index)
