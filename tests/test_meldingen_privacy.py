"""Publication-safe outputs: no addresses or free text, small counts suppressed, points only internally."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

import wijkscan
import wijkscan.analysis.meldingen as meldingen_module
import wijkscan.analysis.meldingen_publicatie as publicatie_module
from wijkscan.analysis.hotspots import hotspots
from wijkscan.analysis.meldingen import GEBRUIK_INTERN, interne_puntenlaag
from wijkscan.analysis.meldingentelling import tel_meldingen
from wijkscan.analysis.privacy import GETOOND, PRIMAIR, TOTAAL
from wijkscan.sources.embedded import meldingen_bestand
from wijkscan.sources.meldingen import lees_meldingen


@pytest.fixture(scope="module")
def assen():
    return wijkscan.load("Assen", bron="ingebouwd")


@pytest.fixture(scope="module")
def met_adres():
    """The real Assen meldingen, deliberately keeping the ``address`` column (worst case)."""
    m = lees_meldingen(meldingen_bestand("assen_signalen_all_meldingen"), bewaar=["address", "wijk"]).meldingen
    assert m["address"].notna().sum() == 3022
    return m


def _alle_tekst(obj) -> str:
    """Everything a published object could carry: values, index, column names, attrs, and its files."""
    delen = [repr(obj.attrs)]
    if hasattr(obj, "to_json") and hasattr(obj, "geometry"):
        delen.append(obj.to_json())
    buf = io.StringIO()
    pd.DataFrame(obj).drop(columns=[c for c in ["geometry"] if c in obj.columns]).to_csv(buf)
    delen.append(buf.getvalue())
    return "\n".join(delen)


@pytest.fixture(scope="module")
def telling(assen, met_adres):
    return tel_meldingen(assen, met_adres, wijkscan.cbs_indeling(assen, "wijk"))


def test_adres_komt_nooit_in_publicatie(assen, met_adres, telling):
    adressen = {a for a in met_adres["address"].dropna() if any(ch.isdigit() for ch in a)}
    assert len(adressen) > 1000
    uitvoer = [telling.tabel(n, als_tekst=t) for n in ("buurt", "wijk", "gemeente") for t in (True, False)]
    uitvoer += [telling.lang("buurt"), hotspots(met_adres, assen, "buurt", permutaties=9)]
    for u in uitvoer:
        tekst = _alle_tekst(u)
        gevonden = [a for a in adressen if a in tekst]
        assert not gevonden, gevonden[:3]
        assert "address" not in tekst and "adres" not in u.columns


def test_er_is_een_weg_naar_publicatie():
    """The per-table suppression (a wijk total minus its shown buurten gave hidden counts back) is gone."""
    for oud in ("onderdruk", "publicatietabel", "publicatielaag"):
        assert not hasattr(meldingen_module, oud) and not hasattr(publicatie_module, oud), oud


def test_tabel_onderdrukt_onder_vijf(telling):
    tekst = telling.tabel("wijk")
    getal = telling.tabel("wijk", als_tekst=False)
    status = telling.status("wijk")
    kolommen = [*telling.categorieen, TOTAAL]
    for code in tekst.index:
        for c in kolommen:
            n = telling.totalen("wijk", c)[code]
            if status.loc[code, c] == PRIMAIR:
                assert 0 < n < 5 and tekst.loc[code, c] == "<5" and pd.isna(getal.loc[code, c])
            elif status.loc[code, c] == GETOOND:
                assert getal.loc[code, c] == n
            elif status.loc[code, c] == "secundair":       # hidden so nothing can be worked back: "x", never a false "<5"
                assert tekst.loc[code, c] == "x" and pd.isna(getal.loc[code, c])
    assert (status == PRIMAIR).any().any() and "'<5': minder dan 5 meldingen" in telling.toelichting
    assert "'excl.': het aantal zonder de genoemde buurten zonder vlak" in telling.toelichting
    assert telling.tabel("gemeente").loc["GM0106", TOTAAL] == "3.024"     # Dutch number format
    assert not telling.audit().onthuld.any()


def test_andere_drempel(assen, met_adres):
    t = tel_meldingen(assen, met_adres, wijkscan.cbs_indeling(assen, "wijk"), drempel=10)
    st = t.status("buurt")
    assert (st == PRIMAIR).any().any() and "<10" in set(t.tabel("buurt").drop(columns="naam").to_numpy().ravel())
    assert not (t.totalen("buurt")[st[TOTAAL] == PRIMAIR] >= 10).any()


def test_punten_alleen_intern(met_adres):
    p = interne_puntenlaag(met_adres)
    assert (p["gebruik"] == GEBRUIK_INTERN).all() and p.attrs["gebruik"] == "alleen voor intern gebruik"
    assert "address" not in p.columns
    assert "alleen voor intern gebruik" in p.to_json()
    assert np.array_equal(p.geometry.x, met_adres.geometry.x)
