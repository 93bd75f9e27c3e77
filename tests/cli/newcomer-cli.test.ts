// The CLI defects of issue 15 ("a newcomer's first hour"), each typed as the issue typed it, on
// the PCR protocol and CSV log of examples/: unknown steps are refused (exit 2), steps are read
// by id, written number or text, a written procedure plus a CSV log of free-text events goes
// through `induce --ground`, `ground` takes the CSV flags, next/check/complete read the store,
// CSV and XES errors say what is wrong, and each error is printed once.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, stepgraph } from "./run-stepgraph.js";

const MD = path.join(ROOT, "examples/run-a-pcr.md");
const CSV = path.join(ROOT, "examples/pcr-log.csv");
const COLUMNS = ["--case-column", "run_id", "--activity-column", "step", "--timestamp-column", "time"];
let dir: string;
let procs: string;
let script: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "stepgraph-newcomer-"));
  const imported = await stepgraph(["import", "markdown", MD, "--out", dir]);
  expect(imported.code, imported.stderr).toBe(0);
  procs = path.join(dir, "procedures.json");
  script = path.join(dir, "pcr-script.json");
  const induced = await stepgraph(["induce", "--procedures", procs, "--id", "run-a-pcr", "--traces", CSV, ...COLUMNS, "--ground", "--out", script]);
  expect(induced.code, induced.stderr).toBe(0);
}, 60_000);

/** stderr holds one error, printed once. */
function oneError(stderr: string): string {
  const lines = stderr.trim().split("\n");
  expect(lines.filter((l) => l.startsWith("stepgraph:"))).toHaveLength(1);
  return stderr;
}

