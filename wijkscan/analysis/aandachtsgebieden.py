"""Aandachtsgebieden: scored against the whole country, per dimension, with small areas and centres handled.

Method (reasons and figures in ``docs/aandachtsgebieden.md``):

1. **Indicators per dimension.** Each indicator belongs to one dimension (sociaal-economisch, veiligheid,
   leefbaarheid, beleving, voorzieningen; :mod:`wijkscan.analysis.dimensies`) with a weight and a direction.
   An indicator that the run has for fewer than half of its woongebieden (``min_aandeel_gemeente``) does not
   enter the ranking, and ``indicatoren_niet_meegeteld`` says so.
2. **One national scale** (:mod:`wijkscan.analysis.aandachtsschaal`): every indicator is shrunk towards the
   national value with a reliability weight by size (Empirical Bayes: Marshall for rates, normal–normal for
   averages and shares) and standardised against **all Dutch buurten (or wijken) of the level** — robust z,
   positive = less favourable, clipped to ±3. Indicators without national figures are standardised over the
   areas of the run.
3. **Dimension scores, then a composite**; no single indicator supplies more than a third
   (``max_aandeel_indicator``) of an area's unfavourable score (a cap). In a **centrumgebied** — an area whose
   adressendichtheid is near the highest of its gemeente: shops, offices, cafés — crime per inwoner does not
   count (it follows the visitors), and the toelichting says so.
4. **Who can be designated**: a *woongebied* (at least ``min_inwoners_aanwijzing`` inwoners, not an institution,
   not a mostly non-residential area). Only woongebieden get a place (``rang``, ties marked *gedeeld*); the
   others are *niet gerangschikt* with the reason (``rang_tekst``).
5. **Two tiers**: *aandachtsgebied binnen de gemeente* (composite at least ``drempel`` above the gemeente's
   typical woongebied, with a residential dimension at least ``drempel_dimensie`` above it) and
   *aandachtsgebied landelijk* (among the least favourable ``landelijk_aandeel`` (10 %) of the Dutch
   woongebieden of the level). Both come with a rank interval over ``trekkingen`` draws (counts from their
   Poisson uncertainty, averages from their shrinkage uncertainty, weights varied) and *zeker* /
   *twijfelgeval*.
6. **Large areas**: a designated or high-scoring area of at least ``groot_gebied`` inwoners gets a sentence that
   a concentration in a few streets can hide in its average (``groot_gebied``); designations may be polygons
   that touch part of an area (``aangewezen_deel``).

Areas the gemeente designates itself (``aangewezen``) never change the computed result;
:func:`vergelijk_met_aangewezen` says in plain Dutch how well the two agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import OngeldigeInvoer
from ..nlformat import getal
from ..teksten import in_zin
from .aandachtsschaal import Schaal, begrens_bijdragen, centrumgebied, schaal_van
from .dimensies import ALLEEN_VERSTERKEND, DIMENSIES, STANDAARD, VEREIST, dimensie_label

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["DIMENSIES", "STANDAARD", "Instellingen", "aangewezen_gebieden", "bereken_aandachtsgebieden",
           "eb_gladstrijken", "ingebouwde_referentie", "landelijk_vergelijkbaar", "landelijke_referentie",
           "referentie_voor",
           "robuuste_z", "vergelijk_met_aangewezen"]

#: Fallback dimension of an indicator by its Bijlage C theme (own catalogue rows without ``dimensie``).
THEMA_DIMENSIE = {"Demografie": "sociaal_economisch", "Wonen": "sociaal_economisch", "Veiligheid": "veiligheid",
                  "Openbare ruimte": "leefbaarheid", "Sociale cohesie": "beleving", "Voorzieningen": "voorzieningen"}

ZEKER = 0.8          # share of draws that must agree for "zeker"
#: Fewer inhabitants than this: scored, but never designated nor ranked (see docs/aandachtsgebieden.md).
MIN_INWONERS_AANWIJZING = 500
#: Share of the inhabitants outside private households from which an area counts as an institution.
MAX_INSTITUTIONEEL = 0.5
#: CBS "mate van stedelijkheid" 1-3 = at least 1.000 addresses per km² around the addresses of the area.
STEDELIJK_TOT_KLASSE = 3
#: Below this many inhabitants per km² an area in an urban setting is mostly not housing.
MIN_DICHTHEID_STEDELIJK = 1000
#: An indicator of a reference table counts as national when at least this share of its areas has it.
MIN_DEKKING_LANDELIJK = 0.5
#: Draws × areas × indicators kept in memory at once; a run of many areas (all of Nederland) gets fewer draws.
MAX_ELEMENTEN = 4_000_000


@dataclass(frozen=True)
class Instellingen:
    """The settings of the aandachtsgebieden, with their defaults (reasons in ``docs/aandachtsgebieden.md``).

    Example
    -------
    >>> Instellingen().max_aandeel_indicator, Instellingen(drempel=1.0).drempel
    (0.3333333333333333, 1.0)
    """

    drempel: float = 0.75                 # composite above the gemeente's typical woongebied: binnen de gemeente
    drempel_let_op: float = 0.4
    drempel_dimensie: float = 0.5         # a residential dimension at least this far above the gemeente
    min_inwoners: float = 100             # below: no statement ("te weinig inwoners")
    min_dekking: float = 0.5              # share of the weight that must have figures
    min_aandeel_gemeente: float = 0.5     # an indicator needs figures for this share of the woongebieden
    max_aandeel_indicator: float = 1 / 3  # cap: no indicator supplies more of an area's score
    landelijk_aandeel: float = 0.10       # least favourable share of Dutch woongebieden: aandachtsgebied landelijk
    alleen_versterkend: tuple[str, ...] = ALLEEN_VERSTERKEND
    vereist: tuple[str, ...] = VEREIST
    vereist_vanaf: float = np.inf
    trekkingen: int = 400
    gewicht_spreiding: float = 0.3
    seed: int = 20241
    min_inwoners_aanwijzing: float = MIN_INWONERS_AANWIJZING
    max_institutioneel: float = MAX_INSTITUTIONEEL
    centrum_aandeel: float = 0.85         # adressendichtheid against the highest of the gemeente
    centrum_min_adressen: float = 1000    # addresses per km² (CBS: at least "matig stedelijk")
    centrum_max_supermarkt: float = 0.5   # km to a large supermarket: shops close by
    groot_gebied: float = 5000            # inwoners from which a concentration can hide in the average


def _instellingen(instellingen: Instellingen | None, losse: Mapping[str, Any]) -> Instellingen:
    """Settings from an :class:`Instellingen` and/or single keywords (``drempel=0.5``), checked."""
    st = instellingen or Instellingen()
    namen = {f.name for f in fields(Instellingen)}
    onbekend = sorted(set(losse) - namen)
    if onbekend:
        wat = "Onbekende instelling" if len(onbekend) == 1 else "Onbekende instellingen"
        raise OngeldigeInvoer(f"{wat} voor de aandachtsgebieden: {', '.join(onbekend)}. "
                              f"Kies uit {', '.join(sorted(namen))}.")
    return replace(st, **losse) if losse else st


def robuuste_z(values: pd.Series) -> pd.Series:
    """Robust z-score: (x − median) / (1.4826 · MAD), clipped to ±3; sd when MAD is 0.

    Example
    -------
    >>> robuuste_z(pd.Series([1.0, 2.0, 3.0, 4.0, 100.0])).round(2).tolist()
    [-1.35, -0.67, 0.0, 0.67, 3.0]
    """
    x = values.astype(float)
    z = _robuuste_z(x.to_numpy()[None, :], np.ones(len(x), dtype=bool))[0]
    return pd.Series(z, index=x.index)


def _robuuste_z(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Row-wise robust z of ``x`` (draws × areas) with centre and scale from the ``mask`` columns."""
    ref = np.where(mask[None, :], x, np.nan)
    with np.errstate(all="ignore"), _stil():
        med = np.nanmedian(ref, axis=1, keepdims=True)
        mad = 1.4826 * np.nanmedian(np.abs(ref - med), axis=1, keepdims=True)
        sd = np.nanstd(ref, axis=1, ddof=1, keepdims=True)
    scale = np.where((mad > 0) & np.isfinite(mad), mad, sd)
    with np.errstate(all="ignore"):
        z = np.where((scale > 0) & np.isfinite(scale), (x - med) / scale, 0.0)
    return np.clip(np.where(np.isnan(x), np.nan, z), -3, 3)


class _stil:
    """Silence numpy's 'All-NaN slice' / 'Degrees of freedom' warnings (an empty column is NA, fine)."""

    def __enter__(self):
        import warnings

        self._w = warnings.catch_warnings()
        self._w.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)

    def __exit__(self, *exc):
        self._w.__exit__(*exc)


