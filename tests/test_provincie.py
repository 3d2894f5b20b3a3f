"""Loading a provincie (issue 16, item 6): all its gemeenten at once, on the real embedded data, in Python and on
the command line."""

from __future__ import annotations

import pandas as pd
import pytest

import wijkscan
from tests.test_cli import run
from wijkscan.sources.gemeenten import PROVINCIES, gemeenten, provincie_gemeenten, provincie_naam, provincie_van

#: Assen, Coevorden, Emmen, Hoogeveen, Meppel, Aa en Hunze, Borger-Odoorn, De Wolden, Noordenveld, Westerveld,
#: Tynaarlo, Midden-Drenthe (CBS Gebieden in Nederland 2024)
DRENTHE = {"GM0106", "GM0109", "GM0114", "GM0118", "GM0119", "GM1680", "GM1681", "GM1690", "GM1699", "GM1701",
           "GM1730", "GM1731"}


def test_drenthe_is_its_twelve_gemeenten():
    dr = wijkscan.load(provincie="Drenthe")
    assert set(dr.gemeenten) == DRENTHE and len(dr.gemeenten) == 12
    assert dr.naam == "Drenthe" and dr.code == "PV22"
    assert "GM0106" in dr.gemeenten                                             # Assen
    assert set(dr.gebieden[dr.gebieden.niveau == "gemeente"].index) == DRENTHE
    assert set(dr.gebieden.gemeente) == DRENTHE                                 # nothing from elsewhere
    assert dr.tabel("gemeente").loc["GM0106", "AantalInwoners"] == 69701
    assert dr.bron == {"kerncijfers": "ingebouwd", "grenzen": "ingebouwd"}
    # the same as the list of its gemeenten
    lijst = wijkscan.load(sorted(DRENTHE), bron="ingebouwd")
    assert lijst.gebieden.index.equals(dr.gebieden.index)
    assert len(lijst.kerncijfers) == len(dr.kerncijfers)


@pytest.mark.parametrize("naam", ["Fryslân", "fryslan", "FRYSLAN", "Friesland", " friesland ", "PV21", "pv21"])
def test_fryslan_by_any_name(naam):
    fr = wijkscan.load(provincie=naam)
    assert fr.naam == "Fryslân" and fr.code == "PV21" and len(fr.gemeenten) == 18
    assert {"GM0088", "GM1900"} <= set(fr.gemeenten)                            # Schiermonnikoog, Súdwest-Fryslân


def test_names_without_case_accents_or_hyphen():
    assert provincie_naam("Noord Holland") == provincie_naam("noord-holland") == "Noord-Holland"
    assert provincie_naam("NOORD-BRABANT") == provincie_naam("Brabant") == "Noord-Brabant"
    assert wijkscan.load(provincie="zuid holland").naam == "Zuid-Holland"
    assert provincie_van("GM1900") == "Fryslân" and provincie_van("GM0106") == "Drenthe" and provincie_van("GM9999") is None
    # the names and codes of wijkscan's table are those of the snapshot (CBS Gebieden in Nederland 2024)
    t = gemeenten()
    assert set(zip(t.provinciecode, t.provincie, strict=True)) == set(PROVINCIES.items())
    # every gemeente is in exactly one provincie, and the twelve add up to the 342
    alle = [c for p in PROVINCIES.values() for c in provincie_gemeenten(p)]
    assert len(alle) == len(set(alle)) == 342
    assert len(provincie_gemeenten("Noord-Brabant")) == 56 and len(provincie_gemeenten("Flevoland")) == 6


def test_unknown_provincie_is_a_dutch_error_listing_the_twelve():
    with pytest.raises(wijkscan.OngeldigeInvoer) as e:
        wijkscan.load(provincie="Atlantis")
    tekst = str(e.value)
    assert tekst.startswith("Provincie 'Atlantis' is onbekend.")
    for naam in PROVINCIES.values():
        assert naam in tekst
    with pytest.raises(wijkscan.OngeldigeInvoer, match="Bedoelt u 'Zeeland'"):
        wijkscan.load(provincie="Zeland")


