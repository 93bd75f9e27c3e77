// Request and response schemas of the REST API (api/), one per request part and per response.
// Domain schemas (Procedure, GraphScript, Session) and query results (NextStep, CheckResult,
// Completion, Verdict) are reused from their own modules; this file only adds the envelopes.
// The OpenAPI document (docs/openapi.json) is generated from these schemas (api/openapi.ts).
import { z } from "zod";
import { IdSchema, ProcedureIdSchema, StepIdSchema, TraceIdSchema, VersionSchema } from "./ids.js";
import { ProcedureSchema as BaseProcedureSchema } from "./procedure.js";
import { GroundedTraceSchema as BaseGroundedTraceSchema, TraceEventSchema as BaseTraceEventSchema } from "./trace.js";
import { GraphScriptSchema as BaseGraphScriptSchema } from "./graph-script.js";
import { InduceOptionsSchema as BaseInduceOptionsSchema } from "./induce-options.js";
import { SessionSchema as BaseSessionSchema } from "./session.js";
import {
  CheckResultSchema as BaseCheckResultSchema,
  CompletionSchema as BaseCompletionSchema,
  NextStepSchema as BaseNextStepSchema,
  VerdictSchema as BaseVerdictSchema,
  ViolationSchema,
} from "./queries.js";

// The shared domain schemas, named for the OpenAPI document (`.meta` returns a named copy;
// validation is the same).
export const ProcedureSchema = BaseProcedureSchema.meta({ id: "Procedure" });
export const GroundedTraceSchema = BaseGroundedTraceSchema.meta({ id: "GroundedTrace" });
export const TraceEventSchema = BaseTraceEventSchema.meta({ id: "TraceEvent" });
export const GraphScriptSchema = BaseGraphScriptSchema.meta({ id: "GraphScript" });
export const InduceOptionsSchema = BaseInduceOptionsSchema.meta({ id: "InduceOptions" });
export const SessionSchema = BaseSessionSchema.meta({ id: "Session" });
export const CheckResultSchema = BaseCheckResultSchema.meta({ id: "CheckResult" });
export const CompletionSchema = BaseCompletionSchema.meta({ id: "Completion" });
export const NextStepSchema = BaseNextStepSchema.meta({ id: "NextStep" });
export const VerdictSchema = BaseVerdictSchema.meta({ id: "Verdict" });

// ---- problem details (RFC 9457) -------------------------------------------------------------

export const ProblemFieldSchema = z
  .object({
    path: z.string().describe('where the bad value is, e.g. "body.steps.3.id" or "query.version"'),
    message: z.string(),
  })
  .strict();

export const ProblemSchema = z
  .object({
    type: z.string().describe("URI of the error kind: urn:stepgraph:error:<code>"),
    title: z.string().describe("short summary of the error kind, the same for every occurrence"),
    status: z.number().int().min(400).max(599),
    code: z.string().describe("stable machine-readable code (docs/errors.md)"),
    detail: z.string().describe("what went wrong in this request, quoting the bad value"),
    errors: z.array(ProblemFieldSchema).optional().describe("one entry per bad field"),
  })
  .strict()
  .meta({ id: "Problem" });

// ---- shared request parts -------------------------------------------------------------------

/** Query strings carry numbers as text: coerce, but only from plain decimal integers. */
const QueryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, "must be a non-negative integer")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const QueryVersion = QueryInt(1, 1_000_000).optional().describe("procedure version (latest when absent)");
const QueryBool = z.enum(["true", "false"]).transform((s) => s === "true");

export const ProcedureParamsSchema = z.object({ id: ProcedureIdSchema }).strict();
export const ProcedureVersionParamsSchema = z.object({ id: ProcedureIdSchema, version: QueryInt(1, 1_000_000) }).strict();
export const SessionParamsSchema = z.object({ id: IdSchema }).strict();

export const VersionQuerySchema = z.object({ version: QueryVersion }).strict();

// ---- procedures -----------------------------------------------------------------------------

/** Body of POST /v1/procedures: a procedure; without `version` it becomes a new version when it changed. */
export const CreateProcedureRequestSchema = ProcedureSchema;

export const SaveProcedureResponseSchema = z
  .object({
    procedure: ProcedureSchema,
    /** False when an identical version already existed and nothing was written. */
    created: z.boolean(),
  })
  .strict();

export const ProcedureSummarySchema = z
  .object({
    id: ProcedureIdSchema,
    version: VersionSchema.describe("latest version"),
    title: z.string(),
    stepCount: z.number().int().min(0),
    versions: z.array(VersionSchema),
  })
  .strict();

