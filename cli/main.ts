// The `stepgraph` command line. Each command lives in cli/commands/<name>.ts and is
// registered in cli/commands/index.ts; this file only wires commander and error exits.
import { Command } from "commander";
import { registerCommands } from "./commands/index.js";
import { exitWithError } from "./output.js";

const program = new Command("stepgraph")
  .description("Induce and query non-sequential graph scripts of procedures")
  .showHelpAfterError()
  .configureOutput({ outputError: (str, write) => write(str) });

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  exitWithError(err);
}
