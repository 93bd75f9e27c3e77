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
  // single most probable remainder, and its set (no more steps) has the most mass of any set.
  const branching = buildScript({
    steps: ["a", "b", "c", "d", "e"],
    optional: ["b", "c", "d", "e"],
    traces: [["a"], ["a"], ...["c", "d", "e"].flatMap((y) => [["a", "b", y], ["a", "b", y]])],
  });

  it("returns the remainder whose set of steps is the most probable", () => {
    expect(complete(branching, ["a"]).steps).toEqual([]);
  });

  // After a: 3 runs stop; 6 do b, c and d, each in another order. Each order alone is rarer than
  // stopping, but together they are twice as common: the completion does b, c and d.
  const perms = [["b", "c", "d"], ["b", "d", "c"], ["c", "b", "d"], ["c", "d", "b"], ["d", "b", "c"], ["d", "c", "b"]];
  const orders = buildScript({
    steps: ["a", "b", "c", "d"],
    optional: ["b", "c", "d"],
    traces: [["a"], ["a"], ["a"], ...perms.map((o) => ["a", ...o])],
  });

  it("chooses the steps by their mass over every order, not by the single most probable sequence", () => {
    const p = (done: string[], step: string): number => nextSteps(orders, done, 10).find((n) => n.step === step)!.probability;
    const pathP = (steps: string[]): number => steps.reduce((acc, s, k) => acc * p(["a", ...steps.slice(0, k)], s), 1) * p(["a", ...steps], "END");
    // The premise: stopping is the single most probable remainder, yet b, c, d together are more probable.
    const stop = p(["a"], "END");
    const each = perms.map(pathP);
    expect(stop).toBeGreaterThan(Math.max(...each));
    expect(each.reduce((a, b) => a + b, 0)).toBeGreaterThan(stop);
    const r = complete(orders, ["a"]);
    expect([...r.steps].sort()).toEqual(["b", "c", "d"]);
    // The probability reported is the remainder's own, not its set's.
    expect(r.probability).toBeCloseTo(pathP(r.steps), 12);
  });

  it("completes an empty procedure with no steps", () => {
    expect(complete(buildScript({ steps: [] }), [])).toEqual({ steps: [], probability: 1 });
  });
});
