// `stepgraph check [steps...]`: is this order of steps valid? Steps are ids, written numbers or
// texts (one that names no step: exit 2). Prints the violations in words (--json: the API's
// order-check answer) and exits 1 when the sequence is not valid. With a precedence violation on a
// script induced from runs, a last line weighs it: an order error, or as many inverted pairs as
// valid runs of the procedure show (src/conformance/order-error-verdict.ts). Orders that break only
// habit edges (not enforced) follow under "unusual:".
import type { Command } from "commander";
import { checkOrder } from "../../src/conformance/check-order.js";
import { renderHabit, renderOrderError, renderViolation } from "../../src/conformance/render-violation.js";
import { printJson, printText } from "../output.js";
import { addScriptSourceOptions, loadScript, resolveArguments, resolvedLines, type ScriptSourceOptions } from "./query-input.js";

export function registerCheck(program: Command): void {
  addScriptSourceOptions(program.command("check").description("check the order of a sequence of steps (exit 1 when it is not valid)"))
    .argument("[steps...]", "the sequence: step ids, written numbers or texts")
    .option("--complete", "the sequence is a finished run: missing required steps are violations")
    .option("--json", "print JSON (the API's order-check answer)")
    .action(async (args: string[], o: ScriptSourceOptions & { complete?: boolean }) => {
      const script = await loadScript(o);
      const input = resolveArguments(script, args);
      const result = checkOrder(script, input.steps, { complete: o.complete === true });
      const messages = result.valid ? [] : result.violations.map((v) => renderViolation(v, script));
      const verdict = !result.valid && result.orderError !== undefined ? renderOrderError(result.orderError) : undefined;
      const habitMessages = result.habits?.map((v) => renderHabit(v, script));
      if (o.json)
        printJson({ procedure: script.procedure, version: script.version, resolved: input.resolved, result, messages, ...(verdict === undefined ? {} : { verdict }), ...(habitMessages === undefined ? {} : { habitMessages }) });
      else
        printText(
          [
            ...resolvedLines(input),
            ...(result.valid ? ["valid"] : [firstFailing(result.firstFailingIndex, input.steps), ...messages.map((m) => `- ${m}`), ...(verdict === undefined ? [] : [verdict])]),
            ...(habitMessages === undefined ? [] : ["unusual:", ...habitMessages.map((m) => `- ${m}`)]),
          ].join("\n"),
        );
      if (!result.valid) process.exitCode = 1;
    });
}

/** Where the run first fails, as a position of the run (not a written step number) and the step there. */
function firstFailing(index: number, steps: readonly string[]): string {
  return index < steps.length ? `not valid: it goes wrong at step ${index + 1} of the run ("${steps[index]}")` : "not valid: it goes wrong at the end of the run";
}
