"""CBS sociaal-economische status (SES-WOA) scores per wijk and buurt, through ``cbsodata``.

CBS publishes the SES-WOA score per gemeente, wijk and buurt in table **85163NED**
("Sociaal-economische status; scores per wijk en buurt"): the mean score of the private
households (welvaart, opleidingsniveau, arbeidsverleden), where 0 is the national average and
negative is below it, with its spread and the number of households. Each period uses the
wijk- and buurt codes of its own year, so a buurt that CBS renumbered since then has no score
under its new code (reported, not guessed).

The variable keys of the table are not hard-coded: the topics are found in the table's
DataProperties by their titles (``SES-WOA / Totaalscore / Gemiddelde score``, ``Particuliere
huishoudens``, ``Spreiding totaal``), as the real StatLine export names them.

Example
-------
>>> from wijkscan.sources.ses import ses_scores
>>> ses = ses_scores("Amsterdam")            # doctest: +SKIP
>>> ses.set_index("code").loc["BU03630000", "ses_score"]   # doctest: +SKIP
0.045
"""

from __future__ import annotations

from urllib.parse import urlsplit

import cbsodata
import pandas as pd
import requests

from ..errors import GeenVerbinding, OngeldigAntwoord
from ..settings import settings
from . import _cache
from .cbs import _cbsodata_via_wijkscan, harmoniseer
from .gemeenten import gemeente_code

TABEL = "85163NED"

#: Harmonised variable the SES score is stored under in the kerncijfers (see the catalogue).
VARIABELE = "SesWoaScore"


def _filter(code: str) -> str:
    nr = code[2:]
    return (f"WijkenEnBuurten eq '{code:<10}' or startswith(WijkenEnBuurten,'WK{nr}') "
            f"or startswith(WijkenEnBuurten,'BU{nr}')")


def in_cache(gemeente: str) -> bool:
    """Whether the SES answer of the gemeente is in the cache (then no request is needed)."""
    return _cache.cache_path("cbs", f"{TABEL}_{gemeente_code(gemeente)}.json").exists() and settings.use_cache


def download(gemeente: str) -> tuple[dict, str]:
    """Raw CBS answer of table 85163NED for one gemeente (all periods; cached): ``(data, bron)``.

    Raises
    ------
    GeenVerbinding
        CBS cannot be reached (or ``settings.offline``) and nothing is cached.
    OngeldigAntwoord
        CBS answered something that is not the SES table.
    """
    code = gemeente_code(gemeente)
    entry = ("cbs", f"{TABEL}_{code}.json")
    cached = _cache.read(*entry)
    if cached is not None:
        return cached, "cache"
    if settings.offline:
        raise GeenVerbinding(
            f"wijkscan staat offline en de SES-scores van {code} staan niet in de cache. Zet "
            "wijkscan.settings.offline = False op een computer met internet; zonder SES-scores werkt de "
            "wijkanalyse ook, met de andere sociaal-economische cijfers.")
    host = urlsplit(settings.cbs_url).netloc
    try:
        with _cbsodata_via_wijkscan():
            props = cbsodata.get_meta(TABEL, "DataProperties", catalog_url=host)
            rows = cbsodata.get_meta(TABEL, "TypedDataSet", catalog_url=host, filters=_filter(code))
            regions = cbsodata.get_meta(TABEL, "WijkenEnBuurten", catalog_url=host,
                                        filters=_filter(code).replace("WijkenEnBuurten", "Key"))
    except requests.HTTPError as exc:
        raise OngeldigAntwoord(f"CBS weigerde de vraag naar de SES-scores (tabel {TABEL}) voor {code} ({exc}). "
                               "Meld dit bij de beheerder van wijkscan.") from exc
    except (KeyError, TypeError) as exc:
        raise OngeldigAntwoord(f"CBS gaf voor tabel {TABEL} een antwoord zonder gegevens ({exc}).") from exc
    data = {"tabel": TABEL, "gemeente": code, "DataProperties": props, "TypedDataSet": rows,
            "WijkenEnBuurten": regions}
    _cache.write(data, *entry)
    return data, "CBS"