def eb_gladstrijken(aantal: np.ndarray, inwoners: np.ndarray) -> np.ndarray:
    """Global Empirical-Bayes smoothed rates (Marshall 1991), per inhabitant, row by row.

    ``aantal`` may be 1-D (areas) or 2-D (draws × areas); NaN entries are left out of the
    gemeente rate and stay NaN. The smoothed rate of an area is ``w·r + (1 − w)·b`` with ``b`` the
    gemeente rate and ``w = a / (a + b / inwoners)``: the between-area variance ``a`` against the
    Poisson noise of the area. Small areas get a small ``w``.

    Example
    -------
    >>> r = eb_gladstrijken(np.array([5.0, 50.0, 60.0, 40.0]), np.array([100.0, 5000.0, 5000.0, 5000.0]))
    >>> [round(float(x), 1) for x in 1000 * r[:2]]   # 50 per 1.000 in 100 people: pulled towards ~10
    [13.9, 10.0]
    """
    a2 = np.atleast_2d(np.asarray(aantal, dtype=float))
    n = np.broadcast_to(np.asarray(inwoners, dtype=float), a2.shape)
    ok = ~np.isnan(a2) & (n > 0)
    a0 = np.where(ok, a2, 0.0)
    n0 = np.where(ok, n, 0.0)
    tot_n = n0.sum(axis=1, keepdims=True)
    with np.errstate(all="ignore"):
        r = np.where(ok, a2 / n, np.nan)
        b = a0.sum(axis=1, keepdims=True) / tot_n
        mean_n = tot_n / ok.sum(axis=1, keepdims=True)
        s2 = np.where(ok, n * (r - b) ** 2, 0.0).sum(axis=1, keepdims=True) / tot_n
        a = np.maximum(s2 - b / mean_n, 0.0)
        w = np.where(a > 0, a / (a + b / n), 0.0)
    out = np.where(ok, w * r + (1 - w) * b, np.nan)
    return out[0] if np.ndim(aantal) == 1 else out


def _indicatorset(catalogus: pd.DataFrame, gewichten, richtingen, dimensie_van) -> dict[str, tuple[str, float, str]]:
    """indicator -> (dimension, weight, direction), checked."""
    richtingen = dict(richtingen or {})
    dimensie_van = dict(dimensie_van or {})
    for key, value in richtingen.items():
        if key not in catalogus.index:
            raise OngeldigeInvoer(f"Onbekende indicator '{key}' in richtingen. Gebruik de id's uit "
                                  "wijkscan.indicators.catalogus().")
        if value not in ("hoger_beter", "hoger_slechter"):
            raise OngeldigeInvoer(f"Richting '{value}' voor {key} is onbekend. Kies 'hoger_beter' of 'hoger_slechter'.")
    cat_dim = catalogus["dimensie"] if "dimensie" in catalogus.columns else pd.Series("", index=catalogus.index)
    if gewichten is None:
        spec = {k: v for k, v in STANDAARD.items() if k in catalogus.index}
        # indicators an own catalogue assigns to a dimension join with weight 1 (e.g. crime by type)
        for ind, dim in cat_dim.items():
            if dim and ind not in spec and catalogus.loc[ind, "richting"] != "neutraal":
                spec[ind] = (dim, 1.0, catalogus.loc[ind, "richting"])
        weights = {k: v[1] for k, v in spec.items()}
    else:
        unknown = [k for k in gewichten if k not in catalogus.index]
        if unknown:
            wat = "Onbekende indicator" if len(unknown) == 1 else "Onbekende indicatoren"
            raise OngeldigeInvoer(f"{wat} in de gewichten: {', '.join(unknown)}. "
                                  "Gebruik de id's uit wijkscan.indicators.catalogus().")
        weights = {k: float(w) for k, w in gewichten.items()}
    out = {}
    for ind, w in weights.items():
        if not w or w <= 0:
            continue
        std = STANDAARD.get(ind)
        dim = dimensie_van.get(ind) or (cat_dim.get(ind) or "") or (std[0] if std else "") \
            or THEMA_DIMENSIE.get(catalogus.loc[ind, "thema"], "")
        richting = richtingen.get(ind) or (std[2] if std else catalogus.loc[ind, "richting"])
        if richting == "neutraal":
            raise OngeldigeInvoer(f"Indicator {ind} heeft geen richting (neutraal); geef er een op via richtingen=.")
        out[ind] = (dim, float(w), richting)
    return out


def _is_rate(ind: pd.Series) -> bool:
    """A count per 1.000 inwoners: its noise is Poisson and it is smoothed."""
    return ind.aggregatie == "verhouding" and ind.noemer == "AantalInwoners" and float(ind.factor) == 1000.0


def _groepen(areas: pd.Index) -> np.ndarray:
    """The gemeente of every area from its CBS code (``BU0626…``, ``WK0626…``); one group for other areas."""
    codes = pd.Series(np.asarray(areas, dtype=str))
    cbs = codes.str.match(r"^(BU|WK)\d{4}")
    return np.where(cbs, "GM" + codes.str[2:6], "alle")


@dataclass
class _Run:
    """The areas of a run (or of the national reference) as arrays, with the indicators that count."""

    wide: pd.DataFrame
    used: dict[str, tuple[str, float, str]]
    inds: list[str]
    dims: list[str]
    dim_w: dict[str, float]
    pop: np.ndarray
    scored: np.ndarray
    groep: np.ndarray
    raw: np.ndarray
    sign: np.ndarray
    rate: np.ndarray
    member: np.ndarray
    niet_meegeteld: dict[str, str]
    dims_alle: list[str]           # the dimensions before the coverage rule
    eenheid: dict[str, tuple[str, bool]]   # unit, and whether the figure is per dwelling/household


def _poort(wide: pd.DataFrame, used: dict, labels: pd.Series, st: Instellingen) -> dict[str, str]:
    """Indicators the run has for fewer than ``min_aandeel_gemeente`` of its woongebieden, with the reason."""
    pop = wide["inwoners"].astype(float) if "inwoners" in wide.columns else pd.Series(np.nan, index=wide.index)
    woon = pop >= st.min_inwoners_aanwijzing
    if not woon.any():
        woon = pop >= st.min_inwoners
    m = int(woon.sum())
    uit = {}
    for ind in used:
        k = int(wide.loc[woon, ind].notna().sum()) if m else 0
        if m and k < st.min_aandeel_gemeente * m:
            uit[ind] = (f"{in_zin(labels.get(ind, ind))} (bekend voor {k} van de {m} "
                        f"{'woongebied' if m == 1 else 'woongebieden'})")
    return uit


def _maak_run(wide: pd.DataFrame, spec: dict, dim_w: dict[str, float], catalogus: pd.DataFrame,
              st: Instellingen, alleen: list[str] | None = None) -> _Run:
    """Arrays of a run: which indicators count (present, weighted, enough coverage), raw values, signs."""
    used = {k: v for k, v in spec.items() if k in wide.columns and wide[k].notna().any() and dim_w.get(v[0], 0) > 0
            and (alleen is None or k in alleen)}
    niet = _poort(wide, used, catalogus.label, st)
    dims_alle = [d for d in dim_w if any(v[0] == d for v in used.values())]
    used = {k: v for k, v in used.items() if k not in niet}
    inds = list(used)
    dims = [d for d in dim_w if any(used[i][0] == d for i in inds)]
    n = len(wide)
    pop = wide["inwoners"].astype(float).to_numpy() if "inwoners" in wide.columns else np.full(n, np.nan)
    raw = wide.reindex(columns=inds).astype(float).to_numpy() if inds else np.empty((n, 0))
    return _Run(wide=wide, used=used, inds=inds, dims=dims, dim_w=dim_w, pop=pop, scored=pop >= st.min_inwoners,
                groep=_groepen(wide.index), raw=raw,
                sign=np.array([1.0 if used[i][2] == "hoger_slechter" else -1.0 for i in inds]),
                rate=np.array([_is_rate(catalogus.loc[i]) for i in inds], dtype=bool),
                member=np.array([[used[i][0] == d for i in inds] for d in dims], dtype=float).reshape(len(dims),
                                                                                                        len(inds)),
                niet_meegeteld=niet, dims_alle=dims_alle,
                eenheid={i: (str(catalogus.loc[i, "eenheid"]), _per_huishouden(catalogus.loc[i])) for i in inds})


def _per_huishouden(ind: pd.Series) -> bool:
    """Is a published average or share one of dwellings or households (not of people)?"""
    return str(ind.get("gewicht", "")).split("|")[0] in ("Woningvoorraad", "HuishoudensTotaal")


_SCHALEN: dict[tuple, Schaal] = {}


def _schalen(run: _Run, referentie: pd.DataFrame | None, st: Instellingen) -> dict[str, Schaal]:
    """The scale of every indicator: national where the reference holds it for most areas, else the run's."""
    nat = set(_nationaal(referentie, run.inds))
    out = {}
    for j, ind in enumerate(run.inds):
        if ind in nat and referentie is not None:
            sleutel = (_vingerafdruk(referentie), ind, bool(run.rate[j]), st.min_inwoners, run.eenheid[ind])
            if sleutel not in _SCHALEN:
                if len(_SCHALEN) > 200:
                    _SCHALEN.clear()
                _SCHALEN[sleutel] = schaal_van(ind, referentie[ind].to_numpy(dtype=float),
                                               referentie["inwoners"].to_numpy(dtype=float), bool(run.rate[j]), True,
                                               st.min_inwoners, *run.eenheid[ind])
            out[ind] = _SCHALEN[sleutel]
        else:
            out[ind] = schaal_van(ind, run.raw[:, j], run.pop, bool(run.rate[j]), False, st.min_inwoners,
                                  *run.eenheid[ind])
    return out


def _vingerafdruk(referentie: pd.DataFrame) -> tuple:
    """A cheap identity of a reference table (copies of the same table give the same key)."""
    inw = referentie["inwoners"] if "inwoners" in referentie.columns else pd.Series(dtype=float)
    return (len(referentie), tuple(referentie.columns), tuple(referentie.index[:3]), tuple(referentie.index[-3:]),
            round(float(np.nansum(inw.to_numpy(dtype=float))), 3))


