"""The sentence checker (wijkscan.analysis.zinnen): every claim of the reports re-derived from the result.

On the demo (Voorschoten, Assen with meldingen, buurten and wijken) and on 20 other gemeenten from the
embedded national data: no contradiction in any area's "wat valt op", attention-list place and dimension
verdicts, nor in the overview's signal lines. And the checker itself catches a false sentence of every kind.
"""

from __future__ import annotations

import pandas as pd
import pytest

import wijkscan
from wijkscan.analysis.signalen import regel
from wijkscan.analysis.zinnen import Tegenspraak, _check_aandacht, controleer_overzicht, controleer_rapport, controleer_zinnen
from wijkscan.report.batch import _ranglijst, _signaal_groep
from wijkscan.report.render import _aandacht

#: gemeenten outside the demo: big cities, Frisian, a merger, islands, rural, growth towns (one per kind)
ANDERE = [("Hoorn", "buurt"), ("Rotterdam", "wijk"), ("Súdwest-Fryslân", "wijk"), ("Dijk en Waard", "buurt"),
          ("Vlieland", "buurt"), ("Schiermonnikoog", "buurt"), ("Amsterdam", "wijk"), ("Utrecht", "wijk"),
          ("Groningen", "wijk"), ("Maastricht", "wijk"), ("Emmen", "wijk"), ("Almere", "wijk"), ("Urk", "buurt"),
          ("Westland", "wijk"), ("Terschelling", "buurt"), ("Den Helder", "buurt"), ("Heerlen", "wijk"),
          ("Zwolle", "wijk"), ("Baarle-Nassau", "buurt"), ("Rozendaal", "buurt")]


def _alle_fouten(wa) -> list[str]:
    enkelvoud = wa.indeling.naam
    fouten = []
    for code in wa.profiel.gebied.unique():
        fouten += controleer_zinnen(wa, code, wa.boodschappen.van(code))
        naam = str(wa.profiel.loc[wa.profiel.gebied == code, "naam"].iloc[0])
        aandacht = _aandacht(wa, code, naam, wa.gemeente.naam, enkelvoud)
        if aandacht:
            fouten += _check_aandacht(wa, code, aandacht)
    controleer_overzicht(wa, {"signalen": _signaal_groep(wa), "ranglijst": _ranglijst(wa)[0]})
    return fouten


@pytest.fixture(scope="module")
def voorschoten():
    return wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")


@pytest.fixture(scope="module")
def assen():
    imp = wijkscan.assen_meldingen()
    return {n: wijkscan.wijkanalyse("Assen", niveau=n, bron="ingebouwd", meldingen=imp) for n in ("buurt", "wijk")}


def test_demo_zonder_tegenspraak(voorschoten, assen):
    for wa in (voorschoten, assen["buurt"], assen["wijk"]):
        assert _alle_fouten(wa) == []
    # the checked sentences say something: signals state their rule, differences their index and rule
    kern = assen["buurt"].boodschappen.kern
    assert kern.soort.eq("signaal").any() and kern.soort.eq("verschil").any()
    assert kern[kern.soort == "signaal"].tekst.str.contains(" — signaal: ").all()
    assert kern[kern.soort == "verschil"].tekst.str.contains(r"\(index [\d.]+; index [≥≤] ").all()


@pytest.mark.parametrize("gemeente,niveau", ANDERE)
def test_andere_gemeenten_zonder_tegenspraak(gemeente, niveau):
    wa = wijkscan.wijkanalyse(gemeente, niveau=niveau, bron="ingebouwd")
    assert _alle_fouten(wa) == []


def test_groepszin_noemt_regel_en_aantal(assen):
    """"65+ hoger in 2 wijken" while it is 5: the line now states the rule and k van n, re-derived."""
    wa = assen["wijk"]
    g = wa.boodschappen.signaalgroepen.set_index("signaal")
    zin = g.loc["vergrijzing_hoog", "tekst"]
    n = wa.signalen[wa.signalen.signaal == "vergrijzing_hoog"].gebied.nunique()
    assert zin.startswith(f"Aandeel 65+ hoog (index ≥ 125): {n} van 10 wijken: ")
    i65 = wa.profiel[(wa.profiel.indicator == "leeftijd_65plus_aandeel") & (wa.profiel.jaar == wa.jaar)
                     & (wa.profiel.gebied != wa.gemeente.code)]
    assert n == int((i65["index"] >= 125).sum())


