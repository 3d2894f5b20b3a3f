"""Several gemeenten in one wijkanalyse (issue 10): each buurt beside its own gemeente and Nederland, and the
point-in-polygon for millions of meldingen — checked against the single-gemeente analysis and geopandas."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import wijkscan
from wijkscan.analysis.landelijk import koppel_xy

KOLOMMEN = ["waarde", "gemeente", "nederland", "index"]


@pytest.fixture(scope="module")
def twee():
    return wijkscan.wijkanalyse(["Hoorn", "Assen"], bron="ingebouwd")


def test_each_buurt_is_compared_with_its_own_gemeente(twee):
    p = twee.profiel[(twee.profiel.jaar == 2024) & (twee.profiel.indicator == "leeftijd_65plus_aandeel")]
    p = p.set_index("gebied")
    # StatLine CSV 85984NED: Assen 15,147 of 69,701 inwoners aged 65+, Hoorn 15,619 of 75,645
    assert p.loc["BU01060005", "gemeente"] == pytest.approx(100 * 15147 / 69701)
    assert p.loc["BU04053501", "gemeente"] == pytest.approx(100 * 15619 / 75645)
    assert p.loc["BU01060005", "nederland"] == p.loc["BU04053501", "nederland"] == pytest.approx(
        100 * 3677228 / 17942942)
    assert p.loc["BU01060005", "index"] == pytest.approx(100 * p.loc["BU01060005", "waarde"] / p.loc["BU01060005",
                                                                                                      "gemeente"])
    assert len(p) == 74 + 109 and p.rang.isna().all()          # a neutral indicator has no rank (1 = gunstigst)
    r = twee.profiel[(twee.profiel.jaar == 2024) & (twee.profiel.indicator == "misdrijven_per_1000")].rang.dropna()
    assert 109 < r.max() <= 183                                 # ranks over the whole selection


def test_same_figures_as_one_gemeente_at_a_time(twee):
    for naam in ("Hoorn", "Assen"):
        een = wijkscan.wijkanalyse(naam, bron="ingebouwd")
        a = een.profiel[een.profiel.jaar == 2024].set_index(["gebied", "indicator"])[KOLOMMEN]
        b = twee.profiel[twee.profiel.jaar == 2024].set_index(["gebied", "indicator"])[KOLOMMEN].reindex(a.index)
        pd.testing.assert_frame_equal(a.astype(float), b.astype(float))


def test_koppel_xy_matches_geopandas_on_real_buurten():
    hoorn = wijkscan.load("Hoorn", bron="ingebouwd").gebieden
    b = hoorn[(hoorn.niveau == "buurt") & hoorn.geometry.notna()]
    rng = np.random.default_rng(1)
    x0, y0, x1, y1 = b.total_bounds
    x, y = rng.uniform(x0, x1, 30_000), rng.uniform(y0, y1, 30_000)   # synthetic points over Hoorn's extent
    ons = koppel_xy(x, y, b.geometry.to_numpy(), tegel=1_000.0)        # small tiles: many tile borders crossed
    j = gpd.sjoin(gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=b.crs), b[["geometry"]],
                  predicate="intersects")
    j["pos"] = j["code"].map(pd.Series(np.arange(len(b)), index=b.index))
    eerste = j.sort_values("pos", kind="stable").groupby(level=0).pos.first()
    ref = np.full(len(x), -1)
    ref[eerste.index.to_numpy()] = eerste.to_numpy()
    assert (ons == ref).all() and (ons >= 0).sum() > 10_000


def test_koppel_xy_boundary_and_missing_points():
    vlakken = np.array([shapely.box(0, 0, 10, 10), shapely.box(10, 0, 20, 10), shapely.box(5, 5, 15, 15)])
    x = np.array([10.0, 12.0, 12.0, np.nan, -1.0])
    y = np.array([5.0, 5.0, 12.0, 1.0, -1.0])
    # on the shared border: the first polygon; inside an overlap: the first polygon in order; NaN and outside: -1
    assert koppel_xy(x, y, vlakken, tegel=3.0).tolist() == [0, 1, 2, -1, -1]


def test_nederland_in_one_load_says_what_is_missing():
    nl = wijkscan.load("Nederland", bron="ingebouwd")
    assert nl.naam == "Nederland" and nl.ontbrekend == ["GemiddeldInkomenPerInwoner"]
    assert nl.ontbrekend_tekst == ("In de ingebouwde gegevens ontbreekt voor 3 van de 342 gemeenten van Nederland "
                                   "inkomen: CBS had dat cijfer in de tabel van 2024 nog niet gepubliceerd.")
    assert "2723 buurten staan van 2024 niet op de meegeleverde buurtkaart" in nl.opmerkingen[0]
