"""A local HTTP server that replays CBS OData v3 and PDOK WFS, with injectable faults.

Responses have the real shape of ``opendata.cbs.nl`` (OData v3, JSON) and of the PDOK
``wijkenbuurten`` WFS (GeoJSON), built from real files in this repository:

* CBS 85984NED (2024): TableInfos/DataProperties/CategoryGroups are the recorded files in
  ``tests/fixtures/cbs_odata/85984NED_2024``; the data rows (NL00, Assen, Voorschoten with
  their wijken and buurten) come from ``data/gebieden_2024.csv``, ``data/gemeenten_2024.csv``
  and ``data/kerncijfers_2024.csv``.
* CBS 85318NED (2022) and 85618NED (2023): the data row is the recorded CBS record of buurt
  BU05990110 (Stadsdriehoek, Rotterdam). Their DataProperties were not recorded, so they are
  RECONSTRUCTED from the row keys and the 2024 DataProperties (see ``_reconstructed_properties``).
* PDOK: polygons from ``data/gebieden.gpkg`` (buurt polygons are circa 2019, wijk/gemeente
  polygons 2023/2024). The same polygons are served for every year.

UntypedDataSet is derived from TypedDataSet (values as strings, "." for missing); the padding
CBS uses in untyped values is not reproduced. Note that ``cbsodata.download_data(typed=True)``
(cbsodata 1.3.5) downloads the UntypedDataSet, not the TypedDataSet.

Usage::

    with ReplayServer(page_size=1000) as srv:
        srv.add_fault(Fault(match="TypedDataSet", kind="status", status=500, times=2))
        cbsodata.get_meta("85984NED", "TypedDataSet", catalog_url=srv.cbs_host)
"""

from __future__ import annotations

import functools
import json
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, unquote_plus, urlencode, urlsplit

import geopandas as gpd
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
FIXTURES = REPO / "tests" / "fixtures" / "cbs_odata"

TABLES: dict[str, int] = {"85318NED": 2022, "85618NED": 2023, "85984NED": 2024}
"""CBS 'Kerncijfers wijken en buurten' tables served: table id -> year."""

ENTITY_SETS = ["TableInfos", "UntypedDataSet", "TypedDataSet", "DataProperties",
               "CategoryGroups", "WijkenEnBuurten"]
WFS_OLD_YEARS = range(2012, 2020)   # wijkenbuurten<year>:cbs_buurten_<year>, uppercase fields
WFS_NEW_YEARS = range(2022, 2025)   # wijkenbuurten:buurten, lowercase fields
OLD_MISSING = -99999999             # "no value" sentinel of the 2012-2019 shapefiles
FAULT_KINDS = {"status", "timeout", "truncate", "loop"}
REGION_KIND = {"land": "Land", "gemeente": "Gemeente", "wijk": "Wijk", "buurt": "Buurt"}


@dataclass
class Fault:
    """A fault for requests whose URL-decoded path+query contains ``match``.

    ``times`` is how many matching requests it applies to (None = always). Kinds: ``status``
    (answer ``status`` with an error body), ``timeout`` (sleep ``delay`` seconds, then answer
    normally), ``truncate`` (200 with the first half of the body), ``loop`` (CBS: nextLink to
    the same URL; PDOK: startIndex ignored, always the first page).
    """

    match: str
    kind: str
    times: int | None = None
    status: int = 500
    delay: float = 3.0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {sorted(FAULT_KINDS)}")


class RequestError(Exception):
    """An error answered to the client: HTTP status plus a service-specific message."""

    def __init__(self, status: int, message: str, code: str = "InvalidParameterValue",
                 locator: str = "") -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.locator = status, message, code, locator


# --------------------------------------------------------------------------- CBS data
def _stem(key: str) -> str:
    """CBS key without its ``_NN`` position suffix: ``AantalInwoners_5`` -> ``AantalInwoners``."""
    return re.sub(r"_\d+$", "", key)


def _load_fixture(name: str) -> list[dict]:
    return json.loads((FIXTURES / "85984NED_2024" / f"{name}.json").read_text(encoding="utf-8"))


