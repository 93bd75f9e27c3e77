// Options of induction (src/discovery/induce.ts). Every field has a documented default so
// that CLI, API and stores share one definition; `InduceOptionsSchema.parse({})` gives them all.
// The defaults suit raw, noisy traces (some runs contain mistakes): one sloppy run never rewrites
// the written order. For curated, error-free traces (every deviation is real), docs/engine.md
// gives the stricter setting: --min-support 1 --min-confidence 1 --max-trace-violations 2
// --outlier-min-support 1.
// NOTE: the defaults were chosen on CaptainCook4D (docs/results.md) through these
// options only, never by special cases for a dataset.
import { z } from "zod";

export const InduceOptionsSchema = z
  .object({
    /**
     * Evidence threshold, in traces: traces assert a→b when a came first in at least this many
     * of them, and free a written pair a<b only when b came first in at least this many.
     */
    minSupport: z.number().int().min(1).default(2),
    /**
     * Share threshold on the blended confidence (written order counted as pseudo-traces): traces
     * assert a→b at or above it; a written pair is freed below it (with minSupport reversals).
     */
    minConfidence: z.number().min(0.5).max(1).default(0.9),
    /** Weight of the written order as a prior, in pseudo-traces that agree with it. */
    writtenPriorWeight: z.number().min(0).default(2),
    /**
     * Proximity: a pair a→b is a candidate edge only when b directly followed a in at least this
     * many traces; orderings between distant steps must follow from chains of proximate ones. A
     * step left with no proximate successor (predecessor) keeps its nearest candidate in the
     * written order, so with no traces the script is the written chain. 0 turns the rule off.
     */
    minDirectFollows: z.number().int().min(0).default(1),
    /**
     * Which distant candidate a step left with no proximate successor (predecessor) keeps, when
     * minDirectFollows > 0: "follows" (the default when absent) the one that directly followed
     * most often, then the nearest in the written order; "written" the nearest in the written
     * order, then by direct follows (with few traces, counts below minDirectFollows are noise).
     */
    fallbackBy: z.enum(["follows", "written"]).optional(),
    /**
     * Outlier traces: a first round (outlierMinSupport, outlierMinConfidence) gives a DAG; traces
     * that contradict it in more than this many step pairs are retracted from the counts, and the
     * final round runs on the rest. null keeps every trace.
     */
    maxTraceViolations: z.number().int().min(0).nullable().default(1),
    /** minSupport of the first round (the DAG that outliers are judged against). */
    outlierMinSupport: z.number().int().min(1).default(2),
    /** minConfidence of the first round. */
    outlierMinConfidence: z.number().min(0.5).max(1).default(0.9),
    /** Distinct trace variants remembered for outlier retraction (later new variants cannot be retracted). */
    maxVariants: z.number().int().min(0).default(10_000),
    /** A step is optional when its frequency is below this share of traces (a step dropped by noise in a few of many runs stays required). */
    optionalBelow: z.number().min(0).max(1).default(0.98),
    /** Keep set-state counts (for next-step ranking) for at most this many distinct states. */
    maxStates: z.number().int().min(0).default(100_000),
    /**
     * Text prior (src/discovery/text-prior.ts), off when absent; used only with traces. Two
     * written steps with the same verb and no object in common ("add X to the bowl", "add Y to
     * the bowl") are never candidate edges; two steps where one's object is the other's object
     * or destination ("add water to the bowl", "microwave the bowl") need only one direct
     * follow instead of minDirectFollows; a step that starts a chain of related steps ("take 1
     * tomato" → "chop the tomato") and has no related predecessor keeps no distant predecessor.
     * For few traces of imperative step texts (docs/results.md, "Online mistake detection").
     */
    textPrior: z.boolean().optional(),
    /**
     * How trace evidence decides constraints and optional steps. "posterior" (the default when
     * absent): a model fitted to the traces themselves (src/discovery/pair-posterior.ts,
     * step-presence.ts) keeps a→b when its posterior probability exceeds 1/2 and makes a step
     * optional when that is more likely than a required step dropped by noise; minSupport,
     * minConfidence and optionalBelow are then not used, nor is outlier retraction.
     * "counts": the threshold rules of minSupport, minConfidence, optionalBelow and
     * maxTraceViolations (the engine before issue 13; for research and comparison).
     */
    evidence: z.enum(["posterior", "counts"]).optional(),
  })
  .strict();

export type InduceOptionsInput = z.input<typeof InduceOptionsSchema>;
export type InduceOptions = z.output<typeof InduceOptionsSchema>;
