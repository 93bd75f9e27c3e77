import { describe, expect, it } from "vitest";
import { complete } from "../../src/query/complete.js";
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

  it("completes an empty procedure with no steps", () => {
    expect(complete(buildScript({ steps: [] }), [])).toEqual({ steps: [], probability: 1 });
  });
});
