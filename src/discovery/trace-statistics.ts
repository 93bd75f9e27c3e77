// Trace statistics of the seed paper (Zhou et al., ACL 2023, "Non-Sequential Graph Script
// Induction via Multimedia Grounding"), for any trace set:
// - reversedPairShare: among the distinct consecutive step pairs (a, b), a ≠ b, seen at least
//   `minPairCount` times, the share whose reverse (b, a) is also seen consecutively at least
//   `minPairCount` times ("64.5% of consecutive step pairs also occur reversed" on CrossTask);
// - meanFrequentNextSteps: for each step with a successor, the number of distinct steps that
//   directly followed it in at least `minNextCount` traces' transitions and with at least
//   `minNextShare` of its outgoing transitions, averaged over steps ("2.56 frequent next steps").
// END is not a next step; self-transitions (a, a) are ignored in both figures.
// The cut-offs are returned with the figures, since the paper does not state its own.
// Streams: counts only consecutive pairs, O(total events) time, O(distinct pairs) memory.
import { z } from "zod";
import { parseOrThrow } from "../errors.js";

export const TraceStatisticsOptionsSchema = z
  .object({
    /** A consecutive pair (and its reverse) counts only when seen at least this often. */
    minPairCount: z.number().int().min(1).default(1),
    /** A next step is frequent when it follows at least this often... */
    minNextCount: z.number().int().min(1).default(1),
    /** ...and takes at least this share of the step's outgoing transitions. */
    minNextShare: z.number().min(0).max(1).default(0.1),
  })
  .strict();

export type TraceStatisticsOptions = z.input<typeof TraceStatisticsOptionsSchema>;

export interface TraceStatistics {
  traces: number;
  events: number;
  /** Distinct consecutive pairs (a ≠ b) that clear minPairCount. */
  consecutivePairs: number;
  reversedPairShare: number;
  /** Steps with at least one successor (END excluded). */
  steps: number;
  meanFrequentNextSteps: number;
  cutoffs: z.output<typeof TraceStatisticsOptionsSchema>;
}

/** Streaming form: add traces one at a time, read the figures at any point. */
export class TraceStatisticsAccumulator {
  private readonly pairs = new Map<string, Map<string, number>>();
  private traceCount = 0;
  private events = 0;
  readonly cutoffs: z.output<typeof TraceStatisticsOptionsSchema>;

  constructor(options: TraceStatisticsOptions = {}) {
    this.cutoffs = parseOrThrow(TraceStatisticsOptionsSchema, options, "trace statistics options");
  }

  add(t: readonly string[]): void {
    this.traceCount++;
    this.events += t.length;
    for (let i = 1; i < t.length; i++) {
      const a = t[i - 1]!;
      const b = t[i]!;
      if (a === b) continue;
      let row = this.pairs.get(a);
      if (row === undefined) this.pairs.set(a, (row = new Map()));
      row.set(b, (row.get(b) ?? 0) + 1);
    }
  }

  result(): TraceStatistics {
    const { pairs, cutoffs } = this;
    const count = (a: string, b: string) => pairs.get(a)?.get(b) ?? 0;
    let consecutive = 0;
    let reversed = 0;
    let stepsWithNext = 0;
    let frequentNext = 0;
    for (const [a, row] of pairs) {
      let out = 0;
      for (const c of row.values()) out += c;
      stepsWithNext++;
      for (const [b, c] of row) {
        if (c >= cutoffs.minNextCount && c / out >= cutoffs.minNextShare) frequentNext++;
        if (c < cutoffs.minPairCount) continue;
        consecutive++;
        if (count(b, a) >= cutoffs.minPairCount) reversed++;
      }
    }
    return {
      traces: this.traceCount,
      events: this.events,
      consecutivePairs: consecutive,
      reversedPairShare: consecutive === 0 ? 0 : reversed / consecutive,
      steps: stepsWithNext,
      meanFrequentNextSteps: stepsWithNext === 0 ? 0 : frequentNext / stepsWithNext,
      cutoffs,
    };
  }
}

export function traceStatistics(traces: Iterable<readonly string[]>, options: TraceStatisticsOptions = {}): TraceStatistics {
  const acc = new TraceStatisticsAccumulator(options);
  for (const t of traces) acc.add(t);
  return acc.result();
}
