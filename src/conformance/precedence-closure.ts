// Precedence closure of a graph script: for every step, all of its ancestors and descendants
// in the precedence DAG (START and END left out), which steps are required (not optional),
// repeatable, and their written positions. Every conformance check and the next-step mask
// read constraints through it, so "predecessor" always means ancestor: an edge a→x→b keeps
// a before b even when x is optional and skipped.
// Besides the sets it carries the same facts in integer form for the hot paths (RunState,
// next-step model): step i is `steps[i]` (its written position), and ancestors, descendants
// and required steps are bitsets of `words` 32-bit words, so judging a step is a few word
// operations instead of set walks.
// Assumes the script is acyclic (induction guarantees it); a cycle would only make the
// closure larger, never loop. Assumes step ids are distinct (ProcedureSchema and induce check
// it). Computed once per script object and cached (WeakMap).
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
  /** 32-bit words per bitset over the steps (bit i: `steps[i]`). */
  readonly words: number;
  /** Row i (words [i*words, (i+1)*words)): the ancestors of `steps[i]` as a bitset. */
  readonly ancestorBits: Uint32Array;
  /** Row i: the descendants of `steps[i]` as a bitset. */
  readonly descendantBits: Uint32Array;
  /** The required steps as a bitset. */
  readonly requiredBits: Uint32Array;
  /** Row i: the steps `steps[i]` needs (its `needs`, optional ancestors it cannot happen without). */
  readonly neededBits: Uint32Array;
  /** 1 where `steps[i]` is required. */
  readonly isRequired: Uint8Array;
  /** 1 where `steps[i]` is repeatable. */
  readonly isRepeatable: Uint8Array;
  /** Rank of `steps[i]` in the iteration order of every `descendants` set that holds it. */
  readonly descendantRank: Int32Array;
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
  const required = new Set(script.steps.filter((s) => !s.optional).map((s) => s.id));
  const repeatable = new Set(script.steps.filter((s) => s.repeatable).map((s) => s.id));
  const position = new Map(steps.map((s, i) => [s, i]));

  const n = steps.length;
  const words = Math.max(1, Math.ceil(n / 32));
  const ancestorBits = new Uint32Array(n * words);
  const descendantBits = new Uint32Array(n * words);
  const requiredBits = new Uint32Array(words);
  const neededBits = new Uint32Array(n * words);
  const needs = new Map(script.steps.filter((s) => s.needs !== undefined).map((s) => [s.id, s.needs!]));
  const isRequired = new Uint8Array(n);
  const isRepeatable = new Uint8Array(n);
  const descendantRank = new Int32Array(n);
  steps.forEach((s, i) => {
    for (const a of ancestors.get(s)!) setBit(ancestorBits, i * words, position.get(a)!);
    for (const d of descendants.get(s)!) setBit(descendantBits, i * words, position.get(d)!);
    if (required.has(s)) {
      isRequired[i] = 1;
      setBit(requiredBits, 0, i);
    }
    if (repeatable.has(s)) isRepeatable[i] = 1;
    // NOTE: only ancestors can be needed (induction guarantees it; a hand-made script is held to it).
    for (const u of needs.get(s) ?? []) if (ancestors.get(s)!.has(u)) setBit(neededBits, i * words, position.get(u)!);
  });
  // Every descendants set is filled in the iteration order of `ancestors`.
  let rank = 0;
  for (const s of ancestors.keys()) descendantRank[position.get(s)!] = rank++;

  const closure: PrecedenceClosure = {
    steps,
    known,
    required,
    repeatable,
    position,
    ancestors,
    descendants,
    words,
    ancestorBits,
    descendantBits,
    requiredBits,
    neededBits,
    isRequired,
    isRepeatable,
    descendantRank,
  };
  cache.set(script, closure);
  return closure;
}

/** Sets bit `i` of the bitset starting at word `offset` of `bits`. */
export function setBit(bits: Uint32Array, offset: number, i: number): void {
  const w = offset + (i >>> 5);
  bits[w] = bits[w]! | (1 << (i & 31));
}

/**
 * Writes the set `done` (step ids) into `bits` (the closure's `words` words, cleared first);
 * false when it names a step the closure does not know or names one twice: such a set (from
 * set-state counts) never matches a run's done set.
 */
export function stepSetBits(c: PrecedenceClosure, done: readonly string[], bits: Uint32Array): boolean {
  bits.fill(0, 0, c.words);
  for (const d of done) {
    const i = c.position.get(d);
    if (i === undefined || (bits[i >>> 5]! & (1 << (i & 31))) !== 0) return false;
    setBit(bits, 0, i);
  }
  return true;
}

/** A string naming a bitset of `words` words (equal sets, equal keys): for Map lookups. */
export function bitsKey(bits: Uint32Array, words: number): string {
  let key = "";
  for (let w = 0; w < words; w++) {
    const x = bits[w]!;
    key += String.fromCharCode(x & 0xffff, x >>> 16);
  }
  return key;
}
