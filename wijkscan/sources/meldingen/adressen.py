"""Address-only exports: build one search text per row and geocode it with the PDOK Locatieserver.

The address is used only to find the point; it is not kept in the meldingen (unless asked with
``bewaar=``), so it never reaches a published output.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

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


# --------------------------------------------------------------------------------------------- postcode (offline)

#: a Dutch postcode in an address text: its 4 digits (``9401 AB``, ``9401AB``, ``9401``)
_PC4 = re.compile(r"(?<!\d)([1-9]\d{3})\s?[A-Za-z]{2}(?![A-Za-z])")
#: the same in a postcode column, where the letters may be missing
_PC4_KOLOM = re.compile(r"^\s*([1-9]\d{3})(?:\s?[A-Za-z]{2})?\s*$")
#: how the postcode path is described (summary, method text): it is an approximation
POSTCODE_METHODE = ("op postcode toegewezen (benadering): de buurt waarvan die postcode volgens CBS (Kerncijfers wijken "
                    "en buurten 2024) de meest voorkomende postcode is")


@dataclass
class Postcodeplaatsing:
    """Rows placed by their 4-digit postcode: buurt code and wijk per row (None elsewhere), the rows kept at
    gemeente level, and per row the reason it could not be placed in a buurt."""

    codes: np.ndarray
    ouders: np.ndarray
    buurt: np.ndarray
    gemeente: np.ndarray
    reden: np.ndarray


def _pc4_tabel() -> pd.DataFrame:
    from ..buurtpostcodes import postcodetabel

    return postcodetabel()


def postcodes(tabel: pd.DataFrame, mapping: Mapping[str, str]) -> np.ndarray:
    """The 4 digits of each row's postcode (from the postcode column, else from the address text); None if none.

    Example
    -------
    >>> t = pd.DataFrame({"adres": ["Kerkstraat 1, 9401 AB Assen", "Markt 2", "Brink 3, 9401AC"]})
    >>> postcodes(t, {"adres": "adres"}).tolist()
    ['9401', None, '9401']
    """
    kolom = "postcode" in mapping
    tekst = (tabel[mapping["postcode"]] if kolom else adresteksten(tabel, mapping)).astype(object)
    tekst = pd.Series(tekst.where(~_leeg(tekst), "").astype(str).str.replace(r"\.0$", "", regex=True))
    gevonden = tekst.str.extract(_PC4_KOLOM if kolom else _PC4, expand=False)
    return gevonden.astype(object).where(gevonden.notna(), None).to_numpy(dtype=object)


def plaats_op_postcode(tabel: pd.DataFrame, mapping: Mapping[str, str], rijen: np.ndarray, gemeentecode: str,
                       buurtcodes: set[str]) -> Postcodeplaatsing:
    """Place ``rijen`` by their 4-digit postcode (no internet needed): an approximation.

    A postcode that CBS gives as the most common postcode of exactly one buurt of the gemeente puts the
    melding in that buurt; any other postcode (the most common of several buurten, of none, or missing)
    keeps the melding at gemeente level with the reason.
    """
    n = len(tabel)
    pc = postcodes(tabel, mapping)
    t = _pc4_tabel()
    t = t[(t["gemeente"] == gemeentecode) & t["buurt"].isin(buurtcodes)]
    per_pc = t.groupby("postcode").agg(buurten=("buurt", list), wijk=("wijk", "first"))
    codes, ouders = np.full(n, None, dtype=object), np.full(n, None, dtype=object)
    reden = np.full(n, "", dtype=object)
    for p in pd.unique(pc[rijen]):
        m = rijen & (pc == p)
        if p is None:
            reden[m] = "geen postcode"
        elif p not in per_pc.index:
            reden[m] = f"postcode {p} is van geen buurt van de gemeente de meest voorkomende postcode"
        elif len(per_pc.at[p, "buurten"]) > 1:
            reden[m] = f"postcode {p} ligt in meer buurten ({len(per_pc.at[p, 'buurten'])})"
        else:
            codes[m], ouders[m] = per_pc.at[p, "buurten"][0], per_pc.at[p, "wijk"]
    buurt = rijen & pd.notna(codes)
    gemeente = rijen & ~buurt
    codes[gemeente] = gemeentecode
    return Postcodeplaatsing(codes=codes, ouders=ouders, buurt=buurt, gemeente=gemeente, reden=reden)
