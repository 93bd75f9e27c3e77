// Question (issue 17): from an XES log to a graph, how much faster than pm4py is `stepgraph
// induce`, measured side by side in one run; how close is it to the bare XML parse of the same
// file; and does its memory stay flat on a log 8× larger?
// Bars: induce on synth_100000.xes.gz ≥ 10× faster than pm4py read_xes + Inductive Miner, peak
// RSS ≤ 600 MB, wall ≤ 1.5× the bare parse; the 10 M-event log within 20 % of that peak RSS.
//
// Rows, each a fresh child process under /usr/bin/time -v (wall from spawn to exit, CPU = user +
// system, peak RSS = "Maximum resident set size"):
// - pm4py: bench/pm4py-induce.py in a venv this bench creates (bench/.venv, git-ignored;
//   `pip install pm4py==VERSION requests`): pm4py.read_xes + discover_process_tree_inductive.
//   pm4py is AGPL: an outside peer run as a separate program, never imported by stepgraph.
//   Besides the process wall, the script times read_xes and the miner inside the process
//   (Python start and `import pm4py` excluded); the speed ratio uses that smaller figure.
// - stepgraph: `node dist/cli/main.js induce --traces LOG --out bench/out/… --json`: the compiled
//   CLI (the bench runs `npm run build` first), so tsx start-up is not counted; log-only.
// - bare parse: `node -e` with saxes (the parser ingest/xes uses, same read sizes) on the gunzipped
//   stream, counting <event> opening tags, nothing else.
// - the 10 M-event log: generated once into bench/out (git-ignored) by repeating the file's traces
//   with new case ids ("r1-c0", …) until 10,000,000 events, then induced like the row above.
// The machine is shared: the 1-minute load average is printed beside every row (min–max over its
// runs); on 2 cores the worker thread of `induce` pays off only while the other core is free.
// Run: npx tsx bench/pm4py-vs-stepgraph.ts [LOG] [--runs N] [--pm4py-runs M] [--pm4py-version V]
//      [--no-pm4py] [--no-10m]
import { execFileSync, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createGunzip, createGzip } from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "bench/out");
const venv = path.join(root, "bench/.venv");
const python = path.join(venv, "bin/python");
const TEN_MILLION = 10_000_000;

interface Measured {
  wall: number;
  cpu: number;
  rssMb: number;
  load: number;
  stdout: string;
}

