// The viewer page: the start page (a searchable list of procedures) or one procedure's graph
// script, laid out in layers (top to bottom, or left to right), with expanded sub-procedures in
// place, a frequency filter for logs, a minimap, a run check and exports.
// The first picture is drawn synchronously from the data the server put into the page
// (#page-data, api/viewer/page-data.ts) while this module runs, i.e. before the page's load
// event; without it (a read key is set) the same drawing follows the API's answers.
// Talks only to the same-origin API (api.js); libraries are globals loaded by index.html
// from the server's node_modules (cytoscape, cytoscape-svg, elkjs as ElkSync).
import * as api from "./api.js";
import { defaultActivityShare, shareFor, stepsFor } from "./filter.js";
import { badgeBoxes, buildView, groupLetter, labelWithRun, nodeId, pathKey, stepTitle, FONT, FONT_SIZE, STEP_WIDTH } from "./view-model.js";
import { layoutView, routeData } from "./layout.js";
import { graphStyle } from "./graph-style.js";
import { renderLegend } from "./legend.js";
import { renderEstimated } from "./estimated.js";
import { createMinimap } from "./minimap.js";
import { createRun } from "./run.js";
import { showStartPage } from "./start-page.js";

performance.mark("stepgraph:module");
const $ = (sel) => document.querySelector(sel);
/** Smallest zoom at which node text (FONT_SIZE px at zoom 1) is at least 11 px on screen. */
export const READABLE_ZOOM = 11.05 / FONT_SIZE;
const OPEN_MAX_ZOOM = 1;
const MAX_DEPTH = 6;
const PAD = 20;

const state = {
  /** Breadcrumb: the procedures opened, outermost first: {id, version, title}. */
  stack: [],
  script: undefined,
  expanded: new Set(),
  /** Sub-procedure scripts by "id@version": {script} | {loading: true} | {error}. */
  subScripts: new Map(),
  view: undefined,
  nodeById: new Map(),
  edgeById: new Map(),
  mode: "explore",
  direction: "down",
  /** Frequency filter shares (0-100); undefined: the default for the script. */
  share: { activities: undefined, paths: undefined },
  focused: undefined,
  rendering: false,
  timings: {},
  /** Settings of the page's URL that could not be read (said once the graph is shown). */
  urlProblems: [],
};

// ---------------------------------------------------------------- graph canvas
// cytoscape-svg registers itself when it finds the global cytoscape; register it otherwise.
if (!globalThis.cytoscape("core", "svg")) globalThis.cytoscape.use(globalThis.cytoscapeSvg);
const cy = globalThis.cytoscape({
  container: $("#graph"),
  style: graphStyle,
  elements: [],
  minZoom: 0.1,
  maxZoom: 3,
  // The wheel scrolls the canvas like a page; Ctrl + wheel (or a pinch) zooms: see below.
  userZoomingEnabled: false,
  autoungrabify: true,
  autounselectify: true,
  boxSelectionEnabled: false,
});
const minimap = createMinimap($("#minimap"), cy);

const measureCtx = document.createElement("canvas").getContext("2d");
measureCtx.font = FONT;
const measure = (text) => measureCtx.measureText(text).width;
const boldCtx = document.createElement("canvas").getContext("2d");
boldCtx.font = `bold ${FONT}`;
const measureBold = (text) => boldCtx.measureText(text).width;

function setStatus(text, kind = "info") {
  const el = $("#status");
  el.textContent = text;
  el.dataset.kind = kind;
  el.hidden = !text;
}

/** Asks for the read key when the server requires one (STEPGRAPH_READ_KEY), then reloads. */
function askForToken(message) {
  const el = $("#status");
  el.hidden = false;
  el.dataset.kind = "error";
  el.replaceChildren();
  const form = document.createElement("form");
  form.className = "token-form";
  const label = document.createElement("label");
  label.textContent = `${message} Read key: `;
  const input = document.createElement("input");
  input.type = "password";
  input.id = "token";
  input.autocomplete = "off";
  label.append(input);
  const b = document.createElement("button");
  b.type = "submit";
  b.textContent = "Use";
  form.append(label, " ", b);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    api.setToken(input.value.trim());
    location.reload();
  });
  el.append(form);
  input.focus();
  markReady();
}

function failed(what, e) {
  if (e.status === 401 || e.status === 403) askForToken(`${what}: ${e.message}.`);
  else setStatus(`${what}: ${e.message}`, "error");
}

function subKey(step) {
  return `${step.subprocedure}@${step.subprocedureVersion ?? ""}`;
}

function subScript(step) {
  return state.subScripts.get(subKey(step)) ?? { loading: true };
}

async function fetchSubScript(step) {
  const key = subKey(step);
  const have = state.subScripts.get(key);
  if (have?.script || have?.error) return have;
  state.subScripts.set(key, { loading: true });
  try {
    const script = await api.getGraphScript(step.subprocedure, step.subprocedureVersion);
    state.subScripts.set(key, { script });
  } catch (e) {
    state.subScripts.set(key, { error: e.message });
  }
  return state.subScripts.get(key);
}

