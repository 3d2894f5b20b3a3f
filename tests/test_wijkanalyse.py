"""The wijkanalyse on the embedded real data. Expected figures are computed by hand in this
file from the source values (StatLine CSV 85984NED and woonikveilig GM0626.json, quoted in
the comments), never taken from wijkscan's own output."""

from __future__ import annotations

import gzip
import json
import math

import geopandas as gpd
import pandas as pd
import pytest

import wijkscan
from wijkscan.areas import indeling_uit_tabel
from wijkscan.errors import OngeldigeInvoer
from wijkscan.indicators import catalogus, lees_catalogus
from wijkscan.sources import embedded

# CSV 85984NED (1 January 2024): inwoners and 65+ per buurt
INW = {"BU06260001": 5725, "BU06260006": 1565, "BU06260007": 3780, "BU06260004": 1615, "BU06260008": 2700,
       "BU06260010": 2170, "BU06260011": 745}
P65 = {"BU06260001": 1340, "BU06260006": 615, "BU06260007": 785, "BU06260004": 465, "BU06260008": 605,
       "BU06260010": 595, "BU06260011": 195}
# woonikveilig GM0626.json: inkomenPerInwoner (×1000 €) and registered crime 2021..2024
INKOMEN = {"BU06260001": 38.8, "BU06260007": 30.3, "BU06260004": None}
MISDRIJVEN_2024 = {"BU06260001": 131, "BU06260007": 107, "BU06260004": 160, "BU06260006": 38}


@pytest.fixture(scope="module")
def vs():
    return wijkscan.load("Voorschoten", bron="ingebouwd")


@pytest.fixture(scope="module")
def wa(vs):
    return wijkscan.wijkanalyse(vs)


@pytest.fixture(scope="module")
def eigen(vs):
    tabel = pd.DataFrame({
        "buurt": ["BU06260001", "Vlietwijk", "BU06260006", "BU06260004", "BU06260002", "BU06260008", "BU06260009",
                  "BU06260010", "BU06260011", "BU06260012", "BU06260013", "BU06260014"],
        "gebied": ["N", "N", "Z", "Z", "N", "Z", "O", "O", "O", "O", "O", "O"],
        "naam": ["Noord", "Noord", "Zuid", "Zuid", "Noord", "Zuid", "Oost", "Oost", "Oost", "Oost", "Oost", "Oost"],
    })
    return wijkscan.wijkanalyse(vs, niveau=indeling_uit_tabel(vs, tabel, naam="naam"))


def test_every_buurt_and_indicator_is_in_the_profile(wa):
    now = wa.profiel[wa.profiel.jaar == 2024]
    assert now.gebied.nunique() == 12
    assert now.indicator.nunique() == len(catalogus())
    assert len(now) == 12 * len(catalogus())
    assert set(catalogus().thema) == {"Demografie", "Wonen", "Openbare ruimte", "Veiligheid", "Voorzieningen",
                                      "Sociale cohesie"}
    # NA always has a reason; a value never has one
    assert (now[now.waarde.isna()].reden != "").all()
    assert (now[now.waarde.notna()].reden == "").all()


def test_values_gemeente_index_and_rank(wa):
    bijdorp = wa.gebied("BU06260006")
    share = 100 * 615 / 1565
    gem = 100 * 6276 / 25625  # gemeente row of the CSV
    assert bijdorp.loc["leeftijd_65plus_aandeel", "waarde"] == pytest.approx(share)
    assert bijdorp.loc["leeftijd_65plus_aandeel", "gemeente"] == pytest.approx(gem)
    assert bijdorp.loc["leeftijd_65plus_aandeel", "index"] == pytest.approx(100 * share / gem)
    # Nederland: 3,677,228 of 17,942,942 aged 65+
    assert bijdorp.loc["leeftijd_65plus_aandeel", "nederland"] == pytest.approx(100 * 3677228 / 17942942)
    # Bijdorp has the highest share 65+ of the 12 buurten, but a neutral indicator has no rank:
    # one convention everywhere (1 = gunstigst), and "gunstig" has no meaning here
    shares = {k: P65[k] / INW[k] for k in P65}
    assert max(shares, key=shares.get) == "BU06260006"
    assert pd.isna(bijdorp.loc["leeftijd_65plus_aandeel", "rang"])
    # misdrijven per 1.000: Boschgeest 160 / 1615
    assert wa.waarde("BU06260004", "misdrijven_per_1000") == pytest.approx(1000 * 160 / 1615)
    # direction: lower crime rate is better, so the highest rate (Centrum: 92 / 745) ranks last
    p = wa.profiel[(wa.profiel.jaar == 2024) & (wa.profiel.indicator == "misdrijven_per_1000")].set_index("gebied")
    assert p.loc["BU06260011", "waarde"] == pytest.approx(1000 * 92 / 745)
    assert p.loc["BU06260011", "rang"] == p.rang.max() == 12


