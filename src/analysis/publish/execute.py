"""Build one report: inject its parameters, execute the notebook in a fresh kernel, check, render, write.

:func:`build_report` is the unit of work of the build (:mod:`analysis.publish.driver`): it takes a kernel that has
run nothing but imports, executes the notebook in it, shuts it down, rejects outputs with errors or warnings, and
writes the HTML and then its record (``reports/_build/<name>.json``), each atomically. The record names the HTML's
sha256 and the report's input fingerprint, so a later build can tell a complete, current report from one that is
stale or half-written. A failure raises :class:`ReportError` naming the notebook and cell, keeps the previous HTML,
and keeps the executed notebook at ``reports/_build/<name>.failed.ipynb`` for the analyst.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from analysis.core.faults import fault_point
from analysis.publish import render
from analysis.publish.config import ReportError, ReportSpec, read_notebook, tags
from analysis.publish.frame import frame, load_colophon
from analysis.publish.kernels import KERNEL_NAME, AsyncKernelManager, shutdown
from analysis.publish.outputs import atomic_write, dumps, sealed, sidecar_path


def _literal(value: Any) -> str:
    """Python source for a parameter value (dates as real dates, the rest as their repr)."""
    if isinstance(value, datetime):
        return f"__import__('datetime').datetime.fromisoformat({value.isoformat()!r})"
    if isinstance(value, date):
        return f"__import__('datetime').date({value.year}, {value.month}, {value.day})"
    return repr(value)


def inject_parameters(nb: Any, parameters: Mapping[str, Any]) -> Any:
    """``nb`` with a cell tagged ``injected-parameters`` after the cell tagged ``parameters`` (as papermill does)."""
    import nbformat

    source = "# Parameters\n" + "".join(f"{name} = {_literal(value)}\n" for name, value in parameters.items())
    cell = nbformat.v4.new_code_cell(source=source)
    cell.metadata["tags"] = ["injected-parameters"]
    cells = [c for c in nb.cells if "injected-parameters" not in tags(c)]
    at = next((i + 1 for i, c in enumerate(cells) if "parameters" in tags(c)), 0)
    nb.cells = cells[:at] + [cell] + cells[at:]
    return nb


def _failed_cell(nb: Any) -> str:
    """Describe the first executed cell holding an error output."""
    for number, cell in render.source_cells(nb):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return render.describe_cell(number, cell)
    return "a cell"


@functools.cache
def _client_class() -> type:
    """nbclient's NotebookClient without its own SIGINT and SIGTERM handlers.

    nbclient installs them for every notebook it runs, replacing the build's: on Ctrl-C it then shut this report's
    kernel down, the report "failed" with DeadKernelError, and the build carried on with the next one. The build
    handles Ctrl-C itself (:func:`analysis.publish.driver._build_all`: every report stopped, one line, exit 130).
    The kernel here is always started by the build's pool, so set-up is only the client and clean-up only its
    channels (the caller shuts the kernel down).
    """
    from contextlib import asynccontextmanager

    from nbclient import NotebookClient
    from nbclient.util import run_hook

    class BuildClient(NotebookClient):
        @asynccontextmanager
        async def async_setup_kernel(self, **kwargs: Any):
            cleanup_kc = kwargs.pop("cleanup_kc", self.owns_km)
            if self.km is None:
                self.km = self.create_kernel_manager()
            if not self.km.has_kernel:
                await self.async_start_new_kernel(**kwargs)
            if self.kc is None:
                await self.async_start_new_kernel_client()
            try:
                yield
            except RuntimeError:
                await run_hook(self.on_notebook_error, notebook=self.nb)
                raise
            finally:
                if cleanup_kc:
                    await self._async_cleanup_kernel()
                await run_hook(self.on_notebook_complete, notebook=self.nb)

    return BuildClient


async def execute(spec: ReportSpec, parameters: Mapping[str, Any], km: AsyncKernelManager, *,
                  timeout: float, build_dir: Path) -> Any:
    """Execute the notebook of ``spec`` in the started kernel ``km``; return the executed notebook.

    The kernel is shut down afterwards whatever happens: it served this report only.
    """
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    where = f'{spec.notebook.name} (report "{spec.name}")'
    nb = inject_parameters(read_notebook(spec.notebook), parameters)
    client = _client_class()(nb, km=km, kernel_name=KERNEL_NAME, timeout=timeout, allow_errors=False,
                            record_timing=False, resources={"metadata": {"path": str(spec.notebook.parent)}})
    failed = build_dir / f"{spec.name}.failed.ipynb"
    try:
        await client.async_execute()
    except CellExecutionError as exc:
        _keep_failed(nb, failed)
        ename = getattr(exc, "ename", type(exc).__name__)
        evalue = getattr(exc, "evalue", str(exc))
        raise ReportError(f"{where}: {_failed_cell(nb)} failed: {ename}: {evalue}; executed notebook kept at "
                          f"{failed}") from None
    except CellTimeoutError:
        _keep_failed(nb, failed)
        raise ReportError(f"{where}: a cell ran longer than {timeout:g} s and was stopped (a longer limit: "
                          f"`make reports TIMEOUT=<seconds>`); executed notebook kept at {failed}") from None
    except DeadKernelError:
        _keep_failed(nb, failed)
        raise ReportError(f"{where}: the kernel running it died during {_running_cell(nb)} (killed: out of memory, "
                          "or by another process; a memory limit such as `ulimit -v` or a container's ends it this "
                          f"way); executed notebook kept at {failed}") from None
    except (TimeoutError, RuntimeError) as exc:
        _keep_failed(nb, failed)
        raise ReportError(f"{where}: execution failed: {type(exc).__name__}: {exc}") from None
    finally:
        if client.kc is not None:
            client.kc.stop_channels()
        await shutdown(km)
    problems = render.output_problems(nb, where)
    if problems:
        _keep_failed(nb, failed)
        raise ReportError(problems)
    failed.unlink(missing_ok=True)
    return nb


def _running_cell(nb: Any) -> str:
    """The cell a dead kernel was running: the last code cell it had started (numbered when it starts)."""
    started = [(number, cell) for number, cell in render.source_cells(nb)
               if cell.get("cell_type") == "code" and cell.get("execution_count") is not None]
    return render.describe_cell(*started[-1]) if started else "its start"


def _keep_failed(nb: Any, path: Path) -> None:
    import nbformat

    with contextlib.suppress(ReportError):  # keeping it is a courtesy; the error itself is what must be reported
        atomic_write(path, nbformat.writes(nb))


def publish(spec: ReportSpec, nb: Any, record: dict[str, Any], reports_dir: Path) -> dict[str, Any]:
    """Render the executed notebook, write the HTML and then its record; return the record written."""
    title = render.first_heading(nb) or spec.name
    summary = render.take_summary(nb, spec.name)
    render.normalise(nb)
    page = render.export_html(nb, title, spec.language)
    body = frame(page, name=spec.name, title=title, language=spec.language, record=record,
                 colophon=load_colophon()).encode("utf-8")
    atomic_write(spec.output, body)
    fault_point("build:after-html")  # tests kill the build here: HTML new, record old or missing
    record = {**record, "title": title, "html_sha256": hashlib.sha256(body).hexdigest()}
    if summary is not None:
        record["summary"] = summary
    record = sealed(record)
    atomic_write(sidecar_path(reports_dir, spec.name), dumps(record))
    fault_point("build:after-record")
    return record
