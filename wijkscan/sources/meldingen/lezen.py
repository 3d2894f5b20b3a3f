"""The reader: a file or table → validated meldingen, rejected rows with their reason, repairs.

Coordinates
-----------
Each row's coordinate pair is classified by its numbers, so a file may even mix systems:

* ``lat``/``lon`` (or ``lng``) in WGS84 (lat 50.6–53.7, lon 3.2–7.3) → converted to RD New;
* ``x``/``y`` in RD New (x 0–300 000, y 289 000–629 000) → used as they are;
* **swapped** lat/lon or x/y: repaired by default and listed in ``aanpassingen``; with
  ``herstel_verwisseld=False`` such rows are rejected instead;
* RD numbers in lat/lon columns (or WGS84 degrees in x/y columns) are recognised and listed;
* empty, ``0``/``0``, non-numeric or outside the Netherlands → rejected (give ``gemeente_grens``
  for the exact boundary check).

A file without coordinates can still be used: with an area column (buurt/wijk code or name,
stadsdeel, kern) matched to the indeling (``gebieden=``), or with addresses, which are looked up
in the PDOK Locatieserver (``geocodeer=``).

Dates
-----
ISO 8601, Dutch (``31-12-2025 14:05``, ``31-12-2025``, ``31-12-25``, also with ``/`` or ``.``),
Excel dates and serial numbers. Times with a zone become Dutch local time. A meldingsdatum in
the future or before 2000 is rejected; an afhandeldatum in the future or before the melding is
left empty (listed in ``aanpassingen``) so it does not count in the afhandeltermijnen.
"""

from __future__ import annotations

import gc
import gzip
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ...errors import OngeldigeInvoer, WijkscanFout
from ...nlformat import getal
from .coordinaten import RD, GemeenteGrens, _coordinaten, _getallen, _grens
from .datums import _datums, _tijden
from .formaten import Bron, Tabel, lees_bron
from .gebieden import Indeling, KoppelBron, lees_koppeling
from .kolommen import ADRES_KOLOMMEN, GEBIED_KOLOMMEN, _vouw, kies_categorie, kolomtoewijzing
from .resultaat import AANPASSINGEN, GEEN_CATEGORIE, REDENEN, MeldingenImport
from .teksten import optie
from .vormen import tekstpunten
from .waarden import _alle_tekst, _is_str, _leeg, _strings, factoren, vergeet, weinig_waarden

#: a trailing row that is a total or a note, not a melding ("Totaal", "Aantal meldingen: 1.234", ...)
_VOET = re.compile(r"^\s*(totaal|totalen|total|eindtotaal|subtotaal|som|aantal|gegenereerd|geexporteerd|"
                   r"export|bron|rapport|afgedrukt|einde)\b")
#: a text a spreadsheet would run as a formula
_FORMULE = re.compile(r"^[=+\-@\t\r]")
_GETAL = re.compile(r"^[+-]?\d+([.,]\d+)?$")


def _voetregels(tabel: pd.DataFrame, namen: list[str]) -> np.ndarray:
    """Mask of the trailing rows that are totals or notes (at most 10, from the bottom up)."""
    n = len(tabel)
    voet = np.zeros(n, dtype=bool)
    for i in range(n - 1, max(n - 11, -1), -1):
        cellen = [v for v in tabel.iloc[i][namen].tolist() if v is not None and not (isinstance(v, float) and np.isnan(v))
                  and str(v).strip()]
        if cellen and _VOET.match(_vouw(cellen[0])):
            voet[i] = True
        else:
            break
    return voet


def _tekst(s: pd.Series) -> pd.Series:
    """Cells as stripped text, NA for empty (vectorised; columns with few distinct values via those values)."""
    return _tekst_en_strings(s)[0]


def _tekst_en_strings(s: pd.Series) -> tuple[pd.Series, np.ndarray | None]:
    """:func:`_tekst`, and the same texts as a numpy string array (``""`` for NA) when that was made on the way."""
    t = s.astype(object)
    if weinig_waarden(t.to_numpy(dtype=object)):
        codes, uniek = factoren(t.to_numpy(dtype=object))
        if len(uniek) <= len(t) // 4:
            u = _tekst(pd.Series(uniek, dtype=object)).to_numpy(dtype=object)
            vals = np.where(codes >= 0, u[np.maximum(codes, 0)], np.array(None, dtype=object))
            vals = vals.astype(object)
            vals[pd.isna(vals)] = None
            return pd.Series(pd.array(vals, dtype="string")), None
    alle_tekst = _alle_tekst(t)
    is_str = t.notna().to_numpy(dtype=bool) if alle_tekst else _is_str(t)
    arr = _strings(t, is_str, gestript=True)
    anders = np.zeros(len(t), dtype=bool) if alle_tekst else ~is_str & t.notna().to_numpy(dtype=bool)
    if anders.any():   # numbers and dates from spreadsheets
        arr[anders] = np.array([str(v).strip() for v in t[anders]], dtype=arr.dtype)
    leeg = np.strings.str_len(arr) == 0
    if is_str.all() and (np.strings.str_len(arr) == np.strings.str_len(_strings(t, is_str))).all():
        vals = t.to_numpy(dtype=object).copy()     # nothing to strip: keep the Python strings as they are
    else:
        vals = arr.astype(object)
    vals[leeg] = None
    return pd.Series(pd.array(vals, dtype="string")), arr


_HTML = re.compile(r"</?[A-Za-z!][^<>]*>?")


def _tekst_kolom(s: pd.Series, met_tekst: bool = True) -> tuple[pd.Series | None, pd.Series, np.ndarray, np.ndarray]:
    """(text, cleaned text, HTML mask, formula mask) of a raw column; per distinct value when it has few.

    ``met_tekst=False``: the text before cleaning is not needed (None may be returned for it)."""
    vals = s.to_numpy(dtype=object)
    if weinig_waarden(vals):
        codes, uniek = factoren(vals)
        if len(uniek) <= len(vals) // 4:
            tekst = _tekst(pd.Series(uniek, dtype=object))
            schoon, html, formule = _schoon(tekst)
            plek = np.where(codes >= 0, codes, len(uniek))

            def per_rij(u: pd.Series) -> pd.Series:
                waarden = np.concatenate([u.to_numpy(dtype=object, na_value=None), np.array([None], dtype=object)])
                return pd.Series(pd.array(waarden[plek], dtype="string"))

            return (per_rij(tekst) if met_tekst else None, per_rij(schoon),
                    np.append(html, False)[plek] if html.any() else np.zeros(len(vals), dtype=bool),
                    np.append(formule, False)[plek] if formule.any() else np.zeros(len(vals), dtype=bool))
    tekst = _tekst(s)
    return (tekst, *_schoon(tekst))


