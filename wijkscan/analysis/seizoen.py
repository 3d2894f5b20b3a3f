"""Patterns over years: seasonality per category and months × areas that are unusual for themselves.

With two or more years of meldingen:

* :func:`seizoenspatroon` — the monthly profile per category (index: an average month = 100);
* :func:`ongewone_maanden` — for each area (and category) the expected count of every month from
  a Poisson regression (GLM, log link) on calendar month (a seasonal profile shared by the areas
  of a category), a linear trend per area (year effect) and an area level. Each month × area is
  tested against its own expected value, then Benjamini–Hochberg over all cells tested (false
  discovery rate ``alpha``). Reported in plain Dutch, as counts: "In juni 2025 kwamen in Pittelo
  253 meldingen over overlast dier binnen in plaats van ongeveer 2" (a ratio "2,1× zoveel" only
  where about 5 or more were expected; "bijna geen" where less than 1 was).

Robust to a few extreme months (the documented choice, issue 18): the model is fitted, months whose
Pearson residual exceeds 3 are left out of the fit and it is fitted again, so a burst does not shape
its own baseline (a leave-the-outliers-out baseline). The overdispersion φ (Pearson, from the months
that shaped the baseline only, at least 1) widens every test into a negative-binomial tail with
variance φ·μ, so one burst does not inflate φ and hide — or flag — every other month. Only months of
regular registration are used (:func:`registratieperiode`: months before the system went live and an
incomplete last month are left out, and so is the first month when registration began during it — fewer
than ``VOLLEDIG`` (3/4) of the next three months; a category that began later is modelled from its own
start), and
a month is reported only when it or its expectation reaches ``min_aantal``.

Measured on the derived 36-month Assen sample (``assen_afgeleid_36_maanden``, 16,938 meldingen, per
wijk × category): 9 flags of 1,273 cells tested (7 per 1,000), all 9 in the two unusual months the
sample was built with (wegen × 3 in February 2025: 8 of 10 wijken; afval × 3 in Assen-Oost in
September 2024), so no other month is flagged; a planted burst (250 meldingen where about 2 are expected, or 2,5× a month of
about 28) is found and changes no other flag (``tests/test_meldingen_seizoen.py``).

For short data (less than two years) use :func:`wijkscan.analysis.meldingen.patronen`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import OngeldigeInvoer
from ..nlformat import getal
from .meldingen_toewijzing import Gebieden

MAANDEN = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"]
MIN_MAANDEN = 24
TOETS = ("Poisson-regressie (GLM, log-link) per categorie met een seizoenspatroon per kalendermaand, een trend en "
         "een niveau per gebied; tweezijdige toets per maand en gebied tegen de eigen verwachting, gecorrigeerd voor "
         "overdispersie; Benjamini-Hochberg-correctie voor het aantal toetsen")


def _maanden(meldingen: pd.DataFrame) -> pd.PeriodIndex:
    d = pd.to_datetime(meldingen["datum"])
    if d.isna().all() or len(d) == 0:
        raise OngeldigeInvoer("Er zijn geen meldingen met een datum; een seizoenspatroon kan dan niet.")
    return pd.period_range(d.min().to_period("M"), d.max().to_period("M"), freq="M")


#: a first month of regular registration below this share of the next three months is taken as incomplete
#: (registration began during it, e.g. on the 18th) and left out of seasons and unusual months
VOLLEDIG = 0.75


def _volledig(maanden: pd.PeriodIndex, meldingen: pd.DataFrame) -> pd.PeriodIndex:
    """The months of regular registration without an incomplete first month (go-live during the month)."""
    if len(maanden) < 4:
        return maanden
    per = pd.to_datetime(meldingen["datum"]).dt.to_period("M")
    n = per[per.isin(maanden[:4])].value_counts().reindex(maanden[:4], fill_value=0).to_numpy(dtype=float)
    return maanden[1:] if n[0] < VOLLEDIG * float(np.median(n[1:])) else maanden


def _controleer_lengte(maanden: pd.PeriodIndex) -> None:
    if len(maanden) < MIN_MAANDEN:
        raise OngeldigeInvoer(
            f"De meldingen beslaan {getal(len(maanden))} {'maand' if len(maanden) == 1 else 'maanden'}; voor een "
            f"seizoenspatroon zijn er minstens {MIN_MAANDEN} nodig (twee jaar). Gebruik voor korte reeksen "
            "wijkscan.analysis.meldingen.patronen(...)."
        )


def seizoenspatroon(meldingen: pd.DataFrame, kolom: str = "categorie") -> pd.DataFrame:
    """Monthly profile per category: index 100 = an average month of that category (over all years).

    Example
    -------
    >>> d = pd.date_range("2022-01-01", "2024-12-31", freq="D")
    >>> m = pd.DataFrame({"datum": d, "categorie": np.where(d.month.isin([6, 7, 8]), "Groen", "Afval")})
    >>> p = seizoenspatroon(m)
    >>> int(p.loc["Groen", "juli"]), int(p.loc["Groen", "januari"])
    (404, 0)
    """
    _controleer_lengte(_maanden(meldingen))
    reg = registratieperiode(meldingen, kolom).iloc[0]      # only the months of regular registration
    maanden = _volledig(pd.period_range(reg.begin, reg.eind, freq="M"), meldingen)
    _controleer_lengte(maanden)
    per = pd.to_datetime(meldingen["datum"]).dt.to_period("M")
    binnen = ((per >= reg.begin) & (per <= reg.eind)).to_numpy()
    t = pd.crosstab(meldingen[kolom].astype(str)[binnen], per[binnen]).reindex(columns=maanden, fill_value=0)
    kal = pd.Series(maanden.month, index=maanden)
    gem = t.T.groupby(kal.to_numpy()).mean().T            # mean count per calendar month
    gem = gem.reindex(columns=range(1, 13))
    index = gem.div(gem.mean(axis=1), axis=0) * 100
    index.columns = MAANDEN
    index.attrs["toelichting"] = ("Seizoenspatroon: gemiddeld aantal meldingen per kalendermaand, als index "
                                  "(100 = een gemiddelde maand van die categorie), over de maanden van regelmatige "
                                  f"registratie in volledige maanden (van {_maand(maanden[0])} t/m {_maand(maanden[-1])}).")
    return index.round(0)


def _poisson_glm(X: np.ndarray, y: np.ndarray, gewicht: np.ndarray | None = None, iteraties: int = 50) -> np.ndarray:
    """Poisson GLM (log link) by iteratively reweighted least squares; returns the fitted means of all rows.

    ``gewicht`` (0/1) leaves rows out of the fit (used to keep outlying months out of their own baseline).
    """
    gewicht = np.ones(len(y)) if gewicht is None else gewicht.astype(float)
    mu = np.maximum(y, 0.5).astype(float)
    eta = np.log(mu)
    beta = np.zeros(X.shape[1])
    for _ in range(iteraties):
        z = eta + (y - mu) / mu
        w = mu * gewicht
        Xw = X * w[:, None]
        nieuw = np.linalg.lstsq(Xw.T @ X + 1e-8 * np.eye(X.shape[1]), Xw.T @ z, rcond=None)[0]
        klaar = np.max(np.abs(nieuw - beta)) < 1e-8
        beta = nieuw
        eta = np.clip(X @ beta, -30, 30)
        mu = np.exp(eta)
        if klaar:
            break
    return mu


def _bh(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values."""
    n = len(p)
    if n == 0:
        return p
    orde = np.argsort(p)
    q = p[orde] * n / np.arange(1, n + 1)
    q = np.minimum.accumulate(q[::-1])[::-1]
    out = np.empty(n)
    out[orde] = np.minimum(q, 1.0)
    return out


