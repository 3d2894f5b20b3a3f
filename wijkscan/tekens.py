"""The signs for a figure that is not shown, one per meaning, and the one legend entry of each.

Every output that can hold such a sign — the PDF report and overview, the interactive and print maps, the
publication CSV, the Excel workbook and its CSV files, index.html — writes the sign from here and explains it
with the words from here, so a reader meets the same sign with the same meaning everywhere:

=====================  ==========================================================================
``<5``                 a small count (1 to 4), not shown so nobody can be recognised
``x``                  hidden so that a small count elsewhere cannot be worked back
``niet gepubliceerd``  too few to show at all without being worked back from the other figures
``onbekend``           the data do not give this figure (the reason is said beside it)
``geen gegevens``      no source for this area or period (for example no meldingen read)
``·``                  fewer than 100 inwoners: a figure per inwoner says little there
=====================  ==========================================================================

A number that is missing is never written as an empty cell, a 0 or a bare dash.

Example
-------
>>> klein(5), TEKENS[ONBEKEND][:30]
('<5', 'de gegevens geven dit cijfer n')
>>> [t for t, _ in legenda([ONBEKEND, "<5", "12"], drempel=5)]
['<5', 'onbekend']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["GEEN_GEGEVENS", "LEGE_CEL", "NIET_GEPUBLICEERD", "ONBEKEND", "TEKENS", "VERBORGEN", "WEINIG_INWONERS",
           "is_teken", "klein", "legenda", "uitleg", "verborgen"]

VERBORGEN = "x"
NIET_GEPUBLICEERD = "niet gepubliceerd"
ONBEKEND = "onbekend"
GEEN_GEGEVENS = "geen gegevens"
WEINIG_INWONERS = "·"
#: what an empty cell in the Excel and CSV tables means (never a missing figure: that is "onbekend")
LEGE_CEL = "(lege cel)"

#: sign → its legend entry, in the order a legend lists them; ``<5`` is ``klein(drempel)`` (see :func:`uitleg`)
TEKENS: dict[str, str] = {
    "<5": "minder dan 5 (1 tot en met 4), niet getoond zodat niemand herkenbaar is",
    VERBORGEN: "weggelaten zodat een klein aantal niet uit de andere cijfers terug te rekenen is",
    NIET_GEPUBLICEERD: "te weinig om te tonen zonder dat het uit de andere cijfers terug te rekenen is",
    ONBEKEND: "de gegevens geven dit cijfer niet; de reden staat erbij of in het rapport van het gebied",
    GEEN_GEGEVENS: "voor dit gebied of deze periode is er geen bron (bijvoorbeeld geen meldingen ingelezen)",
    WEINIG_INWONERS: "minder dan 100 inwoners: een cijfer per inwoner zegt daar weinig",
    LEGE_CEL: "niet van toepassing: geen tekst, of geen plek (het cijfer heeft geen richting, is onbekend, of het "
              "gebied krijgt geen plek; de reden staat in de kolom ernaast)",
}


def klein(drempel: int = 5) -> str:
    """The sign of a small hidden count: ``"<5"`` (``"<10"`` with another publication threshold)."""
    return f"<{int(drempel)}"


def uitleg(teken: str, drempel: int = 5, min_inwoners: int = 100) -> str:
    """The legend entry of one sign, with the run's publication threshold and minimum of inwoners.

    Example
    -------
    >>> uitleg("<10", drempel=10)
    'minder dan 10 (1 tot en met 9), niet getoond zodat niemand herkenbaar is'
    """
    from .nlformat import getal  # here, not at the top: `wijkscan --help` imports this module without pandas

    if teken == klein(drempel):
        return f"minder dan {getal(drempel)} (1 tot en met {getal(drempel - 1)}), niet getoond zodat niemand " \
               "herkenbaar is"
    if teken == WEINIG_INWONERS:
        return f"minder dan {getal(min_inwoners)} inwoners: een cijfer per inwoner zegt daar weinig"
    return TEKENS[teken]


def is_teken(tekst: object, drempel: int = 5) -> str | None:
    """The sign a cell or table text shows, or None: ``"onbekend: geen vlak op de kaart"`` → ``"onbekend"``, a partial
    count ``"<5 (excl. Dijkveld, 35 inwoners)"`` → ``"<5"``.

    Example
    -------
    >>> is_teken("onbekend: geen vlak op de kaart"), is_teken("<5 (excl. Dijkveld, 35 inwoners)"), is_teken("12")
    ('onbekend', '<5', None)
    """
    t = str(tekst).strip().split(" (excl. ")[0]
    if t == klein(drempel) or t in (VERBORGEN, NIET_GEPUBLICEERD, GEEN_GEGEVENS, WEINIG_INWONERS, ONBEKEND):
        return t
    if t.startswith((ONBEKEND + ":", ONBEKEND + " (")):
        return ONBEKEND
    return None


def verborgen(teksten: Mapping[str, object], drempel: int = 5) -> dict[str, str]:
    """Area → its sign, for the areas whose published figure (``teksten``: the publication table's texts, such as the
    ``totaal`` column of ``wa.meldingentelling.tabel("buurt")``) is hidden for privacy: ``<5``, ``x`` or
    ``niet gepubliceerd``. A figure per 1.000 of such an area shows this sign, not "onbekend"."""
    privacy = (klein(drempel), VERBORGEN, NIET_GEPUBLICEERD)
    return {str(g): str(t) for g, t in teksten.items() if is_teken(t, drempel) in privacy}


def legenda(teksten: Iterable[object], drempel: int = 5, min_inwoners: int = 100,
            altijd: Iterable[str] = ()) -> list[tuple[str, str]]:
    """``(sign, legend entry)`` for every sign that occurs in ``teksten`` (and those in ``altijd``), in the order
    of :data:`TEKENS`: the legend under a table lists exactly the signs the table uses."""
    gezien = {is_teken(t, drempel) for t in teksten} | set(altijd)
    volgorde = [klein(drempel), *list(TEKENS)[1:]]
    return [(t, uitleg(t, drempel, min_inwoners)) for t in volgorde if t in gezien]
