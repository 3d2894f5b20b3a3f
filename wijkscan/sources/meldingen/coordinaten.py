"""Numbers and coordinates: decimal comma, RD New or WGS84 (even mixed), swapped pairs, the boundary."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Union

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from ...errors import OngeldigeInvoer
from .waarden import _is_str, _leeg, _strings

if TYPE_CHECKING:
    from ...loading import GemeenteData

RD = "EPSG:28992"
#: a gemeente boundary: a GemeenteData, a GeoDataFrame/GeoSeries or a shapely area in RD New (or none)
GemeenteGrens = Union["GemeenteData", gpd.GeoDataFrame, gpd.GeoSeries, shapely.Geometry, None]

# plausible ranges in the Netherlands (European part)
_LAT = (50.6, 53.7)
_LON = (3.2, 7.3)
_RDX = (0.0, 300_000.0)
_RDY = (289_000.0, 629_000.0)

_TO_RD = Transformer.from_crs("EPSG:4326", RD, always_xy=True)

_DUIZEND = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


def _naar_float(t: np.ndarray) -> np.ndarray:
    """StringDType → float; NaN where a text is not a number."""
    try:
        return t.astype(np.float64)
    except ValueError:
        return pd.to_numeric(pd.Series(t.astype(object)), errors="coerce").to_numpy(dtype=float)


def _getallen(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Numbers with decimal comma or point → (float array, mask "present but not a number")."""
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        vals = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)
        return vals, np.zeros(len(s), dtype=bool)
    obj = s.astype(object)
    leeg = _leeg(s)
    is_str = _is_str(obj)
    out = np.full(len(s), np.nan)
    niet_str = ~is_str & ~leeg
    if niet_str.any():
        out[niet_str] = pd.to_numeric(obj[niet_str], errors="coerce").to_numpy(dtype=float)
    if is_str.any():
        t = _strings(obj if is_str.all() else obj[is_str], is_str[is_str], gestript=True)
        t = t.copy()                             # changed in place below; the cached array stays as it is
        spatie = np.strings.find(t, " ") >= 0
        spatie |= np.strings.find(t, "\u00a0") >= 0
        if spatie.any():                         # "233 456,7": thousands separated by a (hard) space
            t[spatie] = np.strings.replace(np.strings.replace(t[spatie], "\u00a0", ""), " ", "")
        komma = np.strings.find(t, ",") >= 0
        punt = np.strings.find(t, ".") >= 0
        file_komma = bool(komma.any())
        beide = komma & punt
        if beide.any():
            # 233.456,78 → 233456.78 ; 233,456.78 → 233456.78
            laatste_komma = np.strings.rfind(t, ",") > np.strings.rfind(t, ".")
            a = beide & laatste_komma
            t[a] = np.strings.replace(np.strings.replace(t[a], ".", ""), ",", ".")
            b = beide & ~laatste_komma
            t[b] = np.strings.replace(t[b], ",", "")
        k = komma & ~punt
        if k.any():
            t[k] = np.strings.replace(t[k], ",", ".")
        waarden = _naar_float(t)
        if file_komma:
            # a column of large decimal-comma numbers (RD metres): "233.456" is 233456, not 233.456
            groot = np.nanmedian(np.abs(waarden[komma])) >= 1000 if (komma & ~np.isnan(waarden)).any() else False
            if groot:
                d = ~komma & np.array([bool(_DUIZEND.match(v)) if "." in v else False for v in t.tolist()]) \
                    if (~komma & punt).any() else np.zeros(len(t), dtype=bool)
                if d.any():
                    waarden[d] = _naar_float(np.strings.replace(t[d], ".", ""))
        out[is_str] = waarden
    ongeldig = ~leeg & np.isnan(out)
    return out, ongeldig


# ---------------------------------------------------------------------------------------------
# coordinates


def _binnen(v: np.ndarray, bereik: tuple[float, float]) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return (v >= bereik[0]) & (v <= bereik[1])


