// The order-error calibration (src/discovery/held-out-inversions.ts) and the verdict checkOrder
// gives with it (src/conformance/order-error-verdict.ts): how many constrained pairs a run inverts
// against a graph from the other runs, and whether a checked run inverts more than that explains.
import { describe, expect, it } from "vitest";
import { ReachabilityClosure } from "../../src/discovery/acyclic-insertion.js";
import { inversionCount } from "../../src/discovery/held-out-inversions.js";
import { induce } from "../../src/discovery/induce.js";
import { negativeBinomialTail, poissonTail } from "../../src/discovery/special-functions.js";
import { checkOrder } from "../../src/conformance/check-order.js";
import { ORDER_ERROR_LEVEL } from "../../src/conformance/order-error-verdict.js";
import { renderOrderError } from "../../src/conformance/render-violation.js";
import { scriptWithEdges } from "../../src/evaluation/script-with-edges.js";
import { ProcedureSchema } from "../../src/model/index.js";

const procedure = ProcedureSchema.parse({ id: "p", title: "P", steps: ["a", "b", "c", "d"].map((id) => ({ id, text: `step ${id}` })) });
const chain = ["a", "b", "c", "d"];
// Five runs in the written order and three that each swap one pair of neighbours once: held out,
// each of the three inverts the one pair the other seven never reversed.
const habits = [...Array.from({ length: 5 }, () => chain), ["b", "a", "c", "d"], ["a", "c", "b", "d"], ["a", "b", "d", "c"]];

describe("held-out inversions", () => {
  it("counts the pairs a held-out run inverts against the other runs' graph, leave-one-out up to 10 runs", () => {
    const script = induce(procedure, habits);
    expect(script.calibration?.orderErrors).toEqual({ folds: 8, runs: 8, inversions: 3, rate: 3 / 8, variance: expect.closeTo(15 / 56, 12) });
    expect(script.calibration?.reasons.some((r) => r.includes("invert 0.38 constrained pairs each on average"))).toBe(true);
  });

  it("is 0 when every run keeps the same order, and absent with one run (nothing to hold out)", () => {
    expect(induce(procedure, Array.from({ length: 8 }, () => chain)).calibration?.orderErrors).toEqual({ folds: 8, runs: 8, inversions: 0, rate: 0, variance: 0 });
    expect(induce(procedure, [chain]).calibration?.orderErrors).toBeUndefined();
    expect(induce(procedure, [chain], { evidence: "counts" }).calibration).toBeUndefined();
  });

  it("uses at most 10 folds", () => {
    const script = induce(procedure, Array.from({ length: 23 }, () => chain));
    expect(script.calibration?.orderErrors).toMatchObject({ folds: 10, runs: 23 });
  });

  it("counts inversions on first occurrences, through the closure", () => {
    const closure = new ReachabilityClosure(4);
    closure.add(0, 1);
    closure.add(1, 2);
    expect(inversionCount(closure, [2, 1, 0, 3])).toBe(3);
    expect(inversionCount(closure, [0, 2, 1, 2, 0])).toBe(1);
    expect(inversionCount(closure, [3, 0, 1, 2])).toBe(0);
  });
});

describe("the count laws of the verdict", () => {
  it("negativeBinomialTail: geometric at mean 1, variance 2 (P(X ≥ k) = 2^−k); Poisson when not overdispersed", () => {
    for (const k of [0, 1, 3, 6]) expect(negativeBinomialTail(k, 1, 2)).toBeCloseTo(2 ** -k, 12);
    expect(negativeBinomialTail(2, 0.5, 0.5)).toBe(poissonTail(2, 0.5));
    expect(negativeBinomialTail(2, 0.5, 0.3)).toBe(poissonTail(2, 0.5));
    expect(poissonTail(1, 0.5)).toBeCloseTo(1 - Math.exp(-0.5), 12);
    expect(negativeBinomialTail(1, 0, 0)).toBe(0);
  });
});

