// `stepgraph eval mistakes --procedures P --train T --test M [--graphs G] [--json]`: online mistake
// detection as PREGO and DTGL score it (src/evaluation/mistake-eval.ts). --graphs replaces the
// induced precedence edges by given ones (truth.jsonl format), to measure the checks alone.
import type { Command } from "commander";
import { readProcedures } from "../../ingest/json/read-procedures.js";
import { InvalidInputError, formatIssues } from "../../src/errors.js";
import { readJsonlRecords } from "../../ingest/jsonl/read-jsonl-records.js";
import { MistakeCaseSchema, evaluateMistakes, type MistakeCase } from "../../src/evaluation/mistake-eval.js";
import { printJson, printText } from "../output.js";
import { readTruthFile } from "./eval-induction.js";
import { addInduceFlags, induceOptionsFromFlags, type InduceFlagValues } from "./induce-flags.js";
import { procedureResolver, readGroundedTraces } from "./query-input.js";
import type { Procedure } from "../../src/model/index.js";

/** Reads mistake test cases, one JSON object per line, checked against the procedures. */
export async function readMistakeCases(file: string, procedures: readonly Procedure[]): Promise<MistakeCase[]> {
  const { records, issues } = await readJsonlRecords(file, MistakeCaseSchema);
  const resolve = procedureResolver(procedures);
  for (const { line, value } of records) {
    const p = resolve(value.procedure, value.version);
    if (!p) {
      issues.push({ file, line, path: ["procedure"], message: `no procedure ${JSON.stringify(value.procedure)} in the procedures file` });
      continue;
    }
    const known = new Set(p.steps.map((s) => s.id));
    value.steps.forEach((s, k) => {
      if (!known.has(s)) issues.push({ file, line, path: ["steps", k], message: `${JSON.stringify(s)} is not a step of procedure ${JSON.stringify(p.id)}` });
    });
  }
  if (issues.length > 0) throw new InvalidInputError("invalid_test_case", `invalid test cases in ${file}:\n${formatIssues(issues)}`, issues);
  return records.map((r) => r.value);
}

export async function readGraphsOption(file: string | undefined): Promise<Map<string, [string, string][]> | undefined> {
  if (file === undefined) return undefined;
  return new Map((await readTruthFile(file)).map((t) => [t.procedure, t.edges]));
}

function integerFlag(name: string, value: string, min: number): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < min) {
    throw new InvalidInputError("invalid_option", `${name} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`, [{ path: [name], message: `must be an integer ≥ ${min}` }]);
  }
  return n;
}

export function registerEvalMistakes(evalCommand: Command): void {
  addInduceFlags(
    evalCommand
      .command("mistakes")
      .description("online mistake detection (PREGO/DTGL protocol): P/R/F1 of the correct and mistake classes")
      .requiredOption("--procedures <file>", "procedures JSON")
      .requiredOption("--train <file>", "mistake-free training traces JSONL")
      .requiredOption("--test <file>", 'test cases JSONL: {"id", "procedure", "steps", "mistakeAt"} per line')
      .option("--graphs <file>", "use these graphs (truth.jsonl format) instead of inducing them")
      .option("--train-sample <k>", "train on at most k traces per procedure, drawn by a seeded shuffle")
      .option("--seed <n>", "seed of --train-sample", "1"),
  )
    .option("--json", "print JSON")
    .action(async (o: InduceFlagValues & { procedures: string; train: string; test: string; graphs?: string; trainSample?: string; seed: string; json?: boolean }) => {
      const induce = induceOptionsFromFlags(o);
      const trainSample = o.trainSample === undefined ? undefined : { count: integerFlag("--train-sample", o.trainSample, 1), seed: integerFlag("--seed", o.seed, 0) };
      const procedures = await readProcedures(o.procedures);
      const train = (await readGroundedTraces(o.train, procedures)).map((t) => t.trace);
      const test = await readMistakeCases(o.test, procedures);
      const graphs = await readGraphsOption(o.graphs);
      const resolve = procedureResolver(procedures);
      const r = evaluateMistakes((c) => resolve(c.procedure, c.version)!, train, test, { induce, ...(graphs ? { graphs } : {}), ...(trainSample ? { trainSample } : {}) });
      const doc = { avgF1: r.avgF1, correct: r.correct, mistake: r.mistake };
      if (o.json) return printJson(doc);
      const f = (x: number): string => x.toFixed(3);
      printText(
        [
          `${r.counts.cases} test runs, ${r.counts.steps} steps judged, ${r.counts.mistakes} mistakes; flagged ${r.counts.flagged}, of them ${r.counts.caught} mistakes`,
          `avgF1 ${f(r.avgF1)}`,
          `correct  P ${f(r.correct.precision)}  R ${f(r.correct.recall)}  F1 ${f(r.correct.f1)}`,
          `mistake  P ${f(r.mistake.precision)}  R ${f(r.mistake.recall)}  F1 ${f(r.mistake.f1)}`,
        ].join("\n"),
      );
    });
}
