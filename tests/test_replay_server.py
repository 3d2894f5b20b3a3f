"""Checks of the replay server itself, with plain ``requests`` and the real ``cbsodata`` client."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import cbsodata
import pytest
import requests

from tests.replay_server import (
    CRS84_URI,
    FOUT_TIMEOUT,
    RD_URI,
    TEST_TIMEOUT,
    WFS_SERVICES,
    Answer,
    Fault,
    RecordingProxy,
    ReplayBase,
    ReplayServer,
    RequestError,
)

VOORSCHOTEN = "WijkenEnBuurten eq 'GM0626    ' or startswith(WijkenEnBuurten,'BU0626')"
OWS = "{http://www.opengis.net/ows/1.1}"


@pytest.fixture
def plain_http(monkeypatch):
    """cbsodata builds https:// URLs by default; the replay server speaks plain http."""
    monkeypatch.setattr(cbsodata.options, "use_https", False)


def wfs_params(layer: str, **extra) -> dict:
    return {"service": "WFS", "version": "2.0.0", "request": "GetFeature", "typeNames": layer,
            "outputFormat": "application/json", "srsName": "EPSG:28992", **extra}


def equal_to(field: str, value: str) -> str:
    return ('<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0"><fes:PropertyIsEqualTo>'
            f"<fes:ValueReference>{field}</fes:ValueReference><fes:Literal>{value}</fes:Literal>"
            "</fes:PropertyIsEqualTo></fes:Filter>")


def wfs_url(srv: ReplayServer, year: int) -> str:
    return srv.url + next(path for path, service in WFS_SERVICES.items() if service.year == year)


def all_features(srv: ReplayServer, year: int, layer: str, page: int, **extra) -> list[dict]:
    """Follow WFS paging by startIndex until numberMatched features are in."""
    url = wfs_url(srv, year)
    features: list[dict] = []
    while True:
        answer = requests.get(url, params=wfs_params(layer, count=page, startIndex=len(features), **extra),
                              timeout=TEST_TIMEOUT).json()
        features += answer["features"]
        if not answer["features"] or len(features) >= answer["numberMatched"]:
            return features


def test_cbsodata_downloads_voorschoten_2024(plain_http):
    with ReplayServer() as srv:
        data = cbsodata.download_data("85984NED", typed=True, filters=VOORSCHOTEN, catalog_url=srv.cbs_host)
        typed = cbsodata.get_meta("85984NED", "TypedDataSet", filters=VOORSCHOTEN, catalog_url=srv.cbs_host)

    # cbsodata 1.3.5 swaps the sets: download_data(typed=True) fetches the UntypedDataSet.
    assert set(data) == {"TableInfos", "UntypedDataSet", "DataProperties", "CategoryGroups",
                         "WijkenEnBuurten"}
    untyped = {row["WijkenEnBuurten"]: row for row in data["UntypedDataSet"]}
    assert len(untyped) == 13 and untyped["GM0626    "]["AantalInwoners_5"] == "25625"
    assert data["TableInfos"][0]["Identifier"] == "85984NED"
    assert len(data["DataProperties"]) == 172
    assert len(data["WijkenEnBuurten"]) == 1 + 342 + 11 + 121

    rows = {row["WijkenEnBuurten"]: row for row in typed}
    assert len(rows) == 13 and all(len(code) == 10 for code in rows)
    gemeente = rows["GM0626    "]
    assert gemeente["AantalInwoners_5"] == 25625
    assert gemeente["Gemeentenaam_1"] == "Voorschoten".ljust(40)
    assert gemeente["SoortRegio_2"] == "Gemeente  "
    assert gemeente["GemiddeldeHuishoudensgrootte_33"] == 2.2
    assert gemeente["Ongehuwd_13"] is None
    buurten = [row for code, row in rows.items() if code.startswith("BU0626")]
    assert len(buurten) == 12 and {row["SoortRegio_2"] for row in buurten} == {"Buurt     "}
    assert rows["BU06260001"]["AantalInwoners_5"] == 5725  # Noord-Hofland
    # buurt figures are rounded to fives, so they do not add up exactly to the gemeente
    assert sum(row["AantalInwoners_5"] for row in buurten) == 25610


