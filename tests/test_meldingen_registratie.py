"""Registration start and changes (issue 18, point 7), on the real Assen meldingen.

The embedded Assen file holds meldingen from before the public list was scraped daily (from
18 May 2026) only when they were still open then, and ends on 8 August 2026: the detection must find
May 2026 as the first month of regular registration and July 2026 as the last complete month.
"""

from __future__ import annotations

import pandas as pd
import pytest

from wijkscan.analysis.seizoen import registratieperiode, seizoenspatroon
from wijkscan.sources.meldingen import ASSEN_VOLLEDIG_VANAF, assen_meldingen


@pytest.fixture(scope="module")
def echt():
    return assen_meldingen().meldingen


def test_assen_begin_is_de_start_van_het_schrapen(echt):
    r = registratieperiode(echt)
    alle = r.loc["(alle meldingen)"]
    assert alle.begin == pd.Period(ASSEN_VOLLEDIG_VANAF, "M")           # the documented go-live of the data
    assert alle.eind == pd.Period("2026-07", "M")                       # August 2026 ends on the 8th
    assert (echt.datum < pd.Timestamp("2026-05-01")).sum() > 100        # the months before are really there


def _drie_jaar(echt: pd.DataFrame) -> pd.DataFrame:
    """36 months derived from the real regular months (June and July 2026 repeated, shifted back month by month)."""
    regulier = echt[(echt.datum >= "2026-06-01") & (echt.datum < "2026-08-01")][["datum", "categorie"]]
    delen = []
    for k in range(18):
        deel = regulier.copy()
        deel["datum"] = deel.datum - pd.DateOffset(months=2 * k)
        delen.append(deel)
    return pd.concat(delen, ignore_index=True)


def test_nieuwe_categorie_is_een_registratiewijziging(echt):
    m = _drie_jaar(echt)
    start = m.datum.min().to_period("M") + 20
    m = m[~((m.categorie == "Overlast Dier") & (m.datum.dt.to_period("M") < start))]
    r = registratieperiode(m)
    assert r.loc["Overlast Dier", "begin"] == start
    assert r.loc["Overlast Dier", "tekst"].startswith("categorie bestaat sinds ")
    assert r.loc["Afval", "tekst"] == "hele periode"


def test_losse_oude_meldingen_tellen_niet_mee_in_het_seizoen(echt):
    m = _drie_jaar(echt)
    oud = m.head(6).assign(datum=pd.Timestamp("2019-03-04"))            # six old cases carried over
    r = registratieperiode(pd.concat([oud, m]))
    assert r.loc["(alle meldingen)", "begin"] == m.datum.min().to_period("M")
    zonder = seizoenspatroon(m)
    met = seizoenspatroon(pd.concat([oud, m]))
    pd.testing.assert_frame_equal(zonder, met)
