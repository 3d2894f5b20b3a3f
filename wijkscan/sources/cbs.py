"""CBS Kerncijfers wijken en buurten through ``cbsodata``, harmonised across years.

Every year CBS publishes a new table (85984NED for 2024, 86165NED for 2025, ...). Its
column keys carry a position suffix that shifts from year to year (``HuishoudensTotaal_28``
in 2022, ``HuishoudensTotaal_29`` in 2024), and some names occur twice in one table
(``Appartement_54`` is electricity, ``Appartement_62`` gas). :func:`harmoniseer` turns a
year's DataProperties into stable variable names:

* the key without its suffix (``HuishoudensTotaal``);
* a name that occurs more than once in the table is prefixed with the nearest parent group
  that tells the occurrences apart (``GemiddeldeElektriciteitslevering_Appartement``,
  ``GeborenInNederland_Nederland``);
* a renamed CBS variable is mapped to its current name by :data:`ALIASSEN`.

Adding a new CBS year is one line in :data:`TABELLEN` (and an alias where CBS renamed a
variable).

Example
-------
>>> from wijkscan.sources.cbs import kerncijfers
>>> kc = kerncijfers("Voorschoten", jaar=2024, niveau="buurt")   # doctest: +SKIP
>>> kc[kc.variabele == "AantalInwoners"].waarde.sum()             # doctest: +SKIP
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import cbsodata
import pandas as pd
import requests

from ..errors import GeenTabel, GeenVerbinding, OnbekendeGemeente, OngeldigAntwoord
from ..settings import settings
from . import _cache, _http
from .gemeenten import gemeente_code

#: CBS table id of "Kerncijfers wijken en buurten" per year.
TABELLEN: dict[int, str] = {
    2015: "83220NED",
    2016: "83487NED",
    2017: "83765NED",
    2018: "84286NED",
    2019: "84583NED",
    2020: "84799NED",
    2021: "85039NED",
    2022: "85318NED",
    2023: "85618NED",
    2024: "85984NED",
    2025: "86165NED",
}

#: Old CBS name (key without suffix) -> current harmonised name.
ALIASSEN: dict[str, str] = {
    "GemiddeldeWoningwaarde": "GemiddeldeWOZWaardeVanWoningen",
    "PercentageOnbewoond": "OnbewoondeWoningen",
}

#: Text topics that describe the region rather than measure it.
REGIO_VELDEN = {
    "Gemeentenaam": "gemeentenaam",
    "SoortRegio": "soort",
    "Codering": "codering",
    "IndelingswijzigingGemeenteWijkBuurt": "indelingswijziging",
    "MeestVoorkomendePostcode": "postcode",
}

NIVEAUS = ("land", "gemeente", "wijk", "buurt")
MAX_PAGINAS = 500
_LOCK = threading.Lock()


def tabel_id(jaar: int) -> str:
    """CBS table id of the Kerncijfers wijken en buurten of ``jaar``.

    Raises
    ------
    GeenTabel
        When wijkscan knows no table for that year.

    Example
    -------
    >>> tabel_id(2024)
    '85984NED'
    """
    try:
        return TABELLEN[int(jaar)]
    except (KeyError, ValueError, TypeError):
        jaren = f"{min(TABELLEN)}–{max(TABELLEN)}"
        raise GeenTabel(
            f"Voor {jaar} is er geen tabel Kerncijfers wijken en buurten bekend (wel voor {jaren}). "
            "Kies een ander jaar, of voeg de tabel toe aan wijkscan.sources.cbs.TABELLEN "
            "als CBS hem inmiddels heeft gepubliceerd."
        ) from None


#: How long a look-up in the CBS catalogue is trusted before it is asked again (seconds).
CATALOGUS_GELDIG = 7 * 24 * 3600
_TITEL = re.compile(r"^\s*Kerncijfers wijken en buurten (\d{4})\s*$", re.IGNORECASE)


def _catalogus() -> dict[int, str]:
    """Year -> table id of every "Kerncijfers wijken en buurten <jaar>" in the CBS catalogue.

    Asks ``ODataCatalog/Tables`` (through cbsodata, filtered on the title) and keeps the answer
    in the cache for :data:`CATALOGUS_GELDIG` seconds. Where the catalogue lists two tables
    for one year, the most recently modified one wins.
    """
    entry = ("cbs", "catalogus_kerncijfers.json")
    cached = _cache.read(*entry)
    if isinstance(cached, dict) and time.time() - cached.get("opgehaald", 0) < CATALOGUS_GELDIG:
        return {int(k): v for k, v in cached["tabellen"].items()}
    host = urlsplit(settings.cbs_url).netloc
    with _cbsodata_via_wijkscan():
        rows = cbsodata.get_table_list(
            filters="substringof('Kerncijfers wijken en buurten',Title)",
            select=["Identifier", "Title", "Period", "Modified"], catalog_url=host)
    if not isinstance(rows, list):
        raise OngeldigAntwoord("De CBS-catalogus gaf geen lijst met tabellen terug.")
    best: dict[int, tuple[str, str]] = {}
    for row in rows:
        match = _TITEL.match(str(row.get("Title") or ""))
        ident = str(row.get("Identifier") or "").strip()
        if not match or not ident:
            continue
        year, modified = int(match.group(1)), str(row.get("Modified") or "")
        if year not in best or modified > best[year][1]:
            best[year] = (ident, modified)
    tabellen = {year: ident for year, (ident, _) in best.items()}
    _cache.write({"opgehaald": time.time(), "tabellen": {str(k): v for k, v in tabellen.items()}}, *entry)
    return tabellen


def bevestig_tabel(jaar: int) -> tuple[str, str]:
    """Table id of the Kerncijfers of ``jaar``, confirmed from the CBS catalogue when online.

    Returns ``(tabel, herkomst)``; ``herkomst`` says where the id came from: ``"catalogus"``
    (CBS' own list), or ``"ingebouwde lijst"`` (:data:`TABELLEN`, used offline, when the
    catalogue cannot be reached, or when it does not list the year under the usual title).

    Raises
    ------
    GeenTabel
        Neither the catalogue nor :data:`TABELLEN` knows a table for ``jaar``.

    Example
    -------
    >>> bevestig_tabel(2024)        # doctest: +SKIP
    ('85984NED', 'catalogus')
    """
    jaar = int(jaar)
    if settings.offline:
        return tabel_id(jaar), "ingebouwde lijst"
    try:
        gevonden = _catalogus()
    except (GeenVerbinding, OngeldigAntwoord, requests.HTTPError, KeyError, TypeError, ValueError):
        return tabel_id(jaar), "ingebouwde lijst"
    if jaar in gevonden:
        return gevonden[jaar], "catalogus"
    if jaar in TABELLEN:
        return TABELLEN[jaar], "ingebouwde lijst"
    jaren = ", ".join(str(j) for j in sorted(gevonden)) or "geen"
    raise GeenTabel(
        f"CBS heeft (nog) geen tabel Kerncijfers wijken en buurten {jaar}. Jaren die de CBS-catalogus wel "
        f"kent: {jaren}. Kies een van die jaren."
    )


def _stem(key: str) -> str:
    return re.sub(r"_\d+$", "", key)


def _camel(title: str) -> str:
    title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", title) if w)


def harmoniseer(dataproperties: list[dict]) -> pd.DataFrame:
    """Stable variable names for one year's DataProperties.

    Parameters
    ----------
    dataproperties : list of dict
        The table's ``DataProperties`` records as CBS serves them.

    Returns
    -------
    DataFrame
        One row per Topic: ``key`` (CBS key of that year), ``variabele`` (harmonised
        name), ``titel``, ``eenheid``, ``datatype``, ``groep`` (path of group titles).

    Example
    -------
    >>> dp = [{"ID": 1, "Type": "TopicGroup", "Title": "Bevolking", "ParentID": None},
    ...       {"ID": 2, "Type": "Topic", "Key": "AantalInwoners_5", "Title": "Aantal inwoners",
    ...        "ParentID": 1, "Unit": "aantal", "Datatype": "Long"}]
    >>> harmoniseer(dp)[["key", "variabele"]].values.tolist()
    [['AantalInwoners_5', 'AantalInwoners']]
    """
    by_id = {d.get("ID"): d for d in dataproperties}

    def ancestors(d: dict) -> list[str]:
        out, seen = [], set()
        parent = d.get("ParentID")
        while parent is not None and parent in by_id and parent not in seen:
            seen.add(parent)
            out.append((by_id[parent].get("Title") or "").strip())
            parent = by_id[parent].get("ParentID")
        return out

    topics = [d for d in dataproperties if d.get("Type") == "Topic" and d.get("Key")]
    rows = []
    for d in topics:
        stem = _stem(d["Key"])
        rows.append({
            "key": d["Key"],
            "stam": ALIASSEN.get(stem, stem),
            "titel": (d.get("Title") or "").strip(),
            "eenheid": (d.get("Unit") or "").strip(),
            "datatype": d.get("Datatype") or "",
            "groep": " / ".join(reversed(ancestors(d))),
            "_anc": ancestors(d),
        })
    meta = pd.DataFrame(rows, columns=["key", "stam", "titel", "eenheid", "datatype", "groep", "_anc"])
    meta["variabele"] = meta.stam
    for stem, grp in meta.groupby("stam"):
        if len(grp) < 2:
            continue
        depth = max(len(a) for a in grp._anc)
        for level in range(depth):
            labels = [a[level] if level < len(a) else "" for a in grp._anc]
            if len(set(labels)) == len(labels) and all(labels):
                meta.loc[grp.index, "variabele"] = [f"{_camel(lbl)}_{stem}" for lbl in labels]
                break
        else:  # nothing tells them apart: keep CBS' own key
            meta.loc[grp.index, "variabele"] = grp.key
    return meta[["key", "variabele", "titel", "eenheid", "datatype", "groep"]].reset_index(drop=True)


@contextmanager
def _cbsodata_via_wijkscan(base_url: str | None = None) -> Iterator[None]:
    """Let ``cbsodata`` send its requests through wijkscan's timeouts, retries and loop guard.

    cbsodata builds a fresh ``requests.Session`` for every page and sets no timeout; it
    follows ``odata.nextLink`` for as long as the server sends one. While this context is
    active, its sessions are ours: each request has a timeout and retries, and a page URL
    that comes back a second time (an endless paging loop) stops the download.
    """
    seen: set[str] = set()

    class _Session(requests.Session):
        def send(self, request, **kwargs):  # noqa: D102 - see class docstring above
            url = request.url or ""
            if url in seen:
                raise OngeldigAntwoord(
                    f"CBS stuurt steeds dezelfde pagina terug ({url}); de download is afgebroken. "
                    "Probeer het later opnieuw."
                )
            if len(seen) >= MAX_PAGINAS:
                raise OngeldigAntwoord(f"CBS stuurde meer dan {MAX_PAGINAS} pagina's; de download is afgebroken.")
            seen.add(url)
            # cbsodata passes proxies read once, at import, from the lower-case variables only;
            # drop them so _http takes HTTPS_PROXY/HTTP_PROXY/NO_PROXY (any case) from the
            # environment as it is now, exactly as on the PDOK path.
            kwargs.pop("proxies", None)
            return _http.send(self, request, "CBS", **kwargs)

    parts = urlsplit(base_url or settings.cbs_url)
    module = cbsodata.cbsodata3 if hasattr(cbsodata, "cbsodata3") else cbsodata
    with _LOCK:
        old_session, old_https = module.Session, cbsodata.options.use_https
        module.Session = _Session
        cbsodata.options.use_https = parts.scheme != "http"
        try:
            yield
        finally:
            module.Session = old_session
            cbsodata.options.use_https = old_https


def _filter(code: str) -> str:
    nr = code[2:]
    return (
        f"WijkenEnBuurten eq '{'NL00':<10}' or WijkenEnBuurten eq '{code:<10}' "
        f"or startswith(WijkenEnBuurten,'WK{nr}') or startswith(WijkenEnBuurten,'BU{nr}')"
    )


def download(gemeente: str, jaar: int = 2024) -> tuple[dict, str]:
    """Raw CBS answer for one gemeente and year (cached); returns ``(data, bron)``.

    ``data`` holds the ``TableInfos``, ``DataProperties``, ``TypedDataSet`` (the gemeente,
    its wijken and buurten, and Nederland) and the matching ``WijkenEnBuurten`` records.
    ``bron`` is ``"cache"`` or ``"CBS"``.

    Raises
    ------
    GeenVerbinding
        CBS cannot be reached (or ``settings.offline``) and nothing is cached.
    GeenTabel
        CBS does not know the table of that year.
    """
    code = gemeente_code(gemeente)
    known = TABELLEN.get(int(jaar)) if str(jaar).lstrip("-").isdigit() else None
    if known:  # a cached answer under the built-in id needs no catalogue look-up
        cached = _cache.read("cbs", f"{known}_{code}.json")
        if cached is not None:
            return cached, "cache"
    if settings.offline:
        tabel_id(jaar)  # an unknown year is a GeenTabel, offline too
        raise GeenVerbinding(
            f"wijkscan staat offline en de kerncijfers {jaar} van {code} staan niet in de cache "
            f"({_cache.cache_path('cbs')}). Zet wijkscan.settings.offline = False op een computer "
            "met internet, of gebruik de ingebouwde gegevens (wijkscan.load(..., bron='ingebouwd'))."
        )
    table, herkomst = bevestig_tabel(jaar)
    entry = ("cbs", f"{table}_{code}.json")
    cached = _cache.read(*entry)
    if cached is not None:
        return cached, "cache"
    host = urlsplit(settings.cbs_url).netloc
    code_filter = _filter(code)
    try:
        with _cbsodata_via_wijkscan():
            # cbsodata 1.3.5's download_data(typed=True) fetches the *untyped* set (strings),
            # so ask for each entity set by name; get_meta passes $filter on to CBS.
            info = cbsodata.get_info(table, catalog_url=host)
            props = cbsodata.get_meta(table, "DataProperties", catalog_url=host)
            rows = cbsodata.get_meta(table, "TypedDataSet", catalog_url=host, filters=code_filter)
            regions = cbsodata.get_meta(table, "WijkenEnBuurten", catalog_url=host,
                                        filters=code_filter.replace("WijkenEnBuurten", "Key"))
    except requests.HTTPError as exc:
        cause = exc.__cause__ if isinstance(exc.__cause__, _http.ServiceFout) else exc
        status = getattr(cause, "status", None) or getattr(getattr(exc, "response", None), "status_code", None)
        if status == 404:
            raise GeenTabel(
                f"CBS kent tabel {table} (Kerncijfers wijken en buurten {jaar}) niet. "
                "Kies een ander jaar of controleer wijkscan.sources.cbs.TABELLEN."
            ) from exc
        raise OngeldigAntwoord(
            f"CBS weigerde de vraag naar tabel {table} voor {code} ({exc}). Meld dit bij de beheerder van wijkscan."
        ) from exc
    except (KeyError, TypeError) as exc:  # an answer without "value": not an OData answer
        raise OngeldigAntwoord(f"CBS gaf voor tabel {table} een antwoord zonder gegevens ({exc}).") from exc
    data = {
        "tabel": table,
        "tabel_herkomst": herkomst,
        "jaar": int(jaar),
        "gemeente": code,
        "TableInfos": [info] if info else [],
        "DataProperties": props,
        "TypedDataSet": rows,
        "WijkenEnBuurten": regions,
    }
    found = {(r.get("WijkenEnBuurten") or "").strip() for r in data["TypedDataSet"]}
    if not any(c[:2] in ("GM", "WK", "BU") and c[2:6] == code[2:] for c in found):
        raise OnbekendeGemeente(
            f"CBS heeft in de kerncijfers {jaar} (tabel {table}) geen gemeente {code}. "
            "Controleer de code; gemeenten die zijn samengevoegd hebben na de fusie een nieuwe code."
        )
    _cache.write(data, *entry)
    return data, "CBS"


def _niveaus(niveau: str | Iterable[str] | None) -> list[str]:
    if niveau is None or niveau == "alle":
        return list(NIVEAUS)
    wanted = [niveau] if isinstance(niveau, str) else list(niveau)
    bad = [n for n in wanted if n not in NIVEAUS]
    if bad:
        raise GeenTabel(
            f"Onbekend niveau {', '.join(map(repr, bad))}. Kies uit: {', '.join(NIVEAUS)} (of 'alle')."
        )
    return wanted


def parse(data: dict) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Turn a raw CBS answer into ``(gebieden, kerncijfers, variabelen)``.

    * ``gebieden``: one row per region — ``code, naam, niveau, gemeente, wijk,
      indelingswijziging, postcode`` — with the CBS padding stripped;
    * ``kerncijfers``: long — ``code, jaar, variabele, waarde`` — numeric topics only,
      missing or suppressed values as NA (never 0);
    * ``variabelen``: :func:`harmoniseer` plus ``tabel`` and ``jaar``.
    """
    jaar = int(data["jaar"])
    meta = harmoniseer(data["DataProperties"])
    meta["tabel"] = data["tabel"]
    meta["jaar"] = jaar
    names = {(r.get("Key") or "").strip(): (r.get("Title") or "").strip() for r in data["WijkenEnBuurten"]}
    stem_of = dict(zip(meta.key, meta.key.map(_stem), strict=True))
    regio_keys = {k: REGIO_VELDEN[s] for k, s in stem_of.items() if s in REGIO_VELDEN}
    numeric = meta[(meta.datatype != "String") & ~meta.key.isin(regio_keys)]
    var_of = dict(zip(numeric.key, numeric.variabele, strict=True))

    regions, values = [], []
    for row in data["TypedDataSet"]:
        code = (row.get("WijkenEnBuurten") or "").strip()
        attrs = {v: (str(row.get(k)).strip() if row.get(k) is not None else None) for k, v in regio_keys.items()}
        niveau = (attrs.get("soort") or "").lower() or {"NL": "land", "GM": "gemeente", "WK": "wijk",
                                                          "BU": "buurt"}.get(code[:2], "")
        regions.append({
            "code": code,
            "naam": names.get(code) or (attrs.get("gemeentenaam") if niveau == "gemeente" else None) or code,
            "niveau": niveau,
            "gemeente": "GM" + code[2:6] if niveau in ("gemeente", "wijk", "buurt") else None,
            "wijk": "WK" + code[2:8] if niveau in ("wijk", "buurt") else None,
            "indelingswijziging": attrs.get("indelingswijziging"),
            "postcode": attrs.get("postcode"),
        })
        for key, var in var_of.items():
            v = row.get(key)
            values.append((code, jaar, var, float(v) if isinstance(v, int | float) else float("nan")))
    gebieden = pd.DataFrame(regions, columns=["code", "naam", "niveau", "gemeente", "wijk",
                                              "indelingswijziging", "postcode"])
    kc = pd.DataFrame(values, columns=["code", "jaar", "variabele", "waarde"])
    kc["waarde"] = kc.waarde.astype("Float64")
    return gebieden, kc, meta


