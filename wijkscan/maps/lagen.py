"""Publication-safe meldingen layers for a map: counts per area, hexagon, heatmap cell; hotspots.

:func:`meldingenlagen` turns meldingen (points) into the layers that :func:`wijkscan.maps.kaart`
draws, as GeoDataFrames in RD New — usable in QGIS or any other tool too. Nothing in them can
point to one melding: no free text, no addresses, no points, and no count below ``drempel``
(hexagons and heatmap cells below it are left out; per area the count becomes NA with the text
``"<5"``). Only :attr:`Meldingenlagen.punten` holds exact points, and only when asked for with
``intern=True`` (its column ``gebruik`` says "alleen voor intern gebruik").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ..errors import OngeldigeInvoer
from ..nlformat import datum, getal
from ._gegevens import gebieden_met_vlak

RD = "EPSG:28992"

__all__ = ["Meldingenlagen", "meldingenlagen"]


@dataclass
class Meldingenlagen:
    """The meldingen layers of one map (all RD New, all publication-safe except ``punten``).

    Attributes
    ----------
    per_gebied : GeoDataFrame
        :func:`wijkscan.analysis.meldingen.publicatielaag` of the areas: ``naam, meldingen`` (NA below
        ``drempel``), ``meldingen_tekst`` (``"<5"``), ``per_1000_inwoners``, ``inwoners``, geometry.
    zeshoeken : GeoDataFrame
        Hexagons with at least ``drempel`` meldingen: ``naam, meldingen, geometry``.
    categorieen : dict of str → GeoDataFrame
        The same per category (only categories with at least one such hexagon), most meldingen first.
    zonder_laag : list of str
        Categories without any hexagon of ``drempel`` or more.
    warmte : GeoDataFrame
        Centres of square cells of ``warmtecel`` m with at least ``drempel`` meldingen (``meldingen``).
    hotspots : GeoDataFrame or None
        :func:`wijkscan.analysis.hotspots.hotspots` on the areas (None with ``hotspot_fout`` when it cannot run).
    punten : GeoDataFrame or None
        Exact points (``intern=True`` only), "alleen voor intern gebruik".
    """

    aantal: int
    buiten: int
    periode: str
    drempel: int
    zeshoek: float
    warmtecel: float
    per_gebied: gpd.GeoDataFrame
    zeshoeken: gpd.GeoDataFrame
    categorieen: dict[str, gpd.GeoDataFrame]
    zonder_laag: list[str]
    warmte: gpd.GeoDataFrame
    hotspots: gpd.GeoDataFrame | None
    hotspot_fout: str | None = None
    punten: gpd.GeoDataFrame | None = None
    opmerkingen: list[str] = field(default_factory=list)

    @property
    def warmte_dekking(self) -> float:
        """Share (%) of the meldingen that lie in a heatmap cell that is shown."""
        return 100 * float(self.warmte["meldingen"].sum()) / max(self.aantal, 1)


def _meldingen_gdf(meldingen: Any) -> gpd.GeoDataFrame:
    m = getattr(meldingen, "meldingen", meldingen)
    if not isinstance(m, gpd.GeoDataFrame):
        raise OngeldigeInvoer("meldingen moet een GeoDataFrame met punten zijn (lees_meldingen(...).meldingen) "
                              "of wat lees_meldingen teruggaf.")
    if m.crs is None:
        raise OngeldigeInvoer("De meldingen hebben geen coördinatenstelsel; lees ze met lees_meldingen(...).")
    return m.to_crs(RD) if not m.crs.equals(RD) else m


def _periode(m: gpd.GeoDataFrame) -> str:
    if "datum" not in m.columns or m["datum"].dropna().empty:
        return ""
    d = pd.to_datetime(m["datum"]).dropna()
    return f"{datum(d.min().date())} tot en met {datum(d.max().date())}"


def _zeshoeklaag(zes: gpd.GeoDataFrame, telling: pd.Series, drempel: int) -> gpd.GeoDataFrame:
    t = telling[telling >= drempel]
    out = zes.loc[t.index, ["naam", "geometry"]].copy()
    out.insert(1, "meldingen", t.astype("int64").to_numpy())
    return out


def meldingenlagen(
    wijkprofiel: Any,
    meldingen: Any,
    *,
    jaar: int | None = None,
    drempel: int = 5,
    zeshoek: float = 250.0,
    warmtecel: float = 200.0,
    hotspot_permutaties: int = 999,
    intern: bool = False,
) -> Meldingenlagen:
    """Publication-safe meldingen layers on the areas of a wijkanalyse.

    Parameters
    ----------
    wijkprofiel : Wijkprofiel
        Its areas (with geometry) and inhabitants (indicator ``inwoners``) are used.
    meldingen : GeoDataFrame or MeldingenImport
        Points, e.g. ``wijkscan.sources.meldingen.assen_meldingen()``.
    jaar : int, optional
        Year of the inhabitants (default: the wijkanalyse's year).
    drempel : int
        Smallest count that is shown (default 5).
    zeshoek, warmtecel : float
        Hexagon edge and heatmap cell size in metres.
    hotspot_permutaties : int
        Permutations for the Gi* p-values.
    intern : bool
        Also return the exact points (for an internal map only).

    Returns
    -------
    Meldingenlagen

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> wa = wijkscan.wijkanalyse("Assen", bron="ingebouwd")
    >>> lagen = meldingenlagen(wa, assen_meldingen(), hotspot_permutaties=99)
    >>> int(lagen.zeshoeken.meldingen.min()) >= 5
    True
    """
    from ..analysis.hotspots import hotspots, zeshoekgrid
    from ..analysis.meldingen import interne_puntenlaag, koppel_gebieden, publicatielaag

    wp = wijkprofiel
    jaar = int(wp.jaar if jaar is None else jaar)
    gebieden, _ = gebieden_met_vlak(wp)
    alle = _meldingen_gdf(meldingen)
    m = koppel_gebieden(alle, gebieden, niveau=None)
    binnen = m[m["gebied"].notna()]
    opm = []
    if len(m) - len(binnen):
        opm.append(f"{len(m) - len(binnen)} meldingen buiten de gebieden tellen niet mee.")
    if alle.attrs.get("volledig_vanaf"):
        opm.append(f"Gegevens volledig vanaf {datum(pd.Timestamp(alle.attrs['volledig_vanaf']).date())}.")

    p = wp.profiel
    inw = p[(p.indicator == "inwoners") & (p.jaar == jaar)].drop_duplicates("gebied").set_index("gebied")["waarde"]
    per_gebied = publicatielaag(binnen, gebieden, niveau=None, drempel=drempel, inwoners=inw)
    per_gebied.insert(per_gebied.columns.get_loc("geometry"), "inwoners",
                      inw.reindex(per_gebied.index).astype("Float64").round().astype("Int64"))

    # meldingen with only an area (no coordinates; issue 11) count per area but not in point layers
    met_punt = binnen[binnen.geometry.notna() & ~binnen.geometry.is_empty]
    if len(met_punt) < len(binnen):
        opm.append(f"{getal(len(binnen) - len(met_punt))} meldingen hebben alleen een gebied, geen coördinaten: "
                   "ze tellen mee per gebied, niet in zeshoeken, warmtekaart of hotspots.")
    zes = zeshoekgrid(gebieden, zeshoek)
    mz = koppel_gebieden(met_punt, zes, niveau=None, kolom="zeshoek")
    zeshoeken = _zeshoeklaag(zes, mz["zeshoek"].value_counts(), drempel)
    categorieen: dict[str, gpd.GeoDataFrame] = {}
    zonder: list[str] = []
    if "categorie" in mz.columns:
        cat = mz["categorie"].astype(str)
        per_cat = mz.groupby([cat, mz["zeshoek"]]).size()
        for c in cat.value_counts().index:
            laag = _zeshoeklaag(zes, per_cat.loc[c] if c in per_cat.index.get_level_values(0) else pd.Series(dtype="int64"),
                                drempel)
            if len(laag):
                categorieen[str(c)] = laag
            else:
                zonder.append(str(c))

    x, y = met_punt.geometry.x.to_numpy(), met_punt.geometry.y.to_numpy()
    cel = float(warmtecel)
    ix, iy = np.floor(x / cel).astype(np.int64), np.floor(y / cel).astype(np.int64)
    cellen = pd.Series(1, index=pd.MultiIndex.from_arrays([ix, iy])).groupby(level=[0, 1]).sum()
    cellen = cellen[cellen >= drempel]
    warmte = gpd.GeoDataFrame(
        {"meldingen": cellen.to_numpy(dtype="int64")},
        geometry=gpd.points_from_xy((cellen.index.get_level_values(0) + 0.5) * cel,
                                    (cellen.index.get_level_values(1) + 0.5) * cel), crs=RD)

    hs, fout = None, None
    try:
        hs = hotspots(binnen, gebieden, niveau=None, inwoners=inw, permutaties=hotspot_permutaties)
    except OngeldigeInvoer as exc:
        fout = str(exc)
    punten = None
    if intern:
        punten = interne_puntenlaag(binnen, velden=[c for c in ("datum", "categorie") if c in binnen.columns])
    return Meldingenlagen(aantal=len(binnen), buiten=len(m) - len(binnen), periode=_periode(binnen), drempel=drempel,
                          zeshoek=float(zeshoek), warmtecel=cel, per_gebied=per_gebied, zeshoeken=zeshoeken,
                          categorieen=categorieen, zonder_laag=zonder, warmte=warmte, hotspots=hs, hotspot_fout=fout,
                          punten=punten, opmerkingen=opm)
