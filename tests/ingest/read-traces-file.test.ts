import { describe, expect, it } from "vitest";
import { InvalidInputError, NotFoundError } from "../../src/errors.js";
import { readTracesFile, traceFileFormat, type TraceLine } from "../../ingest/read-traces-file.js";
import { collectTraces } from "../../ingest/files/collect-traces.js";
import { logOnlyProcedure, procedureIdFromFile } from "../../ingest/files/log-only-procedure.js";
import { drain, fixture } from "./fixtures.js";

const okTraces = (lines: TraceLine[]) => lines.flatMap((l) => (l.ok ? [l.trace] : []));
const failures = (lines: TraceLine[]) => lines.flatMap((l) => (l.ok ? [] : [l]));
// First trace of synth_10000.xes.gz, as its events say.
const C0 = ["S", "A", "C", "B", "D", "F", "H", "I1", "I2", "I3", "Z"];

describe("traceFileFormat", () => {
  it.each([
    ["a.jsonl", "jsonl"],
    ["a.jsonl.gz", "jsonl"],
    ["a.csv", "csv"],
    ["A.XES", "xes"],
    ["a.xes.gz", "xes"],
  ])("tells %s is %s", (file, format) => {
    expect(traceFileFormat(file)).toBe(format);
  });

  it("rejects an unknown extension with InvalidInputError", () => {
    expect(() => traceFileFormat("log.parquet")).toThrow(InvalidInputError);
  });
});

