"""Sources exact in every output (issue 19 point 7): each map and report credits the real source and vintage of its
boundaries and figures — the crime map Politie via CBS, not only CBS/PDOK; PC4 shapes of unknown origin said as such
— and the meldingen source names the system and how the file was read, never "(bijv. …)". Real embedded data."""

from __future__ import annotations

import re
import shutil

import pytest

import wijkscan
from wijkscan.maps import kaart, pagina
from wijkscan.report import overzicht, rapport
from wijkscan.report.render import html_rapport
from wijkscan.teksten import grenzen_bron

from .pdfcontrole import lees

if shutil.which("pdftotext") is None:
    pytest.fail("pdftotext ontbreekt: installeer poppler-utils (apt-get install poppler-utils).", pytrace=False)


@pytest.fixture(scope="module")
def vs():
    return wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")


@pytest.fixture(scope="module")
def pc4():
    return wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd", niveau="pc4")


def _attributie(m) -> str:
    html = pagina(m, inline=False)
    return " ".join(re.findall(r"addAttribution\((\"[^\n]*?\")\);", html))


def test_kaart_noemt_politie_en_jaar_van_de_grenzen(vs):
    jaren = sorted(set(vs.gemeente.gebieden.geometrie_jaar.dropna()) - {"geen geometrie"})
    for publiek in (False, True):
        a = _attributie(kaart(vs, "misdrijven_per_1000", achtergrond=None, publiek=publiek))
        assert "cijfers: Politie via CBS (47022NED) 2024" in a, a
        assert all(j in a for j in jaren) and "grenzen:" in a and "CC BY 4.0" in a
    a = _attributie(kaart(vs, "leeftijd_65plus_aandeel", achtergrond=None))
    assert "cijfers: CBS Kerncijfers wijken en buurten 2024" in a and "Politie" not in a


def test_pc4_vlakken_van_onbekende_herkomst(pc4, tmp_path):
    a = _attributie(kaart(pc4, "inwoners", achtergrond=None))
    assert "herkomst en jaar van de vlakken onbekend" in a
    tekst = " ".join(r.tekst for p in lees(rapport(pc4, "2252", tmp_path / "2252.pdf")) for r in p.regels)
    assert "herkomst en jaar van de vlakken onbekend" in tekst
    assert "Kaart: CBS/PDOK." not in tekst


def test_rapport_en_overzicht_noemen_de_grenzen_met_jaar(vs, tmp_path):
    grenzen = grenzen_bron(vs.gemeente.gebieden, "buurt")
    html = html_rapport(vs, "BU06260007")
    assert f"Kaart: {grenzen.replace('grenzen: ', 'grenzen ')}." in html and "Kaart: grenzen:" not in html
    tekst = " ".join(r.tekst for p in lees(overzicht(vs, tmp_path / "o.pdf", indicator="misdrijven_per_1000"))
                     for r in p.regels)
    assert "Bron: Politie via CBS (47022NED) 2024" in tekst and "CBS/PDOK 2023" in tekst


def test_meldingenbron_is_het_systeem_en_de_ophaalwijze():
    wa = wijkscan.wijkanalyse("Assen", bron="ingebouwd", niveau="wijk", meldingen=wijkscan.assen_meldingen())
    assert wa.meldingen_bron                                    # e.g. "Signalen Assen (ingebouwd); Signalen JSON"
    html = html_rapport(wa, "WK010600")
    assert f"({wa.meldingen_bron})" in html.replace("&#39;", "'") and "bijv." not in html
    a = _attributie(kaart(wa, "meldingen_per_1000", meldingen=True, achtergrond=None))
    assert "meldingen:" in a and "bijv." not in a
