"""Gebiedsindeling: which buurten make up which area.

An :class:`Indeling` says, for every buurt of a gemeente, to which area (*gebied*) it
belongs. The areas can be the CBS wijken or the gemeente (:func:`cbs_indeling`), the
gemeente's own wijkindeling given as a table of buurten (:func:`indeling_uit_tabel`), or
any set of polygons such as postcode areas (:func:`indeling_uit_vlakken`,
:func:`pc4_indeling`). Whatever the source, the result has the same shape, so every
analysis works on any set of areas.

The building block is always the **whole buurt**: CBS publishes its figures per buurt,
so an area is a set of buurten. A buurt that lies in two polygons goes, whole, to the
one that holds the largest part of it; ``aandeel`` records that part and the
``rapport`` names every buurt that straddles a boundary, so a reader can judge the
error.

Aggregation contract
--------------------
This module only *assigns*; the sums are made in :mod:`wijkscan.indicators`, which
reads ``Indeling.toewijzing`` and aggregates each indicator according to its kind:

* **counts** (inwoners, woningen, misdrijven, meldingen) are summed over the buurten
  of an area;
* **shares and rates** (% 65+, % koopwoningen, misdrijven per 1.000 inwoners) are
  never averaged: they are recomputed from the summed numerators and denominators;
* **means** (gemiddelde WOZ-waarde, inkomen per inwoner, huishoudensgrootte) are
  weighted by their base (woningen, inwoners, huishoudens);
* suppressed values (NA) stay missing; an area with a missing buurt is marked, not
  silently filled.

Every buurt of the gemeente is either in ``toewijzing`` or in ``rapport`` (or both), and
every row of a user's table is either used or reported.

Example
-------
>>> import wijkscan
>>> from wijkscan.areas import cbs_indeling
>>> assen = wijkscan.load("Assen", bron="ingebouwd")
>>> ind = cbs_indeling(assen, "wijk")
>>> len(ind.toewijzing), len(ind.gebieden)
(109, 10)
"""

from __future__ import annotations

import difflib
import html
import math
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .errors import GeenTabel, OnbekendeGemeente, OngeldigeInvoer
from .sources import embedded
from .sources.gemeenten import gemeente_naam
from .sources.tabellen import lees_tabel

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from .loading import GemeenteData

__all__ = [
    "Indeling",
    "RIJ_KWESTIES",
    "cbs_indeling",
    "indeling_uit_tabel",
    "indeling_uit_vlakken",
    "pc4_indeling",
    "zoek_gebieden",
]

RD = "EPSG:28992"
NIVEAUS = ("buurt", "wijk", "gemeente")
RAPPORT_KOLOMMEN = ["buurt", "naam", "kwestie", "detail"]
MAX_GETOOND = 25  # areas named in the notebook summary

# Kwesties (short Dutch reasons in ``Indeling.rapport``)
GEEN_BUURT = "geen buurt opgegeven"
ONBEKENDE_BUURT = "onbekende buurt"
ANDERE_GEMEENTE = "buurt van andere gemeente"
NAAM_NIET_UNIEK = "buurtnaam niet eenduidig"
GEEN_GEBIED = "geen gebied"
TEGENSTRIJDIG = "dubbel met ander gebied"
DUBBEL = "dubbel"
NIET_INGEDEELD = "niet ingedeeld"
MEERDERE_NAMEN = "meerdere namen"
GEEN_BUURTEN = "geen buurten"
GEEN_WIJK = "geen wijk"
GEEN_GEOMETRIE = "geen geometrie"
BUITEN = "buiten alle gebieden"
MEERDERE_GEBIEDEN = "ligt in meerdere gebieden"
DEELS_BUITEN = "deels buiten de gebieden"
VLAK_ZONDER_CODE = "vlak zonder code"
VLAK_ZONDER_GEOMETRIE = "vlak zonder geometrie"
VLAKKEN_SAMENGEVOEGD = "meerdere vlakken samengevoegd"
VLAKKEN_BUITEN_GEMEENTE = "vlakken buiten de gemeente"

#: Column of ``GemeenteData.gebieden`` and of a buurt indeling's ``gebieden`` with the approximate outline of a
#: buurt without a real polygon ("grens bij benadering"): for maps only, never for any computation.
BENADERING_KOLOM = "grens_bij_benadering"

#: Kwesties that each stand for one row of the user's table that was not used
#: (for :data:`DUBBEL`: a second copy of a row that was used once).
RIJ_KWESTIES = (GEEN_BUURT, ONBEKENDE_BUURT, ANDERE_GEMEENTE, NAAM_NIET_UNIEK, GEEN_GEBIED, TEGENSTRIJDIG, DUBBEL)

#: A polygon that gets no buurt and has less than this part of its area inside the
#: gemeente is left out of the indeling (a national PC4 file, say), in one rapport row.
MIN_AANDEEL_IN_GEMEENTE = 0.01

#: Candidate names of the postcode column in a user's PC4 file (compared case-insensitively).
PC4_KOLOMMEN = ("pc4", "postcode", "postcode4", "pc4code", "pc4_code", "postcode_4", "code")


