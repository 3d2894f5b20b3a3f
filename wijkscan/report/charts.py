"""Charts for the PDF report, as SVG images in data URIs (crisp in print, small in the file).

Every chart is readable in black and white: the area and the gemeente differ in lightness
and hatching, not only in colour.
"""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from ..nlformat import getal  # noqa: E402

GEBIED = "#1f4e79"
GEMEENTE = "#b8c7d9"
NEDERLAND = "#7f7f7f"
LEEFTIJDEN = [("leeftijd_0_15_aandeel", "0–15"), ("leeftijd_15_25_aandeel", "15–25"), ("leeftijd_25_45_aandeel", "25–45"),
              ("leeftijd_45_65_aandeel", "45–65"), ("leeftijd_65plus_aandeel", "65+")]

plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 8, "svg.fonttype": "none",
                     "axes.spines.top": False, "axes.spines.right": False})


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue().encode("utf-8")).decode("ascii")


def _png(fig, dpi: int = 200) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _nl(decimals: int = 0):
    return FuncFormatter(lambda v, _pos: getal(v, decimals))


def leeftijdsopbouw(rij: pd.DataFrame, naam: str, gemeente_naam: str) -> str | None:
    """Bars of the five age bands: the area beside the gemeente and Nederland (% of inhabitants).

    ``rij`` is the area's profile indexed by indicator (columns waarde, gemeente, nederland).
    """
    have = [(i, lbl) for i, lbl in LEEFTIJDEN if i in rij.index and pd.notna(rij.loc[i, "waarde"])]
    if not have:
        return None
    fig, ax = plt.subplots(figsize=(5.6, 2.2))
    x = range(len(have))
    w = 0.27
    vals = [rij.loc[i, "waarde"] for i, _ in have]
    gem = [rij.loc[i, "gemeente"] for i, _ in have]
    nl = [rij.loc[i, "nederland"] for i, _ in have]
    ax.bar([p - w for p in x], vals, w, color=GEBIED, label=naam)
    ax.bar(list(x), gem, w, color=GEMEENTE, hatch="//", edgecolor="#4d6a8a", linewidth=0.4, label=gemeente_naam)
    if any(pd.notna(v) for v in nl):
        ax.bar([p + w for p in x], nl, w, color="white", edgecolor=NEDERLAND, linewidth=1.0,
               label="Nederland")
    ax.set_xticks(list(x), [lbl for _, lbl in have])
    ax.set_xlabel("leeftijd (jaar)")
    ax.set_ylabel("% van de inwoners")
    ax.yaxis.set_major_formatter(_nl())
    ax.legend(frameon=False, fontsize=7, ncols=3, loc="upper center", bbox_to_anchor=(0.5, 1.18))
    return _svg(fig)


def vergelijking(rij: pd.DataFrame, indicatoren: list[tuple[str, str]], eenheid: str, naam: str = "gebied",
                 gemeente_naam: str = "gemeente") -> str | None:
    """Horizontal bars of a few indicators of one unit: area against gemeente."""
    have = [(i, lbl) for i, lbl in indicatoren if i in rij.index and pd.notna(rij.loc[i, "waarde"])]
    if not have:
        return None
    fig, ax = plt.subplots(figsize=(5.6, 0.45 * len(have) + 0.6))
    y = range(len(have))
    ax.barh([p + 0.2 for p in y], [rij.loc[i, "waarde"] for i, _ in have], 0.38, color=GEBIED, label=naam)
    ax.barh([p - 0.2 for p in y], [rij.loc[i, "gemeente"] for i, _ in have], 0.38, color=GEMEENTE, hatch="//",
            edgecolor="#4d6a8a", linewidth=0.4, label=gemeente_naam)
    ax.set_yticks(list(y), [lbl for _, lbl in have])
    ax.invert_yaxis()
    ax.set_xlabel(eenheid)
    ax.xaxis.set_major_formatter(_nl())
    ax.legend(frameon=False, fontsize=7, ncols=2, loc="upper center", bbox_to_anchor=(0.5, 1.0 + 0.5 / (len(have) + 1)))
    return _svg(fig)


def trend(reeks_gebied: pd.Series, reeks_gemeente: pd.Series | None, titel: str, eenheid: str,
          naam: str, gemeente_naam: str) -> str | None:
    """Line chart over the years: the area (and the gemeente on a second axis when it is a count)."""
    if reeks_gebied is None or reeks_gebied.dropna().size < 2:
        return None
    fig, ax = plt.subplots(figsize=(5.6, 1.9))
    s = reeks_gebied.dropna().sort_index()
    ax.plot(s.index, s.values, marker="o", color=GEBIED, label=naam)
    if reeks_gemeente is not None and reeks_gemeente.dropna().size >= 2:
        g = reeks_gemeente.dropna().sort_index()
        ax.plot(g.index, g.values, marker="s", linestyle="--", color="#555555", label=gemeente_naam)
    ax.set_title(titel, fontsize=8, loc="left")
    ax.set_ylabel(eenheid)
    ax.yaxis.set_major_formatter(_nl(1 if s.abs().max() < 10 else 0))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{int(v)}"))
    ax.set_xticks(sorted(set(s.index) | (set(reeks_gemeente.dropna().index) if reeks_gemeente is not None else set())))
    ax.legend(frameon=False, fontsize=7)
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


def ligging(gebieden, code: str, gemeente_code: str) -> str:
    """A locator map: the gemeente's buurten in light grey, the area dark, north up."""
    fig, ax = plt.subplots(figsize=(3.2, 3.2))
    g = gebieden[gebieden.geometry.notna()]
    outline = g[g.index == gemeente_code]
    buurten = g[g.niveau == "buurt"]
    buurten.plot(ax=ax, color="#eeeeee", edgecolor="#999999", linewidth=0.3)
    if code in g.index:
        g.loc[[code]].plot(ax=ax, color=GEBIED, edgecolor="black", linewidth=0.8)
    if not outline.empty:
        outline.boundary.plot(ax=ax, color="black", linewidth=0.8)
    ax.set_axis_off()
    ax.set_aspect("equal")
    x0, y0, x1, y1 = (outline if not outline.empty else g).total_bounds
    ax.annotate("N", xy=(0.93, 0.97), xycoords="axes fraction", ha="center", fontsize=9, fontweight="bold")
    ax.annotate("", xy=(0.93, 0.95), xytext=(0.93, 0.82), xycoords="axes fraction",
                arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1})
    km = 1000 if (x1 - x0) > 3000 else 500
    ax.plot([x0, x0 + km], [y0 - (y1 - y0) * 0.04] * 2, color="black", linewidth=2)
    ax.text(x0 + km / 2, y0 - (y1 - y0) * 0.09, f"{km // 1000 or km} {'km' if km >= 1000 else 'm'}", ha="center",
            fontsize=7)
    return _png(fig)  # a raster keeps reports of gemeenten with many buurten fast to render and small
