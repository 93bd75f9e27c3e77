// The jobs of `npm run eval:all`: each reads one dataset (datasets.ts), runs one task with the
// engine's DEFAULT options (no induce or ranking options are passed anywhere) and the task's
// simple baselines in the same run, and returns its rows (rows.ts). Protocols: docs/results.md,
// "All datasets, one command".
// CaptainCook4D rows come three times: all 24 recipes, half A (recipe key a–m) and half B (n–z),
// so that a default chosen on one half can be reported on the other.
import { existsSync } from "node:fs";
import path from "node:path";
import { logOnlyProcedure } from "../../ingest/files/log-only-procedure.js";
import { alwaysBeforeEdges } from "../../src/evaluation/always-before.js";
import { evaluateAlwaysBefore, evaluateInduction } from "../../src/evaluation/induction-eval.js";
import { evaluateMistakes } from "../../src/evaluation/mistake-eval.js";
import { MEASURES, emptyPaired, evaluateNextStep, type NextStepEvalResult, type PairedByMeasure, type PredictionScores } from "../../src/evaluation/next-step-eval.js";
import { seededSample } from "../../src/evaluation/seeded-sample.js";
import { classScores } from "../../src/evaluation/binary-scores.js";
import { evaluateOrderErrors, recordingLabels, type LabelledRecording } from "../../src/evaluation/order-error-eval.js";
import type { GroundedTrace, Procedure } from "../../src/model/index.js";
import { MODELS, evaluateSyntheticLog, readLogTraces, syntheticLog } from "../order-validity-run.js";
import { OUT_DIR, oracleCacheFile } from "../pm4py/run-oracle.js";
import { pinnedPm4pyVersion } from "../pm4py/venv.js";
import { CC4D_DIR, CROSSTASK_DIR, REAL_LOGS_DIR, SYNTHETIC_DIR, captainCook4d, crossTaskPaths, eventLog } from "./datasets.js";
import type { BaselineFigure, Bar, PairedUnits, Row } from "./rows.js";

export type JobRow = Omit<Row, "job" | "seconds" | "load">;

export interface JobOptions {
  /** Run the pm4py oracle when its answer is not cached (else the row is SKIPPED). */
  oracle: boolean;
}

export interface Job {
  id: string;
  /** Rough cost, to start the longest jobs first. */
  cost: number;
  run(progress: (message: string) => void, options: JobOptions): Promise<JobRow[]>;
}

/** Units where the first score is higher, and where the second is (a paired sign test's counts). */
function pairedCounts(scores: readonly (readonly [number, number])[]): { engineBetter: number; baselineBetter: number } {
  const eps = 1e-12;
  return { engineBetter: scores.filter(([e, b]) => e > b + eps).length, baselineBetter: scores.filter(([e, b]) => b > e + eps).length };
}

const skippedRow = (dataset: string, task: string, why: string, metric = "–"): JobRow => ({ dataset, task, metric, engine: null, baselines: [], bar: {}, skipped: why });

// ---------------------------------------------------------------- CaptainCook4D

type Half = "all" | "A" | "B";
const HALVES: readonly Half[] = ["all", "A", "B"];
const halfOf = (recipe: string): "A" | "B" => (/^[a-m]/i.test(recipe) ? "A" : "B");
const inHalf = (half: Half, recipe: string): boolean => half === "all" || halfOf(recipe) === half;
const cc4dName = (half: Half): string => (half === "all" ? "CaptainCook4D" : half === "A" ? "CaptainCook4D half A (a–m)" : "CaptainCook4D half B (n–z)");
const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Published: DO, the best method of the DTGL paper (Seminara et al., NeurIPS 2024), macro F1 on all 24 recipes. */
const DO_PUBLISHED: BaselineFigure = { name: "DO", value: 0.878, published: "published, DTGL paper" };