def test_suppressed_value_stays_na_with_reason(wa):
    # Boschgeest (1.615 inwoners): CBS had not yet filled income in the 2024 table; that is not suppression
    row = wa.gebied("BU06260004").loc["inkomen_per_inwoner"]
    assert math.isnan(row.waarde)
    assert row.reden.startswith("nog niet gepubliceerd") and "onderdrukt" not in row.reden


def test_suppressed_by_cbs_only_where_the_area_is_small():
    # Assen, Erfgoedkwartier (25 inwoners): WOZ suppressed by CBS
    assen = wijkscan.wijkanalyse("Assen", bron="ingebouwd")
    row = assen.gebied("BU01060001").loc["woz_waarde"]
    assert math.isnan(row.waarde) and "onderdrukt" in row.reden


def test_own_indeling_aggregates_correctly_where_a_naive_mean_is_wrong(eigen):
    # Zuid = Bijdorp + Boschgeest + Starrenburg
    z = ["BU06260006", "BU06260004", "BU06260008"]
    inw = sum(INW[c] for c in z)
    assert eigen.waarde("Z", "inwoners") == inw
    share = 100 * sum(P65[c] for c in z) / inw
    naive = sum(100 * P65[c] / INW[c] for c in z) / 3
    assert eigen.waarde("Z", "leeftijd_65plus_aandeel") == pytest.approx(share)
    assert abs(share - naive) > 1  # the naive mean of the three shares would be off by > 1 %-point
    # crime per 1.000 is recomputed from summed counts and inhabitants
    assert eigen.waarde("Z", "misdrijven_per_1000") == pytest.approx(
        1000 * (MISDRIJVEN_2024["BU06260006"] + 160 + 42) / inw)


def test_weighted_mean_and_na_propagation(vs):
    # Noord-Hofland + Vlietwijk both have income: mean weighted by inhabitants
    tabel = pd.DataFrame({"buurt": ["BU06260001", "BU06260007", "BU06260004"], "gebied": ["A", "A", "B"]})
    wa = wijkscan.wijkanalyse(vs, niveau=indeling_uit_tabel(vs, tabel))
    expected = (38.8 * 5725 + 30.3 * 3780) / (5725 + 3780)
    assert wa.waarde("A", "inkomen_per_inwoner") == pytest.approx(expected)
    assert abs(expected - (38.8 + 30.3) / 2) > 0.5
    # B holds Boschgeest whose income CBS suppressed: NA, with the buurt named
    b = wa.gebied("B").loc["inkomen_per_inwoner"]
    assert math.isnan(b.waarde) and "BU06260004" in b.reden
    # WOZ is weighted by the woningvoorraad, which the embedded data lack: by the households instead, and it says so
    # (issue 16; tests/test_weging.py and benchmarks/bench_weging.py)
    w = wa.gebied("A").loc["woz_waarde"]
    assert w.waarde == pytest.approx((434 * 2655 + 353 * 1790) / (2655 + 1790))
    herkomst = wa.profiel.set_index(["gebied", "indicator", "jaar"]).herkomst
    assert herkomst[("A", "woz_waarde", 2024)] == "berekend uit buurten, gewogen naar huishoudens (woningvoorraad ontbreekt)"
    # a class (stedelijkheid) cannot be aggregated
    assert "niet op te tellen" in wa.gebied("A").loc["stedelijkheid", "reden"]
    # the 9 buurten not in the table are reported, none silently dropped
    assert (wa.indeling.rapport.kwestie == "niet ingedeeld").sum() == 9


