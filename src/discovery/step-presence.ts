// Step presence: whether each step is optional or required, from how many runs lack it, by a
// model fitted to the user's own traces instead of a fixed frequency cut-off:
//
//   required:  runs lacking the step ~ Binomial(N, δ)      (a required step is dropped by noise,
//                                                          at one rate δ shared by all steps)
//   optional:  runs lacking the step ~ BetaBinomial(N, 1, 1) (any share of runs may skip it)
//
// The share of required steps and δ are fitted by expectation-maximisation over the steps; a
// clean model (δ = 0) and a noisy one (δ fitted) are both fitted, and the noisy one is kept only
// when its likelihood beats the clean one's by the BIC penalty of δ, ½ ln(steps). So one
// run that skips a step among twenty that do it (δ of a few percent explains it) leaves the step
// required, while a step skipped by a sizeable share of runs, or by one run in a clean log where
// nothing else is ever skipped beyond chance, is optional.
import { lnBeta } from "./pair-posterior.js";

export interface StepPresenceParameters {
  /** Fitted probability that a run drops a required step. */
  delta: number;
  /** Fitted share of required steps. */
  requiredShare: number;
  logLikelihood: number;
}

export interface StepPresence {
  /** Per step: the posterior probability that it is optional. */
  optional: Float64Array;
  parameters: StepPresenceParameters;
}

const DELTA_FLOOR = 1e-9;
/** Starting points of δ: the clean model (δ held at its floor) and a noisy one (δ fitted). */
const INITS = [DELTA_FLOOR, 0.05];

/**
 * @param support per step, the runs that contain it.
 * @param runs the number of runs.
 */
export function stepPresence(support: readonly number[], runs: number, maxIterations = 200): StepPresence {
  const k = support.length;
  const missing = support.map((s) => runs - s);
  // BetaBinomial(N, 1, 1) gives every count the same probability, 1/(N+1); the binomial
  // coefficient is left out of both hypotheses (common to both).
  const logOptional = missing.map((m) => lnBeta(m + 1, runs - m + 1));
  let best: { delta: number; share: number; ll: number; post: Float64Array; score: number } | undefined;
  for (const init of INITS) {
    let delta = init;
    let share = 0.5;
    let ll = -Infinity;
    const post = new Float64Array(k);
    for (let it = 0; it < maxIterations; it++) {
      const ld = Math.log(Math.max(delta, DELTA_FLOOR));
      const l1d = Math.log(1 - Math.min(delta, 0.5));
      let sum = 0;
      let requiredWeight = 1;
      let dropped = 0;
      let exposure = 0;
      for (let i = 0; i < k; i++) {
        const xr = Math.log(share) + missing[i]! * ld + (runs - missing[i]!) * l1d;
        const xo = Math.log(1 - share) + logOptional[i]!;
        const top = Math.max(xr, xo);
        const z = Math.exp(xr - top) + Math.exp(xo - top);
        sum += top + Math.log(z);
        const r = Math.exp(xr - top) / z;
        post[i] = 1 - r;
        requiredWeight += r;
        dropped += r * missing[i]!;
        exposure += r * runs;
      }
      // One pseudo-count each way keeps the share inside (0, 1) on few steps.
      share = requiredWeight / (k + 2);
      if (init !== DELTA_FLOOR) delta = exposure > 0 ? Math.max(dropped / exposure, DELTA_FLOOR) : DELTA_FLOOR;
      const done = Math.abs(sum - ll) < 1e-9 * Math.max(1, Math.abs(sum));
      ll = sum;
      if (done) break;
    }
    // The noisy model has one parameter more (δ): it must beat the clean one by ½ ln(steps) (BIC).
    const score = ll - (init === DELTA_FLOOR ? 0 : 0.5 * Math.log(Math.max(k, 1)));
    if (best === undefined || score > best.score) best = { delta, share, ll, post, score };
  }
  const b = best!;
  return { optional: b.post, parameters: { delta: b.delta, requiredShare: b.share, logLikelihood: b.ll } };
}
