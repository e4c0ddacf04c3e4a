/* The location of a place in its form: a small map with the commune's outline (from our own
   server, no tiles) where a click fills the latitude and longitude, and the commune and
   village found from the address typed, which the officer may take or correct. */
(function () {
  "use strict";

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        return r.json();
      });
  }

  function number(input) {
    var value = parseFloat(String(input.value || "").replace(",", "."));
    return isFinite(value) ? value : null;
  }

  function start() {
    var box = document.getElementById("location-map");
    if (!box || typeof L === "undefined") { return; }
    var cfg = box.dataset;
    var codes = JSON.parse(document.getElementById("location-communes").textContent || "{}");
    var lat = document.getElementById("id_latitude");
    var lng = document.getElementById("id_longitude");
    var commune = document.getElementById("id_commune");
    var village = document.getElementById("id_village");
    var map = L.map(box, { attributionControl: false, minZoom: 5, maxZoom: 19 });
    map.setView([16.0, 106.0], 5);
    var outline = null;
    var marker = null;

    function mark(latlng) {
      if (marker) { marker.setLatLng(latlng); } else {
        marker = L.circleMarker(latlng, { radius: 7, color: "#b30000", weight: 2, fillOpacity: 0.8 })
          .addTo(map);
      }
    }

    map.on("click", function (event) {
      lat.value = event.latlng.lat.toFixed(6);
      lng.value = event.latlng.lng.toFixed(6);
      mark(event.latlng);
      box.setAttribute("data-picked", "1");
    });

    function fromInputs() {
      var a = number(lat);
      var b = number(lng);
      if (a !== null && b !== null) { mark([a, b]); }
    }
    lat.addEventListener("change", fromInputs);
    lng.addEventListener("change", fromInputs);

    function code() {
      if (commune && commune.value) { return codes[commune.value] || ""; }
      return cfg.commune || "";
    }

    function showOutline() {
      var chosen = code();
      if (outline) { map.removeLayer(outline); outline = null; }
      if (!chosen) { return; }
      getJSON(cfg.boundaryUrl.replace("00000", chosen)).then(function (data) {
        if (data.features && data.features.length) {
          outline = L.geoJSON(data, {
            style: { color: "#1f4e8c", weight: 2, fillOpacity: 0.06 },
            interactive: false
          }).addTo(map);
          map.fitBounds(outline.getBounds(), { padding: [10, 10] });
        } else if (data.center) {
          map.setView(data.center, 14);
        }
        box.setAttribute("data-ready", "1");
      }).catch(function () { box.setAttribute("data-ready", "1"); });
    }
    if (commune) { commune.addEventListener("change", showOutline); }
    showOutline();
    fromInputs();
    if (!code()) { box.setAttribute("data-ready", "1"); }

    var address = document.getElementById("id_address");
    var shown = document.getElementById("address-resolution");
    if (!address || !shown || !cfg.resolveUrl) { return; }
    var timer = null;

    function take(found) {
      if (commune && found.commune) {
        commune.value = String(found.commune.pk);
        commune.dispatchEvent(new Event("change"));
      }
      if (village && found.village) { village.value = String(found.village.pk); }
    }

    function resolve() {
      var text = address.value.trim();
      shown.textContent = "";
      if (!text) { return; }
      getJSON(cfg.resolveUrl + "?address=" + encodeURIComponent(text)).then(function (found) {
        shown.textContent = "";
        if (!found.commune) {
          shown.textContent = cfg.notFound + " " + (found.reason || "");
          return;
        }
        var unit = found.commune.name + (found.village ? ", " + found.village.name : "");
        var line = document.createElement("span");
        line.textContent = "→ " + unit + " ";
        shown.appendChild(line);
        if (commune && !commune.value) {
          take(found);
          return;
        }
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = cfg.useLabel;
        button.addEventListener("click", function () { take(found); });
        shown.appendChild(button);
      }).catch(function () { shown.textContent = ""; });
    }

    address.addEventListener("input", function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(resolve, 500);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
