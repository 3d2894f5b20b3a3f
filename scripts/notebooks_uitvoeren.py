"""Run the notebooks in notebooks/ top to bottom and store them WITH their outputs (offline, embedded data).

So that a reader sees tables, maps and figures on GitHub or in Jupyter before running anything. Each notebook
runs in a fresh kernel in a temporary folder (its files — Excel, PDF, maps — land there, not in the checkout),
with ``WIJKSCAN_OFFLINE=1`` and an empty cache, so every figure comes from the embedded real data. Needs the
``jupyter`` (or ``test``) extra: nbclient, ipykernel, ipywidgets.

Run from the repository root after changing a notebook or wijkscan's output:

    python scripts/notebooks_uitvoeren.py                 # all notebooks
    python scripts/notebooks_uitvoeren.py 02_meldingen_assen.ipynb
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

MAP = Path(__file__).resolve().parents[1] / "notebooks"


def uitvoeren(pad: Path) -> None:
    nb = nbformat.read(pad, as_version=4)
    with tempfile.TemporaryDirectory(prefix="wijkscan-nb-") as tmp:
        os.environ.update({"WIJKSCAN_OFFLINE": "1", "WIJKSCAN_CACHE": str(Path(tmp) / "cache")})
        NotebookClient(nb, timeout=1200, kernel_name="python3", resources={"metadata": {"path": tmp}}).execute()
    for cel in nb.cells:          # no run times in the stored file: a rerun without changes gives the same file
        cel.metadata.pop("execution", None)
        for uit in cel.get("outputs", []):
            if uit.get("output_type") == "stream" and uit.get("name") == "stderr":
                raise SystemExit(f"{pad.name}: uitvoer op stderr (waarschuwing?): {uit.get('text', '')[:300]}")
    nbformat.write(nb, pad)
    print(f"{pad.name}: {sum(c.cell_type == 'code' for c in nb.cells)} cellen uitgevoerd, "
          f"{pad.stat().st_size // 1024} kB")


def main() -> None:
    namen = sys.argv[1:]
    for pad in sorted(MAP.glob("*.ipynb")):
        if not namen or pad.name in namen:
            uitvoeren(pad)


if __name__ == "__main__":
    main()
