"""Statistics of meldingen openbare ruimte: per area, category and period; patterns; publication.

The functions live in one module per stage and are gathered here:
:mod:`~wijkscan.analysis.meldingen_toewijzing` (assignment to areas, counts),
:mod:`~wijkscan.analysis.meldingen_tijd` (periods, trends), :mod:`~wijkscan.analysis.meldingen_toetsen`
(patterns against a reference period) and :mod:`~wijkscan.analysis.meldingen_publicatie` (what may be
published; the internal point layer). A wijkanalyse counts and suppresses once for all levels through
:func:`wijkscan.analysis.meldingentelling.tel_meldingen`: that is the only path to anything published.

Everything takes the ``meldingen`` GeoDataFrame of :func:`wijkscan.sources.meldingen.lees_meldingen`
(RD New, columns ``datum, categorie, subcategorie, ...``) and areas as a :class:`GemeenteData`
(``wijkscan.load(...)``) or any GeoDataFrame of polygons (an own wijkindeling, PC4, ...).

Points that fall in no area are never dropped: they get the row ``(geen gebied)`` in the tables.
Areas without geometry (e.g. 2024 buurten missing from the older buurt map) keep their row with
``meldingen`` NA ("onbekend"), because their meldingen cannot be found.

Patterns (:func:`patronen`)
---------------------------
For every area × category cell, the count in a period is compared with a reference period:

* ``toets="rest_gemeente"`` (default): Fisher's exact test, one-sided, on the 2×2 table
  (cell now, cell before; rest of the gemeente now, rest before): did the cell rise more than
  the same category elsewhere? This is robust to seasons and to changes that hit the whole
  gemeente (a new app, a storm, a change in how meldingen are collected).
* ``toets="eigen_historie"``: the conditional binomial test of two Poisson rates: given the
  cell's total ``n = n_nu + n_voor``, under "no change" ``n_nu ~ Binomial(n, t_nu / (t_nu + t_voor))``
  (t = period lengths in days); one-sided p = P(X ≥ n_nu).

Both p-values are always reported; the chosen one is corrected for multiple testing with
Benjamini–Hochberg (false discovery rate) over all tested cells. Cells with fewer than
``min_aantal`` meldingen in the period are not tested (they cannot become significant and would only
dilute the correction). A cell is a signal when q ≤ ``alpha`` and its own rate went up.

Publication (:mod:`~wijkscan.analysis.meldingen_publicatie`)
------------------------------------------------------------
Published tables and layers hold only area codes/names, category names and counts — never free
text, addresses, reporter details or points. There is **one** way to publish counts:
:class:`wijkscan.analysis.meldingentelling.Meldingentelling` (``wa.meldingentelling.tabel("wijk")``),
which decides what is hidden for all levels at once and is audited exactly
(:mod:`wijkscan.analysis.privacy`). The counts of :func:`tel_per_gebied` and :func:`kruistabel` are
internal (true counts, nothing hidden). Exact points only through :func:`interne_puntenlaag`,
marked "alleen voor intern gebruik".
"""

from __future__ import annotations

# one module per stage; imported in alphabetical order, listed in __all__ in the order of the flow
from .meldingen_publicatie import (  # stage 4, publication: what may be published; the internal point layer
    GEBRUIK_INTERN,
    PUBLICEERBARE_KOLOMMEN,
    interne_puntenlaag,
)
from .meldingen_tijd import tel_per_periode, trend, vergelijk_perioden  # stage 2, time: periods, trends
from .meldingen_toetsen import patronen  # stage 3, patterns: cells that rose against a reference period
from .meldingen_toewijzing import (  # stage 1, assignment: points to areas, internal counts
    GEEN_GEBIED,
    GEEN_GEBIED_NAAM,
    RD,
    Puntkoppeling,
    _inwoners,  # the private helpers are shared with hotspots and landelijk
    _koppel,
    _punt_in_vlak,
    _vlakken,
    _xy,
    koppel_gebieden,
    koppel_met_verslag,
    kruistabel,
    tel_per_categorie,
    tel_per_gebied,
)

__all__ = [
    # 1. assignment (meldingen_toewijzing)
    "GEEN_GEBIED",
    "GEEN_GEBIED_NAAM",
    "RD",
    "Puntkoppeling",
    "koppel_gebieden",
    "koppel_met_verslag",
    "kruistabel",
    "tel_per_categorie",
    "tel_per_gebied",
    "_inwoners",
    "_koppel",
    "_punt_in_vlak",
    "_vlakken",
    "_xy",
    # 2. time (meldingen_tijd)
    "tel_per_periode",
    "trend",
    "vergelijk_perioden",
    # 3. patterns (meldingen_toetsen)
    "patronen",
    # 4. publication (meldingen_publicatie; the published counts themselves: meldingentelling + privacy)
    "GEBRUIK_INTERN",
    "PUBLICEERBARE_KOLOMMEN",
    "interne_puntenlaag",
]
