"""Check PDF pages mechanically from their text and its bounding boxes (``pdftotext -bbox-layout``).

A page passes when no word runs past the text area, no two words overlap, no heading stands
without content after it (or alone at the bottom of a page), and no placeholder or known bad
phrase is printed. Used by the report tests; needs poppler-utils.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

NS = "{http://www.w3.org/1999/xhtml}"
#: A4 text area of the house style (15 mm left and right margin), with 3 pt of slack
MARGE_PT = 15 / 25.4 * 72 - 3
#: a line this high (pt) or higher is a heading (h2 is 12,5 pt type; body text 9 pt, sub title 11 pt)
KOP_HOOGTE = 14.0
#: lines below this distance from the bottom edge are the running footer
VOET_PT = 60.0


@dataclass
class Regel:
    tekst: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def hoogte(self) -> float:
        return self.y1 - self.y0


@dataclass
class Pagina:
    nummer: int
    breedte: float
    hoogte: float
    regels: list[Regel] = field(default_factory=list)
    woorden: list[tuple[str, float, float, float, float]] = field(default_factory=list)

    @property
    def inhoud(self) -> list[Regel]:
        """The lines of the page without the running footer."""
        return [r for r in self.regels if r.y0 < self.hoogte - VOET_PT]


def pdftotext() -> str:
    pad = shutil.which("pdftotext")
    if pad is None:
        raise RuntimeError("pdftotext ontbreekt: installeer poppler-utils (apt-get install poppler-utils).")
    return pad


def lees(pdf: Path) -> list[Pagina]:
    """Pages, lines and words of a PDF, in reading order."""
    xml = subprocess.run([pdftotext(), "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    root = ET.fromstring(xml)
    paginas = []
    for n, p in enumerate(root.iter(f"{NS}page"), start=1):
        pag = Pagina(n, float(p.get("width")), float(p.get("height")))
        for line in p.iter(f"{NS}line"):
            woorden = [(w.text or "", float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")),
                        float(w.get("yMax"))) for w in line.iter(f"{NS}word")]
            pag.woorden.extend(woorden)
            pag.regels.append(Regel(" ".join(w[0] for w in woorden), float(line.get("xMin")), float(line.get("yMin")),
                                    float(line.get("xMax")), float(line.get("yMax"))))
        paginas.append(pag)
    return paginas


def buiten_tekstvak(pag: Pagina) -> list[str]:
    """Words that run past the left or right edge of the text area, or off the page."""
    fout = []
    for t, x0, y0, x1, y1 in pag.woorden:
        if x0 < MARGE_PT or x1 > pag.breedte - MARGE_PT or y0 < 0 or y1 > pag.hoogte:
            fout.append(f"p{pag.nummer}: '{t}' op x {x0:.0f}–{x1:.0f} (tekstvak {MARGE_PT:.0f}–"
                        f"{pag.breedte - MARGE_PT:.0f})")
    return fout


def overlappend(pag: Pagina, drempel: float = 0.15) -> list[str]:
    """Pairs of words whose boxes overlap by more than ``drempel`` of the smaller box."""
    if len(pag.woorden) < 2:
        return []
    b = np.array([w[1:] for w in pag.woorden])
    x0, y0, x1, y1 = b.T
    # shrink every box a little: glyph boxes of neighbouring lines touch by design
    dy = (y1 - y0) * 0.15
    y0, y1 = y0 + dy, y1 - dy
    ix = np.clip(np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :]), 0, None)
    iy = np.clip(np.minimum(y1[:, None], y1[None, :]) - np.maximum(y0[:, None], y0[None, :]), 0, None)
    opp = (x1 - x0) * (y1 - y0)
    klein = np.minimum(opp[:, None], opp[None, :])
    rel = np.where(klein > 0, ix * iy / np.where(klein > 0, klein, 1), 0)
    np.fill_diagonal(rel, 0)
    i, j = np.nonzero(np.triu(rel > drempel))
    return [f"p{pag.nummer}: '{pag.woorden[a][0]}' over '{pag.woorden[c][0]}'" for a, c in zip(i, j, strict=True)]


def lege_koppen(paginas: list[Pagina]) -> list[str]:
    """Headings followed by another heading or by nothing, and headings alone at the bottom of a page."""
    fout = []
    regels = [(p, r) for p in paginas for r in p.inhoud]
    for k, (p, r) in enumerate(regels):
        if r.hoogte < KOP_HOOGTE or r.hoogte > 22:      # h1 (the name) is followed by its sub title
            continue
        volgende = regels[k + 1] if k + 1 < len(regels) else None
        if volgende is None:
            fout.append(f"p{p.nummer}: kop '{r.tekst}' zonder inhoud aan het eind")
        elif KOP_HOOGTE <= volgende[1].hoogte <= 22:
            fout.append(f"p{p.nummer}: kop '{r.tekst}' direct gevolgd door kop '{volgende[1].tekst}'")
        elif volgende[0] is not p:
            fout.append(f"p{p.nummer}: kop '{r.tekst}' alleen onderaan de pagina")
    return fout


def verboden(paginas: list[Pagina], zinnen: list[str]) -> list[str]:
    """Placeholders and known bad phrases found in the text (case-sensitive)."""
    tekst = "\n".join(r.tekst for p in paginas for r in p.regels)
    # a phrase that starts with a digit must not be the tail of a bigger number ("41 signalen" is fine)
    return [z for z in zinnen if re.search(("(?<![\\d.,])" if z[:1].isdigit() else "") + re.escape(z), tekst)]


#: never printed in a report or overview: template leftovers, Python values, and the phrases the issue found
ALTIJD_VERBODEN = ["{{", "}}", "{%", "None", "NaN", " nan ", "undefined", "uit ingebouwd gegevens", "1 signalen",
                   "1 wijken", "1 buurten", "1 rapporten", "(excl. nederland)", "ww-uitkeringen",
                   "Niet gescoord. Niet gescoord", "-0,00", "-0,0 ", "Aandachtsgebied?", "gewogen robuuste",
                   "z-score", "docs/", "Geen gegevens voor:", "(donker)", "grenzen geen geometrie",
                   # found in gemeenten outside the demo (issue 19): a Python class name, "wijk Wijk 00",
                   # a verdict against the gemeente that is against Nederland
                   "(GeenVerbinding)", "wijk Wijk", "vergeleken met de gemeente"]


def controleer(pdf: Path, extra_verboden: list[str] = ()) -> tuple[list[Pagina], list[str]]:
    """All page checks of one PDF; returns the pages and a list of problems (empty when it passes)."""
    paginas = lees(pdf)
    fouten: list[str] = []
    for p in paginas:
        if not p.inhoud:
            fouten.append(f"p{p.nummer}: lege pagina")
        fouten += buiten_tekstvak(p)
        fouten += overlappend(p)
    fouten += lege_koppen(paginas)
    fouten += [f"verboden tekst: '{z}'" for z in verboden(paginas, [*ALTIJD_VERBODEN, *extra_verboden])]
    return paginas, fouten
