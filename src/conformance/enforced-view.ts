// The script the order check enforces: its precedence edges without the habits (edges every run
// kept but too few runs to tell from a habit, src/discovery/habit-edges.ts). Next-step ranking and
// completion read the whole script; the check, online sessions and their mistakes read this view.
// Cached per script object (WeakMap), so its precedence closure is built once as well.
import type { GraphScript } from "../model/index.js";

const views = new WeakMap<GraphScript, GraphScript>();

/** `script` itself when it has no habit edge; otherwise a copy without them. */
export function enforcedScript(script: GraphScript): GraphScript {
  if (!script.edges.some((e) => e.habit === true)) return script;
  let view = views.get(script);
  if (view === undefined) views.set(script, (view = { ...script, edges: script.edges.filter((e) => e.habit !== true) }));
  return view;
}
