import { describe, expect, it } from "vitest";
import { induce } from "../../src/discovery/induce.js";
import { ProcedureSchema } from "../../src/model/index.js";
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

  // After a: 3 runs stop; 12 do b, c and d, two in each order. Each order alone is rarer than
  // stopping, but together they are four times as common: the completion does b, c and d.
  const perms = [["b", "c", "d"], ["b", "d", "c"], ["c", "b", "d"], ["c", "d", "b"], ["d", "b", "c"], ["d", "c", "b"]];
  const orders = buildScript({
    steps: ["a", "b", "c", "d"],
    optional: ["b", "c", "d"],
    traces: [["a"], ["a"], ["a"], ...perms.flatMap((o) => [["a", ...o], ["a", ...o]])],
  });
  const probabilityOf = (script: typeof orders, prefix: string[], steps: string[]): number => {
    const p = (done: string[], step: string): number => nextSteps(script, done, 10).find((n) => n.step === step)!.probability;
    return steps.reduce((acc, s, k) => acc * p([...prefix, ...steps.slice(0, k)], s), 1) * p([...prefix, ...steps], "END");
  };

  it("chooses a set of steps over the most probable sequence when the set has 3× its probability", () => {
    // The premise: stopping is the single most probable remainder, yet b, c, d together are at
    // least 3 times as probable.
    const stop = probabilityOf(orders, ["a"], []);
    const each = perms.map((o) => probabilityOf(orders, ["a"], o));
    expect(stop).toBeGreaterThan(Math.max(...each));
    expect(each.reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(3 * stop);
    const r = complete(orders, ["a"]);
    expect([...r.steps].sort()).toEqual(["b", "c", "d"]);
    // The most probable order of the set, and the probability reported is the remainder's own.
    expect(r.probability).toBeCloseTo(Math.max(...each), 12);
    expect(r.probability).toBeCloseTo(probabilityOf(orders, ["a"], r.steps), 12);
  });

  // After a: 4 runs do x; 6 do c, d and e, two in each of three orders. The set c, d, e is more
  // probable than x, but not 3 times: the most probable remainder, x, is kept (it is right more
  // often than any one order of c, d, e).
  const branch = buildScript({
    steps: ["a", "x", "c", "d", "e"],
    optional: ["x", "c", "d", "e"],
    traces: [
      ...Array.from({ length: 4 }, () => ["a", "x"]),
      ...[["c", "d", "e"], ["d", "c", "e"], ["c", "e", "d"]].flatMap((o) => [["a", ...o], ["a", ...o]]),
    ],
  });

  it("keeps the most probable remainder when no other set has 3× the probability of its set", () => {
    const x = probabilityOf(branch, ["a"], ["x"]);
    const cde = [["c", "d", "e"], ["d", "c", "e"], ["c", "e", "d"]].map((o) => probabilityOf(branch, ["a"], o));
    expect(x).toBeGreaterThan(Math.max(...cde));
    expect(cde.reduce((p, q) => p + q, 0)).toBeGreaterThan(x);
    expect(complete(branch, ["a"]).steps).toEqual(["x"]);
  });

  // After s0: 15 runs do s1..s4 in 12 different orders, 5 identical runs do s1, s2, s3 and stop.
  // The model alone finishes like the 5 (their one order beats each of the 15's orders, and the
  // beam drops part of the 15's mass); the runs that reached {s0} are a clear majority (15 ≥ 3 × 5,
  // sign test p = 0.021), so the completion does all four steps.
  it("follows the runs' clear majority where the model would finish with another set (issue 13's coffee pattern)", () => {
    const orders = ["2431", "3124", "1243", "2314", "3142", "1423", "2413", "1342", "2431", "2341", "4312", "4132", "3214", "2413", "3124"];
    const runs = [...orders.map((o) => ["s0", ...[...o].map((d) => `s${d}`)]), ...Array.from({ length: 5 }, () => ["s0", "s1", "s2", "s3"])];
    const procedure = ProcedureSchema.parse({ id: "p", title: "P", steps: ["s0", "s1", "s2", "s3", "s4"].map((id) => ({ id, text: id })) });
    const script = induce(procedure, runs);
    expect(script.continuations).toContainEqual({ done: ["s0"], rest: ["s1", "s2", "s3", "s4"], runs: 15, of: 20 });
    expect(script.calibration!.reasons).toContainEqual(expect.stringMatching(/^completion follows the runs where they clearly agree on what else gets done: at \d+ points/));
    const { continuations: _, ...modelOnly } = script;
    expect(complete(modelOnly, ["s0"]).steps).toEqual(["s1", "s2", "s3"]);
    const steps = complete(script, ["s0"]).steps;
    expect([...steps].sort()).toEqual(["s1", "s2", "s3", "s4"]);
    expect(complete(script, ["s0"]).probability).toBeGreaterThan(0);
  });

  it("completes an empty procedure with no steps", () => {
    expect(complete(buildScript({ steps: [] }), [])).toEqual({ steps: [], probability: 1 });
  });
});
