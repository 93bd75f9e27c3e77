// Out-of-order runs: single runs that invert far more of the procedure's constrained pairs than the
// runs do, set aside (as odd runs are, odd-runs.ts) before the pair posterior is fitted again (with
// the noise model chosen on all the runs: induce.ts).
// Why: a log with some erroneous runs (CaptainCook4D's 384 recordings: 117 tagged Order Error, a
// median 27 % of a recipe's runs) reverses true constraints in a few runs each. Taken as clean, one reversal
// frees a pair; taken as noisy, a few are noise, but the per-pair noise then also excuses what
// valid runs do. Lone deviations (odd-runs.ts) miss such runs when several err alike (each pair is
// then reversed by more than one run). Against the graph of the NOISY pair model (a few
// reversals of a pair are noise there, so the constraints the bad runs break stay), a bad run
// inverts many constrained pairs and a valid run few: valid variation spreads its inversions over
// many runs, an erroneous run concentrates them, the hypothesis odd runs are tested under.
// Test: the same sequential test as odd runs (5 % family-wise over the runs, most improbable
// first, each run's inversions against the Poisson rate per run of the OTHER runs left, with that
// rate's uncertainty): only variants seen once can be set aside (an order two runs share is data),
// and only in a log of more than MIN_OTHERS runs. One pass: the graph is not rebuilt between runs
// set aside (tried: three rounds, each rebuilding the graph and fitting again, moved
// CaptainCook4D's all-384 macro F1 by +0.003 only).
// The rate's uncertainty only, not the negative binomial of the runs' variance: the bad runs
// themselves inflate the variance enough to hide them (tried: all-384 macro F1 stayed at 0.791, as
// without the rule). Leaving the tested run out of the rate (2026-12-07, evening): all 384
// recordings 0.832 → 0.842 with the odd runs' test the same (docs/engine.md, "Odd runs").
// Designed on CaptainCook4D (all 384 recordings, both halves); measured: docs/engine.md, "Runs out
// of order".
import type { ReachabilityClosure } from "./acyclic-insertion.js";
import { inversionCount } from "./held-out-inversions.js";
import { MIN_OTHERS, sequentialPoissonOutliers } from "./odd-runs.js";
import type { TraceVariants } from "./trace-variants.js";

/**
 * The variants (the step arrays `variants` holds) of the runs out of order against `closure`,
 * among the runs not in `setAside`; empty when none is.
 * NOTE: runs past TraceVariants' cap (overflow) are neither tested nor counted.
 */
export function outOfOrderRuns(variants: TraceVariants, setAside: ReadonlySet<readonly number[]>, closure: ReachabilityClosure): Set<readonly number[]> {
  const rows: { steps: readonly number[]; deviations: number; exposure: number }[] = [];
  let runs = 0;
  let total = 0;
  for (const v of variants.entries()) {
    if (setAside.has(v.steps)) continue;
    const inversions = inversionCount(closure, v.steps);
    runs += v.count;
    total += inversions * v.count;
    if (v.count === 1 && inversions > 0) rows.push({ steps: v.steps, deviations: inversions, exposure: 1 });
  }
  if (runs < MIN_OTHERS + 1) return new Set();
  return new Set(sequentialPoissonOutliers(rows, total, runs, runs).map((r) => r.steps));
}
