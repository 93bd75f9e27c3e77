// Layered layout of a view model with ELK (elkjs "layered"), in one pass over the whole
// hierarchy: expanded sub-procedures are compound nodes laid out by the same run
// (elk.hierarchyHandling INCLUDE_CHILDREN), edges are routed orthogonally around boxes, and the
// layering is ELK's network simplex, which keeps edges as short as the order allows.
// Top to bottom by default (the page scrolls like a document), left to right on request.
// Returns { nodes: Map<id, {x, y, width, height}> (x, y = centre), edges: Map<id, {start, end,
// bends}>, width, height, timing } in absolute coordinates.
// Runs synchronously on the page's thread: elkjs's own engine (elk-worker.min.js, served
// wrapped as /viewer/vendor/elk-sync.js; the router explains the wrapping) is called through
// its dispatcher without a Worker. The first drawing of a page then needs no round trip to a
// worker and is done before the page's load event.
// NOTE: a layout of a few hundred nodes blocks the page for a few hundred milliseconds; the
// procedures this viewer shows are tens to hundreds of steps (DESIGN.md), so no worker.
import { CONTAINER_PADDING } from "./view-model.js";

const SPACING = {
  "elk.spacing.nodeNode": "26",
  "elk.layered.spacing.nodeNodeBetweenLayers": "46",
  "elk.spacing.edgeNode": "14",
  "elk.spacing.edgeEdge": "9",
  "elk.layered.spacing.edgeNodeBetweenLayers": "16",
  "elk.layered.spacing.edgeEdgeBetweenLayers": "9",
};

const MODEL_ORDER = { "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES" };

function levelOptions(direction) {
  return {
    "elk.algorithm": "layered",
    "elk.direction": direction === "right" ? "RIGHT" : "DOWN",
    "elk.edgeRouting": "ORTHOGONAL",
    "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
    "elk.layered.thoroughness": "12",
    ...SPACING,
  };
}

let engine;

/** elkjs's layout engine, called synchronously (see the header). */
function elk() {
  if (engine) return engine;
  const Engine = globalThis.ElkSync;
  if (typeof Engine !== "function") throw new Error("the layout engine (/viewer/vendor/elk-sync.js) did not load");
  const worker = new Engine();
  let reply;
  worker.onmessage = (m) => {
    reply = m.data;
  };
  const call = (msg) => {
    reply = undefined;
    worker.dispatcher.saveDispatch({ data: { id: 0, ...msg } });
    if (reply === undefined) throw new Error("the layout engine gave no answer");
    if (reply.error) throw new Error(`layout failed: ${reply.error.message ?? reply.error}`);
    return reply.data;
  };
  call({ cmd: "register", algorithms: ["layered"] });
  engine = { layout: (graph) => call({ cmd: "layout", graph, layoutOptions: {}, options: {} }) };
  return engine;
}

/**
 * @param {{nodes: any[], edges: any[]}} view
 * @param {{direction?: "down" | "right"}} [options]
 */
