import { describe, expect, it } from "vitest";
import { RunState } from "../../src/conformance/run-state.js";
import { FIT_BUDGET, ITERATIONS, pairwiseDistribution, pairwiseModel } from "../../src/query/pairwise-model.js";
import { nextSteps } from "../../src/query/next-steps.js";
import { buildScript } from "../conformance/build-script.js";

const distribution = (script: ReturnType<typeof buildScript>, done: string[], l2 = 3): Record<string, number> => {
  const run = new RunState(script, done);
  const model = pairwiseModel(script, l2);
  if (!model) throw new Error("no pairwise model");
  const p = pairwiseDistribution(model, run, new Float64Array(run.closure.steps.length + 1));
  return Object.fromEntries([...run.closure.steps, "END"].map((s, i) => [s, p[i]!]));
};

// x is always followed by a, y by b, c by d (10 runs each); no run has both x and c.
const pairs = buildScript({
  steps: ["x", "y", "a", "b", "c", "d"],
  optional: ["x", "y", "a", "b", "c", "d"],
  traces: [["x", "a"], ["y", "b"], ["c", "d"]].flatMap((t) => Array<string[]>(10).fill(t)),
});

describe("pairwise model", () => {
  it("fits the observed next-step shares of a done set seen often enough", () => {
    const s = buildScript({ steps: ["a", "b", "c"], optional: ["b", "c"], traces: [...Array<string[]>(30).fill(["a", "b"]), ...Array<string[]>(10).fill(["a", "c"])] });
    const p = distribution(s, ["a"], 0.01);
    expect(p.b).toBeCloseTo(0.75, 1);
    expect(p.c).toBeCloseTo(0.25, 1);
  });

  it("carries 'step s done makes t likely next' to a done set never seen", () => {
    const p = distribution(pairs, ["x", "c"]);
    const steps = Object.entries(p).filter(([s]) => s !== "END").sort((u, v) => v[1] - u[1]).map(([s]) => s);
    expect(steps.slice(0, 2).sort()).toEqual(["a", "d"]);
    expect(p.a).toBeGreaterThan(2 * p.b!);
    expect(p.d).toBeGreaterThan(2 * p.y!);
  });

  it("gives a distribution over the steps not done and END", () => {
    const p = distribution(pairs, ["y"]);
    expect(p.y).toBe(0);
    expect(Object.values(p).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("fits the same weights for the same counts (no randomness)", () => {
    const copy = structuredClone(pairs);
    expect(pairwiseModel(copy, 3)!.weights).toEqual(pairwiseModel(pairs, 3)!.weights);
    expect(pairwiseModel(pairs, 3)).toBe(pairwiseModel(pairs, 3));
  });

  it("raises a step the done set makes likely when mixed into nextSteps", () => {
    const pA = (weight: number): number => nextSteps(pairs, ["x", "c"], 10, { pairwiseWeight: weight }).find((n) => n.step === "a")!.probability;
    expect(pA(0.4)).toBeGreaterThan(pA(0) + 0.05);
  });

  it("alone (pairwiseWeight 1) gives the allowed steps its own shares", () => {
    const s = buildScript({ steps: ["x", "y", "a", "b", "c", "d"], edges: [["x", "a"]], optional: ["y", "b", "c", "d"], traces: [["x", "a"], ["x", "a"], ["y", "x", "b"], ["c", "x", "d"]] });
    const own = distribution(s, ["y"]);
    const allowed = nextSteps(s, ["y"], 10, { pairwiseWeight: 1 }).filter((n) => n.allowed);
    const mass = allowed.reduce((sum, n) => sum + own[n.step]!, 0);
    expect(allowed.map((n) => n.step)).not.toContain("a");
    for (const n of allowed) expect(n.probability).toBeCloseTo(own[n.step]! / mass, 12);
  });

  it("fits sets whose smaller sets no run stopped at (set-state counts kept only for some)", () => {
    const full = buildScript({ steps: ["a", "b", "c", "d"], optional: ["c", "d"], traces: [...Array<string[]>(30).fill(["a", "b", "c"]), ...Array<string[]>(10).fill(["a", "b", "d"])] });
    const cut = { ...full, states: full.states.filter((s) => s.done.length === 2) };
    const p = distribution(cut, ["a", "b"], 0.01);
    expect(p.c).toBeCloseTo(0.75, 1);
    expect(p.d).toBeCloseTo(0.25, 1);
  });

  it("is left out for a script too large to fit within the budget, which then ranks by counts alone", () => {
    const steps = Array.from({ length: 60 }, (_, i) => `s${i}`);
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const traces = Array.from({ length: 40 }, () => [...steps].sort(() => random() - 0.5));
    const big = buildScript({ steps, optional: steps, traces });
    expect(new Set(big.states.map((s) => s.done.join())).size * 61 * ITERATIONS).toBeGreaterThan(FIT_BUDGET);
    expect(pairwiseModel(big, 3)).toBeUndefined();
    const prefix = traces[0]!.slice(0, 10);
    expect(nextSteps(big, prefix, 5)).toEqual(nextSteps(big, prefix, 5, { pairwiseWeight: 0 }));
  });

  it("leaves a script without traces to the written order", () => {
    const s = buildScript({ steps: ["a", "b", "c"] });
    expect(nextSteps(s, [], 3).map((n) => n.step)).toEqual(["a", "b", "c"]);
  });
});
