"""Print maps: PNG at 300 dpi, SVG and PDF, Dutch legend, same classes as the web map, black-and-white safe."""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import pytest
from PIL import Image

import wijkscan
from wijkscan.errors import OngeldigeInvoer
from wijkscan.maps import drukkaart, helderheid, kaart


@pytest.fixture(scope="module")
def vs():
    return wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")


@pytest.fixture(scope="module")
def assen():
    return wijkscan.wijkanalyse("Assen", bron="ingebouwd")


@pytest.fixture(scope="module")
def vs_druk(vs, tmp_path_factory):
    uit = tmp_path_factory.mktemp("druk")
    return drukkaart(vs, "leeftijd_65plus_aandeel", uit / "voorschoten_65plus.pdf")   # the extension is replaced


def test_drie_formaten_en_300_dpi(vs_druk):
    assert [p.suffix for p in vs_druk] == [".png", ".svg", ".pdf"]
    assert all(p.stem == "voorschoten_65plus" and p.stat().st_size > 10_000 for p in vs_druk)
    with Image.open(vs_druk[0]) as im:
        dpi = im.info["dpi"]
        assert dpi == pytest.approx((300, 300), abs=0.01)
        assert im.size == pytest.approx((3508, 2480), abs=2)                # A4 landscape at 300 dpi
    assert vs_druk[2].read_bytes().startswith(b"%PDF")


def test_svg_legenda_schaal_noordpijl_bron(vs, vs_druk):
    svg = vs_druk[1].read_text(encoding="utf-8")
    web = kaart(vs, "leeftijd_65plus_aandeel", achtergrond=None).kaartinfo["klassen"]
    for label in web.labels:                        # exactly the classes of the interactive map
        assert label.replace("–", "–") in svg
    for tekst in ("Aandeel 65 jaar of ouder", "Voorschoten · buurten · 2024", "Aandachtsgebieden",
                  "Bron: CBS Kerncijfers wijken en buurten", "grenzen: CBS/PDOK 2023, 2024 en circa 2019 (CC BY 4.0)",
                  ">N<", ">km<", ">0,5<", "Gemeente Voorschoten als geheel: 24,5%.", "Donkerder = hoger"):
        assert tekst in svg, tekst
    # the aandachtsgebieden legend counts what the result holds (the national method decides how many)
    ag = vs.aandachtsgebieden
    soort = ag.soort.fillna("")
    berekend = int(soort.isin(["berekend", "berekend en aangewezen"]).sum())
    let_op = int(((soort == "") & (ag.status == "let op")).sum())
    assert berekend + let_op, "Voorschoten heeft geen aandachtsgebied en geen 'let op' meer: kies een andere gemeente"
    if berekend:
        assert f"aandachtsgebied (berekend) ({berekend})" in svg
    if let_op:
        assert f"let op (dicht bij de grens) ({let_op})" in svg
    assert "Bijdorp" in svg                         # area names (12 buurten)


def test_geen_gegevens_gearceerd(assen, tmp_path):
    png, svg = drukkaart(assen, "misdrijven_per_1000", tmp_path / "assen", formaten=("png", "svg"))
    tekst = svg.read_text(encoding="utf-8")
    assert "onbekend   (2)" in tekst                              # CBS onderdrukt: the data do not give it
    assert "<pattern" in tekst and 'id="h' in tekst                 # hatching, not a class colour
    assert "Grens bij benadering" in tekst and "BU01060311" in tekst       # drawn dashed, named in a note
    assert "Bron: Politie via CBS (47022NED) 2024" in tekst


