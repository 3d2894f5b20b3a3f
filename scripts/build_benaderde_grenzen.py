"""Build ``wijkscan/data/buurten_benadering_2024.gpkg``: an approximate outline for every 2024 buurt without polygon.

The embedded buurt map (``gebieden.gpkg`` layer ``buurt``, about 2019) lacks 2,723 of the 14,574 buurten
of 2024 (new or recoded since). The only offline source with every 2024 buurt is the schematic map of
the third-party site woonikveilig: per gemeente every buurt as an SVG path in screen pixels
(``derived_woonikveilig/geo-buurt-schematisch/GM*.json``), not georeferenced and simplified.

This script georeferences that schematic map, per gemeente, with a similarity transform (scale,
rotation, shift; the SVG y axis points down) fitted by least squares to **real** control points:

* the centroid of every 2024 wijk (schematic: the union of its buurten; real: the 2024 wijk polygon);
* the centroid of every buurt whose code is also on the 2019 buurt map (its boundary may have changed,
  so these points are trimmed: the fit is repeated without points that lie far off).

The transformed outlines of the buurten without polygon are simplified (5 m), rounded to whole metres
and written with ``code, naam, wijk, gemeente, geometry`` (EPSG:28992). They are for display only
("grens bij benadering"); wijkscan never assigns points or areas to them.

Maintainer script, run by hand when the snapshot changes::

    python scripts/build_benaderde_grenzen.py /path/to/shared/data

Neither the package nor the tests read the shared folder. ``benchmarks/bench_benaderde_grenzen.py``
uses the functions here to measure the accuracy on buurten that do have a real polygon.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Polygon

RD = "EPSG:28992"
DATA = Path(__file__).resolve().parents[1] / "wijkscan" / "data"
UIT = DATA / "buurten_benadering_2024.gpkg"
SCHEMA = Path("derived_woonikveilig") / "geo-buurt-schematisch"

#: Douglas-Peucker tolerance in metres for the written outlines (the source has whole pixels, 10-100 m).
TOLERANTIE = 5.0
#: A buurt control point is dropped when it lies more than this many times the median residual off ...
TRIM_FACTOR = 3.0
#: ... but never for a residual below this many source pixels (the drawing itself is that coarse).
TRIM_PIXELS = 3.0
#: A buurt point is used at all only when the anchor fit puts it within this many source pixels.
START_PIXELS = 8.0
#: Largest plausible rotation between the schematic map and RD New, degrees (both are north-up).
MAX_HOEK = 5.0
#: Gaps between neighbouring schematic buurten narrower than this (pixels) are closed.
GAT_PIXELS = 4.0
#: Clip to the real wijk polygon only when at least this share of the transformed outline is inside it.
MIN_IN_WIJK = 0.5


# --------------------------------------------------------------------------- reading the schematic map

_GETAL = re.compile(r"-?\d+(?:\.\d+)?")


def pad_naar_vlak(d: str) -> shapely.Geometry | None:
    """An SVG path of ``M``/``L``/``Z`` commands as a polygon in pixel coordinates with the y axis up.

    Rings are combined even-odd (a ring inside another is a hole), as SVG draws them by default.

    Example
    -------
    >>> pad_naar_vlak("M0 0L10 0L10 10L0 10Z").bounds
    (0.0, -10.0, 10.0, 0.0)
    """
    vlak = None
    for deel in re.split(r"(?=M)", d.strip()):
        xy = np.array([float(v) for v in _GETAL.findall(deel)]).reshape(-1, 2)
        if len(xy) < 3:
            continue
        ring = _vlak(shapely.make_valid(Polygon(np.column_stack([xy[:, 0], -xy[:, 1]]))))
        if ring is None or ring.area == 0:
            continue
        vlak = ring if vlak is None else shapely.symmetric_difference(vlak, ring)
    if vlak is None or vlak.is_empty:
        return None
    return _vlak(shapely.make_valid(vlak))


def lees_schema(map_: Path) -> gpd.GeoDataFrame:
    """Every buurt of the schematic map: ``code, naam, gemeente, wijk, geometry`` (pixels, y up, no CRS).

    The site simplified each buurt on its own, so neighbours overlap a little and leave slivers open
    between them. Per gemeente :func:`shapely.coverage_clean` gives every overlap to one buurt and
    closes gaps narrower than :data:`GAT_PIXELS` (to the neighbour with the longest shared border).
    """
    rijen = []
    for f in sorted(map_.glob("GM*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        codes, namen, vlakken = [], [], []
        for ft in d["features"]:
            vlak = pad_naar_vlak(ft["d"])
            if vlak is not None:
                codes.append(ft["code"])
                namen.append(ft["naam"])
                vlakken.append(vlak)
        schoon = shapely.coverage_clean(np.array(vlakken, dtype=object), gap_width=GAT_PIXELS)
        for code, naam, vlak, oud in zip(codes, namen, schoon, vlakken, strict=True):
            vlak = _vlak(shapely.make_valid(vlak)) if vlak is not None else None
            rijen.append({"code": code, "naam": naam, "gemeente": f.stem, "wijk": "WK" + code[2:8],
                          "geometry": vlak if vlak is not None else oud})
    return gpd.GeoDataFrame(rijen, geometry="geometry")


# --------------------------------------------------------------------------- the transform


@dataclass
class Transform:
    """A similarity transform pixel (y up) -> RD: ``z' = a·z + t`` in complex numbers."""

    a: complex
    t: complex

    @property
    def schaal(self) -> float:
        """Metres per source pixel."""
        return abs(self.a)

    def matrix(self) -> list[float]:
        """The six numbers of :func:`shapely.affinity.affine_transform`."""
        return [self.a.real, -self.a.imag, self.a.imag, self.a.real, self.t.real, self.t.imag]

    def pas_toe(self, geoms):
        """Transform shapely geometries (an array or one)."""
        m = self.matrix()
        return shapely.transform(geoms, lambda xy: np.column_stack([m[0] * xy[:, 0] + m[1] * xy[:, 1] + m[4],
                                                                    m[2] * xy[:, 0] + m[3] * xy[:, 1] + m[5]]))


