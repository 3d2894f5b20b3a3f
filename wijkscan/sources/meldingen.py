"""Read meldingen openbare ruimte (MOR), validate every row, and report what was rejected.

Reads CSV (``;``, ``,`` or tab, detected; decimal comma; UTF-8 with or without BOM, or
Windows-1252), XLSX (openpyxl), GeoJSON (Point features) and the Signalen JSON shape (a list
of records with ``lng``/``lat``, as scraped from meldingen.assen.nl; ``.gz`` is fine).

Every input row ends up in exactly one of two places: :attr:`MeldingenImport.meldingen`
(accepted; geometry in RD New, EPSG:28992) or :attr:`MeldingenImport.afgewezen` (rejected,
with the original row number, the Dutch reason and the original values). Rows that were
accepted after a repair are listed in :attr:`MeldingenImport.aanpassingen`.

Column names are found through :data:`KOLOMMEN` (Dutch and English synonyms, compared without
case, spaces, dots, dashes and underscores); override with ``kolommen={"datum": "Gemeld op"}``.

Coordinates
-----------
Each row's coordinate pair is classified by its numbers, so a file may even mix systems:

* ``lat``/``lon`` (or ``lng``) in WGS84 (lat 50.6–53.7, lon 3.2–7.3) → converted to RD New;
* ``x``/``y`` in RD New (x 0–300 000, y 289 000–629 000) → used as they are;
* **swapped** lat/lon (lat ≈ 3–7.3, lon ≈ 50–54) or x/y: repaired by default and listed in
  ``aanpassingen`` (the ranges do not overlap in the Netherlands, so the repair is unambiguous);
  with ``herstel_verwisseld=False`` such rows are rejected instead;
* RD numbers in lat/lon columns (or WGS84 degrees in x/y columns) are recognised, used and
  listed in ``aanpassingen``;
* empty, ``0``/``0``, non-numeric or outside the Netherlands → rejected. "Outside the
  Netherlands" is a bounding box (lat 50.6–53.7, lon 3.2–7.3 or the RD range), so a point in
  Belgium near the border passes here; give ``gemeente_grens`` for the exact check.

Dates
-----
ISO 8601 (``2026-06-01T07:26:07.228597+00:00``, ``2026-06-01 14:05``), Dutch
(``31-12-2025 14:05``, ``31-12-2025``, also with ``/`` or ``.``), Excel dates and Excel serial
numbers. Times with a zone (Signalen: UTC) become Dutch local time; the ``datum`` column is
local time without a zone. A date in the future or before 2000 is rejected as implausible.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from ..errors import OngeldigeInvoer
from ..nlformat import getal

RD = "EPSG:28992"

__all__ = [
    "KOLOMMEN",
    "REDENEN",
    "MeldingenImport",
    "assen_meldingen",
    "kolomtoewijzing",
    "lees_meldingen",
]

#: Standard column → accepted synonyms (compared after :func:`_norm`: lower case, without
#: spaces, dots, dashes and underscores). The first synonym present wins.
KOLOMMEN: dict[str, tuple[str, ...]] = {
    "id": ("id", "meldingnummer", "meldingsnummer", "melding_id", "signal_id", "nummer", "zaaknummer",
           "objectid"),
    "datum": ("datum", "datummelding", "created_at", "createdat", "datum_melding", "meldingsdatum",
              "gemeld_op", "aangemaakt", "date", "created", "datetime", "tijdstip"),
    "tijd": ("tijdstipmelding", "tijd", "tijdmelding", "time"),
    "categorie": ("categorie", "hoofdcategorie", "category", "main_category", "maincategory",
                  "category.parent.name", "categorie_hoofd", "thema"),
    "subcategorie": ("subcategorie", "subcategory", "sub_category", "category.name", "onderwerp",
                     "onderwerp.omschrijving", "soort"),
    "x": ("x", "x_rd", "rd_x", "xcoordinaat", "x_coordinaat", "locatie.x", "coordinaat_x"),
    "y": ("y", "y_rd", "rd_y", "ycoordinaat", "y_coordinaat", "locatie.y", "coordinaat_y"),
    "lat": ("lat", "latitude", "breedtegraad", "locatie.lat"),
    "lon": ("lon", "lng", "long", "longitude", "lengtegraad", "locatie.lon", "locatie.lng"),
    "status": ("status", "externestatus", "state", "status_naam"),
    "afgehandeld": ("afgehandeld", "datumafgerond", "datum_afgehandeld", "afhandeldatum", "resolved_date",
                    "resolved_at", "closed_at", "datumafgehandeld", "afgerond"),
    "dagen_open": ("days_open", "doorlooptijddagen", "doorlooptijd", "dagen_open"),
}

#: Rejection reasons: code → Dutch text. The first applicable one (in this order) is a row's
#: ``reden``; ``alle_redenen`` lists them all.
REDENEN: dict[str, str] = {
    "geen_coordinaten": "geen coördinaten",
    "ongeldige_coordinaten": "coördinaten zijn geen getal",
    "geen_punt": "geometrie is geen punt",
    "buiten_nederland": "coördinaten liggen niet in (de omgeving van) Nederland",
    "verwisseld": "lat en lon (of x en y) verwisseld (niet hersteld)",
    "buiten_gemeente": "ligt buiten de gemeentegrens",
    "geen_datum": "geen meldingsdatum",
    "ongeldige_datum": "meldingsdatum niet te lezen",
    "onwaarschijnlijke_datum": "meldingsdatum ligt in de toekomst of vóór 2000",
    "dubbel_id": "dubbel meldingnummer",
    "onbekende_categorie": "onbekende categorie",
}

AANPASSINGEN: dict[str, str] = {
    "latlon_verwisseld": "lat en lon verwisseld; hersteld",
    "xy_verwisseld": "x en y verwisseld; hersteld",
    "rd_in_latlon": "RD-coördinaten (meters) in de lat/lon-kolommen; als RD gelezen",
    "wgs_in_xy": "graden (WGS84) in de x/y-kolommen; als lat/lon gelezen",
    "afgehandeld_onleesbaar": "afhandeldatum niet te lezen; leeg gelaten",
    "afgehandeld_voor_melding": "afhandeldatum ligt vóór de meldingsdatum; leeg gelaten",
    "geen_categorie": "geen categorie; 'geen categorie' ingevuld",
}

GEEN_CATEGORIE = "geen categorie"
STANDAARD = ["id", "datum", "categorie", "subcategorie", "status", "afgehandeld", "dagen_open"]

# plausible ranges in the Netherlands (European part)
_LAT = (50.6, 53.7)
_LON = (3.2, 7.3)
_RDX = (0.0, 300_000.0)
_RDY = (289_000.0, 629_000.0)

_TO_RD = Transformer.from_crs("EPSG:4326", RD, always_xy=True)


def _norm(name: object) -> str:
    return re.sub(r"[\s._\-]+", "", str(name).replace("\ufeff", "")).lower()


def kolomtoewijzing(kolomnamen: Iterable[str], kolommen: Mapping[str, str] | None = None) -> dict[str, str]:
    """Which input column is used for each standard column.

    Parameters
    ----------
    kolomnamen : iterable of str
        The column names of the input.
    kolommen : mapping, optional
        Overrides: standard name (a key of :data:`KOLOMMEN`) → input column name.

    Example
    -------
    >>> kolomtoewijzing(["datumMelding", "hoofdcategorie", "Latitude", "LNG"])
    {'datum': 'datumMelding', 'categorie': 'hoofdcategorie', 'lat': 'Latitude', 'lon': 'LNG'}
    """
    namen = [str(k) for k in kolomnamen]
    kolommen = dict(kolommen or {})
    onbekend = sorted(set(kolommen) - set(KOLOMMEN))
    if onbekend:
        raise OngeldigeInvoer(
            f"kolommen= kent {', '.join(onbekend)} niet. Gebruik als sleutel een van: "
            f"{', '.join(KOLOMMEN)} (bijvoorbeeld kolommen={{'datum': 'Gemeld op'}})."
        )
    for std, kol in kolommen.items():
        if kol not in namen:
            raise OngeldigeInvoer(
                f"Kolom {kol!r} (opgegeven voor {std!r}) staat niet in het bestand. "
                f"Wel aanwezig: {', '.join(namen)}."
            )
    per_norm: dict[str, str] = {}
    for k in namen:
        per_norm.setdefault(_norm(k), k)
    out: dict[str, str] = {}
    gebruikt = set(kolommen.values())
    for std, synoniemen in KOLOMMEN.items():
        if std in kolommen:
            out[std] = kolommen[std]
            continue
        for syn in synoniemen:
            kol = per_norm.get(_norm(syn))
            if kol is not None and kol not in gebruikt and kol not in out.values():
                out[std] = kol
                break
    return out


# ---------------------------------------------------------------------------------------------
# reading the file formats


def _tekst(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _open_bytes(pad: Path) -> bytes:
    data = pad.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def _lees_csv(data: bytes) -> pd.DataFrame:
    text = _tekst(data)
    eerste = next((regel for regel in text.splitlines() if regel.strip()), "")
    telling = {sep: eerste.count(sep) for sep in (";", "\t", ",")}
    sep = max(telling, key=lambda s: (telling[s], s == ";"))
    if telling[sep] == 0:
        raise OngeldigeInvoer(
            "Ik herken geen scheidingsteken (; , of tab) in de eerste regel van het CSV-bestand. "
            "Controleer of het een CSV-bestand met een kopregel is."
        )
    return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[],
                       quoting=csv.QUOTE_MINIMAL, skip_blank_lines=True)


def _plat(records: list[Any]) -> pd.DataFrame:
    if not records:
        return pd.DataFrame()
    if not all(isinstance(r, dict) for r in records):
        raise OngeldigeInvoer("Het JSON-bestand bevat een lijst, maar niet van objecten (records).")
    return pd.json_normalize(records, sep=".")


def _geojson_records(obj: dict[str, Any]) -> tuple[pd.DataFrame, str | None]:
    features = obj.get("features") or []
    crs_naam = None
    crs = obj.get("crs")
    if isinstance(crs, dict):
        crs_naam = str((crs.get("properties") or {}).get("name", ""))
    rd = bool(crs_naam) and ("28992" in crs_naam)
    rows = []
    for f in features:
        props = dict((f or {}).get("properties") or {})
        geom = (f or {}).get("geometry")
        a = b = None
        soort = "leeg"
        if isinstance(geom, dict):
            soort = str(geom.get("type"))
            coords = geom.get("coordinates")
            if soort == "Point" and isinstance(coords, (list, tuple)) and len(coords) >= 2:
                a, b = coords[0], coords[1]
        props["_geometrie_type"] = soort
        props["_geometrie_1"] = a
        props["_geometrie_2"] = b
        rows.append(props)
    df = pd.json_normalize(rows, sep=".") if rows else pd.DataFrame(
        columns=["_geometrie_type", "_geometrie_1", "_geometrie_2"])
    return df, ("rd" if rd else "wgs84")


def _lees_json(data: bytes) -> tuple[pd.DataFrame, str, str | None]:
    try:
        obj = json.loads(_tekst(data))
    except json.JSONDecodeError as e:
        raise OngeldigeInvoer(
            f"Het JSON-bestand is niet te lezen ({e.msg}, regel {e.lineno}). Is het volledig gedownload?"
        ) from e
    if isinstance(obj, dict) and obj.get("type") == "FeatureCollection":
        df, stelsel = _geojson_records(obj)
        return df, "GeoJSON", stelsel
    if isinstance(obj, dict) and obj.get("type") == "Feature":
        df, stelsel = _geojson_records({"features": [obj]})
        return df, "GeoJSON", stelsel
    if isinstance(obj, dict):
        for key in ("results", "meldingen", "data", "items", "signals"):
            if isinstance(obj.get(key), list):
                return _plat(obj[key]), "Signalen JSON", None
        raise OngeldigeInvoer(
            "Dit JSON-bestand is geen lijst van meldingen en geen GeoJSON FeatureCollection. "
            "Verwacht: [{...}, {...}] (Signalen) of {'type': 'FeatureCollection', ...}."
        )
    if isinstance(obj, list):
        return _plat(obj), "Signalen JSON", None
    raise OngeldigeInvoer("Het JSON-bestand bevat geen lijst van meldingen.")


def _lees_bron(bron: Any, formaat: str | None, blad: int | str) -> tuple[pd.DataFrame, str, str, str | None]:
    """(table, format label, source label, coordinate hint of GeoJSON)."""
    if isinstance(bron, gpd.GeoDataFrame):
        df = pd.DataFrame(bron.drop(columns=bron.geometry.name))
        geom = bron.geometry
        if geom.crs is not None and not geom.crs.equals(RD):
            geom = geom.to_crs(RD)
        waarden = np.asarray(geom.values)
        df["_geometrie_type"] = geom.geom_type.astype(object).where(geom.notna(), "leeg").to_numpy()
        df["_geometrie_1"] = shapely.get_x(waarden)   # NaN for anything but a point
        df["_geometrie_2"] = shapely.get_y(waarden)
        hint = "rd" if geom.crs is not None else None
        return df.reset_index(drop=True), "GeoDataFrame", "GeoDataFrame", hint
    if isinstance(bron, pd.DataFrame):
        return bron.reset_index(drop=True), "DataFrame", "DataFrame", None
    if isinstance(bron, (list, tuple)) and all(isinstance(r, dict) for r in bron):
        return _plat(list(bron)), "records", "lijst van records", None
    pad = Path(bron)
    if not pad.exists():
        raise OngeldigeInvoer(f"Bestand {pad} bestaat niet. Controleer de naam en de map.")
    naam = pad.name.lower()
    if naam.endswith(".gz"):
        naam = naam[:-3]
    soort = (formaat or Path(naam).suffix.lstrip(".")).lower()
    if soort in ("xlsx", "xlsm", "excel"):
        try:
            df = pd.read_excel(pad, sheet_name=blad, dtype=object, engine="openpyxl")
        except Exception as e:  # openpyxl raises many kinds
            raise OngeldigeInvoer(f"Het Excel-bestand {pad.name} is niet te lezen: {e}") from e
        return df, "XLSX", pad.name, None
    data = _open_bytes(pad)
    if soort in ("csv", "txt", "tsv"):
        return _lees_csv(data), "CSV", pad.name, None
    if soort in ("json", "geojson"):
        df, label, hint = _lees_json(data)
        return df, label, pad.name, hint
    raise OngeldigeInvoer(
        f"Bestandssoort '.{soort}' ken ik niet. Gebruik CSV, XLSX, GeoJSON of Signalen-JSON "
        "(of geef formaat='csv' | 'xlsx' | 'json')."
    )


# ---------------------------------------------------------------------------------------------
# parsing values


def _is_str(obj: pd.Series) -> np.ndarray:
    return np.fromiter((isinstance(v, str) for v in obj), dtype=bool, count=len(obj))


def _leeg(s: pd.Series) -> np.ndarray:
    obj = s.astype(object)
    leeg = obj.isna().to_numpy(dtype=bool).copy()
    is_str = _is_str(obj)
    if is_str.any():
        leeg[is_str] = (pd.Series(obj[is_str].to_numpy(dtype=str)).str.strip() == "").to_numpy(dtype=bool)
    return leeg


_DUIZEND = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


def _getallen(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Numbers with decimal comma or point → (float array, mask "present but not a number")."""
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        vals = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)
        return vals, np.zeros(len(s), dtype=bool)
    obj = s.astype(object)
    leeg = _leeg(s)
    is_str = _is_str(obj)
    out = np.full(len(s), np.nan)
    niet_str = ~is_str & ~leeg
    if niet_str.any():
        out[niet_str] = pd.to_numeric(obj[niet_str], errors="coerce").to_numpy(dtype=float)
    if is_str.any():
        t = obj[is_str].astype(str).str.strip().str.replace("\u00a0", "", regex=False).str.replace(
            " ", "", regex=False)
        komma = t.str.contains(",", regex=False)
        punt = t.str.contains(".", regex=False)
        file_komma = bool(komma.any())
        beide = komma & punt
        # 233.456,78 → 233456.78 ; 233,456.78 → 233456.78
        laatste_komma = t.str.rfind(",") > t.str.rfind(".")
        t = t.mask(beide & laatste_komma, t.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
        t = t.mask(beide & ~laatste_komma, t.str.replace(",", "", regex=False))
        t = t.mask(komma & ~punt, t.str.replace(",", ".", regex=False))
        if file_komma:
            # a column of large decimal-comma numbers (RD metres): "233.456" is 233456, not 233.456
            groot = pd.to_numeric(t[komma], errors="coerce").abs().median() >= 1000
            if groot:
                t = t.mask(~komma & t.str.match(_DUIZEND), t.str.replace(".", "", regex=False))
        out[is_str] = pd.to_numeric(t, errors="coerce").to_numpy(dtype=float)
    ongeldig = ~leeg & np.isnan(out)
    return out, ongeldig


_TZ = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")
_NL = re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}(?:\s|$)")
_NL_DATUM = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_NL_FORMATS = ("%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y", "%d-%m-%Y %H:%M:%S.%f")


