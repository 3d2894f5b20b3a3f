"""Save a map as one standalone HTML file, and the snippet to put it on a website (iframe).

Example
-------
>>> from wijkscan.maps import iframe_code
>>> code = iframe_code("https://www.voorschoten.nl/kaarten/65plus.html", titel="65-plussers", hoogte=480)
>>> code.startswith('<iframe src="https://www.voorschoten.nl/kaarten/65plus.html" title="65-plussers"')
True
"""

from __future__ import annotations

import html
from pathlib import Path

import folium

from ..errors import OngeldigeInvoer
from . import assets

__all__ = ["Weergave", "iframe_code", "opslaan", "pagina", "soort_kaart", "weergave"]

INTERN_TITEL = "ALLEEN VOOR INTERN GEBRUIK — "


def soort_kaart(pad: str | Path) -> str:
    """``"publiek"``, ``"werkkaart"`` or ``"intern"`` for a map saved by :func:`opslaan` (read from its page),
    ``""`` for any other file."""
    try:
        with open(pad, encoding="utf-8", errors="ignore") as f:
            kop = f.read(4000)
    except OSError:
        return ""
    import re

    m = re.search(r'<meta name="wijkscan-kaart" content="(\w+)"', kop)
    return m.group(1) if m else ""

#: Shown instead of a white page when the map's scripts did not run (removed by a script once Leaflet drew).
ZONDER_SCRIPT_TEKST = "Deze kaart kan niet worden getoond: JavaScript staat uit of de kaartbestanden zijn niet geladen."
_ZONDER_SCRIPT = ('<div id="ws-zonder-script" role="alert" style="position:absolute;inset:0 0 auto;z-index:9999;'
                  'margin:1em;padding:1em;border:2px solid #c0141b;background:#fff;font:16px sans-serif">'
                  f'{html.escape(ZONDER_SCRIPT_TEKST)}</div>')
# Runs after folium's map script (a separate <script>, so an error there cannot stop it).
_ZONDER_SCRIPT_WEG = ("<script>(function(){var e=document.getElementById('ws-zonder-script');"
                      "if(e&&window.L&&document.querySelector('.leaflet-container'))e.remove();})();</script>")


def iframe_code(src: str, titel: str = "Kaart", hoogte: int = 600, breedte: str = "100%",
                verhouding: float | None = None) -> str:
    """HTML to embed a saved map in a web page (a wijkkrant site, an intranet page).

    Parameters
    ----------
    src : str
        Where the saved map will be on the web (a URL, or a path relative to the page).
    titel : str
        Accessible title of the frame (screen readers).
    hoogte : int
        Height in pixels; the width follows the page (``breedte``). With ``verhouding`` this is the
        smallest height (a phone still gets a usable map).
    verhouding : float, optional
        Width / height: the frame is 100 % wide and as high as this ratio says (responsive).

    Example
    -------
    >>> iframe_code("kaart.html", titel="Meldingen <2026>")[:61]
    '<iframe src="kaart.html" title="Meldingen &lt;2026&gt;" width'
    >>> 'aspect-ratio:1.25' in iframe_code("kaart.html", verhouding=1.25, hoogte=360)
    True
    """
    e = html.escape
    if verhouding:
        v = round(float(verhouding), 3)
        return (f'<div style="position:relative;width:100%;aspect-ratio:{v};min-height:{int(hoogte)}px">'
                f'<iframe src="{e(src)}" title="{e(titel)}" loading="lazy" '
                'style="position:absolute;top:0;left:0;width:100%;height:100%;border:0"></iframe></div>')
    return (f'<iframe src="{e(src)}" title="{e(titel)}" width="{e(str(breedte))}" height="{int(hoogte)}" '
            'style="border:0" loading="lazy"></iframe>')


def pagina(kaart: folium.Map, inline: bool = True) -> str:
    """The complete HTML page of a map: Dutch ``lang``, a ``<title>``, JS/CSS inlined unless ``inline=False``.

    When the page's scripts do not run (a CDN that cannot be reached, JavaScript switched off), the page
    shows :data:`ZONDER_SCRIPT_TEKST` instead of staying white.

    Example
    -------
    >>> import folium
    >>> page = pagina(folium.Map(tiles=None), inline=False)
    >>> page.startswith('<!DOCTYPE html>\\n<html lang="nl">'), "kan niet worden getoond" in page
    (True, True)
    """
    info = getattr(kaart, "kaartinfo", {}) or {}
    titel = str(info.get("titel") or "Kaart")
    if info.get("intern"):
        titel = INTERN_TITEL + titel
    page = kaart.get_root().render()
    page = page.replace("<html>", '<html lang="nl">', 1)
    kop = f"<title>{html.escape(titel)}</title>"
    soort = "intern" if info.get("intern") else "publiek" if info.get("publiek") else "werkkaart"
    kop += f'\n    <meta name="wijkscan-kaart" content="{soort}" />'   # index.html links public maps only
    if info.get("intern"):
        kop += '\n    <meta name="robots" content="noindex, nofollow" />'
    kop += '\n    <link rel="icon" href="data:," />'   # no favicon request (no 404 in server logs)
    page = page.replace("<head>", f"<head>\n    {kop}", 1)
    page = page.replace("<body>", f"<body>\n    {_ZONDER_SCRIPT}", 1)
    eind = page.rfind("</html>")
    page = page[:eind] + _ZONDER_SCRIPT_WEG + "\n" + page[eind:] if eind >= 0 else page + _ZONDER_SCRIPT_WEG
    if inline:
        page = assets.inline(page)
    return page


