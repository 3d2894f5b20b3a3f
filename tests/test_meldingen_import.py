"""Reading meldingen: every format, every rejection reason, and the row accounting."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer

import wijkscan
from wijkscan.errors import OngeldigeInvoer
from wijkscan.sources.embedded import meldingen_bestand
from wijkscan.sources.meldingen import (
    KOLOMMEN,
    REDENEN,
    MeldingenImport,
    assen_meldingen,
    kolomtoewijzing,
    lees_meldingen,
)

FIX = Path(__file__).parent / "fixtures" / "meldingen"
CATEGORIEEN = ["Afval", "Wegen, verkeer en straatmeubilair", "Openbaar groen en water", "overig", "Riolering",
               "Overlast Dier", "Overlast Openbare Ruimte", "Civiele Constructie"]
TO_RD = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)


@pytest.fixture(scope="module")
def assen():
    return wijkscan.load("Assen", bron="ingebouwd")


@pytest.fixture(scope="module")
def echt():
    """The real records, by id, straight from the embedded file (independent of the reader)."""
    data = json.loads(gzip.decompress(meldingen_bestand("assen_signalen_all_meldingen").read_bytes()))
    return {r["id"]: r for r in data}


def telling_klopt(imp: MeldingenImport) -> None:
    assert len(imp.meldingen) + len(imp.afgewezen) == imp.invoer_rijen
    assert sorted([*imp.meldingen.rij, *imp.afgewezen.rij]) == list(range(1, imp.invoer_rijen + 1))


def redenen_per_rij(imp: MeldingenImport) -> dict[int, str]:
    return dict(zip(imp.afgewezen.rij, imp.afgewezen.reden_code, strict=True))


# --------------------------------------------------------------------------------------- formats


def test_puntkomma_csv_alle_redenen(assen, echt):
    imp = lees_meldingen(FIX / "assen_puntkomma.csv", gemeente_grens=assen, categorieen=CATEGORIEEN)
    telling_klopt(imp)
    assert imp.formaat == "CSV" and imp.invoer_rijen == 15
    assert redenen_per_rij(imp) == {
        4: "geen_coordinaten", 5: "ongeldige_coordinaten", 6: "ongeldige_datum", 7: "geen_datum",
        8: "dubbel_id", 9: "buiten_gemeente", 11: "onbekende_categorie", 12: "geen_coordinaten",
        13: "buiten_nederland", 14: "onwaarschijnlijke_datum",
    }
    assert list(imp.meldingen.rij) == [1, 2, 3, 10, 15]
    assert dict(zip(imp.aanpassingen.rij, imp.aanpassingen.code, strict=True)) == {
        3: "latlon_verwisseld", 10: "rd_in_latlon", 15: "afgehandeld_voor_melding"}
    # BOM and Dutch column names recognised
    assert imp.kolommen["id"] == "Meldingnummer" and imp.kolommen["afgehandeld"] == "Datum afgehandeld"
    m = imp.meldingen.set_index("rij")
    # Dutch date + time (local), date only, closing date
    assert m.loc[1, "datum"] == pd.Timestamp("2026-08-08 09:14")
    assert m.loc[2, "datum"] == pd.Timestamp("2026-08-08")
    assert m.loc[1, "afgehandeld"] == pd.Timestamp("2026-08-10")
    assert pd.isna(m.loc[15, "afgehandeld"])
    # decimal comma + swapped lat/lon repaired: same place as the real record
    r = echt["d1df88aa39a4f562"]
    x, y = TO_RD.transform(r["lng"], r["lat"])
    assert m.loc[3].geometry.distance(shapely.Point(x, y)) < 0.01
    # RD numbers in the lat/lon columns: the point is where the real melding is
    r = echt["cfd38d18f48fd878"]
    x, y = TO_RD.transform(r["lng"], r["lat"])
    assert m.loc[10].geometry.distance(shapely.Point(x, y)) < 0.1
    # reasons carry detail, and the original values
    afg = imp.afgewezen.set_index("rij")
    assert afg.loc[8, "reden"] == "dubbel meldingnummer (zelfde als rij 1)"
    assert afg.loc[11, "reden"] == "onbekende categorie ('Onbekend spul')"
    assert afg.loc[5, "Lat"] == "abc"


def test_zonder_grens_en_categorielijst_minder_afwijzingen():
    imp = lees_meldingen(FIX / "assen_puntkomma.csv")
    telling_klopt(imp)
    assert 9 in set(imp.meldingen.rij) and 11 in set(imp.meldingen.rij)   # no boundary, no category list


def test_verwisseld_niet_herstellen():
    imp = lees_meldingen(FIX / "assen_puntkomma.csv", herstel_verwisseld=False)
    telling_klopt(imp)
    assert redenen_per_rij(imp)[3] == "verwisseld"
    assert "latlon_verwisseld" not in set(imp.aanpassingen.code)


def test_komma_csv_iso_utc_naar_lokale_tijd(echt):
    imp = lees_meldingen(FIX / "assen_komma.csv")
    telling_klopt(imp)
    assert redenen_per_rij(imp) == {6: "ongeldige_datum"}
    m = imp.meldingen.set_index("id")
    # 2026-08-08T07:14:13.29+00:00 is 09:14:13.29 summer time in the Netherlands
    assert m.loc["a795adc1a3796d7f", "datum"] == pd.Timestamp("2026-08-08 09:14:13.290")
    assert m.loc["a795adc1a3796d7f", "categorie"] == "Wegen, verkeer en straatmeubilair"
    r = echt["7529ef5f061612cf"]
    x, y = TO_RD.transform(r["lng"], r["lat"])
    assert m.loc["7529ef5f061612cf"].geometry.distance(shapely.Point(x, y)) < 0.01


def test_xlsx_rd_met_tijdkolom_en_excel_datums():
    imp = lees_meldingen(FIX / "assen_rd.xlsx")
    telling_klopt(imp)
    assert imp.formaat == "XLSX"
    assert redenen_per_rij(imp) == {4: "geen_coordinaten", 5: "ongeldige_datum", 8: "dubbel_id"}
    assert dict(zip(imp.aanpassingen.rij, imp.aanpassingen.code, strict=True)) == {
        3: "xy_verwisseld", 6: "wgs_in_xy"}
    m = imp.meldingen.set_index("rij")
    assert m.loc[1, "datum"] == pd.Timestamp("2026-08-08 09:14")          # date cell + "09:14"
    assert m.loc[7, "datum"] == pd.Timestamp("2026-08-07 18:24")          # Excel serial 46241 + time
    assert m.loc[1, "id"] == "1000" and m.loc[1, "afgehandeld"] == pd.Timestamp("2026-08-12")
    assert imp.kolommen["tijd"] == "tijdstipMelding"


def test_geojson_signalen_geografie():
    imp = lees_meldingen(FIX / "assen_geografie.geojson")
    telling_klopt(imp)
    assert imp.formaat == "GeoJSON"
    assert redenen_per_rij(imp) == {6: "geen_coordinaten", 7: "geen_punt"}
    assert dict(zip(imp.aanpassingen.rij, imp.aanpassingen.code, strict=True)) == {5: "latlon_verwisseld"}
    assert imp.kolommen["categorie"] == "category.parent.name"
    assert imp.kolommen["subcategorie"] == "category.name"
    assert set(imp.meldingen.categorie) == {"Wegen, verkeer en straatmeubilair", "Afval", "overig"}


def test_signalen_json_gz():
    imp = lees_meldingen(FIX / "assen_signalen.json.gz")
    telling_klopt(imp)
    assert imp.formaat == "Signalen JSON"
    assert redenen_per_rij(imp) == {11: "dubbel_id", 12: "geen_coordinaten"}
    assert "address" not in imp.meldingen.columns            # not kept unless asked
    met = lees_meldingen(FIX / "assen_signalen.json.gz", bewaar=["address"])
    assert "address" in met.meldingen.columns


def test_dataframe_en_geodataframe_invoer():
    df = pd.DataFrame({"datum": ["01-06-2026 10:00", "02-06-2026"], "x": [233000.0, 234000.0],
                       "y": [557000.0, 558000.0], "categorie": ["Afval", None]})
    imp = lees_meldingen(df)
    telling_klopt(imp)
    assert imp.formaat == "DataFrame" and len(imp.meldingen) == 2
    assert imp.meldingen.categorie.iloc[1] == "geen categorie"
    assert list(imp.aanpassingen.code) == ["geen_categorie"]
    gdf = gpd.GeoDataFrame({"datum": ["2026-06-01"] * 3},
                           geometry=[shapely.Point(6.56, 53.0), shapely.box(6.5, 52.9, 6.6, 53.0), None], crs=4326)
    imp = lees_meldingen(gdf)
    telling_klopt(imp)
    x, y = TO_RD.transform(6.56, 53.0)
    assert imp.meldingen.geometry.iloc[0].distance(shapely.Point(x, y)) < 0.01
    assert redenen_per_rij(imp) == {2: "geen_punt", 3: "geen_coordinaten"}
    # datetime columns with a time zone (UTC) become Dutch local time (CEST: +2 h)
    tz = pd.DataFrame({"created_at": pd.to_datetime(["2026-06-01T10:00Z", None]), "lat": [53.0, 53.0],
                       "lon": [6.56, 6.56]})
    imp = lees_meldingen(tz)
    assert imp.meldingen.datum.iloc[0] == pd.Timestamp("2026-06-01 12:00")
    assert redenen_per_rij(imp) == {2: "geen_datum"}


def test_leeg_bestand(tmp_path):
    pad = tmp_path / "leeg.csv"
    pad.write_text("datum;lat;lon\n", encoding="utf-8")
    imp = lees_meldingen(pad)
    telling_klopt(imp)
    assert imp.invoer_rijen == 0 and "0 rijen gelezen" in imp.samenvatting()


def test_assen_ingebouwd(assen):
    imp = assen_meldingen()
    telling_klopt(imp)
    assert imp.invoer_rijen == 3024 and len(imp.afgewezen) == 0
    assert imp.meldingen.crs.to_epsg() == 28992
    assert imp.meldingen.categorie.value_counts()["Openbaar groen en water"] == 942
    # two real points lie outside the Assen boundary (in Rolde and Hooghalen)
    imp = assen_meldingen(gemeente_grens=assen)
    telling_klopt(imp)
    assert set(imp.afgewezen.id) == {"652d9f0fba730d8d", "d896c0e71ba44bbd"}
    assert set(imp.afgewezen.reden_code) == {"buiten_gemeente"}


def test_assen_met_afgeleide_afhandeldatum():
    imp = assen_meldingen(afgehandeld=True)
    m = imp.meldingen
    assert m.afgehandeld.notna().sum() == 2742
    # the import's findings are fields of the result, not DataFrame.attrs (issue 20)
    assert m.attrs == {}
    assert imp.afhandeldatum_afgeleid is True and imp.volledig_vanaf == "2026-05-18" and imp.gebied_niveau is None
    assert any("afgeleid" in o for o in imp.opmerkingen)


# --------------------------------------------------------------------------------------- mapping


def test_kolomtoewijzing_synoniemen_en_override():
    assert kolomtoewijzing(["datumMelding", "hoofdcategorie", "subcategorie", "datumAfgerond", "status"]) == {
        "datum": "datumMelding", "categorie": "hoofdcategorie", "subcategorie": "subcategorie",
        "status": "status", "afgehandeld": "datumAfgerond"}
    assert kolomtoewijzing(["created_at", "category", "subcategory", "lat", "lng", "resolved_date"])["lon"] == "lng"
    assert kolomtoewijzing(["Gemeld op", "datum"], {"datum": "Gemeld op"})["datum"] == "Gemeld op"
    with pytest.raises(OngeldigeInvoer, match="staat niet in het bestand"):
        kolomtoewijzing(["a"], {"datum": "b"})
    with pytest.raises(OngeldigeInvoer, match="kent"):
        kolomtoewijzing(["a"], {"wanneer": "a"})
    assert set(KOLOMMEN) >= {"id", "datum", "categorie", "subcategorie", "x", "y", "lat", "lon", "status",
                             "afgehandeld"}


def test_override_kolommen_bij_lezen():
    df = pd.DataFrame({"Gemeld op": ["01-06-2026"], "B": ["53,0"], "L": ["6,56"], "Soort melding": ["Afval"]})
    imp = lees_meldingen(df, kolommen={"datum": "Gemeld op", "lat": "B", "lon": "L", "categorie": "Soort melding"})
    assert len(imp.meldingen) == 1 and imp.meldingen.categorie.iloc[0] == "Afval"


def test_fouten_die_de_gebruiker_kan_oplossen(tmp_path):
    with pytest.raises(OngeldigeInvoer, match="geen coördinaten"):
        lees_meldingen(pd.DataFrame({"datum": ["01-06-2026"], "categorie": ["Afval"]}))
    with pytest.raises(OngeldigeInvoer, match="meldingsdatum"):
        lees_meldingen(pd.DataFrame({"lat": [53.0], "lon": [6.56]}))
    with pytest.raises(OngeldigeInvoer, match="bestaat niet"):
        lees_meldingen(tmp_path / "weg.csv")
    kapot = tmp_path / "kapot.json"
    kapot.write_text('[{"lat": 53.0, "lng"', encoding="utf-8")
    with pytest.raises(OngeldigeInvoer, match="niet te lezen"):
        lees_meldingen(kapot)
    (tmp_path / "x.docx").write_text("iets")
    with pytest.raises(OngeldigeInvoer, match="Bestandssoort"):
        lees_meldingen(tmp_path / "x.docx")
    (tmp_path / "x.shp").write_text("")
    with pytest.raises(OngeldigeInvoer, match="leeg"):
        lees_meldingen(tmp_path / "x.shp")


# --------------------------------------------------------------------------------------- accounting


def test_telling_klopt_altijd_bij_rommel():
    """Random garbage in every column: every row is accepted or rejected, never lost or doubled."""
    rng = np.random.default_rng(7)
    n = 400
    keuzes_lat = ["53,0", "6,56", "", "abc", "0", "557000", "52.99", None, "48.85", "53,01067498"]
    keuzes_lon = ["6,56", "53,0", "", "xyz", "0", "233000", "6.57", None, "2.35", "6,562120914"]
    keuzes_datum = ["01-06-2026", "2026-06-01T10:00:00+00:00", "", "morgen", "31-13-2026", "01-01-2099",
                    "15-06-2026 14:05", None, "2026-06-02 08:00", "1999-12-31"]
    df = pd.DataFrame({
        "id": rng.integers(0, 150, n).astype(str),
        "lat": rng.choice(np.array(keuzes_lat, dtype=object), n),
        "lon": rng.choice(np.array(keuzes_lon, dtype=object), n),
        "datum": rng.choice(np.array(keuzes_datum, dtype=object), n),
        "categorie": rng.choice(np.array(["Afval", "Riolering", "", "Iets", None], dtype=object), n),
    })
    grens = shapely.box(225_000, 545_000, 245_000, 570_000)
    for kw in ({}, {"gemeente_grens": grens}, {"categorieen": ["Afval", "Riolering"]},
               {"herstel_verwisseld": False, "gemeente_grens": grens, "categorieen": ["Afval"]}):
        imp = lees_meldingen(df, **kw)
        telling_klopt(imp)
        assert set(imp.afgewezen.reden_code) <= set(REDENEN)
        assert imp.redenen().aantal.sum() == len(imp.afgewezen)


def test_samenvatting_en_html():
    imp = lees_meldingen(FIX / "assen_puntkomma.csv")
    tekst = imp.samenvatting()
    assert "15 rijen gelezen" in tekst and "afgewezen: geen coördinaten: 2" in tekst
    assert "lat en lon verwisseld; hersteld: 1" in tekst
    html = imp._repr_html_()
    assert "Afgewezen per reden" in html and "intern gebruik" in html
    assert "abc" not in html            # the HTML view shows no original values
    assert "MeldingenImport" in repr(imp)


def test_signalen_dubbele_plek_en_tijd_wordt_gemeld():
    imp = assen_meldingen()
    m = imp.meldingen
    verwacht = int(pd.DataFrame({"x": m.geometry.x.round(1), "y": m.geometry.y.round(1), "d": m.datum}).duplicated().sum())
    zin = next(o for o in imp.opmerkingen if "dezelfde plek en hetzelfde tijdstip" in o)
    assert verwacht > 0 and zin.startswith(f"{verwacht} meldingen hebben")   # counted exactly (real Assen data)


# --------------------------------------------------------------------------------------- speed paths (issue 18)


@pytest.mark.parametrize("rommel", [None, "onbekend", "233.456"])
def test_getalkolommen_via_c_parser_zelfde_als_tekstpad(tmp_path, rommel):
    """Decimal-comma coordinates are parsed by the C parser itself (issue 18, point 10). The result must be the
    one of the text path (the same values given as a table of strings); a value far below the sample lines that is
    no such number ("onbekend", "233.456") turns the column back into text, and that row is rejected as before.
    DERIVED: the first 300 real Assen meldingen (points in WGS84 with 7 decimals, decimal comma)."""
    m = assen_meldingen().meldingen.head(300)
    lon, lat = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True).transform(
        m.geometry.x.to_numpy(), m.geometry.y.to_numpy())
    komma = lambda v: np.char.replace(np.round(v, 7).astype(str), ".", ",")   # noqa: E731
    df = pd.DataFrame({"Meldingnummer": m.id.to_numpy(dtype=str), "Datum melding": m.datum.dt.strftime("%d-%m-%Y %H:%M"),
                       "Categorie": m.categorie.to_numpy(dtype=str), "Lat": komma(lat), "Lon": komma(lon)})
    if rommel:
        df.loc[250, "Lat"] = rommel
    pad = tmp_path / "komma.csv"
    df.to_csv(pad, sep=";", index=False)
    from wijkscan.sources.meldingen.formaten import lees_bron

    gelezen = lees_bron(pad).df
    assert (gelezen["Lat"].dtype == np.float64) == (rommel is None) and gelezen["Lon"].dtype == np.float64
    snel = lees_meldingen(pad)
    tekst = lees_meldingen(pd.read_csv(pad, sep=";", dtype=str, keep_default_na=False))
    telling_klopt(snel)
    assert redenen_per_rij(snel) == redenen_per_rij(tekst) == ({251: "buiten_nederland" if rommel == "233.456"
                                                                 else "ongeldige_coordinaten"} if rommel else {})
    assert np.allclose(snel.meldingen.geometry.x, tekst.meldingen.geometry.x, atol=1e-6)
    assert np.allclose(snel.meldingen.geometry.y, tekst.meldingen.geometry.y, atol=1e-6)


def test_import_laat_de_garbage_collector_zoals_hij_was():
    """The import pauses the garbage collector while it makes the points; afterwards it is as the caller left it."""
    import gc

    pad = meldingen_bestand()
    assert gc.isenabled()
    imp = lees_meldingen(pad)
    assert gc.isenabled() and imp.meldingen.geometry.notna().sum() > 2000
    gc.disable()
    try:
        lees_meldingen(pad)
        assert not gc.isenabled()
    finally:
        gc.enable()
