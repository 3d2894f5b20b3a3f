"""The embedded snapshot and ``wijkscan.load`` offline, checked against figures read by hand
from the source files (StatLine CSV 85984NED, woonikveilig GM*.json, geoinzicht gemeente layers)."""

from __future__ import annotations

import pandas as pd
import pytest

import wijkscan
from wijkscan.errors import GeenTabel, OnbekendeGemeente
from wijkscan.sources import embedded


def value(kc, code, var, jaar=2024):
    hit = kc[(kc.code == code) & (kc.variabele == var) & (kc.jaar == jaar)].waarde
    assert len(hit) == 1, (code, var, jaar)
    return hit.iloc[0]


def test_voorschoten_2024_population_in_12_buurten():
    vs = wijkscan.load("Voorschoten", bron="ingebouwd")
    assert vs.code == "GM0626" and vs.jaar == 2024
    buurten = vs.tabel("buurt")
    assert len(buurten) == 12
    assert vs.tabel("gemeente").loc["GM0626", "AantalInwoners"] == 25625
    assert buurten.loc["BU06260001", "naam"] == "Noord-Hofland"
    assert buurten.loc["BU06260001", "AantalInwoners"] == 5725
    # CSV: Koopmanskwartier (Assen) 1510 inwoners, 580 aged 65+; woonikveilig: WOZ 183, koop 11 %
    assen = wijkscan.load("GM0106", bron="ingebouwd").kerncijfers
    assert value(assen, "BU01060005", "AantalInwoners") == 1510
    assert value(assen, "BU01060005", "k_65JaarOfOuder") == 580
    assert value(assen, "BU01060005", "GemiddeldeWOZWaardeVanWoningen") == 183
    assert value(assen, "BU01060005", "Koopwoningen") == 11


def test_randomly_rounded_counts_are_kept_as_cbs_publishes_them():
    kc = embedded.kerncijfers("GM0626")
    # gemeente Mannen 12476, its only wijk 12480 (rounded to multiples of 5): not "corrected"
    assert value(kc, "GM0626", "Mannen") == 12476
    assert value(kc, "WK062600", "Mannen") == 12480


def test_suppressed_values_are_na_not_zero():
    kc = embedded.kerncijfers("GM0106")
    # Erfgoedkwartier (25 inwoners): WOZ and koopwoningen suppressed by CBS
    assert pd.isna(value(kc, "BU01060001", "GemiddeldeWOZWaardeVanWoningen"))
    assert pd.isna(value(kc, "BU01060001", "Koopwoningen"))


def test_nederland_and_crime_series():
    kc = embedded.kerncijfers("GM0626")
    assert value(kc, "NL00", "AantalInwoners") == 17942942
    assert kc[kc.code == "NL00"].niveau.unique().tolist() == ["land"]
    # registered crime Voorschoten 2021..2024 and the last-12-months figure (woonikveilig trend)
    crimes = [value(kc, "GM0626", "GeregistreerdeMisdrijven", j) for j in (2021, 2022, 2023, 2024)]
    assert crimes == [769, 736, 819, 818]
    assert value(kc, "GM0626", "GeregistreerdeMisdrijvenLaatste12Maanden", 2025) == 747
    assert value(kc, "BU06260002", "GeregistreerdeMisdrijven", 2024) == 84


def test_gemeente_trend_2012_2024():
    t = embedded.trend("GM0626").set_index(["jaar", "variabele"]).waarde
    assert t[(2012, "AantalInwoners")] == 24310
    assert t[(2024, "AantalInwoners")] == 25625
    assert t[(2012, "Percentage65JaarOfOuder")] == 20
    assert t[(2024, "Percentage65JaarOfOuder")] == 24
    assert sorted(embedded.trend("GM0106").jaar.unique()) == [2012, 2017, 2018, 2019, 2022, 2023, 2024]


