"""The wijkanalyse as a PDF per area (A4, Dutch), from Jinja2 templates through WeasyPrint.

Users change the look without touching code:

* ``huisstijl=Huisstijl(organisatie=..., logo="logo.png", kleur="#006b3f", intro=...)``;
* ``sjablonen="mijn_sjablonen/"``: a folder with their own ``gebied.html.j2`` and/or
  ``stijl.css``; whatever is not there comes from the built-in templates.

Published PDFs follow the privacy rules: meldingen appear only as counts per category with
small counts suppressed; no free text, address or reporter detail ever reaches a template.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import html
import logging
import os
import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from .. import tekens, teksten
from ..errors import OngeldigeInvoer
from ..indicators import THEMAS
from ..model import Wijkprofiel
from ..nlformat import DUIZEND_EURO, datum, getal, getal_eenheid
from . import charts

if TYPE_CHECKING:
    from ..model import Wijkprofiel

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
    intro: str = ""                  # empty: a sentence that fits the kind of area (teksten.intro)
    voettekst: str = "Wijkanalyse — gemaakt met wijkscan"


def _env(sjablonen: str | Path | None) -> Environment:
    """The Jinja2 environment of a template folder, made once per process: compiling the templates for every
    report took a tenth of its time (benchmarks/README.md). A changed template file is still seen (Jinja2 checks
    the file's modification time before reusing a compiled template)."""
    if sjablonen is not None and not Path(sjablonen).is_dir():
        raise OngeldigeInvoer(f"De sjabloonmap {Path(sjablonen)} bestaat niet. Geef een map met gebied.html.j2 en/of "
                              "stijl.css.")
    return _env_van(None if sjablonen is None else str(Path(sjablonen).resolve()))


@functools.lru_cache(maxsize=8)
def _env_van(sjablonen: str | None) -> Environment:
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
    shown_unit = "" if unit in ("aantal", "", DUIZEND_EURO) or unit in r.label else f" ({unit})"
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
        "landelijk": r.get("landelijk_kort", "") if isinstance(r.get("landelijk_kort", ""), str) else "",
        "leeg": pd.isna(r.waarde),
    }


def _bron(rows: pd.DataFrame, jaar: int) -> str:
    names = sorted(set(rows.bron.dropna()))
    parts = []
    ids = [str(i) for i in rows.index]
    # only where the rows hold them: income and distances are about an earlier year than the peildatum
    eerder = any("inkomen" in i or i.startswith("afstand_") or "_binnen_" in i for i in ids)
    for b in names:
        if b.startswith("CBS Kerncijfers"):
            parts.append(f"{b} {jaar} (peildatum 1 januari {jaar}"
                         + ("; inkomen en nabijheid over een eerder jaar)" if eerder else ")"))
        elif b.startswith("Politie"):
            parts.append(f"{b}, geregistreerde misdrijven per kalenderjaar")
        else:
            parts.append(b)
    herkomst = set(rows.herkomst.dropna()) - {""} if "herkomst" in rows.columns else set()
    extra = " Cijfers voor dit gebied berekend uit de buurten." if "berekend uit buurten" in herkomst else ""
    return "Bron: " + "; ".join(parts) + "." + extra if parts else ""


def _is_enquete(i: str, cat: pd.DataFrame) -> bool:
    return i in cat.index and cat.loc[i, "aggregatie"] == "enquete"


def _ontbreekt(missing: pd.DataFrame, cat: pd.DataFrame) -> str:
    """One sentence naming what the data lacks in a theme (survey items named as such), or ''."""
    if missing.empty:
        return ""
    survey = [_is_enquete(i, cat) for i in missing.index]
    open_data = [teksten.in_zin(lbl) for lbl, s in zip(missing.label, survey, strict=True) if not s]
    enquete = [teksten.in_zin(lbl) for lbl, s in zip(missing.label, survey, strict=True) if s]
    delen = []
    if open_data:
        delen.append(f"Geen cijfers over {teksten.lijst(open_data)}")
    if enquete:
        delen.append(f"{'over' if open_data else 'Geen cijfers over'} {teksten.lijst(enquete)}: "
                     f"{teksten.ENQUETE_NODIG}")
    return "; ".join(delen) + "."


