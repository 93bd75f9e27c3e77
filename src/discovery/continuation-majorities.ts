// Continuation majorities (issue 13, item 6): the done sets after which the runs clearly agree on
// what else gets done. Completion (src/query/complete.ts) follows such a majority where the
// model's most probable remainder is another set of steps, so one run, or a few, cannot dictate
// a completion that many runs contradict.
// For every distinct run (TraceVariants, with its count) and every point before its first
// repeated step, the set of steps done so far and the set of steps the run did after it (its
// rest; empty when it ended there) are counted. A rest is D's majority when its runs are at
// least MAJORITY times those of any other rest (the "≥ 3× the support of any other", not
// a fitted figure) and a clear majority of all the runs that reached D: an exact one-sided sign
// test of its runs against all the others together at LEVEL (so at least 5 runs).
// A rest that repeats a step (a step twice, or one done before) is counted like any other
// continuation but is never a majority: completion does not propose repeats as a set.
// NOTE: runs past the variants cap (TraceVariants' overflow) were not recorded; they are counted
// against every majority (as if each had done something else), which can only remove majorities.
// NOTE: sets are bitsets over step indexes (ids in `ids` order), so a run of length L costs
// O(L · n / 32) and the key strings stay short.
import type { Continuation } from "../model/index.js";
import { bitsKey } from "../conformance/precedence-closure.js";
import { binomialTail } from "./special-functions.js";

/** How many times the runs of any other rest the majority's runs must be. */
export const MAJORITY = 3;
/** Level of the sign test that the majority's runs outnumber the others. */
export const LEVEL = 0.05;

export interface IndexedRun {
  /** Step indexes (into `ids`). */
  steps: ArrayLike<number>;
  /** How many runs had exactly these steps. */
  count: number;
}

interface Tally {
  /** Runs that reached the done set. */
  of: number;
  /** Step indexes of the done set. */
  done: number[];
  /** Per rest key: its runs, and its step indexes (undefined for a rest that repeats a step). */
  rests: Map<string, { runs: number; steps: number[] | undefined }>;
}

/**
 * The continuation majorities of `runs` (distinct runs with their counts), `overflow` runs not
 * among them, steps named by `ids`; done sets in first-seen order, each set's steps in index order.
 */
export function continuationMajorities(runs: readonly IndexedRun[], overflow: number, ids: readonly string[]): Continuation[] {
  const words = Math.max(1, Math.ceil(ids.length / 32));
  const tallies = new Map<string, Tally>();
  for (const run of runs) {
    const L = run.steps.length;
    // The first repeat: the done set places the run only before it.
    const seen = new Uint32Array(words);
    let firstRepeat = L;
    for (let i = 0; i < L; i++) {
      const s = run.steps[i]!;
      const bit = 1 << (s & 31);
      if ((seen[s >>> 5]! & bit) !== 0) {
        firstRepeat = i;
        break;
      }
      seen[s >>> 5] = seen[s >>> 5]! | bit;
    }
    // Rest bitsets, built from the end, for the points up to the first repeat: restBits[i] is
    // the set of steps after the first i; repeating[i] marks a rest with a step twice in it.
    const restBits: Uint32Array[] = new Array(firstRepeat + 1);
    const repeating = new Uint8Array(firstRepeat + 1);
    const acc = new Uint32Array(words);
    let repeats = false;
    for (let i = L - 1; i >= 0; i--) {
      const s = run.steps[i]!;
      const bit = 1 << (s & 31);
      if ((acc[s >>> 5]! & bit) !== 0) repeats = true;
      acc[s >>> 5] = acc[s >>> 5]! | bit;
      if (i <= firstRepeat) {
        restBits[i] = acc.slice();
        repeating[i] = repeats ? 1 : 0;
      }
    }
    if (firstRepeat === L) restBits[L] = new Uint32Array(words);
    const done = new Uint32Array(words);
    for (let i = 0; i <= firstRepeat; i++) {
      if (i > 0) {
        const s = run.steps[i - 1]!;
        done[s >>> 5] = done[s >>> 5]! | (1 << (s & 31));
      }
      const rest = restBits[i]!;
      // A rest overlapping the done set repeats a step done before.
      let overlaps = false;
      for (let w = 0; w < words; w++) if ((rest[w]! & done[w]!) !== 0) overlaps = true;
      const repeat = repeating[i] === 1 || overlaps;
      const dKey = bitsKey(done, words);
      let t = tallies.get(dKey);
      if (t === undefined) tallies.set(dKey, (t = { of: 0, done: indexes(done), rests: new Map() }));
      t.of += run.count;
      // A repeating rest is keyed by its multiset of steps (sorted indexes).
      // (prefixes keep the two kinds of keys apart.)
      const rKey = repeat ? `r${Array.from(run.steps).slice(i).sort((x, y) => x - y).join(",")}` : `s${bitsKey(rest, words)}`;
      const r = t.rests.get(rKey);
      if (r !== undefined) r.runs += run.count;
      else t.rests.set(rKey, { runs: run.count, steps: repeat ? undefined : indexes(rest) });
    }
  }
  const out: Continuation[] = [];
  for (const t of tallies.values()) {
    let best: { runs: number; steps: number[] | undefined } | undefined;
    let second = 0;
    for (const r of t.rests.values()) {
      if (best === undefined || r.runs > best.runs) {
        second = Math.max(second, best?.runs ?? 0);
        best = r;
      } else second = Math.max(second, r.runs);
    }
    if (best?.steps === undefined) continue;
    const of = t.of + overflow;
    // The overflow runs may all have done one other rest.
    if (best.runs < MAJORITY * Math.max(second, overflow) || binomialTail(best.runs, of) >= LEVEL) continue;
    out.push({ done: t.done.map((i) => ids[i]!), rest: best.steps.map((i) => ids[i]!), runs: best.runs, of });
  }
  return out;
}

/** The indexes of the set bits, ascending. */
function indexes(bits: Uint32Array): number[] {
  const out: number[] = [];
  for (let w = 0; w < bits.length; w++) {
    let m = bits[w]!;
    while (m !== 0) {
      const b = m & -m;
      m ^= b;
      out.push(w * 32 + 31 - Math.clz32(b));
    }
  }
  return out;
}

/** The majorities in words, for the script's reasons; undefined when there are none. */
export function continuationReason(majorities: readonly Continuation[]): string | undefined {
  const n = majorities.length;
  if (n === 0) return undefined;
  const where = n === 1 ? "at 1 point of the runs (a set of steps done)" : `at ${n} points of the runs (sets of steps done)`;
  return `completion follows the runs where they clearly agree on what else gets done: ${where} one continuation has at least ${MAJORITY} times the runs of any other and a clear majority of them all (sign test below ${LEVEL}); elsewhere it is the model's most probable remainder`;
}
