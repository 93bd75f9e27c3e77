// Real-data check of induction on the synthetic SOP log (../shared/datasets/synthetic-sop, 10,000
// traces with known structure and 2% noise): S → A → {B, C, D any order} → E? → (F | G) → H (rework)
// → I1 → I2 → I3 → Z. Skips visibly when ../shared is absent.
import { beforeAll, describe, expect, it } from "vitest";
import { readTracesFile } from "../../ingest/read-traces-file.js";
import { branchingPoints, exclusiveAlternatives, interchangeableGroups } from "../../src/discovery/derived-views.js";
import { createInduction } from "../../src/discovery/induce.js";
import { eventStepId, ProcedureSchema, type GraphScript } from "../../src/model/index.js";
import { notice } from "../helpers/notice.js";
import { sharedDataset } from "../helpers/shared-data.js";

const log = sharedDataset("synthetic-sop", "synth_10000.xes.gz");
if (!log) notice("skipped: synthetic SOP structure check needs ../shared/datasets/synthetic-sop");

describe.skipIf(!log)("induction on the synthetic SOP log", () => {
  let script: GraphScript;
  beforeAll(async () => {
    const induction = createInduction(ProcedureSchema.parse({ id: "synth", title: "synth", steps: [] }));
    for await (const r of readTracesFile(log!, { procedure: "synth" })) {
      if (r.ok) induction.add(r.trace.steps.map((e) => eventStepId(e)!));
    }
    script = induction.script();
  });

  it("induces the known precedence DAG from the noisy log", () => {
    expect(script.traceCount).toBe(10_000);
    expect(script.edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual(
      ["START>S", "S>A", "A>B", "A>C", "A>D", "B>E", "C>E", "D>E", "E>F", "E>G", "F>H", "G>H", "H>I1", "I1>I2", "I2>I3", "I3>Z", "Z>END"].sort(),
    );
  });

  it("derives the any-order group, the exclusive choice and the branching points", () => {
    expect(interchangeableGroups(script).map((g) => [...g].sort())).toEqual([["B", "C", "D"]]);
    expect(exclusiveAlternatives(script)).toEqual([["F", "G"]]);
    expect(branchingPoints(script).map((b) => b.step)).toEqual(["A", "E"]);
  });

  it("flags the optional and the repeated steps only", () => {
    const flags = (f: "optional" | "repeatable") => script.steps.filter((s) => s[f]).map((s) => s.id).sort();
    expect(flags("optional")).toEqual(["E", "F", "G"]);
    expect(flags("repeatable")).toEqual(["H"]);
  });
});