@dataclass
class Indeling:
    """A gebiedsindeling: which buurt belongs to which area.

    Attributes
    ----------
    naam : str
        ``"buurt"``, ``"wijk"``, ``"gemeente"``, ``"pc4"`` or the user's own name.
    toewijzing : DataFrame
        Index ``buurt`` (buurt code, every assigned buurt); columns ``gebied`` (area code)
        and ``aandeel`` (share of the buurt's area inside that area, 0..1; 1.0 when the
        assignment is by code or table).
    gebieden : GeoDataFrame
        Index ``code``; columns ``naam``, ``niveau`` (= ``naam`` of the indeling) and
        ``geometry`` in RD New (EPSG:28992), one row per area. The buurt indeling of the embedded data
        also has ``grens_bij_benadering``: the approximate outline of a buurt without a real polygon,
        for maps only (its ``geometry`` stays empty).
    rapport : DataFrame
        Columns ``buurt, naam, kwestie, detail``: what could not be used or deserves a
        look, in Dutch. Empty when all is well.

    Example
    -------
    >>> import wijkscan
    >>> ind = cbs_indeling(wijkscan.load("Voorschoten", bron="ingebouwd"), "gemeente")
    >>> ind.gebied_van().unique().tolist()
    ['GM0626']
    """

    naam: str
    toewijzing: pd.DataFrame
    gebieden: gpd.GeoDataFrame
    rapport: pd.DataFrame

    def gebied_van(self) -> pd.Series:
        """Buurt code → area code, for every assigned buurt.

        Example
        -------
        >>> import wijkscan
        >>> ind = cbs_indeling(wijkscan.load("Assen", bron="ingebouwd"), "wijk")
        >>> ind.gebied_van()["BU01060000"]
        'WK010600'
        """
        return self.toewijzing["gebied"].rename("gebied")

    def _samenvatting(self) -> str:
        n_buurt = len(self.toewijzing)
        n_gebied = len(self.gebieden)
        tekst = f"Indeling '{self.naam}': {n_buurt} {'buurt' if n_buurt == 1 else 'buurten'} in {n_gebied} " \
                f"{'gebied' if n_gebied == 1 else 'gebieden'}"
        if self.rapport.empty:
            return tekst + "; geen kwesties."
        telling = self.rapport["kwestie"].value_counts(sort=False)
        return tekst + "; kwesties: " + ", ".join(f"{k} ({n})" for k, n in telling.items()) + "."

    def __repr__(self) -> str:
        return f"<{self._samenvatting()}>"

    def _repr_html_(self) -> str:
        def cel(value: object) -> str:
            return "" if _leeg(value) else html.escape(str(value))

        per_gebied = self.toewijzing.groupby("gebied").size()
        namen = list(self.gebieden["naam"].items())
        gebieden = ", ".join(
            f"{html.escape(str(naam))} ({int(per_gebied.get(code, 0))})" for code, naam in namen[:MAX_GETOOND]
        ) + (f", … en nog {len(namen) - MAX_GETOOND}" if len(namen) > MAX_GETOOND else "")
        parts = [
            f"<div><strong>{html.escape(self._samenvatting())}</strong>",
            f"<br><small>Gebieden (aantal buurten): {gebieden}</small>" if gebieden else "",
        ]
        if self.rapport.empty:
            parts.append("<p>Alle buurten zijn ingedeeld.</p>")
        else:
            rows = "".join(
                "<tr>" + "".join(f"<td>{cel(r[k])}</td>" for k in RAPPORT_KOLOMMEN) + "</tr>"
                for r in self.rapport.to_dict("records")
            )
            parts.append(
                "<table><thead><tr><th>buurt</th><th>naam</th><th>kwestie</th><th>toelichting</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>"
            )
        parts.append("</div>")
        return "".join(parts)


# --------------------------------------------------------------------------- helpers


def _leeg(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _tekst(value: object) -> str:
    """A cell as clean text: NA → "", 2251.0 → "2251", surrounding spaces removed."""
    if _leeg(value):
        return ""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value)).strip()


