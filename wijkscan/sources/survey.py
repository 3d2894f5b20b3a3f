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
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import OngeldigeInvoer
from ..teksten import aantal
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

if TYPE_CHECKING:
    from ..areas import Indeling


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
    onbekend = sorted(set(kolommen or {}) - set(SYNONIEMEN))
    if onbekend:
        raise OngeldigeInvoer(f"Onbekende rol voor een enquêtekolom: {', '.join(onbekend)}. Kies uit: "
                              f"{', '.join(SYNONIEMEN)}.")
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
            f"(gevonden: {', '.join(map(str, df.columns))}). Noem de kolommen gebied, indicator en score, of zeg "
            "welke kolom wat is (in Python: enquete_kolommen={'gebied': ..., 'indicator': ..., 'score': ...}; op de "
            "opdrachtregel: --enquete-kolom gebied=KOLOM --enquete-kolom score=KOLOM)."
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


def lees_enquete(bron: str | Path | pd.DataFrame, gebieden: pd.DataFrame, jaar: int, indicatoren: Mapping[str, str],
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
    indicatoren : mapping of str to str
        The survey indicators that are accepted, id → unit (``"rapportcijfer"``, ``"%"``, ``"score 0-10"``: the unit
        sets the valid range). The pipeline passes those of its catalogue (``aggregatie == "enquete"``); a source
        does not read the catalogue itself.
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
    >>> imp = lees_enquete(df, vs.gebieden, 2024, {"waardering_groen": "rapportcijfer"})
    >>> imp.scores.score.tolist(), imp.afgewezen.reden.tolist()
    ([7.4], ["gebied onbekend: 'Atlantis' is geen code of naam van een gebied"])
    """
    raw = _read(bron)
    if raw.empty:
        raise OngeldigeInvoer("Het enquêtebestand heeft geen regels met scores (alleen een kopregel). Zet onder de "
                              "kopregel per regel een gebied, een indicator en een score.")
    lezer = _Rijlezer(dict(indicatoren), _columns(raw, kolommen), gebieden, voorkeur, int(jaar))
    scores: list[dict] = []
    teksten: list[dict] = []
    rejected: list[dict] = []
    for i, row in raw.reset_index(drop=True).iterrows():
        nr = i + 2  # spreadsheet row number (header is row 1)
        soort, inhoud = lezer.rij(row)
        if soort == "afgewezen":
            rejected.append({"rij": nr, "reden": inhoud, **{str(k): row[k] for k in raw.columns}})
        else:
            assert isinstance(inhoud, dict)
            (teksten if soort == "tekst" else scores).append({**inhoud, "rij": nr})
    result = EnqueteImport(
        scores=pd.DataFrame(scores, columns=["gebied", "indicator", "jaar", "score", "respondenten", "rij"]),
        teksten=pd.DataFrame(teksten, columns=["gebied", "soort", "tekst", "rij"]),
        afgewezen=pd.DataFrame(rejected, columns=["rij", "reden", *map(str, raw.columns)]),
        invoer=len(raw),
    )
    assert len(result.scores) + len(result.teksten) + len(result.afgewezen) == len(raw)
    return result


def _cel(row: pd.Series, cols: dict[str, str], role: str) -> str:
    """The cell of a role as stripped text ("" when the column is absent or the cell empty)."""
    return str(row[cols[role]]).strip() if role in cols and pd.notna(row[cols[role]]) else ""


class _Rijlezer:
    """Reads one survey row: ("score", {...}), ("tekst", {...}) or ("afgewezen", reden)."""

    def __init__(self, eenheden: dict[str, str], cols: dict[str, str], gebieden: pd.DataFrame,
                 voorkeur: pd.Index | None, jaar: int) -> None:
        self.eenheden, self.cols, self.jaar = eenheden, cols, jaar
        self.allowed = list(eenheden)
        self.codes = {str(c).upper(): c for c in gebieden.index}
        self.by_name: dict[str, list[str]] = {}
        for code, naam in gebieden["naam"].items():
            self.by_name.setdefault(_vouw(str(naam)), []).append(code)
        self.prefer = set(voorkeur) if voorkeur is not None else set()
        self.seen: set[tuple] = set()

    def gebied(self, g: str) -> tuple[str | None, str]:
        """The area code for a code or name (case and accents ignored), or None with the reason."""
        code = self.codes.get(g.upper())
        if code is not None:
            return code, ""
        hits = self.by_name.get(_vouw(g), []) if g else []
        if len(hits) > 1 and self.prefer:
            hits = [h for h in hits if h in self.prefer] or hits
        if len(hits) > 1:
            return None, f"gebiedsnaam niet eenduidig: '{g}' is {', '.join(hits)}; gebruik de code"
        if hits:
            return hits[0], ""
        return None, f"gebied onbekend: '{g}' is geen code of naam van een gebied" if g else "gebied ontbreekt"

    def rij(self, row: pd.Series) -> tuple[str, dict | str]:
        cols = self.cols
        code, reden = self.gebied(_cel(row, cols, "gebied"))
        if code is None:
            return "afgewezen", reden
        item = _cel(row, cols, "indicator")
        j_text = _cel(row, cols, "jaar")
        if j_text and not re.fullmatch(r"(19|20)\d\d", j_text.split(".")[0]):
            return "afgewezen", f"jaar ongeldig: '{j_text}'"
        j = int(j_text.split(".")[0]) if j_text else self.jaar
        if item.lower() in TEKST_ITEMS:
            tekst = _cel(row, cols, "tekst") or _cel(row, cols, "score")
            if not tekst:
                return "afgewezen", "tekst ontbreekt"
            return "tekst", {"gebied": code, "soort": TEKST_ITEMS[item.lower()], "tekst": tekst}
        return self.score(row, code, item, j)

    def score(self, row: pd.Series, code: str, item: str, j: int) -> tuple[str, dict | str]:
        cols = self.cols
        if item not in self.allowed:
            close = difflib.get_close_matches(item, self.allowed, n=1)
            hint = f" (bedoelt u {close[0]}?)" if close else ""
            return "afgewezen", f"indicator onbekend: '{item}'{hint}; kies uit de enquête-indicatoren van de catalogus"
        value = _number(row[cols["score"]]) if "score" in cols and pd.notna(row[cols["score"]]) else None
        if value is None:
            shown = row[cols["score"]] if "score" in cols else ""
            return "afgewezen", f"score ontbreekt of is geen getal: '{shown}'"
        eenheid = self.eenheden[item]
        lo, hi = BEREIK.get(eenheid, (float("-inf"), float("inf")))
        if not lo <= value <= hi:
            return "afgewezen", f"score buiten bereik: {value:g} ligt niet tussen {lo:g} en {hi:g} ({eenheid})"
        key = (code, item, j)
        if key in self.seen:
            return "afgewezen", f"dubbel: {code} / {item} / {j} staat al eerder in het bestand"
        self.seen.add(key)
        n = _number(row[cols["respondenten"]]) if _cel(row, cols, "respondenten") else None
        return "score", {"gebied": code, "indicator": item, "jaar": j, "score": value, "respondenten": n}


def _vouw(text: str) -> str:
    """Fold a name for matching: no case, accents or punctuation."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def verantwoord_enquete(enq: EnqueteImport, profiel: pd.DataFrame, indeling: Indeling, gemeenten: set[str]) -> None:
    """Move every score that did not reach the profile to ``afgewezen``, with the reason.

    A score for a buurt inside an own area (or a CBS wijk) only counts when every buurt of that area has
    one (the area's value is their weighted mean); a score for an area that also got its own score is
    not used either. Afterwards ``invoer == scores + teksten + afgewezen`` still holds.

    Parameters
    ----------
    enq : EnqueteImport
        As :func:`lees_enquete` returned it (changed in place).
    profiel : DataFrame
        The profile of the run (``gebied, indicator, jaar, waarde, gemeente, reden``).
    indeling : Indeling
        The indeling of the run.
    gemeenten : set of str
        The gemeente codes of the run (their scores are the gemeente column).
    """
    s = enq.scores
    if s.empty:
        return
    eigen = set(indeling.gebieden.index)
    gebied_van = indeling.gebied_van()
    p = profiel.set_index(["gebied", "indicator", "jaar"])
    waarde = p["waarde"]
    reden_p = p["reden"] if "reden" in p.columns else pd.Series("", index=p.index)
    direct = {(r.gebied, r.indicator, r.jaar): r.rij for r in s.itertuples() if r.gebied in eigen}
    redenen: dict[int, str] = {}
    for r in s.itertuples():
        if r.gebied in gemeenten:
            continue
        doel = r.gebied if r.gebied in eigen else gebied_van.get(r.gebied)
        if doel is None:
            redenen[r.Index] = (f"gebied hoort niet bij deze indeling ({indeling.naam}): {r.gebied} is niet ingedeeld; "
                                "geef scores per gebied van de indeling")
            continue
        key = (doel, r.indicator, r.jaar)
        naam = indeling.gebieden.naam.get(doel, doel)
        if doel != r.gebied and key in direct:
            redenen[r.Index] = (f"niet gebruikt: {doel} ({naam}) heeft een eigen score voor {r.indicator} (rij "
                                f"{direct[key]}); die geldt voor het hele gebied")
        elif key not in waarde.index or pd.isna(waarde.get(key)):
            redenen[r.Index] = _waarom_niet(r, doel, naam, s, gebied_van, str(reden_p.get(key, "") or ""))
    if redenen:
        weg = s.loc[list(redenen)].assign(reden=pd.Series(redenen))[["rij", "reden"]]
        enq.afgewezen = pd.concat([enq.afgewezen, weg], ignore_index=True).sort_values("rij").reset_index(drop=True)
        enq.scores = s.drop(index=list(redenen)).reset_index(drop=True)
    assert len(enq.scores) + len(enq.teksten) + len(enq.afgewezen) == enq.invoer


def _waarom_niet(r, doel: str, naam: str, s: pd.DataFrame, gebied_van: pd.Series, reden: str) -> str:
    """Why the score of row ``r`` has no value in the profile, in words for the user."""
    if doel != r.gebied:   # a buurt score inside a bigger area: the area needs a score for each of its buurten
        buurten = gebied_van.index[gebied_van == doel]
        met = s[(s.indicator == r.indicator) & (s.jaar == r.jaar) & s.gebied.isin(buurten)].gebied.nunique()
        return (f"niet gebruikt: {met} van de {aantal(len(buurten), 'buurt')} van {naam} ({doel}) "
                f"{'heeft' if met == 1 else 'hebben'} een score voor {r.indicator} in {r.jaar}, dus het gebied "
                f"krijgt geen gemiddelde; geef één score voor {naam} of een score voor elke buurt ervan")
    return f"niet gebruikt: {r.indicator} van {naam} ({doel}) in {r.jaar} is niet te berekenen" + \
        (f" ({reden})" if reden else "")
