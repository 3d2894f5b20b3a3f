"""Suppression over all levels + exact audit for a LARGE gemeente, on SYNTHETIC meldingen counts.

Run: ``.venv/bin/python benchmarks/bench_onderdrukking_groot.py [--gemeente Amsterdam] [--seed 1]``.

Data: DERIVED / SYNTHETIC — no meldingen of that gemeente are used. The buurten, their wijk and their
inwoners are real (the embedded snapshot, ``wijkscan.load(name, bron="ingebouwd")``); the counts per
buurt × category are drawn as follows (fixed seed):

* the category mix is the real mix of the 3,022 Assen Signalen meldingen (8 categories, shares as
  counted in ``assen_meldingen``);
* the rate is the real Assen rate: Assen meldingen per Assen inwoner (all meldingen of the file), times
  ``--schaal`` (default 1; 0.3 gives about as many small cells as the earlier check of 1,796 ``<5``);
* each buurt gets a level ``λ_b = inwoners_b × rate × G_b`` with ``G_b ~ Gamma(shape 1.5, mean 1)``
  (buurten vary far more than their inwoners explain), a buurt without known inwoners gets 50 inwoners;
* cell ``(b, c) ~ Poisson(λ_b × share_c)``; plus one row "(geen buurt)" (meldingen in no buurt
  polygon) ``~ Poisson(0.002 × total × share_c)``.

Every buurt counts as having a polygon (no partial totals). The levels are those ``tel_meldingen`` publishes
for a wijk run (:func:`wijkscan.analysis.meldingentelling._beveilig`): buurt and wijk per category and in
total, the gemeente total, and the "(geen buurt)" total; the same ``privacy.cijfers`` + ``onderdruk_hierarchie``.

Printed: seconds per phase (withholding, relation cuts, the audit inside the rounds, 0/1 programmes, the
alternative tables ``_omwegen``, the fallback ``_tot_veilig``), rounds, LP solves and 0/1 programmes, the figures
per status (count and meldingen), ``onbeschermd``, and the full exact audit (two LPs per hidden figure;
disclosed must be 0). The load average of the machine is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import time
from collections import defaultdict

import numpy as np
import pandas as pd

import wijkscan
from wijkscan.analysis import privacy
from wijkscan.analysis.meldingentelling import GEEN_BUURT, _inwoners_of_none
from wijkscan.sources.meldingen import assen_meldingen

# phases measured by wrapping privacy's functions; a call inside another measured call counts for the outer one
FASEN = {"_weglaten": "weglaten", "_relatiesneden": "relatiesneden", "_intervallen": "audit in de rondes",
         "_kies": "0/1-programma's", "_omwegen": "omweg", "_omweg": "omweg", "_tot_veilig": "vangnet (_tot_veilig)",
         "_nul_met_nul": "nul bij nul"}


def synthetische_cellen(naam: str, seed: int, schaal: float = 1.0) -> tuple[pd.DataFrame, pd.Series, str]:
    """SYNTHETIC buurt × category counts for gemeente ``naam`` (see the module docstring); also buurt → wijk."""
    assen = wijkscan.load("Assen", bron="ingebouwd")
    m = assen_meldingen(gemeente_grens=assen).meldingen
    mix = m.categorie.astype(str).value_counts()
    aandeel = (mix / mix.sum()).to_numpy()
    inw_assen = _inwoners_of_none(assen)
    tempo = schaal * len(m) / float(inw_assen.get(assen.code))
    data = wijkscan.load(naam, bron="ingebouwd")
    b = data.gebieden[data.gebieden.niveau == "buurt"]
    inw = _inwoners_of_none(data)
    inw = (inw.reindex(b.index) if inw is not None else pd.Series(np.nan, index=b.index)).fillna(50.0).clip(lower=0)
    rng = np.random.default_rng(seed)
    niveau = inw.to_numpy(dtype=float) * tempo * rng.gamma(1.5, 1 / 1.5, len(b))
    tel = rng.poisson(np.outer(niveau, aandeel))
    rest = rng.poisson(0.002 * tel.sum() * aandeel)
    cellen = pd.DataFrame(np.vstack([tel, rest[None, :]]), index=[*b.index, GEEN_BUURT], columns=list(mix.index))
    return cellen, b["wijk"].astype(object), data.code


def niveaus_van(cellen: pd.DataFrame, wijk: pd.Series, code: str) -> dict[str, pd.Series]:
    buurten = pd.Index(wijk.index)
    return {"buurt": pd.Series(buurten, index=buurten), "wijk": wijk,
            "gemeente": pd.Series(code, index=cellen.index, dtype=object),
            "buiten de buurtvlakken": pd.Series({GEEN_BUURT: GEEN_BUURT})}


class Meter:
    """Counts LP solves and 0/1 programmes and times the phases, by wrapping privacy's functions."""

    def __init__(self) -> None:
        self.tijd: dict[str, float] = defaultdict(float)
        self.aantal: dict[str, int] = defaultdict(int)
        self.diepte = 0
        self.orig: dict[str, object] = {}

    def __enter__(self) -> Meter:
        for naam, fase in FASEN.items():
            f = getattr(privacy, naam, None)
            if f is None:     # an older privacy.py (``--oud`` runs of this script on another checkout)
                continue
            self.orig[naam] = f
            setattr(privacy, naam, self._fase(f, fase))
        for naam in ("milp", "linprog"):     # privacy.py before the shared omweg model called linprog
            if hasattr(privacy, naam):
                self.orig[naam] = getattr(privacy, naam)
                setattr(privacy, naam, self._teller(self.orig[naam], naam))
        los = privacy._Oplosser.los_op
        self.orig["los_op"] = los
        meter = self

        def los_op(zelf, kosten):
            meter.aantal["LP (audit-model)"] += 1
            return los(zelf, kosten)
        privacy._Oplosser.los_op = los_op
        return self

    def __exit__(self, *exc) -> None:
        privacy._Oplosser.los_op = self.orig.pop("los_op")
        for naam, f in self.orig.items():
            setattr(privacy, naam, f)

    def _teller(self, f, naam):
        def g(*a, **k):
            self.aantal[naam] += 1
            return f(*a, **k)
        return g

    def _fase(self, f, fase):
        def g(*a, **k):
            if fase == "omweg" and isinstance(a[7], list):   # two programmes per figure, in one shared model
                self.aantal["LP (omweg)"] += 2 * len(a[7])
            if self.diepte:
                return f(*a, **k)
            self.diepte += 1
            self.aantal[fase] += 1
            t0 = time.perf_counter()
            try:
                return f(*a, **k)
            finally:
                self.tijd[fase] += time.perf_counter() - t0
                self.diepte -= 1
        return g


