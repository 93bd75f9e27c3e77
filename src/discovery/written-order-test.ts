// Whether a procedure's runs bear out its written order (issue 13, item 2: "whether a written
// order exists and how far to trust it"), for next-step ranking's prior, which weights the allowed
// steps by written order (RankingOptions.writtenDecay). A written list whose order says nothing
// about how the steps are done (a set of steps listed alphabetically, or by topic) would rank by
// an accident of the listing, as a log's order of first appearance did (ranking-calibration.ts).
// Kendall's test of the written order against the runs: for every pair of written steps that some
// run holds both of, the order most runs put them in (first occurrences, runs weighted by count)
// agrees with the written one or not (a tie counts neither way); S = agreeing − disagreeing pairs.
// Under "the written order is unrelated to the runs' order" S has mean 0 and variance
// n(n − 1)(2n + 5) / 18 for n steps (every pair decided); the one-sided p-value is the normal upper
// tail of (S − 1) / sd (continuity correction). Pairs no run decides make S smaller, never the
// variance, so the test is conservative there. Kept where p < LEVEL (ranking-calibration.ts).
import type { GraphScript } from "../model/index.js";
import { normalUpperTail } from "./special-functions.js";

export interface WrittenOrderTest {
  /** Written steps some run holds (n of the test). */
  steps: number;
  /** Pairs of them whose runs' majority order agrees with the written one, and disagrees. */
  agree: number;
  disagree: number;
  /** One-sided p-value that the runs follow the written order no better than an unrelated order. */
  pValue: number;
}

/** Kendall's test of the written order against the runs; undefined with fewer than two written steps in the runs. */
export function writtenOrderTest(script: GraphScript, runs: readonly { steps: readonly string[]; count: number }[]): WrittenOrderTest | undefined {
  const position = new Map<string, number>();
  for (const s of script.steps) if (s.written) position.set(s.id, s.position);
  // Written steps held by some run, numbered 0..n−1 in written order.
  const seen = new Set<string>();
  for (const r of runs) for (const s of r.steps) if (position.has(s)) seen.add(s);
  const ids = [...seen].sort((a, b) => position.get(a)! - position.get(b)!);
  const n = ids.length;
  if (n < 2) return undefined;
  const index = new Map(ids.map((id, i) => [id, i]));
  // before[i * n + j]: runs (weighted) holding both with i first, by first occurrence.
  // A run's steps in the order of their first occurrence: each earlier one came before each later
  // one (O(length²) per run, whatever n).
  const before = new Float64Array(n * n);
  const done = new Uint8Array(n);
  for (const r of runs) {
    const order: number[] = [];
    for (const s of r.steps) {
      const i = index.get(s);
      if (i !== undefined && done[i] === 0) (done[i] = 1), order.push(i);
    }
    for (let x = 0; x < order.length; x++) {
      const i = order[x]!;
      done[i] = 0;
      for (let y = x + 1; y < order.length; y++) before[i * n + order[y]!]! += r.count;
    }
  }
  let agree = 0;
  let disagree = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const forward = before[i * n + j]!;
      const backward = before[j * n + i]!;
      if (forward > backward) agree++;
      else if (backward > forward) disagree++;
    }
  }
  const sd = Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
  const pValue = normalUpperTail((agree - disagree - 1) / sd);
  return { steps: n, agree, disagree, pValue: Math.round(pValue * 1e6) / 1e6 };
}
