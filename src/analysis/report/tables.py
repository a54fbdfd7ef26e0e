"""The tables the reports show, computed from the processed tables: arithmetic over frames, no sentences.

Every function is pure: it reads its arguments and returns new objects. Bounds travel with every figure: a value
carries ``*_lower``/``*_upper`` and a ``*_qualifier`` (exact / about / at_least / ... / range / about_range), and a
ratio of two bounded figures gets the bounds and qualifier its parts imply (:mod:`analysis.core.bounds`: a count
'co najmniej 106' over an exact number of participants is a rate 'at least'). Real prices come from the one
real-price function the pipeline uses too (:func:`analysis.core.prices.real_figures`). Sentences are
:mod:`analysis.report.text`'s.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from analysis.core.bounds import NONE as NO_FIGURE
from analysis.core.bounds import Bounded, ends, number, ratio_bounds, sum_bounded
from analysis.core.collation import polish_order
from analysis.core.dictionary import bounded_columns, figure_columns
from analysis.core.precision import round_money, round_money_bound
from analysis.core.prices import deflate, latest_complete_year, real_figures
from analysis.core.vocabulary import (
    COMPARISON_GROUPS,
    COMPLETION_MEASURES,
    LOWER_BOUND_QUALIFIERS,
    NOT_COMPARABLE_REASONS,
    POINT_QUALIFIERS,
)

# --- prices ---------------------------------------------------------------------------------------------------

COST = bounded_columns("cost_per_participant", "_pln")
REAL_COST = bounded_columns("cost_per_participant_real", "_pln")
PARTICIPANTS = bounded_columns("participants")
PRICE_YEARS = ["price_year", "price_year_lower", "price_year_upper"]


def default_base_year(projects: pd.DataFrame) -> int:
    """The base year the processed real columns are in."""
    years = projects["price_base_year"].dropna().unique()
    if len(years) != 1:
        raise ValueError(f"projects must have one price_base_year, found {sorted(years)}")
    return int(years[0])


def resolve_base_year(projects: pd.DataFrame, cpi: pd.DataFrame, base_year: int | None) -> int:
    """0 or None: the data's base year (the latest year of the CPI table); otherwise base_year, checked."""
    if not base_year:
        return default_base_year(projects)
    base_year = int(base_year)
    years = set(cpi["year"].astype(int))
    if base_year not in years:
        raise ValueError(f"price_base_year {base_year} is not a year of the CPI table "
                         f"({min(years)}–{latest_complete_year(cpi)})")
    return base_year


def rebase_real(projects: pd.DataFrame, cpi: pd.DataFrame, base_year: int | None) -> pd.DataFrame:
    """projects with the real columns in prices of ``base_year`` (0 or None: an unchanged copy).

    The real figures are :func:`analysis.core.prices.real_figures` of the nominal columns and price years, the
    function ``make data`` computes the table's own real columns with: in the data's base year they are the same.
    """
    out = projects.copy()
    if not base_year:
        return out
    base = resolve_base_year(projects, cpi, base_year)
    cost = out[list(COST)].set_axis(list(figure_columns()), axis=1)
    real = real_figures(out["total_value_pln"], cost, out[PRICE_YEARS], base, cpi)
    out["total_value_real_pln"] = real["total_value_real"]
    for column, name in zip(REAL_COST, figure_columns(), strict=True):
        out[column] = real[name]
    out[REAL_COST.qualifier] = real["qualifier"].astype("str").where(real["qualifier"].notna(), np.nan)
    # the peers' range is in the data's base year: prices of one year to another are one factor
    if "peer_cost_real_low_pln" in out:
        data_base = out["price_base_year"].dropna()
        factor = real_factor(int(data_base.iloc[0]), base, cpi) if len(data_base) else math.nan
        for c in ("peer_cost_real_low_pln", "peer_cost_real_high_pln"):
            out[c] = out[c] * factor
    out["price_base_year"] = pd.Series(base, index=out.index, dtype=projects["price_base_year"].dtype)
    return out


def real_factor(price_year: Any, base_year: int, cpi: pd.DataFrame) -> float:
    """Multiply an amount of ``price_year`` by this to get prices of ``base_year`` (NaN without a price year)."""
    if price_year is None or price_year is pd.NA or pd.isna(price_year):
        return math.nan
    one = deflate(pd.Series([1.0]), pd.Series([int(price_year)]), base_year, cpi)
    return float(one.iloc[0])


# --- planned figures ------------------------------------------------------------------------------------------

PLANNED_DEPENDENT = {
    "participants_status": ["participants", "participants_lower", "participants_upper", "participants_qualifier",
                            "women_count", "men_count", "disabled_count", "women_share"],
    "total_value_status": ["total_value_pln", "total_value_qualifier", "total_value_real_pln", "eu_share",
                           "external_share", "own_share"],
}
_COST_COLUMNS = [
    "cost_per_participant_pln", "cost_per_participant_lower_pln", "cost_per_participant_upper_pln",
    "cost_per_participant_qualifier", "cost_per_participant_month_pln", "cost_per_participant_real_pln",
    "cost_per_participant_real_lower_pln", "cost_per_participant_real_upper_pln",
    "cost_per_participant_real_qualifier"]


