// Question (issue 13, item 4, "design for 10–20 training runs"): how does the order check do
// against the true model when it is induced from only a few runs?
// Protocol: the split of eval/order-validity.ts (seed 1: pm4py's 80 % train / 20 % held out, the
// true verdicts cached in eval/out/ by that eval); per model × noise level, 10 samples (a seeded
// shuffle, seeds 1–10) of --runs (16) of the training traces; stepgraph induces from each sample
// with its DEFAULT options (log only) and checks every held-out trace as a complete run. Printed,
// pooled over the samples: agreement of `check`'s `valid` with the true verdict; the same when a
// run whose violations are all precedence ones is accepted where the check's order-error verdict
// says "not clearly an order error" (`orderError.likely` false, docs/engine.md "The order-error
// verdict"); the share of valid runs accepted and of invalid runs rejected by `valid`; and two
// simple baselines from the same samples: the always-before graph of the sample (checked the same
// way) and accepting every run. IMf is not run here (pm4py would have to discover from every sample).
// Data: ../shared/datasets/event-logs/synthetic-with-ground-truth (evaluation only); a log whose
// pm4py answers are not cached is SKIPPED (run `npm run eval:order-validity` once to fill them).
// Run: npx tsx eval/order-validity-few-runs.ts [--runs 16]
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { logOnlyProcedure } from "../ingest/files/log-only-procedure.js";
import { checkOrder } from "../src/conformance/check-order.js";
import type { CheckResult } from "../src/model/index.js";
import { induce } from "../src/discovery/induce.js";
import { alwaysBeforeEdges } from "../src/evaluation/always-before.js";
import { scriptWithEdges } from "../src/evaluation/script-with-edges.js";
import { seededSample } from "../src/evaluation/seeded-sample.js";
import { MODELS, readLogTraces, syntheticLog } from "./order-validity-run.js";
import { oracleCacheFile, runOracle } from "./pm4py/run-oracle.js";
import { pinnedPm4pyVersion } from "./pm4py/venv.js";

const SAMPLES = 10;
const NOISE = [0, 10, 20] as const;

/** Accepted by the check, or every violation a precedence one that the order-error verdict does not call an error. */
const acceptedWithVerdict = (c: CheckResult): boolean => c.valid || (c.orderError !== undefined && !c.orderError.likely && c.violations.every((v) => v.code === "precedence"));

function parse(): number {
  try {
    const { values } = parseArgs({ options: { runs: { type: "string", default: "16" } }, strict: true });
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be an integer ≥ 1, got ${values.runs}`);
    return runs;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\nusage: npx tsx eval/order-validity-few-runs.ts [--runs N]\n`);
    process.exit(2);
  }
}

const runs = parse();
const procedure = logOnlyProcedure("log", { id: "log" });
const started = performance.now();
const loadStart = loadavg();
const pct = (x: number, n: number): string => (n === 0 ? "–" : (x / n).toFixed(3));
console.log(`Order validity with ${runs} training runs (${SAMPLES} samples each, seeds 1–${SAMPLES}; held-out runs of the seed-1 split), engine defaults`);
console.log("");
console.log("| log | held out × samples | engine `valid` | engine with the verdict | always-before graph | accept every run | valid accepted | invalid rejected |");
console.log("|---|---|---|---|---|---|---|---|");
for (const model of MODELS)
  for (const noise of NOISE) {
    const name = `${model}, noise ${noise} %`;
    const s = syntheticLog(model, noise);
    if (!s) {
      console.log(`| ${name} | SKIPPED: the log is absent | | | | | | |`);
      continue;
    }
    if (!existsSync(oracleCacheFile({ log: s.log, model: s.pnml, tree: s.ptml, seed: 1 }, pinnedPm4pyVersion()))) {
      console.log(`| ${name} | SKIPPED: pm4py's answers are not cached (npm run eval:order-validity) | | | | | | |`);
      continue;
    }
    const { output } = await runOracle({ log: s.log, model: s.pnml, tree: s.ptml, seed: 1 });
    const traces = await readLogTraces(s.log);
    const n = { total: 0, engine: 0, verdict: 0, alwaysBefore: 0, all: 0, valid: 0, validAccepted: 0, invalid: 0, invalidRejected: 0 };
    for (let seed = 1; seed <= SAMPLES; seed++) {
      const train = seededSample(output.train, runs, seed).map((i) => traces[i]!.steps);
      const script = induce(procedure, train);
      const plain = scriptWithEdges(script, alwaysBeforeEdges(script.steps.map((x) => x.id), train));
      for (const t of output.test) {
        const steps = traces[t.index]!.steps;
        const check = checkOrder(script, steps, { complete: true });
        n.total++;
        n.engine += Number(check.valid === t.trueValid);
        n.verdict += Number(acceptedWithVerdict(check) === t.trueValid);
        n.alwaysBefore += Number(checkOrder(plain, steps, { complete: true }).valid === t.trueValid);
        n.all += Number(t.trueValid);
        if (t.trueValid) (n.valid++, (n.validAccepted += Number(check.valid)));
        else (n.invalid++, (n.invalidRejected += Number(!check.valid)));
      }
    }
    console.log(
      `| ${name} | ${output.test.length} × ${SAMPLES} | ${pct(n.engine, n.total)} | ${pct(n.verdict, n.total)} | ${pct(n.alwaysBefore, n.total)} | ${pct(n.all, n.total)} | ${pct(n.validAccepted, n.valid)} | ${pct(n.invalidRejected, n.invalid)} |`,
    );
  }
const loadEnd = loadavg();
console.log("");
console.log(`wall time ${((performance.now() - started) / 1000).toFixed(1)} s; load average (1/5/15 min) at start ${loadStart.map((x) => x.toFixed(2)).join(" / ")}, at end ${loadEnd.map((x) => x.toFixed(2)).join(" / ")}`);
