"""Tests of the report driver (analysis.publish.reports) on tiny notebooks built in tmp_path."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import nbformat
import pytest

from analysis.publish import config as build_config
from analysis.publish import driver, index, outputs, reports
from analysis.publish.config import ReportError, ReportSpec

PARAMS_SOURCE = (
    'language: str = "en"  # en or pl\n'
    'project_id: str = "none"  # slug from projects.csv\n'
    "as_of: date = date(2020, 1, 1)\n"
    "show_extra: bool = False\n"
    "top_n: int = 5\n"
)
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z


def write_notebook(path: Path, cells: list, *, parameters: str | None = PARAMS_SOURCE, extra_tagged: int = 0) -> Path:
    """A notebook whose cells are given as ("code"|"markdown", source); a parameters cell is placed second."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    built = [nbformat.v4.new_code_cell("from datetime import date")]
    for _ in range(1 + extra_tagged if parameters is not None else 0):
        cell = nbformat.v4.new_code_cell(parameters)
        cell.metadata["tags"] = ["parameters"]
        built.append(cell)
    for kind, source in cells:
        built.append(nbformat.v4.new_markdown_cell(source) if kind == "markdown" else nbformat.v4.new_code_cell(source))
    nb.cells = built
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def spec_for(notebook: Path, reports_dir: Path, name: str = "projects/knurow-cwis", **parameters) -> ReportSpec:
    return ReportSpec(name=name, notebook=notebook, parameters=parameters, output=reports_dir / f"{name}.html",
                      group="Project profiles")


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "figures.csv").write_text("figure_id,value\na,1\n", encoding="utf-8")
    return raw


# --- parameters cell -----------------------------------------------------------------------------------------------


def test_parameters_cell_is_parsed_with_annotations_and_defaults(tmp_path: Path) -> None:
    nb = write_notebook(tmp_path / "overview.ipynb", [("code", "print(1)")])
    declared = build_config.read_parameters_cell(nb)
    assert declared == {
        "language": ("str", '"en"'),
        "project_id": ("str", '"none"'),
        "as_of": ("date", "date(2020, 1, 1)"),
        "show_extra": ("bool", "False"),
        "top_n": ("int", "5"),
    }


def test_notebook_without_parameters_cell_is_rejected(tmp_path: Path) -> None:
    nb = write_notebook(tmp_path / "overview.ipynb", [("code", "x = 1")], parameters=None)
    with pytest.raises(ReportError, match='overview.ipynb has no cell tagged "parameters"'):
        build_config.read_parameters_cell(nb)


def test_notebook_with_two_parameters_cells_is_rejected(tmp_path: Path) -> None:
    nb = write_notebook(tmp_path / "overview.ipynb", [], extra_tagged=1)
    with pytest.raises(ReportError, match='overview.ipynb has 2 cells tagged "parameters"'):
        build_config.read_parameters_cell(nb)


# --- validation and coercion ---------------------------------------------------------------------------------------


@pytest.fixture
def declared(tmp_path: Path) -> tuple[Path, dict]:
    nb = write_notebook(tmp_path / "project_profile.ipynb", [])
    return nb, build_config.read_parameters_cell(nb)


def test_unknown_parameter_is_rejected_naming_report_notebook_and_allowed(tmp_path, declared) -> None:
    nb, params = declared
    spec = spec_for(nb, tmp_path, language="pl", colour="red")
    with pytest.raises(ReportError) as info:
        build_config.validate_parameters(spec, params)
    message = str(info.value)
    assert 'report "projects/knurow-cwis"' in message
    assert "project_profile.ipynb" in message
    assert '"colour"' in message
    assert "allowed: language, project_id, as_of, show_extra, top_n" in message


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("show_extra", "true", True),
        ("show_extra", "False", False),
        ("show_extra", True, True),
        ("top_n", "7", 7),
        ("top_n", 7, 7),
        ("top_n", "-3", -3),
        ("as_of", "2024-05-01", date(2024, 5, 1)),
        ("as_of", date(2024, 5, 1), date(2024, 5, 1)),
        ("language", "pl", "pl"),
    ],
)
def test_values_are_coerced_to_annotated_types(tmp_path, declared, name, value, expected) -> None:
    nb, params = declared
    coerced = build_config.validate_parameters(spec_for(nb, tmp_path, **{name: value}), params)
    assert coerced == {name: expected}
    assert type(coerced[name]) is type(expected)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("show_extra", "maybe", "expected true or false"),
        ("show_extra", 1, "expected true or false"),
        ("top_n", "007", "without leading zeros"),
        ("top_n", "7.5", "whole number"),
        ("top_n", True, "whole number"),
        ("as_of", "01.05.2024", "YYYY-MM-DD"),
        ("as_of", "2024-02-30", "YYYY-MM-DD"),
        ("language", False, "expected text"),  # YAML reads an unquoted `no` as false
    ],
)
def test_values_that_do_not_fit_the_annotation_are_rejected(tmp_path, declared, name, value, expected) -> None:
    nb, params = declared
    with pytest.raises(ReportError) as info:
        build_config.validate_parameters(spec_for(nb, tmp_path, **{name: value}), params)
    message = str(info.value)
    assert expected in message
    assert f'parameter "{name}"' in message and 'report "projects/knurow-cwis"' in message


