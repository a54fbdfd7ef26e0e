"""From an executed notebook to a management report: reject warnings and errors, normalise, render HTML.

The executed notebook is rejected if any cell wrote to stderr, printed a warning or holds an error (management
reports must not contain them). nbconvert renders it without code, prompts or parameter cells with the "report"
template (JupyterLab's, without CDN scripts). Cell ids are renumbered and execution timings dropped, so the same
inputs give byte-identical HTML.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from analysis.core.summary import SUMMARY_MIME, summary_problems
from analysis.publish.config import ReportError, tags

REMOVED_TAGS = frozenset({"injected-parameters", "parameters", "remove_cell"})
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"  # "report": lab without CDN scripts


def source_cells(nb) -> list[tuple[int, Any]]:
    """``(1-based number in the source notebook, cell)`` for the cells papermill executed.

    Papermill's injected cell is numbered 0; the error cells papermill adds after a failure are left out, so the list
    index matches ``PapermillExecutionError.cell_index``.
    """
    numbered, n = [], 0
    for cell in nb.cells:
        if "papermill-error-cell-tag" in tags(cell):
            continue
        if "injected-parameters" in tags(cell):
            numbered.append((0, cell))
        else:
            n += 1
            numbered.append((n, cell))
    return numbered


def describe_cell(number: int, cell) -> str:
    if number == 0:
        return "the injected parameters cell"
    count = cell.get("execution_count")
    first = next((line.strip() for line in cell.get("source", "").splitlines() if line.strip()), "")
    if len(first) > 60:
        first = first[:57] + "..."
    return f"cell {number}" + (f" [In {count}]" if count else "") + (f" ({first})" if first else "")


_WARNING_RE = re.compile(r"\b[A-Z]\w*Warning: |^\s*(?:WARNING|Warning)\b[:\s]", re.MULTILINE)


def output_problems(nb, where: str) -> list[str]:
    """Cells of an executed notebook that wrote to stderr, printed a warning or hold an error."""
    problems: list[str] = []
    for number, cell in source_cells(nb):
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
            problems.append(f"{where}: {describe_cell(number, cell)} {what}: {first[:200]}"
                            " — management reports must not contain warnings or errors")
    return problems


def first_heading(nb) -> str | None:
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
        if REMOVED_TAGS & set(tags(cell)):
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





def take_summary(nb, where: str) -> dict[str, Any] | None:
    """Take the report's summary (:mod:`analysis.core.summary`) out of the executed notebook: it is for the index,
    not the page. None where the report displays none; a malformed or second summary raises ReportError."""
    found: list[Any] = []
    for cell in nb.cells:
        kept = []
        for output in cell.get("outputs", []):
            data = output.get("data", {}) if output.get("output_type") in ("display_data", "execute_result") else {}
            if SUMMARY_MIME in data:
                found.append(data[SUMMARY_MIME])
            else:
                kept.append(output)
        if "outputs" in cell:
            cell["outputs"] = kept
    if not found:
        return None
    problems = summary_problems(found[0]) + (["the report displays more than one summary"] if len(found) > 1 else [])
    if problems:
        raise ReportError([f'report "{where}": {p}' for p in problems])
    return dict(found[0])


def normalise(nb) -> None:
    """Make the executed notebook depend only on its inputs: fixed cell ids, no papermill timings."""
    nb.metadata.pop("papermill", None)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                output.get("metadata", {}).pop("execution", None)


def export_html(nb, title: str, language: str | None) -> str:
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

