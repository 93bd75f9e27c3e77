// Question: does the SQLite store hold 100k procedures and 10 M trace events with fast
// next-step queries and bounded memory? Bars: a next-step query whose graph script must first
// be loaded from the store p99 ≤ 5 ms; a repeated one (graph script in the LRU) p99 ≤ 0.1 ms;
// the process stays under 1 GB.
// Protocol: build (skipped when bench/out/store-scale/<P>-<E>.db exists): P procedures of 8–16
// steps; E events in generated traces spread evenly over them, appended one procedure per
// appendTraces call; a graph script induced per procedure from its traces (src/discovery/induce)
// and saved. Queries, on a fresh connection behind the graph-script LRU (1000 entries):
// "cold": 2000 distinct random procedures, each query = loadGraphScript (an LRU miss, read from
// SQLite and validated) + nextSteps(script, first 3 steps of one of its traces, k = 5);
// "repeated": 100 of those procedures, each asked 100 times in a row after a first load
// (LRU hits). 200 other procedures are queried first as a warm-up (not measured); the stored
// counters are summed after the queries. Wall time per query with process.hrtime. The whole
// query set runs in 5 passes (the LRU cleared before each cold pass); raw percentiles are over
// every timing, and "per-query min" takes each query's fastest pass, which filters out the
// preemption of a machine shared with other jobs (its load average is printed beside).
// Peak RSS is the process's maxRSS.
// Run: npx tsx bench/store-scale.ts [procedures=100000] [events=10000000]
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { induce } from "../src/discovery/induce.js";
import { nextSteps } from "../src/query/next-steps.js";
import { withGraphScriptCache } from "../src/store/graph-script-cache.js";
import { createSqliteStore } from "../src/store/sqlite-store.js";
import type { GroundedTrace } from "../src/model/index.js";
import { makeProcedure, makeTrace, percentile, printTable, rng } from "./store-data.js";

const P = Number(process.argv[2] ?? 100_000);
const E = Number(process.argv[3] ?? 10_000_000);
const dir = path.resolve("bench/out/store-scale");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `${P}-${E}.db`);
const rssMb = () => Math.round(process.memoryUsage().rss / 2 ** 20);
const maxRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const stepsOf = (i: number) => 8 + (i % 9);
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

if (!existsSync(file)) {
  const tmp = `${file}.building`;
  rmSync(tmp, { force: true });
  const store = createSqliteStore({ path: tmp });
  await store.init();
  const random = rng(2026);
  const t0 = process.hrtime.bigint();
  let events = 0;
  let traces = 0;
  let induceMs = 0;
  for (let i = 0; i < P; i++) {
    const id = `proc-${i}`;
    const n = stepsOf(i);
    const { procedure } = await store.saveProcedure(makeProcedure(id, n));
    const quota = Math.floor(((i + 1) * E) / P) - Math.floor((i * E) / P);
    const batch: GroundedTrace[] = [];
    let got = 0;
    while (got < quota) {
      const t = makeTrace(random, id, `t${batch.length}`, n);
      if (got + t.steps.length > quota) t.steps = t.steps.slice(0, quota - got);
      if (t.steps.length === 0) break;
      batch.push(t);
      got += t.steps.length;
    }
    await store.appendTraces(id, 1, batch);
    const ti = process.hrtime.bigint();
    await store.saveGraphScript(induce(procedure, batch));
    induceMs += ms(ti);
    events += got;
    traces += batch.length;
    if ((i + 1) % 10_000 === 0) {
      process.stdout.write(`built ${i + 1} procedures, ${events} events, ${traces} traces, ${(ms(t0) / 1000).toFixed(0)} s, rss ${rssMb()} MB\n`);
    }
  }
  await store.close();
  const { renameSync, statSync } = await import("node:fs");
  renameSync(tmp, file);
  for (const ext of ["-wal", "-shm"]) rmSync(`${tmp}${ext}`, { force: true });
  process.stdout.write(
    `build: ${P} procedures, ${events} events, ${traces} traces in ${(ms(t0) / 1000).toFixed(1)} s (induce+save scripts ${(induceMs / 1000).toFixed(1)} s), file ${(statSync(file).size / 2 ** 20).toFixed(0)} MB\n`,
  );
}

