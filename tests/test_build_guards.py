"""Issue 22, 11 and 12: the build lock says whom it waits for and survives make clean deleting it; a bad
SOURCE_DATE_EPOCH stops the build before any kernel starts (it crashed IPython in every kernel). `make clean`
refusing while a build holds the lock is in tests/test_makefile.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.paths import ROOT
from analysis.publish.config import ReportError
from analysis.publish.outputs import BuildRunning, build_lock, lock_path, source_date_epoch

WAITER = ("import sys; from pathlib import Path; from analysis.publish.outputs import build_lock\n"
          "with build_lock(Path(sys.argv[1])):\n    print('acquired', flush=True)\n")


def _waiter(reports: Path) -> subprocess.Popen:
    """A second build's lock, taken in another process (it blocks while this one holds the lock)."""
    return subprocess.Popen([sys.executable, "-c", WAITER, str(reports)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_a_second_build_says_for_which_build_it_waits(tmp_path):
    with build_lock(tmp_path):
        waiter = _waiter(tmp_path)
        assert waiter.stderr is not None and waiter.stdout is not None
        # read before releasing: the line is printed while the lock is still held here
        assert waiter.stderr.readline() == f"waiting for another build (pid {os.getpid()}) to finish…\n"
    assert waiter.stdout.readline() == "acquired\n"
    assert waiter.wait(timeout=60) == 0


def _next_line(process: subprocess.Popen) -> tuple[str, str]:
    """("out" or "err", line) of whichever of the process's outputs writes a line first (no time limit: one will)."""
    import selectors

    assert process.stdout is not None and process.stderr is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ, "out")
        selector.register(process.stderr, selectors.EVENT_READ, "err")
        key, _ = selector.select()[0]
        return key.data, key.fileobj.readline()


def test_a_lock_deleted_by_its_holder_is_taken_again_on_the_new_file(tmp_path):
    """make clean deletes the lock file while it holds it: a build waiting on the deleted file must not then run
    beside a build that took the new file."""
    first = build_lock(tmp_path)
    first.__enter__()
    waiter = _waiter(tmp_path)
    assert _next_line(waiter)[1].startswith("waiting for another build")
    lock_path(tmp_path).unlink()  # as make clean does, last
    second = build_lock(tmp_path, wait=False)  # a build that came after the deletion: a new file, free
    second.__enter__()
    first.__exit__(None, None, None)
    # the waiter now holds the deleted file's lock: it must see that and wait for the second build
    assert _next_line(waiter) == ("err", f"waiting for another build (pid {os.getpid()}) to finish…\n")
    second.__exit__(None, None, None)
    assert _next_line(waiter) == ("out", "acquired\n")
    assert waiter.wait(timeout=60) == 0


def test_a_lock_held_elsewhere_is_refused_without_waiting(tmp_path):
    with build_lock(tmp_path):
        done = subprocess.run([sys.executable, "-c", (
            "import sys; from pathlib import Path; from analysis.publish.outputs import BuildRunning, build_lock\n"
            "try:\n    with build_lock(Path(sys.argv[1]), wait=False): print('acquired')\n"
            "except BuildRunning as e: print(e.pid)\n"), str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == str(os.getpid()), done.stderr
    assert issubclass(BuildRunning, ReportError)


@pytest.mark.parametrize("value", ["abc", "", "1.5", "-1", "99999999999999999999", "253402300799", "١٧٠٠"])
def test_a_bad_source_date_epoch_is_one_clear_error(monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(ReportError) as err:
        source_date_epoch()
    [line] = err.value.problems
    assert line.startswith(f"SOURCE_DATE_EPOCH: found {value!r} — expected whole seconds since 1970-01-01")


def test_a_good_source_date_epoch_is_read(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert source_date_epoch() == 1700000000
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert source_date_epoch() is None


@pytest.mark.parametrize("command", [["build"], ["run", "overview"]])
def test_a_bad_source_date_epoch_stops_the_build_before_any_kernel_starts(tmp_path, command):
    """It took a minute per report ('Kernel didn't respond in 60 seconds'): now one line and exit 1, nothing built."""
    reports = tmp_path / "reports"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "abc"}
    done = subprocess.run([sys.executable, "-m", "analysis.publish", "--reports-dir", str(reports), *command],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "error: SOURCE_DATE_EPOCH: found 'abc' — expected whole seconds since 1970-01-01 UTC (at most "
        "253402214399, e.g. 1700000000), or unset it"]
    assert not reports.exists(), "nothing may be started or written"


@pytest.mark.slow
def test_make_data_waits_for_a_build_reading_the_tables_it_would_rewrite(tmp_path):
    """Issue 22, 1: `make data BASE_YEAR=2015` in another shell during `make reports` rewrote the tables the
    notebooks were reading. make data now takes the build's lock: it says whom it waits for, writes nothing while a
    build holds the lock, and runs once the build is done."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "raw", data / "raw")
    shutil.copytree(ROOT / "data" / "sources", data / "sources")
    out, reports = data / "processed", tmp_path / "reports"
    cmd = [sys.executable, "-m", "analysis.clean.make_data", "--raw", str(data / "raw"), "--sources",
           str(data / "sources"), "--out", str(out), "--reports-dir", str(reports), "--base-year", "2015"]
    with build_lock(reports):  # a build is running
        make_data = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert make_data.stderr is not None
        assert make_data.stderr.readline() == f"waiting for another build (pid {os.getpid()}) to finish…\n"
        assert not out.exists() or not any(out.glob("*.csv")), "nothing written while the build holds the lock"
    _, err = make_data.communicate(timeout=300)
    assert make_data.returncode == 0, err
    assert (out / "projects.csv").is_file()
