// Next-step evaluation (issue 8): k folds split by trace (seeded, deterministic; `testFolds`
// scores only some of them, a hold-out protocol); per fold the
// engine (induce + nextSteps + complete) and the baselines (ngram-baselines.ts) are trained on
// the other folds' traces of each procedure and scored on every prefix of every test trace,
// the empty prefix included; the true next step is END when the trace ends.
// Returns per predictor: acc1 (top prediction = true next step), hit3 (true next step in the
// top three), completionAcc (predicted completion = true remainder exactly), over `prefixes`.
// Assumes every trace's steps are steps of its procedure (the CLI checks this with file/line).
import { induce } from "../discovery/induce.js";
import { END, type GroundedTrace, type InduceOptionsInput, type Procedure } from "../model/index.js";
import type { RankingOptionsInput } from "../model/queries.js";
import { complete } from "../query/complete.js";
import { nextSteps } from "../query/next-steps.js";
import { BASELINES, trainBaseline, type BaselineName } from "./ngram-baselines.js";
import { seededFolds } from "./seeded-folds.js";

export interface PredictionScores {
  acc1: number;
  hit3: number;
  completionAcc: number;
}

/** Test traces on which the engine scored more prefixes right than a baseline, and fewer (ties left out). */
export interface PairedCounts {
  engineBetter: number;
  baselineBetter: number;
}

export type PairedByMeasure = Record<keyof PredictionScores, PairedCounts>;

export interface NextStepEvalResult {
  prefixes: number;
  /** Test traces scored (the units of `paired`). */
  traces: number;
  engine: PredictionScores;
  baselines: Record<BaselineName, PredictionScores>;
  /**
   * Per baseline and measure, the test traces where the engine got more of the trace's prefixes
   * right and those where the baseline did: the counts of a paired sign test. The unit is a
   * trace, not a prefix: the prefixes of one trace are not independent of each other.
   */
  paired: Record<BaselineName, PairedByMeasure>;
}

/** The three measures, in the order they are reported. */
export const MEASURES: readonly (keyof PredictionScores)[] = ["acc1", "hit3", "completionAcc"];

/** Zero counts for every measure. */
export function emptyPaired(): PairedByMeasure {
  return { acc1: { engineBetter: 0, baselineBetter: 0 }, hit3: { engineBetter: 0, baselineBetter: 0 }, completionAcc: { engineBetter: 0, baselineBetter: 0 } };
}

export interface NextStepEvalOptions {
  folds?: number;
  seed?: number;
  /**
   * Score only these folds (0-based; default all): a hold-out protocol, e.g. [0] trains on the
   * other k − 1 folds and tests on one (every prefix of its traces, as always).
   */
  testFolds?: readonly number[];
  induce?: InduceOptionsInput;
  ranking?: RankingOptionsInput;
}

interface Prediction {
  /** The top three, best first. */
  ranked: readonly string[];
  completion: readonly string[];
}

interface PrefixNode {
  children: Map<string, PrefixNode>;
  /** The engine's, then each baseline's (BASELINES order). */
  predictions?: Prediction[];
}

class Tally {
  acc1 = 0;
  hit3 = 0;
  completion = 0;
  add(ranked: readonly string[], truth: string, completion: readonly string[], remainder: readonly string[]): void {
    if (ranked[0] === truth) this.acc1++;
    if (ranked.slice(0, 3).includes(truth)) this.hit3++;
    if (completion.length === remainder.length && completion.every((s, i) => s === remainder[i])) this.completion++;
  }
  /** The hits so far (a trace's hits: the difference before and after it). */
  snapshot(): PredictionScores {
    return { acc1: this.acc1, hit3: this.hit3, completionAcc: this.completion };
  }
  scores(n: number): PredictionScores {
    return n === 0 ? { acc1: 0, hit3: 0, completionAcc: 0 } : { acc1: this.acc1 / n, hit3: this.hit3 / n, completionAcc: this.completion / n };
  }
}

