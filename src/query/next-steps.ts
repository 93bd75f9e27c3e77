// nextSteps: what may come next after the steps done so far, ranked. Returns at most k
// candidates (END included when the run may end now): allowed ones first, by probability
// (they share the whole mass), then not-allowed ones with probability 0 and their reason.
// Uses the set of done steps, backing off to trigrams, bigrams, the graph's allowed set and
// the written order (src/query/next-step-model.ts). Unknown steps in `done` are ignored for
// ranking (they are not steps of this procedure version).
import type { GraphScript } from "../model/index.js";
import type { NextStep, RankingOptionsInput } from "../model/queries.js";
import { RunState } from "../conformance/run-state.js";
import { nextStepDistribution, rankingOptions } from "./next-step-model.js";

export type NextStepsOptions = RankingOptionsInput;

export function nextSteps(script: GraphScript, done: readonly string[], k = 5, options: NextStepsOptions = {}): NextStep[] {
  const limit = Math.max(0, k);
  return nextStepDistribution(script, new RunState(script, done), rankingOptions(options, script), limit).slice(0, limit);
}
