// Text prior (src/discovery/text-prior.ts) and induction with `textPrior`: parallel steps
// (same verb, no object in common) lose their habit edges, related steps (one's object is the
// other's object or destination) keep an ordering that is seen directly only once.
import { describe, expect, it } from "vitest";
import { induceOptionsFromFlags } from "../../cli/commands/induce-flags.js";
import { induce } from "../../src/discovery/induce.js";
import { PAIR_NEUTRAL, PAIR_PARALLEL, PAIR_RELATED, pairRelation, stepTextRoles, textPrior } from "../../src/discovery/text-prior.js";
import { ProcedureSchema, type GraphScript } from "../../src/model/index.js";

const proc = (steps: [string, string][]) =>
  ProcedureSchema.parse({ id: "p", title: "P", steps: steps.map(([id, text]) => ({ id, text })) });
const edges = (s: GraphScript) => s.edges.map((e) => `${e.from}>${e.to}`).sort();
const rep = (t: string[], k: number) => Array.from({ length: k }, () => t);
// The text prior is measured against the threshold rules (evidence "counts").
const few = { evidence: "counts", minSupport: 1, minConfidence: 1, maxTraceViolations: null, minDirectFollows: 3 } as const;
const relation = (a: string, b: string) => pairRelation(stepTextRoles(a), stepTextRoles(b));

describe("stepTextRoles", () => {
  it("reads verb, object and destination, without numbers, units or function words", () => {
    const r = stepTextRoles("Add 1/2 tsp ground pepper to the bowl");
    expect({ verb: r.verb, object: [...r.object], destination: [...r.destination] }).toEqual({
      verb: "add",
      object: ["ground", "pepper"],
      destination: ["bowl"],
    });
  });

  it("gives an empty verb for a text without words", () => {
    expect(stepTextRoles("1/2 - 3").verb).toBe("");
  });
});

describe("pairRelation", () => {
  it("calls two steps that add different things to the same place parallel", () => {
    expect(relation("Add 1 tsp salt to the bowl", "Add 2 tbsp milk to the bowl")).toBe(PAIR_PARALLEL);
  });

  it("calls a step that works on the other's destination related", () => {
    expect(relation("Add 1 tbsp water to the bowl", "Microwave the bowl, covered")).toBe(PAIR_RELATED);
  });

  it("calls same-verb steps related when one's object is the other's destination", () => {
    expect(relation("Place the dripper on the mug", "Place the paper filter in the dripper")).toBe(PAIR_RELATED);
  });

  it("calls steps with nothing in common neutral", () => {
    expect(relation("Peel 4 garlic cloves", "Take 1 tomato")).toBe(PAIR_NEUTRAL);
  });

  it("is symmetric over a procedure's texts", () => {
    const m = textPrior(["Add salt to the bowl", "Add milk to the bowl", "Stir the bowl"]);
    expect([m[0 * 3 + 1], m[1 * 3 + 0], m[0 * 3 + 2], m[2 * 3 + 0], m[1 * 3 + 1]]).toEqual([
      PAIR_PARALLEL,
      PAIR_PARALLEL,
      PAIR_RELATED,
      PAIR_RELATED,
      PAIR_NEUTRAL,
    ]);
  });
});

describe("induce with textPrior", () => {
  const adds = proc([
    ["s", "Add 1 tsp salt to the bowl"],
    ["m", "Add 2 tbsp milk to the bowl"],
    ["w", "Microwave the bowl for 2 minutes"],
  ]);
  const always = rep(["s", "m", "w"], 3);

  it("keeps the habit of parallel steps without the prior", () => {
    expect(edges(induce(adds, always, few))).toEqual(["START>s", "m>w", "s>m", "w>END"]);
  });

  it("frees parallel steps that every run did in written order", () => {
    expect(edges(induce(adds, always, { ...few, textPrior: true }))).toEqual(["START>m", "START>s", "m>w", "s>w", "w>END"]);
  });

  it("keeps the written chain of parallel steps when there are no traces", () => {
    expect(edges(induce(adds, [], { ...few, textPrior: true }))).toEqual(["START>s", "m>w", "s>m", "w>END"]);
  });

  const cucumber = proc([
    ["a", "Peel the cucumber"],
    ["x", "Rinse the peeler"],
    ["b", "Wash the knife"],
    ["d", "Grate the cucumber"],
  ]);
  const runs = [...rep(["a", "x", "b", "d"], 3), ["b", "a", "d", "x"]];

  it("drops a distant ordering seen directly once without the prior", () => {
    expect(edges(induce(cucumber, runs, few))).not.toContain("a>d");
  });

  it("keeps an ordering of related steps seen directly once", () => {
    expect(edges(induce(cucumber, runs, { ...few, textPrior: true }))).toContain("a>d");
  });
});

describe("induce with textPrior: chain heads", () => {
  const chutney = proc([
    ["g", "Peel the garlic"],
    ["m", "Mince the garlic"],
    ["t", "Take 1 tomato"],
    ["c", "Chop the tomato"],
  ]);
  const runs = [...rep(["g", "m", "t", "c"], 2), ["g", "t", "m", "c"]];
  const o = { ...few, minDirectFollows: 5 };

  it("gives a step with no proximate predecessor its nearest distant one without the prior", () => {
    expect(edges(induce(chutney, runs, o))).toContain("g>t");
  });

  it("lets a step that starts a chain of related steps start the run", () => {
    const e = edges(induce(chutney, runs, { ...o, textPrior: true }));
    expect([e.includes("START>t"), e.includes("g>t"), e.includes("t>c")]).toEqual([true, false, true]);
  });
});

describe("--text-prior flag", () => {
  it("sets textPrior", () => {
    expect(induceOptionsFromFlags({ textPrior: true })).toMatchObject({ textPrior: true });
  });

  it("leaves textPrior absent when not given", () => {
    expect("textPrior" in induceOptionsFromFlags({})).toBe(false);
  });
});

describe("--fallback-by flag", () => {
  it("sets fallbackBy", () => {
    expect(induceOptionsFromFlags({ fallbackBy: "written" })).toMatchObject({ fallbackBy: "written" });
  });

  it("rejects another word, naming the flag and quoting the value", () => {
    expect(() => induceOptionsFromFlags({ fallbackBy: "nearest" })).toThrow('--fallback-by must be one of follows, written, got "nearest"');
  });
});
