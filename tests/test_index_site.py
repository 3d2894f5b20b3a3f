"""index.html of a report folder as a small static site: searchable and sortable table of the areas,
a clickable map, links to every report, the overview, maps and tables, a phone viewport, and not a
single request to another host. Checked in headless Chromium (fails without it)."""

from __future__ import annotations

import re
from html import escape as html_escape

import pytest

import wijkscan
from wijkscan.report import overzicht, rapporten

from .browser import Chromium, chromium_pad, serve

if chromium_pad() is None:
    pytest.fail("Chromium ontbreekt (apt-get install chromium).", pytrace=False)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    wa = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd", niveau="pc4")
    xlsx = wa.naar_excel(root / "wijkanalyse_pc4.xlsx")
    kaart = root / "kaarten" / "voorschoten_pc4.html"
    kaart.parent.mkdir()
    kaart.write_text("<!DOCTYPE html><title>kaart</title>", encoding="utf-8")
    werk = kaart.with_name("voorschoten_pc4_werk.html")       # the internal variant of a map (aandachtsgebieden)
    werk.write_text('<!DOCTYPE html><head><meta name="wijkscan-kaart" content="werkkaart" /></head>', encoding="utf-8")
    afgewezen = root / "meldingen_afgewezen_INTERN.csv"
    afgewezen.write_text("rij;adres\n1;Dorpsstraat 1\n", encoding="utf-8")
    folder = root / "rapporten_pc4"
    overzicht(wa, folder / "overzicht.pdf")
    result = rapporten(wa, folder, voortgang=False, werkers=1,
                       links={"Alle tabellen (Excel)": xlsx, "Kaart 65-plussers (interactief)": kaart,
                              "Werkkaart": werk, "Afgewezen rijen": afgewezen, "bestaat niet": root / "weg.csv"})
    return {"root": root, "folder": folder, "result": result, "wa": wa}


def test_links_naar_alles(site):
    html = (site["folder"] / "index.html").read_text(encoding="utf-8")
    assert "<meta name='viewport' content='width=device-width, initial-scale=1'>" in html
    hrefs = re.findall(r"href='([^']+)'", html)
    for bestand in site["result"].bestand:
        assert bestand in hrefs
    # files outside the published folder are copied in: the site works when only this folder is uploaded
    assert "overzicht.pdf" in hrefs and "bestanden/wijkanalyse_pc4.xlsx" in hrefs
    assert "bestanden/voorschoten_pc4.html" in hrefs
    assert "bestaat niet" not in html                       # no link to a file that is not there
    # internal files (rejected rows with addresses, the working map) are never linked
    assert "Afgewezen" not in html and "INTERN" not in html and "Werkkaart" not in html and "_werk" not in html
    for h in hrefs:                                          # every link works offline, inside the folder
        assert not h.startswith(("http:", "https:", "//", "../")), h
        if not h.startswith("data:"):
            assert (site["folder"] / h).resolve().exists(), h
    # search first: the search box comes before the table, the map and the downloads
    assert html.index("id='zoek'") < html.index("id='gebieden'") < html.index("<svg") < html.index("bestanden/")
    assert "<script src" not in html and "<link rel='stylesheet'" not in html
    assert "4 rapporten per postcodegebied" in html


@pytest.mark.parametrize("breedte", [390, 1280])
def test_zoeken_sorteren_kaart(site, breedte):
    with serve(site["root"]) as base, Chromium(breedte=breedte, hoogte=800) as browser:
        p = browser.open(base + "/rapporten_pc4/index.html")
        assert p.evaluate("document.querySelectorAll('#gebieden tbody tr').length") == 4
        assert p.evaluate("document.querySelectorAll('svg a path').length") == 4        # clickable map
        # search
        p.evaluate("var q=document.getElementById('zoek'); q.value='2252'; q.dispatchEvent(new Event('input'));")
        zicht = p.evaluate("Array.from(document.querySelectorAll('#gebieden tbody tr')).filter(function(r){"
                           "return !r.hidden;}).map(function(r){return r.cells[1].innerText;})")
        assert zicht == ["2252"]
        assert p.evaluate("document.getElementById('aantal').innerText") == "1"
        p.evaluate("var q=document.getElementById('zoek'); q.value=''; q.dispatchEvent(new Event('input'));")
        # sort by inhabitants, both ways
        p.evaluate("document.querySelectorAll('#gebieden th button')[2].click()")
        oplopend = p.evaluate("Array.from(document.querySelectorAll('#gebieden tbody tr')).map(function(r){"
                              "return parseFloat(r.cells[2].getAttribute('data-w'));})")
        assert oplopend == sorted(oplopend)
        p.evaluate("document.querySelectorAll('#gebieden th button')[2].click()")
        aflopend = p.evaluate("Array.from(document.querySelectorAll('#gebieden tbody tr')).map(function(r){"
                              "return parseFloat(r.cells[2].getAttribute('data-w'));})")
        assert aflopend == sorted(aflopend, reverse=True)
        # fits the screen: no horizontal scroll of the page, nor of the table inside its box
        assert p.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert p.evaluate("(function(b){return b.scrollWidth <= b.clientWidth + 1;})(document.querySelector('.tabel'))")
        # search first: the search box is in the first screen, above the table
        assert p.evaluate("document.getElementById('zoek').getBoundingClientRect().bottom") < 300
        if breedte == 1280:      # the map beside the table, not under it
            assert p.evaluate("document.querySelector('.kaart').getBoundingClientRect().top") < 200
        else:                    # a phone: every area a card (its values under each other), the map below
            assert p.evaluate("getComputedStyle(document.querySelector('#gebieden tbody tr')).display") == "grid"
        assert p.js_fouten == [] and p.netwerk_fouten == []
        assert [u for u in p.verzoeken if not u.startswith((base, "data:"))] == []
        from pathlib import Path

        art = Path(__file__).resolve().parents[1] / "test-artifacts"
        art.mkdir(exist_ok=True)
        p.screenshot(art / f"index_{breedte}.png")


