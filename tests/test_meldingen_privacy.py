"""Publication-safe outputs: no addresses or free text, small counts suppressed, points only internally."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

import wijkscan
from wijkscan.analysis.hotspots import hotspots
from wijkscan.analysis.meldingen import (
    GEBRUIK_INTERN,
    GEEN_GEBIED,
    interne_puntenlaag,
    kruistabel,
    onderdruk,
    publicatielaag,
    publicatietabel,
)
from wijkscan.errors import OngeldigeInvoer
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


def test_adres_komt_nooit_in_publicatie(assen, met_adres):
    adressen = {a for a in met_adres["address"].dropna() if any(ch.isdigit() for ch in a)}
    assert len(adressen) > 1000
    uitvoer = [
        publicatietabel(met_adres, assen, "buurt", "categorie"),
        publicatietabel(met_adres, assen, "wijk", "subcategorie", als_tekst=False),
        publicatietabel(met_adres, assen, "buurt", None),
        publicatielaag(met_adres, assen, "buurt"),
        publicatielaag(met_adres, assen, "wijk"),
        hotspots(met_adres, assen, "buurt", permutaties=9),
    ]
    for u in uitvoer:
        tekst = _alle_tekst(u)
        gevonden = [a for a in adressen if a in tekst]
        assert not gevonden, gevonden[:3]
        assert "address" not in tekst and "adres" not in u.columns


def test_vrije_kolommen_mogen_niet_in_publicatietabel(assen, met_adres):
    for kolom in ("address", "wijk", "id"):
        with pytest.raises(OngeldigeInvoer, match="mag niet in een publicatietabel"):
            publicatietabel(met_adres, assen, "buurt", kolom)


def test_publicatietabel_onderdrukt_onder_vijf(assen, met_adres):
    ruw = kruistabel(met_adres, assen, "wijk")
    tekst = publicatietabel(met_adres, assen, "wijk")
    getal = publicatietabel(met_adres, assen, "wijk", als_tekst=False)
    cellen = [c for c in ruw.columns if c != "naam"]
    for code in ruw.index:
        for c in cellen:
            n = ruw.loc[code, c]
            if n < 5:
                assert tekst.loc[code, c] == "<5" and pd.isna(getal.loc[code, c])
            elif pd.isna(getal.loc[code, c]):            # secondary suppression: "x", not a false "<5"
                assert tekst.loc[code, c] == "x"
            else:
                assert getal.loc[code, c] == n
    # Dutch number format in the text table
    assert tekst.loc["totaal", "totaal"] == "3.024"
    # nothing can be recomputed from a shown total: per row and per column 0 or ≥ 2 suppressed cells
    vals = getal[[c for c in cellen if c != "totaal"]]
    for code in getal.index:
        if code != "totaal" and pd.notna(getal.loc[code, "totaal"]):
            assert vals.loc[code].isna().sum() != 1
    for c in vals.columns:
        if pd.notna(getal.loc["totaal", c]):
            assert vals.drop(index="totaal")[c].isna().sum() != 1
    assert "Aantallen onder 5" in tekst.attrs["toelichting"]


def test_onderdruk_klein_voorbeeld_en_drempel():
    t = pd.DataFrame({"a": [1, 10, 30], "b": [7, 12, 0], "c": [20, 20, 20]}, index=["x", "y", "z"])
    t["totaal"] = t.sum(axis=1)
    o = onderdruk(t, drempel=5)
    assert pd.isna(o.loc["x", "a"]) and pd.isna(o.loc["z", "b"])
    # row x: 'a' suppressed, so the smallest other cell ('b' = 7) goes too; same for row z ('c')
    assert pd.isna(o.loc["x", "b"]) and pd.isna(o.loc["z", "c"])
    assert o.loc["y", "a"] == 10 and o.loc["x", "totaal"] == 28
    o10 = onderdruk(t, drempel=10, totalen=False)
    assert pd.isna(o10.loc["x", "b"]) and o10.loc["y", "a"] == 10


def test_publicatietabel_andere_drempel(assen, met_adres):
    t = publicatietabel(met_adres, assen, "wijk", drempel=10)
    assert t.loc[GEEN_GEBIED, "totaal"] == "<10"                 # 5 meldingen outside the wijken


def test_publicatielaag(assen, met_adres):
    laag = publicatielaag(met_adres, assen, "buurt")
    assert set(laag.columns) == {"naam", "meldingen", "meldingen_tekst", "per_1000_inwoners", "geometry"}
    assert set(laag.geometry.dropna().geom_type) == {"Polygon"}   # areas only, never points
    klein = laag.meldingen_tekst == "<5"
    assert klein.any()
    assert laag.loc[klein, "meldingen"].isna().all() and laag.loc[klein, "per_1000_inwoners"].isna().all()
    assert (laag.meldingen.dropna() >= 5).all()
    assert GEEN_GEBIED not in laag.index
    h = hotspots(met_adres, assen, "buurt", permutaties=9)
    met = publicatielaag(met_adres, assen, "buurt", hotspots=h)
    assert (met["hotspot"] == h["klasse"].astype(str).reindex(met.index)).all()
    assert "aantal" not in met.columns and "gi_z" not in met.columns


def test_punten_alleen_intern(met_adres):
    p = interne_puntenlaag(met_adres)
    assert (p["gebruik"] == GEBRUIK_INTERN).all() and p.attrs["gebruik"] == "alleen voor intern gebruik"
    assert "address" not in p.columns
    assert "alleen voor intern gebruik" in p.to_json()
    assert np.array_equal(p.geometry.x, met_adres.geometry.x)
