// Induction of a graph script (DESIGN.md, "Semantics" and "Algorithms"): merges a written
// procedure and observed traces into a GraphScript: precedence DAG (transitive reduction,
// START before every source, every sink before END), per-step support, frequency, optional
// and repeatable flags, and the transition statistics used for ranking.
//
// `createInduction` streams traces in: each trace updates integer pair counts in O(d²) and the
// sequence counts in O(length). `toState()` is JSON and `resumeInduction` continues from it, so
// new traces never require rereading old ones.
// `script()` runs the rules of docs/engine.md: candidates from the counts and the written prior
// (precedence-candidates.ts), a first round whose DAG judges each trace variant, retraction of
// outlier runs (outlier-traces.ts), the final round inserted strongest first refusing cycles
// (acyclic-insertion.ts), transitive reduction (with the default evidence, orders no run reversed
// and no run could have: enabled-opportunities.ts), START/END.
// A procedure with `steps: []` is "log only": steps are taken from the traces (written: false)
// and there is no written prior. With written steps, a trace step that is not written throws
// InvalidInputError (code "unknown_step"); a bad trace changes no count.
// NOTE: raw traces are not kept; distinct trace variants are, up to options.maxVariants (a log
// of a million runs of one procedure has few), so outlier runs can be retracted exactly.
import { z } from "zod";
import { InvalidInputError, parseOrThrow } from "../errors.js";
import {
  END,
  GraphScriptSchema,
  RankingCalibrationSchema,
  RESERVED_STEP_IDS,
  StepIdSchema,
  InduceOptionsSchema,
  START,
  type GraphScript,
  type GroundedTrace,
  type InduceOptions,
  type InduceOptionsInput,
  type Calibration,
  type PrecedenceEdge,
  type Procedure,
  type ScriptStep,
} from "../model/index.js";
import { insertAcyclic } from "./acyclic-insertion.js";
import { contradictedPairs } from "./contradicted-pairs.js";
import { continuationMajorities, continuationReason } from "./continuation-majorities.js";
import { PairCounts } from "./pair-counts.js";
import { retractOddRuns } from "./odd-runs.js";
import { fitPairPosterior, NOISE_LEVEL, type NoiseSelection } from "./noise-selection.js";
import { ORDER_ERROR_LEVEL } from "../conformance/order-error-verdict.js";
import { heldOutInversions, type HeldOutInversions } from "./held-out-inversions.js";
import { outOfOrderRuns } from "./out-of-order-runs.js";
import type { ReachabilityClosure } from "./acyclic-insertion.js";
import { pairPosteriors, type PairPosterior } from "./pair-posterior.js";
import { calibrateRanking, countsReason, priorReason, rankingReason, type CalibrationRun } from "./ranking-calibration.js";
import { stepNeeds } from "./step-needs.js";
import { stepPresence, type StepPresence } from "./step-presence.js";
import { precedenceCandidates, type PrecedenceCandidate } from "./precedence-candidates.js";
import { keepOpposable } from "./enabled-opportunities.js";
import { enforcedClosure, habitReason, isHabit } from "./habit-edges.js";
import { loopReason, stepsInRounds } from "./loop-steps.js";
import { retractOutlierTraces } from "./outlier-traces.js";
import { SequenceCounts } from "./sequence-counts.js";
import { PAIR_NEUTRAL, textPrior, type PairRelation } from "./text-prior.js";
import { TraceVariants } from "./trace-variants.js";
import { transitiveReduction } from "./transitive-reduction.js";
import { formatP } from "./special-functions.js";
import { writtenOrderTest } from "./written-order-test.js";

export const INDUCTION_STATE_FORMAT = "stepgraph.induction/1";

const Count = z.number().int().min(0);

