/* The digital map: commune outlines as the base layer (no tiles), a choropleth of the chosen
   measure, the Gi* hot-spot layer and clustered hotspot markers. Data from /api/v1/map/. */
(function () {
  "use strict";

  var PALETTE = ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15", "#67000d", "#3b0008"];
  var BINS = {
    "3": "#d62f27", "2": "#ed7551", "1": "#fab984", "0": "#f2f2ee",
    "-1": "#c0ccbe", "-2": "#849eba", "-3": "#4575b5"
  };
  var NO_DATA = "#bdbdbd";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function fmt(value) {
    if (value === null || value === undefined) { return ""; }
    return Number(value).toLocaleString("vi-VN", { maximumFractionDigits: 2 });
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        return r.json();
      });
  }

  function start() {
    var box = document.getElementById("map");
    if (!box || typeof L === "undefined") { return; }
    var cfg = box.dataset;
    var form = document.getElementById("map-controls");
    var legend = document.getElementById("map-legend");
    // No tile layer sets the zoom range, and marker clustering needs one.
    var map = L.map(box, { attributionControl: false, zoomSnap: 0.25, minZoom: 5, maxZoom: 18 });
    map.setView([21.03, 105.85], 9);

    var state = { communes: null, values: null, analysis: null, markers: null, view: "choropleth" };
    var choropleth = L.geoJSON(null, { style: choroplethStyle, onEachFeature: bindCommune });
    var analysis = L.geoJSON(null, { style: analysisStyle, onEachFeature: bindCommune });
    var clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
    var narrow = window.matchMedia && window.matchMedia("(max-width: 600px)").matches;
    var control = L.control.layers(null, null, { collapsed: narrow }).addTo(map);
    control.addBaseLayer(choropleth, cfg.labelChoropleth);
    control.addBaseLayer(analysis, cfg.labelAnalysis);
    choropleth.addTo(map);

    function query() {
      var params = new URLSearchParams(new FormData(form));
      return params;
    }

    function valueOf(feature) {
      var v = state.values && state.values.values[feature.properties.code];
      return v || null;
    }

    function choroplethStyle(feature) {
      if (!feature.properties.in_scope) {
        return { color: "#777", weight: 1, dashArray: "4 3", fill: false };
      }
      var v = valueOf(feature);
      if (!v || v["class"] === null || v["class"] === undefined) {
        return { color: "#555", weight: 1, fillColor: NO_DATA, fillOpacity: 0.6, dashArray: "2 2" };
      }
      return { color: "#555", weight: 1, fillColor: PALETTE[v["class"]], fillOpacity: 0.75, dashArray: null };
    }

    function analysisStyle(feature) {
      if (!feature.properties.in_scope) {
        return { color: "#777", weight: 1, dashArray: "4 3", fill: false };
      }
      var units = state.analysis && state.analysis.units;
      var unit = units && units[feature.properties.code];
      if (!unit) {
        return { color: "#555", weight: 1, fillColor: NO_DATA, fillOpacity: 0.5, dashArray: "2 2" };
      }
      return { color: "#555", weight: 1, fillColor: BINS[String(unit.bin)], fillOpacity: 0.8, dashArray: null };
    }

    function bindCommune(feature, layer) {
      layer.bindTooltip(feature.properties.name, { sticky: true });
      if (!feature.properties.in_scope) { return; }
      layer.on("click", function (event) {
        var url = cfg.popupUrl.replace("00000", feature.properties.code) + "?" + query().toString();
        var popup = L.popup().setLatLng(event.latlng).setContent(cfg.labelLoading).openOn(map);
        fetch(url, { credentials: "same-origin" })
          .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
          .then(function (html) { popup.setContent(html); })
          .catch(function () { popup.setContent(cfg.labelError); });
      });
    }

    function drawLegend() {
      legend.textContent = "";
      if (state.view === "analysis") {
        legend.appendChild(el("h2", {}, cfg.labelAnalysis));
        var a = state.analysis;
        if (a && !a.ran) {
          legend.appendChild(el("p", { "class": "muted", id: "analysis-reason" }, a.reason));
        }
        var list = el("ul", { "class": "legend-list", id: "legend-classes" });
        [["3", cfg.labelHot3], ["2", cfg.labelHot2], ["1", cfg.labelHot1],
          ["0", cfg.labelNotSignificant], ["-1", cfg.labelCold1], ["-2", cfg.labelCold2],
          ["-3", cfg.labelCold3]].forEach(function (row) {
          list.appendChild(swatchItem(BINS[row[0]], row[1]));
        });
        list.appendChild(swatchItem(NO_DATA, cfg.labelNotAnalysed));
        legend.appendChild(list);
        legend.appendChild(el("p", { "class": "muted", id: "legend-method" }, cfg.labelMethod));
        markerLegend();
        return;
      }
      var v = state.values;
      if (!v) { return; }
      legend.appendChild(el("h2", {}, v.label));
      legend.appendChild(el("p", { "class": "muted", id: "legend-scheme" },
        cfg.labelScheme + ": " + v.scheme_label + " · " + v.period.label));
      var classes = el("ul", { "class": "legend-list", id: "legend-classes" });
      var low = null;
      v.breaks.forEach(function (upper, i) {
        var text = (low === null ? "≤ " + fmt(upper) : fmt(low) + " – " + fmt(upper)) +
          " " + v.unit + " (" + v.class_counts[i] + ")";
        classes.appendChild(swatchItem(PALETTE[i], text));
        low = upper;
      });
      classes.appendChild(swatchItem(NO_DATA, cfg.labelNoData + " (" + v.no_data + ")"));
      legend.appendChild(classes);
      if (state.communes && state.communes.features.some(function (f) { return !f.properties.in_scope; })) {
        legend.appendChild(el("p", { "class": "muted" }, cfg.labelOutline));
      }
      markerLegend();
    }

    function swatchItem(colour, text) {
      var li = el("li");
      var sw = el("span", { "class": "swatch" });
      sw.style.background = colour;
      li.appendChild(sw);
      li.appendChild(document.createTextNode(text));
      return li;
    }

    function markerStyle(p) {
      var eliminated = p.status === "eliminated";
      return {
        radius: p.severity === "severe" ? 9 : 6,
        color: p.status === "re_emerged" ? "#000" : (eliminated ? "#666" : "#7a0000"),
        weight: p.status === "re_emerged" ? 3 : 1,
        fillColor: eliminated ? "#9e9e9e" : (p.severity === "severe" ? "#c00000" : "#ff8c00"),
        fillOpacity: eliminated ? 0.6 : 0.9,
        className: "hotspot-marker hotspot-" + p.status
      };
    }

    function markerLegend() {
      var layers = (state.markers && state.markers.layers) || {};
      Object.keys(layers).forEach(function (key) {
        var seen = {};
        var list = el("ul", { "class": "legend-list", id: "legend-markers-" + key });
        layers[key].features.forEach(function (f) {
          var p = f.properties;
          var label = p.status_label + " · " + p.severity_label;
          if (seen[label]) { return; }
          seen[label] = true;
          var style = markerStyle(p);
          var item = swatchItem(style.fillColor, label);
          item.firstChild.classList.add("round");
          list.appendChild(item);
        });
        if (list.childNodes.length) {
          legend.appendChild(el("h2", {}, layers[key].label));
          legend.appendChild(list);
        }
      });
    }

    function drawMarkers() {
      clusters.clearLayers();
      var layers = (state.markers && state.markers.layers) || {};
      Object.keys(layers).forEach(function (key) {
        layers[key].features.forEach(function (f) {
          var p = f.properties;
          var c = f.geometry.coordinates;
          var marker = L.circleMarker([c[1], c[0]], markerStyle(p));
          var body = el("div", { "class": "map-popup" });
          body.appendChild(el("strong", {}, p.name));
          body.appendChild(el("div", {}, p.status_label + " · " + p.severity_label));
          if (p.url) { body.appendChild(el("a", { href: p.url }, p.name)); }
          marker.bindPopup(body);
          clusters.addLayer(marker);
        });
        if (!control._markersAdded) {
          control.addOverlay(clusters, layers[key].label);
          control._markersAdded = true;
          clusters.addTo(map);
        }
      });
    }

    function redraw() {
      choropleth.setStyle(choroplethStyle);
      analysis.setStyle(analysisStyle);
      drawLegend();
    }

    function loadAnalysis() {
      if (state.analysis) { redraw(); return Promise.resolve(); }
      return getJSON(cfg.analysisUrl + "?" + query().toString()).then(function (data) {
        state.analysis = data;
        redraw();
      });
    }

    function exportLinks() {
      document.querySelectorAll("#map-export a[data-file]").forEach(function (link) {
        var params = query();
        params.set("file", link.dataset.file);
        link.setAttribute("href", cfg.exportUrl + "?" + params.toString());
      });
    }

    function loadData() {
      var q = query().toString();
      exportLinks();
      state.analysis = null;
      return Promise.all([
        getJSON(cfg.valuesUrl + "?" + q),
        getJSON(cfg.markersUrl + "?" + q)
      ]).then(function (found) {
        state.values = found[0];
        state.markers = found[1];
        drawMarkers();
        redraw();
        if (state.view === "analysis") { return loadAnalysis(); }
        return null;
      });
    }

    function fail(error) {
      if (window.console) { console.error(error); }
      legend.textContent = "";
      legend.appendChild(el("p", { "class": "error" }, cfg.labelError));
    }

    map.on("baselayerchange", function (event) {
      state.view = event.layer === analysis ? "analysis" : "choropleth";
      if (state.view === "analysis") { loadAnalysis().catch(fail); } else { drawLegend(); }
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      history.replaceState(null, "", "?" + query().toString());
      loadData().catch(fail);
    });
    form.addEventListener("change", function () {
      form.requestSubmit();
    });

    getJSON(cfg.communesUrl).then(function (collection) {
      state.communes = collection;
      if (!collection.features.length) {
        box.insertAdjacentElement("beforebegin", el("p", { "class": "muted", id: "map-no-outlines" }, cfg.labelNoOutlines));
      }
      choropleth.addData(collection);
      analysis.addData(collection);
      var inScope = L.geoJSON({
        type: "FeatureCollection",
        features: collection.features.filter(function (f) { return f.properties.in_scope; })
      });
      var bounds = inScope.getBounds();
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [10, 10] }); }
      return loadData();
    }).then(function () {
      box.setAttribute("data-ready", "1");
    }).catch(fail);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
