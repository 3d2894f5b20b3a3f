"""The Bijlage C indicator catalogue (data, in ``catalogus.csv``) and its computation.

Each indicator is one row of the catalogue:

==============  =====================================================================
column          meaning
==============  =====================================================================
id              stable identifier, e.g. ``leeftijd_65plus_aandeel``
label           Dutch label for tables, maps and reports
thema           Bijlage C theme: Wonen, Openbare ruimte, Veiligheid, Voorzieningen,
                Sociale cohesie, Demografie
eenheid         unit shown to people (``%``, ``aantal``, ``km``, ``per 1.000 inwoners``)
teller          harmonised CBS variable (or survey indicator); ``A+B`` sums variables
noemer          denominator for ``verhouding`` (may be a sum ``A+B+C``)
factor          multiplier for ``verhouding`` (100 for %, 1000 per 1.000)
aggregatie      how the value of a bigger area is made from its buurten:
                ``som`` (counts add up), ``verhouding`` (factor × Σteller / Σnoemer),
                ``gewogen`` (a published mean or percentage, weighted by ``gewicht``),
                ``geen`` (a class or median: cannot be aggregated → NA with reason),
                ``enquete`` (survey score, weighted by ``gewicht``)
gewicht         the base of a weighted mean (e.g. ``Woningvoorraad`` for WOZ); ``A|B|C`` names fallbacks
                in order of preference, chosen per area (the first known for all its buurten)
richting        ``hoger_beter``, ``hoger_slechter`` or ``neutraal``
decimalen       decimals shown
trendvariabele  a variable that holds the indicator value directly in older, gemeente-level
                data (e.g. ``Percentage65JaarOfOuder``), used when teller/noemer are absent
bron            source named under tables
toelichting     one Dutch sentence on what it measures
==============  =====================================================================

A user can pass their own catalogue (same columns) to every function that takes one.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..errors import OngeldigeInvoer

THEMAS = ("Demografie", "Wonen", "Openbare ruimte", "Veiligheid", "Voorzieningen", "Sociale cohesie")
AGGREGATIES = ("som", "verhouding", "gewogen", "geen", "enquete")
RICHTINGEN = ("hoger_beter", "hoger_slechter", "neutraal")
KOLOMMEN = ("id", "label", "thema", "eenheid", "teller", "noemer", "factor", "aggregatie", "gewicht",
            "richting", "decimalen", "trendvariabele", "bron", "toelichting")
CATALOGUS = Path(__file__).with_name("catalogus.csv")


def lees_catalogus(pad: str | Path | pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and check an indicator catalogue (the built-in one when ``pad`` is None).

    Returns
    -------
    DataFrame
        Indexed by ``id``, with the columns listed in this module's docstring.

    Raises
    ------
    OngeldigeInvoer
        Missing columns, unknown theme/aggregation/direction, duplicate ids, a ratio without
        denominator or a weighted mean without weight.

    Example
    -------
    >>> cat = lees_catalogus()
    >>> cat.loc["leeftijd_65plus_aandeel", ["teller", "noemer", "aggregatie"]].tolist()
    ['k_65JaarOfOuder', 'AantalInwoners', 'verhouding']
    """
    if isinstance(pad, pd.DataFrame):
        cat = pad.copy()
        if cat.index.name == "id":
            cat = cat.reset_index()
    else:
        cat = pd.read_csv(pad or CATALOGUS, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [k for k in KOLOMMEN if k not in cat.columns]
    if missing:
        raise OngeldigeInvoer(f"De indicatorcatalogus mist de kolom(men) {', '.join(missing)}. "
                              f"Nodig zijn: {', '.join(KOLOMMEN)}.")
    cat = cat.fillna("")
    problems = []
    dup = cat.id[cat.id.duplicated()].tolist()
    if dup:
        problems.append(f"dubbele id's: {', '.join(dup)}")
    for _, r in cat.iterrows():
        if r.thema not in THEMAS:
            problems.append(f"{r.id}: onbekend thema '{r.thema}' (kies uit {', '.join(THEMAS)})")
        if r.aggregatie not in AGGREGATIES:
            problems.append(f"{r.id}: onbekende aggregatie '{r.aggregatie}' (kies uit {', '.join(AGGREGATIES)})")
        if r.richting not in RICHTINGEN:
            problems.append(f"{r.id}: onbekende richting '{r.richting}' (kies uit {', '.join(RICHTINGEN)})")
        if r.aggregatie == "verhouding" and not r.noemer:
            problems.append(f"{r.id}: een verhouding heeft een noemer nodig")
        if r.aggregatie in ("gewogen", "enquete") and not r.gewicht:
            problems.append(f"{r.id}: een gewogen gemiddelde heeft een gewicht nodig")
        if not r.teller:
            problems.append(f"{r.id}: geen teller")
    if problems:
        raise OngeldigeInvoer("De indicatorcatalogus klopt niet: " + "; ".join(problems) + ".")
    cat["factor"] = pd.to_numeric(cat.factor.replace("", "1")).astype(float)
    cat["decimalen"] = pd.to_numeric(cat.decimalen.replace("", "0")).astype(int)
    return cat.set_index("id")


@lru_cache(maxsize=1)
def _builtin() -> pd.DataFrame:
    return lees_catalogus()


def catalogus() -> pd.DataFrame:
    """The built-in Bijlage C catalogue (a copy, safe to change).

    Example
    -------
    >>> sorted(catalogus().thema.unique())[:2]
    ['Demografie', 'Openbare ruimte']
    """
    return _builtin().copy()


def enquete_indicatoren(cat: pd.DataFrame | None = None) -> list[str]:
    """Ids of the indicators that come from a bewonersenquête."""
    cat = catalogus() if cat is None else cat
    return cat.index[cat.aggregatie == "enquete"].tolist()
