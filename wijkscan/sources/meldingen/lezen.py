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

import functools
import gzip
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ...errors import OngeldigeInvoer, WijkscanFout
from ...nlformat import getal
from .coordinaten import RD, _coordinaten, _getallen, _grens
from .datums import _datums, _tijden
from .formaten import lees_bron
from .gebieden import lees_koppeling
from .kolommen import ADRES_KOLOMMEN, GEBIED_KOLOMMEN, _vouw, kies_categorie, kolomtoewijzing
from .resultaat import AANPASSINGEN, GEEN_CATEGORIE, REDENEN, MeldingenImport
from .teksten import optie
from .vormen import tekstpunten
from .waarden import _is_str, _leeg, _strings, vergeet, weinig_waarden

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
    t = s.astype(object)
    if weinig_waarden(t.to_numpy(dtype=object)):
        codes, uniek = pd.factorize(t.to_numpy(dtype=object), use_na_sentinel=True)
        if len(uniek) <= len(t) // 4:
            u = _tekst(pd.Series(uniek, dtype=object)).to_numpy(dtype=object)
            vals = np.where(codes >= 0, u[np.maximum(codes, 0)], None)
            return pd.Series(pd.array(np.where(pd.isna(vals), None, vals), dtype="string"))
    is_str = _is_str(t)
    arr = _strings(t, is_str, gestript=True)
    anders = ~is_str & t.notna().to_numpy(dtype=bool)
    if anders.any():   # numbers and dates from spreadsheets
        arr[anders] = np.array([str(v).strip() for v in t[anders]], dtype=arr.dtype)
    leeg = np.strings.str_len(arr) == 0
    if is_str.all() and (np.strings.str_len(arr) == np.strings.str_len(_strings(t, is_str))).all():
        vals = t.to_numpy(dtype=object).copy()     # nothing to strip: keep the Python strings as they are
    else:
        vals = arr.astype(object)
    vals[leeg] = None
    return pd.Series(pd.array(vals, dtype="string"))


_HTML = re.compile(r"</?[A-Za-z!][^<>]*>?")


