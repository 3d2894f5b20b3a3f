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

import pandas as pd
from tqdm.auto import tqdm

from .. import __version__, teksten
from ..nlformat import datum, getal
from ..maps._gegevens import MIN_INWONERS
from .render import TEMPLATES, Huisstijl, _atomic_pdf, _env, html_rapport, huisstijl_context

MANIFEST = ".wijkscan-rapporten.json"
#: short column heads for the overview table
KORT = {"inwoners": "inwoners", "leeftijd_65plus_aandeel": "65+", "huishoudensgrootte": "personen per huishouden",
        "woz_waarde": "WOZ (× 1.000 €)", "koopwoningen_aandeel": "koop", "inkomen_per_inwoner": "inkomen per inwoner "
        "(× 1.000 €)", "misdrijven_per_1000": "misdrijven per 1.000 inw."}


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


def vingerafdruk(wa, code: str, huisstijl: Huisstijl, sjablonen, meldingen: pd.DataFrame | None) -> str:
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


def _render_one(job: tuple[str, str]) -> tuple[str, float]:
    """Render one report in a worker process (the analysis is inherited through fork)."""
    code, file = job
    t0 = time.perf_counter()
    j = _JOB
    _atomic_pdf(html_rapport(j["wa"], code, j["hs"], j["sjablonen"], j["meldingen"]), j["folder"] / file, j["base"])
    return code, time.perf_counter() - t0


