import { describe, expect, it, vi } from "vitest";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConflictError, InvalidInputError } from "../../src/errors.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { createSqliteStore } from "../../src/store/sqlite-store.js";
import type { GraphStore } from "../../src/store/graph-store.js";
import { ingestIntoStore } from "../../ingest/ingest-into-store.js";
import { registerIngest } from "../../cli/commands/ingest.js";
import { fixture } from "./fixtures.js";
import { runCli } from "./run-cli.js";

const P = fixture("procedure-p.json");

async function tracesFile(lines: unknown[]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "ingest-"));
  const file = path.join(dir, "traces.jsonl");
  await writeFile(file, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  return file;
}

async function fresh(): Promise<GraphStore> {
  const store = createMemoryStore();
  await store.init();
  return store;
}

async function isEmpty(store: GraphStore): Promise<boolean> {
  return (await store.listProcedures()).length === 0;
}

describe("ingestIntoStore", () => {
  it("writes the procedures and their traces", async () => {
    const store = await fresh();
    const file = await tracesFile([
      { id: "t1", procedure: "p", steps: ["a", "b"] },
      { id: "t2", procedure: "p", steps: ["b"] },
    ]);
    const s = await ingestIntoStore(store, { proceduresFile: P, tracesFile: file });
    expect(s).toMatchObject({ procedures: [{ id: "p", version: 1, created: true }], tracesWritten: 2, eventsWritten: 3, skipped: [] });
    expect(await store.listTraces("p", 1)).toEqual([
      { id: "t1", procedure: "p", version: 1, steps: ["a", "b"] },
      { id: "t2", procedure: "p", version: 1, steps: ["b"] },
    ]);
  });

  it("imports nothing from a file with an unknown step, naming file, line and field", async () => {
    const store = await fresh();
    const file = fixture("trace-unknown-step.jsonl");
    const err = await ingestIntoStore(store, { proceduresFile: P, tracesFile: file }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).issues).toEqual([{ file, line: 2, path: ["steps", 1], message: 'unknown step "zz": not a step of p@1' }]);
    expect(await isEmpty(store)).toBe(true);
  });

  it("with skipInvalid imports the other traces and reports the skipped one", async () => {
    const store = await fresh();
    const s = await ingestIntoStore(store, { proceduresFile: P, tracesFile: fixture("trace-unknown-step.jsonl"), skipInvalid: true });
    expect(s.tracesWritten).toBe(1);
    expect(s.skipped.map((x) => [x.line, x.issues[0]?.path])).toEqual([[2, ["steps", 1]]]);
    expect(await store.countTraces("p")).toBe(1);
  });

  it("rejects a trace of an unknown procedure, naming line and field", async () => {
    const store = await fresh();
    const err = await ingestIntoStore(store, { proceduresFile: P, tracesFile: fixture("trace-unknown-procedure.jsonl") }).catch((e: unknown) => e);
    expect((err as InvalidInputError).issues[0]).toMatchObject({ line: 2, path: ["procedure"] });
    expect((err as InvalidInputError).issues[0]?.message).toContain('unknown procedure "nope"');
    expect(await isEmpty(store)).toBe(true);
  });

  it("imports nothing from a file with a malformed line", async () => {
    const store = await fresh();
    const err = await ingestIntoStore(store, { proceduresFile: P, tracesFile: fixture("trace-malformed-line.jsonl") }).catch((e: unknown) => e);
    expect((err as InvalidInputError).issues[0]).toMatchObject({ line: 2 });
    expect(await isEmpty(store)).toBe(true);
  });

  it("imports nothing from a CSV log with a missing column", async () => {
    const store = await fresh();
    const err = await ingestIntoStore(store, { tracesFile: fixture("csv-missing-column.csv"), logOnly: true }).catch((e: unknown) => e);
    expect((err as InvalidInputError).issues[0]).toMatchObject({ line: 1, path: ["header"] });
    expect((err as InvalidInputError).message).toContain("--case-column");
    expect((err as InvalidInputError).message).not.toContain("--skip-invalid");
    expect(await isEmpty(store)).toBe(true);
  });

  it("imports nothing from an XES log with an XML error", async () => {
    const store = await fresh();
    const err = await ingestIntoStore(store, { tracesFile: fixture("xes-unclosed-tag.xes"), logOnly: true }).catch((e: unknown) => e);
    expect((err as InvalidInputError).issues.at(-1)).toMatchObject({ line: 13, path: ["xml"] });
    expect(await isEmpty(store)).toBe(true);
  });

  it("builds a log-only procedure (no written steps, so no written order) from an XES log and stores its traces", async () => {
    const store = await fresh();
    const s = await ingestIntoStore(store, { tracesFile: fixture("synthetic-sop-5.xes.gz"), logOnly: true });
    expect(s.procedures).toEqual([{ id: "synthetic-sop-5", version: 1, created: true }]);
    const p = await store.getProcedure("synthetic-sop-5");
    expect(p?.steps).toEqual([]);
    expect((await store.listTraces("synthetic-sop-5", 1))[0]?.steps.slice(0, 3)).toEqual(["S", "A", "C"]);
    expect([await store.countTraces("synthetic-sop-5"), await store.countEvents("synthetic-sop-5")]).toEqual([5, 60]);
  });

  it("grounds free-text events when asked, and rejects them otherwise", async () => {
    const file = await tracesFile([{ id: "t1", procedure: "p", steps: [{ text: "added water" }, { text: "boiled the water" }] }]);
    const strict = await ingestIntoStore(await fresh(), { proceduresFile: P, tracesFile: file }).catch((e: unknown) => e);
    expect((strict as InvalidInputError).issues[0]?.message).toContain("use --ground");
    const store = await fresh();
    await ingestIntoStore(store, { proceduresFile: P, tracesFile: file, ground: true });
    expect((await store.listTraces("p", 1))[0]?.steps).toEqual(["a", "b"]);
  });

  it("reports a free-text event that grounds to no step, with its candidates", async () => {
    const file = await tracesFile([{ id: "t1", procedure: "p", steps: [{ text: "sang a song" }] }]);
    const err = await ingestIntoStore(await fresh(), { proceduresFile: P, tracesFile: file, ground: true }).catch((e: unknown) => e);
    expect((err as InvalidInputError).issues[0]).toMatchObject({ line: 1, path: ["steps", 0] });
  });

  it("refuses traces already in the store and writes nothing, not even the procedures", async () => {
    const store = await fresh();
    const file = await tracesFile([{ id: "t1", procedure: "p", steps: ["a"] }]);
    await ingestIntoStore(store, { proceduresFile: P, tracesFile: file });
    const changed = path.join(path.dirname(file), "p2.json");
    await writeFile(changed, JSON.stringify({ id: "p", title: "Tiny procedure, edited", steps: [{ id: "a", text: "add water" }] }));
    const file2 = await tracesFile([{ id: "t1", procedure: "p", version: 1, steps: ["a"] }]);
    const err = await ingestIntoStore(store, { proceduresFile: changed, tracesFile: file2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((await store.listProcedures())[0]?.versions).toEqual([1]);
  });

  it("refuses a file whose sub-procedure links close a cycle and writes nothing", async () => {
    const store = await fresh();
    const dir = await mkdtemp(path.join(tmpdir(), "ingest-"));
    const file = path.join(dir, "cycle.json");
    await writeFile(file, JSON.stringify([
      { id: "a", title: "A", steps: [{ id: "x", text: "do b", subprocedure: "b" }] },
      { id: "b", title: "B", steps: [{ id: "y", text: "do a", subprocedure: "a" }] },
    ]));
    const err = await ingestIntoStore(store, { proceduresFile: file }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).code).toBe("subprocedure_cycle");
    expect(await isEmpty(store)).toBe(true);
  });

  it("accepts a parent and its sub-procedure brought in the same file", async () => {
    const store = await fresh();
    const dir = await mkdtemp(path.join(tmpdir(), "ingest-"));
    const file = path.join(dir, "tree.json");
    await writeFile(file, JSON.stringify([
      { id: "parent", title: "Parent", steps: [{ id: "x", text: "prepare buffer", subprocedure: "buffer" }] },
      { id: "buffer", title: "Prepare buffer", steps: [{ id: "y", text: "weigh salt" }] },
    ]));
    await ingestIntoStore(store, { proceduresFile: file });
    expect((await store.listSubprocedureLinks()).map((l) => [l.procedure, l.step, l.target])).toEqual([["parent", "x", "buffer"]]);
  });

  it("stores an edited procedure without a version as the next version", async () => {
    const store = await fresh();
    await ingestIntoStore(store, { proceduresFile: P });
    const dir = await mkdtemp(path.join(tmpdir(), "ingest-"));
    const edited = path.join(dir, "p.json");
    await writeFile(edited, JSON.stringify({ id: "p", title: "Tiny procedure", steps: [{ id: "a", text: "add cold water" }] }));
    const s = await ingestIntoStore(store, { proceduresFile: edited });
    expect(s.procedures).toEqual([{ id: "p", version: 2, created: true }]);
  });

  it("reports the bytes read against the file size while reading", async () => {
    const seen: { done: number; total?: number; traces: number }[] = [];
    const lines = Array.from({ length: 2500 }, (_, i) => ({ id: `t${i}`, procedure: "p", steps: ["a"] }));
    const file = await tracesFile(lines);
    await ingestIntoStore(await fresh(), { proceduresFile: P, tracesFile: file }, (p) => {
      if (p.phase === "read") seen.push(p);
    });
    expect(seen.map((p) => p.traces)).toEqual([1000, 2000]);
    expect(seen.every((p) => p.total !== undefined && p.done <= p.total && p.done > 0)).toBe(true);
  });

  it("reports each read and write step to the progress callback", async () => {
    const phases: string[] = [];
    const file = await tracesFile([{ id: "t1", procedure: "p", steps: ["a"] }]);
    await ingestIntoStore(await fresh(), { proceduresFile: P, tracesFile: file }, (p) => phases.push(`${p.phase} ${p.done}/${p.total ?? "?"}`));
    expect(phases).toEqual(["write 0/1", "write 1/1"]);
  });
});

