"""What a report depends on, as one hash: a report is rebuilt exactly when its fingerprint changes.

A report's fingerprint covers
- its notebook (bytes) and its parameters (after coercion);
- the code it runs: the modules of ``analysis`` its notebook imports, followed through their own imports, plus the
  build's rendering code and HTML template (editing a benchmark or the pipeline rebuilds no report);
- the toolchain: ``requirements.lock`` and the Python version (a new pandas or matplotlib may draw differently);
- the data it reads: every processed table whole, or — for a report made ``for_each`` project — only the rows
  of that project, its parent and its children in the tables keyed by project (``project_id``, or ``subject`` in
  checks.csv), the small tables without a project key (programmes, rules, CPI) whole, and of ``sources.csv`` only
  the documents those rows name (``source_id``, ``source_ids``).
Fixing one figure of a project therefore rebuilds that project's profiles and the reports that read every table
(overview, comparisons), not all of them; adding a document rebuilds the profiles of its projects (and of those
whose place among their peers it changes, which their own rows carry) and the reports that read every table. A
test checks that a profile really reads nothing else (``tests/test_build_incremental.py``). Only the standard
library is used here: a no-op build stays fast.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.paths import COLOPHON_FILE, LOCK_FILE, shown
from analysis.publish.config import NO_DATA

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # src/analysis
PROJECT_KEYS = ("project_id", "subject")  # the column that names the project a row belongs to
SOURCES_TABLE = "sources.csv"  # one row per document: a profile reads only the documents its rows name
SOURCE_COLUMNS = ("source_id", "source_ids")  # columns naming documents (source_ids: joined by " | ")
# The build's own code that shapes the HTML (the rest of the driver only decides what to build).
RENDER_CODE = ("publish/render.py", "publish/execute.py", "publish/frame.py")
TEMPLATE_DIR = PACKAGE_DIR / "publish" / "templates"

_MAGIC_RE = re.compile(r"^\s*[%!]")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _module_file(module: str) -> Path | None:
    """The source file of an ``analysis`` module or package, or None if it is not one."""
    parts = module.split(".")
    if parts[0] != "analysis":
        return None
    base = PACKAGE_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


_IMPORT_RE = re.compile(r"^[ \t]*import[ \t]+([\w.][\w., \t]*)", re.MULTILINE)
_FROM_RE = re.compile(r"^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.MULTILINE)


def _names(text: str) -> list[str]:
    """``a as b, c  # note`` -> ["a", "c"]."""
    text = re.sub(r"#[^\n]*", "", text).strip("() \t\n")
    return [part.split()[0] for part in text.replace("\n", " ").split(",") if part.split()]


def _imported_modules(source: str) -> set[str]:
    """Modules named by the import statements of ``source`` (``from a import b`` gives a and a.b).

    A regular expression instead of a parse keeps a no-op build fast; a match inside a string can only add a
    dependency, never lose one. Relative imports are not used in this package.
    """
    found: set[str] = set()
    for match in _IMPORT_RE.finditer(source):
        found.update(_names(match.group(1)))
    for match in _FROM_RE.finditer(source):
        module = match.group(1)
        found.add(module)
        found.update(f"{module}.{name}" for name in _names(match.group(2)) if name != "*")
    return found


def notebook_code(notebook: Path) -> str:
    """The Python of a notebook's code cells, IPython magics and shell lines left out."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    lines: list[str] = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        lines += [line for line in source.splitlines() if not _MAGIC_RE.match(line)]
        lines.append("")
    return "\n".join(lines)


def notebook_imports(notebook: Path) -> set[str]:
    """Every module the notebook imports (outside ``analysis`` too): what a warm kernel can load in advance."""
    return _imported_modules(notebook_code(notebook))


def code_files(notebook: Path) -> list[Path]:
    """Source files of the ``analysis`` modules ``notebook`` runs: its imports, followed transitively, with the
    ``__init__`` of every package on the way."""
    todo = [m for m in notebook_imports(notebook) if m.split(".")[0] == "analysis"]
    seen: set[Path] = set()
    while todo:
        module = todo.pop()
        parts = module.split(".")
        for depth in range(1, len(parts) + 1):  # importing a.b.c runs a/__init__ and a/b/__init__ first
            path = _module_file(".".join(parts[:depth]))
            if path is None or path in seen:
                continue
            seen.add(path)
            todo += [m for m in _imported_modules(path.read_text(encoding="utf-8"))
                     if m.split(".")[0] == "analysis"]
    return sorted(seen)


def render_files() -> list[Path]:
    """The build's rendering code and every file of its HTML template."""
    files = [PACKAGE_DIR / rel for rel in RENDER_CODE]
    files += sorted(p for p in TEMPLATE_DIR.rglob("*") if p.is_file())
    return files + [COLOPHON_FILE]




FileState = tuple[int, int, int, int, int] | None
"""(device, inode, size, mtime, ctime) of a file, None where it is missing: a file rewritten, replaced (a branch
switched, ``make data`` run) or copied over with its old date (``cp -p`` cannot keep the ctime) has another state."""


def file_states(paths: Iterable[Path]) -> dict[Path, FileState]:
    """The state of each file now (:data:`FileState`): taken before a file is read, so any later change shows."""
    out: dict[Path, FileState] = {}
    for path in paths:
        try:
            st = path.stat()
        except FileNotFoundError:
            out[path] = None
            continue
        out[path] = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    return out


