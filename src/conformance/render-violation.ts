// renderViolation: one violation in words for people ("step 3 'Add eggs' came before 'Beat
// butter', which must come first"). Indexes are shown 1-based as "step N" of the run. With the
// script, steps are named by their text as well as their id. The only place violations are
// worded: the CLI, the API's human messages and the viewer all call it. renderOrderError words
// the check's order-error verdict (order-error-verdict.ts) the same way.
import type { GraphScript } from "../model/index.js";
import type { OrderErrorVerdict, PrecedenceViolation, Violation } from "../model/queries.js";
import { formatP } from "../discovery/special-functions.js";

const textsOf = new WeakMap<GraphScript, Map<string, string>>();

/** Step id → text of a script, built once per script object (scripts are not changed in place). */
function stepTexts(script: GraphScript | undefined): Map<string, string> | undefined {
  if (script === undefined) return undefined;
  let texts = textsOf.get(script);
  if (texts === undefined) textsOf.set(script, (texts = new Map(script.steps.map((s) => [s.id, s.text]))));
  return texts;
}

/** Names a step by its id, with its text when the script has one that differs. */
function stepNamer(script: GraphScript | undefined): (id: string) => string {
  const text = stepTexts(script);
  return (id) => {
    const t = text?.get(id);
    return t && t !== id ? `"${id}" (${t})` : `"${id}"`;
  };
}

export function renderViolation(v: Violation, script?: GraphScript): string {
  const name = stepNamer(script);
  const at = (i: number): string => `step ${i + 1} of the run`;
  switch (v.code) {
    case "precedence":
      return v.requiresIndex === undefined
        ? `${name(v.step)} at ${at(v.index)} came before ${name(v.requires)}, which must come first`
        : `${name(v.requires)} at ${at(v.requiresIndex)} came after ${name(v.step)} (${at(v.index)}), but must come before it`;
    case "missing_required":
      return `required step ${name(v.step)} never happened`;
    case "unknown_step":
      return `${JSON.stringify(v.step)} at ${at(v.index)} is not a step of ${script ? `procedure "${script.procedure}" version ${script.version}` : "this procedure"}`;
    case "repeated_step":
      return `${name(v.step)} at ${at(v.index)} repeats ${at(v.firstIndex)}, and it may happen only once`;
  }
}

/** An order of the run that only a habit edge holds (CheckResult.habits) in words: unusual, not a violation. */
export function renderHabit(v: PrecedenceViolation, script?: GraphScript): string {
  const name = stepNamer(script);
  return `${name(v.step)} at step ${v.index + 1} of the run came before ${name(v.requires)}, which the recorded runs do first (a habit, not enforced)`;
}

/** The order-error verdict of a check in words: an order error, or as many inversions as valid runs show. */
export function renderOrderError(v: OrderErrorVerdict): string {
  const pairs = `${v.inversions} pair${v.inversions === 1 ? "" : "s"} of steps in the wrong order`;
  const rate = v.heldOutRate.toFixed(v.heldOutRate > 0 && v.heldOutRate < 0.01 ? 4 : 2);
  const p = formatP(v.pValue);
  const runs = `runs of this procedure, checked against a graph from the other runs, show ${v.heldOutRate === 0 ? "none" : `${rate} on average`}`;
  return v.likely
    ? `an order error: ${pairs}, more than valid runs show (${runs}; ${p}, below 5 %)`
    : `not clearly an order error: ${pairs}, as valid runs often show (${runs}; ${p}, not below 5 %); the violated edges may be habits of the recorded runs`;
}
