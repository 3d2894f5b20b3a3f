"""Passing the import's table (``imp.meldingen``) instead of the import (``imp``) loses what the import knew — from
when the export is complete and whether the afhandeldatum is inferred. That is never silent: the run says in Dutch
what is lost, what the data shows (the month from which the counts are regular) and how to pass the import.

On the real embedded Assen meldingen (complete from 18 May 2026; older ones only when still open then).
"""

from __future__ import annotations

import warnings

import pytest

import wijkscan
from wijkscan.analysis.meldingentelling import tel_meldingen
from wijkscan.sources.meldingen import assen_meldingen


@pytest.fixture(scope="module")
def assen():
    return wijkscan.load("Assen", bron="ingebouwd")


@pytest.fixture(scope="module")
def imp(assen):
    return assen_meldingen(afgehandeld=True, gemeente_grens=assen)


def _tel(assen, meldingen, **kw):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        t = tel_meldingen(assen, meldingen, wijkscan.cbs_indeling(assen, "wijk"), **kw)
    return t, [str(x.message) for x in w if issubclass(x.category, UserWarning) and "imp.meldingen" in str(x.message)]


def test_tabel_in_plaats_van_import_wordt_gezegd(assen, imp):
    t, gewaarschuwd = _tel(assen, imp.meldingen)
    assert t.periode.startswith("30-04-2025")        # without the import: from the first melding
    zin = next(o for o in t.opmerkingen if "imp.meldingen" in o)
    assert gewaarschuwd == [zin]
    assert "niet bekend vanaf wanneer het bestand volledig is en of de afhandeldatum is afgeleid" in zin
    assert "pas vanaf mei 2026 regelmatig" in zin          # what the data itself shows
    assert "meldingen=imp" in zin and "meldingen_periode=" in zin


def test_met_de_import_geen_melding(assen, imp):
    t, gewaarschuwd = _tel(assen, imp)
    assert t.periode.startswith("18-05-2026") and not gewaarschuwd
    assert not any("imp.meldingen" in o for o in t.opmerkingen)


def test_met_periode_alleen_de_afhandeldatum(assen, imp):
    t, gewaarschuwd = _tel(assen, imp.meldingen, periode=(imp.volledig_vanaf, "2026-08-08"))
    assert len(gewaarschuwd) == 1 and "afhandeldatum is afgeleid" in gewaarschuwd[0]
    assert "Geteld is vanaf" not in gewaarschuwd[0]
    zonder_afhandel = imp.meldingen.drop(columns=["afgehandeld"])
    _, niets = _tel(assen, zonder_afhandel, periode=(imp.volledig_vanaf, "2026-08-08"))
    assert not niets                                   # nothing lost: the period is given, no afhandeldatum


def test_wijkanalyse_met_de_tabel_zegt_het_op_het_resultaat(assen, imp):
    with pytest.warns(UserWarning, match=r"imp\.meldingen"):
        wa = wijkscan.wijkanalyse(assen, niveau="wijk", meldingen=imp.meldingen)
    assert any("imp.meldingen" in o and "meldingen=imp" in o for o in wa.opmerkingen)
    assert wa.meldingen_periode.startswith("30-04-2025")
