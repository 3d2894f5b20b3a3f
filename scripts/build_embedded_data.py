"""Build the embedded real-data snapshot in ``wijkscan/data/`` from the workplace's shared data.

It covers all 342 gemeenten of 2024: population by sex and age for every gemeente, wijk and buurt,
buurt polygons (circa 2019, where the code still exists in 2024), wijk polygons 2024, gemeente
outlines 2023, the gemeente series 2012-2024, and the richer woonikveilig variables (households,
WOZ, income, distances, registered crime) for the gemeenten that source covers.

This is a maintainer script, run once by hand when the snapshot changes::

    python scripts/build_embedded_data.py /path/to/shared/data

Neither the package nor the tests run it or read the shared folder; they read only the
files it writes into ``wijkscan/data/``. Every value it writes is copied from a real source file
(see ``wijkscan/data/PROVENANCE.md``); nothing is estimated or invented. Where two sources hold
the same figure, the script checks that they agree and stops if they do not.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import MultiPolygon, Polygon, shape

PC4_VOORSCHOTEN = [2251, 2252, 2253, 2254]
RD = "EPSG:28992"
OUT = Path(__file__).resolve().parents[1] / "wijkscan" / "data"

# StatLine CSV column -> harmonised variable (the CBS key without its year suffix)
CSV_VARS = {
    "Bevolking/Aantal inwoners (aantal)": "AantalInwoners",
    "Bevolking/Geslacht/Mannen (aantal)": "Mannen",
    "Bevolking/Geslacht/Vrouwen (aantal)": "Vrouwen",
    "Bevolking/Leeftijdsgroepen/0 tot 15 jaar (aantal)": "k_0Tot15Jaar",
    "Bevolking/Leeftijdsgroepen/15 tot 25 jaar (aantal)": "k_15Tot25Jaar",
    "Bevolking/Leeftijdsgroepen/25 tot 45 jaar (aantal)": "k_25Tot45Jaar",
    "Bevolking/Leeftijdsgroepen/45 tot 65 jaar (aantal)": "k_45Tot65Jaar",
    "Bevolking/Leeftijdsgroepen/65 jaar of ouder (aantal)": "k_65JaarOfOuder",
}
# woonikveilig `demografie` field -> harmonised variable (values are CBS 85984NED 2024)
WIV_VARS = {
    "huishoudens": "HuishoudensTotaal",
    "huishoudensgrootte": "GemiddeldeHuishoudensgrootte",
    "dichtheid": "Bevolkingsdichtheid",
    "wozWaarde": "GemiddeldeWOZWaardeVanWoningen",
    "koopwoningen": "Koopwoningen",
    "eengezinswoning": "PercentageEengezinswoning",
    "inkomenPerInwoner": "GemiddeldInkomenPerInwoner",
    "stedelijkheid": "MateVanStedelijkheid",
    "adressendichtheid": "Omgevingsadressendichtheid",
    "oppervlakteLandHa": "OppervlakteLand",
    "afstandHuisarts": "AfstandTotHuisartsenpraktijk",
    "afstandSupermarkt": "AfstandTotGroteSupermarkt",
    "afstandSchool": "AfstandTotSchool",
    "scholenBinnen3km": "ScholenBinnen3Km",
}
# woonikveilig fields that duplicate the CSV: checked for agreement, not stored twice
WIV_CHECK = {"inwoners": "AantalInwoners", "inwoners65plus": "k_65JaarOfOuder",
             "inwoners0tot15": "k_0Tot15Jaar"}
# geoinzicht gemeente fields (PDOK wijkenbuurten gemeente layer, per year) -> harmonised
GEO_VARS = {
    "aantal_inwoners": "AantalInwoners",
    "mannen": "Mannen",
    "vrouwen": "Vrouwen",
    "0_15": "Percentage0Tot15Jaar",
    "15_25": "Percentage15Tot25Jaar",
    "25_45": "Percentage25Tot45Jaar",
    "45_65": "Percentage45Tot65Jaar",
    "65plus": "Percentage65JaarOfOuder",
    "huishoudens": "HuishoudensTotaal",
    "gem_huishouden_grootte": "GemiddeldeHuishoudensgrootte",
    "bevolkingsdichtheid": "Bevolkingsdichtheid",
    "woningvoorraad": "Woningvoorraad",
    "gem_woz_waarde": "GemiddeldeWOZWaardeVanWoningen",
    "koopwoningen": "Koopwoningen",
    "huurwoningen": "HuurwoningenTotaal",
    "gem_inkomen_inwoner": "GemiddeldInkomenPerInwoner",
    "afstand_huisarts": "AfstandTotHuisartsenpraktijk",
    "afstand_supermarkt": "AfstandTotGroteSupermarkt",
    "afstand_kdv": "AfstandTotKinderdagverblijf",
    "afstand_basisonderwijs": "AfstandTotSchool",
    "stedelijkheid": "MateVanStedelijkheid",
}
GEO_YEARS = [2012, 2017, 2018, 2019, 2022, 2023, 2024]


def read_statline_csv(path: Path) -> pd.DataFrame:
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    df = pd.DataFrame(rows[1:], columns=rows[0])
    return df.apply(lambda s: s.str.strip())


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """The TopoJSON arcs as lists of absolute (lon, lat) points (quantisation and delta encoding undone)."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def buurt_polygons_rd(topo: dict, tolerance: float) -> list[tuple[str, object]]:
    """Buurt polygons in RD New, simplified **per shared arc** (Douglas-Peucker, ``tolerance`` metres).

    Simplifying the arcs rather than the polygons keeps neighbouring buurten exactly adjacent: a
    border shared by two buurten is one arc and is simplified once. Arc end points are kept.
    """
    from pyproj import Transformer
    from shapely import LineString

    to_rd = Transformer.from_crs("EPSG:4326", RD, always_xy=True)
    arcs = []
    for pts in decode_arcs(topo):
        xs, ys = to_rd.transform([p[0] for p in pts], [p[1] for p in pts])
        line = list(zip(xs, ys, strict=True))
        if tolerance > 0 and len(line) > 2:
            line = list(LineString(line).simplify(tolerance, preserve_topology=False).coords)
        arcs.append(line)

    def ring(indices):
        pts: list = []
        for i in indices:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        return pts

    def polygon(rings_idx):
        rings = [ring(r) for r in rings_idx]
        rings = [r for r in rings if len(r) >= 4]
        return Polygon(rings[0], rings[1:]) if rings else None

    out = []
    for g in topo["objects"]["buurten"]["geometries"]:
        if g["type"] == "Polygon":
            geom = polygon(g["arcs"])
        elif g["type"] == "MultiPolygon":
            polys = [q for q in (polygon(p) for p in g["arcs"]) if q is not None]
            geom = MultiPolygon(polys) if polys else None
        else:
            continue
        if geom is not None:
            out.append((g.get("properties", {})["statcode"], geom))
    return out


