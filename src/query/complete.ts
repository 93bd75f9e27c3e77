// complete: the most likely valid way to finish a run. Returns the remaining steps (END not
// included) and their probability: a beam search over the masked next-step model
// (next-step-model.ts) keeping `beamWidth` hypotheses, each extended only by allowed steps,
// ending when END is chosen (END is allowed once every required step is done).
// A valid completion always exists (the first missing required step in topological order is
// always allowed); should the search still find none, the missing required steps are returned
// in written order with probability 0.
// NOTE: steps already done are never proposed again unless repeatable, and a hypothesis is
// cut after as many steps as the procedure has plus one, so repeatable steps cannot loop.
import { END, type GraphScript } from "../model/index.js";
import type { Completion, RankingOptionsInput } from "../model/queries.js";
import { RunState } from "../conformance/run-state.js";
import { nextStepDistribution, rankingOptions } from "./next-step-model.js";

interface Hypothesis {
  run: RunState;
  steps: string[];
  logp: number;
}

export function complete(script: GraphScript, prefix: readonly string[], options: RankingOptionsInput = {}): Completion {
  const opts = rankingOptions(options);
  const start = new RunState(script, prefix);
  const maxLength = start.closure.steps.length + 1;
  let beam: Hypothesis[] = [{ run: start, steps: [], logp: 0 }];
  let best: { steps: string[]; logp: number } | undefined;
  for (let depth = 0; depth <= maxLength && beam.length > 0; depth++) {
    const expanded: Hypothesis[] = [];
    for (const h of beam) {
      for (const cand of nextStepDistribution(script, h.run, opts)) {
        if (!cand.allowed || cand.probability <= 0) continue;
        const logp = h.logp + Math.log(cand.probability);
        if (best && logp <= best.logp) continue;
        if (cand.step === END) {
          best = { steps: h.steps, logp };
          continue;
        }
        if (depth === maxLength) continue;
        const run = h.run.clone();
        run.post(cand.step);
        expanded.push({ run, steps: [...h.steps, cand.step], logp });
      }
    }
    beam = expanded.sort((a, b) => b.logp - a.logp).slice(0, opts.beamWidth);
  }
  if (best) return { steps: best.steps, probability: Math.exp(best.logp) };
  // No valid completion: add the missing required steps in written order.
  return { steps: start.missingRequired().map((v) => v.step), probability: 0 };
}
