"""Interactive maps of a wijkanalyse (folium / Leaflet), for Jupyter, a website or an intranet.

:func:`kaart` draws one indicator of a :class:`~wijkscan.Wijkprofiel` as a choropleth, with the
aandachtsgebieden on top and, when meldingen are given, publication-safe meldingen layers:

* **meldingen per 1.000 inwoners** per gebied;
* **meldingen per zeshoek** (hexagons of 250 m edge), also **per categorie** as separate layers;
* a **heatmap** made from counts per square cell (never from the points themselves);
* **hotspots** (Getis-Ord Gi*, see :mod:`wijkscan.analysis.hotspots`).

Privacy: a published map holds only area names, category names and counts. Counts below
``drempel`` (5) are not shown: such hexagons and heatmap cells are left out, such areas get
"minder dan 5". Exact points appear only with ``intern=True``, and then the map says "alleen voor
intern gebruik" in its title box and in the page title.

All text is escaped: names and categories reach the page only as JSON strings, which the page
puts into ``textContent`` (tooltips) or which were HTML-escaped in Python (legend, layer menu).

Geometry leaves RD New only here (:mod:`wijkscan.maps._geo`): simplified by 2 m, rounded to
5 decimals (≈ 1 m) and packed as delta-encoded integers, so a whole gemeente with all meldingen
layers stays small (see ``benchmarks/bench_kaart_grootte.py``).
"""

from __future__ import annotations

import dataclasses
import functools
import html
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.map import Layer
from folium.template import Template

from .. import tekens
from ..errors import OngeldigeInvoer
from ..nlformat import GEEN_GEGEVENS, getal
from ..teksten import grenzen_bron, in_zin
from . import _geo, assets
from ._gegevens import (
    BENADERING,
    RANG_LABEL,
    Kaartgegevens,
    indeling_tekst,
    kaartgegevens,
    kop,
    naamvolgorde,
    per_gebied_tekst,
    waarde_tekst,
)
from ._runtime import ARCERING_SVG, CSS, CSS_PUBLIEK, JS
from .classify import Klassen, klasseer
from .opties import KaartOpties, met_instellingen
from .static import drukkaart

if TYPE_CHECKING:
    from ..analysis.meldingenlagen import Meldingenlagen
    from ..model import Wijkprofiel

__all__ = ["ACHTERGRONDEN", "LAGEN", "kaart"]

LEAFLET_JS = ("leaflet", assets.LEAFLET_JS)            # pinned in wijkscan.maps.assets.PAKKETTEN
LEAFLET_CSS = ("leaflet_css", assets.LEAFLET_CSS)
LEAFLET_HEAT_JS = assets.LEAFLET_HEAT_JS

_OSM_ATTR = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-bijdragers'
_PDOK_ATTR = 'achtergrond &copy; <a href="https://www.kadaster.nl">Kadaster</a> / <a href="https://www.pdok.nl">PDOK</a>'
_PDOK_WMTS = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/{stijl}/EPSG:3857/{{z}}/{{x}}/{{y}}.png"

#: Background maps: name → (tile URL, attribution, highest zoom with tiles).
ACHTERGRONDEN: dict[str, tuple[str, str, int]] = {
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", _OSM_ATTR, 19),
    "pdok": (_PDOK_WMTS.format(stijl="standaard"), _PDOK_ATTR, 19),
    "pdok-grijs": (_PDOK_WMTS.format(stijl="grijs"), _PDOK_ATTR, 19),
}
_CBS_PDOK = '<a href="https://www.cbs.nl">CBS</a>/<a href="https://www.pdok.nl">PDOK</a>'
_CC_BY = '<a href="https://creativecommons.org/licenses/by/4.0/deed.nl">CC BY 4.0</a>'


def bron_kaart(wp: Wijkprofiel, d: Kaartgegevens) -> str:
    """The attribution of a map: the boundaries with their vintage (PC4 shapes of unknown origin said so) and the
    real source and period of the figures ("cijfers: Politie via CBS (47022NED) 2024")."""
    grenzen = _e(grenzen_bron(wp.gemeente.gebieden, wp.indeling.naam))
    grenzen = grenzen.replace("CBS/PDOK", _CBS_PDOK).replace("CC BY 4.0", _CC_BY)
    bron = str(d.meta.get("bron", "") or "")
    return f"{grenzen}; cijfers: {_e(bron)} {_e(d.periode)}" if bron else grenzen

#: Layer keys for ``toon=``: which layers are switched on when the map opens.
LAGEN = ("indicator", "aandachtsgebieden", "dichtheid", "zeshoeken", "heatmap", "hotspots", "categorieen", "punten")

AANDACHT_STIJLEN: list[dict[str, Any]] = [
    {"color": "#c0141b", "weight": 4, "opacity": 1, "fill": False},                       # berekend
    {"color": "#1f5fbf", "weight": 3, "opacity": 1, "fill": False, "dashArray": "8 6"},   # aangewezen
    {"color": "#d46a00", "weight": 2.5, "opacity": 1, "fill": False, "dashArray": "1 6", "lineCap": "round"},  # let op
]
#: Fill of areas with too few inhabitants for a rate to mean much (no class colour).
KLEIN_KLEUR = "#ffffff"
HOTSPOT_KLEUREN = {
    "hotspot (99%)": "#b2182b", "hotspot (95%)": "#ef8a62", "hotspot (90%)": "#fddbc7",
    "niet significant": "#f7f7f7",
    "coldspot (90%)": "#d1e5f0", "coldspot (95%)": "#67a9cf", "coldspot (99%)": "#2166ac",
}
WARMTE_GRADIENT = {0.2: "#ffffb2", 0.4: "#fecc5c", 0.6: "#fd8d3c", 0.8: "#f03b20", 1.0: "#bd0026"}
CATEGORIE_KLEUREN = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666",
                     "#1f78b4", "#b15928"]


# ---------------------------------------------------------------------------------------------
# small helpers


#: Outline colour of an area drawn with an approximate boundary (dashed), and its tooltip note.
BENADERING_RAND = "#333333"
BENADERING_TIP = (f"Let op: {BENADERING}. Deze buurt staat niet op de meegeleverde buurtkaart; de grens komt uit een "
                  "schematische kaart en kan tientallen tot honderden meters afwijken.")


def _e(x: object) -> str:
    return html.escape(str(x), quote=True)


