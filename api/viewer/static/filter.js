// Frequency filter of a graph script, as process-mining maps have it (Disco, Celonis): two
// shares, of activities (steps) and of paths (arrows), each kept most-supported first.
// Returns what to draw and what was hidden, so that nothing disappears unlisted:
// { steps: shown steps, hiddenSteps: [{step, support}] (most supported first),
//   edges: arrows among shown nodes, each the script's edge or, when the order runs through
//   hidden steps, a "bridged" edge {from, to, origin: "bridged", via: [hidden ids]},
//   hiddenEdges: arrows the paths share left out, shown: {steps, edges}, total: {steps, edges} }.
// Steps: ranked by support (traces containing them), ties in written order; the share keeps
// round(share × n) of them, at least one. START and END always stay.
// Arrows: precedence is transitive, so an order through hidden steps is kept as a bridged arrow
// between the shown steps it joins (a transitive reduction among the shown nodes: a bridged arrow
// implied by other arrows is left out). The paths share then keeps the most supported arrows, and
// always each shown step's strongest incoming and outgoing arrow, so no step floats unconnected
// (Disco keeps every shown activity connected the same way).
// Assumes the script's edges form a DAG over START, its steps and END (GraphScript JSON).
const START = "START";
const END = "END";

/** Share of traces below which a step counts as rare in the default setting. */
export const RARE_SHARE = 0.01;
/** Fewer traces than this: every step is shown by default (rare means little in a small log). */
export const MIN_TRACES_TO_FILTER = 100;

/**
 * Default share of activities (0-100): all of them, except in a script induced from at least
 * MIN_TRACES_TO_FILTER traces, where steps seen in fewer than RARE_SHARE of the traces are hidden.
 */
export function defaultActivityShare(script) {
  const n = script.steps.length;
  if (n === 0 || script.traceCount < MIN_TRACES_TO_FILTER) return 100;
  const frequent = script.steps.filter((s) => s.support >= RARE_SHARE * script.traceCount).length;
  return frequent >= n ? 100 : shareFor(Math.max(1, frequent), n);
}

/** Number of steps a share (0-100) keeps out of n. */
export function stepsFor(share, n) {
  if (n === 0) return 0;
  return Math.min(n, Math.max(1, Math.round((share * n) / 100)));
}

/** A whole share (0-100) that keeps k of n steps: k/n rounded, or the next one that keeps k. */
export function shareFor(k, n) {
  if (n === 0) return 100;
  const plain = Math.round((100 * k) / n);
  if (stepsFor(plain, n) === k) return plain;
  for (let s = Math.floor((100 * (k - 0.5)) / n); s <= 100; s++) if (s >= 0 && stepsFor(s, n) >= k) return s;
  return 100;
}

/**
 * @param {any} script GraphScript JSON
 * @param {{activities: number, paths: number}} share percentages, 0-100
 */
export function filterScript(script, share) {
  const byRank = [...script.steps].sort((a, b) => b.support - a.support || a.position - b.position);
  const keep = stepsFor(share.activities, byRank.length);
  const shownIds = new Set(byRank.slice(0, keep).map((s) => s.id));
  const steps = script.steps.filter((s) => shownIds.has(s.id));
  const hiddenSteps = byRank.slice(keep).map((s) => ({ step: s, support: s.support }));
  const shown = (id) => id === START || id === END || shownIds.has(id);

  const out = new Map();
  for (const e of script.edges) {
    const list = out.get(e.from) ?? [];
    list.push(e);
    out.set(e.from, list);
  }
  // Arrows among shown nodes: the script's own, and orders that run only through hidden steps.
  const candidates = [];
  for (const from of [START, ...script.steps.map((s) => s.id)]) {
    if (!shown(from)) continue;
    // NOTE: each hidden step is walked through once per source (the first path found names
    // the bridged arrow's `via` and its support, the smallest along that path).
    const reached = new Set();
    const walked = new Set();
    const stack = (out.get(from) ?? []).map((e) => ({ e, via: [], support: e.support }));
    while (stack.length > 0) {
      const { e, via, support } = stack.pop();
      if (shown(e.to)) {
        if (via.length === 0) candidates.push({ ...e });
        else if (!reached.has(e.to)) {
          reached.add(e.to);
          candidates.push({ from, to: e.to, support, confidence: 1, origin: "bridged", via });
        }
        continue;
      }
      if (walked.has(e.to)) continue;
      walked.add(e.to);
      for (const next of out.get(e.to) ?? []) stack.push({ e: next, via: [...via, e.to], support: Math.min(support, next.support) });
    }
  }
  const bridgedKept = reduceBridged(candidates);
  const total = bridgedKept.length;

  // Paths share: each shown node's strongest incoming and outgoing arrow, then the most supported.
  const rank = (a, b) => b.support - a.support || (a.origin === "bridged") - (b.origin === "bridged");
  const needed = new Set();
  const strongest = (key, pick) => {
    const best = new Map();
    for (const e of bridgedKept) {
      const k = key(e);
      if (!pick(k)) continue;
      const cur = best.get(k);
      if (cur === undefined || rank(e, cur) < 0) best.set(k, e);
    }
    for (const e of best.values()) needed.add(e);
  };
  strongest((e) => e.to, (id) => id !== START);
  strongest((e) => e.from, (id) => id !== END);
  const rest = bridgedKept.filter((e) => !needed.has(e)).sort(rank);
  const extra = Math.round((Math.max(0, Math.min(100, share.paths)) * rest.length) / 100);
  const keptEdges = new Set([...needed, ...rest.slice(0, extra)]);
  const edges = bridgedKept.filter((e) => keptEdges.has(e));
  const hiddenEdges = bridgedKept.filter((e) => !keptEdges.has(e)).sort(rank);
  return {
    steps,
    hiddenSteps,
    edges,
    hiddenEdges,
    shown: { steps: steps.length, edges: edges.length },
    total: { steps: script.steps.length, edges: total },
  };
}

/** Leaves out bridged arrows a→b when another path a ⇝ b exists among the arrows. */
function reduceBridged(edges) {
  const out = new Map();
  for (const e of edges) {
    const list = out.get(e.from) ?? [];
    list.push(e);
    out.set(e.from, list);
  }
  const reachesWithout = (from, to, skip) => {
    const seen = new Set([from]);
    const stack = (out.get(from) ?? []).filter((e) => e !== skip).map((e) => e.to);
    while (stack.length > 0) {
      const v = stack.pop();
      if (v === to) return true;
      if (seen.has(v)) continue;
      seen.add(v);
      for (const e of out.get(v) ?? []) stack.push(e.to);
    }
    return false;
  };
  const kept = [];
  for (const e of edges) {
    if (e.origin === "bridged" && reachesWithout(e.from, e.to, e)) {
      out.set(e.from, out.get(e.from).filter((x) => x !== e));
      continue;
    }
    kept.push(e);
  }
  return kept;
}
