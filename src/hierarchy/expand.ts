// expand: the graph script of a procedure with its detailed steps replaced, `depth` levels
// deep, by the graph scripts of their sub-procedures. Depth 0 returns the script itself.
// A detailed step d is replaced by the sub-procedure's steps, with ids namespaced `d/x` (and
// `d/e/y` one level further), so ids stay unique and say where they come from; each such step
// carries `origin: {procedure, version, step}` of the procedure it was written in. Every
// predecessor of d comes before the sub-procedure's first steps (those right after its START)
// and its last steps (those right before its END) come before every successor of d.
// Expansion is stable: the same scripts give the same ids, order and edges.
// Assumes `resolve` gives the script of the procedure version a link names (pinned version, or
// the latest when `version` is undefined) and that the scripts are acyclic (induction's rule).
// NOTE: a link `resolve` cannot answer leaves its step collapsed (with its link) rather than
// failing: stored links always resolve (assertSubprocedureLinks), and a viewer should still
// draw the rest. Hierarchical queries, which need the sub-procedure, throw instead.
// NOTE: trigram and set-state counts do not survive expansion (they count contexts of one
// level); bigram transitions into and out of d are split over the sub-procedure's first and
// last steps in proportion to its own START and END transitions. Sub-procedure steps keep
// their own support and frequency (counted over the sub-procedure's traces); they are optional
// or repeatable when they or d are.
import { ConflictError, InvalidInputError } from "../errors.js";
import { END, START, type GraphScript, type PrecedenceEdge, type ScriptStep, type Transition } from "../model/index.js";
import { formatLinkCycle } from "./find-link-cycle.js";

/** The graph script of procedure `id` at `version` (the latest when undefined), if known. */
export type ScriptResolver = (id: string, version?: number) => GraphScript | undefined;

/** Separator of namespaced step ids: `parentStep/childStep`. */
export const PATH_SEPARATOR = "/";

export function expand(script: GraphScript, resolve: ScriptResolver, depth: number): GraphScript {
  if (!Number.isInteger(depth) || depth < 0) {
    throw new InvalidInputError("invalid_depth", `expansion depth must be an integer ≥ 0, got ${JSON.stringify(depth)}`, [
      { path: ["depth"], message: `must be an integer ≥ 0, got ${JSON.stringify(depth)}` },
    ]);
  }
  return expandLevels(script, resolve, depth, [script.procedure]);
}

function expandLevels(script: GraphScript, resolve: ScriptResolver, depth: number, path: readonly string[]): GraphScript {
  if (depth === 0) return script;
  const subs = new Map<string, GraphScript>();
  for (const s of script.steps) {
    if (s.subprocedure === undefined) continue;
    if (path.includes(s.subprocedure)) {
      const cycle = [...path.slice(path.indexOf(s.subprocedure)), s.subprocedure];
      throw new ConflictError(
        "subprocedure_cycle",
        `step ${JSON.stringify(s.id)} of procedure ${JSON.stringify(script.procedure)} makes a procedure contain itself: ${formatLinkCycle(cycle)}`,
        { procedure: script.procedure, step: s.id, cycle },
      );
    }
    const sub = resolve(s.subprocedure, s.subprocedureVersion);
    if (sub === undefined) continue;
    subs.set(s.id, expandLevels(sub, resolve, depth - 1, [...path, sub.procedure]));
  }
  if (subs.size === 0) return script;
  return splice(script, subs);
}

