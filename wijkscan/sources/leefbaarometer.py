"""Leefbaarometer 3.0 scores per buurt (ministerie van BZK; open data, CC0).

The Leefbaarometer publishes per buurt, every two years, the overall score and five dimensions
(woningvoorraad ``won``, fysieke omgeving ``fys``, voorzieningen ``vrz``, sociale samenhang
``soc``, overlast en onveiligheid ``onv``), each as a deviation from the national average
(``afw`` for the total) and as a class 1–9 (``kscore``, ``kfys`` …; 1 = zeer onvoldoende,
9 = uitstekend). wijkscan reads them from the Leefbaarometer's own WFS
(``https://geo.leefbaarometer.nl/lbm3/ows``, layer ``lbm3:buurtscore<jj>``, GeoJSON; fields
``id`` = buurtcode, ``name``, ``gemeente``, ``year``), one gemeente at a time (``CQL_FILTER`` on
the buurtcode), paged with ``count``/``startIndex``; or from a downloaded CSV with
:func:`lees_leefbaarometer`.

The layer names and fields are as documented by public users of the live service (see
``docs/aandachtsgebieden.md``); they were not checked against the live service from the build
machine. Prefer the downloaded CSV when the WFS changes.

Example
-------
>>> from wijkscan.sources.leefbaarometer import leefbaarometer
>>> lbm = leefbaarometer("Voorschoten", jaar=2024)      # doctest: +SKIP
>>> lbm.columns.tolist()[:5]                              # doctest: +SKIP
['code', 'naam', 'jaar', 'klasse', 'afwijking']
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import requests

from ..errors import GeenVerbinding, OngeldigAntwoord, OngeldigeInvoer
from ..settings import settings
from . import _cache, _http
from .gemeenten import gemeente_code

#: The Leefbaarometer WFS (GeoServer). Tests point this at a local replay.
URL = "https://geo.leefbaarometer.nl/lbm3/ows"
PAGINA = 1000
MAX_PAGINAS = 100

#: WFS field -> column of :func:`leefbaarometer`.
VELDEN = {"kscore": "klasse", "afw": "afwijking", "won": "woningvoorraad", "fys": "fysieke_omgeving",
          "vrz": "voorzieningen", "soc": "sociale_samenhang", "onv": "overlast_onveiligheid",
          "kwon": "klasse_woningvoorraad", "kfys": "klasse_fysieke_omgeving", "kvrz": "klasse_voorzieningen",
          "ksoc": "klasse_sociale_samenhang", "konv": "klasse_overlast_onveiligheid"}

#: Harmonised variables the scores are stored under in the kerncijfers (see the catalogue).
VARIABELEN = {"afwijking": "LeefbaarometerAfwijking", "klasse": "LeefbaarometerKlasse"}


def laag(jaar: int) -> str:
    """WFS layer of a Leefbaarometer edition.

    Example
    -------
    >>> laag(2024)
    'lbm3:buurtscore24'
    """
    if int(jaar) < 2002 or int(jaar) % 2:
        raise OngeldigeInvoer(f"De Leefbaarometer verschijnt om de twee jaar (2002, 2004, … 2024); {jaar} bestaat "
                              "niet. Kies een even jaar.")
    return f"lbm3:buurtscore{int(jaar) % 100:02d}"


def _fetch(jaar: int, code: str) -> list[dict]:
    """Every feature of the gemeente's buurten, following the WFS paging."""
    session = requests.Session()
    features: list[dict] = []
    seen: set[str] = set()
    start = 0
    for _ in range(MAX_PAGINAS):
        params: dict[str, str | int] = {"service": "WFS", "version": "2.0.0", "request": "GetFeature", "typeNames": laag(jaar),
                  "outputFormat": "application/json", "srsName": "EPSG:28992", "count": PAGINA,
                  "startIndex": start, "CQL_FILTER": f"id LIKE 'BU{code[2:]}%'"}
        prepared = session.prepare_request(requests.Request("GET", URL, params=params))
        try:
            answer = _http.send(session, prepared, "de Leefbaarometer").json()
        except _http.ServiceFout as exc:
            raise OngeldigAntwoord(f"De Leefbaarometer weigerde de vraag naar {laag(jaar)}: HTTP {exc.status}. "
                                   "Misschien is die editie er niet; kies een ander jaar.") from exc
        batch = answer.get("features") if isinstance(answer, dict) else None
        if not isinstance(batch, list):
            raise OngeldigAntwoord(f"De Leefbaarometer gaf voor {laag(jaar)} geen GeoJSON-features terug.")
        ids = [str((f.get("properties") or {}).get("id") or f.get("id")) for f in batch]
        if batch and all(i in seen for i in ids):
            raise OngeldigAntwoord("De Leefbaarometer stuurt steeds dezelfde pagina terug; de download is "
                                   "afgebroken. Probeer het later opnieuw.")
        seen.update(ids)
        features.extend(batch)
        start += len(batch)
        matched = answer.get("numberMatched", answer.get("totalFeatures"))
        if not batch or (isinstance(matched, int) and len(features) >= matched):
            return features
    raise OngeldigAntwoord(f"De Leefbaarometer stuurde meer dan {MAX_PAGINAS} pagina's; de download is afgebroken.")


