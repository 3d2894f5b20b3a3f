"""The wijkscan command: success paths on the embedded data and its error paths (exit codes,
one Dutch sentence, no traceback)."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pandas as pd

from wijkscan.cli import main
from wijkscan.sources import embedded


def run(*args, env_extra=None):
    import os

    env = {**os.environ, "WIJKSCAN_OFFLINE": "1", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "wijkscan.cli", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def test_demo_writes_the_wijkanalyse_of_both_gemeenten(tmp_path):
    # Voorschoten with its 12 PDFs; Assen (109 buurten) without PDFs to keep the suite quick
    r = run("demo", "--uitvoer", str(tmp_path), "--gemeente", "Voorschoten", "--kaarten", str(tmp_path / "maps"))
    assert r.returncode == 0, r.stderr
    for suffix in (".html", ".iframe.html", ".png", ".svg", ".pdf"):
        assert (tmp_path / "maps" / f"voorschoten_buurt_leeftijd_65plus_aandeel{suffix}").stat().st_size > 200
    assert "Noord-Hofland (BU06260001): inwoners 5.725" in r.stdout
    pdfs = sorted((tmp_path / "voorschoten" / "rapporten_buurt").glob("BU*.pdf"))
    assert len(pdfs) == 12 and (tmp_path / "voorschoten" / "rapporten_buurt" / "overzicht.pdf").exists()
    # reports for every indeling of the demo, PC4 included, and the public map variant beside the internal one
    assert len(list((tmp_path / "voorschoten" / "rapporten_pc4").glob("*.pdf"))) == 4 + 1
    assert (tmp_path / "maps" / "voorschoten_buurt_leeftijd_65plus_aandeel_publiek.html").stat().st_size > 200
    assert "aspect-ratio" in (tmp_path / "maps" / "voorschoten_buurt_leeftijd_65plus_aandeel_publiek.iframe.html"
                              ).read_text(encoding="utf-8")
    index = (tmp_path / "voorschoten" / "rapporten_buurt" / "index.html").read_text(encoding="utf-8")
    for link in ("overzicht.pdf", "../wijkanalyse_buurt.xlsx", "../csv_buurt/profiel.csv",
                 "voorschoten_buurt_leeftijd_65plus_aandeel.html", "voorschoten_buurt_misdrijven_per_1000.png"):
        assert link in index, link
    assert "12 rapporten per buurt" in index and "1 signalen" not in r.stdout and "(en)" not in r.stdout
    kern = (tmp_path / "voorschoten" / "kerncijfers_GM0626_2024.csv").read_text(encoding="utf-8-sig")
    assert ";5725;" in kern and ",0;" not in kern                 # counts as integers, no "5725,0"
    r = run("demo", "--uitvoer", str(tmp_path), "--gemeente", "Assen", "--zonder-rapporten", "--kaarten",
            str(tmp_path / "maps"))
    assert r.returncode == 0, r.stderr
    assert "Assen (GM0106) — kerncijfers 2024, 10 wijken" in r.stdout
    assert "3.022 meldingen geaccepteerd, 2 afgewezen" in r.stdout
    for f in ("voorschoten/wijkanalyse_buurt.xlsx", "voorschoten/wijkanalyse_pc4.xlsx", "assen/wijkanalyse_buurt.xlsx",
              "assen/wijkanalyse_wijk.xlsx", "assen/kerncijfers_GM0106_2024.csv", "assen/meldingen_per_wijk_publicatie.csv"):
        assert (tmp_path / f).stat().st_size > 500, f
    pub = (tmp_path / "assen/meldingen_per_wijk_publicatie.csv").read_text(encoding="utf-8-sig")
    assert "<5" in pub
    raw = json.loads(gzip.open(embedded.meldingen_bestand()).read().decode())
    streets = {r["address"].split(",")[0] for r in raw if r.get("address")}
    assert streets and not [s for s in streets if s in pub]
    table = pd.read_csv(tmp_path / "assen/kerncijfers_GM0106_2024.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert len(table) == 109
    assert table.set_index("code").loc["BU01060005", "AantalInwoners"] == 1510


def test_analyse_with_own_indeling_and_survey(tmp_path, capsys):
    ind = tmp_path / "wijken.csv"
    ind.write_text("buurt;gebied\nBU06260001;Noord\nBU06260002;Noord\nOnbekend;Zuid\n", encoding="utf-8")
    code = main(["analyse", "Voorschoten", "--bron", "ingebouwd", "--indeling", str(ind), "--uitvoer", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    # Zuid's only row names an unknown buurt: the area stays (without figures) and the row is reported
    assert "eigen indeling: 2 gebieden" in out
    assert "niet ingedeeld" in out  # the ten buurten not in the table are reported
    xlsx = pd.read_excel(tmp_path / "voorschoten" / "wijkanalyse_eigen indeling.xlsx", sheet_name="overzicht")
    assert xlsx.loc[0, "Inwoners"] == 5725 + 2655
    assert xlsx.loc[1, "gebied"] == "Zuid" and pd.isna(xlsx.loc[1, "Inwoners"])


def test_errors_are_one_dutch_sentence_with_an_exit_code():
    r = run("gegevens", "Atlantis")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith("Fout: Gemeente 'Atlantis' is onbekend.")
    r = run("gegevens", "GM0398", "--offline")  # Heerhugowaard (until 2022): not embedded
    assert r.returncode == 3 and "Traceback" not in r.stderr
    assert "staat offline" in r.stderr
    r = run("analyse", "Voorschoten", "--bron", "ingebouwd", "--enquete", "bestaat-niet.csv")
    assert r.returncode == 2 and "bestaat niet" in r.stderr
    r = run("gegevens", "Voorschoten", "--jaar", "2022", "--bron", "ingebouwd")
    assert r.returncode == 2 and "ingebouwde gegevens zijn van 2024" in r.stderr


def test_rapport_and_meldingen_commands(tmp_path, capsys):
    code = main(["rapport", "Voorschoten", "--bron", "ingebouwd", "--gebied", "BU06260006", "--uitvoer", str(tmp_path),
                 "--organisatie", "Gemeente Voorschoten", "--kleur", "#006b3f"])
    assert code == 0
    folder = tmp_path / "voorschoten" / "rapporten_buurt"
    assert (folder / "BU06260006_bijdorp.pdf").exists() and (folder / "overzicht.pdf").exists()
    uit = capsys.readouterr().out
    assert "1 rapport in" in uit and "1 rapporten" not in uit             # singular for one
    csv = tmp_path / "m.csv"
    csv.write_text("id;datum;categorie;lat;lon\n1;01-06-2026;Afval;52,99;6,56\n2;geen datum;Afval;52,99;6,56\n"
                   "3;02-06-2026;Afval;;\n", encoding="utf-8")
    code = main(["meldingen", "Assen", str(csv), "--bron", "ingebouwd", "--uitvoer", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "3 rijen gelezen: 1 melding geaccepteerd, 2 afgewezen." in out
    assert "geen coördinaten: 1" in out


def test_kaart_command(tmp_path, capsys):
    code = main(["kaart", "Voorschoten", "--bron", "ingebouwd", "--indicator", "misdrijven_per_1000",
                 "--klassen", "equal_interval", "--achtergrond", "geen", "--uitvoer", str(tmp_path)])
    assert code == 0
    html = (tmp_path / "voorschoten_buurt_misdrijven_per_1000.html").read_text(encoding="utf-8")
    assert "Geregistreerde misdrijven per 1.000 inwoners" in html and "Boschgeest" in html
    assert (tmp_path / "voorschoten_buurt_misdrijven_per_1000.png").exists()
    assert main(["kaart", "Voorschoten", "--bron", "ingebouwd", "--indicator", "geluk", "--uitvoer", str(tmp_path)]) == 2
    assert "Onbekende indicator 'geluk'" in capsys.readouterr().err


def test_dutch_help():
    r = run("--help")
    assert r.returncode == 0 and "Wijkanalyse voor gemeenten" in r.stdout
    r = run("analyse", "--help")
    assert "eigen wijkindeling" in r.stdout
    assert "gebruik:" in r.stdout and "opties:" in r.stdout and "toon deze hulp en stop" in r.stdout
    r = run()
    assert r.returncode == 2
    r = run("analyse", "Voorschoten", "--niveau", "stad")
    assert r.returncode == 2 and "Fout: argument --niveau: ongeldige keuze: 'stad'" in r.stderr
