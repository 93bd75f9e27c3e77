// hierarchicalCheckOrder: is this sequence, mixing parent steps and sub-steps (namespaced ids
// `b/b1` as expand names them), a valid run of a procedure and its sub-procedures? Returns
// {valid: true} or every violation with the level where it happens (procedure, version and the
// detailed step it is inside), in the order found, and the index of the first event that broke
// something (`sequence.length` when only required steps are missing at the end).
// Posts the events to a HierarchicalSession, so each level is judged with checkOrder's
// semantics (src/conformance) and a sub-procedure left unfinished reports its missing steps.
import type { GraphScript } from "../model/index.js";
import type { ScriptResolver } from "./expand.js";
import { HierarchicalSession, type LevelViolation } from "./hierarchical-session.js";

export type HierarchicalCheckResult =
  | { valid: true }
  | { valid: false; firstFailingIndex: number; violations: LevelViolation[] };

export function hierarchicalCheckOrder(
  root: GraphScript,
  resolve: ScriptResolver,
  sequence: readonly string[],
  options: { complete?: boolean } = {},
): HierarchicalCheckResult {
  const session = new HierarchicalSession(root, resolve);
  const violations: LevelViolation[] = [];
  let firstFailingIndex: number | undefined;
  for (const step of sequence) {
    const verdict = session.step(step);
    if (!verdict.allowed) {
      firstFailingIndex ??= verdict.index;
      violations.push(...verdict.violations);
    }
  }
  const missing = session.finish(options.complete ?? false);
  if (missing.length > 0) firstFailingIndex ??= sequence.length;
  violations.push(...missing);
  if (firstFailingIndex === undefined) return { valid: true };
  return { valid: false, firstFailingIndex, violations };
}
