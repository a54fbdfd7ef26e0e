"""Deterministic fault injection for the fault-tolerance tests.

``ANALYSIS_FAULT=<point>`` in the environment makes :func:`fault_point` kill the process (SIGKILL: no clean-up
handlers run) when it reaches the point of that name; ``ANALYSIS_FAULT=<point>:SIGINT`` sends it an interrupt
instead, as Ctrl-C would. The tests use it to stop a build between two
writes that must stay consistent and then check that a plain rebuild repairs everything. Unset, it costs one
dictionary look-up.
"""

from __future__ import annotations

import os
import signal


def fault_point(name: str) -> None:
    """Kill (or interrupt) this process at once if ``ANALYSIS_FAULT`` names this point."""
    wanted = os.environ.get("ANALYSIS_FAULT")
    if wanted == name:
        os.kill(os.getpid(), signal.SIGKILL)
    elif wanted == f"{name}:SIGINT":
        os.kill(os.getpid(), signal.SIGINT)
