"""The most common postcode (PC4) of every 2024 buurt, from the embedded snapshot (CBS 85984NED,
``MeestVoorkomendePostcode``; built by ``scripts/build_pc4_buurten.py``, provenance in ``wijkscan/data/PROVENANCE.md``).

One table, two uses: the index of a buurt run finds a buurt by postcode, and the meldingen reader places an
address-only melding offline in the one buurt whose most common postcode it is. It is the most common postcode of a
buurt, not all of them: a buurt can have addresses in more postcodes.

Example
-------
>>> meest_voorkomende_postcode()["BU01069915"]
'9404'
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

__all__ = ["BESTAND", "meest_voorkomende_postcode", "postcodetabel"]

BESTAND = Path(__file__).resolve().parents[1] / "data" / "pc4_buurten_2024.csv.gz"


@functools.cache
def _tabel() -> pd.DataFrame:
    return pd.read_csv(BESTAND, dtype=str)


def postcodetabel() -> pd.DataFrame:
    """``postcode, gemeente, buurt, wijk``: one row per 2024 buurt that has a most common postcode (a copy)."""
    return _tabel().copy()


def meest_voorkomende_postcode() -> pd.Series:
    """Per 2024 buurt code its most common postcode as four digits (a copy; a buurt without one is absent)."""
    return _tabel().set_index("buurt")["postcode"].rename_axis("code")