def _js(obj: Any) -> str:
    """JSON for inside a ``<script>``: ``<``, ``>`` and ``&`` escaped, so no text can end the script."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class _Script(MacroElement):
    """Raw CSS (page head), HTML (page body) and JavaScript (after the map is made)."""

    _template = Template(
        "{% macro header(this, kwargs) %}{{ this.kop }}{% endmacro %}"
        "{% macro html(this, kwargs) %}{{ this.lijf }}{% endmacro %}"
        "{% macro script(this, kwargs) %}{{ this.js }}{% endmacro %}"
    )

    def __init__(self, js: str = "", kop: str = "", lijf: str = ""):
        super().__init__()
        self._name = "Wijkscan"
        self.js, self.kop, self.lijf = js, kop, lijf


class _Laag(Layer):
    """A Leaflet layer made by ``wsKaart`` (polygons or points); shows up in the layer menu."""

    _template = Template(
        "{% macro script(this, kwargs) %}var {{ this.get_name() }} = {{ this.maak }};\n"
        "{{ this.na }}{% endmacro %}"
    )

    def __init__(self, naam_html: str, show: bool):
        super().__init__(name=naam_html, overlay=True, control=True, show=show)
        self._name = "WijkscanLaag"
        self.maak = "L.layerGroup()"
        self.na = ""


def _sectie_js(kaart_: folium.Map, laag: str | None, inhoud: str) -> str:
    return f"wsKaart.sectie({kaart_.get_name()}, {laag or 'null'}, {_js(inhoud)});\n"


def _na_label(kl: Klassen) -> str:
    """The sign of a hatched area (:mod:`wijkscan.tekens`): "onbekend" (the data do not give the figure; the reason is
    in the tooltip), "geen gegevens" when the layer has no figure at all."""
    return tekens.ONBEKEND if kl.k else tekens.GEEN_GEGEVENS


def _teken_rij(teken: str, drempel: int = 5, min_inwoners: int = 100) -> str:
    """A sign with its one legend entry ("onbekend: de gegevens geven …"): tooltips, and the legend's note."""
    return f"{teken}: {tekens.uitleg(teken, drempel, min_inwoners)}"


def _legenda_klassen(kop: str, sub: str, kl: Klassen, noot: str = "", na_label: str = GEEN_GEGEVENS,
                     aantal_label: str = "gebieden", extra: Sequence[tuple[str, str, int]] = (),
                     zonder_na: bool = False, drempel: int = 5) -> str:
    """The legend of a layer: a row per class, the hatched row as its sign ("onbekend" or "geen gegevens"; left out
    with ``zonder_na``: the layer lists its signs in ``extra``), then ``extra`` rows. A row of a sign shows the sign;
    the note under the rows gives its one legend entry of :mod:`wijkscan.tekens` (short rows fit a phone)."""
    rows, uitleg = [], []
    for label, kleur, n in [*kl.legenda(), *extra]:
        if label == GEEN_GEGEVENS and zonder_na:
            continue
        gearceerd = label == GEEN_GEGEVENS or kleur == "url(#ws-arcering)"
        label = na_label if label == GEEN_GEGEVENS else label
        if tekens.is_teken(label, drempel) == label:     # a sign: its row shows the sign, the note its legend entry
            uitleg.append(_teken_rij(label, drempel) + ".")
        if gearceerd:
            vak = '<span class="ws-vak ws-arcering"></span>'
        elif kleur == KLEIN_KLEUR:
            vak = '<span class="ws-vak ws-klein"></span>'
        elif kleur == BENADERING_RAND:
            vak = '<span class="ws-vak ws-benadering"></span>'
        else:
            vak = f'<span class="ws-vak" style="background:{_e(kleur)}"></span>'
        rows.append(f'<div class="ws-rij">{vak}{_e(label)}<span class="ws-n" title="aantal {_e(aantal_label)}">'
                    f'{getal(n)}</span></div>')
    out = f'<div class="ws-kop">{_e(kop)}</div>'
    if sub:
        out += f'<div class="ws-sub">{_e(sub)}</div>'
    out += "".join(rows)
    noot = " ".join([*uitleg, noot]).strip()
    if noot:
        out += f'<div class="ws-noot">{_e(noot)}</div>'
    return out


# ---------------------------------------------------------------------------------------------
# geometry shared by layers


class _Geometrie:
    """Packed polygons of a set of areas, written once into the page and shared by its layers."""

    def __init__(self, gebieden: gpd.GeoDataFrame, vereenvoudig: bool = True, met_punten: bool = False):
        g = gebieden.geometry
        if vereenvoudig:
            g = _geo.vereenvoudig(g)
        wgs = _geo.naar_wgs84(g)
        self.codes = list(gebieden.index)
        self.pos = {c: i for i, c in enumerate(self.codes)}
        data: dict[str, Any] = {"s": _geo.SCHAAL, "g": [_geo.codeer(x) for x in wgs]}
        if met_punten:
            rp = _geo.naar_wgs84(_geo.labelpunten(gebieden.geometry))
            data["p"] = [[round(p.y * _geo.SCHAAL), round(p.x * _geo.SCHAAL)] for p in rp]
        self.element = _Script()
        self.element._name = "WijkscanGeometrie"
        self.naam = self.element.get_name()
        self.element.js = f"var {self.naam} = {_js(data)};\n"


def _vlakkenlaag(kaart_: folium.Map, geo: _Geometrie, naam: str, features: list[list[Any]], stijlen: list[dict],
                 labels: list[str], *, show: bool, pane: str, z: int, klasse: str, legenda: str = "",
                 namen: Sequence[object] | None = None, accent: str = "#222", onder: bool = False) -> _Laag:
    """A polygon layer; ``namen``: the area codes whose names are written, in order (an earlier name wins when
    two would overlap)."""
    laag = _Laag(_e(naam), show)
    spec: dict[str, Any] = {"pane": pane, "z": z, "klasse": klasse, "stijlen": stijlen, "labels": labels,
                            "f": features, "namen": bool(namen), "accent": accent, "onder": onder}
    if namen:
        rang = {c: i for i, c in enumerate(namen)}
        spec["volgorde"] = sorted(range(len(features)), key=lambda i: rang.get(geo.codes[features[i][0]], len(rang)))
    laag.maak = f"wsKaart.vlakken({kaart_.get_name()}, {geo.naam}, {_js(spec)})"
    if legenda:
        laag.na = _sectie_js(kaart_, laag.get_name(), legenda)
    laag.add_to(kaart_)
    return laag


def _aandacht_tekst(r: pd.Series) -> str:
    soort = r.get("soort", "")
    if r.get("status") == "aandachtsgebied" or soort:
        wat = {"berekend": "Aandachtsgebied (berekend)", "aangewezen": "Aandachtsgebied (aangewezen door de gemeente)",
               "berekend en aangewezen": "Aandachtsgebied (berekend en aangewezen)"}.get(soort, "Aandachtsgebied")
    elif r.get("status") == "let op":
        wat = "Let op (score dicht bij de grens)"
    else:
        return ""
    toel = str(r.get("toelichting") or "")
    return f"{wat}: {toel}." if toel and not toel.startswith("niet gescoord") else f"{wat}."


# ---------------------------------------------------------------------------------------------
# meldingen (publication-safe)


