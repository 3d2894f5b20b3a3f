"""The result of an import: accepted meldingen, rejected rows with their reason, repairs."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from ...nlformat import getal

#: Rejection reasons: code → Dutch text. The first applicable one (in this order) is a row's
#: ``reden``; ``alle_redenen`` lists them all.
REDENEN: dict[str, str] = {
    "kapotte_regel": "regel niet te lezen",
    "voetregel": "totaal- of voetregel, geen melding",
    "geen_coordinaten": "geen coördinaten",
    "ongeldige_coordinaten": "coördinaten zijn geen getal",
    "geen_punt": "geometrie is geen punt",
    "buiten_nederland": "coördinaten liggen niet in (de omgeving van) Nederland",
    "verwisseld": "lat en lon (of x en y) verwisseld (niet hersteld)",
    "buiten_gemeente": "ligt buiten de gemeentegrens",
    "geen_datum": "geen meldingsdatum",
    "ongeldige_datum": "meldingsdatum niet te lezen",
    "onwaarschijnlijke_datum": "meldingsdatum ligt in de toekomst of vóór 2000",
    "dubbel_id": "dubbel meldingnummer",
    "onbekende_categorie": "onbekende categorie",
    "gebied_onbekend": "gebied niet gevonden in de indeling",
    "adres_niet_gevonden": "adres niet gevonden (PDOK Locatieserver)",
}

AANPASSINGEN: dict[str, str] = {
    "latlon_verwisseld": "lat en lon verwisseld; hersteld",
    "xy_verwisseld": "x en y verwisseld; hersteld",
    "rd_in_latlon": "RD-coördinaten (meters) in de lat/lon-kolommen; als RD gelezen",
    "wgs_in_xy": "graden (WGS84) in de x/y-kolommen; als lat/lon gelezen",
    "afgehandeld_onleesbaar": "afhandeldatum niet te lezen; leeg gelaten",
    "afgehandeld_voor_melding": "afhandeldatum ligt vóór de meldingsdatum; leeg gelaten",
    "afgehandeld_toekomst": "afhandeldatum ligt in de toekomst; leeg gelaten (telt niet mee in de afhandeltermijnen)",
    "geen_categorie": "geen categorie; 'geen categorie' ingevuld",
    "formule": "tekst begon met =, +, -, @ of een tab (een spreadsheet zou dat als formule uitvoeren); "
               "er is een ' voor gezet",
    "gebied_uit_kolom": "geen coördinaten; gebied uit de gebiedskolom gehaald",
    "gebied_fuzzy": "gebiedsnaam lijkt op een naam in de indeling; die gebruikt",
    "geocodeerd": "geen coördinaten; adres opgezocht in de PDOK Locatieserver",
    "html": "tekst bevatte HTML-code (zoals een img- of script-tag); die is weggehaald",
    "gemeentebreed": ("geen coördinaten; het gebied is de hele gemeente (geteld voor de gemeente, niet "
                      "toegewezen aan een buurt of wijk)"),
    "postcode": "geen coördinaten en offline; op postcode toegewezen (benadering: de buurt waarvan dit volgens CBS de "
                "meest voorkomende postcode is)",
    "postcode_gemeente": "geen coördinaten en offline; de postcode wijst niet één buurt aan (of ontbreekt): geteld "
                         "voor de hele gemeente, niet toegewezen aan een buurt of wijk",
}

GEEN_CATEGORIE = "geen categorie"
STANDAARD = ["id", "datum", "categorie", "subcategorie", "status", "afgehandeld", "dagen_open"]

# ---------------------------------------------------------------------------------------------
# the result


@dataclass
class MeldingenImport:
    """Result of :func:`lees_meldingen`: accepted meldingen, rejected rows, repairs, and a summary.

    Attributes
    ----------
    meldingen : GeoDataFrame
        Accepted meldingen in RD New (EPSG:28992): ``id, datum, categorie, subcategorie, status,
        afgehandeld, dagen_open, rij`` (+ columns asked for with ``bewaar=``) and ``geometry``.
        ``datum``/``afgehandeld`` are Dutch local time without a zone. ``rij`` is the input row number
        (1 = first data row; in a CSV/XLSX with a header that is line 2).
    afgewezen : DataFrame
        Rejected rows: ``rij, reden, reden_code, alle_redenen`` and the original values.
        Holds the original values (possibly addresses or free text): for internal use only.
    aanpassingen : DataFrame
        Accepted rows that were repaired or changed: ``rij, code, aanpassing``.
    invoer_rijen : int
        Number of input rows; always ``len(meldingen) + len(afgewezen)``.
    gebied_niveau, afhandeldatum_afgeleid, volledig_vanaf
        What the import found out about the rows (the level of the area names, whether the afhandeldatum
        is inferred, from when the export is complete). The analyses read the last two from here when
        given the import (``wijkscan.analysis.meldingenfeiten.meldingen_van``); the GeoDataFrame alone
        does not carry them.
    """

    meldingen: gpd.GeoDataFrame
    afgewezen: pd.DataFrame
    aanpassingen: pd.DataFrame
    invoer_rijen: int
    bron: str
    formaat: str
    kolommen: dict[str, str]
    opmerkingen: list[str] = field(default_factory=list)
    inlezen: dict[str, object] = field(default_factory=dict)
    #: the level most rows were placed at through the area column (``wijk``, ``buurt``), None without one
    gebied_niveau: str | None = None
    #: the afhandeldatum is inferred (not an official status)
    afhandeldatum_afgeleid: bool = False
    #: the first day from which the export is complete (ISO date), when known
    volledig_vanaf: str | None = None

    def __post_init__(self) -> None:
        _controleer_telling(self)

    def redenen(self) -> pd.DataFrame:
        """Rejected rows per reason (Dutch), most frequent first.

        Example
        -------
        >>> from wijkscan.sources.meldingen import lees_meldingen
        >>> imp = lees_meldingen(pd.DataFrame({"lat": [53.0, None], "lon": [6.56, None],
        ...                                    "datum": ["01-06-2026", "01-06-2026"]}))
        >>> imp.redenen().to_dict("records")
        [{'reden': 'geen coördinaten', 'aantal': 1}]
        """
        if self.afgewezen.empty:
            return pd.DataFrame({"reden": pd.Series([], dtype=object), "aantal": pd.Series([], dtype="int64")})
        t = self.afgewezen.groupby("reden_code").size()
        volgorde = [k for k in REDENEN if k in t.index]
        t = t.reindex(volgorde).sort_values(ascending=False, kind="stable")
        return pd.DataFrame({"reden": [REDENEN[k] for k in t.index], "aantal": t.to_numpy()})

    def samenvatting(self) -> str:
        """A short Dutch summary: rows read, accepted, rejected per reason, repairs, notes.

        Example
        -------
        >>> from wijkscan.sources.meldingen import assen_meldingen
        >>> print(assen_meldingen().samenvatting().splitlines()[1])
        3.024 rijen gelezen: 3.024 meldingen geaccepteerd, 0 afgewezen.
        """
        lines = [f"Meldingen uit {self.bron} ({self.formaat})",
                 f"{_aantal(self.invoer_rijen, 'rij', 'rijen')} gelezen: "
                 f"{_aantal(len(self.meldingen), 'melding', 'meldingen')} geaccepteerd, "
                 f"{getal(len(self.afgewezen))} afgewezen."]
        for _, r in self.redenen().iterrows():
            lines.append(f"  afgewezen: {r['reden']}: {getal(r['aantal'])}")
        if not self.aanpassingen.empty:
            for code, n in self.aanpassingen.groupby("code").size().items():
                lines.append(f"  aangepast (wel geaccepteerd): {AANPASSINGEN.get(code, code)}: {getal(n)}")
        if len(self.meldingen):
            lines.append(
                f"Meldingsdatum van {self.meldingen.datum.min():%d-%m-%Y} tot en met "
                f"{self.meldingen.datum.max():%d-%m-%Y}.")
        gebruikt = ", ".join(f"{k} ← {v}" for k, v in self.kolommen.items())
        lines.append(f"Kolommen: {gebruikt}.")
        if self.inlezen:
            namen = {"blad": "werkblad", "scheidingsteken": "scheidingsteken", "codering": "tekstcodering",
                     "kopregel": "kopregel op regel"}
            lines.append("Ingelezen met " + ", ".join(
                f"{namen.get(k, k)} {v!r}" if k != "kopregel" else f"{namen[k]} {getal(v)}"
                for k, v in self.inlezen.items()) + ".")
        lines.extend(f"Let op: {o}" for o in self.opmerkingen)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"<MeldingenImport {self.bron}: {getal(self.invoer_rijen)} rijen, {getal(len(self.meldingen))} "
                f"geaccepteerd, {getal(len(self.afgewezen))} afgewezen, {getal(len(self.aanpassingen))} aangepast>")

    def _repr_html_(self) -> str:
        e = html.escape
        rows = "".join(f"<tr><td>{e(str(r['reden']))}</td><td style='text-align:right'>{getal(r['aantal'])}"
                       "</td></tr>" for _, r in self.redenen().iterrows())
        aanp = ""
        if not self.aanpassingen.empty:
            aanp = "".join(
                f"<tr><td>{e(AANPASSINGEN.get(c, c))}</td><td style='text-align:right'>{getal(n)}</td></tr>"
                for c, n in self.aanpassingen.groupby("code").size().items())
            aanp = f"<p><b>Aangepast</b> (wel geaccepteerd)</p><table>{aanp}</table>"
        cats = ""
        if len(self.meldingen):
            top = self.meldingen.categorie.value_counts().head(8)
            cats = "".join(f"<tr><td>{e(str(k))}</td><td style='text-align:right'>{getal(v)}</td></tr>"
                           for k, v in top.items())
            cats = f"<p><b>Meest gemelde categorieën</b></p><table>{cats}</table>"
        opm = "".join(f"<li>{e(o)}</li>" for o in self.opmerkingen)
        return (
            f"<div><p><b>Meldingen uit {e(self.bron)}</b> ({e(self.formaat)}): {getal(self.invoer_rijen)} rijen, "
            f"<b>{getal(len(self.meldingen))}</b> geaccepteerd, <b>{getal(len(self.afgewezen))}</b> afgewezen.</p>"
            + (f"<p><b>Afgewezen per reden</b></p><table>{rows}</table>" if rows else "")
            + aanp + cats + (f"<ul>{opm}</ul>" if opm else "")
            + "<p><i>.afgewezen bevat de oorspronkelijke waarden: alleen voor intern gebruik.</i></p></div>"
        )


def _aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    return f"{getal(n)} {enkelvoud if n == 1 else meervoud}"


def _controleer_telling(imp: MeldingenImport) -> None:
    if len(imp.meldingen) + len(imp.afgewezen) != imp.invoer_rijen:
        raise AssertionError(
            f"Telling klopt niet: {getal(len(imp.meldingen))} geaccepteerd + {getal(len(imp.afgewezen))} afgewezen "
            f"!= {getal(imp.invoer_rijen)} ingelezen rijen. Dit is een fout in wijkscan; meld het alstublieft."
        )