/** JSON form of an induction in progress (what GraphStore.saveInductionState stores). */
export const InductionStateSchema = z
  .object({
    format: z.literal(INDUCTION_STATE_FORMAT),
    procedure: z.string(),
    version: z.number().int().min(1),
    /** Step id per index: the written steps in order, then steps seen only in traces. */
    steps: z.array(z.string()),
    options: InduceOptionsSchema,
    counts: z
      .object({
        size: Count,
        traceCount: Count,
        support: z.array(Count),
        repeats: z.array(Count),
        before: z.array(Count),
        follows: z.array(Count),
      })
      .strict(),
    variants: z
      .object({
        maxVariants: Count,
        variants: z.array(z.tuple([z.array(Count), Count])),
        overflow: Count,
      })
      .strict(),
    sequences: z
      .object({
        bigrams: z.array(z.tuple([z.string(), Count])),
        trigrams: z.array(z.tuple([z.string(), Count])),
        states: z.array(z.tuple([z.string(), Count])),
        maxStates: Count,
      })
      .strict(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const n = s.steps.length;
    if (s.counts.size !== n) ctx.addIssue({ code: "custom", path: ["counts", "size"], message: `must equal steps.length ${n}` });
    if (s.counts.support.length !== n || s.counts.repeats.length !== n)
      ctx.addIssue({ code: "custom", path: ["counts"], message: `support and repeats must have ${n} entries` });
    if (s.counts.before.length !== n * n)
      ctx.addIssue({ code: "custom", path: ["counts", "before"], message: `must have ${n * n} entries` });
    s.variants.variants.forEach(([steps], i) => {
      if (steps.some((k) => k >= n))
        ctx.addIssue({ code: "custom", path: ["variants", "variants", i, 0], message: `step indexes must be below ${n}` });
    });
    if (s.counts.follows.length !== n * n)
      ctx.addIssue({ code: "custom", path: ["counts", "follows"], message: `must have ${n * n} entries` });
  });

export type InductionState = z.infer<typeof InductionStateSchema>;

export interface Induction {
  /** Adds one trace (step ids in order). */
  add(steps: readonly string[]): void;
  readonly traceCount: number;
  /** JSON-serialisable counts; `resumeInduction(procedure, state)` continues from them. */
  toState(): InductionState;
  /** The graph script of the traces added so far (validated against GraphScriptSchema). */
  script(): GraphScript;
}

class StreamingInduction implements Induction {
  private readonly index = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly writtenCount: number;
  private readonly logOnly: boolean;
  private scratch = new Int32Array(64);

  constructor(
    private readonly procedure: Procedure,
    private readonly options: InduceOptions,
    private readonly counts: PairCounts,
    private readonly sequences: SequenceCounts,
    private readonly variants: TraceVariants,
    stepIds: readonly string[],
  ) {
    this.writtenCount = procedure.steps.length;
    this.logOnly = procedure.steps.length === 0;
    for (const id of stepIds) this.intern(id);
  }

  get traceCount(): number {
    return this.counts.traceCount;
  }

  private intern(id: string): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(id);
      this.index.set(id, i);
      this.counts.ensureSize(this.ids.length);
    }
    return i;
  }

  add(steps: readonly string[], traceId?: string): void {
    // An empty run says nothing about order and would make every step look optional.
    if (steps.length === 0) {
      const where = traceId === undefined ? "" : `trace ${JSON.stringify(traceId)}: `;
      throw new InvalidInputError("empty_trace", `${where}a trace needs at least one step`, [{ path: ["steps"], message: "must not be empty" }]);
    }
    // Check the whole trace before touching any count, so a bad trace leaves nothing behind.
    for (let i = 0; i < steps.length; i++) {
      const id = steps[i]!;
      if (this.index.has(id)) continue;
      const why = !this.logOnly
        ? `is not a step of procedure ${JSON.stringify(this.procedure.id)}`
        : RESERVED_STEP_IDS.includes(id) || !StepIdSchema.safeParse(id).success
          ? "is not a valid step id"
          : undefined;
      if (why === undefined) continue;
      const where = traceId === undefined ? "" : `trace ${JSON.stringify(traceId)} `;
      throw new InvalidInputError(
        "unknown_step",
        `${where}step ${i}: ${JSON.stringify(id)} ${why}`,
        [{ path: ["steps", i], message: `${JSON.stringify(id)} ${why}` }],
        { step: id, index: i, ...(traceId === undefined ? {} : { trace: traceId }) },
      );
    }
    if (this.scratch.length < steps.length) this.scratch = new Int32Array(Math.max(steps.length, this.scratch.length * 2));
    const idx = this.scratch;
    for (let i = 0; i < steps.length; i++) idx[i] = this.index.get(steps[i]!) ?? this.intern(steps[i]!);
    const trace = idx.subarray(0, steps.length);
    this.counts.add(trace);
    this.variants.add(trace);
    this.sequences.add(steps);
  }

  /** Text prior over the written steps (step indexes < writtenCount); other pairs neutral. */
  private textRelation(): (a: number, b: number) => PairRelation {
    const w = this.writtenCount;
    const m = textPrior(this.procedure.steps.map((s) => s.text));
    return (a, b) => (a < w && b < w ? (m[a * w + b] as PairRelation) : PAIR_NEUTRAL);
  }

  toState(): InductionState {
    return {
      format: INDUCTION_STATE_FORMAT,
      procedure: this.procedure.id,
      version: this.procedure.version,
      steps: [...this.ids],
      options: this.options,
      counts: this.counts.toState(),
      variants: this.variants.toState(),
      sequences: this.sequences.toState(),
    };
  }

  script(): GraphScript {
    const n = this.ids.length;
    const counts = this.counts;
    const traces = counts.traceCount;
    const o = this.options;
    const writtenPosition = this.ids.map((_, i) => (i < this.writtenCount ? i : -1));
    let edgeCounts = counts;
    // NOTE: the text prior weighs trace evidence only; with no traces the script stays the chain.
    const relation = o.textPrior === true && traces > 0 ? this.textRelation() : undefined;
    // Evidence "posterior" (the default): models fitted to these traces decide (see the header of
    // pair-posterior.ts and step-presence.ts); they explain stray runs as noise themselves, so no
    // outlier round runs.
    const fitted = o.evidence !== "counts" && traces > 0;
    // The graph of the pair posterior `p` fitted on `c` (`noisy`: the noisy model's, for the
    // contradicted pairs), built as the script's is below.
    const graphOf = (c: PairCounts, p: PairPosterior, noisy: PairPosterior) =>
      insertAcyclic(n, precedenceCandidates(c, writtenPosition, o, relation, p), contradictedPairs(c, noisy));
    const closureOf = (c: PairCounts, p: PairPosterior, noisy: PairPosterior) => graphOf(c, p, noisy).closure;
    // The models are fitted without the odd runs (odd-runs.ts): one bad run among many decides
    // nothing; nor without the runs out of order against the noisy model's graph
    // (out-of-order-runs.ts). Clean or noisy order is decided on held-out runs (noise-selection.ts).
    const setAside = fitted ? setAsideRuns(counts, this.variants, writtenPosition, closureOf) : undefined;
    const fitCounts = setAside?.counts ?? counts;
    const fit = setAside?.fit;
    const posterior = fit?.posterior;
    const presence = fitted ? stepPresence(this.ids.map((_, i) => fitCounts.support(i)), fitCounts.traceCount) : undefined;
    if (setAside !== undefined) edgeCounts = setAside.counts;
    if (!fitted && o.maxTraceViolations !== null && traces > 0) {
      const firstRound = { ...o, minSupport: o.outlierMinSupport, minConfidence: o.outlierMinConfidence };
      const { closure } = insertAcyclic(n, precedenceCandidates(counts, writtenPosition, firstRound, relation));
      const filtered = retractOutlierTraces(counts, this.variants, closure, o.maxTraceViolations);
      // NOTE: when every trace is an outlier, all are kept (there is nothing to trust more).
      if (filtered.retracted < traces) edgeCounts = filtered.counts;
    }
    // No chain of edges may imply an order the runs contradict under every noise model (contradicted-pairs.ts).
    const contradicted = fit !== undefined ? contradictedPairs(edgeCounts, fit.models.noisy) : undefined;
    const { accepted } = insertAcyclic(n, precedenceCandidates(edgeCounts, writtenPosition, o, relation, posterior), contradicted);
    // How out of order the runs are against a graph from the other runs (held-out-inversions.ts):
    // each fold's graph built as this one is (its own odd runs and runs out of order set aside, the
    // pair posterior of the noise model chosen on all runs, fitted on the fold, the orders its runs
    // could not have reversed left free), from the other folds' runs.
    const inversions =
      fit !== undefined
        ? heldOutInversions(counts, this.variants, (train, trainVariants) => {
            const foldOdd = retractOddRuns(train, trainVariants);
            const start = { clean: fit.posterior.parameters, noisy: fit.posterior.parameters };
            // The noisy model at the all-runs noisy fit's parameters (no EM pass: a fold's fit of the model not kept would cost a third of the induction).
            const noisyOf = (c: PairCounts) => pairPosteriors(c, writtenPosition, { start: { ...start, noisy: fit.models.noisy.parameters }, maxIterations: 0 }).noisy;
            let foldCounts = foldOdd.counts;
            let foldNoisy = noisyOf(foldCounts);
            const late = outOfOrderRuns(trainVariants, foldOdd.variants, closureOf(foldCounts, foldNoisy, foldNoisy));
            if (late.size > 0) {
              foldCounts = foldCounts.without(late);
              foldNoisy = noisyOf(foldCounts);
            }
            const foldPosterior = pairPosteriors(foldCounts, writtenPosition, { start })[fit.selection?.model ?? "clean"];
            const foldRuns = trainVariants.entriesExcept(new Set([...foldOdd.variants, ...late]));
            const { accepted: foldAccepted } = graphOf(foldCounts, foldPosterior, foldNoisy);
            return insertAcyclic(n, keepOpposable(n, foldAccepted, foldRuns, foldPosterior.parameters, writtenPosition).kept).closure;
          })
        : undefined;
    // An order the runs never reversed stands only where they could have reversed it (enabled-opportunities.ts).
    const opposable =
      fit !== undefined && setAside !== undefined
        ? keepOpposable(n, accepted, this.variants.entriesExcept(setAside.variants), fit.posterior.parameters, writtenPosition)
        : undefined;
    const reduced = opposable?.reduced ?? transitiveReduction(n, accepted);
    // What the order check enforces: the orders that stand under Jeffreys' prior too; the other
    // edges are habits (habit-edges.ts).
    const enforced =
      fit !== undefined
        ? enforcedClosure(edgeCounts, writtenPosition, fit.selection?.model ?? "clean", { clean: fit.models.clean.parameters, noisy: fit.models.noisy.parameters }, (p) =>
            closureOf(edgeCounts, p, fit.models.noisy),
          )
        : undefined;

    const hasIn = new Uint8Array(n);
    const hasOut = new Uint8Array(n);
    for (const e of reduced) {
      hasOut[e.from] = 1;
      hasIn[e.to] = 1;
    }
    const edgeOf = (e: PrecedenceCandidate): PrecedenceEdge => ({
      from: this.ids[e.from]!,
      to: this.ids[e.to]!,
      support: e.support,
      confidence: e.confidence,
      origin: e.origin,
      ...(e.posterior === undefined ? {} : { posterior: e.posterior }),
      ...(enforced !== undefined && isHabit(e, enforced) ? { habit: true as const } : {}),
    });
    const structural = (from: string, to: string): PrecedenceEdge => ({ from, to, support: 0, confidence: 1, origin: "structural" });
    const edges: PrecedenceEdge[] = [];
    for (let v = 0; v < n; v++) if (!hasIn[v]) edges.push(structural(START, this.ids[v]!));
    const sorted = [...reduced].sort((x, y) => x.from - y.from || x.to - y.to);
    for (const e of sorted) edges.push(edgeOf(e));
    for (let v = 0; v < n; v++) if (!hasOut[v]) edges.push(structural(this.ids[v]!, END));
    if (n === 0) edges.push(structural(START, END));

    const written = new Map(this.procedure.steps.map((s) => [s.id, s]));
    const optional = this.ids.map(
      (id, i) => written.get(id)?.optional === true || (presence !== undefined ? presence.optional[i]! > 0.5 : traces > 0 && counts.support(i) / traces < o.optionalBelow),
    );
    const needs = presence !== undefined ? stepNeeds(edgeCounts, ancestorsOf(n, reduced), optional, presence.parameters.delta) : undefined;
    // Repeatable: in a log the noise selection takes as clean, one run (not set aside as odd)
    // repeating a step shows that it may repeat, as one reversal frees a pair there; in a noisy
    // log, or with the counts rules, minSupport runs must repeat it. Ranking still treats a done
    // step repeated by fewer than minSupport runs as the runs show it (next-step-model.ts).
    const clean = fit !== undefined && (fit.selection?.model ?? "clean") === "clean";
    const repeatsNeeded = (i: number): number => (clean && fitCounts.repeats(i) >= 1 ? 1 : o.minSupport);
    const repeatedByEvidence = (i: number): boolean => counts.repeats(i) >= repeatsNeeded(i);
    // In a clean log, an optional step done inside a round of a loop the runs repeat may come
    // again (loop-steps.ts).
    const inRound = clean && setAside !== undefined ? stepsInRounds(n, this.variants.entriesExcept(setAside.variants), repeatedByEvidence) : new Uint8Array(n);
    const loopOnly = (i: number): boolean => written.get(this.ids[i]!)?.repeatable !== true && !repeatedByEvidence(i) && inRound[i] === 1 && optional[i]!;
    const steps: ScriptStep[] = this.ids.map((id, i) => {
      const support = counts.support(i);
      const frequency = traces === 0 ? 1 : support / traces;
      const w = written.get(id);
      const step: ScriptStep = {
        id,
        text: w?.text ?? id,
        position: i,
        written: w !== undefined,
        support,
        frequency,
        optional: optional[i]!,
        repeatable: w?.repeatable === true || repeatedByEvidence(i) || loopOnly(i),
      };
      if (counts.repeats(i) > 0) step.repeats = counts.repeats(i);
      else if (loopOnly(i)) step.repeats = 0;
      if (needs !== undefined && needs[i]!.length > 0) step.needs = needs[i]!.map((k) => this.ids[k]!);
      if (w?.subprocedure !== undefined) step.subprocedure = w.subprocedure;
      if (w?.subprocedureVersion !== undefined) step.subprocedureVersion = w.subprocedureVersion;
      return step;
    });

    const script: GraphScript = {
      procedure: this.procedure.id,
      version: this.procedure.version,
      title: this.procedure.title,
      traceCount: traces,
      steps,
      edges,
      transitions: this.sequences.transitions(),
      trigrams: this.sequences.trigramCounts(),
      states: this.sequences.states(),
      continuations: continuationMajorities([...this.variants.entries()], this.variants.overflow, this.ids),
      options: o,
    };
    if (setAside !== undefined && presence !== undefined) script.calibration = calibrationOf(setAside, presence, inversions);
    const unopposed = unopposedReason(opposable?.dropped.length ?? 0);
    if (script.calibration !== undefined && unopposed !== undefined) script.calibration.reasons.push(unopposed);
    const loops = loopReason(steps.filter((st) => st.repeats === 0).length);
    if (script.calibration !== undefined && loops !== undefined) script.calibration.reasons.push(loops);
    const habits = habitReason(edges.filter((e) => e.habit === true).length);
    if (script.calibration !== undefined && habits !== undefined) script.calibration.reasons.push(habits);
    const repeating = repeatReason(steps, clean, o.minSupport);
    if (script.calibration !== undefined && repeating !== undefined) script.calibration.reasons.push(repeating);
    const majorities = continuationReason(script.continuations!);
    if (script.calibration !== undefined && majorities !== undefined) script.calibration.reasons.push(majorities);
    // NOTE: validated on the way out, so a bug here can never reach a store or a client.
    const parsed = GraphScriptSchema.parse(script);
    // Ranking is fitted on the parsed script (its pairwise model is then cached for the queries).
    const ranking = parsed.calibration !== undefined ? calibrateRanking(parsed, this.runs(), o.maxStates, writtenOrderTest(this.counts, this.writtenCount)) : undefined;
    if (ranking !== undefined) {
      parsed.calibration!.ranking = RankingCalibrationSchema.parse(ranking);
      const counts = countsReason(ranking);
      if (counts !== undefined) parsed.calibration!.reasons.push(counts);
      const prior = priorReason(ranking);
      if (prior !== undefined) parsed.calibration!.reasons.push(prior);
      parsed.calibration!.reasons.push(rankingReason(ranking));
    }
    return parsed;
  }

  /** The distinct runs kept (TraceVariants), as step ids, with their counts. */
  private runs(): CalibrationRun[] {
    return [...this.variants.entries()].map((v) => ({ steps: v.steps.map((i) => this.ids[i]!), count: v.count }));
  }
}

