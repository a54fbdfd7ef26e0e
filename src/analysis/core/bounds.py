"""A bounded figure: a value with the bounds and qualifier it was printed with.

``qualifier`` says how the numbers bound the fact: ``exact`` and ``about`` are points (value = lower = upper for
``exact``; an ``about`` figure carries no bounds), ``at_least``/``more_than`` give a lower end only,
``at_most``/``less_than`` an upper end only (the ``more_than``/``less_than`` ends are strict), ``range`` and
``about_range`` both ends and no single value. ``None`` means no figure at all (missing, or named without an amount).
Open ends are NaN.
"""

from __future__ import annotations

import math
from typing import NamedTuple


class Bounded(NamedTuple):
    """(value, lower, upper, qualifier) of one figure; a tuple, so it unpacks like the parallel columns it holds."""

    value: float
    lower: float
    upper: float
    qualifier: str | None

    @classmethod
    def exact(cls, x: float) -> Bounded:
        """A figure known exactly."""
        return cls(x, x, x, "exact")

    def scaled(self, factor: float) -> Bounded:
        """Every number times ``factor`` (a positive factor keeps the qualifier's meaning)."""
        return Bounded(self.value * factor, self.lower * factor, self.upper * factor, self.qualifier)


NONE = Bounded(math.nan, math.nan, math.nan, None)
"""No figure."""
