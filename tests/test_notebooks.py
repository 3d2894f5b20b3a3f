"""The notebooks in notebooks/ run top to bottom, offline, on the embedded data, and are stored with their outputs."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").glob("*.ipynb"))


def _teksten(nb) -> list[str]:
    """The plain-text outputs of every code cell."""
    uit = []
    for c in nb.cells:
        for o in c.get("outputs", []) if c.cell_type == "code" else []:
            uit.append(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")))
    return uit


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path, monkeypatch):
    monkeypatch.setenv("WIJKSCAN_OFFLINE", "1")
    monkeypatch.setenv("WIJKSCAN_CACHE", str(tmp_path / "cache"))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=3600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    # every code cell ran and the last one showed something
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    assert code[-1].outputs
    # nothing on stderr: no English "TqdmWarning: IProgress not found", no other warning
    stderr = [o for c in code for o in c.outputs if o.output_type == "stream" and o.name == "stderr"]
    assert not stderr, stderr[0].text[:300]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stored_with_outputs_in_dutch_numbers(path):
    """scripts/notebooks_uitvoeren.py stored every output, so a reader sees results before running anything."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code) and sum(bool(c.outputs) for c in code) >= len(code) - 3
    assert not [o for c in code for o in c.outputs if o.output_type == "error" or o.get("name") == "stderr"]
    assert "wijkscan.nederlandse_weergave()" in code[0].source
    # tables show 48,6 and 25.625, not pandas' 48.558952 or 25625.0 (a point before 4+ digits, or before one 0)
    rauw = [t for t in _teksten(nb) if re.search(r"(?<![\w.,])\d+\.(\d{4,}|0)(?![\w.])", t)]
    assert not rauw, rauw[0][:300]


def test_meldingen_notebook_teaches_the_one_count_and_labels_the_derived_sample():
    nb = nbformat.read(Path(__file__).parents[1] / "notebooks" / "02_meldingen_assen.ipynb", as_version=4)
    bron = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "meldingen=imp" in bron and "wa.meldingentelling" in bron and 'telling.tabel("wijk")' in bron
    for oud in ("tel_per_gebied", "publicatietabel", "onderdruk"):
        assert oud not in bron, oud
    # every output of the seasonal section says the sample is derived
    cellen = [c for c in nb.cells if c.cell_type == "code" and "voorbeeld" in c.source]
    assert len(cellen) == 2
    for c in cellen:
        assert any("afgeleid, geen echte meldingen" in t for t in _teksten(nbformat.v4.new_notebook(cells=[c])))


def test_there_are_three_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["01_wijkanalyse_voorschoten.ipynb", "02_meldingen_assen.ipynb",
                                          "03_eigen_indeling_en_enquete.ipynb"]