def achieved_only(projects: pd.DataFrame) -> pd.DataFrame:
    """projects with planned participants and planned totals (and the costs built on them) blanked out.

    For reports with ``show_planned = False``: a target is never shown as if it were a result.
    """
    out = projects.copy()
    any_planned = pd.Series(False, index=out.index)
    for status, columns in PLANNED_DEPENDENT.items():
        planned = (out[status] == "planned").fillna(False).astype(bool)
        any_planned |= planned
        for c in columns:
            out.loc[planned, c] = np.nan
    for c in _COST_COLUMNS:
        out.loc[any_planned, c] = np.nan
    out.loc[any_planned, "real_comparable"] = False
    out.loc[any_planned & out["not_comparable_reason"].isna(), "not_comparable_reason"] = PLANNED_REASON
    return out


PLANNED_REASON = "planned_hidden"


# --- funding --------------------------------------------------------------------------------------------------

FUNDING_PARTS: dict[str, str] = {
    "eu": "eu_cofinancing_pln",
    "state_subsidy": "state_subsidy_pln",
    "own": "own_contribution_pln",
    "national_grant": "national_grant_pln",
    "pfron": "pfron_pln",
}
UNSPECIFIED = "unspecified"


def _flag(x: Any) -> bool | None:
    """A boolean cell as True, False or None (missing)."""
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return None
    return str(x).lower() not in ("false", "0")


def funding_mix(projects: pd.DataFrame) -> pd.DataFrame:
    """Shares of the total value by source, one row per project and known source (long table).

    Only projects with an exact total value, exact parts, and at least one known part. Where the known parts add up
    to less than the total, a row ``unspecified`` holds the rest, so shares always sum to 1. Columns: project_id,
    programme, source (eu / state_subsidy / own / national_grant / pfron / unspecified), amount_pln, share,
    complete (the parts printed add up to the total).
    """
    rows = []
    for r in projects.itertuples(index=False):
        total = number(r.total_value_pln)
        if math.isnan(total) or total <= 0:
            continue
        # a bound is no part of a share: 'ponad 716 tys.' of 'ponad 770 tys.' is not 93 %
        if getattr(r, "total_value_qualifier", "exact") != "exact" or _flag(getattr(r, "funding_parts_exact", True)) \
                is False:
            continue
        parts = {src: number(getattr(r, col)) for src, col in FUNDING_PARTS.items()}
        parts = {k: v for k, v in parts.items() if not math.isnan(v)}
        if not parts:
            continue
        rest = round_money(total - sum(parts.values()))
        complete = abs(rest) < 0.01
        if rest >= 0.01:
            parts[UNSPECIFIED] = rest
        for src, amount in parts.items():
            rows.append({"project_id": r.project_id, "programme": r.programme, "source": src,
                         "amount_pln": float(amount), "share": float(amount) / total, "complete": complete})
    out = pd.DataFrame(rows, columns=["project_id", "programme", "source", "amount_pln", "share", "complete"])
    return out.astype({"project_id": "str", "programme": "str", "source": "str", "amount_pln": "float64",
                       "share": "float64", "complete": "bool"})


def funding_by_programme(projects: pd.DataFrame, programmes: pd.DataFrame) -> pd.DataFrame:
    """Funding mix summed over the projects of each programme whose whole split of the budget is printed.

    Only budgets that are results or stated values (never a planned budget beside achieved ones) and only projects
    whose printed parts add up to their total (``funding_mix``'s ``complete``): a project whose split is not printed
    would otherwise show as money of no source and dilute every share. Columns: programme, period, funder,
    projects (how many projects the mix is over), project_ids (' | ' between them), projects_with_total (the
    programme's projects with a budget, split printed or not), total_value_pln, source, amount_pln, share (of the
    summed totals).
    """
    columns = ["programme", "period", "funder", "projects", "project_ids", "projects_with_total",
               "total_value_pln", "source", "amount_pln", "share"]
    counted = projects[projects["total_value_pln"].notna() & projects["programme"].notna()
                       & projects["total_value_status"].ne("planned")]
    mix = funding_mix(counted)
    mix = mix[mix["complete"]]
    if mix.empty:
        return pd.DataFrame(columns=columns)
    split = counted[counted["project_id"].isin(mix["project_id"])]
    totals = split.groupby("programme")["total_value_pln"]
    summed = mix.groupby(["programme", "source"], as_index=False, sort=False)["amount_pln"].sum()
    summed["total_value_pln"] = summed["programme"].map(totals.sum())
    summed["projects"] = summed["programme"].map(totals.count()).astype("int64")
    summed["project_ids"] = summed["programme"].map(split.groupby("programme")["project_id"].agg(" | ".join))
    summed["projects_with_total"] = summed["programme"].map(counted.groupby("programme").size()).astype("int64")
    summed["share"] = summed["amount_pln"] / summed["total_value_pln"]
    progs = programmes.set_index("programme_id")
    summed["period"] = summed["programme"].map(progs["period"])
    summed["funder"] = summed["programme"].map(progs["funder"])
    return summed[columns].reset_index(drop=True)


