// Question: is SQLite ingestion crash-safe? A child process ingests 100k traces (batches of
// 500, one appendTraces call = one transaction each) and is killed with SIGKILL at a random
// moment, 20 times. After each kill the store is reopened and checked: it opens (migrations,
// `PRAGMA integrity_check` = ok), every batch the child acknowledged (written to a side file
// after appendTraces returned) is wholly present, no batch is half-present, and the trace and
// event counters agree with the rows. Every earlier round's procedure is checked again.
// Protocol: round 0 runs to completion to measure the ingest time T (from "ready" to exit);
// each kill is sent at a uniform random moment in [0.02 T, 0.9 T] after "ready", seeded
// (argv[2], default 1) so a run can be repeated. A kill counts as mid-ingest when the child had
// not yet acknowledged its last batch; a child that finishes (or acknowledges everything) before
// its kill, as the shared machine's speed varies, is listed but not counted; rounds go on until
// 20 kills have landed mid-ingest (at most 60 rounds).
// Run: npx tsx bench/crash-ingest.ts [seed]
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { createSqliteStore } from "../src/store/sqlite-store.js";
import { printTable, rng } from "./store-data.js";

const TOTAL = 100_000;
const BATCH = 500;
const KILLS = 20;
const random = rng(Number(process.argv[2] ?? 1));
const out = path.resolve("bench/out/crash-ingest");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const db = path.join(out, "store.db");
const child = path.resolve(import.meta.dirname, "crash-ingest-child.ts");

interface Run {
  readyMs: number;
  ranMs: number;
  killed: boolean;
}

function runChild(id: string, killAfterMs: number | undefined): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const ack = path.join(out, `${id}.ack`);
    const p = spawn(process.execPath, ["--import", "tsx", child, db, ack, id, String(TOTAL), String(BATCH)], { stdio: ["ignore", "pipe", "pipe"] });
    let readyAt = 0;
    let stderr = "";
    let timer: NodeJS.Timeout | undefined;
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    p.stdout.on("data", (d: Buffer) => {
      if (readyAt === 0 && d.toString().includes("ready")) {
        readyAt = Date.now();
        if (killAfterMs !== undefined) timer = setTimeout(() => p.kill("SIGKILL"), killAfterMs);
      }
    });
    p.on("exit", (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === null && code !== 0) reject(new Error(`child exited with ${code}: ${stderr}`));
      else resolve({ readyMs: readyAt - started, ranMs: Date.now() - (readyAt || started), killed: signal === "SIGKILL" });
    });
  });
}

async function check(ids: string[]): Promise<{ acked: number; present: number; half: number; missingAcked: number; counterMismatch: number; integrity: string }> {
  const raw = new Database(db, { readonly: true });
  const integrity = raw.pragma("integrity_check", { simple: true }) as string;
  raw.close();
  const store = createSqliteStore({ path: db });
  await store.init();
  let acked = 0, present = 0, half = 0, missingAcked = 0, counterMismatch = 0;
  for (const id of ids) {
    const ackFile = path.join(out, `${id}.ack`);
    const ackedBatches = new Set(existsSync(ackFile) ? readFileSync(ackFile, "utf8").split("\n").filter(Boolean).map(Number) : []);
    const perBatch = new Map<number, number>();
    let rows = 0, events = 0;
    for await (const t of store.streamTraces(id, 1)) {
      const b = Number(t.id.slice(1, t.id.indexOf("-")));
      perBatch.set(b, (perBatch.get(b) ?? 0) + 1);
      rows++;
      events += t.steps.length;
    }
    if (rows !== (await store.countTraces(id, 1)) || events !== (await store.countEvents(id, 1))) counterMismatch++;
    for (const n of perBatch.values()) if (n !== BATCH) half++;
    for (const b of ackedBatches) if (perBatch.get(b) !== BATCH) missingAcked++;
    acked += ackedBatches.size;
    present += perBatch.size;
  }
  await store.close();
  return { acked, present, half, missingAcked, counterMismatch, integrity };
}

const calibration = await runChild("round-0", undefined);
const T = calibration.ranMs;
process.stdout.write(`calibration: child ready after ${calibration.readyMs} ms, ingested ${TOTAL} traces in ${T} ms\n`);
const ids = ["round-0"];
const rows: Record<string, string | number>[] = [];
let failures = 0;
let landed = 0;
for (let r = 1; landed < KILLS && r <= 3 * KILLS; r++) {
  const id = `round-${r}`;
  ids.push(id);
  const killAt = Math.round((0.02 + 0.88 * random()) * T);
  const run = await runChild(id, killAt);
  const c = await check(ids);
  const ok = c.integrity === "ok" && c.half === 0 && c.missingAcked === 0 && c.counterMismatch === 0;
  if (!ok) failures++;
  const ackedThis = existsSync(path.join(out, `${id}.ack`)) ? readFileSync(path.join(out, `${id}.ack`), "utf8").split("\n").filter(Boolean).length : 0;
  // Mid-ingest: killed before the child had acknowledged its last batch.
  const midIngest = run.killed && ackedThis < TOTAL / BATCH;
  if (midIngest) landed++;
  rows.push({
    round: r,
    "kill at ms": killAt,
    killed: midIngest ? "mid-ingest" : run.killed ? "after the last batch" : "no (finished first)",
    "acked batches (this round)": ackedThis,
    "batches present (all rounds)": c.present,
    "acked (all rounds)": c.acked,
    "half-present": c.half,
    "acked but missing": c.missingAcked,
    "counter mismatch": c.counterMismatch,
    integrity: c.integrity,
    verdict: ok ? "ok" : "FAIL",
  });
}
printTable(rows);
process.stdout.write(`\n${rows.length} rounds, ${landed} kills landed mid-ingest, ${failures} failed checks\n`);
rmSync(out, { recursive: true, force: true });
process.exit(failures === 0 && landed >= KILLS ? 0 : 1);
