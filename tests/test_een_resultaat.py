"""One truth: every output of a demo-like run shows the same figure for each (area, indicator, period).

The outputs are made the way ``wijkscan demo`` makes them (the same CLI helpers), on the real
embedded data: Voorschoten per buurt, Assen per wijk and per buurt with Assen's real Signalen
meldingen. Each figure is then read back from what a reader gets — the PDF text (``pdftotext``,
poppler: required), the data inside the map HTML, the publication CSV, the Excel workbook and the
printed summary — and every (gemeente, area, indicator, period) must have one value everywhere.

A second test makes the map compute its own meldingen figure (as the map layers did before, from
the raw points) and shows that the check catches it.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from collections import defaultdict
from contextlib import redirect_stdout

import pandas as pd
import pytest

import wijkscan
from wijkscan import cli, maps
from wijkscan.analysis import meldingenlagen as lagen_mod
from wijkscan.analysis.meldingen import tel_per_gebied
from wijkscan.report import overzicht, rapport
from wijkscan.sources.meldingen import assen_meldingen

CENTRUM, MARSDIJK, OVERCINGEL, BIJDORP = "WK010600", "WK010607", "BU01060002", "BU06260006"
MELDINGEN = ("meldingen", "meldingen_per_1000")


def _getal(tekst: str) -> float | None:
    """'1.234,5' / '39,3%' / '387' -> float; anything else -> None."""
    m = re.search(r"-?\d{1,3}(?:\.\d{3})*(?:,\d+)?|-?\d+(?:,\d+)?", str(tekst))
    return float(m.group(0).replace(".", "").replace(",", ".")) if m else None


def _pdf_rijen(pad) -> dict[str, str]:
    """Table rows of a report PDF as {label: first value}, labels re-joined over wrapped lines."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) ontbreekt: installeer poppler-utils om de PDF's te lezen.")
    tekst = subprocess.run(["pdftotext", "-layout", str(pad), "-"], capture_output=True, text=True,
                           check=True).stdout
    rijen, huidig = {}, None
    for regel in tekst.splitlines():
        m = re.match(r"^\s{1,4}(\S.*?)\s{3,}(-?[\d.]+(?:,\d+)?%?)(?:\s{3,}|$)", regel)
        if m and not re.match(r"^[\d.,%\s-]+$", m.group(1)):
            huidig = [m.group(1).strip(), m.group(2)]
            rijen[huidig[0]] = huidig[1]
            continue
        if huidig and re.match(r"^\s{1,4}\S[^ ]*(?: \S+)*\s*$", regel) and len(regel.strip()) < 30:
            oud = huidig[0]
            huidig[0] = f"{oud} {regel.strip()}"
            rijen[huidig[0]] = rijen.pop(oud)
        else:
            huidig = None
    return rijen


def _kaartlagen(html: str) -> list[dict]:
    """The data of every polygon layer in a saved map: labels and features (name, values)."""
    dec = json.JSONDecoder()
    out = []
    for m in re.finditer(r"wsKaart\.vlakken\([^,]+, [^,]+, ", html):
        spec, _ = dec.raw_decode(html, m.end())
        out.append(spec)
    return out