def _als_strings(s: pd.Series) -> np.ndarray:
    return np.array(s.fillna("").to_numpy(dtype=object), dtype=np.dtypes.StringDType())


def _schoon(s: pd.Series, arr: np.ndarray | None = None) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """HTML removed and formulas neutralised: (texts, HTML mask, formula mask); per distinct value when few.

    ``arr``: the same texts as a numpy string array when the caller has it already."""
    vals = s.to_numpy(dtype=object, na_value=None)
    if weinig_waarden(vals):
        codes, uniek = pd.factorize(vals, use_na_sentinel=True)   # object array: the fast hash table
        if len(uniek) <= len(s) // 4:
            u, html, formule = _schoon(pd.Series(uniek, dtype="string"))
            plek = np.where(codes >= 0, codes, len(u))
            waarden = np.concatenate([u.to_numpy(dtype=object, na_value=None), np.array([None], dtype=object)])[plek]
            return (pd.Series(pd.array(waarden, dtype="string")), np.append(html, False)[plek],
                    np.append(formule, False)[plek])
    arr = _als_strings(s) if arr is None else arr
    s, html = _zonder_html(s, arr)
    s, formule = _onschadelijk(s, None if html.any() else arr)
    return s, html, formule


def _zonder_html(s: pd.Series, arr: np.ndarray | None = None) -> tuple[pd.Series, np.ndarray]:
    """HTML tags removed from texts (``<img src=x onerror=…>`` in a category); returns (texts, changed mask).

    Example
    -------
    >>> t, m = _zonder_html(pd.Series(["Afval <img src=x onerror=alert(1)>", "a < b", None], dtype="string"))
    >>> t.tolist(), m.tolist()
    (['Afval', 'a < b', <NA>], [True, False, False])
    """
    arr = _als_strings(s) if arr is None else arr
    kleiner = np.strings.find(arr, "<") >= 0                        # only texts with a '<' can hold a tag
    heeft = np.zeros(len(s), dtype=bool)
    if kleiner.any():
        uniek = pd.unique(arr[kleiner].astype(object))
        slecht = [u for u in uniek if _HTML.search(u)]              # checked once per distinct text
        if slecht:
            heeft[kleiner] = np.isin(arr[kleiner].astype(object), slecht)
    if not heeft.any():
        return s, heeft
    s = s.copy()
    schoon = s[heeft].str.replace(_HTML, "", regex=True).str.strip()
    s[heeft] = schoon.where(schoon != "", pd.NA)
    return s, heeft


def _onschadelijk(s: pd.Series, arr: np.ndarray | None = None) -> tuple[pd.Series, np.ndarray]:
    """Texts a spreadsheet would run as a formula get a leading ``'``; returns (texts, changed mask)."""
    arr = _als_strings(s) if arr is None else arr
    m = np.isin(arr.astype("U1"), list("=+-@\t\r"))   # the first character only
    if m.any():
        m[np.nonzero(m)[0]] = [not _GETAL.match(v) for v in arr[m].tolist()]
    if m.any():
        s = s.copy()
        s[m] = "'" + s[m]
    return s, m


@dataclass
class _Gebied:
    """Rows placed by the area column: code and parent per row, the level, the unmatched names."""

    codes: np.ndarray
    ouders: np.ndarray
    niveau: str | None = None
    kolom: str | None = None
    onbekend: list[str] = field(default_factory=list)


def lees_meldingen(
    bron: Bron,
    kolommen: Mapping[str, str] | None = None,
    gemeente_grens: GemeenteGrens = None,
    *,
    categorieen: Iterable[str] | None = None,
    formaat: str | None = None,
    blad: int | str | None = None,
    scheiding: str | None = None,
    codering: str | None = None,
    herstel_verwisseld: bool = True,
    grens_marge: float = 0.0,
    bewaar: Sequence[str] | None = None,
    afhandeldatum_afgeleid: bool = False,
    gebieden: Indeling | None = None,
    geocodeer: bool | None = None,
    voortgang: bool = True,
    koppeling: KoppelBron | None = None,
) -> MeldingenImport:
    """Read a meldingen file or table, validate every row and report the rejected ones.

    Parameters
    ----------
    bron : path, DataFrame, GeoDataFrame or list of records
        CSV/TSV, XLSX/XLS/ODS, GeoJSON, Signalen JSON (export or API), GeoPackage, Shapefile (also
        zipped); ``.gz`` allowed. The format is recognised by content.
    kolommen : mapping, optional
        Which input column holds which standard column, e.g. ``{"datum": "Gemeld op",
        "categorie": "Soort"}``; the rest is found through :data:`KOLOMMEN`.
    gemeente_grens : GemeenteData, GeoDataFrame, GeoSeries or shapely geometry (RD), optional
        Meldingen outside it are rejected ("ligt buiten de gemeentegrens").
    categorieen : iterable of str, optional
        The valid main categories (case-insensitive); others are rejected.
    formaat : str, optional
        Overrides the recognised format (``csv``, ``xlsx``, ``xls``, ``ods``, ``json``, ``gpkg``, ``shp``).
    blad : int or str, optional
        Spreadsheet sheet (or GeoPackage layer). Default: the sheet that holds the data.
    scheiding, codering : str, optional
        CSV separator and text encoding; recognised by content when not given.
    herstel_verwisseld : bool
        Repair swapped lat/lon (x/y) and list the repair (default), or reject such rows.
    grens_marge : float
        Metres of tolerance around the gemeente boundary.
    bewaar : list of str, optional
        Extra input columns to keep in ``meldingen`` (e.g. ``["wijk"]``). By default only the standard
        columns are kept, so free text and addresses do not travel further.
    afhandeldatum_afgeleid : bool
        Mark the afhandeldatum as inferred (not official); analyses then say so.
    gebieden : GemeenteData, GeoDataFrame or DataFrame (code, naam), optional
        The indeling to match an area column against (rows without coordinates). When the file
        has no coordinates at all and ``gemeente_grens`` is a GemeenteData, that is used.
    geocodeer : bool, optional
        Look up addresses in the PDOK Locatieserver for rows without coordinates. Default (None):
        only when the file has no coordinate columns at all.
    voortgang : bool
        Show a progress bar while geocoding.
    koppeling : path, DataFrame or mapping, optional
        Own table area name → code (columns ``naam`` and ``code``) for names in the area column that
        are not CBS names; tried before anything else (command line: ``--gebieden koppeling.csv``).

    Returns
    -------
    MeldingenImport

    Raises
    ------
    OngeldigeInvoer
        When the file cannot be read or has no coordinates, area or address column, or no date column.

    Example
    -------
    >>> from wijkscan.sources.embedded import meldingen_bestand
    >>> imp = lees_meldingen(meldingen_bestand("assen_signalen_all_meldingen"))
    >>> len(imp.meldingen), len(imp.afgewezen), imp.meldingen.crs.to_epsg()
    (3024, 0, 28992)
    """
    try:
        t = _lees_tabel(bron, formaat, blad, scheiding, codering)
        if gebieden is None and hasattr(gemeente_grens, "gebieden"):   # a GemeenteData
            gebieden = cast("Indeling", gemeente_grens)
        r = _begin(t, kolommen, gebieden)
        plaats = _plaats_stap(r, _Plaatsing(gemeente_grens=gemeente_grens, gebieden=gebieden, koppeling=koppeling,
                                            geocodeer=geocodeer, herstel_verwisseld=herstel_verwisseld,
                                            grens_marge=grens_marge, voortgang=voortgang))
        datum = _datum_stap(r)
        ids, ids_tekst = _id_stap(r)
        kolommen_uit = _tekst_stap(r, ids, categorieen, ids_tekst)
        afgehandeld, dagen_open = _afhandel_stap(r, datum)
        return _resultaat(r, plaats, {"datum": datum, "afgehandeld": afgehandeld, "dagen_open": dagen_open,
                                      **kolommen_uit}, bewaar, afhandeldatum_afgeleid, gebieden)
    finally:
        vergeet()   # the per-import column cache


