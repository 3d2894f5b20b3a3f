"""The real loaders (cbsodata against CBS OData, HTTP against PDOK WFS) against the local
replay server, with faults injected. Figures are checked against the source files:
StatLine CSV 85984NED (Voorschoten 25,625 inwoners on 1 January 2024, 12 buurten), the
recorded CBS rows of BU05990110 (2022: HuishoudensTotaal_28 = 10890, WOZ_35 = 371; 2023:
HuishoudensTotaal_29 = 11825, WOZ_36 = 413)."""

from __future__ import annotations

import time

import pandas as pd
import pytest

import wijkscan
from tests.replay_server import Fault, ReplayServer
from wijkscan.errors import GeenTabel, GeenVerbinding, OngeldigAntwoord
from wijkscan.sources import _cache, cbs, pdok


@pytest.fixture
def srv(fresh_settings):
    with ReplayServer(page_size=1000) as server:
        fresh_settings.cbs_url = server.url
        fresh_settings.pdok_url = server.url
        yield server


def value(kc, code, var):
    hit = kc[(kc.code == code) & (kc.variabele == var)].waarde
    assert len(hit) == 1, (code, var)
    return hit.iloc[0]


# --- CBS -------------------------------------------------------------------------------

def test_kerncijfers_voorschoten_2024(srv):
    kc = wijkscan.kerncijfers("Voorschoten", 2024, niveau=None)
    assert kc.attrs["bron"] == "CBS"
    assert value(kc, "GM0626", "AantalInwoners") == 25625
    assert value(kc, "NL00", "AantalInwoners") == 17942942
    buurten = kc[kc.niveau == "buurt"]
    assert buurten.code.nunique() == 12
    assert value(kc, "BU06260001", "AantalInwoners") == 5725
    # padded codes and names come back stripped
    assert set(kc.code.str.len()) == {4, 6, 8, 10}
    assert not kc.naam.str.endswith(" ").any()
    assert kc.loc[kc.code == "BU06260001", "naam"].iloc[0] == "Noord-Hofland"
    meta = pd.DataFrame(kc.attrs["variabelen"]).set_index("variabele")
    assert meta.loc["GemiddeldeWOZWaardeVanWoningen", "key"] == "GemiddeldeWOZWaardeVanWoningen_39"
    assert meta.loc["GemiddeldeWOZWaardeVanWoningen", "eenheid"] == "x 1 000 euro"
    assert meta.loc["AantalInwoners", "tabel"] == "85984NED"


def test_only_the_gemeente_is_asked_for_on_the_server(srv):
    wijkscan.kerncijfers("GM0626", 2024)
    typed = [r for r in srv.requests if "/TypedDataSet" in r]
    assert typed and all("$filter=" in r for r in typed)
    assert "startswith(WijkenEnBuurten,'BU0626')" in typed[0]
    assert "WijkenEnBuurten eq 'GM0626    '" in typed[0]


def test_niveau_filter(srv):
    assert set(wijkscan.kerncijfers("Voorschoten", niveau="buurt").niveau) == {"buurt"}
    assert set(wijkscan.kerncijfers("Voorschoten", niveau=["wijk", "gemeente"]).niveau) == {"wijk", "gemeente"}
    with pytest.raises(GeenTabel, match="Onbekend niveau 'stadsdeel'"):
        wijkscan.kerncijfers("Voorschoten", niveau="stadsdeel")


def test_nulls_become_na_never_zero(srv):
    kc = wijkscan.kerncijfers("Assen", 2024, niveau="buurt")
    # Erfgoedkwartier BU01060001: WOZ suppressed by CBS (null)
    assert pd.isna(value(kc, "BU01060001", "GemiddeldeWOZWaardeVanWoningen"))
    # a topic the replay has no figure for at all is NA everywhere, not 0
    assert kc[kc.variabele == "Woningvoorraad"].waarde.isna().all()


def test_paging_via_nextlink(fresh_settings):
    with ReplayServer(page_size=4) as server:
        fresh_settings.cbs_url = server.url
        kc = wijkscan.kerncijfers("Voorschoten", 2024, niveau=None)
        pages = [r for r in server.requests if "/TypedDataSet" in r]
    # 15 rows (NL00, gemeente, wijk, 12 buurten) in pages of 4: 4 + 4 + 4 + 3
    assert len(pages) == 4
    assert sum("$skip=" in p for p in pages) == 3
    assert kc.code.nunique() == 15


