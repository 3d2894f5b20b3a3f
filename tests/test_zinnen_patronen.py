"""The meldingen over time in the reports (issue 18 point 9): season, unusual months, trends, registration and
handling times are worded once in the run (``wa.boodschappen.patronen``), shown in the area PDFs and the overview,
and every sentence is checked against the pattern tables (:func:`wijkscan.analysis.zinnen.controleer_patronen`).

Real data: Assen's Signalen meldingen (3 months: too short for patterns, said so) and the embedded derived
36-month sample made from them (seasonal pattern, unusual months, trends per wijk).
"""

from __future__ import annotations

import shutil

import pytest

import wijkscan
from wijkscan.analysis.zinnen import Tegenspraak, controleer_patronen, controleer_rapport
from wijkscan.report import overzicht, rapport
from wijkscan.report.render import context
from wijkscan.sources.embedded import meldingen_bestand

from .pdfcontrole import controleer, lees

if shutil.which("pdftotext") is None:
    pytest.fail("pdftotext ontbreekt: installeer poppler-utils (apt-get install poppler-utils).", pytrace=False)

CENTRUM, KLOOSTERVEEN, BRINKKWARTIER = "WK010600", "WK010608", "BU01060000"


@pytest.fixture(scope="module")
def assen():
    return wijkscan.load("Assen", bron="ingebouwd")


@pytest.fixture(scope="module")
def lang(assen):
    """Wijken of Assen with the derived 36-month series."""
    m36 = wijkscan.lees_meldingen(meldingen_bestand("assen_afgeleid_36_maanden"), gemeente_grens=assen)
    return {"wijk": wijkscan.wijkanalyse(assen, niveau="wijk", meldingen=m36),
            "buurt": wijkscan.wijkanalyse(assen, niveau="buurt", meldingen=m36)}


@pytest.fixture(scope="module")
def kort(assen):
    """Buurten of Assen with the real meldingen: three months, too short for any pattern."""
    return wijkscan.wijkanalyse(assen, niveau="buurt", meldingen=wijkscan.assen_meldingen())


def _alle_zinnen(wa) -> list[tuple[str | None, list[str]]]:
    b = wa.boodschappen
    return [(None, b.patroon_zinnen())] + [(c, b.patroon_zinnen(c)) for c in wa.profiel.gebied.unique()]


def test_patronen_in_het_resultaat_en_waar(lang):
    wa = lang["wijk"]
    p = wa.meldingenpatronen
    om = p.ongewone_maanden
    centrum = om[om.gebied == "Centrum"].sort_values("q").iloc[0]
    zinnen = wa.boodschappen.patroon_zinnen(CENTRUM)
    # the unusual month of Centrum with its real count and expected count, in plain words (no p-values)
    assert any(f"kwamen in Centrum {int(centrum.aantal)} meldingen" in z and "te verwachten" in z for z in zinnen)
    # the strongest seasonal category, its busiest and quietest month from the table
    s = p.seizoen.astype(float)
    sterkst = (s.max(axis=1) - s.min(axis=1)).idxmax()
    assert any(f"over {sterkst.lower()} komen het vaakst in {s.loc[sterkst].idxmax()}" in z for z in zinnen)
    assert not any("p =" in z or "significant" in z for z in zinnen)
    # a wijk without unusual month or clear trend says so
    if not (om.gebied == "Kloosterveen").any():
        assert any(z.startswith("In Kloosterveen: geen ongewone maanden") for z in wa.boodschappen.patroon_zinnen(
            KLOOSTERVEEN))
    # a buurt reports its wijk's patterns, naming the wijk
    assert any("in wijk Centrum" in z for z in lang["buurt"].boodschappen.patroon_zinnen(BRINKKWARTIER))
    # the overview has the unusual months of all wijken; every sentence of every area holds
    assert sum("te verwachten was" in z for z in wa.boodschappen.patroon_zinnen()) == min(5, len(om))
    for w in lang.values():
        for code, z in _alle_zinnen(w):
            assert controleer_patronen(w, z, code) == [], code


