// Issue 13, item 6: every command that reads a trace file refuses an empty trace with exit 2,
// naming the file and line, and writes nothing (induce --out, ingest into a real SQLite file,
// import xes). Whatever the format: a JSONL line with "steps": [] and an XES <trace> without events.
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stepgraph } from "./run-stepgraph.js";

let dir: string;
const file = (name: string): string => path.join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "stepgraph-empty-trace-"));
  await writeFile(file("tea.json"), JSON.stringify({ id: "tea", title: "Tea", steps: ["boil", "bag", "pour"].map((id) => ({ id, text: id })) }));
  const line = (id: string, steps: string[]): string => JSON.stringify({ id, procedure: "tea", steps });
  await writeFile(file("with-empty.jsonl"), `${line("t1", ["boil", "bag", "pour"])}\n${line("t2", ["bag", "boil", "pour"])}\n${line("t3", [])}\n`);
  const event = (a: string): string => `<event><string key="concept:name" value="${a}"/></event>`;
  await writeFile(
    file("with-empty.xes"),
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<log xes.version="1.0">',
      `<trace><string key="concept:name" value="c1"/>${event("boil")}${event("pour")}</trace>`,
      '<trace><string key="concept:name" value="c2"/></trace>',
      "</log>",
      "",
    ].join("\n"),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("an empty trace in a trace file", () => {
  it("stops induce with exit 2, the file and line, and no output file", async () => {
    const out = file("never.json");
    const r = await stepgraph(["induce", "--procedures", file("tea.json"), "--traces", file("with-empty.jsonl"), "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file("with-empty.jsonl")}:3: steps:`);
    expect(r.stderr).toContain('trace "t3" has no steps');
    expect(existsSync(out)).toBe(false);
  });

  it("stops ingest with exit 2 and stores no trace of the file", async () => {
    const db = file("ingest.db");
    const r = await stepgraph(["ingest", "--procedures", file("tea.json"), "--traces", file("with-empty.jsonl")], { env: { STEPGRAPH_DB: db } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file("with-empty.jsonl")}:3`);
    if (existsSync(db)) {
      const sqlite = new Database(db, { readonly: true });
      try {
        const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name = 'traces'").all();
        if (tables.length > 0) expect(sqlite.prepare("select count(*) as n from traces").get()).toEqual({ n: 0 });
      } finally {
        sqlite.close();
      }
    }
  });

  it("stops import xes with exit 2 at the empty <trace>", async () => {
    const out = file("imported");
    const r = await stepgraph(["import", "xes", file("with-empty.xes"), "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/with-empty\.xes:\d+: steps: trace "c2" has no steps/);
    expect(existsSync(path.join(out, "traces.jsonl"))).toBe(false);
  });

  it("is skipped and listed with --skip-invalid, the other traces kept", async () => {
    const out = file("skipped");
    const r = await stepgraph(["import", "xes", file("with-empty.xes"), "--out", out, "--skip-invalid", "--json"]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.traces).toBe(1);
    expect(summary.skipped).toHaveLength(1);
  });
});