def kerncijfers(gemeente: str, jaar: int = 2024, niveau: str | Iterable[str] | None = "buurt") -> pd.DataFrame:
    """Kerncijfers wijken en buurten of one gemeente and year, tidy and harmonised.

    Parameters
    ----------
    gemeente : str
        Name ("Voorschoten") or code ("GM0626").
    jaar : int
        Year of the table (see :data:`TABELLEN`).
    niveau : str, list of str or None
        ``"buurt"``, ``"wijk"``, ``"gemeente"``, ``"land"`` (Nederland), a list of those,
        or None / ``"alle"`` for every level.

    Returns
    -------
    DataFrame
        ``code, naam, niveau, jaar, variabele, waarde`` (``waarde`` is nullable float;
        NA where CBS suppressed or lacks the figure). ``pd.DataFrame(df.attrs["variabelen"])``
        is the metadata per variable (CBS key, title, unit, table) and ``df.attrs["bron"]``
        says whether the figures came from the cache or from CBS.

    Example
    -------
    >>> kc = kerncijfers("GM0626", 2024, niveau="gemeente")   # doctest: +SKIP
    >>> kc.set_index("variabele").loc["AantalInwoners", "waarde"]  # doctest: +SKIP
    25625.0
    """
    kc, herkomst = kerncijfers_met_herkomst(gemeente, jaar, niveau)
    # for a user in a notebook, the table names its source in attrs (plain values only, so that pd.concat of
    # several years keeps working); the loader takes them from the returned Herkomst, not from attrs
    kc.attrs.update(variabelen=herkomst.variabelen.to_dict("records"), bron=herkomst.bron, tabel=herkomst.tabel,
                    tabel_herkomst=herkomst.tabel_herkomst)
    return kc


