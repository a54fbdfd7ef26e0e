"""The documents' texts in ``data/sources/``: stored, registered with their checksum, and checked against the quotes.

Naming rule: the text of the document ``<source_id>`` (a row of ``data/raw/sources.csv``) is
``data/sources/<source_id>.txt``, UTF-8, exactly as extracted; its sha256 is the row's ``sha256``, so a changed or
swapped text is caught. ``make data`` (:func:`document_problems`, :func:`quote_problems`) stops when a text is
missing, differs from its checksum or lacks a quote; ``check`` also lists the digits of a document that no figure,
project or ``not_figures.csv`` quote covers yet (the completeness rule, :func:`uncovered_digits`).

Command line::

    python -m analysis.clean.sources add FILE.txt --id SOURCE_ID --publisher ... --title ... [--kind web page]
        [--url ... --accessed YYYY-MM-DD] [--licence SPDX-ID --licence-note ...]
    python -m analysis.clean.sources check [SOURCE_ID ...]

Both take ``--raw DIR`` and ``--sources DIR`` (defaults: data/raw and data/sources).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from analysis.core.errors import DataError, Problem
from analysis.core.vocabulary import NO_LICENCE_NOTE, NO_LICENCE_STATED
from analysis.paths import RAW_DIR, SOURCES_DIR, shown

QUOTED = ("figures.csv", "projects.csv", "not_figures.csv", "known_discrepancies.csv")
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
    """Every quote of the quoted tables, by source_id."""
    out: dict[str, list[str]] = {}
    for name in QUOTED:
        t = tables.get(name)
        if t is None:
            continue
        for sid, q in zip(t.frame["source_id"], t.frame["quote"]):
            out.setdefault(sid, []).append(q)
    return out


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
                "figure (figures.csv), or a project quote, or an exclusion in not_figures.csv whose quote covers it")


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
    from analysis.core.dictionary import ID_PATTERN, RAW

    spec = RAW["sources.csv"]
    table = read_raw(raw_dir / "sources.csv", spec.names)
    line_of = dict(zip(table.frame["source_id"], table.lines))
    if not re.fullmatch(ID_PATTERN, source_id):
        raise DataError([Problem("--id", None, None, source_id, "a slug of lower-case letters, digits and hyphens "
                                 "(e.g. lodz-mops-aktywni)")])
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


# --- command line -------------------------------------------------------------------------------------------------
def check(source_ids: list[str], raw_dir: Path = RAW_DIR, sources_dir: Path = SOURCES_DIR, out=None) -> int:
    """Print what is wrong or missing for these documents (all when none is named); 0 when nothing is."""
    from analysis.clean import pipeline

    out = out or sys.stdout
    raw, table_problems, broken = pipeline.read_tables(raw_dir, sources_dir=None)
    if table_problems:  # shown first; the documents are still checked with whatever could be read
        print(DataError(table_problems), file=out)
    if "sources.csv" in broken or any(t not in raw for t in QUOTED):
        return 1
    known = set(raw["sources.csv"].frame["source_id"])
    unknown = [s for s in source_ids if s not in known]
    if unknown:
        print(f"not registered in sources.csv: {', '.join(unknown)} (add it with `python -m analysis.clean.sources "
              "add FILE.txt --id ID ...`)", file=out)
        return 1
    texts, problems = document_problems(raw["sources.csv"], sources_dir)
    wanted = source_ids or sorted(known)
    problems = [p for p in problems + quote_problems(raw, texts) if _about(p, raw, wanted)]
    digits = coverage(texts, raw, [s for s in wanted if s in texts])
    for p in sorted(problems, key=str):
        print(p, file=out)
    for u in digits:
        print(u, file=out)
    n_quotes = sum(1 for t in QUOTED for s in raw[t].frame["source_id"] if s in wanted)
    print(f"{len(wanted)} document(s), {n_quotes} quotes: {len(problems)} problem(s), {len(digits)} digit run(s) "
          "not yet transcribed or excluded", file=out)
    return 1 if problems or digits or table_problems else 0


def _about(p: Problem, raw: dict, wanted: list[str]) -> bool:
    """Whether a problem concerns one of the wanted documents (by the source_id of its row)."""
    if p.table in raw and p.line is not None:
        t = raw[p.table]
        hit = t.frame["source_id"][t.lines == p.line]
        return bool(len(hit)) and hit.iloc[0] in wanted
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis.clean.sources", description=__doc__.splitlines()[0])
    ap.add_argument("--raw", type=Path, default=RAW_DIR, help="raw tables (default data/raw)")
    ap.add_argument("--sources", type=Path, default=None, help="documents' texts (default: sources/ beside raw/)")
    sub = ap.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="store a document's text and register it in sources.csv")
    add.add_argument("file", type=Path)
    add.add_argument("--id", required=True, dest="source_id")
    add.add_argument("--publisher", required=True)
    add.add_argument("--title", required=True)
    add.add_argument("--kind", default="web page", choices=("web page", "slide deck"))
    add.add_argument("--url", default="", help="address of the document (where known)")
    add.add_argument("--language", default="pl", choices=("pl", "en"))
    add.add_argument("--published", default="", help="publication date as printed")
    add.add_argument("--accessed", default=dt.date.today().isoformat(), help="date you read it (default today)")
    add.add_argument("--licence", default=NO_LICENCE_STATED,
                     help=f"SPDX id of the licence the document states (default {NO_LICENCE_STATED})")
    add.add_argument("--licence-note", default=NO_LICENCE_NOTE, dest="licence_note",
                     help="what the document says about reuse (default: the note for a document that says nothing)")
    add.add_argument("--urls-named", default="", dest="urls_named")
    add.add_argument("--transcribed", default="", help="what you transcribed from it (can be filled in later)")
    add.add_argument("--notes", default="")
    chk = sub.add_parser("check", help="check the quotes and list the digits not yet transcribed")
    chk.add_argument("source_ids", nargs="*", metavar="SOURCE_ID")
    args = ap.parse_args(argv)
    sources_dir = args.sources or args.raw.parent / "sources"
    if args.command == "add":
        fields = {k: getattr(args, k) for k in ("publisher", "title", "kind", "url", "language", "published",
                                                "accessed", "licence", "licence_note", "urls_named", "transcribed",
                                                "notes")}
        if not fields["transcribed"]:
            fields["transcribed"] = "(not yet transcribed)"
        try:
            dest = add_source(args.file, args.source_id, fields, args.raw, sources_dir)
        except (DataError, OSError) as err:
            print(f"sources add stopped: {err}", file=sys.stderr)
            return 1
        print(f"stored {shown(dest)} and registered '{args.source_id}' in {shown(args.raw / 'sources.csv')}")
        print("next: its project in projects.csv, its figures in figures.csv, other digits in not_figures.csv "
              f"(data/raw/README.md), then: python -m analysis.clean.sources check {args.source_id}")
        return 0
    return check(args.source_ids, args.raw, sources_dir)


if __name__ == "__main__":
    sys.exit(main())
