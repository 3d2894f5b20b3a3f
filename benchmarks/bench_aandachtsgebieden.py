"""Time the aandachtsgebieden (dimensions, smoothing, 400 draws for the rank interval).

Not a test. Usage::

    .venv/bin/python benchmarks/bench_aandachtsgebieden.py            # best of 5
    .venv/bin/python benchmarks/bench_aandachtsgebieden.py --trekkingen 1000

Data: the embedded real snapshot (Assen 109 buurten, 10 wijken; Voorschoten 12 buurten). The
profile is built once; only :func:`bereken_aandachtsgebieden` is timed, without and with the
national reference of the embedded snapshot (14.574 buurten; building it is timed separately).
"""

from __future__ import annotations

import argparse
import time

import wijkscan
from wijkscan.analysis.aandachtsgebieden import bereken_aandachtsgebieden, ingebouwde_referentie
from wijkscan.indicators import catalogus
from wijkscan.sources.embedded import _landelijk


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rondes", type=int, default=5)
    ap.add_argument("--trekkingen", type=int, default=400)
    args = ap.parse_args()
    t = time.perf_counter()
    ref = ingebouwde_referentie(catalogus())
    eerste = time.perf_counter() - t
    t = time.perf_counter()
    ingebouwde_referentie(catalogus())
    print(f"landelijke referentie (ingebouwd, {len(ref)} buurten): eerste keer {eerste:.2f} s, "
          f"daarna {time.perf_counter() - t:.2f} s (tabel in het geheugen: {_landelijk.cache_info().currsize})")
    for gemeente, niveau in (("Assen", "buurt"), ("Assen", "wijk"), ("Voorschoten", "buurt")):
        wa = wijkscan.wijkanalyse(gemeente, niveau=niveau, bron="ingebouwd")
        best = float("inf")
        for _ in range(args.rondes):
            t = time.perf_counter()
            s, _ = bereken_aandachtsgebieden(wa.profiel, wa.catalogus, wa.jaar, trekkingen=args.trekkingen)
            best = min(best, time.perf_counter() - t)
        best_ref = float("inf")
        for _ in range(args.rondes):
            t = time.perf_counter()
            bereken_aandachtsgebieden(wa.profiel, wa.catalogus, wa.jaar, trekkingen=args.trekkingen, referentie=ref)
            best_ref = min(best_ref, time.perf_counter() - t)
        print(f"{gemeente:12s} {niveau:6s} {len(s):4d} gebieden  {args.trekkingen} trekkingen  "
              f"beste van {args.rondes}: {best:.3f} s; met de landelijke referentie {best_ref:.3f} s")


if __name__ == "__main__":
    main()
