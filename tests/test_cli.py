"""The wijkscan command: success paths on the embedded data and its error paths (exit codes,
one Dutch sentence, no traceback)."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys

import pandas as pd

from wijkscan.cli import main
from wijkscan.sources import embedded


def run(*args, env_extra=None):
    env = {**os.environ, "WIJKSCAN_OFFLINE": "1", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "wijkscan.cli", *args], capture_output=True, text=True, env=env,
                          timeout=3600)


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
    # every download inside the published folder (it works when only that folder is uploaded); internal maps never
    for link in ("overzicht.pdf", "bestanden/wijkanalyse_buurt.xlsx", "bestanden/profiel.csv",
                 "bestanden/voorschoten_buurt_leeftijd_65plus_aandeel_publiek.html",
                 "bestanden/voorschoten_buurt_misdrijven_per_1000.png"):
        assert f"href='{link}'" in index, link
        assert (tmp_path / "voorschoten" / "rapporten_buurt" / link).exists(), link
    assert "href='../" not in index and "voorschoten_buurt_leeftijd_65plus_aandeel.html'" not in index
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
    # the seasonal pattern and unusual months, on the derived sample and labelled so on screen and in each file
    assert "Seizoenspatroon en ongewone maanden — VOORBEELD (afgeleid, geen echte meldingen)" in r.stdout
    assert "(index" in r.stdout and "in plaats van ongeveer" in r.stdout     # "250 meldingen in plaats van ongeveer 3"
    for naam in ("seizoenspatroon", "ongewone_maanden"):
        t = pd.read_csv(tmp_path / f"assen/{naam}_AFGELEID_voorbeeld.csv", sep=";", encoding="utf-8-sig")
        assert len(t) and (t.let_op == "afgeleid, geen echte meldingen").all(), naam
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
    assert xlsx.loc[1, "gebied"] == "Zuid" and xlsx.loc[1, "Inwoners"] == "onbekend"


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
    # a PDF is as readable as the Excel file beside it (no 0600 from a temporary file)
    umask = os.umask(0o022)
    os.umask(umask)
    for pdf in folder.glob("*.pdf"):
        assert pdf.stat().st_mode & 0o777 == 0o666 & ~umask, pdf
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


def test_help_imports_no_pandas():
    """`wijkscan --help` answers without importing the heavy libraries (the time is in benchmarks/bench_cli.py)."""
    code = ("import sys\nfrom wijkscan.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "zwaar = sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'geopandas', 'numpy', 'matplotlib', "
            "'shapely', 'folium', 'scipy'})\nprint('ZWAAR', zwaar)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=3600)
    assert r.returncode == 0, r.stderr
    assert "ZWAAR []" in r.stdout and "Wijkanalyse voor gemeenten" in r.stdout


def test_unknown_gemeente_codes_and_common_names():
    r = run("gegevens", "GM9999")
    assert r.returncode == 2 and r.stderr.startswith("Fout: Onbekende gemeente: GM9999 is geen gemeentecode")
    for naam, officieel in (("Den Haag", "'s-Gravenhage (GM0518)"), ("den bosch", "'s-Hertogenbosch (GM0796)"),
                            ("Bergen NH", "Bergen (NH.) (GM0373)"), ("Bergen (L)", "Bergen (L.) (GM0893)"),
                            ("Sudwest Fryslan", "Súdwest-Fryslân (GM1900)"), ("Zuidwest Friesland", "Súdwest-Fryslân")):
        r = run("gegevens", naam, "--niveau", "gemeente")
        assert r.returncode == 0 and r.stdout.startswith(officieel), (naam, r.stderr)
    r = run("gegevens", "Bergen")
    assert r.returncode == 2 and "Bergen (NH.) (GM0373)" in r.stderr and "Bergen (L.) (GM0893)" in r.stderr


def test_messages_name_cli_options_not_python():
    r = run("gegevens", "GM0398", "--offline")          # a former gemeente: known, but not in the offline data
    assert r.returncode == 3 and "--offline" in r.stderr and "--bron ingebouwd" in r.stderr
    r = run("gegevens", "Voorschoten", "--jaar", "2031")
    assert r.returncode == 2 and "--jaar" not in r.stderr and "TABELLEN" not in r.stderr
    uit = run("gegevens", "Voorschoten", "--niveau", "gemeente").stdout     # the offline remark, without "(GeenVerbinding)"
    assert "ingebouwde gegevens zijn gebruikt." in uit
    for err in (r.stderr, run("gegevens", "GM0398").stderr, uit):
        assert not re.search(r"settings\.|kolommen=|TABELLEN|Jupyter|wijkscan\.load|\((?:[A-Z][a-z]+)+[A-Z]\w*\)", err), err


def test_python_phrases_of_shared_messages_become_cli_options():
    from wijkscan.cli import voor_cli

    assert voor_cli("Geef ze op met kolommen={'lat': ..., 'lon': ...} of kolommen={'x': ..., 'y': ...}.") == \
        "Geef ze op met --kolom lat=... --kolom lon=... of --kolom x=... --kolom y=...."
    assert voor_cli("(in Python: enquete_kolommen={'gebied': ...}; op de opdrachtregel: --enquete-kolom gebied=X)") \
        == "(--enquete-kolom gebied=X)"
    assert voor_cli("gebruikt (GeenVerbinding).") == "gebruikt."
    assert voor_cli("Bergen (NH.) en Stein (L.)") == "Bergen (NH.) en Stein (L.)"


def test_input_is_checked_before_the_analysis(tmp_path, monkeypatch, capsys):
    import wijkscan.cli as cli

    def niet_laden(*args, **kwargs):
        raise AssertionError("de gegevens zijn geladen voor de invoer is gecontroleerd")

    monkeypatch.setattr(cli, "load", niet_laden)
    assert main(["kaart", "Voorschoten", "--indicator", "misdrijvn_per_1000", "--uitvoer", str(tmp_path)]) == 2
    assert "Bedoelt u misdrijven_per_1000" in capsys.readouterr().err
    for optie, kop in (("--indeling", "buurt;gebied;naam"), ("--enquete", "gebied,indicator,score")):
        leeg = tmp_path / "alleen kop.csv"
        leeg.write_text(kop + "\n", encoding="utf-8")
        assert main(["analyse", "Voorschoten", optie, str(leeg), "--uitvoer", str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert "alleen een kopregel" in err and f"{optie} '{leeg}'" in err    # a path with a space, quoted
    leeg = tmp_path / "meldingen.csv"
    leeg.write_text("id;datum;categorie;lat;lon\n", encoding="utf-8")
    assert main(["meldingen", "Assen", str(leeg), "--uitvoer", str(tmp_path)]) == 2
    assert "alleen een kopregel" in capsys.readouterr().err
    assert main(["analyse", "Voorschoten", "--enquete-kolom", "gebied=Buurt", "--uitvoer", str(tmp_path)]) == 2
    assert "--enquete-kolom zonder --enquete" in capsys.readouterr().err


def test_many_buurten_without_polygon_in_one_line_and_klassen_on_the_print_map(tmp_path, monkeypatch, capsys):
    uit = tmp_path / "met spatie"
    assert main(["analyse", "Dijk en Waard", "--bron", "ingebouwd", "--uitvoer", str(uit)]) == 0
    out = capsys.readouterr().out
    assert "69 buurten zonder vlak op de buurtkaart" in out and "gebruik --niveau wijk" in out
    assert out.count("let op") < 8 and "(GeenVerbinding)" not in out
    import wijkscan

    assert wijkscan.load("Dijk en Waard", bron="ingebouwd").ontbrekend_tekst.startswith(
        "69 buurten hebben geen vlak op de meegeleverde buurtkaart")
    assert f"Opgeslagen: '{uit}/dijk en waard/wijkanalyse_buurt.xlsx'" in out
    from wijkscan import maps

    gezien = {}
    echt = maps.drukkaart

    def drukkaart(wa, indicator, pad, **kw):
        gezien.update(kw)
        return echt(wa, indicator, pad, formaten=("png",), **kw)

    monkeypatch.setattr(maps, "drukkaart", drukkaart)
    assert main(["kaart", "Dijk en Waard", "--bron", "ingebouwd", "--klassen", "natural_breaks", "--achtergrond", "geen",
                 "--indicator", "aandeel 65 jaar of ouder", "--uitvoer", str(uit)]) == 0
    assert gezien["klassen"] == "natural_breaks"
    out = capsys.readouterr().out
    assert "gebruik --niveau wijk voor een kaart" in out


def test_derived_meldingen_sample_is_labelled_and_long_enough():
    """The 36-month sample for the seasonal demo: every row says it is derived, and it covers three years."""
    rijen = json.loads(gzip.open(embedded.meldingen_bestand("assen_afgeleid_36_maanden")).read().decode())
    assert all(r["bron"] == "afgeleid, geen echte meldingen" and r["id"].startswith("afgeleid-") for r in rijen)
    assert not [r for r in rijen if "address" in r or "text" in r]
    maanden = pd.to_datetime(pd.Series([r["created_at"] for r in rijen]), format="ISO8601").dt.strftime("%Y-%m")
    assert maanden.nunique() == 36 and maanden.min() == "2023-08" and maanden.max() == "2026-07"
    # categories, subcategories and places are those of real meldingen
    echt = json.loads(gzip.open(embedded.meldingen_bestand()).read().decode())
    plekken = {(r["lat"], r["lng"], r["category"]) for r in echt}
    assert all((r["lat"], r["lng"], r["category"]) in {(round(a, 6), round(b, 6), c) for a, b, c in plekken}
               for r in rijen[:500])


def test_meldingen_command_prints_patterns_and_keeps_rejected_rows_internal(tmp_path, capsys):
    """`wijkscan meldingen` prints what the run found over time (registration, season, unusual months, trends) from
    wa.meldingenpatronen; the rejected rows (addresses, coordinates) go to the intern/ folder, never beside the
    public table; the internal count file is the run's own table (wa.meldingen_intern)."""
    import wijkscan

    bron = embedded.meldingen_bestand("assen_afgeleid_36_maanden")
    assert main(["meldingen", "Assen", str(bron), "--bron", "ingebouwd", "--niveau", "wijk", "--uitvoer",
                 str(tmp_path)]) == 0
    out = capsys.readouterr().out
    deel = out[out.index("Patronen in de meldingen:"):]
    assert "Registratie: " in deel and "Seizoen — " in deel and "meeste in" in deel
    assert "Ongewone maanden: niet bepaald" not in deel and "Trends: niet bepaald" not in deel
    assert "Trend — " in deel or "geen duidelijke stijging of daling" in deel
    folder = tmp_path / "assen"
    assert (folder / "intern" / "meldingen_afgewezen_INTERN.csv").exists()
    assert not (folder / "meldingen_afgewezen_INTERN.csv").exists()
    assert (folder / "meldingen_per_wijk_publicatie.csv").exists()
    assert not (folder / "meldingen_per_wijk_INTERN.csv").exists()        # internal counts only in intern/
    tel = pd.read_csv(folder / "intern" / "meldingen_per_wijk_INTERN.csv", sep=";", decimal=",", index_col=0)
    wa = wijkscan.wijkanalyse("Assen", niveau="wijk", bron="ingebouwd",
                              meldingen=wijkscan.lees_meldingen(bron, gemeente_grens=wijkscan.load("Assen",
                                                                                                  bron="ingebouwd")))
    assert wa.meldingen_intern is not None and wa.meldingentelling is not None
    assert tel.loc["GM0106", "meldingen"] == wa.meldingentelling.aantal
    pd.testing.assert_series_equal(tel.per_1000_inwoners, wa.meldingen_intern.per_1000_inwoners.astype(float),
                                   check_names=False, check_index_type=False)


def test_summary_reads_the_ranking_of_the_run(capsys):
    """The printed meldingen ranking is wa.meldingen_rangorde: the profile's published figures, most per 1.000 first."""
    import wijkscan
    from wijkscan.cli import _toon_analyse

    wa = wijkscan.wijkanalyse("Assen", niveau="wijk", bron="ingebouwd", meldingen=wijkscan.assen_meldingen())
    r = wa.meldingen_rangorde
    assert r is not None and len(r) and r.meldingen_per_1000.is_monotonic_decreasing
    (code, naam), eerste = next(r.iterrows())
    assert eerste.meldingen_per_1000 == wa.waarde(code, "meldingen_per_1000")
    _toon_analyse(wa)
    out = capsys.readouterr().out
    assert f"{naam} ({code}): " in out.split("meeste per 1.000 inwoners eerst):")[1].splitlines()[1]
