"""The build heals itself: kills at chosen moments, hand edits, removed projects, leftovers, full disks, umask.

Each test builds tiny notebooks (one kernel each, a second or two) in tmp_path through the real command line, so
the build runs in its own process and can be killed there (``ANALYSIS_FAULT``, see analysis.core.faults). After
any fault a plain build must succeed, give the same bytes as a build that was never interrupted, and leave nothing
behind.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis.publish import outputs
from analysis.publish.config import ReportError

pytestmark = pytest.mark.faults

CONFIG = """\
reports:
  - name: overview
    notebook: overview.ipynb
    parameters: {language: en}
  - name: projects/{project_id}
    notebook: profile.ipynb
    for_each: project_id
    parameters: {language: en}
"""
PARAMS = 'language: str = "en"\nproject_id: str = "none"\n'


def _notebook(path: Path, body: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell(PARAMS)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_markdown_cell("# Report"), nbformat.v4.new_code_cell(body)]
    nbformat.write(nb, str(path))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A miniature project: a config, two notebooks, raw and processed folders (two projects)."""
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "reports.yml").write_text(CONFIG, encoding="utf-8")
    read = ("import os, pathlib\n"
            "rows = (pathlib.Path(os.environ['ANALYSIS_PROCESSED_DIR']) / 'projects.csv').read_text().splitlines()\n")
    _notebook(tmp_path / "notebooks" / "overview.ipynb", read + "print(len(rows) - 1, 'projects')")
    _notebook(tmp_path / "notebooks" / "profile.ipynb",
              read + "print([r for r in rows if r.startswith(project_id + ',')])")
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "figures.csv").write_text("figure_id,note\na:001,first\n", encoding="utf-8")
    (tmp_path / "processed").mkdir()
    _projects(tmp_path, ["alpha,1", "beta,2"])
    return tmp_path


def _projects(root: Path, rows: list[str]) -> None:
    text = "project_id,value\n" + "".join(r + "\n" for r in rows)
    (root / "processed" / "projects.csv").write_text(text, encoding="utf-8")