def test_a_key_that_moved_between_2022_and_2024(srv):
    # HuishoudensTotaal_28 (2022) / _29 (2023, 2024); WOZ _35 / _36 / _39
    k22 = wijkscan.kerncijfers("Rotterdam", 2022, niveau="buurt")
    k23 = wijkscan.kerncijfers("Rotterdam", 2023, niveau="buurt")
    k24 = wijkscan.kerncijfers("Voorschoten", 2024, niveau="gemeente")
    assert value(k22, "BU05990110", "HuishoudensTotaal") == 10890
    assert value(k23, "BU05990110", "HuishoudensTotaal") == 11825
    assert value(k24, "GM0626", "HuishoudensTotaal") == 11458
    assert value(k22, "BU05990110", "GemiddeldeWOZWaardeVanWoningen") == 371
    assert value(k23, "BU05990110", "GemiddeldeWOZWaardeVanWoningen") == 413
    keys = {y: pd.DataFrame(k.attrs["variabelen"]).set_index("variabele").key for y, k in ((2022, k22), (2024, k24))}
    assert keys[2022]["HuishoudensTotaal"] == "HuishoudensTotaal_28"
    assert keys[2024]["HuishoudensTotaal"] == "HuishoudensTotaal_29"
    # the same name in every year, so the years stack into one tidy table
    both = pd.concat([k22, k24])
    assert set(both[both.variabele == "HuishoudensTotaal"].jaar) == {2022, 2024}


def test_unknown_year_and_unknown_table(srv):
    with pytest.raises(GeenTabel, match="Voor 2010 is er geen tabel"):
        wijkscan.kerncijfers("Voorschoten", 2010)
    assert srv.requests == []  # decided before any request
    with pytest.raises(GeenTabel, match="CBS kent tabel 86165NED"):
        wijkscan.kerncijfers("Voorschoten", 2025)


def test_unknown_gemeente_on_the_server(srv):
    with pytest.raises(wijkscan.OnbekendeGemeente, match="geen gemeente GM9999"):
        wijkscan.kerncijfers("GM9999", 2024)


def test_http_500_is_retried(srv):
    srv.add_fault(Fault(match="TypedDataSet", kind="status", status=500, times=2))
    kc = wijkscan.kerncijfers("Voorschoten", 2024, niveau="gemeente")
    assert value(kc, "GM0626", "AantalInwoners") == 25625
    assert sum("/TypedDataSet" in r for r in srv.requests) == 3


def test_http_500_that_persists_gives_a_dutch_error(srv):
    srv.add_fault(Fault(match="TypedDataSet", kind="status", status=503))
    with pytest.raises(GeenVerbinding, match=r"CBS is niet bereikbaar: foutcode 503 .* na 3 pogingen"):
        wijkscan.kerncijfers("Voorschoten", 2024)


def test_timeout_is_retried_then_reported(srv, fresh_settings):
    fresh_settings.timeout = 0.3
    srv.add_fault(Fault(match="DataProperties", kind="timeout", delay=1.0, times=1))
    kc = wijkscan.kerncijfers("Voorschoten", 2024, niveau="gemeente")
    assert value(kc, "GM0626", "AantalInwoners") == 25625
    srv.add_fault(Fault(match="DataProperties", kind="timeout", delay=1.0))
    wijkscan.clear_cache()
    t0 = time.monotonic()
    with pytest.raises(GeenVerbinding, match="geen antwoord binnen 0.3 seconden"):
        wijkscan.kerncijfers("Voorschoten", 2024)
    assert time.monotonic() - t0 < 5


def test_truncated_json_is_retried_then_reported(srv):
    srv.add_fault(Fault(match="TypedDataSet", kind="truncate", times=1))
    kc = wijkscan.kerncijfers("Voorschoten", 2024, niveau="gemeente")
    assert value(kc, "GM0626", "AantalInwoners") == 25625
    srv.add_fault(Fault(match="TypedDataSet", kind="truncate"))
    wijkscan.clear_cache()
    with pytest.raises(OngeldigAntwoord, match="onvolledig of ongeldig JSON-antwoord"):
        wijkscan.kerncijfers("Voorschoten", 2024)


