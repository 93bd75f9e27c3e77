// checkOrder: is this sequence of steps a valid (partial or complete) run of the graph script?
// Returns {valid: true} or the violations in the order they were found, with the index of the
// first step that was not allowed. Equivalent to posting the steps one by one to an online
// session (see run-state.ts for the semantics). With `complete: true` every required step that
// never happened is a missing_required violation (and only that: a step that needed it is not
// also an order error, since the run holds no inversion of the two); when those are the only
// violations the first failing index is `sequence.length` (the end of the run). A run with a
// precedence violation also gets the order-error verdict of a calibrated script
// (order-error-verdict.ts): more out of order than valid runs are, or as much as they are.
// Habit edges (src/discovery/habit-edges.ts) are not enforced: orders of the run that only they
// hold are reported as `habits` (valid or not), never as violations.
import type { GraphScript } from "../model/index.js";
import type { CheckResult, PrecedenceViolation, Violation } from "../model/queries.js";
import { orderErrorVerdict } from "./order-error-verdict.js";
import { RunState } from "./run-state.js";
import { enforcedScript } from "./enforced-view.js";

export interface CheckOrderOptions {
  /** The sequence is a finished run: required steps that never happened are violations. */
  complete?: boolean;
}

export function checkOrder(script: GraphScript, sequence: readonly string[], options: CheckOrderOptions = {}): CheckResult {
  let never: Set<string> | undefined;
  if (options.complete) {
    const happened = new Set(sequence);
    never = new Set(script.steps.map((s) => s.id).filter((s) => !happened.has(s)));
  }
  const enforced = enforcedScript(script);
  const run = new RunState(enforced, [], never ? { skipped: never } : {});
  const violations: Violation[] = [];
  let firstFailingIndex: number | undefined;
  for (const step of sequence) {
    const verdict = run.post(step);
    if (!verdict.allowed) {
      firstFailingIndex ??= verdict.index;
      violations.push(...verdict.violations);
    }
  }
  if (options.complete) {
    const missing = run.missingRequired();
    if (missing.length > 0) firstFailingIndex ??= sequence.length;
    violations.push(...missing);
  }
  const habits = enforced === script ? [] : habitsBroken(script, sequence, violations);
  const withHabits = habits.length > 0 ? { habits } : {};
  if (firstFailingIndex === undefined) return { valid: true, ...withHabits };
  const orderError = violations.some((v) => v.code === "precedence") ? orderErrorVerdict(script, sequence, options.complete === true) : undefined;
  return { valid: false, firstFailingIndex, violations, ...(orderError === undefined ? {} : { orderError }), ...withHabits };
}

/**
 * The precedence violations the whole script (habit edges included) finds in `sequence` that the
 * enforced view did not: the orders of the run that only habits hold.
 */
function habitsBroken(script: GraphScript, sequence: readonly string[], enforcedViolations: readonly Violation[]): PrecedenceViolation[] {
  const key = (v: PrecedenceViolation) => `${v.index}\u0000${v.step}\u0000${v.requires}`;
  const found = new Set(enforcedViolations.filter((v): v is PrecedenceViolation => v.code === "precedence").map(key));
  const run = new RunState(script);
  const out: PrecedenceViolation[] = [];
  for (const step of sequence) {
    for (const v of run.post(step).violations) if (v.code === "precedence" && !found.has(key(v))) out.push(v);
  }
  return out;
}