def _naar_lokaal(ts: pd.Series) -> pd.Series:
    return ts.dt.tz_convert("Europe/Amsterdam").dt.tz_localize(None)


def _datums(s: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Parse dates → (naive local datetime64 Series, mask "present but unreadable")."""
    n = len(s)
    out = pd.Series(pd.NaT, index=range(n), dtype="datetime64[us]")
    if n == 0:
        return out, np.zeros(0, dtype=bool)
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        ts = s.reset_index(drop=True)
        if getattr(ts.dt, "tz", None) is not None:
            ts = _naar_lokaal(ts)
        return ts.astype("datetime64[us]"), np.zeros(n, dtype=bool)
    obj = pd.Series(s.astype(object).to_numpy(), index=range(n))
    leeg = _leeg(obj)
    anders = np.nonzero(~_is_str(obj) & ~leeg)[0]
    for i in anders:   # Excel cells and Python objects (usually none or a minority of rows)
        v = obj.iloc[i]
        if isinstance(v, pd.Timestamp | np.datetime64) or hasattr(v, "year"):
            t = pd.Timestamp(v)
            if t.tzinfo is not None:
                t = t.tz_convert("Europe/Amsterdam").tz_localize(None)
            out[i] = t
        elif isinstance(v, (int, float, np.integer, np.floating)) and 20_000 < float(v) < 80_000:
            out[i] = pd.Timestamp("1899-12-30") + pd.to_timedelta(float(v), unit="D")   # Excel serial
    is_str = _is_str(obj) & ~leeg
    if is_str.any():
        t = obj[is_str].astype(str).str.strip()
        tz = t.str.contains(_TZ) & t.str.match(_ISO)
        if tz.any():
            p = pd.to_datetime(t[tz], format="ISO8601", utc=True, errors="coerce")
            out.loc[p.index] = _naar_lokaal(p).astype("datetime64[us]")
        iso = t.str.match(_ISO) & ~tz
        if iso.any():
            p = pd.to_datetime(t[iso], format="ISO8601", errors="coerce")
            out.loc[p.index] = p.astype("datetime64[us]")
        nl = t[~tz & ~iso]
        ok = nl.str.match(_NL)
        if ok.any():
            norm = nl[ok].str.replace(_NL_DATUM, r"\1-\2-\3", regex=True).str.rstrip()
            for fmt in _NL_FORMATS:
                rest = norm[out.loc[norm.index].isna().to_numpy()]
                if rest.empty:
                    break
                p = pd.to_datetime(rest, format=fmt, errors="coerce")
                p = p[p.notna()]
                out.loc[p.index] = p.astype("datetime64[us]")
    onleesbaar = ~leeg & out.isna().to_numpy()
    return out, onleesbaar


def _tijden(s: pd.Series) -> pd.Series:
    """``14:05`` or ``14:05:33`` (or Excel time objects) → Timedelta; otherwise NaT."""
    obj = pd.Series(s.astype(object).to_numpy())

    def een(v: object) -> pd.Timedelta:
        if hasattr(v, "hour") and hasattr(v, "minute"):
            return pd.Timedelta(hours=v.hour, minutes=v.minute, seconds=getattr(v, "second", 0))
        m = re.match(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?", str(v)) if isinstance(v, str) else None
        if not m:
            return pd.NaT
        return pd.Timedelta(hours=int(m[1]), minutes=int(m[2]), seconds=int(m[3] or 0))

    return pd.to_timedelta(obj.map(een))


# ---------------------------------------------------------------------------------------------
# coordinates


def _binnen(v: np.ndarray, bereik: tuple[float, float]) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return (v >= bereik[0]) & (v <= bereik[1])


def _coordinaten(
    paren: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]], n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Classify coordinate pairs per row.

    ``paren``: list of (kind, a, b, invalid-mask), kind "latlon" (a=lat, b=lon) or "xy" (a=x, b=y);
    the first pair that is present in a row is used.

    Returns x_rd, y_rd, reason code per row ("" = ok), repair code per row ("" = none), notes.
    """
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    reden = np.full(n, "", dtype=object)
    aanpassing = np.full(n, "", dtype=object)
    gedaan = np.zeros(n, dtype=bool)
    lon_w = np.full(n, np.nan)
    lat_w = np.full(n, np.nan)
    for soort, a, b, ongeldig in paren:
        nul = (a == 0) & (b == 0)
        aanwezig = ~np.isnan(a) & ~np.isnan(b) & ~nul
        kapot = ongeldig & ~gedaan
        reden[kapot & (reden == "")] = "ongeldige_coordinaten"
        sel = aanwezig & ~gedaan & ~ongeldig
        if not sel.any():
            continue
        if soort == "latlon":
            lat, lon = a, b
            gewoon = sel & _binnen(lat, _LAT) & _binnen(lon, _LON)
            omgekeerd = sel & ~gewoon & _binnen(lon, _LAT) & _binnen(lat, _LON)
            rd = sel & ~gewoon & ~omgekeerd & _binnen(lon, _RDX) & _binnen(lat, _RDY)
            rd_om = sel & ~gewoon & ~omgekeerd & ~rd & _binnen(lat, _RDX) & _binnen(lon, _RDY)
            lat_w[gewoon], lon_w[gewoon] = lat[gewoon], lon[gewoon]
            lat_w[omgekeerd], lon_w[omgekeerd] = lon[omgekeerd], lat[omgekeerd]
            x[rd], y[rd] = lon[rd], lat[rd]
            x[rd_om], y[rd_om] = lat[rd_om], lon[rd_om]
            aanpassing[omgekeerd] = "latlon_verwisseld"
            aanpassing[rd | rd_om] = "rd_in_latlon"
            ok = gewoon | omgekeerd | rd | rd_om
        else:
            gewoon = sel & _binnen(a, _RDX) & _binnen(b, _RDY)
            omgekeerd = sel & ~gewoon & _binnen(b, _RDX) & _binnen(a, _RDY)
            wgs = sel & ~gewoon & ~omgekeerd & _binnen(a, _LON) & _binnen(b, _LAT)
            wgs_om = sel & ~gewoon & ~omgekeerd & ~wgs & _binnen(a, _LAT) & _binnen(b, _LON)
            x[gewoon], y[gewoon] = a[gewoon], b[gewoon]
            x[omgekeerd], y[omgekeerd] = b[omgekeerd], a[omgekeerd]
            lon_w[wgs], lat_w[wgs] = a[wgs], b[wgs]
            lon_w[wgs_om], lat_w[wgs_om] = b[wgs_om], a[wgs_om]
            aanpassing[omgekeerd] = "xy_verwisseld"
            aanpassing[wgs | wgs_om] = "wgs_in_xy"
            ok = gewoon | omgekeerd | wgs | wgs_om
        reden[sel & ~ok] = "buiten_nederland"
        reden[sel & ok] = ""
        gedaan |= sel
    reden[~gedaan & (reden == "")] = "geen_coordinaten"
    w = ~np.isnan(lat_w)
    if w.any():
        x[w], y[w] = _TO_RD.transform(lon_w[w], lat_w[w])
    return x, y, reden, aanpassing


def _grens(gemeente_grens: Any, marge: float) -> shapely.Geometry | None:
    if gemeente_grens is None:
        return None
    if hasattr(gemeente_grens, "gebieden") and hasattr(gemeente_grens, "code"):   # GemeenteData
        g = gemeente_grens.gebieden
        g = g[g.niveau == "gemeente"] if "niveau" in g else g
        geom = g.to_crs(RD).geometry.dropna().union_all()
    elif isinstance(gemeente_grens, (gpd.GeoDataFrame, gpd.GeoSeries)):
        gs = gemeente_grens if gemeente_grens.crs is None else gemeente_grens.to_crs(RD)
        geom = gs.geometry.dropna().union_all() if isinstance(gs, gpd.GeoDataFrame) else gs.dropna().union_all()
    elif isinstance(gemeente_grens, shapely.Geometry):
        geom = gemeente_grens
    else:
        raise OngeldigeInvoer(
            "gemeente_grens moet een GemeenteData (wijkscan.load(...)), een GeoDataFrame/GeoSeries of een "
            "shapely-vlak in RD New zijn."
        )
    if geom is None or geom.is_empty:
        raise OngeldigeInvoer("De opgegeven gemeentegrens is leeg.")
    if marge:
        geom = geom.buffer(float(marge))
    shapely.prepare(geom)
    return geom


# ---------------------------------------------------------------------------------------------
# the result


@dataclass
class MeldingenImport:
    """Result of :func:`lees_meldingen`: accepted meldingen, rejected rows, repairs, and a summary.

    Attributes
    ----------
    meldingen : GeoDataFrame
        Accepted meldingen in RD New (EPSG:28992): ``id, datum, categorie, subcategorie, status,
        afgehandeld, dagen_open, rij`` (+ columns asked for with ``bewaar=``) and ``geometry``.
        ``datum``/``afgehandeld`` are Dutch local time without a zone. ``rij`` is the input row number
        (1 = first data row; in a CSV/XLSX with a header that is line 2).
    afgewezen : DataFrame
        Rejected rows: ``rij, reden, reden_code, alle_redenen`` and the original values.
        Holds the original values (possibly addresses or free text): for internal use only.
    aanpassingen : DataFrame
        Accepted rows that were repaired or changed: ``rij, code, aanpassing``.
    invoer_rijen : int
        Number of input rows; always ``len(meldingen) + len(afgewezen)``.
    """

    meldingen: gpd.GeoDataFrame
    afgewezen: pd.DataFrame
    aanpassingen: pd.DataFrame
    invoer_rijen: int
    bron: str
    formaat: str
    kolommen: dict[str, str]
    opmerkingen: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        _controleer_telling(self)

    def redenen(self) -> pd.DataFrame:
        """Rejected rows per reason (Dutch), most frequent first.

        Example
        -------
        >>> imp = lees_meldingen(pd.DataFrame({"lat": [53.0, None], "lon": [6.56, None],
        ...                                    "datum": ["01-06-2026", "01-06-2026"]}))
        >>> imp.redenen().to_dict("records")
        [{'reden': 'geen coördinaten', 'aantal': 1}]
        """
        if self.afgewezen.empty:
            return pd.DataFrame({"reden": pd.Series([], dtype=object), "aantal": pd.Series([], dtype="int64")})
        t = self.afgewezen.groupby("reden_code").size()
        volgorde = [k for k in REDENEN if k in t.index]
        t = t.reindex(volgorde).sort_values(ascending=False, kind="stable")
        return pd.DataFrame({"reden": [REDENEN[k] for k in t.index], "aantal": t.to_numpy()})

    def samenvatting(self) -> str:
        """A short Dutch summary: rows read, accepted, rejected per reason, repairs, notes.

        Example
        -------
        >>> print(assen_meldingen().samenvatting().splitlines()[1])
        3.024 rijen gelezen: 3.024 meldingen geaccepteerd, 0 afgewezen.
        """
        lines = [f"Meldingen uit {self.bron} ({self.formaat})",
                 f"{_aantal(self.invoer_rijen, 'rij', 'rijen')} gelezen: "
                 f"{_aantal(len(self.meldingen), 'melding', 'meldingen')} geaccepteerd, "
                 f"{getal(len(self.afgewezen))} afgewezen."]
        for _, r in self.redenen().iterrows():
            lines.append(f"  afgewezen: {r['reden']}: {getal(r['aantal'])}")
        if not self.aanpassingen.empty:
            for code, n in self.aanpassingen.groupby("code").size().items():
                lines.append(f"  aangepast (wel geaccepteerd): {AANPASSINGEN.get(code, code)}: {getal(n)}")
        if len(self.meldingen):
            lines.append(
                f"Meldingsdatum van {self.meldingen.datum.min():%d-%m-%Y} tot en met "
                f"{self.meldingen.datum.max():%d-%m-%Y}.")
        gebruikt = ", ".join(f"{k} ← {v}" for k, v in self.kolommen.items())
        lines.append(f"Kolommen: {gebruikt}.")
        lines.extend(f"Let op: {o}" for o in self.opmerkingen)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"<MeldingenImport {self.bron}: {self.invoer_rijen} rijen, {len(self.meldingen)} "
                f"geaccepteerd, {len(self.afgewezen)} afgewezen, {len(self.aanpassingen)} aangepast>")

    def _repr_html_(self) -> str:
        e = html.escape
        rows = "".join(f"<tr><td>{e(str(r['reden']))}</td><td style='text-align:right'>{getal(r['aantal'])}"
                       "</td></tr>" for _, r in self.redenen().iterrows())
        aanp = ""
        if not self.aanpassingen.empty:
            aanp = "".join(
                f"<tr><td>{e(AANPASSINGEN.get(c, c))}</td><td style='text-align:right'>{getal(n)}</td></tr>"
                for c, n in self.aanpassingen.groupby("code").size().items())
            aanp = f"<p><b>Aangepast</b> (wel geaccepteerd)</p><table>{aanp}</table>"
        cats = ""
        if len(self.meldingen):
            top = self.meldingen.categorie.value_counts().head(8)
            cats = "".join(f"<tr><td>{e(str(k))}</td><td style='text-align:right'>{getal(v)}</td></tr>"
                           for k, v in top.items())
            cats = f"<p><b>Meest gemelde categorieën</b></p><table>{cats}</table>"
        opm = "".join(f"<li>{e(o)}</li>" for o in self.opmerkingen)
        return (
            f"<div><p><b>Meldingen uit {e(self.bron)}</b> ({e(self.formaat)}): {getal(self.invoer_rijen)} rijen, "
            f"<b>{getal(len(self.meldingen))}</b> geaccepteerd, <b>{getal(len(self.afgewezen))}</b> afgewezen.</p>"
            + (f"<p><b>Afgewezen per reden</b></p><table>{rows}</table>" if rows else "")
            + aanp + cats + (f"<ul>{opm}</ul>" if opm else "")
            + "<p><i>.afgewezen bevat de oorspronkelijke waarden: alleen voor intern gebruik.</i></p></div>"
        )


