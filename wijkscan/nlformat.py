"""Dutch number and date formatting for everything a person reads."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

GEEN_GEGEVENS = "geen gegevens"
MAANDEN = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"]


def getal(value: object, decimalen: int = 0, eenheid: str = "") -> str:
    """Format a number the Dutch way: ``25.625``, ``4,8``; NA becomes "geen gegevens".

    Example
    -------
    >>> getal(25625), getal(4.75, 1), getal(None), getal(12.5, 1, "%"), getal(-0.001, 2)
    ('25.625', '4,8', 'geen gegevens', '12,5%', '0,00')
    """
    if value is None or value is pd.NA:
        return GEEN_GEGEVENS
    try:
        x = float(value)  # type: ignore[arg-type]  # anything float() takes; the rest is "geen gegevens"
    except (TypeError, ValueError):
        return GEEN_GEGEVENS
    if math.isnan(x):
        return GEEN_GEGEVENS
    text = f"{x:,.{decimalen}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if text.startswith("-") and not text.strip("-0,."):   # -0,001 rounds to "0", never "-0,00"
        text = text[1:]
    if eenheid == "%":
        return text + "%"
    return f"{text} {eenheid}".rstrip()


def getal_eenheid(value: object, decimalen: int, eenheid: str) -> str:
    """A number as shown beside its label: ``%`` glued to it, other units left to the label.

    Example
    -------
    Amounts in thousands of euros are written out in euros: a reader sees "€ 471.000", never "471 × 1.000 euro".

    >>> getal_eenheid(39.297, 1, "%"), getal_eenheid(471, 0, "× 1.000 euro"), getal_eenheid(31.44, 1, "× 1.000 euro")
    ('39,3%', '€ 471.000', '€ 31.400')
    """
    if eenheid == DUIZEND_EURO:
        euro = round(float(value), decimalen) * 1000 if isinstance(value, int | float) else value
        tekst = getal(euro, max(0, decimalen - 3))
        return tekst if tekst == GEEN_GEGEVENS else f"€ {tekst}"
    return getal(value, decimalen, "%" if eenheid == "%" else "")


#: the unit of CBS amounts (WOZ-waarde, inkomen) that :func:`getal_eenheid` writes out in euros
DUIZEND_EURO = "× 1.000 euro"


def datum(d: date) -> str:
    """``1 januari 2024``.

    Example
    -------
    >>> datum(date(2024, 1, 1))
    '1 januari 2024'
    """
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"
