// Question: how long does `npx stepgraph --help` take after `npm ci` (issue 15's bar: ≤ 0.5 s),
// and how much of it is npx itself?
// Rows, each a fresh process, RUNS times (median, min, max of the wall time from spawn to exit),
// all from the project root with dist/ built:
//   npx stepgraph --help        what a user types (npm's exec, then bin/stepgraph.js → dist/)
//   node bin/stepgraph.js --help  the CLI alone (freshness check of dist/ + the compiled main)
//   npx <trivial bin>           npm's own cost: a package whose bin prints one line (in a temp dir)
//   tsx cli/main.ts --help      the sources through tsx, as the CLI ran before (for comparison)
// CPU s is the child's user + system time (from /usr/bin/time), which depends much less on the
// other jobs of the shared machine than the wall time does. The load average (os.loadavg) is
// printed before and after: on the shared 2-core machine the wall times grow with it.
// Run: npx tsx bench/cli-startup.ts [--runs N]
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const runsAt = process.argv.indexOf("--runs");
const RUNS = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 10;

const probe = mkdtempSync(path.join(tmpdir(), "npx-probe-"));
mkdirSync(path.join(probe, "bin"));
writeFileSync(path.join(probe, "package.json"), JSON.stringify({ name: "npx-probe", version: "1.0.0", type: "module", bin: { "npx-probe": "bin/p.js" } }));
writeFileSync(path.join(probe, "bin/p.js"), '#!/usr/bin/env node\nprocess.stdout.write("hi\\n");\n');
chmodSync(path.join(probe, "bin/p.js"), 0o755);

const build = spawnSync(process.execPath, ["bin/build.js", "--if-possible"], { cwd: root, stdio: "inherit" });
if (build.status !== 0) throw new Error("dist/ could not be built");

const rows: [string, string, string[], string][] = [
  ["npx stepgraph --help", "npx", ["stepgraph", "--help"], root],
  ["node bin/stepgraph.js --help", process.execPath, ["bin/stepgraph.js", "--help"], root],
  ["npx npx-probe (npm's own cost)", "npx", ["npx-probe"], probe],
  ["node --import tsx cli/main.ts --help", process.execPath, ["--import", "tsx", "cli/main.ts", "--help"], root],
];

const load = (): string => loadavg().map((x) => x.toFixed(2)).join(" / ");
process.stdout.write(`load average before: ${load()} (1 / 5 / 15 min); ${RUNS} runs per row\n\n`);
process.stdout.write("| command | median wall s | min s | max s | median CPU s |\n|---|---:|---:|---:|---:|\n");
const timeFile = path.join(probe, "time.txt");
for (const [name, cmd, args, cwd] of rows) {
  spawnSync(cmd, args, { cwd, stdio: "ignore" }); // warm the file cache
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync("/usr/bin/time", ["-f", "%U %S", "-o", timeFile, cmd, ...args], { cwd, stdio: ["ignore", "ignore", "pipe"] });
    times.push((performance.now() - t0) / 1000);
    if (r.status !== 0) throw new Error(`${name} exited with ${r.status}: ${r.stderr.toString()}`);
    const [user, sys] = readFileSync(timeFile, "utf8").trim().split(/\s+/).slice(-2).map(Number);
    cpu.push(user! + sys!);
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  times.sort((a, b) => a - b);
  process.stdout.write(`| ${name} | ${median(times).toFixed(3)} | ${times[0]!.toFixed(3)} | ${times.at(-1)!.toFixed(3)} | ${median(cpu).toFixed(2)} |\n`);
}
process.stdout.write(`\nload average after: ${load()}\n`);