describe("steps typed on the command line", () => {
  it("an unknown step exits 2, naming it and the steps (was: exit 0 with the ranking of an empty run)", async () => {
    const r = await stepgraph(["next", "--script", script, "centrifuge-the-plate", "--json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(oneError(r.stderr)).toContain('argument 1: "centrifuge-the-plate" is not a step of "run-a-pcr" version 1');
  });

  it("the typo thaw-reagents-on-ic is read by its words, and the answer says so", async () => {
    const r = await stepgraph(["next", "--script", script, "thaw-reagents-on-ic", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.done).toEqual(["thaw-reagents-on-ice"]);
    expect(out.resolved[0]).toMatchObject({ input: "thaw-reagents-on-ic", by: "text" });
  });

  it("written numbers: next … 1 3", async () => {
    const r = await stepgraph(["next", "--script", script, "1", "3"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('read "1" as thaw-reagents-on-ice (written step 1)');
    expect(r.stdout).toContain('read "3" as spin-down-reagents-briefly (written step 3)');
  });

  it('a step text: next … "Thaw reagents on ice."', async () => {
    const r = await stepgraph(["next", "--script", script, "Thaw reagents on ice.", "--json"]);
    expect(JSON.parse(r.stdout).done).toEqual(["thaw-reagents-on-ice"]);
  });

  it("complete with an unknown step exits 2 (was: a full run)", async () => {
    const r = await stepgraph(["complete", "--script", script, "centrifuge-the-plate"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
  });

  it("check with an unknown step exits 2, not 1", async () => {
    expect((await stepgraph(["check", "--script", script, "1", "centrifuge-the-plate"])).code).toBe(2);
  });

  it("complete prints each step with its text, as next does", async () => {
    const r = await stepgraph(["complete", "--script", script, "1", "2", "3"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("prepare-master-mix  Prepare the master mix.\nadd-template-dna-to-each-tube  Add template DNA to each tube.");
  });

  it("complete after steps that break the order says so and continues", async () => {
    const r = await stepgraph(["complete", "--script", script, "add-template-dna-to-each-tube"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^the steps so far break the order/);
  });

  it("next lists allowed steps only, unless --include-blocked", async () => {
    const only = JSON.parse((await stepgraph(["next", "--script", script, "-k", "5", "--json"])).stdout);
    expect(only.next.every((n: { allowed: boolean }) => n.allowed)).toBe(true);
    const all = JSON.parse((await stepgraph(["next", "--script", script, "-k", "5", "--include-blocked", "--json"])).stdout);
    expect(all.next).toHaveLength(5);
  });
});

describe("a written procedure plus a CSV log of free-text events", () => {
  it("induce --ground takes it (was: \"Thaw reagents on ice\" is not a step)", async () => {
    const r = await stepgraph(["induce", "--procedures", procs, "--id", "run-a-pcr", "--traces", CSV, ...COLUMNS, "--ground", "--json", "--out", path.join(dir, "s2.json")]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ procedure: "run-a-pcr", traces: 5, events: 30, groundedEvents: 30 });
  });

  it("without --ground the error says to use it", async () => {
    const r = await stepgraph(["induce", "--procedures", procs, "--id", "run-a-pcr", "--traces", CSV, ...COLUMNS]);
    expect(r.code).toBe(2);
    expect(oneError(r.stderr)).toContain("--ground matches free-text events to steps");
  });

  it("ground takes the CSV column flags", async () => {
    const r = await stepgraph(["ground", "--procedures", procs, "--id", "run-a-pcr", "--events", CSV, ...COLUMNS, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ traces: 5, groundedEvents: 30, unknownEvents: 0 });
  });

  it("next --traces reads the CSV (was: 130 lines of `not valid JSON`)", async () => {
    const r = await stepgraph(["next", "--procedures", procs, "--id", "run-a-pcr", "--traces", CSV, ...COLUMNS, "--ground", "1", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).next[0].step).toBe("label-pcr-tubes");
  });

  it("next --traces on a CSV without the flags names the missing columns once, not per line", async () => {
    const r = await stepgraph(["next", "--procedures", procs, "--id", "run-a-pcr", "--traces", CSV]);
    expect(r.code).toBe(2);
    expect(oneError(r.stderr).trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toContain("not valid JSON");
  });
});

describe("a CSV log that names steps by their written numbers (1, 2, 3 of the numbered list)", () => {
  const numbered = async (): Promise<string> => {
    const file = path.join(dir, "numbered.csv");
    const runs = [["1", "2", "4", "5", "6"], ["2", "1", "3", "4", "5", "6", "7"], ["1", "2", "4", "5", "6", "7"]];
    await writeFile(file, ["case,step", ...runs.flatMap((r, i) => r.map((s) => `r${i + 1},${s}`))].join("\n") + "\n");
    return file;
  };

  it("without --ground the error names the written step each number is", async () => {
    const r = await stepgraph(["induce", "--procedures", procs, "--id", "run-a-pcr", "--traces", await numbered(), "--case-column", "case", "--activity-column", "step"]);
    expect(r.code).toBe(2);
    expect(oneError(r.stderr)).toContain('"1" is not a step of procedure "run-a-pcr" (written step 1 is "thaw-reagents-on-ice"; --ground reads written step numbers as steps)');
  });

  it("induce --ground and ingest --ground read them as those steps, and say so", async () => {
    const file = await numbered();
    const r = await stepgraph(["induce", "--procedures", procs, "--id", "run-a-pcr", "--traces", file, "--case-column", "case", "--activity-column", "step", "--ground", "--json", "--out", path.join(dir, "s3.json")]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ traces: 3, events: 18, numberedEvents: 18, groundedEvents: 0 });
    const induced = JSON.parse(await readFile(path.join(dir, "s3.json"), "utf8")) as { steps: { id: string; support: number }[] };
    expect(induced.steps.find((s) => s.id === "thaw-reagents-on-ice")?.support).toBe(3);
    const env = { STEPGRAPH_DB: path.join(dir, "numbered.db") };
    const refused = await stepgraph(["ingest", "--procedures", procs, "--traces", file, "--id", "run-a-pcr", "--case-column", "case", "--activity-column", "step"], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('written step 3 is "spin-down-reagents-briefly"');
    const ingested = await stepgraph(["ingest", "--procedures", procs, "--traces", file, "--id", "run-a-pcr", "--case-column", "case", "--activity-column", "step", "--ground", "--json"], { env });
    expect(ingested.code, ingested.stderr).toBe(0);
  });
});

describe("a log with no written procedure (log only)", () => {
  const log = async (): Promise<string> => {
    const file = path.join(dir, "assay.csv");
    const runs = [["weigh", "dissolve", "stir", "filter", "store"], ["weigh", "dissolve", "stir", "stir", "filter", "store"], ["weigh", "dissolve", "filter", "stir", "store"]];
    await writeFile(file, ["case,activity", ...runs.flatMap((r, i) => r.map((s) => `r${i + 1},${s}`))].join("\n") + "\n");
    return file;
  };
  const flags = ["--case-column", "case", "--activity-column", "activity"];

  it("next, check and complete take --traces alone, as induce does (was: --traces needs --procedures)", async () => {
    const file = await log();
    const next = await stepgraph(["next", "--traces", file, ...flags, "weigh", "--json"]);
    expect(next.code, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout).next[0].step).toBe("dissolve");
    expect((await stepgraph(["check", "--traces", file, ...flags, "weigh", "dissolve", "stir"])).code).toBe(0);
    expect((await stepgraph(["check", "--traces", file, ...flags, "dissolve", "weigh"])).code).toBe(1);
    const complete = await stepgraph(["complete", "--traces", file, ...flags, "weigh", "dissolve", "--json"]);
    expect(complete.code, complete.stderr).toBe(0);
    expect(JSON.parse(complete.stdout).completion.steps.at(-1)).toBe("store");
    for (const cmd of ["induce", "next"]) {
      const ground = await stepgraph([cmd, "--traces", file, ...flags, "--ground"]);
      expect(ground.code, cmd).toBe(2);
      expect(oneError(ground.stderr)).toContain("--ground needs --procedures FILE: the written steps that free-text events are matched to");
    }
  });

  it("a file with no traces of the procedure is an error naming the procedures it has, not an empty graph", async () => {
    const jsonl = path.join(dir, "two.jsonl");
    await writeFile(jsonl, [{ id: "a", procedure: "tea", steps: ["boil", "pour"] }, { id: "b", procedure: "coffee", steps: ["grind", "brew"] }].map((t) => JSON.stringify(t)).join("\n") + "\n");
    for (const cmd of ["induce", "next"]) {
      const r = await stepgraph([cmd, "--traces", jsonl]);
      expect(r.code, cmd).toBe(2);
      expect(oneError(r.stderr)).toContain('none of the 2 traces in ' + jsonl + ' belong to procedure "two": they belong to "tea", "coffee" (choose one with --id)');
    }
    const tea = await stepgraph(["next", "--traces", jsonl, "--id", "tea", "boil", "--json"]);
    expect(tea.code, tea.stderr).toBe(0);
    expect(JSON.parse(tea.stdout).next[0].step).toBe("pour");
    const empty = path.join(dir, "empty.csv");
    await writeFile(empty, "case,activity\n");
    const r = await stepgraph(["induce", "--traces", empty, ...flags]);
    expect(r.code).toBe(2);
    expect(oneError(r.stderr)).toContain("holds no traces");
  });
});

describe("next / check / complete read the store", () => {
  it("--procedure ID after `stepgraph ingest` (the store named by STEPGRAPH_DB or --store FILE)", async () => {
    const db = path.join(dir, "store.db");
    const env = { STEPGRAPH_DB: db };
    const ingested = await stepgraph(["ingest", "--procedures", procs, "--traces", CSV, "--id", "run-a-pcr", ...COLUMNS, "--ground", "--json"], { env });
    expect(ingested.code, ingested.stderr).toBe(0);
    const next = await stepgraph(["next", "--procedure", "run-a-pcr", "Thaw reagents on ice", "--json"], { env });
    expect(next.code, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout).done).toEqual(["thaw-reagents-on-ice"]);
    const check = await stepgraph(["check", "--store", db, "--procedure", "run-a-pcr", "2", "1"]);
    expect(check.code).toBe(0);
    expect((await stepgraph(["complete", "--store", db, "--procedure", "nope"])).code).toBe(3);
  });

  it("a store file that does not exist is not found (exit 3) and is not created", async () => {
    const db = path.join(dir, "absent.db");
    const r = await stepgraph(["next", "--store", db, "--procedure", "run-a-pcr"]);
    expect(r.code).toBe(3);
    expect(existsSync(db)).toBe(false);
  });
});

describe("errors of trace files", () => {
  it("a CSV header error names the flags and every missing column, --skip-invalid too", async () => {
    for (const extra of [[], ["--skip-invalid"]]) {
      const r = await stepgraph(["import", "csv", CSV, "--out", path.join(dir, "x"), ...extra]);
      expect(r.code).toBe(2);
      expect(oneError(r.stderr)).toContain('no case id column "case:concept:name" (--case-column) and no activity column "concept:name" (--activity-column)');
      expect(r.stderr).toContain('its columns are "run_id", "step", "time"');
      expect(r.stderr).not.toContain("caseColumn");
      expect(r.stderr).not.toContain("use --skip-invalid");
    }
  });

  it("import xes on a CSV file says it looks like CSV (was: XML error: text data outside of root node)", async () => {
    const r = await stepgraph(["import", "xes", CSV, "--out", path.join(dir, "y")]);
    expect(r.code).toBe(2);
    expect(oneError(r.stderr)).toContain(`${CSV} is not XES: it looks like a CSV file (first line: "run_id,step,time")`);
  });

  it("induce has --lifecycle and --classifier, as ingest and import xes do (BPIC 2012: START/COMPLETE merged made steps repeatable)", async () => {
    const event = (a: string, t: string) => `<event><string key="concept:name" value="${a}"/><string key="lifecycle:transition" value="${t}"/></event>`;
    const trace = (id: string) => `<trace><string key="concept:name" value="${id}"/>${event("A", "start")}${event("A", "complete")}${event("B", "start")}${event("B", "complete")}</trace>`;
    const xes = path.join(dir, "lifecycle.xes");
    await writeFile(xes, `<?xml version="1.0"?>\n<log xes.version="1849-2016">${trace("c1")}${trace("c2")}</log>\n`);
    const steps = async (...flags: string[]) => {
      const r = await stepgraph(["induce", "--traces", xes, ...flags, "--json"]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).steps.map((s: { id: string; repeatable: boolean }) => `${s.id}${s.repeatable ? " (repeatable)" : ""}`);
    };
    expect(await steps()).toEqual(["A (repeatable)", "B (repeatable)"]);
    expect(await steps("--lifecycle", "complete")).toEqual(["A", "B"]);
    expect(await steps("--classifier", "concept:name lifecycle:transition")).toEqual(["A+start", "A+complete", "B+start", "B+complete"]);
  });
});

describe("exit codes (docs/cli.md: 0 ok, 1 failure, 2 bad input, 3 not found, 4 conflict)", () => {
  it("0: a query that answers", async () => {
    expect((await stepgraph(["next", "--script", script])).code).toBe(0);
  });

  it("1: check of a sequence that is not valid", async () => {
    expect((await stepgraph(["check", "--script", script, "5"])).code).toBe(1);
  });

  it("check says where the run goes wrong as a position of the run, not a written step number", async () => {
    // Written steps 1 2 5: the third step of the run (written step 5) needs the master mix first.
    const r = await stepgraph(["check", "--script", script, "1", "2", "5"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('not valid: it goes wrong at step 3 of the run ("add-template-dna-to-each-tube")');
    const end = await stepgraph(["check", "--script", script, "--complete", "1", "2"]);
    expect(end.stdout).toContain("not valid: it goes wrong at the end of the run");
  });

  it("2: an unknown flag (was 1), and a bad flag value", async () => {
    const r = await stepgraph(["next", "--script", script, "--no-such-flag"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--no-such-flag'");
    expect((await stepgraph(["next", "--script", script, "-k", "zero"])).code).toBe(2);
    expect((await stepgraph(["no-such-command"])).code).toBe(2);
  });

  it("3: a missing --procedure file (was 1), --script file (was 2) and --traces file", async () => {
    for (const args of [
      ["induce", "--procedures", path.join(dir, "missing.json"), "--traces", CSV],
      ["next", "--script", path.join(dir, "missing.json")],
      ["induce", "--traces", path.join(dir, "missing.csv")],
      ["next", "--procedures", path.join(dir, "missing.json")],
    ]) {
      const r = await stepgraph(args);
      expect(r.code, args.join(" ")).toBe(3);
      expect(oneError(r.stderr)).toMatch(/does not exist/);
    }
  });

  it("4: a conflict with stored data", async () => {
    const env = { STEPGRAPH_DB: path.join(dir, "conflict.db") };
    const one = path.join(dir, "v1.json");
    await writeFile(one, JSON.stringify({ id: "p", version: 1, title: "P", steps: [{ id: "a", text: "A" }] }));
    expect((await stepgraph(["ingest", "--procedures", one], { env })).code).toBe(0);
    await writeFile(one, JSON.stringify({ id: "p", version: 1, title: "P changed", steps: [{ id: "a", text: "A" }] }));
    const r = await stepgraph(["ingest", "--procedures", one], { env });
    expect(r.code).toBe(4);
    oneError(r.stderr);
  });

  it("help is not an error", async () => {
    const r = await stepgraph(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("rank what may come next");
    expect((await stepgraph(["next", "--help"])).stdout).toContain("--include-blocked");
  });
});

describe("--json", () => {
  it("keeps stderr quiet and stdout one JSON document", async () => {
    const r = await stepgraph(["induce", "--procedures", procs, "--id", "run-a-pcr", "--traces", CSV, ...COLUMNS, "--ground", "--json"]);
    expect(r.stderr).toBe("");
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(JSON.parse(await readFile(script, "utf8")).procedure).toBe("run-a-pcr");
  });
});
