"""The manifest of data/processed/: which tables the last complete run wrote, and their sha256.

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
from analysis.paths import PROCESSED_DIR

MANIFEST = ".manifest.json"
"""In data/processed/: the sha256 of every processed table of the last complete run, written last."""


def manifest_text(texts: dict[str, str]) -> str:
    """The manifest of a set of processed tables: each table's sha256 (deterministic: no time stamp)."""
    tables = {name: hashlib.sha256(t.encode("utf-8")).hexdigest() for name, t in sorted(texts.items())}
    return json.dumps({"tables": tables}, indent=1, sort_keys=True) + "\n"


def verify_manifest(out_dir: Path = PROCESSED_DIR) -> list[str]:
    """Problems that make ``out_dir`` not a complete, current set of processed tables ([] when it is one): no
    manifest (never built, or a run stopped half way), a table missing or not the one the manifest lists, a leftover
    temporary file."""
    where = out_dir.as_posix()
    path = out_dir / MANIFEST
    if not path.is_file():
        return [f"{where}/{MANIFEST} is missing: the processed tables were not built completely (run make data)"]
    try:
        listed = json.loads(path.read_text(encoding="utf-8"))["tables"]
    except (ValueError, KeyError, TypeError) as err:
        return [f"{where}/{MANIFEST} is unreadable ({err}): run make data"]
    out = []
    for name in PROCESSED:
        table = out_dir / name
        if name not in listed:
            out.append(f"{where}/{name} is not in the manifest: run make data")
        elif not table.is_file():
            out.append(f"{where}/{name} is missing: run make data")
        elif hashlib.sha256(table.read_bytes()).hexdigest() != listed[name]:
            out.append(f"{where}/{name} is not the table the last run wrote (changed or half written): run make data")
    out += [f"{tmp.as_posix()} is a temporary file left by an interrupted run (the next make data removes it)"
            for tmp in sorted(out_dir.glob(TEMP_GLOB))]
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    problems = verify_manifest(Path(args[0]) if args else PROCESSED_DIR)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
