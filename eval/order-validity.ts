// Question (issue 13, item 7): on the synthetic logs whose generating model is known, how often
// does stepgraph's order check agree with the true model, and how does pm4py's Inductive Miner
// infrequent do on the same split?
// Protocol: per model × noise level, the traces (file order) are split 80/20 by a seeded shuffle
// (the pm4py oracle, eval/pm4py/order_validity_oracle.py); stepgraph induces a graph script from
// the 80 % with its DEFAULT options as a log-only procedure (no written steps) and checks each
// held-out trace as a complete run (checkOrder, complete: true); the true verdict is an optimal
// alignment on the generating Petri net (fits = no log move, no visible model move); IMf (noise
// threshold 0.2) discovers from the same 80 % and is judged the same way. stepgraph reads the log
// with its own XES reader; the run stops if its traces differ from pm4py's.
// Prints a table (agreement, valid accepted, invalid rejected, for both) with the load average and
// wall time, then the top false-rejection patterns per log with the training evidence and where
// the pair sits in the true process tree. --json prints one JSON document instead.
// Data: ../shared/datasets/event-logs/synthetic-with-ground-truth (evaluation only, never copied;
// skipped visibly when absent). pm4py runs in eval/.venv, created on first use; its answers are
// cached in eval/out/.
// Run: npx tsx eval/order-validity.ts [--seed 1] [--json] [--models a12,a22] [--noise 0,5,10,20] [--top 3]
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { MODELS, NOISE_LEVELS, SYNTHETIC_DIR, evaluateSyntheticLog, syntheticLog, type OrderValidityRow } from "./order-validity-run.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const USAGE = "usage: npx tsx eval/order-validity.ts [--seed N] [--json] [--models a12,a22,a32,a42] [--noise 0,5,10,20] [--top N]";

class UsageError extends Error {}

interface Options {
  seed: number;
  json: boolean;
  models: string[];
  noise: number[];
  top: number;
}

