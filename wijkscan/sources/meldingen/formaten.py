"""File formats: from a path (or table) to one table of cells, whatever the MOR system wrote.

Recognised by content, not only by extension: CSV/TSV/"Unicode-tekst" (separator, encoding and
header row detected), XLSX/XLS/ODS (the sheet holding the data, title rows above the header),
GeoJSON (any ``crs`` member or none), Signalen JSON (the export list and the API shape
``{"results": [{"location": {"geometrie": ...}, "category": {"main": ..., "sub": ...}}]}``),
GeoPackage and Shapefile (also zipped), and any of them gzip-compressed.

A line that cannot be split into the header's columns (an unquoted separator in a description,
a truncated last line) does not stop the import: it becomes a row marked ``kapot`` with its line
number, so that the reader can reject it with a reason. A file that cannot be read at all
raises :class:`~wijkscan.errors.OngeldigeInvoer` with one Dutch sentence.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import os
import re
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from ...errors import OngeldigeInvoer
from ...nlformat import getal
from .coordinaten import RD
from .kolommen import kopregel_score
from .teksten import optie

#: how many leading lines/rows are searched for the header row
#: what the reader accepts: a path (str or Path), a DataFrame/GeoDataFrame, or a list of records (Signalen JSON)
Bron: TypeAlias = str | os.PathLike[str] | pd.DataFrame | gpd.GeoDataFrame | Sequence[Mapping[str, object]]

ZOEK_KOPREGEL = 30
SCHEIDINGSTEKENS = (";", "\t", ",", "|")


@dataclass
class Tabel:
    """One table of cells read from a source, before any validation."""

    df: pd.DataFrame
    formaat: str
    naam: str
    stelsel: str | None = None          # "rd" / "wgs84" for the _geometrie_ columns, None: decide by value
    regels: np.ndarray | None = None    # line (text) or row (spreadsheet) number of each row, 1-based
    kapot: np.ndarray | None = None     # per row: "" or why the line could not be read (Dutch)
    blad: str | None = None
    scheiding: str | None = None
    codering: str | None = None
    kopregel: int | None = None         # line/row number of the header


# --------------------------------------------------------------------------------------------- bytes


#: a compressed file is read in pieces and refused when it expands beyond this many bytes (a "zip bomb"),
#: or beyond :data:`MAX_VERHOUDING` times its own size (at least :data:`MIN_UITGEPAKT`)
MAX_UITGEPAKT = 512 * 1024 * 1024
MAX_VERHOUDING = 60
MIN_UITGEPAKT = 64 * 1024 * 1024
#: a text line longer than this, or a header with more fields, is not a meldingen export
MAX_REGEL = 1_000_000
MAX_VELDEN = 1_000


def _open_bytes(pad: Path) -> bytes:
    """The file's bytes; a gzip file decompressed in pieces with a limit on the expanded size."""
    with open(pad, "rb") as fh:
        if fh.read(2) != b"\x1f\x8b":
            return pad.read_bytes()
    grens = min(MAX_UITGEPAKT, max(MIN_UITGEPAKT, MAX_VERHOUDING * pad.stat().st_size))
    delen: list[bytes] = []
    totaal = 0
    try:
        with gzip.open(pad, "rb") as fh:
            while True:
                stuk = fh.read(4 * 1024 * 1024)
                if not stuk:
                    break
                totaal += len(stuk)
                if totaal > grens:
                    raise OngeldigeInvoer(
                        f"Het gecomprimeerde bestand {pad.name} pakt uit tot meer dan {getal(grens // 1024 ** 2)} MB "
                        f"(het is zelf {getal(max(1, pad.stat().st_size // 1024 ** 2))} MB). Zo groot is geen "
                        "meldingenexport; controleer het bestand, of pak het zelf uit en geef het uitgepakte bestand op.")
                delen.append(stuk)
    except (EOFError, OSError, zlib.error) as e:
        raise OngeldigeInvoer(
            f"Het gecomprimeerde bestand {pad.name} is beschadigd of niet volledig ({type(e).__name__}). "
            "Download of exporteer het opnieuw."
        ) from e
    return b"".join(delen)


def _te_veel_velden(rijen: list[list[str]], naam: str) -> None:
    if max((len(r) for r in rijen), default=0) > MAX_VELDEN:
        raise OngeldigeInvoer(f"{naam} heeft een regel met meer dan {getal(MAX_VELDEN)} velden. Een meldingenexport heeft "
                              "hooguit enkele tientallen kolommen; controleer het scheidingsteken ("
                              + optie("scheiding=", "--scheiding") + ") of het bestand.")


def _lange_regel(text: str | bytes) -> int | None:
    """Where a line longer than :data:`MAX_REGEL` starts (characters, or bytes for bytes), or None."""
    nl: Any = "\n" if isinstance(text, str) else b"\n"
    pos, n = 0, len(text)
    while n - pos > MAX_REGEL:               # jump to the LAST line end within reach: a few steps per file
        i = text.rfind(nl, pos, pos + MAX_REGEL + 1)
        if i < 0:
            break
        pos = i + 1
    return pos if n - pos > MAX_REGEL else None


def _te_lange_regel(text: str, naam: str) -> None:
    """Refuse a text whose lines are absurdly long (a file without line breaks, a binary blob)."""
    pos = _lange_regel(text)
    if pos is not None:
        regel = text.count("\n", 0, pos) + 1
        raise OngeldigeInvoer(
            f"Regel {getal(regel)} van {naam} is langer dan {getal(MAX_REGEL)} tekens. Een meldingenexport heeft één "
            "regel per melding; is het bestand zonder regeleinden opgeslagen, of is het geen CSV-bestand? Exporteer "
            "het opnieuw als CSV of Excel.")


def _decodeer(data: bytes, codering: str | None = None) -> tuple[str, str]:
    """Text and the encoding used: BOM first, then UTF-16 without BOM (NUL bytes), UTF-8, cp1252."""
    if codering:
        try:
            return data.decode(codering), codering
        except (UnicodeDecodeError, LookupError) as e:
            raise OngeldigeInvoer(
                f"Het bestand is niet te lezen als {codering!r} ({e}). Laat codering= weg: dan herken ik het zelf."
            ) from e
    if data.startswith(codecs.BOM_UTF8):
        return str(memoryview(data)[3:], "utf-8", "replace"), "utf-8-sig"   # no copy of the bytes
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    kop = data[:4000]
    if len(kop) >= 4:
        even, oneven = kop[0::2].count(0), kop[1::2].count(0)
        if oneven > len(kop) * 0.3 and even < len(kop) * 0.05:
            return data.decode("utf-16-le", errors="replace"), "utf-16-le"
        if even > len(kop) * 0.3 and oneven < len(kop) * 0.05:
            return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _snelle_codering(data: bytes, codering: str | None) -> str | None:
    """The encoding when the text need not be decoded as a whole first, else None.

    UTF-8 with a BOM (decoded with replacement characters, as :func:`_decodeer` does) and pure ASCII
    (valid UTF-8; no NUL bytes, which would point to UTF-16): the C parser decodes these itself.
    """
    if codering or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4000]:
        return None
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return "utf-8" if data.isascii() else None


@dataclass
class _Tekst:
    """A text file's text, decoded as a whole only when a slow path needs it (the C parser decodes the bytes)."""

    data: bytes
    codering: str | None
    enc: str
    kop: str                  # the first 400,000 characters
    text: str | None = None   # the whole text, once decoded

    @classmethod
    def van(cls, data: bytes, codering: str | None) -> _Tekst:
        enc = _snelle_codering(data, codering)
        if enc is not None:
            begin = len(codecs.BOM_UTF8) if enc == "utf-8-sig" else 0
            kop = data[begin:begin + 1_600_000].decode("utf-8", "replace")[:400_000]   # ≥ 400,000 characters
            if not kop.startswith("\ufeff"):
                return cls(data, codering, enc, kop)
        text, enc = _decodeer(data, codering)
        if text.startswith("\ufeff"):
            text = text[1:]
        return cls(data, codering, enc, text[:400_000], text)

    def volledig(self) -> str:
        if self.text is None:
            self.text = _decodeer(self.data, self.codering)[0]
        return self.text

    def bevat(self, teken: str) -> bool:
        return teken in self.text if self.text is not None else teken.encode() in self.data

    def telling(self, teken: str) -> int:
        """How often ``teken`` occurs (in the bytes when undecoded: an ASCII character is one byte in UTF-8)."""
        return self.text.count(teken) if self.text is not None else self.data.count(teken.encode())


def _is_binair(text: str) -> bool:
    proef = text[:20_000]
    if not proef:
        return False
    stuur = sum(1 for c in proef if (ord(c) < 32 and c not in "\t\r\n\f") or c == "\ufffd")
    return stuur > max(2, len(proef) * 0.01)


# --------------------------------------------------------------------------------------------- CSV


def _kies_scheiding(regels: list[str]) -> str | None:
    """The separator that splits the sample lines most consistently into more than one field."""
    beste, beste_score = None, (0, 0.0)
    for sep in SCHEIDINGSTEKENS:
        rijen = [_splits(r, sep) for r in regels]   # line by line: a stray quote cannot swallow the rest
        tellingen = [len(r) for r in rijen if len(r) > 1]
        if not tellingen:
            continue
        modus, hoe_vaak = Counter(tellingen).most_common(1)[0]
        score = (_kopregel(rijen)[1], hoe_vaak * (1 + 0.01 * modus))   # a recognisable header first
        if score > beste_score:
            beste, beste_score = sep, score
    return beste


def _splits(regel: str, sep: str) -> list[str]:
    try:
        return next(csv.reader([regel], delimiter=sep))
    except (csv.Error, StopIteration):
        return [regel]


def _kopregel(rijen: list[list[Any]]) -> tuple[int, int]:
    """(index of the header row, its score): the first row naming the most standard columns."""
    beste, score = 0, 0
    for i, rij in enumerate(rijen[:ZOEK_KOPREGEL]):
        s = kopregel_score(rij)
        if s > score:
            beste, score = i, s
    if score == 0:   # nothing recognisable: the first row with the usual number of filled cells
        gevuld = [sum(1 for c in r if c is not None and str(c).strip() and str(c) != "nan") for r in rijen[:ZOEK_KOPREGEL]]
        if gevuld:
            meest = Counter(g for g in gevuld if g > 0).most_common(1)
            if meest:
                beste = next(i for i, g in enumerate(gevuld) if g == meest[0][0])
    return beste, score


