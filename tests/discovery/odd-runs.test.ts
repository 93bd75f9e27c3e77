// Odd runs (src/discovery/odd-runs.ts): single runs whose lone deviations (the fewest of their
// steps out of place, and the steps only they lack) are improbable under the rate of the other runs
// (per chance a run offers: its steps, and the steps every other run has; a Gamma–Poisson
// predictive, negative binomial) are set aside before the models are fitted; tested one at a time,
// the most improbable first, so one very odd run does not hide another (masking).
import { describe, expect, it } from "vitest";
import { induce } from "../../src/discovery/induce.js";
import { ProcedureSchema } from "../../src/model/index.js";

const steps = Array.from({ length: 12 }, (_, i) => `s${i}`);
const proc = ProcedureSchema.parse({ id: "p", title: "P", steps: steps.map((s) => ({ id: s, text: `do ${s}` })) });
const usual = Array.from({ length: 20 }, () => [...steps]);
// Swaps four neighbour pairs no other run swaps: 4 steps out of place.
const swapped = ["s1", "s0", "s3", "s2", "s5", "s4", "s7", "s6", "s8", "s9", "s10", "s11"];
// Does one step only: it alone lacks 11 steps every other run has.
const lone = ["s11"];

describe("odd runs", () => {
  it("sets aside a run with four lone reversals among 20 runs that agree", () => {
    expect(induce(proc, [...usual, swapped]).calibration!.oddRuns).toBe(1);
  });

  it("still sets it aside when a far odder run is added (no masking)", () => {
    // Every run offers 13 chances (a full run's 12 steps and s11, which every other run has; the
    // one-step run's s11 and the 11 steps it lacks). Against all the other runs, one-step run
    // included (11 deviations per 273 chances), the swapped run's mean is 0.55 and P(≥ 4) 0.0034,
    // above 0.05 / 22; once the one-step run is set aside the others have none (mean 0.025 with
    // Jeffreys' ½, P ≈ 1e-6).
    const s = induce(proc, [...usual, swapped, lone]);
    expect(s.calibration!.oddRuns).toBe(2);
    // So the swapped pairs stay ordered.
    expect(s.edges.some((e) => e.from === "s0" && e.to === "s1")).toBe(true);
  });

  it("does not set a long run aside for its length", () => {
    // 20 runs do only s0–s2; six do all twelve steps. One long run reverses three neighbour pairs
    // no other run reverses, four others one each. Per run that is improbable (the others' 4
    // deviations over 25 runs: mean 0.18, P(≥ 3) = 0.0014 < 0.05 / 26); per chance it is not: a
    // long run offers 15 (its 12 steps, and s0–s2, which every other run has), a short one 6 (mean
    // 4.5 · 15 / 195 = 0.35, P = 0.008).
    const short = Array.from({ length: 20 }, () => ["s0", "s1", "s2"]);
    const swap = (...at: number[]) => {
      const r = [...steps];
      for (const k of at) [r[k], r[k + 1]] = [r[k + 1]!, r[k]!];
      return r;
    };
    const long = [swap(3, 5, 7), swap(4), swap(6), swap(8), swap(10), [...steps]];
    expect(induce(proc, [...short, ...long]).calibration!.oddRuns).toBe(0);
  });

  it("sets aside nothing when the deviations are spread over many runs", () => {
    // Each of 8 runs swaps a different neighbour pair once: one lone deviation per run is usual here.
    const spread = Array.from({ length: 8 }, (_, k) => {
      const r = [...steps];
      [r[k], r[k + 1]] = [r[k + 1]!, r[k]!];
      return r;
    });
    expect(induce(proc, [...usual, ...spread]).calibration!.oddRuns).toBe(0);
  });

  it("counts a block of steps moved together as the steps moved, not every pair it reverses", () => {
    // Four runs each swap a different neighbour pair; one run does s8 and s9 right after s2: 10
    // pairs no other run reverses, but only two steps out of place. As pairs it would be odd (10
    // against the others' 4 over 24 runs); as steps it is not: mean 0.19, P(≥ 2) = 0.018 > 0.05 / 25.
    const spread = [0, 1, 2, 10].map((k) => {
      const r = [...steps];
      [r[k], r[k + 1]] = [r[k + 1]!, r[k]!];
      return r;
    });
    const block = ["s0", "s1", "s2", "s8", "s9", "s3", "s4", "s5", "s6", "s7", "s10", "s11"];
    expect(induce(proc, [...usual, ...spread, block]).calibration!.oddRuns).toBe(0);
    // Four separate swaps reverse fewer pairs (4) but put four steps out of place: odd (mean 0.19,
    // P(≥ 4) = 0.0001).
    const swaps = ["s0", "s1", "s2", "s4", "s3", "s6", "s5", "s8", "s7", "s10", "s9", "s11"];
    expect(induce(proc, [...usual, ...spread, swaps]).calibration!.oddRuns).toBe(1);
  });

  it("tests a run against the other runs' rate: two steps out of place among 20 runs with none", () => {
    // With its own deviations in the rate (2 over 21 runs, mean 0.095) P(≥ 2) = 0.004, above
    // 0.05 / 21: never odd. Against the others' rate (none over 20 runs; Jeffreys' ½, mean 0.025)
    // P(≥ 2) = 0.0009: odd, and the orders it alone broke stay.
    const twoSwaps = ["s1", "s0", "s2", "s4", "s3", "s5", "s6", "s7", "s8", "s9", "s10", "s11"];
    const s = induce(proc, [...usual, twoSwaps]);
    expect(s.calibration!.oddRuns).toBe(1);
    expect(s.edges.some((e) => e.from === "s0" && e.to === "s1")).toBe(true);
    expect(s.edges.some((e) => e.from === "s3" && e.to === "s4")).toBe(true);
  });
});
