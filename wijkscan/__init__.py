"""wijkscan: wijkanalyse for Dutch gemeenten, from open data, offline when needed.

Example
-------
>>> import wijkscan
>>> vs = wijkscan.load("Voorschoten")          # cache, CBS/PDOK, or the embedded snapshot
>>> vs.tabel("buurt").head()                    # doctest: +SKIP
"""

from importlib import import_module as _import_module

# Light modules are imported now; the rest on first use (PEP 562), so that `wijkscan --help` answers at once
# and `import wijkscan` does not load pandas, geopandas and matplotlib before they are needed.
from .errors import (
    GeenTabel,
    GeenVerbinding,
    OnbekendeGemeente,
    OngeldigAntwoord,
    OngeldigeInvoer,
    WijkscanFout,
)
from .settings import settings
from .versie import __version__ as __version__  # the version from the package metadata (pyproject.toml)

#: public name -> the module that defines it
_LUI = {
    "Indeling": ".areas", "cbs_indeling": ".areas", "indeling_uit_tabel": ".areas", "indeling_uit_vlakken": ".areas",
    "pc4_indeling": ".areas", "GemeenteData": ".loading", "load": ".loading", "drukkaart": ".maps", "kaart": ".maps",
    "Wijkprofiel": ".model", "wijkanalyse": ".pipeline", "clear_cache": ".sources._cache",
    "kerncijfers": ".sources.cbs", "gemeente_code": ".sources.gemeenten", "MeldingenImport": ".sources.meldingen",
    "assen_meldingen": ".sources.meldingen", "lees_meldingen": ".sources.meldingen", "grenzen": ".sources.pdok",
    "nederlandse_weergave": ".weergave",
}


def __getattr__(name: str):
    if name == "maps":
        return _import_module(".maps", __name__)
    if name in _LUI:
        value = getattr(_import_module(_LUI[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'wijkscan' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LUI) | {"maps"})


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
    "nederlandse_weergave",
    "pc4_indeling",
    "settings",
    "wijkanalyse",
]
