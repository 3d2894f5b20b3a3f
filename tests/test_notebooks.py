"""The notebooks in notebooks/ run top to bottom, offline, on the embedded data."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path, monkeypatch):
    monkeypatch.setenv("WIJKSCAN_OFFLINE", "1")
    monkeypatch.setenv("WIJKSCAN_CACHE", str(tmp_path / "cache"))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    # every code cell ran and the last one showed something
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    assert code[-1].outputs


def test_there_are_three_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["01_wijkanalyse_voorschoten.ipynb", "02_meldingen_assen.ipynb",
                                          "03_eigen_indeling_en_enquete.ipynb"]
