// hierarchicalNextSteps: what may come next after `done` (namespaced events, see
// HierarchicalSession), ranked across levels: inside a detailed step its sub-procedure's next
// steps; once that sub-procedure may end, the parent's next steps, sharing the probability of
// its END. Returns at most k candidates, allowed ones first by probability.
import type { GraphScript } from "../model/index.js";
import type { ScriptResolver } from "./expand.js";
import { HierarchicalSession, type HierarchicalNextStep } from "./hierarchical-session.js";

export function hierarchicalNextSteps(
  root: GraphScript,
  resolve: ScriptResolver,
  done: readonly string[],
  k = 5,
): HierarchicalNextStep[] {
  return new HierarchicalSession(root, resolve, done).next(k);
}
