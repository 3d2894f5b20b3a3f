"""``wijkscan.load``: areas and kerncijfers of a gemeente in one call.

The figures come from the cache, from CBS/PDOK, or from the embedded snapshot, and the
result says which. Nothing here draws or analyses; it only gathers.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TypeAlias

import geopandas as gpd
import pandas as pd

from .errors import GeenTabel, GeenVerbinding, OngeldigeInvoer
from .nlformat import getal
from .settings import settings
from .sources import cbs, embedded, pdok
from .sources.gemeenten import PROVINCIES, gemeente_code, gemeente_naam, provincie_gemeenten, provincie_naam

BRONNEN = ("auto", "online", "ingebouwd")
BRON_TEKST = {
    "ingebouwd": "ingebouwde gegevens (wijkscan/data, zie PROVENANCE.md)",
    "cache": "cache van een eerdere download",
    "CBS": "CBS open data (live)",
    "PDOK": "PDOK (live)",
}

#: Columns of :meth:`GemeenteData.tabel` shown in summaries (variable, label, decimals, unit)
OVERZICHT = [
    ("AantalInwoners", "inwoners", 0, ""),
    ("aandeel_65plus", "65+", 0, "%"),
    ("HuishoudensTotaal", "huishoudens", 0, ""),
    ("GemiddeldeWOZWaardeVanWoningen", "WOZ (×1.000 €)", 0, ""),
    ("Koopwoningen", "koop", 0, "%"),
    ("GemiddeldInkomenPerInwoner", "inkomen/inw. (×1.000 €)", 1, ""),
]


@dataclass
class GemeenteData:
    """Areas and kerncijfers of one gemeente, as :func:`load` returns them.

    Attributes
    ----------
    code, naam, jaar
        The gemeente and the year of the kerncijfers.
    gebieden : GeoDataFrame
        Gemeente, wijken and buurten, indexed by ``code``; RD New (EPSG:28992).
    kerncijfers : DataFrame
        Tidy: ``code, naam, niveau, jaar, variabele, waarde`` (Nederland as niveau "land").
    variabelen : DataFrame
        Metadata per variable (CBS key, title, unit, table).
    trend : DataFrame
        Gemeente-level kerncijfers over the years (tidy), where available.
    bron : dict
        Where each part came from: ``{"kerncijfers": "CBS" | "cache" | "ingebouwd", ...}``.
    opmerkingen : list of str
        Things the user should know (areas without geometry, a fallback to the snapshot, what is missing).
    ontbrekend, ontbrekend_tekst
        The variables the data lack for this gemeente, and one plain Dutch sentence saying so (``None``
        when nothing is missing); reports and tables show the sentence instead of many "geen gegevens".
    gemeenten : list of str
        The gemeente codes inside: one, or several for ``load(["Hoorn", "Assen"])`` / ``load("Nederland")``.
    """

    code: str
    naam: str
    jaar: int
    gebieden: gpd.GeoDataFrame
    kerncijfers: pd.DataFrame
    variabelen: pd.DataFrame
    trend: pd.DataFrame
    bron: dict[str, str]
    opmerkingen: list[str] = field(default_factory=list)
    #: harmonised variables the data lack for this gemeente (every area), and the one Dutch sentence that says so
    ontbrekend: list[str] = field(default_factory=list)
    ontbrekend_tekst: str | None = None
    #: the gemeente codes inside (one, or several when loaded for a list of gemeenten or all of Nederland)
    gemeenten: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.gemeenten:
            self.gemeenten = [self.code]

    def tabel(self, niveau: str = "buurt", jaar: int | None = None) -> pd.DataFrame:
        """Wide table: one row per area of ``niveau``, one column per variable.

        Adds ``aandeel_65plus`` (% of inwoners aged 65 or over) when the counts are there.

        Example
        -------
        >>> vs = load("Voorschoten", bron="ingebouwd")
        >>> int(vs.tabel("gemeente").loc["GM0626", "AantalInwoners"])
        25625
        """
        jaar = self.jaar if jaar is None else jaar
        kc = self.kerncijfers[(self.kerncijfers.niveau == niveau) & (self.kerncijfers.jaar == jaar)]
        wide = kc.pivot_table(index="code", columns="variabele", values="waarde", aggfunc="first",
                              dropna=False)
        wide.columns.name = None
        if {"k_65JaarOfOuder", "AantalInwoners"} <= set(wide.columns):
            wide["aandeel_65plus"] = 100 * wide.k_65JaarOfOuder / wide.AantalInwoners.where(
                wide.AantalInwoners > 0)
        names = self.gebieden.naam if niveau != "land" else pd.Series({"NL00": "Nederland"})
        wide.insert(0, "naam", names.reindex(wide.index))
        return wide.sort_index()

    def samenvatting(self, niveau: str = "buurt") -> str:
        """A short Dutch text summary, one line per area (used by ``wijkscan demo``)."""
        t = self.tabel(niveau)
        meervoud = {"buurt": "buurten", "wijk": "wijken", "gemeente": "gemeente", "land": "land"}.get(niveau, niveau)
        lines = [f"{self.naam} ({self.code}) — kerncijfers {self.jaar}, {len(t)} {meervoud}"]
        lines.append("bron: " + "; ".join(f"{k}: {BRON_TEKST.get(v, v)}" for k, v in self.bron.items()))
        for code, row in t.iterrows():
            parts = [f"{label} {getal(row.get(var), dec, unit)}" for var, label, dec, unit in OVERZICHT]
            lines.append(f"  {row['naam']} ({code}): " + ", ".join(parts))
        lines.extend(f"let op: {o}" for o in self.opmerkingen)
        return "\n".join(lines)

    def __repr__(self) -> str:
        n = self.gebieden.niveau.value_counts()
        inw = self.tabel("gemeente").get("AantalInwoners")
        inw_txt = getal(inw.sum(min_count=1)) if inw is not None and len(inw) else "geen gegevens"
        inw_txt += " inwoners" + (f" in {len(self.gemeenten)} gemeenten" if len(self.gemeenten) > 1 else "")
        from .teksten import aantal

        bron = ", ".join(f"{k}: {v}" for k, v in self.bron.items())
        return (
            f"<GemeenteData {self.naam} ({self.code}) {self.jaar}: {inw_txt}, "
            f"{aantal(n.get('wijk', 0), 'wijk', nul='0')}, {aantal(n.get('buurt', 0), 'buurt', nul='0')}; bron {bron}>"
        )

    def _repr_html_(self) -> str:
        t = self.tabel("buurt")
        head = "".join(f"<th>{html.escape(label)}</th>" for _, label, _, _ in OVERZICHT)
        rows = []
        for code, row in t.iterrows():
            cells = "".join(
                f"<td style='text-align:right'>{html.escape(getal(row.get(v), d, u))}</td>"
                for v, _, d, u in OVERZICHT
            )
            rows.append(f"<tr><td>{html.escape(str(row['naam']))}</td><td>{code}</td>{cells}</tr>")
        notes = "".join(f"<li>{html.escape(o)}</li>" for o in self.opmerkingen)
        bron = "; ".join(f"{k}: {BRON_TEKST.get(v, v)}" for k, v in self.bron.items())
        return (
            f"<div><strong>{html.escape(self.naam)} ({self.code})</strong> — kerncijfers {self.jaar}"
            f"<br><small>Bron: {html.escape(bron)}</small>"
            f"<table><thead><tr><th>buurt</th><th>code</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
            f"{'<ul>' + notes + '</ul>' if notes else ''}</div>"
        )


#: What a public function accepts as "the areas": a loaded gemeente, or a GeoDataFrame of areas (index ``code``).
Gebieden: TypeAlias = "GemeenteData | gpd.GeoDataFrame"


def gebieden_van(gebieden: GemeenteData | gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, GemeenteData | None]:
    """The one adapter at the public edge for "the areas": the GeoDataFrame to work on, and the GemeenteData
    when one was given (for its inhabitants and kerncijfers), else None.

    A function that accepts either calls this once and passes the GeoDataFrame on; the analysis steps behind it
    take a GeoDataFrame only.

    Example
    -------
    >>> import wijkscan
    >>> vs = wijkscan.load("Voorschoten", bron="ingebouwd")
    >>> vlakken, gegevens = gebieden_van(vs)
    >>> len(vlakken) == len(vs.gebieden), gegevens is vs
    (True, True)
    """
    if isinstance(gebieden, GemeenteData):
        return gebieden.gebieden, gebieden
    if isinstance(gebieden, gpd.GeoDataFrame):
        return gebieden, None
    raise OngeldigeInvoer(
        f"Gebieden moeten geladen gegevens zijn (wijkscan.load) of een tabel met vlakken (GeoDataFrame), geen "
        f"{type(gebieden).__name__}. Laad de gemeente met wijkscan.load('naam') en geef die mee.")


def _zonder_vlak_tekst(zonder: list[str], jaar: int, benaderd: int = 0) -> str:
    lijst = ", ".join(zonder) if len(zonder) <= 10 else ", ".join(zonder[:5]) + f" en {len(zonder) - 5} andere"
    wat = "buurt staat" if len(zonder) == 1 else "buurten staan"
    tekst = (f"{len(zonder)} {wat} van {jaar} niet op de meegeleverde buurtkaart (circa 2019) en "
             f"{'heeft' if len(zonder) == 1 else 'hebben'} geen vlak: {lijst}. ")
    if not benaderd:
        return tekst + "Ze tellen mee in tabellen, niet op kaarten."
    wie = "Ze staan" if benaderd == len(zonder) else f"{benaderd} ervan staan"
    return (tekst + f"Ze tellen mee in tabellen. {wie} op kaarten met een grens bij benadering (stippellijn, uit een "
            "schematische kaart); meldingen worden er niet aan toegekend en er wordt niets mee berekend.")


def _from_embedded(code: str | list[str], jaar: int, naam_en_code: tuple[str, str] | None = None) -> GemeenteData:
    if int(jaar) != embedded.JAAR:
        raise GeenTabel(
            f"De ingebouwde gegevens zijn van {embedded.JAAR}, niet van {jaar}. Kies jaar={embedded.JAAR}, "
            "of haal het jaar op bij CBS (met internet)."
        )
    codes = [code] if isinstance(code, str) else list(code)
    geb = embedded.gebieden(codes)
    kc = embedded.kerncijfers(codes)
    zonder = geb.index[geb.geometry.isna()].tolist()
    notes = []
    if zonder:
        benaderd = int(geb.grens_bij_benadering.notna().sum()) if "grens_bij_benadering" in geb.columns else 0
        notes.append(_zonder_vlak_tekst(zonder, int(jaar), benaderd))
    naam, hoofd = naam_en_code or _naam_en_code(codes)
    tekst = embedded.ontbrekend_tekst(codes, naam)
    if tekst:
        notes.append(tekst)
    return GemeenteData(
        code=hoofd, naam=naam, jaar=int(jaar), gebieden=geb, kerncijfers=kc,
        variabelen=embedded.variabelen(), trend=embedded.trend(codes),
        bron={"kerncijfers": "ingebouwd", "grenzen": "ingebouwd"}, opmerkingen=notes,
        ontbrekend=embedded.ontbrekend(codes), gemeenten=codes,
        ontbrekend_tekst=_met_vlakken(tekst, geb) if len(codes) == 1 else tekst,
    )


def _met_vlakken(tekst: str | None, geb: pd.DataFrame) -> str | None:
    """``ontbrekend_tekst`` plus one sentence on the buurten without a polygon in the snapshot."""
    n = int((geb.geometry.isna() & (geb.niveau == "buurt")).sum())
    if not n:
        return tekst
    vlak = (f"{n} {'buurt heeft' if n == 1 else 'buurten hebben'} geen vlak op de meegeleverde buurtkaart (circa "
            "2019): ze tellen mee in de tabellen; een kaart per wijk (niveau 'wijk') toont ze wel.")
    return f"{tekst} {vlak}" if tekst else vlak


def _naam_en_code(codes: list[str]) -> tuple[str, str]:
    """Name and code of what was loaded: the gemeente itself, "Nederland" (NL00) for all, else a joined name."""
    alle = embedded.gemeenten()
    if len(codes) == 1:
        return alle.get(codes[0]) or gemeente_naam(codes[0]) or codes[0], codes[0]
    if set(codes) == set(alle):
        return "Nederland", "NL00"
    namen = [alle.get(c, c) for c in codes]
    naam = ", ".join(namen[:-1]) + " en " + namen[-1] if len(namen) <= 4 else f"{len(codes)} gemeenten"
    return naam, "+".join(codes)


def _from_services(code: str, jaar: int) -> GemeenteData:
    kc, kc_herkomst = cbs.kerncijfers_met_herkomst(code, jaar, niveau=None)
    regions = cbs.gebieden(code, jaar)
    regions = regions[regions.niveau != "land"].set_index("code")
    parts, bron_grenzen, water = [], set(), {}
    pdok_notes: list[str] = []
    for niveau in ("gemeente", "wijk", "buurt"):
        g, herkomst = pdok.grenzen_met_herkomst(code, jaar, niveau)
        bron_grenzen.add(herkomst.bron)
        water[niveau] = herkomst.water_weggelaten
        # the water remarks become one sentence below; other remarks (merged parts) as they are
        pdok_notes.extend(o for o in herkomst.opmerkingen if "watervla" not in o)
        parts.append(g[["geometry"]])
    if any(water.values()):
        bij = {"gemeente": "de gemeente", "wijk": "de wijken", "buurt": "de buurten"}
        delen = [f"{n} bij {bij[niv]}" for niv, n in water.items() if n]
        lijst = delen[0] if len(delen) == 1 else ", ".join(delen[:-1]) + " en " + delen[-1]
        pdok_notes.insert(0, "PDOK levert het water van een gebied als apart vlak met dezelfde code; die "
                             f"watervlakken zijn weggelaten ({lijst}), zodat elk gebied één keer meetelt.")
    geo = gpd.GeoDataFrame(pd.concat(parts), geometry="geometry", crs=pdok.RD)
    geb = regions[["naam", "niveau", "wijk", "gemeente"]].join(geo, how="left")
    geb["geometrie_jaar"] = str(jaar)
    geb.loc[geb.geometry.isna(), "geometrie_jaar"] = "geen geometrie"
    geb = gpd.GeoDataFrame(geb, geometry="geometry", crs=pdok.RD)
    notes = list(pdok_notes)
    zonder = geb.index[geb.geometry.isna()].tolist()
    if zonder:
        notes.append(f"Geen vlak bij PDOK voor: {', '.join(zonder)}.")
    extra = sorted(set(geo.index) - set(geb.index))
    if extra:
        notes.append(f"Vlakken bij PDOK zonder gebied in de CBS-tabel (niet gebruikt): {', '.join(extra)}.")
    trend = embedded.trend(code) if embedded.heeft(code) else pd.DataFrame(
        columns=["code", "jaar", "variabele", "waarde", "bron"])
    bron_grenzen.discard(None)
    naam = gemeente_naam(code) or str(geb.naam.get(code, code))
    ontbrekend, tekst = _ontbrekend_online(kc, naam)
    if tekst:
        notes.append(tekst)
    return GemeenteData(
        code=code, naam=naam, jaar=int(jaar), gebieden=geb,
        kerncijfers=kc, variabelen=kc_herkomst.variabelen, trend=trend,
        bron={"kerncijfers": kc_herkomst.bron, "grenzen": "PDOK" if "PDOK" in bron_grenzen else "cache"},
        opmerkingen=notes, ontbrekend=ontbrekend, ontbrekend_tekst=tekst,
    )


def _ontbrekend_online(kc: pd.DataFrame, naam: str) -> tuple[list[str], str | None]:
    """The variables of :data:`embedded.LABELS` that the fetched figures hold for no area of the gemeente."""
    eigen = kc[(kc.niveau != "land") & kc.waarde.notna()]
    mist = [v for v in embedded.LABELS if v not in set(eigen.variabele)]
    if not mist:
        return [], None
    labels = [embedded.LABELS[v] for v in mist]
    lijst = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " en " + labels[-1]
    return mist, f"In de cijfers van {naam} {'ontbreekt' if len(labels) == 1 else 'ontbreken'} {lijst}."


#: Names that mean every gemeente of the Netherlands in :func:`load`.
NEDERLAND = ("nederland", "nl", "nl00", "alle")


def load(gemeente: str | list[str] | tuple[str, ...] | None = None, jaar: int = 2024, bron: str = "auto",
         *, provincie: str | None = None) -> GemeenteData:
    """Areas and kerncijfers of a gemeente — or of several, or all of Nederland — in one call.

    Parameters
    ----------
    gemeente : str or list of str, optional
        Name ("Voorschoten") or code ("GM0626"); a list of them (``["Hoorn", "Assen"]``); or
        ``"Nederland"`` for all 342 gemeenten; leave it out when ``provincie`` is given. Several gemeenten come
        from the embedded snapshot and give one :class:`GemeenteData` whose ``gemeenten`` lists the codes; every
        buurt keeps its own gemeente (column ``gemeente`` of ``gebieden``), so a wijkanalyse compares it with that
        gemeente.
    jaar : int
        Year of the kerncijfers (and vintage of the boundaries).
    bron : {"auto", "online", "ingebouwd"}
        ``"auto"`` uses the cache or CBS/PDOK and falls back to the embedded snapshot when
        they cannot be reached (or ``settings.offline`` is set); ``"online"`` never falls
        back; ``"ingebouwd"`` uses only the snapshot.
    provincie : str, optional
        All gemeenten of a provincie, like a list of them (from the embedded snapshot): the name without regard
        to case and accents ("Drenthe", "fryslan", "Friesland", "Noord Holland") or the CBS code ("PV22").
        The result is named after the provincie, with the CBS provincie code as ``code``.

    Returns
    -------
    GemeenteData
        Shows itself as a table in Jupyter; ``.bron`` says where the figures came from,
        ``.ontbrekend_tekst`` what the data lack.

    Example
    -------
    >>> import wijkscan
    >>> vs = wijkscan.load("Voorschoten", bron="ingebouwd")
    >>> int(vs.tabel("buurt").AantalInwoners.count())
    12
    >>> twee = wijkscan.load(["Hoorn", "Assen"], bron="ingebouwd")
    >>> twee.naam, twee.gemeenten, int((twee.gebieden.niveau == "buurt").sum())
    ('Hoorn en Assen', ['GM0405', 'GM0106'], 183)
    >>> dr = wijkscan.load(provincie="drenthe")
    >>> dr.naam, dr.code, len(dr.gemeenten)
    ('Drenthe', 'PV22', 12)
    """
    if bron not in BRONNEN:
        raise OngeldigeInvoer(f"Onbekende bron '{bron}'. Kies uit: {', '.join(BRONNEN)}.")
    if provincie is not None:
        return _provincie(provincie, gemeente, jaar, bron)
    if gemeente is None:
        raise OngeldigeInvoer("Geef een gemeente op (naam of code, een lijst van gemeenten of 'Nederland'), of een "
                              "provincie: wijkscan.load('Assen') of wijkscan.load(provincie='Drenthe').")
    if isinstance(gemeente, str) and gemeente.strip().lower() in NEDERLAND:
        gemeente = list(embedded.gemeenten())
    if not isinstance(gemeente, str):
        codes = list(dict.fromkeys(gemeente_code(g) for g in gemeente))
        if not codes:
            raise OngeldigeInvoer("De lijst met gemeenten is leeg. Geef minstens één gemeente op.")
        if len(codes) > 1:
            if bron == "online":
                raise OngeldigeInvoer("Meerdere gemeenten tegelijk komen uit de ingebouwde gegevens; laad ze online "
                                      "één voor één, of gebruik bron='ingebouwd'.")
            return _from_embedded(codes, jaar)
        gemeente = codes[0]
    code = gemeente_code(gemeente)
    if bron == "ingebouwd":
        return _from_embedded(code, jaar)
    try:
        return _from_services(code, jaar)
    except GeenVerbinding:
        if bron == "online" or not embedded.heeft(code) or int(jaar) != embedded.JAAR:
            raise
        data = _from_embedded(code, jaar)
        reden = "wijkscan staat offline" if settings.offline else "CBS/PDOK niet bereikbaar"
        data.opmerkingen.insert(0, f"{reden}; de ingebouwde gegevens zijn gebruikt.")   # no class name: a report reads it
        return data


def _provincie(provincie: str, gemeente, jaar: int, bron: str) -> GemeenteData:
    """All gemeenten of a provincie from the embedded snapshot, named after the provincie (see :func:`load`)."""
    if gemeente is not None:
        raise OngeldigeInvoer(
            "Geef een gemeente of een provincie op, niet allebei: wijkscan.load('Assen') of "
            "wijkscan.load(provincie='Drenthe'). Voor enkele gemeenten samen: een lijst, bijv. ['Assen', 'Emmen'].")
    naam = provincie_naam(provincie)
    if bron == "online":
        raise OngeldigeInvoer(f"Alle gemeenten van {naam} tegelijk komen uit de ingebouwde gegevens; laad ze online "
                              "één voor één, of gebruik bron='ingebouwd'.")
    code = next(c for c, n in PROVINCIES.items() if n == naam)
    return _from_embedded(provincie_gemeenten(naam), jaar, (naam, code))
