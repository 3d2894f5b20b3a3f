"""A local HTTP server that replays the PDOK Locatieserver ``free`` search, with injectable faults.

The answers have the real shape of ``api.pdok.nl/bzk/locatieserver/search/v3_1/free``
(``{"response": {"numFound", "start", "maxScore", "numFoundExact", "docs": [...]}}`` with
``centroide_rd``/``centroide_ll`` as WKT points, ``weergavenaam``, ``buurtcode``, ``wijkcode``,
``gemeentecode``, ``score``). DERIVED: the addresses are those of the real Assen Signalen meldingen
in ``wijkscan/data/meldingen/assen_signalen_all_meldingen.json.gz``; an address's point is the point of the
first melding at that address (not the BAG position), its buurt/wijk come from point-in-polygon in
``wijkscan/data/gebieden.gpkg``. Unknown addresses get ``numFound: 0``.

Usage::

    with LocatieserverReplay() as srv:
        settings.locatieserver_url = srv.url
        srv.add_fault(Fault(match="free", kind="status", status=503, times=1))
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlsplit

import geopandas as gpd

from tests.replay_server import Fault
from wijkscan.sources.embedded import data_dir

DATA = data_dir()   # the package's embedded real snapshot
PAD = "/bzk/locatieserver/search/v3_1/free"


def _sleutel(tekst: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", tekst.lower()).strip()


def adresindex() -> dict[str, dict]:
    """Normalised "straat huisnummer" → a Locatieserver doc, from the real Assen meldingen."""
    alle = json.loads(gzip.decompress((DATA / "meldingen" / "assen_signalen_all_meldingen.json.gz").read_bytes()))
    eerste: dict[str, dict] = {}
    for r in alle:
        a = r.get("address")
        if a and r.get("lat") and _sleutel(a) not in eerste:
            eerste[_sleutel(a)] = r
    pts = gpd.GeoDataFrame({"adres": list(eerste)}, crs=4326, geometry=gpd.points_from_xy(
        [r["lng"] for r in eerste.values()], [r["lat"] for r in eerste.values()]))
    rd = pts.to_crs(28992)
    buurten = gpd.read_file(DATA / "gebieden.gpkg", layer="buurt").to_crs(28992)
    wijken = gpd.read_file(DATA / "gebieden.gpkg", layer="wijk").to_crs(28992)
    docs: dict[str, dict] = {}
    bj = gpd.sjoin(rd, buurten[["code", "geometry"]], how="left", predicate="within").drop_duplicates("adres")
    wj = gpd.sjoin(rd, wijken[["code", "geometry"]], how="left", predicate="within").drop_duplicates("adres")
    for (k, r), p, w, b, ll in zip(eerste.items(), rd.geometry, wj["code"], bj["code"], pts.geometry, strict=True):
        straat, _, nummer = r["address"].rpartition(" ")
        docs[k] = {
            "type": "adres", "bron": "BAG", "weergavenaam": f"{r['address']}, Assen",
            "straatnaam": straat, "huisnummer": nummer, "woonplaatsnaam": "Assen", "gemeentenaam": "Assen",
            "gemeentecode": "0106", "provincienaam": "Drenthe",
            "buurtcode": b if isinstance(b, str) else None, "wijkcode": w if isinstance(w, str) else None,
            "centroide_rd": f"POINT({p.x:.3f} {p.y:.3f})", "centroide_ll": f"POINT({ll.x:.8f} {ll.y:.8f})",
            "id": f"adr-{abs(hash(k)) % 10**12:012d}",
        }
    return docs


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        srv: LocatieserverReplay = self.server.replay
        split = urlsplit(self.path)
        fault = srv._register(split.path + "?" + unquote_plus(split.query))
        if fault and fault.kind == "status":
            return self._send(fault.status, b'{"message": "injected fault"}')
        if fault and fault.kind == "timeout" and srv._stopping.wait(fault.delay):
            return
        if split.path != PAD:
            return self._send(404, b'{"message": "not found"}')
        params = parse_qs(split.query)
        q = (params.get("q") or [""])[0]
        fq = params.get("fq") or []
        kandidaat = _sleutel(q.split(",")[0])
        doc = srv.docs.get(kandidaat)
        if doc and any(f.startswith("gemeentecode:") and f.split(":", 1)[1] != doc["gemeentecode"] for f in fq):
            doc = None
        velden = (params.get("fl") or [""])[0].split(",")
        docs = [{k: v for k, v in {**doc, "score": 14.2}.items() if not velden[0] or k in velden}] if doc else []
        body = json.dumps({"response": {"numFound": len(docs), "start": 0, "maxScore": 14.2 if docs else 0.0,
                                        "numFoundExact": True, "docs": docs}}).encode()
        if fault and fault.kind == "truncate":
            body = body[: len(body) // 2]
        self._send(200, body)

    def _send(self, status: int, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (ConnectionError, OSError):
            pass


class LocatieserverReplay:
    """Threaded local Locatieserver; ``requests`` lists every request (path?query, decoded)."""

    def __init__(self) -> None:
        self.docs = adresindex()
        self.requests: list[str] = []
        self._faults: list[list] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None

    def __enter__(self) -> LocatieserverReplay:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.replay = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join(timeout=5)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def add_fault(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append([fault, fault.times])

    def _register(self, decoded: str) -> Fault | None:
        with self._lock:
            self.requests.append(decoded)
            for entry in self._faults:
                fault, left = entry
                if fault.match in decoded and (left is None or left > 0):
                    entry[1] = None if left is None else left - 1
                    return fault
        return None
