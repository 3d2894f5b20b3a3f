"""Read meldingen openbare ruimte (MOR) from any MOR system, validate every row, report the rest.

Signalen, Fixi, Mijn Gemeente, BuitenBeter, Topdesk or an own zaaksysteem: each exports
differently. This package reads them all and puts every input row in exactly one of two places:
:attr:`MeldingenImport.meldingen` (accepted; geometry in RD New, EPSG:28992) or
:attr:`MeldingenImport.afgewezen` (rejected, with the row number, the line in the file where known,
the Dutch reason and the original values). Repairs are listed in :attr:`MeldingenImport.aanpassingen`.

One concern per module:

* :mod:`.formaten` — files: CSV/TSV (separator, encoding and header row by content; a broken line
  becomes a rejected row), XLSX/XLS/ODS (the sheet with the data, title rows), GeoJSON (any crs),
  Signalen JSON (export and API shape), GeoPackage, Shapefile (also zipped), gzip;
* :mod:`.kolommen` — which column holds what (headers folded: accents, case, punctuation, units);
* :mod:`.coordinaten` — numbers (decimal comma), RD/WGS84 per row, swapped pairs, the boundary;
* :mod:`.datums` — ISO 8601, Dutch dates, two-digit years, Excel serials, local time;
* :mod:`.gebieden` — an area column (buurt/wijk code or name, stadsdeel, kern) matched to the indeling;
* :mod:`.adressen` — address-only exports geocoded with the PDOK Locatieserver;
* :mod:`.resultaat` — :class:`MeldingenImport` and the Dutch reasons;
* :mod:`.lezen` — :func:`lees_meldingen`, which ties them together, and the embedded Assen data.
"""

from .coordinaten import RD
from .kolommen import KOLOMMEN, kolomtoewijzing
from .lezen import ASSEN_VOLLEDIG_VANAF, assen_meldingen, lees_meldingen
from .resultaat import AANPASSINGEN, GEEN_CATEGORIE, REDENEN, STANDAARD, MeldingenImport

__all__ = [
    "AANPASSINGEN",
    "ASSEN_VOLLEDIG_VANAF",
    "GEEN_CATEGORIE",
    "KOLOMMEN",
    "RD",
    "REDENEN",
    "STANDAARD",
    "MeldingenImport",
    "assen_meldingen",
    "kolomtoewijzing",
    "lees_meldingen",
]
