"""Local HTTP servers that replay CBS OData v3 and PDOK (WFS and OGC API Features), with faults.

Two layers:

* **Generic, stable helpers** other replay servers build on (``tests/replay_locatieserver.py``,
  ``tests/replay_indices.py``): :class:`Fault` (which requests get which fault),
  :class:`Answer` (status, content type, body, headers), :class:`RequestError`, and
  :class:`ReplayBase` — a threaded server on 127.0.0.1 with a free port, usable as a context
  manager, that logs every request (``.requests``), applies faults and leaves the answer to one
  method, :meth:`ReplayBase.answer`. :class:`RecordingProxy` is a tiny forward proxy that records
  what passes through it (to test that ``HTTP_PROXY``/``HTTPS_PROXY`` are honoured).
* :class:`ReplayServer`: CBS and PDOK on one port (set ``settings.cbs_url``, ``pdok_url``,
  ``pdok_api_url``, ``pdok_oud_url`` and ``cbs_derden_url`` all to ``srv.url``).

Faults (see :class:`Fault`) work the same on every server built on :class:`ReplayBase`:
``status`` (an error answer in the service's own error format), ``timeout`` (answer late),
``truncate`` (half the body), ``loop`` (the service-specific endless paging loop).

What every response rests on (public evidence; see also ``docs/diensten.md`` and the
README files in ``tests/fixtures/cbs_odata`` and ``tests/fixtures/pdok``):

* **CBS OData v3** (``/ODataFeed|ODataApi/odata/<table>/<EntitySet>``): ``{"odata.metadata", "value"}``
  with ``odata.nextLink`` paging — the URL layout and paging cbsodata 1.3.5 builds and follows
  (``cbsodata/cbsodata3.py``). 85984NED (2024): TableInfos/DataProperties/CategoryGroups are
  recorded CBS answers (``tests/fixtures/cbs_odata/85984NED_2024``); its rows come from the real
  StatLine/CBS figures in ``tests/fixtures/cbs_odata/*.csv``; keys and values padded as CBS does
  (FORMATS.md §2). 85318NED/85618NED (2022/2023): the recorded CBS row of BU05990110;
  DataProperties RECONSTRUCTED (see ``_reconstructed_properties``).
* **Police 47018NED** (third-party catalogue dataderden.cbs.nl, same OData v3 layout): see
  :func:`police_table` (shape reconstructed from public client code, real yearly figures).
* **CBS catalogue** (``/ODataCatalog/Tables``): the list cbsodata's ``get_table_list`` reads;
  entries for the Kerncijfers tables use the table ids per year listed in SERVICES.md (several
  independent public code lists; 2022–2024 verified in recorded files) and, for 85984NED, the
  recorded TableInfos record.
* **PDOK WFS** (GetCapabilities, GetFeature as GeoJSON, ``count``/``startIndex``/``numberMatched``,
  FES 2.0 filter, OWS exception reports): paths, layer names and lower-case fields per vintage as
  described in SERVICES.md / FORMATS.md §4 — see :data:`WFS_SERVICES` for the evidence per vintage.
* **PDOK OGC API Features** (landing page, ``collections``, ``items`` with ``gemeentecode=``,
  ``limit``, ``crs`` and a ``next`` link carrying an opaque cursor; ``Content-Crs`` header):
  2023–2025 as in SERVICES.md; property names (``jaar``, ``buurtcode``, ``gemeentecode``,
  ``aantal_inwoners``, snake_case) as used by public clients of that API.
* **Water**: beside every land feature the PDOK layers hold ``water = 'JA'`` features with the
  same code (SERVICES.md; Amsterdam/GOB-Import skips them). The replay adds one such feature for
  the gemeente, its first wijk and its first buurt; their *shape* follows that evidence, their
  *geometry* is SYNTHETIC (a 200 m square beside the area), not real water.

Geometry comes from ``tests/fixtures/pdok/gebieden_voorschoten_assen.gpkg`` (real CBS/PDOK
polygons: buurten circa 2019, wijken 2024, gemeenten 2023); the same polygons are served for
every vintage. Nothing here reads the project's ``data/`` folder or anything outside ``tests/``.

Usage::

    with ReplayServer(page_size=1000) as srv:
        srv.add_fault(Fault(match="TypedDataSet", kind="status", status=500, times=2))
        cbsodata.get_meta("85984NED", "TypedDataSet", catalog_url=srv.cbs_host)
"""

from __future__ import annotations

import base64
import functools
import json
import os
import re
import socket
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, unquote_plus, urlencode, urlsplit

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "cbs_odata"
PDOK_FIXTURES = REPO / "tests" / "fixtures" / "pdok"

TABLES: dict[str, int] = {"85318NED": 2022, "85618NED": 2023, "85984NED": 2024}
"""CBS 'Kerncijfers wijken en buurten' tables served: table id -> year."""

