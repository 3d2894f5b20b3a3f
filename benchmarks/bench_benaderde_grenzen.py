"""Benchmark: how far the approximate buurt outlines ("grens bij benadering") are from the real ones.

Not a test. A maintainer benchmark, like the build script it measures it reads the shared data folder::

    python benchmarks/bench_benaderde_grenzen.py /path/to/shared/data

DATA: real. The schematic 2024 buurt map of woonikveilig (SVG paths per gemeente, not georeferenced),
the real 2024 wijk polygons and the real buurt polygons of about 2019 shipped with wijkscan.

Method: hold-out. ``scripts/build_benaderde_grenzen.py`` fits, per gemeente, a similarity transform on
the wijk centroids and the centroids of the buurten that have a real polygon. Here the buurten with a
real polygon are split per gemeente into five folds; each fold is left out of the fit, transformed
exactly as the build does (not clipped), and compared with its real polygon: centroid distance (m) and
overlap (IoU, area of intersection / area of union). Every such buurt is measured once.

A second run fits on the wijken only (all buurten held out): that is how the gemeenten without any
buurt polygon (Dijk en Waard, Amsterdam, ...) are done.

The real buurt polygons are of about 2019 and the schematic outlines of 2024: a buurt whose code stayed
but whose boundary moved, or whose code was reused for another area, counts as an error here, so the
figures are on the pessimistic side. The row "stable code" keeps only buurten whose 2019 polygon lies
for at least 90 % in the 2024 wijk its code names.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("build_benaderde_grenzen", ROOT / "scripts" / "build_benaderde_grenzen.py")
bg = importlib.util.module_from_spec(_spec)
sys.modules["build_benaderde_grenzen"] = bg
_spec.loader.exec_module(bg)

VOUWEN = 5
KLASSEN = [(0, 20_000, "< 20.000 inwoners"), (20_000, 50_000, "20.000–50.000"), (50_000, 100_000, "50.000–100.000"),
           (100_000, 10**9, "≥ 100.000")]


def meet(echt: gpd.GeoSeries, benaderd: gpd.GeoSeries) -> pd.DataFrame:
    """Centroid distance (m) and IoU per buurt of two GeoSeries with the same index."""
    e, b = echt.to_numpy(), benaderd.reindex(echt.index).to_numpy()
    ok = ~pd.isna(b)
    afstand = np.full(len(e), np.nan)
    iou = np.zeros(len(e))
    afstand[ok] = shapely.distance(shapely.centroid(e[ok]), shapely.centroid(b[ok].astype(object)))
    inter = shapely.area(shapely.intersection(e[ok], b[ok]))
    iou[ok] = inter / shapely.area(shapely.union(e[ok], b[ok]))
    return pd.DataFrame({"afstand": afstand, "iou": iou}, index=echt.index)


def holdout(schema: gpd.GeoDataFrame, buurt: gpd.GeoDataFrame, wijk: gpd.GeoDataFrame, alleen_wijken: bool,
            knip: bool = False) -> pd.DataFrame:
    rijen = []
    for gm, s in schema.groupby("gemeente"):
        ew = wijk[wijk.gemeente == gm]
        eb = buurt[buurt.index.str[2:6] == gm[2:]]
        codes = np.array(sorted(set(s.code) & set(eb.index)))
        if len(codes) == 0:
            continue
        rng = np.random.default_rng(int(gm[2:]))
        vouw = rng.permutation(len(codes)) % (1 if alleen_wijken else VOUWEN)
        for k in np.unique(vouw):
            uit = set(codes[vouw == k])
            fit = bg.pas_gemeente(s, eb, ew, zonder=set(codes) if alleen_wijken else uit)
            sel = s[s.code.isin(uit)]
            m = meet(eb.geometry.reindex(sorted(uit)), bg.benader(sel, fit, ew, knip=knip))
            rijen.append(m.assign(gemeente=gm, pixel=fit.transform.schaal))
    return pd.concat(rijen)


def regel(naam: str, m: pd.DataFrame) -> str:
    return (f"| {naam} | {m.gemeente.nunique()} | {len(m):,} | {m.afstand.median():.0f} | {m.afstand.quantile(0.95):.0f} | "
            f"{m.iou.median():.2f} | {(m.iou >= 0.5).mean():.0%} |").replace(",", ".")


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit(__doc__)
    t0 = time.perf_counter()
    schema = bg.lees_schema(Path(argv[0]) / bg.SCHEMA)
    buurt, wijk, _, _ = bg.echte_lagen()
    kc = pd.read_csv(bg.DATA / "kerncijfers_2024.csv", dtype={"code": str})
    inw = kc[(kc.variabele == "AantalInwoners") & kc.code.str.startswith("GM")].set_index("code").waarde.astype(float)
    klasse = pd.Series({gm: next(k for lo, hi, k in KLASSEN if lo <= v < hi) for gm, v in inw.items()})
    print(f"schematic buurten: {len(schema):,}; real buurt polygons: {len(buurt):,}; read in {time.perf_counter() - t0:.0f} s")
    # "stable code": the 2019 polygon lies (>= 90 %) in the 2024 wijk its code names; else the code was
    # probably reused for another area and the 2019 polygon is no truth for the 2024 buurt
    w = wijk.geometry.reindex("WK" + buurt.index.str[2:8]).to_numpy()
    ok = ~pd.isna(w)
    aandeel = np.zeros(len(buurt))
    aandeel[ok] = shapely.area(shapely.intersection(buurt.geometry.to_numpy()[ok], w[ok])) / buurt.area.to_numpy()[ok]
    stabiel = pd.Series(aandeel >= 0.9, index=buurt.index)
    print(f"buurt polygons with a stable code: {stabiel.sum():,} of {len(stabiel):,}")
    kop = ("| | gemeenten | buurten | centroid mediaan (m) | centroid P95 (m) | IoU mediaan | IoU ≥ 0,5 |\n"
           "|---|---|---|---|---|---|---|")
    for titel, kw in [("wijken + buurten (as built)", {"alleen_wijken": False}),
                      ("wijken + buurten, clipped to the real 2024 wijk (not used: worse)",
                       {"alleen_wijken": False, "knip": True}),
                      ("wijken only (as built for Dijk en Waard, Amsterdam, ...)", {"alleen_wijken": True})]:
        m = holdout(schema, buurt, wijk, **kw)
        m["klasse"] = m.gemeente.map(klasse)
        m["stabiel"] = stabiel.reindex(m.index).fillna(False).to_numpy()
        print(f"\n### {titel}\n\n{kop}\n{regel('Nederland', m)}\n{regel('Nederland (stable code)', m[m.stabiel])}")
        for _, _, k in KLASSEN:
            print(regel(k, m[m.klasse == k]))
        print(f"metres per source pixel: median {m.groupby('gemeente').pixel.first().median():.0f}")
    print(f"\n({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
