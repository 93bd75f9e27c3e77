// Noise rules of induction beyond the basic ones in induce.test.ts: proximity (direct
// succession) and outlier-trace retraction, each shown on a tiny inline log.
import { describe, expect, it } from "vitest";
import { induce } from "../../src/discovery/induce.js";
import { checkOrder } from "../../src/conformance/check-order.js";
import { precedenceClosure } from "../../src/conformance/precedence-closure.js";
import { logOnlyProcedure } from "../../ingest/files/log-only-procedure.js";
import { TraceVariants } from "../../src/discovery/trace-variants.js";
import { ProcedureSchema, type GraphScript } from "../../src/model/index.js";

const proc = (ids: string[]) => ProcedureSchema.parse({ id: "p", title: "P", steps: ids.map((s) => ({ id: s, text: s })) });
const edges = (s: GraphScript) => s.edges.map((e) => `${e.from}>${e.to}`).sort();
const logOnly = () => logOnlyProcedure("log", { id: "log" });
const rep = (t: string[], k: number) => Array.from({ length: k }, () => t);
// The threshold rules of evidence "counts" (the default, "posterior", is tested in induce.test.ts and noise-selection.test.ts).
const strict = { evidence: "counts", minSupport: 1, minConfidence: 1, maxTraceViolations: null } as const;

describe("proximity (minDirectFollows)", () => {
  const traces = [
    ["a", "b", "c", "d"],
    ["b", "a", "d", "c"],
  ];

  it("keeps only orderings seen as a direct succession", () => {
    expect(edges(induce(proc([]), traces, strict))).toEqual(["START>a", "START>b", "a>d", "b>c", "c>END", "d>END"]);
  });

  it("keeps every always-before ordering when turned off", () => {
    expect(edges(induce(proc([]), traces, { ...strict, minDirectFollows: 0 }))).toEqual([
      "START>a",
      "START>b",
      "a>c",
      "a>d",
      "b>c",
      "b>d",
      "c>END",
      "d>END",
    ]);
  });

  it("keeps a written step that no trace shows in the written chain", () => {
    expect(edges(induce(proc(["a", "b", "c"]), [["a", "c"]], strict))).toEqual(["START>a", "a>b", "b>c", "c>END"]);
  });
});

describe("nearest distant candidate (fallbackBy)", () => {
  // c has no proximate predecessor; a→c directly followed once, b→c never but b is nearer.
  const traces = [
    ["a", "b", "d", "c"],
    ["b", "d", "a", "c"],
  ];
  const o = { ...strict, minDirectFollows: 2 };

  it("keeps the candidate that directly followed most often by default", () => {
    expect(edges(induce(proc(["a", "b", "c", "d"]), traces, o))).toEqual(["START>a", "START>b", "a>c", "b>d", "c>END", "d>END"]);
  });

  it("keeps the candidate nearest in the written order with fallbackBy written", () => {
    expect(edges(induce(proc(["a", "b", "c", "d"]), traces, { ...o, fallbackBy: "written" }))).toEqual([
      "START>a",
      "START>b",
      "a>c",
      "b>c",
      "b>d",
      "c>END",
      "d>END",
    ]);
  });
});

describe("outlier traces (maxTraceViolations)", () => {
  const chain = ["a", "b", "c", "d", "e"];

  it("retracts a run that contradicts the consensus in many pairs", () => {
    const s = induce(proc(chain), [...rep(chain, 4), ["e", "d", "c", "b", "a"]], { ...strict, maxTraceViolations: 1 });
    expect(edges(s)).toEqual(["START>a", "a>b", "b>c", "c>d", "d>e", "e>END"]);
  });

  it("lets the same run free every pair when outliers are kept", () => {
    const s = induce(proc(chain), [...rep(chain, 4), ["e", "d", "c", "b", "a"]], strict);
    expect(s.edges.filter((e) => e.origin !== "structural")).toEqual([]);
  });

  it("keeps a run that swaps a single pair, so the swap frees that pair", () => {
    const s = induce(proc(chain), [...rep(chain, 4), ["a", "c", "b", "d", "e"]], { ...strict, maxTraceViolations: 1 });
    expect(edges(s)).toEqual(["START>a", "a>b", "a>c", "b>d", "c>d", "d>e", "e>END"]);
  });

  it("keeps every trace when all of them would be outliers", () => {
    const s = induce(proc(["a", "b"]), [["b", "a"]], { ...strict, maxTraceViolations: 0, outlierMinSupport: 1 });
    expect(s.traceCount).toBe(1);
    expect(edges(s)).toEqual(["START>a", "START>b", "a>END", "b>END"]);
  });
});

describe("TraceVariants", () => {
  it("counts repeated variants once and stops recording new ones at the cap", () => {
    const v = new TraceVariants(2);
    v.add([0, 1]);
    v.add([0, 1]);
    v.add([1, 0]);
    v.add([2]);
    expect(v.size).toBe(2);
    expect(v.overflow).toBe(1);
    expect([...v.entries()].map((e) => [e.steps, e.count])).toEqual([
      [[0, 1], 2],
      [[1, 0], 1],
    ]);
  });

  it("round-trips through its JSON state", () => {
    const v = new TraceVariants();
    v.add([0, 2]);
    const w = TraceVariants.fromState(JSON.parse(JSON.stringify(v.toState())));
    w.add([0, 2]);
    expect([...w.entries()].map((e) => e.count)).toEqual([2]);
  });
});

describe("no chain implies an order the runs contradict (default evidence)", () => {
  // a and c are seen in both orders (runs without b); every run with b keeps a → b → c.
  const runs = [...rep(["a", "b", "c"], 6), ...rep(["c", "a"], 2), ...rep(["a", "c"], 2)];

  it("keeps a and c unordered although a → b and b → c were each never reversed", () => {
    const s = induce(logOnly(), runs);
    const ancestors = (x: string) => precedenceClosure(s).ancestors.get(x);
    expect(ancestors("c")?.has("a")).toBe(false);
    expect(ancestors("a")?.has("c")).toBe(false);
    // The graph accepts every training run as a complete run.
    for (const r of [["a", "b", "c"], ["c", "a"], ["a", "c"]]) expect(checkOrder(s, r, { complete: true }).valid).toBe(true);
  });

  it("still keeps the chain when the runs never contradict its ends", () => {
    const s = induce(logOnly(), [...rep(["a", "b", "c"], 6), ...rep(["a", "c"], 4)]);
    expect(checkOrder(s, ["c", "a"], { complete: true }).valid).toBe(false);
  });
});
