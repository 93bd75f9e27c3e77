import { describe, expect, it } from "vitest";
import { learnLinkScorer, type RankingExample } from "../../src/linking/learn-link-scorer.js";
import { LINK_FEATURES } from "../../src/linking/link-features.js";
import { assertScorerFeatures, DEFAULT_LINK_SCORER, linkScore } from "../../src/linking/link-scorer.js";
import { InvalidInputError } from "../../src/errors.js";

const F = LINK_FEATURES.length;
const TELLING = LINK_FEATURES.indexOf("wordJaccard");

/** Examples where the right candidate is the one with the highest `wordJaccard`, all else noise. */
function examples(n: number): RankingExample[] {
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  return Array.from({ length: n }, () => {
    const candidates = 5;
    const features = new Float32Array(candidates * F).map(() => rand());
    const gold = Math.floor(rand() * candidates);
    for (let c = 0; c < candidates; c++) features[c * F + TELLING] = c === gold ? 0.9 : 0.3 * rand();
    return { features, candidates, gold };
  });
}

describe("learnLinkScorer", () => {
  it("learns to rank by the one telling feature", () => {
    const scorer = learnLinkScorer(examples(200), { epochs: 20, hidden: 4, learningRate: 0.05 });
    const test = examples(50);
    const right = test.filter((ex) => {
      const scores = Array.from({ length: ex.candidates }, (_, c) => linkScore(scorer, ex.features.subarray(c * F, c * F + F)));
      return scores.indexOf(Math.max(...scores)) === ex.gold;
    }).length;
    expect(right / test.length).toBeGreaterThan(0.9);
  });

  it("averages the networks of successive seeds when asked for an ensemble", () => {
    const ex = examples(20);
    const ensemble = learnLinkScorer(ex, { epochs: 1, seed: 5, members: 2 });
    const a = learnLinkScorer(ex, { epochs: 1, seed: 5 });
    const b = learnLinkScorer(ex, { epochs: 1, seed: 6 });
    const x = ex[0]!.features.subarray(0, F);
    expect(ensemble.kind).toBe("ensemble");
    expect(linkScore(ensemble, x)).toBeCloseTo((linkScore(a, x) + linkScore(b, x)) / 2, 9);
  });

  it("is deterministic for a seed", () => {
    expect(learnLinkScorer(examples(20), { epochs: 1, seed: 3 })).toEqual(learnLinkScorer(examples(20), { epochs: 1, seed: 3 }));
  });
});

describe("assertScorerFeatures", () => {
  it("accepts the default scorer", () => {
    expect(() => assertScorerFeatures(DEFAULT_LINK_SCORER)).not.toThrow();
  });

  it("rejects a scorer made for other features", () => {
    expect(() => assertScorerFeatures({ kind: "linear", features: ["x"], weights: [1] })).toThrow(InvalidInputError);
  });
});
