"""Meldingen assigned to areas once per run; every level and every output is built from that.

:func:`tel_meldingen` takes the meldingen of one period, puts every point in the buurt polygon
it lies in — one point-in-polygon step against one stated geometry, the buurt map of the
gemeente — and keeps the counts per buurt × category as the **cells** of the run. Every higher
level (wijk, gemeente, an own indeling, PC4) is a sum of buurten, so a wijk is always exactly the
sum of its buurten in every table, map and PDF.

* A point in no buurt polygon counts for the gemeente only ("(geen buurt)").
* A buurt without a polygon on the map cannot receive points: its count is unknown (NA with
  the reason "geen vlak op de kaart"), and so is the count of every area that contains it. This
  holds too for a buurt that maps draw with an approximate outline ("grens bij benadering",
  column ``grens_bij_benadering`` or ``geometrie_jaar``): points are never assigned to a guessed boundary.
* What is published is decided once for all levels together
  (:func:`wijkscan.analysis.privacy.onderdruk_hierarchie`).

Example
-------
>>> import wijkscan
>>> from wijkscan.sources.meldingen import assen_meldingen
>>> assen = wijkscan.load("Assen", bron="ingebouwd")
>>> t = tel_meldingen(assen, assen_meldingen(gemeente_grens=assen), wijkscan.cbs_indeling(assen, "wijk"))
>>> t.periode
'18-05-2026 t/m 08-08-2026'
>>> int(t.totalen("wijk")["WK010600"]) == int(t.totalen("buurt")[t.niveaus["wijk"].eq("WK010600")
...                                                                    .pipe(lambda s: s[s].index)].sum())
True
"""

from __future__ import annotations

import hashlib
import pickle
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from ..errors import OngeldigeInvoer
from ..nlformat import getal
from .meldingen_toewijzing import _inwoners, koppel_gebieden
from .meldingenfeiten import Meldingenfeiten, meldingen_van, zonder_import_tekst
from .privacy import GETOOND, PRIMAIR, TOTAAL, WEGGELATEN, Publicatie, audit, cijfers, onderdruk_hierarchie

if TYPE_CHECKING:
    from ..areas import Indeling
    from ..loading import GemeenteData
    from ..sources.meldingen.resultaat import MeldingenImport

GEEN_BUURT = "(geen buurt)"
GEEN_VLAK = "geen vlak op de kaart"
#: ``geometrie_jaar`` of an approximate outline (display only): such a buurt never receives points.
BENADERING = "grens bij benadering"
ALLEEN_WIJK = " (alleen wijk bekend)"
#: meldingen about the gemeente as a whole (area column holding the gemeente's own name, "gemeentebreed", empty)
GEMEENTEBREED = "(hele gemeente)"
ONBEREIKBAAR = "geen naam of postcode in het bestand wijst naar dit gebied"
#: a level (the gemeente) that publishes its total only, not per category
NIET_PER_CATEGORIE = "alleen het totaal gepubliceerd"
#: suffix of the level that holds partial totals: an area without its buurten that have no polygon
DEEL = " (deeltotaal)"
#: what a table shows for a figure withheld entirely (a buurt with 1 melding in each of its 4 categories)
NIET_GEPUBLICEERD = "niet gepubliceerd"
#: why an area's categories are withheld, one Dutch sentence
WEGGELATEN_ZIN = ("Per categorie niet gepubliceerd: te weinig meldingen om ze te tonen zonder dat ze uit de andere "
                  "cijfers terug te rekenen zijn.")

__all__ = ["DEEL", "GEEN_BUURT", "GEEN_VLAK", "Deeltotaal", "Meldingentelling", "Uitgesloten", "deeltotaal_tekst",
           "periode_tekst", "tel_meldingen", "uitgesloten_tekst"]


def periode_tekst(begin: pd.Timestamp, eind: pd.Timestamp) -> str:
    """``"18-05-2026 t/m 08-08-2026"``: the period as every output prints it."""
    return f"{begin:%d-%m-%Y} t/m {eind:%d-%m-%Y}"


@dataclass(frozen=True)
class Uitgesloten:
    """A buurt a partial total leaves out (it has no polygon, so its meldingen cannot be found)."""

    code: str
    naam: str
    inwoners: int | None

    @property
    def tekst(self) -> str:
        """``"Vanboeijen, 230 inwoners"`` (``"inwoners onbekend"`` when CBS gives no number)."""
        if self.inwoners is None:
            return f"{self.naam}, inwoners onbekend"
        return f"{self.naam}, {getal(self.inwoners)} {'inwoner' if self.inwoners == 1 else 'inwoners'}"


@dataclass(frozen=True)
class Deeltotaal:
    """The count of an area without its buurten that have no polygon, as published.

    ``waarde`` is the true partial count (internal); ``tekst`` what may be published (``"1.234"``,
    ``"<5"`` or ``"x"``: it is suppressed and audited together with every other figure of the run).
    """

    waarde: int
    status: str
    tekst: str
    uitgesloten: tuple[Uitgesloten, ...]

    @property
    def getoond(self) -> bool:
        """True when the partial count itself is published (not "<5", "x" or withheld)."""
        return self.status == GETOOND

    @property
    def noot(self) -> str:
        """One sentence for under a table: what the partial counts leave out, and why."""
        n = len(self.uitgesloten)
        return (f"Zonder {uitgesloten_tekst(self.uitgesloten)}: {'die buurt heeft' if n == 1 else 'die buurten hebben'} "
                "geen vlak op de kaart, dus hun meldingen zijn niet te tellen.")