def _vouw(text: str) -> str:
    """Fold a name for matching: no case, accents or punctuation."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _buurtcode(text: str) -> str | None:
    """``bu6260001``, ``BU06260001 ``, ``06260001`` → ``BU06260001``; None when it is no code."""
    t = re.sub(r"\s+", "", text).upper()
    m = re.fullmatch(r"BU(\d{1,8})", t) or re.fullmatch(r"(\d{5,8})", t)
    return "BU" + m.group(1).zfill(8) if m else None


def _pct(share: float) -> str:
    return f"{round(100 * share)}%" if share >= 0.005 else "<1%"


def _opsomming(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def _rapport(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=RAPPORT_KOLOMMEN, dtype=object)


def _toewijzing(gebied: dict[str, str], aandeel: dict[str, float], volgorde: pd.Index) -> pd.DataFrame:
    codes = [b for b in volgorde if b in gebied]
    return pd.DataFrame(
        {"gebied": [gebied[b] for b in codes], "aandeel": [float(aandeel.get(b, 1.0)) for b in codes]},
        index=pd.Index(codes, name="buurt"),
    )


def _gebieden(codes: list[str], namen: list[str], niveau: str, geometrie: list) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"naam": namen, "niveau": [niveau] * len(codes)},
        geometry=gpd.GeoSeries(geometrie, crs=RD, index=pd.Index(codes, name="code")),
        index=pd.Index(codes, name="code"),
    )


def _vlakdeel(geom: BaseGeometry | None) -> BaseGeometry | None:
    """The valid, 2-D, polygonal part of a geometry, or None when there is none."""
    if geom is None or geom.is_empty:
        return None
    geom = shapely.force_2d(geom)
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
        geom = shapely.union_all(parts) if parts else None
    if geom is None or geom.is_empty or geom.area <= 0:
        return None
    return geom


def _vereniging(geoms) -> BaseGeometry | None:
    parts = [g for g in geoms if g is not None and not g.is_empty]
    if not parts:
        return None
    return _vlakdeel(shapely.union_all(parts))


def _buurten(data: GemeenteData) -> gpd.GeoDataFrame:
    geb = data.gebieden
    return geb[geb["niveau"] == "buurt"]


#: what a command-line user does about a missing column (the CLI keeps this part of a message, see cli.voor_cli)
_CLI_KOLOM = {"tabel": "noem de kolommen in het bestand buurt, gebied en eventueel naam",
              "vlakkenlaag": "geef de kolom met de gebiedscode op met --vlakken-code"}


def _kolom(df: pd.DataFrame, naam: str, rol: str, voorbeeld: str) -> str:
    """The column called ``naam`` (exactly, else ignoring case and spaces), or a Dutch error."""
    if naam in df.columns:
        return naam
    hits = [c for c in df.columns if str(c).strip().casefold() == str(naam).strip().casefold()]
    if len(hits) == 1:
        return hits[0]
    beschikbaar = ", ".join(f"'{c}'" for c in df.columns if c != "geometry") or "(geen)"
    raise OngeldigeInvoer(
        f"De {rol} heeft geen kolom '{naam}'. Beschikbare kolommen: {beschikbaar}. "
        f"Geef de juiste kolomnaam op (in Python: {voorbeeld}; op de opdrachtregel: {_CLI_KOLOM[rol]})."
    )


def _lees_tabel(tabel: pd.DataFrame | str | os.PathLike) -> tuple[pd.DataFrame, Callable[[object], str]]:
    return lees_tabel(tabel, "de buurten")


def _lees_vlakken(vlakken: gpd.GeoDataFrame | str | os.PathLike) -> gpd.GeoDataFrame:
    if isinstance(vlakken, gpd.GeoDataFrame):
        out = vlakken.copy()
    elif isinstance(vlakken, (str, os.PathLike)):
        path = Path(vlakken)
        if not path.exists():
            raise OngeldigeInvoer(f"Het bestand '{path}' bestaat niet. Controleer het pad (een relatief pad geldt vanaf "
                                  f"de map waarin u werkt: {Path.cwd()}).")
        try:
            out = gpd.read_file(path)
        except Exception as exc:  # any reader error becomes a Dutch message
            raise OngeldigeInvoer(
                f"'{path.name}' kan niet als kaartlaag worden gelezen ({exc}). Gebruik een GeoPackage, GeoJSON of shapefile."
            ) from exc
    else:
        raise OngeldigeInvoer(
            "Geef de vlakken op als GeoDataFrame of als pad naar een GeoPackage, GeoJSON of shapefile, "
            f"niet als {type(vlakken).__name__}."
        )
    if out.crs is None:
        raise OngeldigeInvoer(
            "De vlakken hebben geen coördinatenstelsel (CRS), dus wijkscan weet niet waar ze liggen. Stel het in, "
            "bijvoorbeeld op RD New (EPSG:28992, meters) of WGS84 (EPSG:4326, lengte- en breedtegraden) (in Python: "
            "vlakken = vlakken.set_crs('EPSG:28992'); op de opdrachtregel: stel het in met QGIS of ogr2ogr en sla "
            "het bestand opnieuw op)."
        )
    return out.to_crs(RD) if not out.crs.equals(RD) else out


# --------------------------------------------------------------------------- CBS


def cbs_indeling(data: GemeenteData, niveau: str = "wijk") -> Indeling:
    """The CBS indeling of a gemeente: buurten as themselves, per wijk, or the whole gemeente.

    Buurten are assigned by their code, so a buurt without a polygon still counts. The
    area polygons are the CBS polygons of that level (for wijken: the CBS wijk polygon of
    the year, which also covers buurten missing from the buurt map); only when CBS has no
    polygon for an area is it made from the union of its buurt polygons.

    Parameters
    ----------
    data : GemeenteData
        As :func:`wijkscan.load` returns it.
    niveau : {"buurt", "wijk", "gemeente"}
        ``"buurt"`` gives every buurt its own area.

    Returns
    -------
    Indeling

    Example
    -------
    >>> import wijkscan
    >>> ind = cbs_indeling(wijkscan.load("Assen", bron="ingebouwd"), "wijk")
    >>> ind.gebied_van().value_counts()["WK010600"]
    np.int64(13)
    """
    if niveau not in NIVEAUS:
        raise OngeldigeInvoer(
            f"Onbekend niveau '{niveau}'. Kies 'buurt', 'wijk' of 'gemeente'; voor een eigen indeling gebruikt u "
            "indeling_uit_tabel of indeling_uit_vlakken."
        )
    buurten = _buurten(data)
    rows: list[dict] = []
    gebied = _cbs_doel(data, buurten, niveau, rows)
    codes, namen, geometrie = _cbs_gebieden(data.gebieden, buurten, niveau, gebied, rows)
    benadering = _benadering(buurten)
    if niveau == "buurt":
        _zonder_vlak(buurten, codes, geometrie, benadering, rows)
    gebieden = _gebieden(codes, namen, niveau, geometrie)
    if niveau == "buurt" and benadering.notna().any():
        # display only: maps draw it dashed; the ``geometry`` of these buurten stays empty
        gebieden[BENADERING_KOLOM] = benadering.reindex(gebieden.index).where(gebieden.geometry.isna(), None)
    return Indeling(
        naam=niveau,
        toewijzing=_toewijzing(gebied, {}, buurten.index),
        gebieden=gebieden,
        rapport=_rapport(rows),
    )


def _cbs_doel(data: GemeenteData, buurten: pd.DataFrame, niveau: str, rows: list[dict]) -> dict[str, str]:
    """Buurt code → area code of the CBS level; a buurt without a wijk code is reported."""
    if niveau == "buurt":
        doel = pd.Series(buurten.index, index=buurten.index)
    elif niveau == "wijk":
        doel = buurten["wijk"] if "wijk" in buurten.columns else pd.Series(None, index=buurten.index)
    else:
        doel = buurten["gemeente"].fillna(data.code) if "gemeente" in buurten.columns else \
            pd.Series(data.code, index=buurten.index)
    gebied: dict[str, str] = {}
    for code, waarde in doel.items():
        tekst = _tekst(waarde)
        if tekst:
            gebied[code] = tekst
        else:
            rows.append({"buurt": code, "naam": buurten.at[code, "naam"], "kwestie": GEEN_WIJK,
                         "detail": f"{code} ({buurten.at[code, 'naam']}) heeft geen wijkcode in de CBS-gegevens en is "
                                   "daarom niet ingedeeld."})
    return gebied


def _cbs_gebieden(geb: gpd.GeoDataFrame, buurten: pd.DataFrame, niveau: str, gebied: dict[str, str],
                  rows: list[dict]) -> tuple[list[str], list[str], list]:
    """The areas of a CBS level: codes, names and polygons (the CBS polygon, else the union of the buurten)."""
    eigen = geb[geb["niveau"] == niveau]
    codes = list(eigen.index) + sorted(set(gebied.values()) - set(eigen.index))
    per_gebied: dict[str, list[str]] = {c: [] for c in codes}
    for b, g in gebied.items():
        per_gebied[g].append(b)
    namen, geometrie = [], []
    for c in codes:
        namen.append(eigen.at[c, "naam"] if c in eigen.index else c)
        geom = eigen.at[c, "geometry"] if c in eigen.index else None
        geom = _vlakdeel(geom) if geom is not None else None
        if geom is None and niveau != "buurt":
            geom = _vereniging(buurten.geometry.reindex(per_gebied[c]))
        geometrie.append(geom)
        if not per_gebied[c]:
            rows.append({"buurt": None, "naam": namen[-1], "kwestie": GEEN_BUURTEN,
                         "detail": f"{niveau.capitalize()} {c} ({namen[-1]}) heeft geen buurten in de gegevens; "
                                   "er zijn geen cijfers voor."})
    return codes, namen, geometrie


def _zonder_vlak(buurten: pd.DataFrame, codes: list[str], geometrie: list, benadering: pd.Series,
                 rows: list[dict]) -> None:
    for b, geom in zip(codes, geometrie, strict=True):
        if geom is None:
            kaart = ("staat op kaarten alleen met een grens bij benadering (stippellijn), die nergens voor "
                     "berekeningen wordt gebruikt" if benadering.get(b) is not None else "staat niet op kaarten")
            rows.append({"buurt": b, "naam": buurten.at[b, "naam"], "kwestie": GEEN_GEOMETRIE,
                         "detail": f"{b} ({buurten.at[b, 'naam']}) heeft geen vlak op de buurtkaart. De buurt is wel "
                                   f"ingedeeld (op code) en telt mee in tabellen, maar {kaart}."})


def met_benaderde_grenzen(gebieden: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The areas as maps draw them: a buurt without a real polygon takes its approximate outline.

    Returns a copy with the outline of ``grens_bij_benadering`` in ``geometry`` where the real one is empty,
    that column dropped, and a boolean column ``benaderd`` (True for those outlines, which maps draw dashed
    and label "grens bij benadering"). For drawing only: nothing is counted or assigned with it.

    Example
    -------
    >>> import shapely
    >>> g = gpd.GeoDataFrame({"naam": ["A", "B"], BENADERING_KOLOM: [None, shapely.box(0, 0, 1, 1)]},
    ...                      geometry=[shapely.box(1, 0, 2, 1), None], index=["BU1", "BU2"], crs="EPSG:28992")
    >>> met_benaderde_grenzen(g).benaderd.tolist()
    [False, True]
    """
    g = gebieden.copy()
    benaderd = pd.Series(False, index=g.index)
    if BENADERING_KOLOM in g.columns:
        leeg = g.geometry.isna() | g.geometry.is_empty.fillna(True)
        vervang = g[BENADERING_KOLOM].astype(object)
        benaderd = leeg & vervang.notna()
        if benaderd.any():
            g.loc[benaderd, "geometry"] = gpd.GeoSeries(list(vervang[benaderd]), index=g.index[benaderd], crs=g.crs)
        g = g.drop(columns=BENADERING_KOLOM)
    g["benaderd"] = benaderd.to_numpy()
    return g


