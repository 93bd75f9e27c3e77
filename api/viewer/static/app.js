// The viewer page: pick a procedure, draw its graph script (layered, left to right), expand
// sub-procedure steps in place, check a run against the API and export what is shown.
// Talks only to the same-origin API (api.js); libraries are globals loaded by index.html
// from the server's node_modules (cytoscape, cytoscape-svg, elkjs).
import * as api from "./api.js";
import { buildView, pathKey, stepTitle, labelWithRun, FONT, STEP_WIDTH } from "./view-model.js";
import { layoutView, routeData } from "./layout.js";
import { graphStyle } from "./graph-style.js";
import { explainViolation, violatingIndex } from "./explain.js";

const $ = (sel) => document.querySelector(sel);
const MIN_READABLE_ZOOM = 0.8;
const NEXT_K = 5;
const MAX_DEPTH = 6;

const state = {
  /** Breadcrumb: the procedures opened, outermost first: {id, version, title}. */
  stack: [],
  script: undefined,
  expanded: new Set(),
  /** Sub-procedure scripts by "id@version": {script} | {loading: true} | {error}. */
  subScripts: new Map(),
  view: undefined,
  nodeById: new Map(),
  run: [],
  check: undefined,
  next: [],
  mode: "explore",
  focused: undefined,
  renderToken: 0,
  runToken: 0,
  timings: {},
};

// ---------------------------------------------------------------- graph canvas
// cytoscape-svg registers itself when it finds the global cytoscape; register it otherwise.
if (!globalThis.cytoscape("core", "svg")) globalThis.cytoscape.use(globalThis.cytoscapeSvg);
const cy = globalThis.cytoscape({
  container: $("#graph"),
  style: graphStyle,
  elements: [],
  minZoom: 0.08,
  maxZoom: 3,
  autoungrabify: true,
  autounselectify: true,
  boxSelectionEnabled: false,
});

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

/** Draws the current script with the current expansions; resolves when drawn. */
async function render({ fit = true } = {}) {
  const token = ++state.renderToken;
  state.rendering = true;
  const t0 = performance.now();
  const view = buildView(state.script, { expanded: state.expanded, subScript, measure });
  const t1 = performance.now();
  const screen = { width: cy.width(), height: cy.height(), minZoom: MIN_READABLE_ZOOM };
  const layout = await layoutView(view, $("#wrap-rows").checked ? screen : undefined);
  if (token !== state.renderToken) return;
  const t2 = performance.now();
  state.view = view;
  state.nodeById = new Map(view.nodes.map((n) => [n.id, n]));
  cy.batch(() => {
    cy.elements().remove();
    cy.add(
      view.nodes.map((n) => {
        const box = layout.nodes.get(n.id);
        return {
          group: "nodes",
          data: {
            id: n.id,
            label: n.label,
            width: box.width,
            height: box.height,
            textWidth: n.kind === "container" ? box.width - 24 : n.kind === "step" ? STEP_WIDTH : 60,
            fill: n.fill,
            z: n.depth,
            // Containers: title at the top left, inside the box.
            labelDx: n.kind === "container" ? Math.min(0, -box.width / 2 + 14 + Math.min(box.width - 28, measureBold(n.label)) / 2) : 0,
            kind: n.kind,
            step: n.step.id,
            depth: n.depth,
          },
          position: { x: box.x, y: box.y },
          classes: n.classes.join(" "),
        };
      }),
    );
    cy.add(
      view.edges.map((e) => {
        const route = layout.edges.get(e.id);
        const routed = route ? routeData(route, layout.nodes.get(e.source), layout.nodes.get(e.target)) : {};
        return {
          group: "edges",
          data: {
            id: e.id, source: e.source, target: e.target, width: e.width, support: e.support,
            confidence: e.confidence, origin: e.origin, ...routed,
          },
          classes: e.classes.join(" "),
        };
      }),
    );
  });
  decorateRun();
  if (fit) fitReadable();
  const t3 = performance.now();
  state.timings = {
    viewMs: t1 - t0, layoutMs: t2 - t1, layoutWaitMs: layout.timing.waitedMs, elkMs: layout.timing.elkMs,
    drawMs: t3 - t2, nodes: cy.nodes().length, edges: cy.edges().length,
  };
  renderStepList();
  renderBreadcrumb();
  state.rendering = false;
}

/** Fits the graph, but never below a readable zoom: then it starts at START and you pan. */
function fitReadable() {
  cy.fit(undefined, 24);
  if (cy.zoom() < MIN_READABLE_ZOOM) {
    cy.zoom(MIN_READABLE_ZOOM);
    const bb = cy.elements().boundingBox();
    const h = cy.height();
    const graphH = bb.h * MIN_READABLE_ZOOM;
    const y = graphH < h ? (h - graphH) / 2 - bb.y1 * MIN_READABLE_ZOOM : 16 - bb.y1 * MIN_READABLE_ZOOM;
    cy.pan({ x: 16 - bb.x1 * MIN_READABLE_ZOOM, y });
  }
}

