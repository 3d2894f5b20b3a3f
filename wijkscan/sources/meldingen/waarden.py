"""Small helpers on raw cell values shared by the other modules."""

from __future__ import annotations

import numpy as np
import pandas as pd


def _is_str(obj: pd.Series) -> np.ndarray:
    return np.fromiter((isinstance(v, str) for v in obj), dtype=bool, count=len(obj))


def _leeg(s: pd.Series) -> np.ndarray:
    obj = s.astype(object)
    leeg = obj.isna().to_numpy(dtype=bool).copy()
    is_str = _is_str(obj)
    if is_str.any():
        leeg[is_str] = (pd.Series(obj[is_str].to_numpy(dtype=str)).str.strip() == "").to_numpy(dtype=bool)
    return leeg


