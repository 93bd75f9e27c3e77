import { describe, expect, it } from "vitest";
import { margin, pairedText, signTestP, status, table, type Row } from "../../eval/all/rows.js";

const row = (engine: number | null, baselines: Row["baselines"], bar: Row["bar"]): Row => ({
  job: "j",
  dataset: "d",
  task: "t",
  metric: "m",
  engine,
  baselines,
  bar,
  seconds: 1,
  load: 2,
});

describe("eval:all rows", () => {
  it("is met when the engine clears the floor and the best baseline plus the margin", () => {
    const r = row(0.93, [{ name: "a", value: 0.9 }, { name: "b", value: 0.91 }], { atLeast: 0.92, overBest: 0.01 });
    expect(margin(r)).toBeCloseTo(0.02);
    expect(status(r)).toBe("met");
  });

  it("says below which baseline and by how much", () => {
    expect(status(row(0.85, [{ name: "trigram", value: 0.86 }], { overBest: 0 }))).toBe("NOT MET: BELOW trigram by 0.0100");
    expect(status(row(0.87, [{ name: "trigram", value: 0.86 }], { overBest: 0.02 }))).toBe("NOT MET: 0.0100 short of best + 0.02");
    expect(status(row(0.9, [], { atLeast: 0.92 }))).toBe("NOT MET: 0.0200 below 0.92");
  });

  it("prints a SKIPPED row for an absent dataset", () => {
    const r = { ...row(null, [], {}), skipped: "../shared absent" };
    expect(status(r)).toBe("SKIPPED: ../shared absent");
    expect(table([r])).toContain("| d | t | m | – | – | – | – | – | SKIPPED: ../shared absent |");
  });

  it("gives the paired sign test against the best baseline: the units each did better on and the exact two-sided p", () => {
    // 4 : 1 of 5 untied units: P(X ≥ 4 | 5, ½) = 6/32, two-sided 0.375.
    expect(signTestP({ unit: "traces", engineBetter: 1, baselineBetter: 4 })).toBeCloseTo(0.375, 10);
    expect(signTestP({ unit: "traces", engineBetter: 0, baselineBetter: 0 })).toBe(1);
    expect(signTestP({ unit: "traces", engineBetter: 10, baselineBetter: 0 })).toBeCloseTo(2 / 1024, 10);
    const r = row(0.85, [{ name: "bigram", value: 0.84, paired: { unit: "traces", engineBetter: 9, baselineBetter: 3 } }, { name: "trigram", value: 0.851, paired: { unit: "traces", engineBetter: 4, baselineBetter: 6 } }], { overBest: 0 });
    // Against the best baseline (the trigram), not the first one.
    expect(pairedText(r)).toBe("4 : 6 traces, p = 0.75");
    expect(table([r])).toContain("| −0.0010 | 4 : 6 traces, p = 0.75 | ≥ best | NOT MET: BELOW trigram by 0.0010 |");
    expect(pairedText(row(0.9, [{ name: "DO", value: 0.878, published: "paper" }], {}))).toBe("–");
    expect(pairedText(row(0.9, [{ name: "b", value: 0.8, paired: { unit: "recipes", engineBetter: 12, baselineBetter: 0 } }], {}))).toBe("12 : 0 recipes, p < 0.001");
    expect(pairedText(row(0.9, [{ name: "b", value: 0.8, paired: { unit: "runs", engineBetter: 9, baselineBetter: 0 } }], {}))).toBe("9 : 0 runs, p = 0.004");
  });
});
