"""The analyst's API: the processed tables as typed frames, bounded figures, real prices, comparisons and quotes.

Everything here is importable from the package itself (``import analysis as an``) and reads ``data/processed/``
(built by ``make data``) wherever Python runs: a notebook in ``notebooks/``, the repository root or elsewhere.

A figure is *bounded*: it is held as four columns, ``value``, ``value_lower``, ``value_upper`` and ``qualifier``
(``exact``, ``about``, ``at_least``, ``more_than``, ``at_most``, ``less_than``, ``range``, ``about_range``), so
'co najmniej 60 uczestników' stays "at least 60" through every ratio and deflation, and a question about two
figures can be answered "yes", "no" or "cannot say". One figure on its own is a :class:`Bounded` tuple.

>>> import analysis as an
>>> p = an.projects()
>>> kat = p[p["project_id"] == "katowice-wlacz-sie"]
>>> eu = an.per_participant(kat, "eu_cofinancing")    # 4 080 000,00 zł / 839 persons
>>> f"{eu['value'].iloc[0]:.2f}", eu["per"].iloc[0]
('4862.93', 'persons')
>>> real = an.real_prices(eu, kat, base_year=2021)    # price years 2015–2017: a range
>>> real.iloc[0].to_dict()
{'value': nan, 'value_lower': 5492.76, 'value_upper': 5602.62, 'qualifier': 'range'}

Only :mod:`analysis.core` and :mod:`analysis.paths` are used here (an import contract in ``pyproject.toml``): the
rules of bounds, prices and peers are the ones ``make data`` and the reports apply, never a copy of them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from analysis.core import bounds as _bounds
from analysis.core import prices as _prices
from analysis.core.bounds import Bounded
from analysis.core.dictionary import PROCESSED, bounded_columns, read_processed
from analysis.paths import PROCESSED_DIR

FIGURE = ("value", "value_lower", "value_upper", "qualifier")
"""The four columns of a bounded figure in the frames this API returns."""


# --- the tables -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tables:
    """Every processed table as a typed DataFrame (``docs/data_dictionary.md`` says what each column holds).

    Money (``…_pln``) is float64 złoty, shares are fractions 0–1, dates datetime64, counts nullable.

    >>> t = tables()
    >>> t.sources.set_index("source_id").at["slaskie-wlacz-sie", "publisher"]
    'Fundusze Europejskie dla Śląskiego'
    """

    projects: pd.DataFrame
    """One row per project: identity, programme, period, funding, participants, costs, peers."""
    figures: pd.DataFrame
    """Every transcribed figure, parsed, with its verbatim quote and source."""
    funding: pd.DataFrame
    """Money by source (EU, state, own, …) and item, as printed."""
    participants: pd.DataFrame
    """Participant counts by group (total, women, men, disabled), unit, status and period."""
    outcomes: pd.DataFrame
    """Outcome counts (completed, employed, …) with their indicator."""
    services: pd.DataFrame
    """Services (forms of support) with their reach or hours."""
    context: pd.DataFrame
    """Dates, programme words and other figures that are not money, people or outcomes."""
    sources: pd.DataFrame
    """Every stored document: publisher, title, address, the day it was read."""
    programmes: pd.DataFrame
    """Programmes and funds with their co-financing caps and eligibility windows."""
    rules: pd.DataFrame
    """The reference rules (efficiency criteria, caps) with their scope and quote."""
    rule_checks: pd.DataFrame
    """Each project against each rule of its funder: within, outside, cannot be judged, other scope."""
    cpi: pd.DataFrame
    """Poland's annual CPI (previous year = 100), GUS."""
    checks: pd.DataFrame
    """Every domain check of ``make data`` and its result."""


_CACHE: dict[tuple, dict[str, pd.DataFrame]] = {}


def _stamp(directory: Path) -> tuple:
    """What identifies one state of the processed tables: each file's size and modification time."""
    out = []
    for name in PROCESSED:
        path = directory / name
        st = path.stat() if path.exists() else None
        out.append((name, st.st_mtime_ns, st.st_size) if st else (name, None, None))
    return tuple(out)


