// `stepgraph next [steps...]`: what may come next after these steps, ranked by probability:
// allowed steps only (--include-blocked adds the others, each with why it is not allowed).
// Steps are ids, written numbers or texts (one that names no step: exit 2, naming it and the
// closest steps). After steps that break the order the answer says so and continues from the
// run as it happened. The graph script comes from --script, --procedures (+ --traces) or the
// store (--procedure ID); see query-input.ts. --json prints the API's next-steps answer.
import type { Command } from "commander";
import { renderViolation } from "../../src/conformance/render-violation.js";
import { InvalidInputError } from "../../src/errors.js";
import { nextStepsAnswer } from "../../src/query/answer-queries.js";
import { printJson, printText } from "../output.js";
import { addScriptSourceOptions, loadScript, rankingOptions, resolveArguments, resolvedLines, type ScriptSourceOptions } from "./query-input.js";

export function registerNext(program: Command): void {
  addScriptSourceOptions(program.command("next").description("rank what may come next after the steps done so far"))
    .argument("[steps...]", "steps done so far, in order: ids, written numbers (1 3) or texts (\"Thaw reagents on ice\")")
    .option("-k, --k <n>", "how many candidates", "5")
    .option("--include-blocked", "also list steps that are not allowed now, with the reason")
    .option("--ranking <json>", "ranking options as JSON (see docs/engine.md)")
    .option("--json", "print JSON (the API's next-steps answer)")
    .action(async (args: string[], o: ScriptSourceOptions & { k: string; includeBlocked?: boolean; ranking?: string }) => {
      const k = Number(o.k);
      if (!Number.isInteger(k) || k < 1) throw new InvalidInputError("invalid_option", `--k must be a positive integer, got ${JSON.stringify(o.k)}`, [{ path: ["--k"], message: "must be a positive integer" }]);
      const ranking = rankingOptions(o.ranking);
      const script = await loadScript(o);
      const input = resolveArguments(script, args);
      const answer = nextStepsAnswer(script, input.steps, { k, includeBlocked: o.includeBlocked === true, ranking });
      if (o.json) return printJson({ procedure: script.procedure, version: script.version, done: input.steps, resolved: input.resolved, ...answer });
      const text = new Map(script.steps.map((s) => [s.id, s.text]));
      const lines = [...resolvedLines(input)];
      if (!answer.check.valid) lines.push("the steps so far break the order (continuing from them as they happened):", ...answer.messages.map((m) => `  - ${m}`));
      if (answer.next.length === 0) lines.push("(no step is allowed next)");
      answer.next.forEach((n, i) => {
        const what = n.step === "END" ? "(end the run)" : `${n.step}${text.get(n.step) && text.get(n.step) !== n.step ? `  ${text.get(n.step)}` : ""}`;
        lines.push(`${i + 1}. ${what}  ${n.allowed ? `p=${n.probability.toFixed(3)}` : `not allowed: ${renderViolation(n.reason!, script)}`}`);
      });
      printText(lines.join("\n"));
    });
}
