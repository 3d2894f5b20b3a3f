"""Werkdagen and afhandeltermijnen of meldingen openbare ruimte.

Working days skip Saturdays, Sundays and the Dutch public holidays, which are computed
(no lookup table, no internet):

* Nieuwjaarsdag (1 January);
* Eerste and Tweede Paasdag (Easter from :func:`dateutil.easter.easter`, Western);
* Koningsdag: 27 April, or Saturday 26 April when the 27th is a Sunday (from 2014;
  before that Koninginnedag 30 April, or 29 April when the 30th is a Sunday);
* Bevrijdingsdag (5 May): **every year by default**, as in the Algemene termijnenwet
  (art. 3), which governs the termijnen of a gemeente. Many cao's only give a day off in
  lustrum years (2025, 2030, ...): use ``bevrijdingsdag="lustrum"`` (or ``"nooit"``);
* Hemelvaartsdag (Easter + 39 days);
* Eerste and Tweede Pinksterdag (Easter + 49 and + 50 days);
* Eerste and Tweede Kerstdag (25 and 26 December);
* Goede Vrijdag (Easter − 2 days) only with ``goede_vrijdag=True`` (not in the Algemene
  termijnenwet, but a day off in some cao's).

Counting convention: ``werkdagen_tussen(a, b)`` is the number of working days in
``[a, b)`` — a melding made on Thursday and handled on Friday took 1 working day; made on
Saturday and handled on Monday, 0. "Within 3 working days" means
``werkdagen_tussen(a, b) <= 3``, i.e. handled on or before ``plus_werkdagen(a, 3)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, cast

import numpy as np
import pandas as pd
from dateutil.easter import easter

from ..errors import OngeldigeInvoer
from .meldingenfeiten import Meldingen, meldingen_van

Bevrijdingsdag = Literal["elk_jaar", "lustrum", "nooit"]

__all__ = [
    "KLEINE_MELDINGEN",
    "NORMEN",
    "Termijn",
    "afhandeltermijnen",
    "doorlooptijden",
    "feestdagen",
    "is_werkdag",
    "plus_werkdagen",
    "werkdagen_tussen",
]


def feestdagen(
    jaren: int | Iterable[int],
    *,
    goede_vrijdag: bool = False,
    bevrijdingsdag: Bevrijdingsdag = "elk_jaar",
) -> pd.Series:
    """Dutch public holidays of one or more years.

    Parameters
    ----------
    jaren : int or iterable of int
    goede_vrijdag : bool
        Count Goede Vrijdag as a holiday (default no).
    bevrijdingsdag : {"elk_jaar", "lustrum", "nooit"}
        5 May every year (default, Algemene termijnenwet), only in years divisible by 5, or never.

    Returns
    -------
    Series
        Index: the dates (``datetime.date``), sorted; values: the Dutch name.

    Example
    -------
    >>> f = feestdagen(2025)
    >>> f[date(2025, 4, 26)], f[date(2025, 5, 29)]
    ('Koningsdag', 'Hemelvaartsdag')
    """
    if bevrijdingsdag not in ("elk_jaar", "lustrum", "nooit"):
        raise OngeldigeInvoer(
            f"bevrijdingsdag={bevrijdingsdag!r} ken ik niet; kies 'elk_jaar', 'lustrum' of 'nooit'."
        )
    jaren = [jaren] if isinstance(jaren, int) else sorted(set(int(j) for j in jaren))
    dagen: dict[date, str] = {}
    for jaar in jaren:
        pasen = easter(jaar)
        dagen[date(jaar, 1, 1)] = "Nieuwjaarsdag"
        if goede_vrijdag:
            dagen[pasen - timedelta(days=2)] = "Goede Vrijdag"
        dagen[pasen] = "Eerste Paasdag"
        dagen[pasen + timedelta(days=1)] = "Tweede Paasdag"
        if jaar >= 2014:
            kd = date(jaar, 4, 27)
            dagen[kd - timedelta(days=1) if kd.weekday() == 6 else kd] = "Koningsdag"
        else:
            kd = date(jaar, 4, 30)
            dagen[kd - timedelta(days=1) if kd.weekday() == 6 else kd] = "Koninginnedag"
        if bevrijdingsdag == "elk_jaar" or (bevrijdingsdag == "lustrum" and jaar % 5 == 0):
            dagen[date(jaar, 5, 5)] = "Bevrijdingsdag"
        dagen[pasen + timedelta(days=39)] = "Hemelvaartsdag"
        dagen[pasen + timedelta(days=49)] = "Eerste Pinksterdag"
        dagen[pasen + timedelta(days=50)] = "Tweede Pinksterdag"
        dagen[date(jaar, 12, 25)] = "Eerste Kerstdag"
        dagen[date(jaar, 12, 26)] = "Tweede Kerstdag"
    return pd.Series(dict(sorted(dagen.items())), name="feestdag", dtype=object)


def _dagen(x: object) -> np.ndarray:
    """Anything date-like (scalar, list, Series, DatetimeIndex) as datetime64[D] (NaT allowed)."""
    reeks: Iterable[object] = [x] if _scalar(x) else cast("Iterable[object]", x)
    ts = pd.to_datetime(pd.Series(list(reeks) if not isinstance(reeks, pd.Series) else reeks.to_numpy()))
    if getattr(ts.dt, "tz", None) is not None:
        ts = ts.dt.tz_convert("Europe/Amsterdam").dt.tz_localize(None)
    return ts.to_numpy().astype("datetime64[D]")


def _feestdagen_d(d: np.ndarray, goede_vrijdag: bool, bevrijdingsdag: Bevrijdingsdag) -> np.ndarray:
    ok = d[~np.isnat(d)]
    if len(ok) == 0:
        return np.array([], dtype="datetime64[D]")
    years = ok.astype("datetime64[Y]").astype(int) + 1970
    jaren = range(int(years.min()) - 1, int(years.max()) + 2)
    f = feestdagen(jaren, goede_vrijdag=goede_vrijdag, bevrijdingsdag=bevrijdingsdag)
    return np.array([np.datetime64(d_, "D") for d_ in f.index], dtype="datetime64[D]")


def _scalar(x: object) -> bool:
    return x is None or isinstance(x, (str, date, np.datetime64)) or np.ndim(cast("np.ndarray", x)) == 0


def _terug(result: np.ndarray, like: object, dtype: str | None = None) -> object:
    if isinstance(like, pd.Series):
        return pd.Series(result, index=like.index, dtype=dtype)
    if _scalar(like):
        return result[0]
    return result


def is_werkdag(
    datums: object, *, goede_vrijdag: bool = False, bevrijdingsdag: Bevrijdingsdag = "elk_jaar"
) -> object:
    """True on Monday–Friday that is no Dutch public holiday.

    Example
    -------
    >>> bool(is_werkdag(date(2025, 4, 26))), bool(is_werkdag(date(2026, 4, 6)))
    (False, False)
    """
    d = _dagen(datums)
    out = np.zeros(len(d), dtype=bool)
    ok = ~np.isnat(d)
    out[ok] = np.is_busday(d[ok], holidays=_feestdagen_d(d, goede_vrijdag, bevrijdingsdag))
    return _terug(out, datums)


def werkdagen_tussen(
    begin: object,
    eind: object,
    *,
    goede_vrijdag: bool = False,
    bevrijdingsdag: Bevrijdingsdag = "elk_jaar",
) -> object:
    """Number of working days in ``[begin, eind)`` (dates; times of day are ignored).

    Scalars give an int; arrays/Series give a float array/Series with NaN where a date is missing.
    Negative when ``eind`` lies before ``begin``.

    Example
    -------
    >>> werkdagen_tussen(date(2026, 4, 2), date(2026, 4, 8))   # Thursday before Easter 2026
    3
    """
    b = _dagen(begin)
    e = _dagen(eind)
    if len(b) == 1 and len(e) > 1:
        b = np.repeat(b, len(e))
    if len(e) == 1 and len(b) > 1:
        e = np.repeat(e, len(b))
    hol = _feestdagen_d(np.concatenate([b, e]), goede_vrijdag, bevrijdingsdag)
    ok = ~(np.isnat(b) | np.isnat(e))
    out = np.full(len(b), np.nan)
    out[ok] = np.busday_count(b[ok], e[ok], holidays=hol)
    if _scalar(begin) and _scalar(eind):
        return int(out[0]) if ok[0] else None
    like = eind if isinstance(eind, pd.Series) else begin
    return _terug(out, like, dtype="float64")


def plus_werkdagen(
    datum: object,
    n: int,
    *,
    goede_vrijdag: bool = False,
    bevrijdingsdag: Bevrijdingsdag = "elk_jaar",
) -> object:
    """The date ``n`` working days after ``datum`` (a weekend/holiday start rolls forward first).

    Example
    -------
    >>> plus_werkdagen(date(2026, 4, 2), 3)                      # Thu → Fri, Tue, Wed
    datetime.date(2026, 4, 8)
    >>> plus_werkdagen(date(2026, 4, 2), 3, goede_vrijdag=True)
    datetime.date(2026, 4, 9)
    """
    d = _dagen(datum)
    ok = ~np.isnat(d)
    # holidays for the years after the start too: n working days may cross a year
    probe = np.concatenate([d, d[ok] + max(int(n), 0) * 2 + 14])
    hol = _feestdagen_d(probe, goede_vrijdag, bevrijdingsdag)
    out = np.full(len(d), np.datetime64("NaT"), dtype="datetime64[D]")
    out[ok] = np.busday_offset(d[ok], int(n), roll="forward", holidays=hol)
    if _scalar(datum):
        return out[0].astype(object) if ok[0] else None
    if isinstance(datum, pd.Series):
        return pd.Series(pd.to_datetime(out), index=datum.index)
    return out


# ---------------------------------------------------------------------------------------------
# afhandeltermijnen


@dataclass(frozen=True)
class Termijn:
    """An afhandelnorm: ``aantal`` working days, calendar days or weeks.

    Example
    -------
    >>> Termijn(3, "werkdagen").tekst
    'binnen 3 werkdagen'
    """

    aantal: int
    eenheid: Literal["werkdagen", "kalenderdagen", "weken"] = "werkdagen"

    def __post_init__(self) -> None:
        if self.eenheid not in ("werkdagen", "kalenderdagen", "weken"):
            raise OngeldigeInvoer(
                f"Eenheid {self.eenheid!r} ken ik niet; kies 'werkdagen', 'kalenderdagen' of 'weken'."
            )

    @property
    def tekst(self) -> str:
        eenheid = {"kalenderdagen": "dagen"}.get(self.eenheid, self.eenheid)
        if self.aantal == 1:
            eenheid = {"werkdagen": "werkdag", "dagen": "dag", "weken": "week"}[eenheid]
        return f"binnen {self.aantal} {eenheid}"


#: Default norms per termijnsoort: small complaints 3 working days, the rest 6 weeks.
NORMEN: dict[str, Termijn] = {
    "klein": Termijn(3, "werkdagen"),
    "overig": Termijn(6, "weken"),
}

#: Subcategories (Signalen names, compared case-insensitively) that are "small": a single visit
#: by the buitendienst without planning or a contractor. Everything else is "overig".
#: Override with ``kleine_meldingen=`` or give a full mapping ``{subcategorie: soort}``.
KLEINE_MELDINGEN: tuple[str, ...] = (
    "Afvalbak",
    "Bladeren",
    "Bladkorf",
    "Container",
    "Dood dier",
    "Drijfvuil",
    "Dumping",
    "Gevaarlijk afval",
    "Gladheidsbestrijding",
    "Minicontainer",
    "Veeg en zwerfvuil",
)

AFGELEID_TEKST = (
    "Let op: de afhandeldatum is afgeleid (de dag waarop een melding uit de openbare lijst "
    "verdween), geen officiële afhandeldatum; de doorlooptijd is hoogstens één dag te lang."
)


def _termijnsoort(meldingen: pd.DataFrame, kleine_meldingen: Iterable[str] | Mapping[str, str] | None
                  ) -> pd.Series:
    if isinstance(kleine_meldingen, Mapping):
        mapping = {str(k).strip().lower(): v for k, v in kleine_meldingen.items()}
    else:
        namen = KLEINE_MELDINGEN if kleine_meldingen is None else kleine_meldingen
        mapping = {str(n).strip().lower(): "klein" for n in namen}
    sleutel = pd.Series("", index=meldingen.index, dtype=object)
    for kolom in ("categorie", "subcategorie"):   # a subcategory mapping wins over its category
        if kolom in meldingen:
            s = meldingen[kolom].astype(object).where(meldingen[kolom].notna(), "").astype(str)
            s = s.str.strip().str.lower()
            hit = s.map(mapping)
            sleutel = hit.where(hit.notna(), sleutel)
    return sleutel.where(sleutel != "", "overig")


def doorlooptijden(
    meldingen: pd.DataFrame,
    *,
    normen: Mapping[str, Termijn] | None = None,
    kleine_meldingen: Iterable[str] | Mapping[str, str] | None = None,
    peildatum: object = None,
    goede_vrijdag: bool = False,
    bevrijdingsdag: Bevrijdingsdag = "elk_jaar",
) -> pd.DataFrame:
    """Per melding: termijnsoort, norm, doorlooptijd in days and working days, within the norm?

    Parameters
    ----------
    meldingen : DataFrame
        With ``datum`` and ``afgehandeld`` (NaT = still open), as :func:`lees_meldingen` gives.
    normen : mapping soort -> Termijn
        Default :data:`NORMEN` (klein: 3 werkdagen, overig: 6 weken).
    kleine_meldingen : list of names or mapping name -> soort
        Which (sub)categories are "klein"; default :data:`KLEINE_MELDINGEN`.
    peildatum : date, optional
        "Today" for open meldingen (default: the latest date in the data). An open melding whose
        deadline lies before the peildatum counts as ``te_laat_open``.

    Returns
    -------
    DataFrame
        Same index as ``meldingen``; columns ``termijnsoort, norm, uiterste_datum, dagen, werkdagen,
        afgehandeld, binnen_norm`` (True/False; NA while open and not yet late), ``te_laat_open``.

    Example
    -------
    >>> m = pd.DataFrame({"datum": pd.to_datetime(["2026-04-02 10:00"]),
    ...                   "afgehandeld": pd.to_datetime(["2026-04-08"]), "subcategorie": ["Dumping"]})
    >>> d = doorlooptijden(m).iloc[0]
    >>> d["termijnsoort"], int(d["werkdagen"]), bool(d["binnen_norm"])
    ('klein', 3, True)
    """
    if "datum" not in meldingen or "afgehandeld" not in meldingen:
        raise OngeldigeInvoer(
            "Voor afhandeltermijnen zijn de kolommen 'datum' en 'afgehandeld' nodig. Lees het bestand "
            "met lees_meldingen en geef zo nodig kolommen={'afgehandeld': '<kolom met afhandeldatum>'}."
        )
    normen = dict(NORMEN if normen is None else normen)
    soort = _termijnsoort(meldingen, kleine_meldingen)
    onbekend = sorted(set(soort) - set(normen))
    if onbekend:
        raise OngeldigeInvoer(
            f"Geen norm voor {'termijnsoort' if len(onbekend) == 1 else 'termijnsoorten'} {', '.join(onbekend)}; "
            "geef normen={...: Termijn(...)}."
        )
    begin = pd.to_datetime(meldingen["datum"]).dt.normalize()
    eind = pd.to_datetime(meldingen["afgehandeld"]).dt.normalize()
    if peildatum is None:
        peil = max(x for x in (begin.max(), eind.max()) if pd.notna(x)) if len(meldingen) else pd.NaT
    else:
        peil = pd.Timestamp(peildatum).normalize()
    werkdagen = cast(pd.Series, werkdagen_tussen(begin, eind, goede_vrijdag=goede_vrijdag, bevrijdingsdag=bevrijdingsdag))
    dagen = (eind - begin).dt.days.astype("float64")
    uiterste = pd.Series(pd.NaT, index=meldingen.index, dtype="datetime64[us]")
    binnen = pd.Series(pd.NA, index=meldingen.index, dtype="boolean")
    te_laat_open = pd.Series(False, index=meldingen.index)
    norm_tekst = soort.map({k: v.tekst for k, v in normen.items()})
    for naam, termijn in normen.items():
        sel = (soort == naam).to_numpy()
        if not sel.any():
            continue
        b = begin[sel]
        if termijn.eenheid == "werkdagen":
            u = pd.to_datetime(pd.Series(plus_werkdagen(b, termijn.aantal, goede_vrijdag=goede_vrijdag,
                                                        bevrijdingsdag=bevrijdingsdag), index=b.index))
            ok = werkdagen[sel] <= termijn.aantal
        else:
            n = termijn.aantal * (7 if termijn.eenheid == "weken" else 1)
            u = b + pd.Timedelta(days=n)
            ok = dagen[sel] <= n
        uiterste[sel] = u.to_numpy()
        dicht = eind[sel].notna()
        binnen[sel] = pd.array(np.where(dicht, ok, pd.NA), dtype="boolean")
        te_laat_open[sel] = (~dicht & (u < peil)).to_numpy()
    binnen = binnen.where(~te_laat_open, False)
    return pd.DataFrame({
        "termijnsoort": soort,
        "norm": norm_tekst,
        "uiterste_datum": uiterste,
        "dagen": dagen,
        "werkdagen": werkdagen,
        "afgehandeld": eind.notna(),
        "binnen_norm": binnen,
        "te_laat_open": te_laat_open,
    }, index=meldingen.index)


def afhandeltermijnen(
    meldingen: Meldingen,
    per: str | Sequence[str] | None = "categorie",
    *,
    normen: Mapping[str, Termijn] | None = None,
    kleine_meldingen: Iterable[str] | Mapping[str, str] | None = None,
    peildatum: object = None,
    goede_vrijdag: bool = False,
    bevrijdingsdag: Bevrijdingsdag = "elk_jaar",
    vanaf: object = "volledig",
) -> pd.DataFrame:
    """Share of meldingen handled within the norm, per group (area, category, termijnsoort).

    Only the complete period counts: by default meldingen from the import's ``volledig_vanaf`` (the
    date from which the file holds every melding); earlier ones are left out and a note in
    ``attrs["opmerkingen"]`` says how many. ``vanaf=None`` counts all, ``vanaf="2026-06-01"`` from
    that date. Given a bare table instead of the import, nothing is known of where the registration is
    complete (all dates count) nor whether the afhandeldatum is inferred (no note).

    ``aandeel_binnen_norm`` (%) = handled within the norm / (handled + still open past the deadline
    at the peildatum). Open meldingen that are not late yet are not judged (counted in ``open``).
    Give meldingen with a ``gebied`` column (:func:`wijkscan.analysis.meldingen.koppel_gebieden`)
    for ``per="gebied"``.

    Parameters
    ----------
    meldingen : MeldingenImport or DataFrame
        What :func:`wijkscan.lees_meldingen` returned (preferred), or a table with ``datum`` and ``afgehandeld``.
    per : column name(s) or None
        Grouping, e.g. ``"categorie"``, ``["gebied", "termijnsoort"]``; None gives one total row.
    normen, kleine_meldingen, peildatum, goede_vrijdag, bevrijdingsdag
        See :func:`doorlooptijden`.
    vanaf : "volledig", date or None
        First day that counts (default: where the data are complete).

    Returns
    -------
    DataFrame
        Per group: ``meldingen, afgehandeld, open, te_laat_open, beoordeeld, binnen_norm,
        aandeel_binnen_norm, mediaan_dagen, mediaan_werkdagen, norm``. ``attrs["opmerkingen"]``
        holds notes (e.g. that the afhandeldatum was inferred).

    Example
    -------
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> t = afhandeltermijnen(assen_meldingen(afgehandeld=True), per="termijnsoort")
    >>> sorted(t.index)
    ['klein', 'overig']
    """
    alle, feiten = meldingen_van(meldingen)
    begin = feiten.volledig_vanaf if isinstance(vanaf, str) and vanaf == "volledig" else vanaf
    weg = 0
    m = alle
    if begin is not None and "datum" in alle:
        binnen_periode = pd.to_datetime(alle["datum"]) >= pd.Timestamp(begin)
        weg = int((~binnen_periode).sum())
        m = alle[binnen_periode]
    out = _termijnen_per_groep(m, per, normen=normen, kleine_meldingen=kleine_meldingen, peildatum=peildatum,
                               goede_vrijdag=goede_vrijdag, bevrijdingsdag=bevrijdingsdag)
    opm = [AFGELEID_TEKST] if feiten.afhandeldatum_afgeleid else []
    if begin is not None:
        van = pd.Timestamp(begin)
        opm.insert(0, f"Alleen meldingen vanaf {van:%d-%m-%Y} tellen mee (vanaf die dag is het bestand volledig)"
                      + (f"; {weg} eerdere {'melding' if weg == 1 else 'meldingen'} niet meegeteld." if weg else "."))
        out.attrs["vanaf"] = f"{van:%d-%m-%Y}"
    out.attrs["opmerkingen"] = opm
    out.attrs["normen"] = {k: v.tekst for k, v in (normen or NORMEN).items()}
    return out


def _termijnen_per_groep(meldingen: pd.DataFrame, per: str | Sequence[str] | None, *,
                         normen: Mapping[str, Termijn] | None, kleine_meldingen: Iterable[str] | Mapping[str, str] | None,
                         peildatum: object, goede_vrijdag: bool, bevrijdingsdag: Bevrijdingsdag) -> pd.DataFrame:
    """The table of :func:`afhandeltermijnen` for the meldingen of its period, without notes."""
    d = doorlooptijden(meldingen, normen=normen, kleine_meldingen=kleine_meldingen, peildatum=peildatum,
                       goede_vrijdag=goede_vrijdag, bevrijdingsdag=bevrijdingsdag)
    groepen: list[str] = [] if per is None else ([per] if isinstance(per, str) else list(per))
    data = d.copy()
    for g in groepen:
        if g == "termijnsoort":
            continue
        if g not in meldingen:
            raise OngeldigeInvoer(
                f"Kolom {g!r} staat niet in de meldingen. Voor 'gebied': koppel eerst met "
                "koppel_gebieden(meldingen, gebieden)."
            )
        data[g] = meldingen[g].astype(object).where(meldingen[g].notna(), "(onbekend)")
    data["binnen"] = data.binnen_norm.fillna(False).astype(bool)
    data["beoordeeld_"] = data.afgehandeld | data.te_laat_open
    data["wd_dicht"] = data.werkdagen.where(data.afgehandeld)
    data["d_dicht"] = data.dagen.where(data.afgehandeld)
    keys = groepen if groepen else (lambda _: "totaal")
    g = data.groupby(keys, sort=True, dropna=False)
    out = pd.DataFrame({
        "meldingen": g.size(),
        "afgehandeld": g.afgehandeld.sum(),
        "te_laat_open": g.te_laat_open.sum(),
        "beoordeeld": g.beoordeeld_.sum(),
        "binnen_norm": g.binnen.sum(),
        "mediaan_dagen": g.d_dicht.median(),
        "mediaan_werkdagen": g.wd_dicht.median(),
        "norm": g.norm.agg(lambda s: s.iloc[0] if s.nunique() == 1 else "gemengd"),
    })
    out.insert(2, "open", out.meldingen - out.afgehandeld)
    out["aandeel_binnen_norm"] = (100 * out.binnen_norm / out.beoordeeld.where(out.beoordeeld > 0)).astype(
        "Float64")
    out = out[["meldingen", "afgehandeld", "open", "te_laat_open", "beoordeeld", "binnen_norm",
               "aandeel_binnen_norm", "mediaan_dagen", "mediaan_werkdagen", "norm"]]
    for k in ("meldingen", "afgehandeld", "open", "te_laat_open", "beoordeeld", "binnen_norm"):
        out[k] = out[k].astype("int64")
    return out
