"""The small JavaScript and CSS that every wijkscan web map carries (kept as strings: no package data).

``wsKaart`` draws the packed polygons (see :mod:`wijkscan.maps._geo`), builds tooltips with
``textContent`` only (a name can never become HTML or script), and shows the legend section of a
layer only while that layer is on the map.
"""

CSS = """
.ws-kader{background:rgba(255,255,255,.94);border-radius:6px;box-shadow:0 1px 5px rgba(0,0,0,.35);
  padding:8px 11px;font:13px/1.35 "Helvetica Neue",Arial,sans-serif;color:#222;max-width:340px}
.ws-titel{font-size:16px;font-weight:700;line-height:1.25}
.ws-ondertitel{font-size:12.5px;color:#444;margin-top:2px}
.ws-intern{margin-top:6px;padding:3px 6px;background:#b2182b;color:#fff;font-weight:700;border-radius:3px;
  text-transform:uppercase;letter-spacing:.03em;font-size:12px}
.ws-legenda{max-height:62vh;overflow-y:auto;min-width:190px}
.ws-sectie.ws-volgende{border-top:1px solid #ddd;margin-top:7px;padding-top:7px}
.ws-kop{font-weight:700;font-size:13px;margin-bottom:1px}
.ws-sub{font-size:11.5px;color:#555;margin-bottom:4px}
.ws-rij{display:flex;align-items:center;gap:7px;margin:2px 0;font-size:12.5px;white-space:nowrap}
.ws-vak{display:inline-block;width:22px;height:14px;border:1px solid #888;flex:none}
.ws-lijn{display:inline-block;width:22px;height:0;flex:none}
.ws-n{margin-left:auto;padding-left:10px;color:#777;font-size:11.5px}
.ws-arcering{background:repeating-linear-gradient(45deg,#8c8c8c 0 1.5px,#d9d9d9 1.5px 5px)}
.ws-noot{font-size:11.5px;color:#555;margin-top:4px;white-space:normal;max-width:300px}
.ws-warmte{height:12px;width:170px;border:1px solid #888;
  background:linear-gradient(90deg,#ffffb2,#fecc5c,#fd8d3c,#f03b20,#bd0026)}
.ws-schaal{display:flex;justify-content:space-between;width:172px;font-size:11.5px;color:#555}
.ws-tooltip{font:13px/1.35 "Helvetica Neue",Arial,sans-serif}
.ws-tooltip b{display:block;font-size:14px;margin-bottom:2px}
.ws-tooltip table{border-collapse:collapse}
.ws-tooltip td{padding:1px 0}
.ws-tooltip td.ws-getal{text-align:right;padding-left:12px;font-variant-numeric:tabular-nums;font-weight:600}
.ws-tooltip .ws-noot{max-width:260px;white-space:normal}
.ws-naam span{display:inline-block;transform:translate(-50%,-50%)}
.ws-naam{font:600 11.5px/1.1 "Helvetica Neue",Arial,sans-serif;color:#222;text-align:center;white-space:nowrap;
  text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff;pointer-events:none}
.leaflet-control-layers-expanded{font:13px/1.35 "Helvetica Neue",Arial,sans-serif;max-height:55vh;overflow-y:auto}
.leaflet-control-layers-overlays:before{content:"Kaartlagen";display:block;font-weight:700;margin-bottom:3px}
.ws-klein{background:#fff;border:1px dashed #888}
.ws-benadering{background:#fff;border:1.5px dashed #333}
"""

