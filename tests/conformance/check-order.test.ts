import { describe, expect, it } from "vitest";
import { checkOrder } from "../../src/conformance/check-order.js";
import { CheckResultSchema } from "../../src/model/queries.js";
import { buildScript } from "./build-script.js";

const chain = buildScript({ steps: ["a", "b", "c"], edges: [["a", "b"], ["b", "c"]] });

describe("checkOrder", () => {
  it("accepts the written chain", () => {
    expect(checkOrder(chain, ["a", "b", "c"], { complete: true })).toEqual({ valid: true });
  });

  it("accepts a valid prefix when the run is not declared complete", () => {
    expect(checkOrder(chain, ["a"])).toEqual({ valid: true });
  });

  it("reports a precedence violation with the step, the predecessor it needed and the index", () => {
    expect(checkOrder(chain, ["b", "a", "c"])).toEqual({
      valid: false,
      firstFailingIndex: 0,
      violations: [{ code: "precedence", step: "b", index: 0, requires: "a" }],
    });
  });

  it("names only the nearest of several missing required predecessors", () => {
    const r = checkOrder(chain, ["c"]);
    expect(r).toEqual({ valid: false, firstFailingIndex: 0, violations: [{ code: "precedence", step: "c", index: 0, requires: "b" }] });
  });

  it("reports missing required steps only when the sequence is declared complete", () => {
    expect(checkOrder(chain, ["a", "b"])).toEqual({ valid: true });
    expect(checkOrder(chain, ["a", "b"], { complete: true })).toEqual({
      valid: false,
      firstFailingIndex: 2,
      violations: [{ code: "missing_required", step: "c" }],
    });
  });

  it("reports a required step skipped in a complete run as missing, not as an order error of the steps after it", () => {
    expect(checkOrder(chain, ["a", "c"], { complete: true })).toEqual({
      valid: false,
      firstFailingIndex: 2,
      violations: [{ code: "missing_required", step: "b" }],
    });
  });

  it("reports a step done before a required predecessor that comes later in a complete run", () => {
    expect(checkOrder(chain, ["a", "c", "b"], { complete: true })).toEqual({
      valid: false,
      firstFailingIndex: 1,
      violations: [{ code: "precedence", step: "c", index: 1, requires: "b" }],
    });
  });

  it("reports an unknown step with its index and keeps judging the rest", () => {
    expect(checkOrder(chain, ["a", "zz", "b"])).toEqual({
      valid: false,
      firstFailingIndex: 1,
      violations: [{ code: "unknown_step", step: "zz", index: 1 }],
    });
  });

  it("reports a repeated non-repeatable step with both indexes", () => {
    expect(checkOrder(chain, ["a", "b", "a"])).toEqual({
      valid: false,
      firstFailingIndex: 2,
      violations: [{ code: "repeated_step", step: "a", index: 2, firstIndex: 0 }],
    });
  });

  it("accepts a repeated repeatable step", () => {
    const s = buildScript({ steps: ["a", "b"], edges: [["a", "b"]], repeatable: ["a"] });
    expect(checkOrder(s, ["a", "a", "b", "a"], { complete: true })).toEqual({ valid: true });
  });

  it("lets a skipped optional predecessor not block its successor", () => {
    const s = buildScript({ steps: ["a", "x", "b"], edges: [["a", "x"], ["x", "b"]], optional: ["x"] });
    expect(checkOrder(s, ["a", "b"], { complete: true })).toEqual({ valid: true });
  });

  it("flags an optional predecessor that comes after its successor, at the later index", () => {
    const s = buildScript({ steps: ["x", "b"], edges: [["x", "b"]], optional: ["x"] });
    expect(checkOrder(s, ["b", "x"])).toEqual({
      valid: false,
      firstFailingIndex: 1,
      violations: [{ code: "precedence", step: "b", index: 0, requires: "x", requiresIndex: 1 }],
    });
  });

  it("keeps a required step before a later one through a skipped optional step between them", () => {
    // a→x→b, x optional: the reduction holds no edge a→b, yet a must still precede b.
    const s = buildScript({ steps: ["a", "x", "b"], edges: [["a", "x"], ["x", "b"]], optional: ["x"] });
    expect(checkOrder(s, ["b", "a"])).toEqual({
      valid: false,
      firstFailingIndex: 0,
      violations: [{ code: "precedence", step: "b", index: 0, requires: "a" }],
    });
  });

  it("accepts both orders of steps with no path between them", () => {
    const s = buildScript({ steps: ["a", "b", "c"], edges: [["a", "c"], ["b", "c"]] });
    expect(checkOrder(s, ["b", "a", "c"], { complete: true })).toEqual({ valid: true });
  });

  it("accepts the empty sequence of an empty procedure, complete or not", () => {
    const s = buildScript({ steps: [] });
    expect(checkOrder(s, [], { complete: true })).toEqual({ valid: true });
  });

  it("reports the only step of a single-step procedure as missing from an empty complete run", () => {
    const s = buildScript({ steps: ["a"] });
    expect(checkOrder(s, [], { complete: true })).toEqual({ valid: false, firstFailingIndex: 0, violations: [{ code: "missing_required", step: "a" }] });
  });

  it("returns results that the shared CheckResult schema accepts", () => {
    const r = checkOrder(chain, ["c", "zz", "c"], { complete: true });
    expect(CheckResultSchema.parse(r)).toEqual(r);
    expect(r.valid).toBe(false);
  });
});
