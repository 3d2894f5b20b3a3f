"""Comparable areas elsewhere (issue 16 item 4), on the real embedded data of all 342 gemeenten.

Every check recomputes from the national table or the returned areas, never from the code under test
alone: the distance from its documented definition, the median from the returned outcome values, the
nearest areas by brute force.
"""

from __future__ import annotations

import subprocess

import numpy as np
import pandas as pd
import pytest

import wijkscan
from wijkscan.analysis.vergelijkbaar import (
    STRUCTUUR,
    bereken_vergelijking,
    landelijke_tabel,
    vergelijking_tekst,
)
from wijkscan.errors import OngeldigeInvoer
from wijkscan.nlformat import getal
from wijkscan.report import rapport

GEBIEDEN = {
    "GM0363": "BU0363AF09",    # Amsterdam, Waterloopleinbuurt: very urban, few houses, expensive
    "GM1900": "BU19000200",    # Súdwest-Fryslân, Workum: a Frisian village
    "GM0088": "BU00880000",    # Schiermonnikoog, the village on the island
}


@pytest.fixture(scope="module")
def analyses():
    return {gm: wijkscan.wijkanalyse(gm, bron="ingebouwd") for gm in GEBIEDEN}


@pytest.fixture(scope="module")
def assen_met_meldingen():
    return wijkscan.wijkanalyse("Assen", bron="ingebouwd", meldingen=wijkscan.assen_meldingen())


@pytest.fixture(scope="module")
def nl():
    return landelijke_tabel("buurt")


def _z(x: pd.DataFrame, ref: pd.DataFrame) -> np.ndarray:
    """The documented standardisation, written out: log WOZ, (x − median) / (IQR / 1,349) over the Dutch
    buurten with at least 100 inhabitants."""
    ref = ref[ref.inwoners >= 100]
    cols = []
    for s in STRUCTUUR:
        r = ref[s].dropna().to_numpy(float)
        v = x[s].to_numpy(float)
        if s == "woz_waarde":
            r, v = np.log(r[r > 0]), np.log(v)
        q1, med, q3 = np.percentile(r, [25, 50, 75])
        cols.append((v - med) / ((q3 - q1) / 1.349))
    return np.column_stack(cols)


@pytest.mark.parametrize("gm", list(GEBIEDEN))
def test_vergelijkbare_buurten_komen_van_elders_en_lijken(analyses, nl, gm):
    wa, code = analyses[gm], GEBIEDEN[gm]
    v = wa.vergelijkbaar(code)
    assert len(v) == 10 == wa.vergelijking.n
    assert v.code.str.startswith("BU").all() and v.code.is_unique
    assert (v.gemeentecode != gm).all(), "a comparable buurt from the own gemeente"
    assert (nl.loc[v.code, "gemeentecode"].to_numpy() != gm).all()
    assert (nl.loc[v.code, "inwoners"] >= 100).all() and (v.inwoners >= 100).all()
    assert v.afstand.is_monotonic_increasing
    # structurally close: within one class of stedelijkheid, and the figures shown are the national ones
    eigen = nl.loc[code]
    assert (v.stedelijkheid - eigen.stedelijkheid).abs().max() <= 1
    pd.testing.assert_frame_equal(v.set_index("code")[list(STRUCTUUR)], nl.loc[v.code, list(STRUCTUUR)],
                                  check_names=False)
    # the distance is the documented one: RMS of the robust z differences over the seven variables
    z_eigen, z_v = _z(nl.loc[[code]], nl), _z(nl.loc[v.code], nl)
    afstand = np.sqrt(((z_v - z_eigen) ** 2).mean(axis=1))
    np.testing.assert_allclose(v.afstand.to_numpy(float), afstand, rtol=1e-9)
    # and they are the nearest: brute force over every eligible buurt elsewhere finds none closer
    kand = nl[(nl.inwoners >= 100) & nl[list(STRUCTUUR)].notna().all(axis=1) & (nl.gemeentecode != gm)
              & ((nl.stedelijkheid - eigen.stedelijkheid).abs() <= 1)]
    alle = np.sqrt(((_z(kand, nl) - z_eigen) ** 2).mean(axis=1))
    np.testing.assert_allclose(np.sort(alle)[:10], afstand, rtol=1e-9)
    assert set(kand.index[np.argsort(alle)[:10]]) == set(v.code)
    # the area itself is far more alike its comparable areas than a typical Dutch buurt is
    assert v.afstand.max() < np.median(alle)


