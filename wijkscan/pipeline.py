"""The pipeline of a run: load -> areas -> indicators -> analysis, into one :class:`~wijkscan.model.Wijkprofiel`.

Example
-------
>>> import wijkscan
>>> wa = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
>>> round(wa.waarde("BU06260006", "leeftijd_65plus_aandeel"), 1)   # Bijdorp: 615 of 1565
39.3
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import geopandas as gpd
import pandas as pd

from .analysis.aandachtsgebieden import (
    aangewezen_gebieden,
    bereken_aandachtsgebieden,
    ingebouwde_referentie,
    referentie_voor,
)
from .analysis.boodschappen import bepaal_boodschappen
from .analysis.landelijk import landelijke_positie
from .analysis.meldingenpatronen import bereken_patronen
from .analysis.meldingentelling import tel_meldingen, zet_in_profiel
from .analysis.profiel import bereken_profiel, bereken_trends
from .analysis.samenvatting import meldingen_intern, meldingen_rangorde, opmerkingen_per_soort
from .analysis.signalen import bepaal_signalen
from .analysis.vergelijkbaar import bereken_vergelijking
from .areas import Indeling, cbs_indeling, pc4_indeling, zoek_gebieden
from .errors import OngeldigeInvoer
from .indicators import catalogus as builtin_catalogus
from .indicators import enquete_indicatoren, lees_catalogus
from .loading import GemeenteData, load
from .model import Wijkprofiel
from .sources.meldingen import MeldingenImport
from .sources.survey import EnqueteImport, lees_enquete, verantwoord_enquete

if TYPE_CHECKING:
    from datetime import date

    from .analysis.meldingentelling import Meldingentelling

#: A file or a table: the survey (:mod:`wijkscan.sources.survey`) or an own indicator catalogue.
Bron: TypeAlias = "str | Path | pd.DataFrame"
#: Aandachtsgebieden the gemeente designates: codes or names, or polygons (a file or a GeoDataFrame).
Aangewezen: TypeAlias = "str | Path | Iterable[str] | gpd.GeoDataFrame"


def _indeling(data: GemeenteData, niveau: str | Indeling) -> Indeling:
    if isinstance(niveau, Indeling):
        return niveau
    if niveau in ("buurt", "wijk", "gemeente"):
        return cbs_indeling(data, niveau)
    if niveau == "pc4":
        return pc4_indeling(data)
    raise OngeldigeInvoer(
        f"Onbekende indeling '{niveau}'. Gebruik 'buurt', 'wijk', 'gemeente', 'pc4' of een eigen indeling uit "
        "wijkscan.areas (indeling_uit_tabel, indeling_uit_vlakken)."
    )


def _alleen_bruikbaar(enq: EnqueteImport, data: GemeenteData, indeling: Indeling) -> None:
    """Move survey rows for areas this indeling cannot use (e.g. a CBS wijk in a buurt analysis) to afgewezen."""
    niveau = data.gebieden.niveau
    own = set(indeling.gebieden.index)

    def usable(code: str) -> bool:
        return code in own or niveau.get(code) in ("buurt", "gemeente")

    for attr in ("scores", "teksten"):
        df = getattr(enq, attr)
        bad = ~df.gebied.map(usable).astype(bool) if len(df) else pd.Series(dtype=bool)
        if len(df) and bad.any():
            extra = df[bad].assign(reden=[f"gebied hoort niet bij deze indeling ({indeling.naam}): {g}; geef scores per "
                                          "buurt, per gebied van de indeling of voor de hele gemeente"
                                          for g in df[bad].gebied])
            extra = extra[["rij", "reden"]]
            enq.afgewezen = pd.concat([enq.afgewezen, extra], ignore_index=True).sort_values("rij").reset_index(drop=True)
            setattr(enq, attr, df[~bad].reset_index(drop=True))
    assert len(enq.scores) + len(enq.teksten) + len(enq.afgewezen) == enq.invoer


def _aangewezen(spec: Aangewezen | None, indeling: Indeling) -> dict[str, float]:
    """Areas the user designates (codes, names or polygons), with the share of each area inside the designation."""
    if spec is None:
        return {}
    if isinstance(spec, str | Path) and Path(spec).suffix.lower() in (".gpkg", ".geojson", ".json", ".shp"):
        spec = gpd.read_file(spec)
    if not isinstance(spec, gpd.GeoDataFrame):   # codes or names, case and accents ignored
        try:
            spec = zoek_gebieden(indeling.gebieden, spec, "aangewezen gebied")
        except OngeldigeInvoer as fout:   # a street name is the likeliest other thing a user writes here
            raise OngeldigeInvoer(f"{fout} Straten kan wijkscan zonder straatgegevens niet plaatsen: geef ze als vlak "
                                  "(GeoJSON of GeoPackage met de straten of het blok).") from None
    return aangewezen_gebieden(spec, indeling.gebieden)


def _past_bij(data: GemeenteData, jaar: int | None, bron: str | None) -> None:
    """Refuse ``jaar``/``bron`` that a GemeenteData already decided otherwise (they would be ignored)."""
    if jaar is not None and int(jaar) != int(data.jaar):
        raise OngeldigeInvoer(
            f"jaar={jaar} past niet bij de geladen gegevens van {data.naam} (jaar {data.jaar}). Laad dat jaar eerst: "
            f"wijkscan.load('{data.naam}', jaar={jaar}), of laat jaar= weg.")
    if bron is not None and bron != "auto":
        herkomst = set(data.bron.values())
        ingebouwd = herkomst == {"ingebouwd"}
        if (bron == "ingebouwd") != ingebouwd:
            wat = "de ingebouwde gegevens" if ingebouwd else "gegevens van CBS/PDOK of de cache"
            raise OngeldigeInvoer(
                f"bron='{bron}' past niet bij de geladen gegevens van {data.naam} ({wat}). Laad opnieuw met "
                f"wijkscan.load('{data.naam}', bron='{bron}'), of laat bron= weg.")

# --- the national indices (CBS SES, Leefbaarometer) enter the profile when online ---------------
def _indices(data: GemeenteData) -> tuple[pd.DataFrame, list[str]]:
    """SES scores and Leefbaarometer per buurt as kerncijfers rows, with remarks.

    Only when the figures came from CBS (online), or when the index is already cached; never
    with the embedded snapshot. A failing index is a remark, not an error.
    """
    from .errors import WijkscanFout
    from .settings import settings
    from .sources import leefbaarometer, ses

    empty = pd.DataFrame(columns=["code", "niveau", "jaar", "variabele", "waarde"])
    bron = data.bron.get("kerncijfers")
    if settings.offline or bron not in ("CBS", "cache"):
        return empty, []
    codes = data.gebieden.index[data.gebieden.niveau == "buurt"]
    parts, notes = [], []
    for naam, cached, fetch in (
        ("De SES-scores van het CBS", ses.in_cache(data.code), lambda: ses.als_kerncijfers(data.code, data.jaar, codes)),
        ("De Leefbaarometer", leefbaarometer.in_cache(data.code, data.jaar),
         lambda: leefbaarometer.als_kerncijfers(data.code, data.jaar)),
    ):
        if bron == "cache" and not cached:
            continue
        try:
            rows, n = fetch()
        except WijkscanFout as exc:
            notes.append(f"{naam} kon niet worden opgehaald: {exc} De aandachtsgebieden zijn zonder berekend.")
            continue
        parts.append(rows[rows.code.isin(data.gebieden.index)])
        notes += n
    return (pd.concat(parts, ignore_index=True) if parts else empty), notes


def _bron_detail(profiel: pd.DataFrame, cat: pd.DataFrame, data: GemeenteData) -> pd.Series:
    """Provenance of every profile row's figures: the embedded source of its variable, or the CBS table online."""
    from .sources import embedded

    if data.bron.get("kerncijfers") == "ingebouwd":
        per_ind = {}
        for i, r in cat.iterrows():
            delen = [embedded.herkomst(v) for k in ("teller", "noemer") for v in str(r[k]).split("+") if v]
            per_ind[i] = "; ".join(dict.fromkeys(d for d in delen if d))
    else:
        tabel = next((v.get("tabel") for v in data.variabelen.to_dict("records") if v.get("tabel")), "")
        per_ind = {i: f"CBS OData {tabel}".strip() if r.bron.startswith("CBS Kerncijfers") else "" for i, r in cat.iterrows()}
    return profiel.indicator.map(per_ind).fillna("")