@dataclass
class Meldingentelling:
    """The meldingen of one run, assigned once, with what may be published.

    Attributes
    ----------
    begin, eind : Timestamp
    periode : str
        ``"18-05-2026 t/m 08-08-2026"``.
    punten : GeoDataFrame
        The meldingen of the period with their ``buurt`` (internal: exact points).
    cellen : DataFrame
        Counts per buurt (with a polygon) and ``(geen buurt)`` × category (internal).
    niveaus : dict of level → Series
        buurt → area code for every level (``buurt``, ``wijk``, ``gemeente`` and the run's indeling).
    onbekend : dict of level → set
        Areas whose count is unknown because a buurt in them has no polygon.
    publicatie : Publicatie
        Every figure with its status after suppression over all levels together.
    geometrie : str
        The geometry the points were assigned against, in Dutch.
    """

    begin: pd.Timestamp
    eind: pd.Timestamp
    periode: str
    punten: gpd.GeoDataFrame
    cellen: pd.DataFrame
    niveaus: dict[str, pd.Series]
    namen: dict[str, pd.Series]
    onbekend: dict[str, set]
    niveaus_alle: dict[str, pd.Series]
    publicatie: Publicatie
    geometrie: str
    drempel: int = 5
    opmerkingen: list[str] = field(default_factory=list)
    zonder_vlak: dict[str, str] = field(default_factory=dict)
    onbekend_reden: dict[str, dict[str, str]] = field(default_factory=dict)
    benaderd: frozenset[str] = frozenset()
    methode: str = ""
    #: level → area → the buurten without polygon its partial total leaves out (see :meth:`deeltotaal`)
    uitgesloten: dict[str, dict[str, tuple[Uitgesloten, ...]]] = field(default_factory=dict)
    #: level → area → one sentence that replaces the area's category table when no category figure of it
    #: may be shown (every cell would read "<5", "x" or "onbekend")
    vervangzinnen: dict[str, dict[str, str]] = field(default_factory=dict)
    #: level → one sentence that replaces the whole table of that level when not one category figure may be shown
    vervangzin_tabel: dict[str, str] = field(default_factory=dict)

    def deeltotaal(self, niveau: str, gebied: str, kolom: str = TOTAAL) -> Deeltotaal | None:
        """The partial count of an area whose count is unknown because buurten in it have no polygon.

        None when the area has no partial total (its count is known, or unknown for another reason).
        """
        weg = self.uitgesloten.get(niveau, {}).get(gebied)
        if weg is None:
            return None
        c = self.publicatie.cijfers
        rij = c[(c.niveau == f"{niveau}{DEEL}") & (c.gebied == gebied) & (c.kolom == kolom)]
        if rij.empty:
            return None
        w, st = int(rij.waarde.iloc[0]), str(rij.status.iloc[0])
        tekst = getal(w) if st == GETOOND else (f"<{self.drempel}" if st == PRIMAIR else
                                                NIET_GEPUBLICEERD if st == WEGGELATEN else "x")
        return Deeltotaal(waarde=w, status=st, tekst=tekst, uitgesloten=weg)

    def zonder_vlak_in(self, niveau: str, gebied: str) -> list[str]:
        """The buurten without polygon (``naam (code)``) that make this area's count unknown."""
        return [f"{naam} ({code})" for code, naam in self.zonder_vlak.items()
                if self.niveaus_alle[niveau].get(code) == gebied]

    def benaderd_in(self, niveau: str, gebied: str) -> bool:
        """True when a buurt of this area has only an approximate outline on maps ("grens bij benadering")."""
        return any(self.niveaus_alle[niveau].get(code) == gebied for code in self.benaderd)

    @property
    def aantal(self) -> int:
        """All meldingen of the period (also those in no buurt polygon)."""
        return int(self.cellen.to_numpy().sum())

    @property
    def buiten_buurten(self) -> int:
        return int(self.cellen.loc[GEEN_BUURT].sum()) if GEEN_BUURT in self.cellen.index else 0

    @property
    def categorieen(self) -> list[str]:
        return list(self.cellen.columns)

    def _gebieden(self, niveau: str) -> pd.Index:
        if niveau not in self.niveaus:
            raise OngeldigeInvoer(f"Niveau '{niveau}' zit niet in deze telling; kies uit {', '.join(self.niveaus)}.")
        return pd.Index(sorted(self.namen[niveau].index))

    def totalen(self, niveau: str, kolom: str = TOTAAL) -> pd.Series:
        """True counts per area (internal; NA when unknown). Publish through :meth:`tabel`."""
        kaart = self.niveaus[niveau]
        col = self.cellen.sum(axis=1) if kolom == TOTAAL else self.cellen[kolom]
        s = col.groupby(kaart.reindex(col.index)).sum().reindex(self._gebieden(niveau)).fillna(0)
        s = s.astype("Float64")
        s[s.index.isin(self.onbekend.get(niveau, set()))] = pd.NA
        return s

    def status(self, niveau: str) -> pd.DataFrame:
        """``getoond`` / ``primair`` / ``secundair`` / ``onbekend`` per area × column."""
        st = self.publicatie.status(niveau).reindex(self._gebieden(niveau))
        # a level with published figures but none per category publishes totals only
        zonder = [k for k in self.categorieen if k not in st.columns] if st.notna().any().any() else []
        st = st.reindex(columns=[*self.categorieen, TOTAAL]).astype(object)
        st[zonder] = NIET_PER_CATEGORIE
        return st.fillna("onbekend")

    def tabel(self, niveau: str, als_tekst: bool = True) -> pd.DataFrame:
        """The publication table of one level: area × category + ``totaal``, with ``naam``.

        ``als_tekst=True``: Dutch numbers, ``"<5"`` below the threshold, ``"x"`` hidden so it
        cannot be worked back, ``"geen vlak op de kaart"`` when unknown. Else Int64 with NA.
        """
        gebieden = self._gebieden(niveau)
        st = self.status(niveau)
        kol = [*self.categorieen, TOTAAL]
        waarden = pd.DataFrame({k: self.totalen(niveau, k) for k in kol}, index=gebieden)
        if als_tekst:
            out = pd.DataFrame(index=gebieden, columns=kol, dtype=object)
            for k in kol:
                out[k] = [getal(v) if s == GETOOND else (f"<{self.drempel}" if s == PRIMAIR else (
                    s if s == NIET_PER_CATEGORIE else NIET_GEPUBLICEERD if s == WEGGELATEN else
                    "x" if s != "onbekend" else (deeltotaal_tekst(self, niveau, g, k)
                                                 or self.onbekend_reden.get(niveau, {}).get(g, GEEN_VLAK))))
                    for g, v, s in zip(gebieden, waarden[k], st[k], strict=True)]
        else:
            out = waarden.astype("Int64").where(st == GETOOND)
        out.insert(0, "naam", self.namen[niveau].reindex(gebieden).astype(str).to_numpy())
        out.index.name = "gebied"
        out.attrs["periode"] = self.periode
        out.attrs["toelichting"] = self.toelichting   # pandas metadata: travels with the table into a file
        return out

    @property
    def toelichting(self) -> str:
        """What the publication tables hold and what their signs mean, in Dutch (printed under every table)."""
        return (
            f"Meldingen openbare ruimte {self.periode}: {self.methode or self._punt_tekst()}; "
            + ("de wijk telt haar buurten en de meldingen voor de hele gemeente. "
               if GEMEENTEBREED in self.niveaus.get("wijk", pd.Series(dtype=object)).index else
               "elke wijk is de som van haar buurten. " if not any(ALLEEN_WIJK in str(a) for a in self.cellen.index)
               else "een wijk telt haar buurten en de meldingen die alleen de wijk noemen. ")
            + f"'<{self.drempel}': minder dan {self.drempel} meldingen, niet getoond; "
            "'x': weggelaten zodat een klein aantal niet uit andere cijfers terug te rekenen is; "
            + (f"'{NIET_GEPUBLICEERD}': te weinig meldingen om ze te tonen zonder dat ze terug te rekenen zijn; "
               if (self.publicatie.cijfers.status == WEGGELATEN).any() else "")
            + self._onbekend_uitleg() + "Bevat geen adressen, vrije tekst of gegevens van melders.")

    def _onbekend_uitleg(self) -> str:
        redenen = {r for per in self.onbekend_reden.values() for r in per.values()}
        uitleg = {"alleen per wijk bekend": "een deel van de meldingen noemt alleen de wijk, dus het aantal per buurt "
                                            "is onbekend",
                  ONBEREIKBAAR: "de meldingen zijn op naam of postcode gekoppeld en niets in het bestand wijst dit "
                                "gebied aan, dus het aantal is onbekend (niet 0)"}
        delen = [f"'{GEEN_VLAK}': een buurt in dit gebied heeft geen vlak op de kaart, dus het aantal is onbekend; "
                 "'excl.': het aantal zonder de genoemde buurten zonder vlak (een deeltotaal)"] if self.zonder_vlak else []
        delen += [f"'{r}': {uitleg[r]}" for r in sorted(redenen) if r in uitleg]
        return ("; ".join(delen) + ". ") if delen else ""

    def _punt_tekst(self) -> str:
        return f"toegewezen aan de buurt waarin ze liggen ({self.geometrie})"

    def lang(self, niveau: str) -> pd.DataFrame:
        """``gebied, categorie, aantal, tekst`` (categories only): what a PDF per area shows."""
        t = self.tabel(niveau, als_tekst=True)
        n = self.tabel(niveau, als_tekst=False)
        rows = []
        for g in t.index:
            for c in self.categorieen:
                rows.append((g, c, n.loc[g, c], t.loc[g, c]))
        out = pd.DataFrame(rows, columns=["gebied", "categorie", "aantal", "tekst"])
        out["aantal"] = out["aantal"].astype("Int64")
        out.attrs["periode"] = self.periode
        return out

    def audit(self) -> pd.DataFrame:
        """:func:`wijkscan.analysis.privacy.audit` of everything this run publishes."""
        return audit(self.publicatie)