def _aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    return f"{getal(n)} {enkelvoud if n == 1 else meervoud}"


def _controleer_telling(imp: MeldingenImport) -> None:
    if len(imp.meldingen) + len(imp.afgewezen) != imp.invoer_rijen:
        raise AssertionError(
            f"Telling klopt niet: {len(imp.meldingen)} geaccepteerd + {len(imp.afgewezen)} afgewezen "
            f"!= {imp.invoer_rijen} ingelezen rijen. Dit is een fout in wijkscan; meld het alstublieft."
        )


# ---------------------------------------------------------------------------------------------
# the reader


def lees_meldingen(
    bron: str | Path | pd.DataFrame | list[dict[str, Any]],
    kolommen: Mapping[str, str] | None = None,
    gemeente_grens: Any = None,
    *,
    categorieen: Iterable[str] | None = None,
    formaat: str | None = None,
    blad: int | str = 0,
    herstel_verwisseld: bool = True,
    grens_marge: float = 0.0,
    bewaar: Sequence[str] | None = None,
    afhandeldatum_afgeleid: bool = False,
) -> MeldingenImport:
    """Read a meldingen file or table, validate every row and report the rejected ones.

    Parameters
    ----------
    bron : path, DataFrame, GeoDataFrame or list of records
        CSV, XLSX, GeoJSON, or Signalen JSON (``.gz`` allowed).
    kolommen : mapping, optional
        Which input column holds which standard column, e.g. ``{"datum": "Gemeld op",
        "categorie": "Soort"}``; the rest is found through :data:`KOLOMMEN`.
    gemeente_grens : GemeenteData, GeoDataFrame, GeoSeries or shapely geometry (RD), optional
        Meldingen outside it are rejected ("ligt buiten de gemeentegrens").
    categorieen : iterable of str, optional
        The valid main categories (case-insensitive); others are rejected.
    formaat : {"csv", "xlsx", "json", "geojson"}, optional
        Overrides the file extension.
    blad : int or str
        XLSX sheet.
    herstel_verwisseld : bool
        Repair swapped lat/lon (x/y) and list the repair (default), or reject such rows.
    grens_marge : float
        Metres of tolerance around the gemeente boundary.
    bewaar : list of str, optional
        Extra input columns to keep in ``meldingen`` (e.g. ``["wijk"]``). By default only the standard
        columns are kept, so free text and addresses do not travel further.
    afhandeldatum_afgeleid : bool
        Mark the afhandeldatum as inferred (not official); analyses then say so.

    Returns
    -------
    MeldingenImport

    Raises
    ------
    OngeldigeInvoer
        When the file cannot be read or has no coordinate or date column at all.

    Example
    -------
    >>> from wijkscan.sources.embedded import meldingen_bestand
    >>> imp = lees_meldingen(meldingen_bestand("assen_signalen_all_meldingen"))
    >>> len(imp.meldingen), len(imp.afgewezen), imp.meldingen.crs.to_epsg()
    (3024, 0, 28992)
    """
    tabel, label, bron_naam, stelsel = _lees_bron(bron, formaat, blad)
    n = len(tabel)
    tabel = tabel.reset_index(drop=True)
    namen = [c for c in tabel.columns if not str(c).startswith("_geometrie_")]
    mapping = kolomtoewijzing(namen, kolommen)
    heeft_geom = "_geometrie_1" in tabel.columns

    # ---- coordinates
    paren: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]] = []
    geen_punt = np.zeros(n, dtype=bool)
    if heeft_geom:
        a, ia = _getallen(tabel["_geometrie_1"])
        b, ib = _getallen(tabel["_geometrie_2"])
        soort = tabel["_geometrie_type"].astype(str).to_numpy()
        geen_punt = (soort != "Point") & (soort != "leeg")
        if stelsel == "rd":
            paren.append(("xy", a, b, ia | ib))
        else:
            paren.append(("latlon", b, a, ia | ib))   # GeoJSON order is lon, lat
    if "x" in mapping and "y" in mapping:
        a, ia = _getallen(tabel[mapping["x"]])
        b, ib = _getallen(tabel[mapping["y"]])
        paren.append(("xy", a, b, ia | ib))
    if "lat" in mapping and "lon" in mapping:
        a, ia = _getallen(tabel[mapping["lat"]])
        b, ib = _getallen(tabel[mapping["lon"]])
        paren.append(("latlon", a, b, ia | ib))
    if not paren:
        raise OngeldigeInvoer(
            "Het bestand heeft geen coördinaten: ik vind geen kolommen lat/lon (lng) of x/y en geen "
            f"GeoJSON-punten. Aanwezige kolommen: {', '.join(map(str, namen))}. Geef ze op met "
            "kolommen={'lat': ..., 'lon': ...} of kolommen={'x': ..., 'y': ...}."
        )
    if "datum" not in mapping:
        raise OngeldigeInvoer(
            "Het bestand heeft geen kolom met de meldingsdatum (gezocht: datum, datumMelding, created_at, "
            f"...). Aanwezige kolommen: {', '.join(map(str, namen))}. Geef hem op met "
            "kolommen={'datum': '<kolomnaam>'}."
        )
    x, y, coord_reden, coord_aanp = _coordinaten(paren, n)
    coord_reden[geen_punt] = "geen_punt"
    if not herstel_verwisseld:
        verw = np.isin(coord_aanp, ["latlon_verwisseld", "xy_verwisseld"]) & (coord_reden == "")
        coord_reden[verw] = "verwisseld"
        coord_aanp[verw] = ""

    redenen: list[list[str]] = [[] for _ in range(n)]

    def zet(mask: np.ndarray, code: str, extra: Sequence[str] | None = None) -> None:
        for i in np.nonzero(mask)[0]:
            redenen[i].append(code if extra is None else f"{code}|{extra[i]}")

    for code in ("geen_coordinaten", "ongeldige_coordinaten", "geen_punt", "buiten_nederland", "verwisseld"):
        zet(coord_reden == code, code)

    grens = _grens(gemeente_grens, grens_marge)
    if grens is not None:
        ok = coord_reden == ""
        buiten = np.zeros(n, dtype=bool)
        buiten[ok] = ~shapely.intersects_xy(grens, x[ok], y[ok])
        zet(buiten, "buiten_gemeente")

    # ---- dates
    datum, datum_kapot = _datums(tabel[mapping["datum"]])
    if "tijd" in mapping:
        tijd = _tijden(tabel[mapping["tijd"]])
        middernacht = datum.notna() & (datum == datum.dt.normalize()) & tijd.notna()
        datum = datum.where(~middernacht, datum + tijd)
    datum_leeg = datum.isna().to_numpy() & ~datum_kapot
    zet(datum_leeg, "geen_datum")
    zet(datum_kapot, "ongeldige_datum")
    nu = pd.Timestamp.now(tz="Europe/Amsterdam").tz_localize(None)
    vreemd = datum.notna() & ((datum > nu + pd.Timedelta(days=1)) | (datum < pd.Timestamp("2000-01-01")))
    zet(vreemd.to_numpy(), "onwaarschijnlijke_datum")

    # ---- id
    if "id" in mapping:
        ids = tabel[mapping["id"]].astype(object)
        schoon = [None if lg else str(v).strip() for v, lg in zip(ids, _leeg(ids), strict=True)]
        # Excel turns 1000 into 1000.0
        ids = pd.Series([v[:-2] if v is not None and re.fullmatch(r"\d+\.0", v) else v for v in schoon],
                        dtype=object)
        dubbel = ids.notna() & ids.duplicated(keep="first")
        eerste = {}
        for i, v in ids.items():
            if v is not None and v not in eerste:
                eerste[v] = i + 1
        extra = [f"zelfde als rij {eerste[v]}" if v is not None else "" for v in ids]
        zet(dubbel.to_numpy(), "dubbel_id", extra)
    else:
        ids = pd.Series([None] * n, dtype=object)

    # ---- categories
    def tekst_kolom(std: str) -> pd.Series:
        if std not in mapping:
            return pd.Series([None] * n, dtype=object)
        s = tabel[mapping[std]].astype(object)
        leeg = _leeg(s)
        return pd.Series([None if lg else str(v).strip() for v, lg in zip(s, leeg, strict=True)], dtype=object)

    categorie = tekst_kolom("categorie")
    subcategorie = tekst_kolom("subcategorie")
    if categorieen is not None:
        geldig = {str(c).strip().lower() for c in categorieen}
        onbekend = np.array([v is None or v.lower() not in geldig for v in categorie], dtype=bool)
        zet(onbekend, "onbekende_categorie", [f"'{v}'" if v else "leeg" for v in categorie])

    # ---- closing date
    aanpassingen: list[tuple[int, str]] = [(i + 1, c) for i, c in enumerate(coord_aanp) if c]
    if "afgehandeld" in mapping:
        afgehandeld, afg_kapot = _datums(tabel[mapping["afgehandeld"]])
        for i in np.nonzero(afg_kapot)[0]:
            aanpassingen.append((i + 1, "afgehandeld_onleesbaar"))
        voor = (afgehandeld.dt.normalize() < datum.dt.normalize()).to_numpy() & afgehandeld.notna().to_numpy()
        for i in np.nonzero(voor)[0]:
            aanpassingen.append((i + 1, "afgehandeld_voor_melding"))
        afgehandeld = afgehandeld.where(~voor)
    else:
        afgehandeld = pd.Series(pd.NaT, index=range(n), dtype="datetime64[us]")
    if "dagen_open" in mapping:
        dagen_open = pd.Series(_getallen(tabel[mapping["dagen_open"]])[0]).astype("Float64")
    else:
        dagen_open = pd.Series(np.nan, index=range(n)).astype("Float64")

    # ---- split
    afgewezen_mask = np.array([bool(r) for r in redenen], dtype=bool)
    geaccepteerd = ~afgewezen_mask
    if categorieen is None:
        leeg_cat = categorie.isna().to_numpy() & geaccepteerd
        for i in np.nonzero(leeg_cat)[0]:
            aanpassingen.append((i + 1, "geen_categorie"))
        categorie = categorie.where(categorie.notna(), GEEN_CATEGORIE)
    aanpassingen = [(r, c) for r, c in aanpassingen if geaccepteerd[r - 1]]

    keep = np.nonzero(geaccepteerd)[0]
    rij = np.arange(1, n + 1)
    out = pd.DataFrame({
        "id": ids.to_numpy(dtype=object)[keep],
        "datum": datum.to_numpy()[keep],
        "categorie": categorie.to_numpy(dtype=object)[keep],
        "subcategorie": subcategorie.to_numpy(dtype=object)[keep],
        "status": tekst_kolom("status").to_numpy(dtype=object)[keep],
        "afgehandeld": afgehandeld.to_numpy()[keep],
        "dagen_open": dagen_open.to_numpy()[keep],
        "rij": rij[keep],
    })
    for k in ("id", "categorie", "subcategorie", "status"):
        out[k] = out[k].astype("string")
    out["dagen_open"] = out["dagen_open"].astype("Float64")
    for kol in bewaar or ():
        if kol not in tabel.columns:
            raise OngeldigeInvoer(f"bewaar: kolom {kol!r} staat niet in het bestand. Wel: {', '.join(namen)}.")
        if kol in out.columns:
            raise OngeldigeInvoer(f"bewaar: {kol!r} is al een standaardkolom; kies een andere naam.")
        out[kol] = tabel[kol].to_numpy(dtype=object)[keep]
    meldingen = gpd.GeoDataFrame(out, geometry=gpd.points_from_xy(x[keep], y[keep]), crs=RD)

    # ---- rejected rows with original values
    rej = np.nonzero(afgewezen_mask)[0]
    orig = tabel.iloc[rej].copy()
    orig = orig[[c for c in orig.columns if not str(c).startswith("_geometrie_type")]]
    orig = orig.rename(columns={"_geometrie_1": "geometrie_coordinaat_1", "_geometrie_2": "geometrie_coordinaat_2"})
    orig.columns = [f"{c}_origineel" if c in ("rij", "reden", "reden_code", "alle_redenen") else c
                    for c in orig.columns]

    def tekst(code: str) -> str:
        basis, _, extra = code.partition("|")
        return REDENEN[basis] + (f" ({extra})" if extra else "")

    volgorde = {k: i for i, k in enumerate(REDENEN)}
    eerste_reden = [sorted(redenen[i], key=lambda c: volgorde[c.partition("|")[0]])[0] for i in rej]
    afgewezen = pd.DataFrame({
        "rij": rij[rej],
        "reden": [tekst(c) for c in eerste_reden],
        "reden_code": [c.partition("|")[0] for c in eerste_reden],
        "alle_redenen": ["; ".join(tekst(c) for c in sorted(redenen[i], key=lambda c: volgorde[c.partition("|")[0]]))
                         for i in rej],
    }, index=orig.index)
    afgewezen = pd.concat([afgewezen, orig], axis=1).reset_index(drop=True)

    aanp = pd.DataFrame(sorted(aanpassingen), columns=["rij", "code"])
    aanp["aanpassing"] = aanp.code.map(AANPASSINGEN)

    # ---- notes
    opm: list[str] = []
    if len(meldingen):
        xy = pd.DataFrame({"x": np.round(meldingen.geometry.x, 1), "y": np.round(meldingen.geometry.y, 1),
                           "d": meldingen.datum})
        zelfde = int(xy.duplicated().sum())
        if zelfde:
            opm.append(
                f"{zelfde} meldingen hebben dezelfde plek en hetzelfde tijdstip als een andere melding "
                "(in Signalen meestal één melding die over meer categorieën is verdeeld); ze tellen als "
                "aparte meldingen.")
    if afhandeldatum_afgeleid:
        meldingen.attrs["afhandeldatum_afgeleid"] = True
        opm.append("De afhandeldatum is afgeleid, geen officiële afhandeldatum.")
    meldingen.attrs["bron"] = bron_naam
    return MeldingenImport(meldingen=meldingen, afgewezen=afgewezen, aanpassingen=aanp, invoer_rijen=n,
                           bron=bron_naam, formaat=label, kolommen=mapping, opmerkingen=opm)