def _sleutels(props: list[dict]) -> dict[str, str]:
    """CBS key of the score, the spread and the number of households, found by their titles."""
    meta = harmoniseer(props)
    path = (meta.groep + " / " + meta.titel).str.lower()
    found = {}
    for name, test in (
        ("ses_score", lambda p: "totaalscore" in p and "gemiddelde score" in p),
        ("spreiding", lambda p: "spreiding totaal" in p),
        ("huishoudens", lambda p: p.endswith("particuliere huishoudens")),
    ):
        hit = meta.key[[test(p) for p in path]]
        if len(hit):
            found[name] = hit.iloc[0]
    if "ses_score" not in found:
        raise OngeldigAntwoord(f"Tabel {TABEL} van CBS heeft geen onderwerp 'SES-WOA / Totaalscore / Gemiddelde "
                               "score' (meer); meld dit bij de beheerder van wijkscan.")
    return found


def ses_scores(gemeente: str, jaar: int | None = None) -> pd.DataFrame:
    """SES-WOA scores of the gemeente, its wijken and buurten, for the latest period (or ``jaar``).

    Returns
    -------
    DataFrame
        ``code, naam, niveau, jaar, huishoudens, ses_score, spreiding``; suppressed values are NA.
        ``attrs["bron"]`` is ``"CBS"`` or ``"cache"``; ``attrs["jaren"]`` lists every period CBS has.
        Empty (with the reason in ``attrs["opmerking"]``) when CBS has no scores for the gemeente.
    """
    code = gemeente_code(gemeente)
    data, bron = download(code)
    keys = _sleutels(data["DataProperties"])
    names = {(r.get("Key") or "").strip(): (r.get("Title") or "").strip() for r in data["WijkenEnBuurten"]}
    rows = []
    for r in data["TypedDataSet"]:
        regio = (r.get("WijkenEnBuurten") or "").strip()
        periode = str(r.get("Perioden") or "").strip()
        if not regio or not periode[:4].isdigit():
            continue

        def num(name: str, row: dict = r) -> float:
            v = row.get(keys.get(name, ""))
            return float(v) if isinstance(v, int | float) else float("nan")

        rows.append({"code": regio, "naam": names.get(regio, regio),
                     "niveau": {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}.get(regio[:2], ""),
                     "jaar": int(periode[:4]), "huishoudens": num("huishoudens"), "ses_score": num("ses_score"),
                     "spreiding": num("spreiding")})
    out = pd.DataFrame(rows, columns=["code", "naam", "niveau", "jaar", "huishoudens", "ses_score", "spreiding"])
    jaren = sorted(out.jaar.unique().tolist())
    if jaar is not None:
        out = out[out.jaar == int(jaar)]
    elif jaren:
        out = out[out.jaar == jaren[-1]]
    out = out.reset_index(drop=True)
    out.attrs["bron"] = bron
    out.attrs["jaren"] = jaren
    if out.empty:
        out.attrs["opmerking"] = _geen_scores(code, jaar)
    return out


def _geen_scores(code: str, jaar: int | None = None) -> str:
    return f"CBS heeft in tabel {TABEL} geen SES-scores voor {code}" + (f" in {jaar}" if jaar is not None else "") + "."


def als_kerncijfers(gemeente: str, jaar: int, codes: pd.Index | None = None) -> tuple[pd.DataFrame, list[str]]:
    """SES scores as tidy kerncijfers rows (``code, niveau, jaar, variabele, waarde``) for ``jaar``.

    The latest SES period is used for the analysis year (SES is published with a delay of a few
    years); areas whose code CBS did not score in that period are listed in the remarks.
    """
    ses = ses_scores(gemeente)
    notes = []
    if ses.empty:
        return pd.DataFrame(columns=["code", "niveau", "jaar", "variabele", "waarde"]), [_geen_scores(gemeente_code(gemeente))]
    periode = int(ses.jaar.iloc[0])
    notes.append(f"SES-scores van het CBS (tabel {TABEL}) uit {periode}, met de gebiedscodes van dat jaar.")
    if codes is not None:
        missing = sorted(set(codes[codes.str.startswith("BU")]) - set(ses.code))
        if missing:
            notes.append(f"{len(missing)} buurt{'en' if len(missing) != 1 else ''} zonder SES-score "
                         f"(nieuwe code sinds {periode} of geheim): {', '.join(missing[:8])}"
                         + (" …" if len(missing) > 8 else ""))
    rows = ses.assign(jaar=int(jaar), variabele=VARIABELE, waarde=ses.ses_score)
    return rows[["code", "niveau", "jaar", "variabele", "waarde"]].reset_index(drop=True), notes


__all__ = ["TABEL", "VARIABELE", "als_kerncijfers", "download", "in_cache", "ses_scores"]
