"""Disclosure control over everything one run publishes, and an audit that proves it.

A run publishes meldingen counts in several tables at once: per buurt, per wijk, per own area,
for the gemeente, each in total and per category (PDFs, map layers, the publication CSV, the
Excel workbook). Hiding every count below the threshold *inside one table* is not enough: the
wijk total minus the buurten that are shown gives the sum of the hidden buurten, and when two
hidden buurten (each known to be below 5) add up to 8, both are 4.

The rule (:func:`onderdruk_hierarchie`)
---------------------------------------
* All tables of a run are built from one set of **cells**: meldingen per buurt × category, plus
  the meldingen that lie in no buurt polygon (:mod:`wijkscan.analysis.meldingentelling`). Every
  published figure is a sum of cells; two figures that are the same sum (a wijk with one buurt)
  are one figure and are shown or hidden together.
* **Primary suppression**: a figure below ``drempel`` (including 0) is hidden, shown as ``"<5"``.
* **Secondary suppression**: then the :func:`audit` runs; while some hidden figure can be
  narrowed down from what is shown, the smallest shown figure of the same level that lies
  beside it in a shown total is hidden as well (shown as ``"x"``), and the audit runs again.

The audit (:func:`audit`)
-------------------------
For every hidden figure, a linear programme (``scipy.optimize.linprog``, HiGHS) computes the
smallest and largest value that is consistent with *all* figures of the run that are shown —
every shown figure is an equation on the cells, cells are ≥ 0, and a figure shown as ``"<5"``
is at most 4. A hidden figure whose true value is below the threshold is **disclosed** when
fewer than ``drempel`` values remain possible (``max − min < drempel − 1``): the reader then
learns more than "fewer than 5". The audit works on any set of published figures, so it can
also check tables made by hand or by another tool.

Not covered: the hexagon and heatmap layers use another geometry (cells of 250 m / 200 m);
they show only cells of ``drempel`` or more and no totals of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog

GETOOND, PRIMAIR, SECUNDAIR = "getoond", "primair", "secundair"
TOTAAL = "totaal"

__all__ = ["GETOOND", "PRIMAIR", "SECUNDAIR", "Publicatie", "audit", "cijfers", "onderdruk_hierarchie"]


@dataclass
class Publicatie:
    """Published figures as sums of cells, with their status.

    Attributes
    ----------
    cellen : DataFrame
        True counts per unit (buurt, or the rest outside the buurten) × category. Internal.
    cijfers : DataFrame
        One row per published figure: ``niveau, gebied, kolom, waarde`` (true count),
        ``status`` (``getoond``, ``primair`` = below the threshold, ``secundair`` = hidden so
        that a small count cannot be worked back).
    masker : ndarray of bool
        figures × cells (cells in the order of ``cellen.to_numpy().ravel()``).
    drempel : int
    """

    cellen: pd.DataFrame
    cijfers: pd.DataFrame
    masker: np.ndarray
    drempel: int = 5

    def status(self, niveau: str) -> pd.DataFrame:
        """Status per area × column (``kolom``) of one level."""
        c = self.cijfers[self.cijfers.niveau == niveau]
        return c.pivot(index="gebied", columns="kolom", values="status")

    def tekst(self, niveau: str) -> pd.DataFrame:
        """The figures of one level as published text: the count, ``"<5"`` or ``"x"``."""
        from ..nlformat import getal

        c = self.cijfers[self.cijfers.niveau == niveau]
        t = [getal(w) if s == GETOOND else (f"<{self.drempel}" if s == PRIMAIR else "x")
             for w, s in zip(c.waarde, c.status, strict=True)]
        return c.assign(tekst=t).pivot(index="gebied", columns="kolom", values="tekst")


def cijfers(cellen: pd.DataFrame, niveaus: dict[str, pd.Series], onbekend: dict[str, set] | None = None,
            per_kolom: bool | set = True, drempel: int = 5) -> Publicatie:
    """All figures the levels publish, as sums of ``cellen`` (every figure shown, not yet suppressed).

    Parameters
    ----------
    cellen : DataFrame
        Units × categories, counts.
    niveaus : dict of level name → Series
        unit code → area code at that level (units left out belong to no area of that level).
    onbekend : dict of level name → set of area codes, optional
        Areas whose figures are not published (e.g. a buurt without a polygon in it).
    per_kolom : bool or set of level names
        Also publish every category (else only totals); a set names the levels that do.
    """
    onbekend = onbekend or {}
    units = list(cellen.index)
    cats = list(cellen.columns)
    nu, nc = len(units), len(cats)
    pos = {u: i for i, u in enumerate(units)}
    vals = cellen.to_numpy(dtype=float).ravel()
    rows, masks = [], []
    for niveau, kaart in niveaus.items():
        kaart = kaart[kaart.index.isin(pos)]
        for gebied, leden in kaart.groupby(kaart.values).groups.items():
            if gebied in onbekend.get(niveau, set()):
                continue
            idx = np.array([pos[u] for u in leden])
            met = per_kolom if isinstance(per_kolom, bool) else niveau in per_kolom
            kolommen = [*cats, TOTAAL] if met else [TOTAAL]
            for kolom in kolommen:
                m = np.zeros((nu, nc), dtype=bool)
                if kolom == TOTAAL:
                    m[idx, :] = True
                else:
                    m[idx, cats.index(kolom)] = True
                m = m.ravel()
                rows.append((niveau, str(gebied), kolom, float(vals[m].sum())))
                masks.append(m)
    c = pd.DataFrame(rows, columns=["niveau", "gebied", "kolom", "waarde"])
    c["status"] = GETOOND
    return Publicatie(cellen=cellen, cijfers=c, masker=np.array(masks, dtype=bool).reshape(len(masks), nu * nc),
                      drempel=drempel)


def _groepen(masker: np.ndarray) -> np.ndarray:
    """Group id per figure: figures with the same set of cells share one decision."""
    _, inv = np.unique(np.packbits(masker, axis=1), axis=0, return_inverse=True)
    return inv.ravel()


def audit(pub: Publicatie, doelen: np.ndarray | None = None, volledig: bool = True) -> pd.DataFrame:
    """For every hidden figure: the smallest and largest value consistent with all shown figures.

    Returns the hidden figures with ``min``, ``max``, ``mogelijk`` (number of possible whole
    values) and ``onthuld`` (a true value below the threshold with fewer than ``drempel``
    possible values left). ``doelen`` limits which figures are audited (boolean per figure);
    ``volledig=False`` computes intervals only for figures shown as ``"<5"`` (the others get NaN).

    Example
    -------
    >>> cel = pd.DataFrame({"a": [4, 4, 30]}, index=["b1", "b2", "b3"])
    >>> pub = cijfers(cel, {"buurt": pd.Series(["b1", "b2", "b3"], index=cel.index),
    ...                     "wijk": pd.Series("w", index=cel.index)}, per_kolom=False)
    >>> pub.cijfers.loc[pub.cijfers.waarde < 5, "status"] = "primair"    # each table on its own
    >>> a = audit(pub)
    >>> a[["gebied", "min", "max", "onthuld"]].values.tolist()
    [['b1', 4.0, 4.0, True], ['b2', 4.0, 4.0, True]]
    """
    d = pub.drempel
    c = pub.cijfers
    M = pub.masker
    vals = pub.cellen.to_numpy(dtype=float).ravel()
    shown = (c.status == GETOOND).to_numpy()
    prim = (c.status == PRIMAIR).to_numpy()
    hidden = ~shown
    if doelen is not None:
        hidden &= doelen
    out = c[hidden].copy()
    if not hidden.any():
        return out.assign(min=[], max=[], mogelijk=[], onthuld=[])
    # cells that are a shown figure on their own are known constants
    single = M.sum(axis=1) == 1
    known = np.zeros(M.shape[1], dtype=bool)
    known[np.argmax(M[shown & single], axis=1)] = True
    unk = np.flatnonzero(~known)
    Mu = M[:, unk]
    known_sum = M[:, known].astype(float) @ vals[known]
    eq = shown & Mu.any(axis=1)
    ub = prim & Mu.any(axis=1)
    A_eq = sparse.csr_matrix(Mu[eq].astype(float))
    b_eq = c.waarde.to_numpy()[eq] - known_sum[eq]
    A_ub = sparse.csr_matrix(Mu[ub].astype(float))
    b_ub = (d - 1) - known_sum[ub]
    rows = np.flatnonzero(hidden)
    obj = Mu[rows].astype(float)
    const = known_sum[rows]
    kw = {"bounds": (0, None), "method": "highs"}
    if A_eq.shape[0]:
        kw.update(A_eq=A_eq, b_eq=b_eq)
    if A_ub.shape[0]:
        kw.update(A_ub=A_ub, b_ub=b_ub)

    def lp(doelf: np.ndarray, sense: int) -> np.ndarray | None:
        r = linprog(sense * doelf, **kw)
        return r.x if r.status == 0 else None

    lo = np.full(len(rows), np.nan)
    hi = np.full(len(rows), np.nan)
    leeg = obj.sum(axis=1) == 0
    lo[leeg] = hi[leeg] = 0.0
    # A hidden figure shown as "<d" lies in [0, d-1]; one solution where many of them reach 0 (or d-1)
    # settles all of those at once; only the rest need a programme of their own.
    prim_r = prim[rows] & ~leeg
    for sense, doel, uit in ((1, 0.0, lo), (-1, float(d - 1), hi)):
        open_ = prim_r.copy()
        while open_.any():
            x = lp(obj[open_].sum(axis=0), sense)
            if x is None:
                break
            waarde = obj @ x
            hit = open_ & (np.abs(waarde + const - doel) < 1e-7)
            if not hit.any():
                break
            uit[hit] = doel - const[hit]
            open_ &= ~hit
    for i in range(len(rows)):
        for sense, uit in ((1, lo), (-1, hi)):
            if np.isnan(uit[i]) and (volledig or prim[rows[i]]):
                x = lp(obj[i], sense)
                uit[i] = float(obj[i] @ x) if x is not None else (np.inf if sense < 0 else np.nan)
    lo, hi = lo + const, hi + const
    out["min"] = np.round(lo, 6)
    out["max"] = np.round(hi, 6)
    span = out["max"] - out["min"]
    out["mogelijk"] = np.where(np.isinf(span), np.inf, np.floor(span + 1e-6) + 1)
    out["onthuld"] = (out.waarde < d) & (out.mogelijk < d)
    return out.reset_index(drop=True)


def onderdruk_hierarchie(pub: Publicatie, max_rondes: int = 200) -> Publicatie:
    """Suppress so that no count below the threshold can be worked back from all figures together.

    See the module docstring for the rule. Figures with the same cells share one status.
    Returns a new :class:`Publicatie`; ``attrs``-free, deterministic (ties by order).
    """
    d = pub.drempel
    c = pub.cijfers.copy()
    M = pub.masker
    groep = _groepen(M)
    status = np.where(c.waarde.to_numpy() < d, PRIMAIR, GETOOND).astype(object)
    niveau = c.niveau.to_numpy()
    waarde = c.waarde.to_numpy()
    eerste = pd.Series(np.arange(len(c))).groupby(groep).transform("min").to_numpy()
    uniek = eerste == np.arange(len(c))          # one representative per group of identical figures
    # every figure inherits the status of its group
    status = pd.Series(status).groupby(groep).transform(lambda s: PRIMAIR if (s == PRIMAIR).any() else GETOOND).to_numpy()
    _lokaal(c, M, status, groep, uniek, d)
    for _ in range(max_rondes):
        work = Publicatie(pub.cellen, c.assign(status=status, _i=np.arange(len(c))).iloc[uniek].reset_index(drop=True),
                          M[uniek], d)
        a = audit(work, doelen=(work.cijfers.waarde < d).to_numpy(), volledig=False)
        if a.empty or not a.onthuld.any():
            break
        shown = status == GETOOND
        changed = False
        taken: set[int] = set()
        for fi in a.loc[a.onthuld, "_i"].astype(int):
            mf = M[fi]
            # shown totals that contain f
            g = np.flatnonzero(shown & ~(mf & ~M).any(axis=1) & (M.sum(axis=1) > mf.sum()))
            cand = np.flatnonzero(shown & uniek & (niveau == niveau[fi]) & ~(M & mf).any(axis=1))
            if len(g) and len(cand):
                inside = np.zeros(len(cand), dtype=bool)
                for gi in g:
                    inside |= ~(M[cand] & ~M[gi]).any(axis=1)
                cand = cand[inside]
            if not len(cand):
                cand = g[uniek[g]] if len(g) else np.array([], int)
            cand = [k for k in cand if k not in taken]
            if not cand:
                continue
            k = min(cand, key=lambda k: (c.kolom.iat[k] == TOTAAL, waarde[k], k))
            taken.add(k)
            status[groep == groep[k]] = SECUNDAIR
            changed = True
        if not changed:
            break
    c["status"] = status
    return Publicatie(pub.cellen, c, M, d)


def _lokaal(c: pd.DataFrame, M: np.ndarray, status: np.ndarray, groep: np.ndarray, uniek: np.ndarray, d: int) -> None:
    """Fast first pass, relation by relation (a shown total and the figures that partition it).

    Within one relation, hidden figures that are all below the threshold, with sum S, stay
    unknown between 0 and d-1 only when d-1 <= S <= (k-1)(d-1); otherwise the smallest shown
    part is hidden too. The linear programme afterwards handles what relations do together.
    """
    Mf = M.astype(np.float32)
    size = Mf.sum(axis=1)
    overlap = Mf @ Mf.T
    niveau = c.niveau.to_numpy()
    kolom = c.kolom.to_numpy()
    waarde = c.waarde.to_numpy()
    relaties = []
    for g in np.flatnonzero(uniek):
        sub = (overlap[:, g] == size) & (size < size[g]) & uniek
        for lv in np.unique(niveau[sub]):
            kids = np.flatnonzero(sub & (niveau == lv))
            # the parts of a relation do not overlap and together make the total
            if len(kids) >= 2 and size[kids].sum() == size[g] and overlap[np.ix_(kids, kids)].sum() == size[kids].sum():
                relaties.append((g, kids))
    for _ in range(50):
        changed = False
        for g, kids in relaties:
            if status[g] != GETOOND:
                continue
            h = kids[status[kids] != GETOOND]
            if not len(h) or (status[h] != PRIMAIR).any():
                continue
            tot = waarde[h].sum()
            if d - 1 <= tot <= (len(h) - 1) * (d - 1):
                continue
            cand = kids[status[kids] == GETOOND]
            if not len(cand):
                continue
            k = min(cand, key=lambda k: (kolom[k] == TOTAAL, waarde[k], k))
            status[groep == groep[k]] = SECUNDAIR
            changed = True
        if not changed:
            break