# ---------------------------------------------------------------------------------------------
# the embedded Assen data

ASSEN_VOLLEDIG_VANAF = "2026-05-18"


def assen_meldingen(afgehandeld: bool = False, gemeente_grens: Any = None) -> MeldingenImport:
    """The real Assen Signalen meldingen that ship with wijkscan (3,024; 2025-04-30 … 2026-08-08).

    Parameters
    ----------
    afgehandeld : bool
        Add the **inferred** afhandeldatum: the day a melding was first missing from the public
        list (scraper; not an official status). Meldingen that were still open at the last scrape
        (8 August 2026) keep an empty ``afgehandeld``.
    gemeente_grens : optional
        As in :func:`lees_meldingen` (e.g. ``wijkscan.load("Assen")``).

    Example
    -------
    >>> imp = assen_meldingen(afgehandeld=True)
    >>> int(imp.meldingen.afgehandeld.notna().sum())
    2742
    """
    from .embedded import meldingen_bestand

    alle = json.loads(gzip.decompress(meldingen_bestand("assen_signalen_all_meldingen").read_bytes()))
    if afgehandeld:
        weg = json.loads(gzip.decompress(meldingen_bestand("assen_signalen_resolved").read_bytes()))
        per_id = {r["id"]: r for r in weg}
        for r in alle:
            w = per_id.get(r["id"])
            r["resolved_date"] = w["resolved_date"] if w else None
            r["days_open"] = w["days_open"] if w else None
    imp = lees_meldingen(alle, gemeente_grens=gemeente_grens, afhandeldatum_afgeleid=afgehandeld)
    imp.bron = "Signalen Assen (ingebouwd" + (", met afgeleide afhandeldatum)" if afgehandeld else ")")
    imp.formaat = "Signalen JSON"
    imp.meldingen.attrs["volledig_vanaf"] = ASSEN_VOLLEDIG_VANAF
    imp.opmerkingen.append(
        "De gegevens zijn dagelijks van de openbare Signalen-kaart geschraapt, vanaf 18 mei 2026. Meldingen "
        "van vóór 18 mei 2026 staan er alleen in als ze toen nog openstonden: tel trends en vergelijkingen "
        "pas vanaf 18 mei 2026.")
    imp.opmerkingen.append(
        "Het veld 'wijk' in het bronbestand mengt Signalen-wijknamen met CBS-wijken, ook van buurgemeenten; "
        "koppel buurt en wijk daarom met koppel_gebieden (punt-in-vlak).")
    return imp
