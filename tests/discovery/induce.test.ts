import { describe, expect, it } from "vitest";
import { checkOrder } from "../../src/conformance/check-order.js";
import { createInduction, induce, resumeInduction } from "../../src/discovery/induce.js";
import { InvalidInputError } from "../../src/errors.js";
import { GraphScriptSchema, ProcedureSchema, type GraphScript } from "../../src/model/index.js";

const proc = (ids: string[], id = "p") =>
  ProcedureSchema.parse({ id, title: id.toUpperCase(), steps: ids.map((s) => ({ id: s, text: `do ${s}` })) });
const edges = (s: GraphScript) => s.edges.map((e) => `${e.from}>${e.to}`).sort();
const step = (s: GraphScript, id: string) => s.steps.find((x) => x.id === id)!;

describe("induce", () => {
  it("returns the written chain when there are no traces", () => {
    const s = induce(proc(["a", "b", "c"]), []);
    expect(edges(s)).toEqual(["START>a", "a>b", "b>c", "c>END"]);
    expect(s.edges.find((e) => e.from === "a")).toEqual({ from: "a", to: "b", support: 0, confidence: 1, origin: "written" });
  });

  it("gives a procedure without steps or traces the single edge START>END", () => {
    expect(edges(induce(proc([]), []))).toEqual(["START>END"]);
  });

  it("lets consistent evidence overturn a written ordering", () => {
    const s = induce(proc(["a", "b", "c", "d"]), [
      ["a", "c", "b", "d"],
      ["a", "c", "b", "d"],
      ["a", "b", "c", "d"],
    ]);
    expect(edges(s)).toEqual(["START>a", "a>b", "a>c", "b>d", "c>d", "d>END"]);
  });

  it("asserts a reversed order once the traces agree strongly enough", () => {
    const traces = Array.from({ length: 30 }, () => ["b", "a"]);
    const s = induce(proc(["a", "b"]), traces);
    expect(edges(s)).toEqual(["START>b", "a>END", "b>a"]);
    expect(s.edges.find((e) => e.from === "b" && e.to === "a")).toMatchObject({ support: 30, confidence: 1, origin: "traces" });
  });

  it("does not let one sloppy trace overturn the written order (evidence counts)", () => {
    const s = induce(proc(["a", "b", "c"]), [["b", "a", "c"]], { evidence: "counts" });
    expect(edges(s)).toEqual(["START>a", "a>b", "b>c", "c>END"]);
  });

  it("refuses a candidate edge that would close a cycle, keeping the stronger ones", () => {
    // log only: a<b 5/5, b<c 5/5, c<a 3/5 (a weaker candidate at minConfidence 0.5) → c>a refused.
    // The counts rules: the default evidence refuses b>c instead, as a→b→c would imply an order
    // of a and c that the runs contradict (induction-rules.test.ts, "no chain implies …").
    const rep = (t: string[], k: number) => Array.from({ length: k }, () => t);
    const s = induce(proc([]), [...rep(["a", "b", "c"], 2), ...rep(["c", "a"], 3), ...rep(["a", "b"], 3), ...rep(["b", "c"], 3)], {
      evidence: "counts",
      minConfidence: 0.5,
    });
    expect(edges(s)).toEqual(["START>a", "a>b", "b>c", "c>END"]);
  });

  it("stores the transitive reduction of the precedence relation", () => {
    const s = induce(proc([]), [
      ["a", "b", "c"],
      ["a", "b", "c"],
    ]);
    expect(edges(s)).toEqual(["START>a", "a>b", "b>c", "c>END"]);
  });

  it("puts START before every source and every sink before END", () => {
    const s = induce(proc([]), [
      ["a", "c"],
      ["b", "c"],
      ["a", "b", "c"],
      ["b", "a", "c"],
    ]);
    expect(edges(s)).toEqual(["START>a", "START>b", "a>c", "b>c", "c>END"]);
  });

  it("marks a step optional when runs go without it", () => {
    const s = induce(proc(["a", "b", "c"]), [
      ["a", "b", "c"],
      ["a", "c"],
    ]);
    expect(step(s, "b")).toMatchObject({ support: 1, frequency: 0.5, optional: true });
    expect(step(s, "a")).toMatchObject({ support: 2, frequency: 1, optional: false });
  });

  it("marks a step repeatable when it recurs in at least minSupport runs (counts rules)", () => {
    const once = induce(proc(["a", "b"]), [["a", "a", "b"], ["a", "b"]], { evidence: "counts" });
    expect(step(once, "a")).toMatchObject({ repeatable: false, repeats: 1 });
    const twice = induce(
      proc(["a", "b"]),
      [
        ["a", "a", "b"],
        ["a", "b", "a"],
      ],
      { evidence: "counts" },
    );
    expect(step(twice, "a")).toMatchObject({ repeatable: true, repeats: 2 });
    expect(step(twice, "b").repeatable).toBe(false);
    expect(step(twice, "b").repeats).toBeUndefined();
  });

  // Issue 13 (few runs): in a log taken as clean, one run repeating a step shows it may repeat, as
  // one reversal frees a pair there; the check then accepts a run that repeats it.
  it("marks a step repeatable when one run repeats it in a clean log (default evidence)", () => {
    const runs = [...Array.from({ length: 9 }, () => ["a", "b", "c"]), ["a", "b", "a", "c"]];
    const s = induce(proc(["a", "b", "c"]), runs);
    expect(s.calibration?.noise?.model).toBe("clean");
    expect(step(s, "a")).toMatchObject({ repeatable: true, repeats: 1 });
    expect(checkOrder(s, ["a", "b", "a", "c"], { complete: true }).valid).toBe(true);
    expect(step(s, "b").repeatable).toBe(false);
    expect(s.calibration?.reasons.find((r) => r.includes("may repeat"))).toContain("may repeat a (1 run)");
  });

  it("does not let a run set aside as odd make a step repeatable", () => {
    // The last run deviates from the other twenty in many pairs (odd-runs.ts) and repeats "a".
    const chain = ["a", "b", "c", "d", "e", "f"];
    const s = induce(proc(chain), [...Array.from({ length: 20 }, () => chain), ["f", "e", "d", "c", "b", "a", "a"]]);
    expect(s.calibration?.oddRuns).toBe(1);
    expect(step(s, "a")).toMatchObject({ repeatable: false, repeats: 1 });
  });

  it("keeps a step written as repeatable (a loop in the source) repeatable without traces", () => {
    const p = ProcedureSchema.parse({ id: "p", title: "P", steps: [{ id: "a", text: "a", repeatable: true }, { id: "b", text: "b" }] });
    const s = induce(p, []);
    expect(step(s, "a").repeatable).toBe(true);
    expect(step(s, "b").repeatable).toBe(false);
  });

  it("orders pairs by first occurrence when a step repeats", () => {
    const s = induce(proc([]), [
      ["a", "b", "a"],
      ["a", "b", "a"],
    ]);
    expect(edges(s)).toEqual(["START>a", "a>b", "b>END"]);
  });

  it("takes steps from the traces when the procedure has none (log only)", () => {
    const s = induce(proc([]), [["x", "y"]]);
    expect(s.steps.map((x) => [x.id, x.written, x.position, x.text])).toEqual([
      ["x", false, 0, "x"],
      ["y", false, 1, "y"],
    ]);
  });

  it("counts transitions with START and END", () => {
    const s = induce(proc(["a", "b"]), [["a", "b"]]);
    expect(s.transitions).toEqual([
      { from: "START", to: "a", count: 1 },
      { from: "a", to: "b", count: 1 },
      { from: "b", to: "END", count: 1 },
    ]);
  });

  it("gives the same script incrementally as in one batch", () => {
    const traces = [
      ["a", "c", "b"],
      ["a", "b", "c"],
      ["c", "a", "b"],
      ["a", "c", "b"],
    ];
    const inc = createInduction(proc(["a", "b", "c"]));
    for (const t of traces) inc.add(t);
    expect(inc.traceCount).toBe(4);
    expect(inc.script()).toEqual(induce(proc(["a", "b", "c"]), traces));
  });

  it("resumes from a JSON state as if it had never stopped", () => {
    const p = proc([]);
    const first = createInduction(p, { minSupport: 1 });
    first.add(["x", "y"]);
    const resumed = resumeInduction(p, JSON.parse(JSON.stringify(first.toState())));
    resumed.add(["y", "z"]);
    expect(resumed.script()).toEqual(induce(p, [["x", "y"], ["y", "z"]], { minSupport: 1 }));
  });

  it("rejects a state that belongs to another procedure", () => {
    const state = createInduction(proc(["a"], "p")).toState();
    expect(() => resumeInduction(proc(["a"], "q"), state)).toThrow(/does not fit procedure "q"/);
  });

  it("rejects a malformed state naming the field", () => {
    const state = { ...createInduction(proc(["a"])).toState(), counts: { size: 1, traceCount: -1, support: [0], repeats: [0], before: [0], follows: [0] } };
    expect(() => resumeInduction(proc(["a"]), state)).toThrow(/counts\.traceCount/);
  });

  it("throws unknown_step for a trace step that is not written, counting nothing", () => {
    const ind = createInduction(proc(["a", "b"]));
    let err: unknown;
    try {
      ind.add(["a", "zz"]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).code).toBe("unknown_step");
    expect((err as Error).message).toContain('"zz"');
    expect(ind.traceCount).toBe(0);
  });

  it("rejects a reserved id as a step of a log-only trace, counting nothing", () => {
    const ind = createInduction(proc([]));
    expect(() => ind.add(["x", "START"])).toThrow(/step 1: "START" is not a valid step id/);
    expect(ind.toState().steps).toEqual([]);
  });

  it("rejects a state whose variants name steps it does not have", () => {
    const state = createInduction(proc(["a"])).toState();
    const bad = { ...state, variants: { ...state.variants, variants: [[[3], 1]] } };
    expect(() => resumeInduction(proc(["a"]), bad as typeof state)).toThrow(/variants\.variants\.0\.0/);
  });

  it("rejects a grounded trace of another procedure", () => {
    expect(() => induce(proc(["a"]), [{ id: "t1", procedure: "other", steps: ["a"] }])).toThrow(/trace "t1".*"other"/);
  });

  it("rejects options outside their range", () => {
    expect(() => induce(proc(["a"]), [], { minConfidence: 0.2 })).toThrow(/minConfidence/);
  });

  it("produces a script that passes GraphScriptSchema with its options filled in", () => {
    const s = induce(proc(["a", "b"]), [["b", "a"]]);
    expect(GraphScriptSchema.parse(s).options.minSupport).toBe(2);
  });
});