def pas_gelijkvormig(bron: np.ndarray, doel: np.ndarray, gewicht: np.ndarray | None = None) -> Transform:
    """Weighted least-squares similarity transform from ``bron`` to ``doel`` (both n x 2).

    Example
    -------
    >>> b = np.array([[0, 0], [1, 0], [0, 1]]); d = b * 2 + 5
    >>> t = pas_gelijkvormig(b, d); round(t.schaal, 6), complex(round(t.t.real, 6), round(t.t.imag, 6))
    (2.0, (5+5j))
    """
    w = np.ones(len(bron)) if gewicht is None else np.asarray(gewicht, dtype=float)
    zb = bron[:, 0] + 1j * bron[:, 1]
    zd = doel[:, 0] + 1j * doel[:, 1]
    mb = np.sum(w * zb) / w.sum()
    md = np.sum(w * zd) / w.sum()
    cb, cd = zb - mb, zd - md
    a = np.sum(w * np.conj(cb) * cd) / np.sum(w * np.abs(cb) ** 2)
    return Transform(a=complex(a), t=complex(md - a * mb))


def _punten(g: gpd.GeoSeries) -> np.ndarray:
    c = shapely.centroid(g.to_numpy())
    return np.column_stack([shapely.get_x(c), shapely.get_y(c)])


@dataclass
class Fit:
    """The transform of one gemeente and what it was fitted on."""

    transform: Transform
    wijken: int
    buurten: int
    buurten_weg: int


def _voorspel(t: Transform, xy: np.ndarray) -> np.ndarray:
    m = t.matrix()
    return np.column_stack([m[0] * xy[:, 0] + m[1] * xy[:, 1] + m[4], m[2] * xy[:, 0] + m[3] * xy[:, 1] + m[5]])


def _hoek(t: Transform) -> float:
    return abs(float(np.degrees(np.angle(t.a))))