@functools.cache
def _regions_2024() -> pd.DataFrame:
    """NL00 + the regions of gebieden_2024.csv with their gemeente name."""
    regions = pd.read_csv(DATA / "gebieden_2024.csv", dtype=str, keep_default_na=False)
    names = _gemeente_names()
    regions["gemeentenaam"] = regions["gemeente"].map(names)
    land = pd.DataFrame([{"code": "NL00", "naam": "Nederland", "niveau": "land", "wijk": "",
                          "gemeente": "", "indelingswijziging": ".", "gemeentenaam": "Nederland"}])
    return pd.concat([land, regions], ignore_index=True)


@functools.cache
def _gemeente_names() -> dict[str, str]:
    table = pd.read_csv(DATA / "gemeenten_2024.csv", dtype=str)
    return dict(zip(table["code"], table["naam"], strict=True))


@functools.cache
def _kerncijfers_2024() -> dict[tuple[str, str], float | None]:
    """(code, variabele) -> value for jaar 2024 (NaN becomes None)."""
    table = pd.read_csv(DATA / "kerncijfers_2024.csv", dtype={"code": str})
    table = table[table["jaar"] == 2024]
    return {(c, v): (None if pd.isna(w) else float(w))
            for c, v, w in zip(table["code"], table["variabele"], table["waarde"], strict=True)}


def _table_2024() -> dict[str, list[dict]]:
    """85984NED: recorded metadata, rows for NL00 + gebieden_2024.csv, all 342 gemeenten in the dimension.

    Every Topic key is present in every row; the value comes from kerncijfers_2024.csv (variabele =
    key stem, so ``GeregistreerdeMisdrijven*`` never enters) or is null. Gemeenten other than Assen
    and Voorschoten only appear in the WijkenEnBuurten dimension.
    """
    properties = _load_fixture("DataProperties")
    topics = [p for p in properties if p["Type"] == "Topic"]
    values = _kerncijfers_2024()
    names = _gemeente_names()
    regions = _regions_2024()
    rows = []
    for number, region in enumerate(regions.itertuples(index=False)):
        fixed = {"Gemeentenaam_1": region.gemeentenaam.ljust(40),
                 "SoortRegio_2": REGION_KIND[region.niveau].ljust(10),
                 "Codering_3": region.code.ljust(10),
                 "IndelingswijzigingGemeenteWijkBuurt_4": region.indelingswijziging,
                 "MeestVoorkomendePostcode_125": None}  # no postcode data in the repo
        row: dict[str, Any] = {"ID": number, "WijkenEnBuurten": region.code.ljust(10)}
        for topic in topics:
            key = topic["Key"]
            value = values.get((region.code, _stem(key)))
            if key in fixed:
                value = fixed[key]
            elif value is not None:
                value = int(round(value)) if topic["Datatype"] == "Long" else value
            row[key] = value
        rows.append(row)

    wijk_names = dict(zip(regions["code"], regions["naam"], strict=True))
    details = {code: group for code, group in regions.groupby("gemeente", sort=False)}
    dimension = [_dimension_record("NL00", "Nederland", "")]
    for code in sorted(names):
        dimension.append(_dimension_record(code, names[code], code))
        for region in details.get(code, regions.iloc[:0]).itertuples(index=False):
            if region.niveau == "gemeente":
                continue
            description = (f"Buurt '{region.naam}' ({region.code}) is een buurt in wijk "
                           f"'{wijk_names.get(region.wijk, '')}' in de gemeente '{names[code]}'."
                           if region.niveau == "buurt" else "")
            dimension.append(_dimension_record(region.code, region.naam, code, description))
    return {"TableInfos": _load_fixture("TableInfos"), "DataProperties": properties,
            "CategoryGroups": _load_fixture("CategoryGroups"), "TypedDataSet": rows,
            "WijkenEnBuurten": dimension}


def _dimension_record(code: str, title: str, municipality: str, description: str = "") -> dict:
    # The recorded 2022/2023 dimension records carry the gemeente CODE in Municipality.
    return {"Key": code.ljust(10), "Title": title, "Description": description,
            "Municipality": municipality, "DetailRegionCode": code.ljust(10)}


