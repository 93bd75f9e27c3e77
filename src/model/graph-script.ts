// GraphScript: the induced, non-sequential graph of one procedure version (DESIGN.md,
// "Semantics"). Stored as its transitive reduction, with START and END attached.
// Derived views (interchangeable groups, exclusive alternatives, branching points) are
// computed from it by src/discovery/derived-views.ts and never stored.
import { z } from "zod";
import { ProcedureIdSchema, StepIdSchema, VersionSchema } from "./ids.js";
import { InduceOptionsSchema } from "./induce-options.js";
import { RepeatsSourceSchema } from "./queries.js";

/** A node id of a graph script: a step id, START or END. */
const NodeIdSchema = StepIdSchema;
const Count = z.number().int().min(0);
const Fraction = z.number().min(0).max(1);

export const ScriptStepSchema = z
  .object({
    id: StepIdSchema,
    text: z.string(),
    /** 0-based index in the written order; steps seen only in traces come after the written ones. */
    position: z.number().int().min(0),
    /** False for steps that appear in traces but not in the written procedure. */
    written: z.boolean(),
    subprocedure: ProcedureIdSchema.optional(),
    subprocedureVersion: VersionSchema.optional(),
    /** Number of traces that contain the step at least once. */
    support: Count,
    /** support / traceCount; 1 when there are no traces. */
    frequency: Fraction,
    /** May be skipped: the traces show runs without it. */
    optional: z.boolean(),
    /** May occur more than once in one run. */
    repeatable: z.boolean(),
    /**
     * Number of traces in which the step occurs more than once; absent when none did (and in
     * scripts induced before 2026-12-07); 0 for a step repeatable only as a step of a loop the
     * runs repeat, which no run repeated (src/discovery/loop-steps.ts).
     */
    repeats: Count.optional(),
    /**
     * Optional steps that must have happened before this one when it happens: every run with
     * this step had them (up to the noise the step-presence model fitted), e.g. the steps of the
     * branch it belongs to. Absent when none (src/discovery/step-needs.ts).
     */
    needs: z.array(StepIdSchema).optional(),
    /**
     * Set on steps that sub-procedure expansion (src/hierarchy/expand.ts) brought in: the
     * procedure version and step id they come from (the step's own id is then namespaced).
     */
    origin: z
      .object({ procedure: ProcedureIdSchema, version: VersionSchema, step: StepIdSchema })
      .strict()
      .optional(),
  })
  .strict();

/** Precedence edge a→b: "b must not happen before a". */
export const PrecedenceEdgeSchema = z
  .object({
    from: NodeIdSchema,
    to: NodeIdSchema,
    /** Traces in which both occur and `from` came first (0 for edges from the written prior only or to START/END). */
    support: Count,
    /** Share of the traces containing both in which `from` came first; 1 for written-only edges. */
    confidence: Fraction,
    /** Where the constraint comes from. */
    origin: z.enum(["written", "traces", "both", "structural"]),
    /** Posterior probability that the runs constrain this order (src/discovery/pair-posterior.ts); absent for written-only and structural edges and for scripts induced with evidence "counts". */
    posterior: Fraction.optional(),
    /**
     * The runs keep this order, but too few of them to tell it from a habit (src/discovery/habit-edges.ts):
     * next-step ranking follows it, the order check does not enforce it.
     */
    habit: z.literal(true).optional(),
  })
  .strict();

/** How often `to` directly followed `from` (START and END included). */
export const TransitionSchema = z.object({ from: NodeIdSchema, to: NodeIdSchema, count: Count }).strict();

/** Trigram count: `to` directly followed the pair `prev` (prev[0] may be START). */
export const TrigramSchema = z
  .object({ prev: z.tuple([NodeIdSchema, NodeIdSchema]), to: NodeIdSchema, count: Count })
  .strict();

/** Set-state count: after exactly the steps in `done` (sorted, distinct), `to` came next. */
export const StateCountSchema = z
  .object({
    done: z.array(NodeIdSchema),
    to: NodeIdSchema,
    count: Count,
    /** Counted after the run's first repeated step (the set then no longer places the run); next-step ranking uses only the others. */
    afterRepeat: z.literal(true).optional(),
  })
  .strict();

