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

from .excel import afronden, schrijf_csv, schrijf_excel

if TYPE_CHECKING:
    from ..model import Wijkprofiel

__all__ = ["naar_csv", "naar_excel", "uitvoertabellen"]


#: The signs every output uses, one per meaning (PDF, index, CSV, XLSX); the "verklaring" sheet/CSV lists them.
TEKENS = {
    "<5": "een klein aantal (minder dan de publicatiegrens, meestal 5), niet getoond om niemand herkenbaar te maken",
    "x": "weggelaten zodat een klein aantal elders niet uit het totaal terug te rekenen is",
    "onbekend": "de gegevens geven dit cijfer niet (de reden staat in het rapport van het gebied of in 'meldingen bij "
                "invoer')",
    "geen gegevens": "voor dit gebied of deze periode is er geen bron (bijvoorbeeld geen meldingen ingelezen)",
    "·": "minder dan 100 inwoners: een cijfer per inwoner zegt daar weinig (alleen in het PDF-overzicht en de index)",
}
ONBEKEND = "onbekend"


def verklaring() -> pd.DataFrame:
    """The legend of the signs in the tables (written as sheet "verklaring" and ``verklaring.csv``)."""
    return pd.DataFrame({"teken": list(TEKENS), "betekenis": list(TEKENS.values())})


def _onbekend(df: pd.DataFrame, kolommen: list[str]) -> pd.DataFrame:
    """Missing figures written as the word "onbekend" (as in the PDF), never as an empty cell."""
    out = df.copy()
    for k in kolommen:
        if k in out.columns and out[k].isna().any():
            out[k] = out[k].astype(object).where(out[k].notna(), ONBEKEND)
    return out


def uitvoertabellen(wa: Wijkprofiel) -> dict[str, pd.DataFrame]:
    """The tables of :func:`naar_excel` and :func:`naar_csv`, rounded to what the numbers mean."""
    cat = wa.catalogus
    dec = {}
    for i, kolom in zip(wa.tabel(labels=False).columns, wa.tabel().columns, strict=True):
        d = int(cat.loc[i, "decimalen"]) if i in cat.index and pd.notna(cat.loc[i, "decimalen"]) else 1
        dec[kolom] = max(d, 1) if i in cat.index and cat.loc[i, "eenheid"] == "%" else d
    tabellen = {
        "overzicht": _onbekend(afronden(wa.tabel(), dec), list(wa.tabel().columns)),
        "profiel": _onbekend(afronden(wa.profiel, catalogus=cat), ["waarde"]),
        "trends": afronden(wa.trends, catalogus=cat),
        "signalen": afronden(wa.signalen, catalogus=cat),
        "aandachtsgebieden": afronden(wa.aandachtsgebieden),
        "bijdragen": afronden(wa.bijdragen),
    }
    if wa.vergelijking is not None and len(wa.vergelijking.tabel):
        tabellen["vergelijkbaar"] = afronden(wa.vergelijking.tabel.drop(columns=["decimalen"], errors="ignore"),
                                             {"afstand": 2}, catalogus=cat)
        tabellen["vergelijkbare_gebieden"] = afronden(wa.vergelijking.gebieden, {"afstand": 2})
    return tabellen


def naar_excel(wa: Wijkprofiel, pad: str | Path) -> Path:
    """Write every table to one Excel workbook (one sheet each): number formats, frozen header, filter,
    column widths; no text cell can start a formula (see :mod:`wijkscan.report.excel`)."""
    bladen = uitvoertabellen(wa)
    bladen["meldingen bij invoer"] = wa.rapport()
    bladen["indicatoren"] = afronden(wa.catalogus.reset_index())
    bladen["verklaring"] = verklaring()
    return schrijf_excel(bladen, pad)


def naar_csv(wa: Wijkprofiel, map_: str | Path) -> list[Path]:
    """Write the tables as CSV (``;``, decimal comma, UTF-8 with BOM: opens in Dutch Excel), numbers
    rounded to what they mean, no text cell starting a formula."""
    folder = Path(map_)
    return [schrijf_csv(df, folder / f"{naam}.csv", index=naam == "overzicht")
            for naam, df in {**uitvoertabellen(wa), "verklaring": verklaring()}.items()]
