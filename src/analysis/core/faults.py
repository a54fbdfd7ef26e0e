"""Deterministic fault injection for the fault-tolerance tests.

``ANALYSIS_FAULT=<point>`` in the environment makes :func:`fault_point` kill the process (SIGKILL: no clean-up
handlers run) when it reaches the point of that name; ``ANALYSIS_FAULT=<point>:SIGINT`` sends it an interrupt
instead, as Ctrl-C would; ``ANALYSIS_FAULT=<point>:PAUSE`` stops it there until the test has changed what it
wants: the process creates ``<point>.paused`` in the folder ``ANALYSIS_FAULT_DIR`` names and waits until the test
creates ``<point>.resume`` beside it (``:`` in a point's name becomes ``-`` in the file names). The tests use it to
stop a build between two writes that must stay consistent, or to change its inputs while it runs, and then check
what the build did. Unset, it costs one dictionary look-up.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

PAUSE_LIMIT_S = 300.0
"""A paused process that nobody resumes gives up after this long (a test that failed must not hang the suite)."""


def fault_point(name: str) -> None:
    """Kill, interrupt or pause this process at once if ``ANALYSIS_FAULT`` names this point."""
    wanted = os.environ.get("ANALYSIS_FAULT")
    if wanted is None:
        return
    if wanted == name:
        os.kill(os.getpid(), signal.SIGKILL)
    elif wanted == f"{name}:SIGINT":
        os.kill(os.getpid(), signal.SIGINT)
    elif wanted == f"{name}:PAUSE":
        _pause(name)


def _pause(name: str) -> None:
    folder = Path(os.environ["ANALYSIS_FAULT_DIR"])
    stem = name.replace(":", "-")
    resume = folder / f"{stem}.resume"
    if resume.exists():  # resumed once: every later pass at this point goes on
        return
    (folder / f"{stem}.paused").touch()
    deadline = time.monotonic() + PAUSE_LIMIT_S
    while not resume.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"fault point {name} paused for {PAUSE_LIMIT_S:g} s and was never resumed")
        time.sleep(0.01)
