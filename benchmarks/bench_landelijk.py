"""Benchmarks at national scale (issue 10). Not tests. Run from the repository root::

    python benchmarks/bench_landelijk.py profiel                 # all ~14,500 buurten of 2024 in one run
    python benchmarks/bench_landelijk.py profiel --steekproef 12 # ... vs a per-gemeente loop on 12 gemeenten
    python benchmarks/bench_landelijk.py meldingen               # 10,000,000 meldingen → every buurt of NL

**profiel**: ``wijkscan.wijkanalyse(wijkscan.load("Nederland", bron="ingebouwd"))`` — the wijkanalyse of every
buurt of 2024 from the embedded snapshot, each buurt against its own gemeente and Nederland — timed as one
run, against today's way: ``wijkanalyse(gemeente)`` in a loop. The loop is timed on a seeded random sample of
gemeenten and **extrapolated** to all 342 by their number of buurten (said so in the output). The script
checks that the one run gives the same value, gemeente value, Nederland value and index as the loop for every
buurt × indicator of the sample (the rank differs by design: it runs over the whole selection).

**meldingen**: DATA ARE **DERIVED / SYNTHETIC**. 10,000,000 meldingen resampled (with replacement, fixed seed)
from the 3,024 real Assen Signalen meldingen: each takes the category of a real melding and its offset from
the representative point of its own Assen buurt, is moved to a buurt of the Netherlands drawn with
probability ∝ inwoners (the buurten with a polygon), and gets a Gaussian jitter of σ = 50 m — the jitter
method of ``bench_meldingen.py``, spread over all buurten. Task: count per buurt × categorie, starting
from the same table of RD coordinates and categories (as a MOR export is). Compared, each in its own
process so that its peak memory (max RSS) is its own:

* ``geopandas``: ``points_from_xy`` → ``GeoDataFrame`` → ``gpd.sjoin(punten, buurten)`` → ``groupby``;
* ``wijkscan``: :func:`wijkscan.analysis.landelijk.koppel_xy` (tiles of 5 km, polygons per tile from an
  STRtree, inside-cell grid + ``shapely.contains_xy``) → ``np.bincount``.

The counts must be identical cell by cell, and so must the number of points in no buurt.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261130


def _omgeving() -> str:
    import geopandas as gpd
    import shapely

    return (f"python {platform.python_version()}, geopandas {gpd.__version__}, shapely {shapely.__version__}, "
            f"pandas {pd.__version__}, numpy {np.__version__}; {os.cpu_count()} CPU")


# --------------------------------------------------------------------------------------------- profiel
def profiel(steekproef: int) -> None:
    import wijkscan
    from wijkscan.sources import embedded

    print("wijkscan benchmark — wijkanalyse van alle buurten van 2024 (ingebouwde gegevens, echt)")
    print(_omgeving())
    t0, c0 = time.perf_counter(), time.process_time()
    nl = wijkscan.load("Nederland", bron="ingebouwd")
    t1 = time.perf_counter()
    wa = wijkscan.wijkanalyse(nl, niveau="buurt")
    t2, c2 = time.perf_counter(), time.process_time()
    n_buurt = int((nl.gebieden.niveau == "buurt").sum())
    print(f"één run : laden {t1 - t0:.1f} s + wijkanalyse {t2 - t1:.1f} s = {t2 - t0:.1f} s voor {n_buurt:,} buurten "
          f"({len(wa.profiel):,} profielregels, {len(wa.signalen):,} signalen)")
    # on a shared machine the wall clock says more about the neighbours: the CPU seconds of this process too
    print(f"          CPU-tijd {c2 - c0:.1f} s; load average {os.getloadavg()[0]:.1f} op {os.cpu_count()} CPU")

    rng = np.random.default_rng(SEED)
    codes = sorted(rng.choice(sorted(embedded.gemeenten()), size=steekproef, replace=False))
    per_buurten = nl.gebieden[nl.gebieden.niveau == "buurt"].gemeente.value_counts()
    t_lus, b_lus, verschil = 0.0, 0, 0
    kolommen = ["waarde", "gemeente", "nederland", "index"]
    groot = wa.profiel[wa.profiel.jaar == 2024].set_index(["gebied", "indicator"])[kolommen]
    for code in codes:
        t = time.perf_counter()
        een = wijkscan.wijkanalyse(code, niveau="buurt", bron="ingebouwd")
        t_lus += time.perf_counter() - t
        b_lus += int(per_buurten.get(code, 0))
        klein = een.profiel[een.profiel.jaar == 2024].set_index(["gebied", "indicator"])[kolommen]
        a, b = klein.to_numpy(float), groot.reindex(klein.index).to_numpy(float)
        verschil += int((~(np.isclose(a, b, rtol=1e-9, equal_nan=True))).sum())
    schatting = t_lus / b_lus * n_buurt
    print(f"lus per gemeente: {t_lus:.1f} s voor {steekproef} gemeenten ({b_lus:,} buurten: {', '.join(codes)}); "
          f"naar 342 gemeenten ({n_buurt:,} buurten) geëxtrapoleerd: {schatting:.0f} s")
    print(f"verhouding: {schatting / (t2 - t0):.1f}× sneller in één run; doel ≤ 30 s: "
          f"{'gehaald' if t2 - t0 <= 30 else 'NIET gehaald'}")
    print(f"zelfde waarde/gemeente/Nederland/index per buurt × indicator (2024) in de steekproef: "
          f"{'ja' if verschil == 0 else f'NEE, {verschil} verschillen'}")
    if verschil:
        raise SystemExit("De uitkomsten verschillen!")


# --------------------------------------------------------------------------------------------- meldingen
def _buurten():
    import wijkscan

    nl = wijkscan.load("Nederland", bron="ingebouwd")
    b = nl.gebieden[(nl.gebieden.niveau == "buurt") & nl.gebieden.geometry.notna()]
    inw = nl.tabel("buurt").AantalInwoners.reindex(b.index).astype(float).fillna(0.0)
    return b, inw


def maak_meldingen(n: int, pad: Path) -> None:
    """Write ``n`` SYNTHETIC meldingen (x, y in RD New, category code) to ``pad`` (.npz)."""
    import shapely

    import wijkscan
    from wijkscan.analysis.landelijk import koppel_xy
    from wijkscan.sources.meldingen import assen_meldingen

    b, inw = _buurten()
    assen = wijkscan.load("Assen", bron="ingebouwd").gebieden
    assen = assen[(assen.niveau == "buurt") & assen.geometry.notna()]
    echt = assen_meldingen().meldingen
    ex, ey = echt.geometry.x.to_numpy(), echt.geometry.y.to_numpy()
    bi = koppel_xy(ex, ey, assen.geometry.to_numpy())
    binnen = bi >= 0
    rp = shapely.point_on_surface(assen.geometry.to_numpy())
    dx = ex[binnen] - shapely.get_x(rp)[bi[binnen]]
    dy = ey[binnen] - shapely.get_y(rp)[bi[binnen]]
    cats, cat_code = np.unique(echt["categorie"].astype(str).to_numpy()[binnen], return_inverse=True)
    rng = np.random.default_rng(SEED)
    doel = rng.choice(len(b), size=n, p=(inw / inw.sum()).to_numpy())
    bron = rng.integers(0, len(dx), n)
    trp = shapely.point_on_surface(b.geometry.to_numpy())
    x = shapely.get_x(trp)[doel] + dx[bron] + rng.normal(0.0, 50.0, n)
    y = shapely.get_y(trp)[doel] + dy[bron] + rng.normal(0.0, 50.0, n)
    np.savez(pad, x=x, y=y, cat=cat_code[bron].astype(np.int16), cats=cats)


def _lees(pad: Path) -> tuple[pd.DataFrame, np.ndarray]:
    d = np.load(pad, allow_pickle=True)
    return pd.DataFrame({"x": d["x"], "y": d["y"], "categorie": pd.Categorical.from_codes(d["cat"], d["cats"])}), \
        d["cats"]


def _wijkscan(tabel: pd.DataFrame, buurten) -> tuple[pd.Series, int]:
    from wijkscan.analysis.landelijk import koppel_xy

    idx = koppel_xy(tabel.x.to_numpy(), tabel.y.to_numpy(), buurten.geometry.to_numpy())
    ncat = len(tabel.categorie.cat.categories)
    ok = idx >= 0
    tel = np.bincount(idx[ok] * ncat + tabel.categorie.cat.codes.to_numpy()[ok], minlength=len(buurten) * ncat)
    s = pd.Series(tel, index=pd.MultiIndex.from_product([buurten.index, tabel.categorie.cat.categories],
                                                        names=["code", "categorie"]))
    return s[s > 0], int((~ok).sum())


def _geopandas(tabel: pd.DataFrame, buurten) -> tuple[pd.Series, int]:
    import geopandas as gpd

    punten = gpd.GeoDataFrame(tabel[["categorie"]], geometry=gpd.points_from_xy(tabel.x, tabel.y), crs=buurten.crs)
    j = gpd.sjoin(punten, buurten[["geometry"]], how="inner", predicate="intersects")
    # a point in two polygons (on a shared border, or where circa-2019 polygons overlap): the first buurt in
    # table order, the rule wijkscan documents
    j["_volgorde"] = j["code"].map(pd.Series(np.arange(len(buurten)), index=buurten.index))
    j = j.sort_values("_volgorde", kind="stable")
    j = j[~j.index.duplicated(keep="first")]
    s = j.groupby(["code", "categorie"], observed=True).size()
    return s[s > 0], len(tabel) - len(j)


def _een_methode(methode: str, pad: Path, uit: Path) -> None:
    tabel, _ = _lees(pad)
    buurten, _ = _buurten()
    t0 = time.perf_counter()
    tel, buiten = (_wijkscan if methode == "wijkscan" else _geopandas)(tabel, buurten)
    t = time.perf_counter() - t0
    tel.rename("n").reset_index().to_csv(uit, index=False)
    piek = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2     # KiB on Linux → GiB
    print(json.dumps({"methode": methode, "s": t, "buiten": buiten, "piek_gib": piek}))


def meldingen(n: int, map_: Path) -> None:
    map_.mkdir(parents=True, exist_ok=True)
    pad = map_ / f"meldingen_{n}.npz"
    print(f"wijkscan benchmark — {n:,} SYNTHETISCHE meldingen (afgeleid van de 3.024 echte Assen-meldingen, "
          f"verspreid over alle buurten van Nederland naar inwoners, σ = 50 m, seed {SEED})")
    print(_omgeving())
    if not pad.exists():
        t = time.perf_counter()
        maak_meldingen(n, pad)
        print(f"gemaakt in {time.perf_counter() - t:.0f} s: {pad}")
    uitslag = {}
    for methode in ("wijkscan", "geopandas"):
        uit = map_ / f"tel_{methode}_{n}.csv"
        r = subprocess.run([sys.executable, __file__, "_methode", methode, str(pad), str(uit)], capture_output=True,
                           text=True, check=True)
        uitslag[methode] = json.loads(r.stdout.strip().splitlines()[-1])
        uitslag[methode]["tel"] = pd.read_csv(uit).set_index(["code", "categorie"]).n.sort_index()
        u = uitslag[methode]
        print(f"{methode:10s}: {u['s']:7.1f} s, piekgeheugen {u['piek_gib']:.2f} GiB (hele proces, incl. laden), "
              f"{u['buiten']:,} punten in geen buurt")
    w, g = uitslag["wijkscan"], uitslag["geopandas"]
    gelijk = w["tel"].equals(g["tel"]) and w["buiten"] == g["buiten"]
    print(f"verhouding: {g['s'] / w['s']:.1f}× sneller (doel ≥ 3×: {'gehaald' if g['s'] / w['s'] >= 3 else 'NIET gehaald'}); "
          f"piekgeheugen wijkscan {w['piek_gib']:.2f} GiB (doel ≤ 3 GB: "
          f"{'gehaald' if w['piek_gib'] * 1.074 <= 3 else 'NIET gehaald'}); tellingen gelijk: "
          f"{'ja' if gelijk else 'NEE'} ({len(w['tel']):,} cellen buurt × categorie)")
    if not gelijk:
        raise SystemExit("De tellingen verschillen!")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_methode":
        _een_methode(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="wat", required=True)
    p = sub.add_parser("profiel")
    p.add_argument("--steekproef", type=int, default=12)
    m = sub.add_parser("meldingen")
    m.add_argument("--n", type=int, default=10_000_000)
    m.add_argument("--map", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "wijkscan-bench")
    args = ap.parse_args()
    if args.wat == "profiel":
        profiel(args.steekproef)
    else:
        meldingen(args.n, args.map)


if __name__ == "__main__":
    main()