function inductionJob(set: "dtgl" | "all"): Job {
  const task = set === "dtgl" ? "induction, DTGL protocol (194 recordings)" : "induction, all 384 recordings";
  const bar: Bar = { atLeast: set === "dtgl" ? 0.92 : 0.85, overBest: 0 };
  return {
    id: `cc4d/induction-${set}`,
    cost: 5,
    async run() {
      const data = await captainCook4d(set);
      if (!data) return [skippedRow("CaptainCook4D", task, `${CC4D_DIR} absent`)];
      const engine = evaluateInduction(data.procedures, data.traces, data.truth);
      const plain = evaluateAlwaysBefore(data.procedures, data.traces, data.truth);
      const f1 = (r: typeof engine, half: Half): number => mean(r.procedures.filter((p) => inHalf(half, p.procedure)).map((p) => p.f1));
      const plainF1 = new Map(plain.procedures.map((p) => [p.procedure, p.f1]));
      const paired = (half: Half): PairedUnits => {
        const mine = engine.procedures.filter((p) => inHalf(half, p.procedure));
        return { unit: "recipes", ...pairedCounts(mine.map((p) => [p.f1, plainF1.get(p.procedure)!])) };
      };
      return HALVES.map((half) => ({
        dataset: cc4dName(half),
        task,
        metric: "macro F1",
        engine: f1(engine, half),
        baselines: [{ name: "always-before", value: f1(plain, half), paired: paired(half) }, ...(half === "all" && set === "dtgl" ? [DO_PUBLISHED] : [])],
        bar,
        note: `${engine.procedures.filter((p) => inHalf(half, p.procedure)).length} recipes`,
      }));
    },
  };
}

const mistakesJob: Job = {
  id: "cc4d/mistakes",
  cost: 5,
  async run() {
    const task = "online mistakes (117 runs)";
    const data = await captainCook4d("all");
    if (!data?.train || !data.test) return [skippedRow("CaptainCook4D", task, `${CC4D_DIR} absent`)];
    const byId = new Map(data.procedures.map((p) => [p.id, p]));
    const procedureOf = (c: { procedure: string }): Procedure => byId.get(c.procedure)!;
    return HALVES.map((half) => {
      const train = data.train!.filter((t) => inHalf(half, t.procedure));
      const test = data.test!.filter((t) => inHalf(half, t.procedure));
      const graphs = new Map(
        data.procedures.map((p) => [p.id, alwaysBeforeEdges(p.steps.map((s) => s.id), train.filter((t) => t.procedure === p.id).map((t) => t.steps as string[]))]),
      );
      const engine = evaluateMistakes(procedureOf, train, test);
      const plain = evaluateMistakes(procedureOf, train, test, { graphs });
      return {
        dataset: cc4dName(half),
        task,
        metric: "avgF1",
        engine: engine.avgF1,
        baselines: [{ name: "always-before graph", value: plain.avgF1 }],
        bar: { atLeast: 0.92, overBest: 0 },
        note: `${engine.counts.cases} runs, ${engine.counts.steps} steps judged`,
      };
    });
  },
};

const orderErrorsJob: Job = {
  id: "cc4d/order-errors",
  cost: 10,
  async run() {
    const task = "order errors, leave-one-out (384 recordings)";
    const data = await captainCook4d("all");
    if (!data) return [skippedRow("CaptainCook4D", task, `${CC4D_DIR} absent`)];
    const byId = new Map(data.procedures.map((p) => [p.id, p]));
    const tags = new Map(data.recordings.map((r) => [r.id, r]));
    const recordings: LabelledRecording[] = data.traces.map((t) => ({
      id: t.id,
      procedure: byId.get(t.procedure)!,
      steps: t.steps as string[],
      ...recordingLabels(tags.get(t.id)?.errors ?? []),
    }));
    // Leave-one-out stays within a recipe, so one run over all recordings scores each half too.
    const engine = new Set(evaluateOrderErrors(recordings).flaggedIds);
    const plain = new Set(evaluateOrderErrors(recordings, { graphsFrom: (p, train) => alwaysBeforeEdges(p.steps.map((s) => s.id), train) }).flaggedIds);
    const f1 = (flagged: ReadonlySet<string>, mine: readonly LabelledRecording[]): number =>
      classScores({
        tp: mine.filter((r) => r.orderError && flagged.has(r.id)).length,
        fp: mine.filter((r) => !r.orderError && flagged.has(r.id)).length,
        fn: mine.filter((r) => r.orderError && !flagged.has(r.id)).length,
      }).f1;
    return HALVES.map((half) => {
      const mine = recordings.filter((r) => inHalf(half, r.procedure.id));
      return {
        dataset: cc4dName(half),
        task,
        metric: "F1",
        engine: f1(engine, mine),
        baselines: [{ name: "always-before graph", value: f1(plain, mine) }],
        bar: { atLeast: 0.85, overBest: 0 },
        note: `${mine.length} recordings, ${mine.filter((r) => r.orderError).length} tagged Order Error`,
      };
    });
  },
};

