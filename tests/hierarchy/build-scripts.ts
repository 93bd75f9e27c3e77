// Tiny hand-built hierarchies for the hierarchy tests: procedures written inline, turned into
// graph scripts by the real induction (no traces: the written chain), and a resolver over them.
import { induce } from "../../src/discovery/induce.js";
import type { ScriptResolver } from "../../src/hierarchy/expand.js";
import { ProcedureSchema, type GraphScript, type Procedure } from "../../src/model/index.js";

/** A step: its id, or [id, sub-procedure id, pinned version?]. */
export type StepSpec = string | [string, string, number?];

export function procedure(id: string, steps: StepSpec[], version = 1): Procedure {
  return ProcedureSchema.parse({
    id,
    version,
    title: id.toUpperCase(),
    steps: steps.map((s) => {
      if (typeof s === "string") return { id: s, text: `do ${s}` };
      const [step, sub, pinned] = s;
      return { id: step, text: `do ${step}`, subprocedure: sub, ...(pinned === undefined ? {} : { subprocedureVersion: pinned }) };
    }),
  });
}

export function script(id: string, steps: StepSpec[], options: { version?: number; traces?: string[][] } = {}): GraphScript {
  return induce(procedure(id, steps, options.version ?? 1), options.traces ?? []);
}

/** Resolves by id and version (latest version when unpinned). */
export function resolverOf(...scripts: GraphScript[]): ScriptResolver {
  return (id, version) => {
    const matching = scripts.filter((s) => s.procedure === id && (version === undefined || s.version === version));
    return matching.sort((a, b) => b.version - a.version)[0];
  };
}
