"""The data dictionary: every column of every raw and processed table, with its type, unit and meaning.

This module is the one place that says what a column holds. The readers set dtypes from it, the pandera schemas
(:mod:`analysis.core.schemas`) are generated from it, and ``docs/data_dictionary.md`` is rendered from it
(``python -m analysis.core.dictionary``; a test fails when the rendered file is stale).

dtypes: ``str`` (text), ``id`` (a slug: lower-case letters, digits and hyphens), ``int`` (nullable integer),
``float`` (nullable float), ``pln`` (money: złoty with exactly two decimals, exact), ``share`` (a fraction 0–1),
``date`` (ISO ``YYYY-MM-DD``), ``bool``.

Names never lie about units. A money column is named ``…_pln`` in the files, where it holds złoty; inside the
pipeline the same column holds exact integer grosze and is named ``…_grosze`` (:func:`memory_name`), and it becomes
złoty only when written (:func:`analysis.clean.pipeline.to_csv_text`). A bound of a quantity ``X`` is named
``X_lower`` / ``X_upper``, before the unit suffix (``value_lower``, ``amount_lower_pln``, ``date_lower``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from analysis.core import vocabulary as v
from analysis.core.vocabulary import BOOLEAN_WORDS, QUALIFIERS

if TYPE_CHECKING:  # pandas is imported where a table is read: the dictionary itself stays light
    import pandas as pd

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

PANDAS_DTYPES = {
    "str": "str", "id": "str", "int": "Int64", "float": "Float64", "pln": "Int64", "share": "Float64",
    "date": "datetime64[s]", "bool": "boolean",
}
"""In-memory pandas dtype of each dictionary dtype inside the pipeline (money as exact Int64 grosze, see
:func:`memory_name`)."""
READ_DTYPES = {
    "str": "str", "id": "str", "int": "Int64", "float": "float64", "pln": "float64", "share": "float64",
    "date": "datetime64[ns]", "bool": "boolean",
}
"""Dtype of each dictionary dtype in a processed table as :func:`read_processed` gives it to the reports and the
analysts: money in złoty (float64, as written), shares as fractions, integers nullable, booleans ``bool`` (or
``boolean`` where a value is missing)."""
MONEY_SUFFIX = "_pln"
"""Unit suffix of a money column in the files (złoty)."""
GROSZE_SUFFIX = "_grosze"
"""Unit suffix of the same column inside the pipeline (exact integer grosze)."""
FIGURE_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*:\d{3,}$"
ID_MAX_LENGTH = 80
"""Longest id (``id`` dtype) a raw table accepts: a source_id names its document's file, and file systems refuse
names past 255 bytes."""
ISO_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
PERCENT_PATTERN = r"^(?:100(?:[.,]0+)?|\d{1,2}(?:[.,]\d+)?)%$"
YEAR_PATTERN = r"^\d{4}$"
CPI_INDEX_PATTERN = r"^\d{1,3}(?:[.,]\d+)?$"
PERCENT_HINT = "a percentage from 0% to 100% such as '85%' or '85,5%'"
IN_DOCUMENT = "the text of the row's document, verbatim (data/sources/<source_id>.txt)"
IN_QUOTE = "the row's quote, verbatim (and a parser reads it)"
EXCLUSION_QUOTE_PATTERN = r"(?s)^.*[^\W\d_]{2}.*$"
"""A quote of not_figures.csv holds, besides its digits, a word of two or more letters: the context that pins the
exclusion to its place. An exclusion covers the digits of every occurrence of its quote in the document (the
completeness rule, :func:`analysis.clean.documents.uncovered_digits`), so a bare '1' would excuse every 1 the document
prints, and ten rows '0' … '9' every digit. With a word around it the quote occurs only where that printed token
stands (a match covers a digit run only whole, so 'nr 1' leaves the 10 of 'nr 10' uncovered). One letter is not
context: 'r.', 'x', 'o' and '§' are printed beside numbers all over a document."""
EXCLUSION_QUOTE_HINT = (
    "the printed token with the words around it, copied verbatim from the document: at least one word of two or "
    "more letters besides the digits (an exclusion covers every occurrence of its quote, so a bare number would "
    "excuse that number everywhere in the document), e.g. the row 'przykladowo-razem,Kontakt: tel. 32 000 00 00,"
    "contact: phone number'; a number alone on its line takes the line before or after it, line break included")


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    description: str
    unit: str = ""
    required: bool = True  # a value must be present in every row
    allowed: tuple[str, ...] | None = None
    pattern: str | None = None
    unique: bool = False
    hint: str | None = None  # what ``pattern`` means, in words, for error messages

    bound_to: str = ""  # what the text must occur in or equal (a document, the row's quote, a key); "" if free

    @property
    def free_text(self) -> bool:
        """Whether a cell may hold any text at all: no id, pattern, list of values or date constrains it, and no
        rule ties it to a document, a quote or another table (``bound_to``)."""
        return self.dtype == "str" and self.pattern is None and self.allowed is None and not self.bound_to


@dataclass(frozen=True)
class Table:
    name: str
    kind: str  # raw (hand-transcribed, committed) or processed (generated by `make data`)
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        """Column names in the files."""
        return [c.name for c in self.columns]

    @property
    def memory_names(self) -> list[str]:
        """Column names in pipeline frames (money in grosze: :func:`memory_name`)."""
        return [memory_name(c) for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def memory_name(column: Column) -> str:
    """The column's name inside the pipeline: ``total_value_pln`` holds integer grosze there, so it is
    ``total_value_grosze``; other columns keep their names."""
    if column.dtype != "pln":
        return column.name
    return column.name.removesuffix(MONEY_SUFFIX) + GROSZE_SUFFIX


class BoundedColumns(NamedTuple):
    """The names of a bounded figure's four columns."""

    value: str
    lower: str
    upper: str
    qualifier: str


