"""PDOK per vintage (OGC API Features and WFS), water features, faults on both services, and
proxies from the environment on every HTTP path — the real loaders against the local replay.

The replay's shapes and the evidence they rest on are described in tests/replay_server.py and
docs/diensten.md. Figures checked: Voorschoten has 12 buurten with a polygon and 25,625 inwoners
(1 January 2024); Assen 106 buurten with a polygon; Voorschoten had 25,453 inwoners in the
2018 gemeente layer.
"""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

import wijkscan
from tests.replay_server import FOUT_TIMEOUT, Fault, RecordingProxy, ReplayServer, free_port
from wijkscan.errors import GeenTabel, GeenVerbinding, OngeldigAntwoord
from wijkscan.sources import pdok

URLS = ("cbs_url", "pdok_url", "pdok_api_url", "pdok_oud_url", "cbs_derden_url")
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy",
              "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


def point_at(settings, server, scheme="http"):
    for name in URLS:
        setattr(settings, name, f"{scheme}://{server.host}")


@pytest.fixture
def srv(fresh_settings):
    with ReplayServer(page_size=1000) as server:
        point_at(fresh_settings, server)
        yield server


@pytest.fixture
def clean_env(monkeypatch):
    """No proxy variables from the machine the tests run on."""
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


# --- one vintage after another --------------------------------------------------------------

@pytest.mark.parametrize("jaar, soort, laag, pad, velden", [
    (2024, "ogc", "buurten", "/cbs/wijken-en-buurten-2024/ogc/v1/collections/buurten/items",
     {"jaar", "aantal_inwoners", "water"}),
    (2023, "ogc", "buurten", "/cbs/wijken-en-buurten-2023/ogc/v1/collections/buurten/items",
     {"jaar", "aantal_inwoners", "water"}),
    (2021, "wfs", "wijkenbuurten:cbs_buurten_2021", "/cbs/wijkenbuurten/2021/wfs/v2_0",
     {"aantalInwoners", "water"}),
    (2020, "wfs", "wijkenbuurten:cbs_buurten_2020", "/cbs/wijkenbuurten/2020/wfs/v2_0",
     {"aantalInwoners", "water"}),
    (2019, "wfs", "wijkenbuurten2019:cbs_buurten_2019", "/wijkenbuurten2019/wfs",
     {"aantalInwoners", "water"}),
])
def test_each_vintage_from_its_own_service(srv, jaar, soort, laag, pad, velden):
    g = wijkscan.grenzen("Voorschoten", jaar, "buurt")
    d = pdok.dienst(jaar, "buurt")
    assert (d.soort, d.laag) == (soort, laag) and d.url.endswith(pad)
    assert len(g) == 12 and g.index.is_unique and g.crs.to_epsg() == 28992
    assert g.loc["BU06260001", "naam"] == "Noord-Hofland" and set(g.wijk) == {"WK062600"}
    assert velden <= set(g.columns) and set(g.water) == {"NEE"}
    assert g.attrs["water_weggelaten"] == 1
    assert g.geometry.is_valid.all() and 80_000 < g.total_bounds[0] < 100_000
    fetch = [r for r in srv.requests if "/items" in r or "GetFeature" in r]
    assert len(fetch) == 1 and fetch[0].startswith(pad)
    assert "BU_CODE" not in fetch[0] and "GM_CODE" not in fetch[0]


def test_version_paths_are_discovered_not_assumed(srv):
    wijkscan.grenzen("Voorschoten", 2022, "wijk")
    asked = [r.split("?")[0] for r in srv.requests]
    # 2022: no OGC API in either version, no WFS v2_0, then WFS v1_0 lists the layers
    assert asked == ["/cbs/wijken-en-buurten-2022/ogc/v2/collections",
                     "/cbs/wijken-en-buurten-2022/ogc/v1/collections",
                     "/cbs/wijkenbuurten/2022/wfs/v2_0", "/cbs/wijkenbuurten/2022/wfs/v1_0",
                     "/cbs/wijkenbuurten/2022/wfs/v1_0"]
    assert "request=GetCapabilities" in srv.requests[2]
    # one discovery serves every niveau of the year, and is remembered
    n = len(srv.requests)
    wijkscan.grenzen("Voorschoten", 2022, "gemeente")
    assert len(srv.requests) == n + 1 and "typeNames=wijkenbuurten:gemeenten" in srv.requests[-1]