def pas_gemeente(schema: gpd.GeoDataFrame, echt_buurt: gpd.GeoDataFrame, echt_wijk: gpd.GeoDataFrame,
                 zonder: set[str] = frozenset()) -> Fit:
    """Fit the transform of one gemeente.

    First on anchors that are 2024 on both sides: the wijk centroids and the corners of the bounding box
    of the whole gemeente (schematic buurten vs real wijken). Then buurten whose code is also on the 2019
    map are added, but only those that lie near where the anchor fit puts them: a code can have been
    reused for another area (Het Hogeland, Culemborg). The fit is repeated without buurt points far off.
    A result that is rotated more than :data:`MAX_HOEK` degrees (both maps are north-up) or scaled very
    differently from the anchor fit falls back to the anchor fit.

    Parameters
    ----------
    schema : GeoDataFrame
        The gemeente's schematic buurten (:func:`lees_schema`).
    echt_buurt, echt_wijk : GeoDataFrame
        Real buurt (about 2019) and wijk (2024) polygons of the gemeente, indexed by code, RD New.
    zonder : set of str
        Buurt codes not to use (hold-out when measuring).
    """
    s_wijk = schema.dissolve("wijk").geometry
    wijk_codes = s_wijk.index.intersection(echt_wijk.index)
    s_b = schema.set_index("code").geometry
    buurt_codes = s_b.index.intersection(echt_buurt.index).difference(pd.Index(sorted(zonder)))
    anker_b = np.vstack([_punten(s_wijk[wijk_codes]), np.reshape(schema.total_bounds, (2, 2))])
    anker_d = np.vstack([_punten(echt_wijk.geometry[wijk_codes]), np.reshape(echt_wijk.total_bounds, (2, 2))])
    t0 = pas_gelijkvormig(anker_b, anker_d)
    res0 = np.hypot(*(_voorspel(t0, anker_b) - anker_d).T)
    bron_b, doel_b = _punten(s_b[buurt_codes]), _punten(echt_buurt.geometry[buurt_codes])
    if not len(buurt_codes):
        return Fit(t0, len(wijk_codes), 0, 0)
    grens0 = max(3 * float(np.median(res0)), START_PIXELS * t0.schaal)
    houd = np.hypot(*(_voorspel(t0, bron_b) - doel_b).T) <= grens0
    t = t0
    for _ in range(5):
        t = pas_gelijkvormig(np.vstack([anker_b, bron_b[houd]]), np.vstack([anker_d, doel_b[houd]]))
        res = np.hypot(*(_voorspel(t, bron_b) - doel_b).T)
        grens = max(TRIM_FACTOR * float(np.median(res[houd])) if houd.any() else 0.0, TRIM_PIXELS * t.schaal)
        nieuw = houd & (res <= grens)
        if (nieuw == houd).all():
            break
        houd = nieuw
    if _hoek(t) > MAX_HOEK or abs(t.schaal / t0.schaal - 1) > 0.2:
        return Fit(t0, len(wijk_codes), 0, len(buurt_codes))
    return Fit(t, len(wijk_codes), int(houd.sum()), int((~houd).sum()))


def benader(schema: gpd.GeoDataFrame, fit: Fit, echt_wijk: gpd.GeoDataFrame, knip: bool = False) -> gpd.GeoSeries:
    """The transformed outlines of ``schema`` (indexed by code), clipped to their real wijk polygon when ``knip``.

    Clipping is off by default: measured on buurten with a real polygon it makes the outlines worse
    (median IoU 0,88 instead of 0,92; the 2024 wijk polygons are generalised by about 100 m).
    """
    geoms = fit.transform.pas_toe(schema.geometry.to_numpy())
    geoms = shapely.make_valid(geoms)
    if knip:
        wijk = echt_wijk.geometry.reindex(schema.wijk).to_numpy()
        heeft = ~pd.isna(wijk)
        geknipt = geoms.copy()
        geknipt[heeft] = shapely.intersection(geoms[heeft], wijk[heeft])
        aandeel = np.zeros(len(geoms))
        aandeel[heeft] = shapely.area(geknipt[heeft]) / np.maximum(shapely.area(geoms[heeft]), 1e-9)
        geoms = np.where(heeft & (aandeel >= MIN_IN_WIJK), geknipt, geoms)
    geoms = np.array([_vlak(g) for g in geoms], dtype=object)
    return gpd.GeoSeries(geoms, index=pd.Index(schema.code, name="code"), crs=RD)


