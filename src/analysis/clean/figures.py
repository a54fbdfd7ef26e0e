"""Stage 1, figures: every raw figure parsed by the kind of its unit, one primary figure per fact, and the long
tables (funding, participants, outcomes, services, context, figures).

Every function takes frames and returns new frames (``df.copy()`` before changing anything); none reads or writes
files. Money stays in exact integer grosze until it is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from analysis.clean.parsing import (
    QuantityKind,
    Where,
    parse_dates,
    parse_programme_codes,
    parse_quantities,
)
from analysis.core import vocabulary as v
from analysis.core.errors import DataError, ParseError

# one fact: a share and a count of the same group ('min. 10%' and '60 osób') are two facts, each checked on its own
FACT_KEY = ["project_id", "measure", "item", "unit", "status", "period_as_printed"]
"""Figures with the same key state the same fact; lists (partners, awards) carry their names in ``text``."""
LIST_MEASURES = ("partner", "award")


# --- figures ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _RawFigures:
    """The raw figures with what every parsing step needs: the kind of each unit and the lines of figures.csv."""

    frame: pd.DataFrame
    kind: pd.Series
    unquantified: pd.Series
    lines: pd.Series

    def where(self, rows: pd.Series, column: str = "value_as_printed") -> Where:
        return Where("figures.csv", column, self.lines[rows])


_ParseStep = Callable[[pd.DataFrame, _RawFigures], pd.DataFrame]
_DATE_COLUMNS = ("date_lower", "date_upper", "period_lower", "period_upper")
_QUANTITY_KINDS: tuple[QuantityKind, ...] = ("money", "number", "percent")


def parse_figures(figures: pd.DataFrame, lines: pd.Series) -> pd.DataFrame:
    """Parse every raw figure by the kind of its unit; all problems of the table are raised together."""
    df = figures.copy()
    raw = _RawFigures(df, df["unit"].map(v.UNIT_KIND), df["transcription"] == "named_without_amount", lines)
    steps: list[_ParseStep] = [
        *(partial(_parse_quantities, kind=k) for k in _QUANTITY_KINDS),
        _parse_date_values,
        *(partial(_parse_codes, level=level) for level in ("priority_axis", "measure_code", "submeasure_code")),
        _copy_texts,
        _parse_periods,
    ]
    out, problems = _blank_parsed(raw), []
    for step in steps:  # every step runs, so that one run reports every problem of the table
        try:
            out = step(out, raw)
        except ParseError as err:
            problems.extend(err.problems)
    if problems:
        raise DataError(problems)
    return (
        pd.concat([df, out.astype({c: "datetime64[s]" for c in _DATE_COLUMNS})], axis=1)
        .assign(table=lambda d: d["measure"].map(lambda m: v.MEASURES[m].table), line=lines)
        .pipe(mark_primary)
    )


def _blank_parsed(raw: _RawFigures) -> pd.DataFrame:
    """Empty parsed columns: numbers (złoty and grosze), qualifier ('unquantified' for named-only), dates, text."""
    index = raw.frame.index
    out = pd.DataFrame(index=index)
    for col in ("value", "value_lower", "value_upper"):
        out[col] = pd.Series(np.nan, index=index, dtype="Float64")
        out[f"{col}_grosze"] = pd.Series(pd.NA, index=index, dtype="Int64")
    out["qualifier"] = pd.Series("", index=index, dtype="str").where(~raw.unquantified, "unquantified")
    for col in _DATE_COLUMNS:
        out[col] = pd.Series(pd.NaT, index=index, dtype="datetime64[s]")
    out["date_precision"] = ""
    out["text"] = ""
    return out


def _parse_quantities(out: pd.DataFrame, raw: _RawFigures, kind: QuantityKind) -> pd.DataFrame:
    """Adds value/value_lower/value_upper and the qualifier of the figures of one kind (money in złoty, and in
    exact grosze as value_grosze/value_lower_grosze/value_upper_grosze)."""
    rows = (raw.kind == kind) & ~raw.unquantified
    if not rows.any():
        return out
    out = out.copy()
    q = parse_quantities(raw.frame.loc[rows, "value_as_printed"], kind, raw.where(rows))
    for col in ("value", "value_lower", "value_upper"):
        if kind == "money":
            out.loc[rows, f"{col}_grosze"] = q[col]
            out.loc[rows, col] = q[col].astype("Float64") / 100
        else:
            out.loc[rows, col] = q[col].astype("Float64")
    out.loc[rows, "qualifier"] = q["qualifier"]
    return out


def _parse_date_values(out: pd.DataFrame, raw: _RawFigures) -> pd.DataFrame:
    """Adds the first and last day a printed date can mean, its precision and qualifier."""
    rows = (raw.kind == "date") & ~raw.unquantified
    if not rows.any():
        return out
    out = out.copy()
    columns = ["date_lower", "date_upper", "date_precision", "qualifier"]
    d = parse_dates(raw.frame.loc[rows, "value_as_printed"], raw.where(rows))
    out.loc[rows, columns] = d[columns].to_numpy()
    return out


def _parse_codes(out: pd.DataFrame, raw: _RawFigures, level: str) -> pd.DataFrame:
    """Adds the normalised programme code (priority axis, measure or submeasure) as text."""
    rows = (raw.frame["measure"] == level) & (raw.kind == "code")
    if not rows.any():
        return out
    out = out.copy()
    out.loc[rows, "text"] = parse_programme_codes(raw.frame.loc[rows, "value_as_printed"], level, raw.where(rows))
    return out


def _copy_texts(out: pd.DataFrame, raw: _RawFigures) -> pd.DataFrame:
    """Adds text figures (names, lists) as printed."""
    out = out.copy()
    rows = raw.kind == "text"
    out.loc[rows, "text"] = raw.frame.loc[rows, "value_as_printed"]
    return out


def _parse_periods(out: pd.DataFrame, raw: _RawFigures) -> pd.DataFrame:
    """Adds the first and last day of the period a figure is stated for ('w 2016 r.')."""
    rows = raw.frame["period_as_printed"] != ""
    if not rows.any():
        return out
    out = out.copy()
    # a stage or an edition ('I etapie', 'edycja 2010', 'III tura'): its dates, where it prints any, else none
    dated = raw.frame.loc[rows, "period_as_printed"].str.replace(_PART_WORDS, "", regex=True).str.strip(" ,.:;-–")
    dated = dated[dated != ""]
    if dated.empty:
        return out
    p = parse_dates(dated, raw.where(dated.index, "period_as_printed"))
    out.loc[dated.index, "period_lower"] = p["date_lower"]
    out.loc[dated.index, "period_upper"] = p["date_upper"]
    return out


_PART_WORDS = re.compile(r"\b(?:[IVX]+\s+)?(?:etap|edycj|tur|transz|moduł|częś|cykl)\w*(?:\s+[IVX]+\b)?",
                         re.IGNORECASE)
"""Words naming a part of a project in period_as_printed: a part of its own, never the whole project."""


def mark_primary(parsed: pd.DataFrame) -> pd.DataFrame:
    """Mark one figure per fact (project, measure, item, status) as primary.

    A document may state the same fact twice (the start of a project as '01.01.2016' and 'stycznia 2016').
    The primary one is the figure as printed rather than counted or interpreted, then the most precise (the
    narrowest date or bound), then the first transcribed. The others stay in the tables, and a check requires them
    to agree with it; they are never summed.
    """
    df = parsed.copy()
    width_days = (df["date_upper"] - df["date_lower"]).dt.days.astype("Float64")
    width_num = (df["value_upper"] - df["value_lower"]).astype("Float64")
    df["_rank_tx"] = (df["transcription"] != "as_printed").astype(int)
    df["_rank_width"] = width_days.fillna(width_num).fillna(np.inf)
    df["_order"] = np.arange(len(df))
    ordered = df.sort_values(["_rank_tx", "_rank_width", "_order"], kind="stable")
    first = ~ordered.duplicated(FACT_KEY, keep="first")
    df["is_primary"] = first.reindex(df.index).astype("boolean")
    return df.drop(columns=["_rank_tx", "_rank_width", "_order"])


# --- long tables ------------------------------------------------------------------------------------------------
_COMMON = ["figure_id", "project_id", "source_id"]
_ITEMS = ["item", "item_en"]  # a figure of a group, place or partner's part stays distinguishable from the whole


def funding_table(figs: pd.DataFrame) -> pd.DataFrame:
    f = figs[figs["table"] == "funding"]
    return pd.DataFrame({
        **{c: f[c] for c in _COMMON},
        "source_type": f["measure"].map(lambda m: v.MEASURES[m].source_type), **{c: f[c] for c in _ITEMS},
        "amount_grosze": f["value_grosze"], "amount_lower_grosze": f["value_lower_grosze"],
        "amount_upper_grosze": f["value_upper_grosze"],
        "qualifier": f["qualifier"], "status": f["status"], "is_primary": f["is_primary"], **_period_columns(f),
    }).reset_index(drop=True)


def _period_columns(f: pd.DataFrame) -> dict:
    """The period a figure is of, as printed, and whether it describes the whole project (not a year of it)."""
    return {"period_as_printed": f["period_as_printed"].replace("", pd.NA), "whole_project": f["whole_project"]}


def _bounded_long(f: pd.DataFrame) -> dict:
    return {"value": f["value"], "value_lower": f["value_lower"], "value_upper": f["value_upper"],
            "qualifier": f["qualifier"], "status": f["status"], "is_primary": f["is_primary"], **_period_columns(f)}


def participants_table(figs: pd.DataFrame) -> pd.DataFrame:
    f = figs[figs["table"] == "participants"]
    return pd.DataFrame({**{c: f[c] for c in _COMMON}, "group": f["measure"].str.removeprefix("participants_"),
                         **{c: f[c] for c in _ITEMS}, "unit": f["unit"], **_bounded_long(f)}).reset_index(drop=True)


def outcomes_table(figs: pd.DataFrame) -> pd.DataFrame:
    f = figs[figs["table"] == "outcomes"]
    return pd.DataFrame({**{c: f[c] for c in _COMMON}, "indicator": f["measure"].str.removeprefix("outcome_"),
                         **{c: f[c] for c in _ITEMS},
                         "esf_indicator": f["measure"].map(lambda m: v.MEASURES[m].esf_indicator).replace("", pd.NA),
                         "unit": f["unit"], **_bounded_long(f)}).reset_index(drop=True)


def services_table(figs: pd.DataFrame) -> pd.DataFrame:
    f = figs[figs["table"] == "services"]
    return pd.DataFrame({**{c: f[c] for c in _COMMON}, "measure": f["measure"], "service": f["item"],
                         "service_en": f["item_en"],
                         "unit": f["unit"], **_bounded_long(f)}).reset_index(drop=True)


def context_table(figs: pd.DataFrame) -> pd.DataFrame:
    f = figs[figs["table"].isin(["context", "dates", "programme", "staff"])]
    return pd.DataFrame({
        **{c: f[c] for c in _COMMON}, "measure": f["measure"], "item": f["item"], "item_en": f["item_en"],
        "unit": f["unit"],
        "value": f["value"], "value_lower": f["value_lower"], "value_upper": f["value_upper"],
        "qualifier": f["qualifier"].replace("", pd.NA), "date_lower": f["date_lower"],
        "date_upper": f["date_upper"], "text": f["text"].replace("", pd.NA),
        "period_as_printed": f["period_as_printed"].replace("", pd.NA), "status": f["status"],
    }).reset_index(drop=True)


def figures_table(figs: pd.DataFrame) -> pd.DataFrame:
    """Every figure parsed, in the columns of the data dictionary."""
    return pd.DataFrame({
        **{c: figs[c] for c in ["figure_id", "source_id", "project_id", "measure", "table", "item", "item_en",
                                "value_as_printed", "unit", "status", "transcription", "value", "value_lower",
                                "value_upper"]},
        "qualifier": figs["qualifier"].replace("", pd.NA), "date_lower": figs["date_lower"],
        "date_upper": figs["date_upper"], "date_precision": figs["date_precision"].replace("", pd.NA),
        "text": figs["text"].replace("", pd.NA),
        "period_as_printed": figs["period_as_printed"].replace("", pd.NA), "period_lower": figs["period_lower"],
        "period_upper": figs["period_upper"], "whole_project": figs["whole_project"], "is_primary": figs["is_primary"],
        "quote": figs["quote"],
    }).reset_index(drop=True)


