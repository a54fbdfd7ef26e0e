"""Writing the build's outputs safely: atomic replacement, the user's umask, clear disk-full errors, one build at a
time, and no leftovers of interrupted builds.

Every file the build writes goes through :func:`atomic_write`: a temporary file beside the target, then
``os.replace``. A reader (or an interrupted build) sees the old file or the new one, never half of one. Temporary
files carry the suffix ``.tmp`` and a leading dot, so :func:`remove_leftovers` finds those of a killed build.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from analysis.core import locks
from analysis.core.files import TEMP_GLOB, temp_sibling
from analysis.paths import RAW_DIR
from analysis.publish.config import ReportError, default_path

LATEST_EPOCH = 253_402_214_399
"""9999-12-30 23:59:59 UTC: the latest SOURCE_DATE_EPOCH whose date Python can write in every time zone (IPython
writes it in local time when a kernel starts)."""


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` as whole seconds, or None when it is not set. The build calls it before any kernel
    starts: IPython and matplotlib read it too, and a bad value crashed every kernel (a minute's wait per report)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return None
    digits = epoch.strip()
    if not (digits.isascii() and digits.isdigit() and int(digits) <= LATEST_EPOCH):
        raise ReportError(f"SOURCE_DATE_EPOCH: found {epoch!r} — expected whole seconds since 1970-01-01 UTC "
                          f"(at most {LATEST_EPOCH}, e.g. 1700000000), or unset it")
    return int(digits)


def generated_at() -> str:
    """Now in UTC as ``YYYY-MM-DDTHH:MM:SSZ``, or the time given by ``SOURCE_DATE_EPOCH``."""
    epoch = source_date_epoch()
    when = datetime.now(tz=UTC) if epoch is None else datetime.fromtimestamp(epoch, tz=UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def data_version(raw_dir: str | os.PathLike | None = None) -> str:
    """First 12 hex digits of a sha256 over the sorted relative paths and contents of every file in ``raw_dir``."""
    root = default_path(raw_dir, RAW_DIR)
    if not root.is_dir():
        raise ReportError(f"{root}: raw data directory not found (needed for the data version)")
    files = sorted((p.relative_to(root).as_posix(), p) for p in root.rglob("*") if p.is_file())
    digest = hashlib.sha256()
    for rel, path in files:
        data = path.read_bytes()
        for part in (rel.encode("utf-8"), str(len(data)).encode("ascii"), data):
            digest.update(part)
            digest.update(b"\0")
    return digest.hexdigest()[:12]


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and ``os.replace``.

    The file gets the mode the user's umask gives. On a full disk (or any other OSError) the temporary file is
    removed, ``path`` keeps its previous content, and a :class:`ReportError` says so.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    tmp: str | None = None
    try:
        tmp = temp_sibling(path, raw)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        what = "the disk is full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else (exc.strerror or str(exc))
        raise ReportError(f"{path}: cannot write ({what}); the previous version of this file, if any, is intact") \
            from None
    finally:
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` unless ``path`` already holds it (so its mtime stays put for make). True if written."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    atomic_write(path, text)
    return True


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return value.as_posix()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(data: Any) -> str:
    """Deterministic JSON (sorted keys, UTF-8 text, dates as ISO) ending in a newline."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=_json_default) + "\n"


SEAL = "record_sha256"
"""The key of a record's own checksum: a record edited by hand (its title, its link) no longer matches it."""


def sealed(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with :data:`SEAL`: the sha256 of everything else in it, as :func:`dumps` writes it."""
    body = {k: v for k, v in record.items() if k != SEAL}
    return {**body, SEAL: hashlib.sha256(dumps(body).encode("utf-8")).hexdigest()}


def seal_holds(record: dict[str, Any]) -> bool:
    """True when the record is as the build wrote it."""
    return record.get(SEAL) == sealed(record)[SEAL]


def sidecar_path(reports_dir: Path, name: str) -> Path:
    """Where the record of report ``name`` lives: ``reports/_build/<name>.json``."""
    return reports_dir / "_build" / f"{name}.json"


def sha256_file(path: Path) -> str | None:
    """Hex sha256 of a file's bytes, or None if it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class BuildRunning(ReportError):
    """The build lock is held by another process (a build, make data, or make clean) and the caller would not wait."""

    def __init__(self, pid: int | None):
        self.pid = pid
        super().__init__(f"a build is running{locks.pid_text(pid)}")


lock_path = locks.lock_path


@contextmanager
def build_lock(reports_dir: Path, *, wait: bool = True) -> Iterator[None]:
    """Hold the build lock (:func:`analysis.core.locks.held`) for the duration: two builds at once take turns,
    ``make data`` waits for a build to finish reading the tables it would rewrite, and with ``wait=False`` a held
    lock raises :class:`BuildRunning` instead."""
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(locks.held(lock_path(reports_dir), wait=wait))
        except locks.LockHeld as exc:
            raise BuildRunning(exc.pid) from None
        yield


def remove_leftovers(reports_dir: Path) -> list[Path]:
    """Remove what interrupted builds left in ``reports/``: temporary files and executed notebooks.

    Call it only while holding :func:`build_lock` (no other build is writing). Returns the paths removed.
    """
    removed: list[Path] = []
    if not reports_dir.is_dir():
        return removed
    for path in reports_dir.rglob(TEMP_GLOB):
        if path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path)
    work = reports_dir / "_build" / "work"
    if work.is_dir():
        for path in sorted(work.rglob("*"), reverse=True):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed
