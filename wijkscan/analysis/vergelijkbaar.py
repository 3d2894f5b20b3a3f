"""Comparable areas elsewhere: "is this normal for an area like this?"

For every buurt (or wijk) of a run, the ``n`` areas **in the rest of Nederland** that are most alike in
*structure* — how urban, who lives there, what kind of housing — and how the area does against them
on the *outcome* indicators (crime per 1.000 inwoners, ervaren gezondheid, meldingen where present).
Computed once in the pipeline and stored on the result (:attr:`wijkscan.model.Wijkprofiel.vergelijking`);
reports and tables only read it.

Method (the reasons are in ``docs/vergelijkbaar.md``):

1. **Comparison set**: every Dutch area of the same CBS level (buurt or wijk) in the embedded national
   snapshot of the year, with at least ``min_inwoners`` (100) inhabitants and every structure variable
   known, **outside the area's own gemeente** ("elders").
2. **Structure variables** (:data:`STRUCTUUR`): mate van stedelijkheid (class 1–5), gemiddelde
   huishoudensgrootte, % 65 jaar of ouder, % 0 tot 15 jaar, % koopwoningen, % eengezinswoningen and the
   gemiddelde WOZ-waarde (on a log scale: twice as expensive counts the same everywhere).
3. **Robust standardisation** over the comparison population (all Dutch areas of the level with ≥ 100
   inhabitants): ``z = (x − mediaan) / (IQR / 1,349)`` per variable — the IQR divided by 1,349 is the
   standard deviation for normal data, and is not pulled by the odd extreme area.
4. **Distance** ``afstand = √( Σ (z_a − z_b)² / k )`` over the ``k`` structure variables the area has:
   the root mean square difference, in standard deviations per variable (0 = identical; 1 = on average
   one standard deviation apart). An area may lack at most ``len(STRUCTUUR) − MIN_STRUCTUUR`` (2)
   variables — then the distance uses the others and ``ontbreekt`` names what was left out; with more
   missing, or under ``min_inwoners`` inhabitants, it gets no comparison and a reason.
5. **Outcomes** (:data:`UITKOMSTEN`): the area's own value (from the profile of the run) against the
   median of the comparable areas that have the figure, and how many of them it is higher and lower
   than. Meldingen exist only for the own gemeente, so they have no comparison elsewhere (said so).

Example
-------
>>> import wijkscan
>>> wa = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
>>> v = wa.vergelijkbaar("BU06260006")                  # Bijdorp: its 10 closest buurten elders
>>> len(v), bool(v.afstand.is_monotonic_increasing), "GM0626" in set(v.gemeentecode)
(10, True, False)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import pandas as pd

from ..errors import OngeldigeInvoer
from ..nlformat import getal_eenheid
from ..tekens import ONBEKEND
from ..teksten import aantal, in_zin, lijst

__all__ = ["MIN_STRUCTUUR", "STRUCTUUR", "UITKOMSTEN", "Vergelijking", "bereken_vergelijking", "landelijke_tabel",
           "vergelijking_tekst"]

#: The structure variables (indicator ids) that make areas "alike", in the order they are shown.
STRUCTUUR: tuple[str, ...] = ("stedelijkheid", "huishoudensgrootte", "leeftijd_65plus_aandeel", "leeftijd_0_15_aandeel",
                              "koopwoningen_aandeel", "eengezinswoningen_aandeel", "woz_waarde")
#: Structure variables compared on a log scale (a ratio matters, not a difference).
LOG: frozenset[str] = frozenset({"woz_waarde"})
#: The outcome indicators an area is held against its comparable areas on.
UITKOMSTEN: tuple[str, ...] = ("misdrijven_per_1000", "ervaren_gezondheid_goed", "meldingen_per_1000")
#: An area needs at least this many structure variables to be compared.
MIN_STRUCTUUR = 5
#: IQR / 1,349 is the standard deviation of normal data.
IQR_SD = 1.349
NIVEAUS = ("buurt", "wijk")
#: Indicators that only the own gemeente has (no national figures): no comparison elsewhere.
ALLEEN_EIGEN = {"meldingen_per_1000": "meldingen zijn er alleen van de eigen gemeente"}
_REDEN_NIVEAU = "vergelijkbare gebieden elders zijn er alleen voor buurten en wijken van het CBS"


def _gemeente_van(code: str) -> str:
    """``BU03630001`` / ``WK036300`` → ``GM0363`` (CBS codes carry the gemeente in positions 3–6)."""
    return "GM" + str(code)[2:6]


# --------------------------------------------------------------------------------- the national table
#: The catalogue fields that say how an indicator is made (the key of the cached national table).
_RECEPT = ("teller", "noemer", "factor", "aggregatie", "gewicht", "trendvariabele", "eenheid")


def _recepten(catalogus: pd.DataFrame | None, ids) -> tuple:
    """``((id, teller, noemer, ...), ...)`` for the ids, from ``catalogus`` or else the built-in one."""
    from ..indicators import catalogus as builtin

    cat = builtin()
    out = []
    for i in dict.fromkeys(ids):
        bron = catalogus if catalogus is not None and i in catalogus.index else cat
        if i in bron.index:
            r = bron.loc[i]
            out.append((i, *(str(r.get(k, "")) for k in _RECEPT)))
    return tuple(out)


def landelijke_tabel(niveau: str = "buurt", jaar: int = 2024, catalogus: pd.DataFrame | None = None,
                     structuur: tuple[str, ...] = STRUCTUUR, uitkomsten: tuple[str, ...] = UITKOMSTEN) -> pd.DataFrame:
    """Every Dutch buurt or wijk of the embedded snapshot with its structure and outcome indicators.

    Values as the profile makes them: published by CBS for the area, and for a wijk what CBS publishes
    only per buurt (crime, ervaren gezondheid) made from its buurten by the catalogue's rule
    (:func:`wijkscan.indicators.compute.geaggregeerd`). Cached: a second run in the same session reuses it.

    Parameters
    ----------
    niveau : {"buurt", "wijk"}
    jaar : int
        Year of the snapshot (2024).
    catalogus : DataFrame, optional
        How each indicator is made (default: the built-in catalogue).
    structuur, uitkomsten : tuple of str
        Indicator ids to include (with ``inwoners``).

    Returns
    -------
    DataFrame
        Index ``code``; ``naam, gemeentecode, gemeente, inwoners`` and one column per indicator.

    Example
    -------
    >>> t = landelijke_tabel("buurt")
    >>> len(t), t.loc["BU06260006", ["naam", "gemeente"]].tolist(), int(t.loc["BU06260006", "inwoners"])
    (14574, ['Bijdorp', 'Voorschoten'], 1565)
    """
    if niveau not in NIVEAUS:
        raise OngeldigeInvoer(f"Vergelijkbare gebieden zijn er voor 'buurt' en 'wijk', niet voor '{niveau}'.")
    return _landelijke_tabel(niveau, int(jaar), _recepten(catalogus, ["inwoners", *structuur, *uitkomsten])).copy()


def _ingebouwd(jaar: int, niveau: str) -> pd.DataFrame:
    """Every area of the level in the embedded snapshot, one year, tidy (shared, cached in the loader)."""
    from ..sources import embedded

    return embedded.kerncijfers_nederland(niveau, jaar)


@functools.lru_cache(maxsize=4)
def _landelijke_tabel(niveau: str, jaar: int, recepten: tuple) -> pd.DataFrame:
    from ..indicators.compute import geaggregeerd, gepubliceerd
    from ..sources import embedded

    gebieden = embedded._gebieden_tabel().set_index("code")

    def wide(kc: pd.DataFrame) -> pd.DataFrame:
        w = kc.pivot_table(index="code", columns="variabele", values="waarde", aggfunc="first")
        w.columns.name = None
        return w.astype(float)

    buurt_wide = wide(_ingebouwd(jaar, "buurt"))
    if niveau == "buurt":
        basis = buurt_wide
    else:
        basis = wide(_ingebouwd(jaar, "wijk"))
        toewijzing = gebieden.wijk.reindex(buurt_wide.index).dropna()
        toewijzing = toewijzing[toewijzing.isin(basis.index)]
    out = {}
    for recept in recepten:
        velden: dict[str, object] = dict(zip(_RECEPT, recept[1:], strict=True))
        velden["factor"] = float(str(velden["factor"] or 1))
        ind = pd.Series(velden, name=recept[0], dtype=object)
        waarde, _ = gepubliceerd(basis, ind)
        if niveau == "wijk" and waarde.isna().any():      # as the profile does: made from the buurten
            agg, _ = geaggregeerd(buurt_wide, toewijzing, ind)
            waarde = waarde.where(waarde.notna(), agg.reindex(waarde.index))
        out[recept[0]] = waarde.astype(float)
    tabel = pd.DataFrame(out, index=basis.index)
    tabel.index.name = "code"
    gm = pd.Series([_gemeente_van(c) for c in tabel.index], index=tabel.index)
    tabel.insert(0, "gemeente", gm.map(embedded.gemeenten()))
    tabel.insert(0, "gemeentecode", gm)
    tabel.insert(0, "naam", gebieden.naam.reindex(tabel.index).fillna(pd.Series(tabel.index, index=tabel.index)))
    return tabel


# --------------------------------------------------------------------------------- standardising, searching
def _schaal(tabel: pd.DataFrame, structuur: tuple[str, ...], min_inwoners: float) -> pd.DataFrame:
    """Centre (median) and scale (IQR / 1,349) of each structure variable over the Dutch areas of the level
    with at least ``min_inwoners`` inhabitants (sd when the IQR is 0)."""
    ref = tabel[tabel.inwoners >= min_inwoners]
    rows = []
    for s in structuur:
        x = _transformeer(ref[s].to_numpy(dtype=float), s)
        x = x[np.isfinite(x)]
        q1, med, q3 = np.percentile(x, [25, 50, 75]) if len(x) else (np.nan,) * 3
        scale = (q3 - q1) / IQR_SD
        if not scale > 0:
            scale = float(np.std(x, ddof=1)) if len(x) > 1 else 1.0
        rows.append({"variabele": s, "transformatie": "log" if s in LOG else "", "mediaan": float(med),
                     "schaal": float(scale) if scale > 0 else 1.0, "aantal": int(len(x))})
    return pd.DataFrame(rows).set_index("variabele")


def _transformeer(x: np.ndarray, variabele: str) -> np.ndarray:
    if variabele in LOG:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(x > 0, np.log(np.where(x > 0, x, 1.0)), np.nan)
    return x


def _z(waarden: pd.DataFrame, schaal: pd.DataFrame) -> np.ndarray:
    cols = [(_transformeer(waarden[s].to_numpy(dtype=float), s) - schaal.loc[s, "mediaan"]) / schaal.loc[s, "schaal"]
            for s in schaal.index]
    return np.column_stack(cols) if cols else np.empty((len(waarden), 0))


@dataclass
class Vergelijking:
    """The comparison of every area of a run with the most alike areas elsewhere in Nederland.

    Made once by :func:`bereken_vergelijking` in the pipeline; reports and tables only read it.

    Attributes
    ----------
    niveau : str
        ``"buurt"`` or ``"wijk"``: the CBS level compared (empty for an own indeling or PC4).
    n : int
        Number of comparable areas per area.
    structuur, uitkomsten : tuple of str
        Indicator ids: what makes areas alike, and what the area is held against them on.
    min_inwoners : float
        Areas with fewer inhabitants are neither compared nor comparable.
    jaar : int
    tabel : DataFrame
        One row per area × outcome: ``gebied, naam, indicator, label, eenheid, decimalen, waarde,
        mediaan_vergelijkbaar, n_vergelijkbaar, aantal_hoger, aantal_lager, oordeel, reden``.
        ``aantal_hoger`` = how many of the comparable areas (with the figure) have a *lower* value, so the
        area is higher than they are; ``oordeel`` is ``hoger`` / ``lager`` / ``gelijk`` (than most) or
        empty with a ``reden``. :meth:`teksten` says each row in one Dutch sentence.
    gebieden : DataFrame
        The comparable areas per area: ``gebied, rang, code, naam, gemeentecode, gemeente, afstand,
        inwoners``, the structure variables and the outcome values that exist nationally, sorted by
        ``gebied, rang`` (rang 1 = closest).
    niet_vergeleken : DataFrame
        ``gebied, naam, reden`` for every area without comparison.
    ontbreekt : DataFrame
        ``gebied, ontbreekt, aantal``: structure variables an area lacks, in words and how many (its
        distance uses the others).
    schaal : DataFrame
        Per structure variable: ``transformatie, mediaan, schaal, aantal`` (the standardisation).
    """

    niveau: str
    n: int
    structuur: tuple[str, ...]
    uitkomsten: tuple[str, ...]
    min_inwoners: float
    jaar: int
    tabel: pd.DataFrame
    gebieden: pd.DataFrame
    niet_vergeleken: pd.DataFrame
    ontbreekt: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["gebied", "ontbreekt", "aantal"]))
    schaal: pd.DataFrame = field(default_factory=pd.DataFrame)
    _landelijk: pd.DataFrame | None = field(default=None, repr=False)
    _eigen: pd.DataFrame | None = field(default=None, repr=False)

    def van(self, gebied: str, n: int | None = None) -> pd.DataFrame:
        """The ``n`` most alike areas of ``gebied`` (default: the stored ``n``), closest first.

        With the stored ``n`` the stored rows are returned; another ``n`` is searched the same way
        (same comparison set, same standardisation) without changing what is stored.
        """
        reden = self.niet_vergeleken.set_index("gebied").reden
        if gebied in reden.index:
            raise OngeldigeInvoer(f"Voor {gebied} zijn geen vergelijkbare gebieden bepaald: {reden[gebied]}.")
        if self._eigen is None or gebied not in self._eigen.index:
            raise OngeldigeInvoer(f"Gebied '{gebied}' hoort niet bij deze vergelijking.")
        if n is None or int(n) == self.n:
            out = self.gebieden[self.gebieden.gebied == gebied]
        else:
            if int(n) < 1:
                raise OngeldigeInvoer(f"n={n}: vraag minstens 1 vergelijkbaar gebied.")
            out = _zoek(self._eigen.loc[[gebied]], self._landelijk, self.schaal, int(n), self.min_inwoners,
                        self.structuur, self.uitkomsten)
        return out.drop(columns=["gebied"]).set_index("rang").reset_index(drop=True)

    def opbouw_tekst(self, catalogus: pd.DataFrame | None = None) -> str:
        """What "alike" means here, in plain Dutch (for the report).

        Example
        -------
        >>> _leeg("buurt", 10, STRUCTUUR, UITKOMSTEN, 100, 2024, pd.DataFrame()).opbouw_tekst()[:45]
        'even stedelijk (hooguit één klasse verschil) '
        """
        if tuple(self.structuur) == STRUCTUUR:
            return ("even stedelijk (hooguit één klasse verschil) en zo dicht mogelijk bij in huishoudensgrootte, "
                    "aandeel 65-plussers en kinderen tot 15 jaar, aandeel koopwoningen en eengezinswoningen en "
                    "WOZ-waarde")
        labels = [in_zin(catalogus.loc[s, "label"]) if catalogus is not None and s in catalogus.index else s
                  for s in self.structuur]
        return f"zo dicht mogelijk bij in {lijst(labels)}"

    def teksten(self, gebied: str) -> list[str]:
        """The sentences of one area, one per outcome, made from the stored figures only
        (:func:`vergelijking_tekst`); empty when the area was not compared."""
        return [vergelijking_tekst(r, self.niveau) for r in self.tabel[self.tabel.gebied == gebied].itertuples()]

    def _repr_html_(self) -> str:
        import html

        wat = "buurten" if self.niveau == "buurt" else "wijken" if self.niveau == "wijk" else "gebieden"
        kop = (f"<p><b>Tegen vergelijkbare {wat} elders</b>: per gebied de {self.n} {wat} in andere gemeenten "
               f"die qua opbouw het meest lijken; {len(self.niet_vergeleken)} niet vergeleken.</p>")
        regels = "".join(f"<li><b>{html.escape(str(r.naam))}</b>: {html.escape(vergelijking_tekst(r, self.niveau))}</li>"
                         for r in self.tabel.head(20).itertuples())
        return f"<div>{kop}<ul>{regels}</ul></div>"


def _zoek(eigen: pd.DataFrame, landelijk: pd.DataFrame, schaal: pd.DataFrame, n: int, min_inwoners: float,
          structuur: tuple[str, ...], uitkomsten: tuple[str, ...]) -> pd.DataFrame:
    """The ``n`` closest areas outside its own gemeente, within one class of stedelijkheid, for every row of
    ``eigen`` (index gebied; columns ``gemeentecode`` and the structure variables)."""
    struct = list(structuur)
    kand = landelijk[(landelijk.inwoners >= min_inwoners) & landelijk[struct].notna().all(axis=1)]
    Zk = _z(kand, schaal)
    k_gem = kand.gemeentecode.to_numpy()
    Ze = _z(eigen, schaal)
    gemeenten = eigen.gemeentecode.to_numpy()
    # the band of stedelijkheid: a candidate differs at most one class (no band when the area has no class)
    st_e = eigen["stedelijkheid"].to_numpy(dtype=float) if "stedelijkheid" in struct else np.full(len(eigen), np.nan)
    st_k = kand["stedelijkheid"].to_numpy(dtype=float) if "stedelijkheid" in struct else np.zeros(len(kand))
    # one search per class × set of known variables (an area lacking some uses the others)
    patroon = pd.Series([m.tobytes() for m in ~np.isnan(Ze)], index=range(len(Ze)))
    groep = pd.DataFrame({"patroon": patroon, "klasse": np.nan_to_num(st_e, nan=-1.0)})
    gevonden: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []   # (rows of eigen, candidate idx, distance)
    for (_, klasse), rijen in groep.groupby(["patroon", "klasse"], sort=False).groups.items():
        rijen = np.asarray(rijen)
        m = ~np.isnan(Ze[rijen[0]])
        pool = np.flatnonzero(np.abs(st_k - klasse) <= 1) if klasse >= 0 else np.arange(len(kand))
        gevonden += _boom(Ze[np.ix_(rijen, m)], rijen, gemeenten[rijen], Zk[np.ix_(pool, m)], pool, k_gem[pool], n)
    kolommen = ["gebied", "rang", "code", "naam", "gemeentecode", "gemeente", "afstand", "inwoners", *structuur,
                *[u for u in uitkomsten if u in landelijk.columns and landelijk[u].notna().any()]]
    if not gevonden:
        return pd.DataFrame(columns=kolommen)
    r_idx = np.concatenate([r for r, _, _ in gevonden]).astype(int)
    k_idx = np.concatenate([i for _, i, _ in gevonden]).astype(int)
    afst = np.concatenate([d for _, _, d in gevonden])
    rows = kand.iloc[k_idx]
    out = pd.DataFrame({"gebied": eigen.index.to_numpy()[r_idx], "code": rows.index.to_numpy(), "afstand": afst})
    for c in kolommen[3:]:
        if c not in out.columns:
            out[c] = rows[c].to_numpy()
    out = out.sort_values(["gebied", "afstand", "code"], kind="stable")
    out["rang"] = out.groupby("gebied", sort=False).cumcount() + 1
    return out[kolommen].reset_index(drop=True)


def _boom(Ze: np.ndarray, rijen: np.ndarray, gemeenten: np.ndarray, Zk: np.ndarray, pool: np.ndarray,
          k_gem: np.ndarray, n: int) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """KD-tree search of complete rows: first ``n + 40`` neighbours for all, then, for the rows whose own
    gemeente took too many of those, again with room for every area of their own gemeente."""
    from scipy.spatial import cKDTree

    if not len(rijen) or not len(pool):
        return []
    boom = cKDTree(Zk)
    wortel = np.sqrt(Ze.shape[1])
    uit = []

    def vraag(sel: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        k = int(min(k, len(pool)))
        d, i = boom.query(Ze[sel], k=k)
        return d.reshape(len(sel), k), i.reshape(len(sel), k)

    d, i = vraag(np.arange(len(rijen)), n + 40)
    eigen = k_gem[i] == gemeenten[:, None]
    genoeg = (~eigen).sum(axis=1) >= min(n, len(pool))
    opnieuw = np.flatnonzero(~genoeg)
    for j in np.flatnonzero(genoeg):
        keep = ~eigen[j]
        best = i[j][keep][:n]
        uit.append((np.full(len(best), rijen[j]), pool[best], d[j][keep][:n] / wortel))
    if len(opnieuw):
        per_gemeente = pd.Series(k_gem).value_counts()
        for gm in pd.unique(gemeenten[opnieuw]):
            sel = opnieuw[gemeenten[opnieuw] == gm]
            d2, i2 = vraag(sel, n + int(per_gemeente.get(gm, 0)))
            for dj, ij, j in zip(d2, i2, sel, strict=True):
                keep = (k_gem[ij] != gm) & np.isfinite(dj)
                best = ij[keep][:n]
                uit.append((np.full(len(best), rijen[j]), pool[best], dj[keep][:n] / wortel))
    return uit


# --------------------------------------------------------------------------------- the step of the pipeline
def _leeg(niveau: str, n: int, structuur, uitkomsten, min_inwoners, jaar, niet: pd.DataFrame) -> Vergelijking:
    tabel = pd.DataFrame(columns=["gebied", "naam", "indicator", "label", "eenheid", "decimalen", "waarde",
                                  "mediaan_vergelijkbaar", "n_vergelijkbaar", "aantal_hoger", "aantal_lager", "oordeel",
                                  "reden"])
    gebieden = pd.DataFrame(columns=["gebied", "rang", "code", "naam", "gemeentecode", "gemeente", "afstand",
                                     "inwoners", *structuur, *uitkomsten])
    return Vergelijking(niveau=niveau, n=n, structuur=tuple(structuur), uitkomsten=tuple(uitkomsten),
                        min_inwoners=min_inwoners, jaar=jaar, tabel=tabel, gebieden=gebieden, niet_vergeleken=niet)


def bereken_vergelijking(
    profiel: pd.DataFrame,
    catalogus: pd.DataFrame,
    niveau: str,
    jaar: int,
    n: int = 10,
    structuur: tuple[str, ...] = STRUCTUUR,
    uitkomsten: tuple[str, ...] = UITKOMSTEN,
    min_inwoners: float = 100,
) -> Vergelijking:
    """Every area of a run against the ``n`` most alike areas elsewhere in Nederland (see the module docstring).

    Parameters
    ----------
    profiel : DataFrame
        The profile of the run (``gebied, naam, indicator, jaar, waarde, reden``).
    catalogus : DataFrame
        The indicator catalogue (labels, units, decimals, how the national values are made).
    niveau : str
        The indeling of the run: ``"buurt"`` or ``"wijk"`` are compared with the Dutch buurten or wijken;
        any other indeling gets no comparison (every area in ``niet_vergeleken`` with the reason).
    jaar : int
    n : int
        Comparable areas per area (default 10).
    structuur, uitkomsten : tuple of str
        What makes areas alike (:data:`STRUCTUUR`) and what they are compared on (:data:`UITKOMSTEN`).
    min_inwoners : float
        Areas with fewer inhabitants are neither compared nor comparable (default 100).

    Returns
    -------
    Vergelijking

    Example
    -------
    >>> import wijkscan
    >>> wa = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
    >>> v = bereken_vergelijking(wa.profiel, wa.catalogus, "buurt", 2024, n=5)
    >>> r = v.tabel.set_index(["gebied", "indicator"]).loc[("BU06260006", "misdrijven_per_1000")]
    >>> int(r.n_vergelijkbaar), r.oordeel in ("hoger", "lager", "gelijk")
    (5, True)
    """
    n = int(n)
    if n < 1:
        raise OngeldigeInvoer(f"n={n}: vraag minstens 1 vergelijkbaar gebied.")
    structuur, uitkomsten = tuple(structuur), tuple(uitkomsten)
    cur = profiel[profiel.jaar == jaar]
    namen = cur.drop_duplicates("gebied").set_index("gebied").naam
    if niveau not in NIVEAUS:
        niet = pd.DataFrame({"gebied": namen.index, "naam": namen.to_numpy(), "reden": _REDEN_NIVEAU})
        return _leeg("", n, structuur, uitkomsten, min_inwoners, jaar, niet)
    if _ingebouwd(int(jaar), "buurt").empty:
        niet = pd.DataFrame({"gebied": namen.index, "naam": namen.to_numpy(),
                             "reden": f"de ingebouwde landelijke cijfers hebben geen {jaar}"})
        return _leeg(niveau, n, structuur, uitkomsten, min_inwoners, jaar, niet)
    landelijk = landelijke_tabel(niveau, jaar, catalogus, structuur, uitkomsten)
    schaal = _schaal(landelijk, structuur, min_inwoners)
    nodig = ["inwoners", *structuur, *uitkomsten]
    deel = cur[cur.indicator.isin(nodig)]
    eigen = deel.pivot_table(index="gebied", columns="indicator", values="waarde", aggfunc="first", dropna=False)
    eigen = eigen.reindex(index=namen.index, columns=nodig).astype(float)
    eigen.columns.name = None
    eigen["gemeentecode"] = [_gemeente_van(c) for c in eigen.index]
    ok, niet, ontbreekt = _wie_vergelijkbaar(eigen, namen, catalogus, structuur, min_inwoners)
    gebieden = _zoek(eigen[ok], landelijk, schaal, n, min_inwoners, structuur, uitkomsten)
    out = _leeg(niveau, n, structuur, uitkomsten, min_inwoners, jaar, niet)
    out.tabel = _uitkomsten(eigen, ok, namen, deel, gebieden, catalogus, uitkomsten, out.tabel)
    out.gebieden, out.ontbreekt, out.schaal = gebieden, ontbreekt, schaal
    out._landelijk, out._eigen = landelijk, eigen[ok]
    return out


def _wie_vergelijkbaar(eigen: pd.DataFrame, namen: pd.Series, catalogus: pd.DataFrame, structuur: tuple[str, ...],
                       min_inwoners: float) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
    """Which areas can be compared; the others with their reason; what the compared ones lack, in words."""
    labels = {i: in_zin(catalogus.loc[i, "label"]) if i in catalogus.index else i for i in structuur}
    inw = eigen.inwoners
    mist = eigen[list(structuur)].isna()
    reden = pd.Series("", index=eigen.index, dtype=object)
    reden[inw.isna()] = "geen inwonertal"
    reden[(reden == "") & (inw < min_inwoners)] = f"minder dan {getal_eenheid(min_inwoners, 0, '')} inwoners"
    # what an area lacks, in words: one text per pattern of missing variables (few patterns, many areas)
    patroon = pd.Series(["".join("1" if m else "0" for m in rij) for rij in mist.to_numpy()], index=eigen.index)
    woorden = {p: lijst([labels[s] for s, m in zip(structuur, p, strict=True) if m == "1"]) for p in set(patroon)}
    wat_mist = patroon.map(woorden)
    te_weinig = (reden == "") & ((~mist).sum(axis=1) < MIN_STRUCTUUR)
    reden[te_weinig] = "te weinig cijfers over de opbouw (" + wat_mist[te_weinig] + " ontbreken)"
    ok = reden == ""
    niet = pd.DataFrame({"gebied": eigen.index[~ok], "naam": namen.reindex(eigen.index[~ok]).to_numpy(),
                         "reden": reden[~ok].to_numpy()})
    deels = ok & mist.any(axis=1)
    ontbreekt = pd.DataFrame({"gebied": eigen.index[deels], "ontbreekt": wat_mist[deels].to_numpy(),
                              "aantal": mist[deels].sum(axis=1).astype(int).to_numpy()})
    return ok, niet, ontbreekt


def _uitkomst_rijen(u: str, w: pd.Series, namen: pd.Series, deel: pd.DataFrame, gebieden: pd.DataFrame,
                    catalogus: pd.DataFrame) -> pd.DataFrame:
    """One outcome indicator: each area's own value against the median of its comparable areas."""
    t = pd.DataFrame({"gebied": w.index, "naam": namen.reindex(w.index).to_numpy(), "indicator": u,
                      "label": catalogus.loc[u, "label"], "eenheid": catalogus.loc[u, "eenheid"],
                      "decimalen": int(catalogus.loc[u, "decimalen"]), "waarde": w.to_numpy()})
    prof_reden = deel[deel.indicator == u].drop_duplicates("gebied").set_index("gebied").reden
    leeg = _waarom_leeg(prof_reden.reindex(w.index).fillna("").astype(str))
    if u in ALLEEN_EIGEN or u not in gebieden.columns:
        elders = f"geen vergelijking elders: {ALLEEN_EIGEN.get(u, 'geen landelijke cijfers')}"
        t["reden"] = np.where(w.isna(), leeg + "; " + elders, elders)
        return t
    gebied = gebieden.gebied.to_numpy()
    v = gebieden[u].to_numpy(dtype=float)
    eig = w.reindex(gebied).to_numpy()
    g = pd.DataFrame({"gebied": gebied, "v": v, "hoger": eig > v, "lager": eig < v}).groupby("gebied")
    t["mediaan_vergelijkbaar"] = g.v.median().reindex(w.index).to_numpy()
    t["n_vergelijkbaar"] = g.v.count().reindex(w.index).fillna(0).to_numpy()
    t["aantal_hoger"] = g.hoger.sum().reindex(w.index).fillna(0).to_numpy()
    t["aantal_lager"] = g.lager.sum().reindex(w.index).fillna(0).to_numpy()
    t["reden"] = np.where(w.isna(), leeg,
                          np.where(t.n_vergelijkbaar == 0, "geen van de vergelijkbare gebieden heeft dit cijfer", ""))
    return t


def _waarom_leeg(reden: pd.Series) -> pd.Series:
    """Why an area's own figure is missing, from the profile's reason: a figure hidden for privacy says so (it is
    not unknown); any other reads "onbekend: …" ("onbekend" alone when the profile gives no reason).

    Example
    -------
    >>> _waarom_leeg(pd.Series(["minder dan 5 meldingen: niet getoond (privacy)", "geheim (CBS)", ""])).tolist()
    ['minder dan 5 meldingen: niet getoond (privacy)', 'onbekend: geheim (CBS)', 'onbekend']
    """
    privacy = reden.str.endswith("(privacy)")
    al = reden.str.startswith(ONBEKEND)
    return pd.Series(np.where(privacy | al, reden, np.where(reden != "", ONBEKEND + ": " + reden, ONBEKEND)),
                     index=reden.index, dtype=object)


def _uitkomsten(eigen: pd.DataFrame, ok: pd.Series, namen: pd.Series, deel: pd.DataFrame, gebieden: pd.DataFrame,
                catalogus: pd.DataFrame, uitkomsten: tuple[str, ...], leeg: pd.DataFrame) -> pd.DataFrame:
    """The table of outcomes of every compared area, with the verdict (hoger / lager / gelijk) and reasons."""
    aanwezig = [u for u in uitkomsten if u in catalogus.index and u in eigen.columns and eigen[u].notna().any()]
    delen = [_uitkomst_rijen(u, eigen.loc[ok, u], namen, deel, gebieden, catalogus) for u in aanwezig]
    tabel = pd.concat([leeg.iloc[:0], *delen], ignore_index=True) if delen else leeg
    for c in ("n_vergelijkbaar", "aantal_hoger", "aantal_lager"):
        tabel[c] = pd.to_numeric(tabel[c]).fillna(0).astype(int)
    tabel["mediaan_vergelijkbaar"] = pd.to_numeric(tabel.mediaan_vergelijkbaar).astype(float)
    tabel["waarde"] = pd.to_numeric(tabel.waarde).astype(float)
    bekend = (tabel.reden.fillna("") == "")
    tabel["reden"] = tabel.reden.fillna("")
    tabel["oordeel"] = np.where(~bekend, "", np.where(tabel.aantal_hoger > tabel.aantal_lager, "hoger",
                                                      np.where(tabel.aantal_lager > tabel.aantal_hoger, "lager", "gelijk")))
    return tabel.sort_values(["gebied", "indicator"], key=lambda c: c.map(
        {u: i for i, u in enumerate(uitkomsten)}) if c.name == "indicator" else c).reset_index(drop=True)