#: Extra CSS of the public variant (``kaart(..., publiek=True)``): a legend and title that fit a phone.
CSS_PUBLIEK = """
.ws-publiek .ws-legenda{max-height:none}
@media (max-width:900px),(max-height:700px){
  .ws-kader{padding:6px 8px;font-size:12px;max-width:calc(100vw - 80px)}
  .ws-titel{font-size:14.5px}
  .ws-ondertitel{font-size:11.5px}
  .ws-legenda{min-width:0;max-height:45vh}
  .ws-rij{font-size:11.5px;margin:1px 0}
  .ws-vak{width:16px;height:11px}
  .ws-noot{max-width:260px}
  .ws-publiek .ws-noot,.ws-publiek .ws-sub{display:none}
}
@media (max-width:480px){
  .ws-kader{padding:4px 6px;font-size:11px}
  .ws-titel{font-size:13px}
  .ws-rij{font-size:10.5px;gap:5px}
  .ws-kop{font-size:11.5px}
  .ws-n{padding-left:6px}
  .ws-naam{font-size:10px}
  .leaflet-control-scale{display:none}
  .leaflet-control-attribution{font-size:9px;line-height:1.3}
  .leaflet-bottom.leaflet-left .ws-legenda{margin-bottom:44px}   /* clears the attribution (boundaries, figures: 3 lines) */
}
html,body.ws-smal{height:100%}
body.ws-smal{display:flex;flex-direction:column;margin:0}
body.ws-smal .folium-map{position:relative!important;flex:1 1 auto;height:auto!important;min-height:220px}
.ws-boven,.ws-onder{flex:0 0 auto}
.ws-boven .ws-kader,.ws-onder .ws-kader{max-width:none;box-shadow:none;border-radius:0;margin:0;display:block}
.ws-onder{max-height:34vh;overflow-y:auto;border-top:1px solid #ccc}
.ws-onder .ws-sub{display:none}
.ws-onder .ws-legenda{max-height:none;margin:0!important}
.ws-onder .ws-noot{display:block;max-width:none}
"""

#: SVG pattern used as ``fillColor: "url(#ws-arcering)"`` for "geen gegevens".
ARCERING_SVG = (
    '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
    '<pattern id="ws-arcering" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(45)">'
    '<rect width="7" height="7" fill="#d9d9d9"/><line x1="0" y1="0" x2="0" y2="7" stroke="#8c8c8c" stroke-width="2"/>'
    "</pattern></defs></svg>"
)

