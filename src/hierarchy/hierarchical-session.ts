// HierarchicalSession: a live run of a procedure whose steps may be detailed by sub-procedures,
// one event at a time. Events are namespaced step ids (`a`, `b/b1`, `b/b1/x`, as expand names
// them) mixing levels freely. The session keeps a stack of the detailed steps the person is
// inside (root first) and judges each event at the level where it happens, through one
// OnlineSession per open level (src/conformance), so each level keeps checkOrder's semantics:
// - a sub-step `b/x` first enters b: `b` is posted to its parent's level (judged there against
//   b's predecessors), then `x` to b's sub-procedure;
// - an event outside b (a parent-level step, or another detailed step) leaves b; leaving a
//   sub-procedure before its required steps are done reports them as missing_required there;
// - naming a detailed step itself (`b`) while inside it declares it finished (its missing
//   required sub-steps are reported); naming it from outside counts it done as a whole;
// - `next(k)` ranks what may come next: inside b, b's sub-procedure's next steps; once b may
//   end (its END is allowed), the parent's next steps share END's probability.
// Violations name namespaced step ids and the global index of the event in the run.
// Assumes `resolve` answers every link (NotFoundError "subprocedure_not_found" otherwise).
// NOTE: events that match no step of the hierarchy are judged at the root (unknown_step) and
// leave the stack as it is.
import type { GraphScript } from "../model/index.js";
import { END } from "../model/index.js";
import type { NextStep, Violation } from "../model/queries.js";
import { OnlineSession } from "../conformance/online-session.js";
import { PATH_SEPARATOR, type ScriptResolver } from "./expand.js";
import { resolveStepPath, subScript } from "./step-path.js";

/** A violation found at one level of the hierarchy. */
export interface LevelViolation {
  /** Procedure (and version) of the level whose constraint is broken. */
  procedure: string;
  version: number;
  /** Namespaced id of the detailed step this level details; "" at the root. */
  within: string;
  /** Step ids namespaced from the root; indices are positions in the whole run. */
  violation: Violation;
}

export interface HierarchicalVerdict {
  index: number;
  step: string;
  allowed: boolean;
  violations: LevelViolation[];
  /** Namespaced ids of the detailed steps the person is inside after this event, outermost first. */
  stack: string[];
}

export interface HierarchicalNextStep extends NextStep {
  /** Namespaced id of the detailed step whose sub-procedure proposes it; "" at the root. */
  within: string;
}

interface Frame {
  script: GraphScript;
  /** Namespaced id of the step this frame details ("" for the root). */
  within: string;
  session: OnlineSession;
  /** Global index of each event posted to this frame. */
  indices: number[];
}

export class HierarchicalSession {
  private readonly frames: Frame[];
  private readonly events: string[] = [];
  private readonly verdictLog: HierarchicalVerdict[] = [];

  constructor(
    readonly root: GraphScript,
    private readonly resolve: ScriptResolver,
    steps: readonly string[] = [],
  ) {
    this.frames = [newFrame(root, "")];
    for (const s of steps) this.step(s);
  }

  /** Events posted so far, as given. */
  get steps(): string[] {
    return [...this.events];
  }

  get verdicts(): readonly HierarchicalVerdict[] {
    return this.verdictLog;
  }

  /** Namespaced ids of the detailed steps the person is inside, outermost first. */
  get stack(): string[] {
    return this.frames.slice(1).map((f) => f.within);
  }

  /** Posts one event; returns its verdict. */
  step(id: string): HierarchicalVerdict {
    const index = this.events.length;
    this.events.push(id);
    const found: LevelViolation[] = [];
    const levels = resolveStepPath(this.root, this.resolve, id);
    if (levels === undefined) {
      found.push(...this.post(0, id, index));
    } else {
      // Enter (or stay in) the detailed steps on the way down.
      for (let j = 1; j < levels.length; j++) {
        const frame = this.frames[j];
        if (frame !== undefined && frame.within === levels[j - 1]!.path) continue;
        found.push(...this.closeFrom(j));
        found.push(...this.post(j - 1, levels[j - 1]!.step, index));
        this.frames.push(newFrame(subScript(levels[j - 1]!.script, levels[j - 1]!.step, this.resolve), levels[j - 1]!.path));
      }
      const k = levels.length - 1;
      const last = levels[k]!;
      const inside = this.frames[k + 1];
      if (inside !== undefined && inside.within === last.path) {
        // Naming the detailed step we are in: it is finished now.
        found.push(...this.closeFrom(k + 1));
      } else {
        found.push(...this.closeFrom(k + 1));
        found.push(...this.post(k, last.step, index));
      }
    }
    const verdict: HierarchicalVerdict = { index, step: id, allowed: found.length === 0, violations: found, stack: this.stack };
    this.verdictLog.push(verdict);
    return verdict;
  }

