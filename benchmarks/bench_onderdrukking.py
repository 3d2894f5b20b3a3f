"""Time of the one meldingen assignment + suppression over all levels + the full audit (Assen, real data).

Run: ``.venv/bin/python benchmarks/bench_onderdrukking.py``. Prints seconds per step and the
number of figures per status. The suppression is kept per session, so a second wijkanalyse of the
same gemeente (buurt after wijk) reuses it.
"""

from __future__ import annotations

import time

import wijkscan
from wijkscan.analysis import meldingentelling
from wijkscan.analysis.meldingentelling import tel_meldingen
from wijkscan.sources.meldingen import assen_meldingen


def main() -> None:
    assen = wijkscan.load("Assen", bron="ingebouwd")
    imp = assen_meldingen(gemeente_grens=assen)
    for niveau in ("wijk", "buurt"):
        t0 = time.perf_counter()
        t = tel_meldingen(assen, imp, wijkscan.cbs_indeling(assen, niveau))
        print(f"toewijzen + onderdrukken ({niveau}): {time.perf_counter() - t0:.1f} s")
    meldingentelling._BEVEILIGD.clear()
    t0 = time.perf_counter()
    t = tel_meldingen(assen, imp, wijkscan.cbs_indeling(assen, "wijk"))
    print(f"opnieuw, zonder bewaarde beslissing: {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    a = t.audit()
    print(f"volledige audit ({len(a)} verborgen cijfers): {time.perf_counter() - t0:.1f} s; onthuld: {int(a.onthuld.sum())}")
    print(t.publicatie.cijfers.groupby(["niveau", "status"]).size().to_string())


if __name__ == "__main__":
    main()