def _benadering(buurten: pd.DataFrame) -> pd.Series:
    """The approximate outline per buurt (display only; object Series of shapely geometries or None)."""
    if BENADERING_KOLOM not in buurten.columns:
        return pd.Series(None, index=buurten.index, dtype=object)
    b = buurten[BENADERING_KOLOM].astype(object)
    return b.where(b.notna() & buurten.geometry.isna(), None)


# --------------------------------------------------------------------------- table


def indeling_uit_tabel(
    data: GemeenteData,
    tabel: pd.DataFrame | str | os.PathLike,
    buurt: str = "buurt",
    gebied: str = "gebied",
    naam: str | None = None,
    indeling_naam: str = "eigen indeling",
) -> Indeling:
    """An own wijkindeling from a table that lists, per buurt, the area it belongs to.

    Every row of the table is used or reported in ``rapport`` with its line number;
    every buurt of the gemeente that no usable row mentions is reported as
    "niet ingedeeld". Rows that are completely empty are skipped. The area polygon is
    the union of its buurt polygons.

    Parameters
    ----------
    data : GemeenteData
        As :func:`wijkscan.load` returns it.
    tabel : DataFrame or path
        A DataFrame, or a CSV (``;`` or ``,``, UTF-8 with or without BOM, or Windows-1252)
        or XLSX file (first sheet, header on the first row).
    buurt : str
        Column with the buurt: a CBS buurt code (``BU06260001``; case, spaces and missing
        zeros do not matter) or the buurt name as CBS writes it.
    gebied : str
        Column with the area code; it becomes the area's code (as text).
    naam : str, optional
        Column with the area name. Without it a column called ``naam`` is used when the
        table has one; otherwise the area code is the name.
    indeling_naam : str
        Name of the indeling, also the ``niveau`` of its areas.

    Returns
    -------
    Indeling

    Example
    -------
    >>> import pandas as pd, wijkscan
    >>> vs = wijkscan.load("Voorschoten", bron="ingebouwd")
    >>> t = pd.DataFrame({"buurt": ["BU06260001", "Adegeest"], "gebied": ["N", "N"], "naam": ["Noord", "Noord"]})
    >>> ind = indeling_uit_tabel(vs, t, indeling_naam="eigen wijken")
    >>> ind.gebied_van().to_dict(), ind.gebieden.naam.to_dict()
    ({'BU06260001': 'N', 'BU06260002': 'N'}, {'N': 'Noord'})
    >>> int((ind.rapport.kwestie == "niet ingedeeld").sum())
    10
    """
    df, regel = _lees_tabel(tabel)
    voorbeeld = "indeling_uit_tabel(data, tabel, buurt='Buurtcode', gebied='Wijk')"
    kol_buurt = _kolom(df, buurt, "tabel", voorbeeld)
    kol_gebied = _kolom(df, gebied, "tabel", voorbeeld)
    if naam is None:   # a column called "naam" is the area name, as the README documents (buurt, gebied[, naam])
        naam = next((str(c) for c in df.columns if str(c).strip().casefold() == "naam"
                     and c not in (kol_buurt, kol_gebied)), None)
    kol_naam = _kolom(df, naam, "tabel", voorbeeld) if naam is not None else None
    leeg = [all(_tekst(v) == "" for v in r) for r in df.itertuples(index=False)]
    df = df[~pd.Series(leeg, index=df.index, dtype=bool)]
    if df.empty:
        raise OngeldigeInvoer("De tabel van de indeling heeft geen regels met buurten (alleen een kopregel). Zet onder "
                              "de kopregel per regel een buurt (code of naam) en het gebied waar die bij hoort.")
    t = _TabelLezing(data, regel, kol_buurt, kol_gebied)
    for label, r in df.iterrows():
        t.regel_lezen(label, _tekst(r[kol_buurt]), _tekst(r[kol_gebied]),
                      _tekst(r[kol_naam]) if kol_naam is not None else "")
    toegewezen = t.dubbelen()
    t.niet_ingedeeld(toegewezen)
    codes, namen, geometrie = t.gebieden(toegewezen)
    return Indeling(
        naam=indeling_naam,
        toewijzing=_toewijzing(toegewezen, {}, t.buurten.index),
        gebieden=_gebieden(codes, namen, indeling_naam, geometrie),
        rapport=_rapport(t.rows),
    )