def _catalogus_label(label: str, cat: pd.DataFrame) -> str | None:
    hits = [i for i, r in cat.iterrows() if label.startswith(r.label)]
    return max(hits, key=lambda i: len(cat.loc[i, "label"])) if hits else None


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Demo-like outputs of one run (one analysis per indeling, reused by every test here)."""
    out = tmp_path_factory.mktemp("demo")
    printed = io.StringIO()
    res = {"out": out}
    assen = wijkscan.load("Assen", bron="ingebouwd")
    imp = assen_meldingen(gemeente_grens=assen)
    vs = wijkscan.load("Voorschoten", bron="ingebouwd")
    with redirect_stdout(printed):
        print(vs.samenvatting("buurt"))
        wv = wijkscan.wijkanalyse(vs, niveau="buurt")
        cli._toon_analyse(wv)
        cli._schrijf_analyse(wv, out / "voorschoten")
        wa = wijkscan.wijkanalyse(assen, niveau="wijk", meldingen=imp)
        cli._toon_analyse(wa)
        cli._schrijf_analyse(wa, out / "assen")
        cli._publicatie(wa, "wijk", out / "assen")
        wb = wijkscan.wijkanalyse(assen, niveau="buurt", meldingen=imp)
        cli._toon_analyse(wb)
        cli._schrijf_analyse(wb, out / "assen")
    res.update(assen=assen, imp=imp, wa=wa, wb=wb, wv=wv, printed=printed.getvalue())
    for wp, code in ((wa, CENTRUM), (wa, MARSDIJK), (wb, OVERCINGEL), (wv, BIJDORP)):
        rapport(wp, code, out / f"{code}.pdf")
    overzicht(wa, out / "overzicht_wijk.pdf")
    for naam, wp, ind in (("assen_buurt", wb, "meldingen_per_1000"), ("assen_wijk", wa, "meldingen_per_1000"),
                          ("voorschoten_buurt", wv, "leeftijd_65plus_aandeel")):
        m = maps.kaart(wp, ind, meldingen=True if wp.meldingentelling is not None else None, achtergrond=None)
        maps.opslaan(m, out / f"{naam}.html", inline=False)
    return res


def cijfers_uit_uitvoer(run) -> dict[tuple, dict[str, float]]:
    """Every figure read back from the files and the printed text: (gemeente, area, indicator, period) -> {source: value}."""
    out, figs = run["out"], defaultdict(dict)
    wa, wb, wv = run["wa"], run["wb"], run["wv"]
    periode = wa.meldingen_periode
    per = {"meldingen": periode, "meldingen_per_1000": periode}

    def zet(gem, gebied, ind, bron, waarde):
        if waarde is not None and not pd.isna(waarde):
            figs[(gem, gebied, ind, per.get(ind, str(wa.jaar)))][bron] = float(waarde)

    # Excel: the profile sheet
    for gem, wp in (("Assen", wa), ("Assen", wb), ("Voorschoten", wv)):
        p = pd.read_excel(out / gem.lower() / f"wijkanalyse_{wp.indeling.naam}.xlsx", sheet_name="profiel")
        p = p[(p.jaar == wp.jaar) & p.indicator.isin([*MELDINGEN, "leeftijd_65plus_aandeel", "inwoners"])]
        for r in p.itertuples():
            dec = 0 if r.indicator in ("meldingen", "inwoners") else 1
            w = pd.to_numeric(r.waarde, errors="coerce")      # "onbekend" is written as a word (one sign per meaning)
            zet(gem, r.gebied, r.indicator, f"xlsx {wp.indeling.naam}", round(w, dec) if pd.notna(w) else None)
    # the publication CSV (totals per wijk)
    pub = pd.read_csv(out / "assen" / "meldingen_per_wijk_publicatie.csv", sep=";", dtype=str, encoding="utf-8-sig")
    for r in pub.itertuples():
        assert r.periode == periode
        zet("Assen", r.gebied, "meldingen", "publicatie-csv", _getal(r.totaal) if r.totaal[0].isdigit() else None)
    # printed summary
    for m in re.finditer(r"^\s+(.+?) \((\w+)\): ([\d.]+) meldingen, ([\d.,]+) per 1\.000 inwoners$", run["printed"],
                         re.M):
        zet("Assen", m.group(2), "meldingen", "samenvatting", _getal(m.group(3)))
        zet("Assen", m.group(2), "meldingen_per_1000", "samenvatting", _getal(m.group(4)))
    for m in re.finditer(r"^\s+(.+?) \((BU\d+)\): inwoners ([\d.]+), 65\+ (\d+)%", run["printed"], re.M):
        zet("Voorschoten", m.group(2), "inwoners", "samenvatting", _getal(m.group(3)))
        figs[("Voorschoten", m.group(2), "leeftijd_65plus_aandeel", str(wv.jaar))]["samenvatting (afgerond)"] = \
            float(m.group(4))
    # PDF text per area
    for gem, wp, code in (("Assen", wa, CENTRUM), ("Assen", wa, MARSDIJK), ("Assen", wb, OVERCINGEL),
                          ("Voorschoten", wv, BIJDORP)):
        for label, waarde in _pdf_rijen(out / f"{code}.pdf").items():
            ind = _catalogus_label(label, wp.catalogus)
            if ind in (*MELDINGEN, "leeftijd_65plus_aandeel", "inwoners"):
                zet(gem, code, ind, f"pdf {code}", _getal(waarde))
    # the overview PDF: one row per wijk, meldingen per 1.000 in the last column before 'aandacht'
    tekst = subprocess.run(["pdftotext", "-layout", str(out / "overzicht_wijk.pdf"), "-"], capture_output=True,
                           text=True, check=True).stdout
    namen = wa.profiel.drop_duplicates("gebied").set_index("naam").gebied
    for regel in tekst.splitlines():
        m = re.match(r"^\s*(\S.*?)\s{2,}(.*)$", regel)
        if m and m.group(1).strip() in namen.index:
            velden = re.split(r"\s{2,}", m.group(2).strip())
            # a figure, "€ 353.000", or one of the signs for no figure (one sign per meaning: onbekend, ·)
            getallen = [v for v in velden if re.fullmatch(r"(€ )?[\d.,]+%?|geen gegevens|onbekend|·", v)]
            if len(getallen) >= 8 and getallen[7] not in ("geen gegevens", "onbekend", "·"):
                zet("Assen", namen[m.group(1).strip()], "meldingen_per_1000", "overzicht-pdf", _getal(getallen[7]))
    # the map HTML: choropleth tooltips and the meldingen layer
    for naam, wp, gem in (("assen_buurt", wb, "Assen"), ("assen_wijk", wa, "Assen"),
                          ("voorschoten_buurt", wv, "Voorschoten")):
        html = (out / f"{naam}.html").read_text(encoding="utf-8")
        codes = wp.indeling.gebieden.reset_index().set_index("naam")
        codes = codes[codes.columns[0]] if codes.index.is_unique else None
        for spec in _kaartlagen(html):
            labels = spec.get("labels", [])
            for f in spec.get("f", []):
                if not f[2] or codes is None or f[2] not in codes.index:
                    continue
                code = codes[f[2]]
                if labels[:1] and labels[0].startswith("Meldingen openbare ruimte per 1.000"):
                    zet(gem, code, "meldingen_per_1000", f"kaart {naam} (vlakken)", _getal(f[3][0] or ""))
                elif labels[:1] and labels[0].startswith("Aandeel 65 jaar"):
                    zet(gem, code, "leeftijd_65plus_aandeel", f"kaart {naam}", _getal(f[3][0] or ""))
                elif labels[:2] == ["meldingen", "per 1.000 inwoners"]:
                    zet(gem, code, "meldingen", f"kaart {naam} (meldingenlaag)", _getal(f[3][0] or ""))
                    zet(gem, code, "meldingen_per_1000", f"kaart {naam} (meldingenlaag)", _getal(f[3][1] or ""))
    return figs


def verschillen(figs: dict) -> list[str]:
    """Every (area, indicator, period) whose sources disagree (at the precision each source prints)."""
    out = []
    for key, waarden in figs.items():
        exact = {b: v for b, v in waarden.items() if "afgerond" not in b}
        if len({round(v, 1) for v in exact.values()}) > 1:
            out.append(f"{key}: {exact}")
        for b, v in waarden.items():
            if "afgerond" in b and any(abs(round(w) - v) > 0.51 for w in exact.values()):
                out.append(f"{key}: {waarden}")
    return out


def test_elke_uitvoer_toont_hetzelfde_cijfer(run):
    figs = cijfers_uit_uitvoer(run)
    # the check saw every kind of output for the figures the issue names
    centrum = figs[("Assen", CENTRUM, "meldingen", run["wa"].meldingen_periode)]
    assert {"xlsx wijk", "publicatie-csv", "samenvatting", f"pdf {CENTRUM}"} <= set(centrum), centrum
    assert centrum["publicatie-csv"] == 387
    overcingel = figs[("Assen", OVERCINGEL, "meldingen_per_1000", run["wa"].meldingen_periode)]
    assert {"xlsx buurt", f"pdf {OVERCINGEL}", "kaart assen_buurt (vlakken)",
            "kaart assen_buurt (meldingenlaag)"} <= set(overcingel), overcingel
    per1000 = figs[("Assen", CENTRUM, "meldingen_per_1000", run["wa"].meldingen_periode)]
    assert {"overzicht-pdf", "kaart assen_wijk (vlakken)", "kaart assen_wijk (meldingenlaag)"} <= set(per1000)
    bijdorp = figs[("Voorschoten", BIJDORP, "leeftijd_65plus_aandeel", "2024")]
    assert {"xlsx buurt", f"pdf {BIJDORP}", "kaart voorschoten_buurt", "samenvatting (afgerond)"} <= set(bijdorp)
    assert sum(len(v) >= 3 for v in figs.values()) >= 30
    assert verschillen(figs) == []


def test_wijk_is_som_van_buurten_en_geen_vlak_heeft_reden(run):
    wa, wb = run["wa"], run["wb"]
    t = wa.meldingentelling
    buurten = t.niveaus["wijk"]
    for wijk in (CENTRUM, MARSDIJK):
        assert t.totalen("wijk")[wijk] == t.totalen("buurt")[buurten[buurten == wijk].index].sum()
    p = wa.profiel[(wa.profiel.indicator == "meldingen") & (wa.profiel.gebied == "WK010603")].iloc[0]   # Assen-Oost
    assert pd.isna(p.waarde) and p.reden.startswith("geen vlak op de kaart")
    pub = pd.read_csv(run["out"] / "assen" / "meldingen_per_wijk_publicatie.csv", sep=";", dtype=str,
                      encoding="utf-8-sig").set_index("gebied")
    # issue 19: the count of the rest, with what it leaves out, instead of "geen vlak op de kaart" in every cell
    deel = t.deeltotaal("wijk", "WK010603")
    assert pub.loc["WK010603", "totaal"] == f"{deel.waarde:,}".replace(",", ".") + " (excl. Vanboeijen, 230 inwoners)"
    assert pub.loc["WK010603"].drop(["periode", "naam"]).str.endswith(" (excl. Vanboeijen, 230 inwoners)").all()
    assert p.reden.endswith(f"; zonder die buurt: {pub.loc['WK010603', 'totaal'].split(' (')[0]} meldingen")
    # buurt and wijk run made one suppression decision
    assert wa.meldingentelling.publicatie is wb.meldingentelling.publicatie


def test_deeltotaal_in_het_rapport(run, tmp_path):
    """The Assen-Oost PDF prints each category's partial count as a number and says once what it leaves out."""
    import subprocess

    wa, t = run["wa"], run["wa"].meldingentelling
    pdf = rapport(wa, "WK010603", tmp_path / "assen_oost.pdf")
    tekst = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                    check=True).stdout.split())
    assert tekst.count("Zonder Vanboeijen, 230 inwoners: die buurt heeft geen vlak op de kaart") == 1
    assert "(excl. Vanboeijen" not in tekst                    # not repeated in every cell
    getoond = {c: t.deeltotaal("wijk", "WK010603", c) for c in t.categorieen}
    getoond = {c: d for c, d in getoond.items() if d is not None and d.getoond and d.waarde >= 10}
    assert getoond
    for c, d in getoond.items():                               # "Afval 87": category and its partial count
        assert f"{c} {d.tekst}" in tekst, (c, d.tekst)