def _unieke_namen(namen: list[Any]) -> list[str]:
    out: list[str] = []
    gezien: Counter[str] = Counter()
    for i, n in enumerate(namen):
        s = "" if n is None or (isinstance(n, float) and np.isnan(n)) else str(n).strip()
        s = s or f"kolom_{i + 1}"
        gezien[s] += 1
        out.append(s if gezien[s] == 1 else f"{s}_{gezien[s]}")
    return out


def lees_csv(data: bytes, naam: str, scheiding: str | None = None, codering: str | None = None) -> Tabel:
    """A delimited text file: encoding, separator and header row found by content.

    Example
    -------
    >>> t = lees_csv("Export meldingen\\nnr;datum;lat;lon\\n1;01-06-2026;53,0;6,56\\n2;a;b\\n".encode(), "x.csv")
    >>> t.kopregel, list(t.df.columns), list(t.kapot)
    (2, ['nr', 'datum', 'lat', 'lon'], ['', 'regel 4: 3 velden in plaats van 4'])
    """
    tekst = _Tekst.van(data, codering)
    enc, kop_tekst = tekst.enc, tekst.kop
    if _is_binair(kop_tekst):
        raise OngeldigeInvoer(
            f"{naam} is geen tekstbestand (CSV) maar bevat binaire gegevens. Is het een ander soort bestand "
            "(Excel, zip) met een verkeerde extensie, of is het beschadigd?"
        )
    if tekst.text is not None or _lange_regel(data) is not None:   # bytes ≥ characters: only then count characters
        _te_lange_regel(tekst.volledig(), naam)
    proef = kop_tekst.splitlines()[: ZOEK_KOPREGEL + 20]
    proef_vol = [r for r in proef if r.strip()]
    sep = scheiding or _kies_scheiding(proef_vol)
    if sep is None:
        raise OngeldigeInvoer(
            f"Ik herken geen scheidingsteken (; , tab of |) in {naam}. Controleer of het een CSV-bestand met een "
            "kopregel is, of geef het scheidingsteken op (scheiding=';' of --scheiding ';')."
        )
    rijen = [_splits(r, sep) for r in proef]
    _te_veel_velden(rijen, naam)
    kop_i, _ = _kopregel(rijen)
    kopregel = kop_i + 1
    # fast path: the C parser reading the bytes (object columns: plain Python strings); a line with too many
    # fields raises, one with too few is found by counting separators (or, with quotes, line by line)
    df = None
    try:
        if enc in ("utf-8", "utf-8-sig", "cp1252", "latin-1") and data is not None:
            bron_io: Any = io.BytesIO(data)
            extra: dict[str, Any] = {"encoding": enc, "encoding_errors": "replace"}
        else:
            bron_io, extra = io.StringIO(tekst.volledig()), {}
        decimaal, getalkolommen = _getalkolommen(rijen, kop_i)
        kop = rijen[kop_i] if kop_i < len(rijen) else []
        if len(set(kop)) < len(kop) or not all(kop):   # names pandas would change: no number hints
            getalkolommen = {}
        soort: Any = {c: object for c in kop if c not in getalkolommen} if getalkolommen else object
        df = pd.read_csv(bron_io, sep=sep, skiprows=kop_i, dtype=soort, keep_default_na=False,
                         na_values=getalkolommen or [],
                         decimal=decimaal, skip_blank_lines=True, engine="c", quoting=csv.QUOTE_MINIMAL, **extra)
    except (pd.errors.ParserError, ValueError, csv.Error, UnicodeError):
        df = None
    if df is not None:
        df.columns = _unieke_namen(list(df.columns))
        n = len(df)
        k = df.shape[1]
        regels = None
        kort: bool | None = None
        if k > 1 and not tekst.bevat('"'):
            kop_regels = (kop_tekst if kop_tekst.count("\n") > kop_i else tekst.volledig()).split("\n", kop_i + 1)
            kort = tekst.telling(sep) != (k - 1) * n + sum(r.count(sep) for r in kop_regels[: kop_i + 1])
        if kort:
            df = None
        elif n < 200_000 or kort is None:
            rest = tekst.volledig().split("\n")[kop_i + 1:]
            nummers = np.array([i for i, r in enumerate(rest, start=kopregel + 1) if r.strip()], dtype=np.int64)
            if len(nummers) == n:
                regels = nummers
            if kort is None and regels is not None and _korte_regel(df, rest, regels, kopregel, sep):
                df = None
        elif n:
            regels = np.arange(kopregel + 1, kopregel + 1 + n)   # large clean files: one line per row
    if df is not None:
        return Tabel(df, "CSV", naam, regels=regels, kapot=np.full(n, "", dtype=object), scheiding=sep,
                     codering=enc, kopregel=kopregel)
    snel = _lees_csv_zonder_kapotte_regels(tekst.volledig(), naam, sep, enc, kop_i)
    return snel if snel is not None else _lees_csv_regel_voor_regel(tekst.volledig(), naam, sep, enc, kop_i)


_DECIMAALGETAL = re.compile(r"^\s*[+-]?\d+([.,])\d+\s*$")