def bounded_columns(prefix: str, suffix: str = "") -> BoundedColumns:
    """The columns of a bounded figure of a wide table: the value, its bounds before the unit suffix, and its own
    qualifier.

    >>> bounded_columns("cost_per_participant", "_pln")
    BoundedColumns(value='cost_per_participant_pln', lower='cost_per_participant_lower_pln', \
upper='cost_per_participant_upper_pln', qualifier='cost_per_participant_qualifier')
    """
    return BoundedColumns(f"{prefix}{suffix}", f"{prefix}_lower{suffix}", f"{prefix}_upper{suffix}",
                          f"{prefix}_qualifier")


def figure_columns(prefix: str = "value", suffix: str = "") -> BoundedColumns:
    """The columns of a figure of a long table (funding, participants, …), whose qualifier column is ``qualifier``.

    >>> figure_columns("amount", "_pln").lower
    'amount_lower_pln'
    """
    return bounded_columns(prefix, suffix)._replace(qualifier="qualifier")


def _bounded(prefix: str, dtype: str, unit: str, what: str, suffix: str = "") -> tuple[Column, ...]:
    """A figure as stated plus the bounds its qualifier implies (``suffix`` is the unit suffix, e.g. _pln)."""
    names = bounded_columns(prefix, suffix)
    return (
        Column(names.value, dtype, f"{what}, as stated (empty for a range)", unit, required=False),
        Column(names.lower, dtype, f"Lower bound of {what.lower()} (empty: unbounded or unknown)",
               unit, required=False),
        Column(names.upper, dtype, f"Upper bound of {what.lower()} (empty: unbounded or unknown)", unit,
               required=False),
        Column(names.qualifier, "str", f"Qualifier of {what.lower()}", required=False, allowed=QUALIFIERS),
    )


PROJECT_ID = Column("project_id", "id", "Project, phase or portfolio (see projects.csv)", pattern=ID_PATTERN)
SOURCE_ID = Column("source_id", "id", "Document the figure comes from (see sources.csv)", pattern=ID_PATTERN)
FIGURE_ID = Column("figure_id", "str", "Figure in data/raw/figures.csv", pattern=FIGURE_ID_PATTERN)
STATUS = Column("status", "str", "planned (a target or intention), achieved (reported as done) or stated",
                allowed=v.STATUSES)

LICENCE = Column("licence", "str", f"Licence the document states for reuse, as an SPDX identifier (e.g. "
                 f"CC-BY-4.0), or {v.NO_LICENCE_STATED} where it states none", pattern=v.LICENCE_PATTERN)
LICENCE_NOTE = Column("licence_note", "str", "What the document says about reuse, and on what terms its figures "
                      "and quotes are used here")

