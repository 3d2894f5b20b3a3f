"""The public map variant (wijkkrant website) in a real headless Chromium, on a phone (390 px) and a
desktop (1280 px): the legend is fully visible and the map keeps most of the screen, the layer menu
is an icon, there is no aandachtsgebieden layer, the area names are on, and the iframe snippet scales
with the page. Screenshots go to ``test-artifacts/`` (look at them).

Needs Chromium: fails without it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import wijkscan
from wijkscan.maps import iframe_code, kaart, opslaan

from .browser import Chromium, chromium_pad, serve

ROOT = Path(__file__).resolve().parents[1]
ARTEFACTEN = ROOT / "test-artifacts"
NPM_CACHE = ROOT / ".cache" / "wijkscan-test"     # gitignored; Leaflet's npm tarball, fetched once

if chromium_pad() is None:
    pytest.fail("Chromium ontbreekt: de publieke kaart moet in een echte browser getest worden "
                "(apt-get install chromium).", pytrace=False)

#: JavaScript: the share of the map that no control covers, and whether the legend is whole and on screen
METING = """
(function () {
  var kaart = document.querySelector('.leaflet-container').getBoundingClientRect();
  var vw = window.innerWidth, vh = window.innerHeight;
  var vakken = Array.from(document.querySelectorAll('.leaflet-control')).filter(function (c) {
    return c.offsetParent !== null; }).map(function (c) { return c.getBoundingClientRect(); });
  var x0 = Math.max(kaart.left, 0), y0 = Math.max(kaart.top, 0);
  var x1 = Math.min(kaart.right, vw), y1 = Math.min(kaart.bottom, vh), vrij = 0, alle = 0;
  for (var x = x0 + 2; x < x1; x += 4) { for (var y = y0 + 2; y < y1; y += 4) {
    alle++; if (!vakken.some(function (r) { return x >= r.left && x <= r.right && y >= r.top && y <= r.bottom; })) { vrij++; }
  } }
  var leg = document.querySelector('.ws-legenda'), lr = leg.getBoundingClientRect();
  var rijen = Array.from(leg.querySelectorAll('.ws-rij')).map(function (r) { return r.getBoundingClientRect(); });
  return {vrij: vrij / alle, kaart: [kaart.width, kaart.height],
          legenda: [lr.left, lr.top, lr.right, lr.bottom], heel: leg.scrollHeight <= leg.clientHeight + 1,
          rijen_zichtbaar: rijen.every(function (r) { return r.top >= 0 && r.bottom <= vh && r.left >= 0 && r.right <= vw
            && leg.contains(document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2)); }),
          namen_zichtbaar: Array.from(document.querySelectorAll('.ws-naam')).filter(function (n) {
            return n.style.visibility !== 'hidden'; }).map(function (n) {
            var r = n.firstChild.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }),
          n_rijen: rijen.length, menu_open: !!document.querySelector('.leaflet-control-layers-expanded'),
          namen: document.querySelectorAll('.ws-naam').length, aandacht: document.querySelectorAll('path.ws-aandacht').length,
          vlakken: document.querySelectorAll('path.ws-gebied').length};
})()
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from wijkscan.settings import settings

    map_ = tmp_path_factory.mktemp("publiek")
    assen = wijkscan.wijkanalyse("Assen", bron="ingebouwd")
    oud = settings.cache_dir
    settings.cache_dir = NPM_CACHE
    try:
        m = kaart(assen, "misdrijven_per_1000", achtergrond=None, publiek=True)
        opslaan(m, map_ / "kaart.html", inline=True)
    finally:
        settings.cache_dir = oud
    snippet = (map_ / "kaart.iframe.html").read_text(encoding="utf-8")
    (map_ / "pagina.html").write_text("<!DOCTYPE html><html><head><meta name='viewport' content='width=device-width'>"
                                      "<style>body{margin:0;padding:0 10px}</style></head><body><h1>Wijkkrant</h1>"
                                      f"{snippet}</body></html>", encoding="utf-8")
    return {"map": map_, "kaart": m, "assen": assen, "snippet": snippet}


