"""How every output file is written, in one place: a hidden temporary sibling with the user's permissions, then
a rename. The pipeline (a set of tables) and the build (one report at a time) both write through
:func:`temp_sibling`, and both find what a killed run left with :data:`TEMP_GLOB`. Standard library only: the
light manifest check imports it without pandas.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TEMP_GLOB = ".*.tmp"
"""Temporary siblings of outputs being written (``.<name>.<random>.tmp``); any found at the start of a run are
leftovers of a killed run."""


def file_mode() -> int:
    """Mode of a new output file: 0666 less the user's umask, as ``open()`` would give (mkstemp gives 0600)."""
    mask = os.umask(0o022)  # reading the umask means setting it: put it straight back
    os.umask(mask)
    return 0o666 & ~mask


def temp_sibling(path: Path, data: bytes) -> str:
    """Write ``data`` to a new hidden temporary file beside ``path`` with the mode the umask gives; return its
    name (the caller renames it into place, or removes it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, file_mode())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp
