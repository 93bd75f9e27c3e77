import { describe, expect, it } from "vitest";
import { evaluateOrderValidity, pairEvidence, type HeldOutRun } from "../../src/evaluation/order-validity-eval.js";

const times = (n: number, run: string[]): string[][] => Array.from({ length: n }, () => [...run]);
const held = (index: number, steps: string[], trueValid: boolean, imfValid: boolean, caseId?: string): HeldOutRun =>
  caseId === undefined ? { index, steps, trueValid, imfValid } : { index, steps, trueValid, imfValid, caseId };

describe("evaluateOrderValidity", () => {
  it("scores stepgraph and the peer against the true verdicts", () => {
    const r = evaluateOrderValidity({
      train: times(10, ["a", "b", "c"]),
      test: [
        held(3, ["a", "b", "c"], true, true), // both accept: agree
        held(7, ["b", "a", "c"], false, true), // stepgraph rejects (agrees), IMf accepts
        held(9, ["a", "b", "c"], true, false), // IMf wrongly rejects
      ],
    });
    expect([r.trainRuns, r.heldOut, r.valid, r.invalid]).toEqual([10, 3, 2, 1]);
    expect(r.stepgraph).toEqual({ agreement: 1, agreeing: 3, validAccepted: 1, validAcceptedCount: 2, invalidRejected: 1, invalidRejectedCount: 1 });
    expect(r.imf).toEqual({ agreement: 1 / 3, agreeing: 1, validAccepted: 0.5, validAcceptedCount: 1, invalidRejected: 0, invalidRejectedCount: 0 });
    expect(r.runs.map((x) => [x.index, x.stepgraphValid])).toEqual([
      [3, true],
      [7, false],
      [9, true],
    ]);
  });

  it("gives null, not a number, for a share with no runs to count", () => {
    const r = evaluateOrderValidity({ train: times(5, ["a", "b"]), test: [held(0, ["a", "b"], true, true)] });
    expect(r.stepgraph.invalidRejected).toBeNull();
    expect(r.imf.invalidRejected).toBeNull();
    expect(evaluateOrderValidity({ train: times(5, ["a", "b"]), test: [] }).stepgraph.agreement).toBeNull();
  });

  it("explains a false rejection of a never-reversed pair with the edge and the training evidence", () => {
    // The truth lets a and b run in parallel, but the 5 training runs all did a then b.
    const r = evaluateOrderValidity({ train: times(5, ["a", "b", "c"]), test: [held(0, ["b", "a", "c"], true, true)] });
    expect(r.stepgraph.validAccepted).toBe(0);
    expect(r.diagnosis.falseRejections).toBe(1);
    expect(r.diagnosis.byKind).toEqual([{ code: "precedence", violations: 1, runs: 1 }]);
    expect(r.diagnosis.byPair).toEqual([
      {
        step: "b",
        requires: "a",
        runs: 1,
        edge: { support: 5, confidence: 1 },
        evidence: { both: 5, requiresFirst: 5, stepFirst: 0, requiresThenStep: 5, stepThenRequires: 0 },
      },
    ]);
    expect(r.diagnosis.byStep).toEqual([]);
  });

  it("marks a constraint that comes from a chain of edges with edge null", () => {
    // b is optional (half the runs skip it); c needs a through a→b→c, and the reduced script has
    // no edge a→c.
    const train = [...times(5, ["a", "b", "c"]), ...times(5, ["a", "c"])];
    const r = evaluateOrderValidity({ train, test: [held(0, ["c", "a"], true, true)] });
    expect(r.diagnosis.byPair).toEqual([
      {
        step: "c",
        requires: "a",
        runs: 1,
        edge: null,
        evidence: { both: 10, requiresFirst: 10, stepFirst: 0, requiresThenStep: 5, stepThenRequires: 0 },
      },
    ]);
  });

  it("groups missing required and unknown steps by step, with the step's training frequency", () => {
    const r = evaluateOrderValidity({
      train: times(10, ["a", "b", "c"]),
      test: [held(0, ["a", "c"], true, true), held(1, ["a", "c"], true, true), held(2, ["a", "x", "b", "c"], true, true)],
    });
    expect(r.diagnosis.falseRejections).toBe(3);
    expect(r.diagnosis.byKind).toEqual([
      { code: "missing_required", violations: 2, runs: 2 },
      { code: "unknown_step", violations: 1, runs: 1 },
    ]);
    expect(r.diagnosis.byStep).toEqual([
      { code: "missing_required", step: "b", runs: 2, frequency: 1, repeatable: false },
      { code: "unknown_step", step: "x", runs: 1 },
    ]);
  });

  it("counts a run once per pair however often the pair is violated in it", () => {
    const r = evaluateOrderValidity({
      train: times(5, ["a", "b", "c"]),
      test: [held(0, ["b", "a", "c"], true, true), held(1, ["b", "a", "c"], true, true)],
    });
    expect(r.diagnosis.byPair.map((p) => [p.requires, p.step, p.runs])).toEqual([["a", "b", 2]]);
  });

  it("lists the invalid runs that stepgraph accepted", () => {
    // b and c were seen in both orders: the graph frees them, so the invalid c-before-b run passes.
    const train = [...times(5, ["a", "b", "c"]), ...times(5, ["a", "c", "b"])];
    const r = evaluateOrderValidity({ train, test: [held(4, ["a", "c", "b"], false, false, "case-4"), held(5, ["b", "a", "c"], false, false)] });
    expect(r.stepgraph.invalidRejectedCount).toBe(1);
    expect(r.diagnosis.falseAcceptances).toEqual([{ index: 4, caseId: "case-4", steps: ["a", "c", "b"] }]);
    expect(r.diagnosis.falseRejections).toBe(0);
  });

  it("induces a log-only script with the engine's defaults unless told otherwise", () => {
    const train = times(5, ["a", "b"]);
    const run = held(0, ["b", "a"], true, true);
    const defaults = evaluateOrderValidity({ train, test: [run] });
    expect(defaults.script).toEqual({ steps: 2, edges: 1, edgeList: [{ from: "a", to: "b", support: 5, confidence: 1 }], optional: [], repeatable: [] });
    expect(defaults.stepgraph.validAcceptedCount).toBe(0);
    // Five agreeing runs are below a minSupport of 6: no edge, the reversed run is accepted.
    const loose = evaluateOrderValidity({ train, test: [run], induce: { evidence: "counts", minSupport: 6 } });
    expect(loose.script.edges).toBe(0);
    expect(loose.stepgraph.validAcceptedCount).toBe(1);
  });
});

describe("pairEvidence", () => {
  it("counts first occurrences and direct succession in either direction", () => {
    const train = [
      ["a", "b"], // a first, a→b direct
      ["b", "x", "a", "b"], // b first, b→a not direct, a→b direct
      ["b", "a"], // b first, b→a direct
      ["a", "x"], // b absent: not counted
    ];
    expect(pairEvidence(train, "a", "b")).toEqual({ both: 3, requiresFirst: 1, stepFirst: 2, requiresThenStep: 2, stepThenRequires: 1 });
  });
});
