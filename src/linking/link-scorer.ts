// LinkScorer: how the link features of a (text, goal) pair (link-features.ts, LINK_FEATURES
// order) combine into one ranking score. Three forms: a linear model, a small neural network
// (one tanh hidden layer plus a linear skip term) that learnLinkScorer fits on linked examples,
// and the mean of several of those (an ensemble over seeds).
// `linkScore` returns the score; higher ranks first. Scores are only comparable within a text.
import { z } from "zod";
import { InvalidInputError } from "../errors.js";
import { LINK_FEATURES } from "./link-features.js";

const Vector = z.array(z.number().finite());

const LinearScorerSchema = z.object({ kind: z.literal("linear"), features: z.array(z.string()), weights: Vector }).strict();
const MlpScorerSchema = z
    .object({
      kind: z.literal("mlp"),
      features: z.array(z.string()),
      /** hidden × features, row-major. */
      hiddenWeights: z.array(Vector),
      hiddenBias: Vector,
      outputWeights: Vector,
      /** Linear skip term: one weight per feature. */
      linearWeights: Vector,
      /** How the scorer was obtained (data, split, protocol), for people. */
      trainedOn: z.string().optional(),
    })
    .strict();
/** The mean score of several scorers (networks learned with different seeds). */
const EnsembleScorerSchema = z
  .object({
    kind: z.literal("ensemble"),
    features: z.array(z.string()),
    members: z.array(z.discriminatedUnion("kind", [LinearScorerSchema, MlpScorerSchema])).min(1),
    trainedOn: z.string().optional(),
  })
  .strict();
export const LinkScorerSchema = z.discriminatedUnion("kind", [LinearScorerSchema, MlpScorerSchema, EnsembleScorerSchema]);
export type LinkScorer = z.infer<typeof LinkScorerSchema>;

// NOTE: set by hand (simple, equal-ish weights on the four most telling features), not
// learned; `stepgraph eval linking` learns a better one on the wikiHow train split and reports both.
const DEFAULT_WEIGHTS: Partial<Record<(typeof LINK_FEATURES)[number], number>> = {
  titleCosine: 1,
  translation: 1,
  textCoverage: 0.5,
  exampleTop3: 1,
};

/**
 * The scorer used when none is given: a hand-set linear combination (not learned on any data
 * set) of how much of the goal's title the text mentions, exactly or through learned word
 * associations, and how close the text is to the goal's example steps.
 */
export const DEFAULT_LINK_SCORER: LinkScorer = {
  kind: "linear",
  features: [...LINK_FEATURES],
  weights: LINK_FEATURES.map((f) => DEFAULT_WEIGHTS[f] ?? 0),
};

export function linkScore(scorer: LinkScorer, features: ArrayLike<number>): number {
  if (scorer.kind === "ensemble") {
    let s = 0;
    for (const m of scorer.members) s += linkScore(m, features);
    return s / scorer.members.length;
  }
  if (scorer.kind === "linear") {
    let s = 0;
    for (let i = 0; i < scorer.weights.length; i++) s += scorer.weights[i]! * (features[i] ?? 0);
    return s;
  }
  let s = 0;
  for (let i = 0; i < scorer.linearWeights.length; i++) s += scorer.linearWeights[i]! * (features[i] ?? 0);
  for (let h = 0; h < scorer.hiddenBias.length; h++) {
    const row = scorer.hiddenWeights[h]!;
    let z = scorer.hiddenBias[h]!;
    for (let i = 0; i < row.length; i++) z += row[i]! * (features[i] ?? 0);
    s += scorer.outputWeights[h]! * Math.tanh(z);
  }
  return s;
}

/** Throws InvalidInputError when a scorer was made for other features than this build computes. */
export function assertScorerFeatures(scorer: LinkScorer): void {
  const n = LINK_FEATURES.length;
  const same = scorer.features.length === n && scorer.features.every((f, i) => f === LINK_FEATURES[i]);
  if (scorer.kind === "ensemble") {
    for (const m of scorer.members) assertScorerFeatures(m);
  }
  const sized =
    scorer.kind === "ensemble"
      ? true
      : scorer.kind === "linear"
      ? scorer.weights.length === n
      : scorer.linearWeights.length === n &&
        scorer.hiddenWeights.length === scorer.hiddenBias.length &&
        scorer.outputWeights.length === scorer.hiddenBias.length &&
        scorer.hiddenWeights.every((row) => row.length === n);
  if (!same || !sized) {
    const message = `link scorer for features [${scorer.features.join(", ")}] does not fit this build's [${LINK_FEATURES.join(", ")}]`;
    throw new InvalidInputError("invalid_link_scorer", message, [{ path: ["features"], message }]);
  }
}
