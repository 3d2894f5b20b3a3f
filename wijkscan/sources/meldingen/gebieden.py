"""An area column instead of coordinates: buurt/wijk codes or names, stadsdeel, kern → the indeling.

Each distinct value is matched once, in this order:

1. a value meaning "the whole gemeente" (the gemeente's own name, ``gemeentebreed``, ``onbekend``,
   empty): the melding stays at gemeente level (code of the gemeente), it is not rejected;
2. the user's own table name → code (``koppeling=``, on the command line ``--gebieden koppeling.csv``);
3. a code (``BU01060000``, ``WK010600`` or an own code);
4. a name compared after folding (accents, case, punctuation; ``Wijk 07 Marsdijk`` → ``Marsdijk``),
   first at the level most values match, then at the other levels (a file may name the wijken of a
   town and the villages, which are buurten, side by side);
5. a close name (``difflib``; listed as a repair).

Values that match nothing are reported with the closest names of the indeling.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, Union

import numpy as np
import pandas as pd

from ...errors import OngeldigeInvoer
from .kolommen import _vouw

if TYPE_CHECKING:
    from ...loading import GemeenteData

#: what names are matched against: a GemeenteData, or a table with code and naam (an own indeling)
IndelingBron = Union["GemeenteData", pd.DataFrame]
#: the indeling given to the reader: a GemeenteData, or a (Geo)DataFrame with code, naam[, niveau, ouder]
Indeling = IndelingBron
#: the user's own table area name → code: a CSV path, a DataFrame (naam, code) or a mapping
KoppelBron: TypeAlias = str | Path | Mapping[str, str] | pd.DataFrame

#: which CBS level to try first for each kind of area column
_VOORKEUR = {"buurt": ("buurt", "wijk"), "wijk": ("wijk", "buurt"), "stadsdeel": ("wijk", "buurt"),
             "kern": ("wijk", "buurt")}
#: words before an area name that are not part of it ("Wijk 01 Assen-Oost", "Kern Vlieland", "Dorp Workum",
#: "Buitengebied Bolsward", CBS "Verspreide huizen Workum"), and a kind after it ("Assen (gemeente)")
_PREFIX = re.compile(r"^(wijk|buurt|stadsdeel|kern|gebied|dorp|woonkern|woonplaats|plaats|buitengebied|"
                     r"verspreide huizen|verspreidehuizen)(?![a-z])\s*\d*\s*[-:]?\s*")   # not "Dorpsstraat"
_SUFFIX = re.compile(r"\s*[(\[](gemeente|gem\.?|kern|dorp|woonplaats|plaats|stad|wijk|buurt)[)\]]\s*$")
FUZZY_DREMPEL = 0.85
#: folded values that mean "the whole gemeente, no particular area"
GEMEENTEBREED = frozenset({"", "gemeentebreed", "gemeente", "helegemeente", "onbekend", "geen", "nvt", "overig",
                           "algemeen", "gemeentewijd", "unknown", "none", "all", "citywide"})


@dataclass
class Koppeling:
    """Per row: matched code (None: not matched), parent code, close-name mask, gemeente-wide mask; the level;
    unmatched names with the closest names of the indeling."""

    codes: np.ndarray
    ouders: np.ndarray
    fuzzy: np.ndarray
    niveau: str | None
    onbekend: list[str] = field(default_factory=list)
    gemeentebreed: np.ndarray | None = None
    suggesties: dict[str, list[str]] = field(default_factory=dict)
    niveaus: dict[str, str] = field(default_factory=dict)


def _naam(v: object) -> str:
    """An area name folded for matching: lower case, no accents, no prefix such as "Wijk 01", only letters/digits.

    Example
    -------
    >>> [_naam(v) for v in ("Wijk 01 Assen-Oost", "Kern Vlieland", "Súdwest-Fryslân (gemeente)", "Wijk 00",
    ...                     "Dorpsstraat", "Kernhem")]
    ['assenoost', 'vlieland', 'sudwestfryslan', 'wijk00', 'dorpsstraat', 'kernhem']
    """
    s = _vouw(v).strip()
    kaal = _PREFIX.sub("", _SUFFIX.sub("", s))
    return re.sub(r"[\W_]+", "", kaal) or re.sub(r"[\W_]+", "", s)   # "Wijk 00" alone stays a name


def _gemeente(gebieden: Any) -> tuple[str | None, str | None]:
    """(code, naam) of the gemeente the indeling belongs to, when known."""
    code = naam = None
    if not isinstance(gebieden, pd.DataFrame):   # a GemeenteData; a table's "code" is a column
        code, naam = getattr(gebieden, "code", None), getattr(gebieden, "naam", None)
    g = gebieden.gebieden if hasattr(gebieden, "gebieden") else gebieden
    if (code is None or naam is None) and isinstance(g, pd.DataFrame) and "niveau" in g.columns:
        gem = g[g["niveau"].astype(str) == "gemeente"]
        if len(gem):
            code = code or str(gem.index[0] if "code" not in gem.columns else gem["code"].iloc[0])
            if naam is None and "naam" in gem.columns:
                naam = str(gem["naam"].iloc[0])
    return (str(code) if code else None), (str(naam) if naam else None)


def _indeling(gebieden: Any) -> pd.DataFrame:
    """code (index), naam, niveau, ouder: from a GemeenteData, (Geo)DataFrame or an own indeling table."""
    g = gebieden.gebieden if hasattr(gebieden, "gebieden") else gebieden
    if not isinstance(g, pd.DataFrame):
        raise OngeldigeInvoer("gebieden moet een GemeenteData (wijkscan.load(...)) of een tabel met code en naam zijn.")
    g = pd.DataFrame(g).copy()
    if "code" in g.columns:
        g = g.set_index("code")
    if "naam" not in g.columns:
        g["naam"] = g.index.astype(str)
    if "niveau" not in g.columns:
        g["niveau"] = "eigen indeling"
    ouder = g["wijk"] if "wijk" in g.columns else pd.Series(None, index=g.index, dtype=object)
    out = pd.DataFrame({"naam": g["naam"].astype(str), "niveau": g["niveau"].astype(str), "ouder": ouder.astype(object)},
                       index=g.index.astype(str))
    return out[out.niveau != "gemeente"]


def lees_koppeling(bron: str | Path | Mapping[str, str] | pd.DataFrame) -> dict[str, str]:
    """A table name → code (``naam;code`` CSV, a DataFrame or a dict) as folded name → code.

    Example
    -------
    >>> lees_koppeling({"Kloosterveen-Noord": "WK010608"})
    {'kloosterveennoord': 'WK010608'}
    """
    if isinstance(bron, Mapping):
        paren = [(str(k), str(v)) for k, v in bron.items()]
    else:
        if isinstance(bron, pd.DataFrame):
            df = bron
        else:
            pad = Path(bron)
            if not pad.is_file():
                raise OngeldigeInvoer(f"Koppeltabel {pad} bestaat niet. Geef een CSV met de kolommen naam en code.")
            df = pd.read_csv(pad, sep=None, engine="python", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        kol = {_vouw(c).strip(): c for c in df.columns}
        if "naam" not in kol or "code" not in kol:
            raise OngeldigeInvoer("De koppeltabel moet de kolommen 'naam' en 'code' hebben (één regel per naam uit "
                                  f"het meldingenbestand). Gevonden: {', '.join(map(str, df.columns))}.")
        paren = list(zip(df[kol["naam"]].astype(str), df[kol["code"]].astype(str), strict=True))
    return {_naam(k): v.strip() for k, v in paren if str(k).strip()}


def _per_niveau(ind: pd.DataFrame) -> dict[str, dict[str, str]]:
    per: dict[str, dict[str, str]] = {}
    for code, naam, nv in zip(ind.index, ind["naam"], ind["niveau"], strict=True):
        per.setdefault(nv, {}).setdefault(_naam(naam), code)
    return per


def _kies_niveaus(uniek: list[str], per: dict[str, dict[str, str]], codes_upper: dict[str, str],
                  soort: str) -> list[str]:
    """Levels in the order names are tried: the one matching most distinct values first."""
    niveaus = list(dict.fromkeys([*_VOORKEUR.get(soort, ()), *per]))
    treffers = {nv: sum(1 for u in uniek if _naam(u) in per.get(nv, {}) or u.upper() in codes_upper) for nv in niveaus}
    return sorted(niveaus, key=lambda nv: (-treffers[nv], niveaus.index(nv)))


def _zoek(u: str, niveaus: list[str], per: dict[str, dict[str, str]]) -> tuple[str, bool] | None:
    k = _naam(u)
    for nv in niveaus:
        if k in per.get(nv, {}):
            return per[nv][k], False
    if not k:
        return None
    for nv in niveaus:
        bijna = difflib.get_close_matches(k, list(per.get(nv, {})), n=1, cutoff=FUZZY_DREMPEL)
        if bijna:
            return per[nv][bijna[0]], True
    return None


def _koppel_waarde(u: str, ctx: dict[str, Any]) -> tuple[str, bool] | None:
    """The code a distinct value maps to (and whether it was a close name), or None."""
    k = _naam(u)
    if k in ctx["koppeling"]:
        code = ctx["koppeling"][k]
        if code.upper() not in ctx["codes_upper"] and code != ctx["gemeentecode"]:
            raise OngeldigeInvoer(f"Koppeltabel: code {code!r} (voor {u!r}) staat niet in de indeling. Gebruik "
                                  "buurt- of wijkcodes zoals BU01060000 of WK010600.")
        return ctx["codes_upper"].get(code.upper(), code), False
    if k in ctx["breed"]:
        # also in a gemeente of one wijk (Vlieland): gemeente-wide is no buurt; the count adds it to that wijk
        return ctx["gemeentecode"], False
    if u.upper() in ctx["codes_upper"]:
        return ctx["codes_upper"][u.upper()], False
    return _zoek(u, ctx["niveaus"], ctx["per"])


def koppel_gebiedsnamen(waarden: pd.Series, gebieden: IndelingBron, soort: str = "wijk",
                        rijen: np.ndarray | None = None,
                        koppeling: Mapping[str, str] | None = None) -> Koppeling:
    """Match area codes or names to the indeling.

    Parameters
    ----------
    waarden : Series
        The area column.
    gebieden : GemeenteData, GeoDataFrame or DataFrame (code, naam[, niveau])
        The indeling. With a GemeenteData, the gemeente's own name means "the whole gemeente".
    soort : {"buurt", "wijk", "stadsdeel", "kern"}
        What the column holds; decides which level is tried first.
    rijen : bool array, optional
        Only these rows need a match.
    koppeling : mapping, optional
        Folded name → code (:func:`lees_koppeling`), tried before anything else.

    Example
    -------
    >>> ind = pd.DataFrame({"code": ["WK1", "WK2"], "naam": ["Peelo", "Kloosterveen"], "niveau": "wijk"})
    >>> k = koppel_gebiedsnamen(pd.Series(["Wijk 06 Peelo", "KLOOSTERVEEN", "Kloostervene", "Parijs"]), ind)
    >>> list(k.codes), [bool(f) for f in k.fuzzy], k.onbekend
    (['WK1', 'WK2', 'WK2', None], [False, False, True, False], ['Parijs'])
    """
    ind = _indeling(gebieden)
    gemeentecode, gemeentenaam = _gemeente(gebieden)
    n = len(waarden)
    rijen = np.ones(n, dtype=bool) if rijen is None else rijen
    s = pd.Series(waarden.to_numpy(dtype=object), index=range(n))
    sleutel = s.where(s.notna(), "").astype(str).str.strip().to_numpy(dtype=object)
    uniek = [u for u in pd.unique(sleutel[rijen])]
    codes_upper = {c.upper(): c for c in ind.index}
    per = _per_niveau(ind)
    breed = set(GEMEENTEBREED) if gemeentecode else set()
    if gemeentecode and gemeentenaam:
        breed |= {_naam(gemeentenaam), _naam(f"gemeente {gemeentenaam}")}
    ctx: dict[str, Any] = {"koppeling": dict(koppeling or {}), "breed": breed, "gemeentecode": gemeentecode,
           "codes_upper": codes_upper, "per": per,
           "niveaus": _kies_niveaus([u for u in uniek if _naam(u) not in breed], per, codes_upper, soort)}
    gevonden: dict[str, tuple[str, bool]] = {}
    onbekend: list[str] = []
    for u in uniek:
        hit = _koppel_waarde(u, ctx)
        if hit is not None:
            gevonden[u] = hit
        elif u:
            onbekend.append(u)
    alle_namen = {_naam(nm): nm for nm in ind["naam"]}
    suggesties = {u: [alle_namen[b] for b in difflib.get_close_matches(_naam(u), list(alle_namen), n=3, cutoff=0.5)]
                  for u in onbekend}
    codes = np.full(n, None, dtype=object)
    fuzzy = np.zeros(n, dtype=bool)
    for u, (code, bijna) in gevonden.items():
        m = rijen & (sleutel == u)
        codes[m] = code
        fuzzy[m] = bijna
    ouder_map = {k: (None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))
                 for k, v in ind["ouder"].items()}
    ouders = np.array([ouder_map.get(c) if c is not None else None for c in codes], dtype=object)
    niveau_van = ind["niveau"].to_dict()
    gebruikte = pd.Series([niveau_van[c] for c in codes if c is not None and c in niveau_van])
    niveau = gebruikte.value_counts().index[0] if len(gebruikte) else (ctx["niveaus"] or [None])[0]
    return Koppeling(codes=codes, ouders=ouders, fuzzy=fuzzy, niveau=niveau, onbekend=onbekend,
                     gemeentebreed=(codes == gemeentecode) & rijen if gemeentecode else np.zeros(n, dtype=bool),
                     suggesties=suggesties,
                     niveaus={nv: str(int((gebruikte == nv).sum())) for nv in gebruikte.unique()})


def naamscore(waarden: pd.Series, gebieden: IndelingBron) -> float:
    """Share of the non-empty values of a column that are area names or codes of the indeling (or the gemeente).

    Used to recognise an area column by its values when its name says nothing (``areaName``, ``locatie_1``).

    Example
    -------
    >>> ind = pd.DataFrame({"code": ["WK1", "WK2"], "naam": ["Peelo", "Kloosterveen"], "niveau": "wijk"})
    >>> naamscore(pd.Series(["Peelo", "peelo", "Parijs", None]), ind)
    0.6666666666666666
    """
    s = waarden.dropna().astype(str).str.strip()
    s = s[s != ""]
    if s.empty:
        return 0.0
    telling = s.value_counts()
    if len(telling) > 2000:
        return 0.0
    ind = _indeling(gebieden)
    bekend = {_naam(nm) for nm in ind["naam"]} | {c.upper() for c in ind.index}
    _, gemeentenaam = _gemeente(gebieden)
    if gemeentenaam:
        bekend.add(_naam(gemeentenaam))
    raak = sum(int(v) for u, v in telling.items() if _naam(u) in bekend or u.upper() in bekend)
    return raak / int(telling.sum())