def test_odata_paging_follows_next_links(plain_http):
    with ReplayServer(page_size=4) as srv:
        rows = cbsodata.get_meta("85984NED", "TypedDataSet", filters=VOORSCHOTEN,
                                 select=["WijkenEnBuurten", "AantalInwoners_5"], catalog_url=srv.cbs_host)
        first = requests.get(f"{srv.url}/ODataApi/odata/85984NED/TypedDataSet",
                             params={"$format": "json", "$filter": VOORSCHOTEN}, timeout=TEST_TIMEOUT).json()

    assert len(rows) == 13 and len({row["ID"] for row in rows}) == 13
    assert set(rows[0]) == {"ID", "WijkenEnBuurten", "AantalInwoners_5"}
    skips = [r for r in srv.requests if "TypedDataSet" in r and "$skip=" in r]
    assert [r.rsplit("$skip=", 1)[1] for r in skips] == ["4", "8", "12"]
    assert all("$filter=" + VOORSCHOTEN in r and "$select=" in r for r in skips)
    assert first["odata.metadata"].endswith("/ODataApi/odata/85984NED/$metadata#TypedDataSet")
    assert len(first["value"]) == 4 and "$skip=4" in first["odata.nextLink"]


def test_reconstructed_2022_and_2023_tables(plain_http):
    assert ReplayServer.TABLES == {"85318NED": 2022, "85618NED": 2023, "85984NED": 2024}
    with ReplayServer() as srv:
        props = {year: cbsodata.get_meta(table, "DataProperties", catalog_url=srv.cbs_host)
                 for table, year in ReplayServer.TABLES.items()}
        info = cbsodata.get_info("85318NED", catalog_url=srv.cbs_host)
        row = cbsodata.get_meta("85618NED", "TypedDataSet", catalog_url=srv.cbs_host)[0]

    assert info["Title"] == "Kerncijfers wijken en buurten 2022" and info["Period"] == "2022"
    assert row["WijkenEnBuurten"] == "BU05990110" and row["AantalInwoners_5"] == 19400
    topics = {p["Key"]: p for p in props[2022] if p["Type"] == "Topic"}
    assert topics["AantalInwoners_5"]["Title"] == "Aantal inwoners"
    assert (topics["Appartement_48"]["Unit"], topics["Appartement_56"]["Unit"]) == ("kWh", "m³")
    assert topics["WestersTotaal_17"]["Title"] == "Westers totaal"
    assert topics["PercentageBewoond_38"]["Unit"] == "%"
    assert topics["GemiddeldeHuishoudensgrootte_32"]["Datatype"] == "Double"
    assert len(topics) == 117 and all(p["Position"] == int(k.rsplit("_", 1)[1]) for k, p in topics.items())
    for year in (2022, 2023):
        ids = {p["ID"] for p in props[year]}
        assert len(ids) == len(props[year])
        assert all(p["ParentID"] in ids for p in props[year] if p["ParentID"] is not None)
    herkomst = [p["Title"] for p in props[2023] if p["Key"].startswith("BuitenEuropa")]
    assert herkomst == ["Buiten Europa ", "Buiten Europa ", "Buiten Europa"]  # 2024 titles, as-is


def test_status_fault_answers_odata_error_then_recovers():
    with ReplayServer() as srv:
        srv.add_fault(Fault(match="TypedDataSet", kind="status", status=503, times=2))
        url = f"{srv.url}/ODataFeed/odata/85984NED/TypedDataSet?$format=json&$top=1"
        answers = [requests.get(url, timeout=TEST_TIMEOUT) for _ in range(3)]
    assert [a.status_code for a in answers] == [503, 503, 200]
    assert "value" in answers[0].json()["odata.error"]["message"]
    assert answers[2].json()["value"][0]["WijkenEnBuurten"] == "NL00      "


def test_timeout_fault_delays_and_shutdown_is_prompt():
    """A ``timeout`` fault makes the client time out (at the test machine's fault timeout, not a fraction of a second
    a loaded machine can miss); stopping the server wakes the sleeping handler at once instead of after its delay.
    No wall-clock limit: a handler that stopping did not wake would still be asleep (delay ~11 days) after a generous
    join."""
    with ReplayServer() as srv:
        srv.add_fault(Fault(match="TableInfos", kind="timeout", times=1))     # sleeps 20 × FOUT_TIMEOUT
        url = f"{srv.url}/ODataFeed/odata/85984NED/TableInfos"
        with pytest.raises(requests.Timeout):
            requests.get(url, timeout=FOUT_TIMEOUT)
        assert requests.get(url, timeout=TEST_TIMEOUT).json()["value"][0]["Identifier"] == "85984NED"
        srv.add_fault(Fault(match="DataProperties", kind="timeout", delay=10**6))
        with pytest.raises(requests.Timeout):  # its handler thread keeps sleeping...
            requests.get(f"{srv.url}/ODataFeed/odata/85984NED/DataProperties", timeout=FOUT_TIMEOUT)
        slapers = list(srv.wachtend)
    for t in slapers:                           # ...until the server stops
        t.join(TEST_TIMEOUT)
    assert len(slapers) == 2 and not any(t.is_alive() for t in slapers)