def test_zwart_wit_leesbaar(vs, vs_druk):
    """Every class colour fills areas on the page, and the classes stay apart once printed in grey."""
    klassen = kaart(vs, "leeftijd_65plus_aandeel", achtergrond=None).kaartinfo["klassen"]
    licht = [helderheid(c) for c in klassen.kleuren]
    assert all(a - b >= 8 for a, b in zip(licht, licht[1:], strict=False))
    with Image.open(vs_druk[0]) as im:
        rgb = np.asarray(im.convert("RGB")).astype(np.int32)
    telling = np.bincount(((rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]).ravel(), minlength=1 << 24)
    grijs = []
    for kleur in klassen.kleuren:
        assert telling[int(kleur[1:], 16)] > 20_000, kleur          # a solid fill on the map, not just a legend patch
        r, g, b = (int(kleur[i:i + 2], 16) for i in (1, 3, 5))
        grijs.append(0.299 * r + 0.587 * g + 0.114 * b)
    assert all(a - b >= 45 for a, b in zip(grijs, grijs[1:], strict=False)), grijs   # grey levels (0-255) apart


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) niet geïnstalleerd")
def test_pdf_tekst_is_tekst(vs_druk):
    tekst = subprocess.run(["pdftotext", "-layout", str(vs_druk[2]), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "Aandeel 65 jaar of ouder" in tekst and "Bron: CBS Kerncijfers" in tekst
    assert re.search(r"18,6 – 20,8%", tekst)     # lowest class: its lowest and highest value (3 classes for 12 buurten)


def test_foutmeldingen(vs, tmp_path):
    with pytest.raises(OngeldigeInvoer, match="Onbekend formaat: tiff"):
        drukkaart(vs, "inwoners", tmp_path / "x", formaten=("tiff",))
    with pytest.raises(OngeldigeInvoer, match="Onbekend papierformaat"):
        drukkaart(vs, "inwoners", tmp_path / "x", papier="A5")
    with pytest.raises(OngeldigeInvoer, match="Onbekende indicator"):
        drukkaart(vs, "bestaat_niet", tmp_path / "x")


def test_staand_en_eigen_titel(vs, tmp_path):
    (svg,) = drukkaart(vs, "inwoners", tmp_path / "staand", formaten=("svg",), papier="A4-staand", titel="Inwoners 2024",
                       klassen="natural_breaks", k=4)
    tekst = svg.read_text(encoding="utf-8")
    assert "Inwoners 2024" in tekst and "natuurlijke grenzen" in tekst


def test_namen_op_elke_kaart_zonder_overlap(assen, tmp_path):
    """Assen has 109 buurten: every name is on the map or named under the legend, and no two names overlap
    (names that do not fit their area go beside it with a leader line)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from pdfcontrole import lees, overlappend

    (pdf,) = drukkaart(assen, "leeftijd_65plus_aandeel", tmp_path / "assen_namen", formaten=("pdf",))
    (pagina,) = lees(pdf)
    assert overlappend(pagina) == []
    tekst = " ".join(w[0] for w in pagina.woorden)
    namen = [str(n) for n in assen.indeling.gebieden.dropna(subset=["geometry"]).naam]
    ontbreekt = [n for n in namen if n.split()[0] not in tekst]
    assert len(ontbreekt) == 0, ontbreekt
    assert sum(n.split()[0] in tekst for n in namen) == len(namen)


def test_aandachtsgebieden_gearceerd(assen, tmp_path):
    """A pattern survives newsprint where a red line turns into an ordinary dark line (Assen: computed
    aandachtsgebieden; Voorschoten has none since the national method)."""
    (svg,) = drukkaart(assen, "leeftijd_65plus_aandeel", tmp_path / "arcering", formaten=("svg",))
    tekst = svg.read_text(encoding="utf-8")
    patronen = re.findall(r'<pattern id="(h[^"]+)"', tekst)
    assert len(patronen) >= 2                                   # the cross-hatching besides "geen gegevens"
    n = int(assen.aandachtsgebieden.soort.isin(["berekend", "berekend en aangewezen"]).sum())
    assert n and f"aandachtsgebied (berekend) ({n})" in tekst


@pytest.mark.parametrize("gemeente", ["assen", "vs"])
def test_namen_eerst_wat_de_tekst_noemt_dan_op_inwoners(gemeente, request, tmp_path):
    """Issue 19: the place ranked first on the aandachtslijst is always named, on the print and on the web map;
    after the places the text talks about, names go by population, so an empty rural area never comes first."""
    import json

    from wijkscan.maps._gegevens import gebieden_met_vlak, naamvolgorde

    wa = request.getfixturevalue(gemeente)
    g, _ = gebieden_met_vlak(wa)
    volgorde = naamvolgorde(wa, g)
    assert sorted(volgorde) == sorted(g.index)                       # every area once
    eerste = wa.boodschappen.aandachtslijst["plek"].dropna().astype(float).idxmin()
    assert volgorde[0] == eerste
    ag = wa.aandachtsgebieden
    lijst = wa.boodschappen.aandachtslijst["plek"].dropna()
    prio = (set(ag.loc[ag.status.isin(["aandachtsgebied", "let op"]) | ag.soort.fillna("").astype(bool), "gebied"])
            | set(lijst.index[lijst <= 3])) & set(g.index)
    assert prio and set(volgorde[:len(prio)]) == prio                  # the places the text talks about first
    inw = wa.boodschappen.kleine_gebieden["inwoners"].reindex(g.index)
    grootste, leeg = inw.idxmax(), inw.index[inw.fillna(0) < wa.boodschappen.min_inwoners]
    assert all(volgorde.index(grootste) < volgorde.index(c) for c in leeg)

    naam = str(g.loc[eerste, "naam"])
    (svg,) = drukkaart(wa, "leeftijd_65plus_aandeel", tmp_path / "namen", formaten=("svg",))
    tekst = svg.read_text(encoding="utf-8")
    assert naam.split()[0] in tekst
    noot = re.search(r"Geen ruimte voor de naam van[^<]*", tekst)
    assert noot is None or naam not in noot.group(0)

    html = kaart(wa, "leeftijd_65plus_aandeel", achtergrond=None, publiek=True).get_root().render()
    spec = re.search(r'"volgorde":(\[[0-9,]*\])', html)
    assert spec, "de publieke kaart schrijft namen"
    assert json.loads(spec.group(1))[0] == list(g.index).index(eerste)   # the features follow the areas' order
