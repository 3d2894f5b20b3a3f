"""The national scale of the aandachtsgebieden: shrinkage, standardisation, centres and the cap on one indicator.

Every indicator of the score is put on one scale **before** an area of a gemeente is compared with anything:

1. **Transform**: rates per 1.000 inwoners and the WOZ-waarde on the log scale (twice as much counts the same
   everywhere); other indicators as published.
2. **Shrink** (Empirical Bayes, a reliability weight by size). Rates of counts (crime, uitkeringen) are pulled
   towards the national rate with Marshall's global estimator, ``w = a / (a + b / inwoners)``. Averages and
   shares (WOZ, % koop, ervaren gezondheid, income, survey scores) are pulled towards the national median with
   the normal–normal estimator ``B = τ² / (τ² + σ² / inwoners)``: ``τ²`` is the spread between areas and ``σ²``
   the noise per inhabitant, both fitted on all Dutch areas of the level from how the spread grows as areas get
   smaller (``Var(x | n) = τ² + σ² / n``, fitted over ten size classes with a robust variance per class).
   So a value of an area of 600 inwoners is trusted less than the same value of one of 6.000.
3. **Standardise** against all Dutch areas of the same level (buurten or wijken): ``z = (x − mediaan) /
   (1,4826 × MAD)`` of the shrunk national values of areas with at least ``min_inwoners`` inhabitants,
   clipped to ±3. An indicator the national table does not hold for most areas (survey scores, meldingen,
   income offline) is standardised over the areas of the run instead — only when the run has it for at least
   half of its woongebieden.

:func:`centrumgebied` recognises the centre of a town from the addresses around it, and
:func:`begrens_bijdragen` caps what one indicator can add to a score. Reasons and figures:
``docs/aandachtsgebieden.md``.

Example
-------
>>> n = np.array([300.0, 3000.0])
>>> p = EbParameters(mu=0.0, tau2=1.0, sigma2=600.0)
>>> [round(float(x), 2) for x in p.krimp(np.array([2.0, 2.0]), n)]    # 300 inwoners: pulled half-way
[0.67, 1.67]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["EbParameters", "Schaal", "begrens_bijdragen", "centrumgebied", "eb_parameters", "eenheidsvariantie",
           "log_indicator", "schaal_van"]

#: Indicators compared on the log scale besides the rates.
LOG_INDICATOREN = frozenset({"woz_waarde", "inkomen_per_inwoner"})


def log_indicator(ind: str, is_rate: bool) -> bool:
    """Is this indicator compared on the log scale? (rates and money amounts)."""
    return is_rate or ind in LOG_INDICATOREN


def _transformeer(x: np.ndarray, log: bool, vloer: float) -> np.ndarray:
    if not log:
        return x
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(np.maximum(x, vloer))


@dataclass(frozen=True)
class EbParameters:
    """Normal–normal Empirical Bayes: value ``x`` of an area of ``n`` inwoners is shrunk towards ``mu``."""

    mu: float
    tau2: float
    sigma2: float

    def gewicht(self, n: np.ndarray) -> np.ndarray:
        """Reliability weight ``B = τ² / (τ² + σ²/n)`` (1 = the own value is kept)."""
        if self.sigma2 <= 0:
            return np.ones_like(np.asarray(n, dtype=float))
        with np.errstate(divide="ignore", invalid="ignore"):
            b = self.tau2 / (self.tau2 + self.sigma2 / np.asarray(n, dtype=float))
        return np.where(np.isfinite(b), b, 0.0)

    def krimp(self, x: np.ndarray, n: np.ndarray) -> np.ndarray:
        """The shrunk value ``mu + B (x − mu)``."""
        return self.mu + self.gewicht(n) * (x - self.mu)

    def onzekerheid(self, n: np.ndarray) -> np.ndarray:
        """Posterior standard deviation ``√(B σ²/n)`` of the shrunk value."""
        with np.errstate(divide="ignore", invalid="ignore"):
            v = self.gewicht(n) * self.sigma2 / np.asarray(n, dtype=float)
        return np.sqrt(np.where(np.isfinite(v), v, 0.0))


#: Spread of one dwelling's (log) value around its area's mean, for the averages of the score (an assumption,
#: see docs/aandachtsgebieden.md): WOZ-waarde within a buurt, income between the inhabitants.
LOG_SD_EENHEID = {"woz_waarde": 0.4, "inkomen_per_inwoner": 0.6}
#: Fewer values than this: no Empirical-Bayes fit (no shrinkage).
MIN_EB = 20
#: Mean household size of Nederland 2024: dwellings (households) per inhabitant is its inverse.
PERSONEN_PER_HUISHOUDEN = 2.13


def eenheidsvariantie(ind: str, eenheid: str, per_huishouden: bool, mu: float) -> float:
    """Sampling variance per inhabitant ``σ²`` of a published average or share: ``Var(x) = σ² / inwoners``.

    A share (``%``) is a proportion of dwellings (or of people): binomial, ``p (100 − p)`` per unit, with
    ``p`` the national median; an average on the log scale has the unit spread of :data:`LOG_SD_EENHEID`.
    Units per inhabitant: ``1 / 2,13`` for dwellings or households, 1 for people. Other indicators (distances,
    computed for every address; survey scores without respondent counts) have no sampling variance here (0).

    Example
    -------
    >>> round(eenheidsvariantie("koopwoningen_aandeel", "%", True, 73.0))
    4198
    """
    eenheden = 1 / PERSONEN_PER_HUISHOUDEN if per_huishouden else 1.0
    if ind in LOG_SD_EENHEID:
        return LOG_SD_EENHEID[ind] ** 2 / eenheden
    if eenheid == "%" and np.isfinite(mu):
        p = float(np.clip(mu, 1, 99))
        return p * (100 - p) / eenheden
    return 0.0


def eb_parameters(x: np.ndarray, n: np.ndarray, sigma2: float, groot: float = 1000) -> EbParameters:
    """Between-area variance ``τ²`` by the method of moments, given the sampling variance ``σ²/n``.

    ``τ² = Var(x) − mean(σ²/n)`` over the areas of at least ``groot`` inhabitants (robust variance:
    (1,4826 · MAD)²; at least 5 % of it), ``mu`` the median of all. With fewer than :data:`MIN_EB` values
    (an indicator only the run has, in a small gemeente) the spread cannot be estimated: no shrinkage.

    Example
    -------
    >>> rng = np.random.default_rng(1)
    >>> n = np.exp(rng.uniform(np.log(100), np.log(10000), 20000))     # sizes like Dutch buurten
    >>> x = rng.normal(0, 1, n.size) + rng.normal(0, np.sqrt(2000 / n))   # τ² = 1, σ² = 2.000
    >>> round(eb_parameters(x, n, 2000.0).tau2, 1)
    0.9
    """
    ok = np.isfinite(x) & np.isfinite(n) & (n > 0)
    x, n = x[ok], n[ok]
    if len(x) < MIN_EB:
        return EbParameters(float(np.median(x)) if len(x) else np.nan, 0.0, 0.0)
    mu = float(np.median(x))
    g = n >= groot if (n >= groot).sum() >= 10 else np.ones(len(n), bool)
    totaal = (1.4826 * float(np.median(np.abs(x[g] - np.median(x[g]))))) ** 2 or float(np.var(x[g]))
    tau2 = max(totaal - float(np.mean(sigma2 / n[g])), 0.05 * totaal)
    return EbParameters(mu, tau2, float(sigma2))


@dataclass(frozen=True)
class Schaal:
    """How one indicator is made comparable: transform, shrinkage, and (national) centre and scale."""

    indicator: str
    rate: bool                    # a count per 1.000 inwoners (Poisson; Marshall EB)
    log: bool
    landelijk: bool               # centre and scale from all Dutch areas of the level
    eb: EbParameters | None       # averages and shares
    b: float = np.nan             # rates: national rate per inwoner
    a: float = 0.0                # rates: between-area variance (Marshall)
    centrum: float = np.nan
    schaal: float = np.nan
    vloer: float = 1e-6           # smallest value on the log scale

    def rate_gewicht(self, n: np.ndarray) -> np.ndarray:
        """Marshall's weight of the own rate."""
        with np.errstate(divide="ignore", invalid="ignore"):
            w = np.where(self.a > 0, self.a / (self.a + self.b / n), 0.0)
        return np.where(np.isfinite(w), w, 0.0)

    def krimp_rate(self, aantal: np.ndarray, n: np.ndarray) -> np.ndarray:
        """Smoothed rate per 1.000 from counts: ``w·r + (1 − w)·b``."""
        with np.errstate(divide="ignore", invalid="ignore"):
            r = aantal / n
        w = self.rate_gewicht(n)
        return 1000.0 * (w * r + (1 - w) * self.b)

    def naar_schaal(self, waarde: np.ndarray) -> np.ndarray:
        """Published (or smoothed) value → the transformed scale."""
        return _transformeer(np.asarray(waarde, dtype=float), self.log, self.vloer)

    def z(self, t: np.ndarray) -> np.ndarray:
        """Transformed, shrunk value → robust z against the national distribution (clipped to ±3)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            z = (t - self.centrum) / self.schaal
        return np.clip(z, -3, 3)


def _rate_parameters(waarde: np.ndarray, n: np.ndarray) -> tuple[float, float]:
    """Marshall's global EB over all areas: national rate ``b`` and between-area variance ``a`` (per inwoner)."""
    ok = np.isfinite(waarde) & (n > 0)
    if not ok.any():
        return np.nan, 0.0
    r, nn = waarde[ok] / 1000.0, n[ok]
    b = float((r * nn).sum() / nn.sum())
    s2 = float((nn * (r - b) ** 2).sum() / nn.sum())
    return b, max(s2 - b / nn.mean(), 0.0)


