// `stepgraph eval induction` and `stepgraph import captaincook4d` end to end on the copied
// CaptainCook4D fixture (tests/fixtures/captaincook4d).
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FIXTURE = path.join(ROOT, "tests/fixtures/captaincook4d/spicedhotchocolate");
function stepgraph(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", path.join(ROOT, "cli/main.ts"), ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let out: string;
beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), "stepgraph-cc4d-"));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe("import captaincook4d + eval induction", () => {
  it("imports the fixture and scores the induced graphs against DTGL's truth", async () => {
    const imp = await stepgraph(["import", "captaincook4d", "--data", FIXTURE, "--out", out, "--recordings", "all", "--json"]);
    expect(imp.code).toBe(0);
    expect(JSON.parse(imp.stdout)).toMatchObject({ procedures: 1, traces: 5, truthEdges: 10, withOrderError: 1 });
    const r = await stepgraph([
      "eval", "induction",
      "--procedures", path.join(out, "procedures.json"),
      "--traces", path.join(out, "traces.jsonl"),
      "--truth", path.join(out, "truth.jsonl"),
      "--json",
    ]);
    expect(r.code).toBe(0);
    const score = JSON.parse(r.stdout);
    expect(score.procedures).toHaveLength(1);
    expect(score.procedures[0]).toMatchObject({ procedure: "spicedhotchocolate", traces: 5, truthEdges: 10 });
    expect(score.macro.f1).toBeCloseTo(score.procedures[0].f1, 10);
    expect(score.macro.f1).toBeGreaterThan(0);
  });

  it("rejects an unknown recording set and writes nothing", async () => {
    const empty = path.join(out, "none");
    const r = await stepgraph(["import", "captaincook4d", "--data", FIXTURE, "--out", empty, "--recordings", "some"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--recordings must be one of dtgl, normal, all, got "some"');
    await expect(readdir(empty)).rejects.toThrow();
  });

  it("names the line and field of a bad truth line", async () => {
    const truth = path.join(out, "bad-truth.jsonl");
    await writeFile(truth, '{"procedure":"spicedhotchocolate","edges":[["88"]]}\n');
    const r = await stepgraph(["eval", "induction", "--procedures", path.join(out, "procedures.json"), "--traces", path.join(out, "traces.jsonl"), "--truth", truth]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${truth}:1: edges.0`);
  });
});