/** Replaces each step in `subs` by its (already expanded) sub-procedure script. */
function splice(script: GraphScript, subs: ReadonlyMap<string, GraphScript>): GraphScript {
  const ns = (d: string, x: string): string => `${d}${PATH_SEPARATOR}${x}`;
  const steps: ScriptStep[] = [];
  for (const s of [...script.steps].sort((a, b) => a.position - b.position)) {
    const sub = subs.get(s.id);
    if (sub === undefined) {
      steps.push({ ...s, position: steps.length });
      continue;
    }
    for (const x of [...sub.steps].sort((a, b) => a.position - b.position)) {
      steps.push({
        ...x,
        id: ns(s.id, x.id),
        position: steps.length,
        written: x.written && s.written,
        optional: x.optional || s.optional,
        repeatable: x.repeatable || s.repeatable,
        origin: x.origin ?? { procedure: sub.procedure, version: sub.version, step: x.id },
      });
    }
  }
  const seen = new Set<string>();
  for (const s of steps) {
    if (seen.has(s.id)) {
      throw new ConflictError(
        "expansion_id_collision",
        `expanding ${JSON.stringify(script.procedure)} gives two steps with id ${JSON.stringify(s.id)}; rename the step that contains "${PATH_SEPARATOR}"`,
        { procedure: script.procedure, step: s.id },
      );
    }
    seen.add(s.id);
  }

  // Ends of each replaced step: its sub-procedure's first and last steps with their weights
  // (START→x and x→END transition counts; uniform when the sub-procedure has no traces).
  const ends = new Map<string, { first: Weighted[]; last: Weighted[] }>();
  for (const [d, sub] of subs) {
    const firstIds = sub.edges.filter((e) => e.from === START && e.to !== END).map((e) => e.to);
    const lastIds = sub.edges.filter((e) => e.to === END && e.from !== START).map((e) => e.from);
    ends.set(d, {
      first: weigh(firstIds, (x) => count(sub.transitions, START, x)).map((w) => ({ ...w, id: ns(d, w.id) })),
      last: weigh(lastIds, (x) => count(sub.transitions, x, END)).map((w) => ({ ...w, id: ns(d, w.id) })),
    });
  }
  // Where an edge or transition into / out of a node lands after the splice. A sub-procedure
  // without steps is bypassed: its predecessors connect to its successors.
  const preds = adjacency(script.edges, "to");
  const succs = adjacency(script.edges, "from");
  const entries = (n: string, guard = new Set<string>()): Weighted[] => {
    const e = ends.get(n);
    if (e === undefined) return [{ id: n, weight: 1 }];
    if (e.first.length > 0 || guard.has(n)) return e.first;
    guard.add(n);
    return (succs.get(n) ?? []).flatMap((v) => entries(v, guard));
  };
  const exits = (n: string, guard = new Set<string>()): Weighted[] => {
    const e = ends.get(n);
    if (e === undefined) return [{ id: n, weight: 1 }];
    if (e.last.length > 0 || guard.has(n)) return e.last;
    guard.add(n);
    return (preds.get(n) ?? []).flatMap((u) => exits(u, guard));
  };

  const edges: PrecedenceEdge[] = [];
  const edgeKeys = new Set<string>();
  const pushEdge = (e: PrecedenceEdge): void => {
    const key = `${e.from}\u0000${e.to}`;
    if (e.from === e.to || edgeKeys.has(key)) return;
    edgeKeys.add(key);
    edges.push(e);
  };
  for (const e of script.edges) {
    if (subs.has(e.from) && ends.get(e.from)!.last.length === 0) continue; // bypassed via its preds
    for (const u of exits(e.from)) for (const v of entries(e.to)) pushEdge({ ...e, from: u.id, to: v.id });
  }
  for (const [d, sub] of subs) {
    for (const e of sub.edges) {
      if (e.from === START || e.to === END) continue;
      pushEdge({ ...e, from: ns(d, e.from), to: ns(d, e.to) });
    }
  }

  const transitions = new Map<string, Transition>();
  const addTransition = (from: string, to: string, n: number): void => {
    if (n <= 0) return;
    const key = `${from}\u0000${to}`;
    const t = transitions.get(key);
    if (t) t.count += n;
    else transitions.set(key, { from, to, count: n });
  };
  for (const t of script.transitions) {
    const pairs: Weighted[] = [];
    for (const u of exits(t.from)) for (const v of entries(t.to)) pairs.push({ id: `${u.id}\u0000${v.id}`, weight: u.weight * v.weight });
    distribute(t.count, pairs).forEach((n, i) => {
      const [from, to] = pairs[i]!.id.split("\u0000") as [string, string];
      addTransition(from, to, n);
    });
  }
  for (const [d, sub] of subs) {
    for (const t of sub.transitions) {
      if (t.from === START || t.to === END) continue;
      addTransition(ns(d, t.from), ns(d, t.to), t.count);
    }
  }

  // NOTE: the continuation majorities name the parent's done sets, which the inlined steps change.
  const { continuations: _c, ...rest } = script;
  return { ...rest, steps, edges, transitions: [...transitions.values()], trigrams: [], states: [] };
}

interface Weighted {
  id: string;
  weight: number;
}

function weigh(ids: readonly string[], countOf: (id: string) => number): Weighted[] {
  const counts = ids.map(countOf);
  const total = counts.reduce((a, b) => a + b, 0);
  return ids.map((id, i) => ({ id, weight: total > 0 ? counts[i]! / total : 1 / ids.length }));
}

function count(transitions: readonly Transition[], from: string, to: string): number {
  return transitions.find((t) => t.from === from && t.to === to)?.count ?? 0;
}

function adjacency(edges: readonly PrecedenceEdge[], key: "from" | "to"): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const e of edges) {
    const k = e[key];
    const other = key === "from" ? e.to : e.from;
    let list = m.get(k);
    if (!list) m.set(k, (list = []));
    list.push(other);
  }
  return m;
}

/** Splits an integer count over weighted parts, largest remainder first (ties: first part). */
function distribute(total: number, parts: readonly Weighted[]): number[] {
  const sum = parts.reduce((a, p) => a + p.weight, 0);
  if (parts.length === 0 || sum <= 0) return parts.map(() => 0);
  const exact = parts.map((p) => (total * p.weight) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i]! += 1;
    left--;
  }
  return out;
}