def test_assen_pc4_and_wijken_work(vs):
    assen = wijkscan.wijkanalyse("Assen", bron="ingebouwd")
    assert assen.profiel[assen.profiel.jaar == 2024].gebied.nunique() == 109
    pc4 = wijkscan.wijkanalyse(vs, niveau="pc4")
    assert sorted(pc4.profiel.gebied.unique()) == ["2251", "2252", "2253", "2254"]
    total = sum(pc4.waarde(c, "inwoners") for c in ["2251", "2252", "2253", "2254"])
    assert total == sum([5725, 2655, 1615, 1565, 3780, 2700, 230, 2170, 745, 2250, 1690, 485])
    wijken = wijkscan.wijkanalyse("Assen", niveau="wijk", bron="ingebouwd")
    # CBS publishes inwoners per wijk; crime only per buurt, so per wijk it is summed from buurten
    cur = wijken.profiel[wijken.profiel.jaar == 2024].set_index(["gebied", "indicator"])
    assert cur.loc[("WK010600", "inwoners"), "herkomst"] == "CBS"
    assert cur.loc[("WK010600", "misdrijven"), "herkomst"] == "berekend uit buurten"


def test_trend_of_the_gemeente_2012_2024(wa):
    t = wa.trends[(wa.trends.gebied == "GM0626")].set_index("indicator")
    # geoinzicht gemeente layer: 24,310 inwoners in 2012, CSV: 25,625 in 2024
    assert t.loc["inwoners", "eerste_jaar"] == 2012 and t.loc["inwoners", "eerste"] == 24310
    assert t.loc["inwoners", "laatste"] == 25625 and t.loc["inwoners", "per_jaar"] > 0
    # 65+ share rose from 20 % (2012, published as a whole percentage) to 24.5 % (2024)
    assert t.loc["leeftijd_65plus_aandeel", "eerste"] == 20
    assert t.loc["leeftijd_65plus_aandeel", "per_jaar"] > 0.2
    # buurt crime series 2021..2024 (Boschgeest 45, 88, 127, 160)
    b = wa.trends[(wa.trends.gebied == "BU06260004") & (wa.trends.indicator == "misdrijven")].iloc[0]
    assert (b.eerste_jaar, b.laatste_jaar, b.eerste, b.laatste) == (2021, 2024, 45, 160)


def test_signals_with_the_numbers_behind_them(wa):
    s = wa.signalen.set_index(["gebied", "signaal"])
    text = s.loc[("BU06260006", "vergrijzing_hoog"), "tekst"]
    assert "39,3%" in text and "24,5%" in text
    assert ("BU06260004", "misdrijven_hoog_en_stijgend") in s.index        # 99 per 1.000, 45 → 160
    assert ("BU06260014", "afstand_huisarts_ver") in s.index              # Buitengebied 2.1 km
    assert ("BU06260007", "inkomen_laag") in s.index                      # Vlietwijk 30.3 vs 42.1
    # a rule without figures is listed as not evaluated, not silently skipped
    nb = wa.niet_bepaald
    assert ((nb.signaal == "weinig_huur_veel_eenpersoons") & (nb.gebied == "BU06260001")).any()
    # configurable thresholds
    stricter = wijkscan.wijkanalyse(wa.gemeente, drempels={"vergrijzing_index": 170})
    assert not (stricter.signalen.signaal == "vergrijzing_hoog").any()
    with pytest.raises(OngeldigeInvoer, match="Onbekende drempel"):
        wijkscan.wijkanalyse(wa.gemeente, drempels={"bestaat_niet": 1})


