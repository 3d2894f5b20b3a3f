"""Replay of the two national indices (CBS SES-WOA 85163NED and the Leefbaarometer 3.0 WFS).

:class:`IndicesReplayServer` is the CBS/PDOK :class:`tests.replay_server.ReplayServer` (so one
server also answers the Kerncijfers and the boundaries) plus:

* **CBS 85163NED** (OData v3, the shape ``cbsodata`` reads): the data rows are the **real**
  StatLine export ``tests/fixtures/cbs_odata/ses_woa_85163NED_2019_amsterdam.csv`` (CBS, period
  2019, Amsterdam: 1 gemeente, 99 wijken, 479 buurten; ``.`` = suppressed). That export carries
  titles, not OData keys, so the **DataProperties and the keys are RECONSTRUCTED** from its header
  (``SES-WOA/Totaalscore/Gemiddelde score (Getal)`` → group *SES-WOA* › *Totaalscore* › topic
  *Gemiddelde score*, key ``GemiddeldeScore_5``); the loader finds topics by title, never by key.
  There are no SES rows for Voorschoten or Assen here (the real extract is Amsterdam only).
* **Leefbaarometer WFS** at ``/lbm3/ows`` (``GetFeature``, ``typeNames=lbm3:buurtscore24``,
  ``CQL_FILTER=id LIKE 'BU0626%'``, ``count``/``startIndex`` paging, GeoJSON). No real
  Leefbaarometer rows were available offline, so the rows for the Voorschoten and Assen buurten
  are a **documented-shape sample (VOORBEELD)**: the field names and types of the live layer as
  documented by public users of the service, with values derived from the buurt code by a hash —
  **not Leefbaarometer figures** (:data:`LEEFBAAROMETER_VOORBEELD`). One more record, Amsterdam's
  Elandsgrachtbuurt (BU0363AB10), has the values of a live answer quoted in a public API note
  (2026-02-15); its geometry is not reproduced (``null``).

Faults are those of :class:`tests.replay_server.Fault` (``status``, ``timeout``, ``truncate``,
``loop``); for the WFS, ``loop`` ignores ``startIndex`` and always sends the first page.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from tests.replay_server import FIXTURES, Answer, Fault, FilterParser, ReplayServer, RequestError

__all__ = ["LEEFBAAROMETER_VOORBEELD", "Fault", "IndicesReplayServer", "ses_rows"]

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "cbs_odata" / "ses_woa_85163NED_2019_amsterdam.csv"
SES_TABLE = "85163NED"
SES_SETS = ["TableInfos", "DataProperties", "TypedDataSet", "WijkenEnBuurten", "Perioden", "CategoryGroups"]

#: Label of the Leefbaarometer rows this replay makes up for Voorschoten and Assen.
LEEFBAAROMETER_VOORBEELD = ("VOORBEELD in de vorm van de Leefbaarometer-WFS: waarden afgeleid van de buurtcode, "
                            "geen echte Leefbaarometer-cijfers")

#: A live answer quoted in a public note on the Leefbaarometer WFS (2026-02-15); geometry left out.
ELANDSGRACHTBUURT = {"gemeente": "Amsterdam", "name": "Elandsgrachtbuurt", "id": "BU0363AB10", "scale": "buurt",
                     "kscore": 9, "kafw": 9, "kfys": 5, "konv": 3, "ksoc": 3, "kvrz": 9, "kwon": 5, "afw": 0.371047,
                     "fys": -0.0143511, "onv": -0.137106, "soc": -0.100151, "vrz": 0.620541, "won": 0.00211395,
                     "year": "2024"}


# --------------------------------------------------------------------------- SES (real rows)
@functools.cache
def _ses_csv() -> pd.DataFrame:
    df = pd.read_csv(FIXTURE, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    return df


def _header_topics() -> list[tuple[list[str], str, str, str]]:
    """(group path, title, unit, reconstructed key) per measure column of the export."""
    out = []
    for pos, col in enumerate(_ses_csv().columns[3:], start=1):
        m = re.fullmatch(r"(.*) \((.*)\)", col)
        path, unit = (m.group(1), m.group(2)) if m else (col, "")
        parts = path.split("/")
        groups, title = parts[:-1], parts[-1]
        if title == "Waarde" and groups:          # "Opleidingsniveau/Laag/Waarde": the topic is "Laag"
            groups, title = groups[:-1], groups[-1]
        key = re.sub(r"[^A-Za-z0-9]", "", title.title()) + f"_{pos}"
        out.append((groups, title, unit, key))
    return out


@functools.cache
def ses_table() -> dict[str, list[dict]]:
    """Entity sets of the replayed 85163NED."""
    props: list[dict] = []
    group_ids: dict[tuple[str, ...], int] = {}
    next_id = 0
    for groups, title, unit, key in _header_topics():
        parent = None
        for depth in range(len(groups)):
            path = tuple(groups[: depth + 1])
            if path not in group_ids:
                group_ids[path] = next_id
                props.append({"odata.type": "Cbs.OData.TopicGroup", "ID": next_id, "Position": None,
                              "ParentID": parent, "Type": "TopicGroup", "Key": "", "Title": path[-1],
                              "Description": None})
                next_id += 1
            parent = group_ids[path]
        props.append({"odata.type": "Cbs.OData.Topic", "ID": next_id, "Position": None, "ParentID": parent,
                      "Type": "Topic", "Key": key, "Title": title, "Description": None,
                      "Datatype": "Long" if unit.lower() == "aantal" else "Double", "Unit": unit,
                      "Decimals": 0 if unit.lower() == "aantal" else 3, "Default": "Missing",
                      "PresentationType": "Absolute"})
        next_id += 1
    rows, regions = [], []
    topics = _header_topics()
    for i, r in enumerate(_ses_csv().to_dict("records")):
        values = list(r.values())
        code = values[2]
        row: dict[str, Any] = {"ID": i, "WijkenEnBuurten": code, "Perioden": f"{values[0].strip()}JJ00"}
        for (_, _, unit, key), text in zip(topics, values[3:], strict=True):
            t = text.strip()
            row[key] = None if t in (".", "") else (int(float(t)) if unit.lower() == "aantal" else float(t))
        rows.append(row)
        regions.append({"Key": code, "Title": values[1], "Description": None, "CategoryGroupID": None})
    info = [{"ID": 0, "Identifier": SES_TABLE, "Title": "Sociaal-economische status; scores per wijk en buurt "
             "(REPLAY: rijen echt, sleutels gereconstrueerd)", "Period": "2019"}]
    perioden = [{"Key": "2019JJ00", "Title": "2019", "Description": None, "Status": "Definitief"}]
    return {"TableInfos": info, "DataProperties": props, "TypedDataSet": rows, "WijkenEnBuurten": regions,
            "Perioden": perioden, "CategoryGroups": []}


def ses_rows() -> pd.DataFrame:
    """The real export as a table (for checking the loader against its source)."""
    df = _ses_csv()
    out = pd.DataFrame({"code": df.iloc[:, 2].str.strip(), "naam": df.iloc[:, 1]})
    out["ses_score"] = pd.to_numeric(df.iloc[:, 7].str.strip().replace(".", None), errors="coerce")
    out["huishoudens"] = pd.to_numeric(df.iloc[:, 3].str.strip(), errors="coerce")
    return out


# --------------------------------------------------------------------------- Leefbaarometer (sample)
def _voorbeeld(code: str, naam: str, gemeente: str) -> dict:
    """A documented-shape sample record: values from a hash of the code (VOORBEELD, not real)."""
    h = hashlib.sha256(code.encode()).digest()

    def dev(i: int) -> float:
        return round((h[i] - 127.5) / 600, 6)           # about −0,21 … +0,21

    afw = dev(0)
    klasse = int(min(9, max(1, round(5 + afw * 20))))
    rec = {"gemeente": gemeente, "name": naam, "id": code, "scale": "buurt", "kscore": klasse, "kafw": klasse,
           "afw": afw, "year": "2024"}
    for j, f in enumerate(("fys", "onv", "soc", "vrz", "won"), start=1):
        rec[f] = dev(j)
        rec[f"k{f}"] = int(min(9, max(1, round(5 + rec[f] * 20))))
    return rec


@functools.cache
def lbm_records() -> list[dict]:
    regions = pd.read_csv(FIXTURES / "gebieden_2024.csv", dtype=str, keep_default_na=False)
    names = dict(pd.read_csv(FIXTURES / "gemeenten_2024.csv", dtype=str)[["code", "naam"]].values)
    buurten = regions[regions.niveau == "buurt"]
    out = [_voorbeeld(r.code, r.naam, names.get(r.gemeente, "")) for r in buurten.itertuples()]
    return [*out, ELANDSGRACHTBUURT]


_LIKE = re.compile(r"^\s*id\s+LIKE\s+'([A-Za-z0-9]*)%'\s*$", re.IGNORECASE)


class IndicesReplayServer(ReplayServer):
    """ReplayServer plus CBS 85163NED and the Leefbaarometer WFS (see the module docstring)."""

    def answer(self, path: str, params: dict[str, str], raw_path: str, loop: bool) -> Answer:
        if path.startswith("/lbm3/"):
            return Answer(200, "application/json", self._answer_lbm(path, params, loop))
        return super().answer(path, params, raw_path, loop)

    def _answer_cbs(self, path: str, params: dict[str, str], raw_path: str, loop: bool) -> bytes:
        match = re.fullmatch(r"/(ODataFeed|ODataApi)/odata/([^/]+)/?([^/]*)", path, re.IGNORECASE)
        if not match or match.group(2) != SES_TABLE:
            return super()._answer_cbs(path, params, raw_path, loop)
        api, table_id, entity_set = match.groups()
        base = f"{self.url}/{api}/odata/{table_id}"
        if entity_set not in SES_SETS:
            raise RequestError(404, f"Resource not found for the segment '{entity_set}'.")
        rows = ses_table()[entity_set]
        fields = {key for row in rows for key in row}
        if params.get("$filter"):
            predicate = FilterParser(params["$filter"], fields).parse()
            rows = [row for row in rows if predicate(row)]
        skip = int(params.get("$skip", 0))
        page = rows[skip: skip + self.page_size]
        answer: dict[str, Any] = {"odata.metadata": f"{base}/$metadata#{entity_set}", "value": page}
        if loop:
            answer["odata.nextLink"] = self.url + raw_path
        elif skip + self.page_size < len(rows):
            from urllib.parse import quote, urlencode

            kept = {k: v for k, v in params.items() if k in ("$format", "$filter")}
            kept["$skip"] = str(skip + self.page_size)
            answer["odata.nextLink"] = f"{base}/{entity_set}?{urlencode(kept, quote_via=quote, safe='$,()')}"
        return json.dumps(answer).encode()

    def _answer_lbm(self, path: str, params: dict[str, str], loop: bool) -> bytes:
        p = {k.lower(): v for k, v in params.items()}
        if path.rstrip("/") != "/lbm3/ows":
            raise RequestError(404, f"No service at {path}")
        if p.get("request", "").lower() != "getfeature":
            raise RequestError(400, "Only request=GetFeature is replayed")
        layer = p.get("typenames") or p.get("typename", "")
        if layer.split(":")[-1] != "buurtscore24":
            raise RequestError(400, f"Feature type '{layer}' unknown")
        records = lbm_records()
        if p.get("cql_filter"):
            m = _LIKE.match(p["cql_filter"])
            if not m:
                raise RequestError(400, f"CQL filter not replayed: {p['cql_filter']}")
            records = [r for r in records if r["id"].startswith(m.group(1))]
        count = min(int(p.get("count") or self.page_size), self.page_size)
        start = 0 if loop else int(p.get("startindex") or 0)
        page = records[start: start + count]
        features = [{"type": "Feature", "id": f"buurtscore24.{start + i + 1}", "geometry": None,
                     "geometry_name": "geom", "properties": rec} for i, rec in enumerate(page)]
        answer = {"type": "FeatureCollection", "features": features, "totalFeatures": len(records),
                  "numberMatched": len(records), "numberReturned": len(features),
                  "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}}
        return json.dumps(answer).encode()