def _landelijke_vergelijking(niveau: str, buurten: pd.DataFrame, jaar: int,
                             cat: pd.DataFrame) -> tuple[pd.DataFrame | None, str]:
    """The national distribution an area of this run is placed in: Dutch buurten for buurten, else Dutch wijken
    (an own indeling or PC4 area is the size of a wijk); ``(None, "")`` when there is none for the year."""
    from .sources import embedded

    if niveau == "buurt":
        return buurten, "buurten"
    if niveau == "gemeente" or int(jaar) != embedded.JAAR:
        return None, ""
    return ingebouwde_referentie(cat, jaar, niveau="wijk"), "wijken"


def wijkanalyse(
    gemeente: str | list[str] | GemeenteData | None = None,
    niveau: str | Indeling = "buurt",
    jaar: int | None = None,
    bron: str | None = None,
    enquete: Bron | None = None,
    enquete_kolommen: dict[str, str] | None = None,
    gewichten: dict[str, float] | None = None,
    richtingen: dict[str, str] | None = None,
    drempels: dict[str, float] | None = None,
    aangewezen: Aangewezen | None = None,
    catalogus: Bron | None = None,
    min_inwoners: float = 100,
    meldingen: MeldingenImport | gpd.GeoDataFrame | None = None,
    meldingen_periode: tuple[str | date | None, str | date | None] | None = None,
    drempel_publicatie: int = 5,
    *,
    provincie: str | None = None,
) -> Wijkprofiel:
    """The wijkanalyse of a gemeente: Bijlage C indicators per area, compared, trended, signalled.

    Parameters
    ----------
    gemeente : str or GemeenteData
        Name, code, or what :func:`wijkscan.load` returned.
    niveau : str or Indeling
        ``"buurt"`` (default), ``"wijk"``, ``"gemeente"``, ``"pc4"``, or an own indeling from
        :mod:`wijkscan.areas`.
    jaar, bron
        Passed to :func:`wijkscan.load` when ``gemeente`` is a name or code (default 2024 and
        ``"auto"``). With a ``GemeenteData`` they are already decided: giving a different year
        or source then raises :class:`~wijkscan.errors.OngeldigeInvoer` instead of being ignored.
    enquete : path or DataFrame, optional
        Survey scores and texts (see :mod:`wijkscan.sources.survey`).
    gewichten, richtingen : dict, optional
        Indicator set for the aandachtsgebieden (see :mod:`wijkscan.analysis.aandachtsgebieden`).
    drempels : dict, optional
        Thresholds of the signals (see :mod:`wijkscan.analysis.signalen`).
    aangewezen : list, path or GeoDataFrame, optional
        Aandachtsgebieden the gemeente designates itself: codes, names or polygons.
    catalogus : path or DataFrame, optional
        An own indicator catalogue instead of the built-in one.
    min_inwoners : float
        Areas with fewer inhabitants get no aandachtsgebied score ("te weinig inwoners", default 100).
    meldingen : MeldingenImport or GeoDataFrame, optional
        Meldingen openbare ruimte (:func:`wijkscan.lees_meldingen`; pass the import ``imp`` itself, not
        ``imp.meldingen``: the table alone loses what the import knew, and the run then says so); assigned once to the buurt
        polygons (:func:`wijkscan.analysis.meldingentelling.tel_meldingen`), every level summed from
        that, suppressed over all levels together (:mod:`wijkscan.analysis.privacy`); counted over
        ``meldingen_periode`` (``(begin, eind)``; default: from the date the import says the file is
        complete, ``imp.volledig_vanaf``, or the first melding, to the last) and related to the
        inhabitants of the analysis year as ``meldingen_per_1000``.
    drempel_publicatie : int
        Counts below this are suppressed in the published meldingen table (default 5).
    provincie : str, optional
        All gemeenten of a provincie instead of ``gemeente``: ``wijkanalyse(provincie="Drenthe")`` is
        ``wijkanalyse(wijkscan.load(provincie="Drenthe"))`` (see :func:`wijkscan.load`).

    Returns
    -------
    Wijkprofiel
    """
    _geen_losse_opties(meldingen, meldingen_periode, enquete, enquete_kolommen)
    data = _gegevens(gemeente, jaar, bron, provincie)
    cat = builtin_catalogus() if catalogus is None else lees_catalogus(catalogus)
    indeling = _indeling(data, niveau)
    long, idx_notes = _kerncijfers(data)
    enq, direct, teksten = None, None, pd.DataFrame(columns=["gebied", "soort", "tekst"])
    if enquete is not None:
        enq, direct, rows = _enquete(enquete, enquete_kolommen, data, indeling, cat)
        teksten = enq.teksten[["gebied", "soort", "tekst"]]
        long = pd.concat([long, rows], ignore_index=True)
    telling = patronen = None
    if meldingen is not None:   # assigned to buurten once; every level and output reads this
        telling = tel_meldingen(data, meldingen, indeling, meldingen_periode, drempel_publicatie)
        patronen = bereken_patronen(meldingen, data, min_aantal=drempel_publicatie)
    profiel, trends = _profiel_en_trends(data, long, cat, indeling, direct, telling, enq)
    signalen, niet_bepaald = bepaal_signalen(profiel, trends, data.code, data.jaar, drempels)
    referentie, ref_notes = referentie_voor(data.bron.get("kerncijfers"), data.jaar, cat)
    nl_ref, nl_soort = _landelijke_vergelijking(indeling.naam, referentie, data.jaar, cat)
    profiel = landelijke_positie(profiel, nl_ref, cat, data.jaar, soort=nl_soort)
    scores, bijdragen = bereken_aandachtsgebieden(
        profiel, cat, data.jaar, gewichten=gewichten, richtingen=richtingen,
        aangewezen=_aangewezen(aangewezen, indeling), min_inwoners=min_inwoners,
        referentie=nl_ref if nl_ref is not None else referentie)
    # every area against the most alike buurten (wijken) elsewhere in Nederland, computed once
    vergelijking = bereken_vergelijking(profiel, cat, indeling.naam, data.jaar, min_inwoners=min_inwoners)
    boodschappen = bepaal_boodschappen(   # every decision the outputs show, made once here
        profiel, signalen, niet_bepaald, scores, cat, data.jaar, indeling.naam,
        data.naam if len(data.gemeenten) <= 1 else "de eigen gemeente", drempels,
        min_inwoners=int(min_inwoners), meldingenpatronen=patronen, gebieden=data.gebieden)
    wp = Wijkprofiel(gemeente=data, indeling=indeling, jaar=data.jaar, profiel=profiel, trends=trends,
                       signalen=signalen, niet_bepaald=niet_bepaald, aandachtsgebieden=scores, bijdragen=bijdragen,
                       catalogus=cat, enquete=enq, teksten=teksten,
                       meldingen=telling.lang(indeling.naam) if telling is not None else None,
                       meldingen_periode=telling.periode if telling is not None else "",
                       meldingen_bron=_meldingen_bron(meldingen),
                       opmerkingen=(list(telling.opmerkingen) if telling is not None else []) + idx_notes + ref_notes,
                       drempel_publicatie=drempel_publicatie, meldingentelling=telling, meldingenpatronen=patronen,
                       vergelijking=vergelijking,
                       boodschappen=boodschappen)
    if telling is not None:      # the map layers (hexagons, heat cells, hotspots) made once, in the run
        wp.lagen(drempel=drempel_publicatie)
        wp.lagen(drempel=drempel_publicatie, intern=True)
        wp.meldingen_rangorde = meldingen_rangorde(profiel, data.jaar)
        wp.meldingen_intern = meldingen_intern(telling, profiel, indeling.naam, data.jaar, data.code, data.naam)
    wp.opmerkingen_soorten = opmerkingen_per_soort(wp.rapport())    # what the summary prints, grouped once
    return wp