class _TabelLezing:
    """The state of reading an own indeling table: the buurten, the usable rows and the rapport."""

    def __init__(self, data: GemeenteData, regel: Callable[[object], str], kol_buurt: str, kol_gebied: str) -> None:
        self.data, self.regel, self.kol_buurt, self.kol_gebied = data, regel, kol_buurt, kol_gebied
        self.buurten = _buurten(data)
        self.buurtnaam = self.buurten["naam"].to_dict()
        self.per_naam: dict[str, list[str]] = {}
        for code, n in self.buurtnaam.items():
            self.per_naam.setdefault(_vouw(str(n)), []).append(code)
        self.wijk_gm_codes = {str(c).upper() for c in data.gebieden.index if not str(c).upper().startswith("BU")}
        self.rows: list[dict] = []
        self.kandidaten: list[tuple[object, str, str, str]] = []  # (row label, buurt code, gebied, area name)
        self.genoemd: set[str] = set()
        self.namen_per_gebied: dict[str, list[str]] = {}   # in the order of the table

    def meld(self, b: object, n: object, kwestie: str, detail: str) -> None:
        self.rows.append({"buurt": b, "naam": n, "kwestie": kwestie, "detail": detail})

    def regel_lezen(self, label: object, ruw: str, g: str, n: str) -> None:
        """One row of the table: a candidate assignment, or a rapport row with its reason."""
        if g:
            self.namen_per_gebied.setdefault(g, [])
            if n:
                self.namen_per_gebied[g].append(n)
        plek = self.regel(label).capitalize()
        if not ruw:
            self.meld(None, None, GEEN_BUURT, f"{plek}: de kolom '{self.kol_buurt}' is leeg. Vul een buurtcode (BU…) of "
                                              "buurtnaam in, of verwijder de regel.")
            return
        code = _buurtcode(ruw)
        code = self._op_naam(ruw, plek) if code is None else self._op_code(code, plek)
        if code is None:
            return
        self.genoemd.add(code)
        if not g:
            self.meld(code, self.buurtnaam[code], GEEN_GEBIED,
                      f"{plek}: bij {code} ({self.buurtnaam[code]}) staat geen gebied. Vul de kolom '{self.kol_gebied}' "
                      "in; de regel is niet gebruikt.")
            return
        self.kandidaten.append((label, code, g, n))

    def _op_naam(self, ruw: str, plek: str) -> str | None:
        gm_naam = self.data.naam
        if re.sub(r"\s+", "", ruw).upper() in self.wijk_gm_codes or re.fullmatch(r"(?i)(WK|GM)\s*\d+", ruw):
            self.meld(ruw, None, ONBEKENDE_BUURT, f"{plek}: '{ruw}' is een wijk- of gemeentecode, geen buurtcode. "
                                                  "Geef per regel één buurt op (code BU… of de buurtnaam).")
            return None
        hits = self.per_naam.get(_vouw(ruw), []) if _vouw(ruw) else []
        if len(hits) > 1:
            self.meld(ruw, ruw, NAAM_NIET_UNIEK, f"{plek}: {gm_naam} heeft {len(hits)} buurten die '{ruw}' heten "
                                                 f"({', '.join(hits)}). Gebruik hier de buurtcode.")
            return None
        if not hits:
            bijna = difflib.get_close_matches(_vouw(ruw), list(self.per_naam), n=1, cutoff=0.75)
            hint = f" Bedoelt u '{self.buurtnaam[self.per_naam[bijna[0]][0]]}'?" if bijna else ""
            self.meld(ruw, None, ONBEKENDE_BUURT, f"{plek}: '{ruw}' is geen buurtnaam van {gm_naam}.{hint} Gebruik "
                                                  "de naam zoals CBS die schrijft, of de buurtcode.")
            return None
        return hits[0]

    def _op_code(self, code: str, plek: str) -> str | None:
        if code in self.buurtnaam:
            return code
        gm, gm_naam = "GM" + code[2:6], self.data.naam
        if gm != self.data.code:
            ander = gemeente_naam(gm)
            wie = f"gemeente {ander} ({gm})" if ander else f"een andere gemeente ({gm})"
            self.meld(code, None, ANDERE_GEMEENTE, f"{plek}: {code} is een buurt van {wie}, niet van {gm_naam}. "
                                                   "Verwijder de regel of corrigeer de code.")
        else:
            self.meld(code, None, ONBEKENDE_BUURT, f"{plek}: {code} is geen buurt van {gm_naam} in {self.data.jaar}. "
                                                   "Controleer de code; CBS wijzigt buurtcodes soms van jaar tot jaar.")
        return None

    def dubbelen(self) -> dict[str, str]:
        """Buurt → area from the candidate rows; a buurt on several rows is reported (conflict or duplicate)."""
        regel = self.regel
        per_buurt: dict[str, list[tuple[object, str, str, str]]] = {}
        for k in self.kandidaten:
            per_buurt.setdefault(k[1], []).append(k)
        toegewezen: dict[str, str] = {}
        for code, ks in per_buurt.items():
            bn = self.buurtnaam[code]
            if len({k[2] for k in ks}) > 1:
                lijst = _opsomming([f"'{k[2]}' op {regel(k[0])}" for k in ks])
                for k in ks:
                    self.meld(code, bn, TEGENSTRIJDIG, f"{regel(k[0]).capitalize()}: {code} ({bn}) staat meer dan eens "
                                                       f"in de tabel met verschillende gebieden: {lijst}. Geen van deze "
                                                       "regels is gebruikt; houd er één over.")
                continue
            toegewezen[code] = ks[0][2]
            for k in ks[1:]:
                self.meld(code, bn, DUBBEL, f"{regel(k[0]).capitalize()}: {code} ({bn}) staat al op {regel(ks[0][0])} "
                                            f"met hetzelfde gebied '{k[2]}'. Deze regel is niet nog eens gebruikt.")
        return toegewezen

    def niet_ingedeeld(self, toegewezen: dict[str, str]) -> None:
        for code in self.buurten.index:
            if code in toegewezen:
                continue
            bn = self.buurtnaam[code]
            if code in self.genoemd:
                detail = (f"{code} ({bn}) staat wel in de tabel, maar geen regel ervan kon worden gebruikt (zie "
                          "hierboven). De buurt hoort nu bij geen enkel gebied.")
            else:
                detail = (f"{code} ({bn}) staat niet in de tabel en hoort dus bij geen enkel gebied. Voeg een regel "
                          "toe als de buurt moet meetellen.")
            self.meld(code, bn, NIET_INGEDEELD, detail)

    def gebieden(self, toegewezen: dict[str, str]) -> tuple[list[str], list[str], list]:
        """Area codes in table order, their names (the first one given) and polygons (union of the buurten)."""
        codes = list(self.namen_per_gebied)
        per_gebied: dict[str, list[str]] = {g: [] for g in codes}
        for b in self.buurten.index:
            if b in toegewezen:
                per_gebied[toegewezen[b]].append(b)
        namen, geometrie = [], []
        for g in codes:
            opgegeven = list(dict.fromkeys(self.namen_per_gebied[g]))
            namen.append(opgegeven[0] if opgegeven else g)
            if len(opgegeven) > 1:
                self.meld(None, namen[-1], MEERDERE_NAMEN, f"Gebied '{g}' heeft in de tabel verschillende namen "
                                                           f"({_opsomming([repr(x) for x in opgegeven])}); "
                                                           f"'{opgegeven[0]}' is gebruikt.")
            geometrie.append(_vereniging(self.buurten.geometry.reindex(per_gebied[g])))
            if not per_gebied[g]:
                self.meld(None, namen[-1], GEEN_BUURTEN, f"Gebied '{g}' heeft geen bruikbare buurten (zie de regels "
                                                         "hierboven). Het staat in de indeling, maar zonder cijfers.")
        return codes, namen, geometrie


