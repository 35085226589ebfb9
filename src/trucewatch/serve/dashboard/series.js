/* trucewatch dashboard: the agreement panel's series, figures and counts (see docs/dashboard.md).
 *
 * Loaded before dashboard.js, which calls window.trucewatchSeries.show(series) with the answer of
 * GET /agreements/{id}/series, or .clear(hint). Draws the daily chart (#chart), the before/after
 * rate ratios (#effects), what the scope's numbers count (#counted) and what was not counted
 * (#left-out, #left-out-why): the headline count of trucewatch summary and effect. Text from the
 * data is always set as text, never as HTML.
 */
(function () {
  "use strict";

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function fmt(x, digits) {
    return x === null || x === undefined ? "–" : Number(x).toFixed(digits === undefined ? 2 : digits);
  }

  function drawChart(series) {
    var W = 360, H = 150, L0 = 28, R = 8, T = 10, B = 22;
    var n = series.days.length;
    var top = Math.max(1, Math.max.apply(null, series.scope_events.concat(series.control_events)));
    function x(i) { return L0 + (n <= 1 ? 0 : (i * (W - L0 - R)) / (n - 1)); }
    function y(v) { return T + (H - T - B) * (1 - v / top); }
    function line(values, colour, name) {
      var points = values.map(function (v, i) { return x(i).toFixed(1) + "," + y(v).toFixed(1); });
      return '<polyline class="' + name + '" fill="none" stroke="' + colour + '" stroke-width="1.5" points="' + points.join(" ") + '"/>';
    }
    var start = series.days.indexOf(series.start_day);
    var parts = [
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ' + W + " " + H + '" role="img">',
      '<line x1="' + L0 + '" y1="' + y(0) + '" x2="' + (W - R) + '" y2="' + y(0) + '" stroke="#999"/>',
      '<text x="2" y="' + (y(top) + 4) + '" font-size="10">' + top + "</text>",
      '<text x="2" y="' + (y(0) + 4) + '" font-size="10">0</text>',
    ];
    if (start >= 0) {
      parts.push('<line class="start" x1="' + x(start) + '" y1="' + T + '" x2="' + x(start) + '" y2="' + y(0) + '" stroke="#333" stroke-dasharray="3 3"/>');
    }
    var end = series.end_utc ? series.days.indexOf(series.end_utc.slice(0, 10)) : -1;
    if (end >= 0) {
      parts.push('<line class="end" x1="' + x(end) + '" y1="' + T + '" x2="' + x(end) + '" y2="' + y(0) + '" stroke="#999" stroke-dasharray="1 3"/>');
    }
    // in scope: one bar a day; control: a line
    var bar = Math.max(1, (W - L0 - R) / Math.max(1, n) - 0.5);
    var bars = series.scope_events.map(function (v, i) {
      return v > 0 ? '<rect x="' + (x(i) - bar / 2).toFixed(1) + '" y="' + y(v).toFixed(1) + '" width="' + bar.toFixed(1) + '" height="' + (y(0) - y(v)).toFixed(1) + '"/>' : "";
    });
    parts.push('<g class="scope" fill="#c0392b">' + bars.join("") + "</g>");
    parts.push(line(series.control_events, "#666", "control"));
    parts.push('<text x="' + L0 + '" y="' + (H - 6) + '" font-size="10">' + series.days[0] + "</text>");
    parts.push('<text x="' + (W - R) + '" y="' + (H - 6) + '" font-size="10" text-anchor="end">' + series.days[n - 1] + "</text>");
    parts.push('<text x="' + (W - R) + '" y="' + (T + 8) + '" font-size="10" text-anchor="end"><tspan fill="#c0392b">counted in scope</tspan> · <tspan fill="#888">control (' + series.control + ")</tspan></text>");
    parts.push("</svg>");
    // Every value above is a number or an ISO day made by the server; no free text from data.
    $("chart").innerHTML = parts.join("");
    $("chart").setAttribute("data-days", String(n));
  }

  function fillEffects(series) {
    var body = $("effects").querySelector("tbody");
    body.replaceChildren();
    series.effects.filter(function (r) {
      return r.kind === "rate_ratio" && r.measure === "events" && r.uncertain === "excluded" && !r.volume_adjusted;
    }).forEach(function (r) {
      var rr = r.rate_ratio === null ? "–"
        : fmt(r.rate_ratio) + " [" + fmt(r.ci_low) + "–" + fmt(r.ci_high) + "]";
      body.appendChild(el("tr", { "data-area": r.area, "data-horizon": String(r.horizon_days) }, [
        el("td", {}, [String(r.horizon_days)]),
        el("td", {}, [r.area]),
        el("td", {}, [fmt(r.before, 0)]),
        el("td", {}, [fmt(r.during, 0)]),
        el("td", {}, [rr]),
      ]));
    });
  }

  // what the scope's numbers count, and per horizon what was not counted and why: the
  // headline count of trucewatch summary and effect (series.counted, series.headlines)
  function beforeDuring(cls, before, during) {
    return el("td", { class: cls, "data-before": String(before), "data-during": String(during) },
      [before + " → " + during]);
  }

  function fillCounted(series) {
    $("counted").textContent = "Counted in the scope: " + series.counted + ".";
    var body = $("left-out").querySelector("tbody");
    body.replaceChildren();
    var longest = null;
    series.headlines.forEach(function (h) {
      var b = h.before, d = h.during;
      var days = h.horizon_days === null ? "whole" : String(h.horizon_days);
      body.appendChild(el("tr", { "data-horizon": days }, [
        el("td", {}, [days]),
        beforeDuring("counted", b.events, d.events),
        beforeDuring("uncertain", b.uncertain, d.uncertain),
        beforeDuring("excluded", b.excluded, d.excluded),
        beforeDuring("unlocated", b.left_out, d.left_out),
      ]));
      longest = h;
    });
    var why = "Not counted: uncertain = located in the scope, but its place or time straddles "
      + "the scope's edge or the window's start or end; excluded groups = a side is a group the truce "
      + "excludes (counted apart); unlocated = left out, the event cannot be placed in the scope";
    if (longest) {
      var b = longest.before, d = longest.during;
      why += " (" + (longest.horizon_days === null ? "whole window" : longest.horizon_days + " days")
        + ": " + b.coarser + " → " + d.coarser + " located too coarsely for it, e.g. a whole "
        + "province or country; " + b.mostly_outside + " → " + d.mostly_outside
        + " mostly outside it)";
    }
    $("left-out-why").textContent = why + ".";
  }

  function clear(hint) {
    $("chart").replaceChildren(el("p", { class: "hint" }, [hint]));
    $("effects").querySelector("tbody").replaceChildren();
    $("left-out").querySelector("tbody").replaceChildren();
    $("counted").textContent = "";
    $("left-out-why").textContent = "";
  }

  function show(series) {
    drawChart(series);
    fillEffects(series);
    fillCounted(series);
  }

  window.trucewatchSeries = { show: show, clear: clear };
})();
