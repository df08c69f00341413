// conflictcoder dashboard. Renders the dict of /api/dashboard (embedded in the page on
// first load, fetched again when the filters change) and the dict of /api/events/{id} in the
// event panel. Plain browser JavaScript, no build step; Leaflet and topojson-client come
// from static/vendor/ (installed from npm by `make web-assets`). Nothing is loaded from
// another host unless the user switches on the online tiles.
(function () {
  "use strict";

  // Marker colour per ACLED event type (presentation only).
  var TYPE_COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#d35400",
    "Violence against civilians": "#8e44ad",
    "Protests": "#2980b9",
    "Riots": "#16a085",
    "Strategic developments": "#7f8c8d"
  };
  var SVG_NS = "http://www.w3.org/2000/svg";

  var state = {
    data: JSON.parse(document.getElementById("dashboard-data").textContent),
    selected: null,
    markers: {},
    fitOnRender: true
  };
  var form = document.getElementById("filters");
  var panel = document.getElementById("panel");
  var map = null;
  var markerLayer = null;

  // -- small DOM helpers -------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // Only an http(s) address becomes a link: a stored "javascript:" or "data:" URL stays text.
  function webUrl(value) {
    if (typeof value !== "string") return null;
    try {
      var url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.host ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
  }

  function joined(values, sep) {
    return values.filter(function (v) { return v !== null && v !== undefined && v !== ""; }).join(sep);
  }

  function queryString() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (String(value).trim() !== "") params.append(key, String(value).trim());
    });
    return params.toString();
  }

  // -- the map -----------------------------------------------------------------------------

  function initMap() {
    if (typeof L === "undefined") {
      document.getElementById("map").appendChild(
        el("p", { className: "warning", text: "The map library is missing: run make web-assets." }));
      return;
    }
    map = L.map("map", { worldCopyJump: true, preferCanvas: false }).setView([30, 20], 3);
    map.attributionControl.setPrefix(
      '<a href="https://leafletjs.com/" rel="noopener">Leaflet</a>');
    // Borders get their own pane (and so their own SVG) below the events' pane: drawn
    // later, when the file has loaded, they must not cover the markers.
    map.createPane("borders").style.zIndex = 350;
    var borders = L.layerGroup().addTo(map);
    var overlays = {};
    var config = state.data.map || {};
    if (config.tile_url) {
      // Off by default: the dashboard must work, and stay quiet, with no internet.
      overlays["Online map tiles (needs internet)"] = L.tileLayer(config.tile_url, {
        attribution: config.tile_attribution || "", maxZoom: 18
      });
    }
    markerLayer = L.layerGroup().addTo(map);
    overlays["Events"] = markerLayer;
    L.control.layers({}, overlays, { collapsed: true }).addTo(map);
    L.control.scale({ imperial: false }).addTo(map);
    addLegend();
    map.attributionControl.addAttribution(
      'Borders: <a href="https://www.naturalearthdata.com/" rel="noopener">Natural Earth</a> · ' +
      'Places: <a href="https://www.geonames.org/" rel="noopener">GeoNames</a> (CC BY 4.0)');
    if (config.borders && typeof topojson !== "undefined") {
      fetch(config.borders).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (topology) {
        var countries = topojson.feature(topology, topology.objects.countries);
        L.geoJSON(countries, {
          pane: "borders",
          interactive: false,
          style: { color: "#8a8f98", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 }
        }).addTo(borders);
        document.getElementById("map").classList.add("borders-loaded");
      }).catch(function () {
        document.getElementById("map").classList.add("borders-failed");
      });
    }
    map.on("moveend", function () {
      if (document.getElementById("bbox-toggle").checked && !state.fitting) scheduleBbox();
    });
  }

  // What the markers mean: colour = event type, size = fatalities.
  function addLegend() {
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var box = el("div", { className: "map-legend", id: "map-legend" });
      box.appendChild(el("strong", { text: "Event type" }));
      Object.keys(TYPE_COLOURS).forEach(function (type) {
        var swatch = el("span", { className: "dot" });
        swatch.style.background = TYPE_COLOURS[type];
        box.appendChild(el("div", { className: "legend-row" }, [swatch, document.createTextNode(type)]));
      });
      var sizes = el("div", { className: "legend-row sizes" });
      [0, 10, 100].forEach(function (n) {
        var dot = el("span", { className: "dot size" });
        var r = radius(n);
        dot.style.width = dot.style.height = (2 * r) + "px";
        sizes.appendChild(dot);
        sizes.appendChild(document.createTextNode(String(n) + " "));
      });
      box.appendChild(el("strong", { text: "Fatalities (circle size)" }));
      box.appendChild(sizes);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    legend.addTo(map);
  }

  function radius(fatalities) {
    return 5 + Math.min(14, 2.2 * Math.sqrt(fatalities || 0));
  }

  function renderMarkers(events) {
    if (!map) return;
    markerLayer.clearLayers();
    state.markers = {};
    var bounds = [];
    events.forEach(function (event) {
      if (event.latitude === null || event.longitude === null) return;
      var colour = TYPE_COLOURS[event.event_type] || "#34495e";
      var marker = L.circleMarker([event.latitude, event.longitude], {
        radius: radius(event.fatalities),
        color: "#ffffff",
        weight: 1.2,
        fillColor: colour,
        fillOpacity: 0.85,
        className: "event-marker"
      });
      // text, never HTML: place names and actors come from reports and corrections
      var tip = document.createElement("span");
      tip.textContent = joined([event.event_date, event.sub_event_type, event.location], " · ") +
        (event.fatalities ? " · " + event.fatalities + " killed" : "");
      marker.bindTooltip(tip);
      marker.on("click", function () { openEvent(event.event_id); });
      marker.addTo(markerLayer);
      var path = marker.getElement && marker.getElement();
      if (path) path.setAttribute("data-event-id", event.event_id);
      state.markers[event.event_id] = marker;
      bounds.push([event.latitude, event.longitude]);
    });
    if (state.fitOnRender && bounds.length) {
      state.fitting = true;
      map.fitBounds(bounds, { padding: [40, 40], maxZoom: 9 });
      state.fitting = false;
    }
    highlightSelected();
  }

  // -- the timeline (SVG, drawn here) -------------------------------------------------------

  function renderTimeline(days) {
    var box = document.getElementById("timeline");
    while (box.firstChild) box.removeChild(box.firstChild);
    var width = box.clientWidth || 600;
    var height = box.clientHeight || 120;
    box.setAttribute("viewBox", "0 0 " + width + " " + height);
    var pad = { left: 34, right: 34, top: 10, bottom: 20 };
    if (!days.length) {
      var empty = svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", "class": "axis" });
      empty.textContent = "No dated events";
      box.appendChild(empty);
      return;
    }
    var DAY = 86400000;
    // bins: days, weeks (from Monday) or months, as the server chose for the span shown
    var period = days[0].period || "day";
    var binDays = { day: 1, week: 7, month: 30.44 }[period] || 1;
    var periodLabel = document.getElementById("timeline-period");
    if (periodLabel) periodLabel.textContent = "per " + period;
    box.setAttribute("aria-label", "Events and fatalities per " + period);
    var first = Date.parse(days[0].date), last = Date.parse(days[days.length - 1].date);
    var span = Math.max(1, Math.round((last - first) / DAY) + Math.round(binDays));
    var plotW = width - pad.left - pad.right, plotH = height - pad.top - pad.bottom;
    var step = plotW / span;
    var maxEvents = Math.max.apply(null, days.map(function (d) { return d.events; }));
    var maxDeaths = Math.max(1, Math.max.apply(null, days.map(function (d) { return d.fatalities; })));
    var x = function (date) { return pad.left + ((Date.parse(date) - first) / DAY) * step; };
    var base = pad.top + plotH;
    box.appendChild(svg("line", { x1: pad.left, x2: width - pad.right, y1: base, y2: base, "class": "axis-line" }));
    var points = [];
    // a day is at least 3 px wide, so that a lone day in a long span stays visible
    var barW = Math.max(3, step * binDays * 0.8);
    var mid = step * binDays / 2;
    days.forEach(function (d) {
      var h = (d.events / maxEvents) * plotH;
      var bar = svg("rect", {
        x: x(d.date) + mid - barW / 2, y: base - h, width: barW, height: h,
        "class": "bar", "data-date": d.date, "data-period": period
      });
      var tip = svg("title", {});
      tip.textContent = (period === "day" ? "" : period + " of ") + d.date + ": " + d.events +
        " events, " + d.fatalities + " fatalities";
      bar.appendChild(tip);
      bar.addEventListener("click", function () {
        form.elements.date_from.value = d.date;
        form.elements.date_to.value = binEnd(d.date, period);
        apply();
      });
      box.appendChild(bar);
      points.push([x(d.date) + mid, base - (d.fatalities / maxDeaths) * plotH, Date.parse(d.date)]);
    });
    // the fatalities line joins consecutive days only: a gap has no figure to draw
    var runs = [];
    points.forEach(function (p, i) {
      if (i && p[2] - points[i - 1][2] <= Math.ceil(binDays * 1.02) * DAY) runs[runs.length - 1].push(p);
      else runs.push([p]);
    });
    runs.forEach(function (run) {
      if (run.length < 2) return;
      box.appendChild(svg("polyline", {
        points: run.map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(" "),
        "class": "deaths"
      }));
    });
    points.forEach(function (p) {
      box.appendChild(svg("circle", { cx: p[0], cy: p[1], r: 3, "class": "deaths-dot" }));
    });
    // dates under the axis: both ends, and evenly between them when the span allows
    var ticks = span > 14 ? Math.min(4, Math.floor(plotW / 140)) : 0;
    for (var t = 1; t < ticks; t++) {
      var day = new Date(first + Math.round((span - 1) * t / ticks) * DAY).toISOString().slice(0, 10);
      var tick = svg("text", { x: x(day) + mid, y: height - 5, "text-anchor": "middle", "class": "axis" });
      tick.textContent = day;
      box.appendChild(tick);
    }
    var labels = [
      [pad.left, height - 5, "start", days[0].date],
      [width - pad.right, height - 5, "end", days[days.length - 1].date],
      [pad.left - 4, pad.top + 8, "end", String(maxEvents)],
      [width - pad.right + 4, pad.top + 8, "start", String(maxDeaths)]
    ];
    labels.forEach(function (l) {
      var t = svg("text", { x: l[0], y: l[1], "text-anchor": l[2], "class": "axis" });
      t.textContent = l[3];
      box.appendChild(t);
    });
  }

  // The last day of a timeline bin starting on ``start`` (YYYY-MM-DD).
  function binEnd(start, period) {
    var d = new Date(start + "T00:00:00Z");
    if (period === "week") d.setUTCDate(d.getUTCDate() + 6);
    else if (period === "month") { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
    return d.toISOString().slice(0, 10);
  }

  // -- the list ------------------------------------------------------------------------------

  function renderList(events) {
    var body = document.querySelector("#event-list tbody");
    while (body.firstChild) body.removeChild(body.firstChild);
    if (!events.length) {
      body.appendChild(el("tr", { className: "empty" },
        [el("td", { colspan: "6", text: "No events match these filters." })]));
      return;
    }
    events.forEach(function (e) {
      body.appendChild(el("tr", { className: "event-row", "data-event-id": e.event_id, tabindex: "0" }, [
        el("td", { text: e.event_date || "?" }),
        el("td", { text: e.sub_event_type }),
        el("td", { text: joined([e.location, e.admin1, e.country], ", ") }),
        el("td", { text: joined([e.actor1, e.actor2], " vs ") }),
        el("td", { className: "num", text: String(e.fatalities) }),
        el("td", { className: "num", text: String(e.sources) })
      ]));
    });
    highlightSelected();
  }

  function renderCounts(data) {
    document.getElementById("count-total").textContent = data.total;
    document.getElementById("count-fatalities").textContent = data.fatalities;
    document.getElementById("count-shown").textContent =
      data.shown < data.total ? "· newest " + data.shown + " listed" : "";
    var qs = queryString();
    document.querySelectorAll("a[data-export]").forEach(function (a) {
      a.href = "/api/events/export?format=" + a.getAttribute("data-export") + (qs ? "&" + qs : "");
    });
    document.getElementById("json-link").href = "/api/dashboard" + (qs ? "?" + qs : "");
  }

  function render() {
    renderCounts(state.data);
    renderMarkers(state.data.events);
    renderTimeline(state.data.timeline);
    renderList(state.data.events);
  }

  // -- filters -------------------------------------------------------------------------------

  function apply(options) {
    var qs = queryString();
    state.fitOnRender = !(options && options.keepView);
    document.body.classList.add("loading");
    return fetch("/api/dashboard" + (qs ? "?" + qs : ""), { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail));
          return body;
        });
      })
      .then(function (data) {
        state.data = data;
        history.replaceState(null, "", "/" + (qs ? "?" + qs : "") + location.hash);
        form.classList.remove("invalid");
        var message = document.getElementById("filter-error");
        if (message) message.remove();
        render();
      })
      .catch(function (error) {
        form.classList.add("invalid");
        var message = document.getElementById("filter-error") ||
          form.appendChild(el("p", { id: "filter-error", className: "error" }));
        message.textContent = String(error.message || error);
      })
      .then(function () { document.body.classList.remove("loading"); });
  }

  var bboxTimer = null;
  function scheduleBbox() {
    clearTimeout(bboxTimer);
    bboxTimer = setTimeout(function () { setBbox(); apply({ keepView: true }); }, 300);
  }

  function setBbox() {
    var input = document.getElementById("bbox");
    if (!map || !document.getElementById("bbox-toggle").checked) { input.value = ""; return; }
    var b = map.getBounds();
    var clamp = function (v, lo, hi) { return Math.min(hi, Math.max(lo, v)); };
    input.value = [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
      clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)]
      .map(function (v) { return v.toFixed(4); }).join(",");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply();
  });
  form.querySelectorAll("select").forEach(function (select) {
    select.addEventListener("change", function () { apply(); });
  });
  document.getElementById("bbox-toggle").addEventListener("change", function () {
    setBbox();
    apply({ keepView: true });
  });
  document.getElementById("reset").addEventListener("click", function (event) {
    event.preventDefault();
    form.reset();
    Array.prototype.forEach.call(form.elements, function (input) {
      if (input.type === "checkbox") input.checked = false;
      else if (input.name) input.value = "";
    });
    apply();
  });

  // -- the event panel -----------------------------------------------------------------------

  function highlightSelected() {
    document.querySelectorAll(".event-row.selected").forEach(function (row) { row.classList.remove("selected"); });
    if (!state.selected) return;
    var row = document.querySelector('.event-row[data-event-id="' + CSS.escape(state.selected) + '"]');
    if (row) row.classList.add("selected");
    Object.keys(state.markers).forEach(function (id) {
      state.markers[id].setStyle({ color: id === state.selected ? "#111111" : "#ffffff",
        weight: id === state.selected ? 3 : 1.2 });
    });
    var marker = state.markers[state.selected];
    if (marker) marker.bringToFront();
  }

  function field(list, label, value) {
    if (value === null || value === undefined || value === "") return;
    list.appendChild(el("dt", { text: label }));
    list.appendChild(el("dd", {}, [String(value)]));
  }

  function renderDetail(data) {
    var e = data.event;
    var article = el("article", { className: "event-detail", "data-event-id": e.event_id });
    article.appendChild(el("button", { type: "button", className: "close", "aria-label": "Close", text: "×" }));
    article.appendChild(el("h2", { className: "event-title",
      text: e.sub_event_type + (e.location ? " in " + e.location : "") }));
    article.appendChild(el("p", { className: "event-sub",
      text: joined([e.event_date || "date unknown", e.event_type, joined([e.admin1, e.country], ", ")], " · ") }));
    var fields = el("dl", { className: "fields" });
    field(fields, "Actor 1", joined([e.actor1 || "—", e.inter1 ? "(inter " + e.inter1 + ")" : ""], " "));
    field(fields, "With", e.assoc_actor_1);
    field(fields, "Actor 2", joined([e.actor2 || "—", e.inter2 ? "(inter " + e.inter2 + ")" : ""], " "));
    field(fields, "With", e.assoc_actor_2);
    var range = (e.fatalities_low !== null && e.fatalities_high !== null && e.fatalities_low !== e.fatalities_high)
      ? " (reports: " + e.fatalities_low + "–" + e.fatalities_high + ")" : "";
    field(fields, "Fatalities", e.fatalities + range);
    field(fields, "Injured", e.injured);
    var breakdown = Object.keys(e.fatalities_breakdown || {}).sort().map(function (k) {
      return e.fatalities_breakdown[k] + " " + k;
    }).join(", ");
    field(fields, "Of whom", breakdown);
    field(fields, "Weapon", e.weapon);
    field(fields, "Target", e.target);
    field(fields, "Place", joined([e.location, e.admin2, e.admin1, e.country], ", ") +
      (e.latitude !== null ? "  (" + e.latitude.toFixed(4) + ", " + e.longitude.toFixed(4) + ")" : ""));
    field(fields, "GeoNames id", e.geonameid);
    field(fields, "Precision", "time " + e.time_precision + ", place " + (e.geo_precision === null ? "—" : e.geo_precision));
    field(fields, "Confidence", e.confidence.toFixed(2));
    field(fields, "Reported by", e.reported_by);
    field(fields, "Notes", e.notes);
    field(fields, "Event id", e.event_id);
    article.appendChild(fields);
    article.appendChild(el("p", { className: "meta" }, [
      el("a", { href: "/events/" + encodeURIComponent(e.event_id), text: "Open as a page" }), " · ",
      el("a", { href: "/api/events/" + encodeURIComponent(e.event_id), text: "JSON" })
    ]));

    article.appendChild(el("h3", { text: "Sources (" + data.sources.length + ")" }));
    var sources = el("ol", { className: "sources" });
    data.sources.forEach(function (s) {
      var name = s.title || s.doc_id;
      var href = webUrl(s.url);
      sources.appendChild(el("li", {}, [
        href ? el("a", { href: href, rel: "noopener", text: name }) : name, " ",
        el("span", { className: "meta", text: joined([s.source, s.published], " · ") })
      ]));
    });
    if (!data.sources.length) sources.appendChild(el("li", { className: "meta", text: "No source articles stored." }));
    article.appendChild(sources);

    article.appendChild(el("h3", { text: "Evidence" }));
    data.articles.forEach(function (a) {
      var section = el("section", { className: "article", "data-doc-id": a.doc_id });
      section.appendChild(el("h4", {}, [a.title || a.doc_id, " ",
        el("span", { className: "meta", text: joined([a.source, a.published], " · ") })]));
      if (!a.found) section.appendChild(el("p", { className: "meta", text: "The article's text is not stored; its evidence sentences:" }));
      var text = el("div", { className: "article-text" });
      a.segments.forEach(function (seg) {
        text.appendChild(seg.evidence ? el("mark", { className: "evidence", text: seg.text })
          : document.createTextNode(seg.text));
      });
      section.appendChild(text);
      article.appendChild(section);
    });

    if (data.history && data.history.length) {
      article.appendChild(el("h3", { text: "History" }));
      var historyList = el("ol", { className: "history" });
      data.history.forEach(function (h) {
        historyList.appendChild(el("li", {}, [
          el("span", { className: "h-action", text: h.action || "change" }), " ",
          el("span", { className: "meta", text: joined([h.at, h.user, h.doc_id], " · ") }),
          h.note ? el("span", { className: "h-note", text: " “" + h.note + "”" }) : null,
          h.action === "create" ? null : el("div", { className: "h-changes", text: changesText(h.changes) })
        ]));
      });
      article.appendChild(historyList);
    }
    return article;
  }

  function shown(value) {
    return typeof value === "string" ? value : JSON.stringify(value);
  }

  // "fatalities 3 → 4; doc_ids +a2" from a history entry's changes.
  function changesText(changes) {
    return Object.keys(changes || {}).sort().map(function (name) {
      var change = changes[name] || {};
      if (name === "evidence") {
        return "evidence +" + (change.added || []).length + " −" + (change.removed || []).length + " sentences";
      }
      if ("added" in change || "removed" in change) {
        return name + " " + (change.added || []).map(function (v) { return "+" + shown(v); })
          .concat((change.removed || []).map(function (v) { return "−" + shown(v); })).join(" ");
      }
      return name + " " + shown(change.old) + " → " + shown(change["new"]);
    }).join("; ");
  }

  function openEvent(eventId) {
    state.selected = eventId;
    highlightSelected();
    panel.classList.add("loading");
    return fetch("/api/events/" + encodeURIComponent(eventId), { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body.detail || response.status);
          return body;
        });
      })
      .then(function (data) {
        while (panel.firstChild) panel.removeChild(panel.firstChild);
        var detail = renderDetail(data);
        panel.appendChild(detail);
        panel.classList.add("open");
        detail.querySelector(".close").addEventListener("click", closePanel);
        history.replaceState(null, "", location.pathname + location.search + "#event=" + encodeURIComponent(eventId));
        var first = panel.querySelector("mark.evidence");
        if (first && first.scrollIntoView) {
          var container = first.closest(".article-text");
          if (container) container.scrollTop = Math.max(0, first.offsetTop - container.offsetTop - 40);
        }
        panel.scrollTop = 0;
      })
      .catch(function (error) {
        while (panel.firstChild) panel.removeChild(panel.firstChild);
        panel.appendChild(el("p", { className: "error", text: String(error.message || error) }));
      })
      .then(function () { panel.classList.remove("loading"); });
  }

  function closePanel() {
    state.selected = null;
    highlightSelected();
    panel.classList.remove("open");
    while (panel.firstChild) panel.removeChild(panel.firstChild);
    panel.appendChild(el("p", { className: "hint",
      text: "Click an event on the map or in the list to read the sentences it was coded from, in their articles." }));
    history.replaceState(null, "", location.pathname + location.search);
  }

  document.querySelector("#event-list tbody").addEventListener("click", function (event) {
    var row = event.target.closest(".event-row");
    if (row) openEvent(row.getAttribute("data-event-id"));
  });
  document.querySelector("#event-list tbody").addEventListener("keydown", function (event) {
    var row = event.target.closest(".event-row");
    if (row && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      openEvent(row.getAttribute("data-event-id"));
    }
  });
  window.addEventListener("resize", function () { renderTimeline(state.data.timeline); });

  initMap();
  render();
  document.body.setAttribute("data-ready", "true");
  var match = /#event=([^&]+)/.exec(location.hash);
  if (match) openEvent(decodeURIComponent(match[1]));
})();