# --- expanding the configuration and make rules -------------------------------------------------------------------

CONFIG = """\
reports:
  - name: overview
    notebook: overview.ipynb
    parameters: {language: en}
  - name: pl/projects/{project_id}
    notebook: project_profile.ipynb
    for_each: project_id
    parameters: {language: pl}
"""


@pytest.fixture
def config(tmp_path: Path) -> tuple[Path, Path]:
    cfg = tmp_path / "notebooks" / "reports.yml"
    cfg.parent.mkdir()
    cfg.write_text(CONFIG, encoding="utf-8")
    csv_path = tmp_path / "data" / "processed" / "projects.csv"
    csv_path.parent.mkdir(parents=True)
    csv_path.write_text("project_id,title\nknurow-cwis,A\nknurow-nowy-start,B\ndabrowa-integra,C\n", encoding="utf-8")
    return cfg, csv_path


def test_expand_makes_one_report_per_project(tmp_path, config) -> None:
    cfg, csv_path = config
    specs = build_config.expand(cfg, csv_path, reports_dir=tmp_path / "reports")
    assert [s.name for s in specs] == [
        "overview", "pl/projects/knurow-cwis", "pl/projects/knurow-nowy-start", "pl/projects/dabrowa-integra",
    ]
    assert specs[1].parameters == {"language": "pl", "project_id": "knurow-cwis"}
    assert specs[1].notebook == tmp_path / "notebooks" / "project_profile.ipynb"
    assert specs[1].output == tmp_path / "reports" / "pl" / "projects" / "knurow-cwis.html"
    assert [s.group for s in specs] == ["Overview"] + ["Project profiles"] * 3


