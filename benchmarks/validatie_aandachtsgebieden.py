"""Validate the aandachtsgebieden against public designations, on small areas and on the weights.

Not a test. Prints the tables of the validation chapter of ``docs/aandachtsgebieden.md``. Usage::

    .venv/bin/python benchmarks/validatie_aandachtsgebieden.py            # all parts (several minutes)
    .venv/bin/python benchmarks/validatie_aandachtsgebieden.py --deel aanwijzingen

Works with the method of any version of wijkscan that has ``bereken_aandachtsgebieden`` (run it with
``PYTHONPATH`` pointing at an older checkout for the figures "before").

1. **aanwijzingen** — the 20 focusgebieden of the Nationaal Programma Leefbaarheid en Veiligheid (2022) as far
   as they could be matched to CBS wijken (``benchmarks/data/nplv_focusgebieden_2022.csv``): the share in the
   top quarter of their gemeente's ranked wijken, and the share in the least favourable 10 % of Dutch areas
   (``landelijk_percentiel`` ≥ 90), computed by :func:`trefkansen`.
2. **klein** — the share of small woongebieden (500–1.200 inwoners) in the top quarter of their gemeente
   against the larger ones, over the ranking of every gemeente (342) per buurt.
3. **gevoeligheid** — per dimension: its weight set to 0, how many buurten change status
   (aandachtsgebied or not), over all gemeenten.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import numpy as np
import pandas as pd

import wijkscan
from wijkscan.analysis.aandachtsgebieden import bereken_aandachtsgebieden, ingebouwde_referentie

AANWIJZINGEN = Path(__file__).parent / "data" / "nplv_focusgebieden_2022.csv"


def lees_aanwijzingen(pad: Path = AANWIJZINGEN) -> pd.DataFrame:
    """The matched designations: one row per CBS wijk of a focusgebied."""
    return pd.read_csv(pad, sep=";", dtype=str)


def in_kwart(scores: pd.DataFrame) -> pd.Series:
    """Per area: is it in the top quarter (rounded up) of the ranked woongebieden of its gemeente?"""
    woon = scores[(scores.soort_gebied == "woongebied") & scores.rang.notna()]
    kwart = math.ceil(len(woon) / 4) if len(woon) else 0
    return (scores.rang.notna() & (scores.soort_gebied == "woongebied")
            & (scores.rang.astype("Float64").fillna(np.inf) <= kwart)).astype(bool).set_axis(scores.gebied)


def trefkansen(aanwijzingen: pd.DataFrame, scores_per_gemeente: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per designated wijk: in the top quarter of its gemeente, and in the national top 10 %."""
    rows = []
    for r in aanwijzingen.itertuples():
        s = scores_per_gemeente[r.gemeentecode]
        kw = in_kwart(s)
        rij = s.set_index("gebied").loc[r.wijkcode]
        pct = rij.get("landelijk_percentiel")
        rows.append({"focusgebied": r.focusgebied, "wijkcode": r.wijkcode, "zeker": r.zeker,
                     "status": rij.status, "rang": rij.rang, "kwart": bool(kw[r.wijkcode]),
                     "landelijk_10": bool(pd.notna(pct) and pct >= 90)})
    return pd.DataFrame(rows)


def deel_aanwijzingen() -> None:
    a = lees_aanwijzingen()
    scores = {}
    for code in a.gemeentecode.unique():
        scores[code] = wijkscan.wijkanalyse(code, niveau="wijk", bron="ingebouwd").aandachtsgebieden
    t = trefkansen(a, scores)
    print("| koppeling | wijken | in de top kwart van de gemeente | bij de 10 % minst gunstige van Nederland | "
          "aandachtsgebied |")
    print("|---|---:|---:|---:|---:|")
    for naam, d in (("alle", t), ("zeker gekoppeld", t[t.zeker == "ja"])):
        print(f"| {naam} | {len(d)} | {d.kwart.sum()} ({100 * d.kwart.mean():.0f} %) | {d.landelijk_10.sum()} "
              f"({100 * d.landelijk_10.mean():.0f} %) | {(d.status == 'aandachtsgebied').sum()} |")
    print()
    per = t.groupby("focusgebied", sort=False).agg(wijken=("wijkcode", "size"), kwart=("kwart", "sum"),
                                                   landelijk=("landelijk_10", "sum"))
    print(per.to_string())


