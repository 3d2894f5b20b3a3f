"""Charts for the PDF report, as PNG images (180 dpi) in data URIs.

Every chart is readable in black and white: the area and the gemeente differ in lightness
and hatching, not only in colour.
"""

from __future__ import annotations

import base64
import html
import io
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import patheffects  # noqa: E402
from matplotlib.artist import Artist  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from .. import tekens  # noqa: E402
from ..areas import met_benaderde_grenzen  # noqa: E402
from ..nlformat import getal  # noqa: E402
from ..teksten import in_zin  # noqa: E402

if TYPE_CHECKING:
    import geopandas as gpd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from shapely.geometry import Polygon

GEBIED = "#1f4e79"
GEMEENTE = "#b8c7d9"
NEDERLAND = "#7f7f7f"
LEEFTIJDEN = [("leeftijd_0_15_aandeel", "0–15"), ("leeftijd_15_25_aandeel", "15–25"), ("leeftijd_25_45_aandeel", "25–45"),
              ("leeftijd_45_65_aandeel", "45–65"), ("leeftijd_65plus_aandeel", "65+")]

plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 8, "svg.fonttype": "none",
                     "axes.spines.top": False, "axes.spines.right": False})


def _svg(fig) -> str:
    """A chart for the PDF. A 180 dpi PNG, not SVG: drawing SVG charts took half of WeasyPrint's time per
    report (see benchmarks/bench_rapporten.py), and 180 dpi prints sharp at the size it has on A4."""
    return _png(fig, dpi=180)


def _png(fig, dpi: int = 200, sluiten: bool = True, extra: Sequence[tuple[Artist, Bbox]] = ()) -> str:
    """The figure as a PNG data URI, cut to what is drawn (as ``bbox_inches="tight"``, byte for byte the same image).

    ``bbox_inches="tight"`` makes matplotlib draw the whole figure twice (once to measure, once to save); the box is
    measured here without drawing, so the figure is drawn once; ``extra`` are artists left out of that measurement,
    each with its box in inches around the point its transform puts at (0, 0). zlib level 1: level 6 cost 20 % of a
    report; the PDF is a few per cent larger."""
    buf = io.BytesIO()
    oud = fig.dpi
    fig.dpi = dpi                # measure text at the resolution it is saved at
    try:
        vakken = [fig.get_tightbbox(fig.canvas.get_renderer())]     # (places the axes as drawn: aspect applied)
        vakken += [rel.translated(*(a.get_transform().transform((0, 0)) / dpi)) for a, rel in extra]
        vak = Bbox.union(vakken).padded(plt.rcParams["savefig.pad_inches"])
    finally:
        fig.dpi = oud
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches=vak, pil_kwargs={"compress_level": 1})
    if sluiten:
        plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _nl(decimals: int = 0):
    return FuncFormatter(lambda v, _pos: getal(v, decimals))


def staafdiagram(groepen: list[tuple[str, list[float | None]]], series: list[str], eenheid: str = "%",
                 decimalen: int = 1) -> str:
    """Horizontal bars as HTML (no image): the labels and values are real text, nothing can be cut off,
    every bar starts at zero, and it costs WeasyPrint almost nothing to draw.

    ``groepen`` is ``[(label, [value per serie]), ...]``; ``series`` names the series (the area, the
    gemeente, Nederland), told apart in black and white: solid, hatched, open.
    """
    waarden = [v for _, vs in groepen for v in vs if v is not None and pd.notna(v)]
    if not waarden:
        return ""
    top = max(waarden) * 1.08 or 1.0
    e = html.escape
    leg = "".join(f'<span class="stv-l"><span class="stv-vak stv-s{i}"></span>{e(str(n))}</span>'
                  for i, n in enumerate(series))
    rijen = []
    for label, vs in groepen:
        balken = []
        for i, v in enumerate(vs[:len(series)]):
            if v is None or pd.isna(v):
                continue
            breedte = max(0.0, float(v)) / top * 82          # leave room for the value after the bar
            balken.append(f'<div class="stv-r"><span class="stv-b stv-s{i}" style="width:{breedte:.1f}%"></span>'
                          f'<span class="stv-w">{e(getal(v, decimalen, eenheid))}</span></div>')
        rijen.append(f'<div class="stv-g"><div class="stv-lbl">{e(label)}</div><div class="stv-bs">{"".join(balken)}'
                     "</div></div>")
    return f'<div class="staven"><div class="stv-leg">{leg}</div>{"".join(rijen)}</div>'


