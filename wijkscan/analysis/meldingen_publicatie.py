"""What meldingen may be published, and the internal point layer (stage: publication).

Part of :mod:`wijkscan.analysis.meldingen`. Every published table, map layer and PDF figure of
meldingen comes from :class:`wijkscan.analysis.meldingentelling.Meldingentelling`
(``wa.meldingentelling.tabel("wijk")``): counted once, and suppressed for all levels together
(:mod:`wijkscan.analysis.privacy`, with its exact audit). There is deliberately no function that
suppresses one table on its own: a table suppressed alone could be combined with another table of
the same meldingen (a wijk total minus its shown buurten) to work a hidden count back.
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import pandas as pd

from ..errors import OngeldigeInvoer

GEBRUIK_INTERN = "alleen voor intern gebruik"

#: Columns a published table may be split by. Everything else (free text, addresses, reporter
#: details, ids, exact times) never reaches a published output.
PUBLICEERBARE_KOLOMMEN = ("categorie", "subcategorie")

__all__ = ["GEBRUIK_INTERN", "PUBLICEERBARE_KOLOMMEN", "interne_puntenlaag"]


def interne_puntenlaag(
    meldingen: gpd.GeoDataFrame,
    velden: Sequence[str] = ("datum", "categorie", "subcategorie"),
) -> gpd.GeoDataFrame:
    """Meldingen as exact points — **for internal use only** (never for a wijkkrant or website).

    The output has a column ``gebruik`` = ``"alleen voor intern gebruik"`` (it travels along into any
    file written from it) and the same text in ``attrs["gebruik"]``. Dates become text
    (``2026-08-08 09:26``). Addresses or free text are only included when named in ``velden``.

    Example
    -------
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> p = interne_puntenlaag(assen_meldingen().meldingen)
    >>> p["gebruik"].iloc[0]
    'alleen voor intern gebruik'
    """
    ontbreekt = [v for v in velden if v not in meldingen.columns]
    if ontbreekt:
        raise OngeldigeInvoer(f"Kolom(men) {', '.join(ontbreekt)} staan niet in de meldingen.")
    laag = gpd.GeoDataFrame(meldingen[list(velden)].copy(), geometry=meldingen.geometry.to_numpy(),
                            crs=meldingen.crs)
    for kolom in laag.columns:
        if kolom != laag.geometry.name and pd.api.types.is_datetime64_any_dtype(laag[kolom]):
            laag[kolom] = laag[kolom].dt.strftime("%Y-%m-%d %H:%M")   # text, so .to_json() works too
    laag["gebruik"] = GEBRUIK_INTERN
    laag.attrs = {"gebruik": GEBRUIK_INTERN}
    return laag
