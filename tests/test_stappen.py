"""Small seams of the stages (issue 20): Dutch singular/plural in errors of the analysis, a catalogue row whose
variable the data lack says which variable, and the summary tables the CLI prints are made in the run."""

from __future__ import annotations

import pandas as pd
import pytest

import wijkscan
from wijkscan.errors import OngeldigeInvoer
from wijkscan.indicators import catalogus


@pytest.fixture(scope="module")
def voorschoten():
    return wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")


def test_onbekende_instelling_of_indicator_enkelvoud_en_meervoud(voorschoten):
    from wijkscan.analysis.aandachtsgebieden import bereken_aandachtsgebieden

    p, cat, jaar = voorschoten.profiel, voorschoten.catalogus, voorschoten.jaar
    with pytest.raises(OngeldigeInvoer, match=r"^Onbekende instelling voor de aandachtsgebieden: drempell\."):
        bereken_aandachtsgebieden(p, cat, jaar, drempell=0.3)
    with pytest.raises(OngeldigeInvoer, match=r"^Onbekende instellingen voor de aandachtsgebieden: a, b\."):
        bereken_aandachtsgebieden(p, cat, jaar, a=1, b=2)
    with pytest.raises(OngeldigeInvoer, match=r"^Onbekende indicator in de gewichten: x\."):
        bereken_aandachtsgebieden(p, cat, jaar, gewichten={"x": 1})
    with pytest.raises(OngeldigeInvoer, match=r"^Onbekende indicatoren in de gewichten: x, y\."):
        bereken_aandachtsgebieden(p, cat, jaar, gewichten={"x": 1, "y": 1})


@pytest.mark.parametrize("niveau", ["buurt", "wijk", "pc4"])
def test_catalogusregel_met_een_variabele_die_ontbreekt_zegt_welke(niveau):
    """A ratio of Woningvoorraad (not in the embedded snapshot) is empty for every area, never without a reason: the
    reason names the variable the data lack (and a ratio without a denominator is refused with a clear error)."""
    cat = catalogus().reset_index()
    rij = dict.fromkeys(cat.columns, "")
    rij.update(id="woningen_per_huishouden", label="Woningen per huishouden", thema="Wonen", eenheid="aantal",
               teller="Woningvoorraad", noemer="HuishoudensTotaal", factor=1, aggregatie="verhouding",
               richting="neutraal", decimalen=2, bron="CBS Kerncijfers wijken en buurten")
    eigen = pd.concat([cat, pd.DataFrame([rij])], ignore_index=True)
    wa = wijkscan.wijkanalyse("Voorschoten", niveau=niveau, bron="ingebouwd", catalogus=eigen)
    p = wa.profiel[(wa.profiel.indicator == "woningen_per_huishouden") & (wa.profiel.jaar == wa.jaar)]
    assert len(p) == wa.profiel.gebied.nunique() and p.waarde.isna().all()
    assert (p.reden == "de variabele Woningvoorraad zit niet in de gegevens van dit jaar").all()
    rij["noemer"] = ""
    with pytest.raises(OngeldigeInvoer, match="een verhouding heeft een noemer nodig"):
        wijkscan.wijkanalyse("Voorschoten", niveau=niveau, bron="ingebouwd",
                             catalogus=pd.concat([cat, pd.DataFrame([rij])], ignore_index=True))


def test_opmerkingen_per_soort_in_het_resultaat():
    """The remarks the CLI prints are grouped in the run: the 69 Dijk en Waard buurten without a polygon are one kind."""
    wa = wijkscan.wijkanalyse("Dijk en Waard", bron="ingebouwd")
    o = wa.opmerkingen_soorten
    assert o is not None and len(o) == len(wa.rapport())
    geen = o[o.soort == "geen geometrie"]
    assert len(geen) == 69 and geen.herhaald.all() and (geen.aantal_soort == 69).all()
    assert not o[o.aantal_soort < 4].herhaald.any()