def _getalkolommen(rijen: list[list[str]], kop_i: int) -> tuple[str, dict[str, list[str]]]:
    """(decimal mark, {column name: [""]}) for the columns whose sample values are all decimal numbers.

    Those (the coordinates) are parsed by the C parser itself; a later value that is no such number
    leaves the column as text, which the reader then parses (and checks) as before.

    Example
    -------
    >>> _getalkolommen([["id", "lat", "x"], ["1", "53,01", "a"], ["2", "", "b"], ["3", "6,5", "c"]], 0)
    (',', {'lat': ['']})
    """
    kop = rijen[kop_i] if kop_i < len(rijen) else []
    data = [r for r in rijen[kop_i + 1:] if len(r) == len(kop)]
    per_teken: dict[str, set[int]] = {",": set(), ".": set()}
    for i in range(len(kop)):
        waarden = [r[i] for r in data if r[i].strip()]
        treffers = [_DECIMAALGETAL.match(v) for v in waarden]
        if waarden and all(treffers):
            tekens = {m.group(1) for m in treffers if m}
            if len(tekens) == 1:
                per_teken[tekens.pop()].add(i)
    teken = "," if len(per_teken[","]) >= len(per_teken["."]) else "."
    return teken, {kop[i]: [""] for i in sorted(per_teken[teken])}


def _korte_regel(df: pd.DataFrame, rest: list[str], regels: np.ndarray, kopregel: int, sep: str) -> bool:
    """True when a line has too few fields (it looks like one with empty trailing cells: count its fields)."""
    k = df.shape[1]
    laatste = df.iloc[:, -1]
    kandidaat = np.nonzero((laatste.isna() | (laatste == "")).to_numpy(dtype=bool))[0] if k > 1 \
        else np.zeros(0, dtype=int)
    for i in kandidaat:
        lijn = rest[regels[i] - kopregel - 1]
        velden = lijn.count(sep) + 1 if '"' not in lijn else len(_splits(lijn, sep))
        if velden != k:
            return True
    return False


def _kapot_tekst(velden: list[str], regel: int, k: int) -> str:
    return f"regel {regel}: {getal(len(velden))} {'veld' if len(velden) == 1 else 'velden'} in plaats van {getal(k)}"


def _lees_csv_zonder_kapotte_regels(text: str, naam: str, sep: str, enc: str, kop_i: int) -> Tabel | None:
    """Broken lines found by counting fields per line; the good lines read by the C parser.

    Returns None when a line has an odd number of quotes (a field over several lines, or a stray
    quote): then only the line-by-line reader can tell the rows apart.
    """
    lijnen = text.split("\n")
    if kop_i >= len(lijnen):
        return None
    kop = _splits(lijnen[kop_i].rstrip("\r"), sep)
    k = len(kop)
    goed: list[int] = []
    kapot: dict[int, list[str]] = {}
    for i in range(kop_i + 1, len(lijnen)):
        lijn = lijnen[i].rstrip("\r")
        if not lijn.strip():
            continue
        if '"' in lijn:
            if lijn.count('"') % 2:
                return None
            velden = _splits(lijn, sep)
            if len(velden) != k:
                kapot[i] = velden
                continue
        elif lijn.count(sep) != k - 1:
            kapot[i] = lijn.split(sep)
            continue
        goed.append(i)
    try:
        df = pd.read_csv(io.StringIO("\n".join([lijnen[kop_i], *(lijnen[i] for i in goed)])), sep=sep, dtype=object,
                         keep_default_na=False, na_values=[], skip_blank_lines=True, engine="c")
    except (pd.errors.ParserError, ValueError, csv.Error):
        return None
    if len(df) != len(goed):
        return None
    namen = _unieke_namen(list(df.columns))
    df.columns = namen
    slecht = pd.DataFrame([(v + [""] * k)[:k] for v in kapot.values()], columns=namen, dtype=object)
    regels = np.array([*goed, *kapot], dtype=np.int64) + 1
    fout = np.array([""] * len(goed) + [_kapot_tekst(v, i + 1, k) for i, v in kapot.items()], dtype=object)
    alles = pd.concat([df, slecht], ignore_index=True)
    volgorde = np.argsort(regels, kind="stable")
    alles = alles.iloc[volgorde].reset_index(drop=True)
    return Tabel(alles, "CSV", naam, regels=regels[volgorde], kapot=fout[volgorde], scheiding=sep, codering=enc,
                 kopregel=kop_i + 1)


def _lees_csv_regel_voor_regel(text: str, naam: str, sep: str, enc: str, kop_i: int) -> Tabel:
    """Slow path for files with broken lines: every line becomes a row, good or marked kapot."""
    lijnen = text.splitlines()
    kop = next(csv.reader([lijnen[kop_i]], delimiter=sep))
    namen = _unieke_namen(kop)
    k = len(namen)
    rijen: list[list[str]] = []
    regels: list[int] = []
    kapot: list[str] = []

    def voeg_toe(velden: list[str], regel: int, fout: str = "") -> None:
        if not fout and len(velden) != k:
            fout = _kapot_tekst(velden, regel, k)
        rijen.append((velden + [""] * k)[:k])
        regels.append(regel)
        kapot.append(fout)

    tekst_rest = "\n".join(lijnen[kop_i + 1:])
    lezer = csv.reader(io.StringIO(tekst_rest), delimiter=sep)
    vorige = 0
    while True:
        try:
            velden = next(lezer)
        except StopIteration:
            break
        except csv.Error as e:   # e.g. NUL byte or field too large: the line itself is the row
            regel = kop_i + 2 + lezer.line_num - 1
            voeg_toe([], regel, f"regel {regel}: niet te lezen ({e})")
            vorige = lezer.line_num
            continue
        eerste, laatste = vorige + 1, lezer.line_num
        vorige = laatste
        if not velden or all(not v.strip() for v in velden):
            continue
        if len(velden) != k and laatste > eerste:
            # a stray quote swallowed the next lines: read those lines one by one
            for j in range(eerste, laatste + 1):
                lijn = lijnen[kop_i + j] if kop_i + j < len(lijnen) else ""
                if not lijn.strip():
                    continue
                try:
                    v = next(csv.reader([lijn], delimiter=sep))
                except (csv.Error, StopIteration):
                    v = [lijn]
                voeg_toe(v, kop_i + 1 + j)
            continue
        voeg_toe(velden, kop_i + 1 + eerste)
    df = pd.DataFrame(rijen, columns=namen, dtype=object) if rijen else pd.DataFrame(columns=namen)
    return Tabel(df, "CSV", naam, regels=np.array(regels, dtype=np.int64), kapot=np.array(kapot, dtype=object),
                 scheiding=sep, codering=enc, kopregel=kop_i + 1)


