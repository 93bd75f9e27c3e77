// `stepgraph next [steps...]`: what may come next after these steps, ranked, each with its
// probability, whether it is allowed now and why not. The graph script comes from --script or
// is induced from --procedures (+ --traces).
import type { Command } from "commander";
import { renderViolation } from "../../src/conformance/render-violation.js";
import { nextSteps } from "../../src/query/next-steps.js";
import { printJson, printText } from "../output.js";
import { loadScript, rankingOptions, type ScriptSourceOptions } from "./query-input.js";
import { InvalidInputError } from "../../src/errors.js";
import { addInduceFlags } from "./induce-flags.js";

/** --script FILE, or --procedures FILE [--id ID] [--traces FILE] with the induce flags. */
export function addScriptSourceOptions(cmd: Command): Command {
  return addInduceFlags(
    cmd
      .option("--script <file>", "graph script JSON (as `stepgraph induce --out` writes it)")
      .option("--procedures <file>", "procedures JSON: induce the script on the fly")
      .option("--id <procedure>", "which procedure of --procedures (needed when it holds several)")
      .option("--traces <file>", "traces JSONL to induce from (with --procedures)"),
  );
}

export function registerNext(program: Command): void {
  addScriptSourceOptions(program.command("next").description("rank what may come next after the steps done so far"))
    .argument("[steps...]", "step ids done so far, in order")
    .option("-k, --k <n>", "how many candidates", "5")
    .option("--ranking <json>", "ranking options as JSON (see docs/engine.md)")
    .option("--json", "print JSON")
    .action(async (steps: string[], o: ScriptSourceOptions & { k: string; ranking?: string; json?: boolean }) => {
      const k = Number(o.k);
      if (!Number.isInteger(k) || k < 1) throw new InvalidInputError("invalid_option", `--k must be a positive integer, got ${JSON.stringify(o.k)}`, [{ path: ["--k"], message: "must be a positive integer" }]);
      const script = await loadScript(o);
      const ranked = nextSteps(script, steps, k, rankingOptions(o.ranking));
      if (o.json) return printJson(ranked);
      printText(
        ranked
          .map((n, i) => `${i + 1}. ${n.step}  ${n.allowed ? `p=${n.probability.toFixed(3)}` : `not allowed: ${renderViolation(n.reason!, script)}`}`)
          .join("\n"),
      );
    });
}