def build(root: Path, *args: str, fault: str | None = None, umask: int | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("ANALYSIS_FAULT", None)
    if fault:
        env["ANALYSIS_FAULT"] = fault
    cmd = [sys.executable, "-m", "analysis.publish", "--config", str(root / "notebooks" / "reports.yml"),
           "--reports-dir", str(root / "reports"), "--processed-dir", str(root / "processed"),
           "--raw-dir", str(root / "raw"), *(args or ["build", "--jobs", "2"])]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300,
                          preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under reports/ but the lock, by relative path."""
    reports = root / "reports"
    return {p.relative_to(reports).as_posix(): p.read_bytes() for p in sorted(reports.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def leftovers(root: Path) -> list[str]:
    reports = root / "reports"
    found = [p.relative_to(reports).as_posix() for p in reports.rglob("*")
             if p.name.endswith(".tmp") or p.suffix == ".ipynb" or "work" in p.relative_to(reports).parts[:2]
             and p.is_file()]
    return sorted(found)


@pytest.fixture
def clean_build(project: Path) -> dict[str, bytes]:
    """The outputs of an uninterrupted build of the miniature project."""
    done = build(project)
    assert done.returncode == 0, done.stderr
    return snapshot(project)


def test_a_build_writes_every_report_its_record_and_the_index(project: Path, clean_build) -> None:
    assert set(clean_build) == {"overview.html", "projects/alpha.html", "projects/beta.html", "index.html",
                                "_build/overview.json", "_build/projects/alpha.json", "_build/projects/beta.json"}
    assert b"2 projects" in clean_build["overview.html"]
    record = json.loads(clean_build["_build/projects/alpha.json"])
    assert record["html_sha256"] == hashlib.sha256(clean_build["projects/alpha.html"]).hexdigest()
    assert leftovers(project) == []


def test_a_second_build_does_nothing(project: Path, clean_build) -> None:
    done = build(project)
    assert done.returncode == 0 and "0 built, 3 up to date" in done.stderr
    assert snapshot(project) == clean_build


@pytest.mark.parametrize("point", ["build:after-html", "build:after-record"])
def test_a_kill_between_writes_is_repaired_by_the_next_build(project: Path, clean_build, point: str) -> None:
    for path in (project / "reports").rglob("*.html"):  # make every report stale: new data for all
        path.unlink()
    killed = build(project, fault=point)
    assert killed.returncode == -9  # SIGKILL: no clean-up ran
    healed = build(project)
    assert healed.returncode == 0, healed.stderr
    assert snapshot(project) == clean_build
    assert leftovers(project) == []


def test_html_without_its_record_or_edited_by_hand_is_rebuilt(project: Path, clean_build) -> None:
    (project / "reports" / "_build" / "overview.json").unlink()
    (project / "reports" / "projects" / "beta.html").write_text("<html>edited</html>", encoding="utf-8")
    done = build(project)
    assert done.returncode == 0 and "2 built, 1 up to date" in done.stderr
    assert snapshot(project) == clean_build


def test_one_project_changed_rebuilds_its_profile_and_the_overview_only(project: Path, clean_build) -> None:
    _projects(project, ["alpha,1", "beta,3"])
    status = build(project, "status")
    assert sorted(line.split(":")[0] for line in status.stdout.splitlines()) == ["overview", "projects/beta"]


def test_a_removed_project_loses_its_report_and_record(project: Path, clean_build) -> None:
    _projects(project, ["alpha,1"])
    done = build(project)
    assert done.returncode == 0, done.stderr
    assert "removed projects/beta.html" in done.stderr
    files = snapshot(project)
    assert "projects/beta.html" not in files and "_build/projects/beta.json" not in files
    assert "beta" not in files["index.html"].decode()


def test_leftovers_of_killed_builds_are_removed(project: Path, clean_build) -> None:
    (project / "reports" / ".overview.html.x1.tmp").write_text("half", encoding="utf-8")
    work = project / "reports" / "_build" / "work" / "analysis-kernel-dead"
    work.mkdir(parents=True)
    (work / "connection.json").write_text('{"key": "secret"}', encoding="utf-8")
    done = build(project)
    assert done.returncode == 0, done.stderr
    assert leftovers(project) == [] and not work.exists()


def test_a_new_raw_data_version_is_recorded_without_rebuilding(project: Path, clean_build) -> None:
    (project / "raw" / "figures.csv").write_text("figure_id,note\na:001,a better note\n", encoding="utf-8")
    done = build(project)
    assert done.returncode == 0 and "0 built, 3 up to date" in done.stderr
    version = outputs.data_version(project / "raw")
    record = json.loads((project / "reports" / "_build" / "overview.json").read_text())
    assert record["data_version"] == version
    assert version in (project / "reports" / "index.html").read_text()
    assert (project / "reports" / "overview.html").read_bytes() == clean_build["overview.html"]


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_outputs_respect_the_umask(project: Path, mask: int, mode: int) -> None:
    done = build(project, umask=mask)
    assert done.returncode == 0, done.stderr
    for name in ("overview.html", "index.html", "_build/overview.json"):
        assert stat.S_IMODE((project / "reports" / name).stat().st_mode) == mode, name


def test_a_full_disk_is_reported_and_keeps_the_last_good_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "report.html"
    target.write_text("last good", encoding="utf-8")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(ReportError) as info:
        outputs.atomic_write(target, "new")
    assert str(info.value) == f"{target}: cannot write (the disk is full); the previous version of this file, " \
                              "if any, is intact"
    assert target.read_text(encoding="utf-8") == "last good"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_interrupt_keeps_finished_reports(project: Path, clean_build) -> None:
    """Ctrl-C (SIGINT) right after a report was written: it stays; the next build completes the rest."""
    _projects(project, ["alpha,5", "beta,6", "gamma,7"])  # every report changes, one is new
    interrupted = build(project, "build", "--jobs", "1", fault="build:after-record:SIGINT")
    assert interrupted.returncode == 130, interrupted.stderr
    assert "interrupted: 1 built, 3 left stale; the next build completes them" in interrupted.stderr
    changed = [n for n, data in snapshot(project).items() if n.endswith(".html") and data != clean_build.get(n)]
    assert len(changed) == 1, "exactly the report finished before the interrupt is new"
    assert leftovers(project) == []
    done = build(project)
    assert done.returncode == 0 and "3 built, 1 up to date" in done.stderr, done.stderr


# --- inputs that change while a build runs ---------------------------------------------------------------------


def paused_build(root: Path, point: str, change, *args: str) -> subprocess.CompletedProcess:
    """A build stopped at ``point`` (``ANALYSIS_FAULT=<point>:PAUSE``) while ``change()`` edits its inputs, then
    let go: a handshake through two files, no sleeps or timing guesses."""
    hooks = root / "hooks"
    hooks.mkdir(exist_ok=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "ANALYSIS_FAULT": f"{point}:PAUSE",
           "ANALYSIS_FAULT_DIR": str(hooks)}
    cmd = [sys.executable, "-m", "analysis.publish", "--config", str(root / "notebooks" / "reports.yml"),
           "--reports-dir", str(root / "reports"), "--processed-dir", str(root / "processed"),
           "--raw-dir", str(root / "raw"), *(args or ["build", "--jobs", "1"])]
    stem = point.replace(":", "-")
    with subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        while not (hooks / f"{stem}.paused").exists():
            if proc.poll() is not None:  # it ended without reaching the point: say why
                raise AssertionError(proc.stderr.read() if proc.stderr else "build ended before the pause")
            os.sched_yield()
        change()
        (hooks / f"{stem}.resume").touch()
        out, err = proc.communicate(timeout=300)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def test_data_changed_after_planning_is_what_the_records_name(project: Path, clean_build) -> None:
    """`make data BASE_YEAR=2015` in another shell while `make reports` runs, and back: the records must name the
    data the notebooks read, so that going back rebuilds the reports (before: "0 built, up to date", showing the
    other data)."""
    for path in (project / "reports").rglob("*.html"):
        path.unlink()
    during = paused_build(project, "build:planned", lambda: _projects(project, ["alpha,1", "beta,20"]))
    assert during.returncode == 0, during.stderr
    assert "beta,20" in (project / "reports" / "projects" / "beta.html").read_text("utf-8")
    _projects(project, ["alpha,1", "beta,2"])  # the data as it was when the build planned
    after = build(project)
    assert after.returncode == 0, after.stderr
    assert "beta,20" not in (project / "reports" / "projects" / "beta.html").read_text("utf-8")
    assert snapshot(project) == clean_build


def test_data_changed_while_a_notebook_ran_is_not_published(project: Path, clean_build) -> None:
    """A report whose data changed between the start and the end of its run may show either: it keeps its last
    good version, the build says why and exits non-zero, and the next build builds it."""
    _projects(project, ["alpha,1", "beta,3"])
    during = paused_build(project, "build:executed", lambda: _projects(project, ["alpha,1", "beta,4"]))
    assert during.returncode == 1
    assert "NOT PUBLISHED" in during.stderr and "inputs changed while the build ran" in during.stderr
    assert "run `make reports` again" in during.stderr
    status = build(project, "status")
    assert "would be rebuilt" in status.stderr and not status.stderr.startswith("0 of")
    healed = build(project)
    assert healed.returncode == 0, healed.stderr
    assert "beta,4" in (project / "reports" / "projects" / "beta.html").read_text("utf-8")
    assert "3 projects" not in (project / "reports" / "overview.html").read_text("utf-8")


def test_a_notebook_switched_during_a_build_and_back_is_never_recorded_as_current(project: Path,
                                                                                    clean_build) -> None:
    """`git checkout other-branch` during a build, and back: the reports that ran the other notebook are not
    published (before: published with the first branch's fingerprint, then "up to date" after switching back)."""
    for path in (project / "reports").rglob("*.html"):
        path.unlink()
    notebook = project / "notebooks" / "profile.ipynb"
    original = notebook.read_bytes()

    def switch() -> None:
        nb = nbformat.read(str(notebook), as_version=4)
        nb.cells[-1].source = "print('the other branch')"
        nbformat.write(nb, str(notebook))

    during = paused_build(project, "build:planned", switch)
    assert during.returncode == 1 and "notebook or code changed" in during.stderr
    for html in (project / "reports" / "projects").glob("*.html"):
        assert "the other branch" not in html.read_text("utf-8")
    notebook.write_bytes(original)  # back on the first branch
    healed = build(project)
    assert healed.returncode == 0, healed.stderr
    assert snapshot(project) == clean_build


WAIT_IN_CELL = """
import os, pathlib, time
hooks = pathlib.Path(os.environ["ANALYSIS_FAULT_DIR"])
(hooks / "cell.paused").touch()
while not (hooks / "cell.resume").exists():
    time.sleep(0.01)
"""


@pytest.mark.parametrize("where", ["kernel", "driver"])
def test_ctrl_c_stops_the_build_in_one_line_with_130(project: Path, clean_build, where: str) -> None:
    """Ctrl-C at the terminal (SIGINT to the whole process group) while a notebook runs in its kernel, or while
    the build itself works: one line saying what was built and what is left stale, the kernels stopped, exit 130,
    finished reports kept, and no traceback."""
    for path in (project / "reports").rglob("*.html"):
        path.unlink()
    hooks = project / "hooks"
    hooks.mkdir()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "ANALYSIS_FAULT_DIR": str(hooks)}
    if where == "kernel":
        original = (project / "notebooks" / "overview.ipynb").read_bytes()
        _notebook(project / "notebooks" / "overview.ipynb", WAIT_IN_CELL)
        paused = hooks / "cell.paused"
    else:
        env["ANALYSIS_FAULT"] = "build:planned:PAUSE"  # the build's own work, before any kernel runs a report
        paused = hooks / "build-planned.paused"
    cmd = [sys.executable, "-m", "analysis.publish", "--config", str(project / "notebooks" / "reports.yml"),
           "--reports-dir", str(project / "reports"), "--processed-dir", str(project / "processed"),
           "--raw-dir", str(project / "raw"), "build", "--jobs", "1"]
    with subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          start_new_session=True) as proc:
        while not paused.exists():
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            os.sched_yield()
        os.killpg(proc.pid, signal.SIGINT)  # what the terminal sends on Ctrl-C
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "CancelledError" not in err and "FAILED" not in err, err
    assert err.strip().splitlines()[-1].startswith("interrupted: "), err
    assert "built, " in err and "the next build completes them" in err
    work = project / "reports" / "_build" / "work"
    assert not work.exists() or not any(work.iterdir()), "kernels stopped and their sockets removed"
    if where == "kernel":
        (project / "notebooks" / "overview.ipynb").write_bytes(original)
    healed = build(project)
    assert healed.returncode == 0, healed.stderr
    assert snapshot(project) == clean_build