def test_publieke_variant_inhoud(site):
    info = site["kaart"].kaartinfo
    assert info["publiek"] and not info["intern"]
    assert "Aandachtsgebieden" not in info["lagen"]
    # thinly populated buurten do not set the top class (25 inwoners with 30 misdrijven is 1.200 per 1.000)
    assen = site["assen"]
    p = assen.profiel[(assen.profiel.jaar == assen.jaar)]
    inw = p[p.indicator == "inwoners"].set_index("gebied").waarde
    mis = p[p.indicator == "misdrijven_per_1000"].set_index("gebied").waarde
    klein = set(info["weinig_inwoners"])
    assert klein and all(inw.get(c, 0) < 100 for c in klein)
    assert info["klassen"].grenzen[-1] == pytest.approx(mis[(inw >= 100) & mis.notna()].max())
    assert info["klassen"].grenzen[-1] < mis.max()                 # the extremes of tiny buurten are out
    with pytest.raises(wijkscan.errors.OngeldigeInvoer, match="publiek én intern"):
        kaart(assen, "inwoners", achtergrond=None, publiek=True, intern=True)


def test_iframe_schaalt_mee(site):
    s = site["snippet"]
    assert re.search(r"width:100%;aspect-ratio:[0-9.]+;min-height:520px", s) and "height:100%" in s
    assert 'height="' not in s                                      # no fixed pixel height
    # a static picture and alt text for readers and frames without scripts
    alt = site["kaart"].kaartinfo["alt"]
    assert alt.startswith("Kaart van Assen: geregistreerde misdrijven per 1.000 inwoners per buurt, 2024.")
    assert f'<img src="kaart.png" alt="{alt}"' in s and (site["map"] / "kaart.png").stat().st_size > 10_000
    assert "Het hoogst in " in alt and "Getis" not in s
    assert iframe_code("k.html", hoogte=500).count('height="500"') == 1   # the internal snippet stays as it was


@pytest.mark.parametrize("breedte,minimum", [(390, 0.55), (1280, 0.75)])
def test_telefoon_en_scherm(site, breedte, minimum):
    with serve(site["map"]) as base, Chromium(breedte=breedte, hoogte=800) as browser:
        p = browser.open(base + "/kaart.html")
        p.wacht_tot("document.querySelectorAll('path.ws-gebied').length > 100")
        m = p.evaluate(METING)
        ARTEFACTEN.mkdir(exist_ok=True)
        p.screenshot(ARTEFACTEN / f"kaart_publiek_{breedte}.png")
        assert m["vrij"] >= minimum, m                      # the map is not covered by menu, title and legend
        assert m["heel"] and m["rijen_zichtbaar"] and m["n_rijen"] >= 6, m   # every legend row on screen
        assert not m["menu_open"], m                        # layer menu is an icon
        assert m["aandacht"] == 0 and m["namen"] > 50, m    # no aandachtsgebieden, names on
        zicht = m["namen_zichtbaar"]
        assert len(zicht) >= 10                             # names shown, and no two of them overlap
        for i, a in enumerate(zicht):
            for b in zicht[i + 1:]:
                assert not (a[0] < b[2] and a[2] > b[0] and a[1] < b[3] and a[3] > b[1]), (a, b)
        assert p.js_fouten == [] and p.netwerk_fouten == []
        vreemd = [u for u in p.verzoeken if not u.startswith((base, "data:"))]
        assert vreemd == []

        q = browser.open(base + "/pagina.html")            # embedded: 100 % wide, height by aspect ratio
        r = q.evaluate("(function(){var f=document.querySelector('iframe').getBoundingClientRect();"
                       "return [f.width, f.height, document.body.clientWidth];})()")
        verhouding = site["kaart"].kaartinfo["verhouding"]
        assert r[0] == pytest.approx(r[2] - 20, abs=1)
        assert r[1] == pytest.approx(max(520, r[0] / verhouding), abs=2)
