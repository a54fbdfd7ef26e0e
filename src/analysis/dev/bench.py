"""Benchmarks of the build and of cleaning + validation at scale; prints a table and writes docs/benchmarks.md.

``python -m analysis.dev.bench [--sizes 10000,100000,1000000] [--skip-build] [--limit 300] [--out docs/benchmarks.md]``

Rows:

(a) fresh-clone set-up: ``git clone`` of HEAD into a temporary folder and ``make setup`` there (uv from
    requirements.lock; whether uv's cache was warm is noted);
(b) full ``make reports`` in that clone vs the naive build of the same reports (``papermill`` then
    ``jupyter nbconvert --to html --no-input`` per report, one after another), with the ratio;
(c) no-op ``make reports`` (second run);
(d) one-table change (a note in figures.csv) then ``make reports``, with how many reports were rebuilt;
(e) cleaning + validation (``pipeline.load_raw`` + ``pipeline.build``; and separately ``pipeline.run``, which also
    writes) on synthetic raw data (:mod:`analysis.dev.synthetic`) at each size: wall time, peak memory, rows/s.
    Each size runs in its own subprocess; one that exceeds ``--limit`` seconds is reported as such.

Rows (a)–(d) take minutes and are skipped with ``--skip-build``. ``--profile N`` instead profiles load_raw + build
at N projects with cProfile and prints the hot spots in src/analysis.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from analysis.paths import DOCS_DIR, ROOT

TARGETS = {
    "noop": "≤ 0.2 s",
    "full": "≤ 60 s and ≥ 8x faster than naive",
    "fresh": "≤ 90 s (warm package cache)",
    "one_figure": "≤ 6 reports rebuilt, ≤ 20 s",
    "one_document": "only its profiles (and those whose peer ranks move) and the summaries, ≤ 15 s",
    "test": "≤ 4 min",
    100_000: "< 5 s and < 1 GB",
    1_000_000: "< 60 s and < 4 GB",
}
LIMITS = {100_000: (5.0, 1024.0), 1_000_000: (60.0, 4096.0)}  # seconds, MB


# --- machine ----------------------------------------------------------------------------------------------------
def machine() -> dict[str, str]:
    import pandas as pd

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration, ValueError):
        pass
    return {"cpu": cpu, "cores": str(os.cpu_count()), "memory": mem, "python": platform.python_version(),
            "pandas": pd.__version__, "os": f"{platform.system()} {platform.release()}",
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "load": _load()}


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


# --- (e) cleaning + validation ----------------------------------------------------------------------------------
def _child(raw_dir: str, out_dir: str | None) -> None:
    """Run in a subprocess: time load_raw + build (or run, which writes) and report JSON on stdout."""
    import resource

    t0 = time.perf_counter()
    from analysis.clean import pipeline

    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    if out_dir:
        processed = pipeline.run(Path(raw_dir), Path(out_dir))
        t_load = None
    else:
        raw = pipeline.load_raw(Path(raw_dir))
        t_load = time.perf_counter() - t0
        processed = pipeline.build(raw)
    wall = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux -> MB
    print(json.dumps({"import_s": t_import, "load_s": t_load, "wall_s": wall, "peak_mb": rss,
                      "projects": len(processed.tables["projects.csv"]),
                      "figures": len(processed.tables["figures.csv"])}))


def clean_bench(n: int, limit: float, work: Path, write: bool) -> dict:
    from analysis.dev import synthetic

    raw = work / f"raw_{n}"
    if not (raw / "figures.csv").exists():
        synthetic.generate(n, seed=20240601, out_dir=raw)
    cmd = [sys.executable, "-m", "analysis.dev.bench", "--_child", str(raw)]
    if write:
        cmd += ["--_out", str(work / f"processed_{n}")]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=limit, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"n": n, "write": write, "status": f"exceeded {limit:.0f} s (stopped)", "load": _load()}
    total = time.perf_counter() - t0
    if proc.returncode != 0:
        err = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"n": n, "write": write, "status": f"failed: {err[:160]}", "load": _load()}
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"n": n, "write": write, "status": "ok", "process_s": total, "load": _load(), **r}


def _verdict(n: int, r: dict) -> str:
    if n not in LIMITS or r.get("status") != "ok":
        return TARGETS.get(n, "")
    s, mb = LIMITS[n]
    ok = r["wall_s"] < s and r["peak_mb"] < mb
    return f"{TARGETS[n]}: {'met' if ok else 'NOT met'}"


# --- (a)-(d) build ------------------------------------------------------------------------------------------------
def _timed(cmd: list[str] | str, cwd: Path, limit: float, env: dict | None = None) -> tuple[float, int, str]:
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=limit, env=env,
                           shell=isinstance(cmd, str))
    except subprocess.TimeoutExpired:
        return time.perf_counter() - t0, -1, f"exceeded {limit:.0f} s"
    return time.perf_counter() - t0, p.returncode, (p.stderr or p.stdout)[-400:]


def _html_mtimes(reports: Path) -> dict[str, int]:
    return {str(p.relative_to(reports)): p.stat().st_mtime_ns for p in reports.rglob("*.html")}


def _uv_cache_warm() -> str:
    try:
        out = subprocess.run(["uv", "cache", "dir"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        out = ""
    cache = Path(out) if out else Path(os.environ.get("UV_CACHE_DIR", Path.home() / ".cache" / "uv"))
    return "warm" if cache.is_dir() and any(cache.iterdir()) else "cold"


def build_bench(limit: float) -> list[dict]:
    rows: list[dict] = []
    tmp = Path(tempfile.mkdtemp(prefix="analysis-bench-"))
    clone = tmp / "clone"
    try:
        t, rc, msg = _timed(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], tmp, limit)
        if rc != 0:
            return [{"row": "(a) git clone", "value": f"failed: {msg}", "target": ""}]
        rows.append({"row": "(a) git clone of HEAD", "value": f"{t:.1f} s", "target": ""})
        warm = _uv_cache_warm()
        t, rc, msg = _timed(["make", "setup"], clone, limit)
        rows.append({"row": f"(a) make setup in the fresh clone (uv cache {warm})",
                     "value": f"{t:.1f} s" if rc == 0 else f"failed: {msg}", "target": ""})
        if rc != 0:
            return rows
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
        t_full, rc, msg = _timed(["make", "reports"], clone, limit * 4, env)
        n_reports = len(_html_mtimes(clone / "reports"))
        rows.append({"row": "(a) fresh clone to reports/index.html (setup + make reports)",
                     "value": f"{t + t_full:.1f} s",
                     "target": f"{TARGETS['fresh']}: {'met' if rc == 0 and t + t_full <= 90 else 'NOT met'}"})
        rows.append({"row": f"(b) full make reports ({n_reports} HTML files incl. index, data included)",
                     "value": f"{t_full:.1f} s" if rc == 0 else f"failed: {msg}", "target": TARGETS["full"]})
        # naive: papermill then nbconvert for each report, one after another
        py = clone / ".venv" / "bin" / "python"
        listing = subprocess.run([str(py), "-c", (
            "import json; from analysis.publish.config import expand; "
            "print(json.dumps([[s.name, str(s.notebook), s.parameters] for s in expand()]))")],
            cwd=clone, capture_output=True, text=True)
        specs = json.loads(listing.stdout) if listing.returncode == 0 else []
        naive_dir = tmp / "naive"
        t0 = time.perf_counter()
        failed = 0
        for name, notebook, params in specs:
            out_nb = naive_dir / f"{name}.ipynb"
            out_nb.parent.mkdir(parents=True, exist_ok=True)
            args = [str(clone / ".venv" / "bin" / "papermill"), "--cwd", str(Path(notebook).parent), notebook,
                    str(out_nb)]
            for k, v in params.items():
                args += ["-p", k, str(v)]
            _, rc1, _ = _timed(args, clone, limit)
            _, rc2, _ = _timed([str(clone / ".venv" / "bin" / "jupyter"), "nbconvert", "--to", "html",
                                "--no-input", str(out_nb)], clone, limit)
            failed += (rc1 != 0) + (rc2 != 0)
        t_naive = time.perf_counter() - t0
        ratio = t_naive / t_full if t_full else float("nan")
        rows.append({"row": f"(b) naive papermill + nbconvert, sequential ({len(specs)} reports"
                            + (f", {failed} steps failed" if failed else "") + ")",
                     "value": f"{t_naive:.1f} s; make is {ratio:.1f}x faster",
                     "target": f"{TARGETS['full']}: {'met' if ratio >= 8 and t_full <= 60 else 'NOT met'}"})
        t, rc, msg = _timed(["make", "reports"], clone, limit, env)
        rows.append({"row": "(c) no-op make reports", "value": f"{t:.2f} s" if rc == 0 else f"failed: {msg}",
                     "target": f"{TARGETS['noop']}: {'met' if t <= 0.2 else 'NOT met'}"})
        figures = clone / "data" / "raw" / "figures.csv"
        lines = figures.read_text(encoding="utf-8").split("\n")
        import csv
        import io

        rows_csv = list(csv.reader(io.StringIO(lines[1])))[0]
        rows_csv[-1] = (rows_csv[-1] + " (benchmark edit)").strip()
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(rows_csv)
        lines[1] = buf.getvalue()
        figures.write_text("\n".join(lines), encoding="utf-8")
        before = _html_mtimes(clone / "reports")
        t, rc, msg = _timed(["make", "reports"], clone, limit * 4, env)
        after = _html_mtimes(clone / "reports")
        rebuilt = sum(1 for k, v in after.items() if before.get(k) != v)
        rows.append({"row": "(d) make reports after changing a note in figures.csv",
                     "value": (f"{t:.1f} s, {rebuilt} of {len(after)} HTML files rebuilt" if rc == 0
                               else f"failed: {msg}"), "target": ""})
        rows.append(_one_figure_row(clone, limit, env))
        rows.append(_one_document_row(clone, limit, env))
        # the suite runs on the collection as committed: the edits and the document added above are undone
        subprocess.run(["git", "checkout", "--quiet", "--", "data"], cwd=clone, check=False)
        subprocess.run(["git", "clean", "--quiet", "-fd", "data"], cwd=clone, check=False)
        t, rc, msg = _timed(["make", "test"], clone, limit * 6, env)
        rows.append({"row": "(f) make test (whole suite, reports already built)",
                     "value": f"{t:.0f} s" if rc == 0 else f"failed: {msg}",
                     "target": f"{TARGETS['test']}: {'met' if rc == 0 and t <= 240 else 'NOT met'}"})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return rows


def _one_figure_row(clone: Path, limit: float, env: dict) -> dict:
    """(e) change one figure's value (a printed service reach, +1) and rebuild."""
    import csv
    import io

    figures = clone / "data" / "raw" / "figures.csv"
    rows = list(csv.DictReader(io.StringIO(figures.read_text(encoding="utf-8"))))
    target = next(r for r in rows if r["measure"] == "service_reach" and r["value_as_printed"].isdigit())
    target.update(value_as_printed=str(int(target["value_as_printed"]) + 1), transcription="interpreted",
                  note="benchmark edit")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    figures.write_text(out.getvalue(), encoding="utf-8")
    before = _html_mtimes(clone / "reports")
    t, rc, msg = _timed(["make", "reports"], clone, limit * 4, env)
    after = _html_mtimes(clone / "reports")
    rebuilt = sum(1 for k, v in after.items() if k != "index.html" and before.get(k) != v)
    return {"row": f"(e) make reports after changing one figure's value ({target['project_id']})",
            "value": f"{t:.1f} s, {rebuilt} reports rebuilt" if rc == 0 else f"failed: {msg}",
            "target": f"{TARGETS['one_figure']}: {'met' if rc == 0 and rebuilt <= 6 and t <= 20 else 'NOT met'}"}


