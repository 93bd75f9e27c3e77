// The one step resolver: id, written number or text (exact, or grounded), else unresolved with
// the closest steps.
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../src/errors.js";
import { createStepResolver, resolveStepsOrThrow, type ResolvableStep } from "../../src/query/resolve-steps.js";

const STEPS: ResolvableStep[] = [
  { id: "thaw", text: "Thaw reagents on ice", number: 1 },
  { id: "label", text: "Label the PCR tubes", number: 2 },
  { id: "mix", text: "Prepare the master mix", number: 3 },
  { id: "seen-only", text: "seen-only" },
];
const r = createStepResolver(STEPS);
const where = { procedure: "pcr", version: 1, path: (i: number) => ["done", i], label: (i: number) => `done.${i}` };

describe("createStepResolver", () => {
  it("takes ids as they are, reporting nothing", () => {
    expect(r.resolve(["thaw", "mix"])).toEqual({ steps: ["thaw", "mix"], resolved: [], unresolved: [] });
  });

  it("reads written numbers, also as 3. #3 and step 3", () => {
    expect(r.resolve(["2", "3.", "#1", "step 2"]).steps).toEqual(["label", "mix", "thaw", "label"]);
    expect(r.resolve(["2"]).resolved).toEqual([{ index: 0, input: "2", step: "label", by: "number" }]);
  });

  it("does not read numbers as positions when step ids are numbers", () => {
    const numeric = createStepResolver([{ id: "62", text: "Fold the filter", number: 1 }, { id: "60", text: "Place the filter", number: 2 }]);
    expect(numeric.resolve(["1"]).unresolved).toHaveLength(1);
    expect(numeric.resolve(["62"]).steps).toEqual(["62"]);
  });

  it("reads the same text (case, spaces and a final period ignored) with score 1", () => {
    expect(r.resolve(["  thaw REAGENTS on ice. "]).resolved).toEqual([{ index: 0, input: "  thaw REAGENTS on ice. ", step: "thaw", by: "text", score: 1 }]);
  });

  it("grounds a text that is close enough, with its score", () => {
    const x = r.resolve(["labelled the tubes"]).resolved[0];
    expect(x).toMatchObject({ step: "label", by: "text" });
    expect(x?.score).toBeGreaterThanOrEqual(0.5);
  });

  it("leaves two steps with the same text unresolved, listing both", () => {
    const dup = createStepResolver([{ id: "a", text: "Mix" }, { id: "b", text: "Mix" }]);
    expect(dup.resolve(["Mix"]).unresolved[0]?.candidates.map((c) => c.step).sort()).toEqual(["a", "b"]);
  });

  it("lists ids a few edits away for an unknown id (a typo shares no word)", () => {
    expect(r.resolve(["lable"]).unresolved[0]?.candidates.map((c) => c.step)).toEqual(["label"]);
  });

  it("matches a text-only input by its text, never as an id or number", () => {
    expect(r.resolve(["thaw"], { textOnly: true }).resolved[0]).toMatchObject({ by: "text", step: "thaw" });
    expect(r.resolve(["2"], { textOnly: true }).unresolved).toHaveLength(1);
  });
});

describe("resolveStepsOrThrow", () => {
  it("throws unknown_step naming each unresolved input, where it was, and the steps when none is close", () => {
    const err = (() => {
      try {
        return resolveStepsOrThrow(r, ["thaw", "centrifuge", "zzz"], where);
      } catch (e) {
        return e;
      }
    })() as InvalidInputError;
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.code).toBe("unknown_step");
    expect(err.issues.map((i) => i.path)).toEqual([["done", 1], ["done", 2]]);
    expect(err.message).toMatch(/^2 inputs name no step of "pcr" version 1:\ndone.1: "centrifuge" is not a step/);
    expect(err.issues[0]?.message).toContain('the steps are "thaw", "label", "mix", "seen-only"');
  });
});
