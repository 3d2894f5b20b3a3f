"""Recorded, not reconstructed (issue 16, item 8): real recorded service answers in the replays.

``tests/fixtures/recorded/`` holds answers of the real services found in public repositories, byte
for byte (provenance in ``tests/fixtures/recorded/PROVENANCE.md``, checksums in ``SHA256SUMS``).
The Locatieserver replay sends them for their addresses; these tests check that wijkscan's loader
reads the values of the recording, not values the replay made up.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
import requests

from tests.replay_locatieserver import GEEN_TREFFER, PAD, LocatieserverReplay, opname
from tests.replay_server import TEST_TIMEOUT
from wijkscan.settings import settings
from wijkscan.sources.locatieserver import zoek_adressen

OPGENOMEN = Path(__file__).resolve().parent / "fixtures" / "recorded"


@pytest.fixture
def locatieserver():
    with LocatieserverReplay() as srv:
        settings.locatieserver_url = srv.url
        yield srv


def test_opnames_ongewijzigd():
    """Every recorded file is still the recorded bytes (checksums taken when it was copied in)."""
    regels = [r.split() for r in (OPGENOMEN / "SHA256SUMS").read_text().splitlines() if r.strip()]
    assert len(regels) >= 3
    for som, naam in regels:
        assert hashlib.sha256((OPGENOMEN / naam).read_bytes()).hexdigest() == som, naam


def test_replay_stuurt_de_opname_byte_voor_byte(locatieserver):
    r = requests.get(locatieserver.url + PAD, params=[("q", "Evert van de Beekstraat 202, 1118CP Schiphol"),
                                                       ("fq", "type:adres"), ("rows", "1")], timeout=TEST_TIMEOUT)
    assert r.status_code == 200
    assert r.content == opname("locatieserver_free_adres_1118CP_202.json")
    leeg = requests.get(locatieserver.url + PAD, params={"q": "Bestaatniet 1"}, timeout=TEST_TIMEOUT)
    assert leeg.content == opname(GEEN_TREFFER)


def test_opgenomen_adres_met_buurt_en_wijk(locatieserver):
    """The recorded v3 answer for Evert van de Beekstraat 202 (Haarlemmermeer) comes out of the loader."""
    uit = zoek_adressen(["Evert van de Beekstraat 202, 1118CP Schiphol", "1118CP 202"], gemeentecode="0394",
                        voortgang=False)
    assert len(locatieserver.requests) == 2
    for adres in uit.index:
        rij = uit.loc[adres]
        assert (rij.x, rij.y) == (111396.536, 479739.602)            # centroide_rd of the recording
        assert rij.weergavenaam == "Evert van de Beekstraat 202, 1118CP Schiphol"
        assert (rij.buurtcode, rij.wijkcode, rij.gemeentecode) == ("BU03941663", "WK039416", "0394")
        assert rij.score == 23.428492


def test_opgenomen_adres_zonder_buurtcode(locatieserver):
    """The recorded answer for Bolstraat 1, Utrecht has no buurtcode/wijkcode: the loader says none."""
    uit = zoek_adressen(["Bolstraat 1, 3581WS Utrecht"], voortgang=False)
    rij = uit.iloc[0]
    assert (rij.x, rij.y) == (137569.474, 455650.561)
    assert rij.weergavenaam == "Bolstraat 1, 3581WS Utrecht" and rij.gemeentecode == "0344"
    assert pd.isna(rij.buurtcode) and pd.isna(rij.wijkcode)
    assert rij.score == 27.59121


def test_opgenomen_leeg_antwoord(locatieserver):
    """An address in another gemeente, or an unknown one, gets the recorded empty answer: NaN, no error."""
    uit = zoek_adressen(["Evert van de Beekstraat 202, 1118CP Schiphol", "Bestaatniet 1, Nergens"],
                        gemeentecode="0106", voortgang=False)
    assert uit[["x", "y"]].isna().all().all()
    assert uit.weergavenaam.isna().all()
