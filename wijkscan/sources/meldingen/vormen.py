"""Coordinates written as text: a WKT ``POINT(x y)`` column or one column ``"lat, lon"``.

Both become the internal point columns (``_geometrie_1`` = x or lon, ``_geometrie_2`` = y or lat),
after which the numbers decide between RD and WGS84, as for a GeoJSON without ``crs``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .kolommen import _norm

_WKT = re.compile(r"^\s*(?:SRID=\d+;)?\s*POINT\s*Z?\s*\(\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)", re.IGNORECASE)
_PAAR = r"^\s*\(?\s*(-?\d{1,3}(?:[.,]\d+)?)\s*(?:;\s*|,\s+|\s+|,(?=-?\d+\.))(-?\d{1,3}(?:[.,]\d+)?)\s*\)?\s*$"
_PAAR_RE = re.compile(_PAAR)
#: header words of a column that holds both coordinates
_PAAR_NAMEN = ("latlon", "latlng", "latitudelongitude", "locatielatlon", "coordinaten", "coordinatenlatlon",
               "gps", "gpscoordinaten", "latlong")
_WKT_NAMEN = ("wkt", "geometrie", "geometry", "geom", "thegeom", "wktgeom", "locatiewkt", "shape")


def _proef(s: pd.Series, patroon: re.Pattern[str]) -> bool:
    waarden = s.dropna().astype(str).str.strip()
    waarden = waarden[waarden != ""].head(50)
    return len(waarden) > 0 and sum(bool(patroon.match(v)) for v in waarden) >= 0.8 * len(waarden)


def tekstpunten(tabel: pd.DataFrame, namen: list[str], mapping: dict[str, str]) -> tuple[pd.DataFrame, str | None]:
    """Add the point columns from a WKT or a ``"lat, lon"`` column; returns (table, the column used).

    Only when the table has no coordinate pair of its own (lat/lon, x/y or GeoJSON points). A column
    taken for an address that holds WKT is removed from ``mapping``.

    Example
    -------
    >>> t, kol = tekstpunten(pd.DataFrame({"plek": ["53.0, 6.56", ""]}), ["plek"], {})
    >>> kol, t["_geometrie_1"].tolist()[0], t["_geometrie_type"].tolist()
    ('plek', 6.56, ['Point', 'leeg'])
    """
    if "_geometrie_1" in tabel.columns or ("lat" in mapping and "lon" in mapping) or ("x" in mapping and "y" in mapping):
        return tabel, None
    vrij = [c for c in namen if (c not in mapping.values() or mapping.get("adres") == c)
            and pd.api.types.is_string_dtype(tabel[c].dtype)]
    vrij.sort(key=lambda c: (_norm(c) not in _WKT_NAMEN + _PAAR_NAMEN))
    for kol in vrij:
        if _proef(tabel[kol], _WKT):
            delen = tabel[kol].astype(str).str.extract(_WKT)
            a, b = delen[0], delen[1]
        elif _proef(tabel[kol], _PAAR_RE):
            delen = tabel[kol].astype(str).str.extract(_PAAR)
            lat = delen[0].str.replace(",", ".", regex=False)
            lon = delen[1].str.replace(",", ".", regex=False)
            a, b = lon, lat                      # as GeoJSON: x/lon first
        else:
            continue
        a = pd.to_numeric(a, errors="coerce").to_numpy(dtype=float)
        b = pd.to_numeric(b, errors="coerce").to_numpy(dtype=float)
        if mapping.get("adres") == kol:   # "locatie" holding WKT is not an address
            del mapping["adres"]
        tabel = tabel.copy()
        leeg = tabel[kol].isna().to_numpy() | (tabel[kol].astype(str).str.strip() == "").to_numpy()
        tabel["_geometrie_type"] = np.where(leeg, "leeg", "Point")
        tabel["_geometrie_1"] = np.where(leeg, np.nan, a)
        tabel["_geometrie_2"] = np.where(leeg, np.nan, b)
        return tabel, str(kol)
    return tabel, None
