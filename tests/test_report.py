"""PDF reports, checked as a person would: pages rendered to PNG (pdftoppm) must not be blank,
and the text (pdftotext) must hold the real figures of the source data."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest
from PIL import Image

import wijkscan
from wijkscan.errors import OngeldigeInvoer
from wijkscan.report import Huisstijl, overzicht, rapport, rapporten

if shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
    pytest.fail("poppler-utils (pdftoppm, pdftotext) ontbreekt: apt-get install poppler-utils.", pytrace=False)


@pytest.fixture(scope="module")
def wa():
    return wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pages(path, tmp_path, dpi=40) -> list[np.ndarray]:
    prefix = tmp_path / path.stem
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(prefix)], check=True)
    files = sorted(tmp_path.glob(f"{path.stem}-*.png"))
    return [np.asarray(Image.open(f).convert("L")) for f in files]


def test_report_of_one_buurt_has_the_real_figures(wa, tmp_path):
    pdf = rapport(wa, "BU06260006", tmp_path / "bijdorp.pdf")
    text = pdf_text(pdf)
    # CSV 85984NED: Bijdorp 1,565 inwoners, 615 aged 65+ → 39,3 %; gemeente 25,625 and 6,276 → 24,5 %
    assert "Bijdorp" in text and "Voorschoten" in text
    assert "1.565" in text and "25.625" in text
    assert "39,3%" in text and "24,5%" in text
    # Nederland: 17,942,942 inhabitants
    assert "17.942.942" in text
    # the signal with its numbers, page numbers, sources with reference date, missing data said so
    assert "Aandeel 65+ is 39,3% tegen 24,5% in de gemeente" in text
    assert "pagina 1 van" in text.replace("\n", " ") or "pagina 2 van" in text
    assert "peildatum 1 januari 2024" in text
    # what the data lacks is said in one sentence, not as rows of "geen gegevens"
    assert "geen gegevens" not in text
    plat = " ".join(text.split())
    # ... once per report, not after every table (issue 19 point 3)
    assert plat.lower().count("geen cijfers over") == 1 and "bewonersenquête" in text
    assert "Over openbare ruimte en sociale cohesie zijn er voor Bijdorp geen cijfers" in plat
    for thema in ("Demografie", "Wonen", "Veiligheid", "Voorzieningen"):
        assert thema in text


def test_pages_are_not_blank(wa, tmp_path):
    pdf = rapport(wa, "BU06260004", tmp_path / "boschgeest.pdf")
    imgs = pages(pdf, tmp_path)
    assert 2 <= len(imgs) <= 4
    for img in imgs:
        ink = (img < 200).mean()
        assert ink > 0.001, "a page is (nearly) blank"
    # the cover carries the locator map: a good share of dark-blue/grey pixels
    assert (imgs[0] < 200).mean() > 0.02


def test_house_style_and_own_template(wa, tmp_path):
    folder = tmp_path / "sjablonen"
    folder.mkdir()
    (folder / "gebied.html.j2").write_text(
        "<html><head><style>{{ css | safe }}</style></head><body><h1>Eigen sjabloon {{ gebied.naam }}</h1>"
        "<p>{{ huisstijl.organisatie }}</p></body></html>", encoding="utf-8")
    pdf = rapport(wa, "BU06260001", tmp_path / "eigen.pdf", huisstijl=Huisstijl(organisatie="Gemeente Voorschoten",
                                                                                  kleur="#006b3f"), sjablonen=folder)
    text = pdf_text(pdf)
    assert "Eigen sjabloon Noord-Hofland" in text and "Gemeente Voorschoten" in text
    with pytest.raises(OngeldigeInvoer, match="geen kleurcode"):
        rapport(wa, "BU06260001", tmp_path / "x.pdf", huisstijl=Huisstijl(kleur="red; } body { display:none"))
    with pytest.raises(OngeldigeInvoer, match="sjabloonmap"):
        rapport(wa, "BU06260001", tmp_path / "x.pdf", sjablonen=tmp_path / "bestaat-niet")


def test_meldingen_in_the_report_are_counts_only_and_small_ones_suppressed(wa, tmp_path):
    """A report draws only the run's own suppressed meldingen table. A table of its own (here with a count of 3)
    was printed as it came: "3" in a published PDF; it is refused now with a Dutch message."""
    counts = pd.DataFrame({"gebied": ["BU06260001"] * 3, "categorie": ["Afval", "Straatverlichting", "<script>x"],
                           "aantal": [12, 3, 7]})
    with pytest.raises(OngeldigeInvoer, match="kleine aantallen zouden dan herkenbaar zijn"):
        rapport(wa, "BU06260001", tmp_path / "m.pdf", meldingen=counts)
    assert not (tmp_path / "m.pdf").exists()
    assen = wijkscan.wijkanalyse("Assen", bron="ingebouwd", niveau="wijk", meldingen=wijkscan.assen_meldingen())
    m = assen.meldingen
    klein = m[m.tekst == "<5"]
    assert len(klein), "geen '<5' in de meldingen van Assen per wijk: kies een ander voorbeeld"
    code = str(klein.gebied.iloc[0])
    text = pdf_text(rapport(assen, code, tmp_path / "a.pdf", meldingen=m))   # the run's own table is accepted
    assert "<5" in text and str(klein.categorie.iloc[0]) in text
    getoond = m[(m.gebied == code) & m.aantal.notna()]
    assert ((getoond.aantal >= 5) | (getoond.aantal == 0)).all()   # a shown number is never a small count


def test_batch_reuses_unchanged_reports_and_redoes_changed_ones(tmp_path):
    vs = wijkscan.load("Voorschoten", bron="ingebouwd")
    tabel = pd.DataFrame({"buurt": ["BU06260001", "BU06260002", "BU06260006"], "gebied": ["N", "N", "Z"]})
    wa = wijkscan.wijkanalyse(vs, niveau=wijkscan.indeling_uit_tabel(vs, tabel))
    first = rapporten(wa, tmp_path, voortgang=False)
    assert list(first.status) == ["gemaakt", "gemaakt"]
    assert (tmp_path / "index.html").exists() and "n_n.pdf" in (tmp_path / "index.html").read_text()
    again = rapporten(wa, tmp_path, voortgang=False)
    assert list(again.status) == ["hergebruikt", "hergebruikt"]
    # a text for Z ("sterke punten") changes only Z's report (a score would also move the gemeente value)
    survey = pd.DataFrame({"gebied": ["Z"], "indicator": ["sterke punten"], "score": ["Veel groen"]})
    wa2 = wijkscan.wijkanalyse(vs, niveau=wa.indeling, enquete=survey)
    third = rapporten(wa2, tmp_path, voortgang=False).set_index("gebied").status
    assert third["Z"] == "gemaakt" and third["N"] == "hergebruikt"
    # an interrupted run leaves no half-written PDF behind
    assert not list(tmp_path.glob(".tmp-*"))


def test_gemeente_overview(wa, tmp_path):
    pdf = overzicht(wa, tmp_path / "overzicht.pdf")
    text = pdf_text(pdf)
    assert "Wijkanalyse Voorschoten" in text
    assert "Adegeest" in text and "Buitengebied" in text and "5.725" in text
    assert "Aandachtsgebieden" in text and "Boschgeest" in text


def test_logo_must_be_a_local_file(wa, tmp_path):
    with pytest.raises(OngeldigeInvoer, match="bestaat niet"):
        rapport(wa, "BU06260001", tmp_path / "x.pdf", huisstijl=Huisstijl(logo=str(tmp_path / "geen.png")))
    with pytest.raises(OngeldigeInvoer, match="internetadres"):
        rapport(wa, "BU06260001", tmp_path / "x.pdf", huisstijl=Huisstijl(logo="https://example.org/logo.png"))
    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), (0, 107, 63)).save(logo)
    hs = Huisstijl(logo=str(logo), organisatie="Gemeente Voorschoten")
    pdf = rapport(wa, "BU06260001", tmp_path / "met_logo.pdf", huisstijl=hs)
    first = pages(pdf, tmp_path)[0]
    assert hs.logo == str(logo)  # the user's object is left as it was
    # the green logo is on the cover: pdftoppm renders it as a dark block near the top left
    top_left = first[: first.shape[0] // 6, : first.shape[1] // 2]
    assert (top_left < 120).mean() > 0.01


def test_sterke_punten_uit_een_bestand_per_gebied(wa, tmp_path):
    """The wijkcoördinator writes a small text file per area; the report shows it, and only then."""
    teksten = tmp_path / "teksten"
    teksten.mkdir()
    (teksten / "BU06260006.txt").write_text("# Sterke punten\n- Actieve bewonersvereniging\nVeel groen\n\n"
                                            "# Te verbeteren\n- Parkeren rond de school\n", encoding="utf-8")
    met = " ".join(pdf_text(rapport(wa, "BU06260006", tmp_path / "met.pdf", teksten_map=teksten)).split())
    assert "Sterke punten en wat beter kan" in met
    assert "Actieve bewonersvereniging" in met and "Veel groen" in met and "Parkeren rond de school" in met
    assert "tekst van de gemeente" in met
    zonder = pdf_text(rapport(wa, "BU06260001", tmp_path / "zonder.pdf", teksten_map=teksten))
    assert "Sterke punten" not in zonder                       # no empty section
    (teksten / "BU06260001.txt").write_text("Eerst tekst\n# Sterke punten\n", encoding="utf-8")
    with pytest.raises(OngeldigeInvoer, match="regel 1: tekst vóór de eerste kop"):
        rapport(wa, "BU06260001", tmp_path / "fout.pdf", teksten_map=teksten)
    # a changed text file redoes that area's report in a batch, nothing else
    eerst = rapporten(wa, tmp_path / "batch", gebieden=["BU06260006", "BU06260002"], voortgang=False, werkers=1,
                      teksten_map=teksten)
    assert list(eerst.status) == ["gemaakt", "gemaakt"]
    (teksten / "BU06260006.txt").write_text("# Sterke punten\n- Nieuwe speeltuin\n", encoding="utf-8")
    weer = rapporten(wa, tmp_path / "batch", gebieden=["BU06260006", "BU06260002"], voortgang=False, werkers=1,
                     teksten_map=teksten).set_index("gebied").status
    assert weer["BU06260006"] == "gemaakt" and weer["BU06260002"] == "hergebruikt"


def test_taal_in_rapport_en_overzicht(tmp_path):
    """The phrases the issue found are gone from a wijk report and an overview (text extraction)."""
    wk = wijkscan.wijkanalyse("Assen", bron="ingebouwd", niveau="wijk")
    tekst = " ".join(pdf_text(rapport(wk, "WK010600", tmp_path / "wk.pdf")).split())
    assert "brengt de wijk in beeld" in tekst and "brengt de buurt in beeld" not in tekst
    assert "de gegevens die met wijkscan zijn meegeleverd" in tekst and "uit ingebouwd" not in tekst
    assert "buiten europa" not in tekst.replace("Buiten Europa", "")     # a proper name keeps its capital
    assert "ww-uitkeringen" not in tekst           # abbreviations keep their capitals (teksten.in_zin)
    plek = int(wk.aandachtsgebieden.set_index("gebied").rang["WK010600"])
    assert f"Plek {plek} van 10 op de aandachtslijst (1 = meeste aandacht)" in tekst
    # the table header may wrap inside its cell: read it without the page layout
    plat = " ".join(subprocess.run(["pdftotext", str(tmp_path / "wk.pdf"), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "rang (1 = gunstigst)" in plat
    ov = " ".join(pdf_text(overzicht(wk, tmp_path / "ov.pdf")).split())
    assert "10 wijken" in ov and "1 wijken" not in ov.replace("10 wijken", "")


def test_kaartjes_kleuren_kleine_gebieden_niet():
    """Locator and overview maps read the run's small areas: a rate of Dobbewijk-size areas (< 100 inwoners)
    gets no class colour and does not set the classes (decided in the run, wa.boodschappen)."""
    import numpy as np

    from wijkscan.maps.classify import KLEIN_KLEUR
    from wijkscan.report import charts

    wa = wijkscan.wijkanalyse("Assen", bron="ingebouwd")
    klein = wa.boodschappen.kleine_gebieden.klein
    assert klein.any() and wa.boodschappen.min_inwoners == 100
    p = wa.profiel[(wa.profiel.indicator == "misdrijven_per_1000") & (wa.profiel.jaar == wa.jaar)]
    w = p.drop_duplicates("gebied").set_index("gebied").waarde
    code = next(c for c in klein.index[klein] if c in wa.indeling.gebieden.index)
    gezien = []
    from wijkscan.maps.classify import klasseer as echt

    def kijk(waarden, *a, **k):
        gezien.append(np.asarray(waarden, dtype=float))
        return echt(waarden, *a, **k)

    import unittest.mock as mock

    with mock.patch("wijkscan.maps.classify.klasseer", side_effect=kijk):
        charts.omgeving(wa.indeling.gebieden, code, w, wa.catalogus.loc["misdrijven_per_1000"], klein)
    hoogste_klein = w[klein[klein].index.intersection(w.index)].max()
    assert gezien and np.nanmax(gezien[0]) < hoogste_klein        # the extreme of a tiny buurt is out
    assert KLEIN_KLEUR != "#d9d9d9"                                  # not the "geen gegevens" colour


def test_meldingen_alles_verborgen_is_een_zin(wa):
    """A meldingen table whose every cell would be "<5" or "x" is replaced by one sentence (issue 19 point 3)."""
    from wijkscan.report.render import _meldingen_html

    code = wa.profiel.gebied.iloc[0]
    verborgen = pd.DataFrame({"gebied": code, "categorie": ["afval", "groen", "verlichting"],
                              "aantal": [float("nan")] * 3, "tekst": ["<5", "x", "<5"]})
    uit = _meldingen_html(verborgen, code, 5, wa)
    assert "<table" not in uit and "alle aantallen te klein om te tonen" in uit
    deels = verborgen.assign(aantal=[12.0, float("nan"), float("nan")], tekst=[None, "x", "<5"])
    assert "<table" in _meldingen_html(deels, code, 5, wa)


def test_grafiek_voor_tabel_en_euro_uitgeschreven(wa):
    """Layout and language (issue 19): a theme's chart comes before its table; amounts in euros, no "× 1.000"."""
    from wijkscan.report.render import html_rapport

    h = html_rapport(wa, "BU06260006")
    demografie = h[h.index("<h2>Demografie</h2>"):]
    assert demografie.index("Leeftijdsopbouw") < demografie.index("<table")
    wonen = h[h.index("<h2>Wonen</h2>"):]
    assert wonen.index("Woningvoorraad") < wonen.index("<table")
    assert "× 1.000" not in h and "1.000 euro" not in h
    woz = wa.waarde("BU06260006", "woz_waarde")
    assert f"€ {round(woz) * 1000:,}".replace(",", ".") in h
    assert "(en)" not in h and "sociaal-economisch cijfers" not in h


