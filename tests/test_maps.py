"""Interactive maps: classification, Dutch legend and tooltips, escaping, privacy, saving, offline assets."""

from __future__ import annotations

import base64
import hashlib
import http.server
import io
import json
import re
import tarfile
import threading

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import wijkscan
from wijkscan.analysis.meldingenlagen import meldingenlagen
from wijkscan.errors import GeenVerbinding, OngeldigAntwoord, OngeldigeInvoer
from wijkscan.maps import (
    assets,
    grijswaarde,
    helderheid,
    iframe_code,
    kaart,
    klasseer,
    opslaan,
    pagina,
    palet,
)
from wijkscan.maps.classify import GEEN_GEGEVENS_KLEUR
from wijkscan.sources.embedded import meldingen_bestand
from wijkscan.sources.meldingen import lees_meldingen

XSS_NAAM = '<img src=x onerror="window.__xss=1">Dorp'
XSS_SCRIPT = "<script>window.__xss=2</script>"


# ---------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="module")
def vs():
    return wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")


@pytest.fixture(scope="module")
def assen():
    return wijkscan.wijkanalyse("Assen", bron="ingebouwd")


@pytest.fixture(scope="module")
def met_adres():
    """The real Assen meldingen, deliberately keeping the ``address`` column (worst case)."""
    return lees_meldingen(meldingen_bestand("assen_signalen_all_meldingen"), bewaar=["address"]).meldingen


@pytest.fixture(scope="module")
def assen_kaart_html(assen, met_adres):
    m = kaart(assen, "misdrijven_per_1000", meldingen=assen.lagen(met_adres, hotspot_permutaties=99),
              achtergrond="osm")
    return m, pagina(m)


def kaart_html(*args, **kwargs) -> str:
    return pagina(kaart(*args, **kwargs), inline=False)     # the page itself, CDN links left as they are


def _geval_met_namen(wp, namen: dict[str, str]):
    """A copy of a wijkanalyse with some area names replaced (everywhere a name can come from)."""
    import dataclasses

    ind = dataclasses.replace(wp.indeling, gebieden=wp.indeling.gebieden.copy())
    for code, naam in namen.items():
        ind.gebieden.loc[code, "naam"] = naam
    prof = wp.profiel.copy()
    prof["naam"] = prof["gebied"].map(namen).fillna(prof["naam"])
    sc = wp.aandachtsgebieden.copy()
    sc["naam"] = sc["gebied"].map(namen).fillna(sc["naam"])
    return dataclasses.replace(wp, indeling=ind, profiel=prof, aandachtsgebieden=sc)


