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

The base of a weighted mean may name alternatives in order of preference: the catalogue's
``Woningvoorraad|HuishoudensTotaal|AantalInwoners`` weights WOZ, % koop and % eengezins by the
dwellings, and where the count of dwellings is missing (the embedded snapshot has none) by the
households, else the inhabitants. Such a value carries the note "gewogen naar huishoudens
(woningvoorraad ontbreekt)" in ``reden`` (the profile shows it in ``herkomst``). Against the
published values of all CBS wijken this fallback is close: see ``benchmarks/bench_weging.py``.

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

from ..teksten import aantal

GEEN_CIJFER = "CBS heeft dit cijfer niet of heeft het onderdrukt"
GEPUBLICEERD = "gepubliceerd percentage of gemiddelde (tellers ontbreken in dit jaar)"
#: the end of the reason for a figure whose variable is not in the data at all (the variable is named before it)
NIET_IN_JAAR = "niet in de gegevens van dit jaar"


def niet_in_jaar(wide: pd.DataFrame, *exprs: str) -> str:
    """The reason for a figure whose variable(s) the loaded data of the year do not have, naming them.

    Example
    -------
    >>> niet_in_jaar(pd.DataFrame(columns=["AantalInwoners"]), "Woningvoorraad", "AantalInwoners")
    'de variabele Woningvoorraad zit niet in de gegevens van dit jaar'
    """
    mist = list(dict.fromkeys(v for e in exprs for v in _vars(e) if v not in wide.columns))
    if not mist:
        return f"dit cijfer zit {NIET_IN_JAAR}"
    namen = mist[0] if len(mist) == 1 else ", ".join(mist[:-1]) + " en " + mist[-1]
    return f"de variabele{'' if len(mist) == 1 else 'n'} {namen} {'zit' if len(mist) == 1 else 'zitten'} {NIET_IN_JAAR}"


def _vars(expr: str) -> list[str]:
    return [v.strip() for v in str(expr).split("+") if v.strip()]


#: How a weight is named in the profile when the catalogue's first choice is missing (variable → Dutch words).
WEGING = {"Woningvoorraad": "woningvoorraad", "HuishoudensTotaal": "huishoudens", "AantalInwoners": "inwoners"}


def gewichten(gewicht: str) -> list[str]:
    """The weights of a catalogue ``gewicht`` entry in order of preference: ``A|B|C`` means A, else B, else C.

    Example
    -------
    >>> gewichten("Woningvoorraad|HuishoudensTotaal|AantalInwoners")
    ['Woningvoorraad', 'HuishoudensTotaal', 'AantalInwoners']
    """
    return [g.strip() for g in str(gewicht).split("|") if g.strip()]