def _vlak(g: shapely.Geometry | None) -> shapely.Geometry | None:
    """Only the polygonal part (clipping can leave lines and points)."""
    if g is None or g.is_empty:
        return None
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    delen = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(delen) if delen else None


def afronden(geoms: gpd.GeoSeries, tolerantie: float = TOLERANTIE) -> gpd.GeoSeries:
    """Simplify (shared edges once, so neighbours stay adjacent), round coordinates to whole metres and
    repair what rounding broke."""
    try:
        arr = shapely.coverage_simplify(geoms.to_numpy(), tolerantie)
    except shapely.errors.GEOSException:
        arr = shapely.simplify(geoms.to_numpy(), tolerantie, preserve_topology=True)
    arr = shapely.set_precision(arr, 1.0)
    arr = np.array([_vlak(shapely.make_valid(g)) if g is not None else None for g in arr], dtype=object)
    return gpd.GeoSeries(arr, index=geoms.index, crs=RD)


# --------------------------------------------------------------------------- the real data


def echte_lagen(data: Path = DATA) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame, pd.DataFrame]:
    """Real buurt (about 2019), wijk (2024) and gemeente (2023) polygons, and the 2024 area table."""
    gpkg = data / "gebieden.gpkg"
    buurt = gpd.read_file(gpkg, layer="buurt").set_index("code")
    wijk = gpd.read_file(gpkg, layer="wijk").set_index("code")
    gemeente = gpd.read_file(gpkg, layer="gemeente").set_index("code")
    tabel = pd.read_csv(data / "gebieden_2024.csv", dtype=str, keep_default_na=False)
    return buurt, wijk, gemeente, tabel


def bouw(gedeeld: Path) -> gpd.GeoDataFrame:
    """The approximate outlines of all 2024 buurten without a real polygon."""
    schema = lees_schema(gedeeld / SCHEMA)
    buurt, wijk, _, tabel = echte_lagen()
    b24 = tabel[tabel.niveau == "buurt"].set_index("code")
    onbekend = sorted(set(schema.code) - set(b24.index))
    if onbekend:
        raise SystemExit(f"schematic buurten not in the 2024 table: {onbekend[:5]}")
    zonder = b24.index.difference(buurt.index)
    delen = []
    for gm, s in schema.groupby("gemeente"):
        ew = wijk[wijk.gemeente == gm]
        eb = buurt[buurt.index.str[2:6] == gm[2:]]
        fit = pas_gemeente(s, eb, ew)
        nodig = s[s.code.isin(zonder)]
        if nodig.empty:
            continue
        geoms = afronden(benader(nodig, fit, ew))
        delen.append(gpd.GeoDataFrame({"naam": b24.naam.reindex(geoms.index), "wijk": b24.wijk.reindex(geoms.index),
                                       "gemeente": gm}, geometry=geoms, crs=RD))
        print(f"{gm}: {len(nodig)} buurten, {fit.transform.schaal:.1f} m/pixel, fitted on {fit.wijken} wijken and "
              f"{fit.buurten} buurten ({fit.buurten_weg} left out)")
    out = pd.concat(delen)
    out = out[out.geometry.notna()].sort_index()
    return gpd.GeoDataFrame(out.reset_index()[["code", "naam", "wijk", "gemeente", "geometry"]], geometry="geometry", crs=RD)


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit(__doc__)
    out = bouw(Path(argv[0]))
    zonder = pd.read_csv(DATA / "buurten_zonder_vlak_2024.csv", dtype=str)
    missen = sorted(set(zonder.code) - set(out.code))
    UIT.unlink(missing_ok=True)
    out.to_file(UIT, layer="buurt", driver="GPKG", SPATIAL_INDEX="NO")
    print(f"{len(out)} of {len(zonder)} buurten without polygon got an approximate outline; "
          f"{UIT.stat().st_size / 1e6:.2f} MB. Without: {missen}")


if __name__ == "__main__":
    main(sys.argv[1:])
