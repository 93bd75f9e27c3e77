// `stepgraph link` end to end on a procedures file: the real CLI in a child process.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
function stepgraph(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", path.join(ROOT, "cli/main.ts"), ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const procedures = [
  { id: "blot", title: "Run a western blot", steps: [{ id: "gel", text: "Run the gel" }, { id: "buffer", text: "Prepare the transfer buffer" }] },
  { id: "buffer-prep", title: "Prepare transfer buffer", steps: [{ id: "weigh", text: "Weigh Tris" }, { id: "check", text: "Check the blot", subprocedure: "blot" }] },
  { id: "tris", title: "Weigh Tris", steps: [{ id: "scale", text: "Tare the scale" }] },
];

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "stepgraph-link-"));
  file = path.join(dir, "procedures.json");
  await writeFile(file, JSON.stringify(procedures));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("stepgraph link", () => {
  it("refuses a link that closes a cycle, naming it, with exit 4 and the file untouched", async () => {
    const before = await readFile(file, "utf8");
    const r = await stepgraph(["link", "--procedures", file, "--procedure", "blot", "--step", "buffer", "--to", "buffer-prep"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('"blot" → "buffer-prep" → "blot"');
    expect(await readFile(file, "utf8")).toBe(before);
  });

  it("refuses a link to a missing procedure with exit 3", async () => {
    const r = await stepgraph(["link", "--procedures", file, "--procedure", "blot", "--step", "buffer", "--to", "ghost"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('"ghost"');
  });

  it("writes the link to --out and prints one JSON document", async () => {
    const out = path.join(dir, "out.json");
    const r = await stepgraph(["link", "--procedures", file, "--procedure", "buffer-prep", "--step", "weigh", "--to", "tris", "--out", out, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ procedure: "buffer-prep", step: "weigh", subprocedure: "tris" });
    const written = JSON.parse(await readFile(out, "utf8")) as typeof procedures;
    expect(written[1]?.steps[0]).toEqual({ id: "weigh", text: "Weigh Tris", subprocedure: "tris" });
  });

  it("suggests the procedure whose title the step names", async () => {
    const r = await stepgraph(["link", "--procedures", file, "--procedure", "blot", "--step", "buffer", "--suggest", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ unlinkable: false, candidates: [{ id: "buffer-prep" }] });
  });
});
