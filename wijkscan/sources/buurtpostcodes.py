"""The most common postcode (PC4) of every 2024 buurt, from the embedded snapshot (CBS 85984NED,
``MeestVoorkomendePostcode``; built by ``scripts/build_buurt_postcodes.py``, provenance in
``wijkscan/data/PROVENANCE.md``).

It is the most common postcode of a buurt, not all of them: a buurt can have addresses in more postcodes.

Example
-------
>>> meest_voorkomende_postcode()["BU01069915"]
'9404'
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

__all__ = ["BESTAND", "meest_voorkomende_postcode"]

BESTAND = Path(__file__).resolve().parents[1] / "data" / "buurt_postcodes_2024.csv"


@functools.cache
def _tabel() -> pd.Series:
    t = pd.read_csv(BESTAND, dtype=str)
    return t.set_index("code")["postcode"]


def meest_voorkomende_postcode() -> pd.Series:
    """Per 2024 buurt code its most common postcode as four digits (a copy; a buurt without one is absent)."""
    return _tabel().copy()