CATALOG_KWB: dict[int, str] = {2015: "83220NED", 2016: "83487NED", 2017: "83765NED", 2018: "84286NED",
                               2019: "84583NED", 2020: "84799NED", 2021: "85039NED", 2022: "85318NED",
                               2023: "85618NED", 2024: "85984NED", 2025: "86165NED"}
"""Catalogue entries 'Kerncijfers wijken en buurten <year>' (ids as listed in SERVICES.md)."""

ENTITY_SETS = ["TableInfos", "UntypedDataSet", "TypedDataSet", "DataProperties",
               "CategoryGroups", "WijkenEnBuurten"]
OLD_MISSING = -99999999             # "no value" sentinel of the kaart's attribute tables (FORMATS.md §4)
FAULT_KINDS = {"status", "timeout", "truncate", "loop"}
#: Client timeout of the tests in seconds (``WIJKSCAN_TEST_TIMEOUT``; ``tests/conftest.py`` sets it in the settings of
#: every test). Generous: a loaded 2-core test machine can take seconds to answer a replayed request, and a test
#: must not fail on that. Production keeps the value of :class:`wijkscan.settings.Settings` (30 s).
TEST_TIMEOUT = float(os.environ.get("WIJKSCAN_TEST_TIMEOUT", "30"))
#: Client timeout in the tests that inject a ``timeout`` fault (``WIJKSCAN_TEST_FOUT_TIMEOUT``): short, so those tests
#: do not wait long, yet long enough for a loaded machine to answer the requests without a fault.
FOUT_TIMEOUT = float(os.environ.get("WIJKSCAN_TEST_FOUT_TIMEOUT", "3"))
REGION_KIND = {"land": "Land", "gemeente": "Gemeente", "wijk": "Wijk", "buurt": "Buurt"}
RD_URI = "http://www.opengis.net/def/crs/EPSG/0/28992"
CRS84_URI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


# =========================================================================== generic helpers
@dataclass
class Fault:
    """A fault for requests whose URL-decoded path+query contains ``match``.

    ``times`` is how many matching requests it applies to (None = always). Kinds: ``status``
    (answer ``status`` with an error body in the service's format), ``timeout`` (sleep ``delay``
    seconds, then answer normally; the default is far beyond :data:`FOUT_TIMEOUT`, and stopping the server
    wakes a sleeping handler), ``truncate`` (200 with the first half of the body), ``loop``
    (a paging loop: CBS nextLink to the same URL; WFS startIndex ignored, always the first page;
    OGC API a ``next`` link to the same URL).
    """

    match: str
    kind: str
    times: int | None = None
    status: int = 500
    delay: float = 20 * FOUT_TIMEOUT

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {sorted(FAULT_KINDS)}")


class RequestError(Exception):
    """An error answered to the client: HTTP status plus a service-specific message."""

    def __init__(self, status: int, message: str, code: str = "InvalidParameterValue",
                 locator: str = "") -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.locator = status, message, code, locator


