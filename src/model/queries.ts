// Results (and request bodies) of the queries on a graph script: next steps, completion,
// order check and online-session verdicts. Findings are data: a Violation is a discriminated
// union on a literal `code`; src/conformance/render-violation.ts words them for people.
// The API generates its OpenAPI document from these schemas.
import { z } from "zod";
import { StepIdSchema } from "./ids.js";

const Index = z.number().int().min(0).describe("0-based position in the sequence");
const Probability = z.number().min(0).max(1);

/**
 * `step` (at `index`) happened while `requires`, which must come before it, had not.
 * When `requires` is optional it may be skipped, but if it then happens later, at
 * `requiresIndex`, the order is broken too: the violation is found at `requiresIndex`.
 */
export const PrecedenceViolationSchema = z
  .object({
    code: z.literal("precedence"),
    step: StepIdSchema,
    index: Index,
    requires: StepIdSchema,
    requiresIndex: Index.optional().describe("where `requires` happened, when it came after `step`"),
  })
  .strict();

/** A required step never happened (reported only for sequences declared complete). */
export const MissingRequiredViolationSchema = z
  .object({ code: z.literal("missing_required"), step: StepIdSchema })
  .strict();

/** A step that is not a step of the procedure version. */
export const UnknownStepViolationSchema = z
  .object({ code: z.literal("unknown_step"), step: z.string(), index: Index })
  .strict();

/** A non-repeatable step happened again at `index` (first at `firstIndex`). */
export const RepeatedStepViolationSchema = z
  .object({ code: z.literal("repeated_step"), step: StepIdSchema, index: Index, firstIndex: Index })
  .strict();

export const ViolationSchema = z.discriminatedUnion("code", [
  PrecedenceViolationSchema,
  MissingRequiredViolationSchema,
  UnknownStepViolationSchema,
  RepeatedStepViolationSchema,
]);

export const ViolationCodeSchema = z.enum(["precedence", "missing_required", "unknown_step", "repeated_step"]);

/** One ranked candidate for the next step (END included when the run may end now). */
export const NextStepSchema = z
  .object({
    step: StepIdSchema,
    /** Probability under the masked model: 0 for candidates that are not allowed. */
    probability: Probability,
    allowed: z.boolean(),
    /** Why the step is not allowed now (absent when allowed). */
    reason: ViolationSchema.optional(),
  })
  .strict();

/**
 * Whether a run that inverts constrained pairs is more out of order than the procedure's valid
 * runs are (src/conformance/order-error-verdict.ts): its inversions against the mean and variance a
 * valid run showed when checked against a graph from the other runs, a test at 5 % (negative
 * binomial when the runs are overdispersed, else Poisson).
 */
export const OrderErrorVerdictSchema = z
  .object({
    /** The run inverts more pairs than valid runs explain (p below 5 %): an order error, not a habit. */
    likely: z.boolean(),
    /** Constrained pairs (ancestor and descendant in the graph) the run did the wrong way round. */
    inversions: z.number().int().min(1),
    /** Mean inversions of a valid run held out from induction (the graph script's calibration.orderErrors.rate). */
    heldOutRate: z.number().min(0),
    /** Their variance (calibration.orderErrors.variance); above the mean the test is a negative binomial, else Poisson. */
    heldOutVariance: z.number().min(0),
    /** P(a valid run inverts at least this many pairs). */
    pValue: z.number().min(0).max(1),
  })
  .strict();

/**
 * Orders of the run that only habit edges hold (src/discovery/habit-edges.ts): the runs keep them,
 * too few of them to tell a rule from a usual order, so the check does not enforce them. Reported,
 * not violations; each as the precedence violation it would have been.
 */
const HabitsSchema = z
  .array(PrecedenceViolationSchema)
  .min(1)
  .describe("orders of the run that break only habit edges (not enforced: unusual, not invalid)");

/**
 * Valid, or the violations in the order they were found and the index of the first step
 * that was not allowed (`sequence.length` when only required steps are missing at the end).
 */
export const CheckResultSchema = z.discriminatedUnion("valid", [
  z.object({ valid: z.literal(true), habits: HabitsSchema.optional() }).strict(),
  z
    .object({
      valid: z.literal(false),
      firstFailingIndex: Index,
      violations: z.array(ViolationSchema).min(1),
      /** With a calibrated script and at least one precedence violation: is this an order error or as many violations as valid runs show? */
      orderError: OrderErrorVerdictSchema.optional(),
      habits: HabitsSchema.optional(),
    })
    .strict(),
]);

/** The most likely valid way to finish a run: the remaining steps (END not included). */
export const CompletionSchema = z
  .object({
    steps: z.array(StepIdSchema),
    /** Probability of this completion (product of the step probabilities, END included). */
    probability: Probability,
  })
  .strict();

/** The verdict of an online session on one posted step. */
export const VerdictSchema = z
  .object({
    index: Index,
    step: z.string(),
    allowed: z.boolean(),
    violations: z.array(ViolationSchema),
  })
  .strict();

// Steps as people give them: step ids, written numbers ("3") or step texts (resolved by
// src/query/resolve-steps.ts; anything that names no step is refused).
const StepInput = z.string().min(1).max(10_000);
const StepList = z.array(StepInput).max(100_000);
const Done = StepList.describe("steps done so far, in order: step ids, written numbers (\"3\") or step texts");
/** An old name of `done`, accepted for one more release and marked deprecated in the OpenAPI document. */
const deprecatedName = (old: string) =>
  StepList.optional().meta({ deprecated: true, description: `deprecated: the old name of \`done\` in ${old} bodies, accepted until the next release` });