def _ontbreekt_regel(zonder: list[tuple[str, pd.DataFrame]], themas: list[dict], cur: pd.DataFrame,
                     cat: pd.DataFrame, naam: str) -> str:
    """What the data lacks for this area, once per report (not after every table): the themes without any figure,
    then how many other figures are missing, a few named, and how many need a survey."""
    delen = []
    if zonder:
        delen.append(f"Over {teksten.lijst([t.lower() for t, _ in zonder])} zijn er voor {naam} geen cijfers.")
    missing = pd.concat([t["missing"] for t in themas if len(t.get("missing", []))] or [cur.iloc[0:0]])
    if len(missing):
        enquete = [i for i in missing.index if _is_enquete(i, cat)]
        open_data = [teksten.in_zin(lbl) for i, lbl in missing.label.items() if i not in enquete]
        voorbeeld = open_data[:3] or [teksten.in_zin(lbl) for lbl in missing.label[:3]]
        ook = "ook geen" if zonder else "Geen"
        zin = (f"{ook[0].upper()}{ook[1:]} cijfers over {teksten.aantal(len(missing), 'onderwerp')} in de andere "
               f"thema's, o.a. {teksten.lijst(voorbeeld)}")
        if enquete:
            zin += f"; voor {getal(len(enquete))} daarvan is een bewonersenquête nodig"
        delen.append(zin + ". In de tabellen (Excel, CSV) staan ze als 'onbekend'.")
    return " ".join(delen)


def _meldingen_bron(wa: Wijkprofiel) -> str:
    """The meldingen source as the import names it (system, how it was read), or what is known of it."""
    bron = str(getattr(wa, "meldingen_bron", "") or "")
    return bron or "meldingensysteem en wijze van ophalen niet opgegeven"


def _meldingen_html(meldingen: pd.DataFrame | None, code: str, drempel: int, wa: Wijkprofiel | None = None) -> str:
    """Counts per category for one area; small counts shown as '<5', cells hidden against back-calculation
    as 'x'. Counts only, never text, addresses or points. A table that would be all hidden is one sentence."""
    if meldingen is None or meldingen.empty:
        return ""
    part = meldingen[meldingen.gebied == code]
    periode = html.escape(str(getattr(wa, "meldingen_periode", "") or ""))
    bron = html.escape(_meldingen_bron(wa)) if wa is not None else ""
    if part.empty:
        return f"<h3>Meldingen openbare ruimte</h3><p>Geen meldingen in {periode or 'deze periode'}.</p>"
    tekst = part["tekst"] if "tekst" in part.columns else pd.Series("", index=part.index)
    if part.aantal.isna().all() and not tekst.astype(str).str.contains(" (excl. ", regex=False).any():
        redenen = sorted({str(t) for t in tekst.dropna() if str(t) and str(t) not in ("<5", "x")})
        zin = (f"Per categorie zijn er voor dit gebied geen aantallen te tonen: {teksten.lijst(redenen)}."
               if redenen else f"Per categorie zijn alle aantallen te klein om te tonen (minder dan {drempel}, of "
                               "weggelaten zodat een klein aantal niet terug te rekenen is).")
        return (f"<h3>Meldingen openbare ruimte per categorie</h3><p>{html.escape(zin)}</p>"
                f"<p class='bron'>Bron: meldingen openbare ruimte van de gemeente ({bron}), {periode}.</p>")
    rows, getoond = [], []
    deel = _deeltotalen(wa, code, part)
    volgorde = part.assign(_n=[deel[c].waarde if c in deel and deel[c].getoond else a
                               for c, a in zip(part.categorie, part.aantal, strict=True)])
    for r in volgorde.sort_values("_n", ascending=False, na_position="last").itertuples():
        teken = getattr(r, "tekst", None)
        shown = (deel[r.categorie].tekst if r.categorie in deel else teken if isinstance(teken, str) and teken
                 else f"<{drempel}" if pd.isna(r.aantal) else getal(r.aantal))
        rows.append(f"<tr><td>{html.escape(str(r.categorie))}</td><td class='getal'>{html.escape(shown)}</td></tr>")
        getoond.append(shown)
    noot = next(iter(deel.values())).noot + " " if deel else ""
    return ("<h3>Meldingen openbare ruimte per categorie</h3><table class='smal'><thead><tr><th>categorie</th>"
            "<th class='getal'>aantal</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
            f"<p class='bron'>{html.escape(noot)}"
            f"Bron: meldingen openbare ruimte van de gemeente ({bron}){', ' + periode if periode else ''}. "
            + html.escape(" ".join(f"{t}: {u}." for t, u in tekens.legenda(getoond, drempel))) + "</p>")


def _deeltotalen(wa: Wijkprofiel | None, code: str, part: pd.DataFrame) -> dict:
    """Per category the partial count of an area with buurten without polygon (read from the run), or {}."""
    t = wa.meldingentelling if wa is not None else None
    if t is None:
        return {}
    uit = {c: t.deeltotaal(wa.indeling.naam, code, c) for c in part.categorie}   # type: ignore[union-attr]
    return {c: d for c, d in uit.items() if d is not None}


