"""Open analysis of EU-co-financed social-inclusion projects of Polish social welfare centres.

The analyst's API (:mod:`analysis.api`) is importable from here: ``import analysis as an; an.projects()``. It is
loaded on first use, so the pipeline's and the build's commands, which import ``analysis.*`` modules, do not pay
for it; ``__init__.pyi`` gives type checkers and editors its names.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_API = ("FIGURE", "Bounded", "Tables", "tables", "projects", "bounded", "ratio", "scaled", "total",
        "per_participant", "real_prices", "is_less", "is_more", "less_than", "answer", "group_counts", "figures_of",
        "peers", "rule_checks_of")


def __getattr__(name: str) -> Any:
    # importlib, not an import statement: the build follows import statements to a report's code, and no report
    # runs the API, so editing it rebuilds none
    if name in _API:
        return getattr(importlib.import_module("analysis.api"), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])


__all__ = ["__version__", *_API]