@pytest.mark.parametrize("gm", list(GEBIEDEN))
def test_opgeslagen_mediaan_is_die_van_de_teruggegeven_buurten(analyses, gm):
    wa, code = analyses[gm], GEBIEDEN[gm]
    v = wa.vergelijkbaar(code)
    t = wa.vergelijking.tabel.set_index(["gebied", "indicator"])
    for ind in ("misdrijven_per_1000", "ervaren_gezondheid_goed"):
        r = t.loc[(code, ind)]
        eigen = wa.waarde(code, ind)                      # the figure of the profile, the same everywhere
        assert r.waarde == pytest.approx(eigen) and not np.isnan(eigen)
        waarden = v[ind].dropna()
        assert r.n_vergelijkbaar == len(waarden) > 0
        assert r.mediaan_vergelijkbaar == pytest.approx(float(np.median(waarden)))
        assert r.aantal_hoger == int((eigen > waarden).sum())
        assert r.aantal_lager == int((eigen < waarden).sum())
        assert r.oordeel == ("hoger" if r.aantal_hoger > r.aantal_lager else
                             "lager" if r.aantal_lager > r.aantal_hoger else "gelijk")


def test_kleine_gebieden_worden_niet_vergeleken(analyses, nl):
    wa = analyses["GM0088"]
    niet = wa.vergelijking.niet_vergeleken.set_index("gebied")
    klein = "BU00880009"                                  # Verspreide huizen Schiermonnikoog: < 100 inwoners
    assert wa.waarde(klein, "inwoners") < 100
    assert niet.loc[klein, "reden"] == "minder dan 100 inwoners"
    with pytest.raises(OngeldigeInvoer, match="minder dan 100 inwoners"):
        wa.vergelijkbaar(klein)
    assert klein not in set(wa.vergelijking.tabel.gebied)
    # and no area under 100 inwoners is ever someone's comparable area
    for w in analyses.values():
        codes = w.vergelijking.gebieden.code
        assert (nl.loc[codes, "inwoners"] >= 100).all()


def test_ander_aantal_op_verzoek_verandert_niets_wat_opgeslagen_is(analyses):
    wa, code = analyses["GM1900"], GEBIEDEN["GM1900"]
    opgeslagen = wa.vergelijking.tabel.copy()
    tien = wa.vergelijkbaar(code)
    vijfentwintig = wa.vergelijkbaar(code, n=25)
    assert len(vijfentwintig) == 25 and vijfentwintig.afstand.is_monotonic_increasing
    assert vijfentwintig.code.head(10).tolist() == tien.code.tolist()
    pd.testing.assert_frame_equal(wa.vergelijking.tabel, opgeslagen)
    assert len(wa.vergelijkbaar(code, n=1)) == 1
    with pytest.raises(OngeldigeInvoer, match="minstens 1"):
        wa.vergelijkbaar(code, n=0)
    with pytest.raises(OngeldigeInvoer, match="hoort niet bij"):
        wa.vergelijkbaar("BU06260006")


def test_wijken_worden_met_wijken_elders_vergeleken():
    wa = wijkscan.wijkanalyse("Assen", niveau="wijk", bron="ingebouwd")
    nlw = landelijke_tabel("wijk")
    v = wa.vergelijking
    assert v.niveau == "wijk"
    assert set(v.gebieden.gebied) <= set(wa.profiel.gebied)
    assert v.gebieden.code.str.startswith("WK").all()
    assert (v.gebieden.gemeentecode != "GM0106").all()
    assert (nlw.loc[v.gebieden.code, "inwoners"] >= 100).all()
    code = v.gebieden.gebied.iloc[0]
    w = wa.vergelijkbaar(code)
    assert len(w) == 10 and w.afstand.is_monotonic_increasing
    # crime per wijk is made from the buurten, in the national table as in the profile
    assert nlw.loc[code, "misdrijven_per_1000"] == pytest.approx(wa.waarde(code, "misdrijven_per_1000"))
    r = v.tabel.set_index(["gebied", "indicator"]).loc[(code, "misdrijven_per_1000")]
    assert r.mediaan_vergelijkbaar == pytest.approx(float(np.median(w.misdrijven_per_1000.dropna())))
    assert "vergelijkbare wijken elders" in v.teksten(code)[0]


