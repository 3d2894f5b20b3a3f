"""The ``wijkscan`` command line. Messages are Dutch; errors are one sentence, not a traceback.

Exit codes: 0 success, 2 wrong input (unknown gemeente, year, option), 3 no connection
and nothing cached, 4 a service answered nonsense, 1 anything unexpected.
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import tekens
from .errors import GeenVerbinding, OngeldigAntwoord, OngeldigeInvoer, WijkscanFout
from .settings import settings

# Only light imports at the top: `wijkscan --help` must answer at once (pandas, geopandas and matplotlib are
# imported by the commands that need them; benchmarks/bench_cli.py measures it).
from .versie import __version__


def load(gemeente: str | list[str] | tuple[str, ...] | None = None, jaar: int = 2024, bron: str = "auto",
         *, provincie: str | None = None) -> GemeenteData:
    """:func:`wijkscan.loading.load`, imported when a command needs it (``--help`` stays fast)."""
    from .loading import load as _load

    return _load(gemeente, jaar, bron, provincie=provincie)


def getal(value: object, decimalen: int = 0, eenheid: str = "") -> str:
    from .nlformat import getal as _getal

    return _getal(value, decimalen, eenheid)


def veilige_tabel(df: pd.DataFrame) -> pd.DataFrame:
    from .veilig import veilige_tabel as _veilig

    return _veilig(df)


def pad(p: str | Path) -> str:
    """A path as a user can paste it into a shell: quoted when it holds spaces or other special characters."""
    return shlex.quote(str(p))


#: Python phrases in messages shared with the API, and what a command-line user does instead
VOOR_CLI = [
    (r"Zet wijkscan\.settings\.offline = False op een computer met internet",
     "Geef de opdracht zonder --offline (en zonder WIJKSCAN_OFFLINE=1) op een computer met internet"),
    (r"Zet\s+wijkscan\.settings\.offline = False met internet",
     "Geef de opdracht zonder --offline op een computer met internet"),
    (r"wijkscan\.settings\.offline = False", "de opdracht zonder --offline"),
    (r"\(?wijkscan\.load\([^)]*bron='ingebouwd'\)\)?", "(--bron ingebouwd)"),
    (r"bron='(\w+)'", r"--bron \1"),
    (r"(?:voeg de tabel toe aan|controleer) wijkscan\.sources\.cbs\.TABELLEN(?: als CBS hem inmiddels heeft gepubliceerd)?",
     "werk wijkscan bij als CBS de tabel inmiddels heeft gepubliceerd"),
    (r"geocodeer=True", "--geocodeer"),
    (r" \(of --kolom [^)]*\)", ""),
    (r"\(in Python: [^;]*; op de opdrachtregel: ([^)]*)\)", r"(\1)"),
]


def _kolom_opties(m: re.Match) -> str:
    """``kolommen={'lat': ..., 'lon': ...}`` → ``--kolom lat=... --kolom lon=...``."""
    paren = re.findall(r"'(\w+)':\s*('[^']*'|\.\.\.|<[^>]*>)", m.group(1))
    return " ".join(f"--kolom {k}={v.strip(chr(39))}" for k, v in paren) or "--kolom STANDAARD=KOLOM"


def voor_cli(tekst: str) -> str:
    """A message shared by the API and the command line, in the words of the command line.

    Example
    -------
    >>> voor_cli("Geef hem op met kolommen={'datum': '<kolomnaam>'} (of --kolom datum=<kolomnaam>).")
    'Geef hem op met --kolom datum=<kolomnaam>.'
    >>> voor_cli("Zet wijkscan.settings.offline = False op een computer met internet (GeenVerbinding).")
    'Geef de opdracht zonder --offline (en zonder WIJKSCAN_OFFLINE=1) op een computer met internet.'
    """
    for patroon, vervanging in VOOR_CLI:
        tekst = re.sub(patroon, vervanging, tekst)
    tekst = re.sub(r"kolommen=\{([^}]*)\}", _kolom_opties, tekst)
    # Python class names in parentheses ("(GeenVerbinding)", "(ConnectionError)") say nothing to a user
    return re.sub(r"\s*\((?:[A-Z][a-z]+){1,}[A-Z]\w*\)", "", tekst)

if TYPE_CHECKING:
    import pandas as pd

    from .loading import GemeenteData
    from .model import Wijkprofiel
    from .sources.meldingen import MeldingenImport

#: gemeente -> indelingen to analyse, and those that get a PDF per area
DEMO = {
    "Voorschoten": {"indelingen": ("buurt", "pc4"), "rapporten": ("buurt", "pc4")},
    "Assen": {"indelingen": ("buurt", "wijk"), "rapporten": ("wijk", "buurt")},
}
MAX_BUURTEN_IN_SAMENVATTING = 25
#: remarks on the input printed by ``wijkscan analyse``; the rest is counted (all are in the Excel workbook)
MAX_LET_OP = 20


def _schrijf_analyse(wa: Wijkprofiel, map_: Path) -> Path:
    map_.mkdir(parents=True, exist_ok=True)
    xlsx = wa.naar_excel(map_ / f"wijkanalyse_{wa.indeling.naam}.xlsx")
    wa.naar_csv(map_ / f"csv_{wa.indeling.naam}")
    return xlsx


def _links(wa: Wijkprofiel, map_: Path, kaarten: Sequence[Path] = ()) -> dict[str, str | Path]:
    """What index.html links to besides the reports: the tables and the maps of this indeling."""
    links: dict[str, str | Path] = {"Alle tabellen (Excel)": map_ / f"wijkanalyse_{wa.indeling.naam}.xlsx"}
    for csv in sorted((map_ / f"csv_{wa.indeling.naam}").glob("*.csv")):
        links[f"Tabel {csv.stem} (CSV)"] = csv
    for kaart in kaarten:
        soort = {".html": "interactief", ".png": "afbeelding", ".pdf": "PDF", ".svg": "SVG"}.get(kaart.suffix, "")
        links[f"Kaart {kaart.stem.split('_', 2)[-1].replace('_', ' ')} ({soort})"] = kaart
    return links


def _schrijf_rapporten(wa: Wijkprofiel, map_: Path, kaarten: Sequence[Path] = ()) -> Path:
    from .report import overzicht, rapporten
    from .teksten import aantal

    folder = map_ / f"rapporten_{wa.indeling.naam}"
    overzicht(wa, folder / "overzicht.pdf")
    result = rapporten(wa, folder, links=_links(wa, map_, kaarten))
    made = int((result.status == "gemaakt").sum())
    print(f"    {aantal(len(result), 'rapport')} (PDF) in {pad(folder)} ({made} nieuw, {len(result) - made} hergebruikt), "
          f"overzicht.pdf en index.html")
    return folder


def _toon_analyse(wa: Wijkprofiel) -> None:
    a = wa.aandachtsgebieden
    top = a[a.status.isin(["aandachtsgebied", "let op"])].head(5)
    from .teksten import aantal

    print(f"  {wa.indeling.naam}: {aantal(wa.profiel.gebied.nunique(), 'gebied')}, {aantal(len(wa.signalen), 'signaal')}, "
          f"{aantal(int((a.status == 'aandachtsgebied').sum()), 'aandachtsgebied')}")
    for r in top.itertuples():
        print(f"    {r.rang}. {r.naam} ({r.gebied}) score {getal(r.score, 2)} — {r.status}; {r.toelichting}")
    for r in wa.signalen.head(5).itertuples():
        print(f"    signaal {r.naam}: {r.tekst}")
    if wa.meldingen_rangorde is not None:
        print(f"    meldingen openbare ruimte {wa.meldingen_periode} (meeste per 1.000 inwoners eerst):")
        for (code, naam), r in wa.meldingen_rangorde.head(MAX_BUURTEN_IN_SAMENVATTING).iterrows():
            print(f"      {naam} ({code}): {getal(r.meldingen)} meldingen, {getal(r.meldingen_per_1000, 1)} per 1.000 inwoners")


#: the folder, inside the output folder of a gemeente, for files with personal data (rejected rows: addresses,
#: coordinates); the index of the reports never links a file in it
INTERN_MAP = "intern"


def _schrijf_meldingen(imp: MeldingenImport, map_: Path) -> Path:
    """The import summary, and the rejected rows in the internal folder ``intern/`` (never beside public files)."""
    intern = map_ / INTERN_MAP
    intern.mkdir(parents=True, exist_ok=True)
    print(voor_cli(imp.samenvatting()))
    pad_ = intern / "meldingen_afgewezen_INTERN.csv"
    veilige_tabel(imp.afgewezen).to_csv(pad_, sep=";", encoding="utf-8-sig", index=False)
    print(f"Meldingen: afgewezen rijen (intern, met adressen en coördinaten) in {pad(pad_)}")
    return pad_


def _publicatie_cel(tekst: object, drempel: int) -> object:
    """A cell of the publication table with its sign: a count, a sign of :mod:`wijkscan.tekens`, a partial count
    ("310 (excl. …)"), or "onbekend: <reason>" where the table holds only the reason ("geen vlak op de kaart")."""
    t = str(tekst)
    if tekens.is_teken(t, drempel) or re.match(r"^(\d[\d.]*|<\d+|x)( \(excl\. |$)", t):
        return tekst
    return f"{tekens.ONBEKEND}: {t}"


def _publicatie(wa: Wijkprofiel, niveau: str, map_: Path) -> Path:
    """The publication-safe table per area and category, read from the wijkanalyse (never recounted); beside it a
    ``.txt`` with the period, what the table holds, and every sign it uses with its one legend entry."""
    telling = wa.meldingentelling
    assert telling is not None, "een wijkanalyse met meldingen"
    pub = telling.tabel(niveau)
    cijfers = [k for k in pub.columns if k != "naam"]
    pub[cijfers] = pub[cijfers].map(lambda t: _publicatie_cel(t, telling.drempel))
    pub.insert(0, "periode", telling.periode)
    path = map_ / f"meldingen_per_{niveau}_publicatie.csv"
    veilige_tabel(pub).to_csv(path, sep=";", encoding="utf-8-sig")
    legenda = tekens.legenda(pub[cijfers].to_numpy().ravel(), telling.drempel, int(wa.boodschappen.min_inwoners))
    regels = "".join(f"{t}: {u}\n" for t, u in legenda)
    path.with_suffix(".txt").write_text(
        f"Meldingen openbare ruimte per {niveau} en categorie, {telling.periode}.\n{telling.toelichting}\n"
        + (f"Tekens in de tabel:\n{regels}" if regels else ""), encoding="utf-8")
    return path


#: the demo's maps: (gemeente, indeling, indicator, with meldingen layers)
DEMO_KAARTEN = [
    ("Voorschoten", "buurt", "leeftijd_65plus_aandeel", False),
    ("Voorschoten", "buurt", "misdrijven_per_1000", False),
    ("Assen", "buurt", "meldingen_per_1000", True),
    ("Assen", "buurt", "misdrijven_per_1000", False),   # crime map: no meldingen layers and footnotes on it
    ("Assen", "wijk", "leeftijd_65plus_aandeel", False),
]


def _schrijf_kaart(wa: Wijkprofiel, indicator: str, map_: Path, meldingen: bool = False, achtergrond: str | None = "pdok",
                   klassen: str = "quantiles") -> list[Path]:
    """An interactive map (HTML, assets inlined when possible) and a print map (PNG/SVG/PDF)."""
    from . import maps
    from .errors import GeenVerbinding

    map_.mkdir(parents=True, exist_ok=True)
    stem = f"{wa.gemeente.naam.lower()}_{wa.indeling.naam}_{indicator}"
    m = maps.kaart(wa, indicator, meldingen=True if meldingen and wa.meldingentelling is not None else None,
                   achtergrond=achtergrond, klassen=klassen)
    try:
        html = maps.opslaan(m, map_ / f"{stem}.html", inline=True)
    except GeenVerbinding as exc:
        html = maps.opslaan(m, map_ / f"{stem}.html", inline=False)
        print(f"    let op: JavaScript niet ingesloten ({voor_cli(str(exc))}); de kaart laadt Leaflet van internet.")
    # the variant for a public website (wijkkrant): no aandachtsgebieden, names, phone-sized legend
    publiek = maps.kaart(wa, indicator, meldingen=True if meldingen and wa.meldingentelling is not None else None,
                         achtergrond=achtergrond, klassen=klassen, publiek=True)
    try:
        html_p = maps.opslaan(publiek, map_ / f"{stem}_publiek.html", inline=True)
    except GeenVerbinding:
        html_p = maps.opslaan(publiek, map_ / f"{stem}_publiek.html", inline=False)
    druk = maps.drukkaart(wa, indicator, map_ / stem, klassen=klassen)   # the same classes as the HTML map
    return [Path(html), Path(html_p), *druk]


#: the derived 36-month sample for the seasonal pattern (the real Assen meldingen cover too short a period)
VOORBEELD_SEIZOEN = "assen_afgeleid_36_maanden"
AFGELEID = "afgeleid, geen echte meldingen"


def _demo_seizoen(data, folder: Path) -> None:
    """Seasonal pattern and unusual months on the DERIVED sample, read from its wijkanalyse, labelled as such."""
    from .pipeline import wijkanalyse
    from .report.excel import schrijf_csv
    from .sources.embedded import meldingen_bestand
    from .sources.meldingen import lees_meldingen
    from .teksten import aantal

    imp = lees_meldingen(meldingen_bestand(VOORBEELD_SEIZOEN), gemeente_grens=data)
    m = imp.meldingen
    print(f"  Seizoenspatroon en ongewone maanden — VOORBEELD ({AFGELEID}): {aantal(len(m), 'melding')} van "
          f"{m.datum.min():%m-%Y} t/m {m.datum.max():%m-%Y}, nagemaakt uit de soorten en plekken van de echte "
          "Assense meldingen (methode: wijkscan/data/PROVENANCE.md)")
    patronen = wijkanalyse(data, niveau="wijk", meldingen=imp).meldingenpatronen
    assert patronen is not None, "een wijkanalyse met meldingen"
    for regel in patronen.samenvatting():
        print(f"    {regel} ({AFGELEID})")
    tabellen = (("seizoenspatroon", patronen.seizoen), ("ongewone_maanden", patronen.ongewone_maanden))
    for naam, tabel in tabellen:
        if tabel is None:
            continue
        pad_ = folder / f"{naam}_AFGELEID_voorbeeld.csv"
        tabel = tabel.round({"verwacht": 1, "verhouding": 2, "p": 5, "q": 5}) if naam == "ongewone_maanden" else tabel
        schrijf_csv(tabel.assign(let_op=AFGELEID), pad_, index=naam == "seizoenspatroon")
    print(f"    opgeslagen: {pad(folder / 'seizoenspatroon_AFGELEID_voorbeeld.csv')} en "
          f"{pad(folder / 'ongewone_maanden_AFGELEID_voorbeeld.csv')}")


def _demo(args: argparse.Namespace) -> int:
    from .pipeline import wijkanalyse
    from .sources.meldingen import assen_meldingen

    settings.offline = True  # the demo never touches the network
    out = Path(args.uitvoer)
    out.mkdir(parents=True, exist_ok=True)
    chosen = {k: v for k, v in DEMO.items() if not args.gemeente or k.lower() in {g.lower() for g in args.gemeente}}
    for naam, cfg in chosen.items():
        data = load(naam, bron="ingebouwd")
        folder = out / data.naam.lower()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"kerncijfers_{data.code}_{data.jaar}.csv"
        from .report.excel import afronden, schrijf_csv

        schrijf_csv(afronden(data.tabel("buurt")), path, index=True)
        # a short summary: per buurt for a small gemeente, per wijk when there are many buurten
        kort = "buurt" if (data.gebieden.niveau == "buurt").sum() <= MAX_BUURTEN_IN_SAMENVATTING else "wijk"
        print(voor_cli(data.samenvatting(kort)))
        print(f"Kerncijfers per buurt: {pad(path)}")
        meldingen = None
        if naam == "Assen":  # the real Signalen meldingen that ship with wijkscan
            meldingen = assen_meldingen(gemeente_grens=data)
            _schrijf_meldingen(meldingen, folder)
        print(f"Wijkanalyse {data.naam}:")
        for niveau in cfg["indelingen"]:
            wa = wijkanalyse(data, niveau=niveau, meldingen=meldingen)
            _toon_analyse(wa)
            if meldingen is not None and niveau == "wijk":
                print(f"    meldingen per wijk voor publicatie: {pad(_publicatie(wa, 'wijk', folder))}")
            xlsx = _schrijf_analyse(wa, folder)
            print(f"    opgeslagen: {pad(xlsx)}")
            kaarten: list[Path] = []
            for gem, ind_niveau, indicator, met_meldingen in DEMO_KAARTEN:
                if gem == naam and ind_niveau == niveau:
                    files = _schrijf_kaart(wa, indicator, Path(args.kaarten), met_meldingen)
                    kaarten.extend(files)
                    print(f"    kaart: {pad(files[0])} (publieke versie {files[1].name}; drukversie "
                          f"{', '.join(p.suffix for p in files[2:])})")
            if niveau in cfg["rapporten"] and not args.zonder_rapporten:
                _schrijf_rapporten(wa, folder, kaarten)
        if naam == "Assen":
            _demo_seizoen(data, folder)
        print()
    print(f"Klaar. Alles staat in {pad(out.resolve())}")
    return 0


def _laad(args: argparse.Namespace):
    """The gemeente (or with --provincie all gemeenten of a provincie) of a command, honouring --offline, --jaar and --bron."""
    from .errors import OngeldigeInvoer

    if args.offline:
        settings.offline = True
    provincie = getattr(args, "provincie", None)
    if provincie is not None and args.gemeente:
        raise OngeldigeInvoer(f"Geef een gemeente of --provincie op, niet allebei: 'wijkscan {args.opdracht} "
                              f"{args.gemeente}' of 'wijkscan {args.opdracht} --provincie {provincie}'.")
    if provincie is not None:
        return load(provincie=provincie, jaar=args.jaar, bron=args.bron)
    if not args.gemeente:
        raise OngeldigeInvoer(f"Geef een gemeente op, bijv. 'wijkscan {args.opdracht} Voorschoten', of een provincie "
                              f"met --provincie, bijv. 'wijkscan {args.opdracht} --provincie Drenthe'.")
    return load(args.gemeente, jaar=args.jaar, bron=args.bron)


def _rapport(args: argparse.Namespace) -> int:
    from .pipeline import wijkanalyse
    from .report import Huisstijl

    _controleer_bestanden(args)
    data = _laad(args)
    meldingen = _lees_meldingen(args, data) if args.meldingen else None
    wa = wijkanalyse(data, niveau=args.niveau, enquete=args.enquete, enquete_kolommen=_enquete_kolommen(args),
                     meldingen=meldingen, aangewezen=args.aangewezen or None)
    from .report import overzicht, rapporten

    folder = Path(args.uitvoer) / data.naam.lower() / f"rapporten_{wa.indeling.naam}"
    hs = Huisstijl(organisatie=args.organisatie or f"Gemeente {data.naam}", logo=args.logo,
                   kleur=args.kleur) if (args.organisatie or args.logo or args.kleur != "#1f4e79") else None
    overzicht(wa, folder / "overzicht.pdf", huisstijl=hs, sjablonen=args.sjablonen)
    result = rapporten(wa, folder, huisstijl=hs, sjablonen=args.sjablonen,
                       gebieden=args.gebied or None, teksten_map=args.teksten)
    made = int((result.status == "gemaakt").sum())
    from .teksten import aantal

    print(f"{aantal(len(result), 'rapport')} in {pad(folder)} ({made} nieuw, {len(result) - made} hergebruikt); "
          f"overzicht.pdf en index.html")
    return 0


def _kaart(args: argparse.Namespace) -> int:
    from .pipeline import wijkanalyse

    indicator = _indicator(args.indicator)       # before the analysis: an unknown indicator fails at once
    _controleer_bestanden(args)
    data = _laad(args)
    meldingen = _lees_meldingen(args, data) if args.meldingen else None
    wa = wijkanalyse(data, niveau=args.niveau, meldingen=meldingen, aangewezen=args.aangewezen or None)
    files = _schrijf_kaart(wa, indicator, Path(args.uitvoer), meldingen is not None,
                           None if args.achtergrond == "geen" else args.achtergrond, args.klassen)
    print("Kaarten opgeslagen: " + ", ".join(pad(f) for f in files))
    zonder = _zonder_vlak(wa)
    if zonder:
        print(f"Let op: {zonder}")
    return 0


def _indicator(naam: str) -> str:
    """The catalogue id of an indicator given by id or label (case ignored), or a Dutch error with close names."""
    from .indicators import catalogus

    cat = catalogus()
    if naam in cat.index:
        return naam
    per_naam = {str(i).casefold(): i for i in cat.index} | {str(lb).casefold(): i for i, lb in cat.label.items()}
    if naam.strip().casefold() in per_naam:
        return per_naam[naam.strip().casefold()]
    import difflib

    bijna = difflib.get_close_matches(naam.casefold(), list(per_naam), n=3, cutoff=0.6)
    hint = f" Bedoelt u {' of '.join(dict.fromkeys(per_naam[b] for b in bijna))}?" if bijna else ""
    raise OngeldigeInvoer(f"Onbekende indicator '{naam}'.{hint} Gebruik --indicator met een id of label uit de "
                          f"catalogus, bijv. --indicator leeftijd_65plus_aandeel ({len(cat)} indicatoren: zie "
                          "wijkscan/indicators/catalogus.csv).")


def _zonder_vlak(wa: Wijkprofiel) -> str:
    """One line for the buurten of a buurt map that have no polygon (instead of one line per buurt)."""
    if wa.indeling.naam != "buurt":
        return ""
    n = int((wa.indeling.rapport.kwestie == "geen geometrie").sum())
    if not n:
        return ""
    return (f"{n} {'buurt' if n == 1 else 'buurten'} zonder vlak op de buurtkaart (op de kaart hooguit met een grens bij "
            "benadering); gebruik --niveau wijk voor een kaart met alle gebieden")


# --- meldingen import options (issue 11): the same choices as lees_meldingen(...) -------------------


def _meldingen_opties(p: argparse.ArgumentParser) -> None:
    """Options for reading a meldingen export: column mapping, sheet, separator, encoding, geocoding."""
    p.add_argument("--kolom", action="append", default=[], metavar="STANDAARD=KOLOM",
                   help="welke kolom wat is, bijv. --kolom datum='Gemeld op' --kolom x=X_RD (herhaalbaar)")
    p.add_argument("--blad", help="werkblad (naam of nummer vanaf 0) of GeoPackage-laag; standaard het blad met de "
                                  "meldingen")
    p.add_argument("--scheiding", help="scheidingsteken van een CSV: ';' ',' 'tab' of '|' (standaard: herkend)")
    p.add_argument("--codering", help="tekstcodering, bijv. utf-8, cp1252, utf-16 (standaard: herkend)")
    p.add_argument("--formaat", help="bestandssoort als de extensie niet klopt: csv, xlsx, xls, ods, json, jsonl, "
                                     "parquet, gpkg of shp (standaard: herkend aan de inhoud)")
    p.add_argument("--gebieden", metavar="KOPPELING.CSV",
                   help="koppeltabel met de kolommen naam;code voor gebiedsnamen in het bestand die geen CBS-wijk "
                        "of -buurt zijn (bijv. 'Ubbena Oost;BU01069903')")
    p.add_argument("--geocodeer", action="store_true",
                   help="zoek ook losse meldingen zonder coördinaten op hun adres op in de PDOK Locatieserver "
                        "(internet); een bestand met alleen adressen wordt altijd opgezocht")


def _lees_meldingen(args: argparse.Namespace, data):
    from .errors import OngeldigeInvoer
    from .sources.meldingen import lees_meldingen

    kolommen = {}
    for k in getattr(args, "kolom", None) or []:
        std, sep, naam = k.partition("=")
        if not sep or not std.strip() or not naam.strip():
            raise OngeldigeInvoer(f"--kolom {k!r}: schrijf het als STANDAARD=KOLOM, bijv. --kolom datum='Gemeld op'.")
        kolommen[std.strip()] = naam.strip()
    scheiding = getattr(args, "scheiding", None)
    scheiding = {"tab": "\t", "\\t": "\t", "puntkomma": ";", "komma": ","}.get(scheiding or "", scheiding)
    from .sources.meldingen.teksten import opdrachtregel

    with opdrachtregel():   # messages name the CLI options, not Python arguments
        imp = lees_meldingen(args.meldingen, kolommen or None, gemeente_grens=data, blad=getattr(args, "blad", None),
                             scheiding=scheiding, codering=getattr(args, "codering", None),
                             formaat=getattr(args, "formaat", None), koppeling=getattr(args, "gebieden", None),
                             geocodeer=True if getattr(args, "geocodeer", False) else None)
    print("Meldingen: gebruikte kolommen: " + ", ".join(f"{k} ← {v!r}" for k, v in imp.kolommen.items()))
    return imp


# --- end of meldingen import options ---------------------------------------------------------------


def _meldingen(args: argparse.Namespace) -> int:
    from .pipeline import wijkanalyse

    _controleer_bestanden(args)
    data = _laad(args)
    imp = _lees_meldingen(args, data)
    folder = Path(args.uitvoer) / data.naam.lower()
    _schrijf_meldingen(imp, folder)
    wa = wijkanalyse(data, niveau=args.niveau, meldingen=imp)
    telling, intern = wa.meldingentelling, wa.meldingen_intern
    assert telling is not None and intern is not None, "een wijkanalyse met meldingen"
    veilige_tabel(intern).to_csv(folder / INTERN_MAP / f"meldingen_per_{args.niveau}_INTERN.csv", sep=";", decimal=",",
                                 encoding="utf-8-sig")
    _publicatie(wa, args.niveau, folder)
    print(f"Telling per {args.niveau} ({telling.periode}): {pad(folder)}")
    _toon_patronen(wa)
    return 0


def _toon_patronen(wa: Wijkprofiel) -> None:
    """What the meldingen show over time, as the run found it: the registration period and its changes, the
    seasonal peak, unusual months and trends in words, or why the data cannot give them."""
    if wa.meldingenpatronen is None:
        return
    print("Patronen in de meldingen:")
    for regel in wa.meldingenpatronen.samenvatting():
        print(f"  {voor_cli(regel)}")


def _analyse(args: argparse.Namespace) -> int:
    from .areas import indeling_uit_tabel, indeling_uit_vlakken
    from .pipeline import wijkanalyse

    _controleer_bestanden(args)
    _enquete_kolommen(args)
    data = _laad(args)
    niveau = args.niveau
    if args.indeling:
        niveau = indeling_uit_tabel(data, args.indeling, indeling_naam="eigen indeling")
    elif args.vlakken:
        niveau = indeling_uit_vlakken(data, args.vlakken, code=args.vlakken_code, indeling_naam="eigen gebieden")
    meldingen = _lees_meldingen(args, data) if args.meldingen else None
    wa = wijkanalyse(data, niveau=niveau, enquete=args.enquete, enquete_kolommen=_enquete_kolommen(args),
                     meldingen=meldingen, aangewezen=args.aangewezen or None)
    print(f"Wijkanalyse {data.naam} {data.jaar}")
    _toon_analyse(wa)
    if wa.enquete is not None:
        print("  " + wa.enquete.samenvatting().replace("\n", "\n  "))
    _toon_let_op(wa)
    xlsx = _schrijf_analyse(wa, Path(args.uitvoer) / data.naam.lower())
    print(f"Opgeslagen: {pad(xlsx)}")
    return 0


def _toon_let_op(wa: Wijkprofiel) -> None:
    """The remarks on the input: one line per kind when a kind repeats, the first ones in full (grouped in the run:
    ``wa.opmerkingen_soorten``)."""
    from .teksten import aantal

    o = wa.opmerkingen_soorten
    if o is None:
        return
    for r in o[~o.herhaald].head(MAX_LET_OP).itertuples():
        wat = f"{r.onderdeel} {r.wat}".strip()
        print(f"  let op ({wat}): {voor_cli(r.melding)}")
    for r in o[o.herhaald].drop_duplicates("soort").itertuples():
        if r.soort == "geen geometrie" and wa.indeling.naam == "buurt":
            print(f"  let op: {_zonder_vlak(wa)}")
        else:
            print(f"  let op: {aantal(r.aantal_soort, 'melding')} '{r.soort}'")
    rest = int((~o.herhaald).sum()) - MAX_LET_OP
    if rest > 0 or o.herhaald.any():
        extra = f"en nog {aantal(rest, 'opmerking')}; " if rest > 0 else ""
        print(f"  let op: {extra}alles staat in het Excel-bestand, blad 'meldingen bij invoer'")


def _controleer_bestanden(args: argparse.Namespace) -> None:
    """Every input file of a command exists and holds more than a header row, before anything is loaded."""
    for optie in ("indeling", "vlakken", "enquete", "meldingen", "logo", "teksten", "sjablonen"):
        waarde = getattr(args, optie, None)
        if not waarde:
            continue
        p = Path(waarde)
        if not p.exists():
            raise OngeldigeInvoer(f"--{optie} {pad(p)}: dat bestand bestaat niet. Controleer het pad (een relatief pad "
                                  f"geldt vanaf de map waarin u de opdracht geeft: {pad(Path.cwd())}).")
        if p.is_file() and p.suffix.lower() in (".csv", ".tsv", ".txt"):
            with open(p, "rb") as f:
                regels = [r for r in f.read(1 << 16).splitlines() if r.strip(b" \t\r;,\xef\xbb\xbf")]
            if len(regels) < 2:
                wat = "is leeg" if not regels else "heeft alleen een kopregel en geen gegevens"
                raise OngeldigeInvoer(f"--{optie} {pad(p)}: het bestand {wat}. Zet op de eerste regel de kolomnamen en "
                                      "daaronder een regel per gegeven.")


def _gegevens(args: argparse.Namespace) -> int:
    data = _laad(args)
    print(voor_cli(data.samenvatting(args.niveau)))
    if args.csv:
        from .report.excel import afronden, schrijf_csv

        schrijf_csv(afronden(data.tabel(args.niveau)), args.csv, index=True)
        print(f"Tabel opgeslagen: {pad(args.csv)}")
    return 0


#: argparse's own English words, in Dutch
VERTALING = [
    ("usage:", "gebruik:"), ("positional arguments:", "argumenten:"), ("options:", "opties:"),
    ("show this help message and exit", "toon deze hulp en stop"), ("show program's version number and exit",
                                                                    "toon de versie en stop"),
    ("the following arguments are required", "deze argumenten ontbreken"), ("invalid choice", "ongeldige keuze"),
    ("choose from", "kies uit"), ("unrecognized arguments", "onbekende argumenten"),
    ("expected one argument", "verwacht een waarde"), ("invalid int value", "geen geheel getal"),
    ("argument ", "argument "),
]


def _nl(text: str) -> str:
    for en, nl in VERTALING:
        text = text.replace(en, nl)
    return text


class _Parser(argparse.ArgumentParser):
    """argparse with Dutch headings and error messages."""

    def format_help(self) -> str:
        return _nl(super().format_help())

    def format_usage(self) -> str:
        return _nl(super().format_usage())

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"Fout: {_nl(message)}. Zie 'wijkscan --help'.\n")


def _gemeente_opties(p: argparse.ArgumentParser, voorbeeld: str = "Voorschoten of GM0626",
                     niveaus: tuple[str, ...] = ("buurt", "wijk", "gemeente", "pc4"), provincie: bool = False) -> None:
    """The options every per-gemeente command shares; with ``provincie`` the gemeente may be a --provincie instead."""
    if provincie:
        p.add_argument("gemeente", nargs="?", help=f"naam of code, bijv. {voorbeeld} (of gebruik --provincie)")
        p.add_argument("--provincie", help="alle gemeenten van een provincie samen, bijv. Drenthe, Fryslân (ook: "
                                           "Friesland), 'Noord-Holland'; in plaats van een gemeente")
    else:
        p.add_argument("gemeente", help=f"naam of code, bijv. {voorbeeld}")
    p.add_argument("--jaar", type=int, default=2024, help="jaar van de kerncijfers (standaard 2024)")
    p.add_argument("--niveau", choices=list(niveaus), default="buurt", help="gebieden (standaard: buurt)")
    p.add_argument("--bron", choices=["auto", "online", "ingebouwd"], default="auto",
                   help="auto: cache of CBS/PDOK, anders ingebouwd (standaard)")
    p.add_argument("--offline", action="store_true", help="geen netwerk gebruiken")
    p.add_argument("--uitvoer", default="uitvoer", help="map voor de uitvoer (standaard: uitvoer)")


def _enquete_kolom_optie(p: argparse.ArgumentParser) -> None:
    p.add_argument("--enquete-kolom", action="append", default=[], metavar="ROL=KOLOM",
                   help="welke kolom van de enquête wat is, bijv. --enquete-kolom gebied=Buurtnaam (rollen: gebied, "
                        "indicator, score, tekst, jaar, respondenten; herhaalbaar)")


def _enquete_kolommen(args: argparse.Namespace) -> dict[str, str] | None:
    kolommen = {}
    for k in getattr(args, "enquete_kolom", None) or []:
        rol, sep, naam = k.partition("=")
        if not sep or not rol.strip() or not naam.strip():
            raise OngeldigeInvoer(f"--enquete-kolom {k!r}: schrijf het als ROL=KOLOM, bijv. --enquete-kolom "
                                  "gebied=Buurtnaam.")
        kolommen[rol.strip()] = naam.strip()
    if kolommen and not getattr(args, "enquete", None):
        raise OngeldigeInvoer("--enquete-kolom zonder --enquete doet niets. Geef ook de enquête mee met --enquete.")
    return kolommen or None


def _aangewezen_optie(p: argparse.ArgumentParser) -> None:
    p.add_argument("--aangewezen", action="append", default=[], metavar="GEBIED",
                   help="een aandachtsgebied dat de gemeente zelf heeft aangewezen: code of naam (herhaalbaar)")


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="wijkscan",
        description="Wijkanalyse voor gemeenten: kerncijfers, grenzen en overzichten per wijk en buurt.",
    )
    p.add_argument("--versie", action="version", version=f"wijkscan {__version__}")
    sub = p.add_subparsers(dest="opdracht", metavar="OPDRACHT", parser_class=_Parser, title="opdrachten")
    d = sub.add_parser("demo", help="wijkanalyse van Voorschoten en Assen uit de ingebouwde gegevens (offline)",
                       description="Maakt offline de wijkanalyse van Voorschoten en Assen uit de ingebouwde echte "
                                   "gegevens: tabellen en PDF-rapporten in de uitvoermap, kaarten in maps/.")
    d.add_argument("--uitvoer", default="uitvoer", help="map voor de uitvoer (standaard: uitvoer)")
    d.add_argument("--gemeente", action="append", help="alleen deze gemeente (Voorschoten of Assen); herhaalbaar")
    d.add_argument("--zonder-rapporten", action="store_true", help="geen PDF-rapporten maken (sneller)")
    d.add_argument("--kaarten", default="maps", help="map voor de kaarten (standaard: maps)")
    d.set_defaults(func=_demo)
    a = sub.add_parser("analyse", help="wijkanalyse van een gemeente: profiel, signalen, aandachtsgebieden",
                       description="Maakt de wijkanalyse (Bijlage C) per buurt, wijk, PC4 of eigen indeling "
                                   "en slaat die op als Excel en CSV. Met --provincie voor alle gemeenten van een "
                                   "provincie samen (elk gebied naast zijn eigen gemeente).")
    _gemeente_opties(a, provincie=True)
    a.add_argument("--indeling", help="eigen wijkindeling: CSV/XLSX met kolommen buurt, gebied en eventueel naam")
    a.add_argument("--vlakken", help="eigen gebieden als vlakken (GeoPackage, GeoJSON, shapefile)")
    a.add_argument("--vlakken-code", default="code", help="kolom met de gebiedscode in --vlakken (standaard: code)")
    a.add_argument("--enquete", help="bewonersenquête: CSV/XLSX met gebied, indicator, score")
    _enquete_kolom_optie(a)
    _aangewezen_optie(a)
    a.set_defaults(func=_analyse)
    r = sub.add_parser("rapport", help="PDF-rapport per gebied en een overzicht van de gemeente",
                       description="Maakt voor elk gebied een PDF (wijkanalyse) plus overzicht.pdf en index.html. "
                                   "Al gemaakte rapporten worden hergebruikt als er niets veranderd is.")
    _gemeente_opties(r)
    r.add_argument("--gebied", action="append", help="alleen dit gebied (code); herhaalbaar")
    r.add_argument("--enquete", help="bewonersenquête: CSV/XLSX met gebied, indicator, score")
    _enquete_kolom_optie(r)
    _aangewezen_optie(r)
    r.add_argument("--meldingen", help="meldingen openbare ruimte: CSV, XLSX, GeoJSON of Signalen-JSON")
    _meldingen_opties(r)
    r.add_argument("--organisatie", help="naam van de organisatie op het rapport")
    r.add_argument("--logo", help="pad naar een logo (PNG/SVG)")
    r.add_argument("--kleur", default="#1f4e79", help="huisstijlkleur, bijv. #006b3f")
    r.add_argument("--sjablonen", help="map met eigen gebied.html.j2 en/of stijl.css")
    r.add_argument("--teksten", help="map met per gebied <code>.txt: '# Sterke punten' en '# Te verbeteren'")
    r.set_defaults(func=_rapport)
    m = sub.add_parser("meldingen", help="meldingen openbare ruimte inlezen, controleren en tellen",
                       description="Leest een export van meldingen openbare ruimte, meldt elke afgewezen rij met "
                                   "de reden en telt per buurt of wijk (ook per 1.000 inwoners).")
    _gemeente_opties(m, "Assen of GM0106", ("buurt", "wijk"))
    m.add_argument("meldingen", help="het bestand: CSV/TSV, Excel (.xlsx/.xls), .ods, GeoJSON, Signalen-JSON, "
                                     "GeoPackage of Shapefile (ook .zip of .gz)")
    _meldingen_opties(m)
    m.set_defaults(func=_meldingen)
    a.add_argument("--meldingen", help="meldingen openbare ruimte: CSV, XLSX, GeoJSON of Signalen-JSON")
    _meldingen_opties(a)
    k = sub.add_parser("kaart", help="interactieve kaart (HTML) en drukkaart (PNG/SVG/PDF) van een indicator",
                       description="Maakt een interactieve kaart om in te sluiten op een website en een drukkaart "
                                   "van één indicator van de wijkanalyse.")
    _gemeente_opties(k)
    k.add_argument("--indicator", default="leeftijd_65plus_aandeel",
                   help="indicator uit de catalogus (standaard: leeftijd_65plus_aandeel)")
    k.add_argument("--klassen", choices=["quantiles", "natural_breaks", "equal_interval"], default="quantiles",
                   help="klasse-indeling (standaard: quantiles)")
    k.add_argument("--achtergrond", choices=["pdok", "osm", "geen"], default="pdok", help="achtergrondkaart (standaard: pdok)")
    k.add_argument("--meldingen", help="meldingen openbare ruimte voor de meldingenlagen")
    _aangewezen_optie(k)
    _meldingen_opties(k)
    k.set_defaults(func=_kaart, uitvoer="maps")
    g = sub.add_parser("gegevens", help="kerncijfers van één gemeente (of een provincie) tonen of opslaan",
                       description="Toont de kerncijfers per buurt (of wijk) van een gemeente, of met --provincie van "
                                   "alle gemeenten van een provincie.")
    _gemeente_opties(g, niveaus=("buurt", "wijk", "gemeente"), provincie=True)
    g.add_argument("--csv", help="sla de tabel op als CSV (puntkomma, decimale komma)")
    g.set_defaults(func=_gegevens)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not getattr(args, "func", None):
        parser().print_help()
        return 2
    try:
        return args.func(args)
    except GeenVerbinding as exc:
        print(f"Fout: {voor_cli(str(exc))}", file=sys.stderr)
        return 3
    except OngeldigAntwoord as exc:
        print(f"Fout: {voor_cli(str(exc))}", file=sys.stderr)
        return 4
    except WijkscanFout as exc:
        print(f"Fout: {voor_cli(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
