"""A wijkanalyse over several gemeenten at once (a list, or all of Nederland): every area beside its own gemeente.

:func:`wijkscan.load` with a list of gemeenten (or ``"Nederland"``) gives one
:class:`~wijkscan.loading.GemeenteData` holding them all; :func:`wijkscan.wijkanalyse` then computes the
profile in one pass over all areas. The one thing that differs from a single gemeente is the comparison:
each area's ``gemeente`` value (and so its index, gemeente = 100) is that of **its own** gemeente, which
:func:`eigen_gemeente` fills in after the profile is computed. Nederland stays Nederland; ranks run over
all areas of the run (1 = most favourable in the whole selection).

Example
-------
>>> import wijkscan
>>> wa = wijkscan.wijkanalyse(["Hoorn", "Assen"], bron="ingebouwd")
>>> p = wa.profiel[(wa.profiel.indicator == "leeftijd_65plus_aandeel") & (wa.profiel.jaar == 2024)].set_index("gebied")
>>> [round(float(p.loc[b, "gemeente"]), 1) for b in ("BU01060005", "BU04053501")]   # a buurt of Assen, of Hoorn
[21.7, 20.6]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..indicators.compute import gepubliceerd
from .aandachtsgebieden import landelijk_vergelijkbaar

__all__ = ["eigen_gemeente", "gemeente_per_gebied", "landelijke_positie"]


def gemeente_per_gebied(gebieden: pd.DataFrame, toewijzing: pd.Series, areas: pd.Index) -> pd.Series:
    """The gemeente code of every area: its own for a CBS area, else the gemeente of most of its buurten."""
    direct = gebieden["gemeente"].reindex(areas)
    if direct.notna().all():
        return direct
    buurt_gem = gebieden["gemeente"].reindex(toewijzing.index)
    meest = buurt_gem.groupby(toewijzing.to_numpy()).agg(lambda s: s.mode().iloc[0] if s.notna().any() else np.nan)
    return direct.fillna(meest.reindex(areas))


def eigen_gemeente(profiel: pd.DataFrame, long: pd.DataFrame, trend: pd.DataFrame | None, catalogus: pd.DataFrame,
                   gebieden: pd.DataFrame, toewijzing: pd.Series) -> pd.DataFrame:
    """Put each area's own gemeente in the ``gemeente`` column and recompute ``index`` (gemeente = 100)."""
    data = long[long.niveau == "gemeente"][["code", "jaar", "variabele", "waarde"]]
    if trend is not None and not trend.empty:
        have = set(zip(data.code, data.jaar, data.variabele, strict=True))
        t = trend[[k not in have for k in zip(trend.code, trend.jaar, trend.variabele, strict=True)]]
        data = pd.concat([data, t[["code", "jaar", "variabele", "waarde"]]], ignore_index=True)
    delen = []
    for jaar, part in data.groupby("jaar"):
        wide = part.pivot_table(index="code", columns="variabele", values="waarde", aggfunc="first", dropna=False)
        wide.columns.name = None
        wide = wide.astype(float)
        for ind_id, ind in catalogus.iterrows():
            waarde = gepubliceerd(wide, ind)[0]
            delen.append(pd.DataFrame({"gem": waarde.index, "jaar": int(jaar), "indicator": ind_id,
                                       "g": waarde.to_numpy(dtype=float)}))
    ref = pd.concat(delen, ignore_index=True) if delen else pd.DataFrame(columns=["gem", "jaar", "indicator", "g"])
    gem = gemeente_per_gebied(gebieden, toewijzing, pd.Index(profiel.gebied.unique()))
    p = profiel.copy()
    p["_gem"] = p.gebied.map(gem)
    p = p.merge(ref, left_on=["_gem", "jaar", "indicator"], right_on=["gem", "jaar", "indicator"], how="left")
    p["gemeente"] = p["g"]
    g = p.gemeente.where(p.gemeente > 0)
    p["index"] = 100 * p.waarde / g
    p.loc[p.indicator.map(catalogus.aggregatie).isin(["som", "geen"]), "index"] = np.nan
    return p.drop(columns=["_gem", "gem", "g"])[profiel.columns]


def koppel_xy(x: np.ndarray, y: np.ndarray, vlakken: np.ndarray, tegel: float = 5_000.0) -> np.ndarray:
    """Index of the polygon each point (RD New coordinates) lies in, -1 for none — for millions of points.

    The points are cut into square tiles of ``tegel`` metres; each tile is matched only against the
    polygons that intersect it (an STRtree query), with the same point-in-polygon routine as
    :func:`wijkscan.analysis.meldingen.kruistabel` (inside-cell grid, then ``shapely.contains_xy``).
    Same semantics: a point on a shared boundary goes to the first polygon in order that touches it.
    Works on coordinate arrays, so no Point objects are made (10 million points fit in well under 1 GB).

    Example
    -------
    >>> import shapely
    >>> vlakken = np.array([shapely.box(0, 0, 10, 10), shapely.box(10, 0, 20, 10)])
    >>> koppel_xy(np.array([5.0, 15.0, 10.0, 50.0]), np.array([5.0, 5.0, 5.0, 5.0]), vlakken).tolist()
    [0, 1, 0, -1]
    """
    import shapely

    from .meldingen import _punt_in_vlak

    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    uit = np.full(len(x), -1, dtype=np.int64)
    ok = ~(np.isnan(x) | np.isnan(y))
    if not ok.any() or len(vlakken) == 0:
        return uit
    vlakken = np.asarray(vlakken, dtype=object)
    x0, y0 = float(np.nanmin(x)), float(np.nanmin(y))
    tx = np.floor((np.where(ok, x, x0) - x0) / tegel).astype(np.int64)
    ty = np.floor((np.where(ok, y, y0) - y0) / tegel).astype(np.int64)
    sleutel = np.where(ok, tx * (int(ty[ok].max()) + 1) + ty, -1)
    volgorde = np.argsort(sleutel, kind="stable")
    s = sleutel[volgorde]
    grenzen = np.flatnonzero(np.diff(s)) + 1
    boom = shapely.STRtree(vlakken)
    ny = int(ty[ok].max()) + 1
    for deel in np.split(volgorde, grenzen):
        k = sleutel[deel[0]]
        if k < 0:
            continue
        gx, gy = divmod(int(k), ny)
        vak = shapely.box(x0 + gx * tegel, y0 + gy * tegel, x0 + (gx + 1) * tegel, y0 + (gy + 1) * tegel)
        kand = np.sort(boom.query(vak, predicate="intersects"))       # keep the polygons' own order
        if len(kand) == 0:
            continue
        res, _ = _punt_in_vlak(x[deel], y[deel], vlakken[kand])
        uit[deel] = np.where(res >= 0, kand[np.clip(res, 0, None)], -1)
    return uit


