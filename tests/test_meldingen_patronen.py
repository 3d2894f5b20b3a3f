"""Patterns of the meldingen are part of the one result (issue 18, points 7 and 9).

On the DERIVED 36-month Assen sample that ships with wijkscan (the only series long enough) and on
the real Assen meldingen (three months: a Dutch reason instead of a pattern).
"""

from __future__ import annotations

import pandas as pd
import pytest

import wijkscan
from wijkscan.analysis.meldingenpatronen import bereken_patronen
from wijkscan.cli import VOORBEELD_SEIZOEN
from wijkscan.sources.embedded import meldingen_bestand
from wijkscan.sources.meldingen import assen_meldingen, lees_meldingen


@pytest.fixture(scope="module")
def assen():
    return wijkscan.load("Assen", bron="ingebouwd")


@pytest.fixture(scope="module")
def voorbeeld(assen):
    return lees_meldingen(meldingen_bestand(VOORBEELD_SEIZOEN), gemeente_grens=assen)


def test_patronen_staan_op_het_resultaat(assen, voorbeeld):
    wa = wijkscan.wijkanalyse(assen, "wijk", meldingen=voorbeeld)
    p = wa.meldingenpatronen
    assert p is not None and p.parameters["niveau"] == "wijk" and p.parameters["maanden"] >= 24
    assert set(p.seizoen.columns) >= {"januari", "juli"} and len(p.seizoen) == voorbeeld.meldingen.categorie.nunique()
    assert p.ongewone_maanden is not None and len(p.ongewone_maanden) > 0
    # a highlighted month never rests on a count below the publication threshold
    o = p.ongewone_maanden
    assert ((o.aantal >= wa.drempel_publicatie) | (o.verwacht >= wa.drempel_publicatie)).all()
    # trends per wijk × category, without counts (those are published through the suppressed tables only)
    assert {"gebied", "categorie", "verandering_pct", "zin"} <= set(p.trends.columns)
    assert "aantal" not in p.trends.columns and p.trends.gebied.nunique() > 3
    assert "afhandeltermijnen" in p.redenen or p.afhandeltermijnen is not None
    assert any(r.startswith("Seizoen — ") for r in p.samenvatting())


def test_korte_reeks_geeft_een_reden(assen):
    p = bereken_patronen(assen_meldingen(gemeente_grens=assen).meldingen, assen)
    assert p.seizoen is None and p.trends is None and p.ongewone_maanden is None
    assert "minstens 24" in p.redenen["seizoen"] and "3 maanden" in p.redenen["trends"]
    assert any("niet bepaald" in r for r in p.samenvatting())


def test_late_categorie_is_geen_trend(assen, voorbeeld):
    # the category "Riolering" only registered from the 13th month on: a registration change, not +x % per year
    m = voorbeeld.meldingen
    begin = pd.to_datetime(m.datum).min().to_period("M") + 12
    late = (m.categorie == "Riolering") & (pd.to_datetime(m.datum).dt.to_period("M") < begin)
    p = bereken_patronen(m[~late.to_numpy()], assen)
    assert any(z.startswith("Riolering: categorie bestaat sinds") for z in p.registratiewijzigingen())
    riool = p.trends[p.trends.categorie == "Riolering"]
    assert len(riool) and riool.zin.str.contains("categorie bestaat sinds").all()
    # only its own regular months count: fewer periods than the other categories
    assert riool.perioden.max() < p.trends[p.trends.categorie == "Afval"].perioden.min()