def _meldingen_bron(meldingen: Any) -> str:
    """Where the meldingen come from, for the attribution: the import's name, else the file name."""
    bron = getattr(meldingen, "bron", None) or getattr(getattr(meldingen, "meldingen", meldingen), "attrs", {}).get("bron")
    if not bron or str(bron).startswith(("lijst", "DataFrame", "tabel")):
        return ""
    return str(bron).replace(" (ingebouwd)", "").replace("(ingebouwd, ", "(")


@dataclasses.dataclass
class _Meldingenkaart:
    """What every meldingen layer of one map shares."""

    kaart: folium.Map
    wp: Wijkprofiel
    geo: _Geometrie
    lagen: Meldingenlagen
    klassen: str
    k: int
    toon: set[str]
    info: dict[str, Any]
    kern: str
    publiek: bool


def _meldingen_lagen(kaart_: folium.Map, wp: Wijkprofiel, geo: _Geometrie, lagen: Meldingenlagen, *, klassen: str, k: int,
                     toon: set[str], info: dict[str, Any], bron: str) -> None:
    kern = f"{getal(lagen.aantal)} meldingen openbare ruimte" + (f", {lagen.periode}" if lagen.periode else "")
    info["opmerkingen"].extend(lagen.opmerkingen)
    if bron:
        info["bronnen"].append(f"meldingen: {_e(bron)}")
    mk = _Meldingenkaart(kaart_, wp, geo, lagen, klassen, k, toon, info, kern, bool(info.get("publiek")))
    _meldingen_per_gebied(mk)
    # hexagons (all meldingen, and per category below): only hexagons with >= drempel
    alle_zes = pd.concat([lagen.zeshoeken, *lagen.categorieen.values()])
    alle_zes = alle_zes[~alle_zes.index.duplicated()].sort_index()
    zgeo = _Geometrie(alle_zes, vereenvoudig=False)
    zgeo.element.add_to(kaart_)
    vlak = "vlak" if mk.publiek else "zeshoek"          # a public map speaks without method words
    _zeshoeklaag(mk, zgeo, f"Meldingen per {vlak}", lagen.zeshoeken, "zeshoeken" in toon, kern)
    if len(lagen.warmte):
        _warmtelaag(mk)
    if mk.publiek:
        pass                 # hot spots are an analyst's layer (a statistical test): not on a public map
    elif lagen.hotspots is None:
        info["opmerkingen"].append(f"Geen hotspotlaag: {lagen.hotspot_fout}")
    else:
        _hotspotlaag(mk)
    for cat, laag in lagen.categorieen.items():
        _zeshoeklaag(mk, zgeo, f"Meldingen: {cat}", laag, "categorieen" in toon, f"{kern}; alleen categorie {cat}")
    if lagen.zonder_laag:
        info["opmerkingen"].append(f"Geen laag voor {', '.join(lagen.zonder_laag)}: geen zeshoek met {lagen.drempel} "
                                   "of meer meldingen in die categorie.")
    if lagen.punten is not None:      # internal only: the points
        _puntenlaag(mk, lagen.punten)


#: fill of an area whose meldingen are hidden for privacy ("<5", "x", "niet gepubliceerd"): grey, not hatched, so it
#: does not read as missing data (hatched = "onbekend")
PRIVACY_KLEUR = "#d4d4d4"


def _meldingen_per_gebied(mk: _Meldingenkaart) -> None:
    """Meldingen per 1.000 inwoners per area. An area whose count is hidden for privacy is grey with its sign
    ("<5", "x", "niet gepubliceerd"), an area whose figure is unknown is hatched ("onbekend"), each sign once in the
    legend with the words of :mod:`wijkscan.tekens`."""
    lagen, geo, drempel = mk.lagen, mk.geo, mk.lagen.drempel
    privacy = "" if lagen.punten is not None else (
        f"Aantallen onder {drempel} zijn niet getoond. Geen adressen, vrije tekst of precieze plaatsen.")
    pg = lagen.per_gebied[lagen.per_gebied.index.isin(geo.pos)]
    per = pg["per_1000_inwoners"].astype("Float64").astype(float).to_numpy()
    kl = klasseer(per, mk.klassen, mk.k, richting="meldingen", decimalen=1)
    idx = kl.klasse(per)
    rand = {"color": "#ffffff", "weight": 1, "opacity": 1}
    stijlen = [{"fillColor": c, "fillOpacity": 0.8, **rand} for c in kl.kleuren] + [
        {"fillColor": "url(#ws-arcering)", "fillOpacity": 1, **rand}, {"fillColor": PRIVACY_KLEUR, "fillOpacity": 0.9,
                                                                      **rand}]
    verborgen = (tekens.klein(drempel), tekens.VERBORGEN, tekens.NIET_GEPUBLICEERD)
    feats, tekens_ = [], []
    for (code, r), i in zip(pg.iterrows(), idx, strict=True):
        teken = tekens.is_teken(r["meldingen_tekst"], drempel) if pd.isna(r["per_1000_inwoners"]) else None
        teken = teken if teken in verborgen else tekens.ONBEKEND if pd.isna(r["per_1000_inwoners"]) else None
        tekens_.append(teken)
        per_txt = getal(r["per_1000_inwoners"], 1) if teken is None else _teken_rij(teken, drempel)
        stijl = int(i) if teken is None else len(kl.kleuren) + (teken in verborgen)
        feats.append([geo.pos[code], stijl, str(r["naam"]), [r["meldingen_tekst"], per_txt, getal(r["inwoners"])],
                      None])
    extra = [(t, "url(#ws-arcering)" if t == tekens.ONBEKEND else PRIVACY_KLEUR, tekens_.count(t))
             for t in (*verborgen, tekens.ONBEKEND) if t in tekens_]
    leg = _legenda_klassen("Meldingen per 1.000 inwoners", per_gebied_tekst(mk.wp), kl,
                           " ".join(filter(None, [mk.kern + ".", privacy])), na_label=tekens.ONBEKEND,
                           aantal_label=indeling_tekst(mk.wp), extra=extra, zonder_na=True, drempel=drempel)
    _vlakkenlaag(mk.kaart, geo, "Meldingen per 1.000 inwoners", feats, stijlen,
                 ["meldingen", "per 1.000 inwoners", "inwoners"], show="dichtheid" in mk.toon, pane="ws-meldingen",
                 z=420, klasse="ws-meldingen", legenda=leg)
    mk.info["lagen"].append("Meldingen per 1.000 inwoners")


