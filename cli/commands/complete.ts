// `stepgraph complete [steps...]`: the most likely valid completion of a partial run. Steps are
// ids, written numbers or texts (see next.ts); after steps that break the order the answer says
// so and completes the run as it happened. --json prints the API's completion answer.
import type { Command } from "commander";
import { completionAnswer } from "../../src/query/answer-queries.js";
import { printJson, printText } from "../output.js";
import { addScriptSourceOptions, loadScript, rankingOptions, resolveArguments, resolvedLines, type ScriptSourceOptions } from "./query-input.js";

export function registerComplete(program: Command): void {
  addScriptSourceOptions(program.command("complete").description("complete a partial run with its most likely valid remainder"))
    .argument("[steps...]", "steps done so far, in order: ids, written numbers or texts")
    .option("--ranking <json>", "ranking options as JSON (see docs/engine.md)")
    .option("--json", "print JSON (the API's completion answer)")
    .action(async (args: string[], o: ScriptSourceOptions & { ranking?: string }) => {
      const ranking = rankingOptions(o.ranking);
      const script = await loadScript(o);
      const input = resolveArguments(script, args);
      const answer = completionAnswer(script, input.steps, ranking);
      if (o.json) return printJson({ procedure: script.procedure, version: script.version, done: input.steps, resolved: input.resolved, ...answer });
      const c = answer.completion;
      const lines = [...resolvedLines(input)];
      if (!answer.check.valid) lines.push("the steps so far break the order (completing the run as it happened):", ...answer.messages.map((m) => `  - ${m}`));
      // Each step with its text, as `next` prints them (an id such as "68" says nothing).
      const text = new Map(script.steps.map((s) => [s.id, s.text]));
      const named = c.steps.map((id) => (text.get(id) && text.get(id) !== id ? `${id}  ${text.get(id)}` : id));
      lines.push(c.steps.length === 0 ? `(nothing left: end the run)  p=${c.probability.toFixed(4)}` : `${named.join("\n")}\n(p=${c.probability.toFixed(4)})`);
      printText(lines.join("\n"));
    });
}
