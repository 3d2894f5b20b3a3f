"""Tables for Excel: CSV that opens well in Dutch Excel, and XLSX with number formats, a frozen
header, a filter and column widths.

Numbers are rounded once, here, to what they mean: counts are integers (``5725``, never
``5725,0``), shares have one decimal (``23,4``), no float noise (``73,89999999999345``). Every
cell and column name is written through one function, :func:`celwaarde`, which also keeps a text
from starting a formula (:func:`wijkscan.veilig.veilige_cel`).

Example
-------
>>> import pandas as pd
>>> df = pd.DataFrame({"inwoners": [5725.0, 120.0], "aandeel": [23.406113537117903, 73.89999999999345]})
>>> afronden(df, {"aandeel": 1}).to_dict("list")
{'inwoners': [5725, 120], 'aandeel': [23.4, 73.9]}
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..veilig import veilige_cel

__all__ = ["afronden", "celwaarde", "schrijf_csv", "schrijf_excel"]

#: Columns whose decimals follow the indicator of the row (long tables with an ``indicator`` column).
PER_INDICATOR = ("waarde", "gemeente", "nederland", "mediaan_vergelijkbaar", "eerste", "laatste", "verandering", "per_jaar",
                 "trend_per_jaar")
#: Decimals of columns that mean the same in every table.
STANDAARD = {"index": 0, "landelijk_percentiel": 0, "score": 2, "z": 2, "gewicht": 2, "bijdrage": 2, "dekking": 2, "inwoners": 0}


def _rond(x: Any, d: int) -> Any:
    if x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x):
        return pd.NA
    return round(float(x), int(d))


def afronden(df: pd.DataFrame, decimalen: Mapping[str, int] | None = None,
             catalogus: pd.DataFrame | None = None) -> pd.DataFrame:
    """A copy of ``df`` with numbers rounded to what they mean.

    Parameters
    ----------
    decimalen : mapping, optional
        Decimals per column (wins over the defaults).
    catalogus : DataFrame, optional
        The indicator catalogue: in a long table (column ``indicator``) the value columns get the
        decimals of each row's indicator, shares at least one.

    Float columns whose values are all whole numbers become integers; other float columns
    without a rule get two decimals.
    """
    out = df.copy()
    regels = {**STANDAARD, **dict(decimalen or {})}
    rij_dec = None
    if catalogus is not None and "indicator" in out.columns and "decimalen" in catalogus.columns:
        d = pd.to_numeric(catalogus["decimalen"], errors="coerce").fillna(1).astype(int)
        d = d.where(catalogus.get("eenheid", pd.Series("", index=d.index)) != "%", d.clip(lower=1))
        rij_dec = out["indicator"].map(d).fillna(2).astype(int)
    for col in out.columns:
        s = out[col]
        if not pd.api.types.is_float_dtype(s):
            continue
        if rij_dec is not None and col in PER_INDICATOR:
            waarden = [_rond(v, d) for v, d in zip(s, rij_dec, strict=True)]
        else:
            waarden = [_rond(v, regels.get(col, 2)) for v in s]
        nieuw = pd.Series(waarden, index=s.index, dtype="Float64")
        heel = nieuw.dropna()
        if (heel == heel.round(0)).all():
            nieuw = nieuw.round(0).astype("Int64")
        out[col] = nieuw
    return out


def celwaarde(x: object) -> object:
    """The value of one cell as written to CSV or XLSX: missing → empty, numbers as numbers, the rest as text."""
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return None
    try:
        if pd.isna(x):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(x, bool):
        return "ja" if x else "nee"
    if hasattr(x, "item") and not isinstance(x, str):   # numpy scalars
        x = x.item()
    if isinstance(x, int | float):
        return x
    return veilige_cel(str(x))          # a text never starts a formula in Excel (wijkscan.veilig)


def _csv_tekst(x: Any) -> str:
    v = celwaarde(x)
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v).replace(".", ",")
    return str(v)


def schrijf_csv(df: pd.DataFrame, pad: str | Path, *, index: bool = False) -> Path:
    """CSV for Dutch Excel: ``;`` between fields, decimal comma, UTF-8 with BOM, numbers without noise.

    Round first with :func:`afronden`.
    """
    pad = Path(pad)
    pad.parent.mkdir(parents=True, exist_ok=True)
    tabel = df.reset_index() if index else df
    tekst = tabel.map(_csv_tekst) if hasattr(tabel, "map") else tabel.applymap(_csv_tekst)
    tekst.columns = [_csv_tekst(c) for c in tekst.columns]
    tekst.to_csv(pad, sep=";", encoding="utf-8-sig", index=False)
    return pad


def _formaat(s: pd.Series) -> list[str | None]:
    """Excel number format per cell: thousands separator, as many decimals as the value has (at most 3)."""
    out: list[str | None] = []
    for v in s:
        v = celwaarde(v)
        if not isinstance(v, int | float) or isinstance(v, bool):
            out.append(None)
            continue
        if isinstance(v, int) or float(v).is_integer():
            out.append("#,##0")
            continue
        dec = min(3, len(repr(float(v)).split(".")[1].rstrip("0")))
        out.append("#,##0." + "0" * max(1, dec))
    return out


def schrijf_excel(bladen: Mapping[str, pd.DataFrame], pad: str | Path) -> Path:
    """One workbook, one sheet per table: number formats, frozen header row, filter, column widths.

    Round first with :func:`afronden`; the index is written as ordinary columns.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    pad = Path(pad)
    pad.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    wb.remove(wb.active)
    kop_font, kop_vulling = Font(bold=True), PatternFill("solid", fgColor="DCE6F1")
    for naam, df in bladen.items():
        ws = wb.create_sheet(str(naam)[:31])
        tabel = df.reset_index() if not isinstance(df.index, pd.RangeIndex) else df
        kolommen = [str(celwaarde(c)) for c in tabel.columns]
        ws.append(kolommen)
        formaten = {c: _formaat(tabel[c]) for c in tabel.columns}
        for i, rij in enumerate(tabel.itertuples(index=False, name=None)):
            ws.append([celwaarde(v) for v in rij])
            for j, c in enumerate(tabel.columns, start=1):
                f = formaten[c][i]
                if f:
                    ws.cell(row=i + 2, column=j).number_format = f
        for j, c in enumerate(kolommen, start=1):
            cel = ws.cell(row=1, column=j)
            cel.font, cel.fill = kop_font, kop_vulling
            cel.alignment = Alignment(wrap_text=True, vertical="top")
            lengtes = [len(c) * 0.8] + [len(_csv_tekst(v)) for v in tabel.iloc[:, j - 1].head(500)]
            ws.column_dimensions[get_column_letter(j)].width = max(8.0, min(48.0, max(lengtes) + 2))
        vast = kolommen.index("naam") + 1 if "naam" in kolommen[:3] else 0    # keep the area in view too
        ws.freeze_panes = f"{get_column_letter(vast + 1)}2"
        if len(tabel):
            ws.auto_filter.ref = f"A1:{get_column_letter(len(kolommen))}{len(tabel) + 1}"
    wb.save(pad)
    return pad
