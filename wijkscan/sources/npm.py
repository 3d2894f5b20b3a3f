"""The npm registry, for the JavaScript and CSS the maps embed (:mod:`wijkscan.maps.assets`).

One public function, :func:`haal`, sends a GET through the package's HTTP helper (timeouts, retries, proxies,
Dutch errors), so that the maps never use the private helper of the sources themselves.
"""

from __future__ import annotations

import requests

from ._http import ServiceFout, send

__all__ = ["ServiceFout", "haal"]


def haal(url: str, json_: bool = False) -> requests.Response:
    """GET ``url`` from the npm registry (a package's metadata with ``json_=True``, else its tarball).

    Raises :class:`ServiceFout` on a 4xx answer, :class:`wijkscan.errors.GeenVerbinding` when the registry cannot be
    reached, :class:`wijkscan.errors.OngeldigAntwoord` when metadata is not JSON.
    """
    with requests.Session() as s:
        prepared = s.prepare_request(requests.Request("GET", url, headers={"Accept": "application/json"}
                                                      if json_ else {}))
        return send(s, prepared, "De npm-registry", expect_json=json_)