/** Runs a command under /usr/bin/time -v; throws with its stderr when it fails. */
function timed(cmd: string, args: string[]): Measured {
  const load = loadavg()[0] as number;
  const t0 = performance.now();
  const r = spawnSync("/usr/bin/time", ["-v", cmd, ...args], { cwd: root, encoding: "utf8", maxBuffer: 1 << 28 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr.slice(-3000)}`);
  const num = (re: RegExp): number => Number(re.exec(r.stderr)?.[1] ?? NaN);
  return {
    wall,
    cpu: num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/),
    rssMb: num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024,
    load,
    stdout: r.stdout,
  };
}

function ensureVenv(version: string): void {
  if (existsSync(python) && spawnSync(python, ["-c", `import pm4py, sys; sys.exit(0 if pm4py.__version__ == ${JSON.stringify(version)} else 1)`]).status === 0) return;
  process.stderr.write(`creating ${path.relative(root, venv)} with pm4py ${version} (PyPI; a few minutes)\n`);
  if (!existsSync(python)) execFileSync("python3", ["-m", "venv", venv], { stdio: "inherit" });
  // NOTE: pm4py 2.7.14 imports `requests` without declaring it.
  execFileSync(python, ["-m", "pip", "install", "--quiet", `pm4py==${version}`, "requests"], { stdio: "inherit" });
}

/** The bare parse: gunzip + saxes, counting <event>; a plain node process, no project code. */
function bareParseArgs(log: string): string[] {
  const saxes = pathToFileURL(createRequire(path.join(root, "package.json")).resolve("saxes")).href;
  const code = `
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { SaxesParser } from ${JSON.stringify(saxes)};
const file = ${JSON.stringify(log)};
const p = new SaxesParser({ xmlns: false, position: true });
let n = 0;
p.on("opentag", (t) => { if (t.name === "event") n++; });
const raw = createReadStream(file, { highWaterMark: 1 << 20 });
const s = file.endsWith(".gz") ? raw.pipe(createGunzip({ chunkSize: 1 << 18 })) : raw;
s.setEncoding("utf8");
for await (const c of s) p.write(c);
p.close();
process.stdout.write(String(n));`;
  return ["--input-type=module", "-e", code];
}

/**
 * Writes a log of at least `events` events by repeating the traces of `src` (pass k > 0 renames
 * each trace "rk-<id>"), stopping at the first trace boundary past `events`. Reads the source
 * line by line: the synthetic logs have one element per line, as pm4py writes them.
 */
async function makeBigLog(src: string, dest: string, events: number): Promise<{ traces: number; events: number }> {
  const tmp = `${dest}.${process.pid}.tmp`;
  const gzip = createGzip({ level: 1 });
  const file = createWriteStream(tmp);
  gzip.pipe(file);
  const write = async (s: string): Promise<void> => {
    if (!gzip.write(s)) await once(gzip, "drain");
  };
  let traces = 0;
  let written = 0;
  for (let pass = 0; written < events; pass++) {
    const lines = createInterface({ input: createReadStream(src).pipe(createGunzip()), crlfDelay: Infinity });
    let trace: string[] | undefined;
    let inEvent = false;
    let before = true; // before the first <trace>: the header, written once
    for await (const line of lines) {
      const t = line.trim();
      if (trace === undefined) {
        if (t === "<trace>") {
          trace = [line];
          before = false;
        } else if (before && pass === 0) await write(`${line}\n`);
        continue;
      }
      if (t === "<event>") {
        inEvent = true;
        written++;
      } else if (t === "</event>") inEvent = false;
      else if (!inEvent && pass > 0 && t.startsWith('<string key="concept:name" value="')) {
        trace.push(line.replace('value="', `value="r${pass}-`));
        continue;
      }
      trace.push(line);
      if (t === "</trace>") {
        await write(`${trace.join("\n")}\n`);
        traces++;
        trace = undefined;
        if (written >= events) break;
      }
    }
    lines.close();
    if (pass > 100) throw new Error(`${src} holds too few events to repeat`);
  }
  await write("</log>\n");
  gzip.end();
  await once(file, "close");
  renameSync(tmp, dest);
  return { traces, events: written };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const fmt = (xs: number[], d = 2): string => (xs.length === 0 ? "—" : xs.length === 1 ? (xs[0] as number).toFixed(d) : `${median(xs).toFixed(d)} (${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)})`);
const range = (xs: number[]): string => (xs.length === 0 ? "—" : `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`);