@dataclass(frozen=True)
class Herkomst:
    """Where kerncijfers came from: the metadata per variable (CBS key, title, unit, table), ``bron`` (``"CBS"`` or
    ``"cache"``), the table id and how it was found (``"catalogus"`` or ``"ingebouwde lijst"``)."""

    variabelen: pd.DataFrame
    bron: str
    tabel: str
    tabel_herkomst: str


def kerncijfers_met_herkomst(gemeente: str, jaar: int = 2024,
                             niveau: str | Iterable[str] | None = "buurt") -> tuple[pd.DataFrame, Herkomst]:
    """:func:`kerncijfers` and where they came from, as a return value (what the loader uses)."""
    wanted = _niveaus(niveau)
    data, bron = download(gemeente, jaar)
    gebieden, kc, meta = parse(data)
    kc = kc.merge(gebieden[["code", "naam", "niveau"]], on="code", how="left")
    kc = kc[kc.niveau.isin(wanted)][["code", "naam", "niveau", "jaar", "variabele", "waarde"]]
    return kc.reset_index(drop=True), Herkomst(meta.reset_index(drop=True), bron, data["tabel"],
                                               data.get("tabel_herkomst", "ingebouwde lijst"))


def gebieden(gemeente: str, jaar: int = 2024) -> pd.DataFrame:
    """The regions (gemeente, wijken, buurten, Nederland) CBS lists for a gemeente and year."""
    data, _ = download(gemeente, jaar)
    return parse(data)[0]


