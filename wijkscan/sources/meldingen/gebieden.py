"""An area column instead of coordinates: buurt/wijk codes or names, stadsdeel, kern → the indeling.

Each distinct value is matched once: a code (``BU01060000``, ``WK010600`` or an own code), then a
name compared after folding (accents, case, punctuation; ``Wijk 07 Marsdijk`` → ``Marsdijk``),
then a close name (``difflib``; listed as a repair). Values that match nothing are reported.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ...errors import OngeldigeInvoer
from .kolommen import _vouw

#: which CBS level to try first for each kind of area column
_VOORKEUR = {"buurt": ("buurt", "wijk"), "wijk": ("wijk", "buurt"), "stadsdeel": ("wijk", "buurt"),
             "kern": ("wijk", "buurt")}
_PREFIX = re.compile(r"^(wijk|buurt|stadsdeel|kern|gebied)\s*\d*\s*[-:]?\s*")
FUZZY_DREMPEL = 0.85


@dataclass
class Koppeling:
    """Per row: matched code (None: not matched), parent code, close-name mask; the level; unmatched names."""

    codes: np.ndarray
    ouders: np.ndarray
    fuzzy: np.ndarray
    niveau: str | None
    onbekend: list[str] = field(default_factory=list)


def _naam(v: object) -> str:
    s = _vouw(v).strip()
    s = _PREFIX.sub("", s)
    return re.sub(r"[\W_]+", "", s)


def _indeling(gebieden: Any) -> pd.DataFrame:
    """code (index), naam, niveau, ouder: from a GemeenteData, (Geo)DataFrame or an own indeling table."""
    g = gebieden.gebieden if hasattr(gebieden, "gebieden") else gebieden
    if not isinstance(g, pd.DataFrame):
        raise OngeldigeInvoer("gebieden moet een GemeenteData (wijkscan.load(...)) of een tabel met code en naam zijn.")
    g = pd.DataFrame(g).copy()
    if "code" in g.columns:
        g = g.set_index("code")
    if "naam" not in g.columns:
        g["naam"] = g.index.astype(str)
    if "niveau" not in g.columns:
        g["niveau"] = "eigen indeling"
    ouder = g["wijk"] if "wijk" in g.columns else pd.Series(None, index=g.index, dtype=object)
    out = pd.DataFrame({"naam": g["naam"].astype(str), "niveau": g["niveau"].astype(str), "ouder": ouder.astype(object)},
                       index=g.index.astype(str))
    return out[out.niveau != "gemeente"]


def koppel_gebiedsnamen(waarden: pd.Series, gebieden: Any, soort: str = "wijk",
                        rijen: np.ndarray | None = None) -> Koppeling:
    """Match area codes or names to the indeling.

    Parameters
    ----------
    waarden : Series
        The area column.
    gebieden : GemeenteData, GeoDataFrame or DataFrame (code, naam[, niveau])
        The indeling.
    soort : {"buurt", "wijk", "stadsdeel", "kern"}
        What the column holds; decides which level is tried first.
    rijen : bool array, optional
        Only these rows need a match.

    Example
    -------
    >>> ind = pd.DataFrame({"code": ["WK1", "WK2"], "naam": ["Peelo", "Kloosterveen"], "niveau": "wijk"})
    >>> k = koppel_gebiedsnamen(pd.Series(["Wijk 06 Peelo", "KLOOSTERVEEN", "Kloostervene", "Parijs"]), ind)
    >>> list(k.codes), [bool(f) for f in k.fuzzy], k.onbekend
    (['WK1', 'WK2', 'WK2', None], [False, False, True, False], ['Parijs'])
    """
    ind = _indeling(gebieden)
    n = len(waarden)
    rijen = np.ones(n, dtype=bool) if rijen is None else rijen
    s = pd.Series(waarden.to_numpy(dtype=object), index=range(n))
    uniek = pd.unique(s[rijen & s.notna().to_numpy()].astype(str).str.strip())
    uniek = [u for u in uniek if u]
    codes_upper = {c.upper(): c for c in ind.index}
    niveaus = list(dict.fromkeys([*_VOORKEUR.get(soort, ()), *ind.niveau.unique()]))
    # which level the names belong to: the one that matches most distinct values exactly
    per_niveau = {nv: {} for nv in niveaus}
    for code, r in ind.iterrows():
        per_niveau.setdefault(r.niveau, {}).setdefault(_naam(r.naam), code)
    treffers = {nv: sum(1 for u in uniek if _naam(u) in per_niveau.get(nv, {}) or u.upper() in codes_upper)
                for nv in niveaus}
    niveau = max(niveaus, key=lambda nv: (treffers[nv], -niveaus.index(nv))) if niveaus else None
    namen = per_niveau.get(niveau, {})
    gevonden: dict[str, tuple[str, bool]] = {}
    onbekend: list[str] = []
    for u in uniek:
        if u.upper() in codes_upper:
            gevonden[u] = (codes_upper[u.upper()], False)
            continue
        k = _naam(u)
        if k in namen:
            gevonden[u] = (namen[k], False)
            continue
        bijna = difflib.get_close_matches(k, list(namen), n=1, cutoff=FUZZY_DREMPEL) if k else []
        if bijna:
            gevonden[u] = (namen[bijna[0]], True)
        else:
            onbekend.append(u)
    sleutel = s.astype(str).str.strip().to_numpy(dtype=object)
    codes = np.full(n, None, dtype=object)
    fuzzy = np.zeros(n, dtype=bool)
    for i in np.nonzero(rijen)[0]:
        hit = gevonden.get(sleutel[i]) if pd.notna(s.iloc[i]) else None
        if hit:
            codes[i], fuzzy[i] = hit
    ouder_map = ind["ouder"].to_dict()
    ouders = np.array([ouder_map.get(c) if c is not None else None for c in codes], dtype=object)
    ouders = np.array([None if (o is None or (isinstance(o, float) and np.isnan(o))) else str(o) for o in ouders],
                      dtype=object)
    gebruikte = {ind.loc[c, "niveau"] for c in codes if c is not None}
    if len(gebruikte) == 1:
        niveau = gebruikte.pop()
    return Koppeling(codes=codes, ouders=ouders, fuzzy=fuzzy, niveau=niveau, onbekend=onbekend)
