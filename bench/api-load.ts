// Question: how fast are the query routes of the REST API over loopback, compared with an
// empty Express route, and does the server's memory stay flat under load? (issue 5 bar)
// Protocol: the API server as `npm start` runs it (compiled by `npm run build`, then
// `node --enable-source-maps dist/api/server.js`; in-memory store, no demo data, request logs at
// info to a pipe the bench drains) and a bare Express app with one empty route (under tsx) run
// as child processes.
// A 50-step procedure with 200 generated traces (bench/store-data.ts, seed 5) is posted, then
// every route is warmed up for 5 s, the server's RSS is read (/proc/<pid>/status), and each
// route is driven for --duration seconds (default 30) by autocannon with --connections
// (default 10) connections, one at a time: the empty route, next-steps (25 done steps, k 5) and
// order-check (a full 50-step trace, complete); the API's /healthz is driven too, to show the
// framework's own cost (routing, request log) apart from the engine's. RSS is read again after
// the last run. The server's CPU time per request (user + system, from /proc) is printed beside
// each row: on a busy machine it shows where the server's time goes even when req/s are noisy.
// Bar: each query route ≥ 70% of the empty route's req/s, p99 ≤ 10 ms, zero non-2xx; RSS after
// the run within 20% of RSS after warm-up. Prints a table; writes bench/out/api-load.json.
// Usage: npx tsx bench/api-load.ts [--duration 30] [--connections 10]
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { makeProcedure, makeTrace, rng } from "./store-data.js";

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const DURATION = arg("duration", 30);
const CONNECTIONS = arg("connections", 10);
const WARMUP = Math.min(5, DURATION);
const STEPS = 50;
const TRACES = 200;

function start(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const script = args.at(-1)!;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      const m = /listening (\d+)|at http:\/\/[^:]+:(\d+)/.exec(buffer);
      if (m) {
        child.stdout!.removeAllListeners("data");
        child.stdout!.resume(); // keep draining (request logs) so the child never blocks
        resolve({ child, port: Number(m[1] ?? m[2]) });
      }
    });
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code} before listening:\n${buffer}`)));
  });
}

/** CPU time (user + system) the process has used so far, in ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function post(base: string, url: string, body: unknown): Promise<unknown> {
  const res = await fetch(base + url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

interface Target {
  name: string;
  url: string;
  body: string;
  /** The server process that answers it (for its CPU time). */
  pid: number;
}

async function drive(t: Target, seconds: number): Promise<AutocannonResult> {
  return autocannon({
    url: t.url,
    ...(t.body === "" ? { method: "GET" } : { method: "POST", headers: { "content-type": "application/json" }, body: t.body }),
    connections: CONNECTIONS,
    duration: seconds,
  });
}

execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
const api = await start(["--enable-source-maps", "dist/api/server.js"], {
  PORT: "0",
  HOST: "127.0.0.1",
  STEPGRAPH_STORE: "memory",
  STEPGRAPH_DEMO: "off",
  LOG_LEVEL: "info",
});
const empty = await start(["--import", "tsx", "bench/api-empty-server.ts"], { PORT: "0" });
try {
  const base = `http://127.0.0.1:${api.port}`;
  const proc = makeProcedure("bench50", STEPS);
  await post(base, "/v1/procedures", proc);
  const random = rng(5);
  const traces = Array.from({ length: TRACES }, (_, i) => makeTrace(random, proc.id, `t${i}`, STEPS));
  await post(base, "/v1/procedures/bench50/traces", { traces: traces.map((t) => ({ id: t.id, steps: t.steps })) });
  const script = (await (await fetch(`${base}/v1/procedures/bench50/graph-script`)).json()) as { steps: unknown[]; edges: unknown[]; states: unknown[] };
  const sample = traces.find((t) => t.steps.length >= STEPS)!.steps;

  const targets: Target[] = [
    { name: "empty Express route", url: `http://127.0.0.1:${empty.port}/empty`, body: "{}", pid: empty.child.pid! },
    // Not part of the bar: the API's own framework cost (routing, request log, JSON) without engine work.
    { name: "API /healthz (no engine work)", url: `${base}/healthz`, body: "", pid: api.child.pid! },
    { name: "next-steps (50-step procedure)", url: `${base}/v1/procedures/bench50/next-steps`, body: JSON.stringify({ done: sample.slice(0, 25), k: 5 }), pid: api.child.pid! },
    { name: "order-check (50-step procedure)", url: `${base}/v1/procedures/bench50/order-check`, body: JSON.stringify({ sequence: sample, complete: true }), pid: api.child.pid! },
  ];
  for (const t of targets) await drive(t, WARMUP);
  const rssWarm = rssMiB(api.child.pid!);
  const results: { target: Target; r: AutocannonResult; cpuUs: number }[] = [];
  for (const t of targets) {
    const cpu0 = cpuMs(t.pid);
    const r = await drive(t, DURATION);
    results.push({ target: t, r, cpuUs: ((cpuMs(t.pid) - cpu0) * 1000) / r.requests.total });
  }
  const rssAfter = rssMiB(api.child.pid!);

  const baseline = results[0]!.r.requests.average;
  const rows = results.map(({ target, r, cpuUs }) => ({
    route: target.name,
    reqPerSec: Math.round(r.requests.average),
    ratio: r.requests.average / baseline,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    serverCpuUsPerRequest: cpuUs,
  }));
  const load = os.loadavg()[0]!;
  process.stdout.write(
    `\nstepgraph API load — ${DURATION} s per route, ${CONNECTIONS} connections, loopback, ${os.cpus().length} CPUs, load average ${load.toFixed(2)} at the end\n` +
      `graph script: ${script.steps.length} steps, ${script.edges.length} edges, ${script.states.length} set-state counts from ${TRACES} traces\n\n` +
      `| route | req/s | vs empty | p50 ms | p99 ms | non-2xx | errors | server CPU µs/request |\n|---|---:|---:|---:|---:|---:|---:|---:|\n` +
      rows.map((x) => `| ${x.route} | ${x.reqPerSec} | ${(x.ratio * 100).toFixed(0)}% | ${x.p50} | ${x.p99} | ${x.non2xx} | ${x.errors} | ${x.serverCpuUsPerRequest.toFixed(0)} |`).join("\n") +
      `\n\nRSS of the API server: ${rssWarm.toFixed(1)} MiB after warm-up, ${rssAfter.toFixed(1)} MiB after the run (${(((rssAfter - rssWarm) / rssWarm) * 100).toFixed(1)}%)\n`,
  );
  const bar = rows.filter((x) => x.route.includes("50-step")).every((x) => x.ratio >= 0.7 && x.p99 <= 10 && x.non2xx === 0 && x.errors === 0) && Math.abs(rssAfter - rssWarm) / rssWarm <= 0.2;
  process.stdout.write(`bar (≥ 70% of empty, p99 ≤ 10 ms, zero non-2xx, RSS within 20%): ${bar ? "met" : "NOT met"}\n`);
  mkdirSync(path.join(root, "bench/out"), { recursive: true });
  writeFileSync(
    path.join(root, "bench/out/api-load.json"),
    `${JSON.stringify({ duration: DURATION, connections: CONNECTIONS, loadAverage: os.loadavg(), rows, rssWarmMiB: rssWarm, rssAfterMiB: rssAfter, bar }, null, 2)}\n`,
  );
} finally {
  api.child.kill("SIGTERM");
  empty.child.kill("SIGTERM");
}