/** Per step index, the indexes of its ancestors in the DAG of `edges`. */
function ancestorsOf(n: number, edges: readonly { from: number; to: number }[]): Set<number>[] {
  const parents: number[][] = Array.from({ length: n }, () => []);
  for (const e of edges) parents[e.to]!.push(e.from);
  const memo: (Set<number> | undefined)[] = new Array(n);
  const visit = (v: number): Set<number> => {
    const hit = memo[v];
    if (hit) return hit;
    const out = new Set<number>();
    memo[v] = out;
    for (const p of parents[v]!) {
      out.add(p);
      for (const a of visit(p)) out.add(a);
    }
    return out;
  };
  return Array.from({ length: n }, (_, v) => visit(v));
}

/** What induction fits its models on (evidence "posterior"): the runs not set aside, and the fit. */
interface SetAside {
  /** The pair counts without the runs set aside. */
  counts: PairCounts;
  fit: ReturnType<typeof fitPairPosterior>;
  /** Runs set aside as odd (odd-runs.ts), and as out of order (out-of-order-runs.ts). */
  odd: number;
  outOfOrder: number;
  /** The step arrays of the variants set aside (the objects TraceVariants holds). */
  variants: ReadonlySet<readonly number[]>;
}

/**
 * Odd runs set aside (odd-runs.ts), the pair posterior fitted with its noise model chosen
 * (noise-selection.ts), then the runs out of order against the noisy model's graph set aside
 * (out-of-order-runs.ts) and the posterior of the same noise model fitted again without them.
 */
