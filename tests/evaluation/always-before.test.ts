import { describe, expect, it } from "vitest";
import { alwaysBeforeEdges } from "../../src/evaluation/always-before.js";
import { evaluateAlwaysBefore } from "../../src/evaluation/induction-eval.js";
import { ProcedureSchema } from "../../src/model/index.js";

const sorted = (edges: readonly (readonly [string, string])[]): string[] => edges.map(([a, b]) => `${a}>${b}`).sort();

describe("alwaysBeforeEdges", () => {
  it("keeps a pair only when every run holding both has the same order (first occurrences)", () => {
    const runs = [
      ["a", "b", "c"],
      ["a", "c", "b"],
      ["a", "b", "a", "c"],
    ];
    expect(sorted(alwaysBeforeEdges(["a", "b", "c"], runs))).toEqual(["START>a", "a>b", "a>c", "b>END", "c>END"]);
  });

  it("needs the two steps together in at least one run; steps never seen hang from START and END", () => {
    expect(sorted(alwaysBeforeEdges(["a", "b", "z"], [["a"], ["b"]]))).toEqual(["START>a", "START>b", "START>z", "a>END", "b>END", "z>END"]);
  });
});

describe("evaluateAlwaysBefore", () => {
  it("scores the miner's graph by the DTGL protocol (transitively reduced)", () => {
    const p = ProcedureSchema.parse({ id: "p", title: "P", steps: ["a", "b", "c"].map((id) => ({ id, text: id })) });
    const traces = [{ id: "t1", procedure: "p", steps: ["a", "b", "c"] }];
    const truth = [{ procedure: "p", edges: [["START", "a"], ["a", "b"], ["b", "c"], ["c", "END"]] as [string, string][] }];
    const r = evaluateAlwaysBefore([p], traces, truth);
    expect(r.macro.f1).toBe(1);
    expect(r.traceCounts.get("p")).toBe(1);
  });
});
