"""Find a gemeente by code or by name (the 342 gemeenten of 2024), and the gemeenten of a provincie."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

import pandas as pd

from ..errors import OnbekendeGemeente, OngeldigeInvoer
from .embedded import data_dir


@lru_cache(maxsize=1)
def gemeenten() -> pd.DataFrame:
    """All gemeenten of 2024 with ``code`` and ``naam`` (CBS 85984NED).

    Example
    -------
    >>> from wijkscan.sources.gemeenten import gemeenten
    >>> len(gemeenten())
    342
    """
    return pd.read_csv(data_dir() / "gemeenten_2024.csv", dtype=str)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def gemeente_code(gemeente: str) -> str:
    """Return the CBS code (``GMxxxx``) of a gemeente given by code or name.

    Names are matched without regard to case, accents and punctuation; a unique
    beginning of a name is enough ("Den H" → Den Helder). A well-formed code is
    accepted as it is, so gemeenten of earlier years (e.g. GM0398 Heerhugowaard) work.

    Raises
    ------
    OnbekendeGemeente
        Unknown name (with suggestions), or a name that fits several gemeenten.

    Example
    -------
    >>> gemeente_code("Voorschoten"), gemeente_code("gm0106"), gemeente_code("0626")
    ('GM0626', 'GM0106', 'GM0626')
    """
    if not isinstance(gemeente, str) or not gemeente.strip():
        raise OnbekendeGemeente("Geef een gemeente op, als naam (bijv. 'Voorschoten') of code ('GM0626').")
    text = gemeente.strip()
    m = re.fullmatch(r"(?i)(?:GM)?(\d{1,4})", text)
    if m:
        return _bekende_code("GM" + m.group(1).zfill(4), text)
    table = gemeenten()
    folded = table.naam.map(_fold)
    key = _fold(text)
    if key in ALIASSEN:
        return table.code[table.naam == ALIASSEN[key]].iloc[0]
    exact = table[folded == key]
    if len(exact) == 1:
        return exact.code.iloc[0]
    starts = table[folded.str.startswith(key) | folded.str.startswith(key + " ")]
    if len(starts) == 1:
        return starts.code.iloc[0]
    if len(starts) > 1:
        opties = ", ".join(f"{r.naam} ({r.code})" for r in starts.itertuples())
        raise OnbekendeGemeente(
            f"'{text}' past bij meer dan één gemeente: {opties}. Geef de volledige naam of de code op."
        )
    close = difflib.get_close_matches(key, list(folded), n=3, cutoff=0.75)
    hint = ""
    if close:
        namen = [table.naam[folded == c].iloc[0] for c in close]
        hint = " Bedoelt u " + " of ".join(f"'{n}'" for n in namen) + "?"
    raise OnbekendeGemeente(
        f"Gemeente '{text}' is onbekend.{hint} Gebruik de naam zoals CBS die schrijft of de "
        "gemeentecode (GM gevolgd door vier cijfers, bijv. GM0626 voor Voorschoten)."
    )


#: Names people use for a gemeente that CBS writes otherwise (folded: lower case, no accents or punctuation).
ALIASSEN = {
    "den haag": "'s-Gravenhage", "the hague": "'s-Gravenhage", "s gravenhage": "'s-Gravenhage",
    "den bosch": "'s-Hertogenbosch", "s hertogenbosch": "'s-Hertogenbosch", "hertogenbosch": "'s-Hertogenbosch",
    "bergen nh": "Bergen (NH.)", "bergen noord holland": "Bergen (NH.)", "bergen l": "Bergen (L.)",
    "bergen limburg": "Bergen (L.)", "laren": "Laren (NH.)", "hengelo": "Hengelo (O.)", "rijswijk": "Rijswijk (ZH.)",
    "middelburg": "Middelburg (Z.)", "beek": "Beek (L.)", "stein": "Stein (L.)", "nuenen": "Nuenen, Gerwen en Nederwetten",
    "sudwest friesland": "Súdwest-Fryslân", "zuidwest friesland": "Súdwest-Fryslân", "sudwest fryslan": "Súdwest-Fryslân",
    "sudwestfryslan": "Súdwest-Fryslân", "swf": "Súdwest-Fryslân", "noordoost friesland": "Noardeast-Fryslân",
    "noardeast friesland": "Noardeast-Fryslân", "de friese meren": "De Fryske Marren", "dantumadeel": "Dantumadiel",
    "tietjerksteradeel": "Tytsjerksteradiel",
}


@lru_cache(maxsize=1)
def _codes() -> pd.DataFrame:
    return pd.read_csv(data_dir() / "gemeentecodes.csv", dtype={"code": str}).set_index("code")


def _bekende_code(code: str, text: str) -> str:
    """A well-formed code that was a gemeente in 2012–2024 (a former one too), else a Dutch error."""
    codes = _codes()
    if code in codes.index:
        return code
    dichtbij = [c for c in difflib.get_close_matches(code, list(codes.index), n=3, cutoff=0.75)]
    hint = (" Bedoelt u " + " of ".join(f"{c} ({codes.at[c, 'naam']})" for c in dichtbij) + "?") if dichtbij else ""
    raise OnbekendeGemeente(
        f"Onbekende gemeente: {text} is geen gemeentecode van 2012 tot en met 2024.{hint} Gebruik de naam "
        "(bijv. Voorschoten) of de code zoals CBS die geeft (bijv. GM0626)."
    )


def gemeente_naam(code: str) -> str | None:
    """Name of a gemeente code in 2024, or None when it is not a 2024 gemeente."""
    hit = gemeenten()[gemeenten().code == code]
    return None if hit.empty else hit.naam.iloc[0]


#: The twelve provincies: CBS code → official name (CBS Gebieden in Nederland 2024; the same as the columns
#: ``provinciecode, provincie`` of the embedded ``gemeenten_2024.csv``, which a test checks).
PROVINCIES = {
    "PV20": "Groningen", "PV21": "Fryslân", "PV22": "Drenthe", "PV23": "Overijssel", "PV24": "Flevoland",
    "PV25": "Gelderland", "PV26": "Utrecht", "PV27": "Noord-Holland", "PV28": "Zuid-Holland", "PV29": "Zeeland",
    "PV30": "Noord-Brabant", "PV31": "Limburg",
}
#: Other names people use for a provincie (folded: lower case, no accents or punctuation).
PROVINCIE_ALIASSEN = {"friesland": "Fryslân", "brabant": "Noord-Brabant"}


def provincie_naam(provincie: str) -> str:
    """The official name of a provincie given by name, alias or CBS code, without regard to case and accents.

    "fryslan", "Friesland" and "PV21" all give "Fryslân"; "Noord Holland" gives "Noord-Holland".

    Raises
    ------
    OngeldigeInvoer
        An unknown provincie; the message lists the twelve.

    Example
    -------
    >>> provincie_naam("friesland"), provincie_naam("noord holland"), provincie_naam("pv22")
    ('Fryslân', 'Noord-Holland', 'Drenthe')
    """
    tekst = provincie.strip() if isinstance(provincie, str) else ""
    if tekst.upper() in PROVINCIES:
        return PROVINCIES[tekst.upper()]
    key = _fold(tekst)
    namen = {_fold(n): n for n in PROVINCIES.values()}
    if key in namen:
        return namen[key]
    if key in PROVINCIE_ALIASSEN:
        return PROVINCIE_ALIASSEN[key]
    close = difflib.get_close_matches(key, list(namen), n=1, cutoff=0.75)
    hint = f" Bedoelt u '{namen[close[0]]}'?" if close else ""
    raise OngeldigeInvoer(
        f"Provincie '{tekst}' is onbekend.{hint} Kies uit: {', '.join(sorted(PROVINCIES.values()))} "
        "(hoofdletters en accenten doen er niet toe; 'Friesland' kan ook).")


def provincie_van(code: str) -> str | None:
    """The provincie (official name) of a 2024 gemeente code, or None when it is not a 2024 gemeente.

    Example
    -------
    >>> provincie_van("GM0106"), provincie_van("GM1900")
    ('Drenthe', 'Fryslân')
    """
    hit = gemeenten()[gemeenten().code == code]
    return None if hit.empty else str(hit.provincie.iloc[0])


def provincie_gemeenten(provincie: str) -> list[str]:
    """The codes of the 2024 gemeenten of a provincie (name, alias or CBS code), sorted.

    Example
    -------
    >>> codes = provincie_gemeenten("Drenthe")
    >>> len(codes), "GM0106" in codes
    (12, True)
    """
    naam = provincie_naam(provincie)
    t = gemeenten()
    return sorted(t.code[t.provincie == naam])
