// Layered left-to-right layout of a view model with ELK (elkjs "layered"): node positions and
// orthogonal edge routes. Each expanded sub-procedure is laid out inside its container first,
// then placed as one box in its parent's layout (edges only join steps of one script).
// A top level whose layers would not fit the screen at a readable zoom is wrapped by ELK into
// rows (the layers still run left to right, row after row, like lines of text): the number of
// rows comes from an estimate of the level's width and height (longest-path layering).
// Returns { nodes: Map<id, {x, y, width, height}> (x, y = centre), edges: Map<id, {start, end, bends}> }
// in absolute coordinates. Assumes `ELK` (elkjs's elk-api.js) is a global; the layout runs in
// a Web Worker (elk-worker.min.js) that boot.js starts and warms up before the page's modules load.
import { CONTAINER_PADDING } from "./view-model.js";

const LAYER_GAP = 56;
const NODE_GAP = 22;
const ROW_GAP = 40;

const LEVEL_OPTIONS = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.edgeRouting": "ORTHOGONAL",
  // Keep the written order among otherwise equal choices: stable, familiar pictures.
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  "elk.layered.thoroughness": "20",
  "elk.layered.spacing.nodeNodeBetweenLayers": String(LAYER_GAP),
  "elk.spacing.nodeNode": String(NODE_GAP),
  "elk.spacing.edgeNode": "14",
  "elk.spacing.edgeEdge": "8",
  "elk.layered.spacing.edgeNodeBetweenLayers": "14",
  "elk.layered.spacing.edgeEdgeBetweenLayers": "8",
};

const ROOT_OPTIONS = {
  ...LEVEL_OPTIONS,
  "elk.json.shapeCoords": "ROOT",
  "elk.json.edgeCoords": "ROOT",
  "elk.padding": "[top=20,left=20,bottom=20,right=20]",
};

const CONTAINER_OPTIONS = {
  ...LEVEL_OPTIONS,
  "elk.padding": `[top=${CONTAINER_PADDING.top},left=${CONTAINER_PADDING.left},bottom=${CONTAINER_PADDING.bottom},right=${CONTAINER_PADDING.right}]`,
};

function getElk() {
  const boot = globalThis.stepgraphBoot;
  if (boot?.elk) return { elk: boot.elk, warm: boot.warm };
  const elk = new globalThis.ELK({ workerUrl: "/viewer/vendor/elk-worker.min.js" });
  return { elk, warm: Promise.resolve() };
}

/**
 * @param {{nodes: any[], edges: any[]}} view
 * @param {{width: number, height: number, minZoom: number}} [screen] the canvas size and the
 *   smallest zoom at which labels stay readable
 */
