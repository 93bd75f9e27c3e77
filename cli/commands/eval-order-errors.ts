// `stepgraph eval order-errors --procedures P --traces T [--recordings R] [--graphs G] [--json]`:
// leave-one-out order-error detection (src/evaluation/order-error-eval.ts). R holds one line per
// recording, {"id", "procedure", "errors": [tags], "orderErrorAt"} as `stepgraph import
// captaincook4d` writes it (default: recordings.jsonl beside the traces file).
import path from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { readProcedures } from "../../ingest/json/read-procedures.js";
import { InvalidInputError, formatIssues, type InputIssue } from "../../src/errors.js";
import { readJsonlRecords } from "../../ingest/jsonl/read-jsonl-records.js";
import { ORDER_ERROR_TAG, evaluateOrderErrors, recordingLabels, type LabelledRecording } from "../../src/evaluation/order-error-eval.js";
import { IdSchema } from "../../src/model/index.js";
import { printJson, printText } from "../output.js";
import { readGraphsOption } from "./eval-mistakes.js";
import { addInduceFlags, induceOptionsFromFlags, type InduceFlagValues } from "./induce-flags.js";
import { procedureResolver, readGroundedTraces } from "./query-input.js";

const RecordingLineSchema = z
  .object({ id: IdSchema, procedure: IdSchema, errors: z.array(z.string()), orderErrorAt: z.number().int().min(0).nullable() })
  .strict();
type RecordingLine = z.infer<typeof RecordingLineSchema>;

export { ORDER_ERROR_TAG };

async function readRecordings(file: string): Promise<Map<string, RecordingLine & { line: number }>> {
  const { records, issues } = await readJsonlRecords(file, RecordingLineSchema);
  const out = new Map<string, RecordingLine & { line: number }>();
  for (const { line, value } of records) {
    if (out.has(value.id)) issues.push({ file, line, path: ["id"], message: `duplicate recording ${JSON.stringify(value.id)}` });
    else out.set(value.id, { ...value, line });
  }
  if (issues.length > 0) throw new InvalidInputError("invalid_recordings", `invalid recordings in ${file}:\n${formatIssues(issues)}`, issues);
  return out;
}

export function registerEvalOrderErrors(evalCommand: Command): void {
  addInduceFlags(
    evalCommand
      .command("order-errors")
      .description("leave-one-out order-error detection: P/R/F1 of flagging recordings tagged Order Error")
      .requiredOption("--procedures <file>", "procedures JSON")
      .requiredOption("--traces <file>", "traces JSONL, one recording per line")
      .option("--recordings <file>", "error tags per recording (default: recordings.jsonl beside --traces)")
      .option("--graphs <file>", "use these graphs (truth.jsonl format) instead of inducing them")
      .option("--min-inversions <n>", "flag a recording when at least n constrained step pairs are inverted (1: the check's verdict: a precedence violation, and an order error by the order-error verdict where the script gives one)", "1")
      .option("--train-on <set>", "training recordings: error-free (no error tag at all, the issue's protocol) or no-order-error (no Order Error tag)", "error-free"),
  )
    .option("--json", "print JSON")
    .action(async (o: InduceFlagValues & { procedures: string; traces: string; recordings?: string; graphs?: string; trainOn: string; minInversions: string; json?: boolean }) => {
      const minInversions = Number(o.minInversions);
      if (!Number.isInteger(minInversions) || minInversions < 1) {
        throw new InvalidInputError("invalid_option", `--min-inversions must be an integer of at least 1, got ${JSON.stringify(o.minInversions)}`, [{ path: ["--min-inversions"], message: "must be an integer ≥ 1" }]);
      }
      if (o.trainOn !== "error-free" && o.trainOn !== "no-order-error") {
        throw new InvalidInputError("invalid_option", `--train-on must be error-free or no-order-error, got ${JSON.stringify(o.trainOn)}`, [{ path: ["--train-on"], message: "must be error-free or no-order-error" }]);
      }
      const induce = induceOptionsFromFlags(o);
      const procedures = await readProcedures(o.procedures);
      const traces = await readGroundedTraces(o.traces, procedures);
      const recordingsFile = o.recordings ?? path.join(path.dirname(o.traces), "recordings.jsonl");
      const tags = await readRecordings(recordingsFile);
      const graphs = await readGraphsOption(o.graphs);
      const resolve = procedureResolver(procedures);
      const issues: InputIssue[] = [];
      const recordings: LabelledRecording[] = [];
      for (const { trace, line } of traces) {
        const tag = tags.get(trace.id);
        if (!tag) {
          issues.push({ file: o.traces, line, path: ["id"], message: `recording ${JSON.stringify(trace.id)} has no line in ${recordingsFile}` });
          continue;
        }
        recordings.push({
          id: trace.id,
          procedure: resolve(trace.procedure, trace.version)!,
          steps: trace.steps,
          ...recordingLabels(tag.errors, o.trainOn),
        });
      }
      if (issues.length > 0) throw new InvalidInputError("invalid_trace", `traces without error tags:\n${formatIssues(issues)}`, issues);
      const r = evaluateOrderErrors(recordings, { induce, minInversions, ...(graphs ? { graphs } : {}) });
      if (o.json) return printJson(r);
      printText(
        `${r.recordings} recordings, ${r.positives} tagged ${ORDER_ERROR_TAG}; flagged ${r.flagged} (${r.truePositives} tagged, ${r.falsePositives} not)\n` +
          `precision ${r.precision.toFixed(3)}  recall ${r.recall.toFixed(3)}  F1 ${r.f1.toFixed(3)}`,
      );
    });
}
