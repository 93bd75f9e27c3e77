// The `stepgraph` command line. Each command lives in cli/commands/<name>.ts and is listed in
// cli/commands/index.ts; this file wires commander, loads only the command that runs (the
// others are listed by name for the help), and turns every error into one message on stderr
// and the exit status of docs/cli.md (0 ok, 1 failure, 2 bad input, 3 not found, 4 conflict).
import { Command, CommanderError } from "commander";
import { COMMANDS } from "./commands/index.js";
import { EXIT, exitWithError } from "./output.js";

const program = new Command("stepgraph")
  .description("Induce and query non-sequential graph scripts of procedures (docs: docs/cli.md)")
  .showHelpAfterError("(add --help for the command's options)")
  .exitOverride()
  .configureOutput({ outputError: (str, write) => write(str) });

const args = process.argv.slice(2);
const wanted = args[0] === "help" ? args[1] : args[0];
const entry = COMMANDS.find((c) => c.name === wanted);
for (const c of COMMANDS) {
  if (c === entry) (await c.load())(program);
  else program.command(c.name).usage(c.usage).description(c.description);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // commander has printed its message; help and --version are not errors, usage mistakes are bad input.
    const ok = err.code === "commander.helpDisplayed" || err.code === "commander.version" || (err.code === "commander.help" && err.exitCode === 0);
    process.exit(ok ? EXIT.ok : EXIT.badInput);
  }
  exitWithError(err);
}
