"""notebooks/explore.ipynb, the analyst's worked questions: committed clean, not a report, and it runs from
notebooks/ (as JupyterLab runs it) without errors or warnings."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXPLORE = ROOT / "notebooks" / "explore.ipynb"


def test_explore_is_committed_clean_and_is_no_report():
    nb = nbformat.read(EXPLORE, as_version=4)
    nbformat.validate(nb)
    assert all(c.outputs == [] and c.execution_count is None for c in nb.cells if c.cell_type == "code")
    reports = yaml.safe_load((ROOT / "notebooks" / "reports.yml").read_text("utf-8"))["reports"]
    assert "explore.ipynb" not in {r["notebook"] for r in reports}
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "import analysis as an" in code and "data/raw" not in code and "read_csv" not in code
    assert any("Starting a new question" in c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.mark.slow
def test_explore_runs_from_the_notebooks_folder(tmp_path):
    import papermill

    from analysis.publish.kernels import IPCKernelManager

    out = tmp_path / "explore.ipynb"
    papermill.execute_notebook(str(EXPLORE), str(out), kernel_name="python3", cwd=str(EXPLORE.parent),
                               progress_bar=False, kernel_manager_class=IPCKernelManager)
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert not [o["text"] for o in outputs if o["output_type"] == "stream" and o["name"] == "stderr"]
    shown = "\n".join(o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in outputs)
    # question 2 keeps a project that counts women but no men, as "cannot say"
    assert "cannot say" in shown and "bytom-rkis-2" in shown