def _zeshoeklaag(mk: _Meldingenkaart, zgeo: _Geometrie, titel: str, laag: gpd.GeoDataFrame, show: bool,
                 sub: str) -> None:
    lagen, drempel = mk.lagen, mk.lagen.drempel
    ha = getal(3 * np.sqrt(3) / 2 * lagen.zeshoek ** 2 / 10_000)
    vlak, vlakken = ("vlak", "vlakken") if mk.publiek else ("zeshoek", "zeshoeken")
    n = laag["meldingen"].to_numpy(dtype=float)
    kz = klasseer(n, mk.klassen, mk.k, richting="meldingen", decimalen=0)
    st = [{"fillColor": c, "fillOpacity": 0.75, "color": "#ffffff", "weight": 0.6, "opacity": 0.9}
          for c in kz.kleuren]
    f = [[zgeo.pos[z], int(i), f"{vlak.capitalize()} van {ha} ha", [getal(v)], None]
         for z, v, i in zip(laag.index, laag["meldingen"], kz.klasse(n), strict=True)]
    noot = (f"Zeshoeken van {getal(lagen.zeshoek)} m zijde ({ha} ha). Zeshoeken met minder dan {drempel} "
            "meldingen zijn niet gekleurd.") if not mk.publiek else (
        f"Vlakken van {ha} ha; vlakken met minder dan {drempel} meldingen zijn niet gekleurd.")
    _vlakkenlaag(mk.kaart, zgeo, titel, f, st, ["meldingen"], show=show, pane="ws-meldingen", z=420,
                 klasse="ws-zeshoek", legenda=_legenda_klassen(titel, sub, kz, noot, aantal_label=vlakken))
    mk.info["lagen"].append(titel)


def _warmtelaag(mk: _Meldingenkaart) -> None:
    """Heatmap from counts per square cell (never from the points)."""
    lagen = mk.lagen
    mid = _geo.naar_wgs84(lagen.warmte.geometry)
    punten = [[round(p.y, 5), round(p.x, 5), int(n)] for p, n in zip(mid, lagen.warmte["meldingen"], strict=True)]
    # pinned npm Leaflet.heat 0.2.0 (issue 10) scales weights by 2^(zoom - max_zoom) and clips at `max`:
    # the busiest cell reaches the top colour at zoom 12 (a whole gemeente), sooner when zoomed in
    warmte_naam = "Waar veel meldingen zijn" if mk.publiek else "Heatmap meldingen"
    heat = folium.plugins.HeatMap(punten, name=_e(warmte_naam), min_opacity=0.35, radius=22, blur=18,
                                  max_zoom=14, max=max(n for *_, n in punten) / 4, gradient=WARMTE_GRADIENT,
                                  show="heatmap" in mk.toon)
    heat.default_js = [("leaflet-heat.js", LEAFLET_HEAT_JS)]
    heat.add_to(mk.kaart)
    cel = getal(lagen.warmtecel)
    noot = (f"Samengeteld per vak van {cel} × {cel} m; vakken met minder dan {lagen.drempel} meldingen zijn "
            f"weggelaten ({getal(lagen.warmte_dekking)}% van de meldingen staat erin).")
    leg_h = ('<div class="ws-kop">' + _e(warmte_naam) + '</div>'
             f'<div class="ws-sub">{_e(mk.kern)}</div><div class="ws-warmte"></div>'
             '<div class="ws-schaal"><span>weinig</span><span>veel</span></div>'
             f'<div class="ws-noot">{_e(noot)}</div>')
    _Script(_sectie_js(mk.kaart, heat.get_name(), leg_h)).add_to(mk.kaart)
    mk.info["lagen"].append(warmte_naam)


def _hotspotlaag(mk: _Meldingenkaart) -> None:
    """Hotspots (Gi*) on the areas: an analyst's layer, never on a public map."""
    lagen, geo = mk.lagen, mk.geo
    h = lagen.hotspots
    assert h is not None
    klassen_h = list(HOTSPOT_KLEUREN)
    st = [{"fillColor": HOTSPOT_KLEUREN[c], "fillOpacity": 0.8 if c != "niet significant" else 0.35,
           "color": "#ffffff", "weight": 1, "opacity": 1} for c in klassen_h]
    st.append({"fillColor": "url(#ws-arcering)", "fillOpacity": 1, "color": "#ffffff", "weight": 1, "opacity": 1})
    f = []
    pg = lagen.per_gebied
    for code, r in h.iterrows():
        if code not in geo.pos:
            continue
        kls = str(r["klasse"])
        per_txt = pg.loc[code, "per_1000_inwoners"] if code in pg.index else pd.NA
        f.append([geo.pos[code], klassen_h.index(kls) if kls in klassen_h else len(klassen_h), str(r["naam"]),
                  [kls, pg.loc[code, "meldingen_tekst"] if code in pg.index else None,
                   getal(per_txt, 1) if pd.notna(per_txt) else None], None])
    telling = lagen.hotspot_aantallen
    rows = "".join(
        f'<div class="ws-rij"><span class="ws-vak" style="background:{c}"></span>{_e(kls)}'
        f'<span class="ws-n">{getal(telling.get(kls, 0))}</span></div>' for kls, c in HOTSPOT_KLEUREN.items())
    niet = int(telling[[i for i in telling.index if i.startswith("niet berekend")]].sum())
    uitleg = ("Getis-Ord Gi*: een hotspot is een gebied dat samen met zijn buren opvallend veel meldingen per "
              "1.000 inwoners heeft; een coldspot opvallend weinig. Percentage = betrouwbaarheid.")
    if niet:
        rows += (f'<div class="ws-rij"><span class="ws-vak ws-arcering"></span>niet berekend'
                 f'<span class="ws-n">{getal(niet)}</span></div>')
        uitleg += " Niet berekend: te weinig inwoners, of geen vlak."
    leg_s = (f'<div class="ws-kop">Hotspots meldingen</div><div class="ws-sub">{_e(mk.kern)}</div>{rows}'
             f'<div class="ws-noot">{_e(uitleg)}</div>')
    _vlakkenlaag(mk.kaart, geo, "Hotspots meldingen (Gi*)", f, st, ["hotspot", "meldingen", "per 1.000 inwoners"],
                 show="hotspots" in mk.toon, pane="ws-meldingen", z=420, klasse="ws-hotspot", legenda=leg_s)
    mk.info["lagen"].append("Hotspots meldingen (Gi*)")