export const ListProceduresQuerySchema = z
  .object({
    q: z.string().max(200).optional().describe("case-insensitive search in titles and ids"),
    limit: QueryInt(1, 1000).default(50),
    offset: QueryInt(0, 1_000_000_000).default(0),
  })
  .strict();

export const ListProceduresResponseSchema = z
  .object({ procedures: z.array(ProcedureSummarySchema), limit: z.number().int(), offset: z.number().int() })
  .strict();

// ---- traces ---------------------------------------------------------------------------------

/** One trace in a batch: its events are step ids, step events or free-text events (grounded). */
export const ApiTraceSchema = z
  .object({
    id: TraceIdSchema.optional().describe("unique within the procedure version; generated when absent"),
    steps: z.array(TraceEventSchema),
  })
  .strict();

export const AppendTracesRequestSchema = z.object({ traces: z.array(ApiTraceSchema).min(1) }).strict();

export const AppendTracesQuerySchema = z
  .object({
    version: QueryVersion,
    induce: QueryBool.optional().describe("re-induce the graph script after appending (default: the server's setting)"),
  })
  .strict();

export const GroundedEventSchema = z
  .object({ trace: TraceIdSchema, index: z.number().int().min(0), text: z.string(), step: StepIdSchema, score: z.number() })
  .strict();

export const AppendTracesResponseSchema = z
  .object({
    procedure: ProcedureIdSchema,
    version: VersionSchema,
    appended: z.number().int().min(0),
    /** Ids of the appended traces, in order (generated ones included). */
    ids: z.array(TraceIdSchema),
    /** Traces of the version after the append. */
    traceCount: z.number().int().min(0),
    /** Free-text events and the step each was grounded to. */
    grounded: z.array(GroundedEventSchema),
    /** Whether the graph script was re-induced. */
    induced: z.boolean(),
  })
  .strict();

export const ListTracesQuerySchema = z
  .object({ version: QueryVersion, limit: QueryInt(1, 1000).default(100), offset: QueryInt(0, 1_000_000_000).default(0) })
  .strict();

