"""Command line of the document library (:mod:`analysis.clean.documents`).

    python -m analysis.clean.sources add FILE.txt --id SOURCE_ID --publisher ... --title ... [--kind web page]
        [--url ... --accessed YYYY-MM-DD] [--licence SPDX-ID --licence-note ...]
    python -m analysis.clean.sources check [SOURCE_ID ...]

Both take ``--raw DIR`` and ``--sources DIR`` (defaults: data/raw and data/sources). ``add`` stores a document's
text and registers it; ``check`` lists the quotes not found in a text and the digits not yet transcribed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from analysis.clean import pipeline
from analysis.clean.documents import QUOTED, add_source, coverage, document_problems, quote_problems
from analysis.core.errors import DataError, Problem
from analysis.core.vocabulary import NO_LICENCE_NOTE, NO_LICENCE_STATED
from analysis.paths import RAW_DIR, SOURCES_DIR, shown


def check(source_ids: list[str], raw_dir: Path = RAW_DIR, sources_dir: Path = SOURCES_DIR, out=None) -> int:
    """Print what is wrong or missing for these documents (all when none is named); 0 when nothing is."""
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