def _spaced_title(stem: str) -> str:
    """``BouwjaarVoor2000`` -> ``Bouwjaar voor 2000``."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])", " ", stem).split()
    return " ".join([words[0]] + [w.lower() for w in words[1:]]) if words else stem


def _reconstructed_properties(row: dict, year: int) -> list[dict]:
    """DataProperties for a recorded 2022/2023 row (the real ones were not recorded).

    One Topic per key of the row (except ID/WijkenEnBuurten) in key order, Position = its
    1-based index. Title/Unit/Datatype/... are copied from the 2024 Topic with the same stem
    (i-th occurrence of a stem in this year -> i-th occurrence in 2024, so ``Appartement_48``
    is electricity and ``Appartement_56`` gas). Unmatched stems (``WestersTotaal``,
    ``PercentageBewoond``, ``BouwjaarVoor2000``, ...) get a spaced Title, a type guessed from
    the value and the ParentID of the preceding topic. TopicGroups keep their 2024 IDs and are
    emitted before their first topic; matched topics keep their 2024 ID, new ones get fresh IDs.
    """
    properties = _load_fixture("DataProperties")
    by_id = {p["ID"]: p for p in properties}
    by_stem: dict[str, list[dict]] = {}
    for prop in properties:
        if prop["Type"] == "Topic":
            by_stem.setdefault(_stem(prop["Key"]), []).append(prop)
    result = [dict(by_id[0], MapYear=year)]  # the GeoDetail WijkenEnBuurten entry
    emitted: set[int] = set()
    seen: dict[str, int] = {}
    next_id = max(by_id) + 1
    parent = None
    for position, key in enumerate([k for k in row if k not in ("ID", "WijkenEnBuurten")], 1):
        stem = _stem(key)
        occurrence = seen[stem] = seen.get(stem, -1) + 1
        matches = by_stem.get(stem, [])
        if occurrence < len(matches):
            source = matches[occurrence]
            topic = {f: source[f] for f in source if f not in ("Key", "Position")}
            parent = source["ParentID"]
        else:
            value = row[key]
            percentage = stem.startswith("Percentage")
            datatype = ("String" if isinstance(value, str) else
                        "Double" if isinstance(value, float) else "Long")
            unit = "code" if datatype == "String" else "%" if percentage else "aantal"
            topic = {"odata.type": "Cbs.OData.Topic", "ID": next_id, "ParentID": parent,
                     "Type": "Topic", "Title": _spaced_title(stem), "Description": "",
                     "Datatype": datatype, "Unit": unit, "Decimals": int(datatype == "Double"),
                     "Default": "Impossible",
                     "PresentationType": "Relative" if percentage else "Absolute"}
            next_id += 1
        ancestors, group = [], parent
        while group is not None and group not in emitted:
            ancestors.append(group)
            group = by_id[group]["ParentID"]
        for group in reversed(ancestors):
            result.append(by_id[group])
            emitted.add(group)
        topic.update(Key=key, Position=position)
        result.append(topic)
    return result


def _table_recorded(table_id: str, year: int) -> dict[str, list[dict]]:
    recorded = json.loads((FIXTURES / "rotterdam_BU05990110_2022_2023.json")
                          .read_text(encoding="utf-8"))[str(year)]
    assert recorded["table"] == table_id
    title = f"Kerncijfers wijken en buurten {year}"
    info = dict(_load_fixture("TableInfos")[0], Identifier=table_id, Title=title,
                ShortTitle=title, Period=str(year))
    return {"TableInfos": [info], "DataProperties": _reconstructed_properties(recorded["rows"][0], year),
            "CategoryGroups": [], "TypedDataSet": recorded["rows"], "WijkenEnBuurten": recorded["names"]}


def _untyped(rows: list[dict], properties: list[dict]) -> list[dict]:
    """UntypedDataSet: every topic value as a string, '.' for a missing value."""
    decimals = {p["Key"]: p.get("Decimals") or 0 for p in properties if p["Type"] == "Topic"}
    untyped = []
    for row in rows:
        out = {}
        for key, value in row.items():
            if key in ("ID", "WijkenEnBuurten") or isinstance(value, str):
                out[key] = value
            elif value is None:
                out[key] = "."
            else:
                out[key] = f"{value:.{decimals.get(key, 0)}f}" if isinstance(value, float) else str(value)
        untyped.append(out)
    return untyped


@functools.cache
def cbs_table(table_id: str) -> dict[str, list[dict]]:
    """All entity sets of one served table (cached); KeyError for an unknown table."""
    year = TABLES[table_id]
    table = _table_2024() if year == 2024 else _table_recorded(table_id, year)
    table["UntypedDataSet"] = _untyped(table["TypedDataSet"], table["DataProperties"])
    return table


# --------------------------------------------------------------------------- $filter
_TOKEN = re.compile(r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<number>-?\d+(?:\.\d+)?)"
                    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<punct>[(),]))")
Predicate = Callable[[dict], bool]


class FilterParser:
    """Recursive-descent parser for the OData ``$filter`` subset CBS clients use.

    Grammar: ``expr := and ('or' and)*``; ``and := term ('and' term)*``; ``term := '(' expr ')'
    | startswith(Field,'text') | substringof('text',Field) | Field (eq|ne) literal``.
    String comparisons are exact, on the padded values as stored. No eval anywhere.
    """

    def __init__(self, text: str, fields: set[str]) -> None:
        self.text, self.fields, self.index = text, fields, 0
        self.tokens: list[tuple[str, Any]] = []
        position = 0
        while text[position:].strip():
            match = _TOKEN.match(text, position)
            if not match:
                self._fail(f"unexpected character at position {position}")
            kind, value = match.lastgroup, match.group(match.lastgroup)
            if kind == "string":
                value = value[1:-1].replace("''", "'")
            elif kind == "number":
                value = float(value)
            self.tokens.append((kind, value))
            position = match.end()

    def _fail(self, why: str) -> None:
        raise RequestError(400, f"Syntax error in $filter '{self.text}': {why}.")

    def _peek(self) -> tuple[str, Any]:
        return self.tokens[self.index] if self.index < len(self.tokens) else ("end", None)

    def _take(self, kind: str, value: Any = None) -> Any:
        token = self._peek()
        if token[0] != kind or (value is not None and token[1] != value):
            self._fail(f"expected {value or kind} but found {token[1]!r}")
        self.index += 1
        return token[1]

    def _field(self) -> str:
        name = self._take("name")
        if name not in self.fields:
            raise RequestError(400, f"Could not find a property named '{name}'.")
        return name

    def parse(self) -> Predicate:
        predicate = self._chain("or", any)
        if self._peek()[0] != "end":
            self._fail(f"unexpected {self._peek()[1]!r}")
        return predicate

    def _chain(self, word: str, combine: Callable) -> Predicate:
        """``part (word part)*`` where a part of an 'or' chain is an 'and' chain."""
        def part() -> Predicate:
            return self._chain("and", all) if word == "or" else self._term()
        parts = [part()]
        while self._peek() == ("name", word):
            self.index += 1
            parts.append(part())
        return parts[0] if len(parts) == 1 else (lambda row: combine(p(row) for p in parts))

    def _term(self) -> Predicate:
        kind, value = self._peek()
        if (kind, value) == ("punct", "("):
            self.index += 1
            inner = self._chain("or", any)
            self._take("punct", ")")
            return inner
        if (kind, value) in (("name", "startswith"), ("name", "substringof")):
            self.index += 1
            self._take("punct", "(")
            first = self._field() if value == "startswith" else self._take("string")
            self._take("punct", ",")
            second = self._take("string") if value == "startswith" else self._field()
            self._take("punct", ")")
            if value == "startswith":
                return lambda row: isinstance(row.get(first), str) and row[first].startswith(second)
            return lambda row: isinstance(row.get(second), str) and first in row[second]
        field = self._field()
        operator = self._take("name")
        if operator not in ("eq", "ne"):
            self._fail(f"unsupported operator {operator!r}")
        kind, literal = self._peek()
        if kind not in ("string", "number") and (kind, literal) != ("name", "null"):
            self._fail("expected a literal")
        self.index += 1
        literal = None if kind == "name" else literal
        return lambda row: (row.get(field) == literal) == (operator == "eq")


# --------------------------------------------------------------------------- PDOK data
@functools.cache
def _geometries(level: str) -> gpd.GeoDataFrame:
    """One layer of gebieden.gpkg (EPSG:28992), sorted by code; cached per process."""
    frame = gpd.read_file(DATA / "gebieden.gpkg", layer=level)
    return frame.sort_values("code", kind="stable").reset_index(drop=True)


@functools.cache
def _inhabitants(year: int) -> dict[str, int]:
    """code -> AantalInwoners known for ``year`` (buurt/wijk only for 2024)."""
    table = pd.read_csv(DATA / "kerncijfers_gemeente_2012_2024.csv", dtype={"code": str})
    table = table[(table["jaar"] == year) & (table["variabele"] == "AantalInwoners")]
    known = {c: int(w) for c, w in zip(table["code"], table["waarde"], strict=True) if pd.notna(w)}
    if year == 2024:
        for (code, variable), value in _kerncijfers_2024().items():
            if variable == "AantalInwoners" and value is not None:
                known.setdefault(code, int(value))
    return known


def _round_coordinates(coordinates: Any) -> Any:
    if isinstance(coordinates, (int, float)):
        return round(coordinates, 3)
    return [_round_coordinates(c) for c in coordinates]


def wfs_layers(year: int) -> dict[str, str]:
    """Layer name -> gebieden.gpkg level for the given vintage ({} for an unknown year)."""
    if year in WFS_NEW_YEARS:
        return {"wijkenbuurten:buurten": "buurt", "wijkenbuurten:wijken": "wijk",
                "wijkenbuurten:gemeenten": "gemeente"}
    if year in WFS_OLD_YEARS:
        prefix = f"wijkenbuurten{year}:"
        return {f"{prefix}cbs_buurten_{year}": "buurt", f"{prefix}cbs_wijken_{year}": "wijk",
                f"{prefix}gemeenten{year}": "gemeente"}
    return {}


@functools.cache
def wfs_features(year: int, level: str) -> list[dict]:
    """All GeoJSON features of one level in the property layout of that vintage."""
    frame, names, inhabitants = _geometries(level), _gemeente_names(), _inhabitants(year)
    old = year in WFS_OLD_YEARS
    features = []
    for record, geometry in zip(frame.to_dict("records"), frame.geometry, strict=True):
        code, gemeente = record["code"], record.get("gemeente") or record["code"]
        people = inhabitants.get(code)
        if old:
            props = {"buurt": {"BU_CODE": code, "BU_NAAM": record["naam"], "WK_CODE": record.get("wijk")},
                     "wijk": {"WK_CODE": code, "WK_NAAM": record["naam"]}, "gemeente": {}}[level]
            props.update(GM_CODE=gemeente, GM_NAAM=names.get(gemeente),
                         AANT_INW=OLD_MISSING if people is None else people)
        else:
            props = {"buurt": {"buurtcode": code, "buurtnaam": record["naam"],
                               "wijkcode": record.get("wijk")},
                     "wijk": {"wijkcode": code, "wijknaam": record["naam"]}, "gemeente": {}}[level]
            props.update(gemeentecode=gemeente, gemeentenaam=names.get(gemeente), aantalInwoners=people)
        shape = geometry.__geo_interface__
        features.append({"type": "Feature", "geometry": {
            "type": shape["type"], "coordinates": _round_coordinates(shape["coordinates"])},
            "properties": props})
    return features


def _fes_predicate(xml_text: str, fields: set[str]) -> Callable[[dict], bool]:
    """Parse a FES 2.0 filter: PropertyIsEqualTo, optionally inside Or/And."""
    def local(element: ET.Element) -> str:
        return element.tag.rsplit("}", 1)[-1]

    def build(element: ET.Element) -> Callable[[dict], bool]:
        name, children = local(element), list(element)
        if name == "Filter" and len(children) == 1:
            return build(children[0])
        if name in ("Or", "And") and children:
            parts = [build(child) for child in children]
            combine = any if name == "Or" else all
            return lambda p: combine(f(p) for f in parts)
        if name == "PropertyIsEqualTo":
            parts = {local(child): (child.text or "") for child in children}
            field, literal = parts.get("ValueReference", parts.get("PropertyName")), parts.get("Literal")
            if field not in fields or literal is None:
                raise RequestError(400, f"Unknown property or missing literal: {field!r}", locator="filter")
            return lambda p: p.get(field) is not None and str(p[field]) == literal
        raise RequestError(400, f"Unsupported filter element {name!r}", locator="filter")

    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError as error:
        raise RequestError(400, f"Invalid FILTER XML: {error}", locator="filter") from None
    return build(root)


# --------------------------------------------------------------------------- HTTP
class _Handler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: Any) -> None:  # keep pytest output quiet
        pass

    def do_GET(self) -> None:
        replay: ReplayServer = self.server.replay
        split = urlsplit(self.path)
        decoded = unquote(split.path) + (f"?{unquote_plus(split.query)}" if split.query else "")
        fault = replay._register(decoded)
        is_cbs = not split.path.startswith("/cbs/wijkenbuurten/")
        if fault and fault.kind == "status":
            error = RequestError(fault.status, f"Injected fault ({fault.status}).", "NoApplicableCode")
            return self._send(*self._error(error, is_cbs))
        if fault and fault.kind == "timeout" and replay._stopping.wait(fault.delay):
            return  # server is shutting down: drop the request
        params = {k: v[-1] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        loop = bool(fault and fault.kind == "loop")
        try:
            if is_cbs:
                body = replay._answer_cbs(split.path, params, self.path, loop)
            else:
                body = replay._answer_wfs(split.path, params, loop)
            status, content_type = 200, ("application/json;odata=minimalmetadata;charset=utf-8" if is_cbs
                                         else "application/json; subtype=geojson; charset=utf-8")
        except RequestError as error:
            status, content_type, body = self._error(error, is_cbs)
        if fault and fault.kind == "truncate":
            body = body[: len(body) // 2]
        self._send(status, content_type, body)

    def _error(self, error: RequestError, is_cbs: bool) -> tuple[int, str, bytes]:
        if is_cbs:
            payload = {"odata.error": {"code": "", "message": {"lang": "en-US", "value": error.message}}}
            return error.status, "application/json;charset=utf-8", json.dumps(payload).encode()
        text = error.message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<ows:ExceptionReport xmlns:ows='
               '"http://www.opengis.net/ows/1.1" version="2.0.0" xml:lang="en-US">\n'
               f'  <ows:Exception exceptionCode="{error.code}" locator="{error.locator}">\n'
               f"    <ows:ExceptionText>{text}</ows:ExceptionText>\n  </ows:Exception>\n"
               "</ows:ExceptionReport>\n")
        return error.status, "text/xml; charset=utf-8", xml.encode()

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (ConnectionError, OSError):
            pass  # the client gave up (e.g. its timeout fired)


class ReplayServer:
    """Threaded local server replaying CBS OData v3 and PDOK WFS; use as a context manager.

    ``page_size`` is the number of rows per OData page and the maximum features per WFS page.
    ``requests`` lists the URL-decoded path+query of every request, in order.
    """

    TABLES = TABLES

    def __init__(self, page_size: int = 1000) -> None:
        self.page_size = page_size
        self.requests: list[str] = []
        self._faults: list[list] = []  # [fault, uses left or None]
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle ------------------------------------------------------------
    def start(self) -> ReplayServer:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.replay = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="ReplayServer", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in a timeout fault
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join(timeout=5)
            self._httpd = None

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.cbs_host}"

    @property
    def cbs_host(self) -> str:
        return f"127.0.0.1:{self._httpd.server_address[1]}"

    # faults -----------------------------------------------------------------
    def add_fault(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append([fault, fault.times])  # the Fault itself is never modified

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def _register(self, decoded: str) -> Fault | None:
        """Log the request; return the first fault with uses left that matches it (using one up)."""
        with self._lock:
            self.requests.append(decoded)
            for entry in self._faults:
                fault, left = entry
                if fault.match in decoded and (left is None or left > 0):
                    entry[1] = None if left is None else left - 1
                    return fault
        return None

    # CBS ----------------------------------------------------------------------
    def _answer_cbs(self, path: str, params: dict[str, str], raw_path: str, loop: bool) -> bytes:
        match = re.fullmatch(r"/(ODataFeed|ODataApi)/odata/([^/]+)/?([^/]*)", path, re.IGNORECASE)
        if not match:
            raise RequestError(404, f"Resource not found for the segment '{path}'.")
        api, table_id, entity_set = match.groups()
        if table_id not in TABLES:
            raise RequestError(404, f"Resource not found for the segment '{table_id}'.")
        base = f"{self.url}/{api}/odata/{table_id}"
        if not entity_set:
            listing = [{"name": name, "url": f"{base}/{name}"} for name in ENTITY_SETS]
            return json.dumps({"odata.metadata": f"{base}/$metadata", "value": listing}).encode()
        if entity_set not in ENTITY_SETS:
            raise RequestError(404, f"Resource not found for the segment '{entity_set}'.")
        rows = cbs_table(table_id)[entity_set]
        fields = {key for row in rows for key in row}
        if params.get("$filter"):
            predicate = FilterParser(params["$filter"], fields).parse()
            rows = [row for row in rows if predicate(row)]
        if params.get("$select"):
            selected = [s.strip() for s in params["$select"].split(",") if s.strip()]
            unknown = [s for s in selected if s not in fields]
            if unknown:
                raise RequestError(400, f"Could not find a property named '{unknown[0]}'.")
            keep = {"ID", *selected}
            rows = [{k: v for k, v in row.items() if k in keep} for row in rows]
        try:
            skip = int(params.get("$skip", 0))
            top = int(params["$top"]) if "$top" in params else None
        except ValueError:
            raise RequestError(400, "Invalid value for $skip or $top.") from None
        end = len(rows) if top is None else min(len(rows), skip + top)
        page_end = min(end, skip + self.page_size)
        answer: dict[str, Any] = {"odata.metadata": f"{base}/$metadata#{entity_set}",
                                  "value": rows[skip:page_end]}
        if loop:
            answer["odata.nextLink"] = self.url + raw_path
        elif page_end < end:
            kept = {k: v for k, v in params.items() if k in ("$format", "$filter", "$select")}
            if top is not None:
                kept["$top"] = str(end - page_end)
            kept["$skip"] = str(page_end)
            answer["odata.nextLink"] = f"{base}/{entity_set}?{urlencode(kept, quote_via=quote, safe='$,()')}"
        return json.dumps(answer).encode()

    # PDOK -----------------------------------------------------------------------
    def _answer_wfs(self, path: str, params: dict[str, str], loop: bool) -> bytes:
        params = {k.lower(): v for k, v in params.items()}
        match = re.fullmatch(r"/cbs/wijkenbuurten/(\d{4})/wfs/v1_0", path)
        if not match:
            raise RequestError(404, f"No service at {path}", "NoApplicableCode")
        year = int(match.group(1))
        if params.get("request", "").lower() != "getfeature":
            raise RequestError(400, "Only request=GetFeature is replayed", "OperationNotSupported", "request")
        layer = params.get("typenames") or params.get("typename", "")
        layers = wfs_layers(year)
        if layer not in layers:
            raise RequestError(400, f"Feature type '{layer}' unknown for {year}", locator="typeNames")
        output = params.get("outputformat", "application/json").lower()
        if "json" not in output:
            raise RequestError(400, f"Output format '{output}' not replayed", locator="outputFormat")
        srs = params.get("srsname", "EPSG:28992")
        if not srs.endswith("28992"):
            raise RequestError(400, f"Only EPSG:28992 is replayed, not '{srs}'", locator="srsName")
        features = wfs_features(year, layers[layer])
        numbered = [dict(f, id=f"{layer.split(':')[-1]}.{i}") for i, f in enumerate(features, 1)]
        if params.get("filter"):
            fields = {key for f in features for key in f["properties"]}
            predicate = _fes_predicate(params["filter"], fields)
            numbered = [f for f in numbered if predicate(f["properties"])]
        try:
            count = int(params.get("count") or params.get("maxfeatures") or self.page_size)
            count = min(count, self.page_size)
            start = 0 if loop else int(params.get("startindex") or 0)
        except ValueError:
            raise RequestError(400, "count and startIndex must be integers", locator="count") from None
        page = numbered[start:start + count]
        answer = {"type": "FeatureCollection", "name": layer.split(":")[-1],
                  "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
                  "numberMatched": len(numbered), "numberReturned": len(page), "features": page}
        return json.dumps(answer).encode()
