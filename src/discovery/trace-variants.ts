// TraceVariants: the distinct traces seen (as step-index sequences) with how often each was
// seen, up to `maxVariants` distinct ones. Induction uses it to retract outlier traces from the
// pair counts (src/discovery/outlier-traces.ts) without keeping the log: a log of a million
// runs of one procedure usually has a few thousand variants.
// NOTE: past the cap, new variants are no longer recorded (`overflow` counts their traces);
// they stay in the pair counts and can never be retracted as outliers.

export interface TraceVariantsState {
  maxVariants: number;
  /** [step indexes, count] per variant, in first-seen order. */
  variants: [number[], number][];
  overflow: number;
}

export class TraceVariants {
  private readonly table = new Map<string, { steps: number[]; count: number }>();
  private overflowCount = 0;

  constructor(readonly maxVariants = 10_000) {}

  add(trace: ArrayLike<number>): void {
    let key = "";
    for (let i = 0; i < trace.length; i++) key += `${trace[i]},`;
    const v = this.table.get(key);
    if (v !== undefined) v.count++;
    else if (this.table.size < this.maxVariants) this.table.set(key, { steps: Array.from(trace), count: 1 });
    else this.overflowCount++;
  }

  get size(): number {
    return this.table.size;
  }

  /** Traces whose variant was not recorded because the table was full. */
  get overflow(): number {
    return this.overflowCount;
  }

  *entries(): IterableIterator<{ steps: readonly number[]; count: number }> {
    yield* this.table.values();
  }

  /** The variants but those whose step arrays (the objects `entries` yields) are in `setAside`. */
  entriesExcept(setAside: ReadonlySet<readonly number[]>): { steps: readonly number[]; count: number }[] {
    return [...this.table.values()].filter((v) => !setAside.has(v.steps));
  }

  toState(): TraceVariantsState {
    return { maxVariants: this.maxVariants, variants: [...this.table.values()].map((v) => [v.steps, v.count]), overflow: this.overflowCount };
  }

  static fromState(state: TraceVariantsState): TraceVariants {
    const t = new TraceVariants(state.maxVariants);
    for (const [steps, count] of state.variants) t.table.set(steps.map((s) => `${s},`).join(""), { steps: [...steps], count });
    t.overflowCount = state.overflow;
    return t;
  }
}