# --------------------------------------------------------------------------------------------- spreadsheets


def _rauw_naar_tabel(rauw: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, int]:
    """A sheet read without header → (table under the detected header, sheet row numbers, header row)."""
    rauw = rauw.dropna(how="all", axis=1)
    rijen = rauw.head(ZOEK_KOPREGEL).astype(object).where(rauw.head(ZOEK_KOPREGEL).notna(), None).values.tolist()
    kop_i, _ = _kopregel(rijen)
    kop = rauw.iloc[kop_i].tolist()
    data = rauw.iloc[kop_i + 1:]
    data = data.loc[:, [not (pd.isna(k) and data[c].isna().all()) for c, k in zip(data.columns, kop, strict=True)]]
    kop = [k for c, k in zip(rauw.columns, kop, strict=True) if c in data.columns]
    leeg = data.apply(lambda s: s.isna() | s.astype(str).str.strip().eq(""), axis=0).all(axis=1)
    data = data[~leeg.to_numpy()]
    regels = data.index.to_numpy(dtype=np.int64) + 1   # 0-based sheet row → Excel row number
    data = data.reset_index(drop=True)
    data.columns = _unieke_namen(kop)
    return data, regels, kop_i + 1


def lees_spreadsheet(pad: Path, soort: str, blad: int | str | None = None) -> Tabel:
    """XLSX, XLS or ODS: the sheet holding the data (or ``blad``), header below any title rows."""
    engine = {"xlsx": "openpyxl", "xls": "xlrd", "ods": "odf"}[soort]
    label = soort.upper()
    try:
        extra = {"engine_kwargs": {"logfile": io.StringIO()}} if engine == "xlrd" else {}   # xlrd talks on stdout
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # deprecation and "unknown extension" chatter of the engines
            bladen = pd.read_excel(pad, sheet_name=None, header=None, dtype=object, engine=engine, **extra)
    except ImportError as e:
        raise OngeldigeInvoer(f"Voor {label}-bestanden is een extra pakket nodig ({e}). Sla het op als .xlsx of .csv.") from e
    except Exception as e:  # the engines raise many kinds of errors for broken files
        raise OngeldigeInvoer(
            f"Het {label}-bestand {pad.name} is niet te lezen ({type(e).__name__}). Is het beschadigd of "
            "niet volledig? Open het in Excel/LibreOffice en sla het opnieuw op."
        ) from e
    if not bladen:
        raise OngeldigeInvoer(f"Het {label}-bestand {pad.name} heeft geen werkbladen.")
    namen = list(bladen)
    if blad is not None and blad != "":
        if isinstance(blad, int) or (isinstance(blad, str) and blad.isdigit() and blad not in bladen):
            i = int(blad)
            if not 0 <= i < len(namen):
                raise OngeldigeInvoer(f"Werkblad {i} bestaat niet; {pad.name} heeft de bladen {', '.join(namen)} "
                                      f"(tel vanaf 0, of geef de naam).")
            kies = namen[i]
        elif blad in bladen:
            kies = str(blad)
        else:
            raise OngeldigeInvoer(f"Werkblad {blad!r} staat niet in {pad.name}. Wel: {', '.join(namen)}.")
    else:
        def score(naam: str) -> tuple[int, int]:
            b = bladen[naam]
            rijen = b.head(ZOEK_KOPREGEL).astype(object).where(b.head(ZOEK_KOPREGEL).notna(), None).values.tolist()
            return _kopregel(rijen)[1], len(b)
        kies = max(namen, key=score)
    rauw = bladen[kies]
    if rauw.dropna(how="all").empty:
        return Tabel(pd.DataFrame(), label, pad.name, regels=np.zeros(0, dtype=np.int64),
                     kapot=np.zeros(0, dtype=object), blad=kies)
    df, regels, kop = _rauw_naar_tabel(rauw)
    return Tabel(df, label, pad.name, regels=regels, kapot=np.full(len(df), "", dtype=object), blad=str(kies),
                 kopregel=kop)


# --------------------------------------------------------------------------------------------- JSON


def _epsg(crs_naam: str) -> int | None:
    if not crs_naam:
        return None
    if "CRS84" in crs_naam.upper():
        return 4326
    m = re.search(r"(\d{4,6})\s*$", crs_naam)
    if m:
        return int(m.group(1))
    try:
        return CRS.from_user_input(crs_naam).to_epsg()
    except Exception:  # pyproj raises CRSError and others
        return None