# --------------------------------------------------------------------------- polygons


def _overlap(buurt_geoms: gpd.GeoSeries, vlak_geoms: gpd.GeoSeries) -> pd.DataFrame:
    """Share of each buurt's area inside each polygon it overlaps: columns buurt, gebied, aandeel."""
    b = buurt_geoms.to_numpy()
    v = vlak_geoms.to_numpy()
    tree = shapely.STRtree(v)
    bi, vi = tree.query(b, predicate="intersects")
    oppervlak = shapely.area(shapely.intersection(b[bi], v[vi]))
    out = pd.DataFrame({
        "buurt": buurt_geoms.index.to_numpy()[bi],
        "gebied": vlak_geoms.index.to_numpy()[vi],
        "aandeel": oppervlak / shapely.area(b[bi]),
    })
    return out[out["aandeel"] > 0]


def indeling_uit_vlakken(
    data: GemeenteData,
    vlakken: gpd.GeoDataFrame | str | os.PathLike,
    code: str = "code",
    naam: str | None = None,
    indeling_naam: str = "eigen gebieden",
    drempel_gedeeld: float = 0.10,
) -> Indeling:
    """An indeling from polygons: each buurt goes, whole, to the polygon that holds most of it.

    Geometries are made valid and compared in RD New. ``aandeel`` is the part of the
    buurt's area inside its polygon. A buurt whose second-largest part is at least
    ``drempel_gedeeld`` is reported as "ligt in meerdere gebieden" (and still assigned
    to the largest); so is a buurt with at least that part outside all polygons. Buurten
    without a polygon, or outside all polygons, are reported and not assigned. Polygons
    with the same code are merged; a polygon that gets no buurt stays and is reported,
    unless it lies (almost) entirely outside the gemeente — then it is left out, in one
    rapport row (handy with a national PC4 file).

    Parameters
    ----------
    data : GemeenteData
        As :func:`wijkscan.load` returns it.
    vlakken : GeoDataFrame or path
        The areas, or a GeoPackage/GeoJSON/shapefile; any CRS (it is reprojected), but
        it must have one.
    code : str
        Column with the area code (the index is used when it carries this name).
    naam : str, optional
        Column with the area name; without it the code is the name.
    indeling_naam : str
        Name of the indeling, also the ``niveau`` of its areas.
    drempel_gedeeld : float
        From which share in a second area (0..1) a buurt is reported as straddling.

    Returns
    -------
    Indeling

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.sources import embedded
    >>> vs = wijkscan.load("Voorschoten", bron="ingebouwd")
    >>> ind = indeling_uit_vlakken(vs, embedded.pc4("GM0626"), naam="naam", indeling_naam="postcode")
    >>> ind.gebied_van()["BU06260011"]
    '2251'
    """
    if not isinstance(drempel_gedeeld, (int, float)) or not 0 < float(drempel_gedeeld) < 1:
        raise OngeldigeInvoer(f"drempel_gedeeld moet tussen 0 en 1 liggen (bijv. 0.10 voor 10%), niet {drempel_gedeeld}.")
    gdf = _lees_vlakken(vlakken)
    if code not in gdf.columns and gdf.index.name is not None and str(gdf.index.name).casefold() == code.casefold():
        gdf = gdf.reset_index()
    voorbeeld = f"indeling_uit_vlakken(data, vlakken, code='{next((c for c in gdf.columns if c != 'geometry'), 'code')}')"
    kol_code = _kolom(gdf, code, "vlakkenlaag", voorbeeld)
    kol_naam = _kolom(gdf, naam, "vlakkenlaag", voorbeeld) if naam is not None else None

    rows: list[dict] = []

    def meld(b: object, n: object, kwestie: str, detail: str) -> None:
        rows.append({"buurt": b, "naam": n, "kwestie": kwestie, "detail": detail})

    vlak, namen = _vlakken_per_code(gdf, kol_code, kol_naam, meld)
    codes = list(vlak.index)
    buurten = _buurten(data)
    buurt_geom = gpd.GeoSeries([_vlakdeel(g) for g in buurten.geometry], index=buurten.index, crs=RD)
    met_vlak = buurt_geom[buurt_geom.notna()]
    gebied, aandeel = _op_ligging(buurten, buurt_geom, vlak, drempel_gedeeld, meld)
    weg = _lege_vlakken(data, vlak, namen, set(gebied.values()), met_vlak, meld)
    codes = [c for c in codes if c not in weg]
    return Indeling(
        naam=indeling_naam,
        toewijzing=_toewijzing(gebied, aandeel, buurten.index),
        gebieden=_gebieden(codes, [namen.get(c, c) for c in codes], indeling_naam, [vlak[c] for c in codes]),
        rapport=_rapport(rows),
    )


