"""Guard: outputs only draw. Every module of ``wijkscan/maps``, ``wijkscan/report`` and ``wijkscan/cli.py`` is
parsed (``ast``) and must not group, pivot, count, join spatially, do arithmetic on counts, or compare with a
threshold constant: those decisions live in ``wijkscan/analysis`` and are stored on the result
(``Wijkprofiel.boodschappen``, ``meldingentelling``, ``meldingenlagen``). See docs/een-resultaat.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PAKKET = Path(__file__).resolve().parents[1] / "wijkscan"
#: every module of the output layer (a new file is checked without being listed)
UITVOER = sorted([*PAKKET.glob("maps/*.py"), *PAKKET.glob("report/*.py"), PAKKET / "cli.py"])
VERBODEN = {"groupby", "pivot", "pivot_table", "value_counts", "sjoin", "sjoin_nearest", "crosstab", "dissolve",
            "overlay"}
TELWOORDEN = ("aantal", "meldingen", "inwoners", "telling")
#: Known findings (none left: the CLI reads ``wa.meldingen_rangorde``, ``wa.meldingen_intern`` and
#: ``wa.opmerkingen_soorten``, made in wijkscan/analysis/samenvatting.py). Only shrinks; a new finding fails.
BEKEND: set[tuple[str, str]] = set()


def _is_tekst(node: ast.AST) -> bool:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):     # "a" + f"b" + "c"
        return _is_tekst(node.left) or _is_tekst(node.right)
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _rekent(node: ast.BinOp) -> str | None:
    """Arithmetic with a count (not text concatenation, not a path joined with ``/``)."""
    if not isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Div) or _is_tekst(node.left) or _is_tekst(node.right):
        return None
    for kant in (node.left, node.right):
        tekst = ast.unparse(kant).lower()
        if any(w in tekst for w in TELWOORDEN) and not isinstance(kant, ast.Constant) and "len(" not in tekst:
            return f"rekent: {ast.unparse(node)[:45]}"
    return None


def bevindingen(pad: Path) -> list[tuple[int, str]]:
    """``(line, what)`` of every computation in one output module."""
    out: list[tuple[int, str]] = []
    binnen: set[int] = set()          # parts of an expression already reported
    for node in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
        if id(node) in binnen:
            continue
        if isinstance(node, ast.Call):
            f = node.func
            naam = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            if naam in VERBODEN:
                out.append((node.lineno, naam))
        elif isinstance(node, ast.Compare):
            for c in (node.left, *node.comparators):
                if isinstance(c, ast.Name) and c.id.isupper() and ("MIN" in c.id or "DREMPEL" in c.id):
                    out.append((node.lineno, f"drempel {c.id}"))
        elif isinstance(node, ast.BinOp) and (wat := _rekent(node)):
            out.append((node.lineno, wat))
            binnen |= {id(n) for n in ast.walk(node) if isinstance(n, ast.BinOp)}
    return out


@pytest.mark.parametrize("pad", UITVOER, ids=lambda p: str(p.relative_to(PAKKET)))
def test_uitvoer_rekent_niet(pad):
    gevonden = {(pad.name, w) for _, w in bevindingen(pad)}
    nieuw = [f"{pad.relative_to(PAKKET)}:{r} {w}" for r, w in bevindingen(pad) if (pad.name, w) not in BEKEND]
    assert not nieuw, "uitvoer rekent zelf; zet de beslissing in wijkscan/analysis en lees hem van het resultaat:\n" \
        + "\n".join(nieuw)
    if pad.name == "cli.py":          # the known list stays exact: a fixed finding must leave it
        assert {b for b in BEKEND if b[0] == "cli.py"} <= gevonden


def test_bewaker_ziet_rekenwerk(tmp_path):
    """The guard itself finds each kind of computation."""
    pad = tmp_path / "kaart.py"
    pad.write_text("t = df.groupby('gebied').size()\nn = s.value_counts()\nk = inw < MIN_INWONERS\n"
                   "r = 1000 * meldingen / inwoners\nok = 'a' + 'b'\np = map_ / 'x.csv'\n", encoding="utf-8")
    wat = [w for _, w in bevindingen(pad)]
    assert "groupby" in wat and "value_counts" in wat and "drempel MIN_INWONERS" in wat
    assert any(w.startswith("rekent: 1000 * meldingen") for w in wat) and len(wat) == 4


def test_rapporten_lezen_geen_private_kaartmodules():
    for pad in PAKKET.glob("report/*.py"):
        tekst = pad.read_text(encoding="utf-8")
        assert "maps._gegevens" not in tekst and "maps._geo" not in tekst and "maps.static import _" not in tekst, pad


def test_maps_exporteert_geen_berekening():
    import wijkscan.maps as maps

    assert not {"meldingenlagen", "Meldingenlagen", "hotspots"} & set(maps.__all__)