def _meldingen_bron(meldingen: MeldingenImport | gpd.GeoDataFrame | None) -> str:
    """Where the meldingen came from, as the import says (system and how they were read); "" for a bare table."""
    if not isinstance(meldingen, MeldingenImport):
        return ""
    return "; ".join(str(x) for x in (meldingen.bron, meldingen.formaat) if x)


def _geen_losse_opties(meldingen: object, meldingen_periode: object, enquete: object, enquete_kolommen: object) -> None:
    """An option that only works together with another is refused when given alone (it would be ignored)."""
    if meldingen_periode is not None and meldingen is None:
        raise OngeldigeInvoer("meldingen_periode= zonder meldingen= doet niets. Geef ook de meldingen mee "
                              "(wijkscan.lees_meldingen), of laat meldingen_periode= weg.")
    if enquete_kolommen is not None and enquete is None:
        raise OngeldigeInvoer("enquete_kolommen= zonder enquete= doet niets. Geef ook de enquête mee, of laat "
                              "enquete_kolommen= weg.")


def _gegevens(gemeente: str | list[str] | GemeenteData | None, jaar: int | None, bron: str | None,
              provincie: str | None) -> GemeenteData:
    """What the run works on: the GemeenteData given, or loaded from a name, code, list or provincie."""
    if isinstance(gemeente, GemeenteData):
        if provincie is not None:
            raise OngeldigeInvoer(f"provincie= past niet bij al geladen gegevens ({gemeente.naam}). Geef één van beide: "
                                  f"wijkscan.wijkanalyse(provincie='{provincie}') of wijkscan.wijkanalyse(gegevens).")
        _past_bij(gemeente, jaar, bron)
        return gemeente
    return load(gemeente, jaar=2024 if jaar is None else jaar, bron="auto" if bron is None else bron,
                provincie=provincie)


