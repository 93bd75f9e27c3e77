// Whether a procedure's runs bear out its written order (issue 13, item 2: "whether a written
// order exists and how far to trust it"), for next-step ranking's prior, which weights the allowed
// steps by written order (RankingOptions.writtenDecay). A written list whose order says nothing
// about how the steps are done (a set of steps listed alphabetically, or by topic) would rank by
// an accident of the listing, as a log's order of first appearance did (ranking-calibration.ts).
// Kendall's test of the written order against the runs: for every pair of written steps that some
// run holds both of, the order most runs put them in (first occurrences: the induction's own
// PairCounts) agrees with the written one or not (a tie counts neither way); S = agreeing −
// disagreeing pairs. Under "the written order is unrelated to the runs' order" S has mean 0 and
// variance n(n − 1)(2n + 5) / 18 for n steps (every pair decided); the one-sided p-value is the
// normal upper tail of (S − 1) / sd (continuity correction). Pairs no run decides make S smaller,
// never the variance, so the test is conservative there. Kept where p < LEVEL
// (ranking-calibration.ts).
import type { PairCounts } from "./pair-counts.js";
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

/**
 * Kendall's test of the written order against the runs counted in `counts`, whose step indexes
 * 0..writtenCount−1 are the written steps in written order (as induce.ts numbers them); undefined
 * with fewer than two written steps in the runs.
 */
export function writtenOrderTest(counts: PairCounts, writtenCount: number): WrittenOrderTest | undefined {
  const held: number[] = [];
  for (let i = 0; i < Math.min(writtenCount, counts.size); i++) if (counts.support(i) > 0) held.push(i);
  const n = held.length;
  if (n < 2) return undefined;
  let agree = 0;
  let disagree = 0;
  for (let x = 0; x < n; x++) {
    for (let y = x + 1; y < n; y++) {
      const forward = counts.before(held[x]!, held[y]!);
      const backward = counts.before(held[y]!, held[x]!);
      if (forward > backward) agree++;
      else if (backward > forward) disagree++;
    }
  }
  const sd = Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
  const pValue = normalUpperTail((agree - disagree - 1) / sd);
  return { steps: n, agree, disagree, pValue: Math.round(pValue * 1e6) / 1e6 };
}
