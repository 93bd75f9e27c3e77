// Order inversions of a run: every pair of steps that the graph script orders (one is an
// ancestor of the other in the precedence DAG) and that both happen in the run, the later one
// first. Returns them sorted by the index of the step that came too early, then of the late one.
// Where checkOrder names only the nearest violated constraint, this counts every inverted pair,
// so it measures how far a run departs from the graph: a single swap of two neighbours is one
// inversion, a step done far ahead of its place inverts one pair per constraint it jumps.
// Constraints hold on first occurrences (as in RunState); unknown steps are ignored.
// A run has at least one inversion exactly when checkOrder (complete run) reports a
// precedence violation.
import type { GraphScript } from "../model/index.js";
import { precedenceClosure } from "./precedence-closure.js";

export interface OrderInversion {
  /** The step that must come first (an ancestor in the DAG) but happened later. */
  before: string;
  /** The step that must come after it but happened first. */
  after: string;
  /** First index of `before` in the run. */
  beforeIndex: number;
  /** First index of `after` in the run (< beforeIndex). */
  afterIndex: number;
}

export function orderInversions(script: GraphScript, sequence: readonly string[]): OrderInversion[] {
  const c = precedenceClosure(script);
  const first = new Map<string, number>();
  sequence.forEach((s, i) => {
    if (c.known.has(s) && !first.has(s)) first.set(s, i);
  });
  const out: OrderInversion[] = [];
  for (const [after, afterIndex] of first) {
    for (const before of c.ancestors.get(after)!) {
      const beforeIndex = first.get(before);
      if (beforeIndex !== undefined && beforeIndex > afterIndex) out.push({ before, after, beforeIndex, afterIndex });
    }
  }
  return out.sort((x, y) => x.afterIndex - y.afterIndex || x.beforeIndex - y.beforeIndex);
}

/**
 * How many pairs `orderInversions` would return, without building them; a run in progress
 * (`complete` false) also counts every pair of a step done and a required step that must precede
 * it and has not happened yet (when it happens, it will be late). For the order-error verdict.
 */
export function countOrderInversions(script: GraphScript, sequence: readonly string[], complete: boolean): number {
  const c = precedenceClosure(script);
  const first = new Map<string, number>();
  sequence.forEach((s, i) => {
    if (c.known.has(s) && !first.has(s)) first.set(s, i);
  });
  let count = 0;
  for (const [after, afterIndex] of first) {
    for (const before of c.ancestors.get(after)!) {
      const beforeIndex = first.get(before);
      if (beforeIndex === undefined) {
        if (!complete && c.required.has(before)) count++;
      } else if (beforeIndex > afterIndex) count++;
    }
  }
  return count;
}

