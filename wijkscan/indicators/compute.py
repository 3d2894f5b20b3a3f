"""Compute the catalogue's indicators for any set of areas.

Two ways to get the value of an indicator for an area:

* **published**: CBS publishes the area (a buurt, wijk, gemeente or Nederland), so its own
  figures are used — ratios are computed from the published numerator and denominator,
  means and percentages are taken as published;
* **aggregated**: an own indeling (PC4, own wijken, any polygons) is built from buurten:
  counts are summed, ratios are recomputed from the summed numerator and denominator,
  published means are weighted by their base (WOZ by the woningvoorraad, income by the
  inwoners), and classes or medians cannot be aggregated. When a buurt's figure is
  suppressed, the area's value is NA with the reason, never a sum of what happens to be there.

Example
-------
>>> import wijkscan
>>> from wijkscan.indicators import catalogus
>>> from wijkscan.indicators.compute import gepubliceerd
>>> vs = wijkscan.load("Voorschoten", bron="ingebouwd")
>>> wide = vs.kerncijfers.query("niveau == 'gemeente' and jaar == 2024").pivot_table(
...     index="code", columns="variabele", values="waarde")
>>> waarde, reden = gepubliceerd(wide, catalogus().loc["leeftijd_65plus_aandeel"])
>>> round(float(waarde["GM0626"]), 1)
24.5
"""

from __future__ import annotations

import numpy as np
import pandas as pd

GEEN_CIJFER = "CBS heeft dit cijfer niet of heeft het onderdrukt"


def _vars(expr: str) -> list[str]:
    return [v.strip() for v in str(expr).split("+") if v.strip()]


def _sum_expr(wide: pd.DataFrame, expr: str) -> tuple[pd.Series, bool]:
    """Row-wise sum of the variables in ``expr``; NA when any part is NA. Also: were all columns there?"""
    names = _vars(expr)
    present = [n for n in names if n in wide.columns]
    if len(present) < len(names):
        return pd.Series(np.nan, index=wide.index, dtype=float), False
    vals = wide[present].astype(float)
    return vals.sum(axis=1, min_count=len(present)).where(vals.notna().all(axis=1)), True