def test_controle_ziet_een_uitvoer_die_zelf_telt(run, monkeypatch):
    """Make the map layer recount the raw points itself (as maps/lagen.py did): the check must fail."""
    echt = lagen_mod.meldingenlagen

    def eigen_telling(wp, meldingen=None, **kw):
        lagen = echt(wp, meldingen, **kw)
        t = tel_per_gebied(run["imp"].meldingen, wp.gemeente, "buurt")   # all points, own geometry, own period
        lagen.per_gebied["meldingen"] = t["meldingen"].reindex(lagen.per_gebied.index)
        lagen.per_gebied["meldingen_tekst"] = [str(v) if pd.notna(v) else "<5" for v in lagen.per_gebied.meldingen]
        lagen.per_gebied["per_1000_inwoners"] = t["per_1000_inwoners"].reindex(lagen.per_gebied.index)
        return lagen

    monkeypatch.setattr(lagen_mod, "meldingenlagen", eigen_telling)
    wb = run["wb"]
    wb.meldingenlagen = None
    wb.lagen(hotspot_permutaties=9)          # the analysis step (here: the patched one) makes them; the map reads
    m = maps.kaart(wb, "meldingen_per_1000", meldingen=True, achtergrond=None, hotspot_permutaties=9)
    maps.opslaan(m, run["out"] / "assen_buurt.html", inline=False)
    try:
        fout = verschillen(cijfers_uit_uitvoer(run))
    finally:
        wb.meldingenlagen = None
        monkeypatch.undo()
        wb.lagen(hotspot_permutaties=9)
        maps.opslaan(maps.kaart(wb, "meldingen_per_1000", meldingen=True, achtergrond=None, hotspot_permutaties=9),
                     run["out"] / "assen_buurt.html", inline=False)
    assert any(OVERCINGEL in f and "meldingenlaag" in f for f in fout), fout