def meet(naam: str, seed: int, max_rondes: int, schaal: float) -> None:
    cellen, wijk, code = synthetische_cellen(naam, seed, schaal)
    niveaus = niveaus_van(cellen, wijk, code)
    pub = privacy.cijfers(cellen, niveaus, {}, per_kolom={"buurt", "wijk"})
    print(f"\n{naam} (SYNTHETISCHE aantallen, seed {seed}, schaal {schaal:g}): {len(wijk)} buurten, {wijk.nunique()} wijken, "
          f"{cellen.shape[1]} categorieën, {int(cellen.to_numpy().sum()):,} meldingen, {len(pub.cijfers):,} cijfers; "
          f"load average {os.getloadavg()[0]:.1f}")
    with Meter() as meter:
        t0 = time.perf_counter()
        uit = privacy.onderdruk_hierarchie(pub, max_rondes=max_rondes)
        sec = time.perf_counter() - t0
    print(f"  onderdrukking {sec:.1f} s; load average {os.getloadavg()[0]:.1f}")
    for fase in dict.fromkeys(FASEN.values()):   # every phase, also those that did not run (0×)
        print(f"    {fase:24s} {meter.tijd[fase]:7.1f} s  ({meter.aantal[fase]}×)")
    omweg = meter.aantal["LP (omweg)"] + meter.aantal["linprog"]
    print(f"  rondes (audits in de lus): {meter.aantal['audit in de rondes']}; LP: {meter.aantal['LP (audit-model)']} "
          f"in het audit-model + {omweg} voor omwegen; 0/1-programma's: {meter.aantal['milp']}")
    c = uit.cijfers
    per = c.groupby("status").waarde.agg(["size", "sum"]).astype(int)
    for s, r in per.iterrows():
        print(f"  {s:10s} {r['size']:5d} cijfers, {r['sum']:8d} meldingen")
    print(f"  onbeschermd: {len(uit.onbeschermd)}")
    t0 = time.perf_counter()
    a = privacy.audit(uit)
    print(f"  volledige audit: {len(a)} verborgen cijfers, {time.perf_counter() - t0:.1f} s, "
          f"onthuld: {int(a.onthuld.sum())}; load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gemeente", nargs="+", default=["Amsterdam"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-rondes", type=int, default=40)
    ap.add_argument("--schaal", type=float, default=1.0, help="multiply the Assen rate (fewer meldingen: more small cells)")
    args = ap.parse_args()
    for naam in args.gemeente:
        meet(naam, args.seed, args.max_rondes, args.schaal)


if __name__ == "__main__":
    main()
