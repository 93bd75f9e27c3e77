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
// State is kept in the closure's integer form (precedence-closure.ts): steps by written
// position, done and excused steps as bitsets, so judging a step is a few word operations.
import type { GraphScript } from "../model/index.js";
import type { MissingRequiredViolation, Verdict, Violation } from "../model/queries.js";
import { bitsKey, precedenceClosure, setBit, type PrecedenceClosure } from "./precedence-closure.js";

export interface RunStateOptions {
  /** Steps known never to happen in this run (checkOrder on a complete run): never missing. */
  skipped?: ReadonlySet<string>;
}

/** Scratch bitsets of one judgement (never kept across calls). */
let scratchMissing = new Uint32Array(8);
let scratchDoneAfter = new Uint32Array(8);

export class RunState {
  readonly closure: PrecedenceClosure;
  /** First index of each step (by written position) in the run; -1 while not done. */
  private first: Int32Array;
  /** Known steps done at least once, as a bitset. */
  private doneBits: Uint32Array;
  /** Known steps done at least once, in the order they first happened. */
  private doneOrder: string[];
  private posted: string[];
  /** Required steps treated as skipped: reported missing already, or known never to happen. */
  private excused: Uint32Array;
  /** (step, missing ancestor) pairs already reported, as step * n + ancestor (positions). */
  private reported: Set<number> | undefined;
  /** Known steps posted (repeats included), and the last two of them. */
  private knownPosted = 0;
  private lastKnownStep: string | undefined;
  private beforeLastKnownStep: string | undefined;
  /** Some step posted so far broke a rule (a violation was reported). */
  private deviated = false;

  constructor(script: GraphScript, steps: readonly string[] = [], options: RunStateOptions = {}) {
    const c = (this.closure = precedenceClosure(script));
    this.first = new Int32Array(c.steps.length).fill(-1);
    this.doneBits = new Uint32Array(c.words);
    this.doneOrder = [];
    this.posted = [];
    this.excused = new Uint32Array(c.words);
    this.reported = undefined;
    for (const s of options.skipped ?? []) {
      const i = c.position.get(s);
      if (i !== undefined) setBit(this.excused, 0, i);
    }
    for (const s of steps) this.post(s);
  }

  /** An independent copy (for search over continuations). */
  clone(): RunState {
    const c = Object.create(RunState.prototype) as RunState;
    Object.assign(c, {
      closure: this.closure,
      first: this.first.slice(),
      doneBits: this.doneBits.slice(),
      doneOrder: [...this.doneOrder],
      posted: [...this.posted],
      excused: this.excused.slice(),
      reported: this.reported && new Set(this.reported),
      knownPosted: this.knownPosted,
      lastKnownStep: this.lastKnownStep,
      beforeLastKnownStep: this.beforeLastKnownStep,
      deviated: this.deviated,
    });
    return c;
  }

  /** Steps posted so far, in order (unknown and violating ones included). */
  get steps(): readonly string[] {
    return this.posted;
  }

  /** Known steps done at least once. */
  get done(): ReadonlySet<string> {
    return new Set(this.doneOrder);
  }

  /** A string naming the set of done steps: equal sets, equal keys (see `bitsKey`). */
  doneKey(): string {
    return bitsKey(this.doneBits, this.closure.words);
  }

  /** `doneKey()` as it would be once `step` (a known step) is done too. */
  doneKeyWith(step: string): string {
    const c = this.closure;
    const bits = this.doneBits.slice();
    setBit(bits, 0, c.position.get(step)!);
    return bitsKey(bits, c.words);
  }

  /** Whether some known step was posted more than once. */
  get hasRepeat(): boolean {
    return this.knownPosted > this.doneOrder.length;
  }

  /** Known steps posted so far (repeats and violating ones included). */
  get knownStepCount(): number {
    return this.knownPosted;
  }

