"""Meldingen placed by area names (issue 18, points 1–5): an export without coordinates whose area column
is called anything and holds kern/wijk/buurt names and the gemeente's own name.

The files in ``fixtures/meldingen/vormen/`` are **derived** from the real Assen meldingen
(``maak_vormen.py`` says how): the same 3,024 ids, dates and categories, written as other systems do.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import wijkscan
from wijkscan.analysis.meldingen import koppel_gebieden
from wijkscan.analysis.meldingentelling import GEMEENTEBREED, NIET_PER_CATEGORIE, ONBEREIKBAAR, tel_meldingen
from wijkscan.errors import OngeldigeInvoer
from wijkscan.sources.meldingen import assen_meldingen, lees_meldingen
from wijkscan.sources.meldingen.gebieden import koppel_gebiedsnamen
from wijkscan.sources.meldingen.teksten import opdrachtregel

VORMEN = Path(__file__).parent / "fixtures" / "meldingen" / "vormen"
KERN = VORMEN / "kern_export.csv"
PERIODE = ("2025-01-01", "2026-12-31")


@pytest.fixture(scope="module")
def assen():
    return wijkscan.load("Assen", bron="ingebouwd")


@pytest.fixture(scope="module")
def kern(assen):
    return lees_meldingen(KERN, gemeente_grens=assen)


@pytest.fixture(scope="module")
def koppeltabel(tmp_path_factory):
    pad = tmp_path_factory.mktemp("koppeling") / "koppeling.csv"
    pad.write_text("naam;code\nUbbena Oost;BU01069903\nUbbena West;BU01069905\nAnreep;BU01069914\n"
                   "Schieven;BU01069916\n", encoding="utf-8")
    return pad


def test_gebiedskolom_herkend_zonder_opgave(kern):
    """'areaName' (English camelCase) is the area column; every row is used or rejected with the name."""
    assert kern.kolommen["stadsdeel"] == "areaName"
    assert kern.invoer_rijen == 3024 == len(kern.meldingen) + len(kern.afgewezen)
    # the village names are CBS buurt names without the prefix "Buitengebied": all placed, none rejected
    assert kern.afgewezen.empty
    bron = pd.read_csv(KERN, dtype=str).areaName.to_numpy()
    code = kern.meldingen.set_index("rij").gebied_code
    for naam, buurt in (("Ubbena Oost", "BU01069903"), ("Anreep", "BU01069914"), ("Schieven", "BU01069916"),
                        ("Anreep/Schieven", "BU01069915")):
        rijen = np.nonzero(bron == naam)[0] + 1
        assert len(rijen) and (code[rijen] == buurt).all(), naam


def test_gemeentenaam_blijft_op_gemeenteniveau(kern):
    """'Assen' is the gemeente itself: those rows are kept, counted for the gemeente and said so."""
    bron = pd.read_csv(KERN, dtype=str)
    n_assen = int((bron.areaName == "Assen").sum())
    m = kern.meldingen
    assert int((m.toewijzing == "gemeentebreed").sum()) == n_assen
    assert (m.gebied_code[m.toewijzing == "gemeentebreed"] == "GM0106").all()
    assert kern.afgewezen.empty or not kern.afgewezen.alle_redenen.astype(str).str.contains("'Assen'").any()
    assert any("de gemeente zelf" in o and wijkscan.nlformat.getal(n_assen) in o for o in kern.opmerkingen)


def test_categorie_uit_waarden_niet_uit_naam(kern):
    """'categoryName' looks like a subcategory by name; its 8 values make it the category."""
    assert kern.kolommen["categorie"] == "categoryName" and "subcategorie" not in kern.kolommen
    assert (kern.meldingen.categorie != "geen categorie").all()
    assert any("Categorie uit kolom 'categoryName' (8 verschillende waarden" in o for o in kern.opmerkingen)


def test_koppeltabel_plaatst_de_rest(assen, koppeltabel, kern):
    imp = lees_meldingen(KERN, gemeente_grens=assen, koppeling=koppeltabel)
    assert len(imp.afgewezen) == 0 and len(imp.meldingen) == 3024
    ubbena = pd.read_csv(KERN, dtype=str).areaName.eq("Ubbena Oost").to_numpy()
    assert (imp.meldingen.gebied_code.to_numpy()[ubbena] == "BU01069903").all()


def test_koppeltabel_met_onbekende_code(assen, tmp_path):
    pad = tmp_path / "k.csv"
    pad.write_text("naam;code\nUbbena Oost;BU99999999\n", encoding="utf-8")
    with pytest.raises(OngeldigeInvoer, match="BU99999999"):
        lees_meldingen(KERN, gemeente_grens=assen, koppeling=pad)


def test_namen_zonder_hoofdletters_en_accenten(assen):
    namen = pd.Series(["kloosterveen", "ASSEN-OOST", "Péélo", "wijk 07 marsdijk", "Gemeentebreed", "", "Assen"])
    k = koppel_gebiedsnamen(namen, assen, "kern")
    assert list(k.codes) == ["WK010608", "WK010603", "WK010606", "WK010607", "GM0106", "GM0106", "GM0106"]
    assert list(k.gemeentebreed) == [False] * 4 + [True] * 3


def test_gemeentebreed_in_telling_en_onbekend_is_geen_nul(assen, kern):
    t = tel_meldingen(assen, kern, wijkscan.cbs_indeling(assen, "wijk"), periode=PERIODE)
    breed = int((kern.meldingen.toewijzing == "gemeentebreed").sum())
    assert int(t.cellen.loc[GEMEENTEBREED].sum()) == breed
    assert t.aantal == len(kern.meldingen)
    # every wijk is named in the file: every wijk count is known, and wijken + gemeentebreed = gemeente
    wijk = t.totalen("wijk")
    assert wijk.notna().all() and int(wijk.sum()) + breed == t.aantal
    # buurten: in wijken named as a whole the count is unknown, buurten no name reaches too; never 0
    tab = t.tabel("buurt")
    buurt = t.totalen("buurt")
    genoemd = set(kern.meldingen.gebied_code.dropna())
    niet_genoemd = [b for b in buurt.index if b not in genoemd]
    assert buurt[niet_genoemd].isna().all()
    assert ONBEREIKBAAR in set(tab.totaal) and "alleen per wijk bekend" in set(tab.totaal)
    assert "0" not in set(tab.totaal[niet_genoemd])
    assert ONBEREIKBAAR in tab.attrs["toelichting"]
    # the gemeente publishes its total (every melding, also the gemeente-wide ones), not a reason per category
    gem = t.tabel("gemeente").loc["GM0106"]
    assert gem["totaal"] == wijkscan.nlformat.getal(t.aantal)
    assert set(gem[t.categorieen]) == {NIET_PER_CATEGORIE}


def test_wijk_die_niemand_noemt_is_onbekend(assen, kern):
    m = kern.meldingen
    in_peelo = m.gebied_code.eq("WK010606") | m.gebied_code.map(assen.gebieden.wijk).eq("WK010606")
    zonder_peelo = m[~in_peelo.fillna(False).to_numpy(dtype=bool)]
    t = tel_meldingen(assen, zonder_peelo, wijkscan.cbs_indeling(assen, "wijk"), periode=PERIODE)
    assert pd.isna(t.totalen("wijk")["WK010606"])
    assert t.tabel("wijk").loc["WK010606", "totaal"] == ONBEREIKBAAR


def test_methode_tekst_per_pad(assen, kern):
    naam = tel_meldingen(assen, kern, wijkscan.cbs_indeling(assen, "wijk"), periode=PERIODE)
    assert "op de gebiedsnaam in het bestand gekoppeld" in naam.tabel("wijk").attrs["toelichting"]
    assert "waarin het punt ligt" not in naam.methode
    punt = tel_meldingen(assen, assen_meldingen(gemeente_grens=assen), wijkscan.cbs_indeling(assen, "wijk"))
    assert "waarin het punt ligt" in punt.methode and "gebiedsnaam" not in punt.methode
    wa = wijkscan.wijkanalyse(assen, niveau="wijk", meldingen=kern, meldingen_periode=PERIODE)
    herkomst = wa.profiel[(wa.profiel.indicator == "meldingen") & wa.profiel.waarde.notna()].herkomst
    assert len(herkomst) and herkomst.str.contains("gebiedsnaam").all()


def test_kern_export_telt_zoals_de_punten(assen, kern):
    """The derived names are the wijk of each real point: the name path gives the same wijk counts as the
    point path for every wijk of the town (Buitengebied and Kloosterveen lose the gemeente-wide rows only)."""
    punten = koppel_gebieden(assen_meldingen().meldingen, assen, "wijk", "wijk")
    per_wijk_naam = kern.meldingen[kern.meldingen.toewijzing == "gebiedsnaam"].gebied_code.map(
        lambda c: c if str(c).startswith("WK") else assen.gebieden.wijk.get(c)).value_counts()
    assert per_wijk_naam.sum() <= punten.wijk.notna().sum()
    assert (per_wijk_naam <= punten.wijk.value_counts().reindex(per_wijk_naam.index)).all()


def test_foutmelding_noemt_cli_optie():
    df = pd.DataFrame({"datum": ["01-06-2026"], "omschrijving": ["losse stoeptegel"]})
    with pytest.raises(OngeldigeInvoer) as python:
        lees_meldingen(df)
    assert "kolommen=" in str(python.value)
    with opdrachtregel(), pytest.raises(OngeldigeInvoer) as cli:
        lees_meldingen(df)
    assert "--kolom lat=KOLOM" in str(cli.value) and "kolommen=" not in str(cli.value)


def test_cli_gebieden_koppeltabel(tmp_path, koppeltabel):
    r = subprocess.run([sys.executable, "-m", "wijkscan.cli", "meldingen", "Assen", str(KERN), "--niveau", "wijk",
                        "--gebieden", str(koppeltabel), "--uitvoer", str(tmp_path)],
                       capture_output=True, text=True, timeout=3600)
    assert r.returncode == 0, r.stderr
    assert "3.024 meldingen geaccepteerd, 0 afgewezen" in r.stdout
    uitleg = (tmp_path / "assen" / "meldingen_per_wijk_publicatie.txt").read_text(encoding="utf-8")
    assert "gelden voor de hele gemeente" in uitleg
    pub = pd.read_csv(tmp_path / "assen" / "meldingen_per_wijk_publicatie.csv", sep=";", dtype=str)
    assert np.isin(pub.gebied, assen_wijken()).all()


def assen_wijken() -> list[str]:
    return [f"WK0106{n:02d}" for n in (0, 1, 2, 3, 4, 5, 6, 7, 8, 99)]


def test_gemeente_van_een_wijk():
    """Vlieland has one wijk: a melding about the whole gemeente lies in that wijk, so it counts there — but in no
    buurt: it stays gemeente-wide in the import, and the count adds it to the one wijk."""
    vlieland = wijkscan.load("Vlieland", bron="ingebouwd")
    wijken = vlieland.gebieden[vlieland.gebieden.niveau == "wijk"]
    assert len(wijken) == 1
    k = koppel_gebiedsnamen(pd.Series(["Vlieland", "gemeentebreed"]), vlieland, "kern")
    assert list(k.codes) == [vlieland.code] * 2 and k.gemeentebreed.all()


# --------------------------------------------------------------------------------------------- other gemeenten
#: per gemeente: the names a kern/woonplaats column may hold → the CBS code they must reach (None: no CBS name;
#: then the closest CBS names are listed). Codes from the embedded CBS 2024 indeling.
ANDERE_GEMEENTEN = {
    "Súdwest-Fryslân": {"Wijk 01 Sneek": "WK190001", "SNEEK": "WK190001", "Buitengebied Bolsward": "WK190000",
                        "Dorp Workum": "BU19000200", "Súdwest-Fryslân (gemeente)": "GM1900",
                        "sudwest fryslan": "GM1900", "Snits": None},
    "Dijk en Waard": {"Kern Sint-Pancras": "WK198005", "koedijk": "WK198006", "Broek op Langedijk": "WK198004",
                      "Dijk en Waard": "GM1980", "Heerhugowaard": None},
    "Vlieland": {"Kern Vlieland": "GM0096", "Oost-Vlieland": "BU00960000", "Dorp Oost-Vlieland": "BU00960000"},
    "Amsterdam": {"Jordaan": "WK0363AB", "Wijk Burgwallen-Oude Zijde": "WK0363AE", "AMSTERDAM": "GM0363",
                  "Stadsdeel Centrum": None},
}


def _andere_gemeente(pad: Path, namen: list[str]) -> Path:
    """DERIVED: the real-shaped Assen kern export (ids, dates, categories of real Assen meldingen) with its
    area names replaced, in turn, by ``namen`` — a kern export of another gemeente in shape, not in content."""
    df = pd.read_csv(KERN, dtype=str).head(600)
    df["areaName"] = [namen[i % len(namen)] for i in range(len(df))]
    df.to_csv(pad, index=False)
    return pad


@pytest.mark.parametrize("gemeente", list(ANDERE_GEMEENTEN))
def test_kernnamen_andere_gemeenten(gemeente, tmp_path):
    """Prefixes ("Wijk 01", "Kern", "Dorp", "Buitengebied", "(gemeente)"), case and accents do not matter;
    a name CBS does not have (a Frisian name, a former gemeente, a stadsdeel) is listed with the closest CBS
    names and can be placed with a koppeltabel."""
    ind = wijkscan.load(gemeente, bron="ingebouwd")
    verwacht = ANDERE_GEMEENTEN[gemeente]
    namen = list(verwacht)
    imp = lees_meldingen(_andere_gemeente(tmp_path / "kern.csv", namen), gemeente_grens=ind)
    assert imp.kolommen.get("stadsdeel") == "areaName" or imp.kolommen.get("kern") == "areaName"
    assert len(imp.meldingen) + len(imp.afgewezen) == 600
    bron = pd.read_csv(tmp_path / "kern.csv", dtype=str)["areaName"]
    code = dict(zip(imp.meldingen.rij, imp.meldingen.gebied_code, strict=True))
    for i, naam in enumerate(bron):
        assert code.get(i + 1) == verwacht[naam], (naam, code.get(i + 1))
    onbekend = [n for n, c in verwacht.items() if c is None]
    tekst = " ".join(imp.opmerkingen)
    for n in onbekend:
        assert f"'{n}'" in tekst and set(imp.afgewezen.reden_code) == {"gebied_onbekend"}
    if onbekend:   # the rest is placed with the user's own table (command line: --gebieden koppeling.csv)
        kop = tmp_path / "koppeling.csv"
        wijk = next(c for c in verwacht.values() if c and c.startswith("WK"))
        kop.write_text("naam;code\n" + "".join(f"{n};{wijk}\n" for n in onbekend), encoding="utf-8")
        imp2 = lees_meldingen(tmp_path / "kern.csv", gemeente_grens=ind, koppeling=kop)
        assert imp2.afgewezen.empty and len(imp2.meldingen) == 600


def test_onbekende_naam_krijgt_dichtstbijzijnde_cbs_namen():
    dijk = wijkscan.load("Dijk en Waard", bron="ingebouwd")
    k = koppel_gebiedsnamen(pd.Series(["Heerhugowaard", "Sint Pancras"]), dijk, "kern")
    assert k.onbekend == ["Heerhugowaard"] and "Bedrijventerrein Heerhugowaard" in k.suggesties["Heerhugowaard"]
    assert k.codes[1] == "WK198005"                      # without the hyphen: the same name
