import { describe, expect, it } from "vitest";
import { evaluateMistakes } from "../../src/evaluation/mistake-eval.js";
import { ProcedureSchema } from "../../src/model/index.js";

const p = ProcedureSchema.parse({ id: "p", title: "P", steps: [{ id: "a", text: "a" }, { id: "b", text: "b" }, { id: "c", text: "c" }] });
const train = [
  { procedure: "p", steps: ["a", "b", "c"] },
  { procedure: "p", steps: ["a", "b", "c"] },
];

describe("evaluateMistakes", () => {
  it("scores the mistake step as positive and every earlier step as negative", () => {
    // Case 1: a, c (c before b: caught) → 1 TN + 1 TP. Case 2: b (before a: caught) → 1 TP.
    // Case 3: a, b, c with the mistake tagged at c (allowed: missed) → 2 TN + 1 FN.
    const r = evaluateMistakes(() => p, train, [
      { id: "1", procedure: "p", steps: ["a", "c"], mistakeAt: 1 },
      { id: "2", procedure: "p", steps: ["b"], mistakeAt: 0 },
      { id: "3", procedure: "p", steps: ["a", "b", "c"], mistakeAt: 2 },
    ]);
    // mistake: tp 2, fp 0, fn 1 → P 1, R 2/3, F1 0.8; correct: tp 3, fp 1, fn 0 → P 3/4, R 1, F1 6/7
    expect(r.mistake).toEqual({ precision: 1, recall: 2 / 3, f1: expect.closeTo(0.8, 12) });
    expect(r.correct).toEqual({ precision: 0.75, recall: 1, f1: expect.closeTo(6 / 7, 12) });
    expect(r.avgF1).toBeCloseTo((0.8 + 6 / 7) / 2, 12);
    expect(r.counts).toEqual({ cases: 3, steps: 6, mistakes: 3, flagged: 2, caught: 2 });
  });

  it("feeds a run without a mistake to its end, every step a negative", () => {
    const r = evaluateMistakes(() => p, train, [{ id: "1", procedure: "p", steps: ["b", "a", "c"], mistakeAt: null }]);
    // b is flagged (before a): one false alarm among three negatives.
    expect(r.counts).toEqual({ cases: 1, steps: 3, mistakes: 0, flagged: 1, caught: 0 });
    expect(r.correct).toEqual({ precision: 1, recall: 2 / 3, f1: 0.8 });
  });

  describe("trainSample", () => {
    const mixed = [
      { procedure: "p", steps: ["a", "b", "c"] },
      { procedure: "p", steps: ["b", "a", "c"] },
    ];
    const bFirst = [{ id: "1", procedure: "p", steps: ["b"], mistakeAt: 0 }];
    const induce = { minSupport: 1, minConfidence: 1, maxTraceViolations: null };

    it("trains on at most count traces per procedure", () => {
      // All traces: b-a seen both ways, so b first is allowed; none: the written chain flags it.
      expect(evaluateMistakes(() => p, mixed, bFirst, { induce }).counts.flagged).toBe(0);
      expect(evaluateMistakes(() => p, mixed, bFirst, { induce, trainSample: { count: 0, seed: 1 } }).counts.flagged).toBe(1);
    });

    it("draws the sample by seed", () => {
      const flagged = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => evaluateMistakes(() => p, mixed, bFirst, { induce, trainSample: { count: 1, seed } }).counts.flagged);
      expect(new Set(flagged)).toEqual(new Set([0, 1]));
    });
  });

  it("uses given graphs instead of induced ones when asked", () => {
    // The given graph has no edge at all, so nothing is ever flagged.
    const r = evaluateMistakes(() => p, train, [{ id: "2", procedure: "p", steps: ["b"], mistakeAt: 0 }], { graphs: new Map([["p", []]]) });
    expect(r.counts.flagged).toBe(0);
  });
});
