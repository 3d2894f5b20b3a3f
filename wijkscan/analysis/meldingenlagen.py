"""Publication-safe meldingen layers for a map: counts per area, hexagon, heatmap cell; hotspots.

:func:`meldingenlagen` turns the meldingen of a wijkanalyse into the layers that
:func:`wijkscan.maps.kaart` draws (maps only draw), as GeoDataFrames in RD New — usable in QGIS
or any other tool too. The layer per area is read from the wijkanalyse's profile (the same
count and rate as the PDF and the tables); hexagons, heat cells and hotspots are made from the
points of the same period as the profile (:class:`~wijkscan.analysis.meldingentelling.Meldingentelling`). Nothing in them can
point to one melding: no free text, no addresses, no points, and no count below ``drempel``
(hexagons and heatmap cells below it are left out; per area the count becomes NA with the text
``"<5"``). Only :attr:`Meldingenlagen.punten` holds exact points, and only when asked for with
``intern=True`` (its column ``gebruik`` says "alleen voor intern gebruik").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ..errors import OngeldigeInvoer
from ..nlformat import datum, getal
from .meldingentelling import Meldingentelling, tel_meldingen, zet_in_profiel

if TYPE_CHECKING:
    from ..model import Wijkprofiel
    from ..sources.meldingen.resultaat import MeldingenImport

RD = "EPSG:28992"

__all__ = ["Meldingenlagen", "meldingenlagen"]


@dataclass
class Meldingenlagen:
    """The meldingen layers of one map (all RD New, all publication-safe except ``punten``).

    Attributes
    ----------
    per_gebied : GeoDataFrame
        The areas with the published figures of :meth:`Meldingentelling.tabel`: ``naam, meldingen`` (NA when
        hidden), ``meldingen_tekst`` (``"<5"``), ``per_1000_inwoners``, ``inwoners``, geometry.
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
    def hotspot_aantallen(self) -> pd.Series:
        """Number of areas per hotspot class (for the legend), ``niet berekend …`` classes included."""
        if self.hotspots is None or self.hotspots.empty:
            return pd.Series(dtype=int)
        return self.hotspots["klasse"].astype(str).value_counts()

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


def _gebieden_met_vlak(wp: Any) -> gpd.GeoDataFrame:
    g = wp.indeling.gebieden
    g = g.set_crs(RD) if g.crs is None else g
    g = g[g.geometry.notna() & ~g.geometry.is_empty.fillna(True)]
    g = g.to_crs(RD) if not g.crs.equals(RD) else g.copy()
    g["naam"] = [str(n) if pd.notna(n) else str(c) for c, n in g["naam"].items()] if "naam" in g.columns else g.index
    return g


def _zeshoeklaag(zes: gpd.GeoDataFrame, telling: pd.Series, drempel: int) -> gpd.GeoDataFrame:
    t = telling[telling >= drempel]
    out = zes.loc[t.index, ["naam", "geometry"]].copy()
    out.insert(1, "meldingen", t.astype("int64").to_numpy())
    return out


