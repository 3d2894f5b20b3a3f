"""The saved maps in a real headless Chromium: they draw, hover, switch layers, and never run injected script.

The maps are saved with ``inline=True`` (Leaflet and the heat plugin from the pinned npm files that the
set-up fetched, see :mod:`wijkscan.maps.assets`) and ``achtergrond=None``, then served from 127.0.0.1: the
page may not ask anything from any other host. The maps of ``wijkscan demo`` are opened from disk in a
browser with **all network blocked** and must draw. Screenshots go to ``test-artifacts/`` (not in git).

Never skipped: without Chromium or without the fetched map files these tests **fail**, saying what to do.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.ops import polylabel

import wijkscan
from wijkscan.errors import WijkscanFout
from wijkscan.maps import _geo, assets, kaart, opslaan

from .browser import Chromium, chromium_of_falen, serve
from .test_maps import XSS_NAAM, XSS_SCRIPT, _geval_met_namen, synthetische_meldingen

ROOT = Path(__file__).resolve().parents[1]
ARTEFACTEN = ROOT / "test-artifacts"

KAART = "Object.values(window).find(function (v) { return v instanceof L.Map; })"
TOOLTIP = "Array.from(document.querySelectorAll('.leaflet-tooltip')).map(function (t) { return t.innerText; })"
TEGELS = ("https://service.pdok.nl/brt/achtergrondkaart/", "https://tile.openstreetmap.org/")


def _kaartbestanden_of_falen() -> None:
    mist = assets.ontbrekend()
    if mist:
        pytest.fail(f"De kaartbestanden {', '.join(mist)} ontbreken in {assets.assets_map()}: haal ze op met "
                    f"'{assets.OPHALEN}' (./run test en ./run demo doen dat zelf).", pytrace=False)


@pytest.fixture(scope="module")
def kaarten(tmp_path_factory):
    """Saved maps (inline JS/CSS, no background) in one folder, and what the tests need to know."""
    from wijkscan.settings import settings

    chromium_of_falen()
    _kaartbestanden_of_falen()
    map_ = tmp_path_factory.mktemp("kaarten")
    vs = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
    assen = wijkscan.wijkanalyse("Assen", bron="ingebouwd")
    from wijkscan.sources.meldingen import assen_meldingen

    meldingen = assen_meldingen()
    codes = list(vs.indeling.gebieden.index)
    xss = _geval_met_namen(vs, {codes[0]: XSS_NAAM, codes[1]: XSS_SCRIPT})
    oud = settings.offline
    settings.offline = True              # the fetched files only: nothing may come from the registry now
    try:
        opslaan(kaart(vs, "leeftijd_65plus_aandeel", achtergrond=None, aandachtsgebieden=False),
                map_ / "voorschoten.html", inline=True)
        opslaan(kaart(xss, "leeftijd_65plus_aandeel", achtergrond=None, titel=XSS_NAAM,
                      meldingen=xss.lagen(synthetische_meldingen(vs, categorieen=("Afval", XSS_SCRIPT)),
                                          hotspot_permutaties=9),
                      toon=("indicator", "aandachtsgebieden", "categorieen")),
                map_ / "xss.html", inline=True)
        opslaan(kaart(assen, "misdrijven_per_1000", achtergrond=None,
                      meldingen=assen.lagen(meldingen, hotspot_permutaties=99)),
                map_ / "assen.html", inline=True)
        opslaan(kaart(assen, "inwoners", achtergrond=None, intern=True,
                      meldingen=assen.lagen(meldingen, hotspot_permutaties=9, intern=True),
                      toon=("punten",)), map_ / "assen_intern.html", inline=True)
        # the same map linking the CDN, to be opened without network: the Dutch sentence instead of a white page
        opslaan(kaart(vs, "leeftijd_65plus_aandeel", achtergrond=None), map_ / "cdn.html", inline=False)
    except WijkscanFout as exc:
        pytest.fail(f"De kaarten konden niet met ingesloten bestanden worden opgeslagen: {exc}", pytrace=False)
    finally:
        settings.offline = oud
    return {"map": map_, "vs": vs, "xss_code": codes[0], "assen": assen}


@pytest.fixture(scope="module")
def browser(kaarten):
    with serve(kaarten["map"]) as base, Chromium(breedte=1280, hoogte=800) as b:
        b.base = base
        yield b


@pytest.fixture(scope="module")
def demo_kaarten(tmp_path_factory):
    """The maps ``wijkscan demo`` writes (run as a user would: its own process, offline), and a blocked browser."""
    chromium_of_falen()
    _kaartbestanden_of_falen()
    uit = tmp_path_factory.mktemp("demo")
    env = {**os.environ, "WIJKSCAN_OFFLINE": "1"}
    r = subprocess.run([sys.executable, "-m", "wijkscan.cli", "demo", "--zonder-rapporten", "--uitvoer", str(uit),
                        "--kaarten", str(uit / "maps")], capture_output=True, text=True, env=env, timeout=3600)
    assert r.returncode == 0, r.stderr
    assert "niet ingesloten" not in r.stdout, r.stdout
    return sorted((uit / "maps").glob("*.html"))


@pytest.fixture(scope="module")
def blokkeer_browser(kaarten):
    with Chromium(breedte=1024, hoogte=700, netwerk=False) as b:
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
    p = browser.open(browser.base + "/voorschoten.html")
    assert p.wacht_tot("document.querySelectorAll('path.leaflet-interactive').length") == 12
    assert p.evaluate("document.querySelectorAll('path.ws-gebied').length") == 12
    assert p.evaluate("document.title") == "Aandeel 65 jaar of ouder"
    assert _lagen(p) == ["Aandeel 65 jaar of ouder"]
    assert p.evaluate("document.querySelector('.ws-titelkader').innerText").startswith("Aandeel 65 jaar of ouder")
    legenda = p.evaluate("document.querySelector('.ws-legenda').innerText")
    assert "18,6 – 20,8%" in legenda and "kwantielen" in legenda and "Gemeente Voorschoten als geheel: 24,5%." in legenda
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
    assert p.wacht_tot("document.querySelectorAll('path.ws-gebied').length") == 109   # 3 approximate outlines
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



# --- no network at all ------------------------------------------------------------------------------------------
#: demo map -> how many areas it draws (every buurt/wijk with a polygon)
DEMO_GEBIEDEN = {"voorschoten_buurt": 12, "assen_buurt": 109, "assen_wijk": 10}   # Assen: 3 approximate outlines


def test_demokaarten_tekenen_zonder_netwerk(demo_kaarten, blokkeer_browser):
    kaarten = [p for p in demo_kaarten if not p.name.endswith(".iframe.html")]
    assert len(kaarten) == 10, kaarten                        # every demo map, internal and public
    for pad in kaarten:
        html = pad.read_text(encoding="utf-8")
        assert 'src="http' not in html and 'rel="stylesheet" href="http' not in html, pad.name   # no CDN link
        p = blokkeer_browser.open(pad.as_uri())
        verwacht = next(n for stam, n in DEMO_GEBIEDEN.items() if pad.name.startswith(stam))
        assert p.wacht_tot("document.querySelectorAll('path.ws-gebied').length") == verwacht, pad.name
        assert p.evaluate("typeof L === 'object' && L.version") == "1.9.3"
        assert p.evaluate("document.getElementById('ws-zonder-script') === null"), pad.name
        assert p.evaluate("document.querySelector('.ws-legenda').innerText").strip(), pad.name
        p.screenshot(ARTEFACTEN / f"zonder_netwerk_{pad.stem}.png")
        assert p.js_fouten == [] and p.console_fouten == [] and p.dialogen == [], (pad.name, p.js_fouten,
                                                                                    p.console_fouten)
        # only the background tiles were asked from the network, and they failed: the map drew without them
        buiten = [u for u in p.verzoeken if not u.startswith(("file:", "data:"))]
        assert all(u.startswith(TEGELS) for u in buiten), (pad.name, buiten)
        assert all(any(t in f for t in TEGELS) or "Failed to load resource" in f for f in p.netwerk_fouten), (
            pad.name, p.netwerk_fouten)


def test_heatmap_van_de_demo_tekent_zonder_netwerk(demo_kaarten, blokkeer_browser):
    pad = next(p for p in demo_kaarten if p.name == "assen_buurt_meldingen_per_1000.html")
    p = blokkeer_browser.open(pad.as_uri())
    p.wacht_tot("document.querySelectorAll('path.ws-gebied').length > 0")
    assert p.evaluate("typeof L.heatLayer") == "function"            # the pinned npm Leaflet.heat is in the page
    assert p.evaluate("Object.values(window).filter(function (v) { return v instanceof L.HeatLayer; }).length") == 1
    assert p.evaluate("document.querySelectorAll('canvas.leaflet-heatmap-layer').length") == 0    # off at opening
    p.evaluate("(function () { var m = " + KAART + "; Object.values(window).forEach(function (v) {"
               " if (v instanceof L.HeatLayer) { v.addTo(m); } }); })()")
    assert p.wacht_tot("document.querySelectorAll('canvas.leaflet-heatmap-layer').length") == 1
    gekleurd = p.evaluate("(function () { var c = document.querySelector('canvas.leaflet-heatmap-layer');"
                          " var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;"
                          " for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n; })()")
    assert gekleurd > 1000                                             # the heat is drawn, not an empty canvas
    p.screenshot(ARTEFACTEN / "zonder_netwerk_heatmap.png")
    assert p.js_fouten == [], p.js_fouten


def test_kaart_zonder_scripts_toont_een_nederlandse_zin(kaarten, blokkeer_browser):
    p = blokkeer_browser.open((kaarten["map"] / "cdn.html").as_uri())
    tekst = p.wacht_tot("(function () { var e = document.getElementById('ws-zonder-script');"
                        " return e && e.offsetHeight > 0 && e.innerText; })()")
    assert tekst.startswith("Deze kaart kan niet worden getoond")
    assert p.evaluate("document.querySelectorAll('path.ws-gebied').length") == 0
    p.screenshot(ARTEFACTEN / "kaart_zonder_scripts.png")