@dataclass
class Answer:
    """One HTTP answer of a replay server."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: Any) -> None:  # keep pytest output quiet
        pass

    def do_GET(self) -> None:
        replay: ReplayBase = self.server.replay
        split = urlsplit(self.path)
        decoded = unquote(split.path) + (f"?{unquote_plus(split.query)}" if split.query else "")
        fault = replay._register(decoded)
        if fault and fault.kind == "status":
            error = RequestError(fault.status, f"Injected fault ({fault.status}).", "NoApplicableCode")
            return self._send(replay.error(split.path, error))
        if fault and fault.kind == "timeout":
            with replay._lock:
                replay.wachtend.append(threading.current_thread())   # so a test can see it is woken on stop
            if replay._stopping.wait(fault.delay):
                return  # server is shutting down: drop the request
        params = {k: v[-1] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        loop = bool(fault and fault.kind == "loop")
        try:
            answer = replay.answer(split.path, params, self.path, loop)
        except RequestError as error:
            answer = replay.error(split.path, error)
        if fault and fault.kind == "truncate":
            answer.body = answer.body[: len(answer.body) // 2]
        self._send(answer)

    def _send(self, answer: Answer) -> None:
        try:
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            for key, value in answer.headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(answer.body)
        except (ConnectionError, OSError):
            pass  # the client gave up (e.g. its timeout fired)


class ReplayBase:
    """Threaded local HTTP server on 127.0.0.1 (free port) with fault injection; a context manager.

    Subclasses implement :meth:`answer` (and may override :meth:`error`). ``requests`` lists the
    URL-decoded path+query of every request, in order; ``url`` is ``http://127.0.0.1:<port>``.

    Example::

        class Echo(ReplayBase):
            def answer(self, path, params, raw_path, loop):
                return Answer(200, "application/json", json.dumps(params).encode())

        with Echo() as srv:
            requests.get(srv.url + "/x?a=1").json()   # {"a": "1"}
    """

    def __init__(self, page_size: int = 1000) -> None:
        self.page_size = page_size
        self.requests: list[str] = []
        self._faults: list[list] = []  # [fault, uses left or None]
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        #: handler threads that slept in a ``timeout`` fault (stopping the server wakes them)
        self.wachtend: list[threading.Thread] = []
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._port = 0

    # to implement ---------------------------------------------------------------
    def answer(self, path: str, params: dict[str, str], raw_path: str, loop: bool) -> Answer:
        """The answer to GET ``path`` with query ``params`` (last value per name); raise RequestError."""
        raise RequestError(404, f"Nothing is replayed at {path}")

    def error(self, path: str, error: RequestError) -> Answer:
        """The answer for an error (also for an injected ``status`` fault); plain JSON by default."""
        body = json.dumps({"status": error.status, "detail": error.message}).encode()
        return Answer(error.status, "application/json", body)

    # lifecycle ------------------------------------------------------------------
    def start(self) -> ReplayBase:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.replay = self
        self._port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=type(self).__name__, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in a timeout fault
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join(timeout=5)
            self._httpd = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def host(self) -> str:
        """``127.0.0.1:<port>`` (still known after :meth:`stop`)."""
        return f"127.0.0.1:{self._port}"

    @property
    def url(self) -> str:
        return f"http://{self.host}"

    # faults ---------------------------------------------------------------------
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


class _ProxyHandler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        proxy: RecordingProxy = self.server.proxy
        with proxy._lock:
            proxy.seen.append(f"GET {self.path}")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never chain proxies
        try:
            with opener.open(urllib.request.Request(self.path), timeout=30) as upstream:
                status, body, ctype = upstream.status, upstream.read(), upstream.headers.get("Content-Type", "")
                extra = {k: v for k, v in upstream.headers.items() if k.lower() == "content-crs"}
        except urllib.error.HTTPError as exc:
            status, body, ctype, extra = exc.code, exc.read(), exc.headers.get("Content-Type", ""), {}
        except (urllib.error.URLError, OSError) as exc:
            status, body, ctype, extra = 502, str(exc).encode(), "text/plain", {}
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in extra.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_CONNECT(self) -> None:
        proxy: RecordingProxy = self.server.proxy
        with proxy._lock:
            proxy.seen.append(f"CONNECT {self.path}")
        # No TLS tunnelling here: refusing is enough to prove the client came to the proxy.
        self.send_response(502, "tunnelling not replayed")
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.close_connection = True


class RecordingProxy:
    """A forward HTTP proxy on 127.0.0.1 that records every request; a context manager.

    ``seen`` holds ``"GET http://host:port/path?query"`` for plain-HTTP requests (forwarded
    to their target, so the client gets the real answer) and ``"CONNECT host:port"`` for HTTPS
    (refused with 502: it proves the client used the proxy without needing certificates).
    """

    def __init__(self) -> None:
        self.seen: list[str] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    def __enter__(self) -> RecordingProxy:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _ProxyHandler)
        self._httpd.daemon_threads = True
        self._httpd.proxy = self
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                         name="RecordingProxy", daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on (for 'no connection' tests)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# =========================================================================== CBS data
def _stem(key: str) -> str:
    """CBS key without its ``_NN`` position suffix: ``AantalInwoners_5`` -> ``AantalInwoners``."""
    return re.sub(r"_\d+$", "", key)


def _load_fixture(name: str) -> list[dict]:
    return json.loads((FIXTURES / "85984NED_2024" / f"{name}.json").read_text(encoding="utf-8"))


@functools.cache
def _regions_2024() -> pd.DataFrame:
    """NL00 + the regions of gebieden_2024.csv with their gemeente name."""
    regions = pd.read_csv(FIXTURES / "gebieden_2024.csv", dtype=str, keep_default_na=False)
    names = _gemeente_names()
    regions["gemeentenaam"] = regions["gemeente"].map(names)
    land = pd.DataFrame([{"code": "NL00", "naam": "Nederland", "niveau": "land", "wijk": "",
                          "gemeente": "", "indelingswijziging": ".", "gemeentenaam": "Nederland"}])
    return pd.concat([land, regions], ignore_index=True)


@functools.cache
def _gemeente_names() -> dict[str, str]:
    table = pd.read_csv(FIXTURES / "gemeenten_2024.csv", dtype=str)
    return dict(zip(table["code"], table["naam"], strict=True))


@functools.cache
def _kerncijfers_2024() -> dict[tuple[str, str], float | None]:
    """(code, variabele) -> value for jaar 2024 (NaN becomes None)."""
    table = pd.read_csv(FIXTURES / "kerncijfers_2024.csv", dtype={"code": str})
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




# =========================================================================== police (dataderden)
POLICE_TABLES = ("47018NED",)
"""Police tables served (the third-party catalogue's 47018NED, yearly)."""


@functools.cache
def police_table(table_id: str) -> dict[str, list[dict]]:
    """47018NED "Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers".

    Shape RECONSTRUCTED from public client code of the police tables on dataderden.cbs.nl (the
    raw tables were not obtainable): dimensions ``SoortMisdrijf`` (key ``0.0.0`` = "Misdrijven,
    totaal"), a region dimension (``RegioS`` for 47018NED in one public note, ``WijkenEnBuurten``
    for 47022NED in another — clients must read it from DataProperties), ``Perioden`` with yearly
    keys ``<jaar>JJ00``, and the topic ``GeregistreerdeMisdrijven_1``. Only the total over all kinds
    of crime is served. The figures are REAL: registered crimes per gemeente, wijk and buurt of
    Voorschoten and Assen for 2021–2024, the police's figures (CBS 47022NED) summed per calendar
    year as republished by woonikveilig (``tests/fixtures/cbs_odata/kerncijfers_2024.csv``).
    """
    if table_id not in POLICE_TABLES:
        raise KeyError(table_id)
    table = pd.read_csv(FIXTURES / "kerncijfers_2024.csv", dtype={"code": str})
    table = table[table["variabele"] == "GeregistreerdeMisdrijven"]
    properties = [
        {"odata.type": "Cbs.OData.Dimension", "ID": 0, "Position": 0, "ParentID": None, "Type": "Dimension",
         "Key": "SoortMisdrijf", "Title": "Soort misdrijf", "Description": ""},
        {"odata.type": "Cbs.OData.GeoDimension", "ID": 1, "Position": 1, "ParentID": None,
         "Type": "GeoDimension", "Key": "RegioS", "Title": "Regio's", "Description": ""},
        {"odata.type": "Cbs.OData.TimeDimension", "ID": 2, "Position": 2, "ParentID": None,
         "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden", "Description": ""},
        {"odata.type": "Cbs.OData.Topic", "ID": 3, "Position": 3, "ParentID": None, "Type": "Topic",
         "Key": "GeregistreerdeMisdrijven_1", "Title": "Geregistreerde misdrijven", "Description": "",
         "Datatype": "Long", "Unit": "aantal", "Decimals": 0, "Default": "Missing",
         "PresentationType": "Absolute"}]
    rows = [{"ID": i, "SoortMisdrijf": "0.0.0", "RegioS": code.ljust(10), "Perioden": f"{int(jaar)}JJ00",
             "GeregistreerdeMisdrijven_1": None if pd.isna(w) else int(w)}
            for i, (code, jaar, w) in enumerate(zip(table["code"], table["jaar"], table["waarde"], strict=True))]
    years = sorted({int(j) for j in table["jaar"]})
    title = "Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers"
    return {"TableInfos": [{"ID": 0, "Title": title, "ShortTitle": title, "Identifier": table_id,
                            "Catalog": "Politie", "Language": "nl"}],
            "DataProperties": properties, "TypedDataSet": rows,
            "SoortMisdrijf": [{"Key": "0.0.0", "Title": "Misdrijven, totaal", "Description": ""}],
            "RegioS": [{"Key": c.ljust(10), "Title": c, "Description": ""} for c in sorted(set(table["code"]))],
            "Perioden": [{"Key": f"{y}JJ00", "Title": str(y), "Description": "", "Status": "Definitief"}
                         for y in years]}


# =========================================================================== PDOK data
@dataclass(frozen=True)
class WfsService:
    """One replayed WFS endpoint: its vintage, layers (type name -> level) and the evidence."""

    year: int
    layers: dict[str, str]
    evidence: str


def _wfs_services() -> dict[str, WfsService]:
    """Request path -> replayed WFS, per vintage.

    * 2012–2019 (not 2016) on the old host's path ``/wijkenbuurten<jaar>/wfs`` with layers
      ``wijkenbuurten<jaar>:cbs_buurten_<jaar>``, ``…:cbs_wijken_<jaar>``, ``…:gemeenten<jaar>``
      [Amsterdam/GOB-Import (2018 URL and layer), HanOostdijk/HOQCwfs tests, FORMATS.md §4].
      2016 is absent: a public 2016 request was answered 404 [SERVICES.md].
    * 2020 and 2021 on ``/cbs/wijkenbuurten/<jaar>/wfs/v2_0`` [rduivenvoorde/pdokservicesplugin
      issue 98: 2020 on v2_0, 2021 moved to v2_0]; layer names ``wijkenbuurten:cbs_buurten_<jaar>``
      as public code shows for 2021 on service.pdok.nl (``cbs_buurten_2021``, ``cbs_wijken_2021``;
      the gemeente layer is ``gemeenten2021`` in the 2021 kaart). ASSUMED for 2020 by analogy.
    * 2022–2024 on ``/cbs/wijkenbuurten/<jaar>/wfs/v1_0`` with ``wijkenbuurten:buurten|wijken|gemeenten``
      [gwmod/nlmod, stdekker/open-data-maps].
    """
    out: dict[str, WfsService] = {}
    old = ("old host; Amsterdam/GOB-Import wijkenbuurten2018:cbs_buurten_2018, HOQCwfs tests, "
           "FORMATS.md section 4")
    for year in range(2012, 2020):
        if year == 2016:
            continue
        prefix = f"wijkenbuurten{year}:"
        out[f"/wijkenbuurten{year}/wfs"] = WfsService(year, {
            f"{prefix}cbs_buurten_{year}": "buurt", f"{prefix}cbs_wijken_{year}": "wijk",
            f"{prefix}gemeenten{year}": "gemeente"}, old)
    for year in (2020, 2021):
        out[f"/cbs/wijkenbuurten/{year}/wfs/v2_0"] = WfsService(year, {
            f"wijkenbuurten:cbs_buurten_{year}": "buurt", f"wijkenbuurten:cbs_wijken_{year}": "wijk",
            f"wijkenbuurten:gemeenten{year}": "gemeente"}, "pdokservicesplugin issue 98; public 2021 code")
    for year in (2022, 2023, 2024):
        out[f"/cbs/wijkenbuurten/{year}/wfs/v1_0"] = WfsService(year, {
            "wijkenbuurten:buurten": "buurt", "wijkenbuurten:wijken": "wijk",
            "wijkenbuurten:gemeenten": "gemeente"}, "gwmod/nlmod; stdekker/open-data-maps")
    return out


WFS_SERVICES = _wfs_services()
OGC_YEARS = (2023, 2024, 2025)
"""Vintages with an OGC API Features service (SERVICES.md), at ``/cbs/wijken-en-buurten-<jaar>/ogc/v1``."""
OGC_COLLECTIONS = {"buurten": "buurt", "wijken": "wijk", "gemeenten": "gemeente"}


@functools.cache
def _geometries(level: str) -> gpd.GeoDataFrame:
    """One layer of the fixture GeoPackage (EPSG:28992), sorted by code; cached per process."""
    frame = gpd.read_file(PDOK_FIXTURES / "gebieden_voorschoten_assen.gpkg", layer=level)
    return frame.sort_values("code", kind="stable").reset_index(drop=True)


@functools.cache
def _inhabitants(year: int) -> dict[str, int]:
    """code -> AantalInwoners known for ``year`` (buurt/wijk only for 2024)."""
    table = pd.read_csv(FIXTURES / "kerncijfers_gemeente_2012_2024.csv", dtype={"code": str})
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


def _water_twins(frame: gpd.GeoDataFrame, level: str) -> list[tuple[dict, Any]]:
    """SYNTHETIC water features: per gemeente, one for the first area of ``level`` (same code)."""
    twins = []
    first = frame.assign(gm=frame["code"] if level == "gemeente" else frame["gemeente"]).drop_duplicates("gm")
    for record, geometry in zip(first.to_dict("records"), first.geometry, strict=True):
        minx, miny, maxx, _ = geometry.bounds
        twins.append((record, box(maxx + 50, miny, maxx + 250, miny + 200)))
    return twins


@functools.cache
def pdok_features(year: int, level: str, style: str) -> tuple[tuple[dict, Any], ...]:
    """(properties, RD geometry) of every feature of one level, land and water, in the vintage's layout.

    ``style`` is ``"wfs"`` (camelCase attributes such as ``aantalInwoners``; ``-99999999`` for a
    missing figure up to 2021, null later) or ``"ogc"`` (snake_case, ``jaar``, nulls).
    """
    frame, names, people = _geometries(level), _gemeente_names(), _inhabitants(year)
    land = list(zip(frame.to_dict("records"), frame.geometry, strict=True))
    features = []
    for water, items in (("NEE", land), ("JA", _water_twins(frame, level))):
        for record, geometry in items:
            code = record["code"]
            gemeente = record.get("gemeente") or code
            props: dict[str, Any] = {"jaar": year} if style == "ogc" else {}
            if level == "buurt":
                props.update(buurtcode=code, buurtnaam=record["naam"])
                if style == "wfs":
                    props["wijkcode"] = record.get("wijk")
            elif level == "wijk":
                props.update(wijkcode=code, wijknaam=record["naam"])
            props.update(gemeentecode=gemeente, gemeentenaam=names.get(gemeente), water=water)
            value = people.get(code) if water == "NEE" else 0
            if style == "ogc":
                props["aantal_inwoners"] = value
            else:
                props["aantalInwoners"] = value if value is not None else (OLD_MISSING if year <= 2021 else None)
            features.append((props, geometry))
    return tuple(features)


@functools.cache
def _lonlat(year: int, level: str) -> tuple[Any, ...]:
    """CRS84 geometries of :func:`pdok_features` (``ogc`` style), in the same order."""
    geoms = gpd.GeoSeries([g for _, g in pdok_features(year, level, "ogc")], crs="EPSG:28992")
    return tuple(geoms.to_crs("OGC:CRS84"))


def _geojson_geometry(geometry: Any, digits: int) -> dict:
    shape_ = geometry.__geo_interface__
    coords = _round_coordinates(shape_["coordinates"]) if digits == 3 else json.loads(
        json.dumps(shape_["coordinates"]), parse_float=lambda x: round(float(x), 7))
    return {"type": shape_["type"], "coordinates": coords}


def wfs_layers(year: int) -> dict[str, str]:
    """Layer name -> level of the replayed WFS of ``year`` ({} when none is replayed)."""
    return next((s.layers for s in WFS_SERVICES.values() if s.year == year), {})


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
            field_, literal = parts.get("ValueReference", parts.get("PropertyName")), parts.get("Literal")
            if field_ not in fields or literal is None:
                raise RequestError(400, f"Unknown property or missing literal: {field_!r}", locator="filter")
            return lambda p: p.get(field_) is not None and str(p[field_]) == literal
        raise RequestError(400, f"Unsupported filter element {name!r}", locator="filter")

    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError as error:
        raise RequestError(400, f"Invalid FILTER XML: {error}", locator="filter") from None
    return build(root)


def _capabilities(service: WfsService) -> bytes:
    """A WFS 2.0 GetCapabilities document listing the vintage's feature types."""
    types = "".join(
        f"<wfs:FeatureType><wfs:Name>{name}</wfs:Name><wfs:Title>{name.split(':')[-1]}</wfs:Title>"
        "<wfs:DefaultCRS>urn:ogc:def:crs:EPSG::28992</wfs:DefaultCRS></wfs:FeatureType>"
        for name in service.layers)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<wfs:WFS_Capabilities version="2.0.0" '
            'xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:ows="http://www.opengis.net/ows/1.1">'
            f"<ows:ServiceIdentification><ows:Title>CBS Wijken en Buurten {service.year}</ows:Title>"
            "<ows:ServiceType>WFS</ows:ServiceType><ows:ServiceTypeVersion>2.0.0</ows:ServiceTypeVersion>"
            f"</ows:ServiceIdentification><wfs:FeatureTypeList>{types}</wfs:FeatureTypeList>"
            "</wfs:WFS_Capabilities>\n").encode()


