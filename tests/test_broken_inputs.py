"""`make data` on broken raw tables: every case stops with a message naming file, line and value, never a traceback,
and leaves data/processed/ byte for byte as it was; accepted spreadsheet exports build the very same outputs.

The corpus is tests/broken_inputs/<case>/: the raw file(s) that differ from data/raw/ (a real table with one thing
changed), ``expected.txt`` (substrings the error output must contain, one a line; ``ACCEPTED`` for a case that must
build) and a one-line ``README`` saying what is broken.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.clean import pipeline
from analysis.clean.sources import SOURCES_DIR
from analysis.core.dictionary import RAW
from analysis.core.errors import DataError

CASES_DIR = Path(__file__).parent / "broken_inputs"
CASES = sorted(d.name for d in CASES_DIR.iterdir() if d.is_dir())
BROKEN = CASES
CASE_FILES = {"README", "expected.txt"}

# Cases whose message is known to miss what expected.txt asks for, with why; a fixed one fails until removed here.
WHOLE_FILE = {"utf16_file"}  # problems of the whole file: no line to name


def expected(case: str) -> list[str]:
    return [s for s in (CASES_DIR / case / "expected.txt").read_text(encoding="utf-8").splitlines() if s.strip()]


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` (temporary files included) with its bytes."""
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def copy_raw(tmp_path: Path) -> Path:
    """data/raw and data/sources copied side by side (make data finds the documents' texts beside raw/)."""
    raw = tmp_path / "raw"
    shutil.copytree(pipeline.RAW_DIR, raw)
    shutil.copytree(SOURCES_DIR, tmp_path / "sources")
    return raw


def raw_with(case: str, tmp_path: Path) -> Path:
    """The raw tables with the case's files; a case file ``sources.<source_id>.txt`` replaces that text."""
    raw = copy_raw(tmp_path)
    for f in (CASES_DIR / case).iterdir():
        if f.name.startswith("sources.") and f.name.endswith(".txt"):
            shutil.copyfile(f, tmp_path / "sources" / f.name.removeprefix("sources."))
        elif f.name not in CASE_FILES:
            shutil.copyfile(f, raw / f.name)
    return raw


@pytest.fixture(scope="session")
def baseline(tmp_path_factory) -> dict[str, bytes]:
    """data/processed/ as built once from the unmodified raw tables."""
    out = tmp_path_factory.mktemp("baseline") / "out"
    assert pipeline.main(["--raw", str(pipeline.RAW_DIR), "--out", str(out)]) == 0
    return snapshot(out)


def write_out(files: dict[str, bytes], out: Path) -> None:
    for name, content in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(content)


# --- the corpus itself ------------------------------------------------------------------------------------------
def test_corpus_size_and_layout():
    assert len(BROKEN) >= 30
    for case in CASES:
        d = CASES_DIR / case
        names = {f.name for f in d.iterdir()}
        assert names >= CASE_FILES, case
        data = names - CASE_FILES
        assert data and data <= set(RAW), f"{case}: only raw tables of data/raw/ besides README, expected.txt"
        for name in data:
            assert (d / name).read_bytes() != (pipeline.RAW_DIR / name).read_bytes(), f"{case}/{name} is unchanged"
        readme = (d / "README").read_text(encoding="utf-8").strip()
        assert readme and "\n" not in readme, f"{case}: README is one line"
        assert expected(case), case
        assert expected(case) != ["ACCEPTED"], case


@pytest.mark.parametrize("case", [c for c in BROKEN if c not in WHOLE_FILE])
def test_expected_names_file_and_line(case):
    assert any(re.fullmatch(r"[a-z0-9_]+\.csv:\d+", s) for s in expected(case)), case


# --- broken inputs ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", BROKEN)
def test_broken_input_is_reported(case, baseline, tmp_path, capsys):
    raw, out = raw_with(case, tmp_path), tmp_path / "out"
    write_out(baseline, out)  # the outputs of a first successful build
    capsys.readouterr()
    code = pipeline.main(["--raw", str(raw), "--out", str(out)])
    printed = capsys.readouterr()
    assert code == 1, printed.out + printed.err
    assert "Traceback" not in printed.out + printed.err
    assert printed.err.startswith("make data stopped: ")
    assert snapshot(out) == baseline, "data/processed/ changed"
    missing = [s for s in expected(case) if s not in printed.err]
    assert not missing, f"{case}: missing {missing} in:\n{printed.err}"


