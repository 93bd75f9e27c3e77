// Odd runs: single runs that disagree, alone, with every other run far more often than runs
// usually do. A run's "lone deviations" are its steps out of place, counted as the fewest of its
// steps that touch every pair only it ordered the other way round (every other run containing both
// agrees; a minimum vertex cover, min-vertex-cover.ts), plus the steps only it lacks (every other
// run has them). Why steps and not pairs: a valid run that does a branch of parallel steps earlier
// than the others did reverses every pair between the branches at once, one event; counted pair by
// pair it looked like many deviations (with 16 runs of the synthetic logs a22–a42, 1–6 valid runs
// per sample were set aside for it; docs/engine.md, "Odd runs"). Valid variation spreads lone
// deviations over many runs; one sloppy or mislabelled run concentrates them. Under the hypothesis
// that lone deviations fall on runs at random, in proportion to the chances each run offers (its
// exposure: its distinct steps, each may be out of place, plus the steps every other run has, each
// may be lacked), a run's count is Poisson with mean λ·exposure. A run is tested against the OTHER
// runs' rate, with that rate's uncertainty: λ ~ Gamma(½ + their deviations, their exposure)
// (Jeffreys' prior), so its count is negative binomial, and it is odd when P(count or more) <
// 0.05 / runs (a 5 % family-wise test, Bonferroni over the runs). Leaving the run out matters
// with few runs: with its own deviations in λ, a run that moved two steps among 20 runs that moved
// none could never be odd. The runs are tested one at a time, the most improbable first, against
// the runs not yet found odd (a sequential outlier test, as the generalised ESD test does): with one
// λ for all, one very odd run raises it enough to hide another (masking), and adding a single bad
// run could bring back a run that was set aside before. Odd runs are retracted from the counts the
// pair posterior and step presence are fitted on, so one bad run among many can neither free an
// edge nor make a step optional; support and frequency still count every run. Only variants seen
// once can be odd (a deviation two runs share is data), and only when at least 3 other runs exist
// (with fewer, "every other run" says nothing).
import type { PairCounts } from "./pair-counts.js";
import { minVertexCover } from "./min-vertex-cover.js";
import { negativeBinomialTail } from "./special-functions.js";
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
/** Jeffreys' prior on a Poisson rate, Gamma(½, 0): the rate of the other runs with its uncertainty. */
const RATE_PRIOR_SHAPE = 0.5;
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
    // be lacked (one every run has, or one only this run lacks: a lone deviation).
    let e = order.length;
    let lacked = 0;
    if (lacking)
      for (let s = 0; s < n; s++)
        if (counts.support(s) === (seen[s] ? runs : runs - 1)) {
          e++;
          if (!seen[s]) lacked++;
        }
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
    const deviations = minVertexCover(reversed).length + lacked;
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
 * `runs` runs, whose exposures sum to `exposure`) that a sequential test finds odd at 5 %
 * family-wise (Bonferroni over the runs): the most improbable first (the first of equals), each
 * against the rate of the other runs not yet found odd (`predictiveTail`); stops at the first run
 * that is not odd (no run left is more improbable). Runs out of order (out-of-order-runs.ts) pass
 * every exposure 1: the rate is then deviations per run.
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
      const p = predictiveTail(r.deviations, left - r.deviations, leftExposure - r.exposure, r.exposure);
      if (p < bestP) (bestP = p), (best = i);
    });
    if (best < 0 || bestP >= FAMILY_WISE / runs) return odd;
    const [r] = pending.splice(best, 1);
    odd.push(r!);
    left -= r!.deviations;
    leftExposure -= r!.exposure;
  }
}

/**
 * P(X ≥ k) for the deviations X of a run with this exposure, predicted from the other runs' rate:
 * λ ~ Gamma(½ + their deviations, their exposure) (Jeffreys' prior), X | λ ~ Poisson(λ · exposure),
 * so X is negative binomial with mean a · exposure / b and variance mean + mean² / a.
 */
function predictiveTail(k: number, otherDeviations: number, otherExposure: number, exposure: number): number {
  if (!(otherExposure > 0)) return 1;
  const a = RATE_PRIOR_SHAPE + otherDeviations;
  const mean = (a * exposure) / otherExposure;
  return negativeBinomialTail(k, mean, mean + (mean * mean) / a);
}