def ongewone_maanden(
    meldingen: pd.DataFrame,
    gebieden: Gebieden | None = None,
    niveau: str | None = "wijk",
    kolom: str | None = "categorie",
    *,
    gebied_kolom: str | None = None,
    alpha: float = 0.05,
    min_aantal: int = 5,
) -> pd.DataFrame:
    """Months × areas (× category) with unusually many or few meldingen for that area and season.

    Parameters
    ----------
    meldingen : GeoDataFrame
        With ``datum`` (and ``kolom``); two years or more.
    gebieden : GemeenteData or GeoDataFrame, optional
        Areas to assign the meldingen to (point-in-polygon); or give ``gebied_kolom``.
    niveau : str
        Level of ``gebieden`` (``"wijk"``, ``"buurt"``).
    kolom : str or None
        Category column; None for all meldingen together.
    gebied_kolom : str, optional
        A column that already holds the area name (then ``gebieden`` is not needed).
    alpha : float
        False discovery rate for the Benjamini–Hochberg correction.
    min_aantal : int
        Only months with at least this many meldingen (observed or expected) are reported, so that
        small counts are never highlighted.

    Returns
    -------
    DataFrame
        One row per unusual cell: ``maand, gebied, categorie, aantal, verwacht, verhouding, p, q, tekst``,
        sorted by ``q``. ``attrs["toets"]`` states the test; ``attrs["getoetst"]`` the number of cells.

    Example
    -------
    >>> rng = np.random.default_rng(1)
    >>> dagen = pd.date_range("2022-01-01", "2024-12-31", freq="D")
    >>> n = rng.poisson(3, len(dagen))
    >>> m = pd.DataFrame({"datum": np.repeat(dagen, n), "categorie": "Afval", "wijk": "Peelo"})
    >>> extra = pd.DataFrame({"datum": pd.date_range("2023-03-01", periods=90, freq="8h"), "categorie": "Afval",
    ...                       "wijk": "Peelo"})
    >>> r = ongewone_maanden(pd.concat([m, extra]), gebied_kolom="wijk")
    >>> r.tekst.iloc[0]
    'In maart 2023 kwamen in Peelo 194 meldingen over afval binnen in plaats van ongeveer 93 (2,1× zoveel).'
    """
    _controleer_lengte(_maanden(meldingen))
    reg = registratieperiode(meldingen, kolom) if kolom else registratieperiode(meldingen, "-")
    maanden = _volledig(pd.period_range(reg.begin.iloc[0], reg.eind.iloc[0], freq="M"), meldingen)   # regular only
    _controleer_lengte(maanden)
    if gebied_kolom is None:
        if gebieden is None:
            raise OngeldigeInvoer("Geef gebieden=wijkscan.load(...) of gebied_kolom='<kolom met het gebied>'.")
        from .meldingen_toewijzing import koppel_gebieden
        m = koppel_gebieden(meldingen, gebieden, niveau, "_gebied")
        gebied = m["_gebied_naam"].astype(object)
    else:
        m = meldingen
        gebied = m[gebied_kolom].astype(object)
    per = pd.to_datetime(m["datum"]).dt.to_period("M")
    cat = m[kolom].astype(str) if kolom else pd.Series("alle meldingen", index=m.index)
    ok = gebied.notna().to_numpy()
    t = pd.DataFrame({"gebied": gebied[ok].astype(str).to_numpy(), "cat": cat[ok].to_numpy(), "maand": per[ok].to_numpy()})
    rijen = []
    getoetst = 0
    for c, sub in t.groupby("cat"):
        cat_maanden = _cat_maanden(maanden, reg, c if kolom else None)   # a category that began later: from then
        if len(cat_maanden) < 12:
            continue
        nieuw, n = _toets_categorie(sub, cat_maanden, c, min_aantal)
        rijen += nieuw
        getoetst += n
    uit = pd.DataFrame(rijen, columns=["maand", "gebied", "categorie", "aantal", "verwacht", "p"])
    uit["q"] = _bh(uit["p"].to_numpy(dtype=float)) if len(uit) else []
    uit = uit[uit.q < alpha].copy()
    uit["verhouding"] = uit.aantal / uit.verwacht
    uit["tekst"] = [_zin(r, kolom is not None) for r in uit.itertuples()]
    uit = uit.sort_values(["q", "verhouding"], ascending=[True, False]).reset_index(drop=True)
    uit = uit[["maand", "gebied", "categorie", "aantal", "verwacht", "verhouding", "p", "q", "tekst"]]
    uit.attrs["toets"] = f"{TOETS} (FDR {getal(alpha * 100)}%)."
    uit.attrs["getoetst"] = getoetst
    return uit


