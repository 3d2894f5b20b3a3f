"""The wijkprofiel: every indicator for every area and year, beside gemeente and Nederland.

:func:`bereken_profiel` returns a tidy table with one row per area × indicator × year:

``gebied, naam, indicator, label, thema, eenheid, richting, jaar, waarde, gemeente,
nederland, index, rang, aantal_gebieden, reden, herkomst, bron``

* ``index`` = 100 × waarde / gemeente value (gemeente = 100, as in Rotterdam's Wijkprofiel);
  only for rates, shares and means — not for counts or classes;
* ``rang`` = position among the areas of the indeling in that year: 1 is the most
  favourable value (one convention everywhere, printed as "1 = gunstigst"); indicators
  without a direction (neutral) have no rank, and neither have counts (like the index: the
  largest area would simply have the most misdrijven);
* ``reden`` says why ``waarde`` is NA (suppressed by CBS, not in that year's table, cannot be
  aggregated, a buurt without figures …);
* ``herkomst`` says how a value was made: ``CBS`` (published for this area), ``berekend uit
  buurten`` (aggregated by the catalogue's rule, also for CBS wijken when CBS publishes a
  figure only per buurt), ``enquête``.

:func:`bereken_trends` fits the change per year over every year an area has a value.

Note: pandas deep-copies ``DataFrame.attrs`` on every operation, so the tables here are
built without attrs (the loaders' metadata stays on ``GemeenteData``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..indicators.compute import GEPUBLICEERD, NIET_IN_JAAR, geaggregeerd, gepubliceerd

CBS_NIVEAUS = ("buurt", "wijk", "gemeente")


def _met_trend(kerncijfers: pd.DataFrame, trend: pd.DataFrame) -> pd.DataFrame:
    """Kerncijfers plus gemeente-level figures of other years that the trend table holds."""
    kc = kerncijfers[["code", "niveau", "jaar", "variabele", "waarde"]].copy()
    kc.attrs = {}  # pandas deep-copies attrs on every operation: keep them out of the hot loop
    if trend is None or trend.empty:
        return kc
    t = trend[["code", "jaar", "variabele", "waarde"]].copy()
    t.attrs = {}
    t["niveau"] = "gemeente"
    g = kc[kc.code.isin(set(t.code))]                     # only gemeente rows can overlap (fast on a national run)
    have = set(zip(g.code.tolist(), g.jaar.tolist(), g.variabele.tolist(), strict=True))
    t = t[[k not in have for k in zip(t.code.tolist(), t.jaar.tolist(), t.variabele.tolist(), strict=True)]]
    return pd.concat([kc, t], ignore_index=True)


def _wide(long: pd.DataFrame, niveau: str, jaar: int, delen: dict | None = None) -> pd.DataFrame:
    # ``delen``: the rows split by (niveau, jaar) once — a national run has >10^6 rows (issue 10)
    part = delen.get((niveau, jaar), long.iloc[:0]) if delen is not None else \
        long[(long.niveau == niveau) & (long.jaar == jaar)]
    if part.empty:
        return pd.DataFrame()
    wide = part.pivot_table(index="code", columns="variabele", values="waarde", aggfunc="first", dropna=False)
    wide.columns.name = None
    return wide.astype(float)


def _rang(values: pd.Series, richting: str) -> pd.Series:
    """Rank 1 = most favourable. An indicator without a direction (neutral) has no rank: "first"
    would mean "highest" there, a second convention a reader cannot tell apart."""
    if richting not in ("hoger_beter", "hoger_slechter"):
        return pd.Series(pd.NA, index=values.index, dtype="Int64")
    ascending = richting == "hoger_slechter"
    return values.rank(ascending=ascending, method="min").astype("Int64")


def bereken_profiel(
    long: pd.DataFrame,
    trend: pd.DataFrame | None,
    catalogus: pd.DataFrame,
    gemeente: str,
    indeling_niveau: str,
    toewijzing: pd.Series,
    namen: pd.Series,
    hoofdjaar: int,
    direct: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Compute the profile table (see the module docstring).

    Parameters
    ----------
    long : DataFrame
        Tidy figures ``code, niveau, jaar, variabele, waarde`` (kerncijfers plus survey scores
        stored as variables named after their indicator).
    trend : DataFrame or None
        Gemeente-level figures of other years (``code, jaar, variabele, waarde``).
    catalogus : DataFrame
        The indicator catalogue (indexed by id).
    gemeente : str
        Gemeente code.
    indeling_niveau : str
        ``"buurt"``, ``"wijk"`` or ``"gemeente"`` (published by CBS), or the name of an own indeling.
    toewijzing : Series
        buurt code → area code (used for own indelingen).
    namen : Series
        area code → name.
    hoofdjaar : int
        The year of the wijkanalyse: every area × indicator gets a row for it, NA or not.
    direct : DataFrame, optional
        Values given directly for areas of an own indeling (survey scores per own area):
        ``gebied, jaar, indicator, waarde``; they take precedence over aggregated values.

    Returns
    -------
    (profiel, gemeentereeks)
        The profile, and the gemeente's values in the years no area has (for its trend).
    """
    data = _met_trend(long, trend)
    gemeente_jaren = set(data.loc[data.niveau == "gemeente", "jaar"])
    rows: list[tuple] = []
    blokken: list[pd.DataFrame] = []
    delen = {(str(n), int(j)): part for (n, j), part in data.groupby(["niveau", "jaar"], sort=False)}
    published = indeling_niveau in CBS_NIVEAUS
    # every area of the indeling gets rows, also an own area that received no buurt (NA with reason)
    areas = pd.Index(sorted(set(namen.index) | (set(toewijzing.values) if not published else set())))
    for jaar in sorted(set(data.jaar)):
        ref_g = _wide(data, "gemeente", jaar, delen)
        ref_n = _wide(data, "land", jaar, delen)
        wide = _wide(data, indeling_niveau, jaar, delen).reindex(areas) if published else pd.DataFrame()
        buurt_wide = _wide(data, "buurt", jaar, delen) if indeling_niveau != "buurt" else pd.DataFrame()
        for ind_id, ind in catalogus.iterrows():
            if published:
                waarde, reden, herkomst = _waarden_cbs(wide, buurt_wide, ind, areas, toewijzing, indeling_niveau)
            else:
                waarde, reden, herkomst = _waarden_eigen(buurt_wide, ind, areas, toewijzing)
            if direct is not None and not direct.empty:
                _zet_direct(direct, ind_id, jaar, areas, waarde, reden, herkomst)
            g_val = gepubliceerd(ref_g, ind)[0].get(gemeente, np.nan) if not ref_g.empty else np.nan
            n_val = gepubliceerd(ref_n, ind)[0].get("NL00", np.nan) if not ref_n.empty else np.nan
            if ind.aggregatie == "enquete" and pd.isna(g_val):
                g_val = _gemeente_enquete(waarde, data, hoofdjaar, toewijzing, published, indeling_niveau)
            if jaar != hoofdjaar and waarde.isna().all():
                if jaar in gemeente_jaren and not pd.isna(g_val):
                    rows.append(_row(gemeente, jaar, ind_id, np.nan, g_val, n_val, "", "_reeks", ""))
                continue
            blok = _blok(areas, int(jaar), str(ind_id), waarde, reden, herkomst, g_val, n_val, indeling_niveau,
                         alle_gebieden=jaar == hoofdjaar)
            if blok is not None:
                blokken.append(blok)
    # (an empty frame in the concat would turn every number into an object: several gemeenten have no own series)
    stukken = ([pd.DataFrame(rows, columns=_KOLOMMEN)] if rows else []) + blokken
    prof = pd.concat(stukken, ignore_index=True)[_KOLOMMEN] if stukken else pd.DataFrame(columns=_KOLOMMEN)
    prof = prof.astype({"jaar": int, "waarde": float, "gemeente": float, "nederland": float})
    prof["reden"] = _preciezer(prof, data, catalogus)
    # the gemeente's own series (other years, used for trends) is kept apart from the areas
    gem_rows = prof[prof.niveau == "_reeks"]
    prof = _index_en_rang(prof.drop(gem_rows.index), catalogus, namen)
    reeks = gem_rows[["jaar", "indicator", "gemeente"]].rename(columns={"gemeente": "waarde"}).reset_index(drop=True)
    return prof, reeks


