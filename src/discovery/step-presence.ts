// Step presence: whether each step is optional or required, from how many runs lack it, by a
// model fitted to the user's own traces instead of a fixed frequency cut-off:
//
//   required:  runs lacking the step ~ BetaBinomial(N, 1, β)  (a required step is dropped by noise;
//                                                            each step's drop rate ~ Beta(1, β),
//                                                            mean δ = 1/(1+β))
//   optional:  runs lacking the step ~ BetaBinomial(N, 1, 1)  (any share of runs may skip it)
//
// The share of required steps is fitted by expectation-maximisation over the steps and β by
// likelihood (golden-section search on ln β, up to 10⁹: a clean log). So one run that skips a
// step among twenty that do it leaves the step required (a drop rate of a few percent explains
// it), while a step skipped by a sizeable share of runs is optional.
// A step that half the runs or more do without is optional whatever the fit: "required" says the
// step is dropped only by noise, and runs that do without it as often as with it are not noise.
// Fitted freely, the required component (β goes down to 1, where Beta(1, β) is uniform and
// "required" is as loose as "optional") fitted the branches of a choice, each done by about half
// the runs, with a drop rate near 45 %, and made them required: the check then refused every
// valid run down the other branch (16 runs of the synthetic a12 log at 20 % noise: 40 % of the
// valid held-out runs refused for a missing step; docs/engine.md, induction step 4). Those steps
// still count in the share of required steps (as optional ones): the share says how much of the
// procedure is required. NOTE: leaving them out of the share was tried and lost on the same
// check (a42 at 10 % noise 0.840 → 0.634: steps most runs do became required more easily).
import { goldenMax, lnBeta, lnGamma } from "./special-functions.js";

export interface StepPresenceParameters {
  /** Fitted mean probability that a run drops a required step, 1/(1+β). */
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

/** ln BetaBinomial(m; N, 1, β) without the binomial coefficient (common to both hypotheses). */
function logRequired(m: number, runs: number, beta: number): number {
  return lnGamma(m + 1) + lnGamma(runs - m + beta) - lnGamma(runs + beta + 1) + Math.log(beta);
}

/**
 * @param support per step, the runs that contain it.
 * @param runs the number of runs.
 */
export function stepPresence(support: readonly number[], runs: number, maxIterations = 100): StepPresence {
  const k = support.length;
  const missing = support.map((s) => runs - s);
  const logOptional = missing.map((m) => lnBeta(m + 1, runs - m + 1));
  // Required is possible only for a step most runs do (fewer than half lack it).
  const mayBeRequired = missing.map((m) => 2 * m < runs);
  const post = new Float64Array(k);
  const total = (share: number, beta: number, out?: Float64Array): number => {
    let ll = 0;
    for (let i = 0; i < k; i++) {
      const xr = mayBeRequired[i] ? Math.log(share) + logRequired(missing[i]!, runs, beta) : -Infinity;
      const xo = Math.log(1 - share) + logOptional[i]!;
      const top = Math.max(xr, xo);
      const z = Math.exp(xr - top) + Math.exp(xo - top);
      ll += top + Math.log(z);
      if (out) out[i] = Math.exp(xo - top) / z;
    }
    return ll;
  };
  let share = 0.5;
  let beta = 100;
  let ll = -Infinity;
  for (let it = 0; it < maxIterations; it++) {
    const next = total(share, beta, post);
    let required = 1;
    for (let i = 0; i < k; i++) required += 1 - post[i]!;
    // One pseudo-count each way keeps the share inside (0, 1) on few steps.
    share = required / (k + 2);
    beta = Math.exp(goldenMax((x) => total(share, Math.exp(x)), 0, Math.log(1e9)));
    const done = Math.abs(next - ll) < 1e-7 * Math.max(1, Math.abs(next));
    ll = next;
    if (done) break;
  }
  ll = total(share, beta, post);
  return { optional: post, parameters: { delta: 1 / (1 + beta), requiredShare: share, logLikelihood: ll } };
}
