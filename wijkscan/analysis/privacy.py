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
* **0 is published as 0** (there is no person behind it). **Primary suppression**: a figure of 1
  to ``drempel - 1`` is hidden, shown as ``"<5"``.
* **Secondary suppression** by optimisation: the complementary figures (``"x"``) hide as few
  meldingen as possible — a 0/1 programme (:func:`scipy.optimize.milp`) over all levels at once,
  with cuts from the audit (see :func:`onderdruk_hierarchie`).
* **Withheld** (``weggelaten``, shown as "niet gepubliceerd"): a small figure that no hiding can
  protect — a buurt with 1 melding in each of its 4 categories shows "<5" five times, each "<5" is
  at least 1, so all are exactly known — is not published at all, nor its categories; a withheld
  figure tells a reader nothing (no bound in the audit). The run ends only when the audit finds
  nothing; the last resort is to publish no figure at all.
* **No contradiction**: where a 0 had to become ``"<5"`` (the zeros beside a small figure would pin
  it down), every figure of 0 that holds it (the buurt total) becomes ``"<5"`` too — a table never shows
  a total of 0 with a ``"<5"`` in it (:func:`tegenspraken` lists such pairs; none after the rule).

The audit (:func:`audit`)
-------------------------
For every hidden figure, a linear programme (HiGHS, one model per system of which only the objective
changes, so each programme starts from the last one's solution) computes the
smallest and largest value that is consistent with *all* figures of the run that are shown —
every shown figure is an equation on the cells, cells are ≥ 0, a figure shown as ``"<5"`` is 1 to
4 (0 to 4 when zeros are hidden too) and an ``"x"`` is 5 or more when zeros are published. A hidden
figure below the threshold is **disclosed** when too few values remain possible: fewer than
``drempel`` when 0 hides as ``"<5"`` too, fewer than ``bescherming + 1`` (default 2: its value is
pinned down) when zeros are published (a hidden 0 is then no disclosure: 0 is published as 0 anyway).
The audit works on any set of published figures, so it can
also check tables made by hand or by another tool.

Not covered: the hexagon and heatmap layers use another geometry (cells of 250 m / 200 m);
they show only cells of ``drempel`` or more and no totals of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

GETOOND, PRIMAIR, SECUNDAIR = "getoond", "primair", "secundair"
#: not published at all (no "<5", no "x"): tells a reader nothing, so the audit gives it no bound of its own
WEGGELATEN = "weggelaten"
TOTAAL = "totaal"

__all__ = ["GETOOND", "PRIMAIR", "SECUNDAIR", "WEGGELATEN", "Publicatie", "audit", "cijfers", "onderdruk_hierarchie",
           "tegenspraken"]


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
    #: zeros are published as 0, so ``"<5"`` means 1 to 4 and ``"x"`` means 5 or more
    nul_getoond: bool = False
    #: a primary figure keeps at least this many possible values besides its own
    bescherming: int = 1
    #: primary figures no choice of complementary figures could protect (figure indices; normally empty)
    onbeschermd: list[int] = field(default_factory=list)

    def status(self, niveau: str) -> pd.DataFrame:
        """Status per area × column (``kolom``) of one level."""
        c = self.cijfers[self.cijfers.niveau == niveau]
        return c.pivot(index="gebied", columns="kolom", values="status")

    def tekst(self, niveau: str) -> pd.DataFrame:
        """The figures of one level as published text: the count, ``"<5"`` or ``"x"``."""
        from ..nlformat import getal

        c = self.cijfers[self.cijfers.niveau == niveau]
        t = [getal(w) if s == GETOOND else (f"<{self.drempel}" if s == PRIMAIR else
                                             "niet gepubliceerd" if s == WEGGELATEN else "x")
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
                plat = m.ravel()
                rows.append((niveau, str(gebied), kolom, float(vals[plat].sum())))
                masks.append(plat)
    c = pd.DataFrame(rows, columns=["niveau", "gebied", "kolom", "waarde"])
    c["status"] = GETOOND
    return Publicatie(cellen=cellen, cijfers=c, masker=np.array(masks, dtype=bool).reshape(len(masks), nu * nc),
                      drempel=drempel)


def _groepen(masker: np.ndarray) -> np.ndarray:
    """Group id per figure: figures with the same set of cells share one decision."""
    _, inv = np.unique(np.packbits(masker, axis=1), axis=0, return_inverse=True)
    return inv.ravel()


@dataclass
class _Stelsel:
    """What a reader knows, as a linear system over the cells (all sparse).

    Every figure a reader knows something of is a range on a sum of cells: a shown figure ``[v, v]``, a
    ``"<5"`` ``[0 or 1, d-1]``, an ``"x"`` ``[d, ∞)`` when zeros are shown. A figure of one cell (a buurt ×
    category) is a bound on that cell's column, the others are rows: the model is then the size of the
    figures that sum several cells, and a cell fixed by a shown figure never enters the basis.
    """

    M: sparse.csr_matrix
    eq_rijen: np.ndarray          # figure index of every equation (a shown figure)
    rij_fig: np.ndarray           # figure index of every row of the model (figures of several cells)
    rij_lo: np.ndarray
    rij_hi: np.ndarray
    kol_lo: np.ndarray            # bounds per cell: at least 0, and the range of the figures of that one cell
    kol_hi: np.ndarray
    vast_kol: np.ndarray          # (cell, figure) pairs: the cell is the whole of a shown figure
    vast_fig: np.ndarray
    oplosser: _Oplosser | None = None   # made at the first programme, then only the objective changes


def _stelsel(M: sparse.csr_matrix, waarde: np.ndarray, status: np.ndarray, d: int, nul_getoond: bool,
             ondergrens: np.ndarray | None = None) -> _Stelsel:
    """Shown figures are equations; ``"<d"`` lies in [0 or 1, d-1]; ``"x"`` is at least ``d`` when 0 is shown.

    When zeros are published as 0, a reader knows that ``"<5"`` mostly means 1 to 4 and that ``"x"``
    (a complementary figure, never a small one) is 5 or more; the audit assumes that knowledge. A
    ``"<5"`` that hides a 0 (only where a row of ones would otherwise be exact) lies in [0, d-1], and so
    does every ``"<5"`` of that row (``ondergrens`` 0 per figure): a reader cannot tell which is the 0.
    """
    M = sparse.csr_matrix(M)
    shown = status == GETOOND
    prim = status == PRIMAIR
    sec = (status == SECUNDAIR) & nul_getoond
    laag = (ondergrens if ondergrens is not None else np.ones(len(status))) if nul_getoond else np.zeros(len(status))
    lo = np.where(shown, waarde, np.where(prim, laag, np.where(sec, float(d), -np.inf))).astype(float)
    hi = np.where(shown, waarde, np.where(prim, d - 1.0, np.inf)).astype(float)
    bekend = np.flatnonzero(shown | prim | sec)
    nnz = np.diff(M.indptr)
    een = bekend[nnz[bekend] == 1]
    rijen = bekend[nnz[bekend] > 1]
    kol = M.indices[M.indptr[een]]
    kol_lo, kol_hi = np.zeros(M.shape[1]), np.full(M.shape[1], np.inf)
    np.maximum.at(kol_lo, kol, lo[een])
    np.minimum.at(kol_hi, kol, hi[een])
    vast = shown[een]
    return _Stelsel(M=M, eq_rijen=np.flatnonzero(shown), rij_fig=rijen, rij_lo=lo[rijen], rij_hi=hi[rijen],
                    kol_lo=kol_lo, kol_hi=kol_hi, vast_kol=kol[vast], vast_fig=een[vast])


def _highs() -> Any:
    """A quiet HiGHS instance."""
    import highspy

    try:   # the base class of highspy.Highs: the same solver without the banner Highs() prints to stdout
        from highspy._core import _Highs
        h = _Highs()
    except ImportError:   # another layout of the package
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    return h


class _Oplosser:
    """One HiGHS model of a :class:`_Stelsel`, solved again for each objective (warm start from the last basis).

    The audit asks the same system for the smallest and largest value of many figures; only the objective
    changes. ``scipy.optimize.linprog`` builds and presolves the model anew for each (about 9 ms on the Assen
    system of 1,046 figures); kept in one HiGHS instance, a new objective starts from the previous optimal basis.
    Cells fixed by a shown figure of their own are left out of the model (their value moves into the bounds of
    the rows), and so are rows with no other cell; a left-out cell's dual is its reduced cost, computed here.
    """

    def __init__(self, st: _Stelsel) -> None:
        import highspy

        h = _highs()
        # primal simplex: a new objective leaves the last basis feasible, so it goes on from there (Amsterdam,
        # synthetic: 2.0 against 4.4 ms per programme with HiGHS's own choice, the same intervals)
        h.setOptionValue("simplex_strategy", 4)
        vast = st.kol_lo == st.kol_hi
        self.vrij = np.flatnonzero(~vast)
        A = st.M[st.rij_fig]
        constant = A[:, np.flatnonzero(vast)] @ st.kol_lo[vast]
        A = A[:, self.vrij].tocsr()
        houd = np.diff(A.indptr) > 0
        weg_lo, weg_hi = st.rij_lo[~houd] - constant[~houd], st.rij_hi[~houd] - constant[~houd]
        self.onmogelijk = bool((weg_lo > 1e-7).any() or (weg_hi < -1e-7).any())   # a hand-made table that contradicts itself
        self.A, self.rij_fig = A[houd], st.rij_fig[houd]
        oneindig = highspy.kHighsInf
        n = len(self.vrij)
        h.addVars(n, st.kol_lo[self.vrij], np.minimum(st.kol_hi[self.vrij], oneindig))
        if self.A.shape[0]:
            h.addRows(self.A.shape[0], np.maximum(st.rij_lo[houd] - constant[houd], -oneindig),
                      np.minimum(st.rij_hi[houd] - constant[houd], oneindig), self.A.nnz,
                      self.A.indptr.astype(np.int32), self.A.indices.astype(np.int32), self.A.data.astype(float))
        self.h, self.n, self.st = h, n, st
        self.eq = np.flatnonzero(np.isin(self.rij_fig, st.eq_rijen))    # rows that are shown figures
        self.A_vast = st.M[self.rij_fig][:, st.vast_kol].T.tocsr()       # left-out cells × rows
        self.kolommen = np.arange(n, dtype=np.int32)
        self.optimaal = highspy.HighsModelStatus.kOptimal

    def los_op(self, kosten: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
        """Minimise ``kosten · x``: the solution (None when there is no finite optimum) and the shown figures
        whose equation carries a dual value (the figures the optimum rests on)."""
        kosten = np.asarray(kosten, dtype=float)
        if self.onmogelijk:
            return None, np.array([], dtype=int)
        x = self.st.kol_lo.copy()
        if self.n == 0:   # every cell fixed by a shown figure of its own: the table is that one solution
            y = np.zeros(0)
        else:
            self.h.changeColsCost(self.n, self.kolommen, kosten[self.vrij])
            self.h.run()
            if self.h.getModelStatus() != self.optimaal:
                return None, np.array([], dtype=int)
            opl = self.h.getSolution()
            y = np.asarray(opl.row_dual)
            x[self.vrij] = np.asarray(opl.col_value)
        kol_duaal = kosten[self.st.vast_kol] - self.A_vast @ y      # reduced cost = c - Aᵀy (HiGHS's sign)
        steun = np.concatenate([self.rij_fig[self.eq[np.abs(y[self.eq]) > 1e-9]],
                                self.st.vast_fig[np.abs(kol_duaal) > 1e-9]])
        return x, np.unique(steun)


def _lp(st: _Stelsel, doel: np.ndarray, sense: int) -> tuple[np.ndarray | None, np.ndarray]:
    """Solve min (sense=1) or max (sense=-1) of ``doel · x``; also the shown figures the bound rests on."""
    if st.oplosser is None:
        st.oplosser = _Oplosser(st)
    return st.oplosser.los_op(sense * doel)


def _intervallen(st: _Stelsel, rijen: np.ndarray, waarde: np.ndarray, nodig: float
                 ) -> tuple[np.ndarray, np.ndarray, dict[int, np.ndarray]]:
    """Smallest and largest consistent value of the figures ``rijen``, settled in batches where possible.

    A figure whose values in the solutions found so far already differ by ``nodig`` or more has room
    enough and needs no programme of its own (its interval is then a lower estimate of the true
    spread, ``nodig`` is what counts): every solution is a table consistent with all that is shown, so
    this is exact. The solutions come from a few batch directions first, then from the programmes of
    the figures still open, each of which also settles others. Only the rest get two exact programmes,
    and for those whose interval is too narrow, the shown figures that pin them down (``steun``) are returned.
    """
    obj = st.M[rijen]
    lo = waarde[rijen].astype(float).copy()
    hi = lo.copy()

    def neem(x: np.ndarray | None) -> None:
        if x is not None:
            v = obj @ x
            np.minimum(lo, v, out=lo)
            np.maximum(hi, v, out=hi)

    _batch(st, obj, lo, hi, nodig, neem)
    steun: dict[int, np.ndarray] = {}
    for i in np.flatnonzero((hi - lo) < nodig - 1e-7):
        if hi[i] - lo[i] >= nodig - 1e-7:     # settled meanwhile by another figure's solution
            continue
        doel = obj[i].toarray().ravel()
        x1, s1 = _lp(st, doel, 1)
        neem(x1)
        if hi[i] - lo[i] >= nodig - 1e-7:
            continue
        x2, s2 = _lp(st, doel, -1)
        neem(x2)
        if x2 is None:
            hi[i] = np.inf
        if hi[i] - lo[i] < nodig - 1e-7:
            steun[int(i)] = np.union1d(s1, s2)
    return lo, hi, steun


def _batch(st: _Stelsel, obj: sparse.csr_matrix, lo: np.ndarray, hi: np.ndarray, nodig: float,
           neem: Callable[[np.ndarray | None], None],
           rondes: int = 3) -> None:
    """Solutions for many figures at once: the sum of the open figures, minimised and maximised."""
    for _ in range(rondes):
        open_ = (hi - lo) < nodig - 1e-7
        if not open_.any():
            break
        richting = np.asarray(obj[open_].sum(axis=0)).ravel()
        for sense in (1, -1):
            x, _ = _lp(st, richting, sense)
            neem(x)
        if ((hi - lo) < nodig - 1e-7).sum() == open_.sum():
            break


def audit(pub: Publicatie, doelen: np.ndarray | None = None, volledig: bool = True) -> pd.DataFrame:
    """For every hidden figure: the smallest and largest value consistent with all shown figures.

    Returns the hidden figures with ``min``, ``max``, ``mogelijk`` (number of possible whole
    values) and ``onthuld``: a figure below the threshold whose possible values are fewer than
    required — ``drempel`` values (0 to 4) when a 0 is hidden as ``"<5"`` too, or
    ``pub.bescherming + 1`` values when zeros are published (``"<5"`` is then 1 to 4). ``doelen``
    limits which figures are audited (boolean per figure); ``volledig=False`` computes intervals
    only for figures shown as ``"<5"`` (the others get NaN). Every interval is exact: two linear
    programmes per hidden figure (HiGHS).

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
    status = c.status.to_numpy()
    waarde = c.waarde.to_numpy(dtype=float)
    hidden = status != GETOOND
    if doelen is not None:
        hidden &= doelen
    if not volledig:
        hidden &= status == PRIMAIR
    out = c[hidden].copy()
    if not hidden.any():
        return out.assign(min=[], max=[], mogelijk=[], onthuld=[])
    grens = c["ondergrens"].to_numpy(dtype=float) if "ondergrens" in c.columns else None
    st = _stelsel(sparse.csr_matrix(pub.masker, dtype=float), waarde, status, d, pub.nul_getoond, grens)
    rijen = np.flatnonzero(hidden)
    lo, hi = np.empty(len(rijen)), np.empty(len(rijen))
    for i, r in enumerate(rijen):
        doel = st.M[r].toarray().ravel()
        x1, _ = _lp(st, doel, 1)
        x2, _ = _lp(st, doel, -1)
        lo[i] = float(doel @ x1) if x1 is not None else np.nan
        hi[i] = float(doel @ x2) if x2 is not None else np.inf
    out["min"] = np.round(lo, 6)
    out["max"] = np.round(hi, 6)
    span = out["max"] - out["min"]
    out["mogelijk"] = np.where(np.isinf(span), np.inf, np.floor(span + 1e-6) + 1)
    nodig = pub.bescherming + 1 if pub.nul_getoond else d
    klein = (out.status == PRIMAIR) | (out.status == WEGGELATEN)
    # when zeros are published as 0, a "<5" that hides a 0 reveals nobody when it is worked back
    persoon = (out.waarde > 0) | (not pub.nul_getoond and (out.status == PRIMAIR))
    out["onthuld"] = klein & persoon & (out.waarde < d) & (out.mogelijk < nodig)
    return out.reset_index(drop=True)


def tegenspraken(pub: Publicatie) -> pd.DataFrame:
    """Pairs of figures that contradict each other as published: a figure shown as 0 that holds a hidden figure.

    A buurt total shown as 0 with a category "<5" in it reads as a contradiction (a 0 has no parts above 0).
    Returns one row per pair (``niveau, gebied, kolom`` of the shown 0, and ``binnen_*`` of the hidden part);
    empty after :func:`onderdruk_hierarchie`.

    Example
    -------
    >>> cel = pd.DataFrame({"a": [0, 7], "b": [0, 9]}, index=["b1", "b2"])
    >>> pub = cijfers(cel, {"buurt": pd.Series(cel.index, index=cel.index)})
    >>> pub.cijfers.loc[(pub.cijfers.gebied == "b1") & (pub.cijfers.kolom == "a"), "status"] = PRIMAIR
    >>> tegenspraken(pub)[["gebied", "kolom", "binnen_kolom"]].values.tolist()
    [['b1', 'totaal', 'a']]
    """
    c = pub.cijfers
    M = sparse.csr_matrix(pub.masker, dtype=float)
    nul = np.flatnonzero((c.status == GETOOND).to_numpy() & (c.waarde == 0).to_numpy())
    verborgen = np.flatnonzero((c.status != GETOOND).to_numpy())
    kol = ["niveau", "gebied", "kolom"]
    if not len(nul) or not len(verborgen):
        return pd.DataFrame(columns=[*kol, *(f"binnen_{k}" for k in kol)])
    grootte = np.asarray(M.sum(axis=1)).ravel()
    overlap = (M[nul] @ M[verborgen].T).tocoo()
    vol = (overlap.data >= grootte[verborgen][overlap.col] - 1e-9) & (grootte[verborgen][overlap.col] > 0)
    buiten = c.iloc[nul[overlap.row[vol]]][kol].reset_index(drop=True)
    binnen = c.iloc[verborgen[overlap.col[vol]]][kol].reset_index(drop=True).add_prefix("binnen_")
    return pd.concat([buiten, binnen], axis=1)


def onderdruk_hierarchie(pub: Publicatie, bescherming: int = 1, max_rondes: int = 40,
                         milp_rondes: int = 8) -> Publicatie:
    """Suppress so that no count below the threshold can be worked back from all figures together.

    0 is published as 0 (there is no person behind it); a count of 1 to ``drempel - 1`` is hidden
    as ``"<5"`` (primary). The complementary figures (``"x"``) are chosen by an optimisation
    (:func:`scipy.optimize.milp`, HiGHS) over all levels at once: hide as few meldingen as possible
    such that every primary figure keeps at least ``bescherming + 1`` possible values for a reader
    who knows every shown figure. The condition is added lazily: after each optimisation the audit
    (linear programmes) finds the primary figures still pinned down, and for each of them a cut
    "hide at least one of the shown figures that pin it down" (from the dual solution, so exact)
    goes into the next optimisation. Figures with the same cells share one status.
    """
    d = pub.drempel
    c = pub.cijfers.copy()
    M = sparse.csr_matrix(pub.masker, dtype=float)
    waarde = c.waarde.to_numpy(dtype=float)
    groep = _groepen(pub.masker)
    ng = int(groep.max()) + 1 if len(groep) else 0
    g_waarde = np.zeros(ng)
    g_waarde[groep] = waarde
    g_aantal = np.bincount(groep, minlength=ng)
    prim_g = (g_waarde > 0) & (g_waarde < d)
    vrij = g_waarde >= d                      # may become a complementary figure; zeros stay published
    kosten = g_waarde * g_aantal + 1.0
    eerste = np.full(ng, -1)
    eerste[groep[::-1]] = np.arange(len(groep))[::-1]
    Mg = M[eerste]
    cellen = pub.cellen.to_numpy(dtype=float).ravel()
    ondergrens = np.ones(ng)
    # what no hiding can protect (1 melding in each of 4 categories) is withheld first; the optimisation works around it
    weg = _weglaten(Mg, g_waarde, prim_g, vrij, d, ondergrens, bescherming)
    prim_g, vrij = prim_g & ~weg, vrij & ~weg
    sneden = _relatiesneden(Mg, g_waarde, prim_g, vrij, c.niveau.to_numpy()[eerste],
                            c.kolom.to_numpy()[eerste] == TOTAAL, d, bescherming)
    verborgen = prim_g | (_kies(sneden, kosten, vrij) if sneden else False)
    onbeschermd: list[int] = []
    rijen = _te_beschermen(prim_g, weg, g_waarde, d)
    steun: dict[int, np.ndarray] = {i: np.array([], dtype=int) for i in range(len(rijen))}   # none audited yet
    for ronde in range(max_rondes):
        st = _stelsel(Mg, g_waarde, _status(prim_g, verborgen, weg), d, True, ondergrens)
        rijen = _te_beschermen(prim_g, weg, g_waarde, d)
        _, _, steun = _intervallen(st, rijen, g_waarde, float(bescherming))
        nieuw, nullen, onbeschermd = [], np.array([], dtype=int), []
        for i, s in steun.items():
            kandidaten = np.intersect1d(s, np.flatnonzero(vrij))
            if len(kandidaten):
                nieuw.append(kandidaten)
            else:
                # only shown zeros pin it down (a buurt of 4 meldingen in 4 categories): those zeros become "<5"
                z, rij = _nullen_erin(Mg, rijen[i], prim_g, g_waarde)
                if len(z):
                    nullen = np.union1d(nullen, z)
                    binnen = np.asarray((Mg @ Mg[rij].T).todense()).ravel() >= np.asarray(Mg.sum(axis=1)).ravel() - 1e-9
                    ondergrens[binnen & (g_waarde < d)] = 0.0
                else:
                    onbeschermd.append(int(rijen[i]))
        if not nieuw and not len(nullen):
            break
        prim_g[nullen] = True
        if ronde < milp_rondes:
            sneden.extend(nieuw)
            verborgen = prim_g | (_kies(sneden, kosten, vrij) if sneden else False)
            continue
        # the last pinned-down figures: for each, the cheapest alternative table (one LP) and hide what it changes
        status_g = _status(prim_g, verborgen, weg)
        verborgen = verborgen | _omwegen(Mg, cellen, g_waarde, status_g, vrij, kosten, ondergrens,
                                         [int(rijen[i]) for i in steun], d, bescherming)
        verborgen |= prim_g
    else:   # rounds used up: what the last audit still found pinned down
        onbeschermd += [int(rijen[i]) for i in steun]
    if onbeschermd:   # never publish a figure that can be worked back
        verborgen, weg = _tot_veilig(Mg, g_waarde, prim_g, verborgen | vrij | prim_g, vrij, weg, d, ondergrens,
                                     bescherming)
        onbeschermd = []
    _nul_met_nul(Mg, g_waarde, prim_g, weg, ondergrens)
    c["status"] = _status(prim_g & ~weg, verborgen & ~weg, weg).astype(str)[groep]
    c["ondergrens"] = ondergrens[groep]
    return Publicatie(pub.cellen, c, pub.masker, d, nul_getoond=True, bescherming=bescherming,
                      onbeschermd=sorted({int(eerste[g]) for g in onbeschermd}))


def _nul_met_nul(Mg: sparse.csr_matrix, g_waarde: np.ndarray, prim_g: np.ndarray, weg: np.ndarray,
                 ondergrens: np.ndarray) -> None:
    """A table never contradicts itself: a shown 0 that holds a 0 hidden as "<5" (or withheld) is hidden as "<5" too.

    A 0 becomes "<5" where the zeros beside a small figure would pin it down (a wijk category of 3 whose
    other buurten show 0). Where a figure holding that 0 is itself 0 (the buurt total), showing it as 0
    beside a "<5" inside it would read as a contradiction. Hiding it as well only widens what a reader
    can conclude (it may be 0, so its lower bound is 0). Changes ``prim_g`` and ``ondergrens`` in place.
    """
    verborgen = np.flatnonzero((prim_g | weg) & (g_waarde == 0))
    getoond = np.flatnonzero(~prim_g & ~weg & (g_waarde == 0))
    if not len(verborgen) or not len(getoond):
        return
    grootte = np.asarray(Mg.sum(axis=1)).ravel()
    overlap = (Mg[getoond] @ Mg[verborgen].T).tocoo()
    vol = overlap.data >= grootte[verborgen][overlap.col] - 1e-9
    erbij = getoond[np.unique(overlap.row[vol])]
    prim_g[erbij] = True
    ondergrens[erbij] = 0.0


def _tot_veilig(Mg: sparse.csr_matrix, g_waarde: np.ndarray, prim_g: np.ndarray, verborgen: np.ndarray,
                vrij: np.ndarray, weg: np.ndarray, d: int, ondergrens: np.ndarray, bescherming: int
                ) -> tuple[np.ndarray, np.ndarray]:
    """The fallback, step by step until the exact audit finds nothing: with every figure that may be hidden hidden
    (``verborgen``), shown zeros that pin a figure become "<5"; if that is not enough, the rows still pinned are
    withheld; as a last resort (never seen on real data) no figure is published at all. Changes ``prim_g`` and
    ``ondergrens`` in place; returns (hidden, withheld)."""
    if not _vangnet(Mg, g_waarde, prim_g, verborgen, weg, d, ondergrens, bescherming):
        return verborgen, weg
    weg = _weglaten(Mg, g_waarde, prim_g & ~weg, vrij, d, ondergrens, bescherming, nullen_eerst=False, weg=weg)
    prim_g &= ~weg
    if not _vangnet(Mg, g_waarde, prim_g, verborgen & ~weg, weg, d, ondergrens, bescherming):
        return verborgen & ~weg, weg
    return verborgen, np.ones_like(weg)


def _status(prim_g: np.ndarray, verborgen: np.ndarray, weg: np.ndarray) -> np.ndarray:
    """Status per group: withheld, "<5", "x" or shown."""
    return np.where(weg, WEGGELATEN, np.where(prim_g, PRIMAIR, np.where(verborgen, SECUNDAIR, GETOOND))).astype(object)


def _te_beschermen(prim_g: np.ndarray, weg: np.ndarray, g_waarde: np.ndarray, d: int) -> np.ndarray:
    """The groups that must keep room: every "<5" above 0 and every withheld small figure above 0."""
    return np.flatnonzero((prim_g | weg) & (g_waarde > 0) & (g_waarde < d))


def _weglaten(Mg: sparse.csr_matrix, g_waarde: np.ndarray, prim_g: np.ndarray, vrij: np.ndarray, d: int,
              ondergrens: np.ndarray, bescherming: int, rondes: int = 10, nullen_eerst: bool = True,
              weg: np.ndarray | None = None) -> np.ndarray:
    """The figures to withhold entirely: small figures pinned down even when every figure ≥ ``drempel`` is hidden.

    A buurt with 1 melding in each of its 4 categories shows "<5" five times; since 0 is published as 0, each
    "<5" is at least 1, so the categories add up to 4 and every figure of the buurt is exactly known, whatever
    else is hidden. For each such figure its categories (the figures inside it) are withheld; when that is not
    enough, the figure itself. A figure that shown zeros beside it pin down is left to the rounds (those zeros
    become "<5"), unless ``nullen_eerst`` is False (that did not suffice). Returns a mask over the groups
    (``weg`` and what it adds; empty on ordinary data).
    """
    weg = np.zeros(len(g_waarde), dtype=bool) if weg is None else weg.copy()
    grootte = np.asarray(Mg.sum(axis=1)).ravel()
    for _ in range(rondes):
        prim = prim_g & ~weg
        st = _stelsel(Mg, g_waarde, _status(prim, (vrij | prim_g) & ~weg, weg), d, True, ondergrens)
        rijen = _te_beschermen(prim, weg, g_waarde, d)
        _, _, steun = _intervallen(st, rijen, g_waarde, float(bescherming))
        vorig = weg.copy()
        for i in steun:
            f = int(rijen[i])
            rij = _rij(Mg, f, prim | vorig, g_waarde, grootte)
            binnen = (np.asarray((Mg @ Mg[rij].T).todense()).ravel() >= grootte - 1e-9) & (grootte < grootte[rij])
            if nullen_eerst and (binnen & (g_waarde == 0) & ~vorig).any():
                continue                          # shown zeros in its row: the rounds make them "<5" instead
            weg |= binnen if (binnen & ~vorig).any() else (np.arange(len(weg)) == f)
        if weg.sum() == vorig.sum():
            break
    return weg


def _rij(Mg: sparse.csr_matrix, f: int, klein: np.ndarray, g_waarde: np.ndarray, grootte: np.ndarray) -> int:
    """The row of figure ``f``: ``f`` itself when it sums several cells, else the smallest small figure holding it."""
    if grootte[f] > 1:
        return f
    bevat = (np.asarray((Mg @ Mg[f].T).todense()).ravel() >= grootte[f] - 1e-9) & klein & (g_waarde > 0)
    kand = np.flatnonzero(bevat & (grootte > grootte[f]))
    return int(kand[np.argmin(grootte[kand])]) if len(kand) else f


def _vangnet(Mg: sparse.csr_matrix, g_waarde: np.ndarray, prim_g: np.ndarray, verborgen: np.ndarray,
             weg: np.ndarray, d: int, ondergrens: np.ndarray, bescherming: int, rondes: int = 5) -> list[int]:
    """The fallback when the rounds run out: with every figure ≥ 5 hidden, a small figure can only be pinned down by
    shown zeros beside it; those zeros become "<5" too (in place: ``prim_g``, ``ondergrens``) until the exact audit
    finds nothing. Returns what it still pins down (empty when safe)."""
    onbeschermd: list[int] = []
    for _ in range(rondes):
        st = _stelsel(Mg, g_waarde, _status(prim_g, verborgen & ~prim_g, weg), d, True, ondergrens)
        rijen = _te_beschermen(prim_g, weg, g_waarde, d)
        _, _, steun = _intervallen(st, rijen, g_waarde, float(bescherming))
        onbeschermd = [int(rijen[i]) for i in steun]
        if not onbeschermd:
            break
        for r in onbeschermd:
            z, rij = _nullen_erin(Mg, r, prim_g, g_waarde)
            prim_g[z] = True
            if len(z):
                binnen = np.asarray((Mg @ Mg[rij].T).todense()).ravel() >= np.asarray(Mg.sum(axis=1)).ravel() - 1e-9
                ondergrens[binnen & (g_waarde < d)] = 0.0
    return onbeschermd


def _relatiesneden(Mg: sparse.csr_matrix, waarde: np.ndarray, prim: np.ndarray, vrij: np.ndarray,
                   niveau: np.ndarray, is_totaal: np.ndarray, d: int, bescherming: int) -> list[np.ndarray]:
    """Cuts known beforehand: in every shown total split into parts, a "<5" part needs room to move.

    For a total and the parts of one level that together make it (a wijk and its buurten, a buurt
    and its categories), a small part can only change when the total is hidden or another part
    hidden beside it can absorb the change: one of those must be hidden. Necessary, not sufficient;
    the audit adds what relations do together.
    """
    grootte = np.asarray(Mg.sum(axis=1)).ravel()
    overlap = (Mg @ Mg.T).tocsc()
    vrij_idx = set(np.flatnonzero(vrij))
    sneden = []
    for g in range(Mg.shape[0]):
        kol = overlap.getcol(g)
        binnen = kol.indices[(kol.data >= grootte[kol.indices] - 1e-9) & (grootte[kol.indices] < grootte[g])]
        for nv in np.unique(niveau[binnen]):
            for tot in (True, False):
                delen = binnen[(niveau[binnen] == nv) & (is_totaal[binnen] == tot)]
                if len(delen) < 2 or abs(grootte[delen].sum() - grootte[g]) > 1e-9 or not prim[delen].any():
                    continue
                sneden += _sneden_van_relatie(g, delen, waarde, prim, vrij_idx, d, bescherming)
    return sneden


def _sneden_van_relatie(g: int, delen: np.ndarray, waarde: np.ndarray, prim: np.ndarray, vrij_idx: set,
                        d: int, bescherming: int) -> list[np.ndarray]:
    uit = []
    for f in delen[prim[delen] & (waarde[delen] > 0)]:
        ander = delen[(delen != f) & prim[delen]]
        omlaag = (waarde[f] - bescherming >= 1) and (d - 1 - waarde[ander]).sum() >= bescherming
        omhoog = (waarde[f] + bescherming <= d - 1) and (waarde[ander] - 1).sum() >= bescherming
        if omlaag or omhoog or prim[g]:
            continue
        kand = [k for k in [g, *delen] if k != f and k in vrij_idx]
        if kand:
            uit.append(np.array(sorted(kand)))
    return uit


def _omwegen(Mg: sparse.csr_matrix, x: np.ndarray, waarde: np.ndarray, status: np.ndarray, vrij: np.ndarray,
             kosten: np.ndarray, ondergrens: np.ndarray, figuren: list[int], d: int, bescherming: int) -> np.ndarray:
    """The cheapest shown figures to hide so that each figure of ``figuren`` can move by ``bescherming``.

    For each figure ``f``, a change Δ of the cells is sought (one LP per direction) that moves ``f`` by
    ± ``bescherming``, keeps every shown 0, keeps every "<5" within its range and every other figure at
    ``drempel`` or more, and changes shown figures of least total cost (cost × |change|). Hiding the
    figures it changes makes the changed table consistent with all that is shown, so ``f`` is protected
    afterwards. The figures share one HiGHS model; only its last row (``f`` moves) changes. Returns the
    union of what each figure's cheapest change hides.
    """
    import highspy

    n = Mg.shape[1]
    shown_vrij = np.flatnonzero((status == GETOOND) & vrij)
    nul = np.flatnonzero((status == GETOOND) & ~vrij)
    prim = np.flatnonzero(status == PRIMAIR)
    groot = np.flatnonzero(vrij)
    k = len(shown_vrij)
    inf = highspy.kHighsInf
    eenheid = sparse.identity(k, format="csr")
    leeg = sparse.csr_matrix
    A = sparse.vstack([sparse.hstack([Mg[shown_vrij], -eenheid]), sparse.hstack([-Mg[shown_vrij], -eenheid]),
                       sparse.hstack([Mg[prim], leeg((len(prim), k))]), sparse.hstack([Mg[groot], leeg((len(groot), k))]),
                       sparse.hstack([Mg[nul], leeg((len(nul), k))])]).tocsr()
    onder = np.concatenate([np.full(2 * k, -inf), ondergrens[prim] - waarde[prim], d - waarde[groot], np.zeros(len(nul))])
    boven = np.concatenate([np.zeros(2 * k), d - 1 - waarde[prim], np.full(len(groot), inf), np.zeros(len(nul))])
    h = _highs()
    h.addVars(n + k, np.concatenate([-x, np.zeros(k)]), np.full(n + k, inf))
    h.changeColsCost(n + k, np.arange(n + k, dtype=np.int32), np.concatenate([np.zeros(n), kosten[shown_vrij]]))
    if A.shape[0]:
        h.addRows(A.shape[0], onder, boven, A.nnz, A.indptr.astype(np.int32), A.indices.astype(np.int32),
                  A.data.astype(float))
    gekozen = np.zeros(len(status), dtype=bool)
    for f in figuren:
        rij = Mg[f]
        h.addRow(0.0, 0.0, rij.nnz, rij.indices.astype(np.int32), rij.data.astype(float))
        laatste = np.array([A.shape[0]], dtype=np.int32)
        beste, beste_kost = np.zeros(len(status), dtype=bool), np.inf
        for teken in (1, -1):
            b = np.array([teken * float(bescherming)])
            h.changeRowsBounds(1, laatste, b, b)
            h.run()
            if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                continue
            kost = h.getInfo().objective_function_value
            if kost < beste_kost:
                beste_kost = kost
                beste = np.zeros(len(status), dtype=bool)
                beste[shown_vrij[np.asarray(h.getSolution().col_value)[n:] > 1e-7]] = True
        h.deleteRows(1, laatste)
        gekozen |= beste
    return gekozen


def _nullen_erin(Mg: sparse.csr_matrix, f: int, prim_g: np.ndarray, g_waarde: np.ndarray) -> tuple[np.ndarray, int]:
    """Shown zeros inside the smallest hidden small figure that contains figure ``f`` (its row)."""
    grootte = np.asarray(Mg.sum(axis=1)).ravel()
    bevat = (np.asarray((Mg @ Mg[f].T).todense()).ravel() >= grootte[f] - 1e-9) & prim_g & (g_waarde > 0)
    bevat[f] = bevat[f] or grootte[f] > 1
    kand = np.flatnonzero(bevat & ((grootte > grootte[f]) | (np.arange(len(grootte)) == f)))
    if not len(kand):
        return np.array([], dtype=int), -1
    rij = int(kand[np.argmin(grootte[kand])])
    binnen = np.asarray((Mg @ Mg[rij].T).todense()).ravel() >= grootte - 1e-9
    return np.flatnonzero(binnen & (g_waarde == 0) & ~prim_g), rij


def _kies(sneden: list[np.ndarray], kosten: np.ndarray, vrij: np.ndarray) -> np.ndarray:
    """The cheapest set of figures (groups) that meets every cut: a 0/1 programme (HiGHS)."""
    idx = np.flatnonzero(vrij)
    pos = np.full(len(vrij), -1)
    pos[idx] = np.arange(len(idx))
    rij = np.concatenate([np.full(len(s), k) for k, s in enumerate(sneden)])
    kol = pos[np.concatenate(sneden)]
    A = sparse.csr_matrix((np.ones(len(rij)), (rij, kol)), shape=(len(sneden), len(idx)))
    r = milp(kosten[idx], integrality=np.ones(len(idx)), bounds=Bounds(0, 1),
             constraints=LinearConstraint(A, lb=1, ub=np.inf), options={"time_limit": 60})
    gekozen = np.zeros(len(vrij), dtype=bool)
    if r.x is None:                            # no solution in time: hide every candidate of every cut
        gekozen[np.concatenate(sneden)] = True
    else:
        gekozen[idx[r.x > 0.5]] = True
    return gekozen
