"""The pipeline of a run: load -> areas -> indicators -> analysis, into one :class:`~wijkscan.model.Wijkprofiel`.

Example
-------
>>> import wijkscan
>>> wa = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
>>> round(wa.waarde("BU06260006", "leeftijd_65plus_aandeel"), 1)   # Bijdorp: 615 of 1565
39.3
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from .analysis.aandachtsgebieden import bereken_aandachtsgebieden
from .analysis.profiel import bereken_profiel, bereken_trends
from .analysis.signalen import bepaal_signalen
from .areas import Indeling, cbs_indeling, pc4_indeling
from .errors import OngeldigeInvoer
from .indicators import catalogus as builtin_catalogus
from .indicators import lees_catalogus
from .loading import GemeenteData, load
from .model import Wijkprofiel
from .nlformat import getal
from .sources.survey import EnqueteImport, lees_enquete


def _indeling(data: GemeenteData, niveau) -> Indeling:
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


def _meldingen(data: GemeenteData, meldingen, periode, indeling: Indeling, drempel: int):
    """Meldingen per buurt as a variable, and publication-safe counts per area × category."""
    from .analysis.meldingen import kruistabel, onderdruk

    m = getattr(meldingen, "meldingen", meldingen)
    if not isinstance(m, gpd.GeoDataFrame) or "datum" not in m.columns:
        raise OngeldigeInvoer("meldingen= verwacht het resultaat van lees_meldingen (of een GeoDataFrame met een "
                              "kolom datum en punten); lees het bestand eerst met wijkscan.lees_meldingen.")
    datum = pd.to_datetime(m.datum)
    if periode is None:
        begin = pd.Timestamp(m.attrs.get("volledig_vanaf") or datum.min()).normalize()
        eind = datum.max()
    else:
        begin, eind = (pd.Timestamp(p) for p in periode)
        eind = eind + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1) if eind == eind.normalize() else eind
    sel = m[(datum >= begin) & (datum <= eind)]
    tekst = f"{begin:%d-%m-%Y} tot en met {eind:%d-%m-%Y} ({len(sel)} meldingen)"
    cross = kruistabel(sel, data, "buurt", "categorie")
    geen = "(geen gebied)"
    notes = []
    n_geen = int(cross.loc[geen, "totaal"]) if geen in cross.index else 0
    if n_geen:
        notes.append(f"{n_geen} meldingen van {tekst.split(' (')[0]} liggen in geen buurtvlak (de meegeleverde buurtkaart "
                     "is van circa 2019 of een buurt heeft geen vlak); ze tellen mee voor de gemeente, niet per buurt.")
    per_buurt = cross.drop(index=[geen], errors="ignore")
    per_buurt = per_buurt[[c for c in per_buurt.columns if c != "naam"]]
    buurten = data.gebieden[data.gebieden.niveau == "buurt"]
    # a buurt without a polygon cannot receive points: its count is unknown, not 0
    totals = per_buurt["totaal"].reindex(buurten.index).fillna(0).where(buurten.geometry.notna())
    rows = pd.DataFrame({"code": totals.index, "niveau": "buurt", "jaar": data.jaar,
                         "variabele": "MeldingenOpenbareRuimte", "waarde": totals.values.astype(float)})
    rows = pd.concat([rows, pd.DataFrame([{"code": data.code, "niveau": "gemeente", "jaar": data.jaar,
                                           "variabele": "MeldingenOpenbareRuimte", "waarde": float(len(sel) and
                                                                                            cross["totaal"].sum())}])])
    cats = [c for c in per_buurt.columns if c != "totaal"]
    to_area = indeling.gebied_van()
    area_counts = per_buurt[cats].astype(float).groupby(to_area.reindex(per_buurt.index)).sum()
    area_counts["totaal"] = area_counts.sum(axis=1)
    safe = onderdruk(area_counts, drempel=drempel)
    raw = area_counts.drop(columns="totaal").stack(future_stack=True)
    long = safe.drop(columns="totaal").stack(future_stack=True).rename("aantal").reset_index()
    long.columns = ["gebied", "categorie", "aantal"]
    # "<5": below the threshold; "x": hidden so that it cannot be worked back from a total
    long["tekst"] = [getal(a) if pd.notna(a) else (f"<{drempel}" if r < drempel else "x")
                     for a, r in zip(long.aantal, raw.values, strict=True)]
    long.attrs["periode"] = tekst
    return rows, long, tekst, notes


MELDINGEN_INDICATOREN = ("meldingen", "meldingen_per_1000")


def _onderdruk_meldingen(profiel: pd.DataFrame, catalogus: pd.DataFrame, drempel: int, periode: str) -> pd.DataFrame:
    """Hide meldingen counts (and the rates that would give them back) below the threshold.

    A profile goes into PDFs, maps and Excel files that may be published; an area with fewer
    than ``drempel`` meldingen shows neither its count nor its rate. Ranks are recomputed without
    them. The period of the meldingen is added to the source column.
    """
    p = profiel.copy()
    counts = p[p.indicator == "meldingen"].set_index(["gebied", "jaar"]).waarde
    key = list(zip(p.gebied, p.jaar, strict=True))
    small = pd.Series([counts.get(k, float("nan")) < drempel for k in key], index=p.index)
    hide = p.indicator.isin(MELDINGEN_INDICATOREN) & small
    p.loc[hide, ["waarde", "index"]] = float("nan")
    p.loc[hide, "herkomst"] = ""
    p.loc[hide, "reden"] = f"minder dan {drempel} meldingen: niet getoond (privacy)"
    for ind in MELDINGEN_INDICATOREN:
        rows = p.indicator == ind
        if rows.any():
            p.loc[rows, "bron"] = p.loc[rows, "bron"] + f"; meldingen van {periode.split(' (')[0]}"
            for _, part in p[rows].groupby("jaar"):
                asc = catalogus.loc[ind, "richting"] == "hoger_slechter"
                p.loc[part.index, "rang"] = part.waarde.rank(ascending=asc, method="min").astype("Int64")
                p.loc[part.index, "aantal_gebieden"] = part.waarde.notna().sum()
    return p


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


def _aangewezen(spec, indeling: Indeling) -> list[str]:
    """Area codes the user designates: codes, names, or polygons (≥ 50 % of the area inside)."""
    if spec is None:
        return []
    areas = indeling.gebieden
    if isinstance(spec, str | Path) and Path(spec).suffix.lower() in (".gpkg", ".geojson", ".json", ".shp"):
        spec = gpd.read_file(spec)
    if isinstance(spec, gpd.GeoDataFrame):
        if spec.crs is None:
            raise OngeldigeInvoer("Het bestand met aangewezen aandachtsgebieden heeft geen coördinatenstelsel; "
                                  "stel het in (bijv. EPSG:28992) en probeer opnieuw.")
        shape = spec.to_crs(areas.crs).union_all()
        share = areas.geometry.intersection(shape).area / areas.geometry.area
        return share[share >= 0.5].index.tolist()
    out, unknown = [], []
    names = {str(n).strip().lower(): c for c, n in areas.naam.items()}
    for item in [spec] if isinstance(spec, str) else list(spec):
        s = str(item).strip()
        if s in areas.index:
            out.append(s)
        elif s.lower() in names:
            out.append(names[s.lower()])
        else:
            unknown.append(s)
    if unknown:
        raise OngeldigeInvoer(f"Aangewezen aandachtsgebied(en) onbekend in deze indeling: {', '.join(unknown)}. "
                              "Gebruik codes of namen van de gebieden.")
    return out


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


def wijkanalyse(
    gemeente: str | GemeenteData,
    niveau: str | Indeling = "buurt",
    jaar: int | None = None,
    bron: str | None = None,
    enquete=None,
    enquete_kolommen: dict[str, str] | None = None,
    gewichten: dict[str, float] | None = None,
    richtingen: dict[str, str] | None = None,
    drempels: dict[str, float] | None = None,
    aangewezen=None,
    catalogus=None,
    min_inwoners: float = 250,
    meldingen=None,
    meldingen_periode: tuple | None = None,
    drempel_publicatie: int = 5,
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
        Areas with fewer inhabitants get no aandachtsgebied score (default 250).
    meldingen : MeldingenImport or GeoDataFrame, optional
        Meldingen openbare ruimte (:func:`wijkscan.lees_meldingen`); counted per buurt over
        ``meldingen_periode`` (``(begin, eind)``; default: from the date the file is complete,
        ``attrs["volledig_vanaf"]``, or the first melding, to the last) and related to the
        inhabitants of the analysis year as ``meldingen_per_1000``.
    drempel_publicatie : int
        Counts below this are suppressed in the published meldingen table (default 5).

    Returns
    -------
    Wijkprofiel
    """
    if isinstance(gemeente, GemeenteData):
        _past_bij(gemeente, jaar, bron)
        data = gemeente
    else:
        data = load(gemeente, jaar=2024 if jaar is None else jaar, bron="auto" if bron is None else bron)
    cat = builtin_catalogus() if catalogus is None else lees_catalogus(catalogus)
    indeling = _indeling(data, niveau)
    toewijzing = indeling.gebied_van()
    namen = indeling.gebieden.naam
    long = data.kerncijfers[["code", "niveau", "jaar", "variabele", "waarde"]].copy()
    long.attrs = {}
    long["waarde"] = long.waarde.astype(float)
    enq, direct, teksten = None, None, pd.DataFrame(columns=["gebied", "soort", "tekst"])
    if enquete is not None:
        known = pd.concat([data.gebieden[["naam"]], indeling.gebieden[["naam"]]])
        known = known[~known.index.duplicated()]
        enq = lees_enquete(enquete, known, data.jaar, cat, enquete_kolommen, voorkeur=indeling.gebieden.index)
        _alleen_bruikbaar(enq, data, indeling)
        teksten = enq.teksten[["gebied", "soort", "tekst"]]
        s = enq.scores
        cbs_levels = data.gebieden.niveau
        in_cbs = s.gebied.isin(cbs_levels.index) & ~(
            s.gebied.isin(indeling.gebieden.index) & (indeling.naam not in ("buurt", "wijk", "gemeente")))
        rows = s[in_cbs].assign(code=s.gebied, niveau=s.gebied.map(cbs_levels), variabele=s.indicator,
                                waarde=s.score)
        long = pd.concat([long, rows[["code", "niveau", "jaar", "variabele", "waarde"]]], ignore_index=True)
        direct = s[~in_cbs].rename(columns={"score": "waarde"})[["gebied", "jaar", "indicator", "waarde"]]
    m_tabel, m_periode, m_notes = None, "", []
    if meldingen is not None:
        m_rows, m_tabel, m_periode, m_notes = _meldingen(data, meldingen, meldingen_periode, indeling,
                                                         drempel_publicatie)
        long = pd.concat([long, m_rows], ignore_index=True)
    profiel, reeks = bereken_profiel(long, data.trend, cat, data.code, indeling.naam, toewijzing, namen, data.jaar,
                                     direct)
    if meldingen is not None:
        profiel = _onderdruk_meldingen(profiel, cat, drempel_publicatie, m_periode)
    trends = bereken_trends(profiel, reeks, data.code)
    signalen, niet_bepaald = bepaal_signalen(profiel, trends, data.code, data.jaar, drempels)
    scores, bijdragen = bereken_aandachtsgebieden(
        profiel, cat, data.jaar, gewichten=gewichten, richtingen=richtingen,
        aangewezen=_aangewezen(aangewezen, indeling), min_inwoners=min_inwoners)
    return Wijkprofiel(gemeente=data, indeling=indeling, jaar=data.jaar, profiel=profiel, trends=trends,
                       signalen=signalen, niet_bepaald=niet_bepaald, aandachtsgebieden=scores, bijdragen=bijdragen,
                       catalogus=cat, enquete=enq, teksten=teksten, meldingen=m_tabel, meldingen_periode=m_periode,
                       opmerkingen=m_notes, drempel_publicatie=drempel_publicatie)


__all__ = ["Wijkprofiel", "wijkanalyse"]