  /** Whether some step posted so far broke a rule of the script (any violation). */
  get hasDeviated(): boolean {
    return this.deviated;
  }

  /** The last known step posted, and the one before it (undefined when fewer were posted). */
  get lastKnown(): string | undefined {
    return this.lastKnownStep;
  }

  get beforeLastKnown(): string | undefined {
    return this.beforeLastKnownStep;
  }

  /** Whether the step at written position `i` of the closure is done. */
  isDoneAt(i: number): boolean {
    return this.first[i]! >= 0;
  }

  isDone(step: string): boolean {
    const i = this.closure.position.get(step);
    return i !== undefined && this.first[i]! >= 0;
  }

  /** Violations that posting `step` at the next index would cause; empty when allowed. */
  judge(step: string): Violation[] {
    const i = this.closure.position.get(step);
    if (i === undefined) return [{ code: "unknown_step", step, index: this.posted.length }];
    return this.assess(i, this.posted.length);
  }

  /** `judge` of the step at written position `i` of the closure. */
  judgeAt(i: number): Violation[] {
    return this.assess(i, this.posted.length);
  }

  /** Whether `judgeAt(i)` is empty, without building the violations. */
  allowsAt(i: number): boolean {
    return this.assess(i, this.posted.length, true) === ALLOWED;
  }

  /** Whether `missingRequired()` is not empty. */
  hasMissingRequired(): boolean {
    const c = this.closure;
    const needed = this.neededByDone();
    for (let w = 0; w < c.words; w++) if (((c.requiredBits[w]! | needed[w]!) & ~this.doneBits[w]!) !== 0) return true;
    return false;
  }

  /** The steps that done steps need (their `needs`), as a bitset. */
  private neededByDone(): Uint32Array {
    const c = this.closure;
    const out = new Uint32Array(c.words);
    for (const s of this.doneOrder) {
      const k = c.position.get(s)! * c.words;
      for (let w = 0; w < c.words; w++) out[w] = out[w]! | c.neededBits[k + w]!;
    }
    return out;
  }

  /** Judges `step` and records it as happened (unknown steps are recorded but never done). */
  post(step: string): Verdict {
    const index = this.posted.length;
    const c = this.closure;
    const i = c.position.get(step);
    let violations: Violation[];
    if (i === undefined) {
      violations = [{ code: "unknown_step", step, index }];
    } else {
      violations = this.assess(i, index);
      if (this.first[i]! < 0) {
        // Missing required ancestors are reported now (the nearest named, the farther with them).
        const words = c.words;
        const n = c.steps.length;
        for (let w = 0; w < words; w++) {
          let m = this.missingWord(i, w);
          if (m === 0) continue;
          this.excused[w] = this.excused[w]! | m;
          while (m !== 0) {
            const b = m & -m;
            m ^= b;
            (this.reported ??= new Set()).add(i * n + w * 32 + 31 - Math.clz32(b));
          }
        }
        this.first[i] = index;
        setBit(this.doneBits, 0, i);
        this.doneOrder.push(step);
      }
      this.knownPosted++;
      this.beforeLastKnownStep = this.lastKnownStep;
      this.lastKnownStep = step;
    }
    this.posted.push(step);
    if (violations.length > 0) this.deviated = true;
    return { index, step, allowed: violations.length === 0, violations };
  }

  /** Required steps, and steps that done steps need, not done yet, in written order: what declaring the run complete would break. */
  missingRequired(): MissingRequiredViolation[] {
    const c = this.closure;
    const out: MissingRequiredViolation[] = [];
    const needed = this.neededByDone();
    for (let i = 0; i < c.steps.length; i++) {
      const isNeeded = (needed[i >>> 5]! & (1 << (i & 31))) !== 0;
      if ((c.isRequired[i] === 1 || isNeeded) && this.first[i]! < 0) out.push({ code: "missing_required", step: c.steps[i]! });
    }
    return out;
  }