class EuMoney(NamedTuple):
    """The EU money of the EU-co-financed projects whose EU part and total are both printed."""

    amount_pln: float
    share: float  # of those projects' summed budgets
    projects: int  # how many projects it is summed over
    eu_projects: int  # all EU-co-financed projects of the selection
    as_printed: int = 0  # of ``projects``, those whose "EU" money may include the state budget's part


def eu_money(projects: pd.DataFrame) -> EuMoney | None:
    """EU money summed over the EU-co-financed projects whose EU part and exact total are printed and are not
    plans, with its share of their budgets; None where no such project is selected."""
    eu = projects[projects["funder"].eq("eu")]
    known = eu[eu["eu_cofinancing_pln"].notna() & eu["eu_share"].notna() & eu["total_value_status"].ne("planned")]
    if known.empty:
        return None
    amount = float(known["eu_cofinancing_pln"].sum())
    as_printed = int(known["eu_may_include_state_budget"].fillna(False).astype(bool).sum())
    return EuMoney(amount, amount / float(known["total_value_pln"].sum()), len(known), len(eu), as_printed)


def counts_participants(projects: pd.DataFrame) -> pd.Series:
    """True where the project's reach counts participants in persons, not recipients of aid
    (``participants_measure``) nor families: only those are summed as participants or divide an outcome."""
    return (projects["participants_measure"].eq("participants_total")
            & projects["participants_unit"].eq("persons")).fillna(False).astype(bool)


def reach_unit(r: Any) -> str:
    """The unit a project's reach is counted in, as the unit nouns name it: 'recipients' for recipients of aid,
    else the participants' own unit (persons, families)."""
    return "recipients" if r.participants_measure == "recipients" else str(r.participants_unit)


def reach_is_target(projects: pd.DataFrame) -> pd.Series:
    """True where the only number of participants the documents give is a target: the one count of every report
    that says how many projects "state only targets"."""
    return projects["participants_status"].eq("planned").fillna(False).astype(bool)


def reports_results(projects: pd.DataFrame, figures: pd.DataFrame) -> pd.Series:
    """True where the documents give at least one achieved figure of the project (its reach, money, outcomes or
    services), indexed like ``projects``."""
    return projects["project_id"].isin(_projects_with_results(figures))


RESULT_TABLES = ("funding", "participants", "outcomes", "services")
"""The figures that are results when achieved: money, reach, outcomes, services (a start date is not)."""


def _projects_with_results(figures: pd.DataFrame) -> set[str]:
    return set(figures.loc[figures["status"].eq("achieved") & figures["table"].isin(RESULT_TABLES), "project_id"])


def project_reports_results(project_id: str, figures: pd.DataFrame) -> bool:
    """:func:`reports_results` of one project."""
    return project_id in _projects_with_results(figures)


# --- outcomes -------------------------------------------------------------------------------------------------

OUTCOME_COLUMNS = ["project_id", "figure_id", "indicator", "esf_indicator", "status", "unit",
                   *(c for prefix in ("count", "rate", "rate_of_completers") for c in bounded_columns(prefix)),
                   "rate_denominator", "rate_of_completers_denominator", "rate_of_completers_base"]
COMPLETER_INDICATORS = tuple(m.removeprefix("outcome_") for m in COMPLETION_MEASURES)
"""Who the second rate is taken of (outcomes.csv's indicators of :data:`COMPLETION_MEASURES`)."""