/** `done`, or its deprecated old name: never both. */
function oneName(old: string) {
  return (o: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    if (o.done !== undefined && o[old] !== undefined) {
      ctx.addIssue({ code: "custom", path: [old], message: `give \`done\` only (\`${old}\` is its deprecated old name)` });
    }
  };
}

export const NextStepsRequestSchema = z
  .object({
    done: Done.default([]),
    k: z.number().int().min(1).max(1000).default(5),
    includeBlocked: z.boolean().default(false).describe("also list steps that are not allowed now (probability 0, with the reason); off: allowed steps only"),
  })
  .strict();

export const CompletionRequestSchema = z
  .object({ done: Done.optional(), prefix: deprecatedName("completion") })
  .strict()
  .superRefine(oneName("prefix"));

export const OrderCheckRequestSchema = z
  .object({
    done: Done.optional(),
    sequence: deprecatedName("order-check"),
    /** Declare the sequence a finished run: missing required steps become violations. */
    complete: z.boolean().default(false),
  })
  .strict()
  .superRefine(oneName("sequence"))
  .superRefine((o, ctx) => {
    if (o.done === undefined && o.sequence === undefined) ctx.addIssue({ code: "custom", path: ["done"], message: "required: the steps of the run, in order" });
  });

export type PrecedenceViolation = z.infer<typeof PrecedenceViolationSchema>;
export type MissingRequiredViolation = z.infer<typeof MissingRequiredViolationSchema>;
export type UnknownStepViolation = z.infer<typeof UnknownStepViolationSchema>;
export type RepeatedStepViolation = z.infer<typeof RepeatedStepViolationSchema>;
export type Violation = z.infer<typeof ViolationSchema>;
export type ViolationCode = z.infer<typeof ViolationCodeSchema>;
export type NextStep = z.infer<typeof NextStepSchema>;
export type CheckResult = z.infer<typeof CheckResultSchema>;
export type OrderErrorVerdict = z.infer<typeof OrderErrorVerdictSchema>;
export type Completion = z.infer<typeof CompletionSchema>;
export type Verdict = z.infer<typeof VerdictSchema>;
export type NextStepsRequest = z.output<typeof NextStepsRequestSchema>;
export type CompletionRequest = z.output<typeof CompletionRequestSchema>;
export type OrderCheckRequest = z.output<typeof OrderCheckRequestSchema>;

/**
 * Options of next-step ranking and completion (src/query/next-step-model.ts). Each level of
 * evidence is interpolated with the one below it, Witten-Bell style: a context seen N times with
 * T distinct continuations keeps N / (N + weight·T) of the mass and gives the rest to the level
 * below. Levels, most specific first: the set of done steps, the last two steps, the last step,
 * the prior (allowed steps in written order, `writtenDecay` per rank).
 */
/** Where a repeat's probability comes from when the pairwise model is mixed in (RankingOptions.repeats). */
export const RepeatsSourceSchema = z.enum(["mixture", "counts"]);

export const RankingOptionsSchema = z
  .object({
    /**
     * Back-off weight of the set-of-done-steps counts (higher: trust them less). 6 measured best
     * on CrossTask next-step prediction and completion, with `trigramWeight` 3 and
     * `pairwiseWeight` 0.4 (docs/results.md).
     */
    stateWeight: z.number().min(0).default(6),
    /** Back-off weight of the trigram counts. */
    trigramWeight: z.number().min(0).default(3),
    /** Back-off weight of the bigram counts. */
    bigramWeight: z.number().min(0).default(1),
    /**
     * 0: Witten-Bell interpolation; in (0, 1]: absolute discounting instead, each seen count
     * giving up this much to the level below (scaled by that level's weight).
     */
    discount: z.number().min(0).max(1).default(0),
    /**
     * Share of the pairwise model (a log-linear model of the next step given which steps are
     * done, fitted to the set-state counts; src/query/pairwise-model.ts) mixed into the
     * distribution; 0: off.
     */
    pairwiseWeight: z.number().min(0).max(1).default(0.4),
    /**
     * Where a repeat's probability comes from when the pairwise model is mixed in (it ranks only
     * the steps not done yet and gives a done step 0): "mixture" mixes that 0 in like any other
     * probability (a repeat loses the pairwise model's share); "counts" keeps the count levels'
     * probability of each done step and mixes the pairwise model into the rest only. Fitted on
     * each procedure's runs (graph script calibration.ranking.repeats).
     */
    repeats: RepeatsSourceSchema.default("mixture"),
    /** L2 penalty of the pairwise model's weights (a Gaussian prior; higher: smoother). */
    pairwiseL2: z.number().gt(0).default(3),
    /** Prior weight of the k-th allowed step in written order: writtenDecay^k (END ranks last). */
    writtenDecay: z.number().gt(0).max(1).default(0.5),
    /** States (sets of done steps) kept at each depth by the completion's search (src/query/complete.ts). */
    beamWidth: z.number().int().min(1).max(1000).default(8),
  })
  .strict();

export type RankingOptionsInput = z.input<typeof RankingOptionsSchema>;
export type RepeatsSource = z.infer<typeof RepeatsSourceSchema>;
export type RankingOptions = z.output<typeof RankingOptionsSchema>;