@dataclass
class _Plaatsing:
    """The options that decide where a row lies (coordinates, area names, addresses, the boundary)."""

    gemeente_grens: GemeenteGrens
    gebieden: Indeling | None
    koppeling: KoppelBron | None
    geocodeer: bool | None
    herstel_verwisseld: bool
    grens_marge: float
    voortgang: bool


@dataclass
class _Plaats:
    """Where each row lies: RD coordinates (NaN without a point) and the area found by name."""

    x: np.ndarray
    y: np.ndarray
    gebied: _Gebied


def _plaats_stap(r: _Lezing, o: _Plaatsing) -> _Plaats:
    """Coordinates (every pair, classified), then the area column and addresses, then the gemeente boundary."""
    paren, geen_punt = _coordinaat_paren(r)
    _controleer_kolommen(r, paren, o.gebieden, o.geocodeer)
    x, y, coord_reden = _coordinaten_stap(r, paren, geen_punt, o.herstel_verwisseld)
    gebied = _gebieden_stap(r, x, y, coord_reden, o, bool(paren))
    grens = _grens(o.gemeente_grens, o.grens_marge)
    if grens is not None:
        ok = (coord_reden == "") & ~np.isnan(x)
        buiten = np.zeros(r.n, dtype=bool)
        buiten[ok] = ~shapely.intersects_xy(grens, x[ok], y[ok])
        r.zet(buiten & ~r.kapot_of_voet, "buiten_gemeente")
    return _Plaats(x=x, y=y, gebied=gebied)


def _resultaat(r: _Lezing, plaats: _Plaats, kol: dict[str, pd.Series], bewaar: Sequence[str] | None,
               afhandeldatum_afgeleid: bool, gebieden: Indeling | None) -> MeldingenImport:
    """The accepted rows as a GeoDataFrame in RD, the rejected rows and repairs, and the notes."""
    afgewezen_mask = np.zeros(r.n, dtype=bool)
    for mask, _ in r.redenen.values():
        afgewezen_mask |= mask
    geaccepteerd = ~afgewezen_mask
    keep = np.nonzero(geaccepteerd)[0]
    x, y, gebied = plaats.x, plaats.y, plaats.gebied
    alle = len(keep) == r.n
    out = pd.DataFrame({k: kol[k].array if alle else kol[k].array.take(keep)   # typed arrays: no conversion
                        for k in ("id", "datum", "categorie", "subcategorie", "status", "afgehandeld", "dagen_open")},
                       copy=False)   # the step results are not used elsewhere: no copy
    out["rij"] = np.arange(1, r.n + 1)[keep]
    for k in ("id", "categorie", "subcategorie", "status"):
        if out[k].dtype != "string":
            out[k] = out[k].astype("string")
    out["dagen_open"] = out["dagen_open"].astype("Float64")
    if gebied.niveau is not None:
        out["gebied_code"] = pd.array(gebied.codes[keep], dtype="string")
        out["gebied_ouder"] = pd.array(gebied.ouders[keep], dtype="string")
    out["toewijzing"] = _toewijzing(r.aanpassingen, np.isnan(x), keep)
    _bewaar(out, r, bewaar, keep)
    meldingen = gpd.GeoDataFrame(out, geometry=_punten(x[keep], y[keep]), crs=RD, copy=False)   # out is ours
    opm = r.opmerkingen + _zelfde_plek(meldingen, x[keep], y[keep])
    if gebied.niveau is not None and gebied.kolom is not None:
        opm += _gebied_opmerkingen(meldingen, r.mapping[gebied.kolom], gebied.niveau, gebied.onbekend,
                                   None if isinstance(gebieden, pd.DataFrame) else getattr(gebieden, "naam", None))
    if afhandeldatum_afgeleid:
        opm.append("De afhandeldatum is afgeleid, geen officiële afhandeldatum.")
    t = r.t
    imp = MeldingenImport(meldingen=meldingen, afgewezen=_afgewezen_tabel(r, afgewezen_mask),
                          aanpassingen=_aanpassingen_tabel(r.aanpassingen, geaccepteerd), invoer_rijen=r.n,
                          bron=t.naam, formaat=t.formaat, kolommen=r.mapping, opmerkingen=opm,
                          gebied_niveau=gebied.niveau if gebied.kolom is not None else None,
                          afhandeldatum_afgeleid=afhandeldatum_afgeleid)
    imp.inlezen = {k: v for k, v in (("blad", t.blad), ("scheidingsteken", t.scheiding), ("codering", t.codering),
                                     ("kopregel", t.kopregel)) if v is not None}
    return imp


