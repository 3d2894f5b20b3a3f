"""A local HTTP server that replays the PDOK Locatieserver ``free`` search, with injectable faults.

The answers have the real shape of ``api.pdok.nl/bzk/locatieserver/search/v3_1/free``
(``{"response": {"numFound", "start", "maxScore", "numFoundExact", "docs": [...]}}`` with
``centroide_rd``/``centroide_ll`` as WKT points, ``weergavenaam``, ``buurtcode``, ``wijkcode``,
``gemeentecode``, ``score``). DERIVED: the addresses are those of the real Assen Signalen meldingen
in ``wijkscan/data/meldingen/assen_signalen_all_meldingen.json.gz``; an address's point is the point of the
first melding at that address (not the BAG position), its buurt/wijk come from point-in-polygon in
``wijkscan/data/gebieden.gpkg``.

RECORDED (see ``tests/fixtures/recorded/PROVENANCE.md``): for the addresses in :data:`OPNAMEN` the
replay sends, byte for byte, a real Locatieserver ``free`` answer found in a public repository
(Evert van de Beekstraat 202, 1118CP Schiphol, Haarlemmermeer — with ``buurtcode``/``wijkcode``;
Bolstraat 1, 3581WS Utrecht — without them), and an address it does not know gets the recorded
empty answer (``{"response":{"numFound":0,"start":0,"maxScore":0,"docs":[]}}``). These were recorded
on the older ``v3`` path (``geodata.nationaalgeoregister.nl/locatieserver/v3/free``), which lacks the
``numFoundExact`` that ``v3_1`` adds; they are served as recorded, whatever ``fl`` asks (the
recordings were made without ``fl``), so the loader meets the full real document.

Usage::

    with LocatieserverReplay() as srv:
        settings.locatieserver_url = srv.url
        srv.add_fault(Fault(match="free", kind="status", status=503, times=1))
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import geopandas as gpd

from tests.replay_server import Answer, ReplayBase, RequestError
from wijkscan.sources.embedded import data_dir

DATA = data_dir()   # the package's embedded real snapshot
PAD = "/bzk/locatieserver/search/v3_1/free"
OPGENOMEN = Path(__file__).resolve().parent / "fixtures" / "recorded"
OPNAMEN: dict[str, tuple[str, str]] = {
    # normalised "straat huisnummer" or "postcode huisnummer" -> (recorded answer, its gemeentecode)
    "evert van de beekstraat 202": ("locatieserver_free_adres_1118CP_202.json", "0394"),
    "1118cp 202": ("locatieserver_free_adres_1118CP_202.json", "0394"),
    "bolstraat 1": ("locatieserver_free_adres_bolstraat_1_utrecht.json", "0344"),
    "3581ws 1": ("locatieserver_free_adres_bolstraat_1_utrecht.json", "0344"),
}
"""Addresses answered with a recorded real Locatieserver answer (tests/fixtures/recorded)."""
GEEN_TREFFER = "locatieserver_free_geen_treffer.json"
"""The recorded real answer when nothing is found."""


def opname(naam: str) -> bytes:
    """The bytes of a recorded Locatieserver answer, as recorded."""
    return (OPGENOMEN / naam).read_bytes()


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


class LocatieserverReplay(ReplayBase):
    """Local Locatieserver on 127.0.0.1 (:class:`tests.replay_server.ReplayBase`: request log, faults)."""

    def __init__(self) -> None:
        super().__init__()
        self.docs = adresindex()

    def error(self, path: str, error: RequestError) -> Answer:
        return Answer(error.status, "application/json; charset=utf-8",
                      json.dumps({"message": error.message}).encode())

    def answer(self, path: str, params: dict[str, str], raw_path: str, loop: bool) -> Answer:
        if path != PAD:
            raise RequestError(404, "not found")
        alle = parse_qs(urlsplit(raw_path).query)     # fq may occur more than once
        q = (alle.get("q") or [""])[0]
        fq = alle.get("fq") or []
        sleutel = _sleutel(q.split(",")[0])

        def andere_gemeente(code: str) -> bool:
            return any(f.startswith("gemeentecode:") and f.split(":", 1)[1] != code for f in fq)

        if sleutel in OPNAMEN:                               # a recorded real answer, sent as recorded
            naam, code = OPNAMEN[sleutel]
            body = opname(GEEN_TREFFER if andere_gemeente(code) else naam)
            return Answer(200, "application/json; charset=utf-8", body)
        doc = self.docs.get(sleutel)
        if not doc or andere_gemeente(doc["gemeentecode"]):
            return Answer(200, "application/json; charset=utf-8", opname(GEEN_TREFFER))
        # DERIVED (Assen): a reconstructed document in the v3_1 shape, filtered by fl like the service
        velden = (alle.get("fl") or [""])[0].split(",")
        docs = [{k: v for k, v in {**doc, "score": 14.2}.items() if not velden[0] or k in velden}]
        body = json.dumps({"response": {"numFound": 1, "start": 0, "maxScore": 14.2,
                                        "numFoundExact": True, "docs": docs}}).encode()
        return Answer(200, "application/json; charset=utf-8", body)