def test_controle_vangt_elke_soort_fout(voorschoten):
    wa = voorschoten
    code = "BU06260006"                      # Bijdorp: signal "65+ hoog", differences
    zinnen = wa.boodschappen.van(code)
    verschil = next(z for z in zinnen if "veel hoger" in z)
    fout = [verschil.replace("veel hoger", "veel lager").replace("index ≥ 125", "index ≤ 80")]
    assert controleer_zinnen(wa, code, fout)
    assert controleer_zinnen(wa, code, [verschil.replace("(index ", "(index 1", 1)])
    signaal = next(z for z in zinnen if " — signaal: " in z)
    assert controleer_zinnen(wa, code, [signaal.replace("index ≥ 125", "index ≥ 110")])
    assert controleer_zinnen(wa, code, ["Op de meeste cijfers lijkt Bijdorp op Voorschoten als geheel."])
    # Boschgeest's signal says "stijgend": a "dalend" is caught by the trend rule
    bosch = wa.boodschappen.van("BU06260004")[0]
    assert "stijgend" in bosch and controleer_zinnen(wa, "BU06260004", [bosch.replace("stijgend", "dalend")])
    # a wrong place, a tie not called "gedeeld", a wrong verdict: the report is refused
    ctx = {"gebied": {"naam": "Bijdorp"}, "kern": zinnen, "aandacht": _aandacht(wa, code, "Bijdorp", "Voorschoten", "buurt")}
    controleer_rapport(wa, code, ctx)
    for wijzig in (lambda a: a.update(rang=a["rang"].replace("Plek ", "Plek 1")),
                   lambda a: a.update(status_tekst="Aandachtsgebied"),
                   lambda a: a["dimensies"][0].update(oordeel="gunstiger" if a["dimensies"][0]["oordeel"] != "gunstiger"
                                                      else "minder gunstig")):
        slecht = {**ctx, "aandacht": {**ctx["aandacht"], "dimensies": [dict(d) for d in ctx["aandacht"]["dimensies"]]}}
        wijzig(slecht["aandacht"])
        with pytest.raises(Tegenspraak):
            controleer_rapport(wa, code, slecht)
    # the overview: a count of areas that does not match the signals
    groep = _signaal_groep(wa)
    groep[0]["zinnen"] = [groep[0]["zinnen"][0].replace(": 1 van", ": 2 van")]
    with pytest.raises(Tegenspraak):
        controleer_overzicht(wa, {"signalen": groep})


def test_gedeelde_plek_heet_gedeeld(voorschoten):
    lijst = voorschoten.boodschappen.aandachtslijst
    rang = pd.to_numeric(voorschoten.aandachtsgebieden.set_index("gebied").rang, errors="coerce")
    for code, r in lijst.iterrows():
        gedeeld = pd.notna(rang[code]) and int((rang == rang[code]).sum()) > 1
        assert ("gedeeld met" in r.tekst) == gedeeld
        assert r.tekst.startswith("Niet gerangschikt") == pd.isna(rang[code])


def test_regel_in_woorden():
    assert regel("vergrijzing_hoog", {"vergrijzing_index": 130}) == "aandeel 65+ hoog (index ≥ 130)"
    assert regel("misdrijven_hoog_en_stijgend").endswith("(index ≥ 110) en stijgend")


def test_twee_niveaus_centrum_groot_en_niet_meegeteld(voorschoten, assen):
    """Issue 17's tiers, centrumgebied, large area and indicators left out reach the report through the
    boodschappen, each exactly where the aandachtsgebieden table says so."""
    for wa in (voorschoten, assen["buurt"]):
        a = wa.aandachtsgebieden.set_index("gebied")
        az = wa.boodschappen.aandacht_zinnen
        for code, r in a.iterrows():
            naam = str(r.naam)
            ctx = _aandacht(wa, code, naam, wa.gemeente.naam, wa.indeling.naam)
            tekst = ctx["niveau"] + " " + " ".join(ctx["extra"])
            assert ("aandachtsgebied binnen de gemeente" in tekst.lower()) == ("binnen de gemeente" in r.aandacht)
            assert ("aandachtsgebied landelijk" in tekst.lower()) == ("landelijk" in r.aandacht)
            assert ("centrumgebied" in tekst) == bool(r.centrumgebied)
            assert ("Groot gebied" in tekst) == bool(r.groot_gebied)
            assert ("Niet meegeteld in de rangorde" in tekst) == bool(r.indicatoren_niet_meegeteld)
            assert az.loc[code, "waarom"].count("centrumgebied") == 0     # said once, in its own sentence
    # the demo has each case at least once
    assert assen["buurt"].aandachtsgebieden.aandacht.str.contains("landelijk").any()
    assert voorschoten.aandachtsgebieden.centrumgebied.any() and (voorschoten.aandachtsgebieden.groot_gebied != "").any()
    assert (voorschoten.aandachtsgebieden.indicatoren_niet_meegeteld != "").any()


def test_controle_vangt_fout_niveau_en_centrum(assen):
    assen = assen["buurt"]
    a = assen.aandachtsgebieden
    code = a.gebied[a.aandacht.str.contains("landelijk") & a.centrumgebied].iloc[0]
    goed = _aandacht(assen, code, "x", assen.gemeente.naam, "buurt")
    assert _check_aandacht(assen, code, goed) == []
    for fout in ({"niveau": goed["niveau"].replace("twijfelgeval", "zeker")},
                 {"niveau": goed["niveau"].split(" en aandachtsgebied landelijk")[0] + "."},
                 {"extra": []}):
        assert _check_aandacht(assen, code, {**goed, **fout}), fout


def test_plek_en_reden_uit_een_bron(voorschoten, assen):
    """The place, "gedeeld" and the reason for "niet gerangschikt" are issue 17's rang_tekst, in report and index."""
    for wa in (voorschoten, assen["buurt"]):
        a = wa.aandachtsgebieden.set_index("gebied")
        lijst = wa.boodschappen.aandachtslijst
        for code, r in a.iterrows():
            assert lijst.kort[code] == str(r.rang_tekst).split(":")[0]
            if ":" in str(r.rang_tekst):
                assert str(r.rang_tekst).split(":", 1)[1].strip() in lijst.tekst[code]
            assert ("(gedeeld" in lijst.tekst[code]) == str(r.rang_tekst).endswith("(gedeeld)")