// ---------------------------------------------------------------- frequency filter
function filterable() {
  return state.script && state.script.traceCount > 0 && state.script.steps.length > 0;
}

/** The shares in force: the user's, else the script's default. */
function currentShare() {
  if (!filterable()) return undefined;
  return {
    activities: state.share.activities ?? defaultActivityShare(state.script),
    paths: state.share.paths ?? 100,
  };
}

/** The filter and layout settings of the URL; returns what it could not read, in words. */
function readShareFromUrl() {
  const params = new URLSearchParams(location.search);
  const bad = [];
  const read = (key) => {
    const v = params.get(key);
    if (v === null) return undefined;
    if (!/^\d{1,3}$/.test(v) || Number(v) > 100) {
      bad.push(`${key}=${v} is not a share from 0 to 100`);
      return undefined;
    }
    return Number(v);
  };
  state.share = { activities: read("activities"), paths: read("paths") };
  const layout = params.get("layout");
  if (layout !== null && layout !== "right" && layout !== "down") bad.push(`layout=${layout} is neither "down" nor "right"`);
  state.direction = layout === "right" ? "right" : "down";
  return bad;
}

function writeUrl() {
  const url = new URL(location.href);
  url.searchParams.set("procedure", state.script.procedure);
  url.searchParams.set("version", String(state.script.version));
  for (const key of ["activities", "paths"]) {
    if (state.share[key] === undefined) url.searchParams.delete(key);
    else url.searchParams.set(key, String(state.share[key]));
  }
  if (state.direction === "right") url.searchParams.set("layout", "right");
  else url.searchParams.delete("layout");
  history.replaceState(null, "", url);
}

function renderFilterBar() {
  const bar = $("#filterbar");
  bar.hidden = !filterable();
  if (bar.hidden) return;
  const share = currentShare();
  const f = state.view.filter;
  $("#share-activities").value = String(share.activities);
  $("#share-paths").value = String(share.paths);
  $("#activities-out").textContent = `${share.activities}% · ${f.shown.steps} of ${f.total.steps} steps`;
  $("#paths-out").textContent = `${share.paths}% · ${f.shown.edges} of ${f.total.edges} arrows`;
  const hiddenSteps = f.hiddenSteps.length;
  const hiddenPaths = f.hiddenEdges.length;
  $("#hidden-list summary").textContent =
    hiddenSteps + hiddenPaths === 0 ? "nothing hidden" : `hidden: ${hiddenSteps} step${hiddenSteps === 1 ? "" : "s"}, ${hiddenPaths} arrow${hiddenPaths === 1 ? "" : "s"}`;
  $("#hidden-list").dataset.hiddenSteps = String(hiddenSteps);
  const total = state.script.traceCount;
  const byRank = [...state.script.steps].sort((a, b) => b.support - a.support || a.position - b.position);
  $("#hidden-steps").replaceChildren(
    ...f.hiddenSteps.map(({ step, support }) => {
      const li = document.createElement("li");
      li.dataset.step = step.id;
      li.textContent = `${stepTitle(step)} — in ${support} of ${total} traces `;
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = "show";
      b.title = "Raise the activities share until this step is shown";
      b.addEventListener("click", () => {
        state.share.activities = shareFor(byRank.findIndex((s) => s.id === step.id) + 1, byRank.length);
        applyFilter();
      });
      li.append(b);
      return li;
    }),
  );
  if (f.hiddenSteps.length === 0) $("#hidden-steps").replaceChildren(hintItem("none"));
  const name = (id) => (id === "START" || id === "END" ? id : stepTitle(state.script.steps.find((s) => s.id === id) ?? { id, text: id }));
  $("#hidden-paths").replaceChildren(
    ...(f.hiddenEdges.length === 0
      ? [hintItem("none")]
      : f.hiddenEdges.map((e) => {
          const li = document.createElement("li");
          li.textContent = `${name(e.from)} → ${name(e.to)} — support ${e.support}${e.origin === "bridged" ? " (through hidden steps)" : ""}`;
          return li;
        })),
  );
}

function hintItem(text) {
  const li = document.createElement("li");
  li.className = "hint";
  li.textContent = text;
  return li;
}

function applyFilter() {
  writeUrl();
  render();
  openView();
}

let filterTimer;
for (const [id, key] of [["#share-activities", "activities"], ["#share-paths", "paths"]]) {
  $(id).addEventListener("input", (ev) => {
    state.share[key] = Number(ev.target.value);
    // Live numbers while sliding; the graph follows when the slider rests.
    const n = state.script.steps.length;
    if (key === "activities") $("#activities-out").textContent = `${state.share.activities}% · ${stepsFor(state.share.activities, n)} of ${n} steps`;
    clearTimeout(filterTimer);
    filterTimer = setTimeout(applyFilter, 150);
  });
}
$("#filter-default").addEventListener("click", () => {
  state.share = { activities: undefined, paths: undefined };
  applyFilter();
});

