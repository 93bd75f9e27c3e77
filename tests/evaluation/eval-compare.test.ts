// `npm run eval:compare`: two eval:all runs compared row by row (eval/all/compare-rows.ts, eval/compare.ts).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareRuns, comparisonText, statusKind } from "../../eval/all/compare-rows.js";
import type { Row } from "../../eval/all/rows.js";
import { runTsx } from "../cli/run-stepgraph.js";

const row = (dataset: string, metric: string, engine: number | null, baseline: number): Row => ({
  job: "j",
  dataset,
  task: "next step",
  metric,
  engine,
  baselines: [{ name: "trigram", value: baseline }],
  bar: { overBest: 0 },
  seconds: 1,
  load: 1,
});

const before = [row("Helpdesk", "Acc@1", 0.858, 0.859), row("Helpdesk", "Hit@3", 0.99, 0.98), row("receipt", "Acc@1", 0.8, 0.7), row("BPIC", "Acc@1", null, 0.5)];
const after = [row("Helpdesk", "Acc@1", 0.86, 0.859), row("Helpdesk", "Hit@3", 0.99, 0.98), row("receipt", "Acc@1", 0.79, 0.7), row("new", "Acc@1", 0.5, 0.4)];

describe("compareRuns", () => {
  it("lists the rows whose figure moved, with margins and the status change, and the rows only one run has", () => {
    const c = compareRuns(before, after);
    expect(c.compared).toBe(3);
    expect(c.moved.map((m) => [m.dataset, m.metric, m.before, m.after, m.statusBefore, m.statusAfter])).toEqual([
      ["Helpdesk", "Acc@1", 0.858, 0.86, "NOT MET: BELOW trigram by 0.0010", "met"],
      ["receipt", "Acc@1", 0.8, 0.79, "met", "met"],
    ]);
    expect(c.moved[0]!.marginBefore).toBeCloseTo(-0.001, 10);
    expect(c.onlyAfter).toEqual(["new | next step | Acc@1"]);
    expect(c.onlyBefore).toEqual([]);
    const text = comparisonText(c);
    expect(text).toContain("| Helpdesk | next step | Acc@1 | 0.8580 | 0.8600 | +0.0020 | −0.0010 → +0.0010 | **NOT MET: BELOW trigram by 0.0010 → met** |");
    expect(text).toContain("3 rows compared: 2 moved (1 up, 1 down), 1 changed status");
  });

  it("counts a shortfall that only changes its amount as the same status", () => {
    expect(statusKind("NOT MET: 0.0032 short of best + 0.02")).toBe(statusKind("NOT MET: 0.0028 short of best + 0.02"));
    expect(statusKind("NOT MET: BELOW trigram by 0.0001")).not.toBe(statusKind("NOT MET: 0.0028 short of best + 0.02"));
  });
});

describe("npm run eval:compare", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "stepgraph-compare-"));
    await writeFile(path.join(dir, "a.json"), JSON.stringify({ commit: "aaa", date: "d1", rows: before }));
    await writeFile(path.join(dir, "b.json"), JSON.stringify({ commit: "bbb", date: "d2", rows: after }));
    await writeFile(path.join(dir, "bad.json"), JSON.stringify({ rows: [{ dataset: 1 }] }));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("prints the moved rows of two eval:all JSON files", async () => {
    const r = await runTsx("eval/compare.ts", [path.join(dir, "a.json"), path.join(dir, "b.json")]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("before: ");
    expect(r.stdout).toContain("(aaa, d1)");
    expect(r.stdout).toContain("2 moved (1 up, 1 down)");
  });

  it("refuses a file that is not eval:all's JSON, naming the field, and a wrong number of files", async () => {
    const bad = await runTsx("eval/compare.ts", [path.join(dir, "bad.json"), path.join(dir, "b.json")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("is not the JSON of `npm run eval:all -- --json`: rows.0.dataset");
    const one = await runTsx("eval/compare.ts", [path.join(dir, "a.json")]);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain("usage: npm run eval:compare");
  });
});
