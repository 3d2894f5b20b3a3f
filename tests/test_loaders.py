"""The real loaders (cbsodata against CBS OData, HTTP against PDOK OGC API Features and WFS)
against the local replay server, with faults injected. Figures are checked against the source files:
StatLine CSV 85984NED (Voorschoten 25,625 inwoners on 1 January 2024, 12 buurten), the
recorded CBS rows of BU05990110 (2022: HuishoudensTotaal_28 = 10890, WOZ_35 = 371; 2023:
HuishoudensTotaal_29 = 11825, WOZ_36 = 413)."""

from __future__ import annotations

import pandas as pd
import pytest

import wijkscan
from tests.replay_server import FOUT_TIMEOUT, Fault, ReplayServer
from wijkscan.errors import GeenTabel, GeenVerbinding, OngeldigAntwoord
from wijkscan.sources import _cache, cbs

URLS = ("cbs_url", "pdok_url", "pdok_api_url", "pdok_oud_url", "cbs_derden_url")


def point_at(settings, server):
    """Every service URL of wijkscan to the replay server."""
    for name in URLS:
        setattr(settings, name, server.url)


@pytest.fixture
def srv(fresh_settings):
    with ReplayServer(page_size=1000) as server:
        point_at(fresh_settings, server)
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
        point_at(fresh_settings, server)
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


def test_unknown_year_and_unknown_table(srv, fresh_settings):
    # online: the CBS catalogue decides, and the message lists the years it knows
    with pytest.raises(GeenTabel, match=r"geen tabel Kerncijfers wijken en buurten 2010.*kent: 2015, .*2025"):
        wijkscan.kerncijfers("Voorschoten", 2010)
    assert [r for r in srv.requests if "TypedDataSet" in r] == []  # decided before any data request
    # the catalogue lists 86165NED for 2025, but the server has no such table
    with pytest.raises(GeenTabel, match="CBS kent tabel 86165NED"):
        wijkscan.kerncijfers("Voorschoten", 2025)
    # offline: the built-in list decides, without a request
    fresh_settings.offline = True
    n = len(srv.requests)
    with pytest.raises(GeenTabel, match="Voor 2010 is er geen tabel"):
        wijkscan.kerncijfers("Voorschoten", 2010)
    assert len(srv.requests) == n


def test_table_id_is_confirmed_in_the_catalogue(srv, monkeypatch):
    # a wrong id in the built-in list: the CBS catalogue (title "Kerncijfers wijken en buurten 2024") wins
    monkeypatch.setitem(cbs.TABELLEN, 2024, "99999NED")
    kc = wijkscan.kerncijfers("Voorschoten", 2024, niveau="gemeente")
    assert (kc.attrs["tabel"], kc.attrs["tabel_herkomst"]) == ("85984NED", "catalogus")
    catalogue = [r for r in srv.requests if "/ODataCatalog/Tables" in r]
    assert len(catalogue) == 1 and "substringof('Kerncijfers wijken en buurten',Title)" in catalogue[0]
    # the look-up is cached: a second gemeente costs no second catalogue request
    wijkscan.kerncijfers("Assen", 2024, niveau="gemeente")
    assert sum("/ODataCatalog/" in r for r in srv.requests) == 1


def test_catalogue_unreachable_falls_back_to_the_built_in_list(srv):
    srv.add_fault(Fault(match="/ODataCatalog/", kind="status", status=503))
    kc = wijkscan.kerncijfers("Voorschoten", 2024, niveau="gemeente")
    assert (kc.attrs["tabel"], kc.attrs["tabel_herkomst"]) == ("85984NED", "ingebouwde lijst")
    assert value(kc, "GM0626", "AantalInwoners") == 25625


