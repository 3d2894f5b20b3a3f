"""Disclosure control over everything one run publishes, checked by the linear-programming audit.

On Assen's real meldingen: the publication the way it was made before (each table suppressed on
its own: buurt counts under 5 hidden, wijk totals shown) lets a reader work back the hidden
buurten of Centrum and Marsdijk; the audit finds them. The run's own publication (all levels
decided together) has no disclosed cell.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

import wijkscan
from wijkscan.analysis.meldingentelling import (
    DEEL,
    GEEN_BUURT,
    NIET_GEPUBLICEERD,
    WEGGELATEN_ZIN,
    deeltotaal_tekst,
    tel_meldingen,
)
from wijkscan.analysis.privacy import (
    GETOOND,
    PRIMAIR,
    SECUNDAIR,
    WEGGELATEN,
    audit,
    cijfers,
    onderdruk_hierarchie,
    tegenspraken,
)
from wijkscan.sources.meldingen import assen_meldingen


@pytest.fixture(scope="module")
def telling():
    assen = wijkscan.load("Assen", bron="ingebouwd")
    return tel_meldingen(assen, assen_meldingen(gemeente_grens=assen), wijkscan.cbs_indeling(assen, "wijk"))


def test_audit_vindt_centrum_en_marsdijk_in_de_oude_publicatie(telling):
    # before: the buurt profile hid counts under 5, the wijk profile showed every wijk total (sum of buurten)
    oud = cijfers(telling.cellen, {"buurt": telling.niveaus["buurt"], "wijk": telling.niveaus["wijk"]},
                  telling.onbekend, per_kolom=False)
    oud.cijfers.loc[oud.cijfers.waarde < 5, "status"] = PRIMAIR
    a = audit(oud)
    onthuld = a[a.onthuld]
    wijk_van = telling.niveaus["wijk"]
    wijken = set(onthuld.gebied.map(wijk_van))
    assert {"WK010600", "WK010607"} <= wijken, onthuld
    centrum = onthuld[onthuld.gebied.map(wijk_van) == "WK010600"]
    # 387 - the shown buurten = 8 over two hidden buurten below 5: both exactly 4, their true value
    assert len(centrum) == 2 and (centrum["min"] == 4).all() and (centrum["max"] == 4).all()
    assert (centrum.waarde == 4).all()


def test_publicatie_van_de_run_onthult_niets(telling):
    a = telling.audit()
    assert len(a) > 100                      # every hidden figure was audited, with an interval
    assert not a.onthuld.any(), a[a.onthuld]
    klein = a[a.status == PRIMAIR]
    # every "<5" keeps at least two possible values for a reader who knows every shown figure
    assert (klein["max"] - klein["min"] >= telling.publicatie.bescherming).all()
    assert not telling.publicatie.onbeschermd


def test_zonder_rondes_verbergt_het_vangnet_en_onthult_niets(telling):
    """When the optimisation rounds run out (a very large gemeente), nothing that can be worked back is published:
    the fallback hides every figure that may be hidden and audits again."""
    pub = onderdruk_hierarchie(telling.publicatie, max_rondes=0)
    assert not pub.onbeschermd
    assert not audit(pub).onthuld.any()
    c = pub.cijfers
    assert (c.loc[c.waarde >= 5, "status"] == SECUNDAIR).all()      # only zeros and "<5" left


def test_nul_is_een_gepubliceerde_nul_en_weinig_verborgen(telling):
    c = telling.publicatie.cijfers
    nul = c[c.waarde == 0]
    # zeros are published as 0, except in a row of ones where a shown 0 would make every "<5" exact
    assert (nul.status == GETOOND).mean() > 0.9
    rij = c[(c.gebied == "BU01060010") & (c.niveau == "buurt")]
    assert (rij.status == PRIMAIR).all() and (rij.ondergrens == 0).all()      # 4 meldingen in 4 categories
    # the complementary figures are chosen to hide few meldingen: far fewer than the shown ones (issue 18)
    verborgen = c.loc[c.status == SECUNDAIR, "waarde"].sum()
    assert verborgen < 0.05 * c.loc[c.status == GETOOND, "waarde"].sum()
    # the tables say "0", not "<5", for a zero
    t = telling.tabel("buurt")
    assert (t.drop(columns="naam") == "0").to_numpy().any()
    # the wijk totals the issue names are still published, and each wijk is the sum of its buurten
    st = telling.status("wijk")["totaal"]
    assert st["WK010600"] == GETOOND and st["WK010607"] == GETOOND


def test_zelfde_cellen_een_besluit_en_kleine_voorbeelden():
    # b1 + b2 = 8 with both below 5: hiding only them discloses both; the rule hides a third cell
    cel = pd.DataFrame({"a": [4, 4, 30, 12], "b": [9, 7, 1, 20]}, index=["b1", "b2", "b3", "b4"])
    niveaus = {"buurt": pd.Series(cel.index, index=cel.index), "wijk": pd.Series(["w1", "w1", "w1", "w2"],
                                                                                index=cel.index)}
    pub = onderdruk_hierarchie(cijfers(cel, niveaus))
    assert not audit(pub).onthuld.any()
    c = pub.cijfers.set_index(["niveau", "gebied", "kolom"]).status
    assert c[("buurt", "b1", "a")] == PRIMAIR and c[("buurt", "b3", "b")] == PRIMAIR
    assert (c == SECUNDAIR).any()
    # wijk w2 has one buurt: its figures are the buurt's figures and share its status
    for k in ("a", "b", "totaal"):
        assert c[("wijk", "w2", k)] == c[("buurt", "b4", k)]
    # the same input gives the same decision
    again = onderdruk_hierarchie(cijfers(cel, niveaus))
    assert np.array_equal(again.cijfers.status.to_numpy(), pub.cijfers.status.to_numpy())


def test_deeltotaal_van_een_wijk_met_een_buurt_zonder_vlak(telling):
    """Issue 19: Assen-Oost, Kloosterveen and Buitengebied show the count of the rest and what it leaves out."""
    t = telling.tabel("wijk")
    assert t.loc["WK010603", "totaal"].endswith(" (excl. Vanboeijen, 230 inwoners)")
    for wijk in ("WK010603", "WK010608", "WK010699"):
        d = telling.deeltotaal("wijk", wijk)
        buurten = telling.niveaus["wijk"][telling.niveaus["wijk"] == wijk].index
        assert d is not None and d.waarde == int(telling.cellen.loc[buurten].to_numpy().sum()) > 0
        assert {u.code for u in d.uitgesloten} == {c for c in telling.zonder_vlak
                                                   if telling.niveaus_alle["wijk"].get(c) == wijk}
        assert deeltotaal_tekst(telling, "wijk", wijk) == t.loc[wijk, "totaal"]
        assert pd.isna(telling.totalen("wijk")[wijk])           # the count of the whole wijk stays unknown
    assert telling.deeltotaal("wijk", "WK010600") is None and deeltotaal_tekst(telling, "buurt", "BU01060311") is None
    # a category cell of a partial wijk: a count, "<5" or "x", each with what it leaves out
    cel = t.loc["WK010608", "Riolering"]
    assert cel == "<5 (excl. Uitbreidingsgebied Kloosterveen, 55 inwoners)", cel


def test_deeltotalen_zijn_cijfers_van_de_hierarchie(telling):
    """A partial total plus the buurt counts must not let a hidden cell be worked back: the partial totals are
    published figures of the one suppression and its audit. Shown on top of the decision made without them, they
    would disclose buurt counts (Assen: 7 figures); decided together, nothing."""
    c = telling.publicatie.cijfers
    deel = c[c.niveau == f"wijk{DEEL}"]
    assert set(deel.gebied) == {"WK010603", "WK010608", "WK010699"} and len(deel) == 3 * (len(telling.categorieen) + 1)
    assert not telling.audit().onthuld.any()
    per = set(telling.niveaus) - {"buiten de buurtvlakken", "gemeente"}
    zonder = onderdruk_hierarchie(cijfers(telling.cellen, telling.niveaus, telling.onbekend, per_kolom=per))
    kaart = {f"wijk{DEEL}": telling.niveaus["wijk"][telling.niveaus["wijk"].isin(list(telling.uitgesloten["wijk"]))]}
    met = cijfers(telling.cellen, {**telling.niveaus, **kaart}, telling.onbekend, per_kolom=per | set(kaart))
    oud = zonder.cijfers.set_index(["niveau", "gebied", "kolom"]).reindex(
        pd.MultiIndex.from_frame(met.cijfers[["niveau", "gebied", "kolom"]])).reset_index(drop=True)
    nieuw = pd.Series(np.where(met.cijfers.waarde.between(1, 4), PRIMAIR, GETOOND))   # partial totals simply shown
    pub = dataclasses.replace(met, cijfers=met.cijfers.assign(status=oud.status.fillna(nieuw).to_numpy(),
                                                              ondergrens=oud.ondergrens.fillna(1.0).to_numpy()),
                              nul_getoond=zonder.nul_getoond, bescherming=zonder.bescherming)
    assert audit(pub).onthuld.sum() >= 1


def test_een_tabel_zonder_enig_cijfer_wordt_een_zin(telling):
    zinnen = telling.vervangzinnen["buurt"]
    # BU01060010: 4 meldingen in 4 categories — every category cell "<5"
    assert zinnen["BU01060010"].startswith("Per categorie zijn de aantallen te klein om te tonen")
    assert zinnen["BU01060010"].endswith("In totaal minder dan 5 meldingen.")
    assert zinnen["BU01060311"] == "Het aantal meldingen per categorie is onbekend (geen vlak op de kaart)."
    st = telling.status("buurt")[telling.categorieen]
    for g in st.index:
        assert (g in zinnen) == (not (st.loc[g] == GETOOND).any()), g
    assert "wijk" not in telling.vervangzin_tabel and telling.vervangzinnen["wijk"] == {}


# --- a row that no hiding can protect: its categories are not published (issue 18c) ---------------------------

#: four real Assen categories; with only these, buurt De Zoom (BU01060811) has exactly 1 melding in each
VIER = ("Afval", "Overlast Openbare Ruimte", "Wegen, verkeer en straatmeubilair", "overig")


@pytest.fixture(scope="module")
def vier_categorieen():
    assen = wijkscan.load("Assen", bron="ingebouwd")
    imp = assen_meldingen(gemeente_grens=assen)
    m = imp.meldingen
    # a subset of the rows is a bare table: give the import's complete period explicitly
    return tel_meldingen(assen, m[m["categorie"].astype(str).isin(VIER)], wijkscan.cbs_indeling(assen, "wijk"),
                         periode=(imp.volledig_vanaf, m["datum"].max()))


def test_een_buurt_met_1_melding_per_categorie_wordt_niet_teruggerekend(vier_categorieen):
    t = vier_categorieen
    assert (t.cellen.loc["BU01060811"] == 1).all() and t.cellen.shape[1] == 4     # the case: total 4 = 1+1+1+1
    a = t.audit()
    assert not a.onthuld.any(), a[a.onthuld]
    assert not t.publicatie.onbeschermd and not any(o.startswith("Let op") for o in t.opmerkingen)
    rij = t.tabel("buurt").loc["BU01060811"]
    assert (rij[list(VIER)] == NIET_GEPUBLICEERD).all() and rij["totaal"] == "<5"
    assert t.vervangzinnen["buurt"]["BU01060811"] == f"{WEGGELATEN_ZIN} In totaal minder dan 5 meldingen."
    assert f"'{NIET_GEPUBLICEERD}': te weinig meldingen" in t.toelichting
    # only that row is withheld; ordinary rows keep "<5" and shown figures
    c = t.publicatie.cijfers
    assert set(c.loc[c.status == WEGGELATEN, "gebied"]) == {"BU01060811"}
    assert (c.status == PRIMAIR).sum() > 50
    # had those four been published as "<5", the audit would pin every figure of the row to its true value
    oud = dataclasses.replace(t.publicatie, cijfers=c.assign(status=c.status.replace(WEGGELATEN, PRIMAIR)))
    pinned = audit(oud)
    pinned = pinned[pinned.onthuld]
    assert set(pinned.gebied) == {"BU01060811"} and (pinned["min"] == pinned["max"]).all()


@pytest.mark.parametrize("gemeente", ["Voorschoten", "Rotterdam"])
def test_na_onderdrukking_is_niets_terug_te_rekenen(vier_categorieen, gemeente):
    """Property over seeds and gemeenten: real Assen buurt rows (4 categories, thinned so most counts are small),
    placed on another gemeente's buurten (derived data), with some rows of exactly 1 per category; the
    suppression must always end with an audit that finds nothing and with no figure left unprotected."""
    data = wijkscan.load(gemeente, bron="ingebouwd")
    buurten = data.gebieden[data.gebieden.niveau == "buurt"]
    bron = vier_categorieen.cellen.drop(index=GEEN_BUURT, errors="ignore").to_numpy()
    for seed in range(3):
        rng = np.random.default_rng(seed)
        rijen = bron[rng.integers(0, len(bron), len(buurten))] // rng.integers(2, 12)
        rijen[rng.choice(len(buurten), size=max(1, len(buurten) // 10), replace=False)] = 1     # 1 in each category
        cel = pd.DataFrame(rijen, index=buurten.index, columns=list(VIER))
        niveaus = {"buurt": pd.Series(cel.index, index=cel.index), "wijk": buurten["wijk"].astype(object),
                   "gemeente": pd.Series(data.code, index=cel.index)}
        pub = onderdruk_hierarchie(cijfers(cel, niveaus, per_kolom={"buurt", "wijk"}))
        a = audit(pub)
        assert not a.onthuld.any(), (gemeente, seed, a[a.onthuld])
        assert not pub.onbeschermd
        assert tegenspraken(pub).empty, (gemeente, seed, tegenspraken(pub))
        c = pub.cijfers
        assert (c.loc[c.waarde.between(1, 4) & (c.status != WEGGELATEN), "status"] == PRIMAIR).all()
        assert (c.status == WEGGELATEN).any() and (c.status == GETOOND).any()    # withheld rows, not all withheld


def test_een_getoonde_nul_bevat_geen_verborgen_cijfer(vier_categorieen):
    """Rotterdam-shaped (DERIVED: real Assen buurt rows on Rotterdam's buurten, thinned, as above): a 0 hidden as
    "<5" beside a small wijk category made a buurt show "<5" for a category while its total showed 0. A shown 0
    now never holds a hidden figure, every such 0 is hidden with it, and the exact audit still finds nothing."""
    data = wijkscan.load("Rotterdam", bron="ingebouwd")
    buurten = data.gebieden[data.gebieden.niveau == "buurt"]
    bron = vier_categorieen.cellen.drop(index=GEEN_BUURT, errors="ignore").to_numpy()
    rng = np.random.default_rng(0)
    rijen = bron[rng.integers(0, len(bron), len(buurten))] // rng.integers(2, 12)
    rijen[rng.choice(len(buurten), size=max(1, len(buurten) // 10), replace=False)] = 1
    cel = pd.DataFrame(rijen, index=buurten.index, columns=list(VIER))
    niveaus = {"buurt": pd.Series(cel.index, index=cel.index), "wijk": buurten["wijk"].astype(object),
               "gemeente": pd.Series(data.code, index=cel.index)}
    pub = onderdruk_hierarchie(cijfers(cel, niveaus, per_kolom={"buurt", "wijk"}))
    assert tegenspraken(pub).empty
    for niveau in ("buurt", "wijk"):
        t = pub.tekst(niveau)
        assert not ((t["totaal"] == "0") & (t[list(VIER)] != "0").any(axis=1)).any(), niveau
    # the case is there: zeros hidden as "<5" (lower bound 0), among them totals of 0 that hold one
    c = pub.cijfers
    nul_verborgen = c[(c.waarde == 0) & (c.status == PRIMAIR)]
    assert (nul_verborgen.kolom == "totaal").any() and (nul_verborgen.ondergrens == 0).all()
    assert not audit(pub).onthuld.any()


def test_een_verborgen_nul_is_geen_onthulling_als_nullen_getoond_worden():
    """When 0 is published as 0, a "<5" that hides a 0 (the rows-of-ones rule) reveals nobody if worked back;
    when zeros hide as "<5" too, a 0 that can be worked back is a disclosure."""
    cel = pd.DataFrame({"a": [0, 7], "b": [0, 9]}, index=["b1", "b2"])
    pub = cijfers(cel, {"buurt": pd.Series(cel.index, index=cel.index)})
    c = pub.cijfers
    c.loc[(c.gebied == "b1") & (c.kolom == "a"), "status"] = PRIMAIR          # b1: total 0 shown, b 0 shown
    gegeven = audit(dataclasses.replace(pub, nul_getoond=True, cijfers=c.assign(ondergrens=0.0)))
    assert len(gegeven) == 1 and gegeven["max"].iloc[0] == 0 and not gegeven.onthuld.any()
    assert audit(pub).onthuld.all()


def test_audit_van_een_tabel_waarin_elke_cel_getoond_is():
    """A hand-made table that shows every buurt and hides only the wijk total (3, as "<5") gives that total away: the
    audit must say so. (With every cell fixed the solver has no column left; it once answered "no optimum" there,
    which read as room enough.)"""
    cel = pd.DataFrame({"a": [2, 1]}, index=["b1", "b2"])
    pub = cijfers(cel, {"buurt": pd.Series(cel.index, index=cel.index), "wijk": pd.Series("w", index=cel.index)},
                  per_kolom=False)
    pub.cijfers.loc[pub.cijfers.niveau == "wijk", "status"] = "primair"
    a = audit(pub)
    assert a[["gebied", "min", "max", "onthuld"]].values.tolist() == [["w", 3.0, 3.0, True]]