def changed_files(states: Mapping[Path, FileState]) -> list[Path]:
    """The files whose state is no longer the one recorded."""
    now = file_states(states)
    return [path for path, state in states.items() if now[path] != state]


def files_digest(paths: Iterable[Path]) -> dict[str, str]:
    """``{path relative to the repository: sha256}``."""
    return {shown(p): _sha(p.read_bytes()) for p in paths}


def toolchain_digest() -> dict[str, str]:
    """The pinned packages and the interpreter the reports are built with."""
    lock = _sha(LOCK_FILE.read_bytes()) if LOCK_FILE.is_file() else "no requirements.lock"
    return {"requirements.lock": lock, "python": sys.version.split()[0]}


@dataclass(frozen=True)
class Table:
    """A processed table read as text: its header, and its rows grouped by the project they belong to."""

    header: tuple[str, ...]
    key: str | None  # the project column, None for tables without one
    rows: dict[str, list[tuple[str, ...]]]  # project -> rows ("" for all rows of a table without a key)
    digest: str  # sha256 of the whole file


def read_tables(processed_dir: Path) -> dict[str, Table]:
    """Every ``*.csv`` of ``processed_dir`` as text, rows grouped by project (one pass per table)."""
    tables: dict[str, Table] = {}
    for path in sorted(processed_dir.glob("*.csv")):
        data = path.read_bytes()
        reader = csv.reader(data.decode("utf-8").splitlines())
        header = tuple(next(reader, ()))
        key = next((k for k in PROJECT_KEYS if k in header), None)
        at = header.index(key) if key else None
        rows: dict[str, list[tuple[str, ...]]] = {}
        for row in reader:
            rows.setdefault(row[at] if at is not None and at < len(row) else "", []).append(tuple(row))
        tables[path.name] = Table(header, key, rows, _sha(data))
    return tables


def related_projects(tables: Mapping[str, Table], project_id: str) -> list[str]:
    """The project, its parent phase group or portfolio, and its own phases or members."""
    projects = tables.get("projects.csv")
    if projects is None:
        return [project_id]
    header = projects.header
    parents = [c for c in ("group_id", "portfolio_id") if c in header]
    related = {project_id}
    for row in projects.rows.get(project_id, []):
        related.update(row[header.index(c)] for c in parents if row[header.index(c)])
    for pid, rows in projects.rows.items():
        if any(row[header.index(c)] == project_id for row in rows for c in parents):
            related.add(pid)
    return sorted(related)


def data_digest(tables: Mapping[str, Table], data_slice: tuple[str, str] | None) -> str:
    """Hash of the processed data a report reads: all of it, or one project's slice."""
    digest = hashlib.sha256()
    if data_slice == NO_DATA:  # a report that reads no table (the glossary)
        return digest.hexdigest()
    if data_slice is None:
        for name, table in tables.items():
            digest.update(f"{name}\0{table.digest}\0".encode())
        return digest.hexdigest()
    column, value = data_slice
    if column != "project_id":
        raise ValueError(f"reports made for_each {column} have no data slice rule (only project_id)")
    related = related_projects(tables, value)
    sliced = {name: [row for pid in related for row in table.rows.get(pid, [])] if table.key else None
              for name, table in tables.items() if name != SOURCES_TABLE}
    for name, table in tables.items():
        digest.update(f"{name}\0{','.join(table.header)}\0".encode())
        if name == SOURCES_TABLE:
            rows = _named_sources(table, tables, sliced)
        elif table.key is None:
            digest.update(table.digest.encode())
            continue
        else:
            rows = sliced[name] or []
        for row in rows:
            digest.update("\x1f".join(row).encode() + b"\x1e")
    return digest.hexdigest()


def _named_sources(sources: Table, tables: Mapping[str, Table],
                   sliced: Mapping[str, list[tuple[str, ...]] | None]) -> list[tuple[str, ...]]:
    """The rows of ``sources.csv`` that the slice's rows name (every row of a table without a project key)."""
    named: set[str] = set()
    for name, rows in sliced.items():
        table = tables[name]
        for col in (c for c in SOURCE_COLUMNS if c in table.header):
            at = table.header.index(col)
            for row in (rows if rows is not None else [r for group in table.rows.values() for r in group]):
                if at < len(row):
                    named.update(part.strip() for part in row[at].split(" | ") if part.strip())
    every = [row for group in sources.rows.values() for row in group]
    if "source_id" not in sources.header:  # a sources table without ids cannot be sliced: all of it
        return every
    id_at = sources.header.index("source_id")
    return [row for row in every if id_at < len(row) and row[id_at] in named]


def fingerprint(*, notebook: Path, parameters: Mapping[str, Any], code: Mapping[str, str],
                toolchain: Mapping[str, str], data: str) -> str:
    """One hash of everything a report's HTML depends on (see the module's docstring)."""
    payload = {
        "notebook": _sha(notebook.read_bytes()),
        "parameters": parameters,
        "code": dict(sorted(code.items())),
        "toolchain": dict(toolchain),
        "data": data,
    }
    return _sha(json.dumps(payload, sort_keys=True, default=str).encode())
