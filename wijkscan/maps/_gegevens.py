"""What the interactive and the print map both need from a wijkprofiel: indicator, figures, areas, labels."""

from __future__ import annotations

import dataclasses
import difflib
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from ..areas import met_benaderde_grenzen
from ..errors import OngeldigeInvoer
from ..nlformat import getal
from . import _geo
from .classify import Klassen, klasseer

if TYPE_CHECKING:
    from ..model import Wijkprofiel

MEERVOUD = {"buurt": "buurten", "wijk": "wijken", "gemeente": "gemeente", "pc4": "postcodegebieden (PC4)"}
ENKELVOUD = {"buurt": "buurt", "wijk": "wijk", "gemeente": "gemeente", "pc4": "postcodegebied"}


def kop(label: str, eenheid: str) -> str:
    """Indicator label with its unit: "Afstand tot huisartsenpraktijk (km)"; no unit for counts, % or when the
    label already says it ("Misdrijven per 1.000 inwoners")."""
    if not isinstance(eenheid, str) or eenheid in ("", "aantal", "%") or eenheid.lower() in label.lower():
        return label
    return f"{label} ({eenheid})"


def waarde_tekst(x: object, decimalen: int, eenheid: str) -> str:
    """A value in Dutch number format; ``%`` is written with the number, other units go in the label."""
    return getal(x, decimalen, "%" if eenheid == "%" else "")


def indicator_meta(wp: Wijkprofiel, indicator: str) -> pd.Series:
    """The catalogue row of an indicator id or label; a Dutch error with suggestions otherwise."""
    cat = wp.catalogus
    if indicator in cat.index:
        return cat.loc[indicator]
    by_label = {str(lbl).strip().lower(): i for i, lbl in cat["label"].items()}
    if str(indicator).strip().lower() in by_label:
        return cat.loc[by_label[str(indicator).strip().lower()]]
    opties = difflib.get_close_matches(str(indicator), list(cat.index), n=3, cutoff=0.5)
    hint = f" Bedoelt u {', '.join(opties)}?" if opties else ""
    raise OngeldigeInvoer(f"Onbekende indicator '{indicator}'.{hint} De id's staan in wijkprofiel.catalogus "
                          "(bijvoorbeeld 'leeftijd_65plus_aandeel' of 'misdrijven_per_1000').")


def indicator_opmaak(meta: pd.Series) -> tuple[str, str, str, int, str]:
    """``(id, label, eenheid, decimalen, richting)`` of a catalogue row, with defaults."""
    eenheid = meta.get("eenheid", "")
    dec = meta.get("decimalen", 1)
    richting = meta.get("richting", "neutraal")
    return (str(meta.name), str(meta["label"]), str(eenheid) if isinstance(eenheid, str) else "",
            int(dec) if pd.notna(dec) else 1, str(richting) if isinstance(richting, str) else "neutraal")


def profielrijen(wp: Wijkprofiel, ind_id: str, jaar: int, codes: pd.Index) -> pd.DataFrame:
    """The profile rows of one indicator and year, one per area in ``codes`` (NA rows for missing areas)."""
    p = wp.profiel
    rows = p[(p.indicator == ind_id) & (p.jaar == jaar)]
    if rows.empty:
        jaren = sorted(p.loc[p.indicator == ind_id, "jaar"].unique().tolist())
        raise OngeldigeInvoer(f"Geen cijfers van '{ind_id}' voor {jaar}. Wel voor: "
                              f"{', '.join(map(str, jaren)) or 'geen enkel jaar'}.")
    return rows.drop_duplicates("gebied").set_index("gebied").reindex(codes)


def periode_van(rijen: pd.DataFrame, jaar: int) -> str:
    """The period the figures of these profile rows cover: the year, or the meldingen period of the result."""
    if "periode" in rijen.columns:
        p = rijen["periode"].dropna()
        if len(p):
            return str(p.iloc[0])
    return str(jaar)


RANG_LABEL = "rang (1 = gunstigst)"


def indeling_tekst(wp: Wijkprofiel) -> str:
    """"buurten", "wijken", "postcodegebieden (PC4)" or the name of an own indeling."""
    naam = str(wp.indeling.naam)
    return MEERVOUD.get(naam, naam)