describe("stepgraph ingest (CLI)", () => {
  it("draws no progress bar with --json, even on a terminal", async () => {
    const file = await tracesFile([{ id: "t1", procedure: "p", steps: ["a"] }]);
    const saved = { store: process.env.STEPGRAPH_STORE, tty: process.stderr.isTTY };
    process.env.STEPGRAPH_STORE = "memory";
    Object.defineProperty(process.stderr, "isTTY", { value: true, configurable: true });
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      await runCli(registerIngest, ["ingest", "--procedures", P, "--traces", file, "--json"]);
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      stderr.mockRestore();
      Object.defineProperty(process.stderr, "isTTY", { value: saved.tty, configurable: true });
      if (saved.store === undefined) delete process.env.STEPGRAPH_STORE;
      else process.env.STEPGRAPH_STORE = saved.store;
    }
  });

  it("writes into the SQLite store named by STEPGRAPH_DB and prints one JSON summary", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ingest-cli-"));
    const db = path.join(dir, "s.db");
    const file = await tracesFile([{ id: "t1", procedure: "p", steps: ["a", "b"] }]);
    const saved = { store: process.env.STEPGRAPH_STORE, db: process.env.STEPGRAPH_DB };
    process.env.STEPGRAPH_STORE = "sqlite";
    process.env.STEPGRAPH_DB = db;
    try {
      const out = JSON.parse(await runCli(registerIngest, ["ingest", "--procedures", P, "--traces", file, "--json"]));
      expect(out).toMatchObject({ store: "sqlite", tracesWritten: 1, eventsWritten: 2 });
    } finally {
      if (saved.store === undefined) delete process.env.STEPGRAPH_STORE;
      else process.env.STEPGRAPH_STORE = saved.store;
      if (saved.db === undefined) delete process.env.STEPGRAPH_DB;
      else process.env.STEPGRAPH_DB = saved.db;
    }
    const store = createSqliteStore({ path: db });
    await store.init();
    expect(await store.countTraces("p", 1)).toBe(1);
    await store.close();
  });
});

describe("ingestIntoStore, fatal problems", () => {
  it("imports nothing from an XES log with an XML error even with skipInvalid", async () => {
    const store = createMemoryStore();
    await store.init();
    const err = await ingestIntoStore(store, { tracesFile: fixture("xes-unclosed-tag.xes"), logOnly: true, skipInvalid: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((await store.listProcedures()).length).toBe(0);
  });
});
