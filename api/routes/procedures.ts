// Procedure routes: create (a new version when the steps change), list and search, get
// (latest or a version), delete a version nothing else references.
import {
  CreateProcedureRequestSchema,
  ListProceduresQuerySchema,
  ListProceduresResponseSchema,
  ProcedureParamsSchema,
  ProcedureSchema,
  ProcedureVersionParamsSchema,
  SaveProcedureResponseSchema,
  VersionQuerySchema,
} from "../../src/model/api.js";
import type { Procedure } from "../../src/model/index.js";
import { ApiError } from "../errors.js";
import { requireProcedure, type AppContext } from "../context.js";
import { defineRoute, type AnyRoute } from "../route.js";
import { checkSubprocedureLinks } from "../services/subprocedure-links.js";

const TAG = "procedures";

export const createProcedure = defineRoute({
  method: "post",
  path: "/v1/procedures",
  operationId: "createProcedure",
  summary: "Create a procedure, or a new version of it when its content changed",
  description:
    "Without `version`, an identical procedure returns the stored latest version (200, created false) and a changed one is stored as latest + 1 (201). With `version`, that exact version is created, or returned when identical; a different stored one is a 409. `steps: []` makes a log-only procedure (for an event log without a written procedure): its traces may name any step ids, its steps come from them, and no written order is implied.",
  tag: TAG,
  access: "write",
  body: CreateProcedureRequestSchema,
  responses: {
    200: { description: "An identical version existed; nothing was written", schema: SaveProcedureResponseSchema },
    201: { description: "A new version was stored", schema: SaveProcedureResponseSchema },
  },
  errors: ["invalid_request", "too_many_steps", "subprocedure_not_found", "subprocedure_cycle", "version_conflict", "version_limit"],
  arrayBodyHint: "post each procedure on its own (a sub-procedure before the procedures that link to it), or load a procedures.json file with `stepgraph ingest --procedures FILE`",
  async handle({ body, rawBody }, ctx) {
    if (body.steps.length > ctx.config.maxSteps) {
      throw new ApiError("too_many_steps", `procedure ${JSON.stringify(body.id)} has ${body.steps.length} steps; the limit is ${ctx.config.maxSteps}`, [
        { path: "body.steps", message: `at most ${ctx.config.maxSteps} steps` },
      ]);
    }
    const explicitVersion = typeof rawBody === "object" && rawBody !== null && "version" in rawBody;
    await checkSubprocedureLinks(ctx, body, explicitVersion);
    const input: Omit<Procedure, "version"> & { version?: number } = { ...body };
    if (!explicitVersion) delete input.version;
    const { procedure, created } = await ctx.store.saveProcedure(input);
    if (created) ctx.procedures.noteSaved(procedure, !explicitVersion);
    return { status: created ? 201 : 200, json: { procedure, created } };
  },
});

export const listProcedures = defineRoute({
  method: "get",
  path: "/v1/procedures",
  operationId: "listProcedures",
  summary: "List procedures (latest versions), optionally searching titles and ids",
  tag: TAG,
  access: "read",
  query: ListProceduresQuerySchema,
  responses: { 200: { description: "One page of procedure summaries", schema: ListProceduresResponseSchema } },
  errors: ["invalid_request"],
  async handle({ query }, ctx) {
    const options: { query?: string; limit: number; offset: number } = { limit: query.limit, offset: query.offset };
    if (query.q !== undefined) options.query = query.q;
    const procedures = await ctx.store.listProcedures(options);
    return { status: 200, json: { procedures, limit: query.limit, offset: query.offset } };
  },
});

export const getProcedure = defineRoute({
  method: "get",
  path: "/v1/procedures/:id",
  operationId: "getProcedure",
  summary: "Get a procedure (latest version, or `?version=`)",
  tag: TAG,
  access: "read",
  params: ProcedureParamsSchema,
  query: VersionQuerySchema,
  responses: { 200: { description: "The procedure", schema: ProcedureSchema } },
  errors: ["invalid_request", "procedure_not_found"],
  async handle({ params, query }, ctx) {
    return { status: 200, json: await requireProcedure(ctx, params.id, query.version) };
  },
});

export const deleteProcedureVersion = defineRoute({
  method: "delete",
  path: "/v1/procedures/:id/versions/:version",
  operationId: "deleteProcedureVersion",
  summary: "Delete one version with its traces and graph script, unless another procedure links to it",
  tag: TAG,
  access: "write",
  params: ProcedureVersionParamsSchema,
  responses: { 204: { description: "Deleted" } },
  errors: ["invalid_request", "procedure_not_found", "procedure_referenced"],
  async handle({ params }, ctx: AppContext) {
    await requireProcedure(ctx, params.id, params.version);
    await ctx.locks.run(`${params.id}@${params.version}`, async () => {
      await ctx.store.deleteProcedureVersion(params.id, params.version);
      ctx.procedures.invalidate(params.id, params.version);
    });
    return { status: 204 };
  },
});

export const procedureRoutes: AnyRoute[] = [createProcedure, listProcedures, getProcedure, deleteProcedureVersion];
