// Grounding route: which steps a list of pasted items names (step ids, written numbers, step
// texts or paraphrases), each with how it matched and, when it did not, the closest steps.
// A read: it changes nothing (the viewer's "Check a run" uses it before the order check).
import { GroundRequestSchema, GroundResponseSchema, ProcedureParamsSchema, VersionQuerySchema } from "../../src/model/api.js";
import { requireProcedure } from "../context.js";
import { defineRoute, type AnyRoute } from "../route.js";
import { groundTexts } from "../services/ground-texts.js";

export const postGround = defineRoute({
  method: "post",
  path: "/v1/procedures/:id/ground",
  operationId: "groundTexts",
  summary: "Ground pasted items (step ids, written numbers, step texts or paraphrases) to steps of the version",
  description:
    "One result per item, in order: `match` is id, number, text or none. Texts are grounded like free-text trace events (src/grounding/ground.ts); an item that grounds to no step confidently is `none` with its closest `candidates`, never guessed.",
  tag: "queries",
  access: "read",
  params: ProcedureParamsSchema,
  query: VersionQuerySchema,
  body: GroundRequestSchema,
  responses: { 200: { description: "One result per item", schema: GroundResponseSchema } },
  errors: ["invalid_request", "procedure_not_found"],
  async handle({ params, query, body }, ctx) {
    const p = await requireProcedure(ctx, params.id, query.version);
    return { status: 200, json: { procedure: p.id, version: p.version, results: groundTexts(p, body.texts) } };
  },
});

export const groundingRoutes: AnyRoute[] = [postGround];
