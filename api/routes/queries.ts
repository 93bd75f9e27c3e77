// Query routes on the graph script of a procedure version: ranked next steps after the done
// steps, the most likely completion of a prefix, and the order check of a sequence (partial,
// or declared complete) with typed violations and their wording.
import {
  CompletionResponseSchema,
  NextStepsResponseSchema,
  OrderCheckResponseSchema,
  ProcedureParamsSchema,
  VersionQuerySchema,
} from "../../src/model/api.js";
import { CompletionRequestSchema, NextStepsRequestSchema, OrderCheckRequestSchema } from "../../src/model/queries.js";
import { checkOrder } from "../../src/conformance/check-order.js";
import { renderHabit, renderOrderError, renderViolation } from "../../src/conformance/render-violation.js";
import { completionAnswer, nextStepsAnswer } from "../../src/query/answer-queries.js";
import { requireProcedure } from "../context.js";
import { defineRoute, type AnyRoute } from "../route.js";
import { resolveBodySteps } from "../services/step-input.js";

const TAG = "queries";

const DONE_DESCRIPTION =
  "Steps are given as step ids, written numbers (`\"3\"`: the third written step) or step texts (grounded as `stepgraph ground` does); any input that names no step is a 422 `unknown_step` naming it with the closest steps. `resolved` says how each input that was not an id was read.";

export const postNextSteps = defineRoute({
  method: "post",
  path: "/v1/procedures/:id/next-steps",
  operationId: "nextSteps",
  summary: "Rank what may come next after the done steps (top k allowed steps with probabilities)",
  description: `${DONE_DESCRIPTION} After steps that break the order, \`check\` holds the violations (as order-check gives them) and the ranking continues from the run as it happened. Only allowed steps are listed unless \`includeBlocked\` is true.`,
  tag: TAG,
  access: "read",
  params: ProcedureParamsSchema,
  query: VersionQuerySchema,
  body: NextStepsRequestSchema,
  responses: { 200: { description: "The ranked candidates", schema: NextStepsResponseSchema } },
  errors: ["invalid_request", "procedure_not_found", "unknown_step"],
  async handle({ params, query, body }, ctx) {
    const p = await requireProcedure(ctx, params.id, query.version);
    const script = await ctx.scripts.get(p);
    const { steps, resolved } = resolveBodySteps(script, body.done, "done");
    const answer = nextStepsAnswer(script, steps, { k: body.k, includeBlocked: body.includeBlocked });
    return { status: 200, json: { procedure: p.id, version: p.version, done: steps, resolved, ...answer } };
  },
});

export const postCompletion = defineRoute({
  method: "post",
  path: "/v1/procedures/:id/completion",
  operationId: "completion",
  summary: "Complete a partial run: the most likely valid remaining steps",
  description: `${DONE_DESCRIPTION} After steps that break the order, \`check\` holds the violations and the completion continues from the run as it happened. \`prefix\` is the deprecated old name of \`done\`.`,
  tag: TAG,
  access: "read",
  params: ProcedureParamsSchema,
  query: VersionQuerySchema,
  body: CompletionRequestSchema,
  responses: { 200: { description: "The completion", schema: CompletionResponseSchema } },
  errors: ["invalid_request", "procedure_not_found", "unknown_step"],
  async handle({ params, query, body }, ctx) {
    const p = await requireProcedure(ctx, params.id, query.version);
    const script = await ctx.scripts.get(p);
    const field = body.prefix !== undefined ? "prefix" : "done";
    const { steps, resolved } = resolveBodySteps(script, body.prefix ?? body.done ?? [], field);
    const answer = completionAnswer(script, steps);
    return { status: 200, json: { procedure: p.id, version: p.version, done: steps, prefix: steps, resolved, ...answer } };
  },
});

export const postOrderCheck = defineRoute({
  method: "post",
  path: "/v1/procedures/:id/order-check",
  operationId: "orderCheck",
  summary: "Check the order of a sequence of steps (partial, or complete with `complete: true`)",
  description: `${DONE_DESCRIPTION} Violations are data (\`code\`: precedence, missing_required, repeated_step); \`messages[i]\` words \`result.violations[i]\`; with a precedence violation on a procedure with runs, \`result.orderError\` weighs it against the procedure's own runs (an order error, or as many inverted pairs as valid runs show), worded in \`verdict\`. \`sequence\` is the deprecated old name of \`done\`.`,
  tag: TAG,
  access: "read",
  params: ProcedureParamsSchema,
  query: VersionQuerySchema,
  body: OrderCheckRequestSchema,
  responses: { 200: { description: "Valid, or the violations", schema: OrderCheckResponseSchema } },
  errors: ["invalid_request", "procedure_not_found", "unknown_step"],
  async handle({ params, query, body }, ctx) {
    const p = await requireProcedure(ctx, params.id, query.version);
    const script = await ctx.scripts.get(p);
    const field = body.sequence !== undefined ? "sequence" : "done";
    const { steps, resolved } = resolveBodySteps(script, body.sequence ?? body.done ?? [], field);
    const result = checkOrder(script, steps, { complete: body.complete });
    const messages = result.valid ? [] : result.violations.map((v) => renderViolation(v, script));
    const verdict = !result.valid && result.orderError !== undefined ? { verdict: renderOrderError(result.orderError) } : {};
    const habitMessages = result.habits !== undefined ? { habitMessages: result.habits.map((v) => renderHabit(v, script)) } : {};
    return { status: 200, json: { procedure: p.id, version: p.version, resolved, result, messages, ...verdict, ...habitMessages } };
  },
});

export const queryRoutes: AnyRoute[] = [postNextSteps, postCompletion, postOrderCheck];