def leeftijdsopbouw(rij: pd.DataFrame, naam: str, gemeente_naam: str) -> str | None:
    """The five age bands: the area beside the gemeente and Nederland (% of inhabitants), as HTML bars.

    ``rij`` is the area's profile indexed by indicator (columns waarde, gemeente, nederland).
    """
    have = [(i, lbl) for i, lbl in LEEFTIJDEN if i in rij.index and pd.notna(rij.loc[i, "waarde"])]
    if not have:
        return None
    nl = any(pd.notna(rij.loc[i, "nederland"]) for i, _ in have)
    series = [naam, gemeente_naam] + (["Nederland"] if nl else [])
    groepen = [(f"{lbl} jaar", [rij.loc[i, "waarde"], rij.loc[i, "gemeente"]] + ([rij.loc[i, "nederland"]] if nl else []))
               for i, lbl in have]
    return staafdiagram(groepen, series, "%", 1)


def vergelijking(rij: pd.DataFrame, indicatoren: list[tuple[str, str]], eenheid: str, naam: str = "gebied",
                 gemeente_naam: str = "gemeente") -> str | None:
    """A few indicators of one unit, the area against the gemeente, as HTML bars."""
    have = [(i, lbl) for i, lbl in indicatoren if i in rij.index and pd.notna(rij.loc[i, "waarde"])]
    if not have:
        return None
    return staafdiagram([(lbl, [rij.loc[i, "waarde"], rij.loc[i, "gemeente"]]) for i, lbl in have],
                        [naam, gemeente_naam], "%" if "%" in eenheid else "", 0)


def trend(reeks_gebied: pd.Series, reeks_gemeente: pd.Series | None, titel: str, eenheid: str,
          naam: str, gemeente_naam: str) -> str | None:
    """Line chart over the years, the y-axis from zero.

    For a count (``eenheid == "aantal"``) the area and the gemeente are not on one scale: both are
    shown as an index (first year = 100), with the area's own counts written at its points. Other
    units are drawn as they are, with the gemeente line beside the area.
    """
    if reeks_gebied is None or reeks_gebied.dropna().size < 2:
        return None
    fig, ax = plt.subplots(figsize=(5.6, 2.0))
    s = reeks_gebied.dropna().sort_index()
    g = reeks_gemeente.dropna().sort_index() if reeks_gemeente is not None else pd.Series(dtype=float)
    g = g[g.index.isin(s.index)]
    index = eenheid == "aantal"
    y = s / s.iloc[0] * 100 if index and s.iloc[0] else s
    ax.plot(s.index, y.values, marker="o", color=GEBIED, label=naam, linewidth=1.6)
    if index:
        for x, yy, v in zip(s.index, y.values, s.values, strict=True):
            ax.annotate(getal(v), (x, yy), textcoords="offset points", xytext=(0, 5), ha="center", fontsize=6.5,
                        color=GEBIED)
    if len(g) >= 2 and g.iloc[0]:
        gy = g / g.iloc[0] * 100 if index else g
        ax.plot(g.index, gy.values, marker="s", linestyle="--", color="#555555", label=f"{gemeente_naam} (gemeente)")
    ax.set_title(titel + (f", {int(s.index[0])} = 100" if index else ""), fontsize=8, loc="left")
    ax.set_ylabel("index" if index else eenheid)
    top = max(float(y.max()), float((g / g.iloc[0] * 100).max()) if index and len(g) >= 2 and g.iloc[0] else
              float(g.max()) if len(g) else 0.0)
    ax.set_ylim(0, top * 1.22 if top > 0 else 1)                 # from zero: a small dip stays small
    ax.yaxis.set_major_formatter(_nl(1 if top < 10 else 0))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{int(v)}"))
    ax.set_xticks(list(s.index))
    ax.legend(frameon=False, fontsize=7, loc="lower left", ncols=2)
    return _svg(fig)


def bijdragen(b: pd.DataFrame) -> str | None:
    """The contribution of each indicator to the area's aandachtsgebied score."""
    b = b.dropna(subset=["bijdrage"])
    if b.empty:
        return None
    b = b.sort_values("bijdrage")
    fig, ax = plt.subplots(figsize=(5.6, 0.35 * len(b) + 0.6))
    colors = [GEBIED if v > 0 else GEMEENTE for v in b.bijdrage]
    hatches = ["" if v > 0 else "//" for v in b.bijdrage]
    bars = ax.barh(b.label, b.bijdrage, color=colors, edgecolor="#333333", linewidth=0.3)
    for bar, h in zip(bars, hatches, strict=True):
        bar.set_hatch(h)
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_xlabel("bijdrage aan de score (positief = minder gunstig)")
    ax.xaxis.set_major_formatter(_nl(2))
    return _svg(fig)


def _te_tekenen(gebieden) -> tuple[Any, pd.Series]:
    """The areas to draw (a real polygon, or the approximate outline of a buurt without one, see
    :func:`wijkscan.areas.met_benaderde_grenzen`), and a boolean Series, True for the approximate ones."""
    g = met_benaderde_grenzen(gebieden)
    heeft = g.geometry.notna() & ~g.geometry.is_empty.fillna(True)
    return g[heeft], g.benaderd[heeft]


_OMTREK: dict[tuple, Any] = {}


def _omtrek(g, benaderd: pd.Series):
    """The outline of the gemeente (real polygons only), computed once per set of areas."""
    key = (len(g), tuple(g.index[:3]), tuple(g.total_bounds.round(1)))
    if key not in _OMTREK:
        union = (g[~benaderd] if (~benaderd).any() else g).geometry.union_all()
        _OMTREK.clear()
        _OMTREK[key] = type(g.geometry)([union], crs=g.crs)
    return _OMTREK[key]


#: the names on locator maps, per process (a batch names the same areas in report after report): per (name, size,
#: weight, dpi) the glyph outlines in points around the anchor and the name's box in pixels around it
_NAMEN: dict[tuple[str, float, str, float], tuple[MplPath, Bbox]] = {}


def _naam_vorm(ax: Axes, naam: str, grootte: float, gewicht: str) -> tuple[MplPath, Bbox]:
    """The outline and box of one name as matplotlib lays it out (``ax.text(..., ha="center", va="center")``),
    made once. Drawing a name with a white halo (a path effect) made matplotlib lay out and trace the glyphs
    again in every report: 60 % of the locator map (benchmarks/README.md)."""
    key = (naam, grootte, gewicht, float(ax.figure.dpi))
    if key not in _NAMEN:
        from matplotlib.backends.backend_agg import RendererAgg
        from matplotlib.font_manager import FontProperties
        from matplotlib.textpath import TextPath
        from matplotlib.transforms import IdentityTransform

        t = ax.text(0, 0, naam, ha="center", va="center", fontsize=grootte, fontweight=gewicht,
                    transform=IdentityTransform())
        vak = t.get_window_extent(ax.figure.canvas.get_renderer())  # type: ignore[attr-defined]
        _, regels, _ = t._get_layout(RendererAgg(10, 10, 72))  # type: ignore[attr-defined]  # at 72 dpi: points
        t.remove()
        prop = FontProperties(size=grootte, weight=gewicht)
        vorm = MplPath.make_compound_path(*[TextPath((x, y), regel, size=grootte, prop=prop)
                                            for regel, _, (x, y) in regels if regel])
        _NAMEN[key] = (vorm, vak)
    return _NAMEN[key]