RAW: dict[str, Table] = {
    t.name: t
    for t in [
        Table("sources.csv", "raw", "One row per source document.", (
            Column("source_id", "id", "Short stable name of the document", pattern=ID_PATTERN, unique=True),
            Column("seed_file", "str", "Name of the file the text was added from (provenance only; the text "
                   "itself is data/sources/<source_id>.txt)"),
            Column("sha256", "str", "sha256 of data/sources/<source_id>.txt, the document's text as stored",
                   pattern=r"^[0-9a-f]{64}$"),
            Column("publisher", "str", "Who published the document"),
            Column("title", "str", "Title of the document"),
            Column("kind", "str", "web page or slide deck", allowed=("web page", "slide deck")),
            Column("url", "str", "Address of the document where known: printed in it, given with it, or identified "
                   "by matching its text with a copy of the page (notes say how)", required=False,
                   pattern=r"^https?://\S+$"),
            Column("accessed", "date", "Date the text was read and stored (YYYY-MM-DD), from its address or "
                   "from the copy it came in; the reports' colophon dates its data by the latest",
                   required=False, pattern=ISO_DATE_PATTERN),
            LICENCE, LICENCE_NOTE,
            Column("language", "str", "Language code", allowed=("pl", "en")),
            Column("published", "str", "Publication date as printed, where printed", required=False),
            Column("urls_named", "str", "Addresses the document names (' | ' between them)", required=False),
            Column("transcribed", "str", "What was transcribed from it"),
            Column("notes", "str", "Transcriber's notes", required=False),
        ), key=("source_id",)),
        Table("projects.csv", "raw", "One row per project, separately funded phase or portfolio the documents "
              "describe.", (
            Column("project_id", "id", "Short stable name", pattern=ID_PATTERN, unique=True),
            Column("parent_id", "id", "Project a phase belongs to, or portfolio a project is part of",
                   required=False, pattern=ID_PATTERN),
            Column("level", "str", "project / phase / portfolio", allowed=v.PROJECT_LEVELS),
            Column("title", "str", "Title as printed (Polish)"),
            Column("title_en", "str", "English rendering of the title"),
            Column("operator", "str", "Social welfare centre or organisation that runs it"),
            Column("municipality", "str", "Municipality (gmina) of the operator"),
            Column("scope", "str", "whole: figures cover the whole project; operator_part: only the operator's "
                   "part of a partnership", allowed=v.SCOPES),
            Column("status", "str", "planned / ongoing / completed, as of the latest document",
                   allowed=v.PROJECT_STATUSES),
            Column("status_note", "str", "Words of the document the status rests on", required=False),
            SOURCE_ID,
            Column("quote", "str", "Verbatim words of the document naming the project", bound_to=IN_DOCUMENT),
            Column("note", "str", "Transcriber's notes", required=False),
            Column("voivodeship", "str", "Voivodeship of the municipality (a fact of the place, not of the "
                   "document): regional rules bind a project by it", allowed=v.VOIVODESHIPS),
            Column("support_kind", "str", "Kind of support, where no (sub-)measure code or group gives it or "
                   "gives a wrong one (it comes first; the rule: analysis.core.vocabulary.SUPPORT_KIND_BY_CODE); "
                   "the note says what in the document shows it",
                   required=False, allowed=v.SUPPORT_KINDS),
        ), key=("project_id",)),
        Table("rules.csv", "raw", "Reference rules an evaluator checks projects with (efficiency criteria, who "
              "they count and when), each as printed in a stored source, with the scope and period it covers. "
              "The co-financing caps of a programme are in programmes.csv.", (
            Column("rule_id", "id", "Short stable name", pattern=ID_PATTERN, unique=True),
            SOURCE_ID,
            Column("topic", "str", "What the rule states (analysis.core.vocabulary.RULE_TOPICS)",
                   allowed=tuple(v.RULE_TOPICS)),
            Column("target_group", "str", "Who a minimum is for: general or severe_disability", required=False,
                   allowed=v.TARGET_GROUPS),
            Column("value_as_printed", "str", "The rule's value exactly as printed ('34%', 'co najmniej 56%'), or "
                   "its words for a text topic", bound_to=IN_QUOTE),
            Column("period", "str", "Programming period the rule belongs to", allowed=v.PROGRAMME_PERIODS),
            Column("funder", "str", "Kind of money of the projects it binds", allowed=v.FUNDERS),
            Column("region", "str", "Voivodeship whose programme sets the rule; empty: every region (a national "
                   "guideline)", required=False, allowed=v.VOIVODESHIPS),
            Column("support_kind", "str", "Kind of support it is about; empty: every kind", required=False,
                   allowed=v.SUPPORT_KINDS),
            Column("measure_scope", "str", "(Sub-)measure codes it covers in its region's programme, ' | ' between "
                   "them; empty: every measure", required=False, bound_to="the (sub-)measure codes of figures.csv"),
            Column("call", "str", "Call (konkurs) it was set for, as printed; empty: not tied to one call",
                   required=False),
            Column("applies_from", "date", "First day it applies to a project starting then (ISO date), where a "
                   "source dates it", required=False, pattern=ISO_DATE_PATTERN),
            Column("applies_until", "date", "Last day it applies (ISO date), where a source dates it",
                   required=False, pattern=ISO_DATE_PATTERN),
            Column("scope_basis", "str", "How the scope and dates were read: the words of the source that give them"),
            Column("quote", "str", "Verbatim words of the source containing the value", bound_to=IN_DOCUMENT),
            Column("note", "str", "Transcriber's notes", required=False),
        ), key=("rule_id",), extra={"allow_empty": True}),
        Table("figures.csv", "raw", "Every figure and dated statement of the documents, as printed.", (
            Column("figure_id", "str", "<source_id>:<number>", pattern=FIGURE_ID_PATTERN, unique=True),
            SOURCE_ID,
            Column("project_id", "id", "Project the figure belongs to", pattern=ID_PATTERN),
            Column("measure", "str", "What the figure measures (vocabulary in analysis.core.vocabulary.MEASURES)",
                   allowed=tuple(v.MEASURES)),
            Column("item", "str", "Service, group, role or place the figure is about", required=False),
            Column("item_en", "str", "English gloss of item (given exactly where item is), so that English reports "
                   "show no Polish labels; the Polish item stays in the appendix", required=False),
            Column("value_as_printed", "str", "The figure exactly as printed, with its qualifier", bound_to=IN_QUOTE),
            Column("unit", "str", "Unit of the figure", allowed=tuple(v.UNIT_KIND)),
            Column("period_as_printed", "str", "Date or period the figure refers to, as printed", required=False,
                   bound_to=IN_QUOTE),
            STATUS,
            Column("transcription", "str", "How the value was taken from the document", allowed=v.TRANSCRIPTIONS),
            Column("quote", "str", "Verbatim words of the document containing the figure", bound_to=IN_DOCUMENT),
            Column("note", "str", "Transcriber's notes: readings, caveats", required=False),
        ), key=("figure_id",)),
        Table("not_figures.csv", "raw", "Digits in the documents that are not figures (phone numbers, slide "
              "numbers, list numbering, legal references), so the completeness test can account for every one.", (
            SOURCE_ID,
            Column("quote", "str", "The printed token excluded with the words around it, verbatim: at least one "
                   "word of two or more letters besides the digits (its context). It covers the digits of every "
                   "occurrence of the quote in the document, so a bare '1' is refused", bound_to=IN_DOCUMENT,
                   pattern=EXCLUSION_QUOTE_PATTERN, hint=EXCLUSION_QUOTE_HINT),
            Column("reason", "str", "Why it is not a figure"),
        ), key=("source_id", "quote")),
        Table("programmes.csv", "raw", "Programmes and funds, with the names the documents print for them and "
              "their co-financing rules.", (
            Column("programme_id", "str", "Code", pattern=r"^[A-Z0-9_]+$", unique=True),
            Column("name_en", "str", "English name"),
            Column("name_pl", "str", "Polish name"),
            Column("period", "str", "Programming period", required=False, allowed=v.PROGRAMME_PERIODS),
            Column("funder", "str", "Kind of money: eu, national, pfron, private", allowed=v.FUNDERS),
            Column("comparison_group", "str", "Kind of project its money pays for; costs are compared within a "
                   "kind", allowed=v.COMPARISON_GROUPS),
            Column("max_eu_share", "str", "Largest EU share of the total value the rules allow", "percent",
                   required=False, pattern=PERCENT_PATTERN, hint=PERCENT_HINT),
            Column("max_cofinancing_share", "str", "Largest external co-financing share the rules allow",
                   "percent", required=False, pattern=PERCENT_PATTERN, hint=PERCENT_HINT),
            Column("aliases", "str", "Names the documents print for it, '|' between them", bound_to="the "
                   "programme names printed in figures.csv (a figure's programme is found by them)"),
            Column("rule_source", "str", "Where the co-financing rule comes from"),
            Column("eligible_until", "date", "Last day on which the programme's expenditure is eligible (ISO "
                   "date); it bounds the end of a project whose documents print no end date", required=False,
                   pattern=ISO_DATE_PATTERN),
            Column("eligible_until_source", "str", "Rule that sets eligible_until", required=False),
        ), key=("programme_id",)),
        Table("known_discrepancies.csv", "raw", "Domain checks that a document's own figures fail (its arithmetic "
              "is wrong as printed): recorded with the quote instead of silenced; such a check reports "
              "known_discrepancy instead of stopping the build. May have no rows.", (
            Column("check", "str", "Name of the domain check, as in processed/checks.csv",
                   bound_to="a check of processed/checks.csv"),
            Column("subject", "str", "Subject of the check, as in processed/checks.csv",
                   bound_to="a subject of that check in processed/checks.csv"),
            SOURCE_ID,
            Column("quote", "str", "Verbatim words of the document showing the discrepancy",
                   bound_to=IN_DOCUMENT),
            Column("explanation", "str", "What does not add up, and how the figures are used"),
        ), key=("check", "subject"), extra={"allow_empty": True}),
        Table("cpi_pl_annual.csv", "raw", "Poland's annual consumer price index (GUS), previous year = 100.", (
            Column("year", "str", "Calendar year", unique=True, pattern=YEAR_PATTERN,
                   hint="a four-digit year such as '2007'"),
            Column("cpi_prev_year_100", "str", "Average annual CPI, previous year = 100", "index",
                   pattern=CPI_INDEX_PATTERN, hint="an index (previous year = 100) such as '102.5' or '102,5'"),
            Column("source", "str", "Publication of the figure"),
        ), key=("year",)),
    ]
}

