"""Aandachtsgebieden: dimensions first, then a composite, with small areas and uncertainty handled.

Method (with the reasons in ``docs/aandachtsgebieden.md``):

1. **Indicators per dimension.** Each indicator belongs to one dimension (sociaal-economisch,
   veiligheid, leefbaarheid, beleving, voorzieningen; :mod:`wijkscan.analysis.dimensies`) with a
   weight and a direction. Indicators without any figure in the profile are left out.
2. **Small areas.** Rates of counts per 1.000 inwoners (crime, meldingen, uitkeringen) are
   **Empirical-Bayes smoothed** towards the gemeente rate (global, Marshall 1991, as in
   :mod:`wijkscan.analysis.hotspots`): the fewer inhabitants, the stronger the pull, so a
   300-inhabitant area needs much stronger evidence than a 5.000-inhabitant one. Areas with
   fewer than ``min_inwoners`` (default 100) inhabitants get no statement at all ("te weinig
   inwoners").
3. **Standardise.** Each indicator becomes a robust z-score across the scored areas,
   ``(x − mediaan) / (1,4826 × MAD)``, signed so that positive = less favourable, clipped to ±3.
4. **Dimension score** = weighted mean of the z-scores of its indicators; **composite** =
   weighted mean of the dimension scores the area has. ``bijdrage`` per indicator =
   dimension weight share × indicator weight share × z, so the contributions add up to the score.
   An area needs a figure on a residential dimension to be scored (``vereist``).
5. **Veiligheid and voorzieningen only strengthen.** An area is an aandachtsgebied only when its
   composite is at least ``drempel`` (0,75) **and** at least one residential dimension
   (sociaal-economisch, leefbaarheid, beleving) is at least ``drempel_dimensie`` (0,5). Crime per
   1.000 inwoners counts where crime happens and divides by who lives there, so it follows visitors
   (centres, stations, business parks, institutions); long distances are true of every rural area.
   Both raise the score and rank of an area whose residents are worse off, neither makes one alone.
6. **Kinds of area** (``soort_gebied``), from the CBS figures: *instelling* (at least half of the
   inhabitants outside private households), *weinig wonen* (urban surroundings, fewer than 1.000
   inhabitants per km²), *klein gebied* (fewer than ``min_inwoners_aanwijzing``, default 500) and
   *woongebied*. All keep score, smoothing and rank interval; only a woongebied can be designated,
   and ranks run over the woongebieden (the others get the place they would take among them).
7. **Uncertainty.** ``trekkingen`` draws (default 400, seeded) re-draw every count from its Poisson
   uncertainty (a Gamma(aantal + ½) draw of the expected count), redo the smoothing, and vary every
   weight (Gamma with a coefficient of variation ``gewicht_spreiding``, default 30 %). From the draws
   come a 90 % rank interval (``rang_laag`` – ``rang_hoog``) and ``kans``: the share of draws in which
   the area is an aandachtsgebied. Status *aandachtsgebied* needs ``kans ≥ 0,5``. ``zekerheid`` is
   "zeker" when at least 80 % of the draws agree with the status **and** the rank interval does too
   (an aandachtsgebied's interval stays within the ranks of the aandachtsgebieden; another area's
   interval does not reach them), else "twijfelgeval".
8. **Absolute position.** With a national reference table (``referentie=``, one row per buurt of
   Nederland; :func:`referentie_voor` picks CBS online, the embedded snapshot offline) the
   indicators it holds for most buurten give ``landelijk_percentiel`` — the share of Dutch buurten
   that score better — and ``landelijk`` says it in words, compares the rest with the Nederland
   figures of the profile, and names what has no national comparison.

Areas the gemeente designates itself (``aangewezen``) never change the computed result;
:func:`vergelijk_met_aangewezen` says in plain Dutch how well the two agree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import OngeldigeInvoer
from ..nlformat import getal
from ..teksten import in_zin
from .dimensies import ALLEEN_VERSTERKEND, DIMENSIES, STANDAARD, VEREIST, dimensie_label

__all__ = ["DIMENSIES", "STANDAARD", "bereken_aandachtsgebieden", "eb_gladstrijken", "ingebouwde_referentie",
           "landelijke_referentie", "referentie_voor",
           "robuuste_z", "vergelijk_met_aangewezen"]

#: Fallback dimension of an indicator by its Bijlage C theme (own catalogue rows without ``dimensie``).
THEMA_DIMENSIE = {"Demografie": "sociaal_economisch", "Wonen": "sociaal_economisch", "Veiligheid": "veiligheid",
                  "Openbare ruimte": "leefbaarheid", "Sociale cohesie": "beleving", "Voorzieningen": "voorzieningen"}

ZEKER = 0.8          # share of draws that must agree for "zeker"
#: Fewer inhabitants than this: scored and ranked, but never designated (see docs/aandachtsgebieden.md).
MIN_INWONERS_AANWIJZING = 500
#: Share of the inhabitants outside private households from which an area counts as an institution.
MAX_INSTITUTIONEEL = 0.5
#: CBS "mate van stedelijkheid" 1-3 = at least 1.000 addresses per km² around the addresses of the area.
STEDELIJK_TOT_KLASSE = 3
#: Below this many inhabitants per km² an area in an urban setting is mostly not housing.
MIN_DICHTHEID_STEDELIJK = 1000


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
            raise OngeldigeInvoer(f"Onbekende indicator(en) in de gewichten: {', '.join(unknown)}. "
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


def bereken_aandachtsgebieden(
    profiel: pd.DataFrame,
    catalogus: pd.DataFrame,
    jaar: int,
    gewichten: dict[str, float] | None = None,
    richtingen: dict[str, str] | None = None,
    aangewezen: list[str] | None = None,
    drempel: float = 0.75,
    drempel_let_op: float = 0.4,
    min_inwoners: float = 100,
    min_dekking: float = 0.5,
    dimensies: dict[str, float] | None = None,
    dimensie_van: dict[str, str] | None = None,
    drempel_dimensie: float = 0.5,
    alleen_versterkend: tuple[str, ...] = ALLEEN_VERSTERKEND,
    vereist: tuple[str, ...] = VEREIST,
    vereist_vanaf: float = np.inf,
    trekkingen: int = 400,
    gewicht_spreiding: float = 0.3,
    seed: int = 20241,
    referentie: pd.DataFrame | None = None,
    min_inwoners_aanwijzing: float = MIN_INWONERS_AANWIJZING,
    max_institutioneel: float = MAX_INSTITUTIONEEL,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Dimension scores, composite score, rank interval and status per area.

    Parameters
    ----------
    profiel : DataFrame
        The wijkprofiel (tidy; ``gebied, naam, indicator, jaar, waarde`` and, when present,
        ``nederland``).
    catalogus : DataFrame
        Indicator catalogue (labels, directions, how a rate is made, optional ``dimensie``).
    jaar : int
        Year to score.
    gewichten : dict, optional
        ``{indicator: weight}``; replaces the default set (:data:`STANDAARD`). The dimension of an
        indicator comes from ``dimensie_van``, the default set, the catalogue column ``dimensie``
        or its theme, in that order.
    richtingen : dict, optional
        ``{indicator: "hoger_beter" | "hoger_slechter"}``.
    aangewezen : list of str, optional
        Area codes the gemeente designates itself.
    drempel, drempel_let_op : float
        Composite score for *aandachtsgebied* (0,75) and *let op* (0,4).
    min_inwoners : float
        Below this number of inhabitants no statement is made ("te weinig inwoners").
    min_dekking : float
        Share of the weight that must have figures (else "te weinig gegevens").
    dimensies : dict, optional
        ``{dimension: weight}``; overrides the weights of :data:`DIMENSIES` (0 switches one off).
    dimensie_van : dict, optional
        ``{indicator: dimension}``.
    drempel_dimensie : float
        An aandachtsgebied needs at least one dimension outside ``alleen_versterkend`` at this level.
    alleen_versterkend : tuple of str
        Dimensions that can strengthen but never carry an aandachtsgebied (default voorzieningen).
    vereist, vereist_vanaf : tuple of str, float
        An area (with fewer than ``vereist_vanaf`` inhabitants; default: every area) must have a figure
        on at least one of these dimensions to be scored, when the gemeente has any of them (default the
        residential dimensions sociaal-economisch, leefbaarheid and beleving). CBS suppresses those
        figures for business parks and institutions, whose crime per inhabitant is about the businesses
        and visitors, not the residents; and without a figure about the residents no statement about
        their position is possible.
    trekkingen, gewicht_spreiding, seed
        Number of draws for the rank interval, spread of the weights (coefficient of variation),
        and the random seed (the result is the same on every run).
    referentie : DataFrame, optional
        National reference: one row per buurt of Nederland, one column per indicator id. Gives
        ``landelijk_percentiel``.
    min_inwoners_aanwijzing : float
        Areas with fewer inhabitants (default 500) are scored and ranked but never designated: a
        designation is about a residential community, and a few hundred inhabitants are a few streets,
        an institution or a business area whose figures per inhabitant say little.
    max_institutioneel : float
        From this share (default 50 %) of the inhabitants living outside private households
        (``1 − huishoudens × huishoudensgrootte / inwoners``: care homes, GGZ, prisons, asylum centres)
        an area is named an institution and not designated.

    Returns
    -------
    (scores, bijdragen)
        ``scores``: one row per area — ``gebied, naam, inwoners, score, rang, rang_laag, rang_hoog,
        kans, status, zekerheid, dekking``, one ``score_<dimensie>`` column per dimension,
        ``landelijk, landelijk_percentiel, aangewezen, soort, toelichting``; ``attrs`` hold the
        indicators used and not used, the dimensions, and the comparison with the designated
        areas (``validatie``). ``bijdragen``: ``gebied, indicator, label, dimensie, waarde,
        waarde_gebruikt, z, gewicht, bijdrage``.
    """
    dim_w = {k: d.gewicht for k, d in DIMENSIES.items()}
    for k, w in (dimensies or {}).items():
        dim_w[k] = float(w)
    spec = _indicatorset(catalogus, gewichten, richtingen, dimensie_van)
    unknown_dims = sorted({d for d, _, _ in spec.values() if d not in dim_w})
    if unknown_dims:
        raise OngeldigeInvoer(f"Onbekende dimensie(s): {', '.join(unknown_dims)}. Kies uit "
                              f"{', '.join(DIMENSIES)} of geef een gewicht op via dimensies=.")
    cur = profiel[profiel.jaar == jaar]
    wide = cur.pivot_table(index="gebied", columns="indicator", values="waarde", aggfunc="first", dropna=False)
    names = cur.drop_duplicates("gebied").set_index("gebied").naam.reindex(wide.index)
    nl = (cur.drop_duplicates("indicator").set_index("indicator").nederland
          if "nederland" in cur.columns else pd.Series(dtype=float))
    used = {k: v for k, v in spec.items()
            if k in wide.columns and wide[k].notna().any() and dim_w.get(v[0], 0) > 0}
    not_used = sorted(set(spec) - set(used))
    inds = list(used)
    dims = [d for d in dim_w if any(used[i][0] == d for i in inds)]
    areas = wide.index
    n = len(areas)
    inw = (wide["inwoners"] if "inwoners" in wide.columns else pd.Series(np.nan, index=areas)).astype(float)
    small = ~(inw >= min_inwoners)
    scored = ~small.to_numpy()

    raw = wide.reindex(columns=inds).astype(float).to_numpy() if inds else np.empty((n, 0))
    sign = np.array([1.0 if used[i][2] == "hoger_slechter" else -1.0 for i in inds])
    rate = np.array([_is_rate(catalogus.loc[i]) for i in inds], dtype=bool)
    pop = inw.to_numpy()
    counts = raw[:, rate] * pop[:, None] / 1000.0 if rate.any() else np.empty((n, 0))
    counts = np.where(scored[:, None], counts, np.nan)

    rng = np.random.default_rng(seed)
    B = max(int(trekkingen), 0)
    # draw 0 = the point estimate; draws 1..B vary counts and weights
    X = np.repeat(raw[None, :, :], B + 1, axis=0)
    if rate.any():
        lam = np.repeat(counts[None], B + 1, axis=0)
        if B:
            with np.errstate(invalid="ignore"):
                lam[1:] = rng.gamma(np.where(np.isnan(counts), 1.0, counts + 0.5)[None].repeat(B, 0))
            lam[1:] = np.where(np.isnan(counts)[None], np.nan, lam[1:])
        for j, col in enumerate(np.flatnonzero(rate)):
            X[:, :, col] = np.where(scored[None, :], 1000.0 * eb_gladstrijken(lam[:, :, j], pop), X[:, :, col])
    # rates compare as ratios (twice the gemeente rate is as notable at any level): z on the log
    pos = X[:, :, rate] if rate.any() else None
    if pos is not None:
        with np.errstate(divide="ignore", invalid="ignore"), _stil():
            floor = np.nanmin(np.where(pos > 0, pos, np.nan), axis=1, keepdims=True) / 2
            X_z = X.copy()
            X_z[:, :, rate] = np.log(np.maximum(pos, np.nan_to_num(floor, nan=1e-6)))
    else:
        X_z = X
    k = 1.0 / gewicht_spreiding ** 2 if gewicht_spreiding > 0 else np.inf

    def jitter(base: np.ndarray) -> np.ndarray:
        w = np.repeat(base[None, :], B + 1, axis=0)
        if B and np.isfinite(k):
            w[1:] *= rng.gamma(k, 1.0 / k, size=(B, len(base)))
        return w

    w_ind = jitter(np.array([used[i][1] for i in inds], dtype=float))
    w_dim = jitter(np.array([dim_w[d] for d in dims], dtype=float))

    Z = np.empty_like(X)
    for j in range(len(inds)):
        Z[:, :, j] = sign[j] * _robuuste_z(X_z[:, :, j], scored)
    member = np.array([[used[i][0] == d for i in inds] for d in dims], dtype=float)   # dims × inds
    avail = ~np.isnan(Z)
    Z0 = np.nan_to_num(Z)
    S = np.empty((B + 1, n, len(dims)))
    for a, _d in enumerate(dims):
        ww = w_ind * member[a][None, :]                                   # draws × inds
        num = np.einsum("bnj,bj->bn", Z0, ww)
        den = np.einsum("bnj,bj->bn", avail.astype(float), ww)
        with np.errstate(invalid="ignore", divide="ignore"):
            S[:, :, a] = np.where(den > 0, num / den, np.nan)
    has = ~np.isnan(S)
    with np.errstate(invalid="ignore", divide="ignore"):
        C = np.where(has.any(axis=2), np.einsum("bnd,bd->bn", np.nan_to_num(S), w_dim)
                     / np.einsum("bnd,bd->bn", has.astype(float), w_dim), np.nan)
    # coverage: share of the (default) weight that had figures
    base_w_ind, base_w_dim = w_ind[0], w_dim[0]
    eff = np.zeros(len(inds))
    for a, _d in enumerate(dims):
        in_d = member[a].astype(bool)
        eff[in_d] = base_w_dim[a] / base_w_dim.sum() * base_w_ind[in_d] / base_w_ind[in_d].sum()
    dekking = (~np.isnan(raw)) @ eff if inds else np.zeros(n)
    eligible = scored & (dekking >= min_dekking) & ~np.isnan(C[0])
    req = [dims.index(d) for d in vereist if d in dims]
    missing_req = np.isnan(S[0][:, req]).all(axis=1) if req else np.zeros(n, dtype=bool)
    missing_req &= ~(pop >= vereist_vanaf)
    eligible &= ~missing_req
    soort_gebied, inst_share, dichtheid = _soort_gebied(wide, pop, eligible, min_inwoners_aanwijzing,
                                                        max_institutioneel)
    kandidaat = eligible & (soort_gebied == "woongebied")
    lead = [a for a, d in enumerate(dims) if d not in alleen_versterkend]
    S_lead = np.nanmax(np.where(np.isnan(S[:, :, lead]), -np.inf, S[:, :, lead]), axis=2) if lead \
        else np.full(C.shape, -np.inf)
    flag = (C >= drempel) & (S_lead >= drempel_dimensie) & kandidaat[None, :]
    # ranks per draw (1 = least favourable) among the woongebieden — the areas that can be designated —
    # so that a small area or an institution never pushes a neighbourhood down. Any other scored area
    # gets the place it would take among them (1 + the woongebieden that score higher). Without any
    # woongebied (e.g. an indeling of only small areas) the ranks run over all scored areas.
    ref_set = kandidaat if kandidaat.any() else eligible
    ranks = _rangen(C, ref_set, eligible)
    draws = slice(1, None) if B else slice(0, 1)
    kans = flag[draws].mean(axis=0)
    r_lo = np.floor(np.quantile(ranks[draws], 0.05, axis=0))
    r_hi = np.ceil(np.quantile(ranks[draws], 0.95, axis=0))

    score = np.where(eligible, C[0], np.nan)
    status = np.full(n, "geen", dtype=object)
    let_op = (score >= drempel_let_op) & (S_lead[0] >= drempel_let_op) & kandidaat
    status[let_op] = "let op"
    status[kandidaat & (kans >= 0.5)] = "aandachtsgebied"
    status[~eligible] = "niet gescoord"
    # "zeker" must agree with the rank interval a reader sees: an aandachtsgebied is zeker only when
    # its whole interval stays among the ranks of the aandachtsgebieden, another area only when its
    # interval does not reach them (and in both cases at least 80 % of the draws agree).
    is_a = status == "aandachtsgebied"
    laatste = int(ranks[0][is_a].max()) if is_a.any() else 0
    zeker_a = is_a & (kans >= ZEKER) & (r_hi <= laatste)
    zeker_g = ~is_a & (kans <= 1 - ZEKER) & (r_lo > laatste)
    zekerheid = np.where(zeker_a | zeker_g, "zeker", "twijfelgeval").astype(object)
    zekerheid[~kandidaat] = ""

    # contributions (point estimate): dimension share × indicator share × z
    contrib = np.full((n, len(inds)), np.nan)
    dim_den = np.where(has[0], base_w_dim[None, :], 0.0).sum(axis=1)
    for a, _d in enumerate(dims):
        in_d = member[a].astype(bool)
        wi = np.where(avail[0][:, in_d], base_w_ind[in_d][None, :], 0.0)
        den = wi.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            contrib[:, in_d] = (base_w_dim[a] / dim_den)[:, None] * wi / den[:, None] * Z0[0][:, in_d]
        contrib[:, in_d] = np.where(avail[0][:, in_d], contrib[:, in_d], np.nan)
    contrib[~eligible] = np.nan

    labels = catalogus.label.to_dict()
    klein = np.asarray(small, dtype=bool)
    volgorde = np.argsort(-np.nan_to_num(S[0], nan=-9), axis=1) if n else np.zeros((0, len(dims)), int)
    toel = []
    for i in range(n):
        if klein[i]:
            toel.append("te weinig inwoners voor een uitspraak" + (f" ({getal(pop[i])})" if not np.isnan(pop[i]) else
                                                                  " (aantal onbekend)"))
            continue
        if missing_req[i]:
            toel.append("te weinig gegevens voor een uitspraak: geen "
                        + " of ".join(dimensie_label(d).lower() for d in vereist if d in dims) + " cijfers")
            continue
        if not eligible[i]:
            toel.append("te weinig gegevens voor een uitspraak")
            continue
        parts = []
        for a in volgorde[i]:
            if np.isnan(S[0, i, a]) or S[0, i, a] < 0.25 or len(parts) == 2:
                continue
            cols = np.flatnonzero(member[a].astype(bool))
            vals = contrib[i, cols]
            keep = ~np.isnan(vals) & (vals > 0.02)
            cols, vals = cols[keep], vals[keep]
            top = [in_zin(labels[inds[x]]) for x in cols[np.argsort(-vals, kind="stable")][:2]]
            parts.append(dimensie_label(dims[a]).lower() + (f" ({', '.join(top)})" if top else ""))
        text = "vooral " + " en ".join(parts) if parts else "niet ongunstiger dan het gemiddelde gebied"
        if C[0, i] >= min(drempel, drempel_let_op) and S_lead[0, i] < drempel_dimensie and status[i] == "geen":
            af = [d for a, d in enumerate(dims) if d in alleen_versterkend and S[0, i, a] >= drempel_dimensie] \
                or [d for d in alleen_versterkend if d in dims]
            text = ("alleen " + " en ".join(dimensie_label(d).lower() for d in af)
                    + (" wijkt" if len(af) == 1 else " wijken") + " af; dat maakt geen aandachtsgebied")
            if "veiligheid" in af:
                text += " (misdrijven worden geteld waar ze gebeuren, ook als bezoekers ze plegen of ondergaan)"
        reden = _reden(soort_gebied[i], pop[i], inst_share[i], dichtheid[i], min_inwoners_aanwijzing)
        toel.append(f"{reden}; {text}" if reden else text)

    designated = set(aangewezen or [])
    out = pd.DataFrame({
        "gebied": areas, "naam": names.to_numpy(), "inwoners": pop,
        "score": np.round(score, 3), "rang": pd.array(np.where(eligible, ranks[0], 0), dtype="Int64"),
        "rang_laag": pd.array(np.where(eligible, r_lo, 0).astype(int), dtype="Int64"),
        "rang_hoog": pd.array(np.where(eligible, r_hi, 0).astype(int), dtype="Int64"),
        "kans": np.where(eligible, np.round(kans, 3), np.nan), "status": status, "zekerheid": zekerheid,
        "dekking": np.round(dekking, 3), "soort_gebied": soort_gebied,
    })
    for col in ("rang", "rang_laag", "rang_hoog"):
        out.loc[~eligible, col] = pd.NA
    for d in DIMENSIES.keys() | set(dims):
        a = dims.index(d) if d in dims else None
        out[f"score_{d}"] = np.round(np.where(scored, S[0, :, a], np.nan), 3) if a is not None else np.nan
    out["landelijk"], out["landelijk_percentiel"] = _landelijk(wide, nl, used, referentie, dim_w, scored,
                                                               catalogus.label)
    out["aangewezen"] = [a in designated for a in areas]
    out["toelichting"] = toel
    berekend = out.status == "aandachtsgebied"
    out["soort"] = np.select([berekend & out.aangewezen, berekend, out.aangewezen],
                             ["berekend en aangewezen", "berekend", "aangewezen"], "")
    dim_cols = [f"score_{d}" for d in list(DIMENSIES) + [d for d in dims if d not in DIMENSIES]]
    out = out[["gebied", "naam", "inwoners", "score", "rang", "rang_laag", "rang_hoog", "kans", "status", "zekerheid",
               "dekking", "soort_gebied", *dim_cols, "landelijk", "landelijk_percentiel", "aangewezen", "soort", "toelichting"]]
    out["_woon"] = out.soort_gebied != "woongebied"
    out = out.sort_values(["rang", "_woon", "score", "gebied"], ascending=[True, True, False, True],
                          na_position="last").drop(columns="_woon").reset_index(drop=True)

    rows_b = []
    for i, area in enumerate(areas):
        for j, ind in enumerate(inds):
            rows_b.append((area, ind, labels[ind], used[ind][0], raw[i, j], X[0, i, j], Z[0, i, j], used[ind][1],
                           contrib[i, j]))
    bijdragen = pd.DataFrame(rows_b, columns=["gebied", "indicator", "label", "dimensie", "waarde", "waarde_gebruikt",
                                              "z", "gewicht", "bijdrage"])
    out.attrs["gebruikt"] = {k: v[1] for k, v in used.items()}
    out.attrs["dimensie_van"] = {k: v[0] for k, v in used.items()}
    out.attrs["niet_gebruikt"] = not_used
    out.attrs["dimensies"] = {d: dim_w[d] for d in dims}
    out.attrs["trekkingen"] = B
    out.attrs["min_inwoners_aanwijzing"] = min_inwoners_aanwijzing
    out.attrs["validatie"] = vergelijk_met_aangewezen(out)
    return out, bijdragen