function setAsideRuns(
  counts: PairCounts,
  variants: TraceVariants,
  writtenPosition: readonly number[],
  closureOf: (c: PairCounts, p: PairPosterior, noisy: PairPosterior) => ReachabilityClosure,
): SetAside {
  const odd = retractOddRuns(counts, variants);
  const fit = fitPairPosterior(odd.counts, variants, odd.variants, writtenPosition);
  const noisy = fit.models.noisy;
  const late = outOfOrderRuns(variants, odd.variants, closureOf(odd.counts, noisy, noisy));
  if (late.size === 0) return { counts: odd.counts, fit, odd: odd.retracted, outOfOrder: 0, variants: odd.variants };
  const rest = odd.counts.without(late);
  // The noise model stays the one the runs chose: runs out of order are noise, and setting them
  // aside does not make the log clean (choosing again on the rest took synthetic a12 at 10 % noise
  // clean, freeing two true edges its remaining noisy runs reverse: order validity 1.000 → 0.975).
  // Both models are fitted again on the rest, from their fits on all the runs.
  const models = pairPosteriors(rest, writtenPosition, { start: { clean: fit.models.clean.parameters, noisy: noisy.parameters } });
  const model = fit.selection?.model ?? "clean";
  return { counts: rest, fit: { posterior: models[model], models, ...(fit.selection === undefined ? {} : { selection: fit.selection }) }, odd: odd.retracted, outOfOrder: late.size, variants: new Set([...odd.variants, ...late]) };
}