export function layoutView(view, options = {}) {
  const t0 = performance.now();
  const direction = options.direction ?? "down";
  const childrenOf = new Map();
  for (const n of view.nodes) {
    const list = childrenOf.get(n.parent) ?? [];
    list.push(n);
    childrenOf.set(n.parent, list);
  }
  const edgesOf = new Map();
  for (const e of view.edges) {
    // Edges join siblings (steps of one script), so they belong to their shared parent.
    const list = edgesOf.get(e.parent) ?? [];
    list.push(e);
    edgesOf.set(e.parent, list);
  }
  const toElk = (n) => {
    if (n.kind === "container") {
      const pad = CONTAINER_PADDING;
      // The title bar must fit the title's start and the badges.
      const minWidth = Math.max(220, (n.titleWidth ?? 200) + (n.badgesWidth ?? 0) + 40);
      return {
        id: n.id,
        layoutOptions: {
          ...levelOptions(direction),
          "elk.padding": `[top=${pad.top},left=${pad.left},bottom=${pad.bottom},right=${pad.right}]`,
          "elk.nodeSize.constraints": "MINIMUM_SIZE",
          "elk.nodeSize.minimum": `(${minWidth}, 60)`,
        },
        children: (childrenOf.get(n.id) ?? []).map(toElk),
        edges: (edgesOf.get(n.id) ?? []).map(toElkEdge),
      };
    }
    const e = { id: n.id, width: n.width, height: n.height };
    if (n.kind === "start") e.layoutOptions = { "elk.layered.layering.layerConstraint": "FIRST" };
    if (n.kind === "end") e.layoutOptions = { "elk.layered.layering.layerConstraint": "LAST" };
    return e;
  };
  const toElkEdge = (e) => ({ id: e.id, sources: [e.source], targets: [e.target] });
  const graph = {
    id: "__root",
    layoutOptions: {
      ...levelOptions(direction),
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      // Keep the written order among otherwise equal choices: stable, familiar pictures.
      // NOTE: on the root only: set on a compound node too, elkjs 0.12 fails on most graphs
      // with containers ("Cannot read properties of undefined"; 56 of 60 random hierarchies).
      ...MODEL_ORDER,
      "elk.json.shapeCoords": "ROOT",
      "elk.json.edgeCoords": "ROOT",
      "elk.padding": "[top=24,left=24,bottom=24,right=24]",
    },
    children: (childrenOf.get(undefined) ?? []).map(toElk),
    edges: (edgesOf.get(undefined) ?? []).map(toElkEdge),
  };
  let result;
  const spare = JSON.stringify(graph);
  try {
    result = elk().layout(graph);
  } catch (e) {
    // The model-order pass is the part of ELK known to fail on some hierarchies: without it.
    const again = JSON.parse(spare);
    for (const k of Object.keys(MODEL_ORDER)) delete again.layoutOptions[k];
    result = elk().layout(again);
    console.info(`layout retried without the written order: ${e.message}`);
  }
  const nodes = new Map();
  const edges = new Map();
  const walk = (g) => {
    for (const c of g.children ?? []) {
      nodes.set(c.id, { x: c.x + c.width / 2, y: c.y + c.height / 2, width: c.width, height: c.height });
      walk(c);
    }
    for (const e of g.edges ?? []) {
      const secs = e.sections ?? [];
      if (secs.length === 0) continue;
      // Sections of one edge join end to start; their joints are bends.
      const bends = [];
      secs.forEach((s, i) => {
        if (i > 0) bends.push(s.startPoint);
        bends.push(...(s.bendPoints ?? []));
      });
      edges.set(e.id, { start: secs[0].startPoint, end: secs[secs.length - 1].endPoint, bends });
    }
  };
  walk(result);
  return { nodes, edges, width: result.width, height: result.height, timing: { elkMs: performance.now() - t0 } };
}

/**
 * Edge data for a route, read by the style sheet's mappers (graph-style.js): explicit endpoints
 * relative to the node centres, and the bend points as `segments` (weights along, distances
 * across the centre-to-centre line). `curve` is "segments" when the route bends.
 */
export function routeData(route, src, tgt) {
  const data = {
    srcEnd: `${(route.start.x - src.x).toFixed(1)}px ${(route.start.y - src.y).toFixed(1)}px`,
    tgtEnd: `${(route.end.x - tgt.x).toFixed(1)}px ${(route.end.y - tgt.y).toFixed(1)}px`,
    curve: "straight",
    segw: "0.5",
    segd: "0",
  };
  const dx = tgt.x - src.x;
  const dy = tgt.y - src.y;
  const len2 = dx * dx + dy * dy;
  if (route.bends.length === 0 || len2 < 1) return data;
  const len = Math.sqrt(len2);
  const weights = [];
  const distances = [];
  for (const p of route.bends) {
    const px = p.x - src.x;
    const py = p.y - src.y;
    weights.push(((px * dx + py * dy) / len2).toFixed(4));
    distances.push(((px * -dy + py * dx) / len).toFixed(2));
  }
  return { ...data, curve: "segments", segw: weights.join(" "), segd: distances.join(" ") };
}