def _zonder_html(s: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """HTML tags removed from texts (``<img src=x onerror=…>`` in a category); returns (texts, changed mask).

    Example
    -------
    >>> t, m = _zonder_html(pd.Series(["Afval <img src=x onerror=alert(1)>", "a < b", None], dtype="string"))
    >>> t.tolist(), m.tolist()
    (['Afval', 'a < b', <NA>], [True, False, False])
    """
    heeft = s.str.contains(_HTML).fillna(False).to_numpy(dtype=bool)
    if not heeft.any():
        return s, heeft
    s = s.copy()
    schoon = s[heeft].str.replace(_HTML, "", regex=True).str.strip()
    s[heeft] = schoon.where(schoon != "", pd.NA)
    return s, heeft


def _onschadelijk(s: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Texts a spreadsheet would run as a formula get a leading ``'``; returns (texts, changed mask)."""
    arr = np.array(s.fillna("").to_numpy(dtype=object), dtype=np.dtypes.StringDType())
    m = np.isin(arr.astype("U1"), list("=+-@\t\r"))   # the first character only
    if m.any():
        m[np.nonzero(m)[0]] = [not _GETAL.match(v) for v in arr[m].tolist()]
    if m.any():
        s = s.copy()
        s[m] = "'" + s[m]
    return s, m


def _vergeet_daarna(f: Any) -> Any:
    """Clear the per-import column cache when the reader returns or fails."""
    @functools.wraps(f)
    def lezer(*args: Any, **kwargs: Any) -> MeldingenImport:
        try:
            return f(*args, **kwargs)
        finally:
            vergeet()
    return lezer


@_vergeet_daarna
def lees_meldingen(
    bron: str | Any,
    kolommen: Mapping[str, str] | None = None,
    gemeente_grens: Any = None,
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
    gebieden: Any = None,
    geocodeer: bool | None = None,
    voortgang: bool = True,
    koppeling: Any = None,
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
        t = lees_bron(bron, formaat, blad, scheiding, codering)
    except WijkscanFout:
        raise
    except (MemoryError, KeyboardInterrupt):
        raise
    except Exception as e:  # any reader error on a damaged file becomes one Dutch sentence
        naam = getattr(bron, "name", None) or str(bron)[:80]
        raise OngeldigeInvoer(
            f"Het bestand {naam} is niet te lezen ({type(e).__name__}). Is het beschadigd, onvolledig of van een "
            "andere soort dan de extensie zegt? Exporteer het opnieuw, of geef formaat=, scheiding= of codering= op."
        ) from e
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
    if gebieden is None and hasattr(gemeente_grens, "gebieden"):
        gebieden = gemeente_grens
    opm_kolommen = [f"Punten uit de tekstkolom {punt_kolom!r}."] if punt_kolom else []
    opm_kolommen += _gebiedskolom_herkennen(tabel, namen, mapping, gebieden)
    cat_zin = kies_categorie(tabel, mapping)
    if cat_zin:
        opm_kolommen.append(cat_zin)
    heeft_geom = "_geometrie_1" in tabel.columns
    voet = _voetregels(tabel, namen) if n and namen else np.zeros(n, dtype=bool)
    kapot_mask = (kapot != "") & ~voet

    # ---- coordinates
    paren: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]] = []
    geen_punt = np.zeros(n, dtype=bool)
    if heeft_geom:
        a, ia = _getallen(tabel["_geometrie_1"])
        b, ib = _getallen(tabel["_geometrie_2"])
        soort = tabel["_geometrie_type"].astype(str).to_numpy()
        geen_punt = (soort != "Point") & (soort != "leeg") & (soort != "None") & (soort != "nan")
        stelsel = t.stelsel
        if stelsel is None:   # no crs: metres or degrees, by the numbers
            stelsel = "rd" if np.nanmedian(np.abs(np.where(np.isnan(a), np.nan, a))) > 1000 else "wgs84" \
                if (~np.isnan(a)).any() else "wgs84"
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

    # reasons: code → (mask, optional detail per row)
    redenen: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}

    def zet(mask: np.ndarray, code: str, extra: np.ndarray | Sequence[str] | None = None) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        if code in redenen:
            oud, oud_extra = redenen[code]
            mask = oud | mask
        redenen[code] = (mask, None if extra is None else np.asarray(extra, dtype=object))

    zet(voet, "voetregel")
    zet(kapot_mask, "kapotte_regel", kapot)
    kapot_of_voet = voet | kapot_mask
    aanpassingen: list[tuple[np.ndarray, str]] = []

    # ---- rows without coordinates: area column, then address
    geen = (coord_reden == "geen_coordinaten") & ~kapot_of_voet
    gebied_code = np.full(n, None, dtype=object)
    gebied_ouder = np.full(n, None, dtype=object)
    gebied_niveau = None
    onbekende_gebieden: list[str] = []
    gebied_detail = None
    if gebied_kol and gebieden is not None and geen.any():
        from .gebieden import koppel_gebiedsnamen

        res = koppel_gebiedsnamen(tabel[mapping[gebied_kol]], gebieden, gebied_kol, rijen=geen,
                                  koppeling=lees_koppeling(koppeling) if koppeling is not None else None)
        gebied_code, gebied_ouder, gebied_niveau = res.codes, res.ouders, res.niveau
        gevonden = geen & pd.notna(gebied_code)
        coord_reden[gevonden] = ""
        breed = gevonden & res.gemeentebreed
        aanpassingen.append((gevonden & ~breed, "gebied_uit_kolom"))
        aanpassingen.append((breed, "gemeentebreed"))
        aanpassingen.append((gevonden & res.fuzzy, "gebied_fuzzy"))
        niet = geen & ~gevonden & ~_leeg(tabel[mapping[gebied_kol]])
        coord_reden[niet] = "gebied_onbekend"
        gebied_detail = np.array([f"'{v}'" for v in tabel[mapping[gebied_kol]].astype(str)], dtype=object)
        onbekende_gebieden = [f"'{u}'" + (f" (lijkt op {', '.join(res.suggesties[u])})" if res.suggesties.get(u) else "")
                              for u in res.onbekend]
        geen = geen & ~gevonden & ~niet
    if adres and geen.any() and (geocodeer or (geocodeer is None and not paren)):
        from .adressen import geocodeer_adressen

        code = str(getattr(gemeente_grens, "code", "") or "")
        gemeentecode = code[2:] if code.upper().startswith("GM") and code[2:].isdigit() else None
        gx, gy, gevonden = geocodeer_adressen(tabel, mapping, geen, gemeentecode=gemeentecode, voortgang=voortgang)
        x[gevonden], y[gevonden] = gx[gevonden], gy[gevonden]
        coord_reden[gevonden] = ""
        aanpassingen.append((gevonden, "geocodeerd"))
        met_adres = geen & ~gevonden & _adres_aanwezig(tabel, mapping)
        coord_reden[met_adres] = "adres_niet_gevonden"

    for code in ("geen_coordinaten", "ongeldige_coordinaten", "geen_punt", "buiten_nederland", "verwisseld",
                 "adres_niet_gevonden"):
        zet((coord_reden == code) & ~kapot_of_voet, code)
    if gebied_detail is not None:
        zet((coord_reden == "gebied_onbekend") & ~kapot_of_voet, "gebied_onbekend", gebied_detail)

    grens = _grens(gemeente_grens, grens_marge)
    if grens is not None:
        ok = (coord_reden == "") & ~np.isnan(x)
        buiten = np.zeros(n, dtype=bool)
        buiten[ok] = ~shapely.intersects_xy(grens, x[ok], y[ok])
        zet(buiten & ~kapot_of_voet, "buiten_gemeente")

    # ---- dates
    datum, datum_kapot = _datums(tabel[mapping["datum"]])
    if "tijd" in mapping:
        tijd = _tijden(tabel[mapping["tijd"]])
        middernacht = datum.notna() & (datum == datum.dt.normalize()) & tijd.notna()
        datum = datum.where(~middernacht, datum + tijd)
    datum_leeg = datum.isna().to_numpy() & ~datum_kapot
    zet(datum_leeg & ~kapot_of_voet, "geen_datum")
    zet(datum_kapot & ~kapot_of_voet, "ongeldige_datum")
    nu = pd.Timestamp.now(tz="Europe/Amsterdam").tz_localize(None)
    vreemd = datum.notna() & ((datum > nu + pd.Timedelta(days=1)) | (datum < pd.Timestamp("2000-01-01")))
    zet(vreemd.to_numpy() & ~kapot_of_voet, "onwaarschijnlijke_datum")

    # ---- id
    if "id" in mapping:
        ids = _tekst(tabel[mapping["id"]])
        punt_nul = np.strings.endswith(np.array(ids.fillna("").to_numpy(dtype=object),
                                                dtype=np.dtypes.StringDType()), ".0")
        if punt_nul.any():   # Excel turns 1000 into 1000.0
            ids[punt_nul] = ids[punt_nul].str.replace(r"^(\d+)\.0$", r"\1", regex=True)
        dubbel = (ids.notna() & ids.duplicated(keep="first")).to_numpy(dtype=bool) & ~kapot_of_voet
        if dubbel.any():
            pos = pd.Series(np.arange(1, n + 1))
            eerste = pos.groupby(ids.fillna("").to_numpy()).transform("min").to_numpy()
            extra = np.array([f"zelfde als rij {e}" for e in eerste], dtype=object)
            zet(dubbel, "dubbel_id", extra)
    else:
        ids = pd.Series(pd.NA, index=range(n), dtype="string")

    # ---- categories and status (as text; formulas neutralised)
    def tekst_kolom(std: str) -> pd.Series:
        if std not in mapping:
            return pd.Series(pd.NA, index=range(n), dtype="string")
        return _tekst(tabel[mapping[std]])

    categorie = tekst_kolom("categorie")
    subcategorie = tekst_kolom("subcategorie")
    status = tekst_kolom("status")
    if categorieen is not None:
        geldig = {str(c).strip().lower() for c in categorieen}
        onbekend = (~categorie.str.lower().isin(geldig)).fillna(True).to_numpy(dtype=bool) & ~kapot_of_voet
        zet(onbekend, "onbekende_categorie",
            np.array([f"'{v}'" if isinstance(v, str) else "leeg" for v in categorie.astype(object)], dtype=object))
    ids, html_id = _zonder_html(ids)
    categorie, html_cat = _zonder_html(categorie)
    subcategorie, html_sub = _zonder_html(subcategorie)
    status, html_status = _zonder_html(status)
    aanpassingen.append((html_id | html_cat | html_sub | html_status, "html"))
    formule = np.zeros(n, dtype=bool)
    ids, m = _onschadelijk(ids)
    formule |= m
    categorie, m = _onschadelijk(categorie)
    formule |= m
    subcategorie, m = _onschadelijk(subcategorie)
    formule |= m
    status, m = _onschadelijk(status)
    formule |= m
    aanpassingen.append((formule, "formule"))

    # ---- closing date
    aanpassingen.insert(0, (coord_aanp == "latlon_verwisseld", "latlon_verwisseld"))
    aanpassingen.insert(1, (coord_aanp == "xy_verwisseld", "xy_verwisseld"))
    aanpassingen.insert(2, (coord_aanp == "rd_in_latlon", "rd_in_latlon"))
    aanpassingen.insert(3, (coord_aanp == "wgs_in_xy", "wgs_in_xy"))
    if "afgehandeld" in mapping:
        afgehandeld, afg_kapot = _datums(tabel[mapping["afgehandeld"]])
        aanpassingen.append((afg_kapot, "afgehandeld_onleesbaar"))
        voor = (afgehandeld.dt.normalize() < datum.dt.normalize()).to_numpy() & afgehandeld.notna().to_numpy()
        toekomst = (afgehandeld > nu + pd.Timedelta(days=1)).to_numpy() & ~voor
        aanpassingen.append((voor, "afgehandeld_voor_melding"))
        aanpassingen.append((toekomst, "afgehandeld_toekomst"))
        afgehandeld = afgehandeld.where(~(voor | toekomst))
    else:
        afgehandeld = pd.Series(pd.NaT, index=range(n), dtype="datetime64[us]")
    if "dagen_open" in mapping:
        dagen_open = pd.Series(_getallen(tabel[mapping["dagen_open"]])[0]).astype("Float64")
    else:
        dagen_open = pd.Series(np.nan, index=range(n)).astype("Float64")

    # ---- split
    afgewezen_mask = np.zeros(n, dtype=bool)
    for mask, _ in redenen.values():
        afgewezen_mask |= mask
    geaccepteerd = ~afgewezen_mask
    if categorieen is None:
        leeg_cat = categorie.isna().to_numpy(dtype=bool)
        aanpassingen.append((leeg_cat, "geen_categorie"))
        categorie = categorie.fillna(GEEN_CATEGORIE)

    keep = np.nonzero(geaccepteerd)[0]
    rij = np.arange(1, n + 1)
    out = pd.DataFrame({
        "id": ids.to_numpy(dtype=object)[keep],
        "datum": datum.to_numpy()[keep],
        "categorie": categorie.to_numpy(dtype=object)[keep],
        "subcategorie": subcategorie.to_numpy(dtype=object)[keep],
        "status": status.to_numpy(dtype=object)[keep],
        "afgehandeld": afgehandeld.to_numpy()[keep],
        "dagen_open": dagen_open.to_numpy()[keep],
        "rij": rij[keep],
    })
    for k in ("id", "categorie", "subcategorie", "status"):
        out[k] = out[k].astype("string")
    out["dagen_open"] = out["dagen_open"].astype("Float64")
    if gebied_niveau is not None:
        out["gebied_code"] = pd.array(gebied_code[keep], dtype="string")
        out["gebied_ouder"] = pd.array(gebied_ouder[keep], dtype="string")
    out["toewijzing"] = _toewijzing(aanpassingen, np.isnan(x), n)[keep]
    for kol in bewaar or ():
        if kol not in tabel.columns:
            raise OngeldigeInvoer(f"bewaar: kolom {kol!r} staat niet in het bestand. Wel: {', '.join(namen)}.")
        if kol in out.columns:
            raise OngeldigeInvoer(f"bewaar: {kol!r} is al een standaardkolom; kies een andere naam.")
        out[kol] = tabel[kol].to_numpy(dtype=object)[keep]
    xs, ys = x[keep], y[keep]
    punten = gpd.points_from_xy(xs, ys)
    if np.isnan(xs).any():   # area rows: no point
        arr = np.asarray(punten, dtype=object)
        arr[np.isnan(xs)] = None
        punten = gpd.array.from_shapely(arr)
    meldingen = gpd.GeoDataFrame(out, geometry=punten, crs=RD)

    # ---- rejected rows with original values
    rej = np.nonzero(afgewezen_mask)[0]
    orig = tabel.iloc[rej].copy()
    orig = orig[[c for c in orig.columns if not str(c).startswith("_geometrie_type")]]
    orig = orig.rename(columns={"_geometrie_1": "geometrie_coordinaat_1", "_geometrie_2": "geometrie_coordinaat_2"})
    orig.columns = [f"{c}_origineel" if c in ("rij", "regel", "reden", "reden_code", "alle_redenen") else c
                    for c in orig.columns]
    volgorde = [k for k in REDENEN if k in redenen]
    teksten: list[list[str]] = [[] for _ in rej]
    codes: list[list[str]] = [[] for _ in rej]
    for code in volgorde:
        mask, extra = redenen[code]
        for j in np.nonzero(mask[rej])[0]:
            i = rej[j]
            detail = extra[i] if extra is not None else ""
            teksten[j].append(REDENEN[code] + (f" ({detail})" if detail else ""))
            codes[j].append(code)
    afgewezen = pd.DataFrame({
        "rij": rij[rej],
        "reden": [tk[0] for tk in teksten],
        "reden_code": [c[0] for c in codes],
        "alle_redenen": ["; ".join(tk) for tk in teksten],
    }, index=orig.index)
    if t.regels is not None and len(t.regels) == n:
        afgewezen.insert(1, "regel", np.asarray(t.regels)[rej])
    afgewezen = pd.concat([afgewezen, orig], axis=1).reset_index(drop=True)

    rijen_aanp, codes_aanp = [], []
    for mask, code in aanpassingen:
        sel = np.nonzero(np.asarray(mask, dtype=bool) & geaccepteerd)[0]
        rijen_aanp.append(sel + 1)
        codes_aanp.append(np.full(len(sel), code, dtype=object))
    aanp = pd.DataFrame({"rij": np.concatenate(rijen_aanp) if rijen_aanp else np.zeros(0, dtype=int),
                         "code": np.concatenate(codes_aanp) if codes_aanp else np.zeros(0, dtype=object)})
    aanp = aanp.sort_values(["rij", "code"], kind="stable").reset_index(drop=True)
    aanp["aanpassing"] = aanp.code.map(AANPASSINGEN)

    # ---- notes
    opm: list[str] = []
    if len(meldingen):
        xy = pd.DataFrame({"x": np.round(xs, 1), "y": np.round(ys, 1), "d": meldingen.datum.to_numpy()})
        zelfde = int((xy.duplicated() & ~np.isnan(xs)).sum())
        if zelfde:
            opm.append(
                f"{getal(zelfde)} {'melding heeft' if zelfde == 1 else 'meldingen hebben'} dezelfde plek en "
                "hetzelfde tijdstip als een andere melding (in Signalen meestal één melding die over meer "
                "categorieën is verdeeld); ze tellen als aparte meldingen.")
    opm = opm_kolommen + opm
    if gebied_niveau is not None:
        meldingen.attrs["gebied_niveau"] = gebied_niveau
        opm += _gebied_opmerkingen(meldingen, mapping[gebied_kol], gebied_niveau, onbekende_gebieden,
                                   None if isinstance(gebieden, pd.DataFrame) else getattr(gebieden, "naam", None))
    if afhandeldatum_afgeleid:
        meldingen.attrs["afhandeldatum_afgeleid"] = True
        opm.append("De afhandeldatum is afgeleid, geen officiële afhandeldatum.")
    meldingen.attrs["bron"] = t.naam
    imp = MeldingenImport(meldingen=meldingen, afgewezen=afgewezen, aanpassingen=aanp, invoer_rijen=n,
                          bron=t.naam, formaat=t.formaat, kolommen=mapping, opmerkingen=opm)
    imp.inlezen = {k: v for k, v in (("blad", t.blad), ("scheidingsteken", t.scheiding), ("codering", t.codering),
                                     ("kopregel", t.kopregel)) if v is not None}
    return imp


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