def gepubliceerd(wide: pd.DataFrame, ind: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Indicator values of areas that CBS publishes itself.

    Parameters
    ----------
    wide : DataFrame
        One row per area (index = code), one column per harmonised variable, one year.
    ind : Series
        One catalogue row.

    Returns
    -------
    (waarde, reden)
        Two Series on ``wide.index``; ``reden`` is a Dutch reason where ``waarde`` is NA.
    """
    teller, has_t = _sum_expr(wide, ind.teller)
    has_n = True
    if ind.aggregatie == "verhouding":
        noemer, has_n = _sum_expr(wide, ind.noemer)
        waarde = ind.factor * teller / noemer.where(noemer > 0)
    else:
        waarde = teller
    reden = pd.Series("", index=wide.index, dtype=object)
    trendvar = ind.get("trendvariabele", "")
    if trendvar and trendvar in wide.columns:
        fill = waarde.isna() & wide[trendvar].notna()
        waarde = waarde.where(~fill, wide[trendvar].astype(float))
        reden.loc[fill] = "gepubliceerd percentage of gemiddelde (tellers ontbreken in dit jaar)"
    missing = waarde.isna()
    if not (has_t and has_n):
        reden.loc[missing] = "dit cijfer zit niet in de gegevens van dit jaar"
    else:
        reden.loc[missing] = GEEN_CIJFER
        if ind.aggregatie == "verhouding":
            reden.loc[missing & teller.notna() & (noemer == 0)] = "noemer is 0"
    return waarde.astype(float), reden


def geaggregeerd(buurt_wide: pd.DataFrame, toewijzing: pd.Series, ind: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Indicator values of own areas made from buurten.

    Parameters
    ----------
    buurt_wide : DataFrame
        One row per buurt (index = buurt code), one column per variable, one year.
    toewijzing : Series
        buurt code → area code.
    ind : Series
        One catalogue row.

    Returns
    -------
    (waarde, reden)
        Series indexed by area code.

    Example
    -------
    Two buurten, one with 100 inhabitants of whom 50 are 65+, one with 300 of whom 30:
    the share 65+ of the pair is 80 / 400 = 20 %, not the mean of 50 % and 10 %.

    >>> from wijkscan.indicators import catalogus
    >>> w = pd.DataFrame({"k_65JaarOfOuder": [50, 30], "AantalInwoners": [100, 300]}, index=["B1", "B2"])
    >>> float(geaggregeerd(w, pd.Series({"B1": "A", "B2": "A"}), catalogus().loc["leeftijd_65plus_aandeel"])[0]["A"])
    20.0
    """
    areas = pd.Index(sorted(set(toewijzing)), name="gebied")
    members = toewijzing[toewijzing.index.isin(buurt_wide.index)]
    not_in_data = sorted(set(toewijzing.index) - set(buurt_wide.index))
    wide = buurt_wide.reindex(members.index)
    group = members.values
    waarde = pd.Series(np.nan, index=areas, dtype=float)
    reden = pd.Series("", index=areas, dtype=object)

    def explain(bad: pd.Series, what: str) -> None:
        texts = {}
        for area, codes in bad[bad].groupby(group[bad.values]).groups.items():
            codes = sorted(codes)
            shown = ", ".join(codes[:3]) + (" …" if len(codes) > 3 else "")
            texts[area] = f"{what} ontbreekt of is onderdrukt in {len(codes)} buurt(en): {shown}"
        if texts:
            reden.update(pd.Series(texts, dtype=object))

    if ind.aggregatie == "geen":
        reden[:] = f"niet op te tellen tot een groter gebied ({ind.eenheid}: een klasse of mediaan)"
        return waarde, reden
    teller, has_t = _sum_expr(wide, ind.teller)
    if not has_t:
        reden[:] = "dit cijfer zit niet in de gegevens van dit jaar"
        return waarde, reden
    if ind.aggregatie == "som":
        ok = teller.notna()
        sums = teller.groupby(group).sum(min_count=1)
        complete = ok.groupby(group).all()
        waarde.update(sums.where(complete))
        explain(~ok, ind.teller)
    elif ind.aggregatie == "verhouding":
        noemer, has_n = _sum_expr(wide, ind.noemer)
        if not has_n:
            reden[:] = "de noemer zit niet in de gegevens van dit jaar"
            return waarde, reden
        ok = teller.notna() & noemer.notna()
        t, n = teller.groupby(group).sum(), noemer.groupby(group).sum()
        complete = ok.groupby(group).all()
        waarde.update((ind.factor * t / n.where(n > 0)).where(complete))
        explain(~ok, f"{ind.teller} of {ind.noemer}")
    else:  # gewogen, enquete: weighted mean with the weight as base
        gewicht, has_w = _sum_expr(wide, ind.gewicht)
        if not has_w:
            reden[:] = f"het gewicht ({ind.gewicht}) zit niet in de gegevens, dus geen gewogen gemiddelde"
            return waarde, reden
        counts = gewicht.fillna(1) != 0            # a buurt with weight 0 does not count
        ok = (teller.notna() & gewicht.notna()) | ~counts
        num = (teller * gewicht).where(counts, 0).groupby(group).sum()
        den = gewicht.where(counts, 0).groupby(group).sum()
        complete = ok.groupby(group).all()
        waarde.update((num / den.where(den > 0)).where(complete))
        explain(~ok, f"{ind.teller} of het gewicht {ind.gewicht}")
    if not_in_data:
        texts = {}
        for area in set(toewijzing[not_in_data]):
            codes = sorted(c for c in not_in_data if toewijzing[c] == area)
            texts[area] = f"geen cijfers voor buurt(en) {', '.join(codes[:3])}"
        waarde.loc[list(texts)] = np.nan
        reden.update(pd.Series(texts, dtype=object))
    reden.loc[waarde.isna() & (reden == "")] = GEEN_CIJFER
    return waarde, reden
