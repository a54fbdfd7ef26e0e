"""Reading hand-typed CSV tables, and writing generated ones without ever leaving a half-written file.

Accepted exports (documented in data/raw/README.md): UTF-8 with or without a byte-order mark, or Windows-1250
(what Excel on a Polish Windows saves as "CSV") when the file shows it is not ISO-8859-2 (Latin-2), which reads
the same bytes as other letters; comma or semicolon as delimiter (Polish spreadsheets use the
semicolon because the decimal separator is a comma); LF or CRLF line ends; rows that are entirely empty (a
spreadsheet's trailing rows) are ignored. Everything else stops with a message naming the file, the line, the
column, the value and what was expected. Every cell is read as text: parsing happens in code. Text is normalised
to Unicode NFC on reading, so a letter typed in decomposed form (e + combining ogonek, as some Mac and web copies
produce) equals the composed one.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from analysis.core.errors import DataError, Problem
from analysis.core.files import TEMP_GLOB, temp_sibling


def _read_fields(text: str, delim: str, names: list[str]) -> pd.DataFrame:
    """Every field as text, with pyarrow's CSV reader (fast, multithreaded, and strict: a line with a different
    number of fields than the header raises instead of being padded). Empty lines stay as rows of empty cells so
    that row positions map to file lines."""
    table = pacsv.read_csv(
        io.BytesIO(text.encode("utf-8")),
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
        parse_options=pacsv.ParseOptions(delimiter=delim, newlines_in_values=True, ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in names},
                                             strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    return table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow", na_value=float("nan"))}.get)


@dataclass(frozen=True)
class RawTable:
    """A raw table as text, with the file line of each row (for error messages) and how it was read."""

    name: str
    frame: pd.DataFrame
    lines: pd.Series
    encoding: str
    delimiter: str


MAX_CELL_CHARS = 100_000
"""The longest cell a raw table may hold: a quote or a note is at most a few paragraphs; a longer cell is a document
pasted by mistake (pyarrow's own message for a 50 MB cell was "straddling object straddles two block boundaries")."""


def _nul_problem(raw: bytes, name: str) -> Problem:
    """Where the first NUL byte is: a file of many (UTF-16, a binary) is no text; a single one is a stray byte."""
    at = raw.index(b"\x00")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw.count(b"\x00") > len(raw) // 10:
        return Problem(name, None, None, None, "a text CSV file (this looks like UTF-16 or a binary file: save it "
                       "as 'CSV UTF-8')")
    line = raw.count(b"\n", 0, at) + 1
    column = _column_at(raw.decode("latin-1"), at)  # one character per byte: positions stay those of the bytes
    return Problem(name, line, column, "NUL (byte 0)", f"text without NUL bytes (one at byte {at} of the file: "
                   "delete it in a text editor)")


_LONG_LINE_RE = re.compile(r"[^\n]{" + str(MAX_CELL_CHARS + 1) + ",}")


def _long_cell_problems(name: str, text: str) -> list[Problem]:
    """Lines longer than a cell may be, before the CSV reader sees them (its message names no line)."""
    problems = []
    for match in _LONG_LINE_RE.finditer(text):
        number = text.count("\n", 0, match.start()) + 1
        shown = f"{match.group()[:40]}… ({_spaced(len(match.group()))} characters)"
        problems.append(Problem(name, number, None, shown, f"cells of at most {_spaced(MAX_CELL_CHARS)} characters "
                                "(a whole document pasted into a cell? the documents' texts belong in "
                                "data/sources/)"))
    return problems


def _spaced(n: int) -> str:
    """12 345 678: digits grouped by spaces, as the documents print them."""
    return f"{n:,}".replace(",", " ")


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    if b"\x00" in raw:
        raise DataError([_nul_problem(raw, name)])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("cp1250")
        except UnicodeDecodeError as cp1250_error:
            # A file with valid UTF-8 letters before the bad byte is a UTF-8 file: the bad byte is where UTF-8 fails.
            # Otherwise it is read as Windows-1250 and the bad byte is where that fails (possibly much later).
            utf8_before = any(b >= 0x80 for b in raw[: utf8_error.start])
            at = utf8_error.start if utf8_before else cp1250_error.start
            line_start = raw.rfind(b"\n", 0, at) + 1
            line_end = raw.find(b"\n", at)
            line_bytes = raw[line_start: len(raw) if line_end < 0 else line_end].rstrip(b"\r")
            context = line_bytes[max(0, at - line_start - 20): at - line_start + 20]
            shown = context.decode("utf-8" if utf8_before else "cp1250", errors="replace")
            raise DataError([Problem(name, raw[:at].count(b"\n") + 1, None, shown,
                                     f"UTF-8 or Windows-1250 text (byte 0x{raw[at]:02X} is neither; the "
                                     "replacement mark \ufffd shows where it is)")]) from None
        ambiguous = _latin2_doubt(raw, text, name)
        if ambiguous is not None:
            raise DataError([ambiguous]) from None
        return text, "windows-1250"


# Windows-1250 and ISO-8859-2 (Latin-2) share every letter of Polish but six (and nine other signs) sit at other
# bytes: 0xB9 is 'ą' in Windows-1250 and 'š' in Latin-2, 0xB1 the reverse. Bytes 0x80-0x9F are printable signs in
# Windows-1250 (ś, ź, „, –, …) and control characters in Latin-2, which no text holds: one of them settles it.
_DIFFERING = frozenset(b for b in range(0xA0, 0x100) if bytes([b]).decode("cp1250") != bytes([b]).decode("iso8859_2"))


def _latin2_doubt(raw: bytes, text: str, name: str) -> Problem | None:
    """The first character a Windows-1250 reading of ``raw`` cannot be sure of, or None when it can: the file has a
    byte that only Windows-1250 reads as text (0x80-0x9F), or none whose reading differs in Latin-2."""
    if any(0x80 <= b < 0xA0 for b in raw):
        return None
    at = next((i for i, b in enumerate(raw) if b in _DIFFERING), None)
    if at is None:
        return None
    line_start = raw.rfind(b"\n", 0, at) + 1
    context = raw[max(line_start, at - 20): at + 20].split(b"\n", 1)[0].rstrip(b"\r")
    byte = raw[at: at + 1]
    return Problem(name, raw[:at].count(b"\n") + 1, _column_at(text, at), context.decode("iso8859_2"),
                   f"text whose encoding can be told: character {at - line_start + 1} of the line, byte "
                   f"0x{byte[0]:02X}, is '{byte.decode('iso8859_2')}' in ISO-8859-2 (Latin-2) but "
                   f"'{byte.decode('cp1250')}' in Windows-1250, and nothing else in the file says which of the two "
                   "it is (shown as Latin-2); open the file in the encoding it was saved in and save it as 'CSV UTF-8'")


def _column_at(text: str, at: int) -> str | None:
    """Header name of the field that holds character ``at`` of ``text`` (a single-byte text: characters are
    bytes), or None when the character is in the header."""
    rows = list(csv.reader(io.StringIO(text[: at + 1], newline=""), delimiter=_delimiter(text.split("\n", 1)[0])))
    if len(rows) < 2:
        return None
    header = rows[0]
    field = len(rows[-1]) - 1
    return header[field].strip() if field < len(header) else None


def _delimiter(header: str) -> str:
    """Comma unless the header line uses semicolons only."""
    return ";" if header.count(";") > 0 and header.count(",") == 0 else ","


def _unterminated_line(text: str, delim: str) -> int:
    """File line where the unterminated quoted record starts: after the last record the csv module completed."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    end = 0
    try:
        for _ in reader:
            end = reader.line_num
    except csv.Error:
        pass
    return end + 1


def _records(text: str, delim: str) -> list[tuple[int, int]]:
    """(first file line, number of fields) of every record, the header included; a blank line has 0 fields."""
    out: list[tuple[int, int]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    end = 0
    try:
        for record in reader:
            out.append((end + 1, 0 if record == [] else len(record)))
            end = reader.line_num
    except csv.Error:  # whatever the csv module cannot read is reported with pyarrow's message
        pass
    return out


def _field_count_problems(name: str, text: str, delim: str, records: list[tuple[int, int]],
                          n: int) -> list[Problem]:
    """Every line with more or fewer fields than the header, with its file line (pyarrow's message names none).

    Blank lines, and spreadsheet rows of delimiters only, are not data: they are left to the caller.
    """
    problems = []
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        for (line, count), record in zip(records, rows):
            if count > n:
                problems.append(Problem(name, line, None, None,
                                        f"{n} fields as in the header, found {count} (a stray delimiter, or a "
                                        "value with a comma that is not in quotes)"))
            elif 0 < count < n and any(v.strip() for v in record):
                problems.append(Problem(name, line, None, None,
                                        f"{n} fields as in the header, found {count} (a truncated line, or a "
                                        "missing delimiter)"))
    except csv.Error:
        pass
    return problems


def read_raw(path: Path, columns: list[str], allow_empty: bool = False) -> RawTable:
    """Read a raw CSV as text, checking its header against ``columns`` and every row's length.

    ``allow_empty``: a header without rows is a valid table (a register that may be empty)."""
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(name, None, None, None, f"the file {path.as_posix()} to exist")]) from None
    text, encoding = _decode(raw, name)
    # NFC: a name typed in decomposed form (e + combining ogonek) is the same name as the composed one
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise DataError([Problem(name, 1, None, None, f"a header line: {','.join(columns)}")])
    header = text.split("\n", 1)[0]
    delim = _delimiter(header)
    # the header as written (a repeated or empty name is an error, not 'notes.1' or 'Unnamed: 3')
    written = [c.strip() for c in next(csv.reader(io.StringIO(header), delimiter=delim), [])]
    problems = _header_problems(name, written, columns) or _long_cell_problems(name, text)
    if problems:
        raise DataError(problems)
    try:
        df = _read_fields(text, delim, written)
    except pa.ArrowInvalid as err:  # a line with too many or too few fields, an unterminated quote
        if text.count('"') % 2:  # the file ends inside a quoted value
            raise DataError([Problem(name, _unterminated_line(text, delim), None, None,
                                     "a closing double quote: the file ends inside a quoted value "
                                     "(truncated file?)")]) from None
        problems = _field_count_problems(name, text, delim, _records(text, delim), len(columns))
        # what is left (e.g. a short row of delimiters only) has no line: pyarrow's own message says what it is
        raise DataError(problems or [Problem(name, None, None, None, f"a readable CSV file ({str(err).strip()})")]) \
            from None
    # file line of each row: header is line 1; values with line breaks push later rows down
    breaks = df.apply(lambda col: col.str.count("\n").fillna(0)).sum(axis=1).astype("int64") if len(df) else (
        pd.Series([], dtype="int64"))
    lines = pd.Series(2 + pd.RangeIndex(len(df)), index=df.index) + breaks.shift(fill_value=0).cumsum()
    empty = (df == "").all(axis=1)
    df, lines = df[~empty], lines[~empty]
    if df.empty and not allow_empty:
        raise DataError([Problem(name, 2, None, None, "at least one row of data after the header")])
    return RawTable(name, df[columns].reset_index(drop=True), lines.reset_index(drop=True), encoding, delim)


def _header_problems(name: str, found: list[str], expected: list[str]) -> list[Problem]:
    problems = [Problem(name, 1, c, None, "a column of this name (missing or renamed)")
                for c in expected if c not in found]
    problems += [Problem(name, 1, c, c, f"only the columns {', '.join(expected)}")
                 for c in found if c and c not in expected]
    dupes = {c for c in found if c and found.count(c) > 1}
    problems += [Problem(name, 1, c, c, "each column once") for c in sorted(dupes)]
    if "" in found:
        problems.append(Problem(name, 1, None, None, "a name for every column (an empty header cell)"))
    return problems


# --- writing ----------------------------------------------------------------------------------------------------


class WriteError(OSError):
    """An output could not be written (disk full, read-only folder); the message names the file and says that the
    previous outputs are intact."""


def remove_temporaries(folder: Path) -> list[Path]:
    """Remove leftover temporary files of interrupted runs from ``folder``; returns those removed."""
    removed = []
    if folder.is_dir():
        for tmp in sorted(folder.glob(TEMP_GLOB)):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def write_atomically(files: dict[Path, str], before_replace=None) -> list[Path]:
    """Write every file to a temporary sibling first, then rename them into place; return the files changed.

    Nothing is renamed until every temporary file is written, so a failure leaves the previous outputs intact, and
    no temporary file is left behind (a :class:`WriteError` names the file). A file whose content is unchanged is
    not touched, so its modification time stays and `make` rebuilds only what depends on tables that really
    changed. Files get the permissions of the user's umask (0644 under the usual 022), not mkstemp's 0600.
    ``before_replace`` is called once all temporary files are written and before the first rename, when there is
    something to rename (the pipeline removes its manifest there: a set half renamed is then "not built").
    """
    temps: list[tuple[str, Path]] = []
    current: Path | None = None
    replaced = 0
    try:
        for path, content in files.items():
            current = path
            data = content.encode("utf-8")
            if path.exists() and path.read_bytes() == data:
                continue
            temps.append((temp_sibling(path, data), path))
        if temps and before_replace is not None:
            current = None
            before_replace()
        for tmp, path in temps:
            current = path
            os.replace(tmp, path)
            replaced += 1
        return [path for _, path in temps]
    except OSError as err:
        what = f"could not write {current}" if current is not None else "could not prepare the outputs"
        state = ("The previous outputs are intact (nothing was replaced)" if not replaced else
                 "Some outputs were already replaced: the set is incomplete and marked as not built")
        raise WriteError(err.errno, f"{what}: {err.strerror or err}. {state}; no temporary file is left. Free some "
                         "space or fix the folder's permissions, then run again.") from err
    finally:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)
