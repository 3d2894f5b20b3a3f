"""Geocoding addresses with the PDOK Locatieserver (the public geocoder of Dutch government).

``GET {settings.locatieserver_url}/bzk/locatieserver/search/v3_1/free?q=...&fq=type:adres&rows=1``
answers ``{"response": {"numFound": n, "docs": [{"centroide_rd": "POINT(x y)", "weergavenaam": ...,
"buurtcode": ..., "wijkcode": ..., "gemeentecode": ..., "score": ...}]}}``.

Distinct addresses are looked up once, in batches (each batch is written to the cache as it
finishes, so an interrupted run resumes where it stopped), at a polite rate (``tempo`` requests
per second), with a progress bar. Offline, only cached answers are used and a missing one gives a
clear Dutch message. The addresses themselves are internal data: callers must not publish them.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterable

import numpy as np
import pandas as pd
import requests

from ..errors import GeenVerbinding, OngeldigAntwoord
from ..nlformat import getal
from ..settings import settings
from . import _cache, _http

PAD = "/bzk/locatieserver/search/v3_1/free"
VELDEN = "id,weergavenaam,centroide_rd,buurtcode,wijkcode,gemeentecode,score"
BATCH = 100
_PUNT = re.compile(r"POINT\s*\(\s*([-\d.eE]+)\s+([-\d.eE]+)\s*\)")


def _sleutel(adres: str, gemeentecode: str | None) -> str:
    return hashlib.sha1(f"{adres.strip().lower()}|{gemeentecode or ''}".encode()).hexdigest()


def _lees_doc(doc: dict) -> dict:
    m = _PUNT.match(str(doc.get("centroide_rd") or ""))
    if not m:
        raise OngeldigAntwoord(
            f"De PDOK Locatieserver gaf een adres zonder geldige centroide_rd ({doc.get('weergavenaam')!r})."
        )
    return {"x": float(m.group(1)), "y": float(m.group(2)), "weergavenaam": doc.get("weergavenaam"),
            "buurtcode": doc.get("buurtcode"), "wijkcode": doc.get("wijkcode"),
            "gemeentecode": doc.get("gemeentecode"), "score": doc.get("score")}


def _vraag(session: requests.Session, adres: str, gemeentecode: str | None) -> dict | None:
    fq = ["type:adres"] + ([f"gemeentecode:{gemeentecode}"] if gemeentecode else [])
    params = [("q", adres), *[("fq", f) for f in fq], ("rows", "1"), ("fl", VELDEN)]
    prepared = requests.Request("GET", settings.locatieserver_url.rstrip("/") + PAD, params=params).prepare()
    try:
        antwoord = _http.send(session, prepared, "De PDOK Locatieserver").json()
    except _http.ServiceFout as e:
        raise OngeldigAntwoord(f"De PDOK Locatieserver weigerde de vraag naar {adres!r} (HTTP {e.status}).") from e
    try:
        docs = antwoord["response"]["docs"]
    except (KeyError, TypeError) as e:
        raise OngeldigAntwoord("De PDOK Locatieserver gaf een antwoord zonder response.docs.") from e
    return _lees_doc(docs[0]) if docs else None


def zoek_adressen(adressen: Iterable[str], gemeentecode: str | None = None, *, tempo: float = 8.0,
                  voortgang: bool = True) -> pd.DataFrame:
    """Look up addresses; one row per distinct address (index), NaN where nothing was found.

    Parameters
    ----------
    adressen : iterable of str
        E.g. ``"Witterweg 56, Bovensmilde"`` or ``"9421PD 56"``.
    gemeentecode : str, optional
        Four digits (``"0106"``): only addresses in this gemeente.
    tempo : float
        At most this many requests per second (PDOK asks for fair use).
    voortgang : bool
        Show a progress bar (tqdm).

    Returns
    -------
    DataFrame
        ``x, y`` (RD New), ``weergavenaam``, ``buurtcode``, ``wijkcode``, ``gemeentecode``, ``score``.

    Raises
    ------
    GeenVerbinding
        Offline (or unreachable) and not all addresses are in the cache.
    """
    uniek = list(dict.fromkeys(a.strip() for a in adressen if isinstance(a, str) and a.strip()))
    kolommen = ["x", "y", "weergavenaam", "buurtcode", "wijkcode", "gemeentecode", "score"]
    uitkomst: dict[str, dict | None] = {}
    todo: list[str] = []
    for a in uniek:
        c = _cache.read("locatieserver", _sleutel(a, gemeentecode)[:2], _sleutel(a, gemeentecode) + ".json")
        if c is not None:
            uitkomst[a] = c.get("doc")
        else:
            todo.append(a)
    if todo and settings.offline:
        raise GeenVerbinding(
            f"{getal(len(todo))} {'adres moet' if len(todo) == 1 else 'adressen moeten'} nog worden opgezocht in de "
            "PDOK Locatieserver, maar wijkscan staat offline (en ze staan niet in de cache). Zet "
            "wijkscan.settings.offline = False met internet, of lever de meldingen met coördinaten of een "
            "gebiedskolom (buurt, wijk)."
        )
    if todo:
        from tqdm.auto import tqdm

        session = requests.Session()
        wacht = 1.0 / tempo if tempo and tempo > 0 else 0.0
        vorige = 0.0
        with tqdm(total=len(todo), desc="Adressen opzoeken (PDOK Locatieserver)", unit="adres",
                  disable=not voortgang) as balk:
            for start in range(0, len(todo), BATCH):
                for a in todo[start:start + BATCH]:
                    rust = vorige + wacht - time.monotonic()
                    if rust > 0:
                        time.sleep(rust)
                    vorige = time.monotonic()
                    doc = _vraag(session, a, gemeentecode)
                    uitkomst[a] = doc
                    sleutel = _sleutel(a, gemeentecode)
                    _cache.write({"adres": a, "doc": doc}, "locatieserver", sleutel[:2], sleutel + ".json")
                    balk.update(1)
    rijen = [{k: (uitkomst.get(a) or {}).get(k, np.nan) for k in kolommen} for a in uniek]
    out = pd.DataFrame(rijen, index=pd.Index(uniek, name="adres"), columns=kolommen)
    out[["x", "y"]] = out[["x", "y"]].astype(float)
    return out
