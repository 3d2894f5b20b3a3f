"""The house rules of the code, checked on the source (docs/architectuur.md).

* every module of the package has a layer, and no module imports a later layer (also not lazily inside a
  function): data moves one way, sources -> ... -> outputs;
* outputs (maps, reports, the CLI) do not import the analysis steps that compute, and no module imports a
  private module (``_x``) of another part of the package;
* no function is longer than 80 lines (its docstring not counted); complexity is ruff's C901 (pyproject.toml);
* a public function has no parameter typed bare ``Any``, and every parameter of it is annotated.

The allow-lists below hold what other branches were still rewriting when these rules came in (issue 20); each
entry says which issue removes it. They only shrink: an entry that no longer occurs fails the test too, so the
list cannot hide a new case behind an old one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import wijkscan

PKG = Path(wijkscan.__file__).parent

# --------------------------------------------------------------------------------------------- the layers
#: Data moves one way: a module may import modules of its own layer and of earlier layers only.
LAGEN = ["basis", "bronnen", "laden", "gebieden", "indicatoren", "analyse", "resultaat", "pijplijn", "kaarten",
         "rapporten", "opdrachtregel", "api"]

#: Every module of the package and its layer. A new module goes here, in the layer of what it does.
LAAG = {
    # basis: settings, errors, Dutch text and formatting; imported by everything, imports nothing of the package
    "wijkscan.settings": "basis", "wijkscan.errors": "basis", "wijkscan.nlformat": "basis",
    "wijkscan.teksten": "basis", "wijkscan.tekens": "basis", "wijkscan.veilig": "basis", "wijkscan.conftest": "basis",
    "wijkscan.weergave": "basis",
    "wijkscan.versie": "basis",
    # bronnen: everything that talks to the outside world or reads the embedded snapshot
    "wijkscan.sources": "bronnen", "wijkscan.sources._cache": "bronnen", "wijkscan.sources._http": "bronnen",
    "wijkscan.sources.cbs": "bronnen", "wijkscan.sources.pdok": "bronnen", "wijkscan.sources.embedded": "bronnen",
    "wijkscan.sources.gemeenten": "bronnen", "wijkscan.sources.leefbaarometer": "bronnen",
    "wijkscan.sources.locatieserver": "bronnen", "wijkscan.sources.npm": "bronnen",
    "wijkscan.sources.buurtpostcodes": "bronnen", "wijkscan.sources.nederland": "bronnen",
    "wijkscan.sources.ses": "bronnen", "wijkscan.sources.survey": "bronnen", "wijkscan.sources.tabellen": "bronnen",
    "wijkscan.sources.meldingen": "bronnen", "wijkscan.sources.meldingen.adressen": "bronnen",
    "wijkscan.sources.meldingen.coordinaten": "bronnen", "wijkscan.sources.meldingen.datums": "bronnen",
    "wijkscan.sources.meldingen.formaten": "bronnen", "wijkscan.sources.meldingen.gebieden": "bronnen",
    "wijkscan.sources.meldingen.kolommen": "bronnen", "wijkscan.sources.meldingen.lezen": "bronnen",
    "wijkscan.sources.meldingen.resultaat": "bronnen", "wijkscan.sources.meldingen.waarden": "bronnen",
    "wijkscan.sources.meldingen.teksten": "bronnen", "wijkscan.sources.meldingen.vormen": "bronnen",
    # laden: one gemeente (or a list, or Nederland) from the sources: GemeenteData
    "wijkscan.loading": "laden",
    # gebieden: indelingen (CBS levels, PC4, own areas)
    "wijkscan.areas": "gebieden",
    # indicatoren: the catalogue and how an indicator is computed for any area
    "wijkscan.indicators": "indicatoren", "wijkscan.indicators.compute": "indicatoren",
    # analyse: every decision a reader sees (profile, signals, aandachtsgebieden, meldingen, publication)
    "wijkscan.analysis": "analyse", "wijkscan.analysis.aandachtsgebieden": "analyse",
    "wijkscan.analysis.aandachtsschaal": "analyse", "wijkscan.analysis.boodschappen": "analyse",
    "wijkscan.analysis.zinnen": "analyse", "wijkscan.analysis.patroonzinnen": "analyse",
    "wijkscan.analysis.dimensies": "analyse", "wijkscan.analysis.hotspots": "analyse",
    "wijkscan.analysis.landelijk": "analyse", "wijkscan.analysis.meldingen": "analyse",
    "wijkscan.analysis.meldingenlagen": "analyse", "wijkscan.analysis.meldingentelling": "analyse",
    "wijkscan.analysis.privacy": "analyse", "wijkscan.analysis.profiel": "analyse",
    "wijkscan.analysis.seizoen": "analyse", "wijkscan.analysis.signalen": "analyse",
    "wijkscan.analysis.meldingenpatronen": "analyse", "wijkscan.analysis.meldingen_toewijzing": "analyse",
    "wijkscan.analysis.meldingen_tijd": "analyse", "wijkscan.analysis.meldingen_toetsen": "analyse",
    "wijkscan.analysis.meldingenfeiten": "analyse",
    "wijkscan.analysis.meldingen_publicatie": "analyse",
    "wijkscan.analysis.vergelijkbaar": "analyse", "wijkscan.analysis.werkdagen": "analyse",
    "wijkscan.analysis.samenvatting": "analyse",
    # resultaat: the one result of a run (Wijkprofiel), holding what the analysis decided
    "wijkscan.model": "resultaat",
    # pijplijn: load -> areas -> indicators -> analysis, into the result
    "wijkscan.pipeline": "pijplijn",
    # kaarten and rapporten: outputs, they read the result and draw
    "wijkscan.maps": "kaarten", "wijkscan.maps._gegevens": "kaarten", "wijkscan.maps._geo": "kaarten",
    "wijkscan.maps._runtime": "kaarten", "wijkscan.maps.assets": "kaarten", "wijkscan.maps.classify": "kaarten",
    "wijkscan.maps.embed": "kaarten", "wijkscan.maps.interactive": "kaarten",
    "wijkscan.maps.opties": "kaarten", "wijkscan.maps.static": "kaarten",
    "wijkscan.report": "rapporten", "wijkscan.report.batch": "rapporten", "wijkscan.report.charts": "rapporten",
    "wijkscan.report.excel": "rapporten", "wijkscan.report.render": "rapporten",
    "wijkscan.report.werkboek": "rapporten",
    # the command line, and the public API (wijkscan/__init__.py) on top
    "wijkscan.cli": "opdrachtregel",
    "wijkscan": "api",
}

#: Modules of the analysis layer that an output may import: they hold fixed data (labels, weights), not steps.
ALLEEN_GEGEVENS = {"wijkscan.analysis.dimensies"}

#: Permanent, deliberate exceptions (each with its reason).
UITZONDERINGEN = {
    # wa.naar_excel() / wa.naar_csv() stay on the result for the public API; they are one-line delegations to
    # the output that does the work (lazy import inside the method)
    ("wijkscan.model", "wijkscan.report.werkboek"),
    # the sentence checker (issue 19) reads back every sentence a report or overview writes against the result and
    # stops on a contradiction; it decides nothing the output shows, it only refuses to publish a false sentence
    ("wijkscan.report.render", "wijkscan.analysis.zinnen"),
    ("wijkscan.report.batch", "wijkscan.analysis.zinnen"),
}

#: Edges that break the rules in modules other branches were still rewriting (issue 20). The lead removes an
#: entry once the branch named is merged and the edge is gone.
NOG_TE_DOEN: set[tuple[str, str]] = set()


def _module(py: Path) -> str:
    parts = list(py.with_suffix("").relative_to(PKG.parent).parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _alleen_voor_types(tree: ast.AST) -> set[int]:
    """Nodes under ``if TYPE_CHECKING:``: imports for annotations only, they do not run."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return out