def test_korte_reeks_zegt_waarom(kort):
    zinnen = kort.boodschappen.patroon_zinnen(BRINKKWARTIER)
    assert any(z.startswith("Seizoen, ongewone maanden en trends zijn nog niet te bepalen") and "er zijn er 3" in z
               for z in zinnen)
    assert "Afhandeltermijnen: niet bepaald, het bestand heeft geen afhandeldatum." in zinnen
    assert controleer_patronen(kort, zinnen, BRINKKWARTIER) == []


@pytest.mark.parametrize("vals, fout", [
    (("74 meldingen", "75 meldingen"), "gedrukt, resultaat"),
    (("In februari 2025", "In maart 2025"), "geen ongewone maand"),
    (("het vaakst in februari", "het vaakst in juli"), "het seizoen is"),
    (("Seizoen, ongewone maanden", "Seizoen, ongewone maanden"), None),
])
def test_controle_vangt_een_valse_patroonzin(lang, vals, fout):
    wa = lang["wijk"]
    zinnen = wa.boodschappen.patroon_zinnen(CENTRUM)
    oud, nieuw = vals
    vals_zinnen = [z.replace(oud, nieuw) for z in zinnen if oud in z]
    if fout is None:       # "not determined" although the patterns are there
        vals_zinnen = ["Seizoen, ongewone maanden en trends zijn nog niet te bepalen: daarvoor is minstens 24 maanden "
                       "regelmatige registratie nodig (twee jaar), en er zijn er 3.", "Trends: niet bepaald, te kort."]
        gevonden = controleer_patronen(wa, vals_zinnen, CENTRUM)
        assert len(gevonden) == 2 and all("wel bepaald" in f for f in gevonden)
        return
    assert vals_zinnen
    assert any(fout in f for f in controleer_patronen(wa, vals_zinnen, CENTRUM))
    # the report refuses to be written with it
    ctx = context(wa, CENTRUM)
    ctx["patronen"] = vals_zinnen
    with pytest.raises(Tegenspraak):
        controleer_rapport(wa, CENTRUM, ctx)


def test_andere_wijk_in_een_rapport_valt_op(lang):
    wa = lang["wijk"]
    andere = [z for z in wa.boodschappen.patroon_zinnen() if "te verwachten" in z and " in Centrum " not in z]
    assert andere
    assert any("niet de wijk van dit gebied" in f for f in controleer_patronen(wa, andere[:1], CENTRUM))


def test_pdf_en_overzicht_tonen_de_patronen(lang, kort, tmp_path):
    wa = lang["wijk"]
    pdf = rapport(wa, CENTRUM, tmp_path / "centrum.pdf")
    paginas, fouten = controleer(pdf)
    assert not fouten, fouten
    assert 2 <= len(paginas) <= 4
    tekst = " ".join(r.tekst for p in paginas for r in p.regels)
    assert "Meldingen door de tijd" in tekst and "te verwachten was" in tekst.replace("- ", "")
    ov = overzicht(wa, tmp_path / "overzicht.pdf")
    paginas, fouten = controleer(ov)
    assert not fouten, fouten
    tekst = " ".join(r.tekst for p in lees(ov) for r in p.regels)
    assert "Meldingen door de tijd" in tekst and "Over de tijd tellen de maanden" in tekst
    pdf_kort = rapport(kort, BRINKKWARTIER, tmp_path / "brinkkwartier.pdf")
    paginas, fouten = controleer(pdf_kort)
    assert not fouten and 2 <= len(paginas) <= 4, (fouten, len(paginas))
    assert "nog niet te bepalen" in " ".join(r.tekst for p in paginas for r in p.regels)


def test_zonder_meldingen_geen_patronen():
    wa = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
    assert wa.boodschappen.patronen.empty and wa.boodschappen.patroon_zinnen("BU06260007") == []