// ---------------------------------------------------------------- loading procedures
async function loadProcedure(entry, { push = false, resetStack = false, started } = {}) {
  setStatus(`Loading ${entry.title ?? entry.id}…`);
  const t0 = performance.now();
  let script;
  try {
    script = await api.getGraphScript(entry.id, entry.version, started);
  } catch (e) {
    failed(`Could not load the graph of “${entry.title ?? entry.id}”`, e);
    markReady();
    return;
  }
  const fetchMs = performance.now() - t0;
  const item = { id: script.procedure, version: script.version, title: script.title };
  if (resetStack) state.stack = [item];
  else if (push) state.stack.push(item);
  else state.stack[state.stack.length - 1] = item;
  state.script = script;
  state.expanded = new Set();
  state.run = [];
  state.check = undefined;
  state.next = [];
  state.focused = undefined;
  $("#procedure-title").textContent = script.title;
  $("#procedure-meta").textContent =
    `${script.procedure} v${script.version} · ${script.steps.length} steps · ` +
    (script.traceCount > 0 ? `induced from ${script.traceCount} traces` : "no traces yet: the written order");
  updateExportLinks();
  const url = new URL(location.href);
  url.searchParams.set("procedure", script.procedure);
  url.searchParams.set("version", String(script.version));
  history.replaceState(null, "", url);
  // The run's next steps are fetched while the graph is laid out.
  await Promise.all([render(), refreshRun()]);
  decorateRun();
  state.timings.fetchMs = fetchMs;
  setStatus("");
  markReady();
}

function markReady() {
  document.body.dataset.state = "ready";
  document.body.dataset.procedure = state.script?.procedure ?? "";
  performance.mark("stepgraph:interactive");
}

function ancestorsOf(node) {
  const out = [state.script.procedure];
  for (let i = 1; i < node.path.length; i++) {
    const parent = state.nodeById.get(`n${JSON.stringify(node.path.slice(0, i))}`);
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
  await render({ fit: false });
  focusNode(node.id);
  // Show the whole graph when it is readable that way; else, at the smallest readable zoom,
  // the step that changed.
  cy.fit(undefined, 24);
  if (cy.zoom() < MIN_READABLE_ZOOM) {
    cy.zoom(MIN_READABLE_ZOOM);
    reveal(cy.getElementById(node.id));
  }
}

/** Pans so that `ele` is in view: centred when it fits, its top-left corner shown otherwise. */
function reveal(ele) {
  if (ele.empty()) return;
  const bb = ele.renderedBoundingBox();
  const w = cy.width();
  const h = cy.height();
  if (bb.x1 >= 0 && bb.y1 >= 0 && bb.x2 <= w && bb.y2 <= h) return;
  if (bb.w <= w - 32 && bb.h <= h - 32) {
    cy.center(ele);
    return;
  }
  const pan = cy.pan();
  cy.pan({ x: pan.x + (16 - bb.x1), y: pan.y + (bb.h <= h - 32 ? (h - bb.h) / 2 - bb.y1 : 16 - bb.y1) });
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
    for (const n of todo) state.expanded.add(pathKey(n.path));
    state.view = buildView(state.script, { expanded: state.expanded, subScript, measure });
    state.nodeById = new Map(state.view.nodes.map((n) => [n.id, n]));
  }
  await render();
  state.timings.expandAllMs = performance.now() - t0;
}

async function collapseAll() {
  state.expanded = new Set();
  await render();
}

function openSubprocedure(node) {
  const step = node.step;
  if (!step.subprocedure) return;
  return loadProcedure({ id: step.subprocedure, version: step.subprocedureVersion, title: step.subprocedure }, { push: true });
}

// ---------------------------------------------------------------- checking a run
function topLevelIds() {
  return new Set(state.script.steps.map((s) => s.id));
}

function stepName(id) {
  const s = state.script?.steps.find((x) => x.id === id);
  return s ? stepTitle(s) : id;
}

async function addStep(id) {
  state.run.push(id);
  await refreshRun();
}

async function refreshRun() {
  const token = ++state.runToken;
  const { procedure, version } = state.script;
  const complete = $("#run-complete").checked;
  let check;
  let next = [];
  try {
    const known = topLevelIds();
    // NOTE: next steps only after a run of known steps: the API rejects unknown ones there.
    [check, next] = await Promise.all([
      state.run.length > 0 ? api.orderCheck(procedure, version, state.run, complete) : undefined,
      state.run.every((id) => known.has(id)) ? api.nextSteps(procedure, version, state.run, NEXT_K + 1) : [],
    ]);
  } catch (e) {
    if (token === state.runToken) setStatus(`Could not check the run: ${e.message}`, "error");
    return;
  }
  if (token !== state.runToken) return;
  state.check = check;
  state.next = next;
  decorateRun();
  renderRunPanel();
}