def _readme_block(text: str, name: str) -> str:
    import re
    import textwrap

    m = re.search(rf"<!-- example: {re.escape(name)} -->\n(?P<indent> *)```[a-z]*\n(?P<body>.*?)\n(?P=indent)```", text,
                  re.S)
    if m is None:
        raise ValueError(f"data/raw/README.md has no example block {name!r}")
    return textwrap.dedent(m["body"]) + "\n"


def _one_document_row(clone: Path, limit: float, env: dict) -> dict:
    """(g) add a document as data/raw/README.md's worked example does (sources add, its rows), then rebuild."""
    import shlex

    raw = clone / "data" / "raw"
    readme = (raw / "README.md").read_text(encoding="utf-8")
    doc = clone.parent / "razem-ku-aktywnosci.txt"
    doc.write_text(_readme_block(readme, "document"), encoding="utf-8")
    command = shlex.split(_readme_block(readme, "add").strip())
    command = [str(clone / command[0]), *[str(doc) if a.endswith("razem-ku-aktywnosci.txt") else a
                                          for a in command[1:]]]
    _, rc, msg = _timed(command, clone, limit, env)
    if rc != 0:
        return {"row": "(g) make reports after adding one document", "value": f"failed: {msg}", "target": ""}
    for table in ("projects.csv", "figures.csv", "not_figures.csv"):
        path = raw / table
        text = path.read_text(encoding="utf-8")
        path.write_text(text + ("" if text.endswith("\n") else "\n") + _readme_block(readme, table),
                        encoding="utf-8")
    before = _html_mtimes(clone / "reports")
    t, rc, msg = _timed(["make", "reports"], clone, limit * 4, env)
    after = _html_mtimes(clone / "reports")
    new = sum(1 for k in after if k not in before)
    rebuilt = sum(1 for k, v in after.items() if k in before and k != "index.html" and before[k] != v)
    summaries = sum(1 for k, v in after.items() if k in before and before[k] != v and "projects/" not in k
                    and k != "index.html")
    return {"row": "(g) make reports after adding one document (the README's worked example)",
            "value": (f"{t:.1f} s: {new} new reports, {rebuilt} rebuilt ({summaries} summaries, "
                      f"{rebuilt - summaries} other profiles) of {len(before)}") if rc == 0 else f"failed: {msg}",
            "target": f"{TARGETS['one_document']}: {'met' if rc == 0 and t <= 15 else 'NOT met'}"}