# =========================================================================== the server
CBS_JSON = "application/json;odata=minimalmetadata;charset=utf-8"


class ReplayServer(ReplayBase):
    """CBS OData v3 (+ catalogue) and PDOK (WFS, OGC API Features) on one local port.

    ``page_size`` is the number of rows per OData page and the maximum features per WFS/OGC page.
    """

    TABLES = TABLES

    def __init__(self, page_size: int = 1000, ogc_rd: bool = True) -> None:
        super().__init__(page_size)
        #: Whether the OGC API offers RD (``crs=`` EPSG:28992); False answers 400 to ``crs``, as a
        #: server offering only the OGC API Features core (CRS84) would.
        self.ogc_rd = ogc_rd

    @property
    def cbs_host(self) -> str:
        return self.host

    # dispatch ---------------------------------------------------------------------
    def _kind(self, path: str) -> str:
        if re.match(r"/(ODataFeed|ODataApi|ODataCatalog)/", path, re.IGNORECASE):
            return "cbs"
        if path.startswith("/cbs/wijken-en-buurten-"):
            return "ogc"
        return "wfs"

    def answer(self, path: str, params: dict[str, str], raw_path: str, loop: bool) -> Answer:
        kind = self._kind(path)
        if kind == "cbs":
            if path.startswith("/ODataCatalog/"):
                return Answer(200, CBS_JSON, self._answer_catalog(path, params))
            return Answer(200, CBS_JSON, self._answer_cbs(path, params, raw_path, loop))
        if kind == "ogc":
            return self._answer_ogc(path, params, raw_path, loop)
        return self._answer_wfs(path, params, loop)

    def error(self, path: str, error: RequestError) -> Answer:
        kind = self._kind(path)
        if kind == "cbs":
            payload = {"odata.error": {"code": "", "message": {"lang": "en-US", "value": error.message}}}
            return Answer(error.status, "application/json;charset=utf-8", json.dumps(payload).encode())
        if kind == "ogc":
            payload = {"type": f"https://httpstatuses.io/{error.status}", "title": error.message,
                       "status": error.status}
            return Answer(error.status, "application/problem+json", json.dumps(payload).encode())
        text = error.message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<ows:ExceptionReport xmlns:ows='
               '"http://www.opengis.net/ows/1.1" version="2.0.0" xml:lang="en-US">\n'
               f'  <ows:Exception exceptionCode="{error.code}" locator="{error.locator}">\n'
               f"    <ows:ExceptionText>{text}</ows:ExceptionText>\n  </ows:Exception>\n"
               "</ows:ExceptionReport>\n")
        return Answer(error.status, "text/xml; charset=utf-8", xml.encode())

    # CBS --------------------------------------------------------------------------
    def _answer_catalog(self, path: str, params: dict[str, str]) -> bytes:
        if path.rstrip("/") != "/ODataCatalog/Tables":
            raise RequestError(404, f"Resource not found for the segment '{path}'.")
        recorded = _load_fixture("TableInfos")[0]
        rows = []
        for number, (year, table_id) in enumerate(sorted(CATALOG_KWB.items())):
            title = f"Kerncijfers wijken en buurten {year}"
            row = {"ID": number, "Title": title, "ShortTitle": title, "Identifier": table_id,
                   "Period": str(year), "Catalog": "CBS", "Language": "nl",
                   "Modified": recorded["Modified"] if table_id == recorded["Identifier"] else None}
            rows.append(row)
        fields = {key for row in rows for key in row}
        if params.get("$filter"):
            predicate = FilterParser(params["$filter"], fields).parse()
            rows = [row for row in rows if predicate(row)]
        if params.get("$select"):
            keep = {s.strip() for s in params["$select"].split(",")}
            unknown = keep - fields
            if unknown:
                raise RequestError(400, f"Could not find a property named '{sorted(unknown)[0]}'.")
            rows = [{k: v for k, v in row.items() if k in keep} for row in rows]
        base = f"{self.url}/ODataCatalog"
        return json.dumps({"odata.metadata": f"{base}/$metadata#Tables", "value": rows}).encode()

    def _answer_cbs(self, path: str, params: dict[str, str], raw_path: str, loop: bool) -> bytes:
        match = re.fullmatch(r"/(ODataFeed|ODataApi)/odata/([^/]+)/?([^/]*)", path, re.IGNORECASE)
        if not match:
            raise RequestError(404, f"Resource not found for the segment '{path}'.")
        api, table_id, entity_set = match.groups()
        if table_id not in TABLES and table_id not in POLICE_TABLES:
            raise RequestError(404, f"Resource not found for the segment '{table_id}'.")
        base = f"{self.url}/{api}/odata/{table_id}"
        sets = cbs_table(table_id) if table_id in TABLES else police_table(table_id)
        if not entity_set:
            listing = [{"name": name, "url": f"{base}/{name}"} for name in sets]
            return json.dumps({"odata.metadata": f"{base}/$metadata", "value": listing}).encode()
        if entity_set not in sets:
            raise RequestError(404, f"Resource not found for the segment '{entity_set}'.")
        rows = sets[entity_set]
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

    # PDOK WFS -----------------------------------------------------------------------
    def _answer_wfs(self, path: str, params: dict[str, str], loop: bool) -> Answer:
        params = {k.lower(): v for k, v in params.items()}
        service = WFS_SERVICES.get(path)
        if service is None:
            raise RequestError(404, f"No service at {path}", "NoApplicableCode")
        request = params.get("request", "").lower()
        if request == "getcapabilities":
            return Answer(200, "text/xml; charset=utf-8", _capabilities(service))
        if request != "getfeature":
            raise RequestError(400, "Only GetCapabilities and GetFeature are replayed", "OperationNotSupported",
                               "request")
        layer = params.get("typenames") or params.get("typename", "")
        if layer not in service.layers:
            raise RequestError(400, f"Feature type '{layer}' unknown for {service.year}", locator="typeNames")
        output = params.get("outputformat", "application/json").lower()
        if "json" not in output:
            raise RequestError(400, f"Output format '{output}' not replayed", locator="outputFormat")
        srs = params.get("srsname", "EPSG:28992")
        if not srs.endswith("28992"):
            raise RequestError(400, f"Only EPSG:28992 is replayed, not '{srs}'", locator="srsName")
        features = pdok_features(service.year, service.layers[layer], "wfs")
        local = layer.split(":")[-1]
        numbered = [(f"{local}.{i}", props, geom) for i, (props, geom) in enumerate(features, 1)]
        if params.get("filter"):
            fields = {key for props, _ in features for key in props}
            predicate = _fes_predicate(params["filter"], fields)
            numbered = [f for f in numbered if predicate(f[1])]
        try:
            count = min(int(params.get("count") or params.get("maxfeatures") or self.page_size), self.page_size)
            start = 0 if loop else int(params.get("startindex") or 0)
        except ValueError:
            raise RequestError(400, "count and startIndex must be integers", locator="count") from None
        page = [{"type": "Feature", "id": fid, "geometry": _geojson_geometry(geom, 3), "properties": props}
                for fid, props, geom in numbered[start:start + count]]
        answer = {"type": "FeatureCollection", "name": local,
                  "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
                  "numberMatched": len(numbered), "numberReturned": len(page), "features": page}
        return Answer(200, "application/json; subtype=geojson; charset=utf-8", json.dumps(answer).encode())

    # PDOK OGC API Features -------------------------------------------------------------
    def _answer_ogc(self, path: str, params: dict[str, str], raw_path: str, loop: bool) -> Answer:
        match = re.fullmatch(r"/cbs/wijken-en-buurten-(\d{4})/ogc/(v\d+)(/.*)?", path)
        if not match or int(match.group(1)) not in OGC_YEARS or match.group(2) != "v1":
            raise RequestError(404, f"Not found: {path}")
        year, rest = int(match.group(1)), (match.group(3) or "").rstrip("/")
        base = f"{self.url}/cbs/wijken-en-buurten-{year}/ogc/v1"
        if params.get("f", "json") not in ("json", "html"):
            raise RequestError(400, f"Unsupported format f={params['f']}")
        if rest == "":
            landing = {"title": f"CBS Wijken en Buurten {year}", "links": [
                {"rel": "self", "type": "application/json", "href": f"{base}?f=json"},
                {"rel": "data", "type": "application/json", "href": f"{base}/collections?f=json"},
                {"rel": "conformance", "type": "application/json", "href": f"{base}/conformance?f=json"}]}
            return Answer(200, "application/json", json.dumps(landing).encode())
        if rest == "/collections":
            cols = [self._collection(base, cid) for cid in OGC_COLLECTIONS]
            body = {"links": [{"rel": "self", "type": "application/json", "href": f"{base}/collections?f=json"}],
                    "collections": cols}
            return Answer(200, "application/json", json.dumps(body).encode())
        m = re.fullmatch(r"/collections/([^/]+)(/items)?", rest)
        if not m or m.group(1) not in OGC_COLLECTIONS:
            raise RequestError(404, f"Collection not found: {rest}")
        cid = m.group(1)
        if not m.group(2):
            return Answer(200, "application/json", json.dumps(self._collection(base, cid)).encode())
        return self._ogc_items(year, base, cid, params, raw_path, loop)

    @staticmethod
    def _collection(base: str, cid: str) -> dict:
        return {"id": cid, "title": cid.capitalize(), "crs": [CRS84_URI, RD_URI], "storageCrs": RD_URI,
                "links": [{"rel": "items", "type": "application/geo+json",
                           "href": f"{base}/collections/{cid}/items?f=json"}]}

    def _ogc_items(self, year: int, base: str, cid: str, params: dict[str, str], raw_path: str,
                   loop: bool) -> Answer:
        level = OGC_COLLECTIONS[cid]
        features = pdok_features(year, level, "ogc")
        queryables = {key for props, _ in features for key in props}
        unknown = set(params) - {"f", "limit", "cursor", "crs"} - queryables
        if unknown:
            raise RequestError(400, f"Unknown query parameter(s): {', '.join(sorted(unknown))}")
        crs = params.get("crs", CRS84_URI)
        if crs not in ((CRS84_URI, RD_URI) if self.ogc_rd else (CRS84_URI,)):
            raise RequestError(400, f"Unsupported crs {crs}")
        try:
            limit = min(int(params.get("limit") or 10), self.page_size)
            start = int(base64.urlsafe_b64decode(params["cursor"].encode()).decode()) if params.get("cursor") else 0
        except (ValueError, UnicodeDecodeError):
            raise RequestError(400, "Invalid limit or cursor") from None
        geoms = [g for _, g in features] if crs == RD_URI else list(_lonlat(year, level))
        rows = [(i, props, geom) for i, ((props, _), geom) in enumerate(zip(features, geoms, strict=True), 1)
                if all(str(props.get(k)) == v for k, v in params.items() if k in queryables)]
        page = rows[start:start + limit]
        digits = 3 if crs == RD_URI else 7
        items = [{"type": "Feature", "id": i, "geometry": _geojson_geometry(g, digits), "properties": p}
                 for i, p, g in page]
        links = [{"rel": "self", "type": "application/geo+json", "href": self.url + raw_path}]
        if loop:
            nxt = self.url + raw_path
        elif start + limit < len(rows):
            query = {k: v for k, v in params.items() if k != "cursor"}
            query["cursor"] = base64.urlsafe_b64encode(str(start + limit).encode()).decode()
            nxt = f"{base}/collections/{cid}/items?{urlencode(query)}"
        else:
            nxt = None
        if nxt:
            # an HTML alternate first, as APIs offering several formats do: clients must pick by type
            links.append({"rel": "next", "type": "text/html", "href": nxt.replace("f=json", "f=html")})
            links.append({"rel": "next", "type": "application/geo+json", "href": nxt})
        body = {"type": "FeatureCollection", "timeStamp": "2026-11-30T00:00:00Z", "links": links,
                "numberReturned": len(items), "features": items}
        if params.get("f") == "html":
            return Answer(200, "text/html; charset=utf-8", b"<html><body>items</body></html>")
        return Answer(200, "application/geo+json", json.dumps(body).encode(),
                      {"Content-Crs": f"<{crs}>"})
