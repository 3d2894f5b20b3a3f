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

__all__ = ["Meldingen", "Meldingenfeiten", "meldingen_van"]

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
    return meldingen, Meldingenfeiten()