def _puntenlaag(mk: _Meldingenkaart, punten: gpd.GeoDataFrame) -> None:
    """Every melding as a point: only on an internal map."""
    p = punten[punten.geometry.notna()]
    wgs = _geo.naar_wgs84(p.geometry)
    q = np.round(np.column_stack([wgs.x.to_numpy(), wgs.y.to_numpy()]) * _geo.SCHAAL).astype(np.int64)
    d = np.vstack([q[:1], np.diff(q, axis=0)]) if len(q) else q
    heeft_cat = "categorie" in p.columns
    catnamen = sorted(p["categorie"].astype(str).unique()) if heeft_cat else ["melding"]
    kleuren = [CATEGORIE_KLEUREN[i % len(CATEGORIE_KLEUREN)] for i in range(len(catnamen))]
    data = {"pane": "ws-punten", "z": 450, "s": _geo.SCHAAL, "xy": d.ravel().tolist(),
            "c": [catnamen.index(str(c)) for c in p["categorie"]] if heeft_cat else [0] * len(p),
            "d": [f"{t:%d-%m-%Y}" if pd.notna(t) else "" for t in pd.to_datetime(p["datum"])]
            if "datum" in p.columns else [""] * len(p),
            "categorieen": catnamen, "kleuren": kleuren}
    naam = "Meldingen (punten) — alleen voor intern gebruik"
    laag_p = _Laag(_e(naam), "punten" in mk.toon)
    laag_p.maak = f"wsKaart.punten({mk.kaart.get_name()}, {_js(data)})"
    rows = "".join(f'<div class="ws-rij"><span class="ws-vak" style="background:{kleuren[i]};'
                   f'border-radius:50%;width:10px;height:10px"></span>{_e(c)}</div>'
                   for i, c in enumerate(catnamen))
    laag_p.na = _sectie_js(mk.kaart, laag_p.get_name(),
                           f'<div class="ws-kop">Meldingen (punten)</div><div class="ws-sub">{_e(mk.kern)}</div>{rows}'
                           '<div class="ws-noot">Precieze plaatsen: alleen voor intern gebruik.</div>')
    laag_p.add_to(mk.kaart)
    mk.info["lagen"].append(naam)


# ---------------------------------------------------------------------------------------------
# the map


#: On a phone (≤ 480 px) the public map puts its title above and its legend below the map instead of over it,
#: then fits the areas in what is left (the map stays fully visible in a wijkkrant column).
_SMAL_JS = """(function () { if (!window.matchMedia || !window.matchMedia('(max-width:480px)').matches) { return; }
var c = MAP.getContainer(), p = c.parentNode, boven = document.createElement('div'), onder = document.createElement('div');
boven.className = 'ws-boven'; onder.className = 'ws-onder';
var t = c.querySelector('.ws-titelkader'), l = c.querySelector('.ws-legenda');
if (t) { boven.appendChild(t); } if (l) { onder.appendChild(l); }
p.insertBefore(boven, c); p.appendChild(onder); document.body.classList.add('ws-smal');
MAP.invalidateSize(); MAP.fitBounds(GRENZEN, {animate: false, padding: [6, 6]}); })();
"""


def _alt_tekst(wp: Wijkprofiel, label: str, indeling_txt: str, periode: str, kl: Klassen, waarden: pd.Series,
               gebieden: gpd.GeoDataFrame) -> str:
    """One Dutch sentence describing a public map for a screen reader and the image fallback."""
    gemeente = str(getattr(wp.gemeente, "naam", "de gemeente"))
    zin = f"Kaart van {gemeente}: {in_zin(label)} {indeling_txt}, {periode}."
    if kl.k:
        laag, hoog = kl.labels[0].split(" – ")[0], kl.labels[-1].split(" – ")[-1]
        laag += "%" if hoog.endswith("%") and not laag.endswith("%") else ""
        zin += f" Donkerder is hoger, van {laag} tot {hoog}." if kl.k > 1 else f" Van {laag} tot {hoog}."
        w = waarden.dropna()
        if len(w):
            zin += f" Het hoogst in {gebieden.loc[w.idxmax(), 'naam']}, het laagst in {gebieden.loc[w.idxmin(), 'naam']}."
    return zin


def _controleer(wp: Wijkprofiel, o: KaartOpties) -> KaartOpties:
    """Check the options (clear Dutch errors) and apply what ``publiek`` implies."""
    if not hasattr(wp, "profiel") or not hasattr(wp, "indeling"):
        raise OngeldigeInvoer("kaart() verwacht een wijkanalyse: wijkscan.wijkanalyse(...).")
    if o.achtergrond is not None and o.achtergrond not in ACHTERGRONDEN:
        raise OngeldigeInvoer(f"Onbekende achtergrond '{o.achtergrond}'. Kies 'osm', 'pdok', 'pdok-grijs' of None.")
    onbekend = [t for t in o.toon if t not in LAGEN]
    if onbekend:
        raise OngeldigeInvoer(f"Onbekende laag in toon: {', '.join(onbekend)}. Kies uit: {', '.join(LAGEN)}.")
    if o.publiek and o.intern:
        raise OngeldigeInvoer("Een kaart kan niet publiek én intern zijn: kies publiek=True (website) of "
                              "intern=True (met de precieze plaatsen van meldingen, alleen voor intern gebruik).")
    if o.publiek:
        return dataclasses.replace(o, aandachtsgebieden=False, lagenmenu_open=False,
                                   toon=tuple(t for t in o.toon if t != "aandachtsgebieden"),
                                   namen=True if o.namen is None else o.namen)
    return o


def _basiskaart(gebieden: gpd.GeoDataFrame, achtergrond: str | None) -> tuple[folium.Map, list[list[float]]]:
    """An empty map on the areas' extent with the runtime script and the background tiles."""
    b = _geo.grenzen(gebieden.geometry)
    midden = [round((b[0][0] + b[1][0]) / 2, 5), round((b[0][1] + b[1][1]) / 2, 5)]
    m = folium.Map(location=midden, zoom_start=13, tiles=None, zoom_control=False, control_scale=False, max_zoom=19,
                   zoom_snap=0.5)
    m.default_js = [LEAFLET_JS]
    m.default_css = [LEAFLET_CSS]
    _Script(js=JS, kop=f"<style>{CSS}</style>", lijf=ARCERING_SVG).add_to(m)
    if achtergrond is not None:
        url, attr, max_native = ACHTERGRONDEN[achtergrond]
        folium.TileLayer(url, attr=attr, name="achtergrond", max_native_zoom=max_native, max_zoom=19,
                         control=False).add_to(m)
    return m, b


def _titel(m: folium.Map, wp: Wijkprofiel, d: Kaartgegevens, info: dict[str, Any]) -> None:
    sub = f"{_gemeente_naam(wp)} · {indeling_tekst(wp)} · {d.periode}"
    titel_html = f'<div class="ws-titel">{_e(info["titel"])}</div><div class="ws-ondertitel">{_e(sub)}</div>'
    if info["intern"]:
        titel_html += '<div class="ws-intern">Alleen voor intern gebruik</div>'
    mnaam = m.get_name()
    _Script(js=f"wsKaart.titel({mnaam}, {_js(titel_html)});\n"
               f"L.control.scale({{imperial: false, position: 'bottomleft', maxWidth: 150}}).addTo({mnaam});\n"
            ).add_to(m)


def _gemeente_naam(wp: Wijkprofiel) -> str:
    return str(getattr(wp.gemeente, "naam", "gemeente"))


def _klein_tekst(d: Kaartgegevens) -> str:
    return (f"Minder dan {getal(d.min_inwoners)} inwoners: het cijfer zegt hier weinig en krijgt geen kleur."
            if d.klein.any() else "")


