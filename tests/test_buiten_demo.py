"""Reports of gemeenten outside the demo, read as a wethouder would: every sentence true on their real embedded data.

Each test is a defect found by reading the PDFs of Vlieland, Súdwest-Fryslân, Dijk en Waard, Almere, Texel,
Maastricht and Amsterdam (issue 19); it fails on the old text.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import wijkscan
from wijkscan import teksten
from wijkscan.report.render import context, html_rapport


def _tekst(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def vlieland():
    return wijkscan.wijkanalyse("Vlieland", bron="ingebouwd")


def test_dimensies_vergelijken_met_nederland_niet_met_de_gemeente(vlieland):
    """Oost-Vlieland is the only scored buurt of Vlieland, so it cannot differ from the gemeente (score_tov_gemeente
    0), yet its sociaal-economisch score is "minder gunstig": the scores are on the national scale. The report said
    "vergeleken met de gemeente" above that verdict, and that the score compares with "een gewone buurt in Vlieland"."""
    a = vlieland.aandachtsgebieden.set_index("gebied").loc["BU00960000"]
    assert a.score_tov_gemeente == 0 and a.score_sociaal_economisch >= vlieland.boodschappen.dimensie_grens
    tekst = _tekst(html_rapport(vlieland, "BU00960000"))
    assert "Sociaal-economisch 0,6 minder gunstig" in tekst
    assert "vergeleken met de gemeente" not in tekst and "vergeleken met een gewone buurt in Vlieland" not in tekst
    assert f"score {teksten.DIMENSIE_KOP}" in tekst and "vergelijkt met heel Nederland: 0 is gewoon" in tekst


def test_de_enige_plek_op_de_aandachtslijst_zegt_dat_er_niets_te_vergelijken_is(vlieland):
    """"Geen aandachtsgebied · Plek 1 van 1 op de aandachtslijst (1 = meeste aandacht)" read as "needs the most
    attention" for the one buurt of Vlieland that can be designated."""
    rang = context(vlieland, "BU00960000")["aandacht"]["rang"]
    assert rang.startswith("Plek 1 van 1 op de aandachtslijst") and "meeste aandacht" not in rang
    assert "Oost-Vlieland is de enige buurt die kan worden aangewezen" in rang


def test_een_klein_gebied_telt_mee_in_een_ander_gebied_niet_in_zichzelf(vlieland):
    """The one-page card said "telt mee in het rapport van wijk Wijk 00" (Vlieland: "wijk" twice, and a buurt run
    makes no wijk report) and, for Almere's wijk De Steiger (70 inwoners), "in het rapport van wijk De Steiger":
    itself."""
    assert context(vlieland, "BU00960009")["reden"].endswith("De cijfers van Wijk 00 tellen dit gebied wel mee.")
    almere = wijkscan.wijkanalyse("Almere", niveau="wijk", bron="ingebouwd")
    reden = context(almere, "WK003414")["reden"]
    assert reden.startswith("De Steiger heeft 70 inwoners.") and reden.endswith("De cijfers van Almere tellen dit gebied "
                                                                                 "wel mee.")


def test_kaart_van_een_klein_gebied_in_een_wijk_met_punt_in_de_naam():
    """Groningen, Westpoort (5 inwoners): "… telt mee in de cijfers van wijk Hoogkerk e.o.." (two full stops)."""
    groningen = wijkscan.wijkanalyse("Groningen", bron="ingebouwd")
    code = groningen.profiel.gebied[groningen.profiel.naam == "Westpoort"].iloc[0]
    reden = context(groningen, code)["reden"]
    assert "De cijfers van wijk Hoogkerk e.o. tellen dit gebied wel mee." in reden and ".." not in reden


def test_de_opmerking_offline_noemt_geen_python_klasse(fresh_settings):
    """Every report made offline said under "Let op": "… de ingebouwde gegevens zijn gebruikt (GeenVerbinding)"."""
    fresh_settings.offline = True
    data = wijkscan.load("Vlieland")
    assert data.opmerkingen[0] == "wijkscan staat offline; de ingebouwde gegevens zijn gebruikt."


def test_het_inkomenssignaal_in_euro_zoals_de_tabel():
    """Dijk en Waard, Rivierenwijk: the signal said "28,0 duizend euro, index 83 ten opzichte van de gemeente" beside
    a table that shows "€ 28.000"; now in euros, with the gemeente's figure, like the other signals."""
    wa = wijkscan.wijkanalyse("Dijk en Waard", bron="ingebouwd")
    sig = wa.signalen[(wa.signalen.naam == "Rivierenwijk") & (wa.signalen.signaal == "inkomen_laag")]
    assert sig.tekst.tolist() == ["Gemiddeld inkomen per inwoner € 28.000 tegen € 33.900 in de gemeente (index 83)."]
    assert any(z.startswith("Gemiddeld inkomen per inwoner €\u00a028.000") for z in wa.boodschappen.van(sig.gebied.iloc[0]))


