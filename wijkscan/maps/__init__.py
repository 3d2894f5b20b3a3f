"""Maps of a wijkanalyse: interactive (folium) for screens, static (matplotlib) for print.

Example
-------
>>> import wijkscan
>>> from wijkscan import maps
>>> wa = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
>>> m = maps.kaart(wa, "leeftijd_65plus_aandeel")                       # doctest: +SKIP
>>> m                                                                    # doctest: +SKIP
>>> maps.weergave(m)            # the same, without internet (Leaflet from the cache)  # doctest: +SKIP
>>> maps.opslaan(m, "maps/voorschoten_65plus.html", inline=True)        # doctest: +SKIP
>>> maps.drukkaart(wa, "leeftijd_65plus_aandeel", "maps/voorschoten_65plus")   # doctest: +SKIP
"""

from ._geo import labelpunten
from .classify import Klassen, grijswaarde, helderheid, klasseer, palet
from .embed import Weergave, iframe_code, opslaan, pagina, soort_kaart, weergave
from .interactive import ACHTERGRONDEN, LAGEN, kaart
from .opties import DrukOpties, KaartOpties
from .static import drukkaart, plaats_namen

__all__ = [
    "ACHTERGRONDEN",
    "LAGEN",
    "DrukOpties",
    "KaartOpties",
    "Klassen",
    "Weergave",
    "drukkaart",
    "grijswaarde",
    "helderheid",
    "iframe_code",
    "kaart",
    "klasseer",
    "labelpunten",
    "opslaan",
    "pagina",
    "palet",
    "plaats_namen",
    "soort_kaart",
    "weergave",
]