def meldingenlagen(
    wijkprofiel: Wijkprofiel,
    meldingen: gpd.GeoDataFrame | MeldingenImport | None = None,
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
        Its areas (with geometry), its meldingen (``meldingentelling``) and its profile are used.
    meldingen : GeoDataFrame or MeldingenImport, optional
        Only for a wijkanalyse made without meldingen (then counted here, the same way); with a
        wijkanalyse that has meldingen, leave it out (different meldingen raise an error).
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
    >>> wa = wijkscan.wijkanalyse("Assen", bron="ingebouwd", meldingen=assen_meldingen())
    >>> lagen = meldingenlagen(wa, hotspot_permutaties=99)
    >>> lagen.periode
    '18-05-2026 t/m 08-08-2026'
    >>> int(lagen.zeshoeken.meldingen.min()) >= 5
    True
    """
    from .hotspots import _eis_punten, hotspots
    from .meldingen import interne_puntenlaag

    wp = wijkprofiel
    jaar = int(wp.jaar if jaar is None else jaar)
    telling, profiel = _telling(wp, meldingen, drempel)
    gebieden = _gebieden_met_vlak(wp)
    binnen = telling.punten
    niveau = wp.indeling.naam
    opm = list(telling.opmerkingen)
    if alle_attrs := getattr(getattr(meldingen, "meldingen", meldingen), "attrs", {}).get("volledig_vanaf"):
        opm.append(f"Gegevens volledig vanaf {datum(pd.Timestamp(alle_attrs).date())}.")
    per_gebied, inw = _per_gebied(profiel, jaar, gebieden, telling, niveau)

    # meldingen with only an area (no coordinates) count per area but not in point layers
    met_punt = binnen[binnen.geometry.notna() & ~binnen.geometry.is_empty]
    if len(met_punt) < len(binnen):
        opm.append(f"{getal(len(binnen) - len(met_punt))} meldingen hebben alleen een gebied, geen coördinaten: "
                   "ze tellen mee per gebied, niet in zeshoeken, warmtekaart of hotspots.")
    zeshoeken, categorieen, zonder = _zeshoeklagen(met_punt, gebieden, zeshoek, drempel)
    cel = float(warmtecel)
    hs, fout = None, None
    try:
        _eis_punten(binnen, "Een hotspotkaart")
        hs = hotspots(_in_gebied(binnen, telling, niveau, gebieden), gebieden, niveau=None, inwoners=inw,
                      permutaties=hotspot_permutaties)
    except OngeldigeInvoer as exc:
        fout = str(exc)
    punten = None
    if intern:
        punten = interne_puntenlaag(binnen, velden=[c for c in ("datum", "categorie") if c in binnen.columns])
    return Meldingenlagen(aantal=telling.aantal, buiten=telling.buiten_buurten, periode=telling.periode, drempel=drempel,
                          zeshoek=float(zeshoek), warmtecel=cel, per_gebied=per_gebied, zeshoeken=zeshoeken,
                          categorieen=categorieen, zonder_laag=zonder, warmte=_warmte(met_punt, cel, drempel),
                          hotspots=hs, hotspot_fout=fout, punten=punten, opmerkingen=opm)


def _telling(wp: Any, meldingen: Any, drempel: int) -> tuple[Meldingentelling, pd.DataFrame]:
    """The run's meldingen count (or one made here, the same way, for a run without meldingen) and the profile."""
    telling: Meldingentelling | None = wp.meldingentelling
    profiel = wp.profiel
    if telling is None:
        if meldingen is None:
            raise OngeldigeInvoer("Deze wijkanalyse heeft geen meldingen. Geef ze mee: wijkanalyse(..., meldingen=...).")
        # a result without meldingen: count them here once, the same way the wijkanalyse does
        m = _meldingen_gdf(meldingen)   # keep the import (its volledig_vanaf) when one was given
        invoer = replace(meldingen, meldingen=m) if hasattr(meldingen, "volledig_vanaf") else m
        telling = tel_meldingen(wp.gemeente, invoer, wp.indeling, drempel=drempel)
        profiel = zet_in_profiel(profiel.assign(periode=profiel.jaar.astype(str)), telling, wp.indeling.naam,
                                 wp.catalogus, wp.jaar)
    elif meldingen is not None:
        m = _meldingen_gdf(meldingen)
        d = pd.to_datetime(m["datum"])
        if int(((d >= telling.begin) & (d <= telling.eind)).sum()) != len(telling.punten):
            raise OngeldigeInvoer("Deze meldingen zijn niet de meldingen van de wijkanalyse. Laat meldingen= weg (de "
                                  "kaart gebruikt die van de wijkanalyse) of maak de wijkanalyse met deze meldingen.")
    if drempel != telling.drempel:
        raise OngeldigeInvoer(f"drempel={drempel} verschilt van de drempel van de wijkanalyse ({telling.drempel}); "
                              "geef de drempel mee aan wijkanalyse(..., drempel_publicatie=...).")
    return telling, profiel


def _per_gebied(profiel: pd.DataFrame, jaar: int, gebieden: gpd.GeoDataFrame, telling: Meldingentelling,
                niveau: str) -> tuple[gpd.GeoDataFrame, pd.Series]:
    """Meldingen, their published text and the rate per area, read from the profile; and the inhabitants."""
    p = profiel[profiel.jaar == jaar]
    inw = p[p.indicator == "inwoners"].drop_duplicates("gebied").set_index("gebied")["waarde"]
    mel = p[p.indicator == "meldingen"].set_index("gebied")
    per = p[p.indicator == "meldingen_per_1000"].set_index("gebied")
    tekst = telling.tabel(niveau)["totaal"]
    per_gebied = gpd.GeoDataFrame({
        "naam": gebieden["naam"],
        "meldingen": mel["waarde"].reindex(gebieden.index).round().astype("Int64"),
        "meldingen_tekst": tekst.reindex(gebieden.index).fillna("geen gegevens"),
        "per_1000_inwoners": per["waarde"].reindex(gebieden.index).astype("Float64"),
        "inwoners": inw.reindex(gebieden.index).astype("Float64").round().astype("Int64"),
    }, geometry=gebieden.geometry, crs=RD)
    return per_gebied, inw


def _zeshoeklagen(met_punt: gpd.GeoDataFrame, gebieden: gpd.GeoDataFrame, zeshoek: float, drempel: int
                  ) -> tuple[gpd.GeoDataFrame, dict[str, gpd.GeoDataFrame], list[str]]:
    """Hexagons with at least ``drempel`` meldingen: all, and per category (categories without one are named)."""
    from .hotspots import zeshoekgrid
    from .meldingen import koppel_gebieden

    zes = zeshoekgrid(gebieden, zeshoek)
    mz = koppel_gebieden(met_punt, zes, niveau=None, kolom="zeshoek")
    zeshoeken = _zeshoeklaag(zes, mz["zeshoek"].value_counts(), drempel)
    categorieen: dict[str, gpd.GeoDataFrame] = {}
    zonder: list[str] = []
    if "categorie" in mz.columns:
        cat = mz["categorie"].astype(str)
        per_cat = mz.groupby([cat, mz["zeshoek"]]).size()
        for c in cat.value_counts().index:
            laag = _zeshoeklaag(zes, per_cat.loc[c] if c in per_cat.index.get_level_values(0)
                                else pd.Series(dtype="int64"), drempel)
            if len(laag):
                categorieen[str(c)] = laag
            else:
                zonder.append(str(c))
    return zeshoeken, categorieen, zonder


def _warmte(met_punt: gpd.GeoDataFrame, cel: float, drempel: int) -> gpd.GeoDataFrame:
    """Counts per square cell of ``cel`` metres (cells under ``drempel`` left out), at the cell centres."""
    x, y = met_punt.geometry.x.to_numpy(), met_punt.geometry.y.to_numpy()
    ix, iy = np.floor(x / cel).astype(np.int64), np.floor(y / cel).astype(np.int64)
    cellen = pd.Series(1, index=pd.MultiIndex.from_arrays([ix, iy])).groupby(level=[0, 1]).sum()
    cellen = cellen[cellen >= drempel]
    return gpd.GeoDataFrame(
        {"meldingen": cellen.to_numpy(dtype="int64")},
        geometry=gpd.points_from_xy((cellen.index.get_level_values(0) + 0.5) * cel,
                                    (cellen.index.get_level_values(1) + 0.5) * cel), crs=RD)


def _in_gebied(punten: gpd.GeoDataFrame, telling: Meldingentelling, niveau: str,
               gebieden: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Each point at a representative point of the area it was assigned to (via its buurt)."""
    gebied = punten["buurt"].map(telling.niveaus[niveau])
    ok = gebied.isin(gebieden.index)
    plek = gebieden.geometry.representative_point()
    return gpd.GeoDataFrame(punten.loc[ok].drop(columns="geometry"), geometry=plek.reindex(gebied[ok]).to_numpy(),
                            crs=RD)
