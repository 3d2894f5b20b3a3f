"""Suppression over all levels + audit of the meldingen counts: hidden figures and time, before and after.

Run: ``.venv/bin/python benchmarks/bench_onderdrukking.py [--oud COMMIT] [--n 50000]``.

Data: the real Assen meldingen (3,022 in the period) and a DERIVED export of ``--n`` rows: the real
Assen meldingen resampled with replacement (fixed seed), each point moved by a Gaussian offset
(σ = 50 m), keeping its category and date. Both are counted per buurt × category once
(:func:`wijkscan.analysis.meldingentelling.tel_meldingen`), and every level (buurt, wijk, gemeente)
is suppressed together. Printed per data set: seconds for the suppression, the figures per status
(count and meldingen), the number of linear/0-1 programmes, and the exact audit (two LPs per hidden
figure) with the number of disclosed figures (must be 0).

``--oud COMMIT``: the same, with ``privacy.py`` of that commit (the greedy rule that hid 0 as "<5"),
loaded from git, for the before/after table in ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.optimize import linprog

import wijkscan
from wijkscan.analysis import meldingentelling, privacy
from wijkscan.analysis.meldingentelling import tel_meldingen
from wijkscan.sources.meldingen import assen_meldingen

SEED = 20260601


def afgeleid(echt: gpd.GeoDataFrame, n: int, seed: int = SEED) -> gpd.GeoDataFrame:
    """``n`` DERIVED meldingen: real ones resampled with a 50 m jitter, category and date kept."""
    rng = np.random.default_rng(seed)
    keuze = rng.integers(0, len(echt), n)
    m = echt.iloc[keuze].reset_index(drop=True)
    x = m.geometry.x.to_numpy() + rng.normal(0.0, 50.0, n)
    y = m.geometry.y.to_numpy() + rng.normal(0.0, 50.0, n)
    out = gpd.GeoDataFrame(m.drop(columns="geometry"), geometry=gpd.points_from_xy(x, y), crs=echt.crs)
    out.attrs = dict(echt.attrs)
    return out


def oude_privacy(commit: str):
    tekst = subprocess.run(["git", "show", f"{commit}:wijkscan/analysis/privacy.py"], capture_output=True, text=True,
                           check=True, cwd=Path(__file__).resolve().parents[1]).stdout
    pad = Path(tempfile.mkdtemp()) / "privacy_oud.py"
    pad.write_text(tekst.replace("from ..nlformat", "from wijkscan.nlformat"))
    spec = importlib.util.spec_from_file_location("privacy_oud", pad)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["privacy_oud"] = mod
    spec.loader.exec_module(mod)
    return mod


def meet(naam: str, assen, meldingen, module) -> None:
    meldingentelling._BEVEILIGD.clear()
    tel = {"linprog": 0, "milp": 0}
    # since the alternative tables share one HiGHS model (_omwegen), privacy no longer calls linprog
    orig_lp, orig_milp = getattr(privacy, "linprog", None) or linprog, privacy.milp

    def lp(*a, **k):
        tel["linprog"] += 1
        return orig_lp(*a, **k)

    def mi(*a, **k):
        tel["milp"] += 1
        return orig_milp(*a, **k)

    if hasattr(privacy, "linprog"):
        privacy.linprog = lp
    privacy.milp = mi
    omwegen = getattr(module, "_omwegen", None)
    if omwegen is not None:   # two programmes per figure in one shared model
        def omw(*a, **k):
            tel["linprog"] += 2 * len(a[7])
            return omwegen(*a, **k)
        module._omwegen = omw
    # since the audit keeps one HiGHS model per system, its programmes are counted where they are solved
    oplosser = getattr(module, "_Oplosser", None)
    orig_los = oplosser.los_op if oplosser is not None else None
    if oplosser is not None:
        def los(self, kosten):
            tel["linprog"] += 1
            return orig_los(self, kosten)
        oplosser.los_op = los
    oud_hier = meldingentelling.onderdruk_hierarchie
    meldingentelling.onderdruk_hierarchie = module.onderdruk_hierarchie
    if module is not privacy:
        module.linprog = lp
    try:
        t0 = time.perf_counter()
        t = tel_meldingen(assen, meldingen, wijkscan.cbs_indeling(assen, "wijk"))
        sec = time.perf_counter() - t0
    finally:
        meldingentelling.onderdruk_hierarchie = oud_hier
        if hasattr(privacy, "linprog"):
            privacy.linprog = orig_lp
        privacy.milp = orig_milp
        if omwegen is not None:
            module._omwegen = omwegen
        if oplosser is not None:
            oplosser.los_op = orig_los
    c = t.publicatie.cijfers
    per = c.groupby("status").waarde.agg(["size", "sum"]).astype(int)
    print(f"\n{naam}: {t.aantal:,} meldingen, {len(c):,} cijfers; tel_meldingen {sec:.1f} s "
          f"({tel['linprog']} LP, {tel['milp']} 0/1-programma's)")
    for s, r in per.iterrows():
        print(f"  {s:10s} {r['size']:5d} cijfers, {r['sum']:7d} meldingen")
    nul = c[c.waarde == 0]
    print(f"  nullen getoond als 0: {(nul.status == 'getoond').sum()} van {len(nul)}")
    t0 = time.perf_counter()
    a = privacy.audit(t.publicatie) if module is privacy else module.audit(t.publicatie)
    print(f"  volledige audit: {len(a)} verborgen cijfers, {time.perf_counter() - t0:.1f} s, onthuld: {int(a.onthuld.sum())}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=50_000)
    ap.add_argument("--oud", default=None, help="commit whose privacy.py to measure instead")
    args = ap.parse_args()
    module = oude_privacy(args.oud) if args.oud else privacy
    assen = wijkscan.load("Assen", bron="ingebouwd")
    imp = assen_meldingen(gemeente_grens=assen)
    meet("Assen (echt)", assen, imp, module)
    groot = afgeleid(imp.meldingen, args.n)
    meet(f"afgeleid van Assen ({args.n:,} rijen)", assen, groot, module)


if __name__ == "__main__":
    pd.set_option("display.width", 160)
    main()