// ---------------------------------------------------------------- drawing
/** Draws the current script with the current expansions and filter (synchronous). */
function render() {
  state.rendering = true;
  const t0 = performance.now();
  const share = currentShare();
  const view = buildView(state.script, { expanded: state.expanded, subScript, measure, measureBold, ...(share ? { share } : {}) });
  const t1 = performance.now();
  const layout = layoutView(view, { direction: state.direction });
  const t2 = performance.now();
  state.view = view;
  state.nodeById = new Map(view.nodes.map((n) => [n.id, n]));
  state.edgeById = new Map(view.edges.map((e) => [e.id, e]));
  cy.batch(() => {
    cy.elements().remove();
    const nodes = [];
    for (const n of view.nodes) {
      const box = layout.nodes.get(n.id);
      const titleRoom = n.kind === "container" ? box.width - 28 - (n.badgesWidth ?? 0) : 0;
      nodes.push({
        group: "nodes",
        data: {
          id: n.id,
          label: n.label,
          width: box.width,
          height: box.height,
          textWidth: n.kind === "container" ? titleRoom : n.kind === "step" ? STEP_WIDTH : 64,
          z: n.depth,
          labelDy: n.labelDy ?? 0,
          // Containers: title at the top left, inside the box.
          labelDx: n.kind === "container" ? Math.min(0, -box.width / 2 + 14 + Math.min(titleRoom, measureBold(n.label)) / 2) : 0,
          kind: n.kind,
          step: n.step.id,
          depth: n.depth,
          level: n.level.key,
        },
        position: { x: box.x, y: box.y },
        classes: n.classes.join(" "),
      });
      badgeBoxes(n, box).forEach((b, k) => {
        nodes.push({
          group: "nodes",
          data: {
            id: `${n.id}#badge${k}`,
            label: b.badge.label,
            width: b.width,
            height: b.height,
            textWidth: b.width,
            kind: "badge",
            badgeKind: b.badge.kind,
            group: b.badge.index,
            owner: n.id,
            step: n.step.id,
            level: n.level.key,
            depth: n.depth,
            z: 40,
          },
          position: { x: b.x, y: b.y },
          classes: `badge ${b.badge.kind}`,
        });
      });
    }
    cy.add(nodes);
    cy.add(
      view.edges.map((e) => {
        const route = layout.edges.get(e.id);
        const routed = route ? routeData(route, layout.nodes.get(e.source), layout.nodes.get(e.target)) : {};
        return {
          group: "edges",
          data: { id: e.id, source: e.source, target: e.target, width: e.width, support: e.support, origin: e.origin, ...routed },
          classes: e.classes.join(" "),
        };
      }),
    );
  });
  decorateRun();
  renderFilterBar();
  renderLegend($("#legend-list"), cy, { runShown: run.steps().length > 0 });
  renderStepList();
  renderBreadcrumb();
  minimap.schedule();
  const t3 = performance.now();
  state.timings = {
    viewMs: t1 - t0, layoutMs: t2 - t1, elkMs: layout.timing.elkMs, drawMs: t3 - t2, nodes: view.nodes.length, edges: view.edges.length,
  };
  state.rendering = false;
}

/** Graph nodes proper (no badges). */
function graphNodes() {
  return cy.nodes().filter((n) => n.data("kind") !== "badge");
}

/**
 * The view a picture opens with: the whole graph when it fits at a zoom where text stays
 * readable (at most OPEN_MAX_ZOOM), else that readable zoom from the graph's start, with the
 * minimap to find the rest. Never a zoom at which node text is below 11 px.
 */
function openView({ maxZoom = OPEN_MAX_ZOOM } = {}) {
  const nodes = graphNodes();
  if (nodes.empty()) return;
  const bb = nodes.boundingBox({ includeLabels: false });
  const w = cy.width();
  const h = cy.height();
  const fit = Math.min((w - 2 * PAD) / Math.max(1, bb.w), (h - 2 * PAD) / Math.max(1, bb.h));
  const zoom = Math.max(READABLE_ZOOM, Math.min(maxZoom, fit));
  cy.zoom(zoom);
  const gw = bb.w * zoom;
  const gh = bb.h * zoom;
  const x = gw <= w - 2 * PAD ? (w - gw) / 2 - bb.x1 * zoom : PAD - bb.x1 * zoom;
  const y = gh <= h - 2 * PAD ? (h - gh) / 2 - bb.y1 * zoom : PAD - bb.y1 * zoom;
  cy.pan({ x, y });
  minimap.schedule();
}

function zoomBy(factor, at = { x: cy.width() / 2, y: cy.height() / 2 }) {
  const level = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor));
  cy.zoom({ level, renderedPosition: at });
}

// The wheel scrolls (shift: sideways); Ctrl + wheel and pinch gestures (ctrlKey set) zoom.
$("#graph").addEventListener(
  "wheel",
  (ev) => {
    ev.preventDefault();
    const unit = ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? cy.height() : 1;
    const dx = ev.deltaX * unit;
    const dy = ev.deltaY * unit;
    if (ev.ctrlKey || ev.metaKey) {
      const r = cy.container().getBoundingClientRect();
      zoomBy(Math.exp(-dy * 0.0025), { x: ev.clientX - r.left, y: ev.clientY - r.top });
      return;
    }
    cy.panBy(ev.shiftKey && dx === 0 ? { x: -dy, y: 0 } : { x: -dx, y: -dy });
  },
  { passive: false, capture: true },
);

