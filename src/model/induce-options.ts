// Options of induction (src/discovery/induce.ts). Every field has a documented default so
// that CLI, API and stores share one definition; `InduceOptionsSchema.parse({})` gives them all.
// NOTE: the defaults are tuned on CaptainCook4D and CrossTask through these options only,
// never by special cases for a dataset (see README, "Results").
import { z } from "zod";

export const InduceOptionsSchema = z
  .object({
    /** Minimum number of traces in which both steps occur before traces may assert a→b. */
    minSupport: z.number().int().min(1).default(2),
    /** Minimum share of co-occurring traces with a first before b for traces to assert a→b. */
    minConfidence: z.number().min(0.5).max(1).default(0.9),
    /** Weight of the written order as a prior, in pseudo-traces that agree with it. */
    writtenPriorWeight: z.number().min(0).default(2),
    /**
     * Proximity: a pair a→b is a candidate only when the written order puts b right after a, or
     * b directly followed a in at least this many traces; other orderings must follow from a chain
     * of proximate ones. 0 turns the rule off.
     */
    minDirectFollows: z.number().int().min(0).default(0),
    /** A step is optional when its frequency is below this share of traces. */
    optionalBelow: z.number().min(0).max(1).default(1),
    /** Keep set-state counts (for next-step ranking) for at most this many distinct states. */
    maxStates: z.number().int().min(0).default(100_000),
  })
  .strict();

export type InduceOptionsInput = z.input<typeof InduceOptionsSchema>;
export type InduceOptions = z.output<typeof InduceOptionsSchema>;
