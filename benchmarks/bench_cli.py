"""How long ``wijkscan --help`` (and ``import wijkscan``) take in a fresh process. Not a test.

Run from the repository root::

    python benchmarks/bench_cli.py              # 5 rounds
    python benchmarks/bench_cli.py --rondes 10

Each round starts a new process, so nothing is cached in memory (the files are in the OS page cache
after the first round, as they are for a user who typed a command before). Prints wall-clock and CPU
seconds (user + system of the child process) and the load average: on a shared machine the wall
time depends on the load, the CPU time much less. Goal: ``--help`` under 0,5 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

OPDRACHTEN = {
    "wijkscan --help": [sys.executable, "-m", "wijkscan.cli", "--help"],
    "wijkscan analyse --help": [sys.executable, "-m", "wijkscan.cli", "analyse", "--help"],
    "python -c 'import wijkscan'": [sys.executable, "-c", "import wijkscan"],
    "import wijkscan; wijkscan.load (pandas, geopandas)": [sys.executable, "-c", "import wijkscan; wijkscan.load"],
}


def meet(cmd: list[str]) -> tuple[float, float]:
    voor = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wand = time.perf_counter() - t0
    na = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wand, (na.ru_utime - voor.ru_utime) + (na.ru_stime - voor.ru_stime)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rondes", type=int, default=5)
    args = p.parse_args()
    print(f"{os.cpu_count()} CPU's, load average {os.getloadavg()[0]:.2f}, Python {sys.version.split()[0]}")
    for naam, cmd in OPDRACHTEN.items():
        meet(cmd)   # warm the page cache
        rondes = [meet(cmd) for _ in range(args.rondes)]
        wand = [w for w, _ in rondes]
        cpu = [c for _, c in rondes]
        print(f"{naam:52s} wand mediaan {statistics.median(wand):.2f} s (min {min(wand):.2f}), "
              f"CPU mediaan {statistics.median(cpu):.2f} s (min {min(cpu):.2f})")


if __name__ == "__main__":
    main()