def test_gemeente_and_provincie_both_or_neither():
    with pytest.raises(wijkscan.OngeldigeInvoer, match="niet allebei"):
        wijkscan.load("Assen", provincie="Drenthe")
    with pytest.raises(wijkscan.OngeldigeInvoer, match="Geef een gemeente op"):
        wijkscan.load()
    with pytest.raises(wijkscan.OngeldigeInvoer, match="ingebouwde gegevens"):
        wijkscan.load(provincie="Drenthe", bron="online")
    with pytest.raises(wijkscan.OngeldigeInvoer, match="provincie= past niet"):
        wijkscan.wijkanalyse(wijkscan.load("Assen", bron="ingebouwd"), provincie="Drenthe")


def test_wijkanalyse_of_a_provincie():
    wa = wijkscan.wijkanalyse(provincie="Drenthe", niveau="wijk")
    assert wa.gemeente.naam == "Drenthe" and wa.profiel.gebied.nunique() == 189   # the wijken of the twelve gemeenten
    p = wa.profiel[(wa.profiel.jaar == 2024) & (wa.profiel.indicator == "inwoners")].set_index("gebied")
    assert p.index.str[2:6].isin({c[2:] for c in DRENTHE}).all()
    # every wijk beside its own gemeente: a wijk of Assen against Assen, one of Emmen against Emmen
    gem = wa.gemeente.tabel("gemeente").AantalInwoners
    assert p.loc["WK010600", "gemeente"] == gem["GM0106"] == 69701
    assert p.loc["WK011401", "gemeente"] == gem["GM0114"]


def test_cli_analyse_provincie(tmp_path):
    r = run("analyse", "--provincie", "Drenthe", "--niveau", "gemeente", "--uitvoer", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "Wijkanalyse Drenthe 2024" in r.stdout and "gemeente: 12 gebieden" in r.stdout
    xlsx = tmp_path / "drenthe" / "wijkanalyse_gemeente.xlsx"
    assert xlsx.stat().st_size > 5000
    overzicht = pd.read_excel(xlsx, sheet_name="overzicht")
    assert set(overzicht.gebied) == DRENTHE
    assert overzicht.set_index("gebied").loc["GM0106", "Inwoners"] == 69701


def test_cli_gegevens_provincie_and_its_errors(tmp_path):
    csv = tmp_path / "fryslan.csv"
    r = run("gegevens", "--provincie", "friesland", "--niveau", "gemeente", "--csv", str(csv))
    assert r.returncode == 0, r.stderr
    assert "Fryslân (PV21) — kerncijfers 2024, 18 gemeente" in r.stdout
    assert "Schiermonnikoog (GM0088)" in r.stdout and "Súdwest-Fryslân (GM1900)" in r.stdout
    assert len(pd.read_csv(csv, sep=";", decimal=",", encoding="utf-8-sig")) == 18
    r = run("gegevens", "Assen", "--provincie", "Drenthe")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith("Fout: Geef een gemeente of --provincie op, niet allebei")
    r = run("analyse")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith("Fout: Geef een gemeente op") and "--provincie Drenthe" in r.stderr
    r = run("analyse", "--provincie", "Atlantis")
    assert r.returncode == 2 and r.stderr.startswith("Fout: Provincie 'Atlantis' is onbekend.")


def test_cli_analyse_provincie_per_buurt_counts_the_remarks_beyond_twenty(tmp_path, capsys):
    from wijkscan.cli import MAX_LET_OP, main

    assert main(["analyse", "--provincie", "Drenthe", "--bron", "ingebouwd", "--uitvoer", str(tmp_path)]) == 0
    uit = capsys.readouterr().out
    regels = [r for r in uit.splitlines() if r.startswith("  let op (")]
    assert 1 <= len(regels) <= MAX_LET_OP                                 # not one line per buurt without a polygon
    # the buurten without a polygon are one summarised line that says how many and what to do
    zonder_vlak = [r for r in regels if "niet op de meegeleverde buurtkaart" in r]
    assert len(zonder_vlak) == 1 and "57 buurten" in zonder_vlak[0]
    bladen = pd.read_excel(tmp_path / "drenthe" / "wijkanalyse_buurt.xlsx", sheet_name=None)
    assert len(bladen["meldingen bij invoer"]) > MAX_LET_OP                # everything is in the workbook
    assert len(bladen["overzicht"]) == 679