#: Douglas-Peucker tolerance for the buurt polygons, metres (the source is quantised to a ~7 m grid)
TOLERANTIE_BUURT_M = 5.0


def main(shared: Path) -> None:
    OUT.mkdir(exist_ok=True)
    kwb = read_statline_csv(shared / "cbs_statline_csv/Kerncijfers_wijken_en_buurten_2024_geslachten.csv")
    kwb = kwb.rename(columns={
        "Wijken en buurten": "naam",
        "Regioaanduiding/Gemeentenaam (naam)": "gemeentenaam",
        "Regioaanduiding/Soort regio (omschrijving)": "soort",
        "Regioaanduiding/Codering (code)": "code",
        "Regioaanduiding/Indelingswijziging gemeente, wijk, buurt (code)": "indelingswijziging",
    })

    # --- all gemeenten of 2024 (for looking a gemeente up by name) + Nederland ---
    gm = kwb[kwb.soort == "Gemeente"][["code", "naam"]].sort_values("code")
    assert len(gm) == 342, len(gm)
    # provincie of every gemeente (CBS Gebieden in Nederland 2024, 85755NED, as republished by woonikveilig)
    ov = json.loads((shared / "derived_woonikveilig/overzicht/gemeenten.json").read_text())["gemeenten"]
    pv = json.loads((shared / "derived_woonikveilig/overzicht/provincies.json").read_text())["provincies"]
    pv_naam = {p["slug"]: p["name"] for p in pv}
    pv_code = {p["slug"]: p["code"] for p in pv}
    slug = {g["code"]: g["provincie"]["slug"] if isinstance(g["provincie"], dict) else g["provincie"] for g in ov}
    gm["provincie"] = gm.code.map(slug).map(pv_naam)
    gm["provinciecode"] = gm.code.map(slug).map(pv_code)
    telling = gm.groupby("provincie").size().to_dict()
    assert all(telling[p["name"]] == p["aantalGemeenten"] for p in pv), telling
    assert gm.provincie.notna().all(), gm[gm.provincie.isna()]
    assert gm.provincie.nunique() == 12, gm.provincie.unique()
    gm.to_csv(OUT / "gemeenten_2024.csv", index=False)
    gemeenten = set(gm.code)

    # --- the regions (gebieden) of every gemeente, 2024 ---
    mine = kwb[kwb.soort.isin(["Gemeente", "Wijk", "Buurt"])].copy()
    mine["niveau"] = mine.soort.str.lower()
    mine["gemeente"] = "GM" + mine.code.str[2:6]
    mine["wijk"] = mine.code.where(mine.niveau != "buurt", "WK" + mine.code.str[2:8])
    mine.loc[mine.niveau == "gemeente", "wijk"] = ""
    assert set(mine.gemeente) == gemeenten
    assert set(mine[mine.niveau == "buurt"].wijk) <= set(mine[mine.niveau == "wijk"].code)
    gebieden = mine[["code", "naam", "niveau", "wijk", "gemeente", "indelingswijziging"]]
    assert not gebieden.code.duplicated().any()
    gebieden.to_csv(OUT / "gebieden_2024.csv", index=False)
    print("gebieden:", gebieden.niveau.value_counts().to_dict())

    # --- kerncijfers 2024, long: CSV (all levels + Nederland) and woonikveilig ---
    nl_and_all = kwb[(kwb.code == "NL00") | kwb.code.isin(mine.code)]
    rows = []
    for col, var in CSV_VARS.items():
        vals = pd.to_numeric(nl_and_all[col].replace({"": None, ".": None}), errors="raise")
        rows.append(pd.DataFrame({"code": nl_and_all.code.to_numpy(), "jaar": 2024, "variabele": var,
                                  "waarde": vals.to_numpy(), "bron": "statline"}))
    csv_long = pd.concat(rows, ignore_index=True)
    csv_vals = {(c, v): w for c, v, w in zip(csv_long.code, csv_long.variabele, csv_long.waarde, strict=True)}
    wiv_rows, crime_rows, health_rows = [], [], []
    wiv_files = sorted((shared / "derived_woonikveilig").glob("GM*.json"))
    alle_codes = set(mine.code)
    for path in wiv_files:
        wiv = json.loads(path.read_text())
        assert wiv["code"] in gemeenten, wiv["code"]
        units = [wiv] + wiv["wijken"] + wiv["buurten"]
        for u in units:
            assert u["code"] in alle_codes, u["code"]
            d = u["demografie"]
            for f, var in WIV_CHECK.items():
                if d.get(f) is not None:
                    assert csv_vals[(u["code"], var)] == d[f], (u["code"], var, d[f])
            for f, var in WIV_VARS.items():
                wiv_rows.append((u["code"], 2024, var, d.get(f), "woonikveilig"))
            gez = u.get("gezondheid")
            if gez:
                for jaar, pct in gez["trend"].items():
                    health_rows.append((u["code"], int(jaar), "GoedErvarenGezondheid", pct, "rivm"))
                assert gez["trend"].get("2024", gez["goedErvarenGezondheid"]) == gez["goedErvarenGezondheid"]
            veil = u.get("veiligheid")
            if veil:
                for jaar, n in veil["trend"].items():
                    jaar = int(jaar)
                    var = "GeregistreerdeMisdrijven" if jaar < 2025 else \
                        "GeregistreerdeMisdrijvenLaatste12Maanden"
                    if jaar == 2025:
                        assert n == veil["laatste12Maanden"]
                    crime_rows.append((u["code"], jaar, var, n, "politie"))
    print("woonikveilig gemeenten:", len(wiv_files))
    assert len(wiv_files) == 342, len(wiv_files)
    # Nederland: the site's national file (CBS 85984NED and RIVM figures for NL00); registered crime has no
    # published national count there, so Nederland gets the sum over all 342 gemeenten (bron politie_som),
    # checked against the published national rate per 1,000.
    nl = json.loads((shared / "derived_woonikveilig/overzicht/nl.json").read_text())
    assert nl["code"] == "NL00" and nl["demografie"]["inwoners"] == csv_vals[("NL00", "AantalInwoners")]
    for f, var in WIV_VARS.items():
        wiv_rows.append(("NL00", 2024, var, nl["demografie"].get(f), "woonikveilig"))
    for jaar, v in nl["gezondheid"]["trend"].items():
        health_rows.append(("NL00", int(jaar), "GoedErvarenGezondheid", v["goedErvarenGezondheid"], "rivm"))
    crime = pd.DataFrame(crime_rows, columns=["code", "jaar", "variabele", "waarde", "bron"])
    gm_crime = crime[crime.code.str.startswith("GM")].groupby(["jaar", "variabele"]).waarde.sum().reset_index()
    l12 = float(gm_crime[gm_crime.variabele == "GeregistreerdeMisdrijvenLaatste12Maanden"].waarde.iloc[0])
    per1000 = 1000 * l12 / csv_vals[("NL00", "AantalInwoners")]
    # the site's own national rate differs by about 1 % (its denominator or national count is not stated)
    print(f"crime per 1,000, sum of gemeenten: {per1000:.2f}; published for NL00: {nl['veiligheid']['per1000']}")
    assert abs(per1000 / nl["veiligheid"]["per1000"] - 1) < 0.02, (per1000, nl["veiligheid"]["per1000"])
    for jaar, var, n in zip(gm_crime.jaar, gm_crime.variabele, gm_crime.waarde, strict=True):
        crime_rows.append(("NL00", int(jaar), var, n, "politie_som"))
    long = pd.concat([csv_long, pd.DataFrame(wiv_rows + crime_rows + health_rows,
                                             columns=["code", "jaar", "variabele", "waarde", "bron"])],
                     ignore_index=True)
    assert not long.duplicated(["code", "jaar", "variabele"]).any()
    # A row without a value is kept: the figure is in the CBS table but empty (suppressed, or not yet filled).
    # Which: a variable that is empty for more than a quarter of the buurten of 1,000 inwoners or more — far
    # above what CBS suppresses for privacy — had not yet been filled in that year's table ("nog niet
    # gepubliceerd", e.g. income in the 2024 table); wijkscan reads this from variabelen.csv.
    groot = set(csv_long[(csv_long.variabele == "AantalInwoners") & (csv_long.waarde >= 1000)
                         & csv_long.code.str.startswith("BU")].code)
    big = long[long.code.isin(groot)]
    leeg_deel = big.groupby(["variabele", "jaar"]).waarde.apply(lambda s: s.isna().mean())
    nog_niet = {(v, int(j)): round(float(d), 3) for (v, j), d in leeg_deel.items() if d > 0.25}
    print("nog niet gepubliceerd (share empty among buurten >= 1000 inwoners):", nog_niet)
    (OUT / "kerncijfers_2024.csv").unlink(missing_ok=True)
    long.to_csv(OUT / "kerncijfers_2024.csv.gz", index=False, float_format="%.10g",
                compression={"method": "gzip", "mtime": 0, "compresslevel": 9})
    pd.DataFrame([
        ("statline", "CBS 85984NED Kerncijfers wijken en buurten 2024 (StatLine CSV)"),
        ("woonikveilig", "CBS 85984NED, as republished by woonikveilig (peildatum 2026-07-19)"),
        ("politie", "Politie via CBS 47022NED, as republished by woonikveilig"),
        ("politie_som", "Politie via CBS 47022NED, as republished by woonikveilig: sum over all 342 gemeenten"),
        ("rivm", "RIVM Gezondheidsmonitor volwassenen en ouderen (CBS 50150NED), as republished by woonikveilig"),
        ("geoinzicht", "CBS wijk- en buurtkaart <jaar>, gemeentelaag (PDOK WFS), as republished by geoinzicht"),
    ], columns=["bron", "omschrijving"]).to_csv(OUT / "bronnen.csv", index=False)
    print("kerncijfers rows:", len(long))

    # --- gemeente trend 2012-2024 from the PDOK gemeente layers (geoinzicht copies) ---
    trend = []
    for jaar in GEO_YEARS:
        geo = json.loads((shared / f"boundaries/gemeenten_kerncijfers_pdok/gemeenten_{jaar}_geoinzicht.geojson").read_text())
        for f in geo["features"]:
            p = f["properties"]
            if p.get("gemeentecode") not in gemeenten:
                continue
            for fld, var in GEO_VARS.items():
                if fld in p:
                    trend.append((p["gemeentecode"], jaar, var, p[fld], "geoinzicht"))
    trend = pd.DataFrame(trend, columns=["code", "jaar", "variabele", "waarde", "bron"])
    # 2024 must agree with the CSV where both have the figure
    t24 = trend[(trend.jaar == 2024) & trend.variabele.isin(["AantalInwoners", "Mannen", "Vrouwen"])]
    verschil = [(c, v, w, csv_vals[(c, v)]) for c, v, w in zip(t24.code, t24.variabele, t24.waarde, strict=True)
                if float(w) != csv_vals[(c, v)]]
    assert not verschil, verschil[:10]
    trend.to_csv(OUT / "kerncijfers_gemeente_2012_2024.csv", index=False, float_format="%.10g")
    print("trend rows:", len(trend), "gemeenten:", trend.code.nunique())

    # --- geometry, all in RD New ---
    gpkg = OUT / "gebieden.gpkg"
    gpkg.unlink(missing_ok=True)
    topo = json.loads((shared / "boundaries/buurt_2019ish_powerbi/buurten_nl_topojson.json").read_text())
    decoded = buurt_polygons_rd(topo, TOLERANTIE_BUURT_M)
    buurt_codes = set(gebieden[gebieden.niveau == "buurt"].code)
    feats = [(c, g) for c, g in decoded if c in buurt_codes]
    bu = gpd.GeoDataFrame({"code": [c for c, _ in feats]}, geometry=[g for _, g in feats], crs=RD)
    bu["geometry"] = bu.geometry.make_valid()
    bu = bu.dissolve("code", as_index=False) if bu.code.duplicated().any() else bu
    bu = bu.merge(gebieden[["code", "naam", "wijk", "gemeente"]], on="code")
    bu["niveau"] = "buurt"
    bu["geometrie_jaar"] = "circa 2019"
    bu = bu.sort_values("code")
    bu[["code", "naam", "niveau", "wijk", "gemeente", "geometrie_jaar", "geometry"]].to_file(gpkg, layer="buurt")
    alle = gebieden[gebieden.niveau == "buurt"].merge(
        csv_long[csv_long.variabele == "AantalInwoners"][["code", "waarde"]], on="code", how="left")
    zonder = alle[~alle.code.isin(set(bu.code))].rename(columns={"waarde": "inwoners"})
    zonder[["code", "naam", "gemeente", "inwoners"]].to_csv(OUT / "buurten_zonder_vlak_2024.csv", index=False,
                                                           float_format="%.10g")
    inw_tot = alle.waarde.sum()
    print(f"buurten with polygon: {len(bu)} of {len(alle)} ({100 * len(bu) / len(alle):.1f} %), "
          f"inhabitants covered {100 * (1 - zonder.inwoners.sum() / inw_tot):.1f} %; without: {len(zonder)}")

    wk = gpd.read_file(shared / "boundaries/wijk_2024_gegeneraliseerd_wgs84.geojson")
    wk = wk[wk.statcode.isin(set(gebieden[gebieden.niveau == "wijk"].code))].to_crs(RD)
    wk = wk.rename(columns={"statcode": "code"})[["code", "geometry"]]
    wk = wk.merge(gebieden[["code", "naam", "gemeente"]], on="code")
    wk["niveau"] = "wijk"
    wk["geometrie_jaar"] = "2024"
    wk["geometry"] = wk.geometry.make_valid()
    assert len(wk) == (gebieden.niveau == "wijk").sum()
    wk.sort_values("code")[["code", "naam", "niveau", "gemeente", "geometrie_jaar", "geometry"]].to_file(
        gpkg, layer="wijk")

    gmg = gpd.read_file(shared / "boundaries/gemeente_2023_gegeneraliseerd_wgs84.geojson")
    gmg = gmg[gmg.statcode.isin(gemeenten)].to_crs(RD).rename(columns={"statcode": "code", "statnaam": "naam"})
    assert set(gmg.code) == gemeenten, gemeenten ^ set(gmg.code)
    gmg["niveau"] = "gemeente"
    gmg["geometrie_jaar"] = "2023"
    gmg["geometry"] = gmg.geometry.make_valid()
    gmg.sort_values("code")[["code", "naam", "niveau", "geometrie_jaar", "geometry"]].to_file(gpkg, layer="gemeente")

    pc4 = json.loads((shared / "boundaries/pc4/pc4_nl_googft_pre2018_wgs84.geojson").read_text())
    feats = []
    for f in pc4["features"]:
        if f["properties"]["PC4CODE"] in PC4_VOORSCHOTEN:
            g = shape(f["geometry"])
            feats.append((str(f["properties"]["PC4CODE"]), Polygon([(x, y) for x, y, *_ in g.exterior.coords],
                                                                  [[(x, y) for x, y, *_ in r.coords] for r in g.interiors])))
    pc = gpd.GeoDataFrame({"code": [c for c, _ in feats]}, geometry=[g for _, g in feats], crs="EPSG:4326").to_crs(RD)
    pc["naam"] = "Postcode " + pc.code
    pc["niveau"] = "pc4"
    pc["geometrie_jaar"] = "voor 2018 (herkomst onbekend)"
    pc["geometry"] = pc.geometry.make_valid()
    pc.sort_values("code")[["code", "naam", "niveau", "geometrie_jaar", "geometry"]].to_file(gpkg, layer="pc4")
    print("pc4:", list(pc.code))

    # --- metadata of the embedded variables, from the real 2024 DataProperties ---
    sys.path.insert(0, str(OUT.parents[1]))
    from wijkscan.sources.cbs import harmoniseer

    dp = json.loads((shared / "cbs_odata/85984NED_2024/DataProperties.json").read_text())
    meta = harmoniseer(dp)
    meta["tabel"] = "85984NED"
    used = set(long.variabele) | set(trend.variabele)
    meta = meta[meta.variabele.isin(used)]
    extra = pd.DataFrame([
        ("", "GeregistreerdeMisdrijven", "Geregistreerde misdrijven (kalenderjaar)", "aantal",
         "Long", "Veiligheid", "47022NED"),
        ("", "GeregistreerdeMisdrijvenLaatste12Maanden",
         "Geregistreerde misdrijven, laatste 12 maanden tot juli 2026", "aantal", "Long", "Veiligheid",
         "47022NED"),
        ("", "GoedErvarenGezondheid", "Ervaren gezondheid goed of zeer goed (% van de volwassenen)", "%", "Double",
         "Gezondheid", "50150NED"),
        ("", "Percentage0Tot15Jaar", "0 tot 15 jaar (% van de inwoners)", "%", "Long",
         "Bevolking / Leeftijdsgroepen", "wijk- en buurtkaart"),
        ("", "Percentage15Tot25Jaar", "15 tot 25 jaar (% van de inwoners)", "%", "Long",
         "Bevolking / Leeftijdsgroepen", "wijk- en buurtkaart"),
        ("", "Percentage25Tot45Jaar", "25 tot 45 jaar (% van de inwoners)", "%", "Long",
         "Bevolking / Leeftijdsgroepen", "wijk- en buurtkaart"),
        ("", "Percentage45Tot65Jaar", "45 tot 65 jaar (% van de inwoners)", "%", "Long",
         "Bevolking / Leeftijdsgroepen", "wijk- en buurtkaart"),
        ("", "Percentage65JaarOfOuder", "65 jaar of ouder (% van de inwoners)", "%", "Long",
         "Bevolking / Leeftijdsgroepen", "wijk- en buurtkaart"),
    ], columns=["key", "variabele", "titel", "eenheid", "datatype", "groep", "tabel"])
    meta = pd.concat([meta, extra], ignore_index=True)
    meta["nog_niet_gepubliceerd"] = [";".join(str(j) for (v, j) in sorted(nog_niet) if v == var)
                                     for var in meta.variabele]
    missing_meta = used - set(meta.variabele)
    assert not missing_meta, missing_meta
    meta.to_csv(OUT / "variabelen.csv", index=False)

    # --- Assen Signalen meldingen (gzip, byte-for-byte inside) ---
    (OUT / "meldingen").mkdir(exist_ok=True)
    for name in ("assen_signalen_all_meldingen.json", "assen_signalen_resolved.json"):
        raw = (shared / "meldingen" / name).read_bytes()
        with gzip.GzipFile(OUT / "meldingen" / (name + ".gz"), "wb", mtime=0) as fh:
            fh.write(raw)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
