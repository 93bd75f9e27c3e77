// Resolves the steps of a request body (`done`, a session's `step` or `text`) against a graph
// script with the one step resolver (src/query/resolve-steps.ts): ids, written numbers or texts.
// Anything that names no step is a 422 `unknown_step` problem whose `errors` point at each bad
// input (`body.done.2`) and list the closest steps; nothing is answered on a shortened input.
import type { GraphScript } from "../../src/model/index.js";
import { resolveStepsOrThrow, scriptStepResolver, type StepResolution, type StepResolver } from "../../src/query/resolve-steps.js";

export function resolveBodySteps(
  script: GraphScript,
  inputs: readonly string[],
  field: string,
  options: { resolver?: StepResolver; textOnly?: boolean; single?: boolean } = {},
): StepResolution {
  const resolver = options.resolver ?? scriptStepResolver(script);
  const at = (i: number): (string | number)[] => (options.single ? ["body", field] : ["body", field, i]);
  return resolveStepsOrThrow(
    resolver,
    inputs,
    { procedure: script.procedure, version: script.version, path: at, label: (i) => at(i).join(".") },
    options.textOnly ? { textOnly: true } : {},
  );
}