  /** Word `w` of the bitset of required (or needed) ancestors of step `i` neither done nor excused. */
  private missingWord(i: number, w: number): number {
    const c = this.closure;
    const k = i * c.words + w;
    return ((c.ancestorBits[k]! & c.requiredBits[w]!) | c.neededBits[k]!) & ~this.doneBits[w]! & ~this.excused[w]!;
  }

  /**
   * The violations of posting the known step at position `i` as the run's `index`-th step.
   * With `test`, nothing is built: BLOCKED at the first violation, ALLOWED when there is none.
   */
  private assess(i: number, index: number, test = false): Violation[] {
    const c = this.closure;
    const step = c.steps[i]!;
    const firstIndex = this.first[i]!;
    if (firstIndex >= 0) {
      if (c.isRepeatable[i] === 1) return test ? ALLOWED : [];
      return test ? BLOCKED : [{ code: "repeated_step", step, index, firstIndex }];
    }
    const words = c.words;
    if (scratchMissing.length < words) {
      scratchMissing = new Uint32Array(words);
      scratchDoneAfter = new Uint32Array(words);
    }
    const M = scratchMissing;
    let out: Violation[] | undefined;
    let anyMissing = 0;
    for (let w = 0; w < words; w++) anyMissing |= M[w] = this.missingWord(i, w);
    if (anyMissing !== 0) {
      // Each missing ancestor with no missing descendant of its own is named, in written order.
      for (let w = 0; w < words; w++) {
        let m = M[w]!;
        while (m !== 0) {
          const b = m & -m;
          m ^= b;
          const a = w * 32 + 31 - Math.clz32(b);
          if (!intersects(c.descendantBits, a * words, M, words)) {
            if (test) return BLOCKED;
            (out ??= []).push({ code: "precedence", step, index, requires: c.steps[a]! });
          }
        }
      }
    }
    if (c.isRequired[i] === 0 || (this.excused[i >>> 5]! & (1 << (i & 31))) !== 0) {
      // A skipped step happening after a step it must precede: the earlier one broke the order.
      // Only the nearest such steps are named, and none whose violation already named this one.
      const D = scratchDoneAfter;
      let anyAfter = 0;
      for (let w = 0; w < words; w++) anyAfter |= D[w] = c.descendantBits[i * words + w]! & this.doneBits[w]!;
      if (anyAfter !== 0) {
        const named: number[] = [];
        const n = c.steps.length;
        for (let w = 0; w < words; w++) {
          let m = D[w]!;
          while (m !== 0) {
            const b = m & -m;
            m ^= b;
            const d = w * 32 + 31 - Math.clz32(b);
            if (!intersects(c.ancestorBits, d * words, D, words) && !this.reported?.has(d * n + i)) {
              if (test) return BLOCKED;
              named.push(d);
            }
          }
        }
        // Same order as iterating the descendants set of the step.
        if (named.length > 1) named.sort((x, y) => c.descendantRank[x]! - c.descendantRank[y]!);
        for (const d of named) {
          (out ??= []).push({ code: "precedence", step: c.steps[d]!, index: this.first[d]!, requires: step, requiresIndex: index });
        }
      }
    }
    if (test) return ALLOWED;
    return out ? sortViolations(out, c) : [];
  }
}

/** Results of `assess` in test mode (never handed out). */
const BLOCKED: Violation[] = [];
const ALLOWED: Violation[] = [];

/** Whether the bitset at `offset` of `bits` shares a member with `other`. */
function intersects(bits: Uint32Array, offset: number, other: Uint32Array, words: number): boolean {
  for (let w = 0; w < words; w++) if ((bits[offset + w]! & other[w]!) !== 0) return true;
  return false;
}

/** Deterministic order: by index, then by the written position of the step named. */
function sortViolations(vs: Violation[], c: PrecedenceClosure): Violation[] {
  if (vs.length < 2) return vs;
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
