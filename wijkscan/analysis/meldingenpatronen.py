"""Patterns in the meldingen of a run, computed once and kept on the result (``wa.meldingenpatronen``).

:func:`bereken_patronen` runs during :func:`wijkscan.wijkanalyse` when meldingen are given:

* **registratie** — the months of regular registration for the export and per category
  (:func:`wijkscan.analysis.seizoen.registratieperiode`): months before the system went live and an
  incomplete last month are left out of everything below; a category that began later says so
  ("categorie bestaat sinds maart 2022") instead of showing a trend.
* **seizoen** — monthly index per category (:func:`wijkscan.analysis.seizoen.seizoenspatroon`).
* **ongewone_maanden** — months × wijk × category with unusually many or few meldingen
  (:func:`wijkscan.analysis.seizoen.ongewone_maanden`).
* **trends** — per wijk × category, from the category's own first regular month
  (:func:`wijkscan.analysis.meldingen.trend`, months, quasi-Poisson).
* **afhandeltermijnen** — share handled within the norm per category
  (:func:`wijkscan.analysis.werkdagen.afhandeltermijnen`), when the export has a closing date.

A part that the data cannot give (a series shorter than two years, no closing date) holds None and a
Dutch reason in ``redenen``; it is never an empty table that reads as "nothing unusual".
Trends and unusual months never print a count below the publication threshold: groups with fewer
meldingen are left out, and trends carry no counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..errors import OngeldigeInvoer
from ..nlformat import getal
from .meldingen_tijd import trend
from .meldingen_toewijzing import koppel_gebieden
from .meldingenfeiten import Meldingen, meldingen_van
from .seizoen import MIN_MAANDEN, _bh, ongewone_maanden, registratieperiode, seizoenspatroon
from .werkdagen import afhandeltermijnen

__all__ = ["Meldingenpatronen", "bereken_patronen"]

_TE_KORT = ("de meldingen beslaan {n} maanden regelmatige registratie; voor {wat} zijn er minstens "
            f"{MIN_MAANDEN} nodig (twee jaar)")


@dataclass
class Meldingenpatronen:
    """What the meldingen show over time, with the parameters that made it.

    Attributes
    ----------
    parameters : dict
        ``niveau`` (areas of unusual months and trends), ``alpha`` (false discovery rate),
        ``min_aantal`` (smallest count ever highlighted), ``periode_trend`` (``"maand"``),
        ``maanden`` (months of regular registration).
    registratie : DataFrame or None
        Per export and category: ``begin``, ``eind`` (months) and ``tekst``.
    seizoen, ongewone_maanden, trends, afhandeltermijnen : DataFrame or None
        None when the data cannot give it; the reason is in ``redenen``.
    redenen : dict of part name to Dutch reason
    """

    parameters: dict[str, object]
    registratie: pd.DataFrame | None = None
    seizoen: pd.DataFrame | None = None
    ongewone_maanden: pd.DataFrame | None = None
    trends: pd.DataFrame | None = None
    afhandeltermijnen: pd.DataFrame | None = None
    redenen: dict[str, str] = field(default_factory=dict)

    def registratiewijzigingen(self) -> list[str]:
        """Categories that began or stopped within the export, in Dutch ("Afval: categorie bestaat sinds …")."""
        if self.registratie is None:
            return []
        r = self.registratie.drop(index="(alle meldingen)", errors="ignore")
        return [f"{cat}: {t}" for cat, t in r["tekst"].items() if str(t) != "hele periode"]

    def seizoen_zinnen(self) -> list[str]:
        """Per category the busiest and quietest month, in Dutch (index 100 = an average month)."""
        if self.seizoen is None:
            return []
        return [f"{cat}: meeste in {r.idxmax()} (index {getal(r.max())}), minste in {r.idxmin()} "
                f"(index {getal(r.min())}; 100 = gemiddelde maand)" for cat, r in self.seizoen.iterrows()]

    def trend_zinnen(self) -> list[str]:
        """Trends per area × category that are clear after Benjamini–Hochberg over all of them (q < alpha), in Dutch."""
        if self.trends is None:
            return []
        a = float(str(self.parameters.get("alpha", 0.05)))
        p = self.trends.p_waarde.astype(float)
        q = pd.Series(_bh(p.fillna(1.0).to_numpy()), index=p.index)
        t = self.trends[q < a]
        return [f"{r.gebied}, {str(r.categorie).lower()}: {r.zin}" for r in t.itertuples()]

    def samenvatting(self, max_regels: int = 5) -> list[str]:
        """Short Dutch lines for a summary on screen: what was found, or why not."""
        regels = []
        if self.registratie is not None:
            regels.append(f"Registratie: {self.registratie.loc['(alle meldingen)', 'tekst']}.")
        regels += [f"Registratiewijziging — {z}." for z in self.registratiewijzigingen()[:max_regels]]
        regels += [f"Seizoen — {z}." for z in self.seizoen_zinnen()]
        if self.ongewone_maanden is not None:
            regels += list(self.ongewone_maanden.tekst.head(max_regels))
            if self.ongewone_maanden.empty:
                regels.append("Geen ongewone maanden gevonden.")
        trends = self.trend_zinnen()
        regels += [f"Trend — {z}" for z in trends[:max_regels]]
        if self.trends is not None and not trends:
            regels.append("Trends per wijk en categorie: geen duidelijke stijging of daling.")
        if self.afhandeltermijnen is not None and "zin" in self.afhandeltermijnen.columns:
            regels += [str(z) for z in self.afhandeltermijnen["zin"].head(max_regels)]
        namen = {"seizoen": "Seizoenspatroon", "ongewone_maanden": "Ongewone maanden",
                 "trends": "Trends", "afhandeltermijnen": "Afhandeltermijnen"}
        regels += [f"{namen.get(k, k)}: niet bepaald, {v}." for k, v in self.redenen.items()]
        return regels


def bereken_patronen(meldingen: Meldingen, gebieden: object, niveau: str = "wijk", *, alpha: float = 0.05,
                     min_aantal: int = 5) -> Meldingenpatronen:
    """Registration period, season, unusual months, trends per area × category and handling times.

    ``meldingen`` is what :func:`wijkscan.lees_meldingen` returned (preferred), or its GeoDataFrame alone
    (then nothing is known of where the registration is complete or whether the afhandeldatum is
    inferred); all its months: patterns need the whole series, not only the run's period. ``gebieden``
    is the GemeenteData of the run.
    """
    invoer = meldingen
    meldingen, _ = meldingen_van(invoer)
    reg = registratieperiode(meldingen)
    alle = reg.loc["(alle meldingen)"]
    maanden = len(pd.period_range(alle.begin, alle.eind, freq="M")) if pd.notna(alle.begin) else 0
    p = Meldingenpatronen(parameters={"niveau": niveau, "alpha": alpha, "min_aantal": min_aantal,
                                      "periode_trend": "maand", "maanden": maanden}, registratie=reg)
    if maanden < MIN_MAANDEN:
        for deel, wat in (("seizoen", "een seizoenspatroon"), ("ongewone_maanden", "ongewone maanden"),
                          ("trends", "trends per gebied en categorie")):
            p.redenen[deel] = _TE_KORT.format(n=maanden, wat=wat)
    else:
        p.seizoen = _probeer(p, "seizoen", lambda: seizoenspatroon(meldingen))
        m = _met_gebied(meldingen, gebieden, niveau, p)
        if m is not None:
            p.ongewone_maanden = _probeer(p, "ongewone_maanden", lambda: ongewone_maanden(
                m, gebied_kolom="_gebied_naam", alpha=alpha, min_aantal=min_aantal))
            p.trends = _trends(m, reg, min_aantal, p)
    p.afhandeltermijnen = _termijnen(invoer, min_aantal, p)
    return p


def _probeer(p: Meldingenpatronen, deel: str, maak):  # noqa: ANN001, ANN202 - a small local thunk
    try:
        return maak()
    except OngeldigeInvoer as e:
        p.redenen[deel] = str(e)
        return None


def _met_gebied(meldingen: pd.DataFrame, gebieden: object, niveau: str, p: Meldingenpatronen) -> pd.DataFrame | None:
    """The meldingen with their area name (``_gebied_naam``), or None with a reason."""
    if "geometry" not in meldingen.columns or meldingen.geometry.isna().all():
        for deel in ("ongewone_maanden", "trends"):
            p.redenen[deel] = "de meldingen hebben geen coördinaten, dus geen gebied per maand"
        return None
    m = koppel_gebieden(meldingen[meldingen.geometry.notna()], gebieden, niveau, "_gebied")
    return m[m["_gebied_naam"].notna()]


def _trends(m: pd.DataFrame, reg: pd.DataFrame, min_aantal: int, p: Meldingenpatronen) -> pd.DataFrame | None:
    """Trend per area × category over the category's own regular months; a late category says since when."""
    rijen = []
    for cat, sub in m.groupby(m["categorie"].astype(str)):
        r = reg.loc[cat] if cat in reg.index else None
        if r is None or pd.isna(r.begin):
            continue
        d = pd.to_datetime(sub["datum"])
        binnen = (d.dt.to_period("M") >= r.begin) & (d.dt.to_period("M") <= r.eind)
        sub = sub[binnen.to_numpy()]
        if len(pd.period_range(r.begin, r.eind, freq="M")) < 12:
            rijen.append({"gebied": "(alle)", "categorie": cat, "zin": f"{r.tekst}: te kort voor een trend"})
            continue
        sub = sub.assign(_g=sub["_gebied_naam"].astype(str))
        sub = sub[sub.groupby("_g")["_g"].transform("size") >= 4 * min_aantal]
        if sub.empty:
            continue
        t = trend(sub, "maand", per="_g", vanaf=r.begin.start_time, tot=r.eind.end_time)
        t = t.reset_index().rename(columns={"_g": "gebied"}).assign(categorie=cat)
        if "sinds" in str(r.tekst):
            t["zin"] = [f"{z} ({r.tekst}; maanden daarvoor tellen niet mee)" for z in t["zin"]]
        rijen += t.drop(columns=["aantal"]).to_dict("records")
    if not rijen:
        p.redenen["trends"] = f"geen gebied en categorie met minstens {4 * min_aantal} meldingen in de regelmatige maanden"
        return None
    kol = ["gebied", "categorie", "perioden", "verandering_pct", "ondergrens_95", "bovengrens_95", "p_waarde", "zin"]
    return pd.DataFrame(rijen).reindex(columns=kol)


def _termijnen(invoer: Meldingen, min_aantal: int, p: Meldingenpatronen) -> pd.DataFrame | None:
    meldingen, _ = meldingen_van(invoer)
    if "afgehandeld" not in meldingen.columns or pd.to_datetime(meldingen["afgehandeld"]).isna().all():
        p.redenen["afhandeltermijnen"] = "het bestand heeft geen afhandeldatum"
        return None
    t = _probeer(p, "afhandeltermijnen", lambda: afhandeltermijnen(invoer))
    if t is None:
        return None
    klein = [c for c in t.columns if c in ("aantal", "afgehandeld", "binnen_norm", "te_laat", "open")]
    te_klein = (t[klein] < min_aantal) & (t[klein] > 0) if klein else pd.DataFrame(index=t.index)
    return t[~te_klein.any(axis=1)] if klein else t
