// Measures grounding on a set of procedures (issue 3, "Bar"): every step text is perturbed
// (one variant per perturbation kind, seeded) and grounded back against its own procedure;
// top-1 is correct when the best candidate is the original step. Unrelated sentences are the
// step texts of the *other* procedures, grounded against each procedure; an accepted one is a
// false acceptance. Texts identical (after normalisation) to a step of the target procedure are
// counted apart, since accepting them is right.
// Returns counts per perturbation kind and overall, and the false-acceptance figures.
import type { Procedure } from "../model/index.js";
import { createGrounder, type GroundingOptions } from "./ground.js";
import { normalizeText } from "./normalize-text.js";
import { PERTURBATION_KINDS, perturb, type PerturbationKind } from "./perturb-text.js";
import { seededRandom } from "../random/seeded-random.js";

export interface PerturbationScore {
  trials: number;
  /** Best candidate is the original step. */
  top1: number;
  /** Accepted, and the accepted step is the original one. */
  acceptedCorrect: number;
  /** Accepted, but another step. */
  acceptedWrong: number;
}

export interface GroundingEvaluation {
  procedures: number;
  steps: number;
  seed: number;
  options: GroundingOptions;
  byKind: Record<PerturbationKind, PerturbationScore>;
  /** Over the kinds in `barKinds` (drop-word, shuffle, inflection). */
  bar: PerturbationScore & { top1Rate: number };
  unrelated: { trials: number; accepted: number; acceptedRate: number; identicalText: number; identicalAccepted: number };
  /** A few failures per kind, for reading. */
  examples: { kind: PerturbationKind; procedure: string; step: string; text: string; got: string | undefined; score: number }[];
}

export const BAR_KINDS: readonly PerturbationKind[] = ["drop-word", "shuffle", "inflection"];

const empty = (): PerturbationScore => ({ trials: 0, top1: 0, acceptedCorrect: 0, acceptedWrong: 0 });

export function evaluateGrounding(procedures: readonly Procedure[], seed = 1, options: GroundingOptions = {}): GroundingEvaluation {
  const rnd = seededRandom(seed);
  const byKind = Object.fromEntries(PERTURBATION_KINDS.map((k) => [k, empty()])) as Record<PerturbationKind, PerturbationScore>;
  const examples: GroundingEvaluation["examples"] = [];
  const unrelated = { trials: 0, accepted: 0, acceptedRate: 0, identicalText: 0, identicalAccepted: 0 };
  let steps = 0;

  for (const p of procedures) {
    const grounder = createGrounder(p, options);
    for (const step of p.steps) {
      steps++;
      for (const kind of PERTURBATION_KINDS) {
        const text = perturb(step.text, kind, rnd);
        const r = grounder.ground(text);
        const s = byKind[kind];
        s.trials++;
        if (r.candidates[0]?.step === step.id) s.top1++;
        else if (examples.filter((e) => e.kind === kind).length < 5) {
          examples.push({ kind, procedure: p.id, step: step.id, text, got: r.candidates[0]?.step, score: r.score });
        }
        if (r.accepted) {
          if (r.step === step.id) s.acceptedCorrect++;
          else s.acceptedWrong++;
        }
      }
    }
    const own = new Set(p.steps.map((s) => normalizeText(s.text).sort().join(" ")));
    for (const other of procedures) {
      if (other === p) continue;
      for (const step of other.steps) {
        const r = grounder.ground(step.text);
        if (own.has(normalizeText(step.text).sort().join(" "))) {
          unrelated.identicalText++;
          if (r.accepted) unrelated.identicalAccepted++;
          continue;
        }
        unrelated.trials++;
        if (r.accepted) unrelated.accepted++;
      }
    }
  }
  unrelated.acceptedRate = unrelated.trials === 0 ? 0 : unrelated.accepted / unrelated.trials;
  const bar = BAR_KINDS.reduce((acc, k) => {
    const s = byKind[k];
    return { trials: acc.trials + s.trials, top1: acc.top1 + s.top1, acceptedCorrect: acc.acceptedCorrect + s.acceptedCorrect, acceptedWrong: acc.acceptedWrong + s.acceptedWrong };
  }, empty());
  return {
    procedures: procedures.length,
    steps,
    seed,
    options,
    byKind,
    bar: { ...bar, top1Rate: bar.trials === 0 ? 0 : bar.top1 / bar.trials },
    unrelated,
    examples,
  };
}
