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
// (LRU hits). Wall time per query with process.hrtime, and the process's CPU time per query
// (process.cpuUsage, all threads), since the machine's other load preempts wall time; the
// machine's load average is printed beside. Peak RSS is the process's maxRSS.
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
const counted = { events: await sum((id) => base.countEvents(id, 1)), procedures: (await base.listProcedures({ limit: 100_000 })).length };

async function sum(f: (id: string) => Promise<number>): Promise<number> {
  // Events over all procedures, read from the stored counters.
  let total = 0;
  for (let i = 0; i < P; i++) total += await f(`proc-${i}`);
  return total;
}

const cpuMs = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const load0 = loadavg()[0]!;
const cold: number[] = [];
const coldCpu: number[] = [];
const coldLoad: number[] = [];
for (const id of ids) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const script = await store.loadGraphScript(id, 1);
  coldLoad.push(ms(t0));
  nextSteps(script!, prefixes.get(id)!, 5);
  cold.push(ms(t0));
  coldCpu.push(cpuMs(c0));
}
const repeated: number[] = [];
const repeatedCpu: number[] = [];
const repeatedLoad: number[] = [];
for (const id of ids.slice(0, 100)) {
  await store.loadGraphScript(id, 1);
  for (let r = 0; r < 100; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const script = await store.loadGraphScript(id, 1);
    repeatedLoad.push(ms(t0));
    nextSteps(script!, prefixes.get(id)!, 5);
    repeated.push(ms(t0));
    repeatedCpu.push(cpuMs(c0));
  }
}
const load1 = loadavg()[0]!;
await store.close();

const row = (name: string, xs: number[], bar: string) => {
  const s = [...xs].sort((a, b) => a - b);
  return { query: name, n: s.length, "p50 ms": percentile(s, 50).toFixed(4), "p99 ms": percentile(s, 99).toFixed(4), "max ms": s[s.length - 1]!.toFixed(3), bar };
};
process.stdout.write(
  `\nstore: ${counted.procedures} procedures, ${counted.events} events (stored counters); LRU hits ${store.cache.hits}, misses ${store.cache.misses}\n\n`,
);
printTable([
  row("cold: load script from SQLite + nextSteps (wall)", cold, "p99 ≤ 5 ms"),
  row("cold: same, CPU time of the process", coldCpu, ""),
  row("cold: load script only (wall)", coldLoad, ""),
  row("repeated: LRU hit + nextSteps (wall)", repeated, "p99 ≤ 0.1 ms"),
  row("repeated: same, CPU time of the process", repeatedCpu, ""),
  row("repeated: LRU hit only (wall)", repeatedLoad, ""),
]);
process.stdout.write(`\n1-minute load average of the machine (${cpus().length} cores): ${load0.toFixed(1)} before the queries, ${load1.toFixed(1)} after\n`);
process.stdout.write(`\npeak RSS of this process: ${maxRssMb()} MB (bar < 1024 MB); RSS now ${rssMb()} MB\n`);