def _geometrie_kolommen(df: pd.DataFrame) -> pd.DataFrame:
    """Point coordinates hidden in a nested column (Signalen API: ``location.geometrie.coordinates``)."""
    for kol in df.columns:
        k = str(kol)
        if k.endswith(("geometrie.coordinates", "geometry.coordinates")) and "_geometrie_1" not in df.columns:
            waarden = df[kol].to_numpy(dtype=object)
            a = [v[0] if isinstance(v, (list, tuple)) and len(v) >= 2 else None for v in waarden]
            b = [v[1] if isinstance(v, (list, tuple)) and len(v) >= 2 else None for v in waarden]
            typekol = k[: -len("coordinates")] + "type"
            soort = df[typekol].astype(object).where(df[typekol].notna(), "leeg") if typekol in df else \
                pd.Series(["Point" if x is not None else "leeg" for x in a], index=df.index)
            df = df.drop(columns=[kol, *([typekol] if typekol in df else [])])
            df["_geometrie_type"] = soort.to_numpy(dtype=object)
            df["_geometrie_1"] = a
            df["_geometrie_2"] = b
    return df


def _plat(records: list[Any]) -> pd.DataFrame:
    if not records:
        return pd.DataFrame()
    if not all(isinstance(r, dict) for r in records):
        raise OngeldigeInvoer("Het JSON-bestand bevat een lijst, maar niet van objecten (records).")
    return _geometrie_kolommen(pd.json_normalize(records, sep="."))


def _geojson_records(obj: dict[str, Any]) -> tuple[pd.DataFrame, str | None]:
    features = obj.get("features") or []
    crs = obj.get("crs")
    crs_naam = str((crs.get("properties") or {}).get("name", "")) if isinstance(crs, dict) else ""
    epsg = _epsg(crs_naam)
    rows = []
    for f in features:
        f = f if isinstance(f, dict) else {}
        props = dict(f.get("properties") or {})
        geom = f.get("geometry")
        a = b = None
        soort = "leeg"
        if isinstance(geom, dict):
            soort = str(geom.get("type"))
            coords = geom.get("coordinates")
            if soort == "Point" and isinstance(coords, (list, tuple)) and len(coords) >= 2:
                a, b = coords[0], coords[1]
        props["_geometrie_type"] = soort
        props["_geometrie_1"] = a
        props["_geometrie_2"] = b
        rows.append(props)
    df = pd.json_normalize(rows, sep=".") if rows else pd.DataFrame(
        columns=["_geometrie_type", "_geometrie_1", "_geometrie_2"])
    if epsg in (4326, 4258):
        return df, "wgs84"
    if epsg == 28992 or epsg == 7415:
        return df, "rd"
    if epsg is not None and len(df):   # another system (e.g. Web Mercator): to RD
        try:
            tr = Transformer.from_crs(f"EPSG:{epsg}", RD, always_xy=True)
        except Exception as e:  # unknown code
            raise OngeldigeInvoer(f"Het coördinatenstelsel {crs_naam!r} van de GeoJSON ken ik niet.") from e
        a = pd.to_numeric(df["_geometrie_1"], errors="coerce").to_numpy(dtype=float)
        b = pd.to_numeric(df["_geometrie_2"], errors="coerce").to_numpy(dtype=float)
        x, y = tr.transform(a, b)
        df["_geometrie_1"], df["_geometrie_2"] = x, y
        return df, "rd"
    return df, None


def lees_ndjson(data: bytes, naam: str) -> Tabel:
    """JSON Lines / NDJSON: one object per line; a line that is not an object becomes a broken row.

    Example
    -------
    >>> t = lees_ndjson(b'{"id": 1, "lat": 53.0}\\n{"id": 2,\\n\\n{"id": 3}\\n', "x.jsonl")
    >>> t.df["id"].tolist(), t.regels.tolist(), [k[:25] for k in t.kapot]
    ([1.0, nan, 3.0], [1, 2, 4], ['', 'regel 2: geen JSON-object', ''])
    """
    text, _ = _decodeer(data)
    _te_lange_regel(text, naam)
    records: list[dict[str, Any]] = []
    regels: list[int] = []
    kapot: list[str] = []
    for i, lijn in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
        if not lijn.strip():
            continue
        try:
            obj = json.loads(lijn)
        except (json.JSONDecodeError, RecursionError) as e:
            obj = None
            fout = getattr(e, "msg", "te diep genest")
        else:
            fout = "" if isinstance(obj, dict) else "geen object"
        records.append(obj if isinstance(obj, dict) else {})
        regels.append(i)
        kapot.append("" if isinstance(obj, dict) else f"regel {i}: geen JSON-object ({fout})")
    if not records:
        raise OngeldigeInvoer(f"Het JSON Lines-bestand {naam} bevat geen meldingen.")
    df = _geometrie_kolommen(pd.json_normalize(records, sep="."))
    df = df.reindex(range(len(records)))
    return Tabel(df, "JSON Lines", naam, stelsel="wgs84" if "_geometrie_1" in df else None,
                 regels=np.array(regels, dtype=np.int64), kapot=np.array(kapot, dtype=object))


