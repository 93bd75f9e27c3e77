import { describe, expect, it } from "vitest";
import { OnlineSession } from "../../src/conformance/online-session.js";
import { buildScript } from "./build-script.js";

const chain = buildScript({ steps: ["a", "b", "c"], edges: [["a", "b"], ["b", "c"]] });

describe("OnlineSession", () => {
  it("returns an allowed verdict for a step whose predecessors are done", () => {
    const s = new OnlineSession(chain);
    s.step("a");
    expect(s.step("b")).toEqual({ index: 1, step: "b", allowed: true, violations: [] });
  });

  it("returns the violation of an out-of-order step as its verdict", () => {
    const s = new OnlineSession(chain);
    expect(s.step("b")).toEqual({
      index: 0,
      step: "b",
      allowed: false,
      violations: [{ code: "precedence", step: "b", index: 0, requires: "a" }],
    });
  });

  it("records violating steps as they happened, so later verdicts judge against them", () => {
    const s = new OnlineSession(chain, ["b"]);
    expect(s.steps).toEqual(["b"]);
    expect(s.step("b").violations).toEqual([{ code: "repeated_step", step: "b", index: 1, firstIndex: 0 }]);
  });

  it("judges a later optional predecessor when it is posted", () => {
    const script = buildScript({ steps: ["x", "b"], edges: [["x", "b"]], optional: ["x"] });
    const s = new OnlineSession(script);
    expect(s.step("b").allowed).toBe(true);
    expect(s.step("x").allowed).toBe(false);
  });

  it("reports a skipped required step once, not again at every later step that needs it", () => {
    const script = buildScript({ steps: ["a", "b", "c", "d"], edges: [["a", "b"], ["b", "c"], ["c", "d"]] });
    const s = new OnlineSession(script);
    expect(s.step("b").violations).toEqual([{ code: "precedence", step: "b", index: 0, requires: "a" }]);
    expect(s.step("c").allowed).toBe(true);
  });

  it("does not report again a skipped required step that happens after all", () => {
    const script = buildScript({ steps: ["a", "b", "c"], edges: [["a", "b"], ["b", "c"]] });
    const s = new OnlineSession(script, ["b", "c"]);
    expect(s.step("a").violations).toEqual([]);
  });

  it("judges a skipped required step that happens after all against the steps done meanwhile", () => {
    const script = buildScript({ steps: ["a", "b", "c"], edges: [["a", "b"], ["a", "c"]] });
    const s = new OnlineSession(script, ["b", "c"]);
    expect(s.step("a").violations).toEqual([{ code: "precedence", step: "c", index: 1, requires: "a", requiresIndex: 2 }]);
  });

  it("ranks next steps from the steps posted so far", () => {
    const s = new OnlineSession(chain, ["a"]);
    expect(s.next(1)).toEqual([{ step: "b", probability: 1, allowed: true }]);
  });

  it("lists the required steps still missing", () => {
    expect(new OnlineSession(chain, ["a"]).missingRequired()).toEqual([
      { code: "missing_required", step: "b" },
      { code: "missing_required", step: "c" },
    ]);
  });
});