def variabelen(gemeente: str = "GM0626", jaar: int = 2024) -> pd.DataFrame:
    """Metadata of every harmonised variable of ``jaar`` (CBS key, title, unit, group)."""
    data, _ = download(gemeente, jaar)
    return parse(data)[2]


# --------------------------------------------------------------------------- police figures
#: Police tables of registered crime per wijk and buurt on CBS' catalogue of third-party
#: tables (``dataderden.cbs.nl``): 47018NED per year, 47022NED per month.
POLITIE_TABELLEN: dict[str, str] = {
    "47018NED": "Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers",
    "47022NED": "Geregistreerde misdrijven; soort misdrijf, wijk, buurt, maandcijfers",
}
_TOTAAL = "0.0.0"  # the SoortMisdrijf key of all crimes together ("Misdrijven, totaal")


def _vorm(props: list[dict]) -> dict[str, str]:
    """Region, period and offence dimension and the count topic, read from the table's DataProperties."""
    def first(types: set[str], hint: str = "") -> str | None:
        keys = [str(p.get("Key")) for p in props if str(p.get("Type", "")).strip() in types and p.get("Key")]
        return next((k for k in keys if hint.lower() in k.lower()), keys[0] if keys else None)

    vorm = {"regio": first({"GeoDimension", "GeoDetail"}), "periode": first({"TimeDimension"}),
            "soort": first({"Dimension"}, "misdrijf"), "waarde": first({"Topic"}, "GeregistreerdeMisdrijven")}
    missing = [k for k, v in vorm.items() if v is None]
    if missing:
        raise OngeldigAntwoord(
            f"De politietabel heeft niet de verwachte indeling (geen {', '.join(missing)} in DataProperties). "
            "Meld dit bij de beheerder van wijkscan."
        )
    return vorm  # type: ignore[return-value]


