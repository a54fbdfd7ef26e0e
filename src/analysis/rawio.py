"""Reading hand-typed CSV tables, and writing generated ones without ever leaving a half-written file.

Accepted exports (documented in data/raw/README.md): UTF-8 with or without a byte-order mark, or Windows-1250
(what Excel on a Polish Windows saves as "CSV"); comma or semicolon as delimiter (Polish spreadsheets use the
semicolon because the decimal separator is a comma); LF or CRLF line ends; rows that are entirely empty (a
spreadsheet's trailing rows) are ignored. Everything else stops with a message naming the file, the line, the
column, the value and what was expected. Every cell is read as text: parsing happens in code.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.errors import DataError, Problem


@dataclass(frozen=True)
class RawTable:
    """A raw table as text, with the file line of each row (for error messages) and how it was read."""

    name: str
    frame: pd.DataFrame
    lines: pd.Series
    encoding: str
    delimiter: str


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    if b"\x00" in raw:
        raise DataError([Problem(name, None, None, None, "a text CSV file (this looks like UTF-16 or a binary "
                                 "file: save it as 'CSV UTF-8')")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return raw.decode("cp1250"), "windows-1250"
        except UnicodeDecodeError:
            line = raw[: utf8_error.start].count(b"\n") + 1
            bad = raw[utf8_error.start: utf8_error.start + 4]
            raise DataError([Problem(name, line, None, repr(bad), "UTF-8 or Windows-1250 text")]) from None


def _delimiter(header: str) -> str:
    """Comma unless the header line uses semicolons only."""
    return ";" if header.count(";") > 0 and header.count(",") == 0 else ","


_PARSER_LINE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_PARSER_EOF = re.compile(r"EOF inside string starting at row (\d+)")


def _parser_problem(name: str, err: Exception) -> Problem:
    msg = str(err)
    if m := _PARSER_LINE.search(msg):
        return Problem(name, int(m[2]), None, None,
                       f"{m[1]} fields as in the header, found {m[3]} (a stray delimiter, or a value with a comma "
                       "that is not in quotes)")
    if m := _PARSER_EOF.search(msg):
        return Problem(name, int(m[1]) + 1, None, None,
                       "a closing double quote: the file ends inside a quoted value (truncated file?)")
    return Problem(name, None, None, None, f"a readable CSV file ({msg.strip()})")


def read_raw(path: Path, columns: list[str]) -> RawTable:
    """Read a raw CSV as text, checking its header against ``columns`` and every row's length."""
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(name, None, None, None, f"the file {path.as_posix()} to exist")]) from None
    text, encoding = _decode(raw, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DataError([Problem(name, 1, None, None, f"a header line: {','.join(columns)}")])
    header = text.split("\n", 1)[0]
    delim = _delimiter(header)
    try:
        df = pd.read_csv(io.StringIO(text), sep=delim, dtype="str", keep_default_na=False, na_filter=False,
                         skip_blank_lines=False, engine="c")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as err:
        raise DataError([_parser_problem(name, err)]) from None
    df.columns = [str(c).strip() for c in df.columns]
    problems = _header_problems(name, list(df.columns), columns)
    if problems:
        raise DataError(problems)
    # file line of each row: header is line 1; values with line breaks push later rows down
    breaks = df.apply(lambda col: col.str.count("\n").fillna(0)).sum(axis=1).astype("int64") if len(df) else (
        pd.Series([], dtype="int64"))
    lines = pd.Series(2 + pd.RangeIndex(len(df)), index=df.index) + breaks.shift(fill_value=0).cumsum()
    short = df.isna().any(axis=1)
    if short.any():
        raise DataError([
            Problem(name, int(lines[i]), None, None,
                    f"{len(columns)} fields as in the header, found fewer (a truncated line?)")
            for i in short[short].index
        ])
    empty = (df == "").all(axis=1)
    df, lines = df[~empty], lines[~empty]
    if df.empty:
        raise DataError([Problem(name, 2, None, None, "at least one row of data after the header")])
    return RawTable(name, df[columns].reset_index(drop=True), lines.reset_index(drop=True), encoding, delim)


def _header_problems(name: str, found: list[str], expected: list[str]) -> list[Problem]:
    problems = [Problem(name, 1, c, None, "a column of this name (missing or renamed)")
                for c in expected if c not in found]
    problems += [Problem(name, 1, c, c, f"only the columns {', '.join(expected)}")
                 for c in found if c not in expected]
    dupes = {c for c in found if found.count(c) > 1}
    problems += [Problem(name, 1, c, c, "each column once") for c in sorted(dupes)]
    if any(c.startswith("Unnamed:") for c in found):
        problems.append(Problem(name, 1, None, None, "a name for every column (an empty header cell)"))
    return problems


# --- writing ----------------------------------------------------------------------------------------------------
def write_atomically(files: dict[Path, str]) -> list[Path]:
    """Write every file to a temporary sibling first, then rename them into place; return the files changed.

    Nothing is renamed until every temporary file is written, so a failure leaves the previous outputs intact.
    A file whose content is unchanged is not touched, so its modification time stays and `make` rebuilds only
    what depends on tables that really changed.
    """
    temps: list[tuple[str, Path]] = []
    try:
        for path, content in files.items():
            if path.exists() and path.read_bytes() == content.encode("utf-8"):
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(content)
            temps.append((tmp, path))
        for tmp, path in temps:
            os.replace(tmp, path)
        return [path for _, path in temps]
    finally:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)
