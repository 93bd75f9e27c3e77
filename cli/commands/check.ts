// `stepgraph check [steps...]`: is this order of steps valid? Prints the typed violations
// (worded for people without --json) and exits 1 when the sequence is not valid.
import type { Command } from "commander";
import { checkOrder } from "../../src/conformance/check-order.js";
import { renderViolation } from "../../src/conformance/render-violation.js";
import { printJson, printText } from "../output.js";
import { addScriptSourceOptions } from "./next.js";
import { loadScript, type ScriptSourceOptions } from "./query-input.js";

export function registerCheck(program: Command): void {
  addScriptSourceOptions(program.command("check").description("check the order of a sequence of steps (exit 1 when it is not valid)"))
    .argument("[steps...]", "the sequence of step ids")
    .option("--complete", "the sequence is a finished run: missing required steps are violations")
    .option("--json", "print JSON")
    .action(async (steps: string[], o: ScriptSourceOptions & { complete?: boolean; json?: boolean }) => {
      const script = await loadScript(o);
      const r = checkOrder(script, steps, { complete: o.complete === true });
      if (o.json) printJson(r);
      else if (r.valid) printText("valid");
      else printText([`not valid: first failing step ${r.firstFailingIndex + 1}`, ...r.violations.map((v) => `- ${renderViolation(v, script)}`)].join("\n"));
      if (!r.valid) process.exitCode = 1;
    });
}