export function evaluateNextStep(
  procedures: readonly Procedure[],
  traces: readonly GroundedTrace[],
  options: NextStepEvalOptions = {},
): NextStepEvalResult {
  const k = options.folds ?? 5;
  const fold = seededFolds(traces.length, k, options.seed ?? 1);
  const byId = new Map(procedures.map((p) => [`${p.id}@${p.version}`, p]));
  const latest = new Map<string, Procedure>();
  for (const p of procedures) if ((latest.get(p.id)?.version ?? 0) < p.version) latest.set(p.id, p);
  const procedureOf = (t: GroundedTrace): Procedure => {
    const p = t.version === undefined ? latest.get(t.procedure) : byId.get(`${t.procedure}@${t.version}`);
    if (!p) throw new RangeError(`trace ${JSON.stringify(t.id)}: no procedure ${JSON.stringify(t.procedure)}`);
    return p;
  };
  const engine = new Tally();
  const baselines = new Map(BASELINES.map((b) => [b, new Tally()]));
  let prefixes = 0;
  let traceCount = 0;
  const paired = new Map(BASELINES.map((b) => [b, emptyPaired()]));
  const testFolds = options.testFolds ?? Array.from({ length: k }, (_, f) => f);
  for (const f of testFolds) if (!Number.isInteger(f) || f < 0 || f >= k) throw new RangeError(`testFolds: ${f} is not a fold of 0..${k - 1}`);
  for (const f of testFolds) {
    const train = new Map<Procedure, string[][]>();
    const test = new Map<Procedure, string[][]>();
    traces.forEach((t, i) => {
      const p = procedureOf(t);
      const m = fold[i] === f ? test : train;
      if (!m.has(p)) m.set(p, []);
      m.get(p)!.push(t.steps);
    });
    for (const [p, tests] of test) {
      const trainTraces = train.get(p) ?? [];
      const script = induce(p, trainTraces, options.induce ?? {});
      const predictors = BASELINES.map((b) => [b, trainBaseline(b, p, trainTraces)] as const);
      // Every predictor is a deterministic function of the prefix, so a prefix shared by several
      // test traces (event logs repeat variants) is predicted once: a trie of the fold's prefixes.
      const root: PrefixNode = { children: new Map() };
      for (const t of tests) {
        traceCount++;
        const engineBefore = engine.snapshot();
        const baselinesBefore = BASELINES.map((b) => baselines.get(b)!.snapshot());
        let node = root;
        for (let i = 0; i <= t.length; i++) {
          if (i > 0) {
            let child = node.children.get(t[i - 1]!);
            if (!child) node.children.set(t[i - 1]!, (child = { children: new Map() }));
            node = child;
          }
          prefixes++;
          const truth = i < t.length ? t[i]! : END;
          const remainder = t.slice(i);
          if (!node.predictions) {
            const prefix = t.slice(0, i);
            node.predictions = [
              { ranked: nextSteps(script, prefix, 3, options.ranking ?? {}).map((n) => n.step), completion: complete(script, prefix, options.ranking ?? {}).steps },
              ...predictors.map(([, predictor]) => ({ ranked: predictor.rank(prefix).slice(0, 3), completion: predictor.complete(prefix) })),
            ];
          }
          const [mine, ...theirs] = node.predictions;
          engine.add(mine!.ranked, truth, mine!.completion, remainder);
          predictors.forEach(([b], k) => baselines.get(b)!.add(theirs[k]!.ranked, truth, theirs[k]!.completion, remainder));
        }
        const engineAfter = engine.snapshot();
        BASELINES.forEach((b, k) => {
          const after = baselines.get(b)!.snapshot();
          for (const m of MEASURES) {
            const mine = engineAfter[m] - engineBefore[m];
            const theirs = after[m] - baselinesBefore[k]![m];
            if (mine > theirs) paired.get(b)![m].engineBetter++;
            else if (theirs > mine) paired.get(b)![m].baselineBetter++;
          }
        });
      }
    }
  }
  return {
    prefixes,
    traces: traceCount,
    engine: engine.scores(prefixes),
    baselines: Object.fromEntries(BASELINES.map((b) => [b, baselines.get(b)!.scores(prefixes)])) as Record<BaselineName, PredictionScores>,
    paired: Object.fromEntries(BASELINES.map((b) => [b, paired.get(b)!])) as Record<BaselineName, PairedByMeasure>,
  };
}
