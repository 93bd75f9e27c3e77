// Order-error verdict: is a run that breaks the graph's order more out of order than the
// procedure's valid runs are? The check itself stays strict (every inverted constraint is a
// violation, with its reason); this weighs the violations. Induction measured how many
// constrained pairs a valid run inverts when checked against a graph from the other runs
// (calibration.orderErrors, src/discovery/held-out-inversions.ts): with few runs some edges are
// habits every run happened to follow, and a valid run breaking one inverts a pair. Under "this
// run is as valid as those", its inversions follow the held-out runs' count law: Poisson with their
// mean, or, when their variance exceeds the mean (habits cluster: a run that breaks one often
// breaks several), the negative binomial of that mean and variance; the run is an order error
// when P(X ≥ its inversions) < 5 %. With no held-out inversions (many runs, a clean order)
// any inversion is an error; absent a calibration (a script without runs, or induced with
// evidence "counts"), no verdict is given and the violations speak alone.
// Chosen on CaptainCook4D (all 384 recordings; docs/results.md, "Order-error detection"); the
// 5 % is the conventional level of every test the engine runs on the user's runs.
import { negativeBinomialTail } from "../discovery/special-functions.js";
import type { GraphScript } from "../model/index.js";
import type { OrderErrorVerdict } from "../model/queries.js";
import { countOrderInversions } from "./order-inversions.js";

export const ORDER_ERROR_LEVEL = 0.05;

/**
 * The verdict on `sequence`, or undefined when it inverts no constrained pair or the script has no
 * calibration. A run in progress (`complete` false) also inverts every pair of a step done and a
 * required step that must precede it and has not happened yet (when it happens, it will be late).
 */
export function orderErrorVerdict(script: GraphScript, sequence: readonly string[], complete: boolean): OrderErrorVerdict | undefined {
  const calibration = script.calibration?.orderErrors;
  if (calibration === undefined) return undefined;
  const inversions = countOrderInversions(script, sequence, complete);
  if (inversions === 0) return undefined;
  const pValue = negativeBinomialTail(inversions, calibration.rate, calibration.variance);
  return {
    likely: pValue < ORDER_ERROR_LEVEL,
    inversions,
    heldOutRate: calibration.rate,
    heldOutVariance: calibration.variance,
    pValue: Math.round(pValue * 1e6) / 1e6,
  };
}
