"""The settings of a map, as one small object: :class:`KaartOpties` (interactive) and :class:`DrukOpties` (print).

:func:`wijkscan.maps.kaart` and :func:`wijkscan.maps.drukkaart` take either such an object or the same names
as keywords (``kaart(wa, "leeftijd_65plus_aandeel", klassen="natural_breaks")``); keywords win.

Example
-------
>>> from wijkscan.maps import KaartOpties
>>> o = KaartOpties(klassen="natural_breaks", achtergrond=None)
>>> o.k, o.achtergrond
(5, None)
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence
from typing import TypeVar

from ..errors import OngeldigeInvoer

__all__ = ["DrukOpties", "KaartOpties"]

FORMATEN = ("png", "svg", "pdf")


@dataclasses.dataclass(frozen=True)
class KaartOpties:
    """Settings of the interactive map (:func:`wijkscan.maps.kaart`).

    Attributes
    ----------
    jaar : int, optional
        Year of the figures (default: the year of the wijkanalyse).
    klassen : {"quantiles", "natural_breaks", "equal_interval"}
        Classification (see :func:`wijkscan.maps.klasseer`); Dutch names are accepted too.
    k : int
        Number of classes.
    achtergrond : {"osm", "pdok", "pdok-grijs", None}
        OpenStreetMap, PDOK BRT-Achtergrondkaart (standaard or grijs), or no background (offline).
    aandachtsgebieden : bool
        Add the aandachtsgebieden layer (computed: red line; designated by the gemeente: dashed blue;
        "let op": orange dots).
    meldingen : True or Meldingenlagen, optional
        Adds the publication-safe meldingen layers. ``True``: the layers the run made from the meldingen of the
        wijkanalyse (``wijkanalyse(..., meldingen=...)``, public and internal, default options); with other options
        or other meldingen, make them first with :meth:`Wijkprofiel.lagen` (``lagen = wa.lagen(meldingen,
        hotspot_permutaties=99)``) and pass that object. The map never counts: when the layers are not there it
        says so in Dutch.
    meldingen_bron : str, optional
        Source named in the attribution (default: from the import, e.g. "Signalen Assen").
    intern : bool
        Also draw every melding as a point. The map then says "alleen voor intern gebruik": never publish it.
    titel : str, optional
        Title in the map (default: the indicator label).
    namen : bool, optional
        Write area names on the map (default: when there are at most 25 areas). Names go by population,
        largest first, as many as fit; the areas the text talks about (the aandachtslijst, the key
        messages) always come first.
    toon : sequence of str
        Layers switched on at opening, from :data:`wijkscan.maps.LAGEN`.
    drempel : int, optional
        Meldingen counts below this are not shown (default: the run's ``drempel_publicatie``, 5).
    zeshoek, warmtecel : float
        Hexagon edge and heatmap cell size in metres.
    hotspot_permutaties : int
        Permutations for the Gi* p-values.
    lagenmenu_open : bool
        Show the layer menu open (True) or as an icon (False, for small embedded maps).
    publiek : bool
        The variant for a public website (a wijkkrant): layer menu as an icon, no aandachtsgebieden
        layer, area names on, a legend that fits a phone, and rates of thinly populated areas not
        coloured (see ``min_inwoners``).
    min_inwoners : int, optional
        Rates, shares and averages of areas with fewer inhabitants get no class colour and do not
        set the class breaks (default: the publication threshold the run stored,
        ``wijkprofiel.boodschappen.min_inwoners``, 100; ``0`` colours every area).
    """

    jaar: int | None = None
    klassen: str = "quantiles"
    k: int = 5
    achtergrond: str | None = "osm"
    aandachtsgebieden: bool = True
    meldingen: object = None
    meldingen_bron: str | None = None
    intern: bool = False
    titel: str | None = None
    namen: bool | None = None
    toon: Sequence[str] = ("indicator", "aandachtsgebieden")
    drempel: int | None = None
    zeshoek: float = 250.0
    warmtecel: float = 200.0
    hotspot_permutaties: int = 999
    lagenmenu_open: bool = True
    publiek: bool = False
    min_inwoners: int | None = None


@dataclasses.dataclass(frozen=True)
class DrukOpties:
    """Settings of the print map (:func:`wijkscan.maps.drukkaart`).

    Attributes
    ----------
    jaar, klassen, k, min_inwoners
        As in :class:`KaartOpties`; the classes are the same as on the interactive map.
    titel : str, optional
        Default: the indicator label.
    aandachtsgebieden : bool
        Outline and hatch computed aandachtsgebieden (solid line, cross-hatching), designated ones
        (dashed line, dots) and "let op" (dotted line): a pattern survives newsprint, a colour does not.
    namen : bool, optional
        Write area names (default: always), by population, largest first, the areas the text talks about
        first. A name that does not fit in its area goes beside it with a leader line; names that find no
        free place are listed under the legend.
    formaten : sequence of {"png", "svg", "pdf"}
    dpi : int
        Resolution of the PNG (300 for print).
    papier : {"auto", "A4-liggend", "A4-staand", "A3-liggend"}
        ``"auto"``: A4 upright for a gemeente taller than wide, else A4 landscape.
    """

    jaar: int | None = None
    klassen: str = "quantiles"
    k: int = 5
    titel: str | None = None
    aandachtsgebieden: bool = True
    namen: bool | None = None
    formaten: Sequence[str] = FORMATEN
    dpi: int = 300
    papier: str = "auto"
    min_inwoners: int | None = None


_O = TypeVar("_O", KaartOpties, DrukOpties)


def met_instellingen(soort: type[_O], opties: _O | None, instellingen: dict[str, object], functie: str) -> _O:
    """``opties`` (or the defaults) with the keywords a caller gave; a Dutch error for an unknown name."""
    velden = [f.name for f in dataclasses.fields(soort)]
    onbekend = [n for n in instellingen if n not in velden]
    if onbekend:
        bedoeld = {n: difflib.get_close_matches(n, velden, n=1) for n in onbekend}
        hint = "".join(f" Bedoelt u '{b[0]}' in plaats van '{n}'?" for n, b in bedoeld.items() if b)
        raise OngeldigeInvoer(f"{functie}() kent de instelling {', '.join(onbekend)} niet.{hint} "
                              f"Mogelijk: {', '.join(velden)}.")
    if opties is not None and not isinstance(opties, soort):
        raise OngeldigeInvoer(f"{functie}() verwacht als opties een {soort.__name__}, geen {type(opties).__name__}.")
    return dataclasses.replace(opties if opties is not None else soort(), **instellingen)  # type: ignore[arg-type]
