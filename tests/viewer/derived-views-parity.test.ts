// The viewer draws interchangeable groups and exclusive alternatives with a browser copy of
// src/discovery/derived-views.ts (api/viewer/static/derived-views.js). These tests fail when
// the copy and the engine disagree on induced scripts.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { induce } from "../../src/discovery/induce.js";
import * as engine from "../../src/discovery/derived-views.js";
import { ProcedureSchema } from "../../src/model/index.js";
// @ts-expect-error: plain browser ES module without type declarations
import * as browser from "../../api/viewer/static/derived-views.js";
import { pcrDataset } from "./viewer-data.js";

describe("viewer derived views", () => {
  it("match the engine on the PCR procedures", () => {
    const ds = pcrDataset();
    for (const input of ds.procedures) {
      const p = ProcedureSchema.parse(input);
      const script = induce(p, ds.traces.filter((t) => t.procedure === p.id));
      expect(browser.interchangeableGroups(script)).toEqual(engine.interchangeableGroups(script));
      expect(browser.exclusiveAlternatives(script)).toEqual(engine.exclusiveAlternatives(script));
    }
  });

  it("find the any-order pair and the either/or choice of the PCR set-up", () => {
    const ds = pcrDataset();
    const p = ProcedureSchema.parse(ds.procedures[0]);
    const script = induce(p, ds.traces.filter((t) => t.procedure === p.id));
    expect(browser.interchangeableGroups(script)).toEqual([["thaw", "label"]]);
    expect(browser.exclusiveAlternatives(script)).toEqual([["standard", "touchdown"]]);
  });

  it("match the engine on random traces over six steps", () => {
    const ids = ["a", "b", "c", "d", "e", "f"];
    const p = ProcedureSchema.parse({ id: "p", title: "P", steps: ids.map((id) => ({ id, text: id.toUpperCase() })) });
    const trace = fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(trace, { minLength: 0, maxLength: 12 }), (traces) => {
        const script = induce(p, traces, { minSupport: 1 });
        expect(browser.interchangeableGroups(script)).toEqual(engine.interchangeableGroups(script));
        expect(browser.exclusiveAlternatives(script)).toEqual(engine.exclusiveAlternatives(script));
      }),
      { numRuns: 150, seed: 42 },
    );
  });
});
