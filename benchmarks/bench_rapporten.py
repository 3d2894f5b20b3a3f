"""Benchmark: PDF reports per minute on the embedded Assen data (109 buurten).

Not a test. Run:  .venv/bin/python benchmarks/bench_rapporten.py [aantal]
Renders the reports of the first N buurten (default: all 109) into a temporary folder, then
runs the batch again to show that unchanged reports are reused.
"""

from __future__ import annotations

import sys
import tempfile
import time

import wijkscan
from wijkscan.report import rapporten


def main(n: int | None) -> None:
    wijkscan.settings.offline = True
    t0 = time.perf_counter()
    wa = wijkscan.wijkanalyse("Assen", bron="ingebouwd", meldingen=wijkscan.assen_meldingen())
    t_analyse = time.perf_counter() - t0
    codes = list(wa.profiel.gebied.unique())[:n] if n else None
    with tempfile.TemporaryDirectory() as folder:
        t1 = time.perf_counter()
        first = rapporten(wa, folder, gebieden=codes, voortgang=False)
        t_first = time.perf_counter() - t1
        t2 = time.perf_counter()
        second = rapporten(wa, folder, gebieden=codes, voortgang=False)
        t_second = time.perf_counter() - t2
    k = len(first)
    print(f"wijkanalyse Assen (109 buurten, met meldingen): {t_analyse:.1f} s")
    print(f"{k} rapporten gemaakt in {t_first:.1f} s = {60 * k / t_first:.1f} rapporten per minuut "
          f"({t_first / k:.2f} s per rapport)")
    print(f"opnieuw, niets veranderd: {int((second.status == 'hergebruikt').sum())} hergebruikt in {t_second:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else None)
