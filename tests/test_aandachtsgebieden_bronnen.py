"""The SES (CBS 85163NED) and Leefbaarometer loaders against the local replay, with faults.

SES figures are checked against the real StatLine export they are replayed from (Amsterdam
2019: Kop Zeedijk BU03630000 score 0,045 with 700 households; Amerikahaven suppressed). The
Leefbaarometer rows for Voorschoten and Assen are a documented-shape VOORBEELD (see
tests/replay_indices.py): tests check shape, paging and faults on them, never their values
as facts; the one quoted live record (Elandsgrachtbuurt) is checked for its values.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

import wijkscan
from tests.replay_indices import LEEFBAAROMETER_VOORBEELD, Fault, IndicesReplayServer, lbm_records, ses_rows
from tests.replay_server import FOUT_TIMEOUT
from wijkscan.errors import GeenVerbinding, OngeldigAntwoord, OngeldigeInvoer
from wijkscan.sources import leefbaarometer as lbm
from wijkscan.sources import ses


@pytest.fixture
def srv(fresh_settings, monkeypatch):
    with IndicesReplayServer(page_size=1000) as server:
        for name in ("cbs_url", "pdok_url", "pdok_api_url", "pdok_oud_url", "cbs_derden_url"):
            setattr(fresh_settings, name, server.url)
        monkeypatch.setattr(lbm, "URL", f"{server.url}/lbm3/ows")
        yield server


# --- SES ---------------------------------------------------------------------------------------

def test_ses_scores_amsterdam_match_the_real_export(srv):
    s = ses.ses_scores("Amsterdam")
    assert s.attrs["bron"] == "CBS" and s.attrs["jaren"] == [2019]
    truth = ses_rows().set_index("code")
    assert len(s) == len(truth) == 579                                # gemeente, 99 wijken, 479 buurten
    t = s.set_index("code")
    assert t.loc["BU03630000", "ses_score"] == pytest.approx(0.045)
    assert t.loc["BU03630000", "huishoudens"] == 700
    assert t.loc["GM0363", "ses_score"] == pytest.approx(-0.100) and t.loc["GM0363", "niveau"] == "gemeente"
    assert pd.isna(t.loc["BU03631005", "ses_score"])                  # Amerikahaven: '.' → NA, never 0
    pd.testing.assert_series_equal(t.ses_score.sort_index(), truth.ses_score.sort_index(), check_names=False)
    # asked for one gemeente only, on the server
    typed = [r for r in srv.requests if "/85163NED/TypedDataSet" in r]
    assert typed and "startswith(WijkenEnBuurten,'BU0363')" in typed[0]
    # a second call comes from the cache, without a request
    n = len(srv.requests)
    assert ses.ses_scores("Amsterdam").attrs["bron"] == "cache" and len(srv.requests) == n


def test_ses_for_a_gemeente_cbs_has_no_scores_for(srv):
    s = ses.ses_scores("Voorschoten")
    assert s.empty and "geen SES-scores voor GM0626" in s.attrs["opmerking"]
    rows, notes = ses.als_kerncijfers("Voorschoten", 2024)
    assert rows.empty and notes == ["CBS heeft in tabel 85163NED geen SES-scores voor GM0626."]


def test_ses_as_kerncijfers_names_buurten_without_a_score(srv):
    codes = pd.Index(["BU03630000", "BU03639999"])
    rows, notes = ses.als_kerncijfers("Amsterdam", 2024, codes)
    assert set(rows.variabele) == {"SesWoaScore"} and set(rows.jaar) == {2024}
    assert rows.set_index("code").loc["BU03630000", "waarde"] == pytest.approx(0.045)
    assert "uit 2019" in notes[0]
    assert notes[1] == "1 buurt zonder SES-score (nieuwe code sinds 2019 of geheim): BU03639999"


def test_ses_paging(fresh_settings):
    with IndicesReplayServer(page_size=50) as server:
        fresh_settings.cbs_url = server.url
        s = ses.ses_scores("Amsterdam")
        assert len(s) == 579
        assert sum("85163NED/TypedDataSet" in r for r in server.requests) == 12      # 579 rows, 50 a page


@pytest.mark.parametrize("fault, error", [
    (Fault(match="85163NED/TypedDataSet", kind="status", status=500), GeenVerbinding),
    (Fault(match="85163NED/TypedDataSet", kind="timeout"), GeenVerbinding),
    (Fault(match="85163NED/TypedDataSet", kind="truncate"), OngeldigAntwoord),
    (Fault(match="85163NED/TypedDataSet", kind="loop"), OngeldigAntwoord),
])
def test_ses_faults(srv, fault, error):
    if fault.kind == "timeout":
        wijkscan.settings.timeout = FOUT_TIMEOUT     # the fault waits far longer; the other requests answer in time
    srv.add_fault(fault)
    with pytest.raises(error) as info:
        ses.ses_scores("Amsterdam")
    assert info.value.args[0][0].isupper()                            # one Dutch sentence, not a traceback
    assert not list(wijkscan.settings.cache_dir.glob("cbs/85163NED_*"))   # nothing half-written is cached


def test_ses_recovers_after_two_errors(srv):
    srv.add_fault(Fault(match="85163NED/TypedDataSet", kind="status", status=503, times=2))
    assert len(ses.ses_scores("Amsterdam")) == 579


def test_ses_offline_without_cache(srv):
    wijkscan.settings.offline = True
    with pytest.raises(GeenVerbinding, match="offline"):
        ses.ses_scores("Amsterdam")
    assert srv.requests == []


# --- Leefbaarometer ---------------------------------------------------------------------------

def test_the_replayed_rows_say_they_are_a_sample():
    assert "geen echte Leefbaarometer-cijfers" in LEEFBAAROMETER_VOORBEELD
    import tests.replay_indices as r
    assert "documented-shape sample" in r.__doc__ and "not Leefbaarometer figures" in r.__doc__


def test_leefbaarometer_voorschoten_shape_and_cache(srv):
    t = lbm.leefbaarometer("Voorschoten", 2024)
    assert t.attrs["bron"] == "Leefbaarometer"
    assert len(t) == 12 and t.code.str.startswith("BU0626").all()
    assert {"klasse", "afwijking", "overlast_onveiligheid", "klasse_sociale_samenhang"} <= set(t.columns)
    assert t.klasse.between(1, 9).all() and t.jaar.eq(2024).all()
    req = [r for r in srv.requests if r.startswith("/lbm3/ows")]
    assert len(req) == 1 and "CQL_FILTER=id LIKE 'BU0626%'" in req[0] and "typeNames=lbm3:buurtscore24" in req[0]
    assert lbm.leefbaarometer("Voorschoten", 2024).attrs["bron"] == "cache"
    assert len([r for r in srv.requests if r.startswith("/lbm3/ows")]) == 1


def test_leefbaarometer_the_quoted_live_record(srv):
    t = lbm.leefbaarometer("Amsterdam", 2024).set_index("code")
    assert t.loc["BU0363AB10", "klasse"] == 9
    assert t.loc["BU0363AB10", "afwijking"] == pytest.approx(0.371047)
    assert t.loc["BU0363AB10", "klasse_overlast_onveiligheid"] == 3


def test_leefbaarometer_paging(fresh_settings, monkeypatch):
    with IndicesReplayServer(page_size=25) as server:
        monkeypatch.setattr(lbm, "URL", f"{server.url}/lbm3/ows")
        t = lbm.leefbaarometer("Assen", 2024)
        n_assen = sum(r["id"].startswith("BU0106") for r in lbm_records())
        assert len(t) == n_assen == 109 and t.code.is_unique
        assert len([r for r in server.requests if r.startswith("/lbm3/ows")]) == 5      # 109 rows, 25 a page


@pytest.mark.parametrize("fault, error", [
    (Fault(match="/lbm3/ows", kind="status", status=500), GeenVerbinding),
    (Fault(match="/lbm3/ows", kind="timeout"), GeenVerbinding),
    (Fault(match="/lbm3/ows", kind="truncate"), OngeldigAntwoord),
])
def test_leefbaarometer_faults(srv, fault, error):
    if fault.kind == "timeout":
        wijkscan.settings.timeout = FOUT_TIMEOUT     # the fault waits far longer; the other requests answer in time
    srv.add_fault(fault)
    with pytest.raises(error, match="Leefbaarometer"):
        lbm.leefbaarometer("Voorschoten", 2024)
    assert not (wijkscan.settings.cache_dir / "leefbaarometer").exists()


def test_leefbaarometer_paging_loop_is_stopped(fresh_settings, monkeypatch):
    with IndicesReplayServer(page_size=25) as server:
        monkeypatch.setattr(lbm, "URL", f"{server.url}/lbm3/ows")
        server.add_fault(Fault(match="/lbm3/ows", kind="loop"))
        with pytest.raises(OngeldigAntwoord, match="steeds dezelfde pagina"):
            lbm.leefbaarometer("Assen", 2024)


def test_leefbaarometer_edition_and_csv():
    with pytest.raises(OngeldigeInvoer, match="om de twee jaar"):
        lbm.laag(2023)
    t = lbm.lees_leefbaarometer(io.StringIO("BU_CODE,jaar,lbm,kscore\nBU01060001,2022,-0.05,5\n"))
    assert t.loc[0, "afwijking"] == pytest.approx(-0.05) and t.loc[0, "klasse"] == 5 and t.loc[0, "jaar"] == 2022
    with pytest.raises(OngeldigeInvoer, match="buurtcode"):
        lbm.lees_leefbaarometer(io.StringIO("naam;afw\nCentrum;0.1\n"))


# --- online, both enter the profile and the dimensions ------------------------------------------

def test_online_the_indices_enter_profile_and_dimensions(srv):
    wa = wijkscan.wijkanalyse("Voorschoten")
    assert wa.gemeente.bron["kerncijfers"] == "CBS"
    p = wa.profiel[(wa.profiel.jaar == 2024) & (wa.profiel.indicator == "leefbaarometer_afwijking")]
    assert p.waarde.notna().sum() == 12
    a = wa.aandachtsgebieden
    assert "leefbaarometer_afwijking" in a.attrs["gebruikt"] and a.score_leefbaarheid.notna().sum() >= 11
    b = wa.bijdragen
    assert (b[b.indicator == "leefbaarometer_afwijking"].dimensie == "leefbaarheid").all()
    notes = " ".join(wa.opmerkingen)
    assert "Leefbaarometer 3.0, editie 2024" in notes
    assert "geen SES-scores voor GM0626" in notes                     # said, not silently skipped


def test_online_index_failure_does_not_stop_the_analysis(srv):
    srv.add_fault(Fault(match="/lbm3/ows", kind="status", status=500))
    wa = wijkscan.wijkanalyse("Voorschoten")
    assert "leefbaarometer_afwijking" not in wa.aandachtsgebieden.attrs["gebruikt"]
    assert any(o.startswith("De Leefbaarometer kon niet worden opgehaald") for o in wa.opmerkingen)


def test_embedded_data_never_asks_for_the_indices(srv):
    wa = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
    assert not any(r.startswith("/lbm3/") or "85163NED" in r for r in srv.requests)
    assert wa.aandachtsgebieden.score_leefbaarheid.isna().all()


# --- all buurten of Nederland (the national reference of the aandachtsgebieden) ------------------
# The replay answers the national question with the buurten it holds (its recorded Kerncijfers:
# Voorschoten and Assen, 121 buurten) — so here "Nederland" is small. These tests check the question,
# the cache, the wiring and the faults; the national figures themselves come from CBS online.

BU_FILTER = "startswith(WijkenEnBuurten,'BU')"


def test_national_buurt_table_from_cbs_is_asked_once_and_cached(srv):
    from wijkscan.sources import embedded, nederland

    assert not nederland.in_cache(2024)
    kc, bron = nederland.buurten(2024)
    assert bron == "CBS" and nederland.in_cache(2024)
    assert sum(BU_FILTER in r for r in srv.requests) == 1                    # one question for every buurt
    assert kc.code.str.startswith("BU").all() and kc.code.nunique() == 121
    # the figures are the real ones the replay serves: inwoners equal the embedded snapshot
    inw = kc[kc.variabele == "AantalInwoners"].set_index("code").waarde.astype(float)
    echt = embedded.kerncijfers(["GM0626", "GM0106"], niveau="buurt").query("variabele == 'AantalInwoners'")
    assert inw.sort_index().equals(echt.set_index("code").waarde.astype(float).reindex(inw.index).sort_index())
    before = len(srv.requests)
    kc2, bron2 = nederland.buurten(2024)
    assert bron2 == "cache" and len(srv.requests) == before                # no request the second time
    pd.testing.assert_frame_equal(kc.reset_index(drop=True), kc2.reset_index(drop=True))


def test_online_the_reference_comes_from_cbs_and_gives_a_percentile(srv):
    wa = wijkscan.wijkanalyse("Voorschoten")
    assert any(BU_FILTER in r for r in srv.requests)
    a = wa.aandachtsgebieden.set_index("naam")
    scored = a[a.score.notna()]
    # WOZ, koopwoningen, eengezinswoningen, crime and distances are in the (replayed) national table
    assert scored.landelijk_percentiel.notna().all()
    pct = scored.loc["Centrum", "landelijk_percentiel"]
    assert scored.loc["Centrum", "landelijk"].startswith(f"ongunstiger dan {round(pct)} % van de buurten in Nederland op ")
    assert "gemiddelde WOZ-waarde" in scored.loc["Centrum", "landelijk"]


@pytest.mark.parametrize("kind", ["status", "truncate", "loop"])
def test_national_table_faults_are_clear_and_do_not_stop_the_analysis(srv, kind):
    from wijkscan.errors import WijkscanFout
    from wijkscan.sources import nederland

    srv.add_fault(Fault(match=BU_FILTER, kind=kind, status=500))
    with pytest.raises(WijkscanFout) as err:
        nederland.buurten(2024)
    assert "CBS" in str(err.value) and not nederland.in_cache(2024)
    wa = wijkscan.wijkanalyse("Voorschoten")
    note = [o for o in wa.opmerkingen if o.startswith("De cijfers van alle buurten van Nederland konden niet")]
    assert len(note) == 1 and note[0].endswith("gebruikt de ingebouwde gegevens.")
    # the embedded reference covers every buurt of Nederland: the national position is still there
    scored = wa.aandachtsgebieden[wa.aandachtsgebieden.score.notna()]
    assert scored.landelijk_percentiel.notna().all()
    assert scored.landelijk.str.contains("% van de buurten in Nederland").all()


def test_offline_the_national_table_is_not_asked_for(srv, fresh_settings):
    from wijkscan.sources import nederland

    fresh_settings.offline = True
    with pytest.raises(GeenVerbinding, match="alle buurten van Nederland"):
        nederland.buurten(2024)
    assert not any(BU_FILTER in r for r in srv.requests)