// ---------------------------------------------------------------- procedures
function showError(message) {
  document.body.dataset.page = "graph";
  $("#procedure-title").textContent = "No graph to show";
  setStatus(message, "error");
  markReady();
}

/** Shows a graph script (with `views`); `item`: where it goes in the breadcrumb. */
function showScript(script, { push = false, resetStack = true } = {}) {
  document.body.dataset.page = "graph";
  $("#start").hidden = true;
  const item = { id: script.procedure, version: script.version, title: script.title };
  if (resetStack) state.stack = [item];
  else if (push) state.stack.push(item);
  else state.stack[state.stack.length - 1] = item;
  state.script = script;
  state.expanded = new Set();
  run.state.items = [];
  run.state.check = undefined;
  run.state.next = [];
  state.focused = undefined;
  document.title = `${script.title} — stepgraph`;
  $("#procedure-title").textContent = script.title;
  $("#procedure-meta").textContent =
    `${script.procedure} v${script.version} · ${script.steps.length} steps · ` +
    (script.traceCount > 0 ? `induced from ${script.traceCount} traces` : "no traces yet: the written order");
  renderEstimated($("#estimated"), $("#estimated-list"), script);
  $("#direction").value = state.direction;
  updateExportLinks();
  writeUrl();
  // What may come first is asked for now; the answer is handled after the drawing below (it
  // cannot arrive before this synchronous task ends).
  const first = run.refresh();
  render();
  openView();
  // Settings of the URL that could not be read are said once, not silently replaced.
  const bad = state.urlProblems ?? [];
  state.urlProblems = [];
  setStatus(bad.length > 0 ? `In the URL, ${bad.join("; ")}: the default is used.` : "", bad.length > 0 ? "error" : "info");
  document.body.dataset.procedure = script.procedure;
  performance.mark("stepgraph:drawn");
  return first.then(markReady);
}

async function loadProcedure(entry, { push = false, resetStack = false, keepShare = false } = {}) {
  setStatus(`Loading ${entry.title ?? entry.id}…`);
  let script;
  try {
    script = await api.getGraphScript(entry.id, entry.version);
  } catch (e) {
    failed(`Could not load the graph of “${entry.title ?? entry.id}”`, e);
    markReady();
    return;
  }
  // The URL's filter setting belongs to the procedure the page opened with.
  if (!keepShare) state.share = { activities: undefined, paths: undefined };
  await showScript(script, { push, resetStack });
}

function markReady() {
  document.body.dataset.state = "ready";
  document.body.dataset.procedure = state.script?.procedure ?? "";
  performance.mark("stepgraph:interactive");
}

function ancestorsOf(node) {
  const out = [state.script.procedure];
  for (let i = 1; i < node.path.length; i++) {
    const parent = state.nodeById.get(nodeId(node.path.slice(0, i)));
    if (parent?.step.subprocedure) out.push(parent.step.subprocedure);
  }
  return out;
}

async function toggleExpand(node) {
  if (!node.step.subprocedure) return;
  const key = pathKey(node.path);
  if (state.expanded.has(key)) {
    for (const k of [...state.expanded]) if (k === key || k.startsWith(key.slice(0, -1) + ",")) state.expanded.delete(k);
  } else {
    if (ancestorsOf(node).includes(node.step.subprocedure)) {
      setStatus(`“${stepTitle(node.step)}” links back to a procedure it is part of; not expanded.`, "error");
      return;
    }
    const got = await fetchSubScript(node.step);
    if (got.error) {
      setStatus(`Details of “${stepTitle(node.step)}” are unavailable: ${got.error}`, "error");
      return;
    }
    state.expanded.add(key);
  }
  render();
  focusNode(node.id);
  // The whole graph when it fits readably; else, at a readable zoom, the step that changed.
  const zoom = cy.zoom();
  openView({ maxZoom: Math.max(READABLE_ZOOM, zoom) });
  if (!minimapHidden()) reveal(cy.getElementById(node.id));
}

function minimapHidden() {
  minimap.draw();
  return $("#minimap").hidden;
}

/** Pans so that `ele` is in view: centred when it fits, its top-left corner shown otherwise. */
function reveal(ele) {
  if (ele.empty()) return;
  const bb = ele.renderedBoundingBox({ includeLabels: false });
  const w = cy.width();
  const h = cy.height();
  if (bb.x1 >= 0 && bb.y1 >= 0 && bb.x2 <= w && bb.y2 <= h) return;
  if (bb.w <= w - 32 && bb.h <= h - 32) {
    cy.center(ele);
    return;
  }
  cy.panBy({ x: 16 - bb.x1, y: 16 - bb.y1 });
}

