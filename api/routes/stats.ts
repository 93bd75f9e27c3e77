// Statistics route: the seed paper's figures over the traces of a procedure version
// (reversed-pair share, mean number of frequent next steps; src/discovery/trace-statistics.ts)
// and the derived views of its graph script (interchangeable groups, exclusive alternatives,
// branching points; src/discovery/derived-views.ts).
import { ProcedureParamsSchema, StatsQuerySchema, StatsResponseSchema } from "../../src/model/api.js";
import { traceStatistics, type TraceStatisticsOptions } from "../../src/discovery/trace-statistics.js";
import { branchingPoints, exclusiveAlternatives, interchangeableGroups } from "../../src/discovery/derived-views.js";
import { requireProcedure } from "../context.js";
import { defineRoute, type AnyRoute } from "../route.js";

export const getStats = defineRoute({
  method: "get",
  path: "/v1/procedures/:id/stats",
  operationId: "getStats",
  summary: "Statistics of a procedure version's traces and derived views of its graph script",
  description:
    "reversedPairShare: share of consecutive step pairs also seen reversed; meanFrequentNextSteps: mean number of frequent next steps per step (Zhou et al., ACL 2023). The cut-offs are returned with the figures.",
  tag: "statistics",
  access: "read",
  params: ProcedureParamsSchema,
  query: StatsQuerySchema,
  responses: { 200: { description: "The statistics", schema: StatsResponseSchema } },
  errors: ["invalid_request", "procedure_not_found"],
  async handle({ params, query }, ctx) {
    const p = await requireProcedure(ctx, params.id, query.version);
    // NOTE: traceStatistics takes a synchronous iterable, so the version's step lists are
    // gathered first: memory O(events of this version), not O(all traces of the store).
    const steps: string[][] = [];
    for await (const t of ctx.store.streamTraces(p.id, p.version)) steps.push(t.steps);
    const options: TraceStatisticsOptions = {};
    if (query.minPairCount !== undefined) options.minPairCount = query.minPairCount;
    if (query.minNextCount !== undefined) options.minNextCount = query.minNextCount;
    if (query.minNextShare !== undefined) options.minNextShare = query.minNextShare;
    const script = await ctx.scripts.get(p);
    return {
      status: 200,
      json: {
        procedure: p.id,
        version: p.version,
        statistics: traceStatistics(steps, options),
        interchangeableGroups: interchangeableGroups(script),
        exclusiveAlternatives: exclusiveAlternatives(script),
        branchingPoints: branchingPoints(script),
      },
    };
  },
});

export const statsRoutes: AnyRoute[] = [getStats];