def _steekproef(run: _Run, schalen: dict[str, Schaal], m: int, rng: np.random.Generator | None) -> np.ndarray:
    """Values on the national scale, shrunk, for ``m`` draws (``rng`` None: the point estimate, one draw).

    Counts are drawn from Gamma(aantal + ½) and smoothed; averages and shares from a normal around their shrunk
    value with the posterior standard deviation of the shrinkage."""
    n, k = run.raw.shape
    T = np.empty((m, n, k))
    for j, ind in enumerate(run.inds):
        s = schalen[ind]
        x = run.raw[:, j]
        if s.rate:
            c = x * run.pop / 1000.0
            lam = np.repeat(c[None], m, 0)
            if rng is not None:
                with np.errstate(invalid="ignore"):
                    lam = rng.gamma(np.where(np.isnan(c), 1.0, c + 0.5)[None].repeat(m, 0))
                lam = np.where(np.isnan(c)[None], np.nan, lam)
            T[:, :, j] = s.naar_schaal(s.krimp_rate(lam, run.pop[None, :]))
            continue
        t0 = s.naar_schaal(x)
        t = s.eb.krimp(t0, run.pop) if s.eb is not None else t0
        T[:, :, j] = t[None]
        if rng is not None and s.eb is not None:
            T[:, :, j] += rng.standard_normal((m, n)) * s.eb.onzekerheid(run.pop)[None]
    return T


def _gewichten(run: _Run, m: int, rng: np.random.Generator | None, spreiding: float) -> tuple[np.ndarray, np.ndarray]:
    """Indicator and dimension weights for ``m`` draws, varied by Gamma factors (mean 1, cv ``spreiding``)."""
    w_ind = np.repeat(np.array([run.used[i][1] for i in run.inds], dtype=float)[None], m, 0)
    w_dim = np.repeat(np.array([run.dim_w[d] for d in run.dims], dtype=float)[None], m, 0)
    if rng is not None and spreiding > 0:
        k = 1.0 / spreiding ** 2
        w_ind = w_ind * rng.gamma(k, 1.0 / k, size=w_ind.shape)
        w_dim = w_dim * rng.gamma(k, 1.0 / k, size=w_dim.shape)
    return w_ind, w_dim


