"""Dates and times in every shape MOR exports use: ISO 8601, Dutch, two-digit years, Excel."""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from .waarden import _alle_tekst, _is_str, _leeg, _strings, weinig_waarden

_TZ = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")
_NL = re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})(?:\s|$)")
_NL_DATUM = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
#: day-month-two-digit-year (``31-12-25``): read as 20yy; the reader rejects a year in the future
_NL_KORT = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2})(?=\s|$)")
_NL_FORMATS = ("%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y", "%d-%m-%Y %H:%M:%S.%f")
#: "30 apr. 2025 13:56", "30-apr-2025", "30 april 2025" (Dutch or English month names)
_MAANDNAAM = re.compile(r"^(\d{1,2})[\s-]+([a-zA-Z\u00e9\u00eb]{3,10})\.?,?[\s-]+(\d{4})(?:,?\s+(\d{1,2}:\d{2}(?::\d{2})?))?\s*$")
_MAANDEN = {"jan": 1, "feb": 2, "mrt": 3, "maa": 3, "mar": 3, "apr": 4, "mei": 5, "may": 5, "jun": 6, "jul": 7,
            "aug": 8, "sep": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12}
#: an Excel serial date (days since 1899-12-30) between 1954 and 2119, as a number or its text
_SERIEEL = re.compile(r"^\d{5}(?:[.,]\d+)?$")
_EXCEL_NUL = np.datetime64("1899-12-30T00:00:00", "us")


def excel_serieel(dagen: np.ndarray) -> np.ndarray:
    """Excel serial numbers (days since 1899-12-30, fraction = time of day) → datetime64[us]; NaT outside 20000–80000.

    Example
    -------
    >>> str(excel_serieel(np.array([45777.5, 3.0]))[0]), str(excel_serieel(np.array([3.0]))[0])
    ('2025-04-30T12:00:00.000000', 'NaT')
    """
    d = np.asarray(dagen, dtype=float)
    ok = (d > 20_000) & (d < 80_000)
    us = np.where(ok, np.round(np.where(ok, d, 0) * 86_400_000_000), 0).astype(np.int64)
    out = _EXCEL_NUL + us.astype("timedelta64[us]")
    return np.where(ok, out, np.datetime64("NaT", "us"))


def _maandnamen(t: pd.Series) -> pd.Series:
    """``30 apr. 2025 13:56`` → ``30-04-2025 13:56`` (NA when the month name is unknown)."""
    delen = t.str.extract(_MAANDNAAM)
    maand = delen[1].str.lower().str[:3].map(_MAANDEN)
    tekst = delen[0] + "-" + maand.astype("Int64").astype(str) + "-" + delen[2] + (" " + delen[3]).fillna("")
    return tekst.where(maand.notna())


#: fixed-width layouts: (length, position of day, month, year, hour, minute, second; separators)
_LAYOUTS = [
    # dd-mm-yyyy[ hh:mm[:ss]]
    (10, (0, 3, 6, None, None, None), {2: "-/.", 5: "-/."}),
    (16, (0, 3, 6, 11, 14, None), {2: "-/.", 5: "-/.", 10: " ", 13: ":"}),
    (19, (0, 3, 6, 11, 14, 17), {2: "-/.", 5: "-/.", 10: " ", 13: ":", 16: ":"}),
    # yyyy-mm-dd[ hh:mm[:ss]]
    (10, (8, 5, 0, None, None, None), {4: "-", 7: "-"}),
    (16, (8, 5, 0, 11, 14, None), {4: "-", 7: "-", 10: " T", 13: ":"}),
    (19, (8, 5, 0, 11, 14, 17), {4: "-", 7: "-", 10: " T", 13: ":", 16: ":"}),
]


def _tekens(deel: np.ndarray, breedte: int) -> np.ndarray:
    """Texts of ``breedte`` characters as an (n, breedte) uint8 array of their character codes (0 beyond ASCII)."""
    try:
        return np.array(deel, dtype=f"S{breedte}").view(np.uint8).reshape(len(deel), breedte)
    except UnicodeEncodeError:   # a character beyond ASCII: never a digit or separator
        u = np.array(deel, dtype=f"U{breedte}").view(np.uint32).reshape(len(deel), breedte)
        return np.where(u < 128, u, 0).astype(np.uint8)


@functools.cache
def _maanden() -> tuple[np.ndarray, np.ndarray]:
    """Day number (since 1970-01-01) of the first day of every month from January 1900 to December 9999,
    and the number of days of that month."""
    eerste = (np.datetime64("1900-01", "M") + np.arange((10_000 - 1900) * 12 + 1)).astype("datetime64[D]")
    eerste = eerste.astype(np.int64)
    return eerste[:-1], np.diff(eerste)


