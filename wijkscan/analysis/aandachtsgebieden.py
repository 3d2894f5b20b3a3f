"""Aandachtsgebieden: a composite score per area that can be explained indicator by indicator.

Method (also in ``docs/aandachtsgebieden.md``):

1. Take a set of indicators with a weight and a direction (:data:`STANDAARD`; configurable).
2. Standardise each across the areas of the indeling with a **robust z-score**:
   ``(x − mediaan) / (1,4826 × MAD)`` (falls back to the standard deviation when the MAD is
   0), signed so that positive = less favourable, and clipped to ±3 so one extreme area
   cannot dominate. Units therefore do not matter.
3. Areas with fewer than ``min_inwoners`` inhabitants (default 250) are not scored: rates of
   tiny areas swing wildly, and a business park with 100 residents has "many crimes per
   1.000 inhabitants" because the crimes are not committed by or against its residents.
4. Score = Σ wᵢ·zᵢ / Σ wᵢ over the indicators the area has; the **contribution** of an
   indicator is wᵢ·zᵢ / Σ wᵢ, so the contributions add up to the score. When less than
   ``min_dekking`` of the total weight has figures, the score is NA ("te weinig gegevens").
5. Rank by score; ``score ≥ drempel`` (default 0,75: on average three quarters of a robust
   standard deviation less favourable than the typical area) is a computed aandachtsgebied,
   ``≥ drempel_let_op`` (0,4) is "let op".

Areas the gemeente designates itself are kept apart (``aangewezen``) and never change the
computed result.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import OngeldigeInvoer

#: Default indicator set: (indicator id, weight). Direction comes from the catalogue.
STANDAARD: dict[str, float] = {
    "misdrijven_per_1000": 1.0,
    "inkomen_per_inwoner": 1.0,
    "huishoudens_laag_inkomen": 1.0,
    "bijstand_per_1000": 1.0,
    "leegstand_aandeel": 0.5,
    "afstand_huisarts": 0.5,
    "afstand_supermarkt": 0.5,
    "meldingen_per_1000": 0.5,
    "waardering_woonomgeving": 1.0,
    "veiligheidsgevoel": 1.0,
    "sociale_cohesie": 1.0,
}


def robuuste_z(values: pd.Series) -> pd.Series:
    """Robust z-score: (x − median) / (1.4826 · MAD), clipped to ±3; sd when MAD is 0.

    Example
    -------
    >>> robuuste_z(pd.Series([1.0, 2.0, 3.0, 4.0, 100.0])).round(2).tolist()
    [-1.35, -0.67, 0.0, 0.67, 3.0]
    """
    x = values.astype(float)
    med = x.median()
    mad = 1.4826 * (x - med).abs().median()
    scale = mad if mad and not np.isnan(mad) else x.std()
    if not scale or np.isnan(scale):
        return pd.Series(0.0, index=x.index).where(x.notna())
    return ((x - med) / scale).clip(-3, 3)


def bereken_aandachtsgebieden(
    profiel: pd.DataFrame,
    catalogus: pd.DataFrame,
    jaar: int,
    gewichten: dict[str, float] | None = None,
    richtingen: dict[str, str] | None = None,
    aangewezen: list[str] | None = None,
    drempel: float = 0.75,
    drempel_let_op: float = 0.4,
    min_inwoners: float = 250,
    min_dekking: float = 0.5,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Composite score, rank and contributions per area.

    Parameters
    ----------
    profiel : DataFrame
        The wijkprofiel (tidy).
    catalogus : DataFrame
        Indicator catalogue (for directions and labels).
    jaar : int
        Year to score.
    gewichten : dict, optional
        ``{indicator: weight}``; replaces :data:`STANDAARD`. Indicators without any figure in
        this profile are left out (and listed in ``attrs["niet_gebruikt"]``).
    richtingen : dict, optional
        Override the direction per indicator (``hoger_beter`` / ``hoger_slechter``).
    aangewezen : list of str, optional
        Area codes the gemeente designates itself.

    Returns
    -------
    (scores, bijdragen)
        ``scores``: one row per area — ``gebied, naam, inwoners, score, rang, dekking,
        status, aangewezen, soort, toelichting``; ``bijdragen``: ``gebied, indicator, label,
        waarde, z, gewicht, bijdrage``.
    """
    weights = dict(STANDAARD if gewichten is None else gewichten)
    for key, value in (richtingen or {}).items():
        if key not in catalogus.index:
            raise OngeldigeInvoer(f"Onbekende indicator '{key}' in richtingen. Gebruik de id's uit "
                                  "wijkscan.indicators.catalogus().")
        if value not in ("hoger_beter", "hoger_slechter"):
            raise OngeldigeInvoer(f"Richting '{value}' voor {key} is onbekend. Kies 'hoger_beter' of 'hoger_slechter'.")
    unknown = [k for k in weights if k not in catalogus.index]
    if unknown:
        raise OngeldigeInvoer(f"Onbekende indicator(en) in de gewichten: {', '.join(unknown)}. "
                              "Gebruik de id's uit wijkscan.indicators.catalogus().")
    cur = profiel[profiel.jaar == jaar]
    wide = cur.pivot_table(index="gebied", columns="indicator", values="waarde", aggfunc="first", dropna=False)
    names = cur.drop_duplicates("gebied").set_index("gebied").naam
    used = {k: w for k, w in weights.items() if k in wide.columns and wide[k].notna().any() and w > 0}
    not_used = sorted(set(weights) - set(used))
    inw = wide["inwoners"] if "inwoners" in wide.columns else pd.Series(np.nan, index=wide.index)
    scored = inw >= min_inwoners
    rows_b = []
    zs = {}
    for ind in used:
        richting = (richtingen or {}).get(ind, catalogus.loc[ind, "richting"])
        if richting == "neutraal":
            raise OngeldigeInvoer(f"Indicator {ind} heeft geen richting (neutraal); geef er een op via richtingen=.")
        z = robuuste_z(wide.loc[scored, ind])
        zs[ind] = (z if richting == "hoger_slechter" else -z).reindex(wide.index)
    total = sum(used.values()) or 1.0
    z_df = pd.DataFrame(zs, index=wide.index)
    w_s = pd.Series(used)
    avail = z_df.notna().mul(w_s, axis=1).sum(axis=1)
    dekking = avail / total
    contrib = z_df.mul(w_s, axis=1).div(avail.where(avail > 0), axis=0)
    score = contrib.sum(axis=1, min_count=1).where((dekking >= min_dekking) & scored)
    for area in wide.index:
        for ind in used:
            rows_b.append((area, ind, catalogus.loc[ind, "label"], wide.loc[area, ind], z_df.loc[area, ind], used[ind],
                           contrib.loc[area, ind] if not pd.isna(score[area]) else np.nan))
    bijdragen = pd.DataFrame(rows_b, columns=["gebied", "indicator", "label", "waarde", "z", "gewicht", "bijdrage"])
    status = pd.Series("geen", index=wide.index, dtype=object)
    status[score >= drempel_let_op] = "let op"
    status[score >= drempel] = "aandachtsgebied"
    toel = pd.Series("", index=wide.index, dtype=object)
    toel[~scored] = f"niet gescoord: minder dan {min_inwoners:g} inwoners of aantal onbekend"
    toel[scored & (dekking < min_dekking)] = "niet gescoord: te weinig gegevens"
    status[score.isna()] = "niet gescoord"
    for area in score.dropna().index:
        top = contrib.loc[area].dropna().sort_values(ascending=False)
        top = top[top > 0.05].head(3)
        if len(top):
            toel[area] = "vooral " + ", ".join(catalogus.loc[i, "label"].lower() for i in top.index)
    designated = set(aangewezen or [])
    scores = pd.DataFrame({
        "gebied": wide.index, "naam": names.reindex(wide.index).values, "inwoners": inw.values,
        "score": score.round(3).values, "dekking": dekking.round(3).values, "status": status.values,
        "aangewezen": [a in designated for a in wide.index], "toelichting": toel.values,
    })
    scores["rang"] = scores.score.rank(ascending=False, method="min").astype("Int64")
    berekend = scores.status == "aandachtsgebied"
    scores["soort"] = np.select([berekend & scores.aangewezen, berekend, scores.aangewezen],
                                ["berekend en aangewezen", "berekend", "aangewezen"], "")
    scores = scores.sort_values(["rang", "gebied"], na_position="last").reset_index(drop=True)
    scores = scores[["gebied", "naam", "inwoners", "score", "rang", "dekking", "status", "aangewezen", "soort",
                     "toelichting"]]
    scores.attrs["gebruikt"] = used
    scores.attrs["niet_gebruikt"] = not_used
    return scores, bijdragen