def schaal_van(ind: str, waarde: np.ndarray, n: np.ndarray, rate: bool, landelijk: bool,
               min_inwoners: float, eenheid: str = "", per_huishouden: bool = False) -> Schaal:
    """The scale of one indicator from the values of a reference (all Dutch areas, or the areas of a run).

    ``waarde`` and ``n`` (inwoners) are the reference's; areas under ``min_inwoners`` do not shape it.
    """
    waarde = np.asarray(waarde, dtype=float)
    n = np.asarray(n, dtype=float)
    groot = np.isfinite(waarde) & (n >= min_inwoners)
    log = log_indicator(ind, rate)
    pos = waarde[groot & (waarde > 0)]
    vloer = float(pos.min() / 2) if log and len(pos) else 1e-6
    if rate:
        b, a = _rate_parameters(waarde[groot], n[groot])
        s = Schaal(ind, True, log, landelijk, None, b=b, a=a, vloer=vloer)
        t = s.naar_schaal(s.krimp_rate(waarde[groot] * n[groot] / 1000.0, n[groot]))
    else:
        t0 = _transformeer(waarde[groot], log, vloer)
        mu = float(np.median(t0)) if len(t0) else np.nan
        eb = eb_parameters(t0, n[groot], eenheidsvariantie(ind, eenheid, per_huishouden, mu))
        s = Schaal(ind, False, log, landelijk, eb, vloer=vloer)
        t = eb.krimp(t0, n[groot])
    t = t[np.isfinite(t)]
    if not len(t):
        return s
    mediaan = float(np.median(t))
    mad = 1.4826 * float(np.median(np.abs(t - mediaan)))
    schaal = mad if mad > 0 else float(np.std(t, ddof=1)) if len(t) > 1 else 1.0
    return Schaal(s.indicator, s.rate, s.log, landelijk, s.eb, s.b, s.a, mediaan, schaal if schaal > 0 else 1.0,
                  vloer)


