import { describe, expect, it } from "vitest";
import { margin, status, table, type Row } from "../../eval/all/rows.js";

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
    expect(table([r])).toContain("| d | t | m | – | – | – | – | SKIPPED: ../shared absent |");
  });
});