def test_geometry_in_rd_and_missing_polygons_reported():
    vs = wijkscan.load("Voorschoten", bron="ingebouwd")
    assert vs.gebieden.crs.to_epsg() == 28992
    assert vs.gebieden.niveau.value_counts().to_dict() == {"buurt": 12, "wijk": 1, "gemeente": 1}
    minx, miny, maxx, maxy = vs.gebieden.total_bounds
    assert 85_000 < minx < maxx < 100_000 and 455_000 < miny < maxy < 465_000  # Voorschoten in RD
    assert vs.gebieden.geometry.notna().all() and vs.opmerkingen == []
    # buurten sum to roughly the gemeente area (buurt map ~2019 vs outline 2023, both generalised)
    b = vs.gebieden[vs.gebieden.niveau == "buurt"].area.sum()
    g = vs.gebieden.loc["GM0626"].geometry.area
    assert abs(b - g) / g < 0.05
    assen = wijkscan.load("Assen", bron="ingebouwd")
    missing = assen.gebieden.index[assen.gebieden.geometry.isna()].tolist()
    assert missing == ["BU01060311", "BU01060899", "BU01069918"]
    assert "BU01060311" in assen.opmerkingen[0] and "3 buurten staan van 2024 niet op" in assen.opmerkingen[0]
    assert len(assen.tabel("buurt")) == 109   # still in the tables


def test_pc4_voorschoten():
    pc = embedded.pc4("GM0626")
    assert sorted(pc.index) == ["2251", "2252", "2253", "2254"]
    assert pc.crs.to_epsg() == 28992
    with pytest.raises(GeenTabel, match="alleen postcodegebieden"):
        embedded.pc4("GM0106")


def test_embedded_errors_are_dutch():
    # Heerhugowaard (GM0398) is part of Dijk en Waard since 2022: not a gemeente of 2024
    with pytest.raises(OnbekendeGemeente, match="ingebouwde gegevens bevatten GM0398 niet.*GM1980"):
        wijkscan.load("GM0398", bron="ingebouwd")
    with pytest.raises(GeenTabel, match="ingebouwde gegevens zijn van 2024"):
        wijkscan.load("Voorschoten", jaar=2022, bron="ingebouwd")


def test_notebook_display_shows_real_figures():
    vs = wijkscan.load("Voorschoten", bron="ingebouwd")
    html = vs._repr_html_()
    assert "Noord-Hofland" in html and "5.725" in html
    assert "25.625 inwoners" in repr(vs)
    assert "Boschgeest (BU06260004)" in vs.samenvatting()
    assert "inkomen/inw. (×1.000 €) geen gegevens" in vs.samenvatting().split("Boschgeest")[1].split("\n")[0]


# --- every gemeente of 2024 (issue 10) -----------------------------------------------------------------------------
def test_all_342_gemeenten_and_every_buurt_of_2024():
    assert len(embedded.gemeenten()) == 342
    g = embedded._gebieden_tabel()
    assert g.niveau.value_counts().to_dict() == {"buurt": 14574, "wijk": 3393, "gemeente": 342}
    kc = embedded._kerncijfers()
    inw = kc[kc.variabele == "AantalInwoners"]
    assert set(g.code) <= set(inw.code)                                   # population for every area
    # figures read by hand from the StatLine CSV 85984NED
    assert value(embedded.kerncijfers("GM0405"), "GM0405", "AantalInwoners") == 75645
    assert value(embedded.kerncijfers("GM0363"), "BU0363AF09", "k_65JaarOfOuder") == 185


def test_hoorn_offline_has_the_rich_variables():
    hoorn = wijkscan.load("Hoorn", bron="ingebouwd")
    assert hoorn.code == "GM0405" and hoorn.ontbrekend == [] and hoorn.ontbrekend_tekst is None
    assert hoorn.tabel("gemeente").loc["GM0405", "GemiddeldeWOZWaardeVanWoningen"] == 350   # woonikveilig
    assert value(hoorn.kerncijfers, "GM0405", "GeregistreerdeMisdrijven", 2023) == 3509
    assert (hoorn.gebieden.niveau == "buurt").sum() == 74 and hoorn.gebieden.geometry.notna().all()


def test_amsterdam_codes_with_letters_and_full_depth_offline():
    ams = wijkscan.load("Amsterdam", bron="ingebouwd")
    assert ams.gebieden.loc["BU0363AF09", "wijk"] == "WK0363AF"
    assert ams.tabel("buurt").loc["BU0363AF09", "AantalInwoners"] == 900
    assert ams.tabel("wijk").loc["WK0363AF", "naam"] == "Nieuwmarkt/Lastage"
    # since the snapshot covers every gemeente: WOZ, crime and health for Amsterdam's buurten offline
    buurt = ams.tabel("buurt")
    assert buurt.GemiddeldeWOZWaardeVanWoningen.notna().mean() > 0.8
    assert buurt.GoedErvarenGezondheid.notna().mean() > 0.8
    assert ams.ontbrekend == [] and ams.ontbrekend_tekst.startswith("517 buurten hebben geen vlak op de meegeleverde")


