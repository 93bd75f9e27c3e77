// Precedence closure of a graph script: for every step, all of its ancestors and descendants
// in the precedence DAG (START and END left out), which steps are required (not optional),
// repeatable, and their written positions. Every conformance check and the next-step mask
// read constraints through it, so "predecessor" always means ancestor: an edge a→x→b keeps
// a before b even when x is optional and skipped.
// Assumes the script is acyclic (induction guarantees it); a cycle would only make the
// closure larger, never loop. Computed once per script object and cached (WeakMap).
import { END, START, type GraphScript } from "../model/index.js";

export interface PrecedenceClosure {
  /** Steps of the script in written order (steps seen only in traces after them). */
  readonly steps: readonly string[];
  readonly known: ReadonlySet<string>;
  readonly required: ReadonlySet<string>;
  readonly repeatable: ReadonlySet<string>;
  /** position of each step in `steps`. */
  readonly position: ReadonlyMap<string, number>;
  /** step → every step that must come before it. */
  readonly ancestors: ReadonlyMap<string, ReadonlySet<string>>;
  /** step → every step that must come after it. */
  readonly descendants: ReadonlyMap<string, ReadonlySet<string>>;
}

const cache = new WeakMap<GraphScript, PrecedenceClosure>();

export function precedenceClosure(script: GraphScript): PrecedenceClosure {
  const hit = cache.get(script);
  if (hit) return hit;
  const steps = [...script.steps].sort((a, b) => a.position - b.position).map((s) => s.id);
  const known = new Set(steps);
  const parents = new Map<string, string[]>(steps.map((s) => [s, []]));
  for (const e of script.edges) {
    if (e.from === START || e.to === END || e.from === END || e.to === START) continue;
    if (!known.has(e.from) || !known.has(e.to)) continue;
    parents.get(e.to)!.push(e.from);
  }
  const ancestors = new Map<string, Set<string>>();
  const visiting = new Set<string>();
  const visit = (s: string): Set<string> => {
    const done = ancestors.get(s);
    if (done) return done;
    const out = new Set<string>();
    // NOTE: a cycle (never produced by induction) is cut here instead of recursing forever.
    if (visiting.has(s)) return out;
    visiting.add(s);
    for (const p of parents.get(s) ?? []) {
      out.add(p);
      for (const a of visit(p)) out.add(a);
    }
    visiting.delete(s);
    ancestors.set(s, out);
    return out;
  };
  for (const s of steps) visit(s);
  const descendants = new Map<string, Set<string>>(steps.map((s) => [s, new Set<string>()]));
  for (const [s, anc] of ancestors) for (const a of anc) descendants.get(a)!.add(s);
  const closure: PrecedenceClosure = {
    steps,
    known,
    required: new Set(script.steps.filter((s) => !s.optional).map((s) => s.id)),
    repeatable: new Set(script.steps.filter((s) => s.repeatable).map((s) => s.id)),
    position: new Map(steps.map((s, i) => [s, i])),
    ancestors,
    descendants,
  };
  cache.set(script, closure);
  return closure;
}