def tables(processed_dir: str | Path | None = None) -> Tables:
    """The processed tables, read once per state of ``data/processed/`` (after ``make data`` they are read again).

    Each call hands out fresh copies, so changing a frame in a notebook never changes what the next call gives.
    ``processed_dir``: another folder of processed tables (default: the repository's ``data/processed``).

    >>> t = tables()
    >>> t.projects.dtypes["start_date"], t.projects.dtypes["total_value_pln"]
    (dtype('<M8[ns]'), dtype('float64'))
    """
    directory = Path(processed_dir) if processed_dir is not None else PROCESSED_DIR
    key = (str(directory.resolve()), _stamp(directory))
    if key not in _CACHE:
        _CACHE.clear()  # one state at a time: an old one is never handed out again
        _CACHE[key] = read_processed(directory)
    frames = _CACHE[key]
    return Tables(**{f.name: frames[f.name].copy() for f in fields(Tables)})


def projects(processed_dir: str | Path | None = None) -> pd.DataFrame:
    """The projects table (``tables().projects``): one row per project.

    >>> p = projects()
    >>> p.set_index("project_id").at["katowice-wlacz-sie", "participants"]   # 'udział wzięło 839 mieszkańców'
    np.float64(839.0)
    """
    return tables(processed_dir).projects


# --- bounded figures --------------------------------------------------------------------------------------------


def bounded(frame: pd.DataFrame | pd.Series, prefix: str, suffix: str | None = None) -> pd.DataFrame | Bounded:
    """A figure of a wide table as the four figure columns, on the table's index; of one row, a :class:`Bounded`.

    ``prefix`` names the figure as its columns do: ``bounded(p, "cost_per_participant")`` reads
    ``cost_per_participant_pln``, ``…_lower_pln``, ``…_upper_pln`` and ``…_qualifier``; a figure without bound
    columns (``eu_cofinancing``) gets the ends its qualifier gives, and a plain column (``women_count``) is exact
    where it has a value. ``suffix`` (the unit) is found by itself: ``_pln`` where such a column exists.

    >>> p = projects().set_index("project_id")
    >>> bounded(p, "participants").loc["katowice-wlacz-sie"].to_dict()
    {'value': 839.0, 'value_lower': 839.0, 'value_upper': 839.0, 'qualifier': 'exact'}
    >>> bounded(p, "eu_cofinancing").loc["knurow-cwis"].to_dict()            # '413 586,28 zł'
    {'value': 413586.28, 'value_lower': 413586.28, 'value_upper': 413586.28, 'qualifier': 'exact'}
    >>> bounded(p.loc["knurow-cwis"], "participants")                         # one row: one figure
    Bounded(value=81.0, lower=81.0, upper=81.0, qualifier='exact')
    """
    if isinstance(frame, pd.Series):
        return _one(_bounded_frame(frame.to_frame().T, prefix, suffix))
    return _bounded_frame(frame, prefix, suffix)


def _one(figure: pd.DataFrame) -> Bounded:
    """The first row of a figure frame as a :class:`Bounded`."""
    row = figure.iloc[0]
    q = None if pd.isna(row["qualifier"]) else str(row["qualifier"])
    return Bounded(_bounds.number(row["value"]), _bounds.number(row["value_lower"]), _bounds.number(row["value_upper"]),
                   q)


def _bounded_frame(frame: pd.DataFrame, prefix: str, suffix: str | None) -> pd.DataFrame:
    if suffix is None:
        suffix = "_pln" if f"{prefix}_pln" in frame.columns else ""
    names = bounded_columns(prefix, suffix)
    if names.value not in frame.columns:
        known = sorted({c.removesuffix("_pln").removesuffix("_qualifier") for c in frame.columns})
        raise KeyError(f"no figure {prefix!r} in this table (no column {names.value!r}); its columns: {known}")

    def column(name: str) -> pd.Series | None:
        return frame[name] if name in frame.columns else None

    return _bounds.figure_frame(frame[names.value], column(names.lower), column(names.upper),
                                column(names.qualifier))