describe("checkOrder's order-error verdict", () => {
  const script = induce(procedure, habits);

  it("calls a run an order error only when it inverts more pairs than held-out runs explain (Poisson at 5 % when not overdispersed)", () => {
    const one = checkOrder(script, ["a", "c", "b", "d"], { complete: true });
    expect(one.valid).toBe(false);
    if (one.valid) return;
    // Held-out counts 0 ×5, 1 ×3: variance 15/56 below the mean, so Poisson: P(Poisson(3/8) ≥ 1) = 1 − e^(−3/8)
    expect(one.orderError).toEqual({ likely: false, inversions: 1, heldOutRate: 3 / 8, heldOutVariance: expect.closeTo(15 / 56, 12), pValue: Math.round((1 - Math.exp(-3 / 8)) * 1e6) / 1e6 });
    const all = checkOrder(script, ["d", "c", "b", "a"], { complete: true });
    if (all.valid) throw new Error("expected violations");
    expect(all.orderError?.inversions).toBe(6);
    expect(all.orderError?.likely).toBe(true);
    expect(all.orderError!.pValue).toBeLessThan(ORDER_ERROR_LEVEL);
    expect(renderOrderError(all.orderError!)).toMatch(/^an order error: 6 pairs of steps in the wrong order, more than valid runs show \(.*0\.38 on average; p < 0\.001, below 5 %\)$/);
    expect(renderOrderError(one.orderError!)).toMatch(/^not clearly an order error: 1 pair of steps in the wrong order, as valid runs often show .*p = 0\.313, not below 5 %/);
  });

  it("uses the negative binomial of the held-out mean and variance when the runs are overdispersed", () => {
    // 9 runs in order and one that reverses everything: held out, it breaks all 6 pairs of the
    // others' chain, the others none (mean 0.6, variance 3.6).
    const runs = [...Array.from({ length: 9 }, () => chain), ["d", "c", "b", "a"]];
    const s = induce(procedure, runs);
    expect(s.calibration?.orderErrors).toMatchObject({ folds: 10, runs: 10, inversions: 6, rate: 0.6, variance: expect.closeTo(3.6, 12) });
    const r = checkOrder(s, ["b", "a", "c", "d"], { complete: true });
    if (r.valid) throw new Error("expected a violation");
    // NB(r = 0.6² / 3, p = 0.6 / 3.6): P(X ≥ 1) = 1 − p^r, far below Poisson's 1 − e^(−0.6) = 0.45.
    const nb = 1 - Math.pow(0.6 / 3.6, 0.36 / 3);
    expect(r.orderError).toEqual({ likely: false, inversions: 1, heldOutRate: 0.6, heldOutVariance: expect.closeTo(3.6, 12), pValue: Math.round(nb * 1e6) / 1e6 });
    expect(s.calibration?.reasons.some((x) => x.includes("(variance 3.60: a negative binomial)"))).toBe(true);
  });

  it("calls any inversion an error when held-out runs showed none", () => {
    const strict = induce(procedure, Array.from({ length: 8 }, () => chain));
    const r = checkOrder(strict, ["b", "a"]);
    expect(r).toMatchObject({ valid: false, orderError: { likely: true, inversions: 1, heldOutRate: 0, heldOutVariance: 0, pValue: 0 } });
  });

  it("gives no verdict on a valid run, on a run only missing steps, or without a calibration", () => {
    expect(checkOrder(script, chain, { complete: true })).toEqual({ valid: true });
    const missing = checkOrder(script, ["a", "b"], { complete: true });
    expect(missing.valid).toBe(false);
    expect("orderError" in missing).toBe(false);
    const written = induce(procedure, []);
    expect("orderError" in checkOrder(written, ["b", "a"])).toBe(false);
    // Given edges (an expert graph): the calibration measured on the induced edges is dropped.
    const given = scriptWithEdges(script, [["a", "b"], ["b", "c"]]);
    expect(given.calibration?.orderErrors).toBeUndefined();
    expect(given.calibration?.reasons).toEqual(script.calibration?.reasons);
    expect("orderError" in checkOrder(given, ["b", "a"])).toBe(false);
  });
});
