"""Time the ranking of one gemeente (national scale, shrinkage, 400 draws for the rank intervals), after loading.

Not a test. Usage::

    .venv/bin/python benchmarks/bench_aandachtsgebieden.py            # best of 5
    .venv/bin/python benchmarks/bench_aandachtsgebieden.py --trekkingen 1000

Data: the embedded real snapshot. The profile of each gemeente is built once (loading); only
:func:`bereken_aandachtsgebieden` is timed, with the national reference of the embedded snapshot. The first
call of a session also builds the national reference table and the composite of every Dutch woongebied
(cached; timed separately as "eerste keer"). Goal (issue 17): one gemeente in under 1 s after loading.
"""

from __future__ import annotations

import argparse
import os
import time

import wijkscan
from wijkscan.analysis.aandachtsgebieden import bereken_aandachtsgebieden, ingebouwde_referentie
from wijkscan.indicators import catalogus

GEMEENTEN = (("Amsterdam", "buurt"), ("Rotterdam", "buurt"), ("Assen", "buurt"), ("Assen", "wijk"),
             ("Voorschoten", "buurt"), ("Súdwest-Fryslân", "buurt"), ("Vlieland", "buurt"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rondes", type=int, default=5)
    ap.add_argument("--trekkingen", type=int, default=400)
    args = ap.parse_args()
    t = time.perf_counter()
    ingebouwde_referentie(catalogus())
    print(f"landelijke referentietabel (ingebouwd, buurten): {time.perf_counter() - t:.2f} s")
    for gemeente, niveau in GEMEENTEN:
        wa = wijkscan.wijkanalyse(gemeente, niveau=niveau, bron="ingebouwd")
        ref = ingebouwde_referentie(wa.catalogus, niveau=niveau)
        t = time.perf_counter()
        s, _ = bereken_aandachtsgebieden(wa.profiel, wa.catalogus, wa.jaar, trekkingen=args.trekkingen, referentie=ref)
        eerste = time.perf_counter() - t
        best = best_cpu = float("inf")
        for _ in range(args.rondes):
            t, c = time.perf_counter(), time.process_time()
            bereken_aandachtsgebieden(wa.profiel, wa.catalogus, wa.jaar, trekkingen=args.trekkingen, referentie=ref)
            best = min(best, time.perf_counter() - t)
            best_cpu = min(best_cpu, time.process_time() - c)
        print(f"{gemeente:16s} {niveau:6s} {len(s):4d} gebieden  {args.trekkingen} trekkingen  "
              f"eerste keer {eerste:.3f} s, beste van {args.rondes}: {best:.3f} s (processortijd {best_cpu:.3f} s)")
    print(f"belasting van de machine (1 min): {os.getloadavg()[0]:.1f} op {os.cpu_count()} kernen")


if __name__ == "__main__":
    main()
