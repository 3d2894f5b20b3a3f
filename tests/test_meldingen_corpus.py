"""The corpus of realistic MOR exports (tests/fixtures/meldingen/corpus, built from real Assen records by
maak_corpus.py): every shape through the Python API and the command line, every broken one handled."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

import wijkscan
from tests.replay_locatieserver import LocatieserverReplay
from tests.replay_server import Fault
from wijkscan.cli import main
from wijkscan.errors import GeenVerbinding, OngeldigeInvoer
from wijkscan.settings import settings
from wijkscan.sources.meldingen import lees_meldingen

CORPUS = Path(__file__).parent / "fixtures" / "meldingen" / "corpus"
BRON = pd.read_csv(CORPUS / "_bron.csv", dtype={"id": str})
N = len(BRON)

#: realistic shapes: file → (format label, rows in the file, accepted)
GOED = {
    "fixi_cp1252.csv": ("CSV", N, N),
    "latitude_wgs84.csv": ("CSV", N, N),
    "breedtegraad_tab.tsv": ("CSV", N, N),
    "unicode_tekst.txt": ("CSV", N, N),
    "utf16_zonder_bom.txt": ("CSV", N, N),
    "excel_titels.xlsx": ("XLSX", N + 1, N),          # + the totals row
    "topdesk.xls": ("XLS", N, N),
    "meldingen.ods": ("ODS", N, N),
    "meldingen.gpkg": ("GeoPackage", N, N),
    "meldingen_shp.zip": ("Shapefile (zip)", N, N),
    "geojson_rd.geojson": ("GeoJSON", N, N),
    "geojson_3857.geojson": ("GeoJSON", N, N),
    "geojson_rd_zonder_crs.geojson": ("GeoJSON", N, N),
    "signalen_api.json": ("Signalen JSON", N, N),
    "signalen_export.json.gz": ("Signalen JSON", N, N),
}
#: broken shapes that still read: file → {reason code: rows}
RIJEN_AFGEWEZEN = {
    "kapot_rafelig.csv": {"kapotte_regel": 1},
    "kapot_afgekapt.csv": {"kapotte_regel": 1},
    "kapot_aanhalingsteken.csv": {"kapotte_regel": 1},
}
#: broken files that cannot be read: file → words of the Dutch error
ONLEESBAAR = {
    "kapot_afgekapt.json.gz": "beschadigd of niet volledig",
    "kapot_corrupt.json.gz": "beschadigd of niet volledig",
    "kapot_ruis.csv": "geen tekstbestand",
    "kapot_afgekapt.xlsx": "beschadigd of onvolledig",
}


@pytest.fixture(scope="module")
def assen():
    return wijkscan.load("Assen", bron="ingebouwd")


def telling_klopt(imp) -> None:
    assert len(imp.meldingen) + len(imp.afgewezen) == imp.invoer_rijen
    assert sorted([*imp.meldingen.rij, *imp.afgewezen.rij]) == list(range(1, imp.invoer_rijen + 1))


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(list(args))
    return rc, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("naam", list(GOED))
def test_realistische_export_api(naam, assen):
    label, rijen, geaccepteerd = GOED[naam]
    imp = lees_meldingen(CORPUS / naam, gemeente_grens=assen)
    telling_klopt(imp)
    assert imp.formaat == label and imp.invoer_rijen == rijen and len(imp.meldingen) == geaccepteerd
    # the same places as the real records (RD, within 1 m) and the same categories
    bron = shapely.points(BRON[["x", "y"]].to_numpy())
    afstand = shapely.distance(np.asarray(imp.meldingen.geometry.values), bron)
    assert float(np.max(afstand)) < 1.0
    if "categorie" in imp.kolommen:
        assert imp.meldingen.categorie.value_counts().sort_index().to_dict() == \
            BRON.category.value_counts().sort_index().to_dict()
    assert imp.meldingen.datum.notna().all()


def test_realistische_details(assen):
    imp = lees_meldingen(CORPUS / "fixi_cp1252.csv")
    assert imp.kolommen["x"] == "X-coördinaat" and imp.inlezen["codering"] == "cp1252"
    imp = lees_meldingen(CORPUS / "latitude_wgs84.csv")
    assert imp.kolommen["lat"] == "Latitude (WGS84)"
    imp = lees_meldingen(CORPUS / "excel_titels.xlsx")
    assert imp.inlezen == {"blad": "Meldingen", "kopregel": 3}
    assert imp.afgewezen.reden_code.tolist() == ["voetregel"] and imp.afgewezen.regel.tolist() == [N + 4]
    imp = lees_meldingen(CORPUS / "breedtegraad_tab.tsv")       # two-digit years
    assert imp.meldingen.datum.dt.year.between(2025, 2026).all()
    imp = lees_meldingen(CORPUS / "unicode_tekst.txt")
    assert imp.inlezen["codering"] == "utf-16" and imp.kolommen["id"] == "Meldingnummer"
    imp = lees_meldingen(CORPUS / "signalen_api.json")
    assert imp.kolommen["categorie"] == "category.main" and imp.kolommen["subcategorie"] == "category.sub"
    # a sheet chosen by hand
    with pytest.raises(OngeldigeInvoer, match="Wel: Toelichting, Meldingen"):
        lees_meldingen(CORPUS / "excel_titels.xlsx", blad="Blad9")


@pytest.mark.parametrize("naam", list(RIJEN_AFGEWEZEN))
def test_kapotte_regels_worden_afgewezen(naam, assen):
    imp = lees_meldingen(CORPUS / naam, gemeente_grens=assen)
    telling_klopt(imp)
    assert imp.afgewezen.reden_code.value_counts().to_dict() == RIJEN_AFGEWEZEN[naam]
    assert len(imp.meldingen) == N - 1
    reden = imp.afgewezen.reden.iloc[0]
    assert reden.startswith("regel niet te lezen (regel ") and "velden in plaats van 7" in reden


def test_rafelige_regel_noemt_regelnummer():
    imp = lees_meldingen(CORPUS / "kapot_rafelig.csv")
    assert imp.afgewezen.regel.tolist() == [11] and imp.afgewezen.rij.tolist() == [10]
    assert "regel 11: 8 velden in plaats van 7" in imp.afgewezen.reden.iloc[0]


@pytest.mark.parametrize("naam", list(ONLEESBAAR))
def test_onleesbaar_bestand_geeft_nederlandse_fout(naam):
    with pytest.raises(OngeldigeInvoer, match=ONLEESBAAR[naam]):
        lees_meldingen(CORPUS / naam)


def test_formules_en_afhandeldatums():
    imp = lees_meldingen(CORPUS / "formule_en_datums.csv")
    telling_klopt(imp)
    m = imp.meldingen.set_index("rij")
    assert m.loc[1, "categorie"] == "'=cmd|' /C calc'!A0"
    codes = dict(zip(imp.aanpassingen.rij, imp.aanpassingen.code, strict=True))
    assert codes[1] == "formule" and codes[2] == "afgehandeld_toekomst" and codes[3] == "afgehandeld_voor_melding"
    assert pd.isna(m.loc[2, "afgehandeld"]) and pd.isna(m.loc[3, "afgehandeld"])


def test_gebiedskolom_wijknamen(assen):
    imp = lees_meldingen(CORPUS / "gebiedskolom.csv", gemeente_grens=assen)
    telling_klopt(imp)
    assert len(imp.meldingen) == N
    assert imp.afgewezen.reden.tolist() == ["gebied niet gevonden in de indeling ('Nergenshuizen')"]
    assert imp.gebied_niveau == "wijk"
    assert imp.meldingen.gebied_code.value_counts().sort_index().to_dict() == \
        BRON.wijk.value_counts().sort_index().to_dict()
    assert any("Nergenshuizen" in o for o in imp.opmerkingen)
    # counting per wijk uses the area column; per buurt is impossible, hotspots refuse in Dutch
    from wijkscan.analysis.hotspots import hotspots, kerneldichtheid
    from wijkscan.analysis.meldingen import tel_per_gebied

    tel = tel_per_gebied(imp.meldingen, assen, "wijk")
    assert tel["meldingen"].sum() == N
    with pytest.raises(OngeldigeInvoer, match="geen coördinaten, alleen een gebied"):
        kerneldichtheid(imp.meldingen)
    with pytest.raises(OngeldigeInvoer, match="Hotspots kan niet"):
        hotspots(imp.meldingen, assen)


def test_gebiedskolom_buurtcodes_tellen_ook_per_wijk(assen):
    from wijkscan.analysis.meldingen import tel_per_gebied

    imp = lees_meldingen(CORPUS / "buurtcodes.csv", gemeente_grens=assen)
    assert imp.gebied_niveau == "buurt"
    per_wijk = tel_per_gebied(imp.meldingen, assen, "wijk")["meldingen"]
    ouder = assen.gebieden["wijk"]                          # the CBS parent wijk of each buurt code
    assert per_wijk[per_wijk > 0].sort_index().to_dict() == \
        BRON.buurt.map(ouder).value_counts().sort_index().to_dict()


def test_adressen_offline_zegt_wat_te_doen():
    settings.offline = True
    with pytest.raises(GeenVerbinding, match="PDOK Locatieserver.*offline"):
        lees_meldingen(CORPUS / "adressen.csv", voortgang=False)


def test_adressen_geocoderen_tegen_replay(assen):
    with LocatieserverReplay() as srv:
        settings.locatieserver_url = srv.url
        srv.add_fault(Fault(match="free", kind="status", status=503, times=1))   # retried
        imp = lees_meldingen(CORPUS / "adressen.csv", gemeente_grens=assen, voortgang=False)
        telling_klopt(imp)
        assert len(imp.meldingen) == N and set(imp.aanpassingen.code) == {"geocodeerd"}
        assert len(srv.requests) == N + 1                   # one per distinct address, + the retried one
        assert all("fq=type:adres" in r and "fq=gemeentecode:0106" in r for r in srv.requests)
        bron = shapely.points(BRON[["x", "y"]].to_numpy())
        assert float(np.max(shapely.distance(np.asarray(imp.meldingen.geometry.values), bron))) < 1.0
        # the address is internal: not in the meldingen
        assert not any(c.lower() in ("straat", "huisnummer", "adres") for c in imp.meldingen.columns)
        # buurten assigned as the source's
        from wijkscan.analysis.meldingen import koppel_gebieden

        b = koppel_gebieden(imp.meldingen, assen, "buurt")
        assert b.gebied.value_counts().sort_index().to_dict() == BRON.buurt.value_counts().sort_index().to_dict()
        # cached: a second run asks nothing
        voor = len(srv.requests)
        lees_meldingen(CORPUS / "adressen.csv", gemeente_grens=assen, voortgang=False)
        assert len(srv.requests) == voor


# --------------------------------------------------------------------------------------- command line


@pytest.mark.parametrize("naam", list(GOED) + list(RIJEN_AFGEWEZEN) + ["gebiedskolom.csv", "buurtcodes.csv"])
def test_opdrachtregel_leest_elke_vorm(naam, tmp_path):
    rc, out, err = cli("meldingen", "Assen", "--bron", "ingebouwd", "--offline", "--niveau", "wijk",
                       "--uitvoer", str(tmp_path), str(CORPUS / naam))
    assert rc == 0, err
    assert "Traceback" not in out + err
    assert "Meldingen: gebruikte kolommen: " in out and " gelezen: " in out
    verwacht = GOED.get(naam, (None, None, N - 1 if naam.startswith("kapot") else N))[2]
    assert f"{verwacht:,}".replace(",", ".") + " meldingen geaccepteerd" in out
    tel = pd.read_csv(tmp_path / "assen" / "intern" / "meldingen_per_wijk_INTERN.csv", sep=";", index_col=0)
    assert tel.loc["GM0106", "meldingen"] == verwacht          # the gemeente: every accepted melding
    wijken = tel.drop(index="GM0106")["meldingen"]
    assert wijken.sum() <= verwacht and wijken.notna().sum() >= 7   # wijken with a buurt without polygon: unknown


@pytest.mark.parametrize("naam", list(ONLEESBAAR))
def test_opdrachtregel_onleesbaar_exit_2(naam, tmp_path):
    rc, out, err = cli("meldingen", "Assen", "--bron", "ingebouwd", "--offline", "--uitvoer", str(tmp_path),
                       str(CORPUS / naam))
    assert rc == 2 and err.startswith("Fout: ") and ONLEESBAAR[naam] in err
    assert "Traceback" not in err


def test_opdrachtregel_opties(tmp_path):
    rc, out, err = cli("meldingen", "Assen", "--bron", "ingebouwd", "--offline", "--uitvoer", str(tmp_path),
                       "--blad", "Meldingen", "--kolom", "datum=Gemeld op", "--kolom", "categorie=Soort melding",
                       str(CORPUS / "excel_titels.xlsx"))
    assert rc == 0, err
    assert "datum ← 'Gemeld op'" in out and "werkblad 'Meldingen'" in out
    rc, out, err = cli("meldingen", "Assen", "--bron", "ingebouwd", "--offline", "--uitvoer", str(tmp_path),
                       "--scheiding", "tab", "--codering", "utf-16", str(CORPUS / "unicode_tekst.txt"))
    assert rc == 0, err
    rc, out, err = cli("meldingen", "Assen", "--bron", "ingebouwd", "--offline", "--uitvoer", str(tmp_path),
                       "--kolom", "datum", str(CORPUS / "fixi_cp1252.csv"))
    assert rc == 2 and "STANDAARD=KOLOM" in err


def test_opdrachtregel_formule_onschadelijk_in_publicatie(tmp_path):
    rc, out, err = cli("meldingen", "Assen", "--bron", "ingebouwd", "--offline", "--uitvoer", str(tmp_path),
                       "--niveau", "wijk", str(CORPUS / "formule_en_datums.csv"))
    assert rc == 0, err
    for pad in (tmp_path / "assen").glob("*.csv"):
        for cel in pd.read_csv(pad, sep=";", dtype=str, header=None).stack():
            assert not str(cel).startswith(("=", "+", "@", "\t", "\r")), (pad.name, cel)
    kop = (tmp_path / "assen" / "meldingen_per_wijk_publicatie.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "'=cmd" in kop


def test_opdrachtregel_adressen_met_geocodeer(tmp_path):
    with LocatieserverReplay() as srv:
        settings.locatieserver_url = srv.url
        rc, out, err = cli("meldingen", "Assen", "--bron", "ingebouwd", "--niveau", "buurt", "--uitvoer",
                           str(tmp_path), str(CORPUS / "adressen.csv"))
    assert rc == 0, err
    assert f"{N} meldingen geaccepteerd" in out
    for pad in (tmp_path / "assen").glob("*publicatie*"):
        tekst = pad.read_text(encoding="utf-8-sig")
        assert not any(a in tekst for a in BRON.address)    # no address published


def test_beschadigde_varianten_nooit_een_traceback(tmp_path):
    """Every corpus file, cut off, with flipped bytes or with separators and quotes inserted at random
    places (fixed seed): either read with every row accounted for, or one Dutch error."""
    import random

    from wijkscan.errors import WijkscanFout

    rng = random.Random(11)
    bestanden = [p for p in sorted(CORPUS.iterdir()) if not p.name.startswith(("_", "kapot", "adressen"))]
    gelezen = fout = 0
    for k in range(60):
        bron = bestanden[k % len(bestanden)]
        data = bytearray(bron.read_bytes())
        soort = rng.choice(["afgekapt", "bytes", "tekens"])
        if soort == "afgekapt":
            data = data[: rng.randrange(1, len(data))]
        elif soort == "bytes":
            for _ in range(rng.randrange(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        else:
            i = rng.randrange(len(data))
            data[i:i] = bytes(rng.choice(b';,\t\n"\x00') for _ in range(rng.randrange(1, 10)))
        pad = tmp_path / f"{k}_{bron.name}"
        pad.write_bytes(bytes(data))
        try:
            imp = lees_meldingen(pad, voortgang=False)
        except WijkscanFout as e:
            assert str(e) and "Traceback" not in str(e)
            fout += 1
            continue
        telling_klopt(imp)
        gelezen += 1
    assert gelezen > 10 and fout > 5          # both outcomes occur


def test_publicatietabel_naar_excel_zonder_formule(assen, tmp_path):
    """The issue's case: a category '=cmd|...' must not become a live formula in the publication table .to_excel()."""
    import openpyxl

    from wijkscan.analysis.meldingentelling import tel_meldingen

    imp = lees_meldingen(CORPUS / "formule_en_datums.csv", gemeente_grens=assen)
    pad = tmp_path / "publicatie.xlsx"
    tel_meldingen(assen, imp, wijkscan.cbs_indeling(assen, "wijk")).tabel("wijk").to_excel(pad)
    ws = openpyxl.load_workbook(pad).active
    cellen = [c for rij in ws.iter_rows() for c in rij if c.value is not None]
    assert not any(c.data_type == "f" for c in cellen)
    assert "'=cmd|' /C calc'!A0" in {c.value for c in cellen}


