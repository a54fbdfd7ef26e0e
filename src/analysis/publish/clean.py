"""`make clean`: remove the generated data and reports, never from under a running build.

Run as ``python -m analysis.publish.clean [--processed-dir DIR] [--reports-dir DIR]``. It takes the build's lock
(:func:`analysis.publish.outputs.build_lock`) without waiting: while a build holds it, it names the build's process,
removes nothing and exits 1. Kept: the committed ``README.md`` and ``.gitkeep`` files. Standard library only, so
it runs before ``.venv`` exists too.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from analysis.paths import PROCESSED_DIR, REPORTS_DIR, shown
from analysis.publish.outputs import BuildRunning, build_lock, lock_path

COMMITTED = {
    "processed": {"README.md", ".gitkeep"},
    "reports": {".gitkeep"},
}
"""What the generated folders hold that is in git (everything else in them is generated)."""


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def clean(processed_dir: Path = PROCESSED_DIR, reports_dir: Path = REPORTS_DIR) -> list[Path]:
    """Remove everything generated in both folders, holding the build lock; return what was removed. Raises
    :class:`BuildRunning` (having removed nothing) while a build runs."""
    removed: list[Path] = []
    with build_lock(reports_dir, wait=False):
        lock = lock_path(reports_dir)
        for folder, keep in ((processed_dir, COMMITTED["processed"]), (reports_dir, COMMITTED["reports"])):
            for path in sorted(folder.iterdir()) if folder.is_dir() else []:
                if path.name in keep:
                    continue
                if path == lock.parent:  # the lock goes last, still held: a build that starts meanwhile waits
                    for inner in sorted(path.iterdir()):
                        if inner != lock:
                            _remove(inner)
                else:
                    _remove(path)
                removed.append(path)
        lock.unlink(missing_ok=True)
        if lock.parent.is_dir() and not any(lock.parent.iterdir()):
            lock.parent.rmdir()
    return removed


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis.publish.clean", description=__doc__.splitlines()[0])
    ap.add_argument("--processed-dir", type=Path, default=PROCESSED_DIR)
    ap.add_argument("--reports-dir", type=Path, default=REPORTS_DIR)
    args = ap.parse_args(argv)
    try:
        removed = clean(args.processed_dir, args.reports_dir)
    except BuildRunning as exc:
        print(f"make clean: {exc}: nothing was removed. Let it finish (or stop it), then run make clean again.",
              file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"make clean: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    print(f"removed {len(removed)} generated files and folders from {shown(args.processed_dir)}/ and "
          f"{shown(args.reports_dir)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
