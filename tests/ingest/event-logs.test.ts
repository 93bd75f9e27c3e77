// Bar of issue 3: every log under ../shared/datasets/event-logs imports without error, with
// trace and event counts equal to what the files hold. Counts are checked two ways: against an
// independent pass that counts <trace> and <event> tags with a regular expression (CSV: rows
// and distinct case ids), and against the figures pm4py computed in the folder's SOURCE.md.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import path from "node:path";
import { readTracesFile } from "../../ingest/read-traces-file.js";
import { sharedDataset } from "../helpers/shared-data.js";
import { notice } from "../helpers/notice.js";

const root = sharedDataset("event-logs");
if (!root) notice("skipped: ../shared/datasets/event-logs is absent (import of every event log)");

// Cases and events per file, from event-logs/SOURCE.md (pm4py 2.7.14).
const SOURCE_MD: Record<string, [number, number]> = {
  "08_receipt.xes.gz": [1434, 8577],
  "06_bpic2013_closed.xes.gz": [1487, 6660],
  "07_bpic2013_incidents.xes.gz": [7554, 65533],
  "helpdesk.xes.gz": [4580, 21348],
  "bpic2012.xes.gz": [13087, 262200],
  "12_roadtraffic_1t_per_variant.xes.gz": [231, 1891],
  "19_roadtraffic_1t_per_variant.xes.gz": [231, 1891],
  "13_SEPSIS_1t_per_variant.xes.gz": [846, 13775],
  "14_Billing_1t_per_variant.xes.gz": [1020, 12506],
  "15_bpic2020_permit_log_1t_per_variant.xes.gz": [1478, 26028],
  "16_bpic2019_1t_per_variant.xes.gz": [11973, 338247],
  "17_bpic2012_1t_per_variant.xes.gz": [4366, 182467],
  "running-example.xes": [6, 42],
  "running-example.csv": [6, 42],
  "01_running-example.xes.gz": [6, 42],
  "02_teleclaims.xes.gz": [3512, 46138],
  "03_repairExample.xes.gz": [1104, 11855],
  "04_reviewing.xes.gz": [100, 3730],
  "10_orders.xes.gz": [17, 154],
  "11_tickets.xes.gz": [9, 43],
  "roadtraffic100traces.xes": [100, 390],
  "partial-order-example.xes": [5, 25],
  "partial-order-example-3.xes": [10, 64],
};

function logFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return logFiles(p);
    return /\.(xes|xes\.gz|csv)$/.test(name) ? [p] : [];
  });
}

/** Independent count: <trace>/<event> opening tags, or CSV data rows and distinct first fields. */
function independentCounts(file: string): [number, number] {
  const buf = readFileSync(file);
  const text = (file.endsWith(".gz") ? gunzipSync(buf) : buf).toString("utf8");
  if (file.endsWith(".csv")) {
    const rows = text.split(/\r?\n/).filter((l) => l.trim() !== "").slice(1);
    const header = text.split(/\r?\n/, 1)[0]?.split(",") ?? [];
    const caseCol = header.indexOf("case:concept:name");
    return [new Set(rows.map((r) => r.split(",")[caseCol])).size, rows.length];
  }
  const withoutComments = text.replace(/<!--[\s\S]*?-->/g, "");
  return [(withoutComments.match(/<trace[\s>]/g) ?? []).length, (withoutComments.match(/<event[\s>]/g) ?? []).length];
}

const files = root ? logFiles(root).sort() : [];

describe.skipIf(!root)("every event log under ../shared/datasets/event-logs", () => {
  it("holds the 43 logs the folder's SOURCE.md lists (5 real, 7 one-per-variant, 20 synthetic, 11 toy)", () => {
    expect(files).toHaveLength(43);
  });

  it.each(files.map((f) => [path.relative(root ?? "", f), f]))("%s imports without error, counts as in the file", async (_name, file) => {
    let traces = 0;
    let events = 0;
    const errors: unknown[] = [];
    for await (const r of readTracesFile(file)) {
      if (r.ok) {
        traces++;
        events += r.trace.steps.length;
      } else errors.push(r);
    }
    expect(errors).toEqual([]);
    expect([traces, events]).toEqual(independentCounts(file));
    const published = SOURCE_MD[path.basename(file)];
    if (published) expect([traces, events]).toEqual(published);
  });

  // The largest logs also through the reader worker (ingest/pipeline/), which readTracesFile uses
  // for large files: the same records, in the same order.
  const large = files.filter((f) => statSync(f).size >= 1 << 20);
  it.each(large.map((f) => [path.relative(root ?? "", f), f]))("%s reads the same in a worker thread", async (_name, file) => {
    const inThread: unknown[] = [];
    for await (const r of readTracesFile(file, { worker: false })) inThread.push(r);
    const inWorker: unknown[] = [];
    for await (const r of readTracesFile(file, { worker: true })) inWorker.push(r);
    expect(inWorker.length).toBe(inThread.length);
    expect(inWorker).toEqual(inThread);
  });
});
