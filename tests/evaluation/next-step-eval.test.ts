import { describe, expect, it } from "vitest";
import { evaluateNextStep } from "../../src/evaluation/next-step-eval.js";
import { trainBaseline } from "../../src/evaluation/ngram-baselines.js";
import { seededFolds } from "../../src/evaluation/seeded-folds.js";
import { ProcedureSchema, type GroundedTrace } from "../../src/model/index.js";

const p = ProcedureSchema.parse({ id: "p", title: "P", steps: [{ id: "a", text: "a" }, { id: "b", text: "b" }, { id: "c", text: "c" }] });
const trace = (id: string, steps: string[]): GroundedTrace => ({ id, procedure: "p", steps });

describe("seededFolds", () => {
  it("gives the same folds for the same seed", () => {
    expect(seededFolds(50, 5, 1)).toEqual(seededFolds(50, 5, 1));
  });

  it("gives different folds for another seed", () => {
    expect(seededFolds(50, 5, 2)).not.toEqual(seededFolds(50, 5, 1));
  });

  it("splits into folds of equal size (±1)", () => {
    const sizes = [0, 0, 0];
    for (const f of seededFolds(10, 3, 7)) sizes[f]!++;
    expect(sizes.sort()).toEqual([3, 3, 4]);
  });
});

describe("n-gram baselines", () => {
  it("written-order ranks the not-yet-done steps in written order, then END", () => {
    expect(trainBaseline("written-order", p, []).rank(["b"])).toEqual(["a", "c", "END"]);
  });

  it("bigram ranks by what followed the last step, ties in written order", () => {
    const m = trainBaseline("bigram", p, [["a", "c", "b"], ["a", "c", "b"], ["a", "b", "c"]]);
    expect(m.rank(["a"])).toEqual(["c", "b", "END"]);
  });

  it("trigram ranks by the last two steps, backing off to bigram counts where they were never seen", () => {
    const q = ProcedureSchema.parse({ id: "q", title: "Q", steps: ["a", "b", "c", "d"].map((id) => ({ id, text: id })) });
    const traces = [["a", "c", "b", "d"], ["b", "c", "d", "a"], ["b", "c", "d", "a"]];
    expect(trainBaseline("bigram", q, traces).rank(["a", "c"])[0]).toBe("d");
    expect(trainBaseline("trigram", q, traces).rank(["a", "c"])[0]).toBe("b");
    // (START, c) was never seen: c was followed by d twice and by b once.
    expect(trainBaseline("trigram", q, traces).rank(["c"])[0]).toBe("d");
  });

  it("completes greedily until END", () => {
    const m = trainBaseline("bigram", p, [["b", "a", "c"], ["b", "a", "c"]]);
    expect(m.complete(["b"])).toEqual(["a", "c"]);
  });
});

describe("evaluateNextStep", () => {
  it("scores every prefix of every test trace, the empty one and END included", () => {
    // Five identical traces b, a, c; five folds: each test trace is predicted from the other four.
    const traces = [1, 2, 3, 4, 5].map((i) => trace(`t${i}`, ["b", "a", "c"]));
    const r = evaluateNextStep([p], traces, { folds: 5, seed: 1 });
    expect(r.prefixes).toBe(20);
    // Written order: [] → a (wrong), [b] → a, [b, a] → c, [b, a, c] → END: 3 of 4; its completions
    // are right from [b] on: 3 of 4.
    expect(r.baselines["written-order"]).toEqual({ acc1: 0.75, hit3: 1, completionAcc: 0.75 });
    expect(r.baselines.bigram).toEqual({ acc1: 1, hit3: 1, completionAcc: 1 });
    expect(r.engine).toEqual({ acc1: 1, hit3: 1, completionAcc: 1 });
    // Paired by trace: the engine got 4 of 4 prefixes right on each of the 5 traces, the written
    // order 3 of 4 (Acc@1, completion) and 4 of 4 (Hit@3); the bigram ties everywhere.
    expect(r.traces).toBe(5);
    expect(r.paired["written-order"]).toEqual({
      acc1: { engineBetter: 5, baselineBetter: 0 },
      hit3: { engineBetter: 0, baselineBetter: 0 },
      completionAcc: { engineBetter: 5, baselineBetter: 0 },
    });
    expect(r.paired.bigram.acc1).toEqual({ engineBetter: 0, baselineBetter: 0 });
  });

  it("is deterministic for a seed", () => {
    const traces = [["a", "b", "c"], ["b", "a", "c"], ["a", "c", "b"], ["a", "b", "c"], ["b", "a", "c"], ["a", "b"]].map((s, i) => trace(`t${i}`, s));
    expect(evaluateNextStep([p], traces, { folds: 3, seed: 4 })).toEqual(evaluateNextStep([p], traces, { folds: 3, seed: 4 }));
  });
});
