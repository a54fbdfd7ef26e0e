"""`make data`: read and validate data/raw/, build data/processed/, check the result, write it atomically.

Run as ``python -m analysis.clean.pipeline [--raw DIR] [--out DIR] [--base-year YEAR]``. On any problem it prints every
problem found (file, line, column, value, what was expected), exits 1 and leaves data/processed/ as it was.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.clean import checks
from analysis.clean import prices
from analysis.clean import transform
from analysis.core.dictionary import PANDAS_DTYPES, PROCESSED, RAW
from analysis.core.errors import DataError, Problem
from analysis.clean.rawio import RawTable, read_raw, write_atomically
from analysis.core.schemas import processed_schema, raw_schema, validate

from analysis.paths import PROCESSED_DIR, RAW_DIR


@dataclass(frozen=True)
class Processed:
    tables: dict[str, pd.DataFrame]  # processed file name -> frame in dictionary dtypes
    check_results: pd.DataFrame


def load_raw(raw_dir: Path) -> dict[str, RawTable]:
    """Read every raw table and validate it against its schema; all problems of all tables at once."""
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    for name, spec in RAW.items():
        try:
            t = read_raw(raw_dir / name, spec.names, allow_empty=spec.extra.get("allow_empty", False))
        except DataError as err:
            problems += err.problems
            continue
        problems += validate(t.frame, raw_schema(spec), name, t.lines)
        tables[name] = t
    if problems:
        raise DataError(problems)
    problems = checks.reference_problems({k: (t.frame, t.lines) for k, t in tables.items()})
    if problems:
        raise DataError(problems)
    return tables


def build(raw: dict[str, RawTable], base_year: int | None = None) -> Processed:
    """All processed tables from the raw ones (pure: no files touched)."""
    fig = raw["figures.csv"]
    figs = transform.parse_figures(fig.frame, fig.lines)
    projects = raw["projects.csv"].frame
    programmes = raw["programmes.csv"].frame
    cpi = prices.cpi_from_raw(raw["cpi_pl_annual.csv"].frame, raw["cpi_pl_annual.csv"].lines)
    base = prices.latest_complete_year(cpi) if base_year is None else base_year
    proj = transform.project_table(figs, projects, programmes)
    proj = prices.add_real_prices(proj, cpi, base, transform.programmes_table(programmes))
    tables = {
        "projects.csv": proj,
        "figures.csv": transform.figures_table(figs),
        "funding.csv": transform.funding_table(figs),
        "participants.csv": transform.participants_table(figs),
        "outcomes.csv": transform.outcomes_table(figs),
        "services.csv": transform.services_table(figs),
        "context.csv": transform.context_table(figs),
    }
    tables["sources.csv"] = transform.sources_table(raw["sources.csv"].frame, figs)
    tables["programmes.csv"] = transform.programmes_table(programmes)
    tables["cpi.csv"] = cpi.assign(price_level=prices.price_level(cpi, base).reindex(cpi["year"]).to_numpy())[
        ["year", "cpi_prev_year_100", "price_level", "source"]]
    results = checks.domain_checks(figs, proj, projects, programmes)
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


add_real_prices = prices.add_real_prices  # moved to prices.py (one module for price years and real amounts)


def conform(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """The table's columns in dictionary order and dtypes (a missing or surplus column is a programming error)."""
    spec = PROCESSED[name]
    missing = [c for c in spec.names if c not in df.columns]
    extra = [c for c in df.columns if c not in spec.names]
    if missing or extra:
        raise AssertionError(f"{name}: missing {missing}, unexpected {extra}")
    out = df[spec.names].copy()
    for c in spec.columns:
        dtype = PANDAS_DTYPES[c.dtype]
        col = out[c.name]
        if dtype == "str":
            col = col.astype("object").where(col.notna(), None)
            out[c.name] = pd.Series(col, dtype="str") if c.required else col.astype("str").where(col.notna(),
                                                                                               pd.NA)
            if not c.required:
                out[c.name] = out[c.name].astype(pd.StringDtype(na_value=float("nan")))
        else:
            out[c.name] = col.astype(dtype)
    return out


def to_csv_text(df: pd.DataFrame, name: str) -> str:
    """Deterministic CSV: money with two decimals (from exact grosze), shares and floats to 10 significant digits,
    ISO dates, lower-case booleans, LF line ends."""
    spec = PROCESSED[name]
    out = pd.DataFrame(index=df.index)
    for c in spec.columns:
        col = df[c.name]
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
            out[c.name] = col.astype("object").fillna("")
    return out.to_csv(index=False, lineterminator="\n")


def run(raw_dir: Path = RAW_DIR, out_dir: Path = PROCESSED_DIR, base_year: int | None = None) -> Processed:
    processed = build(load_raw(raw_dir), base_year)
    write_atomically({out_dir / name: to_csv_text(df, name) for name, df in processed.tables.items()})
    return processed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis.clean.pipeline", description=__doc__.splitlines()[0])
    ap.add_argument("--raw", type=Path, default=RAW_DIR)
    ap.add_argument("--out", type=Path, default=PROCESSED_DIR)
    ap.add_argument("--base-year", type=int, default=None, help="price base year (default: latest CPI year)")
    args = ap.parse_args(argv)
    try:
        processed = run(args.raw, args.out, args.base_year)
    except DataError as err:
        print(f"make data stopped: {err}", file=sys.stderr)
        print("data/processed/ was left as it was.", file=sys.stderr)
        return 1
    n = {k: len(v) for k, v in processed.tables.items()}
    print("data/processed/: " + ", ".join(f"{k} {v} rows" for k, v in n.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