@pytest.mark.parametrize("field, value", [("title", "<b>Another title</b>"), ("output", "../elsewhere.html")])
def test_a_record_edited_by_hand_is_rebuilt(project: Path, clean_build, field: str, value: str) -> None:
    """A hand-edited title or link in a build record used to redirect the index's link while the build stayed
    "up to date": the record's own checksum no longer holds, so the report and its record are built again."""
    path = project / "reports" / "_build" / "projects" / "alpha.json"
    record = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps({**record, field: value}), encoding="utf-8")
    status = build(project, "status")
    assert "projects/alpha: its record was edited by hand" in status.stdout
    healed = build(project)
    assert healed.returncode == 0 and "1 built, 2 up to date" in healed.stderr, healed.stderr
    assert snapshot(project) == clean_build


def test_a_hanging_cell_is_stopped_at_the_limit_and_says_how_to_raise_it(project: Path, clean_build) -> None:
    hooks = project / "hooks"
    hooks.mkdir()
    _notebook(project / "notebooks" / "overview.ipynb", WAIT_IN_CELL)  # waits for a file nobody creates
    env_dir = {"ANALYSIS_FAULT_DIR": str(hooks)}
    cmd = [sys.executable, "-m", "analysis.publish", "--config", str(project / "notebooks" / "reports.yml"),
           "--reports-dir", str(project / "reports"), "--processed-dir", str(project / "processed"),
           "--raw-dir", str(project / "raw"), "build", "--jobs", "1", "--timeout", "2"]
    done = subprocess.run(cmd, env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000", **env_dir},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "a cell ran longer than 2 s and was stopped" in done.stderr and "TIMEOUT=<seconds>" in done.stderr
    assert (project / "reports" / "overview.html").read_bytes() == clean_build["overview.html"]  # last good kept


def test_a_shorter_config_keeps_the_other_reports(project: Path, clean_build) -> None:
    """A build with a configuration listing only the overview used to delete every profile without asking."""
    short = project / "notebooks" / "short.yml"
    short.write_text(CONFIG.split("  - name: projects/")[0], encoding="utf-8")
    cmd = [sys.executable, "-m", "analysis.publish", "--config", str(short), "--reports-dir", str(project / "reports"),
           "--processed-dir", str(project / "processed"), "--raw-dir", str(project / "raw"), "build"]
    done = subprocess.run(cmd, env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "kept 2 reports of notebooks this configuration does not build" in done.stderr
    assert "removed" not in done.stderr
    for name in ("projects/alpha.html", "projects/beta.html", "_build/projects/alpha.json"):
        assert (project / "reports" / name).read_bytes() == clean_build[name]


def test_a_kernel_killed_by_a_memory_limit_is_named_as_such(project: Path, clean_build) -> None:
    """The system's out-of-memory killer ends a kernel with SIGKILL: the report's error says the kernel died, in
    the cell it last started (as far as the kernel said before it died), and what usually kills it (before:
    "DeadKernelError: Kernel died")."""
    _notebook(project / "notebooks" / "overview.ipynb", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    done = build(project)
    assert done.returncode == 1
    assert "the kernel running it died during " in done.stderr and "out of memory" in done.stderr
    assert (project / "reports" / "overview.html").read_bytes() == clean_build["overview.html"]  # last good kept
