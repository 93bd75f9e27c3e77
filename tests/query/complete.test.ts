import { describe, expect, it } from "vitest";
import { complete } from "../../src/query/complete.js";
import { nextSteps } from "../../src/query/next-steps.js";
import { buildScript } from "../conformance/build-script.js";

describe("complete", () => {
  it("completes the written chain when there are no traces", () => {
    const s = buildScript({ steps: ["a", "b", "c"], edges: [["a", "b"], ["b", "c"]] });
    expect(complete(s, ["a"])).toEqual({ steps: ["b", "c"], probability: 1 });
  });

  it("returns the empty completion for a finished run", () => {
    const s = buildScript({ steps: ["a"] });
    expect(complete(s, ["a"])).toEqual({ steps: [], probability: 1 });
  });

  it("follows the most frequent observed order", () => {
    const s = buildScript({ steps: ["a", "b", "c"], traces: [["a", "c", "b"], ["a", "c", "b"], ["a", "b", "c"]] });
    expect(complete(s, ["a"]).steps).toEqual(["c", "b"]);
  });

  it("may skip an optional step when the traces mostly skip it", () => {
    const s = buildScript({ steps: ["a", "x", "b"], optional: ["x"], traces: [["a", "b"], ["a", "b"], ["a", "b"], ["a", "x", "b"]] });
    expect(complete(s, []).steps).toEqual(["a", "b"]);
  });

  it("adds every required step even when the prefix broke the order", () => {
    const s = buildScript({ steps: ["a", "b", "c"], edges: [["a", "b"], ["b", "c"]] });
    expect(complete(s, ["c"]).steps).toEqual(["a", "b"]);
  });

  it("gives a probability between 0 and 1 that is the product along the completion", () => {
    const s = buildScript({ steps: ["a", "b"], traces: [["a", "b"], ["b", "a"]] });
    const r = complete(s, []);
    expect(r.probability).toBeGreaterThan(0);
    expect(r.probability).toBeLessThan(1);
  });

  // After a: 2 runs stop, 6 go on with b and then one of c, d, e (2 each). Stopping is the
  // single most probable remainder, by a hair, over b then c.
  const branching = buildScript({
    steps: ["a", "b", "c", "d", "e"],
    optional: ["b", "c", "d", "e"],
    traces: [["a"], ["a"], ...["c", "d", "e"].flatMap((y) => [["a", "b", y], ["a", "b", y]])],
  });

  it("returns the most probable remainder when entropyBonus is 0", () => {
    expect(complete(branching, ["a"], { entropyBonus: 0 }).steps).toEqual([]);
  });

  it("by default prefers going on through an uncertain choice when the probabilities are close", () => {
    expect(complete(branching, ["a"]).steps).toEqual(["b", "c"]);
  });

  it("reports the remainder's own probability, not its search score, when the bonus is on", () => {
    const p = (done: string[], step: string): number => nextSteps(branching, done, 10).find((n) => n.step === step)!.probability;
    const expected = p(["a"], "b") * p(["a", "b"], "c") * p(["a", "b", "c"], "END");
    expect(complete(branching, ["a"]).probability).toBeCloseTo(expected, 12);
  });

  it("completes an empty procedure with no steps", () => {
    expect(complete(buildScript({ steps: [] }), [])).toEqual({ steps: [], probability: 1 });
  });
});