  /**
   * Ends the run: every open level must be complete when `complete` is true (the missing
   * required steps of each, innermost first); otherwise nothing is reported.
   */
  finish(complete: boolean): LevelViolation[] {
    if (!complete) return [];
    const out: LevelViolation[] = [];
    for (let j = this.frames.length - 1; j >= 0; j--) out.push(...missingOf(this.frames[j]!));
    return out;
  }

  /** Ranked candidates for the next event, namespaced, across levels (see the header). */
  next(k = 5): HierarchicalNextStep[] {
    const all = this.levelNext(this.frames.length - 1, 1);
    return all
      .sort((a, b) => Number(b.allowed) - Number(a.allowed) || b.probability - a.probability)
      .slice(0, Math.max(0, k));
  }

  private levelNext(j: number, mass: number): HierarchicalNextStep[] {
    const frame = this.frames[j]!;
    const candidates = frame.session.next(Number.MAX_SAFE_INTEGER);
    const out: HierarchicalNextStep[] = [];
    for (const c of candidates) {
      if (c.step === END && j > 0) {
        if (c.allowed && c.probability > 0) out.push(...this.levelNext(j - 1, mass * c.probability));
        continue;
      }
      const n: HierarchicalNextStep = {
        step: c.step === END ? END : name(frame.within, c.step),
        probability: round(mass * c.probability),
        allowed: c.allowed,
        within: frame.within,
      };
      if (c.reason !== undefined) n.reason = namespaced(c.reason, frame, this.events.length);
      out.push(n);
    }
    return out;
  }

  private post(level: number, step: string, index: number): LevelViolation[] {
    const frame = this.frames[level]!;
    frame.indices.push(index);
    const verdict = frame.session.step(step);
    return verdict.violations.map((v) => levelViolation(frame, namespaced(v, frame)));
  }

  /** Leaves every level from `j` down; each must be complete (missing_required otherwise). */
  private closeFrom(j: number): LevelViolation[] {
    const out: LevelViolation[] = [];
    while (this.frames.length > j) out.push(...missingOf(this.frames.pop()!));
    return out;
  }
}

function newFrame(script: GraphScript, within: string): Frame {
  return { script, within, session: new OnlineSession(script), indices: [] };
}

function missingOf(frame: Frame): LevelViolation[] {
  return frame.session.missingRequired().map((v) => levelViolation(frame, namespaced(v, frame)));
}

function levelViolation(frame: Frame, violation: Violation): LevelViolation {
  return { procedure: frame.script.procedure, version: frame.script.version, within: frame.within, violation };
}

function name(within: string, step: string): string {
  return within === "" ? step : `${within}${PATH_SEPARATOR}${step}`;
}

/**
 * The violation with step ids namespaced and indices turned into global ones; the local index
 * one past the frame's last event (a hypothetical next step) becomes `nextIndex`.
 */
function namespaced(v: Violation, frame: Frame, nextIndex?: number): Violation {
  const at = (i: number): number => frame.indices[i] ?? nextIndex ?? i;
  switch (v.code) {
    case "precedence": {
      const out: Violation = { code: "precedence", step: name(frame.within, v.step), index: at(v.index), requires: name(frame.within, v.requires) };
      if (v.requiresIndex !== undefined) out.requiresIndex = at(v.requiresIndex);
      return out;
    }
    case "missing_required":
      return { code: "missing_required", step: name(frame.within, v.step) };
    case "unknown_step":
      return { code: "unknown_step", step: frame.within === "" ? v.step : name(frame.within, v.step), index: at(v.index) };
    case "repeated_step":
      return { code: "repeated_step", step: name(frame.within, v.step), index: at(v.index), firstIndex: at(v.firstIndex) };
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
