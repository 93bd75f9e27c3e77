// `stepgraph import crosstask-paths --data DIR --out OUT`: converts the CrossTask-to-wikiHow
// grounded paths into OUT/procedures.json (one procedure per task, its step library in
// written order) and OUT/traces.jsonl (one trace per video). Nothing is written on error.
import path from "node:path";
import type { Command } from "commander";
import { readCrossTaskPaths } from "../../ingest/crosstask-paths/read-crosstask-paths.js";
import { writeProceduresFile, writeTracesFile } from "../../ingest/files/write-output.js";
import { printJson, printText } from "../output.js";
import { checkOutFolder } from "./out-folder.js";

export function registerImportCrossTaskPaths(importCommand: Command): void {
  importCommand
    .command("crosstask-paths")
    .description("CrossTask videos grounded to wikiHow steps (Zhou et al., ACL 2023) → procedures.json + traces.jsonl")
    .requiredOption("--data <dir>", "folder holding crosstask_wikihow_*.json")
    .requiredOption("--out <dir>", "output folder")
    .option("--json", "print a JSON summary")
    .action(async (opts: { data: string; out: string; json?: boolean }) => {
      await checkOutFolder(opts.out);
      const { procedures, traces } = await readCrossTaskPaths(opts.data);
      const proceduresFile = path.join(opts.out, "procedures.json");
      const tracesFile = path.join(opts.out, "traces.jsonl");
      await writeProceduresFile(proceduresFile, procedures);
      await writeTracesFile(tracesFile, traces);
      const summary = {
        procedures: procedures.length,
        steps: procedures.reduce((n, p) => n + p.steps.length, 0),
        traces: traces.length,
        events: traces.reduce((n, t) => n + t.steps.length, 0),
        files: { procedures: proceduresFile, traces: tracesFile },
      };
      if (opts.json) printJson(summary);
      else
        printText(
          `wrote ${summary.procedures} procedures (${summary.steps} steps) to ${proceduresFile}\n` +
            `wrote ${summary.traces} traces (${summary.events} events) to ${tracesFile}`,
        );
    });
}
