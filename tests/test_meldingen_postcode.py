"""Address-only exports read offline: placed by their 4-digit postcode (issue 18, point 11).

DERIVED DATA: the rows are the 120 real Assen Signalen meldingen of ``fixtures/meldingen/corpus/_bron.csv``
with their real street and house number; the postcode of each row is NOT its real postcode but the CBS
"meest voorkomende postcode" of the buurt its point lies in (from the embedded ``pc4_buurten_2024.csv.gz``),
with the letters ``AB``. So a postcode that is the most common of one buurt must bring the row back to
exactly that buurt, and every other row must stay at gemeente level with its reason.
"""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pandas as pd
import pytest

import wijkscan
from wijkscan.cli import main
from wijkscan.errors import GeenVerbinding
from wijkscan.settings import settings
from wijkscan.sources.embedded import data_dir
from wijkscan.sources.meldingen import lees_meldingen
from wijkscan.sources.meldingen.adressen import postcodes

CORPUS = Path(__file__).parent / "fixtures" / "meldingen" / "corpus"
BRON = pd.read_csv(CORPUS / "_bron.csv", dtype={"id": str})
PC4 = pd.read_csv(data_dir() / "pc4_buurten_2024.csv.gz", dtype=str)


@pytest.fixture(scope="module")
def assen():
    return wijkscan.load("Assen", bron="ingebouwd")


def _bestand(tmp_path: Path) -> Path:
    pc_van_buurt = PC4[PC4.gemeente == "GM0106"].set_index("buurt").postcode
    straat = BRON.address.str.extract(r"^(.*\D)\s+(\d+\w*)$")
    df = pd.DataFrame({"Meldingnummer": BRON.id, "Datum melding": "01-06-2026 10:00", "Categorie": BRON.category,
                       "Straat": straat[0], "Huisnummer": straat[1],
                       "Postcode": BRON.buurt.map(pc_van_buurt).fillna("") + " AB"})
    pad = tmp_path / "adressen_met_postcode.csv"
    df.to_csv(pad, sep=";", index=False)
    return pad


def test_offline_op_postcode_geplaatst(assen, tmp_path):
    settings.offline = True
    imp = lees_meldingen(_bestand(tmp_path), gemeente_grens=assen, voortgang=False)
    # every row is used: none rejected, each placed in a buurt or kept for the gemeente as a whole
    assert len(imp.meldingen) == len(BRON) and imp.afgewezen.empty
    m = imp.meldingen.set_index("id")
    per_pc = PC4[PC4.gemeente == "GM0106"].groupby("postcode").buurt.agg(list)
    eenduidig = {pc: b[0] for pc, b in per_pc.items() if len(b) == 1}
    verwacht_buurt = BRON.set_index("id").buurt
    pc = BRON.set_index("id").buurt.map(PC4[PC4.gemeente == "GM0106"].set_index("buurt").postcode)
    in_buurt = pc.isin(list(eenduidig))
    assert in_buurt.any() and (~in_buurt).any()              # both paths occur in the real Assen data
    assert (m.loc[in_buurt[in_buurt].index, "gebied_code"] == verwacht_buurt[in_buurt]).all()
    assert (m.loc[in_buurt[in_buurt].index, "toewijzing"] == "postcode").all()
    assert (m.loc[in_buurt[~in_buurt].index, "gebied_code"] == "GM0106").all()
    assert (m.loc[in_buurt[~in_buurt].index, "toewijzing"] == "postcode_gemeente").all()   # not "the whole gemeente"
    assert m.geometry.isna().all()                            # no invented points
    # counted and said, with the reason and the word "benadering"
    codes = imp.aanpassingen.code.value_counts()
    assert codes["postcode"] == in_buurt.sum() and codes["postcode_gemeente"] == (~in_buurt).sum()
    tekst = imp.samenvatting()
    assert "op postcode toegewezen (benadering)" in tekst and "ligt in meer buurten" in tekst
    assert "wijkscan.settings.offline = False" in tekst       # the API caller gets the API way


def test_offline_zonder_postcode_blijft_een_duidelijke_fout(assen):
    settings.offline = True
    with pytest.raises(GeenVerbinding, match="zonder --offline|offline = False"):
        lees_meldingen(CORPUS / "adressen.csv", gemeente_grens=assen, voortgang=False)


def test_postcode_uit_de_adrestekst():
    t = pd.DataFrame({"adres": ["Kerkstraat 1, 9401 AB Assen", "Kerkstraat 1234, Assen", "Brink 3, 9401AC"]})
    assert postcodes(t, {"adres": "adres"}).tolist() == ["9401", None, "9401"]   # a house number is no postcode


def test_opdrachtregel_offline_adressen(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(["meldingen", "Assen", "--bron", "ingebouwd", "--offline", "--niveau", "buurt", "--uitvoer",
                   str(tmp_path / "uit"), str(_bestand(tmp_path))])
    tekst = out.getvalue() + err.getvalue()
    assert rc == 0, tekst
    assert "Traceback" not in tekst and "op postcode toegewezen (benadering)" in tekst
    assert "wijkscan.settings" not in tekst and "zonder --offline" in tekst    # CLI options, not Python
    # the publication's method text says what was done
    methode = (tmp_path / "uit" / "assen" / "meldingen_per_buurt_publicatie.txt").read_text(encoding="utf-8")
    assert "op postcode toegewezen (benadering" in methode
    # a buurt no postcode points to has an unknown count, not 0, and the reason names the postcode path
    assert "geen naam of postcode in het bestand wijst naar dit gebied" in methode
    pub = pd.read_csv(tmp_path / "uit" / "assen" / "meldingen_per_buurt_publicatie.csv", sep=None, engine="python",
                      dtype=str)
    assert pub.astype(str).apply(lambda k: k.str.contains("onbekend|wijst naar dit gebied", na=False)).any().any()
    # without a postcode: one Dutch error naming the CLI option
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(["meldingen", "Assen", "--bron", "ingebouwd", "--offline", "--uitvoer", str(tmp_path / "uit2"),
                   str(CORPUS / "adressen.csv")])
    assert rc != 0 and "Traceback" not in err.getvalue() and "zonder --offline" in err.getvalue()
    assert "settings" not in err.getvalue()