#: counts that the age chart already shows as shares (left out of the table: shorter, not less)
_IN_GRAFIEK = {"leeftijd_0_15", "leeftijd_15_25", "leeftijd_25_45", "leeftijd_45_65", "leeftijd_65plus"}
def _aandacht(wa: Wijkprofiel, code: str, naam: str, gem_naam: str, enkelvoud: str) -> dict | None:
    """The aandachtsgebied section in plain words; dimension scores and certainty when the table has them."""
    a = wa.aandachtsgebieden.set_index("gebied")
    if code not in a.index:
        return None
    r = a.loc[code]
    status = str(r.status)
    gescoord = pd.notna(r.score)
    az = wa.boodschappen.aandacht_zinnen
    z = az.loc[code] if code in az.index else pd.Series(dtype=object)
    toel = str(z.get("waarom", "") or "")
    if toel.lower().startswith("niet gescoord"):
        toel = toel.split(":", 1)[-1].strip()
    zin = ""
    if status == "niet gescoord":       # the status line above already says "Niet beoordeeld"
        zin = f"Reden: {toel}." if toel else ""
    elif toel and status == "geen":     # not "Waarom: vooral sociaal-economisch" under "Geen aandachtsgebied"
        zin = f"Toelichting: {toel}."
    elif toel:
        zin = f"Waarom: {toel}."
    lijst = wa.boodschappen.aandachtslijst
    rang = str(lijst.tekst.get(code, "")).removesuffix(".")
    interval = {"rang_laag", "rang_hoog"} <= set(a.columns) and pd.notna(r.rang_laag) and r.rang_laag != r.rang_hoog
    if gescoord and pd.notna(r.rang) and not z.get("niveau_tekst") and interval:
        rang += f"; met de onzekerheid in de cijfers plek {int(r.rang_laag)} tot {int(r.rang_hoog)}"
    rang = f"{rang}." if rang else ""
    zeker = ""
    if "zekerheid" in a.columns and isinstance(r.zekerheid, str) and r.zekerheid:
        zeker = ("Deze uitkomst is zeker." if r.zekerheid == "zeker"
                 else "Dit is een twijfelgeval: met iets andere cijfers valt de uitkomst anders uit.")
    dim = wa.boodschappen.dimensies
    dimensies = [{"naam": d.label, "score": getal(d.score, 1), "oordeel": d.oordeel}
                 for d in dim[dim.gebied == code].itertuples()]
    b = wa.bijdragen[wa.bijdragen.gebied == code] if len(wa.bijdragen) else wa.bijdragen
    return {
        "status_tekst": teksten.STATUS.get(status, status.capitalize()), "status": status, "rang": rang,
        "aangewezen": bool(r.get("aangewezen", False)), "zin": zin, "zeker": zeker, "dimensies": dimensies,
        "niveau": str(z.get("niveau_tekst", "") or ""),
        "extra": [str(z.get(k, "") or "") for k in ("centrum", "groot", "niet_meegeteld") if z.get(k)],
        "grafiek": charts.bijdragen(b) if gescoord and not b.empty and not dimensies else None,
        "uitleg": teksten.SCORE_UITLEG.format(naam=naam, enkelvoud=enkelvoud, gemeente=gem_naam,
                                                een_gewone=teksten.een_gewone(enkelvoud)) if gescoord else "",
    }


#: short column headings of the outcome indicators in the table of comparable areas
_KORT = {"misdrijven_per_1000": "misdrijven per 1.000 inwoners", "ervaren_gezondheid_goed": "ervaren gezondheid goed",
         "meldingen_per_1000": "meldingen per 1.000 inwoners"}