function parseOptions(argv: string[]): Options {
  let v;
  try {
    v = parseArgs({
      args: argv,
      options: {
        seed: { type: "string", default: "1" },
        json: { type: "boolean", default: false },
        models: { type: "string", default: MODELS.join(",") },
        noise: { type: "string", default: "0,5,10,20" },
        top: { type: "string", default: "3" },
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
  const int = (name: string, text: string, max: number): number => {
    if (!/^\d{1,9}$/.test(text) || Number(text) > max) throw new UsageError(`--${name} ${JSON.stringify(text)}: must be an integer from 0 to ${max}`);
    return Number(text);
  };
  const list = (name: string, text: string): string[] => {
    const items = text.split(",").map((s) => s.trim());
    if (items.some((s) => s === "")) throw new UsageError(`--${name} ${JSON.stringify(text)}: an empty item`);
    return [...new Set(items)];
  };
  const models = list("models", v.models);
  for (const m of models) if (!(MODELS as readonly string[]).includes(m)) throw new UsageError(`--models: ${JSON.stringify(m)} is not one of ${MODELS.join(", ")}`);
  const noise = list("noise", v.noise).map((s) => {
    const n = int("noise", s, 100);
    if (!(NOISE_LEVELS as readonly number[]).includes(n)) throw new UsageError(`--noise: ${n} is not one of ${NOISE_LEVELS.join(", ")}`);
    return n;
  });
  return { seed: int("seed", v.seed, 2 ** 31 - 1), json: v.json, models, noise, top: int("top", v.top, 1000) };
}

function commit(): string {
  const r = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) return "unknown";
  const dirty = spawnSync("git", ["status", "--porcelain", "--", "src"], { cwd: root, encoding: "utf8" });
  return `${r.stdout.trim()}${dirty.stdout.trim() === "" ? "" : " (src/ modified)"}`;
}

const f3 = (x: number | null): string => (x === null ? "–" : x.toFixed(3));
const load = (l: number[]): string => l.map((x) => x.toFixed(2)).join(" / ");

function table(rows: readonly OrderValidityRow[]): string {
  const lines = [
    "| log | noise | train | held out (valid / invalid) | agreement stepgraph | agreement IMf | valid accepted stepgraph | valid accepted IMf | invalid rejected stepgraph | invalid rejected IMf |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const x = r.result;
    lines.push(
      `| ${r.model} | ${r.noise} % | ${x.trainRuns} | ${x.heldOut} (${x.valid} / ${x.invalid}) | ${f3(x.stepgraph.agreement)} | ${f3(x.imf.agreement)} | ${f3(x.stepgraph.validAccepted)} | ${f3(x.imf.validAccepted)} | ${f3(x.stepgraph.invalidRejected)} | ${f3(x.imf.invalidRejected)} |`,
    );
  }
  return lines.join("\n");
}

/** Induced edges grouped by the pair's place in the true tree, with confidence and reversal ranges. */
function edgeSummary(r: OrderValidityRow): string {
  const groups = new Map<string, { n: number; conf: number[]; rev: number[] }>();
  for (const e of r.edges) {
    const p = e.placement;
    const key = !p
      ? "not in the tree"
      : p.operator === "sequence"
        ? `${p.branchOfFirst < p.branchOfSecond ? "sequence (true order)" : "sequence (reversed!)"}${p.insideLoop ? " in a loop" : ""}`
        : `${p.operator.toUpperCase()}${p.insideLoop ? " in a loop" : ""}`;
    const g = groups.get(key) ?? { n: 0, conf: [], rev: [] };
    g.n++;
    g.conf.push(e.confidence);
    g.rev.push(e.reversed);
    groups.set(key, g);
  }
  const range = (xs: number[], d: number): string => {
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    return lo === hi ? lo.toFixed(d) : `${lo.toFixed(d)}–${hi.toFixed(d)}`;
  };
  return [...groups]
    .sort((a, b) => b[1].n - a[1].n)
    .map(([k, g]) => `${k} ${g.n} (confidence ${range(g.conf, 3)}, reversed in ${range(g.rev, 0)} training runs)`)
    .join("; ");
}

function diagnosis(rows: readonly OrderValidityRow[], top: number): string {
  const out: string[] = [];
  for (const r of rows) {
    const d = r.result.diagnosis;
    const head = `${r.model} n${String(r.noise).padStart(2, "0")}: ${d.falseRejections} of ${r.result.valid} valid runs rejected`;
    const kinds = d.byKind.map((k) => `${k.code} in ${k.runs}`).join(", ");
    out.push(`${head}${kinds ? ` (${kinds})` : ""}; ${d.falseAcceptances.length} of ${r.result.invalid} invalid runs accepted`);
    out.push(`  induced edges by where the pair sits in the true tree: ${edgeSummary(r)}`);
    if (r.pairs.length > 0) {
      const rev = r.pairs.map((p) => p.evidence.stepFirst);
      const never = r.pairs.filter((p) => p.evidence.stepFirst === 0);
      const neverRuns = r.result.runs.filter((x) => x.trueValid && !x.stepgraphValid && x.violations.some((v) => v.code === "precedence" && never.some((p) => p.step === v.step && p.requires === v.requires))).length;
      out.push(
        `  the ${r.pairs.length} violated pairs (step before requires) had that order in ${Math.min(...rev)}–${Math.max(...rev)} training runs; ${never.length} pairs never (in ${neverRuns} of the rejected runs)`,
      );
    }
    for (const p of r.pairs.slice(0, top)) {
      const e = p.evidence;
      const edge = p.edge ? `edge ${p.requires}→${p.step} support ${p.edge.support} confidence ${p.edge.confidence.toFixed(3)}` : `via a chain of edges`;
      out.push(
        `  ${p.step} before ${p.requires}: ${p.runs} runs; ${edge}; training runs with both ${e.both}: ${p.requires} first ${e.requiresFirst}, ${p.step} first ${e.stepFirst}; directly ${p.requires}→${p.step} ${e.requiresThenStep}, ${p.step}→${p.requires} ${e.stepThenRequires}; true tree: ${p.placement?.text ?? "?"}`,
      );
    }
    if (r.acceptedInvalid.length > 0) {
      const kinds = new Map<string, number>();
      for (const a of r.acceptedInvalid) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
      const moves = new Map<string, number>();
      for (const a of r.acceptedInvalid) {
        const named = new Set(a.deviations.map(([m, act]) => `${m === "model" ? "lacks" : "extra or misplaced"} ${act}`));
        for (const m of named) moves.set(m, (moves.get(m) ?? 0) + 1);
      }
      const topMoves = [...moves].sort((x, y) => y[1] - x[1]).slice(0, top);
      out.push(`  accepted invalid runs by the true alignment's deviations: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(", ")}; most common: ${topMoves.map(([m, n]) => `${m} (${n})`).join(", ")}`);
    }
    for (const s of d.byStep.slice(0, top)) {
      const freq = s.frequency === undefined ? "" : `; in ${(100 * s.frequency).toFixed(1)} % of training runs${s.repeatable ? ", repeatable" : ""}`;
      out.push(`  ${s.code} ${s.step}: ${s.runs} runs${freq}`);
    }
  }
  return out.join("\n");
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const progress = (m: string): void => void process.stderr.write(`${m}\n`);
  const loadStart = loadavg();
  const t0 = performance.now();
  const rows: OrderValidityRow[] = [];
  const skipped: string[] = [];
  for (const model of o.models) {
    for (const noise of o.noise) {
      const s = syntheticLog(model, noise);
      if (!s) {
        skipped.push(`${model} n${noise}`);
        continue;
      }
      rows.push(await evaluateSyntheticLog(s, o.seed, progress));
    }
  }
  if (skipped.length > 0) progress(`skipped (absent under ${SYNTHETIC_DIR}): ${skipped.join(", ")}`);
  const wallSeconds = (performance.now() - t0) / 1000;
  const loadEnd = loadavg();
  const pm4py = [...new Set(rows.map((r) => r.oracle.pm4pyVersion))].join(", ") || "–";
  if (o.json) {
    process.stdout.write(
      `${JSON.stringify({ seed: o.seed, commit: commit(), date: new Date().toISOString(), pm4pyVersion: pm4py, loadavg: { start: loadStart, end: loadEnd }, wallSeconds, skipped, rows }, null, 1)}\n`,
    );
    return;
  }
  if (rows.length === 0) {
    process.stdout.write(`order validity: nothing to evaluate (no synthetic log under ${SYNTHETIC_DIR})\n`);
    return;
  }
  const oracleSeconds = rows.filter((r) => !r.oracle.cached).reduce((a, r) => a + r.oracle.seconds, 0);
  process.stdout.write(
    [
      `Order validity against the true model: seed ${o.seed}, 80 % train / 20 % held out (complete runs), stepgraph defaults (log-only) at ${commit()}, IMf noise 0.2, pm4py ${pm4py}`,
      "",
      table(rows),
      "",
      `load average (1/5/15 min) at start ${load(loadStart)}, at end ${load(loadEnd)}; wall time ${wallSeconds.toFixed(1)} s (pm4py oracle ${oracleSeconds.toFixed(1)} s; ${rows.filter((r) => r.oracle.cached).length} of ${rows.length} logs from the eval/out cache)`,
      `cross-checks, held-out traces that disagree with the verdict (true net: token replay; IMf: token replay, alignment on its Petri net / timed out): ${rows
        .map((r) => {
          const c = r.oracle.crossChecks;
          return `${r.model} n${r.noise} ${c.trueTokenReplay}; ${c.imfTokenReplay}, ${c.imfNetAlignment} / ${c.imfNetAlignmentTimeouts}`;
        })
        .join(" · ")}`,
      "",
      "False rejections (valid runs stepgraph rejects), top patterns per log:",
      diagnosis(rows, o.top),
      "",
    ].join("\n"),
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof UsageError ? `${e.message}\n${USAGE}` : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
