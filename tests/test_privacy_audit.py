"""Disclosure control over everything one run publishes, checked by the linear-programming audit.

On Assen's real meldingen: the publication the way it was made before (each table suppressed on
its own: buurt counts under 5 hidden, wijk totals shown) lets a reader work back the hidden
buurten of Centrum and Marsdijk; the audit finds them. The run's own publication (all levels
decided together) has no disclosed cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import wijkscan
from wijkscan.analysis.meldingentelling import tel_meldingen
from wijkscan.analysis.privacy import GETOOND, PRIMAIR, SECUNDAIR, audit, cijfers, onderdruk_hierarchie
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