def test_eerlijke_labels(run):
    wa, wb = run["wa"], run["wb"]
    periode = "18-05-2026 t/m 08-08-2026"
    assert wa.meldingen_periode == periode
    pdf = " ".join(subprocess.run(["pdftotext", str(run["out"] / f"{CENTRUM}.pdf"), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    assert periode in pdf and "rang (1 = gunstigst)" in pdf and "1 = hoogst" not in pdf
    assert "in het jaar" not in pdf
    html = (run["out"] / "assen_buurt.html").read_text(encoding="utf-8")
    assert f"Assen · buurten · {periode}" in html                    # map subtitle: the period, not 2024
    assert "Assen · buurten · 2024" not in html and "1 = hoogst" not in html
    assert "rang (1 = gunstigst)" in html
    # one rank convention: indicators without a direction get no rank at all
    p = wb.profiel
    assert p[p.richting == "neutraal"].rang.isna().all() and p[p.richting != "neutraal"].rang.notna().any()
    # signal sentences quote the period; "stijgend" only under the trend rule (Centrum: 1.318 -> 1.057)
    s = wa.signalen
    assert all(periode in t for t in s[s.signaal == "meldingen_hoog"].tekst)
    assert not ((s.gebied == CENTRUM) & (s.signaal == "misdrijven_hoog_en_stijgend")).any()
    mis = wa.profiel[(wa.profiel.gebied == CENTRUM) & (wa.profiel.indicator == "misdrijven")].set_index("jaar").waarde
    assert (mis[2023], mis[2024]) == (1318, 1057)
    # reasons for a missing meldingen figure say which one it is
    redenen = set(wb.profiel[(wb.profiel.indicator == "meldingen") & wb.profiel.waarde.isna()].reden)
    assert any(r.startswith("geen vlak op de kaart voor buurt") for r in redenen)
    assert any(r.startswith("minder dan 5 meldingen") for r in redenen)
    assert not any("CBS" in r for r in redenen)
