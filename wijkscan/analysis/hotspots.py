"""Hotspots of meldingen: a kernel density surface and Getis-Ord Gi* in RD New (metres).

* :func:`kerneldichtheid` — a Gaussian kernel density surface (meldingen per km²) on a regular
  grid in RD New: the points are binned on the grid and smoothed with
  :func:`scipy.ndimage.gaussian_filter` (standard deviation = ``bandbreedte``), which equals an
  exact Gaussian KDE up to the binning (≤ half a cell). Shows *where* meldingen concentrate; a
  small bandwidth shows single addresses, so the surface is for internal use.
* :func:`hotspots` — Getis-Ord Gi* (``esda.G_Local(star=True, transform="B")``) on buurten (or any
  areas) or on a hexagon grid (:func:`zeshoekgrid`), with queen contiguity (shared edge or corner; an
  area without neighbours is linked to its nearest one) as binary weights with the unit itself
  included: the classic Gi* z-score of Getis & Ord (esda's default row-standardisation gives the
  same permutation p-values but a different z). Pseudo p-values from conditional
  permutations with a fixed seed; the one-sided ``p_sim`` is doubled to a two-sided p and binned
  into the classes of the usual hot spot analysis: hotspot/coldspot at 99, 95 and 90% confidence,
  else *niet significant* (no correction for multiple testing, as in that convention).

Normalisation ("not just where people live")
--------------------------------------------
On areas with inhabitants (``maat="per_1000_inwoners"``, the default for buurten) Gi* runs on
meldingen per 1,000 inwoners, **Empirical-Bayes smoothed** (global, Marshall 1991): the rate of a
buurt with few inhabitants is pulled towards the gemeente rate in proportion to its uncertainty, so a
business park with 10 inhabitants and 20 meldingen does not become a hotspot by division alone.
Areas with fewer than ``min_inwoners`` (default 50) are left out ("niet berekend"). On hexagons the
default is the plain count (``maat="aantal"``: where the work is, for beheer); with
``maat="per_1000_inwoners"`` inhabitants are spread from the buurten to the hexagons by area.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy import ndimage

from ..errors import OngeldigeInvoer
from ..nlformat import getal
from .meldingen import _inwoners, _koppel, _vlakken, _xy

if TYPE_CHECKING:
    from ..loading import GemeenteData

#: What a hexagon grid or density covers: a loaded gemeente, areas, or one polygon (RD New).
Gebied: TypeAlias = "GemeenteData | gpd.GeoDataFrame | gpd.GeoSeries | shapely.Geometry"
#: Where inhabitants come from: a loaded gemeente, tidy kerncijfers (code, variabele, waarde) or a Series code → inwoners.
Inwonersbron: TypeAlias = "GemeenteData | pd.DataFrame | pd.Series | None"

RD = "EPSG:28992"

__all__ = ["KLASSEN", "Dichtheidsgrid", "hotspots", "kerneldichtheid", "zeshoekgrid"]

#: Gi* classes, from hot to cold (Dutch labels)
KLASSEN = (
    "hotspot (99%)",
    "hotspot (95%)",
    "hotspot (90%)",
    "niet significant",
    "coldspot (90%)",
    "coldspot (95%)",
    "coldspot (99%)",
)


# ---------------------------------------------------------------------------------------------
# kernel density


@dataclass
class Dichtheidsgrid:
    """A density surface on a regular RD New grid.

    Attributes
    ----------
    x, y : ndarray
        Cell centres in metres (RD New), ascending; ``dichtheid[i, j]`` is at ``(x[j], y[i])``.
    dichtheid : ndarray (len(y), len(x))
        Meldingen per km² (NaN outside ``gebied`` when one was given).
    celgrootte, bandbreedte : float
        Metres.
    aantal : int
        Points used.
    """

    x: np.ndarray
    y: np.ndarray
    dichtheid: np.ndarray
    celgrootte: float
    bandbreedte: float
    aantal: int
    crs: str = RD
    eenheid: str = "meldingen per km²"
    gebruik: str = "alleen voor intern gebruik"

    def tabel(self) -> pd.DataFrame:
        """Long table ``x, y, dichtheid`` (cells with NaN left out)."""
        xx, yy = np.meshgrid(self.x, self.y)
        t = pd.DataFrame({"x": xx.ravel(), "y": yy.ravel(), "dichtheid": self.dichtheid.ravel()})
        return t.dropna().reset_index(drop=True)

    def maximum(self) -> tuple[float, float, float]:
        """``(x, y, dichtheid)`` of the densest cell."""
        i, j = np.unravel_index(np.nanargmax(self.dichtheid), self.dichtheid.shape)
        return float(self.x[j]), float(self.y[i]), float(self.dichtheid[i, j])

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """``(xmin, xmax, ymin, ymax)`` of the cell edges, for ``matplotlib.imshow(origin="lower")``."""
        h = self.celgrootte / 2
        return (float(self.x[0] - h), float(self.x[-1] + h), float(self.y[0] - h), float(self.y[-1] + h))

    def __repr__(self) -> str:
        return (f"<Dichtheidsgrid {len(self.x)}×{len(self.y)} cellen van {getal(self.celgrootte)} m, bandbreedte "
                f"{getal(self.bandbreedte)} m, {getal(self.aantal)} meldingen; {self.eenheid}; {self.gebruik}>")


def _eis_punten(meldingen: gpd.GeoDataFrame, wat: str) -> None:
    """Meldingen that only have an area (no coordinates) cannot make a point analysis: say so in Dutch."""
    if "gebied_code" not in getattr(meldingen, "columns", ()):
        return
    x, _ = _xy(meldingen)
    if len(x) and np.isnan(x).all():
        raise OngeldigeInvoer(
            f"{wat} kan niet worden gemaakt: deze meldingen hebben geen coördinaten, alleen een gebied (uit de "
            "gebiedskolom van het bestand). Tellingen per gebied werken wel; voor hotspots en dichtheidskaarten "
            "zijn meldingen met coördinaten of adressen nodig.")


def kerneldichtheid(
    meldingen: gpd.GeoDataFrame,
    bandbreedte: float = 250.0,
    celgrootte: float = 25.0,
    gebied: Gebied | None = None,
) -> Dichtheidsgrid:
    """Gaussian kernel density of meldingen in RD New, in meldingen per km².

    Parameters
    ----------
    meldingen : GeoDataFrame
        Points.
    bandbreedte : float
        Standard deviation of the Gaussian kernel, metres.
    celgrootte : float
        Grid cell size, metres.
    gebied : GemeenteData, GeoDataFrame or shapely geometry, optional
        The grid covers its extent (plus 3 bandwidths); cells outside it become NaN. Default: the
        extent of the points.

    Returns
    -------
    Dichtheidsgrid

    Example
    -------
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> g = kerneldichtheid(assen_meldingen().meldingen, bandbreedte=300, celgrootte=50)
    >>> round(float(np.nansum(g.dichtheid)) * (50 / 1000) ** 2)   # integrates to the number of points
    3024
    """
    if bandbreedte <= 0 or celgrootte <= 0:
        raise OngeldigeInvoer("bandbreedte en celgrootte moeten groter dan 0 meter zijn.")
    _eis_punten(meldingen, "Een dichtheidskaart")
    x, y = _xy(meldingen)
    ok = ~np.isnan(x) & ~np.isnan(y)
    x, y = x[ok], y[ok]
    vorm = _gebied_geom(gebied) if gebied is not None else None
    if vorm is not None:
        x0, y0, x1, y1 = vorm.bounds
    elif len(x):
        x0, y0, x1, y1 = x.min(), y.min(), x.max(), y.max()
    else:
        raise OngeldigeInvoer("Geen meldingen met coördinaten om een dichtheid van te maken.")
    marge = 3 * bandbreedte
    x0 = math.floor((x0 - marge) / celgrootte) * celgrootte
    y0 = math.floor((y0 - marge) / celgrootte) * celgrootte
    nx = int(math.ceil((x1 + marge - x0) / celgrootte))
    ny = int(math.ceil((y1 + marge - y0) / celgrootte))
    if nx * ny > 25_000_000:
        raise OngeldigeInvoer("Het raster wordt te groot; kies een grotere celgrootte.")
    ex = x0 + np.arange(nx + 1) * celgrootte
    ey = y0 + np.arange(ny + 1) * celgrootte
    h, _, _ = np.histogram2d(y, x, bins=[ey, ex])
    glad = ndimage.gaussian_filter(h, sigma=bandbreedte / celgrootte, mode="constant", truncate=4.0)
    dichtheid = glad / (celgrootte / 1000) ** 2
    cx = ex[:-1] + celgrootte / 2
    cy = ey[:-1] + celgrootte / 2
    if vorm is not None:
        xx, yy = np.meshgrid(cx, cy)
        binnen = shapely.contains_xy(vorm, xx.ravel(), yy.ravel()).reshape(xx.shape)
        dichtheid = np.where(binnen, dichtheid, np.nan)
    return Dichtheidsgrid(x=cx, y=cy, dichtheid=dichtheid, celgrootte=float(celgrootte),
                          bandbreedte=float(bandbreedte), aantal=int(len(x)))


def _gebied_geom(gebied: Any) -> shapely.Geometry:
    if hasattr(gebied, "gebieden") and hasattr(gebied, "kerncijfers"):
        g = gebied.gebieden
        g = g[g.niveau == "gemeente"] if (g.niveau == "gemeente").any() else g
        geom = g.to_crs(RD).geometry.dropna().union_all()
    elif isinstance(gebied, (gpd.GeoDataFrame, gpd.GeoSeries)):
        geom = gebied.to_crs(RD).geometry.dropna().union_all() if gebied.crs is not None else \
            gebied.geometry.dropna().union_all()
    elif isinstance(gebied, shapely.Geometry):
        geom = gebied
    else:
        raise OngeldigeInvoer("gebied moet een GemeenteData, GeoDataFrame/GeoSeries of shapely-vlak (RD) zijn.")
    shapely.prepare(geom)
    return geom


# ---------------------------------------------------------------------------------------------
# hexagons


def zeshoekgrid(gebied: Gebied, grootte: float = 250.0) -> gpd.GeoDataFrame:
    """A grid of flat-topped hexagons in RD New covering ``gebied``.

    Parameters
    ----------
    gebied : GemeenteData, GeoDataFrame or shapely geometry (RD)
        Hexagons that intersect it are kept (for a GemeenteData: the gemeente outline).
    grootte : float
        Edge length (= distance from centre to corner) in metres; the area of one hexagon is
        ``3·√3/2 · grootte²`` (250 m → 16.2 ha).

    Returns
    -------
    GeoDataFrame
        Indexed by ``code`` (``Z<kolom>_<rij>``), with ``naam`` and the hexagon geometry.

    Example
    -------
    >>> z = zeshoekgrid(shapely.box(0, 0, 1000, 1000), 100)
    >>> round(float(z.area.iloc[0]))
    25981
    """
    if grootte <= 0:
        raise OngeldigeInvoer("grootte moet groter dan 0 meter zijn.")
    vorm = _gebied_geom(gebied)
    if vorm.is_empty:   # no outline (buurten without polygons): no hexagons, said by whoever draws them
        return gpd.GeoDataFrame({"naam": pd.Series(dtype=str)}, geometry=gpd.GeoSeries([], crs=RD),
                                index=pd.Index([], name="code"))
    x0, y0, x1, y1 = vorm.bounds
    r = float(grootte)
    h = math.sqrt(3) * r
    ncol = int(math.ceil((x1 - x0) / (1.5 * r))) + 2
    nrow = int(math.ceil((y1 - y0) / h)) + 2
    rooster_i, rooster_j = np.meshgrid(np.arange(ncol), np.arange(nrow), indexing="ij")
    ii, jj = rooster_i.ravel(), rooster_j.ravel()
    cx = x0 + ii * 1.5 * r
    cy = y0 + jj * h + np.where(ii % 2 == 1, h / 2, 0.0)
    hoeken = np.deg2rad(np.arange(0, 360, 60))
    ringen = np.stack([cx[:, None] + r * np.cos(hoeken)[None, :], cy[:, None] + r * np.sin(hoeken)[None, :]],
                      axis=-1)
    ringen = np.round(ringen, 3)   # millimetres: neighbours then share exactly the same corners
    zeshoeken = shapely.polygons(np.concatenate([ringen, ringen[:, :1, :]], axis=1))
    houd = shapely.intersects(vorm, zeshoeken)
    codes = [f"Z{i:03d}_{j:03d}" for i, j in zip(ii[houd], jj[houd], strict=True)]
    out = gpd.GeoDataFrame({"naam": [f"zeshoek {c[1:]}" for c in codes]}, geometry=zeshoeken[houd], crs=RD,
                           index=pd.Index(codes, name="code"))
    out.attrs["grootte"] = r
    return out


# ---------------------------------------------------------------------------------------------
# Gi*


def _empirical_bayes(aantal: np.ndarray, inwoners: np.ndarray) -> np.ndarray:
    """Global Empirical-Bayes smoothed rates (Marshall 1991), per person."""
    r = aantal / inwoners
    b = aantal.sum() / inwoners.sum()
    gem_inw = inwoners.sum() / len(inwoners)
    s2 = float(np.sum(inwoners * (r - b) ** 2) / inwoners.sum())
    a = max(s2 - b / gem_inw, 0.0)
    if a == 0.0:
        return np.full_like(r, b)
    w = a / (a + b / inwoners)
    return w * r + (1 - w) * b


def _gewichten(eenheden: gpd.GeoDataFrame) -> Any:
    """Queen contiguity (shared edge or corner); a unit without neighbours gets its nearest unit
    (by representative point) as a neighbour, both ways."""
    import libpysal

    geoms = eenheden.geometry.to_numpy()
    ids = list(eenheden.index)
    i, j = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    buren: dict[Any, set[Any]] = {k: set() for k in ids}
    for a, b in zip(i, j, strict=True):
        if a != b:
            buren[ids[a]].add(ids[b])
    punten = shapely.get_coordinates(shapely.point_on_surface(geoms))
    for a, k in enumerate(ids):
        if not buren[k] and len(ids) > 1:
            d = np.hypot(*(punten - punten[a]).T)
            d[a] = np.inf
            b = int(np.argmin(d))
            buren[k].add(ids[b])
            buren[ids[b]].add(k)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return libpysal.weights.W({k: sorted(v, key=ids.index) for k, v in buren.items()}, id_order=ids,
                                  silence_warnings=True)


def _klasse(z: np.ndarray, p2: np.ndarray) -> list[str]:
    out = []
    for zi, pi in zip(z, p2, strict=True):
        if not np.isfinite(pi) or not np.isfinite(zi) or pi > 0.10:
            out.append("niet significant")
            continue
        niveau = "99%" if pi <= 0.01 else "95%" if pi <= 0.05 else "90%"
        out.append(f"{'hotspot' if zi > 0 else 'coldspot'} ({niveau})")
    return out


def hotspots(
    meldingen: gpd.GeoDataFrame,
    gebieden: GemeenteData | gpd.GeoDataFrame,
    niveau: str | None = "buurt",
    *,
    eenheid: Literal["gebieden", "zeshoeken"] = "gebieden",
    grootte: float = 250.0,
    maat: Literal["auto", "per_1000_inwoners", "aantal"] = "auto",
    inwoners: Inwonersbron = None,
    min_inwoners: int = 50,
    eb_smoothing: bool = True,
    permutaties: int = 999,
    seed: int = 20260601,
) -> gpd.GeoDataFrame:
    """Getis-Ord Gi* hotspots of meldingen on areas (buurten) or on a hexagon grid.

    Parameters
    ----------
    meldingen : GeoDataFrame
        Points (filter first for one category or period).
    gebieden : GemeenteData or GeoDataFrame
        The areas (``eenheid="gebieden"``), or the extent and inhabitants for hexagons.
    niveau : str or None
        ``niveau`` of the gebieden to use (buurt, wijk).
    eenheid : {"gebieden", "zeshoeken"}
    grootte : float
        Hexagon edge length in metres (see :func:`zeshoekgrid`).
    maat : {"auto", "per_1000_inwoners", "aantal"}
        What Gi* is computed on; "auto": per 1,000 inwoners for areas with inhabitants, counts for
        hexagons. See the module docstring.
    inwoners : optional
        As in :func:`wijkscan.analysis.meldingen.tel_per_gebied`; default from the GemeenteData.
    min_inwoners : int
        Areas with fewer inhabitants are not computed (only with a rate).
    eb_smoothing : bool
        Empirical-Bayes smoothing of rates (default on).
    permutaties : int
        Conditional permutations for the pseudo p-values (999; use 99 for quick looks).
    seed : int
        Random seed, so the same data give the same classes.

    Returns
    -------
    GeoDataFrame
        Indexed by code: ``naam, aantal, inwoners, per_1000_inwoners, waarde`` (what Gi* ran on),
        ``gi_z, p_sim, p_tweezijdig, p_norm, klasse, geometry``. ``attrs["toelichting"]`` explains the
        choices in Dutch; ``attrs["geen_gebied"]`` counts points outside every unit.

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> assen = wijkscan.load("Assen", bron="ingebouwd")
    >>> h = hotspots(assen_meldingen().meldingen, assen, permutaties=99)
    >>> h.loc["BU01060401", "naam"], int(h.loc["BU01060401", "aantal"])
    ('Pittelo Midden', 102)
    >>> str(h.loc["BU01060509", "klasse"])                  # Sportpark Stadsbroek, 0 inwoners
    'niet berekend: minder dan 50 inwoners'
    """
    _eis_punten(meldingen, "Hotspots")
    if eenheid not in ("gebieden", "zeshoeken"):
        raise OngeldigeInvoer("eenheid moet 'gebieden' of 'zeshoeken' zijn.")
    if maat not in ("auto", "per_1000_inwoners", "aantal"):
        raise OngeldigeInvoer("maat moet 'auto', 'per_1000_inwoners' of 'aantal' zijn.")
    if inwoners is None and hasattr(gebieden, "kerncijfers"):
        inwoners = gebieden
    units, gekozen = _eenheden(gebieden, niveau, eenheid, grootte, maat, _inwoners(inwoners))
    idx, _ = _koppel(meldingen, units)
    geen_vlak = _tel(units, idx)
    klasse = pd.Series("niet significant", index=units.index, dtype=object)
    klasse[geen_vlak] = "niet berekend: geen vlak"
    doe = ~geen_vlak
    if gekozen == "per_1000_inwoners":
        weinig = (units["inwoners"].fillna(0) < min_inwoners).to_numpy() & doe
        klasse[weinig] = f"niet berekend: minder dan {min_inwoners} inwoners"
        doe &= ~weinig
    if int(doe.sum()) < 3:
        raise OngeldigeInvoer("Te weinig gebieden (minder dan 3) om hotspots te berekenen.")
    gi = _gi_ster(units[doe], gekozen, eb_smoothing, permutaties, seed)
    uit = {naam: np.full(len(units), np.nan) for naam in gi}
    pos = np.nonzero(doe)[0]
    for naam, waarden in gi.items():
        uit[naam][pos] = waarden
    klasse.iloc[pos] = _klasse(gi["gi_z"], gi["p_tweezijdig"])
    out = gpd.GeoDataFrame({
        "naam": units["naam"].astype(str),
        "aantal": units["aantal"],
        "inwoners": units["inwoners"].round().astype("Int64"),
        "per_1000_inwoners": units["per_1000_inwoners"],
        **{k: uit[k] for k in ("waarde", "gi_z", "p_sim", "p_tweezijdig", "p_norm")},
        "klasse": pd.Categorical(klasse, categories=[*KLASSEN, *sorted(set(klasse) - set(KLASSEN))]),
    }, geometry=units.geometry.to_numpy(), crs=RD, index=units.index)
    geen = int((idx < 0).sum())
    out.attrs["geen_gebied"] = geen
    out.attrs["maat"] = gekozen
    out.attrs["toelichting"] = _toelichting(gekozen, eenheid, eb_smoothing, min_inwoners, permutaties, seed, geen,
                                            grootte)
    return out


def _eenheden(gebieden: Any, niveau: str | None, eenheid: str, grootte: float, maat: str,
              inw: pd.Series | None) -> tuple[gpd.GeoDataFrame, str]:
    """The units Gi* runs on (areas or hexagons, with inhabitants for a rate) and the measure ("auto" resolved)."""
    buurten = _vlakken(gebieden, niveau)
    if eenheid == "gebieden":
        units = buurten[["naam", "geometry"]].copy()
        if maat == "auto":
            maat = "per_1000_inwoners" if inw is not None else "aantal"
    else:
        units = zeshoekgrid(gebieden, grootte)
        if maat == "auto":
            maat = "aantal"
    if maat == "per_1000_inwoners":
        if inw is None:
            raise OngeldigeInvoer("Voor maat='per_1000_inwoners' zijn inwoners nodig (geef inwoners=...).")
        units["inwoners"] = (inw.reindex(units.index).astype("Float64") if eenheid == "gebieden"
                             else _verdeel_inwoners(buurten, inw, units))
    return units, maat


def _tel(units: gpd.GeoDataFrame, idx: np.ndarray) -> np.ndarray:
    """Count the meldingen per unit (``idx``: unit of each melding, -1 outside) and their rate, in place;
    returns which units have no polygon."""
    units["aantal"] = np.bincount(idx[idx >= 0], minlength=len(units)).astype("int64")
    geen_vlak = units.geometry.isna().to_numpy()
    units["aantal"] = units["aantal"].astype("Int64").mask(geen_vlak)
    if "inwoners" in units:
        units["per_1000_inwoners"] = (1000 * units["aantal"].astype("Float64")
                                      / units["inwoners"].where(units["inwoners"] > 0)).astype("Float64")
    else:
        units["inwoners"] = pd.array([pd.NA] * len(units), dtype="Float64")
        units["per_1000_inwoners"] = pd.array([pd.NA] * len(units), dtype="Float64")
    return geen_vlak


def _gi_ster(sub: gpd.GeoDataFrame, maat: str, eb_smoothing: bool, permutaties: int, seed: int
             ) -> dict[str, np.ndarray]:
    """Gi* on the units that are computed: the value it ran on, z, the p-values and the two-sided p."""
    import esda

    a = sub["aantal"].astype(float).to_numpy()
    if maat == "per_1000_inwoners":
        n = sub["inwoners"].astype(float).to_numpy()
        y = 1000 * (_empirical_bayes(a, n) if eb_smoothing else a / n)
    else:
        y = a
    w = _gewichten(sub[["geometry"]])
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore")
        g = esda.G_Local(y, w, transform="B", star=True, permutations=permutaties, seed=seed, n_jobs=1)
    p_sim = np.asarray(g.p_sim, dtype=float) if permutaties > 0 else np.full(len(y), np.nan)
    p_norm = np.asarray(g.p_norm, dtype=float)
    p2 = np.minimum(1.0, 2 * (p_sim if permutaties > 0 else p_norm))
    return {"waarde": y, "gi_z": np.asarray(g.Zs, dtype=float), "p_sim": p_sim, "p_tweezijdig": p2, "p_norm": p_norm}


def _verdeel_inwoners(buurten: gpd.GeoDataFrame, inw: pd.Series, zeshoeken: gpd.GeoDataFrame) -> pd.Series:
    """Inhabitants of buurten spread over hexagons in proportion to area (uniform within a buurt)."""
    b = buurten[buurten.geometry.notna()].copy()
    b["_inw"] = inw.reindex(b.index).astype(float).fillna(0).to_numpy()
    b["_opp"] = b.area
    b = b.reset_index(names="_b")
    z = zeshoeken[["geometry"]].reset_index(names="_z")
    ov = gpd.overlay(b[["_b", "_inw", "_opp", "geometry"]], z, how="intersection", keep_geom_type=True)
    ov["_deel"] = ov["_inw"] * ov.area / ov["_opp"]
    return ov.groupby("_z")["_deel"].sum().reindex(zeshoeken.index, fill_value=0.0).astype("Float64")


def _toelichting(maat: str, eenheid: str, eb: bool, min_inw: int, perm: int, seed: int, geen: int,
                 grootte: float) -> str:
    wat = "buurten/gebieden" if eenheid == "gebieden" else f"zeshoeken van {getal(grootte)} m zijde"
    if maat == "per_1000_inwoners":
        m = ("meldingen per 1.000 inwoners" + (" (Empirical Bayes-gladgestreken, zodat gebieden met weinig "
                                               "inwoners niet door deling alleen opvallen)" if eb else "")
             + f"; gebieden met minder dan {min_inw} inwoners zijn niet berekend")
    else:
        m = "het aantal meldingen (waar het werk is; niet gecorrigeerd voor inwoners)"
    tekst = (f"Getis-Ord Gi* op {wat}, berekend op {m}. Buren: gedeelde grens of hoek (queen), "
             f"met het gebied zelf erbij (Gi*). p-waarden uit {perm} permutaties (seed {seed}), tweezijdig; "
             "hotspot/coldspot bij 90, 95 of 99% betrouwbaarheid, zonder correctie voor meervoudig toetsen. "
             "Een hotspot betekent: hoge waarden in én rond dit gebied; het gebied zelf kan laag zijn.")
    if geen:
        tekst += f" {geen} meldingen liggen buiten alle eenheden en tellen niet mee."
    return tekst