def test_eigen_indeling_heeft_geen_vergelijking_en_zegt_waarom():
    wa = wijkscan.wijkanalyse("Voorschoten", niveau="pc4", bron="ingebouwd")
    v = wa.vergelijking
    assert v.niveau == "" and v.tabel.empty and v.gebieden.empty
    assert set(v.niet_vergeleken.gebied) == set(wa.profiel.gebied)
    assert v.niet_vergeleken.reden.str.contains("alleen voor buurten en wijken").all()
    with pytest.raises(OngeldigeInvoer, match="alleen voor buurten en wijken"):
        wa.vergelijkbaar("2252")


def test_ontbrekende_opbouw_wordt_expliciet_behandeld(analyses):
    """An area lacking a structure variable is compared on the others (and says so); lacking three, not at all."""
    wa, code = analyses["GM1900"], GEBIEDEN["GM1900"]
    p = wa.profiel.copy()
    zonder = (p.gebied == code) & (p.indicator == "eengezinswoningen_aandeel")
    p.loc[zonder, "waarde"] = np.nan
    v = bereken_vergelijking(p, wa.catalogus, "buurt", 2024)
    assert v.ontbreekt.set_index("gebied").loc[code, "ontbreekt"] == "eengezinswoningen"
    g = v.van(code)
    assert len(g) == 10 and (g.gemeentecode != "GM1900").all()
    # the distance then uses the six others (RMS over six)
    nl = landelijke_tabel("buurt")
    zes = [i for i, s in enumerate(STRUCTUUR) if s != "eengezinswoningen_aandeel"]
    d = np.sqrt(((_z(nl.loc[g.code], nl)[:, zes] - _z(nl.loc[[code]], nl)[:, zes]) ** 2).mean(axis=1))
    np.testing.assert_allclose(g.afstand.to_numpy(float), d, rtol=1e-9)
    p.loc[(p.gebied == code) & p.indicator.isin(["koopwoningen_aandeel", "woz_waarde"]), "waarde"] = np.nan
    v = bereken_vergelijking(p, wa.catalogus, "buurt", 2024)
    reden = v.niet_vergeleken.set_index("gebied").loc[code, "reden"]
    assert reden.startswith("te weinig cijfers over de opbouw") and "WOZ-waarde" in reden


def _rij(**k):
    basis = {"label": "Geregistreerde misdrijven per 1.000 inwoners", "eenheid": "per 1.000 inwoners", "decimalen": 1,
             "waarde": 48.2, "mediaan_vergelijkbaar": 31.5, "n_vergelijkbaar": 10, "aantal_hoger": 9,
             "aantal_lager": 1, "oordeel": "hoger", "reden": ""}
    return pd.Series({**basis, **k})


def test_zinnen_enkelvoud_en_meervoud():
    assert vergelijking_tekst(_rij()) == ("Geregistreerde misdrijven per 1.000 inwoners: 48,2 — tegen 31,5 (mediaan) "
                                          "in 10 vergelijkbare buurten elders; hoger dan 9 van de 10.")
    assert vergelijking_tekst(_rij(aantal_hoger=2, aantal_lager=7, oordeel="lager")).endswith("lager dan 7 van de 10.")
    een = vergelijking_tekst(_rij(n_vergelijkbaar=1, aantal_hoger=1, aantal_lager=0), "wijk")
    assert "tegen 31,5 in 1 vergelijkbare wijk elders; hoger." in een and "mediaan" not in een
    assert vergelijking_tekst(_rij(aantal_hoger=4, aantal_lager=4, oordeel="gelijk")).endswith(
        "hoger dan 4 en lager dan 4 van de 10.")
    assert vergelijking_tekst(_rij(aantal_hoger=0, aantal_lager=0, oordeel="gelijk")).endswith("even hoog als alle 10.")
    pct = vergelijking_tekst(_rij(label="Ervaren gezondheid goed of zeer goed", eenheid="%", waarde=71.04,
                                  mediaan_vergelijkbaar=76.25, n_vergelijkbaar=9, aantal_hoger=1, aantal_lager=8,
                                  oordeel="lager"))
    assert pct.startswith("Ervaren gezondheid goed of zeer goed: 71,0% — tegen 76,2% (mediaan) in 9 vergelijkbare ")
    assert vergelijking_tekst(_rij(waarde=np.nan, oordeel="", reden="onbekend")) == (
        "Geregistreerde misdrijven per 1.000 inwoners: onbekend; 31,5 (mediaan) in 10 vergelijkbare buurten elders.")
    assert vergelijking_tekst(_rij(label="Meldingen openbare ruimte per 1.000 inwoners", oordeel="", n_vergelijkbaar=0,
                                   reden="geen vergelijking elders: meldingen zijn er alleen van de eigen gemeente")) \
        == ("Meldingen openbare ruimte per 1.000 inwoners: 48,2; geen vergelijking elders: meldingen zijn er alleen "
            "van de eigen gemeente.")