def _dagnummer(jaar: np.ndarray, maand: np.ndarray, dag: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(days since 1970-01-01, mask of real dates) of year (1900–9999), month and day, from a table of months.

    Example
    -------
    >>> d, ok = _dagnummer(np.array([1970, 2024, 2025, 1899]), np.array([1, 2, 2, 5]), np.array([1, 29, 29, 1]))
    >>> d[:2].tolist(), ok.tolist()
    ([0, 19782], [True, True, False, False])
    """
    i = (jaar - 1900) * 12 + maand - 1
    ok = (jaar >= 1900) & (jaar <= 9999) & (maand >= 1) & (maand <= 12)
    i = np.where(ok, i, 0)
    eerste, lengte = _maanden()
    ok &= (dag >= 1) & (dag <= lengte[i])
    return eerste[i] + dag - 1, ok


def _vaste_breedte(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Parse ``dd-mm-yyyy hh:mm`` / ``yyyy-mm-dd hh:mm:ss`` (and shorter) texts without a regex per row.

    Returns (datetime64[us] with NaT, mask of parsed rows). Invalid dates (31-02) are not parsed.
    """
    n = len(t)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    ok = np.zeros(n, dtype=bool)
    lengte = np.strings.str_len(t)
    for breedte, (pd_, pm, py, ph, pmi, ps), seps in _LAYOUTS:
        passend = (lengte == breedte) & ~ok
        sel = np.nonzero(passend)[0]
        if len(sel) == 0:
            continue
        codes = _tekens(t if len(sel) == n else t[sel], breedte)   # usually one layout for the whole column
        goed = np.ones(len(sel), dtype=bool)
        for p in range(breedte):                                # column by column: no copy of the whole block
            if p not in seps:
                goed &= (codes[:, p] - 48) <= 9                  # uint8: below '0' wraps round
        for pos, tekens in seps.items():
            kol = codes[:, pos]
            goed &= functools.reduce(np.logical_or, [kol == ord(c) for c in tekens])
        if breedte == 10 and py == 6:
            goed &= codes[:, 2] == codes[:, 5]                  # 01-02-2026, not 01-02.2026

        def getal2(p: int | None, codes: np.ndarray = codes) -> np.ndarray:
            if p is None:
                return np.zeros(len(codes), dtype=np.int64)
            # in uint8 (digits were checked: at most 99), one conversion at the end
            return ((codes[:, p] - 48) * 10 + (codes[:, p + 1] - 48)).astype(np.int64)

        jaar = getal2(py) * 100 + getal2(py + 2)
        uur, minuut, sec = getal2(ph), getal2(pmi), getal2(ps)
        dagen, echt = _dagnummer(jaar, getal2(pm), getal2(pd_))
        goed &= echt & (uur < 24) & (minuut < 60) & (sec < 60) & (jaar >= 1900)
        if not goed.any():
            continue
        us = (dagen * 86_400 + uur * 3600 + minuut * 60 + sec) * 1_000_000
        out[sel[goed]] = us[goed].view("datetime64[us]")
        ok[sel[goed]] = True
    return out, ok


def _naar_lokaal(ts: pd.Series) -> pd.Series:
    return ts.dt.tz_convert("Europe/Amsterdam").dt.tz_localize(None)


def _datums(s: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Parse dates → (naive local datetime64 Series, mask "present but unreadable").

    A text column with few distinct values (dates without a time) is parsed once per distinct value.
    """
    if s.dtype == object and weinig_waarden(s.to_numpy(dtype=object)):
        codes, uniek = pd.factorize(s.to_numpy(dtype=object), use_na_sentinel=True)
        if len(uniek) <= len(s) // 4:
            d, kapot = _datums(pd.Series(uniek, dtype=object))
            waarden = d.to_numpy()
            uit = np.where(codes >= 0, waarden[np.maximum(codes, 0)], np.datetime64("NaT"))
            return (pd.Series(uit, dtype="datetime64[us]"),
                    np.where(codes >= 0, kapot[np.maximum(codes, 0)], False))
    n = len(s)
    out = pd.Series(pd.NaT, index=range(n), dtype="datetime64[us]")
    if n == 0:
        return out, np.zeros(0, dtype=bool)
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        ts = s.reset_index(drop=True)
        if getattr(ts.dt, "tz", None) is not None:
            ts = _naar_lokaal(ts)
        return ts.astype("datetime64[us]"), np.zeros(n, dtype=bool)
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        d = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)
        uit = excel_serieel(d)
        return pd.Series(uit, dtype="datetime64[us]"), ~np.isnan(d) & np.isnat(uit)
    obj = pd.Series(s.astype(object).to_numpy(), index=range(n))
    snel = _een_vorm(obj)
    if snel is not None:
        return snel, np.zeros(n, dtype=bool)
    leeg = _leeg(obj)
    _objecten(obj, np.nonzero(~_is_str(obj) & ~leeg)[0], out)
    is_str = _is_str(obj) & ~leeg
    if is_str.any():
        # fixed-width Dutch and ISO dates without a zone: parsed with integer arithmetic, the rest below
        sub = obj if is_str.all() else obj[is_str]
        snel, gelukt = _vaste_breedte(_strings(sub, np.ones(int(is_str.sum()), dtype=bool), gestript=True))
        idx = np.nonzero(is_str)[0]
        out.iloc[idx[gelukt]] = snel[gelukt]
        is_str[idx[gelukt]] = False
    if is_str.any():
        t = obj[is_str].astype(str).str.strip()
        tz = t.str.contains(_TZ) & t.str.match(_ISO)
        if tz.any():
            p = pd.to_datetime(t[tz], format="ISO8601", utc=True, errors="coerce")
            out.loc[p.index] = _naar_lokaal(p).astype("datetime64[us]")
        iso = t.str.match(_ISO) & ~tz
        if iso.any():
            p = pd.to_datetime(t[iso], format="ISO8601", errors="coerce")
            out.loc[p.index] = p.astype("datetime64[us]")
        nl = t[~tz & ~iso]
        ok = nl.str.match(_NL)
        if ok.any():
            norm = nl[ok].str.replace(_NL_DATUM, r"\1-\2-\3", regex=True).str.replace(
                _NL_KORT, r"\1-\2-20\3", regex=True).str.rstrip()
            for fmt in _NL_FORMATS:
                rest = norm[out.loc[norm.index].isna().to_numpy()]
                if rest.empty:
                    break
                p = pd.to_datetime(rest, format=fmt, errors="coerce")
                p = p[p.notna()]
                out.loc[p.index] = p.astype("datetime64[us]")
        _overige(t[out.loc[t.index].isna().to_numpy()], out)
    onleesbaar = ~leeg & out.isna().to_numpy()
    return out, onleesbaar


def _een_vorm(obj: pd.Series) -> pd.Series | None:
    """The usual export: every cell a date text of one fixed-width layout → the dates; else None."""
    if not _alle_tekst(obj) or obj.isna().any():
        return None
    try:
        vast = np.array(obj.to_numpy(), dtype="S")   # fixed width: as wide as the longest text; ASCII only
    except UnicodeEncodeError:
        return None
    if vast.dtype.itemsize > 19:
        return None
    snel, gelukt = _vaste_breedte(vast)
    return pd.Series(snel, dtype="datetime64[us]") if gelukt.all() else None


def _objecten(obj: pd.Series, rijen: np.ndarray, out: pd.Series) -> None:
    """Excel cells and Python objects (dates, numbers as Excel serials); fills ``out`` in place."""
    for i in rijen:   # usually none or a minority of rows
        v = obj.iloc[i]
        if isinstance(v, pd.Timestamp | np.datetime64) or hasattr(v, "year"):
            t = pd.Timestamp(v)
            if t.tzinfo is not None:
                t = t.tz_convert("Europe/Amsterdam").tz_localize(None)
            out[i] = t
        elif isinstance(v, (int, float, np.integer, np.floating)):
            out[i] = excel_serieel(np.array([float(v)]))[0]   # Excel serial


def _overige(t: pd.Series, out: pd.Series) -> None:
    """Month names (``30 apr. 2025 13:56``) and Excel serial numbers written as text; fills ``out`` in place."""
    if t.empty:
        return
    namen = _maandnamen(t).dropna()
    for fmt in ("%d-%m-%Y %H:%M", "%d-%m-%Y", "%d-%m-%Y %H:%M:%S"):
        if namen.empty:
            break
        p = pd.to_datetime(namen, format=fmt, errors="coerce").dropna()
        out.loc[p.index] = p.astype("datetime64[us]")
        namen = namen.drop(index=p.index)
    serie = t[t.str.match(_SERIEEL)]
    if len(serie):
        out.loc[serie.index] = excel_serieel(serie.str.replace(",", ".", regex=False).astype(float).to_numpy())


def _tijden(s: pd.Series) -> pd.Series:
    """``14:05`` or ``14:05:33`` (or Excel time objects) → Timedelta; otherwise NaT."""
    obj = pd.Series(s.astype(object).to_numpy())

    def een(v: object) -> pd.Timedelta:
        if hasattr(v, "hour") and hasattr(v, "minute"):
            return pd.Timedelta(hours=v.hour, minutes=v.minute, seconds=getattr(v, "second", 0))
        m = re.match(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?", str(v)) if isinstance(v, str) else None
        if not m:
            return pd.NaT
        return pd.Timedelta(hours=int(m[1]), minutes=int(m[2]), seconds=int(m[3] or 0))

    return pd.to_timedelta(obj.map(een))