_FIG = (FIGURE_ID, PROJECT_ID)
_SRC = Column("source_id", "id", "Document the figure comes from", pattern=ID_PATTERN)
_PRIMARY = Column("is_primary", "bool", "True for the one figure used when a document states the same fact twice "
                  "(the others must agree with it)")

_ITEM = (Column("item", "str", "The group, place, partner's part or stage the figure is of, as printed; empty where "
                "it is of the whole project (a figure with an item is a part: never the project's figure nor added "
                "to it)", required=False),
         Column("item_en", "str", "English gloss of the item", required=False))
_WHOLE = Column("whole_project", "bool", "True where the figure describes its whole project: printed without a "
                "period, or for a period that covers the project's; False for a year, edition or tranche within it "
                "(never used as the project's figure)")
_PERIOD = (Column("period_as_printed", "str", "Period within the project the figure is of, as printed (empty: the "
                  "whole project)", required=False), _WHOLE)


def _figure(what: str, dtype: str = "float", unit: str = "", prefix: str = "value", suffix: str = ""
            ) -> tuple[Column, ...]:
    """A long table's figure with its bounds (``value``, ``value_lower``, ``value_upper``); its qualifier is the
    table's own ``qualifier`` column."""
    return _bounded(prefix, dtype, unit, what, suffix)[:3]


def _figure_tail(qualifier: str, unquantified: bool = False) -> tuple[Column, ...]:
    """The columns that close every long table of figures: qualifier, status and the primary flag."""
    allowed = QUALIFIERS + ("unquantified",) if unquantified else QUALIFIERS
    return Column("qualifier", "str", qualifier, allowed=allowed), STATUS, _PRIMARY, *_PERIOD