#: Smallest population of a Dutch area that counts in the national distribution (smaller ones are mostly
#: suppressed or erratic, as in the aandachtsgebieden).
MIN_INWONERS_LANDELIJK = 100


def _positie_tekst(p: float, richting: str, wie: str) -> str:
    """Dutch wording of a national position: ``p`` is the share (0–100) of Dutch areas with a lower value."""
    if richting == "hoger_slechter":
        return f"ongunstiger dan {round(p)} % van de {wie}" if p >= 50 else f"gunstiger dan {round(100 - p)} % van de {wie}"
    if richting == "hoger_beter":
        return f"gunstiger dan {round(p)} % van de {wie}" if p > 50 else f"ongunstiger dan {round(100 - p)} % van de {wie}"
    return f"hoger dan {round(p)} % van de {wie}" if p >= 50 else f"lager dan {round(100 - p)} % van de {wie}"


def landelijke_positie(profiel: pd.DataFrame, referentie: pd.DataFrame | None, catalogus: pd.DataFrame, jaar: int,
                       soort: str = "buurten") -> pd.DataFrame:
    """Each area's position among all Dutch buurten (or wijken): ``landelijk_percentiel`` and ``landelijk``.

    ``landelijk_percentiel`` is the share of Dutch areas (with at least :data:`MIN_INWONERS_LANDELIJK`
    inhabitants and a value) whose value is lower than the area's, ties counted half (0–100), for every
    indicator of ``jaar`` that the national reference holds for most areas (``landelijk_vergelijkbaar``)
    and that can be compared across areas of different size (not counts, not classes). ``landelijk`` says it
    in words with the indicator's direction: "ongunstiger dan 83 % van de buurten in Nederland" (and
    ``landelijk_kort``, "ongunstiger dan 83 %", for a table whose header names the buurten). Other rows get
    NA and an empty text.

    Parameters
    ----------
    profiel : DataFrame
        The profile (``gebied, jaar, indicator, waarde``).
    referentie : DataFrame or None
        One row per Dutch area, one column per indicator (see
        :func:`wijkscan.analysis.aandachtsgebieden.landelijke_referentie`).
    catalogus : DataFrame
        The indicator catalogue (direction, aggregation).
    jaar : int
        The year the reference belongs to.
    soort : str
        ``"buurten"`` or ``"wijken"``: what the areas are compared with, named in the text.

    Example
    -------
    >>> cat = pd.DataFrame({"richting": ["hoger_slechter"], "aggregatie": ["verhouding"]}, index=["misdrijven_per_1000"])
    >>> ref = pd.DataFrame({"inwoners": [500.0] * 4, "misdrijven_per_1000": [10.0, 20.0, 30.0, 40.0]})
    >>> p = pd.DataFrame({"gebied": ["BU1"], "jaar": [2024], "indicator": ["misdrijven_per_1000"], "waarde": [35.0]})
    >>> landelijke_positie(p, ref, cat, 2024)[["landelijk_percentiel", "landelijk"]].values.tolist()
    [[75.0, 'ongunstiger dan 75 % van de buurten in Nederland']]
    """
    out = profiel.copy()
    out["landelijk_percentiel"] = np.nan
    out["landelijk"] = ""
    out["landelijk_kort"] = ""
    if referentie is None or not len(referentie):
        return out
    ref = referentie
    if "inwoners" in ref.columns:
        ref = ref[ref.inwoners.isna() | (ref.inwoners >= MIN_INWONERS_LANDELIJK)]
    vergelijkbaar = [i for i in landelijk_vergelijkbaar(referentie) if i in catalogus.index
                     and catalogus.loc[i, "aggregatie"] not in ("som", "geen")]
    wie = f"{soort} in Nederland"
    for ind in vergelijkbaar:
        waarden = np.sort(ref[ind].dropna().to_numpy(dtype=float))
        if len(waarden) == 0:
            continue
        rijen = out.index[(out.indicator == ind) & (out.jaar == jaar) & out.waarde.notna()]
        if not len(rijen):
            continue
        v = out.loc[rijen, "waarde"].to_numpy(dtype=float)
        lager = np.searchsorted(waarden, v, side="left")
        gelijk = np.searchsorted(waarden, v, side="right") - lager
        p = 100.0 * (lager + 0.5 * gelijk) / len(waarden)
        out.loc[rijen, "landelijk_percentiel"] = np.round(p, 1)
        richting = catalogus.loc[ind, "richting"]
        teksten = [_positie_tekst(x, richting, wie) for x in p]
        out.loc[rijen, "landelijk"] = teksten
        out.loc[rijen, "landelijk_kort"] = [t.removesuffix(f" van de {wie}") for t in teksten]
    return out