def per_gebied_tekst(wp: Wijkprofiel) -> str:
    """"per buurt", "per wijk", … ("per gebied" for an own indeling)."""
    return f"per {ENKELVOUD.get(str(wp.indeling.naam), 'gebied')}"


#: Tooltip, legend and note text of an area drawn with an approximate outline (dashed).
BENADERING = "grens bij benadering"
BENADERING_NOOT = ("Grens bij benadering (stippellijn): deze buurten hebben geen vlak op de meegeleverde buurtkaart; "
                   "hun grens komt uit een schematische kaart en kan tientallen tot honderden meters afwijken. "
                   "Meldingen worden er niet aan toegekend")


def gebieden_met_vlak(wp: Wijkprofiel) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Areas to draw (RD New) and Dutch notes naming those drawn approximately or not at all.

    A buurt without a real polygon but with an approximate outline (``grens_bij_benadering``, display
    only) is drawn with that outline and ``benaderd = True``; maps draw it dashed and say
    "grens bij benadering". Areas with neither are left out and named in a note.

    Example
    -------
    >>> import wijkscan
    >>> g, notes = gebieden_met_vlak(wijkscan.wijkanalyse("Assen", bron="ingebouwd"))
    >>> int(g.benaderd.sum()), notes[0].startswith("Grens bij benadering")
    (3, True)
    """
    g = wp.indeling.gebieden
    if g.crs is None:
        g = g.set_crs(_geo.RD)
    g = met_benaderde_grenzen(g)
    benaderd = g.benaderd
    leeg = g.geometry.isna() | g.geometry.is_empty.fillna(True)
    notes = []

    def namen(welke: pd.Series) -> str:
        return ", ".join(f"{g.loc[c, 'naam']} ({c})" if "naam" in g.columns else str(c) for c in g.index[welke])

    if benaderd.any():
        n = int(benaderd.sum())
        lijst = namen(benaderd) if n <= 10 else f"{n} buurten, o.a. " + namen(benaderd & (benaderd.cumsum() <= 5))
        notes.append(f"{BENADERING_NOOT}: {lijst}.")
    if leeg.any():
        notes.append(f"Niet op de kaart (geen vlak op de meegeleverde kaart): {namen(leeg)}.")
    out = g[~leeg].copy()
    if not out.crs.equals(_geo.RD):
        out = out.to_crs(_geo.RD)
    if "naam" not in out.columns:
        out["naam"] = out.index.astype(str)
    out["naam"] = [str(n) if pd.notna(n) else str(c) for c, n in out["naam"].items()]
    return out, notes


def is_verhouding(meta: pd.Series) -> bool:
    """True for rates, shares and averages (they jump in thinly populated areas); False for counts."""
    return str(meta.get("aggregatie", "")) in ("verhouding", "gewogen", "enquete")


def weinig_inwoners(wp: Wijkprofiel, jaar: int, codes: pd.Index, minimum: int | None) -> pd.Series:
    """Boolean per area: fewer than ``minimum`` inhabitants in ``jaar`` (unknown population counts as few).

    Read from the profile (indicator ``inwoners``); nothing is computed here.
    """
    if not minimum:
        return pd.Series(False, index=codes)
    p = wp.profiel
    rows = p[(p.indicator == "inwoners") & (p.jaar == jaar)].drop_duplicates("gebied").set_index("gebied")
    inw = pd.to_numeric(rows["waarde"], errors="coerce").reindex(codes)
    return (inw.isna() | (inw < minimum)).astype(bool)


def publicatiedrempel(wp: Wijkprofiel) -> int:
    """The run's publication threshold (areas below it get no class colour for a rate)."""
    b = getattr(wp, "boodschappen", None)
    if b is None:
        raise OngeldigeInvoer("Deze wijkanalyse heeft geen publicatiedrempel; maak hem opnieuw met wijkscan.wijkanalyse.")
    return int(b.min_inwoners)


@dataclasses.dataclass
class Kaartgegevens:
    """What both maps draw for one indicator: the areas, their profile rows, values and classes."""

    meta: pd.Series
    ind_id: str
    label: str
    eenheid: str
    dec: int
    jaar: int
    min_inwoners: int
    gebieden: gpd.GeoDataFrame
    notes: list[str]
    rijen: pd.DataFrame
    waarden: pd.Series
    klein: pd.Series          # True: a rate of an area with fewer than min_inwoners inhabitants (no class colour)
    kl: Klassen

    @property
    def periode(self) -> str:
        return periode_van(self.rijen, self.jaar)


