// The fewest vertices that touch every edge of a small graph (a minimum vertex cover). Odd runs
// (odd-runs.ts) count a run's lone deviations as the fewest of its steps out of place: the cover of
// the pairs it alone reversed.
// Exact by branch and bound: a vertex of degree 1 puts its neighbour in the cover (never worse);
// otherwise the vertex v of highest degree is either in the cover or all its neighbours are; a
// branch stops once it cannot beat the best cover found (the greedy one to start). Past
// MAX_NODES branches the best cover found so far is returned (an upper bound; the graphs of real
// runs stay far below it: a run's lone reversals are few).

/** Branches explored before the best cover found is returned. */
const MAX_NODES = 100_000;

/** A minimum vertex cover of the graph with these edges (vertex ids are any integers). */
export function minVertexCover(edges: readonly (readonly [number, number])[]): number[] {
  if (edges.length === 0) return [];
  const adjacency = new Map<number, Set<number>>();
  const link = (a: number, b: number) => {
    let s = adjacency.get(a);
    if (s === undefined) adjacency.set(a, (s = new Set()));
    s.add(b);
  };
  for (const [a, b] of edges)
    if (a !== b) {
      link(a, b);
      link(b, a);
    }
  let best = greedyCover(adjacency);
  let nodes = 0;
  const search = (graph: Map<number, Set<number>>, taken: readonly number[]): void => {
    if (taken.length >= best.length || ++nodes > MAX_NODES) return;
    const g = copy(graph);
    const cover = [...taken];
    // Degree-1 vertices: their neighbour goes into the cover.
    for (let changed = true; changed; ) {
      changed = false;
      for (const ns of g.values())
        if (ns.size === 1) {
          const u = [...ns][0]!;
          remove(g, u);
          cover.push(u);
          changed = true;
          break;
        }
    }
    if (cover.length >= best.length) return;
    const v = highestDegree(g);
    if (v === undefined) {
      best = cover;
      return;
    }
    const neighbours = [...g.get(v)!];
    const without = copy(g);
    remove(without, v);
    search(without, [...cover, v]);
    for (const u of neighbours) remove(g, u);
    search(g, [...cover, ...neighbours]);
  };
  search(adjacency, []);
  return best;
}

function copy(g: Map<number, Set<number>>): Map<number, Set<number>> {
  return new Map([...g].map(([v, ns]) => [v, new Set(ns)]));
}

/** Removes v and its edges; drops vertices left without edges. */
function remove(g: Map<number, Set<number>>, v: number): void {
  const ns = g.get(v);
  if (ns === undefined) return;
  g.delete(v);
  for (const u of ns) {
    const us = g.get(u)!;
    us.delete(v);
    if (us.size === 0) g.delete(u);
  }
}

function highestDegree(g: Map<number, Set<number>>): number | undefined {
  let best: number | undefined;
  let degree = 0;
  for (const [v, ns] of g) if (ns.size > degree) (degree = ns.size), (best = v);
  return best;
}

/** The cover taking the vertex of highest degree until no edge is left. */
function greedyCover(graph: Map<number, Set<number>>): number[] {
  const g = copy(graph);
  const cover: number[] = [];
  for (let v = highestDegree(g); v !== undefined; v = highestDegree(g)) {
    remove(g, v);
    cover.push(v);
  }
  return cover;
}
