// OnlineSession: a live run of a procedure, one step at a time. `step(id)` returns the verdict
// for that step (allowed, or the violations it causes) and records it as happened, so later
// verdicts judge against what really happened; `next(k)` ranks what may come next.
// Same semantics as checkOrder (both judge through RunState).
import type { GraphScript } from "../model/index.js";
import type { MissingRequiredViolation, NextStep, Verdict } from "../model/queries.js";
import { nextSteps, type NextStepsOptions } from "../query/next-steps.js";
import { enforcedScript } from "./enforced-view.js";
import { RunState } from "./run-state.js";

export class OnlineSession {
  private readonly run: RunState;
  private readonly verdictLog: Verdict[] = [];

  constructor(
    readonly script: GraphScript,
    steps: readonly string[] = [],
    private readonly nextOptions: NextStepsOptions = {},
  ) {
    this.run = new RunState(enforcedScript(script));
    for (const s of steps) this.step(s);
  }

  /** Posts one step; returns its verdict. */
  step(id: string): Verdict {
    const v = this.run.post(id);
    this.verdictLog.push(v);
    return v;
  }

  /** Steps posted so far, in order (violating and unknown ones included). */
  get steps(): string[] {
    return [...this.run.steps];
  }

  /** Verdicts of every posted step, in order. */
  get verdicts(): readonly Verdict[] {
    return this.verdictLog;
  }

  /** Ranked candidates for the next step. */
  next(k = 5): NextStep[] {
    return nextSteps(this.script, this.run.steps, k, this.nextOptions);
  }

  /** Required steps not done yet: what ending the run now would break. */
  missingRequired(): MissingRequiredViolation[] {
    return this.run.missingRequired();
  }
}