def synthetische_meldingen(wp, n: int = 400, categorieen=("Afval", "Openbaar groen en water"), seed: int = 1):
    """Synthetic points inside the areas of ``wp`` (for Voorschoten, which has no real meldingen)."""
    rng = np.random.default_rng(seed)
    g = wp.indeling.gebieden.dropna(subset=["geometry"])
    vorm = g.geometry.union_all()
    x0, y0, x1, y1 = vorm.bounds
    pts = []
    while len(pts) < n:
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        if vorm.contains(shapely.Point(x, y)):
            pts.append((x, y))
    xy = np.array(pts)
    # a dense cluster so that hexagons and cells reach the threshold
    xy[: n // 2] = xy[0] + rng.normal(0, 120, size=(n // 2, 2))
    return gpd.GeoDataFrame({
        "datum": pd.date_range("2026-01-01", periods=n, freq="6h"),
        "categorie": [categorieen[i % len(categorieen)] for i in range(n)],
    }, geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs="EPSG:28992")


# ---------------------------------------------------------------------------------------------
# classification


def test_klasseer_drie_methoden():
    v = [1, 2, 3, 4, 10, 11, 12, 30, 31, 100] * 2 + [None]
    q = klasseer(v, "quantiles", k=5, decimalen=0)
    assert q.methode == "quantiles" and q.k == 5 and q.geen_gegevens == 1
    assert q.aantallen == (4, 4, 4, 4, 4)                                 # equal counts
    nb = klasseer(v, "natural_breaks", k=3, decimalen=0)
    assert nb.grenzen == (12.0, 31.0, 100.0)                              # Fisher-Jenks: 1-12 | 30-31 | 100
    ei = klasseer([float(x) for x in range(1, 21)], "equal_interval", k=3, decimalen=0)
    assert ei.aantallen == (7, 6, 7)                                      # equal widths over 1 … 20
    assert klasseer(v, "kwantielen").grenzen == klasseer(v, "quantiles").grenzen    # Dutch names too
    assert klasseer(v, "natuurlijke grenzen", k=3).grenzen == nb.grenzen
    # same classes for the same values, whatever the caller
    assert q.klasse([1, 100, None]).tolist() == [0, 4, -1]


def test_klasseer_randgevallen():
    with pytest.raises(OngeldigeInvoer, match="Onbekende klassenindeling 'jenks'"):
        klasseer([1, 2, 3], "jenks")
    with pytest.raises(OngeldigeInvoer, match="kies 2 tot en met 9"):
        klasseer([1, 2, 3], k=12)
    # never more classes than a quarter of the areas: 4 PC4 areas get one class, 12 areas three
    weinig = klasseer([4, 4, 7, 9, None], "quantiles", k=5, decimalen=0)
    assert weinig.k == 1 and weinig.labels == ("4 – 9",)
    assert klasseer(list(range(12)), k=5).k == 3 and klasseer(list(range(100)), k=5).k == 5
    een = klasseer([5, 5, 5], k=5)
    assert een.k == 1
    leeg = klasseer([None, np.nan], k=5)
    assert leeg.k == 0 and leeg.legenda() == [("geen gegevens", GEEN_GEGEVENS_KLEUR, 2)]


def _randen(label: str) -> tuple[float, float]:
    delen = [float(x.replace(".", "").replace(",", ".").rstrip("%")) for x in label.split(" – ")]
    return delen[0], delen[-1]


def test_legendalabels_nederlands_en_zonder_overlap():
    kl = klasseer([1200, 2500.5, 4000, 25625, 1300, 1400, 1500, 26000, None], "equal_interval", k=2, decimalen=0)
    assert kl.labels == ("1.200 – 4.000", "25.625 – 26.000")               # the values in each class
    pct = klasseer([4.75, 10.0, 12.5, 5, 6, 11, 12, 8], "equal_interval", k=2, decimalen=1, eenheid="%")
    assert pct.labels == ("4,8 – 8,0%", "10,0 – 12,5%")
    # rounding would make two classes touch: one more decimal
    fijn = klasseer([1.01, 1.02, 1.03, 1.04, 1.05, 1.06, 1.07, 1.08], "quantiles", k=2, decimalen=1)
    assert _randen(fijn.labels[0])[1] < _randen(fijn.labels[1])[0]
    assert kl.legenda()[-1] == ("geen gegevens", GEEN_GEGEVENS_KLEUR, 1)
    # skewed values like the rates of 109 buurten: no two classes share an edge
    rng = np.random.default_rng(1)
    for methode in ("quantiles", "natural_breaks", "equal_interval"):
        k = klasseer(rng.gamma(2, 10, 109).round(1), methode, k=5, decimalen=1)
        for a, b in zip(k.labels, k.labels[1:], strict=False):
            assert _randen(a)[1] < _randen(b)[0], k.labels


@pytest.mark.parametrize("richting", ["hoger_slechter", "hoger_beter", "neutraal", "meldingen"])
def test_paletten_leesbaar_in_zwart_wit(richting):
    for k in range(2, 10):
        licht = [helderheid(c) for c in palet(k, richting)]
        stap = 5 if k <= 7 else 4                                        # L* steps, darker = higher
        assert all(a - b >= stap for a, b in zip(licht, licht[1:], strict=False)), (k, licht)
    assert palet(5, "hoger_slechter") != palet(5, "hoger_beter")


@pytest.mark.parametrize("richting", ["hoger_slechter", "hoger_beter", "neutraal", "meldingen"])
def test_palet_op_krantenpapier(richting):
    """Once printed in grey (newsprint), neighbouring classes differ by at least 45 of 255 grey levels for up
    to five classes (the issue found 26–32, which merge), and the lightest class is not white."""
    for k, minimum in ((2, 150), (3, 90), (4, 60), (5, 45), (6, 36), (7, 30), (9, 22)):
        grijs = [grijswaarde(c) for c in palet(k, richting)]
        verschil = [a - b for a, b in zip(grijs, grijs[1:], strict=False)]
        assert min(verschil) >= minimum, (k, grijs)
        assert grijs[0] <= 240 and grijs[-1] >= 30, grijs          # not paper-white, not solid black


# ---------------------------------------------------------------------------------------------
# the interactive map


def test_kaart_voorschoten_legenda_en_tooltips(vs):
    m = kaart(vs, "leeftijd_65plus_aandeel", achtergrond=None)
    html = pagina(m)
    kl = m.kaartinfo["klassen"]
    assert kl.k == 3 and sum(kl.aantallen) == 12          # 12 buurten: at most a quarter, 3 classes
    for label in kl.labels:                                   # Dutch legend with unit
        assert label.endswith("%") and "," in label
        assert json.dumps(label, ensure_ascii=False) in html.replace("\\u0026", "&") or label in html
    # tooltip values: Bijdorp 615 of 1,565 inhabitants are 65+ = 39,3%; gemeente value and index
    assert '"Bijdorp",["39,3%","24,5%"' in html
    assert "index (gemeente = 100)" in html and "Voorschoten (gemeente)" in html
    assert "39.3" not in html                                 # never an English decimal point in text
    assert m.kaartinfo["lagen"] == ["Aandeel 65 jaar of ouder", "Aandachtsgebieden"]
    assert "kwantielen: ongeveer evenveel gebieden per klasse" in html
    assert "CC BY 4.0" in html and "CBS" in html and "PDOK" in html
    assert '<html lang="nl">' in html and "<title>Aandeel 65 jaar of ouder</title>" in html
    # analysis geometry stays RD New
    assert vs.indeling.gebieden.crs.to_epsg() == 28992


def test_kaart_klassen_keuze_in_legenda(vs):
    for methode, tekst in [("natural_breaks", "natuurlijke grenzen (Fisher-Jenks)"),
                           ("equal_interval", "gelijke intervallen")]:
        m = kaart(vs, "inwoners", klassen=methode, k=4, achtergrond=None)
        assert m.kaartinfo["klassen"].methode == methode and m.kaartinfo["klassen"].k == 3   # 12 buurten
        assert tekst in pagina(m)


def test_geen_gegevens_gearceerd_in_legenda_en_kaart(assen):
    m = kaart(assen, "misdrijven_per_1000", achtergrond=None)
    html = pagina(m)
    assert m.kaartinfo["klassen"].geen_gegevens == 2
    assert "ws-arcering" in html and "url(#ws-arcering)" in html and '<pattern id="ws-arcering"' in html
    assert "onbekend: de gegevens geven dit cijfer niet" in html      # the sign with its one legend entry (tekens)
    # the three 2024 buurten without a polygon are drawn dashed with an approximate outline, and named in a note
    assert "Grens bij benadering" in html and "BU01060311" in html
    assert m.kaartinfo["opmerkingen"][0].startswith("Grens bij benadering")


def test_kaart_foutmeldingen_nederlands(vs):
    with pytest.raises(OngeldigeInvoer, match="Onbekende indicator 'leeftijd_65_plus'.*leeftijd_65plus"):
        kaart(vs, "leeftijd_65_plus")
    with pytest.raises(OngeldigeInvoer, match="Onbekende achtergrond"):
        kaart(vs, "inwoners", achtergrond="google")
    with pytest.raises(OngeldigeInvoer, match="Onbekende laag in toon"):
        kaart(vs, "inwoners", toon=["alles"])
    with pytest.raises(OngeldigeInvoer, match="Geen cijfers van 'inwoners' voor 1999"):
        kaart(vs, "inwoners", jaar=1999)
    # a label works as well as an id
    assert kaart(vs, "Aandeel 65 jaar of ouder", achtergrond=None).kaartinfo["indicator"] == "leeftijd_65plus_aandeel"


def test_achtergronden_en_bronvermelding(vs):
    osm = kaart_html(vs, "inwoners", achtergrond="osm")
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in osm and "OpenStreetMap\\u003c/a\\u003e-bijdragers" in osm
    pdok = kaart_html(vs, "inwoners", achtergrond="pdok")
    assert "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png" in pdok
    assert "Kadaster" in pdok
    geen = kaart_html(vs, "inwoners", achtergrond=None)
    assert "tile.openstreetmap.org" not in geen and "service.pdok.nl/brt" not in geen
    assert "L.control.scale" in geen and "imperial: false" in geen          # scale bar, metric only
    assert "fitBounds" in geen


def test_alle_tekst_ontsnapt(vs):
    """A name with HTML or script never becomes markup: escaped in legend/menu, JSON-escaped in data."""
    codes = list(vs.indeling.gebieden.index)
    wp = _geval_met_namen(vs, {codes[0]: XSS_NAAM, codes[1]: XSS_SCRIPT})
    mel = synthetische_meldingen(vs, categorieen=("Afval", XSS_SCRIPT))
    html = kaart_html(wp, "leeftijd_65plus_aandeel", meldingen=wp.lagen(mel, hotspot_permutaties=9), titel=XSS_NAAM,
                      achtergrond=None)
    assert "<script>window.__xss" not in html and "<img src=x" not in html
    assert html.count("<script") == html.count("</script>")
    # data for tooltips: JSON with < > & escaped, so a name cannot end the <script> it sits in
    assert '"\\u003cimg src=x onerror=\\"window.__xss=1\\"\\u003eDorp"' in html
    assert '"\\u003cscript\\u003ewindow.__xss=2\\u003c/script\\u003e"' in html
    # layer menu label: HTML-escaped (Leaflet puts it in innerHTML), then JSON-escaped by folium
    assert '"Meldingen: \\u0026lt;script\\u0026gt;window.__xss=2\\u0026lt;/script\\u0026gt;"' in html
    assert "<title>&lt;img src=x" in html


def test_aandachtsgebieden_laag(vs):
    import dataclasses

    sc = vs.aandachtsgebieden.copy()
    aangewezen = sc.gebied.iloc[-1]
    sc.loc[sc.gebied == aangewezen, ["aangewezen", "soort"]] = [True, "aangewezen"]
    wp = dataclasses.replace(vs, aandachtsgebieden=sc)
    m = kaart(wp, "inwoners", achtergrond=None)
    html = pagina(m)
    assert "Aandachtsgebieden" in m.kaartinfo["lagen"]
    assert '"dashArray":"8 6"' in html and "#1f5fbf" in html        # designated: dashed blue
    assert "#c0141b" in html                                           # computed: red
    assert "aangewezen door de gemeente" in html
    assert "Aandachtsgebieden" not in kaart(wp, "inwoners", aandachtsgebieden=False).kaartinfo["lagen"]


# ---------------------------------------------------------------------------------------------
# meldingen and privacy


def test_meldingenlagen_onder_drempel_weg(assen, met_adres):
    lagen = meldingenlagen(assen, met_adres, hotspot_permutaties=9)
    assert (lagen.zeshoeken.meldingen >= 5).all() and (lagen.warmte.meldingen >= 5).all()
    assert all((laag.meldingen >= 5).all() for laag in lagen.categorieen.values())
    assert list(lagen.categorieen)[0] == "Openbaar groen en water"           # most meldingen first
    klein = lagen.per_gebied.meldingen_tekst == "<5"
    assert klein.any() and lagen.per_gebied.loc[klein, "per_1000_inwoners"].isna().all()
    assert set(lagen.warmte.geom_type) == {"Point"} and lagen.punten is None
    # cell centres lie on the 200 m grid, never on a melding
    assert np.allclose((lagen.warmte.geometry.x - 100) % 200, 0)
    assert 60 < lagen.warmte_dekking < 90
    # every melding of the period counts; those in no buurt polygon only for the gemeente (said so)
    assert lagen.aantal == len(met_adres) and 0 < lagen.buiten < 50
    assert any("in geen buurtvlak" in o for o in lagen.opmerkingen)


def test_openbare_kaart_zonder_adressen_of_punten(assen_kaart_html, met_adres):
    m, html = assen_kaart_html
    adressen = {a for a in met_adres["address"].dropna() if any(ch.isdigit() for ch in a)}
    assert len(adressen) > 1000
    assert "Witterweg 56" in adressen                                     # the first melding of the file
    gevonden = [a for a in adressen if a in html]
    assert not gevonden, gevonden[:3]
    assert "address" not in html and "adres" not in html.lower().replace("adressen", "")
    # no melding's coordinates, in any rounding or in the packed integer form
    wgs = met_adres.to_crs(4326).geometry
    for p in list(wgs)[:500]:
        for d in (5, 6):                       # 4 decimals (~10 m) can hit a 200 m grid cell centre by chance
            assert f"{p.y:.{d}f}, {p.x:.{d}f}" not in html and f"{p.y:.{d}f},{p.x:.{d}f}" not in html
        assert f"{round(p.x * 1e5)},{round(p.y * 1e5)}" not in html
    assert "wsKaart.punten" not in html.split("var wsKaart")[1].split("})();")[1]   # runtime defines it, nobody calls
    assert "intern gebruik" not in html
    assert {"Meldingen per 1.000 inwoners", "Meldingen per zeshoek", "Heatmap meldingen",
            "Hotspots meldingen (Gi*)", "Meldingen: Afval"} <= set(m.kaartinfo["lagen"])
    assert "Aantallen onder 5 zijn niet getoond" in html


def test_interne_kaart_zegt_het(assen, met_adres):
    m = kaart(assen, "inwoners", meldingen=assen.lagen(met_adres, intern=True, hotspot_permutaties=9), intern=True,
              toon=["punten"])
    html = pagina(m)
    assert "<title>ALLEEN VOOR INTERN GEBRUIK — Inwoners</title>" in html
    assert "Alleen voor intern gebruik" in html and 'content="noindex, nofollow"' in html
    assert "Meldingen (punten) — alleen voor intern gebruik" in m.kaartinfo["lagen"]
    assert "wsKaart.punten(" in html
    assert not [a for a in set(met_adres["address"].dropna()) if len(a) > 8 and a in html]   # still no addresses


# ---------------------------------------------------------------------------------------------
# saving and embedding


def test_opslaan_en_iframe(vs, tmp_path):
    m = kaart(vs, "leeftijd_65plus_aandeel", achtergrond=None)
    pad = opslaan(m, tmp_path / "kaarten" / "vs_65plus.html", url="https://www.voorschoten.nl/kaart/65.html",
                  hoogte=480)
    assert pad.is_file() and pad.read_text(encoding="utf-8").startswith('<!DOCTYPE html>\n<html lang="nl">')
    snippet = (tmp_path / "kaarten" / "vs_65plus.iframe.html").read_text(encoding="utf-8")
    assert '<iframe src="https://www.voorschoten.nl/kaart/65.html" title="Aandeel 65 jaar of ouder"' in snippet
    assert 'height="480"' in snippet
    assert iframe_code('a.html"><script>', titel="<b>") == (
        '<iframe src="a.html&quot;&gt;&lt;script&gt;" title="&lt;b&gt;" width="100%" height="600" '
        'style="border:0" loading="lazy"></iframe>')
    with pytest.raises(OngeldigeInvoer, match=r"\.html"):
        opslaan(m, tmp_path / "kaart.png")


# ---------------------------------------------------------------------------------------------
# offline assets from a fake npm registry on 127.0.0.1


def _tarball(bestanden: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for naam, data in bestanden.items():
            info = tarfile.TarInfo(f"package/{naam}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


@pytest.fixture
def npm_registry(monkeypatch, tmp_path):
    """A registry that serves one fake ``leaflet@1.9.3`` in the npm registry's shape (and the real pinned heat plugin)."""
    png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
    tgz = _tarball({
        "dist/leaflet.js": b"window.NEP_LEAFLET = '</script>';\n//# sourceMappingURL=leaflet.js.map\n",
        "dist/leaflet.css": b".leaflet-control-layers-toggle{background-image:url(images/layers.png)}",
        "dist/images/layers.png": png,
    })
    # a heat plugin whose sha512 differs from the pin: refused (the real one is tested in test_maps_browser)
    state = {"tgz": tgz, "aanvragen": [], "heat": _tarball({"dist/leaflet-heat.js": b"window.NEP_HEAT = 1;"})}

    class Registry(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            state["aanvragen"].append(self.path)
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if self.path == "/leaflet/1.9.3":
                integ = "sha512-" + base64.b64encode(hashlib.sha512(tgz).digest()).decode()
                body = json.dumps({"name": "leaflet", "version": "1.9.3", "dist": {
                    "tarball": f"{base}/leaflet/-/leaflet-1.9.3.tgz", "integrity": integ}}).encode()
            elif self.path == "/leaflet/-/leaflet-1.9.3.tgz":
                body = state["tgz"]
            elif self.path == "/leaflet.heat/0.2.0":
                body = json.dumps({"name": "leaflet.heat", "version": "0.2.0", "dist": {
                    "tarball": f"{base}/leaflet.heat/-/leaflet.heat-0.2.0.tgz",
                    "integrity": assets.PAKKETTEN["leaflet.heat"][1]}}).encode()
            elif self.path == "/leaflet.heat/-/leaflet.heat-0.2.0.tgz":
                body = state["heat"]
            else:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Registry)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("WIJKSCAN_NPM_REGISTRY", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("WIJKSCAN_ASSETS", str(tmp_path / "assets"))
    # the fake leaflet is pinned by its own checksum here; the real pin stays for leaflet.heat
    monkeypatch.setitem(assets.PAKKETTEN, "leaflet",
                        ("1.9.3", "sha512-" + base64.b64encode(hashlib.sha512(tgz).digest()).decode()))
    yield state
    server.shutdown()
    server.server_close()


PAGINA_LEAFLET = ('<html><head><script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>\n'
                  '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"/>\n')
PAGINA = (PAGINA_LEAFLET + '<script src="https://cdn.jsdelivr.net/gh/python-visualization/folium@main/folium/templates/'
          'leaflet_heat.min.js"></script></head></html>')


def test_assets_uit_npm_registry_en_cache(npm_registry, fresh_settings, tmp_path):
    uit = assets.inline(PAGINA_LEAFLET)
    assert "<script src=" not in uit and "<link rel=" not in uit and "cdn.jsdelivr.net" not in uit
    assert "window.NEP_LEAFLET = '<\\/script>';" in uit                 # cannot close the page's script early
    assert "sourceMappingURL" not in uit
    assert 'url("data:image/png;base64,' in uit                        # Leaflet's layer icon, inlined
    assert (tmp_path / "assets" / "leaflet-1.9.3.tgz").is_file()         # kept in $WIJKSCAN_ASSETS, not the cache
    assert not (fresh_settings.cache_dir / "npm").exists()
    n = len(npm_registry["aanvragen"])
    fresh_settings.offline = True                                       # second time: from the store
    assert assets.inline(PAGINA_LEAFLET) == uit and len(npm_registry["aanvragen"]) == n
    assert assets.ontbrekend() == ["leaflet.heat@0.2.0"]
    (tmp_path / "assets" / "leaflet-1.9.3.tgz").write_bytes(b"kapot")    # damaged: not used, fetched again
    assert assets.ontbrekend() == ["leaflet@1.9.3", "leaflet.heat@0.2.0"]
    fresh_settings.offline = False
    assert assets.inline(PAGINA_LEAFLET) == uit and len(npm_registry["aanvragen"]) == n + 2


def test_heatmap_plugin_is_vastgepind_en_gecontroleerd(npm_registry, fresh_settings):
    """folium links its heat plugin from a ``main`` branch: wijkscan takes the pinned npm release, checksum checked."""
    with pytest.raises(OngeldigAntwoord, match="controlegetal"):
        assets.inline(PAGINA)                                            # the fake heat tarball is not the pinned one
    assert "/leaflet.heat/0.2.0" in npm_registry["aanvragen"]


def test_assets_fouten(npm_registry, fresh_settings):
    fresh_settings.offline = True
    with pytest.raises(GeenVerbinding, match="staan nog niet op deze computer en wijkscan staat offline"):
        assets.inline(PAGINA)
    fresh_settings.offline = False
    npm_registry["tgz"] = npm_registry["tgz"][:-3] + b"xyz"              # does not match its sha512
    with pytest.raises(OngeldigAntwoord, match="controlegetal"):
        assets.npm_pakket("leaflet", "1.9.3")
    with pytest.raises(OngeldigeInvoer, match="bestaat niet in de npm-registry"):
        assets.npm_pakket("leaflet", "0.0.1")
    with pytest.raises(OngeldigeInvoer, match="niet in de kaart opnemen"):
        assets.inline('<script src="https://example.org/x.js"></script>')


def test_bron_van_cdn_links():
    assert assets.bron_van("https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js") == (
        "bootstrap", "5.2.2", "dist/js/bootstrap.bundle.min.js")
    assert assets.bron_van("https://unpkg.com/@scope/pkg@1.0.0/a.js") == ("@scope/pkg", "1.0.0", "a.js")
    assert assets.bron_van("https://code.jquery.com/jquery-3.7.1.min.js") == ("jquery", "3.7.1", "dist/jquery.min.js")
    heat = assets.bron_van("https://cdn.jsdelivr.net/gh/python-visualization/folium@main/folium/templates/"
                           "leaflet_heat.min.js")
    assert heat == ("leaflet.heat", "0.2.0", "dist/leaflet-heat.js")     # pinned npm release, not folium's main


def test_kaart_gebruikt_alleen_bekende_bestanden(vs):
    """Every script/stylesheet our map links can be inlined (no bootstrap/fontawesome baggage)."""
    html = kaart_html(vs, "inwoners", meldingen=vs.lagen(synthetische_meldingen(vs), hotspot_permutaties=9))
    links = re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert sorted(links) == sorted([
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css",
        "https://cdn.jsdelivr.net/npm/leaflet.heat@0.2.0/dist/leaflet-heat.js"])
    for url in links:
        assets.bron_van(url)


def test_weergave_in_jupyter(vs):
    from wijkscan.maps import weergave

    w = weergave(kaart(vs, "inwoners", achtergrond=None), inline=False, hoogte=450)
    h = w._repr_html_()
    assert h.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;') and "height:450px" in h
    assert "<script" not in h                                # the whole page is one escaped attribute


def test_opties_als_object_of_als_trefwoorden(vs, tmp_path):
    """Issue 20: kaart and drukkaart take one options object; the old keywords give the same map and win over it."""
    from wijkscan.maps import DrukOpties, KaartOpties, drukkaart

    o = KaartOpties(klassen="natural_breaks", k=4, achtergrond=None, titel="Ouderen")
    via_object = kaart_html(vs, "leeftijd_65plus_aandeel", o)
    via_woorden = kaart_html(vs, "leeftijd_65plus_aandeel", klassen="natural_breaks", k=4, achtergrond=None,
                             titel="Ouderen")
    naam = re.compile(r"(map|wijkscan\w*|tile_layer|layer_control|heat_map)_[0-9a-f]{32}")   # folium's random ids
    assert naam.sub("x", via_object) == naam.sub("x", via_woorden)
    assert kaart(vs, "leeftijd_65plus_aandeel", o, titel="Anders").kaartinfo["titel"] == "Anders"   # keyword wins
    assert o.titel == "Ouderen"                                                                    # object untouched
    with pytest.raises(OngeldigeInvoer, match="Bedoelt u 'klassen'"):
        kaart(vs, "leeftijd_65plus_aandeel", klasen="quantiles")
    with pytest.raises(OngeldigeInvoer, match="KaartOpties"):
        kaart(vs, "leeftijd_65plus_aandeel", DrukOpties())
    (svg,) = drukkaart(vs, "leeftijd_65plus_aandeel", tmp_path / "o", DrukOpties(formaten=("svg",), titel="Ouderen"))
    assert svg.suffix == ".svg" and "Ouderen" in svg.read_text(encoding="utf-8")


def test_kaart_leest_de_lagen_van_de_run(vs, monkeypatch):
    """Maps only read the meldingen layers the run made (issue 20): nothing is counted when a map is drawn, and a map
    without the layers says so in Dutch with what to do."""
    import wijkscan.analysis.meldingenlagen as lagen_mod

    with pytest.raises(OngeldigeInvoer, match="heeft geen meldingen.*wijkanalyse\\(\\.\\.\\., meldingen="):
        kaart(vs, "inwoners", meldingen=True)
    mel = synthetische_meldingen(vs)
    with pytest.raises(OngeldigeInvoer, match=r"lagen = wa\.lagen\(meldingen\).*telt zelf geen meldingen"):
        kaart(vs, "inwoners", meldingen=mel)
    met = wijkscan.wijkanalyse(vs.gemeente, meldingen=mel)
    opgeslagen = met.bewaarde_lagen()
    assert opgeslagen is not None and met.bewaarde_lagen(intern=True) is not None    # both made in the run

    def telt(*args, **kwargs):
        raise AssertionError("de kaart telt zelf meldingen")

    monkeypatch.setattr(lagen_mod, "meldingenlagen", telt)
    m = kaart(met, "meldingen_per_1000", meldingen=True, achtergrond=None)
    assert "Meldingen per zeshoek" in m.kaartinfo["lagen"]
    from wijkscan.nlformat import getal

    assert f"{getal(opgeslagen.aantal)} meldingen openbare ruimte" in pagina(m, inline=False)   # the stored count
    with pytest.raises(OngeldigeInvoer, match="hotspot_permutaties=9.*standaardinstellingen.*wa.lagen"):
        kaart(met, "meldingen_per_1000", meldingen=True, hotspot_permutaties=9)
    assert not hasattr(wijkscan.maps, "lagen") or not hasattr(wijkscan.maps.lagen, "meldingenlagen")
