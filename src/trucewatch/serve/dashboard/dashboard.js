/* trucewatch map dashboard (served at / by `trucewatch serve`; see docs/dashboard.md).
 *
 * Reads GET /agreements, /map/boundaries, /map/scopes, /map/events, /agreements/{id}/series, /events/{id} and
 * /verdicts. No library but Leaflet (served by trucewatch); no tiles unless the page is opened
 * with ?tiles=<URL template>. Text from the data and the URL (?attribution=) is always set as
 * text, never as HTML; the page runs under a Content-Security-Policy with no inline script.
 * For tests and scripts: #status and #map carry data-count (markers shown), #map carries
 * data-boundaries (admin units drawn under the scopes, 0 when none are stored), body data-state
 * is "ready" once markers are drawn, #event-detail carries data-event-id of the shown event,
 * #left-out rows carry data-horizon and their cells data-before / data-during (series.js).
 */
(function () {
  "use strict";

  var KINDS = [
    ["violation", "violation", "#d7191c"],
    ["possible_violation", "possible violation", "#fd8d3c"],
    ["unlocated", "unlocated (not placed in the scope)", "#c7b99a"],
    ["not_covered", "not covered", "#2c7bb6"],
    ["outside_window", "outside the window", "#8e63b5"],
    ["outside_scope", "outside the scope", "#9e9e9e"],
    ["none", "no verdict", "#4d4d4d"],
  ];
  var COLOUR = {};
  KINDS.forEach(function (k) { COLOUR[k[0]] = k[2]; });

  var params = new URLSearchParams(window.location.search);
  var key = (window.location.hash.match(/key=([^&]+)/) || [])[1] || null;
  // ?view=LAT,LON,ZOOM opens the map there instead of fitting it to the scope and the events
  var view = (params.get("view") || "").split(",").map(Number);
  view = view.length === 3 && view.every(isFinite) ? view : null;

  var state = {
    agreements: [],
    agreement: "",
    features: [],
    days: [],
    markers: [],
    scopeLayer: null,
    boundaryLayer: null,
  };

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function showError(message) {
    var box = $("error");
    box.textContent = message;
    box.hidden = false;
  }

  function api(path) {
    var headers = { Accept: "application/json" };
    if (key) { headers.Authorization = "Bearer " + decodeURIComponent(key); }
    return fetch(path, { headers: headers }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          var msg = body && body.error ? body.error.message : response.statusText;
          throw new Error("GET " + path + ": " + response.status + " " + msg);
        }
        return body;
      });
    });
  }

  // -- the map ------------------------------------------------------------------------------

  var EVENT_LIMIT = 20000; // events loaded at once (the API allows up to 50,000)
  var map = L.map("map", { preferCanvas: false, worldCopyJump: true }).setView([35, 38], 6);
  // Leaflet shows attributions as HTML: a value from the URL goes in escaped, as text
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  if (params.get("tiles")) {
    var tilesHost = "";
    try { tilesHost = new URL(params.get("tiles")).host; } catch (e) { tilesHost = "?"; }
    L.tileLayer(params.get("tiles"), {
      maxZoom: 18,
      attribution: escapeHtml(params.get("attribution") || "tiles: " + tilesHost),
    }).addTo(map);
  }
  map.attributionControl.addAttribution("trucewatch (no tiles: scopes and events only)");
  var markerLayer = L.layerGroup().addTo(map);

  function drawScopes(collection) {
    if (state.scopeLayer) { map.removeLayer(state.scopeLayer); }
    state.scopeLayer = L.geoJSON(collection, {
      interactive: false,
      style: function (feature) {
        var mine = !state.agreement || feature.properties.agreement_id === state.agreement;
        return {
          color: mine ? "#333" : "#999",
          weight: mine ? 2 : 1,
          dashArray: mine ? null : "4 4",
          fillColor: "#f6e8a6",
          fillOpacity: mine ? 0.35 : 0.08,
          className: "tw-scope",
        };
      },
    }).addTo(map);
    state.scopeLayer.bringToBack();
    if (state.boundaryLayer) { state.boundaryLayer.bringToBack(); }
  }

  // the stored admin boundaries (coarsest level), once: thin grey outlines under everything,
  // no fill, the unit's name as a tooltip on its outline
  function loadBoundaries() {
    return api("map/boundaries").then(function (collection) {
      if (collection.features.length) {
        state.boundaryLayer = L.geoJSON(collection, {
          style: function () {
            return { color: "#888", weight: 1, opacity: 0.8, fill: false, className: "tw-boundary" };
          },
          onEachFeature: function (feature, layer) {
            // an element, not a string: Leaflet would insert a string as HTML
            layer.bindTooltip(el("span", {}, [String(feature.properties.name)]), { sticky: true });
          },
        }).addTo(map);
        state.boundaryLayer.bringToBack();
      }
      $("map").setAttribute("data-boundaries", String(collection.features.length));
    }).catch(function (err) {
      $("map").setAttribute("data-boundaries", "0");
      showError(err.message);
    });
  }

  function kindChecked(kind) {
    var box = document.querySelector('#kinds input[value="' + kind + '"]');
    return !box || box.checked;
  }

  function dayRange() {
    var a = Number($("day-from").value), b = Number($("day-to").value);
    return [Math.min(a, b), Math.max(a, b)];
  }

  function applyFilters() {
    var range = dayRange();
    var first = state.days[range[0]], last = state.days[range[1]];
    $("day-label").textContent = state.days.length ? first + " – " + last : "no events";
    markerLayer.clearLayers();
    var shown = 0;
    state.markers.forEach(function (m) {
      var p = m.feature.properties;
      if (kindChecked(p.kind) && p.day >= first && p.day <= last) {
        markerLayer.addLayer(m.marker);
        var path = m.marker.getElement();
        if (path) { path.setAttribute("data-event-id", p.event_id); path.setAttribute("data-kind", p.kind); }
        shown += 1;
      }
    });
    var status = $("status");
    var total = state.total || 0;
    status.textContent = shown + " events shown" + (state.truncated
      ? " (the first " + state.features.length + " of " + total + " loaded)"
      : " of " + state.features.length);
    status.setAttribute("data-count", String(shown));
    $("map").setAttribute("data-count", String(shown));
  }

  function buildMarkers(collection) {
    state.features = collection.features;
    state.total = collection.total;
    state.truncated = collection.truncated;
    var days = {};
    state.markers = collection.features.map(function (feature) {
      var p = feature.properties;
      days[p.day] = true;
      var c = feature.geometry.coordinates;
      var marker = L.circleMarker([c[1], c[0]], {
        radius: 6,
        color: "#222",
        weight: 1,
        fillColor: COLOUR[p.kind] || "#000",
        fillOpacity: p.kind === "none" ? 0.45 : 0.85,
        className: "tw-marker tw-kind-" + p.kind + (p.confidence === null ? "" : " tw-news"),
        dashArray: p.confidence === null ? null : "3 2",
      });
      // an element, not a string: Leaflet inserts a string as HTML, and place names are data
      var label = p.day + " · " + p.kind.replace(/_/g, " ") + " · " + (p.place || p.event_id)
        + (p.confidence === null ? "" : " · " + readFrom(p));
      marker.bindTooltip(el("span", {}, [label]));
      marker.on("click", function () { showEvent(p); });
      return { marker: marker, feature: feature };
    });
    state.days = Object.keys(days).sort();
    var max = Math.max(0, state.days.length - 1);
    ["day-from", "day-to"].forEach(function (id) { $(id).max = String(max); });
    $("day-from").value = "0";
    $("day-to").value = String(max);
  }

  // how an event was read: "" for a coded dataset row, else its extraction confidence and
  // the parts guessed ("news article, confidence 0.25, place, date guessed")
  function readFrom(p) {
    if (p.confidence === null || p.confidence === undefined) { return ""; }
    var guessed = (p.guessed || []).length ? ", " + p.guessed.join(", ") + " guessed" : "";
    return "news article, confidence " + p.confidence.toFixed(2) + guessed;
  }

  function loadEvents() {
    var query = "?limit=" + EVENT_LIMIT;
    if (state.agreement) { query += "&agreement=" + encodeURIComponent(state.agreement); }
    var least = Number($("min-confidence").value);
    if (least > 0) { query += "&min_confidence=" + least; }
    return api("map/events" + query).then(function (collection) {
      buildMarkers(collection);
      applyFilters();
      // an agreement chosen: its scope; else every loaded event and every scope
      var scopes = state.scopeLayer ? scopeBounds() : null;
      var bounds = state.agreement && scopes ? scopes
        : L.latLngBounds(state.markers.map(function (m) { return m.marker.getLatLng(); }));
      if (scopes && !state.agreement) { bounds.extend(scopes); }
      if (view) {
        map.setView([view[0], view[1]], view[2], { animate: false });
      } else if (bounds.isValid()) {
        map.fitBounds(bounds, { padding: [20, 20], maxZoom: 12, animate: false });
      }
    });
  }

  function scopeBounds() {
    var bounds = null;
    state.scopeLayer.eachLayer(function (layer) {
      if (!state.agreement || layer.feature.properties.agreement_id === state.agreement) {
        var b = layer.getBounds();
        bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast());
      }
    });
    return bounds;
  }

  // -- one event ----------------------------------------------------------------------------

  function row(term, value) {
    if (value === null || value === undefined || value === "") { return []; }
    return [el("dt", {}, [term]), el("dd", {}, [String(value)])];
  }

  function link(url) {
    if (!/^https?:\/\//i.test(url || "")) { return null; }
    return el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, [url]);
  }

  function highlight(eventId) {
    state.markers.forEach(function (m) {
      var mine = m.feature.properties.event_id === eventId;
      m.marker.setStyle({ weight: mine ? 3 : 1, color: mine ? "#000" : "#222" });
      if (mine && markerLayer.hasLayer(m.marker)) { m.marker.bringToFront(); }
    });
  }

  function showEvent(props) {
    highlight(props.event_id);
    var panel = $("event-detail");
    panel.setAttribute("data-event-id", props.event_id);
    panel.setAttribute("data-state", "loading");
    panel.replaceChildren(el("p", { class: "hint" }, ["loading " + props.event_id + "…"]));
    var id = encodeURIComponent(props.event_id);
    var vq = "verdicts?limit=100&event_id=" + id
      + (state.agreement ? "&agreement=" + encodeURIComponent(state.agreement) : "");
    Promise.all([api("events/" + id), api(vq)]).then(function (answers) {
      if (panel.getAttribute("data-event-id") !== props.event_id) { return; }
      renderEvent(panel, props, answers[0], answers[1].items);
    }).catch(function (err) {
      panel.replaceChildren(el("p", { class: "error" }, [err.message]));
    });
  }

  function renderEvent(panel, props, event, verdicts) {
    var badge = el("span", { class: "kind-badge" }, [props.kind.replace(/_/g, " ")]);
    badge.style.background = COLOUR[props.kind] || "#000";
    var children = [el("h2", {}, [badge, " ", event.event_id])];
    children.push(el("h3", {}, ["Verdicts"]));
    if (!verdicts.length) {
      children.push(el("p", { class: "explanation" }, [
        "No stored verdict: the event is outside the scope of "
        + (state.agreement ? "this agreement" : "every stored agreement") + "."]));
    }
    verdicts.forEach(function (v) {
      var box = el("div", { class: "verdict", "data-verdict": v.verdict }, [
        el("strong", {}, [v.agreement_id + " / " + v.window_id + ": " + v.verdict.replace(/_/g, " ")]),
        el("p", { class: "explanation" }, [v.explanation]),
        el("p", { class: "reasons" }, [(v.reasons || []).join(", ")]),
      ]);
      box.style.borderLeftColor = COLOUR[v.verdict] || "#999";
      children.push(box);
    });
    children.push(el("h3", {}, ["Event"]));
    var sides = [event.side_a, event.side_b].filter(Boolean).join(" vs ");
    children.push(el("dl", {}, [].concat(
      row("when (UTC)", event.time_start + " – " + event.time_end),
      row("local day", props.day),
      row("place", [event.place, event.admin1, event.country].filter(Boolean).join(", ")),
      row("where", event.lat + ", " + event.lon + " (± " + event.radius_km + " km, " + event.location_precision + ")"),
      row("type", event.event_type + (event.source_event_type ? " (source: " + event.source_event_type + ")" : "")),
      row("sides", sides),
      row("deaths", event.fatalities_best === null ? null
        : event.fatalities_best + " (" + event.fatalities_low + "–" + event.fatalities_high + ")"),
      row("read from", event.confidence === null ? "a coded dataset row" : readFrom(event))
    )));
    children.push(el("h3", {}, ["Source and provenance"]));
    var where = event.prov_file ? event.prov_file + (event.prov_line ? ", line " + event.prov_line : "") : null;
    var dl = el("dl", { class: "provenance" }, [].concat(
      row("source", event.source + " (row " + event.source_row_id + ", adapter " + event.adapter + ")"),
      row("file", where),
      row("publisher", event.publisher),
      row("headline", event.headline),
      row("article", event.article),
      row("notes", event.notes),
      row("ingested", event.ingested_at)
    ));
    var a = link(event.url);
    if (a) { dl.appendChild(el("dt", {}, ["url"])); dl.appendChild(el("dd", {}, [a])); }
    children.push(dl);
    panel.replaceChildren.apply(panel, children);
    panel.setAttribute("data-state", "ready");
  }

  // -- the agreement panel ------------------------------------------------------------------

  function loadSeries() {
    var panel = $("agreement-panel");
    if (!state.agreement) {
      $("agreement-title").textContent = "All agreements";
      panel.setAttribute("data-state", "none");
      window.trucewatchSeries.clear("Choose an agreement to see its daily series.");
      $("window").replaceChildren();
      return Promise.resolve();
    }
    var windowId = $("window").value || "base";
    panel.setAttribute("data-state", "loading");
    var path = "agreements/" + encodeURIComponent(state.agreement) + "/series?window=" + encodeURIComponent(windowId);
    return api(path).then(function (series) {
      window.trucewatchSeries.show(series);
      panel.setAttribute("data-state", "ready");
    });
  }

  function fillWindows() {
    var select = $("window");
    select.replaceChildren();
    if (!state.agreement) { return Promise.resolve(); }
    return api("agreements/" + encodeURIComponent(state.agreement)).then(function (agreement) {
      $("agreement-title").textContent = agreement.name;
      state.windowEnds = {};
      agreement.windows.forEach(function (w) {
        // every window says how it ends: "open-ended (no end recorded)" or the end and its kind
        state.windowEnds[w.id] = w.end;
        select.appendChild(el("option", { value: w.id }, [w.id + " (" + w.kind + ", " + w.start_utc + " → " + w.end + ")"]));
      });
      showWindowEnd();
    });
  }

  function showWindowEnd() {
    var ends = state.windowEnds || {};
    var id = $("window").value;
    $("window-end").textContent = id && ends[id] ? "Ends: " + ends[id] : "";
  }

  // -- wiring -------------------------------------------------------------------------------

  function selectAgreement(id) {
    state.agreement = id;
    document.body.setAttribute("data-state", "loading");
    return api("map/scopes?simplify=0.0005").then(function (scopes) {
      drawScopes(scopes);
      return Promise.all([loadEvents(), fillWindows().then(loadSeries)]);
    }).then(function () {
      document.body.setAttribute("data-state", "ready");
    }).catch(function (err) {
      showError(err.message);
      document.body.setAttribute("data-state", "error");
    });
  }

  // -- freshness: each feed's last sync and state, the last ingest (GET /status) --------------

  var FRESHNESS_EVERY = 60000; // ms between two reads of /status

  function loadFreshness() {
    var box = $("freshness");
    return api("status").then(function (status) {
      var shown = Math.max(status.feeds.length, 1); // the feeds' lines, or "none followed"
      var problems = 0;
      box.textContent = "";
      status.lines.slice(0, shown + 1).forEach(function (line, i) {
        var feed = i < status.feeds.length ? status.feeds[i] : null;
        var bad = feed !== null && ((feed.state !== "ok" && feed.state !== "never") || feed.stale);
        if (bad) { problems += 1; }
        var attrs = { class: bad ? "feed feed-bad" : "feed" };
        if (feed !== null) { attrs["data-feed"] = feed.name; attrs["data-feed-state"] = feed.state; }
        box.appendChild(el("span", attrs, [line]));
      });
      box.setAttribute("data-problems", String(problems));
      box.setAttribute("data-state", "ready");
    }).catch(function (err) {
      box.textContent = "freshness unknown: " + err.message;
      box.setAttribute("data-state", "error");
    });
  }

  function buildKinds() {
    var box = $("kinds");
    KINDS.forEach(function (k) {
      var input = el("input", { type: "checkbox", value: k[0], name: "kind" });
      input.checked = true;
      input.addEventListener("change", applyFilters);
      var swatch = el("span", { class: "swatch" });
      swatch.style.background = k[2];
      box.appendChild(el("label", {}, [input, swatch, k[1]]));
    });
  }

  function start() {
    buildKinds();
    loadFreshness();
    window.setInterval(loadFreshness, FRESHNESS_EVERY);
    ["day-from", "day-to"].forEach(function (id) { $(id).addEventListener("input", applyFilters); });
    $("min-confidence").addEventListener("change", function () {
      loadEvents().catch(function (err) { showError(err.message); });
    });
    $("window").addEventListener("change", function () {
      showWindowEnd();
      loadSeries().catch(function (err) { showError(err.message); });
    });
    var select = $("agreement");
    select.addEventListener("change", function () { selectAgreement(select.value); });
    Promise.all([api("agreements"), loadBoundaries()]).then(function (answers) {
      var agreements = answers[0];
      state.agreements = agreements;
      select.appendChild(el("option", { value: "" }, ["all agreements"]));
      agreements.forEach(function (a) {
        select.appendChild(el("option", { value: a.id }, [a.name + " (" + a.id + ")"]));
      });
      var wanted = params.get("agreement");
      var first = wanted !== null ? wanted : (agreements.length ? agreements[0].id : "");
      select.value = first;
      return selectAgreement(first);
    }).catch(function (err) {
      showError(err.message);
      document.body.setAttribute("data-state", "error");
    });
  }

  start();
})();
