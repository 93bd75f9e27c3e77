import { describe, expect, it } from "vitest";
import { NotFoundError } from "../../src/errors.js";
import { hierarchicalCheckOrder } from "../../src/hierarchy/hierarchical-check-order.js";
import { hierarchicalNextSteps } from "../../src/hierarchy/hierarchical-next-steps.js";
import { HierarchicalSession } from "../../src/hierarchy/hierarchical-session.js";
import { resolverOf, script } from "./build-scripts.js";

// root: a → b → c, b detailed by mid (m1 → m2), m2 detailed by leaf (x → y).
const leaf = script("leaf", ["x", "y"]);
const mid = script("mid", ["m1", ["m2", "leaf"]]);
const root = script("root", ["a", ["b", "mid"], "c"]);
const resolve = resolverOf(leaf, mid, root);
const allowedNext = (done: string[]) =>
  hierarchicalNextSteps(root, resolve, done, 10)
    .filter((n) => n.allowed)
    .map((n) => n.step);

describe("hierarchicalNextSteps", () => {
  it("proposes the parent's next step before entering a detailed step", () => {
    expect(allowedNext(["a"])).toEqual(["b"]);
  });

  it("proposes the sub-procedure's steps inside a detailed step", () => {
    expect(allowedNext(["a", "b/m1"])).toEqual(["b/m2"]);
  });

  it("goes two levels down in a three-level procedure", () => {
    expect(allowedNext(["a", "b/m1", "b/m2/x"])).toEqual(["b/m2/y"]);
  });

  it("goes back to the parent when the sub-procedures are complete", () => {
    expect(allowedNext(["a", "b/m1", "b/m2/x", "b/m2/y"])).toEqual(["c"]);
  });

  it("says which detailed step a candidate comes from", () => {
    expect(hierarchicalNextSteps(root, resolve, ["a", "b/m1"], 1)[0]).toMatchObject({ step: "b/m2", within: "b", probability: 1 });
  });

  it("shares the probability of ending a sub-procedure with the parent's next steps", () => {
    // sub: u then an optional v (skipped in half the runs).
    const sub = script("sub", ["u", "v"], { traces: [["u", "v"], ["u"]] });
    const p = script("p", [["s", "sub"], "t"]);
    const next = hierarchicalNextSteps(p, resolverOf(sub, p), ["s/u"], 5).filter((n) => n.allowed);
    expect(next.map((n) => n.step).sort()).toEqual(["s/v", "t"]);
    expect(next.reduce((a, n) => a + n.probability, 0)).toBeCloseTo(1, 6);
  });
});

describe("hierarchicalCheckOrder", () => {
  it("accepts a valid run mixing parent steps and sub-steps", () => {
    expect(hierarchicalCheckOrder(root, resolve, ["a", "b/m1", "b/m2/x", "b/m2/y", "c"], { complete: true })).toEqual({ valid: true });
  });

  it("accepts a detailed step named as a whole", () => {
    expect(hierarchicalCheckOrder(root, resolve, ["a", "b", "c"], { complete: true })).toEqual({ valid: true });
  });

  it("reports a sub-step out of order at the sub-procedure's level", () => {
    const r = hierarchicalCheckOrder(root, resolve, ["a", "b/m1", "b/m2/y", "b/m2/x"]);
    expect(r).toEqual({
      valid: false,
      firstFailingIndex: 2,
      violations: [
        { procedure: "leaf", version: 1, within: "b/m2", violation: { code: "precedence", step: "b/m2/y", index: 2, requires: "b/m2/x" } },
      ],
    });
  });

  it("reports entering a detailed step too early at the parent's level", () => {
    const r = hierarchicalCheckOrder(root, resolve, ["b/m1", "a"]);
    expect(r.valid).toBe(false);
    if (!r.valid) {
      expect(r.violations[0]).toEqual({ procedure: "root", version: 1, within: "", violation: { code: "precedence", step: "b", index: 0, requires: "a" } });
    }
  });

  it("reports the required sub-steps left undone when the run moves on", () => {
    const r = hierarchicalCheckOrder(root, resolve, ["a", "b/m1", "c"]);
    expect(r.valid).toBe(false);
    if (!r.valid) {
      expect(r.firstFailingIndex).toBe(2);
      expect(r.violations).toEqual([{ procedure: "mid", version: 1, within: "b", violation: { code: "missing_required", step: "b/m2" } }]);
    }
  });

  it("reports missing steps at every open level of a run declared complete", () => {
    const r = hierarchicalCheckOrder(root, resolve, ["a", "b/m1", "b/m2/x"], { complete: true });
    expect(r.valid).toBe(false);
    if (!r.valid) {
      expect(r.firstFailingIndex).toBe(3);
      expect(r.violations.map((v) => `${v.within}:${v.violation.step}`)).toEqual(["b/m2:b/m2/y", ":c"]);
    }
  });

  it("reports an unknown step at the root", () => {
    const r = hierarchicalCheckOrder(root, resolve, ["a", "b/zzz"]);
    expect(r.valid).toBe(false);
    if (!r.valid) expect(r.violations[0]?.violation).toEqual({ code: "unknown_step", step: "b/zzz", index: 1 });
  });

  it("throws subprocedure_not_found when a sub-procedure's script is missing", () => {
    expect(() => hierarchicalCheckOrder(root, resolverOf(root), ["a", "b/m1"])).toThrow(NotFoundError);
  });
});

describe("HierarchicalSession", () => {
  it("tracks the stack of detailed steps the person is inside", () => {
    const s = new HierarchicalSession(root, resolve);
    expect(["a", "b/m1", "b/m2/x", "b/m2/y", "c"].map((e) => s.step(e).stack)).toEqual([[], ["b"], ["b", "b/m2"], ["b", "b/m2"], []]);
  });

  it("leaves a detailed step when it is named as finished", () => {
    const s = new HierarchicalSession(root, resolve, ["a", "b/m1", "b/m2/x", "b/m2/y"]);
    expect(s.step("b/m2")).toMatchObject({ allowed: true, stack: ["b"] });
  });

  it("gives the same verdicts as checking the whole run", () => {
    const run = ["a", "b/m1", "c", "b/m2/x"];
    const s = new HierarchicalSession(root, resolve, run);
    const r = hierarchicalCheckOrder(root, resolve, run);
    expect(r.valid).toBe(false);
    if (!r.valid) expect(s.verdicts.flatMap((v) => v.violations)).toEqual(r.violations);
  });
});