PROCESSED: dict[str, Table] = {
    t.name: t
    for t in [
        Table("projects.csv", "processed", "One row per project or separately funded phase (portfolios excluded)."
              " Money in current prices (nominal) unless the column says real.", (
            Column("project_id", "id", "Project or phase", pattern=ID_PATTERN, unique=True),
            Column("group_id", "id", "Project a phase belongs to (the project itself otherwise)",
                   pattern=ID_PATTERN),
            Column("group_title", "str", "Title of the project a phase belongs to, as printed (the title of the "
                   "row itself otherwise)"),
            Column("group_title_en", "str", "English rendering of group_title"),
            Column("portfolio_id", "id", "Portfolio whose totals a document states", required=False),
            Column("level", "str", "project or phase", allowed=("project", "phase")),
            Column("title", "str", "Title as printed"),
            Column("title_en", "str", "English rendering of the title"),
            Column("operator", "str", "Who runs it"),
            Column("municipality", "str", "Municipality"),
            Column("scope", "str", "whole / operator_part", allowed=v.SCOPES),
            Column("voivodeship", "str", "Voivodeship of the municipality", allowed=v.VOIVODESHIPS),
            Column("programme", "str", "Programme or fund (programmes.csv)", required=False),
            Column("programme_period", "str", "Programming period: the programme's, else (programme not named) "
                   "the one its dates fall in", required=False, allowed=v.PROGRAMME_PERIODS),
            Column("programme_period_basis", "str", "programme (its period) or dates (programme not named: a "
                   "project starting after the earlier period's last eligible day is of the later one)",
                   required=False, allowed=("programme", "dates")),
            Column("support_kind", "str", "Kind of support: costs are ranked only within a kind and a programme "
                   "period", allowed=v.SUPPORT_KINDS),
            Column("support_kind_basis", "str", "registry (projects.csv says it), measure_code (the code's rule), "
                   "comparison_group (a non-EU project's group) or none", allowed=("registry", "measure_code",
                                                                               "comparison_group", "none")),
            Column("funder", "str", "Kind of money of the programme", required=False, allowed=v.FUNDERS),
            Column("comparison_group", "str", "Kind of project (EU-co-financed project, PFRON-co-financed event, "
                   "grant, food aid); costs are compared within a kind", allowed=v.COMPARISON_GROUPS),
            Column("priority_axis", "str", "Priority axis (Roman numerals)", required=False),
            Column("measure_code", "str", "Measure", required=False),
            Column("submeasure_code", "str", "Sub-measure", required=False),
            Column("start_date", "date", "First day of the project or phase (first day of the month or year "
                   "where only that is printed)", required=False),
            Column("start_date_precision", "str", "day / month / year", required=False,
                   allowed=("day", "month", "year")),
            Column("end_date", "date", "Last day of the project or phase (last day of the month or year where "
                   "only that is printed)", required=False),
            Column("end_date_precision", "str", "day / month / year", required=False,
                   allowed=("day", "month", "year")),
            Column("end_date_latest", "date", "Latest possible end where no end date is printed: the date of a "
                   "document describing the project as finished (finished_by_date), else the programme's "
                   "eligible_until", required=False),
            Column("end_date_latest_basis", "str", "finished_by (a document describes the project as finished) or "
                   "eligible_until (the programme's last eligible day)", required=False,
                   allowed=("finished_by", "eligible_until")),
            Column("period_years", "float", "Years the period spans: months / 12, or the count of calendar years "
                   "where it is printed as years only ('2008 – 2013': 6)", "years", required=False),
            Column("duration_months", "float", "Length from start to end; empty where a date is printed as a "
                   "year only (it gives no duration)", "months", required=False),
            Column("status", "str", "planned / ongoing / completed as of the document",
                   allowed=v.PROJECT_STATUSES),
            Column("status_note", "str", "Words of the document the status rests on", required=False),
            Column("end_passed", "bool", "True where the documents call the project planned or ongoing but its "
                   "planned end is before the date of the data (the latest date a source was read, else the end of "
                   "the CPI table's last year): what happened after is not known from them"),
            Column("total_value_pln", "pln", "Total value (budget) of the project or phase", "PLN",
                   required=False),
            Column("total_value_qualifier", "str", "Qualifier of the total value", required=False,
                   allowed=QUALIFIERS),
            Column("total_value_status", "str", "planned / achieved / stated", required=False,
                   allowed=v.STATUSES),
            Column("total_value_lower_pln", "pln", "Lower bound of the total value: the printed bound, or the sum "
                   "of the printed parts where the total is not printed", "PLN", required=False),
            Column("total_value_basis", "str", "printed (the document prints the total) or sum_of_parts (at least "
                   "the parts the documents print)", required=False, allowed=v.TOTAL_VALUE_BASES),
            Column("eu_cofinancing_pln", "pln", "EU co-financing: the amount as printed, a bound where "
                   "eu_cofinancing_qualifier says so ('ponad 716 tys. zł')", "PLN", required=False),
            Column("eu_cofinancing_qualifier", "str", "Qualifier of the EU co-financing (exact, more_than, ...)",
                   required=False, allowed=QUALIFIERS),
            Column("state_subsidy_pln", "pln", "Targeted state-budget subsidy", "PLN", required=False),
            Column("own_contribution_pln", "pln", "Own contribution of the beneficiary", "PLN", required=False),
            Column("national_grant_pln", "pln", "Grants of a ministry, the voivode or a foundation", "PLN",
                   required=False),
            Column("pfron_pln", "pln", "PFRON co-financing", "PLN", required=False),
            Column("funding_parts_exact", "bool", "True where every part of the funding printed (EU, subsidy, "
                   "grants, PFRON, own) is an exact amount: only then do the parts give shares of the total"),
            Column("external_cofinancing_pln", "pln", "All co-financing from outside the beneficiary (EU, state "
                   "subsidy, grants, PFRON) where the parts are known", "PLN", required=False),
            Column("eu_may_include_state_budget", "bool", "True where the EU figure and the own contribution make "
                   "up the whole total with no state-budget part printed: the 'EU' money as printed is all the "
                   "co-financing and may include the state budget's part"),
            Column("eu_share", "share", "EU co-financing / total value; 0 where the total is printed and the "
                   "funding is known to hold no EU money; empty where unknown", "fraction", required=False),
            Column("external_share", "share", "External co-financing / total value", "fraction", required=False),
            Column("own_share", "share", "Own contribution / total value", "fraction", required=False),
            Column("max_eu_share", "share", "Largest EU share the programme allows", "fraction", required=False),
            *_bounded("participants", "float", "persons", "Participants"),
            Column("participants_unit", "str", "persons / families / persons_or_families", required=False),
            Column("participants_status", "str", "planned or achieved", required=False, allowed=v.STATUSES),
            Column("participants_measure", "str", "what the reach counts: participants_total (participants) or "
                   "recipients (recipients of aid, e.g. PEAD food aid; no cost per participant is computed of them)",
                   required=False, allowed=("participants_total", "recipients")),
            Column("women_count", "float", "Women among participants, where the count is exact and has the status of "
                   "participants (a bound such as 'co najmniej 39' is in participants.csv with its qualifier)",
                   "persons", required=False),
            Column("men_count", "float", "Men among participants (exact, as women_count)", "persons", required=False),
            Column("disabled_count", "float", "Participants with disabilities (exact, as women_count)", "persons",
                   required=False),
            Column("women_share", "share", "Women / participants", "fraction", required=False),
            Column("disabled_share", "share", "Participants with disabilities / participants", "fraction",
                   required=False),
            Column("completed_count", "float", "Participants who completed", "persons", required=False),
            Column("completed_goals_count", "float", "Participants who completed having reached the goals set for "
                   "them (the document's words)", "persons", required=False),
            Column("employed_count", "float", "Participants employed after the project (corresponds to ESF "
                   "CR04; timing not printed)", "persons", required=False),
            Column("employed_qualifier", "str", "Qualifier of the employment count", required=False,
                   allowed=QUALIFIERS),
            *_bounded("cost_per_participant", "pln", "PLN", "Cost per participant (total value / participants)",
                      "_pln"),
            Column("cost_per_participant_year_pln", "pln", "Cost per participant per year of the period "
                   "(period_years; as stated, bounds as for the month figure): the intensity of a multi-year "
                   "series", "PLN", required=False),
            Column("cost_per_participant_month_pln", "pln", "Cost per participant per month of the project's "
                   "duration (as stated; bounds as for cost per participant)", "PLN", required=False),
            Column("cost_per_family_pln", "pln", "Cost per family, where the documents count families, not persons "
                   "(total value / families; a bound where cost_per_family_qualifier says so): never compared with a "
                   "cost per participant", "PLN", required=False),
            Column("cost_per_family_qualifier", "str", "Qualifier of the cost per family", required=False,
                   allowed=QUALIFIERS),
            Column("price_year", "int", "Year whose prices the amounts are in (empty where only a range of years "
                   "is known): the year of the mid-point of the "
                   "project's period", required=False),
            Column("price_year_lower", "int", "Earliest possible price year (equals price_year where it is known)",
                   required=False),
            Column("price_year_upper", "int", "Latest possible price year (no end date printed: the mid-point of "
                   "the start and end_date_latest; a span of years: its last year)", required=False),
            Column("price_year_basis", "str", "period_midpoint (the printed period), eligibility_window or "
                   "finished_by (no end date printed: the programme's eligibility or a document describing it as "
                   "finished bounds it), year_span (printed as several years only: any year of them)",
                   required=False, allowed=v.PRICE_YEAR_BASES),
            Column("price_base_year", "int", "Year whose prices the real columns are in"),
            Column("total_value_real_pln", "pln", "Total value in prices of price_base_year", "PLN",
                   required=False),
            *_bounded("cost_per_participant_real", "pln", "PLN", "Cost per participant in prices of "
                      "price_base_year", "_pln"),
            Column("real_comparable", "bool", "True where real figures could be computed"),
            Column("peer_group", "str", "The projects its cost is compared with: an EU project's comparison group, "
                   "kind of support and programming period ('eu_project|activation|2014–2020'), else its comparison "
                   "group"),
            Column("peer_n", "int", "Peers with a known real cost per participant that are results (this project "
                   "included); empty where its own is not known", required=False),
            Column("peer_rank_best", "int", "Best rank its real cost can take among them (1 = cheapest): 1 + the "
                   "peers surely cheaper", required=False),
            Column("peer_rank_worst", "int", "Worst rank it can take: peer_n − the peers surely dearer (a bound takes "
                   "every rank it could)", required=False),
            Column("peer_cost_real_low_pln", "pln", "Lowest end of the peers' real costs per participant", "PLN",
                   required=False),
            Column("peer_cost_real_high_pln", "pln", "Highest end of the peers' real costs per participant", "PLN",
                   required=False),
            Column("not_comparable_reason", "str", "Why a project has no real figures (a code; reports translate "
                   "it)", required=False, allowed=v.NOT_COMPARABLE_REASONS),
            Column("source_ids", "str", "Documents behind the row (' | ' between them)"),
        ), key=("project_id",)),
        Table("rules.csv", "processed", "Every reference rule: the efficiency criteria of rules.csv, parsed, and "
              "the co-financing caps of programmes.csv, with their scope.", (
            Column("rule_id", "str", "rules.csv's rule_id, or <programme_id>:<topic> for a programme's cap",
                   unique=True),
            Column("source_id", "id", "Stored source of the rule (empty for a programme's cap: see rule_source)",
                   required=False, pattern=ID_PATTERN),
            Column("topic", "str", "What it states", allowed=(*v.RULE_TOPICS, *v.CAP_TOPICS)),
            Column("target_group", "str", "Who a minimum is for", required=False, allowed=v.TARGET_GROUPS),
            Column("value_as_printed", "str", "As printed"),
            Column("value", "share", "A minimum or maximum share as a fraction (empty for a text topic)",
                   "fraction", required=False),
            Column("programme", "str", "Programme whose cap it is (caps only)", required=False),
            Column("period", "str", "Programming period", required=False, allowed=v.PROGRAMME_PERIODS),
            Column("funder", "str", "Kind of money of the projects it binds", allowed=v.FUNDERS),
            Column("region", "str", "Voivodeship (empty: every region)", required=False, allowed=v.VOIVODESHIPS),
            Column("support_kind", "str", "Kind of support (empty: every kind)", required=False,
                   allowed=v.SUPPORT_KINDS),
            Column("measure_scope", "str", "(Sub-)measure codes covered, ' | ' between them", required=False),
            Column("call", "str", "Call it was set for", required=False),
            Column("applies_from", "date", "First day it applies", required=False),
            Column("applies_until", "date", "Last day it applies", required=False),
            Column("scope_basis", "str", "How the scope was read"),
            Column("quote", "str", "Verbatim words of the source (the rule's citation for a cap)"),
        ), key=("rule_id",)),
        Table("rule_checks.csv", "processed", "Each EU-co-financed or capped project against each rule of its "
              "funder: within, outside, cannot be judged, other scope (shown for comparison, never binding) or "
              "not applicable.", (
            PROJECT_ID,
            Column("rule_id", "str", "Rule (processed rules.csv: its topic, target group, scope and source)"),
            Column("outcome", "str", "within / outside / cannot_be_judged / other_scope / not_applicable",
                   allowed=v.RULE_OUTCOMES),
            Column("binding", "bool", "True where the rule's scope and dates cover the project"),
            Column("reasons", "str", "Why (codes of analysis.core.vocabulary.RULE_REASONS, ' | ' between them)",
                   required=False),
            Column("rule_value", "share", "The rule's minimum or maximum", "fraction", required=False),
            *_figure("The project's share the documents permit (bounds where only bounds are known)", "share",
                     "fraction", prefix="project_value"),
            Column("numerator", "str", "What the share counts (a measure of figures.csv)", required=False),
            Column("denominator", "str", "What the share is taken of (a measure of figures.csv, e.g. "
                   "outcome_completed_goals or participants_total)", required=False),
        ), key=("project_id", "rule_id")),
        Table("figures.csv", "processed", "Every raw figure, parsed.", (
            FIGURE_ID, _SRC, PROJECT_ID,
            Column("measure", "str", "What it measures", allowed=tuple(v.MEASURES)),
            Column("table", "str", "Long table it belongs to"),
            Column("item", "str", "Service, group, role or place", required=False),
            Column("item_en", "str", "English gloss of item", required=False),
            Column("value_as_printed", "str", "As printed"),
            Column("unit", "str", "Unit", allowed=tuple(v.UNIT_KIND)),
            STATUS,
            Column("transcription", "str", "How it was transcribed", allowed=v.TRANSCRIPTIONS),
            *_figure("Figure (money in złoty, percent as a fraction)"),
            Column("qualifier", "str", "Qualifier (empty for text and codes)", required=False, allowed=QUALIFIERS
                   + ("unquantified",)),
            Column("date_lower", "date", "First day a date can mean", required=False),
            Column("date_upper", "date", "Last day a date can mean", required=False),
            Column("date_precision", "str", "day / month / year", required=False),
            Column("text", "str", "Text or code value", required=False),
            Column("period_as_printed", "str", "Date or period the figure refers to, as printed", required=False),
            Column("period_lower", "date", "First day of the period the figure refers to", required=False),
            Column("period_upper", "date", "Last day of that period", required=False),
            _WHOLE,
            _PRIMARY,
            Column("quote", "str", "Verbatim quote"),
        ), key=("figure_id",)),
        Table("funding.csv", "processed", "Money by source, one row per figure.", (
            *_FIG, _SRC,
            Column("source_type", "str", "Kind of money", allowed=v.FUNDING_SOURCE_TYPES),
            *_ITEM,
            *_figure("Amount", "pln", "PLN", prefix="amount", suffix="_pln"),
            *_figure_tail("Qualifier; unquantified where a source is named without an amount", unquantified=True),
        ), key=("figure_id",)),
        Table("participants.csv", "processed", "Participants and their breakdowns.", (
            *_FIG, _SRC,
            Column("group", "str", "total, women, men, disabled, revitalised_area_share, ..."),
            *_ITEM,
            Column("unit", "str", "persons / families / persons_or_families / percent"),
            *_figure("Count or share"), *_figure_tail("Qualifier"),
        ), key=("figure_id",)),
        Table("outcomes.csv", "processed", "Outcomes, mapped to ESF common result indicators.", (
            *_FIG, _SRC,
            Column("indicator", "str", "completed, employed, qualification, job_search, ..."),
            *_ITEM,
            Column("esf_indicator", "str", "ESF common result indicator (empty where none matches)",
                   required=False, allowed=tuple(v.ESF_INDICATORS)),
            Column("unit", "str", "persons or percent (of participants)"),
            *_figure("Count or share"), *_figure_tail("Qualifier"),
        ), key=("figure_id",)),
        Table("services.csv", "processed", "Services and activities with their reach, hours or frequency.", (
            *_FIG, _SRC,
            Column("measure", "str", "service_reach, service_hours, service_frequency, ..."),
            Column("service", "str", "Service or activity as named", required=False),
            Column("service_en", "str", "English gloss of the service", required=False),
            Column("unit", "str", "Unit"),
            *_figure("Reach, hours or frequency"),
            *_figure_tail("Qualifier; unquantified where reach is named without a number", unquantified=True),
        ), key=("figure_id",)),
        Table("context.csv", "processed", "Local context, rules and other figures (unemployment, call rules, "
              "staff, dates, codes).", (
            *_FIG, _SRC,
            Column("measure", "str", "What it measures"),
            Column("item", "str", "What it is about", required=False),
            Column("item_en", "str", "English gloss of item", required=False),
            Column("unit", "str", "Unit"),
            *_figure("Figure"),
            Column("qualifier", "str", "Qualifier", required=False, allowed=QUALIFIERS + ("unquantified",)),
            Column("date_lower", "date", "First day a date can mean", required=False),
            Column("date_upper", "date", "Last day a date can mean", required=False),
            Column("text", "str", "Text or code", required=False),
            Column("period_as_printed", "str", "Reference period as printed", required=False),
            STATUS,
        ), key=("figure_id",)),
        Table("sources.csv", "processed", "The source documents, with how many figures each gave.", (
            Column("source_id", "id", "Document", pattern=ID_PATTERN, unique=True),
            Column("publisher", "str", "Who published it"),
            Column("title", "str", "Title"),
            Column("kind", "str", "web page or slide deck"),
            Column("url", "str", "Address of the document where known (see the raw table's notes)", required=False),
            Column("accessed", "str", "Date the text was read and stored (YYYY-MM-DD), from its address or from "
                   "the copy it came in; the reports' colophon dates its data by the latest",
                   required=False),
            Column("published", "str", "Publication date as printed", required=False),
            Column("seed_file", "str", "Name of the file the text was added from (the text is "
                   "data/sources/<source_id>.txt)"),
            Column("sha256", "str", "sha256 of the stored text data/sources/<source_id>.txt",
                   pattern=r"^[0-9a-f]{64}$"),
            LICENCE, LICENCE_NOTE,
            Column("figures_count", "int", "Figures transcribed from it"),
        ), key=("source_id",)),
        Table("programmes.csv", "processed", "Programmes and funds with their co-financing rules.", (
            Column("programme_id", "str", "Code", unique=True),
            Column("name_en", "str", "English name"),
            Column("name_pl", "str", "Polish name"),
            Column("period", "str", "Programming period", required=False),
            Column("funder", "str", "Kind of money", allowed=v.FUNDERS),
            Column("max_eu_share", "share", "Largest EU share allowed", "fraction", required=False),
            Column("max_cofinancing_share", "share", "Largest external co-financing share allowed", "fraction",
                   required=False),
            Column("rule_source", "str", "Where the rule comes from"),
            Column("eligible_until", "date", "Last day on which the programme's expenditure is eligible",
                   required=False),
            Column("eligible_until_source", "str", "Rule that sets eligible_until", required=False),
        ), key=("programme_id",)),
        Table("cpi.csv", "processed", "Poland's annual CPI with the price level of each year in prices of the "
              "default base year, so notebooks can re-base real figures to any year of the table.", (
            Column("year", "int", "Calendar year", unique=True),
            Column("cpi_prev_year_100", "float", "Average annual CPI, previous year = 100", "index"),
            Column("price_level", "float", "Price level of the year relative to the default base year (1 = base)",
                   "ratio"),
            Column("source", "str", "Publication of the figure"),
        ), key=("year",)),
        Table("checks.csv", "processed", "Result of every domain check on the real data, including the known "
              "discrepancies of the documents themselves.", (
            Column("check", "str", "Name of the check"),
            Column("subject", "str", "Project, portfolio or figure checked"),
            Column("result", "str", "pass, fail, not_verifiable (the documents do not give enough to decide) or "
                   "known_discrepancy (the document's own figures disagree; see raw/known_discrepancies.csv)",
                   allowed=("pass", "fail", "not_verifiable", "known_discrepancy")),
            Column("detail", "str", "What was compared"),
        ), key=("check", "subject")),
    ]
}

