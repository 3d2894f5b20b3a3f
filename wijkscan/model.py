"""The data model every stage shares: the one result of a run (:class:`Wijkprofiel`).

:class:`~wijkscan.loading.GemeenteData` (what was loaded) and :class:`~wijkscan.areas.Indeling`
(the areas) live with the stage that makes them; this module holds the result of the pipeline
(:mod:`wijkscan.pipeline`), which every output (maps, reports, tables, the CLI) reads and none
recomputes.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from .areas import Indeling
from .errors import OngeldigeInvoer
from .indicators import THEMAS
from .loading import GemeenteData
from .nlformat import getal

if TYPE_CHECKING:
    from .analysis.boodschappen import Boodschappen
    from .analysis.meldingenlagen import Meldingenlagen
    from .analysis.meldingenpatronen import Meldingenpatronen
    from .analysis.meldingentelling import Meldingentelling
    from .analysis.vergelijkbaar import Vergelijking
    from .sources.meldingen import MeldingenImport
    from .sources.survey import EnqueteImport

THEMA_VOLGORDE = list(THEMAS)


@dataclass
class Wijkprofiel:
    """The wijkanalyse of one gemeente for one indeling (buurten, wijken, PC4, own areas).

    Attributes
    ----------
    gemeente : GemeenteData
        What it was computed from (areas, kerncijfers, sources).
    indeling : Indeling
        The areas and how buurten were assigned to them (with its ``rapport``).
    jaar : int
    profiel : DataFrame
        Tidy: area × indicator × year with gemeente, Nederland, index, rank, reason.
    trends : DataFrame
        Change per year of every area × indicator with at least two years.
    signalen : DataFrame
        Plain-Dutch flags with the numbers behind them.
    niet_bepaald : DataFrame
        Signals that could not be evaluated per area, with the reason.
    aandachtsgebieden : DataFrame
        Composite score, rank, status, designated or computed.
    bijdragen : DataFrame
        The contribution of every indicator to every area's score.
    enquete : EnqueteImport or None
        The survey as read, with rejected rows.
    teksten : DataFrame
        "sterke punten" / "te verbeteren" per area.
    catalogus : DataFrame
        The indicator catalogue used.
    meldingen : DataFrame or None
        Publication-safe meldingen counts per area and category (``gebied, categorie,
        aantal, tekst``; hidden counts are NA, ``tekst`` says ``"<5"`` or ``"x"``), when meldingen
        were given; read from ``meldingentelling``.
    meldingen_periode : str
        The period those counts cover: ``"18-05-2026 t/m 08-08-2026"``.
    meldingen_bron : str
        Where the meldingen came from, as the import says (system and how they were read).
    meldingentelling : Meldingentelling or None
        The meldingen assigned once to buurten, every level built from it, and what may be
        published over all levels together (see :mod:`wijkscan.analysis.meldingentelling`).
    meldingenpatronen : Meldingenpatronen or None
        Registration period, seasonal pattern, unusual months, trends per wijk × category and
        handling times of the meldingen, each with its parameters or a Dutch reason why the data
        cannot give it (:mod:`wijkscan.analysis.meldingenpatronen`).
    meldingenlagen : dict of str to Meldingenlagen, or None
        The map layers (hexagons, heat cells, hotspots) made by :meth:`lagen`, per set of options.
    opmerkingen : list of str
        Remarks about the input (e.g. meldingen that fall in no buurt).
    vergelijking : Vergelijking or None
        Every area against the most alike buurten (or wijken) elsewhere in Nederland on the outcome
        indicators, with the comparable areas and the parameters that made it
        (:mod:`wijkscan.analysis.vergelijkbaar`); read by :meth:`vergelijkbaar` and the reports.
    boodschappen : Boodschappen or None
        What the reports, maps and index say, decided in the run with its parameters: "wat valt op",
        signal groups, dimension verdicts, small areas (``min_inwoners``), the attention list
        (:mod:`wijkscan.analysis.boodschappen`).
    meldingen_rangorde : DataFrame or None
        Published meldingen and meldingen per 1.000 inwoners per area, most per 1.000 first, for a summary
        (:func:`wijkscan.analysis.samenvatting.meldingen_rangorde`).
    meldingen_intern : DataFrame or None
        The internal count per area (not suppressed) with inwoners and per 1.000, the gemeente as last row
        (:func:`wijkscan.analysis.samenvatting.meldingen_intern`); never published.
    opmerkingen_soorten : DataFrame or None
        The remarks of :meth:`rapport` with their kind and how often that kind occurs
        (:func:`wijkscan.analysis.samenvatting.opmerkingen_per_soort`).
    """

    gemeente: GemeenteData
    indeling: Indeling
    jaar: int
    profiel: pd.DataFrame
    trends: pd.DataFrame
    signalen: pd.DataFrame
    niet_bepaald: pd.DataFrame
    aandachtsgebieden: pd.DataFrame
    bijdragen: pd.DataFrame
    catalogus: pd.DataFrame
    boodschappen: Boodschappen
    enquete: EnqueteImport | None = None
    teksten: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["gebied", "soort", "tekst"]))
    meldingen: pd.DataFrame | None = None
    meldingen_periode: str = ""
    meldingen_bron: str = ""
    opmerkingen: list[str] = field(default_factory=list)
    drempel_publicatie: int = 5
    meldingentelling: Meldingentelling | None = None
    meldingenlagen: dict[str, Meldingenlagen] | None = None
    meldingenpatronen: Meldingenpatronen | None = None
    vergelijking: Vergelijking | None = None
    meldingen_rangorde: pd.DataFrame | None = None
    meldingen_intern: pd.DataFrame | None = None
    opmerkingen_soorten: pd.DataFrame | None = None

    # --- looking things up -------------------------------------------------------------
    def lagen(self, meldingen: MeldingenImport | gpd.GeoDataFrame | None = None, *, jaar: int | None = None,
              drempel: int = 5, zeshoek: float = 250.0, warmtecel: float = 200.0, hotspot_permutaties: int = 999,
              intern: bool = False) -> Meldingenlagen:
        """The meldingen map layers (:func:`wijkscan.analysis.meldingenlagen.meldingenlagen`, same options), made once.

        The same options give the same layers back without recomputing (kept in ``meldingenlagen``); the run
        makes the default layers (public and internal) once, so a map with default options only reads them.
        """
        from .analysis.meldingenlagen import meldingenlagen

        key = self._lagen_sleutel(jaar, drempel, zeshoek, warmtecel, hotspot_permutaties, intern)
        cached = self.meldingenlagen if isinstance(self.meldingenlagen, dict) else {}
        if meldingen is not None or key not in cached:
            lagen = meldingenlagen(self, meldingen, jaar=jaar, drempel=drempel, zeshoek=zeshoek, warmtecel=warmtecel,
                                   hotspot_permutaties=hotspot_permutaties, intern=intern)
            if meldingen is not None and self.meldingentelling is None:
                return lagen
            cached[key] = lagen
            self.meldingenlagen = cached
        return cached[key]

    def _lagen_sleutel(self, jaar: int | None, drempel: int, zeshoek: float, warmtecel: float,
                       hotspot_permutaties: int, intern: bool) -> str:
        opties = {"jaar": self.jaar if jaar is None else int(jaar), "drempel": drempel, "zeshoek": zeshoek,
                  "warmtecel": warmtecel, "hotspot_permutaties": hotspot_permutaties, "intern": intern}
        return repr(sorted(opties.items()))

    def bewaarde_lagen(self, *, jaar: int | None = None, drempel: int = 5, zeshoek: float = 250.0,
                       warmtecel: float = 200.0, hotspot_permutaties: int = 999,
                       intern: bool = False) -> Meldingenlagen | None:
        """The meldingen map layers made with these options (by the run or by :meth:`lagen`), or None; never
        computes (what the maps read)."""
        key = self._lagen_sleutel(jaar, drempel, zeshoek, warmtecel, hotspot_permutaties, intern)
        return self.meldingenlagen.get(key) if isinstance(self.meldingenlagen, dict) else None

    def vergelijkbaar(self, code: str, n: int | None = None) -> pd.DataFrame:
        """The ``n`` areas elsewhere in Nederland most alike ``code`` in structure, closest first.

        One row per comparable area: ``code, naam, gemeentecode, gemeente, afstand, inwoners``, the
        structure variables and the outcome values (see :mod:`wijkscan.analysis.vergelijkbaar` for the distance).
        Without ``n`` (or with the stored one) it returns what the run stored, which the reports show;
        another ``n`` is searched the same way on request, without changing the result.

        Example
        -------
        >>> import wijkscan
        >>> wa = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
        >>> v = wa.vergelijkbaar("BU06260006", n=3)
        >>> len(v), list(v.columns[:5])
        (3, ['code', 'naam', 'gemeentecode', 'gemeente', 'afstand'])
        """
        if code not in set(self.profiel.gebied):
            raise OngeldigeInvoer(f"Gebied '{code}' hoort niet bij deze wijkanalyse.")
        if self.vergelijking is None:
            raise OngeldigeInvoer("Deze wijkanalyse heeft geen vergelijking met gebieden elders; maak hem opnieuw "
                                  "met wijkscan.wijkanalyse.")
        return self.vergelijking.van(code, n)

    def waarde(self, gebied: str, indicator: str, jaar: int | None = None) -> float:
        """The value of one indicator for one area (NaN when missing)."""
        jaar = self.jaar if jaar is None else jaar
        p = self.profiel
        hit = p[(p.gebied == gebied) & (p.indicator == indicator) & (p.jaar == jaar)].waarde
        return float(hit.iloc[0]) if len(hit) else float("nan")

    def tabel(self, thema: str | None = None, jaar: int | None = None, labels: bool = True) -> pd.DataFrame:
        """Wide table: one row per area, one column per indicator (optionally of one theme)."""
        jaar = self.jaar if jaar is None else jaar
        p = self.profiel[self.profiel.jaar == jaar]
        if thema:
            if thema not in THEMA_VOLGORDE:
                raise OngeldigeInvoer(f"Onbekend thema '{thema}'. Kies uit: {', '.join(THEMA_VOLGORDE)}.")
            p = p[p.thema == thema]
        wide = p.pivot_table(index="gebied", columns="indicator", values="waarde", aggfunc="first", dropna=False)
        order = [i for i in self.catalogus.index if i in wide.columns]
        names = p.drop_duplicates("gebied").set_index("gebied").naam
        wide = wide[order].set_index(pd.MultiIndex.from_arrays([wide.index, names.reindex(wide.index)],
                                                               names=["gebied", "naam"]))
        if labels:
            wide.columns = [self.catalogus.loc[i, "label"] + _unit(self.catalogus.loc[i, "eenheid"]) for i in order]
        wide.columns.name = None
        return wide

    def gebied(self, code: str) -> pd.DataFrame:
        """Profile of one area (its code or name): every indicator with gemeente, Nederland, index, rank, national
        position and trend."""
        from .areas import zoek_gebieden

        code = zoek_gebieden(self.indeling.gebieden, [code])[0]     # a code or a name, case and accents ignored
        p = self.profiel[(self.profiel.gebied == code) & (self.profiel.jaar == self.jaar)]
        t = self.trends[self.trends.gebied == code].set_index("indicator")
        kolommen = ["label", "thema", "eenheid", "waarde", "gemeente", "nederland", "index", "rang", "aantal_gebieden",
                    "landelijk_percentiel", "landelijk", "reden", "bron_detail"]
        out = p.set_index("indicator")[[k for k in kolommen if k in p.columns]]
        out = out.join(t[["eerste_jaar", "laatste_jaar", "per_jaar"]])
        return out

    # --- output: thin entries of the public API; the work is in wijkscan.report.werkboek ----------------
    def naar_excel(self, pad: str | Path) -> Path:
        """Write every table to one Excel workbook (:func:`wijkscan.report.werkboek.naar_excel`)."""
        from .report.werkboek import naar_excel

        return naar_excel(self, pad)

    def naar_csv(self, map_: str | Path) -> list[Path]:
        """Write the tables as CSV for Dutch Excel (:func:`wijkscan.report.werkboek.naar_csv`)."""
        from .report.werkboek import naar_csv

        return naar_csv(self, map_)

    def rapport(self) -> pd.DataFrame:
        """Everything the user should know about the input: indeling, survey, data."""
        rows = [("gegevens", "", o) for o in self.gemeente.opmerkingen]
        rows += [("meldingen", "", o) for o in self.opmerkingen]
        for r in self.indeling.rapport.itertuples():
            rows.append(("indeling", r.buurt, f"{r.kwestie}: {r.detail}"))
        if self.enquete is not None:
            for r in self.enquete.afgewezen.itertuples():
                rows.append(("enquête", f"rij {r.rij}", r.reden))
        return pd.DataFrame(rows, columns=["onderdeel", "wat", "melding"])

    def __repr__(self) -> str:
        from .teksten import aantal

        n_aandacht = int((self.aandachtsgebieden.status == "aandachtsgebied").sum())
        return (f"<Wijkprofiel {self.gemeente.naam} {self.jaar}, indeling '{self.indeling.naam}': "
                f"{aantal(self.profiel.gebied.nunique(), 'gebied', nul='0')}, "
                f"{aantal(self.profiel.indicator.nunique(), 'indicator', nul='0')}, "
                f"{aantal(len(self.signalen), 'signaal', nul='0')}, "
                f"{aantal(n_aandacht, 'aandachtsgebied', nul='0')}>")

    def _repr_html_(self) -> str:
        a = self.aandachtsgebieden.head(10)
        rows = "".join(
            f"<tr><td>{html.escape(str(r.naam))}</td><td>{html.escape(r.gebied)}</td>"
            f"<td style='text-align:right'>{getal(r.score, 2)}</td><td>{html.escape(r.status)}</td>"
            f"<td>{html.escape(r.toelichting)}</td></tr>" for r in a.itertuples())
        sig = "".join(f"<li><b>{html.escape(str(r.naam))}</b>: {html.escape(r.tekst)}</li>"
                      for r in self.signalen.head(12).itertuples())
        notes = "".join(f"<li>{html.escape(r.melding)}</li>" for r in self.rapport().head(10).itertuples())
        return (
            f"<div><h4>Wijkanalyse {html.escape(self.gemeente.naam)} {self.jaar} — "
            f"{html.escape(self.indeling.naam)} ({self.profiel.gebied.nunique()} gebieden)</h4>"
            f"<p><b>Aandachtsgebieden</b> (score: gewogen robuuste z-score, hoger = minder gunstig)</p>"
            f"<table><tr><th>gebied</th><th>code</th><th>score</th><th>status</th><th>vooral door</th></tr>{rows}</table>"
            + (f"<p><b>Meldingen openbare ruimte</b>: {html.escape(self.meldingen_periode)}, toegewezen aan de buurt "
               f"waarin ze liggen ({html.escape(self.meldingentelling.geometrie)}).</p>"
               if self.meldingentelling is not None else "")
            + f"<p><b>Signalen</b> ({len(self.signalen)})</p><ul>{sig}</ul>"
            + (f"<p><b>Let op bij de invoer</b></p><ul>{notes}</ul>" if notes else "") + "</div>"
        )


def _unit(eenheid: str) -> str:
    return f" ({eenheid})" if eenheid and eenheid not in ("aantal",) else ""


__all__ = ["THEMA_VOLGORDE", "Wijkprofiel"]
