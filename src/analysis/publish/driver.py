"""`make reports`: bring ``reports/`` up to date with the fewest report builds, safely.

One process plans and runs the whole build:

1. Take the build lock (two builds at once take turns), then remove what interrupted builds left behind.
2. List the reports (``reports.yml`` × projects) and compute each one's input fingerprint
   (:mod:`analysis.publish.fingerprint`).
3. A report is current when its record exists, names the same fingerprint, and the HTML on disk has the sha256 the
   record names; everything else (missing, stale, half-written, edited by hand) is rebuilt. Reports no longer
   listed (a project renamed or removed) are deleted with their records.
4. Stale reports run ``jobs`` at a time, each in a fresh kernel from a pool of kernels started and warmed ahead.
   A failing report keeps its last good HTML; the others still build; the build exits non-zero naming each failure.
5. Current reports whose record names an older ``data/raw`` version are re-stamped (their inputs did not change,
   so they reflect the new version too); ``reports/index.html`` is rewritten when its content changes.

A no-op build reads a few small files and imports neither pandas nor nbconvert.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.publish import fingerprint as fp
from analysis.publish.config import ReportError, ReportSpec, read_parameters_cell, validate_parameters
from analysis.publish.outputs import (
    atomic_write,
    build_lock,
    data_version,
    dumps,
    generated_at,
    remove_leftovers,
    sha256_file,
    sidecar_path,
    source_date_epoch,
)

MAX_SOCKET_ROOT = 60  # characters: Unix socket paths under it must stay below the ~100-byte limit


@dataclass
class Planned:
    """A report with everything needed to decide whether to build it."""

    spec: ReportSpec
    parameters: dict[str, Any]
    fingerprint: str
    reason: str | None  # why it must be built; None when current


@dataclass
class BuildResult:
    built: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)
    failed: dict[str, list[str]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _read_record(path: Path) -> dict[str, Any] | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def plan(specs: Sequence[ReportSpec], reports_dir: Path, processed_dir: Path) -> list[Planned]:
    """Each report's parameters, fingerprint and reason to build (None: current). Parameter errors of every
    report are raised together."""
    problems: list[str] = []
    declared: dict[Path, Any] = {}
    code: dict[Path, dict[str, str]] = {}
    render = fp.files_digest(fp.render_files())
    toolchain = fp.toolchain_digest()
    tables = fp.read_tables(processed_dir)
    out: list[Planned] = []
    for spec in specs:
        try:
            if spec.notebook not in declared:
                declared[spec.notebook] = read_parameters_cell(spec.notebook)
                code[spec.notebook] = {**fp.files_digest(fp.code_files(spec.notebook)), **render}
            parameters = validate_parameters(spec, declared[spec.notebook])
        except ReportError as exc:
            problems += exc.problems
            continue
        key = fp.fingerprint(notebook=spec.notebook, parameters=parameters, code=code[spec.notebook],
                             toolchain=toolchain, data=fp.data_digest(tables, spec.data_slice))
        out.append(Planned(spec, parameters, key, _reason(spec, key, reports_dir)))
    if problems:
        raise ReportError(problems)
    return out


def _reason(spec: ReportSpec, key: str, reports_dir: Path) -> str | None:
    record = _read_record(sidecar_path(reports_dir, spec.name))
    if not spec.output.is_file():
        return "not built"
    if record is None:
        return "no record of its build"
    if record.get("fingerprint") != key:
        return "inputs changed"
    if record.get("html_sha256") != sha256_file(spec.output):
        return "HTML differs from the one recorded"
    return None


def remove_unlisted(specs: Sequence[ReportSpec], reports_dir: Path) -> list[str]:
    """Delete reports and records that no listed report produces (a project renamed or removed)."""
    keep_html = {s.output.resolve() for s in specs} | {(reports_dir / "index.html").resolve()}
    keep_json = {sidecar_path(reports_dir, s.name).resolve() for s in specs}
    build_dir = reports_dir / "_build"
    removed: list[str] = []
    for path in sorted(reports_dir.rglob("*.html")):
        if build_dir in path.parents or path.resolve() in keep_html:
            continue
        path.unlink()
        removed.append(path.relative_to(reports_dir).as_posix())
    for path in sorted(build_dir.rglob("*.json")) if build_dir.is_dir() else []:
        if build_dir / "adhoc" in path.parents:  # ad hoc reports (run -p) are the analyst's
            continue
        if path.resolve() not in keep_json:
            path.unlink()
            removed.append(path.relative_to(reports_dir).as_posix())
    for path in sorted((p for p in reports_dir.rglob("*") if p.is_dir()), reverse=True):
        if path != build_dir and not any(path.iterdir()):
            path.rmdir()
    return removed


def _socket_root(reports_dir: Path) -> str | None:
    """``reports/_build/work`` for kernel sockets when its path is short enough, else the system's temp folder."""
    work = (reports_dir / "_build" / "work").resolve()
    if len(str(work)) > MAX_SOCKET_ROOT:
        return None
    work.mkdir(parents=True, exist_ok=True)
    return str(work)


def _warm_code(specs: Sequence[ReportSpec]) -> str:
    """Imports every notebook of the build makes, to run in kernels before they are handed out.

    ``from a import b`` lists both ``a`` and ``a.b``; ``a.b`` may be a function rather than a module, so each
    name is tried and those that are not modules are passed over.
    """
    modules: set[str] = set()
    for notebook in {s.notebook for s in specs}:
        modules |= fp.notebook_imports(notebook)
    names = sorted(m for m in modules if all(part.isidentifier() for part in m.split(".")))
    if not names:
        return ""
    return (f"import importlib as _il\nfor _m in {names!r}:\n    try:\n        _il.import_module(_m)\n"
            "    except ImportError:\n        pass\ndel _il, _m\n")