@dataclass
class _Lezing:
    """What the steps of one import share: the table, the column mapping, and the reasons and repairs so far."""

    t: Tabel
    tabel: pd.DataFrame
    namen: list[str]
    mapping: dict[str, str]
    kapot_of_voet: np.ndarray
    redenen: dict[str, tuple[np.ndarray, np.ndarray | None]] = field(default_factory=dict)
    aanpassingen: list[tuple[np.ndarray, str]] = field(default_factory=list)
    opmerkingen: list[str] = field(default_factory=list)
    nu: pd.Timestamp = field(default_factory=lambda: pd.Timestamp.now(tz="Europe/Amsterdam").tz_localize(None))

    @property
    def n(self) -> int:
        return len(self.tabel)

    def zet(self, mask: np.ndarray, code: str, extra: np.ndarray | Sequence[str] | None = None) -> None:
        """Reject the rows of ``mask`` for reason ``code`` (with a detail per row)."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        if code in self.redenen:
            mask = self.redenen[code][0] | mask
        self.redenen[code] = (mask, None if extra is None else np.asarray(extra, dtype=object))

    def kolom(self, std: str) -> pd.Series:
        return self.tabel[self.mapping[std]]


def _lees_tabel(bron: Any, formaat: str | None, blad: int | str | None, scheiding: str | None,
                codering: str | None) -> Tabel:
    try:
        return lees_bron(bron, formaat, blad, scheiding, codering)
    except WijkscanFout:
        raise
    except (MemoryError, KeyboardInterrupt):
        raise
    except Exception as e:  # any reader error on a damaged file becomes one Dutch sentence
        naam = getattr(bron, "name", None) or str(bron)[:80]
        raise OngeldigeInvoer(
            f"Het bestand {naam} is niet te lezen ({type(e).__name__}). Is het beschadigd, onvolledig of van een "
            "andere soort dan de extensie zegt? Exporteer het opnieuw, of geef "
            + optie("formaat=, scheiding= of codering=", "--formaat, --scheiding of --codering") + " op."
        ) from e


def _begin(t: Tabel, kolommen: Mapping[str, str] | None, gebieden: Any) -> _Lezing:
    """The table with text columns as objects, the column mapping (names and values), footer and broken rows."""
    tabel = t.df.reset_index(drop=True)
    # text columns as plain object arrays once, so that every step below shares (and caches) the same values
    tekstkolommen = {c: object for c, d in tabel.dtypes.items() if isinstance(d, pd.StringDtype)}
    if tekstkolommen:
        tabel = tabel.astype(tekstkolommen)
    n = len(tabel)
    kapot = t.kapot if t.kapot is not None and len(t.kapot) == n else np.full(n, "", dtype=object)
    namen = [c for c in tabel.columns if not str(c).startswith("_geometrie_")]
    mapping = kolomtoewijzing(namen, kolommen)
    tabel, punt_kolom = tekstpunten(tabel, namen, mapping)
    opm = [f"Punten uit de tekstkolom {punt_kolom!r}."] if punt_kolom else []
    opm += _gebiedskolom_herkennen(tabel, namen, mapping, gebieden)
    cat_zin = kies_categorie(tabel, mapping)
    if cat_zin:
        opm.append(cat_zin)
    voet = _voetregels(tabel, namen) if n and namen else np.zeros(n, dtype=bool)
    kapot_mask = (kapot != "") & ~voet
    r = _Lezing(t=t, tabel=tabel, namen=namen, mapping=mapping, kapot_of_voet=voet | kapot_mask, opmerkingen=opm)
    r.zet(voet, "voetregel")
    r.zet(kapot_mask, "kapotte_regel", kapot)
    return r


def _coordinaat_paren(r: _Lezing) -> tuple[list[tuple[str, np.ndarray, np.ndarray, np.ndarray]], np.ndarray]:
    """Every coordinate pair of the table (GeoJSON/WKT points, x/y, lat/lon) and the rows that are no point."""
    tabel, mapping = r.tabel, r.mapping
    paren: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]] = []
    geen_punt = np.zeros(r.n, dtype=bool)
    if "_geometrie_1" in tabel.columns:
        a, ia = _getallen(tabel["_geometrie_1"])
        b, ib = _getallen(tabel["_geometrie_2"])
        soort = tabel["_geometrie_type"].astype(str).to_numpy()
        geen_punt = (soort != "Point") & (soort != "leeg") & (soort != "None") & (soort != "nan")
        stelsel = r.t.stelsel
        if stelsel is None:   # no crs: metres or degrees, by the numbers
            stelsel = "rd" if (~np.isnan(a)).any() and np.nanmedian(np.abs(a)) > 1000 else "wgs84"
        paren.append(("xy", a, b, ia | ib) if stelsel == "rd" else ("latlon", b, a, ia | ib))   # GeoJSON: lon, lat
    if "x" in mapping and "y" in mapping:
        a, ia = _getallen(r.kolom("x"))
        b, ib = _getallen(r.kolom("y"))
        paren.append(("xy", a, b, ia | ib))
    if "lat" in mapping and "lon" in mapping:
        a, ia = _getallen(r.kolom("lat"))
        b, ib = _getallen(r.kolom("lon"))
        paren.append(("latlon", a, b, ia | ib))
    return paren, geen_punt


def _controleer_kolommen(r: _Lezing, paren: list, gebieden: Any, geocodeer: bool | None) -> None:
    """A file needs coordinates, an area column or addresses, and a date column; else a Dutch error."""
    mapping, namen = r.mapping, r.namen
    gebied_kol = next((k for k in GEBIED_KOLOMMEN if k in mapping), None)
    adres = any(k in mapping for k in ("adres", "straat", "postcode"))
    if not paren and not (gebied_kol and gebieden is not None) and not (adres and geocodeer is not False):
        extra = ""
        if gebied_kol:
            extra = (f" Er is wel een gebiedskolom ({mapping[gebied_kol]!r}): geef de indeling op met "
                     "gebieden=wijkscan.load(...).")
        elif adres:
            extra = " Er zijn wel adressen; " + optie("die zoek ik alleen op met geocodeer=True (PDOK Locatieserver).",
                                                       "zoek ze op met --geocodeer (PDOK Locatieserver).")
        raise OngeldigeInvoer(
            "Het bestand heeft geen coördinaten: ik vind geen kolommen lat/lon (lng) of x/y, geen WKT-punten en geen "
            f"GeoJSON-punten, en geen kolom met gebiedsnamen. Aanwezige kolommen: {', '.join(map(str, namen)) or 'geen'}. "
            "Geef aan welke kolom wat is met " + optie("kolommen={'lat': ..., 'lon': ...}, kolommen={'x': ..., 'y': ...} "
                                                     "of kolommen={'wijk': ...}",
                                                     "--kolom lat=KOLOM --kolom lon=KOLOM, --kolom x=KOLOM --kolom y=KOLOM "
                                                     "of --kolom wijk=KOLOM") + f".{extra}"
        )
    if "datum" not in mapping:
        raise OngeldigeInvoer(
            "Het bestand heeft geen kolom met de meldingsdatum (gezocht: datum, datumMelding, created_at, "
            f"...). Aanwezige kolommen: {', '.join(map(str, namen)) or 'geen'}. Geef hem op met "
            + optie("kolommen={'datum': '<kolomnaam>'}.", "--kolom datum=KOLOMNAAM.")
        )


def _coordinaten_stap(r: _Lezing, paren: list, geen_punt: np.ndarray,
                      herstel_verwisseld: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x, y, reason per row) in RD; repairs of swapped pairs listed."""
    n = r.n
    if paren:
        x, y, coord_reden, coord_aanp = _coordinaten(paren, n)
    else:
        x, y = np.full(n, np.nan), np.full(n, np.nan)
        coord_reden = np.full(n, "geen_coordinaten", dtype=object)
        coord_aanp = np.full(n, "", dtype=object)
    coord_reden[geen_punt] = "geen_punt"
    if not herstel_verwisseld:
        verw = np.isin(coord_aanp, ["latlon_verwisseld", "xy_verwisseld"]) & (coord_reden == "")
        coord_reden[verw] = "verwisseld"
        coord_aanp[verw] = ""
    for code, mask in _maskers(coord_aanp, ("latlon_verwisseld", "xy_verwisseld", "rd_in_latlon", "wgs_in_xy")):
        r.aanpassingen.append((mask, code))
    return x, y, coord_reden


