// complete: the most likely way to finish a run. Returns the remaining steps (END not included)
// and their probability: a beam search over the masked next-step model (next-step-model.ts)
// keeping `beamWidth` hypotheses, each extended only by rankable steps (allowed, or shown by the
// training runs in that context), ending when END is chosen (END is allowed once every required
// step is done, or rankable where runs ended in that context). Without traces every step of a
// completion is allowed.
// A hypothesis is scored by the sum over its steps of log p + entropyBonus · H (H: entropy of
// the allowed distribution the step was chosen from); with entropyBonus 0 that is the log of
// the remainder's probability. `probability` is always the remainder's own probability.
// NOTE: the entropy term corrects for the smoothed model's spread at uncertain branch points,
// which makes the plain most probable remainder too often the one through confident states:
// on CrossTask (bonus 0.45) it raises exact completion by about 0.005 (docs/results.md).
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
  /** Log of the probability of `steps` so far. */
  logp: number;
  /** Search score: logp plus the entropy bonuses. */
  score: number;
}

export function complete(script: GraphScript, prefix: readonly string[], options: RankingOptionsInput = {}): Completion {
  const opts = rankingOptions(options);
  const start = new RunState(script, prefix);
  const maxLength = start.closure.steps.length + 1;
  const bonus = opts.entropyBonus;
  let beam: Hypothesis[] = [{ run: start, steps: [], logp: 0, score: 0 }];
  let best: { steps: string[]; logp: number; score: number } | undefined;
  for (let depth = 0; depth <= maxLength && beam.length > 0; depth++) {
    // Extensions are scored first; only the `beamWidth` best are materialised (cloned runs).
    const expanded: { parent: Hypothesis; step: string; logp: number; score: number }[] = [];
    for (const h of beam) {
      const cands = allowedNextSteps(script, h.run, opts);
      let extra = 0;
      if (bonus > 0) {
        for (const c of cands) if (c.probability > 0) extra -= c.probability * Math.log(c.probability);
        extra *= bonus;
      }
      for (const cand of cands) {
        if (cand.probability <= 0) continue;
        const lp = Math.log(cand.probability);
        const logp = h.logp + lp;
        const score = h.score + lp + extra;
        // NOTE: a hypothesis scoring no better than a finished one is cut. Without a bonus scores
        // only fall, so this is exact; with one a later step could raise the score (log p + bonus·H
        // > 0 when H is large), so the cut is a heuristic like the beam itself. It keeps
        // completion as fast as before and measured no worse on CrossTask.
        if (best && score <= best.score) continue;
        if (cand.step === END) {
          best = { steps: h.steps, logp, score };
          continue;
        }
        if (depth === maxLength) continue;
        expanded.push({ parent: h, step: cand.step, logp, score });
      }
    }
    beam = expanded
      .sort((a, b) => b.score - a.score)
      .slice(0, opts.beamWidth)
      .map(({ parent, step, logp, score }) => {
        const run = parent.run.clone();
        run.post(step);
        return { run, steps: [...parent.steps, step], logp, score };
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
