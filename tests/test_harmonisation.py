"""Key harmonisation on the real DataProperties of 85984NED (2024)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wijkscan.errors import GeenTabel
from wijkscan.sources.cbs import TABELLEN, harmoniseer, tabel_id

FIX = Path(__file__).parent / "fixtures" / "cbs_odata"


@pytest.fixture(scope="module")
def meta_2024():
    dp = json.loads((FIX / "85984NED_2024" / "DataProperties.json").read_text())
    return harmoniseer(dp).set_index("key")


def test_every_topic_gets_one_unique_name(meta_2024):
    # 128 Topic entries in the real 2024 DataProperties
    assert len(meta_2024) == 128
    assert meta_2024.variabele.is_unique


def test_suffix_is_dropped_and_metadata_kept(meta_2024):
    row = meta_2024.loc["HuishoudensTotaal_29"]
    assert row.variabele == "HuishoudensTotaal"
    assert row.titel == "Huishoudens totaal"
    assert row.eenheid == "aantal"
    assert meta_2024.loc["GemiddeldeWOZWaardeVanWoningen_39", "eenheid"] == "x 1 000 euro"
    assert meta_2024.loc["AfstandTotHuisartsenpraktijk_117", "groep"] == "Nabijheid voorzieningen"


def test_repeated_names_are_told_apart_by_their_group(meta_2024):
    # Appartement_54 sits under electricity, Appartement_62 under gas (both via "Naar woningtype")
    assert meta_2024.loc["Appartement_54", "variabele"] == "GemiddeldeElektriciteitslevering_Appartement"
    assert meta_2024.loc["Appartement_62", "variabele"] == "GemiddeldAardgasverbruik_Appartement"
    assert meta_2024.loc["Nederland_17", "variabele"] == "Herkomstland_Nederland"
    assert meta_2024.loc["Nederland_20", "variabele"] == "GeborenInNederland_Nederland"
    assert meta_2024.loc["BuitenEuropa_24", "variabele"] == "GeborenBuitenNederland_BuitenEuropa"


def test_same_variable_same_name_when_the_suffix_moves():
    # HuishoudensTotaal is _28 in 2022 (85318NED) and _29 in 2024; WOZ is _35 vs _39
    dp22 = [
        {"ID": 1, "Type": "TopicGroup", "Title": "Bevolking", "ParentID": None},
        {"ID": 2, "Type": "Topic", "Key": "HuishoudensTotaal_28", "Title": "Huishoudens totaal", "ParentID": 1},
        {"ID": 3, "Type": "Topic", "Key": "GemiddeldeWOZWaardeVanWoningen_35", "Title": "WOZ", "ParentID": None},
    ]
    names = dict(harmoniseer(dp22)[["key", "variabele"]].values)
    assert names["HuishoudensTotaal_28"] == "HuishoudensTotaal"
    assert names["GemiddeldeWOZWaardeVanWoningen_35"] == "GemiddeldeWOZWaardeVanWoningen"
    # the 2018 table (84286NED) calls the WOZ value GemiddeldeWoningwaarde: same harmonised name
    dp18 = [{"ID": 4, "Type": "Topic", "Key": "GemiddeldeWoningwaarde_35", "Title": "Woningwaarde",
             "ParentID": None}]
    assert harmoniseer(dp18).variabele.tolist() == ["GemiddeldeWOZWaardeVanWoningen"]


def test_table_ids_and_unknown_year():
    assert tabel_id(2024) == "85984NED"
    assert tabel_id(2022) == "85318NED"
    assert set(range(2017, 2026)) <= set(TABELLEN)
    with pytest.raises(GeenTabel, match="2014.*2015–2025"):
        tabel_id(2014)
