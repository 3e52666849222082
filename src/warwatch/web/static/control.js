// warwatch dashboard, control layer and place panel (issue 15).
//
// Each place's control state is drawn by its evidence level: a solid diamond for assessed
// control, a hatched one for claimed control, an outline for contested; advances short of control
// are small circles (solid assessed, hatched claimed). Clicking a place shows its control history
// as a timeline, each step with its date, precision and evidence. Text from the API reaches the
// page only through textContent (the dashboard's `el` helper), never as HTML.
"use strict";

window.warwatchControl = (function () {
  // [level, how it is drawn, what it means]
  const LEVELS = [
    ["assessed", "solid", "two independent sources, or the losing side concedes"],
    ["claimed", "hatched", "one side or one source says so"],
    ["contested", "outline", "a standing denial, another side named, or fighting since"],
    ["assessed advance", "circle", "fighting there without a capture, two independent sources"],
    ["claimed advance", "hatched circle", "fighting there without a capture, one source"],
  ];
  const COLOURS = ["#1abc9c", "#e74c3c", "#3498db", "#9b59b6", "#f39c12", "#2c3e50", "#16a085", "#d35400"];

  function levelClass(level) {
    return `level-${String(level || "claimed").replace(/\s+/g, "-")}`;
  }

  function holder(item) {
    if (item.advancing && item.advancing.length) return `advance by ${item.advancing.join(", ")}`;
    if (item.controller) return item.controller;
    if (item.lost_by) return `unknown (lost by ${item.lost_by})`;
    return "no current report";
  }

  function when(item) {
    return item.since ? `${item.since} (date precision ${item.time_precision})` : "undated";
  }

  function symbol(el, item, hue) {
    return el("span", { class: `ww-control ${levelClass(item.level)}`, "data-place": item.place, "data-level": item.level, style: { "--hue": hue } });
  }

  /** Draw the control states on the layer; a click opens the place panel. Returns the count. */
  function draw(ww, layer, items) {
    const el = ww.el;
    layer.clearLayers();
    const sides = [...new Set(items.map(holder))].sort();
    for (const item of items) {
      if (!Number.isFinite(item.latitude) || !Number.isFinite(item.longitude)) continue;
      const hue = COLOURS[sides.indexOf(holder(item)) % COLOURS.length];
      const tooltip = el("div", {},
        el("strong", { text: item.place || "?" }),
        el("div", { text: `${holder(item)} · since ${when(item)}` }),
        el("div", { text: `${item.level}: ${item.level_reason || ""}` }));
      L.marker([item.latitude, item.longitude], {
        icon: L.divIcon({ html: symbol(el, item, hue), className: "", iconSize: [16, 16] }),
        pane: "control",
        title: `${item.place}: ${item.level}`,
      }).bindTooltip(tooltip).on("click", () => showPlace(ww, item, hue)).addTo(layer);
    }
    return items.length;
  }

  function legend(el) {
    const box = el("div", { class: "control-legend" }, el("h4", { text: "Control evidence" }));
    for (const [level, drawn, meaning] of LEVELS) {
      box.append(el("div", { "data-level": level, title: meaning },
        symbol(el, { level, place: "" }, "#5b6670"), el("strong", { text: level }), ` (${drawn})`));
    }
    return box;
  }

  function evidenceList(el, evidence) {
    return el("ul", { class: "control-evidence" }, ...(evidence || []).map((e) =>
      el("li", { "data-side": e.side },
        el("span", { class: `stance stance-${e.stance}`, text: e.side }), " ",
        el("strong", { text: `${e.source}: ${e.claimant}` }),
        e.reported_on ? ` (reported ${e.reported_on})` : "",
        el("div", { class: "evidence" }, el("mark", { class: "evidence-mark", text: e.text || "" })))));
  }

  function step(el, entry) {
    return el("li", { class: `control-step ${levelClass(entry.level)}`, "data-level": entry.level || "lapsed", "data-change": entry.change },
      el("div", { class: "when", text: entry.date }),
      el("div", { class: "what" },
        el("span", { class: `level-badge ${levelClass(entry.level)}`, text: entry.level || "no current report" }), " ",
        el("strong", { text: entry.level ? holder(entry) : "no recent report" }),
        el("span", { class: "muted", text: ` · ${entry.change}${entry.since ? ` · since ${when(entry)}` : ""}` })),
      entry.level_reason ? el("div", { class: "reason", text: entry.level_reason }) : null,
      entry.evidence && entry.evidence.length ? el("details", {}, el("summary", { text: `${entry.evidence.length} piece(s) of evidence` }), evidenceList(el, entry.evidence)) : null);
  }

  async function showPlace(ww, item, hue) {
    const el = ww.el;
    const panel = document.querySelector("#panel");
    panel.replaceChildren(el("p", { class: "hint", text: `Loading the control history of ${item.place}…` }));
    delete panel.dataset.eventId;
    panel.dataset.place = item.place || "";
    let history = [];
    try {
      history = (await ww.api("/api/control/history", { place: item.place, country: item.country })).items || [];
    } catch (error) {
      panel.replaceChildren(el("p", { class: "hint", text: `Could not load the history of ${item.place}: ${error.message}` }));
      return;
    }
    if (panel.dataset.place !== (item.place || "")) return;
    const own = history.filter((h) => h.place === item.place && h.admin1 === item.admin1);
    panel.replaceChildren(
      el("h2", {}, symbol(el, item, hue), ` ${item.place || "?"}`),
      el("dl", {},
        el("dt", { text: "Place" }), el("dd", { text: [item.place, item.admin1, item.country].filter(Boolean).join(", ") }),
        el("dt", { text: "Held by" }), el("dd", { text: holder(item) }),
        el("dt", { text: "Since" }), el("dd", { text: when(item) }),
        el("dt", { text: "Level" }), el("dd", { class: "current-level", text: item.level }),
        el("dt", { text: "Why" }), el("dd", { text: item.level_reason || "—" })),
      evidenceList(el, item.evidence),
      el("h3", { text: `Control history (${own.length} change${own.length === 1 ? "" : "s"})` }),
      el("ol", { class: "control-history" }, ...own.map((entry) => step(el, entry))));
    panel.dataset.historyCount = String(own.length);
  }

  return { draw, legend, showPlace, LEVELS };
})();
