// `stepgraph eval <question>`: measures the engine on real data, printing one JSON document
// with --json. One subcommand per question, each in its own module cli/commands/eval-<name>.ts.
import type { Command } from "commander";
import { registerEvalInduction } from "./eval-induction.js";
import { registerEvalNextStep } from "./eval-next-step.js";
import { registerEvalMistakes } from "./eval-mistakes.js";
import { registerEvalOrderErrors } from "./eval-order-errors.js";
import { registerEvalBioprobench } from "./eval-bioprobench.js";
import { registerEvalLinking } from "./eval-linking.js";

type RegisterEval = (evalCommand: Command) => void;

const evaluations: RegisterEval[] = [
  registerEvalInduction,
  registerEvalNextStep,
  registerEvalMistakes,
  registerEvalOrderErrors,
  registerEvalBioprobench,
  registerEvalLinking,
  // (add `registerEval<Name>` functions here, one per line)
];

export function registerEval(program: Command): void {
  const cmd = program.command("eval").description("measure the engine on real data");
  for (const register of evaluations) register(cmd);
}