def _vlakken_per_code(gdf: gpd.GeoDataFrame, kol_code: str, kol_naam: str | None,
                      meld: Callable[..., None]) -> tuple[gpd.GeoSeries, dict[str, str]]:
    """One (merged) polygon per code, and the names; polygons without code or geometry are reported."""
    geoms: dict[str, list] = {}
    namen: dict[str, str] = {}
    for pos, (label, r) in enumerate(gdf.iterrows(), start=1):
        c = _tekst(r[kol_code])
        if not c:
            meld(None, None, VLAK_ZONDER_CODE, f"Vlak {pos} (rij {label}) heeft geen waarde in de kolom '{kol_code}' "
                                               "en is niet gebruikt.")
            continue
        geom = _vlakdeel(r.geometry)
        geoms.setdefault(c, [])
        if kol_naam is not None and c not in namen and _tekst(r[kol_naam]):
            namen[c] = _tekst(r[kol_naam])
        if geom is None:
            meld(None, namen.get(c, c), VLAK_ZONDER_GEOMETRIE,
                 f"Vlak {pos} (code {c}) heeft geen bruikbare geometrie (leeg, of een lijn of punt) en is niet gebruikt.")
            continue
        geoms[c].append(geom)
    codes = list(geoms)
    for c in codes:
        if len(geoms[c]) > 1:
            meld(None, namen.get(c, c), VLAKKEN_SAMENGEVOEGD,
                 f"Code {c} komt in {len(geoms[c])} vlakken voor; die zijn samengevoegd tot één gebied.")
    return gpd.GeoSeries([_vereniging(geoms[c]) for c in codes], index=pd.Index(codes, dtype=object), crs=RD), namen


def _op_ligging(buurten: pd.DataFrame, buurt_geom: gpd.GeoSeries, vlak: gpd.GeoSeries, drempel_gedeeld: float,
                meld: Callable[..., None]) -> tuple[dict[str, str], dict[str, float]]:
    """Each buurt to the polygon holding most of it; buurten without polygon, outside or straddling are reported."""
    overlap = _overlap(buurt_geom[buurt_geom.notna()], vlak[vlak.notna()])
    alles = vlak.dropna().union_all() if vlak.notna().any() else None
    gebied: dict[str, str] = {}
    aandeel: dict[str, float] = {}
    groepen = dict(tuple(overlap.groupby("buurt", sort=False)))
    for b in buurten.index:
        bn = buurten.at[b, "naam"]
        if buurt_geom[b] is None:
            meld(b, bn, GEEN_GEOMETRIE, _geen_vlak_tekst(buurten, b))
            continue
        if b not in groepen:
            meld(b, bn, BUITEN, f"{b} ({bn}) overlapt met geen enkel gebied en is niet ingedeeld. Controleer of de "
                                "vlakken de hele gemeente bedekken.")
            continue
        g = groepen[b].sort_values("aandeel", ascending=False, kind="stable")
        top, top_aandeel = g["gebied"].iloc[0], float(g["aandeel"].iloc[0])
        gebied[b], aandeel[b] = top, min(top_aandeel, 1.0)
        binnen = float(shapely.area(shapely.intersection(buurt_geom[b], alles)) / buurt_geom[b].area)
        buiten = max(0.0, 1.0 - binnen)
        delen = [f"{_pct(a)} in {c}" for c, a in zip(g["gebied"], g["aandeel"], strict=True) if a >= 0.005]
        if buiten >= 0.005:
            delen.append(f"{_pct(buiten)} buiten alle gebieden")
        if len(g) > 1 and float(g["aandeel"].iloc[1]) >= drempel_gedeeld:
            meld(b, bn, MEERDERE_GEBIEDEN, f"{b} ({bn}) ligt voor {_opsomming(delen)}. Ingedeeld bij {top} (het "
                                           "grootste deel); de cijfers van de hele buurt tellen daar mee.")
        if buiten >= drempel_gedeeld:
            meld(b, bn, DEELS_BUITEN, f"{_pct(buiten)} van {b} ({bn}) ligt buiten alle gebieden ({_opsomming(delen)}). "
                                      f"Ingedeeld bij {top}.")
    return gebied, aandeel


def _geen_vlak_tekst(buurten: pd.DataFrame, b: str) -> str:
    bn = buurten.at[b, "naam"]
    if "geometrie_jaar" not in buurten.columns:
        return f"{b} ({bn}) heeft geen vlak en kan daarom niet op ligging worden ingedeeld."
    benaderd = BENADERING_KOLOM in buurten.columns and pd.notna(buurten.at[b, BENADERING_KOLOM])
    bij = "; alleen een grens bij benadering, die niet voor indelen wordt gebruikt" if benaderd else ""
    return (f"{b} ({bn}) heeft geen vlak op de buurtkaart ({buurten.at[b, 'geometrie_jaar']}{bij}) en kan daarom niet "
            "op ligging worden ingedeeld. Deel deze buurt zelf in met een tabel (in Python: indeling_uit_tabel; op de "
            "opdrachtregel: --indeling).")


def _lege_vlakken(data: GemeenteData, vlak: gpd.GeoSeries, namen: dict[str, str], ontvangen: set[str],
                  met_vlak: gpd.GeoSeries, meld: Callable[..., None]) -> list[str]:
    """Polygons without buurten: kept and reported, unless they lie outside the gemeente (then left out)."""
    gm_geom = data.gebieden.geometry.get(data.code)
    gemeente = _vereniging([*met_vlak, _vlakdeel(gm_geom) if gm_geom is not None else None])
    weg = []
    for c in vlak.index:
        if c in ontvangen:
            continue
        geom = vlak[c]
        if geom is not None and gemeente is not None and \
                shapely.area(shapely.intersection(geom, gemeente)) < MIN_AANDEEL_IN_GEMEENTE * geom.area:
            weg.append(c)
            continue
        meld(None, namen.get(c, c), GEEN_BUURTEN, f"Gebied {c} ({namen.get(c, c)}) bevat van geen enkele buurt het grootste "
                                                  "deel. Het staat in de indeling, maar zonder cijfers.")
    if weg:
        voorbeeld_codes = ", ".join(weg[:10]) + (", …" if len(weg) > 10 else "")
        wat = "1 vlak ligt" if len(weg) == 1 else f"{len(weg)} vlakken liggen"
        meld(None, None, VLAKKEN_BUITEN_GEMEENTE, f"{wat} (vrijwel) helemaal buiten {data.naam} "
                                                  f"en {'is' if len(weg) == 1 else 'zijn'} weggelaten: {voorbeeld_codes}.")
    return weg