def _vergelijkbaar(wa: Wijkprofiel, code: str, naam: str, gem_naam: str) -> dict | None:
    """The section "Tegen vergelijkbare buurten elders", drawn from what the run stored
    (:attr:`Wijkprofiel.vergelijking`): the sentences, and the comparable areas with their figures."""
    v = getattr(wa, "vergelijking", None)
    if v is None or not v.niveau:
        return None
    enkelvoud, _, meervoud = teksten.indeling(v.niveau)
    titel = f"Tegen vergelijkbare {meervoud} elders"
    niet = v.niet_vergeleken[v.niet_vergeleken.gebied == code]
    if len(niet):
        return {"titel": titel, "intro": f"Geen vergelijking met {meervoud} elders: {niet.reden.iloc[0]}.",
                "zinnen": [], "kop": [], "rijen": [], "bron": ""}
    rijen_v = v.tabel[v.tabel.gebied == code]
    lijst = v.gebieden[v.gebieden.gebied == code].sort_values("rang")
    if lijst.empty:
        return None
    cat = wa.catalogus
    wie = f"de {teksten.aantal(len(lijst), enkelvoud)} in andere gemeenten die qua opbouw het meest op {naam} lijken"
    intro = f"Is dit gewoon voor zo'n {enkelvoud}? Hier staat {naam} naast {wie}: {v.opbouw_tekst(cat)}."
    ontbreekt = v.ontbreekt[v.ontbreekt.gebied == code]
    if len(ontbreekt):
        ww = "ontbreekt" if int(ontbreekt.aantal.iloc[0]) == 1 else "ontbreken"
        intro += f" Voor {naam} {ww} {ontbreekt.ontbreekt.iloc[0]}; de vergelijking gebruikt de andere cijfers."
    getoond = [i for i in rijen_v.indicator if i in lijst.columns]
    dec = {i: int(cat.loc[i, "decimalen"]) if i in cat.index else 1 for i in getoond}
    een = {i: cat.loc[i, "eenheid"] if i in cat.index else "" for i in getoond}
    eigen = rijen_v.set_index("indicator").waarde
    rijen = [{"naam": f"{naam} ({gem_naam})", "eigen": True,
              "waarden": [getal_eenheid(eigen.get(i), dec[i], een[i]) if pd.notna(eigen.get(i)) else tekens.ONBEKEND
                          for i in getoond]}]
    for r in lijst.itertuples():
        rijen.append({"naam": f"{r.naam} ({r.gemeente})", "eigen": False,
                      "waarden": [getal_eenheid(getattr(r, i), dec[i], een[i]) if pd.notna(getattr(r, i)) else tekens.ONBEKEND
                                  for i in getoond]})
    labels = [teksten.in_zin(cat.loc[s, "label"]) if s in cat.index else s for s in v.structuur]
    bron = (f"Vergelijkbaar: de {teksten.aantal(len(lijst), enkelvoud)} met de kleinste afstand op {teksten.lijst(labels)} "
            f"(gestandaardiseerd over alle {meervoud} van Nederland met minstens "
            f"{getal(v.min_inwoners)} inwoners; hooguit één klasse verschil in stedelijkheid), buiten {gem_naam}. "
            f"Mediaan: de middelste waarde van de vergelijkbare {meervoud} met een cijfer. Bron: CBS Kerncijfers wijken en "
            f"buurten {v.jaar}, politie (misdrijven), RIVM Gezondheidsmonitor (ervaren gezondheid).")
    return {"titel": titel, "intro": intro, "zinnen": v.teksten(code),
            "kop": [_KORT.get(i, teksten.in_zin(cat.loc[i, "label"]) if i in cat.index else i) for i in getoond],
            "rijen": rijen, "bron": bron, "enkelvoud": enkelvoud}


def lees_teksten(map_: str | Path | None, code: str) -> dict[str, list[str]]:
    """'Sterke punten' and 'te verbeteren' of one area from a simple text file ``<map_>/<code>.txt``.

    The file has two headings, each followed by lines (a leading ``-`` is optional)::

        # Sterke punten
        - Actieve bewonersvereniging
        # Te verbeteren
        - Parkeren rond de school

    Example
    -------
    >>> lees_teksten(None, "BU06260006")
    {'sterk': [], 'verbeteren': []}
    """
    out: dict[str, list[str]] = {"sterk": [], "verbeteren": []}
    if map_ is None:
        return out
    pad = Path(map_) / f"{code}.txt"
    if not pad.is_file():
        return out
    huidig = None
    for nr, regel in enumerate(pad.read_text(encoding="utf-8-sig").splitlines(), start=1):
        tekst = regel.strip()
        if not tekst:
            continue
        if tekst.startswith("#"):
            kop = tekst.lstrip("#").strip().lower()
            huidig = "sterk" if kop.startswith("sterk") else "verbeteren" if kop.startswith(("te verbeteren", "verbeter",
                                                                                              "wat beter")) else None
            if huidig is None:
                raise OngeldigeInvoer(f"{pad.name}, regel {nr}: onbekende kop '{tekst}'. Gebruik '# Sterke punten' "
                                      "of '# Te verbeteren'.")
            continue
        if huidig is None:
            raise OngeldigeInvoer(f"{pad.name}, regel {nr}: tekst vóór de eerste kop. Begin met '# Sterke punten' "
                                  "of '# Te verbeteren'.")
        out[huidig].append(tekst.lstrip("-•* ").strip())
    return out


def _basis(wa: Wijkprofiel, code: str, hs: Huisstijl) -> dict:
    """What every page of an area's report needs: house style, names, year, sources of the data."""
    hs_ctx = huisstijl_context(hs)
    if not hs_ctx.get("intro"):
        hs_ctx["intro"] = teksten.intro(wa.indeling.naam)
    prof = wa.profiel
    naam = str(prof.loc[prof.gebied == code, "naam"].iloc[0])
    enkelvoud, _, _ = teksten.indeling(wa.indeling.naam)
    return {
        "css": "", "huisstijl": hs_ctx, "gebied": {"code": code, "naam": naam}, "jaar": wa.jaar,
        "jaren_tekst": jaren_titel(wa),
        "gemeente": {"code": wa.gemeente.code, "naam": wa.gemeente.naam}, "indeling_label": enkelvoud,
        "datum": datum(dt.date.today()), "t": teksten,
        "bron_tekst": teksten.lijst(sorted({teksten.GEGEVENSBRON.get(b, b) for b in wa.gemeente.bron.values()})),
        "index_uitleg": teksten.INDEX_UITLEG.format(gemeente=wa.gemeente.naam),
        "kaart_bron": kaart_bron(wa),
    }


