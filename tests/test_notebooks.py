"""The report notebooks: committed clean, executed with papermill without errors, warnings or stderr output, and
printing the figures of the processed tables.

The executions run once per session, two at a time in worker processes (each starts its own kernel), and the
tests read the executed notebooks.
"""

from __future__ import annotations

import ast
import tempfile
from concurrent.futures import ProcessPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from analysis.core.dictionary import read_processed
from analysis.report import tables as rt
from analysis.report.formatting import format_bounded, format_money
from analysis.report.labels import label
from analysis.report.overview import key_table_order

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ("overview.ipynb", "comparisons.ipynb", "project_profile.ipynb")
PARAMETERS = {
    "language": ("str", '"en"'),
    "price_base_year": ("int", "0"),
    "show_planned": ("bool", "True"),
}

RUNS: dict[str, tuple[str, dict]] = {
    "overview-en": ("overview.ipynb", {}),
    "overview-pl": ("overview.ipynb", {"language": "pl"}),
    "comparisons-en": ("comparisons.ipynb", {}),
    "comparisons-pl-2021": ("comparisons.ipynb", {"language": "pl", "price_base_year": 2021}),
    "profile-en": ("project_profile.ipynb", {}),
    "profile-pl": ("project_profile.ipynb", {"language": "pl"}),
    "profile-konferencja-pl-2021": ("project_profile.ipynb", {"project_id": "wiecbork-sas-konferencja",
                                                               "language": "pl", "price_base_year": 2021}),
    "profile-katowice-achieved": ("project_profile.ipynb", {"project_id": "katowice-wlacz-sie",
                                                             "show_planned": False}),
}
UNKNOWN = "profile-unknown"
ALL_RUNS = {**RUNS, UNKNOWN: ("project_profile.ipynb", {"project_id": "no-such-project"})}


def _execute(notebook: str, parameters: dict, out_dir: str, name: str) -> tuple[str, str | None]:
    """Run in a worker process: (executed notebook path, error text or None)."""
    import papermill

    from analysis.publish.kernels import IPCKernelManager

    out = str(Path(out_dir) / f"{name}.ipynb")
    try:
        papermill.execute_notebook(str(NOTEBOOKS / notebook), out, parameters=parameters, kernel_name="python3",
                                   cwd=str(NOTEBOOKS), progress_bar=False, kernel_manager_class=IPCKernelManager)
    except Exception as exc:  # noqa: BLE001 - reported to the test, which decides
        return out, f"{type(exc).__name__}: {exc}"
    return out, None


@pytest.fixture(scope="module")
def executed():
    """{run name: (executed notebook, error text or None)} for every run, executed two at a time."""
    with tempfile.TemporaryDirectory() as tmp, ProcessPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(_execute, nb, params, tmp, name) for name, (nb, params) in ALL_RUNS.items()}
        results = {}
        for name, future in futures.items():
            path, error = future.result(timeout=300)
            results[name] = (nbformat.read(path, as_version=4) if Path(path).exists() else None, error)
        yield results


def _outputs(nb):
    for cell in nb.cells:
        yield from cell.get("outputs", [])


def _markdown_outputs(nb) -> list[str]:
    return [o["data"]["text/markdown"] for o in _outputs(nb) if "text/markdown" in o.get("data", {})]


# --- committed notebooks ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_is_clean_with_one_parameters_cell(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1 and tagged[0].cell_type == "code"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "commit notebooks without outputs"
        else:  # no figure is ever typed into a Markdown cell
            assert not any(ch.isdigit() for ch in cell.source)
    source = tagged[0].source
    declared = {n.target.id: (ast.unparse(n.annotation), ast.unparse(n.value))
                for n in ast.parse(source).body if isinstance(n, ast.AnnAssign)}
    expected = dict(PARAMETERS)
    if name == "project_profile.ipynb":
        expected["project_id"] = ("str", "''")  # no project id typed in a notebook: empty means the first
    assert {k: (a, v.replace("'", '"')) for k, (a, v) in declared.items()} == {
        k: (a, v.replace("'", '"')) for k, (a, v) in expected.items()}
    assert all("#" in line for line in source.splitlines() if line.strip()), "a comment for every parameter"


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_read_only_processed_data(name):
    code = "\n".join(c.source for c in nbformat.read(NOTEBOOKS / name, as_version=4).cells)
    # one shared set-up in the package reads data/processed through analysis.paths (papermill from the root works)
    assert "setup(language, price_base_year, show_planned)" in code
    assert "raw" not in code.replace("draw", "") and "Path(" not in code and "MPLBACKEND" not in code
    setup_source = (ROOT / "src" / "analysis" / "report" / "setup.py").read_text(encoding="utf-8")
    assert "PROCESSED_DIR" in setup_source and '"svg"' in setup_source


