"""Hotspots on the real Assen meldingen: Gi* against the textbook formula, hexagons, kernel density."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from scipy import stats

import wijkscan
from wijkscan.analysis.hotspots import KLASSEN, hotspots, kerneldichtheid, zeshoekgrid
from wijkscan.errors import OngeldigeInvoer
from wijkscan.sources.meldingen import assen_meldingen


@pytest.fixture(scope="module")
def assen():
    return wijkscan.load("Assen", bron="ingebouwd")


@pytest.fixture(scope="module")
def meldingen():
    return assen_meldingen().meldingen


@pytest.fixture(scope="module")
def buurt_hotspots(assen, meldingen):
    return hotspots(meldingen, assen, "buurt", permutaties=99)


def _gi_star_z(eenheden: gpd.GeoDataFrame, x: np.ndarray) -> np.ndarray:
    """Getis & Ord (1992) Gi* z-score, written out: binary queen weights incl. self; an island gets
    its nearest unit (representative point) as neighbour. Independent of libpysal/esda."""
    geoms = eenheden.geometry.to_numpy()
    n = len(geoms)
    i, j = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    w = np.zeros((n, n))
    w[i, j] = 1
    pts = shapely.get_coordinates(shapely.point_on_surface(geoms))
    for a in np.nonzero(w.sum(1) == 1)[0]:
        d = np.hypot(*(pts - pts[a]).T)
        d[a] = np.inf
        b = int(np.argmin(d))
        w[a, b] = w[b, a] = 1
    k = w.sum(1)
    s = math.sqrt((x**2).mean() - x.mean() ** 2)
    return (w @ x - x.mean() * k) / (s * np.sqrt((n * k - k**2) / (n - 1)))


def test_aantallen_per_buurt_gelijk_aan_sjoin(assen, meldingen, buurt_hotspots):
    buurten = assen.gebieden[(assen.gebieden.niveau == "buurt") & assen.gebieden.geometry.notna()]
    ref = gpd.sjoin(meldingen[["geometry"]], buurten[["geometry"]], predicate="within").groupby("code").size()
    h = buurt_hotspots
    got = h["aantal"].dropna().astype(int)
    assert got[got > 0].sort_index().to_dict() == ref.sort_index().to_dict()
    assert h.attrs["geen_gebied"] == len(meldingen) - ref.sum() == 21
    assert h.loc["BU01060401", "aantal"] == 102                 # Pittelo Midden, the busiest buurt


def test_gi_star_op_ruwe_aantallen_is_het_leerboek(assen, meldingen):
    h = hotspots(meldingen, assen, "buurt", maat="aantal", permutaties=99)
    d = h[h.gi_z.notna()]
    assert len(d) == 106                                        # all buurten with a polygon
    z = _gi_star_z(d, d["aantal"].astype(float).to_numpy())
    np.testing.assert_allclose(d.gi_z.to_numpy(), z, atol=1e-9)
    # p_norm is the one-sided normal tail of that z
    np.testing.assert_allclose(d.p_norm.to_numpy(), stats.norm.sf(np.abs(z)), atol=1e-12)


def test_gi_star_per_1000_inwoners_empirical_bayes(assen, buurt_hotspots):
    h = buurt_hotspots
    assert h.attrs["maat"] == "per_1000_inwoners"
    inw = assen.kerncijfers.query("variabele == 'AantalInwoners' and jaar == 2024").set_index("code").waarde
    # buurten with < 50 inwoners (business parks, countryside) and without polygon are not computed
    weinig = h.klasse.astype(str).str.startswith("niet berekend: minder dan 50")
    assert set(h.index[weinig]) == {c for c in h.index[h.geometry.notna()] if inw[c] < 50}
    assert (h.klasse[h.geometry.isna()] == "niet berekend: geen vlak").all()
    d = h[h.gi_z.notna()]
    # Empirical Bayes (Marshall 1991), computed here from the counts and inwoners
    e = d["aantal"].astype(float).to_numpy()
    n = d["inwoners"].astype(float).to_numpy()
    r, b = e / n, e.sum() / n.sum()
    a = max(np.sum(n * (r - b) ** 2) / n.sum() - b / n.mean(), 0)
    eb = 1000 * ((a / (a + b / n)) * r + (1 - a / (a + b / n)) * b)
    np.testing.assert_allclose(d.waarde.to_numpy(), eb, rtol=1e-12)
    np.testing.assert_allclose(d.gi_z.to_numpy(), _gi_star_z(d, eb), atol=1e-9)
    # a buurt with few inwoners is pulled towards the gemeente rate
    klein = d.inwoners.astype(float).idxmin()
    assert abs(d.loc[klein, "waarde"] - 1000 * b) < abs(d.loc[klein, "per_1000_inwoners"] - 1000 * b)


def test_klassen_volgen_uit_z_en_p(buurt_hotspots):
    h = buurt_hotspots[buurt_hotspots.gi_z.notna()]
    assert set(h.klasse.astype(str)) <= set(KLASSEN)
    p2 = np.minimum(1, 2 * h.p_sim)
    np.testing.assert_allclose(h.p_tweezijdig, p2)
    for _, r in h.iterrows():
        k = str(r.klasse)
        if r.p_tweezijdig > 0.10:
            assert k == "niet significant"
        else:
            assert k.startswith("hotspot" if r.gi_z > 0 else "coldspot")
            niveau = "99%" if r.p_tweezijdig <= 0.01 else "95%" if r.p_tweezijdig <= 0.05 else "90%"
            assert k.endswith(f"({niveau})")
    assert (h.klasse.astype(str).str.startswith("hotspot")).any()
    assert (h.klasse.astype(str).str.startswith("coldspot")).any()


def test_vaste_seed_zelfde_uitkomst(assen, meldingen, buurt_hotspots):
    again = hotspots(meldingen, assen, "buurt", permutaties=99)
    pd.testing.assert_series_equal(again.p_sim, buurt_hotspots.p_sim)
    assert "Empirical Bayes" in again.attrs["toelichting"]


def test_zeshoeken(assen, meldingen):
    z = zeshoekgrid(assen, 250)
    assert np.allclose(z.area, 3 * math.sqrt(3) / 2 * 250**2)
    gemeente = assen.gebieden.loc["GM0106"].geometry
    assert gemeente.difference(z.union_all()).area < 1e-3          # covered (up to float slivers)
    assert not z.intersects(gemeente).eq(False).any()
    h = hotspots(meldingen, assen, eenheid="zeshoeken", grootte=250, permutaties=99)
    assert h.attrs["maat"] == "aantal"
    ref = gpd.sjoin(meldingen[["geometry"]], z[["geometry"]], predicate="within").groupby("code").size()
    got = h["aantal"].astype(int)
    assert got[got > 0].sort_index().to_dict() == ref.sort_index().to_dict()
    assert h.aantal.sum() + h.attrs["geen_gebied"] == len(meldingen)
    np.testing.assert_allclose(h.gi_z.to_numpy(), _gi_star_z(h, h["aantal"].astype(float).to_numpy()),
                               atol=1e-9)
    # inhabitants spread over hexagons by area: close to the buurt total (minus buurten without polygon)
    hp = hotspots(meldingen, assen, eenheid="zeshoeken", maat="per_1000_inwoners", permutaties=99)
    inw = assen.tabel("buurt").AantalInwoners
    met_vlak = assen.gebieden[(assen.gebieden.niveau == "buurt") & assen.gebieden.geometry.notna()].index
    assert hp.inwoners.sum() == pytest.approx(inw[met_vlak].sum(), abs=len(hp))


def test_kerneldichtheid_tegen_scipy(meldingen):
    g = kerneldichtheid(meldingen, bandbreedte=250, celgrootte=25)
    assert np.nansum(g.dichtheid) * (25 / 1000) ** 2 == pytest.approx(len(meldingen), rel=1e-3)
    xy = np.vstack([meldingen.geometry.x, meldingen.geometry.y])
    # the exact Gaussian KDE (σ = 250 m) summed point by point, per km², at three grid cells
    normaal = stats.multivariate_normal(cov=np.eye(2) * 250**2)
    x, y, top = g.maximum()
    assert top == pytest.approx(normaal.pdf(xy.T - [x, y]).sum() * 1e6, rel=0.02)
    for i, j in [(300, 200), (250, 150)]:
        exact = normaal.pdf(xy.T - [g.x[j], g.y[i]]).sum() * 1e6
        assert g.dichtheid[i, j] == pytest.approx(exact, rel=0.03, abs=0.5)
    assert g.tabel().shape[1] == 3 and "intern" in repr(g)
    binnen = kerneldichtheid(meldingen, gebied=wijkscan.load("Assen", bron="ingebouwd"), celgrootte=100)
    assert np.isnan(binnen.dichtheid).any() and np.nanmax(binnen.dichtheid) > 0


def test_fouten(assen, meldingen):
    with pytest.raises(OngeldigeInvoer):
        hotspots(meldingen, assen, eenheid="driehoeken")
    with pytest.raises(OngeldigeInvoer):
        kerneldichtheid(meldingen, bandbreedte=0)
    with pytest.raises(OngeldigeInvoer, match="inwoners"):
        hotspots(meldingen, assen.gebieden, maat="per_1000_inwoners")