def test_zinnen_van_een_echte_buurt_lezen_de_opgeslagen_cijfers(analyses):
    wa, code = analyses["GM0363"], GEBIEDEN["GM0363"]
    zin = wa.vergelijking.teksten(code)[0]
    v = wa.vergelijkbaar(code)
    eigen = wa.waarde(code, "misdrijven_per_1000")
    waarden = v.misdrijven_per_1000.dropna()
    hoger, lager = int((eigen > waarden).sum()), int((eigen < waarden).sum())
    stand = f"hoger dan {hoger} van de {len(waarden)}" if hoger > lager else f"lager dan {lager} van de {len(waarden)}"
    assert zin == (f"Geregistreerde misdrijven per 1.000 inwoners: {getal(eigen, 1)} — tegen "
                   f"{getal(np.median(waarden), 1)} (mediaan) in {len(waarden)} vergelijkbare buurten elders; {stand}.")


def test_rapport_heeft_de_sectie(tmp_path):
    wa = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
    code = "BU06260006"                                    # Bijdorp
    pdf = rapport(wa, code, tmp_path / "bijdorp.pdf")
    tekst = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    plat = " ".join(tekst.split())
    assert "Tegen vergelijkbare buurten elders" in plat
    assert "Hier staat Bijdorp naast de 10 buurten in andere gemeenten" in plat
    for zin in wa.vergelijking.teksten(code):
        assert " ".join(zin.split()) in plat
    v = wa.vergelijkbaar(code)
    for r in v.head(3).itertuples():
        assert f"{r.naam} ({r.gemeente})" in plat
    assert "Bijdorp (Voorschoten)" in plat
    # a pc4 report has no such section
    pc4 = wijkscan.wijkanalyse("Voorschoten", niveau="pc4", bron="ingebouwd")
    pdf = rapport(pc4, "2252", tmp_path / "2252.pdf")
    tekst = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "vergelijkbare" not in tekst


def test_verborgen_meldingen_heten_niet_onbekend(assen_met_meldingen):
    """A buurt whose meldingen count is hidden for privacy ("<5") is not "onbekend" in the comparison sentences: the
    sentence gives the profile's reason (real Assen meldingen)."""
    wa = assen_met_meldingen
    p = wa.profiel
    rij = p[(p.indicator == "meldingen_per_1000") & p.waarde.isna() & p.reden.str.endswith("(privacy)")
            & p.gebied.isin(wa.vergelijking.tabel.gebied)]   # areas too small are not compared at all
    assert len(rij)
    for code, reden in zip(rij.gebied, rij.reden, strict=True):
        zin = [z for z in wa.vergelijking.teksten(code) if z.startswith("Meldingen openbare ruimte")]
        assert zin == [f"Meldingen openbare ruimte per 1.000 inwoners: {reden}; geen vergelijking elders: meldingen "
                       "zijn er alleen van de eigen gemeente."]
        assert "onbekend" not in zin[0]


def test_aantal_meldingen_krijgt_geen_rang(assen_met_meldingen):
    """A count of meldingen says only which area is larger: like a crime count it gets no rank (the rate does)."""
    p = assen_met_meldingen.profiel
    p = p[p.jaar == assen_met_meldingen.jaar]
    aantal, per_1000 = p[p.indicator == "meldingen"], p[p.indicator == "meldingen_per_1000"]
    assert aantal.waarde.notna().sum() > 20 and aantal.rang.isna().all()
    assert per_1000.rang.notna().sum() == per_1000.waarde.notna().sum() > 20