_NL: list = []


def _per_gemeente(**kw) -> dict[str, pd.DataFrame]:
    """The ranking of every gemeente per buurt, from its slice of the national profile (as the tests do)."""
    if not _NL:
        _NL.append(wijkscan.wijkanalyse("Nederland", bron="ingebouwd"))
    nl = _NL[0]
    ref = ingebouwde_referentie(nl.catalogus, nl.jaar)
    p = nl.profiel.assign(_g="GM" + nl.profiel.gebied.str[2:6])
    out = {}
    for gem, deel in p.groupby("_g"):
        out[gem], _ = bereken_aandachtsgebieden(deel.drop(columns="_g"), nl.catalogus, nl.jaar, referentie=ref, **kw)
    return out


def klein_aandeel(per_gemeente: dict[str, pd.DataFrame]) -> tuple[float, int, float, int]:
    """Share of small (500–1.200 inwoners) and larger woongebieden in the top quarter of their gemeente."""
    delen = []
    for s in per_gemeente.values():
        kw = in_kwart(s)
        w = s[(s.soort_gebied == "woongebied") & s.rang.notna()]
        delen.append(pd.DataFrame({"inwoners": w.inwoners.to_numpy(), "kwart": kw[w.gebied].to_numpy()}))
    d = pd.concat(delen)
    klein = d[(d.inwoners >= 500) & (d.inwoners < 1200)]
    groot = d[d.inwoners >= 1200]
    return float(klein.kwart.mean()), len(klein), float(groot.kwart.mean()), len(groot)


def deel_klein() -> dict[str, pd.DataFrame]:
    per = _per_gemeente(trekkingen=100)
    k, nk, g, ng = klein_aandeel(per)
    print(f"klein (500–1.200 inwoners): {100 * k:.1f} % van {nk} in het bovenste kwart; "
          f"groter: {100 * g:.1f} % van {ng}")
    n = sum(int((s.status == "aandachtsgebied").sum()) for s in per.values())
    print(f"aandachtsgebieden (buurten, 342 gemeenten, 100 trekkingen): {n}")
    return per


def deel_gevoeligheid(basis: dict[str, pd.DataFrame]) -> None:
    from wijkscan.analysis.dimensies import DIMENSIES

    a0 = pd.concat([s.set_index("gebied").status.eq("aandachtsgebied") for s in basis.values()])
    print("| dimensie op 0 | buurten van status veranderd | erbij | eraf |")
    print("|---|---:|---:|---:|")
    for d in DIMENSIES:
        per = _per_gemeente(trekkingen=100, dimensies={d: 0})
        a1 = pd.concat([s.set_index("gebied").status.eq("aandachtsgebied") for s in per.values()]).reindex(a0.index)
        erbij, eraf = int((a1 & ~a0).sum()), int((a0 & ~a1).sum())
        print(f"| {d} | {erbij + eraf} | {erbij} | {eraf} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--deel", choices=("aanwijzingen", "klein", "gevoeligheid", "alles"), default="alles")
    args = ap.parse_args()
    t = time.perf_counter()
    if args.deel in ("aanwijzingen", "alles"):
        deel_aanwijzingen()
    if args.deel in ("klein", "gevoeligheid", "alles"):
        basis = deel_klein()
        if args.deel != "klein":
            deel_gevoeligheid(basis)
    print(f"({time.perf_counter() - t:.0f} s)")


if __name__ == "__main__":
    main()
