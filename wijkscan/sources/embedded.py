"""The real data snapshot that ships with wijkscan (``wijkscan/data/``), for offline work.

What is in it (see ``wijkscan/data/PROVENANCE.md`` for sources and vintages):

* **every gemeente of 2024** (342), with its wijken and buurten: inwoners, mannen, vrouwen and five
  age groups on 1 January 2024 (CBS 85984NED) for every gemeente, wijk and buurt, and Nederland;
* buurt polygons of about 2019 for the 2024 buurten whose code existed then (81 % of the buurten,
  84 % of the inhabitants; :func:`buurten_zonder_vlak` lists the others), wijk polygons 2024,
  gemeente outlines 2023;
* gemeente-level kerncijfers 2012–2024 for the trend, for every gemeente;
* for every gemeente, wijk and buurt also households, density, WOZ, % koop, % eengezins, income (where
  CBS had published it), stedelijkheid, adressendichtheid, distances to voorzieningen (CBS 85984NED),
  registered crime 2021–2025 (police, 47022NED; buurten and gemeenten) and ervaren gezondheid
  2012–2024 (RIVM, 50150NED; buurten and gemeenten), with Nederland; the provincie of each gemeente;
* Voorschoten's four PC4 postcode areas (2251–2254); Assen's Signalen meldingen (2025–2026).

What a gemeente lacks is data too: :func:`ontbrekend` and :func:`ontbrekend_tekst` (one Dutch sentence).
Everything here has the same shape as what :mod:`wijkscan.sources.cbs` and :mod:`wijkscan.sources.pdok`
return, so the rest of wijkscan cannot tell them apart. Functions that take a gemeente code also take
a list of codes (several gemeenten at once).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from ..errors import GeenTabel, OnbekendeGemeente

RD = "EPSG:28992"
JAAR = 2024

#: Variables of the snapshot in the order a sentence names them, with a short Dutch label.
LABELS = {
    "AantalInwoners": "inwoners", "Mannen": "mannen", "Vrouwen": "vrouwen",
    "k_0Tot15Jaar": "leeftijdsgroepen", "HuishoudensTotaal": "huishoudens",
    "GemiddeldeHuishoudensgrootte": "huishoudensgrootte", "Bevolkingsdichtheid": "bevolkingsdichtheid",
    "OppervlakteLand": "oppervlakte", "MateVanStedelijkheid": "stedelijkheid",
    "Omgevingsadressendichtheid": "adressendichtheid", "GemiddeldeWOZWaardeVanWoningen": "WOZ-waarde",
    "Koopwoningen": "koopwoningen", "PercentageEengezinswoning": "eengezinswoningen",
    "GemiddeldInkomenPerInwoner": "inkomen", "AfstandTotHuisartsenpraktijk": "afstand tot de huisarts",
    "AfstandTotGroteSupermarkt": "afstand tot de supermarkt", "AfstandTotSchool": "afstand tot school",
    "ScholenBinnen3Km": "scholen binnen 3 km", "GeregistreerdeMisdrijven": "geregistreerde misdrijven",
    "GoedErvarenGezondheid": "ervaren gezondheid",
}


def data_dir() -> Path:
    """Folder of the embedded snapshot: ``wijkscan/data`` inside the installed package (``$WIJKSCAN_DATA`` overrides it)."""
    env = os.environ.get("WIJKSCAN_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "data"


@lru_cache(maxsize=1)
def _gebieden_tabel() -> pd.DataFrame:
    return pd.read_csv(data_dir() / "gebieden_2024.csv", dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def _gemeenten() -> dict[str, str]:
    t = _gebieden_tabel()
    t = t[t.niveau == "gemeente"].sort_values("code")
    return dict(zip(t.code, t.naam, strict=True))


def gemeenten() -> dict[str, str]:
    """The gemeenten in the snapshot: ``{code: naam}`` (all 342 of 2024).

    Example
    -------
    >>> g = gemeenten()
    >>> len(g), g["GM0106"], g["GM0363"]
    (342, 'Assen', 'Amsterdam')
    """
    return dict(_gemeenten())


def heeft(code: str) -> bool:
    """True when the snapshot holds this gemeente code."""
    return code in _gemeenten()


def _codes(code: str | Iterable[str]) -> list[str]:
    codes = [code] if isinstance(code, str) else list(code)
    onbekend = [c for c in codes if not heeft(c)]
    if onbekend:
        raise OnbekendeGemeente(
            f"De ingebouwde gegevens bevatten {', '.join(onbekend)} niet: ze hebben de 342 gemeenten van "
            f"{JAAR}. Gebruik de gemeentecode van {JAAR} (bijv. GM1980 voor Dijk en Waard), of haal een "
            "oudere indeling op bij CBS/PDOK (met internet).")
    return codes


@lru_cache(maxsize=8)
def _layer(layer: str) -> gpd.GeoDataFrame:
    return gpd.read_file(data_dir() / "gebieden.gpkg", layer=layer)


def gebieden(code: str | Iterable[str]) -> gpd.GeoDataFrame:
    """Gemeente, wijken and buurten of one gemeente (or several) as a GeoDataFrame in RD New.

    Indexed by ``code``; columns ``naam, niveau, wijk, gemeente, geometrie_jaar, geometry,
    grens_bij_benadering``. A 2024 buurt that the (circa 2019) buurt map lacks keeps its row with an
    empty geometry and ``geometrie_jaar = "geen geometrie"``, so it still counts in tables and nothing is
    ever computed with a guessed boundary. For display only, ``grens_bij_benadering`` holds its
    approximate outline (RD New; :func:`benaderde_grenzen`), ``None`` for every other area.

    Example
    -------
    >>> g = gebieden("GM0626")
    >>> sorted(g.niveau.value_counts().items())
    [('buurt', 12), ('gemeente', 1), ('wijk', 1)]
    >>> gebieden("GM0363").loc["BU0363AF09", ["naam", "wijk"]].tolist()      # codes with letters
    ['Waterloopleinbuurt', 'WK0363AF']
    """
    codes = _codes(code)
    tabel = _gebieden_tabel()
    tabel = tabel[tabel.gemeente.isin(codes)].set_index("code")
    parts = []
    for layer in ("gemeente", "wijk", "buurt"):
        g = _layer(layer)
        parts.append(g[g.code.isin(tabel.index)].set_index("code")[["geometrie_jaar", "geometry"]])
    geo = pd.concat(parts)
    out = tabel[["naam", "niveau", "wijk", "gemeente"]].join(geo, how="left")
    out["geometrie_jaar"] = out.geometrie_jaar.fillna("geen geometrie")
    out["wijk"] = out.wijk.replace("", None)
    out = out.reset_index().assign(_v=lambda d: d.niveau.map({"gemeente": 0, "wijk": 1, "buurt": 2}))
    out = out.sort_values(["_v", "code"]).drop(columns="_v").set_index("code")
    benadering = benaderde_grenzen(codes).geometry
    benadering = benadering[benadering.index.isin(out.index[out.geometry.isna()])]   # never next to a real polygon
    out["grens_bij_benadering"] = pd.Series(benadering.to_numpy(), index=benadering.index, dtype=object).reindex(out.index)
    out["grens_bij_benadering"] = out.grens_bij_benadering.astype(object).where(out.grens_bij_benadering.notna(), None)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=RD)


#: ``geometrie_jaar``-like label of an approximate outline, and the text maps and notes use for it.
BENADERING = "grens bij benadering"


@lru_cache(maxsize=1)
def _benadering() -> gpd.GeoDataFrame:
    return gpd.read_file(data_dir() / "buurten_benadering_2024.gpkg", layer="buurt").set_index("code")


def benaderde_grenzen(code: str | Iterable[str] | None = None) -> gpd.GeoDataFrame:
    """Approximate outlines of the 2024 buurten without a real polygon, **for display only** (RD New).

    They are the schematic buurt map of woonikveilig (SVG paths per gemeente, not georeferenced),
    fitted per gemeente to the real 2024 wijk polygons and the unchanged buurt polygons (see
    ``wijkscan/data/PROVENANCE.md``; median error about 20-50 m, up to a few hundred metres). Maps draw
    them dashed as "grens bij benadering"; wijkscan never assigns meldingen or areas to them.

    Returns
    -------
    GeoDataFrame
        Indexed by buurt ``code``; columns ``naam, wijk, gemeente, geometrie_jaar`` (always
        ``"grens bij benadering"``) and ``geometry``.

    Example
    -------
    >>> b = benaderde_grenzen("GM1980")                               # Dijk en Waard: all 69 buurten
    >>> len(b), b.geometrie_jaar.unique().tolist()
    (69, ['grens bij benadering'])
    """
    g = _benadering()
    if code is not None:
        g = g[g.gemeente.isin(_codes(code))]
    return g.assign(geometrie_jaar=BENADERING)[["naam", "wijk", "gemeente", "geometrie_jaar", "geometry"]].copy()


def buurten_zonder_vlak(code: str | Iterable[str] | None = None) -> pd.DataFrame:
    """The 2024 buurten without a polygon in the snapshot (new or recoded since about 2019), with inwoners.

    Example
    -------
    >>> z = buurten_zonder_vlak()
    >>> len(z), len(buurten_zonder_vlak("GM1980"))                     # Dijk en Waard: all recoded in 2022
    (2723, 69)
    """
    t = pd.read_csv(data_dir() / "buurten_zonder_vlak_2024.csv", dtype={"code": str, "gemeente": str})
    if code is not None:
        t = t[t.gemeente.isin(_codes(code))]
    return t.reset_index(drop=True)


def pc4(code: str) -> gpd.GeoDataFrame:
    """PC4 postcode areas of a gemeente (only Voorschoten: 2251–2254, pre-2018 geometry)."""
    _codes(code)
    g = _layer("pc4")
    if code != "GM0626":
        raise GeenTabel(
            "De ingebouwde gegevens hebben alleen postcodegebieden (PC4) van Voorschoten. "
            "Geef voor andere gemeenten een eigen bestand met PC4-vlakken op."
        )
    return g.set_index("code")


@lru_cache(maxsize=1)
def _variabelen() -> pd.DataFrame:
    return pd.read_csv(data_dir() / "variabelen.csv", dtype=str, keep_default_na=False)


def variabelen() -> pd.DataFrame:
    """Metadata of the embedded variables (CBS key of 2024, title, unit, group, table)."""
    return _variabelen().copy()


@lru_cache(maxsize=1)
def _kerncijfers() -> pd.DataFrame:
    kc = pd.read_csv(data_dir() / "kerncijfers_2024.csv.gz", dtype={"code": str, "variabele": str, "bron": str})
    kc["waarde"] = kc.waarde.astype("Float64")
    kc["gemeente"] = "GM" + kc.code.str[2:6]
    return kc


#: Where each kind of figure in the snapshot comes from, in Dutch (keys of the ``bron`` column).
HERKOMST = {
    "statline": "CBS 85984NED Kerncijfers wijken en buurten 2024 (StatLine-download)",
    "woonikveilig": "CBS 85984NED Kerncijfers wijken en buurten 2024, overgenomen uit de bestanden van woonikveilig "
                    "(peildatum 19-07-2026)",
    "politie": "Politie via CBS 47022NED, overgenomen uit de bestanden van woonikveilig",
    "politie_som": "Politie via CBS 47022NED, overgenomen uit woonikveilig; voor Nederland de som van alle gemeenten",
    "rivm": "RIVM Gezondheidsmonitor volwassenen en ouderen (CBS 50150NED), overgenomen uit de bestanden van woonikveilig",
}


@lru_cache(maxsize=1)
def _herkomst() -> dict[str, str]:
    kc = _kerncijfers()
    kc = kc[kc.code != "NL00"]
    return {v: HERKOMST.get(b, b) for v, b in kc.groupby("variabele").bron.agg(lambda s: s.mode().iloc[0]).items()}


def herkomst(variabele: str) -> str:
    """Where the snapshot's figures of one variable come from, in Dutch ('' for a variable it does not hold).

    Example
    -------
    >>> herkomst("GoedErvarenGezondheid")
    'RIVM Gezondheidsmonitor volwassenen en ouderen (CBS 50150NED), overgenomen uit de bestanden van woonikveilig'
    """
    return _herkomst().get(variabele, "")


def kerncijfers(code: str | Iterable[str], niveau: str | list[str] | None = None) -> pd.DataFrame:
    """Kerncijfers 2024 (plus crime 2021–2025 where the snapshot has it) of one or more gemeenten, tidy.

    Same columns as :func:`wijkscan.sources.cbs.kerncijfers`: ``code, naam, niveau, jaar,
    variabele, waarde``; Nederland is included as niveau ``"land"``. Values that CBS
    suppressed are NA.

    Example
    -------
    >>> kc = kerncijfers("GM0626", niveau="gemeente")
    >>> int(kc.set_index("variabele").loc["AantalInwoners", "waarde"])
    25625
    """
    codes = _codes(code)
    regions = _gebieden_tabel()
    regions = regions[regions.gemeente.isin(codes)][["code", "naam", "niveau"]]
    regions = pd.concat([regions, pd.DataFrame([{"code": "NL00", "naam": "Nederland", "niveau": "land"}])])
    alle = _kerncijfers()
    kc = alle[alle.gemeente.isin(codes) | (alle.code == "NL00")].merge(regions, on="code")
    if niveau is not None and niveau != "alle":
        kc = kc[kc.niveau.isin([niveau] if isinstance(niveau, str) else niveau)]
    kc = kc[["code", "naam", "niveau", "jaar", "variabele", "waarde"]].reset_index(drop=True)
    kc.attrs["variabelen"] = variabelen().to_dict("records")
    kc.attrs["bron"] = "ingebouwd"
    return kc


@lru_cache(maxsize=4)
def _landelijk(niveau: str, jaar: int) -> pd.DataFrame:
    kc = kerncijfers(list(_gemeenten()), niveau=niveau)
    return kc[kc.jaar == jaar]


def kerncijfers_nederland(niveau: str = "buurt", jaar: int = JAAR) -> pd.DataFrame:
    """Kerncijfers of **every** buurt (or wijk) of Nederland in one year, tidy — the national reference (cached).

    The same columns as :func:`kerncijfers`; one table per level and year is kept in memory, so the national
    comparison of the aandachtsgebieden and the search for comparable areas share it.

    Example
    -------
    >>> kerncijfers_nederland("wijk").code.nunique()
    3393
    """
    return _landelijk(niveau, int(jaar))


@lru_cache(maxsize=1)
def _trend() -> pd.DataFrame:
    t = pd.read_csv(data_dir() / "kerncijfers_gemeente_2012_2024.csv", dtype={"code": str})
    t["waarde"] = t.waarde.astype("Float64")
    t["bron"] = [f"CBS wijk- en buurtkaart {j}, gemeentelaag (PDOK, via geoinzicht)" if b == "geoinzicht" else b
                 for j, b in zip(t.jaar, t.bron, strict=True)]
    return t


def trend(code: str | Iterable[str]) -> pd.DataFrame:
    """Gemeente-level kerncijfers 2012–2024 (from the yearly wijk- en buurtkaart), tidy."""
    codes = _codes(code)
    t = _trend()
    return t[t.code.isin(codes)].reset_index(drop=True)


@lru_cache(maxsize=1)
def _per_gemeente_aanwezig() -> dict[str, frozenset[str]]:
    kc = _kerncijfers()
    kc = kc[kc.waarde.notna() & kc.gemeente.isin(set(_gemeenten())) & (kc.code != "NL00")]
    return {g: frozenset(v) for g, v in kc.groupby("gemeente").variabele}


@lru_cache(maxsize=1)
def _nog_niet() -> dict[str, frozenset[int]]:
    v = _variabelen()
    if "nog_niet_gepubliceerd" not in v.columns:
        return {}
    return {r.variabele: frozenset(int(j) for j in r.nog_niet_gepubliceerd.split(";") if j)
            for r in v.itertuples() if r.nog_niet_gepubliceerd}


def nog_niet_gepubliceerd() -> dict[str, frozenset[int]]:
    """Variables that CBS had not yet filled in a year's Kerncijfers table, with those years.

    Read from the snapshot's metadata: a variable counts when it is empty for more than a quarter of the
    buurten of 1.000 inwoners or more (far above what CBS suppresses for privacy). In the 2024 table that
    is the income per inhabitant, which CBS adds to a year's table later than the population figures.

    Example
    -------
    >>> sorted(nog_niet_gepubliceerd().items())
    [('GemiddeldInkomenPerInwoner', frozenset({2024}))]
    """
    return dict(_nog_niet())


def rijke_gemeenten() -> list[str]:
    """Codes of the gemeenten for which the snapshot has more than population, sex and age.

    Example
    -------
    >>> len(rijke_gemeenten())                                          # since 2026-12: every gemeente
    342
    """
    return sorted(g for g, v in _per_gemeente_aanwezig().items() if "HuishoudensTotaal" in v)


def ontbrekend(code: str | Iterable[str]) -> list[str]:
    """The variables of the snapshot (:data:`LABELS`) that it holds for no area of this gemeente.

    Example
    -------
    >>> ontbrekend("GM0405")                                # Hoorn: everything there
    []
    >>> ontbrekend("GM0088")                                # Schiermonnikoog: income not yet published
    ['GemiddeldInkomenPerInwoner']
    """
    codes = _codes(code)
    aanwezig = _per_gemeente_aanwezig()
    heeft_alle = set.intersection(*(set(aanwezig.get(c, frozenset())) for c in codes))
    return [v for v in LABELS if v not in heeft_alle]


def ontbrekend_tekst(code: str | Iterable[str], naam: str | None = None) -> str | None:
    """One plain Dutch sentence saying what the snapshot lacks for this gemeente (None when nothing).

    A variable CBS had not yet filled in the 2024 table (:func:`nog_niet_gepubliceerd`) is said to be
    that, not missing for some other reason.

    Example
    -------
    >>> print(ontbrekend_tekst("GM0363", "Amsterdam"))                   # everything there
    None
    >>> print(ontbrekend_tekst("GM0088"))                               # doctest: +NORMALIZE_WHITESPACE
    In de ingebouwde gegevens van Schiermonnikoog ontbreekt inkomen: CBS had dat cijfer in de tabel van 2024 nog
    niet gepubliceerd.
    """
    mist = ontbrekend(code)
    if not mist:
        return None
    codes = _codes(code)
    wie = naam or (_gemeenten()[codes[0]] if len(codes) == 1 else f"{len(codes)} gemeenten")
    nog_niet = nog_niet_gepubliceerd()
    laat = [v for v in mist if JAAR in nog_niet.get(v, ())]
    rest = [v for v in mist if v not in laat]

    def lijst(vs: list[str]) -> str:
        labels = [LABELS[v] for v in vs]
        return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " en " + labels[-1]

    def ww(vs: list[str]) -> str:
        return "ontbreekt" if len(vs) == 1 else "ontbreken"

    delen = []
    if rest:
        wat = "het" if len(rest) == 1 else "ze"
        delen.append(f"{lijst(rest)} (met internet haalt wijkscan {wat} bij CBS)")
    if laat:
        zin = (f"CBS had dat cijfer in de tabel van {JAAR} nog niet gepubliceerd" if len(laat) == 1
               else f"CBS had die cijfers in de tabel van {JAAR} nog niet gepubliceerd")
        delen.append(f"{lijst(laat)}: {zin}")
    if len(codes) > 1:
        zonder = sum(1 for c in codes if ontbrekend(c))
        return (f"In de ingebouwde gegevens {ww(mist)} voor {zonder} van de {len(codes)} gemeenten van {wie} "
                + "; ".join(delen) + ".")
    return f"In de ingebouwde gegevens van {wie} {ww(mist)} " + "; ".join(delen) + "."


def meldingen_bestand(naam: str = "assen_signalen_all_meldingen") -> Path:
    """Path of an embedded meldingen file (gzip-compressed Signalen JSON)."""
    path = data_dir() / "meldingen" / f"{naam}.json.gz"
    if not path.exists():
        raise FileNotFoundError(path)
    return path