def _toets_categorie(sub: pd.DataFrame, cat_maanden: pd.PeriodIndex, c: object, min_aantal: int
                     ) -> tuple[list[dict], int]:
    """The test of one category: a robust Poisson GLM (area level and trend, shared season), NB tails."""
    tel = pd.crosstab([sub.gebied], sub.maand).reindex(columns=cat_maanden, fill_value=0)
    tel = tel[tel.sum(axis=1) >= 2 * len(cat_maanden) / 12]       # areas with some meldingen at all
    if tel.empty:
        return [], 0
    G, T = tel.shape
    y = tel.to_numpy(dtype=float).ravel()
    g_idx = np.repeat(np.arange(G), T)
    t_idx = np.tile(np.arange(T), G)
    maand_nr = np.asarray(cat_maanden.month)[t_idx]
    trend = (t_idx - (T - 1) / 2) / 12.0
    kol = [np.eye(G)[g_idx]]                                       # level per area
    kol.append(np.eye(G)[g_idx] * trend[:, None])                 # trend per area
    kol.append(np.eye(12)[maand_nr - 1][:, 1:])                   # shared season (January = reference)
    X = np.hstack(kol)
    mu = _poisson_glm(X, y)
    # robust step: months far from their expectation do not shape their own baseline
    r = (y - mu) / np.sqrt(mu)
    houd = np.abs(r) <= 3.0
    if not houd.all():
        mu = _poisson_glm(X, y, houd)
    # overdispersion (Pearson) from the cells that shaped the baseline: a burst does not widen every test
    df_rest = max(int(houd.sum()) - X.shape[1], 1)
    phi = max(float(np.sum(((y - mu) ** 2 / mu)[houd]) / df_rest), 1.0)
    if phi > 1.0 + 1e-9:                                          # negative binomial with variance phi*mu
        n_nb = mu / (phi - 1.0)
        p_nb = n_nb / (n_nb + mu)
        boven = stats.nbinom.sf(y - 1, n_nb, p_nb)
        onder = stats.nbinom.cdf(y, n_nb, p_nb)
    else:
        boven = stats.poisson.sf(y - 1, mu)
        onder = stats.poisson.cdf(y, mu)
    p = np.minimum(1.0, 2 * np.minimum(boven, onder))
    telbaar = (y >= min_aantal) | (mu >= min_aantal)
    rijen = []
    for i in np.nonzero(telbaar)[0]:
        rijen.append({"maand": cat_maanden[t_idx[i]], "gebied": tel.index[g_idx[i]], "categorie": c,
                      "aantal": int(y[i]), "verwacht": float(mu[i]), "p": float(p[i])})
    return rijen, int(telbaar.sum())


