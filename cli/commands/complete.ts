// `stepgraph complete [prefix...]`: the most likely valid completion of a partial run.
import type { Command } from "commander";
import { complete } from "../../src/query/complete.js";
import { printJson, printText } from "../output.js";
import { addScriptSourceOptions } from "./next.js";
import { loadScript, rankingOptions, type ScriptSourceOptions } from "./query-input.js";

export function registerComplete(program: Command): void {
  addScriptSourceOptions(program.command("complete").description("complete a partial run with its most likely valid remainder"))
    .argument("[prefix...]", "step ids done so far, in order")
    .option("--ranking <json>", "ranking options as JSON (see docs/engine.md)")
    .option("--json", "print JSON")
    .action(async (prefix: string[], o: ScriptSourceOptions & { ranking?: string; json?: boolean }) => {
      const script = await loadScript(o);
      const c = complete(script, prefix, rankingOptions(o.ranking));
      if (o.json) return printJson(c);
      printText(c.steps.length === 0 ? `(nothing left: end the run)  p=${c.probability.toFixed(4)}` : `${c.steps.join("\n")}\n(p=${c.probability.toFixed(4)})`);
    });
}
