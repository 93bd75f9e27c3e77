// The graph script as text, for `stepgraph induce` without --json: each step (in the order a run
// may take them, written order breaking ties; its text beside its id) with what must come before it, whether it is
// optional or may repeat, and how many runs did it. Edges the check does not enforce (habits,
// docs/engine.md induction step 8) are listed apart. Long scripts are cut at `max` steps with a
// pointer to the full JSON.
import { END, START, type GraphScript } from "../../src/model/index.js";

/** The steps in an order the precedence edges allow (Kahn's algorithm, written position first). */
function stepOrder(script: GraphScript): GraphScript["steps"] {
  const byId = new Map(script.steps.map((s) => [s.id, s]));
  const indegree = new Map(script.steps.map((s) => [s.id, 0]));
  const out = new Map<string, string[]>();
  for (const e of script.edges) {
    if (!byId.has(e.from) || !byId.has(e.to)) continue;
    indegree.set(e.to, indegree.get(e.to)! + 1);
    const next = out.get(e.from);
    if (next === undefined) out.set(e.from, [e.to]);
    else next.push(e.to);
  }
  const rank = (id: string) => byId.get(id)!.position;
  const ready = script.steps.filter((s) => indegree.get(s.id) === 0).map((s) => s.id);
  const order: GraphScript["steps"] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => rank(a) - rank(b));
    const id = ready.shift()!;
    order.push(byId.get(id)!);
    for (const to of out.get(id) ?? []) {
      indegree.set(to, indegree.get(to)! - 1);
      if (indegree.get(to) === 0) ready.push(to);
    }
  }
  // NOTE: an induced script is acyclic; a hand-edited one may not be: its other steps follow.
  const placed = new Set(order);
  for (const s of script.steps) if (!placed.has(s)) order.push(s);
  return order;
}

export function scriptOutline(script: GraphScript, max = 40): string {
  const enforced = new Map<string, string[]>();
  const habits: string[] = [];
  for (const e of script.edges) {
    if (e.from === START || e.to === END || e.origin === "structural") continue;
    if (e.habit === true) habits.push(`${e.from} → ${e.to}`);
    else {
      const before = enforced.get(e.to);
      if (before === undefined) enforced.set(e.to, [e.from]);
      else before.push(e.from);
    }
  }
  const optional = new Set(script.steps.filter((s) => s.optional).map((s) => s.id));
  // Before an optional predecessor come its own predecessors: a run that skips it still keeps
  // them before this step, so they are listed too ("after: label, filter; photograph when done").
  const afterOf = (id: string): string => {
    const sure: string[] = [];
    const ifDone: string[] = [];
    const seen = new Set<string>();
    const visit = (to: string) => {
      for (const from of enforced.get(to) ?? []) {
        if (seen.has(from)) continue;
        seen.add(from);
        if (optional.has(from)) {
          ifDone.push(from);
          visit(from);
        } else sure.push(from);
      }
    };
    visit(id);
    if (sure.length + ifDone.length === 0) return "after: (nothing)";
    return `after: ${[sure.join(", "), ifDone.length > 0 ? `${ifDone.join(", ")} when done` : ""].filter((x) => x !== "").join("; ")}`;
  };
  const order = stepOrder(script);
  // A step's text beside its id when they differ (ids such as "68" say nothing), cut to a line.
  const label = (s: GraphScript["steps"][number]) => {
    const text = s.text.trim() === "" || s.text === s.id ? "" : s.text.length > 40 ? `${s.text.slice(0, 39)}…` : s.text;
    return text === "" ? s.id : `${s.id} ${text}`;
  };
  const width = Math.min(48, Math.max(4, ...order.slice(0, max).map((s) => label(s).length)));
  const lines = order.slice(0, max).map((s, i) => {
    const marks = [s.optional ? "optional" : "required", ...(s.repeatable ? ["may repeat"] : [])].join(", ");
    const runs = script.traceCount > 0 ? `, ${s.support} of ${script.traceCount} runs` : "";
    return `  ${String(i + 1).padStart(2)}. ${label(s).padEnd(width)}  ${afterOf(s.id)}  [${marks}${runs}]`;
  });
  if (order.length > max) lines.push(`  … ${order.length - max} more steps (--out FILE or --json for the whole script)`);
  if (habits.length > 0) lines.push(`usual but not enforced (habits of the runs): ${habits.slice(0, 10).join("; ")}${habits.length > 10 ? `; … ${habits.length - 10} more` : ""}`);
  return `the graph (each step after the steps that must come before it):\n${lines.join("\n")}`;
}
