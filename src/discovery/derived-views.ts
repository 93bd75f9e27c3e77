// Derived views of a graph script (DESIGN.md: "derived, never stored twice"):
// - interchangeableGroups: maximal groups of steps, pairwise with no path either way in the
//   precedence DAG and seen in both orders in the traces;
// - exclusiveAlternatives: maximal groups of optional steps, each seen in some trace, pairwise
//   never seen in the same trace and not ordered by the DAG (no path either way);
// - branchingPoints: nodes (START included) with two or more direct successors in the DAG.
// "Seen before" and "seen together" are read from the script's set-state counts (a done step
// and the step that came next) and its transitions.
// NOTE: set states are capped at options.maxStates; past the cap, pairs that only appear in
// dropped states count as unseen, so a group may be missing or an alternative too wide.
// Groups are maximal cliques (Bron–Kerbosch with pivoting), each sorted by written position,
// the list sorted by first member; a step may belong to more than one group.
import { END, START, type GraphScript } from "../model/index.js";

export function interchangeableGroups(script: GraphScript): string[][] {
  const { ids, pos, reach, seen } = analyse(script);
  const n = ids.length;
  const adj: Set<number>[] = Array.from({ length: n }, () => new Set());
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++)
      if (!reach[a]![b] && !reach[b]![a] && seen.before[a]![b] && seen.before[b]![a]) {
        adj[a]!.add(b);
        adj[b]!.add(a);
      }
  return cliques(adj, ids, pos);
}

export function exclusiveAlternatives(script: GraphScript): string[][] {
  if (script.traceCount === 0) return [];
  const { ids, pos, reach, seen } = analyse(script);
  const byId = new Map(script.steps.map((s) => [s.id, s]));
  const n = ids.length;
  const ok = ids.map((id) => {
    const s = byId.get(id)!;
    return s.optional && s.support > 0;
  });
  const adj: Set<number>[] = Array.from({ length: n }, () => new Set());
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++)
      if (ok[a] && ok[b] && !reach[a]![b] && !reach[b]![a] && !seen.before[a]![b] && !seen.before[b]![a]) {
        adj[a]!.add(b);
        adj[b]!.add(a);
      }
  return cliques(adj, ids, pos);
}

export function branchingPoints(script: GraphScript): { step: string; next: string[] }[] {
  const pos = positions(script);
  const out = new Map<string, string[]>();
  for (const e of script.edges) {
    const list = out.get(e.from) ?? [];
    list.push(e.to);
    out.set(e.from, list);
  }
  const order = (id: string): number => pos.get(id) ?? Number.MAX_SAFE_INTEGER;
  return [...out]
    .filter(([, next]) => next.length >= 2)
    .map(([step, next]) => ({ step, next: [...next].sort((x, y) => order(x) - order(y)) }))
    .sort((x, y) => order(x.step) - order(y.step));
}

function positions(script: GraphScript): Map<string, number> {
  const pos = new Map<string, number>([[START, -1]]);
  for (const s of script.steps) pos.set(s.id, s.position);
  pos.set(END, Number.MAX_SAFE_INTEGER - 1);
  return pos;
}

function analyse(script: GraphScript) {
  const steps = [...script.steps].sort((a, b) => a.position - b.position);
  const ids = steps.map((s) => s.id);
  const pos = ids.map((_, i) => i);
  const index = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  // Reachability in the DAG (steps only).
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (const e of script.edges) {
    const a = index.get(e.from);
    const b = index.get(e.to);
    if (a !== undefined && b !== undefined) succ[a]!.push(b);
  }
  const reach: boolean[][] = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  for (let s = 0; s < n; s++) {
    const stack = [...succ[s]!];
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (reach[s]![v]) continue;
      reach[s]![v] = true;
      stack.push(...succ[v]!);
    }
  }
  const before: boolean[][] = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  for (const st of script.states) {
    const b = index.get(st.to);
    if (b === undefined) continue;
    for (const d of st.done) {
      const a = index.get(d);
      if (a !== undefined && a !== b) before[a]![b] = true;
    }
  }
  for (const t of script.transitions) {
    const a = index.get(t.from);
    const b = index.get(t.to);
    if (a !== undefined && b !== undefined && a !== b && t.count > 0) before[a]![b] = true;
  }
  return { ids, pos, reach, seen: { before } };
}

/** Maximal cliques of size ≥ 2 (Bron–Kerbosch with pivot), as sorted id lists. */
function cliques(adj: Set<number>[], ids: string[], pos: number[]): string[][] {
  const out: number[][] = [];
  const bk = (r: number[], p: Set<number>, x: Set<number>): void => {
    if (p.size === 0 && x.size === 0) {
      if (r.length >= 2) out.push([...r]);
      return;
    }
    let pivot = -1;
    let best = -1;
    for (const u of [...p, ...x]) {
      let c = 0;
      for (const v of p) if (adj[u]!.has(v)) c++;
      if (c > best) {
        best = c;
        pivot = u;
      }
    }
    for (const v of [...p]) {
      if (pivot >= 0 && adj[pivot]!.has(v)) continue;
      const nv = adj[v]!;
      bk([...r, v], new Set([...p].filter((w) => nv.has(w))), new Set([...x].filter((w) => nv.has(w))));
      p.delete(v);
      x.add(v);
    }
  };
  const all = new Set<number>();
  adj.forEach((s, i) => s.size > 0 && all.add(i));
  bk([], all, new Set());
  return out
    .map((c) => c.sort((a, b) => pos[a]! - pos[b]!))
    .sort((a, b) => pos[a[0]!]! - pos[b[0]!]! || a.length - b.length)
    .map((c) => c.map((i) => ids[i]!));
}
