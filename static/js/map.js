/* The digital map: commune outlines as the base layer (no tiles), a choropleth of the chosen
   measure, the Gi* hot-spot layer, the Gi* layer of located incidents or hotspots over H3
   hexagons, the emerging hot-spot layer, clustered markers per layer
   (hotspots, incidents, businesses), the incident density grid and a time slider replaying
   quarters. Data from /api/v1/map/. */
(function () {
  "use strict";

  var PALETTE = ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15", "#67000d", "#3b0008"];
  var BINS = {
    "3": "#d62f27", "2": "#ed7551", "1": "#fab984", "0": "#f2f2ee",
    "-1": "#c0ccbe", "-2": "#849eba", "-3": "#4575b5"
  };
  var NO_DATA = "#bdbdbd";
  var PATTERNS = {
    new_hot_spot: "#67001f", consecutive_hot_spot: "#b2182b", intensifying_hot_spot: "#d6604d",
    persistent_hot_spot: "#f4a582", diminishing_hot_spot: "#fddbc7", sporadic_hot_spot: "#e7298a",
    oscillating_hot_spot: "#c994c7", historical_hot_spot: "#8c6d31",
    new_cold_spot: "#053061", consecutive_cold_spot: "#2166ac", intensifying_cold_spot: "#4393c3",
    persistent_cold_spot: "#92c5de", diminishing_cold_spot: "#d1e5f0", sporadic_cold_spot: "#1b9e77",
    oscillating_cold_spot: "#66c2a5", historical_cold_spot: "#7f7f7f",
    no_pattern: "#f2f2ee"
  };
  var HEAT = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"];
  var INCIDENT_KINDS = {
    arrest: "#1f78b4", administrative: "#33a02c", seizure: "#6a3d9a",
    plant_destruction: "#b15928", tip: "#a6cee3", public_use: "#e31a1c"
  };

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
    // A tile source on the closed network, when the deployment has one (PCMT_MAP_TILE_URL).
    if (cfg.tileUrl) { L.tileLayer(cfg.tileUrl, { maxZoom: 18 }).addTo(map); }

    var state = {
      communes: null, values: null, analysis: null, emerging: null, markers: null, heat: null,
      hexagons: {}, view: "choropleth"
    };
    var patternLabels = JSON.parse(cfg.patternLabels || "{}");
    var choropleth = L.geoJSON(null, { style: choroplethStyle, onEachFeature: bindCommune });
    var analysis = L.geoJSON(null, { style: analysisStyle, onEachFeature: bindCommune });
    var emerging = L.geoJSON(null, { style: emergingStyle, onEachFeature: bindCommune });
    var heat = L.geoJSON(null, { style: heatStyle, interactive: false });
    var groups = {};
    var narrow = window.matchMedia && window.matchMedia("(max-width: 600px)").matches;
    var control = L.control.layers(null, null, { collapsed: narrow }).addTo(map);
    control.addBaseLayer(choropleth, cfg.labelChoropleth);
    control.addBaseLayer(analysis, cfg.labelAnalysis);
    control.addBaseLayer(emerging, cfg.labelEmerging);
    // Gi* over H3 hexagons of the located points (counts only: not for every role).
    var hexLayers = {};
    var hexLabels = { incidents: cfg.labelHexIncidents, hotspots: cfg.labelHexHotspots };
    if (cfg.hexagonsUrl) {
      ["incidents", "hotspots"].forEach(function (points) {
        hexLayers[points] = L.geoJSON(null, { style: hexStyle, onEachFeature: bindHexagon });
        control.addBaseLayer(hexLayers[points], hexLabels[points]);
      });
    }
    if (cfg.heatUrl) { control.addOverlay(heat, cfg.labelHeat); }
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

    function hexStyle(feature) {
      var bin = feature.properties.bin;
      if (bin === null || bin === undefined) {
        return { color: "#555", weight: 0.5, fillColor: NO_DATA, fillOpacity: 0.6 };
      }
      return { color: "#555", weight: 0.5, fillColor: BINS[String(bin)], fillOpacity: 0.75 };
    }

    function bindHexagon(feature, layer) {
      var p = feature.properties;
      layer.bindTooltip(cfg.labelHexCount + ": " + fmt(p.count) +
        (p.z === null ? "" : " · z = " + fmt(p.z) + " · p = " + fmt(p.p)), { sticky: true });
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

    function emergingStyle(feature) {
      if (!feature.properties.in_scope) {
        return { color: "#777", weight: 1, dashArray: "4 3", fill: false };
      }
      var units = state.emerging && state.emerging.units;
      var unit = units && units[feature.properties.code];
      if (!unit) {
        return { color: "#555", weight: 1, fillColor: NO_DATA, fillOpacity: 0.5, dashArray: "2 2" };
      }
      return { color: "#555", weight: 1, fillColor: PATTERNS[unit.pattern], fillOpacity: 0.8, dashArray: null };
    }

    function heatStyle(feature) {
      return { stroke: false, fillColor: HEAT[feature.properties.level - 1], fillOpacity: 0.65 };
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
      if (state.view === "emerging") {
        legend.appendChild(el("h2", {}, cfg.labelEmerging));
        var e = state.emerging;
        if (e && !e.ran) {
          legend.appendChild(el("p", { "class": "muted", id: "emerging-reason" }, e.reason));
        }
        var seen = {};
        Object.keys((e && e.units) || {}).forEach(function (code) { seen[e.units[code].pattern] = (seen[e.units[code].pattern] || 0) + 1; });
        var patterns = el("ul", { "class": "legend-list", id: "legend-patterns" });
        Object.keys(PATTERNS).forEach(function (key) {
          if (!seen[key] && key !== "no_pattern") { return; }
          patterns.appendChild(swatchItem(PATTERNS[key], (patternLabels[key] || key) + " (" + (seen[key] || 0) + ")"));
        });
        patterns.appendChild(swatchItem(NO_DATA, cfg.labelNotAnalysed));
        legend.appendChild(patterns);
        if (e && e.steps && e.steps.length) {
          legend.appendChild(el("p", { "class": "muted" }, e.steps[0].label + " – " + e.steps[e.steps.length - 1].label));
        }
        legend.appendChild(el("p", { "class": "muted", id: "legend-emerging-method" }, cfg.labelEmergingMethod));
        heatLegend();
        markerLegend();
        return;
      }
      var hexPoints = state.view.indexOf("hex-") === 0 ? state.view.slice(4) : "";
      if (state.view === "analysis" || hexPoints) {
        legend.appendChild(el("h2", {}, hexPoints ? hexLabels[hexPoints] : cfg.labelAnalysis));
        var a = hexPoints ? state.hexagons[hexPoints] : state.analysis;
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
        legend.appendChild(el("p", { "class": "muted", id: "legend-method" },
          hexPoints ? hexMethod(a) : cfg.labelMethod));
        heatLegend();
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
      heatLegend();
      markerLegend();
    }

    function heatLegend() {
      if (!state.heat || !map.hasLayer(heat)) { return; }
      legend.appendChild(el("h2", {}, cfg.labelHeat));
      if (!state.heat.features.length) {
        legend.appendChild(el("p", { "class": "muted", id: "heat-empty" }, cfg.labelHeatEmpty));
        return;
      }
      var list = el("ul", { "class": "legend-list", id: "legend-heat" });
      HEAT.forEach(function (colour, i) {
        var low = state.heat.maximum * i / HEAT.length;
        var high = state.heat.maximum * (i + 1) / HEAT.length;
        list.appendChild(swatchItem(colour, fmt(low) + " – " + fmt(high) + " " + cfg.labelHeatUnit));
      });
      legend.appendChild(list);
      legend.appendChild(el("p", { "class": "muted" }, cfg.labelHeatMethod));
    }

    // The method of the hexagon layer names the resolution the points' spacing chose.
    function hexMethod(a) {
      var text = cfg.labelHexMethod;
      if (!a || !a.resolution) { return text.replace(/ \([^)]*\{resolution\}[^)]*\)/, ""); }
      var area = String(a.cell_area_km2).replace(".", ",");
      return text.replace("{resolution}", a.resolution).replace("{area}", area);
    }

    function swatchItem(colour, text) {
      var li = el("li");
      var sw = el("span", { "class": "swatch" });
      sw.style.background = colour;
      li.appendChild(sw);
      li.appendChild(document.createTextNode(text));
      return li;
    }

    function markerStyle(key, p) {
      if (key === "incidents") {
        return {
          radius: 5, color: "#222", weight: 1, fillColor: INCIDENT_KINDS[p.kind] || "#555",
          fillOpacity: 0.9, className: "incident-marker"
        };
      }
      if (key === "businesses") {
        return {
          radius: 6, color: "#3f007d", weight: 2, fillColor: "#dadaeb", fillOpacity: 0.9,
          className: "business-marker"
        };
      }
      // Active states in red or orange by severity; eliminated, monitored and closed in greys;
      // a point at risk in yellow; a re-emerged hotspot with a thick black ring.
      var quiet = ["eliminated", "monitoring", "closed"].indexOf(p.status) >= 0;
      var fill = p.status === "at_risk" ? "#ffd54f"
        : quiet ? (p.status === "closed" ? "#e0e0e0" : "#9e9e9e")
        : (p.severity === "severe" ? "#c00000" : "#ff8c00");
      return {
        radius: p.severity === "severe" ? 9 : 6,
        color: p.status === "re_emerged" ? "#000"
          : p.status === "monitoring" ? "#1f4e9c"
          : quiet ? "#666" : "#7a0000",
        weight: p.status === "re_emerged" ? 3 : (p.status === "monitoring" ? 2 : 1),
        dashArray: p.status === "at_risk" ? "3 2" : null,
        fillColor: fill,
        fillOpacity: quiet ? 0.6 : 0.9,
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
          var label = p.legend;
          if (seen[label]) { return; }
          seen[label] = true;
          var style = markerStyle(key, p);
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
      Object.keys(groups).forEach(function (key) { groups[key].clearLayers(); });
      var layers = (state.markers && state.markers.layers) || {};
      Object.keys(layers).forEach(function (key) {
        if (!groups[key]) {
          // Each layer clusters on its own when dense, and is switched on its own.
          groups[key] = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
          control.addOverlay(groups[key], layers[key].label);
          groups[key].addTo(map);
        }
        var markers = [];
        layers[key].features.forEach(function (f) {
          var p = f.properties;
          var c = f.geometry.coordinates;
          var marker = L.circleMarker([c[1], c[0]], markerStyle(key, p));
          var body = el("div", { "class": "map-popup" });
          body.appendChild(el("strong", {}, p.name));
          body.appendChild(el("div", {}, p.legend));
          if (p.date) { body.appendChild(el("div", { "class": "muted" }, p.date)); }
          if (p.url) { body.appendChild(el("a", { href: p.url }, p.name)); }
          marker.bindPopup(body);
          markers.push(marker);
        });
        groups[key].addLayers(markers);
      });
    }

    function redraw() {
      choropleth.setStyle(choroplethStyle);
      analysis.setStyle(analysisStyle);
      emerging.setStyle(emergingStyle);
      drawLegend();
    }

    // Long analyses run as background jobs: the server answers a progress bar that htmx
    // polls (every second) until the job ends; then its result is read and drawn. A job
    // started for a period the user has since left is not drawn.
    var jobBox = document.getElementById("map-job");
    var generation = 0;

    function csrfToken() {
      try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
      catch (e) { return ""; }
    }

    function runJob(params) {
      var mine = generation;
      params.set("csrfmiddlewaretoken", csrfToken());
      return fetch(cfg.jobStartUrl, {
        method: "POST", credentials: "same-origin", body: params,
        headers: { "X-CSRFToken": csrfToken() }
      }).then(function (r) {
        return r.text().then(function (html) {
          if (mine !== generation) { return null; }
          jobBox.innerHTML = html;
          if (!r.ok) { throw new Error(r.status); }
          if (window.htmx) { window.htmx.process(jobBox); }
          return new Promise(function (resolve, reject) {
            function check() {
              var bar = jobBox.querySelector(".map-job[data-status]");
              if (mine !== generation) { observer.disconnect(); resolve(null); return; }
              if (!bar) { return; }
              if (bar.dataset.status === "failed") { observer.disconnect(); resolve(null); return; }
              if (bar.dataset.status !== "done") { return; }
              observer.disconnect();
              getJSON(bar.dataset.resultUrl).then(function (data) {
                resolve(mine === generation ? data.result : null);
              }, reject);
            }
            var observer = new MutationObserver(check);
            observer.observe(jobBox, { childList: true, subtree: true, attributes: true });
            check();
          });
        });
      });
    }

    function loadEmerging() {
      if (state.emerging) { redraw(); return Promise.resolve(); }
      var params = query();
      params.set("analysis", "emerging");
      params.set("step", "quarter");
      params.set("steps", "12");
      params["delete"]("period");
      params["delete"]("end");
      return runJob(params).then(function (result) {
        if (!result) { return; }
        state.emerging = result;
        redraw();
      });
    }

    function loadHeat() {
      if (!cfg.heatUrl || !map.hasLayer(heat)) { return Promise.resolve(); }
      if (state.heat) { drawLegend(); return Promise.resolve(); }
      return getJSON(cfg.heatUrl + "?" + query().toString()).then(function (data) {
        state.heat = data;
        heat.clearLayers();
        heat.addData(data);
        drawLegend();
      });
    }

    function loadAnalysis() {
      if (state.analysis) { redraw(); return Promise.resolve(); }
      return getJSON(cfg.analysisUrl + "?" + query().toString()).then(function (data) {
        state.analysis = data;
        redraw();
      });
    }

    function loadHexagons(points) {
      if (state.hexagons[points]) { drawLegend(); return Promise.resolve(); }
      var params = query();
      params.set("points", points);
      function draw(data) {
        if (!data) { return; }
        state.hexagons[points] = data;
        hexLayers[points].clearLayers();
        hexLayers[points].addData(data);
        drawLegend();
      }
      return getJSON(cfg.hexagonsUrl + "?" + params.toString()).then(function (data) {
        if (!data.background) { draw(data); return; }
        // Many points: a background job with a progress bar.
        state.hexagons[points] = data;
        drawLegend();
        params.set("analysis", "hexagons");
        return runJob(params).then(draw);
      });
    }

    function exportLinks() {
      document.querySelectorAll("#map-export a[data-file]").forEach(function (link) {
        var params = query();
        params.set("file", link.dataset.file);
        link.setAttribute("href", cfg.exportUrl + "?" + params.toString());
      });
    }

    // The current view as a PNG for reports: the map's vector layers (communes, classes,
    // markers, density) as drawn, the clusters, the title, the period and the legend. Drawn in
    // the browser from what is on screen: no tile and no request leave the page.
    function legendLines() {
      var lines = [];
      legend.querySelectorAll("h2, p, li").forEach(function (node) {
        if (node.tagName === "LI") {
          var swatch = node.querySelector(".swatch");
          lines.push({ text: node.textContent.trim(), colour: swatch ? swatch.style.background : "" });
        } else if (!node.closest("li")) {
          lines.push({ text: node.textContent.trim(), heading: node.tagName === "H2" });
        }
      });
      return lines;
    }

    function wrapText(ctx, text, x, y, width, lineHeight) {
      var line = "";
      text.split(/\s+/).forEach(function (word) {
        var next = line ? line + " " + word : word;
        if (ctx.measureText(next).width > width && line) {
          ctx.fillText(line, x, y);
          y += lineHeight;
          line = word;
        } else {
          line = next;
        }
      });
      if (line) { ctx.fillText(line, x, y); y += lineHeight; }
      return y;
    }

    function svgImage(svg, at) {
      var r = svg.getBoundingClientRect();
      var copy = svg.cloneNode(true);
      copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
      copy.setAttribute("width", r.width);
      copy.setAttribute("height", r.height);
      var text = new XMLSerializer().serializeToString(copy);
      return new Promise(function (resolve) {
        var img = new Image();
        img.onload = function () {
          resolve({ img: img, x: r.left - at.left, y: r.top - at.top, w: r.width, h: r.height });
        };
        img.onerror = function () { resolve(null); };
        img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
      });
    }

    function exportPng(event) {
      event.preventDefault();
      var at = box.getBoundingClientRect();
      var lines = legendLines();
      var side = 340, head = 64, scale = 2, lineHeight = 17;
      var width = Math.round(at.width) + side;
      var height = head + Math.max(Math.round(at.height), lines.length * lineHeight * 2 + 24);
      var canvas = document.createElement("canvas");
      canvas.width = width * scale;
      canvas.height = height * scale;
      var ctx = canvas.getContext("2d");
      ctx.scale(scale, scale);
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, width, height);
      ctx.fillStyle = "#000";
      ctx.font = "bold 16px sans-serif";
      ctx.fillText(document.querySelector("h1").textContent.trim(), 10, 22);
      ctx.font = "12px sans-serif";
      var period = document.getElementById("map-period");
      wrapText(ctx, period ? period.textContent.trim() : "", 10, 42, width - 20, 15);
      var svgs = box.querySelectorAll(".leaflet-pane svg");
      Promise.all(Array.prototype.map.call(svgs, function (svg) { return svgImage(svg, at); }))
        .then(function (drawn) {
          ctx.save();
          ctx.beginPath();
          ctx.rect(0, head, at.width, at.height);
          ctx.clip();
          drawn.forEach(function (d) { if (d) { ctx.drawImage(d.img, d.x, head + d.y, d.w, d.h); } });
          box.querySelectorAll(".marker-cluster").forEach(function (node) {
            var r = node.getBoundingClientRect();
            var cx = r.left - at.left + r.width / 2, cy = head + r.top - at.top + r.height / 2;
            ctx.fillStyle = "rgba(241, 128, 23, 0.85)";
            ctx.beginPath();
            ctx.arc(cx, cy, r.width / 2, 0, 2 * Math.PI);
            ctx.fill();
            ctx.fillStyle = "#000";
            ctx.font = "bold 12px sans-serif";
            ctx.textAlign = "center";
            ctx.fillText(node.textContent.trim(), cx, cy + 4);
            ctx.textAlign = "left";
          });
          ctx.restore();
          ctx.strokeStyle = "#999";
          ctx.strokeRect(0.5, head + 0.5, at.width - 1, at.height - 1);
          var x = at.width + 12, y = head + 14;
          lines.forEach(function (line) {
            ctx.fillStyle = "#000";
            ctx.font = line.heading ? "bold 13px sans-serif" : "12px sans-serif";
            if (line.colour) {
              ctx.fillStyle = line.colour;
              ctx.fillRect(x, y - 10, 14, 12);
              ctx.strokeStyle = "#666";
              ctx.strokeRect(x + 0.5, y - 9.5, 13, 11);
              ctx.fillStyle = "#000";
              y = wrapText(ctx, line.text, x + 20, y, side - 36, lineHeight);
            } else {
              y = wrapText(ctx, line.text, x, y, side - 16, lineHeight);
            }
          });
          canvas.toBlob(function (blob) {
            var link = document.createElement("a");
            link.href = URL.createObjectURL(blob);
            link.download = "ban-do-" + (query().get("period") || "ky") + ".png";
            document.body.appendChild(link);
            link.click();
            setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
          }, "image/png");
        });
    }
    var pngLink = document.getElementById("map-export-png");
    if (pngLink) { pngLink.addEventListener("click", exportPng); }

    function loadData() {
      var q = query().toString();
      exportLinks();
      state.analysis = null;
      state.emerging = null;
      state.heat = null;
      state.hexagons = {};
      generation += 1;
      if (jobBox) { jobBox.textContent = ""; }
      return Promise.all([
        getJSON(cfg.valuesUrl + "?" + q),
        getJSON(cfg.markersUrl + "?" + q)
      ]).then(function (found) {
        state.values = found[0];
        state.markers = found[1];
        drawMarkers();
        redraw();
        var more = [loadHeat()];
        if (state.view === "analysis") { more.push(loadAnalysis()); }
        if (state.view === "emerging") { more.push(loadEmerging()); }
        if (state.view.indexOf("hex-") === 0) { more.push(loadHexagons(state.view.slice(4))); }
        return Promise.all(more);
      });
    }

    function fail(error) {
      if (window.console) { console.error(error); }
      legend.textContent = "";
      legend.appendChild(el("p", { "class": "error" }, cfg.labelError));
    }

    map.on("baselayerchange", function (event) {
      state.view = event.layer === analysis ? "analysis" : (event.layer === emerging ? "emerging" : "choropleth");
      Object.keys(hexLayers).forEach(function (points) {
        if (event.layer === hexLayers[points]) { state.view = "hex-" + points; }
      });
      if (state.view === "analysis") { loadAnalysis().catch(fail); }
      else if (state.view === "emerging") { loadEmerging().catch(fail); }
      else if (state.view.indexOf("hex-") === 0) { loadHexagons(state.view.slice(4)).catch(fail); }
      else { drawLegend(); }
    });
    map.on("overlayadd overlayremove", function (event) {
      if (event.layer === heat) { loadHeat().catch(fail); drawLegend(); }
    });

    // The time slider: each position is a quarter; moving it shows that quarter.
    var quarters = JSON.parse(cfg.slider || "[]");
    var range = document.getElementById("map-slider-range");
    var rangeLabel = document.getElementById("map-slider-label");
    var play = document.getElementById("map-slider-play");
    var timer = null;
    // The date fields read dd/mm/yyyy; the quarters come as ISO dates.
    function dayShown(iso) {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
      return m ? m[3] + "/" + m[2] + "/" + m[1] : iso;
    }
    function dayIso(shown) {
      var m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec((shown || "").trim());
      if (!m) { return shown; }
      return m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2);
    }
    function sliderShow(index, submit) {
      var q = quarters[index];
      if (!q) { return; }
      rangeLabel.textContent = q.label;
      if (!submit) { return; }
      form.elements.period.value = "quarter";
      form.elements.start.value = dayShown(q.start);
      form.requestSubmit();
    }
    function stop() {
      if (timer) { window.clearInterval(timer); timer = null; }
      play.textContent = cfg.labelPlay;
    }
    if (range && quarters.length) {
      range.max = String(quarters.length - 1);
      var current = dayIso(form.elements.start.value);
      var at = quarters.length - 1;
      quarters.forEach(function (q, i) { if (form.elements.period.value === "quarter" && current >= q.start) { at = i; } });
      range.value = String(at);
      sliderShow(at, false);
      range.addEventListener("input", function () { sliderShow(Number(range.value), false); });
      range.addEventListener("change", function () { stop(); sliderShow(Number(range.value), true); });
      play.addEventListener("click", function () {
        if (timer) { stop(); return; }
        play.textContent = cfg.labelPause;
        if (Number(range.value) >= quarters.length - 1) { range.value = "0"; sliderShow(0, true); }
        timer = window.setInterval(function () {
          var next = Number(range.value) + 1;
          if (next >= quarters.length) { stop(); return; }
          range.value = String(next);
          sliderShow(next, true);
        }, 2000);
      });
    }

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
      emerging.addData(collection);
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