def deeltotaal_tekst(telling: Meldingentelling, niveau: str, gebied: str, kolom: str = TOTAAL) -> str | None:
    """``"1.234 (excl. Vanboeijen, 230 inwoners)"``: the published partial count of an area and what it leaves out.

    None when the area has no partial total. What a report or map prints instead of "geen vlak op de
    kaart" for a wijk (or own area) with a buurt without polygon; :meth:`Meldingentelling.tabel` uses it.

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> assen = wijkscan.load("Assen", bron="ingebouwd")
    >>> t = tel_meldingen(assen, assen_meldingen(gemeente_grens=assen), wijkscan.cbs_indeling(assen, "wijk"))
    >>> deeltotaal_tekst(t, "wijk", "WK010603")
    '310 (excl. Vanboeijen, 230 inwoners)'
    """
    d = telling.deeltotaal(niveau, gebied, kolom)
    if d is None:
        return None
    return f"{d.tekst} (excl. {uitgesloten_tekst(d.uitgesloten)})"


def uitgesloten_tekst(uitgesloten: tuple[Uitgesloten, ...], hoogstens: int = 3) -> str:
    """``"Vanboeijen, 230 inwoners"``; more than ``hoogstens`` buurten as one phrase with their inwoners summed.

    Example
    -------
    >>> uitgesloten_tekst((Uitgesloten("BU1", "Vanboeijen", 230), Uitgesloten("BU2", "Dijkveld", 35)))
    'Vanboeijen, 230 inwoners; Dijkveld, 35 inwoners'
    >>> uitgesloten_tekst(tuple(Uitgesloten(f"BU{i}", f"B{i}", 10) for i in range(5)))
    '5 buurten zonder vlak op de kaart, samen 50 inwoners'
    """
    if len(uitgesloten) <= hoogstens:
        return "; ".join(u.tekst for u in uitgesloten)
    bekend = [u.inwoners for u in uitgesloten if u.inwoners is not None]
    som = sum(bekend)
    inw = (f"samen {getal(som)} {'inwoner' if som == 1 else 'inwoners'}" if len(bekend) == len(uitgesloten)
           else f"samen ten minste {getal(som)} inwoners (niet van elke buurt bekend)")
    return f"{len(uitgesloten)} buurten zonder vlak op de kaart, {inw}"


def _effectief(telling: Meldingentelling, niveau: str) -> pd.DataFrame:
    """Status per area × category, with the partial total's status where the count itself is unknown."""
    st = telling.status(niveau)[telling.categorieen].copy()
    if f"{niveau}{DEEL}" in set(telling.publicatie.cijfers.niveau):
        deel = telling.publicatie.status(f"{niveau}{DEEL}")
        for g in deel.index.intersection(st.index):
            for k in telling.categorieen:
                if st.loc[g, k] == "onbekend" and k in deel.columns and pd.notna(deel.loc[g, k]):
                    st.loc[g, k] = deel.loc[g, k]
    return st


