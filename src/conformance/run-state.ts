// RunState: the state of one run of a procedure (which steps are done, where each first
// happened) and the judgement of the next step against the graph script's constraints.
// `judge(step)` returns the violations posting `step` now would cause (empty: allowed);
// `post(step)` judges and records it. checkOrder, OnlineSession and the next-step mask all
// judge through here, so the three agree by construction.
// Semantics (DESIGN.md): a step is allowed when it is not yet done (or repeatable) and every
// required ancestor is done. An optional ancestor that was skipped does not block; one that
// happens after its descendant is a violation, found when it happens. Constraints hold on
// first occurrences: repeating a repeatable step is judged only for repetition.
// A required step is "excused" (treated as skipped, like an optional one) once a violation has
// reported it missing, and from the start when the caller knows it never happens in this run
// (`skipped`, used by checkOrder on complete runs, where it is a missing step, not an order
// error). So one skipped step is reported once, not again at every later step that needs it;
// if it then happens after all, it is judged as a late predecessor of the steps done meanwhile.
// NOTE: of several missing required ancestors only the nearest are named (those with no other
// missing one after them); the farther ones are excused with them.
import type { GraphScript } from "../model/index.js";
import type { MissingRequiredViolation, Verdict, Violation } from "../model/queries.js";
import { precedenceClosure, type PrecedenceClosure } from "./precedence-closure.js";

export interface RunStateOptions {
  /** Steps known never to happen in this run (checkOrder on a complete run): never missing. */
  skipped?: ReadonlySet<string>;
}

export class RunState {
  readonly closure: PrecedenceClosure;
  private first = new Map<string, number>();
  private posted: string[] = [];
  /** Required steps treated as skipped: reported missing already, or known never to happen. */
  private excused: Set<string>;
  /** "step SEP missing ancestor" pairs already reported (the nearest named, the farther with it). */
  private reported = new Set<string>();

  constructor(script: GraphScript, steps: readonly string[] = [], options: RunStateOptions = {}) {
    this.closure = precedenceClosure(script);
    this.excused = new Set(options.skipped ?? []);
    for (const s of steps) this.post(s);
  }

  /** An independent copy (for search over continuations). */
  clone(): RunState {
    const c = Object.create(RunState.prototype) as RunState;
    Object.assign(c, {
      closure: this.closure,
      first: new Map(this.first),
      posted: [...this.posted],
      excused: new Set(this.excused),
      reported: new Set(this.reported),
    });
    return c;
  }

  /** Steps posted so far, in order (unknown and violating ones included). */
  get steps(): readonly string[] {
    return this.posted;
  }

  /** Known steps done at least once. */
  get done(): ReadonlySet<string> {
    return new Set(this.first.keys());
  }

  isDone(step: string): boolean {
    return this.first.has(step);
  }

  /** Violations that posting `step` at the next index would cause; empty when allowed. */
  judge(step: string): Violation[] {
    return this.assess(step).violations;
  }

  /** Judges `step` and records it as happened (unknown steps are recorded but never done). */
  post(step: string): Verdict {
    const index = this.posted.length;
    const { violations, missing } = this.assess(step);
    for (const m of missing) {
      this.excused.add(m);
      this.reported.add(`${step}\u0001${m}`);
    }
    this.posted.push(step);
    if (this.closure.known.has(step) && !this.first.has(step)) this.first.set(step, index);
    return { index, step, allowed: violations.length === 0, violations };
  }

  /** Required steps not done yet, in written order: what declaring the run complete would break. */
  missingRequired(): MissingRequiredViolation[] {
    return this.closure.steps
      .filter((s) => this.closure.required.has(s) && !this.first.has(s))
      .map((step) => ({ code: "missing_required", step }));
  }

  private assess(step: string): { violations: Violation[]; missing: string[] } {
    const index = this.posted.length;
    const c = this.closure;
    if (!c.known.has(step)) return { violations: [{ code: "unknown_step", step, index }], missing: [] };
    const firstIndex = this.first.get(step);
    if (firstIndex !== undefined) {
      return { violations: c.repeatable.has(step) ? [] : [{ code: "repeated_step", step, index, firstIndex }], missing: [] };
    }
    const out: Violation[] = [];
    const missing = [...c.ancestors.get(step)!].filter((a) => c.required.has(a) && !this.first.has(a) && !this.excused.has(a));
    const missingSet = new Set(missing);
    for (const a of missing) {
      const nearer = [...c.descendants.get(a)!].some((d) => missingSet.has(d));
      if (!nearer) out.push({ code: "precedence", step, index, requires: a });
    }
    if (!c.required.has(step) || this.excused.has(step)) {
      // A skipped step happening after a step it must precede: the earlier one broke the order.
      // Only the nearest such steps are named, and none whose violation already named this one.
      const doneAfter = [...c.descendants.get(step)!].filter((d) => this.first.has(d));
      const doneAfterSet = new Set(doneAfter);
      for (const d of doneAfter) {
        const nearer = [...c.ancestors.get(d)!].some((a) => doneAfterSet.has(a));
        if (!nearer && !this.reported.has(`${d}\u0001${step}`)) {
          out.push({ code: "precedence", step: d, index: this.first.get(d)!, requires: step, requiresIndex: index });
        }
      }
    }
    return { violations: sortViolations(out, c), missing };
  }
}

/** Deterministic order: by index, then by the written position of the step named. */
function sortViolations(vs: Violation[], c: PrecedenceClosure): Violation[] {
  const key = (v: Violation): [number, number] => {
    if (v.code === "precedence") return [v.requiresIndex ?? v.index, c.position.get(v.requires) ?? 0];
    if (v.code === "missing_required") return [Number.MAX_SAFE_INTEGER, c.position.get(v.step) ?? 0];
    return [v.index, 0];
  };
  return vs.sort((a, b) => {
    const [ai, ap] = key(a);
    const [bi, bp] = key(b);
    return ai - bi || ap - bp;
  });
}
