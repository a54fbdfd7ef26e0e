"""Open analysis of EU-co-financed social-inclusion projects of Polish social welfare centres.

The analyst's API (:mod:`analysis.api`) is importable from here: ``import analysis as an; an.projects()``. It is
loaded on first use, so the pipeline's and the build's commands, which import ``analysis.*`` modules, do not pay
for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_API = ("FIGURE", "Bounded", "Tables", "tables", "projects", "bounded", "ratio", "per_participant", "real_prices",
        "is_less", "is_more", "less_than", "answer", "group_counts", "figures_of", "peers", "rule_checks_of")

if TYPE_CHECKING:  # for type checkers and editors: the names below, as analysis.api defines them
    from analysis.api import (  # noqa: F401
        FIGURE,
        Bounded,
        Tables,
        answer,
        bounded,
        figures_of,
        group_counts,
        is_less,
        is_more,
        less_than,
        peers,
        per_participant,
        projects,
        ratio,
        real_prices,
        rule_checks_of,
        tables,
    )


def __getattr__(name: str) -> Any:
    if name in _API:
        from analysis import api

        return getattr(api, name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])


__all__ = ["__version__", *_API]