def _lijkt_ndjson(text: str) -> bool:
    regels = [r for r in text[:20_000].split("\n")[:5] if r.strip()]
    return len(regels) >= 2 and all(r.strip().startswith("{") and r.strip().endswith("}") for r in regels[:-1])


def lees_parquet(pad: Path) -> Tabel:
    """An Apache Parquet file (columns keep their types: real dates and numbers)."""
    try:
        df = pd.read_parquet(pad)
    except ImportError as e:
        raise OngeldigeInvoer("Voor Parquet-bestanden is het pakket fastparquet of pyarrow nodig "
                              "(pip install fastparquet), of sla het bestand op als CSV.") from e
    except Exception as e:  # the engines raise many kinds of errors for broken files
        raise OngeldigeInvoer(f"Het Parquet-bestand {pad.name} is niet te lezen ({type(e).__name__}). Is het "
                              "beschadigd of niet volledig? Exporteer het opnieuw.") from e
    return Tabel(df.reset_index(drop=True), "Parquet", pad.name, regels=np.arange(1, len(df) + 1))


def lees_json(data: bytes, naam: str) -> Tabel:
    """GeoJSON or Signalen JSON (export list, or API ``results``); JSON Lines when it is that."""
    text, _ = _decodeer(data)
    if _lijkt_ndjson(text.lstrip("\ufeff")):
        return lees_ndjson(data, naam)
    try:
        obj = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as e:
        raise OngeldigeInvoer(
            f"Het JSON-bestand {naam} is niet te lezen ({e.msg}, regel {getal(e.lineno)}). Is het volledig "
            "gedownload?"
        ) from e
    except RecursionError as e:
        raise OngeldigeInvoer(f"Het JSON-bestand {naam} is te diep genest om te lezen.") from e
    if isinstance(obj, dict) and obj.get("type") in ("FeatureCollection", "Feature"):
        df, stelsel = _geojson_records(obj if obj["type"] == "FeatureCollection" else {"features": [obj]})
        return Tabel(df, "GeoJSON", naam, stelsel=stelsel)
    if isinstance(obj, dict):
        for key in ("results", "meldingen", "data", "items", "signals", "features"):
            if isinstance(obj.get(key), list):
                df = _plat(obj[key])
                return Tabel(df, "Signalen JSON", naam, stelsel="wgs84" if "_geometrie_1" in df else None)
        raise OngeldigeInvoer(
            f"{naam} is geen lijst van meldingen en geen GeoJSON FeatureCollection. "
            "Verwacht: [{...}, {...}] (Signalen-export), {'results': [...]} (Signalen-API) of "
            "{'type': 'FeatureCollection', ...}."
        )
    if isinstance(obj, list):
        df = _plat(obj)
        return Tabel(df, "Signalen JSON", naam, stelsel="wgs84" if "_geometrie_1" in df else None)
    raise OngeldigeInvoer(f"Het JSON-bestand {naam} bevat geen lijst van meldingen.")


# --------------------------------------------------------------------------------------------- geo files


def geo_tabel(bron: gpd.GeoDataFrame, label: str, naam: str) -> Tabel:
    """A GeoDataFrame → table with the point coordinates in RD (or as given when it has no crs)."""
    df = pd.DataFrame(bron.drop(columns=bron.geometry.name))
    geom = bron.geometry
    if geom.crs is not None and not geom.crs.equals(RD):
        geom = geom.to_crs(RD)
    waarden = np.asarray(geom.values)
    df["_geometrie_type"] = geom.geom_type.astype(object).where(geom.notna(), "leeg").to_numpy()
    df["_geometrie_1"] = shapely.get_x(waarden)   # NaN for anything but a point
    df["_geometrie_2"] = shapely.get_y(waarden)
    stelsel = "rd" if geom.crs is not None else None
    return Tabel(df.reset_index(drop=True), label, naam, stelsel=stelsel)


def lees_geo(pad: Path, soort: str, blad: int | str | None = None) -> Tabel:
    """GeoPackage (the layer with points, or ``blad``), Shapefile, or a zip holding a Shapefile."""
    import pyogrio

    bron = str(pad)
    label = {"gpkg": "GeoPackage", "shp": "Shapefile", "zip": "Shapefile (zip)"}[soort]
    laag = None
    try:
        if soort == "zip":
            with zipfile.ZipFile(pad) as z:
                shp = [n for n in z.namelist() if n.lower().endswith(".shp")]
            if not shp:
                raise OngeldigeInvoer(f"In {pad.name} staat geen Shapefile (.shp). Pak het uit en lees het bestand zelf.")
            bron = f"zip://{pad}!{shp[0]}"
        if soort == "shp":
            ontbreekt = [e for e in (".shx", ".dbf") if not any(pad.with_suffix(x).exists() for x in (e, e.upper()))]
            if ontbreekt:
                raise OngeldigeInvoer(
                    f"Bij de Shapefile {pad.name} ontbreekt {' en '.join(ontbreekt)}: die bestanden horen in dezelfde map "
                    "(met dezelfde naam). Zet ze erbij, of lever de Shapefile als .zip.")
        if soort == "gpkg":
            lagen = pyogrio.list_layers(bron)
            namen = [str(n) for n, _ in lagen]
            if blad is not None and blad != "":
                if str(blad) not in namen:
                    raise OngeldigeInvoer(f"Laag {blad!r} staat niet in {pad.name}. Wel: {', '.join(namen)}.")
                laag = str(blad)
            else:
                punten = [str(n) for n, t in lagen if t and "point" in str(t).lower()]
                laag = (punten or namen or [None])[0]  # type: ignore[list-item]
        gdf = gpd.read_file(bron, layer=laag) if laag else gpd.read_file(bron)
    except OngeldigeInvoer:
        raise
    except Exception as e:  # pyogrio/GDAL errors for broken files
        raise OngeldigeInvoer(
            f"Het {label}-bestand {pad.name} is niet te lezen ({type(e).__name__}). Is het beschadigd of "
            "onvolledig (bij een Shapefile: horen .shp, .shx en .dbf bij elkaar)?"
        ) from e
    t = geo_tabel(gdf, label, pad.name)
    t.blad = laag
    return t


