"""Gebiedsindeling (``wijkscan.areas``) on the real embedded data of Voorschoten and Assen.

Expected values are computed independently here (geopandas.overlay by hand, the CBS codes
in the snapshot), not copied from what the module returns.
"""

from __future__ import annotations

import re

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
import shapely

import wijkscan
from wijkscan.areas import (
    ANDERE_GEMEENTE,
    BUITEN,
    DUBBEL,
    GEEN_BUURTEN,
    GEEN_GEBIED,
    GEEN_GEOMETRIE,
    MEERDERE_GEBIEDEN,
    NIET_INGEDEELD,
    ONBEKENDE_BUURT,
    RIJ_KWESTIES,
    TEGENSTRIJDIG,
    VLAKKEN_BUITEN_GEMEENTE,
    VLAKKEN_SAMENGEVOEGD,
    Indeling,
    cbs_indeling,
    indeling_uit_tabel,
    indeling_uit_vlakken,
    pc4_indeling,
)
from wijkscan.errors import OngeldigeInvoer
from wijkscan.sources import embedded

ZONDER_VLAK = {"BU01060311": "WK010603", "BU01060899": "WK010608", "BU01069918": "WK010699"}


@pytest.fixture(scope="module")
def vs():
    return wijkscan.load("Voorschoten", bron="ingebouwd")


@pytest.fixture(scope="module")
def assen():
    return wijkscan.load("Assen", bron="ingebouwd")


@pytest.fixture(scope="module")
def pc4_vs(vs):
    return pc4_indeling(vs)


def buurtcodes(data) -> set[str]:
    return set(data.gebieden.index[data.gebieden.niveau == "buurt"])


def check_shape(ind: Indeling, data) -> None:
    """The interface every Indeling keeps, whatever made it."""
    assert ind.toewijzing.index.name == "buurt"
    assert list(ind.toewijzing.columns) == ["gebied", "aandeel"]
    assert ind.toewijzing.aandeel.between(0, 1 + 1e-9).all()
    assert set(ind.toewijzing.gebied) <= set(ind.gebieden.index)
    assert ind.gebieden.index.name == "code" and ind.gebieden.index.is_unique
    assert {"naam", "niveau", "geometry"} <= set(ind.gebieden.columns)
    assert (ind.gebieden.niveau == ind.naam).all()
    assert ind.gebieden.crs.to_epsg() == 28992
    assert list(ind.rapport.columns) == ["buurt", "naam", "kwestie", "detail"]
    # nothing dropped silently: every buurt is assigned or reported
    assert buurtcodes(data) <= set(ind.toewijzing.index) | set(ind.rapport.buurt.dropna())
    assert set(ind.toewijzing.index) <= buurtcodes(data)
    assert ind.gebied_van().equals(ind.toewijzing.gebied)


def overlay_shares(data, vlakken: gpd.GeoDataFrame) -> pd.DataFrame:
    """Independent: share of each buurt's area per polygon, by geopandas.overlay."""
    b = data.gebieden[(data.gebieden.niveau == "buurt") & data.gebieden.geometry.notna()]
    left = gpd.GeoDataFrame({"buurt": b.index}, geometry=b.geometry.make_valid().to_numpy(), crs=b.crs)
    right = gpd.GeoDataFrame({"vlak": vlakken.index.astype(str)}, geometry=vlakken.geometry.to_numpy(), crs=vlakken.crs)
    ov = gpd.overlay(left, right, how="intersection", keep_geom_type=True)
    ov["share"] = ov.area / ov.buurt.map(b.area)
    return ov.pivot_table(index="buurt", columns="vlak", values="share", aggfunc="sum").fillna(0.0)


# --------------------------------------------------------------------------- PC4, Voorschoten


def test_pc4_every_buurt_assigned_or_reported_and_every_pc4_used(vs, pc4_vs):
    check_shape(pc4_vs, vs)
    assert pc4_vs.naam == "pc4"
    assert sorted(pc4_vs.gebieden.index) == ["2251", "2252", "2253", "2254"]
    assert len(buurtcodes(vs)) == 12
    per_pc4 = pc4_vs.toewijzing.groupby("gebied").size()
    leeg = set(pc4_vs.rapport.naam[pc4_vs.rapport.kwestie == GEEN_BUURTEN])
    for pc in pc4_vs.gebieden.index:
        assert per_pc4.get(pc, 0) >= 1 or pc4_vs.gebieden.at[pc, "naam"] in leeg
    # all 12 buurten have a polygon and overlap the PC4 areas, so all are assigned
    assert set(pc4_vs.toewijzing.index) == buurtcodes(vs)


