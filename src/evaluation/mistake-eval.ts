// Online mistake detection (issue 8), as PREGO (CVPR 2024) and DTGL (NeurIPS 2024) score it:
// per procedure, induce a graph script from the mistake-free training traces; feed each test
// sequence into an OnlineSession one step at a time, up to and including its first mistake
// (`mistakeAt`; the whole sequence when null). A step is predicted a mistake when its verdict
// is not allowed. The mistake step is the positive, every earlier step a negative.
// Returns conventional precision/recall/F1 of both classes ("correct", "mistake") and their
// mean F1 (avgF1), plus the counts they come from.
// `trainSample` keeps at most `count` training traces per procedure (a seeded shuffle of each
// procedure's traces, then the first `count`), to measure how detection degrades with few runs.
import { z } from "zod";
import { OnlineSession } from "../conformance/online-session.js";
import { induce } from "../discovery/induce.js";
import { ProcedureIdSchema, StepIdSchema, TraceIdSchema, type InduceOptionsInput, type Procedure } from "../model/index.js";
import { seededSample } from "./seeded-sample.js";
import { classScores, type ClassScores } from "./binary-scores.js";
import { scriptWithEdges } from "./script-with-edges.js";

/** One test line: the steps of a run and the index of its first mistake (null: no mistake). */
export const MistakeCaseSchema = z
  .object({
    id: TraceIdSchema,
    procedure: ProcedureIdSchema,
    version: z.number().int().min(1).optional(),
    steps: z.array(StepIdSchema),
    mistakeAt: z.number().int().min(0).nullable(),
  })
  .strict()
  .refine((c) => c.mistakeAt === null || c.mistakeAt < c.steps.length, { message: "mistakeAt must index a step", path: ["mistakeAt"] });

export type MistakeCase = z.infer<typeof MistakeCaseSchema>;

export interface MistakeEvalResult {
  avgF1: number;
  correct: ClassScores;
  mistake: ClassScores;
  counts: { cases: number; steps: number; mistakes: number; flagged: number; caught: number };
}

export interface MistakeEvalOptions {
  induce?: InduceOptionsInput;
  /** Use these precedence edges per procedure id instead of the induced ones (expert graphs). */
  graphs?: ReadonlyMap<string, readonly (readonly [string, string])[]>;
  /** Train on at most `count` traces per procedure, drawn by a shuffle seeded with `seed`. */
  trainSample?: { count: number; seed: number };
}

export function evaluateMistakes(
  procedureOf: (c: { procedure: string; version?: number | undefined }) => Procedure,
  train: readonly { procedure: string; version?: number | undefined; steps: readonly string[] }[],
  test: readonly MistakeCase[],
  options: MistakeEvalOptions = {},
): MistakeEvalResult {
  const trainBy = new Map<Procedure, (readonly string[])[]>();
  for (const t of train) {
    const p = procedureOf(t);
    if (!trainBy.has(p)) trainBy.set(p, []);
    trainBy.get(p)!.push(t.steps);
  }
  if (options.trainSample) {
    const { count, seed } = options.trainSample;
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`trainSample.count must be an integer ≥ 0, got ${count}`);
    for (const [p, traces] of trainBy) trainBy.set(p, seededSample(traces, count, seed));
  }
  const scripts = new Map<Procedure, ReturnType<typeof induce>>();
  const mistake = { tp: 0, fp: 0, fn: 0 };
  const correct = { tp: 0, fp: 0, fn: 0 };
  let steps = 0;
  let mistakes = 0;
  for (const c of test) {
    const p = procedureOf(c);
    let script = scripts.get(p);
    if (!script) {
      script = induce(p, trainBy.get(p) ?? [], options.induce ?? {});
      const given = options.graphs?.get(p.id);
      if (given) script = scriptWithEdges(script, given);
      scripts.set(p, script);
    }
    const session = new OnlineSession(script);
    const last = c.mistakeAt ?? c.steps.length - 1;
    for (let i = 0; i <= last; i++) {
      const flagged = !session.step(c.steps[i]!).allowed;
      const isMistake = i === c.mistakeAt;
      steps++;
      if (isMistake) mistakes++;
      if (flagged && isMistake) mistake.tp++;
      else if (flagged && !isMistake) (mistake.fp++, correct.fn++);
      else if (!flagged && isMistake) (mistake.fn++, correct.fp++);
      else correct.tp++;
    }
  }
  const m = classScores(mistake);
  const k = classScores(correct);
  return {
    avgF1: (m.f1 + k.f1) / 2,
    correct: k,
    mistake: m,
    counts: { cases: test.length, steps, mistakes, flagged: mistake.tp + mistake.fp, caught: mistake.tp },
  };
}
