"""Classification and colours shared by the interactive (folium) and the print (matplotlib) maps.

One :class:`Klassen` object decides the class breaks, the colours and the Dutch legend labels,
so the map in the browser and the map on paper always agree.

Palettes are sequential with a clearly different lightness per class (readable when printed in
black and white); the hue follows the indicator's direction:

* ``hoger_slechter`` (more is worse, e.g. misdrijven): orange-red (``OrRd``);
* ``hoger_beter`` (more is better, e.g. waardering): yellow-green-blue (``YlGnBu``);
* ``neutraal``: purple-blue (``PuBu``).

Darker always means a higher value. Missing values ("geen gegevens") are light grey with
hatching, never a class colour.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import OngeldigeInvoer
from ..nlformat import GEEN_GEGEVENS, getal

__all__ = ["GEEN_GEGEVENS_KLEUR", "KLASSEMETHODEN", "KLEIN_KLEUR", "Klassen", "grijswaarde", "helderheid", "klasseer", "palet"]

#: Fill colour of areas without a figure (drawn with hatching on top).
GEEN_GEGEVENS_KLEUR = "#d9d9d9"
#: Fill colour of areas with too few inhabitants for a rate (no class colour, no hatching: not "missing").
KLEIN_KLEUR = "#f2f2f2"
#: Colour of the hatching lines.
ARCERING_KLEUR = "#8c8c8c"

#: Accepted names → (canonical name, Dutch description for the legend).
KLASSEMETHODEN: dict[str, tuple[str, str]] = {
    "quantiles": ("quantiles", "kwantielen: ongeveer evenveel gebieden per klasse"),
    "kwantielen": ("quantiles", "kwantielen: ongeveer evenveel gebieden per klasse"),
    "natural_breaks": ("natural_breaks", "natuurlijke grenzen (Fisher-Jenks): grenzen waar de waarden uiteenvallen"),
    "natuurlijke_grenzen": ("natural_breaks",
                            "natuurlijke grenzen (Fisher-Jenks): grenzen waar de waarden uiteenvallen"),
    "equal_interval": ("equal_interval", "gelijke intervallen: elke klasse even breed"),
    "gelijke_intervallen": ("equal_interval", "gelijke intervallen: elke klasse even breed"),
}

#: Palette per direction; ``"meldingen"`` is used for meldingen layers (so they never look like the indicator).
PALETTEN = {"hoger_slechter": "OrRd", "hoger_beter": "YlGnBu", "neutraal": "PuBu", "meldingen": "RdPu"}


#: Grey levels (0 black … 255 white, ITU-R BT.601 luma) of the lightest and darkest class colour.
GRIJS_LICHT, GRIJS_DONKER = 236.0, 40.0


def grijswaarde(kleur: str) -> float:
    """Grey level (0 black … 255 white) of a colour once printed in black and white (BT.601 luma).

    This is what a newspaper's greyscale conversion keeps of a colour.

    Example
    -------
    >>> grijswaarde("#ffffff"), grijswaarde("#000000")
    (255.0, 0.0)
    """
    from matplotlib import colors

    r, g, b = colors.to_rgb(kleur)
    return round(255 * (0.299 * r + 0.587 * g + 0.114 * b), 3)


def palet(k: int, richting: str = "neutraal") -> list[str]:
    """``k`` hex colours, light to dark, for an indicator with this direction.

    The colours are picked from the colour scale so that their grey levels are evenly spaced between
    :data:`GRIJS_LICHT` and :data:`GRIJS_DONKER`: neighbouring classes stay apart on newsprint and
    from a black-and-white printer (five classes differ by about 49 grey levels of 255).

    Example
    -------
    >>> palet(3, "hoger_slechter")
    ['#fee9ca', '#ee6246', '#860000']
    """
    from matplotlib import colormaps, colors

    cmap = colormaps[PALETTEN.get(richting, PALETTEN["neutraal"])]
    if k <= 0:
        return []
    pos = np.linspace(0.0, 1.0, 2001)
    rgba = cmap(pos)
    grijs = 255 * (rgba[:, 0] * 0.299 + rgba[:, 1] * 0.587 + rgba[:, 2] * 0.114)
    grijs = np.minimum.accumulate(grijs)          # sequential scales darken; guard tiny wiggles
    licht, donker = min(GRIJS_LICHT, float(grijs[0])), max(GRIJS_DONKER, float(grijs[-1]))
    doelen = [(licht + donker) / 2] if k == 1 else np.linspace(licht, donker, k)
    out = []
    for doel in doelen:
        i = min(int(np.searchsorted(-grijs, -doel, side="left")), len(pos) - 1)
        out.append(colors.to_hex(cmap(pos[i])))
    return out


def helderheid(kleur: str) -> float:
    """CIE L* lightness of a colour (0 black … 100 white): what is left of it in black and white.

    Example
    -------
    >>> round(helderheid("#ffffff")), round(helderheid("#000000"))
    (100, 0)
    """
    from matplotlib import colors

    rgb = np.array(colors.to_rgb(kleur))
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    y = float(lin @ np.array([0.2126, 0.7152, 0.0722]))
    return 116 * y ** (1 / 3) - 16 if y > 0.008856 else 903.3 * y


@dataclass(frozen=True)
class Klassen:
    """Class breaks, colours and Dutch legend labels of one map.

    Attributes
    ----------
    methode : str
        ``"quantiles"``, ``"natural_breaks"`` or ``"equal_interval"``.
    beschrijving : str
        Dutch one-liner for the legend ("kwantielen: ongeveer evenveel gebieden per klasse").
    minimum : float
        Lowest value (lower edge of the first class).
    grenzen : tuple of float
        Upper edge of every class (inclusive); class ``i`` holds ``grenzen[i-1] < x <= grenzen[i]``.
    kleuren, labels : tuple of str
        One per class; labels in Dutch number format (``"17,2 – 22,0%"``).
    aantallen : tuple of int
        Number of areas in each class.
    geen_gegevens : int
        Number of areas without a figure.
    decimalen : int
    eenheid : str
    """

    methode: str
    beschrijving: str
    minimum: float
    grenzen: tuple[float, ...]
    kleuren: tuple[str, ...]
    labels: tuple[str, ...]
    aantallen: tuple[int, ...]
    geen_gegevens: int
    decimalen: int
    eenheid: str

    @property
    def k(self) -> int:
        """Number of classes actually used (may be fewer than asked for when values repeat)."""
        return len(self.grenzen)

    def klasse(self, waarden: Iterable[float] | pd.Series) -> np.ndarray:
        """Class index (0 … k-1) of each value; -1 for missing values.

        Example
        -------
        >>> kl = klasseer([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, None], "equal_interval", k=3)
        >>> kl.klasse([1, 6, 12, None]).tolist()
        [0, 1, 2, -1]
        """
        v = pd.to_numeric(pd.Series(list(waarden) if not isinstance(waarden, pd.Series) else waarden,
                                    dtype="object"), errors="coerce").astype(float).to_numpy()
        out = np.full(len(v), -1, dtype=int)
        if self.k == 0:
            return out
        ok = ~np.isnan(v)
        idx = np.searchsorted(np.asarray(self.grenzen), v[ok], side="left")
        out[ok] = np.clip(idx, 0, self.k - 1)
        return out

    def kleur(self, waarde: float | None) -> str:
        """Fill colour of one value (:data:`GEEN_GEGEVENS_KLEUR` when missing)."""
        i = int(self.klasse([waarde])[0])
        return GEEN_GEGEVENS_KLEUR if i < 0 else self.kleuren[i]

    def legenda(self) -> list[tuple[str, str, int]]:
        """``(label, colour, count)`` per class, then ``("geen gegevens", grey, n)`` when there are any."""
        rows = list(zip(self.labels, self.kleuren, self.aantallen, strict=True))
        if self.geen_gegevens or not rows:
            rows.append((GEEN_GEGEVENS, GEEN_GEGEVENS_KLEUR, self.geen_gegevens))
        return rows


def _methode(klassen: str) -> tuple[str, str]:
    key = str(klassen).strip().lower().replace("-", "_").replace(" ", "_")
    if key not in KLASSEMETHODEN:
        raise OngeldigeInvoer(
            f"Onbekende klassenindeling '{klassen}'. Kies 'quantiles' (kwantielen), 'natural_breaks' "
            "(natuurlijke grenzen) of 'equal_interval' (gelijke intervallen).")
    return KLASSEMETHODEN[key]


def _labels(laag: list[float], hoog: list[float], decimalen: int, eenheid: str) -> list[str]:
    """Dutch range labels from the lowest and highest value *in* each class, so two classes never share an
    edge ("15,6 – 22,4" then "22,5 – 25,3"); extra decimals when rounding would make them touch."""
    dec = decimalen
    for _ in range(4):
        lo = [getal(e, dec) for e in laag]
        hi = [getal(e, dec) for e in hoog]
        if all(h != lo_next for h, lo_next in zip(hi, lo[1:], strict=False)):
            break
        dec += 1
    suffix = "%" if eenheid == "%" else ""
    return [f"{a}{suffix}" if a == b else f"{a} – {b}{suffix}" for a, b in zip(lo, hi, strict=True)]


def max_klassen(n: int, k: int) -> int:
    """At most ``k`` classes and never more than a quarter of the ``n`` areas with a figure (at least 1).

    Example
    -------
    >>> max_klassen(4, 5), max_klassen(12, 5), max_klassen(100, 5)
    (1, 3, 5)
    """
    return max(1, min(int(k), int(n) // 4))


def klasseer(
    waarden: Iterable[float] | pd.Series,
    klassen: str = "quantiles",
    k: int = 5,
    *,
    richting: str = "neutraal",
    decimalen: int = 1,
    eenheid: str = "",
) -> Klassen:
    """Classify values for a choropleth with mapclassify; colours and Dutch labels included.

    Parameters
    ----------
    waarden : sequence or Series
        One value per area; NaN/None/NA means "geen gegevens" and gets no class.
    klassen : {"quantiles", "natural_breaks", "equal_interval"}
        Also accepted in Dutch: ``"kwantielen"``, ``"natuurlijke_grenzen"``, ``"gelijke_intervallen"``.
        Natural breaks use Fisher-Jenks (deterministic, optimal).
    k : int
        Number of classes (2–9); fewer are used when there are fewer distinct values.
    richting : {"hoger_slechter", "hoger_beter", "neutraal"}
        Picks the palette (see the module docstring).
    decimalen, eenheid
        How the legend labels are formatted (``eenheid="%"`` appends ``%``).

    Returns
    -------
    Klassen

    Example
    -------
    >>> kl = klasseer([10, 20, 30, 40, 50, 60, 70, 80, None], "quantiles", k=2, decimalen=0)
    >>> kl.labels, kl.geen_gegevens
    (('10 – 40', '50 – 80'), 1)
    """
    import mapclassify

    naam, beschrijving = _methode(klassen)
    if not 2 <= int(k) <= 9:
        raise OngeldigeInvoer(f"Aantal klassen k={k} kan niet: kies 2 tot en met 9.")
    s = pd.Series(list(waarden) if not isinstance(waarden, pd.Series) else waarden, dtype="object")
    v = pd.to_numeric(s, errors="coerce").astype(float).to_numpy()
    v = np.where(np.isfinite(v), v, np.nan)
    ok = v[~np.isnan(v)]
    n_na = int(np.isnan(v).sum())
    uniek = np.unique(ok)
    if len(uniek) == 0:
        return Klassen(naam, beschrijving, float("nan"), (), (), (), (), n_na, decimalen, eenheid)
    kk = min(max_klassen(len(ok), k), len(uniek))
    if kk == 1:
        grenzen = [float(uniek[-1])]
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if naam == "quantiles":
                r = mapclassify.Quantiles(ok, k=kk)
            elif naam == "natural_breaks":
                r = mapclassify.FisherJenks(ok, k=kk)
            else:
                r = mapclassify.EqualInterval(ok, k=kk)
        grenzen = sorted({float(b) for b in r.bins})
        grenzen[-1] = float(ok.max())
    minimum = float(ok.min())
    idx = np.clip(np.searchsorted(np.asarray(grenzen), ok, side="left"), 0, len(grenzen) - 1)
    bezet = sorted(set(idx.tolist()))                    # a class without any area is no class
    grenzen = [grenzen[i] for i in bezet]
    idx = np.clip(np.searchsorted(np.asarray(grenzen), ok, side="left"), 0, len(grenzen) - 1)
    kleuren = palet(len(grenzen), richting)
    laag = [float(ok[idx == i].min()) for i in range(len(grenzen))]
    labels = _labels(laag, [float(ok[idx == i].max()) for i in range(len(grenzen))], decimalen, eenheid)
    aantallen = tuple(int(n) for n in np.bincount(idx, minlength=len(grenzen)))
    return Klassen(naam, beschrijving, minimum, tuple(grenzen), tuple(kleuren), tuple(labels), aantallen, n_na,
                   decimalen, eenheid)
