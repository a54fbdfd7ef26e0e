"""`make data`: rebuild data/processed/ when, and only when, what it was built from changed — decided by content.

Run as ``python -m analysis.clean.make_data [--raw DIR] [--out DIR] [--sources DIR] [--base-year YEAR]`` (the
options of :mod:`analysis.clean.pipeline`). The manifest of data/processed/ records the sha256 of every input of
the last run and of every table it wrote (:mod:`analysis.clean.manifest`). When all of them match, this prints
"data/processed/ is up to date" and exits in a tenth of a second, without importing pandas. Otherwise it says why
(an input changed, even one copied with an old date; a processed table edited by hand; an incomplete set) and runs
the pipeline, which rewrites only the tables whose content differs.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from analysis.clean.manifest import stale_reasons
from analysis.core.locks import held, lock_path
from analysis.paths import PROCESSED_DIR, RAW_DIR, REPORTS_DIR, shown

SHOWN_REASONS = 5  # lines of why before "and N more": a changed cleaning module alone may list a dozen files


def base_year(text: str) -> int:
    """A price base year as given on the command line: four digits."""
    if not re.fullmatch(r"[0-9]{4}", text):
        raise argparse.ArgumentTypeError(f"found {text!r} — expected a year of four digits, e.g. 2021")
    return int(text)


def add_arguments(ap: argparse.ArgumentParser) -> None:
    """The options of a run (shared with the pipeline's command line)."""
    ap.add_argument("--raw", type=Path, default=RAW_DIR)
    ap.add_argument("--out", type=Path, default=PROCESSED_DIR)
    ap.add_argument("--sources", type=Path, default=None,
                    help="the documents' texts (default: sources/ beside the raw folder, i.e. data/sources)")
    ap.add_argument("--base-year", type=base_year, default=None, help="price base year (default: latest CPI year)")


def sources_of(args: argparse.Namespace) -> Path:
    """The documents' folder of a run: ``--sources``, else sources/ beside the raw folder."""
    return args.sources or args.raw.parent / "sources"


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(prog="python -m analysis.clean.make_data", description=__doc__.splitlines()[0])
    add_arguments(ap)
    ap.add_argument("--reports-dir", type=Path, default=REPORTS_DIR,
                    help="the reports whose build lock it takes (default: reports/)")
    args = ap.parse_args(args_list)
    pipeline_args = _without_option(args_list, "--reports-dir")
    # the build's lock: a report build reading data/processed/ finishes before its tables are rewritten
    with held(lock_path(args.reports_dir)):
        return _make(args, pipeline_args)


def _without_option(argv: list[str], option: str) -> list[str]:
    """``argv`` without ``option`` and its value (``--x V`` or ``--x=V``), for the pipeline's own parser."""
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == option:
            skip = True
        elif not arg.startswith(option + "="):
            out.append(arg)
    return out


def _make(args: argparse.Namespace, args_list: list[str]) -> int:
    reasons = stale_reasons(args.out, args.raw, sources_of(args), args.base_year)
    if not reasons:
        print(f"{shown(args.out)}/ is up to date")
        return 0
    more = len(reasons) - SHOWN_REASONS
    print(f"make data: rebuilding {shown(args.out)}/: " + "; ".join(reasons[:SHOWN_REASONS])
          + (f"; and {more} more" if more > 0 else ""), file=sys.stderr)
    from analysis.clean import pipeline  # pandas: only when there is something to build

    return pipeline.main(args_list)


if __name__ == "__main__":
    sys.exit(main())
