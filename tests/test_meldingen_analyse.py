"""Meldingen per area, category and period; comparison; patterns on a case with a known answer."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from scipy import stats

import wijkscan
from wijkscan.analysis.meldingen import (
    GEEN_GEBIED,
    koppel_gebieden,
    koppel_met_verslag,
    kruistabel,
    patronen,
    tel_per_categorie,
    tel_per_gebied,
    tel_per_periode,
    trend,
    vergelijk_perioden,
)
from wijkscan.analysis.werkdagen import afhandeltermijnen
from wijkscan.errors import OngeldigeInvoer
from wijkscan.sources.meldingen import assen_meldingen


@pytest.fixture(scope="module")
def assen():
    return wijkscan.load("Assen", bron="ingebouwd")


@pytest.fixture(scope="module")
def meldingen():
    return assen_meldingen().meldingen


def _sjoin_telling(meldingen, gebieden, niveau):
    """The plain geopandas way, as an independent reference."""
    vlakken = gebieden[(gebieden.niveau == niveau) & gebieden.geometry.notna()]
    j = gpd.sjoin(meldingen[["geometry"]], vlakken[["geometry"]], how="left", predicate="within")
    assert not j.index.duplicated().any()
    return j["code"].value_counts(dropna=False)


# --------------------------------------------------------------------------------------- areas


@pytest.mark.parametrize("niveau", ["buurt", "wijk"])
def test_tel_per_gebied_gelijk_aan_sjoin(assen, meldingen, niveau):
    ref = _sjoin_telling(meldingen, assen.gebieden, niveau)
    t = tel_per_gebied(meldingen, assen, niveau)
    assert int(t.meldingen.sum()) == len(meldingen) == 3024
    assert t.loc[GEEN_GEBIED, "meldingen"] == ref[ref.index.isna()].sum()
    mijn = t.drop(index=GEEN_GEBIED).meldingen.dropna()
    mijn = mijn[mijn > 0].astype(int)
    assert mijn.sort_index().to_dict() == ref[ref.index.notna()].sort_index().to_dict()


def test_per_1000_inwoners_en_gebieden_zonder_vlak(assen, meldingen):
    t = tel_per_gebied(meldingen, assen, "buurt")
    inw = assen.kerncijfers.query("variabele == 'AantalInwoners' and jaar == 2024").set_index("code").waarde
    for code in ["BU01060401", "BU01060000", "BU01060307"]:
        assert t.loc[code, "inwoners"] == inw[code]
        assert t.loc[code, "per_1000_inwoners"] == pytest.approx(1000 * t.loc[code, "meldingen"] / inw[code])
    # the three 2024 buurten without a polygon: count unknown, not 0
    for code in ["BU01060311", "BU01060899", "BU01069918"]:
        assert pd.isna(t.loc[code, "meldingen"]) and "geen vlak" in t.loc[code, "opmerking"]
    # 0 inwoners → no rate
    assert pd.isna(t.loc["BU01060509", "per_1000_inwoners"])
    assert koppel_met_verslag(meldingen, assen, "buurt").geen_gebied == t.loc[GEEN_GEBIED, "meldingen"] == 21


def test_koppel_gebieden_kolommen(assen, meldingen):
    m = koppel_gebieden(meldingen, assen, "wijk")
    assert m["gebied"].isna().sum() == 5 and koppel_met_verslag(meldingen, assen, "wijk").geen_gebied == 5
    assert "koppeling" not in m.attrs                  # the report is a field of Koppeling, not a side channel (Puntkoppeling)
    assert set(m["gebied_naam"].dropna()) <= set(assen.gebieden.naam)
    assert len(m) == len(meldingen)


def test_eigen_vlakken_overlap_en_grens():
    """Own polygons (any indeling): overlap → first wins and is counted; boundary → first that touches."""
    vlakken = gpd.GeoDataFrame({"code": ["A", "B", "C"], "naam": ["Links", "Rechts", "Overlap"]},
                               geometry=[shapely.box(0, 0, 10, 10), shapely.box(10, 0, 20, 10),
                                         shapely.box(5, 0, 15, 4)], crs=28992)
    punten = gpd.GeoDataFrame({"categorie": ["a"] * 5}, geometry=gpd.points_from_xy(
        [2, 12, 7, 10, 50], [5, 5, 2, 5, 5]), crs=28992)
    m = koppel_gebieden(punten, vlakken, niveau=None)
    assert list(m["gebied"].astype(object).fillna("-")) == ["A", "B", "A", "A", "-"]
    assert koppel_met_verslag(punten, vlakken, niveau=None).meer_gebieden == 1   # (7, 2) in A and C; (10, 5) on A|B
    t = tel_per_gebied(punten, vlakken, niveau=None)
    assert t.meldingen.to_dict() == {"A": 3, "B": 1, "C": 0, GEEN_GEBIED: 1}
    assert t.inwoners.isna().all()


def test_grote_aantallen_zelfde_als_sjoin(assen):
    """Above 20,000 points the grid shortcut is used; it must give the same answer as sjoin."""
    echt = assen_meldingen().meldingen
    rng = np.random.default_rng(3)
    k = rng.integers(0, len(echt), 30_000)
    pts = gpd.GeoDataFrame({"categorie": echt.categorie.to_numpy()[k]}, geometry=gpd.points_from_xy(
        echt.geometry.x.to_numpy()[k] + rng.normal(0, 80, len(k)),
        echt.geometry.y.to_numpy()[k] + rng.normal(0, 80, len(k))), crs=28992)
    ref = _sjoin_telling(pts, assen.gebieden, "buurt")
    t = tel_per_gebied(pts, assen, "buurt")
    mijn = t.drop(index=GEEN_GEBIED).meldingen.dropna()
    assert mijn[mijn > 0].astype(int).sort_index().to_dict() == ref[ref.index.notna()].sort_index().to_dict()
    assert t.loc[GEEN_GEBIED, "meldingen"] == ref[ref.index.isna()].sum()


def test_kruistabel(assen, meldingen):
    k = kruistabel(meldingen, assen, "wijk")
    assert int(k["totaal"].sum()) == 3024
    ref = meldingen.categorie.value_counts()
    for cat, n in ref.items():
        assert int(k[cat].sum()) == n
    with pytest.raises(OngeldigeInvoer):
        kruistabel(meldingen, assen, "wijk", kolom="bestaat_niet")
    with pytest.raises(OngeldigeInvoer, match="Niveau"):
        kruistabel(meldingen, assen, "provincie")


# --------------------------------------------------------------------------------------- categories, periods


def test_tel_per_categorie(meldingen):
    t = tel_per_categorie(meldingen)
    assert dict(zip(t.categorie, t.aantal, strict=True)) == meldingen.categorie.value_counts().to_dict()
    assert t.aandeel.sum() == pytest.approx(100)
    s = tel_per_categorie(meldingen, subcategorie=True)
    assert s.aantal.sum() == 3024
    assert s.set_index(["categorie", "subcategorie"]).loc[("Afval", "Dumping"), "aantal"] == 280


def test_tel_per_periode_volledigheid_assen(meldingen):
    t = tel_per_periode(assen_meldingen(), "maand")   # the import says from when the export is complete
    assert t.aantal.sum() == 3024
    # scraping started 18 May 2026: only June and July 2026 are complete months
    assert list(t.index[t.volledig]) == ["2026-06", "2026-07"]
    assert t.loc["2026-06", "aantal"] == 1213
    w = tel_per_periode(assen_meldingen(), "week")
    assert w.volledig.sum() == 11 and w.index[w.volledig][0] == "2026-W21"
    wide = tel_per_periode(meldingen, "maand", per="categorie")
    assert wide.drop(columns="volledig").to_numpy().sum() == 3024


def test_analyses_lezen_de_feiten_van_het_import_niet_uit_attrs(meldingen):
    """Registration start and inferred closing dates come from the MeldingenImport, not DataFrame.attrs (issue 20)."""
    imp = assen_meldingen(afgehandeld=True)
    assert imp.meldingen.attrs == {} and imp.volledig_vanaf == "2026-05-18" and imp.afhandeldatum_afgeleid
    termijnen = afhandeltermijnen(imp, per=None)
    assert any("afgeleid" in o for o in termijnen.attrs["opmerkingen"])
    assert termijnen.attrs["vanaf"] == "18-05-2026"
    t = tel_per_periode(assen_meldingen(), "dag")
    assert t.index[t.volledig][0] == "2026-05-18" and not t.loc["2026-05-17", "volledig"]
    v = vergelijk_perioden(assen_meldingen(), "2026-06-01", "2026-06-30")
    assert any("18-05-2026" in o or "2026-05-18" in o for o in v.attrs["opmerkingen"])
    # a bare table says nothing of either: all dates count, no note about inferred dates
    kaal = tel_per_periode(meldingen, "dag")
    assert kaal.index[kaal.volledig][0] == str(pd.to_datetime(meldingen.datum).min().date())
    assert afhandeltermijnen(imp.meldingen, per=None).attrs["opmerkingen"] == []
    assert vergelijk_perioden(meldingen, "2026-06-01", "2026-06-30").attrs["opmerkingen"] == []


def test_trend_bekende_helling():
    """Poisson counts with a known 5% rise per month: the estimate must find it."""
    rng = np.random.default_rng(11)
    maanden = pd.period_range("2023-01", "2025-12", freq="M")
    rijen = []
    for i, p in enumerate(maanden):
        n = rng.poisson(200 * 1.05 ** i * p.days_in_month / 30)
        dag = rng.integers(0, p.days_in_month, n)
        rijen.append(pd.Series(p.start_time + pd.to_timedelta(dag, unit="D")))
    m = pd.DataFrame({"datum": pd.concat(rijen, ignore_index=True)})
    t = trend(m, "maand", tot="2026-01-01")
    assert t.loc["totaal", "perioden"] == 36
    assert t.loc["totaal", "verandering_pct"] == pytest.approx(5.0, abs=0.6)
    assert t.loc["totaal", "ondergrens_95"] < 5 < t.loc["totaal", "bovengrens_95"]
    assert t.loc["totaal", "p_waarde"] < 1e-6 and t.loc["totaal", "zin"].startswith("Trend stijgend")
    vlak = m.assign(datum=pd.Timestamp("2024-06-15"))
    assert "Te weinig" in trend(vlak, "maand").loc["totaal", "zin"]
    assert "trend" not in tel_per_periode(vlak, "maand").attrs          # the trend is trend(), not a side channel


def test_vergelijk_perioden(meldingen):
    v = vergelijk_perioden(meldingen, "2026-07-01", "2026-07-31", per="categorie")
    d = meldingen.datum
    nu = ((d >= "2026-07-01") & (d < "2026-08-01")).sum()
    voor = ((d >= "2026-05-31") & (d < "2026-07-01")).sum()
    assert (v.loc["totaal", "nu"], v.loc["totaal", "vorige"]) == (nu, voor)
    assert v.drop(index="totaal").nu.sum() == nu
    assert v.attrs["vorige_periode"][0].isoformat() == "2026-05-31"
    assert 0 <= v.p_waarde.min() and v.p_waarde.max() <= 1
    with pytest.raises(OngeldigeInvoer):
        vergelijk_perioden(meldingen, "2026-07-31", "2026-07-01")


# --------------------------------------------------------------------------------------- patterns


def _constructie():
    """Four square buurten, categories A and B; 20 meldingen per cell per 30 days, except
    buurt Q2 × A which triples to 60 in the last 30 days. Known answer: only (Q2, A) is a signal."""
    vlakken = gpd.GeoDataFrame(
        {"code": ["Q1", "Q2", "Q3", "Q4"], "naam": ["Noord", "Oost", "Zuid", "West"], "niveau": "buurt"},
        geometry=[shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100), shapely.box(0, 100, 100, 200),
                  shapely.box(100, 100, 200, 200)], crs=28992)
    rng = np.random.default_rng(5)
    rijen = []
    for q, (x0, y0) in zip(["Q1", "Q2", "Q3", "Q4"], [(0, 0), (100, 0), (0, 100), (100, 100)], strict=True):
        for cat in ["A", "B"]:
            for begin, n in [("2026-05-02", 20), ("2026-06-01", 60 if (q, cat) == ("Q2", "A") else 20)]:
                dag = rng.integers(0, 30, n)
                for d in dag:
                    rijen.append({"categorie": cat, "datum": pd.Timestamp(begin) + pd.Timedelta(days=int(d)),
                                  "x": x0 + rng.uniform(1, 99), "y": y0 + rng.uniform(1, 99)})
    df = pd.DataFrame(rijen)
    m = gpd.GeoDataFrame(df.drop(columns=["x", "y"]), geometry=gpd.points_from_xy(df.x, df.y), crs=28992)
    return m, vlakken


@pytest.mark.parametrize("toets", ["rest_gemeente", "eigen_historie"])
def test_patronen_bekend_antwoord(toets):
    m, vlakken = _constructie()
    p = patronen(m, vlakken, "2026-06-01", "2026-06-30", toets=toets)
    assert len(p) == 8                                        # 4 buurten × 2 categories, all tested
    sig = p[p.signaal]
    assert list(zip(sig.gebied, sig.categorie, strict=True)) == [("Q2", "A")]
    rij = sig.iloc[0]
    assert (rij.nu, rij.voor, rij.dagen_nu, rij.dagen_voor) == (60, 20, 30, 30)
    assert (rij.rest_nu, rij.rest_voor) == (60, 60)
    # the p-values are exactly those of the textbook tests, computed here with scipy directly
    assert rij.p_eigen_historie == pytest.approx(stats.binomtest(60, 80, 0.5, alternative="greater").pvalue)
    assert rij.p_rest_gemeente == pytest.approx(
        stats.fisher_exact([[60, 20], [60, 60]], alternative="greater").pvalue)
    assert rij.q_waarde <= 0.05
    assert rij.zin.startswith("Oost, A: 60 meldingen van 1 juni 2026 tot en met 30 juni 2026")
    assert "opvallende stijging" in rij.zin
    assert p[~p.signaal].zin.str.contains("geen opvallende stijging").all()
    assert "Benjamini-Hochberg" in p.attrs["toelichting"]


def test_patronen_gemeentebrede_stijging_is_geen_signaal_tegen_rest():
    """Everything doubles everywhere: a rise against its own history, but not against the rest."""
    m, vlakken = _constructie()
    extra = m[m.datum >= "2026-06-01"]
    m2 = pd.concat([m, extra], ignore_index=True)
    m2 = gpd.GeoDataFrame(m2, geometry="geometry", crs=28992)
    rest = patronen(m2, vlakken, "2026-06-01", "2026-06-30", toets="rest_gemeente")
    eigen = patronen(m2, vlakken, "2026-06-01", "2026-06-30", toets="eigen_historie")
    assert eigen.signaal.sum() == 8
    assert list(zip(rest[rest.signaal].gebied, rest[rest.signaal].categorie, strict=True)) == [("Q2", "A")]


def test_patronen_min_aantal_en_assen(assen, meldingen):
    m, vlakken = _constructie()
    assert len(patronen(m, vlakken, "2026-06-01", "2026-06-30", min_aantal=50)) == 1
    p = patronen(meldingen, assen, "2026-07-01", "2026-07-31", "buurt")
    assert (p.nu >= 5).all() and p.q_waarde.between(0, 1).all()
    assert set(p.columns) >= {"gebied", "naam", "categorie", "nu", "voor", "p_rest_gemeente", "q_waarde", "zin"}


def test_interne_telling_zegt_waarom_een_aantal_onbekend_is():
    """The internal count per buurt (intern/meldingen_per_buurt_INTERN.csv) left an unknown count as an empty cell;
    unknown is "onbekend" with its reason (Assen: buurten without a polygon get no meldingen by place)."""
    import wijkscan

    wa = wijkscan.wijkanalyse("Assen", bron="ingebouwd", meldingen=wijkscan.assen_meldingen())
    intern = wa.meldingen_intern
    assert intern is not None
    leeg = intern.meldingen.isna()
    assert leeg.any(), "Assen heeft geen buurt met onbekend aantal meer: kies een ander voorbeeld"
    assert intern.toelichting[leeg].str.startswith("onbekend: ").all()
    assert (intern.toelichting[leeg].str.len() > len("onbekend: ")).all()
    assert (intern.toelichting[~leeg & intern.per_1000_inwoners.notna()] == "").all()
