"""Reading a table a user supplies (CSV or Excel), with Dutch errors that say what to do."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..errors import OngeldigeInvoer


def lees_csv(path: Path, wat: str = "de gegevens") -> pd.DataFrame:
    """CSV with ``;``, ``,`` or tab; UTF-8 (with or without BOM), cp1252 (Excel on Windows) or latin-1."""
    text, encoding = "", "latin-1"
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):  # latin-1 never fails
        try:
            text = path.read_text(encoding=encoding)
            break
        except UnicodeDecodeError:
            continue
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first:
        raise OngeldigeInvoer(f"Het bestand '{path.name}' is leeg. Zet op de eerste regel de kolomnamen en daaronder {wat}.")
    counts = {sep: first.count(sep) for sep in (";", ",", "\t")}
    sep = max(counts, key=lambda s: counts[s]) if any(counts.values()) else ";"
    try:
        return pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, skip_blank_lines=False, encoding=encoding)
    except (pd.errors.ParserError, ValueError) as exc:
        raise OngeldigeInvoer(
            f"Het CSV-bestand '{path.name}' kan niet worden gelezen ({exc}). Controleer of elke regel evenveel "
            f"kolommen heeft (scheidingsteken '{sep}'), of sla het op als .xlsx."
        ) from exc


def lees_tabel(tabel: pd.DataFrame | str | os.PathLike, wat: str = "de gegevens"
               ) -> tuple[pd.DataFrame, Callable[[object], str]]:
    """The user's table (all text) and how to name one of its rows in a message.

    Rows of a file are numbered as in Excel (the header is line 1); rows of a DataFrame by
    their position.
    """
    if isinstance(tabel, pd.DataFrame):
        return tabel.copy(), lambda label: f"rij {label}"
    if not isinstance(tabel, str | os.PathLike):
        raise OngeldigeInvoer(
            f"Geef {wat} op als tabel (DataFrame) of als pad naar een CSV- of Excelbestand, niet als "
            f"{type(tabel).__name__}."
        )
    path = Path(tabel)
    if not path.is_file():
        raise OngeldigeInvoer(f"Het bestand '{path}' bestaat niet. Controleer het pad (een relatief pad geldt vanaf "
                              f"de map waarin u werkt: {Path.cwd()}).")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            df = pd.read_excel(path, dtype=str, keep_default_na=False)
        except Exception as exc:  # any reader error becomes a Dutch message
            raise OngeldigeInvoer(
                f"Het Excelbestand '{path.name}' kan niet worden gelezen ({exc}). Sla het opnieuw op als .xlsx of .csv."
            ) from exc
    elif suffix in (".csv", ".txt"):
        df = lees_csv(path, wat)
    elif suffix == ".xls":
        raise OngeldigeInvoer(f"'{path.name}' is een oud Excelbestand (.xls). Sla het op als .xlsx of .csv en probeer opnieuw.")
    else:
        raise OngeldigeInvoer(f"'{path.name}' is geen CSV- of Excelbestand. Gebruik een .csv (; of ,) of een .xlsx.")
    df.index = range(2, len(df) + 2)  # the header is line 1, as in Excel
    return df, lambda label: f"regel {label}"
