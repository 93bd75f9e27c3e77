// SequenceCounts: the transition statistics of a trace set, updated one trace at a time in
// O(length) (plus the set-state key), serialisable so induction can resume without rereading
// old traces. Returns, for the GraphScript: bigram transitions, trigrams, and set-state counts
// (which step came next after exactly this set of done steps).
// NOTE: set states ignore multiplicity (a repeated step is "done" once); at most `maxStates`
// distinct states are kept, later new states are dropped (their counts still reach bigrams).
import { END, START, type StateCount, type Transition, type Trigram } from "../model/index.js";

const SEP = "\u0001";

export interface SequenceCountsState {
  bigrams: [string, number][];
  trigrams: [string, number][];
  states: [string, number][];
  maxStates: number;
}

export class SequenceCounts {
  private readonly bigrams = new Map<string, number>();
  private readonly trigrams = new Map<string, number>();
  /** key: sorted done set joined by SEP, then SEP+SEP, then the next step. */
  private readonly stateCounts = new Map<string, number>();
  private readonly stateKeys = new Set<string>();

  constructor(readonly maxStates = 100_000) {}

  add(steps: readonly string[]): void {
    const seq = [START, ...steps, END];
    for (let i = 1; i < seq.length; i++) {
      inc(this.bigrams, `${seq[i - 1]}${SEP}${seq[i]}`);
      if (i >= 2) inc(this.trigrams, `${seq[i - 2]}${SEP}${seq[i - 1]}${SEP}${seq[i]}`);
    }
    const done = new Set<string>();
    for (let i = 0; i <= steps.length; i++) {
      const stateKey = [...done].sort().join(SEP);
      const next = i < steps.length ? steps[i]! : END;
      if (this.stateKeys.has(stateKey) || this.stateKeys.size < this.maxStates) {
        this.stateKeys.add(stateKey);
        inc(this.stateCounts, `${stateKey}${SEP}${SEP}${next}`);
      }
      if (i < steps.length) done.add(steps[i]!);
    }
  }

  transitions(): Transition[] {
    return [...this.bigrams].map(([k, count]) => {
      const [from, to] = k.split(SEP) as [string, string];
      return { from, to, count };
    });
  }

  trigramCounts(): Trigram[] {
    return [...this.trigrams].map(([k, count]) => {
      const [a, b, to] = k.split(SEP) as [string, string, string];
      return { prev: [a, b], to, count };
    });
  }

  states(): StateCount[] {
    return [...this.stateCounts].map(([k, count]) => {
      const cut = k.lastIndexOf(SEP + SEP);
      const setKey = k.slice(0, cut);
      return { done: setKey === "" ? [] : setKey.split(SEP), to: k.slice(cut + 2), count };
    });
  }

  toState(): SequenceCountsState {
    return {
      bigrams: [...this.bigrams],
      trigrams: [...this.trigrams],
      states: [...this.stateCounts],
      maxStates: this.maxStates,
    };
  }

  static fromState(state: SequenceCountsState): SequenceCounts {
    const c = new SequenceCounts(state.maxStates);
    for (const [k, v] of state.bigrams) c.bigrams.set(k, v);
    for (const [k, v] of state.trigrams) c.trigrams.set(k, v);
    for (const [k, v] of state.states) {
      c.stateCounts.set(k, v);
      c.stateKeys.add(k.slice(0, k.lastIndexOf(SEP + SEP)));
    }
    return c;
  }
}

function inc(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}