def test_het_euroteken_blijft_bij_zijn_bedrag():
    """Amsterdam, Kolenkitbuurt-Noord: the first sentence of the report broke as "€ 28.400 tegen €" / "41.000"; the
    "wat valt op" sentences keep "€" and its amount together, and the checker still reads them."""
    from wijkscan.analysis.zinnen import controleer_zinnen

    wa = wijkscan.wijkanalyse("Amsterdam", bron="ingebouwd")
    zinnen = wa.boodschappen.van("BU0363ED01")
    assert zinnen[0].startswith("Gemiddeld inkomen per inwoner €\u00a028.400 tegen €\u00a041.000 in de gemeente")
    assert not any("€ " in z for z in zinnen)
    assert controleer_zinnen(wa, "BU0363ED01", zinnen) == []


def test_grote_gebieden_in_het_overzicht_in_een_zin():
    """Amsterdam per wijk: the overview repeated "X: groot gebied (9.655 inwoners): een concentratie van problemen …"
    for 25 wijken, two pages of the same sentence; now one sentence names them all. And the column "plek met
    onzekerheid" said "1–1"."""
    from wijkscan.report.batch import _aandacht_noten, _ranglijst

    wa = wijkscan.wijkanalyse("Amsterdam", niveau="wijk", bron="ingebouwd")
    ranglijst = _ranglijst(wa)[0]
    groot = [r["naam"] for r in ranglijst if r["groot"]]
    assert len(groot) > 10
    noten = _aandacht_noten(wa, ranglijst)
    assert sum("concentratie van problemen" in n for n in noten) == 1
    zin = next(n for n in noten if "concentratie van problemen" in n)
    assert zin.startswith("Grote gebieden (inwoners): Amsterdamse Poort e.o. (9.655), ") and all(n in zin for n in groot)
    # a certain place is one number, not "1–1" (Sloterdijk Nieuw-West, Amsterdamse Poort e.o.)
    assert [(r["naam"], r["interval"]) for r in ranglijst[:3]] == [
        ("Sloterdijk Nieuw-West", "1"), ("Amsterdamse Poort e.o.", "2"), ("H-buurt", "3–7")]


def test_een_aantal_krijgt_geen_rang(vlieland):
    """Oost-Vlieland had "Geregistreerde misdrijven 27 — rang 2 van 2 (1 = gunstigst)" beside "per 1.000 inwoners
    23,1 — rang 1 van 2": the count only says which buurt is larger. A count gets no rank, as it gets no index."""
    p = vlieland.profiel[vlieland.profiel.jaar == vlieland.jaar].set_index(["gebied", "indicator"])
    assert p.loc[("BU00960000", "misdrijven"), "waarde"] == 27 and pd.isna(p.loc[("BU00960000", "misdrijven"), "rang"])
    assert p.loc[("BU00960000", "misdrijven_per_1000"), "rang"] == 1
    veilig = next(t for t in context(vlieland, "BU00960000")["themas"] if t["naam"] == "Veiligheid")
    assert [r["rang"] for r in veilig["rijen"]] == ["", "1 van 2"]


def test_overzicht_zonder_aandachtsgebieden_zegt_dat(vlieland, tmp_path):
    """Vlieland's overview had no section on aandachtsgebieden at all (none, and one buurt too small), and its
    gemeente row said "geen gegevens" for income where every other row says "onbekend"."""
    import subprocess

    from wijkscan.report.batch import overzicht

    pdf = overzicht(vlieland, tmp_path / "overzicht.pdf")
    tekst = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "Aandachtsgebieden Geen buurt is aandachtsgebied of dicht bij de grens daarvan. 1 buurt niet beoordeeld" in tekst
    assert "geen gegevens" not in tekst
    assert "Donkerder" not in tekst     # the legend in the map image says it, and only when there is a darker


