"""The shapes real MOR systems write, and hostile files (issue 18, point 11).

The files in ``fixtures/meldingen/vormen/`` are **derived** from the real Assen meldingen
(``maak_vormen.py``): every file holds real ids, dates, categories and places of the embedded
Signalen data, written as another system would. Hostile files are made in the test itself.
"""

from __future__ import annotations

import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wijkscan.errors import OngeldigeInvoer
from wijkscan.sources.meldingen import assen_meldingen, formaten, lees_meldingen

VORMEN = Path(__file__).parent / "fixtures" / "meldingen" / "vormen"


@pytest.fixture(scope="module")
def echt():
    """The real meldingen by id: what every derived file must give back."""
    m = assen_meldingen().meldingen
    return m.set_index(m["id"].astype(str))


def _zelfde(imp, echt, meters: float = 1.0, seconden: float = 1.0) -> None:
    m = imp.meldingen.set_index(imp.meldingen["id"].astype(str))
    e = echt.loc[m.index]
    assert (m.categorie.astype(str) == e.categorie.astype(str)).all()
    assert (np.abs((m.datum - e.datum).dt.total_seconds()) <= seconden).all()
    if m.geometry.notna().all():
        assert (m.geometry.distance(e.geometry, align=False) <= meters).all()


@pytest.mark.parametrize("bestand, formaat, seconden", [
    ("maanden_nl.csv", "CSV", 60),          # "30 apr. 2025 13:56": minutes only
    ("excel_serieel.csv", "CSV", 1),
    ("meldingen.jsonl", "JSON Lines", 1),
    ("latlon_samen.csv", "CSV", 60),
    ("wkt_punt.csv", "CSV", 1),
    ("meldingen.parquet", "Parquet", 1),
])
def test_vorm_volledig_gelezen(bestand, formaat, seconden, echt):
    imp = lees_meldingen(VORMEN / bestand)
    assert imp.formaat == formaat
    assert len(imp.afgewezen) == 0 and len(imp.meldingen) == imp.invoer_rijen == 202
    _zelfde(imp, echt, meters=1.0, seconden=seconden)


def test_denhaag_opendata_layout(echt):
    """Den Haag MOR open data: zaaknummer, niveau1–4, stadsdeel/wijk/buurt, registrdat, afgerondop, x/ycoord, WKT."""
    imp = lees_meldingen(VORMEN / "denhaag_mor.csv")
    assert imp.kolommen["id"] == "zaaknummer" and imp.kolommen["categorie"] == "niveau1"
    assert imp.kolommen["subcategorie"] == "niveau2" and imp.kolommen["afgehandeld"] == "afgerondop"
    assert imp.kolommen["datum"] == "registrdat" and imp.kolommen["x"] == "xcoord"
    assert len(imp.meldingen) == 3024 and len(imp.afgewezen) == 0
    assert imp.meldingen.afgehandeld.notna().sum() == assen_meldingen(afgehandeld=True).meldingen.afgehandeld.notna().sum()
    _zelfde(imp, echt, meters=0.1)


def test_excel_serieel_als_getal():
    df = pd.read_csv(VORMEN / "excel_serieel.csv")
    assert pd.api.types.is_float_dtype(df["datum"])
    imp = lees_meldingen(df)
    assert len(imp.meldingen) == 202 and imp.meldingen.datum.min() >= pd.Timestamp("2025-04-30")


def test_gzip_als_csv(echt):
    import wijkscan
    imp = lees_meldingen(VORMEN / "kern_export.csv.gz", gemeente_grens=wijkscan.load("Assen", bron="ingebouwd"))
    assert imp.invoer_rijen == 3024 and imp.formaat == "CSV"


def test_ndjson_kapotte_regel(tmp_path):
    regels = (VORMEN / "meldingen.jsonl").read_text(encoding="utf-8").splitlines()
    regels[5] = regels[5][:30]
    (tmp_path / "m.ndjson").write_text("\n".join(regels) + "\n", encoding="utf-8")
    imp = lees_meldingen(tmp_path / "m.ndjson")
    assert len(imp.meldingen) == 201 and imp.afgewezen.regel.tolist() == [6]
    assert imp.afgewezen.reden_code.tolist() == ["kapotte_regel"]


def test_jsonl_met_extensie_json(tmp_path):
    (tmp_path / "m.json").write_bytes((VORMEN / "meldingen.jsonl").read_bytes())
    assert len(lees_meldingen(tmp_path / "m.json").meldingen) == 202