TABLES = {**{f"raw/{k}": t for k, t in RAW.items()}, **{f"processed/{k}": t for k, t in PROCESSED.items()}}


def typed(df: pd.DataFrame, table_name: str) -> pd.DataFrame:
    """A processed table read as text, in the dtypes of :data:`READ_DTYPES`; a column the dictionary does not
    know stays text, a column it requires but the file lacks raises KeyError (stale data/processed)."""
    import pandas as pd

    table = PROCESSED[table_name]
    missing = [c for c in table.names if c not in df.columns]
    if missing:
        raise KeyError(f"{table_name}: columns {missing} of the data dictionary are missing (stale data/processed? "
                       "rebuild it with `make data`)")
    out = {}
    for col in df.columns:
        s = df[col]
        dtype = table.column(col).dtype if col in table.names else "str"
        if dtype in ("pln", "float", "share", "int"):
            out[col] = pd.to_numeric(s, errors="raise").astype(READ_DTYPES[dtype])
        elif dtype == "date":
            out[col] = pd.to_datetime(s, format="%Y-%m-%d", errors="raise").astype(READ_DTYPES[dtype])
        elif dtype == "bool":
            out[col] = _booleans(s, f"{table_name}:{col}")
        else:
            out[col] = s.astype("str")
    return pd.DataFrame(out, index=df.index)