def _tabel(records: list[dict], jaar: int) -> pd.DataFrame:
    cols = ["code", "naam", "jaar", *VELDEN.values()]
    rows = []
    for p in records:
        row = {"code": str(p.get("id") or "").strip(), "naam": str(p.get("name") or "").strip(),
               "jaar": int(str(p.get("year") or jaar)[:4])}
        for field, col in VELDEN.items():
            v = p.get(field)
            row[col] = float(v) if isinstance(v, int | float) and not isinstance(v, bool) else float("nan")
        rows.append(row)
    out = pd.DataFrame(rows, columns=cols)
    return out[out.code.str.startswith("BU")].reset_index(drop=True)


def _entry(code: str, jaar: int) -> tuple[str, str]:
    return ("leefbaarometer", f"{laag(jaar).split(':')[-1]}_{code}.json")


def in_cache(gemeente: str, jaar: int) -> bool:
    """Whether the edition that :func:`als_kerncijfers` uses for ``jaar`` is in the cache."""
    editie = int(jaar) - (int(jaar) % 2)
    return settings.use_cache and _cache.cache_path(*_entry(gemeente_code(gemeente), editie)).exists()


def leefbaarometer(gemeente: str, jaar: int = 2024) -> pd.DataFrame:
    """Leefbaarometer 3.0 scores of every buurt of a gemeente (cached).

    Returns
    -------
    DataFrame
        ``code, naam, jaar, klasse, afwijking`` and the five dimensions (deviation and class).
        ``attrs["bron"]`` is ``"Leefbaarometer"`` or ``"cache"``.

    Raises
    ------
    GeenVerbinding
        The service cannot be reached (or ``settings.offline``) and nothing is cached.
    OngeldigAntwoord
        The service answered nonsense or kept sending the same page.
    """
    code = gemeente_code(gemeente)
    entry = _entry(code, jaar)
    cached = _cache.read(*entry)
    bron = "cache"
    if cached is None:
        if settings.offline:
            raise GeenVerbinding(
                f"wijkscan staat offline en de Leefbaarometer {jaar} van {code} staat niet in de cache. Zet "
                "wijkscan.settings.offline = False op een computer met internet, of lees een gedownload "
                "CSV-bestand met wijkscan.sources.leefbaarometer.lees_leefbaarometer.")
        cached = [f.get("properties") or {} for f in _fetch(int(jaar), code)]
        _cache.write(cached, *entry)
        bron = "Leefbaarometer"
    out = _tabel(cached, int(jaar))
    out.attrs["bron"] = bron
    return out


