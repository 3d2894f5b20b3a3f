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


def _strings(obj: pd.Series, is_str: np.ndarray | None = None) -> np.ndarray:
    """The str values as a numpy StringDType array (``""`` where a value is not a str)."""
    vals = obj.to_numpy(dtype=object)
    if is_str is None:
        is_str = _is_str(obj)
    if not is_str.all():
        vals = np.where(is_str, vals, "")
    return np.array(vals, dtype=_STR)


def _leeg(s: pd.Series) -> np.ndarray:
    obj = s.astype(object)
    leeg = obj.isna().to_numpy(dtype=bool).copy()
    is_str = _is_str(obj)
    if is_str.any():
        leeg[is_str] = np.strings.str_len(np.strings.strip(_strings(obj[is_str], is_str[is_str]))) == 0
    return leeg
