// Odd runs (src/discovery/odd-runs.ts): single runs whose lone deviations are improbable under
// the rate of the others are set aside before the models are fitted; tested one at a time, the
// most deviating first, so one very odd run does not hide another (masking).
import { describe, expect, it } from "vitest";
import { induce } from "../../src/discovery/induce.js";
import { ProcedureSchema } from "../../src/model/index.js";

const steps = Array.from({ length: 12 }, (_, i) => `s${i}`);
const proc = ProcedureSchema.parse({ id: "p", title: "P", steps: steps.map((s) => ({ id: s, text: `do ${s}` })) });
const usual = Array.from({ length: 20 }, () => [...steps]);
// Swaps four neighbour pairs no other run swaps: 4 lone deviations.
const swapped = ["s1", "s0", "s3", "s2", "s5", "s4", "s7", "s6", "s8", "s9", "s10", "s11"];
// Does one step only: it alone lacks 11 steps every other run has.
const lone = ["s11"];

describe("odd runs", () => {
  it("sets aside a run with four lone reversals among 20 runs that agree", () => {
    expect(induce(proc, [...usual, swapped]).calibration!.oddRuns).toBe(1);
  });

  it("still sets it aside when a far odder run is added (no masking)", () => {
    // With one rate over all 22 runs, (4 + 11) / 22, the swapped run's P(Poisson ≥ 4) is 0.005,
    // above 0.05 / 22; once the one-step run is set aside the rate is 4 / 21 again.
    const s = induce(proc, [...usual, swapped, lone]);
    expect(s.calibration!.oddRuns).toBe(2);
    // So the swapped pairs stay ordered.
    expect(s.edges.some((e) => e.from === "s0" && e.to === "s1")).toBe(true);
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
});