def test_een_kaart_met_een_klasse_zegt_niet_donkerder_is_hoger(vlieland, tmp_path):
    """Vlieland's map has one class (never more classes than a quarter of the areas), yet the legend said
    "Donkerder = hoger" (found on the maps of Vlieland, Texel and Maastricht)."""
    from wijkscan.maps import kaart, opslaan

    m = kaart(vlieland, "leeftijd_65plus_aandeel", achtergrond=None)
    assert m.kaartinfo["klassen"].k <= 1
    opslaan(m, tmp_path / "k.html", inline=True)
    assert "Donkerder" not in (tmp_path / "k.html").read_text(encoding="utf-8")
    ams = wijkscan.wijkanalyse("Amsterdam", niveau="wijk", bron="ingebouwd")
    m = kaart(ams, "leeftijd_65plus_aandeel", achtergrond=None)
    assert m.kaartinfo["klassen"].k > 1
    opslaan(m, tmp_path / "a.html", inline=True)
    assert "Donkerder = hoger." in (tmp_path / "a.html").read_text(encoding="utf-8")


def test_dimensieoordeel_past_bij_de_gedrukte_score():
    """Maastricht per wijk, Buitenwijk Noordoost: "Sociaal-economisch 0,5 gemiddeld" (score 0,467) beside other
    reports' "0,5 minder gunstig"; the verdict follows the printed score, and the checker holds it to that."""
    from wijkscan.analysis.zinnen import _check_aandacht

    wa = wijkscan.wijkanalyse("Maastricht", niveau="wijk", bron="ingebouwd")
    a = context(wa, "WK093505")["aandacht"]
    assert {"naam": "Sociaal-economisch", "score": "0,5", "oordeel": "minder gunstig"} in a["dimensies"]
    assert _check_aandacht(wa, "WK093505", a) == []
    fout = {**a, "dimensies": [{**d, "oordeel": "gemiddeld"} if d["score"] == "0,5" else d for d in a["dimensies"]]}
    assert _check_aandacht(wa, "WK093505", fout)


def test_gedeelde_plek_met_een_naam_met_haakjes():
    """Loon op Zand per buurt: the checker did not read "Plek 8 (gedeeld met Molenwijk (zuid)) van 20 …" (a name with
    parentheses) and stopped the report of Loonse Vaart with a false contradiction."""
    from wijkscan.analysis.zinnen import _check_aandacht

    wa = wijkscan.wijkanalyse("Loon op Zand", bron="ingebouwd")
    code = wa.profiel.gebied[wa.profiel.naam == "Loonse Vaart"].iloc[0]
    a = context(wa, code)["aandacht"]
    assert a["rang"].startswith("Plek 8 (gedeeld met Molenwijk (zuid)) van 20 op de aandachtslijst")
    assert _check_aandacht(wa, code, a) == []
    assert _check_aandacht(wa, code, {**a, "rang": a["rang"].replace("Plek 8 ", "Plek 9 ")})


def test_een_buurtrapport_herhaalt_niet_de_lijst_van_517_buurten():
    """Amsterdam: 517 buurten have no polygon. Every buurt report carried the gemeente-wide note listing five of
    their codes "en 512 andere" beside its own note on the same buurt (the codes are alphanumeric, BU0363AA01)."""
    from wijkscan.report.render import _opmerkingen

    ams = wijkscan.wijkanalyse("Amsterdam", niveau="buurt", bron="ingebouwd")
    lijst = [o for o in ams.gemeente.opmerkingen if "512 andere" in o]
    assert lijst, "de gemeentebrede opmerking over buurten zonder vlak is veranderd: pas de test aan"
    for code in ("BU0363AA01", "BU0363ED03"):
        opm = _opmerkingen(ams, code)
        assert not [o for o in opm if "512 andere" in o]
        assert sum(o.startswith("geen geometrie") and code in o for o in opm) == 1


def test_geen_aandachtsgebied_zegt_niet_waarom(vlieland):
    """Under "Geen aandachtsgebied" the report said "Waarom: vooral sociaal-economisch", which reads as the reason
    the area is not one; a buurt that is not assessed said "niet beoordeeld" twice with two colons."""
    for code in vlieland.aandachtsgebieden.gebied:
        tekst = _tekst(html_rapport(vlieland, code))
        status = vlieland.aandachtsgebieden.set_index("gebied").status[code]
        if status == "geen":
            assert "Waarom:" not in tekst
        if status == "niet gescoord":
            assert "is niet beoordeeld:" not in tekst and ": geen " not in tekst


def test_de_kaart_van_een_klein_gebied_noemt_geen_inkomen(vlieland):
    """The one-page card of Verspreide huizen Vlieland said "inkomen en nabijheid over een eerder jaar" in its source
    line, though it shows neither; a full report that shows them still says it."""
    kaart = context(vlieland, "BU00960009")
    assert kaart["kaartje"] and kaart["bronnen"]
    assert not [b for b in kaart["bronnen"] if "eerder jaar" in b]
    tekst = _tekst(html_rapport(vlieland, "BU00960000"))
    assert "inkomen en nabijheid over een eerder jaar" in tekst
