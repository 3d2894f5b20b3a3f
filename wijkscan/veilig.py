"""Tables that are safe to open in a spreadsheet: no cell starts a formula.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel and LibreOffice (CSV/formula injection: ``=cmd|' /C calc'!A0``). Every CSV and
XLSX wijkscan writes goes through :func:`veilige_tabel`, which puts a ``'`` before such texts
(numbers such as ``-3,5`` stay as they are).
"""

from __future__ import annotations

import re

import pandas as pd

_FORMULE = re.compile(r"^[=+\-@\t\r]")
_GETAL = re.compile(r"^[+-]?\d[\d.,]*$")


def veilige_cel(v: object) -> object:
    """One value: a text that would start a formula gets a leading ``'``.

    Example
    -------
    >>> veilige_cel("=cmd|' /C calc'!A0"), veilige_cel("-3,5"), veilige_cel("@SUM(A1)"), veilige_cel(7)
    ("'=cmd|' /C calc'!A0", '-3,5', "'@SUM(A1)", 7)
    """
    if isinstance(v, str) and _FORMULE.match(v) and not _GETAL.match(v):
        return "'" + v
    return v


def veilige_tabel(df: pd.DataFrame) -> pd.DataFrame:
    """A copy in which text cells, column names and index labels cannot start a formula.

    Example
    -------
    >>> t = veilige_tabel(pd.DataFrame({"=HYPERLINK(1)": ["+31 6", "Afval"]}, index=["@a", "b"]))
    >>> list(t.columns), list(t.index), list(t.iloc[:, 0])
    (["'=HYPERLINK(1)"], ["'@a", 'b'], ["'+31 6", 'Afval'])
    """
    out = df.copy()
    for c in out.columns:
        s = out[c]
        if s.dtype == object or isinstance(s.dtype, pd.StringDtype) or isinstance(s.dtype, pd.CategoricalDtype):
            out[c] = s.astype(object).map(veilige_cel)
    out.columns = _labels(out.columns)
    out.index = _labels(out.index)
    return out


def _labels(idx: pd.Index) -> pd.Index:
    if isinstance(idx, pd.MultiIndex):
        return pd.MultiIndex.from_tuples([tuple(veilige_cel(v) for v in t) for t in idx], names=idx.names)
    if idx.dtype == object or isinstance(idx.dtype, pd.StringDtype):
        return pd.Index([veilige_cel(v) for v in idx], name=idx.name)
    return idx
