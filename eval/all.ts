// `npm run eval:all`: every dataset × task the engine is measured on, with the engine's DEFAULT
// options (no induce or ranking options anywhere) and, in the same run, the simple baselines of
// each task; ends with one table: dataset | task | metric | engine | best baseline | margin |
// paired sign test against the best baseline (where the measure splits into independent units) |
// bar | status, with the wall time of the job behind each row and the load average when it ended.
// Jobs (eval/all/jobs.ts) run in `--jobs` child processes (default: 2, or 1 on one core),
// longest first; a dataset that is absent gives a SKIPPED row, not a failure.
// Protocols and the measured table: docs/results.md, "All datasets, one command".
// Run: npm run eval:all [-- --only <filter>[,<filter>...]] [--json] [--jobs N] [--list]
//   --only keeps the jobs whose id contains one of the filters (case-insensitive), e.g. --only cc4d,
//   --only bpic, --only "a12-n00,crosstask", --only order-validity; --list prints the job ids.
//   --oracle runs the pm4py oracle where its answer is not cached yet.
// NOTE: the order-validity rows need pm4py's answers (eval/order-validity.ts): the oracle builds
// eval/.venv and fills eval/out/ once (tens of minutes: `npm run eval:order-validity`, or
// eval:all --oracle); without them those rows are SKIPPED, so a fresh clone stays in the budget.
import { fork, spawnSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { JOBS, type Job, type JobOptions, type JobRow } from "./all/jobs.js";
import { status, table, type Row } from "./all/rows.js";

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), "..");
const USAGE = "usage: npm run eval:all -- [--only <filter>[,<filter>...]] [--json] [--jobs N] [--oracle] [--list]";

class UsageError extends Error {}

interface Options {
  only: string[];
  json: boolean;
  jobs: number;
  list: boolean;
  oracle: boolean;
  worker: boolean;
}