def test_truncate_fault_sends_half_a_body():
    with ReplayServer() as srv:
        url = f"{srv.url}/ODataFeed/odata/85984NED/CategoryGroups"
        whole = requests.get(url, timeout=TEST_TIMEOUT).content
        srv.add_fault(Fault(match="CategoryGroups", kind="truncate", times=1))
        cut = requests.get(url, timeout=TEST_TIMEOUT)
    assert cut.status_code == 200 and cut.content == whole[: len(whole) // 2]
    assert int(cut.headers["Content-Length"]) == len(cut.content)
    with pytest.raises(json.JSONDecodeError):
        json.loads(cut.content)


def test_loop_fault_repeats_the_same_page():
    with ReplayServer(page_size=5) as srv:
        srv.add_fault(Fault(match="TypedDataSet", kind="loop"))
        srv.add_fault(Fault(match="cbs_buurten_2018", kind="loop"))
        srv.add_fault(Fault(match="/items", kind="loop"))
        url = f"{srv.url}/ODataFeed/odata/85984NED/TypedDataSet?$format=json"
        odata = requests.get(url, timeout=TEST_TIMEOUT).json()
        layer = "wijkenbuurten2018:cbs_buurten_2018"
        pages = [requests.get(wfs_url(srv, 2018), params=wfs_params(layer, count=5, startIndex=start),
                              timeout=TEST_TIMEOUT).json() for start in (0, 5)]
        items_url = f"{srv.url}/cbs/wijken-en-buurten-2024/ogc/v1/collections/buurten/items?f=json&limit=5"
        items = requests.get(items_url, timeout=TEST_TIMEOUT).json()
    assert odata["odata.nextLink"] == url
    assert pages[0]["numberReturned"] == 5 and pages[0]["features"] == pages[1]["features"]
    assert [link["href"] for link in items["links"] if link["type"] == "application/geo+json"] == [items_url] * 2


def test_wfs_2024_pages_through_voorschoten_buurten():
    with ReplayServer(page_size=5) as srv:
        features = all_features(srv, 2024, "wijkenbuurten:buurten", page=1000,
                                FILTER=equal_to("gemeentecode", "GM0626"))
        gemeenten = all_features(srv, 2024, "wijkenbuurten:gemeenten", page=10)
    assert sum("startIndex=10" in r for r in srv.requests) == 1  # 13 features: pages of 5, 5, 3
    land = {f["properties"]["buurtcode"]: f["properties"] for f in features if f["properties"]["water"] == "NEE"}
    water = [f["properties"] for f in features if f["properties"]["water"] == "JA"]
    assert len(land) == 12 and len({f["id"] for f in features}) == 13
    assert land["BU06260001"] == {"buurtcode": "BU06260001", "buurtnaam": "Noord-Hofland",
                                  "wijkcode": "WK062600", "gemeentecode": "GM0626",
                                  "gemeentenaam": "Voorschoten", "water": "NEE", "aantalInwoners": 5725}
    # the water feature has the code of a land feature (that is what makes duplicates)
    assert len(water) == 1 and water[0]["buurtcode"] in land
    x, y = features[0]["geometry"]["coordinates"][0][0]
    assert features[0]["geometry"]["type"] == "Polygon" and 80_000 < x < 100_000 and 450_000 < y < 470_000
    assert {f["properties"]["gemeentenaam"]: f["properties"]["aantalInwoners"] for f in gemeenten
            if f["properties"]["water"] == "NEE"} == {"Assen": 69701, "Voorschoten": 25625}


def test_wfs_2018_layout_has_lowercase_fields_and_sentinels():
    with ReplayServer(page_size=5) as srv:
        features = all_features(srv, 2018, "wijkenbuurten2018:cbs_buurten_2018", page=5,
                                FILTER=equal_to("gemeentecode", "GM0626"))
        gemeente = all_features(srv, 2018, "wijkenbuurten2018:gemeenten2018", page=5,
                                FILTER=equal_to("gemeentenaam", "Voorschoten"))
        upper = requests.get(wfs_url(srv, 2018), timeout=TEST_TIMEOUT, params=wfs_params(
            "wijkenbuurten2018:cbs_buurten_2018", FILTER=equal_to("GM_CODE", "GM0626")))
    assert len(features) == 13
    assert set(features[0]["properties"]) == {"buurtcode", "buurtnaam", "wijkcode", "gemeentecode",
                                              "gemeentenaam", "water", "aantalInwoners"}
    land = [f for f in features if f["properties"]["water"] == "NEE"]
    assert {f["properties"]["aantalInwoners"] for f in land} == {-99999999}  # no buurt figures for 2018
    assert [f["properties"]["aantalInwoners"] for f in gemeente if f["properties"]["water"] == "NEE"] == [25453]
    # the shapefile's upper-case names do not exist in these layers
    assert upper.status_code == 400 and "GM_CODE" in upper.text


def test_wfs_capabilities_list_the_vintage_layers():
    with ReplayServer() as srv:
        caps = {year: requests.get(wfs_url(srv, year), params={"service": "WFS", "request": "GetCapabilities"},
                                   timeout=TEST_TIMEOUT) for year in (2019, 2021, 2024)}
        gone = requests.get(f"{srv.url}/wijkenbuurten2016/wfs", params={"request": "GetCapabilities"}, timeout=TEST_TIMEOUT)
    names = {year: [el.text for el in ET.fromstring(r.content).iter("{http://www.opengis.net/wfs/2.0}Name")]
             for year, r in caps.items()}
    assert names[2019] == ["wijkenbuurten2019:cbs_buurten_2019", "wijkenbuurten2019:cbs_wijken_2019",
                           "wijkenbuurten2019:gemeenten2019"]
    assert names[2021][0] == "wijkenbuurten:cbs_buurten_2021"
    assert names[2024] == ["wijkenbuurten:buurten", "wijkenbuurten:wijken", "wijkenbuurten:gemeenten"]
    assert gone.status_code == 404  # 2016 was withdrawn
    assert [p for p, s in WFS_SERVICES.items() if s.year == 2021] == ["/cbs/wijkenbuurten/2021/wfs/v2_0"]


def test_ogc_api_landing_collections_and_items():
    with ReplayServer(page_size=5) as srv:
        base = f"{srv.url}/cbs/wijken-en-buurten-2024/ogc/v1"
        landing = requests.get(base, params={"f": "json"}, timeout=TEST_TIMEOUT).json()
        collections = requests.get(f"{base}/collections", params={"f": "json"}, timeout=TEST_TIMEOUT).json()
        url = f"{base}/collections/buurten/items?gemeentecode=GM0626&limit=1000&crs={RD_URI}&f=json"
        features, pages = [], 0
        while url:
            r = requests.get(url, timeout=TEST_TIMEOUT)
            body = r.json()
            features += body["features"]
            pages += 1
            url = next((link["href"] for link in body["links"]
                        if link["rel"] == "next" and link["type"] == "application/geo+json"), None)
        lonlat = requests.get(f"{base}/collections/wijken/items", params={"f": "json", "gemeentecode": "GM0626"},
                              timeout=TEST_TIMEOUT)
        wrong = requests.get(f"{base}/collections/buurten/items", params={"GM_CODE": "GM0626"}, timeout=TEST_TIMEOUT)
        v2 = requests.get(f"{srv.url}/cbs/wijken-en-buurten-2024/ogc/v2/collections", timeout=TEST_TIMEOUT)
        y2022 = requests.get(f"{srv.url}/cbs/wijken-en-buurten-2022/ogc/v1/collections", timeout=TEST_TIMEOUT)
    assert {link["rel"] for link in landing["links"]} >= {"self", "data"}
    assert [c["id"] for c in collections["collections"]] == ["buurten", "wijken", "gemeenten"]
    assert pages == 3 and len(features) == 13 and r.headers["Content-Crs"] == f"<{RD_URI}>"
    props = {f["properties"]["buurtcode"]: f["properties"] for f in features if f["properties"]["water"] == "NEE"}
    assert props["BU06260001"] == {"jaar": 2024, "buurtcode": "BU06260001", "buurtnaam": "Noord-Hofland",
                                   "gemeentecode": "GM0626", "gemeentenaam": "Voorschoten", "water": "NEE",
                                   "aantal_inwoners": 5725}
    x, y = features[0]["geometry"]["coordinates"][0][0]
    assert 80_000 < x < 100_000 and 450_000 < y < 470_000
    assert lonlat.headers["Content-Crs"] == f"<{CRS84_URI}>"
    lon, lat = lonlat.json()["features"][0]["geometry"]["coordinates"][0][0]
    assert 4.3 < lon < 4.5 and 52.0 < lat < 52.2
    assert wrong.status_code == 400 and wrong.headers["Content-Type"] == "application/problem+json"
    assert v2.status_code == 404 and y2022.status_code == 404


def test_catalogue_lists_the_kerncijfers_tables(plain_http):
    with ReplayServer() as srv:
        tables = cbsodata.get_table_list(filters="substringof('Kerncijfers wijken en buurten',Title)",
                                         select=["Identifier", "Title", "Modified"], catalog_url=srv.cbs_host)
    ids = {row["Title"]: row["Identifier"] for row in tables}
    assert ids["Kerncijfers wijken en buurten 2024"] == "85984NED"
    assert ids["Kerncijfers wijken en buurten 2021"] == "85039NED" and len(ids) == 11
    assert next(row for row in tables if row["Identifier"] == "85984NED")["Modified"] == "2025-03-27T02:00:00"


def test_bad_requests_get_service_style_errors():
    with ReplayServer() as srv:
        bad_filter = requests.get(f"{srv.url}/ODataFeed/odata/85984NED/TypedDataSet", timeout=TEST_TIMEOUT,
                                  params={"$format": "json", "$filter": "WijkenEnBuurten like 'GM%'"})
        unknown_table = requests.get(f"{srv.url}/ODataFeed/odata/99999NED/", timeout=TEST_TIMEOUT)
        unknown_layer = requests.get(wfs_url(srv, 2024), params=wfs_params("wijkenbuurten:cbs_buurten_2024"),
                                     timeout=TEST_TIMEOUT)
        unknown_year = requests.get(f"{srv.url}/cbs/wijkenbuurten/2021/wfs/v1_0",
                                    params=wfs_params("wijkenbuurten:buurten"), timeout=TEST_TIMEOUT)
        injected = Fault(match="GetFeature", kind="status", status=503)
        srv.add_fault(injected)
        fault = requests.get(wfs_url(srv, 2024), params=wfs_params("wijkenbuurten:buurten"), timeout=TEST_TIMEOUT)
    assert bad_filter.status_code == 400 and "like" in bad_filter.json()["odata.error"]["message"]["value"]
    assert unknown_table.status_code == 404 and "99999NED" in unknown_table.text
    exception = ET.fromstring(unknown_layer.content).find(f"{OWS}Exception")
    assert unknown_layer.status_code == 400 and exception.get("locator") == "typeNames"
    assert exception.get("exceptionCode") == "InvalidParameterValue"
    assert unknown_year.status_code == 404  # 2021 is not (any longer) on v1_0
    assert fault.status_code == 503 and ET.fromstring(fault.content).find(f"{OWS}Exception") is not None


def test_replay_base_is_a_small_generic_server():
    class Echo(ReplayBase):
        def answer(self, path, params, raw_path, loop):
            if path != "/echo":
                raise RequestError(404, "no")
            return Answer(200, "application/json", json.dumps({"params": params, "loop": loop}).encode(),
                          {"X-Replay": "ja"})

    with Echo() as srv:
        ok = requests.get(f"{srv.url}/echo", params={"a": "1"}, timeout=TEST_TIMEOUT)
        missing = requests.get(f"{srv.url}/elders", timeout=TEST_TIMEOUT)
        srv.add_fault(Fault(match="/echo", kind="loop", times=1))
        looped = requests.get(f"{srv.url}/echo", timeout=TEST_TIMEOUT).json()
        srv.add_fault(Fault(match="/echo", kind="truncate", times=1))
        cut = requests.get(f"{srv.url}/echo", timeout=TEST_TIMEOUT)
    assert ok.json() == {"params": {"a": "1"}, "loop": False} and ok.headers["X-Replay"] == "ja"
    assert missing.status_code == 404 and missing.json() == {"status": 404, "detail": "no"}
    assert looped["loop"] is True
    assert cut.status_code == 200 and len(cut.content) < len(ok.content)
    assert srv.requests == ["/echo?a=1", "/elders", "/echo", "/echo"]


def test_recording_proxy_forwards_http_and_records_connect():
    with ReplayServer() as srv, RecordingProxy() as proxy:
        via = requests.get(f"{srv.url}/ODataFeed/odata/85984NED/TableInfos?$format=json",
                           proxies={"http": proxy.url}, timeout=TEST_TIMEOUT)
        with pytest.raises(requests.exceptions.ProxyError):
            requests.get("https://127.0.0.1:1/x", proxies={"https": proxy.url}, timeout=TEST_TIMEOUT)
    assert via.json()["value"][0]["Identifier"] == "85984NED"
    assert proxy.seen == [f"GET {srv.url}/ODataFeed/odata/85984NED/TableInfos?$format=json",
                          "CONNECT 127.0.0.1:1"]
