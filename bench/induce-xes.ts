// Question: how long does `stepgraph induce` take on the 100k-trace synthetic SOP log
// (../shared/datasets/synthetic-sop/synth_100000.xes.gz, 1,228,893 events), and how much memory,
// split into XES parsing (ingest/xes) and induction (src/discovery)?
// Bar (issue 3): ≤ ~8 s and peak RSS ≤ 600 MB (pm4py read_xes 74 s + inductive miner 1.2 s, ~2 GB).
//
// Each row runs in a fresh child process; time is wall-clock of the child from spawn to exit,
// peak RSS is the child's process.resourceUsage().maxRSS (rows "parse only", "parse + induce"),
// or /usr/bin/time -v's "Maximum resident set size" for the CLI row; CPU s is the child's user +
// system time (on a machine shared with other jobs it is closer to the unloaded wall time than
// the wall time is). parse s / induce s split the wall time inside the child. Every row runs
// RUNS times; the table gives the median and the range.
// Run: npx tsx bench/induce-xes.ts [log.xes.gz] [--runs N]
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readTracesFile } from "../ingest/read-traces-file.js";
import { readProcedures } from "../ingest/json/read-procedures.js";
import { createInduction } from "../src/discovery/induce.js";
import { eventStepId } from "../src/model/index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PROCEDURE = path.join(root, "graphs/synthetic-sop/procedures.json");

async function phase(name: string, log: string): Promise<void> {
  const t0 = performance.now();
  let traces = 0;
  let events = 0;
  let parseMs = 0;
  let induceMs = 0;
  if (name === "parse") {
    for await (const r of readTracesFile(log, { procedure: "synthetic-sop" })) {
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      traces++;
      events += r.trace.steps.length;
    }
    parseMs = performance.now() - t0;
  } else {
    const [procedure] = await readProcedures(PROCEDURE);
    if (!procedure) throw new Error("no procedure");
    const induction = createInduction(procedure);
    for await (const r of readTracesFile(log, { procedure: procedure.id })) {
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      const steps = r.trace.steps.map((e) => eventStepId(e) as string);
      const a = performance.now();
      induction.add(steps);
      induceMs += performance.now() - a;
      traces++;
      events += steps.length;
    }
    const a = performance.now();
    const script = induction.script();
    induceMs += performance.now() - a;
    parseMs = performance.now() - t0 - induceMs;
    if (script.traceCount !== traces) throw new Error("trace count mismatch");
  }
  const u = process.resourceUsage();
  process.stdout.write(JSON.stringify({ traces, events, parseMs, induceMs, maxRssKb: u.maxRSS, cpuS: (u.userCPUTime + u.systemCPUTime) / 1e6 }));
}

interface Row {
  what: string;
  seconds: number[];
  /** CPU time (user + system) of the child: what the run costs when the machine is busy. */
  cpu: number[];
  rssMb: number[];
  parse: number[];
  induce: number[];
  traces?: number;
  events?: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const fmt = (xs: number[], digits = 2): string =>
  xs.length === 0 ? "—" : `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const phaseArg = args.indexOf("--phase");
  const runsArg = args.indexOf("--runs");
  const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 3;
  const log =
    args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--runs" && args[i - 1] !== "--phase") ??
    path.resolve(root, "../shared/datasets/synthetic-sop/synth_100000.xes.gz");
  if (phaseArg >= 0) return phase(args[phaseArg + 1] as string, log);
  if (!existsSync(log)) {
    process.stderr.write(`skipped: ${log} is absent\n`);
    return;
  }
  const loadBefore = loadavg().map((x) => x.toFixed(1)).join(" ");
  const rows: Row[] = [];
  for (const p of ["parse", "induce"]) {
    const row: Row = { what: p === "parse" ? "parse only (readTracesFile)" : "parse + induce (createInduction)", seconds: [], cpu: [], rssMb: [], parse: [], induce: [] };
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--phase", p, log], { cwd: root, encoding: "utf8" });
      const seconds = (performance.now() - t0) / 1000;
      if (r.status !== 0) throw new Error(r.stderr);
      const out = JSON.parse(r.stdout) as { traces: number; events: number; parseMs: number; induceMs: number; maxRssKb: number; cpuS: number };
      row.seconds.push(seconds);
      row.cpu.push(out.cpuS);
      row.rssMb.push(out.maxRssKb / 1024);
      row.parse.push(out.parseMs / 1000);
      if (p === "induce") row.induce.push(out.induceMs / 1000);
      row.traces = out.traces;
      row.events = out.events;
    }
    rows.push(row);
  }
  const cli = path.join(root, "cli/commands/induce.ts");
  if (existsSync(cli)) {
    const row: Row = { what: "stepgraph induce --procedures P --traces LOG (the issue's command; /usr/bin/time -v)", seconds: [], cpu: [], rssMb: [], parse: [], induce: [] };
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = spawnSync("/usr/bin/time", ["-v", process.execPath, "--import", "tsx", "cli/main.ts", "induce", "--procedures", PROCEDURE, "--traces", log], {
        cwd: root,
        encoding: "utf8",
        maxBuffer: 1 << 28,
      });
      const seconds = (performance.now() - t0) / 1000;
      if (r.status !== 0) {
        process.stderr.write(`CLI failed: ${r.stderr.slice(0, 2000)}\n`);
        break;
      }
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
      const user = Number(/User time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1] ?? NaN);
      const sys = Number(/System time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1] ?? NaN);
      row.seconds.push(seconds);
      row.cpu.push(user + sys);
      row.rssMb.push(Number(rss?.[1] ?? NaN) / 1024);
    }
    rows.push(row);
  }
  const lines = [
    `log: ${log}`,
    `runs per row: ${runs}; median (min–max); node ${process.version}; ${cpus().length} cores; load average before ${loadBefore}, after ${loadavg().map((x) => x.toFixed(1)).join(" ")}`,
    "",
    "| what | traces | events | wall s | CPU s (user+sys) | parse s | induce s | peak RSS MB |",
    "|---|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.what} | ${r.traces ?? "—"} | ${r.events ?? "—"} | ${fmt(r.seconds)} | ${fmt(r.cpu)} | ${fmt(r.parse)} | ${fmt(r.induce)} | ${fmt(r.rssMb, 0)} |`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