def weging_tekst(gebruikt: str, gewicht: str) -> str:
    """Dutch note for a value weighted by a fallback: what it is weighted by, and which preferred weights are missing.

    Example
    -------
    >>> weging_tekst("HuishoudensTotaal", "Woningvoorraad|HuishoudensTotaal|AantalInwoners")
    'gewogen naar huishoudens (woningvoorraad ontbreekt)'
    """
    alle = gewichten(gewicht)
    mist = [WEGING.get(g, g) for g in alle[:alle.index(gebruikt)]] if gebruikt in alle else []
    if not mist:
        return f"gewogen naar {WEGING.get(gebruikt, gebruikt)}"
    lijst = mist[0] if len(mist) == 1 else ", ".join(mist[:-1]) + " en " + mist[-1]
    return f"gewogen naar {WEGING.get(gebruikt, gebruikt)} ({lijst} {'ontbreekt' if len(mist) == 1 else 'ontbreken'})"


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
        reden.loc[fill] = GEPUBLICEERD
    missing = waarde.isna()
    if not (has_t and has_n):
        reden.loc[missing] = niet_in_jaar(wide, ind.teller, ind.noemer if ind.aggregatie == "verhouding" else "")
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
        Series indexed by area code. ``reden`` says why a value is NA; for a value weighted by a fallback
        weight (``gewicht`` = ``A|B``, A missing) it holds how it was weighted, e.g. "gewogen naar huishoudens
        (woningvoorraad ontbreekt)" — the way :func:`gepubliceerd` notes a published percentage.

    Example
    -------
    Two buurten, one with 100 inhabitants of whom 50 are 65+, one with 300 of whom 30:
    the share 65+ of the pair is 80 / 400 = 20 %, not the mean of 50 % and 10 %.

    >>> from wijkscan.indicators import catalogus
    >>> w = pd.DataFrame({"k_65JaarOfOuder": [50, 30], "AantalInwoners": [100, 300]}, index=["B1", "B2"])
    >>> float(geaggregeerd(w, pd.Series({"B1": "A", "B2": "A"}), catalogus().loc["leeftijd_65plus_aandeel"])[0]["A"])
    20.0

    WOZ without a count of dwellings: weighted by the households, and the note says so.

    >>> w = pd.DataFrame({"GemiddeldeWOZWaardeVanWoningen": [200, 400], "HuishoudensTotaal": [300, 100]},
    ...                  index=["B1", "B2"])
    >>> waarde, reden = geaggregeerd(w, pd.Series({"B1": "A", "B2": "A"}), catalogus().loc["woz_waarde"])
    >>> float(waarde["A"]), reden["A"]
    (250.0, 'gewogen naar huishoudens (woningvoorraad ontbreekt)')
    """
    areas = pd.Index(sorted(set(toewijzing)), name="gebied")
    members = toewijzing[toewijzing.index.isin(buurt_wide.index)]
    wide = buurt_wide.reindex(members.index)
    groep = _Groep(areas, members.to_numpy())
    if ind.aggregatie == "geen":
        groep.reden[:] = f"niet op te tellen tot een groter gebied ({ind.eenheid}: een klasse of mediaan)"
        return groep.waarde, groep.reden
    teller, has_t = _sum_expr(wide, ind.teller)
    if not has_t:
        groep.reden[:] = niet_in_jaar(wide, ind.teller)
        return groep.waarde, groep.reden
    if ind.aggregatie == "som":
        _som(groep, teller, ind)
    elif ind.aggregatie == "verhouding":
        _verhouding(groep, wide, teller, ind)
    else:  # gewogen, enquete: weighted mean with the weight as base (the first of the alternatives that is there)
        _gewogen(groep, wide, teller, ind)
    _zonder_cijfers(groep, toewijzing, sorted(set(toewijzing.index) - set(buurt_wide.index)))
    groep.reden.loc[groep.waarde.isna() & (groep.reden == "")] = GEEN_CIJFER
    return groep.waarde, groep.reden


class _Groep:
    """The areas being computed from their buurten: one value and one reason per area (filled by the steps below)."""

    def __init__(self, areas: pd.Index, groep: np.ndarray) -> None:
        self.areas = areas
        self.groep = groep                      # area code of every buurt row
        self.waarde = pd.Series(np.nan, index=areas, dtype=float)
        self.reden = pd.Series("", index=areas, dtype=object)

    def verklaar(self, bad: pd.Series, what: str) -> None:
        """Give the areas with a missing or suppressed buurt figure the reason, naming up to three buurten."""
        texts = {}
        for area, codes in bad[bad].groupby(self.groep[bad.to_numpy()]).groups.items():
            codes = sorted(codes)
            shown = ", ".join(codes[:3]) + (" …" if len(codes) > 3 else "")
            texts[area] = f"{what} ontbreekt of is onderdrukt in {aantal(len(codes), 'buurt')}: {shown}"
        if texts:
            self.reden.update(pd.Series(texts, dtype=object))


def _som(g: _Groep, teller: pd.Series, ind: pd.Series) -> None:
    ok = teller.notna()
    sums = teller.groupby(g.groep).sum(min_count=1)
    g.waarde.update(sums.where(ok.groupby(g.groep).all()))
    g.verklaar(~ok, ind.teller)


def _verhouding(g: _Groep, wide: pd.DataFrame, teller: pd.Series, ind: pd.Series) -> None:
    noemer, has_n = _sum_expr(wide, ind.noemer)
    if not has_n:
        g.reden[:] = niet_in_jaar(wide, ind.noemer)
        return
    ok = teller.notna() & noemer.notna()
    t, n = teller.groupby(g.groep).sum(), noemer.groupby(g.groep).sum()
    g.waarde.update((ind.factor * t / n.where(n > 0)).where(ok.groupby(g.groep).all()))
    g.verklaar(~ok, f"{ind.teller} of {ind.noemer}")


def _gewogen(g: _Groep, wide: pd.DataFrame, teller: pd.Series, ind: pd.Series) -> None:
    keuzes = [(naam, w) for naam in gewichten(ind.gewicht) for w, has_w in [_sum_expr(wide, naam)] if has_w]
    if not keuzes:
        g.reden[:] = f"het gewicht ({ind.gewicht}) zit niet in de gegevens, dus geen gewogen gemiddelde"
        return
    eerste = gewichten(ind.gewicht)[0]
    gekozen = pd.Series("", index=g.areas, dtype=object)
    for i, (naam, gewicht) in enumerate(keuzes):
        # an area uses this weight when it is known for all of its buurten (else the next alternative);
        # the last alternative takes the remaining areas, which then are NA with the reason
        heel = gewicht.notna().groupby(g.groep).all().reindex(g.areas, fill_value=False)
        neem = (gekozen == "") & (heel | (i == len(keuzes) - 1))
        if not neem.any():
            continue
        gekozen[neem] = naam
        counts = gewicht.fillna(1) != 0            # a buurt with weight 0 does not count
        ok = (teller.notna() & gewicht.notna()) | ~counts
        num = (teller * gewicht).where(counts, 0).groupby(g.groep).sum()
        den = gewicht.where(counts, 0).groupby(g.groep).sum()
        mean = (num / den.where(den > 0)).where(ok.groupby(g.groep).all()).reindex(g.areas)
        g.waarde[neem] = mean[neem]
        binnen = pd.Series(neem.reindex(g.groep).to_numpy(), index=ok.index)
        g.verklaar(~ok & binnen, f"{ind.teller} of het gewicht {naam}")
        if naam != eerste:
            g.reden[neem & g.waarde.notna()] = weging_tekst(naam, ind.gewicht)


def _zonder_cijfers(g: _Groep, toewijzing: pd.Series, not_in_data: list[str]) -> None:
    """Areas with a buurt that has no figures at all are NA, with the buurten named."""
    if not not_in_data:
        return
    texts = {}
    for area in set(toewijzing[not_in_data]):
        codes = sorted(c for c in not_in_data if toewijzing[c] == area)
        texts[area] = f"geen cijfers voor {'buurt' if len(codes) == 1 else 'buurten'} {', '.join(codes[:3])}"
    g.waarde.loc[list(texts)] = np.nan
    g.reden.update(pd.Series(texts, dtype=object))