export const ListTracesResponseSchema = z
  .object({
    procedure: ProcedureIdSchema,
    version: VersionSchema,
    traces: z.array(GroundedTraceSchema),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .strict();

export const TraceCountResponseSchema = z
  .object({ procedure: ProcedureIdSchema, version: VersionSchema, traces: z.number().int().min(0), events: z.number().int().min(0) })
  .strict();

// ---- graph scripts --------------------------------------------------------------------------

export const InduceRequestSchema = z
  .object({ options: InduceOptionsSchema.optional().describe("induction options (defaults for absent fields)") })
  .strict();

const QueryDepth = QueryInt(0, 10).default(0).describe("expand sub-procedures this many levels deep");

export const GraphScriptQuerySchema = z.object({ version: QueryVersion, depth: QueryDepth }).strict();

export const ExportFormatSchema = z.enum(["json", "dot", "mermaid", "cytoscape"]);

export const ExportQuerySchema = z
  .object({ format: ExportFormatSchema.default("json"), version: QueryVersion, depth: QueryDepth })
  .strict();

export const CytoscapeExportSchema = z
  .object({
    data: z.object({ procedure: z.string(), version: z.number(), title: z.string(), traceCount: z.number() }).strict(),
    elements: z
      .object({
        nodes: z.array(z.object({ data: z.record(z.string(), z.unknown()) }).strict()),
        edges: z.array(z.object({ data: z.record(z.string(), z.unknown()) }).strict()),
      })
      .strict(),
  })
  .strict();


// ---- queries --------------------------------------------------------------------------------

/** An input that was not given as a step id, and the step it named. */
export const ResolvedStepSchema = z
  .object({
    index: z.number().int().min(0).describe("position of the input in the list"),
    input: z.string(),
    step: StepIdSchema,
    by: z.enum(["number", "text"]).describe("a written number, or a step text (exact or grounded)"),
    score: z.number().min(0).max(1).optional().describe("grounding score of a text (1: the same text)"),
  })
  .strict()
  .meta({ id: "ResolvedStep" });

const Resolved = z.array(ResolvedStepSchema).describe("inputs given as written numbers or texts, with the step each named");
const PrefixCheck = {
  /** The order check of the steps done so far (a partial run); the answer continues from them as they happened. */
  check: CheckResultSchema,
  /** messages[i] words check.violations[i]. */
  messages: z.array(z.string()),
};

export const NextStepsResponseSchema = z
  .object({
    procedure: ProcedureIdSchema,
    version: VersionSchema,
    done: z.array(StepIdSchema).describe("the steps done so far, as step ids"),
    resolved: Resolved,
    ...PrefixCheck,
    next: z.array(NextStepSchema),
  })
  .strict();

export const CompletionResponseSchema = z
  .object({
    procedure: ProcedureIdSchema,
    version: VersionSchema,
    done: z.array(StepIdSchema).describe("the steps done so far, as step ids"),
    prefix: z.array(StepIdSchema).meta({ deprecated: true, description: "deprecated: the same as `done`, returned until the next release" }),
    resolved: Resolved,
    ...PrefixCheck,
    completion: CompletionSchema,
  })
  .strict();

export const OrderCheckResponseSchema = z
  .object({
    procedure: ProcedureIdSchema,
    version: VersionSchema,
    resolved: Resolved,
    result: CheckResultSchema,
    /** messages[i] words result.violations[i] for people. */
    messages: z.array(z.string()),
    /** result.orderError in words (present with it): an order error, or as many inverted pairs as valid runs show. */
    verdict: z.string().optional(),
    /** habitMessages[i] words result.habits[i] (present with them): orders the recorded runs keep, not enforced. */
    habitMessages: z.array(z.string()).optional(),
  })
  .strict();

// ---- grounding pasted items to steps (api/services/ground-texts.ts) ---------------------------

export const GroundRequestSchema = z
  .object({
    texts: z
      .array(z.string().max(2000))
      .min(1)
      .max(1000)
      .describe("items to ground, in order: step ids, written step numbers (1-based) or step texts, paraphrased or not"),
  })
  .strict();

export const GroundResultSchema = z
  .object({
    text: z.string().describe("the item as given"),
    /** How the item was resolved: its step id, its written number, its words, or not at all. */
    match: z.enum(["id", "number", "text", "none"]),
    step: StepIdSchema.optional().describe("the step it names; absent when match is none"),
    /** 1 for an id or number; the grounding score in [0, 1] for a text (src/grounding/ground.ts). */
    score: z.number().min(0).max(1),
    /** Best steps for the item's words, best first (at most 3); empty for an id or number. */
    candidates: z.array(z.object({ step: StepIdSchema, score: z.number() }).strict()),
  })
  .strict()
  .meta({ id: "GroundResult" });

export const GroundResponseSchema = z
  .object({ procedure: ProcedureIdSchema, version: VersionSchema, results: z.array(GroundResultSchema) })
  .strict();

// ---- derived views of a graph script (src/discovery/derived-views.ts) -------------------------

export const GraphScriptViewsResponseSchema = z
  .object({
    procedure: ProcedureIdSchema,
    version: VersionSchema,
    /** Steps with no path either way between them that the traces show in both orders. */
    interchangeable: z.array(z.array(z.string())),
    /** Steps that never occur together in one run (alternatives). */
    exclusive: z.array(z.array(z.string())),
    /** Steps after which more than one step may come next. */
    branching: z.array(z.object({ step: z.string(), next: z.array(z.string()) }).strict()),
  })
  .strict();

// ---- queries across levels of sub-procedures ---------------------------------------------------

const Within = z.string().describe('namespaced id of the detailed step whose sub-procedure this level is; "" at the root');

/** A violation at one level of the hierarchy; step ids are namespaced from the root (`b/b1`). */
export const LevelViolationSchema = z
  .object({ procedure: ProcedureIdSchema, version: VersionSchema, within: Within, violation: ViolationSchema })
  .strict()
  .meta({ id: "LevelViolation" });

export const HierarchicalCheckResultSchema = z
  .discriminatedUnion("valid", [
    z.object({ valid: z.literal(true) }).strict(),
    z
      .object({ valid: z.literal(false), firstFailingIndex: z.number().int().min(0), violations: z.array(LevelViolationSchema).min(1) })
      .strict(),
  ])
  .meta({ id: "HierarchicalCheckResult" });

export const HierarchyOrderCheckResponseSchema = z
  .object({
    procedure: ProcedureIdSchema,
    version: VersionSchema,
    resolved: Resolved,
    result: HierarchicalCheckResultSchema,
    /** messages[i] words result.violations[i], naming the level. */
    messages: z.array(z.string()),
  })
  .strict();

export const HierarchicalNextStepSchema = BaseNextStepSchema.extend({ within: Within }).meta({ id: "HierarchicalNextStep" });

export const HierarchyNextStepsResponseSchema = z
  .object({
    procedure: ProcedureIdSchema,
    version: VersionSchema,
    done: z.array(z.string()),
    resolved: Resolved,
    /** Namespaced ids of the detailed steps the run is inside after `done`, outermost first. */
    stack: z.array(z.string()),
    next: z.array(HierarchicalNextStepSchema),
  })
  .strict();

// ---- sessions -------------------------------------------------------------------------------

export const CreateSessionRequestSchema = z
  .object({ procedure: ProcedureIdSchema, version: VersionSchema.optional().describe("latest when absent") })
  .strict();

export const PostStepRequestSchema = z
  .object({
    step: z.string().min(1).max(10_000).optional().describe("the step: its id, written number (\"3\") or text"),
    text: z.string().min(1).max(10_000).optional().describe("what happened, in words: grounded to a step by its text"),
  })
  .strict()
  .superRefine((o, ctx) => {
    if ((o.step === undefined) === (o.text === undefined)) ctx.addIssue({ code: "custom", path: ["step"], message: "give exactly one of `step` and `text`" });
  });

export const SessionQuerySchema = z
  .object({
    k: QueryInt(1, 1000).default(5),
    includeBlocked: QueryBool.default(false).describe("also list next steps that are not allowed now"),
  })
  .strict();

export const SessionResponseSchema = z
  .object({
    session: SessionSchema,
    /** Verdict of every posted step, in order. */
    verdicts: z.array(VerdictSchema),
    next: z.array(NextStepSchema),
  })
  .strict();

export const PostStepResponseSchema = z
  .object({
    /** How `step` or `text` was read, when it was not a step id. */
    resolved: z.array(ResolvedStepSchema),
    verdict: VerdictSchema,
    /** messages[i] words verdict.violations[i]. */
    messages: z.array(z.string()),
    session: SessionSchema,
    next: z.array(NextStepSchema),
  })
  .strict();

export const UndoStepResponseSchema = z
  .object({
    /** The step that was removed. */
    undone: StepIdSchema,
    session: SessionSchema,
    verdicts: z.array(VerdictSchema),
    next: z.array(NextStepSchema),
  })
  .strict();

// ---- health ---------------------------------------------------------------------------------

export const HealthResponseSchema = z.object({ status: z.literal("ok") }).strict();
export const ReadyResponseSchema = z.object({ status: z.literal("ready"), store: z.string() }).strict();

export type Problem = z.infer<typeof ProblemSchema>;
export type ProblemField = z.infer<typeof ProblemFieldSchema>;
export type ApiTrace = z.infer<typeof ApiTraceSchema>;
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

// ---- statistics -----------------------------------------------------------------------------

const QueryFraction = z
  .string()
  .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, "must be a number between 0 and 1")
  .transform(Number);

export const StatsQuerySchema = z
  .object({
    version: QueryVersion,
    minPairCount: QueryInt(1, 1_000_000_000).optional().describe("a consecutive pair counts when seen at least this often (default 1)"),
    minNextCount: QueryInt(1, 1_000_000_000).optional().describe("a next step is frequent when it follows at least this often (default 1)"),
    minNextShare: QueryFraction.optional().describe("...and takes at least this share of the step's transitions (default 0.1)"),
  })
  .strict();

/** The seed paper's two figures (src/discovery/trace-statistics.ts) over a version's traces. */
export const TraceStatisticsSchema = z
  .object({
    traces: z.number().int().min(0),
    events: z.number().int().min(0),
    consecutivePairs: z.number().int().min(0),
    reversedPairShare: z.number().min(0).max(1),
    steps: z.number().int().min(0),
    meanFrequentNextSteps: z.number().min(0),
    cutoffs: z.object({ minPairCount: z.number().int(), minNextCount: z.number().int(), minNextShare: z.number() }).strict(),
  })
  .strict();

export const StatsResponseSchema = z
  .object({
    procedure: ProcedureIdSchema,
    version: VersionSchema,
    statistics: TraceStatisticsSchema,
    /** Derived views of the graph script (never stored): steps with no order either way, seen in both orders. */
    interchangeableGroups: z.array(z.array(StepIdSchema)),
    /** Steps that never occur in the same trace. */
    exclusiveAlternatives: z.array(z.array(StepIdSchema)),
    /** Steps with more than one possible next step in the graph. */
    branchingPoints: z.array(z.object({ step: z.string(), next: z.array(z.string()) }).strict()),
  })
  .strict();
