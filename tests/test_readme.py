"""Every code snippet of README.md runs, as a newcomer would run it: offline, in an empty folder.

The Python blocks run statement by statement, like cells of one notebook: the "Jupyter quick start" first, and
each later block continues from where the quick start ended (as the README's sections read). Every expression
is also shown the way Jupyter shows it (``repr`` and ``_repr_html_``). The shell blocks run each ``wijkscan``
line as a command. The input files the README names (``mijn_wijken.csv``, ``enquete.csv``, ``meldingen.csv``,
``export.csv``) are made first, from the embedded real data where they hold meldingen.

Left out, by the explicit lists below only: commands that take minutes (they have their own tests) and the two
loader calls that need CBS/PDOK on the internet (tested against the replay servers in ``tests/test_loaders.py``).
"""

from __future__ import annotations

import ast
import gzip
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from wijkscan.sources import embedded

README = Path(__file__).parents[1] / "README.md"

#: statements and commands left out because they take minutes; where they are tested instead
LANG = {
    "./run demo": "the whole set-up and demo (tests/test_cli.py runs the demo)",
    "./run test": "the whole test suite",
    "./run notebook": "starts JupyterLab and waits; tests/test_notebooks.py runs the notebooks",
    "wijkscan demo": "tests/test_cli.py::test_demo_writes_the_wijkanalyse_of_both_gemeenten",
    "wijkscan rapport Voorschoten": "every PDF of a gemeente; tests/test_cli.py::test_rapport_and_meldingen_commands",
    "rapporten(": "every PDF of a gemeente; tests/test_report.py",
    'provincie="Drenthe"': "twelve gemeenten; tests/test_provincie.py",
    "--provincie Drenthe": "twelve gemeenten; tests/test_provincie.py",
}
#: statements that need CBS or PDOK on the internet (tested against the replay servers in tests/test_loaders.py)
ONLINE = {
    'wijkscan.kerncijfers("Assen", jaar=2023': "CBS OData",
    'wijkscan.grenzen("Assen", jaar=2024': "PDOK",
}
UIT = {**LANG, **ONLINE}

MIJN_WIJKEN = ("buurt,gebied,naam\nBU06260001,W1,Noord\nAdegeest,W1,Noord\nBU06260004,W2,Vlietwijk\n"
               "Vlietwijk,W2,Vlietwijk\nBU06260006,W3,Centrum\nBU06260011,W3,Centrum\nBU06260008,W4,Zuid\n"
               "BU06260009,W4,Zuid\nBU06260010,W4,Zuid\nBU06260012,W4,Zuid\nBU06260013,W4,Zuid\n")
ENQUETE = ("gebied,indicator,score\nVlietwijk,waardering_groen,\"7,2\"\nCentrum,waardering_groen,6.8\n"
           "Noord,burenhulp,48\nW4,waardering_groen,7.5\nBU06260009,burenhulp,50\n")


def blokken(taal: str) -> list[str]:
    return re.findall(rf"^```{taal}\n(.*?)^```", README.read_text(encoding="utf-8"), flags=re.S | re.M)


def invoer(map_: Path) -> None:
    (map_ / "mijn_wijken.csv").write_text(MIJN_WIJKEN, encoding="utf-8")
    (map_ / "enquete.csv").write_text(ENQUETE, encoding="utf-8")
    rijen = json.loads(gzip.open(embedded.meldingen_bestand()).read().decode())
    tabel = pd.DataFrame({"id": [r["id"] for r in rijen], "datum": [r["created_at"] for r in rijen],
                          "categorie": [r["category"] for r in rijen], "lat": [r["lat"] for r in rijen],
                          "lon": [r["lng"] for r in rijen]})
    for naam in ("meldingen.csv", "export.csv"):
        tabel.to_csv(map_ / naam, sep=";", index=False)


def overslaan(tekst: str) -> bool:
    return any(s in tekst for s in UIT)


def test_the_lists_of_left_out_snippets_still_match_the_readme():
    """A renamed command must not silently leave the README untested."""
    alles = "\n".join(blokken("python") + blokken("bash"))
    assert [s for s in UIT if s not in alles] == []
    assert len(blokken("python")) >= 4 and len(blokken("bash")) >= 2


def test_readme_python_snippets_run(tmp_path, monkeypatch, fresh_settings):
    monkeypatch.chdir(tmp_path)
    invoer(tmp_path)
    fresh_settings.offline = True              # as the README says: offline, the embedded data
    blok = blokken("python")
    start: dict = {}
    gedaan = 0
    for i, code in enumerate(blok):
        ns = {} if i == 0 else dict(start)
        for stmt in ast.parse(code).body:
            bron = ast.get_source_segment(code, stmt)
            if overslaan(bron):
                continue
            try:
                if isinstance(stmt, ast.Expr):
                    waarde = eval(compile(ast.Expression(stmt.value), "README.md", "eval"), ns)
                    repr(waarde)
                    if hasattr(waarde, "_repr_html_"):
                        waarde._repr_html_()
                else:
                    exec(compile(ast.Module([stmt], []), "README.md", "exec"), ns)
            except Exception as exc:
                raise AssertionError(f"README-blok {i + 1}, regel:\n{bron}\n→ {type(exc).__name__}: {exc}") from exc
            gedaan += 1
        if i == 0:
            start = ns
            fresh_settings.offline = True          # the quick start ends with clear_cache(); stay offline
    assert gedaan >= 50


@pytest.mark.parametrize("regel", [r for b in blokken("bash") for r in b.splitlines()
                                   if r.strip() and not r.lstrip().startswith("#")])
def test_readme_shell_commands_run(regel, tmp_path):
    if overslaan(regel):
        pytest.xfail("bewust overgeslagen: " + next(v for k, v in UIT.items() if k in regel))
    invoer(tmp_path)
    woorden = shlex.split(regel, comments=True)
    assert woorden[0] == "wijkscan", regel
    env = {**os.environ, "WIJKSCAN_OFFLINE": "1", "WIJKSCAN_CACHE": str(tmp_path / "cache")}
    r = subprocess.run([sys.executable, "-m", "wijkscan.cli", *woorden[1:]], cwd=tmp_path, capture_output=True,
                       text=True, env=env, timeout=3600)
    assert r.returncode == 0, f"{regel}\n{r.stderr[-2000:]}"