# --- executed notebooks -------------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("run", list(RUNS))
def test_notebook_runs_without_errors_warnings_or_stderr(executed, run):
    nb, error = executed[run]
    assert error is None, error
    for output in _outputs(nb):
        assert output["output_type"] != "error", output
        assert not (output["output_type"] == "stream" and output["name"] == "stderr"), output["text"]
        assert "application/vnd.jupyter.stderr" not in output.get("data", {})
        assert "image/png" not in output.get("data", {}), "charts are SVG"
    markdown = _markdown_outputs(nb)
    assert markdown and markdown[0].startswith("# "), "the first Markdown output is the report title"
    assert not any(m.startswith("# ") for m in markdown[1:])
    notebook, params = RUNS[run]
    lang = params.get("language", "en")
    if notebook != "project_profile.ipynb":
        assert markdown[0] == f"# {label('title_' + notebook.split('.')[0], lang)}"
        # charts are SVG inside a <figure> with alt text and a source line (charts.show)
        assert any('class="report-chart"' in o.get("data", {}).get("text/html", "") for o in _outputs(nb))


@pytest.mark.slow
def test_profile_of_an_unknown_project_raises_a_clear_value_error(executed):
    _, error = executed[UNKNOWN]
    assert error is not None and "ValueError" in error and "unknown project_id 'no-such-project'" in error


class _Tables(HTMLParser):
    """Cells of the HTML tables of an output: [[header cells], [row cells], ...] per table."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _key_figures_table(nb, lang: str) -> list[dict[str, str]]:
    """Rows of the table that follows the key-figures heading, as {heading: text}."""
    heading = f"## {label('sec_key_figures', lang)}"
    seen = False
    for output in _outputs(nb):
        data = output.get("data", {})
        if data.get("text/markdown") == heading:
            seen = True
        elif seen and "text/html" in data:
            parser = _Tables()
            parser.feed(data["text/html"])
            header, *rows = parser.tables[0]
            return [dict(zip(header, row, strict=True)) for row in rows]
    raise AssertionError("no key-figures table in the overview")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "pl"])
def test_overview_key_figures_match_the_processed_tables(executed, lang):
    nb, error = executed[f"overview-{lang}"]
    assert error is None, error
    rows = _key_figures_table(nb, lang)
    projects = read_processed(ROOT / "data" / "processed")["projects"]
    # at most rt.MAX_ROWS rows: the cheapest and dearest by real cost (the download holds every project)
    projects = rt.top_and_bottom(projects, key_table_order(projects))
    assert len(rows) == len(projects) <= rt.MAX_ROWS
    title_col = "title_en" if lang == "en" else "title"
    def cap(text: str) -> str:  # headings are in sentence case
        return text[:1].upper() + text[1:]

    by_title = {r[cap(label("title", lang))]: r for r in rows}
    nominal = cap(label("cost_per_participant_nominal", lang))
    real = cap(label("cost_per_participant_real", lang, year=rt.default_base_year(projects)))
    one_sided = ("at_least", "more_than", "at_most", "less_than")  # bounds are shown to the grosz
    for p in projects.itertuples():
        row = by_title[getattr(p, title_col)]
        q = p.cost_per_participant_qualifier
        assert row[nominal] == format_bounded(p.cost_per_participant_pln, p.cost_per_participant_lower_pln,
                                              p.cost_per_participant_upper_pln, q, lang, "money",
                                              2 if q in one_sided else None) if isinstance(q, str) \
            else row[nominal] == "—"
        if isinstance(p.cost_per_participant_real_qualifier, str) and p.real_comparable:
            rq = p.cost_per_participant_real_qualifier
            assert row[real] == format_bounded(
                p.cost_per_participant_real_pln, p.cost_per_participant_real_lower_pln,
                p.cost_per_participant_real_upper_pln, rq, lang, "money", 2 if rq in one_sided else None)
        total_q = p.total_value_qualifier if isinstance(p.total_value_qualifier, str) else None
        assert row[cap(label("total_value", lang))].startswith(format_bounded(
            p.total_value_pln, p.total_value_lower_pln, p.total_value_pln, total_q, lang, "money",
            2 if total_q in one_sided else None))
    cwis = by_title["Centre for Support of Social Initiatives" if lang == "en" else
                    "Centrum Wsparcia Inicjatyw Społecznych"]
    assert cwis[nominal] == format_money(6007.06, lang)  # 'PLN 6,007' / '6 007 zł' with a no-break space
    integra = by_title["INTEGRA 2014–2015"]
    assert integra[nominal] == ("≤\u00a0PLN\u00a013,005.49" if lang == "en" else "≤\u00a013\u00a0005,49\u00a0zł")
    # Katowice prints no end date: its real cost is a range (eligibility window), not a blank
    kat = by_title["Join in! Programme of vocational and social activation in Katowice" if lang == "en" else
                   "Włącz się! Program aktywizacji zawodowej i społecznej w Katowicach"]
    assert "–" in kat[real]


@pytest.mark.slow
def test_price_base_year_changes_the_real_figures(executed):
    nb, error = executed["comparisons-pl-2021"]
    assert error is None, error
    text = "\n".join(_markdown_outputs(nb))
    assert "ceny z 2021 r." in text or "cenach z 2021 r." in text
    projects = read_processed(ROOT / "data" / "processed")
    rebased = rt.rebase_real(projects["projects"], projects["cpi"], 2021).set_index("project_id")
    html = "".join(o["data"].get("text/html", "") for o in _outputs(nb) if "data" in o)
    assert format_money(rebased.loc["knurow-cwis", "cost_per_participant_real_pln"], "pl") in html
