"""Patterns: area × category cells that rose against a reference period, with FDR control (stage: patterns).

Part of :mod:`wijkscan.analysis.meldingen` (see there for the tests).
"""

from __future__ import annotations

from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy import stats

from ..errors import OngeldigeInvoer
from ..nlformat import datum as nl_datum
from ..nlformat import getal
from .meldingen_tijd import Datum, _periode
from .meldingen_toewijzing import GEEN_GEBIED, Gebieden, _koppel, _vlakken
from .meldingenfeiten import Meldingen, Meldingenfeiten, meldingen_van

__all__ = ["patronen"]


# ---------------------------------------------------------------------------------------------
# patterns


def patronen(
    meldingen: Meldingen,
    gebieden: Gebieden,
    begin: Datum,
    eind: Datum,
    niveau: str | None = "buurt",
    per: str = "categorie",
    *,
    toets: Literal["rest_gemeente", "eigen_historie"] = "rest_gemeente",
    referentie_begin: Datum | None = None,
    alpha: float = 0.05,
    min_aantal: int = 5,
) -> pd.DataFrame:
    """Area × category cells whose meldingen rose significantly in a period.

    The period is ``begin`` up to and including ``eind``; the reference period is the same number of
    days just before it, or ``[referentie_begin, begin)``. See the module docstring for the two tests
    (Fisher's exact test against the rest of the gemeente; conditional binomial test against the
    cell's own history) and the Benjamini–Hochberg correction. ``meldingen`` is what
    :func:`wijkscan.lees_meldingen` returned (preferred; then a note says when the reference period
    starts before the registration is complete) or its GeoDataFrame alone (nothing known of that).

    Returns
    -------
    DataFrame
        One row per tested cell, signals first: ``gebied, naam, <per>, nu, voor, dagen_nu,
        dagen_voor, rest_nu, rest_voor, verwacht_nu, verhouding, p_eigen_historie, p_rest_gemeente,
        q_waarde, signaal, zin`` (a Dutch sentence). ``attrs`` describe the method (``toets``,
        ``periode``, ``referentie``, ``toelichting``, ``opmerking``).

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> assen = wijkscan.load("Assen", bron="ingebouwd")
    >>> p = patronen(assen_meldingen(), assen, "2026-07-01", "2026-07-31", "wijk")
    >>> list(p.columns[:4])
    ['gebied', 'naam', 'categorie', 'nu']
    """
    meldingen, feiten = meldingen_van(meldingen)
    if toets not in ("rest_gemeente", "eigen_historie"):
        raise OngeldigeInvoer("toets moet 'rest_gemeente' of 'eigen_historie' zijn.")
    if per not in meldingen.columns:
        raise OngeldigeInvoer(f"Kolom {per!r} staat niet in de meldingen.")
    b, e, dagen = _periode(begin, eind)
    rb = pd.Timestamp(referentie_begin).normalize() if referentie_begin is not None else b - pd.Timedelta(days=dagen)
    dagen_voor = (b - rb).days
    if dagen_voor <= 0:
        raise OngeldigeInvoer("referentie_begin moet vóór begin liggen.")
    vlakken = _vlakken(gebieden, niveau)
    tab = _tel_nu_en_voor(meldingen, vlakken, per, (rb, b, e))
    tab = _toets_cellen(tab[tab["nu"] >= min_aantal].copy(), dagen, dagen_voor, toets, alpha)
    tab.insert(1, "naam", tab["gebied"].map(vlakken["naam"].astype(str)))
    tab = tab.rename(columns={"cat": per})
    tab = tab.sort_values(["signaal", "q_waarde", "p_" + toets], ascending=[False, True, True], kind="stable")
    tab["zin"] = [_patroon_zin(r, per, b, e, toets, alpha) for _, r in tab.iterrows()]
    out = tab[["gebied", "naam", per, "nu", "voor", "dagen_nu", "dagen_voor", "rest_nu", "rest_voor", "verwacht_nu",
               "verhouding", "p_eigen_historie", "p_rest_gemeente", "q_waarde", "signaal", "zin"]].reset_index(drop=True)
    out.attrs.update(_beschrijving(feiten, out, per, toets, (rb, b, e), alpha, min_aantal))
    return out


def _tel_nu_en_voor(meldingen: gpd.GeoDataFrame, vlakken: gpd.GeoDataFrame, per: str,
                    grenzen: tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp]) -> pd.DataFrame:
    """Counts per area × category now and before, with the same category in the rest of the gemeente."""
    rb, b, e = grenzen
    idx, _ = _koppel(meldingen, vlakken)
    d = pd.to_datetime(meldingen["datum"]).to_numpy()
    fase = np.where((d >= b.to_datetime64()) & (d < e.to_datetime64()), "nu",
                    np.where((d >= rb.to_datetime64()) & (d < b.to_datetime64()), "voor", ""))
    data = pd.DataFrame({
        "gebied": np.where(idx >= 0, vlakken.index.to_numpy(dtype=object)[np.clip(idx, 0, None)], GEEN_GEBIED),
        "cat": meldingen[per].astype(object).fillna("(leeg)").to_numpy(),
        "fase": fase,
    })
    data = data[data.fase != ""]
    tab = data.groupby(["gebied", "cat", "fase"]).size().unstack("fase", fill_value=0)
    for k in ("nu", "voor"):
        if k not in tab:
            tab[k] = 0
    tab = tab[["nu", "voor"]].reset_index()
    tab.columns.name = None
    tab = tab[tab.gebied != GEEN_GEBIED]
    cat_tot = data.groupby(["cat", "fase"]).size().unstack("fase", fill_value=0).reindex(
        columns=["nu", "voor"], fill_value=0)
    tab["rest_nu"] = tab["cat"].map(cat_tot["nu"]).to_numpy() - tab["nu"]
    tab["rest_voor"] = tab["cat"].map(cat_tot["voor"]).to_numpy() - tab["voor"]
    return tab


