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
import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.core.faults import fault_point
from analysis.paths import LOCK_FILE
from analysis.publish import fingerprint as fp
from analysis.publish.config import ReportError, ReportSpec, read_parameters_cell, validate_parameters
from analysis.publish.outputs import (
    atomic_write,
    build_lock,
    data_version,
    dumps,
    generated_at,
    remove_leftovers,
    seal_holds,
    sealed,
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
    # the state of every input file just before the fingerprint read it: a build checks them again before and after
    # it runs the notebook, so a record never names inputs other than those the notebook read
    code_states: dict[Path, fp.FileState] = field(default_factory=dict, repr=False)
    data_states: dict[Path, fp.FileState] = field(default_factory=dict, repr=False)


@dataclass
class BuildResult:
    built: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)
    failed: dict[str, list[str]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # reports of notebooks this configuration does not build
    changed: dict[str, str] = field(default_factory=dict)  # not published: its inputs changed while it ran
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
    code_states: dict[Path, dict[Path, fp.FileState]] = {}
    # what every report reads besides its own notebook and code: the rendering code and the pinned packages
    shared_states = fp.file_states([*fp.render_files(), LOCK_FILE])
    render = fp.files_digest(fp.render_files())
    toolchain = fp.toolchain_digest()
    data_states = fp.file_states(sorted(processed_dir.glob("*.csv")))
    tables = fp.read_tables(processed_dir)
    out: list[Planned] = []
    for spec in specs:
        try:
            if spec.notebook not in declared:
                paths = [spec.notebook, *fp.code_files(spec.notebook)]
                code_states[spec.notebook] = {**fp.file_states(paths), **shared_states}
                declared[spec.notebook] = read_parameters_cell(spec.notebook)
                code[spec.notebook] = {**fp.files_digest(paths[1:]), **render}
            parameters = validate_parameters(spec, declared[spec.notebook])
        except ReportError as exc:
            problems += exc.problems
            continue
        key = fp.fingerprint(notebook=spec.notebook, parameters=parameters, code=code[spec.notebook],
                             toolchain=toolchain, data=fp.data_digest(tables, spec.data_slice))
        out.append(Planned(spec, parameters, key, _reason(spec, key, reports_dir), code_states[spec.notebook],
                           data_states))
    if problems:
        raise ReportError(problems)
    return out


def _reason(spec: ReportSpec, key: str, reports_dir: Path) -> str | None:
    record = _read_record(sidecar_path(reports_dir, spec.name))
    if not spec.output.is_file():
        return "not built"
    if record is None:
        return "no record of its build"
    if not seal_holds(record):
        return "its record was edited by hand"
    if record.get("fingerprint") != key:
        return "inputs changed"
    if record.get("html_sha256") != sha256_file(spec.output):
        return "HTML differs from the one recorded"
    return None


NOT_PUBLISHED = "not published: "
CODE_CHANGED = "its notebook or code changed while the build ran"
DATA_CHANGED = "the processed data it reads changed while it ran"


def recheck(item: Planned, reports_dir: Path, processed_dir: Path, *, ran: bool) -> Planned | str:
    """The report as it must be recorded, or why it must not be published, from its input files now.

    Nothing changed: ``item`` as planned. Its notebook or code changed (a branch switched, a file edited): a
    reason, before or after it ran, since a kernel may have imported either version. Only the data changed
    (``make data`` in another shell): before it ran, the report planned again on the data it will now read; after
    it ran, a reason unless the data it reads is still what it was planned on.
    """
    if fp.changed_files(item.code_states):
        return CODE_CHANGED
    if not fp.changed_files(item.data_states):
        return item
    [fresh] = plan([item.spec], reports_dir, processed_dir)
    if not ran:
        return fresh
    return item if fresh.fingerprint == item.fingerprint else DATA_CHANGED


def remove_unlisted(specs: Sequence[ReportSpec], reports_dir: Path) -> tuple[list[str], list[str]]:
    """Delete the reports and records of this configuration's notebooks that it no longer produces (a project
    renamed or removed); returns (removed, kept). Reports whose record names a notebook this configuration does
    not build (a build run with a shorter ``--config``) are kept and listed: they are another configuration's."""
    keep_html = {s.output.resolve() for s in specs} | {(reports_dir / "index.html").resolve()}
    keep_json = {sidecar_path(reports_dir, s.name).resolve() for s in specs}
    notebooks = {s.notebook.name for s in specs}
    build_dir = reports_dir / "_build"
    removed: list[str] = []
    kept: list[str] = []
    foreign: set[Path] = set()
    for path in sorted(build_dir.rglob("*.json")) if build_dir.is_dir() else []:
        if build_dir / "adhoc" in path.parents or path.resolve() in keep_json:  # ad hoc reports are the analyst's
            continue
        record = _read_record(path)
        if record is not None and record.get("notebook") not in notebooks:
            foreign.add((reports_dir / str(record.get("output", ""))).resolve())
            kept.append(path.relative_to(build_dir).with_suffix(".html").as_posix())
            continue
        path.unlink()
        removed.append(path.relative_to(reports_dir).as_posix())
    for path in sorted(reports_dir.rglob("*.html")):
        if build_dir in path.parents or path.resolve() in keep_html | foreign:
            continue
        path.unlink()
        removed.append(path.relative_to(reports_dir).as_posix())
    for path in sorted((p for p in reports_dir.rglob("*") if p.is_dir()), reverse=True):
        if path != build_dir and not any(path.iterdir()):
            path.rmdir()
    return sorted(removed), kept


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
        if error is None:
            text = f"{head} built {name}"
        elif error.startswith(NOT_PUBLISHED):
            text = f"{head} NOT PUBLISHED {name}: {error.removeprefix(NOT_PUBLISHED)}"
        else:
            text = f"{head} FAILED {name}: {error}"
        print(text, file=self.stream, flush=True)


async def _build_all(todo: Sequence[Planned], *, reports_dir: Path, processed_dir: Path, version: str, jobs: int,
                     timeout: float, on_done: Callable[[str, str | None], None],
                     changed: dict[str, str] | None = None) -> dict[str, list[str]]:
    """Run the reports of ``todo``; failures by report. Reports whose inputs changed while they ran are left
    unpublished and named in ``changed``."""
    failures: dict[str, list[str]] = {}
    changed = {} if changed is None else changed
    if not todo:
        return failures
    # imported only when there is work: jupyter_client alone would double the time of a no-op build
    from analysis.publish.execute import execute, publish
    from analysis.publish.frame import sources_read_until
    from analysis.publish.kernels import KernelPool, shutdown

    cwd = todo[0].spec.notebook.parent
    sources_read = sources_read_until(processed_dir)
    env = {**os.environ, "ANALYSIS_PROCESSED_DIR": str(processed_dir.resolve())}  # what the notebooks read
    pool = KernelPool(jobs, cwd, _warm_code([p.spec for p in todo]), socket_root=_socket_root(reports_dir), env=env)
    queue: asyncio.Queue[Planned] = asyncio.Queue()
    for item in todo:
        queue.put_nowait(item)
    pool.fill(len(todo))

    interrupted = False
    published = 0

    async def worker() -> None:
        nonlocal published
        while not queue.empty() and not interrupted:
            item = queue.get_nowait()
            spec = item.spec
            try:
                km = await pool.take()
                checked = recheck(item, reports_dir, processed_dir, ran=False)
                if isinstance(checked, str):
                    await shutdown(km)
                    changed[spec.name] = checked
                    on_done(spec.name, NOT_PUBLISHED + checked)
                    continue
                item = checked
                nb = await execute(spec, item.parameters, km, timeout=timeout, build_dir=reports_dir / "_build")
                fault_point("build:executed")  # tests change the inputs here: after the notebook ran, before publishing
                checked = recheck(item, reports_dir, processed_dir, ran=True)
                if isinstance(checked, str):
                    changed[spec.name] = checked
                    on_done(spec.name, NOT_PUBLISHED + checked)
                    continue
                record = {"name": spec.name, "parameters": item.parameters, "notebook": spec.notebook.name,
                          "output": f"{spec.name}.html", "group": spec.group, "generated_at": generated_at(),
                          "data_version": version, "sources_read": sources_read, "fingerprint": item.fingerprint}
                publish(spec, nb, record, reports_dir)
                published += 1
                on_done(spec.name, None)
            except ReportError as exc:
                if interrupted:  # a kernel stopped by the interrupt is no failure of the report
                    return
                failures[spec.name] = exc.problems
                on_done(spec.name, exc.problems[0])
            except Exception as exc:  # a kernel that would not start, a template error: name the report
                if interrupted:
                    return
                failures[spec.name] = [f'report "{spec.name}": {type(exc).__name__}: {exc}']
                on_done(spec.name, failures[spec.name][0])

    tasks = [asyncio.ensure_future(worker()) for _ in range(max(1, jobs))]

    def on_interrupt() -> None:
        # Ctrl-C: stop every report now; nbclient turns a cancelled run into DeadKernelError, so the flag, not the
        # exception, says what happened
        nonlocal interrupted
        interrupted = True
        for task in tasks:
            task.cancel()

    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGINT, on_interrupt)
    try:
        await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        loop.remove_signal_handler(signal.SIGINT)
        await pool.close()
    if interrupted:
        raise BuildInterrupted(published, len(todo) - published - len(changed) - len(failures))
    return failures