def test_small_meldingen_counts_never_reach_the_profile():
    assen = wijkscan.load("Assen", bron="ingebouwd")
    imp = wijkscan.assen_meldingen(gemeente_grens=assen)
    wa = wijkscan.wijkanalyse(assen, meldingen=imp)
    m = imp.meldingen[imp.meldingen.datum >= "2026-05-18"]
    buurten = assen.gebieden[(assen.gebieden.niveau == "buurt") & assen.gebieden.geometry.notna()]
    joined = gpd.sjoin(m, buurten[["geometry"]], predicate="within", how="inner")
    right = [c for c in joined.columns if c.startswith("index_right") or c == "code"][0]
    counts = joined[right].value_counts().reindex(buurten.index).fillna(0)
    small = counts[(counts > 0) & (counts < 5)].index
    nul = counts[counts == 0].index
    big = counts[counts >= 5].index
    assert len(small) > 5
    p = wa.profiel[(wa.profiel.jaar == 2024) & wa.profiel.indicator.isin(["meldingen", "meldingen_per_1000"])]
    hidden = p[p.gebied.isin(small)]
    assert hidden.waarde.isna().all() and hidden.reden.str.contains("privacy").all()
    # a 0 is a published 0 (no person behind it), unless it would make a small count beside it exact
    nullen = p[p.gebied.isin(nul)]
    assert ((nullen.waarde == 0) | (nullen.waarde.isna() & nullen.reden.str.contains("privacy"))).all()
    groot = p[(p.gebied.isin(big)) & (p.indicator == "meldingen")].set_index("gebied")
    shown = groot.waarde.dropna()
    assert len(shown) > 50 and (shown == counts[big].reindex(shown.index)).all()
    # a count of 5 or more is hidden only so that a small one cannot be worked back, and says so
    assert groot[groot.waarde.isna()].reden.str.contains("terug te rekenen").all()


def test_designated_aandachtsgebieden_are_kept_apart(vs):
    wa = wijkscan.wijkanalyse(vs, aangewezen=["Centrum", "BU06260004"])
    a = wa.aandachtsgebieden.set_index("gebied")
    # Centrum: a centrumgebied, its crime does not count — designated, not computed (issue 17)
    assert a.loc["BU06260011", "aangewezen"] and a.loc["BU06260011", "soort"] == "aangewezen"
    assert a.loc["BU06260004", "soort"] == "aangewezen"     # Boschgeest: crime alone is no computed aandachtsgebied
    assert a.loc["BU06260001", "soort"] == ""
    # designating does not change the computed scores
    plain = wijkscan.wijkanalyse(vs).aandachtsgebieden.set_index("gebied")
    pd.testing.assert_series_equal(plain.score.sort_index(), a.score.sort_index())
    with pytest.raises(OngeldigeInvoer, match="'Atlantis' is geen aangewezen gebied van deze indeling. Kies uit: Noord-Hofland"):
        wijkscan.wijkanalyse(vs, aangewezen=["Atlantis"])
    # polygons: the outline of Boschgeest itself designates Boschgeest
    poly = vs.gebieden.loc[["BU06260004"], ["geometry"]]
    by_shape = wijkscan.wijkanalyse(vs, aangewezen=poly).aandachtsgebieden
    assert by_shape[by_shape.aangewezen].gebied.tolist() == ["BU06260004"]