describe("readTracesFile", () => {
  it("throws NotFoundError for a missing file before yielding", async () => {
    await expect(drain(readTracesFile(fixture("no-such-file.xes")))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("reads XES traces with ids, activities in file order, and the log-only procedure id", async () => {
    const traces = okTraces(await drain(readTracesFile(fixture("synthetic-sop-5.xes"))));
    expect(traces.map((t) => t.id)).toEqual(["c0", "c1", "c10", "c100", "c1000"]);
    expect(traces[0]).toEqual({ id: "c0", procedure: "synthetic-sop-5", steps: C0 });
    expect(traces.reduce((n, t) => n + t.steps.length, 0)).toBe(60); // as `grep -c "<event>"` counts
  });

  it("reads .xes.gz exactly like the plain file", async () => {
    const plain = await drain(readTracesFile(fixture("synthetic-sop-5.xes")));
    const gz = await drain(readTracesFile(fixture("synthetic-sop-5.xes.gz")));
    expect(gz).toEqual(plain);
  });

  it("gives XES traces the procedure and version asked for", async () => {
    const traces = okTraces(await drain(readTracesFile(fixture("synthetic-sop-5.xes"), { procedure: "sop", version: 2 })));
    expect(traces[0]).toMatchObject({ procedure: "sop", version: 2 });
  });

  it("emits XES timestamps as start times when asked", async () => {
    const traces = okTraces(await drain(readTracesFile(fixture("synthetic-sop-5.xes"), { times: true })));
    expect(traces[0]?.steps[0]).toEqual({ step: "S", start: "2024-01-01T00:00:00+00:00" });
  });

  it("builds XES activities from a classifier's keys, ignoring nested attributes", async () => {
    const traces = okTraces(
      await drain(readTracesFile(fixture("xes-lifecycle.xes"), { xes: { activityKeys: ["concept:name", "lifecycle:transition"] } })),
    );
    expect(traces[0]?.steps).toEqual(["A+start", "A+complete", "B+complete"]);
  });

  it("keeps only XES events of the lifecycle transitions asked for (events without one stay)", async () => {
    const traces = okTraces(await drain(readTracesFile(fixture("xes-lifecycle.xes"), { xes: { lifecycle: ["COMPLETE"] } })));
    expect(traces.map((t) => t.steps)).toEqual([["A", "B"], ["B"]]);
  });

  it("numbers XES traces that have no concept:name", async () => {
    const traces = okTraces(await drain(readTracesFile(fixture("xes-lifecycle.xes"))));
    expect(traces.map((t) => t.id)).toEqual(["c0", "trace-2"]);
  });

  it("reports an XES event without an activity, naming line, event index and key, and keeps the other traces", async () => {
    const lines = await drain(readTracesFile(fixture("xes-event-without-name.xes")));
    expect(okTraces(lines).map((t) => t.id)).toEqual(["c1"]);
    expect(failures(lines)).toEqual([
      {
        ok: false,
        line: 3,
        issues: [{ file: fixture("xes-event-without-name.xes"), line: 8, path: ["event", 1, "concept:name"], message: '<event> has no "concept:name" attribute' }],
      },
    ]);
  });

  it("ends an XES stream with one error naming the line of an unclosed tag", async () => {
    const lines = await drain(readTracesFile(fixture("xes-unclosed-tag.xes")));
    const last = lines.at(-1);
    expect(last).toMatchObject({ ok: false, fatal: true });
    if (last?.ok !== false) return;
    expect(last.issues).toHaveLength(1);
    expect(last.issues[0]).toMatchObject({ file: fixture("xes-unclosed-tag.xes"), line: 13, path: ["xml"] });
    expect(last.issues[0]?.message).toMatch(/XML error: 13:\d+: unexpected close tag/);
  });

  it("reads a CSV log grouped by case, in order of first appearance, sorted by timestamp", async () => {
    const xes = okTraces(await drain(readTracesFile(fixture("synthetic-sop-5.xes"), { procedure: "sop" })));
    const csv = okTraces(await drain(readTracesFile(fixture("synthetic-sop-5.csv"), { procedure: "sop" })));
    expect(csv).toEqual(xes);
  });

  it("keeps CSV file order within a case when there is no timestamp column", async () => {
    const csv = okTraces(
      await drain(readTracesFile(fixture("synthetic-sop-5.csv"), { csv: { timestampColumn: "time:timestamp" } })),
    );
    const noTime = okTraces(
      await drain(readTracesFile(fixture("synthetic-sop-5-custom-columns.csv"), { csv: { caseColumn: "Case ID", activityColumn: "Activity", delimiter: ";" } })),
    );
    expect(noTime[0]?.steps).toEqual(C0);
    expect(csv[0]?.steps).toEqual(C0);
  });

  it("reads CSV columns named by options", async () => {
    const traces = okTraces(
      await drain(
        readTracesFile(fixture("synthetic-sop-5-custom-columns.csv"), {
          csv: { caseColumn: "Case ID", activityColumn: "Activity", timestampColumn: "Start Time", delimiter: ";" },
          times: true,
        }),
      ),
    );
    expect(traces).toHaveLength(5);
    expect(traces[0]?.steps[1]).toEqual({ step: "A", start: "2024-01-01T00:00:01+00:00" });
  });

  it("rejects a CSV without the case column, naming file, line 1, the column and the header", async () => {
    const lines = await drain(readTracesFile(fixture("csv-missing-column.csv")));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ ok: false, line: 1 });
    const issue = failures(lines)[0]?.issues[0];
    expect(issue).toMatchObject({ file: fixture("csv-missing-column.csv"), line: 1, path: ["header"] });
    expect(issue?.message).toBe(
      'the CSV header has no case id column "case:concept:name" (--case-column) and no activity column "concept:name" (--activity-column); its columns are "case", "activity", "time:timestamp": name the right ones with the flags',
    );
  });

  it("rejects a timestamp column named explicitly but absent", async () => {
    const lines = await drain(readTracesFile(fixture("synthetic-sop-5.csv"), { csv: { timestampColumn: "start" } }));
    expect(failures(lines)[0]?.issues[0]).toMatchObject({ line: 1, path: ["header"], message: expect.stringContaining('timestamp column "start" (--timestamp-column)') });
  });

  it("reports a CSV row with an unparseable timestamp against its case, with line and column", async () => {
    const lines = await drain(readTracesFile(fixture("csv-bad-timestamp.csv")));
    expect(okTraces(lines).map((t) => t.id)).toEqual(["c2"]);
    expect(failures(lines)[0]?.issues).toEqual([
      { file: fixture("csv-bad-timestamp.csv"), line: 3, path: ["time:timestamp"], message: 'timestamp "yesterday" is not a date-time or a number' },
    ]);
  });

  it("reports a CSV row with an empty activity", async () => {
    const lines = await drain(readTracesFile(fixture("csv-empty-activity.csv")));
    expect(failures(lines)[0]?.issues[0]).toMatchObject({ line: 3, path: ["concept:name"] });
  });

  it("ends a CSV stream with one error at an unclosed quote", async () => {
    const lines = await drain(readTracesFile(fixture("csv-unclosed-quote.csv")));
    expect(lines).toHaveLength(1);
    expect(failures(lines)[0]?.issues[0]?.path).toEqual(["csv"]);
    expect(failures(lines)[0]?.issues[0]?.message).toMatch(/CSV error: .*quote/i);
  });

  it("ends a CSV stream with one error at a row with too many fields, naming its line", async () => {
    const lines = await drain(readTracesFile(fixture("csv-extra-field.csv")));
    expect(failures(lines)[0]?.issues[0]).toMatchObject({ line: 3, path: ["csv"] });
  });

  it("reads JSONL and reports a malformed line with its number", async () => {
    const lines = await drain(readTracesFile(fixture("trace-malformed-line.jsonl")));
    expect(okTraces(lines).map((t) => t.id)).toEqual(["t1", "t3"]);
    expect(failures(lines)[0]).toMatchObject({ line: 2 });
  });

  it("reports a JSONL trace with an unknown field, naming the field", async () => {
    const lines = await drain(readTracesFile(fixture("trace-unknown-field.jsonl")));
    expect(failures(lines)[0]?.issues[0]).toMatchObject({ line: 2 });
    expect(failures(lines)[0]?.issues.map((i) => i.message).join("\n")).toContain('"stepz"');
  });
});

describe("readTracesFile, tiny inline logs", () => {
  async function write(name: string, text: string): Promise<string> {
    const { mkdtemp, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const file = path.join(await mkdtemp(path.join(tmpdir(), "rtf-")), name);
    await writeFile(file, text);
    return file;
  }

  it("keeps CSV file order for events with equal timestamps (stable sort)", async () => {
    const file = await write("tie.csv", "case:concept:name,concept:name,time:timestamp\nc,B,2024-01-01T00:00:05Z\nc,A,2024-01-01T00:00:05Z\nc,S,2024-01-01T00:00:01Z\n");
    expect(okTraces(await drain(readTracesFile(file)))[0]?.steps).toEqual(["S", "B", "A"]);
  });

  it("sorts CSV timestamps given as seconds numerically", async () => {
    const file = await write("secs.csv", "case:concept:name,concept:name,time:timestamp\nc,B,10\nc,A,9.5\n");
    expect(okTraces(await drain(readTracesFile(file)))[0]?.steps).toEqual(["A", "B"]);
  });

  it("gives a repeated XES trace id a #2 suffix so ids stay unique", async () => {
    const trace = '<trace><string key="concept:name" value="x"/><event><string key="concept:name" value="A"/></event></trace>';
    const file = await write("dup.xes", `<log>${trace}${trace}</log>`);
    expect(okTraces(await drain(readTracesFile(file))).map((t) => t.id)).toEqual(["x", "x#2"]);
  });

  it("keeps repeated XES trace ids as they are when asked not to remember ids (dedupeTraceIds: false)", async () => {
    const trace = '<trace><string key="concept:name" value="x"/><event><string key="concept:name" value="A"/></event></trace>';
    const file = await write("dup2.xes", `<log>${trace}${trace}</log>`);
    expect(okTraces(await drain(readTracesFile(file, { dedupeTraceIds: false }))).map((t) => t.id)).toEqual(["x", "x"]);
  });
});

describe("collectTraces", () => {
  it("throws in strict mode, naming every bad line, and returns nothing", async () => {
    const file = fixture("trace-malformed-line.jsonl");
    const err = await collectTraces(file, readTracesFile(file)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).issues.map((i) => i.line)).toEqual([2]);
    expect((err as InvalidInputError).message).toContain(`${file}:2:`);
  });

  it("throws even with skipInvalid when the file could not be read to its end", async () => {
    const file = fixture("xes-unclosed-tag.xes");
    await expect(collectTraces(file, readTracesFile(file), { skipInvalid: true })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("with skipInvalid returns the good traces and every skipped record", async () => {
    const file = fixture("trace-malformed-line.jsonl");
    const r = await collectTraces(file, readTracesFile(file), { skipInvalid: true });
    expect(r.traces.map((t) => t.id)).toEqual(["t1", "t3"]);
    expect(r.skipped.map((s) => s.line)).toEqual([2]);
  });
});

describe("log-only procedure", () => {
  it("takes id and title from the file name and has no written steps", () => {
    expect(logOnlyProcedure("/data/logs/Synth_100000.xes.gz")).toEqual({
      id: "synth-100000",
      version: 1,
      title: "Synth_100000",
      source: "Synth_100000.xes.gz",
      steps: [],
    });
  });

  it("matches the procedure id that CSV and XES traces get by default", () => {
    expect(procedureIdFromFile(fixture("synthetic-sop-5.xes.gz"))).toBe("synthetic-sop-5");
  });
});
