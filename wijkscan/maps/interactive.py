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

from ..analysis.meldingenlagen import Meldingenlagen
from ..errors import OngeldigeInvoer
from ..nlformat import GEEN_GEGEVENS, getal
from ..teksten import in_zin
from . import _geo, assets
from ._gegevens import (
    BENADERING,
    RANG_LABEL,
    gebieden_met_vlak,
    indeling_tekst,
    indicator_meta,
    indicator_opmaak,
    is_verhouding,
    kop,
    per_gebied_tekst,
    periode_van,
    profielrijen,
    waarde_tekst,
    weinig_inwoners,
)
from ._runtime import ARCERING_SVG, CSS, CSS_PUBLIEK, JS
from .classify import Klassen, klasseer
from .static import drukkaart

if TYPE_CHECKING:
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
BRON_GEBIEDEN = ('gebieden en cijfers: <a href="https://www.cbs.nl">CBS</a>/<a href="https://www.pdok.nl">PDOK</a> '
                 '(<a href="https://creativecommons.org/licenses/by/4.0/deed.nl">CC BY 4.0</a>)')

#: Layer keys for ``toon=``: which layers are switched on when the map opens.
LAGEN = ("indicator", "aandachtsgebieden", "dichtheid", "zeshoeken", "heatmap", "hotspots", "categorieen", "punten")