def test_survey_file_with_bad_rows_is_reported_not_lost(vs, tmp_path):
    # FICTIEVE enquêtescores, alleen voor deze test (er is geen echte bewonersenquête in data/)
    path = tmp_path / "enquete.csv"
    path.write_text(
        "gebied;indicator;score;jaar\n"
        "Adegeest;waardering_groen;7,4;2024\n"          # used (name)
        "BU06260001;waardering_groen;6,1;2024\n"        # used (code)
        "GM0626;waardering_groen;7,0;2024\n"            # used (gemeente value)
        "Atlantis;waardering_groen;7;2024\n"            # unknown area
        "Adegeest;waardering_parken;7;2024\n"           # unknown indicator
        "Adegeest;waardering_verlichting;elf;2024\n"    # not a number
        "Adegeest;waardering_verlichting;11;2024\n"     # out of range
        "Adegeest;waardering_groen;7,9;2024\n"          # duplicate
        "Adegeest;burenhulp;45;twintig\n"               # bad year
        "Adegeest;sterke punten;Veel groen en rustig;2024\n"
        "Bijdorp;te verbeteren;;2024\n",                # text missing
        encoding="utf-8-sig")
    wa = wijkscan.wijkanalyse(vs, enquete=path)
    e = wa.enquete
    assert e.invoer == 11
    assert len(e.scores) + len(e.teksten) + len(e.afgewezen) == 11
    assert len(e.scores) == 3 and len(e.teksten) == 1
    reasons = " | ".join(e.afgewezen.reden)
    for r in ("gebied onbekend", "indicator onbekend", "geen getal", "buiten bereik", "dubbel", "jaar ongeldig",
              "tekst ontbreekt"):
        assert r in reasons
    assert "bedoelt u waardering_parkeren" in reasons
    assert list(e.afgewezen.rij) == [5, 6, 7, 8, 9, 10, 12]
    assert wa.waarde("BU06260002", "waardering_groen") == pytest.approx(7.4)
    assert wa.gebied("BU06260002").loc["waardering_groen", "gemeente"] == pytest.approx(7.0)
    assert wa.teksten.iloc[0].tekst == "Veel groen en rustig"
    assert "7 afgewezen" in e.samenvatting()
    assert len(wa.rapport()[wa.rapport().onderdeel == "enquête"]) == 7


def test_survey_scores_aggregate_to_own_areas(vs):
    # FICTIEVE scores: two buurten of own area N, weighted by inhabitants
    tabel = pd.DataFrame({"buurt": ["BU06260001", "BU06260007"], "gebied": ["N", "N"]})
    survey = pd.DataFrame({"gebied": ["BU06260001", "BU06260007"], "indicator": ["burenhulp"] * 2,
                           "score": ["40", "60"]})
    wa = wijkscan.wijkanalyse(vs, niveau=indeling_uit_tabel(vs, tabel), enquete=survey)
    assert wa.waarde("N", "burenhulp") == pytest.approx((40 * 5725 + 60 * 3780) / (5725 + 3780))


def test_export_and_display(wa, tmp_path):
    xlsx = wa.naar_excel(tmp_path / "wa.xlsx")
    sheets = pd.read_excel(xlsx, sheet_name=None)
    assert {"overzicht", "profiel", "signalen", "aandachtsgebieden", "bijdragen"} <= set(sheets)
    assert len(sheets["profiel"]) == len(wa.profiel)
    csvs = wa.naar_csv(tmp_path / "csv")
    back = pd.read_csv(csvs[0], sep=";", decimal=",", encoding="utf-8-sig")
    assert back.loc[back.gebied == "BU06260001", "Inwoners"].iloc[0] == 5725
    html = wa._repr_html_()
    assert "Boschgeest" in html and "Aandachtsgebieden" in html
    assert "12 gebieden" in repr(wa)
    t = wa.tabel("Demografie")
    assert t.loc[("BU06260001", "Noord-Hofland"), "Inwoners"] == 5725
    with pytest.raises(OngeldigeInvoer, match="Onbekend thema"):
        wa.tabel("Sport")


def test_own_catalogue_is_checked(vs, tmp_path):
    cat = catalogus().reset_index()
    cat.loc[0, "aggregatie"] = "gemiddeld"
    with pytest.raises(OngeldigeInvoer, match="onbekende aggregatie 'gemiddeld'"):
        lees_catalogus(cat)
    small = catalogus().loc[["inwoners", "leeftijd_65plus_aandeel", "misdrijven_per_1000"]]
    wa = wijkscan.wijkanalyse(vs, catalogus=small, gewichten={"misdrijven_per_1000": 1})
    assert wa.profiel.indicator.nunique() == 3