def test_pc4_largest_overlap_matches_overlay_by_hand(vs, pc4_vs):
    shares = overlay_shares(vs, embedded.pc4("GM0626"))
    expected = shares.idxmax(axis=1)
    # Boschgeest and Nassauwijk are split between 2252 and 2254; Adegeest mostly in 2253
    for buurt, pc in [("BU06260004", "2252"), ("BU06260012", "2252"), ("BU06260002", "2253"), ("BU06260009", "2254")]:
        assert expected[buurt] == pc
        assert pc4_vs.gebied_van()[buurt] == pc
        assert pc4_vs.toewijzing.at[buurt, "aandeel"] == pytest.approx(shares.at[buurt, pc], abs=1e-6)
    assert pc4_vs.gebied_van().sort_index().to_dict() == expected.sort_index().to_dict()


def test_pc4_straddlers_reported_with_shares_summing_to_100(vs, pc4_vs):
    shares = overlay_shares(vs, embedded.pc4("GM0626"))
    second = shares.apply(lambda r: r.nlargest(2).iloc[1], axis=1)
    expected = set(second.index[second >= 0.10])
    assert expected  # there are straddlers in Voorschoten
    rows = pc4_vs.rapport[pc4_vs.rapport.kwestie == MEERDERE_GEBIEDEN]
    assert set(rows.buurt) == expected
    for r in rows.itertuples():
        parts = re.findall(r"(\d+)% (in (\d{4})|buiten alle gebieden)", r.detail)
        assert sum(int(p[0]) for p in parts) == pytest.approx(100, abs=2), r.detail
        # largest first, and it is where the buurt went
        assert parts[0][2] == pc4_vs.gebied_van()[r.buurt]
        assert int(parts[0][0]) == round(100 * shares.loc[r.buurt].max())
    # still assigned, to the largest part
    assert expected <= set(pc4_vs.toewijzing.index)


def test_pc4_from_file_in_other_crs_with_extra_polygons(vs, pc4_vs, tmp_path):
    pc = embedded.pc4("GM0626").reset_index()[["code", "geometry"]].rename(columns={"code": "PC4"})
    pc["PC4"] = pc.PC4.astype(int)  # postcodes as numbers, as in many files
    centrum = vs.gebieden.geometry["BU06260011"].centroid
    extra = gpd.GeoDataFrame(
        {"PC4": [9401, 2250, 2250]},
        geometry=[shapely.box(233700, 556700, 234200, 557100),        # in Assen: far outside Voorschoten
                  centrum.buffer(20), centrum.buffer(20).buffer(0)],   # tiny, inside Voorschoten, twice
        crs=pc.crs,
    )
    path = tmp_path / "pc4.gpkg"
    pd.concat([pc, extra]).to_crs(4326).to_file(path)
    ind = pc4_indeling(vs, path)
    check_shape(ind, vs)
    assert ind.gebied_van().to_dict() == pc4_vs.gebied_van().to_dict()
    assert "9401" not in ind.gebieden.index
    assert (ind.rapport.kwestie == VLAKKEN_BUITEN_GEMEENTE).sum() == 1
    assert "2250" in ind.gebieden.index  # no buurt, but it stays, reported
    assert set(ind.rapport.kwestie) >= {GEEN_BUURTEN, VLAKKEN_SAMENGEVOEGD, MEERDERE_GEBIEDEN}


# --------------------------------------------------------------------------- own table, Voorschoten


def bad_table() -> pd.DataFrame:
    rows = [
        ("BU06260001", "N", "Noord"),
        ("adegeest", "N", "Noord"),            # name, other case
        ("bu6260004", "N", "Noord"),           # code without padding
        ("Bijdorp", "Z", "Zuid"),
        (" BU06260007 ", "Z", "Zuid"),
        ("Starrenburg", "Z", "Zuid"),
        ("Dobbewijk", "Z", "Zuid"),
        ("Krimwijk", "Z", "Zuid"),
        ("Centrum", "C", "Centrum"),
        ("Nassauwijk", "W", "West"),           # conflicting duplicate ...
        ("BU06260012", "O", "Oost"),           # ... of this one
        ("Bloemenwijk", "W", "West"),
        ("BU06260013", "W", "West"),           # exact duplicate (by code) of Bloemenwijk
        ("Atlantis", "W", "West"),             # unknown buurt
        ("BU01060000", "W", "West"),           # Brinkkwartier, Assen
        ("BU06260014", "", ""),                # Buitengebied, no gebied
    ]
    return pd.DataFrame(rows, columns=["Buurt", "wijk", "wijknaam"])