def _kerncijfers(data: GemeenteData) -> tuple[pd.DataFrame, list[str]]:
    """The tidy figures of the run (kerncijfers plus the national indices when online), with remarks."""
    long = data.kerncijfers[["code", "niveau", "jaar", "variabele", "waarde"]].copy()
    long.attrs = {}
    long["waarde"] = long.waarde.astype(float)
    idx_rows, idx_notes = _indices(data)
    if len(idx_rows):
        long = pd.concat([long, idx_rows.astype({"waarde": float})], ignore_index=True)
    return long, idx_notes


def _enquete(enquete: Bron, kolommen: dict[str, str] | None, data: GemeenteData, indeling: Indeling,
             cat: pd.DataFrame) -> tuple[EnqueteImport, pd.DataFrame, pd.DataFrame]:
    """The survey as read, its scores for areas of the indeling itself (``direct``) and its scores for CBS areas
    as tidy figure rows (``code, niveau, jaar, variabele, waarde``) that are aggregated like kerncijfers."""
    known = pd.concat([data.gebieden[["naam"]], indeling.gebieden[["naam"]]])
    known = known[~known.index.duplicated()]
    eenheden = cat.loc[enquete_indicatoren(cat), "eenheid"].astype(str).to_dict()   # the ids a survey may give
    enq = lees_enquete(enquete, known, data.jaar, eenheden, kolommen, voorkeur=indeling.gebieden.index)
    _alleen_bruikbaar(enq, data, indeling)
    s = enq.scores
    cbs_levels = data.gebieden.niveau
    in_cbs = s.gebied.isin(cbs_levels.index) & ~(
        s.gebied.isin(indeling.gebieden.index) & (indeling.naam not in ("buurt", "wijk", "gemeente")))
    rows = s[in_cbs].assign(code=s.gebied, niveau=s.gebied.map(cbs_levels), variabele=s.indicator, waarde=s.score)
    direct = s[~in_cbs].rename(columns={"score": "waarde"})[["gebied", "jaar", "indicator", "waarde"]]
    return enq, direct, rows[["code", "niveau", "jaar", "variabele", "waarde"]]


