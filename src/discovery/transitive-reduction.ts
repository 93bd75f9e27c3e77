// Transitive reduction of a DAG over nodes 0..n-1: returns the edges that are not implied by
// a longer path (for a DAG the reduction is unique). Duplicate edges collapse to one.
// Assumes the input is acyclic (callers build it with insertAcyclic); throws on a cycle.
// Cost: O(n · e / 32) with bitset reachability computed in reverse topological order.
import type { CandidateEdge } from "./acyclic-insertion.js";

export function transitiveReduction<E extends CandidateEdge>(n: number, edges: readonly E[]): E[] {
  const out: number[][] = Array.from({ length: n }, () => []);
  const indeg = new Int32Array(n);
  const unique = new Map<number, E>();
  for (const e of edges) {
    const key = e.from * n + e.to;
    if (unique.has(key)) continue;
    unique.set(key, e);
    out[e.from]!.push(e.to);
    indeg[e.to]!++;
  }
  // Kahn's algorithm for a topological order.
  const order: number[] = [];
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (indeg[v] === 0) queue.push(v);
  while (queue.length > 0) {
    const v = queue.pop()!;
    order.push(v);
    for (const w of out[v]!) if (--indeg[w]! === 0) queue.push(w);
  }
  if (order.length !== n) throw new Error("transitiveReduction: the graph has a cycle");
  const topoIndex = new Int32Array(n);
  order.forEach((v, i) => (topoIndex[v] = i));
  const words = Math.max(1, Math.ceil(n / 32));
  // reach[v]: nodes reachable from v by a path of length ≥ 1.
  const reach = new Uint32Array(n * words);
  const kept: E[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const v = order[i]!;
    // Visit successors nearest first in topological order: a successor already reachable
    // through an earlier-visited successor is implied.
    const succ = [...out[v]!].sort((a, b) => topoIndex[a]! - topoIndex[b]!);
    const row = v * words;
    for (const w of succ) {
      if (((reach[row + (w >>> 5)]! >>> (w & 31)) & 1) === 0) kept.push(unique.get(v * n + w)!);
      for (let k = 0; k < words; k++) reach[row + k]! |= reach[w * words + k]!;
      reach[row + (w >>> 5)]! |= 1 << (w & 31);
    }
  }
  return kept;
}
