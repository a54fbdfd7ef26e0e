"""The documents' texts in ``data/sources/``: stored, registered with their checksum, and checked against the quotes.

Naming rule: the text of the document ``<source_id>`` (a row of ``data/raw/sources.csv``) is
``data/sources/<source_id>.txt``, UTF-8, exactly as extracted; its sha256 is the row's ``sha256``, so a changed or
swapped text is caught. ``make data`` (:func:`document_problems`, :func:`quote_problems`) stops when a text is
missing, differs from its checksum or lacks a quote; ``check`` also lists the digits of a document that no figure,
project or ``not_figures.csv`` quote covers yet (the completeness rule, :func:`uncovered_digits`). An exclusion
covers digits only with its context (:data:`~analysis.core.dictionary.EXCLUSION_QUOTE_PATTERN`). The command line
is :mod:`analysis.clean.sources`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from analysis.core.dictionary import EXCLUSION_QUOTE_PATTERN
from analysis.core.errors import DataError, Problem
from analysis.paths import RAW_DIR, SOURCES_DIR, shown

QUOTED = ("figures.csv", "projects.csv", "not_figures.csv", "known_discrepancies.csv", "rules.csv")
"""Raw tables whose ``quote`` must occur verbatim in the text of the row's ``source_id``."""


def text_path(sources_dir: Path, source_id: str) -> Path:
    """The one naming rule: data/sources/<source_id>.txt."""
    return sources_dir / f"{source_id}.txt"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def normalise(text: str) -> str:
    """Text as compared with the quotes: NFC (the raw tables are NFC-normalised on reading too)."""
    return unicodedata.normalize("NFC", text)




# --- checks (make data, check, tests) ---------------------------------------------------------------------------
def document_problems(sources, sources_dir: Path) -> tuple[dict[str, str], list[Problem]]:
    """(texts by source_id, problems): every registered document's text must exist, be UTF-8 and match its sha256.

    ``sources`` is the raw sources table (a :class:`~analysis.clean.rawio.RawTable`)."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    frame, lines = sources.frame, sources.lines
    for i, sid in enumerate(frame["source_id"]):
        line = int(lines.iloc[i])
        path = text_path(sources_dir, sid)
        if not path.is_file():
            problems.append(Problem("sources.csv", line, "source_id", sid, (
                f"the document's text in {shown(path)} (store it with `python -m analysis.clean.sources add "
                f"FILE.txt --id {sid} ...`; the file name is <source_id>.txt)")))
            continue
        data = path.read_bytes()
        recorded, actual = frame["sha256"].iloc[i], sha256_of(data)
        if recorded != actual:
            problems.append(Problem("sources.csv", line, "sha256", recorded, (
                f"{actual}, the sha256 of {shown(path)}: the text is not the one registered (restore it; if the "
                "new text is the right one, put its sha256 here and re-check every quote)")))
        try:
            texts[sid] = normalise(data.decode("utf-8"))
        except UnicodeDecodeError as err:
            problems.append(Problem(shown(path), None, None, None,
                                    f"UTF-8 text (byte {err.start} is not UTF-8: save the text as UTF-8)"))
    return texts, problems


def quote_problems(tables: dict, texts: dict[str, str]) -> list[Problem]:
    """Every quote of the quoted raw tables must occur verbatim in its document (NFC on both sides)."""
    problems: list[Problem] = []
    for name in QUOTED:
        t = tables.get(name)
        if t is None:
            continue
        for line, sid, quote in zip(t.lines, t.frame["source_id"], t.frame["quote"]):
            text = texts.get(sid)
            if text is not None and quote and quote not in text:
                problems.append(Problem(name, int(line), "quote", quote, (
                    f"words that occur verbatim in data/sources/{sid}.txt (copy them from the text character for "
                    "character: spaces, dashes and quotation marks included)")))
    return problems


def quotes_by_source(tables: dict) -> dict[str, list[str]]:
    """The quotes that cover digits, by source_id: every quote of the quoted tables but an exclusion without its
    context. ``make data`` refuses such a row (the schema of not_figures.csv); here it covers nothing either, so that
    rows '0' … '9' cannot make the check pass whoever calls it."""
    out: dict[str, list[str]] = {}
    for name in QUOTED:
        t = tables.get(name)
        if t is None:
            continue
        for sid, q in zip(t.frame["source_id"], t.frame["quote"]):
            if name == "not_figures.csv" and not has_context(q):
                continue
            out.setdefault(sid, []).append(q)
    return out


def has_context(exclusion_quote: str) -> bool:
    """Whether an exclusion's quote holds the words around its digits (the rule of the not_figures.csv schema)."""
    return re.fullmatch(EXCLUSION_QUOTE_PATTERN, exclusion_quote) is not None


