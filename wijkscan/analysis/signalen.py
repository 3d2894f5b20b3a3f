"""Signals: plain-Dutch flags a wijkcoördinator can act on, with the numbers behind them.

Each rule looks at the profile (levels against the gemeente) and the trends (change per
year). A rule that lacks the figures it needs is not applied to that area and says so in
``niet_bepaald``; it never guesses. The thresholds are in :data:`DREMPELS` and can be
overridden per call::

    wijkanalyse("Assen", drempels={"vergrijzing_index": 130})

================================  =======  ===================================================
drempel                           default  meaning
================================  =======  ===================================================
vergrijzing_index                 125      aandeel 65+ at least this index (gemeente = 100)
vergrijzing_sneller_pp            0.2      aandeel 65+ rises this many %-points a year faster
                                           than in the gemeente
inwoners_daling_pct               2.0      inwoners fell by more than this % over the period
misdrijven_index                  110      misdrijven per 1.000 inwoners at least this index …
misdrijven_stijging_min_jaren     3        … and the count rose over at least this many years …
misdrijven_stijging_pct           3.0      … by at least this % of the mean count per year,
                                           and :func:`trendwoord` says "stijgend"
huur_eenpersoons_index            110      eenpersoonshuishoudens at least this index while the
                                           share of huurwoningen is below the gemeente's
meldingen_index                   150      meldingen openbare ruimte per 1.000 inwoners at least
                                           this index
afstand_km                        2.0      average distance to huisarts or supermarkt above this
inkomen_index                     85       inkomen per inwoner at most this index
enquete_index                     90       a survey score at most this index
min_inwoners                      250      areas with fewer inhabitants get no signals (figures
                                           of tiny areas swing too much; same minimum as the
                                           aandachtsgebieden)
opvallend_hoog_index              125      "veel hoger" than the gemeente: what a report names
opvallend_laag_index              80       "veel lager" (:func:`opvallend`, the "wat valt op" rule)
================================  =======  ===================================================

Every signal has a rule in words (:func:`regel`), printed with every count of areas it fires in:
"aandeel 65+ hoog (index ≥ 125): 2 van 10 wijken".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from ..nlformat import DUIZEND_EURO, getal, getal_eenheid

DREMPELS: dict[str, float] = {
    "vergrijzing_index": 125,
    "vergrijzing_sneller_pp": 0.2,
    "inwoners_daling_pct": 2.0,
    "misdrijven_index": 110,
    "misdrijven_stijging_min_jaren": 3,
    "misdrijven_stijging_pct": 3.0,
    "huur_eenpersoons_index": 110,
    "meldingen_index": 150,
    "afstand_km": 2.0,
    "inkomen_index": 85,
    "enquete_index": 90,
    "min_inwoners": 250,
    "opvallend_hoog_index": 125,
    "opvallend_laag_index": 80,
}

#: Every signal's rule in words, with the thresholds of :data:`DREMPELS` filled in by :func:`regel`.
REGELS: dict[str, str] = {
    "vergrijzing_hoog": "aandeel 65+ hoog (index ≥ {vergrijzing_index})",
    "vergrijzing_sneller": "aandeel 65+ stijgt sneller dan in de gemeente ({vergrijzing_sneller_pp} procentpunt "
                           "per jaar of meer)",
    "inwoners_dalen": "aantal inwoners gedaald ({inwoners_daling_pct} % of meer)",
    "misdrijven_hoog_en_stijgend": "misdrijven per 1.000 inwoners boven het gemiddelde (index ≥ {misdrijven_index}) "
                                   "en stijgend",
    "weinig_huur_veel_eenpersoons": "veel eenpersoonshuishoudens (index ≥ {huur_eenpersoons_index}) en weinig "
                                    "huurwoningen (index onder 100)",
    "meldingen_hoog": "veel meldingen openbare ruimte per 1.000 inwoners (index ≥ {meldingen_index})",
    "afstand_huisarts_ver": "huisarts gemiddeld meer dan {afstand_km} km weg",
    "afstand_supermarkt_ver": "grote supermarkt gemiddeld meer dan {afstand_km} km weg",
    "inkomen_laag": "inkomen per inwoner laag (index ≤ {inkomen_index})",
    "enquete_laag": "{label}: minder gunstig in de bewonersenquête (index ≤ {enquete_index} of ≥ {enquete_spiegel})",
}


#: How a signal sentence states its rule: "… (index 160) — signaal: aandeel 65+ hoog (index ≥ 125)."
SIGNAAL_REGEL = " — signaal: "


def drempels_van(drempels: dict | None = None) -> dict[str, float]:
    """The thresholds of a run: :data:`DREMPELS` with the given ones over them (unknown names refused)."""
    unknown = set(drempels or {}) - set(DREMPELS)
    if unknown:
        from ..errors import OngeldigeInvoer

        raise OngeldigeInvoer(f"Onbekende drempel(s): {', '.join(sorted(unknown))}. Kies uit: {', '.join(DREMPELS)}.")
    return {**DREMPELS, **(drempels or {})}


def regel(signaal: str, drempels: dict | None = None, label: str = "") -> str:
    """The rule of a signal in words, thresholds filled in.

    Example
    -------
    >>> regel("vergrijzing_hoog")
    'aandeel 65+ hoog (index ≥ 125)'
    >>> regel("afstand_huisarts_ver", {"afstand_km": 2.5})
    'huisarts gemiddeld meer dan 2,5 km weg'
    """
    d = drempels_van(drempels)
    waarden = {k: getal(v, 0 if float(v).is_integer() else 1) for k, v in d.items()}
    waarden["enquete_spiegel"] = getal(200 - d["enquete_index"])
    return REGELS.get(signaal, signaal.replace("_", " ")).format(label=label, **waarden)


def opvallend(index: float, drempels: dict | None = None) -> str:
    """The one "wat valt op" rule: ``"veel hoger"`` (index ≥ 125), ``"veel lager"`` (index ≤ 80) or ``""``.

    Example
    -------
    >>> opvallend(130), opvallend(80), opvallend(100), opvallend(float("nan"))
    ('veel hoger', 'veel lager', '', '')
    """
    d = drempels_van(drempels)
    if index is None or pd.isna(index):
        return ""
    if index >= d["opvallend_hoog_index"]:
        return "veel hoger"
    if index <= d["opvallend_laag_index"]:
        return "veel lager"
    return ""


def opvallend_regel(richting: str, drempels: dict | None = None) -> str:
    """``"index ≥ 125"`` or ``"index ≤ 80"``: the rule behind :func:`opvallend`, printed beside it."""
    d = drempels_van(drempels)
    if richting == "veel hoger":
        return f"index ≥ {getal(d['opvallend_hoog_index'])}"
    return f"index ≤ {getal(d['opvallend_laag_index'])}"

KOLOMMEN = ["gebied", "naam", "signaal", "thema", "tekst", "indicator", "waarde", "gemeente", "index", "trend_per_jaar"]


def trendwoord(jaren: Iterable[float] | pd.Series, waarden: Iterable[float] | pd.Series, alpha: float = 0.05) -> tuple[str, str]:
    """The trend rule: a word only when a reader would agree, else the plain numbers.

    "stijgend" only when the linear trend over all years is significant (two-sided p < ``alpha``,
    at least three years) **and** the latest year is not below the year before; "dalend" the
    other way round. Otherwise no word: the sentence says what happened ("van 1.318 in 2023 naar
    1.057 in 2024").

    Example
    -------
    >>> trendwoord([2020, 2021, 2022, 2023, 2024], [900, 1000, 1150, 1318, 1057])
    ('', 'van 1.318 in 2023 naar 1.057 in 2024')
    >>> trendwoord([2020, 2021, 2022, 2023, 2024], [900, 1000, 1150, 1200, 1300])[0]
    'stijgend'
    """
    from scipy import stats

    j = [int(x) for x in jaren]
    w = [float(x) for x in waarden]
    if len(w) < 2:
        return "", ""
    zin = f"van {getal(w[-2])} in {j[-2]} naar {getal(w[-1])} in {j[-1]}"
    if len(w) < 3 or len(set(w)) < 2:
        return "", zin
    r = stats.linregress(j, w)
    if r.pvalue < alpha and r.slope > 0 and w[-1] >= w[-2]:
        return "stijgend", zin
    if r.pvalue < alpha and r.slope < 0 and w[-1] <= w[-2]:
        return "dalend", zin
    return "", zin


def _fmt(v: float, eenheid: str, dec: int = 1) -> str:
    return getal_eenheid(v, dec, eenheid)


def _mean_count(tr: dict, area: str) -> float:
    row = tr[(area, "misdrijven")]
    return (row["eerste"] + row["laatste"]) / 2


def _a(s: pd.Series) -> np.ndarray:
    """Plain arrays: iterating pandas string arrays is slow."""
    return s.to_numpy(dtype=object)


def _reeksen(profiel: pd.DataFrame) -> dict[tuple, tuple[list, list]]:
    """Every area × indicator's series in plain lists (one pass; a national run has ~1 million rows)."""
    series = profiel[["gebied", "indicator", "jaar", "waarde"]].dropna(subset=["waarde"]).sort_values(
        ["gebied", "indicator", "jaar"])
    series_by: dict[tuple, tuple[list, list]] = {}
    for k, j, w in zip(zip(series.gebied.tolist(), series.indicator.tolist(), strict=True), series.jaar.tolist(),
                       series.waarde.tolist(), strict=True):
        entry = series_by.get(k)
        if entry is None:
            series_by[k] = ([j], [w])
        else:
            entry[0].append(j)
            entry[1].append(w)
    return series_by


class _Regels:
    """The signal rules over the figures of one year, with fast look-ups (issue 10: speed)."""

    def __init__(self, profiel: pd.DataFrame, trends: pd.DataFrame, gemeente: str, jaar: int, d: dict[str, float]):
        self.d, self.gemeente, self.jaar = d, gemeente, jaar
        now = profiel[profiel.jaar == jaar]
        self.met_periode = "periode" in now.columns
        periodes = now["periode"] if self.met_periode else now.jaar.astype(str)
        self.cur = {k: {"waarde": w, "gemeente": g, "index": i, "periode": p}
                    for k, w, g, i, p in zip(zip(_a(now.gebied), _a(now.indicator), strict=True), _a(now.waarde),
                                             _a(now.gemeente), _a(now["index"]), _a(periodes), strict=True)}
        self.tr = trends.set_index(["gebied", "indicator"]).to_dict("index") if not trends.empty else {}
        survey_rows = now[now.bron.str.startswith("bewonersenqu") & now["index"].notna()].groupby("gebied")
        self.survey_by_area = {g: part for g, part in survey_rows}
        self.areas = now[["gebied", "naam"]].drop_duplicates().set_index("gebied").naam
        self.series_by = _reeksen(profiel)
        self.out: list[tuple] = []
        self.missing: list[tuple] = []

    def get(self, area: str, ind: str, col: str = "waarde") -> Any:
        row = self.cur.get((area, ind))
        return row[col] if row is not None else float("nan")

    def slope(self, area: str, ind: str) -> tuple[float, int, int, int] | None:
        row = self.tr.get((area, ind))
        if row is None:
            return None
        return row["per_jaar"], int(row["jaren"]), int(row["eerste_jaar"]), int(row["laatste_jaar"])

    def reeks(self, area: str, ind: str) -> tuple[list, list]:
        return self.series_by.get((area, ind), ([], []))

    def add(self, area: str, signaal: str, thema: str, tekst: str, ind: str, trend: float = float("nan")) -> None:
        self.out.append((area, self.areas[area], signaal, thema, tekst, ind, self.get(area, ind),
                         self.get(area, ind, "gemeente"), self.get(area, ind, "index"), trend))

    def skip(self, area: str, signaal: str, reden: str) -> None:
        self.missing.append((area, signaal, reden))

    def gebied(self, area: str) -> None:
        """Every rule for one area (areas with too few inhabitants get none)."""
        inw = self.get(area, "inwoners")
        if pd.isna(inw) or inw < self.d["min_inwoners"]:
            self.skip(area, "alle", f"minder dan {getal(self.d['min_inwoners'])} inwoners of aantal onbekend")
            return
        for regel_ in (self.vergrijzing, self.inwoners_dalen, self.misdrijven, self.huur, self.meldingen,
                       self.afstanden, self.inkomen, self.enquete):
            regel_(area)

    def vergrijzing(self, area: str) -> None:
        """Vergrijzing: level and speed."""
        d, get = self.d, self.get
        a65, i65 = get(area, "leeftijd_65plus_aandeel"), get(area, "leeftijd_65plus_aandeel", "index")
        if not pd.isna(i65) and i65 >= d["vergrijzing_index"]:
            self.add(area, "vergrijzing_hoog", "Demografie",
                     f"Aandeel 65+ is {_fmt(a65, '%')} tegen {_fmt(get(area, 'leeftijd_65plus_aandeel', 'gemeente'), '%')} "
                     f"in de gemeente (index {getal(i65)}).", "leeftijd_65plus_aandeel")
        s_area, s_gem = self.slope(area, "leeftijd_65plus_aandeel"), self.slope(self.gemeente, "leeftijd_65plus_aandeel")
        if s_area and s_gem:
            if s_area[0] - s_gem[0] >= d["vergrijzing_sneller_pp"]:
                self.add(area, "vergrijzing_sneller", "Demografie",
                         f"Aandeel 65+ stijgt sneller dan in de gemeente: {getal(s_area[0], 2)} tegen "
                         f"{getal(s_gem[0], 2)} procentpunt per jaar ({s_area[2]}–{s_area[3]}).",
                         "leeftijd_65plus_aandeel", s_area[0])
        else:
            self.skip(area, "vergrijzing_sneller", "geen reeks van het aandeel 65+ over meerdere jaren")

    def inwoners_dalen(self, area: str) -> None:
        s = self.slope(area, "inwoners")
        if not s:
            self.skip(area, "inwoners_dalen", "geen inwonersaantallen over meerdere jaren")
            return
        first, last = self.tr[(area, "inwoners")]["eerste"], self.tr[(area, "inwoners")]["laatste"]
        if first > 0 and 100 * (last - first) / first <= -self.d["inwoners_daling_pct"]:
            self.add(area, "inwoners_dalen", "Demografie",
                     f"Het aantal inwoners daalde van {getal(first)} ({s[2]}) naar {getal(last)} ({s[3]}).",
                     "inwoners", s[0])

    def misdrijven(self, area: str) -> None:
        """Misdrijven: above average and rising."""
        d, get = self.d, self.get
        im = get(area, "misdrijven_per_1000", "index")
        sm = self.slope(area, "misdrijven")
        if pd.isna(im) or not sm:
            self.skip(area, "misdrijven_hoog_en_stijgend", "geen misdrijfcijfers per 1.000 inwoners of geen reeks")
        elif (im >= d["misdrijven_index"] and sm[1] >= d["misdrijven_stijging_min_jaren"]
              and sm[0] >= d["misdrijven_stijging_pct"] / 100 * _mean_count(self.tr, area)
              and (tw := trendwoord(*self.reeks(area, "misdrijven")))[0] == "stijgend"):
            self.add(area, "misdrijven_hoog_en_stijgend", "Veiligheid",
                     f"Misdrijven per 1.000 inwoners boven het gemeentegemiddelde en stijgend: "
                     f"{getal(get(area, 'misdrijven_per_1000'), 1)} tegen "
                     f"{getal(get(area, 'misdrijven_per_1000', 'gemeente'), 1)} in {self.jaar} (index {getal(im)}); "
                     f"misdrijven {tw[1]}, gemiddeld {getal(sm[0], 1)} per jaar meer ({sm[2]}–{sm[3]}).",
                     "misdrijven_per_1000", sm[0])

    def huur(self, area: str) -> None:
        """Weinig huur bij veel eenpersoonshuishoudens."""
        get = self.get
        ie = get(area, "eenpersoonshuishoudens_aandeel", "index")
        ih = get(area, "huurwoningen_aandeel", "index")
        if pd.isna(ie) or pd.isna(ih):
            self.skip(area, "weinig_huur_veel_eenpersoons", "eenpersoonshuishoudens of huurwoningen onbekend")
        elif ie >= self.d["huur_eenpersoons_index"] and ih < 100:
            self.add(area, "weinig_huur_veel_eenpersoons", "Wonen",
                     f"Veel eenpersoonshuishoudens ({_fmt(get(area, 'eenpersoonshuishoudens_aandeel'), '%')}, index "
                     f"{getal(ie)}) maar weinig huurwoningen ({_fmt(get(area, 'huurwoningen_aandeel'), '%', 0)}, "
                     f"index {getal(ih)}).", "eenpersoonshuishoudens_aandeel")

    def meldingen(self, area: str) -> None:
        """Meldingen openbare ruimte."""
        get = self.get
        imel = get(area, "meldingen_per_1000", "index")
        if pd.isna(imel):
            self.skip(area, "meldingen_hoog",
                      "geen meldingen per 1.000 inwoners (niet opgegeven, onbekend of minder dan 5)")
        elif imel >= self.d["meldingen_index"]:
            periode = get(area, "meldingen_per_1000", "periode") if self.met_periode else ""
            self.add(area, "meldingen_hoog", "Openbare ruimte",
                     f"Veel meldingen openbare ruimte{' van ' + periode if isinstance(periode, str) and periode else ''}: "
                     f"{getal(get(area, 'meldingen_per_1000'), 1)} per 1.000 inwoners tegen "
                     f"{getal(get(area, 'meldingen_per_1000', 'gemeente'), 1)} in de gemeente (index {getal(imel)}).",
                     "meldingen_per_1000")

    def afstanden(self, area: str) -> None:
        """Voorzieningen ver weg."""
        for ind, wat in (("afstand_huisarts", "huisarts"), ("afstand_supermarkt", "grote supermarkt")):
            v = self.get(area, ind)
            if pd.isna(v):
                self.skip(area, f"{ind}_ver", f"{wat}: afstand onbekend")
            elif v > self.d["afstand_km"]:
                self.add(area, f"{ind}_ver", "Voorzieningen",
                         f"De {wat} is gemiddeld {getal(v, 1)} km weg (gemeente "
                         f"{getal(self.get(area, ind, 'gemeente'), 1)} km).", ind)

    def inkomen(self, area: str) -> None:
        ii = self.get(area, "inkomen_per_inwoner", "index")
        if pd.isna(ii):
            self.skip(area, "inkomen_laag", "inkomen per inwoner onbekend of door CBS onderdrukt")
        elif ii <= self.d["inkomen_index"]:
            self.add(area, "inkomen_laag", "Demografie",   # in euros, as every table shows it
                     f"Gemiddeld inkomen per inwoner {getal_eenheid(self.get(area, 'inkomen_per_inwoner'), 1, DUIZEND_EURO)} "
                     f"tegen {getal_eenheid(self.get(area, 'inkomen_per_inwoner', 'gemeente'), 1, DUIZEND_EURO)} in de "
                     f"gemeente (index {getal(ii)}).", "inkomen_per_inwoner")

    def enquete(self, area: str) -> None:
        """Survey scores well below the gemeente."""
        survey = self.survey_by_area.get(area)
        for _, row in (survey.iterrows() if survey is not None else []):
            if pd.isna(row["index"]):
                continue
            low = row["index"] <= self.d["enquete_index"] if row.richting == "hoger_beter" else \
                row["index"] >= 200 - self.d["enquete_index"]
            if low and row.richting != "neutraal":
                self.add(area, "enquete_laag", row.thema,
                         f"{row.label}: {_fmt(row.waarde, row.eenheid)} tegen {_fmt(row.gemeente, row.eenheid)} in "
                         f"de gemeente (bewonersenquête).", row.indicator)


def bepaal_signalen(profiel: pd.DataFrame, trends: pd.DataFrame, gemeente: str, jaar: int,
                    drempels: dict | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply every rule to every area; return ``(signalen, niet_bepaald)``.

    ``signalen`` has one row per signal: ``gebied, naam, signaal, thema, tekst, indicator,
    waarde, gemeente, index, trend_per_jaar``. ``niet_bepaald`` lists ``gebied, signaal,
    reden`` where a rule could not be evaluated for lack of figures.
    """
    regels = _Regels(profiel, trends, gemeente, jaar, drempels_van(drempels))
    for area in regels.areas.index:
        regels.gebied(area)
    sig = pd.DataFrame(regels.out, columns=KOLOMMEN)
    nb = pd.DataFrame(regels.missing, columns=["gebied", "signaal", "reden"])
    return sig, nb
