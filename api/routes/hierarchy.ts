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
import type { Procedure } from "../../src/model/index.js";
import { requireProcedure, type AppContext } from "../context.js";
import { defineRoute, type AnyRoute } from "../route.js";
import { loadSubScripts } from "../services/expanded-script.js";

const TAG = "queries";
// NOTE: link cycles are refused when procedures are saved, so every hierarchy is finite; this
// bound only caps the work one request can cause.
const MAX_LEVELS = 10;

async function hierarchyOf(ctx: AppContext, p: Procedure) {
  const root = await ctx.scripts.get(p);
  const resolve = await loadSubScripts(ctx, root, MAX_LEVELS);
  return { root, resolve };
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
  errors: ["invalid_request", "procedure_not_found", "subprocedure_not_found"],
  async handle({ params, query, body }, ctx) {
    const p = await requireProcedure(ctx, params.id, query.version);
    const { root, resolve } = await hierarchyOf(ctx, p);
    const result = hierarchicalCheckOrder(root, resolve, body.sequence, { complete: body.complete });
    let messages: string[] = [];
    if (!result.valid) {
      const named = expand(root, resolve, MAX_LEVELS); // step texts under the namespaced ids
      messages = result.violations.map((v) => {
        const level = v.within === "" ? `${v.procedure}` : `${v.procedure} (inside "${v.within}")`;
        return `${level}: ${renderViolation(v.violation, named)}`;
      });
    }
    return { status: 200, json: { procedure: p.id, version: p.version, result, messages } };
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
  errors: ["invalid_request", "procedure_not_found", "subprocedure_not_found"],
  async handle({ params, query, body }, ctx) {
    const p = await requireProcedure(ctx, params.id, query.version);
    const { root, resolve } = await hierarchyOf(ctx, p);
    const session = new HierarchicalSession(root, resolve, body.done);
    return {
      status: 200,
      json: { procedure: p.id, version: p.version, done: body.done, stack: session.stack, next: session.next(body.k) },
    };
  },
});

export const hierarchyRoutes: AnyRoute[] = [postHierarchyOrderCheck, postHierarchyNextSteps];
