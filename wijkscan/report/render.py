"""The wijkanalyse as a PDF per area (A4, Dutch), from Jinja2 templates through WeasyPrint.

Users change the look without touching code:

* ``huisstijl=Huisstijl(organisatie=..., logo="logo.png", kleur="#006b3f", intro=...)``;
* ``sjablonen="mijn_sjablonen/"``: a folder with their own ``gebied.html.j2`` and/or
  ``stijl.css``; whatever is not there comes from the built-in templates.

Published PDFs follow the privacy rules: meldingen appear only as counts per category with
small counts suppressed; no free text, address or reporter detail ever reaches a template.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from ..errors import OngeldigeInvoer
from ..indicators import THEMAS
from ..nlformat import datum, getal, getal_eenheid
from . import charts

TEMPLATES = Path(__file__).with_name("templates")
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)
SAMENVATTING = ["inwoners", "leeftijd_65plus_aandeel", "leeftijd_0_15_aandeel", "huishoudens", "huishoudensgrootte",
                "woz_waarde", "koopwoningen_aandeel", "inkomen_per_inwoner", "misdrijven_per_1000", "afstand_huisarts",
                "afstand_supermarkt"]
INDELING_LABEL = {"buurt": "buurt", "wijk": "wijk", "gemeente": "gemeente", "pc4": "postcodegebied"}


@dataclass
class Huisstijl:
    """What a gemeente changes in its reports."""

    organisatie: str = ""
    logo: str | None = None          # path or URL of an image
    kleur: str = "#1f4e79"
    intro: str = ("Deze wijkanalyse brengt de buurt in beeld aan de hand van open cijfers van CBS en de "
                  "politie, aangevuld met wat de gemeente zelf weet. Ze is bedoeld als startpunt voor het "
                  "gesprek in het wijkoverleg.")
    voettekst: str = "Wijkanalyse — gemaakt met wijkscan"


def _env(sjablonen: str | Path | None) -> Environment:
    loaders = []
    if sjablonen is not None:
        folder = Path(sjablonen)
        if not folder.is_dir():
            raise OngeldigeInvoer(f"De sjabloonmap {folder} bestaat niet. Geef een map met gebied.html.j2 en/of stijl.css.")
        loaders.append(FileSystemLoader(str(folder)))
    loaders.append(FileSystemLoader(str(TEMPLATES)))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=select_autoescape(["html", "j2"]))
    env.filters["cssstring"] = lambda v: str(v).replace("\\", "").replace('"', "'").replace("\n", " ")
    env.filters["csskleur"] = _kleur
    return env


def huisstijl_context(hs: Huisstijl) -> dict:
    """The house style for a template, with the logo checked and turned into a file URI.

    A logo must be a local file: reports are made offline and never fetch anything.
    """
    out = asdict(hs)
    if not hs.logo:
        return out
    if re.match(r"^(https?|ftp)://", str(hs.logo)):
        raise OngeldigeInvoer(f"Het logo '{hs.logo}' is een internetadres. Sla het logo op als bestand (PNG of SVG) en "
                              "geef het pad op; rapporten halen niets van internet.")
    path = Path(hs.logo)
    if not path.is_file():
        raise OngeldigeInvoer(f"Het logo '{hs.logo}' bestaat niet. Geef het pad naar een PNG- of SVG-bestand op.")
    out["logo"] = path.resolve().as_uri()
    return out


def _kleur(value: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?", str(value)):
        raise OngeldigeInvoer(f"Huisstijlkleur '{value}' is geen kleurcode. Gebruik bijv. '#1f4e79'.")
    return str(value)


_fmt = getal_eenheid


def _rij(r: pd.Series, dec: int, aantal: int | None = None) -> dict:
    unit = r.eenheid
    shown_unit = "" if unit in ("aantal", "") or unit in r.label else f" ({unit})"
    label = r.label + shown_unit
    periode = r.get("periode", "")
    if isinstance(periode, str) and periode and not periode.isdigit():
        label += f", {periode}"   # meldingen: their own period, not the year of the CBS figures
    rang = f"{int(r.rang)} van {int(aantal or r.aantal_gebieden)}" if pd.notna(r.rang) and r.aantal_gebieden > 1 else ""
    trend = ""
    if pd.notna(r.get("per_jaar", float("nan"))):
        trend = f"{'+' if r.per_jaar > 0 else ''}{getal(r.per_jaar, max(dec, 1))} ({int(r.eerste_jaar)}–{int(r.laatste_jaar)})"
    return {
        "label": label, "waarde": _fmt(r.waarde, dec, unit), "gemeente": _fmt(r.gemeente, dec, unit),
        "nederland": _fmt(r.nederland, dec, unit) if pd.notna(r.nederland) else "",
        "index": getal(r["index"]) if pd.notna(r["index"]) else "", "rang": rang, "trend": trend,
        "leeg": pd.isna(r.waarde),
    }


def _bron(rows: pd.DataFrame, jaar: int) -> str:
    names = sorted(set(rows.bron.dropna()))
    parts = []
    for b in names:
        if b.startswith("CBS Kerncijfers"):
            parts.append(f"{b} {jaar} (peildatum 1 januari {jaar}; inkomen en nabijheid over een eerder jaar)")
        elif b.startswith("Politie"):
            parts.append(f"{b}, geregistreerde misdrijven per kalenderjaar")
        else:
            parts.append(b)
    herkomst = set(rows.herkomst.dropna()) - {""}
    extra = " Cijfers voor dit gebied berekend uit de buurten." if "berekend uit buurten" in herkomst else ""
    return "Bron: " + "; ".join(parts) + "." + extra if parts else ""


def _ontbreekt(missing: pd.DataFrame, cat: pd.DataFrame) -> str:
    """'geen gegevens' list, with survey items named as such (they need a bewonersenquête)."""
    survey = missing.index.map(lambda i: cat.loc[i, "aggregatie"] == "enquete" if i in cat.index else False)
    open_data = ", ".join(missing[~survey].label.str.lower())
    enquete = ", ".join(missing[survey].label.str.lower())
    parts = [open_data] if open_data else []
    if enquete:
        parts.append(f"uit een bewonersenquête (niet opgegeven): {enquete}")
    return "; ".join(parts)


def _meldingen_html(meldingen: pd.DataFrame | None, code: str, drempel: int) -> str:
    """Counts per category for one area; small counts shown as '<5', cells hidden against back-calculation
    as 'x'. Counts only, never text, addresses or points."""
    if meldingen is None or meldingen.empty:
        return ""
    part = meldingen[meldingen.gebied == code]
    periode = html.escape(str(meldingen.attrs.get("periode", "")))
    if part.empty:
        return f"<h3>Meldingen openbare ruimte</h3><p>Geen meldingen in {periode or 'deze periode'}.</p>"
    rows = []
    for r in part.sort_values("aantal", ascending=False, na_position="last").itertuples():
        shown = getattr(r, "tekst", None) or (f"<{drempel}" if pd.isna(r.aantal) else getal(r.aantal))
        rows.append(f"<tr><td>{html.escape(str(r.categorie))}</td><td class='getal'>{html.escape(shown)}</td></tr>")
    return ("<h3>Meldingen openbare ruimte per categorie</h3><table><tr><th>categorie</th><th class='getal'>aantal</th></tr>"
            + "".join(rows) + f"</table><p class='bron'>Bron: meldingen van de gemeente{', ' + periode if periode else ''}. "
            f"&lt;{drempel}: minder dan {drempel} meldingen, niet getoond; x: weggelaten zodat het niet uit het totaal "
            "terug te rekenen is.</p>")


def context(wa, code: str, huisstijl: Huisstijl | None = None, meldingen: pd.DataFrame | None = None,
            drempel: int | None = None) -> dict:
    """Everything the template needs for one area (plain strings and numbers, Dutch formatted)."""
    hs = huisstijl or Huisstijl()
    hs_ctx = huisstijl_context(hs)
    prof = wa.profiel
    if meldingen is None:
        meldingen = getattr(wa, "meldingen", None)
    drempel = getattr(wa, "drempel_publicatie", 5) if drempel is None else drempel
    if code not in set(prof.gebied):
        raise OngeldigeInvoer(f"Gebied '{code}' hoort niet bij deze wijkanalyse.")
    g = wa.gebied(code)
    naam = str(prof.loc[prof.gebied == code, "naam"].iloc[0])
    cat = wa.catalogus
    cur = prof[(prof.gebied == code) & (prof.jaar == wa.jaar)].set_index("indicator").join(
        wa.trends[wa.trends.gebied == code].set_index("indicator")[["per_jaar", "eerste_jaar", "laatste_jaar"]])
    samenvatting = [_rij(cur.loc[i], int(cat.loc[i, "decimalen"])) for i in SAMENVATTING if i in cur.index]
    gem_naam = wa.gemeente.naam
    themas = []
    for thema in THEMAS:
        part = cur[cur.thema == thema]
        shown = part[part.waarde.notna() | part.gemeente.notna()]
        missing = part[part.waarde.isna() & part.gemeente.isna()]
        grafieken = []
        if thema == "Demografie":
            svg = charts.leeftijdsopbouw(cur, naam, gem_naam)
            if svg:
                grafieken.append({"svg": svg, "bron": f"Leeftijdsopbouw, % van de inwoners op 1 januari {wa.jaar}. "
                                                      "Bron: CBS Kerncijfers wijken en buurten."})
        if thema == "Wonen":
            svg = charts.vergelijking(cur, [("koopwoningen_aandeel", "koopwoningen"), ("huurwoningen_aandeel", "huur"),
                                            ("corporatiewoningen_aandeel", "corporatie"),
                                            ("eengezinswoningen_aandeel", "eengezins"),
                                            ("meergezinswoningen_aandeel", "meergezins")], "% van de woningen",
                                      naam, gem_naam)
            if svg:
                grafieken.append({"svg": svg, "bron": "Woningvoorraad naar eigendom en type. Bron: CBS Kerncijfers wijken "
                                                      "en buurten."})
        for ind, titel in (("misdrijven", "Geregistreerde misdrijven per jaar"),
                           ("leeftijd_65plus_aandeel", "Aandeel 65 jaar of ouder (%)"), ("inwoners", "Inwoners")):
            if cat.loc[ind, "thema"] != thema if ind in cat.index else True:
                continue
            series = prof[(prof.gebied == code) & (prof.indicator == ind)].set_index("jaar").waarde
            gem = None
            if cat.loc[ind, "aggregatie"] != "som":
                gem = prof[(prof.indicator == ind)].drop_duplicates("jaar").set_index("jaar").gemeente
            svg = charts.trend(series, gem, titel, cat.loc[ind, "eenheid"], naam, gem_naam)
            if svg:
                grafieken.append({"svg": svg, "bron": f"Bron: {cat.loc[ind, 'bron']}."})
        bron = _bron(shown, wa.jaar)
        if getattr(wa, "meldingen_periode", "") and shown.index.str.startswith("meldingen").any():
            bron += (f" Meldingen van {wa.meldingen_periode}, toegewezen aan de buurt waarin ze liggen; per 1.000 "
                     f"inwoners van 1 januari {wa.jaar}.")
        themas.append({
            "naam": thema,
            "rijen": [_rij(r, int(cat.loc[i, "decimalen"])) for i, r in shown.iterrows()],
            "bron": bron,
            "grafieken": grafieken,
            "ontbreekt": _ontbreekt(missing, cat),
            "meldingen": _meldingen_html(meldingen, code, drempel) if thema == "Openbare ruimte" else "",
        })
    a = wa.aandachtsgebieden.set_index("gebied")
    aandacht = None
    if code in a.index:
        r = a.loc[code]
        b = wa.bijdragen[wa.bijdragen.gebied == code]
        status = {"aandachtsgebied": "Aandachtsgebied", "let op": "Let op", "geen": "Geen aandachtsgebied",
                  "niet gescoord": "Niet gescoord"}[r.status]
        aandacht = {
            "status_tekst": status, "rang": int(r.rang) if pd.notna(r.rang) else None,
            "aantal": int(a.score.notna().sum()), "score": getal(r.score, 2), "aangewezen": bool(r.aangewezen),
            "toelichting": (r.toelichting[0].upper() + r.toelichting[1:] + ".") if r.toelichting else "",
            "grafiek": charts.bijdragen(b) if pd.notna(r.score) else None,
            "indicatoren": ", ".join(cat.loc[i, "label"].lower() for i in a.attrs.get("gebruikt", {})) or "de indicatoren",
        }
    sig = wa.signalen[wa.signalen.gebied == code]
    teksten = wa.teksten[wa.teksten.gebied == code] if not wa.teksten.empty else wa.teksten
    bronnen = sorted({b for b in prof.bron.dropna()})
    bronnen_txt = [f"{b}" for b in bronnen]
    bronnen_txt.append(f"Gebiedsgrenzen: CBS/PDOK ({', '.join(sorted(set(wa.gemeente.gebieden.geometrie_jaar)))}), "
                       "CC BY 4.0.")
    opm = list(wa.gemeente.opmerkingen)
    opm += [f"{r.kwestie}: {r.detail}" for r in wa.indeling.rapport.itertuples() if r.buurt in (
        set(wa.indeling.toewijzing.index[wa.indeling.toewijzing.gebied == code]) | {code})]
    geom_jaar = wa.gemeente.gebieden.geometrie_jaar.get(code, "") if code in wa.gemeente.gebieden.index else ""
    return {
        "css": "", "huisstijl": hs_ctx, "gebied": {"code": code, "naam": naam}, "jaar": wa.jaar,
        "gemeente": {"code": wa.gemeente.code, "naam": gem_naam},
        "indeling_label": INDELING_LABEL.get(wa.indeling.naam, wa.indeling.naam),
        "ligging": _ligging(wa, code), "geometrie_tekst": f"grenzen {geom_jaar or 'CBS/PDOK'}",
        "datum": datum(dt.date.today()), "bron_tekst": ", ".join(sorted(set(wa.gemeente.bron.values()))) + " gegevens",
        "samenvatting": samenvatting, "samenvatting_bron": _bron(cur.loc[[i for i in SAMENVATTING if i in cur.index]],
                                                                 wa.jaar),
        "aandacht": aandacht, "signalen": sig.to_dict("records"), "themas": themas,
        "sterk": teksten[teksten.soort == "sterke punten"].tekst.tolist() if len(teksten) else [],
        "verbeteren": teksten[teksten.soort == "te verbeteren"].tekst.tolist() if len(teksten) else [],
        "bronnen": bronnen_txt, "opmerkingen": opm, "_g": g,
    }


def _ligging(wa, code: str) -> str:
    geo = wa.indeling.gebieden
    gem = wa.gemeente.gebieden
    import geopandas as gpd

    frame = pd.concat([gem[gem.niveau == "gemeente"][["naam", "niveau", "geometry"]],
                       geo.assign(niveau="buurt")[["naam", "niveau", "geometry"]]])
    return charts.ligging(gpd.GeoDataFrame(frame, geometry="geometry", crs=gem.crs), code, wa.gemeente.code)


def html_rapport(wa, code: str, huisstijl: Huisstijl | None = None, sjablonen: str | Path | None = None,
                 meldingen: pd.DataFrame | None = None) -> str:
    """The report of one area as HTML (what WeasyPrint turns into the PDF)."""
    env = _env(sjablonen)
    ctx = context(wa, code, huisstijl, meldingen)
    ctx["css"] = env.get_template("stijl.css").render(huisstijl=ctx["huisstijl"])
    return env.get_template("gebied.html.j2").render(**ctx)


def _atomic_pdf(document_html: str, pad: Path, base_url: str | None) -> Path:
    from weasyprint import HTML

    pad.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=pad.parent, prefix=".tmp-", suffix=".pdf")
    os.close(fd)
    try:
        HTML(string=document_html, base_url=base_url).write_pdf(tmp)
        os.replace(tmp, pad)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return pad


def rapport(wa, code: str, pad: str | Path, huisstijl: Huisstijl | None = None, sjablonen: str | Path | None = None,
            meldingen: pd.DataFrame | None = None) -> Path:
    """Write the PDF report of one area.

    Parameters
    ----------
    wa : Wijkprofiel
        The wijkanalyse.
    code : str
        Area code (``BU06260006``, ``WK010604``, ``2252``, an own code).
    pad : path
        Where the PDF goes (written atomically: an interrupted run leaves no broken file).
    huisstijl, sjablonen
        The gemeente's look (see the module docstring).
    meldingen : DataFrame, optional
        Publication-safe counts ``gebied, categorie, aantal`` (small counts already NA or kept;
        anything under 5 is shown as "<5").

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.report import rapport
    >>> wa = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
    >>> rapport(wa, "BU06260006", "bijdorp.pdf")        # doctest: +SKIP
    """
    base = str(Path(sjablonen).resolve()) if sjablonen else str(Path.cwd())
    return _atomic_pdf(html_rapport(wa, code, huisstijl, sjablonen, meldingen), Path(pad), base)
