"""Errors that name the file, line, column, value and what was expected.

Every problem found in input data is a :class:`Problem`. Parsers and checks collect problems and raise one
:class:`DataError` holding all of them, so that an analyst sees every mistake of a run at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input: where it is, what it holds and what was expected."""

    table: str  # file name (``figures.csv``) or processed table name
    line: int | None  # 1-based physical line in the file (the header is line 1); None for whole-table problems
    column: str | None
    value: str | None
    expected: str
    message: str | None = None  # a whole sentence, for rules across rows (domain checks); replaces "expected"

    def __str__(self) -> str:
        where = self.table if self.line is None else f"{self.table}:{self.line}"
        if self.message:
            return f"{where}: {self.message}"
        col = f" column '{self.column}'" if self.column else ""
        val = "" if self.value is None else f": found {self.value!r}"
        return f"{where}{col}{val} — expected {self.expected}"


class DataError(ValueError):
    """Raised with every problem found in a step; ``str()`` lists them one per line."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = sorted(set(problems), key=_sort_key)
        super().__init__(self._message())

    def _message(self) -> str:
        n = len(self.problems)
        head = f"{n} data problem{'s' if n != 1 else ''}:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class ParseError(DataError):
    """A value that a parser cannot read. Raised by every parser in :mod:`analysis.clean.parsing`."""


def _sort_key(p: Problem) -> tuple:
    return (p.table, p.line if p.line is not None else -1, p.column or "", p.expected, p.value or "")


def raise_if(problems: list[Problem], error: type[DataError] = DataError) -> None:
    """Raise ``error`` holding ``problems`` if there are any."""
    if problems:
        raise error(problems)