/**
 * A done set after which the runs clearly agree on what else gets done
 * (src/discovery/continuation-majorities.ts): `runs` of the `of` runs that reached `done`
 * (before any repeat) then did exactly the steps of `rest` (in any order; empty: they ended):
 * at least 3 times the runs of any other rest, and a clear majority of the `of` runs (sign test
 * at 5 %). Completion follows it where the model's most probable remainder is another set.
 */
export const ContinuationSchema = z
  .object({
    /** The steps done, as a set (in the script's step order). */
    done: z.array(NodeIdSchema),
    /** The steps the majority did after them, as a set (in the script's step order). */
    rest: z.array(NodeIdSchema),
    runs: Count,
    of: Count,
  })
  .strict();

/**
 * How next-step ranking and completion weigh their evidence for this procedure, decided on its
 * own runs (src/discovery/ranking-calibration.ts): the share of the pairwise model that ranked
 * held-out runs' next steps first most often (k-fold by run), when a sign test puts it ahead of
 * the default; else the default. Used whenever a query passes no `pairwiseWeight` of its own.
 */
export const RankingCalibrationSchema = z
  .object({
    /** Share of the pairwise model in the next-step distribution (0: counts alone). */
    pairwiseWeight: Fraction,
    /**
     * Back-off weight of the trigram counts (RankingOptions.trigramWeight) and where repeats'
     * probability comes from (RankingOptions.repeats) with the highest held-out log-likelihood
     * (ranking-calibration.ts), and the held-out log-likelihoods (natural log) of the runs' next
     * steps at them and at the defaults (3, "mixture"). Absent in scripts induced before
     * 2026-12-07: the defaults apply.
     */
    trigramWeight: z.number().gt(0).optional(),
    /**
     * Decay of the prior over the allowed steps in written order (RankingOptions.writtenDecay) the
     * ranking was fitted at, when not the default: 1 (a flat prior) for a procedure with no written
     * order, or one its runs do not bear out (ranking-calibration.ts, flatPrior). Queries use it
     * unless they set their own.
     */
    writtenDecay: z.number().gt(0).max(1).optional(),
    /**
     * Kendall's test of the written order against the runs (written-order-test.ts): written steps
     * some run holds, pairs of them the runs mostly order as written and the other way, one-sided
     * p-value. Absent without two such written steps, and in scripts induced before 2026-12-08.
     */
    writtenOrder: z
      .object({ steps: Count, agree: Count, disagree: Count, pValue: Fraction })
      .strict()
      .optional(),
    repeats: RepeatsSourceSchema.optional(),
    logLikelihood: z.number().max(0).optional(),
    logLikelihoodDefault: z.number().max(0).optional(),
    /** Folds of the split by run; every run was held out once. */
    folds: Count,
    /** Runs held out (at most `traceCount`: runs past the variant cap are not kept; huge logs are sampled). */
    runs: Count,
    /** Next steps predicted on the held-out runs (END included). */
    steps: Count,
    /** Held-out next steps ranked first at `pairwiseWeight`, and at the default share. */
    hits: Count,
    hitsDefault: Count,
    /** The share with the most hits, and its hits. */
    bestShare: Fraction,
    hitsBest: Count,
    /** One-sided sign test that the best share ranks the truth first more often than the default. */
    pValue: Fraction,
  })
  .strict();

/**
 * Whether the runs reverse constrained pairs now and then (noisy) or never (clean), decided on the
 * procedure's own runs (src/discovery/noise-selection.ts): both models fitted on k − 1 folds (split
 * by run) predict the held-out runs' pair orders; the noisy one is kept when a sign test says it
 * predicts runs better. Clean: one reversal frees a pair; noisy: a few reversals are noise.
 */
export const NoiseCalibrationSchema = z
  .object({
    model: z.enum(["clean", "noisy"]),
    /** Folds of the split by run; every run (odd ones aside) was held out once. */
    folds: Count,
    runs: Count,
    /** Held-out log-likelihood of the runs' pair orders under each model. */
    logLikelihoodClean: z.number(),
    logLikelihoodNoisy: z.number(),
    /** Held-out runs whose pair orders each model predicted better. */
    runsBetterNoisy: Count,
    runsBetterClean: Count,
    /** One-sided sign test that the noisy model predicts held-out runs better. */
    pValue: Fraction,
  })
  .strict();

