"""Benchmark: HTML size of a wijkscan map vs a naive ``folium.GeoJson(gdf)`` export of the same layers.

Not a test. Run from the repository root::

    python benchmarks/bench_kaart_grootte.py              # Voorschoten and Assen (with meldingen)

DATA: real, as shipped with wijkscan — the wijkanalyse of Voorschoten (12 buurten) and Assen
(106 buurten with a polygon) from the embedded CBS/PDOK snapshot, and the 3,024 real Assen Signalen
meldingen.

Both maps hold the **same layers made from the same data** (the publication-safe layers of
:func:`wijkscan.maps.meldingenlagen`): the indicator choropleth with tooltips, the aandachtsgebieden,
and with meldingen: per 1,000 inwoners, per hexagon, a heatmap, hotspots and one hexagon layer per
category. The only difference is how they are written:

* **naive** — what an analyst writes: ``gdf.to_crs(4326)`` and one ``folium.GeoJson(gdf, style_function=…,
  tooltip=folium.GeoJsonTooltip(…))`` per layer (full-precision coordinates, every column as a
  property, geometry repeated in every layer), ``folium.plugins.HeatMap`` with full-precision points;
* **wijkscan** — :func:`wijkscan.maps.kaart`: geometry simplified by 2 m (coverage-preserving),
  rounded to 5 decimals, delta-encoded integers, each geometry written once and shared by its layers,
  compact per-feature tooltip values.

Both are measured as saved HTML without inlined JavaScript/CSS (CDN links; ``inline=True`` adds the
same ~160 kB of Leaflet to both). "No visible change at wijk zoom" is checked as the largest distance
(Hausdorff, metres, in RD New) between an original polygon and its simplified, rounded, decoded
version, compared with one screen pixel at zoom 15 (wijk level) at the gemeente's latitude.
"""

from __future__ import annotations

import math
import platform
import sys
import time
from typing import Any

import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import shapely

import wijkscan
from wijkscan.analysis.meldingenlagen import meldingenlagen
from wijkscan.maps import _geo, kaart, klasseer, pagina

WGS84 = "EPSG:4326"


def _geojson(gdf: gpd.GeoDataFrame, naam: str, kleuren: dict[Any, str] | None, kolom: str | None,
             velden: list[str]) -> folium.GeoJson:
    g = gdf.reset_index().to_crs(WGS84)
    for c in g.columns:
        if c != "geometry" and str(g[c].dtype) not in ("object", "str", "string"):
            g[c] = g[c].astype(object).where(g[c].notna(), None)
        elif c != "geometry":
            g[c] = g[c].astype(object).where(g[c].notna(), None).map(lambda v: v if v is None else str(v))

    def stijl(feature: dict) -> dict:
        v = feature["properties"].get(kolom) if kolom else None
        return {"fillColor": (kleuren or {}).get(v, "#d9d9d9"), "color": "#ffffff", "weight": 1, "fillOpacity": 0.75}

    return folium.GeoJson(g, name=naam, style_function=stijl,
                          tooltip=folium.GeoJsonTooltip(fields=velden) if velden else None)


def naieve_kaart(wp: Any, indicator: str, meldingen: Any = None, **kwargs: Any) -> folium.Map:
    """The same layers as :func:`wijkscan.maps.kaart`, written the naive way (one GeoJson per layer)."""
    gebieden = wp.indeling.gebieden[wp.indeling.gebieden.geometry.notna()]
    p = wp.profiel[(wp.profiel.indicator == indicator) & (wp.profiel.jaar == wp.jaar)].set_index("gebied")
    g = gebieden.join(p.drop(columns=["naam"]), how="left")
    kl = klasseer(g["waarde"].astype(float).to_numpy(), "quantiles", 5)
    g["klasse"] = kl.klasse(g["waarde"].astype(float).to_numpy())
    m = folium.Map(tiles="OpenStreetMap")
    _geojson(g, "indicator", dict(enumerate(kl.kleuren)), "klasse",
             ["naam", "label", "waarde", "gemeente", "index", "rang"]).add_to(m)
    a = wp.aandachtsgebieden.set_index("gebied")
    a = gebieden[["geometry"]].join(a, how="inner")
    a = a[(a["status"].isin(["aandachtsgebied", "let op"])) | a["aangewezen"]]
    _geojson(a, "Aandachtsgebieden", None, None, ["naam", "status", "score", "toelichting"]).add_to(m)
    if meldingen is not None:
        lagen = meldingenlagen(wp, meldingen, **kwargs)
        _geojson(lagen.per_gebied, "Meldingen per 1.000 inwoners", None, None,
                 ["naam", "meldingen_tekst", "per_1000_inwoners", "inwoners"]).add_to(m)
        _geojson(lagen.zeshoeken, "Meldingen per zeshoek", None, None, ["meldingen"]).add_to(m)
        w = lagen.warmte.to_crs(WGS84)
        folium.plugins.HeatMap([[pt.y, pt.x, int(n)] for pt, n in zip(w.geometry, w["meldingen"], strict=True)],
                               name="Heatmap meldingen").add_to(m)
        if lagen.hotspots is not None:
            h = lagen.hotspots.drop(columns=["p_sim", "p_norm", "waarde"])
            _geojson(h[h.geometry.notna()], "Hotspots", None, None, ["naam", "klasse", "per_1000_inwoners"]).add_to(m)
        for cat, laag in lagen.categorieen.items():
            _geojson(laag, f"Meldingen: {cat}", None, None, ["meldingen"]).add_to(m)
    folium.LayerControl().add_to(m)
    m.fit_bounds(_geo.grenzen(gebieden.geometry))
    return m


