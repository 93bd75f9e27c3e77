// `stepgraph import captaincook4d --data DIR --out OUT [--recordings dtgl|normal|all] [--mistakes]`:
// converts ../shared/datasets/captaincook4d into procedures.json (written recipe order),
// traces.jsonl, truth.jsonl (DTGL's ground-truth graphs), recordings.jsonl (error tags per
// recording) and, with --mistakes, train.jsonl + test.jsonl for online mistake detection.
// See ingest/captaincook4d/read-captaincook4d.ts for the recording sets. Nothing is written on error.
import type { Command } from "commander";
import { RECORDING_SETS, readCaptainCook4d, type RecordingSet } from "../../ingest/captaincook4d/read-captaincook4d.js";
import { writeCaptainCook4d } from "../../ingest/captaincook4d/write-captaincook4d.js";
import { InvalidInputError } from "../../src/errors.js";
import { printJson, printText } from "../output.js";
import { checkOutFolder } from "./out-folder.js";

export function registerImportCaptainCook4d(importCommand: Command): void {
  importCommand
    .command("captaincook4d")
    .description("CaptainCook4D recipes, recordings and DTGL ground-truth graphs → procedures.json, traces.jsonl, truth.jsonl, recordings.jsonl")
    .requiredOption("--data <dir>", "the captaincook4d dataset folder")
    .requiredOption("--out <dir>", "output folder")
    .option("--recordings <set>", `which recordings: ${RECORDING_SETS.join(" | ")}`, "dtgl")
    .option("--mistakes", "also write train.jsonl (normal recordings) and test.jsonl (Order Error recordings cut at the first mistake)")
    .option("--json", "print a JSON summary")
    .action(async (o: { data: string; out: string; recordings: string; mistakes?: boolean; json?: boolean }) => {
      if (!(RECORDING_SETS as readonly string[]).includes(o.recordings)) {
        throw new InvalidInputError("invalid_option", `--recordings must be one of ${RECORDING_SETS.join(", ")}, got ${JSON.stringify(o.recordings)}`, [
          { path: ["--recordings"], message: `must be one of ${RECORDING_SETS.join(", ")}` },
        ]);
      }
      await checkOutFolder(o.out);
      const data = await readCaptainCook4d(o.data, { recordings: o.recordings as RecordingSet, mistakes: o.mistakes === true });
      const files = await writeCaptainCook4d(o.out, data);
      const summary = {
        recordings: o.recordings,
        procedures: data.procedures.length,
        traces: data.traces.length,
        events: data.traces.reduce((n, t) => n + t.steps.length, 0),
        truthEdges: data.truth.reduce((n, t) => n + t.edges.length, 0),
        withErrors: data.recordings.filter((r) => r.errors.length > 0).length,
        withOrderError: data.recordings.filter((r) => r.orderErrorAt !== null).length,
        ...(data.train ? { train: data.train.length } : {}),
        ...(data.test ? { test: data.test.length } : {}),
        files,
      };
      if (o.json) return printJson(summary);
      printText(
        `wrote ${summary.procedures} procedures, ${summary.traces} traces (${summary.events} events), ` +
          `${summary.truthEdges} truth edges to ${o.out}` +
          (data.test ? `\nmistake split: ${data.train!.length} training traces, ${data.test.length} test cases` : ""),
      );
    });
}