def centrumgebied(adressen: np.ndarray, supermarkt: np.ndarray, groep: np.ndarray, aandeel: float, minimum: float,
                  max_supermarkt: float) -> np.ndarray:
    """Is an area the centre of its town? Addresses near the densest of its gemeente, and shops close by.

    The omgevingsadressendichtheid counts **all** addresses within 1 km — shops, offices, cafés and dwellings —
    so it peaks where a town is busiest. An area counts as *centrumgebied* when its figure is at least
    ``aandeel`` (85 %) of the highest of the areas of its gemeente (``groep``) and at least ``minimum``
    (1.000 addresses per km², CBS "matig stedelijk" or more), and a large supermarket is at most
    ``max_supermarkt`` km away (0,5; when the distance is unknown, the addresses decide alone). The distance
    separates the shopping centre from a dense residential buurt beside it (Voorschoten: Centrum 0,2 km,
    Noord-Hofland — even more addresses around it — 0,6 km).

    Example
    -------
    >>> centrumgebied(np.array([2300.0, 1300, 2000, 2200]), np.array([0.2, 0.3, np.nan, 0.8]), np.array(["a"] * 4),
    ...               0.85, 1000, 0.5).tolist()
    [True, False, True, False]
    """
    adressen = np.asarray(adressen, dtype=float)
    supermarkt = np.asarray(supermarkt, dtype=float)
    hoogste = pd.Series(adressen).groupby(np.asarray(groep)).transform("max").to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        dicht = np.isfinite(adressen) & (adressen >= aandeel * hoogste) & (adressen >= minimum)
        return dicht & ~(supermarkt > max_supermarkt)


