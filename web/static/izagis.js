/* izagis map pages: layers from the API, fact sheets, search, the site-search panel.
   The page builder (web/pages.py) sets IZAGIS.config and calls IZAGIS.start(). */
"use strict";

var IZAGIS = (function () {
  var ZONE_COLORS = {operating: "#1f78b4", developing: "#33a02c", planned: "#ff7f00", proposed: "#984ea3"};
  var PLOT_COLORS = {
    free: "#4daf4a", reserved: "#ffd92f", leased: "#377eb8", operating: "#377eb8",
    building: "#984ea3", delayed: "#e41a1c", planned: "#bdbdbd"
  };
  var PLOT_LEGEND = ["free", "reserved", "leased", "building", "delayed", "planned"];
  var INFRA_STYLES = {
    expressway: {color: "#d7301f", weight: 4},
    national_road: {color: "#fc8d59", weight: 3},
    railway: {color: "#252525", weight: 2, dashArray: "6 4"}
  };
  var POINT_COLORS = {
    expressway_interchange: "#d7301f", railway_station: "#252525", seaport: "#08519c",
    river_port: "#3182bd", substation: "#fdae6b", water_plant: "#6baed6",
    wastewater_plant: "#74c476", city: "#000000"
  };
  var CONSTRAINT_STYLES = {
    heritage_property: {color: "#8c510a", fillColor: "#bf812d", fillOpacity: 0.35, weight: 1},
    heritage_buffer: {color: "#bf812d", fillColor: "#dfc27d", fillOpacity: 0.2, weight: 1, dashArray: "4 4"},
    national_park: {color: "#1b7837", fillColor: "#5aae61", fillOpacity: 0.3, weight: 1},
    ramsar_wetland: {color: "#2166ac", fillColor: "#67a9cf", fillOpacity: 0.3, weight: 1},
    river: {color: "#4393c3", fillColor: "#92c5de", fillOpacity: 0.6, weight: 0.5},
    residential: {color: "#737373", fillColor: "#bdbdbd", fillOpacity: 0.3, weight: 0.5}
  };

  var api = {config: null, layers: {}, zones: []};
  var map, control;

  function t(key) { return api.config.labels[key] || key; }
  function name(props) { return api.config.lang === "en" ? (props.name_en || props.name || props.name_vi) : (props.name_vi || props.name); }
  /* "KCN Gián Khẩu" / "Gian Khau Industrial Zone" -> "Gián Khẩu" / "Gian Khau", for labels. */
  function shortName(props) {
    return name(props).replace(/^KCN\s+/, "").replace(/\s+Industrial Zone$/, "");
  }
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function num(value, digits) {
    return value == null ? "—" : Number(value).toLocaleString(api.config.lang === "en" ? "en-GB" : "vi-VN", {maximumFractionDigits: digits});
  }
  function getJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }
  function el(tag, cls, html) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (html != null) { node.innerHTML = html; }
    return node;
  }

  api.plotStyle = function (p) {
    var color = PLOT_COLORS[p.status] || "#999";
    return {fill: true, fillColor: color, fillOpacity: 0.65, color: "#444", weight: 0.6};
  };

  function zoneStyle(feature) {
    var s = feature.properties.status;
    var future = s === "planned" || s === "proposed";
    return {
      color: ZONE_COLORS[s] || "#555", weight: 2.5, fillOpacity: future ? 0.08 : 0.15,
      dashArray: future ? "8 6" : null,
      className: "izagis-zone izagis-zone-" + s + " izagis-zone-code-" + feature.properties.code
    };
  }

  function loadProvince() {
    return getJSON("/api/v1/boundaries").then(function (fc) {
      return L.geoJSON(fc, {style: {color: "#525252", weight: 2, fill: false}, interactive: false});
    });
  }

  function loadZones() {
    return getJSON("/api/v1/zones").then(function (fc) {
      api.zones = fc.features;
      var layer = L.geoJSON(fc, {
        style: zoneStyle,
        onEachFeature: function (f, lyr) {
          lyr.bindTooltip(esc(shortName(f.properties)), {
            permanent: true, direction: "right", offset: [8, 0],
            className: "izagis-label izagis-label-" + f.properties.status
          });
          lyr.on("click", function (e) {
            L.DomEvent.stopPropagation(e);
            showZone(f.properties.code);
          });
        }
      });
      return layer;
    });
  }

  function loadInfrastructure() {
    return getJSON("/api/v1/infrastructure").then(function (fc) {
      var layer = L.geoJSON(fc, {
        style: function (f) { return INFRA_STYLES[f.properties.kind] || {color: "#555", weight: 2}; },
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, {radius: f.properties.kind === "city" ? 7 : 5, color: "#fff", weight: 1,
            fillColor: POINT_COLORS[f.properties.kind] || "#555", fillOpacity: 0.95});
        },
        onEachFeature: function (f, lyr) { lyr.bindTooltip(esc(name(f.properties))); }
      });
      return layer;
    });
  }

  function loadConstraints() {
    return getJSON("/api/v1/constraints").then(function (fc) {
      return L.geoJSON(fc, {
        style: function (f) { return CONSTRAINT_STYLES[f.properties.kind] || {color: "#777"}; },
        onEachFeature: function (f, lyr) { lyr.bindTooltip(esc(name(f.properties))); }
      });
    });
  }

  /* Layers are fetched together and added in one fixed order, bottom to top. */
  function loadLayers() {
    var order = [["constraints", loadConstraints], ["province", loadProvince],
                 ["infrastructure", loadInfrastructure], ["zones", loadZones]];
    return Promise.all(order.map(function (o) { return o[1](); })).then(function (layers) {
      layers.forEach(function (layer, i) {
        var key = order[i][0];
        api.layers[key] = layer;
        control.addOverlay(layer, t(key));
        layer.addTo(map);
      });
    });
  }

  function banner(text) {
    var div = el("div", "izagis-banner", esc(text));
    div.id = "izagis-banner";
    map.getContainer().appendChild(div);
  }

  function legend() {
    var box = L.control({position: "bottomright"});
    box.onAdd = function () {
      var div = el("div", "izagis-legend");
      var html = "<b>" + esc(t("legend")) + "</b><div class='izagis-legend-title'>" + esc(t("zones")) + "</div>";
      Object.keys(ZONE_COLORS).forEach(function (s) {
        var dashed = s === "planned" || s === "proposed" ? " dashed" : "";
        html += "<div><span class='izagis-swatch" + dashed + "' style='border-color:" + ZONE_COLORS[s] + "'></span>" + esc(t("z_" + s)) + "</div>";
      });
      html += "<div class='izagis-legend-title'>" + esc(t("plots")) + "</div>";
      PLOT_LEGEND.forEach(function (s) {
        html += "<div><span class='izagis-swatch filled' style='background:" + PLOT_COLORS[s] + "'></span>" + esc(t("p_" + s)) + "</div>";
      });
      html += "<div class='izagis-legend-title'>" + esc(t("infrastructure")) + "</div>";
      Object.keys(INFRA_STYLES).forEach(function (k) {
        var s = INFRA_STYLES[k];
        html += "<div><span class='izagis-line' style='border-top:" + s.weight + "px " +
          (s.dashArray ? "dashed " : "solid ") + s.color + "'></span>" + esc(t("k_" + k)) + "</div>";
      });
      ["expressway_interchange", "railway_station", "seaport", "river_port", "substation", "water_plant",
       "wastewater_plant", "city"].forEach(function (k) {
        html += "<div><span class='izagis-dot' style='background:" + POINT_COLORS[k] + "'></span>" + esc(t("k_" + k)) + "</div>";
      });
      html += "<div class='izagis-legend-title'>" + esc(t("constraints")) + "</div>";
      ["heritage_property", "heritage_buffer", "national_park", "ramsar_wetland", "river", "residential"].forEach(function (k) {
        var s = CONSTRAINT_STYLES[k];
        html += "<div><span class='izagis-swatch filled' style='background:" + s.fillColor + ";border-color:" + s.color + "'></span>" + esc(t("k_" + k)) + "</div>";
      });
      div.innerHTML = html;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    box.addTo(map);
  }

  function sheet(html) {
    var panel = document.getElementById("izagis-sheet");
    panel.innerHTML = "<button class='izagis-close' title='" + esc(t("close")) + "'>×</button>" + html;
    panel.style.display = "block";
    panel.querySelector(".izagis-close").onclick = function () { panel.style.display = "none"; };
  }

  function row(label, value) { return "<tr><th>" + esc(label) + "</th><td>" + value + "</td></tr>"; }

  function showZone(code) {
    return getJSON("/api/v1/zones/" + encodeURIComponent(code)).then(function (f) {
      var p = f.properties;
      var dist = Object.keys(p.distances_km || {}).map(function (k) {
        return esc(t("k_" + k)) + ": " + num(p.distances_km[k], 1) + " km";
      }).join("<br>");
      function load(used, capacity, unit) {
        return esc(t("used")) + " " + num(used, 0) + " " + esc(t("of")) + " " + num(capacity, 0) + " " + unit;
      }
      var html = "<h3 class='izagis-sheet-title'>" + esc(name(p)) + "</h3><table class='izagis-facts'>" +
        row(t("status"), esc(t("z_" + p.status))) +
        row(t("area"), num(p.area_ha, 1) + " ha " + esc(t("mapped")) + "; " + num(p.planned_area_ha, 0) +
            " ha " + esc(t("planned_area"))) +
        row(t("occupancy"), p.occupancy_rate == null ? "—" : num(100 * p.occupancy_rate, 1) + " %") +
        row(t("free_land"), num(p.free_area_ha, 2) + " ha") +
        row(t("leased_land"), num(p.leased_area_ha, 2) + " ha") +
        row(t("lease_price"), p.lease_price_usd_m2 == null ? "—" : num(p.lease_price_usd_m2, 1) + " USD/m²") +
        row(t("lease_term_end"), esc(p.lease_term_end || "—")) +
        row(t("power"), load(p.power_used_mva, p.power_mva, "MVA")) +
        row(t("water"), load(p.water_used_m3_day, p.water_m3_day, esc(t("m3_day")))) +
        row(t("wastewater"), load(p.wastewater_used_m3_day, p.wastewater_m3_day, esc(t("m3_day")))) +
        row(t("distances"), dist || "—") +
        row(t("target_industries"), esc((p.target_industries || []).join(", "))) +
        row(t("developer"), esc(p.developer || "—")) +
        row(t("legal_basis"), esc(p.legal_basis || "—")) + "</table>";
      sheet(html);
      return f;
    });
  }

  function plotPopup(props, latlng) {
    var html = "<b>" + esc(t("plot")) + " " + esc(props.code) + "</b><br>" +
      esc(t("zone")) + ": " + esc(props.zone_code) + "<br>" +
      esc(t("area")) + ": " + num(props.area_ha, 2) + " ha<br>" +
      esc(t("status")) + ": " + esc(t("p_" + props.status)) +
      "<br><a href='#' class='izagis-zone-link'>" + esc(t("zone_sheet")) + "</a>";
    var popup = L.popup({className: "izagis-plot-popup"}).setLatLng(latlng).setContent(html).openOn(map);
    popup.getElement().querySelector(".izagis-zone-link").onclick = function (e) {
      e.preventDefault();
      showZone(props.zone_code);
    };
  }

  function searchBox() {
    var box = L.control({position: "topleft"});
    box.onAdd = function () {
      var div = el("div", "izagis-search");
      div.innerHTML = "<input type='search' id='izagis-search-input' placeholder='" + esc(t("search")) + "'>" +
        "<div id='izagis-search-results'></div>";
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    box.addTo(map);
    var input = document.getElementById("izagis-search-input");
    var out = document.getElementById("izagis-search-results");
    function choose(feature) {
      out.innerHTML = "";
      map.fitBounds(L.geoJSON(feature).getBounds(), {maxZoom: 16});
    }
    function run(submit) {
      var q = fold(input.value.trim());
      out.innerHTML = "";
      if (!q) { return; }
      var hits = api.zones.filter(function (f) {
        var p = f.properties;
        return [p.code, p.name_vi, p.name_en].some(function (s) { return fold(s).indexOf(q) >= 0; });
      });
      hits.forEach(function (f) {
        var item = el("div", "izagis-search-hit", esc(f.properties.code) + " · " + esc(name(f.properties)));
        item.onclick = function () { choose(f); showZone(f.properties.code); };
        out.appendChild(item);
      });
      if (submit && hits.length === 0) {
        var code = encodeURIComponent(input.value.trim().toUpperCase());
        getJSON("/api/v1/plots?limit=1&code=" + code).then(function (fc) {
          if (!fc.features.length) {
            out.innerHTML = "<div class='izagis-search-none'>" + esc(t("no_match")) + "</div>";
            return;
          }
          var f = fc.features[0];
          choose(f);
          plotPopup(f.properties, L.geoJSON(f).getBounds().getCenter());
        });
      } else if (submit) {
        choose(hits[0]);
        showZone(hits[0].properties.code);
      }
    }
    input.addEventListener("input", function () { run(false); });
    input.addEventListener("keydown", function (e) { if (e.key === "Enter") { run(true); } });
  }

  function field(id, label, value, attrs) {
    return "<label>" + esc(label) + "<input id='" + id + "' " + (attrs || "type='number' min='0' step='any'") +
      " value='" + esc(value) + "'></label>";
  }

  function sitePanel() {
    var box = L.control({position: "topleft"});
    box.onAdd = function () {
      var div = el("div", "izagis-panel");
      div.innerHTML = "<details id='izagis-find'><summary>" + esc(t("find_site")) + "</summary><form id='izagis-find-form'>" +
        field("need-area-min", t("area_min"), "10") + field("need-area-max", t("area_max"), "20") +
        field("need-industry", t("industry"), "", "type='text' inputmode='numeric' pattern='[0-9]{2,5}'") +
        field("need-price", t("price_max"), "") + field("need-interchange", t("max_interchange"), "") +
        field("need-port", t("max_port"), "") +
        "<button type='submit'>" + esc(t("run_search")) + "</button></form>" +
        "<div id='izagis-find-results'></div></details>";
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    box.addTo(map);
    document.getElementById("izagis-find-form").addEventListener("submit", function (e) {
      e.preventDefault();
      findSites();
    });
  }

  function value(id) {
    var v = document.getElementById(id).value.trim();
    return v === "" ? null : v;
  }

  function findSites() {
    var needs = {area_ha: {min: Number(value("need-area-min") || 1)}, limit: 10};
    if (value("need-area-max")) { needs.area_ha.max = Number(value("need-area-max")); }
    if (value("need-industry")) { needs.industry = value("need-industry"); }
    if (value("need-price")) { needs.max_lease_price_usd_m2 = Number(value("need-price")); }
    var dist = {};
    if (value("need-interchange")) { dist.expressway_interchange = Number(value("need-interchange")); }
    if (value("need-port")) { dist.river_port = Number(value("need-port")); }
    needs.max_distance_km = dist;
    var out = document.getElementById("izagis-find-results");
    out.innerHTML = "…";
    return fetch("/api/v1/site-search", {
      method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(needs)
    }).then(function (r) { return r.json().then(function (body) { return {ok: r.ok, body: body}; }); })
      .then(function (res) {
        if (!res.ok) {
          var labels = {area_ha: "area", industry: "industry", max_lease_price_usd_m2: "price_max",
                        max_distance_km: "distances"};
          var key = labels[(res.body.field || "").split(".")[0]];
          var where = key ? ": " + t(key) : "";
          out.innerHTML = "<div class='izagis-error'>" + esc(t("invalid_input") + where) + "</div>";
          return;
        }
        drawCandidates(res.body, out);
      });
  }

  /* "max_distance_km.seaport" -> "too far (Seaport)"; "industry" -> "industry not admitted". */
  function needName(key) {
    var parts = key.split(".");
    if (parts.length === 2) {
      return t(parts[0] === "max_distance_km" ? "n_max_distance" : "n_min_distance") + " (" + t("k_" + parts[1]) + ")";
    }
    return t("n_" + key);
  }

  function criterionValue(c) {
    if (c.unit === "ratio") { return num(100 * c.value, 0) + " %"; }
    if (c.unit === "index") { return num(c.value, 2); }
    return num(c.value, 2) + " " + esc(c.unit);
  }

  function drawCandidates(answer, out) {
    if (api.layers.candidates) { map.removeLayer(api.layers.candidates); }
    out.innerHTML = "";
    if (!answer.candidates.length) {
      var why = Object.keys(answer.excluded).filter(function (k) { return answer.excluded[k] > 0; })
        .map(function (k) { return esc(needName(k)) + ": " + answer.excluded[k]; }).join(", ");
      out.innerHTML = "<div class='izagis-none'>" + esc(t("no_results")) + "</div><div class='izagis-why'>" +
        esc(t("removed_by")) + " " + why + "</div>";
      return;
    }
    var layer = L.featureGroup().addTo(map);
    api.layers.candidates = layer;
    var list = el("ol", "izagis-candidates");
    answer.candidates.forEach(function (c) {
      var shape = L.geoJSON(c.geometry, {style: {color: "#ff00aa", weight: 3, fillOpacity: 0.25}})
        .bindTooltip("#" + c.rank, {permanent: true, className: "izagis-rank"}).addTo(layer);
      var top = Object.keys(c.criteria).map(function (k) { return [k, c.criteria[k]]; })
        .filter(function (kv) { return kv[1].weight > 0; })
        .sort(function (a, b) { return b[1].contribution - a[1].contribution; }).slice(0, 3)
        .map(function (kv) { return esc(t("c_" + kv[0])) + " " + criterionValue(kv[1]); });
      var item = el("li", "izagis-candidate",
        "<b>" + esc(c.zone_code) + "</b> " + esc(c.plot_codes.join(" + ")) + " · " + num(c.area_ha, 2) + " ha · " +
        esc(t("score")) + " " + num(c.score, 3) + "<div class='izagis-reasons'>" + top.join("; ") + "</div>");
      item.onclick = function () { map.fitBounds(shape.getBounds(), {maxZoom: 16}); };
      list.appendChild(item);
    });
    out.appendChild(list);
    map.fitBounds(layer.getBounds(), {maxZoom: 14});
  }

  function languageSwitch() {
    var box = L.control({position: "topright"});
    box.onAdd = function () {
      var other = api.config.lang === "vi" ? "en" : "vi";
      var path = api.config.audience === "investor" ? "/" + other : "/" + api.config.audience + "?lang=" + other;
      var div = el("div", "izagis-lang");
      div.innerHTML = "<a id='izagis-lang-switch' href='" + path + "'>" + esc(t("language")) + "</a>";
      return div;
    };
    box.addTo(map);
  }

  function loginPrompt() {
    sheet("<h3 class='izagis-sheet-title'>" + esc(t("login")) + "</h3><p id='izagis-login-required'>" +
      esc(t("login_required")) + "</p>");
  }

  /* Folium declares its map and controls with `let`: they are handed over, not looked up. */
  api.start = function (leafletMap, layerControl, plots) {
    map = api.map = leafletMap;
    control = layerControl;
    var sheetDiv = el("div", "izagis-sheet");
    sheetDiv.id = "izagis-sheet";
    L.DomEvent.disableClickPropagation(sheetDiv);
    L.DomEvent.disableScrollPropagation(sheetDiv);
    map.getContainer().appendChild(sheetDiv);
    plots.on("click", function (e) { plotPopup(e.layer.properties, e.latlng); });
    languageSwitch();
    legend();
    if (api.config.audience === "investor") {
      searchBox();
      sitePanel();
    } else {
      loginPrompt();
    }
    api.ready = loadLayers()
      .then(function () { document.body.dataset.izagisReady = "1"; })
      .catch(function () { banner(t("service_down")); document.body.dataset.izagisReady = "failed"; });
  };
  api.showZone = function (code) { return showZone(code); };
  api.findSites = function () { return findSites(); };
  return api;
})();
