"""Meldingen over time: counts per period, trends (quasi-Poisson) and two periods compared (stage: time).

Part of :mod:`wijkscan.analysis.meldingen` (see there).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any, Literal, TypeAlias

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import OngeldigeInvoer
from ..nlformat import getal
from .meldingenfeiten import Meldingen, Meldingenfeiten, meldingen_van

__all__ = ["Datum", "tel_per_periode", "trend", "vergelijk_perioden"]

#: A day: ``"2026-07-01"``, a ``datetime.date`` or a ``pandas.Timestamp``.
Datum: TypeAlias = "str | date | pd.Timestamp"


# ---------------------------------------------------------------------------------------------
# periods and trend

_FREQ = {"maand": "M", "week": "W-SUN", "dag": "D", "kwartaal": "Q", "jaar": "Y"}


def _periode_freq(periode: str) -> str:
    if periode not in _FREQ:
        raise OngeldigeInvoer(f"periode={periode!r} ken ik niet; kies uit {', '.join(_FREQ)}.")
    return _FREQ[periode]


def _dekking(meldingen: pd.DataFrame, feiten: Meldingenfeiten, vanaf: Datum | None,
             tot: Datum | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    d = pd.to_datetime(meldingen["datum"])
    begin = pd.Timestamp(vanaf) if vanaf is not None else (
        pd.Timestamp(feiten.volledig_vanaf) if feiten.volledig_vanaf is not None else d.min())
    eind = pd.Timestamp(tot) if tot is not None else d.max().normalize() + pd.Timedelta(days=1)
    return begin.normalize(), eind


def tel_per_periode(
    meldingen: Meldingen,
    periode: Literal["dag", "week", "maand", "kwartaal", "jaar"] = "maand",
    per: str | None = None,
    *,
    vanaf: Datum | None = None,
    tot: Datum | None = None,
) -> pd.DataFrame:
    """Meldingen per month (week, ...), marking incomplete periods, with a fitted trend.

    A period is *volledig* when the data cover it entirely: from ``vanaf`` (default the import's
    ``volledig_vanaf``, or the first date) up to ``tot`` (exclusive; default the day after the last
    melding). The trend (see :func:`trend`) is fitted on complete periods only.

    Parameters
    ----------
    meldingen : MeldingenImport or DataFrame
        What :func:`wijkscan.lees_meldingen` returned (preferred). A bare table says nothing of where the
        registration is complete: then every period from the first melding counts as covered.
    periode : {"dag", "week", "maand", "kwartaal", "jaar"}
        Weeks run Monday–Sunday.
    per : str, optional
        A column (e.g. ``"categorie"``): gives a wide table periods × values, without trend.
    vanaf, tot : date-like, optional

    Returns
    -------
    DataFrame
        Indexed by period label: ``begin, eind`` (exclusive), ``dagen, aantal, volledig, trend`` (the
        fitted count); the trend itself, with its sentence, is :func:`trend`.

    Example
    -------
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> t = tel_per_periode(assen_meldingen(), "week")
    >>> int(t.loc["2026-W25", "aantal"]), bool(t.loc["2026-W25", "volledig"])
    (284, True)
    """
    meldingen, feiten = meldingen_van(meldingen)
    freq = _periode_freq(periode)
    d = pd.to_datetime(meldingen["datum"])
    p = d.dt.to_period(freq)
    dek_begin, dek_eind = _dekking(meldingen, feiten, vanaf, tot)
    if len(p.dropna()) == 0:
        raise OngeldigeInvoer("Er zijn geen meldingen met een datum om te tellen.")
    eerste = min(p.min(), pd.Period(dek_begin, freq=freq))
    laatste = max(p.max(), pd.Period(dek_eind - pd.Timedelta(days=1), freq=freq))
    alle = pd.period_range(eerste, laatste, freq=freq)
    begin = alle.start_time
    eind = (alle + 1).start_time
    labels = [_label(q, periode) for q in alle]
    volledig = (begin >= dek_begin) & (eind <= dek_eind)
    if per is not None:
        if per not in meldingen.columns:
            raise OngeldigeInvoer(f"Kolom {per!r} staat niet in de meldingen.")
        waarden = meldingen[per].astype(object).fillna("(leeg)")
        wide = pd.crosstab(p, waarden).reindex(alle, fill_value=0)
        wide.index = labels
        wide.insert(0, "volledig", np.asarray(volledig))
        wide.index.name = "periode"
        wide.columns.name = None
        return wide
    counts = p.value_counts().reindex(alle, fill_value=0).to_numpy()
    t = pd.DataFrame({
        "begin": begin, "eind": eind, "dagen": (eind - begin).days, "aantal": counts,
        "volledig": np.asarray(volledig),
    }, index=pd.Index(labels, name="periode"))
    t["trend"] = _poisson_trend(t["aantal"].to_numpy(), t["dagen"].to_numpy(), t["volledig"].to_numpy())["fit"]
    return t


def _label(q: pd.Period, periode: str) -> str:
    if periode == "week":
        iso = q.start_time.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if periode == "maand":
        return q.strftime("%Y-%m")
    return str(q)


def _poisson_trend(y: np.ndarray, dagen: np.ndarray, mask: np.ndarray) -> dict[str, Any]:
    """Log-linear Poisson trend with exposure (days), quasi-Poisson standard error."""
    fit = np.full(len(y), np.nan)
    yy, tt, ee = y[mask].astype(float), np.arange(len(y))[mask].astype(float), dagen[mask].astype(float)
    leeg = {"fit": fit, "perioden": int(mask.sum()), "verandering_pct": np.nan, "p_waarde": np.nan,
            "betrouwbaarheid_95": (np.nan, np.nan), "dispersie": np.nan}
    if len(yy) < 3 or yy.sum() == 0:
        return leeg
    tc = tt - tt.mean()
    X = np.column_stack([np.ones_like(tc), tc])
    off = np.log(ee)
    beta = np.array([math.log(yy.sum() / ee.sum()), 0.0])
    for _ in range(100):
        eta = X @ beta + off
        mu = np.exp(eta)
        z = eta - off + (yy - mu) / mu
        xtw = X.T * mu
        nieuw = np.linalg.solve(xtw @ X, xtw @ z)
        if np.max(np.abs(nieuw - beta)) < 1e-10:
            beta = nieuw
            break
        beta = nieuw
    mu = np.exp(X @ beta + off)
    cov = np.linalg.inv((X.T * mu) @ X)
    df = len(yy) - 2
    phi = max(float(np.sum((yy - mu) ** 2 / mu) / df), 1.0) if df > 0 else 1.0
    se = math.sqrt(cov[1, 1] * phi)
    b = float(beta[1])
    zstat = b / se if se > 0 else np.nan
    # t reference distribution for the quasi-Poisson scale
    p = float(2 * stats.t.sf(abs(zstat), df)) if df > 0 else np.nan
    alle_t = np.arange(len(y)) - tt.mean()
    fit = np.exp(beta[0] + beta[1] * alle_t + np.log(dagen.astype(float)))
    fit[~mask] = np.nan
    q = stats.t.ppf(0.975, df) if df > 0 else np.nan
    return {"fit": fit, "perioden": int(mask.sum()), "verandering_pct": 100 * (math.exp(b) - 1),
            "p_waarde": p, "betrouwbaarheid_95": (100 * (math.exp(b - q * se) - 1), 100 * (math.exp(b + q * se) - 1)),
            "dispersie": phi}


def _trend_tekst(tr: dict[str, Any], periode: str) -> str:
    if tr["perioden"] < 3 or not np.isfinite(tr["verandering_pct"]):
        return f"Te weinig volledige perioden ({tr['perioden']}) voor een trend; er zijn er minstens 3 nodig."
    richting = "stijgend" if tr["verandering_pct"] > 0 else "dalend"
    sig = tr["p_waarde"] < 0.05
    basis = (f"{getal(abs(tr['verandering_pct']), 1)}% {'meer' if tr['verandering_pct'] > 0 else 'minder'} "
             f"meldingen per {periode} over {tr['perioden']} volledige perioden "
             f"(p = {getal(tr['p_waarde'], 3)})")
    if sig:
        return f"Trend {richting}: {basis}."
    return f"Geen duidelijke trend: {basis}, niet significant."


def trend(
    meldingen: Meldingen,
    periode: Literal["week", "maand", "kwartaal", "jaar"] = "maand",
    per: str | None = None,
    *,
    vanaf: Datum | None = None,
    tot: Datum | None = None,
) -> pd.DataFrame:
    """Trend per period: a log-linear Poisson regression (quasi-Poisson errors) on complete periods.

    The model is ``log E[aantal] = a + b·t + log(dagen)``; ``verandering_pct = 100·(e^b − 1)`` is the
    change per period. The standard error is scaled by the Pearson dispersion (when > 1) and tested
    against a t distribution, so overdispersed counts do not produce false trends. Give the import
    (what :func:`wijkscan.lees_meldingen` returned): only periods after its ``volledig_vanaf`` count; a
    bare table says nothing of that, so every period from the first melding counts.

    Returns
    -------
    DataFrame
        One row (``totaal``) or one per value of ``per``: ``perioden, aantal, verandering_pct,
        ondergrens_95, bovengrens_95, p_waarde, zin``.

    Example
    -------
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> t = trend(assen_meldingen(), "week")
    >>> int(t.loc["totaal", "perioden"])
    11
    """
    meldingen, feiten = meldingen_van(meldingen)
    groepen: list[tuple[str, pd.DataFrame]] = [("totaal", meldingen)]
    if per is not None:
        if per not in meldingen.columns:
            raise OngeldigeInvoer(f"Kolom {per!r} staat niet in de meldingen.")
        w = meldingen[per].astype(object).fillna("(leeg)")
        groepen = [(str(k), meldingen[w == k]) for k in sorted(w.unique())]
    rows = []
    dek = _dekking(meldingen, feiten, vanaf, tot)
    for naam, m in groepen:
        t = tel_per_periode(m, periode, vanaf=dek[0], tot=dek[1]) if len(m) else None
        if t is None:
            continue
        tr = _poisson_trend(t["aantal"].to_numpy(), t["dagen"].to_numpy(), t["volledig"].to_numpy())
        tr["tekst"] = _trend_tekst(tr, periode)
        rows.append({per or "groep": naam, "perioden": tr["perioden"], "aantal": int(t["aantal"][t.volledig].sum()),
                     "verandering_pct": tr["verandering_pct"], "ondergrens_95": tr["betrouwbaarheid_95"][0],
                     "bovengrens_95": tr["betrouwbaarheid_95"][1], "p_waarde": tr["p_waarde"],
                     "zin": tr["tekst"]})
    return pd.DataFrame(rows).set_index(per or "groep")


def _periode(begin: Datum, eind: Datum) -> tuple[pd.Timestamp, pd.Timestamp, int]:
    b = pd.Timestamp(begin).normalize()
    e = pd.Timestamp(eind).normalize() + pd.Timedelta(days=1)   # eind is inclusive
    dagen = (e - b).days
    if dagen <= 0:
        raise OngeldigeInvoer("De einddatum ligt vóór de begindatum; geef begin en eind (tot en met) op.")
    return b, e, dagen


def vergelijk_perioden(
    meldingen: Meldingen,
    begin: Datum,
    eind: Datum,
    per: str | None = None,
) -> pd.DataFrame:
    """Compare a period (``begin`` up to and including ``eind``) with the same-length period before.

    The p-value is the exact conditional binomial test of two Poisson counts with equal exposure:
    given ``n = nu + voor``, ``nu ~ Binomial(n, ½)`` when nothing changed (two-sided). Give the
    import (what :func:`wijkscan.lees_meldingen` returned): then a note says when the previous period
    starts before the registration is complete; a bare table says nothing of that.

    Returns
    -------
    DataFrame
        ``nu, vorige, verschil, verandering_pct, p_waarde`` per value of ``per`` (plus ``totaal``);
        ``attrs`` hold the two periods and notes.

    Example
    -------
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> v = vergelijk_perioden(assen_meldingen(), "2026-07-01", "2026-07-31")
    >>> v.loc["totaal", ["nu", "vorige"]].tolist()
    [977, 1229]
    """
    meldingen, feiten = meldingen_van(meldingen)
    b, e, dagen = _periode(begin, eind)
    vb = b - pd.Timedelta(days=dagen)
    d = pd.to_datetime(meldingen["datum"])
    nu_m = ((d >= b) & (d < e)).to_numpy()
    voor_m = ((d >= vb) & (d < b)).to_numpy()
    if per is not None and per not in meldingen.columns:
        raise OngeldigeInvoer(f"Kolom {per!r} staat niet in de meldingen.")
    w = (meldingen[per].astype(object).fillna("(leeg)") if per else pd.Series("totaal", index=meldingen.index))
    nu = w[nu_m].value_counts()
    voor = w[voor_m].value_counts()
    t = pd.DataFrame({"nu": nu, "vorige": voor}).fillna(0).astype("int64")
    if per is not None:
        t.loc["totaal"] = [int(nu_m.sum()), int(voor_m.sum())]
    t["verschil"] = t["nu"] - t["vorige"]
    t["verandering_pct"] = (100 * t["verschil"] / t["vorige"].where(t["vorige"] > 0)).astype("Float64")
    t["p_waarde"] = [stats.binomtest(int(a), int(a + c), 0.5).pvalue if a + c > 0 else np.nan
                     for a, c in zip(t["nu"], t["vorige"], strict=True)]
    t.index.name = per or "groep"
    t.attrs["periode"] = (b.date(), (e - pd.Timedelta(days=1)).date())
    t.attrs["vorige_periode"] = (vb.date(), (b - pd.Timedelta(days=1)).date())
    opm = []
    if feiten.volledig_vanaf is not None and vb < pd.Timestamp(feiten.volledig_vanaf):
        opm.append(f"De vorige periode begint vóór {feiten.volledig_vanaf}, toen de gegevens nog niet "
                   "volledig waren: de vergelijking is scheef.")
    t.attrs["opmerkingen"] = opm
    return t
