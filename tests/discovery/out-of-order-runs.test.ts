// Runs out of order (src/discovery/out-of-order-runs.ts): single runs that invert far more of the
// pairs the noisy model's graph constrains than the runs do are set aside and the models fitted
// again; several runs erring alike (which the lone-deviation test of odd runs cannot see) are
// caught, and valid variation spread over the runs sets nothing aside.
import { describe, expect, it } from "vitest";
import { induce } from "../../src/discovery/induce.js";
import { ProcedureSchema } from "../../src/model/index.js";

const steps = Array.from({ length: 12 }, (_, i) => `s${i}`);
const proc = ProcedureSchema.parse({ id: "p", title: "P", steps: steps.map((s) => ({ id: s, text: `do ${s}` })) });
const usual = Array.from({ length: 20 }, () => [...steps]);
// Two runs do the last step first: each inverts the eleven pairs (s_i, s11), and no inversion is
// lone (both runs make it).
const lastFirst = Array.from({ length: 2 }, () => ["s11", ...steps.slice(0, 11)]);
// Two different runs, so that each is a variant seen once (an order two runs share is data): the
// second also swaps s1 and s2.
const lastFirstVariants = [lastFirst[0]!, ["s11", "s0", "s2", "s1", ...steps.slice(3, 11)]];

describe("runs out of order", () => {
  it("sets aside two runs that do the last step first among 20 in order, and keeps the order they break", () => {
    const s = induce(proc, [...usual, ...lastFirstVariants]);
    expect(s.calibration!.oddRuns).toBe(0);
    expect(s.calibration!.outOfOrderRuns).toBe(2);
    expect(s.calibration!.reasons.some((r) => r.startsWith("2 runs set aside as out of order"))).toBe(true);
    expect(s.edges.some((e) => e.from === "s10" && e.to === "s11")).toBe(true);
    // Support still counts every run.
    expect(s.steps.find((x) => x.id === "s11")!.support).toBe(22);
  });

  it("keeps the noise model the runs chose: setting the runs aside does not make the log clean", () => {
    // The 20 runs in order alone would be taken as clean; with the two runs out of order the
    // held-out runs show noise, and the refit without them keeps that choice (induce.ts).
    const s = induce(proc, [...usual, ...lastFirstVariants]);
    expect(s.calibration!.noise!.model).toBe("noisy");
    expect(s.calibration!.noise!.runs).toBe(22);
    expect(induce(proc, usual).calibration!.noise!.model).toBe("clean");
  });

  it("does not set aside two identical runs (an order two runs share is data): they free s11", () => {
    const s = induce(proc, [...usual, ...lastFirst]);
    expect(s.calibration!.outOfOrderRuns).toBeUndefined();
    expect(s.edges.some((e) => e.from === "s10" && e.to === "s11")).toBe(false);
  });

  it("sets aside nothing when the runs' reorderings are spread over many runs", () => {
    // Each of 10 runs swaps a different pair of neighbours: one inversion per run is usual here.
    const spread = Array.from({ length: 10 }, (_, k) => {
      const r = [...steps];
      [r[k], r[k + 1]] = [r[k + 1]!, r[k]!];
      return r;
    });
    expect(induce(proc, [...usual, ...spread]).calibration!.outOfOrderRuns).toBeUndefined();
  });

  it("sets aside nothing with fewer than four runs", () => {
    expect(induce(proc, [steps, steps, lastFirst[0]!]).calibration!.outOfOrderRuns).toBeUndefined();
  });

  it("tests a run against the other runs' rate: two runs that move s11 two places earlier", () => {
    // Both break the same two orders (so neither inversion is lone); the second also swaps s0 and
    // s1. Tested with its own inversions in the rate, the first would stay once the second is set
    // aside (2 over 21 runs, mean 0.095, P(≥ 2) = 0.004 > 0.05 / 21); against the other runs' rate
    // (none over 20 runs, mean 0.025) it is out of order too.
    const early = ["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s11", "s9", "s10"];
    const earlySwapped = ["s1", "s0", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s11", "s9", "s10"];
    const s = induce(proc, [...usual, early, earlySwapped]);
    expect(s.calibration!.outOfOrderRuns).toBe(2);
    expect(s.edges.some((e) => e.from === "s10" && e.to === "s11")).toBe(true);
  });
});