/** Expands every detailed step, level by level, down to MAX_DEPTH. */
async function expandAll() {
  const t0 = performance.now();
  for (let level = 0; level < MAX_DEPTH; level++) {
    const todo = state.view.nodes.filter(
      (n) => n.step.subprocedure && !state.expanded.has(pathKey(n.path)) && !ancestorsOf(n).includes(n.step.subprocedure),
    );
    if (todo.length === 0) break;
    await Promise.all(todo.map((n) => fetchSubScript(n.step)));
    for (const n of todo) if (subScript(n.step).script) state.expanded.add(pathKey(n.path));
    state.view = buildView(state.script, { expanded: state.expanded, subScript, measure, ...(currentShare() ? { share: currentShare() } : {}) });
    state.nodeById = new Map(state.view.nodes.map((n) => [n.id, n]));
  }
  render();
  openView();
  state.timings.expandAllMs = performance.now() - t0;
}

function collapseAll() {
  state.expanded = new Set();
  render();
  openView();
}

function openSubprocedure(node) {
  const step = node.step;
  if (!step.subprocedure) return undefined;
  return loadProcedure({ id: step.subprocedure, version: step.subprocedureVersion, title: step.subprocedure }, { push: true });
}

// ---------------------------------------------------------------- checking a run
function stepName(id) {
  const s = state.script?.steps.find((x) => x.id === id);
  return s ? stepTitle(s) : id;
}

const run = createRun({
  script: () => state.script,
  stepName,
  onChange: () => {
    decorateRun();
    renderLegend($("#legend-list"), cy, { runShown: run.steps().length > 0 });
  },
  focusStep: (id) => focusNode(nodeId([id]), { center: true }),
  failed,
});

/** Colours steps of the run (allowed / violating) and the ranked next steps, and tags them. */
function decorateRun() {
  if (!state.view) return;
  const bad = run.badIndexes();
  const runTags = new Map();
  run.steps().forEach((id, i) => {
    const list = runTags.get(id) ?? [];
    list.push({ i, bad: bad.has(i) });
    runTags.set(id, list);
  });
  // NOTE: before the first step the graph is left uncoloured (the list still ranks the first
  // steps): highlighting them would hide the picture's own marks at a first look.
  const nextRank = new Map();
  if (run.steps().length > 0) run.rankedNext().forEach((n, r) => nextRank.set(n.step, r + 1));
  cy.batch(() => {
    for (const n of state.view.nodes) {
      if (n.depth !== 0 || (n.kind !== "step" && n.kind !== "container")) continue;
      const ele = cy.getElementById(n.id);
      const occ = runTags.get(n.step.id) ?? [];
      // At most two tags fit the space reserved in the box: the first and the last time.
      const shown = occ.length > 2 ? [occ[0], occ[occ.length - 1]] : occ;
      const tags = shown.map((o) => `#${o.i + 1} ${o.bad ? "✗" : "✓"}`);
      if (occ.length > 2) tags.splice(1, 0, "…");
      const rank = nextRank.get(n.step.id);
      if (rank !== undefined) tags.push(`next ${rank}`);
      ele.toggleClass("run-bad", occ.some((o) => o.bad));
      ele.toggleClass("run-ok", occ.length > 0 && !occ.some((o) => o.bad));
      ele.toggleClass("next", rank !== undefined && occ.length === 0);
      if (n.kind === "step") ele.data("label", labelWithRun(n, tags, measure));
    }
  });
  minimap.schedule();
}

$("#run-complete").addEventListener("change", () => run.refresh());
$("#run-undo").addEventListener("click", () => run.undo());
$("#run-reset").addEventListener("click", () => resetRun());
$("#paste-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  run.paste($("#paste").value);
});

async function resetRun() {
  await run.reset();
  setStatus("Run reset.");
}

// ---------------------------------------------------------------- side panel: steps list
function renderStepList() {
  const ul = $("#step-list");
  ul.replaceChildren();
  for (const n of state.view.nodes) {
    if (n.depth !== 0 || (n.kind !== "step" && n.kind !== "container")) continue;
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.className = "step-btn";
    b.dataset.node = n.id;
    b.dataset.step = n.step.id;
    b.textContent = n.title;
    const tags = [...n.tags.filter((t) => !t.startsWith("▸")), ...n.badges.map((x) => x.label)];
    if (tags.length) {
      const small = document.createElement("small");
      small.textContent = tags.join(" · ");
      b.append(" ", small);
    }
    b.title = "Enter: add to the run";
    b.addEventListener("click", () => run.add(n.step.id));
    b.addEventListener("focus", () => focusNode(n.id, { center: true }));
    li.append(b);
    if (n.step.subprocedure) {
      const open = n.kind === "container";
      const t = document.createElement("button");
      t.type = "button";
      t.className = "toggle-btn";
      t.setAttribute("aria-expanded", String(open));
      t.textContent = open ? "▾ hide details" : "▸ details";
      t.addEventListener("click", () => toggleExpand(n));
      const o = document.createElement("button");
      o.type = "button";
      o.className = "open-btn";
      o.textContent = "open ↗";
      o.title = "Open the sub-procedure on its own (to check a run in it)";
      o.addEventListener("click", () => openSubprocedure(n));
      li.append(t, o);
    }
    ul.append(li);
  }
  const hidden = state.view.filter?.hiddenSteps.length ?? 0;
  if (hidden > 0) {
    const li = document.createElement("li");
    li.className = "hint";
    li.textContent = `${hidden} rarer step${hidden === 1 ? " is" : "s are"} hidden by the filter (listed above the graph).`;
    ul.append(li);
  }
}

