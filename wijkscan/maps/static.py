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
from typing import Any

import shapely

from ..errors import OngeldigeInvoer
from ..nlformat import getal
from ._gegevens import (
    gebieden_met_vlak,
    indeling_tekst,
    indicator_meta,
    indicator_opmaak,
    kop,
    periode_van,
    profielrijen,
    waarde_tekst,
)
from ._geo import labelpunten
from .classify import ARCERING_KLEUR, GEEN_GEGEVENS_KLEUR, klasseer

__all__ = ["FORMATEN", "drukkaart"]

FORMATEN = ("png", "svg", "pdf")
PAPIER = {"A4-liggend": (297, 210), "A4-staand": (210, 297), "A3-liggend": (420, 297)}
BRON_KAART = "kaart: CBS/PDOK (CC BY 4.0)"


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


def drukkaart(
    wijkprofiel: Any,
    indicator: str,
    pad: str | Path,
    *,
    jaar: int | None = None,
    klassen: str = "quantiles",
    k: int = 5,
    titel: str | None = None,
    aandachtsgebieden: bool = True,
    namen: bool | None = None,
    formaten: Sequence[str] = FORMATEN,
    dpi: int = 300,
    papier: str = "A4-liggend",
) -> list[Path]:
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
    jaar, klassen, k
        As in :func:`wijkscan.maps.kaart`; the classes are the same as on the interactive map.
    titel : str, optional
        Default: the indicator label.
    aandachtsgebieden : bool
        Outline computed aandachtsgebieden (solid), designated ones (dashed) and "let op" (dotted).
    namen : bool, optional
        Write area names (default: at most 30 areas).
    formaten : sequence of {"png", "svg", "pdf"}
    dpi : int
        Resolution of the PNG (300 for print).
    papier : {"A4-liggend", "A4-staand", "A3-liggend"}

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
    from matplotlib import patheffects
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    onbekend = [f for f in formaten if f not in FORMATEN]
    if onbekend or not formaten:
        raise OngeldigeInvoer(f"Onbekend formaat: {', '.join(onbekend) or '(geen)'}. Kies uit png, svg en pdf.")
    if papier not in PAPIER:
        raise OngeldigeInvoer(f"Onbekend papierformaat '{papier}'. Kies uit: {', '.join(PAPIER)}.")
    wp = wijkprofiel
    jaar = int(wp.jaar if jaar is None else jaar)
    ind_id, label, eenheid, dec, richting = indicator_opmaak(indicator_meta(wp, indicator))
    gebieden, notes = gebieden_met_vlak(wp)
    if gebieden.empty:
        raise OngeldigeInvoer("Geen enkel gebied van deze indeling heeft een vlak; er valt niets te tekenen.")
    rijen = profielrijen(wp, ind_id, jaar, gebieden.index)
    waarden = rijen["waarde"].astype(float).to_numpy()
    kl = klasseer(waarden, klassen, k, richting=richting, decimalen=dec, eenheid=eenheid)
    idx = kl.klasse(waarden)
    gemeente_naam = str(getattr(wp.gemeente, "naam", "gemeente"))
    titel = titel or label
    bron = str(wp.catalogus.loc[ind_id].get("bron", "") or "CBS")
    periode = periode_van(rijen, jaar)
    if periode != str(jaar):
        bronregel = f"Bron: {bron}; inwoners {jaar}; {BRON_KAART}. Gemaakt met wijkscan."
    else:
        bronregel = f"Bron: {bron} {jaar}; {BRON_KAART}. Gemaakt met wijkscan."

    pad = Path(pad)
    basis = pad.with_suffix("") if pad.suffix.lower() in (".png", ".svg", ".pdf") else pad
    basis.parent.mkdir(parents=True, exist_ok=True)
    b_mm, h_mm = PAPIER[papier]
    liggend = b_mm > h_mm
    rc = {"svg.fonttype": "none", "pdf.fonttype": 42, "hatch.linewidth": 0.8, "font.family": "DejaVu Sans",
          "svg.hashsalt": "wijkscan"}
    with plt.rc_context(rc):
        fig = plt.figure(figsize=(b_mm / 25.4, h_mm / 25.4))
        try:
            if liggend:
                ax = fig.add_axes((0.03, 0.08, 0.62, 0.79))
                leg_x, leg_y = 0.67, 0.86
            else:
                ax = fig.add_axes((0.04, 0.30, 0.92, 0.57))
                leg_x, leg_y = 0.06, 0.27
            ax.set_axis_off()
            ax.set_aspect("equal")
            geom = gebieden.geometry
            for i, kleur in enumerate(kl.kleuren):
                sel = geom[idx == i]
                if len(sel):
                    sel.plot(ax=ax, facecolor=kleur, edgecolor="none", linewidth=0)
            na = geom[idx < 0]
            if len(na):
                na.plot(ax=ax, facecolor=GEEN_GEGEVENS_KLEUR, edgecolor=ARCERING_KLEUR, hatch="////", linewidth=0)
            geom.boundary.plot(ax=ax, color="#ffffff", linewidth=0.9)
            geom.boundary.plot(ax=ax, color="#9a9a9a", linewidth=0.35)
            omtrek = shapely.union_all(geom.to_numpy())
            type(geom)([omtrek], crs=geom.crs).boundary.plot(ax=ax, color="#222222", linewidth=1.1)

            handles_a: list[Any] = []
            if aandachtsgebieden and len(wp.aandachtsgebieden):
                sc = wp.aandachtsgebieden.set_index("gebied")
                sc = sc[sc.index.isin(gebieden.index)]
                soort = sc["soort"].fillna("").astype(str)
                soorten = [
                    (soort.isin(["berekend", "berekend en aangewezen"]), "#c0141b", "-", 2.4,
                     "aandachtsgebied (berekend)"),
                    (soort.isin(["aangewezen", "berekend en aangewezen"]), "#1f5fbf", (0, (5, 3)), 1.8,
                     "aangewezen door de gemeente"),
                    ((soort == "") & (sc["status"] == "let op"), "#d46a00", (0, (1, 2)), 1.6,
                     "let op (dicht bij de grens)"),
                ]
                for mask, kleur, stijl, dikte, tekst in soorten:
                    codes = sc.index[mask.to_numpy()]
                    if len(codes):
                        rand = geom.loc[codes].boundary
                        rand.plot(ax=ax, color="white", linewidth=dikte + 1.8)   # casing: readable on dark fills
                        rand.plot(ax=ax, color=kleur, linestyle=stijl, linewidth=dikte)
                        handles_a.append(Line2D([], [], color=kleur, linestyle=stijl, linewidth=dikte,
                                                label=f"{tekst} ({getal(len(codes))})"))

            x0, y0, x1, y1 = geom.total_bounds
            mx, my = (x1 - x0) * 0.04, (y1 - y0) * 0.06
            ax.set_xlim(x0 - mx, x1 + mx)
            ax.set_ylim(y0 - my * 1.6, y1 + my)
            if namen if namen is not None else len(gebieden) <= 30:
                halo = [patheffects.withStroke(linewidth=2.4, foreground="white")]
                punten = labelpunten(geom)
                for p, n in zip(punten, gebieden["naam"], strict=True):
                    t = "\n".join(textwrap.wrap(str(n), 16))
                    opmaak = {"ha": "center", "va": "center", "fontsize": 6.5, "linespacing": 0.95}
                    # white halo (drawn as outlines), then the name itself as real text (searchable in PDF/SVG)
                    ax.text(p.x, p.y, t, color="white", path_effects=halo, zorder=15, **opmaak)
                    ax.text(p.x, p.y, t, color="#222222", zorder=16, **opmaak)
            _schaalbalk(ax, _mooie_lengte((x1 - x0) + 2 * mx))
            _noordpijl(ax)

            # --- title, legend, notes, source -----------------------------------------------------
            fig.text(0.03, 0.955, titel, fontsize=17, fontweight="bold", va="top")
            fig.text(0.03, 0.905, f"{gemeente_naam} · {indeling_tekst(wp)} · {periode}", fontsize=11, color="#444444",
                     va="top")
            handles = [Patch(facecolor=c, edgecolor="#666666", linewidth=0.6, label=f"{lbl}   ({getal(n)})")
                       for lbl, c, n in zip(kl.labels, kl.kleuren, kl.aantallen, strict=True)]
            if kl.geen_gegevens or kl.k == 0:
                handles.append(Patch(facecolor=GEEN_GEGEVENS_KLEUR, edgecolor=ARCERING_KLEUR, hatch="////",
                                     linewidth=0.6, label=f"geen gegevens   ({getal(kl.geen_gegevens)})"))
            leg = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(leg_x, leg_y), frameon=False,
                             title=textwrap.fill(kop(label, eenheid), 34), alignment="left", fontsize=9, title_fontsize=10.5,
                             handlelength=2.2, handleheight=1.3, borderaxespad=0)
            leg.get_title().set_fontweight("bold")
            fig.canvas.draw()
            onder = leg.get_window_extent().transformed(fig.transFigure.inverted()).y0
            tekst_y = onder - 0.02
            fig.text(leg_x, tekst_y, textwrap.fill(f"Klassen: {kl.beschrijving}. Donkerder = hoger. Tussen haakjes: aantal "
                                             f"{indeling_tekst(wp)}.", 52),
                     fontsize=8, color="#444444", va="top")
            tekst_y -= 0.075
            if handles_a:
                leg2 = fig.legend(handles=handles_a, loc="upper left", bbox_to_anchor=(leg_x, tekst_y),
                                  frameon=False, title="Aandachtsgebieden", alignment="left", fontsize=9,
                                  title_fontsize=10.5, handlelength=2.8, borderaxespad=0)
                leg2.get_title().set_fontweight("bold")
                fig.canvas.draw()
                tekst_y = leg2.get_window_extent().transformed(fig.transFigure.inverted()).y0 - 0.02
            gem = rijen["gemeente"].dropna()
            extra = []
            if len(gem):
                extra.append(f"Gemeente {gemeente_naam} als geheel: {waarde_tekst(gem.iloc[0], dec, eenheid)}.")
            extra.extend(notes)
            if extra:
                fig.text(leg_x, tekst_y, "\n".join(textwrap.fill(t, 56) for t in extra), fontsize=8, color="#444444",
                         va="top")
            fig.text(0.03, 0.025, bronregel, fontsize=8, color="#444444", va="bottom")

            geschreven = []
            meta = {"Title": f"{titel} — {gemeente_naam} {periode}", "Creator": "wijkscan"}
            for fmt in formaten:
                doel = basis.with_suffix(f".{fmt}")
                kwargs: dict[str, Any] = {"format": fmt}
                if fmt == "png":
                    kwargs["dpi"] = dpi
                    kwargs["metadata"] = {"Title": meta["Title"], "Software": "wijkscan"}
                elif fmt == "pdf":
                    kwargs["metadata"] = meta
                else:
                    kwargs["metadata"] = {"Title": meta["Title"], "Creator": "wijkscan", "Date": None}
                fig.savefig(doel, facecolor="white", **kwargs)
                geschreven.append(doel)
        finally:
            plt.close(fig)
    return geschreven