def kaart_bron(wa: Wijkprofiel) -> str:
    """The credit under a report's or overview's map: "Kaart: grenzen CBS/PDOK 2024 (CC BY 4.0)."."""
    t = teksten.grenzen_bron(wa.gemeente.gebieden, wa.indeling.naam)
    return f"Kaart: {t.replace('grenzen: ', 'grenzen ', 1)}."   # one colon in a sentence


def jaren_titel(wa: Wijkprofiel) -> str:
    """The data years a report is about: "2024", or "2024; meldingen 18-05-2026 t/m 08-08-2026"."""
    periode = getattr(wa, "meldingen_periode", "")
    return f"{wa.jaar}; meldingen {periode}" if periode else str(wa.jaar)


def _kaartje(wa: Wijkprofiel, code: str, cur: pd.DataFrame, basis: dict) -> dict:
    """The one-page card of an area below the publication threshold (decided in the run)."""
    naam, gem_naam = basis["gebied"]["naam"], wa.gemeente.naam
    klein = wa.boodschappen.kleine_gebieden.loc[code]
    inwoners = klein.inwoners
    reden = (teksten.KLEIN_REDEN_GEEN.format(naam=naam) if pd.isna(inwoners) or inwoners == 0 else
             teksten.KLEIN_REDEN.format(naam=naam, inwoners=teksten.aantal(inwoners, "inwoner"),
                                        ouder=_ouder(wa, code) or gem_naam))
    leeftijd = charts.leeftijdsopbouw(cur, naam, gem_naam) if bool(klein.leeftijd) else None
    kaart, kaart_tekst = charts.omgeving(wa.indeling.gebieden, code, None, None)
    return {**basis, "kaartje": True, "inwoners": getal(inwoners) if pd.notna(inwoners) else "geen",
            "reden": reden, "leeftijd": leeftijd, "kaart": kaart, "kaart_tekst": kaart_tekst,
            "bronnen": [_bron(cur.loc[["inwoners"]], wa.jaar)] if "inwoners" in cur.index else []}


def _grafieken(wa: Wijkprofiel, code: str, cur: pd.DataFrame, thema: str, naam: str) -> list[dict]:
    """The charts of one theme (age structure, housing, crime over the years)."""
    gem_naam, cat, prof = wa.gemeente.naam, wa.catalogus, wa.profiel
    grafieken = []
    if thema == "Demografie":
        staven = charts.leeftijdsopbouw(cur, naam, gem_naam)
        if staven:
            grafieken.append({"html": staven, "titel": "Leeftijdsopbouw",
                              "bron": f"% van de inwoners op 1 januari {wa.jaar}. Bron: CBS Kerncijfers wijken en "
                                      "buurten."})
    if thema == "Wonen":
        svg = charts.vergelijking(cur, [("koopwoningen_aandeel", "koopwoningen"), ("huurwoningen_aandeel", "huurwoningen"),
                                        ("corporatiewoningen_aandeel", "van een corporatie"),
                                        ("eengezinswoningen_aandeel", "eengezinswoningen"),
                                        ("meergezinswoningen_aandeel", "meergezinswoningen")], "% van de woningen",
                                  naam, gem_naam)
        if svg:
            grafieken.append({"html": svg, "titel": "Woningvoorraad naar eigendom en type",
                              "bron": "% van de woningen. Bron: CBS Kerncijfers wijken en buurten."})
    if thema == "Veiligheid" and "misdrijven" in cat.index:
        series = prof[(prof.gebied == code) & (prof.indicator == "misdrijven")].set_index("jaar").waarde
        gem = prof[prof.indicator == "misdrijven"].drop_duplicates("jaar").set_index("jaar").gemeente
        svg = charts.trend(series, gem, "Geregistreerde misdrijven", "aantal", naam, gem_naam)
        if svg:
            jaren = series.dropna().index
            grafieken.append({"svg": svg, "bron": f"Geregistreerde misdrijven, {int(min(jaren))} = 100 (zo zijn "
                                                  f"{naam} en {gem_naam} te vergelijken); de getallen bij de punten "
                                                  f"zijn de aantallen in {naam}. Bron: {cat.loc['misdrijven', 'bron']}."})
    return grafieken