function focusNode(id, { center = false } = {}) {
  cy.nodes(".focused").removeClass("focused");
  state.focused = id;
  const ele = cy.getElementById(id);
  if (ele.empty()) return;
  ele.addClass("focused");
  // Screen readers hear what the tooltip shows.
  const n = state.nodeById.get(id);
  if (n) $("#focus-info").textContent = nodeTip(n).replace(/\n/g, ". ");
  if (center) {
    const bb = ele.renderedBoundingBox({ includeLabels: false });
    if (bb.x1 < 0 || bb.y1 < 0 || bb.x2 > cy.width() || bb.y2 > cy.height()) cy.center(ele);
  }
  renderBreadcrumb();
}

function renderBreadcrumb() {
  const ol = $("#breadcrumb ol");
  ol.replaceChildren();
  state.stack.forEach((p, i) => {
    const li = document.createElement("li");
    if (i === state.stack.length - 1) {
      const span = document.createElement("span");
      span.textContent = p.title;
      span.setAttribute("aria-current", "page");
      li.append(span);
    } else {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = p.title;
      b.addEventListener("click", () => {
        state.stack = state.stack.slice(0, i + 1);
        loadProcedure(p);
      });
      li.append(b);
    }
    ol.append(li);
  });
  const node = state.focused ? state.nodeById.get(state.focused) : undefined;
  if (node && node.kind !== "start" && node.kind !== "end") {
    for (let i = 1; i <= node.path.length; i++) {
      const n = state.nodeById.get(nodeId(node.path.slice(0, i)));
      if (!n) continue;
      const li = document.createElement("li");
      li.className = "in-graph";
      const sub = i < node.path.length ? n.subScript : undefined;
      const same = sub && sub.title.trim().toLowerCase() === stepTitle(n.step).trim().toLowerCase();
      li.textContent = sub && !same ? `${n.title} (${sub.title})` : n.title;
      ol.append(li);
    }
  }
}

// ---------------------------------------------------------------- tooltip
const tip = $("#tooltip");

function pct(x) {
  return `${Math.round(x * 100)}%`;
}

function nodeTip(n) {
  const s = n.step;
  if (n.kind === "start") return "START: before the first step.";
  if (n.kind === "end") return "END: after the last step.";
  const text = stepTitle(s);
  const lines = [text.length > 600 ? `${text.slice(0, 599)}…` : text];
  if (s.id !== s.text) lines.push(`id: ${s.id}`);
  if (n.traceCount > 0) lines.push(`done in ${s.support} of ${n.traceCount} traces (${pct(s.frequency)})`);
  else lines.push("no traces yet: drawn from the written order");
  lines.push(s.optional ? "optional: may be skipped" : "required");
  if (s.repeatable) lines.push("repeatable: may happen more than once");
  if (!s.written) lines.push("not in the written procedure: seen only in traces");
  const names = (ids) => {
    const others = ids.filter((id) => id !== s.id);
    const words = others.slice(0, 6).map((id) => stepTitle(n.levelSteps.get(id) ?? { id, text: id }));
    return `${words.join("; ")}${others.length > 6 ? `; and ${others.length - 6} more` : ""}`;
  };
  for (const b of n.badges) {
    if (b.kind === "group") lines.push(`⇄${groupLetter(b.index)}: may be done in either order with ${names(n.level.groups[b.index])}`);
    else lines.push(`◇${b.index + 1}: runs do this or ${names(n.level.choices[b.index])} — never two of them`);
  }
  if (s.subprocedure) {
    lines.push(
      n.kind === "container"
        ? `detailed by “${n.subScript.title}” — click to collapse`
        : `detailed by sub-procedure ${s.subprocedure} — click to expand (“open ↗” in the step list opens it alone)`,
    );
  }
  return lines.join("\n");
}

function edgeTip(e) {
  const from = state.nodeById.get(e.source)?.step;
  const to = state.nodeById.get(e.target)?.step;
  const lines = [`${from ? stepTitle(from) : e.source} → ${to ? stepTitle(to) : e.target}`];
  if (e.origin === "structural") lines.push("links a first or last step to START or END");
  else if (e.origin === "bridged") {
    const via = e.via.map((id) => stepName(id));
    lines.push(`comes before through ${via.length} hidden step${via.length === 1 ? "" : "s"}: ${via.slice(0, 4).join("; ")}${via.length > 4 ? "; …" : ""}`);
  } else {
    lines.push(`support: ${e.support} of ${e.traceCount} traces had both, in this order`);
    lines.push(`confidence: ${pct(e.confidence)} of the traces with both`);
    lines.push(
      e.origin === "written"
        ? "from the step list's order only (no trace shows it)"
        : e.origin === "both"
          ? "from the written order and the traces"
          : "from the traces",
    );
    if (e.habit) lines.push("a habit: too few traces to rule out that the order is free; the order check does not enforce it");
  }
  return lines.join("\n");
}

