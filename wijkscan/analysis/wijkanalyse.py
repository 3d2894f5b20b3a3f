"""``wijkscan.wijkanalyse``: the whole Bijlage C profile of every area in one call.

Example
-------
>>> import wijkscan
>>> wa = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
>>> round(wa.waarde("BU06260006", "leeftijd_65plus_aandeel"), 1)   # Bijdorp: 615 of 1565
39.3
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from ..areas import Indeling, cbs_indeling, pc4_indeling
from ..errors import OngeldigeInvoer
from ..indicators import THEMAS, lees_catalogus
from ..indicators import catalogus as builtin_catalogus
from ..loading import GemeenteData, load
from ..nlformat import getal
from ..sources.survey import EnqueteImport, lees_enquete
from .aandachtsgebieden import bereken_aandachtsgebieden
from .profiel import bereken_profiel, bereken_trends
from .signalen import bepaal_signalen

THEMA_VOLGORDE = list(THEMAS)


@dataclass
class Wijkprofiel:
    """The wijkanalyse of one gemeente for one indeling (buurten, wijken, PC4, own areas).

    Attributes
    ----------
    gemeente : GemeenteData
        What it was computed from (areas, kerncijfers, sources).
    indeling : Indeling
        The areas and how buurten were assigned to them (with its ``rapport``).
    jaar : int
    profiel : DataFrame
        Tidy: area × indicator × year with gemeente, Nederland, index, rank, reason.
    trends : DataFrame
        Change per year of every area × indicator with at least two years.
    signalen : DataFrame
        Plain-Dutch flags with the numbers behind them.
    niet_bepaald : DataFrame
        Signals that could not be evaluated per area, with the reason.
    aandachtsgebieden : DataFrame
        Composite score, rank, status, designated or computed.
    bijdragen : DataFrame
        The contribution of every indicator to every area's score.
    enquete : EnqueteImport or None
        The survey as read, with rejected rows.
    teksten : DataFrame
        "sterke punten" / "te verbeteren" per area.
    catalogus : DataFrame
        The indicator catalogue used.
    meldingen : DataFrame or None
        Publication-safe meldingen counts per area and category (``gebied, categorie,
        aantal``; counts under 5 are NA), when meldingen were given.
    meldingen_periode : str
        The period those counts cover, in Dutch.
    opmerkingen : list of str
        Remarks about the input (e.g. meldingen that fall in no buurt).
    """

    gemeente: GemeenteData
    indeling: Indeling
    jaar: int
    profiel: pd.DataFrame
    trends: pd.DataFrame
    signalen: pd.DataFrame
    niet_bepaald: pd.DataFrame
    aandachtsgebieden: pd.DataFrame
    bijdragen: pd.DataFrame
    catalogus: pd.DataFrame
    enquete: EnqueteImport | None = None
    teksten: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["gebied", "soort", "tekst"]))
    meldingen: pd.DataFrame | None = None
    meldingen_periode: str = ""
    opmerkingen: list[str] = field(default_factory=list)
    drempel_publicatie: int = 5

    # --- looking things up -------------------------------------------------------------
    def waarde(self, gebied: str, indicator: str, jaar: int | None = None) -> float:
        """The value of one indicator for one area (NaN when missing)."""
        jaar = self.jaar if jaar is None else jaar
        p = self.profiel
        hit = p[(p.gebied == gebied) & (p.indicator == indicator) & (p.jaar == jaar)].waarde
        return float(hit.iloc[0]) if len(hit) else float("nan")

    def tabel(self, thema: str | None = None, jaar: int | None = None, labels: bool = True) -> pd.DataFrame:
        """Wide table: one row per area, one column per indicator (optionally of one theme)."""
        jaar = self.jaar if jaar is None else jaar
        p = self.profiel[self.profiel.jaar == jaar]
        if thema:
            if thema not in THEMA_VOLGORDE:
                raise OngeldigeInvoer(f"Onbekend thema '{thema}'. Kies uit: {', '.join(THEMA_VOLGORDE)}.")
            p = p[p.thema == thema]
        wide = p.pivot_table(index="gebied", columns="indicator", values="waarde", aggfunc="first", dropna=False)
        order = [i for i in self.catalogus.index if i in wide.columns]
        names = p.drop_duplicates("gebied").set_index("gebied").naam
        wide = wide[order].set_index(pd.MultiIndex.from_arrays([wide.index, names.reindex(wide.index)],
                                                               names=["gebied", "naam"]))
        if labels:
            wide.columns = [self.catalogus.loc[i, "label"] + _unit(self.catalogus.loc[i, "eenheid"]) for i in order]
        wide.columns.name = None
        return wide

    def gebied(self, code: str) -> pd.DataFrame:
        """Profile of one area: every indicator with gemeente, Nederland, index, rank and trend."""
        p = self.profiel[(self.profiel.gebied == code) & (self.profiel.jaar == self.jaar)]
        if p.empty:
            raise OngeldigeInvoer(f"Gebied '{code}' hoort niet bij deze wijkanalyse. "
                                  f"Kies uit: {', '.join(sorted(self.profiel.gebied.unique())[:10])} …")
        t = self.trends[self.trends.gebied == code].set_index("indicator")
        out = p.set_index("indicator")[["label", "thema", "eenheid", "waarde", "gemeente", "nederland", "index", "rang",
                                        "aantal_gebieden", "reden"]]
        out = out.join(t[["eerste_jaar", "laatste_jaar", "per_jaar"]])
        return out

    # --- output ----------------------------------------------------------------------
    def _uitvoertabellen(self) -> dict[str, pd.DataFrame]:
        """The tables of :meth:`naar_excel` and :meth:`naar_csv`, rounded to what the numbers mean."""
        from ..report.excel import afronden

        cat = self.catalogus
        dec = {}
        for i, kolom in zip(self.tabel(labels=False).columns, self.tabel().columns, strict=True):
            d = int(cat.loc[i, "decimalen"]) if i in cat.index and pd.notna(cat.loc[i, "decimalen"]) else 1
            dec[kolom] = max(d, 1) if i in cat.index and cat.loc[i, "eenheid"] == "%" else d
        return {
            "overzicht": afronden(self.tabel(), dec),
            "profiel": afronden(self.profiel, catalogus=cat),
            "trends": afronden(self.trends, catalogus=cat),
            "signalen": afronden(self.signalen, catalogus=cat),
            "aandachtsgebieden": afronden(self.aandachtsgebieden),
            "bijdragen": afronden(self.bijdragen),
        }

    def naar_excel(self, pad: str | Path) -> Path:
        """Write every table to one Excel workbook (one sheet each): number formats, frozen header, filter."""
        from ..report.excel import afronden, schrijf_excel

        bladen = self._uitvoertabellen()
        bladen["meldingen bij invoer"] = self.rapport()
        bladen["indicatoren"] = afronden(self.catalogus.reset_index())
        return schrijf_excel(bladen, pad)

    def naar_csv(self, map_: str | Path) -> list[Path]:
        """Write the tables as CSV (``;``, decimal comma, UTF-8 with BOM: opens in Dutch Excel)."""
        from ..report.excel import schrijf_csv

        folder = Path(map_)
        return [schrijf_csv(df, folder / f"{naam}.csv", index=naam == "overzicht")
                for naam, df in self._uitvoertabellen().items()]

    def rapport(self) -> pd.DataFrame:
        """Everything the user should know about the input: indeling, survey, data."""
        rows = [("gegevens", "", o) for o in self.gemeente.opmerkingen]
        rows += [("meldingen", "", o) for o in self.opmerkingen]
        for r in self.indeling.rapport.itertuples():
            rows.append(("indeling", r.buurt, f"{r.kwestie}: {r.detail}"))
        if self.enquete is not None:
            for r in self.enquete.afgewezen.itertuples():
                rows.append(("enquête", f"rij {r.rij}", r.reden))
        return pd.DataFrame(rows, columns=["onderdeel", "wat", "melding"])

    def __repr__(self) -> str:
        n_aandacht = int((self.aandachtsgebieden.status == "aandachtsgebied").sum())
        return (f"<Wijkprofiel {self.gemeente.naam} {self.jaar}, indeling '{self.indeling.naam}': "
                f"{self.profiel.gebied.nunique()} gebieden, {self.profiel.indicator.nunique()} indicatoren, "
                f"{len(self.signalen)} signalen, {n_aandacht} aandachtsgebied(en)>")

    def _repr_html_(self) -> str:
        a = self.aandachtsgebieden.head(10)
        rows = "".join(
            f"<tr><td>{html.escape(str(r.naam))}</td><td>{html.escape(r.gebied)}</td>"
            f"<td style='text-align:right'>{getal(r.score, 2)}</td><td>{html.escape(r.status)}</td>"
            f"<td>{html.escape(r.toelichting)}</td></tr>" for r in a.itertuples())
        sig = "".join(f"<li><b>{html.escape(str(r.naam))}</b>: {html.escape(r.tekst)}</li>"
                      for r in self.signalen.head(12).itertuples())
        notes = "".join(f"<li>{html.escape(r.melding)}</li>" for r in self.rapport().head(10).itertuples())
        return (
            f"<div><h4>Wijkanalyse {html.escape(self.gemeente.naam)} {self.jaar} — "
            f"{html.escape(self.indeling.naam)} ({self.profiel.gebied.nunique()} gebieden)</h4>"
            f"<p><b>Aandachtsgebieden</b> (score: gewogen robuuste z-score, hoger = minder gunstig)</p>"
            f"<table><tr><th>gebied</th><th>code</th><th>score</th><th>status</th><th>vooral door</th></tr>{rows}</table>"
            f"<p><b>Signalen</b> ({len(self.signalen)})</p><ul>{sig}</ul>"
            + (f"<p><b>Let op bij de invoer</b></p><ul>{notes}</ul>" if notes else "") + "</div>"
        )


def _unit(eenheid: str) -> str:
    return f" ({eenheid})" if eenheid and eenheid not in ("aantal",) else ""


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
    from .meldingen import kruistabel, onderdruk

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


# --- issue 12: the national indices (CBS SES, Leefbaarometer) enter the profile when online ---------
def _indices(data: GemeenteData) -> tuple[pd.DataFrame, list[str]]:
    """SES scores and Leefbaarometer per buurt as kerncijfers rows, with remarks.

    Only when the figures came from CBS (online), or when the index is already cached; never
    with the embedded snapshot. A failing index is a remark, not an error.
    """
    from ..errors import WijkscanFout
    from ..settings import settings
    from ..sources import leefbaarometer, ses

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


def wijkanalyse(
    gemeente: str | GemeenteData,
    niveau: str | Indeling = "buurt",
    jaar: int = 2024,
    bron: str = "auto",
    enquete=None,
    enquete_kolommen: dict[str, str] | None = None,
    gewichten: dict[str, float] | None = None,
    richtingen: dict[str, str] | None = None,
    drempels: dict[str, float] | None = None,
    aangewezen=None,
    catalogus=None,
    min_inwoners: float = 100,
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
        Passed to :func:`wijkscan.load` when ``gemeente`` is a name or code.
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
    data = gemeente if isinstance(gemeente, GemeenteData) else load(gemeente, jaar=jaar, bron=bron)
    cat = builtin_catalogus() if catalogus is None else lees_catalogus(catalogus)
    indeling = _indeling(data, niveau)
    toewijzing = indeling.gebied_van()
    namen = indeling.gebieden.naam
    long = data.kerncijfers[["code", "niveau", "jaar", "variabele", "waarde"]].copy()
    long.attrs = {}
    long["waarde"] = long.waarde.astype(float)
    idx_rows, idx_notes = _indices(data)                                   # issue 12
    if len(idx_rows):
        long = pd.concat([long, idx_rows.astype({"waarde": float})], ignore_index=True)
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
    if len(getattr(data, "gemeenten", [data.code])) > 1:     # issue 10: several gemeenten, each area beside its own
        from .landelijk import eigen_gemeente

        profiel = eigen_gemeente(profiel, long, data.trend, cat, data.gebieden, toewijzing)
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
                       opmerkingen=m_notes + idx_notes, drempel_publicatie=drempel_publicatie)


__all__ = ["Wijkprofiel", "wijkanalyse"]