/** What the fitted models say about these traces, with the reasons in words. */
function calibrationOf(setAside: SetAside, presence: StepPresence, inversions: HeldOutInversions | undefined): Calibration {
  const { odd: oddRuns, outOfOrder } = setAside;
  const { posterior, selection: noise } = setAside.fit;
  const p = posterior.parameters;
  const q = presence.parameters;
  const pct = (x: number) => `${(100 * x).toFixed(x < 0.01 ? 2 : 1)} %`;
  const reasons = [
    noiseReason(noise),
    p.epsilon > 0
      ? `runs reverse a constrained pair of steps with probability ${pct(p.epsilon)} (fitted on ${p.pairs} pairs of steps that occur together); a pair reversed clearly more often is free`
      : `a pair of steps that some run orders both ways is free; a pair never reversed is constrained when enough runs hold both (${p.pairs} pairs of steps that occur together)`,
    `runs drop a required step with probability ${pct(q.delta)}; a step missing from clearly more runs is optional, and so is every step half the runs or more do without (${pct(q.requiredShare)} of steps fitted as required)`,
  ];
  if (oddRuns > 0)
    reasons.push(`${oddRuns} run${oddRuns === 1 ? "" : "s"} set aside as odd: far more steps out of place or missing, where every other run agrees, than the other runs show (a test at 5 % over all runs); steps' support still counts ${oddRuns === 1 ? "it" : "them"}`);
  if (outOfOrder > 0)
    reasons.push(
      `${outOfOrder} run${outOfOrder === 1 ? "" : "s"} set aside as out of order: ${outOfOrder === 1 ? "it inverts" : "they invert"} far more of the pairs the noise-tolerant graph constrains than the other runs do (a test at 5 % over all runs); steps' support still counts ${outOfOrder === 1 ? "it" : "them"}`,
    );
  if (p.writtenShares.some((x) => x > 0))
    reasons.push(
      `the written order is borne out for ${pct(p.writtenShares[0])} of written pairs, reversed for ${pct(p.writtenShares[1])}, free for ${pct(p.writtenShares[2])}; a written pair the runs never reverse stays ordered`,
    );
  if (inversions !== undefined) reasons.push(orderErrorReason(inversions));
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  return {
    reversalRate: clamp(p.epsilon),
    writtenShares: [clamp(p.writtenShares[0]), clamp(p.writtenShares[1]), clamp(p.writtenShares[2])],
    otherShares: [clamp(p.otherShares[0]), clamp(p.otherShares[1])],
    dropRate: clamp(q.delta),
    requiredShare: clamp(q.requiredShare),
    oddRuns,
    ...(outOfOrder > 0 ? { outOfOrderRuns: outOfOrder } : {}),
    ...(noise === undefined ? {} : { noise: { ...noise, pValue: Math.round(noise.pValue * 1e6) / 1e6 } }),
    ...(inversions === undefined ? {} : { orderErrors: inversions }),
    reasons,
  };
}