def _toewijzing(aanpassingen: list[tuple[np.ndarray, str]], zonder_punt: np.ndarray, n: int) -> np.ndarray:
    """Per row how it was placed: ``punt``, ``gebiedsnaam``, ``adres`` or ``gemeentebreed``."""
    out = np.where(zonder_punt, "geen", "punt").astype(object)
    for mask, code in aanpassingen:
        wat = {"gebied_uit_kolom": "gebiedsnaam", "gemeentebreed": "gemeentebreed", "geocodeerd": "adres"}.get(code)
        if wat:
            out[np.asarray(mask, dtype=bool)] = wat
    return out


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
            "'gemeentebreed', 'onbekend' of niets: ze tellen mee voor de hele gemeente, in geen wijk of buurt.")
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
    imp.meldingen.attrs["volledig_vanaf"] = ASSEN_VOLLEDIG_VANAF
    imp.opmerkingen.append(
        "De gegevens zijn dagelijks van de openbare Signalen-kaart geschraapt, vanaf 18 mei 2026. Meldingen "
        "van vóór 18 mei 2026 staan er alleen in als ze toen nog openstonden: tel trends en vergelijkingen "
        "pas vanaf 18 mei 2026.")
    imp.opmerkingen.append(
        "Het veld 'wijk' in het bronbestand mengt Signalen-wijknamen met CBS-wijken, ook van buurgemeenten; "
        "koppel buurt en wijk daarom met koppel_gebieden (punt-in-vlak).")
    return imp
