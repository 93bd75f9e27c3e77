// Registry of CLI commands: one module per command (or command group), one line each here, with
// the one-line description the top-level help shows. A command's module is imported only when
// that command runs (cli/main.ts), so `stepgraph --help` loads none of them.
import type { Command } from "commander";

type Register = (program: Command) => void;

export interface CommandEntry {
  name: string;
  /** Usage after the name, for the top-level help. */
  usage: string;
  description: string;
  load(): Promise<Register>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: "import", usage: "<source> [options]", description: "convert a dataset or file into stepgraph's JSON/JSONL files (markdown, protocols-io, xes, csv, ...)", load: async () => (await import("./import.js")).registerImport },
  { name: "ingest", usage: "[options]", description: "write procedures and traces into the store (strict: a file with any error imports nothing)", load: async () => (await import("./ingest.js")).registerIngest },
  { name: "induce", usage: "[options]", description: "induce a graph script from a written procedure and execution traces", load: async () => (await import("./induce.js")).registerInduce },
  { name: "next", usage: "[options] [steps...]", description: "rank what may come next after the steps done so far", load: async () => (await import("./next.js")).registerNext },
  { name: "complete", usage: "[options] [steps...]", description: "complete a partial run with its most likely valid remainder", load: async () => (await import("./complete.js")).registerComplete },
  { name: "check", usage: "[options] [steps...]", description: "check the order of a sequence of steps (exit 1 when it is not valid)", load: async () => (await import("./check.js")).registerCheck },
  { name: "ground", usage: "[options]", description: "match free-text events to the steps of a written procedure, with scores", load: async () => (await import("./ground.js")).registerGround },
  { name: "stats", usage: "[options]", description: "trace statistics: share of consecutive step pairs also seen reversed, mean number of frequent next steps", load: async () => (await import("./stats.js")).registerStats },
  { name: "link", usage: "[options]", description: "link a step to the procedure that details it (refusing missing targets and cycles), or suggest one", load: async () => (await import("./link.js")).registerLink },
  { name: "serve", usage: "[options]", description: "serve the REST API and the graph viewer (loads the demo data from graphs/ into an empty store)", load: async () => (await import("./serve.js")).registerServe },
  { name: "eval", usage: "<question> [options]", description: "measure the engine on real data", load: async () => (await import("./eval.js")).registerEval },
  // (add commands here, one per line: cli/commands/<name>.ts exports its `register` function)
];

/** Registers every command (loads every module). */
export async function registerCommands(program: Command): Promise<void> {
  for (const c of COMMANDS) (await c.load())(program);
}
