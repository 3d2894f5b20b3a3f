"""wijkscan: wijkanalyse for Dutch gemeenten, from open data, offline when needed.

Example
-------
>>> import wijkscan
>>> vs = wijkscan.load("Voorschoten")          # cache, CBS/PDOK, or the embedded snapshot
>>> vs.tabel("buurt").head()                    # doctest: +SKIP
"""

from importlib import metadata as _metadata

from . import maps
from .areas import Indeling, cbs_indeling, indeling_uit_tabel, indeling_uit_vlakken, pc4_indeling
from .errors import (
    GeenTabel,
    GeenVerbinding,
    OnbekendeGemeente,
    OngeldigAntwoord,
    OngeldigeInvoer,
    WijkscanFout,
)
from .loading import GemeenteData, load
from .maps import drukkaart, kaart
from .model import Wijkprofiel
from .pipeline import wijkanalyse
from .settings import settings
from .sources._cache import clear_cache
from .sources.cbs import kerncijfers
from .sources.gemeenten import gemeente_code
from .sources.meldingen import MeldingenImport, assen_meldingen, lees_meldingen
from .sources.pdok import grenzen

try:
    __version__ = _metadata.version("wijkscan")      # the one place the version is written: pyproject.toml
except _metadata.PackageNotFoundError:                # a source tree that was never installed
    __version__ = "0+onbekend"

__all__ = [
    "GeenTabel",
    "GeenVerbinding",
    "GemeenteData",
    "Indeling",
    "MeldingenImport",
    "OngeldigAntwoord",
    "OngeldigeInvoer",
    "OnbekendeGemeente",
    "WijkscanFout",
    "Wijkprofiel",
    "assen_meldingen",
    "cbs_indeling",
    "clear_cache",
    "drukkaart",
    "gemeente_code",
    "grenzen",
    "indeling_uit_tabel",
    "indeling_uit_vlakken",
    "kaart",
    "kerncijfers",
    "lees_meldingen",
    "load",
    "maps",
    "pc4_indeling",
    "settings",
    "wijkanalyse",
]
