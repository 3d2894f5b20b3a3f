"""What the reports say about the meldingen over time, decided once in the run (``wa.boodschappen.patronen``).

:mod:`wijkscan.analysis.meldingenpatronen` finds the patterns (registration period, seasonal pattern, unusual
months, trends per wijk × category, handling times). This module chooses which of them a reader sees and words
them for a wethouder, in plain Dutch without test statistics:

* for the whole gemeente (``gebied == ""``): the months of regular registration and the categories that began or
  stopped within the export; the :data:`MAX_SEIZOEN` categories with the strongest seasonal pattern ("komen het
  vaakst in februari (1,9× een gemiddelde maand)"); the share handled within the norm; the unusual months and clear
  trends of all wijken (for the overview, at most :data:`MAX_OVERZICHT` each); and, for each part the data cannot
  give, one sentence with the reason;
* per area (``gebied`` = its code): the unusual months and clear trends of its wijk (at most :data:`MAX_GEBIED`
  each), or one sentence that there are none. Unusual months and trends are found per wijk, so a buurt's report
  names its wijk; an own indeling or PC4 area gets no area sentences.

"Clear" trends are those :meth:`Meldingenpatronen.trend_zinnen` keeps (Benjamini–Hochberg over all area ×
category trends). Every sentence is checked against the pattern tables by :mod:`wijkscan.analysis.zinnen`.

Example
-------
>>> import pandas as pd
>>> from wijkscan.analysis.meldingenpatronen import Meldingenpatronen
>>> p = Meldingenpatronen(parameters={"maanden": 3}, redenen={"seizoen": "te kort"})
>>> bepaal_patroonzinnen(p, pd.Series(dtype=object)).tekst.tolist()
['Seizoenspatroon: niet bepaald, te kort.']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .. import teksten
from ..nlformat import MAANDEN, getal
from . import seizoen

if TYPE_CHECKING:
    from .meldingenpatronen import Meldingenpatronen

__all__ = ["KOLOMMEN", "MAX_GEBIED", "MAX_OVERZICHT", "MAX_SEIZOEN", "bepaal_patroonzinnen", "maand_tekst",
           "ongewoon_zin", "seizoen_zin", "termijn_zin", "trend_zin", "wijk_van"]

#: At most this many unusual months, and this many trends, in one area's report.
MAX_GEBIED = 2
#: At most this many unusual months, and this many trends, in the overview.
MAX_OVERZICHT = 5
#: The categories with the largest difference between their busiest and quietest month that get a sentence.
MAX_SEIZOEN = 2
KOLOMMEN = ["gebied", "soort", "volgorde", "tekst"]

_DELEN = {"seizoen": "Seizoenspatroon", "ongewone_maanden": "Ongewone maanden", "trends": "Trends",
          "afhandeltermijnen": "Afhandeltermijnen"}


def maand_tekst(maand: object) -> str:
    """"februari 2025" for a month (a Period, a date or ``"2025-02"``)."""
    p = pd.Period(str(maand)[:7], freq="M")
    return f"{MAANDEN[p.month - 1]} {p.year}"


def seizoen_zin(categorie: str, rij: pd.Series) -> str:
    """The seasonal sentence of one category from its row of monthly indices (100 = an average month)."""
    return (f"Meldingen over {str(categorie).lower()} komen het vaakst in {rij.idxmax()} ({getal(rij.max() / 100, 1)}× "
            f"een gemiddelde maand) en het minst in {rij.idxmin()} ({getal(rij.min() / 100, 1)}×).")


def ongewoon_zin(r: pd.Series, plaats: str) -> str:
    """One unusual month in words: the count and what was to be expected."""
    return (f"In {maand_tekst(r['maand'])} kwamen in {plaats} {getal(r['aantal'])} meldingen over "
            f"{str(r['categorie']).lower()} binnen, waar ongeveer {getal(r['verwacht'])} te verwachten was.")


def trend_zin(r: pd.Series, plaats: str) -> str:
    """One clear trend in words: up or down, by how much per month, over how many months."""
    pct = float(r["verandering_pct"])
    woord, meer = ("stijgen", "meer") if pct > 0 else ("dalen", "minder")
    return (f"Meldingen over {str(r['categorie']).lower()} in {plaats} {woord}: gemiddeld {getal(abs(pct), 1)} % {meer} "
            f"per maand (over {teksten.aantal(int(r['perioden']), 'maand')}).")


def termijn_zin(t: pd.DataFrame) -> str:
    """The share handled within the norm over the categories shown, and the category with the lowest share."""
    beoordeeld, binnen = float(t["beoordeeld"].sum()), float(t["binnen_norm"].sum())
    laagst = t["aandeel_binnen_norm"].astype(float).idxmin()
    return (f"Binnen de afhandeltermijn: {getal(100 * binnen / beoordeeld)} % van {getal(beoordeeld)} beoordeelde "
            f"meldingen; het laagst bij {str(laagst).lower()} ({getal(t.loc[laagst, 'aandeel_binnen_norm'])} %).")


def _rij(gebied: str, soort: str, volgorde: int, tekst: str) -> dict[str, object]:
    return {"gebied": gebied, "soort": soort, "volgorde": volgorde, "tekst": tekst}


def _gemeente(p: Meldingenpatronen) -> list[dict[str, object]]:
    """Registration, season, handling times and the parts not determined, for the whole gemeente."""
    rijen = []
    reg = p.registratie
    if reg is not None and "(alle meldingen)" in reg.index and pd.notna(reg.loc["(alle meldingen)", "begin"]):
        r = reg.loc["(alle meldingen)"]
        rijen.append(_rij("", "registratie", 0, f"Over de tijd tellen de maanden met regelmatige registratie: "
                                                f"{maand_tekst(r['begin'])} t/m {maand_tekst(r['eind'])}."))
        wijz = p.registratiewijzigingen()
        rijen += [_rij("", "registratie", i + 1, f"{z}.") for i, z in enumerate(wijz[:2])]
        if len(wijz) > 2:
            rijen.append(_rij("", "registratie", 3, f"Bij nog {teksten.aantal(len(wijz) - 2, 'categorie')} begon of "
                                                    "stopte de registratie binnen de periode (zie de tabellen)."))
    if p.seizoen is not None and len(p.seizoen):
        s = p.seizoen.astype(float)
        sterkst = (s.max(axis=1) - s.min(axis=1)).sort_values(ascending=False, kind="stable").index[:MAX_SEIZOEN]
        rijen += [_rij("", "seizoen", i, seizoen_zin(c, s.loc[c])) for i, c in enumerate(sterkst)]
    t = p.afhandeltermijnen
    if t is not None and len(t) and {"beoordeeld", "binnen_norm", "aandeel_binnen_norm"} <= set(t.columns) \
            and float(t["beoordeeld"].sum()) > 0:
        rijen.append(_rij("", "termijn", 0, termijn_zin(t)))
    return rijen + _niet_bepaald(p)


def _niet_bepaald(p: Meldingenpatronen) -> list[dict[str, object]]:
    """One sentence per part the data cannot give; one for all three when the series is too short for each."""
    redenen = dict(p.redenen)
    maanden, nodig = p.parameters.get("maanden"), getattr(seizoen, "MIN_MAANDEN", 24)
    rijen = []
    te_kort = ("seizoen", "ongewone_maanden", "trends")
    if isinstance(maanden, int) and maanden < nodig and all(k in redenen for k in te_kort):
        rijen.append(_rij("", "niet_bepaald", 0, f"Seizoen, ongewone maanden en trends zijn nog niet te bepalen: "
                                                 f"daarvoor is minstens {getal(nodig)} maanden regelmatige registratie "
                                                 f"nodig (twee jaar), en er {'is' if maanden == 1 else 'zijn'} er "
                                                 f"{getal(maanden)}."))
        redenen = {k: v for k, v in redenen.items() if k not in te_kort}
    return rijen + [_rij("", "niet_bepaald", len(rijen) + i, f"{_DELEN.get(k, k)}: niet bepaald, {v}.")
                    for i, (k, v) in enumerate(redenen.items())]


def _duidelijke_trends(p: Meldingenpatronen) -> pd.DataFrame:
    """The rows of the trends table that :meth:`Meldingenpatronen.trend_zinnen` calls clear."""
    t = p.trends
    if t is None or t.empty:
        return pd.DataFrame(columns=["gebied", "categorie", "perioden", "verandering_pct"])
    duidelijk = set(p.trend_zinnen())
    sleutel = [f"{r.gebied}, {str(r.categorie).lower()}: {r.zin}" for r in t.itertuples()]
    return t[[s in duidelijk for s in sleutel]]


def _per_wijk(p: Meldingenpatronen, wijk: str, code: str, plaats: str) -> list[dict[str, object]]:
    """The unusual months and clear trends of one wijk, for the report of area ``code``."""
    rijen = []
    om = p.ongewone_maanden
    if om is not None:
        eigen = om[om["gebied"].astype(str) == wijk]
        eigen = eigen.sort_values("q", kind="stable") if "q" in eigen.columns else eigen
        rijen += [_rij(code, "ongewoon", i, ongewoon_zin(r, plaats)) for i, (_, r) in enumerate(eigen.head(MAX_GEBIED)
                                                                                               .iterrows())]
    if p.trends is not None:
        t = _duidelijke_trends(p)
        eigen_t = t[t["gebied"].astype(str) == wijk]
        rijen += [_rij(code, "trend", i, trend_zin(r, plaats)) for i, (_, r) in enumerate(eigen_t.head(MAX_GEBIED)
                                                                                         .iterrows())]
        if om is not None and not rijen:
            rijen.append(_rij(code, "geen", 0, f"In {plaats}: geen ongewone maanden en geen duidelijke stijging of "
                                               "daling van meldingen per categorie."))
    return rijen


def _overzicht(p: Meldingenpatronen) -> list[dict[str, object]]:
    """The unusual months and clear trends of all wijken, for the overview (gebied ``""``)."""
    rijen = []
    om = p.ongewone_maanden
    if om is not None and len(om):
        om = om.sort_values("q", kind="stable") if "q" in om.columns else om
        rijen += [_rij("", "ongewoon", i, ongewoon_zin(r, str(r["gebied"])))
                  for i, (_, r) in enumerate(om.head(MAX_OVERZICHT).iterrows())]
    t = _duidelijke_trends(p)
    rijen += [_rij("", "trend", i, trend_zin(r, str(r["gebied"]))) for i, (_, r) in enumerate(t.head(MAX_OVERZICHT)
                                                                                             .iterrows())]
    if p.trends is not None and t.empty:
        rijen.append(_rij("", "trend", 0, "Geen wijk met een duidelijke stijging of daling van meldingen per "
                                          "categorie."))
    return rijen


def wijk_van(gebieden: pd.DataFrame, codes: pd.Index, indeling: str) -> pd.Series:
    """Per area code the name of the wijk whose meldingen patterns its report shows: its own name in a wijk run, the
    name of its wijk in a buurt run, none otherwise (PC4 and own areas are not wijken)."""
    if indeling == "wijk":
        namen = gebieden["naam"].reindex(codes)
    elif indeling == "buurt" and "wijk" in gebieden.columns:
        namen = gebieden["wijk"].reindex(codes).map(gebieden["naam"])
    else:
        namen = pd.Series(index=codes, dtype=object)
    return namen.astype(object)


def bepaal_patroonzinnen(patronen: Meldingenpatronen | None, wijken: pd.Series, buurten: bool = False) -> pd.DataFrame:
    """The sentences about the meldingen over time: ``gebied`` (an area code, or ``""`` for the whole gemeente),
    ``soort`` (registratie, seizoen, termijn, niet_bepaald, ongewoon, trend, geen), ``volgorde``, ``tekst``.

    Parameters
    ----------
    patronen : Meldingenpatronen or None
        ``wa.meldingenpatronen`` (None without meldingen: no sentences).
    wijken : Series
        Per area code the name of the wijk whose patterns it reports (:func:`wijk_van`).
    buurten : bool
        True in a buurt run: a buurt's sentences say "wijk X" (the patterns are of its wijk).
    """
    if patronen is None:
        return pd.DataFrame(columns=KOLOMMEN)
    rijen = _gemeente(patronen) + _overzicht(patronen)
    for code, wijk in wijken.dropna().items():
        plaats = f"wijk {wijk}" if buurten else str(wijk)
        rijen += _per_wijk(patronen, str(wijk), str(code), plaats)
    return pd.DataFrame(rijen, columns=KOLOMMEN)