def test_a_year_without_a_layer_gets_a_dutch_error_that_says_what_to_do(srv):
    with pytest.raises(GeenTabel, match=r"PDOK biedt voor 2016 geen buurtgrenzen aan.*Kies een ander jaar"):
        wijkscan.grenzen("Voorschoten", 2016, "buurt")
    n = len(srv.requests)
    with pytest.raises(GeenTabel, match="geen wijk- en buurtkaart van 2011; de eerste is van 2012"):
        wijkscan.grenzen("Voorschoten", 2011, "buurt")
    assert len(srv.requests) == n  # decided without asking
    with pytest.raises(GeenTabel, match="Onbekend niveau 'stadsdeel'"):
        wijkscan.grenzen("Voorschoten", 2024, "stadsdeel")


def test_a_gemeente_that_is_not_in_the_layer(srv):
    with pytest.raises(GeenTabel, match="geen buurten van GM0363.*Controleer de gemeentecode"):
        wijkscan.grenzen("GM0363", 2024, "buurt")


def test_ogc_api_without_rd_is_read_in_crs84_and_converted(fresh_settings):
    with ReplayServer(ogc_rd=False) as server:
        point_at(fresh_settings, server)
        g = wijkscan.grenzen("Voorschoten", 2024, "buurt")
        items = [r for r in server.requests if "/items" in r]
    assert len(items) == 2 and "crs=" in items[0] and "crs=" not in items[1]
    assert g.crs.to_epsg() == 28992 and 80_000 < g.total_bounds[0] < 100_000
    with ReplayServer() as server:
        point_at(fresh_settings, server)
        fresh_settings.use_cache = False
        rd = wijkscan.grenzen("Voorschoten", 2024, "buurt")
    # the same polygons, up to the centimetres of 7-decimal lon/lat along the boundary
    verschil = rd.geometry.symmetric_difference(g.geometry.reindex(rd.index)).area / rd.geometry.area
    assert verschil.max() < 1e-4


# --- water ---------------------------------------------------------------------------------

def test_water_features_are_dropped_and_counted_at_every_level(srv):
    for niveau, n in (("gemeente", 1), ("wijk", 10), ("buurt", 106)):
        g = wijkscan.grenzen("Assen", 2024, niveau)
        assert len(g) == n and g.index.is_unique, niveau
        assert g.attrs["water_weggelaten"] == 1
        assert g.attrs["opmerkingen"] == [
            f"PDOK levert het water van een {niveau} als apart vlak met dezelfde code; 1 watervlak is "
            f"weggelaten, zodat elke {niveau} één keer meetelt, zonder het water."]
    # from the cache, the same count is reported again
    assert wijkscan.grenzen("Assen", 2024, "buurt").attrs["water_weggelaten"] == 1


def test_two_land_parts_with_one_code_become_one_area_and_are_reported():
    # SYNTHETIC collection (squares), shaped like a PDOK answer: two land parts share a code
    feats = [{"type": "Feature", "properties": {"buurtcode": code, "buurtnaam": naam, "gemeentecode": "GM0626",
                                                "water": water},
              "geometry": box(x, 460_000, x + 100, 460_100).__geo_interface__}
             for code, naam, water, x in (("BU06260001", "Noord-Hofland", "NEE", 90_000),
                                          ("BU06260001", "Noord-Hofland", "NEE", 90_200),
                                          ("BU06260001", "Noord-Hofland", "JA", 90_400),
                                          ("BU06260001", "Noord-Hofland", "JA", 90_600),
                                          ("BU06260002", "Adegeest", "NEE", 91_000))]
    g, notes, water = pdok._frame({"crs": pdok.RD, "features": feats}, "buurt")
    assert water == 2
    assert list(g.index) == ["BU06260001", "BU06260002"]
    assert g.loc["BU06260001"].geometry.area == pytest.approx(20_000)
    assert notes[0].startswith("PDOK levert het water van een buurt als apart vlak met dezelfde code; "
                               "2 watervlakken zijn weggelaten")
    assert notes[1] == "1 buurtcode kwam meer dan eens voor bij PDOK en is samengevoegd tot één vlak: BU06260001."


