// SequenceCounts: the transition statistics of a trace set, updated one trace at a time in
// O(length) (plus the set-state key), serialisable so induction can resume without rereading
// old traces. Returns, for the GraphScript: bigram transitions, trigrams, and set-state counts
// (which step came next after exactly this set of done steps), each in first-seen order.
// NOTE: set states after a run's first repeated step are counted apart (flag `afterRepeat`):
// after a repeat the same set stands for runs in different places, so next-step ranking uses only
// the states of runs with no repeat so far (the last steps, in trigrams, say more after one),
// while the derived views still see every pair of steps done together; at most `maxStates`
// distinct states are kept, later new states are dropped (their counts still reach bigrams).
// NOTE: counts live in nested maps keyed by the step ids themselves (no per-event key strings),
// which keeps a million-event log to about a second; the JSON state keeps the flat
// SEP-joined keys of the first version, so saved states stay readable.
import { END, START, type StateCount, type Transition, type Trigram } from "../model/index.js";

const SEP = "\u0001";
/** Key prefix of the states counted after a run's first repeat. */
const REPEAT = "\u0002";

export interface SequenceCountsState {
  bigrams: [string, number][];
  trigrams: [string, number][];
  states: [string, number][];
  maxStates: number;
}

interface Cell {
  /** Context: [from] for bigrams, [a, b] for trigrams, the sorted done set for states. */
  context: readonly string[];
  /** State key (SEP-joined done set) for states; unused otherwise. */
  key: string;
  to: string;
  count: number;
}

/** Two-level counter: context key → next step → cell, with cells in first-seen order. */
class NextCounter {
  readonly byContext = new Map<string, Map<string, Cell>>();
  readonly cells: Cell[] = [];

  row(key: string): Map<string, Cell> | undefined {
    return this.byContext.get(key);
  }

  inc(key: string, context: () => readonly string[], to: string, by = 1): void {
    let row = this.byContext.get(key);
    if (row === undefined) this.byContext.set(key, (row = new Map()));
    const cell = row.get(to);
    if (cell !== undefined) cell.count += by;
    else {
      const c: Cell = { context: context(), key, to, count: by };
      row.set(to, c);
      this.cells.push(c);
    }
  }
}

export class SequenceCounts {
  private readonly bigrams = new NextCounter();
  /** Trigrams: outer context key is `a SEP b`, built once per event. */
  private readonly trigrams = new NextCounter();
  /** States: context key is the sorted done set joined by SEP. */
  private readonly stateCounts = new NextCounter();

  constructor(readonly maxStates = 100_000) {}

  /** Counts `steps` as `times` runs (a trace variant seen that often). */
  add(steps: readonly string[], times = 1): void {
    const n = steps.length;
    const at = (i: number): string => (i < 0 ? START : i < n ? steps[i]! : END);
    for (let i = 0; i <= n; i++) {
      const prev = at(i - 1);
      const cur = at(i);
      this.bigrams.inc(prev, () => [prev], cur, times);
      if (i >= 1) {
        const a = at(i - 2);
        this.trigrams.inc(`${a}${SEP}${prev}`, () => [a, prev], cur, times);
      }
    }
    // The done set is kept as a sorted array, its key rebuilt only when the set grows
    // (a repeated step leaves it unchanged): same keys as sorting the set at every step.
    const done = new Set<string>();
    const sorted: string[] = [];
    let stateKey = "";
    let context: readonly string[] = [];
    let prefix = "";
    for (let i = 0; i <= n; i++) {
      const next = i < n ? steps[i]! : END;
      const key = prefix + stateKey;
      if (this.stateCounts.row(key) !== undefined || this.stateCounts.byContext.size < this.maxStates) {
        const ctx = context;
        this.stateCounts.inc(key, () => ctx, next, times);
      }
      if (i < n && done.has(next)) prefix = REPEAT;
      else if (i < n) {
        done.add(next);
        let lo = 0;
        let hi = sorted.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (sorted[mid]! < next) lo = mid + 1;
          else hi = mid;
        }
        sorted.splice(lo, 0, next);
        stateKey = sorted.join(SEP);
        context = [...sorted];
      }
    }
  }

  transitions(): Transition[] {
    return this.bigrams.cells.map((c) => ({ from: c.context[0]!, to: c.to, count: c.count }));
  }

  trigramCounts(): Trigram[] {
    return this.trigrams.cells.map((c) => ({ prev: [c.context[0]!, c.context[1]!], to: c.to, count: c.count }));
  }

  states(): StateCount[] {
    return this.stateCounts.cells.map((c) =>
      c.key.startsWith(REPEAT) ? { done: [...c.context], to: c.to, count: c.count, afterRepeat: true as const } : { done: [...c.context], to: c.to, count: c.count },
    );
  }

  toState(): SequenceCountsState {
    return {
      bigrams: this.bigrams.cells.map((c) => [`${c.context[0]}${SEP}${c.to}`, c.count]),
      trigrams: this.trigrams.cells.map((c) => [`${c.context[0]}${SEP}${c.context[1]}${SEP}${c.to}`, c.count]),
      states: this.stateCounts.cells.map((c) => [`${c.key}${SEP}${SEP}${c.to}`, c.count]),
      maxStates: this.maxStates,
    };
  }

  static fromState(state: SequenceCountsState): SequenceCounts {
    const c = new SequenceCounts(state.maxStates);
    for (const [k, v] of state.bigrams) {
      const [from, to] = k.split(SEP) as [string, string];
      c.bigrams.inc(from, () => [from], to, v);
    }
    for (const [k, v] of state.trigrams) {
      const [a, b, to] = k.split(SEP) as [string, string, string];
      c.trigrams.inc(`${a}${SEP}${b}`, () => [a, b], to, v);
    }
    for (const [k, v] of state.states) {
      const cut = k.lastIndexOf(SEP + SEP);
      const key = k.slice(0, cut);
      const set = key.startsWith(REPEAT) ? key.slice(REPEAT.length) : key;
      c.stateCounts.inc(key, () => (set === "" ? [] : set.split(SEP)), k.slice(cut + 2), v);
    }
    return c;
  }
}