def lees_leefbaarometer(pad: str | Path | io.StringIO) -> pd.DataFrame:
    """Read a downloaded Leefbaarometer CSV (``,`` or ``;``) into the table of :func:`leefbaarometer`.

    Column names are matched without regard to case: the buurtcode as ``bu_code``, ``buurtcode``,
    ``code`` or ``id``; the year as ``jaar`` or ``year``; scores as in the WFS (``afw``, ``kscore``,
    ``fys``, ``onv``, ``soc``, ``vrz``, ``won`` and their classes), ``lbm`` is accepted for
    ``afw``. Rows without a buurtcode are reported in ``attrs["afgewezen"]`` (row number, reason).

    Example
    -------
    >>> t = lees_leefbaarometer(io.StringIO("bu_code;jaar;afw;kscore\\nBU06260001;2024;0,12;7\\n;2024;0,1;6\\n"))
    >>> t[["code", "jaar", "afwijking", "klasse"]].values.tolist()
    [['BU06260001', 2024, 0.12, 7.0]]
    >>> t.attrs["afgewezen"]
    [(3, 'geen buurtcode')]
    """
    raw = pad.getvalue() if isinstance(pad, io.StringIO) else Path(pad).read_text(encoding="utf-8-sig")
    first = raw.splitlines()[0] if raw.strip() else ""
    sep = ";" if first.count(";") > first.count(",") else ","
    df = pd.read_csv(io.StringIO(raw), sep=sep, dtype=str, keep_default_na=False)
    lower = {c.lower().strip(): c for c in df.columns}
    code_col = next((lower[c] for c in ("bu_code", "buurtcode", "code", "id") if c in lower), None)
    if code_col is None:
        raise OngeldigeInvoer("Het Leefbaarometer-bestand heeft geen kolom met de buurtcode (bu_code, buurtcode, "
                              "code of id).")
    records, rejected = [], []
    for i, r in enumerate(df.to_dict("records"), start=2):
        code = str(r[code_col]).strip()
        if not code:
            rejected.append((i, "geen buurtcode"))
            continue
        rec = {"id": code, "name": r.get(lower.get("naam", lower.get("name", "")), ""),
               "year": r.get(lower.get("jaar", lower.get("year", "")), "")}
        for field in VELDEN:
            src = lower.get(field) or (lower.get("lbm") if field == "afw" else None)
            if src is not None:
                text = str(r[src]).strip().replace(",", ".")
                try:
                    rec[field] = float(text)
                except ValueError:
                    rec[field] = None
        records.append(rec)
    out = _tabel(records, 0)
    out.attrs["afgewezen"] = rejected
    out.attrs["bron"] = "bestand"
    return out


def als_kerncijfers(gemeente: str, jaar: int) -> tuple[pd.DataFrame, list[str]]:
    """Leefbaarometer scores as tidy kerncijfers rows for analysis year ``jaar``.

    Uses the latest edition not after ``jaar`` (the Leefbaarometer appears in even years).
    """
    editie = int(jaar) - (int(jaar) % 2)
    lbm = leefbaarometer(gemeente, editie)
    if lbm.empty:
        return (pd.DataFrame(columns=["code", "niveau", "jaar", "variabele", "waarde"]),
                [f"De Leefbaarometer {editie} heeft geen buurten van {gemeente_code(gemeente)}."])
    long = lbm.melt(id_vars=["code"], value_vars=list(VARIABELEN), var_name="kolom", value_name="waarde")
    long["variabele"] = long.kolom.map(VARIABELEN)
    long["niveau"] = "buurt"
    long["jaar"] = int(jaar)
    note = f"Leefbaarometer 3.0, editie {editie} (ministerie van BZK), per buurt."
    return long[["code", "niveau", "jaar", "variabele", "waarde"]].reset_index(drop=True), [note]


__all__ = ["URL", "VARIABELEN", "VELDEN", "als_kerncijfers", "in_cache", "laag", "leefbaarometer",
           "lees_leefbaarometer"]
