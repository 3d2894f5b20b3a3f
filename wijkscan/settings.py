"""The one settings object of wijkscan: cache folder, offline switch, timeouts, service URLs.

Example
-------
>>> import wijkscan
>>> wijkscan.settings.offline = True      # never touch the network, use cache or snapshot
>>> wijkscan.settings.timeout = 20        # seconds per HTTP request
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _default_cache_dir() -> Path:
    env = os.environ.get("WIJKSCAN_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base) / "wijkscan"


@dataclass
class Settings:
    """Settings shared by every loader.

    Attributes
    ----------
    cache_dir : Path
        Where fetched responses are kept (``$WIJKSCAN_CACHE`` or ``~/.cache/wijkscan``).
    offline : bool
        When True no request leaves the machine: cache or embedded snapshot only
        (``WIJKSCAN_OFFLINE=1`` sets it).
    use_cache : bool
        Read from and write to the cache. Switch off to force a fresh download.
    timeout : float
        Seconds to wait for one HTTP response.
    retries : int
        How many times a failed request is tried again (with exponential backoff).
    backoff : float
        First wait in seconds between tries; doubles each try.
    cbs_url : str
        Base URL of CBS open data (OData v3), e.g. ``https://opendata.cbs.nl``.
    pdok_url : str
        Base URL of the PDOK OGC web services (WFS), e.g. ``https://service.pdok.nl``.
    pdok_api_url : str
        Base URL of the PDOK OGC APIs (OGC API Features), e.g. ``https://api.pdok.nl``.
    pdok_oud_url : str
        Old PDOK host where wijk- en buurtkaarten before 2020 were published
        (``https://geodata.nationaalgeoregister.nl``); tried when ``pdok_url`` lacks a vintage.
    cbs_derden_url : str
        Base URL of the CBS catalogue of third-party tables (police crime figures),
        ``https://dataderden.cbs.nl``.
    locatieserver_url : str
        Base URL of the PDOK Locatieserver (geocoding addresses), e.g. ``https://api.pdok.nl``.
    """

    cache_dir: Path = field(default_factory=_default_cache_dir)
    offline: bool = field(default_factory=lambda: os.environ.get("WIJKSCAN_OFFLINE", "") not in ("", "0"))
    use_cache: bool = True
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0
    cbs_url: str = "https://opendata.cbs.nl"
    pdok_url: str = "https://service.pdok.nl"
    pdok_api_url: str = "https://api.pdok.nl"
    pdok_oud_url: str = "https://geodata.nationaalgeoregister.nl"
    cbs_derden_url: str = "https://dataderden.cbs.nl"
    locatieserver_url: str = "https://api.pdok.nl"


settings = Settings()