def _booleans(s: pd.Series, where: str) -> pd.Series:
    text = s.str.strip().str.lower()
    bad = text.notna() & ~text.isin(list(BOOLEAN_WORDS))
    if bad.any():
        raise ValueError(f"{where}: not a boolean: {sorted(set(s[bad]))}")
    out = text.map(lambda t: None if not isinstance(t, str) else BOOLEAN_WORDS[t])
    return out.astype("bool") if out.notna().all() else out.astype("boolean")


def read_processed(processed_dir: str | PathLike[str]) -> dict[str, pd.DataFrame]:
    """Every processed table, keyed by name without '.csv' ('projects', 'funding', ...), typed by :func:`typed`.

    Money (``…_pln``) is float64 złoty, shares fractions 0–1, ``int`` columns nullable Int64, dates datetime64,
    text ``str`` with NaN for an empty cell. A missing table raises FileNotFoundError saying how to make it.
    """
    import pandas as pd

    base = Path(processed_dir)
    tables: dict[str, pd.DataFrame] = {}
    for name in PROCESSED:
        path = base / name
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: run `make data` (python -m analysis.clean.pipeline)")
        raw = pd.read_csv(path, dtype="str", keep_default_na=False, na_values=[""], encoding="utf-8")
        tables[name.removesuffix(".csv")] = typed(raw, name)
    return tables


