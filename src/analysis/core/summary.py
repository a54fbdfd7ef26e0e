"""What a report tells the index about itself: the one format the report and publish stages share.

A report notebook displays its summary as one output of the MIME type :data:`SUMMARY_MIME` holding a JSON object
(:data:`SUMMARY_KEYS`); the build takes that output out of the page and keeps it in the report's record, and the
index shows it (the overview's main points on the landing page, a profile under its voivodeship and centre). The
two stages talk through this data, never through each other's code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SUMMARY_MIME = "application/vnd.analysis.report-summary+json"
SUMMARY_KEYS = ("main_points", "centre", "voivodeship")
"""main_points: the report's main points as plain text (a list); centre: the social welfare centre a profile's
project belongs to (its operator as the documents name it); voivodeship: the centre's voivodeship (the index
groups profiles by it, then by centre); both absent for reports of many projects."""


def summary_problems(summary: object) -> list[str]:
    """What is wrong with a summary object ('' list where nothing is)."""
    if not isinstance(summary, Mapping):
        return [f"a report summary must be a JSON object, not {type(summary).__name__}"]
    problems = [f"unknown key {k!r} in a report summary (expected: {', '.join(SUMMARY_KEYS)})"
                for k in summary if k not in SUMMARY_KEYS]
    points: Any = summary.get("main_points", [])
    if not isinstance(points, list) or not all(isinstance(p, str) for p in points):
        problems.append("a report summary's main_points must be a list of texts")
    problems += [f"a report summary's {k} must be a text" for k in ("centre", "voivodeship")
                 if not isinstance(summary.get(k, ""), str)]
    return problems


__all__ = ["SUMMARY_MIME", "SUMMARY_KEYS", "summary_problems"]