def test_formaat_opgeven(tmp_path):
    (tmp_path / "export.dat").write_bytes((VORMEN / "meldingen.jsonl").read_bytes())
    with pytest.raises(OngeldigeInvoer, match="formaat="):
        lees_meldingen(tmp_path / "export.dat")
    assert len(lees_meldingen(tmp_path / "export.dat", formaat="jsonl").meldingen) == 202


def test_html_in_categorie_weg():
    df = pd.read_csv(VORMEN / "wkt_punt.csv")
    df.loc[0, "categorie"] = "<img src=x onerror=alert(1)>Afval"
    df.loc[1, "categorie"] = "<script>alert(1)</script>"
    imp = lees_meldingen(df)
    assert not imp.meldingen.categorie.str.contains("<").any()
    assert imp.meldingen.categorie.iloc[0] == "Afval" and imp.meldingen.categorie.iloc[1] == "alert(1)"
    assert (imp.aanpassingen.code == "html").sum() == 2


def test_bestand_zonder_regeleinden_snel_geweigerd(tmp_path):
    """10 MB without a line break: refused with a Dutch message before any parsing."""
    (tmp_path / "lang.csv").write_text("datum;lat;lon;" + "x;" * 5_000_000, encoding="utf-8")
    with pytest.raises(OngeldigeInvoer, match="langer dan 1.000.000 tekens"):
        lees_meldingen(tmp_path / "lang.csv")


def test_lange_regel_midden_in_het_bestand_met_regelnummer(tmp_path):
    """The check jumps a window of 1,000,000 characters at a time (issue 18, speed) and still names the line."""
    goed = "".join(f"{i};01-06-2026;53,0;6,56\n" for i in range(5_000))
    (tmp_path / "midden.csv").write_text("id;datum;lat;lon\n" + goed + "x" * 1_000_001 + "\n" + goed,
                                         encoding="utf-8")
    with pytest.raises(OngeldigeInvoer, match=r"Regel 5\.002 van midden\.csv is langer dan 1\.000\.000 tekens"):
        lees_meldingen(tmp_path / "midden.csv")
    verder = "".join(f"{i};01-06-2026;53,0;6,56\n" for i in range(5_001, 10_001))
    (tmp_path / "precies.csv").write_text("id;datum;lat;lon\n" + goed + "5000;01-06-2026;53,0;6,56;" + "x" * 999_974
                                          + "\n" + verder, encoding="utf-8")
    imp = lees_meldingen(tmp_path / "precies.csv")   # a line of exactly 1,000,000 characters passes this check
    assert imp.afgewezen.reden_code.tolist() == ["kapotte_regel"] and len(imp.meldingen) == 10_000


def test_te_veel_velden_geweigerd(tmp_path):
    (tmp_path / "breed.csv").write_text("datum;lat;lon;" + ";".join(f"k{i}" for i in range(5000)) + "\n", encoding="utf-8")
    with pytest.raises(OngeldigeInvoer, match="meer dan 1.000 velden"):
        lees_meldingen(tmp_path / "breed.csv")


def test_gzip_bom_begrensd(tmp_path):
    """A gzip that expands 1000×: decompressed in pieces and refused at the limit, never whole in memory."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    with open(tmp_path / "bom.csv.gz", "wb") as fh:
        fh.write(c.compress(b"datum;lat;lon\n"))
        blok = b"0" * (1 << 20)
        for _ in range(200):
            fh.write(c.compress(blok))
        fh.write(c.flush())
    assert (tmp_path / "bom.csv.gz").stat().st_size < 1 << 20
    with pytest.raises(OngeldigeInvoer, match="pakt uit tot meer dan 64 MB"):
        lees_meldingen(tmp_path / "bom.csv.gz")
    assert formaten.MIN_UITGEPAKT == 64 * 1024 * 1024


def test_cli_alles_afgewezen_zonder_traceback(tmp_path):
    """Every row rejected (unreadable dates): one Dutch message, exit code 2, no traceback."""
    df = pd.read_csv(VORMEN / "wkt_punt.csv")
    df["datum"] = "morgen"
    df.to_csv(tmp_path / "m.csv", index=False)
    r = subprocess.run([sys.executable, "-m", "wijkscan.cli", "meldingen", "Assen", str(tmp_path / "m.csv"),
                        "--uitvoer", str(tmp_path / "uit"), "--offline"], capture_output=True, text=True, timeout=3600)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "geen enkele melding geaccepteerd" in (r.stdout + r.stderr)