def _namen_in_beeld(fig: Figure, ax: Axes, g: gpd.GeoDataFrame, code: str, zicht: Polygon,
                    zijde: float) -> list[tuple[Artist, Bbox]]:
    """Names on the locator map: the area itself first, then the largest neighbours; a name never covers another.
    Each name is drawn as its glyph outline (black, white halo), as matplotlib draws text with a halo. Returns the
    names with their boxes in inches (for cutting the image: measuring the outlines costs more than drawing them)."""
    from matplotlib.patches import PathPatch
    from matplotlib.transforms import Affine2D, ScaledTranslation

    from ..maps import labelpunten

    punten = dict(zip(g.index, labelpunten(g.geometry), strict=True))
    volgorde = [code] + sorted((c for c in g.index if c != code), key=lambda c: -g.loc[c].geometry.area)
    bezet: list = []
    vakken: list[tuple[Artist, Bbox]] = []
    halo = [patheffects.withStroke(linewidth=2, foreground="white")]
    for c in volgorde:
        p = punten[c]
        if not zicht.contains(p) or (c != code and g.loc[c].geometry.intersection(zicht).area < (zijde * 2) ** 2 * 0.012):
            continue
        naam = "\n".join(textwrap.wrap(str(g.loc[c, "naam"]), 14, break_long_words=False))
        vorm, vak = _naam_vorm(ax, naam, 7.5 if c == code else 5.8, "bold" if c == code else "normal")
        px, py = ax.transData.transform((p.x, p.y))
        bb = vak.translated(px, py).expanded(1.05, 1.1)
        if any(bb.overlaps(o) for o in bezet):
            continue
        bezet.append(bb)
        plek = ScaledTranslation(p.x, p.y, ax.transData)  # type: ignore[arg-type]  # follows the data through the
        # crop of savefig (any transform works; the stubs ask for an affine one)
        patch = PathPatch(vorm, facecolor="#111111", edgecolor="none", linewidth=0, zorder=3, clip_on=False,
                          in_layout=False, path_effects=halo,
                          transform=Affine2D().scale(1 / 72) + fig.dpi_scale_trans + plek)
        vakken.append((ax.add_artist(patch), Bbox(vak.get_points() / fig.dpi)))
    return vakken


def _weinig(min_inwoners: int) -> str:
    """The legend entry of the areas with too few inwoners, in the words of the sign ``·`` (wijkscan.tekens)."""
    return tekens.uitleg(tekens.WEINIG_INWONERS, min_inwoners=min_inwoners).split(":")[0]