class Progress:
    """One line per finished report (``[ 3/40   4.1 s] built pl/overview``) on stderr."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.done, self.start, self.stream = total, 0, time.monotonic(), stream

    def __call__(self, name: str, error: str | None = None) -> None:
        self.done += 1
        width = len(str(self.total))
        head = f"[{self.done:>{width}}/{self.total} {time.monotonic() - self.start:6.1f} s]"
        text = f"{head} built {name}" if error is None else f"{head} FAILED {name}: {error}"
        print(text, file=self.stream, flush=True)


async def _build_all(todo: Sequence[Planned], *, reports_dir: Path, processed_dir: Path, version: str, jobs: int,
                     timeout: float,
                     on_done: Callable[[str, str | None], None]) -> dict[str, list[str]]:
    failures: dict[str, list[str]] = {}
    if not todo:
        return failures
    # imported only when there is work: jupyter_client alone would double the time of a no-op build
    from analysis.publish.execute import execute, publish
    from analysis.publish.frame import sources_read_until
    from analysis.publish.kernels import KernelPool

    cwd = todo[0].spec.notebook.parent
    sources_read = sources_read_until(processed_dir)
    env = {**os.environ, "ANALYSIS_PROCESSED_DIR": str(processed_dir.resolve())}  # what the notebooks read
    pool = KernelPool(jobs, cwd, _warm_code([p.spec for p in todo]), socket_root=_socket_root(reports_dir), env=env)
    queue: asyncio.Queue[Planned] = asyncio.Queue()
    for item in todo:
        queue.put_nowait(item)
    pool.fill(len(todo))

    async def worker() -> None:
        while not queue.empty():
            item = queue.get_nowait()
            spec = item.spec
            try:
                km = await pool.take()
                nb = await execute(spec, item.parameters, km, timeout=timeout, build_dir=reports_dir / "_build")
                record = {"name": spec.name, "parameters": item.parameters, "notebook": spec.notebook.name,
                          "output": f"{spec.name}.html", "group": spec.group, "generated_at": generated_at(),
                          "data_version": version, "sources_read": sources_read, "fingerprint": item.fingerprint}
                publish(spec, nb, record, reports_dir)
                on_done(spec.name, None)
            except ReportError as exc:
                failures[spec.name] = exc.problems
                on_done(spec.name, exc.problems[0])
            except Exception as exc:  # a kernel that would not start, a template error: name the report
                failures[spec.name] = [f'report "{spec.name}": {type(exc).__name__}: {exc}']
                on_done(spec.name, failures[spec.name][0])

    try:
        await asyncio.gather(*(worker() for _ in range(max(1, jobs))))
    finally:
        await pool.close()
    return failures


def _restamp(planned: Sequence[Planned], reports_dir: Path, version: str) -> None:
    """Records of current reports name the raw-data version they were just checked against."""
    for item in planned:
        path = sidecar_path(reports_dir, item.spec.name)
        record = _read_record(path)
        if record is not None and record.get("data_version") != version:
            atomic_write(path, dumps({**record, "data_version": version}))


def build(specs: Sequence[ReportSpec], *, reports_dir: Path, processed_dir: Path, raw_dir: Path | None = None,
          jobs: int = 2, timeout: float = 600, force: bool = False, progress: bool = True) -> BuildResult:
    """Bring every report of ``specs`` and the index up to date (see the module docstring)."""
    from analysis.publish.index import write_index

    started = time.monotonic()
    result = BuildResult()
    source_date_epoch()  # a bad value would crash every kernel: stop before one starts
    with build_lock(reports_dir):
        remove_leftovers(reports_dir)
        planned = plan(specs, reports_dir, processed_dir)
        result.removed = remove_unlisted(specs, reports_dir)
        version = data_version(raw_dir)
        todo = [p for p in planned if force or p.reason is not None]
        current = [p for p in planned if p not in todo]
        result.current = [p.spec.name for p in current]
        _restamp(current, reports_dir, version)
        report: Callable[[str, str | None], None] = Progress(len(todo)) if progress else _quiet
        failures = asyncio.run(_build_all(todo, reports_dir=reports_dir, processed_dir=processed_dir,
                                          version=version, jobs=jobs,
                                          timeout=timeout, on_done=report))
        result.failed = failures
        result.built = [p.spec.name for p in todo if p.spec.name not in failures]
        built_specs = [p.spec for p in planned if sidecar_path(reports_dir, p.spec.name).is_file()
                       and p.spec.output.is_file()]
        write_index(built_specs, reports_dir, data_version=version)
        remove_leftovers(reports_dir)
    result.seconds = time.monotonic() - started
    return result


def _quiet(name: str, error: str | None = None) -> None:
    """No progress lines (a single report, or a caller that prints its own)."""


def run_one(spec: ReportSpec, *, reports_dir: Path, processed_dir: Path, raw_dir: Path | None = None,
            timeout: float = 600) -> dict[str, Any]:
    """Build one report now, current or not; return its record (raises :class:`ReportError` on failure)."""
    source_date_epoch()  # a bad value would crash every kernel: stop before one starts
    with build_lock(reports_dir):
        [item] = plan([spec], reports_dir, processed_dir)
        failures = asyncio.run(_build_all([item], reports_dir=reports_dir, processed_dir=processed_dir,
                                          version=data_version(raw_dir), jobs=1,
                                          timeout=timeout, on_done=_quiet))
        remove_leftovers(reports_dir)
    if failures:
        raise ReportError(failures[spec.name])
    record = _read_record(sidecar_path(reports_dir, spec.name))
    assert record is not None
    return record


def default_jobs() -> int:
    """Reports built at once: the machine's cores (each report runs in its own kernel process)."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