def test_table_bad_rows_are_reported_and_every_row_accounted_for(vs):
    t = bad_table()
    ind = indeling_uit_tabel(vs, t, buurt="Buurt", gebied="wijk", naam="wijknaam", indeling_naam="eigen wijken")
    check_shape(ind, vs)
    kw = ind.rapport.kwestie
    for reason in (ONBEKENDE_BUURT, ANDERE_GEMEENTE, GEEN_GEBIED, TEGENSTRIJDIG, DUBBEL, NIET_INGEDEELD, GEEN_BUURTEN):
        assert (kw == reason).any(), reason
    assert (kw == TEGENSTRIJDIG).sum() == 2
    assert set(ind.rapport.buurt[kw == TEGENSTRIJDIG]) == {"BU06260012"}
    assert set(ind.rapport.buurt[kw == NIET_INGEDEELD]) == {"BU06260012", "BU06260014"}
    assert "Assen" in ind.rapport.detail[kw == ANDERE_GEMEENTE].iloc[0]
    # rows used + rows reported == input rows
    assert len(ind.toewijzing) + kw.isin(RIJ_KWESTIES).sum() == len(t)
    assert ind.gebied_van().to_dict() == {
        "BU06260001": "N", "BU06260002": "N", "BU06260004": "N",
        "BU06260006": "Z", "BU06260007": "Z", "BU06260008": "Z", "BU06260009": "Z", "BU06260010": "Z",
        "BU06260011": "C", "BU06260013": "W",
    }
    assert (ind.toewijzing.aandeel == 1.0).all()
    assert list(ind.gebieden.index) == ["N", "Z", "C", "W", "O"]
    assert ind.gebieden.at["N", "naam"] == "Noord" and ind.gebieden.at["N", "niveau"] == "eigen wijken"
    # "O" only had the conflicting row: kept, empty, reported
    assert ind.gebieden.geometry["O"] is None
    assert ind.rapport.naam[kw == GEEN_BUURTEN].tolist() == ["Oost"]
    # area polygon = union of its buurten
    noord = shapely.union_all(vs.gebieden.geometry[["BU06260001", "BU06260002", "BU06260004"]].to_numpy())
    assert ind.gebieden.geometry["N"].symmetric_difference(noord).area < 1.0
    assert ind.gebieden.geometry["N"].area == pytest.approx(noord.area)


def test_table_from_csv_and_xlsx_gives_the_same_indeling(vs, tmp_path):
    t = bad_table()
    ref = indeling_uit_tabel(vs, t, buurt="Buurt", gebied="wijk", naam="wijknaam")
    csv = tmp_path / "indeling.csv"
    csv.write_text(t.to_csv(sep=";", index=False), encoding="utf-8-sig")  # Excel-style: BOM and ;
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(t.columns))
    for row in t.itertuples(index=False):
        ws.append([v if v != "" else None for v in row])
    xlsx = tmp_path / "indeling.xlsx"
    wb.save(xlsx)
    for path in (csv, xlsx, str(csv)):
        ind = indeling_uit_tabel(vs, path, buurt="buurt", gebied="WIJK", naam="wijknaam")  # column case does not matter
        assert ind.gebied_van().to_dict() == ref.gebied_van().to_dict()
        assert ind.rapport.kwestie.tolist() == ref.rapport.kwestie.tolist()
        # line numbers as the user sees them in Excel (header = line 1): "Atlantis" is on line 15
        assert ind.rapport.detail[ind.rapport.kwestie == ONBEKENDE_BUURT].iloc[0].startswith("Regel 15:")


def test_table_comma_csv_and_ambiguous_buurtnaam(vs, tmp_path):
    csv = tmp_path / "komma.csv"
    csv.write_text("buurt,gebied\nBU06260001,1\nNoord Hofland,1\n6260002,2\n", encoding="utf-8")
    ind = indeling_uit_tabel(vs, csv)
    assert ind.gebied_van().to_dict() == {"BU06260001": "1", "BU06260002": "2"}
    assert (ind.rapport.kwestie == DUBBEL).sum() == 1   # Noord Hofland = BU06260001
    # a gemeente where two buurten share a name: the row is reported, not guessed
    dubbel = vs.gebieden.copy()
    dubbel.loc["BU06260013", "naam"] = "Centrum"
    data = type(vs)(**{**vs.__dict__, "gebieden": dubbel})
    ind = indeling_uit_tabel(data, pd.DataFrame({"buurt": ["Centrum", "Bijdorp"], "gebied": ["A", "A"]}))
    assert ind.gebied_van().to_dict() == {"BU06260006": "A"}
    assert "buurtnaam niet eenduidig" in ind.rapport.kwestie.tolist()


