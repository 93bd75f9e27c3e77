// `stepgraph import <source>`: converts a dataset or file into stepgraph's own files
// (procedures.json, traces.jsonl, ...). One subcommand per source, each in its own module
// cli/commands/import-<source>.ts, listed here.
import type { Command } from "commander";
import { registerImportCrossTaskPaths } from "./import-crosstask-paths.js";
import { registerImportMarkdown, registerImportProtocolsIo } from "./import-procedure-files.js";
import { registerImportEventLogs } from "./import-event-log.js";
import { registerImportCaptainCook4d } from "./import-captaincook4d.js";

type RegisterImport = (importCommand: Command) => void;

const sources: RegisterImport[] = [
  registerImportCrossTaskPaths,
  registerImportMarkdown,
  registerImportProtocolsIo,
  registerImportEventLogs,
  registerImportCaptainCook4d,
  // (add `registerImport<Source>` functions here, one per line)
];

export function registerImport(program: Command): void {
  const cmd = program.command("import").description("convert a dataset or file into stepgraph's JSON/JSONL files");
  for (const register of sources) register(cmd);
}
