"""Every raw table goes through the one schema and message path: a broken typed cell of any table (of the data
dictionary, so a table added later is covered) is reported by `make data` with its file, line and column, never as
a traceback; one run reports every problem it can find; a long list of problems is cut, saying how many more."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.clean import pipeline
from analysis.clean.documents import add_source
from analysis.clean.registers import percent_text
from analysis.core.dictionary import ID_MAX_LENGTH, RAW, Column
from analysis.core.errors import MAX_SHOWN, DataError, Problem
from analysis.paths import SOURCES_DIR


def copy_raw(tmp_path: Path) -> Path:
    """data/raw and data/sources side by side (make data finds the documents' texts beside raw/)."""
    raw = tmp_path / "raw"
    shutil.copytree(pipeline.RAW_DIR, raw)
    shutil.copytree(SOURCES_DIR, tmp_path / "sources")
    return raw


def read_rows(path: Path) -> tuple[list[list[str]], list[int]]:
    """The rows of a raw table (the header first) and the file line each starts on."""
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    rows, lines, end = [], [], 0
    for row in reader:
        rows.append(row)
        lines.append(end + 1)
        end = reader.line_num
    return rows, lines


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def set_cell(raw: Path, table: str, row: int, column: str, value: str) -> int:
    """Put ``value`` in data row ``row`` (0 = the first after the header) of ``column``; returns its file line."""
    rows, lines = read_rows(raw / table)
    rows[1 + row][rows[0].index(column)] = value
    write_rows(raw / table, rows)
    return lines[1 + row]


def make_data(raw: Path, out: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = pipeline.main(["--raw", str(raw), "--out", str(out)])
    printed = capsys.readouterr()
    return code, printed.out + printed.err


def typed_columns(table) -> list[Column]:
    """The columns whose form the dictionary states: ids, patterns (codes, dates, percentages), lists of values."""
    return [c for c in table.columns if c.pattern is not None or c.allowed is not None or c.dtype in ("id", "date")]


def broken_value(column: Column) -> str:
    """A value of the right look but wrong for ``column``: a day that does not exist for a date, else markup that
    no id, pattern or list of values takes."""
    return "2023-02-30" if column.dtype == "date" else "<broken>"


# --- every table of the dictionary -------------------------------------------------------------------------------
@pytest.mark.parametrize("table", sorted(RAW))
def test_a_broken_typed_cell_of_every_table_is_reported_with_file_line_and_column(table, tmp_path, capsys):
    """Each typed column of the table broken in its own row (rows reused when the table is short), all in one run:
    each is named by file, line and column, with the value found."""
    raw = copy_raw(tmp_path)
    rows, _ = read_rows(raw / table)
    if len(rows) == 1:  # a register that may be empty (known_discrepancies.csv) gets one row to break
        write_rows(raw / table, [rows[0], ["x"] * len(rows[0])])
        rows, _ = read_rows(raw / table)
    columns = typed_columns(RAW[table])
    assert columns, f"{table}: the dictionary states the form of none of its columns"
    broken = {c.name: set_cell(raw, table, i % (len(rows) - 1), c.name, broken_value(c))
              for i, c in enumerate(columns)}
    code, printed = make_data(raw, tmp_path / "out", capsys)
    assert code == 1, printed
    assert "Traceback" not in printed
    missing = [f"{table}:{line} column {name!r}: found {broken_value(RAW[table].column(name))!r}"
               for name, line in broken.items()
               if f"{table}:{line} column {name!r}: found {broken_value(RAW[table].column(name))!r}" not in printed]
    assert not missing, f"not reported: {missing}\n{printed}"


def test_a_date_that_is_no_day_is_reported_wherever_dates_are(tmp_path, capsys):
    """'2023-02-30' has the form of an ISO date: the schema reads it as a day of the calendar (it used to reach
    pandas as a ValueError in programmes.csv and rules.csv)."""
    raw = copy_raw(tmp_path)
    dated = [(name, c.name) for name, t in RAW.items() for c in t.columns if c.dtype == "date"]
    assert {("programmes.csv", "eligible_until"), ("rules.csv", "applies_from")} <= set(dated)
    lines = {(name, col): set_cell(raw, name, 0, col, "2023-02-30") for name, col in dated}
    code, printed = make_data(raw, tmp_path / "out", capsys)
    assert code == 1 and "Traceback" not in printed
    for (name, col), line in lines.items():
        assert f"{name}:{line} column '{col}': found '2023-02-30' — expected a date of the calendar" in printed


def test_a_programme_cap_with_a_decimal_comma_is_read():
    """'85,5%' (a Polish decimal comma) is 0.855, as '85.5%' is; it used to stop pyarrow with ArrowInvalid."""
    caps = percent_text(pd.Series(["85,5%", "85.5%", "60%", ""], dtype="str"))
    assert caps.iloc[:3].tolist() == [0.855, 0.855, 0.6]
    assert caps.isna().tolist() == [False, False, False, True]


# --- one run reports everything --------------------------------------------------------------------------------
def _figure_row(raw: Path, predicate) -> int:
    rows, _ = read_rows(raw / "figures.csv")
    head = rows[0]
    return next(i - 1 for i, r in enumerate(rows[1:], start=1) if predicate(dict(zip(head, r))))


def test_one_run_reports_every_problem_of_every_table(tmp_path, capsys):
    """Seven problems of five tables and three stages (schema, parsing, quotes, row rules): a bad row of
    figures.csv hides neither the other rows' parse and quote errors nor the other tables' problems."""
    raw = copy_raw(tmp_path)
    money = _figure_row(raw, lambda r: r["unit"] == "pln" and r["transcription"] == "as_printed")
    other = _figure_row(raw, lambda r: r["unit"] == "persons" and r["transcription"] == "as_printed")
    quoted = _figure_row(raw, lambda r: r["unit"] == "text")
    rows, _ = read_rows(raw / "figures.csv")
    quote = rows[1 + quoted][rows[0].index("quote")]
    expected = [
        f"figures.csv:{set_cell(raw, 'figures.csv', other, 'unit', 'people')} column 'unit': found 'people'",
        f"figures.csv:{set_cell(raw, 'figures.csv', money, 'value_as_printed', '4 800 OOO,00 zł')} column "
        "'value_as_printed': found '4 800 OOO,00 zł' — expected a Polish amount",
        f"figures.csv:{set_cell(raw, 'figures.csv', quoted, 'quote', quote + ' (not in the document)')} column "
        "'quote'",
        f"projects.csv:{set_cell(raw, 'projects.csv', 0, 'level', 'programme')} column 'level': found 'programme'",
        f"programmes.csv:{set_cell(raw, 'programmes.csv', 0, 'max_eu_share', 'nan')} column 'max_eu_share': "
        "found 'nan'",
        f"cpi_pl_annual.csv:{set_cell(raw, 'cpi_pl_annual.csv', 1, 'cpi_prev_year_100', '10l.6')} column "
        "'cpi_prev_year_100': found '10l.6'",
        f"sources.csv:{set_cell(raw, 'sources.csv', 0, 'notes', '=1+1')} column 'notes': found '=1+1' — expected "
        "text that does not start with =",
    ]
    code, printed = make_data(raw, tmp_path / "out", capsys)
    assert code == 1 and "Traceback" not in printed
    missing = [e for e in expected if e not in printed]
    assert not missing, f"not reported in the same run: {missing}\n{printed}"


# --- long lists and long values --------------------------------------------------------------------------------
def test_a_message_lists_the_first_problems_and_counts_the_rest(tmp_path, capsys):
    """Every figure's unit broken: the message lists MAX_SHOWN problems and says how many more there are, by file
    (10 000 bad rows used to print 11.6 MB)."""
    raw = copy_raw(tmp_path)
    rows, _ = read_rows(raw / "figures.csv")
    k = rows[0].index("unit")
    for r in rows[1:]:
        r[k] = "people"
    write_rows(raw / "figures.csv", rows)
    with pytest.raises(DataError) as err:
        pipeline.run(raw, tmp_path / "out")
    n = len(err.value.problems)
    assert n > MAX_SHOWN
    code, printed = make_data(raw, tmp_path / "out", capsys)
    assert code == 1
    listed = [line for line in printed.splitlines() if line.startswith("  figures.csv:")]
    assert len(listed) == MAX_SHOWN
    assert f"make data stopped: {n} data problems (the first {MAX_SHOWN} listed):" in printed
    assert f"… and {n - MAX_SHOWN} more (figures.csv: {n - MAX_SHOWN})" in printed


def test_many_problems_make_a_short_message():
    problems = [Problem("figures.csv", line, "unit", "people", "a unit") for line in range(2, 10_002)]
    message = str(DataError(problems))
    assert len(message.splitlines()) == 1 + MAX_SHOWN + 1
    assert message.endswith(f"… and {10_000 - MAX_SHOWN} more (figures.csv: {10_000 - MAX_SHOWN}): fix these and "
                            "run again to see them")


def test_a_source_id_too_long_for_a_file_name_is_a_data_problem(tmp_path, capsys):
    """A 3 000-character source_id used to reach the file system (OSError: file name too long); the schema says
    the limit, and the value is shown by its start and its length."""
    raw = copy_raw(tmp_path)
    long_id = "a" * 3000
    line = set_cell(raw, "sources.csv", 0, "source_id", long_id)
    code, printed = make_data(raw, tmp_path / "out", capsys)
    assert code == 1 and "Traceback" not in printed
    assert f"sources.csv:{line} column 'source_id'" in printed
    assert f"(3000 characters) — expected an id of at most {ID_MAX_LENGTH} characters" in printed
    assert long_id not in printed


def test_adding_a_document_under_an_id_too_long_is_refused(tmp_path):
    raw = copy_raw(tmp_path)
    text = tmp_path / "doc.txt"
    text.write_text("Tekst dokumentu.", encoding="utf-8")
    with pytest.raises(DataError, match=f"at most {ID_MAX_LENGTH} characters"):
        add_source(text, "a" * 3000, {"publisher": "X", "title": "Y"}, raw_dir=raw, sources_dir=tmp_path / "sources")
    assert (raw / "sources.csv").read_bytes() == (pipeline.RAW_DIR / "sources.csv").read_bytes()


def test_a_stray_nul_byte_is_reported_with_its_line_and_field(tmp_path):
    """Issue 22: a NUL byte was reported without a line ("this looks like UTF-16"); one stray byte is located."""
    from analysis.clean.rawio import read_raw

    path = tmp_path / "notes.csv"
    path.write_bytes(b"id,note\na,first\nb,sec\x00ond\n")
    with pytest.raises(DataError) as err:
        read_raw(path, ["id", "note"])
    [problem] = err.value.problems
    assert (problem.table, problem.line, problem.column) == ("notes.csv", 3, "note")
    assert "NUL" in str(problem.value)


def test_utf16_is_still_named_as_such(tmp_path):
    from analysis.clean.rawio import read_raw

    path = tmp_path / "notes.csv"
    path.write_bytes("id,note\na,first\n".encode("utf-16"))
    with pytest.raises(DataError, match="looks like UTF-16"):
        read_raw(path, ["id", "note"])


def test_a_cell_of_megabytes_is_named_with_its_line_not_a_parser_message(tmp_path):
    """A 50 MB cell gave pyarrow's "straddling object straddles two block boundaries", with no line."""
    from analysis.clean.rawio import MAX_CELL_CHARS, read_raw

    path = tmp_path / "notes.csv"
    path.write_text("id,note\na,first\nb," + "x" * (5 * 1024 * 1024) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_raw(path, ["id", "note"])
    [problem] = err.value.problems
    assert problem.line == 3 and f"{MAX_CELL_CHARS:,}".replace(",", " ") in problem.expected
    assert "straddl" not in str(err.value) and "5 242 882 characters" in str(problem.value)