// ---------------------------------------------------------------- next step

/** Three rows (Acc@1, Hit@3, completion) from a next-step evaluation; baselines as named. */
function nextStepRows(dataset: string, task: string, r: NextStepEvalResult, baselines: readonly ("written-order" | "bigram" | "trigram")[], bars: [Bar, Bar, Bar]): JobRow[] {
  const metrics = [
    ["Acc@1", "acc1"],
    ["Hit@3", "hit3"],
    ["completion", "completionAcc"],
  ] as const;
  return metrics.map(([metric, key], i) => ({
    dataset,
    task,
    metric,
    engine: r.engine[key],
    baselines: baselines.map((b) => ({ name: b, value: r.baselines[b][key], paired: { unit: "traces", ...r.paired[b][key] } })),
    bar: bars[i]!,
    note: `${r.prefixes} prefixes of ${r.traces} traces`,
  }));
}

function crossTaskJob(seed: number): Job {
  const task = `next step, 5 folds, seed ${seed}`;
  return {
    id: `crosstask/next-step-seed${seed}`,
    cost: 15,
    async run() {
      const data = await crossTaskPaths();
      if (!data) return [skippedRow("CrossTask paths", task, `${CROSSTASK_DIR} absent`)];
      const r = evaluateNextStep(data.procedures, data.traces, { folds: 5, seed });
      return nextStepRows("CrossTask paths", task, r, ["written-order", "bigram", "trigram"], [{ overBest: 0.01 }, { overBest: 0 }, { overBest: 0.02 }]);
    },
  };
}

const LOG_TASK = "next step, 5 folds, seed 1, log only";
const HOLD_OUT_TASK = "next step, fold 1 of 5 (80/20), seed 1, log only";
const AT_LEAST_BEST: [Bar, Bar, Bar] = [{ overBest: 0 }, { overBest: 0 }, { overBest: 0 }];

/**
 * Next step on CaptainCook4D: few runs per recipe (194 curated recordings of 24 recipes, or all
 * 384), each recipe with its written order, so the written-order baseline is a strong one.
 */
function cc4dNextStepJob(set: "dtgl" | "all"): Job {
  const task = `next step, 5 folds, seed 1 (${set === "dtgl" ? "194 DTGL" : "all 384"} recordings)`;
  return {
    id: `cc4d/next-step-${set}`,
    cost: 5,
    async run() {
      const data = await captainCook4d(set);
      if (!data) return [skippedRow("CaptainCook4D", task, `${CC4D_DIR} absent`)];
      const r = evaluateNextStep(data.procedures, data.traces, { folds: 5, seed: 1 });
      return nextStepRows("CaptainCook4D", task, r, ["written-order", "bigram", "trigram"], AT_LEAST_BEST);
    },
  };
}

/**
 * Next step on a log-only procedure (no written steps): the traces are all there is. 5 folds by
 * trace, seed 1; `holdOut`: only the first fold is tested (80 % train / 20 % test).
 */
function logNextStep(dataset: string, traces: readonly GroundedTrace[], holdOut = false): JobRow[] {
  const procedure = logOnlyProcedure("log", { id: "log" });
  const r = evaluateNextStep([procedure], traces, { folds: 5, seed: 1, ...(holdOut ? { testFolds: [0] } : {}) });
  return nextStepRows(dataset, holdOut ? HOLD_OUT_TASK : LOG_TASK, r, ["bigram", "trigram"], AT_LEAST_BEST);
}

interface RealLog {
  name: string;
  file: string;
  classifier?: readonly string[];
  cost: number;
}