def _indicator_stijlen(d: Kaartgegevens, benaderd: pd.Series) -> tuple[list[dict], int]:
    """Fill styles per class, then "geen gegevens", then "weinig inwoners"; repeated dashed for approximate outlines."""
    stijlen = [{"fillColor": c, "fillOpacity": 0.78, "color": "#ffffff", "weight": 1.2, "opacity": 1}
               for c in d.kl.kleuren]
    stijlen.append({"fillColor": "url(#ws-arcering)", "fillOpacity": 1, "color": "#ffffff", "weight": 1.2,
                    "opacity": 1})
    if d.klein.any():
        stijlen.append({"fillColor": KLEIN_KLEUR, "fillOpacity": 0.6, "color": "#888888", "weight": 1.2, "opacity": 1,
                        "dashArray": "3 3"})
    # last: hidden for privacy ("<5", "x", "niet gepubliceerd"), grey and not hatched (hatched = "onbekend")
    stijlen.append({"fillColor": PRIVACY_KLEUR, "fillOpacity": 0.9, "color": "#ffffff", "weight": 1.2, "opacity": 1})
    n_stijl = len(stijlen)
    if benaderd.any():   # the same fill, a dashed dark outline: the boundary is approximate
        stijlen.extend({**st, "color": BENADERING_RAND, "weight": 1.4, "dashArray": "5 4"} for st in stijlen[:n_stijl])
    return stijlen, n_stijl


def _privacy(wp: Wijkprofiel, d: Kaartgegevens) -> dict[str, str]:
    """Area → privacy sign of its meldingen count, for the map of meldingen per 1.000 (read from the publication
    table of the run), so an area hidden for privacy is not drawn as unknown."""
    telling = wp.meldingentelling
    if d.ind_id != "meldingen_per_1000" or telling is None or wp.indeling.naam not in telling.niveaus:
        return {}
    return tekens.verborgen(telling.tabel(wp.indeling.naam)["totaal"], telling.drempel)


def _indicator_features(d: Kaartgegevens, geo: _Geometrie, scores: pd.DataFrame, aandacht: bool,
                        benaderd: pd.Series, n_stijl: int, privacy: dict[str, str]) -> list[list[Any]]:
    idx = d.kl.klasse(d.waarden.where(~d.klein).to_numpy())
    feats = []
    for (code, r), i in zip(d.rijen.iterrows(), idx, strict=True):
        vals = [waarde_tekst(r["waarde"], d.dec, d.eenheid),
                waarde_tekst(r["gemeente"], d.dec, d.eenheid) if pd.notna(r.get("gemeente")) else None,
                waarde_tekst(r["nederland"], d.dec, d.eenheid) if pd.notna(r.get("nederland")) else None,
                getal(r["index"]) if pd.notna(r.get("index")) else None,
                f"{int(r['rang'])} van {int(r['aantal_gebieden'])}" if pd.notna(r.get("rang"))
                and pd.notna(r.get("aantal_gebieden")) else None]
        noot = []
        verborgen = privacy.get(str(code)) if pd.isna(r["waarde"]) and not d.klein[code] else None
        if verborgen:
            noot.append(_teken_rij(verborgen) + ".")
            i = n_stijl - 1
        elif pd.isna(r["waarde"]) and isinstance(r.get("reden"), str) and r.get("reden"):
            noot.append(f"{_na_label(d.kl).capitalize()}: {r['reden']}.")
        if d.klein[code]:
            noot.append(_klein_tekst(d))
            i = len(d.kl.kleuren) + 1
        if aandacht and code in scores.index:
            noot.append(_aandacht_tekst(scores.loc[code]))
        stijl = int(i) if i >= 0 else len(d.kl.kleuren)
        if benaderd[code]:
            noot.append(BENADERING_TIP)
            stijl += n_stijl
        feats.append([geo.pos[code], stijl, d.gebieden.loc[code, "naam"], vals, " ".join(filter(None, noot)) or None])
    return feats


def _indicator_legenda(wp: Wijkprofiel, d: Kaartgegevens, benaderd: pd.Series) -> str:
    gem_w = d.rijen["gemeente"].dropna()
    noot_leg = []
    if len(gem_w):
        noot_leg.append(f"Gemeente {_gemeente_naam(wp)} als geheel: {waarde_tekst(gem_w.iloc[0], d.dec, d.eenheid)}.")
    if d.kl.k > 1:   # with one class there is no darker
        noot_leg.append("Donkerder = hoger.")
    if d.kl.k == 0:
        noot_leg.append(f"Geen cijfers voor deze indicator in {d.periode}.")
    noot_leg.extend(d.notes)
    bron = str(d.meta.get("bron", "") or "")
    if bron:
        noot_leg.append(f"Bron: {bron}." if d.periode != str(d.jaar) else f"Bron: {bron} {d.jaar}.")
    extra = [(f"minder dan {getal(d.min_inwoners)} inwoners", KLEIN_KLEUR, int(d.klein.sum()))] if d.klein.any() else []
    if benaderd.any():
        extra.append((f"{BENADERING} (stippellijn)", BENADERING_RAND, int(benaderd.sum())))
    if d.klein.any():
        noot_leg.append(_klein_tekst(d))
    privacy = _privacy(wp, d)
    if privacy:      # the hatched row counts only the unknown areas; each privacy sign its own grey row
        leeg = [str(c) for c in d.rijen.index[d.rijen["waarde"].isna().to_numpy() & ~d.klein.to_numpy()]]
        teken = [privacy.get(c, tekens.ONBEKEND) for c in leeg]
        extra[:0] = [(t, "url(#ws-arcering)" if t == tekens.ONBEKEND else PRIVACY_KLEUR, teken.count(t))
                     for t in (*dict.fromkeys(sorted(set(teken) - {tekens.ONBEKEND})), tekens.ONBEKEND) if t in teken]
    return _legenda_klassen(kop(d.label, d.eenheid), f"{indeling_tekst(wp)}, {d.periode} · {d.kl.beschrijving}", d.kl,
                            " ".join(noot_leg), na_label=_na_label(d.kl), aantal_label=indeling_tekst(wp), extra=extra,
                            zonder_na=bool(privacy))


def _indicatorlaag(m: folium.Map, wp: Wijkprofiel, d: Kaartgegevens, geo: _Geometrie, o: KaartOpties,
                   scores: pd.DataFrame, info: dict[str, Any]) -> None:
    """The choropleth of the indicator, with tooltips, the legend and (when asked) the area names."""
    benaderd = d.gebieden["benaderd"].astype(bool)
    stijlen, n_stijl = _indicator_stijlen(d, benaderd)
    feats = _indicator_features(d, geo, scores, o.aandachtsgebieden, benaderd, n_stijl, _privacy(wp, d))
    labels = [kop(d.label, d.eenheid), f"{_gemeente_naam(wp)} (gemeente)", "Nederland", "index (gemeente = 100)",
              RANG_LABEL]   # one convention everywhere; neutral indicators have no rank
    toon_namen = len(d.gebieden) <= 25 if o.namen is None else bool(o.namen)
    _vlakkenlaag(m, geo, d.label, feats, stijlen, labels, show="indicator" in o.toon, pane="ws-vlakken", z=410,
                 klasse="ws-gebied", legenda=_indicator_legenda(wp, d, benaderd),
                 namen=naamvolgorde(wp, d.gebieden) if toon_namen else None)
    info["lagen"].append(d.label)


