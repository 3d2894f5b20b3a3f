"""The real data snapshot that ships with wijkscan (``data/``), for offline work.

What is in it (see ``data/PROVENANCE.md`` for sources and vintages):

* Voorschoten (GM0626) and Assen (GM0106): gemeente, wijken and buurten of 2024 with
  kerncijfers 2024 (CBS 85984NED), registered crime per buurt 2021–2025, buurt polygons
  of about 2019, wijk polygons 2024, gemeente outline 2023;
* Nederland 2024 (inwoners, geslacht, leeftijd);
* gemeente-level kerncijfers 2012–2024 for the trend;
* Voorschoten's four PC4 postcode areas (2251–2254);
* Assen's Signalen meldingen openbare ruimte (2025–2026).

Everything here has the same shape as what :mod:`wijkscan.sources.cbs` and
:mod:`wijkscan.sources.pdok` return, so the rest of wijkscan cannot tell them apart.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from ..errors import GeenTabel, OnbekendeGemeente

RD = "EPSG:28992"
JAAR = 2024


def data_dir() -> Path:
    """Folder of the embedded snapshot: ``wijkscan/data`` inside the installed package (``$WIJKSCAN_DATA`` overrides it)."""
    env = os.environ.get("WIJKSCAN_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "data"


@lru_cache(maxsize=1)
def _gebieden_tabel() -> pd.DataFrame:
    return pd.read_csv(data_dir() / "gebieden_2024.csv", dtype=str, keep_default_na=False)


def gemeenten() -> dict[str, str]:
    """The gemeenten in the snapshot: ``{code: naam}``.

    Example
    -------
    >>> gemeenten()
    {'GM0106': 'Assen', 'GM0626': 'Voorschoten'}
    """
    t = _gebieden_tabel()
    t = t[t.niveau == "gemeente"]
    return dict(zip(t.code, t.naam, strict=True))


def heeft(code: str) -> bool:
    """True when the snapshot holds this gemeente code."""
    return code in gemeenten()


def _check(code: str) -> None:
    if not heeft(code):
        namen = ", ".join(f"{n} ({c})" for c, n in gemeenten().items())
        raise OnbekendeGemeente(
            f"De ingebouwde gegevens bevatten {code} niet, alleen {namen}. "
            "Haal andere gemeenten op bij CBS/PDOK (met internet), of werk met een van deze."
        )


@lru_cache(maxsize=8)
def _layer(layer: str) -> gpd.GeoDataFrame:
    return gpd.read_file(data_dir() / "gebieden.gpkg", layer=layer)


def gebieden(code: str) -> gpd.GeoDataFrame:
    """Gemeente, wijken and buurten of one gemeente as a GeoDataFrame in RD New.

    Indexed by ``code``; columns ``naam, niveau, wijk, gemeente, geometrie_jaar,
    geometry``. A 2024 buurt that the (circa 2019) buurt map lacks keeps its row with an
    empty geometry and ``geometrie_jaar = "geen geometrie"``, so it still counts in tables.

    Example
    -------
    >>> g = gebieden("GM0626")
    >>> sorted(g.niveau.value_counts().items())
    [('buurt', 12), ('gemeente', 1), ('wijk', 1)]
    """
    _check(code)
    tabel = _gebieden_tabel()
    tabel = tabel[tabel.gemeente == code].set_index("code")
    parts = []
    for layer in ("gemeente", "wijk", "buurt"):
        g = _layer(layer)
        parts.append(g[g.code.isin(tabel.index)].set_index("code")[["geometrie_jaar", "geometry"]])
    geo = pd.concat(parts)
    out = tabel[["naam", "niveau", "wijk", "gemeente"]].join(geo, how="left")
    out["geometrie_jaar"] = out.geometrie_jaar.fillna("geen geometrie")
    out["wijk"] = out.wijk.replace("", None)
    order = {"gemeente": 0, "wijk": 1, "buurt": 2}
    out = out.iloc[sorted(range(len(out)), key=lambda i: (order[out.niveau.iloc[i]], out.index[i]))]
    return gpd.GeoDataFrame(out, geometry="geometry", crs=RD)


def pc4(code: str) -> gpd.GeoDataFrame:
    """PC4 postcode areas of a gemeente (only Voorschoten: 2251–2254, pre-2018 geometry)."""
    _check(code)
    g = _layer("pc4")
    if code != "GM0626":
        raise GeenTabel(
            "De ingebouwde gegevens hebben alleen postcodegebieden (PC4) van Voorschoten. "
            "Geef voor andere gemeenten een eigen bestand met PC4-vlakken op."
        )
    return g.set_index("code")


@lru_cache(maxsize=1)
def _variabelen() -> pd.DataFrame:
    return pd.read_csv(data_dir() / "variabelen.csv", dtype=str, keep_default_na=False)


def variabelen() -> pd.DataFrame:
    """Metadata of the embedded variables (CBS key of 2024, title, unit, group, table)."""
    return _variabelen().copy()


@lru_cache(maxsize=1)
def _kerncijfers() -> pd.DataFrame:
    kc = pd.read_csv(data_dir() / "kerncijfers_2024.csv", dtype={"code": str, "variabele": str})
    kc["waarde"] = kc.waarde.astype("Float64")
    return kc


def kerncijfers(code: str, niveau: str | list[str] | None = None) -> pd.DataFrame:
    """Kerncijfers 2024 (plus crime 2021–2025) of an embedded gemeente, tidy.

    Same columns as :func:`wijkscan.sources.cbs.kerncijfers`: ``code, naam, niveau, jaar,
    variabele, waarde``; Nederland is included as niveau ``"land"``. Values that CBS
    suppressed are NA.

    Example
    -------
    >>> kc = kerncijfers("GM0626", niveau="gemeente")
    >>> int(kc.set_index("variabele").loc["AantalInwoners", "waarde"])
    25625
    """
    _check(code)
    regions = _gebieden_tabel()
    regions = regions[regions.gemeente == code][["code", "naam", "niveau"]]
    regions = pd.concat([regions, pd.DataFrame([{"code": "NL00", "naam": "Nederland", "niveau": "land"}])])
    kc = _kerncijfers().merge(regions, on="code")
    if niveau is not None and niveau != "alle":
        kc = kc[kc.niveau.isin([niveau] if isinstance(niveau, str) else niveau)]
    kc = kc[["code", "naam", "niveau", "jaar", "variabele", "waarde"]].reset_index(drop=True)
    kc.attrs["variabelen"] = variabelen().to_dict("records")
    kc.attrs["bron"] = "ingebouwd"
    return kc


def trend(code: str) -> pd.DataFrame:
    """Gemeente-level kerncijfers 2012–2024 (from the yearly wijk- en buurtkaart), tidy."""
    _check(code)
    t = pd.read_csv(data_dir() / "kerncijfers_gemeente_2012_2024.csv", dtype={"code": str})
    t = t[t.code == code].copy()
    t["waarde"] = t.waarde.astype("Float64")
    return t.reset_index(drop=True)


def meldingen_bestand(naam: str = "assen_signalen_all_meldingen") -> Path:
    """Path of an embedded meldingen file (gzip-compressed Signalen JSON)."""
    path = data_dir() / "meldingen" / f"{naam}.json.gz"
    if not path.exists():
        raise FileNotFoundError(path)
    return path