def pc4_indeling(data: GemeenteData, vlakken: gpd.GeoDataFrame | str | os.PathLike | None = None,
                 code: str | None = None) -> Indeling:
    """An indeling by four-digit postcode area (PC4), by largest overlap.

    Parameters
    ----------
    data : GemeenteData
        As :func:`wijkscan.load` returns it.
    vlakken : GeoDataFrame or path, optional
        PC4 polygons with a postcode column (``pc4``, ``postcode``, ``code``, …). Without
        it the embedded PC4 areas are used, which exist only for Voorschoten.
    code : str, optional
        Name of the postcode column, when it is not one of the usual names.

    Returns
    -------
    Indeling
        Named ``"pc4"``; area codes are the postcodes ("2251"), names "Postcode 2251"
        unless the file has a ``naam`` column. See :func:`indeling_uit_vlakken`.

    Example
    -------
    >>> import wijkscan
    >>> ind = pc4_indeling(wijkscan.load("Voorschoten", bron="ingebouwd"))
    >>> sorted(ind.gebieden.index)
    ['2251', '2252', '2253', '2254']
    """
    if vlakken is None:
        try:
            gdf = embedded.pc4(data.code)
        except (GeenTabel, OnbekendeGemeente) as exc:
            raise OngeldigeInvoer(
                f"Voor {data.naam} zijn geen postcodegebieden ingebouwd (alleen voor Voorschoten). Geef zelf PC4-vlakken "
                "op (in Python: pc4_indeling(data, 'pc4.gpkg'); op de opdrachtregel: --vlakken pc4.gpkg --vlakken-code "
                "postcode)."
            ) from exc
    else:
        gdf = _lees_vlakken(vlakken)
    if gdf.index.name is not None and gdf.index.name not in gdf.columns:
        gdf = gdf.reset_index()
    if code is None:
        lower = {str(c).strip().casefold(): c for c in gdf.columns}
        code = next((lower[k] for k in PC4_KOLOMMEN if k in lower), None)
        if code is None:
            beschikbaar = ", ".join(f"'{c}'" for c in gdf.columns if c != "geometry") or "(geen)"
            raise OngeldigeInvoer(
                f"De PC4-vlakken hebben geen postcodekolom (gezocht: {', '.join(PC4_KOLOMMEN)}). Beschikbare kolommen: "
                f"{beschikbaar}. Geef de kolom op (in Python: pc4_indeling(data, vlakken, code='PC4CODE'); op de "
                "opdrachtregel: --vlakken-code PC4CODE)."
            )
    code = _kolom(gdf, code, "vlakkenlaag", "pc4_indeling(data, vlakken, code='PC4CODE')")
    pc = gpd.GeoDataFrame({"code": gdf[code].map(_tekst)}, geometry=gdf.geometry.to_numpy(), crs=gdf.crs)
    lower = {str(c).strip().casefold(): c for c in gdf.columns}
    if "naam" in lower and lower["naam"] != code:
        pc["naam"] = [_tekst(n) or (f"Postcode {c}" if c else "") for n, c in zip(gdf[lower["naam"]], pc["code"], strict=True)]
    else:
        pc["naam"] = [f"Postcode {c}" if c else "" for c in pc["code"]]
    return indeling_uit_vlakken(data, pc, code="code", naam="naam", indeling_naam="pc4")


# --------------------------------------------------------------------------- names and codes


def zoek_gebieden(gebieden: pd.DataFrame, items: str | list | tuple | pd.Index, wat: str = "gebied") -> list[str]:
    """Area codes for codes or names, compared without case, accents or punctuation.

    ``gebieden`` is indexed by code with a ``naam`` column (``Indeling.gebieden``). A code
    wins over a name; a name that fits several areas, or fits none, raises a Dutch error that
    lists the close names (and the codes to use instead).

    Parameters
    ----------
    gebieden : DataFrame
        The areas: index = code, column ``naam``.
    items : str or list of str
        Codes and/or names.
    wat : str
        What the user gave, for the message (``"aangewezen gebied"``).

    Returns
    -------
    list of str
        The codes, in the order given.

    Example
    -------
    >>> import wijkscan
    >>> ind = cbs_indeling(wijkscan.load("Voorschoten", bron="ingebouwd"), "buurt")
    >>> zoek_gebieden(ind.gebieden, ["bijdorp", "BU06260007", "Noord Hofland"])
    ['BU06260006', 'BU06260007', 'BU06260001']
    >>> zoek_gebieden(ind.gebieden, "Bijdrop")
    Traceback (most recent call last):
    ...
    wijkscan.errors.OngeldigeInvoer: 'Bijdrop' is geen gebied van deze indeling. Bedoelt u: Bijdorp (BU06260006)?
    """
    codes = {_vouw(str(c)): str(c) for c in gebieden.index}
    per_naam: dict[str, list[str]] = {}
    for c, n in gebieden["naam"].items():
        per_naam.setdefault(_vouw(str(n)), []).append(str(c))
    out, fouten = [], []
    for item in [items] if isinstance(items, str) else list(items):
        s, v = str(item).strip(), _vouw(str(item))
        if s in gebieden.index or v in codes:
            out.append(s if s in gebieden.index else codes[v])
        elif len(per_naam.get(v, [])) == 1:
            out.append(per_naam[v][0])
        elif per_naam.get(v):
            fouten.append(f"'{s}' is de naam van {len(per_naam[v])} gebieden ({', '.join(per_naam[v])}); gebruik de code")
        else:
            bijna = difflib.get_close_matches(v, list(per_naam) + list(codes), n=3, cutoff=0.6)
            namen = [f"{gebieden.at[c, 'naam']} ({c})" for b in bijna for c in (per_naam.get(b) or [codes[b]])]
            rest = f" en nog {len(gebieden) - 8} andere" if len(gebieden) > 8 else ""
            hint = f" Bedoelt u: {' of '.join(dict.fromkeys(namen))}?" if namen else \
                f" Kies uit: {', '.join(f'{n} ({c})' for c, n in list(gebieden['naam'].items())[:8])}{rest}."
            fouten.append(f"'{s}' is geen {wat} van deze indeling.{hint}")
    if fouten:
        raise OngeldigeInvoer(" ".join(f if f.endswith((".", "?")) else f + "." for f in fouten))
    return out
