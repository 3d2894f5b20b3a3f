"""Meldingen to areas: point-in-polygon assignment and counts per area and category (stage: assignment).

Part of :mod:`wijkscan.analysis.meldingen` (see there); the one path of a run is
:func:`wijkscan.analysis.meldingentelling.tel_meldingen`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..errors import OngeldigeInvoer

if TYPE_CHECKING:
    from ..loading import GemeenteData

#: Areas to assign to: a GemeenteData (``wijkscan.load(...)``) or any GeoDataFrame of polygons.
Gebieden: TypeAlias = "GemeenteData | gpd.GeoDataFrame"
#: Inhabitants: a GemeenteData, tidy kerncijfers (``code, variabele, waarde``) or a Series code → inwoners.
Inwonersbron: TypeAlias = "GemeenteData | pd.DataFrame | pd.Series | None"

RD = "EPSG:28992"

GEEN_GEBIED = "(geen gebied)"

GEEN_GEBIED_NAAM = "buiten de gebieden"

__all__ = ["GEEN_GEBIED", "GEEN_GEBIED_NAAM", "RD", "Puntkoppeling", "koppel_gebieden", "koppel_met_verslag", "kruistabel",
           "tel_per_categorie", "tel_per_gebied"]

def _vlakken(gebieden: Gebieden, niveau: str | None) -> gpd.GeoDataFrame:
    """All areas of ``niveau`` (with and without geometry) in RD, indexed by code, with ``naam``."""
    g = gebieden.gebieden if hasattr(gebieden, "gebieden") and hasattr(gebieden, "kerncijfers") else gebieden
    if not isinstance(g, gpd.GeoDataFrame):
        raise OngeldigeInvoer(
            "gebieden moet een GemeenteData (wijkscan.load(...)) of een GeoDataFrame met vlakken zijn."
        )
    if niveau is not None and "niveau" in g.columns:
        if niveau not in set(g["niveau"]):
            raise OngeldigeInvoer(
                f"Niveau {niveau!r} komt niet voor in de gebieden; wel: {', '.join(sorted(set(g['niveau'])))}."
            )
        g = g[g["niveau"] == niveau]
    if g.crs is None:
        raise OngeldigeInvoer("De gebieden hebben geen coördinatenstelsel (crs); zet het met .set_crs(28992).")
    g = g.to_crs(RD) if not g.crs.equals(RD) else g
    g = g.copy()
    if "code" in g.columns and g.index.name != "code":
        g = g.set_index("code")
    g.index = g.index.astype(str)
    g.index.name = "code"
    if "naam" not in g.columns:
        g["naam"] = g.index
    if g.index.duplicated().any():
        raise OngeldigeInvoer("De gebieden hebben dubbele codes; geef elk vlak een eigen code.")
    return g


def _inwoners(bron: Inwonersbron, jaar: int | None = None) -> pd.Series | None:
    """AantalInwoners per code from a GemeenteData, tidy kerncijfers or a Series."""
    if bron is None:
        return None
    if isinstance(bron, pd.Series):
        return pd.to_numeric(bron, errors="coerce").astype("Float64").rename("inwoners")
    kc = bron.kerncijfers if hasattr(bron, "kerncijfers") else bron
    if not isinstance(kc, pd.DataFrame) or not {"code", "variabele", "waarde"} <= set(kc.columns):
        raise OngeldigeInvoer(
            "inwoners moet een GemeenteData, kerncijfers (code, variabele, waarde) of een Series code → "
            "inwoners zijn."
        )
    kc = kc[kc["variabele"] == "AantalInwoners"]
    if "jaar" in kc.columns and len(kc):
        jaar = int(jaar if jaar is not None else getattr(bron, "jaar", None) or kc["jaar"].max())
        kc = kc[kc["jaar"] == jaar]
    return kc.drop_duplicates("code").set_index("code")["waarde"].astype("Float64").rename("inwoners")


# ---------------------------------------------------------------------------------------------
# point in polygon


def _punt_in_vlak(x: np.ndarray, y: np.ndarray, vlakken: np.ndarray) -> tuple[np.ndarray, int]:
    """Index of the polygon each point lies in (-1: none), and how many points lie in more than one.

    Vectorised ``shapely.contains_xy`` per polygon on x-sorted points with a bounding-box window.
    For many points, a grid whose cells lie entirely inside one polygon assigns most points
    without any geometry test. A point exactly on a boundary goes to the first polygon (in order)
    that touches it. Overlapping polygons: the first one in order wins.
    """
    n = len(x)
    res = np.full(n, -1, dtype=np.int64)
    if n == 0 or len(vlakken) == 0:
        return res, 0
    vlakken = np.asarray(vlakken, dtype=object)
    shapely.prepare(vlakken)
    areas = shapely.area(vlakken)
    overlap = len(vlakken) > 1 and shapely.area(shapely.union_all(vlakken)) < areas.sum() * (1 - 1e-9) - 1e-6
    meervoudig = 0
    bekend = np.zeros(n, dtype=bool)

    if n > 20_000 and not overlap:
        # cells (only those holding points) that lie entirely inside one polygon: no test needed
        x0, y0, x1, y1 = shapely.total_bounds(vlakken)
        cellen = min(max(n // 10, 5_000), 100_000)   # finer grid when there are more points
        cel = max(math.sqrt(max((x1 - x0) * (y1 - y0), 1.0) / cellen), 1.0)
        nx, ny = int((x1 - x0) // cel) + 1, int((y1 - y0) // cel) + 1
        with np.errstate(invalid="ignore"):
            ix = np.floor((x - x0) / cel)
            iy = np.floor((y - y0) / cel)
        ok = (ix >= 0) & (ix < nx) & (iy >= 0) & (iy < ny)
        flat = np.where(ok, ix * ny + iy, 0).astype(np.int64)
        bezet = np.nonzero(np.bincount(flat[ok], minlength=nx * ny))[0]
        gx, gy = bezet // ny, bezet % ny
        eps = 1e-6 * cel
        boxes = shapely.box(x0 + gx * cel - eps, y0 + gy * cel - eps, x0 + (gx + 1) * cel + eps,
                            y0 + (gy + 1) * cel + eps)
        vi, bi = shapely.STRtree(boxes).query(vlakken, predicate="contains_properly")
        cel_vlak = np.full(nx * ny, -1, dtype=np.int64)
        cel_vlak[bezet[bi]] = vi
        res = np.where(ok, cel_vlak[flat], -1)
        bekend = res >= 0

    rest = np.nonzero(~bekend & ~np.isnan(x) & ~np.isnan(y))[0]
    volgorde = np.argsort(x[rest], kind="stable")
    idx = rest[volgorde]
    xs, ys = x[idx], y[idx]
    treffers = np.zeros(len(idx), dtype=np.int64)
    for k, vlak in enumerate(vlakken):
        if vlak is None or shapely.is_empty(vlak):
            continue
        bx0, by0, bx1, by1 = shapely.bounds(vlak)
        lo, hi = np.searchsorted(xs, bx0, "left"), np.searchsorted(xs, bx1, "right")
        if hi <= lo:
            continue
        yy = ys[lo:hi]
        sel = np.nonzero((yy >= by0) & (yy <= by1))[0] + lo
        if len(sel) == 0:
            continue
        binnen = sel[shapely.contains_xy(vlak, xs[sel], ys[sel])]
        treffers[binnen] += 1
        nieuw = binnen[res[idx[binnen]] < 0]
        res[idx[nieuw]] = k
    meervoudig = int((treffers > 1).sum())
    # points exactly on a boundary: first polygon that touches them
    los = np.nonzero(res[idx] < 0)[0]
    for k, vlak in enumerate(vlakken):
        if len(los) == 0:
            break
        if vlak is None or shapely.is_empty(vlak):
            continue
        bx0, by0, bx1, by1 = shapely.bounds(vlak)
        kand = los[(xs[los] >= bx0) & (xs[los] <= bx1) & (ys[los] >= by0) & (ys[los] <= by1)]
        if len(kand) == 0:
            continue
        raak = kand[shapely.intersects_xy(vlak, xs[kand], ys[kand])]
        res[idx[raak]] = k
        los = np.setdiff1d(los, raak, assume_unique=True)
    return res, meervoudig


def _xy(meldingen: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(meldingen, gpd.GeoDataFrame):
        raise OngeldigeInvoer(
            "meldingen moet een GeoDataFrame met punten zijn; lees ze met lees_meldingen(...).meldingen."
        )
    geom = meldingen.geometry
    if geom.crs is not None and not geom.crs.equals(RD):
        geom = geom.to_crs(RD)
    pts = np.asarray(geom.values)
    x, y = shapely.get_x(pts).astype(float), shapely.get_y(pts).astype(float)   # NaN for non-points
    leeg = np.isnan(x)
    if leeg.any() and not np.isin(shapely.get_type_id(pts[leeg]), (0, -1)).all():   # Point or missing
        raise OngeldigeInvoer("De meldingen moeten punten zijn (Point); vlakken of lijnen kan ik niet aan een "
                              "gebied koppelen. Gebruik lees_meldingen of .centroid.")
    return x, y


def _koppel(meldingen: gpd.GeoDataFrame, vlakken: gpd.GeoDataFrame) -> tuple[np.ndarray, int]:
    x, y = _xy(meldingen)
    heeft = vlakken.geometry.notna().to_numpy() & ~vlakken.geometry.is_empty.fillna(True).to_numpy()
    pos = np.nonzero(heeft)[0]
    res, multi = _punt_in_vlak(x, y, vlakken.geometry.to_numpy()[pos])
    out = np.where(res >= 0, pos[np.clip(res, 0, None)] if len(pos) else -1, -1)
    # meldingen without a point but with an area from the file's area column (lees_meldingen, issue 11)
    for kol in ("gebied_code", "gebied_ouder"):
        if kol in meldingen.columns:
            los = (out < 0) & np.isnan(x)
            if los.any():
                hit = vlakken.index.get_indexer(meldingen[kol].astype(object).to_numpy()[los])
                out[np.nonzero(los)[0][hit >= 0]] = hit[hit >= 0]
    return out, multi


@dataclass
class Puntkoppeling:
    """Meldingen with the area each lies in, and how the point-in-polygon step went.

    Attributes
    ----------
    punten : GeoDataFrame
        The meldingen with ``<kolom>`` (area code, NA when in no area) and ``<kolom>_naam``.
    niveau : str or None
    gebieden : int
        Areas assigned against.
    gebieden_zonder_vlak : int
        Areas without geometry (they can receive no point: their count is unknown).
    geen_gebied : int
        Points in no area.
    meer_gebieden : int
        Points in more than one area (overlapping own polygons; the first one wins).
    """

    punten: gpd.GeoDataFrame
    niveau: str | None
    gebieden: int
    gebieden_zonder_vlak: int
    geen_gebied: int
    meer_gebieden: int


def koppel_met_verslag(
    meldingen: gpd.GeoDataFrame,
    gebieden: Gebieden,
    niveau: str | None = "buurt",
    kolom: str = "gebied",
) -> Puntkoppeling:
    """:func:`koppel_gebieden` with its report: how many points lie in no area or in more than one.

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> k = koppel_met_verslag(assen_meldingen().meldingen, wijkscan.load("Assen", bron="ingebouwd"), "wijk")
    >>> k.geen_gebied, int(k.punten["gebied"].isna().sum())
    (5, 5)
    """
    vlakken = _vlakken(gebieden, niveau)
    idx, multi = _koppel(meldingen, vlakken)
    out = meldingen.copy()
    codes = vlakken.index.to_numpy(dtype=object)
    namen = vlakken["naam"].astype(object).to_numpy()
    out[kolom] = pd.array(np.where(idx >= 0, codes[np.clip(idx, 0, None)] if len(codes) else None, None),
                          dtype="string")
    out[f"{kolom}_naam"] = pd.array(
        np.where(idx >= 0, namen[np.clip(idx, 0, None)] if len(namen) else None, None), dtype="string")
    return Puntkoppeling(punten=out, niveau=niveau, gebieden=len(vlakken),
                     gebieden_zonder_vlak=int(vlakken.geometry.isna().sum()), geen_gebied=int((idx < 0).sum()),
                     meer_gebieden=multi)


def koppel_gebieden(
    meldingen: gpd.GeoDataFrame,
    gebieden: Gebieden,
    niveau: str | None = "buurt",
    kolom: str = "gebied",
) -> gpd.GeoDataFrame:
    """Add the area (code and name) each melding lies in, by point-in-polygon.

    Parameters
    ----------
    meldingen : GeoDataFrame
        Points (any CRS; RD New is used).
    gebieden : GemeenteData or GeoDataFrame
        Areas; a GeoDataFrame is indexed by code (or has a ``code`` column) and may have ``naam``.
    niveau : str or None
        Which ``niveau`` of the gebieden to use (``"buurt"``, ``"wijk"``); None for all rows.
    kolom : str
        Name of the new code column; the name goes to ``<kolom>_naam``.

    Returns
    -------
    GeoDataFrame
        A copy with ``kolom`` (NA when the point lies in no area) and ``<kolom>_naam``. How many points
        lie in no area or in more than one: :func:`koppel_met_verslag`.

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> m = koppel_gebieden(assen_meldingen().meldingen, wijkscan.load("Assen", bron="ingebouwd"), "wijk")
    >>> int(m["gebied"].isna().sum())
    5
    """
    return koppel_met_verslag(meldingen, gebieden, niveau, kolom).punten


# ---------------------------------------------------------------------------------------------
# counts


def tel_per_gebied(
    meldingen: gpd.GeoDataFrame,
    gebieden: Gebieden,
    niveau: str | None = "buurt",
    inwoners: Inwonersbron = None,
    jaar: int | None = None,
) -> pd.DataFrame:
    """Meldingen per area, with meldingen per 1,000 inwoners.

    Parameters
    ----------
    meldingen : GeoDataFrame
    gebieden : GemeenteData or GeoDataFrame
    niveau : str or None
    inwoners : GemeenteData, tidy kerncijfers, Series code → inwoners, or None
        Default: the kerncijfers of ``gebieden`` when it is a GemeenteData (``AantalInwoners``).
    jaar : int, optional
        Year of the inwoners (default: the GemeenteData's year, else the latest).

    Returns
    -------
    DataFrame
        Indexed by code, one row per area plus ``(geen gebied)`` for points in no area:
        ``naam, meldingen, inwoners, per_1000_inwoners, opmerking``. The counts add up to
        ``len(meldingen)``; areas without geometry have ``meldingen`` NA.

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> assen = wijkscan.load("Assen", bron="ingebouwd")
    >>> t = tel_per_gebied(assen_meldingen().meldingen, assen, "wijk")
    >>> int(t.meldingen.sum())
    3024
    """
    vlakken = _vlakken(gebieden, niveau)
    idx, _ = _koppel(meldingen, vlakken)
    telling = np.bincount(idx[idx >= 0], minlength=len(vlakken)) if len(vlakken) else np.array([], int)
    geen_vlak = vlakken.geometry.isna().to_numpy()
    n = pd.array(np.where(geen_vlak, pd.NA, telling), dtype="Int64")
    t = pd.DataFrame({"naam": vlakken["naam"].astype(str).to_numpy(), "meldingen": n}, index=vlakken.index)
    if inwoners is None and hasattr(gebieden, "kerncijfers"):
        inwoners = gebieden
    inw = _inwoners(inwoners, jaar)
    t["inwoners"] = (inw.reindex(t.index) if inw is not None else pd.Series(pd.NA, index=t.index)).astype(
        "Float64").round().astype("Int64")
    t["per_1000_inwoners"] = _per_1000(t["meldingen"], t["inwoners"])
    t["opmerking"] = np.where(geen_vlak, "geen vlak: meldingen onbekend", "")
    t.loc[GEEN_GEBIED] = [GEEN_GEBIED_NAAM, int((idx < 0).sum()), pd.NA, pd.NA, "punt ligt in geen enkel vlak"]
    t["meldingen"] = t["meldingen"].astype("Int64")
    t["inwoners"] = t["inwoners"].astype("Int64")
    t["per_1000_inwoners"] = t["per_1000_inwoners"].astype("Float64")
    t.index.name = "code"
    return t


def _per_1000(aantal: pd.Series, inwoners: pd.Series) -> pd.Series:
    a = aantal.astype("Float64")
    i = inwoners.astype("Float64")
    return (1000 * a / i.where(i > 0)).astype("Float64")


def kruistabel(
    meldingen: gpd.GeoDataFrame,
    gebieden: Gebieden,
    niveau: str | None = "buurt",
    kolom: str = "categorie",
) -> pd.DataFrame:
    """Counts per area × category (or another column), with ``totaal`` and the ``(geen gebied)`` row.

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> assen = wijkscan.load("Assen", bron="ingebouwd")
    >>> k = kruistabel(assen_meldingen().meldingen, assen, "wijk")
    >>> int(k.loc[:, "totaal"].sum()), int(k.loc[:, "Afval"].sum())
    (3024, 763)
    """
    if kolom not in meldingen.columns:
        raise OngeldigeInvoer(f"Kolom {kolom!r} staat niet in de meldingen.")
    vlakken = _vlakken(gebieden, niveau)
    idx, _ = _koppel(meldingen, vlakken)
    codes, cats = pd.factorize(meldingen[kolom], sort=True, use_na_sentinel=True)
    cats = [str(c) for c in cats]
    if (codes < 0).any():
        codes = np.where(codes < 0, len(cats), codes)
        cats.append("(leeg)")
    nv, nc = len(vlakken), len(cats)
    rij = np.where(idx >= 0, idx, nv)   # last row: no area
    tel = np.bincount(rij * nc + codes, minlength=(nv + 1) * nc).reshape(nv + 1, nc)
    t = pd.DataFrame(tel, index=[*vlakken.index, GEEN_GEBIED], columns=list(cats)).astype("Int64")
    geen_vlak = np.r_[vlakken.geometry.isna().to_numpy(), False]
    t.loc[geen_vlak, :] = pd.NA
    t["totaal"] = t.sum(axis=1, min_count=1).astype("Int64")
    t.insert(0, "naam", [*vlakken["naam"].astype(str), GEEN_GEBIED_NAAM])
    t.index.name = "code"
    t.columns.name = None
    return t


def tel_per_categorie(meldingen: pd.DataFrame, subcategorie: bool = False) -> pd.DataFrame:
    """Counts and shares (%) per categorie, or per categorie and subcategorie.

    Example
    -------
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> t = tel_per_categorie(assen_meldingen().meldingen)
    >>> t.iloc[0]["categorie"], int(t.iloc[0]["aantal"]), round(float(t.iloc[0]["aandeel"]), 1)
    ('Openbaar groen en water', 942, 31.2)
    """
    keys = ["categorie", "subcategorie"] if subcategorie else ["categorie"]
    for k in keys:
        if k not in meldingen.columns:
            raise OngeldigeInvoer(f"Kolom {k!r} staat niet in de meldingen.")
    data = meldingen[keys].astype(object).fillna("(leeg)")
    t = data.groupby(keys).size().rename("aantal").reset_index()
    t = t.sort_values(["aantal", *keys], ascending=[False] + [True] * len(keys), kind="stable")
    t["aandeel"] = 100 * t["aantal"] / max(len(meldingen), 1)
    return t.reset_index(drop=True)