/**
 * How many constrained pairs a valid run inverts when checked against a graph from the other runs
 * (src/discovery/held-out-inversions.ts: k-fold by run, leave-one-out up to 10 runs). checkOrder
 * judges a run's inversions against `rate` (src/conformance/order-error-verdict.ts).
 */
export const OrderErrorCalibrationSchema = z
  .object({
    /** Folds of the split by run; every run (odd ones included) was held out once. */
    folds: Count,
    runs: Count,
    /** Constrained pairs the held-out runs inverted, in all, and per run. */
    inversions: Count,
    rate: z.number().min(0),
    /** Sample variance of the inversions per held-out run (above `rate`: overdispersed, a negative binomial). */
    variance: z.number().min(0),
  })
  .strict();

/**
 * What induction estimated from the traces themselves (evidence "posterior"), with the reasons
 * it gives users (`induce --json`, GET …/graph-script).
 */
export const CalibrationSchema = z
  .object({
    /** Fitted probability that one run reverses a constrained pair (noise in the order). */
    reversalRate: Fraction,
    /** Shares of pairs of written steps borne out by the runs: forward constraint, reversed, free. */
    writtenShares: z.tuple([Fraction, Fraction, Fraction]),
    /** Shares of the other co-occurring pairs: constrained, free. */
    otherShares: z.tuple([Fraction, Fraction]),
    /** Fitted probability that one run drops a required step. */
    dropRate: Fraction,
    /** Fitted share of required steps. */
    requiredShare: Fraction,
    /** Runs set aside as odd before fitting (src/discovery/odd-runs.ts). */
    oddRuns: Count,
    /** Runs set aside as out of order before fitting again (src/discovery/out-of-order-runs.ts); absent when none. */
    outOfOrderRuns: Count.optional(),
    /** Clean or noisy order, chosen on held-out runs; absent with fewer than 2 runs (then clean). */
    noise: NoiseCalibrationSchema.optional(),
    /** How ranking weighs its evidence, fitted on held-out runs; absent when there are too few runs or no pairwise model. */
    ranking: RankingCalibrationSchema.optional(),
    /** Held-out inversions of valid runs, for the order-error verdict; absent with fewer than 2 runs. */
    orderErrors: OrderErrorCalibrationSchema.optional(),
    /** The same in words. */
    reasons: z.array(z.string()),
  })
  .strict();

export const GraphScriptSchema = z
  .object({
    procedure: ProcedureIdSchema,
    version: VersionSchema,
    title: z.string(),
    /** Number of traces the script was induced from. */
    traceCount: Count,
    steps: z.array(ScriptStepSchema),
    /** Transitive reduction of the precedence DAG, START and END included. */
    edges: z.array(PrecedenceEdgeSchema),
    transitions: z.array(TransitionSchema),
    trigrams: z.array(TrigramSchema),
    states: z.array(StateCountSchema),
    /** Continuation majorities of the runs; absent in scripts induced before they existed (then completion follows the model alone). */
    continuations: z.array(ContinuationSchema).optional(),
    /** The options the script was induced with (defaults filled in). */
    options: InduceOptionsSchema,
    /** Set by induction with evidence "posterior" (the default) when there were traces. */
    calibration: CalibrationSchema.optional(),
  })
  .strict();

export type ScriptStep = z.infer<typeof ScriptStepSchema>;
export type PrecedenceEdge = z.infer<typeof PrecedenceEdgeSchema>;
export type Transition = z.infer<typeof TransitionSchema>;
export type Trigram = z.infer<typeof TrigramSchema>;
export type StateCount = z.infer<typeof StateCountSchema>;
export type Continuation = z.infer<typeof ContinuationSchema>;
export type Calibration = z.infer<typeof CalibrationSchema>;
export type RankingCalibration = z.infer<typeof RankingCalibrationSchema>;
export type NoiseCalibration = z.infer<typeof NoiseCalibrationSchema>;
export type OrderErrorCalibration = z.infer<typeof OrderErrorCalibrationSchema>;
export type GraphScript = z.infer<typeof GraphScriptSchema>;