def uncovered_digits(text: str, quotes: list[str]) -> list[tuple[int, str]]:
    """Digit runs of ``text`` that no quote covers: (character position, digits)."""
    covered = bytearray(len(text))
    for q in quotes:
        if not q:
            continue
        for m in re.finditer(re.escape(q), text):
            covered[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return [(m.start(), m.group()) for m in re.finditer(r"[0-9]+", text) if not all(covered[m.start():m.end()])]


@dataclass(frozen=True)
class Uncovered:
    source_id: str
    line: int  # line of the document's text, 1-based
    position: int
    digits: str
    context: str

    def __str__(self) -> str:
        return (f"data/sources/{self.source_id}.txt:{self.line}: {self.digits!r} in …{self.context}… — expected a "
                "figure (figures.csv), or a project quote, or an exclusion in not_figures.csv whose quote holds it "
                "with the words around it")


def coverage(texts: dict[str, str], tables: dict, source_ids: list[str] | None = None) -> list[Uncovered]:
    """Digits of the documents not yet transcribed nor excluded (all documents, or those named)."""
    quotes = quotes_by_source(tables)
    out: list[Uncovered] = []
    for sid in source_ids if source_ids is not None else sorted(texts):
        text = texts[sid]
        for pos, digits in uncovered_digits(text, quotes.get(sid, [])):
            context = text[max(0, pos - 30):pos + len(digits) + 30].replace("\n", " ")
            out.append(Uncovered(sid, text.count("\n", 0, pos) + 1, pos, digits, context))
    return out


# --- add ----------------------------------------------------------------------------------------------------------
def add_source(file: Path, source_id: str, fields: dict[str, str], raw_dir: Path = RAW_DIR,
               sources_dir: Path = SOURCES_DIR) -> Path:
    """Store ``file`` as data/sources/<source_id>.txt and append its row (with sha256) to sources.csv.

    Refuses an id already registered, an id that is not a slug, a text that is not UTF-8, and an existing text
    file with other content; nothing is written unless everything is right."""
    from analysis.clean.rawio import read_raw
    from analysis.core.dictionary import ID_MAX_LENGTH, ID_PATTERN, RAW

    spec = RAW["sources.csv"]
    table = read_raw(raw_dir / "sources.csv", spec.names)
    line_of = dict(zip(table.frame["source_id"], table.lines))
    if not re.fullmatch(ID_PATTERN, source_id) or len(source_id) > ID_MAX_LENGTH:
        raise DataError([Problem("--id", None, None, source_id, "a slug of lower-case letters, digits and hyphens "
                                 f"(e.g. lodz-mops-aktywni), at most {ID_MAX_LENGTH} characters")])
    if source_id in line_of:
        raise DataError([Problem("sources.csv", int(line_of[source_id]), "source_id", source_id,
                                 "a source_id not yet registered (choose another id, or edit that row)")])
    data = file.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataError([Problem(str(file), None, None, None, f"UTF-8 text (byte {err.start} is not UTF-8)")]) \
            from None
    dest = text_path(sources_dir, source_id)
    if dest.exists() and dest.read_bytes() != data:
        raise DataError([Problem(shown(dest), None, None, None, "no other text stored under this id (remove it "
                                 "first if it is a stale copy)")])
    row = {c: "" for c in spec.names}
    row.update({k: v for k, v in fields.items() if k in row and v is not None})
    row.update(source_id=source_id, seed_file=row["seed_file"] or file.name, sha256=sha256_of(data))
    missing = [c.name for c in spec.columns if c.required and not row[c.name]]
    if missing:
        raise DataError([Problem("sources.csv", None, c, None, f"a value for --{c.replace('_', '-')}")
                         for c in missing])
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(data)
    _append_row(raw_dir / "sources.csv", [row[c] for c in spec.names], table.delimiter, table.encoding)
    return dest


def _append_row(path: Path, values: list[str], delimiter: str, encoding: str) -> None:
    """Append one CSV row in the file's own delimiter and encoding, after a line end."""
    raw = path.read_bytes()
    newline = b"\r\n" if b"\r\n" in raw else b"\n"
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=newline.decode()).writerow(values)
    prefix = b"" if raw.endswith((b"\n", b"\r")) else newline
    with path.open("ab") as fh:
        fh.write(prefix + buf.getvalue().encode("cp1250" if encoding == "windows-1250" else "utf-8"))


