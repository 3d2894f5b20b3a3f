"""Print maps (matplotlib/geopandas): PNG at 300 dpi, SVG and PDF, readable in black and white.

:func:`drukkaart` draws the same classes as the interactive map (:func:`wijkscan.maps.klasseer`),
in RD New (metres, so the scale bar is exact), with a Dutch legend with units, a scale bar, a
north arrow, a title and a source line. "Geen gegevens" is hatched, the classes differ in
lightness, and the aandachtsgebieden differ in line style (solid, dashed, dotted), so a copy
from a black-and-white printer still reads.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point

from .. import tekens
from ..errors import OngeldigeInvoer
from ..nlformat import getal
from ..teksten import grenzen_bron
from ._gegevens import BENADERING, Kaartgegevens, indeling_tekst, kaartgegevens, kop, naamvolgorde, waarde_tekst
from ._geo import labelpunten
from .classify import ARCERING_KLEUR, GEEN_GEGEVENS_KLEUR, Klassen
from .opties import FORMATEN, DrukOpties, met_instellingen

if TYPE_CHECKING:
    import geopandas as gpd
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.typing import LineStyleType

    from ..model import Wijkprofiel

__all__ = ["FORMATEN", "drukkaart"]

PAPIER = {"A4-liggend": (297, 210), "A4-staand": (210, 297), "A3-liggend": (420, 297)}


def _mooie_lengte(breedte_m: float) -> float:
    """A round scale-bar length of about a fifth of the map width."""
    doel = breedte_m / 5
    for n in (50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 25_000, 50_000):
        if n >= doel * 0.75:
            return float(n)
    return 50_000.0


def _schaalbalk(ax: Any, lengte: float) -> None:
    """Alternating black/white bar in the lower left corner, labelled in Dutch (``0  500  1.000 m``)."""
    from matplotlib.patches import Rectangle

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    hoogte = (y1 - y0) * 0.012
    bx, by = x0 + (x1 - x0) * 0.03, y0 + (y1 - y0) * 0.035
    delen = 4 if lengte >= 400 else 2
    stap = lengte / delen
    for i in range(delen):
        ax.add_patch(Rectangle((bx + i * stap, by), stap, hoogte, facecolor="black" if i % 2 == 0 else "white",
                               edgecolor="black", linewidth=0.7, zorder=20))
    km = lengte >= 1000

    def tekst(m: float) -> str:
        return getal(m / 1000, 1 if km and (m / 1000) % 1 else 0) if km else getal(m)

    for m in (0.0, lengte / 2, lengte) if delen == 4 else (0.0, lengte):
        ax.text(bx + m, by + hoogte * 1.8, tekst(m), ha="center", va="bottom", fontsize=7.5, zorder=20)
    ax.text(bx + lengte + stap * 0.25, by + hoogte / 2, "km" if km else "m", ha="left", va="center", fontsize=7.5,
            zorder=20)


def _noordpijl(ax: Any) -> None:
    """A north arrow in the upper right corner (RD New grid north; differs < 2° from true north)."""
    ax.annotate("N", xy=(0.955, 0.965), xytext=(0.955, 0.865), xycoords="axes fraction", ha="center", va="center",
                fontsize=11, fontweight="bold", zorder=20,
                arrowprops={"arrowstyle": "-|>,head_width=0.45,head_length=0.9", "color": "black", "lw": 1.6,
                            "shrinkA": 7, "shrinkB": 0})


def _halo(ax: Any, t: Any, halo: list) -> None:
    """A white outline under a name, drawn as a second (path) text, so the name itself stays real text
    (searchable and selectable in PDF and SVG)."""
    kopie = ax.text(*t.get_position(), t.get_text(), color="white", path_effects=halo, zorder=15,
                    ha="center", va="center", fontsize=t.get_fontsize(), linespacing=0.95)
    kopie.set_gid("naamhalo")


def _punt(xy: np.ndarray) -> tuple[float, float]:
    return float(xy[0]), float(xy[1])


def plaats_namen(fig: Figure, ax: Axes, geom: gpd.GeoSeries, namen: Sequence[str], grootte: float, *,
                 op_volgorde: bool = False) -> list[str]:
    """Write area names that avoid each other: inside the area when the name fits, otherwise beside it
    with a thin leader line. Returns the names that found no free place (named in a note instead).

    The names are placed biggest area first, or in the given order with ``op_volgorde=True`` (an earlier
    name keeps its place; :func:`drukkaart` gives the places the text talks about first, then by population)."""
    from matplotlib import patheffects
    from shapely.geometry import box

    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # the Agg canvas (also behind SVG/PDF) has one
    naar_data = ax.transData.inverted()
    asbox = ax.get_window_extent(renderer)
    punten = labelpunten(geom)
    halo = [patheffects.withStroke(linewidth=2.2, foreground="white")]
    # reserved: scale bar (lower left), north arrow (upper right)
    bezet = [box(asbox.x0, asbox.y0, asbox.x0 + asbox.width * 0.32, asbox.y0 + asbox.height * 0.10),
             box(asbox.x1 - asbox.width * 0.09, asbox.y1 - asbox.height * 0.16, asbox.x1, asbox.y1)]
    ankers = [ax.transData.transform((p.x, p.y)) for p in punten]
    volgorde = (list(range(len(namen))) if op_volgorde
                else sorted(range(len(namen)), key=lambda i: -float(geom.iloc[i].area)))
    over: list[str] = []
    marge = 1.5
    for i in volgorde:
        tekst = "\n".join(textwrap.wrap(str(namen[i]), 16, break_long_words=False))
        t = ax.text(0, 0, tekst, zorder=16, ha="center", va="center", fontsize=grootte, linespacing=0.95,
                    color="#222222")
        bb = t.get_window_extent(renderer)
        w, h = bb.width + 2 * marge, bb.height + 2 * marge
        px, py = ankers[i]

        def vak(cx: float, cy: float, w: float = w, h: float = h) -> Any:
            return box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)

        def vrij(b: Any) -> bool:
            x0, y0, x1, y1 = b.bounds
            binnen = x0 >= asbox.x0 and y0 >= asbox.y0 and x1 <= asbox.x1 and y1 <= asbox.y1
            return binnen and not any(b.intersects(o) for o in bezet)

        def in_data(b: Any) -> Any:
            x0, y0, x1, y1 = b.bounds
            (a0, b0), (a1, b1) = naar_data.transform([(x0, y0), (x1, y1)])
            return box(a0, b0, a1, b1)

        binnen = vak(px, py)
        if vrij(binnen) and geom.iloc[i].buffer(0).contains(in_data(binnen)):
            t.set_position(_punt(naar_data.transform((px, py))))
            _halo(ax, t, halo)
            bezet.append(binnen)
            continue
        gevonden = None
        for r in (0.75, 1.2, 1.8, 2.6):
            for hoek in (90, 270, 0, 180, 45, 135, 315, 225):
                rad = np.deg2rad(hoek)
                afstand = r * max(w, h)
                kandidaat = vak(px + np.cos(rad) * (afstand + w / 2 * abs(np.cos(rad))),
                                py + np.sin(rad) * (afstand + h / 2 * abs(np.sin(rad))))
                if vrij(kandidaat) and not any(kandidaat.contains(Point(*a)) for j, a in enumerate(ankers) if j != i):
                    gevonden = kandidaat
                    break
            if gevonden is not None:
                break
        if gevonden is None:
            t.remove()
            over.append(str(namen[i]))
            continue
        c = gevonden.centroid
        t.set_position(_punt(naar_data.transform((c.x, c.y))))
        _halo(ax, t, halo)
        bezet.append(gevonden)
        rand = gevonden.exterior
        eind = rand.interpolate(rand.project(Point(px, py)))
        (ax0, ay0), (ax1, ay1) = naar_data.transform([(px, py), (eind.x, eind.y)])
        ax.plot([ax0, ax1], [ay0, ay1], color="#333333", linewidth=0.45, zorder=15, solid_capstyle="round")
        ax.plot([ax0], [ay0], marker="o", markersize=1.6, color="#333333", zorder=15)
    return over


def _bronregel(wp: Wijkprofiel, d: Kaartgegevens) -> str:
    bron = str(wp.catalogus.loc[d.ind_id].get("bron", "") or "CBS")
    if d.periode != str(d.jaar):
        return f"Bron: {bron}; inwoners {d.jaar}; {grenzen_bron(wp.gemeente.gebieden, wp.indeling.naam)}. Gemaakt met wijkscan."
    return f"Bron: {bron} {d.jaar}; {grenzen_bron(wp.gemeente.gebieden, wp.indeling.naam)}. Gemaakt met wijkscan."


def _vlakken(ax: Axes, d: Kaartgegevens) -> None:
    """The class fills, "geen gegevens" hatched, thin areas white and dashed, boundaries and the gemeente outline."""
    idx = d.kl.klasse(d.waarden.where(~d.klein).to_numpy())
    idx[d.klein.to_numpy()] = -2
    geom = d.gebieden.geometry
    for i, kleur in enumerate(d.kl.kleuren):
        sel = geom[idx == i]
        if len(sel):
            sel.plot(ax=ax, facecolor=kleur, edgecolor="none", linewidth=0)
    na = geom[idx == -1]
    if len(na):
        na.plot(ax=ax, facecolor=GEEN_GEGEVENS_KLEUR, edgecolor=ARCERING_KLEUR, hatch="////", linewidth=0)
    if (idx == -2).any():
        geom[idx == -2].plot(ax=ax, facecolor="white", edgecolor="#888888", linestyle=(0, (2, 2)), linewidth=0.6)
    benaderd = d.gebieden["benaderd"].astype(bool).to_numpy()
    geom.boundary.plot(ax=ax, color="#ffffff", linewidth=0.9)
    if (~benaderd).any():
        geom[~benaderd].boundary.plot(ax=ax, color="#9a9a9a", linewidth=0.35)
    if benaderd.any():      # approximate boundary: dashed, and named in the legend
        geom[benaderd].boundary.plot(ax=ax, color="#333333", linewidth=0.5, linestyle=(0, (3, 2)))
    omtrek = shapely.union_all(geom[~benaderd].to_numpy() if (~benaderd).any() else geom.to_numpy())
    type(geom)([omtrek], crs=geom.crs).boundary.plot(ax=ax, color="#222222", linewidth=1.1)


def _aandacht(ax: Axes, wp: Wijkprofiel, gebieden: gpd.GeoDataFrame) -> list[Artist]:
    """Outline and hatch the aandachtsgebieden; the legend handles."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    geom = gebieden.geometry
    sc = wp.aandachtsgebieden.set_index("gebied")
    sc = sc[sc.index.isin(gebieden.index)]
    soort = sc["soort"].fillna("").astype(str)
    soorten: list[tuple[pd.Series, str, LineStyleType, float, str, str]] = [
        (soort.isin(["berekend", "berekend en aangewezen"]), "#c0141b", "-", 2.4, "xxx", "aandachtsgebied (berekend)"),
        (soort.isin(["aangewezen", "berekend en aangewezen"]), "#1f5fbf", (0, (5, 3)), 1.8, "..",
         "aangewezen door de gemeente"),
        ((soort == "") & (sc["status"] == "let op"), "#d46a00", (0, (1, 2)), 1.6, "", "let op (dicht bij de grens)"),
    ]
    handles: list[Artist] = []
    for mask, kleur, stijl, dikte, arcering, tekst in soorten:
        codes = sc.index[mask.to_numpy()]
        if not len(codes):
            continue
        if arcering:   # a pattern that stays a pattern in grey (a red line becomes just a line)
            with plt.rc_context({"hatch.linewidth": 0.45}):
                geom.loc[codes].plot(ax=ax, facecolor="none", edgecolor="#1a1a1a", hatch=arcering, linewidth=0)
        rand = geom.loc[codes].boundary
        rand.plot(ax=ax, color="white", linewidth=dikte + 1.8)   # casing: readable on dark fills
        rand.plot(ax=ax, color=kleur, linestyle=stijl, linewidth=dikte)
        label = f"{tekst} ({getal(len(codes))})"
        if arcering:
            handles.append(Patch(facecolor="white", edgecolor=kleur, hatch=arcering, linestyle=stijl,
                                 linewidth=dikte * 0.7, label=label))
        else:
            handles.append(Line2D([], [], color=kleur, linestyle=stijl, linewidth=dikte, label=label))
    return handles