def _zin(r: Any, met_categorie: bool) -> str:   # r: a row of DataFrame.itertuples()
    maand = f"{MAANDEN[r.maand.month - 1]} {r.maand.year}"
    over = f" over {str(r.categorie).lower()}" if met_categorie else ""
    verwacht = int(round(r.verwacht))
    # a ratio only where the expected count is large enough to carry one; below 1 the expectation is "bijna geen"
    keer = f" ({getal(r.verhouding, 1)}× zoveel)" if r.verwacht >= 5 and r.verhouding >= 1 else ""
    if r.verhouding >= 1:
        plaats = "bijna geen" if verwacht == 0 else f"ongeveer {getal(verwacht)}"
        return (f"In {maand} kwamen in {r.gebied} {getal(r.aantal)} "
                f"{'melding' if r.aantal == 1 else 'meldingen'}{over} binnen in plaats van {plaats}{keer}.")
    return (f"In {maand} kwamen in {r.gebied} minder meldingen{over} binnen dan verwacht: {getal(r.aantal)} in "
            f"plaats van ongeveer {getal(verwacht)}.")


def _cat_maanden(maanden: pd.PeriodIndex, reg: pd.DataFrame, cat: str | None) -> pd.PeriodIndex:
    """The months of regular registration of one category (the export's months without a category)."""
    if cat is None or cat not in reg.index or pd.isna(reg.loc[cat, "begin"]):
        return maanden if cat is None else maanden[:0]
    return maanden[(maanden >= reg.loc[cat, "begin"]) & (maanden <= reg.loc[cat, "eind"])]


# ---------------------------------------------------------------------------------------------
# registration start and changes (issue 18, point 7)