# --------------------------------------------------------------------------- CBS, Assen


def test_cbs_wijk_assen_109_buurten_in_10_wijken(assen):
    ind = cbs_indeling(assen, "wijk")
    check_shape(ind, assen)
    assert len(ind.toewijzing) == 109 and len(ind.gebieden) == 10
    assert ind.rapport.empty
    # by code, so the buurten without a polygon count too
    for buurt, wijk in ZONDER_VLAK.items():
        assert assen.gebieden.geometry[buurt] is None
        assert ind.gebied_van()[buurt] == wijk
    expected = assen.gebieden.wijk[assen.gebieden.niveau == "buurt"]
    assert ind.gebied_van().sort_index().equals(expected.sort_index().rename("gebied"))
    # the area polygon is the CBS wijk polygon (2024), not the union of the (c. 2019) buurt polygons
    for wijk in ind.gebieden.index:
        assert ind.gebieden.geometry[wijk].equals(assen.gebieden.geometry[wijk])
    assert ind.gebieden.at["WK010600", "naam"] == "Centrum"


def test_cbs_buurt_and_gemeente(assen):
    buurt = cbs_indeling(assen, "buurt")
    check_shape(buurt, assen)
    assert len(buurt.gebieden) == 109 and (buurt.gebied_van() == buurt.gebied_van().index).all()
    assert set(buurt.rapport.buurt[buurt.rapport.kwestie == GEEN_GEOMETRIE]) == set(ZONDER_VLAK)
    gem = cbs_indeling(assen, "gemeente")
    check_shape(gem, assen)
    assert list(gem.gebieden.index) == ["GM0106"] and (gem.gebied_van() == "GM0106").all()


def test_polygons_without_buurt_geometry_are_reported_not_assigned(assen):
    wijken = assen.gebieden[assen.gebieden.niveau == "wijk"]
    ind = indeling_uit_vlakken(assen, wijken, naam="naam", indeling_naam="wijk volgens kaart")
    check_shape(ind, assen)
    assert set(ind.rapport.buurt[ind.rapport.kwestie == GEEN_GEOMETRIE]) == set(ZONDER_VLAK)
    assert not set(ZONDER_VLAK) & set(ind.toewijzing.index)
    assert len(ind.toewijzing) == 106
    # the map-based choice agrees with the CBS codes for nearly every buurt
    codes = assen.gebieden.wijk
    same = (ind.gebied_van() == codes.reindex(ind.gebied_van().index)).mean()
    assert same > 0.95


def test_buurt_outside_all_polygons(vs):
    pc = embedded.pc4("GM0626")
    ind = indeling_uit_vlakken(vs, pc[pc.index != "2254"])
    assert ind.rapport.buurt[ind.rapport.kwestie == BUITEN].tolist() == ["BU06260009"]  # Dobbewijk lies in 2254 only
    check_shape(ind, vs)


# --------------------------------------------------------------------------- errors and display


def test_polygon_file_without_crs(vs, tmp_path):
    path = tmp_path / "zonder_crs.shp"
    embedded.pc4("GM0626").reset_index()[["code", "geometry"]].to_file(path)
    path.with_suffix(".prj").unlink()
    with pytest.raises(OngeldigeInvoer, match="coördinatenstelsel.*set_crs"):
        indeling_uit_vlakken(vs, path)
    with pytest.raises(OngeldigeInvoer, match="set_crs"):
        pc4_indeling(vs, embedded.pc4("GM0626").set_crs(None, allow_override=True))


def test_missing_code_column_lists_the_columns(vs):
    pc = embedded.pc4("GM0626").reset_index().rename(columns={"code": "postcodegebied"})
    with pytest.raises(OngeldigeInvoer, match="geen kolom 'code'.*'postcodegebied'.*'naam'"):
        indeling_uit_vlakken(vs, pc)
    with pytest.raises(OngeldigeInvoer, match="geen postcodekolom.*'gebiedje'"):
        pc4_indeling(vs, pc[["postcodegebied", "geometry"]].rename(columns={"postcodegebied": "gebiedje"}))


