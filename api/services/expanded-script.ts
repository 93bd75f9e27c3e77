// The graph script of a procedure version with its sub-procedures expanded `depth` levels deep
// (src/hierarchy/expand.ts): the scripts of every linked procedure (pinned version, or latest)
// are loaded first, breadth-first up to `depth`, so that `expand` can resolve them synchronously.
// depth 0 returns the script itself.
import type { GraphScript, Procedure } from "../../src/model/index.js";
import { expand, type ScriptResolver } from "../../src/hierarchy/expand.js";
import type { AppContext } from "../context.js";

function refKey(id: string, version?: number): string {
  return version === undefined ? `${id}@latest` : `${id}@${version}`;
}

/**
 * Loads the scripts of every procedure linked from `root`, breadth-first up to `depth` levels,
 * and returns a synchronous resolver over them (what `expand` and the hierarchical queries need).
 * A link whose target is missing resolves to undefined.
 */
export async function loadSubScripts(ctx: AppContext, root: GraphScript, depth: number): Promise<ScriptResolver> {
  const loaded = new Map<string, GraphScript>();
  let frontier: GraphScript[] = [root];
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const next: GraphScript[] = [];
    for (const script of frontier) {
      for (const step of script.steps) {
        if (step.subprocedure === undefined) continue;
        const key = refKey(step.subprocedure, step.subprocedureVersion);
        if (loaded.has(key)) continue;
        const child = await ctx.procedures.get(step.subprocedure, step.subprocedureVersion);
        if (child === undefined) continue;
        const childScript = await ctx.scripts.get(child);
        loaded.set(key, childScript);
        next.push(childScript);
      }
    }
    frontier = next;
  }
  return (id, version) => loaded.get(refKey(id, version));
}

export async function expandedScript(ctx: AppContext, p: Procedure, depth: number): Promise<GraphScript> {
  const root = await ctx.scripts.get(p);
  if (depth === 0) return root;
  return expand(root, await loadSubScripts(ctx, root, depth), depth);
}
