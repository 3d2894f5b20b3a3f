"""How good is a mean made from buurten when the count of dwellings is missing? (issue 16, item 5). Not a test.

Run from the repository root::

    python benchmarks/bench_weging.py            # all CBS wijken of 2024 (embedded data, real)
    python benchmarks/bench_weging.py --markdown # the same, as the table for benchmarks/README.md

**Data: real** (the embedded snapshot: CBS Kerncijfers wijken en buurten 2024 for every buurt and wijk).

**Task.** The catalogue weights the average WOZ value, % koopwoningen and % eengezinswoningen of a bigger area by
its buurten's woningvoorraad. The snapshot has no woningvoorraad, so :func:`wijkscan.indicators.compute.geaggregeerd`
falls back to the households (``gewicht = Woningvoorraad|HuishoudensTotaal|AantalInwoners``). Here every CBS wijk of
2024 is made from its buurten that way and compared with **the value CBS publishes for that wijk** (CBS computes it
from all dwellings, including those of buurten it suppresses). Also shown, for comparison: weighting by inhabitants,
and the plain unweighted mean of the buurten.

Reported per indicator and weighting: the number of wijken compared (both values known), the wijken the aggregation
leaves NA (a buurt whose figure CBS suppressed: the area is NA by design), the median and 95th percentile of the
absolute error, and the share of wijken within ±1 unit (CBS rounds these figures to whole units) and within ±5 % of
the published value. Wijken of a single buurt are trivially right, so the figures are also given for wijken of two
or more buurten.
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

INDICATOREN = ("woz_waarde", "koopwoningen_aandeel", "eengezinswoningen_aandeel")
WEGINGEN = {
    "huishoudens (catalogus, terugval)": None,      # the catalogue as it is: Woningvoorraad|HuishoudensTotaal|...
    "inwoners": "AantalInwoners",
    "ongewogen": "_een",
}


def meet() -> pd.DataFrame:
    import wijkscan
    from wijkscan.indicators import catalogus
    from wijkscan.indicators.compute import geaggregeerd, gepubliceerd

    t0 = time.perf_counter()
    nl = wijkscan.load("Nederland", bron="ingebouwd")
    kc = nl.kerncijfers[nl.kerncijfers.jaar == nl.jaar]

    def wide(niveau: str) -> pd.DataFrame:
        w = kc[kc.niveau == niveau].pivot_table(index="code", columns="variabele", values="waarde", aggfunc="first")
        w.columns.name = None
        return w.astype(float)

    buurt, wijk = wide("buurt"), wide("wijk")
    buurt["_een"] = 1.0
    b = nl.gebieden[nl.gebieden.niveau == "buurt"]
    toewijzing = b.wijk.dropna()
    n_buurten = toewijzing.value_counts()
    cat = catalogus()
    rows = []
    for ind_id in INDICATOREN:
        ind = cat.loc[ind_id]
        gepubl = gepubliceerd(wijk, ind)[0]
        for weging, gewicht in WEGINGEN.items():
            r = ind.copy()
            if gewicht is not None:
                r["gewicht"] = gewicht
            waarde, reden = geaggregeerd(buurt, toewijzing, r)
            labels = reden[waarde.notna()].value_counts()
            beide = pd.DataFrame({"gepubliceerd": gepubl, "berekend": waarde}).dropna()
            for deel, wijken in (("alle wijken", beide.index),
                                 ("wijken van ≥ 2 buurten", beide.index[n_buurten.reindex(beide.index).fillna(0) >= 2])):
                d = beide.loc[wijken]
                fout = (d.berekend - d.gepubliceerd).abs()
                rel = fout / d.gepubliceerd.abs().where(d.gepubliceerd != 0)
                rows.append({
                    "indicator": ind_id, "eenheid": ind.eenheid, "weging": weging, "wijken": deel, "n": len(d),
                    "na_door_onderdrukte_buurt": int(waarde.reindex(gepubl.dropna().index).isna().sum()),
                    "mediaan": float(fout.median()), "p95": float(fout.quantile(0.95)),
                    "binnen_1": float((fout <= 1.0 + 1e-9).mean()), "binnen_5pct": float((rel <= 0.05 + 1e-12).mean()),
                    "label": "; ".join(f"{k} ({v})" for k, v in labels.items() if k),
                })
    uit = pd.DataFrame(rows)
    # the wijken left NA: how much of them (households) lies in the buurten whose figure CBS suppressed
    hh = buurt.HuishoudensTotaal.reindex(toewijzing.index).fillna(0.0)
    na = {}
    for ind_id in INDICATOREN:
        teller = buurt[cat.loc[ind_id, "teller"]].reindex(toewijzing.index)
        waarde = geaggregeerd(buurt, toewijzing, cat.loc[ind_id])[0]
        leeg = waarde.index[waarde.isna()].intersection(gepubliceerd(wijk, cat.loc[ind_id])[0].dropna().index)
        deel = (hh.where(teller.isna(), 0.0).groupby(toewijzing).sum() / hh.groupby(toewijzing).sum()).reindex(leeg)
        na[ind_id] = (len(leeg), float(deel.median()), float((deel <= 0.01).mean()), float((deel <= 0.05).mean()))
    uit.attrs["na"] = na
    uit.attrs["seconden"] = time.perf_counter() - t0
    uit.attrs["wijken"] = int(wijk.index.size)
    uit.attrs["buurten"] = int(len(b))
    return uit


def _nl(x: float, d: int = 1) -> str:
    return f"{x:,.{d}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--markdown", action="store_true", help="print the table for benchmarks/README.md (English numbers)")
    args = ap.parse_args()
    uit = meet()
    print(f"wijkscan benchmark — gewogen gemiddelden uit buurten tegen de gepubliceerde wijkcijfers "
          f"({uit.attrs['buurten']:,} buurten, {uit.attrs['wijken']:,} wijken, {uit.attrs['seconden']:.1f} s)")
    if args.markdown:
        print("| indicator | weging | wijken | n | NA (onderdrukte buurt) | mediaan abs. fout | p95 abs. fout "
              "| binnen ±1 | binnen ±5 % |")
        print("|---|---|---|---:|---:|---:|---:|---:|---:|")
        for r in uit.itertuples():
            print(f"| {r.indicator} ({r.eenheid}) | {r.weging} | {r.wijken} | {r.n:,} | {r.na_door_onderdrukte_buurt:,} "
                  f"| {r.mediaan:.2f} | {r.p95:.2f} | {100 * r.binnen_1:.1f} % | {100 * r.binnen_5pct:.1f} % |")
    else:
        with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_colwidth", 60):
            print(uit.drop(columns="label").round(3).to_string(index=False))
    for ind_id in INDICATOREN:
        lab = uit[(uit.indicator == ind_id) & (uit.weging.str.startswith("huishoudens"))].label.iloc[0]
        print(f"herkomst {ind_id}: {lab}")
    for ind_id, (n, med, een, vijf) in uit.attrs["na"].items():
        print(f"NA {ind_id}: {n:,} wijken met een gepubliceerde waarde; hun onderdrukte buurten hebben mediaan "
              f"{_nl(100 * med)} % van de huishoudens; bij {_nl(100 * een)} % van die wijken ≤ 1 %, bij "
              f"{_nl(100 * vijf)} % ≤ 5 %")


if __name__ == "__main__":
    main()