def begrens_bijdragen(c: np.ndarray, aandeel: float, min_indicatoren: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Cap the unfavourable contributions so that none is more than ``aandeel`` of their (capped) total.

    ``c`` holds contributions along the last axis (NaN = no figure). The total ``P`` of the positive
    contributions solves ``P = Σ min(c_j, aandeel · P)`` (at most ``⌈1/aandeel⌉ − 1`` contributions are capped);
    favourable (negative) contributions are kept. With fewer than ``min_indicatoren`` figures the cap is not
    applied (one third of a score cannot be met with two indicators). Returns the capped contributions and
    whether anything was capped, per area.

    Example
    -------
    >>> capped, begrensd = begrens_bijdragen(np.array([[2.0, 0.5, 0.5, -0.2]]), 1 / 3)
    >>> [round(float(x), 2) for x in capped[0]], bool(begrensd[0])
    ([0.5, 0.5, 0.5, -0.2], True)
    """
    c0 = np.nan_to_num(c, nan=0.0)
    pos = np.maximum(c0, 0.0)
    orde = -np.sort(-pos, axis=-1)
    top = np.cumsum(orde, axis=-1)
    totaal = top[..., -1] if orde.shape[-1] else np.zeros(c.shape[:-1])
    max_m = min(int(np.ceil(1 / aandeel - 1e-9)) - 1 if aandeel < 1 else 0, orde.shape[-1])
    p = np.full(totaal.shape, np.nan)
    for m in range(max_m, -1, -1):            # the valid m with the fewest capped contributions wins
        pm = (totaal - (top[..., m - 1] if m else 0.0)) / (1 - m * aandeel)
        ok = np.ones(totaal.shape, bool) if m == 0 else orde[..., m - 1] >= aandeel * pm - 1e-12
        if m < orde.shape[-1]:
            ok &= orde[..., m] <= aandeel * pm + 1e-12
        p = np.where(ok, pm, p)
    genoeg = (~np.isnan(c)).sum(axis=-1) >= min_indicatoren
    grens = np.where(genoeg & np.isfinite(p), aandeel * p, np.inf)[..., None]
    capped = np.where(c0 > grens, grens, c)
    return capped, (capped < np.nan_to_num(c, nan=-np.inf) - 1e-12).any(axis=-1)