def _aandacht_features(scores: pd.DataFrame, geo: _Geometrie, gebieden: gpd.GeoDataFrame
                       ) -> tuple[list[list[Any]], dict[str, int]]:
    fa = []
    telling = {"berekend": 0, "aangewezen": 0, "let op": 0}
    for code, r in scores.iterrows():
        if code not in geo.pos:
            continue
        soort = str(r.get("soort", "") or "")
        status = str(r.get("status", ""))
        vals = [status if status != "aandachtsgebied" else f"aandachtsgebied ({soort or 'berekend'})",
                getal(r["score"], 2) if pd.notna(r.get("score")) else None,
                f"{int(r['rang'])}" if pd.notna(r.get("rang")) else None,
                getal(r["inwoners"]) if pd.notna(r.get("inwoners")) else None]
        toel = str(r.get("toelichting") or "") or None
        naam = gebieden.loc[code, "naam"]
        if soort in ("berekend", "berekend en aangewezen"):
            fa.append([geo.pos[code], 0, naam, vals, toel])
            telling["berekend"] += 1
        if soort in ("aangewezen", "berekend en aangewezen"):
            fa.append([geo.pos[code], 1, naam, vals, toel])
            telling["aangewezen"] += 1
        if not soort and status == "let op":
            fa.append([geo.pos[code], 2, naam, vals, toel])
            telling["let op"] += 1
    return fa, telling


def _lijn(stijl: dict, tekst: str, n: int) -> str:
    soort_lijn = "dashed" if stijl.get("dashArray", "").startswith("8") else (
        "dotted" if "dashArray" in stijl else "solid")
    return (f'<div class="ws-rij"><span class="ws-lijn" style="border-top:3px {soort_lijn} '
            f'{stijl["color"]}"></span>{_e(tekst)}<span class="ws-n">{getal(n)}</span></div>')


def _aandachtslaag(m: folium.Map, geo: _Geometrie, scores: pd.DataFrame, gebieden: gpd.GeoDataFrame,
                   toon: Sequence[str], info: dict[str, Any]) -> None:
    fa, telling = _aandacht_features(scores, geo, gebieden)
    if not fa:
        info["opmerkingen"].append("Geen aandachtsgebieden (berekend of aangewezen) in deze wijkanalyse.")
        return
    # white casing under every line, so red/blue/orange stay visible on dark classes
    fa = [[f[0], 3 + f[1], f[2], [], None] for f in fa] + fa
    stijlen_a = AANDACHT_STIJLEN + [
        {"color": "#ffffff", "weight": st["weight"] + 3, "opacity": 0.95, "fill": False, "interactive": False}
        for st in AANDACHT_STIJLEN]
    leg_a = ('<div class="ws-kop">Aandachtsgebieden</div>'
             + _lijn(AANDACHT_STIJLEN[0], "aandachtsgebied (berekend)", telling["berekend"])
             + _lijn(AANDACHT_STIJLEN[1], "aangewezen door de gemeente", telling["aangewezen"])
             + _lijn(AANDACHT_STIJLEN[2], "let op (dicht bij de grens)", telling["let op"])
             + '<div class="ws-noot">Berekend uit de indicatoren van de wijkanalyse (score: hoger = minder '
               'gunstig). Wijs met de muis een rand aan voor de uitleg.</div>')
    _vlakkenlaag(m, geo, "Aandachtsgebieden", fa, stijlen_a,
                 ["status", "score", "plek op de aandachtslijst (1 = meeste aandacht)", "inwoners"],
                 show="aandachtsgebieden" in toon, pane="ws-aandacht", z=430, klasse="ws-aandacht",
                 legenda=leg_a, accent="#000")
    info["lagen"].append("Aandachtsgebieden")


_LAGEN_MAKEN = ("Maak ze eerst met de analyse: lagen = wa.lagen({opties}) en geef ze mee: kaart(wa, ..., meldingen=lagen). "
                "Een kaart telt zelf geen meldingen.")


def _is_lagen(x: object) -> bool:
    """Layers the analysis made (:class:`wijkscan.analysis.meldingenlagen.Meldingenlagen`), recognised by their parts."""
    return all(hasattr(x, a) for a in ("zeshoeken", "warmte", "per_gebied", "drempel"))


def _bewaarde_lagen(wp: Wijkprofiel, o: KaartOpties, jaar: int) -> Meldingenlagen:
    """The layers of ``meldingen=``: the object given, or those the run stored with these options; a clear Dutch
    error when they are not there (the map only reads them, :meth:`wijkscan.Wijkprofiel.lagen` makes them)."""
    if _is_lagen(o.meldingen):
        return o.meldingen  # type: ignore[return-value]
    if o.meldingen is not True:
        raise OngeldigeInvoer("Geef bij meldingen= True (de meldingen van de wijkanalyse) of de lagen die de analyse "
                              "maakte. " + _LAGEN_MAKEN.format(opties="meldingen"))
    if wp.meldingentelling is None:
        raise OngeldigeInvoer("Deze wijkanalyse heeft geen meldingen, dus de kaart kan ze niet tonen. Geef ze mee aan "
                              "de analyse: wijkanalyse(..., meldingen=lees_meldingen(...)) (op de opdrachtregel: "
                              "wijkscan meldingen), of laat meldingen= weg.")
    drempel = getattr(wp, "drempel_publicatie", 5) if o.drempel is None else o.drempel
    opties = {"jaar": jaar, "drempel": drempel, "zeshoek": o.zeshoek, "warmtecel": o.warmtecel,
              "hotspot_permutaties": o.hotspot_permutaties, "intern": o.intern}
    lagen = wp.bewaarde_lagen(jaar=jaar, drempel=int(drempel), zeshoek=float(o.zeshoek), warmtecel=float(o.warmtecel),
                              hotspot_permutaties=int(o.hotspot_permutaties), intern=bool(o.intern))
    if lagen is None:
        anders = ", ".join(f"{k}={v!r}" for k, v in opties.items() if k != "jaar" or v != wp.jaar)
        raise OngeldigeInvoer(f"Deze wijkanalyse heeft geen meldingenlagen met deze instellingen ({anders}); de run "
                              "maakt ze alleen met de standaardinstellingen. " + _LAGEN_MAKEN.format(opties=anders))
    return lagen


