"""Doctest isolation: the examples in the docstrings never reach the network or the user's own cache.

Every doctest runs offline (``settings.offline``), with a fresh empty cache folder and a fresh empty
folder for the map files (``WIJKSCAN_ASSETS``), and with the service URLs pointing at a port where
nothing listens, so an example that would fetch fails fast instead of going out.
"""

from __future__ import annotations

import dataclasses

import pytest

from wijkscan.settings import settings


@pytest.fixture(autouse=True)
def _geen_netwerk_geen_eigen_cache(tmp_path, monkeypatch):
    saved = dataclasses.asdict(settings)
    monkeypatch.setenv("WIJKSCAN_OFFLINE", "1")
    monkeypatch.setenv("WIJKSCAN_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("WIJKSCAN_ASSETS", str(tmp_path / "assets"))
    monkeypatch.setenv("WIJKSCAN_NPM_REGISTRY", "http://127.0.0.1:9")
    settings.offline = True
    settings.cache_dir = tmp_path / "cache"
    settings.cbs_url = "http://127.0.0.1:9"      # discard port: nothing listens
    settings.pdok_url = "http://127.0.0.1:9"
    settings.timeout = 1.0
    settings.retries = 0
    yield
    for key, value in saved.items():
        setattr(settings, key, value)