const base = createSqliteStore({ path: file });
await base.init();
const store = withGraphScriptCache(base, { max: 1000 });
const random = rng(99);
const picked = new Set<number>();
while (picked.size < Math.min(2000, P)) picked.add(Math.floor(random() * P));
const ids = [...picked].map((i) => `proc-${i}`);
const prefixes = new Map<string, string[]>();
for (const id of ids) prefixes.set(id, ((await base.listTraces(id, 1, { limit: 1 }))[0]?.steps ?? []).slice(0, 3));
// Warm-up (JIT, SQLite page cache of the index pages): 200 other procedures, not measured.
for (let w = 0, done = 0; done < Math.min(200, P - ids.length); w++) {
  const id = `proc-${Math.floor(random() * P)}`;
  if (picked.has(Number(id.slice(5)))) continue;
  const script = await store.loadGraphScript(id, 1);
  nextSteps(script!, [], 5);
  nextSteps(script!, [], 5);
  done++;
}

async function sum(f: (id: string) => Promise<number>): Promise<number> {
  // Events over all procedures, read from the stored counters.
  let total = 0;
  for (let i = 0; i < P; i++) total += await f(`proc-${i}`);
  return total;
}

const PASSES = 5;
const load0 = loadavg()[0]!;
/** [pass][query] wall times of load + nextSteps, and of the load alone. */
const cold: number[][] = [];
const coldLoad: number[][] = [];
for (let pass = 0; pass < PASSES; pass++) {
  store.cache.clear(); // every query of every pass is an LRU miss
  const total: number[] = [];
  const load: number[] = [];
  for (const id of ids) {
    const t0 = process.hrtime.bigint();
    const script = await store.loadGraphScript(id, 1);
    load.push(ms(t0));
    nextSteps(script!, prefixes.get(id)!, 5);
    total.push(ms(t0));
  }
  cold.push(total);
  coldLoad.push(load);
}
const repeated: number[][] = [];
const repeatedLoad: number[][] = [];
for (let pass = 0; pass < PASSES; pass++) {
  const total: number[] = [];
  const load: number[] = [];
  for (const id of ids.slice(0, 100)) {
    await store.loadGraphScript(id, 1);
    for (let r = 0; r < 100; r++) {
      const t0 = process.hrtime.bigint();
      const script = await store.loadGraphScript(id, 1);
      load.push(ms(t0));
      nextSteps(script!, prefixes.get(id)!, 5);
      total.push(ms(t0));
    }
  }
  repeated.push(total);
  repeatedLoad.push(load);
}
/** Per query, the fastest of the passes: what is left once scheduler preemption is filtered out. */
const perQueryMin = (passes: number[][]) => passes[0]!.map((_, i) => Math.min(...passes.map((p) => p[i]!)));
const load1 = loadavg()[0]!;
const queryPhaseRssMb = maxRssMb();
const counted = { events: await sum((id) => base.countEvents(id, 1)), procedures: (await base.listProcedures({ limit: 100_000 })).length };
await store.close();

const row = (name: string, xs: number[], bar: string) => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    query: name,
    n: s.length,
    "p50 ms": percentile(s, 50).toFixed(4),
    "p95 ms": percentile(s, 95).toFixed(4),
    "p99 ms": percentile(s, 99).toFixed(4),
    "max ms": s[s.length - 1]!.toFixed(3),
    bar,
  };
};
process.stdout.write(
  `\nstore: ${counted.procedures} procedures, ${counted.events} events (stored counters); LRU hits ${store.cache.hits}, misses ${store.cache.misses}\n\n`,
);
printTable([
  row("cold: load from SQLite + nextSteps, pass 1 (raw)", cold[0]!, "p99 ≤ 5 ms"),
  row("cold: same, all passes (raw)", cold.flat(), "p99 ≤ 5 ms"),
  row("cold: same, per-query min of passes", perQueryMin(cold), "p99 ≤ 5 ms"),
  row("cold: load only, all passes (raw)", coldLoad.flat(), ""),
  row("repeated: LRU hit + nextSteps, all passes (raw)", repeated.flat(), "p99 ≤ 0.1 ms"),
  row("repeated: same, per-query min of passes", perQueryMin(repeated), "p99 ≤ 0.1 ms"),
  row("repeated: LRU hit only, all passes (raw)", repeatedLoad.flat(), ""),
]);
process.stdout.write(`\n1-minute load average of the machine (${cpus().length} cores): ${load0.toFixed(1)} before the queries, ${load1.toFixed(1)} after\n`);
process.stdout.write(`\npeak RSS of this process: ${queryPhaseRssMb} MB up to the end of the queries, ${maxRssMb()} MB in all (bar < 1024 MB)\n`);
