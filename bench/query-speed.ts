// Question: how many microseconds does one in-process query of the engine take on the REST
// API's bench script (the work behind the next-steps and order-check routes of
// bench/api-load.ts)? Bar: nextSteps and checkOrder (complete) each at least 3x faster than
// before the bitset RunState (commit af0e777): this file run on the code before it gave medians
// of 82.2 µs (nextSteps), 50.2 µs (checkOrder complete) and 13.4 ms (complete) at load 1.7.
// Protocol: the 50-step procedure makeProcedure("bench50", 50) and 200 traces from
// makeTrace(rng(5), ...) (bench/store-data.ts, as api-load.ts), a graph script induced with the
// defaults of src/discovery/induce.ts; `done25` is the first 25 steps and `full` the whole of
// the first trace with at least 50 events. Each query is called 300 times as a warm-up, then
// timed over `rounds` rounds of `calls` calls each (performance.now around a round); the table
// gives the median and the fastest round in µs per call (the fastest filters out preemption on
// a machine shared with other jobs; the load average is printed beside). Rows for the API's
// own body parsing and result serialisation give the scale of the engine's share.
// The pairwise model (src/query/pairwise-model.ts) is fitted on the first query on a script
// object and cached; the last rows time that fit alone, on `rounds` fresh copies of a script.
// Run: npx tsx bench/query-speed.ts [rounds=7] [calls=3000]
import { loadavg } from "node:os";
import { induce } from "../src/discovery/induce.js";
import { checkOrder } from "../src/conformance/check-order.js";
import { OnlineSession } from "../src/conformance/online-session.js";
import { ProcedureSchema } from "../src/model/index.js";
import { NextStepsRequestSchema } from "../src/model/queries.js";
import { complete } from "../src/query/complete.js";
import { nextSteps } from "../src/query/next-steps.js";
import { pairwiseModel } from "../src/query/pairwise-model.js";
import { makeProcedure, makeTrace, printTable, rng } from "./store-data.js";

const rounds = Number(process.argv[2] ?? 7);
const calls = Number(process.argv[3] ?? 3000);

const procedure = ProcedureSchema.parse(makeProcedure("bench50", 50));
const random = rng(5);
const traces = Array.from({ length: 200 }, (_, i) => makeTrace(random, procedure.id, `t${i}`, 50));
const script = induce(procedure, traces.map((t) => t.steps));
const full = traces.find((t) => t.steps.length >= 50)!.steps;
const done25 = full.slice(0, 25);
const body = JSON.stringify({ done: done25, k: 5 });

const queries: [string, () => unknown][] = [
  ["nextSteps(script, done25, 5)", () => nextSteps(script, done25, 5)],
  ["checkOrder(script, full, {complete: true})", () => checkOrder(script, full, { complete: true })],
  ["checkOrder(script, full)", () => checkOrder(script, full)],
  ["OnlineSession: post full, one step at a time", () => new OnlineSession(script, full)],
  ["complete(script, done25)", () => complete(script, done25)],
  ["API: parse next-steps body (JSON + zod)", () => NextStepsRequestSchema.parse(JSON.parse(body))],
  ["API: JSON.stringify(nextSteps result)", () => JSON.stringify(nextSteps(script, done25, 5))],
];

const rows: Record<string, string | number>[] = [];
for (const [query, f] of queries) {
  // `complete` runs a beam search: fewer calls keep the bench short.
  const n = query.startsWith("complete") ? Math.max(1, Math.round(calls / 20)) : calls;
  for (let i = 0; i < 300; i++) f();
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) f();
    perCall.push(((performance.now() - t0) / n) * 1000);
  }
  perCall.sort((a, b) => a - b);
  rows.push({
    query,
    calls: `${rounds} x ${n}`,
    "median µs/call": perCall[Math.floor(perCall.length / 2)]!.toFixed(1),
    "min µs/call": perCall[0]!.toFixed(1),
  });
}
// The pairwise model's fit, once per script object: on bench50 (over the fit budget: only the
// size check runs) and on smaller procedures of the same generator that are fitted.
for (const [name, stepCount, traceCount] of [["bench50", 50, 200], ["bench20", 20, 200], ["bench12", 12, 500]] as const) {
  const p = ProcedureSchema.parse(makeProcedure(name, stepCount));
  const r = rng(5);
  const s = name === "bench50" ? script : induce(p, Array.from({ length: traceCount }, (_, i) => makeTrace(r, p.id, `t${i}`, stepCount).steps));
  const sets = new Set(s.states.map((x) => x.done.join())).size;
  const copies = Array.from({ length: rounds }, () => structuredClone(s));
  let fitted = false;
  const ms = copies.map((copy) => {
    const t0 = performance.now();
    fitted = pairwiseModel(copy, 3) !== undefined;
    return performance.now() - t0;
  });
  ms.sort((a, b) => a - b);
  rows.push({
    query: `pairwise fit, ${name} (${traceCount} traces, ${sets} done sets): ${fitted ? "fitted" : "over budget"}`,
    calls: `${rounds} x 1`,
    "median µs/call": (ms[Math.floor(ms.length / 2)]! * 1000).toFixed(0),
    "min µs/call": (ms[0]! * 1000).toFixed(0),
  });
}
process.stdout.write(
  `bench50: ${script.steps.length} steps, ${script.edges.length} edges, ${script.states.length} state counts; ` +
    `done25 = ${done25.length} steps, full = ${full.length} steps; load average ${loadavg()[0]!.toFixed(1)}\n`,
);
printTable(rows);