def _imports(py: Path, bekend: set[str]) -> set[str]:
    """The package modules ``py`` imports at run time (also inside functions), names resolved to modules."""
    mod = _module(py)
    pakket = mod.split(".") if py.name == "__init__.py" else mod.split(".")[:-1]
    tree = ast.parse(py.read_text(encoding="utf-8"))
    types = _alleen_voor_types(tree)
    out = set()
    for node in ast.walk(tree):
        if id(node) in types:
            continue
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "wijkscan"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                basis = pakket[:len(pakket) - (node.level - 1)]
                doel = ".".join(basis + ([node.module] if node.module else []))
            else:
                doel = node.module or ""
            if doel.split(".")[0] != "wijkscan":
                continue
            # ``from . import teksten`` imports the module wijkscan.teksten; ``from .. import __version__`` the package
            for a in node.names:
                out.add(f"{doel}.{a.name}" if f"{doel}.{a.name}" in bekend else doel)
    out.discard(mod)
    return out


def _alle_modules() -> dict[str, Path]:
    return {_module(py): py for py in sorted(PKG.rglob("*.py"))}


def test_elke_module_heeft_een_laag():
    nieuw = sorted(set(_alle_modules()) - set(LAAG))
    assert not nieuw, (
        f"{', '.join(nieuw)} {'staat' if len(nieuw) == 1 else 'staan'} niet in de lagenkaart. Zet elke nieuwe module "
        "in LAAG in tests/test_architectuur.py, bij de laag van wat hij doet (zie docs/architectuur.md): een bron bij "
        "'bronnen', een berekening of beslissing bij 'analyse', een kaart of rapport bij 'kaarten'/'rapporten'.")
    weg = sorted(set(LAAG) - set(_alle_modules()))
    assert not weg, f"Deze modules bestaan niet meer; haal ze uit LAAG in tests/test_architectuur.py: {weg}"