def omgeving(gebieden: gpd.GeoDataFrame, code: str, waarden: pd.Series | None, meta: pd.Series | None,
             klein: pd.Series | None = None, min_inwoners: int = 100) -> tuple[str, str]:
    """A map of the area in its surroundings: the neighbouring areas of the same indeling (coloured by
    ``waarden`` when given, in the print-map classes), the area outlined, names of the areas in view.

    Returns the image (PNG data URI) and its caption. An area without a polygon gets the map of the
    whole gemeente and a caption that says so; a buurt with only an approximate outline is drawn with
    it, dashed, and the caption says "grens bij benadering". Areas the result marks ``klein`` (fewer
    inhabitants than the publication threshold) get no class colour for rates and do not set the classes.
    """
    from ..maps.classify import GEEN_GEGEVENS_KLEUR, KLEIN_KLEUR, klasseer

    g, benaderd = _te_tekenen(gebieden)
    heeft_vlak = code in g.index
    kleuren = pd.Series("#eeeeee", index=g.index)
    legenda = []
    if waarden is not None and meta is not None:
        dec = int(meta.get("decimalen", 1))
        eenheid = str(meta.get("eenheid", ""))
        w = waarden.reindex(g.index).astype(float)
        masker = (klein.reindex(g.index).fillna(True).astype(bool) if klein is not None and
                  str(meta.get("aggregatie", "")) != "som" else pd.Series(False, index=g.index))
        w = w.where(~masker)
        kl = klasseer(w.to_numpy(), "quantiles", 4, richting=str(meta.get("richting", "neutraal")), decimalen=dec,
                      eenheid="%" if eenheid == "%" else "")
        idx = kl.klasse(w.to_numpy())
        kleuren = pd.Series([kl.kleuren[i] if i >= 0 else GEEN_GEGEVENS_KLEUR for i in idx], index=g.index)
        kleuren[masker] = KLEIN_KLEUR
        legenda = list(zip(kl.labels, kl.kleuren, strict=True))
        if masker.any():
            legenda.append((_weinig(min_inwoners), KLEIN_KLEUR))
    fig, ax, grenzen = _basiskaart(g, benaderd, kleuren)
    eerst = (len(ax.collections), len(ax.lines), len(ax.texts), len(ax.patches))
    doel_benaderd = heeft_vlak and bool(benaderd[code])
    namen: list[tuple[Artist, Bbox]] = []
    if heeft_vlak:
        doel = g.loc[[code]]
        doel.boundary.plot(ax=ax, color="white", linewidth=3.2)
        doel.boundary.plot(ax=ax, color="black", linewidth=1.6, linestyle=(0, (4, 2)) if doel_benaderd else "-")
        x0, y0, x1, y1 = doel.total_bounds
        r = max(x1 - x0, y1 - y0) * 1.1 + 400
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        gx0, gy0, gx1, gy1 = g.total_bounds
        vx0, vx1 = max(cx - r, gx0 - 100), min(cx + r, gx1 + 100)
        vy0, vy1 = max(cy - r, gy0 - 100), min(cy + r, gy1 + 100)
        zijde = max(vx1 - vx0, vy1 - vy0) / 2
        cx, cy = (vx0 + vx1) / 2, (vy0 + vy1) / 2
        ax.set_xlim(cx - zijde, cx + zijde)
        ax.set_ylim(cy - zijde, cy + zijde)
        from shapely.geometry import box

        zicht = box(cx - zijde, cy - zijde, cx + zijde, cy + zijde)
        namen = _namen_in_beeld(fig, ax, g[g.intersects(zicht)], code, zicht, zijde)   # only what is in view is named
        naam = str(g.loc[code, "naam"])
        if doel_benaderd:
            tekst = (f"{naam} (zwarte stippellijn) tussen de omliggende gebieden. Deze buurt staat niet op de "
                     "meegeleverde buurtkaart: grens bij benadering, uit een schematische kaart.")
        else:
            tekst = f"{naam} (zwarte rand) tussen de omliggende gebieden."
            if benaderd.any():
                tekst += " Stippellijn: grens bij benadering."
    else:
        tekst = "Dit gebied heeft geen vlak op de meegeleverde kaart; hier de hele gemeente."
    if legenda and meta is not None:
        from matplotlib.patches import Patch

        ax.legend(handles=[Patch(facecolor=c, edgecolor="#777777", linewidth=0.4, label=lbl) for lbl, c in legenda],
                  loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=6.5,
                  title=textwrap.fill(str(meta.get("label", "")), 22), title_fontsize=7)
        tekst += f" Kleur: {in_zin(str(meta.get('label', '')))} (donkerder = hoger)."
    if not heeft_vlak:
        ax.set_xlim(grenzen[0])
        ax.set_ylim(grenzen[1])
    try:
        return _png(fig, dpi=150, sluiten=False, extra=namen), tekst
    finally:      # back to the base map for the next report: the outline, names and legend of this one removed
        for artist in ax.collections[eerst[0]:] + ax.lines[eerst[1]:] + ax.texts[eerst[2]:] + ax.patches[eerst[3]:]:
            artist.remove()
        if ax.get_legend() is not None:
            ax.get_legend().remove()


#: base maps per set of areas and colours, drawn once per process (a batch draws the gemeente once per indicator,
#: not once per report; benchmarks/bench_rapporten.py)
_BASIS: dict[tuple, tuple] = {}


def _basiskaart(g, benaderd: pd.Series, kleuren: pd.Series) -> tuple:
    """The figure with every area in its colour, the approximate outlines and the gemeente's outline, and the
    limits of the whole gemeente."""
    key = (len(g), tuple(g.index[:3]), tuple(g.total_bounds.round(1)), tuple(kleuren.reindex(g.index)))
    if key not in _BASIS:
        if len(_BASIS) >= 16:    # a batch of Assen uses 9 (8 indicators and the uncoloured map of a small area)
            plt.close(_BASIS.pop(next(iter(_BASIS)))[0])
        fig, ax = plt.subplots(figsize=(3.4, 3.4))
        ax.set_axis_off()
        ax.set_aspect("equal")
        g.plot(ax=ax, color=kleuren.reindex(g.index).to_numpy(), edgecolor="white", linewidth=0.6)
        if benaderd.any():
            g[benaderd].boundary.plot(ax=ax, color="#555555", linewidth=0.4, linestyle=(0, (3, 2)))
        _omtrek(g, benaderd).boundary.plot(ax=ax, color="#333333", linewidth=0.6)
        _BASIS[key] = (fig, ax, (ax.get_xlim(), ax.get_ylim()))
    return _BASIS[key]


