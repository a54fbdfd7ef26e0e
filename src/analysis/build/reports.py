"""Turn parameterised notebooks into HTML reports for management.

``notebooks/reports.yml`` is the single list of reports. Each entry names an output (a path under ``reports/``
without ``.html``), a notebook and its parameters; ``for_each: project_id`` makes one report per row of
``data/processed/projects.csv`` and passes the row's ``project_id`` to the notebook as a parameter.

A report is built in four steps (:func:`run`):

1. the parameters of the entry are checked against the notebook's cell tagged ``parameters`` and coerced to the
   annotated types (:func:`read_parameters_cell`, :func:`validate_parameters`);
2. papermill executes the notebook into a temporary notebook under ``reports/_build/``;
3. the executed notebook is rejected if any cell wrote to stderr or printed a warning (management reports must not
   contain warnings);
4. nbconvert renders it without code, prompts or parameter cells, and the HTML replaces the previous one atomically.
   A failed build never touches the last good HTML.

Two builds of the same inputs give byte-identical HTML: cell ids are renumbered and papermill's timings dropped.
Beside each report, ``reports/_build/<name>.json`` records its title, parameters, notebook, generation time (honouring
``SOURCE_DATE_EPOCH``) and the version of ``data/raw`` it was built from; :func:`write_index` lists them in
``reports/index.html``. :func:`makefile` writes make rules so that ``make`` rebuilds only what changed.

Command line: ``python -m analysis.build.reports {list,makefile,run,index}``; see ``--help``.
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import html
import json
import math
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import quote

__all__ = [
    "DEFAULT_TIMEOUT",
    "ReportError",
    "ReportSpec",
    "data_version",
    "expand",
    "generated_at",
    "load_config",
    "main",
    "makefile",
    "read_parameters_cell",
    "run",
    "validate_parameters",
    "write_index",
]

DEFAULT_TIMEOUT = 600  # seconds a single cell may run
KERNEL_NAME = "python3"
REMOVED_TAGS = frozenset({"injected-parameters", "parameters", "remove_cell"})
LANGUAGE_NAMES = {"en": "English", "pl": "Polski"}

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)*$")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MAKE_UNSAFE_RE = re.compile(r"[\s:$#%*?\[\]\\;|&=\"'`]")
_IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


# --- errors and paths ---------------------------------------------------------------------------------------------


class ReportError(Exception):
    """A report cannot be listed, built or indexed. ``str()`` gives one problem per line."""

    def __init__(self, problems: str | Iterable[str]):
        if isinstance(problems, str):
            problems = [problems]
        # one line per problem: multi-line messages from notebooks are folded
        self.problems: list[str] = [" ".join(str(p).split()) for p in problems]
        super().__init__("\n".join(self.problems))


def _project_root() -> Path:
    """The directory holding ``pyproject.toml`` above ``src/analysis``; the working directory otherwise."""
    from analysis.paths import ROOT

    if (ROOT / "pyproject.toml").is_file() and (ROOT / "src" / "analysis").is_dir():
        return ROOT
    return Path.cwd()


def _default(path: str | os.PathLike | None, relative: str) -> Path:
    return Path(path) if path is not None else _project_root() / relative


# --- configuration ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportSpec:
    """One report: an HTML file made from one notebook with one set of parameters."""

    name: str  # output path under reports/ without .html, e.g. "pl/projects/knurow-cwis"
    notebook: Path
    parameters: dict[str, Any] = field(default_factory=dict)
    output: Path = Path()  # reports/<name>.html
    group: str = ""  # heading in the index, e.g. "Overview" or "Project profiles"

    @property
    def language(self) -> str | None:
        lang = self.parameters.get("language")
        return lang if isinstance(lang, str) else None


def load_config(config: str | os.PathLike | None = None) -> list[dict[str, Any]]:
    """Read and check ``reports.yml``; return its list of report entries."""
    import yaml

    path = _default(config, "notebooks/reports.yml")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"{path}: cannot read report configuration: {exc.strerror or exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ReportError(f"{path}: not valid YAML: {exc}") from None
    return _check_config(data, path.name)


def _check_config(data: Any, where: str) -> list[dict[str, Any]]:
    if not isinstance(data, Mapping) or not isinstance(data.get("reports"), list):
        raise ReportError(f"{where}: expected a mapping with a list under 'reports'")
    problems: list[str] = []
    entries: list[dict[str, Any]] = []
    for i, entry in enumerate(data["reports"], start=1):
        at = f"{where}: report {i}"
        if not isinstance(entry, Mapping):
            problems.append(f"{at}: expected a mapping with name, notebook and parameters")
            continue
        at = f"{where}: report {entry.get('name', i)!s}"
        unknown = sorted(set(entry) - {"name", "notebook", "parameters", "for_each", "group"})
        if unknown:
            problems.append(f"{at}: unknown key(s) {', '.join(map(str, unknown))} "
                            "(allowed: name, notebook, parameters, for_each, group)")
        for key in ("name", "notebook"):
            if not isinstance(entry.get(key), str) or not entry.get(key):
                problems.append(f"{at}: '{key}' must be a non-empty string")
        params = entry.get("parameters") or {}
        if not isinstance(params, Mapping) or not all(isinstance(k, str) for k in params):
            problems.append(f"{at}: 'parameters' must be a mapping of names to values")
            params = {}
        for_each = entry.get("for_each")
        if for_each is not None and (not isinstance(for_each, str) or not _IDENT_RE.match(for_each)):
            problems.append(f"{at}: 'for_each' must be a column name such as project_id")
            for_each = None
        name = entry.get("name")
        if isinstance(name, str) and for_each and "{" + for_each + "}" not in name:
            problems.append(f"{at}: name must contain {{{for_each}}} since the report is made for_each {for_each}")
        if isinstance(name, str) and not for_each and "{" in name:
            problems.append(f"{at}: name has a placeholder but no for_each")
        if for_each and for_each in params:
            problems.append(f"{at}: parameter {for_each} is set by for_each and must not be given in parameters")
        entries.append({**entry, "parameters": dict(params), "for_each": for_each})
    if problems:
        raise ReportError(problems)
    return entries


def _read_column(projects_csv: Path, column: str) -> list[str]:
    try:
        with projects_csv.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames is None or column not in reader.fieldnames:
                raise ReportError(f"{projects_csv.name}: has no column '{column}' needed by for_each")
            rows = [(line, row.get(column)) for line, row in enumerate(reader, start=2)]
    except OSError as exc:
        raise ReportError(f"{projects_csv}: cannot read the table for for_each: {exc.strerror or exc}") from None
    problems: list[str] = []
    values: list[str] = []
    for line, value in rows:
        value = (value or "").strip()
        if not _SLUG_RE.match(value):
            problems.append(f"{projects_csv.name}:{line} column '{column}': found {value!r} — expected a slug "
                            "such as knurow-cwis (lower-case letters, digits and single hyphens)")
        elif value in values:
            problems.append(f"{projects_csv.name}:{line} column '{column}': found {value!r} — expected each value once")
        else:
            values.append(value)
    if problems:
        raise ReportError(problems)
    return values


def _default_group(entry: Mapping[str, Any]) -> str:
    label = Path(entry["notebook"]).stem.replace("_", " ").strip().capitalize() or entry["name"]
    return label + "s" if entry.get("for_each") and not label.endswith("s") else label


def expand(
    config: str | os.PathLike | Sequence[Mapping[str, Any]] | Mapping[str, Any] | None = None,
    projects_csv: str | os.PathLike | None = None,
    *,
    notebooks_dir: str | os.PathLike | None = None,
    reports_dir: str | os.PathLike | None = None,
) -> list[ReportSpec]:
    """List every report of ``config`` (a path to reports.yml, or its parsed content).

    ``for_each: <column>`` entries expand to one report per row of ``projects_csv``, with the row's value
    substituted into the name and passed as a parameter. Notebook paths are relative to ``notebooks_dir`` (default:
    the directory of the config file), outputs to ``reports_dir`` (default: ``reports/`` of the project).
    """
    if config is None or isinstance(config, (str, os.PathLike)):
        config_path = _default(config, "notebooks/reports.yml")
        entries = load_config(config_path)
        nb_dir = Path(notebooks_dir) if notebooks_dir is not None else config_path.parent
    else:
        entries = _check_config(config if isinstance(config, Mapping) else {"reports": list(config)}, "config")
        nb_dir = _default(notebooks_dir, "notebooks")
    rep_dir = _default(reports_dir, "reports")
    csv_path = _default(projects_csv, "data/processed/projects.csv")

    columns: dict[str, list[str]] = {}
    specs: list[ReportSpec] = []
    for entry in entries:
        notebook = nb_dir / entry["notebook"]
        group = str(entry.get("group") or _default_group(entry))
        column = entry["for_each"]
        if column:
            if column not in columns:
                columns[column] = _read_column(csv_path, column)
            rows = [(entry["name"].replace("{" + column + "}", v), {**entry["parameters"], column: v})
                    for v in columns[column]]
        else:
            rows = [(entry["name"], dict(entry["parameters"]))]
        for name, params in rows:
            specs.append(ReportSpec(name=name, notebook=notebook, parameters=params,
                                    output=rep_dir / f"{name}.html", group=group))

    problems: list[str] = []
    seen: set[str] = set()
    for spec in specs:
        if not _NAME_RE.match(spec.name) or ".." in spec.name.split("/"):
            problems.append(f'report "{spec.name}": name must be a relative path of letters, digits, ".", "_", "-"')
        elif spec.name == "index" or spec.name.split("/")[0].startswith("_"):
            problems.append(f'report "{spec.name}": name is reserved (index, _build)')
        if spec.name in seen:
            problems.append(f'report "{spec.name}": listed more than once')
        seen.add(spec.name)
    if problems:
        raise ReportError(problems)
    return specs


def _find(specs: Sequence[ReportSpec], name: str) -> ReportSpec:
    for spec in specs:
        if spec.name == name:
            return spec
    hint = ", ".join(s.name for s in specs[:8]) + (", …" if len(specs) > 8 else "")
    raise ReportError(f'no report named "{name}" (known: {hint})')


# --- parameters ---------------------------------------------------------------------------------------------------


def _read_notebook(path: Path):
    import nbformat

    try:
        return nbformat.read(str(path), as_version=4)
    except FileNotFoundError:
        raise ReportError(f"{path.name}: notebook not found at {path}") from None
    except Exception as exc:  # nbformat raises several kinds for unreadable files
        raise ReportError(f"{path.name}: cannot read notebook: {exc}") from None


def _tags(cell) -> list[str]:
    tags = cell.get("metadata", {}).get("tags", [])
    return list(tags) if isinstance(tags, list) else []


def read_parameters_cell(notebook_path: str | os.PathLike) -> dict[str, tuple[str | None, str]]:
    """Return ``{name: (annotation, default source)}`` of the notebook's single cell tagged ``parameters``.

    ``language: str = "en"  # comment`` gives ``{"language": ("str", '"en"')}``. An assignment without annotation
    gives ``None`` as annotation (its type is then inferred from a literal default).
    """
    path = Path(notebook_path)
    nb = _read_notebook(path)
    cells = [c for c in nb.cells if c.cell_type == "code" and "parameters" in _tags(c)]
    if not cells:
        raise ReportError(f'{path.name} has no cell tagged "parameters"')
    if len(cells) > 1:
        raise ReportError(f'{path.name} has {len(cells)} cells tagged "parameters"')
    source = cells[0].source
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ReportError(f'{path.name}: the cell tagged "parameters" is not valid Python '
                          f"(line {exc.lineno}: {exc.msg})") from None
    declared: dict[str, tuple[str | None, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            annotation = ast.get_source_segment(source, node.annotation) or ast.unparse(node.annotation)
            declared[node.target.id] = (annotation, ast.get_source_segment(source, node.value) or ast.unparse(node.value))
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            declared[node.targets[0].id] = (None, ast.get_source_segment(source, node.value) or ast.unparse(node.value))
    return declared


_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}
_INT_RE = re.compile(r"^[+-]?(?:0|[1-9][0-9]*)$")
_FLOAT_RE = re.compile(r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_OPTIONAL_RE = re.compile(r"^(?:typing\.)?Optional\[(.+)\]$|^(.+?)\s*\|\s*None$|^None\s*\|\s*(.+)$")


def _kind(annotation: str | None, default_source: str) -> tuple[str | None, bool]:
    """The coercion kind (int, float, str, bool, date or None for "leave as is") and whether None is allowed."""
    optional = False
    if annotation is not None:
        ann = annotation.strip().strip("'\"").strip()
        m = _OPTIONAL_RE.match(ann)
        if m:
            optional, ann = True, next(g for g in m.groups() if g).strip()
        if ann in {"int", "float", "str", "bool"}:
            return ann, optional
        if ann in {"date", "datetime.date", "dt.date"}:
            return "date", optional
        return None, optional
    try:
        default = ast.literal_eval(default_source)
    except (ValueError, SyntaxError):
        return None, False
    if default is None:
        return None, True
    for kind, typ in (("bool", bool), ("int", int), ("float", float), ("str", str)):
        if isinstance(default, typ):
            return kind, False
    return None, False


def _coerce(kind: str, value: Any) -> Any:
    """Coerce ``value`` to ``kind`` or raise ValueError saying what was expected."""
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise ValueError("expected true or false")
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and _INT_RE.match(value.strip()):
            return int(value.strip())
        raise ValueError("expected a whole number without leading zeros")
    if kind == "float":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if math.isfinite(value):
                return float(value)
            raise ValueError("expected a finite number")
        if isinstance(value, str) and _FLOAT_RE.match(value.strip()):
            return float(value.strip())
        raise ValueError("expected a number")
    if kind == "str":
        if isinstance(value, str):
            return value
        raise ValueError("expected text (quote the value in YAML: yes/no/on/off, numbers and dates are not text)")
    if kind == "date":
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str) and _DATE_RE.match(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


def validate_parameters(spec: ReportSpec, declared: Mapping[str, tuple[str | None, str]]) -> dict[str, Any]:
    """Check ``spec.parameters`` against the notebook's declared parameters; return them coerced to their types.

    Unknown names and values that do not fit the annotation are reported together in one :class:`ReportError`.
    """
    nb = spec.notebook.name
    problems: list[str] = []
    allowed = ", ".join(declared) or "none"
    coerced: dict[str, Any] = {}
    for key, value in spec.parameters.items():
        if key not in declared:
            problems.append(f'report "{spec.name}": notebook {nb} has no parameter "{key}" (allowed: {allowed})')
            continue
        annotation, default_source = declared[key]
        kind, optional = _kind(annotation, default_source)
        if value is None and optional:
            coerced[key] = None
            continue
        if kind is None:
            coerced[key] = value
            continue
        try:
            coerced[key] = _coerce(kind, value)
        except ValueError as exc:
            problems.append(f'report "{spec.name}": parameter "{key}" of {nb} is annotated {annotation or kind}: '
                            f"found {value!r} — {exc}")
    if problems:
        raise ReportError(problems)
    return coerced


# --- running ------------------------------------------------------------------------------------------------------


def generated_at() -> str:
    """Now in UTC as ``YYYY-MM-DDTHH:MM:SSZ``, or the time given by ``SOURCE_DATE_EPOCH``."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise ReportError(f"SOURCE_DATE_EPOCH: found {epoch!r} — expected whole seconds since 1970-01-01")
        when = datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    else:
        when = datetime.now(tz=timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def data_version(raw_dir: str | os.PathLike | None = None) -> str:
    """First 12 hex digits of a sha256 over the sorted relative paths and contents of every file in ``raw_dir``."""
    root = _default(raw_dir, "data/raw")
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


class _DateParameter(str):
    """A date parameter: its ISO text for papermill's JSON metadata, a real date in the injected cell."""

    def __new__(cls, value: date):
        obj = super().__new__(cls, value.isoformat())
        obj.value = value
        return obj

    def __reduce__(self):
        return (_DateParameter, (self.value,))


def _for_papermill(parameters: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _DateParameter(v) if isinstance(v, date) else v for k, v in parameters.items()}


def _translator():
    """A papermill translator that passes dates as dates (papermill would pass their str())."""
    from papermill.translators import PythonTranslator

    class DatePythonTranslator(PythonTranslator):
        @classmethod
        def translate(cls, val):
            if isinstance(val, _DateParameter):
                val = val.value
            if isinstance(val, datetime):
                return f"__import__('datetime').datetime.fromisoformat({val.isoformat()!r})"
            if isinstance(val, date):
                return f"__import__('datetime').date({val.year}, {val.month}, {val.day})"
            return super().translate(val)

    return DatePythonTranslator


def _register_translator() -> None:
    from papermill.translators import papermill_translators

    current = papermill_translators._translators.get(KERNEL_NAME)
    if current is None or current.__name__ != "DatePythonTranslator":
        papermill_translators.register(KERNEL_NAME, _translator())


def _source_cells(nb) -> list[tuple[int, Any]]:
    """``(1-based number in the source notebook, cell)`` for the cells papermill executed.

    Papermill's injected cell is numbered 0; the error cells papermill adds after a failure are left out, so the list
    index matches ``PapermillExecutionError.cell_index``.
    """
    numbered, n = [], 0
    for cell in nb.cells:
        if "papermill-error-cell-tag" in _tags(cell):
            continue
        if "injected-parameters" in _tags(cell):
            numbered.append((0, cell))
        else:
            n += 1
            numbered.append((n, cell))
    return numbered


def _describe_cell(number: int, cell) -> str:
    if number == 0:
        return "the injected parameters cell"
    count = cell.get("execution_count")
    first = next((line.strip() for line in cell.get("source", "").splitlines() if line.strip()), "")
    if len(first) > 60:
        first = first[:57] + "..."
    return f"cell {number}" + (f" [In {count}]" if count else "") + (f" ({first})" if first else "")


_WARNING_RE = re.compile(r"\b[A-Z]\w*Warning: |^\s*(?:WARNING|Warning)\b[:\s]", re.MULTILINE)


def _output_problems(nb, where: str) -> list[str]:
    """Cells of an executed notebook that wrote to stderr, printed a warning or hold an error."""
    problems: list[str] = []
    for number, cell in _source_cells(nb):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            text = ""
            if kind == "stream":
                text = output.get("text", "")
                if output.get("name") == "stderr":
                    what = "wrote to stderr"
                elif _WARNING_RE.search(text):
                    what = "printed a warning"
                else:
                    continue
            elif kind in ("display_data", "execute_result"):
                data = output.get("data", {})
                if "application/vnd.jupyter.stderr" not in data:
                    continue
                what, text = "displayed stderr output", data["application/vnd.jupyter.stderr"]
            elif kind == "error":
                what, text = "raised an error", f"{output.get('ename')}: {output.get('evalue')}"
            else:
                continue
            if isinstance(text, list):
                text = "".join(text)
            first = next((line.strip() for line in str(text).splitlines() if line.strip()), "")
            problems.append(f"{where}: {_describe_cell(number, cell)} {what}: {first[:200]}"
                            " — management reports must not contain warnings or errors")
    return problems


def _first_heading(nb) -> str | None:
    """Text of the first level-1 Markdown heading in markdown cells or ``text/markdown`` outputs."""

    def heading(text: str) -> str | None:
        fenced = False
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
                continue
            if fenced:
                continue
            m = re.match(r"^ {0,3}#(?!#)\s+(.*?)(?:\s+#+)?\s*$", line)
            if m and m.group(1).strip():
                return m.group(1).strip()
            if (line.strip() and i + 1 < len(lines) and re.match(r"^ {0,3}=+\s*$", lines[i + 1])
                    and not line.startswith("    ")):
                return line.strip()
        return None

    for cell in nb.cells:
        if REMOVED_TAGS & set(_tags(cell)):
            continue
        texts: list[str] = []
        if cell.cell_type == "markdown":
            texts.append(cell.source)
        for output in cell.get("outputs", []):
            md = output.get("data", {}).get("text/markdown")
            if md:
                texts.append("".join(md) if isinstance(md, list) else md)
        for text in texts:
            found = heading(text)
            if found:
                return _plain(found)
    return None


def _plain(markdown: str) -> str:
    """Heading text as a reader sees it: Markdown escapes and HTML entities undone (the notebooks escape data
    text before it goes into Markdown; the index escapes it again for HTML)."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown))


from analysis.build.kernels import IPCKernelManager  # noqa: E402  (kernels on Unix sockets: no port races)

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"  # "report": lab without CDN scripts


def _normalise(nb) -> None:
    """Make the executed notebook depend only on its inputs: fixed cell ids, no papermill timings."""
    nb.metadata.pop("papermill", None)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                output.get("metadata", {}).pop("execution", None)


def _export_html(nb, title: str, language: str | None) -> str:
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name="report", extra_template_basedirs=[str(TEMPLATES_DIR)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=set(REMOVED_TAGS), enabled=True),
                                   enabled=True)
    if language:
        exporter.language_code = language
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def _atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` unless ``path`` already holds it (so its mtime stays put for make). True if written."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    _atomic_write(path, text)
    return True


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return value.as_posix()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _dumps(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=_json_default) + "\n"


def _sidecar_path(reports_dir: Path, name: str) -> Path:
    return reports_dir / "_build" / f"{name}.json"


def run(
    spec: ReportSpec,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    reports_dir: str | os.PathLike | None = None,
    raw_dir: str | os.PathLike | None = None,
    start_timeout: float = 60,
) -> dict[str, Any]:
    """Build one report: execute, check, render and atomically replace ``spec.output``; return its sidecar record.

    Any failure raises :class:`ReportError` and leaves the previous HTML as it was. ``reports_dir`` (default
    ``reports/``) holds ``_build/``; ``raw_dir`` (default ``data/raw``) is hashed into the data version.
    """
    import nbformat
    import papermill

    rep_dir = _default(reports_dir, "reports")
    build_dir = rep_dir / "_build"
    where = f'{spec.notebook.name} (report "{spec.name}")'
    parameters = validate_parameters(spec, read_parameters_cell(spec.notebook))
    version = data_version(raw_dir)
    stamp = generated_at()

    build_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=build_dir, prefix=spec.name.replace("/", "__") + ".", suffix=".ipynb")
    os.close(fd)
    tmp = Path(tmp_name)
    failed = build_dir / f"{spec.name}.failed.ipynb"
    try:
        _register_translator()
        try:
            papermill.execute_notebook(
                str(spec.notebook), str(tmp), parameters=_for_papermill(parameters), kernel_name=KERNEL_NAME, language="python",
                execution_timeout=timeout, start_timeout=start_timeout, progress_bar=False, log_output=False,
                cwd=str(spec.notebook.parent), kernel_manager_class=IPCKernelManager,
            )
        except papermill.PapermillExecutionError as exc:
            cell = f"cell index {exc.cell_index} [In {exc.exec_count}]"
            try:
                executed = nbformat.read(str(tmp), as_version=4)
                number, node = _source_cells(executed)[exc.cell_index]
                cell = _describe_cell(number, node)
                failed.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, failed)
                kept = f"; executed notebook kept at {failed}"
            except Exception:
                kept = ""
            raise ReportError(f"{where}: {cell} failed: {exc.ename}: {exc.evalue}{kept}") from None
        except ReportError:
            raise
        except Exception as exc:  # timeouts, dead kernels, missing kernels
            raise ReportError(f"{where}: execution failed: {type(exc).__name__}: {exc}") from None

        executed = nbformat.read(str(tmp), as_version=4)
        problems = _output_problems(executed, where)
        if problems:
            failed.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, failed)
            raise ReportError(problems)

        title = _first_heading(executed) or spec.name
        _normalise(executed)
        body = _export_html(executed, title, spec.language)
        _atomic_write(spec.output, body)
        failed.unlink(missing_ok=True)
    finally:
        tmp.unlink(missing_ok=True)

    record = {
        "name": spec.name,
        "title": title,
        "parameters": parameters,
        "notebook": spec.notebook.name,
        "output": f"{spec.name}.html",
        "group": spec.group,
        "generated_at": stamp,
        "data_version": version,
    }
    _atomic_write(_sidecar_path(rep_dir, spec.name), _dumps(record))
    return json.loads(_dumps(record))


# --- index --------------------------------------------------------------------------------------------------------

_INDEX_CSS = """
:root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --rule: #d9e2ec; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); background: #fff; }
header, main, footer { max-width: 64rem; margin: 0 auto; padding: 0 1.5rem; }
header { padding-top: 2rem; border-bottom: 2px solid var(--rule); }
h1 { font-size: 1.75rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; color: var(--muted); font-weight: 600; }
.generated { color: var(--muted); margin: 0 0 1rem; }
table { width: 100%; border-collapse: collapse; margin-bottom: 1rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid var(--rule); }
th { font-size: .85rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
code { font: .85rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f5f7fa;
       padding: .05rem .3rem; border-radius: 3px; }
footer { color: var(--muted); font-size: .85rem; padding-bottom: 2rem; }
""".strip()


def _load_record(item: Any, rep_dir: Path) -> dict[str, Any]:
    if isinstance(item, ReportSpec):
        path = _sidecar_path(rep_dir, item.name)
        if not item.output.is_file() or not path.is_file():
            raise ReportError(f'report "{item.name}" has not been built (run: python -m analysis.build.reports run '
                              f"{item.name})")
        record = json.loads(path.read_text(encoding="utf-8"))
        record.setdefault("group", item.group)
        return record
    if isinstance(item, (str, os.PathLike)):
        return json.loads(Path(item).read_text(encoding="utf-8"))
    if isinstance(item, Mapping):
        return dict(item)
    raise TypeError(f"write_index takes ReportSpec, sidecar dicts or sidecar paths, not {type(item).__name__}")


def _format_time(stamp: str) -> str:
    try:
        when = datetime.fromisoformat(str(stamp).replace("Z", "+00:00")).astimezone(timezone.utc)
    except ValueError:
        return str(stamp)
    return when.strftime("%Y-%m-%d %H:%M UTC")


def write_index(items: Iterable[Any], reports_dir: str | os.PathLike | None = None) -> Path:
    """Write ``reports/index.html`` listing ``items`` (ReportSpec, sidecar dicts or sidecar JSON paths).

    Reports are grouped by family (Overview, Project profiles, ...) and language (English, Polski) in the order
    given. Every value taken from data is HTML-escaped. Returns the path written.
    """
    rep_dir = _default(reports_dir, "reports")
    problems: list[str] = []
    records: list[dict[str, Any]] = []
    for item in items:
        try:
            records.append(_load_record(item, rep_dir))
        except ReportError as exc:
            problems.extend(exc.problems)
        except (OSError, json.JSONDecodeError) as exc:
            problems.append(f"{item}: cannot read report record: {exc}")
    if problems:
        raise ReportError(problems)

    groups: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for rec in records:
        params = rec.get("parameters") or {}
        lang = params.get("language") if isinstance(params.get("language"), str) else ""
        group = rec.get("group") or "Reports"
        groups.setdefault(group, {}).setdefault(lang, []).append(rec)

    e = html.escape
    stamp = generated_at()
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Reports</title>",
        f"<style>\n{_INDEX_CSS}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>Reports <span lang=\"pl\">/ Raporty</span></h1>",
        f'<p class="generated" id="index-generated">Index generated: <time datetime="{e(stamp)}">'
        f"{e(_format_time(stamp))}</time></p>",
        "</header>",
        "<main>",
    ]
    if not records:
        out.append("<p>No reports have been built yet.</p>")
    for group, by_lang in groups.items():
        out.append(f"<section>\n<h2>{e(str(group))}</h2>")
        for lang, recs in by_lang.items():
            label = LANGUAGE_NAMES.get(lang, lang or "Other")
            lang_attr = f' lang="{e(lang)}"' if lang else ""
            out.append(f"<h3{lang_attr}>{e(label)}</h3>")
            out.append("<table>\n<thead><tr><th>Report</th><th>Parameters</th><th>Generated</th>"
                       "<th>Data version</th></tr></thead>\n<tbody>")
            for rec in recs:
                name = str(rec.get("name", ""))
                href = quote(str(rec.get("output") or f"{name}.html"), safe="/")
                title = str(rec.get("title") or name)
                params = {k: v for k, v in (rec.get("parameters") or {}).items() if k != "language"}
                shown = " ".join(f"<code>{e(str(k))}={e(str(v))}</code>" for k, v in params.items()) or "—"
                gen = str(rec.get("generated_at", ""))
                out.append(
                    f'<tr><td><a href="{e(href)}"{lang_attr}>{e(title)}</a></td><td>{shown}</td>'
                    f'<td><time datetime="{e(gen)}">{e(_format_time(gen))}</time></td>'
                    f"<td><code>{e(str(rec.get('data_version', '')))}</code></td></tr>"
                )
            out.append("</tbody>\n</table>")
        out.append("</section>")
    out += [
        "</main>",
        f"<footer><p>{len(records)} report{'s' if len(records) != 1 else ''}. Data version is a hash of the raw "
        "data each report was built from.</p></footer>",
        "</body>",
        "</html>",
        "",
    ]
    path = rep_dir / "index.html"
    _atomic_write(path, "\n".join(out))
    return path


# --- make ---------------------------------------------------------------------------------------------------------


def _make_path(path: Path, root: Path) -> str:
    try:
        text = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        text = path.resolve().as_posix()
    if _MAKE_UNSAFE_RE.search(text):
        raise ReportError(f"{text}: path cannot be used in a Makefile (spaces or special characters)")
    return text


def makefile(
    config: str | os.PathLike | Sequence[Mapping[str, Any]] | Mapping[str, Any] | None = None,
    projects_csv: str | os.PathLike | None = None,
    *,
    notebooks_dir: str | os.PathLike | None = None,
    reports_dir: str | os.PathLike | None = None,
    root: str | os.PathLike | None = None,
    write_params: bool = True,
    cli_options: Sequence[str] = (),
) -> str:
    """Make rules building every report, and (unless ``write_params`` is False) their parameter files.

    Each report depends on its notebook, ``reports/_build/params/<name>.json`` (rewritten only when the report's
    parameters change), ``$(ANALYSIS_SRC)`` and ``$(PROCESSED)``. Paths are relative to ``root`` (the project root).
    ``cli_options`` (e.g. ``["--config", "x.yml"]``) are passed on to the ``run`` and ``index`` recipes.
    """
    specs = expand(config, projects_csv, notebooks_dir=notebooks_dir, reports_dir=reports_dir)
    rep_dir = _default(reports_dir, "reports")
    base = Path(root) if root is not None else _project_root()
    params_dir = rep_dir / "_build" / "params"

    outputs = [_make_path(s.output, base) for s in specs]
    for option in cli_options:
        if _MAKE_UNSAFE_RE.search(str(option).split("=", 1)[-1]):
            raise ReportError(f"{option}: option cannot be used in a Makefile (spaces or special characters)")
    cli = " ".join(["$(PY) -m analysis.build.reports", *map(str, cli_options)])
    index = _make_path(rep_dir / "index.html", base)
    lines = [
        "# Generated by `python -m analysis.build.reports makefile` from reports.yml; do not edit.",
        "PY ?= python",
        "ANALYSIS_SRC ?= $(wildcard src/analysis/*.py)",
        "PROCESSED ?= $(wildcard data/processed/*)",
        "",
        "REPORT_HTML := " + " \\\n\t".join(outputs),
        "",
    ]
    for spec, out in zip(specs, outputs):
        params_file = params_dir / f"{spec.name}.json"
        if write_params:
            record = {"name": spec.name, "notebook": spec.notebook.name, "parameters": spec.parameters}
            _write_if_changed(params_file, _dumps(record))
        lines += [
            f"{out}: {_make_path(spec.notebook, base)} {_make_path(params_file, base)} $(ANALYSIS_SRC) $(PROCESSED)",
            f"\t{cli} run {spec.name}",
            "",
        ]
    lines += [f"{index}: $(REPORT_HTML)", f"\t{cli} index", ""]
    return "\n".join(lines)


# --- command line -------------------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis.build.reports", description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, default=None, help="reports.yml (default notebooks/reports.yml)")
    parser.add_argument("--notebooks-dir", type=Path, default=None, help="default: directory of the config")
    parser.add_argument("--reports-dir", type=Path, default=None, help="default: reports/")
    parser.add_argument("--processed-dir", type=Path, default=None, help="default: data/processed/")
    parser.add_argument("--raw-dir", type=Path, default=None, help="default: data/raw/")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="print the name of every report")
    mk = sub.add_parser("makefile", help="print make rules (and write their parameter files)")
    mk.add_argument("-o", "--output", type=Path, default=None, help="write here (only if changed) instead of stdout")
    rn = sub.add_parser("run", help="build the named report(s)")
    rn.add_argument("names", nargs="+", metavar="NAME")
    rn.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per cell (default 600)")
    sub.add_parser("index", help="write reports/index.html from the built reports")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    projects_csv = (args.processed_dir / "projects.csv") if args.processed_dir else None
    try:
        if args.command == "makefile":
            options = [f"--{flag.replace('_', '-')}={value}" for flag, value in vars(args).items()
                       if flag in {"config", "notebooks_dir", "reports_dir", "processed_dir", "raw_dir"} and value]
            text = makefile(args.config, projects_csv, notebooks_dir=args.notebooks_dir, reports_dir=args.reports_dir,
                            root=Path.cwd(), cli_options=options)
            if args.output:
                _write_if_changed(args.output, text)
            else:
                sys.stdout.write(text)
            return 0
        specs = expand(args.config, projects_csv, notebooks_dir=args.notebooks_dir, reports_dir=args.reports_dir)
        if args.command == "list":
            for spec in specs:
                print(spec.name)
        elif args.command == "run":
            for name in args.names:
                spec = _find(specs, name)
                run(spec, timeout=args.timeout, reports_dir=args.reports_dir, raw_dir=args.raw_dir)
                print(f"wrote {spec.output}", file=sys.stderr)
        elif args.command == "index":
            print(f"wrote {write_index(specs, args.reports_dir)}", file=sys.stderr)
        return 0
    except ReportError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
    except OSError as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
    except Exception as exc:  # no traceback for management builds; the message names what went wrong
        print(f"error: {type(exc).__name__}: {' '.join(str(exc).split())}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
