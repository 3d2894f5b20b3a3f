"""Which column holds what: header names of every MOR system, compared after folding.

Headers are compared after folding accents, case, punctuation and units, so ``X-coördinaat``,
``x_coordinaat``, ``Latitude (WGS84)`` and ``LAT [graden]`` all find their standard column.
:func:`kopregel_score` says how much a row looks like a header row (used to find the header
below title rows in spreadsheets and CSV files).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping

import pandas as pd

from ...errors import OngeldigeInvoer
from .waarden import factoren

#: Standard column → accepted synonyms (compared after :func:`_norm`). The first synonym present wins.
KOLOMMEN: dict[str, tuple[str, ...]] = {
    "id": ("id", "meldingnummer", "meldingsnummer", "melding_id", "signal_id", "nummer", "zaaknummer",
           "objectid", "meldnummer", "incidentnummer", "registratienummer", "kenmerk", "melding nr", "nr"),
    "datum": ("datum", "datummelding", "created_at", "createdat", "datum_melding", "meldingsdatum",
              "gemeld_op", "aangemaakt", "aangemaakt op", "datum aangemaakt", "aanmelddatum", "datum gemeld",
              "registratiedatum", "datum registratie", "ontvangen op", "datum ontvangst", "creatiedatum",
              "datum tijd melding", "date", "created", "datetime", "tijdstip", "registrdat",
              "datum registratie melding", "reported at", "reportedat", "melddatum"),
    "tijd": ("tijdstipmelding", "tijd", "tijdmelding", "tijd melding", "time"),
    "categorie": ("categorie", "hoofdcategorie", "category", "main_category", "maincategory",
                  "category.main", "category.parent.name", "categorie_hoofd", "hoofdonderwerp", "meldingssoort",
                  "soort melding", "type melding", "probleemsoort", "classificatie", "thema", "niveau1", "niveau 1",
                  "categorie niveau 1"),
    "subcategorie": ("subcategorie", "subcategory", "sub_category", "category.sub", "category.name", "onderwerp",
                     "onderwerp.omschrijving", "subonderwerp", "deelonderwerp", "soort", "niveau2", "niveau 2",
                     "categorie niveau 2", "sub category"),
    "x": ("x", "x_rd", "rd_x", "xcoordinaat", "x_coordinaat", "locatie.x", "coordinaat_x", "xcoord", "coordx",
          "rdx", "x rd new"),
    "y": ("y", "y_rd", "rd_y", "ycoordinaat", "y_coordinaat", "locatie.y", "coordinaat_y", "ycoord", "coordy",
          "rdy", "y rd new"),
    "lat": ("lat", "latitude", "breedtegraad", "locatie.lat", "location.lat", "geo_lat", "wgs84_lat"),
    "lon": ("lon", "lng", "long", "longitude", "lengtegraad", "locatie.lon", "locatie.lng", "location.lng",
            "location.lon", "geo_lon", "geo_lng", "wgs84_lon"),
    "status": ("status", "externestatus", "status.state_display", "state", "status.state", "status_naam",
               "statusnaam"),
    "afgehandeld": ("afgehandeld", "datumafgerond", "datum_afgehandeld", "afhandeldatum", "afgehandeld op",
                    "datum gereed", "gereed op", "datum afgesloten", "afgesloten op", "einddatum",
                    "resolved_date", "resolved_at", "closed_at", "datumafgehandeld", "afgerond", "afgerondop",
                    "afgerond op", "closedat", "resolvedat"),
    "dagen_open": ("days_open", "doorlooptijddagen", "doorlooptijd", "dagen_open"),
    # areas (used when a row has no coordinates; matched to the indeling)
    "buurt": ("buurtcode", "buurt", "buurtnaam", "location.buurt_code", "cbs buurt", "neighbourhood",
              "neighborhood", "neighbourhood name", "neighborhood name", "neighbourhood code", "buurt naam"),
    "wijk": ("wijkcode", "wijk", "wijknaam", "cbs wijk", "district", "district name", "district code", "wijk naam"),
    "stadsdeel": ("stadsdeel", "location.stadsdeel", "gebied", "gebiedsnaam", "deelgebied", "stadsdeelnaam",
                  "area", "area name", "areaname", "area code", "region", "region name", "borough", "zone",
                  "gebiedscode", "werkgebied"),
    "kern": ("kern", "dorp", "dorpskern", "woonkern", "kernnaam", "town", "village", "settlement", "kern naam"),
    # addresses (geocoded with the PDOK Locatieserver when a file has no coordinates)
    "adres": ("adres", "address", "locatie", "location.address_text", "adres melding", "locatieomschrijving"),
    "straat": ("straat", "straatnaam", "openbare ruimte", "openbareruimte", "street"),
    "huisnummer": ("huisnummer", "huisnr", "nummeraanduiding", "house_number"),
    "toevoeging": ("toevoeging", "huisletter", "huisnummertoevoeging"),
    "postcode": ("postcode", "zipcode", "postal_code"),
    "plaats": ("woonplaats", "plaats", "plaatsnaam", "city"),
}

GEBIED_KOLOMMEN = ("buurt", "wijk", "stadsdeel", "kern")
ADRES_KOLOMMEN = ("adres", "straat", "huisnummer", "toevoeging", "postcode", "plaats")
#: columns that make a header row recognisable (areas and address parts are too common in titles)
_KERN = ("id", "datum", "categorie", "subcategorie", "x", "y", "lat", "lon", "status", "afgehandeld")

#: units and reference systems written in headers: ``Latitude (WGS84)``, ``X [m]``, ``x_rd_new``
_EENHEID = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_EENHEID_WOORD = re.compile(r"(wgs84|wgs|epsg\d+|rdnew|rd|graden|meters|meter|decimaal)$")


@functools.lru_cache(maxsize=4096)
def _vouw_tekst(name: str) -> str:
    s = unicodedata.normalize("NFKD", name.replace("\ufeff", ""))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def _vouw(name: object) -> str:
    """Lower case without accents; ``Coördinaat`` → ``coordinaat``."""
    return _vouw_tekst(str(name))


@functools.lru_cache(maxsize=4096)
def _norm_tekst(name: str) -> str:
    return re.sub(r"[\W_]+", "", _EENHEID.sub("", _vouw_tekst(name)))


def _norm(name: object) -> str:
    """Header folded for comparison: no accents, case, units in brackets, spaces or punctuation."""
    return _norm_tekst(str(name))


def _norm_zonder_eenheid(name: object) -> str:
    """:func:`_norm` without a trailing unit word (``lat_wgs84`` → ``lat``, ``x_rd`` stays ``xrd`` first)."""
    n = _norm(name)
    kort = _EENHEID_WOORD.sub("", n)
    return kort or n


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
    >>> kolomtoewijzing(["datumMelding", "hoofdcategorie", "Latitude (WGS84)", "LNG"])
    {'datum': 'datumMelding', 'categorie': 'hoofdcategorie', 'lat': 'Latitude (WGS84)', 'lon': 'LNG'}
    >>> kolomtoewijzing(["Meldingnummer", "X-coördinaat", "Y-coördinaat"])
    {'id': 'Meldingnummer', 'x': 'X-coördinaat', 'y': 'Y-coördinaat'}
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
    per_kort: dict[str, str] = {}
    for k in namen:
        per_norm.setdefault(_norm(k), k)
    for k in namen:
        per_kort.setdefault(_norm_zonder_eenheid(k), k)
    out: dict[str, str] = {}
    gebruikt = set(kolommen.values())
    for std, synoniemen in KOLOMMEN.items():
        if std in kolommen:
            out[std] = kolommen[std]
            continue
        for zoek in (per_norm, per_kort):
            gevonden: str | None = next((zoek[_norm(s)] for s in synoniemen
                        if _norm(s) in zoek and zoek[_norm(s)] not in gebruikt
                        and zoek[_norm(s)] not in out.values()), None)
            if gevonden is not None:
                out[std] = gevonden
                break
    return out


def kopregel_score(cellen: Iterable[object]) -> int:
    """How many different core standard columns a row of cells names (0: not a header row).

    Example
    -------
    >>> kopregel_score(["Meldingen openbare ruimte 2025", None, None])
    0
    >>> kopregel_score(["Nummer", "Datum melding", "Categorie", "X-coördinaat", "Y-coördinaat"])
    5
    """
    tekst = [str(c) for c in cellen if isinstance(c, str) and c.strip()]
    if not tekst:
        return 0
    gevonden = kolomtoewijzing(dict.fromkeys(tekst))
    return sum(1 for k in gevonden if k in _KERN)


#: at most this many distinct values for a column to be the main category (a subcategory has more)
MAX_CATEGORIEEN = 40


def kies_categorie(tabel: pd.DataFrame, mapping: dict[str, str]) -> str | None:
    """Decide which column is the category and which the subcategory, from names **and** values.

    The column with fewer distinct values is the category; a single category-like column (even one
    whose name looks like a subcategory, such as ``categoryName``) with at most
    :data:`MAX_CATEGORIEEN` distinct values is the category. Changes ``mapping`` and returns a Dutch
    sentence saying which columns are used for what (None without any category column).

    Example
    -------
    >>> m = {"subcategorie": "categoryName"}
    >>> print(kies_categorie(pd.DataFrame({"categoryName": ["Afval", "Groen", "Afval"]}), m)[:60])
    Categorie uit kolom 'categoryName' (2 verschillende waarden;
    >>> m
    {'categorie': 'categoryName'}
    """
    cat, sub = mapping.get("categorie"), mapping.get("subcategorie")
    if not cat and not sub:
        return None

    geteld: dict[str, int] = {}

    def soorten(kol: str | None) -> int:
        if kol is None:
            return 0
        if kol not in geteld:   # counted once per column
            kolom = tabel[kol]   # a text column: its factorisation is reused when it is cleaned per value
            geteld[kol] = len(factoren(kolom.to_numpy())[1]) if kolom.dtype == object else int(kolom.nunique(dropna=True))
        return geteld[kol]

    extra = ""
    if cat and sub and soorten(sub) < soorten(cat):
        mapping["categorie"], mapping["subcategorie"] = sub, cat
        extra = "; de kolommen zijn omgewisseld: de kolom met de minste verschillende waarden is de categorie"
    elif sub and not cat and soorten(sub) <= MAX_CATEGORIEEN:
        mapping["categorie"] = mapping.pop("subcategorie")
        extra = "; de naam leek op een subcategorie, de waarden niet"
    cat, sub = mapping.get("categorie"), mapping.get("subcategorie")
    if not cat:
        return (f"Geen categoriekolom: kolom {sub!r} heeft {soorten(sub)} verschillende waarden en is als subcategorie "
                "gelezen; elke melding krijgt 'geen categorie'.")
    zin = f"Categorie uit kolom {cat!r} ({soorten(cat)} verschillende waarden{extra})"
    return zin + (f"; subcategorie uit kolom {sub!r} ({soorten(sub)})." if sub else "; geen subcategorie.")