function showTip(text, pos) {
  tip.textContent = text;
  tip.hidden = false;
  const wrap = $("#graph-wrap").getBoundingClientRect();
  const w = tip.offsetWidth;
  const h = tip.offsetHeight;
  let x = pos.x + 14;
  let y = pos.y + 14;
  if (x + w > wrap.width - 4) x = Math.max(4, pos.x - w - 14);
  if (y + h > wrap.height - 4) y = Math.max(4, pos.y - h - 14);
  tip.style.left = `${x}px`;
  tip.style.top = `${y}px`;
}

cy.on("mouseover", "node", (ev) => {
  const n = state.nodeById.get(ev.target.id());
  if (n) showTip(nodeTip(n), ev.renderedPosition);
});
cy.on("mouseover", "edge", (ev) => {
  const e = state.edgeById.get(ev.target.id());
  if (!e) return;
  ev.target.addClass("hover");
  showTip(edgeTip(e), ev.renderedPosition);
});
cy.on("mouseout", "node, edge", (ev) => {
  ev.target.removeClass("hover");
  tip.hidden = true;
});
cy.on("pan zoom", () => {
  tip.hidden = true;
});
// Cytoscape sends no mouseout when the pointer leaves the canvas straight from a node.
$("#graph").addEventListener("mouseleave", () => {
  tip.hidden = true;
  cy.edges(".hover").removeClass("hover");
});

// ---------------------------------------------------------------- interaction
async function activate(n) {
  if (!n || n.kind === "start" || n.kind === "end") return;
  if (state.mode === "run") {
    if (n.depth === 0) await run.add(n.step.id);
    else setStatus("Steps inside an expanded sub-procedure belong to it: use “open ↗” to check a run in it.");
    return;
  }
  focusNode(n.id);
  if (n.step.subprocedure) await toggleExpand(n);
}

cy.on("tap", "node", (ev) => activate(state.nodeById.get(ev.target.id())));
cy.on("tap", "edge", (ev) => {
  const e = state.edgeById.get(ev.target.id());
  if (e) showTip(edgeTip(e), ev.renderedPosition);
});

/** Arrow keys move the focus to the nearest node in that direction; Enter activates it. */
function moveFocus(dx, dy) {
  const nodes = graphNodes().filter((e) => e.data("kind") !== "container" || e.id() === state.focused);
  const cur = state.focused ? cy.getElementById(state.focused) : undefined;
  if (!cur || cur.empty()) {
    const first = nodes.filter((e) => e.data("kind") === "start");
    if (first.nonempty()) focusNode(first.id(), { center: true });
    return;
  }
  const p = cur.position();
  let best;
  let bestScore = Infinity;
  nodes.forEach((e) => {
    if (e.id() === cur.id()) return;
    const q = e.position();
    const along = (q.x - p.x) * dx + (q.y - p.y) * dy;
    if (along <= 1) return;
    const across = Math.abs((q.x - p.x) * dy) + Math.abs((q.y - p.y) * dx);
    const score = along + 2.5 * across;
    if (score < bestScore) {
      bestScore = score;
      best = e;
    }
  });
  if (best) focusNode(best.id(), { center: true });
}

$("#graph").addEventListener("keydown", (ev) => {
  const dirs = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  if (dirs[ev.key]) {
    ev.preventDefault();
    moveFocus(...dirs[ev.key]);
  } else if (ev.key === "Enter") {
    ev.preventDefault();
    const n = state.focused ? state.nodeById.get(state.focused) : undefined;
    if (n && n.depth === 0 && n.kind !== "start" && n.kind !== "end") run.add(n.step.id);
  } else if (ev.key === " ") {
    ev.preventDefault();
    const n = state.focused ? state.nodeById.get(state.focused) : undefined;
    if (n?.step.subprocedure) toggleExpand(n);
  } else if (ev.key === "+" || ev.key === "=") {
    zoomBy(1.2);
  } else if (ev.key === "-") {
    zoomBy(1 / 1.2);
  }
});
$("#graph").addEventListener("focus", () => {
  if (!state.focused) moveFocus(1, 0);
});

document.addEventListener("keydown", (ev) => {
  if (ev.key !== "Escape") return;
  if (!$("#results").hidden) {
    $("#results").hidden = true;
    $("#search").focus();
    return;
  }
  tip.hidden = true;
  if (state.script) resetRun();
});

