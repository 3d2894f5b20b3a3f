"""Wall time of the Assen wijkanalyse with and without its real meldingen (issue 18, point 10).

Run: ``.venv/bin/python benchmarks/bench_wijkanalyse_meldingen.py [--rondes 3]``. Data: the embedded
CBS/PDOK snapshot of Assen and its 3,024 real Signalen meldingen. Each variant is run ``--rondes``
times in alternation in one process (after one warm-up of each); the best time counts. The kept
suppression decision is cleared before every run, so each run with meldingen suppresses anew.
Prints the load average, because on a shared 2-core machine the absolute times move with it.
"""

from __future__ import annotations

import argparse
import os
import time

import wijkscan
from wijkscan.analysis import meldingentelling
from wijkscan.sources.meldingen import assen_meldingen


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rondes", type=int, default=3)
    args = ap.parse_args()
    assen = wijkscan.load("Assen", bron="ingebouwd")
    imp = assen_meldingen(gemeente_grens=assen)
    tijden: dict[str, list[float]] = {"zonder": [], "met": []}
    for ronde in range(args.rondes + 1):
        for naam, m in (("zonder", None), ("met", imp)):
            meldingentelling._BEVEILIGD.clear()
            t0 = time.perf_counter()
            wijkscan.wijkanalyse(assen, "wijk", meldingen=m)
            if ronde:
                tijden[naam].append(time.perf_counter() - t0)
    z, m = min(tijden["zonder"]), min(tijden["met"])
    print(f"Assen wijkanalyse (wijk): zonder meldingen {z:.1f} s, met meldingen {m:.1f} s ({m / z:.1f}×); "
          f"load average {os.getloadavg()[0]:.1f} op {os.cpu_count()} kernen")


if __name__ == "__main__":
    main()