class BuildInterrupted(KeyboardInterrupt):
    """Ctrl-C during a build: how many reports it published, and how many it left stale (kept as they were;
    None: interrupted while planning, before it knew)."""

    def __init__(self, built: int, stale: int | None):
        left = "the stale reports left as they were" if stale is None else f"{stale} left stale"
        super().__init__(f"interrupted: {built} built, {left}; the next build completes them")
        self.built, self.stale = built, stale


def _restamp(planned: Sequence[Planned], reports_dir: Path, version: str) -> None:
    """Records of current reports name the raw-data version they were just checked against."""
    for item in planned:
        path = sidecar_path(reports_dir, item.spec.name)
        record = _read_record(path)
        if record is not None and record.get("data_version") != version:
            atomic_write(path, dumps(sealed({**record, "data_version": version})))


@contextlib.contextmanager
def _interrupt_counts() -> Iterator[None]:
    """Ctrl-C outside the running of reports (planning, the index) as :class:`BuildInterrupted`: what was not yet
    built stays stale (the next build removes what an interrupted write left)."""
    try:
        yield
    except BuildInterrupted:
        raise
    except KeyboardInterrupt:
        raise BuildInterrupted(0, None) from None


def build(specs: Sequence[ReportSpec], *, reports_dir: Path, processed_dir: Path, raw_dir: Path | None = None,
          jobs: int = 2, timeout: float = 600, force: bool = False, progress: bool = True) -> BuildResult:
    """Bring every report of ``specs`` and the index up to date (see the module docstring)."""
    from analysis.publish.index import write_index

    started = time.monotonic()
    result = BuildResult()
    source_date_epoch()  # a bad value would crash every kernel: stop before one starts
    with build_lock(reports_dir), _interrupt_counts():
        remove_leftovers(reports_dir)
        planned = plan(specs, reports_dir, processed_dir)
        fault_point("build:planned")  # tests change the inputs here: after the plan, before any report ran
        result.removed, result.kept = remove_unlisted(specs, reports_dir)
        version = data_version(raw_dir)
        todo = [p for p in planned if force or p.reason is not None]
        current = [p for p in planned if p not in todo]
        result.current = [p.spec.name for p in current]
        _restamp(current, reports_dir, version)
        report: Callable[[str, str | None], None] = Progress(len(todo)) if progress else _quiet
        failures = asyncio.run(_build_all(todo, reports_dir=reports_dir, processed_dir=processed_dir,
                                          version=version, jobs=jobs, timeout=timeout, on_done=report,
                                          changed=result.changed))
        result.failed = failures
        result.built = [p.spec.name for p in todo if p.spec.name not in failures | result.changed]
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
    changed: dict[str, str] = {}
    source_date_epoch()  # a bad value would crash every kernel: stop before one starts
    with build_lock(reports_dir):
        [item] = plan([spec], reports_dir, processed_dir)
        failures = asyncio.run(_build_all([item], reports_dir=reports_dir, processed_dir=processed_dir,
                                          version=data_version(raw_dir), jobs=1,
                                          timeout=timeout, on_done=_quiet, changed=changed))
        remove_leftovers(reports_dir)
    if failures:
        raise ReportError(failures[spec.name])
    if changed:
        raise ReportError(f'report "{spec.name}" was not published: {changed[spec.name]}; run it again')
    record = _read_record(sidecar_path(reports_dir, spec.name))
    assert record is not None
    return record


def default_jobs() -> int:
    """Reports built at once: the machine's cores (each report runs in its own kernel process)."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