def _figure(x: pd.DataFrame | pd.Series) -> pd.DataFrame:
    """A figure frame, or a plain Series of numbers (exact where present), as a figure frame."""
    if isinstance(x, pd.Series):
        return _bounds.figure_frame(x)
    missing = [c for c in FIGURE if c not in x.columns]
    if missing:
        raise KeyError(f"a bounded figure needs the columns {list(FIGURE)} (missing {missing}); "
                       "make one with analysis.bounded(table, prefix)")
    return _bounds.figure_frame(x["value"], x["value_lower"], x["value_upper"], x["qualifier"])


def ratio(numerator: pd.DataFrame | pd.Series, denominator: pd.DataFrame | pd.Series) -> pd.DataFrame:
    """Row by row, numerator / denominator of bounded figures, bounds carried ("at least 60" persons in the
    denominator makes the ratio an upper bound). Name the denominator wherever the ratio is shown.

    >>> p = projects().set_index("project_id").loc[["knurow-cwis"]]
    >>> ratio(bounded(p, "women_count"), bounded(p, "participants")).round(4)["value"].tolist()   # 56 of 81
    [0.6914]
    """
    num, den = _figure(numerator), _figure(denominator)
    if not num.index.equals(den.index):
        raise ValueError("numerator and denominator must have the same index (rows of one table)")
    return _bounds.ratio(num, den)


def scaled(figure: pd.DataFrame | pd.Series, factor: float) -> pd.DataFrame:
    """A bounded figure times a positive ``factor`` (złoty to millions: ``factor=1e-6``), qualifier kept.

    >>> scaled(pd.DataFrame({"value": [None], "value_lower": [4.8e6], "value_upper": [5.0e6],
    ...                      "qualifier": ["range"]}), 1e-6).iloc[0].to_dict()
    {'value': nan, 'value_lower': 4.8, 'value_upper': 5.0, 'qualifier': 'range'}
    """
    if not factor > 0:
        raise ValueError(f"a factor that keeps a bound's meaning: a positive number, not {factor!r}")
    out = _figure(figure)
    for c in ("value", "value_lower", "value_upper"):
        out[c] = out[c] * factor
    return out


def total(figure: pd.DataFrame | pd.Series) -> Bounded:
    """The sum of a column of bounded figures: an open end in any row leaves that end of the sum open, an 'about'
    makes it 'about', and rows with no figure are left out (say how many, where it matters).

    >>> money = pd.DataFrame({"value": [4.8e6, 7.7e5], "value_lower": [4.8e6, 7.7e5],
    ...                       "value_upper": [4.8e6, None], "qualifier": ["exact", "more_than"]})
    >>> total(money)                                           # 4 800 000,00 zł and 'ponad 770 tys. zł'
    Bounded(value=5570000.0, lower=5570000.0, upper=nan, qualifier='at_least')
    """
    f = _figure(figure)
    return _bounds.sum_bounded(_bounds.ends(*row) for row in f[list(FIGURE)].itertuples(index=False))


