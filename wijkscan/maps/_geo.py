"""Geometry for web maps: simplify in RD, convert to WGS84 (only here), round and pack compactly.

Analysis stays in RD New (EPSG:28992, metres). A web map needs WGS84 (EPSG:4326) and does not
need 15 decimals: 5 decimals are about 1 m (1.1 m north-south, 0.7 m east-west at 52° N).

Polygons are packed as integer micro-degrees ×1e5, delta encoded: per ring a flat list
``[x0, y0, dx1, dy1, …]`` (x = longitude). That is 3–4 times smaller than GeoJSON with rounded
coordinates, and the decoder in the page is five lines (``wsKaart.ring``).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

RD = "EPSG:28992"
WGS84 = "EPSG:4326"
SCHAAL = 100_000          # 5 decimals
TOLERANTIE = 2.0          # metres; below one screen pixel at wijk zoom (≈ 2,9 m per pixel at zoom 15)


def vereenvoudig(geoms: gpd.GeoSeries, tolerantie: float = TOLERANTIE) -> gpd.GeoSeries:
    """Simplify a coverage of polygons in RD without opening gaps between neighbours.

    Uses ``shapely.coverage_simplify`` (shared edges are simplified once, so neighbours keep
    touching); falls back to a per-polygon topology-preserving simplification when the polygons
    overlap and do not form a clean coverage.
    """
    if geoms.crs is not None and not geoms.crs.equals(RD):
        geoms = geoms.to_crs(RD)
    if tolerantie <= 0:
        return geoms
    heeft = geoms.notna() & ~geoms.is_empty.fillna(True)
    arr = geoms[heeft].to_numpy()
    if len(arr) == 0:
        return geoms
    try:
        klein = shapely.coverage_simplify(arr, tolerantie)
        if not shapely.is_valid(klein).all():
            raise ValueError("ongeldig na vereenvoudigen")
    except Exception:   # not a clean coverage (overlaps): simplify each polygon on its own
        klein = shapely.simplify(arr, tolerantie, preserve_topology=True)
    out = geoms.copy()
    out[heeft] = klein
    return out


def naar_wgs84(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """The one place where geometry leaves RD: to WGS84 for Leaflet."""
    if geoms.crs is None:
        geoms = geoms.set_crs(RD)
    return geoms.to_crs(WGS84)


def _ring(coords: np.ndarray) -> list[int] | None:
    q = np.round(coords[:, :2] * SCHAAL).astype(np.int64)
    if len(q) > 1 and (q[0] == q[-1]).all():
        q = q[:-1]                                   # Leaflet closes rings itself
    if len(q) > 1:
        keep = np.ones(len(q), dtype=bool)
        keep[1:] = (np.diff(q, axis=0) != 0).any(axis=1)   # drop repeated vertices after rounding
        q = q[keep]
    if len(q) < 3:
        return None
    d = np.vstack([q[:1], np.diff(q, axis=0)])
    return d.ravel().tolist()


def codeer(geom: shapely.Geometry | None) -> list[list[list[int]]]:
    """Pack a (multi)polygon in WGS84: polygons → rings → delta-encoded integers (×1e5).

    Example
    -------
    >>> codeer(shapely.box(4.0, 52.0, 4.00002, 52.00001))
    [[[400002, 5200000, 0, 1, -2, 0, 0, -1]]]
    """
    if geom is None or shapely.is_empty(geom):
        return []
    polys = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
    out = []
    for p in polys:
        if p.geom_type != "Polygon" or p.is_empty:
            continue
        buiten = _ring(np.asarray(p.exterior.coords))
        if buiten is None:
            continue
        rings = [buiten, *(r for r in (_ring(np.asarray(i.coords)) for i in p.interiors) if r is not None)]
        out.append(rings)
    return out


def labelpunten(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """A point deep inside every area (pole of inaccessibility of its largest part), for names on the map."""
    from shapely.ops import polylabel

    def punt(g: shapely.Geometry | None) -> shapely.Geometry | None:
        if g is None or g.is_empty:
            return None
        deel = max(g.geoms, key=lambda d: d.area) if hasattr(g, "geoms") else g
        try:
            return polylabel(deel, tolerance=max(1.0, deel.area ** 0.5 / 100))
        except Exception:   # degenerate polygon
            return deel.point_on_surface()

    return gpd.GeoSeries([punt(g) for g in geoms], index=geoms.index, crs=geoms.crs)


def grenzen(geoms: gpd.GeoSeries) -> list[list[float]]:
    """``[[south, west], [north, east]]`` in WGS84 for ``fit_bounds``."""
    x0, y0, x1, y1 = naar_wgs84(geoms.dropna()).total_bounds
    return [[round(float(y0), 5), round(float(x0), 5)], [round(float(y1), 5), round(float(x1), 5)]]


def verhouding(geoms: gpd.GeoSeries) -> float:
    """Width / height of the areas' bounding box in metres (RD New), kept between 0,75 and 1,8 for a web frame."""
    x0, y0, x1, y1 = geoms.total_bounds
    if not np.isfinite([x0, y0, x1, y1]).all() or y1 <= y0:
        return 4 / 3
    return float(min(1.8, max(0.75, (x1 - x0) / (y1 - y0))))
