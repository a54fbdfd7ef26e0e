"""The one set-up of every report notebook: paths, chart style, language, the processed tables loaded once.

A notebook's first code cell is ``R = setup(language, price_base_year, show_planned)``; everything after it is a
short call that takes ``R``. Paths come from :mod:`analysis.paths`, so a notebook runs from the repository root
(``papermill notebooks/overview.ipynb out.ipynb -p language pl``), from ``notebooks/`` (JupyterLab) or from the
report driver alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.core.dictionary import bounded_columns, figure_columns, read_processed
from analysis.core.vocabulary import ONE_SIDED_QUALIFIERS
from analysis.paths import PROCESSED_DIR
from analysis.report import tables as rt
from analysis.report import text as rx
from analysis.report.formatting import (
    MISSING,
    NBSP,
    QUALIFIER_SIGNS,
    count_text,
    format_bounded,
    format_count,
    format_money,
    format_share,
    last_number_shown,
    noun_form,
)
from analysis.report.labels import UNIT_NOUNS, check_lang, label


@dataclass
class Report:
    """What every section of a report needs: its language, its price year, the data and the projects' names."""

    lang: str
    base_year: int
    show_planned: bool
    data: dict[str, pd.DataFrame]
    projects: pd.DataFrame  # in base-year prices; planned figures blanked when show_planned is False
    names: pd.Series = field(repr=False)  # project_id -> title in the report's language
    short: pd.Series = field(repr=False)  # the same, shortened for chart axes

    # --- words ---------------------------------------------------------------------------------------------------
    def t(self, key: str, **fields: object) -> str:
        """Text of ``key`` in the report's language."""
        return label(key, self.lang, **fields)

    def cap(self, key: str, **fields: object) -> str:
        """The same, with a capital first letter (headings, sentence starts)."""
        text = self.t(key, **fields)
        return text[:1].upper() + text[1:]

    def n(self, count: float | None, noun: str) -> str:
        """A count with its noun in the right plural form ('5 projektów')."""
        return count_text(count, noun, self.lang)

    def count(self, x: float | None) -> str:
        return format_count(x, self.lang)

    def money(self, x: float | None, decimals: int = 0) -> str:
        return format_money(x, self.lang, decimals)

    def share(self, x: float | None, decimals: int = 1) -> str:
        return format_share(x, self.lang, decimals)

    def bounded(self, value: object, lower: object, upper: object, qualifier: object, kind: str = "money",
                decimals: int | None = None) -> str:
        q = qualifier if isinstance(qualifier, str) else None
        if decimals is None and kind == "money" and q in ONE_SIDED_QUALIFIERS:
            decimals = 2  # a bound is shown to the grosz: rounding 937,50 up to 938 would overstate a lower bound
        return format_bounded(value, lower, upper, q, self.lang, kind, decimals)  # type: ignore[arg-type]

    def words(self, value: object, lower: object, upper: object, qualifier: object, kind: str = "money",
              decimals: int | None = None) -> str:
        """A bounded figure for running text: the qualifier in words ('at least 106', 'co najmniej 12,6%')."""
        text = self.bounded(value, lower, upper, qualifier, kind, decimals)
        sign = QUALIFIER_SIGNS.get(qualifier) if isinstance(qualifier, str) else None
        if sign and text.startswith(sign + NBSP):
            return f"{self.t(str(qualifier))}{NBSP}{text[len(sign) + 1:]}"
        return text

    def counted(self, row: Any, prefix: str, noun: str) -> str:
        """A bounded count of a row with its noun ('839 participants', 'co najmniej 60 uczestników')."""
        value, lower, upper, q = self._bounded_of(row, prefix, "")
        text = self.words(value, lower, upper, q, "count")
        if text == MISSING:
            return text
        shown = last_number_shown(value, lower, upper, q if isinstance(q, str) else None)
        return text if shown is None else f"{text}{NBSP}{noun_form(shown, noun, self.lang)}"

    def quantity(self, value: Any, lower: Any, upper: Any, qualifier: Any, unit: Any) -> str:
        """A bounded count with its unit as the noun after it, in the plural form the number takes (CLDR):
        '12 tygodni', '≥ 106 osób', '1 raz w miesiącu', '5–10 osób'; a unit with no noun (money, shares): the
        figure alone."""
        text = self.bounded(value, lower, upper, qualifier, "count")
        noun = f"unit_{unit}"
        if text == MISSING or noun not in UNIT_NOUNS:
            return text
        shown = last_number_shown(value, lower, upper, qualifier if isinstance(qualifier, str) else None)
        return text if shown is None else f"{text}{NBSP}{noun_form(shown, noun, self.lang)}"

    @staticmethod
    def _bounded_of(row: Any, prefix: str, suffix: str) -> tuple[Any, Any, Any, Any]:
        """(value, lower, upper, qualifier) of a row (Series or named tuple) by the columns' prefix and suffix."""
        g = (lambda c: row[c]) if isinstance(row, pd.Series) else (lambda c: getattr(row, c))
        return tuple(g(c) for c in bounded_columns(prefix, suffix))

    def words_col(self, row: Any, prefix: str, kind: str = "money", suffix: str = "") -> str:
        """:meth:`words` of a row's bounded figure by its column prefix."""
        return self.words(*self._bounded_of(row, prefix, suffix), kind)

    def bounded_col(self, row: Any, prefix: str, kind: str = "money", suffix: str = "") -> str:
        """A bounded figure of a row by its column prefix: ``bounded_col(r, 'cost_per_participant', suffix='_pln')``."""
        return self.bounded(*self._bounded_of(row, prefix, suffix), kind)

    def figure_cells(self, rows: pd.DataFrame, prefix: str = "value", kind: str = "money", suffix: str = "",
                     decimals: int | None = None) -> list[str]:
        """Table cells of a long table's figures (``prefix``, ``prefix_lower``, ``prefix_upper`` and
        ``qualifier``); a figure named without an amount reads 'named, no amount'."""
        columns = [rows[c] for c in figure_columns(prefix, suffix)]
        return [self.t("named_only") if q == "unquantified" else self.bounded(v, lo, up, q, kind, decimals)
                for v, lo, up, q in zip(*columns, strict=True)]

    # --- the data ----------------------------------------------------------------------------------------------
    def project(self, project_id: str) -> pd.Series:
        return self.projects.set_index("project_id").loc[project_id]

    def programme_name(self, programme_id: object) -> str:
        """The programme's name in the report's language, from the processed programmes table (data, not code)."""
        if not isinstance(programme_id, str):
            return "—"
        progs = self.data["programmes"].set_index("programme_id")
        if programme_id not in progs.index:
            return programme_id
        return str(progs.at[programme_id, self.t("column_programme_name")])

    def documents_text(self, source_ids: list[str] | None = None) -> str:
        """'5 documents' / '5 dokumentów' (all sources, or the given ones)."""
        n = len(self.data["sources"]) if source_ids is None else len(set(source_ids))
        return self.n(n, "document")


