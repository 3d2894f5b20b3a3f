"""HTTP with timeouts, retries with exponential backoff, and Dutch errors.

Every request wijkscan sends goes through :func:`send`: PDOK directly, CBS through the
session class that :mod:`wijkscan.sources.cbs` hands to ``cbsodata``.

Proxies come from the environment on every path: ``HTTPS_PROXY``/``https_proxy``,
``HTTP_PROXY``/``http_proxy``, ``ALL_PROXY`` and ``NO_PROXY``/``no_proxy`` (as ``requests``
reads them), plus ``REQUESTS_CA_BUNDLE`` for a proxy with its own certificate. A caller may
pass explicit ``proxies=``; only entries with a value override the environment, so a client
library that hands over ``{"https": None}`` (``cbsodata`` does, when the lower-case variable is
unset) cannot switch the environment's proxy off.
"""

from __future__ import annotations

import json
import time

import requests

from ..errors import GeenVerbinding, OngeldigAntwoord
from ..settings import settings

RETRY_STATUS = {429, 500, 502, 503, 504}


class ServiceFout(requests.HTTPError):
    """A non-retryable HTTP error answer (4xx); ``status`` holds the code."""

    def __init__(self, status: int, url: str, body: str):
        super().__init__(f"HTTP {status} voor {url}: {body[:300]}")
        self.status = status
        self.body = body


def omgeving(session: requests.Session, url: str, proxies: dict | None = None) -> dict:
    """``proxies``/``verify``/``cert`` for ``url`` from the environment, as ``requests.get`` would use them.

    ``Session.send`` alone ignores the environment; municipal networks often route through a
    proxy with its own certificate, so wijkscan always takes those settings in. ``NO_PROXY`` is
    honoured (a host listed there gets no proxy). Entries of ``proxies`` with a value win over
    the environment; entries that are None or empty are ignored.

    Example
    -------
    >>> import requests
    >>> omgeving(requests.Session(), "https://opendata.cbs.nl/")["proxies"]   # doctest: +SKIP
    {'https': 'http://proxy.gemeente.local:8080'}
    """
    env = session.merge_environment_settings(url, {}, None, None, None)
    chosen = dict(env.get("proxies") or {})
    chosen.update({k: v for k, v in (proxies or {}).items() if v})
    out = {k: v for k, v in env.items() if v is not None and k != "proxies"}
    out["proxies"] = chosen
    return out


def send(session: requests.Session, prepared: requests.PreparedRequest, service: str,
         expect_json: bool = True, **kwargs) -> requests.Response:
    """Send one request, retrying timeouts, connection errors, 5xx and broken JSON.

    Parameters
    ----------
    session, prepared
        The requests session and prepared request.
    service : str
        Human name of the service for error messages, e.g. ``"CBS"``.
    expect_json : bool
        Check that a 200 answer parses as JSON (a truncated body is retried).

    Raises
    ------
    GeenVerbinding
        The service could not be reached after all tries.
    OngeldigAntwoord
        The service kept answering with something that is not valid JSON.
    ServiceFout
        The service answered 4xx (not retried: asking again will not help).
    """
    kwargs.setdefault("timeout", settings.timeout)
    kwargs = {**omgeving(session, prepared.url or "", kwargs.pop("proxies", None)), **kwargs}
    last: str = ""
    broken = False
    for attempt in range(settings.retries + 1):
        if attempt:
            time.sleep(settings.backoff * 2 ** (attempt - 1))
        try:
            r = requests.Session.send(session, prepared, **kwargs)
        except requests.Timeout:
            last, broken = f"geen antwoord binnen {kwargs['timeout']:g} seconden", False
            continue
        except requests.ConnectionError as exc:
            last, broken = f"geen verbinding ({type(exc).__name__})", False
            continue
        if r.status_code in RETRY_STATUS:
            last, broken = f"foutcode {r.status_code} van de server", False
            continue
        if r.status_code >= 400:
            raise ServiceFout(r.status_code, prepared.url or "", r.text)
        if expect_json:
            r.encoding = "utf-8"
            try:
                json.loads(r.text)
            except ValueError:
                last, broken = "een onvolledig of ongeldig JSON-antwoord", True
                continue
        return r
    tries = settings.retries + 1
    if broken:
        raise OngeldigAntwoord(
            f"{service} gaf {tries} keer {last} ({prepared.url}). Probeer het later opnieuw; "
            "blijft het gebeuren, meld het dan bij de beheerder van wijkscan."
        )
    raise GeenVerbinding(
        f"{service} is niet bereikbaar: {last} na {tries} pogingen ({prepared.url}). "
        "Controleer de internetverbinding, of werk offline met wijkscan.settings.offline = True "
        "(dan gebruikt wijkscan de cache of de ingebouwde gegevens)."
    )