def test_endless_paging_loop_is_stopped(fresh_settings):
    with ReplayServer(page_size=4) as server:
        fresh_settings.cbs_url = server.url
        server.add_fault(Fault(match="TypedDataSet", kind="loop"))
        with pytest.raises(OngeldigAntwoord, match="steeds dezelfde pagina"):
            wijkscan.kerncijfers("Voorschoten", 2024)
        assert sum("/TypedDataSet" in r for r in server.requests) < 5


def test_cache_second_call_costs_no_network(srv):
    first = wijkscan.kerncijfers("Voorschoten", 2024)
    n = len(srv.requests)
    second = wijkscan.kerncijfers("Voorschoten", 2024)
    assert len(srv.requests) == n
    assert second.attrs["bron"] == "cache"
    pd.testing.assert_frame_equal(first, second)
    # atomic writes leave no temporary files behind
    files = list(_cache.cache_path().rglob("*"))
    assert not [f for f in files if f.name.startswith(".tmp-")]
    assert any(f.name == "85984NED_GM0626.json" for f in files)


def test_no_network_with_and_without_cache(fresh_settings):
    with ReplayServer() as server:
        fresh_settings.cbs_url = server.url
        wijkscan.kerncijfers("Voorschoten", 2024)
    # the server is gone now: the cached answer still serves, offline too
    fresh_settings.offline = True
    assert value(wijkscan.kerncijfers("Voorschoten", 2024, "gemeente"), "GM0626", "AantalInwoners") == 25625
    fresh_settings.offline = False
    assert wijkscan.kerncijfers("Voorschoten", 2024).attrs["bron"] == "cache"
    # nothing cached for Assen: no server → a Dutch error that says what to do
    with pytest.raises(GeenVerbinding, match="CBS is niet bereikbaar.*settings.offline = True"):
        wijkscan.kerncijfers("Assen", 2024)
    fresh_settings.offline = True
    with pytest.raises(GeenVerbinding, match="staat offline.*niet in de cache"):
        wijkscan.kerncijfers("Assen", 2024)


def test_damaged_cache_entry_is_fetched_again(srv):
    wijkscan.kerncijfers("Voorschoten", 2024)
    path = _cache.cache_path("cbs", "85984NED_GM0626.json")
    path.write_text('{"half": ')
    kc = wijkscan.kerncijfers("Voorschoten", 2024)
    assert kc.attrs["bron"] == "CBS"


def test_clear_cache_per_service(srv):
    wijkscan.kerncijfers("Voorschoten", 2024)
    wijkscan.grenzen("Voorschoten", 2024, "buurt")
    wijkscan.clear_cache("cbs")
    assert not _cache.cache_path("cbs").exists()
    assert _cache.cache_path("pdok").exists()


def test_harmonised_names_are_the_embedded_names(srv):
    live = set(wijkscan.kerncijfers("Voorschoten", 2024).variabele)
    from wijkscan.sources import embedded

    ours = set(embedded.kerncijfers("GM0626").variabele) - {
        "GeregistreerdeMisdrijven", "GeregistreerdeMisdrijvenLaatste12Maanden"}
    assert ours <= live


# --- PDOK ------------------------------------------------------------------------------

def test_grenzen_buurten_2024_in_rd(srv):
    g = wijkscan.grenzen("Voorschoten", 2024, "buurt")
    assert g.attrs["bron"] == "PDOK"
    assert len(g) == 12 and g.crs.to_epsg() == 28992
    assert g.loc["BU06260001", "naam"] == "Noord-Hofland"
    assert set(g.wijk) == {"WK062600"} and set(g.gemeente) == {"GM0626"}
    assert g.geometry.is_valid.all()
    req = [r for r in srv.requests if "/wfs/" in r][0]
    assert "typeNames=wijkenbuurten:buurten" in req and "srsName=EPSG:28992" in req
    assert "<fes:Literal>GM0626</fes:Literal>" in req


