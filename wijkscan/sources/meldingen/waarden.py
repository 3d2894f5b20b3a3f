"""Small helpers on raw cell values shared by the other modules (vectorised with ``numpy.strings``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

_STR = np.dtypes.StringDType()


def _alle_tekst(obj: pd.Series) -> bool:
    """True when every present value is a str (the usual case for CSV columns): fast paths apply."""
    return pd.api.types.infer_dtype(obj, skipna=True) in ("string", "empty")


def _is_str(obj: pd.Series) -> np.ndarray:
    if _alle_tekst(obj):
        return obj.notna().to_numpy(dtype=bool)
    return np.fromiter((isinstance(v, str) for v in obj), dtype=bool, count=len(obj))


#: conversions of whole columns, reused while one file is read (cleared by :func:`vergeet`), keyed by
#: the memory of the source array; the source is kept in the entry, so that memory cannot be reused meanwhile
_CACHE: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}


_FACTOREN: dict[tuple, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}


def vergeet() -> None:
    """Forget the cached column conversions (end of an import)."""
    _CACHE.clear()
    _FACTOREN.clear()


def factoren(vals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(vals, use_na_sentinel=True)`` of an object array, reused while one file is read.

    The category column is counted when columns are assigned and cleaned per value later: one hash pass.
    The codes and values may be shared with other callers: do not change them.
    """
    if len(vals) < 10_000 or vals.dtype != object:
        return pd.factorize(vals, use_na_sentinel=True)
    sleutel = (vals.__array_interface__["data"][0], vals.strides, len(vals))
    hit = _FACTOREN.get(sleutel)
    if hit is None:                         # the source is kept in the entry: its memory cannot be reused meanwhile
        hit = (vals, *pd.factorize(vals, use_na_sentinel=True))
        _FACTOREN[sleutel] = hit
    return hit[1], hit[2]


def _strings(obj: pd.Series, is_str: np.ndarray | None = None, gestript: bool = False) -> np.ndarray:
    """The str values as a numpy StringDType array (``""`` where a value is not a str), optionally stripped.

    The array may be shared with other callers during one import: copy it before changing it.
    """
    vals = obj.to_numpy(dtype=object)
    if is_str is None:
        is_str = _is_str(obj)
    if not is_str.all():
        vals = np.where(is_str, vals, "")
        arr = np.array(vals, dtype=_STR)
        return np.strings.strip(arr) if gestript else arr
    sleutel = (vals.__array_interface__["data"][0], vals.strides, len(vals), gestript)
    hit = _CACHE.get(sleutel)
    if hit is not None:
        return hit[1]                       # shared: callers copy before they change it
    arr = np.array(vals, dtype=_STR) if not gestript else np.strings.strip(_strings(obj, is_str))
    if len(arr) >= 10_000:
        _CACHE[sleutel] = (vals, arr)
    return arr


def _leeg(s: pd.Series) -> np.ndarray:
    obj = s.astype(object)
    leeg = obj.isna().to_numpy(dtype=bool).copy()
    is_str = _is_str(obj)
    if is_str.any():
        sub = obj if is_str.all() else obj[is_str]
        leeg[is_str] = np.strings.str_len(_strings(sub, is_str[is_str], gestript=True)) == 0
    return leeg


def weinig_waarden(vals: np.ndarray) -> bool:
    """True when a large column has few distinct values (judged on a sample): then work per value pays."""
    if len(vals) < 10_000:
        return False
    proef = vals[:: max(1, len(vals) // 10_000)]
    return len(pd.unique(proef)) <= len(proef) // 4
