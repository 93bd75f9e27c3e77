// Odd runs: single runs that disagree, alone, with every other run far more often than runs
// usually do. A run's "lone deviations" are the pairs only it ordered the other way round (every
// other run containing both agrees) and the steps only it lacks (every other run has them). Valid
// variation spreads lone deviations over many runs; one sloppy or mislabelled run concentrates
// them. Under the hypothesis that lone deviations fall on runs at random, in proportion to the
// chances each run offers (its exposure: the pairs of distinct steps it holds, k(k − 1)/2, plus the
// steps it lacks, n − k), a run's count is Poisson with mean λ·exposure, λ = (lone deviations of
// all runs) / (exposure of all runs); a run is odd when its count is improbable under that,
// P(Poisson ≥ count) < 0.05 / runs (a 5 % family-wise test, Bonferroni over the runs). Why
// exposure: a long valid run (a loop taken twice, every optional step done) holds many more pairs
// than a short one, and with one mean for all runs it was set aside for its length (with 16 runs of
// the synthetic logs a22–a42, 1–6 valid runs per sample; docs/engine.md, "Odd runs"). The runs are
// tested one at a time, the most improbable first, and λ is taken over the runs not yet found odd
// (a sequential outlier test, as the generalised ESD test does):
// with one λ for all, one very odd run raises it enough to hide another (masking), and adding a
// single bad run could bring back a run that was set aside before. Odd runs are retracted from
// the counts the pair posterior and step presence are fitted on, so one bad run among many can
// neither free an edge nor make a step optional; support and frequency still count every run.
// Only variants seen once can be odd (a deviation two runs share is data), and only when at least
// 3 other runs exist (with fewer, "every other run" says nothing).
import type { PairCounts } from "./pair-counts.js";
import { minVertexCover } from "./min-vertex-cover.js";
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
  const lone: { steps: readonly number[]; deviations: number; exposure: number }[] = [];
  let total = 0;
  let exposure = 0;
  const seen = new Uint8Array(n);
  const lacking = runs - 1 >= MIN_OTHERS;
  for (const v of variants.entries()) {
    const order: number[] = [];
    seen.fill(0);
    for (const s of v.steps) {
      if (seen[s]) continue;
      seen[s] = 1;
      order.push(s);
    }
    // Its chances: each of its steps may be out of place, and each step every other run has may
    // be lacked (one every run has, or one only this run lacks).
    let e = order.length;
    if (lacking) for (let s = 0; s < n; s++) if (counts.support(s) === (seen[s] ? runs : runs - 1)) e++;
    exposure += v.count * e;
    if (v.count !== 1) continue;
    // Pairs this run alone ordered b before a: before(b, a) counts only this run, before(a, b) ≥ 3.
    const reversed: [number, number][] = [];
    for (let j = 1; j < order.length; j++)
      for (let i = 0; i < j; i++) {
        const b = order[i]!;
        const a = order[j]!;
        if (counts.before(b, a) === 1 && counts.before(a, b) >= MIN_OTHERS) reversed.push([a, b]);
      }
    // The fewest of its steps that touch every such pair (the steps out of place), and the steps
    // only it lacks.
    let deviations = minVertexCover(reversed).length;
    if (lacking) for (let s = 0; s < n; s++) if (!seen[s] && counts.support(s) === runs - 1) deviations++;
    if (deviations > 0) lone.push({ steps: v.steps, deviations, exposure: e });
    total += deviations;
  }
  const odd = sequentialPoissonOutliers(lone, total, exposure, runs);
  if (odd.length === 0) return { counts, retracted: 0, variants: new Set() };
  const steps = odd.map((r) => r.steps);
  return { counts: counts.without(steps), retracted: odd.length, variants: new Set(steps) };
}

/**
 * The rows (single runs with their deviation counts and exposures; `total` deviations over all
 * `runs` runs, whose exposures sum to `exposure`) that a sequential Poisson test finds odd at 5 %
 * family-wise (Bonferroni over the runs): the most improbable first (the first of equals), each
 * against the mean λ·(its exposure), λ = the deviations of the runs not yet found odd per unit of
 * their exposure; stops at the first run that is not odd (no run left is more improbable). With
 * every exposure 1 (runs out of order, out-of-order-runs.ts) this is the most deviating first
 * against the deviations per run left.
 */
export function sequentialPoissonOutliers<R extends { deviations: number; exposure: number }>(rows: readonly R[], total: number, exposure: number, runs: number): R[] {
  const odd: R[] = [];
  const pending = [...rows];
  let left = total;
  let leftExposure = exposure;
  for (;;) {
    let best = -1;
    let bestP = Infinity;
    pending.forEach((r, i) => {
      const p = poissonTail(r.deviations, (left * r.exposure) / leftExposure);
      if (p < bestP) (bestP = p), (best = i);
    });
    if (best < 0 || bestP >= FAMILY_WISE / runs) return odd;
    const [r] = pending.splice(best, 1);
    odd.push(r!);
    left -= r!.deviations;
    leftExposure -= r!.exposure;
  }
}
