"""The manifest of data/processed/: which tables the last complete run wrote, and their sha256.

The manifest also records the sha256 of every input the run read (:func:`input_hashes`: the raw tables, the
documents' texts, the cleaning code, requirements.lock, and the base year asked for), so whether data/processed/
is current is decided by content, never by modification times (:func:`stale_reasons`; ``make data`` asks it on
every run, :mod:`analysis.clean.make_data`).

Light on purpose (no pandas): ``python -m analysis.clean.manifest [DIR]`` takes a tenth of a second, so a Makefile
can verify the processed set on every run and rebuild it when a table is missing, changed or half written. Exit 1
and one line per problem when the set is not complete; exit 0 and nothing printed when it is.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from analysis.core.dictionary import PROCESSED
from analysis.core.files import TEMP_GLOB
from analysis.paths import LOCK_FILE, PROCESSED_DIR, ROOT, shown

MANIFEST = ".manifest.json"
"""In data/processed/: the sha256 of every processed table of the last complete run, written last."""


CODE_DIR = Path(__file__).resolve().parents[1]
"""src/analysis: its modules and those of core/ and clean/ are the code of the cleaning stage (the reports track
their own code)."""
CODE_GLOBS = ("*.py", "core/*.py", "clean/*.py")
BASE_YEAR = "base year"
"""Key of the base year asked for (``--base-year``; empty: the latest complete CPI year) among the inputs."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _input_files(raw_dir: Path, sources_dir: Path | None) -> dict[str, Path]:
    """Every file a run reads, by a key that does not depend on where the folders are (``raw/projects.csv``,
    ``sources/<id>.txt``, ``code/clean/pipeline.py``, ``requirements.lock``)."""
    files = {f"raw/{p.name}": p for p in sorted(raw_dir.glob("*.csv"))}
    if sources_dir is not None and sources_dir.is_dir():
        files |= {f"sources/{p.name}": p for p in sorted(sources_dir.iterdir())
                  if p.is_file() and not p.name.startswith(".")}
    files |= {f"code/{p.relative_to(CODE_DIR).as_posix()}": p for pattern in CODE_GLOBS
              for p in sorted(CODE_DIR.glob(pattern))}
    if LOCK_FILE.is_file():
        files["requirements.lock"] = LOCK_FILE
    return files


def input_hashes(raw_dir: Path, sources_dir: Path | None, base_year: int | None) -> dict[str, str]:
    """What a run reads: the sha256 of every raw table, document text (given ``sources_dir``), module of the
    cleaning stage and of requirements.lock; and the base year asked for."""
    hashes = {key: _sha256(path) for key, path in _input_files(raw_dir, sources_dir).items()}
    return {**hashes, BASE_YEAR: "" if base_year is None else str(base_year)}


def _shown_input(key: str, raw_dir: Path, sources_dir: Path | None) -> str:
    """An input's key as the path a user knows it by (``data/raw/projects.csv``)."""
    folder, _, name = key.partition("/")
    where = {"raw": raw_dir, "sources": sources_dir, "code": CODE_DIR}.get(folder)
    return f"{shown(where)}/{name}" if where is not None and name else shown(ROOT / key)


def manifest_text(texts: dict[str, str], inputs: dict[str, str] | None = None) -> str:
    """The manifest of a set of processed tables: each table's sha256 and, given, the inputs they were built from
    (deterministic: no time stamp)."""
    tables = {name: hashlib.sha256(t.encode("utf-8")).hexdigest() for name, t in sorted(texts.items())}
    return json.dumps({"tables": tables, "inputs": inputs or {}}, indent=1, sort_keys=True) + "\n"


def verify_manifest(out_dir: Path = PROCESSED_DIR) -> list[str]:
    """Problems that make ``out_dir`` not a complete, current set of processed tables ([] when it is one): no
    manifest (never built, or a run stopped half way), a table missing or not the one the manifest lists, a leftover
    temporary file."""
    return [problem + advice for problem, advice in _set_problems(out_dir)]


def _set_problems(out_dir: Path) -> list[tuple[str, str]]:
    """(problem, what to do) of :func:`verify_manifest`."""
    where = out_dir.as_posix()
    path = out_dir / MANIFEST
    if not path.is_file():
        return [(f"{where}/{MANIFEST} is missing: the processed tables were not built completely", " (run make data)")]
    try:
        listed = json.loads(path.read_text(encoding="utf-8"))["tables"]
    except (ValueError, KeyError, TypeError) as err:
        return [(f"{where}/{MANIFEST} is unreadable ({err})", ": run make data")]
    out = []
    for name in PROCESSED:
        table = out_dir / name
        if name not in listed:
            out.append((f"{where}/{name} is not in the manifest", ": run make data"))
        elif not table.is_file():
            out.append((f"{where}/{name} is missing", ": run make data"))
        elif _sha256(table) != listed[name]:
            out.append((f"{where}/{name} is not the table the last run wrote (changed or half written)",
                        ": run make data"))
    out += [(f"{tmp.as_posix()} is a temporary file left by an interrupted run", " (the next make data removes it)")
            for tmp in sorted(out_dir.glob(TEMP_GLOB))]
    return out


def _changed_inputs(recorded: dict[str, str], current: dict[str, str], raw_dir: Path,
                    sources_dir: Path | None) -> list[str]:
    """One line per input that differs from the one the last run read."""
    out = []
    order = ["raw", "sources", BASE_YEAR, "code"]  # what an analyst changes first
    for key in sorted(recorded.keys() | current.keys(),
                      key=lambda k: (order.index(k.split("/")[0]) if k.split("/")[0] in order else len(order), k)):
        where = _shown_input(key, raw_dir, sources_dir)
        if key == BASE_YEAR:
            if recorded.get(key) != current.get(key):
                out.append(f"the base year asked for changed (from {recorded.get(key) or 'the default'} to "
                           f"{current.get(key) or 'the default'})")
        elif key not in current:
            out.append(f"{where} was removed")
        elif key not in recorded:
            out.append(f"{where} is new")
        elif recorded[key] != current[key]:
            out.append(f"{where} changed")
    return out


def stale_reasons(out_dir: Path, raw_dir: Path, sources_dir: Path | None, base_year: int | None) -> list[str]:
    """Why ``out_dir`` is not the set of tables a run would write now ([] when it is): not built completely, built
    from other inputs (by content: a file copied with an old date counts), or holding a table that is not the one
    the last run wrote (edited by hand)."""
    problems = [problem for problem, _ in _set_problems(out_dir)]
    if problems:
        return problems
    recorded = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8")).get("inputs")
    if not isinstance(recorded, dict) or not recorded:
        return [f"{out_dir.as_posix()}/{MANIFEST} does not record the inputs of its run"]
    return _changed_inputs(recorded, input_hashes(raw_dir, sources_dir, base_year), raw_dir, sources_dir)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    problems = verify_manifest(Path(args[0]) if args else PROCESSED_DIR)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