# --- accepted exports -------------------------------------------------------------------------------------------
# Spreadsheet re-saves of the current raw tables, made at test time so that they never go stale.
def _as_spreadsheet(text: str, trailing_empty_row: bool) -> bytes:
    """A table as Polish Excel saves "CSV": Windows-1250, semicolons, CRLF (and often an empty row at the end)."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(rows)
    out = buf.getvalue() + (";" * (len(rows[0]) - 1) + "\r\n" if trailing_empty_row else "")
    return out.encode("cp1250")


def _raw_text(name: str) -> str:
    return (pipeline.RAW_DIR / name).read_text(encoding="utf-8")


ACCEPTED_EXPORTS = {
    "figures_cp1250_semicolon_crlf": lambda: {"figures.csv": _as_spreadsheet(_raw_text("figures.csv"), True)},
    "figures_utf8_bom": lambda: {"figures.csv": b"\xef\xbb\xbf" + (pipeline.RAW_DIR / "figures.csv").read_bytes()},
    "all_tables_cp1250_semicolon_crlf": lambda: {
        name: _as_spreadsheet(_raw_text(name), True) for name in RAW if name != "known_discrepancies.csv"},
}


@pytest.mark.parametrize("case", sorted(ACCEPTED_EXPORTS))
def test_accepted_export_builds_the_same_outputs(case, baseline, tmp_path, capsys):
    raw, out = copy_raw(tmp_path), tmp_path / "out"
    for name, content in ACCEPTED_EXPORTS[case]().items():
        (raw / name).write_bytes(content)
    code = pipeline.main(["--raw", str(raw), "--out", str(out)])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert snapshot(out) == baseline


def test_accepted_exports_are_what_they_claim():
    fig = ACCEPTED_EXPORTS["figures_cp1250_semicolon_crlf"]()["figures.csv"]
    with pytest.raises(UnicodeDecodeError):
        fig.decode("utf-8")
    text = fig.decode("cp1250")
    assert text.startswith("figure_id;source_id;") and "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert text.endswith("\r\n;;;;;;;;;;;\r\n")


# --- property: one mutated money cell gives a DataError or a build, never another exception ---------------------
_FIGURES = list(csv.reader(io.StringIO((pipeline.RAW_DIR / "figures.csv").read_text(encoding="utf-8"), newline="")))
_VALUE, _UNIT = _FIGURES[0].index("value_as_printed"), _FIGURES[0].index("unit")
_MONEY_ROWS = [i for i, r in enumerate(_FIGURES) if i and r[_UNIT] == "pln"]

# amount-like text, at most 16 characters of digits and separators (longer amounts: see the known gap at the end)
amount_like = st.from_regex(
    r"\A(ok\. |około |min\. |ponad |blisko |do |co najmniej )?[0-9 .,OIl\-–]{0,16}( ?zł| ?PLN|,-zł)?\Z")


@pytest.fixture(scope="module")
def mutable_raw(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("property") / "raw"
    shutil.copytree(pipeline.RAW_DIR, raw)
    return raw


@settings(max_examples=20, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(row=st.sampled_from(_MONEY_ROWS), value=st.one_of(st.text(max_size=40), amount_like))
def test_any_text_in_a_money_cell_is_a_data_error_or_builds(mutable_raw, row, value):
    rows = [list(r) for r in _FIGURES]
    rows[row][_VALUE] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (mutable_raw / "figures.csv").write_text(buf.getvalue(), encoding="utf-8")
    try:
        pipeline.build(pipeline.load_raw(mutable_raw))
    except DataError as err:
        assert err.problems and str(err)


# Amounts beyond 13 digits of whole złoty are typing errors (and would overflow exact int64 grosze): they are
# rejected on their raw line like any malformed amount. Non-ASCII digits are not digits of a Polish amount.
@pytest.mark.parametrize("value", ["99 999 999 999 999 999,00 zł", "9999999999999999999999999,00 zł", "٣٤ zł",
                                   "１２ zł"])
def test_an_amount_too_large_is_reported_on_its_line(mutable_raw, value, tmp_path):
    rows = [list(r) for r in _FIGURES]
    # the EU co-financing of 'Włącz się!' ("Dofinansowanie projektu z UE: 4 080 000,00 zł"), wherever it is
    line = next(i for i, r in enumerate(rows, start=1) if r[0].startswith("slaskie-wlacz-sie:")
                and r[_FIGURES[0].index("measure")] == "funding_eu")
    rows[line - 1][_VALUE] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (mutable_raw / "figures.csv").write_text(buf.getvalue(), encoding="utf-8")
    with pytest.raises(DataError) as err:
        pipeline.run(mutable_raw, tmp_path / "out")
    # the parser's message, in the same run as the rule that the value is not in its quote
    message = str(err.value)
    assert f"figures.csv:{line} column 'value_as_printed': found {value!r} — expected a Polish amount" in message
    assert f"figures.csv:{line} column 'value_as_printed': found {value!r} — expected text that occurs" in message
