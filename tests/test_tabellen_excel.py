"""Tables for Excel: integers as integers, shares with one decimal, no float noise; XLSX with number
formats, a frozen header, a filter and column widths. Real data (the embedded Assen snapshot)."""

from __future__ import annotations

import csv
import re

import pytest
from openpyxl import load_workbook

import wijkscan
from wijkscan.report.excel import afronden


@pytest.fixture(scope="module")
def assen():
    return wijkscan.wijkanalyse("Assen", bron="ingebouwd")


@pytest.fixture(scope="module")
def csvs(assen, tmp_path_factory):
    return {p.stem: p for p in assen.naar_csv(tmp_path_factory.mktemp("csv"))}


def _rijen(pad):
    with open(pad, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def test_csv_getallen_zonder_ruis(csvs):
    ruis = re.compile(r"^-?\d+,\d{4,}$")
    for naam in ("overzicht", "profiel", "trends", "signalen", "aandachtsgebieden", "bijdragen"):
        for rij in _rijen(csvs[naam]):
            for kolom, v in rij.items():
                assert not ruis.match(v or ""), (naam, kolom, v)          # 23,406113537117903 / 73,89999999999345
                assert not re.match(r"^-?\d+,0$", v or ""), (naam, kolom, v)   # 5725,0


def test_csv_aantallen_en_aandelen(assen, csvs):
    rijen = _rijen(csvs["overzicht"])
    assert len(rijen) == assen.profiel.gebied.nunique()
    inwoners = [r["Inwoners"] for r in rijen if r["Inwoners"] != "onbekend"]
    assert inwoners and all(re.fullmatch(r"\d+", v) for v in inwoners)                  # counts: integers
    aandeel = [r["Aandeel 65 jaar of ouder (%)"] for r in rijen if r["Aandeel 65 jaar of ouder (%)"] != "onbekend"]
    assert aandeel and all(re.fullmatch(r"\d+(,\d)?", v) for v in aandeel)            # shares: one decimal
    # the same figure as in the analysis, rounded
    code = rijen[0]["gebied"]
    echt = assen.waarde(code, "leeftijd_65plus_aandeel")
    assert rijen[0]["Aandeel 65 jaar of ouder (%)"] == f"{round(echt, 1):g}".replace(".", ",")


def test_profiel_per_indicator_afgerond(assen, csvs):
    for rij in _rijen(csvs["profiel"]):
        assert rij["waarde"], rij                      # never a blank cell where the PDF says "onbekend"
        if rij["waarde"] == "onbekend":
            continue
        if rij["indicator"] == "inwoners":
            assert re.fullmatch(r"\d+", rij["waarde"])
        if rij["eenheid"] == "%":
            assert re.fullmatch(r"\d+(,\d)?", rij["waarde"]), rij


def test_onbekend_in_plaats_van_lege_cel(assen, csvs):
    """Where the PDF prints "onbekend" the CSV writes the word, and the legend explains each sign once."""
    rijen = _rijen(csvs["overzicht"])
    leeg = [(r["gebied"], k) for r in rijen for k, v in r.items() if k not in ("gebied", "naam") and v == ""]
    assert leeg == []
    gemist = assen.tabel().isna().to_numpy().sum()
    assert gemist > 0                                                  # Assen has missing figures to check on
    # "onbekend" where the data do not give the figure, "geen gegevens" for a column without a single figure
    assert sum(v in ("onbekend", "geen gegevens") for r in rijen for v in r.values()) == gemist
    assert any(v == "onbekend" for r in rijen for v in r.values())
    tekens = [r["teken"] for r in _rijen(csvs["verklaring"])]
    assert sorted(tekens) == sorted(set(tekens)) and {"<5", "x", "onbekend", "geen gegevens"} <= set(tekens)


def test_xlsx_opmaak(assen, tmp_path):
    pad = assen.naar_excel(tmp_path / "assen.xlsx")
    wb = load_workbook(pad)
    assert {"overzicht", "profiel", "aandachtsgebieden", "indicatoren", "verklaring"} <= set(wb.sheetnames)
    ws = wb["overzicht"]
    kop = [c.value for c in ws[1]]
    assert kop[:3] == ["gebied", "naam", "Inwoners"]
    assert ws.freeze_panes == "C2"                                   # header and area name stay in view
    assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=len(kop)).column_letter}{ws.max_row}"
    inw = ws.cell(row=2, column=3)
    assert isinstance(inw.value, int) and inw.number_format == "#,##0"
    j = kop.index("Aandeel 65 jaar of ouder (%)") + 1
    aandeel = ws.cell(row=2, column=j)
    assert isinstance(aandeel.value, float) and aandeel.number_format == "#,##0.0"
    assert ws.column_dimensions["B"].width >= 10                     # names readable without dragging columns
    assert wb["profiel"].freeze_panes == "C2" and wb["profiel"].auto_filter.ref


def test_afronden_regels():
    import pandas as pd

    df = pd.DataFrame({"indicator": ["inwoners", "leeftijd_65plus_aandeel"], "waarde": [5725.0, 23.406113537117903],
                       "score": [1.23456, None]})
    cat = pd.DataFrame({"decimalen": [0, 1], "eenheid": ["aantal", "%"]},
                       index=["inwoners", "leeftijd_65plus_aandeel"])
    uit = afronden(df, catalogus=cat)
    assert uit["waarde"].tolist() == [5725.0, 23.4] and uit["score"].iloc[0] == 1.23