const REAL_LOGS: readonly RealLog[] = [
  { name: "Helpdesk", file: "helpdesk.xes.gz", cost: 10 },
  { name: "BPIC 2012", file: "bpic2012.xes.gz", cost: 100 },
  { name: "BPIC 2012 activity+lifecycle", file: "bpic2012.xes.gz", classifier: ["concept:name", "lifecycle:transition"], cost: 100 },
  { name: "BPIC 2013 closed", file: "06_bpic2013_closed.xes.gz", cost: 5 },
  { name: "BPIC 2013 incidents", file: "07_bpic2013_incidents.xes.gz", cost: 20 },
  { name: "receipt", file: "08_receipt.xes.gz", cost: 10 },
];

function realLogJob(log: RealLog): Job {
  return {
    id: `${log.name.toLowerCase().replace(/\W+/g, "-")}/next-step`,
    cost: log.cost,
    async run() {
      const file = path.join(REAL_LOGS_DIR, log.file);
      const traces = await eventLog(file, log.classifier);
      if (!traces) return [skippedRow(log.name, LOG_TASK, `${file} absent`)];
      return logNextStep(log.name, traces);
    },
  };
}

// ---------------------------------------------------------------- synthetic logs with their model

const SYNTHETIC_NOISE = [0, 5, 10, 20] as const;
const synthName = (model: string, noise: number): string => `synthetic ${model}, noise ${noise} %`;

function syntheticNextStepJob(model: string, noise: number): Job {
  return {
    id: `${model}-n${String(noise).padStart(2, "0")}/next-step`,
    cost: model === "a42" ? 50 : model === "a32" ? 12 : 4,
    async run() {
      const s = syntheticLog(model, noise);
      if (!s) return [skippedRow(synthName(model, noise), HOLD_OUT_TASK, `${SYNTHETIC_DIR}/${model} absent`)];
      const traces = (await readLogTraces(s.log)).map((t): GroundedTrace => ({ id: t.id, procedure: "log", steps: t.steps }));
      // NOTE: one fold, not five: a42's runs are long (loops; 42 activities), and five folds of the
      // 16 logs would take most of the 15-minute budget (a42 alone ~4 min per log under load 8).
      return logNextStep(synthName(model, noise), traces, true);
    },
  };
}

function orderValidityJob(model: string, noise: number): Job {
  const task = "order validity vs true model (80/20, seed 1)";
  return {
    id: `${model}-n${String(noise).padStart(2, "0")}/order-validity`,
    cost: 3,
    async run(progress, options) {
      const s = syntheticLog(model, noise);
      if (!s) return [skippedRow(synthName(model, noise), task, `${SYNTHETIC_DIR}/${model} absent`)];
      if (!options.oracle && !existsSync(oracleCacheFile({ log: s.log, model: s.pnml, tree: s.ptml, seed: 1 }, pinnedPm4pyVersion()))) {
        return [skippedRow(synthName(model, noise), task, "pm4py's answers are not cached: run `npm run eval:order-validity` once (tens of minutes) or pass --oracle", "agreement")];
      }
      const row = await evaluateSyntheticLog(s, 1, progress);
      const r = row.result;
      return [
        {
          dataset: synthName(model, noise),
          task,
          metric: "agreement",
          engine: r.stepgraph.agreement,
          baselines:
            r.imf.agreement === null
              ? []
              : [
                  {
                    name: "IMf (pm4py, noise 0.2)",
                    value: r.imf.agreement,
                    paired: { unit: "runs", ...pairedCounts(r.runs.map((v) => [Number(v.stepgraphValid === v.trueValid), Number(v.imfValid === v.trueValid)])) },
                  },
                ],
          bar: noise <= 10 ? { atLeast: 0.95, overBest: 0 } : { overBest: 0 },
          note: `${r.heldOut} held out (${r.valid} valid); pm4py ${row.oracle.cached ? "from cache" : `ran ${row.oracle.seconds.toFixed(0)} s`}`,
        },
      ];
    },
  };
}

// ---------------------------------------------------------------- few runs

/** Runs per sample and samples of the few-runs protocol. */
const FEW_RUNS = 20;
const FEW_SAMPLES = 10;
const FEW_TASK = `next step, few runs (${FEW_SAMPLES} samples of ${FEW_RUNS} runs, 5 folds: 16 training runs)`;

/**
 * Next step with few runs, log only: 10 samples of 20 runs (a seeded shuffle, seeds 1–10), each
 * evaluated with 5 folds by run (seed 1), so every model is trained on 16 runs; the figures are
 * pooled over the samples' prefixes. Issue 13: "design for runs you have not seen: 10–20
 * training runs".
 */
