import { describe, expect, it } from "vitest";
import { continuationMajorities, type IndexedRun } from "../../src/discovery/continuation-majorities.js";

const ids = ["a", "b", "c", "d", "x"];
const ix = (steps: string): number[] => [...steps].map((s) => ids.indexOf(s));
const runs = (...spec: [string, number][]): IndexedRun[] => spec.map(([steps, count]) => ({ steps: ix(steps), count }));

describe("continuationMajorities", () => {
  it("keeps a rest done by at least 3× all the other runs together when the sign test says so", () => {
    // After a: 7 runs do b, c, d (in two orders), 1 run does x. 7 ≥ 3 × 1 and P(X ≥ 7 | 8) = 0.035.
    const out = continuationMajorities(runs(["abcd", 4], ["adcb", 3], ["ax", 1]), 0, ids);
    expect(out).toContainEqual({ done: ["a"], rest: ["b", "c", "d"], runs: 7, of: 8 });
  });

  it("keeps none when the sign test does not clear 5 % (6 runs against 1: p = 0.0625)", () => {
    const out = continuationMajorities(runs(["abcd", 3], ["adcb", 3], ["ax", 1]), 0, ids);
    expect(out.find((c) => c.done.join() === "a")).toBeUndefined();
  });

  it("keeps none when another rest has more than a third of the majority's runs, however clear the sign test", () => {
    // 14 against 5: P(X ≥ 14 | 19) = 0.032, but 14 < 3 × 5. 15 against 5 is kept.
    expect(continuationMajorities(runs(["abcd", 14], ["ax", 5]), 0, ids).find((c) => c.done.join() === "a")).toBeUndefined();
    expect(continuationMajorities(runs(["abcd", 15], ["ax", 5]), 0, ids)).toContainEqual({ done: ["a"], rest: ["b", "c", "d"], runs: 15, of: 20 });
  });

  it("tests the majority against all the other runs together (15 against 5 + 5 + 5 is not clear)", () => {
    expect(continuationMajorities(runs(["abcd", 15], ["ax", 5], ["ab", 5], ["abc", 5]), 0, ids).find((c) => c.done.join() === "a")).toBeUndefined();
    // 15 against 3 + 3: 3× any other, and P(X ≥ 15 | 21) = 0.013.
    expect(continuationMajorities(runs(["abcd", 15], ["ax", 3], ["ab", 3]), 0, ids)).toContainEqual({ done: ["a"], rest: ["b", "c", "d"], runs: 15, of: 21 });
  });

  it("keeps ending as a majority (the empty rest)", () => {
    const out = continuationMajorities(runs(["a", 8], ["ab", 1]), 0, ids);
    expect(out).toContainEqual({ done: ["a"], rest: [], runs: 8, of: 9 });
  });

  it("counts the runs past the variants cap against every majority", () => {
    expect(continuationMajorities(runs(["abcd", 7], ["ax", 1]), 0, ids)).toContainEqual({ done: ["a"], rest: ["b", "c", "d"], runs: 7, of: 8 });
    // 7 against 1 + 1 overflow: P(X ≥ 7 | 9) = 0.090.
    expect(continuationMajorities(runs(["abcd", 7], ["ax", 1]), 1, ids).find((c) => c.done.join() === "a")).toBeUndefined();
  });

  it("never keeps a rest that repeats a step, and counts no done set after the first repeat", () => {
    const out = continuationMajorities(runs(["abac", 9]), 0, ids);
    // {} → a, b, a, c and {a} → b, a, c and {a, b} → a, c all repeat a; after the repeat nothing is counted.
    expect(out).toEqual([]);
  });

  it("lets a repeating rest outvote the others (it is counted, just never proposed)", () => {
    const out = continuationMajorities(runs(["abab", 8], ["abc", 1]), 0, ids);
    expect(out.find((c) => c.done.join() === "a,b")).toBeUndefined();
  });

  it("lists each set in the order of `ids`, whatever the order in the runs", () => {
    const out = continuationMajorities(runs(["dcba", 9]), 0, ids);
    expect(out).toContainEqual({ done: ["c", "d"], rest: ["a", "b"], runs: 9, of: 9 });
    expect(out).toContainEqual({ done: [], rest: ["a", "b", "c", "d"], runs: 9, of: 9 });
  });
});