def test_what_is_missing_is_one_true_sentence():
    # Schiermonnikoog: CBS had not filled income in the 2024 table for any of its areas
    sch = wijkscan.load("Schiermonnikoog", bron="ingebouwd")
    assert sch.ontbrekend == ["GemiddeldInkomenPerInwoner"]
    assert sch.ontbrekend_tekst == ("In de ingebouwde gegevens van Schiermonnikoog ontbreekt inkomen: CBS had dat cijfer "
                                    "in de tabel van 2024 nog niet gepubliceerd.")
    assert sch.ontbrekend_tekst in sch.opmerkingen and sch.ontbrekend_tekst in sch._repr_html_()
    assert sch.ontbrekend_tekst in sch.samenvatting("buurt")


def test_every_gemeente_has_every_variable_somewhere():
    """Every gemeente of 2024 has, for its buurten, the variables of the national set (income aside)."""
    kc = embedded._kerncijfers()
    kc = kc[kc.code.str.startswith("BU") & kc.waarde.notna() & (kc.jaar == 2024)]
    per_gemeente = kc.groupby("gemeente").variabele.nunique()
    assert len(per_gemeente) == 342
    nodig = set(embedded.LABELS) - {"GemiddeldInkomenPerInwoner"}
    heeft = kc.groupby("gemeente").variabele.agg(set)
    mist = {g: sorted(nodig - v) for g, v in heeft.items() if nodig - v}
    # the one real gap of the source: the police figures of Best (GM0753) exist only for the gemeente
    assert mist == {"GM0753": ["GeregistreerdeMisdrijven"]}, mist
    best = wijkscan.wijkanalyse("Best", bron="ingebouwd").profiel
    rows = best[(best.indicator == "misdrijven_per_1000") & (best.jaar == 2024)]
    assert rows.waarde.isna().all() and (rows.reden != "").all()           # unknown, with its reason: never 0
    # Nederland has the national figures beside the population
    nl = embedded.kerncijfers("GM0088", niveau="land").set_index(["variabele", "jaar"]).waarde
    assert nl[("GemiddeldeWOZWaardeVanWoningen", 2024)] == 378 and nl[("GoedErvarenGezondheid", 2012)] == 76.3


def test_provincie_of_every_gemeente():
    t = pd.read_csv(embedded.data_dir() / "gemeenten_2024.csv", dtype=str)
    assert len(t) == 342 and t.provincie.nunique() == 12
    p = t.set_index("naam").provincie
    assert p["Assen"] == "Drenthe" and p["Schiermonnikoog"] == "Fryslân" and p["Dijk en Waard"] == "Noord-Holland"


def test_dijk_en_waard_has_no_buurt_polygons_and_says_so():
    dw = wijkscan.load("Dijk en Waard", bron="ingebouwd")
    buurten = dw.gebieden[dw.gebieden.niveau == "buurt"]
    assert len(buurten) == 69 and buurten.geometry.isna().all()       # recoded BU1980… since 2022
    assert dw.gebieden[dw.gebieden.niveau == "wijk"].geometry.notna().all()
    assert "69 buurten staan van 2024 niet op de meegeleverde buurtkaart" in dw.opmerkingen[0]
    assert "en 64 andere" in dw.opmerkingen[0]                          # a count, not 69 codes
    assert sorted(embedded.buurten_zonder_vlak("GM1980").code) == sorted(buurten.index)
    assert dw.ontbrekend == []                                          # woonikveilig covers every gemeente


def test_several_gemeenten_in_one_load():
    twee = wijkscan.load(["Hoorn", "GM0106"], bron="ingebouwd")
    assert twee.gemeenten == ["GM0405", "GM0106"] and twee.naam == "Hoorn en Assen"
    assert set(twee.gebieden[twee.gebieden.niveau == "gemeente"].index) == {"GM0405", "GM0106"}
    assert twee.tabel("gemeente").AantalInwoners.to_dict() == {"GM0106": 69701, "GM0405": 75645}   # StatLine CSV
    nl = wijkscan.load("Nederland", bron="ingebouwd")
    assert nl.code == "NL00" and len(nl.gemeenten) == 342 and (nl.gebieden.niveau == "buurt").sum() == 14574
    assert len(wijkscan.load(None, provincie="Drenthe").gemeenten) == 12     # more in tests/test_provincie.py
