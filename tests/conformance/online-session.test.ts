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