def kaartgegevens(wp: Wijkprofiel, indicator: str, jaar: int | None, klassen: str, k: int,
                  min_inwoners: int | None) -> Kaartgegevens:
    """Read the figures of one indicator for a map and classify them (areas below ``min_inwoners`` apart)."""
    jaar = int(wp.jaar if jaar is None else jaar)
    minimum = publicatiedrempel(wp) if min_inwoners is None else min_inwoners
    meta = indicator_meta(wp, indicator)
    ind_id, label, eenheid, dec, richting = indicator_opmaak(meta)
    gebieden, notes = gebieden_met_vlak(wp)
    if gebieden.empty:
        raise OngeldigeInvoer("Geen enkel gebied van deze indeling heeft een vlak; er valt niets te tekenen.")
    rijen = profielrijen(wp, ind_id, jaar, gebieden.index)
    waarden = rijen["waarde"].astype(float)
    klein = (weinig_inwoners(wp, jaar, gebieden.index, minimum) if is_verhouding(meta)
             else pd.Series(False, index=gebieden.index)) & waarden.notna()
    kl = klasseer(waarden.where(~klein).to_numpy(), klassen, k, richting=richting, decimalen=dec, eenheid=eenheid)
    if klein.any():     # areas with too few inhabitants are not "geen gegevens": they get their own legend row
        kl = dataclasses.replace(kl, geen_gegevens=int(waarden.isna().sum()))
    return Kaartgegevens(meta, ind_id, label, eenheid, dec, jaar, minimum, gebieden, notes, rijen, waarden,
                         klein, kl)


def naamvolgorde(wp: Wijkprofiel, gebieden: gpd.GeoDataFrame) -> list[object]:
    """Area codes in the order their names are written on a map, where a later name gives way to an earlier one.

    First the places the text talks about: the aandachtsgebieden, "let op" and designated areas and the top
    three of the aandachtslijst (in the order of the list); then areas named in a signal sentence; then the rest.
    Within each group the most inhabitants first, so an empty rural area never crowds out a town.
    Nothing is decided here: the groups are read from the result (``wp.aandachtsgebieden``, ``wp.boodschappen``).
    """
    codes = list(gebieden.index)
    plek = pd.Series(float("inf"), index=codes)
    tekst: set[object] = set()
    b = getattr(wp, "boodschappen", None)
    if b is not None:
        lijst = b.aandachtslijst["plek"].dropna() if "plek" in b.aandachtslijst else pd.Series(dtype=float)
        plek.update(lijst[lijst.index.isin(codes) & (lijst <= 3)].astype(float))
        if "gebieden" in b.signaalgroepen:
            tekst = {c for g in b.signaalgroepen["gebieden"] for c in (g if isinstance(g, tuple | list) else ())}
    ag = wp.aandachtsgebieden
    if len(ag):
        ag = ag.set_index("gebied")
        genoemd = ag.index[ag["status"].isin(["aandachtsgebied", "let op"]) | ag["soort"].fillna("").astype(bool)]
        rang = pd.to_numeric(ag["rang"], errors="coerce").reindex(genoemd).fillna(1e6)
        for c, r in rang[rang.index.isin(codes)].items():
            plek[c] = min(plek[c], r)
    inw = pd.to_numeric(gebieden["inwoners"], errors="coerce") if "inwoners" in gebieden else None
    if inw is None or inw.isna().all():
        p = wp.profiel
        rij = p[(p.indicator == "inwoners") & (p.jaar == wp.jaar)].drop_duplicates("gebied").set_index("gebied")
        inw = pd.to_numeric(rij["waarde"], errors="coerce").reindex(codes)
    orde = pd.DataFrame({"groep": [0 if plek[c] < float("inf") else (1 if c in tekst else 2) for c in codes],
                         "plek": plek.to_numpy(), "inwoners": inw.reindex(codes).fillna(0).to_numpy(),
                         "oppervlak": gebieden.geometry.area.to_numpy()}, index=codes)
    orde = orde.sort_values(["groep", "plek", "inwoners", "oppervlak"], ascending=[True, True, False, False],
                            kind="stable")
    return list(orde.index)
