"""Every report of a gemeente in one call, safe to interrupt and rerun.

Each area's PDF is written atomically, and a small manifest (``.wijkscan-rapporten.json``)
records a fingerprint of everything the report is made from: the area's figures,
signals, score, texts and meldingen counts, the templates, the house style and the
wijkscan version. A rerun reuses every PDF whose fingerprint did not change, so an
interrupted batch continues where it stopped and an edited survey only redoes the
areas it touches.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import html
import json
import multiprocessing as mp
import os
import re
import time
import unicodedata
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from tqdm.auto import tqdm

from .. import tekens, teksten
from ..model import Wijkprofiel
from ..nlformat import datum, getal, getal_eenheid
from ..versie import __version__
from .render import (
    TEMPLATES,
    Huisstijl,
    _atomic_pdf,
    _env,
    _html_en_css,
    _meldingen_bron,
    _stijlblad,
    huisstijl_context,
    jaren_titel,
    kaart_bron,
)

if TYPE_CHECKING:
    from ..model import Wijkprofiel

MANIFEST = ".wijkscan-rapporten.json"
#: short column heads for the overview table
KORT = {"meldingen_per_1000": "meldingen per 1.000",
        "inwoners": "inwoners", "leeftijd_65plus_aandeel": "65+", "huishoudensgrootte": "personen per huishouden",
        "woz_waarde": "WOZ-waarde", "koopwoningen_aandeel": "koop", "inkomen_per_inwoner": "inkomen per inwoner",
        "misdrijven_per_1000": "misdrijven per 1.000 inw."}


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "gebied"


def bestandsnaam(code: str, naam: str) -> str:
    """File name of an area's report, e.g. ``BU06260006_bijdorp.pdf``."""
    return f"{_slug(code).upper() if code.upper().startswith(('BU', 'WK', 'GM')) else _slug(code)}_{_slug(naam)}.pdf"


def _templates_hash(sjablonen) -> str:
    h = hashlib.sha256()
    for folder in [Path(sjablonen)] if sjablonen else []:
        for f in sorted(folder.glob("*")):
            if f.is_file():
                h.update(f.name.encode() + f.read_bytes())
    for f in sorted(TEMPLATES.glob("*")):
        h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()


