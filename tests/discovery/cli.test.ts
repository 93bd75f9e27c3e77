// `stepgraph induce` and `stepgraph stats` end to end: the real CLI in a child process.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphScriptSchema } from "../../src/model/index.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
function stepgraph(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", path.join(ROOT, "cli/main.ts"), ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "stepgraph-induce-"));
  await writeFile(
    path.join(dir, "procedures.json"),
    JSON.stringify({ id: "tea", title: "Tea", steps: ["boil", "cup", "pour"].map((id) => ({ id, text: id })) }),
  );
  const traces = [
    ["boil", "cup", "pour"],
    ["cup", "boil", "pour"],
    ["cup", "boil", "pour"],
  ].map((steps, i) => JSON.stringify({ id: `t${i}`, procedure: "tea", steps }));
  await writeFile(path.join(dir, "traces.jsonl"), `${traces.join("\n")}\n`);
  await writeFile(path.join(dir, "bad.jsonl"), `${traces[0]}\n{"id":"t9","procedure":"tea","steps":["boil","kettle"]}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("stepgraph induce", () => {
  it("writes a valid graph script to --out", async () => {
    const out = path.join(dir, "tea.json");
    const r = await stepgraph(["induce", "--procedures", path.join(dir, "procedures.json"), "--traces", path.join(dir, "traces.jsonl"), "--out", out]);
    expect(r.code).toBe(0);
    const script = GraphScriptSchema.parse(JSON.parse(await readFile(out, "utf8")));
    expect(script.edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual(["START>boil", "START>cup", "boil>pour", "cup>pour", "pour>END"]);
  });

  it("prints exactly one JSON document with --json", async () => {
    const r = await stepgraph(["induce", "--procedures", path.join(dir, "procedures.json"), "--traces", path.join(dir, "traces.jsonl"), "--json", "--min-support", "3"]);
    expect(r.code).toBe(0);
    const script = JSON.parse(r.stdout);
    expect(script.options.minSupport).toBe(3);
    expect(script.traceCount).toBe(3);
  });

  it("names file, line and field of a bad trace, exits 2 and writes nothing", async () => {
    const out = path.join(dir, "never.json");
    const r = await stepgraph(["induce", "--procedures", path.join(dir, "procedures.json"), "--traces", path.join(dir, "bad.jsonl"), "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path.join(dir, "bad.jsonl")}:2: steps.1:`);
    expect(r.stderr).toContain('"kettle"');
    expect(existsSync(out)).toBe(false);
  });

  it("still reads the procedures file as --procedure FILE (its older name), but not both names at once", async () => {
    const procedures = path.join(dir, "procedures.json");
    const traces = path.join(dir, "traces.jsonl");
    const old = await stepgraph(["induce", "--procedure", procedures, "--traces", traces, "--json"]);
    expect(old.code).toBe(0);
    expect(JSON.parse(old.stdout).procedure).toBe("tea");
    const both = await stepgraph(["induce", "--procedures", procedures, "--procedure", procedures, "--traces", traces]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give the procedures file once, as --procedures FILE");
  });

  it("rejects an option out of range naming it", async () => {
    const r = await stepgraph(["induce", "--traces", path.join(dir, "traces.jsonl"), "--min-confidence", "0.1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/minConfidence/);
  });
});

describe("stepgraph stats", () => {
  it("prints the two figures with their cut-offs", async () => {
    const r = await stepgraph(["stats", "--traces", path.join(dir, "traces.jsonl"), "--json"]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.cutoffs).toEqual({ minPairCount: 1, minNextCount: 1, minNextShare: 0.1 });
    expect(s.overall).toMatchObject({ traces: 3, consecutivePairs: 4, reversedPairShare: 0.5 });
  });
});
