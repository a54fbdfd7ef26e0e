"""Tables the report notebooks show, computed from data/processed/ only.

Every function is pure: it reads its arguments and returns new objects. Bounds travel with every figure: a value
carries ``*_lower``/``*_upper`` and a ``*_qualifier`` (exact / about / at_least / ... / range / about_range), and
a ratio of two bounded figures gets the bounds and qualifier its parts imply (a count 'co najmniej 106' over an
exact number of participants is a rate 'at least'). Text that comes from the data is escaped before it reaches
Markdown or HTML (:func:`md_escape`, :func:`display_table`).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable
from os import PathLike
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from analysis.clean.prices import deflate, deflate_over_years, latest_complete_year
from analysis.clean.transform import ratio
from analysis.core.bounds import NONE as NO_FIGURE
from analysis.core.bounds import Bounded
from analysis.core.dictionary import PROCESSED
from analysis.core.precision import round_money, round_money_series
from analysis.core.vocabulary import COMPARISON_GROUPS, NOT_COMPARABLE_REASONS
from analysis.report.formatting import count_text, format_bounded, format_money
from analysis.report.labels import LABELS, check_lang, label

# --- loading --------------------------------------------------------------------------------------------------

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


def _to_bool(s: pd.Series, name: str) -> pd.Series:
    text = s.str.strip().str.lower()
    bad = text.notna() & ~text.isin(_TRUE | _FALSE)
    if bad.any():
        raise ValueError(f"{name}: not a boolean: {sorted(set(s[bad]))}")
    out = text.map(lambda t: None if pd.isna(t) else t in _TRUE)
    return out.astype("bool") if out.notna().all() else out.astype("boolean")


def typed(df: pd.DataFrame, table_name: str) -> pd.DataFrame:
    """Columns of a processed table read as text, converted to the dtypes of the data dictionary."""
    table = PROCESSED[table_name]
    missing = [c for c in table.names if c not in df.columns]
    if missing:
        raise KeyError(f"{table_name}: columns {missing} of the data dictionary are missing (stale data/processed? "
                       "rebuild it with `python -m analysis.clean.pipeline`)")
    out = {}
    for col in df.columns:
        s = df[col]
        if col not in table.names:
            out[col] = s.astype("str")
            continue
        dtype = table.column(col).dtype
        where = f"{table_name}:{col}"
        if dtype in ("pln", "float", "share"):
            out[col] = pd.to_numeric(s, errors="raise").astype("float64")
        elif dtype == "int":
            out[col] = pd.to_numeric(s, errors="raise").astype("Int64")
        elif dtype == "date":
            out[col] = pd.to_datetime(s, format="%Y-%m-%d", errors="raise").astype("datetime64[ns]")
        elif dtype == "bool":
            out[col] = _to_bool(s, where)
        else:
            out[col] = s.astype("str")
    return pd.DataFrame(out, index=df.index)


def load(processed_dir: str | PathLike[str]) -> dict[str, pd.DataFrame]:
    """Every processed table, keyed by name without '.csv' ('projects', 'funding', ...), typed from the dictionary.

    Money (``pln``), shares and floats are float64 (złoty, fractions); ``int`` columns nullable Int64; dates
    datetime64; booleans bool (boolean where a value is missing); text ``str`` with NaN for an empty cell.
    """
    base = Path(processed_dir)
    tables: dict[str, pd.DataFrame] = {}
    for name in PROCESSED:
        path = base / name
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: run `python -m analysis.clean.pipeline` (make data)")
        raw = pd.read_csv(path, dtype="str", keep_default_na=False, na_values=[""], encoding="utf-8")
        tables[name.removesuffix(".csv")] = typed(raw, name)
    return tables


# --- bounds arithmetic ----------------------------------------------------------------------------------------

_POINT = ("exact", "about")
_LOWER_ONLY = ("at_least", "more_than")
_UPPER_ONLY = ("at_most", "less_than")


def _nan(x: Any) -> float:
    return math.nan if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)) else float(x)


def _ends(value: object, lower: object, upper: object, qualifier: object) -> Bounded:
    """(value, lo, hi, qualifier) of a bounded figure; lo/hi NaN where open. A missing qualifier is None."""
    v, lo, hi = _nan(value), _nan(lower), _nan(upper)
    q = None if qualifier is None or qualifier is pd.NA or (isinstance(qualifier, float)) else str(qualifier)
    if q is None:
        if math.isnan(v):
            return NO_FIGURE
        q = "exact"
    if q in _POINT:
        return Bounded(v, v, v, q)
    if q in _LOWER_ONLY:
        lo = v if math.isnan(lo) else lo
        return Bounded(lo, lo, math.nan, q)
    if q in _UPPER_ONLY:
        hi = v if math.isnan(hi) else hi
        return Bounded(hi, math.nan, hi, q)
    if q in ("range", "about_range"):
        return Bounded(math.nan, lo, hi, q)
    return NO_FIGURE  # 'unquantified' and the like: no number


def ratio_bounds(num: tuple, den: tuple) -> Bounded:
    """num / den for one pair of bounded figures, each (value, lower, upper, qualifier).

    The interval rule is the pipeline's (:func:`analysis.clean.transform.ratio`): one rule for costs in the data and
    rates in the reports. Missing figures and a zero denominator give no figure.
    """
    nv, nlo, nhi, nq = _ends(*num)
    dv, dlo, dhi, dq = _ends(*den)
    if nq is None or dq is None:
        return NO_FIGURE
    if any(x == 0 for x in (dv, dlo, dhi) if not math.isnan(x)):
        return NO_FIGURE  # no division by zero: the figure is not defined

    def one(v: float, lo: float, hi: float, q: str) -> pd.DataFrame:
        return pd.DataFrame({"value": [v], "value_lower": [lo], "value_upper": [hi]},
                            dtype="float64").assign(qualifier=q)

    r = ratio(one(nv, nlo, nhi, nq), one(dv, dlo, dhi, dq)).iloc[0]
    q = None if pd.isna(r["qualifier"]) else str(r["qualifier"])
    return Bounded(_nan(r["value"]), _nan(r["value_lower"]), _nan(r["value_upper"]), q)


# --- prices ---------------------------------------------------------------------------------------------------

REAL_PAIRS: dict[str, str] = {
    "total_value_real_pln": "total_value_pln",
    "cost_per_participant_real_pln": "cost_per_participant_pln",
    "cost_per_participant_real_lower_pln": "cost_per_participant_lower_pln",
    "cost_per_participant_real_upper_pln": "cost_per_participant_upper_pln",
}


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
    """projects with the real columns recomputed in prices of ``base_year`` (0 or None: unchanged copy).

    Each real amount is the nominal one deflated from the project's ``price_year`` (złoty, rounded to grosze);
    rows that are not ``real_comparable`` keep no real figures.
    """
    out = projects.copy()
    if not base_year:
        return out
    base = resolve_base_year(projects, cpi, base_year)
    if base == default_base_year(projects):
        return out  # the pipeline's real columns are in this base year already
    comparable = out["real_comparable"].astype("boolean").fillna(False).astype(bool)
    for real, nominal in REAL_PAIRS.items():
        values = round_money_series(deflate(out[nominal], out["price_year"], base, cpi))
        out[real] = values.where(comparable, np.nan).astype("float64")
    # a range of price years (no end date printed): the extremes over the range, as the pipeline computes them
    if "price_year_lower" in out.columns:
        ranged = comparable & (out["price_year_lower"] != out["price_year_upper"]).fillna(False).astype(bool)
        if ranged.any():
            lo_y, hi_y = out["price_year_lower"].astype("Float64"), out["price_year_upper"].astype("Float64")
            point = out["cost_per_participant_pln"]
            low, _ = deflate_over_years(out["cost_per_participant_lower_pln"].fillna(point), lo_y, hi_y, base, cpi)
            _, high = deflate_over_years(out["cost_per_participant_upper_pln"].fillna(point), lo_y, hi_y, base, cpi)
            out.loc[ranged, "cost_per_participant_real_lower_pln"] = round_money_series(low[ranged])
            out.loc[ranged, "cost_per_participant_real_upper_pln"] = round_money_series(high[ranged])
            out.loc[ranged, "cost_per_participant_real_pln"] = np.nan
            out.loc[ranged, "total_value_real_pln"] = np.nan
    out["price_base_year"] = pd.Series(base, index=out.index, dtype=projects["price_base_year"].dtype)
    return out


def _real_factor(price_year: Any, base_year: int, cpi: pd.DataFrame) -> float:
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


def funding_mix(projects: pd.DataFrame) -> pd.DataFrame:
    """Shares of the total value by source, one row per project and known source (long table).

    Only projects with a total value and at least one known part. Where the known parts add up to less than the
    total, a row ``unspecified`` holds the rest, so shares always sum to 1. Columns: project_id, programme,
    source (eu / state_subsidy / own / national_grant / pfron / unspecified), amount_pln, share, complete (the
    parts printed add up to the total).
    """
    rows = []
    for r in projects.itertuples(index=False):
        total = _nan(r.total_value_pln)
        if math.isnan(total) or total <= 0:
            continue
        parts = {src: _nan(getattr(r, col)) for src, col in FUNDING_PARTS.items()}
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
    """Funding mix summed over the projects of each programme whose total value is known.

    A project with a total value but no breakdown counts wholly as ``unspecified``. Columns: programme, period,
    funder, projects (with a total value), total_value_pln, source, amount_pln, share (of the programme's total).
    """
    mix = funding_mix(projects)
    with_total = projects[projects["total_value_pln"].notna() & projects["programme"].notna()]
    unknown = with_total[~with_total["project_id"].isin(mix["project_id"])]
    extra = pd.DataFrame({"project_id": unknown["project_id"], "programme": unknown["programme"],
                          "source": UNSPECIFIED, "amount_pln": unknown["total_value_pln"],
                          "share": 1.0, "complete": False})
    mix = pd.concat([mix, extra], ignore_index=True) if len(extra) else mix
    columns = ["programme", "period", "funder", "projects", "total_value_pln", "source", "amount_pln", "share"]
    if mix.empty:
        return pd.DataFrame(columns=columns)
    totals = with_total.groupby("programme")["total_value_pln"]
    summed = mix.groupby(["programme", "source"], as_index=False, sort=False)["amount_pln"].sum()
    summed["total_value_pln"] = summed["programme"].map(totals.sum())
    summed["projects"] = summed["programme"].map(totals.count()).astype("int64")
    summed["share"] = summed["amount_pln"] / summed["total_value_pln"]
    progs = programmes.set_index("programme_id")
    summed["period"] = summed["programme"].map(progs["period"])
    summed["funder"] = summed["programme"].map(progs["funder"])
    return summed[columns].reset_index(drop=True)


# --- outcomes -------------------------------------------------------------------------------------------------

OUTCOME_COLUMNS = ["project_id", "figure_id", "indicator", "esf_indicator", "status", "unit",
                   "count", "count_lower", "count_upper", "count_qualifier",
                   "rate", "rate_lower", "rate_upper", "rate_qualifier",
                   "rate_of_completers", "rate_of_completers_lower", "rate_of_completers_upper",
                   "rate_of_completers_qualifier"]


def outcome_rates(projects: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    """Outcome counts with their rates among participants and among completers (primary figures only).

    A count with a qualifier gives a rate with the matching qualifier ('co najmniej 106' of 839 is 'at least
    12.6%'). Outcomes printed as a percentage of participants are rates already (count empty). The rate among
    completers is given for outcomes other than 'completed' where the project states how many completed.
    """
    prim = outcomes[outcomes["is_primary"].astype(bool)] if "is_primary" in outcomes else outcomes
    proj = projects.set_index("project_id")
    completed = prim[(prim["indicator"] == "completed") & (prim["unit"] == "persons")].set_index("project_id")
    rows = []
    for r in prim.itertuples(index=False):
        row = {"project_id": r.project_id, "figure_id": r.figure_id, "indicator": r.indicator,
               "esf_indicator": r.esf_indicator, "status": r.status, "unit": r.unit}
        fig = (r.value, r.value_lower, r.value_upper, r.qualifier)
        if r.unit == "percent":
            count, rate, of_completers = NO_FIGURE, _ends(*fig), NO_FIGURE
        else:
            count = _ends(*fig)
            if r.project_id in proj.index:
                p = proj.loc[r.project_id]
                den = (p["participants"], p["participants_lower"], p["participants_upper"],
                       p["participants_qualifier"])
                rate = ratio_bounds(fig, den)
            else:
                rate = NO_FIGURE
            if r.indicator != "completed" and r.project_id in completed.index:
                c = completed.loc[r.project_id]
                of_completers = ratio_bounds(fig, (c["value"], c["value_lower"], c["value_upper"], c["qualifier"]))
            else:
                of_completers = NO_FIGURE
        for prefix, f in (("count", count), ("rate", rate), ("rate_of_completers", of_completers)):
            row[prefix], row[f"{prefix}_lower"], row[f"{prefix}_upper"], row[f"{prefix}_qualifier"] = f
        rows.append(row)
    out = pd.DataFrame(rows, columns=OUTCOME_COLUMNS)
    floats = [c for c in OUTCOME_COLUMNS if c.startswith(("count", "rate")) and not c.endswith("qualifier")]
    strings = [c for c in OUTCOME_COLUMNS if c not in floats]
    return out.astype({**{c: "float64" for c in floats}, **{c: "str" for c in strings}})


# --- unit economics -------------------------------------------------------------------------------------------

UNIT_COLUMNS = ["project_id", "metric", "kind", "value", "value_lower", "value_upper", "qualifier",
                "real_value", "real_value_lower", "real_value_upper", "real_qualifier", "maximum",
                "price_year", "price_base_year", "basis"]

METRICS = ("cost_per_participant", "cost_per_participant_month", "cost_per_programme_hour",
           "grant_per_programme_hour", "budget_per_employed", "budget_per_qualification", "eu_share",
           "external_share", "own_contribution_per_participant")


def programme_hours(services: pd.DataFrame) -> pd.Series:
    """Hours of the programme per project: the sum of the primary, exact ``service_hours`` figures."""
    s = services[(services["measure"] == "service_hours") & services["is_primary"].astype(bool)
                 & (services["qualifier"] == "exact")]
    return s.groupby("project_id")["value"].sum()


def unit_economics(projects: pd.DataFrame, services: pd.DataFrame, base_year: int | None = None, *,
                   outcomes: pd.DataFrame | None = None, cpi: pd.DataFrame | None = None,
                   programmes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Unit costs per project (long table), nominal and real, with bounds.

    Metrics: cost_per_participant (total value / participants), cost_per_participant_month (… / duration in
    months), cost_per_programme_hour (total value / hours of the programme), grant_per_programme_hour (where the
    total value is not printed but a grant is — the Więcbork club: MPiPS grant / programme hours),
    budget_per_employed and budget_per_qualification (the whole budget / outcome count: not unit costs),
    own_contribution_per_participant,
    eu_share and external_share (shares; ``maximum`` is the programme's largest allowed share). Real figures are
    in prices of ``base_year`` (0/None: the data's base year), deflated from the project's price year; they need
    ``cpi`` when base_year differs from the data's. ``basis`` names what was divided by what (a label key).
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
    """One unit metric of a project before division: num / den (den None: a share, shown as it is)."""

    metric: str
    num: tuple
    den: tuple | None
    basis: str
    kind: str = "money"
    maximum: float = math.nan


def _price_factor(r: Any, base: int, cpi: pd.DataFrame | None) -> float:
    """Multiply a nominal amount of the project by this to get prices of ``base`` (NaN without a price year)."""
    if cpi is not None:
        return _real_factor(r.price_year, base, cpi)
    if r.price_year is pd.NA or pd.isna(r.price_year):
        return math.nan
    # the data's own real columns give the factor for the data's base year
    return _nan(r.total_value_real_pln) / _nan(r.total_value_pln) if _nan(r.total_value_pln) else math.nan


def _total(r: Any) -> tuple:
    """The project's total value as a bounded figure (printed, or at least the sum of its parts)."""
    return r.total_value_pln, r.total_value_lower_pln, r.total_value_pln, r.total_value_qualifier


def _participants(r: Any) -> tuple:
    return r.participants, r.participants_lower, r.participants_upper, r.participants_qualifier


def _cost_metrics(r: Any) -> list[_Metric]:
    """Cost per participant, and per participant and month where the documents give a duration."""
    metrics = [_Metric("cost_per_participant", _total(r), _participants(r), "basis_total_per_participant")]
    months = _nan(r.duration_months)
    if not math.isnan(months) and months > 0:
        metrics.append(_Metric("cost_per_participant_month", _total(r), _ends(*_participants(r)).scaled(months),
                               "basis_total_per_participant_month"))
    return metrics


_GRANT_COLUMNS = ("national_grant_pln", "pfron_pln", "eu_cofinancing_pln", "state_subsidy_pln")


def _hour_metrics(r: Any, hours: pd.Series) -> list[_Metric]:
    """Cost per hour of the programme; where no total is known, the first known grant per hour."""
    h = float(hours.get(r.project_id, math.nan))
    if math.isnan(h) or h <= 0:
        return []
    if isinstance(r.total_value_qualifier, str):  # printed, or at least the sum of its parts
        return [_Metric("cost_per_programme_hour", _total(r), Bounded.exact(h), "basis_total_per_hour")]
    grant = next((_nan(getattr(r, c)) for c in _GRANT_COLUMNS if not math.isnan(_nan(getattr(r, c)))), math.nan)
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
    own = _nan(r.own_contribution_pln)
    if not math.isnan(own):
        metrics.append(_Metric("own_contribution_per_participant", Bounded.exact(own), _participants(r),
                               "basis_own_per_participant"))
    eu = _nan(r.eu_share)
    if not math.isnan(eu):
        metrics.append(_Metric("eu_share", Bounded.exact(eu), None, "basis_eu_share", "share",
                               _nan(r.max_eu_share)))
    ext = _nan(r.external_share)
    if not math.isnan(ext):
        mx = _nan(max_cof.get(r.programme, math.nan)) if isinstance(r.programme, str) else math.nan
        if math.isnan(mx):  # a programme without a cap on all external money: the EU cap where that is all of it
            mx = _nan(r.max_eu_share) if _nan(r.eu_share) == ext else math.nan
        metrics.append(_Metric("external_share", Bounded.exact(ext), None, "basis_external_share", "share", mx))
    return metrics


def _unit_row(r: Any, m: _Metric, base: int, factor: float) -> dict | None:
    """The row of one metric: num / den nominal and in base-year prices (shares: no real figure); None when the
    figures give no number."""
    fig = ratio_bounds(m.num, m.den) if m.den is not None else _ends(*m.num)
    if fig.qualifier is None:
        return None
    if m.den is not None and not math.isnan(factor):
        # the rounded nominal figure deflated, as the pipeline computes the real columns
        real = Bounded(round_money(fig.value) * factor, round_money(fig.lower) * factor,
                       round_money(fig.upper) * factor, fig.qualifier)
    else:
        real = NO_FIGURE
    if m.metric == "cost_per_participant" and isinstance(r.cost_per_participant_real_qualifier, str):
        # the projects' own real columns: a range of price years (no end date printed) included
        real = _ends(r.cost_per_participant_real_pln, r.cost_per_participant_real_lower_pln,
                     r.cost_per_participant_real_upper_pln, r.cost_per_participant_real_qualifier)
    rnd = round_money if m.kind == "money" else (lambda x: x)
    return {"project_id": r.project_id, "metric": m.metric, "kind": m.kind,
            "value": rnd(fig.value), "value_lower": rnd(fig.lower), "value_upper": rnd(fig.upper),
            "qualifier": fig.qualifier,
            "real_value": rnd(real.value), "real_value_lower": rnd(real.lower), "real_value_upper": rnd(real.upper),
            "real_qualifier": real.qualifier, "maximum": m.maximum, "price_year": r.price_year,
            "price_base_year": base, "basis": m.basis}


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

RANKING_COLUMNS = ["project_id", "comparison_group", "group", "rank", "best_rank", "worst_rank", "value",
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
        v, lo, hi, q = _ends(r.cost_per_participant_real_pln, r.cost_per_participant_real_lower_pln,
                             r.cost_per_participant_real_upper_pln, r.cost_per_participant_real_qualifier)
        if q is None or (math.isnan(v) and math.isnan(lo) and math.isnan(hi)):
            reason = r.not_comparable_reason if isinstance(r.not_comparable_reason, str) else (
                NO_PARTICIPANTS_REASON if math.isnan(_nan(r.participants)) and math.isnan(
                    _nan(r.participants_lower)) else NO_REAL_REASON)
            rows.append({"project_id": r.project_id, "group": NOT_COMPARABLE, "note": reason,
                         "value": math.nan, "value_lower": math.nan, "value_upper": math.nan, "qualifier": None})
            continue
        group = RANKED if q in _POINT else BOUNDED
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
    ranked = out["group"] == RANKED
    out["rank"] = out["value"].where(ranked).groupby(out["comparison_group"]).rank(method="min").astype("Int64")
    best, worst = [], []
    for g, lo, hi, k in zip(out["group"], out["value_lower"], out["value_upper"], out["comparison_group"],
                            strict=True):
        if g != BOUNDED:
            best.append(pd.NA)
            worst.append(pd.NA)
            continue
        exact_values = np.sort(out.loc[ranked & (out["comparison_group"] == k), "value"].to_numpy(dtype="float64"))
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
    out = out.sort_values(["_k", "_g", "_v", "project_id"], kind="stable").drop(columns=["_k", "_g", "_v"])
    out = out[RANKING_COLUMNS].reset_index(drop=True)
    return out.astype({"project_id": "str", "comparison_group": "str", "group": "str", "qualifier": "str",
                       "note": "str", "value": "float64", "value_lower": "float64", "value_upper": "float64",
                       "price_base_year": "int64"})


NO_PARTICIPANTS_REASON = "no_participants"
NO_REAL_REASON = "no_real"
REASON_CODES = (*NOT_COMPARABLE_REASONS, NO_REAL_REASON, PLANNED_REASON)
"""Every reason code a report may show: the pipeline's (vocabulary) and the reports' own; each has a label
``reason_<code>`` in both languages (a test checks it)."""


def reason_label(reason: str | None, lang: str) -> str:
    """A not-comparable reason code in ``lang``; an unknown code raises KeyError (a report never shows a code)."""
    check_lang(lang)
    if reason is None or (isinstance(reason, float) and math.isnan(reason)):
        return ""
    return label(f"reason_{reason}", lang)


# --- caveats --------------------------------------------------------------------------------------------------

def _title(r: Any, lang: str) -> str:
    return str(r.title_en if lang == "en" else r.title)


def caveats(projects: pd.DataFrame, figures: pd.DataFrame, checks: pd.DataFrame, lang: str = "en") -> list[str]:
    """Caveat sentences generated from the data (plain text: escape before putting into Markdown or HTML).

    planned figures beside achieved ones, bounded figures, partnership scope (operator_part), interpreted and
    re-read figures (the transcriber's note where the table has one, else the words of the document), failed and
    not_verifiable checks, projects without real figures.
    """
    check_lang(lang)
    out: list[str] = []
    # one sentence per kind of target, naming its projects (not one sentence per project)
    targets: dict[str, list[str]] = {}
    for r in projects.itertuples(index=False):
        planned = tuple(k for k, s in (("participants", r.participants_status),
                                       ("total_value", r.total_value_status)) if s == "planned")
        if planned:
            targets.setdefault(" | ".join(planned), []).append(_title(r, lang))
    for what, titles in targets.items():
        words = join_list([label(k, lang) for k in what.split(" | ")], lang)
        shown = titles[:5] + ([label("more_items", lang, n=len(titles) - 5).rstrip(".")] if len(titles) > 5 else [])
        out.append(label("caveat_planned_many", lang, what=words[:1].upper() + words[1:],
                         titles="; ".join(shown)))
    for r in projects.itertuples(index=False):
        t = _title(r, lang)
        if isinstance(r.participants_qualifier, str) and r.participants_qualifier != "exact":
            fig = format_bounded(r.participants, r.participants_lower, r.participants_upper,
                                 r.participants_qualifier, lang, "count")
            cost = format_bounded(r.cost_per_participant_pln, r.cost_per_participant_lower_pln,
                                  r.cost_per_participant_upper_pln, r.cost_per_participant_qualifier, lang, "money")
            key = "caveat_bound_cost" if isinstance(r.cost_per_participant_qualifier, str) else "caveat_bound"
            out.append(label(key, lang, title=t, figure=fig, cost=cost))
        if r.scope == "operator_part":
            out.append(label("caveat_operator_part", lang, title=t, operator=r.operator))
        if (isinstance(r.employed_qualifier, str) and r.employed_qualifier != "exact"
                and not math.isnan(_nan(r.employed_count))):
            fig = format_bounded(r.employed_count, r.employed_count, math.nan, r.employed_qualifier, lang, "count")
            out.append(label("caveat_bound_employed", lang, title=t, figure=fig))
    ids = set(projects["project_id"])
    fig_rows = figures[figures["project_id"].isin(ids)]
    title_of = {r.project_id: _title(r, lang) for r in projects.itertuples(index=False)}
    for r in fig_rows[fig_rows["transcription"] == "interpreted"].itertuples(index=False):
        # the document's own words (a verbatim quote is data in either report); figure ids go to the appendix
        out.append(label("caveat_interpreted2", lang, title=title_of.get(r.project_id, ""), value=r.value_as_printed,
                         words=f"„{r.quote}”"))
    for kind in ("read_from_scrambled_table", "counted_from_list", "named_without_amount"):
        n = int((fig_rows["transcription"] == kind).sum())
        if n:
            out.append(label(f"caveat2_{kind}", lang, figures=count_text(n, "figure", lang)))
    return out


def check_notes(projects: pd.DataFrame, figures: pd.DataFrame, checks: pd.DataFrame) -> pd.DataFrame:
    """Domain checks about these projects that failed or cannot be verified (for the technical appendix):
    columns check, subject, result, detail, as ``checks.csv`` states them (in English)."""
    ids = set(projects["project_id"])
    fig_ids = set(figures.loc[figures["project_id"].isin(ids), "figure_id"])
    subjects = ids | set(projects["portfolio_id"].dropna()) | fig_ids
    relevant = checks[checks["subject"].map(lambda s: re.split(r"[\s,;]+", str(s))[0] in subjects)]
    return relevant[relevant["result"].isin(["not_verifiable", "fail"])].reset_index(drop=True)


# --- escaping and tables ---------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~=^>:])")  # ":" too: no bare-URL autolinks


def md_escape(text: object) -> str:
    """Data text made safe for generated Markdown: HTML-escaped, Markdown syntax neutralised, on one line.

    '<script>alert(1)</script>' becomes '&lt;script&gt;alert\\(1\\)&lt;/script&gt;', which Markdown renders as
    the visible text it is. Dollar signs become an entity so that no math is typeset.
    """
    if text is None or text is pd.NA or (isinstance(text, float) and math.isnan(text)):
        return ""
    s = " ".join(str(text).split())  # no line breaks: one paragraph, no new Markdown blocks
    s = html.escape(s, quote=False)  # & < > first; the entities' own characters are not escaped below
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return s.replace("$", "&#36;")


def display_table(df: pd.DataFrame, lang: str):
    """An HTML table of ``df`` with every cell and heading HTML-escaped and no index.

    Column names that are label keys are translated; missing cells print as '—'. Returns an
    ``IPython.display.HTML`` object (deterministic markup: no random ids).
    """
    from IPython.display import HTML

    check_lang(lang)
    shown = df.rename(columns={c: label(c, lang) for c in df.columns if isinstance(c, str) and c in LABELS})
    markup = shown.to_html(escape=True, index=False, na_rep="—", border=0, classes="report-table",
                           justify="left")
    return HTML(markup)


def money_or_dash(x: Any, lang: str) -> str:
    """format_money that accepts missing values (a thin convenience for notebooks)."""
    return format_money(None if x is None or pd.isna(x) else float(x), lang)


def join_list(items: Iterable[str], lang: str) -> str:
    """'a, b and c' / 'a, b i c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" and " if lang == "en" else " i ") + items[-1]


__all__ = [
    "load", "typed", "rebase_real", "achieved_only", "funding_mix", "funding_by_programme", "outcome_rates",
    "unit_economics", "programme_hours", "coverage", "caveats", "ranking", "reason_label", "md_escape",
    "display_table", "ratio_bounds", "default_base_year", "resolve_base_year", "join_list", "money_or_dash",
]


# --- presentation helpers (text for tables and charts) ---------------------------------------------------------

def chart_text(text: object) -> str:
    """Data text for a matplotlib label: '$' escaped so that no mathtext is parsed."""
    return "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text).replace("$", r"\$")


def project_names(projects: pd.DataFrame, lang: str, width: int | None = None) -> pd.Series:
    """Title in the report's language (Polish title for pl, English rendering for en), indexed by project_id.

    With ``width``, titles longer than that are shortened with '…' (for chart axes).
    """
    check_lang(lang)
    names = projects["title_en" if lang == "en" else "title"].astype("str")
    if width:
        names = names.map(lambda t: t if len(t) <= width else t[: width - 1].rstrip() + "…")
    return pd.Series(names.to_numpy(), index=projects["project_id"].astype("str"), name="title", dtype="str")


def _date_text(d: object, precision: object) -> str:
    if d is None or pd.isna(d):
        return "?"
    ts = pd.Timestamp(d)
    return {"year": ts.strftime("%Y"), "month": ts.strftime("%m.%Y")}.get(str(precision), ts.strftime("%d.%m.%Y"))


def period_text(r: Any) -> str:
    """'08.2018–03.2021', '2008–2013', '11.06.2007–30.11.2007'; '—' where neither date is known."""
    s, e = r.start_date, r.end_date
    if (s is None or pd.isna(s)) and (e is None or pd.isna(e)):
        return "—"
    start = _date_text(s, r.start_date_precision)
    end = _date_text(e, r.end_date_precision)
    return start if start == end else f"{start}–{end}"


def sum_bounded(rows: pd.DataFrame, value: str, lower: str, upper: str, qualifier: str) -> Bounded:
    """Sum of bounded figures as (value, lower, upper, qualifier): an open bound anywhere leaves that end open."""
    figs = [_ends(v, lo, up, q) for v, lo, up, q in zip(rows[value], rows[lower], rows[upper], rows[qualifier],
                                                          strict=True)]
    figs = [f for f in figs if f[3] is not None]
    if not figs:
        return NO_FIGURE
    lo = sum(f[1] for f in figs)  # NaN propagates: one open lower end opens the sum's
    hi = sum(f[2] for f in figs)
    approx = any(f[3] in ("about", "about_range") for f in figs)
    if not math.isnan(lo) and not math.isnan(hi):
        if lo == hi:
            return Bounded(lo, lo, hi, "about" if approx else "exact")
        return Bounded(math.nan, lo, hi, "about_range" if approx else "range")
    if not math.isnan(lo):
        return Bounded(lo, lo, math.nan, "at_least")
    if not math.isnan(hi):
        return Bounded(hi, math.nan, hi, "at_most")
    return NO_FIGURE


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