def _maskers(codes: np.ndarray, welke: Sequence[str]) -> list[tuple[str, np.ndarray]]:
    """(code, mask of the rows holding it) per code of a per-row code column that is mostly ``""``.

    One pass over the whole column; the codes are compared only on the rows that hold one.

    Example
    -------
    >>> [(c, m.tolist()) for c, m in _maskers(np.array(["", "a", "b", "a"], dtype=object), ["a", "c"])]
    [('a', [False, True, False, True]), ('c', [False, False, False, False])]
    """
    rijen = np.nonzero(codes != "")[0]
    gevuld = codes[rijen]
    out = []
    for code in welke:
        mask = np.zeros(len(codes), dtype=bool)
        mask[rijen[gevuld == code]] = True
        out.append((code, mask))
    return out


def _gebieden_stap(r: _Lezing, x: np.ndarray, y: np.ndarray, coord_reden: np.ndarray, o: _Plaatsing,
                   met_paren: bool) -> _Gebied:
    """Rows without coordinates: the area column (names, codes, the whole gemeente), then addresses."""
    n = r.n
    geen = (coord_reden == "geen_coordinaten") & ~r.kapot_of_voet
    uit = _Gebied(codes=np.full(n, None, dtype=object), ouders=np.full(n, None, dtype=object))
    gebied_kol = next((k for k in GEBIED_KOLOMMEN if k in r.mapping), None)
    gebied_detail = None
    if gebied_kol and o.gebieden is not None and geen.any():
        from .gebieden import koppel_gebiedsnamen

        waarden = r.kolom(gebied_kol)
        res = koppel_gebiedsnamen(waarden, o.gebieden, gebied_kol, rijen=geen,
                                  koppeling=lees_koppeling(o.koppeling) if o.koppeling is not None else None)
        waarden = _grovere_gebiedskolom(r, gebied_kol, waarden, res, geen, o)
        uit = _Gebied(codes=res.codes, ouders=res.ouders, niveau=res.niveau, kolom=gebied_kol,
                      onbekend=[f"'{u}'" + (f" (lijkt op {', '.join(res.suggesties[u])})" if res.suggesties.get(u)
                                            else "") for u in res.onbekend])
        gevonden = geen & pd.notna(res.codes)
        coord_reden[gevonden] = ""
        breed = gevonden & res.gemeentebreed
        r.aanpassingen.append((gevonden & ~breed, "gebied_uit_kolom"))
        r.aanpassingen.append((breed, "gemeentebreed"))
        r.aanpassingen.append((gevonden & res.fuzzy, "gebied_fuzzy"))
        niet = geen & ~gevonden & ~_leeg(waarden)
        coord_reden[niet] = "gebied_onbekend"
        gebied_detail = np.array([f"'{v}'" for v in waarden.astype(str)], dtype=object)
        geen = geen & ~gevonden & ~niet
    adres = any(k in r.mapping for k in ("adres", "straat", "postcode"))
    if adres and geen.any() and (o.geocodeer or (o.geocodeer is None and not met_paren)):
        uit = _adres_stap(r, x, y, coord_reden, geen, o, uit)
    for code, mask in _maskers(coord_reden, ("geen_coordinaten", "ongeldige_coordinaten", "geen_punt",
                                              "buiten_nederland", "verwisseld", "adres_niet_gevonden",
                                              "gebied_onbekend")):
        if code != "gebied_onbekend":
            r.zet(mask & ~r.kapot_of_voet, code)
        elif gebied_detail is not None:
            r.zet(mask & ~r.kapot_of_voet, code, gebied_detail)
    return uit


def _adres_stap(r: _Lezing, x: np.ndarray, y: np.ndarray, coord_reden: np.ndarray, geen: np.ndarray,
                o: _Plaatsing, uit: _Gebied) -> _Gebied:
    """Addresses looked up in the PDOK Locatieserver; offline, the 4-digit postcode places them (approximately)."""
    from ...errors import GeenVerbinding
    from ...settings import settings
    from .adressen import geocodeer_adressen, postcodes

    code = str(getattr(o.gemeente_grens, "code", "") or "")
    gemeentecode = code[2:] if code.upper().startswith("GM") and code[2:].isdigit() else None
    try:
        gx, gy, gevonden = geocodeer_adressen(r.tabel, r.mapping, geen, gemeentecode=gemeentecode,
                                              voortgang=o.voortgang)
    except GeenVerbinding:
        heeft_postcode = pd.notna(postcodes(r.tabel, r.mapping)[geen]).any()
        if not settings.offline or gemeentecode is None or not hasattr(o.gemeente_grens, "gebieden") \
                or not heeft_postcode:
            raise
        return _postcode_stap(r, coord_reden, geen, o, uit, code.upper())
    x[gevonden], y[gevonden] = gx[gevonden], gy[gevonden]
    coord_reden[gevonden] = ""
    r.aanpassingen.append((gevonden, "geocodeerd"))
    coord_reden[geen & ~gevonden & _adres_aanwezig(r.tabel, r.mapping)] = "adres_niet_gevonden"
    return uit


