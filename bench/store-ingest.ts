// Question: how fast does the SQLite store ingest 1 M trace events, compared with a plain
// better-sqlite3 insert loop of the same rows, in the same run? (Bar: store ≤ 2× plain.)
// Protocol: one procedure of 20 steps; 100k generated traces of ~10–20 events (1 M events in
// all, counted exactly); batches of 1000 traces; each measured as wall time of the writes only
// (traces generated beforehand). Five rounds with fresh database files; within a round the three
// writers take turns batch by batch (rotating who goes first), so the load of a shared machine
// hits them alike; each writer's wall time (and process CPU time) is summed over its batches and
// its close (which runs the final WAL checkpoint), and the median over rounds reported. Two plain loops: (a) a bare table (procedure, seq, trace_id,
// steps JSON) with no index, (b) the store's own traces table schema (primary key + unique
// trace-id index). Both loops use one prepared INSERT, one transaction per batch, the store's
// pragmas (WAL, synchronous NORMAL), and JSON-encode the steps as the store does.
// Run: npx tsx bench/store-ingest.ts [events=1000000]
import Database from "better-sqlite3";
import { mkdirSync, rmSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { createSqliteStore } from "../src/store/sqlite-store.js";
import type { GroundedTrace } from "../src/model/index.js";
import { makeProcedure, makeTrace, printTable, rng } from "./store-data.js";

const targetEvents = Number(process.argv[2] ?? 1_000_000);
const BATCH = 1000;
const ROUNDS = 5;
const out = path.resolve("bench/out/store-ingest");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const random = rng(42);
const traces: GroundedTrace[] = [];
let events = 0;
while (events < targetEvents) {
  const t = makeTrace(random, "bench", `t${traces.length}`, 20);
  if (events + t.steps.length > targetEvents) t.steps = t.steps.slice(0, targetEvents - events);
  traces.push(t);
  events += t.steps.length;
}
const batches: GroundedTrace[][] = [];
for (let i = 0; i < traces.length; i += BATCH) batches.push(traces.slice(i, i + BATCH));

function plainDb(file: string, schema: string): Database.Database {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(schema);
  return db;
}

const BARE = "CREATE TABLE traces (procedure_pk INTEGER NOT NULL, seq INTEGER NOT NULL, trace_id TEXT NOT NULL, steps TEXT NOT NULL)";
const SAME = `CREATE TABLE procedures (pk INTEGER PRIMARY KEY);
INSERT INTO procedures VALUES (1);
CREATE TABLE traces (procedure_pk INTEGER NOT NULL REFERENCES procedures(pk) ON DELETE CASCADE, seq INTEGER NOT NULL,
  trace_id TEXT NOT NULL, steps TEXT NOT NULL, PRIMARY KEY (procedure_pk, seq)) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX traces_trace_id ON traces (procedure_pk, trace_id);`;

type Writer = { name: string; write(batch: GroundedTrace[]): Promise<void> | void; close(): Promise<void> | void };

async function storeWriter(file: string): Promise<Writer> {
  const s = createSqliteStore({ path: file });
  await s.init();
  await s.saveProcedure(makeProcedure("bench", 20));
  return {
    name: "store",
    write: async (b) => {
      await s.appendTraces("bench", 1, b);
    },
    close: async () => {
      const stored = await s.countEvents("bench", 1);
      await s.close();
      if (stored !== events) throw new Error(`store holds ${stored} events, expected ${events}`);
    },
  };
}

function plainWriter(name: string, file: string, schema: string): Writer {
  const db = plainDb(file, schema);
  const insert = db.prepare("INSERT INTO traces (procedure_pk, seq, trace_id, steps) VALUES (?, ?, ?, ?)");
  let seq = 0;
  const tx = db.transaction((batch: GroundedTrace[]) => {
    for (const t of batch) insert.run(1, seq++, t.id, JSON.stringify(t.steps));
  });
  return {
    name,
    write: (b) => {
      tx(b);
    },
    close: () => {
      db.close();
    },
  };
}

const NAMES = ["store", "plain (a) bare table", "plain (b) store's schema"];
const wall: Record<string, number[]> = Object.fromEntries(NAMES.map((n) => [n, []]));
const cpu: Record<string, number[]> = Object.fromEntries(NAMES.map((n) => [n, []]));
for (let round = 0; round < ROUNDS; round++) {
  const writers = [
    await storeWriter(path.join(out, `store-${round}.db`)),
    plainWriter(NAMES[1]!, path.join(out, `a-${round}.db`), BARE),
    plainWriter(NAMES[2]!, path.join(out, `b-${round}.db`), SAME),
  ];
  const w = new Map(writers.map((x) => [x.name, 0]));
  const c = new Map(writers.map((x) => [x.name, 0]));
  for (let i = 0; i < batches.length; i++) {
    // Rotate who goes first, so no writer always follows the same one.
    for (let k = 0; k < writers.length; k++) {
      const writer = writers[(i + k) % writers.length]!;
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      await writer.write(batches[i]!);
      w.set(writer.name, w.get(writer.name)! + Number(process.hrtime.bigint() - t0) / 1e6);
      const dc = process.cpuUsage(c0);
      c.set(writer.name, c.get(writer.name)! + (dc.user + dc.system) / 1000);
    }
  }
  // Closing runs each file's final WAL checkpoint: counted, so no writer defers its I/O past the clock.
  for (const writer of writers) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await writer.close();
    w.set(writer.name, w.get(writer.name)! + Number(process.hrtime.bigint() - t0) / 1e6);
    const dc = process.cpuUsage(c0);
    c.set(writer.name, c.get(writer.name)! + (dc.user + dc.system) / 1000);
  }
  for (const n of NAMES) {
    wall[n]!.push(w.get(n)!);
    cpu[n]!.push(c.get(n)!);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const storeMs = median(wall.store!);
const storeCpu = median(cpu.store!);
process.stdout.write(`\n${traces.length} traces, ${events} events, batches of ${BATCH}, ${ROUNDS} rounds (median); 1-minute load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores\n\n`);
printTable(
  NAMES.map((name) => {
    const ms = median(wall[name]!);
    return {
      writer: name,
      "median wall s": (ms / 1000).toFixed(2),
      "events/s": Math.round(events / (ms / 1000)).toLocaleString("en-US"),
      "traces/s": Math.round(traces.length / (ms / 1000)).toLocaleString("en-US"),
      "store ÷ this (wall)": (storeMs / ms).toFixed(2),
      "median CPU s": (median(cpu[name]!) / 1000).toFixed(2),
      "store ÷ this (CPU)": (storeCpu / median(cpu[name]!)).toFixed(2),
      "wall per round": wall[name]!.map((x) => (x / 1000).toFixed(2)).join(" / "),
    };
  }),
);
rmSync(out, { recursive: true, force: true });
