// `stepgraph eval induction --procedures P --traces T --truth G [--json]`: induces one graph
// script per procedure of the truth file from its traces and scores it against the ground
// truth with the DTGL protocol (src/evaluation/induction-score.ts): per procedure, edges of the
// transitively reduced prediction vs the truth edges, START and END included; macro averages.
import type { Command } from "commander";
import { z } from "zod";
import { readProcedures } from "../../ingest/json/read-procedures.js";
import { InvalidInputError, formatIssues } from "../../src/errors.js";
import { readJsonlRecords } from "../../ingest/jsonl/read-jsonl-records.js";
import { evaluateInduction } from "../../src/evaluation/induction-eval.js";
import { IdSchema } from "../../src/model/index.js";
import { printJson, printText } from "../output.js";
import { addInduceFlags, induceOptionsFromFlags, type InduceFlagValues } from "./induce-flags.js";
import { readGroundedTraces } from "./query-input.js";

const TruthLineSchema = z.object({ procedure: IdSchema, edges: z.array(z.tuple([IdSchema, IdSchema])) }).strict();
export type TruthLine = z.infer<typeof TruthLineSchema>;

/** Reads truth.jsonl: one {"procedure", "edges": [[a, b], ...]} per line; errors name file and line. */
export async function readTruthFile(file: string): Promise<TruthLine[]> {
  const { records, issues } = await readJsonlRecords(file, TruthLineSchema);
  if (issues.length > 0) throw new InvalidInputError("invalid_truth", `invalid truth in ${file}:\n${formatIssues(issues)}`, issues);
  return records.map((r) => r.value);
}

export function registerEvalInduction(evalCommand: Command): void {
  addInduceFlags(
    evalCommand
      .command("induction")
      .description("score induced graph scripts against ground-truth graphs (DTGL protocol, macro P/R/F1)")
      .requiredOption("--procedures <file>", "procedures JSON")
      .requiredOption("--traces <file>", "traces JSONL")
      .requiredOption("--truth <file>", "truth JSONL: {\"procedure\", \"edges\": [[a, b], ...]} per line"),
  )
    .option("--json", "print JSON")
    .action(async (o: InduceFlagValues & { procedures: string; traces: string; truth: string; json?: boolean }) => {
      const options = induceOptionsFromFlags(o);
      const procedures = await readProcedures(o.procedures);
      const truth = await readTruthFile(o.truth);
      const traces = await readGroundedTraces(o.traces, procedures);
      const byId = new Map(procedures.map((p) => [p.id, p]));
      const missing = truth.filter((t) => !byId.has(t.procedure));
      if (missing.length > 0) {
        throw new InvalidInputError(
          "unknown_procedure",
          `${o.truth}: no procedure ${missing.map((t) => JSON.stringify(t.procedure)).join(", ")} in ${o.procedures}`,
          missing.map((t) => ({ file: o.truth, path: ["procedure"], message: `unknown procedure ${JSON.stringify(t.procedure)}` })),
        );
      }
      const score = evaluateInduction(procedures, traces.map((t) => t.trace), truth, { induce: options });
      const traceCounts = score.traceCounts;
      const result = {
        protocol:
          "DTGL (Seminara et al., NeurIPS 2024): per procedure, transitively reduced predicted edges vs truth edges, START and END included; precision, recall and F1 per procedure, each macro-averaged",
        options,
        macro: score.macro,
        procedures: score.procedures.map((p) => ({
          procedure: p.procedure,
          traces: traceCounts.get(p.procedure) ?? 0,
          precision: p.precision,
          recall: p.recall,
          f1: p.f1,
          predictedEdges: p.predicted,
          truthEdges: p.truth,
        })),
      };
      if (o.json) return printJson(result);
      const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
      printText(
        [
          `${"procedure".padEnd(30)} traces     P     R    F1`,
          ...result.procedures.map((p) => `${p.procedure.padEnd(30)} ${String(p.traces).padStart(6)} ${pct(p.precision)} ${pct(p.recall)} ${pct(p.f1)}`),
          `${"macro".padEnd(30)} ${"".padStart(6)} ${pct(result.macro.precision)} ${pct(result.macro.recall)} ${pct(result.macro.f1)}`,
        ].join("\n"),
      );
    });
}
