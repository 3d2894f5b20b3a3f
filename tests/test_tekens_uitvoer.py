"""One sign per meaning in every output of a real run (issue 19): the PDF report and overview, the interactive and
print map, the publication CSV, the Excel workbook and its CSV files, and index.html use only the signs of
``wijkscan.tekens`` ("<5", "x", "niet gepubliceerd", "onbekend", "geen gegevens", "·"), never a bare dash or an
empty figure cell, and every sign an output uses has its one legend entry — in the same words — in that output.

Run on Assen per buurt with its real meldingen (privacy signs, buurten without polygon) and on Voorschoten per
buurt. Needs poppler (pdftotext): fails when it is missing.
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

import wijkscan
from wijkscan import tekens
from wijkscan.report import overzicht, rapporten
from wijkscan.report.werkboek import NIET_VAN_TOEPASSING

if shutil.which("pdftotext") is None:
    pytest.fail("pdftotext ontbreekt (apt-get install poppler-utils).", pytrace=False)

#: what a reader might take for a sign but is none of ours: a bare dash, "n.b.", "nvt", "-"
VREEMD = re.compile(r"^(?:[-–—]|n\.?b\.?|n\.?v\.?t\.?|\?)$", re.IGNORECASE)
GETAL = re.compile(r"^-?\d[\d.]*(,\d+)?%?$")


def _tekst(pad) -> str:
    return " ".join(subprocess.run(["pdftotext", str(pad), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def _run(tmp, naam: str, wa, privacygebieden: int) -> dict:
    from wijkscan import cli
    from wijkscan.maps import drukkaart, kaart, pagina

    out = tmp / naam
    xlsx = wa.naar_excel(out / "wijkanalyse.xlsx")
    csvs = wa.naar_csv(out / "csv")
    overzicht(wa, out / "rapporten" / "overzicht.pdf")
    telling = wa.meldingentelling
    codes = list(wa.indeling.gebieden.index)
    klein = [c for c in codes if wa.boodschappen.klein(c)][:1]         # "·" in the index
    if telling is not None:      # areas whose category table shows figures and hides the most ("<5", "x")
        st, tabel = telling.status("buurt"), telling.tabel("buurt")
        codes = [c for c in codes if c in st.index and tabel.loc[c].drop("naam").str.match(r"^[1-9]").any()]
        codes = sorted(codes, key=lambda c: -int(st.loc[c].isin(["primair", "secundair"]).sum()))
    rapporten(wa, out / "rapporten", gebieden=codes[:privacygebieden] + klein, voortgang=False, werkers=1)
    pub = cli._publicatie(wa, "buurt", out) if telling is not None else None
    ind = "meldingen_per_1000" if telling is not None else "misdrijven_per_1000"
    m = kaart(wa, ind, meldingen=True if telling is not None else None, achtergrond=None, publiek=True)
    druk = drukkaart(wa, "misdrijven_per_1000", out / "druk", formaten=("svg",))
    return {"wa": wa, "xlsx": xlsx, "csvs": csvs, "folder": out / "rapporten", "pub": pub, "kaart": pagina(m),
            "druk": druk[0], "drempel": wa.drempel_publicatie, "min": int(wa.boodschappen.min_inwoners),
            "met_meldingen": codes[:privacygebieden] if telling is not None else []}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    from wijkscan.sources.meldingen import assen_meldingen

    tmp = tmp_path_factory.mktemp("tekens")
    assen = wijkscan.load("Assen", bron="ingebouwd")
    wa_a = wijkscan.wijkanalyse(assen, niveau="buurt", meldingen=assen_meldingen(gemeente_grens=assen))
    wa_v = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
    return {"Assen": _run(tmp, "assen", wa_a, 2), "Voorschoten": _run(tmp, "voorschoten", wa_v, 1)}


def _verklaring(run, rijen: list[list[object]]) -> dict[str, str]:
    kop, *rest = rijen
    assert kop[:2] == ["teken", "betekenis"]
    uit = {str(r[0]): str(r[1]) for r in rest}
    for teken, betekenis in uit.items():        # the same words as every other output
        assert betekenis == tekens.uitleg(teken, run["drempel"], run["min"]), teken
    return uit


def _cijferkolommen(rijen: list[list[object]]) -> set[str]:
    """The columns of an Excel sheet that hold figures (a number in at least one cell)."""
    kop, *rest = rijen
    return {str(k) for j, k in enumerate(kop)
            if any(isinstance(r[j], int | float) and not isinstance(r[j], bool) for r in rest if j < len(r))}


def _controleer_blad(naam: str, rijen: list[list[object]], cijferkolommen: set[str], verklaring: dict[str, str],
                     drempel: int) -> set[str]:
    """Every sign of a sheet explained; no strange sign; in a figure column every cell a number or a sign, an empty
    cell only where the column means "not applicable"; an empty cell explained as "(lege cel)"."""
    kop, *rest = rijen
    gebruikt = set()
    for j, k in enumerate(kop):
        cijfers = str(k) in cijferkolommen
        for v in [r[j] if j < len(r) else None for r in rest]:
            if v is None or v == "":
                assert not cijfers or k in NIET_VAN_TOEPASSING, f"{naam}: lege cel in cijferkolom {k}"
                gebruikt.add(tekens.LEGE_CEL)
                continue
            assert not (isinstance(v, str) and VREEMD.match(v.strip())), f"{naam}/{k}: teken {v!r}"
            if cijfers and isinstance(v, str) and not GETAL.match(v):
                teken = tekens.is_teken(v, drempel)
                assert teken, f"{naam}/{k}: {v!r} is geen getal en geen teken"
                gebruikt.add(teken)
    for teken in gebruikt:
        assert teken in verklaring, f"{naam}: '{teken}' zonder verklaring"
    return gebruikt


@pytest.mark.parametrize("gemeente", ["Assen", "Voorschoten"])
def test_excel_en_csv(runs, gemeente):
    run = runs[gemeente]
    wb = load_workbook(run["xlsx"])
    verklaring = _verklaring(run, [list(r) for r in wb["verklaring"].iter_rows(values_only=True)])
    gebruikt, kolommen = set(), {}
    for ws in wb.worksheets:
        if ws.title not in ("verklaring", "indicatoren", "meldingen bij invoer"):
            rijen = [list(r) for r in ws.iter_rows(values_only=True)]
            kolommen[ws.title] = _cijferkolommen(rijen)
            gebruikt |= _controleer_blad(ws.title, rijen, kolommen[ws.title], verklaring, run["drempel"])
    assert tekens.ONBEKEND in gebruikt                                    # both runs have unknown figures
    if gemeente == "Assen":       # a meldingen figure hidden for privacy says so, in the profile too
        assert {tekens.klein(run["drempel"]), tekens.VERBORGEN} <= gebruikt
    for pad in run["csvs"]:
        rijen = list(csv.reader(pad.open(encoding="utf-8-sig"), delimiter=";"))
        if pad.stem == "verklaring":
            assert _verklaring(run, rijen) == verklaring                  # the same legend as the workbook
        else:
            _controleer_blad(pad.stem, rijen, kolommen[pad.stem], verklaring, run["drempel"])


def test_publicatie_csv(runs):
    run = runs["Assen"]
    rijen = list(csv.reader(run["pub"].open(encoding="utf-8-sig"), delimiter=";"))
    kop, *rest = rijen
    uitleg = run["pub"].with_suffix(".txt").read_text(encoding="utf-8")
    gebruikt = set()
    for r in rest:
        for k, v in zip(kop[3:], r[3:], strict=True):
            if re.match(r"^\d[\d.]*( \(excl\. |$)", v):
                continue
            teken = tekens.is_teken(v, run["drempel"])
            assert teken, f"{k}: {v!r}"                   # a count, a partial count or a sign: never bare text
            gebruikt.add(teken)
    assert {tekens.klein(run["drempel"]), tekens.VERBORGEN, tekens.ONBEKEND} <= gebruikt
    for teken in gebruikt:
        assert f"\n{teken}: {tekens.uitleg(teken, run['drempel'], run['min'])}\n" in uitleg, teken


@pytest.mark.parametrize("gemeente", ["Assen", "Voorschoten"])
def test_index(runs, gemeente):
    run = runs[gemeente]
    page = (run["folder"] / "index.html").read_text(encoding="utf-8")
    cellen = [html.unescape(c) for c in re.findall(r"<td[^>]*>([^<]*)</td>", page)]
    assert not [c for c in cellen if VREEMD.match(c.strip())]
    gebruikt = {t for c in cellen if (t := tekens.is_teken(c, run["drempel"]))}
    if gemeente == "Assen":                       # a buurt of fewer than 100 inwoners: no share of 65+
        assert tekens.WEINIG_INWONERS in gebruikt
    legenda = dict(re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", page))
    for teken in gebruikt:
        assert html.unescape(legenda[html.escape(teken)]) == tekens.uitleg(teken, run["drempel"], run["min"])
    assert {html.unescape(t) for t in legenda} - {"plek", "postcode", "let op"} == gebruikt   # no unused entry


def _tekens_in_pdf(tekst: str, drempel: int) -> set[str]:
    kandidaten = (tekens.klein(drempel), tekens.VERBORGEN, tekens.NIET_GEPUBLICEERD, tekens.ONBEKEND,
                  tekens.GEEN_GEGEVENS, tekens.WEINIG_INWONERS)
    return {t for t in kandidaten if re.search(rf"(?:^|\s){re.escape(t)}(?=\s)", tekst)}


@pytest.mark.parametrize("gemeente", ["Assen", "Voorschoten"])
def test_pdf_overzicht_en_rapport(runs, gemeente):
    run = runs[gemeente]
    tekst = _tekst(run["folder"] / "overzicht.pdf")
    tabel = tekst.split("Kerncijfers per")[-1].split("Bron: CBS Kerncijfers")[0]    # the key-figure table
    gebruikt = _tekens_in_pdf(tabel, run["drempel"])
    assert tekens.ONBEKEND in gebruikt
    for teken in gebruikt:
        assert f"{teken}: {tekens.uitleg(teken, run['drempel'], run['min'])}." in tekst, teken
    if gemeente == "Assen":
        assert tekens.klein(run["drempel"]) in gebruikt                  # meldingen per 1.000 hidden for privacy
        for pdf in [next(run["folder"].glob(f"{c}_*.pdf")) for c in run["met_meldingen"]]:
            t = _tekst(pdf)
            deel = t.split("Meldingen openbare ruimte per categorie")[-1].split("Bron: meldingen")
            meld = _tekens_in_pdf(deel[0], run["drempel"]) & {tekens.klein(run["drempel"]), tekens.VERBORGEN,
                                                              tekens.NIET_GEPUBLICEERD}
            assert meld, pdf.name
            for teken in meld:
                assert f"{teken}: {tekens.uitleg(teken, run['drempel'], run['min'])}." in deel[1], (pdf.name, teken)


def _legenda_kaart(page: str) -> str:
    delen = [json.loads(m.group(1)) for m in re.finditer(r'wsKaart\.sectie\([^,]+, [^,]+, ("(?:[^"\\]|\\.)*")\)', page)]
    return html.unescape(re.sub(r"<[^>]+>", " ", " ".join(delen)))


@pytest.mark.parametrize("gemeente", ["Assen", "Voorschoten"])
def test_kaarten(runs, gemeente):
    run = runs[gemeente]
    legenda = _legenda_kaart(run["kaart"])
    assert "geen inwonertal" not in legenda and "geen gegevens" not in legenda     # one meaning per row
    if gemeente == "Assen":
        for teken in (tekens.klein(run["drempel"]), tekens.VERBORGEN, tekens.ONBEKEND):
            assert f"{teken}: {tekens.uitleg(teken, run['drempel'], run['min'])}" in legenda, teken
    svg = run["druk"].read_text(encoding="utf-8")
    if gemeente == "Assen":                      # two buurten whose crime figure CBS suppresses
        assert "onbekend   (2)" in svg and "geen gegevens" not in svg