def test_load_has_no_duplicate_codes_and_no_water_on_the_map(srv):
    d = wijkscan.load("Voorschoten")
    assert d.gebieden.index.is_unique and len(d.gebieden) == 1 + 1 + 12
    water = gpd.GeoSeries(d.gebieden.geometry).union_all()
    # the synthetic water squares lie east of the areas: none of them is in the result
    assert water.bounds[2] < 92_200


# --- faults on both services -------------------------------------------------------------------

SERVICES = [(2024, "/items"), (2021, "GetFeature")]


@pytest.mark.parametrize("jaar, match", SERVICES)
def test_500_is_retried_and_a_lasting_500_is_a_dutch_error(srv, jaar, match):
    srv.add_fault(Fault(match=match, kind="status", status=500, times=2))
    assert len(wijkscan.grenzen("Voorschoten", jaar, "buurt")) == 12
    assert sum(match in r for r in srv.requests) == 3
    srv.add_fault(Fault(match=match, kind="status", status=503))
    with pytest.raises(GeenVerbinding, match=r"PDOK is niet bereikbaar: foutcode 503 .* na 3 pogingen"):
        wijkscan.grenzen("Voorschoten", jaar, "wijk")


@pytest.mark.parametrize("jaar, match", SERVICES)
def test_timeout_is_retried_then_reported(srv, fresh_settings, jaar, match):
    fresh_settings.timeout, fresh_settings.retries = FOUT_TIMEOUT, 1
    srv.add_fault(Fault(match=match, kind="timeout", times=1))
    assert len(wijkscan.grenzen("Voorschoten", jaar, "buurt")) == 12
    srv.add_fault(Fault(match=match, kind="timeout"))
    voor = sum(match in r for r in srv.requests)
    with pytest.raises(GeenVerbinding, match=f"geen antwoord binnen {FOUT_TIMEOUT:g} seconden"):
        wijkscan.grenzen("Voorschoten", jaar, "wijk")
    assert sum(match in r for r in srv.requests) - voor == 2       # tried twice, then gave up


@pytest.mark.parametrize("jaar, match", SERVICES)
def test_truncated_json_is_retried_then_reported(srv, jaar, match):
    srv.add_fault(Fault(match=match, kind="truncate", times=1))
    assert len(wijkscan.grenzen("Voorschoten", jaar, "buurt")) == 12
    srv.add_fault(Fault(match=match, kind="truncate"))
    with pytest.raises(OngeldigAntwoord, match="PDOK gaf 3 keer een onvolledig of ongeldig JSON-antwoord"):
        wijkscan.grenzen("Voorschoten", jaar, "wijk")


@pytest.mark.parametrize("jaar, match", SERVICES)
def test_paging_loop_is_stopped(fresh_settings, jaar, match):
    with ReplayServer(page_size=5) as server:
        point_at(fresh_settings, server)
        server.add_fault(Fault(match=match, kind="loop"))
        with pytest.raises(OngeldigAntwoord, match="PDOK stuurt voor .* steeds dezelfde pagina terug"):
            wijkscan.grenzen("Voorschoten", jaar, "buurt")
        assert 1 <= sum(match in r for r in server.requests) <= 2  # stopped at once, not after 200 pages


def test_a_discovery_that_fails_is_not_remembered(srv):
    srv.add_fault(Fault(match="/collections", kind="status", status=503, times=3))
    with pytest.raises(GeenVerbinding):
        wijkscan.grenzen("Voorschoten", 2024, "buurt")
    assert len(wijkscan.grenzen("Voorschoten", 2024, "buurt")) == 12


# --- proxies from the environment -----------------------------------------------------------------