def _toets_cellen(tab: pd.DataFrame, dagen: int, dagen_voor: int, toets: str, alpha: float) -> pd.DataFrame:
    """Both p-values per cell, the expected count under the chosen test, BH q-values and the signal."""
    p0 = dagen / (dagen + dagen_voor)
    tab["dagen_nu"] = dagen
    tab["dagen_voor"] = dagen_voor
    n = tab["nu"] + tab["voor"]
    tab["p_eigen_historie"] = stats.binom.sf(tab["nu"] - 1, n, p0) if len(tab) else []
    tab["p_rest_gemeente"] = [
        stats.fisher_exact([[a, c], [r1, r0]], alternative="greater").pvalue
        for a, c, r1, r0 in zip(tab["nu"], tab["voor"], tab["rest_nu"], tab["rest_voor"], strict=True)
    ]
    if toets == "eigen_historie":
        tab["verwacht_nu"] = n * p0
    else:
        share = tab["rest_nu"] / (tab["rest_nu"] + tab["rest_voor"]).where(lambda s: s > 0)
        tab["verwacht_nu"] = n * share.fillna(p0)
    tab["verhouding"] = tab["nu"] / tab["verwacht_nu"].where(tab["verwacht_nu"] > 0)
    tab["q_waarde"] = stats.false_discovery_control(tab["p_" + toets].to_numpy(), method="bh") if len(tab) else []
    stijging = tab["nu"] / dagen > tab["voor"] / dagen_voor
    tab["signaal"] = (tab["q_waarde"] <= alpha) & stijging
    return tab


def _beschrijving(feiten: Meldingenfeiten, out: pd.DataFrame, per: str, toets: str,
                  grenzen: tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp], alpha: float,
                  min_aantal: int) -> dict[str, object]:
    """The method in words (pandas metadata of the table: what was tested, over which periods)."""
    rb, b, e = grenzen
    uit: dict[str, object] = {
        "toets": toets,
        "periode": (b.date(), (e - pd.Timedelta(days=1)).date()),
        "referentie": (rb.date(), (b - pd.Timedelta(days=1)).date()),
        "toelichting": (
            "Getoetst per gebied en " + per + ": " + (
                "Fisher-exacttoets (eenzijdig) van nu/voor in het gebied tegen nu/voor in de rest van de gemeente"
                if toets == "rest_gemeente" else
                "voorwaardelijke binomiale toets van twee Poisson-aantallen (nu tegen de eigen voorgaande periode)")
            + f"; Benjamini-Hochberg-correctie over {len(out)} cellen met minstens {min_aantal} meldingen; "
            f"signaal bij q ≤ {getal(alpha, 2)} en een stijging."),
    }
    if feiten.volledig_vanaf is not None and rb < pd.Timestamp(feiten.volledig_vanaf):
        uit["opmerking"] = (f"De referentieperiode begint vóór {feiten.volledig_vanaf}, toen de "
                            "gegevens nog niet volledig waren.")
    return uit


def _patroon_zin(r: pd.Series, per: str, b: pd.Timestamp, e: pd.Timestamp, toets: str, alpha: float) -> str:
    van = nl_datum((b).date())
    tot = nl_datum((e - pd.Timedelta(days=1)).date())
    wat = f"{r['naam']}, {r[per]}: {getal(r['nu'])} meldingen van {van} tot en met {tot}, " \
          f"tegen {getal(r['voor'])} in de {getal(r['dagen_voor'])} dagen ervoor"
    if toets == "rest_gemeente":
        ref = (f"; in de rest van de gemeente {getal(r['rest_nu'])} tegen {getal(r['rest_voor'])}")
    else:
        ref = ""
    verw = f" (verwacht {getal(r['verwacht_nu'], 1)}"
    verw += f", {getal(r['verhouding'], 1)} keer zoveel)" if pd.notna(r["verhouding"]) else ")"
    p = f"p {_p(r['p_' + toets])}, na correctie q {_p(r['q_waarde'])}"
    if r["signaal"]:
        oordeel = ("een opvallende stijging, sterker dan in de rest van de gemeente" if toets == "rest_gemeente"
                   else "een opvallende stijging ten opzichte van de eigen voorgaande periode")
        return f"{wat}{ref}{verw}: {oordeel} ({p})."
    return f"{wat}{ref}{verw}: geen opvallende stijging ({p})."


def _p(p: float) -> str:
    if not np.isfinite(p):
        return "onbekend"
    return "< 0,001" if p < 0.001 else "= " + getal(p, 3)