def gemeentekaart(gebieden: gpd.GeoDataFrame, waarden: pd.Series, meta: pd.Series, klein: pd.Series | None = None,
                  min_inwoners: int = 100) -> str:
    """The whole gemeente for the overview: every area coloured by one indicator (print classes), with
    its name placed so names never overlap (beside the area with a leader line when it does not fit). Areas the
    result marks ``klein`` get no class colour for a rate and do not set the classes."""
    from ..maps import plaats_namen
    from ..maps.classify import GEEN_GEGEVENS_KLEUR, KLEIN_KLEUR, klasseer

    g, benaderd = _te_tekenen(gebieden)
    fig = plt.figure(figsize=(7.1, 6.2))
    ax = fig.add_axes((0.0, 0.0, 0.74, 1.0))
    ax.set_axis_off()
    ax.set_aspect("equal")
    dec = int(meta.get("decimalen", 1))
    eenheid = str(meta.get("eenheid", ""))
    w = waarden.reindex(g.index).astype(float)
    masker = (klein.reindex(g.index).fillna(True).astype(bool) if klein is not None and
              str(meta.get("aggregatie", "")) != "som" else pd.Series(False, index=g.index))
    w = w.where(~masker)
    kl = klasseer(w.to_numpy(), "quantiles", 5, richting=str(meta.get("richting", "neutraal")), decimalen=dec,
                  eenheid="%" if eenheid == "%" else "")
    idx = kl.klasse(w.to_numpy())
    kleuren = [KLEIN_KLEUR if m else kl.kleuren[i] if i >= 0 else GEEN_GEGEVENS_KLEUR
               for i, m in zip(idx, masker, strict=True)]
    g.plot(ax=ax, color=kleuren, edgecolor="white", linewidth=0.5)
    if benaderd.any():
        g[benaderd].boundary.plot(ax=ax, color="#555555", linewidth=0.4, linestyle=(0, (3, 2)))
    omtrek = (g[~benaderd] if (~benaderd).any() else g).geometry.union_all()
    type(g.geometry)([omtrek], crs=g.crs).boundary.plot(ax=ax, color="#333333", linewidth=0.7)
    x0, y0, x1, y1 = g.total_bounds
    m = max(x1 - x0, y1 - y0) * 0.03
    ax.set_xlim(x0 - m, x1 + m)
    ax.set_ylim(y0 - m, y1 + m)
    fig.canvas.draw()
    grootte = 6.0 if len(g) <= 30 else 4.6
    over = plaats_namen(fig, ax, g.geometry, list(g["naam"].astype(str)), grootte)
    from matplotlib.patches import Patch

    handles: list[Artist] = [Patch(facecolor=c, edgecolor="#777777", linewidth=0.4, label=lbl)
                             for lbl, c in zip(kl.labels, kl.kleuren, strict=True)]
    if ((idx < 0) & ~masker.to_numpy()).any():
        leeg = tekens.ONBEKEND if kl.k > 0 else tekens.GEEN_GEGEVENS   # one sign per meaning (wijkscan.tekens)
        handles.append(Patch(facecolor=GEEN_GEGEVENS_KLEUR, edgecolor="#777777", linewidth=0.4, label=leeg))
    if masker.any():
        handles.append(Patch(facecolor=KLEIN_KLEUR, edgecolor="#777777", linewidth=0.4, label=_weinig(min_inwoners)))
    if benaderd.any():
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], color="#555555", linestyle=(0, (3, 2)), linewidth=0.8, label="grens bij benadering"))
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.75, 0.98), frameon=False, fontsize=7,
               title=textwrap.fill(str(meta.get("label", "")), 24) + ("\n(donkerder = hoger)" if kl.k > 1 else ""),
               title_fontsize=7.5, alignment="left")
    if over:
        fig.text(0.75, 0.45, textwrap.fill("Geen ruimte voor de naam van: " + ", ".join(sorted(over)) + ".", 34),
                 fontsize=6, color="#444444", va="top")
    return _png(fig, dpi=200)
