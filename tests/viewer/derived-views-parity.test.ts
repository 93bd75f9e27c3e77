// The viewer draws interchangeable groups and exclusive alternatives with a browser copy of
// src/discovery/derived-views.ts (api/viewer/static/derived-views.js). These tests fail when
// the copy and the engine disagree on induced scripts.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { induce } from "../../src/discovery/induce.js";
import * as engine from "../../src/discovery/derived-views.js";
import { InduceOptionsSchema, ProcedureSchema, type GraphScript } from "../../src/model/index.js";
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

  it("match the engine on arbitrary scripts (random DAG, states and transitions)", () => {
    const ids = ["a", "b", "c", "d", "e", "f"];
    const pair = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }));
    const arbitraryScript = fc
      .record({
        optional: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        support: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 6, maxLength: 6 }),
        edges: fc.array(pair, { maxLength: 10 }),
        states: fc.array(fc.tuple(fc.subarray(ids), fc.constantFrom(...ids)), { maxLength: 12 }),
        transitions: fc.array(pair, { maxLength: 8 }),
        traceCount: fc.integer({ min: 0, max: 5 }),
        order: fc.shuffledSubarray(ids, { minLength: 6, maxLength: 6 }),
      })
      .map(({ optional, support, edges, states, transitions, traceCount, order }): GraphScript => ({
        procedure: "p",
        version: 1,
        title: "P",
        traceCount,
        steps: ids.map((id, i) => ({
          id, text: id, position: i, written: true, support: support[i]!, frequency: 1,
          optional: optional[i]!, repeatable: false,
        })),
        // Edges only from an earlier to a later step of a random order: a DAG.
        edges: edges
          .filter(([x, y]) => x < y)
          .map(([x, y]) => ({ from: order[x]!, to: order[y]!, support: 1, confidence: 1, origin: "traces" as const })),
        transitions: transitions.map(([x, y]) => ({ from: ids[x]!, to: ids[y]!, count: 1 })),
        trigrams: [],
        states: states.map(([done, to]) => ({ done, to, count: 1 })),
        options: InduceOptionsSchema.parse({}),
      }));
    fc.assert(
      fc.property(arbitraryScript, (script) => {
        expect(browser.interchangeableGroups(script)).toEqual(engine.interchangeableGroups(script));
        expect(browser.exclusiveAlternatives(script)).toEqual(engine.exclusiveAlternatives(script));
      }),
      { numRuns: 300, seed: 7 },
    );
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
