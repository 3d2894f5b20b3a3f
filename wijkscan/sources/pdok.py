"""Gemeente, wijk and buurt boundaries from the PDOK wijkenbuurten WFS (CBS wijk- en buurtkaart).

PDOK publishes one WFS per vintage at ``/cbs/wijkenbuurten/<jaar>/wfs/v1_0``. Layer and
field names differ between vintages (:func:`laag`): from 2022 the layers are
``wijkenbuurten:buurten|wijken|gemeenten`` with camelCase fields (``buurtcode``,
``gemeentecode``); up to 2019 ``wijkenbuurten<jaar>:cbs_buurten_<jaar>`` and so on, with
the shapefile's upper-case fields (``BU_CODE``, ``GM_CODE``). Numeric attributes below
−99995 are the files' "no data" sentinels and become NA.

Example
-------
>>> from wijkscan.sources.pdok import grenzen
>>> buurten = grenzen("Voorschoten", jaar=2024, niveau="buurt")   # doctest: +SKIP
>>> buurten.crs.to_epsg(), len(buurten)                            # doctest: +SKIP
(28992, 12)
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import requests

from ..errors import GeenTabel, GeenVerbinding, OngeldigAntwoord
from ..settings import settings
from . import _cache, _http
from .gemeenten import gemeente_code

RD = "EPSG:28992"
PAGINA = 1000
MAX_PAGINAS = 200
SENTINEL = -99995
FES = "http://www.opengis.net/fes/2.0"


@dataclass(frozen=True)
class Laag:
    """Where one niveau of one vintage lives in the PDOK WFS, and what its fields are called."""

    type_name: str
    code: str
    naam: str
    gemeente: str
    wijk: str | None


def laag(jaar: int, niveau: str) -> Laag:
    """The WFS layer and field names of ``niveau`` (buurt/wijk/gemeente) in vintage ``jaar``.

    Example
    -------
    >>> laag(2024, "buurt").type_name, laag(2018, "buurt").type_name
    ('wijkenbuurten:buurten', 'wijkenbuurten2018:cbs_buurten_2018')
    """
    if niveau not in ("buurt", "wijk", "gemeente"):
        raise GeenTabel(f"Onbekend niveau '{niveau}' voor grenzen. Kies uit: buurt, wijk, gemeente.")
    jaar = int(jaar)
    if jaar >= 2022:
        names = {"buurt": "buurten", "wijk": "wijken", "gemeente": "gemeenten"}
        return Laag(
            type_name=f"wijkenbuurten:{names[niveau]}",
            code=f"{niveau}code",
            naam=f"{niveau}naam",
            gemeente="gemeentecode",
            wijk="wijkcode" if niveau == "buurt" else None,
        )
    if 2012 <= jaar <= 2019:
        prefix = {"buurt": "BU", "wijk": "WK", "gemeente": "GM"}[niveau]
        layer = f"gemeenten{jaar}" if niveau == "gemeente" else f"cbs_{niveau}en_{jaar}"
        return Laag(
            type_name=f"wijkenbuurten{jaar}:{layer}",
            code=f"{prefix}_CODE",
            naam=f"{prefix}_NAAM",
            gemeente="GM_CODE",
            wijk="WK_CODE" if niveau == "buurt" else None,
        )
    raise GeenTabel(
        f"PDOK heeft geen wijk- en buurtkaart van {jaar} in een vorm die wijkscan kent "
        "(wel 2012–2019 en vanaf 2022). Kies een ander jaar."
    )


def _fes_filter(field: str, value: str) -> str:
    return (
        f'<fes:Filter xmlns:fes="{FES}"><fes:PropertyIsEqualTo>'
        f"<fes:ValueReference>{field}</fes:ValueReference><fes:Literal>{value}</fes:Literal>"
        "</fes:PropertyIsEqualTo></fes:Filter>"
    )


def _fetch(jaar: int, niveau: str, code: str) -> dict:
    """All features of one layer for one gemeente, following the WFS paging."""
    lg = laag(jaar, niveau)
    url = f"{settings.pdok_url.rstrip('/')}/cbs/wijkenbuurten/{jaar}/wfs/v1_0"
    features: list[dict] = []
    seen: set[str] = set()
    session = requests.Session()
    start = 0
    for _ in range(MAX_PAGINAS):
        params = {
            "service": "WFS", "version": "2.0.0", "request": "GetFeature",
            "typeNames": lg.type_name, "outputFormat": "application/json", "srsName": RD,
            "count": PAGINA, "startIndex": start, "FILTER": _fes_filter(lg.gemeente, code),
        }
        prepared = session.prepare_request(requests.Request("GET", url, params=params))
        try:
            answer = _http.send(session, prepared, "PDOK").json()
        except _http.ServiceFout as exc:
            raise OngeldigAntwoord(
                f"PDOK weigerde de vraag naar laag {lg.type_name} ({jaar}): HTTP {exc.status}. "
                "Misschien heeft PDOK die jaargang niet (meer); kies een ander jaar."
            ) from exc
        batch = answer.get("features") if isinstance(answer, dict) else None
        if not isinstance(batch, list):
            raise OngeldigAntwoord(f"PDOK gaf voor {lg.type_name} geen GeoJSON-features terug.")
        ids = [str(f.get("id") or (f.get("properties") or {}).get(lg.code)) for f in batch]
        if batch and all(i in seen for i in ids):
            raise OngeldigAntwoord(
                f"PDOK stuurt voor {lg.type_name} steeds dezelfde pagina terug; de download is afgebroken. "
                "Probeer het later opnieuw."
            )
        seen.update(ids)
        features.extend(batch)
        start += len(batch)
        matched = answer.get("numberMatched")
        # The server may cap `count` below what we asked: page on until an empty page or
        # until numberMatched (when the server sends it) is reached.
        if not batch or (isinstance(matched, int) and len(features) >= matched):
            return {"type": "FeatureCollection", "features": features}
    raise OngeldigAntwoord(f"PDOK stuurde meer dan {MAX_PAGINAS} pagina's voor {lg.type_name}; afgebroken.")


def grenzen(gemeente: str, jaar: int = 2024, niveau: str = "buurt") -> gpd.GeoDataFrame:
    """Boundaries of the buurten, wijken or the gemeente itself, in RD New (EPSG:28992).

    Parameters
    ----------
    gemeente : str
        Name or code.
    jaar : int
        Vintage of the wijk- en buurtkaart.
    niveau : {"buurt", "wijk", "gemeente"}

    Returns
    -------
    GeoDataFrame
        Indexed by ``code``; columns ``naam, niveau, wijk, gemeente, geometry`` and every
        other attribute PDOK sends. ``attrs["bron"]`` is ``"cache"`` or ``"PDOK"``.

    Raises
    ------
    GeenVerbinding
        PDOK cannot be reached (or offline) and nothing is cached.
    """
    code = gemeente_code(gemeente)
    lg = laag(jaar, niveau)
    entry = ("pdok", f"{jaar}_{niveau}_{code}.json")
    collection = _cache.read(*entry)
    bron = "cache"
    if collection is None:
        if settings.offline:
            raise GeenVerbinding(
                f"wijkscan staat offline en de {niveau}grenzen {jaar} van {code} staan niet in de cache. "
                "Zet wijkscan.settings.offline = False op een computer met internet, of gebruik de "
                "ingebouwde gegevens (Voorschoten, Assen)."
            )
        collection = _fetch(int(jaar), niveau, code)
        if not collection["features"]:
            raise GeenTabel(
                f"PDOK heeft in de wijk- en buurtkaart {jaar} geen {niveau}en van {code}. "
                "Controleer de gemeentecode en het jaar."
            )
        _cache.write(collection, *entry)
        bron = "PDOK"
    gdf = gpd.GeoDataFrame.from_features(collection["features"])
    # We ask PDOK for RD New; should an answer still come in lon/lat, convert it.
    lonlat = gdf.total_bounds[2] <= 180 if len(gdf) else False
    gdf = gdf.set_crs("EPSG:4326").to_crs(RD) if lonlat else gdf.set_crs(RD)
    for col in gdf.columns:
        if col != "geometry" and pd.api.types.is_numeric_dtype(gdf[col]):
            gdf[col] = gdf[col].mask(gdf[col] <= SENTINEL)
    out = gpd.GeoDataFrame({
        "code": gdf[lg.code].astype(str).str.strip(),
        "naam": gdf[lg.naam].astype(str).str.strip() if lg.naam in gdf else None,
        "niveau": niveau,
        "wijk": gdf[lg.wijk].astype(str).str.strip() if lg.wijk and lg.wijk in gdf else None,
        "gemeente": gdf[lg.gemeente].astype(str).str.strip(),
    }, geometry=gdf.geometry, crs=RD)
    if niveau == "wijk":
        out["wijk"] = out.code
    extra = gdf.drop(columns=[c for c in (lg.code, lg.naam, lg.wijk, lg.gemeente, "geometry") if c and c in gdf])
    out = pd.concat([out, extra], axis=1).set_index("code")
    out.attrs["bron"] = bron
    return out
