"""Patterns over years on a multi-year series DERIVED from the real Assen meldingen (synthetic, labelled):
the real meldingen (category, wijk) are resampled over four years with a seasonal profile; anomalies are
planted on purpose. There is no real multi-year export in the shared data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import wijkscan
from wijkscan.analysis.meldingen import koppel_gebieden
from wijkscan.analysis.seizoen import MAANDEN, ongewone_maanden, seizoenspatroon
from wijkscan.errors import OngeldigeInvoer
from wijkscan.sources.meldingen import assen_meldingen

GROEN = "Openbaar groen en water"
#: planted: (month, wijk, category, factor)
GEPLANT = [("2024-03", "Peelo", GROEN, 2.5), ("2023-10", "Kloosterveen", "Afval", 3.0)]


@pytest.fixture(scope="module")
def echt():
    assen = wijkscan.load("Assen", bron="ingebouwd")
    m = koppel_gebieden(assen_meldingen().meldingen, assen, "wijk", "wijk")
    return pd.DataFrame({"categorie": m.categorie.astype(str), "wijk": m.wijk_naam.astype(object)}).dropna()


def reeks(echt: pd.DataFrame, plant: bool, seed: int = 3) -> pd.DataFrame:
    """Four years (2022-2025): per month ~1,000 real meldingen drawn with replacement; groen peaks in summer."""
    rng = np.random.default_rng(seed)
    seizoen_groen = np.array([0.5, 0.5, 0.8, 1.2, 1.6, 1.8, 1.7, 1.4, 1.1, 0.9, 0.6, 0.5])
    delen = []
    groen = echt.categorie == GROEN
    for maand in pd.period_range("2022-01", "2025-12", freq="M"):
        gewicht = np.where(groen, seizoen_groen[maand.month - 1], 1.0) * (1 + 0.05 * (maand.year - 2022))
        n = rng.poisson(1000 * gewicht.sum() / len(echt))
        rij = echt.sample(n, replace=True, weights=gewicht, random_state=rng)
        dag = rng.integers(0, maand.days_in_month, n)
        rij = rij.assign(datum=maand.start_time + pd.to_timedelta(dag, unit="D") + pd.Timedelta(hours=10))
        delen.append(rij)
        for m, wijk, cat, factor in GEPLANT if plant else []:
            if str(maand) == m:
                zelf = rij[(rij.wijk == wijk) & (rij.categorie == cat)]
                extra = zelf.sample(int(len(zelf) * (factor - 1)), replace=True, random_state=rng)
                delen.append(extra)
    return pd.concat(delen, ignore_index=True)


def test_geplante_afwijkingen_gevonden(echt):
    r = ongewone_maanden(reeks(echt, plant=True), gebied_kolom="wijk")
    gevonden = {(str(x.maand), x.gebied, x.categorie) for x in r.itertuples() if x.verhouding > 1}
    for m, wijk, cat, _ in GEPLANT:
        assert (m, wijk, cat) in gevonden
    # nothing else stands out (planted months only; the model is right for the rest)
    assert gevonden <= {(m, w, c) for m, w, c, _ in GEPLANT}
    zin = r[r.gebied == "Peelo"].tekst.iloc[0]
    assert zin.startswith("In maart 2024 kwamen in Peelo ") and " meldingen over openbaar groen en water binnen " \
        "in plaats van ongeveer " in zin and "× zoveel)" in zin
    assert "Benjamini-Hochberg" in r.attrs["toets"] and r.attrs["getoetst"] > 100


def test_zonder_afwijkingen_niets_gevonden(echt):
    for seed in (3, 4):
        r = ongewone_maanden(reeks(echt, plant=False, seed=seed), gebied_kolom="wijk")
        assert r.empty, r.tekst.tolist()


def test_seizoenspatroon_groen_in_de_zomer(echt):
    p = seizoenspatroon(reeks(echt, plant=False))
    assert list(p.columns) == MAANDEN
    assert p.loc[GROEN, "juni"] > 140 and p.loc[GROEN, "januari"] < 70
    assert 80 < p.loc["Afval", "juni"] < 120


def test_korte_reeks_verwijst_naar_patronen():
    with pytest.raises(OngeldigeInvoer, match="minstens 24 nodig.*patronen"):
        ongewone_maanden(assen_meldingen().meldingen, gebied_kolom="categorie")


def test_oude_meldingen_en_grote_uitschieter(echt):
    """Months before go-live are no unusual months, and a burst of 250 where about 3 are expected is worded
    as counts ("250 meldingen … in plaats van ongeveer 3"), not as a ratio; the other flags barely change."""
    basis = reeks(echt, plant=False)
    zonder = ongewone_maanden(basis, gebied_kolom="wijk")
    oud = basis.head(6).assign(datum=pd.Timestamp("2019-03-04"))           # carried over from an old system
    dier = basis[(basis.wijk == "Pittelo") & (basis.categorie == "Overlast Dier")].head(1)
    burst = dier.sample(250, replace=True, random_state=1).assign(datum=pd.Timestamp("2024-06-12 10:00"))
    met = ongewone_maanden(pd.concat([oud, basis, burst], ignore_index=True), gebied_kolom="wijk")
    assert not (met.maand < pd.Period("2022-01", "M")).any()
    rij = met[(met.gebied == "Pittelo") & (met.categorie == "Overlast Dier") & (met.maand == pd.Period("2024-06", "M"))]
    assert len(rij) == 1 and rij.aantal.iloc[0] >= 250
    assert "meldingen over overlast dier binnen in plaats van ongeveer" in rij.tekst.iloc[0]
    assert "× zoveel" not in rij.tekst.iloc[0]
    def vlaggen(r: pd.DataFrame) -> set:
        return set(zip(r.maand, r.gebied, r.categorie, strict=True))

    anders = vlaggen(met) ^ vlaggen(zonder)
    assert len(anders) <= 3
