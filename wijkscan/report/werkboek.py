"""The tables of a wijkanalyse as one Excel workbook or as CSV files (``wa.naar_excel``, ``wa.naar_csv``).

An output like the PDF and the maps: it reads the :class:`~wijkscan.model.Wijkprofiel` and rounds
its tables to what the numbers mean (:func:`wijkscan.report.excel.afronden`); it computes nothing.

Example
-------
>>> import wijkscan
>>> from wijkscan.report.werkboek import uitvoertabellen
>>> wa = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
>>> list(uitvoertabellen(wa))[:3]
['overzicht', 'profiel', 'trends']
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .. import tekens
from .excel import afronden, schrijf_csv, schrijf_excel

if TYPE_CHECKING:
    from ..model import Wijkprofiel

__all__ = ["naar_csv", "naar_excel", "uitvoertabellen"]


#: Columns whose empty cell means "not applicable", not a missing figure: a place on a list that an area or an
#: indicator does not get (neutral indicator, area not ranked; the reason is in the column beside it), a contribution
#: that does not count (crime in a centrumgebied). Explained once as "(lege cel)" in the sheet "verklaring".
NIET_VAN_TOEPASSING = ("rang", "rang_laag", "rang_hoog", "kans", "landelijk_rang", "landelijk_rang_laag",
                       "landelijk_rang_hoog", "kans_landelijk", "bijdrage", "aantal_gebieden")


def verklaring(wa: Wijkprofiel | None = None) -> pd.DataFrame:
    """The legend of the signs in the tables (sheet "verklaring" and ``verklaring.csv``): every sign of
    :mod:`wijkscan.tekens` with the same words as the PDF, the maps and index.html."""
    drempel = int(getattr(wa, "drempel_publicatie", 5)) if wa is not None else 5
    min_inw = int(wa.boodschappen.min_inwoners) if wa is not None else 100
    rijen = tekens.legenda([], drempel, min_inw, altijd=[tekens.klein(drempel), *list(tekens.TEKENS)[1:]])
    return pd.DataFrame(rijen, columns=["teken", "betekenis"])


def _onbekend(df: pd.DataFrame, kolommen: list[str] | None = None) -> pd.DataFrame:
    """Missing figures written as a sign, never as an empty cell: "onbekend" (as in the PDF), or "geen gegevens"
    for a column without a single figure (no source, such as a dimension without meldingen or survey).
    ``kolommen`` None: every numeric column except those where empty means "not applicable"."""
    out = df.copy()
    if kolommen is None:
        kolommen = [k for k in out.columns if k not in NIET_VAN_TOEPASSING
                    and (pd.api.types.is_numeric_dtype(out[k]) and not pd.api.types.is_bool_dtype(out[k]))]
    for k in kolommen:
        if k in out.columns and out[k].isna().any():
            teken = tekens.GEEN_GEGEVENS if out[k].isna().all() else tekens.ONBEKEND
            out[k] = out[k].astype(object).where(out[k].notna(), teken)
    return out


def _privacy_tekens(wa: Wijkprofiel) -> dict[str, str]:
    """Area → the sign of its meldingen total hidden for privacy ("<5", "x", "niet gepubliceerd"), read from the
    run's publication table, so a meldingen figure per 1.000 that is not shown says why, as in the CSV."""
    telling = wa.meldingentelling
    if telling is None or wa.indeling.naam not in telling.niveaus:
        return {}
    return tekens.verborgen(telling.tabel(wa.indeling.naam)["totaal"], telling.drempel)


def _met_privacy(kolom: pd.Series, gebieden: pd.Series, privacy: dict[str, str]) -> pd.Series:
    """``kolom`` with the privacy sign of each area (``gebieden``) where its figure is missing."""
    teken = gebieden.astype(str).map(privacy)
    uit = kolom.astype(object)
    return uit.where(~(kolom.isna() & teken.notna()).to_numpy(), teken.to_numpy())


def _overzicht(wa: Wijkprofiel, dec: dict[str, int]) -> pd.DataFrame:
    t = afronden(wa.tabel(), dec)
    privacy = _privacy_tekens(wa)
    kolom = dict(zip(wa.tabel(labels=False).columns, t.columns, strict=True)).get("meldingen_per_1000")
    if privacy and kolom is not None:
        t[kolom] = _met_privacy(t[kolom], pd.Series(t.index.get_level_values(0), index=t.index), privacy)
    return _onbekend(t, list(t.columns))


def _profiel(wa: Wijkprofiel) -> pd.DataFrame:
    """The profile with its signs: a meldingen figure hidden for privacy shows the sign of the publication table
    ("<5", "x", "niet gepubliceerd"), read from the run's one result; other missing values read "onbekend"."""
    p = afronden(wa.profiel, catalogus=wa.catalogus)
    privacy = _privacy_tekens(wa)
    if privacy:
        rij = p.indicator == "meldingen_per_1000"
        p["waarde"] = p.waarde.astype(object)
        p.loc[rij, "waarde"] = _met_privacy(p.waarde[rij], p.gebied[rij], privacy)
    return _onbekend(_onbekend(p, ["waarde"]))


def uitvoertabellen(wa: Wijkprofiel) -> dict[str, pd.DataFrame]:
    """The tables of :func:`naar_excel` and :func:`naar_csv`, rounded to what the numbers mean."""
    cat = wa.catalogus
    dec = {}
    for i, kolom in zip(wa.tabel(labels=False).columns, wa.tabel().columns, strict=True):
        d = int(cat.loc[i, "decimalen"]) if i in cat.index and pd.notna(cat.loc[i, "decimalen"]) else 1
        dec[kolom] = max(d, 1) if i in cat.index and cat.loc[i, "eenheid"] == "%" else d
    tabellen = {
        "overzicht": _overzicht(wa, dec),
        "profiel": _profiel(wa),
        "trends": _onbekend(afronden(wa.trends, catalogus=cat)),
        "signalen": _onbekend(afronden(wa.signalen, catalogus=cat)),
        "aandachtsgebieden": _onbekend(afronden(wa.aandachtsgebieden)),
        "bijdragen": _onbekend(afronden(wa.bijdragen)),
    }
    if wa.vergelijking is not None and len(wa.vergelijking.tabel):
        tabellen["vergelijkbaar"] = _onbekend(afronden(wa.vergelijking.tabel.drop(columns=["decimalen"],
                                                                                   errors="ignore"),
                                                       {"afstand": 2}, catalogus=cat))
        tabellen["vergelijkbare_gebieden"] = _onbekend(afronden(wa.vergelijking.gebieden, {"afstand": 2}))
    return tabellen


def naar_excel(wa: Wijkprofiel, pad: str | Path) -> Path:
    """Write every table to one Excel workbook (one sheet each): number formats, frozen header, filter,
    column widths; no text cell can start a formula (see :mod:`wijkscan.report.excel`)."""
    bladen = uitvoertabellen(wa)
    bladen["meldingen bij invoer"] = wa.rapport()
    bladen["indicatoren"] = afronden(wa.catalogus.reset_index())
    bladen["verklaring"] = verklaring(wa)
    return schrijf_excel(bladen, pad)


def naar_csv(wa: Wijkprofiel, map_: str | Path) -> list[Path]:
    """Write the tables as CSV (``;``, decimal comma, UTF-8 with BOM: opens in Dutch Excel), numbers
    rounded to what they mean, no text cell starting a formula."""
    folder = Path(map_)
    return [schrijf_csv(df, folder / f"{naam}.csv", index=naam == "overzicht")
            for naam, df in {**uitvoertabellen(wa), "verklaring": verklaring(wa)}.items()]