def test_losse_shapefile(tmp_path, assen):
    import zipfile

    with zipfile.ZipFile(CORPUS / "meldingen_shp.zip") as z:
        z.extractall(tmp_path)
    imp = lees_meldingen(tmp_path / "meldingen.shp", gemeente_grens=assen)
    telling_klopt(imp)
    assert imp.formaat == "Shapefile" and len(imp.meldingen) == N
    (tmp_path / "meldingen.dbf").unlink()
    with pytest.raises(OngeldigeInvoer, match="Shapefile"):
        lees_meldingen(tmp_path / "meldingen.shp")


def test_kaartlagen_met_alleen_gebieden(assen):
    """Area-only meldingen: counted per wijk on the map, no hexagons/heatmap/hotspots, and the map says why."""
    from wijkscan.analysis.meldingenlagen import meldingenlagen
    from wijkscan.pipeline import wijkanalyse

    imp = lees_meldingen(CORPUS / "gebiedskolom.csv", gemeente_grens=assen)
    wa = wijkanalyse(assen, niveau="wijk", meldingen=imp)
    lagen = meldingenlagen(wa, imp, hotspot_permutaties=9)
    assert lagen.aantal == N and lagen.zeshoeken.empty and lagen.warmte.empty
    assert "geen coördinaten, alleen een gebied" in lagen.hotspot_fout
    assert any(o.startswith(f"{N} meldingen hebben alleen een gebied") for o in lagen.opmerkingen)