def _decodeer(packed: list) -> shapely.Geometry:
    polys = []
    for rings in packed:
        rr = []
        for r in rings:
            xy = np.cumsum(np.asarray(r, dtype=float).reshape(-1, 2), axis=0) / _geo.SCHAAL
            rr.append(np.vstack([xy, xy[:1]]))
        polys.append(shapely.Polygon(rr[0], rr[1:]))
    return shapely.MultiPolygon(polys) if len(polys) > 1 else polys[0]


def afwijking(wp: Any) -> tuple[float, float]:
    """Largest distance (m, RD) between an original area and what the map draws; one pixel at zoom 15 (m)."""
    g = wp.indeling.gebieden
    g = g[g.geometry.notna()].geometry
    wgs = _geo.naar_wgs84(_geo.vereenvoudig(g))
    terug = gpd.GeoSeries([_decodeer(_geo.codeer(x)) for x in wgs], crs=WGS84, index=g.index).to_crs(_geo.RD)
    grootste = max(shapely.hausdorff_distance(a, b) for a, b in zip(g, terug, strict=True))
    lat = float(_geo.naar_wgs84(g).union_all().centroid.y)
    pixel = 156_543.03392 * math.cos(math.radians(lat)) / 2 ** 15
    return float(grootste), pixel


def meet(wp: Any, indicator: str, meldingen: Any = None, **kwargs: Any) -> dict[str, Any]:
    """Both HTML sizes (bytes, saved without inlined JS/CSS), their ratio, and the geometry deviation."""
    t = time.perf_counter()
    lagen = None if meldingen is None else wp.lagen(          # the analysis makes the layers, the map draws them
        meldingen, **{k: v for k, v in kwargs.items() if k in ("hotspot_permutaties", "drempel")})
    ons = pagina(kaart(wp, indicator, meldingen=lagen, **kwargs), inline=False)
    t_ons = time.perf_counter() - t
    naief = naieve_kaart(wp, indicator, meldingen,
                         **{k: v for k, v in kwargs.items() if k in ("hotspot_permutaties", "drempel")}
                         ).get_root().render()
    dev, pixel = afwijking(wp)
    n_ons, n_naief = len(ons.encode()), len(naief.encode())
    return {"ons": n_ons, "naief": n_naief, "verhouding": n_ons / n_naief, "afwijking_m": dev, "pixel_m": pixel,
            "seconden": t_ons}


def main() -> int:
    from wijkscan.sources.meldingen import assen_meldingen

    print(f"Python {platform.python_version()}, folium {folium.__version__}, shapely {shapely.__version__}, "
          f"{platform.machine()}")
    gevallen = [  # (title, gemeente, indicator, meldingen, goal applies)
        ("Voorschoten, buurten, 65+ (zonder meldingen)", "Voorschoten", "leeftijd_65plus_aandeel", None, False),
        ("Assen, buurten, misdrijven + alle meldingenlagen", "Assen", "misdrijven_per_1000", assen_meldingen(), True),
    ]
    ok = True
    print(f"{'kaart':52s} {'naief':>10s} {'wijkscan':>10s} {'verhouding':>10s} {'afwijking':>10s} {'1 px z15':>9s}")
    for titel, gemeente, ind, mel, doel in gevallen:
        wp = wijkscan.wijkanalyse(gemeente, bron="ingebouwd")
        r = meet(wp, ind, mel)
        if doel:
            ok &= r["verhouding"] <= 0.30
        ok &= r["afwijking_m"] < r["pixel_m"]
        print(f"{titel:52s} {r['naief'] / 1000:9.1f}k {r['ons'] / 1000:9.1f}k {100 * r['verhouding']:9.1f}% "
              f"{r['afwijking_m']:9.2f}m {r['pixel_m']:8.2f}m")
        try:
            n_inline = len(pagina(kaart(wp, ind, meldingen=None if mel is None else wp.lagen(mel)),
                                     inline=True).encode())
            print(f"{'':52s} wijkscan met inline JS/CSS (offline/intranet): {n_inline / 1000:.1f}k")
        except wijkscan.WijkscanFout as exc:   # no npm registry and nothing cached
            print(f"{'':52s} inline niet gemeten: {exc}")
    print("doel (gemeente met meldingenlaag ≤ 30% van naief; afwijking < 1 pixel op wijkniveau):",
          "gehaald" if ok else "NIET gehaald")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
