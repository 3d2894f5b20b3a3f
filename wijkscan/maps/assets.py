"""JavaScript and CSS for maps that must work without a CDN (an intranet, a laptop offline).

A folium page links Leaflet (and plugins) from CDNs. :func:`inline` replaces every such link with
the file itself, so the saved HTML needs nothing but a browser. The files come from the **npm
registry** — the package version the CDN link names — fetched once at save time and kept in
``settings.cache_dir / "npm"`` (the tarball, checked against the registry's sha512). Nothing is
copied into the wijkscan repository. Files folium ships itself (``folium/templates/…``, such as its
patched leaflet-heat) are read from the installed folium package.

Known CDN shapes: ``cdn.jsdelivr.net/npm/<pakket>@<versie>/<pad>``, ``unpkg.com/<pakket>@<versie>/<pad>``,
``code.jquery.com/jquery-<versie>.min.js`` and ``cdn.jsdelivr.net/gh/python-visualization/folium…/folium/
templates/<bestand>``. Anything else raises :class:`~wijkscan.errors.OngeldigeInvoer` with the URL.

The registry is ``https://registry.npmjs.org``; set ``WIJKSCAN_NPM_REGISTRY`` (or a ``npm_url`` on
:data:`wijkscan.settings`) for a company mirror.
"""

from __future__ import annotations

import base64
import hashlib
import os
import posixpath
import re
import tarfile
import tempfile
from pathlib import Path
from urllib.parse import quote

import requests

from ..errors import GeenVerbinding, OngeldigAntwoord, OngeldigeInvoer
from ..settings import settings
from ..sources import _http

__all__ = ["NPM_REGISTRY", "bron_van", "inline", "npm_bestand", "npm_pakket"]

NPM_REGISTRY = "https://registry.npmjs.org"

_JSDELIVR_NPM = re.compile(r"^https?://cdn\.jsdelivr\.net/npm/((?:@[^/@]+/)?[^/@]+)@([^/]+)/(.+)$")
_UNPKG = re.compile(r"^https?://unpkg\.com/((?:@[^/@]+/)?[^/@]+)@([^/]+)/(.+)$")
_JQUERY = re.compile(r"^https?://code\.jquery\.com/jquery-(\d+\.\d+\.\d+)(\.min)?\.js$")
_FOLIUM = re.compile(r"^https?://cdn\.jsdelivr\.net/gh/python-visualization/folium(?:@[^/]+)?/folium/templates/(.+)$")

_SCRIPT = re.compile(r'<script\s+src="(https?://[^"]+)"\s*>\s*</script>')
_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="(https?://[^"]+)"\s*/?>')
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_SOURCEMAP = re.compile(r"^\s*(//|/\*)# sourceMappingURL=.*$", re.MULTILINE)

_MIME = {".png": "image/png", ".svg": "image/svg+xml", ".gif": "image/gif", ".jpg": "image/jpeg",
         ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".eot": "application/vnd.ms-fontobject"}


def _registry() -> str:
    return (os.environ.get("WIJKSCAN_NPM_REGISTRY") or getattr(settings, "npm_url", None) or NPM_REGISTRY).rstrip("/")


def bron_van(url: str) -> tuple[str, str, str] | Path:
    """Where the file behind a CDN URL comes from: ``(npm package, version, path)`` or a local folium file.

    Example
    -------
    >>> bron_van("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")
    ('leaflet', '1.9.3', 'dist/leaflet.js')
    >>> bron_van("https://code.jquery.com/jquery-3.7.1.min.js")
    ('jquery', '3.7.1', 'dist/jquery.min.js')
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
        import folium

        local = Path(folium.__file__).parent / "templates" / hit.group(1)
        if local.is_file():
            return local
    raise OngeldigeInvoer(
        f"Kan {url} niet in de kaart opnemen: wijkscan haalt alleen JavaScript/CSS uit de npm-registry "
        "(links naar cdn.jsdelivr.net/npm, unpkg.com of code.jquery.com) of uit folium zelf. Sla op met "
        "inline=False, of laat het kaartelement weg dat dit bestand nodig heeft.")


def _cachebestand(pakket: str, versie: str) -> Path:
    veilig = pakket.replace("@", "").replace("/", "__")
    return Path(settings.cache_dir) / "npm" / f"{veilig}-{versie}.tgz"


def _controleer(data: bytes, dist: dict, pakket: str, versie: str) -> None:
    integriteit = dist.get("integrity") or ""
    if integriteit.startswith("sha512-"):
        verwacht = base64.b64decode(integriteit[7:])
        if hashlib.sha512(data).digest() != verwacht:
            raise OngeldigAntwoord(f"Het pakket {pakket}@{versie} uit de npm-registry klopt niet met zijn "
                                   "controlegetal (sha512). Probeer het later opnieuw.")
    elif dist.get("shasum"):
        if hashlib.sha1(data).hexdigest() != dist["shasum"]:
            raise OngeldigAntwoord(f"Het pakket {pakket}@{versie} uit de npm-registry klopt niet met zijn "
                                   "controlegetal (sha1). Probeer het later opnieuw.")


def _haal(url: str, json_: bool) -> requests.Response:
    with requests.Session() as s:
        prepared = s.prepare_request(requests.Request("GET", url, headers={"Accept": "application/json"}
                                                      if json_ else {}))
        # proxies and CA bundle from the environment (REQUESTS_CA_BUNDLE, HTTPS_PROXY): gemeente networks need them
        omgeving = s.merge_environment_settings(prepared.url, {}, None, None, None)
        return _http.send(s, prepared, "De npm-registry", expect_json=json_, **omgeving)


def npm_pakket(pakket: str, versie: str) -> Path:
    """The npm tarball of ``pakket@versie``, from the cache or the npm registry (then cached).

    Example
    -------
    >>> npm_pakket("leaflet", "1.9.3").name                     # doctest: +SKIP
    'leaflet-1.9.3.tgz'
    """
    pad = _cachebestand(pakket, versie)
    if pad.is_file() and settings.use_cache:
        return pad
    if settings.offline:
        raise GeenVerbinding(
            f"{pakket} {versie} staat nog niet in de cache en wijkscan staat offline. Sla de kaart één keer op "
            "met internet (dan wordt het bewaard), of sla op met inline=False.")
    try:
        meta = _haal(f"{_registry()}/{quote(pakket, safe='@')}/{quote(versie)}", True).json()
        dist = meta.get("dist") or {}
        if not dist.get("tarball"):
            raise OngeldigAntwoord(f"De npm-registry gaf geen pakketbestand voor {pakket}@{versie}.")
        data = _haal(dist["tarball"], False).content
    except _http.ServiceFout as exc:
        raise OngeldigeInvoer(f"{pakket} {versie} bestaat niet in de npm-registry (HTTP {exc.status}).") from exc
    except GeenVerbinding as exc:
        raise GeenVerbinding(
            f"De npm-registry is niet bereikbaar, dus {pakket} {versie} kan niet in de kaart worden opgenomen "
            f"({exc}). Sla op met inline=False (de kaart laadt Leaflet dan van internet), of probeer het later.") from exc
    _controleer(data, dist, pakket, versie)
    if settings.use_cache:
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
    tmpdir = Path(tempfile.mkdtemp(prefix="wijkscan-npm-"))
    (tmpdir / pad.name).write_bytes(data)
    return tmpdir / pad.name


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
    :class:`~wijkscan.errors.OngeldigeInvoer` for a link whose package wijkscan cannot find.

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