def outcome_rates(projects: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    """Outcome counts with their rates among participants and among completers (primary figures only).

    A count with a qualifier gives a rate with the matching qualifier ('co najmniej 106' of 839 is 'at least
    12.6%'). Outcomes printed as a percentage of participants are rates already (count empty). The rate among
    completers is given for outcomes other than 'completed' where the project states how many completed.
    """
    prim = outcomes[outcomes["is_primary"].astype(bool)] if "is_primary" in outcomes else outcomes
    whole = (prim["whole_project"].astype("boolean").fillna(True).astype(bool) if "whole_project" in prim
             else pd.Series(True, index=prim.index))
    proj = projects.set_index("project_id")
    done = prim[prim["indicator"].isin(COMPLETER_INDICATORS) & (prim["unit"] == "persons") & whole]
    done = done.assign(_o=done["indicator"].map({k: i for i, k in enumerate(COMPLETER_INDICATORS)}))
    completed = done.sort_values(["project_id", "_o"], kind="stable").drop_duplicates("project_id").set_index(
        "project_id")
    rows = []
    for r in prim.itertuples(index=False):
        row = {"project_id": r.project_id, "figure_id": r.figure_id, "indicator": r.indicator,
               "esf_indicator": r.esf_indicator, "status": r.status, "unit": r.unit}
        fig = (r.value, r.value_lower, r.value_upper, r.qualifier)
        row.update(rate_denominator=math.nan, rate_of_completers_denominator=math.nan, rate_of_completers_base=math.nan)
        if r.unit == "percent":
            count, rate, of_completers = NO_FIGURE, ends(*fig), NO_FIGURE
        elif _flag(getattr(r, "whole_project", True)) is False:
            # a year's count over the whole project's participants is no rate
            count, rate, of_completers = ends(*fig), NO_FIGURE, NO_FIGURE
        else:
            count = ends(*fig)
            # a rate's denominator counts what its numerator counts: persons of persons, families of families
            if (r.project_id in proj.index and proj.loc[r.project_id, "participants_measure"] == "participants_total"
                    and proj.loc[r.project_id, "participants_unit"] == r.unit):
                p = proj.loc[r.project_id]
                den = (p["participants"], p["participants_lower"], p["participants_upper"],
                       p["participants_qualifier"])
                rate = ratio_bounds(fig, den)
                row["rate_denominator"] = p["participants"]
            else:
                rate = NO_FIGURE
            if r.indicator not in COMPLETER_INDICATORS and r.project_id in completed.index:
                c = completed.loc[r.project_id]
                of_completers = ratio_bounds(fig, (c["value"], c["value_lower"], c["value_upper"], c["qualifier"]))
                row.update(rate_of_completers_denominator=c["value"], rate_of_completers_base=c["indicator"])
            else:
                of_completers = NO_FIGURE
        for prefix, f in (("count", count), ("rate", rate), ("rate_of_completers", of_completers)):
            row.update(zip(bounded_columns(prefix), f, strict=True))
        rows.append(row)
    out = pd.DataFrame(rows, columns=OUTCOME_COLUMNS)
    floats = [c for c in OUTCOME_COLUMNS if c.startswith(("count", "rate")) and not c.endswith(("qualifier",
                                                                                                "_base"))]
    strings = [c for c in OUTCOME_COLUMNS if c not in floats]
    return out.astype({**{c: "float64" for c in floats}, **{c: "str" for c in strings}})


# --- unit economics -------------------------------------------------------------------------------------------

UNIT_COLUMNS = ["project_id", "metric", "kind", "value", "value_lower", "value_upper", "qualifier",
                "real_value", "real_value_lower", "real_value_upper", "real_qualifier", "maximum",
                "price_year", "price_base_year", "basis"]

def programme_hours(services: pd.DataFrame) -> pd.Series:
    """Hours of the programme per project: the sum of the primary, exact ``service_hours`` figures."""
    s = services[(services["measure"] == "service_hours") & services["is_primary"].astype(bool)
                 & (services["qualifier"] == "exact")]
    return s.groupby("project_id")["value"].sum()


def unit_economics(projects: pd.DataFrame, services: pd.DataFrame, base_year: int | None = None, *,
                   outcomes: pd.DataFrame | None = None, cpi: pd.DataFrame | None = None,
                   programmes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Unit costs per project (long table), nominal and real, with bounds.

    Metrics: cost_per_participant (the pipeline's total value / participants, nominal and real),
    cost_per_participant_month (the same over the duration in months), cost_per_programme_hour (total value /
    hours of the programme), grant_per_programme_hour (where the total value is not printed but a grant is — the
    Więcbork club: MPiPS grant / programme hours), budget_per_employed and budget_per_qualification (the whole
    budget / outcome count: not unit costs), own_contribution_per_participant, eu_share and external_share
    (shares; ``maximum`` is the programme's largest allowed share). Real figures are in prices of ``base_year``
    (0/None: the data's base year), deflated from the project's price year; they need ``cpi`` when base_year
    differs from the data's. ``basis`` names what was divided by what (a label key).
    """
    data_base = default_base_year(projects)
    base = data_base if not base_year else int(base_year)
    if base != data_base and cpi is None:
        raise ValueError("unit_economics needs cpi to express real figures in another base year")
    hours = programme_hours(services)
    outs = outcomes[outcomes["is_primary"].astype(bool) & (outcomes["unit"] == "persons")] \
        if outcomes is not None else None
    max_cof = (programmes.set_index("programme_id")["max_cofinancing_share"]
               if programmes is not None else pd.Series(dtype="float64"))
    rows = []
    for r in projects.itertuples(index=False):
        factor = _price_factor(r, base, cpi)
        metrics = [*_cost_metrics(r), *_hour_metrics(r, hours), *_outcome_metrics(r, outs),
                   *_own_and_share_metrics(r, max_cof)]
        rows += [row for m in metrics if (row := _unit_row(r, m, base, factor)) is not None]
    out = pd.DataFrame(rows, columns=UNIT_COLUMNS)
    floats = ["value", "value_lower", "value_upper", "real_value", "real_value_lower", "real_value_upper",
              "maximum"]
    return out.astype({**{c: "float64" for c in floats}, "price_year": "Int64", "price_base_year": "int64",
                       **{c: "str" for c in ("project_id", "metric", "kind", "qualifier", "real_qualifier",
                                             "basis")}})


class _Metric(NamedTuple):
    """One unit metric of a project: num / den (den None: a share, shown as it is), or, for the costs per
    participant, the pipeline's own figure (``given``, with its real figure ``given_real``)."""

    metric: str
    num: tuple
    den: tuple | None
    basis: str
    kind: str = "money"
    maximum: float = math.nan
    given: Bounded | None = None
    given_real: Bounded | None = None


def _price_factor(r: Any, base: int, cpi: pd.DataFrame | None) -> float:
    """Multiply a nominal amount of the project by this to get prices of ``base`` (NaN without a price year)."""
    if cpi is not None:
        return real_factor(r.price_year, base, cpi)
    if r.price_year is pd.NA or pd.isna(r.price_year):
        return math.nan
    # the data's own real columns give the factor for the data's base year
    return number(r.total_value_real_pln) / number(r.total_value_pln) if number(r.total_value_pln) else math.nan


def _total(r: Any) -> tuple:
    """The project's total value as a bounded figure (printed, or at least the sum of its parts)."""
    return r.total_value_pln, r.total_value_lower_pln, r.total_value_pln, r.total_value_qualifier


def _participants(r: Any) -> tuple:
    return tuple(getattr(r, c) for c in PARTICIPANTS)


def _cost_metrics(r: Any) -> list[_Metric]:
    """Cost per participant as the pipeline computed it (nominal and real), and per participant and month where
    the documents give a duration: the same figures over the months."""
    cost = ends(*(getattr(r, c) for c in COST))
    if cost.qualifier is None:
        return []
    real = ends(*(getattr(r, c) for c in REAL_COST))
    metrics = [_Metric("cost_per_participant", (), None, "basis_total_per_participant", given=cost,
                       given_real=real)]
    months = number(r.duration_months)
    if not math.isnan(months) and months > 0:
        metrics.append(_Metric("cost_per_participant_month", (), None, "basis_total_per_participant_month",
                               given=cost.scaled(1 / months), given_real=real.scaled(1 / months)))
    return metrics


_GRANT_COLUMNS = ("national_grant_pln", "pfron_pln", "eu_cofinancing_pln", "state_subsidy_pln")


def _hour_metrics(r: Any, hours: pd.Series) -> list[_Metric]:
    """Cost per hour of the programme; where no total is known, the first known grant per hour."""
    h = float(hours.get(r.project_id, math.nan))
    if math.isnan(h) or h <= 0:
        return []
    if isinstance(r.total_value_qualifier, str):  # printed, or at least the sum of its parts
        return [_Metric("cost_per_programme_hour", _total(r), Bounded.exact(h), "basis_total_per_hour")]
    grant = next((number(getattr(r, c)) for c in _GRANT_COLUMNS if not math.isnan(number(getattr(r, c)))), math.nan)
    if math.isnan(grant):
        return []
    return [_Metric("grant_per_programme_hour", Bounded.exact(grant), Bounded.exact(h), "basis_grant_per_hour")]


def _outcome_metrics(r: Any, outs: pd.DataFrame | None) -> list[_Metric]:
    """The whole budget over an outcome count: not a unit cost, so named for what it is."""
    if outs is None:
        return []
    metrics = []
    for indicator, metric in (("employed", "budget_per_employed"), ("qualification", "budget_per_qualification")):
        o = outs[(outs["project_id"] == r.project_id) & (outs["indicator"] == indicator)]
        if len(o):
            o1 = o.iloc[0]
            metrics.append(_Metric(metric, _total(r), (o1["value"], o1["value_lower"], o1["value_upper"],
                                                       o1["qualifier"]), f"basis_total_per_{indicator}"))
    return metrics


def _own_and_share_metrics(r: Any, max_cof: pd.Series) -> list[_Metric]:
    """Own contribution per participant; the EU and external shares with the programme's maximum."""
    metrics = []
    own = number(r.own_contribution_pln)
    if not math.isnan(own):
        metrics.append(_Metric("own_contribution_per_participant", Bounded.exact(own), _participants(r),
                               "basis_own_per_participant"))
    eu = number(r.eu_share)
    if not math.isnan(eu):
        metrics.append(_Metric("eu_share", Bounded.exact(eu), None, "basis_eu_share", "share",
                               number(r.max_eu_share)))
    ext = number(r.external_share)
    if not math.isnan(ext):
        mx = number(max_cof.get(r.programme, math.nan)) if isinstance(r.programme, str) else math.nan
        if math.isnan(mx):  # a programme without a cap on all external money: the EU cap where that is all of it
            mx = number(r.max_eu_share) if number(r.eu_share) == ext else math.nan
        metrics.append(_Metric("external_share", Bounded.exact(ext), None, "basis_external_share", "share", mx))
    return metrics


def _unit_row(r: Any, m: _Metric, base: int, factor: float) -> dict | None:
    """The row of one metric: nominal and in base-year prices (shares: no real figure); None when the figures give
    no number."""
    if m.given is not None:
        fig, real = m.given, m.given_real if m.given_real is not None else NO_FIGURE
    else:
        fig = ratio_bounds(m.num, m.den) if m.den is not None else ends(*m.num)
        real = NO_FIGURE
        if m.den is not None and not math.isnan(factor) and fig.qualifier is not None:
            # the rounded nominal figure deflated, as the pipeline computes its real columns
            real = Bounded(round_money(fig.value) * factor, round_money(fig.lower) * factor,
                           round_money(fig.upper) * factor, fig.qualifier)
    if fig.qualifier is None:
        return None
    fig, real = (_to_grosz(fig), _to_grosz(real)) if m.kind == "money" else (fig, real)
    return {"project_id": r.project_id, "metric": m.metric, "kind": m.kind,
            "value": fig.value, "value_lower": fig.lower, "value_upper": fig.upper, "qualifier": fig.qualifier,
            "real_value": real.value, "real_value_lower": real.lower, "real_value_upper": real.upper,
            "real_qualifier": real.qualifier, "maximum": m.maximum, "price_year": r.price_year,
            "price_base_year": base, "basis": m.basis}


def _to_grosz(fig: Bounded) -> Bounded:
    """An amount to the grosz: a point half up, a bound (and the value stating it) outwards."""
    q = fig.qualifier
    if q is None or q in POINT_QUALIFIERS:
        return Bounded(round_money(fig.value), round_money(fig.lower), round_money(fig.upper), q)
    value_side = "lower" if q in LOWER_BOUND_QUALIFIERS else "upper"
    return Bounded(round_money_bound(fig.value, value_side), round_money_bound(fig.lower, "lower"),
                   round_money_bound(fig.upper, "upper"), q)


# --- coverage -------------------------------------------------------------------------------------------------

def coverage(projects: pd.DataFrame, outcomes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which key figures each project has: a bool matrix indexed by project_id.

    total_value, dates (start and end), participants (any figure, bounds included), outcomes (an outcome figure;
    from ``outcomes`` where given, else the counts in projects), eu_share, real_cost (a real cost per participant).
    """
    has_outcome = projects["completed_count"].notna() | projects["employed_count"].notna()
    if outcomes is not None:
        has_outcome = has_outcome | projects["project_id"].isin(outcomes["project_id"])
    out = pd.DataFrame({
        "total_value": projects["total_value_pln"].notna(),
        "dates": projects["start_date"].notna() & projects["end_date"].notna(),
        "participants": projects[["participants", "participants_lower", "participants_upper"]].notna().any(axis=1),
        "outcomes": has_outcome,
        "eu_share": projects["eu_share"].notna(),
        "real_cost": projects[["cost_per_participant_real_pln", "cost_per_participant_real_lower_pln",
                               "cost_per_participant_real_upper_pln"]].notna().any(axis=1),
    })
    out.index = pd.Index(projects["project_id"].astype("str"), name="project_id")
    return out.astype("bool")


# --- ranking --------------------------------------------------------------------------------------------------

RANKING_COLUMNS = ["project_id", "comparison_group", "peer_group", "group", "rank", "best_rank", "worst_rank", "value",
                   "value_lower", "value_upper", "qualifier", "price_base_year", "note"]
RANKED, BOUNDED, PLANNED, NOT_COMPARABLE = "ranked", "bounded", "planned", "not_comparable"


def ranking(projects: pd.DataFrame) -> pd.DataFrame:
    """Projects ranked by real cost per participant (rank 1 = lowest), never ranking a bound as if exact.

    group ``ranked``: exact and approximate ('about') figures, ranked ascending (ties share the lower rank);
    group ``bounded``: one-sided figures and ranges, listed with their bound and the ranks they could take
    (best_rank–worst_rank) and note ``bound``; group ``not_comparable``: no real figure, note = the reason
    (``not_comparable_reason`` of the data).
    """
    rows = []
    for r in projects.itertuples(index=False):
        v, lo, hi, q = ends(r.cost_per_participant_real_pln, r.cost_per_participant_real_lower_pln,
                             r.cost_per_participant_real_upper_pln, r.cost_per_participant_real_qualifier)
        if q is None or (math.isnan(v) and math.isnan(lo) and math.isnan(hi)):
            reason = r.not_comparable_reason if isinstance(r.not_comparable_reason, str) else (
                NO_PARTICIPANTS_REASON if math.isnan(number(r.participants)) and math.isnan(
                    number(r.participants_lower)) else NO_REAL_REASON)
            rows.append({"project_id": r.project_id, "group": NOT_COMPARABLE, "note": reason,
                         "value": math.nan, "value_lower": math.nan, "value_upper": math.nan, "qualifier": None})
            continue
        group = RANKED if q in POINT_QUALIFIERS else BOUNDED
        if r.participants_status == "planned" or r.total_value_status == "planned":
            group = PLANNED  # a target is shown, never ranked against results
        rows.append({"project_id": r.project_id, "group": group, "value": v, "value_lower": lo, "value_upper": hi,
                     "qualifier": q, "note": q if q != "exact" else None})
    out = pd.DataFrame(rows, columns=[c for c in RANKING_COLUMNS if c not in ("rank", "best_rank", "worst_rank",
                                                                                "price_base_year")])
    # costs are ranked only among projects of the same kind (an ESF project against a one-day PFRON event means
    # nothing); see vocabulary.COMPARISON_GROUPS
    kind = projects.set_index("project_id")["comparison_group"]
    out["comparison_group"] = out["project_id"].map(kind).fillna("unknown").astype("str")
    # and within a kind of support and a programming period: an activation project of 2014-2020 is not ranked
    # against a social-services centre, nor against six yearly editions of 2008-2013
    out["peer_group"] = out["project_id"].map(peer_groups(projects)).fillna(out["comparison_group"]).astype("str")
    ranked = out["group"] == RANKED
    out["rank"] = out["value"].where(ranked).groupby(out["peer_group"]).rank(method="min").astype("Int64")
    best, worst = [], []
    for g, lo, hi, k in zip(out["group"], out["value_lower"], out["value_upper"], out["peer_group"],
                            strict=True):
        if g != BOUNDED:
            best.append(pd.NA)
            worst.append(pd.NA)
            continue
        exact_values = np.sort(out.loc[ranked & (out["peer_group"] == k), "value"].to_numpy(dtype="float64"))
        n = len(exact_values)
        best.append(1 if math.isnan(lo) else int(np.sum(exact_values < lo)) + 1)
        worst.append(n + 1 if math.isnan(hi) else int(np.sum(exact_values <= hi)) + 1)
    out["best_rank"] = pd.array(best, dtype="Int64")
    out["worst_rank"] = pd.array(worst, dtype="Int64")
    out["price_base_year"] = default_base_year(projects)
    order = {RANKED: 0, BOUNDED: 1, PLANNED: 2, NOT_COMPARABLE: 3}
    kinds = {k: i for i, k in enumerate(COMPARISON_GROUPS)}
    out = out.assign(_k=out["comparison_group"].map(kinds), _g=out["group"].map(order),
                     _v=out["value"].fillna(out["value_upper"]).fillna(out["value_lower"]))
    out = out.sort_values(["_k", "peer_group", "_g", "_v", "project_id"], kind="stable").drop(
        columns=["_k", "_g", "_v"])
    out = out[RANKING_COLUMNS].reset_index(drop=True)
    return out.astype({"project_id": "str", "comparison_group": "str", "peer_group": "str", "group": "str",
                       "qualifier": "str",
                       "note": "str", "value": "float64", "value_lower": "float64", "value_upper": "float64",
                       "price_base_year": "int64"})


def peer_groups(projects: pd.DataFrame) -> pd.Series:
    """The peers a project's cost is ranked among, by project_id: an EU-co-financed project's kind of support and
    programming period ('eu_project|activation|2014–2020'); another project's comparison group.

    >>> p = pd.DataFrame({"project_id": ["a", "b"], "comparison_group": ["eu_project", "pfron_event"],
    ...                   "support_kind": ["activation", "events"], "programme_period": ["2014–2020", None]})
    >>> peer_groups(p).to_dict()
    {'a': 'eu_project|activation|2014–2020', 'b': 'pfron_event'}
    """
    p = projects.set_index("project_id")
    eu = p["comparison_group"].eq("eu_project")
    detailed = p["comparison_group"] + "|" + p["support_kind"].fillna("unknown") + "|" + p[
        "programme_period"].fillna("unknown")
    return detailed.where(eu, p["comparison_group"]).astype("str")


NO_PARTICIPANTS_REASON = "no_participants"
NO_REAL_REASON = "no_real"
REASON_CODES = (*NOT_COMPARABLE_REASONS, NO_REAL_REASON, PLANNED_REASON)
"""Every reason code a report may show: the pipeline's (vocabulary) and the reports' own; each has a label
``reason_<code>`` in both languages (a test checks it)."""


MAX_ROWS = 30
"""Most projects a chart or table of a report lists; with more (a national list), the lowest and highest are shown
and the rest is summarised, so that a report stays readable at 100 000 projects."""


def top_and_bottom(df: pd.DataFrame, by: str | pd.Series, n: int = MAX_ROWS) -> pd.DataFrame:
    """All rows when there are at most ``n``; otherwise the ``n // 2`` lowest and ``n // 2`` highest by ``by``
    (rows without a value of ``by`` are left out then), in their original order."""
    if len(df) <= n:
        return df
    key = df[by] if isinstance(by, str) else by.reindex(df.index)
    valued = key.dropna().sort_values(kind="stable")
    half = n // 2
    keep = valued.index[:half].append(valued.index[-half:]).unique()
    return df.loc[df.index.isin(keep)]


def sum_column(rows: pd.DataFrame, prefix: str, suffix: str = "") -> Bounded:
    """The sum of a bounded figure over ``rows`` (:func:`analysis.core.bounds.sum_bounded`): an open end anywhere
    leaves that end of the sum open."""
    names = bounded_columns(prefix, suffix)
    return sum_bounded(ends(*cells) for cells in zip(*(rows[c] for c in names), strict=True))


def known_cost_ends(rank: pd.DataFrame) -> pd.DataFrame:
    """The ends of each known cost of a :func:`ranking`: a point cost (both ends its value) or a two-sided range;
    empty for one-sided bounds, targets and projects without a cost. The median of such costs lies between the
    median of the lower ends and the median of the upper ends (the median is monotone in each value)."""
    point = rank["group"] == RANKED
    two_sided = (rank["group"] == BOUNDED) & rank["value_lower"].notna() & rank["value_upper"].notna()
    return pd.DataFrame({"low": rank["value"].where(point, rank["value_lower"]).where(point | two_sided),
                         "high": rank["value"].where(point, rank["value_upper"]).where(point | two_sided)},
                        index=rank.index)


PLACE_COLUMNS = ["peer_group", "voivodeship", "projects", "centres", "known_costs", "cost_low", "cost_high",
                 "median_lower", "median_upper"]


def peers_by_place(projects: pd.DataFrame) -> pd.DataFrame:
    """Projects of each kind and period, in each voivodeship and in all ('' in ``voivodeship``): how many, of how
    many centres, how many with a known real cost per participant (results: a point cost or a two-sided range),
    the range of those costs and the bounds of their median. A range's median lies between the median of the
    lower ends and that of the upper ends; one-sided bounds and targets are counted as projects, never as costs."""
    rank = ranking(projects).merge(projects[["project_id", "voivodeship", "operator"]], on="project_id")
    rank["voivodeship"] = rank["voivodeship"].fillna("unknown").astype("str")
    rank[["low", "high"]] = known_cost_ends(rank)
    rows = []
    for (group, place), g in pd.concat([rank, rank.assign(voivodeship="")]).groupby(
            ["peer_group", "voivodeship"], sort=True):
        known = g.dropna(subset=["low"])
        rows.append({"peer_group": group, "voivodeship": place, "projects": len(g),
                     "centres": g["operator"].nunique(), "known_costs": len(known),
                     "cost_low": known["low"].min(), "cost_high": known["high"].max(),
                     "median_lower": known["low"].median(), "median_upper": known["high"].median()})
    out = pd.DataFrame(rows, columns=PLACE_COLUMNS)
    # a kind found in one voivodeship only: its row is the whole kind, no second row for all voivodeships
    places = out[out["voivodeship"] != ""].groupby("peer_group")["voivodeship"].nunique()
    out = out[(out["voivodeship"] != "") | out["peer_group"].map(places).gt(1)]
    # each kind: its voivodeships, then all of them; kinds with the most projects first
    size = out[out["voivodeship"] == ""].set_index("peer_group")["projects"]
    out["_size"], out["_all"] = out["peer_group"].map(size), out["voivodeship"] == ""
    return (out.sort_values(["_size", "peer_group", "_all", "voivodeship"], ascending=[False, True, True, True],
                            kind="stable").drop(columns=["_size", "_all"]).reset_index(drop=True))


def by_kind_and_centre(projects: pd.DataFrame) -> pd.DataFrame:
    """Projects grouped as a reader scans a long table: by kind and period (:func:`peer_groups`; the kinds with
    the most projects first), then by centre in alphabetical order, then in the order the data give."""
    if projects.empty:
        return projects
    group = projects["project_id"].map(peer_groups(projects)).astype("str")
    size = group.map(group.value_counts())
    centre = projects["operator"].fillna("").astype("str").map(polish_order)
    order = pd.DataFrame({"size": -size, "group": group, "centre": centre, "pos": range(len(projects))},
                         index=projects.index)
    return projects.loc[order.sort_values(["size", "group", "centre", "pos"], kind="stable").index]