def _themas(wa: Wijkprofiel, code: str, cur: pd.DataFrame, naam: str, meldingen: pd.DataFrame | None,
            drempel: int) -> tuple[list[dict], list[tuple[str, pd.DataFrame]], pd.DataFrame]:
    """One section per theme with figures; the themes without any; the rows shown."""
    cat = wa.catalogus
    themas, zonder = [], []
    gebruikt = cur.iloc[0:0]
    for thema in THEMAS:
        part = cur[cur.thema == thema]
        shown = part[part.waarde.notna()]
        missing = part[part.waarde.isna()]
        meldingen_html = _meldingen_html(meldingen, code, drempel, wa) if thema == "Openbare ruimte" else ""
        if shown.empty and not meldingen_html:
            if len(part):
                zonder.append((thema, missing))
            continue
        gebruikt = pd.concat([gebruikt, shown])
        bron = _bron(shown, wa.jaar)
        if getattr(wa, "meldingen_periode", "") and shown.index.str.startswith("meldingen").any():
            methode = wa.meldingentelling.methode if wa.meldingentelling is not None else ""
            bron += (f" Meldingen: {_meldingen_bron(wa)}" + (f"; {methode}" if methode else "")
                     + f"; per 1.000 inwoners van 1 januari {wa.jaar}.")
        rijen = [_rij(r, int(cat.loc[i, "decimalen"])) for i, r in shown.iterrows() if i not in _IN_GRAFIEK]
        themas.append({
            "naam": thema, "rijen": rijen, "bron": bron, "grafieken": _grafieken(wa, code, cur, thema, naam),
            "trend": any(r["trend"] for r in rijen), "ontbreekt": "", "missing": missing,
            "landelijk": any(r["landelijk"] for r in rijen), "landelijk_kop": _landelijk_kop(shown),
            "nederland": any(r["nederland"] for r in rijen), "rang": any(r["rang"] for r in rijen),
            "meldingen": meldingen_html,
        })
    return themas, zonder, gebruikt


def _geometrie_bron(wa: Wijkprofiel, code: str) -> str:
    """Where the outline of this area comes from, exactly: CBS/PDOK with its year, approximate, or unknown."""
    gg = wa.gemeente.gebieden
    if code in gg.index and "grens_bij_benadering" in gg.columns and pd.notna(gg.loc[code, "grens_bij_benadering"]):
        return ("Gebiedsgrenzen: CBS/PDOK, CC BY 4.0; deze buurt staat niet op de meegeleverde buurtkaart, haar grens "
                "is bij benadering (schematische kaart van woonikveilig, naar CBS-gegevens).")
    if wa.indeling.naam == "pc4":
        return ("Grenzen van de postcodegebieden (PC4): herkomst en jaar van deze vlakken zijn niet bekend; ze zijn "
                "meegeleverd met wijkscan. Buurtgrenzen: CBS/PDOK, CC BY 4.0.")
    jaren = sorted({str(gg.loc[code, "geometrie_jaar"])} if code in gg.index and pd.notna(gg.loc[code, "geometrie_jaar"])
                   else set(gg.geometrie_jaar.dropna().astype(str)))
    return f"Gebiedsgrenzen: CBS/PDOK{' ' + teksten.lijst(jaren) if jaren else ''}, CC BY 4.0."


def _bronnen(wa: Wijkprofiel, code: str, gebruikt: pd.DataFrame, themas: list[dict], eigen_tekst: bool) -> list[str]:
    """The source lines of a report: every source of a figure shown, with its vintage."""
    meld = f"meldingen openbare ruimte van de gemeente ({_meldingen_bron(wa)})"
    bronnen = sorted(set(gebruikt.bron.dropna()) | ({meld} if any(t["meldingen"] for t in themas) else set()))
    out = [_bron(gebruikt[gebruikt.bron == b], wa.jaar).removeprefix("Bron: ") if b in set(gebruikt.bron)
           else f"{b[0].upper()}{b[1:]}, {wa.meldingen_periode}." for b in bronnen]
    if eigen_tekst:
        out.append("Sterke punten en wat beter kan: tekst van de gemeente.")
    out.append(_geometrie_bron(wa, code))
    return out


def _opmerkingen(wa: Wijkprofiel, code: str) -> list[str]:
    """Remarks about the input that concern this area (a note naming buurten only in their own areas' reports)."""
    eigen_buurten = set(wa.indeling.toewijzing.index[wa.indeling.toewijzing.gebied == code]) | {code}
    eigen = [f"{r.kwestie}: {r.detail}" for r in wa.indeling.rapport.itertuples() if r.buurt in eigen_buurten]

    def hoort_erbij(o: str) -> bool:
        codes = set(re.findall(r"BU[0-9A-Z]{8}", o))   # Amsterdam: BU0363AA01
        # a gemeente-wide list of many buurten (Amsterdam: 517 without a polygon) is not repeated in the report
        # of one of them when that report has its own note on the same buurt
        return not codes or bool(codes & eigen_buurten) and not (len(codes) > 3 and eigen)

    return [o for o in wa.gemeente.opmerkingen if hoort_erbij(o)] + eigen


