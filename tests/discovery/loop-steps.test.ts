// Loop steps (src/discovery/loop-steps.ts): an optional step done between two occurrences of a
// step the runs repeat is a step of a loop's round and may come again, though no run repeated it;
// a required step there is not carried; ranking treats such a step as one no run repeated.
import { describe, expect, it } from "vitest";
import { induce } from "../../src/discovery/induce.js";
import { stepsInRounds } from "../../src/discovery/loop-steps.js";
import { checkOrder } from "../../src/conformance/check-order.js";
import { nextSteps } from "../../src/query/next-steps.js";
import { GraphScriptSchema } from "../../src/model/index.js";
import { logOnlyProcedure } from "../../ingest/files/log-only-procedure.js";

// A loop: after a, one of b, c, d; then m (go round again) or on to z. p is a parallel step done
// once in every run, which in the run going round twice fell between the two rounds.
const runs = [
  ["s", "a", "b", "m", "p", "c", "m", "d", "z"],
  ["s", "p", "a", "b", "z"],
  ["s", "a", "p", "c", "z"],
  ["s", "a", "d", "p", "z"],
  ["s", "a", "b", "p", "m", "d", "z"],
  ["s", "p", "a", "c", "m", "b", "z"],
  ["s", "a", "d", "z", "p"],
  ["s", "a", "p", "b", "z"],
];
const script = induce(logOnlyProcedure("log", { id: "log" }), runs);
const step = (id: string) => script.steps.find((s) => s.id === id)!;

describe("loop steps", () => {
  it("finds the steps between two occurrences of a repeated step", () => {
    const inRound = stepsInRounds(5, [{ steps: [0, 1, 2, 0, 3, 1] }, { steps: [4, 2] }], (x) => x === 0);
    // Between the two 0s: 1 and 2; 1 repeats too but is not accepted as a loop's marker here.
    expect([...inRound]).toEqual([0, 1, 1, 0, 0]);
  });

  it("makes an optional step of a round repeatable with repeats: 0, and says why", () => {
    expect(step("m")).toMatchObject({ repeatable: true, repeats: 1 });
    expect(step("c")).toMatchObject({ optional: true, repeatable: true, repeats: 0 });
    // b and d were never inside a round; p and a are required (p fell between the rounds once).
    for (const id of ["b", "d", "p", "a"]) expect(step(id)).toMatchObject({ repeatable: false });
    expect(step("b").repeats).toBeUndefined();
    expect(GraphScriptSchema.parse(script)).toEqual(script);
    expect(script.calibration!.reasons).toContainEqual(expect.stringMatching(/^1 optional step that no run repeated is repeatable as a step of a loop the runs repeat/));
  });

  it("accepts a run that chooses that step in two rounds, and still refuses the others' repeats", () => {
    expect(checkOrder(script, ["s", "a", "c", "m", "p", "c", "z"], { complete: true })).toMatchObject({ valid: true });
    expect(checkOrder(script, ["s", "a", "b", "m", "p", "b", "z"], { complete: true })).toMatchObject({ valid: false, violations: [{ code: "repeated_step", step: "b" }] });
    expect(checkOrder(script, ["s", "a", "p", "c", "m", "p", "z"], { complete: true })).toMatchObject({ valid: false, violations: [{ code: "repeated_step", step: "p" }] });
  });

  it("ranks it again only where the runs show it: not from the last two steps alone", () => {
    // The trigram (m, p) was followed by c in the first run, where c had not been done; here it has.
    // Allowed, but ranked with the candidates nothing shows here (after END), not with b, z, d.
    const next = nextSteps(script, ["s", "a", "c", "m", "p"], 20);
    expect(next.find((n) => n.step === "c")).toMatchObject({ allowed: true, probability: 0 });
    expect(next.slice(0, 3).map((n) => n.step).sort()).toEqual(["b", "d", "z"]);
    expect(next.findIndex((n) => n.step === "c")).toBeGreaterThan(next.findIndex((n) => n.step === "END"));
  });
});
