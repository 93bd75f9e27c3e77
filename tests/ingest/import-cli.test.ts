import { describe, expect, it } from "vitest";
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { registerImport } from "../../cli/commands/import.js";
import { InvalidInputError } from "../../src/errors.js";
import { readProcedures } from "../../ingest/json/read-procedures.js";
import { readTraces } from "../../ingest/jsonl/read-traces.js";
import { fixture } from "./fixtures.js";
import { runCli } from "./run-cli.js";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");
const register = (program: Command) => registerImport(program);
const outDir = () => mkdtemp(path.join(tmpdir(), "import-"));

describe("stepgraph import (procedure files)", () => {
  it("markdown: writes procedures.json that stepgraph reads back, and the loop notes", async () => {
    const out = await outDir();
    const summary = JSON.parse(await runCli(register, ["import", "markdown", path.join(fixtures, "markdown/miniprep.md"), "--out", out, "--json"]));
    expect(summary.procedures.map((p: { id: string }) => p.id)).toEqual(["miniprep", "miniprep-wash-pellet-with-buffer", "miniprep-lysis", "miniprep-notes"]);
    expect((await readProcedures(path.join(out, "procedures.json"))).map((p) => p.id)).toEqual(summary.procedures.map((p: { id: string }) => p.id));
    const notes = JSON.parse(await readFile(path.join(out, "import-notes.json"), "utf8"));
    expect(notes.repeatable).toEqual({ miniprep: ["pellet-cells", "wash-pellet-with-buffer"] });
  });

  it("protocols-io: writes the protocol and its sub-procedures", async () => {
    const out = await outDir();
    await runCli(register, ["import", "protocols-io", path.join(fixtures, "protocols-io/spinout-v3.json"), "--out", out]);
    expect((await readProcedures(path.join(out, "procedures.json")))[0]?.id).toBe("protocols-io-14151");
  });

  it("protocols-io: writes nothing for a broken export", async () => {
    const out = await outDir();
    await expect(runCli(register, ["import", "protocols-io", path.join(fixtures, "protocols-io/protocols-io-no-steps.json"), "--out", out])).rejects.toBeInstanceOf(InvalidInputError);
    expect(await readdir(out)).toEqual([]);
  });
});

describe("stepgraph import --out (the output folder)", () => {
  const md = () => path.join(fixtures, "markdown/miniprep.md");

  it("refuses a path that looks like a file name, and creates nothing", async () => {
    const dir = await outDir();
    const out = path.join(dir, "procedures.json");
    const err = await runCli(register, ["import", "markdown", md(), "--out", out]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).message).toContain("--out is the output folder");
    expect((err as InvalidInputError).message).toContain(`--out ${JSON.stringify(dir)}`);
    expect((err as InvalidInputError).issues[0]?.path).toEqual(["--out"]);
    expect(await readdir(dir)).toEqual([]);
  });

  it("refuses an existing file", async () => {
    const dir = await outDir();
    const file = path.join(dir, "notes");
    await writeFile(file, "keep me\n");
    const err = await runCli(register, ["import", "xes", fixture("synthetic-sop-5.xes.gz"), "--out", file]).catch((e: unknown) => e);
    expect((err as InvalidInputError).message).toContain("is a file");
    expect(await readFile(file, "utf8")).toBe("keep me\n");
  });

  it("creates a folder that does not exist yet, even one with a dot in its name", async () => {
    const out = path.join(await outDir(), "run.v2", "files");
    await runCli(register, ["import", "markdown", md(), "--out", out]);
    expect((await readdir(out)).sort()).toEqual(["import-notes.json", "procedures.json"]);
  });
});

describe("stepgraph import (event logs)", () => {
  it("xes: writes one trace per case and a log-only procedure (no written order)", async () => {
    const out = await outDir();
    const summary = JSON.parse(await runCli(register, ["import", "xes", fixture("synthetic-sop-5.xes.gz"), "--out", out, "--json"]));
    expect(summary).toMatchObject({ procedure: "synthetic-sop-5", traces: 5, events: 60 });
    const [p] = await readProcedures(path.join(out, "procedures.json"));
    // A log has no written order: the steps come from the traces at induction.
    expect(p?.steps).toEqual([]);
    expect(p?.description).toMatch(/12 activities/);
    expect((await readTraces(path.join(out, "traces.jsonl"))).map((t) => t.id)).toEqual(["c0", "c1", "c10", "c100", "c1000"]);
  });

  it("csv: writes nothing for a log with a bad row, and names the row", async () => {
    const out = await outDir();
    const err = await runCli(register, ["import", "csv", fixture("csv-bad-timestamp.csv"), "--out", out]).catch((e: unknown) => e);
    expect((err as InvalidInputError).issues[0]).toMatchObject({ line: 3, path: ["time:timestamp"] });
    expect(await readdir(out)).toEqual([]);
  });

  it("csv --skip-invalid: writes the good cases and lists the skipped one", async () => {
    const out = await outDir();
    const summary = JSON.parse(await runCli(register, ["import", "csv", fixture("csv-bad-timestamp.csv"), "--out", out, "--skip-invalid", "--json"]));
    expect(summary.traces).toBe(1);
    expect(summary.skipped).toHaveLength(1);
  });
});