def _postcode_stap(r: _Lezing, coord_reden: np.ndarray, geen: np.ndarray, o: _Plaatsing, uit: _Gebied,
                   gemeentecode: str) -> _Gebied:
    """Offline: each row in the buurt its postcode points to (CBS most common postcode), else at gemeente level."""
    from .adressen import POSTCODE_METHODE, plaats_op_postcode

    g = getattr(o.gemeente_grens, "gebieden", None)
    buurten = set(g.index[g["niveau"] == "buurt"]) if g is not None and "niveau" in g else set()
    pp = plaats_op_postcode(r.tabel, r.mapping, geen, gemeentecode, buurten)
    codes, ouders = uit.codes.copy(), uit.ouders.copy()
    codes[geen], ouders[geen] = pp.codes[geen], pp.ouders[geen]
    coord_reden[geen] = ""
    r.aanpassingen.append((pp.buurt, "postcode"))
    r.aanpassingen.append((pp.gemeente, "postcode_gemeente"))
    n_b, n_g = int(pp.buurt.sum()), int(pp.gemeente.sum())
    zin = (f"Offline zijn de adressen niet opgezocht. {getal(n_b)} {'melding is' if n_b == 1 else 'meldingen zijn'} "
           f"{POSTCODE_METHODE}; {getal(n_g)} {'melding telt' if n_g == 1 else 'meldingen tellen'} alleen voor de "
           "hele gemeente")
    redenen = pd.Series(pp.reden[pp.gemeente]).value_counts()
    if len(redenen):
        zin += " (" + "; ".join(f"{reden}: {getal(int(k))}" for reden, k in redenen.head(10).items()) \
            + ("; …" if len(redenen) > 10 else "") + ")"
    r.opmerkingen.append(zin + ". Met internet (" + optie("wijkscan.settings.offline = False", "zonder --offline")
                         + ") worden de adressen precies opgezocht.")
    return _Gebied(codes=codes, ouders=ouders, niveau=uit.niveau or "buurt", kolom=uit.kolom, onbekend=uit.onbekend)


def _grovere_gebiedskolom(r: _Lezing, gebied_kol: str, waarden: pd.Series, res: Any, geen: np.ndarray,
                          o: _Plaatsing) -> pd.Series:
    """A row with an empty buurt but a wijk (or stadsdeel, kern) is placed by that coarser column, matched as
    what that column holds (a wijk name that is also a buurt name stays the wijk). Changes ``res`` in place;
    returns the area value used per row."""
    from .gebieden import koppel_gebiedsnamen

    for k in GEBIED_KOLOMMEN[GEBIED_KOLOMMEN.index(gebied_kol) + 1:]:
        los = geen & _leeg(waarden) & (~_leeg(r.kolom(k)) if k in r.mapping else False)
        if not np.any(los):
            continue
        grof = koppel_gebiedsnamen(r.kolom(k), o.gebieden, k, rijen=los,
                                   koppeling=lees_koppeling(o.koppeling) if o.koppeling is not None else None)
        for veld in ("codes", "ouders", "fuzzy", "gemeentebreed"):
            getattr(res, veld)[los] = getattr(grof, veld)[los]
        res.onbekend += [u for u in grof.onbekend if u not in res.onbekend]
        res.suggesties.update(grof.suggesties)
        waarden = waarden.where(~los, r.kolom(k))
    return waarden


def _datum_stap(r: _Lezing) -> pd.Series:
    """The meldingsdatum (with a separate time column); missing, unreadable and unlikely dates rejected."""
    datum, datum_kapot = _datums(r.kolom("datum"))
    if "tijd" in r.mapping:
        tijd = _tijden(r.kolom("tijd"))
        middernacht = datum.notna() & (datum == datum.dt.normalize()) & tijd.notna()
        datum = datum.where(~middernacht, datum + tijd)
    r.zet(datum.isna().to_numpy() & ~datum_kapot & ~r.kapot_of_voet, "geen_datum")
    r.zet(datum_kapot & ~r.kapot_of_voet, "ongeldige_datum")
    vreemd = datum.notna() & ((datum > r.nu + pd.Timedelta(days=1)) | (datum < pd.Timestamp("2000-01-01")))
    r.zet(vreemd.to_numpy() & ~r.kapot_of_voet, "onwaarschijnlijke_datum")
    return datum


def _id_stap(r: _Lezing) -> tuple[pd.Series, np.ndarray | None]:
    """Meldingnummers as text (Excel's ``1000.0`` → ``1000``); a repeated number rejected.

    Returns the ids and (for the checks that follow) the same ids as a numpy string array, or None.
    """
    n = r.n
    if "id" not in r.mapping:
        return pd.Series(pd.NA, index=range(n), dtype="string"), None
    ids, tekst = _tekst_en_strings(r.kolom("id"))
    if tekst is None:
        tekst = _als_strings(ids)
    arr: np.ndarray | None = tekst
    punt_nul = np.strings.endswith(tekst, ".0")
    if punt_nul.any():   # Excel turns 1000 into 1000.0
        ids[punt_nul] = ids[punt_nul].str.replace(r"^(\d+)\.0$", r"\1", regex=True)
        arr = None
    waarden = pd.Series(ids.to_numpy(dtype=object, na_value=None), dtype=object)   # object: the fast hash table
    dubbel = (waarden.notna() & waarden.duplicated(keep="first")).to_numpy(dtype=bool) & ~r.kapot_of_voet
    if dubbel.any():
        pos = pd.Series(np.arange(1, n + 1))
        eerste = pos.groupby(ids.fillna("").to_numpy()).transform("min").to_numpy()
        r.zet(dubbel, "dubbel_id", np.array([f"zelfde als rij {e}" for e in eerste], dtype=object))
    return ids, arr


