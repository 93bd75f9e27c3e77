import { describe, expect, it } from "vitest";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { registerGround } from "../../cli/commands/ground.js";
import { InvalidInputError } from "../../src/errors.js";
import { readTraces } from "../../ingest/jsonl/read-traces.js";
import { runCli } from "../ingest/run-cli.js";
import { fixture } from "../ingest/fixtures.js";

const P = fixture("procedure-p.json");

describe("stepgraph ground", () => {
  it("prints one JSON document with a match per --text event, unknown ones without a step", async () => {
    const out = JSON.parse(await runCli(registerGround, ["ground", "--procedures", P, "--text", "boiling the water", "fold laundry", "--json"]));
    expect(out).toMatchObject({ procedure: "p", version: 1, events: 2, grounded: 1, unknown: 1 });
    expect(out.results[0]).toMatchObject({ text: "boiling the water", step: "b", accepted: true });
    expect(out.results[1]).toEqual({ text: "fold laundry", score: 0, accepted: false, candidates: [] });
  });

  it("reads an event that writes a step number as that written step, saying so", async () => {
    const out = JSON.parse(await runCli(registerGround, ["ground", "--procedures", P, "--text", "2", "#1", "99", "--json"]));
    expect(out.results.map((r: { step?: string; writtenNumber?: number }) => [r.step, r.writtenNumber])).toEqual([["b", 2], ["a", 1], [undefined, undefined]]);
    expect(await runCli(registerGround, ["ground", "--procedures", P, "--text", "2"])).toContain('"2" → b (written step 2)');
  });

  it("reads a plain text file, one event per line, and reports each line number", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ground-"));
    const events = path.join(dir, "events.txt");
    await writeFile(events, "add some water\n\nboil water\n");
    const out = JSON.parse(await runCli(registerGround, ["ground", "--procedures", P, "--events", events, "--json"]));
    expect(out.results.map((r: { line: number; step: string }) => [r.line, r.step])).toEqual([
      [1, "a"],
      [3, "b"],
    ]);
  });

  it("grounds the text events of a JSONL trace file and writes grounded traces", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ground-"));
    const traces = path.join(dir, "t.jsonl");
    const out = path.join(dir, "grounded.jsonl");
    await writeFile(traces, `${JSON.stringify({ id: "t1", procedure: "p", steps: [{ text: "added water" }, { text: "boiled it" }, { text: "sang a song" }] })}\n`);
    const summary = JSON.parse(await runCli(registerGround, ["ground", "--procedures", P, "--events", traces, "--out", out, "--json"]));
    expect(summary).toMatchObject({ traces: 1, groundedEvents: 2, unknownEvents: 1 });
    expect(summary.unknown[0]).toMatchObject({ trace: "t1", line: 1, index: 2, text: "sang a song" });
    expect(await readTraces(out)).toEqual([{ id: "t1", procedure: "p", steps: ["a", "b"] }]);
  });

  it("rejects a trace of a procedure that is not in --procedures, naming file, line and field", async () => {
    const err = await runCli(registerGround, ["ground", "--procedures", P, "--events", fixture("trace-unknown-procedure.jsonl")]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).issues).toEqual([
      { file: fixture("trace-unknown-procedure.jsonl"), line: 2, path: ["procedure"], message: `unknown procedure "nope" (not in ${P})` },
    ]);
  });

  it("needs the procedures file, naming --procedures", async () => {
    const err = await runCli(registerGround, ["ground", "--text", "boiling the water"]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).issues[0]?.path).toEqual(["--procedures"]);
  });
});
