// The worker pipeline behind readTracesFile (ingest/pipeline/): batches unpack to exactly the
// TraceLines packed, the worker path yields what the in-thread path yields on every fixture
// (good and broken), errors cross the thread with their class, leaving early stops the worker,
// and the worker never runs more than maxInFlight batches ahead of the consumer.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readTracesFile, type TraceLine } from "../../ingest/read-traces-file.js";
import { readTracesInWorker } from "../../ingest/pipeline/read-traces-in-worker.js";
import { TraceBatchPacker, TraceBatchUnpacker } from "../../ingest/pipeline/trace-batch.js";
import { reviveError, serializeError } from "../../ingest/pipeline/worker-errors.js";
import { InvalidInputError, NotFoundError } from "../../src/errors.js";
import { drain, fixture } from "./fixtures.js";

async function tmpFile(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), "pipeline-")), name);
  await writeFile(file, content);
  return file;
}

describe("TraceBatchPacker / TraceBatchUnpacker", () => {
  const lines: TraceLine[] = [
    { ok: true, line: 1, trace: { id: "a", procedure: "p", steps: ["S", "A", "B"] } },
    { ok: true, line: 2, trace: { id: "b", procedure: "p", version: 2, steps: ["S", "B", "A", "A"] } },
    { ok: false, line: 3, issues: [{ file: "f", line: 3, path: ["steps", 0], message: "bad" }] },
    { ok: true, line: 4, trace: { id: "c", procedure: "q", steps: [] } },
    { ok: true, line: 5, trace: { id: "d", procedure: "p", steps: [{ step: "S", start: "2024-01-01" }, "A"] } },
    { ok: true, line: 6, trace: { id: "e", procedure: "p", steps: [{ text: "did something" }] } },
    { ok: true, line: 7, trace: { id: "two\nlines", procedure: "p", steps: ["Z"] } },
    { ok: true, line: 8, trace: { id: "f", procedure: "p", version: 2, steps: ["Z", "S"] } },
    { ok: false, line: 9, issues: [{ file: "f", line: 9, path: ["xml"], message: "XML error" }], fatal: true },
  ];

  it("gives back every record, in order, whatever the batch boundaries", () => {
    for (const every of [1, 2, 3, lines.length]) {
      const packer = new TraceBatchPacker();
      const unpacker = new TraceBatchUnpacker();
      const out: TraceLine[] = [];
      for (const [i, r] of lines.entries()) {
        packer.add(r);
        if ((i + 1) % every === 0) out.push(...unpacker.lines(structuredClone(packer.take())));
      }
      if (packer.records > 0) out.push(...unpacker.lines(structuredClone(packer.take())));
      expect(out).toEqual(lines);
    }
  });

  it("sends each activity name and owner once, in the batch that first uses it", () => {
    const packer = new TraceBatchPacker();
    packer.add(lines[0]!);
    const first = packer.take();
    packer.add(lines[1]!);
    const second = packer.take();
    expect(first.names).toEqual(["S", "A", "B"]);
    expect(first.owners).toEqual([{ procedure: "p" }]);
    expect(second.names).toEqual([]);
    expect(second.owners).toEqual([{ procedure: "p", version: 2 }]);
    expect(second.others).toEqual([]);
  });

  it("keeps traces with times or text events, and bad records, whole", () => {
    const packer = new TraceBatchPacker();
    for (const r of lines) packer.add(r);
    expect(packer.take().others.map((r) => r.line)).toEqual([3, 5, 6, 7, 9]);
  });
});

describe("worker errors", () => {
  it("come back with their class, code and issues", () => {
    const e = reviveError(serializeError(new InvalidInputError("invalid_trace", "bad", [{ path: ["x"], message: "m" }], { n: 1 })));
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e).toMatchObject({ code: "invalid_trace", message: "bad", issues: [{ path: ["x"], message: "m" }], details: { n: 1 } });
    expect(reviveError(serializeError(new NotFoundError("file_not_found", "gone")))).toBeInstanceOf(NotFoundError);
    expect(reviveError(serializeError(new TypeError("boom")))).toMatchObject({ name: "TypeError", message: "boom" });
  });
});

