"""The Kerncijfers wijken en buurten of **every buurt of Nederland**, one download, cached.

The national reference of the aandachtsgebieden (``landelijk``, ``landelijk_percentiel``) needs the
figures of all Dutch buurten, not only those of the gemeente at hand. This loader asks CBS (through
``cbsodata``, with wijkscan's timeouts, retries, paging-loop guard) for the buurt rows of the whole
Kerncijfers table of a year (``startswith(WijkenEnBuurten,'BU')``: about 14.600 rows), keeps the
numeric topics under their harmonised names, and caches them compactly (one list of values per
variable), so the next run needs no request.

Example
-------
>>> from wijkscan.sources.nederland import buurten
>>> kc, bron = buurten(2024)                  # doctest: +SKIP
>>> kc.code.nunique()                         # doctest: +SKIP
14574
"""

from __future__ import annotations

from urllib.parse import urlsplit

import cbsodata
import pandas as pd
import requests

from ..errors import GeenTabel, GeenVerbinding, OngeldigAntwoord
from ..settings import settings
from . import _cache
from .cbs import TABELLEN, _cbsodata_via_wijkscan, bevestig_tabel, parse

FILTER = "startswith(WijkenEnBuurten,'BU')"


def _naam(tabel: str) -> tuple[str, str]:
    return "cbs", f"{tabel}_nederland_buurten.json"


def in_cache(jaar: int = 2024) -> bool:
    """Whether the national buurt table of ``jaar`` is in the cache (then no request is needed)."""
    tabel = TABELLEN.get(int(jaar))
    return tabel is not None and settings.use_cache and _cache.cache_path(*_naam(tabel)).exists()


def _uit_cache(value: dict) -> pd.DataFrame:
    codes = value["codes"]
    parts = [pd.DataFrame({"code": codes, "variabele": var, "waarde": vals})
             for var, vals in value["waarden"].items()]
    kc = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["code", "variabele", "waarde"])
    kc.insert(1, "jaar", int(value["jaar"]))
    kc["waarde"] = pd.to_numeric(kc.waarde, errors="coerce").astype("Float64")
    kc.attrs["tabel"] = value["tabel"]
    return kc[["code", "jaar", "variabele", "waarde"]]


def buurten(jaar: int = 2024) -> tuple[pd.DataFrame, str]:
    """Every buurt of Nederland in the Kerncijfers of ``jaar``: tidy ``code, jaar, variabele, waarde``.

    Returns ``(kerncijfers, bron)`` with ``bron`` ``"cache"`` or ``"CBS"``. Suppressed values are NA.

    Raises
    ------
    GeenVerbinding
        CBS cannot be reached (or ``settings.offline``) and nothing is cached.
    GeenTabel
        CBS does not know the table of that year.
    OngeldigAntwoord
        CBS refused the question or answered without data.
    """
    known = TABELLEN.get(int(jaar))
    if known:
        cached = _cache.read(*_naam(known))
        if cached is not None:
            return _uit_cache(cached), "cache"
    if settings.offline:
        raise GeenVerbinding(
            f"wijkscan staat offline en de kerncijfers {jaar} van alle buurten van Nederland staan niet in de "
            f"cache ({_cache.cache_path('cbs')}). Zet wijkscan.settings.offline = False op een computer met internet.")
    tabel, _ = bevestig_tabel(jaar)
    cached = _cache.read(*_naam(tabel))
    if cached is not None:
        return _uit_cache(cached), "cache"
    host = urlsplit(settings.cbs_url).netloc
    try:
        with _cbsodata_via_wijkscan():
            props = cbsodata.get_meta(tabel, "DataProperties", catalog_url=host)
            rows = cbsodata.get_meta(tabel, "TypedDataSet", catalog_url=host, filters=FILTER)
    except requests.HTTPError as exc:
        status = getattr(exc.__cause__, "status", None) or getattr(getattr(exc, "response", None), "status_code", None)
        if status == 404:
            raise GeenTabel(f"CBS kent tabel {tabel} (Kerncijfers wijken en buurten {jaar}) niet. "
                            "Kies een ander jaar.") from exc
        raise OngeldigAntwoord(f"CBS weigerde de vraag naar alle buurten van tabel {tabel} ({exc}).") from exc
    except (KeyError, TypeError) as exc:
        raise OngeldigAntwoord(f"CBS gaf voor tabel {tabel} een antwoord zonder gegevens ({exc}).") from exc
    _, kc, _ = parse({"jaar": int(jaar), "tabel": tabel, "DataProperties": props, "TypedDataSet": rows,
                      "WijkenEnBuurten": []})
    kc = kc[kc.code.str.startswith("BU")]
    if kc.empty:
        raise OngeldigAntwoord(f"CBS gaf voor tabel {tabel} geen enkele buurt terug.")
    wide = kc.pivot_table(index="code", columns="variabele", values="waarde", aggfunc="first", dropna=False)
    value = {"jaar": int(jaar), "tabel": tabel, "codes": wide.index.tolist(),
             "waarden": {var: [None if pd.isna(v) else float(v) for v in wide[var]] for var in wide.columns}}
    _cache.write(value, *_naam(tabel))
    return _uit_cache(value), "CBS"


__all__ = ["buurten", "in_cache"]