def test_meldingen_in_the_wijkanalyse_and_the_report(tmp_path):
    import geopandas as gpd

    from wijkscan.report import rapport

    assen = wijkscan.load("Assen", bron="ingebouwd")
    imp = wijkscan.assen_meldingen(gemeente_grens=assen)
    wa = wijkscan.wijkanalyse(assen, niveau="wijk", meldingen=imp)
    # default period: from the day the scraped file is complete (18 May 2026) to the last melding
    assert wa.meldingen_periode == "18-05-2026 t/m 08-08-2026"
    m = imp.meldingen[imp.meldingen.datum >= "2026-05-18"]
    # independent count with a plain spatial join on the buurt polygons, mapped to wijken by code
    buurten = assen.gebieden[(assen.gebieden.niveau == "buurt") & assen.gebieden.geometry.notna()]
    joined = gpd.sjoin(m, buurten[["geometry"]], predicate="within", how="inner")
    right = [c for c in joined.columns if c.startswith("index_right") or c == "code"][0]
    per_wijk = joined[right].str[:8].str.replace("BU", "WK").value_counts()
    for wijk in ("WK010600", "WK010604", "WK010602"):
        assert wa.waarde(wijk, "meldingen") == per_wijk[wijk]
    # a wijk with a buurt that has no polygon (Dijkveld, BU01069918) has an unknown count, said so
    bg = wa.gebied("WK010699").loc["meldingen"]
    assert math.isnan(bg.waarde) and "BU01069918" in bg.reden and bg.reden.startswith("geen vlak op de kaart")
    # the period is in the source column of the profile (also in Excel/CSV)
    assert "meldingen van 18-05-2026 t/m 08-08-2026" in wa.gebied("WK010604").index.map(
        lambda i: wa.profiel[(wa.profiel.gebied == "WK010604") & (wa.profiel.indicator == i)].bron.iloc[0]).tolist()[
        list(wa.gebied("WK010604").index).index("meldingen")]
    # per 1.000: the count over the inwoners the profile shows for the wijk (CBS: 3,625; its buurten
    # sum to 3,635 because buurt counts are rounded to fives) — a reader can redo the division
    kc = assen.kerncijfers
    inw = kc[(kc.variabele == "AantalInwoners") & kc.code.str.startswith("BU01060")].set_index("code").waarde
    pittelo = inw[inw.index.str[:8] == "BU010604"].sum()
    assert pittelo == 3635 and wa.waarde("WK010604", "inwoners") == 3625
    assert wa.waarde("WK010604", "meldingen_per_1000") == pytest.approx(1000 * per_wijk["WK010604"] / 3625)
    g = wa.gebied("WK010604").loc["meldingen_per_1000", "gemeente"]
    assert g == pytest.approx(1000 * len(m) / 69701)
    # points that fall in no buurt polygon are reported, not lost
    assert len(m) - len(joined) > 0 and str(len(m) - len(joined)) in wa.opmerkingen[0]
    # the published table: counts per wijk and category, small ones suppressed, never text or addresses
    t = wa.meldingen
    assert set(t.columns) == {"gebied", "categorie", "aantal", "tekst"}
    a = t.aantal.dropna()
    assert ((a >= 5) | (a == 0)).all() and t.aantal.isna().any()      # 0 is a published 0; 1–4 never shown
    # "<5" below the threshold, "x" where a cell is hidden only so it cannot be worked back from any
    # other published figure; wijken with a buurt without polygon show the count of the rest, saying what it excludes
    onbekend = t[t.tekst.str.contains(" (excl. ", regex=False)]
    assert set(onbekend.gebied) == {"WK010603", "WK010608", "WK010699"} and onbekend.aantal.isna().all()
    t = t[~t.tekst.str.contains(" (excl. ", regex=False)]
    assert set(t[t.aantal.isna()].tekst) <= {"<5", "x"}
    wijk_van = joined[right].str[:8].str.replace("BU", "WK")
    raw = joined.assign(wijk=wijk_van).groupby(["wijk", "categorie"]).size()
    for r in t.itertuples():
        n = raw.get((r.gebied, r.categorie), 0)
        expected = {"0", "<5"} if n == 0 else {"<5"} if n < 5 else {"x" if pd.isna(r.aantal) else f"{n:,}".replace(",", ".")}
        assert r.tekst in expected, (r.gebied, r.categorie, n, r.tekst)      # a 0 is "<5" only beside a row of ones
        assert pd.isna(r.aantal) or r.aantal == n
    pdf = rapport(wa, "WK010604", tmp_path / "pittelo.pdf")
    import subprocess

    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())       # a heading may wrap in its column
    assert "Meldingen openbare ruimte per categorie" in text and "18-05-2026" in text
    # the source line says how this import placed its meldingen (the run's method text, not a fixed phrase)
    assert wa.meldingentelling.methode and wa.meldingentelling.methode in text
    # no address of the source file reaches the PDF (the Signalen export carries one per melding)
    raw = json.loads(gzip.open(embedded.meldingen_bestand()).read().decode())
    streets = {r["address"].split(",")[0] for r in raw if r.get("address")}
    assert len(streets) > 100
    assert not [s for s in streets if s in text]


