// Trace routes: append a batch to a procedure version (step ids, step events or free-text
// events grounded to steps; any event that cannot be grounded, or a trace with no steps, fails
// the whole batch with 422 and nothing is written), then re-induce its graph script unless
// turned off; list; count.
import {
  AppendTracesQuerySchema,
  AppendTracesRequestSchema,
  AppendTracesResponseSchema,
  ListTracesQuerySchema,
  ListTracesResponseSchema,
  ProcedureParamsSchema,
  TraceCountResponseSchema,
  VersionQuerySchema,
} from "../../src/model/api.js";
import type { GroundedTrace } from "../../src/model/index.js";
import { ApiError } from "../errors.js";
import { requireProcedure } from "../context.js";
import { defineRoute, type AnyRoute } from "../route.js";
import { groundBatch } from "../services/ground-batch.js";
import { versionKey } from "../services/graph-scripts.js";

const TAG = "traces";

export const appendTraces = defineRoute({
  method: "post",
  path: "/v1/procedures/:id/traces",
  operationId: "appendTraces",
  summary: "Append a batch of traces to a procedure version and re-induce its graph script",
  description:
    "Events are step ids, `{step, start?, end?}` or `{text, start?, end?}`; a text event that writes a step number (`{\"text\": \"3\"}`) names that written step, other text events are grounded to a step of the version. The batch is written whole or not at all. The graph script is re-induced incrementally unless `?induce=false` (or the server runs with STEPGRAPH_AUTO_INDUCE=false).",
  tag: TAG,
  access: "write",
  params: ProcedureParamsSchema,
  query: AppendTracesQuerySchema,
  body: AppendTracesRequestSchema,
  responses: { 201: { description: "The traces were appended", schema: AppendTracesResponseSchema } },
  errors: [
    "invalid_request",
    "procedure_not_found",
    "batch_too_large",
    "too_many_events",
    "unknown_step",
    "unknown_events",
    "empty_trace",
    "duplicate_trace",
  ],
  async handle({ params, query, body }, ctx) {
    const { maxBatch, maxEvents } = ctx.config;
    if (body.traces.length > maxBatch) {
      throw new ApiError("batch_too_large", `the batch has ${body.traces.length} traces; the limit is ${maxBatch}`, [
        { path: "body.traces", message: `at most ${maxBatch} traces per request` },
      ]);
    }
    const long = body.traces.flatMap((t, i) => (t.steps.length > maxEvents ? [{ i, n: t.steps.length }] : []));
    if (long.length > 0) {
      throw new ApiError(
        "too_many_events",
        `trace ${long[0]!.i} has ${long[0]!.n} events; the limit is ${maxEvents}`,
        long.map(({ i }) => ({ path: `body.traces.${i}.steps`, message: `at most ${maxEvents} events per trace` })),
      );
    }
    const empty = body.traces.flatMap((t, i) => (t.steps.length === 0 ? [i] : []));
    if (empty.length > 0) {
      throw new ApiError(
        "empty_trace",
        `trace ${empty[0]} of the batch has no steps; an empty trace is refused (it shows no order and would make every step optional), so nothing was stored`,
        empty.map((i) => ({ path: `body.traces.${i}.steps`, message: "a trace needs at least one step" })),
      );
    }
    const procedure = await requireProcedure(ctx, params.id, query.version);
    const withIds = body.traces.map((t) => ({ id: t.id ?? ctx.newId(), steps: t.steps }));
    const { traces, grounded } = groundBatch(procedure, withIds);
    const induce = query.induce ?? ctx.config.autoInduce;
    return ctx.locks.run(versionKey(procedure.id, procedure.version), async () => {
      const before = await ctx.store.countTraces(procedure.id, procedure.version);
      const stored: GroundedTrace[] = traces.map((t) => ({ ...t, procedure: procedure.id, version: procedure.version }));
      const { appended } = await ctx.store.appendTraces(procedure.id, procedure.version, stored);
      if (induce) await ctx.scripts.updateLocked(procedure, before, stored);
      return {
        status: 201,
        json: {
          procedure: procedure.id,
          version: procedure.version,
          appended,
          ids: stored.map((t) => t.id),
          traceCount: before + appended,
          grounded,
          induced: induce,
        },
      };
    });
  },
});

export const listTraces = defineRoute({
  method: "get",
  path: "/v1/procedures/:id/traces",
  operationId: "listTraces",
  summary: "List the traces of a procedure version (grounded step ids), in insertion order",
  tag: TAG,
  access: "read",
  params: ProcedureParamsSchema,
  query: ListTracesQuerySchema,
  responses: { 200: { description: "One page of traces", schema: ListTracesResponseSchema } },
  errors: ["invalid_request", "procedure_not_found"],
  async handle({ params, query }, ctx) {
    const p = await requireProcedure(ctx, params.id, query.version);
    const traces = await ctx.store.listTraces(p.id, p.version, { limit: query.limit, offset: query.offset });
    return { status: 200, json: { procedure: p.id, version: p.version, traces, limit: query.limit, offset: query.offset } };
  },
});

export const countTraces = defineRoute({
  method: "get",
  path: "/v1/procedures/:id/traces/count",
  operationId: "countTraces",
  summary: "Count the traces and events of a procedure version",
  tag: TAG,
  access: "read",
  params: ProcedureParamsSchema,
  query: VersionQuerySchema,
  responses: { 200: { description: "The counts", schema: TraceCountResponseSchema } },
  errors: ["invalid_request", "procedure_not_found"],
  async handle({ params, query }, ctx) {
    const p = await requireProcedure(ctx, params.id, query.version);
    const [traces, events] = await Promise.all([ctx.store.countTraces(p.id, p.version), ctx.store.countEvents(p.id, p.version)]);
    return { status: 200, json: { procedure: p.id, version: p.version, traces, events } };
  },
});

export const traceRoutes: AnyRoute[] = [appendTraces, listTraces, countTraces];
