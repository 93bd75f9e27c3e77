// Registry of CLI commands: one module per command (or command group), one line each here.
import type { Command } from "commander";
import { registerEval } from "./eval.js";
import { registerImport } from "./import.js";
import { registerNext } from "./next.js";
import { registerComplete } from "./complete.js";
import { registerCheck } from "./check.js";
import { registerInduce } from "./induce.js";
import { registerStats } from "./stats.js";
import { registerGround } from "./ground.js";
import { registerIngest } from "./ingest.js";
import { registerServe } from "./serve.js";
import { registerLink } from "./link.js";

type Register = (program: Command) => void;

const commands: Register[] = [
  registerImport,
  registerEval,
  registerNext,
  registerComplete,
  registerCheck,
  registerInduce,
  registerStats,
  registerGround,
  registerIngest,
  registerServe,
  registerLink,
  // (add `register` functions of cli/commands/<name>.ts here, one per line)
];

export function registerCommands(program: Command): void {
  for (const register of commands) register(program);
}