def _tekst_stap(r: _Lezing, ids: pd.Series, categorieen: Iterable[str] | None,
                ids_tekst: np.ndarray | None = None) -> dict[str, pd.Series]:
    """Ids, categories and status as text, HTML removed and formulas neutralised; 'geen categorie' filled in."""
    leeg = pd.Series(pd.NA, index=range(r.n), dtype="string")
    klaar: dict[str, tuple[pd.Series, np.ndarray, np.ndarray]] = {"id": _schoon(ids, ids_tekst)}
    categorie = leeg
    for std in ("categorie", "subcategorie", "status"):
        if std not in r.mapping:
            klaar[std] = (leeg, np.zeros(r.n, dtype=bool), np.zeros(r.n, dtype=bool))
            continue
        nodig = std == "categorie" and categorieen is not None   # the text before cleaning: to check categories
        tekst, schoon, m_html, m_formule = _tekst_kolom(r.kolom(std), met_tekst=nodig)
        klaar[std] = (schoon, m_html, m_formule)
        if nodig and tekst is not None:
            categorie = tekst
    if categorieen is not None:
        geldig = {str(c).strip().lower() for c in categorieen}
        onbekend = (~categorie.str.lower().isin(geldig)).fillna(True).to_numpy(dtype=bool) & ~r.kapot_of_voet
        r.zet(onbekend, "onbekende_categorie",
              np.array([f"'{v}'" if isinstance(v, str) else "leeg" for v in categorie.astype(object)], dtype=object))
    html, formule = np.zeros(r.n, dtype=bool), np.zeros(r.n, dtype=bool)
    for _, m_html, m_formule in klaar.values():
        html |= m_html
        formule |= m_formule
    r.aanpassingen.append((html, "html"))
    r.aanpassingen.append((formule, "formule"))
    uit = {k: v[0] for k, v in klaar.items()}
    if categorieen is None:
        r.aanpassingen.append((uit["categorie"].isna().to_numpy(dtype=bool), "geen_categorie"))
        uit["categorie"] = uit["categorie"].fillna(GEEN_CATEGORIE)
    return uit