AANDACHT_STIJLEN = [
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


def _legenda_klassen(kop: str, sub: str, kl: Klassen, noot: str = "", na_label: str = GEEN_GEGEVENS,
                     aantal_label: str = "gebieden", extra: Sequence[tuple[str, str, int]] = ()) -> str:
    rows = []
    for label, kleur, n in [*kl.legenda(), *extra]:
        if label == GEEN_GEGEVENS:
            vak, label = '<span class="ws-vak ws-arcering"></span>', na_label
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
        self.oppervlak = [float(x) for x in gebieden.geometry.area] if met_punten else None
        if met_punten:
            rp = _geo.naar_wgs84(_geo.labelpunten(gebieden.geometry))
            data["p"] = [[round(p.y * _geo.SCHAAL), round(p.x * _geo.SCHAAL)] for p in rp]
        self.element = _Script()
        self.element._name = "WijkscanGeometrie"
        self.naam = self.element.get_name()
        self.element.js = f"var {self.naam} = {_js(data)};\n"


def _vlakkenlaag(kaart_: folium.Map, geo: _Geometrie, naam: str, features: list[list[Any]], stijlen: list[dict],
                 labels: list[str], *, show: bool, pane: str, z: int, klasse: str, legenda: str = "",
                 namen: bool = False, accent: str = "#222", onder: bool = False) -> _Laag:
    laag = _Laag(_e(naam), show)
    spec = {"pane": pane, "z": z, "klasse": klasse, "stijlen": stijlen, "labels": labels, "f": features,
            "namen": namen, "accent": accent, "onder": onder}
    if namen and geo.oppervlak is not None:      # names of bigger areas win when names would overlap
        spec["volgorde"] = sorted(range(len(features)), key=lambda i: -geo.oppervlak[features[i][0]])
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


def _meldingen_lagen(kaart_: folium.Map, wp: Wijkprofiel, geo: _Geometrie, lagen: Meldingenlagen, *, klassen: str, k: int,
                     toon: set[str], info: dict[str, Any], bron: str) -> None:
    drempel = lagen.drempel
    kern = f"{getal(lagen.aantal)} meldingen openbare ruimte" + (f", {lagen.periode}" if lagen.periode else "")
    privacy = "" if lagen.punten is not None else (
        f"Aantallen onder {drempel} zijn niet getoond. Geen adressen, vrije tekst of precieze plaatsen.")
    info["opmerkingen"].extend(lagen.opmerkingen)
    if bron:
        info["bronnen"].append(f"meldingen: {_e(bron)}")

    # --- per gebied: meldingen per 1.000 inwoners -------------------------------------------------
    pg = lagen.per_gebied[lagen.per_gebied.index.isin(geo.pos)]
    per = pg["per_1000_inwoners"].astype("Float64").astype(float).to_numpy()
    kl = klasseer(per, klassen, k, richting="meldingen", decimalen=1)
    idx = kl.klasse(per)
    stijlen = [{"fillColor": c, "fillOpacity": 0.8, "color": "#ffffff", "weight": 1, "opacity": 1}
               for c in kl.kleuren] + [{"fillColor": "url(#ws-arcering)", "fillOpacity": 1, "color": "#ffffff",
                                        "weight": 1, "opacity": 1}]
    feats = []
    for (code, r), i in zip(pg.iterrows(), idx, strict=True):
        per_txt = getal(r["per_1000_inwoners"], 1) if pd.notna(r["per_1000_inwoners"]) else (
            f"niet getoond (minder dan {drempel})" if r["meldingen_tekst"] == f"<{drempel}" else GEEN_GEGEVENS)
        feats.append([geo.pos[code], int(i) if i >= 0 else len(kl.kleuren), str(r["naam"]),
                      [r["meldingen_tekst"], per_txt, getal(r["inwoners"])], None])
    leg = _legenda_klassen("Meldingen per 1.000 inwoners", per_gebied_tekst(wp), kl,
                           " ".join(filter(None, [kern + ".", privacy])),
                           na_label=f"minder dan {drempel} meldingen of geen inwonertal",
                           aantal_label=indeling_tekst(wp))
    _vlakkenlaag(kaart_, geo, "Meldingen per 1.000 inwoners", feats, stijlen,
                 ["meldingen", "per 1.000 inwoners", "inwoners"], show="dichtheid" in toon, pane="ws-meldingen",
                 z=420, klasse="ws-meldingen", legenda=leg)
    info["lagen"].append("Meldingen per 1.000 inwoners")

    # --- hexagons (all meldingen, and per category below): only hexagons with >= drempel -------------------
    alle_zes = pd.concat([lagen.zeshoeken, *lagen.categorieen.values()])
    alle_zes = alle_zes[~alle_zes.index.duplicated()].sort_index()
    zgeo = _Geometrie(alle_zes, vereenvoudig=False)
    zgeo.element.add_to(kaart_)
    ha = getal(3 * np.sqrt(3) / 2 * lagen.zeshoek ** 2 / 10_000)
    publiek = bool(info.get("publiek"))          # a public map speaks without method words
    vlak, vlakken = ("vlak", "vlakken") if publiek else ("zeshoek", "zeshoeken")

    def zeshoeklaag(titel: str, laag: gpd.GeoDataFrame, show: bool, sub: str) -> None:
        n = laag["meldingen"].to_numpy(dtype=float)
        kz = klasseer(n, klassen, k, richting="meldingen", decimalen=0)
        st = [{"fillColor": c, "fillOpacity": 0.75, "color": "#ffffff", "weight": 0.6, "opacity": 0.9}
              for c in kz.kleuren]
        f = [[zgeo.pos[z], int(i), f"{vlak.capitalize()} van {ha} ha", [getal(v)], None]
             for z, v, i in zip(laag.index, laag["meldingen"], kz.klasse(n), strict=True)]
        noot = (f"Zeshoeken van {getal(lagen.zeshoek)} m zijde ({ha} ha). Zeshoeken met minder dan {drempel} "
                "meldingen zijn niet gekleurd.") if not publiek else (
            f"Vlakken van {ha} ha; vlakken met minder dan {drempel} meldingen zijn niet gekleurd.")
        _vlakkenlaag(kaart_, zgeo, titel, f, st, ["meldingen"], show=show, pane="ws-meldingen", z=420,
                     klasse="ws-zeshoek", legenda=_legenda_klassen(titel, sub, kz, noot, aantal_label=vlakken))
        info["lagen"].append(titel)

    zeshoeklaag(f"Meldingen per {vlak}", lagen.zeshoeken, "zeshoeken" in toon, kern)

    # --- heatmap from counts per square cell (never from the points) -------------------------------------
    if len(lagen.warmte):
        mid = _geo.naar_wgs84(lagen.warmte.geometry)
        punten = [[round(p.y, 5), round(p.x, 5), int(n)] for p, n in zip(mid, lagen.warmte["meldingen"], strict=True)]
        # pinned npm Leaflet.heat 0.2.0 (issue 10) scales weights by 2^(zoom - max_zoom) and clips at `max`:
        # the busiest cell reaches the top colour at zoom 12 (a whole gemeente), sooner when zoomed in
        warmte_naam = "Waar veel meldingen zijn" if publiek else "Heatmap meldingen"
        heat = folium.plugins.HeatMap(punten, name=_e(warmte_naam), min_opacity=0.35, radius=22, blur=18,
                                      max_zoom=14, max=max(n for *_, n in punten) / 4, gradient=WARMTE_GRADIENT,
                                      show="heatmap" in toon)
        heat.default_js = [("leaflet-heat.js", LEAFLET_HEAT_JS)]
        heat.add_to(kaart_)
        cel = getal(lagen.warmtecel)
        noot = (f"Samengeteld per vak van {cel} × {cel} m; vakken met minder dan {drempel} meldingen zijn "
                f"weggelaten ({getal(lagen.warmte_dekking)}% van de meldingen staat erin).")
        leg_h = ('<div class="ws-kop">' + _e(warmte_naam) + '</div>'
                 f'<div class="ws-sub">{_e(kern)}</div><div class="ws-warmte"></div>'
                 '<div class="ws-schaal"><span>weinig</span><span>veel</span></div>'
                 f'<div class="ws-noot">{_e(noot)}</div>')
        _Script(_sectie_js(kaart_, heat.get_name(), leg_h)).add_to(kaart_)
        info["lagen"].append(warmte_naam)

    # --- hotspots (Gi*) on the areas ----------------------------------------------------------------------
    if publiek:
        pass                 # hot spots are an analyst's layer (a statistical test): not on a public map
    elif lagen.hotspots is None:
        info["opmerkingen"].append(f"Geen hotspotlaag: {lagen.hotspot_fout}")
    else:
        h = lagen.hotspots
        klassen_h = list(HOTSPOT_KLEUREN)
        st = [{"fillColor": HOTSPOT_KLEUREN[c], "fillOpacity": 0.8 if c != "niet significant" else 0.35,
               "color": "#ffffff", "weight": 1, "opacity": 1} for c in klassen_h]
        st.append({"fillColor": "url(#ws-arcering)", "fillOpacity": 1, "color": "#ffffff", "weight": 1, "opacity": 1})
        f = []
        for code, r in h.iterrows():
            if code not in geo.pos:
                continue
            kls = str(r["klasse"])
            per_txt = lagen.per_gebied.loc[code, "per_1000_inwoners"] if code in lagen.per_gebied.index else pd.NA
            f.append([geo.pos[code], klassen_h.index(kls) if kls in klassen_h else len(klassen_h), str(r["naam"]),
                      [kls, lagen.per_gebied.loc[code, "meldingen_tekst"] if code in lagen.per_gebied.index else None,
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
        leg_s = (f'<div class="ws-kop">Hotspots meldingen</div><div class="ws-sub">{_e(kern)}</div>{rows}'
                 f'<div class="ws-noot">{_e(uitleg)}</div>')
        _vlakkenlaag(kaart_, geo, "Hotspots meldingen (Gi*)", f, st, ["hotspot", "meldingen", "per 1.000 inwoners"],
                     show="hotspots" in toon, pane="ws-meldingen", z=420, klasse="ws-hotspot", legenda=leg_s)
        info["lagen"].append("Hotspots meldingen (Gi*)")

    # --- per category ---------------------------------------------------------------------------------------
    for cat, laag in lagen.categorieen.items():
        zeshoeklaag(f"Meldingen: {cat}", laag, "categorieen" in toon, f"{kern}; alleen categorie {cat}")
    if lagen.zonder_laag:
        info["opmerkingen"].append(f"Geen laag voor {', '.join(lagen.zonder_laag)}: geen zeshoek met {drempel} of "
                                   "meer meldingen in die categorie.")

    # --- internal only: the points ----------------------------------------------------------------------------
    if lagen.punten is not None:
        p = lagen.punten[lagen.punten.geometry.notna()]
        wgs = _geo.naar_wgs84(p.geometry)
        q = np.round(np.column_stack([wgs.x.to_numpy(), wgs.y.to_numpy()]) * _geo.SCHAAL).astype(np.int64)
        d = np.vstack([q[:1], np.diff(q, axis=0)]) if len(q) else q
        heeft_cat = "categorie" in p.columns
        catnamen = sorted(p["categorie"].astype(str).unique()) if heeft_cat else ["melding"]
        data = {"pane": "ws-punten", "z": 450, "s": _geo.SCHAAL, "xy": d.ravel().tolist(),
                "c": [catnamen.index(str(c)) for c in p["categorie"]] if heeft_cat else [0] * len(p),
                "d": [f"{t:%d-%m-%Y}" if pd.notna(t) else "" for t in pd.to_datetime(p["datum"])]
                if "datum" in p.columns else [""] * len(p),
                "categorieen": catnamen,
                "kleuren": [CATEGORIE_KLEUREN[i % len(CATEGORIE_KLEUREN)] for i in range(len(catnamen))]}
        naam = "Meldingen (punten) — alleen voor intern gebruik"
        laag_p = _Laag(_e(naam), "punten" in toon)
        laag_p.maak = f"wsKaart.punten({kaart_.get_name()}, {_js(data)})"
        rows = "".join(f'<div class="ws-rij"><span class="ws-vak" style="background:{data["kleuren"][i]};'
                       f'border-radius:50%;width:10px;height:10px"></span>{_e(c)}</div>'
                       for i, c in enumerate(catnamen))
        laag_p.na = _sectie_js(kaart_, laag_p.get_name(),
                               f'<div class="ws-kop">Meldingen (punten)</div><div class="ws-sub">{_e(kern)}</div>{rows}'
                               '<div class="ws-noot">Precieze plaatsen: alleen voor intern gebruik.</div>')
        laag_p.add_to(kaart_)
        info["lagen"].append(naam)


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


def _alt_tekst(wp: Any, label: str, indeling_txt: str, periode: str, kl: Klassen, waarden: pd.Series,
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


def _publicatiedrempel(wp: Any) -> int:
    """The run's publication threshold (areas below it get no class colour for a rate)."""
    b = getattr(wp, "boodschappen", None)
    if b is None:
        raise OngeldigeInvoer("Deze wijkanalyse heeft geen publicatiedrempel; maak hem opnieuw met wijkscan.wijkanalyse.")
    return int(b.min_inwoners)


def kaart(
    wijkprofiel: Wijkprofiel,
    indicator: str,
    *,
    jaar: int | None = None,
    klassen: str = "quantiles",
    k: int = 5,
    achtergrond: str | None = "osm",
    aandachtsgebieden: bool = True,
    meldingen: Any = None,
    meldingen_bron: str | None = None,
    intern: bool = False,
    titel: str | None = None,
    namen: bool | None = None,
    toon: Sequence[str] = ("indicator", "aandachtsgebieden"),
    drempel: int | None = None,
    zeshoek: float = 250.0,
    warmtecel: float = 200.0,
    hotspot_permutaties: int = 999,
    lagenmenu_open: bool = True,
    publiek: bool = False,
    min_inwoners: int | None = None,
) -> folium.Map:
    """An interactive map of one indicator of a wijkanalyse, with aandachtsgebieden and meldingen.

    Parameters
    ----------
    wijkprofiel : Wijkprofiel
        What :func:`wijkscan.wijkanalyse` returned (buurten, wijken, PC4 or an own indeling).
    indicator : str
        Indicator id (``wijkprofiel.catalogus.index``) or its label, e.g. ``"leeftijd_65plus_aandeel"``.
    jaar : int, optional
        Year of the figures (default: the year of the wijkanalyse).
    klassen : {"quantiles", "natural_breaks", "equal_interval"}
        Classification (see :func:`wijkscan.maps.klasseer`); Dutch names are accepted too.
    k : int
        Number of classes.
    achtergrond : {"osm", "pdok", "pdok-grijs", None}
        OpenStreetMap, PDOK BRT-Achtergrondkaart (standaard or grijs), or no background (offline).
    aandachtsgebieden : bool
        Add the aandachtsgebieden layer (computed: red line; designated by the gemeente: dashed blue;
        "let op": orange dots).
    meldingen : True, Meldingenlagen, GeoDataFrame or MeldingenImport, optional
        Adds the publication-safe meldingen layers. ``True``: the meldingen of the wijkanalyse
        (``wijkanalyse(..., meldingen=...)``); the layers are made by the analysis
        (:meth:`Wijkprofiel.lagen`), the map only draws them. Points or an import are accepted for a
        wijkanalyse without meldingen (counted once, the same way) or when they are the same
        meldingen as the wijkanalyse's.
    meldingen_bron : str, optional
        Source named in the attribution (default: from the import, e.g. "Signalen Assen").
    intern : bool
        Also draw every melding as a point. The map then says "alleen voor intern gebruik": never
        publish it.
    titel : str, optional
        Title in the map (default: the indicator label).
    namen : bool, optional
        Write area names on the map (default: when there are at most 25 areas).
    toon : sequence of str
        Layers switched on at opening, from :data:`LAGEN`.
    drempel : int
        Meldingen counts below this are not shown (default: the run's ``drempel_publicatie``, 5).
    zeshoek, warmtecel : float
        Hexagon edge and heatmap cell size in metres.
    hotspot_permutaties : int
        Permutations for the Gi* p-values.
    lagenmenu_open : bool
        Show the layer menu open (True) or as an icon (False, for small embedded maps).
    publiek : bool
        The variant for a public website (a wijkkrant): layer menu as an icon, no aandachtsgebieden
        layer, area names on, a legend that fits a phone, and rates of thinly populated areas not
        coloured (see ``min_inwoners``). Save it with :func:`wijkscan.maps.opslaan`, whose iframe
        snippet then scales with the page.
    min_inwoners : int, optional
        Rates, shares and averages of areas with fewer inhabitants get no class colour and do not
        set the class breaks (default: the publication threshold the run stored,
        ``wijkprofiel.boodschappen.min_inwoners``, 100; ``0`` colours every area).

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
    if not hasattr(wijkprofiel, "profiel") or not hasattr(wijkprofiel, "indeling"):
        raise OngeldigeInvoer("kaart() verwacht een wijkanalyse: wijkscan.wijkanalyse(...).")
    if achtergrond is not None and achtergrond not in ACHTERGRONDEN:
        raise OngeldigeInvoer(f"Onbekende achtergrond '{achtergrond}'. Kies 'osm', 'pdok', 'pdok-grijs' of None.")
    onbekend = [t for t in toon if t not in LAGEN]
    if onbekend:
        raise OngeldigeInvoer(f"Onbekende laag in toon: {', '.join(onbekend)}. Kies uit: {', '.join(LAGEN)}.")
    if publiek and intern:
        raise OngeldigeInvoer("Een kaart kan niet publiek én intern zijn: kies publiek=True (website) of "
                              "intern=True (met de precieze plaatsen van meldingen, alleen voor intern gebruik).")
    toon_set = set(toon)
    if publiek:
        aandachtsgebieden, lagenmenu_open = False, False
        toon_set.discard("aandachtsgebieden")
        namen = True if namen is None else namen
    wp = wijkprofiel
    min_inwoners = _publicatiedrempel(wp) if min_inwoners is None else min_inwoners
    jaar = int(wp.jaar if jaar is None else jaar)
    meta = indicator_meta(wp, indicator)
    ind_id, label, eenheid, dec, richting = indicator_opmaak(meta)
    gebieden, notes = gebieden_met_vlak(wp)
    if gebieden.empty:
        raise OngeldigeInvoer("Geen enkel gebied van deze indeling heeft een vlak; er valt niets te tekenen.")
    rijen = profielrijen(wp, ind_id, jaar, gebieden.index)
    waarden = rijen["waarde"].astype(float)
    klein = (weinig_inwoners(wp, jaar, gebieden.index, min_inwoners) if is_verhouding(meta)
             else pd.Series(False, index=gebieden.index)) & waarden.notna()
    kl = klasseer(waarden.where(~klein).to_numpy(), klassen, k, richting=richting, decimalen=dec, eenheid=eenheid)
    if klein.any():     # areas with too few inhabitants are not "geen gegevens": they get their own legend row
        kl = dataclasses.replace(kl, geen_gegevens=int(waarden.isna().sum()))
    gemeente_naam = str(getattr(wp.gemeente, "naam", "gemeente"))
    indeling_txt = indeling_tekst(wp)
    info: dict[str, Any] = {"titel": titel or label, "intern": bool(intern), "publiek": bool(publiek), "lagen": [],
                            "klassen": kl, "weinig_inwoners": list(klein.index[klein]), "opmerkingen": list(notes),
                            "bronnen": [], "indicator": ind_id, "jaar": jaar,
                            "verhouding": _geo.verhouding(gebieden.geometry)}

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

    # --- title ------------------------------------------------------------------------------------
    periode = periode_van(rijen, jaar)
    sub = f"{gemeente_naam} · {indeling_txt} · {periode}"
    titel_html = f'<div class="ws-titel">{_e(info["titel"])}</div><div class="ws-ondertitel">{_e(sub)}</div>'
    if intern:
        titel_html += '<div class="ws-intern">Alleen voor intern gebruik</div>'
    mnaam = m.get_name()
    geo = _Geometrie(gebieden, met_punten=True)
    geo.element.add_to(m)
    _Script(js=f"wsKaart.titel({mnaam}, {_js(titel_html)});\n"
               f"L.control.scale({{imperial: false, position: 'bottomleft', maxWidth: 150}}).addTo({mnaam});\n"
            ).add_to(m)

    # --- choropleth -------------------------------------------------------------------------------
    scores = wp.aandachtsgebieden.set_index("gebied") if len(wp.aandachtsgebieden) else pd.DataFrame()
    idx = kl.klasse(waarden.where(~klein).to_numpy())
    stijlen = [{"fillColor": c, "fillOpacity": 0.78, "color": "#ffffff", "weight": 1.2, "opacity": 1}
               for c in kl.kleuren]
    stijlen.append({"fillColor": "url(#ws-arcering)", "fillOpacity": 1, "color": "#ffffff", "weight": 1.2,
                    "opacity": 1})
    if klein.any():
        stijlen.append({"fillColor": KLEIN_KLEUR, "fillOpacity": 0.6, "color": "#888888", "weight": 1.2, "opacity": 1,
                        "dashArray": "3 3"})
    klein_tekst = (f"Minder dan {getal(min_inwoners)} inwoners: het cijfer zegt hier weinig en krijgt geen kleur."
                   if klein.any() else "")
    benaderd = gebieden["benaderd"].astype(bool)
    n_stijl = len(stijlen)
    if benaderd.any():   # the same fill, a dashed dark outline: the boundary is approximate
        stijlen.extend({**st, "color": BENADERING_RAND, "weight": 1.4, "dashArray": "5 4"} for st in stijlen[:n_stijl])
    rang_label = RANG_LABEL   # one convention everywhere; neutral indicators have no rank
    labels = [kop(label, eenheid), f"{gemeente_naam} (gemeente)", "Nederland", "index (gemeente = 100)", rang_label]
    feats = []
    for (code, r), i in zip(rijen.iterrows(), idx, strict=True):
        vals = [waarde_tekst(r["waarde"], dec, eenheid),
                waarde_tekst(r["gemeente"], dec, eenheid) if pd.notna(r.get("gemeente")) else None,
                waarde_tekst(r["nederland"], dec, eenheid) if pd.notna(r.get("nederland")) else None,
                getal(r["index"]) if pd.notna(r.get("index")) else None,
                f"{int(r['rang'])} van {int(r['aantal_gebieden'])}" if pd.notna(r.get("rang"))
                and pd.notna(r.get("aantal_gebieden")) else None]
        noot = []
        if pd.isna(r["waarde"]) and isinstance(r.get("reden"), str) and r.get("reden"):
            noot.append(f"Geen gegevens: {r['reden']}.")
        if klein[code]:
            noot.append(klein_tekst)
            i = len(kl.kleuren) + 1
        if aandachtsgebieden and code in scores.index:
            noot.append(_aandacht_tekst(scores.loc[code]))
        stijl = int(i) if i >= 0 else len(kl.kleuren)
        if benaderd[code]:
            noot.append(BENADERING_TIP)
            stijl += n_stijl
        feats.append([geo.pos[code], stijl, gebieden.loc[code, "naam"], vals, " ".join(filter(None, noot)) or None])
    gem_w = rijen["gemeente"].dropna()
    noot_leg = []
    if len(gem_w):
        noot_leg.append(f"Gemeente {gemeente_naam} als geheel: {waarde_tekst(gem_w.iloc[0], dec, eenheid)}.")
    noot_leg.append("Donkerder = hoger.")
    if kl.k == 0:
        noot_leg.append(f"Geen cijfers voor deze indicator in {periode}.")
    noot_leg.extend(notes)
    bron = str(meta.get("bron", "") or "")
    if bron:
        noot_leg.append(f"Bron: {bron}." if periode != str(jaar) else f"Bron: {bron} {jaar}.")
    extra = [(f"minder dan {getal(min_inwoners)} inwoners", KLEIN_KLEUR, int(klein.sum()))] if klein.any() else []
    if benaderd.any():
        extra.append((f"{BENADERING} (stippellijn)", BENADERING_RAND, int(benaderd.sum())))
    if klein.any():
        noot_leg.append(klein_tekst)
    leg = _legenda_klassen(kop(label, eenheid), f"{indeling_txt}, {periode} · {kl.beschrijving}", kl,
                           " ".join(noot_leg), aantal_label=indeling_txt, extra=extra)
    toon_namen = len(gebieden) <= 25 if namen is None else bool(namen)
    _vlakkenlaag(m, geo, label, feats, stijlen, labels, show="indicator" in toon_set, pane="ws-vlakken", z=410,
                 klasse="ws-gebied", legenda=leg, namen=toon_namen)
    info["lagen"].append(label)

    # --- aandachtsgebieden ------------------------------------------------------------------------
    if aandachtsgebieden and len(scores):
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
        if fa:
            # white casing under every line, so red/blue/orange stay visible on dark classes
            fa = [[f[0], 3 + f[1], f[2], [], None] for f in fa] + fa
            stijlen_a = AANDACHT_STIJLEN + [
                {"color": "#ffffff", "weight": st["weight"] + 3, "opacity": 0.95, "fill": False, "interactive": False}
                for st in AANDACHT_STIJLEN]

            def lijn(stijl: dict, tekst: str, n: int) -> str:
                soort_lijn = "dashed" if stijl.get("dashArray", "").startswith("8") else (
                    "dotted" if "dashArray" in stijl else "solid")
                return (f'<div class="ws-rij"><span class="ws-lijn" style="border-top:3px {soort_lijn} '
                        f'{stijl["color"]}"></span>{_e(tekst)}<span class="ws-n">{getal(n)}</span></div>')

            leg_a = ('<div class="ws-kop">Aandachtsgebieden</div>'
                     + lijn(AANDACHT_STIJLEN[0], "aandachtsgebied (berekend)", telling["berekend"])
                     + lijn(AANDACHT_STIJLEN[1], "aangewezen door de gemeente", telling["aangewezen"])
                     + lijn(AANDACHT_STIJLEN[2], "let op (dicht bij de grens)", telling["let op"])
                     + '<div class="ws-noot">Berekend uit de indicatoren van de wijkanalyse (score: hoger = minder '
                       'gunstig). Wijs met de muis een rand aan voor de uitleg.</div>')
            _vlakkenlaag(m, geo, "Aandachtsgebieden", fa, stijlen_a,
                         ["status", "score", "plek op de aandachtslijst (1 = meeste aandacht)", "inwoners"],
                         show="aandachtsgebieden" in toon_set, pane="ws-aandacht", z=430, klasse="ws-aandacht",
                         legenda=leg_a, accent="#000")
            info["lagen"].append("Aandachtsgebieden")
        else:
            info["opmerkingen"].append("Geen aandachtsgebieden (berekend of aangewezen) in deze wijkanalyse.")

    # --- meldingen --------------------------------------------------------------------------------
    if meldingen is not None:
        lagen = meldingen if isinstance(meldingen, Meldingenlagen) else wp.lagen(
            None if meldingen is True else meldingen, jaar=jaar,
            drempel=getattr(wp, "drempel_publicatie", 5) if drempel is None else drempel, zeshoek=zeshoek,
            warmtecel=warmtecel, hotspot_permutaties=hotspot_permutaties, intern=intern)
        _meldingen_lagen(m, wp, geo, lagen, klassen=klassen, k=k, toon=toon_set, info=info,
                         bron=meldingen_bron if meldingen_bron is not None else (
                             getattr(wp, "meldingen_bron", "") or _meldingen_bron(
                                 wp.meldingentelling.punten if meldingen is True and wp.meldingentelling is not None
                                 else meldingen)))

    # --- gemeente outline, layer menu, attribution, view ----------------------------------------------
    echt = gebieden.geometry[~benaderd] if (~benaderd).any() else gebieden.geometry
    omtrek = _Geometrie(gpd.GeoDataFrame(geometry=[echt.union_all()], crs=gebieden.crs))
    omtrek.element.add_to(m)
    spec = {"pane": "ws-grens", "z": 425, "klasse": "ws-grens", "interactief": False, "labels": [],
            "stijlen": [{"color": "#333333", "weight": 2, "opacity": 0.9, "fill": False, "interactive": False}],
            "f": [[0, 0, "", [], None]]}
    bronnen = "; ".join([BRON_GEBIEDEN, *info["bronnen"]])
    _Script(js=(f"wsKaart.vlakken({mnaam}, {omtrek.naam}, {_js(spec)}).addTo({mnaam});\n"
                f"{mnaam}.attributionControl.setPrefix('<a href=\"https://leafletjs.com\">Leaflet</a>');\n"
                f"{mnaam}.attributionControl.addAttribution({_js(bronnen)});\n"
                f"(function () {{ var w = {mnaam}.getSize().x;\n"
                f"  {mnaam}.fitBounds({_js(b)}, {{animate: false, paddingTopLeft: [w > 700 ? Math.min(290, w * 0.3) : 10, 10], "
                f"paddingBottomRight: [w > 700 ? Math.min(270, w * 0.25) : 10, 10]}}); }})();\n")).add_to(m)
    if info["opmerkingen"][len(notes):]:
        extra = " ".join(info["opmerkingen"][len(notes):])
        _Script(_sectie_js(m, None, f'<div class="ws-noot">{_e(extra)}</div>')).add_to(m)
    if publiek:
        _Script(js=f"{mnaam}.getContainer().classList.add('ws-publiek');\n" + _SMAL_JS.replace("MAP", mnaam).replace(
            "GRENZEN", _js(b)), kop=f"<style>{CSS_PUBLIEK}</style>").add_to(m)
    folium.LayerControl(collapsed=not lagenmenu_open, position="topright").add_to(m)
    if publiek:      # what the embed shows without scripts, and says to a screen reader
        info["alt"] = _alt_tekst(wp, label, per_gebied_tekst(wp), periode_van(rijen, jaar), kl, waarden.where(~klein), gebieden)
        info["afbeelding"] = functools.partial(drukkaart, wp, ind_id, jaar=jaar, klassen=klassen, k=k)
    m.kaartinfo = info
    return m
