"""Benchmark of the "vergelijkbare buurten elders" step in a national run (issue 16 item 4). Not a test.

Run from the repository root::

    python benchmarks/bench_vergelijkbaar.py               # all buurten of 2024, 2 rounds
    python benchmarks/bench_vergelijkbaar.py --rondes 3 --niveau wijk

**Data: real** — the embedded snapshot of all 342 gemeenten (``wijkscan.load("Nederland", bron="ingebouwd")``).

What is measured, in one process, alternating so that machine noise hits both alike:

* the national wijkanalyse **with** the step (as shipped), with the step itself timed inside it;
* the same run **without** it (``bereken_vergelijking`` replaced by a stub that returns nothing);

and the first call of the step in the process (it builds the national table of the level once; later
runs reuse it). The script checks that every area with ≥ 100 inwoners and its structure known got
exactly ``n`` comparable areas from other gemeenten.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np
import pandas as pd


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rondes", type=int, default=2)
    ap.add_argument("--niveau", default="buurt", choices=["buurt", "wijk"])
    args = ap.parse_args()

    import wijkscan
    import wijkscan.pipeline as pipeline
    from wijkscan.analysis import vergelijkbaar

    print(f"wijkscan benchmark — vergelijkbare {args.niveau}en elders, alle {args.niveau}en van 2024 (echt)")
    print(f"python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}; {os.cpu_count()} CPU")
    nl = wijkscan.load("Nederland", bron="ingebouwd")
    echt = vergelijkbaar.bereken_vergelijking
    stap: list[float] = []

    stap_cpu: list[float] = []

    def getimed(*a, **k):
        t, c = time.perf_counter(), time.process_time()
        out = echt(*a, **k)
        stap.append(time.perf_counter() - t)
        stap_cpu.append(time.process_time() - c)
        return out

    met, zonder, met_cpu, zonder_cpu = [], [], [], []
    wa = None
    for ronde in range(args.rondes):
        for variant in ("met", "zonder") if ronde % 2 == 0 else ("zonder", "met"):
            pipeline.bereken_vergelijking = getimed if variant == "met" else (lambda *a, **k: None)
            t, c = time.perf_counter(), time.process_time()
            uit = wijkscan.wijkanalyse(nl, niveau=args.niveau)
            (met if variant == "met" else zonder).append(time.perf_counter() - t)
            (met_cpu if variant == "met" else zonder_cpu).append(time.process_time() - c)
            if variant == "met":
                wa = uit
            print(f"  ronde {ronde + 1} {variant:6s}: {(met if variant == 'met' else zonder)[-1]:6.1f} s "
                  f"({(met_cpu if variant == 'met' else zonder_cpu)[-1]:6.1f} s cpu)"
                  + (f"  (de stap zelf {stap[-1]:.2f} s, {stap_cpu[-1]:.2f} s cpu)" if variant == "met" else ""),
                  flush=True)
    pipeline.bereken_vergelijking = echt
    v = wa.vergelijking
    per = v.gebieden.groupby("gebied")
    eigen = (v.gebieden.gemeentecode.to_numpy() == np.array(["GM" + g[2:6] for g in v.gebieden.gebied])).sum()
    n_gebieden = wa.profiel.gebied.nunique()
    print(f"gebieden: {n_gebieden:,}; vergeleken {per.ngroups:,}, niet vergeleken {len(v.niet_vergeleken):,} "
          f"({v.niet_vergeleken.reden.str.split(' ').str[:3].str.join(' ').value_counts().to_dict()})")
    print(f"stap: eerste keer {stap[0]:.2f} s ({stap_cpu[0]:.2f} s cpu; bouwt de landelijke tabel), daarna "
          f"{', '.join(f'{s:.2f}' for s in stap[1:]) or '-'} s ({', '.join(f'{s:.2f}' for s in stap_cpu[1:]) or '-'} s cpu)")
    print(f"hele run met de stap: beste {min(met):.1f} s ({min(met_cpu):.1f} s cpu); zonder: beste {min(zonder):.1f} s "
          f"({min(zonder_cpu):.1f} s cpu); verschil {min(met) - min(zonder):+.1f} s "
          f"({min(met_cpu) - min(zonder_cpu):+.1f} s cpu)")
    fout = int((per.size() != v.n).sum()) + int(eigen)
    print(f"elk vergeleken gebied precies {v.n} vergelijkbare gebieden, geen uit de eigen gemeente: "
          f"{'ja' if fout == 0 else f'NEE ({fout})'}")
    if fout:
        raise SystemExit("De vergelijking klopt niet!")


if __name__ == "__main__":
    main()
