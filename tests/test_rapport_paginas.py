"""Every page of representative reports and overviews, checked mechanically from the PDF's text and its
bounding boxes: no empty section, no text past the edge or on top of other text, no placeholder or
known bad phrase, and the promised length (2–4 pages; one page for an area with few inhabitants).

A handful of areas stand for the rest: an ordinary buurt (Vlietwijk, Voorschoten), an empty one
(Kazerneterrein, 0 inwoners) and a tiny one (Erfgoedkwartier, 25 inwoners) in Assen, an Assen wijk,
a buurt without a polygon on the shipped map (Vanboeijen), a Voorschoten postcode area (PC4),
and the overviews of Assen's buurten and Voorschoten's PC4.
Real data (the embedded snapshot). Needs poppler-utils (pdftotext): fails without it.
"""

from __future__ import annotations

import shutil

import pytest

import wijkscan
from wijkscan.report import overzicht, rapport

from .pdfcontrole import controleer, lees

if shutil.which("pdftotext") is None:
    pytest.fail("pdftotext ontbreekt: installeer poppler-utils (apt-get install poppler-utils).", pytrace=False)

GEVALLEN = {
    # name: (gemeente, niveau, code, pages min, pages max, must contain)
    "vlietwijk": ("Voorschoten", "buurt", "BU06260007", 2, 4, ["Wat valt op", "Kerncijfers", "Vlietwijk (zwarte rand)"]),
    "kazerneterrein": ("Assen", "buurt", "BU01060507", 1, 1, ["0 inwoners", "woont niemand"]),
    "erfgoedkwartier": ("Assen", "buurt", "BU01060001", 1, 1, ["25 inwoners", "heeft 25 inwoners"]),
    "assen_centrum": ("Assen", "wijk", "WK010600", 2, 4, ["Wat valt op", "wijk in Assen"]),
    "vanboeijen_zonder_vlak": ("Assen", "buurt", "BU01060311", 2, 4, ["grens bij benadering"]),
    "pc4_2252": ("Voorschoten", "pc4", "2252", 2, 4, ["Wat valt op", "postcodegebied in Voorschoten"]),
}


@pytest.fixture(scope="module")
def analyses():
    return {(g, n): wijkscan.wijkanalyse(g, bron="ingebouwd", niveau=n)
            for g, n in {(g, n) for g, n, *_ in GEVALLEN.values()}}


@pytest.fixture(scope="module")
def pdfs(analyses, tmp_path_factory):
    map_ = tmp_path_factory.mktemp("rapporten")
    out = {}
    for naam, (g, n, code, *_rest) in GEVALLEN.items():
        out[naam] = rapport(analyses[(g, n)], code, map_ / f"{naam}.pdf")
    out["overzicht_assen"] = overzicht(analyses[("Assen", "buurt")], map_ / "overzicht_assen.pdf")
    out["overzicht_pc4"] = overzicht(analyses[("Voorschoten", "pc4")], map_ / "overzicht_pc4.pdf")
    return out


@pytest.mark.parametrize("naam", list(GEVALLEN))
def test_rapport_paginas(pdfs, naam):
    g, n, code, lo, hi, moet = GEVALLEN[naam]
    extra = ["geen gegevens"]                       # an area report shows only figures it has
    if n != "buurt":
        extra.append("brengt de buurt in beeld")
    paginas, fouten = controleer(pdfs[naam], extra)
    assert not fouten, fouten
    assert lo <= len(paginas) <= hi, f"{naam}: {len(paginas)} pagina's"
    tekst = "\n".join(r.tekst for p in paginas for r in p.regels)
    for m in moet:
        assert m in tekst, m
    if len(paginas) > 1:                            # no page with a handful of lines at the end
        assert len(paginas[-1].inhoud) >= 5, [r.tekst for r in paginas[-1].inhoud]


def test_kleine_gebieden_geen_cijfers_per_inwoner(pdfs):
    """25 inwoners give 1.200 misdrijven per 1.000: the card shows no rates at all."""
    for naam in ("erfgoedkwartier", "kazerneterrein"):
        tekst = "\n".join(r.tekst for p in lees(pdfs[naam]) for r in p.regels)
        assert "per 1.000" not in tekst and "misdrijven" not in tekst.lower(), naam
        assert "index" not in tekst


@pytest.mark.parametrize("naam", ["overzicht_assen", "overzicht_pc4"])
def test_overzicht_paginas(pdfs, naam):
    paginas, fouten = controleer(pdfs[naam])
    assert not fouten, fouten
    tekst = "\n".join(r.tekst for p in paginas for r in p.regels)
    assert "Signalen" in tekst and "Kerncijfers per" in tekst


def test_overzicht_als_beleidsstuk(pdfs, analyses):
    paginas = lees(pdfs["overzicht_assen"])
    regels = [r.tekst for p in paginas for r in p.regels]
    tekst = "\n".join(regels)
    wa = analyses[("Assen", "buurt")]
    # signals: one block per theme, one line per signal stating its rule and "k van n" areas, not one per area
    themas = sorted(set(wa.signalen.thema))
    assert [r for r in regels if r in themas] == themas
    groepen = wa.boodschappen.signaalgroepen
    for zin in groepen.tekst:      # the rule and the count as the result decided them
        assert zin.split(":")[0].split(" (")[0] in tekst
    n65 = int((wa.signalen.signaal == "vergrijzing_hoog").sum())
    assert f"Aandeel 65+ hoog (index ≥ 125): {n65} van" in tekst
    # the ranking has the dimension scores and only the areas that matter
    assert "Soci" in tekst and "Veilig" in tekst and "ook landelijk" in tekst    # headers may hyphenate
    n_rang = int(wa.aandachtsgebieden.status.isin(["aandachtsgebied", "let op"]).sum())
    assert f"De andere {int(wa.aandachtsgebieden.score.notna().sum()) - n_rang} buurten zijn geen" in tekst
    # the header of the long key-figure table is repeated on every page it runs over
    koppen = [p.nummer for p in paginas if any(r.tekst.startswith("buurt inwoners") or r.tekst == "buurt" for r in p.regels)]
    tabel_paginas = [p.nummer for p in paginas if any(r.tekst.startswith("Vredeveld") or r.tekst.startswith("Anreep")
                                                       for r in p.regels)]
    assert tabel_paginas and set(tabel_paginas) <= set(koppen), (koppen, tabel_paginas)


def test_controle_vindt_fouten(tmp_path):
    """The page check itself fails on a page with overlapping text, text past the edge and an empty section."""
    from weasyprint import HTML

    HTML(string="""<html><head><style>@page{size:A4;margin:15mm} h2{font-size:12.5pt}</style></head><body>
      <h2>Wonen</h2><h2>Veiligheid</h2><p>tekst</p>
      <p style="position:absolute;top:300px;left:10px">Overlap hier</p>
      <p style="position:absolute;top:301px;left:12px">Overlap daar</p>
      <p style="white-space:nowrap">""" + "heel lange regel " * 20 + """</p><p>1 signalen, -0,00</p>
      </body></html>""").write_pdf(tmp_path / "fout.pdf")
    _, fouten = controleer(tmp_path / "fout.pdf")
    assert any("direct gevolgd door kop" in f for f in fouten)
    assert any("over" in f and "Overlap" in f for f in fouten)
    assert any("tekstvak" in f for f in fouten)
    assert "verboden tekst: '1 signalen'" in fouten and "verboden tekst: '-0,00'" in fouten
