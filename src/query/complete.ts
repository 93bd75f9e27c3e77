// complete: the most likely valid way to finish a run. Returns the remaining steps (END not
// included) and their probability: a beam search over the masked next-step model
// (next-step-model.ts) keeping `beamWidth` hypotheses, each extended only by allowed steps,
// ending when END is chosen (END is allowed once every required step is done).
// When the beam finds none, the missing required steps in DAG order are tried; when no valid
// completion exists at all (a forgotten required step can no longer come before a step done
// meanwhile, see run-state.ts), they are returned with probability 0.
// NOTE: steps already done are never proposed again unless repeatable, and a hypothesis is
// cut after as many steps as the procedure has plus one, so repeatable steps cannot loop.
import { END, type GraphScript } from "../model/index.js";
import type { Completion, RankingOptionsInput } from "../model/queries.js";
import { RunState } from "../conformance/run-state.js";
import { allowedNextSteps, rankingOptions } from "./next-step-model.js";

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
    // Extensions are scored first; only the `beamWidth` best are materialised (cloned runs).
    const expanded: { parent: Hypothesis; step: string; logp: number }[] = [];
    for (const h of beam) {
      for (const cand of allowedNextSteps(script, h.run, opts)) {
        if (cand.probability <= 0) continue;
        const logp = h.logp + Math.log(cand.probability);
        if (best && logp <= best.logp) continue;
        if (cand.step === END) {
          best = { steps: h.steps, logp };
          continue;
        }
        if (depth === maxLength) continue;
        expanded.push({ parent: h, step: cand.step, logp });
      }
    }
    beam = expanded
      .sort((a, b) => b.logp - a.logp)
      .slice(0, opts.beamWidth)
      .map(({ parent, step, logp }) => {
        const run = parent.run.clone();
        run.post(step);
        return { run, steps: [...parent.steps, step], logp };
      });
  }
  if (best) return { steps: best.steps, probability: Math.exp(best.logp) };
  return requiredStepsCompletion(script, start, opts);
}

/**
 * When the beam found no valid completion: the missing required steps in an order that respects
 * the DAG (each after its missing required ancestors, written order otherwise), with its
 * probability under the model if every step is allowed; otherwise no valid completion exists (a
 * forgotten required step can no longer precede a step done meanwhile) and the steps are
 * returned with probability 0.
 */
function requiredStepsCompletion(script: GraphScript, start: RunState, opts: ReturnType<typeof rankingOptions>): Completion {
  const missing = start.missingRequired().map((v) => v.step);
  const anc = start.closure.ancestors;
  const order: string[] = [];
  const left = new Set(missing);
  while (left.size > 0) {
    const next = missing.find((s) => left.has(s) && ![...anc.get(s)!].some((a) => left.has(a)))!;
    order.push(next);
    left.delete(next);
  }
  const run = start.clone();
  let logp = 0;
  for (const step of [...order, END]) {
    const cand = allowedNextSteps(script, run, opts).find((n) => n.step === step);
    if (!cand?.allowed || cand.probability <= 0) return { steps: order, probability: 0 };
    logp += Math.log(cand.probability);
    if (step !== END) run.post(step);
  }
  return { steps: order, probability: Math.exp(logp) };
}