def _doc_paragraphs(text: str) -> list[str]:
    """reStructuredText of a docstring as Markdown paragraphs (each followed by a blank line)."""
    text = re.sub(r":(?:func|data|class|mod):`~?([^`]+)`", r"`\1`", text).replace("``", "`")
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return [line for p in paragraphs for line in (p, "")]


def render_markdown() -> str:
    """The data dictionary as Markdown, for docs/data_dictionary.md."""
    out = ["# Data dictionary", "",
           "Generated from `src/analysis/core/dictionary.py` by `python -m analysis.core.dictionary`; "
           "do not edit by hand.",
           "", *_doc_paragraphs("Types: " + __doc__.split("dtypes: ", 1)[1])]
    for key, t in TABLES.items():
        out += [f"## `data/{key}`", "", f"{t.description} Key: `{', '.join(t.key)}`.", "",
                "| column | type | unit | required | meaning |", "|---|---|---|---|---|"]
        for c in t.columns:
            allowed = f" One of: {', '.join(f'`{a}`' for a in c.allowed)}." if c.allowed and len(
                c.allowed) <= 12 else ""
            bound = f" Must match {c.bound_to}." if c.bound_to else ""
            out.append(f"| `{c.name}` | {c.dtype} | {c.unit} | {'yes' if c.required else ''} | "
                       f"{c.description}.{allowed}{bound} |")
        out.append("")
    out += ["## Measures (`figures.csv` → `measure`)", "", "| measure | table | units | ESF indicator | meaning |",
            "|---|---|---|---|---|"]
    for name, m in v.MEASURES.items():
        out.append(f"| `{name}` | {m.table} | {', '.join(m.units)} | {m.esf_indicator} | {m.description} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # pragma: no cover - exercised by the docs test through render_markdown
    import sys

    sys.stdout.write(render_markdown())