# --- profile ------------------------------------------------------------------------------------------------------
def profile(n: int, top: int = 25) -> str:
    import cProfile
    import pstats

    from analysis.clean import pipeline
    from analysis.dev import synthetic

    work = Path(tempfile.mkdtemp(prefix="analysis-profile-"))
    try:
        synthetic.generate(n, seed=20240601, out_dir=work / "raw")
        prof = cProfile.Profile()
        prof.enable()
        pipeline.build(pipeline.load_raw(work / "raw"))
        prof.disable()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    stats = pstats.Stats(prof)
    src = str(ROOT / "src" / "analysis")
    rows = [(ct, tt, nc, f"{Path(f).name}:{line}", fn) for (f, line, fn), (cc, nc, tt, ct, _) in stats.stats.items()  # type: ignore[attr-defined]
            if f.startswith(src)]
    rows.sort(reverse=True)
    out = [f"cProfile of load_raw + build at {n} projects (functions in src/analysis, by cumulative time)", "",
           "| cumulative s | own s | calls | where | function |", "|---:|---:|---:|---|---|"]
    out += [f"| {ct:.2f} | {tt:.2f} | {nc} | {where} | {fn} |" for ct, tt, nc, where, fn in rows[:top]]
    return "\n".join(out)


# --- report -------------------------------------------------------------------------------------------------------
def render(info: dict, build_rows: list[dict], clean_rows: list[dict], gen: dict[int, float]) -> str:
    out = ["# Benchmarks", "", f"Generated by `python -m analysis.dev.bench` on {info['date']}.", "",
           f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory']} memory, {info['os']}; "
           f"Python {info['python']}, pandas {info['pandas']}. Load average at start: {info['load']} "
           "(other jobs were running on the machine when the load is above the core count).", ""]
    if build_rows:
        out += ["## Build", "", "| measurement | result | target |", "|---|---|---|"]
        out += [f"| {r['row']} | {r['value']} | {r['target']} |" for r in build_rows]
        out.append("")
    out += ["## Cleaning and validation at scale (synthetic data, `analysis.dev.synthetic`)", "",
            "`load_raw + build`: read, validate, parse, build and check, no writing. `run`: the same plus writing "
            "data/processed. Wall time excludes the interpreter start and imports; peak memory is the "
            "subprocess's maximum resident set.", "",
            "| projects | figures | step | wall s | of which load_raw s | peak MB | projects/s | figures/s | "
            "target | load avg after |", "|---:|---:|---|---:|---:|---:|---:|---:|---|---|"]
    for r in clean_rows:
        step = "run (writes)" if r["write"] else "load_raw + build"
        if r["status"] != "ok":
            out.append(f"| {r['n']:,} | | {step} | {r['status']} | | | | | {TARGETS.get(r['n'], '')} | "
                       f"{r['load']} |")
            continue
        load = f"{r['load_s']:.2f}" if r.get("load_s") is not None else ""
        out.append(f"| {r['n']:,} | {r['figures']:,} | {step} | {r['wall_s']:.2f} | {load} | {r['peak_mb']:.0f} | "
                   f"{r['n'] / r['wall_s']:,.0f} | {r['figures'] / r['wall_s']:,.0f} | "
                   f"{_verdict(r['n'], r) if not r['write'] else ''} | {r['load']} |")
    if gen:
        out += ["", "Generating the synthetic raw folders took: "
                + ", ".join(f"{n:,} projects {s:.1f} s" for n, s in gen.items()) + "."]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis.dev.bench", description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--skip-build", action="store_true", help="skip rows (a)-(d) (they take minutes)")
    ap.add_argument("--skip-write", action="store_true", help="skip the pipeline.run (writing) measurement")
    ap.add_argument("--limit", type=float, default=300.0, help="seconds after which a size is stopped")
    ap.add_argument("--out", type=Path, default=DOCS_DIR / "benchmarks.md")
    ap.add_argument("--profile", type=int, default=None, metavar="N", help="profile load_raw + build at N projects")
    ap.add_argument("--_child", help=argparse.SUPPRESS)
    ap.add_argument("--_out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._child:
        _child(args._child, args._out)
        return 0
    if args.profile:
        print(profile(args.profile))
        return 0
    info = machine()
    build_rows = [] if args.skip_build else build_bench(args.limit)
    for r in build_rows:
        print(f"{r['row']}: {r['value']}  {r['target']}", flush=True)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    clean_rows: list[dict] = []
    gen: dict[int, float] = {}
    work = Path(tempfile.mkdtemp(prefix="analysis-bench-"))
    try:
        from analysis.dev import synthetic

        for n in sizes:
            t0 = time.perf_counter()
            synthetic.generate(n, seed=20240601, out_dir=work / f"raw_{n}")
            gen[n] = time.perf_counter() - t0
            for write in ([False] if args.skip_write else [False, True]):
                r = clean_bench(n, args.limit, work, write)
                clean_rows.append(r)
                print(json.dumps(r), flush=True)
            shutil.rmtree(work / f"raw_{n}", ignore_errors=True)
            shutil.rmtree(work / f"processed_{n}", ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = render(info, build_rows, clean_rows, gen)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