@pytest.fixture(scope="module")
def buurtsite(tmp_path_factory):
    """Part of Assen per buurt: two buurten whose most common postcode is 9404 and one with another postcode."""
    from wijkscan.sources.buurtpostcodes import meest_voorkomende_postcode

    wa = wijkscan.wijkanalyse("Assen", bron="ingebouwd")
    pc = meest_voorkomende_postcode()
    codes = [c for c in wa.indeling.gebieden.index if not wa.boodschappen.klein(c)]
    met = [c for c in codes if pc.get(c) == "9404"][:2]
    zonder = [c for c in codes if pc.get(c) not in (None, "9404")][:1]
    assert len(met) == 2 and zonder
    folder = tmp_path_factory.mktemp("buurten")
    rapporten(wa, folder, gebieden=met + zonder, voortgang=False, werkers=1)
    return {"folder": folder, "met": met, "zonder": zonder, "pc": pc}


def test_buurt_postcodes_voor_heel_nederland():
    """The embedded table (scripts/build_pc4_buurten.py): four digits, only 2024 buurten, every gemeente."""
    import pandas as pd

    from wijkscan.sources import embedded
    from wijkscan.sources.buurtpostcodes import meest_voorkomende_postcode

    pc = meest_voorkomende_postcode()
    assert pc.str.fullmatch(r"\d{4}").all() and pc.index.str.startswith("BU").all()
    g = pd.read_csv(embedded.data_dir() / "gebieden_2024.csv", dtype=str)
    buurten = g[g.niveau == "buurt"]
    assert set(pc.index) <= set(buurten.code)
    assert buurten[buurten.code.isin(pc.index)].gemeente.nunique() == 342
    assert pc["BU01069915"] == "9404"     # Assen Buitengebied-Zuid: CBS MeestVoorkomendePostcode 2024


def test_zoeken_op_postcode_in_een_buurtrun(buurtsite):
    folder = buurtsite["folder"]
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert "placeholder='naam, code of postcode'" in html
    assert "de meest voorkomende postcode van de buurt" in html          # said what the postcode is
    for teken in ("<dt>postcode</dt>", "<dt>plek</dt>"):
        assert html.count(teken) == 1, teken                           # one legend entry per sign
    cellen = set(re.findall(r"<td[^>]*>([^<]*)</td>", html))
    for teken in ("·", "onbekend", "<5", "x", "geen gegevens", "niet gepubliceerd"):   # only the signs it uses
        assert html.count(f"<dt>{html_escape(teken)}</dt>") == (teken in cellen), teken
    with serve(folder) as base, Chromium(breedte=1280, hoogte=800) as browser:     # the widest table: postcode too
        p = browser.open(base + "/index.html")
        assert p.evaluate("(function(b){return b.scrollWidth <= b.clientWidth + 1;})(document.querySelector('.tabel'))")
    with serve(folder) as base, Chromium(breedte=390, hoogte=800) as browser:
        p = browser.open(base + "/index.html")
        p.evaluate("var q=document.getElementById('zoek'); q.value='9404'; q.dispatchEvent(new Event('input'));")
        zicht = p.evaluate("Array.from(document.querySelectorAll('#gebieden tbody tr')).filter(function(r){"
                           "return !r.hidden;}).map(function(r){return r.cells[1].innerText;})")
        assert sorted(zicht) == sorted(buurtsite["met"])
        assert p.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert p.js_fouten == []