_KOLOMMEN = ["gebied", "jaar", "indicator", "waarde", "gemeente", "nederland", "reden", "niveau", "herkomst"]


def _waarden_cbs(wide: pd.DataFrame, buurt_wide: pd.DataFrame, ind: pd.Series, areas: pd.Index,
                 toewijzing: pd.Series, indeling_niveau: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Value, reason and origin per area of a CBS level: published, else made from its buurten."""
    herkomst = pd.Series("CBS", index=areas, dtype=object)
    if wide.empty:
        waarde, reden = pd.Series(np.nan, index=areas), pd.Series("geen cijfers in dit jaar", index=areas)
    else:
        waarde, reden = gepubliceerd(wide, ind)
    herkomst.loc[reden.isin([GEPUBLICEERD])] = "CBS (gepubliceerd percentage)"     # (isin: fast)
    # a figure CBS does not publish at this level (e.g. crime per wijk) is made from its buurten
    if indeling_niveau != "buurt" and waarde.isna().any() and not buurt_wide.empty:
        agg, agg_reden = geaggregeerd(buurt_wide, toewijzing, ind)
        agg, agg_reden = agg.reindex(areas), agg_reden.reindex(areas).fillna("")
        fill = waarde.isna() & agg.notna()
        waarde.loc[fill] = agg[fill]
        reden.loc[fill] = ""
        herkomst.loc[fill] = _uit_buurten(agg_reden)[fill]
        # not published at this level and not computable from the buurten: say why
        why = waarde.isna() & reden.str.endswith(NIET_IN_JAAR).astype(bool) & (agg_reden != "")
        reden.loc[why] = agg_reden[why]
    return waarde, reden, herkomst


def _waarden_eigen(buurt_wide: pd.DataFrame, ind: pd.Series, areas: pd.Index,
                   toewijzing: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Value, reason and origin per area of an own indeling: aggregated from its buurten."""
    herkomst = pd.Series("berekend uit buurten", index=areas, dtype=object)
    if buurt_wide.empty:
        return pd.Series(np.nan, index=areas), pd.Series("geen buurtcijfers in dit jaar", index=areas), herkomst
    waarde, reden = geaggregeerd(buurt_wide, toewijzing, ind)
    waarde, reden = waarde.reindex(areas), reden.reindex(areas).fillna("geen buurten")
    return waarde, reden, _uit_buurten(reden).where(waarde.notna(), herkomst)


def _zet_direct(direct: pd.DataFrame, ind_id: str, jaar: int, areas: pd.Index, waarde: pd.Series,
                reden: pd.Series, herkomst: pd.Series) -> None:
    """Values given directly for areas (survey scores per own area) take precedence, in place."""
    d = direct[(direct.indicator == ind_id) & (direct.jaar == jaar)].set_index("gebied").waarde
    d = d[d.index.isin(areas)]
    waarde.loc[d.index] = d.astype(float)
    reden.loc[d.index] = ""
    herkomst.loc[d.index] = "enquête"


def _blok(areas: pd.Index, jaar: int, ind_id: str, waarde: pd.Series, reden: pd.Series, herkomst: pd.Series,
          g_val: float, n_val: float, indeling_niveau: str, alle_gebieden: bool) -> pd.DataFrame | None:
    """One block of profile rows for one year × indicator (vectorised: thousands of areas in a national run,
    issue 10); every area in the main year, only areas with a value in other years."""
    v = pd.to_numeric(waarde.reindex(areas), errors="coerce").astype(float).to_numpy()
    leeg = np.isnan(v)
    keep = np.ones(len(areas), dtype=bool) if alle_gebieden else ~leeg
    if not keep.any():
        return None
    return pd.DataFrame({
        "gebied": areas[keep], "jaar": jaar, "indicator": ind_id, "waarde": v[keep],
        "gemeente": g_val, "nederland": n_val,
        "reden": np.where(leeg, reden.reindex(areas).fillna("").to_numpy(dtype=object), "")[keep],
        "niveau": indeling_niveau,
        "herkomst": np.where(leeg, "", herkomst.reindex(areas).fillna("").to_numpy(dtype=object))[keep]})


def _index_en_rang(prof: pd.DataFrame, catalogus: pd.DataFrame, namen: pd.Series) -> pd.DataFrame:
    """Catalogue labels, name, index (gemeente = 100) and rank (1 = gunstigst) of the profile rows."""
    meta = catalogus[["label", "thema", "eenheid", "richting", "bron"]]
    prof = prof.join(meta, on="indicator")
    prof.insert(1, "naam", prof.gebied.map(namen))
    g = prof.gemeente.where(prof.gemeente > 0)
    prof["index"] = 100 * prof.waarde / g
    # an index compares levels: meaningless for counts (a buurt's inwoners vs the gemeente total)
    # and for classes (stedelijkheid 1–5)
    no_index = prof.indicator.map(catalogus.aggregatie).isin(["som", "geen"])
    prof.loc[no_index, "index"] = np.nan
    prof["aantal_gebieden"] = prof.groupby(["jaar", "indicator"]).waarde.transform("count")
    prof["rang"] = pd.Series(pd.NA, index=prof.index, dtype="Int64")
    # a rank of a count says only which area is largest (Sneek "21 van 21" on misdrijven, 1 van 21 per 1.000)
    geen_rang = set(catalogus.index[catalogus.aggregatie.isin(["som", "geen"])])
    for (_, ind_id), part in prof.groupby(["jaar", "indicator"]):
        if ind_id not in geen_rang:
            prof.loc[part.index, "rang"] = _rang(part.waarde, catalogus.loc[ind_id, "richting"])
    cols = ["gebied", "naam", "indicator", "label", "thema", "eenheid", "richting", "jaar", "waarde", "gemeente",
            "nederland", "index", "rang", "aantal_gebieden", "reden", "herkomst", "bron"]
    return prof[cols].sort_values(["gebied", "indicator", "jaar"]).reset_index(drop=True)


def _uit_buurten(noot: pd.Series) -> pd.Series:
    """``herkomst`` of values made from buurten, with the note :func:`geaggregeerd` gives a value (e.g. its weighting)."""
    noot = noot.fillna("").astype(str)
    return pd.Series(np.where(noot != "", "berekend uit buurten, " + noot, "berekend uit buurten"), index=noot.index,
                     dtype=object)


CBS_ONDERDRUKT = "CBS onderdrukt dit cijfer (te weinig inwoners of huishoudens om het te publiceren)"
NIET_IN_GEGEVENS = "niet in de gegevens: CBS publiceert dit cijfer niet voor dit gebied of jaar"
NOG_NIET_GEPUBLICEERD = ("nog niet gepubliceerd: CBS had dit cijfer in de tabel van dit jaar nog niet ingevuld "
                         "(het komt er later bij)")
#: Below this many inhabitants CBS suppresses most figures of the Kerncijfers for privacy.
KLEIN_VOOR_CBS = 200


def _preciezer(prof: pd.DataFrame, data: pd.DataFrame, catalogus: pd.DataFrame) -> pd.Series:
    """Split "CBS heeft dit cijfer niet of heeft het onderdrukt" into the two reasons a reader needs:
    the figure is in CBS's table but suppressed (a row without a value), or it is not there at all."""
    from ..indicators.compute import GEEN_CIJFER

    reden = prof["reden"].copy()
    vaag = reden == GEEN_CIJFER
    if not vaag.any():
        return reden
    # vectorised (a national run has hundreds of thousands of such rows)
    leeg = data.loc[data.waarde.isna(), ["code", "jaar", "variabele"]].drop_duplicates()
    leeg = leeg.assign(jaar=leeg.jaar.astype(int), _hit=True)
    sub = prof.loc[vaag, ["indicator", "gebied", "jaar"]]
    hit = pd.Series(False, index=sub.index)
    for kolom in ("teller", "noemer"):
        variabele = sub.indicator.map(catalogus[kolom].fillna("").astype(str)).fillna("")
        vraag = pd.DataFrame({"code": sub.gebied.to_numpy(), "jaar": sub.jaar.astype(int).to_numpy(),
                              "variabele": variabele.to_numpy()})
        gevonden = vraag.merge(leeg, how="left", on=["code", "jaar", "variabele"])._hit
        hit |= pd.Series(gevonden.fillna(False).astype(bool).to_numpy(), index=sub.index) & (variabele != "")
    uitkomst = np.where(hit, CBS_ONDERDRUKT, NIET_IN_GEGEVENS).astype(object)
    # a figure CBS had not yet filled in that year's table is not suppressed: say so, except for areas so small
    # that CBS would suppress it anyway
    from ..sources.embedded import nog_niet_gepubliceerd

    nog_niet = nog_niet_gepubliceerd()
    if nog_niet:
        teller = sub.indicator.map(catalogus["teller"].fillna("").astype(str)).fillna("")
        laat = np.array([int(j) in nog_niet.get(t, ()) for t, j in zip(teller, sub.jaar, strict=True)], dtype=bool)
        if laat.any():
            inw = prof[prof.indicator == "inwoners"].set_index(["gebied", "jaar"]).waarde
            n = pd.Series(list(zip(sub.gebied, sub.jaar, strict=True))).map(inw).to_numpy(dtype=float)
            groot = ~(n < KLEIN_VOOR_CBS)
            uitkomst = np.where(hit & laat & groot, NOG_NIET_GEPUBLICEERD, uitkomst)
    reden.loc[sub.index] = uitkomst
    return reden


def _gemeente_enquete(waarde, data, jaar, toewijzing, published, niveau) -> float:
    """Gemeente score of a survey item given per area: the mean weighted by inwoners of ``jaar``.

    Areas whose inhabitants are unknown are left out of the weighting; when none is known the
    plain mean is used.
    """
    ok = waarde.dropna()
    if ok.empty:
        return np.nan
    inw = data[(data.variabele == "AantalInwoners") & (data.jaar == jaar)]
    if published:
        w = inw[inw.niveau == niveau].set_index("code").waarde.reindex(ok.index)
    else:
        b = inw[inw.niveau == "buurt"].set_index("code").waarde
        w = b.groupby(toewijzing.reindex(b.index)).sum(min_count=1).reindex(ok.index)
    w = w.astype(float)
    known = w.notna() & (w > 0)
    if not known.any():
        return float(ok.mean())
    return float((ok[known] * w[known]).sum() / w[known].sum())


def _row(area, jaar, ind_id, v, g, n, reden, niveau, herkomst):
    return (area, int(jaar), ind_id, float(v) if not pd.isna(v) else np.nan, g, n, reden, niveau, herkomst)


def bereken_trends(profiel: pd.DataFrame, gemeentereeks: pd.DataFrame, gemeente: str) -> pd.DataFrame:
    """Change per year of every area × indicator over the years that have a value.

    Returns ``gebied, indicator, jaren, eerste_jaar, laatste_jaar, eerste, laatste,
    verandering, per_jaar`` (least-squares slope in units per year), including the
    gemeente itself (``gebied`` = gemeente code) from the gemeente series.
    """
    series = profiel[["gebied", "indicator", "jaar", "waarde"]].dropna(subset=["waarde"])
    gem = gemeentereeks[["jaar", "indicator", "waarde"]]
    main = profiel[["indicator", "jaar", "gemeente"]].dropna().drop_duplicates(["indicator", "jaar"])
    main = main.rename(columns={"gemeente": "waarde"})
    gem = pd.concat([gem, main], ignore_index=True).drop_duplicates(["indicator", "jaar"])
    gem["gebied"] = gemeente
    series = pd.concat([series, gem[["gebied", "indicator", "jaar", "waarde"]]], ignore_index=True)
    kolommen = ["gebied", "indicator", "jaren", "eerste_jaar", "laatste_jaar", "eerste", "laatste", "verandering",
                "per_jaar"]
    # only series with two or more years can have a trend (a national run has ~10^6 single values: skip them fast)
    series = series[series.groupby(["gebied", "indicator"]).jaar.transform("size") >= 2]
    if series.empty:
        return pd.DataFrame(columns=kolommen)
    # least-squares slope per series in closed form (the same line np.polyfit draws), all series at once
    s = series.sort_values(["gebied", "indicator", "jaar"], kind="stable")
    x = s.jaar.astype(float).to_numpy()
    x0 = x - 2000.0                                            # centred: no loss of precision in the sums
    y = s.waarde.astype(float).to_numpy()
    h = pd.DataFrame({"gebied": s.gebied.to_numpy(), "indicator": s.indicator.to_numpy(), "x": x0, "y": y,
                      "xx": x0 * x0, "xy": x0 * y, "jaar": x})
    g = h.groupby(["gebied", "indicator"], sort=True)
    som = g[["x", "y", "xx", "xy"]].sum()
    n = g.size().astype(float)
    noemer = n * som.xx - som.x ** 2
    helling = (n * som.xy - som.x * som.y) / noemer.where(noemer != 0)
    out = pd.DataFrame({
        "jaren": n.astype(int), "eerste_jaar": g.jaar.first().astype(int), "laatste_jaar": g.jaar.last().astype(int),
        "eerste": g.y.first(), "laatste": g.y.last()})
    out["verandering"] = out.laatste - out.eerste
    out["per_jaar"] = helling
    return out.reset_index()[kolommen]