def _meldingen(m: folium.Map, wp: Wijkprofiel, geo: _Geometrie, o: KaartOpties, jaar: int,
               info: dict[str, Any]) -> None:
    """The meldingen layers: made by the analysis (in the run, or ``wp.lagen``), only read and drawn here."""
    lagen = _bewaarde_lagen(wp, o, jaar)
    bron = o.meldingen_bron if o.meldingen_bron is not None else (
        getattr(wp, "meldingen_bron", "") or _meldingen_bron(
            wp.meldingentelling.punten if o.meldingen is True and wp.meldingentelling is not None else None))
    _meldingen_lagen(m, wp, geo, lagen, klassen=o.klassen, k=o.k, toon=set(o.toon), info=info, bron=bron)


def _afronding(m: folium.Map, wp: Wijkprofiel, d: Kaartgegevens, b: list[list[float]], info: dict[str, Any],
               o: KaartOpties) -> None:
    """Gemeente outline, attribution, the view, extra notes, the public variant and the layer menu."""
    gebieden, mnaam = d.gebieden, m.get_name()
    benaderd = gebieden["benaderd"].astype(bool)
    echt = gebieden.geometry[~benaderd] if (~benaderd).any() else gebieden.geometry
    omtrek = _Geometrie(gpd.GeoDataFrame(geometry=[echt.union_all()], crs=gebieden.crs))
    omtrek.element.add_to(m)
    spec = {"pane": "ws-grens", "z": 425, "klasse": "ws-grens", "interactief": False, "labels": [],
            "stijlen": [{"color": "#333333", "weight": 2, "opacity": 0.9, "fill": False, "interactive": False}],
            "f": [[0, 0, "", [], None]]}
    bronnen = "; ".join([bron_kaart(wp, d), *info["bronnen"]])
    _Script(js=(f"wsKaart.vlakken({mnaam}, {omtrek.naam}, {_js(spec)}).addTo({mnaam});\n"
                f"{mnaam}.attributionControl.setPrefix('<a href=\"https://leafletjs.com\">Leaflet</a>');\n"
                f"{mnaam}.attributionControl.addAttribution({_js(bronnen)});\n"
                f"(function () {{ var w = {mnaam}.getSize().x;\n"
                f"  {mnaam}.fitBounds({_js(b)}, {{animate: false, paddingTopLeft: [w > 700 ? Math.min(290, w * 0.3) : 10, 10], "
                f"paddingBottomRight: [w > 700 ? Math.min(270, w * 0.25) : 10, 10]}}); }})();\n")).add_to(m)
    if info["opmerkingen"][len(d.notes):]:
        extra = " ".join(info["opmerkingen"][len(d.notes):])
        _Script(_sectie_js(m, None, f'<div class="ws-noot">{_e(extra)}</div>')).add_to(m)
    if o.publiek:
        _Script(js=f"{mnaam}.getContainer().classList.add('ws-publiek');\n" + _SMAL_JS.replace("MAP", mnaam).replace(
            "GRENZEN", _js(b)), kop=f"<style>{CSS_PUBLIEK}</style>").add_to(m)
    folium.LayerControl(collapsed=not o.lagenmenu_open, position="topright").add_to(m)


def kaart(wijkprofiel: Wijkprofiel, indicator: str, opties: KaartOpties | None = None,
          **instellingen: object) -> folium.Map:
    """An interactive map of one indicator of a wijkanalyse, with aandachtsgebieden and meldingen.

    Parameters
    ----------
    wijkprofiel : Wijkprofiel
        What :func:`wijkscan.wijkanalyse` returned (buurten, wijken, PC4 or an own indeling).
    indicator : str
        Indicator id (``wijkprofiel.catalogus.index``) or its label, e.g. ``"leeftijd_65plus_aandeel"``.
    opties : KaartOpties, optional
        The settings (:class:`wijkscan.maps.KaartOpties`: ``jaar``, ``klassen``, ``k``, ``achtergrond``,
        ``aandachtsgebieden``, ``meldingen``, ``meldingen_bron``, ``intern``, ``titel``, ``namen``, ``toon``,
        ``drempel``, ``zeshoek``, ``warmtecel``, ``hotspot_permutaties``, ``lagenmenu_open``, ``publiek``,
        ``min_inwoners``; each is described there).
    **instellingen
        The same settings as keywords, e.g. ``klassen="natural_breaks"``; they win over ``opties``.
        ``publiek=True`` makes the variant for a public website; save it with :func:`wijkscan.maps.opslaan`,
        whose iframe snippet then scales with the page.

    Returns
    -------
    folium.Map
        Shows itself in Jupyter; save it with :func:`wijkscan.maps.opslaan`. ``.kaartinfo`` holds the
        title, the layers, the classes and notes.

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.maps import kaart
    >>> wa = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
    >>> m = kaart(wa, "leeftijd_65plus_aandeel", klassen="natural_breaks", achtergrond=None)
    >>> m.kaartinfo["lagen"]
    ['Aandeel 65 jaar of ouder', 'Aandachtsgebieden']
    """
    wp = wijkprofiel
    o = _controleer(wp, met_instellingen(KaartOpties, opties, instellingen, "kaart"))
    d = kaartgegevens(wp, indicator, o.jaar, o.klassen, o.k, o.min_inwoners)
    info: dict[str, Any] = {"titel": o.titel or d.label, "intern": bool(o.intern), "publiek": bool(o.publiek),
                            "lagen": [], "klassen": d.kl, "weinig_inwoners": list(d.klein.index[d.klein]),
                            "opmerkingen": list(d.notes), "bronnen": [], "indicator": d.ind_id, "jaar": d.jaar,
                            "verhouding": _geo.verhouding(d.gebieden.geometry)}
    m, b = _basiskaart(d.gebieden, o.achtergrond)
    geo = _Geometrie(d.gebieden, met_punten=True)
    geo.element.add_to(m)
    _titel(m, wp, d, info)
    scores = wp.aandachtsgebieden.set_index("gebied") if len(wp.aandachtsgebieden) else pd.DataFrame()
    _indicatorlaag(m, wp, d, geo, o, scores, info)
    if o.aandachtsgebieden and len(scores):
        _aandachtslaag(m, geo, scores, d.gebieden, o.toon, info)
    if o.meldingen is not None:
        _meldingen(m, wp, geo, o, d.jaar, info)
    _afronding(m, wp, d, b, info, o)
    if o.publiek:      # what the embed shows without scripts, and says to a screen reader
        info["alt"] = _alt_tekst(wp, d.label, per_gebied_tekst(wp), d.periode, d.kl, d.waarden.where(~d.klein),
                                 d.gebieden)
        info["afbeelding"] = functools.partial(drukkaart, wp, d.ind_id, jaar=d.jaar, klassen=o.klassen, k=o.k)
    m.kaartinfo = info  # type: ignore[attr-defined]  # read by wijkscan.maps.opslaan (a documented attribute)
    return m
