"""Benchmark: PDF reports per minute on the embedded Assen data (109 buurten), 2 worker processes.

Not a test. Run:  .venv/bin/python benchmarks/bench_rapporten.py [aantal] [werkers]
Renders the reports of the first N buurten (default: all 109) into a temporary folder with
``werkers`` processes (default 2), then runs the batch again to show that unchanged reports are
reused. Prints the wall-clock rate, the CPU seconds per report, and the rate that follows from the
CPU time on two free cores (the wall-clock figure drops when other work shares the machine; the
load average is printed beside it).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

import wijkscan
from wijkscan.report import rapporten


def main(n: int | None, werkers: int) -> None:
    wijkscan.settings.offline = True
    t0 = time.perf_counter()
    wa = wijkscan.wijkanalyse("Assen", bron="ingebouwd", meldingen=wijkscan.assen_meldingen())
    t_analyse = time.perf_counter() - t0
    codes = list(wa.profiel.gebied.unique())[:n] if n else None
    load0 = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        t1 = time.perf_counter()
        first = rapporten(wa, folder, gebieden=codes, voortgang=False, werkers=werkers)
        t_first = time.perf_counter() - t1
        t2 = time.perf_counter()
        second = rapporten(wa, folder, gebieden=codes, voortgang=False, werkers=werkers)
        t_second = time.perf_counter() - t2
    k = len(first)
    cpu = first.loc[first.status == "gemaakt", "seconden"]
    print(f"wijkanalyse Assen (109 buurten, met meldingen): {t_analyse:.1f} s")
    print(f"{k} rapporten met {werkers} processen in {t_first:.1f} s = {60 * k / t_first:.1f} rapporten per minuut "
          f"(load average bij start {load0:.1f}, einde {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores)")
    print(f"CPU per rapport: gemiddeld {cpu.mean():.2f} s, mediaan {statistics.median(cpu):.2f} s "
          f"→ op {werkers} vrije cores {werkers * 60 / cpu.mean():.0f} rapporten per minuut")
    print(f"opnieuw, niets veranderd: {int((second.status == 'hergebruikt').sum())} hergebruikt in {t_second:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] != "alle" else None,
         int(sys.argv[2]) if len(sys.argv) > 2 else 2)