def _vervangzinnen(telling: Meldingentelling) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Which category tables would show no figure at all (only "<5", "x", "onbekend"), and the sentence instead.

    Returns (level → area → sentence, level → sentence for the whole table).
    """
    d = telling.drempel
    per_gebied: dict[str, dict[str, str]] = {}
    per_tabel: dict[str, str] = {}
    for niveau in telling.niveaus:
        if niveau == "buiten de buurtvlakken":
            continue
        st = _effectief(telling, niveau)
        if st.empty or st.isin([NIET_PER_CATEGORIE]).all().all():
            continue
        leeg = ~st.eq(GETOOND).any(axis=1)
        totaal = telling.tabel(niveau)[TOTAAL]
        zinnen = {}
        for g in st.index[leeg]:
            t = str(totaal[g])
            if (st.loc[g] == "onbekend").all():
                zinnen[str(g)] = f"Het aantal meldingen per categorie is onbekend ({t})."
            elif (st.loc[g] == WEGGELATEN).all():
                zinnen[str(g)] = WEGGELATEN_ZIN + ("" if t == NIET_GEPUBLICEERD else f" In totaal {_in_totaal(t, d)}.")
            else:
                getal_t, _, rest = t.partition(" (")
                aantal = f"minder dan {d}" if getal_t == f"<{d}" else getal_t
                hoeveel = ("" if getal_t == "x" else f" In totaal {aantal} {'melding' if getal_t == '1' else 'meldingen'}"
                           + (f" ({rest}" if rest else "") + ".")
                zinnen[str(g)] = (f"Per categorie zijn de aantallen te klein om te tonen (minder dan {d}, of weggelaten "
                                  f"zodat een klein aantal niet terug te rekenen is).{hoeveel}")
        per_gebied[niveau] = zinnen
        if leeg.all() and st.eq(WEGGELATEN).all().all():
            per_tabel[niveau] = (f"De meldingen worden per {niveau} niet gepubliceerd: te weinig meldingen om ze te tonen "
                                 "zonder dat ze terug te rekenen zijn.")
        elif leeg.all():
            per_tabel[niveau] = (f"Geen enkel aantal per categorie kan per {niveau} getoond worden: ze zijn kleiner dan "
                                 f"{d}, onbekend, of weggelaten zodat een klein aantal niet terug te rekenen is.")
    return per_gebied, per_tabel


def _in_totaal(t: str, d: int) -> str:
    """``"minder dan 5 meldingen"``, ``"1 melding"``, ``"12 meldingen"`` from a published total."""
    getal_t, _, rest = t.partition(" (")
    aantal = f"minder dan {d}" if getal_t == f"<{d}" else getal_t
    return f"{aantal} {'melding' if getal_t == '1' else 'meldingen'}" + (f" ({rest}" if rest else "")


def _selecteer(m: gpd.GeoDataFrame, periode: tuple | None,
               feiten: Meldingenfeiten) -> tuple[gpd.GeoDataFrame, pd.Timestamp, pd.Timestamp]:
    datum = pd.to_datetime(m.datum)
    if periode is None and datum.notna().sum() == 0:
        raise OngeldigeInvoer("Er is geen enkele melding geaccepteerd, dus er valt niets te tellen. Bekijk de "
                              "afgewezen rijen en hun reden (meldingen_afgewezen_INTERN.csv), en geef zo nodig de "
                              "kolommen zelf op (datum, coördinaten of gebied).")
    if periode is None:
        begin = pd.Timestamp(feiten.volledig_vanaf or datum.min()).normalize()
        eind = datum.max()
    else:
        begin, eind = (pd.Timestamp(p) for p in periode)
        eind = eind + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1) if eind == eind.normalize() else eind
    return m[(datum >= begin) & (datum <= eind)], begin, eind


_BEVEILIGD: dict[str, Publicatie] = {}


def _beveilig(cellen: pd.DataFrame, niveaus: dict[str, pd.Series], onbekend: dict[str, set], drempel: int) -> Publicatie:
    """Suppression over all levels; the same input gives the same decision (kept for the session).

    A buurt run and a wijk run of one gemeente publish the same levels (buurt, wijk, gemeente), so
    they share one decision: their tables can go out together.
    """
    key = hashlib.sha256(pickle.dumps((cellen, {k: v.sort_index() for k, v in niveaus.items()},
                                       {k: sorted(v) for k, v in onbekend.items()}, drempel))).hexdigest()
    if key not in _BEVEILIGD:
        pub = cijfers(cellen, niveaus, onbekend, per_kolom=set(niveaus) - {"buiten de buurtvlakken", "gemeente"},
                      drempel=drempel)
        _BEVEILIGD[key] = onderdruk_hierarchie(pub)
    return _BEVEILIGD[key]


@dataclass
class _Toewijzing:
    """The points of the period in their units (internal step of :func:`tel_meldingen`)."""

    buurten: gpd.GeoDataFrame
    met_vlak: gpd.GeoDataFrame
    zonder_vlak: list[str]
    benaderd: pd.Series
    punten: gpd.GeoDataFrame
    cellen: pd.DataFrame
    alleen_wijk: dict[str, int]
    breed_n: int
    atomen_wijk: list[str]
    atomen_breed: list[str]
    #: the only wijk of a gemeente that has one (Vlieland, Ameland): gemeente-wide meldingen count there too
    enige_wijk: str | None = None


def _wijs_toe(data: GemeenteData, sel: gpd.GeoDataFrame) -> _Toewijzing:
    """Put every melding in a unit: a buurt with a polygon, ``<wijk> (alleen wijk bekend)``, the whole gemeente or
    ``(geen buurt)``; the counts per unit × category are the cells of the run."""
    gebieden = data.gebieden
    buurten = gebieden[gebieden.niveau == "buurt"]
    # an approximate outline is for display only: its buurt gets no points, whichever column holds it
    benaderd = (buurten["geometrie_jaar"].astype(str) == BENADERING) if "geometrie_jaar" in buurten.columns \
        else pd.Series(False, index=buurten.index)
    if "grens_bij_benadering" in buurten.columns:
        benaderd = benaderd | (buurten.geometry.isna() & buurten["grens_bij_benadering"].notna())
    if _alleen_op_naam(sel):
        # placed by names or postcodes only: a buurt needs no polygon to be named, so every buurt is a unit
        benaderd = pd.Series(False, index=buurten.index)
    met_vlak = buurten[buurten.geometry.notna() & ~benaderd] if not _alleen_op_naam(sel) else buurten
    zonder_vlak = sorted(buurten.index[buurten.geometry.isna() | benaderd]) if not _alleen_op_naam(sel) else []
    punten = koppel_gebieden(sel, met_vlak, niveau=None, kolom="buurt")
    alleen_wijk, breed_n = _op_naam_geplaatst(punten, buurten, zonder_vlak, data.code)
    punten["buurt"] = punten["buurt"].fillna(GEEN_BUURT)
    cat = punten["categorie"].astype(object).fillna("(leeg)") if "categorie" in punten.columns else pd.Series(
        "meldingen", index=punten.index)
    atomen_wijk = [f"{w}{ALLEEN_WIJK}" for w in alleen_wijk]
    atomen_breed = [GEMEENTEBREED] if breed_n else []
    cellen = pd.crosstab(punten["buurt"], cat).reindex(index=[*met_vlak.index, *atomen_wijk, *atomen_breed, GEEN_BUURT],
                                                       fill_value=0)
    cellen = cellen.reindex(columns=sorted(cellen.columns, key=str), fill_value=0).astype(int)
    cellen.columns = [str(c) for c in cellen.columns]
    cellen.columns.name = None
    if cellen.shape[1] == 0:
        cellen["meldingen"] = 0
    return _Toewijzing(buurten=buurten, met_vlak=met_vlak, zonder_vlak=zonder_vlak, benaderd=benaderd, punten=punten,
                       cellen=cellen, alleen_wijk=alleen_wijk, breed_n=breed_n, atomen_wijk=atomen_wijk,
                       atomen_breed=atomen_breed, enige_wijk=_enige_wijk(gebieden))


def _niveaus(data: GemeenteData, t: _Toewijzing, indeling: Indeling
             ) -> tuple[dict[str, pd.Series], dict[str, pd.Series], dict[str, set], dict[str, dict[str, str]],
                        dict[str, pd.Series]]:
    """Every level as a map buurt → area; which areas are unknown and why.

    Returns (levels over the units, names, unknown areas, their reasons, levels over all buurten).
    """
    buurten, gebieden = t.buurten, data.gebieden
    alle_buurten = pd.Index(buurten.index)
    niveaus_b = {"buurt": pd.Series(alle_buurten, index=alle_buurten),
                 "wijk": buurten["wijk"].astype(object),
                 "gemeente": pd.Series(data.code, index=alle_buurten, dtype=object)}
    namen = {"buurt": buurten["naam"], "wijk": gebieden[gebieden.niveau == "wijk"]["naam"],
             "gemeente": pd.Series({data.code: data.naam})}
    eigen = indeling.naam
    if eigen not in niveaus_b:
        niveaus_b[eigen] = indeling.gebied_van().astype(object)
        namen[eigen] = indeling.gebieden["naam"]
    op_naam = _alleen_op_naam(t.punten)
    # points cannot land in a buurt without polygon, so the areas around it are unknown; names can
    onbekend = {n: set(k.reindex(t.zonder_vlak).dropna()) if not op_naam or n == "buurt" else set()
                for n, k in niveaus_b.items()}
    niveaus = {n: k.reindex(t.met_vlak.index).dropna() for n, k in niveaus_b.items()}
    niveaus["gemeente"] = pd.concat([niveaus["gemeente"], pd.Series({GEEN_BUURT: data.code}),
                                     pd.Series(data.code, index=[*t.atomen_wijk, *t.atomen_breed], dtype=object)])
    enige = t.enige_wijk
    if enige is not None and t.atomen_breed:   # a gemeente of one wijk (Vlieland): gemeente-wide is in that wijk
        niveaus["wijk"] = pd.concat([niveaus["wijk"], pd.Series(enige, index=t.atomen_breed, dtype=object)])
    onbekend_reden: dict[str, dict[str, str]] = {}
    if t.alleen_wijk:
        niveaus["wijk"] = pd.concat([niveaus["wijk"], pd.Series(list(t.alleen_wijk), index=t.atomen_wijk,
                                                                 dtype=object)])
        in_die_wijken = buurten.index[buurten["wijk"].isin(list(t.alleen_wijk))]
        for n, k in niveaus_b.items():
            if n in ("wijk", "gemeente"):
                continue
            geraakt = set(k.reindex(in_die_wijken).dropna())
            onbekend[n] = onbekend[n] | geraakt
            onbekend_reden[n] = {g: "alleen per wijk bekend" for g in geraakt}
    _onbereikbaar(t.punten, buurten, niveaus_b, onbekend, onbekend_reden)
    niveaus["buiten de buurtvlakken"] = pd.Series({GEEN_BUURT: GEEN_BUURT})
    namen["buiten de buurtvlakken"] = pd.Series({GEEN_BUURT: "buiten de buurtvlakken"})
    # the gemeente total is always known: points in buurten without polygon are in "(geen buurt)"
    onbekend["gemeente"] = set()
    return niveaus, namen, onbekend, onbekend_reden, niveaus_b


def _enige_wijk(gebieden: pd.DataFrame) -> str | None:
    """The code of the only wijk of a gemeente that has one (Vlieland, Ameland), else None."""
    wijken = gebieden.index[gebieden.niveau == "wijk"]
    return str(wijken[0]) if len(wijken) == 1 else None


def _deelniveaus(t: _Toewijzing, niveaus: dict[str, pd.Series], niveaus_b: dict[str, pd.Series],
                 onbekend: dict[str, set], onbekend_reden: dict[str, dict[str, str]], inwoners: pd.Series | None
                 ) -> tuple[dict[str, pd.Series], dict[str, dict[str, tuple[Uitgesloten, ...]]]]:
    """Partial totals: an area unknown only because buurten in it have no polygon gets the sum of the rest.

    Returns the partial levels (``"<level> (deeltotaal)"``: unit → area, published and suppressed like
    any other figure) and per level and area the buurten the partial total leaves out, with inwoners.
    """
    deel: dict[str, pd.Series] = {}
    uitgesloten: dict[str, dict[str, tuple[Uitgesloten, ...]]] = {}
    for n, k in niveaus_b.items():
        if n in ("buurt", "gemeente"):
            continue
        kandidaten = {g for g in onbekend.get(n, set()) if g not in onbekend_reden.get(n, {})}
        kaart = niveaus[n][niveaus[n].isin(kandidaten)]
        if kaart.empty:
            continue
        deel[f"{n}{DEEL}"] = kaart
        uitgesloten[n] = {}
        for g in sorted(set(kaart)):
            codes = [c for c in t.zonder_vlak if k.get(c) == g]
            uitgesloten[n][str(g)] = tuple(
                Uitgesloten(code=str(c), naam=str(t.buurten.naam[c]), inwoners=_aantal(inwoners, c)) for c in codes)
    return deel, uitgesloten


def _aantal(inwoners: pd.Series | None, code: str) -> int | None:
    if inwoners is None or code not in inwoners.index or pd.isna(inwoners[code]):
        return None
    return int(inwoners[code])


def _opmerkingen(t: _Toewijzing, begin: pd.Timestamp, eind: pd.Timestamp, drempel: int,
                 pub: Publicatie) -> list[str]:
    """The notes a run prints about where the meldingen of the period went, in Dutch."""
    notes = []
    n_geen = int(t.cellen.loc[GEEN_BUURT].sum())
    if n_geen:
        wat = getal(n_geen) if n_geen >= drempel else f"minder dan {drempel}"
        notes.append(f"{wat} meldingen van {periode_tekst(begin, eind)} liggen in geen buurtvlak (de buurtkaart is niet "
                     "overal actueel of een buurt heeft geen vlak); ze tellen mee voor de gemeente, niet per buurt of wijk.")
    if t.alleen_wijk:
        n_w = sum(t.alleen_wijk.values())
        notes.append(f"{getal(n_w)} {'melding heeft' if n_w == 1 else 'meldingen hebben'} geen coördinaten en alleen "
                     "een wijk: ze tellen mee voor de wijk en de gemeente; de aantallen per buurt in die "
                     f"{'wijk zijn' if len(t.alleen_wijk) == 1 else 'wijken zijn'} daardoor onbekend.")
    n_pc = int((t.punten["toewijzing"].astype(object) == "postcode_gemeente").sum()) \
        if "toewijzing" in t.punten.columns else 0
    if n_pc:
        notes.append(f"{getal(n_pc)} {'melding telt' if n_pc == 1 else 'meldingen tellen'} alleen in het totaal van de "
                     "gemeente: hun postcode wijst geen enkele buurt aan (ze ligt in meer buurten, of ontbreekt).")
    if t.breed_n - n_pc:
        waar = ("van de gemeente en van haar enige wijk, in geen buurt" if t.enige_wijk is not None
                else "van de gemeente, in geen wijk of buurt")
        n_b = t.breed_n - n_pc
        notes.append(f"{getal(n_b)} {'melding geldt' if n_b == 1 else 'meldingen gelden'} voor de hele "
                     f"gemeente (het bestand noemt de gemeente zelf of geen gebied): ze tellen mee in het totaal {waar}.")
    if t.zonder_vlak:
        bij = (" Op kaarten staan ze met een grens bij benadering; daaraan worden geen meldingen toegekend."
               if t.benaderd.any() else "")
        namen_zv = list(t.buurten.naam[t.zonder_vlak])
        lijst = ", ".join(namen_zv) if len(namen_zv) <= 25 else ", ".join(namen_zv[:10]) + f" en {len(namen_zv) - 10} andere"
        notes.append(f"{len(t.zonder_vlak)} {'buurt' if len(t.zonder_vlak) == 1 else 'buurten'} zonder vlak op de kaart "
                     f"({lijst}): hun meldingen zijn onbekend; de gebieden waar ze in liggen tonen het aantal zonder "
                     f"die {'buurt' if len(t.zonder_vlak) == 1 else 'buurten'} (een deeltotaal, 'excl. …').{bij}")
    if pub.onbeschermd:
        n_o = len(pub.onbeschermd)
        notes.append(f"Let op: {n_o} {'klein aantal is' if n_o == 1 else 'kleine aantallen zijn'} met de getoonde cijfers "
                     "nog terug te rekenen; publiceer de meldingentabellen pas na controle (de audit: "
                     "wa.meldingentelling.audit()).")
    return notes


def tel_meldingen(data: GemeenteData, meldingen: MeldingenImport | gpd.GeoDataFrame, indeling: Indeling,
                  periode: tuple[str | pd.Timestamp, str | pd.Timestamp] | None = None,
                  drempel: int = 5) -> Meldingentelling:
    """Assign the meldingen of a period to buurten once, and decide what every level may publish.

    Parameters
    ----------
    data : GemeenteData
        Its buurt polygons are the one geometry the points are assigned against.
    meldingen : MeldingenImport or GeoDataFrame
        What :func:`wijkscan.lees_meldingen` returned (preferred), or its GeoDataFrame alone (then
        nothing is known of where the registration is complete).
    indeling : Indeling
        The areas of the run; its level is published besides buurt, wijk and gemeente.
    periode : (begin, eind), optional
        Default: from the import's ``volledig_vanaf`` (or the first melding) to the last melding.
    drempel : int
        Counts below this are not published.
    """
    m, feiten = meldingen_van(meldingen)
    if not isinstance(m, gpd.GeoDataFrame) or "datum" not in m.columns:
        raise OngeldigeInvoer("meldingen= verwacht het resultaat van lees_meldingen (of een GeoDataFrame met een "
                              "kolom datum en punten); lees het bestand eerst met wijkscan.lees_meldingen.")
    sel, begin, eind = _selecteer(m, periode, feiten)
    if sel.empty:
        eind = begin if pd.isna(eind) else eind
    t = _wijs_toe(data, sel)
    niveaus, namen, onbekend, onbekend_reden, niveaus_b = _niveaus(data, t, indeling)
    deel, uitgesloten = _deelniveaus(t, niveaus, niveaus_b, onbekend, onbekend_reden, _inwoners_of_none(data))
    pub = _beveilig(t.cellen, {**niveaus, **deel}, onbekend, drempel)
    jaren = sorted(set(t.met_vlak.get("geometrie_jaar", pd.Series(dtype=str)).dropna().astype(str)))
    geometrie = "buurtvlakken CBS/PDOK" + (f" ({', '.join(jaren)})" if jaren else "")
    telling = Meldingentelling(
        begin=begin, eind=eind, periode=periode_tekst(begin, eind), punten=t.punten, cellen=t.cellen, niveaus=niveaus,
        namen=namen, onbekend=onbekend, niveaus_alle=niveaus_b, publicatie=pub, geometrie=geometrie, drempel=drempel,
        opmerkingen=_opmerkingen(t, begin, eind, drempel, pub),
        zonder_vlak={c: str(t.buurten.naam[c]) for c in t.zonder_vlak}, onbekend_reden=onbekend_reden,
        benaderd=frozenset(t.buurten.index[t.benaderd]), methode=methode_tekst(t.punten, geometrie, t.enige_wijk is not None),
        uitgesloten=uitgesloten)
    telling.vervangzinnen, telling.vervangzin_tabel = _vervangzinnen(telling)
    if verlies := zonder_import_tekst(m, feiten, periode_gegeven=periode is not None):
        telling.opmerkingen.append(verlies)     # on the result (summary, report), and said at once to the caller
        warnings.warn(verlies, UserWarning, stacklevel=2)
    return telling


def _inwoners_of_none(data: GemeenteData) -> pd.Series | None:
    try:
        return _inwoners(data)
    except OngeldigeInvoer:
        return None


def methode_tekst(punten: pd.DataFrame, geometrie: str, enige_wijk: bool = False) -> str:
    """How the meldingen were placed, per path, in Dutch: points in polygons, names matched, addresses geocoded.

    Example
    -------
    >>> t = methode_tekst(pd.DataFrame({"toewijzing": ["punt", "gebiedsnaam", "gebiedsnaam"]}), "buurtvlakken CBS/PDOK")
    >>> for deel in t.split("; "):
    ...     print(deel)
    1 melding toegewezen aan de buurt waarin het punt ligt (buurtvlakken CBS/PDOK)
    2 meldingen op de gebiedsnaam in het bestand gekoppeld aan een wijk of buurt
    """
    if "toewijzing" not in punten.columns:
        return f"toegewezen aan de buurt waarin ze liggen ({geometrie})"
    n = punten["toewijzing"].astype(object).value_counts()
    delen = []
    for wat, tekst in (("punt", f"toegewezen aan de buurt waarin het punt ligt ({geometrie})"),
                       ("adres", "adres opgezocht in de PDOK Locatieserver en toegewezen aan de buurt waarin het ligt"),
                       ("gebiedsnaam", "op de gebiedsnaam in het bestand gekoppeld aan een wijk of buurt"),
                       ("postcode", "op postcode toegewezen (benadering: de buurt waarvan die postcode volgens CBS de "
                                    "meest voorkomende is)"),
                       ("gemeentebreed", "gelden voor de hele gemeente (in " + (
                           "haar enige wijk, in geen buurt)" if enige_wijk else "geen wijk of buurt)")),
                       ("postcode_gemeente", "tellen alleen voor de gemeente: hun postcode wijst geen enkele buurt aan "
                                             "(ze ligt in meer buurten, of ontbreekt)")):
        k = int(n.get(wat, 0))
        if k:
            delen.append(f"{getal(k)} {'melding' if k == 1 else 'meldingen'} {tekst}")
    return "; ".join(delen) if delen else f"toegewezen aan de buurt waarin ze liggen ({geometrie})"


def _op_naam_geplaatst(punten: pd.DataFrame, buurten: pd.DataFrame, zonder_vlak: list[str],
                       gemeentecode: str) -> tuple[dict[str, int], int]:
    """Meldingen without a point but with an area from the file's area column, put in their unit (in place).

    A wijk code counts for that wijk and the gemeente (unit ``<wijk> (alleen wijk bekend)``) and makes the
    counts of the buurten in that wijk unknown; a named buurt without polygon counts for its wijk; the
    gemeente's own code is the unit ``(hele gemeente)``. Returns (meldingen per wijk-only code, gemeente-wide).
    """
    alleen_wijk: dict[str, int] = {}
    if "gebied_code" not in punten.columns:
        return alleen_wijk, 0
    punten["buurt"] = punten["buurt"].astype(object)
    code = punten["gebied_code"].astype(object)
    zv = punten["buurt"].isna() & code.isin(zonder_vlak)
    if zv.any():
        code = code.where(~zv, code.map(buurten["wijk"]))
    los = punten["buurt"].isna() & code.isin(set(buurten["wijk"].dropna()))
    if los.any():
        punten.loc[los, "buurt"] = code[los].astype(str) + ALLEEN_WIJK
        alleen_wijk = {str(k): int(v) for k, v in code[los].value_counts().sort_index().items()}
    breed = punten["buurt"].isna() & code.eq(gemeentecode).to_numpy()
    punten.loc[breed, "buurt"] = GEMEENTEBREED
    return alleen_wijk, int(breed.sum())


def _alleen_op_naam(punten: pd.DataFrame) -> bool:
    """True when no melding of the import was placed by a point (only area names, or the whole gemeente)."""
    if "toewijzing" not in punten.columns or "gebied_code" not in punten.columns or punten.empty:
        return False
    return not punten["toewijzing"].astype(object).isin(["punt", "adres"]).any()


def _onbereikbaar(punten: pd.DataFrame, buurten: pd.DataFrame, niveaus_b: dict[str, pd.Series],
                  onbekend: dict[str, set], onbekend_reden: dict[str, dict[str, str]]) -> None:
    """Unknown is not zero: in an import placed by names only, an area no name reaches has an unknown count.

    A buurt is known only when a name in the file is that buurt; a wijk when a name is the wijk or one of
    its buurten; an own area when all its buurten are known. Changes ``onbekend`` and ``onbekend_reden``.
    """
    if not _alleen_op_naam(punten):
        return                                  # points can land anywhere: every area could receive one
    codes = set(punten["gebied_code"].dropna().astype(str))
    buurt_weg = set(buurten.index[~buurten.index.isin(list(codes))])
    bereikte_wijken = codes | set(buurten.loc[buurten.index.isin(list(codes)), "wijk"].dropna())
    for n, k in niveaus_b.items():
        if n == "gemeente":
            continue
        if n == "wijk":
            weg = set(k.dropna()) - bereikte_wijken
        else:
            weg = set(k.reindex(sorted(buurt_weg)).dropna())
        weg -= onbekend.get(n, set())
        onbekend[n] = onbekend.get(n, set()) | weg
        onbekend_reden.setdefault(n, {}).update(dict.fromkeys(weg, ONBEREIKBAAR))



MELDINGEN_INDICATOREN = ("meldingen", "meldingen_per_1000")


def zet_in_profiel(profiel: pd.DataFrame, telling: Meldingentelling, niveau: str, catalogus: pd.DataFrame,
                   jaar: int) -> pd.DataFrame:
    """Write the meldingen figures of ``niveau`` into the profile: the same numbers every output shows.

    ``meldingen`` is the published count of :meth:`Meldingentelling.tabel` (NA with the reason when
    suppressed or unknown); ``meldingen_per_1000`` relates it to the inhabitants of ``jaar``. The
    gemeente value is every melding of the period. Ranks: 1 = fewest per 1.000 (gunstigst).
    A column ``periode`` says which period a figure covers.
    """
    p = profiel.copy()
    if "periode" not in p.columns:
        p["periode"] = p.jaar.astype(str)
    d = telling.drempel
    st = telling.status(niveau)[TOTAAL]
    n = telling.totalen(niveau)
    cur = p.jaar == jaar
    inw = p[cur & (p.indicator == "inwoners")].set_index("gebied").waarde
    gem_inw = p[cur & (p.indicator == "inwoners")].gemeente.dropna()
    gem_inw = float(gem_inw.iloc[0]) if len(gem_inw) else float("nan")
    gem_n = float(telling.aantal)
    gem_rate = 1000 * gem_n / gem_inw if gem_inw and gem_inw > 0 else float("nan")
    redenen = {PRIMAIR: f"minder dan {d} meldingen: niet getoond (privacy)",
               "secundair": "weggelaten zodat een klein aantal elders niet terug te rekenen is (privacy)",
               WEGGELATEN: "niet gepubliceerd: te weinig meldingen om het aantal te tonen zonder dat het terug te "
                           "rekenen is (privacy)",
               "onbekend": f"{GEEN_VLAK}: een buurt in dit gebied heeft geen vlak, dus het aantal is onbekend"}
    def waarom(gebied: str, s: str) -> str:
        if s == "onbekend":
            buurten = telling.zonder_vlak_in(niveau, gebied)
            if buurten:
                bij = (" (alleen een grens bij benadering; meldingen worden daar niet aan toegekend)"
                       if telling.benaderd_in(niveau, gebied) else "")
                d = telling.deeltotaal(niveau, gebied)
                deel = (f"; zonder {'die buurt' if len(buurten) == 1 else 'die buurten'}: {d.tekst} "
                        f"{'melding' if d.waarde == 1 else 'meldingen'}" if d is not None and d.status == GETOOND else "")
                return f"{GEEN_VLAK} voor buurt {', '.join(buurten)}{bij}: het aantal meldingen is onbekend{deel}"
            if telling.onbekend_reden.get(niveau, {}).get(gebied) == ONBEREIKBAAR:
                return (f"{ONBEREIKBAAR}: de meldingen zijn op naam of postcode gekoppeld en niets in het bestand "
                        "wijst dit gebied aan, dus het aantal is onbekend (niet 0)")
            if gebied in telling.onbekend_reden.get(niveau, {}):
                return ("alleen per wijk bekend: een deel van de meldingen noemt alleen de wijk, dus het aantal "
                        "per buurt is onbekend")
        return redenen.get(s, "")

    for ind in MELDINGEN_INDICATOREN:
        rows = cur & (p.indicator == ind)
        if not rows.any():
            continue
        idx = p.index[rows]
        gebied = p.loc[idx, "gebied"]
        status = gebied.map(st).fillna("onbekend")
        count = gebied.map(n).astype(float)
        toon = status == GETOOND
        if ind == "meldingen":
            waarde = count.where(toon)
            reden = pd.Series([waarom(g, x) for g, x in zip(gebied, status, strict=True)], index=idx)
            p.loc[idx, "gemeente"] = gem_n
            p.loc[idx, "index"] = float("nan")
        else:
            i = gebied.map(inw).astype(float)
            waarde = (1000 * count / i.where(i > 0)).where(toon)
            reden = pd.Series([waarom(g, x) for g, x in zip(gebied, status, strict=True)], index=idx)
            reden[toon & i.isna()] = "aantal inwoners niet in de gegevens (CBS onderdrukt of ontbreekt)"
            reden[toon & (i == 0)] = "te weinig inwoners"
            p.loc[idx, "gemeente"] = gem_rate
            p.loc[idx, "index"] = 100 * waarde / gem_rate if gem_rate == gem_rate else float("nan")
        p.loc[idx, "waarde"] = waarde.to_numpy()
        p.loc[idx, "reden"] = np.where(waarde.isna(), reden.to_numpy(), "")
        p.loc[idx, "herkomst"] = np.where(waarde.notna(), f"meldingen: {telling.methode}", "")
        p.loc[idx, "periode"] = telling.periode
        p.loc[idx, "bron"] = f"{catalogus.loc[ind, 'bron']}; meldingen van {telling.periode}"
        asc = catalogus.loc[ind, "richting"] == "hoger_slechter"
        if catalogus.loc[ind, "aggregatie"] not in ("som", "geen"):   # a count has no rank (as in the profile)
            p.loc[idx, "rang"] = pd.Series(waarde.to_numpy(), index=idx).rank(ascending=asc,
                                                                                method="min").astype("Int64")
        p.loc[idx, "aantal_gebieden"] = int(waarde.notna().sum())
    # other years have no meldingen: those rows would only repeat the analysis year's label
    other = ~cur & p.indicator.isin(MELDINGEN_INDICATOREN)
    return p.drop(index=p.index[other]).reset_index(drop=True)
