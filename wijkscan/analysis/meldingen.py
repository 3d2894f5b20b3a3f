"""Statistics of meldingen openbare ruimte: per area, category and period; patterns; publication.

Everything takes the ``meldingen`` GeoDataFrame of :func:`wijkscan.sources.meldingen.lees_meldingen`
(RD New, columns ``datum, categorie, subcategorie, ...``) and areas as a :class:`GemeenteData`
(``wijkscan.load(...)``) or any GeoDataFrame of polygons (an own wijkindeling, PC4, ...).

Points that fall in no area are never dropped: they get the row ``(geen gebied)`` in the tables.
Areas without geometry (e.g. 2024 buurten missing from the older buurt map) keep their row with
``meldingen`` NA ("onbekend"), because their meldingen cannot be found.

Patterns (:func:`patronen`)
---------------------------
For every area × category cell, the count in a period is compared with a reference period:

* ``toets="rest_gemeente"`` (default): Fisher's exact test, one-sided, on the 2×2 table
  (cell now, cell before; rest of the gemeente now, rest before): did the cell rise more than
  the same category elsewhere? This is robust to seasons and to changes that hit the whole
  gemeente (a new app, a storm, a change in how meldingen are collected).
* ``toets="eigen_historie"``: the conditional binomial test of two Poisson rates: given the
  cell's total ``n = n_nu + n_voor``, under "no change" ``n_nu ~ Binomial(n, t_nu / (t_nu + t_voor))``
  (t = period lengths in days); one-sided p = P(X ≥ n_nu).

Both p-values are always reported; the chosen one is corrected for multiple testing with
Benjamini–Hochberg (false discovery rate) over all tested cells. Cells with fewer than
``min_aantal`` meldingen in the period are not tested (they cannot become significant and would only
dilute the correction). A cell is a signal when q ≤ ``alpha`` and its own rate went up.

Privacy (:func:`publicatietabel`, :func:`publicatielaag`, :func:`interne_puntenlaag`)
--------------------------------------------------------------------------------------
Published tables and layers hold only area codes/names, category names and counts — never free
text, addresses, reporter details or points. Counts below ``drempel`` (default 5, including 0)
are suppressed: ``"<5"`` in text tables, NA in numbers; a rate whose count is suppressed is
suppressed too. With a total in a row or column, one suppressed cell could be recomputed from
the total; then the next smallest cell is suppressed as well (secondary suppression).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy import stats

from ..errors import OngeldigeInvoer
from ..nlformat import datum as nl_datum
from ..nlformat import getal

RD = "EPSG:28992"
GEEN_GEBIED = "(geen gebied)"
GEEN_GEBIED_NAAM = "buiten de gebieden"
GEBRUIK_INTERN = "alleen voor intern gebruik"

#: Columns a published table may be split by. Everything else (free text, addresses, reporter
#: details, ids, exact times) never reaches a published output.
PUBLICEERBARE_KOLOMMEN = ("categorie", "subcategorie")

__all__ = [
    "GEBRUIK_INTERN",
    "GEEN_GEBIED",
    "PUBLICEERBARE_KOLOMMEN",
    "interne_puntenlaag",
    "koppel_gebieden",
    "kruistabel",
    "onderdruk",
    "patronen",
    "publicatielaag",
    "publicatietabel",
    "tel_per_categorie",
    "tel_per_gebied",
    "tel_per_periode",
    "trend",
    "vergelijk_perioden",
]


# ---------------------------------------------------------------------------------------------
# areas and inhabitants


def _vlakken(gebieden: Any, niveau: str | None) -> gpd.GeoDataFrame:
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


def _inwoners(bron: Any, jaar: int | None = None) -> pd.Series | None:
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


def koppel_gebieden(
    meldingen: gpd.GeoDataFrame,
    gebieden: Any,
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
        A copy with ``kolom`` (NA when the point lies in no area) and ``<kolom>_naam``.
        ``attrs["koppeling"]`` says how many points lie in no area / in more than one.

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> m = koppel_gebieden(assen_meldingen().meldingen, wijkscan.load("Assen", bron="ingebouwd"), "wijk")
    >>> m.attrs["koppeling"]["geen_gebied"]
    5
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
    out.attrs["koppeling"] = {
        "niveau": niveau,
        "gebieden": len(vlakken),
        "gebieden_zonder_vlak": int(vlakken.geometry.isna().sum()),
        "geen_gebied": int((idx < 0).sum()),
        "meer_gebieden": multi,
    }
    return out


# ---------------------------------------------------------------------------------------------
# counts


def tel_per_gebied(
    meldingen: gpd.GeoDataFrame,
    gebieden: Any,
    niveau: str | None = "buurt",
    inwoners: Any = None,
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
    idx, multi = _koppel(meldingen, vlakken)
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
    t.attrs["koppeling"] = {"geen_gebied": int((idx < 0).sum()), "meer_gebieden": multi,
                            "gebieden_zonder_vlak": int(geen_vlak.sum())}
    return t


def _per_1000(aantal: pd.Series, inwoners: pd.Series) -> pd.Series:
    a = aantal.astype("Float64")
    i = inwoners.astype("Float64")
    return (1000 * a / i.where(i > 0)).astype("Float64")


def kruistabel(
    meldingen: gpd.GeoDataFrame,
    gebieden: Any,
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


# ---------------------------------------------------------------------------------------------
# periods and trend

_FREQ = {"maand": "M", "week": "W-SUN", "dag": "D", "kwartaal": "Q", "jaar": "Y"}


def _periode_freq(periode: str) -> str:
    if periode not in _FREQ:
        raise OngeldigeInvoer(f"periode={periode!r} ken ik niet; kies uit {', '.join(_FREQ)}.")
    return _FREQ[periode]


def _dekking(meldingen: pd.DataFrame, vanaf: Any, tot: Any) -> tuple[pd.Timestamp, pd.Timestamp]:
    d = pd.to_datetime(meldingen["datum"])
    begin = pd.Timestamp(vanaf) if vanaf is not None else (
        pd.Timestamp(meldingen.attrs["volledig_vanaf"]) if "volledig_vanaf" in meldingen.attrs else d.min())
    eind = pd.Timestamp(tot) if tot is not None else d.max().normalize() + pd.Timedelta(days=1)
    return begin.normalize(), eind


def tel_per_periode(
    meldingen: pd.DataFrame,
    periode: Literal["dag", "week", "maand", "kwartaal", "jaar"] = "maand",
    per: str | None = None,
    *,
    vanaf: Any = None,
    tot: Any = None,
) -> pd.DataFrame:
    """Meldingen per month (week, ...), marking incomplete periods, with a fitted trend.

    A period is *volledig* when the data cover it entirely: from ``vanaf`` (default
    ``meldingen.attrs["volledig_vanaf"]`` or the first date) up to ``tot`` (exclusive; default the day
    after the last melding). The trend (see :func:`trend`) is fitted on complete periods only.

    Parameters
    ----------
    meldingen : DataFrame
    periode : {"dag", "week", "maand", "kwartaal", "jaar"}
        Weeks run Monday–Sunday.
    per : str, optional
        A column (e.g. ``"categorie"``): gives a wide table periods × values, without trend.
    vanaf, tot : date-like, optional

    Returns
    -------
    DataFrame
        Indexed by period label: ``begin, eind`` (exclusive), ``dagen, aantal, volledig, trend``;
        ``attrs["trend"]`` holds the trend summary (see :func:`trend`).

    Example
    -------
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> t = tel_per_periode(assen_meldingen().meldingen, "week")
    >>> int(t.loc["2026-W25", "aantal"]), bool(t.loc["2026-W25", "volledig"])
    (284, True)
    """
    freq = _periode_freq(periode)
    d = pd.to_datetime(meldingen["datum"])
    p = d.dt.to_period(freq)
    dek_begin, dek_eind = _dekking(meldingen, vanaf, tot)
    if len(p.dropna()) == 0:
        raise OngeldigeInvoer("Er zijn geen meldingen met een datum om te tellen.")
    eerste = min(p.min(), pd.Period(dek_begin, freq=freq))
    laatste = max(p.max(), pd.Period(dek_eind - pd.Timedelta(days=1), freq=freq))
    alle = pd.period_range(eerste, laatste, freq=freq)
    begin = alle.start_time
    eind = (alle + 1).start_time
    labels = [_label(q, periode) for q in alle]
    volledig = (begin >= dek_begin) & (eind <= dek_eind)
    if per is not None:
        if per not in meldingen.columns:
            raise OngeldigeInvoer(f"Kolom {per!r} staat niet in de meldingen.")
        waarden = meldingen[per].astype(object).fillna("(leeg)")
        wide = pd.crosstab(p, waarden).reindex(alle, fill_value=0)
        wide.index = labels
        wide.insert(0, "volledig", np.asarray(volledig))
        wide.index.name = "periode"
        wide.columns.name = None
        return wide
    counts = p.value_counts().reindex(alle, fill_value=0).to_numpy()
    t = pd.DataFrame({
        "begin": begin, "eind": eind, "dagen": (eind - begin).days, "aantal": counts,
        "volledig": np.asarray(volledig),
    }, index=pd.Index(labels, name="periode"))
    tr = _poisson_trend(t["aantal"].to_numpy(), t["dagen"].to_numpy(), t["volledig"].to_numpy())
    t["trend"] = tr.pop("fit")
    t.attrs["trend"] = {**tr, "tekst": _trend_tekst(tr, periode)}
    return t


def _label(q: pd.Period, periode: str) -> str:
    if periode == "week":
        iso = q.start_time.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if periode == "maand":
        return q.strftime("%Y-%m")
    return str(q)


def _poisson_trend(y: np.ndarray, dagen: np.ndarray, mask: np.ndarray) -> dict[str, Any]:
    """Log-linear Poisson trend with exposure (days), quasi-Poisson standard error."""
    fit = np.full(len(y), np.nan)
    yy, tt, ee = y[mask].astype(float), np.arange(len(y))[mask].astype(float), dagen[mask].astype(float)
    leeg = {"fit": fit, "perioden": int(mask.sum()), "verandering_pct": np.nan, "p_waarde": np.nan,
            "betrouwbaarheid_95": (np.nan, np.nan), "dispersie": np.nan}
    if len(yy) < 3 or yy.sum() == 0:
        return leeg
    tc = tt - tt.mean()
    X = np.column_stack([np.ones_like(tc), tc])
    off = np.log(ee)
    beta = np.array([math.log(yy.sum() / ee.sum()), 0.0])
    for _ in range(100):
        eta = X @ beta + off
        mu = np.exp(eta)
        z = eta - off + (yy - mu) / mu
        xtw = X.T * mu
        nieuw = np.linalg.solve(xtw @ X, xtw @ z)
        if np.max(np.abs(nieuw - beta)) < 1e-10:
            beta = nieuw
            break
        beta = nieuw
    mu = np.exp(X @ beta + off)
    cov = np.linalg.inv((X.T * mu) @ X)
    df = len(yy) - 2
    phi = max(float(np.sum((yy - mu) ** 2 / mu) / df), 1.0) if df > 0 else 1.0
    se = math.sqrt(cov[1, 1] * phi)
    b = float(beta[1])
    zstat = b / se if se > 0 else np.nan
    # t reference distribution for the quasi-Poisson scale
    p = float(2 * stats.t.sf(abs(zstat), df)) if df > 0 else np.nan
    alle_t = np.arange(len(y)) - tt.mean()
    fit = np.exp(beta[0] + beta[1] * alle_t + np.log(dagen.astype(float)))
    fit[~mask] = np.nan
    q = stats.t.ppf(0.975, df) if df > 0 else np.nan
    return {"fit": fit, "perioden": int(mask.sum()), "verandering_pct": 100 * (math.exp(b) - 1),
            "p_waarde": p, "betrouwbaarheid_95": (100 * (math.exp(b - q * se) - 1), 100 * (math.exp(b + q * se) - 1)),
            "dispersie": phi}


def _trend_tekst(tr: dict[str, Any], periode: str) -> str:
    if tr["perioden"] < 3 or not np.isfinite(tr["verandering_pct"]):
        return f"Te weinig volledige perioden ({tr['perioden']}) voor een trend; er zijn er minstens 3 nodig."
    richting = "stijgend" if tr["verandering_pct"] > 0 else "dalend"
    sig = tr["p_waarde"] < 0.05
    basis = (f"{getal(abs(tr['verandering_pct']), 1)}% {'meer' if tr['verandering_pct'] > 0 else 'minder'} "
             f"meldingen per {periode} over {tr['perioden']} volledige perioden "
             f"(p = {getal(tr['p_waarde'], 3)})")
    if sig:
        return f"Trend {richting}: {basis}."
    return f"Geen duidelijke trend: {basis}, niet significant."


def trend(
    meldingen: pd.DataFrame,
    periode: Literal["week", "maand", "kwartaal", "jaar"] = "maand",
    per: str | None = None,
    *,
    vanaf: Any = None,
    tot: Any = None,
) -> pd.DataFrame:
    """Trend per period: a log-linear Poisson regression (quasi-Poisson errors) on complete periods.

    The model is ``log E[aantal] = a + b·t + log(dagen)``; ``verandering_pct = 100·(e^b − 1)`` is the
    change per period. The standard error is scaled by the Pearson dispersion (when > 1) and tested
    against a t distribution, so overdispersed counts do not produce false trends.

    Returns
    -------
    DataFrame
        One row (``totaal``) or one per value of ``per``: ``perioden, aantal, verandering_pct,
        ondergrens_95, bovengrens_95, p_waarde, zin``.

    Example
    -------
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> t = trend(assen_meldingen().meldingen, "week")
    >>> int(t.loc["totaal", "perioden"])
    11
    """
    groepen: list[tuple[str, pd.DataFrame]] = [("totaal", meldingen)]
    if per is not None:
        if per not in meldingen.columns:
            raise OngeldigeInvoer(f"Kolom {per!r} staat niet in de meldingen.")
        w = meldingen[per].astype(object).fillna("(leeg)")
        groepen = [(str(k), meldingen[w == k]) for k in sorted(w.unique())]
    rows = []
    dek = _dekking(meldingen, vanaf, tot)
    for naam, m in groepen:
        m = m.copy()
        m.attrs = dict(meldingen.attrs)
        t = tel_per_periode(m, periode, vanaf=dek[0], tot=dek[1]) if len(m) else None
        if t is None:
            continue
        tr = t.attrs["trend"]
        rows.append({per or "groep": naam, "perioden": tr["perioden"], "aantal": int(t["aantal"][t.volledig].sum()),
                     "verandering_pct": tr["verandering_pct"], "ondergrens_95": tr["betrouwbaarheid_95"][0],
                     "bovengrens_95": tr["betrouwbaarheid_95"][1], "p_waarde": tr["p_waarde"],
                     "zin": tr["tekst"]})
    return pd.DataFrame(rows).set_index(per or "groep")


def _periode(begin: Any, eind: Any) -> tuple[pd.Timestamp, pd.Timestamp, int]:
    b = pd.Timestamp(begin).normalize()
    e = pd.Timestamp(eind).normalize() + pd.Timedelta(days=1)   # eind is inclusive
    dagen = (e - b).days
    if dagen <= 0:
        raise OngeldigeInvoer("De einddatum ligt vóór de begindatum; geef begin en eind (tot en met) op.")
    return b, e, dagen


def vergelijk_perioden(
    meldingen: pd.DataFrame,
    begin: Any,
    eind: Any,
    per: str | None = None,
) -> pd.DataFrame:
    """Compare a period (``begin`` up to and including ``eind``) with the same-length period before.

    The p-value is the exact conditional binomial test of two Poisson counts with equal exposure:
    given ``n = nu + voor``, ``nu ~ Binomial(n, ½)`` when nothing changed (two-sided).

    Returns
    -------
    DataFrame
        ``nu, vorige, verschil, verandering_pct, p_waarde`` per value of ``per`` (plus ``totaal``);
        ``attrs`` hold the two periods and notes.

    Example
    -------
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> v = vergelijk_perioden(assen_meldingen().meldingen, "2026-07-01", "2026-07-31")
    >>> v.loc["totaal", ["nu", "vorige"]].tolist()
    [977, 1229]
    """
    b, e, dagen = _periode(begin, eind)
    vb = b - pd.Timedelta(days=dagen)
    d = pd.to_datetime(meldingen["datum"])
    nu_m = ((d >= b) & (d < e)).to_numpy()
    voor_m = ((d >= vb) & (d < b)).to_numpy()
    if per is not None and per not in meldingen.columns:
        raise OngeldigeInvoer(f"Kolom {per!r} staat niet in de meldingen.")
    w = (meldingen[per].astype(object).fillna("(leeg)") if per else pd.Series("totaal", index=meldingen.index))
    nu = w[nu_m].value_counts()
    voor = w[voor_m].value_counts()
    t = pd.DataFrame({"nu": nu, "vorige": voor}).fillna(0).astype("int64")
    if per is not None:
        t.loc["totaal"] = [int(nu_m.sum()), int(voor_m.sum())]
    t["verschil"] = t["nu"] - t["vorige"]
    t["verandering_pct"] = (100 * t["verschil"] / t["vorige"].where(t["vorige"] > 0)).astype("Float64")
    t["p_waarde"] = [stats.binomtest(int(a), int(a + c), 0.5).pvalue if a + c > 0 else np.nan
                     for a, c in zip(t["nu"], t["vorige"], strict=True)]
    t.index.name = per or "groep"
    t.attrs["periode"] = (b.date(), (e - pd.Timedelta(days=1)).date())
    t.attrs["vorige_periode"] = (vb.date(), (b - pd.Timedelta(days=1)).date())
    opm = []
    if "volledig_vanaf" in meldingen.attrs and vb < pd.Timestamp(meldingen.attrs["volledig_vanaf"]):
        opm.append(f"De vorige periode begint vóór {meldingen.attrs['volledig_vanaf']}, toen de gegevens nog niet "
                   "volledig waren: de vergelijking is scheef.")
    t.attrs["opmerkingen"] = opm
    return t


# ---------------------------------------------------------------------------------------------
# patterns


def patronen(
    meldingen: gpd.GeoDataFrame,
    gebieden: Any,
    begin: Any,
    eind: Any,
    niveau: str | None = "buurt",
    per: str = "categorie",
    *,
    toets: Literal["rest_gemeente", "eigen_historie"] = "rest_gemeente",
    referentie_begin: Any = None,
    alpha: float = 0.05,
    min_aantal: int = 5,
) -> pd.DataFrame:
    """Area × category cells whose meldingen rose significantly in a period.

    The period is ``begin`` up to and including ``eind``; the reference period is the same number of
    days just before it, or ``[referentie_begin, begin)``. See the module docstring for the two tests
    (Fisher's exact test against the rest of the gemeente; conditional binomial test against the
    cell's own history) and the Benjamini–Hochberg correction.

    Returns
    -------
    DataFrame
        One row per tested cell, signals first: ``gebied, naam, <per>, nu, voor, dagen_nu,
        dagen_voor, rest_nu, rest_voor, verwacht_nu, verhouding, p_eigen_historie, p_rest_gemeente,
        q_waarde, signaal, zin`` (a Dutch sentence).

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> assen = wijkscan.load("Assen", bron="ingebouwd")
    >>> p = patronen(assen_meldingen().meldingen, assen, "2026-07-01", "2026-07-31", "wijk")
    >>> list(p.columns[:4])
    ['gebied', 'naam', 'categorie', 'nu']
    """
    if toets not in ("rest_gemeente", "eigen_historie"):
        raise OngeldigeInvoer("toets moet 'rest_gemeente' of 'eigen_historie' zijn.")
    if per not in meldingen.columns:
        raise OngeldigeInvoer(f"Kolom {per!r} staat niet in de meldingen.")
    b, e, dagen = _periode(begin, eind)
    rb = pd.Timestamp(referentie_begin).normalize() if referentie_begin is not None else b - pd.Timedelta(days=dagen)
    dagen_voor = (b - rb).days
    if dagen_voor <= 0:
        raise OngeldigeInvoer("referentie_begin moet vóór begin liggen.")
    vlakken = _vlakken(gebieden, niveau)
    idx, _ = _koppel(meldingen, vlakken)
    d = pd.to_datetime(meldingen["datum"]).to_numpy()
    fase = np.where((d >= b.to_datetime64()) & (d < e.to_datetime64()), "nu",
                    np.where((d >= rb.to_datetime64()) & (d < b.to_datetime64()), "voor", ""))
    data = pd.DataFrame({
        "gebied": np.where(idx >= 0, vlakken.index.to_numpy(dtype=object)[np.clip(idx, 0, None)], GEEN_GEBIED),
        "cat": meldingen[per].astype(object).fillna("(leeg)").to_numpy(),
        "fase": fase,
    })
    data = data[data.fase != ""]
    tab = data.groupby(["gebied", "cat", "fase"]).size().unstack("fase", fill_value=0)
    for k in ("nu", "voor"):
        if k not in tab:
            tab[k] = 0
    tab = tab[["nu", "voor"]].reset_index()
    tab.columns.name = None
    tab = tab[tab.gebied != GEEN_GEBIED]
    cat_tot = data.groupby(["cat", "fase"]).size().unstack("fase", fill_value=0).reindex(
        columns=["nu", "voor"], fill_value=0)
    tab["rest_nu"] = tab["cat"].map(cat_tot["nu"]).to_numpy() - tab["nu"]
    tab["rest_voor"] = tab["cat"].map(cat_tot["voor"]).to_numpy() - tab["voor"]
    tab = tab[tab["nu"] >= min_aantal].copy()
    p0 = dagen / (dagen + dagen_voor)
    tab["dagen_nu"] = dagen
    tab["dagen_voor"] = dagen_voor
    n = tab["nu"] + tab["voor"]
    tab["p_eigen_historie"] = stats.binom.sf(tab["nu"] - 1, n, p0) if len(tab) else []
    tab["p_rest_gemeente"] = [
        stats.fisher_exact([[a, c], [r1, r0]], alternative="greater").pvalue
        for a, c, r1, r0 in zip(tab["nu"], tab["voor"], tab["rest_nu"], tab["rest_voor"], strict=True)
    ]
    if toets == "eigen_historie":
        tab["verwacht_nu"] = n * p0
    else:
        share = tab["rest_nu"] / (tab["rest_nu"] + tab["rest_voor"]).where(lambda s: s > 0)
        tab["verwacht_nu"] = n * share.fillna(p0)
    tab["verhouding"] = tab["nu"] / tab["verwacht_nu"].where(tab["verwacht_nu"] > 0)
    kolom_p = "p_" + toets
    tab["q_waarde"] = stats.false_discovery_control(tab[kolom_p].to_numpy(), method="bh") if len(tab) else []
    stijging = tab["nu"] / dagen > tab["voor"] / dagen_voor
    tab["signaal"] = (tab["q_waarde"] <= alpha) & stijging
    tab.insert(1, "naam", tab["gebied"].map(vlakken["naam"].astype(str)))
    tab = tab.rename(columns={"cat": per})
    tab = tab.sort_values(["signaal", "q_waarde", kolom_p], ascending=[False, True, True], kind="stable")
    tab["zin"] = [_patroon_zin(r, per, b, e, toets, alpha) for _, r in tab.iterrows()]
    cols = ["gebied", "naam", per, "nu", "voor", "dagen_nu", "dagen_voor", "rest_nu", "rest_voor", "verwacht_nu",
            "verhouding", "p_eigen_historie", "p_rest_gemeente", "q_waarde", "signaal", "zin"]
    out = tab[cols].reset_index(drop=True)
    out.attrs["toets"] = toets
    out.attrs["periode"] = (b.date(), (e - pd.Timedelta(days=1)).date())
    out.attrs["referentie"] = (rb.date(), (b - pd.Timedelta(days=1)).date())
    out.attrs["toelichting"] = (
        "Getoetst per gebied en " + per + ": " + (
            "Fisher-exacttoets (eenzijdig) van nu/voor in het gebied tegen nu/voor in de rest van de gemeente"
            if toets == "rest_gemeente" else
            "voorwaardelijke binomiale toets van twee Poisson-aantallen (nu tegen de eigen voorgaande periode)")
        + f"; Benjamini-Hochberg-correctie over {len(out)} cellen met minstens {min_aantal} meldingen; "
        f"signaal bij q ≤ {getal(alpha, 2)} en een stijging.")
    if "volledig_vanaf" in meldingen.attrs and rb < pd.Timestamp(meldingen.attrs["volledig_vanaf"]):
        out.attrs["opmerking"] = (f"De referentieperiode begint vóór {meldingen.attrs['volledig_vanaf']}, toen de "
                                  "gegevens nog niet volledig waren.")
    return out


def _patroon_zin(r: pd.Series, per: str, b: pd.Timestamp, e: pd.Timestamp, toets: str, alpha: float) -> str:
    van = nl_datum((b).date())
    tot = nl_datum((e - pd.Timedelta(days=1)).date())
    wat = f"{r['naam']}, {r[per]}: {getal(r['nu'])} meldingen van {van} tot en met {tot}, " \
          f"tegen {getal(r['voor'])} in de {getal(r['dagen_voor'])} dagen ervoor"
    if toets == "rest_gemeente":
        ref = (f"; in de rest van de gemeente {getal(r['rest_nu'])} tegen {getal(r['rest_voor'])}")
    else:
        ref = ""
    verw = f" (verwacht {getal(r['verwacht_nu'], 1)}"
    verw += f", {getal(r['verhouding'], 1)} keer zoveel)" if pd.notna(r["verhouding"]) else ")"
    p = f"p {_p(r['p_' + toets])}, na correctie q {_p(r['q_waarde'])}"
    if r["signaal"]:
        oordeel = ("een opvallende stijging, sterker dan in de rest van de gemeente" if toets == "rest_gemeente"
                   else "een opvallende stijging ten opzichte van de eigen voorgaande periode")
        return f"{wat}{ref}{verw}: {oordeel} ({p})."
    return f"{wat}{ref}{verw}: geen opvallende stijging ({p})."


def _p(p: float) -> str:
    if not np.isfinite(p):
        return "onbekend"
    return "< 0,001" if p < 0.001 else "= " + getal(p, 3)


# ---------------------------------------------------------------------------------------------
# privacy: publication-safe tables and layers


def onderdruk(tabel: pd.DataFrame, drempel: int = 5, kolommen: Sequence[str] | None = None,
              totalen: bool = True) -> pd.DataFrame:
    """Suppress small counts (< ``drempel``, including 0) in a count table: NA in numbers.

    With ``totalen=True`` and a ``totaal`` column/row present, secondary suppression is applied:
    when a row (or column) has exactly one suppressed cell, the next smallest one is suppressed too,
    so it cannot be recomputed from the total; repeated until nothing changes.

    Example
    -------
    >>> t = pd.DataFrame({"a": [1, 10], "b": [7, 12], "totaal": [8, 22]}, index=["x", "y"])
    >>> o = onderdruk(t)                     # 1 < 5; then 7 too, else 1 = 8 - 7
    >>> o.astype(object).where(o.notna(), "<5").values.tolist()
    [['<5', '<5', 8], [10, 12, 22]]
    """
    kol = list(kolommen) if kolommen is not None else [c for c in tabel.columns
                                                       if pd.api.types.is_numeric_dtype(tabel[c])]
    t = tabel.copy()
    vals = t[kol].astype("Float64")
    onder = (vals < drempel).fillna(False).to_numpy(dtype=bool)
    bekend = vals.notna().to_numpy(dtype=bool)
    if totalen:
        cel_kol = [i for i, c in enumerate(kol) if c != "totaal"]
        rij_idx = [i for i, r in enumerate(t.index) if r != "totaal"]
        v = vals.to_numpy(dtype=float, na_value=np.nan)
        for _ in range(100):
            veranderd = False
            if "totaal" in kol:   # rows
                for i in rij_idx:
                    cellen = [j for j in cel_kol if bekend[i, j]]
                    if not onder[i, kol.index("totaal")] and sum(onder[i, j] for j in cellen) == 1:
                        kand = [j for j in cellen if not onder[i, j]]
                        if kand:
                            j = min(kand, key=lambda j: v[i, j])
                            onder[i, j] = veranderd = True
            if "totaal" in list(t.index):   # columns
                ti = list(t.index).index("totaal")
                for j in range(len(kol)):
                    cellen = [i for i in rij_idx if bekend[i, j]]
                    if not onder[ti, j] and sum(onder[i, j] for i in cellen) == 1:
                        kand = [i for i in cellen if not onder[i, j]]
                        if kand:
                            i = min(kand, key=lambda i: v[i, j])
                            onder[i, j] = veranderd = True
            if not veranderd:
                break
    for j, c in enumerate(kol):
        t[c] = t[c].astype("Int64").mask(onder[:, j])
    t.attrs["onderdrukt"] = pd.DataFrame(onder, index=t.index, columns=kol)
    t.attrs["drempel"] = drempel
    return t


def _als_tekst(t: pd.DataFrame, ruw: pd.DataFrame, onder: pd.DataFrame, drempel: int,
               kolommen: Sequence[str]) -> pd.DataFrame:
    """'<5' for a count below the threshold; 'x' for a cell hidden only so that it cannot be worked back
    from a total (its count may be large: saying '<5' there would be wrong)."""
    out = t.copy().astype(object)
    for c in kolommen:
        out[c] = [(f"<{drempel}" if pd.isna(r) or r < drempel else "x") if o else getal(v)
                  for v, r, o in zip(t[c], ruw[c].reindex(t.index), onder[c], strict=True)]
    return out


def publicatietabel(
    meldingen: gpd.GeoDataFrame,
    gebieden: Any,
    niveau: str | None = "buurt",
    kolom: str | None = "categorie",
    *,
    drempel: int = 5,
    als_tekst: bool = True,
) -> pd.DataFrame:
    """A publication-safe table (wijkkrant): counts per area (× category), small counts suppressed.

    A low-level tool for one table on its own polygons. For what a run publishes, use the
    wijkanalyse's table instead (``wa.meldingentelling.tabel("wijk")``): the same assignment as the
    profile, PDFs and maps, and suppression over all levels together (see docs/een-resultaat.md).

    Only area code/name, the values of ``kolom`` (``categorie`` or ``subcategorie``) and counts are
    used — never free text, addresses, reporter details, ids or points. Counts below ``drempel`` are
    shown as ``"<5"`` (``als_tekst=True``, Dutch number format) or NA (``als_tekst=False``), with
    secondary suppression against the totals (see :func:`onderdruk`).

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> assen = wijkscan.load("Assen", bron="ingebouwd")
    >>> t = publicatietabel(assen_meldingen().meldingen, assen, "wijk")
    >>> t.loc["WK010600", "Civiele Constructie"]
    '<5'
    """
    if kolom is not None and kolom not in PUBLICEERBARE_KOLOMMEN:
        raise OngeldigeInvoer(
            f"Kolom {kolom!r} mag niet in een publicatietabel: alleen {', '.join(PUBLICEERBARE_KOLOMMEN)} "
            "(nooit vrije tekst, adressen of gegevens van melders)."
        )
    if kolom is None:
        k = kruistabel(meldingen.assign(_alle="totaal"), gebieden, niveau, "_alle")[["naam", "totaal"]]
    else:
        k = kruistabel(meldingen, gebieden, niveau, kolom)
    totaal = k.drop(columns="naam").sum(axis=0, min_count=1)
    k.loc["totaal"] = ["totaal", *totaal.astype("Int64").tolist()]
    tel = [c for c in k.columns if c != "naam"]
    for c in tel:
        k[c] = k[c].astype("Int64")
    t = onderdruk(k, drempel, tel)
    onder = t.attrs["onderdrukt"]
    t.attrs = {}
    if als_tekst:
        t = _als_tekst(t, k, onder, drempel, tel)
    t.attrs["toelichting"] = (
        f"Aantallen meldingen per gebied. Aantallen onder {drempel} zijn weggelaten ('<{drempel}'); een cel die "
        "anders uit een totaal terug te rekenen is, is ook weggelaten ('x'). Bevat geen adressen, vrije tekst of "
        "gegevens van melders."
    )
    t.attrs["drempel"] = drempel
    return t


def publicatielaag(
    meldingen: gpd.GeoDataFrame,
    gebieden: Any,
    niveau: str | None = "buurt",
    *,
    drempel: int = 5,
    inwoners: Any = None,
    hotspots: pd.DataFrame | None = None,
) -> gpd.GeoDataFrame:
    """A publication-safe map layer: area polygons with suppressed counts and rates (no points).

    Columns: ``naam, meldingen`` (Int64, NA when below ``drempel``), ``meldingen_tekst`` (``"<5"``),
    ``per_1000_inwoners`` (NA when the count is suppressed or unknown), ``geometry`` (RD New); with
    ``hotspots`` (the result of :func:`wijkscan.analysis.hotspots.hotspots` on the same areas) also
    ``hotspot``, its Dutch class label (it reveals no count).

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> assen = wijkscan.load("Assen", bron="ingebouwd")
    >>> laag = publicatielaag(assen_meldingen().meldingen, assen, "buurt")
    >>> sorted(laag.columns)
    ['geometry', 'meldingen', 'meldingen_tekst', 'naam', 'per_1000_inwoners']
    """
    t = tel_per_gebied(meldingen, gebieden, niveau, inwoners=inwoners).drop(index=GEEN_GEBIED)
    vlakken = _vlakken(gebieden, niveau)
    onder = (t["meldingen"].astype("Float64") < drempel).fillna(False)
    n = t["meldingen"].mask(onder)
    tekst = [f"<{drempel}" if o else ("geen gegevens" if pd.isna(v) else getal(v))
             for v, o in zip(t["meldingen"], onder, strict=True)]
    laag = gpd.GeoDataFrame({
        "naam": t["naam"].astype(str),
        "meldingen": n.astype("Int64"),
        "meldingen_tekst": tekst,
        "per_1000_inwoners": t["per_1000_inwoners"].mask(onder).astype("Float64"),
    }, geometry=vlakken.geometry.reindex(t.index).to_numpy(), crs=RD, index=t.index)
    if hotspots is not None:
        if "klasse" not in hotspots.columns:
            raise OngeldigeInvoer("hotspots moet de uitkomst van hotspots(...) zijn (met een kolom 'klasse').")
        klasse = hotspots["klasse"].astype(str).reindex(laag.index)
        laag.insert(len(laag.columns) - 1, "hotspot", klasse.fillna("niet berekend").to_numpy())
    laag.attrs["toelichting"] = (f"Meldingen per gebied; aantallen onder {drempel} weggelaten. Geen punten, "
                                 "adressen of vrije tekst.")
    return laag


def interne_puntenlaag(
    meldingen: gpd.GeoDataFrame,
    velden: Sequence[str] = ("datum", "categorie", "subcategorie"),
) -> gpd.GeoDataFrame:
    """Meldingen as exact points — **for internal use only** (never for a wijkkrant or website).

    The output has a column ``gebruik`` = ``"alleen voor intern gebruik"`` (it travels along into any
    file written from it) and the same text in ``attrs["gebruik"]``. Dates become text
    (``2026-08-08 09:26``). Addresses or free text are only included when named in ``velden``.

    Example
    -------
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> p = interne_puntenlaag(assen_meldingen().meldingen)
    >>> p["gebruik"].iloc[0]
    'alleen voor intern gebruik'
    """
    ontbreekt = [v for v in velden if v not in meldingen.columns]
    if ontbreekt:
        raise OngeldigeInvoer(f"Kolom(men) {', '.join(ontbreekt)} staan niet in de meldingen.")
    laag = gpd.GeoDataFrame(meldingen[list(velden)].copy(), geometry=meldingen.geometry.to_numpy(),
                            crs=meldingen.crs)
    for kolom in laag.columns:
        if kolom != laag.geometry.name and pd.api.types.is_datetime64_any_dtype(laag[kolom]):
            laag[kolom] = laag[kolom].dt.strftime("%Y-%m-%d %H:%M")   # text, so .to_json() works too
    laag["gebruik"] = GEBRUIK_INTERN
    laag.attrs = {"gebruik": GEBRUIK_INTERN}
    return laag
