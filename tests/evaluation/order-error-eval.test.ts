import { describe, expect, it } from "vitest";
import { evaluateOrderErrors, type LabelledRecording } from "../../src/evaluation/order-error-eval.js";
import { ProcedureSchema } from "../../src/model/index.js";

const p = ProcedureSchema.parse({ id: "p", title: "P", steps: [{ id: "a", text: "a" }, { id: "b", text: "b" }, { id: "c", text: "c" }] });
const rec = (id: string, steps: string[], errorFree: boolean, orderError: boolean): LabelledRecording => ({ id, procedure: p, steps, errorFree, orderError });

describe("evaluateOrderErrors", () => {
  it("flags recordings with a precedence violation against the graph of the other error-free ones", () => {
    const r = evaluateOrderErrors([
      rec("n1", ["a", "b", "c"], true, false),
      rec("n2", ["a", "b", "c"], true, false),
      rec("n3", ["a", "b", "c"], true, false),
      rec("o1", ["b", "a", "c"], false, true), // inverted: flagged, tagged → TP
      rec("o2", ["a", "b", "c"], false, true), // tagged but in order → FN
      rec("m1", ["a", "c"], false, false), // skips b: a missing step, not an order error → not flagged
    ]);
    expect(r).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, recordings: 6, positives: 2, flagged: 1, truePositives: 1, falsePositives: 0, flaggedIds: ["o1"] });
  });

  it("flags by the check's order-error verdict: one inverted habit is not an error where held-out runs break habits too", () => {
    const q = ProcedureSchema.parse({ id: "q", title: "Q", steps: ["a", "b", "c", "d"].map((id) => ({ id, text: id })) });
    const r = (id: string, steps: string[], errorFree: boolean, orderError: boolean): LabelledRecording => ({ id, procedure: q, steps, errorFree, orderError });
    const chain = ["a", "b", "c", "d"];
    const res = evaluateOrderErrors([
      ...Array.from({ length: 5 }, (_, i) => r(`n${i}`, chain, true, false)),
      r("s1", ["b", "a", "c", "d"], true, false),
      r("s2", ["a", "c", "b", "d"], true, false),
      r("s3", ["a", "b", "d", "c"], true, false),
      r("habit", ["a", "c", "b", "d"], false, false), // one inverted pair, as held-out runs show: not flagged
      r("reversed", ["d", "c", "b", "a"], false, true), // six: flagged
    ]);
    expect(res.flaggedIds).toEqual(["reversed"]);
  });

  it("leaves the judged recording out of its own training set", () => {
    // The two runs disagree on b and c. Judged with itself in training, neither order would be a
    // constraint; left out, each is judged against the other alone and breaks its order.
    const r = evaluateOrderErrors([rec("n1", ["a", "b", "c"], true, false), rec("n2", ["a", "c", "b"], true, false)], {
      induce: { minSupport: 1, minConfidence: 1, writtenPriorWeight: 0 },
    });
    expect(r.flagged).toBe(2);
  });
});

describe("evaluateOrderErrors with minInversions", () => {
  const q = ProcedureSchema.parse({ id: "q", title: "Q", steps: ["a", "b", "c", "d"].map((id) => ({ id, text: id })) });
  const r = (id: string, steps: string[], errorFree: boolean, orderError: boolean): LabelledRecording => ({ id, procedure: q, steps, errorFree, orderError });
  const recordings = [
    r("n1", ["a", "b", "c", "d"], true, false),
    r("n2", ["a", "b", "c", "d"], true, false),
    r("swap", ["a", "c", "b", "d"], false, false), // one inverted pair
    r("jump", ["d", "a", "b", "c"], false, true), // d jumps three constraints
  ];
  const induce = { minSupport: 1, minConfidence: 1, writtenPriorWeight: 1, maxTraceViolations: null, minDirectFollows: 0 };

  it("flags a single inverted pair by default", () => {
    expect(evaluateOrderErrors(recordings, { induce }).flagged).toBe(2);
  });

  it("flags only runs with at least minInversions inverted pairs", () => {
    const res = evaluateOrderErrors(recordings, { induce, minInversions: 2 });
    expect([res.flagged, res.truePositives, res.falsePositives]).toEqual([1, 1, 0]);
  });
});
