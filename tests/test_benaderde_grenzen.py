"""Approximate outlines ("grens bij benadering") of the 2024 buurten without a polygon: drawn, never counted.

Real embedded data: ``wijkscan/data/buurten_benadering_2024.gpkg`` (woonikveilig's schematic buurt map,
georeferenced per gemeente by ``scripts/build_benaderde_grenzen.py``) and the CBS/PDOK polygons.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

import wijkscan
from wijkscan.analysis.meldingentelling import GEEN_BUURT, GEEN_VLAK, tel_meldingen
from wijkscan.sources import embedded
from wijkscan.sources.meldingen import lees_meldingen


@pytest.fixture(scope="module")
def dijk_en_waard():
    return wijkscan.load("Dijk en Waard", bron="ingebouwd")


@pytest.fixture(scope="module")
def gemeente_vlakken():
    return gpd.read_file(embedded.data_dir() / "gebieden.gpkg", layer="gemeente").set_index("code")


def test_elke_buurt_van_dijk_en_waard_heeft_een_benaderde_grens(dijk_en_waard):
    b = dijk_en_waard.gebieden[dijk_en_waard.gebieden.niveau == "buurt"]
    assert len(b) == 69
    assert b.geometry.isna().all()                          # never a real polygon: nothing computes with it
    assert (b.geometrie_jaar == "geen geometrie").all()
    assert b.grens_bij_benadering.notna().all()
    assert all(g.geom_type in ("Polygon", "MultiPolygon") and g.area > 0 for g in b.grens_bij_benadering)
    los = embedded.benaderde_grenzen("GM1980")
    assert sorted(los.index) == sorted(b.index)
    assert (los.geometrie_jaar == "grens bij benadering").all() and los.crs.to_epsg() == 28992
    # other areas have no approximate outline; a buurt with a real polygon never gets one next to it
    assert dijk_en_waard.gebieden.loc[dijk_en_waard.gebieden.niveau != "buurt", "grens_bij_benadering"].isna().all()
    assen = embedded.gebieden("GM0106")
    assert assen.loc[assen.geometry.notna(), "grens_bij_benadering"].isna().all()
    assert sorted(assen.index[assen.grens_bij_benadering.notna()]) == ["BU01060311", "BU01060899", "BU01069918"]


def test_hoeveel_en_hoe_groot():
    alle = embedded.benaderde_grenzen()
    zonder = embedded.buurten_zonder_vlak()
    assert len(alle) == 2722 and set(alle.index) <= set(zonder.code)
    assert set(zonder.code) - set(alle.index) == {"BU0363MK03"}    # not on the schematic map either
    assert (embedded.data_dir() / "buurten_benadering_2024.gpkg").stat().st_size < 1_000_000
    assert shapely.is_valid(alle.geometry.to_numpy()).all()
    xy = shapely.get_coordinates(alle.geometry.to_numpy())
    assert (xy == xy.round()).all()                                 # whole metres


@pytest.mark.parametrize("gemeente", ["GM1980", "GM0363"])
def test_benaderde_grenzen_liggen_in_de_eigen_gemeente(gemeente, gemeente_vlakken):
    b = embedded.benaderde_grenzen(gemeente)
    unie = shapely.union_all(b.geometry.to_numpy())
    assert unie.intersection(gemeente_vlakken.geometry[gemeente]).area >= 0.9 * unie.area


def test_landelijk_vrijwel_alles_in_de_eigen_gemeente(gemeente_vlakken):
    b = embedded.benaderde_grenzen()
    binnen = shapely.intersection(b.geometry.to_numpy(), gemeente_vlakken.geometry.reindex(b.gemeente).to_numpy())
    assert shapely.area(binnen).sum() >= 0.95 * b.area.sum()


def _meldingen_in(punten: list[shapely.Point]) -> pd.DataFrame:
    return pd.DataFrame({"datum": pd.date_range("2026-03-02", periods=len(punten), freq="D").strftime("%Y-%m-%d"),
                         "categorie": "Afval", "x": [p.x for p in punten], "y": [p.y for p in punten]})


def test_meldingen_nooit_in_een_benaderde_grens(dijk_en_waard):
    b = dijk_en_waard.gebieden.loc["BU19800101"]                       # Oudkarspel Noord
    p = b.grens_bij_benadering.representative_point()
    imp = lees_meldingen(_meldingen_in([p] * 8))
    assert len(imp.meldingen) == 8
    wa = wijkscan.wijkanalyse(dijk_en_waard, meldingen=imp)
    t = wa.meldingentelling
    assert (t.punten.buurt == GEEN_BUURT).all()                        # counted for the gemeente only
    assert t.aantal == 8 and "BU19800101" not in t.cellen.index
    rij = wa.profiel[(wa.profiel.indicator == "meldingen") & (wa.profiel.gebied == "BU19800101")].iloc[0]
    assert pd.isna(rij.waarde)
    assert rij.reden.startswith(GEEN_VLAK) and "grens bij benadering" in rij.reden
    assert any("grens bij benadering" in o for o in t.opmerkingen)


def test_ook_als_de_benadering_in_geometry_staat_geen_meldingen(dijk_en_waard):
    """Defensive: a frame where someone put the approximate outline in ``geometry`` (with geometrie_jaar
    "grens bij benadering") still gives its buurt no points."""
    import dataclasses

    g = dijk_en_waard.gebieden.copy()
    b = g.niveau == "buurt"
    g.loc[b, "geometry"] = gpd.GeoSeries(list(g.loc[b, "grens_bij_benadering"]), index=g.index[b], crs=g.crs)
    g.loc[b, "geometrie_jaar"] = "grens bij benadering"
    data = dataclasses.replace(dijk_en_waard, gebieden=g.drop(columns="grens_bij_benadering"))
    p = g.loc["BU19800101", "geometry"].representative_point()
    t = tel_meldingen(data, lees_meldingen(_meldingen_in([p] * 6)), wijkscan.cbs_indeling(data, "buurt"))
    assert (t.punten.buurt == GEEN_BUURT).all() and len(t.zonder_vlak) == 69


def test_eigen_indeling_rekent_niet_met_de_benadering(dijk_en_waard):
    vlak = dijk_en_waard.gebieden.loc["GM1980", "geometry"]
    vlakken = gpd.GeoDataFrame({"code": ["HEEL"]}, geometry=[vlak], crs=28992)
    ind = wijkscan.indeling_uit_vlakken(dijk_en_waard, vlakken)
    assert ind.toewijzing.empty                                        # no buurt placed by a guessed boundary
    r = ind.rapport[ind.rapport.kwestie == "geen geometrie"]
    assert len(r) == 69 and r.detail.str.contains("grens bij benadering").all()


def test_kaart_van_dijk_en_waard_zegt_grens_bij_benadering(dijk_en_waard):
    wa = wijkscan.wijkanalyse(dijk_en_waard)
    m = wijkscan.kaart(wa, "leeftijd_65plus_aandeel", achtergrond=None)
    html = m.get_root().render()
    assert "grens bij benadering" in html
    assert '"dashArray": "5 4"' in html or '"dashArray":"5 4"' in html
    assert m.kaartinfo["opmerkingen"][0].startswith("Grens bij benadering")
    assert not any(o.startswith("Niet op de kaart") for o in m.kaartinfo["opmerkingen"])


def test_drukkaart_van_dijk_en_waard(dijk_en_waard, tmp_path):
    wa = wijkscan.wijkanalyse(dijk_en_waard)
    (svg,) = wijkscan.drukkaart(wa, "leeftijd_65plus_aandeel", tmp_path / "dw", formaten=("svg",))
    tekst = svg.read_text(encoding="utf-8")
    assert "grens bij benadering (stippellijn)   (69)" in tekst
