// Question: how fast does the SQLite store ingest 1 M trace events, compared with a plain
// better-sqlite3 insert loop of the same rows, in the same run? (Bar: store ≤ 2× plain.)
// Protocol: one procedure of 20 steps; 100k generated traces of ~10–20 events (1 M events in
// all, counted exactly); batches of 1000 traces; each measured as wall time of the writes only
// (traces generated beforehand). Five rounds, fresh database files each, order alternating;
// the median of each is reported. Two plain loops: (a) a bare table (procedure, seq, trace_id,
// steps JSON) with no index, (b) the store's own traces table schema (primary key + unique
// trace-id index). Both loops use one prepared INSERT, one transaction per batch, the store's
// pragmas (WAL, synchronous NORMAL), and JSON-encode the steps as the store does.
// Run: npx tsx bench/store-ingest.ts [events=1000000]
import Database from "better-sqlite3";
import { mkdirSync, rmSync } from "node:fs";
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

function plain(file: string, schema: string): number {
  const db = plainDb(file, schema);
  const insert = db.prepare("INSERT INTO traces (procedure_pk, seq, trace_id, steps) VALUES (?, ?, ?, ?)");
  const started = process.hrtime.bigint();
  let seq = 0;
  const write = db.transaction((batch: GroundedTrace[]) => {
    for (const t of batch) insert.run(1, seq++, t.id, JSON.stringify(t.steps));
  });
  for (const b of batches) write(b);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  db.close();
  return ms;
}

async function store(file: string): Promise<number> {
  const s = createSqliteStore({ path: file });
  await s.init();
  await s.saveProcedure(makeProcedure("bench", 20));
  const started = process.hrtime.bigint();
  for (const b of batches) await s.appendTraces("bench", 1, b);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const stored = await s.countEvents("bench", 1);
  await s.close();
  if (stored !== events) throw new Error(`store holds ${stored} events, expected ${events}`);
  return ms;
}

const BARE = "CREATE TABLE traces (procedure_pk INTEGER NOT NULL, seq INTEGER NOT NULL, trace_id TEXT NOT NULL, steps TEXT NOT NULL)";
const SAME = `CREATE TABLE procedures (pk INTEGER PRIMARY KEY);
INSERT INTO procedures VALUES (1);
CREATE TABLE traces (procedure_pk INTEGER NOT NULL REFERENCES procedures(pk) ON DELETE CASCADE, seq INTEGER NOT NULL,
  trace_id TEXT NOT NULL, steps TEXT NOT NULL, PRIMARY KEY (procedure_pk, seq)) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX traces_trace_id ON traces (procedure_pk, trace_id);`;

const times: Record<string, number[]> = { store: [], "plain (a) bare table": [], "plain (b) store's schema": [] };
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? ["store", "a", "b"] : ["b", "a", "store"];
  for (const which of order) {
    const file = path.join(out, `${which}-${round}.db`);
    if (which === "store") times.store!.push(await store(file));
    else if (which === "a") times["plain (a) bare table"]!.push(plain(file, BARE));
    else times["plain (b) store's schema"]!.push(plain(file, SAME));
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const storeMs = median(times.store!);
process.stdout.write(`\n${traces.length} traces, ${events} events, batches of ${BATCH}, ${ROUNDS} rounds (median)\n\n`);
printTable(
  Object.entries(times).map(([name, xs]) => {
    const ms = median(xs);
    return {
      writer: name,
      "median s": (ms / 1000).toFixed(2),
      "events/s": Math.round(events / (ms / 1000)).toLocaleString("en-US"),
      "traces/s": Math.round(traces.length / (ms / 1000)).toLocaleString("en-US"),
      "store ÷ this": (storeMs / ms).toFixed(2),
      rounds: xs.map((x) => (x / 1000).toFixed(2)).join(" / "),
    };
  }),
);
rmSync(out, { recursive: true, force: true });