interface Row {
  what: string;
  runs: Measured[];
  note?: string;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, fallback: string): string => {
    const i = args.indexOf(name);
    return i >= 0 ? (args[i + 1] as string) : fallback;
  };
  const valued = new Set(["--runs", "--pm4py-runs", "--pm4py-version"]);
  const log = args.find((a, i) => !a.startsWith("--") && !valued.has(args[i - 1] ?? "")) ?? path.resolve(root, "../shared/datasets/synthetic-sop/synth_100000.xes.gz");
  const runs = Number(opt("--runs", "3"));
  const pm4pyRuns = args.includes("--no-pm4py") ? 0 : Number(opt("--pm4py-runs", "1"));
  const pm4pyVersion = opt("--pm4py-version", "2.7.14");
  if (!existsSync(log)) {
    process.stderr.write(`skipped: ${log} is absent\n`);
    return;
  }
  mkdirSync(out, { recursive: true });
  process.stderr.write("npm run build (the compiled CLI)\n");
  execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
  if (pm4pyRuns > 0) ensureVenv(pm4pyVersion);
  const big = path.join(out, "synth_10M.xes.gz");
  if (!args.includes("--no-10m") && !existsSync(big)) {
    process.stderr.write(`generating ${path.relative(root, big)} (once)\n`);
    const made = await makeBigLog(log, big, TEN_MILLION);
    process.stderr.write(`  ${made.traces} traces, ${made.events} events\n`);
  }

  if (runs === 0 && pm4pyRuns === 0) return; // --runs 0 --no-pm4py: only build and generate
  const cli = path.join(root, "dist/cli/main.js");
  const induceArgs = (file: string, name: string): string[] => [cli, "induce", "--traces", file, "--out", path.join(out, `induce-${name}.json`), "--json"];
  const pm4py: Row = { what: `pm4py ${pm4pyVersion}: read_xes + discover_process_tree_inductive (python process)`, runs: [] };
  const stepgraph: Row = { what: "stepgraph induce --traces LOG (node dist/cli/main.js)", runs: [] };
  const bare: Row = { what: "bare parse: gunzip + saxes, counting <event> (node -e)", runs: [] };
  const tenM: Row = { what: "stepgraph induce, 10 M-event log (bench/out/synth_10M.xes.gz)", runs: [] };
  const inside: { import_s: number; read_xes_s: number; inductive_s: number; traces: number; events: number }[] = [];
  const loadBefore = loadavg().map((x) => x.toFixed(2)).join(" ");

  let summary: { traces: number; events: number; edges: number } | undefined;
  let bigSummary: { traces: number; events: number; edges: number } | undefined;
  let bareEvents = 0;
  for (let i = 0; i < Math.max(runs, pm4pyRuns); i++) {
    if (i < runs) {
      const b = timed(process.execPath, bareParseArgs(log));
      bareEvents = Number(b.stdout);
      bare.runs.push(b);
      const s = timed(process.execPath, induceArgs(log, "log"));
      summary = JSON.parse(s.stdout) as typeof summary;
      stepgraph.runs.push(s);
    }
    if (i < pm4pyRuns) {
      const p = timed(python, [path.join(root, "bench/pm4py-induce.py"), log]);
      inside.push(JSON.parse(p.stdout.trim().split("\n").at(-1) as string) as (typeof inside)[number]);
      pm4py.runs.push(p);
    }
    if (i < runs && existsSync(big)) {
      const s = timed(process.execPath, induceArgs(big, "10m"));
      bigSummary = JSON.parse(s.stdout) as typeof bigSummary;
      tenM.runs.push(s);
    }
  }
  const med = (r: Row, k: "wall" | "cpu" | "rssMb"): number => median(r.runs.map((m) => m[k]));
  const rows = [pm4py, stepgraph, bare, tenM].filter((r) => r.runs.length > 0);
  const pmInside = inside.map((x) => x.read_xes_s + x.inductive_s);
  const lines = [
    `log: ${log}; node ${process.version}; ${cpus().length} cores; load average at start ${loadBefore}, at the end ${loadavg().map((x) => x.toFixed(2)).join(" ")}`,
    `stepgraph: ${summary?.traces} traces, ${summary?.events} events, ${summary?.edges} edges; bare parse: ${bareEvents} events` +
      (inside[0] ? `; pm4py: ${inside[0].traces} traces, ${inside[0].events} events` : "") +
      (bigSummary ? `; 10 M log: ${bigSummary.traces} traces, ${bigSummary.events} events, ${bigSummary.edges} edges` : ""),
    "",
    "| what | runs | wall s | CPU s (user+sys) | peak RSS MB | load (1 min) |",
    "|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.what} | ${r.runs.length} | ${fmt(r.runs.map((m) => m.wall))} | ${fmt(r.runs.map((m) => m.cpu))} | ${fmt(r.runs.map((m) => m.rssMb), 0)} | ${range(r.runs.map((m) => m.load))} |`),
    ...(inside.length > 0
      ? [
          `| pm4py inside the process: read_xes / inductive miner / import pm4py | ${inside.length} | ${fmt(inside.map((x) => x.read_xes_s))} / ${fmt(inside.map((x) => x.inductive_s))} / ${fmt(inside.map((x) => x.import_s))} | | | |`,
        ]
      : []),
    "",
  ];
  if (pm4py.runs.length > 0 && stepgraph.runs.length > 0) {
    lines.push(
      `speed-up over pm4py: ${(median(pmInside) / med(stepgraph, "wall")).toFixed(1)}× (pm4py read_xes + miner inside its process, ${median(pmInside).toFixed(1)} s, / stepgraph induce whole process wall); ` +
        `${(med(pm4py, "wall") / med(stepgraph, "wall")).toFixed(1)}× process to process; CPU ${(med(pm4py, "cpu") / med(stepgraph, "cpu")).toFixed(1)}×. Bar: ≥ 10×.`,
    );
  }
  if (stepgraph.runs.length > 0) {
    lines.push(
      `stepgraph induce / bare parse: wall ${(med(stepgraph, "wall") / med(bare, "wall")).toFixed(2)}×, CPU ${(med(stepgraph, "cpu") / med(bare, "cpu")).toFixed(2)}×. Bar: wall ≤ 1.5×.`,
      `stepgraph induce peak RSS ${med(stepgraph, "rssMb").toFixed(0)} MB. Bar: ≤ 600 MB.`,
    );
  }
  if (tenM.runs.length > 0) {
    lines.push(`10 M-event log: peak RSS ${med(tenM, "rssMb").toFixed(0)} MB = ${(med(tenM, "rssMb") / med(stepgraph, "rssMb")).toFixed(2)}× the ${summary?.events}-event run. Bar: ≤ 1.2×.`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