def test_pdf_leest_stijl_en_beelden_goedkoop_zonder_ander_beeld(wa, tmp_path):
    """Speed (issue 19 point 8): the PDF writer gets the style sheet parsed once per process and the charts as files,
    and the PDF still has the style (colour of the title, page footer) and the locator map as an image."""
    from wijkscan.report.render import _html_en_css, _stijlblad, _voor_weasyprint

    h, css = _html_en_css(wa, "BU06260006")
    uit, stijlen = _voor_weasyprint(h, css, str(tmp_path))
    assert "<style></style>" in uit and "base64" not in uit and stijlen == [_stijlblad(css)]
    assert _stijlblad(css) is _stijlblad(css)                     # parsed once
    beelden = sorted(tmp_path.glob("beeld*.png"))
    assert beelden and all(Image.open(b).size[0] > 300 for b in beelden)
    pdf = rapport(wa, "BU06260006", tmp_path / "bijdorp.pdf")
    blad = pages(pdf, tmp_path, dpi=60)[0]
    assert "pagina 1 van" in pdf_text(pdf).replace("\n", " ")
    rgb = np.asarray(Image.open(sorted(tmp_path.glob("bijdorp-*.png"))[0]).convert("RGB")).astype(int)
    assert ((abs(rgb[..., 0] - 0x1f) < 12) & (abs(rgb[..., 2] - 0x79) < 12)).sum() > 200   # the house colour
    assert (blad[: blad.shape[0] // 2, blad.shape[1] // 2:] < 200).mean() > 0.1            # the map at the top right
