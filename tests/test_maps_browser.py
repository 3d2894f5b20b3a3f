"""The saved maps in a real headless Chromium: they draw, hover, switch layers, and never run injected script.

The maps are saved with ``inline=True`` (Leaflet from the npm registry, cached in ``.cache/`` of the
repository) and ``achtergrond=None``, then served from 127.0.0.1: the page may not ask anything
from any other host. Screenshots go to ``test-artifacts/`` (not in git); look at them.

Skipped only when Chromium is missing outside CI; in CI (``CI`` set) it must run.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.ops import polylabel

import wijkscan
from wijkscan.errors import WijkscanFout
from wijkscan.maps import _geo, kaart, opslaan

from .browser import Chromium, chromium_pad, serve
from .test_maps import XSS_NAAM, XSS_SCRIPT, _geval_met_namen, synthetische_meldingen

ROOT = Path(__file__).resolve().parents[1]
ARTEFACTEN = ROOT / "test-artifacts"
NPM_CACHE = ROOT / ".cache" / "wijkscan-test"     # gitignored; Leaflet's npm tarball, fetched once

if chromium_pad() is None:
    if os.environ.get("CI"):
        pytest.fail("Chromium ontbreekt, maar in CI moet de browsertest draaien (apt-get install chromium).",
                    pytrace=False)
    pytest.skip("Chromium niet gevonden (apt-get install chromium); browsertest overgeslagen buiten CI.",
                allow_module_level=True)

KAART = "Object.values(window).find(function (v) { return v instanceof L.Map; })"
TOOLTIP = "Array.from(document.querySelectorAll('.leaflet-tooltip')).map(function (t) { return t.innerText; })"


@pytest.fixture(scope="module")
def kaarten(tmp_path_factory):
    """Saved maps (inline JS/CSS, no background) in one folder, and what the tests need to know."""
    from wijkscan.settings import settings

    map_ = tmp_path_factory.mktemp("kaarten")
    vs = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
    assen = wijkscan.wijkanalyse("Assen", bron="ingebouwd")
    from wijkscan.sources.meldingen import assen_meldingen

    meldingen = assen_meldingen()
    codes = list(vs.indeling.gebieden.index)
    xss = _geval_met_namen(vs, {codes[0]: XSS_NAAM, codes[1]: XSS_SCRIPT})
    oud = settings.cache_dir
    settings.cache_dir = NPM_CACHE
    try:
        opslaan(kaart(vs, "leeftijd_65plus_aandeel", achtergrond=None, aandachtsgebieden=False),
                map_ / "voorschoten.html", inline=True)
        opslaan(kaart(xss, "leeftijd_65plus_aandeel", achtergrond=None, titel=XSS_NAAM, hotspot_permutaties=9,
                      meldingen=synthetische_meldingen(vs, categorieen=("Afval", XSS_SCRIPT)),
                      toon=("indicator", "aandachtsgebieden", "categorieen")),
                map_ / "xss.html", inline=True)
        opslaan(kaart(assen, "misdrijven_per_1000", achtergrond=None, meldingen=meldingen, hotspot_permutaties=99),
                map_ / "assen.html", inline=True)
        opslaan(kaart(assen, "inwoners", achtergrond=None, meldingen=meldingen, hotspot_permutaties=9, intern=True,
                      toon=("punten",)), map_ / "assen_intern.html", inline=True)
    except WijkscanFout as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Leaflet kon niet uit de npm-registry worden gehaald en staat niet in de cache: {exc}")
    finally:
        settings.cache_dir = oud
    return {"map": map_, "vs": vs, "xss_code": codes[0], "assen": assen}


@pytest.fixture(scope="module")
def browser(kaarten):
    with serve(kaarten["map"]) as base, Chromium(breedte=1280, hoogte=800) as b:
        b.base = base
        yield b


def _punt(pagina, wp, code: str) -> list[float]:
    """Screen position of a point well inside area ``code`` (pole of inaccessibility)."""
    vlak = wp.indeling.gebieden.geometry[code]
    vlak = max(vlak.geoms, key=lambda g: g.area) if hasattr(vlak, "geoms") else vlak
    p = _geo.naar_wgs84(gpd.GeoSeries([polylabel(vlak, 1.0)], crs=_geo.RD)).iloc[0]
    return pagina.evaluate(f"(function () {{ var m = {KAART}; var p = m.latLngToContainerPoint([{p.y}, {p.x}]);"
                           "var r = m.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; })()")


def _schoon(pagina) -> None:
    """No JavaScript error, no console error, no failed request, nothing asked from another host."""
    assert pagina.js_fouten == [], pagina.js_fouten
    assert pagina.console_fouten == [], pagina.console_fouten
    assert pagina.netwerk_fouten == [], pagina.netwerk_fouten
    vreemd = [u for u in pagina.verzoeken if not u.startswith((pagina.browser.base, "data:"))]
    assert vreemd == [], vreemd
    assert pagina.dialogen == []


def _lagen(pagina) -> list[str]:
    return pagina.evaluate("Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))"
                           ".map(function (l) { return l.innerText.trim(); })")


def test_voorschoten_tekent_12_buurten_met_tooltip(browser, kaarten):
    t0 = time.monotonic()
    p = browser.open(browser.base + "/voorschoten.html")
    assert p.wacht_tot("document.querySelectorAll('path.leaflet-interactive').length") == 12
    assert p.evaluate("document.querySelectorAll('path.ws-gebied').length") == 12
    assert p.evaluate("document.title") == "Aandeel 65 jaar of ouder"
    assert _lagen(p) == ["Aandeel 65 jaar of ouder"]
    assert p.evaluate("document.querySelector('.ws-titelkader').innerText").startswith("Aandeel 65 jaar of ouder")
    legenda = p.evaluate("document.querySelector('.ws-legenda').innerText")
    assert "18,6 – 20,2%" in legenda and "kwantielen" in legenda and "Gemeente Voorschoten als geheel: 24,5%." in legenda
    assert "1 km" in p.evaluate("document.querySelector('.leaflet-control-scale').innerText")
    assert "CC BY 4.0" in p.evaluate("document.querySelector('.leaflet-control-attribution').innerText")
    ARTEFACTEN.mkdir(exist_ok=True)
    p.screenshot(ARTEFACTEN / "kaart_voorschoten.png")

    x, y = _punt(p, kaarten["vs"], "BU06260006")                       # Bijdorp
    assert p.evaluate(f"document.elementFromPoint({x}, {y}).classList.contains('ws-gebied')")
    p.muis(x, y)
    tip = p.wacht_tot(TOOLTIP + ".join('|')")
    assert tip.startswith("Bijdorp") and "39,3%" in tip and "Voorschoten (gemeente)\t24,5%" in tip
    assert "index (gemeente = 100)" in tip
    p.screenshot(ARTEFACTEN / "kaart_voorschoten_tooltip.png")
    _schoon(p)
    assert time.monotonic() - t0 < 15


def test_geen_script_uit_namen(browser, kaarten):
    p = browser.open(browser.base + "/xss.html")
    p.wacht_tot("document.querySelectorAll('path.ws-gebied').length == 12")
    assert p.evaluate("typeof window.__xss") == "undefined"
    assert p.evaluate("document.querySelectorAll('.leaflet-container img[src=\"x\"], .leaflet-container script')"
                      ".length") == 0
    assert p.evaluate("document.querySelector('.ws-titel').innerText") == XSS_NAAM     # shown, as text
    assert p.evaluate("document.title") == XSS_NAAM
    assert f"Meldingen: {XSS_SCRIPT}" in _lagen(p)
    x, y = _punt(p, kaarten["vs"], kaarten["xss_code"])
    p.muis(x, y)
    tip = p.wacht_tot(TOOLTIP + ".join('|')")
    assert XSS_NAAM in tip
    p.screenshot(ARTEFACTEN / "kaart_ontsnapt.png")
    assert p.evaluate("typeof window.__xss") == "undefined"
    _schoon(p)


def test_assen_alle_lagen_en_wisselen(browser):
    p = browser.open(browser.base + "/assen.html")
    assert p.wacht_tot("document.querySelectorAll('path.ws-gebied').length") == 106
    lagen = _lagen(p)
    assert lagen[:6] == ["Geregistreerde misdrijven per 1.000 inwoners", "Aandachtsgebieden",
                         "Meldingen per 1.000 inwoners", "Meldingen per zeshoek", "Heatmap meldingen",
                         "Hotspots meldingen (Gi*)"]
    assert "Meldingen: Afval" in lagen and "Meldingen: Openbaar groen en water" in lagen
    assert p.evaluate("document.querySelectorAll('path.ws-zeshoek').length") == 0   # off at opening
    p.screenshot(ARTEFACTEN / "kaart_assen.png")

    def klik_laag(naam: str) -> None:
        xy = p.evaluate("(function (n) { var l = Array.from(document.querySelectorAll("
                        "'.leaflet-control-layers-overlays label')).find(function (e) { return e.innerText.trim() == n; });"
                        "var r = l.querySelector('input').getBoundingClientRect(); return [r.left + r.width / 2,"
                        f" r.top + r.height / 2]; }})({json.dumps(naam)})")
        p.klik(*xy)

    klik_laag("Geregistreerde misdrijven per 1.000 inwoners")
    klik_laag("Meldingen per zeshoek")
    assert p.wacht_tot("document.querySelectorAll('path.ws-zeshoek').length") > 50
    assert p.evaluate("document.querySelectorAll('path.ws-gebied').length") == 0
    legenda = p.evaluate("document.querySelector('.ws-legenda').innerText")
    assert "Meldingen per zeshoek" in legenda and "Geregistreerde misdrijven" not in legenda
    # every melding of the complete period (from 18 May 2026), the same count as the wijkanalyse
    assert "2.775 meldingen openbare ruimte, 18-05-2026 t/m 08-08-2026" in legenda
    assert "minder dan 5 meldingen" in legenda
    klik_laag("Meldingen per zeshoek")
    klik_laag("Heatmap meldingen")
    assert p.wacht_tot("document.querySelectorAll('canvas.leaflet-heatmap-layer').length") == 1
    p.screenshot(ARTEFACTEN / "kaart_assen_heatmap.png")
    klik_laag("Heatmap meldingen")
    klik_laag("Hotspots meldingen (Gi*)")
    assert p.wacht_tot("document.querySelectorAll('path.ws-hotspot').length") == 106
    assert "hotspot (95%)" in p.evaluate("document.querySelector('.ws-legenda').innerText")
    p.screenshot(ARTEFACTEN / "kaart_assen_hotspots.png")
    _schoon(p)


def test_interne_kaart_toont_punten_en_waarschuwing(browser):
    p = browser.open(browser.base + "/assen_intern.html")
    # every melding of the complete period (2.775 from 18 May 2026)
    assert p.wacht_tot("document.querySelectorAll('path.leaflet-interactive').length") >= 2775
    assert p.evaluate("document.querySelector('.ws-intern').innerText").lower() == "alleen voor intern gebruik"
    assert p.evaluate("document.title").startswith("ALLEEN VOOR INTERN GEBRUIK")
    p.screenshot(ARTEFACTEN / "kaart_assen_intern.png")
    _schoon(p)