def _samenstellen(Z: np.ndarray, w_ind: np.ndarray, w_dim: np.ndarray, run: _Run, masker: np.ndarray,
                  aandeel: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Dimension scores ``S`` (draws × areas × dims), composite ``C`` and the capped contributions.

    ``masker`` (areas × indicators, 0 or 1) leaves an indicator out for an area (crime in a centrumgebied, or
    everything without national figures for the national composite). A contribution is the dimension's share
    of the weight × the indicator's share within its dimension × z; the unfavourable ones are capped
    (:func:`~wijkscan.analysis.aandachtsschaal.begrens_bijdragen`) and add up to the composite."""
    m, n, k = Z.shape
    avail = ~np.isnan(Z) & (masker[None] > 0)
    Z0 = np.where(avail, Z, 0.0)
    W = avail * w_ind[:, None, :]                                        # draws × areas × indicators
    den = np.einsum("bnk,dk->bnd", W, run.member)
    with np.errstate(invalid="ignore", divide="ignore"):
        S = np.where(den > 0, np.einsum("bnk,dk->bnd", W * Z0, run.member) / den, np.nan)
    dim_van = run.member.argmax(axis=0) if k else np.zeros(0, int)
    dw = ~np.isnan(S) * w_dim[:, None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        dim_share = dw / dw.sum(axis=2, keepdims=True)
        share = np.where(avail, W / den[:, :, dim_van], 0.0)
    c = np.where(avail, dim_share[:, :, dim_van] * share * Z0, np.nan)
    capped, _ = begrens_bijdragen(c, aandeel)
    C = np.where((~np.isnan(S)).any(axis=2), np.nansum(capped, axis=2), np.nan)
    return S, C, capped, capped < np.nan_to_num(c, nan=-np.inf) - 1e-12


def _maskers(run: _Run, schalen: dict[str, Schaal], centrum: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which indicator counts for which area: all but crime per inwoner in a centrumgebied; and the national ones."""
    veilig_rate = np.array([run.used[i][0] == "veiligheid" and run.rate[j] for j, i in enumerate(run.inds)], bool)
    masker = np.ones(run.raw.shape)
    masker[np.ix_(centrum, veilig_rate)] = 0.0
    nationaal = np.array([schalen[i].landelijk for i in run.inds], bool)
    return masker, masker * nationaal[None, :]


def _z(run: _Run, schalen: dict[str, Schaal], T: np.ndarray) -> np.ndarray:
    """Signed robust z on the scale of each indicator (positive = less favourable)."""
    Z = np.empty_like(T)
    for j, ind in enumerate(run.inds):
        Z[:, :, j] = run.sign[j] * schalen[ind].z(T[:, :, j])
    return Z


def _dekking(run: _Run) -> np.ndarray:
    """Share of the (default) weight for which an area has figures."""
    w = np.array([run.used[i][1] for i in run.inds], dtype=float)
    dw = np.array([run.dim_w[d] for d in run.dims], dtype=float)
    eff = np.zeros(len(run.inds))
    for a in range(len(run.dims)):
        in_d = run.member[a].astype(bool)
        eff[in_d] = dw[a] / dw.sum() * w[in_d] / w[in_d].sum()
    return (~np.isnan(run.raw)) @ eff if run.inds else np.zeros(len(run.pop))


def _wie_telt(run: _Run, S0: np.ndarray, C0: np.ndarray, st: Instellingen) -> dict[str, np.ndarray]:
    """Who gets a score (enough inhabitants, weight and a residential figure), what kind of area, who can be designated."""
    dekking = _dekking(run)
    eligible = run.scored & (dekking >= st.min_dekking) & ~np.isnan(C0)
    req = [run.dims.index(d) for d in st.vereist if d in run.dims]
    # a residential dimension the gemeente has, but for too few woongebieden to rank on, is missing everywhere
    weg = any(d in run.dims_alle for d in st.vereist)
    missing_req = np.isnan(S0[:, req]).all(axis=1) if req else np.full(len(run.pop), weg)
    missing_req &= ~(run.pop >= st.vereist_vanaf)
    eligible &= ~missing_req
    soort, inst, dicht = _soort_gebied(run.wide, run.pop, eligible, st.min_inwoners_aanwijzing, st.max_institutioneel)
    return {"dekking": dekking, "eligible": eligible, "missing_req": missing_req, "soort": soort, "inst": inst,
            "dicht": dicht, "kandidaat": eligible & (soort == "woongebied")}


def _centrum(run: _Run, st: Instellingen) -> np.ndarray:
    """Centrumgebied per area (see :func:`~wijkscan.analysis.aandachtsschaal.centrumgebied`)."""
    if "adressendichtheid" not in run.wide.columns:
        return np.zeros(len(run.pop), dtype=bool)
    col = run.wide.get("afstand_supermarkt")
    supermarkt = col.to_numpy(dtype=float) if col is not None else np.full(len(run.pop), np.nan)
    return centrumgebied(run.wide["adressendichtheid"].to_numpy(dtype=float), supermarkt, run.groep,
                         st.centrum_aandeel, st.centrum_min_adressen, st.centrum_max_supermarkt) & run.scored


def _groepsindex(groep: np.ndarray) -> list[np.ndarray]:
    return [np.flatnonzero(groep == g) for g in dict.fromkeys(groep)]


def _boven_groep(x: np.ndarray, kandidaat: np.ndarray, groepen: list[np.ndarray]) -> np.ndarray:
    """``x`` (draws × areas) minus the median over the woongebieden of the area's gemeente, per draw."""
    out = np.full(x.shape, np.nan)
    for idx in groepen:
        ref = idx[kandidaat[idx]]
        if not len(ref):
            continue
        with _stil():
            med = np.nanmedian(x[:, ref], axis=1, keepdims=True)
        out[:, idx] = x[:, idx] - med
    return out


def _lead_boven_groep(S: np.ndarray, run: _Run, st: Instellingen, kandidaat: np.ndarray,
                      groepen: list[np.ndarray]) -> np.ndarray:
    """The highest residential dimension score above the gemeente's typical woongebied (−inf without one)."""
    lead = [a for a, d in enumerate(run.dims) if d not in st.alleen_versterkend]
    out = np.full(S.shape[:2], -np.inf)
    for a in lead:
        rel = _boven_groep(S[:, :, a], kandidaat, groepen)
        out = np.fmax(out, np.where(np.isnan(rel), -np.inf, rel))
    return out


def _lead(S: np.ndarray, run: _Run, st: Instellingen) -> np.ndarray:
    """The highest residential dimension score on the national scale (−inf without one)."""
    lead = [a for a, d in enumerate(run.dims) if d not in st.alleen_versterkend]
    if not lead:
        return np.full(S.shape[:2], -np.inf)
    x = S[:, :, lead]
    return np.max(np.where(np.isnan(x), -np.inf, x), axis=2)


@dataclass
class _Punt:
    """The point estimate (draw 0) of a run."""

    T: np.ndarray
    Z: np.ndarray
    S: np.ndarray
    C: np.ndarray
    Cn: np.ndarray
    bijdrage: np.ndarray
    begrensd: np.ndarray          # areas × indicators: was this contribution capped?
    S_toon: np.ndarray            # dimension scores with every figure (also crime in a centrumgebied), for the table


def _punt(run: _Run, schalen: dict[str, Schaal], maskers: tuple[np.ndarray, np.ndarray], st: Instellingen) -> _Punt:
    T = _steekproef(run, schalen, 1, None)
    w_ind, w_dim = _gewichten(run, 1, None, 0.0)
    Z = _z(run, schalen, T)
    S, C, c, begrensd = _samenstellen(Z, w_ind, w_dim, run, maskers[0], st.max_aandeel_indicator)
    Cn = C if (maskers[0] == maskers[1]).all() else _samenstellen(Z, w_ind, w_dim, run, maskers[1],
                                                                  st.max_aandeel_indicator)[1]
    S_toon = _samenstellen(Z, w_ind, w_dim, run, np.ones_like(maskers[0]), 1.0)[0]
    return _Punt(T[0], Z[0], S[0], C[0], Cn[0], c[0], begrensd[0], S_toon[0])


def _trekkingen(run: _Run, schalen: dict[str, Schaal], maskers: tuple[np.ndarray, np.ndarray], st: Instellingen,
                kandidaat: np.ndarray, groepen: list[np.ndarray]) -> tuple:
    """Composite, national composite and the leading residential dimension (above the gemeente, and on the
    national scale), per draw.

    The draws are made in blocks so that a run of all of Nederland stays within memory; returns arrays of
    (draws × areas) without the point estimate, and the number of draws."""
    rng = np.random.default_rng(st.seed)
    B = max(int(st.trekkingen), 0)
    n, k = run.raw.shape
    blok = max(1, MAX_ELEMENTEN // max(n * max(k, 1), 1))
    zelfde = bool((maskers[0] == maskers[1]).all())
    C, Cn, lead, lead_abs = [np.empty((0, n))], [np.empty((0, n))], [np.empty((0, n))], [np.empty((0, n))]
    for start in range(0, B, blok):
        m = min(blok, B - start)
        T = _steekproef(run, schalen, m, rng)
        w_ind, w_dim = _gewichten(run, m, rng, st.gewicht_spreiding)
        Z = _z(run, schalen, T)
        S, c, _, _ = _samenstellen(Z, w_ind, w_dim, run, maskers[0], st.max_aandeel_indicator)
        C.append(c)
        Cn.append(c if zelfde else _samenstellen(Z, w_ind, w_dim, run, maskers[1], st.max_aandeel_indicator)[1])
        lead.append(_lead_boven_groep(S, run, st, kandidaat, groepen))
        lead_abs.append(_lead(S, run, st))
    return np.concatenate(C), np.concatenate(Cn), np.concatenate(lead), np.concatenate(lead_abs), B


def _rangen(C: np.ndarray, kandidaat: np.ndarray, groepen: list[np.ndarray]) -> np.ndarray:
    """Per draw the rank (1 = least favourable) of every woongebied within its gemeente; NaN for the rest."""
    R = np.full(C.shape, np.nan)
    for idx in groepen:
        kk = idx[kandidaat[idx]]
        if not len(kk):
            continue
        order = np.argsort(-np.nan_to_num(C[:, kk], nan=-np.inf), axis=1, kind="stable")
        r = np.empty_like(order)
        np.put_along_axis(r, order, np.arange(1, len(kk) + 1)[None].repeat(len(C), 0), axis=1)
        R[:, kk] = r
    return R


def _puntrang(score: np.ndarray, kandidaat: np.ndarray, groepen: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The published rank of every woongebied (equal scores, rounded to 3 decimals, share a place) and 'gedeeld'."""
    rang = np.full(len(score), np.nan)
    gedeeld = np.zeros(len(score), dtype=bool)
    for idx in groepen:
        kk = idx[kandidaat[idx]]
        if not len(kk):
            continue
        s = pd.Series(-np.round(score[kk], 3))
        rang[kk] = s.rank(method="min").to_numpy()
        gedeeld[kk] = s.duplicated(keep=False).to_numpy()
    return rang, gedeeld


_VERDELINGEN: dict[tuple, np.ndarray] = {}


def _landelijke_verdeling(referentie: pd.DataFrame | None, run: _Run, schalen: dict[str, Schaal],
                          catalogus: pd.DataFrame, st: Instellingen) -> np.ndarray | None:
    """The composite of every Dutch woongebied of the reference on the national indicators of this run, sorted.

    Made exactly as for the areas of the run (shrinkage, national scale, centrumgebied, cap, who is a
    woongebied), point estimate; cached per reference, indicator set, weights and settings."""
    nat = [i for i in run.inds if schalen[i].landelijk]
    if not nat:
        return None
    sleutel = (_vingerafdruk(referentie), tuple((i, run.used[i]) for i in nat), tuple(run.dim_w.items()),
               tuple(getattr(st, f.name) for f in fields(st) if f.name not in ("trekkingen", "seed")))
    if sleutel not in _VERDELINGEN:
        if len(_VERDELINGEN) > 16:
            _VERDELINGEN.clear()
        ref_run = _maak_run(referentie, {i: run.used[i] for i in nat}, run.dim_w, catalogus,
                            replace(st, min_aandeel_gemeente=0.0), alleen=nat)
        ref_schalen = _schalen(ref_run, referentie, st)
        maskers = _maskers(ref_run, ref_schalen, _centrum(ref_run, st))
        p = _punt(ref_run, ref_schalen, maskers, st)
        wie = _wie_telt(ref_run, p.S, p.C, st)
        _VERDELINGEN[sleutel] = np.sort(p.C[wie["kandidaat"]])
    return _VERDELINGEN[sleutel]


def _landelijke_plaats(Cn: np.ndarray, verdeling: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Percentile (share of Dutch woongebieden more favourable, 0–100) and national rank (1 = least favourable)."""
    if verdeling is None or not len(verdeling):
        return np.full(Cn.shape, np.nan), np.full(Cn.shape, np.nan)
    N = len(verdeling)
    ok = ~np.isnan(Cn)
    pct = np.where(ok, 100.0 * np.searchsorted(verdeling, np.nan_to_num(Cn), side="left") / N, np.nan)
    rang = np.where(ok, 1 + N - np.searchsorted(verdeling, np.nan_to_num(Cn), side="right"), np.nan)
    return pct, rang


def _interval(R: np.ndarray, draws: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """5th and 95th percentile of the ranks over the draws (NaN where never ranked)."""
    r = R[draws]
    lo, hi = np.full(R.shape[1], np.nan), np.full(R.shape[1], np.nan)
    heel = ~np.isnan(r).any(axis=0)                  # ranked in every draw: the fast path
    if heel.any():
        q = np.quantile(r[:, heel], [0.05, 0.95], axis=0)
        lo[heel], hi[heel] = np.floor(q[0]), np.ceil(q[1])
    deels = ~heel & ~np.isnan(r).all(axis=0)
    if deels.any():
        with _stil():
            q = np.nanquantile(r[:, deels], [0.05, 0.95], axis=0)
        lo[deels], hi[deels] = np.floor(q[0]), np.ceil(q[1])
    return lo, hi


def _zeker(kans: np.ndarray, r_lo: np.ndarray, r_hi: np.ndarray, is_a: np.ndarray, laatste: np.ndarray,
           kandidaat: np.ndarray) -> np.ndarray:
    """'zeker' when ≥ 80 % of the draws agree with the status **and** the rank interval does (see the docs)."""
    zeker_a = is_a & (kans >= ZEKER) & (r_hi <= laatste)
    zeker_g = ~is_a & (kans <= 1 - ZEKER) & (r_lo > laatste)
    out = np.where(zeker_a | zeker_g, "zeker", "twijfelgeval").astype(object)
    out[~kandidaat] = ""
    return out


def _laatste_per_groep(rang: np.ndarray, is_a: np.ndarray, groepen: list[np.ndarray]) -> np.ndarray:
    """Per area: the rank of the last aandachtsgebied of its gemeente (0 when there is none)."""
    out = np.zeros(len(rang))
    for idx in groepen:
        a = idx[is_a[idx]]
        out[idx] = np.nanmax(rang[a]) if len(a) else 0
    return out


@dataclass
class _Uitkomst:
    """Status, ranks and national position of every area (arrays over the areas of a run)."""

    score: np.ndarray
    boven_gemeente: np.ndarray
    rang: np.ndarray
    gedeeld: np.ndarray
    r_lo: np.ndarray
    r_hi: np.ndarray
    kans: np.ndarray
    kans_l: np.ndarray
    pct: np.ndarray
    l_rang: np.ndarray
    l_lo: np.ndarray
    l_hi: np.ndarray
    n_landelijk: int
    grens: int
    status: np.ndarray
    zekerheid: np.ndarray
    zekerheid_l: np.ndarray
    is_g: np.ndarray
    is_l: np.ndarray
    lead0: np.ndarray


def _uitkomst(run: _Run, p: _Punt, wie: dict, trek: tuple, verdeling: np.ndarray | None, st: Instellingen,
              groepen: list[np.ndarray]) -> _Uitkomst:
    """The two tiers per area: binnen de gemeente and landelijk, with rank intervals, kans and zekerheid."""
    C, Cn, lead, lead_abs, B = trek
    kandidaat, eligible = wie["kandidaat"], wie["eligible"]
    allC, allCn = np.vstack([p.C[None], C]), np.vstack([p.Cn[None], Cn])
    lead_all = np.vstack([_lead_boven_groep(p.S[None], run, st, kandidaat, groepen), lead])
    lead_nat = np.vstack([_lead(p.S[None], run, st), lead_abs])
    rel = _boven_groep(allC, kandidaat, groepen)
    draws = np.arange(1, B + 1) if B else np.array([0])
    flag_g = (rel >= st.drempel) & (lead_all >= st.drempel_dimensie) & kandidaat[None]
    pct_all, lrang_all = _landelijke_plaats(allCn, verdeling)
    N = len(verdeling) if verdeling is not None else 0
    grens = int(np.ceil(st.landelijk_aandeel * N)) if N else 0
    # the national tier too needs a residential dimension that is unfavourable on its own (crime and
    # distances cannot carry an area)
    flag_l = (lrang_all <= grens) & (lead_nat >= st.drempel_dimensie) & kandidaat[None]
    kans, kans_l = flag_g[draws].mean(axis=0), flag_l[draws].mean(axis=0)
    score = np.where(eligible, p.C, np.nan)
    rang, gedeeld = _puntrang(score, kandidaat, groepen)
    r_lo, r_hi = _interval(_rangen(allC, kandidaat, groepen), draws)
    l_lo, l_hi = _interval(np.where(kandidaat[None], lrang_all, np.nan), draws)
    is_g, is_l = kandidaat & (kans >= 0.5), kandidaat & (kans_l >= 0.5) & (N > 0)
    status = np.full(len(score), "geen", dtype=object)
    status[(rel[0] >= st.drempel_let_op) & (lead_all[0] >= st.drempel_let_op) & kandidaat] = "let op"
    status[is_g | is_l] = "aandachtsgebied"
    status[~eligible] = "niet gescoord"
    zekerheid = _zeker(kans, r_lo, r_hi, is_g, _laatste_per_groep(rang, is_g, groepen), kandidaat)
    zekerheid_l = _zeker(kans_l, l_lo, l_hi, is_l, np.full(len(score), grens), kandidaat) if N else \
        np.full(len(score), "", dtype=object)
    return _Uitkomst(score, np.where(eligible, rel[0], np.nan), rang, gedeeld, r_lo, r_hi, kans, kans_l,
                     np.where(eligible, pct_all[0], np.nan), np.where(kandidaat, lrang_all[0], np.nan), l_lo, l_hi,
                     N, grens, status, zekerheid, zekerheid_l, is_g, is_l, lead_all[0])


def _aandacht_tekst(u: _Uitkomst, i: int, wie: str) -> tuple[str, str]:
    """The tier of an area in a word and in a sentence."""
    g, lan = bool(u.is_g[i]), bool(u.is_l[i])
    if not (g or lan):
        return "", ""
    deel = f"bij de {getal(100 * (u.n_landelijk and u.grens / u.n_landelijk))} % minst gunstige {wie} van Nederland"
    binnen = f"aandachtsgebied binnen de gemeente ({u.zekerheid[i]}, plek {_bereik(u.r_lo[i], u.r_hi[i])})"
    landelijk = (f"aandachtsgebied landelijk ({u.zekerheid_l[i]}: {deel}, plek {_bereik(u.l_lo[i], u.l_hi[i])} "
                 f"van {getal(u.n_landelijk)})")
    if g and lan:
        return "binnen de gemeente en landelijk", f"{binnen} en {landelijk}"
    if g:
        return "binnen de gemeente", f"{binnen}; landelijk niet {deel}"
    return "landelijk", f"{landelijk}; binnen de gemeente wijkt het niet genoeg af van de andere woongebieden"


def _bereik(lo: float, hi: float) -> str:
    if np.isnan(lo):
        return "onbekend"
    return getal(lo) if lo == hi else f"{getal(lo)}–{getal(hi)}"


_NIET_GERANGSCHIKT = {"instelling": "vooral bewoners van een instelling",
                      "weinig wonen": "weinig wonen (vooral bedrijven, winkels, voorzieningen of groen)"}


def _rang_tekst(u: _Uitkomst, wie: dict, i: int, pop: float, st: Instellingen) -> str:
    """'3', '3 (gedeeld)' or 'niet gerangschikt: …' with the reason."""
    if not np.isnan(u.rang[i]):
        return f"{int(u.rang[i])}" + (" (gedeeld)" if u.gedeeld[i] else "")
    soort = wie["soort"][i]
    if soort == "klein gebied":
        return (f"niet gerangschikt: klein gebied ({getal(pop)} inwoners, de grens is "
                f"{getal(st.min_inwoners_aanwijzing)})")
    if soort in _NIET_GERANGSCHIKT:
        return f"niet gerangschikt: {_NIET_GERANGSCHIKT[soort]}"
    if not (pop >= st.min_inwoners):
        return "niet gerangschikt: te weinig inwoners voor een uitspraak"
    return "niet gerangschikt: te weinig gegevens voor een uitspraak"


def _groot_tekst(pop: float, hoog: bool, aangewezen: bool, grens: float) -> str:
    if not (pop >= grens and (hoog or aangewezen)):
        return ""
    return (f"groot gebied ({getal(pop)} inwoners): een concentratie van problemen in een paar straten kan in het "
            "gemiddelde wegvallen; bekijk het op straatniveau, of geef zulke straten als vlak op bij de aangewezen "
            "gebieden")


def _waarom(run: _Run, p: _Punt, i: int, labels: pd.Series) -> str:
    """'vooral sociaal-economisch (…) en veiligheid (…)': the two highest dimensions and their main indicators."""
    parts: list[str] = []
    for a in np.argsort(-np.nan_to_num(p.S[i], nan=-9), kind="stable"):
        if np.isnan(p.S[i, a]) or p.S[i, a] < 0.25 or len(parts) == 2:
            continue
        cols = np.flatnonzero(run.member[a].astype(bool))
        vals = p.bijdrage[i, cols]
        keep = ~np.isnan(vals) & (vals > 0.02)
        cols, vals = cols[keep], vals[keep]
        top = [in_zin(labels[run.inds[x]]) for x in cols[np.argsort(-vals, kind="stable")][:2]]
        parts.append(dimensie_label(run.dims[a]).lower() + (f" ({', '.join(top)})" if top else ""))
    return "vooral " + " en ".join(parts) if parts else "niet ongunstiger dan het gemiddelde gebied"


def _alleen_versterkend_tekst(run: _Run, p: _Punt, i: int, st: Instellingen) -> str:
    af = [d for a, d in enumerate(run.dims) if d in st.alleen_versterkend and p.S[i, a] >= st.drempel_dimensie] \
        or [d for d in st.alleen_versterkend if d in run.dims]
    text = ("alleen " + " en ".join(dimensie_label(d).lower() for d in af)
            + (" wijkt" if len(af) == 1 else " wijken") + " af; dat maakt geen aandachtsgebied")
    if "veiligheid" in af:
        text += " (misdrijven worden geteld waar ze gebeuren, ook als bezoekers ze plegen of ondergaan)"
    return text


CENTRUM_TEKST = ("centrumgebied (de adressen in de omgeving liggen bijna zo dicht als in het drukste deel van de "
                 "gemeente: winkels, horeca, kantoren): misdrijven per inwoner tellen hier niet mee in de score, "
                 "want ze volgen de bezoekers")


def _toelichting(run: _Run, p: _Punt, u: _Uitkomst, wie: dict, centrum: np.ndarray, labels: pd.Series,
                 st: Instellingen, i: int) -> str:
    """Why an area has the score and status it has, in plain Dutch."""
    pop = run.pop[i]
    if not run.scored[i]:
        return "te weinig inwoners voor een uitspraak" + (f" ({getal(pop)})" if not np.isnan(pop) else " (aantal onbekend)")
    if wie["missing_req"][i]:
        return ("te weinig gegevens voor een uitspraak (geen cijfers voor het onderdeel "
                + " of ".join(dimensie_label(d).lower() for d in st.vereist if d in run.dims_alle) + ")")
    if not wie["eligible"][i]:
        return "te weinig gegevens voor een uitspraak"
    text = _waarom(run, p, i, labels)
    if (u.status[i] == "geen" and u.boven_gemeente[i] >= min(st.drempel, st.drempel_let_op)
            and u.lead0[i] < st.drempel_dimensie):
        text = _alleen_versterkend_tekst(run, p, i, st)
    delen = [_reden(wie["soort"][i], pop, wie["inst"][i], wie["dicht"][i], st.min_inwoners_aanwijzing), text]
    if centrum[i]:
        delen.append(CENTRUM_TEKST)
    if p.begrensd[i].any() and u.status[i] != "geen":
        namen = [in_zin(labels[run.inds[j]]) for j in np.flatnonzero(p.begrensd[i])]
        delen.append(f"{_opsomming(namen)} {'telt' if len(namen) == 1 else 'tellen elk'} voor hoogstens een derde "
                     "van de score (begrensd)")
    return "; ".join(d for d in delen if d)


def _tabel(run: _Run, p: _Punt, u: _Uitkomst, wie: dict, centrum: np.ndarray, namen: pd.Series, nl: pd.Series,
           catalogus: pd.DataFrame, st: Instellingen, aangewezen: dict[str, float], nat: list[str],
           wie_nl: str) -> pd.DataFrame:
    """The table of the aandachtsgebieden, one row per area, sorted: ranked woongebieden first."""
    n = len(run.pop)
    eligible = wie["eligible"]
    labels = catalogus.label
    areas = run.wide.index
    deel = np.array([aangewezen.get(a, 0.0) for a in areas])
    tiers = [_aandacht_tekst(u, i, wie_nl) for i in range(n)]
    in_kwart = _in_kwart(u.rang, run.groep)
    out = pd.DataFrame({
        "gebied": areas, "naam": namen.reindex(areas).to_numpy(), "inwoners": run.pop,
        "score": np.round(u.score, 3), "score_tov_gemeente": np.round(u.boven_gemeente, 3),
        "rang": pd.array(u.rang, dtype="Int64"), "rang_laag": pd.array(u.r_lo, dtype="Int64"),
        "rang_hoog": pd.array(u.r_hi, dtype="Int64"),
        "rang_tekst": [_rang_tekst(u, wie, i, run.pop[i], st) for i in range(n)],
        "kans": np.where(wie["kandidaat"], np.round(u.kans, 3), np.nan), "status": u.status,
        "zekerheid": u.zekerheid, "aandacht": [t[0] for t in tiers], "aandacht_tekst": [t[1] for t in tiers],
        "dekking": np.round(wie["dekking"], 3), "soort_gebied": wie["soort"], "centrumgebied": centrum & eligible,
    })
    for d in list(DIMENSIES) + [d for d in run.dims if d not in DIMENSIES]:
        a = run.dims.index(d) if d in run.dims else None
        out[f"score_{d}"] = np.round(np.where(run.scored, p.S_toon[:, a], np.nan), 3) if a is not None else np.nan
    out["landelijk"] = _landelijk(run, nl, nat, u.pct, eligible, labels, wie_nl)
    out["landelijk_percentiel"] = np.round(u.pct, 1)
    out["landelijk_rang"] = pd.array(u.l_rang, dtype="Int64")
    out["landelijk_rang_laag"] = pd.array(u.l_lo, dtype="Int64")
    out["landelijk_rang_hoog"] = pd.array(u.l_hi, dtype="Int64")
    out["kans_landelijk"] = np.where(wie["kandidaat"] & (u.n_landelijk > 0), np.round(u.kans_l, 3), np.nan)
    out["zekerheid_landelijk"] = u.zekerheid_l
    out["aangewezen"] = deel > 0
    out["aangewezen_deel"] = np.round(deel, 3)
    berekend = out.status == "aandachtsgebied"
    out["soort"] = np.select([berekend & out.aangewezen, berekend, out.aangewezen],
                             ["berekend en aangewezen", "berekend", "aangewezen"], "")
    hoog = np.isin(u.status, ["aandachtsgebied", "let op"]) | in_kwart
    out["groot_gebied"] = [_groot_tekst(run.pop[i], bool(hoog[i]), bool(deel[i] > 0), st.groot_gebied) for i in range(n)]
    out["indicatoren_niet_meegeteld"] = _niet_meegeteld_tekst(run.niet_meegeteld, st)
    out["toelichting"] = [_toelichting(run, p, u, wie, centrum, labels, st, i) for i in range(n)]
    out["_woon"] = out.rang.isna()
    return out.sort_values(["_woon", "rang", "score", "gebied"], ascending=[True, True, False, True],
                           na_position="last").drop(columns="_woon").reset_index(drop=True)


def _in_kwart(rang: np.ndarray, groep: np.ndarray) -> np.ndarray:
    """Is a woongebied in the top quarter (rounded up) of the ranked woongebieden of its gemeente?"""
    s = pd.Series(rang)
    n = s.groupby(groep).transform("count").to_numpy(dtype=float)
    return (rang <= np.ceil(n / 4)) & ~np.isnan(rang)


def _niet_meegeteld_tekst(niet: dict[str, str], st: Instellingen) -> str:
    if not niet:
        return ""
    return ("telt niet mee in de rangorde, want bekend voor minder dan "
            f"{getal(100 * st.min_aandeel_gemeente)} % van de woongebieden: " + "; ".join(niet.values()))


def _bijdragen(run: _Run, p: _Punt, schalen: dict[str, Schaal], eligible: np.ndarray,
               labels: pd.Series) -> pd.DataFrame:
    """One row per area × indicator: published value, value used (shrunk), z, weight, (capped) contribution."""
    n, k = run.raw.shape
    gebruikt = p.T.copy()
    for j, ind in enumerate(run.inds):
        if schalen[ind].log:
            gebruikt[:, j] = np.exp(p.T[:, j])
    bijdrage = np.where(eligible[:, None], p.bijdrage, np.nan)
    return pd.DataFrame({
        "gebied": np.repeat(run.wide.index.to_numpy(), k), "indicator": np.tile(run.inds, n),
        "label": np.tile([labels[i] for i in run.inds], n), "dimensie": np.tile([run.used[i][0] for i in run.inds], n),
        "waarde": run.raw.ravel(), "waarde_gebruikt": gebruikt.ravel(), "z": p.Z.ravel(),
        "gewicht": np.tile([run.used[i][1] for i in run.inds], n), "bijdrage": bijdrage.ravel()})


def landelijk_vergelijkbaar(referentie: pd.DataFrame | None) -> list[str]:
    """The indicators a national reference (:func:`landelijke_referentie`) holds for most areas of Nederland: the ones
    an area is placed among all Dutch areas on (:func:`wijkscan.analysis.landelijk.landelijke_positie`).

    Example
    -------
    >>> ref = pd.DataFrame({"inwoners": [10.0, 20.0], "woz_waarde": [1.0, None], "inkomen": [None, None]})
    >>> landelijk_vergelijkbaar(ref)
    ['inwoners', 'woz_waarde']
    """
    return _nationaal(referentie, list(referentie.columns) if referentie is not None else [])


def _nationaal(referentie: pd.DataFrame | None, inds: list[str]) -> list[str]:
    """The indicators of ``inds`` that the reference holds for most areas of Nederland."""
    if referentie is None or not len(referentie) or "inwoners" not in referentie.columns:
        return []
    return [i for i in inds if i in referentie.columns
            and referentie[i].notna().mean() >= MIN_DEKKING_LANDELIJK]


def _opsomming(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def _klein(label: str) -> str:
    """A label inside a sentence: its first word in lower case, abbreviations kept ("gemiddelde WOZ-waarde")."""
    eerste, _, rest = label.partition(" ")
    return " ".join(x for x in (eerste if eerste[:2].isupper() else eerste.lower(), rest) if x)


def _landelijk(run: _Run, nl: pd.Series, nat: list[str], pct: np.ndarray, scored: np.ndarray, labels: pd.Series,
               wie: str) -> list[str]:
    """Per area one true sentence on its national position.

    The percentile comes from the composite on the national indicators (``nat``), made as for every Dutch
    woongebied of the reference; indicators with only a Nederland value in the profile are compared with it;
    those with neither are named: "geen landelijke vergelijking voor …"."""
    inds, wide = run.inds, run.wide
    comparable = [i for i in inds if i not in nat and i in nl.index and pd.notna(nl.get(i))]
    geen = [i for i in inds if i not in nat and i not in comparable]
    if geen and len(geen) == len(inds):
        staart = "geen landelijke vergelijking: van geen van deze indicatoren zijn er cijfers voor alle buurten"
    elif geen:
        staart = ("geen landelijke vergelijking voor " + _opsomming([_klein(labels[i]) for i in geen])
                  + " (geen cijfers voor alle buurten)")
    else:
        staart = ""
    heeft_nat = wide[nat].notna().to_numpy() if nat else np.zeros((len(wide), 0), bool)
    if comparable:
        cv = wide[comparable].astype(float).to_numpy()
        nlv = np.array([float(nl[i]) for i in comparable])
        beter_hoog = np.array([run.used[i][2] == "hoger_beter" for i in comparable])
        ongunstig = np.where(beter_hoog[None, :], cv < nlv[None, :], cv > nlv[None, :]) & ~np.isnan(cv)
        n_worse, n_have = ongunstig.sum(axis=1), (~np.isnan(cv)).sum(axis=1)
    else:
        n_worse = n_have = np.zeros(len(wide), int)
    opsommingen: dict[tuple, str] = {}
    text = []
    for k in range(len(wide)):
        parts = []
        sleutel = tuple(np.flatnonzero(heeft_nat[k]))
        if sleutel and not np.isnan(pct[k]) and scored[k]:
            if sleutel not in opsommingen:
                opsommingen[sleutel] = _opsomming([_klein(labels[nat[j]]) for j in sleutel])
            parts.append(f"ongunstiger dan {getal(pct[k])} % van de {wie} in Nederland op " + opsommingen[sleutel])
        worse, m = int(n_worse[k]), int(n_have[k])
        if m:
            parts.append(f"ongunstiger dan Nederland op {worse} van {m} indicator{'en' if m != 1 else ''}")
        if staart:
            parts.append(staart)
        text.append("; ".join(parts) if parts else "geen landelijke cijfers")
    return text


def _dimensiegewichten(dimensies: dict[str, float] | None, spec: dict) -> dict[str, float]:
    dim_w = {k: d.gewicht for k, d in DIMENSIES.items()}
    for k, w in (dimensies or {}).items():
        dim_w[k] = float(w)
    unknown_dims = sorted({d for d, _, _ in spec.values() if d not in dim_w})
    if unknown_dims:
        raise OngeldigeInvoer(f"Onbekende dimensie(s): {', '.join(unknown_dims)}. Kies uit "
                              f"{', '.join(DIMENSIES)} of geef een gewicht op via dimensies=.")
    return dim_w


def _breed(profiel: pd.DataFrame, jaar: int) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """The profile of ``jaar`` wide (area × indicator), the names and the Nederland values."""
    cur = profiel[profiel.jaar == jaar]
    wide = cur.pivot_table(index="gebied", columns="indicator", values="waarde", aggfunc="first", dropna=False)
    wide.columns.name = None
    names = cur.drop_duplicates("gebied").set_index("gebied").naam.reindex(wide.index)
    nl = (cur.drop_duplicates("indicator").set_index("indicator").nederland
          if "nederland" in cur.columns else pd.Series(dtype=float))
    return wide, names, nl


def _wie_nl(referentie: pd.DataFrame | None) -> str:
    """What the reference's areas are called in a sentence ("buurten" or "wijken")."""
    if referentie is not None and len(referentie) and str(referentie.index[0]).startswith("WK"):
        return "wijken"
    return "buurten"


def _als_deel(aangewezen: list[str] | dict[str, float] | None) -> dict[str, float]:
    if aangewezen is None:
        return {}
    if isinstance(aangewezen, dict):
        return {str(k): float(v) for k, v in aangewezen.items() if v > 0}
    return {str(k): 1.0 for k in aangewezen}


def bereken_aandachtsgebieden(
    profiel: pd.DataFrame,
    catalogus: pd.DataFrame,
    jaar: int,
    gewichten: dict[str, float] | None = None,
    richtingen: dict[str, str] | None = None,
    aangewezen: list[str] | dict[str, float] | None = None,
    dimensies: dict[str, float] | None = None,
    dimensie_van: dict[str, str] | None = None,
    referentie: pd.DataFrame | None = None,
    instellingen: Instellingen | None = None,
    **losse: float,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Dimension scores, composite score, the two tiers with rank intervals, per area (see the module docstring).

    Parameters
    ----------
    profiel : DataFrame
        The wijkprofiel (tidy; ``gebied, naam, indicator, jaar, waarde`` and, when present, ``nederland``).
    catalogus : DataFrame
        Indicator catalogue (labels, directions, how a rate is made, optional ``dimensie``).
    jaar : int
        Year to score.
    gewichten, richtingen, dimensie_van : dict, optional
        ``{indicator: weight}`` replacing the default set (:data:`STANDAARD`); ``{indicator: "hoger_beter" |
        "hoger_slechter"}``; ``{indicator: dimension}``.
    aangewezen : list of str or dict, optional
        Area codes the gemeente designates itself, or ``{code: share of the area inside the designation}``
        (a polygon of a few streets touching part of a buurt: see :func:`aangewezen_gebieden`).
    dimensies : dict, optional
        ``{dimension: weight}``; overrides the weights of :data:`DIMENSIES` (0 switches one off).
    referentie : DataFrame, optional
        National reference: one row per buurt (or wijk) of Nederland, one column per indicator id
        (:func:`landelijke_referentie`, :func:`ingebouwde_referentie`). Gives the national scale, the
        national tier and ``landelijk_percentiel``; without it every indicator is standardised over the run.
    instellingen : Instellingen, optional
        Thresholds and the other settings; single ones may be given as keywords (``drempel=0.5``,
        ``trekkingen=0``, ``min_inwoners=100``).

    Returns
    -------
    (scores, bijdragen)
        ``scores``: one row per area (columns in ``docs/aandachtsgebieden.md``); ``bijdragen``: ``gebied,
        indicator, label, dimensie, waarde, waarde_gebruikt, z, gewicht, bijdrage``.
    """
    st = _instellingen(instellingen, losse)
    spec = _indicatorset(catalogus, gewichten, richtingen, dimensie_van)
    dim_w = _dimensiegewichten(dimensies, spec)
    wide, namen, nl = _breed(profiel, jaar)
    run = _maak_run(wide, spec, dim_w, catalogus, st)
    schalen = _schalen(run, referentie, st)
    centrum = _centrum(run, st)
    maskers = _maskers(run, schalen, centrum)
    p = _punt(run, schalen, maskers, st)
    wie = _wie_telt(run, p.S, p.C, st)
    wie["pop"] = run.pop
    groepen = _groepsindex(run.groep)
    trek = _trekkingen(run, schalen, maskers, st, wie["kandidaat"], groepen)
    verdeling = _landelijke_verdeling(referentie, run, schalen, catalogus, st)
    u = _uitkomst(run, p, wie, trek, verdeling, st, groepen)
    nat = [i for i in run.inds if schalen[i].landelijk]
    out = _tabel(run, p, u, wie, centrum, namen, nl, catalogus, st, _als_deel(aangewezen), nat, _wie_nl(referentie))
    out.attrs["gebruikt"] = {k: v[1] for k, v in run.used.items()}
    out.attrs["dimensie_van"] = {k: v[0] for k, v in run.used.items()}
    out.attrs["niet_gebruikt"] = sorted(set(spec) - set(run.used))
    out.attrs["dimensies"] = {d: dim_w[d] for d in run.dims}
    out.attrs["trekkingen"] = trek[4]
    out.attrs["min_inwoners_aanwijzing"] = st.min_inwoners_aanwijzing
    out.attrs["validatie"] = vergelijk_met_aangewezen(out)
    return out, _bijdragen(run, p, schalen, wie["eligible"], catalogus.label)


def aangewezen_gebieden(spec: str | Iterable[str] | gpd.GeoDataFrame, gebieden: pd.DataFrame) -> dict[str, float]:
    """The areas a designation touches, with the share of each area inside it (1 for a code or a name).

    ``spec``: codes or names of areas, or polygons (a GeoDataFrame in any coordinate system) — for example
    the few streets a gemeente designated inside a large buurt. Every area the polygons touch is marked
    (``aangewezen_deel`` says how much of it lies inside). Street names cannot be placed without street
    data (there is none offline): give the streets as a polygon instead.

    Example
    -------
    >>> import geopandas as gpd, shapely
    >>> g = gpd.GeoDataFrame({"naam": ["A", "B"]}, geometry=[shapely.box(0, 0, 10, 10), shapely.box(10, 0, 20, 10)],
    ...                      index=["BU1", "BU2"], crs=28992)
    >>> aangewezen_gebieden(gpd.GeoDataFrame(geometry=[shapely.box(8, 0, 12, 5)], crs=28992), g)
    {'BU1': 0.1, 'BU2': 0.1}
    >>> aangewezen_gebieden(["b"], g)
    {'BU2': 1.0}
    """
    import geopandas as gpd

    if isinstance(spec, gpd.GeoDataFrame):
        if spec.crs is None:
            raise OngeldigeInvoer("Het bestand met aangewezen aandachtsgebieden heeft geen coördinatenstelsel; "
                                  "stel het in (bijv. EPSG:28992) en probeer opnieuw.")
        shape = spec.to_crs(gebieden.crs).union_all()
        share = gebieden.geometry.intersection(shape).area / gebieden.geometry.area
        return {str(k): round(float(v), 3) for k, v in share.items() if v > 0.001}
    out, unknown = {}, []
    names = {str(n).strip().lower(): c for c, n in gebieden.naam.items()}
    for item in [spec] if isinstance(spec, str) else list(spec if isinstance(spec, Iterable) else [spec]):
        s = str(item).strip()
        code = s if s in gebieden.index else names.get(s.lower())
        if code is None:
            unknown.append(s)
        else:
            out[str(code)] = 1.0
    if unknown:
        wat = "Dit aangewezen gebied staat" if len(unknown) == 1 else "Deze aangewezen gebieden staan"
        raise OngeldigeInvoer(f"{wat} niet in deze indeling: {', '.join(unknown)}. Gebruik codes of namen van de "
                              "gebieden. Straten kan wijkscan zonder straatgegevens niet plaatsen: geef ze als vlak "
                              "(GeoJSON of GeoPackage met de straten of het blok).")
    return out


def _soort_gebied(wide: pd.DataFrame, pop: np.ndarray, eligible: np.ndarray, min_inwoners: float,
                  max_inst: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What kind of area each scored area is, from the CBS figures alone (never from its name).

    * ``instelling``: at least ``max_inst`` of the inhabitants live outside private households
      (``1 − huishoudens × huishoudensgrootte / inwoners``; CBS counts residents of care homes, GGZ
      sites, prisons and asylum centres as inwoners but not in private households);
    * ``weinig wonen``: urban surroundings (CBS stedelijkheid 1-3: at least 1.000 addresses per km²
      around its addresses) but fewer than 1.000 inhabitants per km² in the area itself — most of it is
      business, shops, services or green — and fewer than twice ``min_inwoners`` inhabitants (above
      that the residents are a neighbourhood of their own, whatever the land around them);
    * ``klein gebied``: fewer than ``min_inwoners`` inhabitants;
    * ``woongebied``: the rest — the areas that can be designated.
    """
    n = len(pop)
    col = lambda k: (wide[k].astype(float).to_numpy() if k in wide.columns else np.full(n, np.nan))  # noqa: E731
    with np.errstate(all="ignore"):
        inst = np.clip(1 - col("huishoudens") * col("huishoudensgrootte") / pop, 0, 1)
    dicht = col("bevolkingsdichtheid")
    stad = col("stedelijkheid")
    soort = np.full(n, "woongebied", dtype=object)
    soort[~(pop >= min_inwoners)] = "klein gebied"
    soort[(stad <= STEDELIJK_TOT_KLASSE) & (dicht < MIN_DICHTHEID_STEDELIJK) & (pop < 2 * min_inwoners)] = "weinig wonen"
    soort[inst >= max_inst] = "instelling"
    soort[~eligible] = ""
    return soort, inst, dicht


def _reden(soort: str, inwoners: float, inst: float, dicht: float, min_inwoners: float) -> str:
    """Why an area that has a score cannot be an aandachtsgebied, in plain Dutch ('' for a woongebied)."""
    if soort == "instelling":
        return (f"vooral bewoners van een instelling ({getal(100 * inst)} % woont niet in een gewoon huishouden): "
                "cijfers per inwoner zeggen hier weinig, daarom geen aandachtsgebied")
    if soort == "weinig wonen":
        return (f"weinig inwoners voor een stedelijke omgeving ({getal(dicht)} per km²): vooral bedrijven, "
                "winkels, voorzieningen of groen; cijfers per inwoner zeggen hier weinig, daarom geen aandachtsgebied")
    if soort == "klein gebied":
        return (f"te weinig inwoners om als aandachtsgebied aan te wijzen ({getal(inwoners)}, de grens is "
                f"{getal(min_inwoners)})")
    return ""


def landelijke_referentie(kerncijfers: pd.DataFrame, catalogus: pd.DataFrame, jaar: int | None = None,
                         niveau: str = "buurt") -> pd.DataFrame:
    """The national reference table for ``referentie=``: every buurt (or wijk) × every indicator it has.

    Parameters
    ----------
    kerncijfers : DataFrame
        Tidy ``code, jaar, variabele, waarde`` (optionally ``niveau``) for the buurten of
        Nederland, e.g. a national download of the Kerncijfers wijken en buurten.
    catalogus : DataFrame
        The indicator catalogue (how each indicator is made from the variables).
    jaar : int, optional
        Year to use (default: the latest).
    niveau : str
        ``"buurt"`` (codes ``BU…``, default) or ``"wijk"`` (codes ``WK…``).

    Returns
    -------
    DataFrame
        Index buurt code, one column per indicator with at least one value. Indicators whose
        variables are not in ``kerncijfers`` are left out, so the national comparison uses only
        what the national figures hold (:func:`landelijk_vergelijkbaar` says which of them cover most areas).

    Example
    -------
    >>> from wijkscan.indicators import catalogus
    >>> kc = pd.DataFrame({"code": ["BU00010001", "BU00010001", "BU00020001", "BU00020001"], "jaar": 2024,
    ...                    "variabele": ["AantalInwoners", "GemiddeldeWOZWaardeVanWoningen"] * 2,
    ...                    "waarde": [1000.0, 250.0, 2000.0, 400.0]})
    >>> landelijke_referentie(kc, catalogus())[["inwoners", "woz_waarde"]].values.tolist()
    [[1000.0, 250.0], [2000.0, 400.0]]
    """
    from ..indicators.compute import gepubliceerd

    kc = kerncijfers[kerncijfers.code.astype(str).str.startswith("WK" if niveau == "wijk" else "BU")]
    if "niveau" in kc.columns:
        kc = kc[kc.niveau.isin([niveau, None]) | kc.niveau.isna()]
    if kc.empty:
        return pd.DataFrame()
    jaar = int(kc.jaar.max()) if jaar is None else int(jaar)
    wide = kc[kc.jaar == jaar].pivot_table(index="code", columns="variabele", values="waarde", aggfunc="first")
    wide = wide.astype(float)
    cols = {}
    for ind_id, ind in catalogus.iterrows():
        if ind.aggregatie == "enquete":
            continue
        waarde, _ = gepubliceerd(wide, ind)
        if waarde.notna().any():
            cols[ind_id] = waarde
    return pd.DataFrame(cols, index=wide.index)


_REFERENTIES: dict[tuple[str, int, str], pd.DataFrame] = {}


def ingebouwde_referentie(catalogus: pd.DataFrame, jaar: int = 2024, niveau: str = "buurt") -> pd.DataFrame:
    """The national reference from the embedded snapshot: every buurt (14.574 in 2024) or wijk (3.393) of Nederland.

    The snapshot holds, for every buurt, wijk and gemeente of 2024, population by age, households, WOZ,
    koopwoningen, eengezinswoningen, stedelijkheid, distances, registered crime and (buurten only)
    ervaren gezondheid, so these are compared nationally; income only where CBS had published it.
    Computed once per catalogue, year and level (cached).

    Example
    -------
    >>> from wijkscan.indicators import catalogus
    >>> ref = ingebouwde_referentie(catalogus())
    >>> len(ref), "woz_waarde" in landelijk_vergelijkbaar(ref), "leeftijd_65plus_aandeel" in landelijk_vergelijkbaar(ref)
    (14574, True, True)
    >>> len(ingebouwde_referentie(catalogus(), niveau="wijk"))
    3393
    """
    sleutel = (catalogus.reset_index().astype(str).to_csv(sep=";", index=False), int(jaar), niveau)
    if sleutel not in _REFERENTIES:
        if len(_REFERENTIES) >= 4:
            _REFERENTIES.clear()
        from ..sources import embedded

        _REFERENTIES[sleutel] = landelijke_referentie(embedded.kerncijfers_nederland(niveau, int(jaar)), catalogus, jaar,
                                                      niveau=niveau)
    return _REFERENTIES[sleutel].copy()


def referentie_voor(bron: str | None, jaar: int, catalogus: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The national reference of a run, and remarks: all Dutch buurten from CBS, else the snapshot.

    When the kerncijfers came from CBS (online), or the national table is already cached, the buurt
    rows of the whole Kerncijfers table are used (:func:`wijkscan.sources.nederland.buurten`, one
    download, cached): then WOZ, koopwoningen, income, uitkeringen and the distances are national.
    Otherwise — the embedded snapshot, or CBS failing (a remark, not an error) — the reference of the
    embedded snapshot (:func:`ingebouwde_referentie`).
    """
    from ..errors import WijkscanFout
    from ..settings import settings
    from ..sources import nederland

    if not settings.offline and (bron == "CBS" or (bron == "cache" and nederland.in_cache(jaar))):
        try:
            kc, _ = nederland.buurten(jaar)
            return landelijke_referentie(kc, catalogus, jaar), []
        except WijkscanFout as exc:
            return ingebouwde_referentie(catalogus, jaar), [
                f"De cijfers van alle buurten van Nederland konden niet worden opgehaald: {exc} De landelijke "
                "vergelijking van de aandachtsgebieden gebruikt de ingebouwde gegevens."]
    return ingebouwde_referentie(catalogus, jaar), []


def vergelijk_met_aangewezen(scores: pd.DataFrame) -> str:
    """Plain-Dutch agreement of the computed ranking with the gemeente's own aandachtsgebieden.

    Counts the designated areas that stand in the computed top *k*, with *k* twice the number of
    designated areas (a designation weighs more than figures, so some room is fair), and those
    whose rank interval reaches the top *n* itself.

    Example
    -------
    >>> s = pd.DataFrame({"naam": list("ABCDEF"), "rang": pd.array([1, 2, 3, 4, 5, 6], dtype="Int64"),
    ...                   "rang_laag": pd.array([1, 1, 2, 3, 4, 5], dtype="Int64"),
    ...                   "aangewezen": [True, False, True, False, False, False],
    ...                   "status": ["aandachtsgebied"] + ["geen"] * 5})
    >>> print(vergelijk_met_aangewezen(s))  # doctest: +NORMALIZE_WHITESPACE
    2 van de 2 aangewezen gebieden staan in de berekende top 4; 2 ervan kunnen binnen de onzekerheid
    in de top 2 staan; 1 is ook berekend aandachtsgebied.
    """
    aangewezen = scores[scores.aangewezen]
    if aangewezen.empty:
        return ""
    n = len(aangewezen)
    ranked = aangewezen[aangewezen.rang.notna()]
    n_scored = int(scores.rang.notna().sum())
    if not n_scored:
        return ""
    k = min(2 * n, n_scored)
    in_top = int((ranked.rang <= k).sum())
    binnen = int((ranked.rang_laag <= n).sum())
    berekend = int((aangewezen.status == "aandachtsgebied").sum())
    gebieden = "aangewezen gebied" if n == 1 else "aangewezen gebieden"
    verb = "staat" if in_top == 1 else "staan"
    parts = [f"{in_top} van de {n} {gebieden} {verb} in de berekende top {k}"]
    parts.append(f"{binnen} ervan {'kan' if binnen == 1 else 'kunnen'} binnen de onzekerheid in de top {n} staan")
    parts.append(f"{berekend} {'is' if berekend == 1 else 'zijn'} ook berekend aandachtsgebied")
    niet = n - len(ranked)
    if niet:
        parts.append(f"{niet} {'heeft' if niet == 1 else 'hebben'} geen plek (geen woongebied, of te weinig inwoners "
                     "of gegevens)")
    return "; ".join(parts) + "."
