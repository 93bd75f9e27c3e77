// resolveStepPath: where a namespaced step id (`b`, `b/b1`, `b/b1/x`, as expand names them)
// lives in a hierarchy of graph scripts — one level per procedure from the root down to the
// procedure whose step it is, or undefined when no step of the hierarchy has that id.
// An id that is a step of a level is taken there, before trying to descend (so a step id that
// itself contains "/" still resolves). Throws NotFoundError "subprocedure_not_found" when a
// link on the way cannot be resolved, and ConflictError "subprocedure_cycle" on a cycle.
import { ConflictError, NotFoundError } from "../errors.js";
import type { GraphScript } from "../model/index.js";
import { PATH_SEPARATOR, type ScriptResolver } from "./expand.js";
import { formatLinkCycle } from "./find-link-cycle.js";

export interface StepPathLevel {
  /** The script of this level's procedure. */
  script: GraphScript;
  /** The step's id in that script. */
  step: string;
  /** The namespaced id of the step (`b/b1`). */
  path: string;
}

export function resolveStepPath(root: GraphScript, resolve: ScriptResolver, id: string): StepPathLevel[] | undefined {
  return descend(root, resolve, id, "", [root.procedure]);
}

function descend(script: GraphScript, resolve: ScriptResolver, rest: string, prefix: string, seen: string[]): StepPathLevel[] | undefined {
  const here = (step: string): string => (prefix === "" ? step : `${prefix}${PATH_SEPARATOR}${step}`);
  if (script.steps.some((s) => s.id === rest)) return [{ script, step: rest, path: here(rest) }];
  for (const s of script.steps) {
    if (s.subprocedure === undefined || !rest.startsWith(s.id + PATH_SEPARATOR)) continue;
    const sub = subScript(script, s.id, resolve, seen);
    const deeper = descend(sub, resolve, rest.slice(s.id.length + 1), here(s.id), [...seen, sub.procedure]);
    if (deeper) return [{ script, step: s.id, path: here(s.id) }, ...deeper];
  }
  return undefined;
}

/** The sub-procedure script of `step` of `script`, or undefined when the step is not detailed. */
export function subScript(script: GraphScript, step: string, resolve: ScriptResolver, seen: readonly string[] = [script.procedure]): GraphScript {
  const s = script.steps.find((x) => x.id === step);
  if (s?.subprocedure === undefined) throw new Error(`step ${JSON.stringify(step)} of ${JSON.stringify(script.procedure)} has no sub-procedure`);
  if (seen.includes(s.subprocedure)) {
    const cycle = [...seen.slice(seen.indexOf(s.subprocedure)), s.subprocedure];
    throw new ConflictError("subprocedure_cycle", `step ${JSON.stringify(step)} of ${JSON.stringify(script.procedure)} makes a procedure contain itself: ${formatLinkCycle(cycle)}`, {
      procedure: script.procedure,
      step,
      cycle,
    });
  }
  const sub = resolve(s.subprocedure, s.subprocedureVersion);
  if (sub === undefined) {
    const what = s.subprocedureVersion === undefined ? JSON.stringify(s.subprocedure) : `${JSON.stringify(s.subprocedure)} version ${s.subprocedureVersion}`;
    throw new NotFoundError("subprocedure_not_found", `step ${JSON.stringify(step)} of ${JSON.stringify(script.procedure)} links to procedure ${what}, whose graph script is not available`, {
      procedure: script.procedure,
      step,
      target: s.subprocedure,
    });
  }
  return sub;
}

/** True when `step` of `script` is detailed by a sub-procedure. */
export function isDetailed(script: GraphScript, step: string): boolean {
  return script.steps.some((s) => s.id === step && s.subprocedure !== undefined);
}
