// Order-error detection, leave one out (issue 8): for each recording, induce its procedure's
// graph script from the error-free recordings of the same procedure except that one, check the
// recording's order as a complete run (so a step that never happens is a missing step, not an
// order error of the steps that needed it), and flag the recording when the check calls it an
// order error: a precedence violation (two steps done in an order the graph forbids) and, where
// the check gives its order-error verdict (an induced script: order-error-verdict.ts), more
// inverted pairs than valid runs of the recipe show held out. Returns precision, recall and F1 of flagging
// the recordings tagged with an order error, with the counts.
// `minInversions` (default 1: any precedence violation) flags a recording only when at least
// that many constrained pairs are inverted (order-inversions.ts).
// NOTE: with few training runs per procedure, some induced edges are habits (every training run
// happened to follow the written order) rather than constraints; a normal run breaking one habit
// inverts one pair, while a real order error (a step done far from its place, or a swap of
// dependent steps) usually inverts several. minInversions 2 trades the single-swap errors for
// far fewer false alarms (docs/results.md).
// Assumes each recording's steps are steps of its procedure (the CLI checks with file/line).
import { checkOrder } from "../conformance/check-order.js";
import { orderInversions } from "../conformance/order-inversions.js";
import { induce } from "../discovery/induce.js";
import type { InduceOptionsInput, Procedure } from "../model/index.js";
import { classScores, type ClassScores } from "./binary-scores.js";
import { scriptWithEdges } from "./script-with-edges.js";

export interface LabelledRecording {
  id: string;
  procedure: Procedure;
  steps: readonly string[];
  /** No error of any kind: usable for training. */
  errorFree: boolean;
  /** Tagged with an order error: the positive class. */
  orderError: boolean;
}

/** The tag that marks the positive class. */
export const ORDER_ERROR_TAG = "Order Error";

/** Which recordings train: "error-free" (no error tag at all, the protocol) or "no-order-error". */
export type TrainOn = "error-free" | "no-order-error";

/** The labels of a recording from its error tags. */
export function recordingLabels(errors: readonly string[], trainOn: TrainOn = "error-free"): { errorFree: boolean; orderError: boolean } {
  return {
    errorFree: trainOn === "error-free" ? errors.length === 0 : !errors.includes(ORDER_ERROR_TAG),
    orderError: errors.includes(ORDER_ERROR_TAG),
  };
}

export interface OrderErrorEvalResult extends ClassScores {
  recordings: number;
  positives: number;
  flagged: number;
  truePositives: number;
  falsePositives: number;
  /** Ids of the recordings flagged, in input order (so subsets can be scored without re-running). */
  flaggedIds: string[];
}

export interface OrderErrorEvalOptions {
  induce?: InduceOptionsInput;
  /** Use these precedence edges per procedure id instead of the induced ones (expert graphs). */
  graphs?: ReadonlyMap<string, readonly (readonly [string, string])[]>;
  /**
   * Use the precedence edges this gives for the held-out recording's procedure and its training
   * runs instead of the induced ones (the always-before baseline: always-before.ts).
   */
  graphsFrom?: (procedure: Procedure, train: readonly (readonly string[])[]) => readonly (readonly [string, string])[];
  /** Flag a recording when at least this many constrained pairs are inverted (default 1). */
  minInversions?: number;
}

export function evaluateOrderErrors(recordings: readonly LabelledRecording[], options: OrderErrorEvalOptions = {}): OrderErrorEvalResult {
  const c = { tp: 0, fp: 0, fn: 0 };
  const flaggedIds: string[] = [];
  for (const r of recordings) {
    const train = recordings.filter((o) => o.procedure === r.procedure && o.errorFree && o !== r).map((o) => o.steps);
    const induced = induce(r.procedure, train, options.induce ?? {});
    const given = options.graphsFrom?.(r.procedure, train) ?? options.graphs?.get(r.procedure.id);
    const script = given ? scriptWithEdges(induced, given) : induced;
    const minInversions = options.minInversions ?? 1;
    let flagged: boolean;
    if (minInversions <= 1) {
      const check = checkOrder(script, r.steps, { complete: true });
      // The check's order-error verdict where it gives one (induced graphs); else any violation.
      flagged = !check.valid && check.violations.some((v) => v.code === "precedence") && (check.orderError?.likely ?? true);
    } else flagged = orderInversions(script, r.steps).length >= minInversions;
    if (flagged) flaggedIds.push(r.id);
    if (flagged && r.orderError) c.tp++;
    else if (flagged) c.fp++;
    else if (r.orderError) c.fn++;
  }
  return {
    ...classScores(c),
    recordings: recordings.length,
    positives: recordings.filter((r) => r.orderError).length,
    flagged: flaggedIds.length,
    truePositives: c.tp,
    falsePositives: c.fp,
    flaggedIds,
  };
}
