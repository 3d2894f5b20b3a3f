"""Publication tables and layers of meldingen for one level at a time, and the internal point layer (stage: publication).

Part of :mod:`wijkscan.analysis.meldingen`. A run publishes through
:class:`wijkscan.analysis.meldingentelling.Meldingentelling` (all levels suppressed together);
these functions are for a single table made outside a run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ..errors import OngeldigeInvoer
from ..nlformat import getal
from .meldingen_toewijzing import GEEN_GEBIED, RD, _vlakken, kruistabel, tel_per_gebied

GEBRUIK_INTERN = "alleen voor intern gebruik"

#: Columns a published table may be split by. Everything else (free text, addresses, reporter
#: details, ids, exact times) never reaches a published output.
PUBLICEERBARE_KOLOMMEN = ("categorie", "subcategorie")

__all__ = ["GEBRUIK_INTERN", "PUBLICEERBARE_KOLOMMEN", "interne_puntenlaag", "onderdruk", "publicatielaag", "publicatietabel"]


# ---------------------------------------------------------------------------------------------
# privacy: publication-safe tables and layers


def onderdruk(tabel: pd.DataFrame, drempel: int = 5, kolommen: Sequence[str] | None = None,
              totalen: bool = True) -> pd.DataFrame:
    """Suppress small counts (< ``drempel``, including 0) in a count table: NA in numbers.

    With ``totalen=True`` and a ``totaal`` column/row present, secondary suppression is applied:
    when a row (or column) has exactly one suppressed cell, the next smallest one is suppressed too,
    so it cannot be recomputed from the total; repeated until nothing changes.

    Example
    -------
    >>> t = pd.DataFrame({"a": [1, 10], "b": [7, 12], "totaal": [8, 22]}, index=["x", "y"])
    >>> o = onderdruk(t)                     # 1 < 5; then 7 too, else 1 = 8 - 7
    >>> o.astype(object).where(o.notna(), "<5").values.tolist()
    [['<5', '<5', 8], [10, 12, 22]]
    """
    kol = list(kolommen) if kolommen is not None else [c for c in tabel.columns
                                                       if pd.api.types.is_numeric_dtype(tabel[c])]
    t = tabel.copy()
    vals = t[kol].astype("Float64")
    onder = (vals < drempel).fillna(False).to_numpy(dtype=bool)
    bekend = vals.notna().to_numpy(dtype=bool)
    if totalen:
        cel_kol = [i for i, c in enumerate(kol) if c != "totaal"]
        rij_idx = [i for i, r in enumerate(t.index) if r != "totaal"]
        v = vals.to_numpy(dtype=float, na_value=np.nan)
        for _ in range(100):
            veranderd = False
            if "totaal" in kol:   # rows
                for i in rij_idx:
                    cellen = [j for j in cel_kol if bekend[i, j]]
                    if not onder[i, kol.index("totaal")] and sum(onder[i, j] for j in cellen) == 1:
                        kand = [j for j in cellen if not onder[i, j]]
                        if kand:
                            j = min(kand, key=lambda j: v[i, j])
                            onder[i, j] = veranderd = True
            if "totaal" in list(t.index):   # columns
                ti = list(t.index).index("totaal")
                for j in range(len(kol)):
                    cellen = [i for i in rij_idx if bekend[i, j]]
                    if not onder[ti, j] and sum(onder[i, j] for i in cellen) == 1:
                        kand = [i for i in cellen if not onder[i, j]]
                        if kand:
                            i = min(kand, key=lambda i: v[i, j])
                            onder[i, j] = veranderd = True
            if not veranderd:
                break
    for j, c in enumerate(kol):
        t[c] = t[c].astype("Int64").mask(onder[:, j])
    t.attrs["onderdrukt"] = pd.DataFrame(onder, index=t.index, columns=kol)
    t.attrs["drempel"] = drempel
    return t


def _als_tekst(t: pd.DataFrame, ruw: pd.DataFrame, onder: pd.DataFrame, drempel: int,
               kolommen: Sequence[str]) -> pd.DataFrame:
    """'<5' for a count below the threshold; 'x' for a cell hidden only so that it cannot be worked back
    from a total (its count may be large: saying '<5' there would be wrong)."""
    out = t.copy().astype(object)
    for c in kolommen:
        out[c] = [(f"<{drempel}" if pd.isna(r) or r < drempel else "x") if o else getal(v)
                  for v, r, o in zip(t[c], ruw[c].reindex(t.index), onder[c], strict=True)]
    return out


def publicatietabel(
    meldingen: gpd.GeoDataFrame,
    gebieden: Any,
    niveau: str | None = "buurt",
    kolom: str | None = "categorie",
    *,
    drempel: int = 5,
    als_tekst: bool = True,
) -> pd.DataFrame:
    """A publication-safe table (wijkkrant): counts per area (× category), small counts suppressed.

    A low-level tool for one table on its own polygons. For what a run publishes, use the
    wijkanalyse's table instead (``wa.meldingentelling.tabel("wijk")``): the same assignment as the
    profile, PDFs and maps, and suppression over all levels together (see docs/een-resultaat.md).

    Only area code/name, the values of ``kolom`` (``categorie`` or ``subcategorie``) and counts are
    used — never free text, addresses, reporter details, ids or points. Counts below ``drempel`` are
    shown as ``"<5"`` (``als_tekst=True``, Dutch number format) or NA (``als_tekst=False``), with
    secondary suppression against the totals (see :func:`onderdruk`).

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> assen = wijkscan.load("Assen", bron="ingebouwd")
    >>> t = publicatietabel(assen_meldingen().meldingen, assen, "wijk")
    >>> t.loc["WK010600", "Civiele Constructie"]
    '<5'
    """
    if kolom is not None and kolom not in PUBLICEERBARE_KOLOMMEN:
        raise OngeldigeInvoer(
            f"Kolom {kolom!r} mag niet in een publicatietabel: alleen {', '.join(PUBLICEERBARE_KOLOMMEN)} "
            "(nooit vrije tekst, adressen of gegevens van melders)."
        )
    if kolom is None:
        k = kruistabel(meldingen.assign(_alle="totaal"), gebieden, niveau, "_alle")[["naam", "totaal"]]
    else:
        k = kruistabel(meldingen, gebieden, niveau, kolom)
    totaal = k.drop(columns="naam").sum(axis=0, min_count=1)
    k.loc["totaal"] = ["totaal", *totaal.astype("Int64").tolist()]
    tel = [c for c in k.columns if c != "naam"]
    for c in tel:
        k[c] = k[c].astype("Int64")
    t = onderdruk(k, drempel, tel)
    onder = t.attrs["onderdrukt"]
    t.attrs = {}
    if als_tekst:
        t = _als_tekst(t, k, onder, drempel, tel)
    t.attrs["toelichting"] = (
        f"Aantallen meldingen per gebied. Aantallen onder {drempel} zijn weggelaten ('<{drempel}'); een cel die "
        "anders uit een totaal terug te rekenen is, is ook weggelaten ('x'). Bevat geen adressen, vrije tekst of "
        "gegevens van melders."
    )
    t.attrs["drempel"] = drempel
    return t


def publicatielaag(
    meldingen: gpd.GeoDataFrame,
    gebieden: Any,
    niveau: str | None = "buurt",
    *,
    drempel: int = 5,
    inwoners: Any = None,
    hotspots: pd.DataFrame | None = None,
) -> gpd.GeoDataFrame:
    """A publication-safe map layer: area polygons with suppressed counts and rates (no points).

    Columns: ``naam, meldingen`` (Int64, NA when below ``drempel``), ``meldingen_tekst`` (``"<5"``),
    ``per_1000_inwoners`` (NA when the count is suppressed or unknown), ``geometry`` (RD New); with
    ``hotspots`` (the result of :func:`wijkscan.analysis.hotspots.hotspots` on the same areas) also
    ``hotspot``, its Dutch class label (it reveals no count).

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> assen = wijkscan.load("Assen", bron="ingebouwd")
    >>> laag = publicatielaag(assen_meldingen().meldingen, assen, "buurt")
    >>> sorted(laag.columns)
    ['geometry', 'meldingen', 'meldingen_tekst', 'naam', 'per_1000_inwoners']
    """
    t = tel_per_gebied(meldingen, gebieden, niveau, inwoners=inwoners).drop(index=GEEN_GEBIED)
    vlakken = _vlakken(gebieden, niveau)
    onder = (t["meldingen"].astype("Float64") < drempel).fillna(False)
    n = t["meldingen"].mask(onder)
    tekst = [f"<{drempel}" if o else ("geen gegevens" if pd.isna(v) else getal(v))
             for v, o in zip(t["meldingen"], onder, strict=True)]
    laag = gpd.GeoDataFrame({
        "naam": t["naam"].astype(str),
        "meldingen": n.astype("Int64"),
        "meldingen_tekst": tekst,
        "per_1000_inwoners": t["per_1000_inwoners"].mask(onder).astype("Float64"),
    }, geometry=vlakken.geometry.reindex(t.index).to_numpy(), crs=RD, index=t.index)
    if hotspots is not None:
        if "klasse" not in hotspots.columns:
            raise OngeldigeInvoer("hotspots moet de uitkomst van hotspots(...) zijn (met een kolom 'klasse').")
        klasse = hotspots["klasse"].astype(str).reindex(laag.index)
        laag.insert(len(laag.columns) - 1, "hotspot", klasse.fillna("niet berekend").to_numpy())
    laag.attrs["toelichting"] = (f"Meldingen per gebied; aantallen onder {drempel} weggelaten. Geen punten, "
                                 "adressen of vrije tekst.")
    return laag


def interne_puntenlaag(
    meldingen: gpd.GeoDataFrame,
    velden: Sequence[str] = ("datum", "categorie", "subcategorie"),
) -> gpd.GeoDataFrame:
    """Meldingen as exact points — **for internal use only** (never for a wijkkrant or website).

    The output has a column ``gebruik`` = ``"alleen voor intern gebruik"`` (it travels along into any
    file written from it) and the same text in ``attrs["gebruik"]``. Dates become text
    (``2026-08-08 09:26``). Addresses or free text are only included when named in ``velden``.

    Example
    -------
    >>> from wijkscan.sources.meldingen import assen_meldingen
    >>> p = interne_puntenlaag(assen_meldingen().meldingen)
    >>> p["gebruik"].iloc[0]
    'alleen voor intern gebruik'
    """
    ontbreekt = [v for v in velden if v not in meldingen.columns]
    if ontbreekt:
        raise OngeldigeInvoer(f"Kolom(men) {', '.join(ontbreekt)} staan niet in de meldingen.")
    laag = gpd.GeoDataFrame(meldingen[list(velden)].copy(), geometry=meldingen.geometry.to_numpy(),
                            crs=meldingen.crs)
    for kolom in laag.columns:
        if kolom != laag.geometry.name and pd.api.types.is_datetime64_any_dtype(laag[kolom]):
            laag[kolom] = laag[kolom].dt.strftime("%Y-%m-%d %H:%M")   # text, so .to_json() works too
    laag["gebruik"] = GEBRUIK_INTERN
    laag.attrs = {"gebruik": GEBRUIK_INTERN}
    return laag
