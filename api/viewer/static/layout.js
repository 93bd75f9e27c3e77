// Layered left-to-right layout of a view model with ELK (elkjs "layered"): node positions and
// orthogonal edge routes, sub-procedure containers laid out together with their contents
// (hierarchyHandling INCLUDE_CHILDREN) so that edges never pass through a step.
// Returns { nodes: Map<id, {x, y, width, height}> (x, y = centre), edges: Map<id, {start, end, bends}> }
// in absolute coordinates. Assumes `ELK` (elk.bundled.js) is loaded as a global.
import { CONTAINER_PADDING } from "./view-model.js";

const ROOT_OPTIONS = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.hierarchyHandling": "INCLUDE_CHILDREN",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.json.shapeCoords": "ROOT",
  "elk.json.edgeCoords": "ROOT",
  // Keep the written order among otherwise equal choices: stable, familiar pictures.
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
  "elk.layered.spacing.nodeNodeBetweenLayers": "56",
  "elk.spacing.nodeNode": "22",
  "elk.spacing.edgeNode": "14",
  "elk.spacing.edgeEdge": "8",
  "elk.layered.spacing.edgeNodeBetweenLayers": "14",
  "elk.layered.spacing.edgeEdgeBetweenLayers": "8",
  "elk.padding": "[top=20,left=20,bottom=20,right=20]",
};

const CONTAINER_OPTIONS = {
  "elk.padding": `[top=${CONTAINER_PADDING.top},left=${CONTAINER_PADDING.left},bottom=${CONTAINER_PADDING.bottom},right=${CONTAINER_PADDING.right}]`,
  "elk.direction": "RIGHT",
};

let elk;

/** @param {{nodes: any[], edges: any[]}} view */
export async function layoutView(view) {
  elk ??= new globalThis.ELK();
  const childrenOf = new Map();
  for (const n of view.nodes) {
    const list = childrenOf.get(n.parent) ?? [];
    list.push(n);
    childrenOf.set(n.parent, list);
  }
  const edgesOf = new Map();
  for (const e of view.edges) {
    // Edges join siblings (steps of one script), so they belong to their shared parent.
    const owner = e.parent;
    const list = edgesOf.get(owner) ?? [];
    list.push({ id: e.id, sources: [e.source], targets: [e.target] });
    edgesOf.set(owner, list);
  }
  const toElk = (n) => {
    const kids = childrenOf.get(n.id);
    if (n.kind === "container" && kids) {
      return { id: n.id, layoutOptions: CONTAINER_OPTIONS, children: kids.map(toElk), edges: edgesOf.get(n.id) ?? [] };
    }
    const e = { id: n.id, width: n.width, height: n.height };
    if (n.kind === "start") e.layoutOptions = { "elk.layered.layering.layerConstraint": "FIRST" };
    if (n.kind === "end") e.layoutOptions = { "elk.layered.layering.layerConstraint": "LAST" };
    return e;
  };
  const graph = {
    id: "__root",
    layoutOptions: ROOT_OPTIONS,
    children: (childrenOf.get(undefined) ?? []).map(toElk),
    edges: edgesOf.get(undefined) ?? [],
  };
  const result = await elk.layout(graph);
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
  return { nodes, edges, width: result.width, height: result.height };
}

/**
 * Cytoscape edge style for a route: explicit endpoints (relative to node centres) and the bend
 * points as `segments` (weights along, distances across the centre-to-centre line).
 */
export function routeStyle(route, src, tgt) {
  const style = {
    "source-endpoint": `${(route.start.x - src.x).toFixed(1)}px ${(route.start.y - src.y).toFixed(1)}px`,
    "target-endpoint": `${(route.end.x - tgt.x).toFixed(1)}px ${(route.end.y - tgt.y).toFixed(1)}px`,
  };
  if (route.bends.length === 0) return { ...style, "curve-style": "straight" };
  const dx = tgt.x - src.x;
  const dy = tgt.y - src.y;
  const len2 = dx * dx + dy * dy;
  if (len2 < 1) return { ...style, "curve-style": "straight" };
  const len = Math.sqrt(len2);
  const weights = [];
  const distances = [];
  for (const p of route.bends) {
    const px = p.x - src.x;
    const py = p.y - src.y;
    weights.push(((px * dx + py * dy) / len2).toFixed(4));
    distances.push(((px * -dy + py * dx) / len).toFixed(2));
  }
  return {
    ...style,
    "curve-style": "segments",
    "edge-distances": "node-position",
    "segment-weights": weights.join(" "),
    "segment-distances": distances.join(" "),
  };
}