def _profiel_en_trends(data: GemeenteData, long: pd.DataFrame, cat: pd.DataFrame, indeling: Indeling,
                       direct: pd.DataFrame | None, telling: Meldingentelling | None,
                       enq: EnqueteImport | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The profile (every area × indicator × year, with its sources and meldingen) and its trends."""
    toewijzing = indeling.gebied_van()
    profiel, reeks = bereken_profiel(long, data.trend, cat, data.code, indeling.naam, toewijzing, indeling.gebieden.naam,
                                     data.jaar, direct)
    if enq is not None:   # a score that did not reach the profile is listed with its reason, never lost
        verantwoord_enquete(enq, profiel, indeling, set(data.gemeenten))
    profiel["periode"] = profiel.jaar.astype(str)
    profiel["bron_detail"] = _bron_detail(profiel, cat, data)
    if len(data.gemeenten) > 1:     # several gemeenten: each area beside its own
        from .analysis.landelijk import eigen_gemeente

        profiel = eigen_gemeente(profiel, long, data.trend, cat, data.gebieden, toewijzing)
    if telling is not None:
        profiel = zet_in_profiel(profiel, telling, indeling.naam, cat, data.jaar)
    return profiel, bereken_trends(profiel, reeks, data.code)

__all__ = ["Wijkprofiel", "wijkanalyse"]
