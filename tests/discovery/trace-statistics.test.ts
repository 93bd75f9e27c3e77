import { describe, expect, it } from "vitest";
import { traceStatistics } from "../../src/discovery/trace-statistics.js";

describe("traceStatistics", () => {
  const traces = [
    ["a", "b", "c"],
    ["b", "a", "c"],
  ];

  it("gives the share of consecutive pairs that also occur reversed", () => {
    const s = traceStatistics(traces);
    expect(s.consecutivePairs).toBe(4);
    expect(s.reversedPairShare).toBe(0.5);
  });

  it("gives the mean number of frequent next steps per step", () => {
    expect(traceStatistics(traces).meanFrequentNextSteps).toBe(2);
  });

  it("applies the pair cut-off to a pair and its reverse", () => {
    const s = traceStatistics([...traces, ["a", "b", "c"]], { minPairCount: 2 });
    expect(s.consecutivePairs).toBe(2);
    expect(s.reversedPairShare).toBe(0);
  });

  it("drops next steps below the share cut-off", () => {
    const many = [...Array.from({ length: 9 }, () => ["a", "b"]), ["a", "c"]];
    expect(traceStatistics(many, { minNextShare: 0.2 }).meanFrequentNextSteps).toBe(1);
  });

  it("ignores self-transitions and reports its cut-offs", () => {
    const s = traceStatistics([["a", "a"]]);
    expect(s.consecutivePairs).toBe(0);
    expect(s.cutoffs).toEqual({ minPairCount: 1, minNextCount: 1, minNextShare: 0.1 });
  });

  it("rejects a cut-off out of range", () => {
    expect(() => traceStatistics(traces, { minNextShare: 2 })).toThrow(/minNextShare/);
  });
});