def test_unknown_gemeente_on_the_server(srv):
    with pytest.raises(wijkscan.OnbekendeGemeente, match="Onbekende gemeente: GM9999"):
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
    fresh_settings.timeout, fresh_settings.retries = FOUT_TIMEOUT, 1
    srv.add_fault(Fault(match="DataProperties", kind="timeout", times=1))
    kc = wijkscan.kerncijfers("Voorschoten", 2024, niveau="gemeente")
    assert value(kc, "GM0626", "AantalInwoners") == 25625
    srv.add_fault(Fault(match="DataProperties", kind="timeout"))
    wijkscan.clear_cache()
    voor = sum("DataProperties" in r for r in srv.requests)
    with pytest.raises(GeenVerbinding, match=f"geen antwoord binnen {FOUT_TIMEOUT:g} seconden"):
        wijkscan.kerncijfers("Voorschoten", 2024)
    assert sum("DataProperties" in r for r in srv.requests) - voor == 2       # tried twice, then gave up


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
        point_at(fresh_settings, server)
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
        point_at(fresh_settings, server)
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

    # police (47022NED) and RIVM (50150NED) figures come from other tables than the Kerncijfers
    andere = set(embedded.variabelen().query("tabel != '85984NED'").variabele)
    assert {"GeregistreerdeMisdrijven", "GoedErvarenGezondheid"} <= andere
    ours = set(embedded.kerncijfers("GM0626").variabele) - andere
    assert ours <= live


# --- PDOK: see also tests/test_pdok_diensten.py -----------------------------------------

def test_grenzen_buurten_2024_from_the_ogc_api_in_rd(srv):
    g = wijkscan.grenzen("Voorschoten", 2024, "buurt")
    assert g.attrs["bron"] == "PDOK"
    assert g.attrs["dienst"] == "PDOK OGC API Features v1, laag 'buurten' (wijk- en buurtkaart 2024)"
    assert len(g) == 12 and g.index.is_unique and g.crs.to_epsg() == 28992
    assert g.loc["BU06260001", "naam"] == "Noord-Hofland"
    assert g.loc["BU06260001", "aantal_inwoners"] == 5725
    assert set(g.wijk) == {"WK062600"} and set(g.gemeente) == {"GM0626"}  # wijk derived from the code
    assert g.geometry.is_valid.all()
    items = [r for r in srv.requests if "/items" in r]
    assert len(items) == 1 and "gemeentecode=GM0626" in items[0]
    assert "crs=http://www.opengis.net/def/crs/EPSG/0/28992" in items[0]


def test_grenzen_paging_with_a_server_that_caps_the_page(fresh_settings):
    with ReplayServer(page_size=25) as server:
        point_at(fresh_settings, server)
        ogc = wijkscan.grenzen("Assen", 2024, "buurt")
        wfs = wijkscan.grenzen("Assen", 2022, "buurt")
        items = [r for r in server.requests if "/items" in r]
        pages = [r for r in server.requests if "GetFeature" in r]
    # 106 Assen buurten have a polygon, plus 1 water feature: 107 features, pages of 25
    assert len(ogc) == len(wfs) == 106 and ogc.index.is_unique and wfs.index.is_unique
    assert len(items) == 5 and sum("cursor=" in r for r in items) == 4
    assert len(pages) == 5 and [r.split("startIndex=")[1].split("&")[0] for r in pages] == [
        "0", "25", "50", "75", "100"]
    assert sorted(ogc.index) == sorted(wfs.index)


def test_grenzen_old_vintage_layout_and_sentinels(srv):
    g = wijkscan.grenzen("Voorschoten", 2018, "buurt")
    assert len(g) == 12
    assert g.loc["BU06260002", "naam"] == "Adegeest"
    assert g.aantalInwoners.isna().all()  # -99999999 ("no data") became NA
    req = [r for r in srv.requests if "GetFeature" in r][0]
    assert req.startswith("/wijkenbuurten2018/wfs?")
    assert "typeNames=wijkenbuurten2018:cbs_buurten_2018" in req
    assert "<fes:ValueReference>gemeentecode</fes:ValueReference>" in req  # lower case, as PDOK has it
    w = wijkscan.grenzen("Voorschoten", 2018, "wijk")
    assert list(w.index) == ["WK062600"]
    gm = wijkscan.grenzen("Voorschoten", 2018, "gemeente")
    assert gm.loc["GM0626", "aantalInwoners"] == 25453