def test_grenzen_paging_with_a_server_that_caps_count(fresh_settings):
    with ReplayServer(page_size=25) as server:
        fresh_settings.pdok_url = server.url
        g = wijkscan.grenzen("Assen", 2024, "buurt")
        pages = [r for r in server.requests if "/wfs/" in r]
    assert len(g) == 106 + 12 - 12  # 106 Assen buurten have a polygon
    assert g.index.is_unique
    assert len(pages) == 5  # 25+25+25+25+6


def test_grenzen_old_vintage_layout_and_sentinels(srv):
    g = wijkscan.grenzen("Voorschoten", 2018, "buurt")
    assert len(g) == 12
    assert g.loc["BU06260002", "naam"] == "Adegeest"
    assert "AANT_INW" in g.columns
    assert g.AANT_INW.isna().all()  # -99999999 ("no data") became NA
    req = [r for r in srv.requests if "/wfs/" in r][0]
    assert "typeNames=wijkenbuurten2018:cbs_buurten_2018" in req
    w = wijkscan.grenzen("Voorschoten", 2018, "wijk")
    assert list(w.index) == ["WK062600"]


def test_grenzen_faults(srv):
    srv.add_fault(Fault(match="/wfs/", kind="status", status=500, times=1))
    assert len(wijkscan.grenzen("Voorschoten", 2024, "wijk")) == 1
    srv.add_fault(Fault(match="cbs_buurten_2019", kind="loop"))
    with ReplayServer(page_size=5) as small:
        from wijkscan.settings import settings

        settings.pdok_url = small.url
        small.add_fault(Fault(match="/wfs/", kind="loop"))
        with pytest.raises(OngeldigAntwoord, match="steeds dezelfde pagina"):
            wijkscan.grenzen("Voorschoten", 2024, "buurt")
    with pytest.raises(GeenTabel, match="geen wijk- en buurtkaart van 2021"):
        wijkscan.grenzen("Voorschoten", 2021, "buurt")
    assert pdok.laag(2024, "gemeente").type_name == "wijkenbuurten:gemeenten"


def test_grenzen_offline_without_cache(fresh_settings):
    fresh_settings.offline = True
    with pytest.raises(GeenVerbinding, match="buurtgrenzen 2024 van GM0626 staan niet in de cache"):
        wijkscan.grenzen("Voorschoten", 2024, "buurt")


# --- load() ----------------------------------------------------------------------------

def test_load_from_the_services_then_from_the_cache(srv):
    d = wijkscan.load("Voorschoten")
    assert d.bron == {"kerncijfers": "CBS", "grenzen": "PDOK"}
    assert d.tabel("gemeente").loc["GM0626", "AantalInwoners"] == 25625
    assert len(d.tabel("buurt")) == 12
    assert d.gebieden.crs.to_epsg() == 28992 and d.gebieden.geometry.notna().all()
    again = wijkscan.load("Voorschoten")
    assert again.bron == {"kerncijfers": "cache", "grenzen": "cache"}


def test_load_reports_areas_without_polygon(srv):
    d = wijkscan.load("Assen")
    assert len(d.tabel("buurt")) == 109
    assert any("BU01060311" in o for o in d.opmerkingen)


def test_load_falls_back_to_the_snapshot_and_says_so(fresh_settings):
    d = wijkscan.load("Voorschoten")  # nothing listens on the configured port
    assert d.bron["kerncijfers"] == "ingebouwd"
    assert "niet bereikbaar" in d.opmerkingen[0]
    with pytest.raises(GeenVerbinding):
        wijkscan.load("Voorschoten", bron="online")
    with pytest.raises(GeenVerbinding):
        wijkscan.load("Amsterdam")  # not in the snapshot: no silent substitute
    fresh_settings.offline = True
    assert "offline" in wijkscan.load("Assen").opmerkingen[0]


def test_cbs_parse_keeps_every_row(srv):
    data, _ = cbs.download("Assen", 2024)
    gebieden, kc, meta = cbs.parse(data)
    assert len(gebieden) == len(data["TypedDataSet"]) == 1 + 1 + 10 + 109
    assert len(kc) == len(gebieden) * meta.datatype.ne("String").sum()