def _overtredingen() -> set[tuple[str, str, str]]:
    """Every import that breaks a rule: (module, imported module, which rule)."""
    modules = _alle_modules()
    bekend = set(modules)
    fout = set()
    for mod, py in modules.items():
        if mod not in LAAG:
            continue
        eigen = LAGEN.index(LAAG[mod])
        for doel in _imports(py, bekend):
            if doel not in LAAG:
                continue
            if LAGEN.index(LAAG[doel]) > eigen:
                fout.add((mod, doel, f"{LAAG[mod]} importeert de latere laag {LAAG[doel]}"))
            if LAAG[mod] in ("kaarten", "rapporten", "opdrachtregel") and LAAG[doel] == "analyse" \
                    and doel not in ALLEEN_GEGEVENS and doel != "wijkscan.analysis":
                fout.add((mod, doel, "een uitvoer importeert een rekenstap; lees het resultaat (Wijkprofiel)"))
            if mod in ("wijkscan.maps", "wijkscan.report") and any(
                    LAAG.get(d) == "analyse" and d not in ALLEEN_GEGEVENS and (doel, d) not in UITZONDERINGEN
                    for d in _imports(modules[doel], bekend)
                    if doel in modules):
                fout.add((mod, doel, "het pakket van een uitvoer herexporteert een rekenstap"))
            delen = doel.split(".")
            prive = any(d.startswith("_") for d in delen)
            if prive and mod.split(".")[:2] != delen[:2]:
                fout.add((mod, doel, "importeert een privé-module van een ander deel van het pakket"))
    return fout