class Vergelijkingsrij(Protocol):
    """One row of :attr:`Vergelijking.tabel`: a ``Series`` or a row of ``itertuples()``."""

    label: str
    eenheid: str
    decimalen: int
    waarde: float
    mediaan_vergelijkbaar: float
    n_vergelijkbaar: int
    aantal_hoger: int
    aantal_lager: int
    oordeel: str
    reden: str


def vergelijking_tekst(r: Vergelijkingsrij, niveau: str = "buurt") -> str:
    """One Dutch sentence from one row of :attr:`Vergelijking.tabel` (its stored figures only).

    Example
    -------
    >>> r = pd.Series({"label": "Geregistreerde misdrijven per 1.000 inwoners", "eenheid": "per 1.000 inwoners",
    ...                "decimalen": 1, "waarde": 48.23, "mediaan_vergelijkbaar": 31.5, "n_vergelijkbaar": 10,
    ...                "aantal_hoger": 9, "aantal_lager": 1, "oordeel": "hoger", "reden": ""})
    >>> print(vergelijking_tekst(r))   # doctest: +NORMALIZE_WHITESPACE
    Geregistreerde misdrijven per 1.000 inwoners: 48,2 — tegen 31,5 (mediaan) in 10 vergelijkbare buurten
    elders; hoger dan 9 van de 10.
    >>> een = r.copy()
    >>> een[["n_vergelijkbaar", "aantal_hoger", "aantal_lager"]] = [1, 1, 0]
    >>> vergelijking_tekst(een, "wijk")
    'Geregistreerde misdrijven per 1.000 inwoners: 48,2 — tegen 31,5 in 1 vergelijkbare wijk elders; hoger.'
    """
    dec, eenheid = int(r.decimalen), str(r.eenheid)
    m = int(r.n_vergelijkbaar)
    woord = "buurt" if niveau == "buurt" else "wijk" if niveau == "wijk" else "gebied"
    wat = aantal(m, woord).replace(" ", " vergelijkbare ", 1) + " elders"
    mediaan = getal_eenheid(r.mediaan_vergelijkbaar, dec, eenheid) + (" (mediaan)" if m > 1 else "")
    if pd.isna(r.waarde):   # the reason says why: "onbekend: …", or hidden for privacy
        return f"{r.label}: {r.reden or ONBEKEND}" + (f"; {mediaan} in {wat}." if m and pd.notna(r.mediaan_vergelijkbaar)
                                                     else ".")
    waarde = getal_eenheid(r.waarde, dec, eenheid)
    if not r.oordeel:
        return f"{r.label}: {waarde}; {r.reden or 'geen vergelijking elders'}."
    h, lg = int(r.aantal_hoger), int(r.aantal_lager)
    if m == 1:
        stand = {"hoger": "hoger", "lager": "lager"}.get(r.oordeel, "even hoog")
    elif r.oordeel == "hoger":
        stand = f"hoger dan {h} van de {m}"
    elif r.oordeel == "lager":
        stand = f"lager dan {lg} van de {m}"
    else:                                   # as many lower as higher: in the middle, or all equal
        stand = f"hoger dan {h} en lager dan {lg} van de {m}" if h else f"even hoog als alle {m}"
    return f"{r.label}: {waarde} — tegen {mediaan} in {wat}; {stand}."
