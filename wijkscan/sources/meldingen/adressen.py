"""Address-only exports: build one search text per row and geocode it with the PDOK Locatieserver.

The address is used only to find the point; it is not kept in the meldingen (unless asked with
``bewaar=``), so it never reaches a published output.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ...errors import GeenVerbinding
from ...nlformat import getal
from .teksten import optie
from .waarden import _leeg


def adresteksten(tabel: pd.DataFrame, mapping: Mapping[str, str]) -> pd.Series:
    """``"Straat 12a, 1234AB Plaats"`` per row (or the ``adres`` column plus the plaats).

    Example
    -------
    >>> t = pd.DataFrame({"Straat": ["Witterweg", ""], "Huisnr": ["56", ""], "Plaats": ["Bovensmilde", "Assen"]})
    >>> list(adresteksten(t, {"straat": "Straat", "huisnummer": "Huisnr", "plaats": "Plaats"}))
    ['Witterweg 56, Bovensmilde', '']
    """
    n = len(tabel)

    def kol(k: str) -> pd.Series:
        if k not in mapping:
            return pd.Series([""] * n, index=tabel.index, dtype=object)
        s = tabel[mapping[k]].astype(object)
        leeg = _leeg(s)
        return pd.Series(np.where(leeg, "", s.astype(str).str.strip().str.replace(r"\.0$", "", regex=True)),
                         index=tabel.index, dtype=object)

    if "adres" in mapping:
        straat = kol("adres")
    else:
        straat = (kol("straat") + " " + kol("huisnummer") + kol("toevoeging")).str.strip()
    plaats = (kol("postcode").str.replace(" ", "", regex=False) + " " + kol("plaats")).str.strip()
    heeft_straat = straat != ""
    tekst = np.where(heeft_straat & (plaats != ""), straat + ", " + plaats,
                     np.where(heeft_straat, straat, np.where(kol("postcode") != "", plaats, "")))
    return pd.Series(tekst, index=tabel.index, dtype=object)


def geocodeer_adressen(tabel: pd.DataFrame, mapping: Mapping[str, str], rijen: np.ndarray, *,
                       gemeentecode: str | None = None, voortgang: bool = True
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x, y, found mask) for ``rijen``; NaN and False elsewhere."""
    from ..locatieserver import zoek_adressen

    n = len(tabel)
    x, y = np.full(n, np.nan), np.full(n, np.nan)
    teksten = adresteksten(tabel, mapping).to_numpy(dtype=object)
    vraag = rijen & (teksten != "")
    if not vraag.any():
        return x, y, np.zeros(n, dtype=bool)
    try:
        res = zoek_adressen(teksten[vraag], gemeentecode, voortgang=voortgang)
    except GeenVerbinding as e:
        from ...settings import settings

        if not settings.offline:
            raise
        n_adres = len(set(teksten[vraag]))
        raise GeenVerbinding(
            f"{getal(n_adres)} {'adres moet' if n_adres == 1 else 'adressen moeten'} nog worden opgezocht in de PDOK "
            "Locatieserver, maar wijkscan werkt offline (en ze staan niet in de cache). "
            + optie("Zet wijkscan.settings.offline = False met internet", "Draai het opnieuw met internet (zonder --offline)")
            + ", of lever de meldingen met coördinaten of een gebiedskolom (buurt, wijk, kern).") from e
    idx = np.nonzero(vraag)[0]
    x[idx] = res["x"].reindex(teksten[idx]).to_numpy(dtype=float)
    y[idx] = res["y"].reindex(teksten[idx]).to_numpy(dtype=float)
    return x, y, ~np.isnan(x)