def test_imports_volgen_de_stroom():
    """Data moves one way (the layers above); outputs read results, never the steps that make them; private
    modules stay inside their part. Lazy imports inside functions count; ``if TYPE_CHECKING`` imports do not."""
    fout = _overtredingen()
    nieuw = sorted(f"{m} -> {d}: {w}" for m, d, w in fout
                   if (m, d) not in UITZONDERINGEN and (m, d) not in NOG_TE_DOEN)
    assert not nieuw, "Imports tegen de stroom in (docs/architectuur.md):\n" + "\n".join(nieuw)
    opgelost = sorted(f"{m} -> {d}" for m, d in NOG_TE_DOEN | UITZONDERINGEN
                      if not any((m, d) == (a, b) for a, b, _ in fout))
    assert not opgelost, ("Deze import komt niet meer voor; haal hem uit NOG_TE_DOEN/UITZONDERINGEN in "
                          f"tests/test_architectuur.py: {opgelost}")


def test_de_bewaker_ziet_een_latere_laag_en_een_rekenstap(tmp_path, monkeypatch):
    """The guard itself: a source that imports the pipeline lazily, and a map that imports a counting step, are caught."""
    src = tmp_path / "wijkscan"
    (src / "sources").mkdir(parents=True)
    (src / "maps").mkdir()
    (src / "__init__.py").write_text("")
    (src / "sources" / "__init__.py").write_text("")
    (src / "maps" / "__init__.py").write_text("")
    (src / "sources" / "x.py").write_text("def f():\n    from ..pipeline import wijkanalyse\n    return wijkanalyse\n")
    (src / "maps" / "y.py").write_text("from ..analysis.meldingentelling import tel_meldingen\n"
                                       "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                       "    from ..model import Wijkprofiel\n")
    monkeypatch.setattr(f"{__name__}.PKG", src)
    bekend = {"wijkscan", "wijkscan.pipeline", "wijkscan.analysis.meldingentelling", "wijkscan.model"}
    assert _imports(src / "sources" / "x.py", bekend) == {"wijkscan.pipeline"}
    assert _imports(src / "maps" / "y.py", bekend) == {"wijkscan.analysis.meldingentelling"}
    monkeypatch.setitem(LAAG, "wijkscan.sources.x", "bronnen")
    monkeypatch.setitem(LAAG, "wijkscan.maps.y", "kaarten")
    fout = {(m, d) for m, d, _ in _overtredingen()}
    assert ("wijkscan.sources.x", "wijkscan.pipeline") in fout
    assert ("wijkscan.maps.y", "wijkscan.analysis.meldingentelling") in fout


# --------------------------------------------------------------------------------------------- small functions
MAX_REGELS = 80

#: Functions over 80 lines in modules other branches were splitting (issue 20); the lead removes each entry once
#: that branch is merged. ``(module path, function)``.
TE_LANG = {
}


def _regels(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines of a function without its docstring (documentation is not what makes a function hard to change)."""
    n = node.end_lineno - node.lineno + 1
    eerste = node.body[0]
    if isinstance(eerste, ast.Expr) and isinstance(eerste.value, ast.Constant) and isinstance(eerste.value.value, str):
        n -= eerste.end_lineno - eerste.lineno + 1
    return n


def _functies():
    for py in sorted(PKG.rglob("*.py")):
        for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield py.relative_to(PKG).as_posix(), node


def test_geen_functie_langer_dan_80_regels():
    lang = {(pad, f.name): _regels(f) for pad, f in _functies() if _regels(f) > MAX_REGELS}
    nieuw = sorted(f"{pad}: {naam} ({n} regels)" for (pad, naam), n in lang.items() if (pad, naam) not in TE_LANG)
    assert not nieuw, (f"Functies langer dan {MAX_REGELS} regels (zonder docstring); splits ze in stappen met een "
                       "naam:\n" + "\n".join(nieuw))
    klaar = sorted(f"{pad}: {naam}" for pad, naam in TE_LANG if (pad, naam) not in lang)
    assert not klaar, f"Deze functies zijn nu kort genoeg; haal ze uit TE_LANG in tests/test_architectuur.py: {klaar}"


# --------------------------------------------------------------------------------------------- typed seams
#: Public functions whose parameters are bare ``Any`` or unannotated, in modules other branches were rewriting
#: (issue 20). ``(module path, function)``; the lead removes each once that branch is merged.
KAAL: set[tuple[str, str]] = set()


def _publieke_functies():
    """Module-level public functions and public methods of public classes, in public modules (not ``_x.py``)."""
    for py in sorted(PKG.rglob("*.py")):
        if py.name == "conftest.py" or any(p.startswith("_") and p != "__init__.py" for p in py.relative_to(PKG).parts):
            continue
        tree = ast.parse(py.read_text(encoding="utf-8"))
        for node in tree.body:
            leden = node.body if isinstance(node, ast.ClassDef) and not node.name.startswith("_") else [node]
            for f in leden:
                if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef) and not f.name.startswith("_"):
                    yield py.relative_to(PKG).as_posix(), f


def _kale_parameters(f: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    a = f.args
    params = a.posonlyargs + a.args + a.kwonlyargs + [p for p in (a.vararg, a.kwarg) if p is not None]
    return [p.arg for p in params if p.arg not in ("self", "cls")
            and (p.annotation is None or ast.unparse(p.annotation) in ("Any", "typing.Any"))]


def test_publieke_functies_zonder_kale_any():
    """Outputs take a Wijkprofiel, analysis steps take DataFrame/GeoDataFrame/Series: the type says what goes in."""
    kaal = {(pad, f.name): _kale_parameters(f) for pad, f in _publieke_functies() if _kale_parameters(f)}
    nieuw = sorted(f"{pad}: {naam}({', '.join(p)})" for (pad, naam), p in kaal.items() if (pad, naam) not in KAAL)
    assert not nieuw, ("Publieke functies met een parameter zonder type of met een kale Any; geef het echte type "
                       "(Wijkprofiel, GeoDataFrame, DataFrame, Series, …):\n" + "\n".join(nieuw))
    klaar = sorted(f"{pad}: {naam}" for pad, naam in KAAL if (pad, naam) not in kaal)
    assert not klaar, f"Deze functies zijn nu getypeerd; haal ze uit KAAL in tests/test_architectuur.py: {klaar}"


# --------------------------------------------------------------------------------------------- a new indicator
def test_een_nieuwe_indicator_is_een_regel_in_de_catalogus():
    """docs/architectuur.md: one catalogue row is enough for a new indicator to be computed for buurten and for areas
    built from buurten (PC4), compared with gemeente and Nederland, placed nationally, and shown in the tables, the
    map and the report — no output or analysis code changes. (Counting in the default aandachtsgebieden score is one
    more line: its weight in ``analysis/dimensies.STANDAARD``.)"""
    import pandas as pd

    from wijkscan.indicators import catalogus
    from wijkscan.report.render import html_rapport

    cat = catalogus().reset_index()
    rij = dict.fromkeys(cat.columns, "")
    rij.update(id="land_per_inwoner", label="Land per inwoner", thema="Wonen",
               eenheid="m² per inwoner", teller="OppervlakteLand", noemer="AantalInwoners", factor=10000,
               aggregatie="verhouding", richting="neutraal", decimalen=0, bron="CBS Kerncijfers wijken en buurten",
               toelichting="Oppervlakte land (m²) per inwoner")
    cat = pd.concat([cat, pd.DataFrame([rij])], ignore_index=True)
    wa = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd", catalogus=cat)
    p = wa.profiel[(wa.profiel.indicator == "land_per_inwoner") & (wa.profiel.jaar == wa.jaar)]
    assert len(p) == wa.profiel.gebied.nunique() and p.waarde.notna().all()
    assert p.gemeente.notna().all() and p.nederland.notna().all() and p.landelijk_percentiel.notna().all()
    assert "Land per inwoner (m² per inwoner)" in wa.tabel("Wonen").columns
    kaart = wijkscan.kaart(wa, "land_per_inwoner")
    assert "Land per inwoner" in kaart.get_root().render()
    assert "Land per inwoner" in html_rapport(wa, p.gebied.iloc[0])
    pc4 = wijkscan.wijkanalyse("Voorschoten", niveau="pc4", bron="ingebouwd", catalogus=cat)
    q = pc4.profiel[(pc4.profiel.indicator == "land_per_inwoner") & (pc4.profiel.jaar == pc4.jaar)]
    assert q.waarde.notna().all() and q.herkomst.str.startswith("berekend uit buurten").all()


# --------------------------------------------------------------------------------------------- the areas adapter
def test_gebieden_van_gegevens_of_tabel():
    """The one adapter at the public edge: a loaded gemeente or a GeoDataFrame of areas, nothing else."""
    import pytest

    from wijkscan.loading import gebieden_van

    vs = wijkscan.load("Voorschoten", bron="ingebouwd")
    vlakken, gegevens = gebieden_van(vs)
    assert vlakken is vs.gebieden and gegevens is vs
    vlakken, gegevens = gebieden_van(vs.gebieden)
    assert vlakken is vs.gebieden and gegevens is None
    with pytest.raises(wijkscan.OngeldigeInvoer, match="wijkscan.load"):
        gebieden_van(vs.kerncijfers)


# --------------------------------------------------------------------------------------------- .attrs
#: ``.attrs`` uses (reads and writes) per module. ``.attrs`` is for metadata of a table (its source, table id,
#: months, how it was made; docs/architectuur.md), never for passing a result from one stage to the next. These
#: numbers only go down: a module with more uses, or a module not listed that uses ``.attrs``, fails. Lower a number
#: when you remove uses.
ATTRS_HOOGSTENS = {
    "analysis/aandachtsgebieden.py": 7,      # how the scores were made (indicators used, dimensions, draws)
    "analysis/hotspots.py": 4,               # issue 18/19
    "analysis/meldingen_publicatie.py": 1,   # marks the internal point layer (gebruik: intern)
    "analysis/meldingen_tijd.py": 3,         # periods and notes of the comparison table
    "analysis/meldingen_toetsen.py": 1,      # the method of the pattern table
    "analysis/meldingentelling.py": 3,       # period and note of the publication table (travel into a file)
    "analysis/profiel.py": 2,                # clears attrs (pandas copies them on every operation)
    "analysis/seizoen.py": 3,                # issue 18
    "analysis/werkdagen.py": 3,              # notes, first day and norms of the handling-time table
    "pipeline.py": 1,                        # clears attrs of the tidy figures
    "sources/cbs.py": 2,                     # source and table of a table for a notebook user
    "sources/embedded.py": 2,                # source of a table for a notebook user
    "sources/leefbaarometer.py": 3,          # source; rejected rows of a user's file
    "sources/nederland.py": 1,               # table id
    "sources/pdok.py": 1,                    # service and layer of the boundaries
    "sources/ses.py": 3,                     # source, periods, why empty
}


def _attrs_gebruik() -> dict[str, int]:
    out = {}
    for py in sorted(PKG.rglob("*.py")):
        n = sum(isinstance(node, ast.Attribute) and node.attr == "attrs"
                for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))))
        if n:
            out[py.relative_to(PKG).as_posix()] = n
    return out


def test_attrs_alleen_minder():
    """``.attrs`` is not a side channel for results: its uses per module can only go down."""
    meer = sorted(f"{pad}: {n} (was {ATTRS_HOOGSTENS.get(pad, 0)})" for pad, n in _attrs_gebruik().items()
                  if n > ATTRS_HOOGSTENS.get(pad, 0))
    assert not meer, ("Meer .attrs dan toegestaan; geef een resultaat door als veld of als teruggegeven waarde, niet in "
                      ".attrs (docs/architectuur.md):\n" + "\n".join(meer))


def test_de_bewaker_telt_attrs(tmp_path, monkeypatch):
    (tmp_path / "x.py").write_text("df.attrs['resultaat'] = 1\nn = df.attrs.get('n')\nattrs = 3\n", encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.PKG", tmp_path)
    assert _attrs_gebruik() == {"x.py": 2}