def per_participant(projects: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """A money figure of each project per participant, bounds carried, with what it is divided by: the unit
    (``per``: persons, or families where the project counts families) and the status of the count (``planned``
    or ``achieved``). The unit stays beside the number: a cost per family is never a cost per person.

    >>> p = projects()
    >>> nowy = per_participant(p[p["project_id"] == "knurow-nowy-start"], "eu_cofinancing")
    >>> r = nowy.iloc[0]                                        # 128 188,11 zł / 28 persons
    >>> f"{r['value']:.2f}", r["qualifier"], r["per"], r["participants_status"]
    ('4578.15', 'exact', 'persons', 'achieved')
    """
    # unrounded: a figure is rounded where it is shown
    out = ratio(_bounded_frame(projects, prefix, None), _bounded_frame(projects, "participants", None))
    out.insert(0, "project_id", projects["project_id"])
    out["per"] = projects["participants_unit"]
    out["participants_status"] = projects["participants_status"]
    return out


# --- real prices ------------------------------------------------------------------------------------------------


def _years_frame(price_years: object, index: pd.Index) -> pd.DataFrame:
    if isinstance(price_years, pd.DataFrame):
        missing = [c for c in ("price_year_lower", "price_year_upper") if c not in price_years.columns]
        if missing:
            raise KeyError(f"price years need the columns price_year_lower and price_year_upper (missing {missing})")
        cols = [c for c in ("price_year", "price_year_lower", "price_year_upper") if c in price_years.columns]
        years = price_years[cols]
    elif isinstance(price_years, pd.Series):
        years = pd.DataFrame({"price_year_lower": price_years, "price_year_upper": price_years})
    elif isinstance(price_years, tuple):
        first, last = price_years
        years = pd.DataFrame({"price_year_lower": first, "price_year_upper": last}, index=index)
    else:
        years = pd.DataFrame({"price_year_lower": price_years, "price_year_upper": price_years}, index=index)
    years = years.reindex(index)
    return years.apply(lambda s: pd.to_numeric(s, errors="coerce")).astype("Int64")


def real_prices(amount: float | Bounded | pd.Series | pd.DataFrame, price_years: object,
                base_year: int | None = None, cpi: pd.DataFrame | None = None) -> Bounded | pd.DataFrame:
    """Amounts in prices of ``base_year`` (default: the latest year of the CPI table), bounds carried.

    ``amount``: one number or :class:`Bounded`, or a column (a Series of złoty, or a bounded figure frame).
    ``price_years``: one year (``2016``), a range of years (``(2015, 2017)``: the money was spent in some year of
    it), a Series of years, or a frame with ``price_year_lower`` and ``price_year_upper`` such as the projects
    table (a project with no printed end date has a range). Over a range the real figure runs from the lowest real
    value of its lower end to the highest of its upper end over every year of the range, not only its two ends:
    prices fell in 2015 and 2016. The rule is :func:`analysis.core.prices.real_bounded`, the one ``make data``
    uses; results are rounded to the grosz, bounds outwards.

    >>> real_prices(4_080_000 / 839, (2015, 2019), base_year=2021)   # Katowice, its programme's window only
    Bounded(value=nan, lower=5284.71, upper=5602.62, qualifier='range')
    >>> real_prices(128_188.11 / 28, 2016, base_year=2021).value     # 'Nowy start', 2016–2017: mid-point 2016
    5274.51
    """
    cpi = tables().cpi if cpi is None else cpi
    if base_year is None:
        base_year = _prices.latest_complete_year(cpi)
    if isinstance(amount, pd.DataFrame | pd.Series):
        figure = _figure(amount)
        return _prices.real_bounded(figure, _years_frame(price_years, figure.index), int(base_year), cpi)
    one = amount if isinstance(amount, Bounded) else Bounded.exact(float(amount))
    frame = pd.DataFrame([one], columns=list(FIGURE))
    return _one(_prices.real_bounded(_figure(frame), _years_frame(price_years, frame.index), int(base_year), cpi))


# --- comparisons ------------------------------------------------------------------------------------------------


def is_less(a: pd.DataFrame | pd.Series, b: pd.DataFrame | pd.Series) -> pd.Series:
    """Row by row, is ``a`` surely less than ``b``: True, False, or <NA> where the figures cannot say (their
    intervals overlap, or one of them was not printed). Figures are bounded frames or plain Series (NaN: none).

    >>> is_less(pd.Series([8.0, None]), pd.Series([20.0, 39.0])).tolist()     # men < women? no men count: <NA>
    [True, <NA>]
    """
    x, y = _figure(a), _figure(b)
    if not x.index.equals(y.index):
        raise ValueError("the two figures must have the same index (rows of one table)")
    return _bounds.is_less(x, y)


def is_more(a: pd.DataFrame | pd.Series, b: pd.DataFrame | pd.Series) -> pd.Series:
    """Row by row, is ``a`` surely more than ``b`` (:func:`is_less` the other way round).

    >>> is_more(pd.Series([56.0]), pd.Series([25.0])).tolist()                  # CWIS: 56 women, 25 men
    [True]
    """
    return is_less(b, a)


def less_than(a: Bounded | float, b: Bounded | float) -> bool | None:
    """Is one figure surely less than another: True, False, or None where they cannot say.

    >>> katowice = Bounded(float("nan"), 5493.0, 5602.53, "range")
    >>> less_than(katowice, 5366.07), less_than(5274.54, katowice), less_than(katowice, 5500) is None
    (False, True, True)
    """
    def one(x: Bounded | float) -> Bounded:
        return x if isinstance(x, Bounded) else Bounded.exact(float(x))

    return _bounds.less_than(one(a), one(b))


def answer(question: pd.Series, lang: str = "en") -> pd.Series:
    """A three-valued answer (True, False, <NA>) in words: yes, no, cannot say (``lang="pl"``: tak, nie, nie
    wiadomo).

    >>> answer(pd.Series([True, False, None], dtype="boolean")).tolist()
    ['yes', 'no', 'cannot say']
    """
    words = {"en": ("yes", "no", "cannot say"), "pl": ("tak", "nie", "nie wiadomo")}[lang]
    b = question.astype("boolean")
    return pd.Series([words[2] if x is pd.NA else words[0] if x else words[1] for x in b], index=question.index)


# --- people by group --------------------------------------------------------------------------------------------


def group_counts(groups: tuple[str, ...] = ("women", "men"), whole_project: bool = True) -> pd.DataFrame:
    """Participants of each project by group, as printed, one row per project and status (planned, achieved):
    for each group its four figure columns (``women``, ``women_lower``, ``women_upper``, ``women_qualifier``),
    NaN where the documents give no count of that group. A project that counts one group and not the other keeps
    its row, so a comparison of the two says "cannot say" instead of dropping it.

    ``whole_project=False`` also gives the counts of one year or edition of a project (``period_as_printed``).
    Counts of a named subgroup (an ``item``, such as one activity's participants) are left out.

    >>> c = group_counts().set_index(["project_id", "status"])
    >>> c.loc[("knurow-nowy-start", "achieved"), ["women", "men"]].tolist()   # '20 kobiet i 8 mężczyzn'
    [20.0, 8.0]
    """
    part = tables().participants
    rows = part[part["group"].isin(groups) & part["item"].isna() & part["is_primary"].astype(bool)
                & (part["whole_project"].astype(bool) if whole_project else True)]
    keys = ["project_id", "status", *([] if whole_project else ["period_as_printed"])]
    out = rows[keys].drop_duplicates().reset_index(drop=True)
    for g in groups:
        one = rows[rows["group"] == g]
        dup = one.duplicated(keys, keep=False)
        if dup.any():
            where = one.loc[dup, keys].drop_duplicates().to_dict("records")
            raise ValueError(f"more than one count of {g} for {where}")
        fig = _figure(one[[*FIGURE]]).set_axis([f"{g}", f"{g}_lower", f"{g}_upper", f"{g}_qualifier"], axis=1)
        out = out.merge(pd.concat([one[keys], fig], axis=1), on=keys, how="left")
    units = rows.groupby(keys, dropna=False)["unit"].agg(lambda s: " | ".join(sorted(set(s))))
    return out.merge(units.rename("unit").reset_index(), on=keys, how="left")


# --- figures, peers and rules of one project --------------------------------------------------------------------


def _known(project_id: str) -> None:
    ids = tables().projects["project_id"]
    if project_id not in set(ids):
        close = sorted(i for i in ids if project_id.split("-")[0] in i)
        hint = f"; projects of that name: {close}" if close else ""
        raise KeyError(f"no project {project_id!r} in data/processed/projects.csv{hint}")


def figures_of(project_id: str) -> pd.DataFrame:
    """Every figure transcribed for one project, as printed and parsed, with its verbatim quote and the document
    it is quoted from (``publisher``, ``title``, ``url``, ``accessed``; a seed document's ``seed_file`` instead of
    an address).

    >>> f = figures_of("katowice-wlacz-sie")
    >>> f.loc[f["measure"] == "participants_total", ["source_id", "value_as_printed"]].to_numpy().tolist()
    [['slaskie-wlacz-sie', '839'], ['ec-katowice-activate-yourself', '839']]
    """
    _known(project_id)
    t = tables()
    figs = t.figures[t.figures["project_id"] == project_id]
    cols = ["figure_id", "measure", "item_en", "value_as_printed", "unit", "status", *FIGURE, "period_as_printed",
            "quote", "source_id"]
    docs = t.sources[["source_id", "publisher", "title", "url", "accessed", "seed_file"]]
    return figs[cols].merge(docs, on="source_id", how="left").reset_index(drop=True)


def peers(project_id: str, base_year: int | None = None) -> pd.DataFrame:
    """The project and its peers (the same kind of support and programming period, :mod:`analysis.core.peers`)
    with their real cost per participant (``cost_per_participant_real_pln`` and its bounds, in prices of
    ``base_year``; default the data's) and the ranks each cost can take among the peers with a known cost that is
    a result (1 = cheapest; a bound takes every rank it could; a target is not ranked), cheapest first.

    >>> peers("katowice-wlacz-sie")["peer_group"].iloc[0]
    'eu_project|activation|2014–2020'
    """
    _known(project_id)
    p = projects()
    group = p.set_index("project_id").at[project_id, "peer_group"]
    g = p[p["peer_group"] == group].copy()
    cost = _bounded_frame(g, "cost_per_participant", None)
    real = (real_prices(cost, g, base_year) if base_year is not None
            else _bounded_frame(g, "cost_per_participant_real", None))
    real = pd.DataFrame(real).set_axis(list(bounded_columns("cost_per_participant_real", "_pln")), axis=1)
    real["price_base_year"] = base_year if base_year is not None else g["price_base_year"]
    keep = ["project_id", "title", "operator", "voivodeship", "programme", "start_date", "end_date",
            "participants", "participants_unit", "participants_status", "peer_group", "peer_n", "peer_rank_best",
            "peer_rank_worst"]
    out = pd.concat([g[keep], real], axis=1)
    lower, value, upper = (out[c] for c in bounded_columns("cost_per_participant_real", "_pln")[:3])
    order = lower.fillna(value).fillna(upper)
    return out.assign(_order=order).sort_values(["_order", "project_id"], na_position="last").drop(
        columns="_order").reset_index(drop=True)


def rule_checks_of(project_id: str | None = None, binding_only: bool = False) -> pd.DataFrame:
    """Each project (or one) against each rule of its funder: the outcome (within, outside, cannot_be_judged,
    other_scope, not_applicable), whether the rule binds it (its scope and dates cover the project), the values
    compared, and the rule's words and source.

    >>> r = rule_checks_of("knurow-cwis")
    >>> r.loc[r["rule_id"] == "RPO_WSL_2014_2020:max_eu_share", "outcome"].tolist()    # 85 % of 486 572,10 zł
    ['within']
    """
    t = tables()
    checks = t.rule_checks
    if project_id is not None:
        _known(project_id)
        checks = checks[checks["project_id"] == project_id]
    if binding_only:
        checks = checks[checks["binding"].astype(bool)]
    rules = t.rules[["rule_id", "topic", "target_group", "value_as_printed", "source_id", "quote"]]
    return checks.merge(rules, on="rule_id", how="left").reset_index(drop=True)


__all__ = ["FIGURE", "Bounded", "Tables", "tables", "projects", "bounded", "ratio", "scaled", "total",
           "per_participant", "real_prices", "is_less", "is_more", "less_than", "answer", "group_counts",
           "figures_of", "peers", "rule_checks_of"]
