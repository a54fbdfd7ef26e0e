"""Deterministic fault injection for the fault-tolerance tests.

``ANALYSIS_FAULT=<point>`` in the environment makes :func:`fault_point` kill the process (SIGKILL: no clean-up
handlers run) when it reaches the point of that name, the first time. The tests use it to stop a build between two
writes that must stay consistent and then check that a plain rebuild repairs everything. Unset, it costs one
dictionary look-up.
"""

from __future__ import annotations

import os
import signal


def fault_point(name: str) -> None:
    """Kill this process at once if ``ANALYSIS_FAULT`` names this point."""
    if os.environ.get("ANALYSIS_FAULT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
