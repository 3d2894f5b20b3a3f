"""What the printed summary of a run shows, decided once in the run and kept on the result.

The command line (``wijkscan analyse``, ``wijkscan meldingen``, the demo) only prints these tables; it does not
pivot, count or divide itself (``tests/test_uitvoer_rekent_niet.py``):

* :func:`meldingen_rangorde` — the published meldingen and meldingen per 1.000 inwoners per area, most per
  1.000 first (the figures of the profile, so the same as every map and report);
* :func:`meldingen_intern` — the internal count per area (also counts below the publication threshold) with
  inwoners and per 1.000, and the whole gemeente as last row;
* :func:`opmerkingen_per_soort` — the remarks on the input, with their kind and how often that kind occurs, so a
  kind that repeats is printed as one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .privacy import TOTAAL

if TYPE_CHECKING:
    from .meldingentelling import Meldingentelling

__all__ = ["HERHAALD_VANAF", "meldingen_intern", "meldingen_rangorde", "opmerkingen_per_soort"]

#: a kind of remark that occurs more often than this is summarised in one line ("69 meldingen 'geen geometrie'")
HERHAALD_VANAF = 4


def meldingen_rangorde(profiel: pd.DataFrame, jaar: int) -> pd.DataFrame:
    """Published ``meldingen`` and ``meldingen_per_1000`` per area of ``jaar``, most per 1.000 inwoners first.

    Areas whose figures are hidden (privacy) or unknown are left out: this is a ranking of what may be shown.
    Index ``(gebied, naam)``.

    Example
    -------
    >>> import wijkscan
    >>> wa = wijkscan.wijkanalyse("Assen", niveau="wijk", bron="ingebouwd", meldingen=wijkscan.assen_meldingen())
    >>> r = wa.meldingen_rangorde
    >>> bool(r.meldingen_per_1000.is_monotonic_decreasing), list(r.columns)
    (True, ['meldingen', 'meldingen_per_1000'])
    """
    p = profiel[(profiel.jaar == jaar) & profiel.indicator.isin(["meldingen", "meldingen_per_1000"])]
    w = p.pivot(index=["gebied", "naam"], columns="indicator", values="waarde")
    w = w.reindex(columns=["meldingen", "meldingen_per_1000"]).dropna()
    w.columns.name = None
    return w.sort_values("meldingen_per_1000", ascending=False, kind="stable")


def meldingen_intern(telling: Meldingentelling, profiel: pd.DataFrame, niveau: str, jaar: int, code: str,
                     naam: str) -> pd.DataFrame:
    """The internal count per area of ``niveau`` (not suppressed: for the gemeente itself, never published).

    Columns ``periode, naam, meldingen, inwoners, per_1000_inwoners, toelichting``; the last row (``code``) is the
    whole gemeente with every melding of the period, also those no area could be given. A count that is unknown (a
    buurt without polygon) stays NA, and so does its rate; so does a rate without inwoners; ``toelichting`` then
    says "onbekend: " with the reason.
    """
    p = profiel[(profiel.jaar == jaar) & (profiel.indicator == "inwoners")]
    intern = telling.tabel(niveau, als_tekst=False)[["naam"]].assign(
        meldingen=telling.totalen(niveau).astype("Int64"),
        inwoners=p.set_index("gebied").waarde.round().astype("Int64"))
    inw = intern.inwoners.astype(float)
    intern["per_1000_inwoners"] = (1000 * intern.meldingen.astype(float) / inw.where(inw > 0)).round(1)
    intern.insert(0, "periode", telling.periode)
    gem = p.gemeente.dropna()
    gem_inw = int(round(float(gem.iloc[0]))) if len(gem) else None
    intern.loc[code] = [telling.periode, f"{naam} (hele gemeente)", telling.aantal, gem_inw,
                        round(1000 * telling.aantal / gem_inw, 1) if gem_inw else None]
    # unknown is not an empty cell: say why (the reason the publication table gives for that area)
    reden = telling.tabel(niveau)[TOTAAL].reindex(intern.index)
    intern["toelichting"] = ""
    leeg = intern.meldingen.isna()
    intern.loc[leeg, "toelichting"] = "onbekend: " + reden[leeg].astype(str)
    geen_inw = ~leeg & intern.per_1000_inwoners.isna()
    intern.loc[geen_inw, "toelichting"] = "per 1.000 inwoners onbekend: geen inwonertal"
    return intern


def opmerkingen_per_soort(rapport: pd.DataFrame, herhaald_vanaf: int = HERHAALD_VANAF) -> pd.DataFrame:
    """The remarks on the input (``Wijkprofiel.rapport()``) with ``soort`` (the words before the first colon),
    ``aantal_soort`` (how often that kind occurs) and ``herhaald`` (that kind is summarised in one line).

    Example
    -------
    >>> r = pd.DataFrame({"onderdeel": ["indeling"] * 5, "wat": list("abcde"),
    ...                   "melding": ["geen geometrie: x"] * 4 + ["niet ingedeeld: y"]})
    >>> o = opmerkingen_per_soort(r)
    >>> o.drop_duplicates("soort")[["soort", "aantal_soort", "herhaald"]].values.tolist()
    [['geen geometrie', 4, True], ['niet ingedeeld', 1, False]]
    """
    out = rapport.copy()
    out["soort"] = out.melding.astype(str).str.split(":").str[0]
    out["aantal_soort"] = out.soort.map(out.soort.value_counts()).astype(int) if len(out) else pd.Series(dtype=int)
    out["herhaald"] = out.aantal_soort >= herhaald_vanaf
    return out