def misdrijven(gemeente: str, jaar: int = 2024, tabel: str = "47018NED") -> pd.DataFrame:
    """Registered crimes (all kinds together) per gemeente, wijk and buurt in one calendar year.

    Read with cbsodata from CBS' catalogue of third-party tables (``settings.cbs_derden_url``,
    ``dataderden.cbs.nl``), where the police publish them. The table's dimensions are read from
    its own DataProperties (region, period, ``SoortMisdrijf``) rather than assumed; the total over
    all kinds of crime is the ``SoortMisdrijf`` entry whose key starts with ``0.0.0``. For a
    monthly table (47022NED) the months of ``jaar`` are added up and ``attrs["maanden"]`` says
    how many there were.

    Parameters
    ----------
    gemeente : str
        Name or code.
    jaar : int
        Calendar year.
    tabel : {"47018NED", "47022NED"}

    Returns
    -------
    DataFrame
        ``code, niveau, jaar, variabele, waarde`` with ``variabele = "GeregistreerdeMisdrijven"``;
        NA where the police did not publish a figure (never 0). ``attrs``: ``bron``, ``tabel``.

    Raises
    ------
    GeenTabel
        Unknown table, or the table has no figures for ``jaar``.
    GeenVerbinding
        CBS cannot be reached (or offline) and nothing is cached.

    Example
    -------
    >>> m = misdrijven("Voorschoten", 2024)                        # doctest: +SKIP
    >>> m.set_index("code").loc["GM0626", "waarde"]                # doctest: +SKIP
    818.0
    """
    if tabel not in POLITIE_TABELLEN:
        raise GeenTabel(f"Onbekende politietabel '{tabel}'. Kies uit: {', '.join(POLITIE_TABELLEN)}.")
    code = gemeente_code(gemeente)
    jaar = int(jaar)
    entry = ("cbs", f"{tabel}_{code}_{jaar}.json")
    cached = _cache.read(*entry)
    bron = "cache"
    if cached is None:
        if settings.offline:
            raise GeenVerbinding(
                f"wijkscan staat offline en de misdrijven {jaar} van {code} (politie, tabel {tabel}) staan niet "
                "in de cache. Zet wijkscan.settings.offline = False op een computer met internet."
            )
        cached = _misdrijven_ophalen(tabel, code, jaar)
        _cache.write(cached, *entry)
        bron = "CBS"
    out = _misdrijven_tabel(cached, jaar)
    out.attrs.update(bron=bron, tabel=tabel, maanden=sum("MM" in p for p in cached["perioden"]))
    return out


