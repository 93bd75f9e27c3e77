// PairCounts: the order statistics of a trace set over integer step indexes, updated one trace
// at a time in O(d²) for d distinct steps in the trace, never holding the traces themselves.
// For every ordered pair (a, b) it counts the traces in which both occur and the first
// occurrence of a precedes the first occurrence of b; co-occurrence is before(a,b)+before(b,a)
// (first occurrences of two distinct steps never tie). Per step it counts the traces that
// contain it (support) and the traces in which it occurs more than once (repeats).
// Assumes step indexes are dense, 0-based and grow by one (`ensureSize`).
// NOTE: the matrix is a flat Uint32Array with capacity doubling; a procedure has tens to
// hundreds of steps, so n² counters stay small while millions of traces stream through.

export interface PairCountsState {
  size: number;
  traceCount: number;
  support: number[];
  repeats: number[];
  /** Row-major size×size matrix: before[a*size+b]. */
  before: number[];
  /** Row-major size×size matrix: traces in which b directly followed a. */
  follows: number[];
}

export class PairCounts {
  private capacity: number;
  private sizeValue: number;
  private beforeCounts: Uint32Array;
  /** follows[a*cap+b]: traces in which b directly followed a at least once. */
  private followsCounts: Uint32Array;
  private followStamp: Uint32Array;
  private supportCounts: Uint32Array;
  private repeatCounts: Uint32Array;
  private traces = 0;
  /** Scratch: trace-local mark of steps seen (stamp = trace number). */
  private seenStamp: Uint32Array;
  private repeatStamp: Uint32Array;
  private stamp = 0;
  private firstOrder: Int32Array;

  constructor(size = 0) {
    this.capacity = Math.max(4, size);
    this.sizeValue = size;
    this.beforeCounts = new Uint32Array(this.capacity * this.capacity);
    this.followsCounts = new Uint32Array(this.capacity * this.capacity);
    this.followStamp = new Uint32Array(this.capacity * this.capacity);
    this.supportCounts = new Uint32Array(this.capacity);
    this.repeatCounts = new Uint32Array(this.capacity);
    this.seenStamp = new Uint32Array(this.capacity);
    this.repeatStamp = new Uint32Array(this.capacity);
    this.firstOrder = new Int32Array(this.capacity);
  }

  get size(): number {
    return this.sizeValue;
  }

  get traceCount(): number {
    return this.traces;
  }

  /** Grows the step index space to at least `size` steps (new steps have zero counts). */
  ensureSize(size: number): void {
    if (size <= this.sizeValue) return;
    if (size > this.capacity) {
      let cap = this.capacity;
      while (cap < size) cap *= 2;
      const regrid = (m: Uint32Array): Uint32Array => {
        const out = new Uint32Array(cap * cap);
        for (let a = 0; a < this.sizeValue; a++) out.set(m.subarray(a * this.capacity, a * this.capacity + this.sizeValue), a * cap);
        return out;
      };
      this.beforeCounts = regrid(this.beforeCounts);
      this.followsCounts = regrid(this.followsCounts);
      this.followStamp = regrid(this.followStamp);
      this.supportCounts = grow(this.supportCounts, cap);
      this.repeatCounts = grow(this.repeatCounts, cap);
      this.seenStamp = grow(this.seenStamp, cap);
      this.repeatStamp = grow(this.repeatStamp, cap);
      this.firstOrder = new Int32Array(cap);
      this.capacity = cap;
    }
    this.sizeValue = size;
  }

  /**
   * Adds one trace given as step indexes (each < size), `times` times; a negative `times`
   * retracts traces added before (the caller never retracts more than it added).
   */
  add(trace: ArrayLike<number>, times = 1): void {
    this.traces += times;
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.seenStamp.fill(0);
      this.repeatStamp.fill(0);
      this.followStamp.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    let d = 0;
    for (let i = 0; i < trace.length; i++) {
      const s = trace[i]!;
      if (this.seenStamp[s] === stamp) {
        if (this.repeatStamp[s] !== stamp) {
          this.repeatStamp[s] = stamp;
          this.repeatCounts[s]! += times;
        }
        continue;
      }
      this.seenStamp[s] = stamp;
      this.supportCounts[s]! += times;
      this.firstOrder[d++] = s;
    }
    const cap = this.capacity;
    for (let i = 1; i < trace.length; i++) {
      const k = trace[i - 1]! * cap + trace[i]!;
      if (this.followStamp[k] !== stamp) {
        this.followStamp[k] = stamp;
        this.followsCounts[k]! += times;
      }
    }
    const order = this.firstOrder;
    const before = this.beforeCounts;
    for (let i = 0; i < d; i++) {
      const row = order[i]! * cap;
      for (let j = i + 1; j < d; j++) before[row + order[j]!]! += times;
    }
  }

  /** Traces in which both occur and a's first occurrence came before b's. */
  before(a: number, b: number): number {
    return this.beforeCounts[a * this.capacity + b]!;
  }

  /** Traces in which b directly followed a at least once. */
  follows(a: number, b: number): number {
    return this.followsCounts[a * this.capacity + b]!;
  }

  /** Traces in which both a and b occur. */
  cooccur(a: number, b: number): number {
    return a === b ? this.supportCounts[a]! : this.before(a, b) + this.before(b, a);
  }

  support(a: number): number {
    return this.supportCounts[a]!;
  }

  repeats(a: number): number {
    return this.repeatCounts[a]!;
  }

  /** A copy without one trace of each of `traces` (runs set aside; the original is untouched). */
  without(traces: Iterable<ArrayLike<number>>): PairCounts {
    const rest = this.clone();
    for (const t of traces) rest.add(t, -1);
    return rest;
  }

  /** An independent copy (for retracting outlier traces without touching the original). */
  clone(): PairCounts {
    const c = new PairCounts(0);
    c.capacity = this.capacity;
    c.sizeValue = this.sizeValue;
    c.beforeCounts = this.beforeCounts.slice();
    c.followsCounts = this.followsCounts.slice();
    c.followStamp = new Uint32Array(this.followStamp.length);
    c.supportCounts = this.supportCounts.slice();
    c.repeatCounts = this.repeatCounts.slice();
    c.seenStamp = new Uint32Array(this.capacity);
    c.repeatStamp = new Uint32Array(this.capacity);
    c.firstOrder = new Int32Array(this.capacity);
    c.traces = this.traces;
    return c;
  }

  toState(): PairCountsState {
    const n = this.sizeValue;
    const before: number[] = new Array<number>(n * n);
    const follows: number[] = new Array<number>(n * n);
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) {
        before[a * n + b] = this.before(a, b);
        follows[a * n + b] = this.follows(a, b);
      }
    return {
      size: n,
      traceCount: this.traces,
      support: Array.from(this.supportCounts.subarray(0, n)),
      repeats: Array.from(this.repeatCounts.subarray(0, n)),
      before,
      follows,
    };
  }

  static fromState(state: PairCountsState): PairCounts {
    const n = state.size;
    const c = new PairCounts(n);
    c.traces = state.traceCount;
    for (let a = 0; a < n; a++) {
      c.supportCounts[a] = state.support[a]!;
      c.repeatCounts[a] = state.repeats[a]!;
      for (let b = 0; b < n; b++) {
        c.beforeCounts[a * c.capacity + b] = state.before[a * n + b]!;
        c.followsCounts[a * c.capacity + b] = state.follows[a * n + b]!;
      }
    }
    return c;
  }
}

function grow(a: Uint32Array, cap: number): Uint32Array {
  const out = new Uint32Array(cap);
  out.set(a);
  return out;
}