function parseOptions(argv: string[]): Options {
  let v;
  try {
    v = parseArgs({
      args: argv,
      options: {
        only: { type: "string", multiple: true, default: [] },
        json: { type: "boolean", default: false },
        jobs: { type: "string", default: String(Math.min(2, availableParallelism())) },
        list: { type: "boolean", default: false },
        oracle: { type: "boolean", default: false },
        worker: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (v.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (!/^[1-9]\d{0,2}$/.test(v.jobs)) throw new UsageError(`--jobs ${JSON.stringify(v.jobs)}: must be an integer from 1 to 999`);
  const only = v.only.flatMap((s) => s.split(",")).map((s) => s.trim().toLowerCase());
  if (only.some((s) => s === "")) throw new UsageError("--only: an empty filter");
  return { only, json: v.json, jobs: Number(v.jobs), list: v.list, oracle: v.oracle, worker: v.worker };
}

/** --only matches job ids ("cc4d/mistakes", "bpic-2012/next-step", "a42-n05/order-validity"; --list shows them). */
function selected(job: Job, only: readonly string[]): boolean {
  return only.length === 0 || only.some((f) => job.id.toLowerCase().includes(f));
}

function commit(): string {
  const r = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) return "unknown";
  const dirty = spawnSync("git", ["status", "--porcelain", "--", "src"], { cwd: root, encoding: "utf8" });
  return `${r.stdout.trim()}${dirty.stdout.trim() === "" ? "" : " (src/ modified)"}`;
}

// ---------------------------------------------------------------- worker side

interface JobRequest {
  job: string;
  options: JobOptions;
}
interface JobReply {
  job: string;
  rows?: JobRow[];
  error?: string;
  seconds: number;
  load: number;
}

async function runJob(job: Job, options: JobOptions, progress: (m: string) => void): Promise<JobReply> {
  const t0 = performance.now();
  try {
    const rows = await job.run(progress, options);
    return { job: job.id, rows, seconds: (performance.now() - t0) / 1000, load: loadavg()[0]! };
  } catch (e) {
    return { job: job.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e), seconds: (performance.now() - t0) / 1000, load: loadavg()[0]! };
  }
}

function worker(): void {
  process.on("message", (m: JobRequest | "exit") => {
    if (m === "exit") process.exit(0);
    const job = JOBS.find((j) => j.id === m.job)!;
    void runJob(job, m.options, (text) => process.stderr.write(`  ${job.id}: ${text}\n`)).then((reply) => process.send!(reply));
  });
}

// ---------------------------------------------------------------- parent side

/** Runs the jobs in `n` child processes, longest first; replies by job id. */
async function runAll(jobs: readonly Job[], n: number, options: JobOptions, onDone: (r: JobReply, done: number) => void): Promise<Map<string, JobReply>> {
  const queue = [...jobs].sort((a, b) => b.cost - a.cost);
  const replies = new Map<string, JobReply>();
  const children = Array.from({ length: Math.min(n, queue.length) }, () => fork(self, ["--worker"], { execArgv: process.execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] }));
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve, reject) => {
          const next = (): void => {
            const job = queue.shift();
            if (!job) {
              child.send("exit");
              return resolve();
            }
            child.send({ job: job.id, options } satisfies JobRequest);
          };
          child.on("message", (r: JobReply) => {
            replies.set(r.job, r);
            onDone(r, replies.size);
            next();
          });
          child.on("exit", (code) => {
            if (queue.length > 0 || code !== 0) reject(new Error(`an eval:all worker exited with ${code} with jobs left`));
          });
          next();
        }),
    ),
  );
  return replies;
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  if (o.worker) return worker();
  const jobs = JOBS.filter((j) => selected(j, o.only));
  if (o.list) {
    process.stdout.write(`${JOBS.map((j) => j.id).join("\n")}\n`);
    return;
  }
  if (jobs.length === 0) throw new UsageError(`--only ${o.only.join(",")}: no job matches; --list shows them`);
  const loadStart = loadavg();
  const t0 = performance.now();
  const log = (m: string): void => void process.stderr.write(`${m}\n`);
  log(`eval:all: ${jobs.length} jobs in ${Math.min(o.jobs, jobs.length)} processes, engine defaults at ${commit()}; load ${loadStart.map((x) => x.toFixed(2)).join(" / ")}`);
  const replies = await runAll(jobs, o.jobs, { oracle: o.oracle }, (r, done) =>
    log(`[${done}/${jobs.length}] ${r.job}: ${r.error ? "ERROR" : `${r.rows!.length} rows`} in ${r.seconds.toFixed(1)} s (load ${r.load.toFixed(2)}, ${((performance.now() - t0) / 1000).toFixed(0)} s so far)`),
  );
  const rows: Row[] = [];
  const errors: string[] = [];
  for (const job of jobs) {
    const r = replies.get(job.id)!;
    if (r.error) errors.push(`${job.id}: ${r.error}`);
    for (const row of r.rows ?? []) rows.push({ job: job.id, ...row, seconds: r.seconds, load: r.load });
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  const loadEnd = loadavg();
  const meta = { commit: commit(), date: new Date().toISOString(), loadavg: { start: loadStart, end: loadEnd }, wallSeconds, processes: Math.min(o.jobs, jobs.length) };
  if (o.json) process.stdout.write(`${JSON.stringify({ ...meta, rows: rows.map((r) => ({ ...r, status: status(r) })), errors }, null, 1)}\n`);
  else {
    const below = rows.filter((r) => r.engine !== null && status(r) !== "met");
    process.stdout.write(
      [
        `All datasets, one command: engine defaults at ${meta.commit}, ${meta.date}`,
        "",
        table(rows),
        "",
        `wall time ${wallSeconds.toFixed(1)} s in ${meta.processes} processes; load average (1/5/15 min) at start ${loadStart.map((x) => x.toFixed(2)).join(" / ")}, at end ${loadEnd.map((x) => x.toFixed(2)).join(" / ")}`,
        `${rows.length} rows: ${rows.filter((r) => status(r) === "met").length} met, ${below.length} not met, ${rows.filter((r) => r.engine === null).length} skipped`,
        ...errors.map((e) => `ERROR in ${e}`),
        "",
      ].join("\n"),
    );
  }
  if (errors.length > 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof UsageError ? `${e.message}\n${USAGE}` : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
