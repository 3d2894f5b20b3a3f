"""Scores from a bewonersenquête (or the Veiligheidsmonitor), and free text per area.

What open data cannot measure — waardering of the openbare ruimte, sociale cohesie,
waardering of voorzieningen, veiligheidsgevoel — comes from a file the gemeente supplies:
CSV (``;`` or ``,``, decimal comma allowed) or XLSX, one row per area × indicator:

=============  ==========================================================================
column         content (other spellings that are recognised)
=============  ==========================================================================
gebied         area code (``BU06260001``, ``WK010604``, an own code) or name
               (``code``, ``buurt``, ``wijk``, ``gebiedsnaam``, ``naam``)
indicator      a survey indicator id of the catalogue, e.g. ``waardering_groen``
               (``vraag``, ``item``, ``onderwerp``); or ``sterke punten`` / ``te verbeteren``
score          the number (``waarde``, ``cijfer``, ``percentage``); for the two text items the
               text goes here or in a ``tekst`` column
jaar           optional (``peiljaar``); default: the year of the wijkanalyse
respondenten   optional (``n``, ``aantal``): used as weight when buurten are combined
=============  ==========================================================================

Every row is either used or listed in ``afgewezen`` with its reason.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import OngeldigeInvoer
from ..indicators import catalogus as builtin_catalogus
from ..indicators import enquete_indicatoren
from .tabellen import lees_tabel

SYNONIEMEN = {
    "gebied": ("gebied", "code", "gebiedscode", "buurt", "wijk", "buurtcode", "wijkcode", "gebiedsnaam", "naam"),
    "indicator": ("indicator", "vraag", "item", "onderwerp"),
    "score": ("score", "waarde", "cijfer", "percentage"),
    "tekst": ("tekst", "toelichting", "opmerking"),
    "jaar": ("jaar", "peiljaar"),
    "respondenten": ("respondenten", "n", "aantal", "aantal_respondenten"),
}
TEKST_ITEMS = {"sterke punten": "sterke punten", "sterke_punten": "sterke punten", "sterkepunten": "sterke punten",
               "te verbeteren": "te verbeteren", "te_verbeteren": "te verbeteren", "verbeterpunten": "te verbeteren"}
BEREIK = {"rapportcijfer": (1.0, 10.0), "%": (0.0, 100.0), "score 0-10": (0.0, 10.0)}


@dataclass
class EnqueteImport:
    """The result of :func:`lees_enquete`."""

    scores: pd.DataFrame      # gebied, indicator, jaar, score, respondenten, rij
    teksten: pd.DataFrame     # gebied, soort, tekst, rij
    afgewezen: pd.DataFrame   # rij, reden, and the original columns
    invoer: int

    def samenvatting(self) -> str:
        """Dutch summary: rows read, used and rejected per reason."""
        lines = [f"Enquête: {self.invoer} rijen gelezen, {len(self.scores)} scores en {len(self.teksten)} teksten "
                 f"gebruikt, {len(self.afgewezen)} afgewezen."]
        for reden, n in self.afgewezen.reden.str.split(":").str[0].value_counts().items():
            lines.append(f"  {n} × {reden}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{r.rij}</td><td>{html.escape(str(r.reden))}</td></tr>"
                       for r in self.afgewezen.itertuples())
        table = f"<table><tr><th>rij</th><th>reden</th></tr>{rows}</table>" if rows else ""
        return f"<pre>{html.escape(self.samenvatting())}</pre>{table}"


def _read(bron) -> pd.DataFrame:
    if isinstance(bron, str | Path) and not Path(bron).exists():
        raise OngeldigeInvoer(f"Het enquêtebestand {bron} bestaat niet. Controleer de naam en de map.")
    return lees_tabel(bron, "de scores per gebied")[0]


def _columns(df: pd.DataFrame, kolommen: dict | None) -> dict[str, str]:
    lower = {str(c).strip().lower(): c for c in df.columns}
    found = {}
    for role, names in SYNONIEMEN.items():
        if kolommen and role in kolommen:
            if kolommen[role] not in df.columns:
                raise OngeldigeInvoer(f"Kolom '{kolommen[role]}' (voor {role}) staat niet in het enquêtebestand. "
                                      f"Er zijn: {', '.join(map(str, df.columns))}.")
            found[role] = kolommen[role]
            continue
        for n in names:
            if n in lower:
                found[role] = lower[n]
                break
    missing = [r for r in ("gebied", "indicator") if r not in found]
    if missing or ("score" not in found and "tekst" not in found):
        raise OngeldigeInvoer(
            "Het enquêtebestand heeft kolommen nodig voor gebied, indicator en score "
            f"(gevonden: {', '.join(map(str, df.columns))}). Geef de namen op met kolommen={{'gebied': ..., "
            "'indicator': ..., 'score': ...}}."
        )
    return found


def _number(text: str) -> float | None:
    t = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if not t:
        return None
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", t):
        t = t.replace(".", "")
    t = t.replace(",", ".").rstrip("%")
    try:
        return float(t)
    except ValueError:
        return None


def lees_enquete(bron, gebieden: pd.DataFrame, jaar: int, catalogus: pd.DataFrame | None = None,
                 kolommen: dict[str, str] | None = None, voorkeur: pd.Index | None = None) -> EnqueteImport:
    """Read and validate a survey file.

    Parameters
    ----------
    bron : path or DataFrame
        The CSV/XLSX file (or a DataFrame with the same columns).
    gebieden : DataFrame
        Known areas: index = code, column ``naam`` (CBS areas and the areas of an own indeling).
    jaar : int
        Year for rows without one.
    catalogus : DataFrame, optional
        Indicator catalogue; its ``enquete`` indicators are the ones accepted.
    kolommen : dict, optional
        Column names when they differ from the recognised ones: ``{"gebied": "Buurtnaam", ...}``.
    voorkeur : Index, optional
        Codes to prefer when a name fits several areas (the areas of the chosen indeling).

    Example
    -------
    >>> import wijkscan
    >>> vs = wijkscan.load("Voorschoten", bron="ingebouwd")
    >>> df = pd.DataFrame({"gebied": ["Adegeest", "Atlantis"], "indicator": ["waardering_groen"] * 2,
    ...                    "score": ["7,4", "8"]})
    >>> imp = lees_enquete(df, vs.gebieden, 2024)
    >>> imp.scores.score.tolist(), imp.afgewezen.reden.tolist()
    ([7.4], ["gebied onbekend: 'Atlantis' is geen code of naam van een gebied"])
    """
    cat = builtin_catalogus() if catalogus is None else catalogus
    allowed = enquete_indicatoren(cat)
    raw = _read(bron)
    cols = _columns(raw, kolommen)
    codes = {str(c).upper(): c for c in gebieden.index}
    by_name: dict[str, list[str]] = {}
    for code, naam in gebieden["naam"].items():
        by_name.setdefault(str(naam).strip().lower(), []).append(code)
    prefer = set(voorkeur) if voorkeur is not None else set()
    scores, teksten, rejected = [], [], []
    seen: set[tuple] = set()
    for i, row in raw.reset_index(drop=True).iterrows():
        nr = i + 2  # spreadsheet row number (header is row 1)

        def reject(reden: str, row=row, nr=nr) -> None:
            rejected.append({"rij": nr, "reden": reden, **{str(k): row[k] for k in raw.columns}})

        g = str(row[cols["gebied"]]).strip() if pd.notna(row[cols["gebied"]]) else ""
        code = codes.get(g.upper())
        if code is None and g:
            hits = by_name.get(g.lower(), [])
            if len(hits) > 1 and prefer:
                hits = [h for h in hits if h in prefer] or hits
            if len(hits) > 1:
                reject(f"gebiedsnaam niet eenduidig: '{g}' is {', '.join(hits)}; gebruik de code")
                continue
            code = hits[0] if hits else None
        if code is None:
            reject(f"gebied onbekend: '{g}' is geen code of naam van een gebied" if g else "gebied ontbreekt")
            continue
        item = str(row[cols["indicator"]]).strip() if pd.notna(row[cols["indicator"]]) else ""
        j_text = str(row[cols["jaar"]]).strip() if "jaar" in cols and pd.notna(row[cols["jaar"]]) else ""
        if j_text and not re.fullmatch(r"(19|20)\d\d", j_text.split(".")[0]):
            reject(f"jaar ongeldig: '{j_text}'")
            continue
        j = int(j_text.split(".")[0]) if j_text else int(jaar)
        if item.lower() in TEKST_ITEMS:
            tekst = ""
            for role in ("tekst", "score"):
                if role in cols and pd.notna(row[cols[role]]) and str(row[cols[role]]).strip():
                    tekst = str(row[cols[role]]).strip()
                    break
            if not tekst:
                reject("tekst ontbreekt")
                continue
            teksten.append({"gebied": code, "soort": TEKST_ITEMS[item.lower()], "tekst": tekst, "rij": nr})
            continue
        if item not in allowed:
            close = difflib.get_close_matches(item, allowed, n=1)
            hint = f" (bedoelt u {close[0]}?)" if close else ""
            reject(f"indicator onbekend: '{item}'{hint}; kies uit de enquête-indicatoren van de catalogus")
            continue
        value = _number(row[cols["score"]]) if "score" in cols and pd.notna(row[cols["score"]]) else None
        if value is None:
            shown = row[cols["score"]] if "score" in cols else ""
            reject(f"score ontbreekt of is geen getal: '{shown}'")
            continue
        lo, hi = BEREIK.get(cat.loc[item, "eenheid"], (float("-inf"), float("inf")))
        if not lo <= value <= hi:
            reject(f"score buiten bereik: {value:g} ligt niet tussen {lo:g} en {hi:g} ({cat.loc[item, 'eenheid']})")
            continue
        key = (code, item, j)
        if key in seen:
            reject(f"dubbel: {code} / {item} / {j} staat al eerder in het bestand")
            continue
        seen.add(key)
        n = _number(row[cols["respondenten"]]) if "respondenten" in cols and pd.notna(row[cols["respondenten"]]) else None
        scores.append({"gebied": code, "indicator": item, "jaar": j, "score": value, "respondenten": n, "rij": nr})
    result = EnqueteImport(
        scores=pd.DataFrame(scores, columns=["gebied", "indicator", "jaar", "score", "respondenten", "rij"]),
        teksten=pd.DataFrame(teksten, columns=["gebied", "soort", "tekst", "rij"]),
        afgewezen=pd.DataFrame(rejected, columns=["rij", "reden", *map(str, raw.columns)]),
        invoer=len(raw),
    )
    assert len(result.scores) + len(result.teksten) + len(result.afgewezen) == len(raw)
    return result