def _afhandel_stap(r: _Lezing, datum: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The afhandeldatum (left empty when unreadable, before the melding or in the future) and days open."""
    n = r.n
    if "afgehandeld" in r.mapping:
        afgehandeld, afg_kapot = _datums(r.kolom("afgehandeld"))
        r.aanpassingen.append((afg_kapot, "afgehandeld_onleesbaar"))
        voor = (afgehandeld.dt.normalize() < datum.dt.normalize()).to_numpy() & afgehandeld.notna().to_numpy()
        toekomst = (afgehandeld > r.nu + pd.Timedelta(days=1)).to_numpy() & ~voor
        r.aanpassingen.append((voor, "afgehandeld_voor_melding"))
        r.aanpassingen.append((toekomst, "afgehandeld_toekomst"))
        afgehandeld = afgehandeld.where(~(voor | toekomst))
    else:
        afgehandeld = pd.Series(pd.NaT, index=range(n), dtype="datetime64[us]")
    if "dagen_open" in r.mapping:
        dagen_open = pd.Series(_getallen(r.kolom("dagen_open"))[0]).astype("Float64")
    else:
        dagen_open = pd.Series(np.nan, index=range(n)).astype("Float64")
    return afgehandeld, dagen_open


def _bewaar(out: pd.DataFrame, r: _Lezing, bewaar: Sequence[str] | None, keep: np.ndarray) -> None:
    for kol in bewaar or ():
        if kol not in r.tabel.columns:
            raise OngeldigeInvoer(f"bewaar: kolom {kol!r} staat niet in het bestand. Wel: {', '.join(r.namen)}.")
        if kol in out.columns:
            raise OngeldigeInvoer(f"bewaar: {kol!r} is al een standaardkolom; kies een andere naam.")
        out[kol] = r.tabel[kol].to_numpy(dtype=object)[keep]


def _punten(xs: np.ndarray, ys: np.ndarray) -> gpd.array.GeometryArray:
    """Points in RD (None where a row has no point); built from one coordinate array (faster than per x, y).

    Each shapely point is an object the cyclic garbage collector tracks: a million of them set off about 1,300
    collections, nine of them full ones over every object of the process (0,4 s of a 3,5 s import of 1,000,000
    rows). Points hold no references, so they can make no cycles: the collector pauses while they are made.
    """
    aan = gc.isenabled()
    gc.disable()
    try:
        punten = shapely.from_ragged_array(shapely.GeometryType.POINT, np.column_stack([xs, ys]))
    finally:
        if aan:
            gc.enable()
    leeg = np.isnan(xs)
    if leeg.any():   # area rows: no point
        punten[leeg] = None
    return gpd.array.from_shapely(punten, crs=RD)


def _afgewezen_tabel(r: _Lezing, afgewezen_mask: np.ndarray) -> pd.DataFrame:
    """Rejected rows with every reason (Dutch, with detail) and their original values."""
    rij = np.arange(1, r.n + 1)
    rej = np.nonzero(afgewezen_mask)[0]
    orig = r.tabel.iloc[rej].copy()
    orig = orig[[c for c in orig.columns if not str(c).startswith("_geometrie_type")]]
    orig = orig.rename(columns={"_geometrie_1": "geometrie_coordinaat_1", "_geometrie_2": "geometrie_coordinaat_2"})
    orig.columns = [f"{c}_origineel" if c in ("rij", "regel", "reden", "reden_code", "alle_redenen") else c
                    for c in orig.columns]
    teksten: list[list[str]] = [[] for _ in rej]
    codes: list[list[str]] = [[] for _ in rej]
    for code in [k for k in REDENEN if k in r.redenen]:
        mask, extra = r.redenen[code]
        for j in np.nonzero(mask[rej])[0]:
            detail = extra[rej[j]] if extra is not None else ""
            teksten[j].append(REDENEN[code] + (f" ({detail})" if detail else ""))
            codes[j].append(code)
    afgewezen = pd.DataFrame({
        "rij": rij[rej],
        "reden": [tk[0] for tk in teksten],
        "reden_code": [c[0] for c in codes],
        "alle_redenen": ["; ".join(tk) for tk in teksten],
    }, index=orig.index)
    if r.t.regels is not None and len(r.t.regels) == r.n:
        afgewezen.insert(1, "regel", np.asarray(r.t.regels)[rej])
    return pd.concat([afgewezen, orig], axis=1).reset_index(drop=True)


def _aanpassingen_tabel(aanpassingen: list[tuple[np.ndarray, str]], geaccepteerd: np.ndarray) -> pd.DataFrame:
    rijen_aanp, codes_aanp = [], []
    for mask, code in aanpassingen:
        sel = np.nonzero(np.asarray(mask, dtype=bool) & geaccepteerd)[0]
        rijen_aanp.append(sel + 1)
        codes_aanp.append(np.full(len(sel), code, dtype=object))
    aanp = pd.DataFrame({"rij": np.concatenate(rijen_aanp) if rijen_aanp else np.zeros(0, dtype=int),
                         "code": np.concatenate(codes_aanp) if codes_aanp else np.zeros(0, dtype=object)})
    aanp = aanp.sort_values(["rij", "code"], kind="stable").reset_index(drop=True)
    aanp["aanpassing"] = aanp.code.map(AANPASSINGEN)
    return aanp


def _zelfde_plek(meldingen: pd.DataFrame, xs: np.ndarray, ys: np.ndarray) -> list[str]:
    if not len(meldingen):
        return []
    punt = ~np.isnan(xs)
    # one integer per place (decimetres in RD: x < 2^22, y < 2^23 within the Netherlands) beside the time
    dm_x = np.where(punt, np.round(np.where(punt, xs, 0) * 10), -1).astype(np.int64)
    dm_y = np.where(punt, np.round(np.where(punt, ys, 0) * 10), -1).astype(np.int64)
    plek = (dm_x * (1 << 24) + dm_y)[punt]
    d = meldingen.datum.to_numpy().astype("datetime64[us]").view(np.int64)[punt]
    # one integer key per (place, time) that may collide but never misses a repeat; only the rows whose key
    # occurs more than once are compared exactly
    sleutel = plek * np.int64(1_000_003) + d
    gesorteerd = np.sort(sleutel)
    dubbel_sleutel = gesorteerd[1:][gesorteerd[1:] == gesorteerd[:-1]]
    kandidaat = np.isin(sleutel, dubbel_sleutel)
    zelfde = int(pd.DataFrame({"plek": plek[kandidaat], "d": d[kandidaat]}).duplicated().sum())
    if not zelfde:
        return []
    return [f"{getal(zelfde)} {'melding heeft' if zelfde == 1 else 'meldingen hebben'} dezelfde plek en "
            "hetzelfde tijdstip als een andere melding (in Signalen meestal één melding die over meer "
            "categorieën is verdeeld); ze tellen als aparte meldingen."]


def _gebiedskolom_herkennen(tabel: pd.DataFrame, namen: list[str], mapping: dict[str, str], gebieden: Any) -> list[str]:
    """An area column found by its values when no header named one (e.g. ``areaName`` holding kern names).

    A ``woonplaats`` column in a file without street or postcode is a kern, not part of an address.
    Changes ``mapping``; returns the Dutch sentences that say what was decided.
    """
    if any(k in mapping for k in GEBIED_KOLOMMEN):
        return []
    if "plaats" in mapping and not any(k in mapping for k in ("adres", "straat", "postcode")):
        mapping["kern"] = mapping.pop("plaats")
        return [f"Kolom {mapping['kern']!r} is gelezen als kern (woonplaats): het bestand heeft geen adressen."]
    if gebieden is None:
        return []
    from .gebieden import naamscore

    beste, score = None, 0.0
    for kol in namen:
        if kol in mapping.values() or str(kol).startswith("_geometrie"):
            continue
        s = naamscore(tabel[kol], gebieden)
        if s > score:
            beste, score = kol, s
    if beste is None or score < 0.5:
        return []
    mapping["kern"] = beste
    return [f"Kolom {beste!r} is herkend als gebiedskolom: {round(100 * score)} % van de waarden is de naam van een "
            "wijk, buurt of de gemeente."]


_TOEWIJZING = np.array(["punt", "geen", "gebiedsnaam", "gemeentebreed", "adres", "postcode", "postcode_gemeente"],
                       dtype=object)


def _toewijzing(aanpassingen: list[tuple[np.ndarray, str]], zonder_punt: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Per kept row how it was placed: ``punt``, ``gebiedsnaam``, ``adres``, ``postcode``, ``gemeentebreed`` or
    ``postcode_gemeente`` (offline, a postcode that points to no single buurt: counted for the gemeente only)."""
    soort = np.zeros(len(zonder_punt), dtype=np.int8)   # an index into _TOEWIJZING: one small array, one take
    soort[zonder_punt] = 1
    for mask, code in aanpassingen:
        wat = {"gebied_uit_kolom": 2, "gemeentebreed": 3, "geocodeerd": 4, "postcode": 5, "postcode_gemeente": 6}.get(code)
        if wat:
            soort[np.asarray(mask, dtype=bool)] = wat
    return _TOEWIJZING[soort[keep]]


def _gebied_opmerkingen(meldingen: pd.DataFrame, kolom: str, niveau: str, onbekend: list[str],
                        gemeente: str | None) -> list[str]:
    """Dutch notes on the rows placed through the area column."""
    opm = []
    n_geb = int((meldingen["toewijzing"] == "gebiedsnaam").sum())
    n_breed = int((meldingen["toewijzing"] == "gemeentebreed").sum())
    if n_geb:
        opm.append(
            f"{getal(n_geb)} {'melding heeft' if n_geb == 1 else 'meldingen hebben'} geen coördinaten maar wel een "
            f"gebiedsnaam (kolom {kolom!r}, meestal niveau {niveau}): ze tellen mee per gebied, maar niet in "
            "hotspots en dichtheidskaarten.")
    if n_breed:
        wie = f"'{gemeente}' (de gemeente zelf)" if gemeente else "de hele gemeente"
        opm.append(
            f"{getal(n_breed)} {'melding heeft' if n_breed == 1 else 'meldingen hebben'} als gebied {wie}, "
            "'gemeentebreed', 'onbekend' of niets: ze tellen mee voor de hele gemeente en worden niet "
            "toegewezen aan een buurt of wijk.")
    if onbekend:
        opm.append("Niet gevonden in de indeling: " + "; ".join(onbekend[:20]) + (" …" if len(onbekend) > 20 else "")
                   + ". Koppel zulke namen zelf met een koppeltabel (kolommen naam;code): "
                   + optie("koppeling='koppeling.csv'.", "--gebieden koppeling.csv."))
    return opm


def _adres_aanwezig(tabel: pd.DataFrame, mapping: Mapping[str, str]) -> np.ndarray:
    heeft = np.zeros(len(tabel), dtype=bool)
    for k in ADRES_KOLOMMEN:
        if k in mapping and k != "plaats":
            heeft |= ~_leeg(tabel[mapping[k]])
    return heeft


# ---------------------------------------------------------------------------------------------
# the embedded Assen data

ASSEN_VOLLEDIG_VANAF = "2026-05-18"


def assen_meldingen(afgehandeld: bool = False, gemeente_grens: GemeenteGrens = None) -> MeldingenImport:
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
    from ..embedded import meldingen_bestand

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
    imp.volledig_vanaf = ASSEN_VOLLEDIG_VANAF
    imp.opmerkingen.append(
        "De gegevens zijn dagelijks van de openbare Signalen-kaart geschraapt, vanaf 18 mei 2026. Meldingen "
        "van vóór 18 mei 2026 staan er alleen in als ze toen nog openstonden: tel trends en vergelijkingen "
        "pas vanaf 18 mei 2026.")
    imp.opmerkingen.append(
        "Het veld 'wijk' in het bronbestand mengt Signalen-wijknamen met CBS-wijken, ook van buurgemeenten; "
        "koppel buurt en wijk daarom met koppel_gebieden (punt-in-vlak).")
    return imp
