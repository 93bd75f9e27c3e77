// The script the order check enforces: its precedence edges without the habits (orders the runs
// keep but too few of them to tell from a habit, src/discovery/habit-edges.ts). Next-step ranking
// and completion read the whole script; the check, online sessions and `next`'s `allowed` flag
// read this view. Cached per script object (WeakMap; the script itself when it has no habit), so
// the view's precedence closure is built once as well.
import type { GraphScript } from "../model/index.js";

const views = new WeakMap<GraphScript, GraphScript>();

/** `script` itself when it has no habit edge; otherwise a copy without them. */
export function enforcedScript(script: GraphScript): GraphScript {
  let view = views.get(script);
  if (view === undefined) {
    view = script.edges.some((e) => e.habit === true) ? { ...script, edges: script.edges.filter((e) => e.habit !== true) } : script;
    views.set(script, view);
  }
  return view;
}
