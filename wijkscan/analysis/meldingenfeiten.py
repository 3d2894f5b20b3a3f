"""What the import knows about the meldingen besides the rows: the one adapter at the public edge.

The meldingen analyses accept a :class:`~wijkscan.sources.meldingen.resultaat.MeldingenImport` (preferred) or a
bare (Geo)DataFrame of meldingen. :func:`meldingen_van` turns either into the rows plus a small
:class:`Meldingenfeiten`; the internal steps take those facts as a parameter (not from ``DataFrame.attrs``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import pandas as pd

from ..sources.meldingen.resultaat import MeldingenImport
from .seizoen import MAANDEN, registratieperiode

__all__ = ["Meldingen", "Meldingenfeiten", "meldingen_van", "zonder_import_tekst"]

#: What a meldingen analysis accepts: the import (preferred) or its GeoDataFrame alone.
Meldingen: TypeAlias = "MeldingenImport | pd.DataFrame"


@dataclass(frozen=True)
class Meldingenfeiten:
    """Facts of the import that the analyses need; unknown (None/False) for a bare table.

    ``volledig_vanaf``: the first day (ISO date) from which the export holds every melding.
    ``afhandeldatum_afgeleid``: the afhandeldatum is inferred, not an official status.
    """

    volledig_vanaf: str | None = None
    afhandeldatum_afgeleid: bool = False
    #: a bare table was given, not the import: the two facts above are unknown, not "no"
    als_tabel: bool = False


def meldingen_van(meldingen: Meldingen) -> tuple[pd.DataFrame, Meldingenfeiten]:
    """The rows and the facts of ``meldingen`` (an import, or a bare table: then nothing is known).

    Example
    -------
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> m, feiten = meldingen_van(assen_meldingen())
    >>> feiten.volledig_vanaf, meldingen_van(m)[1].volledig_vanaf
    ('2026-05-18', None)
    """
    if isinstance(meldingen, MeldingenImport):
        return meldingen.meldingen, Meldingenfeiten(meldingen.volledig_vanaf, meldingen.afhandeldatum_afgeleid)
    return meldingen, Meldingenfeiten(als_tabel=True)


def zonder_import_tekst(meldingen: pd.DataFrame, feiten: Meldingenfeiten, periode_gegeven: bool = False) -> str | None:
    """What is lost when the table (``imp.meldingen``) is passed instead of the import (``imp``), in Dutch.

    None when the import was passed, or when nothing that depends on the lost facts is used (a period was
    given and there is no afhandeldatum). What the data shows is said too: when the meldingen only become
    regular some months after the first one (old or still-open meldingen from before the system went live),
    the note names that month, so the user can choose the period.

    Example
    -------
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> m, feiten = meldingen_van(assen_meldingen(afgehandeld=True).meldingen)
    >>> print(zonder_import_tekst(m, feiten))   # doctest: +NORMALIZE_WHITESPACE
    De meldingen zijn als tabel meegegeven (imp.meldingen), niet als import (imp): daardoor is niet bekend vanaf
    wanneer het bestand volledig is en of de afhandeldatum is afgeleid. Geteld is vanaf de eerste melding
    (30-04-2025), maar het aantal per maand is pas vanaf mei 2026 regelmatig. Geef de import zelf mee:
    wijkscan.wijkanalyse(..., meldingen=imp), of kies de periode met meldingen_periode=(begin, eind).
    """
    if not feiten.als_tabel or "datum" not in meldingen.columns:
        return None
    datum = pd.to_datetime(meldingen["datum"]).dropna()
    afhandel = "afgehandeld" in meldingen.columns and pd.to_datetime(meldingen["afgehandeld"]).notna().any()
    if datum.empty or (periode_gegeven and not afhandel):
        return None
    tekst = ("De meldingen zijn als tabel meegegeven (imp.meldingen), niet als import (imp): daardoor is niet bekend "
             "vanaf wanneer het bestand volledig is" + (" en of de afhandeldatum is afgeleid." if afhandel else "."))
    if not periode_gegeven:
        tekst += f" Geteld is vanaf de eerste melding ({datum.min():%d-%m-%Y})"
        begin = registratieperiode(meldingen).loc["(alle meldingen)", "begin"]
        later = pd.notna(begin) and begin > datum.min().to_period("M")
        tekst += (f", maar het aantal per maand is pas vanaf {MAANDEN[begin.month - 1]} {begin.year} regelmatig."
                  if later else ".")
    return tekst + (" Geef de import zelf mee: wijkscan.wijkanalyse(..., meldingen=imp)"
                    + (", of kies de periode met meldingen_periode=(begin, eind)." if not periode_gegeven else "."))
