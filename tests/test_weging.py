"""Weighted means from buurten when the count of dwellings is missing (issue 16, item 5): WOZ, % koop and
% eengezins of own indelingen and PC4 areas are weighted by the households (else the inhabitants), and say so."""

from __future__ import annotations

import pandas as pd
import pytest

import wijkscan
from wijkscan.indicators import catalogus
from wijkscan.indicators.compute import geaggregeerd, gepubliceerd, gewichten, weging_tekst

WONEN = ["woz_waarde", "koopwoningen_aandeel", "eengezinswoningen_aandeel"]
LABEL = "gewogen naar huishoudens (woningvoorraad ontbreekt)"


@pytest.fixture(scope="module")
def voorschoten():
    return wijkscan.load("Voorschoten", bron="ingebouwd")


def _eigen(vs):
    buurten = sorted(vs.gebieden.index[vs.gebieden.niveau == "buurt"])
    tabel = pd.DataFrame({"buurt": buurten, "gebied": ["Noord" if i < 6 else "Zuid" for i in range(len(buurten))]})
    return wijkscan.indeling_uit_tabel(vs, tabel, indeling_naam="eigen wijken")


def test_the_catalogue_names_the_fallback_as_data():
    cat = catalogus()
    for ind in WONEN:
        assert gewichten(cat.loc[ind, "gewicht"]) == ["Woningvoorraad", "HuishoudensTotaal", "AantalInwoners"]
    assert cat.loc["inkomen_per_inwoner", "gewicht"] == "AantalInwoners"        # unchanged where it was right


def test_own_indeling_keeps_woz_koop_and_eengezins(voorschoten):
    assert "Woningvoorraad" not in set(voorschoten.kerncijfers.variabele)       # the snapshot has no dwellings count
    wa = wijkscan.wijkanalyse(voorschoten, niveau=_eigen(voorschoten))
    p = wa.profiel[(wa.profiel.jaar == 2024) & wa.profiel.indicator.isin(WONEN)].set_index(["gebied", "indicator"])
    assert len(p) == 6 and p.waarde.notna().all()
    assert (p.herkomst == f"berekend uit buurten, {LABEL}").all()
    assert (p.reden == "").all()
    # the gemeente value is CBS's own, and the two halves lie on either side of it
    woz = p.xs("woz_waarde", level="indicator")
    assert woz.gemeente.iloc[0] == 501 and woz.waarde.min() < 501 < woz.waarde.max()
    # the indeling keeps its sociaal-economisch dimension in the aandachtsgebieden
    a = wa.aandachtsgebieden.set_index("gebied")
    assert set(a.index) == {"Noord", "Zuid"}
    assert a.score_sociaal_economisch.notna().all()


def test_pc4_areas_keep_woz(voorschoten):
    wa = wijkscan.wijkanalyse(voorschoten, niveau="pc4")
    p = wa.profiel[(wa.profiel.jaar == 2024) & (wa.profiel.indicator == "woz_waarde")]
    assert p.waarde.notna().all() and p.herkomst.str.endswith(LABEL).all()


def test_a_cbs_wijk_from_its_buurten_is_close_to_the_published_value():
    # Voorschoten is one CBS wijk (WK062600) of twelve buurten; CBS publishes its WOZ, % koop and % eengezins
    vs = wijkscan.load("Voorschoten", bron="ingebouwd")
    kc = vs.kerncijfers[vs.kerncijfers.jaar == 2024]

    def wide(niveau):
        w = kc[kc.niveau == niveau].pivot_table(index="code", columns="variabele", values="waarde", aggfunc="first")
        w.columns.name = None
        return w.astype(float)

    buurten = vs.gebieden[vs.gebieden.niveau == "buurt"].wijk
    cat = catalogus()
    for ind, tolerantie in (("woz_waarde", 5.0), ("koopwoningen_aandeel", 1.0), ("eengezinswoningen_aandeel", 1.0)):
        waarde, reden = geaggregeerd(wide("buurt"), buurten, cat.loc[ind])
        gepubl = gepubliceerd(wide("wijk"), cat.loc[ind])[0]
        assert abs(waarde["WK062600"] - gepubl["WK062600"]) <= tolerantie, ind       # 500.6 vs 501; 63.7 vs 64; 63.8 vs 64
        assert reden["WK062600"] == LABEL


def test_the_first_weight_wins_when_it_is_there_and_the_next_one_takes_over_per_area():
    ind = catalogus().loc["woz_waarde"]
    w = pd.DataFrame({"GemiddeldeWOZWaardeVanWoningen": [200.0, 400.0, 300.0, 100.0],
                      "Woningvoorraad": [100.0, 300.0, None, 50.0], "HuishoudensTotaal": [90.0, 100.0, 40.0, None],
                      "AantalInwoners": [200.0, 200.0, 100.0, 100.0]}, index=["B1", "B2", "B3", "B4"])
    waarde, reden = geaggregeerd(w, pd.Series({"B1": "A", "B2": "A", "B3": "B", "B4": "B"}), ind)
    assert waarde["A"] == pytest.approx((200 * 100 + 400 * 300) / 400) and reden["A"] == ""   # by dwellings, no note
    # B: dwellings and households each missing in one buurt → the inhabitants
    assert waarde["B"] == pytest.approx((300 * 100 + 100 * 100) / 200)
    assert reden["B"] == "gewogen naar inwoners (woningvoorraad en huishoudens ontbreken)"
    assert weging_tekst("Woningvoorraad", ind.gewicht) == "gewogen naar woningvoorraad"


def test_a_suppressed_buurt_still_makes_the_area_na_with_its_reason():
    ind = catalogus().loc["koopwoningen_aandeel"]
    w = pd.DataFrame({"Koopwoningen": [60.0, None], "HuishoudensTotaal": [500.0, 10.0]}, index=["B1", "B2"])
    waarde, reden = geaggregeerd(w, pd.Series({"B1": "A", "B2": "A"}), ind)
    assert pd.isna(waarde["A"])
    assert reden["A"].startswith("Koopwoningen of het gewicht HuishoudensTotaal ontbreekt of is onderdrukt in 1 buurt")
