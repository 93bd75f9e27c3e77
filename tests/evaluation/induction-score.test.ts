import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readCaptainCook4d } from "../../ingest/captaincook4d/read-captaincook4d.js";
import { reduceEdges, scoreEdges, scoreInduction, type Edge } from "../../src/evaluation/induction-score.js";
import { notice } from "../helpers/notice.js";
import { sharedDataset } from "../helpers/shared-data.js";

describe("scoreEdges", () => {
  it("computes precision, recall and F1 of edge sets", () => {
    const s = scoreEdges([["a", "b"], ["b", "c"], ["a", "c"]], [["a", "b"], ["b", "d"]]);
    expect(s).toMatchObject({ truePositives: 1, predicted: 3, truth: 2 });
    expect(s.precision).toBeCloseTo(1 / 3);
    expect(s.recall).toBeCloseTo(1 / 2);
    expect(s.f1).toBeCloseTo(0.4);
  });

  it("scores 0 rather than NaN when nothing matches", () => {
    expect(scoreEdges([], [["a", "b"]])).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
});

describe("scoreInduction", () => {
  it("reduces the prediction before comparing", () => {
    const pred = new Map<string, Edge[]>([["p", [["START", "a"], ["a", "b"], ["START", "b"], ["b", "END"]]]]);
    const s = scoreInduction(pred, [{ procedure: "p", edges: [["START", "a"], ["a", "b"], ["b", "END"]] }]);
    expect(s.macro.f1).toBe(1);
  });

  it("averages per-procedure F1, not the F1 of averaged precision and recall", () => {
    const pred = new Map<string, Edge[]>([
      ["p", [["a", "b"]]],
      ["q", [["x", "y"], ["y", "z"]]],
    ]);
    const s = scoreInduction(pred, [
      { procedure: "p", edges: [["a", "b"]] },
      { procedure: "q", edges: [["x", "y"], ["x", "z"], ["w", "z"]] },
    ]);
    expect(s.procedures.map((p) => p.f1)).toEqual([1, 0.4]);
    expect(s.macro.f1).toBeCloseTo(0.7);
  });

  it("scores a cyclic prediction as given", () => {
    const pred = new Map<string, Edge[]>([["p", [["a", "b"], ["b", "a"]]]]);
    const s = scoreInduction(pred, [{ procedure: "p", edges: [["a", "b"]] }]);
    expect(s.procedures[0]).toMatchObject({ reduced: false, precision: 0.5, recall: 1 });
  });

  it("gives a procedure without a prediction a zero score", () => {
    expect(scoreInduction(new Map(), [{ procedure: "p", edges: [["a", "b"]] }]).macro.f1).toBe(0);
  });

  it("reduceEdges returns undefined for a cycle", () => {
    expect(reduceEdges([["a", "b"], ["b", "a"]])).toBeUndefined();
  });
});

const cc4d = sharedDataset("captaincook4d");
if (!cc4d) notice("skipped: DTGL LLM-baseline scorer check needs ../shared/datasets/captaincook4d");

describe("DTGL protocol on CaptainCook4D", () => {
  it.skipIf(!cc4d)("scores DTGL's published LLM-baseline graphs 52.9 / 57.4 / 55.0", async () => {
    const data = await readCaptainCook4d(cc4d!);
    const dir = path.join(cc4d!, "dtgl_llm_baseline_graphs");
    const predictions = new Map<string, Edge[]>();
    // networkx multiline adjlist, ';'-delimited: "<node>;<k>" then k "<neighbour>;{}" lines;
    // edges point from a step to its pre-condition; node names are "<step id>_<text>".
    const node = (s: string) => (s === "START" || s === "END" ? s : s.slice(0, s.indexOf("_")));
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".adjlist"))) {
      const lines = readFileSync(path.join(dir, f), "utf8").split("\n").filter((l) => l !== "" && !l.startsWith("#"));
      const edges: Edge[] = [];
      for (let i = 0; i < lines.length; ) {
        const head = lines[i++]!;
        const cut = head.lastIndexOf(";");
        const step = node(head.slice(0, cut));
        const k = Number(head.slice(cut + 1));
        for (let j = 0; j < k; j++) {
          const l = lines[i++]!;
          edges.push([node(l.slice(0, l.lastIndexOf(";"))), step]);
        }
      }
      predictions.set(f.replace(/^graph_/, "").replace(/\.adjlist$/, ""), edges);
    }
    expect(predictions.size).toBe(24);
    const s = scoreInduction(predictions, data.truth);
    expect(s.macro.precision).toBeCloseTo(0.529, 3);
    expect(s.macro.recall).toBeCloseTo(0.574, 3);
    expect(s.macro.f1).toBeCloseTo(0.55, 3);
  });
});