# --------------------------------------------------------------------------------------------- dispatch


def _soort(pad: Path, kop: bytes) -> str | None:
    """The format by content (magic bytes), None when it looks like text."""
    if kop.startswith(b"SQLite format 3"):
        return "gpkg"
    if kop.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if kop.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(pad) as z:
                namen = z.namelist()
                if "mimetype" in namen and b"opendocument.spreadsheet" in z.read("mimetype"):
                    return "ods"
        except (zipfile.BadZipFile, OSError, KeyError):
            return "zip-kapot"
        if any(n.startswith("xl/") for n in namen):
            return "xlsx"
        return "zip"
    if kop[:4] == b"\x00\x00\x27\x0a":
        return "shp"
    if kop[:4] == b"PAR1":
        return "parquet"
    return None


_SOORTEN = {"excel": "xlsx", "xlsm": "xlsx", "geojson": "json", "txt": "csv", "tsv": "csv", "tab": "csv",
            "shapefile": "shp", "geopackage": "gpkg", "ndjson": "jsonl", "json lines": "jsonl", "jsonlines": "jsonl",
            "pq": "parquet"}


def _gevraagde_soort(soort: str | None) -> str | None:
    """A format name or extension as the reader's own name (``ndjson`` → ``jsonl``); None when empty."""
    s = (soort or "").lower().lstrip(".")
    return _SOORTEN.get(s, s) or None


def lees_bron(bron: Bron, formaat: str | None = None, blad: int | str | None = None,
              scheiding: str | None = None, codering: str | None = None) -> Tabel:
    """Read any supported source into a :class:`Tabel`."""
    if isinstance(bron, gpd.GeoDataFrame):
        return geo_tabel(bron, "GeoDataFrame", "GeoDataFrame")
    if isinstance(bron, pd.DataFrame):
        return Tabel(bron.reset_index(drop=True), "DataFrame", "DataFrame")
    if isinstance(bron, (list, tuple)) and all(isinstance(r, dict) for r in bron):
        df = _plat(list(bron))
        return Tabel(df, "records", "lijst van records", stelsel="wgs84" if "_geometrie_1" in df else None)
    pad = Path(cast("str | os.PathLike[str]", bron))
    if not pad.exists():
        raise OngeldigeInvoer(f"Bestand {pad} bestaat niet. Controleer de naam en de map.")
    if pad.is_dir():
        raise OngeldigeInvoer(f"{pad} is een map, geen bestand. Geef het exportbestand zelf op.")
    naam = pad.name.lower()
    if naam.endswith(".gz"):
        naam = naam[:-3]
    ext = Path(naam).suffix.lstrip(".")
    with open(pad, "rb") as fh:
        kop = fh.read(16)
    if not kop:
        raise OngeldigeInvoer(f"Het bestand {pad.name} is leeg (0 bytes). Exporteer het opnieuw.")
    inhoud = _soort(pad, kop)
    soort = _gevraagde_soort(formaat) or inhoud or _gevraagde_soort(ext)
    if inhoud == "zip-kapot" or (soort in ("xlsx", "ods", "zip") and inhoud not in (soort, None, "zip")):
        raise OngeldigeInvoer(f"{pad.name} is een beschadigd of onvolledig {ext.upper() or 'zip'}-bestand. "
                              "Download of exporteer het opnieuw.")
    if soort in ("xlsx", "xls", "ods"):
        if soort in ("xlsx", "ods") and inhoud is None:
            raise OngeldigeInvoer(f"{pad.name} heeft de extensie .{soort}, maar is geen {soort.upper()}-bestand. "
                                  "Is het beschadigd of van een andere soort?")
        return lees_spreadsheet(pad, soort, blad)
    if soort in ("gpkg", "shp", "zip", "parquet"):
        return lees_parquet(pad) if soort == "parquet" else lees_geo(pad, soort, blad)
    if soort not in ("csv", "json", "jsonl") and ext not in ("csv", "json"):
        raise OngeldigeInvoer(
            f"Bestandssoort '.{ext}' ken ik niet. Gebruik CSV/TSV, Excel (.xlsx, .xls), .ods, GeoJSON, "
            "Signalen-JSON, JSON Lines, Parquet, GeoPackage of Shapefile (ook gezipt), of geef de soort op "
            f"({optie('formaat=', '--formaat')})."
        )
    data = _open_bytes(pad)
    if soort == "jsonl":
        return lees_ndjson(data, pad.name)
    if soort == "json" or (soort is None and data.lstrip()[:1] in (b"{", b"[")):
        return lees_json(data, pad.name)
    return lees_csv(data, pad.name, scheiding, codering)
