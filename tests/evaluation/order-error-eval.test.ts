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
    expect(r).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, recordings: 6, positives: 2, flagged: 1, truePositives: 1, falsePositives: 0 });
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
