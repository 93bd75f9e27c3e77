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
import { renderViolation } from "../../src/conformance/render-violation.js";
import { complete } from "../../src/query/complete.js";
import { nextSteps } from "../../src/query/next-steps.js";
import type { GraphScript } from "../../src/model/index.js";
import { requireProcedure } from "../context.js";
import { defineRoute, type AnyRoute } from "../route.js";

const TAG = "queries";

const stepSets = new WeakMap<GraphScript, Set<string>>();

/** The given steps that are not steps of the script, each once, in order of appearance. */
function unknownSteps(script: GraphScript, steps: readonly string[]): string[] {
  let known = stepSets.get(script);
  if (known === undefined) stepSets.set(script, (known = new Set(script.steps.map((s) => s.id))));
  return [...new Set(steps.filter((s) => !known.has(s)))];
}

export const postNextSteps = defineRoute({
  method: "post",
  path: "/v1/procedures/:id/next-steps",
  operationId: "nextSteps",
  summary: "Rank what may come next after the done steps (top k, with probabilities, allowed flags and reasons)",
  tag: TAG,
  access: "read",
  params: ProcedureParamsSchema,
  query: VersionQuerySchema,
  body: NextStepsRequestSchema,
  responses: { 200: { description: "The ranked candidates", schema: NextStepsResponseSchema } },
  errors: ["invalid_request", "procedure_not_found"],
  async handle({ params, query, body }, ctx) {
    const p = await requireProcedure(ctx, params.id, query.version);
    const script = await ctx.scripts.get(p);
    return {
      status: 200,
      json: {
        procedure: p.id,
        version: p.version,
        done: body.done,
        unknown: unknownSteps(script, body.done),
        next: nextSteps(script, body.done, body.k),
      },
    };
  },
});

export const postCompletion = defineRoute({
  method: "post",
  path: "/v1/procedures/:id/completion",
  operationId: "completion",
  summary: "Complete a partial run: the most likely valid remaining steps",
  tag: TAG,
  access: "read",
  params: ProcedureParamsSchema,
  query: VersionQuerySchema,
  body: CompletionRequestSchema,
  responses: { 200: { description: "The completion", schema: CompletionResponseSchema } },
  errors: ["invalid_request", "procedure_not_found"],
  async handle({ params, query, body }, ctx) {
    const p = await requireProcedure(ctx, params.id, query.version);
    const script = await ctx.scripts.get(p);
    return {
      status: 200,
      json: {
        procedure: p.id,
        version: p.version,
        prefix: body.prefix,
        unknown: unknownSteps(script, body.prefix),
        completion: complete(script, body.prefix),
      },
    };
  },
});

export const postOrderCheck = defineRoute({
  method: "post",
  path: "/v1/procedures/:id/order-check",
  operationId: "orderCheck",
  summary: "Check the order of a sequence of steps (partial, or complete with `complete: true`)",
  description: "Violations are data (`code`: precedence, missing_required, unknown_step, repeated_step); `messages[i]` words `result.violations[i]`.",
  tag: TAG,
  access: "read",
  params: ProcedureParamsSchema,
  query: VersionQuerySchema,
  body: OrderCheckRequestSchema,
  responses: { 200: { description: "Valid, or the violations", schema: OrderCheckResponseSchema } },
  errors: ["invalid_request", "procedure_not_found"],
  async handle({ params, query, body }, ctx) {
    const p = await requireProcedure(ctx, params.id, query.version);
    const script = await ctx.scripts.get(p);
    const result = checkOrder(script, body.sequence, { complete: body.complete });
    const messages = result.valid ? [] : result.violations.map((v) => renderViolation(v, script));
    return { status: 200, json: { procedure: p.id, version: p.version, result, messages } };
  },
});

export const queryRoutes: AnyRoute[] = [postNextSteps, postCompletion, postOrderCheck];