def opslaan(
    kaart: folium.Map,
    pad: str | Path,
    *,
    inline: bool = True,
    insluitcode: bool = True,
    url: str | None = None,
    hoogte: int = 600,
) -> Path:
    """Save a map as one standalone HTML file (and an iframe snippet beside it).

    Parameters
    ----------
    kaart : folium.Map
        From :func:`wijkscan.maps.kaart` (or any folium map).
    pad : str or Path
        The ``.html`` file to write (folders are made).
    inline : bool
        ``True`` (default): Leaflet and the other JavaScript/CSS go inside the file, so the map works
        without any CDN (intranet, offline) and sends no visitor data to a third party. They are fetched
        once from the npm registry at set-up (pinned, checksummed; see :mod:`wijkscan.maps.assets`).
        ``False``: the page links them from a CDN instead (smaller file; needs internet). Background
        tiles still need their tile server (use ``achtergrond=None`` for a map that needs no network).
    insluitcode : bool
        Also write ``<naam>.iframe.html`` with the ``<iframe>`` snippet for a website; for a public map
        also ``<naam>.png`` (the same map as a picture) with alt text, shown where the frame cannot run.
    url : str, optional
        Where the map will be published (for the snippet); default: the file name.
    hoogte : int
        Height of the iframe in pixels (a public map, ``kaart(..., publiek=True)``, gets a responsive
        snippet instead: 100 % wide, height by the map's aspect ratio).

    Returns
    -------
    Path
        The HTML file.

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.maps import kaart, opslaan
    >>> m = kaart(wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd"), "inwoners")   # doctest: +SKIP
    >>> opslaan(m, "maps/voorschoten_inwoners.html", inline=True)                       # doctest: +SKIP
    PosixPath('maps/voorschoten_inwoners.html')
    """
    pad = Path(pad)
    if pad.suffix.lower() not in (".html", ".htm"):
        raise OngeldigeInvoer(f"Een kaart wordt opgeslagen als .html, niet als '{pad.suffix or pad.name}'.")
    page = pagina(kaart, inline=inline)
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(page, encoding="utf-8")
    if insluitcode:
        info = getattr(kaart, "kaartinfo", {}) or {}
        if info.get("publiek"):   # responsive: 100 % wide, height from the map's shape, at least 520 px (legend below on a phone)
            snippet = iframe_code(url or pad.name, titel=str(info.get("alt") or info.get("titel") or "Kaart"),
                                  hoogte=520, verhouding=info.get("verhouding") or 4 / 3)
            snippet = _met_afbeelding(snippet, pad, url, info)
        else:
            snippet = iframe_code(url or pad.name, titel=str(info.get("titel") or "Kaart"), hoogte=hoogte)
        pad.with_name(pad.stem + ".iframe.html").write_text(
            "<!-- Plak deze code in de webpagina; zet src op het adres waar de kaart staat. -->\n" + snippet + "\n",
            encoding="utf-8")
    return pad


def _met_afbeelding(snippet: str, pad: Path, url: str | None, info: dict) -> str:
    """The embed of a public map with its static image (PNG beside the map) and alt text: shown when the
    frame cannot run scripts (``<noscript>``), and linked for readers who want the picture."""
    maak = info.get("afbeelding")
    if not callable(maak):
        return snippet
    png = Path(maak(pad.with_suffix(""), formaten=("png",), dpi=110)[0])
    src = (url.rsplit("/", 1)[0] + "/" + png.name) if url and "/" in url else png.name
    alt = html.escape(str(info.get("alt") or info.get("titel") or "Kaart"))
    return (f'<figure style="margin:0">{snippet}<noscript><img src="{html.escape(src)}" alt="{alt}" '
            f'style="width:100%;height:auto"></noscript><figcaption style="font-size:.85em;color:#555">{alt} '
            f'<a href="{html.escape(src)}">Kaart als afbeelding</a></figcaption></figure>')


class Weergave:
    """A map shown in Jupyter from its complete page (``_repr_html_``), e.g. with JS/CSS inlined."""

    def __init__(self, page: str, hoogte: int = 600):
        self.page = page
        self.hoogte = int(hoogte)

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.page, quote=True)}" style="width:100%;height:{self.hoogte}px;'
                'border:0" sandbox="allow-scripts"></iframe>')


def weergave(kaart: folium.Map, inline: bool = True, hoogte: int = 600) -> Weergave:
    """Show a map in Jupyter without internet: Leaflet inside the page, as :func:`opslaan` with ``inline=True``.

    folium's own notebook display loads Leaflet from a CDN; on a laptop without internet the map
    stays empty. ``weergave(m)`` shows the same map from the cached npm files.

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.maps import kaart, weergave
    >>> m = kaart(wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd"), "inwoners", achtergrond=None)  # doctest: +SKIP
    >>> weergave(m)                                                                                    # doctest: +SKIP
    """
    return Weergave(pagina(kaart, inline=inline), hoogte)
