"""What the reports, maps and index say about the areas, decided once in the run.

Outputs only draw (``docs/een-resultaat.md``). Every decision a reader sees in a PDF, on a map or in
the index is made here, during :func:`wijkscan.wijkanalyse`, and stored on the result
(:attr:`wijkscan.model.Wijkprofiel.boodschappen`) together with the parameters that made it:

* **wat valt op** per area (:attr:`Boodschappen.kern`): the signals first, then the largest
  differences with the gemeente by the one rule of :func:`wijkscan.analysis.signalen.opvallend`
  (index ≥ 125 "veel hoger", ≤ 80 "veel lager"), each sentence stating the rule;
* **signal groups** for the overview (:attr:`Boodschappen.signaalgroepen`): per signal its rule in
  words and "k van n" areas (n = the areas the rule could be applied to);
* **dimension verdicts** (:attr:`Boodschappen.dimensies`): "minder gunstig" from +0,5, "gunstiger"
  from −0,5, on the national scale of the scores (0 = as is usual in Nederland, not the gemeente: the report says
  "vergeleken met Nederland");
* **small areas** (:attr:`Boodschappen.kleine_gebieden`): fewer than ``min_inwoners`` (100) get a
  one-page card, no rates per inhabitant and no class colour on any map;
* **the attention list** (:attr:`Boodschappen.aandachtslijst`): the place of every area as printed,
  "gedeeld" where the result gives two areas one place, "niet gerangschikt" with the reason.

Example
-------
>>> import wijkscan
>>> wa = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
>>> b = wa.boodschappen
>>> b.min_inwoners, b.drempels["opvallend_hoog_index"]
(100, 125)
>>> b.kern[b.kern.gebied == "BU06260006"].tekst.iloc[0].startswith("Aandeel 65+")
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .. import teksten
from ..nlformat import DUIZEND_EURO, getal, getal_eenheid
from .patroonzinnen import bepaal_patroonzinnen, wijk_van
from .signalen import SIGNAAL_REGEL, drempels_van, opvallend, opvallend_regel, regel

#: Areas with fewer inhabitants get a one-page card, no rates per inhabitant and no class colour on maps:
#: a handful of people make a rate jump (25 inwoners with 30 misdrijven is 1.200 per 1.000).
MIN_INWONERS = 100
#: From this many inhabitants a small-area card shows the age structure.
MIN_INWONERS_LEEFTIJD = 10
#: A dimension score from +this is "minder gunstig", from −this "gunstiger" (robust z-score units of the national
#: scale: the verdict compares with Nederland, not with the gemeente).
DIMENSIE_GRENS = 0.5
#: At most this many "wat valt op" sentences per area.
MAX_KERN = 5
#: Indicators that are parts of another one shown (never a key message of their own).
GEEN_KERN = frozenset({"mannen_aandeel", "vrouwen_aandeel", "stedelijkheid", "huurwoningen_aandeel"})
#: The indicator a report's map shows when nothing stands out.
KAART_STANDAARD = "leeftijd_65plus_aandeel"

if TYPE_CHECKING:
    from .meldingenpatronen import Meldingenpatronen

KERN_KOLOMMEN = ["gebied", "volgorde", "soort", "indicator", "richting", "index", "tekst"]
GROEP_KOLOMMEN = ["thema", "signaal", "indicator", "regel", "aantal", "van", "gebieden", "namen", "tekst"]


@dataclass
class Boodschappen:
    """The decisions behind every sentence and map colour of a run, with their parameters.

    Attributes
    ----------
    drempels : dict
        The signal thresholds used (:data:`wijkscan.analysis.signalen.DREMPELS` with the run's own).
    min_inwoners : int
        Publication threshold: areas below it get a card, no rates, no class colour.
    dimensie_grens : float
        Dimension verdict threshold (±).
    gemeente_naam : str
        How the sentences name the comparison ("Assen", or "de eigen gemeente" in a multi-gemeente run).
    kern : DataFrame
        ``gebied, volgorde, soort ("signaal"/"verschil"/"niets"), indicator, richting, index, tekst``.
    kaart_indicator : dict
        Per area the indicator its report's map shows (the one that stands out most).
    signaalgroepen : DataFrame
        ``thema, signaal, indicator, regel, aantal, van, gebieden, namen, tekst``.
    dimensies : DataFrame
        ``gebied, dimensie, label, score, oordeel``.
    kleine_gebieden : DataFrame
        Indexed by area: ``inwoners, klein, leeftijd`` (age chart on the card), ``reden``.
    aandachtslijst : DataFrame
        Indexed by area: ``plek`` (NA when not ranked), ``van``, ``gedeeld`` (bool), ``tekst`` (the report's
        sentence), ``kort`` (a table's cell: "3", "3 (gedeeld)", "niet gerangschikt").
    aandacht_zinnen : DataFrame
        Indexed by area: ``niveau``, ``niveau_tekst`` (the two tiers "binnen de gemeente" / "landelijk" with rank
        intervals and zeker/twijfelgeval), ``centrum``, ``groot``, ``niet_meegeteld`` — sentences or ''; ``waarom`` (the
        table's explanation without the centre sentence, which ``centrum`` holds).
    patronen : DataFrame
        The sentences about the meldingen over time (:mod:`wijkscan.analysis.patroonzinnen`): ``gebied`` (a code, or
        ``""`` for the whole gemeente), ``soort``, ``volgorde``, ``tekst``; empty without meldingen.
    """

    drempels: dict[str, float]
    min_inwoners: int
    dimensie_grens: float
    gemeente_naam: str
    kern: pd.DataFrame
    kaart_indicator: dict[str, str]
    signaalgroepen: pd.DataFrame
    dimensies: pd.DataFrame
    kleine_gebieden: pd.DataFrame
    aandachtslijst: pd.DataFrame
    aandacht_zinnen: pd.DataFrame = field(default_factory=pd.DataFrame)
    patronen: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["gebied", "soort", "volgorde", "tekst"]))
    parameters: dict[str, object] = field(default_factory=dict)

    def van(self, code: str) -> list[str]:
        """The "wat valt op" sentences of one area, in order."""
        k = self.kern[self.kern.gebied == code]
        return k.sort_values("volgorde").tekst.tolist()

    def patroon_zinnen(self, code: str | None = None) -> list[str]:
        """The meldingen-over-time sentences of one area's report (the gemeente's registration, season, handling
        times and reasons, then its wijk's unusual months and trends), or of the overview (``code=None``)."""
        p = self.patronen
        if p.empty:
            return []
        gemeente = p[(p.gebied == "") & p.soort.isin(["registratie", "seizoen", "termijn", "niet_bepaald"])]
        if code is None:
            eigen = p[(p.gebied == "") & p.soort.isin(["ongewoon", "trend"])]
        else:
            eigen = p[p.gebied == code]
            gemeente = gemeente[(gemeente.soort != "seizoen") | (gemeente.volgorde == 0)]   # one season sentence
        volg = {"registratie": 0, "ongewoon": 1, "trend": 2, "geen": 2, "seizoen": 3, "termijn": 4, "niet_bepaald": 5}
        alle = pd.concat([gemeente, eigen])
        alle = alle.assign(_v=alle.soort.map(volg)).sort_values(["_v", "volgorde"], kind="stable")
        return alle.tekst.tolist()

    def klein(self, code: str) -> bool:
        """True when the area is below the publication threshold (or its population is unknown)."""
        return bool(self.kleine_gebieden.klein.get(code, True))


def _verschil_tekst(r, gem_naam: str, d: dict) -> str:
    """One "wat valt op" sentence of a difference, stating the rule it passed."""
    dec = int(r.decimalen) if pd.notna(r.decimalen) else 1
    richting = opvallend(r.index, d)
    oordeel = ""
    if r.richting_ind in ("hoger_slechter", "hoger_beter"):
        gunstig = (richting == "veel hoger") == (r.richting_ind == "hoger_beter")
        oordeel = ", gunstiger" if gunstig else ", minder gunstig"
    nl = f"; Nederland {getal_eenheid(r.nederland, dec, r.eenheid)}" if pd.notna(r.nederland) else ""
    eenheid = "" if r.eenheid in ("%", "aantal", DUIZEND_EURO) or r.eenheid in r.label else f" {r.eenheid}"
    return (f"{r.label}: {richting} dan in {gem_naam} (index {getal(r.index)}; {opvallend_regel(richting, d)}"
            f"{oordeel}): {getal_eenheid(r.waarde, dec, r.eenheid)}{eenheid} tegen "
            f"{getal_eenheid(r.gemeente, dec, r.eenheid)}{nl}.")


def _verschillen(now: pd.DataFrame, cat: pd.DataFrame, d: dict) -> pd.DataFrame:
    """Every area × indicator that stands out by :func:`opvallend`, the largest difference first per area."""
    agg = now.indicator.map(cat.aggregatie)
    kand = now[now.waarde.notna() & now.gemeente.notna() & now["index"].notna() & (now.gemeente != 0)
               & ~now.indicator.isin(GEEN_KERN) & now.indicator.isin(cat.index) & (agg != "som")]
    idx = kand["index"].astype(float)
    kand = kand[(idx >= d["opvallend_hoog_index"]) | (idx <= d["opvallend_laag_index"])].copy()
    kand["afwijking"] = np.abs(np.log(kand["index"].astype(float).clip(lower=1) / 100))
    kand["decimalen"] = kand.indicator.map(cat.decimalen)
    kand["richting_ind"] = kand.indicator.map(cat.richting) if "richting" in cat.columns else "neutraal"
    return kand.sort_values(["gebied", "afwijking"], ascending=[True, False])


def _kern(now: pd.DataFrame, signalen: pd.DataFrame, cat: pd.DataFrame, gem_naam: str, d: dict,
          maximum: int = MAX_KERN) -> tuple[pd.DataFrame, dict[str, str]]:
    """The "wat valt op" sentences of every area and the indicator its map shows (vectorised: a national run
    has 14,000 buurten)."""
    labels = cat.label.astype(str).to_dict()
    sig = signalen.reset_index(drop=True)
    sig_rows = pd.DataFrame({
        "gebied": sig.gebied, "volgorde": sig.groupby("gebied", sort=False).cumcount(), "soort": "signaal",
        "indicator": sig.indicator, "richting": "", "index": sig["index"],
        "tekst": [teksten.euro_vast(f"{str(t).rstrip('.')}{SIGNAAL_REGEL}{regel(s, d, label=labels.get(i, str(i)))}.")
                  for t, s, i in zip(sig.tekst, sig.signaal, sig.indicator, strict=True)]})
    n_sig = sig_rows.gebied.value_counts()
    ver = _verschillen(now, cat, d)
    eerste_ver = ver.drop_duplicates("gebied").set_index("gebied").indicator
    gedekt = pd.MultiIndex.from_arrays([sig.gebied, sig.indicator]) if len(sig) else pd.MultiIndex.from_arrays([[], []])
    ver = ver[~pd.MultiIndex.from_arrays([ver.gebied, ver.indicator]).isin(gedekt)]
    plaats = ver.groupby("gebied", sort=False).cumcount() + ver.gebied.map(n_sig).fillna(0).astype(int)
    ver = ver[plaats < maximum].assign(volgorde=plaats[plaats < maximum])
    ver_rows = pd.DataFrame({
        "gebied": ver.gebied, "volgorde": ver.volgorde, "soort": "verschil", "indicator": ver.indicator,
        "richting": [opvallend(x, d) for x in ver["index"]], "index": ver["index"],
        "tekst": [teksten.euro_vast(_verschil_tekst(r, gem_naam, d)) for r in ver.itertuples()]})
    namen = now.drop_duplicates("gebied").set_index("gebied").naam
    stil = namen[~namen.index.isin(set(sig_rows.gebied) | set(ver_rows.gebied))]
    niets = pd.DataFrame({"gebied": stil.index, "volgorde": 0, "soort": "niets", "indicator": None, "richting": "",
                          "index": float("nan"),
                          "tekst": [teksten.NIETS_OPVALLENDS.format(naam=n, gemeente=gem_naam) for n in stil]})
    kern = pd.concat([x for x in (sig_rows, ver_rows, niets) if len(x)], ignore_index=True)
    kern = kern.sort_values(["gebied", "volgorde"], kind="stable").reset_index(drop=True)[KERN_KOLOMMEN] \
        if len(kern) else pd.DataFrame(columns=KERN_KOLOMMEN)
    kaart = {**{c: KAART_STANDAARD for c in namen.index}, **eerste_ver.to_dict(),
             **sig.drop_duplicates("gebied").set_index("gebied").indicator.to_dict()}
    return kern, kaart


def _van(code_sig: str, ind: str, areas: pd.Index, niet_bepaald: pd.DataFrame, now: pd.DataFrame) -> int:
    """The number of areas a signal's rule could be applied to (all minus those it says it could not)."""
    nb = niet_bepaald[niet_bepaald.signaal.isin(["alle", code_sig])] if len(niet_bepaald) else niet_bepaald
    uit = set(nb.gebied) if len(nb) else set()
    if code_sig == "enquete_laag":
        heeft = set(now.gebied[(now.indicator == ind) & now["index"].notna()])
        return len((set(areas) - uit) & heeft)
    return len(set(areas) - uit)


def _signaalgroepen(signalen: pd.DataFrame, niet_bepaald: pd.DataFrame, now: pd.DataFrame, cat: pd.DataFrame,
                    indeling: str, d: dict) -> pd.DataFrame:
    """One line per signal (per survey item): its rule, and in how many of how many areas it fires."""
    enkelvoud, _, meervoud = teksten.indeling(indeling)
    areas = pd.Index(now.gebied.unique())
    rows = []
    for (thema, signaal, ind), deel in signalen.groupby(["thema", "signaal", "indicator"], sort=True):
        label = str(cat.loc[ind, "label"]) if ind in cat.index else str(ind)
        tekst_regel = regel(signaal, d, label=label)
        namen = sorted(deel.naam.astype(str).unique())
        n, van = len(namen), _van(signaal, ind, areas, niet_bepaald, now)
        woord = enkelvoud if van == 1 else meervoud
        zin = f"{tekst_regel[0].upper()}{tekst_regel[1:]}: {getal(n)} van {getal(van)} {woord}: {teksten.lijst(namen)}."
        rows.append((thema, signaal, ind, tekst_regel, n, van, tuple(sorted(deel.gebied.unique())), tuple(namen), zin))
    return pd.DataFrame(rows, columns=GROEP_KOLOMMEN)


def dimensie_oordeel(score: float, grens: float = DIMENSIE_GRENS) -> str:
    """The verdict on a dimension score as it is printed (one decimal): "0,5" is never "gemiddeld" beside another
    "0,5" that is "minder gunstig" (Maastricht, Buitenwijk Noordoost: 0,467 was "0,5 gemiddeld").

    Example
    -------
    >>> dimensie_oordeel(0.467), dimensie_oordeel(0.44), dimensie_oordeel(-0.5)
    ('minder gunstig', 'gemiddeld', 'gunstiger')
    """
    getoond = float(f"{score:.1f}")
    return "minder gunstig" if getoond >= grens else "gunstiger" if getoond <= -grens else "gemiddeld"


def _dimensies(aandacht: pd.DataFrame, grens: float) -> pd.DataFrame:
    """The verdict per area and dimension score the aandachtsgebieden table holds."""
    from .dimensies import DIMENSIES

    rows = []
    for key, dim in DIMENSIES.items():
        kol = f"score_{key}"
        if kol not in aandacht.columns:
            continue
        for code, score in zip(aandacht.gebied, aandacht[kol], strict=True):
            if pd.notna(score):
                oordeel = dimensie_oordeel(float(score), grens)
                rows.append((code, key, dim.label, float(score), oordeel))
    return pd.DataFrame(rows, columns=["gebied", "dimensie", "label", "score", "oordeel"])


def _klein(now: pd.DataFrame, minimum: int) -> pd.DataFrame:
    """Per area: its inhabitants, whether it is below the publication threshold, and why."""
    namen = now.drop_duplicates("gebied").set_index("gebied").naam
    inw = now[now.indicator == "inwoners"].drop_duplicates("gebied").set_index("gebied").waarde.reindex(namen.index)
    inw = pd.to_numeric(inw, errors="coerce")
    klein = inw.isna() | (inw < minimum)
    reden = pd.Series("", index=namen.index, dtype=object)
    reden[inw.isna()] = "aantal inwoners onbekend"
    reden[inw.notna() & klein] = f"minder dan {getal(minimum)} inwoners"
    return pd.DataFrame({"inwoners": inw, "klein": klein.astype(bool),
                         "leeftijd": (inw >= MIN_INWONERS_LEEFTIJD).fillna(False).astype(bool), "reden": reden})


def _rang_kort(a: pd.DataFrame, rang: pd.Series) -> pd.Series:
    """The place as the result prints it (issue 17's ``rang_tekst``: "3", "3 (gedeeld)", "niet gerangschikt: reden");
    made here from the ranks only when the table has no such column (an own ranking)."""
    if "rang_tekst" in a.columns:
        return a.rang_tekst.fillna("").astype(str)
    gedeeld = rang.map(rang.value_counts()).fillna(0) > 1
    return pd.Series([("niet gerangschikt" if pd.isna(p) else f"{int(p)}" + (" (gedeeld)" if g else ""))
                      for p, g in zip(rang, gedeeld, strict=True)], index=a.index, dtype=object)


def _aandachtslijst(aandacht: pd.DataFrame, enkelvoud: str = "gebied", gemeente: str = "de gemeente") -> pd.DataFrame:
    """The place of every area on the attention list as it is printed, with "gedeeld" and "niet gerangschikt".

    One source: the place, "gedeeld" and the reason for "niet gerangschikt" are those of the aandachtsgebieden
    table (``rang``, ``rang_tekst``); this only turns them into the sentence of a report (``tekst``) and the short
    form of a table (``kort``). When only one area has a place (an island, a gemeente of one wijk) the sentence says
    that there is nothing to compare with, instead of "Plek 1 (1 = meeste aandacht)"."""
    a = aandacht.set_index("gebied")
    if "rang" not in a.columns:
        a = a.assign(rang=np.nan)
    rang = pd.to_numeric(a.rang, errors="coerce")
    van = int(rang.notna().sum())
    kort = _rang_kort(a, rang)
    gedeeld = kort.str.endswith("(gedeeld)") & rang.notna()
    namen = a.naam.astype(str) if "naam" in a.columns else pd.Series(a.index, index=a.index)
    per_plek = {p: list(g.index) for p, g in namen[gedeeld].groupby(rang[gedeeld])} if gedeeld.any() else {}
    tekst = []
    for code, p in rang.items():
        if pd.isna(p):
            r = kort[code].split(":", 1)[1].strip() if ":" in kort[code] else ""
            tekst.append(f"Niet gerangschikt op de aandachtslijst{': ' + r if r else ''}.")
            continue
        andere = [namen[c] for c in per_plek.get(p, []) if c != code]
        deel = f" (gedeeld met {teksten.lijst(andere)})" if andere else ""
        if van == 1:
            tekst.append(f"Plek 1 van 1 op de aandachtslijst: {namen[code]} is de enige {enkelvoud} die kan worden "
                         f"aangewezen, dus binnen {gemeente} is er niets om mee te vergelijken.")
            continue
        tekst.append(f"Plek {int(p)}{deel} van {van} op de aandachtslijst (1 = meeste aandacht).")
    return pd.DataFrame({"plek": rang, "van": van, "gedeeld": gedeeld.astype(bool), "tekst": tekst,
                         "kort": kort.where(rang.notna(), kort.str.split(":").str[0])}, index=a.index)


def _zin(tekst: object) -> str:
    """A fragment of the aandachtsgebieden table as a sentence (capital, full stop), or ''."""
    t = str(tekst).strip() if isinstance(tekst, str) else ""
    return f"{t[0].upper()}{t[1:].rstrip('.')}." if t else ""


def _niet_meegeteld(tekst: str) -> str:
    """"telt niet mee in de rangorde, want bekend voor minder dan 50 % …: X (bekend voor 4 van de 10 …)" as a
    sentence that names what it is about."""
    kop, _, rest = tekst.partition(", want ")
    if not rest:
        return _zin(tekst)
    reden, _, wat = rest.partition(": ")
    return _zin(f"niet meegeteld in de rangorde ({reden}): {wat}" if wat else f"{kop} ({reden})")


def _aandacht_zinnen(aandacht: pd.DataFrame) -> pd.DataFrame:
    """Per area the sentences about its tier, centre, size and the indicators left out of the ranking, in words
    of the aandachtsgebieden table (issue 17): ``niveau`` ("binnen de gemeente", "landelijk", both or ''),
    ``niveau_tekst``, ``centrum``, ``groot``, ``niet_meegeteld``."""
    from .aandachtsgebieden import CENTRUM_TEKST

    a = aandacht.set_index("gebied")

    def kol(naam: str) -> pd.Series:
        return a[naam].where(a[naam].notna(), "") if naam in a.columns else pd.Series("", index=a.index)

    centrum = a.centrumgebied.fillna(False).astype(bool) if "centrumgebied" in a.columns else \
        pd.Series(False, index=a.index)
    return pd.DataFrame({
        "niveau": kol("aandacht").astype(str), "niveau_tekst": kol("aandacht_tekst").map(_zin),
        "centrum": [f"Dit is een {CENTRUM_TEKST}." if c else "" for c in centrum],
        "groot": kol("groot_gebied").map(_zin),
        "niet_meegeteld": kol("indicatoren_niet_meegeteld").astype(str).map(_niet_meegeteld),
        "waarom": kol("toelichting").astype(str).str.replace("sociaal-economisch cijfers", "sociaal-economische cijfers",
                                                             regex=False).str.replace("; " + CENTRUM_TEKST, "", regex=False)
                                    .str.replace(CENTRUM_TEKST, "", regex=False)}, index=a.index)


def bepaal_boodschappen(profiel: pd.DataFrame, signalen: pd.DataFrame, niet_bepaald: pd.DataFrame,
                        aandachtsgebieden: pd.DataFrame, catalogus: pd.DataFrame, jaar: int, indeling: str,
                        gemeente_naam: str, drempels: dict | None = None, min_inwoners: int = MIN_INWONERS,
                        dimensie_grens: float = DIMENSIE_GRENS, meldingenpatronen: Meldingenpatronen | None = None,
                        gebieden: pd.DataFrame | None = None) -> Boodschappen:
    """Every decision the outputs show, from the profile, signals and aandachtsgebieden of one run.

    Parameters
    ----------
    profiel, signalen, niet_bepaald, aandachtsgebieden, catalogus
        The run's tables (:class:`~wijkscan.model.Wijkprofiel`).
    jaar : int
        The analysis year.
    indeling : str
        ``"buurt"``, ``"wijk"``, ``"pc4"`` or an own indeling's name (for "2 van 10 wijken").
    gemeente_naam : str
        What the sentences compare with ("Assen", or "de eigen gemeente").
    drempels : dict, optional
        The signal thresholds of the run (:data:`wijkscan.analysis.signalen.DREMPELS`).
    min_inwoners, dimensie_grens
        See :data:`MIN_INWONERS` and :data:`DIMENSIE_GRENS`.
    meldingenpatronen, gebieden : optional
        The run's meldingen patterns and its CBS areas (for the wijk of a buurt): the sentences about the meldingen
        over time (:mod:`wijkscan.analysis.patroonzinnen`).
    """
    d = drempels_van(drempels)
    now = profiel[profiel.jaar == jaar]
    kern, kaart = _kern(now, signalen, catalogus, gemeente_naam, d)
    wijken = wijk_van(gebieden, pd.Index(now.gebied.unique()), indeling) if gebieden is not None \
        else pd.Series(dtype=object)
    return Boodschappen(
        drempels=d, min_inwoners=int(min_inwoners), dimensie_grens=float(dimensie_grens), gemeente_naam=gemeente_naam,
        kern=kern, kaart_indicator=kaart,
        signaalgroepen=_signaalgroepen(signalen, niet_bepaald, now, catalogus, indeling, d),
        dimensies=_dimensies(aandachtsgebieden, dimensie_grens), kleine_gebieden=_klein(now, min_inwoners),
        aandachtslijst=_aandachtslijst(aandachtsgebieden, teksten.indeling(indeling)[0], gemeente_naam),
        aandacht_zinnen=_aandacht_zinnen(aandachtsgebieden),
        patronen=bepaal_patroonzinnen(meldingenpatronen, wijken, buurten=indeling == "buurt"),
        parameters={"max_kern": MAX_KERN, "min_inwoners_leeftijd": MIN_INWONERS_LEEFTIJD,
                    "kaart_standaard": KAART_STANDAARD, "geen_kern": sorted(GEEN_KERN),
                    "afwijking": "|ln(index / 100)|"},
    )


__all__ = ["DIMENSIE_GRENS", "MIN_INWONERS", "Boodschappen", "bepaal_boodschappen", "dimensie_oordeel"]
