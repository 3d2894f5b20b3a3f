"""Benchmark: 1,000,000 meldingen → buurt × categorie counts, wijkscan vs plain geopandas.

Not a test. Run from the repository root::

    python benchmarks/bench_meldingen.py            # 1,000,000 points, 3 rounds
    python benchmarks/bench_meldingen.py --n 200000 --rondes 5

DATA: the 1,000,000 points are **derived / synthetic**: resampled (with replacement, fixed seed)
from the 3,024 real Assen Signalen meldingen that ship with wijkscan, each moved by a random
Gaussian offset (σ = 50 m in RD New) and keeping the category of the melding it was drawn from. They
look like Assen meldingen in space and category mix, but they are not real meldingen.

Compared, on the same GeoDataFrame of points (RD New) and the same Assen buurten (2024 codes,
circa-2019 polygons, the 3 buurten without a polygon left out of both):

* ``geopandas``: what an analyst writes — ``gpd.sjoin(punten, buurten)`` followed by
  ``groupby(["code", "categorie"]).size()``;
* ``wijkscan``: :func:`wijkscan.analysis.meldingen.kruistabel` (grid of cells that lie entirely
  inside one buurt, then vectorised ``shapely.contains_xy`` per buurt on x-sorted points with a
  bounding-box window, then ``np.bincount``).

Each is timed ``--rondes`` times; the best time counts (least disturbed by other work on the
machine). The counts must be identical cell by cell, and so must the number of points in no buurt.
"""

from __future__ import annotations

import argparse
import platform
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

import wijkscan
from wijkscan.analysis.meldingen import GEEN_GEBIED, kruistabel
from wijkscan.sources.meldingen import assen_meldingen

SEED = 20260601


def synthetische_meldingen(n: int, sigma: float = 50.0, seed: int = SEED) -> gpd.GeoDataFrame:
    """``n`` DERIVED/SYNTHETIC meldingen: real Assen meldingen resampled with a Gaussian jitter."""
    echt = assen_meldingen().meldingen
    rng = np.random.default_rng(seed)
    keuze = rng.integers(0, len(echt), n)
    x = echt.geometry.x.to_numpy()[keuze] + rng.normal(0.0, sigma, n)
    y = echt.geometry.y.to_numpy()[keuze] + rng.normal(0.0, sigma, n)
    return gpd.GeoDataFrame(
        {"categorie": echt["categorie"].to_numpy()[keuze], "bron": "synthetisch (afgeleid van Assen)"},
        geometry=gpd.points_from_xy(x, y), crs="EPSG:28992",
    ).astype({"categorie": "string"})


def met_geopandas(punten: gpd.GeoDataFrame, buurten: gpd.GeoDataFrame) -> pd.Series:
    j = gpd.sjoin(punten, buurten[["geometry"]], how="inner")
    return j.groupby(["code", "categorie"]).size()


def met_wijkscan(punten: gpd.GeoDataFrame, buurten: gpd.GeoDataFrame) -> pd.DataFrame:
    return kruistabel(punten, buurten, niveau=None, kolom="categorie")


def beste_tijd(functie, *args, rondes: int) -> tuple[float, object]:
    beste, uitkomst = float("inf"), None
    for _ in range(rondes):
        t0 = time.perf_counter()
        uitkomst = functie(*args)
        beste = min(beste, time.perf_counter() - t0)
    return beste, uitkomst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--rondes", type=int, default=3)
    args = ap.parse_args()

    assen = wijkscan.load("Assen", bron="ingebouwd")
    buurten = assen.gebieden[(assen.gebieden.niveau == "buurt") & assen.gebieden.geometry.notna()]
    punten = synthetische_meldingen(args.n)
    print(f"wijkscan benchmark meldingen — {args.n:,} SYNTHETISCHE meldingen (afgeleid van de 3.024 echte "
          f"Assen-meldingen, σ = 50 m, seed {SEED}), {len(buurten)} buurten")
    print(f"python {platform.python_version()}, geopandas {gpd.__version__}, shapely {shapely.__version__}, "
          f"pandas {pd.__version__}, numpy {np.__version__}; {platform.machine()}")

    t_gpd, ref = beste_tijd(met_geopandas, punten, buurten, rondes=args.rondes)
    t_ws, ons = beste_tijd(met_wijkscan, punten, buurten, rondes=args.rondes)

    lang = ons.drop(index=GEEN_GEBIED).drop(columns=["naam", "totaal"]).stack()
    lang = lang[lang > 0].astype("int64")
    lang.index.names = ["code", "categorie"]
    ref = ref[ref > 0].astype("int64")
    gelijk = lang.sort_index().equals(ref.sort_index())
    buiten_ons = int(ons.loc[GEEN_GEBIED, "totaal"])
    buiten_ref = args.n - int(ref.sum())
    print(f"geopandas sjoin + groupby : {t_gpd:7.3f} s (beste van {args.rondes})")
    print(f"wijkscan kruistabel       : {t_ws:7.3f} s (beste van {args.rondes})")
    print(f"verhouding                : {t_gpd / t_ws:7.2f}× sneller")
    print(f"tellingen gelijk          : {'ja' if gelijk else 'NEE'} ({len(ref)} cellen buurt × categorie; "
          f"buiten alle buurten: wijkscan {buiten_ons:,}, geopandas {buiten_ref:,})")
    if not gelijk or buiten_ons != buiten_ref:
        raise SystemExit("De tellingen verschillen!")


if __name__ == "__main__":
    main()