def test_real_configuration_expands(tmp_path) -> None:
    csv_path = tmp_path / "projects.csv"
    csv_path.write_text("project_id\nknurow-cwis\n", encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    specs = build_config.expand(root / "notebooks" / "reports.yml", csv_path, reports_dir=tmp_path)
    assert [s.name for s in specs] == ["overview", "pl/overview", "comparisons", "pl/comparisons",
                                       "projects/knurow-cwis", "pl/projects/knurow-cwis", "glossary", "pl/glossary"]
    assert [s.language for s in specs] == ["en", "pl", "en", "pl", "en", "pl", "en", "pl"]
    assert [s.data_slice for s in specs][-2:] == [build_config.NO_DATA] * 2  # the glossary reads no data


def test_project_ids_must_be_slugs(tmp_path, config) -> None:
    cfg, csv_path = config
    csv_path.write_text("project_id\nknurow-cwis\nBad Id/..\n", encoding="utf-8")
    with pytest.raises(ReportError, match=r"projects.csv:3 column 'project_id'"):
        build_config.expand(cfg, csv_path, reports_dir=tmp_path / "reports")


def test_profiles_read_their_project_slice_and_others_everything(tmp_path, config) -> None:
    cfg, csv_path = config
    specs = config_expand = build_config.expand(cfg, csv_path, reports_dir=tmp_path / "reports")
    assert [s.data_slice for s in config_expand] == [None, ("project_id", "knurow-cwis"),
                                                     ("project_id", "knurow-nowy-start"),
                                                     ("project_id", "dabrowa-integra")]
    assert specs[0].data_slice is None


# --- data version, index, command line ----------------------------------------------------------------------------


def test_data_version_hashes_paths_and_bytes(raw_dir: Path) -> None:
    first = outputs.data_version(raw_dir)
    assert re.fullmatch(r"[0-9a-f]{12}", first)
    assert outputs.data_version(raw_dir) == first
    (raw_dir / "figures.csv").rename(raw_dir / "other.csv")
    assert outputs.data_version(raw_dir) != first


def test_index_escapes_data_and_links_relatively(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    records = [
        {"name": "overview", "title": "<script>alert(1)</script>", "parameters": {"language": "en"},
         "group": "Overview", "generated_at": "2024-05-01T10:00:00Z", "data_version": "abc123def456",
         "output": "overview.html", "notebook": "overview.ipynb"},
        {"name": "pl/projects/knurow-cwis", "title": "Profil „CWIS” & <b>", "group": "Project profiles",
         "parameters": {"language": "pl", "project_id": "knurow-cwis"}, "generated_at": "2024-05-01T10:00:00Z",
         "data_version": "abc123def456", "output": "pl/projects/knurow-cwis.html", "notebook": "p.ipynb"},
    ]
    path = index.write_index(records, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Profil „CWIS” &amp; &lt;b&gt;" in text
    assert 'href="overview.html"' in text and 'href="pl/projects/knurow-cwis.html"' in text
    # one half per language, each with its reports grouped: the English overview, then the Polish profiles
    assert text.index('<section class="language" lang="en" id="en">') < text.index("Overview") \
        < text.index('<section class="language" lang="pl" id="pl">') \
        < text.index("Profile projektów według województwa i ośrodka") < text.index("Profil „CWIS” &amp; &lt;b&gt;")
    # dated by its newest report, so that an unchanged set of reports gives an unchanged file
    assert 'id="index-generated"' in text and 'datetime="2024-05-01T10:00:00Z"' in text
    assert list(tmp_path.glob(".*.tmp")) == []


def test_cli_errors_are_one_line_per_problem(tmp_path, capsys) -> None:
    cfg = tmp_path / "reports.yml"
    cfg.write_text("reports:\n  - name: a\n  - notebook: b.ipynb\n", encoding="utf-8")
    assert reports.main(["--config", str(cfg), "list"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "error: reports.yml: report a: 'notebook' must be a non-empty string",
        "error: reports.yml: report 2: 'name' must be a non-empty string",
    ]


# --- running notebooks (each run starts a kernel: ~2-3 s) ---------------------------------------------------------

GOOD_CELLS = [
    ("markdown", "# Project profile\n\nSome *context*."),
    ("code", "SECRET_SOURCE_MARKER = 41 + 1\n"
             "print(f'project={project_id} as_of={as_of.isoformat()} type={type(as_of).__name__} '\n"
             "      f'extra={show_extra} top={top_n + 1}')"),
]


def run(spec: ReportSpec, tmp_path: Path, raw_dir: Path) -> dict:
    processed = tmp_path / "data" / "processed"
    processed.mkdir(parents=True, exist_ok=True)
    return driver.run_one(spec, reports_dir=tmp_path / "reports", processed_dir=processed, raw_dir=raw_dir,
                          timeout=120)


def _run_good(tmp_path: Path, raw_dir: Path) -> tuple[ReportSpec, dict]:
    nb = write_notebook(tmp_path / "notebooks" / "project_profile.ipynb", GOOD_CELLS)
    spec = spec_for(nb, tmp_path / "reports", language="pl", project_id="knurow-cwis", as_of="2024-05-01",
                    show_extra="true", top_n="7")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        record = run(spec, tmp_path, raw_dir)
    return spec, record


@pytest.mark.slow
def test_run_writes_html_without_code_and_a_sidecar(tmp_path, raw_dir) -> None:
    spec, record = _run_good(tmp_path, raw_dir)
    text = spec.output.read_text(encoding="utf-8")
    assert "project=knurow-cwis as_of=2024-05-01 type=date extra=True top=8" in text
    assert "SECRET_SOURCE_MARKER" not in text  # no code cell source
    assert "hl-ipython3" not in text  # no highlighted code
    assert text.count('class="jp-InputArea') == 1  # the markdown cell only
    for div in re.findall(r'<div [^>]*class="jp-Cell jp-CodeCell[^"]*"', text):
        assert "jp-mod-noInput" in div
    assert "injected-parameters" not in text and "# Parameters" not in text
    assert 'project_id = "knurow-cwis"' not in text and "show_extra" not in text
    assert '<html lang="pl">' in text and "<title>Project profile</title>" in text
    assert list(spec.output.parent.glob(".*.tmp")) == []
    assert list((tmp_path / "reports" / "_build").rglob("*.ipynb")) == []

    sidecar = json.loads((tmp_path / "reports" / "_build" / "projects" / "knurow-cwis.json").read_text())
    assert sidecar == record
    assert sidecar["html_sha256"] == outputs.sha256_file(spec.output)
    assert re.fullmatch(r"[0-9a-f]{64}", sidecar["fingerprint"])
    assert sidecar["title"] == "Project profile"
    assert sidecar["generated_at"] == "2023-11-14T22:13:20Z"
    assert sidecar["data_version"] == outputs.data_version(raw_dir)
    assert sidecar["parameters"] == {"language": "pl", "project_id": "knurow-cwis", "as_of": "2024-05-01",
                                     "show_extra": True, "top_n": 7}
    assert sidecar["notebook"] == "project_profile.ipynb"

    # second run on the same inputs: byte-identical HTML
    first = spec.output.read_bytes()
    _run_good(tmp_path, raw_dir)
    assert spec.output.read_bytes() == first

    listing = index.write_index([spec], tmp_path / "reports").read_text(encoding="utf-8")
    assert 'href="projects/knurow-cwis.html"' in listing and ">Project profile</a>" in listing


@pytest.mark.slow
def test_failing_cell_names_the_cell_and_keeps_the_last_good_html(tmp_path, raw_dir) -> None:
    nb = write_notebook(tmp_path / "overview.ipynb",
                        [("markdown", "# Overview"), ("code", "ratio = 1 / 0"), ("code", "print('never')")])
    spec = spec_for(nb, tmp_path / "reports", name="overview", language="en")
    spec.output.parent.mkdir(parents=True)
    spec.output.write_bytes(b"<html>last good report</html>")
    with pytest.raises(ReportError) as info:
        run(spec, tmp_path, raw_dir)
    message = str(info.value)
    assert message.startswith('overview.ipynb (report "overview"): cell 4 [In ')
    assert "(ratio = 1 / 0)" in message
    assert "ZeroDivisionError: division by zero" in message
    assert "\n" not in message
    assert spec.output.read_bytes() == b"<html>last good report</html>"
    assert not (tmp_path / "reports" / "_build" / "overview.json").exists()
    assert (tmp_path / "reports" / "_build" / "overview.failed.ipynb").exists()


@pytest.mark.slow
def test_stderr_and_warnings_are_rejected(tmp_path, raw_dir) -> None:
    nb = write_notebook(tmp_path / "overview.ipynb", [
        ("markdown", "# Overview"),
        ("code", "import sys\nprint('careful: 3 rows dropped', file=sys.stderr)"),
        ("code", "import warnings\nwarnings.warn('deprecated thing')"),
        ("code", "print('all fine')"),
    ])
    spec = spec_for(nb, tmp_path / "reports", name="overview", language="en")
    with pytest.raises(ReportError) as info:
        run(spec, tmp_path, raw_dir)
    problems = info.value.problems
    assert len(problems) == 2
    assert "cell 4 [In " in problems[0] and "wrote to stderr: careful: 3 rows dropped" in problems[0]
    assert "cell 5 [In " in problems[1] and "UserWarning: deprecated thing" in problems[1]
    assert not spec.output.exists()


def test_a_new_toolchain_changes_every_fingerprint(tmp_path, monkeypatch) -> None:
    """requirements.lock is an input of every report: a new pandas or matplotlib may draw differently."""
    from analysis.publish import fingerprint

    lock = tmp_path / "requirements.lock"
    lock.write_text("pandas==3.1.1\n", encoding="utf-8")
    monkeypatch.setattr(fingerprint, "LOCK_FILE", lock)
    nb = write_notebook(tmp_path / "overview.ipynb", [("code", "print(1)")])
    args = dict(notebook=nb, parameters={"language": "en"}, code={}, data="d")
    before = fingerprint.fingerprint(toolchain=fingerprint.toolchain_digest(), **args)
    lock.write_text("pandas==3.1.2\n", encoding="utf-8")
    after = fingerprint.fingerprint(toolchain=fingerprint.toolchain_digest(), **args)
    assert before != after
