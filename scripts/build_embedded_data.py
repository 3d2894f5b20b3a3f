"""Build the embedded real-data snapshot in ``data/`` from the workplace's shared data.

This is a maintainer script, run once by hand when the snapshot changes::

    python scripts/build_embedded_data.py /path/to/shared/data

Neither the package nor the tests run it or read the shared folder; they read only the
files it writes into ``data/``. Every value it writes is copied from a real source file
(see ``data/PROVENANCE.md``); nothing is estimated or invented. Where two sources hold
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

GEMEENTEN = {"GM0626": "Voorschoten", "GM0106": "Assen"}
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


def decode_topojson(topo: dict, obj: str) -> list[tuple[dict, object]]:
    """Decode a quantized, delta-encoded TopoJSON object into shapely geometries."""
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

    def ring(indices):
        pts: list = []
        for i in indices:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        return pts

    out = []
    for g in topo["objects"][obj]["geometries"]:
        if g["type"] == "Polygon":
            rings = [ring(r) for r in g["arcs"]]
            geom = Polygon(rings[0], rings[1:])
        elif g["type"] == "MultiPolygon":
            polys = []
            for p in g["arcs"]:
                rings = [ring(r) for r in p]
                polys.append(Polygon(rings[0], rings[1:]))
            geom = MultiPolygon(polys)
        else:
            continue
        out.append((g.get("properties", {}), geom))
    return out


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
    gm.to_csv(OUT / "gemeenten_2024.csv", index=False)

    # --- the regions (gebieden) of the embedded gemeenten, 2024 ---
    pref = tuple(c[2:] for c in GEMEENTEN)
    mine = kwb[kwb.code.str[2:6].isin(pref) & kwb.soort.isin(["Gemeente", "Wijk", "Buurt"])].copy()
    mine["niveau"] = mine.soort.str.lower()
    mine["gemeente"] = "GM" + mine.code.str[2:6]
    mine["wijk"] = mine.code.where(mine.niveau != "buurt", "WK" + mine.code.str[2:8])
    mine.loc[mine.niveau == "gemeente", "wijk"] = ""
    gebieden = mine[["code", "naam", "niveau", "wijk", "gemeente", "indelingswijziging"]]
    gebieden.to_csv(OUT / "gebieden_2024.csv", index=False)
    print("gebieden:", gebieden.niveau.value_counts().to_dict())

    # --- kerncijfers 2024, long: CSV (all levels + Nederland) and woonikveilig ---
    rows = []
    nl_and_mine = kwb[(kwb.code == "NL00") | kwb.code.isin(mine.code)]
    for _, r in nl_and_mine.iterrows():
        for col, var in CSV_VARS.items():
            v = r[col]
            rows.append((r.code, 2024, var, float(v) if v not in ("", ".") else None,
                         "CBS 85984NED (StatLine CSV)"))
    csv_vals = {(c, v): w for c, _, v, w, _ in rows}
    crime_rows = []
    for code in GEMEENTEN:
        wiv = json.loads((shared / f"derived_woonikveilig/{code}.json").read_text())
        units = [wiv] + wiv["wijken"] + wiv["buurten"]
        for u in units:
            d = u["demografie"]
            for f, var in WIV_CHECK.items():
                if d.get(f) is not None:
                    assert csv_vals[(u["code"], var)] == d[f], (u["code"], var, d[f])
            for f, var in WIV_VARS.items():
                rows.append((u["code"], 2024, var, d.get(f), "CBS 85984NED (via woonikveilig)"))
            veil = u.get("veiligheid")
            if veil:
                for jaar, n in veil["trend"].items():
                    jaar = int(jaar)
                    var = "GeregistreerdeMisdrijven" if jaar < 2025 else \
                        "GeregistreerdeMisdrijvenLaatste12Maanden"
                    if jaar == 2025:
                        assert n == veil["laatste12Maanden"]
                    crime_rows.append((u["code"], jaar, var, n, "Politie via CBS 47022NED (via woonikveilig)"))
    long = pd.DataFrame(rows + crime_rows, columns=["code", "jaar", "variabele", "waarde", "bron"])
    assert not long.duplicated(["code", "jaar", "variabele"]).any()
    long.to_csv(OUT / "kerncijfers_2024.csv", index=False)
    print("kerncijfers rows:", len(long))

    # --- gemeente trend 2012-2024 from the PDOK gemeente layers (geoinzicht copies) ---
    trend = []
    for jaar in GEO_YEARS:
        geo = json.loads((shared / f"boundaries/gemeenten_kerncijfers_pdok/gemeenten_{jaar}_geoinzicht.geojson").read_text())
        for f in geo["features"]:
            p = f["properties"]
            if p.get("gemeentecode") not in GEMEENTEN:
                continue
            for fld, var in GEO_VARS.items():
                if fld in p:
                    trend.append((p["gemeentecode"], jaar, var, p[fld],
                                  f"CBS wijk- en buurtkaart {jaar}, gemeentelaag (PDOK, via geoinzicht)"))
    trend = pd.DataFrame(trend, columns=["code", "jaar", "variabele", "waarde", "bron"])
    # 2024 must agree with the CSV where both have the figure
    for code in GEMEENTEN:
        for var in ("AantalInwoners", "Mannen", "Vrouwen"):
            t = trend[(trend.code == code) & (trend.jaar == 2024) & (trend.variabele == var)].waarde
            assert float(t.iloc[0]) == csv_vals[(code, var)], (code, var)
    trend.to_csv(OUT / "kerncijfers_gemeente_2012_2024.csv", index=False)
    print("trend rows:", len(trend))

    # --- geometry, all in RD New ---
    gpkg = OUT / "gebieden.gpkg"
    gpkg.unlink(missing_ok=True)
    topo = json.loads((shared / "boundaries/buurt_2019ish_powerbi/buurten_nl_topojson.json").read_text())
    decoded = decode_topojson(topo, "buurten")
    buurt_codes = set(gebieden[gebieden.niveau == "buurt"].code)
    feats = [(p["statcode"], g) for p, g in decoded if p["statcode"] in buurt_codes]
    bu = gpd.GeoDataFrame(
        {"code": [c for c, _ in feats]}, geometry=[g for _, g in feats], crs="EPSG:4326"
    ).to_crs(RD)
    bu["geometry"] = bu.geometry.make_valid()
    bu = bu.merge(gebieden[["code", "naam", "wijk", "gemeente"]], on="code")
    bu["niveau"] = "buurt"
    bu["geometrie_jaar"] = "circa 2019"
    missing = sorted(buurt_codes - set(bu.code))
    print("buurten with geometry:", len(bu), "without:", missing)
    bu[["code", "naam", "niveau", "wijk", "gemeente", "geometrie_jaar", "geometry"]].to_file(gpkg, layer="buurt")

    wk = gpd.read_file(shared / "boundaries/wijk_2024_gegeneraliseerd_wgs84.geojson")
    wk = wk[wk.statcode.isin(set(gebieden[gebieden.niveau == "wijk"].code))].to_crs(RD)
    wk = wk.rename(columns={"statcode": "code"})[["code", "geometry"]]
    wk = wk.merge(gebieden[["code", "naam", "gemeente"]], on="code")
    wk["niveau"] = "wijk"
    wk["geometrie_jaar"] = "2024"
    wk["geometry"] = wk.geometry.make_valid()
    assert len(wk) == (gebieden.niveau == "wijk").sum()
    wk[["code", "naam", "niveau", "gemeente", "geometrie_jaar", "geometry"]].to_file(gpkg, layer="wijk")

    gmg = gpd.read_file(shared / "boundaries/gemeente_2023_gegeneraliseerd_wgs84.geojson")
    gmg = gmg[gmg.statcode.isin(GEMEENTEN)].to_crs(RD).rename(columns={"statcode": "code", "statnaam": "naam"})
    gmg["niveau"] = "gemeente"
    gmg["geometrie_jaar"] = "2023"
    gmg["geometry"] = gmg.geometry.make_valid()
    gmg[["code", "naam", "niveau", "geometrie_jaar", "geometry"]].to_file(gpkg, layer="gemeente")

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
