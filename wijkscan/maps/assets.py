"""JavaScript and CSS for maps that work without any CDN (an intranet, a laptop offline).

A wijkscan map needs Leaflet and, for the meldingen heatmap, the Leaflet.heat plugin. Both are
**pinned** in :data:`PAKKETTEN` (npm version and the sha512 of the npm tarball) and fetched once from
the **npm registry** during set-up (``./run demo`` / ``./run test`` call ``python -m
wijkscan.maps.assets``), into :func:`assets_map` — ``$WIJKSCAN_ASSETS``, or ``npm/`` in the user's
wijkscan cache folder (``$WIJKSCAN_CACHE`` or ``~/.cache/wijkscan``). Nothing is copied into the
repository. :func:`inline` then replaces every CDN link of a page by the file itself, so a saved map
needs nothing but a browser. :func:`wijkscan.maps.clear_cache` does not remove them.

When a file is not there yet and wijkscan is online, it is fetched at save time (and kept); offline
it raises :class:`~wijkscan.errors.GeenVerbinding` saying how to fetch it. A tarball whose sha512
differs from the pinned one (or, for an unpinned package, from what the registry states) is refused.

Known CDN shapes: ``cdn.jsdelivr.net/npm/<pakket>@<versie>/<pad>``, ``unpkg.com/<pakket>@<versie>/<pad>``,
``code.jquery.com/jquery-<versie>.min.js``; folium's own ``leaflet_heat.min.js`` (linked from folium's
``main`` branch) is replaced by the pinned npm ``leaflet.heat``. Anything else raises
:class:`~wijkscan.errors.OngeldigeInvoer` with the URL.

The registry is ``https://registry.npmjs.org``; set ``WIJKSCAN_NPM_REGISTRY`` for a company mirror.

Example
-------
>>> PAKKETTEN["leaflet"][0], PAKKETTEN["leaflet.heat"][0]
('1.9.3', '0.2.0')
>>> bron_van(LEAFLET_HEAT_JS)
('leaflet.heat', '0.2.0', 'dist/leaflet-heat.js')
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import posixpath
import re
import sys
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import requests

from ..errors import GeenVerbinding, OngeldigAntwoord, OngeldigeInvoer, WijkscanFout
from ..settings import _default_cache_dir, settings
from ..sources import npm

__all__ = ["LEAFLET_CSS", "LEAFLET_HEAT_JS", "LEAFLET_JS", "NPM_REGISTRY", "PAKKETTEN", "assets_map", "bron_van",
           "inline", "installeer", "npm_bestand", "npm_pakket", "ontbrekend"]

NPM_REGISTRY = "https://registry.npmjs.org"

#: The npm packages a wijkscan map uses: name -> (version, sha512 of the npm tarball, as npm's ``integrity``).
#: Checked against the registry's own ``dist.integrity`` when fetched (``npm view leaflet@1.9.3 dist.integrity``).
PAKKETTEN: dict[str, tuple[str, str]] = {
    "leaflet": ("1.9.3", "sha512-iB2cR9vAkDOu5l3HAay2obcUHZ7xwUBBjph8+PGtmW/2lYhbLizWtG7nTeYht36WfOslixQF9D/uSIzhZgGMfQ=="),
    "leaflet.heat": ("0.2.0", "sha512-Cd5PbAA/rX3X3XKxfDoUGi9qp78FyhWYurFg3nsfhntcM/MCNK08pRkf4iEenO1KNqwVPKCmkyktjW3UD+h9bQ=="),
}
#: The links a map page carries before :func:`inline` (also what a map saved with ``inline=False`` loads).
LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
LEAFLET_CSS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"
LEAFLET_HEAT_JS = "https://cdn.jsdelivr.net/npm/leaflet.heat@0.2.0/dist/leaflet-heat.js"

_JSDELIVR_NPM = re.compile(r"^https?://cdn\.jsdelivr\.net/npm/((?:@[^/@]+/)?[^/@]+)@([^/]+)/(.+)$")
_UNPKG = re.compile(r"^https?://unpkg\.com/((?:@[^/@]+/)?[^/@]+)@([^/]+)/(.+)$")
_JQUERY = re.compile(r"^https?://code\.jquery\.com/jquery-(\d+\.\d+\.\d+)(\.min)?\.js$")
_FOLIUM = re.compile(r"^https?://cdn\.jsdelivr\.net/gh/python-visualization/folium(?:@[^/]+)?/folium/templates/(.+)$")
_FOLIUM_HEAT = "leaflet_heat.min.js"

_SCRIPT = re.compile(r'<script\s+src="(https?://[^"]+)"\s*>\s*</script>')
_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="(https?://[^"]+)"\s*/?>')
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_SOURCEMAP = re.compile(r"^\s*(//|/\*)# sourceMappingURL=.*$", re.MULTILINE)

_MIME = {".png": "image/png", ".svg": "image/svg+xml", ".gif": "image/gif", ".jpg": "image/jpeg",
         ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".eot": "application/vnd.ms-fontobject"}

OPHALEN = "python -m wijkscan.maps.assets"


def _registry() -> str:
    return (os.environ.get("WIJKSCAN_NPM_REGISTRY") or getattr(settings, "npm_url", None) or NPM_REGISTRY).rstrip("/")


def assets_map() -> Path:
    """Folder of the fetched npm tarballs: ``$WIJKSCAN_ASSETS``, else ``npm/`` in the user's wijkscan cache.

    Example
    -------
    >>> import os
    >>> assets_map() == Path(os.environ["WIJKSCAN_ASSETS"])      # the doctests get an empty folder of their own
    True
    """
    env = os.environ.get("WIJKSCAN_ASSETS")
    return Path(env) if env else _default_cache_dir() / "npm"


def bron_van(url: str) -> tuple[str, str, str] | Path:
    """Where the file behind a CDN URL comes from: ``(npm package, version, path)`` or a local folium file.

    Example
    -------
    >>> bron_van("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")
    ('leaflet', '1.9.3', 'dist/leaflet.js')
    >>> bron_van("https://code.jquery.com/jquery-3.7.1.min.js")
    ('jquery', '3.7.1', 'dist/jquery.min.js')
    >>> bron_van("https://cdn.jsdelivr.net/gh/python-visualization/folium@main/folium/templates/leaflet_heat.min.js")
    ('leaflet.heat', '0.2.0', 'dist/leaflet-heat.js')
    """
    for pat in (_JSDELIVR_NPM, _UNPKG):
        hit = pat.match(url)
        if hit:
            return hit.group(1), hit.group(2), hit.group(3).split("?")[0]
    hit = _JQUERY.match(url)
    if hit:
        return "jquery", hit.group(1), "dist/jquery.min.js" if hit.group(2) else "dist/jquery.js"
    hit = _FOLIUM.match(url)
    if hit:
        if hit.group(1) == _FOLIUM_HEAT:          # folium links it from its main branch: use the pinned npm release
            return bron_van(LEAFLET_HEAT_JS)
        import folium

        local = Path(folium.__file__).parent / "templates" / hit.group(1)
        if local.is_file():
            return local
    raise OngeldigeInvoer(
        f"Kan {url} niet in de kaart opnemen: wijkscan haalt alleen JavaScript/CSS uit de npm-registry "
        "(links naar cdn.jsdelivr.net/npm, unpkg.com of code.jquery.com) of uit folium zelf. Sla op met "
        "inline=False, of laat het kaartelement weg dat dit bestand nodig heeft.")


def _zoekpaden() -> list[Path]:
    """Where fetched files are looked for: :func:`assets_map`, and — unless ``$WIJKSCAN_ASSETS`` is set — also
    the default user cache, so a session with its own ``$WIJKSCAN_CACHE`` still finds what set-up fetched."""
    paden = [assets_map()]
    if not os.environ.get("WIJKSCAN_ASSETS"):
        base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
        standaard = Path(base) / "wijkscan" / "npm"
        if standaard != paden[0]:
            paden.append(standaard)
    return paden


def _bestand(pakket: str, versie: str, map_: Path | None = None) -> Path:
    veilig = pakket.replace("@", "").replace("/", "__")
    return (map_ or assets_map()) / f"{veilig}-{versie}.tgz"


def _integriteit_klopt(data: bytes, integriteit: str) -> bool:
    return integriteit.startswith("sha512-") and hashlib.sha512(data).digest() == base64.b64decode(integriteit[7:])


def _controleer(data: bytes, dist: dict, pakket: str, versie: str) -> None:
    vast = PAKKETTEN.get(pakket)
    integriteit = vast[1] if vast and vast[0] == versie else (dist.get("integrity") or "")
    if integriteit.startswith("sha512-"):
        if not _integriteit_klopt(data, integriteit):
            raise OngeldigAntwoord(f"Het pakket {pakket}@{versie} uit de npm-registry klopt niet met zijn "
                                   "controlegetal (sha512). Probeer het later opnieuw.")
    elif dist.get("shasum"):
        if hashlib.sha1(data).hexdigest() != dist["shasum"]:
            raise OngeldigAntwoord(f"Het pakket {pakket}@{versie} uit de npm-registry klopt niet met zijn "
                                   "controlegetal (sha1). Probeer het later opnieuw.")
    else:
        raise OngeldigAntwoord(f"De npm-registry gaf geen controlegetal voor {pakket}@{versie}; wijkscan gebruikt "
                               "het daarom niet.")


def _haal(url: str, json_: bool) -> requests.Response:
    return npm.haal(url, json_)


def _aanwezig(pakket: str, versie: str) -> Path | None:
    """The stored tarball when it is there and (for a pinned package) matches its pin; else None."""
    vast = PAKKETTEN.get(pakket)
    for map_ in _zoekpaden():
        pad = _bestand(pakket, versie, map_)
        if not pad.is_file():
            continue
        if vast and vast[0] == versie and not _integriteit_klopt(pad.read_bytes(), vast[1]):
            continue                                 # damaged or tampered with: not used (fetched again)
        return pad
    return None


def npm_pakket(pakket: str, versie: str) -> Path:
    """The npm tarball of ``pakket@versie``: from :func:`assets_map`, or fetched from the npm registry and kept.

    Example
    -------
    >>> npm_pakket("leaflet", "1.9.3").name                     # doctest: +SKIP
    'leaflet-1.9.3.tgz'
    """
    pad = _aanwezig(pakket, versie)
    if pad is not None:
        return pad
    if settings.offline:
        raise GeenVerbinding(
            f"De kaartbestanden {pakket} {versie} staan nog niet op deze computer en wijkscan staat offline. "
            f"Haal ze één keer op met internet ('{OPHALEN}', of './run demo'), of sla de kaart op met "
            "inline=False (dan laadt hij Leaflet van internet).")
    try:
        meta = _haal(f"{_registry()}/{quote(pakket, safe='@')}/{quote(versie)}", True).json()
        dist = meta.get("dist") or {}
        if not dist.get("tarball"):
            raise OngeldigAntwoord(f"De npm-registry gaf geen pakketbestand voor {pakket}@{versie}.")
        data = _haal(dist["tarball"], False).content
    except npm.ServiceFout as exc:
        raise OngeldigeInvoer(f"{pakket} {versie} bestaat niet in de npm-registry (HTTP {exc.status}).") from exc
    except GeenVerbinding as exc:
        raise GeenVerbinding(
            f"De npm-registry is niet bereikbaar, dus {pakket} {versie} kan niet in de kaart worden opgenomen "
            f"({exc}). Sla op met inline=False (de kaart laadt Leaflet dan van internet), of probeer het later.") from exc
    _controleer(data, dist, pakket, versie)
    pad = _bestand(pakket, versie)
    pad.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=pad.parent, prefix=".tmp-", suffix=".tgz")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, pad)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return pad


def ontbrekend() -> list[str]:
    """The pinned packages that are not (correctly) in :func:`assets_map`, as ``"naam@versie"``.

    Example
    -------
    >>> ontbrekend()                       # the doctests' own empty folder
    ['leaflet@1.9.3', 'leaflet.heat@0.2.0']
    """
    return [f"{p}@{v}" for p, (v, _) in PAKKETTEN.items() if _aanwezig(p, v) is None]


def installeer(uitvoer: Callable[[str], object] = print) -> list[Path]:
    """Fetch every pinned package (:data:`PAKKETTEN`) once from the npm registry into :func:`assets_map`.

    This is the set-up step (``./run`` does it; or ``python -m wijkscan.maps.assets``). Packages already
    there with the right checksum are not fetched again. Works even when ``settings.offline`` is set:
    asking for it is the point.
    """
    oud = settings.offline
    settings.offline = False
    try:
        paden = []
        for pakket, (versie, _) in PAKKETTEN.items():
            al = _aanwezig(pakket, versie) is not None
            paden.append(npm_pakket(pakket, versie))
            uitvoer(f"  {pakket} {versie}: {'al aanwezig' if al else 'opgehaald'} ({paden[-1]})")
        return paden
    finally:
        settings.offline = oud


def npm_bestand(pakket: str, versie: str, pad: str) -> bytes:
    """One file from an npm package (e.g. ``"dist/leaflet.js"`` of ``leaflet 1.9.3``).

    Example
    -------
    >>> len(npm_bestand("leaflet", "1.9.3", "dist/leaflet.css")) > 10_000   # doctest: +SKIP
    True
    """
    tgz = npm_pakket(pakket, versie)
    pad = posixpath.normpath(pad.lstrip("/"))
    with tarfile.open(tgz, "r:gz") as tar:
        for member in tar.getmembers():
            naam = member.name.split("/", 1)[1] if "/" in member.name else member.name   # strip "package/"
            if member.isfile() and posixpath.normpath(naam) == pad:
                fh = tar.extractfile(member)
                if fh is not None:
                    return fh.read()
    raise OngeldigeInvoer(f"Bestand {pad} staat niet in {pakket} {versie} uit de npm-registry.")


def _css_inline(css: str, bron: tuple[str, str, str]) -> str:
    pakket, versie, pad = bron

    def vervang(hit: re.Match) -> str:
        ref = hit.group(2).strip()
        if re.match(r"^(data:|https?:|#|//)", ref):
            return hit.group(0)
        schoon = ref.split("?")[0].split("#")[0]
        doel = posixpath.normpath(posixpath.join(posixpath.dirname(pad), schoon))
        mime = _MIME.get(posixpath.splitext(doel)[1].lower())
        if mime is None:
            return hit.group(0)
        try:
            data = npm_bestand(pakket, versie, doel)
        except OngeldigeInvoer:
            return hit.group(0)
        return f'url("data:{mime};base64,{base64.b64encode(data).decode("ascii")}")'

    return _CSS_URL.sub(vervang, css)


def _inhoud(url: str) -> tuple[str, str]:
    bron = bron_van(url)
    if isinstance(bron, Path):
        return bron.read_text(encoding="utf-8"), f"{bron.name} (folium)"
    tekst = npm_bestand(*bron).decode("utf-8")
    if bron[2].endswith(".css"):
        tekst = _css_inline(tekst, bron)
    return tekst, f"{bron[0]}@{bron[1]} {bron[2]} (npm)"


def inline(html: str) -> str:
    """Replace every ``<script src=…>`` and stylesheet ``<link>`` to a CDN by the file itself.

    CSS images and fonts (e.g. Leaflet's layer icon) become ``data:`` URLs. Raises
    :class:`~wijkscan.errors.OngeldigeInvoer` for a link whose package wijkscan cannot find, and
    :class:`~wijkscan.errors.GeenVerbinding` when a file is not fetched yet and wijkscan is offline.

    Example
    -------
    >>> page = '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>'
    >>> "L.version" in inline(page) or True                       # doctest: +SKIP
    True
    """
    cache: dict[str, tuple[str, str]] = {}

    def haal(url: str) -> tuple[str, str]:
        if url not in cache:
            tekst, herkomst = _inhoud(url)
            cache[url] = (_SOURCEMAP.sub("", tekst), herkomst)
        return cache[url]

    def script(hit: re.Match) -> str:
        tekst, herkomst = haal(hit.group(1))
        tekst = re.sub(r"</(script)", r"<\\/\1", tekst, flags=re.IGNORECASE)
        return f"<script>/* {herkomst} */\n{tekst}\n</script>"

    def link(hit: re.Match) -> str:
        tekst, herkomst = haal(hit.group(1))
        tekst = re.sub(r"</(style)", r"<\\/\1", tekst, flags=re.IGNORECASE)
        return f"<style>/* {herkomst} */\n{tekst}\n</style>"

    html = _SCRIPT.sub(script, html)
    return _LINK.sub(link, html)


def main(argv: list[str] | None = None) -> int:
    """``python -m wijkscan.maps.assets [--controleer]``: fetch (or only check) the map files."""
    p = argparse.ArgumentParser(prog="python -m wijkscan.maps.assets",
                                description="Haal de JavaScript- en CSS-bestanden voor kaarten (Leaflet en de "
                                            "heatmap) één keer op uit de npm-registry, zodat kaarten zonder internet werken.")
    p.add_argument("--controleer", action="store_true", help="alleen nagaan of ze er zijn (niets ophalen)")
    args = p.parse_args(argv)
    if args.controleer:
        mist = ontbrekend()
        if mist:
            print(f"wijkscan: kaartbestanden ontbreken in {assets_map()}: {', '.join(mist)}. "
                  f"Haal ze op met '{OPHALEN}'.", file=sys.stderr)
            return 1
        print(f"wijkscan: kaartbestanden aanwezig in {assets_map()}.")
        return 0
    print(f"wijkscan: kaartbestanden ophalen uit de npm-registry naar {assets_map()} ...")
    try:
        installeer()
    except WijkscanFout as exc:
        print(f"wijkscan: {exc}", file=sys.stderr)
        return 3 if isinstance(exc, GeenVerbinding) else 4
    return 0


if __name__ == "__main__":
    sys.exit(main())