for (const r of document.querySelectorAll("input[name=mode]")) {
  r.addEventListener("change", () => {
    state.mode = document.querySelector("input[name=mode]:checked").value;
    $("#graph").dataset.mode = state.mode;
  });
}
$("#fit").addEventListener("click", () => openView({ maxZoom: 2 }));
$("#zoom-in").addEventListener("click", () => zoomBy(1.2));
$("#zoom-out").addEventListener("click", () => zoomBy(1 / 1.2));
$("#zoom-reset").addEventListener("click", () => {
  cy.zoom({ level: 1, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
});
$("#direction").addEventListener("change", (ev) => {
  state.direction = ev.target.value === "right" ? "right" : "down";
  writeUrl();
  render();
  openView();
});
$("#expand-all").addEventListener("click", () => expandAll());
$("#collapse-all").addEventListener("click", () => collapseAll());
new ResizeObserver(() => minimap.schedule()).observe($("#graph"));

// ---------------------------------------------------------------- exports
function download(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

function fileBase() {
  return `${state.script.procedure}-v${state.script.version}`.replace(/[^\w.-]+/g, "_");
}

$("#export-svg").addEventListener("click", () => {
  const svg = cy.svg({ full: true, scale: 1, bg: "#ffffff" });
  download(new Blob([svg], { type: "image/svg+xml" }), `${fileBase()}.svg`);
});
$("#export-png").addEventListener("click", () => {
  const blob = cy.png({ full: true, scale: 2, bg: "#ffffff", output: "blob" });
  download(blob, `${fileBase()}.png`);
});

function updateExportLinks() {
  const { procedure, version } = state.script;
  for (const a of document.querySelectorAll("a[data-format]")) a.href = api.exportUrl(procedure, version, a.dataset.format);
}

// With a read key, a plain link cannot send it: fetch the export and open what came back.
for (const a of document.querySelectorAll("a[data-format]")) {
  a.addEventListener("click", async (ev) => {
    if (!api.getToken()) return;
    ev.preventDefault();
    try {
      window.open(await api.exportBlobUrl(a.href), "_blank", "noopener");
    } catch (e) {
      failed("Could not export", e);
    }
  });
}

// ---------------------------------------------------------------- procedure search
let searchTimer;
let searchToken = 0;

async function search(q) {
  const token = ++searchToken;
  let items;
  try {
    items = await api.listProcedures(q);
  } catch (e) {
    setStatus(`Search failed: ${e.message}`, "error");
    return [];
  }
  if (token !== searchToken) return items;
  const ul = $("#results");
  ul.replaceChildren();
  for (const p of items) {
    const li = document.createElement("li");
    li.setAttribute("role", "option");
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.procedure = p.id;
    b.textContent = p.title;
    const small = document.createElement("small");
    small.textContent = ` ${p.id} · v${p.version} · ${p.stepCount} steps`;
    b.append(small);
    b.addEventListener("click", () => {
      ul.hidden = true;
      $("#search").value = "";
      loadProcedure({ id: p.id, title: p.title }, { resetStack: true });
    });
    b.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown") (li.nextElementSibling?.querySelector("button") ?? b).focus();
      if (ev.key === "ArrowUp") (li.previousElementSibling?.querySelector("button") ?? $("#search")).focus();
    });
    li.append(b);
    ul.append(li);
  }
  if (items.length === 0) {
    const li = document.createElement("li");
    li.className = "none";
    li.textContent = `No procedure matches “${q}”.`;
    ul.append(li);
  }
  ul.hidden = false;
  $("#search").setAttribute("aria-expanded", "true");
  return items;
}

$("#search").addEventListener("input", (ev) => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => search(ev.target.value.trim()), 150);
});
$("#search").addEventListener("focus", (ev) => search(ev.target.value.trim()));
$("#search").addEventListener("keydown", (ev) => {
  if (ev.key === "ArrowDown") {
    ev.preventDefault();
    $("#results button")?.focus();
  } else if (ev.key === "Enter") {
    ev.preventDefault();
    clearTimeout(searchTimer);
    search(ev.target.value.trim()).then(() => $("#results button")?.click());
  }
});
document.addEventListener("click", (ev) => {
  if (!ev.target.closest(".picker")) {
    $("#results").hidden = true;
    $("#search").setAttribute("aria-expanded", "false");
  }
});

// ---------------------------------------------------------------- start
globalThis.stepgraphViewer = {
  cy, state, run, expandAll, collapseAll, loadProcedure, toggleExpand, openView, READABLE_ZOOM,
  rerender: () => render(),
};

function pageData() {
  try {
    return JSON.parse($("#page-data")?.textContent ?? "null");
  } catch {
    return null;
  }
}

function start() {
  state.urlProblems = readShareFromUrl();
  const data = pageData();
  const params = new URLSearchParams(location.search);
  const id = params.get("procedure");
  if (data?.kind === "graph") return showScript(data.script);
  if (data?.kind === "error") return showError(`Could not load the graph of “${data.procedure}”: ${data.message}`);
  if (data?.kind === "list") {
    markReady();
    return showStartPage(data.procedures);
  }
  // No data in the page (a read key is set): ask the API.
  if (id) {
    const version = params.get("version") ? Number(params.get("version")) : undefined;
    return loadProcedure({ id, version, title: id }, { resetStack: true, keepShare: true });
  }
  return api.allProcedures().then(
    (list) => {
      markReady();
      return showStartPage(list);
    },
    (e) => failed("Could not list procedures", e),
  );
}

try {
  start();
} catch (e) {
  showError(`The viewer failed: ${e.message}`);
}
