"""`make data`: read and validate data/raw/, build data/processed/, check the result, write it atomically.

Run as ``python -m analysis.clean.pipeline [--raw DIR] [--out DIR] [--sources DIR] [--base-year YEAR]``. On any
problem it prints every problem found (file, line, column, value, what was expected) of every stage that can still be
checked (a CPI error is reported with a figures error, not after it; a row failing its schema hides nothing of the
other rows), the first :data:`~analysis.core.errors.MAX_SHOWN` of them and how many more, exits 1 and leaves
data/processed/ as it was.

The processed tables change as a whole: they are written to temporary files first and renamed into place, and
``.manifest.json`` (each table's sha256, and each input's: what `make data` decides staleness by, in
:mod:`analysis.clean.make_data`) is removed before the first rename and written last, so a run killed half
way leaves a set without a manifest, which :func:`verify_manifest` reports as not built. Leftover temporary files
of a killed run are removed at the start of the next (``--clean`` removes every output).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.clean import checks, documents, figures, peers, prices, projects, registers, rules
from analysis.clean.make_data import add_arguments, sources_of
from analysis.clean.manifest import MANIFEST, input_hashes, manifest_text, verify_manifest
from analysis.clean.rawio import RawTable, WriteError, read_raw, remove_temporaries, write_atomically
from analysis.core.csvsafe import ESCAPE_PREFIX, starts_formula
from analysis.core.dictionary import PANDAS_DTYPES, PROCESSED, RAW, memory_name
from analysis.core.errors import DataError, Problem
from analysis.core.schemas import processed_schema, raw_schema, validate
from analysis.paths import PROCESSED_DIR, RAW_DIR, shown

__all__ = ["Processed", "MANIFEST", "verify_manifest", "read_tables", "load_raw", "build", "run", "write_outputs",
           "clean", "to_csv_text", "conform", "main"]

@dataclass(frozen=True)
class Processed:
    tables: dict[str, pd.DataFrame]  # processed file name -> frame in dictionary dtypes, money as …_grosze
    check_results: pd.DataFrame


def read_tables(raw_dir: Path, sources_dir: Path | None = None) -> tuple[dict[str, RawTable], list[Problem],
                                                                           set[str]]:
    """Read every raw table and run every rule that needs no parsing: (tables read, problems, tables that cannot
    be built from). See :func:`_read`."""
    tables, _, problems, broken = _read(raw_dir, sources_dir)
    return tables, problems, broken


def _read(raw_dir: Path, sources_dir: Path | None) -> tuple[dict[str, RawTable], dict[str, RawTable],
                                                            list[Problem], set[str]]:
    """(tables read, their rows that passed the schema, problems, tables that cannot be built from).

    One run reports every problem it can find: the schema problems of every table, then the row rules, the
    documents' texts and the quotes of every row that passed its schema (a bad row hides nothing of the other
    rows). A table is unbuildable when it is unreadable or fails its schema, and every table is when the references
    between them are broken; references are checked only between tables that passed whole (a row left out would
    make every id pointing at it look wrong)."""
    tables: dict[str, RawTable] = {}
    passed: dict[str, RawTable] = {}
    problems: list[Problem] = []
    broken: set[str] = set()
    for name, spec in RAW.items():
        try:
            t = read_raw(raw_dir / name, spec.names, allow_empty=spec.extra.get("allow_empty", False))
        except DataError as err:
            problems += err.problems
            broken.add(name)
            continue
        schema_problems = validate(t.frame, raw_schema(spec), name, t.lines)
        if schema_problems:
            broken.add(name)
        problems += schema_problems
        tables[name] = t
        rows = rows_that_passed(t, schema_problems)
        if rows is not None:
            passed[name] = rows
    problems += checks.row_problems(passed)
    if not set(checks.REFERENCE_TABLES) & broken:
        reference_problems = checks.reference_problems({k: (t.frame, t.lines) for k, t in tables.items()})
        if reference_problems:
            broken.update(checks.REFERENCE_TABLES)
        problems += reference_problems
    if sources_dir is not None and "sources.csv" in passed:
        texts, doc_problems = documents.document_problems(passed["sources.csv"], sources_dir)
        problems += doc_problems + documents.quote_problems(passed, texts)
    return tables, passed, problems, broken


def rows_that_passed(table: RawTable, problems: list[Problem]) -> RawTable | None:
    """The rows of ``table`` that none of its schema ``problems`` names; None when a problem is of the whole table
    (it names no line)."""
    if not problems:
        return table
    if any(p.line is None for p in problems):
        return None
    bad = table.lines.isin({p.line for p in problems}).to_numpy()
    return replace(table, frame=table.frame[~bad].reset_index(drop=True),
                   lines=table.lines[~bad].reset_index(drop=True))


def load_raw(raw_dir: Path, sources_dir: Path | None = None) -> dict[str, RawTable]:
    """Read every raw table and validate it (and, given ``sources_dir``, the documents' texts and quotes); all
    problems of all tables at once."""
    tables, problems, _ = read_tables(raw_dir, sources_dir)
    if problems:
        raise DataError(problems)
    return tables


WHOLE_TABLE_PARSE = ("cpi_pl_annual.csv",)
"""Raw tables whose parsing checks rules across rows (years ascend with no gaps): parsed only when every row passed
the schema. The others are parsed row by row, so the rows that passed show their parse errors in the same run."""


def _parse(raw: dict[str, RawTable]) -> tuple[pd.DataFrame | None, pd.DataFrame | None, list[Problem]]:
    """Parse the figures, the CPI and the rules' values, each if its table is there; all are tried so that every
    error shows."""
    figs = cpi = None
    problems: list[Problem] = []
    if "figures.csv" in raw:
        try:
            figs = figures.parse_figures(raw["figures.csv"].frame, raw["figures.csv"].lines)
        except DataError as err:
            problems += err.problems
    if "cpi_pl_annual.csv" in raw:
        try:
            cpi = prices.cpi_from_raw(raw["cpi_pl_annual.csv"].frame, raw["cpi_pl_annual.csv"].lines)
        except DataError as err:
            problems += err.problems
    if "rules.csv" in raw:
        problems += rules.value_problems(raw["rules.csv"].frame, raw["rules.csv"].lines)
    return figs, cpi, problems


def build(raw: dict[str, RawTable], base_year: int | None = None) -> Processed:
    """All processed tables from the raw ones (pure: no files touched)."""
    figs, cpi, parse_problems = _parse(raw)
    if parse_problems or figs is None or cpi is None:
        raise DataError(parse_problems)
    registry = raw["projects.csv"].frame
    programmes = raw["programmes.csv"].frame
    figs = projects.mark_whole_project(figs, registry)
    base = prices.latest_complete_year(cpi) if base_year is None else base_year
    proj = projects.project_table(figs, registry, programmes)
    proj = prices.add_real_prices(proj, cpi, base, registers.programmes_table(programmes))
    proj = peers.add_peer_ranks(proj)
    proj = projects.add_end_passed(proj, projects.data_date(raw["sources.csv"].frame, cpi))
    tables = {
        "projects.csv": proj,
        "figures.csv": figures.figures_table(figs),
        "funding.csv": figures.funding_table(figs),
        "participants.csv": figures.participants_table(figs),
        "outcomes.csv": figures.outcomes_table(figs),
        "services.csv": figures.services_table(figs),
        "context.csv": figures.context_table(figs),
    }
    tables["sources.csv"] = registers.sources_table(raw["sources.csv"].frame, figs)
    tables["programmes.csv"] = registers.programmes_table(programmes)
    tables["rules.csv"] = rules.rules_table(raw["rules.csv"].frame, raw["rules.csv"].lines, programmes)
    tables["rule_checks.csv"] = rules.rule_checks(proj, tables["rules.csv"], figs)
    tables["cpi.csv"] = cpi.assign(price_level=prices.price_level(cpi, base).reindex(cpi["year"]).to_numpy())[
        ["year", "cpi_prev_year_100", "price_level", "source"]]
    results = checks.domain_checks(figs, proj, registry, programmes)
    results = checks.apply_known_discrepancies(results, raw["known_discrepancies.csv"].frame)
    tables["checks.csv"] = results.drop(columns=["figures"])
    tables = {name: conform(df, name) for name, df in tables.items()}
    problems: list[Problem] = []
    for name, df in tables.items():
        key = PROCESSED[name].key[0] if len(PROCESSED[name].key) == 1 else None
        problems += validate(df, processed_schema(PROCESSED[name]), f"processed/{name}", key=key)
    problems += checks.failures(results, figs)
    if problems:
        raise DataError(problems)
    return Processed(tables, results)


def conform(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """The table's columns in dictionary order and dtypes, by their pipeline names (money as ``…_grosze``); a
    missing or surplus column is a programming error."""
    spec = PROCESSED[name]
    names = spec.memory_names
    missing = [c for c in names if c not in df.columns]
    extra = [c for c in df.columns if c not in names]
    if missing or extra:
        raise AssertionError(f"{name}: missing {missing}, unexpected {extra}")
    out = df[names].copy()
    for c, name_in_memory in zip(spec.columns, names, strict=True):
        dtype = PANDAS_DTYPES[c.dtype]
        col = out[name_in_memory]
        if dtype == "str":
            col = col.astype("object").where(col.notna(), None)
            out[name_in_memory] = pd.Series(col, dtype="str") if c.required else col.astype("str").where(
                col.notna(), pd.NA)
            if not c.required:
                out[name_in_memory] = out[name_in_memory].astype(pd.StringDtype(na_value=float("nan")))
        else:
            out[name_in_memory] = col.astype(dtype)
    return out


def to_csv_text(df: pd.DataFrame, name: str) -> str:
    """Deterministic CSV under the dictionary's column names: money as złoty with two decimals (from the exact
    grosze of the ``…_grosze`` column), shares and floats to 10 significant digits, ISO dates, lower-case booleans,
    LF line ends."""
    spec = PROCESSED[name]
    out = pd.DataFrame(index=df.index)
    for c in spec.columns:
        col = df[memory_name(c)]
        if c.dtype == "pln":
            g = col.astype("Int64")
            a = g.abs().fillna(0).astype("int64")
            sign = pd.Series("", index=g.index, dtype="str").mask(g.lt(0).fillna(False).astype(bool), "-")
            txt = sign + (a // 100).astype("str") + "." + (a % 100).astype("str").str.zfill(2)
            out[c.name] = txt.where(g.notna().to_numpy(), "")
        elif c.dtype in ("float", "share"):
            values = col.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
            text = np.char.mod("%.10g", values)  # C-level formatting, 10 significant digits
            out[c.name] = pd.Series(np.where(np.isnan(values), "", text), index=col.index, dtype="str")
        elif c.dtype == "int":
            out[c.name] = col.astype("Int64").astype("str").replace("<NA>", "")
        elif c.dtype == "date":
            out[c.name] = col.dt.strftime("%Y-%m-%d").fillna("")
        elif c.dtype == "bool":
            out[c.name] = col.map({True: "true", False: "false"}).astype("object").fillna("")
        else:
            text = col.astype("object").fillna("")
            # a cell a spreadsheet would run as a formula is shown as text (raw tables reject such cells already)
            formula = starts_formula(text.astype("str"))
            out[c.name] = text.where(~formula, ESCAPE_PREFIX + text.astype("str")) if formula.any() else text
    return out.to_csv(index=False, lineterminator="\n")


def write_outputs(processed: Processed, out_dir: Path, inputs: dict[str, str] | None = None) -> list[Path]:
    """Write the tables atomically as one set: the manifest goes before the first rename and comes back last,
    naming ``inputs`` (:func:`input_hashes`) as what they were built from."""
    texts = {name: to_csv_text(df, name) for name, df in processed.tables.items()}
    manifest = out_dir / MANIFEST
    changed = write_atomically({out_dir / name: t for name, t in texts.items()},
                               before_replace=lambda: manifest.unlink(missing_ok=True))
    return changed + write_atomically({manifest: manifest_text(texts, inputs)})


def clean(out_dir: Path = PROCESSED_DIR) -> list[Path]:
    """Remove every output of the pipeline from ``out_dir`` (tables, manifest, leftover temporary files)."""
    removed = remove_temporaries(out_dir)
    for path in [out_dir / MANIFEST, *(out_dir / name for name in PROCESSED)]:
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed


def run(raw_dir: Path = RAW_DIR, out_dir: Path = PROCESSED_DIR, base_year: int | None = None,
        sources_dir: Path | None = None) -> Processed:
    """Check and build; write data/processed/ only when everything passed. ``sources_dir``: also check the
    documents' texts (sha256, quotes), as ``make data`` does."""
    remove_temporaries(out_dir)
    inputs = input_hashes(raw_dir, sources_dir, base_year)  # before reading: an edit made meanwhile is seen next time
    tables, passed, problems, broken = _read(raw_dir, sources_dir)
    if broken:
        # parse the rows that can still be parsed, so that their errors show in the same run
        problems += _parse({k: t for k, t in passed.items() if k not in broken or k not in WHOLE_TABLE_PARSE})[2]
        raise DataError(problems)
    try:
        processed = build(tables, base_year)  # a row rule broken (a quote, a value not in it) does not stop the
    except DataError as err:                  # domain checks: they report in the same run
        raise DataError(problems + err.problems) from None
    if problems:
        raise DataError(problems)
    write_outputs(processed, out_dir, inputs)
    return processed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis.clean.pipeline", description=__doc__.splitlines()[0])
    add_arguments(ap)
    ap.add_argument("--verify", action="store_true", help="only check that --out holds a complete set of tables")
    ap.add_argument("--clean", action="store_true", help="only remove every output from --out")
    args = ap.parse_args(argv)
    if args.verify:
        problems = verify_manifest(args.out)
        for p in problems:
            print(p, file=sys.stderr)
        return 1 if problems else 0
    if args.clean:
        clean(args.out)
        return 0
    try:
        processed = run(args.raw, args.out, args.base_year, sources_of(args))
    except DataError as err:
        print(f"make data stopped: {err}", file=sys.stderr)
        print(f"{shown(args.out)}/ was left as it was.", file=sys.stderr)
        return 1
    except WriteError as err:
        print(f"make data stopped: {err.strerror}", file=sys.stderr)
        return 1
    n = {k: len(v) for k, v in processed.tables.items()}
    print(f"{shown(args.out)}/: " + ", ".join(f"{k} {v} rows" for k, v in n.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