def test_grenzen_faults(srv, fresh_settings):
    srv.add_fault(Fault(match="/items", kind="status", status=500, times=1))
    assert len(wijkscan.grenzen("Voorschoten", 2024, "wijk")) == 1
    srv.add_fault(Fault(match="GetFeature", kind="status", status=500, times=1))
    assert len(wijkscan.grenzen("Voorschoten", 2021, "wijk")) == 1
    with ReplayServer(page_size=5) as small:
        point_at(fresh_settings, small)
        small.add_fault(Fault(match="/items", kind="loop"))
        with pytest.raises(OngeldigAntwoord, match="steeds dezelfde pagina"):
            wijkscan.grenzen("Voorschoten", 2024, "buurt")
        small.add_fault(Fault(match="GetFeature", kind="loop"))
        with pytest.raises(OngeldigAntwoord, match="steeds dezelfde pagina"):
            wijkscan.grenzen("Voorschoten", 2019, "buurt")


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


def test_load_reports_areas_without_polygon_and_the_water_left_out(srv):
    d = wijkscan.load("Assen")
    assert len(d.tabel("buurt")) == 109
    assert any("BU01060311" in o for o in d.opmerkingen)
    water = [o for o in d.opmerkingen if "water" in o]
    # one sentence for the three layers, one water feature each
    assert water == ["PDOK levert het water van een gebied als apart vlak met dezelfde code; die watervlakken "
                     "zijn weggelaten (1 bij de gemeente, 1 bij de wijken en 1 bij de buurten), zodat elk gebied "
                     "één keer meetelt."]
    assert d.gebieden.index.is_unique


def test_load_falls_back_to_the_snapshot_and_says_so(fresh_settings):
    d = wijkscan.load("Voorschoten")  # nothing listens on the configured port
    assert d.bron["kerncijfers"] == "ingebouwd"
    assert "niet bereikbaar" in d.opmerkingen[0]
    with pytest.raises(GeenVerbinding):
        wijkscan.load("Voorschoten", bron="online")
    with pytest.raises(GeenVerbinding):
        wijkscan.load("GM0398")  # Heerhugowaard: no 2024 gemeente, not in the snapshot
    fresh_settings.offline = True
    assert "offline" in wijkscan.load("Assen").opmerkingen[0]


def test_cbs_parse_keeps_every_row(srv):
    data, _ = cbs.download("Assen", 2024)
    gebieden, kc, meta = cbs.parse(data)
    assert len(gebieden) == len(data["TypedDataSet"]) == 1 + 1 + 10 + 109
    assert len(kc) == len(gebieden) * meta.datatype.ne("String").sum()


# --- police figures (third-party catalogue) ----------------------------------------------------

def test_misdrijven_from_the_police_table(srv):
    m = cbs.misdrijven("Voorschoten", 2024)
    assert (m.attrs["bron"], m.attrs["tabel"]) == ("CBS", "47018NED")
    w = m.set_index("code").waarde
    # the police's figures for 2024 (summed months of 47022NED, republished by woonikveilig)
    assert w["GM0626"] == 818 and w["BU06260001"] == 131 and w["BU06260014"] == 13
    assert set(m.niveau) == {"gemeente", "buurt"} and len(m) == 13
    typed = [r for r in srv.requests if "/47018NED/TypedDataSet" in r][0]
    # dimension names read from DataProperties, the total over all kinds of crime, one year
    assert "SoortMisdrijf eq '0.0.0'" in typed and "Perioden eq '2024JJ00'" in typed
    assert "startswith(RegioS,'BU0626')" in typed
    assert cbs.misdrijven("Voorschoten", 2024).attrs["bron"] == "cache"
    a = cbs.misdrijven("Assen", 2021).set_index("code")
    assert len(a[a.niveau == "buurt"]) == 109


def test_misdrijven_errors_are_dutch(srv, fresh_settings):
    with pytest.raises(GeenTabel, match="geen totaal van alle misdrijven voor 2019. Kies een ander jaar"):
        cbs.misdrijven("Voorschoten", 2019)
    with pytest.raises(GeenTabel, match="Onbekende politietabel '12345NED'. Kies uit: 47018NED, 47022NED"):
        cbs.misdrijven("Voorschoten", 2024, tabel="12345NED")
    srv.add_fault(Fault(match="47018NED/TypedDataSet", kind="truncate"))
    with pytest.raises(OngeldigAntwoord, match="onvolledig of ongeldig JSON-antwoord"):
        cbs.misdrijven("Voorschoten", 2023)
    fresh_settings.offline = True
    with pytest.raises(GeenVerbinding, match="staat offline en de misdrijven 2022 van GM0626"):
        cbs.misdrijven("Voorschoten", 2022)
