"""Working days around Dutch public holidays, and afhandeltermijnen."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest

import wijkscan
from wijkscan.analysis.meldingen import koppel_gebieden
from wijkscan.analysis.werkdagen import (
    KLEINE_MELDINGEN,
    NORMEN,
    Termijn,
    afhandeltermijnen,
    doorlooptijden,
    feestdagen,
    is_werkdag,
    plus_werkdagen,
    werkdagen_tussen,
)
from wijkscan.errors import OngeldigeInvoer
from wijkscan.sources.meldingen import assen_meldingen

# --------------------------------------------------------------------------------------- holidays


def test_feestdagen_2025_en_2026():
    f25 = feestdagen(2025)
    # 27 April 2025 was a Sunday, so Koningsdag was Saturday 26 April
    assert date(2025, 4, 27).weekday() == 6
    assert f25[date(2025, 4, 26)] == "Koningsdag" and date(2025, 4, 27) not in f25.index
    assert f25[date(2025, 4, 20)] == "Eerste Paasdag" and f25[date(2025, 4, 21)] == "Tweede Paasdag"
    assert f25[date(2025, 5, 29)] == "Hemelvaartsdag"
    assert f25[date(2025, 6, 8)] == "Eerste Pinksterdag" and f25[date(2025, 6, 9)] == "Tweede Pinksterdag"
    f26 = feestdagen(2026)
    assert f26[date(2026, 4, 5)] == "Eerste Paasdag" and f26[date(2026, 4, 6)] == "Tweede Paasdag"
    assert f26[date(2026, 4, 27)] == "Koningsdag"          # a Monday
    assert f26[date(2026, 5, 14)] == "Hemelvaartsdag"
    assert f26[date(2026, 5, 25)] == "Tweede Pinksterdag"
    assert f26[date(2026, 1, 1)] == "Nieuwjaarsdag"
    assert f26[date(2026, 12, 25)] == "Eerste Kerstdag" and f26[date(2026, 12, 26)] == "Tweede Kerstdag"
    assert date(2026, 4, 3) not in f26.index                # Goede Vrijdag only on request
    assert feestdagen(2026, goede_vrijdag=True)[date(2026, 4, 3)] == "Goede Vrijdag"
    assert feestdagen(2010)[date(2010, 4, 30)] == "Koninginnedag"


def test_bevrijdingsdag_keuze():
    assert date(2026, 5, 5) in feestdagen(2026).index                        # default: every year
    assert date(2026, 5, 5) not in feestdagen(2026, bevrijdingsdag="lustrum").index
    assert date(2025, 5, 5) in feestdagen(2025, bevrijdingsdag="lustrum").index
    assert date(2025, 5, 5) not in feestdagen(2025, bevrijdingsdag="nooit").index
    with pytest.raises(OngeldigeInvoer):
        feestdagen(2025, bevrijdingsdag="soms")


# --------------------------------------------------------------------------------------- arithmetic


def test_donderdag_voor_pasen_2026_drie_werkdagen():
    do = date(2026, 4, 2)                                  # Thursday before Easter (5 April 2026)
    assert do.weekday() == 3
    # Fri 3 (working day), [Sat, Sun, Easter Monday], Tue 7, Wed 8
    assert plus_werkdagen(do, 3) == date(2026, 4, 8)
    assert werkdagen_tussen(do, date(2026, 4, 8)) == 3
    # with Goede Vrijdag as a holiday: Tue 7, Wed 8, Thu 9
    assert plus_werkdagen(do, 3, goede_vrijdag=True) == date(2026, 4, 9)
    assert werkdagen_tussen(do, date(2026, 4, 9), goede_vrijdag=True) == 3


def test_rond_koningsdag_en_kerst():
    # Friday 24 April 2026 + 1 working day skips the weekend and Koningsdag (Mon 27) → Tue 28
    assert plus_werkdagen(date(2026, 4, 24), 1) == date(2026, 4, 28)
    # Koningsdag 2025 on a Saturday costs no working day: Fri 25 → Mon 28 is 1 working day
    assert werkdagen_tussen(date(2025, 4, 25), date(2025, 4, 28)) == 1
    # Wed 24 Dec 2025 + 3: Christmas Thu/Fri, weekend → Mon 29, Tue 30, Wed 31
    assert plus_werkdagen(date(2025, 12, 24), 3) == date(2025, 12, 31)
    # across New Year: Wed 31 Dec 2025 + 1 → Fri 2 Jan 2026
    assert plus_werkdagen(date(2025, 12, 31), 1) == date(2026, 1, 2)
    # Hemelvaart 2026 (Thu 14 May) and Bevrijdingsdag (Tue 5 May)
    assert werkdagen_tussen(date(2026, 5, 4), date(2026, 5, 18)) == 8
    assert werkdagen_tussen(date(2026, 5, 4), date(2026, 5, 18), bevrijdingsdag="lustrum") == 9
    # a melding on Saturday handled on Monday took 0 working days; start rolls forward
    assert werkdagen_tussen(date(2026, 6, 6), date(2026, 6, 8)) == 0
    assert plus_werkdagen(date(2026, 6, 6), 3) == date(2026, 6, 11)


def test_is_werkdag_en_vectoren():
    assert not is_werkdag(date(2025, 4, 26)) and not is_werkdag(date(2026, 5, 25))
    assert is_werkdag(date(2026, 4, 3)) and not is_werkdag(date(2026, 4, 3), goede_vrijdag=True)
    s = pd.Series(pd.to_datetime(["2026-04-02 10:00", None, "2026-12-24 23:00"]))
    e = pd.Series(pd.to_datetime(["2026-04-08", "2026-04-08", "2026-12-28"]))
    uit = werkdagen_tussen(s, e)
    assert uit.iloc[0] == 3 and pd.isna(uit.iloc[1]) and uit.iloc[2] == 1


# --------------------------------------------------------------------------------------- termijnen


def _meldingen() -> pd.DataFrame:
    return pd.DataFrame({
        "datum": pd.to_datetime(["2026-04-02 10:00", "2026-04-02 10:00", "2026-04-02 10:00",
                                 "2026-06-01 09:00", "2026-06-01 09:00", "2026-07-20 09:00"]),
        "afgehandeld": pd.to_datetime(["2026-04-08", "2026-04-09", None, "2026-07-13", "2026-07-14", None]),
        "categorie": ["Afval", "Afval", "Afval", "Openbaar groen en water", "Openbaar groen en water",
                      "Openbaar groen en water"],
        "subcategorie": ["Dumping", "Dumping", "Dumping", "Snoeien", "Snoeien", "Snoeien"],
    })


def test_doorlooptijden_norm():
    d = doorlooptijden(_meldingen(), peildatum="2026-08-01")
    assert list(d.termijnsoort) == ["klein", "klein", "klein", "overig", "overig", "overig"]
    assert list(d.werkdagen[:2]) == [3, 4]
    # 1 June + 42 days = 13 July: on time; 14 July: late
    assert list(d.binnen_norm.astype(object)) == [True, False, False, True, False, pd.NA]
    assert list(d.te_laat_open) == [False, False, True, False, False, False]
    assert d.uiterste_datum.iloc[0] == pd.Timestamp("2026-04-08")


def test_afhandeltermijnen_aandelen():
    t = afhandeltermijnen(_meldingen(), per="termijnsoort", peildatum="2026-08-01")
    assert t.loc["klein", "beoordeeld"] == 3 and t.loc["klein", "binnen_norm"] == 1
    assert t.loc["klein", "aandeel_binnen_norm"] == pytest.approx(100 / 3)
    assert t.loc["overig", "open"] == 1 and t.loc["overig", "beoordeeld"] == 2
    assert t.loc["overig", "norm"] == "binnen 6 weken"
    eigen = afhandeltermijnen(_meldingen(), per=None, normen={"klein": Termijn(5, "werkdagen"),
                                                              "overig": Termijn(60, "kalenderdagen")},
                              peildatum="2026-08-01")
    assert eigen.loc["totaal", "binnen_norm"] == 4
    snoeien_klein = afhandeltermijnen(_meldingen(), per="termijnsoort", kleine_meldingen=["Snoeien"])
    assert set(snoeien_klein.index) == {"klein", "overig"} and snoeien_klein.loc["klein", "meldingen"] == 3
    with pytest.raises(OngeldigeInvoer, match="Geen norm voor termijnsoort spoed;"):
        afhandeltermijnen(_meldingen(), kleine_meldingen={"Dumping": "spoed"})
    with pytest.raises(OngeldigeInvoer, match="Geen norm voor termijnsoorten overig, spoed;"):
        afhandeltermijnen(_meldingen(), kleine_meldingen={"Dumping": "spoed"}, normen={"klein": NORMEN["klein"]})
    with pytest.raises(OngeldigeInvoer, match="afgehandeld"):
        afhandeltermijnen(_meldingen().drop(columns="afgehandeld"))
    assert "Dumping" in KLEINE_MELDINGEN and NORMEN["klein"].tekst == "binnen 3 werkdagen"


def test_afhandeltermijnen_assen_afgeleid():
    assen = wijkscan.load("Assen", bron="ingebouwd")
    imp = assen_meldingen(afgehandeld=True)
    m = koppel_gebieden(imp.meldingen, assen, "wijk")
    imp = dataclasses.replace(imp, meldingen=m)   # the import with its facts, rows with their gebied
    alle = afhandeltermijnen(imp, per="gebied", vanaf=None)
    assert alle.meldingen.sum() == 3024 and alle.afgehandeld.sum() == 2742
    assert any("afgeleid" in o for o in alle.attrs["opmerkingen"])
    # by default only the complete period counts (from the import's volledig_vanaf, 18 May 2026), and it says so
    t = afhandeltermijnen(imp, per="gebied")
    assert t.meldingen.sum() == (m.datum >= "2026-05-18").sum() == 3024 - 249
    assert t.attrs["opmerkingen"][0].startswith("Alleen meldingen vanaf 18-05-2026 tellen mee")
    assert "249 eerdere meldingen niet meegeteld" in t.attrs["opmerkingen"][0]
    soort = afhandeltermijnen(imp, per="termijnsoort")
    assert round(float(soort.loc["overig", "aandeel_binnen_norm"]), 1) == 95.6
    assert round(float(afhandeltermijnen(imp, per="termijnsoort", vanaf=None).loc["overig", "aandeel_binnen_norm"]), 1) \
        == 89.9
    # independent check for one category: working days between the local creation date and
    # resolved_date, counted with numpy's own busday_count and the holidays listed by hand
    import numpy as np
    dump = m[(m.subcategorie == "Dumping") & m.afgehandeld.notna()]
    hol = np.array(["2025-12-25", "2025-12-26", "2026-01-01", "2026-04-06", "2026-04-27", "2026-05-05",
                    "2026-05-14", "2026-05-25"], dtype="datetime64[D]")
    wd = np.busday_count(dump.datum.to_numpy().astype("datetime64[D]"),
                         dump.afgehandeld.to_numpy().astype("datetime64[D]"), holidays=hol)
    d = doorlooptijden(dump)
    assert (d.werkdagen.to_numpy() == wd).all()
    assert d.binnen_norm.sum() == (wd <= 3).sum()
