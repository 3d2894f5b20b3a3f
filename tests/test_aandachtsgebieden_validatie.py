"""The validation of the aandachtsgebieden against public designations (docs/aandachtsgebieden.md, "Validation").

The matched designations (``benchmarks/data/nplv_focusgebieden_2022.csv``: the focusgebieden of the Nationaal
Programma Leefbaarheid en Veiligheid, 2022, matched to CBS wijken) must name wijken that exist in the embedded
data, and the hit rates of the chapter must come from the code of ``benchmarks/validatie_aandachtsgebieden.py``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

import wijkscan
from wijkscan.sources import embedded

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def validatie():
    spec = importlib.util.spec_from_file_location("validatie_aandachtsgebieden", BENCH / "validatie_aandachtsgebieden.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_matched_designations_name_real_cbs_wijken(validatie):
    a = validatie.lees_aanwijzingen()
    wijken = embedded.kerncijfers_nederland("wijk").drop_duplicates("code").set_index("code")
    assert len(a) >= 40 and not a.wijkcode.duplicated().any()
    assert a.wijkcode.isin(wijken.index).all(), sorted(set(a.wijkcode) - set(wijken.index))
    assert (wijken.loc[a.wijkcode, "naam"].to_numpy() == a.wijk.to_numpy()).all()
    assert (("GM" + a.wijkcode.str[2:6]) == a.gemeentecode).all()
    gemeenten = embedded.gemeenten()
    assert all(gemeenten[c] == g for c, g in zip(a.gemeentecode, a.gemeente, strict=True))
    assert set(a.zeker) == {"ja", "bij benadering"} and a.koppeling.str.len().gt(10).all()
    # the focusgebieden of the NPLV (2022) that could be matched, each named once
    assert a.focusgebied.nunique() == 13 and a.focusgebied.str.len().gt(5).all()


def test_hit_rates_are_computed_from_the_ranking(validatie):
    # SYNTHETISCH: two gemeenten of 8 and 3 ranked wijken; top quarter = rank ≤ 2 and rank ≤ 1
    def scores(n: int, code: str) -> pd.DataFrame:
        return pd.DataFrame({"gebied": [f"WK{code}{i:02d}" for i in range(1, n + 1)],
                             "rang": pd.array(range(1, n + 1), dtype="Int64"), "soort_gebied": "woongebied",
                             "status": ["aandachtsgebied"] + ["geen"] * (n - 1),
                             "landelijk_percentiel": [95.0, 91.0] + [50.0] * (n - 2)})

    per = {"GM0001": scores(8, "0001"), "GM0002": scores(3, "0002")}
    a = pd.DataFrame({"gemeentecode": ["GM0001", "GM0001", "GM0002"], "focusgebied": ["A", "A", "B"],
                      "wijkcode": ["WK000102", "WK000103", "WK000202"], "zeker": "ja"})
    t = validatie.trefkansen(a, per)
    assert t.kwart.tolist() == [True, False, False]
    assert t.landelijk_10.tolist() == [True, False, True]


def test_hit_rates_on_real_rankings(validatie):
    a = validatie.lees_aanwijzingen()
    a = a[a.gemeentecode.isin(["GM0344", "GM0758"])]               # Utrecht Overvecht, Breda Noord
    per = {c: wijkscan.wijkanalyse(c, niveau="wijk", bron="ingebouwd").aandachtsgebieden for c in a.gemeentecode}
    t = validatie.trefkansen(a, per).set_index("wijkcode")
    for r in a.itertuples():
        s = per[r.gemeentecode]
        n = int(s.rang.notna().sum())
        rang = s.set_index("gebied").rang[r.wijkcode]
        assert t.loc[r.wijkcode, "kwart"] == (pd.notna(rang) and rang <= -(-n // 4))
        pct = s.set_index("gebied").landelijk_percentiel[r.wijkcode]
        assert t.loc[r.wijkcode, "landelijk_10"] == (pd.notna(pct) and pct >= 90)