describe("readTracesFile in a worker thread", () => {
  const fixtures = [
    "synthetic-sop-5.xes",
    "synthetic-sop-5.xes.gz",
    "xes-lifecycle.xes",
    "xes-event-without-name.xes",
    "xes-unclosed-tag.xes",
    "synthetic-sop-5.csv",
    "csv-bad-timestamp.csv",
    "csv-missing-column.csv",
    "csv-unclosed-quote.csv",
    "trace-malformed-line.jsonl",
    "trace-unknown-field.jsonl",
  ];

  it.each(fixtures)("yields what the in-thread reader yields for %s", async (name) => {
    const inThread = await drain(readTracesFile(fixture(name), { worker: false }));
    const inWorker = await drain(readTracesFile(fixture(name), { worker: true }));
    expect(inWorker).toEqual(inThread);
  });

  it("passes the reader options on (procedure, version, times, classifier)", async () => {
    const options = { procedure: "sop", version: 3, times: true, xes: { activityKeys: ["concept:name", "lifecycle:transition"] } };
    const inThread = await drain(readTracesFile(fixture("xes-lifecycle.xes"), { ...options, worker: false }));
    expect(await drain(readTracesFile(fixture("xes-lifecycle.xes"), { ...options, worker: true }))).toEqual(inThread);
  });

  it("reports progress in bytes of the file", async () => {
    const seen: number[] = [];
    await drain(readTracesFile(fixture("synthetic-sop-5.xes.gz"), { worker: true, onBytes: (b) => seen.push(b) }));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((b) => b >= 0)).toBe(true);
  });

  it("rethrows an error of the worker's reader (a .gz JSONL file cut short)", async () => {
    // The start is valid gzip and JSONL (the format check passes); the stream breaks in the worker.
    const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ id: `t${i}`, procedure: "p", steps: ["a", `s${i}`] })).join("\n");
    const gz = gzipSync(Buffer.from(lines));
    const file = await tmpFile("cut.jsonl.gz", gz.subarray(0, gz.length - 100));
    await expect(drain(readTracesFile(file, { worker: true }))).rejects.toThrow(/end of file|unexpected end/i);
  });

  it("still throws NotFoundError for a missing file before starting a worker", async () => {
    await expect(drain(readTracesFile(fixture("no-such-file.xes"), { worker: true }))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("stops the worker when the consumer leaves early, without reading the rest", async () => {
    const trace = (i: number) => `<trace><string key="concept:name" value="t${i}"/><event><string key="concept:name" value="A"/></event></trace>`;
    const file = await tmpFile("many.xes.gz", gzipSync(`<log>${Array.from({ length: 5000 }, (_, i) => trace(i)).join("\n")}</log>`));
    let taken = 0;
    for await (const r of readTracesInWorker(file, "xes", {}, { batchRecords: 10, maxInFlight: 2 })) {
      expect(r.ok).toBe(true);
      if (++taken === 25) break;
    }
    expect(taken).toBe(25);
  });

  it("keeps at most maxInFlight batches waiting, however slow the consumer", async () => {
    const lines = Array.from({ length: 400 }, (_, i) => JSON.stringify({ id: `t${i}`, procedure: "p", steps: ["A", "B"] })).join("\n");
    const file = await tmpFile("slow.jsonl", lines);
    let most = 0;
    let n = 0;
    for await (const r of readTracesInWorker(file, "jsonl", {}, { batchRecords: 5, maxInFlight: 3, onQueue: (w) => (most = Math.max(most, w)) })) {
      expect(r.ok).toBe(true);
      if (++n % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(n).toBe(400);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(3);
  });
});
