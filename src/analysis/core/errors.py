"""Errors that name the file, line, column, value and what was expected.

Every problem found in input data is a :class:`Problem`. Parsers and checks collect problems and raise one
:class:`DataError` holding all of them, so that an analyst sees every mistake of a run at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

MAX_SHOWN = 50
"""Problems a message lists; the rest are counted by file (10 000 bad rows must not print megabytes)."""
MAX_VALUE_CHARS = 200
"""Characters of a value a problem shows (a 3 000-character id is shown by its start and its length)."""


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
        val = "" if self.value is None else f": found {_shown(self.value)}"
        return f"{where}{col}{val} — expected {self.expected}"


class DataError(ValueError):
    """Raised with every problem found in a step; ``str()`` lists them one per line."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = sorted(set(problems), key=_sort_key)
        super().__init__(self._message())

    def _message(self) -> str:
        n = len(self.problems)
        shown, hidden = self.problems[:MAX_SHOWN], self.problems[MAX_SHOWN:]
        head = f"{n} data problem{'s' if n != 1 else ''}" + (f" (the first {MAX_SHOWN} listed)" if hidden else "")
        lines = [f"{head}:", *(f"  {p}" for p in shown)]
        if hidden:
            by_table = Counter(p.table for p in hidden)
            lines.append(f"  … and {len(hidden)} more ({', '.join(f'{t}: {k}' for t, k in by_table.items())}): "
                         "fix these and run again to see them")
        return "\n".join(lines)


class ParseError(DataError):
    """A value that a parser cannot read. Raised by every parser in :mod:`analysis.clean.parsing`."""


def _shown(value: str) -> str:
    """The value as a Python literal, cut after :data:`MAX_VALUE_CHARS` characters (saying how long it is)."""
    if len(value) <= MAX_VALUE_CHARS:
        return repr(value)
    return f"{value[:MAX_VALUE_CHARS]!r}… ({len(value)} characters)"


def _sort_key(p: Problem) -> tuple:
    return (p.table, p.line if p.line is not None else -1, p.column or "", p.expected, p.value or "")


def raise_if(problems: list[Problem], error: type[DataError] = DataError) -> None:
    """Raise ``error`` holding ``problems`` if there are any."""
    if problems:
        raise error(problems)