def test_survey_rows_this_indeling_cannot_use_are_rejected_and_weighting(vs, tmp_path):
    # FICTIEVE scores; the CSV is written as Dutch Excel on Windows does (cp1252, semicolons)
    path = tmp_path / "enquete_cp1252.csv"
    path.write_bytes("gebied;indicator;score\nWK062600;burenhulp;50\nBU06260001;burenhulp;40\n"
                     "BU06260007;burenhulp;60\nAdegeest;te verbeteren;Verkeer rond de école\n".encode("cp1252"))
    wa = wijkscan.wijkanalyse(vs, enquete=path)
    e = wa.enquete
    assert len(e.scores) + len(e.teksten) + len(e.afgewezen) == 4
    assert e.afgewezen.reden.str.contains("hoort niet bij deze indeling").sum() == 1   # the CBS wijk row
    assert wa.teksten.tekst.tolist() == ["Verkeer rond de école"]
    # gemeente value = mean of the given buurten weighted by inhabitants (5,725 and 3,780)
    g = wa.gebied("BU06260001").loc["burenhulp", "gemeente"]
    assert g == pytest.approx((40 * 5725 + 60 * 3780) / (5725 + 3780))


def test_an_own_area_without_buurten_keeps_its_rows(vs):
    import geopandas as gpd
    from shapely.geometry import box

    centre = vs.gebieden.loc["BU06260001"].geometry.centroid
    vlakken = gpd.GeoDataFrame({"code": ["GROOT", "KLEIN"]},
                               geometry=[vs.gebieden.loc["GM0626"].geometry, box(centre.x, centre.y, centre.x + 50,
                                                                                  centre.y + 50)], crs=28992)
    wa = wijkscan.wijkanalyse(vs, niveau=wijkscan.indeling_uit_vlakken(vs, vlakken))
    klein = wa.gebied("KLEIN").loc["inwoners"]
    assert math.isnan(klein.waarde) and klein.reden == "geen buurten"
    assert wa.waarde("GROOT", "inwoners") == 25610  # the 12 buurten of the CSV (rounded to fives)


def test_wrong_directions_are_refused(vs):
    with pytest.raises(OngeldigeInvoer, match="Richting 'hoger_slecht'"):
        wijkscan.wijkanalyse(vs, richtingen={"misdrijven_per_1000": "hoger_slecht"})
    with pytest.raises(OngeldigeInvoer, match="Onbekende indicator 'geluk'"):
        wijkscan.wijkanalyse(vs, richtingen={"geluk": "hoger_beter"})


def test_jaar_en_bron_worden_niet_genegeerd():
    """A GemeenteData has its year and source: a different jaar= or bron= is refused, not ignored."""
    vs = wijkscan.load("Voorschoten", bron="ingebouwd")
    with pytest.raises(wijkscan.OngeldigeInvoer, match="jaar=2019 past niet"):
        wijkscan.wijkanalyse(vs, jaar=2019)
    with pytest.raises(wijkscan.OngeldigeInvoer, match="bron='online' past niet"):
        wijkscan.wijkanalyse(vs, bron="online")
    assert wijkscan.wijkanalyse(vs, jaar=2024, bron="ingebouwd").jaar == 2024
    with pytest.raises(wijkscan.OngeldigeInvoer, match="meldingen_periode= zonder meldingen="):
        wijkscan.wijkanalyse(vs, meldingen_periode=("2026-06-01", "2026-06-30"))
    with pytest.raises(wijkscan.OngeldigeInvoer, match="enquete_kolommen= zonder enquete="):
        wijkscan.wijkanalyse(vs, enquete_kolommen={"score": "cijfer"})
