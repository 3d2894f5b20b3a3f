from __future__ import annotations

import pytest

from wijkscan.errors import OnbekendeGemeente
from wijkscan.sources.gemeenten import gemeente_code, gemeenten


def test_all_342_gemeenten_of_2024():
    assert len(gemeenten()) == 342


@pytest.mark.parametrize("text, code", [
    ("Voorschoten", "GM0626"), ("voorschoten", "GM0626"), (" GM0626 ", "GM0626"), ("gm0626", "GM0626"),
    ("626", "GM0626"), ("Assen", "GM0106"), ("Dijk en Waard", "GM1980"), ("Hoorn", "GM0405"),
    ("Súdwest-Fryslân", "GM1900"), ("sudwest fryslan", "GM1900"), ("Den Helder", "GM0400"),
])
def test_code_or_name(text, code):
    assert gemeente_code(text) == code


def test_ambiguous_name_lists_the_options():
    with pytest.raises(OnbekendeGemeente, match="meer dan één gemeente") as exc:
        gemeente_code("Bergen")
    assert "Bergen (L.) (GM0893)" in str(exc.value) and "Bergen (NH.) (GM0373)" in str(exc.value)
    assert gemeente_code("Bergen (L.)") == "GM0893"


def test_unknown_name_suggests_close_ones():
    with pytest.raises(OnbekendeGemeente, match="Voorschoten"):
        gemeente_code("Voorschooten")
    with pytest.raises(OnbekendeGemeente, match="onbekend"):
        gemeente_code("Atlantis")
    with pytest.raises(OnbekendeGemeente, match="Geef een gemeente op"):
        gemeente_code("")