def _coordinaten(
    paren: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]], n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Classify coordinate pairs per row.

    ``paren``: list of (kind, a, b, invalid-mask), kind "latlon" (a=lat, b=lon) or "xy" (a=x, b=y);
    the first pair that is present in a row is used.

    Returns x_rd, y_rd, reason code per row ("" = ok), repair code per row ("" = none), notes.
    """
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    reden = np.full(n, "", dtype=object)
    aanpassing = np.full(n, "", dtype=object)
    gedaan = np.zeros(n, dtype=bool)
    lon_w = np.full(n, np.nan)
    lat_w = np.full(n, np.nan)
    for soort, a, b, ongeldig in paren:
        nul = (a == 0) & (b == 0)
        aanwezig = ~np.isnan(a) & ~np.isnan(b) & ~nul
        kapot = ongeldig & ~gedaan
        reden[kapot & (reden == "")] = "ongeldige_coordinaten"
        sel = aanwezig & ~gedaan & ~ongeldig
        if not sel.any():
            continue
        if soort == "latlon":
            lat, lon = a, b
            gewoon = sel & _binnen(lat, _LAT) & _binnen(lon, _LON)
            omgekeerd = sel & ~gewoon & _binnen(lon, _LAT) & _binnen(lat, _LON)
            rd = sel & ~gewoon & ~omgekeerd & _binnen(lon, _RDX) & _binnen(lat, _RDY)
            rd_om = sel & ~gewoon & ~omgekeerd & ~rd & _binnen(lat, _RDX) & _binnen(lon, _RDY)
            lat_w[gewoon], lon_w[gewoon] = lat[gewoon], lon[gewoon]
            lat_w[omgekeerd], lon_w[omgekeerd] = lon[omgekeerd], lat[omgekeerd]
            x[rd], y[rd] = lon[rd], lat[rd]
            x[rd_om], y[rd_om] = lat[rd_om], lon[rd_om]
            aanpassing[omgekeerd] = "latlon_verwisseld"
            aanpassing[rd | rd_om] = "rd_in_latlon"
            ok = gewoon | omgekeerd | rd | rd_om
        else:
            gewoon = sel & _binnen(a, _RDX) & _binnen(b, _RDY)
            omgekeerd = sel & ~gewoon & _binnen(b, _RDX) & _binnen(a, _RDY)
            wgs = sel & ~gewoon & ~omgekeerd & _binnen(a, _LON) & _binnen(b, _LAT)
            wgs_om = sel & ~gewoon & ~omgekeerd & ~wgs & _binnen(a, _LAT) & _binnen(b, _LON)
            x[gewoon], y[gewoon] = a[gewoon], b[gewoon]
            x[omgekeerd], y[omgekeerd] = b[omgekeerd], a[omgekeerd]
            lon_w[wgs], lat_w[wgs] = a[wgs], b[wgs]
            lon_w[wgs_om], lat_w[wgs_om] = b[wgs_om], a[wgs_om]
            aanpassing[omgekeerd] = "xy_verwisseld"
            aanpassing[wgs | wgs_om] = "wgs_in_xy"
            ok = gewoon | omgekeerd | wgs | wgs_om
        reden[sel & ~ok] = "buiten_nederland"
        reden[sel & ok] = ""
        gedaan |= sel
    reden[~gedaan & (reden == "")] = "geen_coordinaten"
    w = ~np.isnan(lat_w)
    if w.any():
        x[w], y[w] = _TO_RD.transform(lon_w[w], lat_w[w])
    return x, y, reden, aanpassing


def _grens(gemeente_grens: GemeenteGrens, marge: float) -> shapely.Geometry | None:
    if gemeente_grens is None:
        return None
    if hasattr(gemeente_grens, "gebieden") and hasattr(gemeente_grens, "code"):   # GemeenteData
        g = gemeente_grens.gebieden
        g = g[g.niveau == "gemeente"] if "niveau" in g else g
        geom = g.to_crs(RD).geometry.dropna().union_all()
    elif isinstance(gemeente_grens, (gpd.GeoDataFrame, gpd.GeoSeries)):
        gs = gemeente_grens if gemeente_grens.crs is None else gemeente_grens.to_crs(RD)
        geom = gs.geometry.dropna().union_all() if isinstance(gs, gpd.GeoDataFrame) else gs.dropna().union_all()
    elif isinstance(gemeente_grens, shapely.Geometry):
        geom = gemeente_grens
    else:
        raise OngeldigeInvoer(
            "gemeente_grens moet een GemeenteData (wijkscan.load(...)), een GeoDataFrame/GeoSeries of een "
            "shapely-vlak in RD New zijn."
        )
    if geom is None or geom.is_empty:
        raise OngeldigeInvoer("De opgegeven gemeentegrens is leeg.")
    if marge:
        geom = geom.buffer(float(marge))
    shapely.prepare(geom)
    return geom