JS = r"""
var wsKaart = (function () {
  "use strict";
  function ring(a, s) {
    var out = [], x = 0, y = 0;
    for (var i = 0; i < a.length; i += 2) { x += a[i]; y += a[i + 1]; out.push([y / s, x / s]); }
    return out;
  }
  function vorm(g, s) {
    return g.map(function (poly) { return poly.map(function (r) { return ring(r, s); }); });
  }
  function el(tag, cls, tekst) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (tekst !== undefined && tekst !== null) { e.textContent = tekst; }
    return e;
  }
  function tip(titel, labels, waarden, noot) {
    var d = el("div"), t = el("table");
    d.appendChild(el("b", null, titel));
    labels.forEach(function (l, i) {
      var v = waarden[i];
      if (v === null || v === undefined || v === "") { return; }
      var tr = t.insertRow();
      tr.appendChild(el("td", null, l));
      tr.appendChild(el("td", "ws-getal", v));
    });
    d.appendChild(t);
    if (noot) { d.appendChild(el("div", "ws-noot", noot)); }
    return d;
  }
  function pane(map, naam, z) {
    if (!map.getPane(naam)) { map.createPane(naam).style.zIndex = z; }
    return naam;
  }
  function vlakken(map, geo, spec) {
    var groep = L.featureGroup();
    pane(map, spec.pane, spec.z);
    spec.f.forEach(function (f) {
      var stijl = Object.assign({pane: spec.pane, className: spec.klasse}, spec.stijlen[f[1]]);
      var laag = L.polygon(vorm(geo.g[f[0]], geo.s), stijl);
      if (spec.interactief === false || stijl.interactive === false) { groep.addLayer(laag); return; }
      laag.bindTooltip(function () { return tip(f[2], spec.labels, f[3], f[4]); },
                       {sticky: true, className: "ws-tooltip", direction: "auto", offset: [14, 0], opacity: 1});
      laag.on("mouseover", function () {
        laag.setStyle({weight: (stijl.weight || 1) + 2, color: spec.accent || "#222"});
        if (!spec.onder) { laag.bringToFront(); }
      });
      laag.on("mouseout", function () { laag.setStyle(stijl); });
      groep.addLayer(laag);
    });
    if (spec.namen && geo.p) {
      var namen = [];
      (spec.volgorde || spec.f.map(function (_f, i) { return i; })).forEach(function (i) {
        var f = spec.f[i], p = geo.p[f[0]];
        if (!p) { return; }
        var n = el("span", null, f[2]);
        var m = L.marker([p[0] / geo.s, p[1] / geo.s], {
          icon: L.divIcon({className: "ws-naam", html: n, iconSize: null}), interactive: false, keyboard: false,
          pane: pane(map, "ws-namen", 640)});
        namen.push(m);
        groep.addLayer(m);
      });
      var plan = function () { ontwar(namen); };
      groep.on("add", function () { setTimeout(plan, 0); map.on("zoomend moveend resize", plan); });
      groep.on("remove", function () { map.off("zoomend moveend resize", plan); });
    }
    return groep;
  }
  // names that would cover another name are hidden (bigger areas first); zooming in shows more of them
  function ontwar(namen) {
    var bezet = [];
    namen.forEach(function (m) {
      var e = m.getElement();
      if (!e || !e.firstChild) { return; }
      e.style.visibility = "";
      var r = e.firstChild.getBoundingClientRect();
      var botst = bezet.some(function (b) {
        return r.left < b.right + 2 && r.right + 2 > b.left && r.top < b.bottom && r.bottom > b.top; });
      if (botst) { e.style.visibility = "hidden"; } else { bezet.push(r); }
    });
  }
  function punten(map, spec) {
    var groep = L.featureGroup(), x = 0, y = 0;
    pane(map, spec.pane, spec.z);
    for (var i = 0; i < spec.c.length; i++) {
      x += spec.xy[2 * i]; y += spec.xy[2 * i + 1];
      (function (cat, datum, ll) {
        var m = L.circleMarker(ll, {pane: spec.pane, radius: 4, weight: 1, color: "#333",
                                    fillColor: spec.kleuren[cat], fillOpacity: 0.85});
        m.bindTooltip(function () { return tip(spec.categorieen[cat], ["datum"], [datum], null); },
                      {className: "ws-tooltip", opacity: 1});
        groep.addLayer(m);
      })(spec.c[i], spec.d[i], [y / spec.s, x / spec.s]);
    }
    return groep;
  }
  function kader(map, positie, cls) {
    var c = L.control({position: positie});
    var div = el("div", "ws-kader " + (cls || ""));
    c.onAdd = function () { L.DomEvent.disableScrollPropagation(div); return div; };
    c.addTo(map);
    return div;
  }
  function titel(map, html) {
    var div = kader(map, "topleft", "ws-titelkader");
    div.innerHTML = html;   // built and escaped in Python
    L.control.zoom({position: "topleft", zoomInTitle: "Inzoomen", zoomOutTitle: "Uitzoomen"}).addTo(map);
  }
  function sectie(map, laag, html) {
    if (!map._wsLegenda) { map._wsLegenda = kader(map, "bottomleft", "ws-legenda"); }
    var s = el("div", "ws-sectie");
    s.innerHTML = html;     // built and escaped in Python
    map._wsLegenda.appendChild(s);
    function bij() {
      s.style.display = (!laag || map.hasLayer(laag)) ? "" : "none";
      var eerder = false;
      Array.prototype.forEach.call(map._wsLegenda.children, function (c) {
        var aan = c.style.display !== "none";
        c.classList.toggle("ws-volgende", aan && eerder);
        eerder = eerder || aan;
      });
      map._wsLegenda.style.display = eerder ? "" : "none";
    }
    map.on("layeradd layerremove", bij);
    bij();
  }
  return {ring: ring, vlakken: vlakken, punten: punten, titel: titel, sectie: sectie};
})();
"""


def _kort(code: str, css: bool = False) -> str:
    """Leave out indentation, comment lines and spaces around punctuation outside string literals (every
    map carries this code; small maps feel the bytes). The code has no regular-expression literals."""
    import re

    regels = [r.strip() for r in code.splitlines()]
    regels = [r for r in regels if r and not r.startswith("//")]
    tekst = ("" if css else "\n").join(regels)
    if css:
        return tekst
    delen = re.split(r'("(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\')', tekst)
    return "".join(d if i % 2 else re.sub(r"[ \t]*([{}();,:=+*<>!?&|])[ \t]*", r"\1", d) for i, d in enumerate(delen))


CSS = _kort(CSS, css=True)
CSS_PUBLIEK = _kort(CSS_PUBLIEK, css=True)
JS = _kort(JS)
