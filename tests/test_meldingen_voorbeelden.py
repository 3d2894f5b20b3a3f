"""The examples in the docstrings of the meldingen modules run and give what they promise."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "wijkscan.sources.meldingen.lezen",
    "wijkscan.sources.meldingen.kolommen",
    "wijkscan.sources.meldingen.formaten",
    "wijkscan.sources.meldingen.gebieden",
    "wijkscan.sources.meldingen.adressen",
    "wijkscan.sources.meldingen.resultaat",
    "wijkscan.analysis.seizoen",
    "wijkscan.veilig",
    "wijkscan.analysis.meldingen_toewijzing",
    "wijkscan.analysis.meldingen_tijd",
    "wijkscan.analysis.meldingen_toetsen",
    "wijkscan.analysis.meldingen_publicatie",
    "wijkscan.analysis.privacy",
    "wijkscan.analysis.hotspots",
    "wijkscan.analysis.werkdagen",
]


@pytest.mark.parametrize("naam", MODULES)
def test_docstring_voorbeelden(naam):
    module = importlib.import_module(naam)
    uitkomst = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert uitkomst.attempted > 0
    assert uitkomst.failed == 0
