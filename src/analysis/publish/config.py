"""Which reports exist and with which parameters: ``notebooks/reports.yml`` expanded, parameters checked.

``reports.yml`` is the single list of reports. Each entry names an output (a path under ``reports/`` without
``.html``), a notebook and its parameters; ``for_each: project_id`` makes one report per row of
``data/processed/projects.csv`` and passes the row's ``project_id`` to the notebook. A report's parameters are
checked against the notebook's cell tagged ``parameters`` and coerced to its annotated types.
"""

from __future__ import annotations

import ast
import csv
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.core.vocabulary import BOOLEAN_WORDS

DEFAULT_TIMEOUT = 600  # seconds a single cell may run

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)*$")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
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


def default_path(path: str | os.PathLike | None, default: Path) -> Path:
    """``path`` if given, else ``default`` (a location of :mod:`analysis.paths`)."""
    return Path(path) if path is not None else default


# --- configuration ------------------------------------------------------------------------------------------------


NO_DATA = ("", "")
"""The data slice of a report that reads no processed table (``reads_data: false``, the glossary): editing the data
rebuilds it not."""


@dataclass(frozen=True)
class ReportSpec:
    """One report: an HTML file made from one notebook with one set of parameters."""

    name: str  # output path under reports/ without .html, e.g. "pl/projects/knurow-cwis"
    notebook: Path
    parameters: dict[str, Any] = field(default_factory=dict)
    output: Path = Path()  # reports/<name>.html
    group: str = ""  # heading in the index, e.g. "Overview" or "Project profiles"
    # ("project_id", "knurow-cwis") for a report made for_each project: it reads only that project's rows (and its
    # parent's and children's) of the processed tables; None: it reads every table whole. See fingerprint.py.
    data_slice: tuple[str, str] | None = None  # None: all the data; (column, value): one row's; NO_DATA: none

    @property
    def language(self) -> str | None:
        lang = self.parameters.get("language")
        return lang if isinstance(lang, str) else None


def load_config(config: str | os.PathLike | None = None) -> list[dict[str, Any]]:
    """Read and check ``reports.yml``; return its list of report entries."""
    import yaml

    path = default_path(config, paths.REPORTS_CONFIG)
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
        unknown = sorted(set(entry) - {"name", "notebook", "parameters", "for_each", "group", "reads_data"})
        if unknown:
            problems.append(f"{at}: unknown key(s) {', '.join(map(str, unknown))} "
                            "(allowed: name, notebook, parameters, for_each, group, reads_data)")
        if not isinstance(entry.get("reads_data", True), bool):
            problems.append(f"{at}: 'reads_data' must be true or false")
        if entry.get("reads_data") is False and entry.get("for_each"):
            problems.append(f"{at}: a report made for_each a row reads its data: drop reads_data or for_each")
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
        config_path = default_path(config, paths.REPORTS_CONFIG)
        entries = load_config(config_path)
        nb_dir = Path(notebooks_dir) if notebooks_dir is not None else config_path.parent
    else:
        entries = _check_config(config if isinstance(config, Mapping) else {"reports": list(config)}, "config")
        nb_dir = default_path(notebooks_dir, paths.NOTEBOOKS_DIR)
    rep_dir = default_path(reports_dir, paths.REPORTS_DIR)
    csv_path = default_path(projects_csv, paths.PROCESSED_DIR / "projects.csv")

    columns: dict[str, list[str]] = {}
    specs: list[ReportSpec] = []
    for entry in entries:
        notebook = nb_dir / entry["notebook"]
        group = str(entry.get("group") or _default_group(entry))
        column = entry["for_each"]
        rows: list[tuple[str, dict[str, Any], tuple[str, str] | None]]
        if column:
            if column not in columns:
                columns[column] = _read_column(csv_path, column)
            rows = [(entry["name"].replace("{" + column + "}", v), {**entry["parameters"], column: v}, (column, v))
                    for v in columns[column]]
        else:
            rows = [(entry["name"], dict(entry["parameters"]), None if entry.get("reads_data", True) else NO_DATA)]
        for name, params, data_slice in rows:
            specs.append(ReportSpec(name=name, notebook=notebook, parameters=params,
                                    output=rep_dir / f"{name}.html", group=group, data_slice=data_slice))

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


def find(specs: Sequence[ReportSpec], name: str) -> ReportSpec:
    for spec in specs:
        if spec.name == name:
            return spec
    hint = ", ".join(s.name for s in specs[:8]) + (", …" if len(specs) > 8 else "")
    raise ReportError(f'no report named "{name}" (known: {hint})')


# --- parameters ---------------------------------------------------------------------------------------------------


def read_notebook(path: Path):
    import nbformat

    try:
        return nbformat.read(str(path), as_version=4)
    except FileNotFoundError:
        raise ReportError(f"{path.name}: notebook not found at {path}") from None
    except Exception as exc:  # nbformat raises several kinds for unreadable files
        raise ReportError(f"{path.name}: cannot read notebook: {exc}") from None


def tags(cell) -> list[str]:
    tags = cell.get("metadata", {}).get("tags", [])
    return list(tags) if isinstance(tags, list) else []


def read_parameters_cell(notebook_path: str | os.PathLike) -> dict[str, tuple[str | None, str]]:
    """Return ``{name: (annotation, default source)}`` of the notebook's single cell tagged ``parameters``.

    ``language: str = "en"  # comment`` gives ``{"language": ("str", '"en"')}``. An assignment without annotation
    gives ``None`` as annotation (its type is then inferred from a literal default).
    """
    import json  # plain JSON, not nbformat: a no-op build must not pay for importing nbformat

    path = Path(notebook_path)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{path.name}: notebook not found at {path}") from None
    except (OSError, ValueError) as exc:
        raise ReportError(f"{path.name}: cannot read notebook: {exc}") from None
    cells = [c for c in nb.get("cells", []) if c.get("cell_type") == "code" and "parameters" in tags(c)]
    if not cells:
        raise ReportError(f'{path.name} has no cell tagged "parameters"')
    if len(cells) > 1:
        raise ReportError(f'{path.name} has {len(cells)} cells tagged "parameters"')
    source = cells[0].get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ReportError(f'{path.name}: the cell tagged "parameters" is not valid Python '
                          f"(line {exc.lineno}: {exc.msg})") from None
    def text(node: ast.expr) -> str:
        return ast.get_source_segment(source, node) or ast.unparse(node)

    declared: dict[str, tuple[str | None, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            declared[node.target.id] = (text(node.annotation), text(node.value))
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            declared[node.targets[0].id] = (None, text(node.value))
    return declared


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
        if isinstance(value, str) and value.strip().lower() in BOOLEAN_WORDS:
            return BOOLEAN_WORDS[value.strip().lower()]
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

