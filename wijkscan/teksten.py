"""The fixed Dutch phrases of the reports, maps and command line, in one place.

A text that a reader sees more than once (a status, a heading, an explanation) is written here
once, so every output says the same thing the same way: one term per concept, singular and
plural right, capitals of proper names kept, no method jargon for the reader.

Example
-------
>>> aantal(1, "signaal"), aantal(3, "wijk"), aantal(0, "aandachtsgebied")
('1 signaal', '3 wijken', 'geen aandachtsgebieden')
>>> in_zin("Herkomst buiten Europa"), in_zin("WW-uitkeringen")
('herkomst buiten Europa', 'WW-uitkeringen')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .nlformat import getal

if TYPE_CHECKING:
    import pandas as pd

#: singular -> plural of the nouns that are counted in reports, maps and messages
MEERVOUD: dict[str, str] = {
    "signaal": "signalen", "wijk": "wijken", "buurt": "buurten", "gebied": "gebieden", "rapport": "rapporten",
    "melding": "meldingen", "inwoner": "inwoners", "aandachtsgebied": "aandachtsgebieden",
    "postcodegebied": "postcodegebieden", "indicator": "indicatoren", "thema": "thema's", "kaart": "kaarten",
    "rij": "rijen", "pagina": "pagina's", "categorie": "categorieën", "huishouden": "huishoudens",
    "woning": "woningen",
}

#: what a level of areas is called in running text, singular (with article) and plural
INDELING: dict[str, tuple[str, str, str]] = {
    "buurt": ("buurt", "de buurt", "buurten"),
    "wijk": ("wijk", "de wijk", "wijken"),
    "gemeente": ("gemeente", "de gemeente", "gemeenten"),
    "pc4": ("postcodegebied", "het postcodegebied", "postcodegebieden"),
}

#: where the figures come from, as a reader understands it (``uit {…}``)
GEGEVENSBRON: dict[str, str] = {
    "ingebouwd": ("de gegevens die met wijkscan zijn meegeleverd (CBS, politie en RIVM, deels overgenomen uit de "
                  "bestanden van woonikveilig van 19-07-2026; kaarten van CBS en PDOK)"),
    "cbs": "open data van CBS",
    "cache": "eerder opgehaalde open data van CBS",
    "pdok": "kaarten van PDOK",
}

#: status of an area in the aandachtsgebieden table -> heading shown to the reader
STATUS: dict[str, str] = {
    "aandachtsgebied": "Aandachtsgebied",
    "let op": "Let op: dicht bij de grens van aandachtsgebied",
    "geen": "Geen aandachtsgebied",
    "niet gescoord": "Niet beoordeeld",
}

TITEL_AANDACHT = "Aandachtsgebied"
TITEL_KERN = "Wat valt op"
TITEL_KERNCIJFERS = "Kerncijfers"
TITEL_SIGNALEN = "Signalen"
TITEL_OVERIG = "Sterke punten en wat beter kan"
TITEL_BRONNEN = "Bronnen"
TITEL_ONTBREEKT = "Wat de cijfers niet laten zien"
GEEN_SIGNALEN = "Geen signalen: geen enkel cijfer wijkt zo sterk af van de gemeente dat het een signaal geeft."
NIETS_OPVALLENDS = "Op de meeste cijfers lijkt {naam} op {gemeente} als geheel."
#: The score and the dimension scores are on the national scale (0 = as is usual in Nederland); only the status
#: "aandachtsgebied binnen de gemeente" compares with the gemeente's typical area (docs/aandachtsgebieden.md).
SCORE_UITLEG = ("De score vat een aantal cijfers samen (inkomen, uitkeringen, veiligheid, woningen en "
                "voorzieningen) en vergelijkt met heel Nederland: 0 is gewoon, hoe hoger de score, hoe minder gunstig. "
                "{naam} is pas aandachtsgebied binnen de gemeente als de score duidelijk hoger is dan die van "
                "{een_gewone} {enkelvoud} in {gemeente}. Plek 1 op de aandachtslijst vraagt de meeste aandacht.")
#: heading of the verdict column of the dimension table: the verdict is on the national scale
DIMENSIE_KOP = "vergeleken met Nederland"
#: the note under the overview's attention list when several large areas are on it (one sentence for all)
GROOT_GEBIED = ("In zulke grote gebieden kan een concentratie van problemen in een paar straten in het gemiddelde "
                "wegvallen; bekijk ze op straatniveau, of geef zulke straten als vlak op bij de aangewezen gebieden.")
ENQUETE_NODIG = "daarvoor is een bewonersenquête nodig"
TEKSTEN_BRON = "Tekst van de wijkcoördinator."
INDEX_UITLEG = "Index: {gemeente} = 100."
KLEIN_REDEN_GEEN = ("In {naam} woont niemand (of CBS telt er geen inwoners). Cijfers per inwoner bestaan hier "
                    "niet; daarom is er geen volledig rapport.")
KLEIN_REDEN = ("{naam} heeft {inwoners}. Bij zo weinig mensen zeggen cijfers per inwoner weinig (één "
               "gebeurtenis verandert alles) en houdt CBS veel cijfers geheim om de bewoners te beschermen. "
               "Daarom staat hier alleen wat betrouwbaar is. De cijfers van {ouder} tellen dit gebied wel mee.")


def euro_vast(tekst: str) -> str:
    """A sentence in which "€" stays on the line of its amount (a no-break space): a report's narrow column broke
    "€ 28.400 tegen €" / "41.000" (Amsterdam, Kolenkitbuurt-Noord).

    Example
    -------
    >>> euro_vast("€ 28.400 tegen € 41.000")
    '€\\xa028.400 tegen €\\xa041.000'
    """
    return str(tekst).replace("€ ", "€\u00a0")


def wijk_naam(naam: str) -> str:
    """A wijk in running text: "wijk Kloosterveen", but "Wijk 00" for a CBS name that already says so.

    Example
    -------
    >>> wijk_naam("Kloosterveen"), wijk_naam("Wijk 00 Vlieland")
    ('wijk Kloosterveen', 'Wijk 00 Vlieland')
    """
    naam = str(naam)
    return naam if naam.lower().startswith("wijk ") else f"wijk {naam}"


def een_gewone(enkelvoud: str) -> str:
    """"een gewone buurt", but "een gewoon postcodegebied" (a het-word).

    Example
    -------
    >>> een_gewone("wijk"), een_gewone("postcodegebied")
    ('een gewone', 'een gewoon')
    """
    return "een gewoon" if enkelvoud.endswith("gebied") else "een gewone"


def meervoud(woord: str) -> str:
    """The plural of a counted noun (``signaal`` → ``signalen``); unknown words get an ``-en``.

    Example
    -------
    >>> meervoud("categorie"), meervoud("buurt")
    ('categorieën', 'buurten')
    """
    return MEERVOUD.get(woord, woord + "en")


def aantal(n: int | float, woord: str, *, nul: str = "geen") -> str:
    """``n`` with the noun in the right number: ``1 signaal``, ``2 signalen``, ``geen wijken``.

    Example
    -------
    >>> aantal(1, "rapport"), aantal(1250, "melding"), aantal(0, "buurt", nul="0")
    ('1 rapport', '1.250 meldingen', '0 buurten')
    """
    n = int(n)
    if n == 0:
        return f"{nul} {meervoud(woord)}"
    return f"{getal(n)} {woord if n == 1 else meervoud(woord)}"


def in_zin(label: str) -> str:
    """A label in the middle of a sentence: first letter small, unless the first word is an abbreviation
    or a proper name (``WW-uitkeringen``, ``WOZ-waarde``, ``Nederland``); the rest unchanged.

    Example
    -------
    >>> in_zin("Aandeel 65 jaar of ouder"), in_zin("Herkomst Europa (excl. Nederland)"), in_zin("Nederland")
    ('aandeel 65 jaar of ouder', 'herkomst Europa (excl. Nederland)', 'Nederland')
    """
    label = str(label)
    if not label:
        return label
    eerste = label.split(" ")[0].split("-")[0]
    if len(eerste) > 1 and (eerste[1:2].isupper() or eerste in EIGENNAMEN):
        return label
    return label[0].lower() + label[1:]


#: first words that keep their capital in running text
EIGENNAMEN = {"Nederland", "Europa", "CBS", "PDOK", "WOZ", "WW", "AO"}


def lijst(items: list[str], en: str = "en") -> str:
    """Dutch enumeration: ``a``, ``a en b``, ``a, b en c``.

    Example
    -------
    >>> lijst(["wonen"]), lijst(["wonen", "veiligheid", "voorzieningen"])
    ('wonen', 'wonen, veiligheid en voorzieningen')
    """
    items = [str(i) for i in items if str(i)]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {en} {items[-1]}"


def indeling(naam: str) -> tuple[str, str, str]:
    """``(enkelvoud, met lidwoord, meervoud)`` of an indeling; an own indeling is "gebied".

    Example
    -------
    >>> indeling("pc4")
    ('postcodegebied', 'het postcodegebied', 'postcodegebieden')
    """
    return INDELING.get(str(naam), ("gebied", "het gebied", "gebieden"))


def intro(indeling_naam: str) -> str:
    """The default opening sentence of a report, for the right kind of area."""
    _, met_lidwoord, _ = indeling(indeling_naam)
    return (f"Deze wijkanalyse brengt {met_lidwoord} in beeld met open cijfers van CBS en de politie, aangevuld "
            "met wat de gemeente zelf weet. Ze is bedoeld als startpunt voor het gesprek in het wijkoverleg.")


def grenzen_bron(gebieden: pd.DataFrame, indeling: str) -> str:
    """Where the area outlines of a map come from, with their vintage: "grenzen: CBS/PDOK 2024 (CC BY 4.0)".

    ``gebieden`` is the loaded CBS areas (``GemeenteData.gebieden``, with ``geometrie_jaar`` and, for buurten the
    shipped map lacks, ``grens_bij_benadering``). PC4 shapes, whose origin is not known, are said to be so.

    Example
    -------
    >>> import pandas as pd
    >>> grenzen_bron(pd.DataFrame({"geometrie_jaar": ["2024", "geen geometrie"]}), "buurt")
    'grenzen: CBS/PDOK 2024 (CC BY 4.0)'
    """
    jaren = sorted(set(gebieden["geometrie_jaar"].dropna().astype(str)) - {"geen geometrie"}) \
        if "geometrie_jaar" in gebieden.columns else []
    cbs = f"CBS/PDOK{' ' + lijst(jaren) if jaren else ''} (CC BY 4.0)"
    if indeling == "pc4":
        return (f"postcodegebieden (PC4): herkomst en jaar van de vlakken onbekend (meegeleverd met wijkscan); "
                f"buurtgrenzen {cbs}")
    benaderd = "grens_bij_benadering" in gebieden.columns and bool(gebieden["grens_bij_benadering"].notna().any())
    extra = "; een deel bij benadering (schematische kaart van woonikveilig, naar CBS-gegevens)" if benaderd else ""
    return f"grenzen: {cbs}{extra}"
