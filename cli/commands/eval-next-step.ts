// `stepgraph eval next-step --procedures P --traces T [--folds 5] [--seed 1] [--json]`: next-step
// prediction and completion, k folds split by trace, engine vs the written-order, bigram and
// trigram-with-backoff baselines in the same run (src/evaluation/next-step-eval.ts).
import type { Command } from "commander";
import { readProcedures } from "../../ingest/json/read-procedures.js";
import { InvalidInputError } from "../../src/errors.js";
import { MEASURES, evaluateNextStep, type PairedByMeasure } from "../../src/evaluation/next-step-eval.js";
import { formatP } from "../../src/discovery/special-functions.js";
import { signTestP } from "../../src/evaluation/sign-test.js";
import { printJson, printText } from "../output.js";
import { addInduceFlags, induceOptionsFromFlags, type InduceFlagValues } from "./induce-flags.js";
import { rankingOptions, readGroundedTraces } from "./query-input.js";

export function integerOption(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new InvalidInputError("invalid_option", `${flag} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`, [{ path: [flag], message: `must be an integer ≥ ${min}` }]);
  }
  return n;
}

export function registerEvalNextStep(evalCommand: Command): void {
  addInduceFlags(
    evalCommand
      .command("next-step")
      .description("next-step Acc@1/Hit@3 and completion accuracy, k folds by trace, with baselines")
      .requiredOption("--procedures <file>", "procedures JSON")
      .requiredOption("--traces <file>", "traces JSONL (step ids)")
      .option("--folds <k>", "number of folds (split by trace)", "5")
      .option("--seed <n>", "seed of the fold split", "1")
      .option("--ranking <json>", "ranking options as JSON (see docs/engine.md)"),
  )
    .option("--json", "print JSON")
    .action(async (o: InduceFlagValues & { procedures: string; traces: string; folds: string; seed: string; ranking?: string; json?: boolean }) => {
      const folds = integerOption(o.folds, "--folds", 2);
      const seed = integerOption(o.seed, "--seed", 0);
      const induce = induceOptionsFromFlags(o);
      const ranking = rankingOptions(o.ranking);
      const procedures = await readProcedures(o.procedures);
      const traces = (await readGroundedTraces(o.traces, procedures)).map((t) => t.trace);
      const r = evaluateNextStep(procedures, traces, { folds, seed, induce, ranking });
      if (o.json) return printJson(r);
      const row = (name: string, s: { acc1: number; hit3: number; completionAcc: number }): string =>
        `${name.padEnd(14)} ${s.acc1.toFixed(3)}  ${s.hit3.toFixed(3)}  ${s.completionAcc.toFixed(3)}`;
      printText(
        [
          `${r.prefixes} prefixes, ${folds} folds by trace, seed ${seed}`,
          `${"".padEnd(14)} Acc@1  Hit@3  completion`,
          row("engine", r.engine),
          ...Object.entries(r.baselines).map(([name, s]) => row(name, s)),
          `test traces the engine did better on : the baseline did (exact two-sided sign test, ${r.traces} traces)`,
          ...(Object.entries(r.paired) as [string, PairedByMeasure][]).map(
            ([name, m]) =>
              `${name.padEnd(14)} ${MEASURES.map((k) => `${m[k].engineBetter} : ${m[k].baselineBetter} (${formatP(signTestP(m[k].engineBetter, m[k].baselineBetter), 2)})`).join("  ")}`,
          ),
        ].join("\n"),
      );
    });
}
