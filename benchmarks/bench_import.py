"""Benchmark: importing and validating a 1,000,000-row meldingen CSV vs a plain ``pandas.read_csv``.

Not a test. Run from the repository root::

    python benchmarks/bench_import.py                  # 1,000,000 rows, best of 3
    python benchmarks/bench_import.py --n 200000 --rondes 5

DATA: **derived / synthetic.** The rows are resampled (with replacement, fixed seed) from the 3,024
real Assen Signalen meldingen that ship with wijkscan: real category, subcategory and place (lat/lon
moved by a Gaussian offset of σ ≈ 50 m), a creation time drawn in 2025-2026, a status and for half of
them an afhandeldatum. Written as a Dutch MOR export: ``;``-separated, UTF-8 with BOM, decimal comma,
Dutch dates (``31-12-2025 14:05``). They look like Assen meldingen but are not real meldingen.

Timed in the same run, each in a fresh child process of a small parent (so the peak memory is that step's
own: on Linux a child's ``ru_maxrss`` starts at the resident size of the process that started it, so the
file is written by another child, not by the parent):

* ``pandas``: ``pd.read_csv(pad, sep=";")`` — the plain read an analyst would start with (with
  ``--kapot``: ``on_bad_lines="skip"``, because the plain read stops at the broken line);
* ``wijkscan``: ``lees_meldingen(pad)`` — detect encoding/separator/header, check line lengths, read
  (C parser; the columns whose sample values are all decimal numbers — the coordinates — parsed as
  numbers by the parser itself, the rest as text), parse the dates (fixed-width integer parser, the
  general parsers only for what is left), classify coordinates per row, check dates, ids, closing dates,
  neutralise formulas and HTML (per distinct value where a column has few), build the GeoDataFrame
  (RD New) and the rejected-row table.

Goals: issue 11 ≤ 10 s on 2 cores; issue 18 (point 10) ≤ 3× the plain read, peak memory ≤ 2×.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261130


def maak_csv(pad: Path, n: int, seed: int = SEED) -> None:
    """Write ``n`` DERIVED/SYNTHETIC rows resampled from the real Assen meldingen."""
    from pyproj import Transformer

    from wijkscan.sources.meldingen import assen_meldingen

    echt = assen_meldingen().meldingen
    rng = np.random.default_rng(seed)
    k = rng.integers(0, len(echt), n)
    naar_wgs = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    x = echt.geometry.x.to_numpy()[k] + rng.normal(0, 50, n)
    y = echt.geometry.y.to_numpy()[k] + rng.normal(0, 50, n)
    lon, lat = naar_wgs.transform(x, y)
    start = pd.Timestamp("2025-01-01").value // 10**9
    sec = rng.integers(0, 600 * 86400, n)
    datum = pd.to_datetime(start + sec, unit="s")
    afg = datum + pd.to_timedelta(rng.integers(0, 30 * 86400, n), unit="s")
    open_ = rng.random(n) < 0.5
    df = pd.DataFrame({
        "Meldingnummer": np.char.add("M", np.arange(1, n + 1).astype(str)),
        "Datum melding": datum.strftime("%d-%m-%Y %H:%M"),
        "Hoofdcategorie": echt.categorie.to_numpy(dtype=object)[k],
        "Subcategorie": echt.subcategorie.to_numpy(dtype=object)[k],
        "Lat": np.char.replace(np.round(lat, 7).astype(str), ".", ","),
        "Lon": np.char.replace(np.round(lon, 7).astype(str), ".", ","),
        "Status": np.where(open_, "Open", "Afgehandeld"),
        "Datum afgehandeld": np.where(open_, "", afg.strftime("%d-%m-%Y")),
    })
    df.to_csv(pad, sep=";", index=False, encoding="utf-8-sig")


def stap(soort: str, pad: str) -> dict:
    """One timed step in this (child) process: seconds and peak resident memory (MB)."""
    if soort == "wijkscan":
        from wijkscan.sources.meldingen import lees_meldingen  # the import itself is not timed
    voor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0, c0 = time.perf_counter(), time.process_time()
    if soort == "pandas":
        df = pd.read_csv(pad, sep=";")
        rijen, extra = len(df), {}
    else:
        imp = lees_meldingen(pad)
        rijen = imp.invoer_rijen
        extra = {"geaccepteerd": len(imp.meldingen), "afgewezen": len(imp.afgewezen)}
    tijd, cpu = time.perf_counter() - t0, time.process_time() - c0
    piek = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"tijd": tijd, "cpu": cpu, "piek_mb": piek / 1024, "erbij_mb": (piek - voor) / 1024, "rijen": rijen,
            **extra}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--rondes", type=int, default=3)
    ap.add_argument("--kapot", action="store_true",
                    help="één regel in het midden krijgt een veld te veel (de leesweg voor kapotte regels)")
    ap.add_argument("--stap", choices=["pandas", "wijkscan"], help=argparse.SUPPRESS)
    ap.add_argument("--pad", help=argparse.SUPPRESS)
    ap.add_argument("--maak", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stap:
        print(json.dumps(stap(args.stap, args.pad)))
        return
    if args.maak:
        pad = Path(args.pad)
        maak_csv(pad, args.n)
        if args.kapot:   # one line with an extra field, as from an unquoted ';' in a description
            regels = pad.read_text(encoding="utf-8-sig").split("\n")
            regels[len(regels) // 2] += ";extra"
            pad.write_text("\n".join(regels), encoding="utf-8-sig")
        return
    with tempfile.TemporaryDirectory() as tmp:
        pad = Path(tmp) / "meldingen_synthetisch.csv"
        t0 = time.perf_counter()
        # written by a child process: a child's peak memory (ru_maxrss) starts at its parent's resident size, so
        # this process stays small (about 100 MB) and the peaks measured below are the steps' own
        subprocess.run([sys.executable, __file__, "--maak", "--n", str(args.n), "--pad", str(pad)]
                       + (["--kapot"] if args.kapot else []), check=True)
        print(f"{args.n:,} rijen (synthetisch, afgeleid van Assen) geschreven in {time.perf_counter() - t0:.1f} s, "
              f"{pad.stat().st_size / 1e6:.0f} MB")
        uitslag: dict[str, list[dict]] = {"pandas": [], "wijkscan": []}
        belasting = [os.getloadavg()[0]]   # other jobs on the machine: printed beside the figures
        for _ in range(args.rondes):
            for soort in ("pandas", "wijkscan"):
                belasting.append(os.getloadavg()[0])
                if soort == "pandas" and args.kapot:   # the plain read stops at the broken line
                    r = subprocess.run([sys.executable, "-c", "import pandas as pd, sys, time, json, resource; "
                                        "t=time.perf_counter(); c=time.process_time(); "
                                        "pd.read_csv(sys.argv[1], sep=';', on_bad_lines='skip'); "
                                        "print(json.dumps({'tijd': time.perf_counter()-t, 'cpu': time.process_time()-c, "
                                        "'piek_mb': resource.getrusage("
                                        "resource.RUSAGE_SELF).ru_maxrss/1024, 'rijen': -1}))", str(pad)],
                                       capture_output=True, text=True, check=True)
                else:
                    r = subprocess.run([sys.executable, __file__, "--stap", soort, "--pad", str(pad)],
                                       capture_output=True, text=True, check=True)
                uitslag[soort].append(json.loads(r.stdout.strip().splitlines()[-1]))
    best = {s: min(v, key=lambda r: r["tijd"]) for s, v in uitslag.items()}
    print(f"Python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}, "
          f"{platform.processor() or platform.machine()}")
    for s, r in best.items():
        alle = ", ".join(f"{x['tijd']:.2f}" for x in uitslag[s])
        print(f"{s:9s} best {r['tijd']:.2f} s (rondes: {alle}); piekgeheugen proces {r['piek_mb']:.0f} MB; "
              f"rijen {r['rijen']:,}" + (f"; geaccepteerd {r['geaccepteerd']:,}, afgewezen {r['afgewezen']:,}"
                                           if "geaccepteerd" in r else ""))
    belasting.append(os.getloadavg()[0])
    ratio = best["wijkscan"]["tijd"] / best["pandas"]["tijd"]
    print(f"verhouding wandtijd (beste van {args.rondes}) wijkscan / pandas.read_csv: {ratio:.2f}× (doel ≤ 3×); "
          f"wijkscan {best['wijkscan']['tijd']:.1f} s (doel ≤ 10 s)")
    if all("cpu" in r for v in uitslag.values() for r in v):
        # CPU seconds of the process: far less disturbed by other jobs on a shared machine than wall-clock time
        cpu = {s: min(r["cpu"] for r in v) for s, v in uitslag.items()}
        per_ronde = [w["tijd"] / p["tijd"] for p, w in zip(uitslag["pandas"], uitslag["wijkscan"], strict=True)]
        cpu_ronde = [w["cpu"] / p["cpu"] for p, w in zip(uitslag["pandas"], uitslag["wijkscan"], strict=True)]
        print(f"verhouding CPU-tijd (beste van {args.rondes}): pandas {cpu['pandas']:.2f} s, wijkscan "
              f"{cpu['wijkscan']:.2f} s, {cpu['wijkscan'] / cpu['pandas']:.2f}× (doel ≤ 3×); per ronde: CPU "
              + ", ".join(f"{r:.2f}×" for r in cpu_ronde) + "; wandtijd " + ", ".join(f"{r:.2f}×" for r in per_ronde))
    print(f"belasting van de machine tijdens de meting (load average over 1 min, {os.cpu_count()} cores): "
          f"{min(belasting):.1f}–{max(belasting):.1f}")
    print(f"piekgeheugen wijkscan / pandas: {best['wijkscan']['piek_mb'] / best['pandas']['piek_mb']:.2f}× (doel ≤ 2×)")


if __name__ == "__main__":
    main()