def rapporten(wa, map_: str | Path, huisstijl: Huisstijl | None = None, sjablonen: str | Path | None = None,
              meldingen: pd.DataFrame | None = None, gebieden: list[str] | None = None,
              voortgang: bool = True, werkers: int | None = None) -> pd.DataFrame:
    """Write the PDF of every area (or of ``gebieden``) plus ``index.html`` into ``map_``.

    ``werkers`` processes render in parallel (default: the number of CPU cores, at most 4;
    1 renders in this process).

    Returns
    -------
    DataFrame
        ``gebied, naam, bestand, status, seconden`` — status ``gemaakt`` or ``hergebruikt``.

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
        reuse = manifest.get(code, {}).get("sleutel") == key and (folder / file).exists()
        plan.append((code, naam, file, key, reuse))
    todo = [(code, file) for code, _, file, _, reuse in plan if not reuse]
    seconds: dict[str, float] = {}
    werkers = min(os.cpu_count() or 1, 4) if werkers is None else max(1, werkers)
    _JOB.update(wa=wa, hs=hs, sjablonen=sjablonen, meldingen=meldingen, folder=folder, base=base)
    keys = {code: (file, key) for code, _, file, key, _ in plan}
    bar = tqdm(total=len(plan), desc=f"Rapporten {wa.gemeente.naam}", unit="rapport", disable=not voortgang)
    bar.update(len(plan) - len(todo))
    try:
        if werkers > 1 and len(todo) > 1 and "fork" in mp.get_all_start_methods():
            with mp.get_context("fork").Pool(min(werkers, len(todo))) as pool:
                for code, sec in pool.imap_unordered(_render_one, todo):
                    seconds[code] = sec
                    manifest[code] = {"bestand": keys[code][0], "sleutel": keys[code][1]}
                    _write_json(manifest_path, manifest)
                    bar.update(1)
        else:
            for job in todo:
                code, sec = _render_one(job)
                seconds[code] = sec
                manifest[code] = {"bestand": keys[code][0], "sleutel": keys[code][1]}
                _write_json(manifest_path, manifest)
                bar.update(1)
    finally:
        bar.close()
        _JOB.clear()
    rows = [(code, naam, file, "gemaakt" if code in seconds else "hergebruikt", seconds.get(code, 0.0))
            for code, naam, file, _, _ in plan]
    result = pd.DataFrame(rows, columns=["gebied", "naam", "bestand", "status", "seconden"])
    _index(wa, folder, result)
    return result


def _index(wa, folder: Path, result: pd.DataFrame) -> Path:
    a = wa.aandachtsgebieden.set_index("gebied")
    items = []
    for r in result.itertuples():
        status = a.status.get(r.gebied, "") if r.gebied in a.index else ""
        inw = wa.waarde(r.gebied, "inwoners")
        items.append(
            f"<tr><td><a href='{html.escape(r.bestand)}'>{html.escape(r.naam)}</a></td><td>{html.escape(r.gebied)}</td>"
            f"<td style='text-align:right'>{getal(inw)}</td><td>{html.escape(status)}</td></tr>")
    overview = "<p><a href='overzicht.pdf'>Overzicht van de gemeente (PDF)</a></p>" if (folder / "overzicht.pdf").exists() else ""
    page = (
        "<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'>"
        f"<title>Wijkanalyse {html.escape(wa.gemeente.naam)} {wa.jaar}</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}td,th{padding:.2em .6em;"
        "border-bottom:1px solid #ddd;text-align:left}</style></head><body>"
        f"<h1>Wijkanalyse {html.escape(wa.gemeente.naam)} {wa.jaar}</h1>"
        f"<p>{len(result)} rapporten per {html.escape(wa.indeling.naam)}, gemaakt op {datum(dt.date.today())}.</p>"
        f"{overview}<table><tr><th>gebied</th><th>code</th><th>inwoners</th><th>aandachtsgebied</th></tr>"
        + "".join(items) + "</table></body></html>")
    path = folder / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


#: how a signal reads in a grouped line ("hoog in 22 buurten"): the direction of the figure
def _signaal_groep(sig: pd.DataFrame, cat: pd.DataFrame, enkelvoud: str, meervoud: str) -> list[dict]:
    """Signals grouped by theme: one line per theme, naming per kind of signal the areas it concerns."""
    out = []
    for thema, deel in sig.groupby("thema", sort=True):
        delen = []
        for ind, groep in deel.groupby("indicator", sort=False):
            label = teksten.in_zin(cat.loc[ind, "label"]) if ind in cat.index else str(ind)
            hoog = (groep.waarde > groep.gemeente).mean() >= 0.5
            namen = sorted(groep.naam.astype(str).unique())
            n = len(namen)
            delen.append(f"{label} {'hoger' if hoog else 'lager'} dan gemiddeld in "
                         f"{getal(n)} {enkelvoud if n == 1 else meervoud}: {teksten.lijst(namen)}")
        out.append({"thema": thema, "tekst": "; ".join(delen) + "."})
    return out


def overzicht(wa, pad: str | Path, huisstijl: Huisstijl | None = None, sjablonen: str | Path | None = None,
              indicator: str | None = None) -> Path:
    """One PDF for the whole gemeente, like a policy document: a map with the area names, key figures per
    area, the aandachtsgebieden (with dimension scores when the analysis has them) and the signals grouped
    by theme. Tables keep their header on every page.

    ``indicator`` is the one on the map (default: the aandachtsgebieden score when there is one, else
    the share of 65-plussers).
    """
    from .. import teksten as tk
    from . import charts

    hs = huisstijl or Huisstijl()
    env = _env(sjablonen)
    cols = ["inwoners", "leeftijd_65plus_aandeel", "huishoudensgrootte", "woz_waarde", "koopwoningen_aandeel",
            "inkomen_per_inwoner", "misdrijven_per_1000"]
    cat = wa.catalogus
    cols = [c for c in cols if c in cat.index]
    cur = wa.profiel[wa.profiel.jaar == wa.jaar]
    wide = cur.pivot_table(index="gebied", columns="indicator", values="waarde", aggfunc="first", dropna=False)
    names = cur.drop_duplicates("gebied").set_index("gebied").naam
    a = wa.aandachtsgebieden.set_index("gebied")
    enkelvoud, _, meervoud = tk.indeling(wa.indeling.naam)
    kort_status = {"aandachtsgebied": "aandacht", "let op": "let op"}

    inw = wide["inwoners"] if "inwoners" in wide.columns else pd.Series(float("nan"), index=wide.index)
    klein = inw.isna() | (inw < MIN_INWONERS)

    def cel(code: str, c: str) -> str:
        if c not in wide.columns or pd.isna(wide.loc[code, c]):
            return "–"
        if klein.get(code, False) and cat.loc[c, "aggregatie"] != "som":
            return "·"          # a rate of a handful of people says little (1.200 misdrijven per 1.000)
        return getal(wide.loc[code, c], int(cat.loc[c, "decimalen"]), "%" if cat.loc[c, "eenheid"] == "%" else "")

    rows = [{"code": code, "naam": names[code], "status": kort_status.get(str(a.status.get(code, "")), ""),
             "waarden": [cel(code, c) for c in cols]} for code in sorted(names.index, key=lambda c: str(names[c]))]
    gem = {c: cur[cur.indicator == c].gemeente.iloc[0] if (cur.indicator == c).any() else None for c in cols}

    # the ranking: aandachtsgebieden and "let op", with the dimension scores when present
    try:
        from ..analysis.dimensies import DIMENSIES
    except ImportError:
        DIMENSIES = {}
    dims = [(f"score_{k}", d.label) for k, d in DIMENSIES.items()
            if f"score_{k}" in a.columns and a[f"score_{k}"].notna().any()]
    rang = wa.aandachtsgebieden[wa.aandachtsgebieden.status.isin(["aandachtsgebied", "let op"])].sort_values("rang")
    ranglijst = []
    for r in rang.itertuples():
        rij = {"rang": int(r.rang) if pd.notna(r.rang) else "", "naam": r.naam, "score": getal(r.score, 1),
               "status": ("aandacht" if r.status == "aandachtsgebied" else "let op")
               + (" (aangewezen)" if getattr(r, "aangewezen", False) else ""),
               "zeker": str(getattr(r, "zekerheid", "") or ""),
               "dims": [getal(getattr(r, k), 1) if pd.notna(getattr(r, k)) else "–" for k, _ in dims]}
        if {"rang_laag", "rang_hoog"} <= set(rang.columns) and pd.notna(r.rang_laag):
            rij["interval"] = f"{int(r.rang_laag)}–{int(r.rang_hoog)}"
        ranglijst.append(rij)
    overig = int(a.score.notna().sum()) - len(ranglijst)
    niet = int(a.score.isna().sum())

    # the map: the aandachtsgebieden score, else 65-plussers
    if indicator is None:
        kaart_ind = "leeftijd_65plus_aandeel"
    else:
        kaart_ind = indicator
    waarden = cur[cur.indicator == kaart_ind].drop_duplicates("gebied").set_index("gebied").waarde
    kaart = charts.gemeentekaart(wa.indeling.gebieden, waarden, cat.loc[kaart_ind])
    ctx = {
        "huisstijl": huisstijl_context(hs), "gemeente": wa.gemeente.naam, "jaar": wa.jaar,
        "indeling": meervoud, "enkelvoud": enkelvoud, "t": tk,
        "koppen": [KORT.get(c, cat.loc[c, "label"]) for c in cols],
        "gemeente_waarden": [getal(gem[c], int(cat.loc[c, "decimalen"]), "%" if cat.loc[c, "eenheid"] == "%" else "")
                             for c in cols],
        "rijen": rows, "ranglijst": ranglijst, "dims": [lbl for _, lbl in dims],
        "interval": any("interval" in r for r in ranglijst), "zeker": any(r["zeker"] for r in ranglijst),
        "overig": overig, "niet": niet,
        "signalen": _signaal_groep(wa.signalen, cat, enkelvoud, meervoud),
        "n_signalen": tk.aantal(len(wa.signalen), "signaal"),
        "datum": datum(dt.date.today()), "kaart": kaart, "kaart_label": cat.loc[kaart_ind, "label"],
        "aantal": tk.aantal(len(rows), enkelvoud), "min_inwoners": getal(MIN_INWONERS),
    }
    if not ctx["huisstijl"].get("intro"):
        ctx["huisstijl"]["intro"] = (f"Dit overzicht zet de {meervoud} van {wa.gemeente.naam} naast elkaar met open "
                                     "cijfers van CBS en de politie. Per gebied is er een eigen rapport.")
    ctx["css"] = env.get_template("stijl.css").render(huisstijl=ctx["huisstijl"])
    document = env.get_template("overzicht.html.j2").render(**ctx)
    base = str(Path(sjablonen).resolve()) if sjablonen else str(Path.cwd())
    return _atomic_pdf(document, Path(pad), base)