def test_upper_case_http_proxy_is_used_for_cbs_and_pdok(srv, clean_env):
    with RecordingProxy() as proxy:
        clean_env.setenv("HTTP_PROXY", proxy.url)
        kc = wijkscan.kerncijfers("Voorschoten", 2024, niveau="gemeente")
        g = wijkscan.grenzen("Voorschoten", 2024, "buurt")
    assert kc.set_index("code").loc["GM0626"].query("variabele == 'AantalInwoners'").waarde.iloc[0] == 25625
    assert len(g) == 12
    seen = " ".join(proxy.seen)
    assert "/ODataCatalog/Tables" in seen and "/TypedDataSet" in seen          # CBS, through cbsodata
    assert "/ogc/v1/collections/buurten/items" in seen                           # PDOK
    assert len(proxy.seen) == len(srv.requests)  # every request went through the proxy


def test_upper_case_https_proxy_is_used_for_cbs_and_pdok(fresh_settings, clean_env):
    port = free_port()
    fresh_settings.retries = 0
    for name in URLS:
        setattr(fresh_settings, name, f"https://127.0.0.1:{port}")
    with RecordingProxy() as proxy:
        clean_env.setenv("HTTPS_PROXY", proxy.url)
        with pytest.raises(GeenVerbinding, match="CBS is niet bereikbaar"):
            wijkscan.kerncijfers("Voorschoten", 2024)
        with pytest.raises(GeenVerbinding, match="PDOK is niet bereikbaar"):
            wijkscan.grenzen("Voorschoten", 2024, "buurt")
    # catalogue + TableInfos (CBS), collections (PDOK): each asked the proxy for a tunnel
    assert proxy.seen == [f"CONNECT 127.0.0.1:{port}"] * 3


def test_no_proxy_and_lower_case_variables(srv, clean_env, fresh_settings):
    dead = f"http://127.0.0.1:{free_port()}"
    clean_env.setenv("http_proxy", dead)
    clean_env.setenv("NO_PROXY", "127.0.0.1,localhost")
    assert len(wijkscan.kerncijfers("Voorschoten", 2024, niveau="gemeente")) > 0
    assert len(wijkscan.grenzen("Voorschoten", 2024, "buurt")) == 12
    clean_env.delenv("NO_PROXY")
    wijkscan.clear_cache()
    with pytest.raises(GeenVerbinding, match="CBS is niet bereikbaar"):
        wijkscan.kerncijfers("Assen", 2024)
    with RecordingProxy() as proxy:
        clean_env.setenv("http_proxy", proxy.url)
        assert len(wijkscan.grenzen("Assen", 2019, "wijk")) == 10
    assert proxy.seen and all(s.startswith(f"GET {srv.url}/") for s in proxy.seen)


def test_an_unreachable_old_host_means_the_year_is_not_there(srv, fresh_settings):
    fresh_settings.pdok_oud_url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(GeenTabel, match="PDOK biedt voor 2018 geen buurtgrenzen aan"):
        wijkscan.grenzen("Voorschoten", 2018, "buurt")
    # a new vintage on service.pdok.nl does not need the old host
    assert len(wijkscan.grenzen("Voorschoten", 2021, "buurt")) == 12


def test_2024_from_the_wfs_when_the_ogc_api_is_not_used(srv, monkeypatch):
    monkeypatch.setattr(pdok, "OGC_VANAF", 2030)
    g = wijkscan.grenzen("Voorschoten", 2024, "buurt")
    assert g.attrs["dienst"] == "PDOK WFS v1_0, laag 'wijkenbuurten:buurten' (wijk- en buurtkaart 2024)"
    assert len(g) == 12 and g.loc["BU06260001", "aantalInwoners"] == 5725 and g.attrs["water_weggelaten"] == 1
    assert not [r for r in srv.requests if "/ogc/" in r]


@pytest.mark.parametrize("jaar, match", SERVICES)
def test_a_refused_request_says_what_to_do(srv, jaar, match):
    srv.add_fault(Fault(match=match, kind="status", status=400))
    with pytest.raises(OngeldigAntwoord, match=rf"PDOK weigerde de vraag naar de buurtgrenzen van {jaar} "
                                               r"\(HTTP 400; .*wijkscan.clear_cache\('pdok'\)"):
        wijkscan.grenzen("Voorschoten", jaar, "buurt")
