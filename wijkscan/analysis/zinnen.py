"""The sentence checker: every generated sentence re-derived from the one result; a contradiction stops the run.

A report or overview says things like "Plek 4 (gedeeld met Dobbewijk) van 12 op de aandachtslijst",
"Aandeel 65+ hoog (index ≥ 125): 2 van 10 wijken: …", "WOZ-waarde: veel lager dan in Assen (index 72;
index ≤ 80)" or "… en stijgend". Those sentences are made in :mod:`wijkscan.analysis.boodschappen`;
this module reads them back **as text** and checks each claim against the tables of the result (profile,
trends, signals, aandachtsgebieden), independently of how the sentence was made:

* **counts of areas** ("k van n wijken: A, B"): k and the names are the areas that have the signal, n
  the areas the rule could be applied to;
* **ranks** ("Plek p van m"): the area's place, the number of ranked areas, "gedeeld" exactly when
  another area has the same place, "niet gerangschikt" exactly when it has none;
* **hoger/lager**: "veel hoger"/"veel lager" and the index printed are the profile's index under the
  rule printed; "gunstiger"/"minder gunstig" follow the indicator's direction;
* **trend words**: "stijgend"/"dalend" only where :func:`~wijkscan.analysis.signalen.trendwoord` says so;
* **status**: the heading is the status of the aandachtsgebieden table; a dimension verdict follows its score;
* **meldingen over time** (:func:`controleer_patronen`): an unusual month's count and expected count, the busiest
  and quietest month of a category, a trend's direction and size (and that it is a clear one), the share handled in
  time, the registration months, and "niet bepaald" exactly where the patterns hold nothing.

:func:`controleer_rapport` runs on every area report and :func:`controleer_overzicht` on every overview
the package writes; both raise :class:`Tegenspraak` (a Dutch message naming each contradiction).

Example
-------
>>> import wijkscan
>>> wa = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
>>> controleer_zinnen(wa, "BU06260006", wa.boodschappen.van("BU06260006"))
[]
>>> controleer_zinnen(wa, "BU06260006", ["Bevolkingsdichtheid: veel lager dan in Voorschoten (index 206; index ≤ 80): "
...                                      "4.742 tegen 2.306."])[0].rsplit(": ", 1)[1]
"'veel lager' past niet bij index 206"
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import WijkscanFout
from ..nlformat import getal
from .signalen import SIGNAAL_REGEL, opvallend, regel, trendwoord

if TYPE_CHECKING:
    from ..model import Wijkprofiel

__all__ = ["Tegenspraak", "controleer_overzicht", "controleer_patronen", "controleer_rapport", "controleer_zinnen"]


class Tegenspraak(WijkscanFout, ValueError):
    """A generated sentence contradicts the figures of the result it summarises."""


_VERSCHIL = re.compile(r"^(?P<label>.+?): (?P<richting>veel hoger|veel lager) dan in (?P<gem>.+?) \(index "
                       r"(?P<index>[\d.]+); index (?P<op>[≥≤]) (?P<drempel>[\d.,]+)(?P<oordeel>, gunstiger|, minder "
                       r"gunstig)?\)")
_INDEX = re.compile(r"\(index (?P<index>[\d.]+)\)")
# a name may hold parentheses itself: "gedeeld met Molenwijk (zuid)" (Loon op Zand)
_PLEK = re.compile(r"^Plek (?P<plek>\d+)(?P<gedeeld> \(gedeeld met (?:[^()]|\([^()]*\))*\))? van (?P<van>\d+) op de "
                   r"aandachtslijst")
_GROEP = re.compile(r"^(?P<regel>.+): (?P<k>[\d.]+) van (?P<n>[\d.]+) (?P<woord>\S+): (?P<namen>.+)\.$")


def _num(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def _label_naar_indicator(wa: Wijkprofiel) -> dict[str, str]:
    return {str(lbl).lower(): i for i, lbl in wa.catalogus["label"].items()}


_RIJEN: dict[tuple[int, int, str], pd.DataFrame] = {}


def _profiel_rij(wa: Wijkprofiel, code: str, ind: str) -> pd.Series | None:
    """The profile row of one area and indicator in the analysis year (the area's rows looked up once)."""
    key = (id(wa.profiel), len(wa.profiel), code)
    rijen = _RIJEN.get(key)
    if rijen is None:
        p = wa.profiel
        rijen = p[(p.gebied == code) & (p.jaar == wa.jaar)].drop_duplicates("indicator").set_index("indicator")
        _RIJEN.clear()           # one area at a time: the cache never grows
        _RIJEN[key] = rijen
    return rijen.loc[ind] if ind in rijen.index else None


def _check_verschil(wa: Wijkprofiel, code: str, m: re.Match) -> list[str]:
    """A "veel hoger/lager (index N; index ≥ D)" sentence against the profile and the rule of the run."""
    d = wa.boodschappen.drempels
    ind = _label_naar_indicator(wa).get(m["label"].lower())
    if ind is None:
        return [f"onbekende indicator '{m['label']}'"]
    rij = _profiel_rij(wa, code, ind)
    if rij is None or pd.isna(rij["index"]):
        return [f"{m['label']}: geen index in het resultaat"]
    fout = []
    if getal(rij["index"]) != m["index"]:
        fout.append(f"index {m['index']} gedrukt, resultaat {getal(rij['index'])}")
    if opvallend(float(rij["index"]), d) != m["richting"]:
        fout.append(f"'{m['richting']}' past niet bij index {getal(rij['index'])}")
    sleutel = "opvallend_hoog_index" if m["op"] == "≥" else "opvallend_laag_index"
    if _num(m["drempel"]) != float(d[sleutel]) or (m["op"] == "≥") != (m["richting"] == "veel hoger"):
        fout.append(f"regel 'index {m['op']} {m['drempel']}' is niet de regel van de run")
    richting = str(wa.catalogus.loc[ind, "richting"]) if "richting" in wa.catalogus.columns else "neutraal"
    if m["oordeel"]:
        gunstig = (m["richting"] == "veel hoger") == (richting == "hoger_beter")
        if richting not in ("hoger_beter", "hoger_slechter") or (m["oordeel"] == ", gunstiger") != gunstig:
            fout.append(f"'{m['oordeel'][2:]}' past niet bij de richting van {ind} ({richting})")
    return fout


def _check_signaal(wa: Wijkprofiel, code: str, zin: str) -> list[str] | None:
    """A signal sentence: it must be a signal of this area in the result, its index and trend word true."""
    sig = wa.signalen[(wa.signalen.gebied == code)]
    hit = sig[[zin.startswith(str(t).rstrip(".")) for t in sig.tekst]]
    if hit.empty:
        return None
    r = hit.iloc[0]
    fout = []
    m = _INDEX.search(zin)
    rij = _profiel_rij(wa, code, r.indicator)
    if m and rij is not None and getal(rij["index"]) != m["index"]:
        fout.append(f"index {m['index']} gedrukt, resultaat {getal(rij['index'])}")
    if "stijgend" in zin or "dalend" in zin:
        p = wa.profiel
        reeks = p[(p.gebied == code) & (p.indicator == "misdrijven")].dropna(subset=["waarde"]).sort_values("jaar")
        woord = trendwoord(reeks.jaar, reeks.waarde)[0]
        gedrukt = "stijgend" if "stijgend" in zin else "dalend"
        if woord != gedrukt:
            fout.append(f"'{gedrukt}' gedrukt, de trendregel zegt '{woord or 'geen trendwoord'}'")
    gedrukt_regel = zin.rsplit(SIGNAAL_REGEL, 1)[1].rstrip(".") if SIGNAAL_REGEL in zin else ""
    if gedrukt_regel != regel(str(r.signaal), wa.boodschappen.drempels, label=_label(wa, r.indicator)):
        fout.append(f"regel '{gedrukt_regel}' is niet de regel van dit signaal")
    return fout


def _label(wa: Wijkprofiel, ind: str) -> str:
    return str(wa.catalogus.loc[ind, "label"]) if ind in wa.catalogus.index else str(ind)


def controleer_zinnen(wa: Wijkprofiel, code: str, zinnen: list[str]) -> list[str]:
    """The contradictions in the "wat valt op" sentences of one area ([] when every claim holds)."""
    naam = str(wa.profiel.loc[wa.profiel.gebied == code, "naam"].iloc[0])
    fouten = []
    for zin in zinnen:
        zin = zin.replace("\u00a0", " ")   # "€ 28.000" is kept on one line in print; the claim is the same
        m = _VERSCHIL.match(zin)
        fout = _check_verschil(wa, code, m) if m else _check_signaal(wa, code, zin)
        if fout is None:
            fout = _check_niets(wa, code, zin)
        fouten += [f'{naam}: "{zin}": {f}' for f in fout]
    return fouten


def _check_niets(wa: Wijkprofiel, code: str, zin: str) -> list[str]:
    """"Op de meeste cijfers lijkt X op Y": only true when no signal and no difference passes the rule."""
    if not zin.startswith("Op de meeste cijfers lijkt"):
        return ["zin niet herkend: niet na te gaan tegen het resultaat"]
    from .boodschappen import GEEN_KERN

    if (wa.signalen.gebied == code).any():
        return ["er is wel een signaal"]
    p = wa.profiel
    now = p[(p.gebied == code) & (p.jaar == wa.jaar) & p["index"].notna() & p.gemeente.notna() & (p.gemeente != 0)]
    now = now[~now.indicator.isin(GEEN_KERN) & (now.indicator.map(wa.catalogus.aggregatie) != "som")]
    uit = [i for i, x in zip(now.indicator, now["index"], strict=True) if opvallend(float(x), wa.boodschappen.drempels)]
    return [f"{_label(wa, uit[0])} valt wel op"] if uit else []


def _check_aandacht(wa: Wijkprofiel, code: str, aandacht: dict) -> list[str]:
    from .. import teksten
    from .boodschappen import dimensie_oordeel

    a = wa.aandachtsgebieden.set_index("gebied")
    if code not in a.index:
        return []
    r = a.loc[code]
    fout = []
    if aandacht.get("status_tekst") != teksten.STATUS.get(str(r.status), str(r.status).capitalize()):
        fout.append(f"status '{aandacht.get('status_tekst')}' is niet '{r.status}'")
    rang = pd.to_numeric(a.rang, errors="coerce")
    tekst = str(aandacht.get("rang", ""))
    m = _PLEK.match(tekst)
    if pd.isna(rang[code]):
        if m or (tekst and not tekst.startswith("Niet gerangschikt")):
            fout.append(f"'{tekst}' maar het gebied heeft geen plek")
    elif not m:
        fout.append(f"plek {int(rang[code])} niet genoemd ('{tekst}')")
    else:
        if int(m["plek"]) != int(rang[code]):
            fout.append(f"plek {m['plek']} gedrukt, resultaat {int(rang[code])}")
        if int(m["van"]) != int(rang.notna().sum()):
            fout.append(f"'van {m['van']}' gedrukt, {int(rang.notna().sum())} gebieden hebben een plek")
        if bool(m["gedeeld"]) != bool((rang == rang[code]).sum() > 1):
            fout.append("'gedeeld' klopt niet met de plekken in het resultaat")
    fout += _check_niveau(r, aandacht) + _check_extra(r, aandacht)
    kort = str(wa.boodschappen.aandachtslijst.kort.get(code, ""))
    if "rang_tekst" in a.columns and pd.notna(r.rang_tekst) and kort.split(":")[0] != str(r.rang_tekst).split(":")[0]:
        fout.append(f"plek '{kort}' is niet de plek van de tabel ('{r.rang_tekst}')")
    if "rang_tekst" in a.columns and ":" in str(r.rang_tekst) and str(r.rang_tekst).split(":", 1)[1].strip() not in tekst:
        fout.append(f"de reden '{str(r.rang_tekst).split(':', 1)[1].strip()}' ontbreekt bij 'niet gerangschikt'")
    grens = wa.boodschappen.dimensie_grens
    labels = {d.label: d for d in wa.boodschappen.dimensies[wa.boodschappen.dimensies.gebied == code].itertuples()}
    for dim in aandacht.get("dimensies", []):
        d = labels.get(dim["naam"])
        if d is None:
            fout.append(f"dimensie {dim['naam']} staat niet in het resultaat")
            continue
        kol = f"score_{d.dimensie}"
        s = float(r[kol])
        juist = dimensie_oordeel(s, grens)   # on the printed score: "0,5" is "minder gunstig"
        if dim["oordeel"] != juist or dim["score"] != getal(s, 1):
            fout.append(f"{dim['naam']}: '{dim['score']} {dim['oordeel']}' klopt niet met score {getal(s, 2)}")
    return fout


_NIVEAU = re.compile(r"(?P<wat>binnen de gemeente|landelijk) \((?P<zeker>zeker|twijfelgeval)[,:][^)]*?plek "
                     r"(?P<plek>[\d.]+(?:–[\d.]+)?|onbekend)")


def _bereik(lo: object, hi: object) -> str:
    if pd.isna(lo):
        return "onbekend"
    return getal(lo) if lo == hi else f"{getal(lo)}–{getal(hi)}"


def _check_niveau(r: pd.Series, aandacht: dict) -> list[str]:
    """The two tiers: each claimed exactly when the table gives it, with its certainty and rank interval."""
    tekst = str(aandacht.get("niveau", ""))
    tabel = str(r.get("aandacht", "") or "") if pd.notna(r.get("aandacht", "")) else ""
    fout = []
    gedrukt = {m["wat"]: m for m in _NIVEAU.finditer(tekst)}
    juist = {"binnen de gemeente": (r.get("zekerheid"), _bereik(r.get("rang_laag"), r.get("rang_hoog"))),
             "landelijk": (r.get("zekerheid_landelijk"),
                           _bereik(r.get("landelijk_rang_laag"), r.get("landelijk_rang_hoog")))}
    for wat, (zeker, plek) in juist.items():
        if (wat in gedrukt) != (wat in tabel):
            fout.append(f"'aandachtsgebied {wat}' {'gedrukt' if wat in gedrukt else 'ontbreekt'}, de tabel zegt "
                        f"'{tabel or 'geen'}'")
        elif wat in gedrukt and (gedrukt[wat]["zeker"] != zeker or gedrukt[wat]["plek"] != plek):
            fout.append(f"{wat}: '{gedrukt[wat]['zeker']}, plek {gedrukt[wat]['plek']}' gedrukt, de tabel zegt "
                        f"'{zeker}, plek {plek}'")
    return fout


def _check_extra(r: pd.Series, aandacht: dict) -> list[str]:
    """Centrumgebied, large area and indicators left out: said exactly when the table says so, with its figures."""
    extra = " ".join(aandacht.get("extra", []))
    fout = []
    centrum = r.get("centrumgebied", False)
    if ("centrumgebied" in extra) != (bool(centrum) if pd.notna(centrum) else False):
        fout.append("centrumgebied " + ("genoemd maar niet in de tabel" if "centrumgebied" in extra else "niet genoemd"))
    groot = str(r.get("groot_gebied", "") or "") if pd.notna(r.get("groot_gebied", "")) else ""
    m = re.search(r"groot gebied \((?P<n>[\d.]+) inwoners\)", extra, flags=re.IGNORECASE)
    if bool(m) != bool(groot):
        fout.append("groot gebied " + ("genoemd maar niet in de tabel" if m else "niet genoemd"))
    elif m and pd.notna(r.get("inwoners")) and m["n"] != getal(r.inwoners):
        fout.append(f"groot gebied: {m['n']} inwoners gedrukt, resultaat {getal(r.inwoners)}")
    for k, n in re.findall(r"bekend voor ([\d.]+) van de ([\d.]+)", extra):
        if not int(_num(k)) < int(_num(n)):
            fout.append(f"'bekend voor {k} van de {n}' maar de indicator telt niet mee")
    niet = str(r.get("indicatoren_niet_meegeteld", "") or "") if pd.notna(r.get("indicatoren_niet_meegeteld", "")) \
        else ""
    if ("niet meegeteld" in extra.lower()) != bool(niet):
        fout.append("indicatoren die niet meetellen " + ("genoemd maar niet in de tabel" if niet == "" else "niet genoemd"))
    return fout


_ONGEWOON = re.compile(r"^In (?P<maand>\w+ \d{4}) kwamen in (?:wijk )?(?P<plaats>.+?) (?P<n>[\d.]+) meldingen over "
                       r"(?P<cat>.+?) binnen, waar ongeveer (?P<v>[\d.]+) te verwachten was\.$")
_SEIZOEN = re.compile(r"^Meldingen over (?P<cat>.+?) komen het vaakst in (?P<mx>\w+) \((?P<fx>[\d,]+)× een gemiddelde "
                      r"maand\) en het minst in (?P<mn>\w+) \((?P<fn>[\d,]+)×\)\.$")
_TREND = re.compile(r"^Meldingen over (?P<cat>.+?) in (?:wijk )?(?P<plaats>.+?) (?P<woord>stijgen|dalen): gemiddeld "
                    r"(?P<pct>[\d,]+) % (?:meer|minder) per maand")
_TERMIJN = re.compile(r"^Binnen de afhandeltermijn: (?P<pct>[\d,]+) % van (?P<n>[\d.]+) beoordeelde meldingen")
_REGISTRATIE = re.compile(r"^Over de tijd tellen de maanden met regelmatige registratie: (?P<van>\w+ \d{4}) t/m "
                          r"(?P<tot>\w+ \d{4})\.$")


def _check_patroon(p: object, zin: str, wijk: str | None) -> list[str]:
    """One sentence about the meldingen over time against the pattern tables (``wijk``: the area's own wijk)."""
    from .patroonzinnen import maand_tekst

    if (m := _ONGEWOON.match(zin)) is not None:
        om = getattr(p, "ongewone_maanden", None)
        hit = om[(om.gebied.astype(str) == m["plaats"]) & (om.categorie.astype(str).str.lower() == m["cat"])
                 & (om.maand.map(maand_tekst) == m["maand"])] if om is not None else pd.DataFrame()
        if len(hit) == 0:
            return ["geen ongewone maand met deze wijk, maand en categorie in het resultaat"]
        r = hit.iloc[0]
        fout = [] if getal(r.aantal) == m["n"] and getal(r.verwacht) == m["v"] else [
            f"{m['n']} in plaats van {m['v']} gedrukt, resultaat {getal(r.aantal)} in plaats van {getal(r.verwacht)}"]
        return fout + ([f"'{m['plaats']}' is niet de wijk van dit gebied ({wijk})"] if wijk and m["plaats"] != wijk
                       else [])
    if (m := _SEIZOEN.match(zin)) is not None:
        s = getattr(p, "seizoen", None)
        rij = s[s.index.astype(str).str.lower() == m["cat"]] if s is not None else pd.DataFrame()
        if len(rij) == 0:
            return ["geen seizoenspatroon van deze categorie in het resultaat"]
        r = rij.iloc[0].astype(float)
        juist = (r.idxmax(), getal(r.max() / 100, 1), r.idxmin(), getal(r.min() / 100, 1))
        return [] if (m["mx"], m["fx"], m["mn"], m["fn"]) == juist else [f"het seizoen is {juist}"]
    if (m := _TREND.match(zin)) is not None:
        return _check_trend(p, m, wijk)
    if (m := _TERMIJN.match(zin)) is not None:
        t = getattr(p, "afhandeltermijnen", None)
        if t is None:
            return ["afhandeltermijnen staan niet in het resultaat"]
        termijn = (getal(100 * float(t.binnen_norm.sum()) / float(t.beoordeeld.sum())), getal(t.beoordeeld.sum()))
        return [] if (m["pct"], m["n"]) == termijn else [f"het resultaat zegt {termijn[0]} % van {termijn[1]}"]
    if (m := _REGISTRATIE.match(zin)) is not None:
        r = p.registratie.loc["(alle meldingen)"]  # type: ignore[attr-defined]
        periode = (maand_tekst(r.begin), maand_tekst(r.eind))
        return [] if (m["van"], m["tot"]) == periode else [f"registratie is {periode[0]} t/m {periode[1]}"]
    return _check_geen(p, zin)


def _check_trend(p: object, m: re.Match, wijk: str | None) -> list[str]:
    from .patroonzinnen import _duidelijke_trends

    t = _duidelijke_trends(p)  # type: ignore[arg-type]
    hit = t[(t.gebied.astype(str) == m["plaats"]) & (t.categorie.astype(str).str.lower() == m["cat"])]
    if hit.empty:
        return ["geen duidelijke trend van deze wijk en categorie in het resultaat"]
    pct = float(hit.verandering_pct.iloc[0])
    fout = [] if (m["woord"] == "stijgen") == (pct > 0) and m["pct"] == getal(abs(pct), 1) else [
        f"het resultaat zegt {getal(pct, 1)} % per maand"]
    return fout + ([f"'{m['plaats']}' is niet de wijk van dit gebied ({wijk})"] if wijk and m["plaats"] != wijk else [])


def _check_geen(p: object, zin: str) -> list[str]:
    """"geen ongewone maanden / geen duidelijke stijging" and "niet bepaald" sentences."""
    from .patroonzinnen import _DELEN, _duidelijke_trends

    if zin.startswith("In ") and ": geen ongewone maanden" in zin:
        plaats = zin[3:].split(":", 1)[0].removeprefix("wijk ")
        om, t = getattr(p, "ongewone_maanden", None), _duidelijke_trends(p)  # type: ignore[arg-type]
        if om is not None and (om.gebied.astype(str) == plaats).any() or (t.gebied.astype(str) == plaats).any():
            return [f"{plaats} heeft wel een ongewone maand of duidelijke trend"]
        return []
    if zin.startswith("Geen wijk met een duidelijke stijging"):
        return [] if _duidelijke_trends(p).empty else ["er is wel een duidelijke trend"]  # type: ignore[arg-type]
    redenen = getattr(p, "redenen", {})
    if zin.startswith("Seizoen, ongewone maanden en trends zijn nog niet te bepalen"):
        return [] if {"seizoen", "ongewone_maanden", "trends"} <= set(redenen) else ["die zijn wel bepaald"]
    for k, naam in _DELEN.items():
        if zin.startswith(f"{naam}: niet bepaald"):
            return [] if k in redenen and getattr(p, k, None) is None else [f"{naam.lower()} zijn wel bepaald"]
    if zin.rstrip(".") in p.registratiewijzigingen():  # type: ignore[attr-defined]
        return []
    if "begon of stopte de registratie" in zin:
        return [] if len(p.registratiewijzigingen()) > 2 else ["zo veel registratiewijzigingen zijn er niet"]  # type: ignore[attr-defined]
    return ["zin niet herkend: niet na te gaan tegen het resultaat"]


def controleer_patronen(wa: Wijkprofiel, zinnen: list[str], code: str | None = None) -> list[str]:
    """The contradictions in the sentences about the meldingen over time (of area ``code``, or of the overview)."""
    p = wa.meldingenpatronen
    if p is None:
        return [f'"{z}": de analyse heeft geen meldingenpatronen' for z in zinnen]
    wijk = None
    if code is not None:
        from .patroonzinnen import wijk_van

        w = wijk_van(wa.gemeente.gebieden, pd.Index([code]), wa.indeling.naam).get(code)
        wijk = str(w) if isinstance(w, str) else None
    return [f'"{z}": {f}' for z in zinnen for f in _check_patroon(p, z, wijk)]


def controleer_rapport(wa: Wijkprofiel, code: str, ctx: dict) -> None:
    """Check every claim of one area's report (its template context); raise :class:`Tegenspraak` on any."""
    fouten = controleer_zinnen(wa, code, list(ctx.get("kern", [])))
    fouten += controleer_patronen(wa, list(ctx.get("patronen", [])), code)
    if ctx.get("aandacht"):
        fouten += [f"{ctx['gebied']['naam']}: {f}" for f in _check_aandacht(wa, code, ctx["aandacht"])]
    if fouten:
        raise Tegenspraak("Het rapport van " + ctx["gebied"]["naam"] + " spreekt de cijfers tegen:\n- "
                          + "\n- ".join(fouten) + "\nDit is een fout in wijkscan; meld hem met deze tekst.")


def _check_groep(wa: Wijkprofiel, zin: str) -> list[str]:
    """A grouped signal line ("<regel>: k van n buurten: A en B.") against the signals of the result."""
    m = _GROEP.match(zin)
    if not m:
        return [f'"{zin}": zin niet herkend']
    d = wa.boodschappen.drempels
    soorten = [(s, i) for s, i in wa.signalen[["signaal", "indicator"]].drop_duplicates().itertuples(index=False)
               if regel(s, d, label=_label(wa, i)).lower() == m["regel"].lower()]
    if not soorten:
        return [f'"{zin}": geen signaal met deze regel in het resultaat']
    s, i = soorten[0]
    deel = wa.signalen[(wa.signalen.signaal == s) & (wa.signalen.indicator == i)]
    namen = sorted(deel.naam.astype(str).unique())
    fout = []
    if int(_num(m["k"])) != len(namen):
        fout.append(f"{m['k']} gebieden gedrukt, het signaal staat bij {len(namen)}")
    if not all(n in m["namen"] for n in namen):
        fout.append("niet alle gebieden met het signaal genoemd")
    nb = wa.niet_bepaald
    uit = set(nb.gebied[nb.signaal.isin(["alle", s])])
    alle = set(wa.profiel.gebied)
    if s == "enquete_laag":
        p = wa.profiel
        alle &= set(p.gebied[(p.indicator == i) & (p.jaar == wa.jaar) & p["index"].notna()])
    if int(_num(m["n"])) != len(alle - uit):
        fout.append(f"'van {m['n']}' gedrukt, de regel is op {len(alle - uit)} gebieden toegepast")
    return [f'"{zin}": {f}' for f in fout]


def controleer_overzicht(wa: Wijkprofiel, ctx: dict) -> None:
    """Check the overview's grouped signal lines and its ranking table; raise :class:`Tegenspraak` on any."""
    fouten = controleer_patronen(wa, list(ctx.get("patronen", [])))
    for groep in ctx.get("signalen", []):
        for zin in groep.get("zinnen", [groep.get("tekst", "")]):
            fouten += _check_groep(wa, zin)
    tabel = wa.aandachtsgebieden.set_index("gebied")
    rang = tabel.rang
    for r in ctx.get("ranglijst", []):
        code = r.get("code")
        if code in rang.index and str(r["rang"]).split(" ")[0] != (str(int(rang[code])) if pd.notna(rang[code]) else ""):
            fouten.append(f"{r['naam']}: plek {r['rang']} gedrukt, resultaat {rang[code]}")
        if code in tabel.index and "aandacht" in tabel.columns and "landelijk" in r \
                and (r["landelijk"] != "nee") != ("landelijk" in str(tabel.aandacht[code] or "")):
            fouten.append(f"{r['naam']}: landelijk '{r['landelijk']}' gedrukt, de tabel zegt '{tabel.aandacht[code]}'")
    if fouten:
        raise Tegenspraak(f"Het overzicht van {wa.gemeente.naam} spreekt de cijfers tegen:\n- " + "\n- ".join(fouten)
                          + "\nDit is een fout in wijkscan; meld hem met deze tekst.")