#: a month counts as regular registration from this share of the usual level (the median of the busiest quarter
#: of the months: robust to one heavy month, and not pulled down by the months before go-live)
REGULIER = 0.25


def _gewoon_niveau(aantallen: pd.Series) -> float:
    a = aantallen.to_numpy(dtype=float)
    if not len(a):
        return 0.0
    return float(np.median(a[a >= np.percentile(a, 75)]))


def _eerste_regulier(aantallen: pd.Series, niveau: float) -> int | None:
    """Index of the first month from which this month and the next two are at least REGULIER × niveau."""
    ok = (aantallen.to_numpy(dtype=float) >= REGULIER * niveau) & (niveau > 0)
    for i in range(len(ok)):
        if ok[i:i + 3].all():
            return i
    return None


def registratieperiode(meldingen: pd.DataFrame, kolom: str = "categorie") -> pd.DataFrame:
    """The months of regular registration: for the whole export and per category, with changes in words.

    An export often starts with a few meldingen from before the system went live (old cases carried
    over, or only the ones still open), and may end in a month that is not complete. The first month of
    regular registration is the first month from which three months in a row reach a quarter of the
    usual level (the median of the busiest quarter of the months); the last month is the last complete one.
    Per category the same rule gives its own first and last month; a category that starts later or
    stops earlier than the export is a **registration change** ("categorie bestaat sinds maart 2022"),
    not a trend. Trends, seasons and unusual months should use only the regular months.

    Returns one row for the export (``categorie`` = ``"(alle meldingen)"``) and one per category:
    ``begin``, ``eind`` (monthly periods; NaT when the category has no regular months) and ``tekst``.

    Example
    -------
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> r = registratieperiode(assen_meldingen().meldingen)
    >>> str(r.loc["(alle meldingen)", "begin"]), str(r.loc["(alle meldingen)", "eind"])
    ('2026-05', '2026-07')
    """
    d = pd.to_datetime(meldingen["datum"])
    maanden = _maanden(meldingen)
    laatste = d.max()
    eind = maanden[-1] if laatste.normalize() >= (maanden[-1].end_time.normalize() - pd.Timedelta(days=1)) \
        else maanden[-2] if len(maanden) > 1 else maanden[-1]
    per_maand = d.dt.to_period("M")
    alle = per_maand.value_counts().reindex(maanden, fill_value=0)
    i = _eerste_regulier(alle[alle.index <= eind], _gewoon_niveau(alle[alle.index <= eind]))
    begin = alle.index[i] if i is not None else maanden[0]
    rijen = [("(alle meldingen)", begin, eind, f"regelmatig geregistreerd van {_maand(begin)} t/m {_maand(eind)}")]
    if kolom in meldingen.columns:
        tabel = pd.crosstab(per_maand, meldingen[kolom].astype(str)).reindex(maanden, fill_value=0)
        tabel = tabel[(tabel.index >= begin) & (tabel.index <= eind)]
        for cat in tabel.columns:
            rijen.append((cat, *_categorie_periode(tabel[cat], begin, eind)))
    out = pd.DataFrame(rijen, columns=[kolom, "begin", "eind", "tekst"]).set_index(kolom)
    return out


def _categorie_periode(aantallen: pd.Series, begin: pd.Period, eind: pd.Period) -> tuple:
    niveau = _gewoon_niveau(aantallen[aantallen > 0])
    i = _eerste_regulier(aantallen, niveau)
    if i is None:
        return pd.NaT, pd.NaT, "te weinig meldingen voor een regelmatige reeks"
    ok = aantallen.to_numpy(dtype=float) >= REGULIER * niveau
    j = int(np.flatnonzero(ok)[-1])
    cb, ce = aantallen.index[i], aantallen.index[j]
    delen = []
    if cb > begin + 2:
        delen.append(f"categorie bestaat sinds {_maand(cb)}")
    if ce < eind - 2:
        delen.append(f"categorie komt na {_maand(ce)} (bijna) niet meer voor")
    return cb, ce, "; ".join(delen) or "hele periode"


def _maand(p: pd.Period) -> str:
    return f"{MAANDEN[p.month - 1]} {p.year}"
