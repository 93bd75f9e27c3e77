// Derived views of a graph script for drawing: interchangeable groups (pairwise no path either
// way in the precedence DAG, seen in both orders in the traces) and exclusive alternatives
// (optional steps, each seen, pairwise never seen in the same trace). Both are lists of maximal
// groups (cliques) of step ids, sorted by written position.
// NOTE: this is a browser copy of src/discovery/derived-views.ts (the API does not serve the
// derived views); tests/viewer/derived-views-parity.test.ts fails when the two disagree.

const START = "START";
const END = "END";

/** @param {any} script a GraphScript as JSON */
export function interchangeableGroups(script) {
  const { ids, pos, reach, before } = analyse(script);
  const n = ids.length;
  const adj = Array.from({ length: n }, () => new Set());
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++)
      if (!reach[a][b] && !reach[b][a] && before[a][b] && before[b][a]) {
        adj[a].add(b);
        adj[b].add(a);
      }
  return cliques(adj, ids, pos);
}

/** @param {any} script a GraphScript as JSON */
export function exclusiveAlternatives(script) {
  if (script.traceCount === 0) return [];
  const { ids, pos, before } = analyse(script);
  const byId = new Map(script.steps.map((s) => [s.id, s]));
  const ok = ids.map((id) => {
    const s = byId.get(id);
    return s.optional && s.support > 0;
  });
  const n = ids.length;
  const adj = Array.from({ length: n }, () => new Set());
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++)
      if (ok[a] && ok[b] && !before[a][b] && !before[b][a]) {
        adj[a].add(b);
        adj[b].add(a);
      }
  return cliques(adj, ids, pos);
}

function analyse(script) {
  const steps = [...script.steps].sort((a, b) => a.position - b.position);
  const ids = steps.map((s) => s.id);
  const pos = ids.map((_, i) => i);
  const index = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const succ = Array.from({ length: n }, () => []);
  for (const e of script.edges) {
    const a = index.get(e.from);
    const b = index.get(e.to);
    if (a !== undefined && b !== undefined) succ[a].push(b);
  }
  const reach = Array.from({ length: n }, () => new Array(n).fill(false));
  for (let s = 0; s < n; s++) {
    const stack = [...succ[s]];
    while (stack.length > 0) {
      const v = stack.pop();
      if (reach[s][v]) continue;
      reach[s][v] = true;
      stack.push(...succ[v]);
    }
  }
  const before = Array.from({ length: n }, () => new Array(n).fill(false));
  for (const st of script.states ?? []) {
    const b = index.get(st.to);
    if (b === undefined) continue;
    for (const d of st.done) {
      const a = index.get(d);
      if (a !== undefined && a !== b) before[a][b] = true;
    }
  }
  for (const t of script.transitions ?? []) {
    const a = index.get(t.from);
    const b = index.get(t.to);
    if (a !== undefined && b !== undefined && a !== b && t.count > 0) before[a][b] = true;
  }
  return { ids, pos, reach, before };
}

/** Maximal cliques of size >= 2 (Bron–Kerbosch with pivot) as id lists sorted by position. */
function cliques(adj, ids, pos) {
  const out = [];
  const bk = (r, p, x) => {
    if (p.size === 0 && x.size === 0) {
      if (r.length >= 2) out.push([...r]);
      return;
    }
    let pivot = -1;
    let best = -1;
    for (const u of [...p, ...x]) {
      let c = 0;
      for (const v of p) if (adj[u].has(v)) c++;
      if (c > best) {
        best = c;
        pivot = u;
      }
    }
    for (const v of [...p]) {
      if (pivot >= 0 && adj[pivot].has(v)) continue;
      const nv = adj[v];
      bk([...r, v], new Set([...p].filter((w) => nv.has(w))), new Set([...x].filter((w) => nv.has(w))));
      p.delete(v);
      x.add(v);
    }
  };
  const all = new Set();
  adj.forEach((s, i) => s.size > 0 && all.add(i));
  bk([], all, new Set());
  return out
    .map((c) => c.sort((a, b) => pos[a] - pos[b]))
    .sort((a, b) => pos[a[0]] - pos[b[0]] || a.length - b.length)
    .map((c) => c.map((i) => ids[i]));
}

export { START, END };