def vingerafdruk(wa: Wijkprofiel, code: str, huisstijl: Huisstijl, sjablonen: str | Path | None,
                 meldingen: pd.DataFrame | None) -> str:
    """Fingerprint of all inputs of one area's report."""
    def rows(df: pd.DataFrame | None) -> str:
        part = df[df.gebied == code] if df is not None and not df.empty else None
        return "" if part is None or part.empty else part.to_json(orient="records", double_precision=10)

    parts = [
        wa.profiel[wa.profiel.gebied == code].to_json(orient="records", double_precision=10),
        wa.profiel[["indicator", "jaar", "gemeente", "nederland"]].drop_duplicates().to_json(orient="records"),
        rows(wa.signalen), rows(wa.aandachtsgebieden), rows(wa.bijdragen), rows(wa.teksten), rows(meldingen),
        json.dumps(asdict(huisstijl), sort_keys=True),
        hashlib.sha256(Path(huisstijl.logo).read_bytes()).hexdigest() if huisstijl.logo and Path(huisstijl.logo).is_file()
        else "",
        json.dumps([wa.gemeente.opmerkingen, getattr(wa, "opmerkingen", []), getattr(wa, "meldingen_periode", ""),
                    getattr(wa, "drempel_publicatie", 5), wa.gemeente.bron], sort_keys=True, default=str),
        wa.indeling.rapport.to_json(orient="records"),
        hashlib.sha256(b"".join(g.wkb for g in wa.indeling.gebieden.geometry if g is not None)).hexdigest(),
        _templates_hash(sjablonen),
        __version__,
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _write_json(path: Path, value) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


_JOB: dict = {}


#: CPU seconds per rendered report in this process (read by benchmarks/bench_rapporten.py)
CPU_SECONDEN: list[float] = []


def _render_one(job: tuple[str, str]) -> tuple[str, float]:
    """Render one report in a worker process (the analysis is inherited through fork).

    Returns the code and the CPU seconds the report took (not wall-clock time: on a shared machine
    that says how much work a report is, whatever else runs)."""
    code, file = job
    t0 = time.process_time()
    j = _JOB
    document, css = _html_en_css(j["wa"], code, j["hs"], j["sjablonen"], j["meldingen"], j.get("teksten_map"))
    _atomic_pdf(document, j["folder"] / file, j["base"], css)
    return code, time.process_time() - t0


def rapporten(wa: Wijkprofiel, map_: str | Path, huisstijl: Huisstijl | None = None, sjablonen: str | Path | None = None,
              meldingen: pd.DataFrame | None = None, gebieden: list[str] | None = None,
              voortgang: bool = True, werkers: int | None = None, teksten_map: str | Path | None = None,
              links: dict[str, str | Path] | None = None) -> pd.DataFrame:
    """Write the PDF of every area (or of ``gebieden``) plus ``index.html`` into ``map_``.

    ``werkers`` processes render in parallel (default: the number of CPU cores, at most 4;
    1 renders in this process). ``teksten_map`` holds ``<code>.txt`` files with "sterke punten" and
    "te verbeteren" per area (see :func:`wijkscan.report.render.lees_teksten`). ``links`` names other
    files (maps, tables) that ``index.html`` links to: ``{"Tabel (Excel)": "uit/wijkanalyse_buurt.xlsx"}``.

    Returns
    -------
    DataFrame
        ``gebied, naam, bestand, status, seconden`` — status ``gemaakt`` or ``hergebruikt``; seconden
        is the CPU time the report took.

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.report import rapporten
    >>> wa = wijkscan.wijkanalyse("Assen", bron="ingebouwd")
    >>> rapporten(wa, "rapporten/assen")       # doctest: +SKIP
    """
    hs = huisstijl or Huisstijl()
    if meldingen is None:
        meldingen = getattr(wa, "meldingen", None)
    folder = Path(map_)
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = folder / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        manifest = {}
    names = wa.profiel.drop_duplicates("gebied").set_index("gebied").naam
    codes = list(names.index) if gebieden is None else list(gebieden)
    base = str(Path(sjablonen).resolve()) if sjablonen else str(Path.cwd())
    plan = []
    for code in codes:
        naam = str(names.get(code, code))
        file = bestandsnaam(code, naam)
        key = vingerafdruk(wa, code, hs, sjablonen, meldingen)
        eigen = Path(teksten_map) / f"{code}.txt" if teksten_map else None
        if eigen is not None and eigen.is_file():
            key = hashlib.sha256((key + hashlib.sha256(eigen.read_bytes()).hexdigest()).encode()).hexdigest()
        reuse = manifest.get(code, {}).get("sleutel") == key and (folder / file).exists()
        plan.append((code, naam, file, key, reuse))
    todo = [(code, file) for code, _, file, _, reuse in plan if not reuse]
    seconds: dict[str, float] = {}
    werkers = min(os.cpu_count() or 1, 4) if werkers is None else max(1, werkers)
    _JOB.update(wa=wa, hs=hs, sjablonen=sjablonen, meldingen=meldingen, folder=folder, base=base,
                teksten_map=teksten_map)
    if todo:                 # compiled templates, fonts and the parsed style sheet made once here, inherited by every
        env = _env(sjablonen)  # forked worker
        env.get_template("gebied.html.j2")
        hs_ctx = huisstijl_context(hs)
        hs_ctx["intro"] = hs_ctx.get("intro") or teksten.intro(wa.indeling.naam)
        _stijlblad(env.get_template("stijl.css").render(huisstijl=hs_ctx))
    keys = {code: (file, key) for code, _, file, key, _ in plan}
    bar = tqdm(total=len(plan), desc=f"Rapporten {wa.gemeente.naam}", unit="rapport", disable=not voortgang)
    bar.update(len(plan) - len(todo))
    try:
        if werkers > 1 and len(todo) > 1 and "fork" in mp.get_all_start_methods():
            gc.freeze()      # the inherited analysis stays shared: the collector does not touch (copy) its pages
            try:
                pool = mp.get_context("fork").Pool(min(werkers, len(todo)))
            finally:
                gc.unfreeze()
            with pool:
                for code, sec in pool.imap_unordered(_render_one, todo):
                    seconds[code] = sec
                    CPU_SECONDEN.append(sec)
                    manifest[code] = {"bestand": keys[code][0], "sleutel": keys[code][1]}
                    _write_json(manifest_path, manifest)
                    bar.update(1)
        else:
            for job in todo:
                code, sec = _render_one(job)
                seconds[code] = sec
                CPU_SECONDEN.append(sec)
                manifest[code] = {"bestand": keys[code][0], "sleutel": keys[code][1]}
                _write_json(manifest_path, manifest)
                bar.update(1)
    finally:
        bar.close()
        _JOB.clear()
    rows = [(code, naam, file, "gemaakt" if code in seconds else "hergebruikt", seconds.get(code, 0.0))
            for code, naam, file, _, _ in plan]
    result = pd.DataFrame(rows, columns=["gebied", "naam", "bestand", "status", "seconden"])
    _index(wa, folder, result, links)
    return result


_INDEX_CSS = """
*{box-sizing:border-box}body{font:15px/1.45 system-ui,"DejaVu Sans",Arial,sans-serif;color:#1a1a1a;margin:0;padding:16px;
max-width:80em;margin:auto}h1{font-size:1.6em;margin:.2em 0;color:#1f4e79}.sub{color:#555;margin-bottom:1em}
.downloads{display:flex;flex-wrap:wrap;gap:.4em 1em;padding:0;list-style:none;margin:.5em 0 1em}
.downloads a{display:inline-block;padding:.25em .6em;border:1px solid #c9d3df;border-radius:4px;text-decoration:none;
color:#1f4e79}
.boven{display:grid;grid-template-columns:minmax(0,1fr) minmax(240px,340px);gap:16px;align-items:start}
details.meer{margin:1em 0}details.meer summary{cursor:pointer;color:#1f4e79}
.kaart svg{width:100%;height:auto;max-height:70vh;border:1px solid #ddd;border-radius:4px;background:#fafafa}
.kaart path{stroke:#fff;stroke-width:1.2;vector-effect:non-scaling-stroke}.kaart a:hover path,.kaart a:focus path{fill:#e08a00}
.lijst{min-width:0}.kaart{position:sticky;top:8px}
input[type=search]{width:100%;font:inherit;padding:.45em .6em;margin-bottom:.6em;
border:1px solid #aaa;border-radius:4px}.tabel{overflow-x:auto}table{border-collapse:collapse;width:100%}
th,td{padding:.3em .45em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}td{overflow-wrap:break-word}
td.getal,th.getal{text-align:right;white-space:nowrap}td.code{white-space:nowrap}
th button{font:inherit;font-weight:700;background:none;border:0;padding:0;cursor:pointer;color:inherit;text-align:inherit}
th[aria-sort=ascending] button:after{content:" \\25B2"}th[aria-sort=descending] button:after{content:" \\25BC"}
.sorteer{display:none;color:#555;font-size:.9em}
.leg{display:flex;gap:.8em;flex-wrap:wrap;font-size:.85em;color:#444;margin-top:.3em}.vak{display:inline-block;width:.9em;
height:.9em;vertical-align:-.1em;margin-right:.3em;border:1px solid #999}.voet{font-size:.8em;color:#666;margin-top:1.5em}
dl.tekens{display:grid;grid-template-columns:max-content 1fr;gap:.15em .6em;font-size:.85em;color:#444;margin:.6em 0}
dl.tekens dt{font-weight:700}dl.tekens dd{margin:0}
@media (max-width:860px){.boven{grid-template-columns:minmax(0,1fr)}.kaart{max-width:520px;position:static}}
@media (max-width:600px){body{padding:10px;font-size:14px}.tabel{max-height:75vh;overflow-y:auto;border-bottom:1px solid #aaa}
#gebieden,#gebieden tbody{display:block}#gebieden thead tr{display:flex;flex-wrap:wrap;gap:.2em .9em;align-items:baseline}
#gebieden thead th{border:0;padding:.15em 0;text-align:left}.sorteer{display:block}
#gebieden tbody tr{display:grid;grid-template-columns:1fr 1fr;gap:0 .8em;padding:.45em 0;border-bottom:1px solid #ddd}
#gebieden tbody tr[hidden]{display:none}#gebieden td{border:0;padding:.05em 0;text-align:left;white-space:normal}
#gebieden td:first-child{grid-column:1/-1;font-weight:700}#gebieden td[data-k]:before{content:attr(data-k) ": ";color:#555}}
"""

_INDEX_JS = """
(function(){var q=document.getElementById('zoek'),t=document.getElementById('gebieden'),b=t.tBodies[0];
q.addEventListener('input',function(){var z=q.value.toLowerCase().trim(),n=0;Array.prototype.forEach.call(b.rows,
function(r){var ja=!z||r.textContent.toLowerCase().indexOf(z)>=0;r.hidden=!ja;if(ja){n++;}});
document.getElementById('aantal').textContent=n;});
Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,i){var k=th.querySelector('button');if(!k){return;}
k.addEventListener('click',function(){var op=th.getAttribute('aria-sort')!=='ascending';
Array.prototype.forEach.call(t.tHead.rows[0].cells,function(c){c.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',op?'ascending':'descending');var rows=Array.prototype.slice.call(b.rows);
rows.sort(function(x,y){var a=x.cells[i].getAttribute('data-w'),c=y.cells[i].getAttribute('data-w');
var fa=parseFloat(a),fc=parseFloat(c),r;if(!isNaN(fa)&&!isNaN(fc)){r=fa-fc;}else if(isNaN(fa)!==isNaN(fc)){return isNaN(fa)?1:-1;}
else{r=String(a).localeCompare(String(c),'nl');}return op?r:-r;});rows.forEach(function(r){b.appendChild(r);});});});})();
"""

_STATUS_TEKST = {"aandachtsgebied": "aandachtsgebied", "let op": "let op", "geen": "geen aandachtsgebied",
                 "niet gescoord": "niet beoordeeld", "": ""}
#: the same status in a cell of the column "aandachtsgebied" of the index (short, so the table fits a screen)
_STATUS_CEL = {"aandachtsgebied": "ja", "let op": "let op", "geen": "nee",
               "niet gescoord": "niet beoordeeld", "": ""}
_STATUS_KLEUR = {"aandachtsgebied": "#b2182b", "let op": "#ef8a62", "geen": "#c9d3df", "niet gescoord": "#eeeeee"}


def _svg_kaart(wa: Wijkprofiel, result: pd.DataFrame) -> str:
    """A small clickable SVG map of the areas (each links to its report), coloured by aandachtsgebied status."""
    g = wa.indeling.gebieden
    g = g[g.geometry.notna() & ~g.geometry.is_empty]
    if g.empty:
        return ""
    bestand = result.set_index("gebied").bestand
    status = wa.aandachtsgebieden.set_index("gebied").status
    x0, y0, x1, y1 = g.total_bounds
    schaal = 1000 / max(x1 - x0, y1 - y0)
    w, h = (x1 - x0) * schaal, (y1 - y0) * schaal
    paden = []
    for code, geom in g.geometry.simplify(max(x1 - x0, y1 - y0) / 1500).items():
        d = []
        for poly in getattr(geom, "geoms", [geom]):
            for ring in [poly.exterior, *poly.interiors]:
                pts = [f"{(x - x0) * schaal:.1f},{(y1 - y) * schaal:.1f}" for x, y in ring.coords]
                d.append("M" + "L".join(pts) + "Z")
        naam = html.escape(str(g.loc[code, "naam"]))
        kleur = _STATUS_KLEUR.get(str(status.get(code, "")), "#c9d3df")
        pad = f'<path d="{"".join(d)}" fill="{kleur}" fill-rule="evenodd"><title>{naam}</title></path>'
        if code in bestand.index:
            pad = f'<a href="{html.escape(bestand[code])}" aria-label="{naam}">{pad}</a>'
        paden.append(pad)
    leg = "".join(f'<span><span class="vak" style="background:{k}"></span>{html.escape(_STATUS_TEKST[s])}</span>'
                  for s, k in _STATUS_KLEUR.items() if (status == s).any())
    return (f'<svg viewBox="0 0 {w:.0f} {h:.0f}" role="img" aria-label="kaart van de gebieden">{"".join(paden)}</svg>'
            f'<div class="leg">{leg}</div>')


#: files the index never links: internal maps and tables (rejected rows, exact points) stay out of the public site
INTERN_MAP = "intern"


def _is_intern(pad: Path) -> bool:
    """An internal file: in an ``intern/`` folder, named ``…INTERN…``, or a map that is not the public variant."""
    from ..maps import soort_kaart

    if INTERN_MAP in (p.lower() for p in pad.parts[:-1]) or "intern" in pad.name.lower():
        return True
    return pad.suffix.lower() in (".html", ".htm") and soort_kaart(pad) in ("intern", "werkkaart")


def _downloads(folder: Path, links: dict | None) -> list[tuple[str, str]]:
    """The public files the index links to, each inside the published folder (copied into ``bestanden/`` when it
    lies elsewhere, so the site works when only this folder is uploaded); internal files are never linked."""
    import shutil

    downloads = []
    if (folder / "overzicht.pdf").exists():
        downloads.append(("Overzicht van de gemeente (PDF)", "overzicht.pdf"))
    for label, doel in (links or {}).items():
        pad = Path(doel)
        if not pad.exists() or _is_intern(pad):
            continue
        rel = os.path.relpath(pad, folder).replace(os.sep, "/")
        if rel.startswith("../"):
            kopie = folder / "bestanden" / pad.name
            kopie.parent.mkdir(exist_ok=True)
            shutil.copyfile(pad, kopie)
            rel = f"bestanden/{pad.name}"
        downloads.append((label, rel))
    return downloads


def _postcodes(wa: Wijkprofiel) -> pd.Series | None:
    """For a buurt run the most common postcode of every buurt (CBS), for the search; None for other runs."""
    if wa.indeling.naam != "buurt":
        return None
    from ..sources.buurtpostcodes import meest_voorkomende_postcode

    return meest_voorkomende_postcode()


def _index_rij(wa: Wijkprofiel, r, a: pd.DataFrame, postcodes: pd.Series | None = None) -> str:
    """One row of the index table (the place on the attention list as the result prints it). Every cell but the
    name carries its column name (``data-k``), shown before the value when a phone stacks the row."""
    e = html.escape
    lijst = wa.boodschappen.aandachtslijst
    status = str(a.status.get(r.gebied, "")) if r.gebied in a.index else ""
    plek = lijst.plek.get(r.gebied) if r.gebied in lijst.index else None
    inw = wa.waarde(r.gebied, "inwoners")
    ouder = wa.waarde(r.gebied, "leeftijd_65plus_aandeel") if "leeftijd_65plus_aandeel" in wa.catalogus.index else None
    klein = wa.boodschappen.klein(r.gebied)
    w_inw = "" if pd.isna(inw) else f"{float(inw):g}"
    w_65 = "" if klein or ouder is None or pd.isna(ouder) else f"{float(ouder):.3f}"
    t_65 = tekens.WEINIG_INWONERS if klein else getal(ouder, 1, "%") if w_65 else tekens.ONBEKEND
    w_rang = "" if plek is None or pd.isna(plek) else str(int(plek))
    t_rang = str(lijst.kort.get(r.gebied, "")) or "niet gerangschikt"
    pc = "" if postcodes is None else f"<td class='code' data-k='postcode' data-w='{e(str(postcodes.get(r.gebied, '')))}'>" \
        f"{e(str(postcodes.get(r.gebied, tekens.ONBEKEND)))}</td>"
    return (f"<tr><td data-w='{e(r.naam)}'><a href='{e(r.bestand)}'>{e(r.naam)}</a></td>"
            f"<td class='code' data-k='code' data-w='{e(r.gebied)}'>{e(r.gebied)}</td>{pc}"
            f"<td class='getal' data-k='inwoners' data-w='{w_inw}'>{getal(inw) if w_inw else tekens.ONBEKEND}</td>"
            f"<td class='getal' data-k='65+' data-w='{w_65}'>{t_65}</td>"
            f"<td data-k='aandachtsgebied' data-w='{e(status)}'>{e(_STATUS_CEL.get(status, status))}</td>"
            f"<td data-k='plek' data-w='{w_rang}'>{e(t_rang)}</td></tr>")


def _index_tekens(wa: Wijkprofiel, rijen: list[str], postcodes: pd.Series | None) -> str:
    """The legend of the index table: every sign it uses, once, in the words of :mod:`wijkscan.tekens` (the same as
    the PDFs, maps and tables), plus what "plek" and "postcode" mean."""
    cellen = re.findall(r"<td[^>]*>([^<]*)</td>", "".join(rijen))
    tekst = [("plek", "1 = meeste aandacht op de aandachtslijst; gedeeld = dezelfde plek als een ander gebied; niet "
                      "gerangschikt: zonder plek (de reden staat in het rapport)"),
             *([("let op", "dicht bij de grens van aandachtsgebied")] if "let op" in cellen else []),
             *tekens.legenda(cellen, min_inwoners=int(wa.boodschappen.min_inwoners))]
    if postcodes is not None:
        tekst.append(("postcode", "de meest voorkomende postcode van de buurt (CBS); een buurt kan ook adressen met "
                                  "andere postcodes hebben: zoek dan op de naam"))
    e = html.escape
    return "<dl class='tekens'>" + "".join(f"<dt>{e(t)}</dt><dd>{e(u)}</dd>" for t, u in tekst) + "</dl>"


def _index_kop(enkelvoud: str, postcodes: pd.Series | None) -> str:
    """The table header: a sort button per column (on a phone a row of buttons under "Sorteer op")."""
    kolommen = [(enkelvoud, ""), ("code", ""), *([("postcode", "")] if postcodes is not None else []),
                ("inwoners", "getal"), ("65+", "getal"), ("aandachts\u00adgebied", ""), ("plek", "")]
    cellen = "".join(f"<th{f' class={k!r}' if k else ''}><button type='button'>{html.escape(t)}</button></th>"
                     for t, k in kolommen)
    return f"<thead><tr>{cellen}</tr></thead>"


def _index(wa: Wijkprofiel, folder: Path, result: pd.DataFrame, links: dict | None = None) -> Path:
    """``index.html``: a small static site (no network) with a searchable, sortable table of the areas (search
    first, also on a phone), a clickable map, and links to every report, the overview and the public maps and
    tables — never to internal files, and only to files inside the published folder. At 1280 px the table and the
    map fit side by side without sideways scrolling; on a phone every area is a small card."""
    a = wa.aandachtsgebieden.set_index("gebied")
    enkelvoud, _, meervoud = teksten.indeling(wa.indeling.naam)
    e = html.escape
    postcodes = _postcodes(wa)
    items = [_index_rij(wa, r, a, postcodes) for r in result.itertuples()]
    downloads = _downloads(folder, links)
    lijst = "".join(f"<li><a href='{e(h)}'>{e(lbl)}</a></li>" for lbl, h in downloads)
    titel = f"Wijkanalyse {wa.gemeente.naam}"
    zoek = "naam, code of postcode" if wa.indeling.naam == "pc4" or postcodes is not None else "naam of code"
    page = (
        "<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{e(titel)}</title><link rel='icon' href='data:,'><style>{_INDEX_CSS}</style></head><body>"
        f"<h1>{e(titel)}</h1><div class='sub'>Cijfers {e(jaren_titel(wa))} · "
        f"{e(teksten.aantal(len(result), 'rapport'))} per {e(enkelvoud)}, gemaakt op {datum(dt.date.today())}.</div>"
        f"<div class='boven'><div class='lijst'>"
        f"<label for='zoek'>Zoek een {e(enkelvoud)}</label><input id='zoek' type='search' "
        f"placeholder='{zoek}' autocomplete='off'><div><span id='aantal'>{len(result)}</span> van "
        f"{len(result)} {e(meervoud)}</div><div class='tabel'><div class='sorteer'>Sorteer op:</div>"
        f"<table id='gebieden'>{_index_kop(enkelvoud, postcodes)}"
        "<tbody>" + "".join(items) + f"</tbody></table></div>{_index_tekens(wa, items, postcodes)}</div>"
        f"<div class='kaart'>{_svg_kaart(wa, result)}</div></div>"
        + (f"<details class='meer'><summary>Overzicht, kaarten en tabellen ({len(downloads)})</summary>"
           f"<ul class='downloads'>{lijst}</ul></details>" if downloads else "")
        + "<p class='voet'>Klik op een kop om te sorteren, op een gebied in de kaart of de tabel "
        f"voor het rapport. Bron: CBS Kerncijfers wijken en buurten {wa.jaar}, Politie via CBS (47022NED). "
        f"{e(kaart_bron(wa))} Gemaakt met wijkscan.</p><script>{_INDEX_JS}</script></body></html>")
    path = folder / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def _signaal_groep(wa: Wijkprofiel) -> list[dict]:
    """The signal lines of the overview, per theme, as the run decided them (rule and "k van n" included)."""
    groepen = wa.boodschappen.signaalgroepen
    return [{"thema": thema, "zinnen": groepen.tekst[groepen.thema == thema].tolist()}
            for thema in sorted(set(groepen.thema))]


OVERZICHT_KOLOMMEN = ["inwoners", "leeftijd_65plus_aandeel", "huishoudensgrootte", "woz_waarde", "koopwoningen_aandeel",
                      "inkomen_per_inwoner", "misdrijven_per_1000", "meldingen_per_1000"]


def _kerncijfers(wa: Wijkprofiel) -> tuple[list[str], list[dict], list[str]]:
    """The key-figure table of the overview: columns, one row per area, the gemeente row."""
    cat = wa.catalogus
    cols = [c for c in OVERZICHT_KOLOMMEN if c in cat.index
            and (c != "meldingen_per_1000" or getattr(wa, "meldingentelling", None) is not None)]
    wide = wa.tabel(labels=False).reset_index("naam")
    klein = wa.boodschappen.kleine_gebieden.klein
    a = wa.aandachtsgebieden.set_index("gebied")
    kort_status = {"aandachtsgebied": "aandacht", "let op": "let op"}
    telling = wa.meldingentelling
    privacy = tekens.verborgen(telling.tabel(wa.indeling.naam)["totaal"], telling.drempel) \
        if telling is not None and wa.indeling.naam in telling.niveaus else {}

    def opmaak(v: float, c: str) -> str:
        return getal_eenheid(v, int(cat.loc[c, "decimalen"]), str(cat.loc[c, "eenheid"]))

    def cel(code: str, c: str) -> str:
        if klein.get(code, True) and cat.loc[c, "aggregatie"] != "som":
            return tekens.WEINIG_INWONERS   # a rate of a handful of people says little (1.200 misdrijven per 1.000)
        if c not in wide.columns or pd.isna(wide.loc[code, c]):
            return privacy.get(str(code), tekens.ONBEKEND) if c == "meldingen_per_1000" else tekens.ONBEKEND
        return opmaak(wide.loc[code, c], c)

    rows = [{"code": code, "naam": wide.loc[code, "naam"], "status": kort_status.get(str(a.status.get(code, "")), ""),
             "waarden": [cel(code, c) for c in cols]} for code in sorted(wide.index, key=lambda c: str(wide.loc[c, "naam"]))]
    cur = wa.profiel[wa.profiel.jaar == wa.jaar]
    gem = [opmaak(cur[cur.indicator == c].gemeente.iloc[0], c)   # unknown is "onbekend" here too, as in the rows
           if (cur.indicator == c).any() and pd.notna(cur[cur.indicator == c].gemeente.iloc[0]) else tekens.ONBEKEND
           for c in cols]
    return cols, rows, gem


def _landelijk_cel(r: object) -> str:
    """The national tier in a table cell: "ja (twijfel), plek 38–1.339"."""
    zeker = {"twijfelgeval": "twijfel"}.get(str(getattr(r, "zekerheid_landelijk", "") or ""), "zeker")
    lo, hi = getattr(r, "landelijk_rang_laag", None), getattr(r, "landelijk_rang_hoog", None)
    plek = "" if lo is None or pd.isna(lo) else f", plek {getal(lo)}–{getal(hi)}" if lo != hi else f", plek {getal(lo)}"
    return f"ja ({zeker}){plek}"


def _ranglijst(wa: Wijkprofiel) -> tuple[list[dict], list[tuple[str, str]], int, int]:
    """The attention list of the overview (aandachtsgebieden and "let op"), its dimension columns, and how many
    other areas were scored and not scored — all as the result holds them."""
    from ..analysis.dimensies import DIMENSIES

    a = wa.aandachtsgebieden
    dims = [(f"score_{k}", d.label) for k, d in DIMENSIES.items()
            if f"score_{k}" in a.columns and a[f"score_{k}"].notna().any()]
    lijst = wa.boodschappen.aandachtslijst
    az = wa.boodschappen.aandacht_zinnen
    rang = a[a.status.isin(["aandachtsgebied", "let op"])].sort_values("rang")
    ranglijst = []
    for r in rang.itertuples():
        niveau = str(az.niveau.get(r.gebied, "")) if "niveau" in az.columns else ""
        rij = {"code": r.gebied, "naam": r.naam, "score": getal(r.score, 1), "rang": str(lijst.kort.get(r.gebied, "")),
               "status": ("aandacht" if r.status == "aandachtsgebied" else "let op")
               + (" (aangewezen)" if getattr(r, "aangewezen", False) else ""),
               "zeker": {"twijfelgeval": "twijfel"}.get(str(getattr(r, "zekerheid", "") or ""),
                                                       str(getattr(r, "zekerheid", "") or "")),
               "landelijk": _landelijk_cel(r) if "landelijk" in niveau else "nee",
               "centrum": bool(az.centrum.get(r.gebied)) if "centrum" in az.columns else False,
               "groot": bool(az.groot.get(r.gebied)) if "groot" in az.columns else False,
               "dims": [getal(getattr(r, k), 1) if pd.notna(getattr(r, k)) else tekens.ONBEKEND for k, _ in dims]}
        if {"rang_laag", "rang_hoog"} <= set(rang.columns) and pd.notna(r.rang_laag):
            rij["interval"] = (f"{int(r.rang_laag)}–{int(r.rang_hoog)}" if r.rang_laag != r.rang_hoog   # not "1–1"
                               else f"{int(r.rang_laag)}")
        ranglijst.append(rij)
    return ranglijst, dims, int(a.score.notna().sum()) - len(ranglijst), int(a.score.isna().sum())


def _landelijk_deel(wa: Wijkprofiel) -> str:
    """"bij de 10 % minst gunstige buurten van Nederland", as the result's own sentences say it."""
    import re

    for t in wa.aandachtsgebieden.get("aandacht_tekst", pd.Series(dtype=object)).dropna():
        m = re.search(r"bij de [\d,]+ % minst gunstige \w+ van Nederland", str(t))
        if m:
            return m.group(0)
    return "bij de minst gunstige gebieden van Nederland"


def _aandacht_noten(wa: Wijkprofiel, ranglijst: list[dict]) -> list[str]:
    """The sentences under the attention list: centres, large areas, indicators left out (as the run decided)."""
    az = wa.boodschappen.aandacht_zinnen
    if az.empty:
        return []
    from .. import teksten as tk

    noten = []
    centra = [r["naam"] for r in ranglijst if r["centrum"]]
    if centra:
        noten.append(f"Centrumgebied: {tk.lijst(centra)}; misdrijven per inwoner tellen daar niet mee in de score, want "
                     "ze volgen de bezoekers.")
    groot = [r["code"] for r in ranglijst if r["groot"]]
    a = wa.aandachtsgebieden.set_index("gebied")
    if len(groot) == 1:
        noten.append(f"{a.naam.get(groot[0], groot[0])}: {az.groot[groot[0]][0].lower()}{az.groot[groot[0]][1:]}")
    elif groot:   # one sentence, not the same sentence 25 times (Amsterdam per wijk)
        namen = tk.lijst([f"{a.naam.get(c, c)} ({getal(a.inwoners[c])})" for c in groot])
        noten.append(f"Grote gebieden (inwoners): {namen}. {tk.GROOT_GEBIED}")
    niet = sorted(set(az.niet_meegeteld) - {""})
    return noten + niet


def overzicht(wa: Wijkprofiel, pad: str | Path, huisstijl: Huisstijl | None = None, sjablonen: str | Path | None = None,
              indicator: str | None = None) -> Path:
    """One PDF for the whole gemeente, like a policy document: a map with the area names, key figures per
    area, the aandachtsgebieden (with dimension scores when the analysis has them) and the signals grouped
    by theme with their rule. Tables keep their header on every page. Every sentence is checked against
    the result (:func:`wijkscan.analysis.zinnen.controleer_overzicht`).

    ``indicator`` is the one on the map (default: the share of 65-plussers).
    """
    from .. import teksten as tk
    from ..analysis.zinnen import controleer_overzicht
    from . import charts

    hs = huisstijl or Huisstijl()
    env = _env(sjablonen)
    cat = wa.catalogus
    enkelvoud, _, meervoud = tk.indeling(wa.indeling.naam)
    cols, rows, gem = _kerncijfers(wa)
    ranglijst, dims, overig, niet = _ranglijst(wa)
    kaart_ind = "leeftijd_65plus_aandeel" if indicator is None else indicator
    cur = wa.profiel[wa.profiel.jaar == wa.jaar]
    waarden = cur[cur.indicator == kaart_ind].drop_duplicates("gebied").set_index("gebied").waarde
    kaart = charts.gemeentekaart(wa.indeling.gebieden, waarden, cat.loc[kaart_ind], wa.boodschappen.kleine_gebieden.klein,
                                 wa.boodschappen.min_inwoners)
    ctx = {
        "huisstijl": huisstijl_context(hs), "gemeente": wa.gemeente.naam, "jaar": wa.jaar,
        "jaren_tekst": jaren_titel(wa), "indeling": meervoud, "enkelvoud": enkelvoud, "t": tk,
        "koppen": [KORT.get(c, cat.loc[c, "label"]) for c in cols], "gemeente_waarden": gem,
        "rijen": rows, "ranglijst": ranglijst, "dims": [lbl for _, lbl in dims],
        "interval": any("interval" in r for r in ranglijst), "zeker": any(r["zeker"] for r in ranglijst),
        "overig": overig, "niet": niet, "signalen": _signaal_groep(wa),
        "landelijk": any(r["landelijk"] != "nee" for r in ranglijst),
        "landelijk_deel": _landelijk_deel(wa),
        "aandacht_noten": _aandacht_noten(wa, ranglijst),
        "n_signalen": tk.aantal(len(wa.signalen), "signaal"),
        "datum": datum(dt.date.today()), "kaart": kaart, "kaart_label": cat.loc[kaart_ind, "label"],
        "kaart_cijfers": f"{cat.loc[kaart_ind, 'bron']} {wa.jaar}", "kaart_bron": kaart_bron(wa),
        "aantal": tk.aantal(len(rows), enkelvoud), "min_inwoners": getal(wa.boodschappen.min_inwoners),
        "tekens": tekens.legenda([v for r in rows for v in r["waarden"]] + gem,
                                 min_inwoners=int(wa.boodschappen.min_inwoners)),
        "meldingen_periode": getattr(wa, "meldingen_periode", ""),
        "patronen": wa.boodschappen.patroon_zinnen(), "meldingen_bron": _meldingen_bron(wa),
        "drempel": getal((wa.meldingenpatronen.parameters if wa.meldingenpatronen else {}).get("min_aantal", 5)),
    }
    controleer_overzicht(wa, ctx)
    if not ctx["huisstijl"].get("intro"):
        ctx["huisstijl"]["intro"] = (f"Dit overzicht zet de {meervoud} van {wa.gemeente.naam} naast elkaar met open "
                                     "cijfers van CBS en de politie. Per gebied is er een eigen rapport.")
    ctx["css"] = env.get_template("stijl.css").render(huisstijl=ctx["huisstijl"])
    document = env.get_template("overzicht.html.j2").render(**ctx)
    base = str(Path(sjablonen).resolve()) if sjablonen else str(Path.cwd())
    return _atomic_pdf(document, Path(pad), base, ctx["css"])