function badIndexes() {
  const bad = new Set();
  if (state.check && !state.check.valid) {
    for (const v of state.check.violations) {
      const i = violatingIndex(v);
      if (i !== undefined) bad.add(i);
    }
  }
  return bad;
}

/** Allowed next steps worth showing: the top NEXT_K with a probability of at least 0.5%. */
function rankedNext() {
  return state.next.filter((n) => n.allowed && n.probability >= 0.005).slice(0, NEXT_K);
}

/** Colours steps of the run (allowed / violating) and the ranked next steps, and badges them. */
function decorateRun() {
  if (!state.view) return;
  const bad = badIndexes();
  const runTags = new Map();
  state.run.forEach((id, i) => {
    const list = runTags.get(id) ?? [];
    list.push({ i, bad: bad.has(i) });
    runTags.set(id, list);
  });
  // NOTE: before the first step the graph is left uncoloured (the list still ranks the
  // first steps): highlighting them would hide the any-order colours at a first look.
  const nextRank = new Map();
  if (state.run.length > 0) rankedNext().forEach((n, r) => nextRank.set(n.step, r + 1));
  cy.batch(() => {
    for (const n of state.view.nodes) {
      if (n.depth !== 0 || (n.kind !== "step" && n.kind !== "container")) continue;
      const ele = cy.getElementById(n.id);
      const occ = runTags.get(n.step.id) ?? [];
      // At most two badges fit the space reserved in the box: the first and the last time.
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
}

function renderRunPanel() {
  const list = $("#run-list");
  list.replaceChildren();
  const bad = badIndexes();
  state.run.forEach((id, i) => {
    const li = document.createElement("li");
    li.className = bad.has(i) ? "bad" : "ok";
    li.textContent = `${stepName(id)} `;
    const mark = document.createElement("span");
    mark.className = "mark";
    mark.textContent = bad.has(i) ? "✗ violates" : "✓ allowed";
    li.append(mark);
    list.append(li);
  });
  $("#run-empty").hidden = state.run.length > 0;

  const verdict = $("#verdict");
  const expl = $("#explanation");
  expl.replaceChildren();
  if (!state.check) {
    verdict.textContent = "No steps yet: click steps (Check-a-run mode), press Enter on a step in the list, or paste a sequence.";
    verdict.dataset.kind = "info";
  } else if (state.check.valid) {
    verdict.textContent = $("#run-complete").checked ? "✓ This is a valid, complete run." : "✓ Valid so far.";
    verdict.dataset.kind = "ok";
  } else {
    const n = state.check.violations.length;
    verdict.textContent = `✗ Not valid: ${n} problem${n === 1 ? "" : "s"}, first at step ${state.check.firstFailingIndex + 1}.`;
    verdict.dataset.kind = "bad";
    for (const v of state.check.violations) {
      const li = document.createElement("li");
      li.textContent = explainViolation(v, stepName);
      li.dataset.code = v.code;
      expl.append(li);
    }
  }

  const nextList = $("#next-list");
  nextList.replaceChildren();
  const ranked = rankedNext();
  for (const n of ranked) {
    const li = document.createElement("li");
    if (n.step === "END") {
      li.textContent = `The run may end here (${Math.round(n.probability * 100)}%)`;
    } else {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "next-btn";
      b.dataset.step = n.step;
      b.textContent = `${stepName(n.step)} (${Math.round(n.probability * 100)}%)`;
      b.title = "Add this step to the run";
      b.addEventListener("click", () => addStep(n.step));
      b.addEventListener("focus", () => focusNode(`n${JSON.stringify([n.step])}`, { center: true }));
      li.append(b);
    }
    nextList.append(li);
  }
  $("#next-empty").hidden = ranked.length > 0;
}

async function resetRun() {
  state.run = [];
  await refreshRun();
  setStatus("Run reset.");
}

/** Step ids from pasted text: one per line or separated by commas, semicolons or arrows. */
function parseSequence(text) {
  const steps = state.script.steps;
  const norm = (s) => s.toLowerCase().replace(/\s+/g, " ").trim();
  const byText = new Map(steps.map((s) => [norm(s.text), s.id]));
  const byNumber = new Map(steps.filter((s) => s.written).map((s) => [String(s.position + 1), s.id]));
  const ids = new Set(steps.map((s) => s.id));
  return text
    .split(/\n|,|;|→|->/)
    .map((t) => t.trim().replace(/^\d+[.)]\s+(?=\D)/, ""))
    .filter(Boolean)
    .map((t) => (ids.has(t) ? t : (byText.get(norm(t)) ?? byNumber.get(t) ?? t)));
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
    const tags = n.tags.filter((t) => !t.startsWith("▸"));
    if (tags.length) {
      const small = document.createElement("small");
      small.textContent = tags.join(" · ");
      b.append(" ", small);
    }
    b.title = "Enter: add to the run";
    b.addEventListener("click", () => addStep(n.step.id));
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
    const bb = ele.renderedBoundingBox();
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
      const n = state.nodeById.get(`n${JSON.stringify(node.path.slice(0, i))}`);
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
    const words = ids.slice(0, 6).map((id) => stepTitle(n.levelSteps.get(id) ?? { id, text: id }));
    return `${words.join("; ")}${ids.length > 6 ? `; and ${ids.length - 6} more` : ""}`;
  };
  if (n.anyOrderWith?.length) lines.push(`may be done in either order with: ${names(n.anyOrderWith)}`);
  if (n.eitherOr?.length) lines.push(`runs do this or: ${names(n.eitherOr)} — never both`);
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
  else {
    lines.push(`support: ${e.support} of ${e.traceCount} traces had both, in this order`);
    lines.push(`confidence: ${pct(e.confidence)} of the traces with both`);
    lines.push(
      e.origin === "written"
        ? "from the written order only"
        : e.origin === "both"
          ? "from the written order and the traces"
          : "from the traces",
    );
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
  const e = state.view?.edges.find((x) => x.id === ev.target.id());
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
    if (n.depth === 0) await addStep(n.step.id);
    else setStatus("Steps inside an expanded sub-procedure belong to it: use “open ↗” to check a run in it.");
    return;
  }
  focusNode(n.id);
  if (n.step.subprocedure) await toggleExpand(n);
}

cy.on("tap", "node", (ev) => activate(state.nodeById.get(ev.target.id())));
cy.on("tap", "edge", (ev) => {
  const e = state.view?.edges.find((x) => x.id === ev.target.id());
  if (e) showTip(edgeTip(e), ev.renderedPosition);
});

/** Arrow keys move the focus to the nearest node in that direction; Enter activates it. */
function moveFocus(dx, dy) {
  const nodes = cy.nodes().filter((e) => e.data("kind") !== "container" || e.id() === state.focused);
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
    if (n && n.depth === 0 && n.kind !== "start" && n.kind !== "end") addStep(n.step.id);
  } else if (ev.key === " ") {
    ev.preventDefault();
    const n = state.focused ? state.nodeById.get(state.focused) : undefined;
    if (n?.step.subprocedure) toggleExpand(n);
  } else if (ev.key === "+" || ev.key === "=") {
    cy.zoom({ level: cy.zoom() * 1.2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  } else if (ev.key === "-") {
    cy.zoom({ level: cy.zoom() / 1.2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
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
  resetRun();
});

for (const r of document.querySelectorAll("input[name=mode]")) {
  r.addEventListener("change", () => {
    state.mode = document.querySelector("input[name=mode]:checked").value;
    $("#graph").dataset.mode = state.mode;
  });
}
$("#run-complete").addEventListener("change", () => refreshRun());
$("#run-undo").addEventListener("click", () => {
  state.run.pop();
  refreshRun();
});
$("#run-reset").addEventListener("click", () => resetRun());
$("#paste-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  state.run = parseSequence($("#paste").value);
  refreshRun();
});
$("#fit").addEventListener("click", () => cy.fit(undefined, 24));
$("#wrap-rows").addEventListener("change", () => render());
$("#expand-all").addEventListener("click", () => expandAll());
$("#collapse-all").addEventListener("click", () => collapseAll());

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
globalThis.stepgraphViewer = { cy, state, expandAll, collapseAll, loadProcedure, toggleExpand, rerender: () => render({ fit: false }) };

async function start() {
  const params = new URLSearchParams(location.search);
  const id = params.get("procedure");
  const version = params.get("version") ? Number(params.get("version")) : undefined;
  if (id) {
    await loadProcedure({ id, version, title: id }, { resetStack: true, started: globalThis.stepgraphBoot?.firstScript });
    return;
  }
  let items = [];
  try {
    items = await api.listProcedures("");
  } catch (e) {
    failed("Could not list procedures", e);
    return;
  }
  if (items.length === 0) {
    setStatus("No procedures stored yet. Add some with the API (POST /v1/procedures) or the CLI.");
    markReady();
    return;
  }
  await loadProcedure({ id: items[0].id, title: items[0].title }, { resetStack: true });
}

start();