/** Which steps the runs repeated and whether the check lets them repeat, in words (undefined when no run repeated a step). */
function repeatReason(steps: readonly ScriptStep[], clean: boolean, minSupport: number): string | undefined {
  const repeated = steps.filter((s) => s.repeats !== undefined);
  if (repeated.length === 0) return undefined;
  const list = (xs: readonly ScriptStep[]) =>
    xs.slice(0, 5).map((s) => `${s.id} (${s.repeats} run${s.repeats === 1 ? "" : "s"})`).join(", ") + (xs.length > 5 ? `, and ${xs.length - 5} more` : "");
  const may = repeated.filter((s) => s.repeatable);
  const not = repeated.filter((s) => !s.repeatable);
  const rule = clean
    ? "in a log taken as clean one run repeating a step shows it may repeat (unless that run was set aside as odd)"
    : `in a log taken as noisy a step may repeat when at least ${minSupport} runs repeated it`;
  return `${rule}: ${may.length > 0 ? `may repeat ${list(may)}` : "no step may repeat"}${not.length > 0 ? `; a repeat of ${list(not)} is a violation` : ""}`;
}

/** The orders left free because no run could have reversed them, in words. */
function unopposedReason(dropped: number): string | undefined {
  if (dropped === 0) return undefined;
  const one = dropped === 1;
  return `${dropped} order${one ? "" : "s"} that no run reversed ${one ? "is" : "are"} left free: the runs seldom had the later step ready before the earlier one came, too seldom to tell a rule from chance`;
}