def test_opdrachtregel_analyse_met_meldingenopties(tmp_path):
    rc, out, err = cli("analyse", "Assen", "--bron", "ingebouwd", "--offline", "--niveau", "wijk", "--uitvoer",
                       str(tmp_path), "--meldingen", str(CORPUS / "excel_titels.xlsx"), "--blad", "Meldingen",
                       "--kolom", "categorie=Soort melding")
    assert rc == 0, err
    assert "categorie ← 'Soort melding'" in out


def test_gebiedskolom_met_wijken_telt_per_wijk_in_de_wijkanalyse(assen):
    """An export that names only the wijk: the one result counts per wijk and says buurten are unknown."""
    from wijkscan.pipeline import wijkanalyse

    imp = lees_meldingen(CORPUS / "gebiedskolom.csv", gemeente_grens=assen)
    wa = wijkanalyse(assen, niveau="wijk", meldingen=imp)
    t = wa.meldingentelling
    per_wijk = imp.meldingen["gebied_code"].value_counts()
    bekend = t.totalen("wijk").dropna()
    assert len(bekend) >= 7 and t.aantal == len(imp.meldingen) == N
    assert bekend.astype(int).to_dict() == per_wijk.reindex(bekend.index).fillna(0).astype(int).to_dict()
    assert set(t.tabel("buurt")["totaal"]) == {"alleen per wijk bekend"}
    assert any("alleen een wijk" in o for o in t.opmerkingen)
    p = wa.profiel[(wa.profiel.indicator == "meldingen") & (wa.profiel.jaar == wa.jaar)].set_index("gebied")
    assert p.loc[bekend.index, "waarde"].notna().any()
