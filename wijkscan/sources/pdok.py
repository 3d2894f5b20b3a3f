"""Gemeente, wijk and buurt boundaries from PDOK (CBS wijk- en buurtkaart), in RD New.

PDOK publishes every vintage of the wijk- en buurtkaart as a separate service, and the
services changed over the years (see ``docs/diensten.md`` for the evidence):

* **OGC API Features** for recent vintages,
  ``api.pdok.nl/cbs/wijken-en-buurten-<jaar>/ogc/<versie>/collections/<buurten|wijken|gemeenten>/items``,
  filtered with ``gemeentecode=GM…``, paged by the ``next`` link of each answer;
* **WFS 2.0** for the older ones, ``service.pdok.nl/cbs/wijkenbuurten/<jaar>/wfs/<versie>`` (and,
  for some vintages before 2020, the old host ``geodata.nationaalgeoregister.nl/wijkenbuurten<jaar>/wfs``),
  filtered with an FES filter on ``gemeentecode``, paged with ``count``/``startIndex`` against
  ``numberMatched``. Layer names differ per vintage (``wijkenbuurten:buurten``,
  ``wijkenbuurten:cbs_buurten_2021``, ``wijkenbuurten2018:cbs_buurten_2018``, ...).

Nothing about a vintage is hard-coded: :func:`dienst` asks PDOK which service and version path
answers for the year (the OGC API landing page and its ``collections`` list, or the WFS
``GetCapabilities`` and its ``FeatureTypeList``) and remembers the answer in the cache. The
known version paths are only the order in which they are tried.

The layers hold, beside each land area, a second feature with ``water = 'JA'`` and the same
code (the water part of that buurt/wijk/gemeente). wijkscan drops those and says how many in
``attrs["opmerkingen"]``, so codes stay unique and maps show no water polygons. Numeric
attributes at or below −99995 are the "no data" sentinels of the kaart and become NA.

Example
-------
>>> from wijkscan.sources.pdok import grenzen
>>> buurten = grenzen("Voorschoten", jaar=2024, niveau="buurt")   # doctest: +SKIP
>>> buurten.crs.to_epsg(), len(buurten)                            # doctest: +SKIP
(28992, 12)
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

import geopandas as gpd
import pandas as pd
import requests
from shapely.geometry import shape

from ..errors import GeenTabel, GeenVerbinding, OngeldigAntwoord
from ..settings import settings
from . import _cache, _http
from .gemeenten import gemeente_code

RD = "EPSG:28992"
RD_URI = "http://www.opengis.net/def/crs/EPSG/0/28992"
PAGINA = 1000
MAX_PAGINAS = 200
SENTINEL = -99995
FES = "http://www.opengis.net/fes/2.0"
NIVEAUS = ("buurt", "wijk", "gemeente")

#: First vintage for which the OGC API Features service is tried (then WFS as a fallback).
OGC_VANAF = 2022
#: Version paths tried, newest first: the first that answers with the wanted layer is used.
OGC_VERSIES = ("v2", "v1")
WFS_VERSIES = ("v2_0", "v1_0")
OUDE_SERVER = "(oude server)"
#: Oldest vintage PDOK ever published as a service.
EERSTE_JAAR = 2012

#: Field names that hold the code / name / parent codes / water flag, in order of preference.
#: All PDOK vintages use lower-case names (``buurtcode``, ``gemeentecode``); the upper-case
#: ``BU_CODE`` forms belong to the downloadable shapefiles and are accepted only as a fallback.
VELDEN = {
    "buurt": {"code": ("buurtcode", "BU_CODE"), "naam": ("buurtnaam", "BU_NAAM")},
    "wijk": {"code": ("wijkcode", "WK_CODE"), "naam": ("wijknaam", "WK_NAAM")},
    "gemeente": {"code": ("gemeentecode", "GM_CODE"), "naam": ("gemeentenaam", "GM_NAAM")},
}
GEMEENTE_VELDEN = ("gemeentecode", "GM_CODE")
WIJK_VELDEN = ("wijkcode", "WK_CODE")
WATER_VELDEN = ("water", "WATER")
#: Field the server filters on (same name in every vintage, see docs/diensten.md).
FILTER_VELD = "gemeentecode"


@dataclass(frozen=True)
class Dienst:
    """The service one niveau of one vintage is read from, as discovered at run time.

    ``soort`` is ``"ogc"`` (OGC API Features) or ``"wfs"``; ``url`` the items URL (OGC) or
    the WFS endpoint; ``laag`` the collection id or WFS type name; ``versie`` the version path.
    """

    soort: str
    url: str
    laag: str
    versie: str
    jaar: int
    niveau: str

    @property
    def omschrijving(self) -> str:
        """Dutch one-liner for reports: which service, version and layer."""
        naam = "OGC API Features" if self.soort == "ogc" else "WFS"
        return f"PDOK {naam} {self.versie}, laag '{self.laag}' (wijk- en buurtkaart {self.jaar})"


def _controleer_niveau(niveau: str) -> None:
    if niveau not in NIVEAUS:
        raise GeenTabel(f"Onbekend niveau '{niveau}' voor grenzen. Kies uit: buurt, wijk, gemeente.")


def _laagpatroon(niveau: str, jaar: int) -> re.Pattern:
    """Layer/collection names of ``niveau`` seen across vintages (never the generalised layers).

    Example
    -------
    >>> bool(_laagpatroon("buurt", 2018).match("cbs_buurten_2018")), bool(_laagpatroon("gemeente", 2018).match("gemeenten2018"))
    (True, True)
    """
    woord = {"buurt": "buurten", "wijk": "wijken", "gemeente": "gemeenten"}[niveau]
    return re.compile(rf"^(cbs_)?{woord}(_?{jaar})?$", re.IGNORECASE)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _get(url: str, params: dict | None, expect_json: bool = True) -> requests.Response:
    session = requests.Session()
    prepared = session.prepare_request(requests.Request("GET", url, params=params))
    return _http.send(session, prepared, "PDOK", expect_json=expect_json)


def _ogc_diensten(jaar: int) -> dict[str, Dienst]:
    """The OGC API collections per niveau for ``jaar`` ({} when PDOK has no such API)."""
    basis = f"{settings.pdok_api_url.rstrip('/')}/cbs/wijken-en-buurten-{jaar}/ogc"
    for versie in OGC_VERSIES:
        try:
            answer = _get(f"{basis}/{versie}/collections", {"f": "json"}).json()
        except _http.ServiceFout:
            continue  # 404: no API (or not this version) for the vintage
        collections = answer.get("collections") if isinstance(answer, dict) else None
        if not isinstance(collections, list):
            raise OngeldigAntwoord(f"PDOK gaf voor de OGC API {jaar} geen lijst met collecties.")
        found: dict[str, Dienst] = {}
        for niveau in NIVEAUS:
            pattern = _laagpatroon(niveau, jaar)
            cid = next((str(c.get("id")) for c in collections if pattern.match(str(c.get("id") or ""))), None)
            if cid:
                found[niveau] = Dienst("ogc", f"{basis}/{versie}/collections/{cid}/items", cid, versie, jaar, niveau)
        if found:
            return found
    return {}


def _wfs_endpoints(jaar: int) -> list[tuple[str, str]]:
    base = settings.pdok_url.rstrip("/")
    out = [(f"{base}/cbs/wijkenbuurten/{jaar}/wfs/{v}", v) for v in WFS_VERSIES]
    if jaar < 2020:
        out.append((f"{settings.pdok_oud_url.rstrip('/')}/wijkenbuurten{jaar}/wfs", OUDE_SERVER))
    return out


def _feature_types(xml_text: str) -> list[str]:
    """Type names in a WFS GetCapabilities document (any WFS version)."""
    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError as exc:
        raise OngeldigAntwoord(f"PDOK gaf een onleesbaar GetCapabilities-document ({exc}).") from None
    names = []
    for el in root.iter():
        if _local(el.tag) == "FeatureType":
            for child in el:
                if _local(child.tag) == "Name" and child.text:
                    names.append(child.text.strip())
    return names


def _wfs_diensten(jaar: int) -> dict[str, Dienst]:
    """The WFS layers per niveau for ``jaar``, from the first endpoint whose capabilities list them."""
    for url, versie in _wfs_endpoints(jaar):
        try:
            r = _get(url, {"service": "WFS", "request": "GetCapabilities"}, expect_json=False)
        except _http.ServiceFout:
            continue
        except GeenVerbinding:
            if versie == OUDE_SERVER:
                continue  # the old host is being shut down: unreachable there means "not there"
            raise
        names = _feature_types(r.text)
        found: dict[str, Dienst] = {}
        for niveau in NIVEAUS:
            pattern = _laagpatroon(niveau, jaar)
            name = next((n for n in names if pattern.match(n.split(":")[-1])), None)
            if name:
                found[niveau] = Dienst("wfs", url, name, versie, jaar, niveau)
        if found:
            return found
    return {}


def _ontdek(jaar: int) -> dict[str, Dienst]:
    """Where PDOK serves each niveau of ``jaar``: OGC API first (from :data:`OGC_VANAF`), then WFS."""
    found = _ogc_diensten(jaar) if jaar >= OGC_VANAF else {}
    if len(found) < len(NIVEAUS):
        found = {**_wfs_diensten(jaar), **found}
    return found


def dienst(jaar: int, niveau: str = "buurt") -> Dienst:
    """Find out where PDOK serves ``niveau`` of vintage ``jaar`` (cached once found).

    From :data:`OGC_VANAF` the OGC API Features service is asked first (its ``collections``
    list); where it does not exist for the vintage, the WFS (its ``GetCapabilities``). The
    version paths in :data:`OGC_VERSIES` and :data:`WFS_VERSIES` are tried in order; the layer
    names are taken from the service's own list. One look-up serves all three niveaus.

    Raises
    ------
    GeenTabel
        PDOK has no service with that niveau for that year (Dutch message with what to do).
    GeenVerbinding
        PDOK cannot be reached.

    Example
    -------
    >>> dienst(2024, "buurt").omschrijving          # doctest: +SKIP
    "PDOK OGC API Features v1, laag 'buurten' (wijk- en buurtkaart 2024)"
    """
    _controleer_niveau(niveau)
    jaar = int(jaar)
    if jaar < EERSTE_JAAR:
        raise GeenTabel(
            f"PDOK heeft geen wijk- en buurtkaart van {jaar}; de eerste is van {EERSTE_JAAR}. Kies een later jaar."
        )
    entry = ("pdok", "diensten", f"{jaar}.json")
    cached = _cache.read(*entry)
    fields = set(Dienst.__dataclass_fields__)
    bases = tuple(u.rstrip("/") for u in (settings.pdok_api_url, settings.pdok_url, settings.pdok_oud_url))
    if isinstance(cached, dict) and niveau in cached and isinstance(cached[niveau], dict) \
            and set(cached[niveau]) == fields and str(cached[niveau]["url"]).startswith(bases):
        return Dienst(**cached[niveau])  # found earlier, on the hosts wijkscan is set to now
    if settings.offline:
        raise GeenVerbinding(
            f"wijkscan staat offline en weet nog niet waar PDOK de {niveau}grenzen van {jaar} aanbiedt. "
            "Zet wijkscan.settings.offline = False op een computer met internet."
        )
    found = _ontdek(jaar)
    if niveau not in found:
        raise GeenTabel(
            f"PDOK biedt voor {jaar} geen {niveau}grenzen aan (gezocht in de OGC API en de WFS van de "
            "wijk- en buurtkaart). Kies een ander jaar, bijvoorbeeld het jaar ervoor of erna; sommige "
            "oude jaargangen heeft PDOK van het internet gehaald."
        )
    _cache.write({k: asdict(v) for k, v in found.items()}, *entry)
    return found[niveau]


def _fes_filter(field: str, value: str) -> str:
    return (
        f'<fes:Filter xmlns:fes="{FES}"><fes:PropertyIsEqualTo>'
        f"<fes:ValueReference>{field}</fes:ValueReference><fes:Literal>{value}</fes:Literal>"
        "</fes:PropertyIsEqualTo></fes:Filter>"
    )


def _loop(laag: str) -> OngeldigAntwoord:
    return OngeldigAntwoord(
        f"PDOK stuurt voor {laag} steeds dezelfde pagina terug; de download is afgebroken. Probeer het later opnieuw."
    )


def _feature_ids(batch: list[dict]) -> list[str]:
    return [str(f.get("id")) if f.get("id") is not None else repr(sorted((f.get("properties") or {}).items()))
            for f in batch]


def _weigering(d: Dienst, exc: _http.ServiceFout) -> OngeldigAntwoord:
    return OngeldigAntwoord(
        f"PDOK weigerde de vraag naar de {d.niveau}grenzen van {d.jaar} (HTTP {exc.status}; "
        f"{d.omschrijving.removeprefix('PDOK ')}). Misschien is de dienst veranderd: wis de cache met "
        "wijkscan.clear_cache('pdok'), dan zoekt wijkscan de dienst opnieuw op; of kies een ander jaar."
    )


def _fetch_wfs(d: Dienst, code: str) -> tuple[list[dict], str]:
    """All features of one WFS layer for one gemeente, following startIndex paging."""
    features: list[dict] = []
    seen: set[str] = set()
    start = 0
    for _ in range(MAX_PAGINAS):
        params = {
            "service": "WFS", "version": "2.0.0", "request": "GetFeature",
            "typeNames": d.laag, "outputFormat": "application/json", "srsName": RD,
            "count": PAGINA, "startIndex": start, "FILTER": _fes_filter(FILTER_VELD, code),
        }
        try:
            answer = _get(d.url, params).json()
        except _http.ServiceFout as exc:
            raise _weigering(d, exc) from exc
        batch = answer.get("features") if isinstance(answer, dict) else None
        if not isinstance(batch, list):
            raise OngeldigAntwoord(f"PDOK gaf voor {d.laag} geen GeoJSON-features terug.")
        ids = _feature_ids(batch)
        if batch and all(i in seen for i in ids):
            raise _loop(d.laag)
        seen.update(ids)
        features.extend(batch)
        start += len(batch)
        matched = answer.get("numberMatched")
        # The server may cap `count` below what we asked: page on until an empty page or until
        # numberMatched (an int; "unknown" is allowed by WFS 2.0) is reached.
        if not batch or (isinstance(matched, int) and len(features) >= matched):
            return features, RD
    raise OngeldigAntwoord(f"PDOK stuurde meer dan {MAX_PAGINAS} pagina's voor {d.laag}; de download is afgebroken.")


def _next_link(answer: dict) -> str | None:
    """The ``next`` link of an OGC API answer, preferring a JSON media type."""
    links = [link for link in answer.get("links") or [] if isinstance(link, dict) and link.get("rel") == "next"]
    for link in links:
        if "json" in str(link.get("type", "")).lower() and link.get("href"):
            return str(link["href"])
    return next((str(link["href"]) for link in links if link.get("href") and not link.get("type")), None)


def _fetch_ogc(d: Dienst, code: str) -> tuple[list[dict], str]:
    """All items of one OGC API collection for one gemeente, following ``next`` links."""
    url = f"{d.url}?{urlencode({'gemeentecode': code, 'limit': PAGINA, 'crs': RD_URI, 'f': 'json'})}"
    features: list[dict] = []
    seen_urls: set[str] = set()
    seen_ids: set[str] = set()
    crs: str | None = None
    for _ in range(MAX_PAGINAS):
        if url in seen_urls:
            raise _loop(d.laag)
        seen_urls.add(url)
        try:
            r = _get(url, None)
        except _http.ServiceFout as exc:
            if exc.status == 400 and not features and "crs=" in url:
                # A server that does not offer RD: ask for its default (CRS84) and convert.
                url = f"{d.url}?{urlencode({'gemeentecode': code, 'limit': PAGINA, 'f': 'json'})}"
                continue
            raise _weigering(d, exc) from exc
        answer = r.json()
        batch = answer.get("features") if isinstance(answer, dict) else None
        if not isinstance(batch, list):
            raise OngeldigAntwoord(f"PDOK gaf voor {d.laag} geen GeoJSON-features terug.")
        header = r.headers.get("Content-Crs", "")
        crs = crs or (RD if "28992" in header else "OGC:CRS84" if header else None)
        ids = _feature_ids(batch)
        if batch and all(i in seen_ids for i in ids):
            raise _loop(d.laag)
        seen_ids.update(ids)
        features.extend(batch)
        volgende = _next_link(answer)
        if not volgende or not batch:
            return features, crs or ""
        url = volgende
    raise OngeldigAntwoord(f"PDOK stuurde meer dan {MAX_PAGINAS} pagina's voor {d.laag}; de download is afgebroken.")


def _veld(props: set[str], kandidaten: tuple[str, ...]) -> str | None:
    return next((k for k in kandidaten if k in props), None)


def _is_water(value: object) -> bool:
    return str(value or "").strip().upper() == "JA"


def _frame(collection: dict, niveau: str) -> tuple[gpd.GeoDataFrame, list[str], int]:
    """Turn a cached download into the boundary table; returns it with Dutch remarks."""
    features = collection["features"]
    props = {k for f in features for k in (f.get("properties") or {})}
    water_veld = _veld(props, WATER_VELDEN)
    land = [f for f in features if not (water_veld and _is_water((f.get("properties") or {}).get(water_veld)))]
    n_water = len(features) - len(land)
    velden = VELDEN[niveau]
    code_veld, naam_veld = _veld(props, velden["code"]), _veld(props, velden["naam"])
    gm_veld, wk_veld = _veld(props, GEMEENTE_VELDEN), _veld(props, WIJK_VELDEN)
    if code_veld is None:
        raise OngeldigAntwoord(
            f"De {niveau}laag van PDOK heeft geen veld met de {niveau}code (gezocht: {', '.join(velden['code'])}; "
            f"wel: {', '.join(sorted(props)) or 'geen velden'}). Meld dit bij de beheerder van wijkscan."
        )
    rows = []
    for f in land:
        p = dict(f.get("properties") or {})
        p["geometry"] = shape(f["geometry"]) if f.get("geometry") else None
        rows.append(p)
    gdf = gpd.GeoDataFrame(rows, geometry="geometry") if rows else gpd.GeoDataFrame(
        columns=[*sorted(props), "geometry"], geometry="geometry")
    crs = collection.get("crs") or ""
    lonlat = crs == "OGC:CRS84" or (not crs and len(gdf) and gdf.total_bounds[2] <= 180)
    gdf = gdf.set_crs("OGC:CRS84").to_crs(RD) if lonlat else gdf.set_crs(RD, allow_override=True)
    for col in gdf.columns:
        if col != "geometry" and pd.api.types.is_numeric_dtype(gdf[col]):
            gdf[col] = gdf[col].mask(gdf[col] <= SENTINEL)
    code = gdf[code_veld].astype(str).str.strip()
    gemeente = (gdf[gm_veld].astype(str).str.strip() if gm_veld else "GM" + code.str[2:6])
    wijk = (gdf[wk_veld].astype(str).str.strip() if wk_veld and niveau == "buurt"
            else code if niveau == "wijk" else ("WK" + code.str[2:8]) if niveau == "buurt" else None)
    out = gpd.GeoDataFrame({
        "code": code,
        "naam": gdf[naam_veld].astype(str).str.strip() if naam_veld else code,
        "niveau": niveau,
        "wijk": wijk,
        "gemeente": gemeente if niveau != "gemeente" else code,
    }, geometry=gdf.geometry, crs=RD)
    used = {c for c in (code_veld, naam_veld, gm_veld, wk_veld if niveau == "buurt" else None, "geometry") if c}
    extra = gdf.drop(columns=[c for c in used if c in gdf])
    out = pd.concat([out, extra], axis=1)
    opmerkingen = []
    if n_water:
        meervoud = "vlak" if n_water == 1 else "vlakken"
        opmerkingen.append(
            f"PDOK levert het water van een {niveau} als apart vlak met dezelfde code; {n_water} water{meervoud} "
            f"{'is' if n_water == 1 else 'zijn'} weggelaten, zodat elke {niveau} één keer meetelt, zonder het water."
        )
    dubbel = out.code[out.code.duplicated()].unique().tolist()
    if dubbel:
        # Several land parts under one code: one area, so merge the parts (nothing is dropped).
        geom = out.groupby("code").geometry.agg(lambda s: s.union_all() if hasattr(s, "union_all") else s.unary_union)
        first = out.drop_duplicates("code").set_index("code")
        first = first.set_geometry(gpd.GeoSeries(geom.reindex(first.index), crs=RD))
        out = first.reset_index()
        opmerkingen.append(
            f"1 {niveau}code kwam meer dan eens voor bij PDOK en is samengevoegd tot één vlak: {dubbel[0]}."
            if len(dubbel) == 1 else
            f"{len(dubbel)} {niveau}codes kwamen meer dan eens voor bij PDOK en zijn samengevoegd tot één vlak: "
            f"{', '.join(dubbel)}."
        )
    out = gpd.GeoDataFrame(out, geometry="geometry", crs=RD).set_index("code")
    return out, opmerkingen, int(n_water)


@dataclass(frozen=True)
class Herkomst:
    """Where a set of boundaries came from, and what was done to it (for the report of what was loaded)."""

    bron: str                   #: ``"PDOK"`` or ``"cache"``
    dienst: str                 #: service, version and layer used
    water_weggelaten: int       #: water features left out (same code as the land)
    opmerkingen: list[str]      #: Dutch sentences


def grenzen_met_herkomst(gemeente: str, jaar: int = 2024, niveau: str = "buurt") -> tuple[gpd.GeoDataFrame, Herkomst]:
    """:func:`grenzen` with where they came from as a value of its own (what :func:`wijkscan.load` uses).

    Example
    -------
    >>> g, herkomst = grenzen_met_herkomst("Voorschoten", 2024, "wijk")     # doctest: +SKIP
    >>> herkomst.bron                                                       # doctest: +SKIP
    'PDOK'
    """
    _controleer_niveau(niveau)
    code = gemeente_code(gemeente)
    jaar = int(jaar)
    entry = ("pdok", f"{jaar}_{niveau}_{code}.json")
    collection = _cache.read(*entry)
    bron = "cache"
    if not (isinstance(collection, dict) and "dienst" in collection):
        collection = _download(code, jaar, niveau)
        _cache.write(collection, *entry)
        bron = "PDOK"
    out, opmerkingen, n_water = _frame(collection, niveau)
    return out, Herkomst(bron, Dienst(**collection["dienst"]).omschrijving, n_water, opmerkingen)


def _download(code: str, jaar: int, niveau: str) -> dict:
    """The boundaries of one gemeente, year and level from PDOK, as one GeoJSON FeatureCollection."""
    if settings.offline:
        raise GeenVerbinding(
            f"wijkscan staat offline en de {niveau}grenzen {jaar} van {code} staan niet in de cache. "
            "Zet wijkscan.settings.offline = False op een computer met internet, of gebruik de "
            "ingebouwde gegevens (wijkscan.load(..., bron='ingebouwd'))."
        )
    d = dienst(jaar, niveau)
    features, crs = (_fetch_ogc if d.soort == "ogc" else _fetch_wfs)(d, code)
    if not features:
        raise GeenTabel(
            f"PDOK heeft in de wijk- en buurtkaart {jaar} geen {niveau}en van {code}. "
            "Controleer de gemeentecode en het jaar (na een fusie heeft de gemeente een nieuwe code)."
        )
    return {"type": "FeatureCollection", "crs": crs, "dienst": asdict(d), "features": features}


def grenzen(gemeente: str, jaar: int = 2024, niveau: str = "buurt") -> gpd.GeoDataFrame:
    """Boundaries of the buurten, wijken or the gemeente itself, in RD New (EPSG:28992).

    Parameters
    ----------
    gemeente : str
        Name or code.
    jaar : int
        Vintage of the wijk- en buurtkaart (2012 and later; which service is used per year is
        discovered, see :func:`dienst`).
    niveau : {"buurt", "wijk", "gemeente"}

    Returns
    -------
    GeoDataFrame
        Indexed by ``code`` (unique); columns ``naam, niveau, wijk, gemeente, geometry`` and
        every other attribute PDOK sends. ``attrs``: ``bron`` (``"cache"`` or ``"PDOK"``),
        ``dienst`` (service, version and layer used), ``water_weggelaten`` (water features left
        out) and ``opmerkingen`` (Dutch sentences for the report of what was loaded).

    Raises
    ------
    GeenVerbinding
        PDOK cannot be reached (or offline) and nothing is cached.
    GeenTabel
        PDOK has no layer for that year and niveau, or none of the gemeente's areas.
    """
    out, herkomst = grenzen_met_herkomst(gemeente, jaar, niveau)
    # metadata of the table for a user in a notebook (the loader reads the Herkomst itself)
    out.attrs.update(bron=herkomst.bron, dienst=herkomst.dienst, water_weggelaten=herkomst.water_weggelaten,
                     opmerkingen=list(herkomst.opmerkingen))
    return out