def _misdrijven_ophalen(tabel: str, code: str, jaar: int) -> dict:
    """Ask CBS (the police tables) for the total of all crimes in ``jaar`` in every area of gemeente ``code``."""
    host = urlsplit(settings.cbs_derden_url).netloc
    nr = code[2:]
    try:
        with _cbsodata_via_wijkscan(settings.cbs_derden_url):
            vorm = _vorm(cbsodata.get_meta(tabel, "DataProperties", catalog_url=host))
            soorten = cbsodata.get_meta(tabel, vorm["soort"], catalog_url=host)
            perioden = cbsodata.get_meta(tabel, vorm["periode"], catalog_url=host)
            totaal = next((str(r["Key"]) for r in soorten if str(r.get("Key", "")).strip().startswith(_TOTAAL)),
                          None)
            wanted = [str(r["Key"]) for r in perioden
                      if re.fullmatch(rf"{jaar}(JJ00|MM\d\d)", str(r.get("Key", "")).strip())]
            jaarcode = [p for p in wanted if "JJ" in p]
            wanted = jaarcode or wanted
            if totaal is None or not wanted:
                raise GeenTabel(
                    f"De politietabel {tabel} heeft geen totaal van alle misdrijven voor {jaar}. "
                    "Kies een ander jaar (de politie publiceert met enige vertraging)."
                )
            regio = vorm["regio"]
            filters = (f"{vorm['soort']} eq '{totaal}' and ("
                       + " or ".join(f"{vorm['periode']} eq '{p}'" for p in wanted) + ") and ("
                       + " or ".join(f"startswith({regio},'{pre}{nr}')" for pre in ("GM", "WK", "BU")) + ")")
            rows = cbsodata.get_meta(tabel, "TypedDataSet", catalog_url=host, filters=filters)
    except requests.HTTPError as exc:
        raise OngeldigAntwoord(f"CBS weigerde de vraag naar politietabel {tabel} ({exc}).") from exc
    return {"tabel": tabel, "vorm": vorm, "perioden": wanted, "rows": rows}


def _misdrijven_tabel(cached: dict, jaar: int) -> pd.DataFrame:
    """The police rows as tidy figures, the months of a monthly table added up; NA where nothing was published."""
    vorm = cached["vorm"]
    per_code: dict[str, float | None] = {}
    for row in cached["rows"]:
        c = str(row.get(vorm["regio"]) or "").strip()
        v = row.get(vorm["waarde"])
        if isinstance(v, int | float):
            per_code[c] = (per_code.get(c) or 0.0) + float(v)
        else:
            per_code.setdefault(c, None)
    niveau = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}
    out = pd.DataFrame([(c, niveau.get(c[:2], ""), jaar, "GeregistreerdeMisdrijven", w)
                        for c, w in sorted(per_code.items())],
                       columns=["code", "niveau", "jaar", "variabele", "waarde"])
    out["waarde"] = out.waarde.astype("Float64")
    return out