def test_xlsx_table_with_wrong_column(vs, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Buurtcode", "Wijk"])
    wb.active.append(["BU06260001", "Noord"])
    path = tmp_path / "eigen.xlsx"
    wb.save(path)
    with pytest.raises(OngeldigeInvoer, match="geen kolom 'buurt'.*'Buurtcode', 'Wijk'"):
        indeling_uit_tabel(vs, path)
    ind = indeling_uit_tabel(vs, path, buurt="Buurtcode", gebied="Wijk")
    assert ind.gebied_van().to_dict() == {"BU06260001": "Noord"}
    assert (ind.rapport.kwestie == NIET_INGEDEELD).sum() == 11


def test_other_user_errors(vs, assen, tmp_path):
    with pytest.raises(OngeldigeInvoer, match="alleen voor Voorschoten"):
        pc4_indeling(assen)
    with pytest.raises(OngeldigeInvoer, match="Kies 'buurt', 'wijk' of 'gemeente'"):
        cbs_indeling(vs, "provincie")
    with pytest.raises(OngeldigeInvoer, match="bestaat niet"):
        indeling_uit_tabel(vs, tmp_path / "weg.csv")
    (tmp_path / "oud.xls").write_bytes(b"")
    with pytest.raises(OngeldigeInvoer, match=r"\.xlsx of \.csv"):
        indeling_uit_tabel(vs, tmp_path / "oud.xls")
    with pytest.raises(OngeldigeInvoer, match="drempel_gedeeld"):
        indeling_uit_vlakken(vs, embedded.pc4("GM0626"), drempel_gedeeld=10)


def test_repr_and_html_escape_user_text(vs):
    t = pd.DataFrame({"buurt": ["BU06260001", "<b>x</b>"], "gebied": ["<script>", "A"]})
    ind = indeling_uit_tabel(vs, t)
    page = ind._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>x</b>" not in page
    assert "onbekende buurt" in page
    assert repr(ind).startswith("<Indeling 'eigen indeling': 1 buurt in 2 gebieden; kwesties:")
    ok = cbs_indeling(vs, "wijk")
    assert "geen kwesties" in repr(ok) and "Alle buurten zijn ingedeeld" in ok._repr_html_()


# --------------------------------------------------------------------------- own indeling × survey × designations

# the README's example: columns buurt, gebied, naam; area names that are also buurt names (Vlietwijk, Centrum)
MIJN_WIJKEN = ("buurt,gebied,naam\nBU06260001,W1,Noord\nAdegeest,W1,Noord\nBU06260004,W2,Vlietwijk\n"
               "Vlietwijk,W2,Vlietwijk\nBU06260006,W3,Centrum\nBU06260011,W3,Centrum\nBU06260008,W4,Zuid\n"
               "BU06260009,W4,Zuid\nBU06260010,W4,Zuid\nBU06260012,W4,Zuid\nBU06260013,W4,Zuid\nAtlantis,W4,Zuid\n")
# by name and by code, an own area, a buurt inside an own area (alone: cannot make the area's mean), a CBS wijk,
# the gemeente, a buurt in no area, a name with other case and accents, a text item, bad rows
ENQUETE = ("gebied,indicator,score\nVlietwijk,waardering_groen,\"7,2\"\nW3,waardering_groen,6.8\n"
           "noord,waardering_groen,7\nBU06260009,waardering_groen,7.5\nAdegeest,burenhulp,50\n"
           "BU06260014,burenhulp,40\nGM0626,burenhulp,45\nCENTRÙM,burenhulp,55\nW2,sterke punten,Veel groen\n"
           "Atlantis,burenhulp,40\nW4,geluk,8\nW4,waardering_groen,12\n")


def _controleer_boekhouding(wa, tabel_regels: int, enquete_regels: int) -> None:
    """invoer == gebruikt + afgewezen for the indeling and the survey, and every used score is in the profile."""
    ind = wa.indeling
    assert len(ind.toewijzing) + ind.rapport.kwestie.isin(RIJ_KWESTIES).sum() == tabel_regels
    enq = wa.enquete
    assert enq.invoer == enquete_regels
    assert len(enq.scores) + len(enq.teksten) + len(enq.afgewezen) == enq.invoer
    assert sorted([*enq.scores.rij, *enq.teksten.rij, *enq.afgewezen.rij]) == list(range(2, enquete_regels + 2))
    p = wa.profiel.set_index(["gebied", "indicator", "jaar"])
    for r in enq.scores.itertuples():
        if r.gebied == "GM0626":
            assert (wa.profiel[wa.profiel.indicator == r.indicator].gemeente == r.score).any()
        else:
            assert p.loc[(r.gebied, r.indicator, r.jaar), "waarde"] == pytest.approx(r.score), r


@pytest.mark.parametrize("wijze", ["naam", "code"])
def test_own_indeling_survey_and_designations_lose_no_row(vs, tmp_path, wijze):
    (tmp_path / "mijn_wijken.csv").write_text(MIJN_WIJKEN, encoding="utf-8")
    enquete = ENQUETE if wijze == "naam" else ENQUETE.replace("Vlietwijk,", "W2,").replace("noord,", "W1,")
    (tmp_path / "enquete.csv").write_text(enquete, encoding="utf-8")
    eigen = wijkscan.indeling_uit_tabel(vs, tmp_path / "mijn_wijken.csv")        # the naam column without naam=
    assert eigen.gebieden.naam.to_dict() == {"W1": "Noord", "W2": "Vlietwijk", "W3": "Centrum", "W4": "Zuid"}
    aangewezen = ["vlietwijk", "Centrum"] if wijze == "naam" else ["W2", "W3"]
    wa = wijkscan.wijkanalyse(vs, niveau=eigen, enquete=tmp_path / "enquete.csv", aangewezen=aangewezen)
    _controleer_boekhouding(wa, 12, 12)
    assert set(wa.aandachtsgebieden[wa.aandachtsgebieden.aangewezen].gebied) == {"W2", "W3"}
    redenen = dict(zip(wa.enquete.afgewezen.rij, wa.enquete.afgewezen.reden, strict=True))
    # the README case that used to vanish: a buurt score (Dobbewijk) inside an own area without the others
    assert redenen[5].startswith("niet gebruikt: 1 van de 5 buurten van Zuid (W4) heeft een score voor waardering_groen")
    assert "Buitengebied" in vs.gebieden.naam.get("BU06260014") and "niet ingedeeld" in redenen[7]
    assert set(redenen) == {5, 6, 7, 11, 12, 13}
    # a name with other case and accents finds the own area, not the buurt of the same name
    assert wa.waarde("W3", "burenhulp") == 55 and wa.waarde("W2", "waardering_groen") == 7.2
    assert wa.gebied("centrum").equals(wa.gebied("W3"))


def test_unknown_designation_or_area_name_suggests_close_names(vs):
    eigen = wijkscan.indeling_uit_tabel(vs, pd.DataFrame({"buurt": ["BU06260001", "BU06260007"], "gebied": ["A", "B"],
                                                          "naam": ["Noord", "Vlietwijk"]}))
    with pytest.raises(OngeldigeInvoer, match=r"'Vlitwijk' is geen aangewezen gebied van deze indeling\. "
                                              r"Bedoelt u: Vlietwijk \(B\)\?"):
        wijkscan.wijkanalyse(vs, niveau=eigen, aangewezen=["Vlitwijk"])
    wa = wijkscan.wijkanalyse(vs)
    with pytest.raises(OngeldigeInvoer, match="Bedoelt u: Bijdorp"):
        wa.gebied("bijdrop")
    assert wa.gebied("BIJDORP").equals(wa.gebied("BU06260006"))


def test_cli_own_indeling_and_survey_lose_no_row(tmp_path, monkeypatch, capsys):
    from wijkscan.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "mijn_wijken.csv").write_text(MIJN_WIJKEN, encoding="utf-8")
    (tmp_path / "enquete.csv").write_text(ENQUETE, encoding="utf-8")
    assert main(["analyse", "Voorschoten", "--indeling", "mijn_wijken.csv", "--enquete", "enquete.csv", "--offline",
                 "--aangewezen", "Vlietwijk", "--aangewezen", "W3"]) == 0
    out = capsys.readouterr().out
    assert "eigen indeling: 4 gebieden" in out
    invoer = pd.read_excel(tmp_path / "uitvoer/voorschoten/wijkanalyse_eigen indeling.xlsx",
                           sheet_name="meldingen bij invoer")
    enquete = invoer[invoer.onderdeel == "enquête"]
    assert sorted(enquete.wat) == sorted(f"rij {n}" for n in (5, 6, 7, 11, 12, 13))
    profiel = pd.read_excel(tmp_path / "uitvoer/voorschoten/wijkanalyse_eigen indeling.xlsx", sheet_name="aandachtsgebieden")
    assert set(profiel[profiel.aangewezen == "ja"].gebied) == {"W2", "W3"}
