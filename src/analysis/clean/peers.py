"""Stage 1, peers: each project's place among the projects of its kind of support and period, by real cost per
participant (:mod:`analysis.core.peers`), as columns of its own row so that its profile reads nothing else."""

from __future__ import annotations

import math

import pandas as pd

from analysis.core.bounds import figure_frame, interval_ends
from analysis.core.peers import peer_groups, rank_ranges


def cost_interval(proj: pd.DataFrame) -> pd.DataFrame:
    """The real cost per participant as an interval (grosze; NaN where open), for results only: a target is never
    ranked against results, and a project with no real cost has no interval."""
    cost = figure_frame(proj["cost_per_participant_real_grosze"], proj["cost_per_participant_real_lower_grosze"],
                        proj["cost_per_participant_real_upper_grosze"], proj["cost_per_participant_real_qualifier"])
    ends = interval_ends(cost).replace([-math.inf, math.inf], math.nan)  # the ranks take an open end as NaN
    lo, hi = ends["lower"], ends["upper"]
    planned = proj["participants_status"].eq("planned") | proj["total_value_status"].eq("planned")
    known = (lo.notna() | hi.notna()) & ~planned.fillna(False).astype(bool)
    return pd.DataFrame({"lower": lo.where(known), "upper": hi.where(known), "known": known})


def add_peer_ranks(proj: pd.DataFrame) -> pd.DataFrame:
    """Adds ``peer_group``, and where the real cost is known: how many peers have one (``peer_n``, this project
    included), the ranks it can take among them (``peer_rank_best``–``peer_rank_worst``, 1 = cheapest) and the
    peers' range (``peer_cost_real_low/high``)."""
    out = proj.copy()
    out["peer_group"] = out["project_id"].map(peer_groups(out)).astype("str")
    cost = cost_interval(out)
    known = cost["known"]
    ranks = rank_ranges(cost.loc[known, "lower"], cost.loc[known, "upper"], out.loc[known, "peer_group"])
    for col, src in (("peer_n", "n"), ("peer_rank_best", "best"), ("peer_rank_worst", "worst")):
        out[col] = ranks[src].reindex(out.index).astype("Int64")
    g = out.loc[known, "peer_group"]
    low = cost.loc[known, "lower"].fillna(cost.loc[known, "upper"]).groupby(g).transform("min")
    high = cost.loc[known, "upper"].fillna(cost.loc[known, "lower"]).groupby(g).transform("max")
    out["peer_cost_real_low_grosze"] = low.reindex(out.index).round().astype("Int64")
    out["peer_cost_real_high_grosze"] = high.reindex(out.index).round().astype("Int64")
    return out


__all__ = ["add_peer_ranks", "cost_interval"]
