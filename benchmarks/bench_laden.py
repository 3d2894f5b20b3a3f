"""How long ``wijkscan.load("Nederland")`` and ``wijkscan.load(provincie=...)`` take (issue 16, item 6). Not a test.

Run from the repository root::

    python benchmarks/bench_laden.py             # 3 rounds, each in a fresh process
    python benchmarks/bench_laden.py --rondes 5

**Data: real** (the embedded snapshot: 342 gemeenten, 14,574 buurten, the 537,131-row kerncijfers ``csv.gz``).

Each round starts a new Python process, so the snapshot's ``lru_cache`` is empty: it times the import of wijkscan,
the first ``load("Nederland")`` (reads and parses every file of the snapshot), a second one (cached files: what a
notebook pays after the first), and a cold ``load(provincie="Drenthe")`` in another fresh process. Both wall-clock
and CPU seconds are printed, with the load average (the build machine is shared). Goal: ``load("Nederland")`` ≤ 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

KIND = r"""
import json, os, sys, time
t0, c0 = time.perf_counter(), time.process_time()
import wijkscan
t1, c1 = time.perf_counter(), time.process_time()
arg = sys.argv[1]
doe = (lambda: wijkscan.load("Nederland", bron="ingebouwd")) if arg == "Nederland" else \
    (lambda: wijkscan.load(provincie=arg))
d = doe()
t2, c2 = time.perf_counter(), time.process_time()
d = doe()
t3, c3 = time.perf_counter(), time.process_time()
print(json.dumps({"import": t1 - t0, "eerste": t2 - t1, "eerste_cpu": c2 - c1, "tweede": t3 - t2,
                  "buurten": int((d.gebieden.niveau == "buurt").sum()), "gemeenten": len(d.gemeenten),
                  "load": os.getloadavg()[0]}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rondes", type=int, default=3)
    args = ap.parse_args()
    print("wijkscan benchmark — laden uit de ingebouwde gegevens (echt), elke ronde in een nieuw proces")
    for wat in ("Nederland", "Drenthe"):
        uit = []
        for _ in range(args.rondes):
            r = subprocess.run([sys.executable, "-c", KIND, wat], capture_output=True, text=True, check=True,
                               env={**os.environ, "WIJKSCAN_OFFLINE": "1"})
            uit.append(json.loads(r.stdout.strip().splitlines()[-1]))
        best = min(uit, key=lambda u: u["eerste"])
        alle = ", ".join(f"{u['eerste']:.2f}" for u in uit)
        naam = 'load("Nederland")' if wat == "Nederland" else f'load(provincie="{wat}")'
        print(f"{naam}: {best['gemeenten']} gemeenten, {best['buurten']:,} buurten — import {best['import']:.1f} s, "
              f"eerste keer {best['eerste']:.2f} s (cpu {best['eerste_cpu']:.2f} s), tweede keer {best['tweede']:.2f} s "
              f"(beste van {args.rondes}; alle eerste keren: {alle} s; "
              f"load average {best['load']:.1f})")
        if wat == "Nederland":
            print(f"  doel ≤ 10 s: {'gehaald' if best['import'] + best['eerste'] <= 10 else 'NIET gehaald'} "
                  "(import + eerste keer)")


if __name__ == "__main__":
    main()