def context(wa: Wijkprofiel, code: str, huisstijl: Huisstijl | None = None, meldingen: pd.DataFrame | None = None,
            drempel: int | None = None, teksten_map: str | Path | None = None) -> dict:
    """Everything the template needs for one area (plain strings and numbers, Dutch formatted), read from the
    result; every sentence is checked against it (:func:`wijkscan.analysis.zinnen.controleer_rapport`)."""
    prof = wa.profiel
    eigen = getattr(wa, "meldingen", None)
    if meldingen is not None and not (eigen is not None and (meldingen is eigen or meldingen.equals(eigen))):
        # the report only draws the run's own suppressed table: a table of its own could publish a count of 1
        raise OngeldigeInvoer("Een eigen tabel met meldingen komt niet in een rapport: kleine aantallen zouden dan "
                              "herkenbaar zijn. Geef de meldingen mee aan wijkscan.wijkanalyse(..., meldingen=...); "
                              "het rapport toont dan de telling van die analyse, met kleine aantallen afgeschermd.")
    meldingen = eigen if meldingen is None else meldingen
    drempel = getattr(wa, "drempel_publicatie", 5) if drempel is None else drempel
    if not (prof.gebied == code).any():
        raise OngeldigeInvoer(f"Gebied '{code}' hoort niet bij deze wijkanalyse.")
    basis = _basis(wa, code, huisstijl or Huisstijl())
    naam, gem_naam, cat = basis["gebied"]["naam"], wa.gemeente.naam, wa.catalogus
    cur = prof[(prof.gebied == code) & (prof.jaar == wa.jaar)].set_index("indicator").join(
        wa.trends[wa.trends.gebied == code].set_index("indicator")[["per_jaar", "eerste_jaar", "laatste_jaar"]])
    if wa.boodschappen.klein(code):
        return _kaartje(wa, code, cur, basis)
    b = wa.boodschappen
    kaart_ind = b.kaart_indicator.get(code, "leeftijd_65plus_aandeel")
    kaart_ind = kaart_ind if kaart_ind in cat.index else "leeftijd_65plus_aandeel"
    waarden = prof[(prof.indicator == kaart_ind) & (prof.jaar == wa.jaar)].drop_duplicates("gebied").set_index(
        "gebied").waarde
    kaart, kaart_tekst = charts.omgeving(wa.indeling.gebieden, code, waarden, cat.loc[kaart_ind], b.kleine_gebieden.klein,
                                           b.min_inwoners)
    samenvatting = [_rij(cur.loc[i], int(cat.loc[i, "decimalen"])) for i in SAMENVATTING
                    if i in cur.index and pd.notna(cur.loc[i, "waarde"])]
    themas, zonder, gebruikt = _themas(wa, code, cur, naam, meldingen, drempel)
    ontbreekt = _ontbreekt_regel(zonder, themas, cur, cat, naam)
    eigen = lees_teksten(teksten_map, code)
    tk = wa.teksten[wa.teksten.gebied == code] if not wa.teksten.empty else wa.teksten
    sterk = eigen["sterk"] + (tk[tk.soort == "sterke punten"].tekst.tolist() if len(tk) else [])
    verbeteren = eigen["verbeteren"] + (tk[tk.soort == "te verbeteren"].tekst.tolist() if len(tk) else [])
    ctx = {
        **basis, "kaartje": False, "kern": b.van(code), "kaart": kaart, "kaart_tekst": kaart_tekst,
        "samenvatting": samenvatting,
        "samenvatting_bron": _bron(cur.loc[[i for i in SAMENVATTING if i in cur.index]], wa.jaar),
        "aandacht": _aandacht(wa, code, naam, gem_naam, basis["indeling_label"]), "themas": themas,
        "ontbreekt": ontbreekt, "vergelijkbaar": _vergelijkbaar(wa, code, naam, gem_naam),
        "sterk": sterk, "verbeteren": verbeteren, "patronen": b.patroon_zinnen(code),
        "bronnen": _bronnen(wa, code, gebruikt, themas, bool(sterk or verbeteren)), "opmerkingen": _opmerkingen(wa, code),
    }
    from ..analysis.zinnen import controleer_rapport

    controleer_rapport(wa, code, ctx)
    return ctx


def _landelijk_kop(rows: pd.DataFrame) -> str:
    """Header of the national-position column: which Dutch areas the result compared with (from its own text)."""
    teksten = rows.get("landelijk", pd.Series(dtype=object)).dropna()
    soort = teksten.str.extract(r"van de (\w+) in Nederland")[0].dropna()
    return f"vergeleken met alle {soort.iloc[0]} in Nederland" if len(soort) else ""


def _ouder(wa: Wijkprofiel, code: str) -> str:
    """The name of the wijk an area lies in (for the small-area card), or '' (also for a wijk itself)."""
    g = wa.gemeente.gebieden
    if code in g.index and "wijk" in g.columns and pd.notna(g.loc[code, "wijk"]) and g.loc[code, "wijk"] in g.index \
            and g.loc[code, "wijk"] != code:
        return teksten.wijk_naam(g.loc[g.loc[code, "wijk"], "naam"])
    return ""


