import { describe, expect, it } from "vitest";
import { classScores } from "../../src/evaluation/binary-scores.js";

describe("classScores", () => {
  it("computes conventional precision, recall and F1", () => {
    // tp 3, fp 1, fn 2: P = 3/4, R = 3/5, F1 = 2·0.75·0.6 / 1.35 = 2/3
    const s = classScores({ tp: 3, fp: 1, fn: 2 });
    expect(s.precision).toBe(0.75);
    expect(s.recall).toBe(0.6);
    expect(s.f1).toBeCloseTo(2 / 3, 12);
  });

  it("returns 0 instead of NaN when nothing was predicted or nothing was positive", () => {
    expect(classScores({ tp: 0, fp: 0, fn: 0 })).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
});