/** The held-out inversions in words. */
function orderErrorReason(s: HeldOutInversions): string {
  const rate = s.rate.toFixed(s.rate > 0 && s.rate < 0.01 ? 4 : 2);
  const law = s.variance > s.rate && s.rate > 0 ? `variance ${s.variance.toFixed(2)}: a negative binomial` : "a Poisson law";
  return `runs checked against a graph from the other runs (${s.folds}-fold split by run, ${s.runs} runs) invert ${rate} constrained pairs each on average (${law}); a checked run is an order error when it inverts more pairs than that explains (a test at ${ORDER_ERROR_LEVEL * 100} %), otherwise its violations are as many as valid runs show`;
}

/** The noise selection in words. */
function noiseReason(s: NoiseSelection | undefined): string {
  if (s === undefined) return "the order is taken as clean (one run: nothing to hold out): a reversed pair is free";
  const held = `${s.folds}-fold split by run: ${s.runs} runs; ${s.runsBetterNoisy} predicted better as noisy, ${s.runsBetterClean} as clean, sign test ${formatP(s.pValue)}`;
  return s.model === "noisy"
    ? `the order is noisy: held-out runs' pair orders are predicted better when constraints are reversed now and then (${held}, below ${NOISE_LEVEL}), so a few reversals of a pair are noise`
    : `the order is taken as clean: held-out runs do not show that reversals are noise (${held}, not below ${NOISE_LEVEL}), so a pair some run reverses is free`;
}