function fewRunsNextStep(dataset: string, traces: readonly GroundedTrace[]): JobRow[] {
  const procedure = logOnlyProcedure("log", { id: "log" });
  const pooled: NextStepEvalResult = { prefixes: 0, traces: 0, engine: { acc1: 0, hit3: 0, completionAcc: 0 }, baselines: {} as NextStepEvalResult["baselines"], paired: {} as NextStepEvalResult["paired"] };
  const addTo = (into: PredictionScores, from: PredictionScores, weight: number): void => {
    into.acc1 += from.acc1 * weight;
    into.hit3 += from.hit3 * weight;
    into.completionAcc += from.completionAcc * weight;
  };
  for (let seed = 1; seed <= FEW_SAMPLES; seed++) {
    const sample = seededSample(traces, FEW_RUNS, seed);
    const r = evaluateNextStep([procedure], sample, { folds: 5, seed: 1 });
    pooled.prefixes += r.prefixes;
    pooled.traces += r.traces;
    for (const [name, byMeasure] of Object.entries(r.paired) as [keyof NextStepEvalResult["paired"], PairedByMeasure][]) {
      const into = (pooled.paired[name] ??= emptyPaired());
      for (const m of MEASURES) {
        into[m].engineBetter += byMeasure[m].engineBetter;
        into[m].baselineBetter += byMeasure[m].baselineBetter;
      }
    }
    addTo(pooled.engine, r.engine, r.prefixes);
    for (const [name, scores] of Object.entries(r.baselines) as [keyof NextStepEvalResult["baselines"], PredictionScores][]) {
      pooled.baselines[name] ??= { acc1: 0, hit3: 0, completionAcc: 0 };
      addTo(pooled.baselines[name], scores, r.prefixes);
    }
  }
  for (const scores of [pooled.engine, ...Object.values(pooled.baselines)]) {
    scores.acc1 /= pooled.prefixes;
    scores.hit3 /= pooled.prefixes;
    scores.completionAcc /= pooled.prefixes;
  }
  return nextStepRows(dataset, FEW_TASK, pooled, ["bigram", "trigram"], AT_LEAST_BEST);
}

/** The real logs, and the synthetic ones at 10 % noise, with few runs. */
function fewRunsJob(id: string, dataset: string, load: () => Promise<GroundedTrace[] | undefined>, absent: string): Job {
  return {
    id: `${id}/few-runs`,
    cost: 3,
    async run() {
      const traces = await load();
      if (!traces) return [skippedRow(dataset, FEW_TASK, `${absent} absent`)];
      return fewRunsNextStep(dataset, traces);
    },
  };
}

const FEW_RUNS_JOBS: readonly Job[] = [
  ...REAL_LOGS.filter((l) => l.classifier === undefined).map((l) => fewRunsJob(l.name.toLowerCase().replace(/\W+/g, "-"), l.name, () => eventLog(path.join(REAL_LOGS_DIR, l.file)), path.join(REAL_LOGS_DIR, l.file))),
  ...MODELS.map((m) =>
    fewRunsJob(`${m}-n10`, synthName(m, 10), async () => {
      const s = syntheticLog(m, 10);
      return s ? (await readLogTraces(s.log)).map((t): GroundedTrace => ({ id: t.id, procedure: "log", steps: t.steps })) : undefined;
    }, `${SYNTHETIC_DIR}/${m}`),
  ),
];

export const JOBS: readonly Job[] = [
  inductionJob("dtgl"),
  inductionJob("all"),
  mistakesJob,
  orderErrorsJob,
  cc4dNextStepJob("dtgl"),
  cc4dNextStepJob("all"),
  crossTaskJob(1),
  crossTaskJob(4),
  ...REAL_LOGS.map(realLogJob),
  ...MODELS.flatMap((m) => SYNTHETIC_NOISE.map((n) => syntheticNextStepJob(m, n))),
  ...MODELS.flatMap((m) => SYNTHETIC_NOISE.map((n) => orderValidityJob(m, n))),
  ...FEW_RUNS_JOBS,
];

/** Where the pm4py answers are cached (to tell the user why a first run is slow). */
export const ORACLE_CACHE = OUT_DIR;