def _uitsnede(ax: Axes, geom: gpd.GeoSeries, b_mm: float, h_mm: float) -> None:
    """Limits around the gemeente, the shorter side widened so the map fills its whole box."""
    x0, y0, x1, y1 = geom.total_bounds
    mx, my = (x1 - x0) * 0.04, (y1 - y0) * 0.06
    x0, x1, y0, y1 = x0 - mx, x1 + mx, y0 - my * 1.6, y1 + my
    pos = ax.get_position()
    vak = (pos.width * b_mm) / (pos.height * h_mm)
    if (x1 - x0) / (y1 - y0) < vak:
        extra = ((y1 - y0) * vak - (x1 - x0)) / 2
        x0, x1 = x0 - extra, x1 + extra
    else:
        extra = ((x1 - x0) / vak - (y1 - y0)) / 2
        y0, y1 = y0 - extra, y1 + extra
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)


def _na_teken(kl: Klassen) -> str:
    """The sign of a hatched area (:mod:`wijkscan.tekens`): "onbekend" (the data do not give this figure for the
    area; its reason is in the report), "geen gegevens" when the indicator has no figure at all for this period."""
    return tekens.ONBEKEND if kl.k else tekens.GEEN_GEGEVENS


def _klassenlegenda(fig: Figure, wp: Wijkprofiel, d: Kaartgegevens, x: float, y: float) -> float:
    """The class legend at (x, y) (figure fractions) with its note; returns the y below it."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    kl = d.kl
    handles: list[Artist] = [Patch(facecolor=c, edgecolor="#666666", linewidth=0.6, label=f"{lbl}   ({getal(n)})")
                             for lbl, c, n in zip(kl.labels, kl.kleuren, kl.aantallen, strict=True)]
    if kl.geen_gegevens or kl.k == 0:
        handles.append(Patch(facecolor=GEEN_GEGEVENS_KLEUR, edgecolor=ARCERING_KLEUR, hatch="////",
                             linewidth=0.6, label=f"{_na_teken(kl)}   ({getal(kl.geen_gegevens)})"))
    if d.klein.any():
        handles.append(Patch(facecolor="white", edgecolor="#888888", linestyle=(0, (2, 2)), linewidth=0.6,
                             label=f"minder dan {getal(d.min_inwoners)} inwoners   ({getal(int(d.klein.sum()))})"))
    benaderd = d.gebieden["benaderd"].astype(bool)
    if benaderd.any():
        handles.append(Line2D([], [], color="#333333", linestyle=(0, (3, 2)), linewidth=0.9,
                              label=f"{BENADERING} (stippellijn)   ({getal(int(benaderd.sum()))})"))
    leg = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(x, y), frameon=False,
                     title=textwrap.fill(kop(d.label, d.eenheid), 34), alignment="left", fontsize=9,
                     title_fontsize=10.5, handlelength=2.2, handleheight=1.3, borderaxespad=0)
    leg.get_title().set_fontweight("bold")
    fig.canvas.draw()
    onder = leg.get_window_extent().transformed(fig.transFigure.inverted()).y0
    donkerder = " Donkerder = hoger." if kl.k > 1 else ""     # with one class there is no darker
    fig.text(x, onder - 0.02, textwrap.fill(f"Klassen: {kl.beschrijving}.{donkerder} Tussen haakjes: aantal "
                                            f"{indeling_tekst(wp)}.", 52), fontsize=8, color="#444444", va="top")
    return onder - 0.02 - 0.075


def _noten(wp: Wijkprofiel, d: Kaartgegevens, onbenoemd: list[str]) -> list[str]:
    gem = d.rijen["gemeente"].dropna()
    extra = []
    if len(gem):
        extra.append(f"Gemeente {_gemeente(wp)} als geheel: {waarde_tekst(gem.iloc[0], d.dec, d.eenheid)}.")
    extra.extend(d.notes)
    if d.kl.geen_gegevens or d.kl.k == 0:      # the hatched sign with its one legend entry (wijkscan.tekens)
        extra.append(f"{_na_teken(d.kl)}: {tekens.uitleg(_na_teken(d.kl))}.")
    if len(onbenoemd) > 40:     # a list that would run off the page says less than its count
        extra.append(f"Geen ruimte voor de naam van {getal(len(onbenoemd))} {indeling_tekst(wp)}; de "
                     "interactieve kaart (wijkscan.kaart) noemt ze bij het aanwijzen.")
    elif onbenoemd:
        extra.append(f"Geen ruimte voor de naam van: {', '.join(sorted(onbenoemd))}.")
    return extra


def _gemeente(wp: Wijkprofiel) -> str:
    return str(getattr(wp.gemeente, "naam", "gemeente"))


def _teksten(fig: Figure, wp: Wijkprofiel, d: Kaartgegevens, titel: str, handles_a: list[Artist],
             onbenoemd: list[str], liggend: bool) -> None:
    """Title, legends, notes and the source line around the map."""
    leg_x, leg_y = (0.685, 0.86) if liggend else (0.06, 0.27)
    fig.text(0.03, 0.955, titel, fontsize=17, fontweight="bold", va="top")
    fig.text(0.03, 0.905, f"{_gemeente(wp)} · {indeling_tekst(wp)} · {d.periode}", fontsize=11, color="#444444",
             va="top")
    tekst_y = _klassenlegenda(fig, wp, d, leg_x, leg_y)
    if not liggend:        # upright page: a second column beside the classes, not below them
        leg_x, tekst_y = 0.52, leg_y
    if handles_a:
        leg2 = fig.legend(handles=handles_a, loc="upper left", bbox_to_anchor=(leg_x, tekst_y),
                          frameon=False, title="Aandachtsgebieden", alignment="left", fontsize=9,
                          title_fontsize=10.5, handlelength=2.8, borderaxespad=0)
        leg2.get_title().set_fontweight("bold")
        fig.canvas.draw()
        tekst_y = leg2.get_window_extent().transformed(fig.transFigure.inverted()).y0 - 0.02
    extra = _noten(wp, d, onbenoemd)
    if extra:
        fig.text(leg_x, tekst_y, "\n".join(textwrap.fill(t, 56 if liggend else 52) for t in extra), fontsize=8,
                 color="#444444", va="top")
    fig.text(0.03, 0.025, _bronregel(wp, d), fontsize=8, color="#444444", va="bottom")


def _opslaan(fig: Figure, basis: Path, formaten: Sequence[str], dpi: int, titel: str) -> list[Path]:
    geschreven = []
    for fmt in formaten:
        doel = basis.with_suffix(f".{fmt}")
        kwargs: dict[str, Any] = {"format": fmt}
        if fmt == "png":
            kwargs["dpi"] = dpi
            kwargs["metadata"] = {"Title": titel, "Software": "wijkscan"}
        elif fmt == "pdf":
            kwargs["metadata"] = {"Title": titel, "Creator": "wijkscan"}
        else:
            kwargs["metadata"] = {"Title": titel, "Creator": "wijkscan", "Date": None}
        fig.savefig(doel, facecolor="white", **kwargs)
        geschreven.append(doel)
    return geschreven


def _controleer(o: DrukOpties, gebieden: gpd.GeoDataFrame) -> str:
    """Check formats and paper; the paper to use (``"auto"``: upright for a gemeente taller than wide)."""
    onbekend = [f for f in o.formaten if f not in FORMATEN]
    if onbekend or not o.formaten:
        raise OngeldigeInvoer(f"Onbekend formaat: {', '.join(onbekend) or '(geen)'}. Kies uit png, svg en pdf.")
    if o.papier not in PAPIER and o.papier != "auto":
        raise OngeldigeInvoer(f"Onbekend papierformaat '{o.papier}'. Kies uit: auto, {', '.join(PAPIER)}.")
    if o.papier != "auto":
        return o.papier
    bx0, by0, bx1, by1 = gebieden.geometry.total_bounds     # the page follows the shape of the gemeente
    return "A4-staand" if (by1 - by0) > 1.15 * (bx1 - bx0) else "A4-liggend"


def drukkaart(wijkprofiel: Wijkprofiel, indicator: str, pad: str | Path, opties: DrukOpties | None = None,
              **instellingen: object) -> list[Path]:
    """A print map of one indicator: PNG (300 dpi), SVG and PDF with legend, scale bar, north arrow.

    Parameters
    ----------
    wijkprofiel : Wijkprofiel
        What :func:`wijkscan.wijkanalyse` returned.
    indicator : str
        Indicator id or label (as in :func:`wijkscan.maps.kaart`).
    pad : str or Path
        File name without extension (an extension is replaced): ``maps/voorschoten_65plus`` writes
        ``voorschoten_65plus.png``, ``.svg`` and ``.pdf``.
    opties : DrukOpties, optional
        The settings (:class:`wijkscan.maps.DrukOpties`: ``jaar``, ``klassen``, ``k``, ``titel``,
        ``aandachtsgebieden``, ``namen``, ``formaten``, ``dpi``, ``papier``, ``min_inwoners``; each is
        described there).
    **instellingen
        The same settings as keywords, e.g. ``formaten=["svg"]``; they win over ``opties``.

    Returns
    -------
    list of Path
        The files written, in the order of ``formaten``.

    Example
    -------
    >>> import wijkscan
    >>> from wijkscan.maps import drukkaart
    >>> wa = wijkscan.wijkanalyse("Voorschoten", bron="ingebouwd")
    >>> [p.suffix for p in drukkaart(wa, "leeftijd_65plus_aandeel", "maps/vs_65plus")]   # doctest: +SKIP
    ['.png', '.svg', '.pdf']
    """
    import matplotlib.pyplot as plt

    wp = wijkprofiel
    o = met_instellingen(DrukOpties, opties, instellingen, "drukkaart")
    d = kaartgegevens(wp, indicator, o.jaar, o.klassen, o.k, o.min_inwoners)
    papier = _controleer(o, d.gebieden)
    titel = o.titel or d.label
    pad = Path(pad)
    basis = pad.with_suffix("") if pad.suffix.lower() in (".png", ".svg", ".pdf") else pad
    basis.parent.mkdir(parents=True, exist_ok=True)
    b_mm, h_mm = PAPIER[papier]
    liggend = b_mm > h_mm
    with plt.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42, "hatch.linewidth": 0.8,
                         "font.family": "DejaVu Sans", "svg.hashsalt": "wijkscan"}):
        fig = plt.figure(figsize=(b_mm / 25.4, h_mm / 25.4))
        try:
            ax = fig.add_axes((0.015, 0.055, 0.655, 0.815) if liggend else (0.02, 0.29, 0.96, 0.59))
            ax.set_axis_off()
            ax.set_aspect("equal")
            _vlakken(ax, d)
            handles_a = _aandacht(ax, wp, d.gebieden) if o.aandachtsgebieden and len(wp.aandachtsgebieden) else []
            _uitsnede(ax, d.gebieden.geometry, b_mm, h_mm)
            fig.canvas.draw()          # final limits before names are placed
            onbenoemd: list[str] = []
            if o.namen is None or o.namen:
                n = len(d.gebieden)
                volgorde = naamvolgorde(wp, d.gebieden)
                g = d.gebieden.loc[volgorde]
                onbenoemd = plaats_namen(fig, ax, g.geometry, list(g["naam"]), 6.5 if n <= 30 else (5.5 if n <= 70 else 4.8),
                                         op_volgorde=True)
            x0, x1 = ax.get_xlim()
            _schaalbalk(ax, _mooie_lengte(x1 - x0))
            _noordpijl(ax)
            _teksten(fig, wp, d, titel, handles_a, onbenoemd, liggend)
            return _opslaan(fig, basis, o.formaten, o.dpi, f"{titel} — {_gemeente(wp)} {d.periode}")
        finally:
            plt.close(fig)
