"""Command line of the report build: ``python -m analysis.publish {build,run,list,status,index}``.

- ``build``: what ``make reports`` runs — bring every report and the index up to date (see
  :mod:`analysis.publish.driver`); ``--force`` rebuilds all.
- ``run NAME… [-p key=value …] [-o FILE]``: build the named reports now. With ``-p`` (ad hoc parameters, e.g.
  ``-p language=pl -p price_base_year=2021``) the report goes to ``-o FILE`` or ``reports/_build/adhoc/NAME.html``
  and the published reports are left alone.
- ``list``: every report's name; ``status``: which reports a build would rebuild, and why; ``index``: rewrite
  ``reports/index.html`` from the built reports.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import yaml

from analysis.paths import PROCESSED_DIR, REPORTS_DIR
from analysis.publish.config import DEFAULT_TIMEOUT, ReportError, ReportSpec, default_path, expand, find
from analysis.publish.driver import BuildInterrupted, build, default_jobs, plan, run_one
from analysis.publish.outputs import data_version


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis.publish", description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, default=None, help="reports.yml (default notebooks/reports.yml)")
    parser.add_argument("--notebooks-dir", type=Path, default=None, help="default: directory of the config")
    parser.add_argument("--reports-dir", type=Path, default=None, help="default: reports/")
    parser.add_argument("--processed-dir", type=Path, default=None, help="default: data/processed/")
    parser.add_argument("--raw-dir", type=Path, default=None, help="default: data/raw/")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="print the name of every report")
    sub.add_parser("status", help="print the reports a build would rebuild, and why")
    bd = sub.add_parser("build", help="bring every report and the index up to date (make reports)")
    bd.add_argument("--jobs", "-j", type=int, default=None, help="reports built at once (default: the cores)")
    bd.add_argument("--force", action="store_true", help="rebuild every report")
    bd.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per cell (default 600)")
    rn = sub.add_parser("run", help="build the named report(s) now")
    rn.add_argument("names", nargs="+", metavar="NAME")
    rn.add_argument("-p", "--parameter", action="append", default=[], metavar="KEY=VALUE",
                    help="override a parameter (value read as YAML: 2021, true, pl)")
    rn.add_argument("-o", "--output", type=Path, default=None, help="with -p: where to write the HTML")
    rn.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per cell (default 600)")
    sub.add_parser("index", help="write reports/index.html from the built reports")
    return parser


def _overrides(pairs: Sequence[str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip().isidentifier():
            raise ReportError(f"-p {pair}: expected KEY=VALUE, e.g. -p language=pl")
        out[key.strip()] = yaml.safe_load(value) if value.strip() else ""
    return out


def _adhoc(spec: ReportSpec, overrides: dict[str, object], output: Path | None, reports_dir: Path) -> ReportSpec:
    """The report with ad hoc parameters, written outside the published reports."""
    target = output if output is not None else reports_dir / "_build" / "adhoc" / f"{spec.name}.html"
    return replace(spec, name=f"adhoc/{spec.name}", parameters={**spec.parameters, **overrides},
                   output=target.resolve())


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    processed_dir = default_path(args.processed_dir, PROCESSED_DIR)
    reports_dir = default_path(args.reports_dir, REPORTS_DIR)
    try:
        specs = expand(args.config, processed_dir / "projects.csv", notebooks_dir=args.notebooks_dir,
                       reports_dir=reports_dir)
        if args.command == "list":
            for spec in specs:
                print(spec.name)
        elif args.command == "status":
            stale = [p for p in plan(specs, reports_dir, processed_dir) if p.reason]
            for item in stale:
                print(f"{item.spec.name}: {item.reason}")
            print(f"{len(stale)} of {len(specs)} reports would be rebuilt", file=sys.stderr)
        elif args.command == "build":
            result = build(specs, reports_dir=reports_dir, processed_dir=processed_dir, raw_dir=args.raw_dir,
                           jobs=args.jobs or default_jobs(), timeout=args.timeout, force=args.force)
            for name in result.removed:
                print(f"removed {name} (no longer listed)", file=sys.stderr)
            if result.kept:
                print(f"kept {len(result.kept)} reports of notebooks this configuration does not build "
                      f"(e.g. {result.kept[0]})", file=sys.stderr)
            unpublished = f", {len(result.changed)} not published" if result.changed else ""
            print(f"reports: {len(result.built)} built, {len(result.current)} up to date, "
                  f"{len(result.failed)} failed{unpublished} in {result.seconds:.1f} s", file=sys.stderr)
            if result.changed:
                print(f"{len(result.changed)} reports were not published because their inputs changed while the "
                      "build ran (data rebuilt or files switched in another shell): their last good versions were "
                      "kept; run `make reports` again to build them on the inputs as they are now", file=sys.stderr)
            if result.failed:
                for problems in result.failed.values():
                    for problem in problems:
                        print(f"error: {problem}", file=sys.stderr)
                print("The last good version of each failed report was kept.", file=sys.stderr)
            if result.failed or result.changed:
                return 1
        elif args.command == "run":
            overrides = _overrides(args.parameter)
            if args.output and not overrides:
                raise ReportError("-o is for ad hoc reports: give the parameters to change with -p")
            for name in args.names:
                spec = find(specs, name)
                if overrides:
                    spec = _adhoc(spec, overrides, args.output, reports_dir)
                run_one(spec, reports_dir=reports_dir, processed_dir=processed_dir, raw_dir=args.raw_dir,
                        timeout=args.timeout)
                print(f"wrote {spec.output}", file=sys.stderr)
        elif args.command == "index":
            from analysis.publish.index import write_index

            print(f"wrote {write_index(specs, reports_dir, data_version=data_version(args.raw_dir))}",
                  file=sys.stderr)
        return 0
    except ReportError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
    except BuildInterrupted as exc:
        print(exc, file=sys.stderr)  # 'interrupted: 3 built, 37 left stale; the next build completes them'
        return 130
    except KeyboardInterrupt:
        print("interrupted: finished reports were kept; the next build completes the rest", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
    except Exception as exc:  # no traceback for management builds; the message names what went wrong
        print(f"error: {type(exc).__name__}: {' '.join(str(exc).split())}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
