// Query routes across the levels of a procedure and its sub-procedures (src/hierarchy): the
// order check of a run that mixes parent steps and namespaced sub-steps (`b/b1`), with each
// violation reported at the level where it happens, and the next steps, which come from the
// sub-procedure of the detailed step the run is inside until that sub-procedure may end.
import {
  HierarchyNextStepsResponseSchema,
  HierarchyOrderCheckResponseSchema,
  ProcedureParamsSchema,
  VersionQuerySchema,
} from "../../src/model/api.js";
import { NextStepsRequestSchema, OrderCheckRequestSchema } from "../../src/model/queries.js";
import { renderViolation } from "../../src/conformance/render-violation.js";
import { expand } from "../../src/hierarchy/expand.js";
import { hierarchicalCheckOrder } from "../../src/hierarchy/hierarchical-check-order.js";
import { HierarchicalSession } from "../../src/hierarchy/hierarchical-session.js";
import type { GraphScript, Procedure } from "../../src/model/index.js";
import { createStepResolver, resolvableSteps, type StepResolver } from "../../src/query/resolve-steps.js";
import { requireProcedure, type AppContext } from "../context.js";
import { defineRoute, type AnyRoute } from "../route.js";
import { loadSubScripts } from "../services/expanded-script.js";
import { resolveBodySteps } from "../services/step-input.js";

const TAG = "queries";
// NOTE: link cycles are refused when procedures are saved, so every hierarchy is finite; this
// bound only caps the work one request can cause.
const MAX_LEVELS = 10;

async function hierarchyOf(ctx: AppContext, p: Procedure) {
  const root = await ctx.scripts.get(p);
  const resolve = await loadSubScripts(ctx, root, MAX_LEVELS);
  const expanded = expand(root, resolve, MAX_LEVELS); // step texts under the namespaced ids
  return { root, resolve, expanded, resolver: hierarchyResolver(root, expanded) };
}

/**
 * Steps a hierarchical run may name: the root's steps (by id, written number or text) and every
 * namespaced sub-step (`b/b1`, by id or text).
 */
function hierarchyResolver(root: GraphScript, expanded: GraphScript): StepResolver {
  const steps = resolvableSteps(root);
  const seen = new Set(steps.map((s) => s.id));
  for (const s of expanded.steps) if (!seen.has(s.id)) steps.push({ id: s.id, text: s.text });
  return createStepResolver(steps);
}

export const postHierarchyOrderCheck = defineRoute({
  method: "post",
  path: "/v1/procedures/:id/hierarchy/order-check",
  operationId: "hierarchyOrderCheck",
  summary: "Check a run that mixes parent steps and sub-procedure steps, level by level",
  description:
    "Sub-steps are named by their namespaced id (`<step>/<sub-step>`, as the graph-script export with `depth` names them). Each violation says at which level (procedure, version, and the detailed step it is inside) it happens; `messages[i]` words `result.violations[i]`.",
  tag: TAG,
  access: "read",
  params: ProcedureParamsSchema,
  query: VersionQuerySchema,
  body: OrderCheckRequestSchema,
  responses: { 200: { description: "Valid, or the violations with their level", schema: HierarchyOrderCheckResponseSchema } },
  errors: ["invalid_request", "procedure_not_found", "subprocedure_not_found", "unknown_step"],
  async handle({ params, query, body }, ctx) {
    const p = await requireProcedure(ctx, params.id, query.version);
    const { root, resolve, expanded, resolver } = await hierarchyOf(ctx, p);
    const field = body.sequence !== undefined ? "sequence" : "done";
    const { steps, resolved } = resolveBodySteps(root, body.sequence ?? body.done ?? [], field, { resolver });
    const result = hierarchicalCheckOrder(root, resolve, steps, { complete: body.complete });
    let messages: string[] = [];
    if (!result.valid) {
      messages = result.violations.map((v) => {
        const level = v.within === "" ? `${v.procedure}` : `${v.procedure} (inside "${v.within}")`;
        return `${level}: ${renderViolation(v.violation, expanded)}`;
      });
    }
    return { status: 200, json: { procedure: p.id, version: p.version, resolved, result, messages } };
  },
});

export const postHierarchyNextSteps = defineRoute({
  method: "post",
  path: "/v1/procedures/:id/hierarchy/next-steps",
  operationId: "hierarchyNextSteps",
  summary: "Rank what may come next across levels: inside a detailed step, its sub-procedure's steps",
  tag: TAG,
  access: "read",
  params: ProcedureParamsSchema,
  query: VersionQuerySchema,
  body: NextStepsRequestSchema,
  responses: { 200: { description: "Where the run is and the ranked candidates", schema: HierarchyNextStepsResponseSchema } },
  errors: ["invalid_request", "procedure_not_found", "subprocedure_not_found", "unknown_step"],
  async handle({ params, query, body }, ctx) {
    const p = await requireProcedure(ctx, params.id, query.version);
    const { root, resolve, resolver } = await hierarchyOf(ctx, p);
    const { steps, resolved } = resolveBodySteps(root, body.done, "done", { resolver });
    const session = new HierarchicalSession(root, resolve, steps);
    const next = session.next(body.k).filter((n) => body.includeBlocked || n.allowed);
    return {
      status: 200,
      json: { procedure: p.id, version: p.version, done: steps, resolved, stack: session.stack, next },
    };
  },
});

export const hierarchyRoutes: AnyRoute[] = [postHierarchyOrderCheck, postHierarchyNextSteps];