export async function layoutView(view, screen) {
  const { elk, warm } = getElk();
  const t0 = performance.now();
  await warm;
  const t1 = performance.now();
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
  const targetWidth = screen ? screen.width / screen.minZoom - 60 : Infinity;
  const sizes = new Map();

  let extraRows = 0;
  /** ELK node of a level (root or container) with wrapping when it is too wide. */
  const level = (id, depth) => {
    const kids = childrenOf.get(id) ?? [];
    const children = kids.map((n) => toElk(n, depth));
    const edges = (edgesOf.get(id) ?? []).map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] }));
    const est = estimate(kids, edgesOf.get(id) ?? [], sizes);
    const pad = id === undefined ? 40 : CONTAINER_PADDING.left + CONTAINER_PADDING.right;
    const room = targetWidth - depth * (CONTAINER_PADDING.left + CONTAINER_PADDING.right) - pad;
    const options = { ...(id === undefined ? ROOT_OPTIONS : CONTAINER_OPTIONS) };
    let width = est.width;
    let height = est.height;
    // NOTE: only the top level wraps: rows inside a container (with edges looping back across
    // it) read worse than a wide container that one pans along.
    // Nor does a top level with expanded containers: its rows would be as wide as they are.
    const hasContainer = kids.some((n) => n.kind === "container");
    if (id === undefined && !hasContainer && est.width > room && est.layers > 2) {
      const rows = Math.min(est.layers, Math.ceil(est.width / Math.max(room * 0.85, 200)) + extraRows);
      width = est.width / rows;
      height = rows * est.height + (rows - 1) * ROW_GAP;
      options["elk.layered.wrapping.strategy"] = "MULTI_EDGE";
      options["elk.aspectRatio"] = (width / height).toFixed(3);
    }
    if (id !== undefined) {
      sizes.set(id, {
        width: width + CONTAINER_PADDING.left + CONTAINER_PADDING.right,
        height: height + CONTAINER_PADDING.top + CONTAINER_PADDING.bottom,
      });
    }
    return { layoutOptions: options, children, edges };
  };
  const toElk = (n, depth) => {
    if (n.kind === "container") return { id: n.id, ...level(n.id, depth + 1) };
    const e = { id: n.id, width: n.width, height: n.height };
    if (n.kind === "start") e.layoutOptions = { "elk.layered.layering.layerConstraint": "FIRST" };
    if (n.kind === "end") e.layoutOptions = { "elk.layered.layering.layerConstraint": "LAST" };
    return e;
  };
  let elkGraph = { id: "__root", ...level(undefined, 0) };
  let result = await elk.layout(elkGraph);
  // ELK's row count follows the aspect ratio only roughly: when the rows came out too wide
  // for the screen, ask once more for one more row.
  const wrapped = elkGraph.layoutOptions["elk.layered.wrapping.strategy"] !== undefined;
  if (wrapped && result.width > targetWidth * 1.05) {
    extraRows = 1;
    sizes.clear();
    elkGraph = { id: "__root", ...level(undefined, 0) };
    const again = await elk.layout(elkGraph);
    if (again.width < result.width) result = again;
  }
  const nodes = new Map();
  const edges = new Map();
  const walk = (g) => {
    for (const c of g.children ?? []) {
      nodes.set(c.id, { x: c.x + c.width / 2, y: c.y + c.height / 2, width: c.width, height: c.height });
      walk(c);
    }
    for (const e of g.edges ?? []) {
      const sec = e.sections?.[0];
      if (sec) edges.set(e.id, { start: sec.startPoint, end: sec.endPoint, bends: sec.bendPoints ?? [] });
    }
  };
  walk(result);
  const timing = { waitedMs: t1 - t0, elkMs: performance.now() - t1 };
  return { nodes, edges, width: result.width, height: result.height, timing };
}

/**
 * Width and height of one level laid out in one row: longest-path layers, each as wide as its
 * widest box and as tall as its boxes stacked. Containers use `sizes` (estimated before).
 */
function estimate(nodes, edges, sizes) {
  const size = (n) => sizes.get(n.id) ?? { width: n.width ?? 180, height: n.height ?? 40 };
  const layer = new Map(nodes.map((n) => [n.id, 0]));
  const indeg = new Map(nodes.map((n) => [n.id, 0]));
  const out = new Map(nodes.map((n) => [n.id, []]));
  for (const e of edges) {
    out.get(e.source)?.push(e.target);
    indeg.set(e.target, (indeg.get(e.target) ?? 0) + 1);
  }
  const queue = nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of out.get(v) ?? []) {
      layer.set(w, Math.max(layer.get(w), layer.get(v) + 1));
      indeg.set(w, indeg.get(w) - 1);
      if (indeg.get(w) === 0) queue.push(w);
    }
  }
  const widths = [];
  const heights = [];
  for (const n of nodes) {
    const l = layer.get(n.id);
    const s = size(n);
    widths[l] = Math.max(widths[l] ?? 0, s.width);
    heights[l] = (heights[l] ?? -NODE_GAP) + s.height + NODE_GAP;
  }
  const layers = widths.length;
  const width = widths.reduce((a, w) => a + (w ?? 0), 0) + Math.max(0, layers - 1) * LAYER_GAP;
  const height = Math.max(0, ...heights.filter((h) => h !== undefined));
  return { layers, width, height };
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