/** Starts an empty induction for `procedure` (no traces yet: its script is the written chain). */
export function createInduction(procedure: Procedure, options: InduceOptionsInput = {}): Induction {
  const o = parseOrThrow(InduceOptionsSchema, options, "induce options");
  return new StreamingInduction(
    procedure,
    o,
    new PairCounts(procedure.steps.length),
    new SequenceCounts(o.maxStates),
    new TraceVariants(o.maxVariants),
    procedure.steps.map((s) => s.id),
  );
}

/** Continues an induction from `toState()` output; throws InvalidInputError when it does not fit `procedure`. */
export function resumeInduction(procedure: Procedure, state: InductionState): Induction {
  const s = parseOrThrow(InductionStateSchema, state, "induction state");
  const mismatch = (message: string): never => {
    throw new InvalidInputError("induction_state_mismatch", `induction state does not fit procedure ${JSON.stringify(procedure.id)}@${procedure.version}: ${message}`);
  };
  if (s.procedure !== procedure.id || s.version !== procedure.version) mismatch(`it belongs to ${JSON.stringify(s.procedure)}@${s.version}`);
  procedure.steps.forEach((step, i) => {
    if (s.steps[i] !== step.id) mismatch(`step ${i} is ${JSON.stringify(s.steps[i])}, expected ${JSON.stringify(step.id)}`);
  });
  if (procedure.steps.length > 0 && s.steps.length !== procedure.steps.length) mismatch(`it has ${s.steps.length} steps, the procedure ${procedure.steps.length}`);
  if (new Set(s.steps).size !== s.steps.length) mismatch("duplicate step ids");
  return new StreamingInduction(
    procedure,
    s.options,
    PairCounts.fromState(s.counts),
    SequenceCounts.fromState(s.sequences),
    TraceVariants.fromState(s.variants),
    s.steps,
  );
}

/**
 * Induces the graph script of `procedure` from `traces` (step-id arrays or grounded traces of
 * this procedure). Grounded traces naming another procedure or version throw InvalidInputError.
 */
export function induce(
  procedure: Procedure,
  traces: Iterable<readonly string[] | GroundedTrace>,
  options: InduceOptionsInput = {},
): GraphScript {
  const induction = createInduction(procedure, options) as StreamingInduction;
  let i = 0;
  for (const t of traces) {
    if (isStepList(t)) induction.add(t);
    else {
      if (t.procedure !== procedure.id || (t.version !== undefined && t.version !== procedure.version)) {
        const got = `${JSON.stringify(t.procedure)}${t.version === undefined ? "" : `@${t.version}`}`;
        throw new InvalidInputError(
          "procedure_mismatch",
          `trace ${JSON.stringify(t.id)} (traces[${i}]) belongs to ${got}, not ${JSON.stringify(procedure.id)}@${procedure.version}`,
          [{ path: [i, "procedure"], message: `expected ${JSON.stringify(procedure.id)}, got ${got}` }],
        );
      }
      induction.add(t.steps, t.id);
    }
    i++;
  }
  return induction.script();
}

function isStepList(t: readonly string[] | GroundedTrace): t is readonly string[] {
  return Array.isArray(t);
}
