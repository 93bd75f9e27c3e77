import { describe, expect, it } from "vitest";
import { RunState } from "../../src/conformance/run-state.js";
import { buildScript } from "./build-script.js";

const script = buildScript({ steps: ["a", "b", "c"], edges: [["a", "b"], ["b", "c"]] });

describe("RunState.hasDeviated", () => {
  it("is false while every step keeps the rules, true from the first violation on", () => {
    const run = new RunState(script, ["a", "b"]);
    expect(run.hasDeviated).toBe(false);
    run.post("a"); // a repeat of a step that is not repeatable
    expect(run.hasDeviated).toBe(true);
    run.post("c");
    expect(run.hasDeviated).toBe(true);
  });

  it("counts a precedence violation and an unknown step, and a clone keeps its own flag", () => {
    expect(new RunState(script, ["b"]).hasDeviated).toBe(true);
    expect(new RunState(script, ["z"]).hasDeviated).toBe(true);
    const run = new RunState(script, ["a"]);
    const copy = run.clone();
    copy.post("c");
    expect(copy.hasDeviated).toBe(true);
    expect(run.hasDeviated).toBe(false);
    expect(new RunState(script, ["b"]).clone().hasDeviated).toBe(true);
  });
});
