"""The build lock: one process at a time writes the processed tables or the reports.

A report build reads ``data/processed/`` and writes ``reports/``; ``make data`` rewrites ``data/processed/``; ``make
clean`` deletes both. All three hold one lock, ``reports/_build/.lock``, so none works from under another: two
builds take turns, ``make data`` waits for a build to finish reading the tables it would rewrite (and a build for
``make data``), and ``make clean`` refuses while either runs.

The lock is an ``flock``, released by the kernel when its holder dies, so a killed process never blocks the next.
Its holder writes its pid in it: a process that has to wait says for which one (one line on stderr); with
``wait=False`` a held lock raises :class:`LockHeld` instead. A lock taken on a file deleted meanwhile (make clean
removes it last, holding it) is given up and taken on the new file. Standard library only: ``make clean`` runs
before ``.venv`` exists.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis.core.files import file_mode


class LockHeld(RuntimeError):
    """The lock is held by another process and the caller would not wait."""

    def __init__(self, pid: int | None):
        self.pid = pid
        super().__init__(f"the build lock is held{pid_text(pid)}")


def pid_text(pid: int | None) -> str:
    return f" (pid {pid})" if pid else ""


def lock_path(reports_dir: Path) -> Path:
    """The build lock: ``reports/_build/.lock``, holding the pid of the process that holds it."""
    return reports_dir / "_build" / ".lock"


def _holder(fd: int) -> int | None:
    """The pid written in a lock file by its holder, if it is there yet."""
    text = os.pread(fd, 32, 0).decode("ascii", errors="replace").strip()
    return int(text) if text.isdigit() else None


def _is_current(fd: int, path: Path) -> bool:
    """Whether ``fd`` is still the file at ``path`` (make clean deletes the lock file while it holds it)."""
    try:
        here, there = os.fstat(fd), os.stat(path)
    except FileNotFoundError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


@contextmanager
def held(path: Path, *, wait: bool = True) -> Iterator[None]:
    """Hold the lock file at ``path`` for the duration (see the module's docstring)."""
    while True:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, file_mode())
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not wait:
                    raise LockHeld(_holder(fd)) from None
                print(f"waiting for another build{pid_text(_holder(fd))} to finish…", file=sys.stderr, flush=True)
                fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        if _is_current(fd, path):
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)  # releases the flock


__all__ = ["LockHeld", "held", "lock_path", "pid_text"]