def html_rapport(wa: Wijkprofiel, code: str, huisstijl: Huisstijl | None = None, sjablonen: str | Path | None = None,
                 meldingen: pd.DataFrame | None = None, teksten_map: str | Path | None = None) -> str:
    """The report of one area as HTML (what WeasyPrint turns into the PDF)."""
    return _html_en_css(wa, code, huisstijl, sjablonen, meldingen, teksten_map)[0]


def _html_en_css(wa: Wijkprofiel, code: str, huisstijl: Huisstijl | None = None, sjablonen: str | Path | None = None,
                 meldingen: pd.DataFrame | None = None, teksten_map: str | Path | None = None) -> tuple[str, str]:
    """The report's HTML and the style sheet it holds (the PDF writer parses a style sheet once per process)."""
    env = _env(sjablonen)
    ctx = context(wa, code, huisstijl, meldingen, teksten_map=teksten_map)
    ctx["css"] = env.get_template("stijl.css").render(huisstijl=ctx["huisstijl"])
    return env.get_template("gebied.html.j2").render(**ctx), ctx["css"]


_FONTS: list = []


def _lettertypen() -> object:
    """One WeasyPrint font configuration per process (made once, inherited by the forked workers of a batch):
    every report reuses the fonts found, instead of asking fontconfig again."""
    if not _FONTS:
        from weasyprint.text.fonts import FontConfiguration

        _FONTS.append(FontConfiguration())
    return _FONTS[0]


#: parsed style sheets (WeasyPrint ``CSS``) by their text, per process: parsing and compiling the selectors of
#: stijl.css took a few per cent of every report (benchmarks/README.md)
_STIJLEN: dict[str, object] = {}

#: an embedded PNG chart or map (charts._png)
_BEELD = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def _stijlblad(css: str) -> object:
    """The WeasyPrint style sheet of ``css``, parsed once per process (kept for the last few house styles)."""
    if css not in _STIJLEN:
        from weasyprint import CSS

        if len(_STIJLEN) >= 8:
            _STIJLEN.pop(next(iter(_STIJLEN)))
        _STIJLEN[css] = CSS(string=css, font_config=_lettertypen())
    return _STIJLEN[css]


def _voor_weasyprint(document_html: str, css: str | None, map_: str) -> tuple[str, list]:
    """What WeasyPrint reads for the PDF; the PDF looks exactly as the HTML says, it is only cheaper to read:

    * the style sheet of the template's ``<style>`` is passed parsed (once per process) instead of as text; the
      document has no other style rules, so the cascade is the same;
    * embedded PNG images are written to files in ``map_`` and referred to by path: the HTML parser then
      does not read a few hundred kB of base64 per report.
    """
    stijlen = []
    blok = f"<style>{css}</style>"
    if css and document_html.count(blok) == 1:
        document_html = document_html.replace(blok, "<style></style>")
        stijlen.append(_stijlblad(css))
    teller = iter(range(1_000_000))

    def naar_bestand(m: re.Match) -> str:
        pad = Path(map_) / f"beeld{next(teller)}.png"
        pad.write_bytes(base64.b64decode(m.group(1)))
        return f'src="{pad.as_uri()}"'

    return _BEELD.sub(naar_bestand, document_html), stijlen


def _atomic_pdf(document_html: str, pad: Path, base_url: str | None, css: str | None = None) -> Path:
    """Write the PDF of ``document_html`` atomically; ``css`` is the style sheet in its ``<style>`` element."""
    from weasyprint import HTML

    pad.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=pad.parent, prefix=".tmp-", suffix=".pdf")
    os.close(fd)
    try:
        with tempfile.TemporaryDirectory(prefix="wijkscan-beelden-") as beelden:
            document_html, stijlen = _voor_weasyprint(document_html, css, beelden)
            HTML(string=document_html, base_url=base_url).write_pdf(tmp, font_config=_lettertypen(),
                                                                    stylesheets=stijlen)
        umask = os.umask(0o022)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)   # mkstemp makes 0600; a PDF is as readable as every other output file
        os.replace(tmp, pad)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return pad


def rapport(wa: Wijkprofiel, code: str, pad: str | Path, huisstijl: Huisstijl | None = None, sjablonen: str | Path | None = None,
            meldingen: pd.DataFrame | None = None, teksten_map: str | Path | None = None) -> Path:
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
    teksten_map : path, optional
        A folder with ``<code>.txt`` per area: "sterke punten" and "te verbeteren" written by the
        wijkcoördinator (see :func:`lees_teksten`). Without it the section is left out.

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.report import rapport
    >>> wa = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
    >>> rapport(wa, "BU06260006", "bijdorp.pdf")        # doctest: +SKIP
    """
    base = str(Path(sjablonen).resolve()) if sjablonen else str(Path.cwd())
    document, css = _html_en_css(wa, code, huisstijl, sjablonen, meldingen, teksten_map)
    return _atomic_pdf(document, Path(pad), base, css)