def _rangen(C: np.ndarray, ref_set: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """Per draw: the rank of every area among the ``ref_set`` areas (ties broken by order); 0 if not eligible.

    An area of ``ref_set`` gets its position among them; any other eligible area the position it would
    take (1 + the number of ``ref_set`` areas with a higher composite).
    """
    Cr = np.where(ref_set[None, :], C, -np.inf)
    order = np.argsort(-Cr, axis=1, kind="stable")
    ranks = np.empty_like(order)
    ranks_all = np.arange(1, C.shape[1] + 1)[None, :].repeat(C.shape[0], 0)
    np.put_along_axis(ranks, order, ranks_all, axis=1)
    ref_sorted = np.sort(np.where(ref_set[None, :], C, np.inf), axis=1)      # ascending; non-ref at the end
    k = int(ref_set.sum())
    higher = np.array([k - np.searchsorted(ref_sorted[b, :k], C[b], side="right") for b in range(C.shape[0])])
    others = eligible & ~ref_set
    ranks = np.where(others[None, :], 1 + higher, ranks)
    return np.where(eligible[None, :], ranks, 0)


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


#: An indicator of a reference table counts as national when at least this share of its buurten has it.
MIN_DEKKING_LANDELIJK = 0.5


def _nationaal(referentie: pd.DataFrame | None, inds: list[str]) -> list[str]:
    """The indicators of ``inds`` that the reference holds for most buurten of Nederland."""
    if referentie is None or not len(referentie):
        return []
    return [i for i in inds if i in referentie.columns
            and referentie[i].notna().mean() >= MIN_DEKKING_LANDELIJK]


def _opsomming(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def _klein(label: str) -> str:
    """A label inside a sentence: its first word in lower case, abbreviations kept ("gemiddelde WOZ-waarde")."""
    eerste, _, rest = label.partition(" ")
    return " ".join(x for x in (eerste if eerste[:2].isupper() else eerste.lower(), rest) if x)


def _landelijk(wide, nl, used, referentie, dim_w, scored, labels):
    """Per area one true sentence on its national position, and the national percentile.

    With a reference table (one row per buurt of Nederland) the indicators it holds for most buurten
    give a composite made the same way for the area and for every Dutch buurt (national median and
    MAD, published values, no smoothing); the percentile is the share of Dutch buurten with a more
    favourable composite. Indicators with only a Nederland value in the profile are compared with it.
    The indicators with neither are named: "geen landelijke vergelijking voor …".
    """
    inds = list(used)
    nat = _nationaal(referentie, inds)
    comparable = [i for i in inds if i not in nat and i in nl.index and pd.notna(nl.get(i))]
    geen = [i for i in inds if i not in nat and i not in comparable]
    pct = np.full(len(wide), np.nan)
    if nat:
        ref = referentie[nat].astype(float)
        both = pd.concat([wide[nat].astype(float), ref])
        sign = np.array([1.0 if used[i][2] == "hoger_slechter" else -1.0 for i in nat])
        mask = np.r_[np.zeros(len(wide), bool), np.ones(len(ref), bool)]
        Z = np.column_stack([sign[j] * _robuuste_z(both[i].to_numpy()[None, :], mask)[0]
                             for j, i in enumerate(nat)])
        w = np.array([dim_w[used[i][0]] * used[i][1] for i in nat])
        av = ~np.isnan(Z)
        with np.errstate(invalid="ignore", divide="ignore"):
            comp = (np.nan_to_num(Z) * w).sum(axis=1) / (av * w).sum(axis=1)
        own, natc = comp[: len(wide)], comp[len(wide):]
        natc = natc[~np.isnan(natc)]
        if len(natc):
            lager = np.searchsorted(np.sort(natc), np.nan_to_num(own), side="left") / len(natc)
            pct = np.where(~np.isnan(own) & scored, 100.0 * lager, np.nan)
            pct = np.round(pct, 1)
    if geen and len(geen) == len(inds):
        staart = "geen landelijke vergelijking: van geen van deze indicatoren zijn er cijfers voor alle buurten"
    elif geen:
        staart = ("geen landelijke vergelijking voor " + _opsomming([_klein(labels[i]) for i in geen])
                  + " (geen cijfers voor alle buurten)")
    else:
        staart = ""
    text = []
    heeft_nat = wide[nat].notna().to_numpy() if nat else np.zeros((len(wide), 0), bool)
    if comparable:
        cv = wide[comparable].astype(float).to_numpy()
        nlv = np.array([float(nl[i]) for i in comparable])
        beter_hoog = np.array([used[i][2] == "hoger_beter" for i in comparable])
        ongunstig = np.where(beter_hoog[None, :], cv < nlv[None, :], cv > nlv[None, :]) & ~np.isnan(cv)
        n_worse, n_have = ongunstig.sum(axis=1), (~np.isnan(cv)).sum(axis=1)
    else:
        n_worse = n_have = np.zeros(len(wide), int)
    opsommingen: dict[tuple, str] = {}
    for k in range(len(wide)):
        parts = []
        sleutel = tuple(np.flatnonzero(heeft_nat[k]))
        if sleutel and not np.isnan(pct[k]):
            if sleutel not in opsommingen:
                opsommingen[sleutel] = _opsomming([_klein(labels[nat[j]]) for j in sleutel])
            parts.append(f"ongunstiger dan {getal(pct[k])} % van de buurten in Nederland op " + opsommingen[sleutel])
        worse, m = int(n_worse[k]), int(n_have[k])
        if m:
            parts.append(f"ongunstiger dan Nederland op {worse} van {m} indicator{'en' if m != 1 else ''}")
        if staart:
            parts.append(staart)
        text.append("; ".join(parts) if parts else "geen landelijke cijfers")
    return text, pct


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
        what the national figures hold (``attrs["indicatoren"]``).

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
    out = pd.DataFrame(cols, index=wide.index)
    out.attrs["indicatoren"] = list(cols)
    out.attrs["landelijk"] = _nationaal(out, list(cols))
    return out


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
    >>> len(ref), "woz_waarde" in ref.attrs["landelijk"], "leeftijd_65plus_aandeel" in ref.attrs["landelijk"]
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
    ref = _REFERENTIES[sleutel]
    out = ref.copy()
    out.attrs = dict(ref.attrs)
    return out


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
        parts.append(f"{niet} {'heeft' if niet == 1 else 'hebben'} geen score (te weinig inwoners of gegevens)")
    return "; ".join(parts) + "."