def _inline_svg() -> None:
    """Charts as deterministic SVG in the notebook (no timestamp), when running under IPython."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a report dependency
        return
    shell = get_ipython()
    if shell is None:
        return
    shell.run_line_magic("matplotlib", "inline")
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("svg", bbox_inches="tight", metadata={"Date": None})


def setup(language: str = "en", price_base_year: int = 0, show_planned: bool = True,
          processed_dir: str | Path | None = None) -> Report:
    """Load the processed tables and prepare a report in ``language`` (en / pl).

    ``price_base_year`` 0 keeps the data's base year (the latest year of the CPI table); ``show_planned`` False
    blanks planned figures (targets) and the costs built on them.
    """
    from analysis.report import charts

    check_lang(language)
    _inline_svg()
    charts.apply_style()
    data = read_processed(Path(processed_dir) if processed_dir is not None else PROCESSED_DIR)
    base_year = rt.resolve_base_year(data["projects"], data["cpi"], price_base_year)
    projects = rt.rebase_real(data["projects"], data["cpi"], base_year)
    if not show_planned:
        projects = rt.achieved_only(projects)
    return Report(language, base_year, show_planned, data, projects, rx.project_names(projects, language),
                  rx.project_names(projects, language, width=40))


__all__ = ["Report", "setup"]
