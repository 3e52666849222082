// warwatch dashboard: a map, a timeline, a table and an event panel over the public REST API.
//
// Safety rule: text from documents and events is never parsed as HTML. Every string from the
// API reaches the page through textContent (the `el` helper) or as a Text node; the evidence
// sentence is highlighted by splitting the text into Text nodes around a <mark> element.
"use strict";

(function () {
  const PAGE = 1000; // the API's maximum page size
  const MAX_EVENTS = 20000; // events drawn at once; the status line says when more match
  const TABLE_ROWS = 500;
  const DAY = 86400000;

  const TYPE_COLOURS = {
    "Battles": "#c0392b",
    "Violence against civilians": "#8e44ad",
    "Explosions/Remote violence": "#e67e22",
    "Riots": "#d4ac0d",
    "Protests": "#2e86c1",
    "Strategic developments": "#5d6d7e",
  };
  const OTHER_COLOUR = "#7f8c8d";

  const state = {
    map: null,
    clusters: null,
    controlLayer: null,
    admin1Layer: null,
    admin1Loaded: new Set(),
    admin1Index: [],
    markers: new Map(), // event id -> marker
    events: [],
    days: [], // ISO dates of the timeline, one per day
    selected: null,
    request: 0,
  };

  // ---------------------------------------------------------------- DOM helpers (text only)
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = String(value);
      else if (key.startsWith("data-")) node.setAttribute(key, String(value));
      else if (key === "style") Object.assign(node.style, value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function $(selector) {
    return document.querySelector(selector);
  }

  /** Text with the evidence highlighted: Text nodes around one <mark>, never HTML parsing. */
  function highlighted(text, start, end) {
    const box = document.createDocumentFragment();
    if (!(start >= 0 && end > start && end <= text.length)) {
      box.append(document.createTextNode(text));
      return box;
    }
    box.append(document.createTextNode(text.slice(0, start)));
    box.append(el("mark", { class: "evidence-mark", text: text.slice(start, end) }));
    box.append(document.createTextNode(text.slice(end)));
    return box;
  }

  /** Where the evidence is in `text`: the stored offsets if they match, else a search for it. */
  function locate(text, evidence, offsetBase) {
    if (!evidence || !evidence.text) return [-1, -1];
    const base = offsetBase || 0;
    const start = evidence.start - base;
    if (start >= 0 && text.slice(start, start + evidence.text.length) === evidence.text) {
      return [start, start + evidence.text.length];
    }
    const found = text.indexOf(evidence.text);
    return found >= 0 ? [found, found + evidence.text.length] : [-1, -1];
  }

  function safeUrl(url) {
    try {
      const parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (_) {
      return null;
    }
  }

  function setStatus(message, isError) {
    const status = $("#status");
    status.textContent = message;
    status.classList.toggle("error", Boolean(isError));
  }

  // ---------------------------------------------------------------- API
  async function api(path, params) {
    const url = new URL(path, window.location.origin);
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && value !== "") url.searchParams.set(key, value);
    }
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      body = null;
    }
    if (!response.ok) {
      // The API's one error shape (src/warwatch/api/errors.py): {"ok": false, "error": "...", "status": n}
      const detail = body && typeof body.error === "string" ? body.error : response.statusText;
      throw new Error(`${path}: ${response.status} ${detail}`);
    }
    return body;
  }

  async function allEvents(params) {
    const items = [];
    let total = 0;
    let exact = true;
    // Keyset paging: each page names the next one, so deep pages cost what the first one does.
    let cursor = null;
    while (items.length < MAX_EVENTS) {
      const page = await api("/api/events", { ...params, limit: PAGE, cursor });
      items.push(...page.items);
      total = page.total;
      // past the server's counting cap the total is a lower bound, shown as "1000+"
      exact = page.total_exact !== false;
      cursor = page.next;
      if (!cursor || page.items.length === 0) break;
    }
    if (!cursor) return { items, total: items.length, totalLabel: String(items.length), complete: true };
    total = Math.max(total, items.length);
    return { items, total, totalLabel: exact ? String(total) : `${total}+`, complete: false };
  }

  // ---------------------------------------------------------------- filters
  function filters() {
    return {
      country: $("#f-country").value,
      type: $("#f-type").value,
      since: $("#f-since").value,
      until: $("#f-until").value,
      q: $("#f-q").value.trim(),
    };
  }

  function fillSelect(select, values) {
    const current = select.value;
    for (const value of values) {
      if ([...select.options].some((o) => o.value === value)) continue;
      select.append(el("option", { value, text: value }));
    }
    select.value = current;
  }

  // ---------------------------------------------------------------- map
  function colour(type) {
    return TYPE_COLOURS[type] || OTHER_COLOUR;
  }

  function radius(fatalities) {
    return Math.min(30, 7 + 3 * Math.sqrt(Math.max(0, fatalities || 0)));
  }

  function initMap() {
    const map = L.map("map", { worldCopyJump: false, minZoom: 2, maxZoom: 12, preferCanvas: false });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Boundaries: Natural Earth");
    map.setView([25, 30], 3);
    map.createPane("basemap").style.zIndex = 250;
    map.createPane("admin1").style.zIndex = 260;
    // Control diamonds sit under the event markers, so a click on an event is never taken by them.
    map.createPane("control").style.zIndex = 590;
    state.map = map;

    state.clusters = L.markerClusterGroup({
      maxClusterRadius: 40,
      showCoverageOnHover: false,
      iconCreateFunction(cluster) {
        const count = cluster.getChildCount();
        const size = Math.min(54, 26 + 6 * Math.log2(count));
        const node = el("div", { class: "ww-cluster", "data-count": count, style: { width: `${size}px`, height: `${size}px` } }, String(count));
        return L.divIcon({ html: node, className: "", iconSize: [size, size] });
      },
    });
    map.addLayer(state.clusters);
    // A counter that changes once clusters have settled after a zoom or spiderfy (tests wait on it).
    let settled = 0;
    const mark = () => { map.getContainer().dataset.settled = String(++settled); };
    state.clusters.on("animationend spiderfied", mark);
    map.on("zoomend", mark);
    state.controlLayer = L.layerGroup().addTo(map);
    state.admin1Layer = L.layerGroup([], { pane: "admin1" }).addTo(map);
    L.control.layers(null, {
      "Events": state.clusters,
      "Control (who holds each place)": state.controlLayer,
      "Admin-1 boundaries": state.admin1Layer,
    }, { collapsed: false }).addTo(map);
    addLegend(map);
  }

  function addLegend(map) {
    const legend = L.control({ position: "bottomleft" });
    legend.onAdd = () => {
      const box = el("div", { class: "legend" }, el("h4", { text: "Event type" }));
      for (const [type, hex] of Object.entries(TYPE_COLOURS)) {
        box.append(el("div", {}, el("span", { class: "swatch", style: { background: hex } }), type));
      }
      box.append(el("div", { text: "Size: fatalities. ◆ control at the end date." }));
      return box;
    };
    legend.addTo(map);
    const levels = L.control({ position: "bottomright" }); // the control layer's evidence levels
    levels.onAdd = () => el("div", { class: "legend" }, window.warwatchControl.legend(el));
    levels.addTo(map);
  }

  async function loadBasemap() {
    try {
      const topology = await fetch("/vendor/basemap/countries-50m.json").then((r) => r.json());
      const countries = topojson.feature(topology, topology.objects.countries);
      L.geoJSON(countries, {
        pane: "basemap",
        interactive: false,
        style: { color: "#9aa4ad", weight: 0.8, fillColor: "#eeece6", fillOpacity: 1 },
      }).addTo(state.map);
      state.admin1Index = await fetch("/vendor/basemap/admin1/index.json").then((r) => r.json());
    } catch (error) {
      setStatus(`Basemap could not be loaded: ${error.message}`, true);
    }
  }

  /** Admin-1 outlines for the countries that contain at least one event. */
  async function loadAdmin1(events) {
    const wanted = new Set();
    for (const country of state.admin1Index) {
      const [w, s, e, n] = country.bbox;
      if (events.some((ev) => ev.longitude >= w && ev.longitude <= e && ev.latitude >= s && ev.latitude <= n)) {
        wanted.add(country.code);
      }
    }
    for (const code of wanted) {
      if (state.admin1Loaded.has(code)) continue;
      state.admin1Loaded.add(code);
      try {
        const data = await fetch(`/vendor/basemap/admin1/${encodeURIComponent(code)}.json`).then((r) => r.json());
        L.geoJSON(data, {
          pane: "admin1",
          style: { color: "#7d8791", weight: 0.7, dashArray: "3 3", fill: true, fillOpacity: 0 },
          onEachFeature(feature, layer) {
            layer.bindTooltip(el("span", { text: `${feature.properties.name}, ${feature.properties.country}` }), { sticky: true });
          },
        }).addTo(state.admin1Layer);
      } catch (_) {
        // A country without admin-1 outlines still shows its events and border.
      }
    }
  }

  // A place the gazetteer lacks sits at its district's or province's point: drawn as a wide
  // hollow ring (an area), never as a pin on a spot the village is not at.
  const AREA_PX = { 2: 34, 3: 52 };

  function markerFor(event) {
    const area = event.geocoded === false;
    const size = area ? AREA_PX[event.geo_precision] || AREA_PX[3] : Math.round(2 * radius(event.fatalities));
    const where = area ? `${event.location || ""} (somewhere in ${event.located_at || "?"})` : event.location || "";
    const node = el("div", {
      class: area ? "ww-marker ww-area" : "ww-marker",
      "data-event-id": event.id,
      "data-event-type": event.event_type,
      title: `${event.event_date || "undated"} · ${event.sub_event_type} · ${where}`,
      style: area
        ? { width: `${size}px`, height: `${size}px`, borderColor: colour(event.event_type) }
        : { width: `${size}px`, height: `${size}px`, background: colour(event.event_type) },
    });
    const marker = L.marker([event.latitude, event.longitude], {
      icon: L.divIcon({ html: node, className: "", iconSize: [size, size] }),
      keyboard: true,
      title: `${event.event_type}: ${event.location || ""}`,
    });
    marker.on("click", () => selectEvent(event.id));
    return marker;
  }

  function drawEvents(events) {
    state.clusters.clearLayers();
    state.markers.clear();
    const located = events.filter((e) => Number.isFinite(e.latitude) && Number.isFinite(e.longitude));
    const markers = located.map((event) => {
      const marker = markerFor(event);
      state.markers.set(event.id, marker);
      return marker;
    });
    state.clusters.addLayers(markers);
    $("#map").dataset.markerCount = String(markers.length);
    if (markers.length) {
      state.map.fitBounds(L.latLngBounds(located.map((e) => [e.latitude, e.longitude])).pad(0.25), { maxZoom: 7 });
    }
    return located;
  }

  async function drawControl(at, country) {
    state.controlLayer.clearLayers();
    let items = [];
    try {
      items = (await api("/api/control", { at, country })).items || [];
    } catch (error) {
      setStatus(`Control layer unavailable: ${error.message}`, true);
      return 0;
    }
    // Drawn by control.js: one symbol per place, styled by its evidence level.
    return window.warwatchControl.draw(window.warwatch, state.controlLayer, items);
  }

  // ---------------------------------------------------------------- timeline
  function isoDay(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  function buildTimeline(events) {
    const dates = events.map((e) => e.event_date).filter(Boolean).sort();
    const from = $("#t-from");
    const to = $("#t-to");
    if (!dates.length) {
      state.days = [];
      from.max = to.max = "0";
      $("#histogram").replaceChildren();
      return;
    }
    const first = Date.parse(dates[0]);
    const last = Date.parse(dates[dates.length - 1]);
    state.days = [];
    for (let t = first; t <= last; t += DAY) state.days.push(isoDay(t));
    from.max = to.max = String(state.days.length - 1);
    from.value = "0";
    to.value = String(state.days.length - 1);
    // One bar per bucket; a bucket spans several days on long ranges.
    const buckets = Math.min(120, state.days.length);
    const perBucket = state.days.length / buckets;
    const counts = new Array(buckets).fill(0);
    for (const date of dates) {
      const index = Math.round((Date.parse(date) - first) / DAY);
      counts[Math.min(buckets - 1, Math.floor(index / perBucket))] += 1;
    }
    const peak = Math.max(...counts);
    $("#histogram").replaceChildren(...counts.map((count, i) => el("div", {
      class: "bar",
      "data-bucket": i,
      title: `${state.days[Math.floor(i * perBucket)]}: ${count} event(s)`,
      style: { height: `${Math.max(2, (40 * count) / peak)}px`, opacity: count ? "1" : "0.3" },
    })));
    syncSliderFromInputs();
  }

  function syncSliderFromInputs() {
    if (!state.days.length) return;
    const since = $("#f-since").value;
    const until = $("#f-until").value;
    const index = (date, fallback) => {
      if (!date) return fallback;
      const i = state.days.findIndex((d) => d >= date);
      return i < 0 ? state.days.length - 1 : i;
    };
    $("#t-from").value = String(index(since, 0));
    $("#t-to").value = String(until ? Math.max(0, state.days.findLastIndex((d) => d <= until)) : state.days.length - 1);
    paintTimeline();
  }

  function paintTimeline() {
    const from = Number($("#t-from").value);
    const to = Number($("#t-to").value);
    $("#t-from-label").textContent = state.days[from] || "";
    $("#t-to-label").textContent = state.days[to] || "";
    const bars = [...document.querySelectorAll("#histogram .bar")];
    const per = state.days.length / Math.max(1, bars.length);
    bars.forEach((bar, i) => {
      const day = Math.floor(i * per);
      bar.classList.toggle("out", day + per - 1 < from || day > to);
    });
  }

  function onSlider(event) {
    let from = Number($("#t-from").value);
    let to = Number($("#t-to").value);
    if (from > to) {
      if (event.target.id === "t-from") to = from;
      else from = to;
      $("#t-from").value = String(from);
      $("#t-to").value = String(to);
    }
    $("#f-since").value = from > 0 ? state.days[from] : "";
    $("#f-until").value = to < state.days.length - 1 ? state.days[to] : "";
    paintTimeline();
  }

  // ---------------------------------------------------------------- table
  function drawTable(events, total, totalLabel) {
    const rows = events.slice(0, TABLE_ROWS).map((e) => {
      const row = el("tr", { "data-event-id": e.id },
        el("td", { text: e.event_date || "" }),
        el("td", {}, el("span", { class: "swatch", style: { background: colour(e.event_type) } }), e.event_type),
        el("td", { text: e.sub_event_type || "" }),
        el("td", { text: e.actor1 || "" }),
        el("td", { text: e.actor2 || "" }),
        el("td", { text: e.location || "" }),
        el("td", { text: e.admin1 || "" }),
        el("td", { text: e.country || "" }),
        el("td", { text: e.fatalities ?? "" }),
        el("td", { text: e.claimant || "" }),
        el("td", {}, el("span", { class: `stance stance-${e.stance}`, text: e.stance || "" })));
      row.addEventListener("click", () => selectEvent(e.id));
      return row;
    });
    $("#events-table tbody").replaceChildren(...rows);
    const shown = Math.min(events.length, TABLE_ROWS);
    $("#table-note").textContent = shown < total ? `Showing ${shown} of ${totalLabel} events.` : "";
  }

  // ---------------------------------------------------------------- event panel
  // The typer's calibrated probability, as a percentage; null when no classifier scored the event.
  function confidenceText(value) {
    return typeof value === "number" ? `${Math.round(value * 100)} %` : "not scored";
  }

  function field(label, value) {
    return [el("dt", { text: label }), el("dd", { text: value === null || value === undefined || value === "" ? "—" : value })];
  }

  function sourceBlock(event, source, index) {
    const evidence = source.evidence || event.evidence;
    const url = source.url ? safeUrl(source.url) : null;
    const title = source.title || source.source || `Source ${index + 1}`;
    const block = el("article", { class: "source", "data-source-index": index },
      el("h3", {}, url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: title }) : title),
      el("div", { class: "meta" },
        [source.source, source.published].filter(Boolean).join(" · ") || "unknown outlet",
        " · claimant: ", el("strong", { class: "claimant", text: source.claimant || "unattributed" }),
        " · ", el("span", { class: `stance stance-${source.stance}`, text: source.stance || "reported" })));
    const excerpt = source.document_text_excerpt;
    const box = el("div", { class: "evidence" });
    if (excerpt) {
      const [start, end] = locate(excerpt, evidence, source.excerpt_start);
      box.append(highlighted(excerpt, start, end));
      if (start < 0 && evidence && evidence.text) {
        box.append(document.createTextNode("\n"), el("mark", { class: "evidence-mark", text: evidence.text }));
      }
    } else if (evidence && evidence.text) {
      box.append(el("mark", { class: "evidence-mark", text: evidence.text }));
    }
    block.append(box);
    const documentId = source.document_id || (index === 0 ? event.document_id : null);
    if (documentId) {
      const button = el("button", { type: "button", class: "show-document", text: "Show the whole document" });
      button.addEventListener("click", async () => {
        button.disabled = true;
        try {
          const doc = await api(`/api/documents/${encodeURIComponent(documentId)}`);
          const text = doc.text || "";
          const [start, end] = locate(text, evidence, 0);
          const full = el("div", { class: "document-text" });
          full.append(highlighted(text, start, end));
          button.replaceWith(full);
          const mark = full.querySelector("mark");
          if (mark) mark.scrollIntoView({ block: "center" });
        } catch (error) {
          button.disabled = false;
          button.textContent = `Could not load the document (${error.message}); try again`;
        }
      });
      block.append(button);
    }
    return block;
  }

  async function selectEvent(id) {
    const panel = $("#panel");
    state.selected = id;
    document.querySelectorAll(".ww-marker.selected, #events-table tr.selected").forEach((n) => n.classList.remove("selected"));
    document.querySelectorAll(`[data-event-id="${CSS.escape(String(id))}"]`).forEach((n) => n.classList.add("selected"));
    panel.replaceChildren(el("p", { class: "hint", text: "Loading the event…" }));
    let event;
    try {
      event = await api(`/api/events/${encodeURIComponent(id)}`);
    } catch (error) {
      panel.replaceChildren(el("p", { class: "hint", text: `Could not load event ${id}: ${error.message}` }));
      return;
    }
    if (state.selected !== id) return;
    const sources = event.sources && event.sources.length ? event.sources : [{ evidence: event.evidence, claimant: event.claimant, stance: event.stance }];
    panel.replaceChildren(
      el("h2", {}, el("span", { class: "swatch", style: { background: colour(event.event_type) } }), `${event.sub_event_type} — ${event.location || "unknown place"}`),
      el("dl", {},
        ...field("Date", event.event_date ? `${event.event_date} (precision ${event.time_precision})` : null),
        ...field("Type", event.event_type),
        ...field("Disorder", event.disorder_type),
        ...field("Actor 1", event.actor1),
        ...field("Actor 2", event.actor2),
        ...field("Place", [event.location, event.admin1, event.country].filter(Boolean).join(", ")),
        ...field("Fatalities", event.fatalities),
        ...field("Claimant", event.claimant),
        ...field("Stance", event.hedged ? `${event.stance} (hedged)` : event.stance),
        ...field("Type confidence", confidenceText(event.confidence))),
      el("h3", { text: `${sources.length} source${sources.length === 1 ? "" : "s"}` }),
      ...sources.map((source, i) => sourceBlock(event, source, i)));
    panel.dataset.eventId = String(id);
    const marker = state.markers.get(id);
    if (marker && !state.map.getBounds().contains(marker.getLatLng())) state.map.panTo(marker.getLatLng());
  }

  // ---------------------------------------------------------------- refresh
  async function refresh({ rebuildTimeline } = {}) {
    const request = ++state.request;
    const f = filters();
    setStatus("Loading…");
    try {
      if (rebuildTimeline) {
        const base = await allEvents({ country: f.country, type: f.type, q: f.q });
        if (request !== state.request) return;
        buildTimeline(base.items);
        fillSelect($("#f-country"), [...new Set(base.items.map((e) => e.country).filter(Boolean))].sort());
      }
      const { items, total, totalLabel, complete } = await allEvents(f);
      if (request !== state.request) return;
      state.events = items;
      const located = drawEvents(items);
      drawTable(items, total, totalLabel);
      await loadAdmin1(located);
      const at = f.until || state.days[state.days.length - 1] || "";
      const held = await drawControl(at, f.country);
      if (request !== state.request) return;
      const more = complete ? "" : ` (first ${items.length} drawn)`;
      const unplaced = items.length - located.length;
      setStatus(`${totalLabel} events${more}; ${located.length} on the map${unplaced ? `, ${unplaced} without coordinates` : ""}; ${held} controlled places${at ? ` at ${at}` : ""}.`);
      document.body.dataset.ready = String(request);
    } catch (error) {
      setStatus(error.message, true);
      document.body.dataset.ready = String(request);
    }
  }

  async function start() {
    fillSelect($("#f-type"), Object.keys(TYPE_COLOURS));
    initMap();
    await loadBasemap();
    $("#filters").addEventListener("submit", (e) => {
      e.preventDefault();
      refresh({ rebuildTimeline: true });
    });
    for (const id of ["#f-country", "#f-type"]) $(id).addEventListener("change", () => refresh({ rebuildTimeline: true }));
    for (const id of ["#f-since", "#f-until"]) {
      $(id).addEventListener("change", () => {
        syncSliderFromInputs();
        refresh();
      });
    }
    $("#f-reset").addEventListener("click", () => {
      $("#filters").reset();
      refresh({ rebuildTimeline: true });
    });
    for (const id of ["#t-from", "#t-to"]) {
      $(id).addEventListener("input", onSlider);
      $(id).addEventListener("change", () => refresh());
    }
    await refresh({ rebuildTimeline: true });
  }

  window.warwatch = { state, refresh, selectEvent, el, api };
  document.addEventListener("DOMContentLoaded", start);
})();
