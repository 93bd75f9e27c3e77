// Odd runs: single runs that disagree, alone, with every other run far more often than runs
// usually do. A run's "lone deviations" are the pairs only it ordered the other way round (every
// other run containing both agrees) and the steps only it lacks (every other run has them). Valid
// variation spreads lone deviations over many runs; one sloppy or mislabelled run concentrates
// them. Under the hypothesis that lone deviations fall on runs at random, a run's count is
// Poisson with mean λ = (lone deviations of all runs) / runs; a run is odd when its count is
// improbable under that, P(Poisson(λ) ≥ count) < 0.05 / runs (a 5 % family-wise test, Bonferroni
// over the runs). The runs are tested one at a time, the most deviating first, and λ is taken
// over the runs not yet found odd (a sequential outlier test, as the generalised ESD test does):
// with one λ for all, one very odd run raises it enough to hide another (masking), and adding a
// single bad run could bring back a run that was set aside before. Odd runs are retracted from
// the counts the pair posterior and step presence are fitted on, so one bad run among many can
// neither free an edge nor make a step optional; support and frequency still count every run.
// Only variants seen once can be odd (a deviation two runs share is data), and only when at least
// 3 other runs exist (with fewer, "every other run" says nothing).
import type { PairCounts } from "./pair-counts.js";
import { poissonTail } from "./special-functions.js";
import type { TraceVariants } from "./trace-variants.js";

export interface OddRuns {
  /** The counts without the odd runs (the same object when there are none). */
  counts: PairCounts;
  /** Number of runs retracted. */
  retracted: number;
  /** The step arrays of the variants retracted (the objects TraceVariants holds). */
  variants: ReadonlySet<readonly number[]>;
}

const FAMILY_WISE = 0.05;
/** Fewer other runs than this say nothing about one run. */
export const MIN_OTHERS = 3;

export function retractOddRuns(counts: PairCounts, variants: TraceVariants): OddRuns {
  const n = counts.size;
  const runs = counts.traceCount;
  if (runs < MIN_OTHERS + 1) return { counts, retracted: 0, variants: new Set() };
  const lone: { steps: readonly number[]; deviations: number }[] = [];
  let total = 0;
  const seen = new Uint8Array(n);
  for (const v of variants.entries()) {
    if (v.count !== 1) continue;
    const order: number[] = [];
    seen.fill(0);
    for (const s of v.steps) {
      if (seen[s]) continue;
      seen[s] = 1;
      order.push(s);
    }
    let deviations = 0;
    // Pairs this run alone ordered b before a: before(b, a) counts only this run, before(a, b) ≥ 1.
    for (let j = 1; j < order.length; j++)
      for (let i = 0; i < j; i++) {
        const b = order[i]!;
        const a = order[j]!;
        if (counts.before(b, a) === 1 && counts.before(a, b) >= MIN_OTHERS) deviations++;
      }
    // Steps only this run lacks.
    for (let s = 0; s < n; s++) if (!seen[s] && counts.support(s) === runs - 1 && runs - 1 >= MIN_OTHERS) deviations++;
    if (deviations > 0) lone.push({ steps: v.steps, deviations });
    total += deviations;
  }
  const odd = sequentialPoissonOutliers(lone, total, runs);
  if (odd.length === 0) return { counts, retracted: 0, variants: new Set() };
  const steps = odd.map((r) => r.steps);
  return { counts: counts.without(steps), retracted: odd.length, variants: new Set(steps) };
}

/**
 * The rows (single runs and their deviation counts; `total` deviations over all `runs` runs) that
 * a sequential Poisson test finds odd at 5 % family-wise (Bonferroni over the runs): the most
 * deviating first (stable among equals), each against λ = the deviations of the runs not yet
 * found odd per such run; stops at the first run that is not odd (every run after it deviates no
 * more). Also used for runs out of order (out-of-order-runs.ts).
 */
export function sequentialPoissonOutliers<R extends { deviations: number }>(rows: readonly R[], total: number, runs: number): R[] {
  const odd: R[] = [];
  let left = total;
  for (const r of [...rows].sort((x, y) => y.deviations - x.deviations)) {
    if (poissonTail(r.deviations, left / (runs - odd.length)) >= FAMILY_WISE / runs) break;
    odd.push(r);
    left -= r.deviations;
  }
  return odd;
}
