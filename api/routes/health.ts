// Health routes: /healthz answers while the process is up; /readyz pings the store and answers
// 503 store_unavailable when it does not respond.
import { HealthResponseSchema, ReadyResponseSchema } from "../../src/model/api.js";
import { ApiError } from "../errors.js";
import { defineRoute, type AnyRoute } from "../route.js";

export const healthz = defineRoute({
  method: "get",
  path: "/healthz",
  operationId: "healthz",
  summary: "Liveness: the process is up",
  tag: "health",
  access: "public",
  responses: { 200: { description: "Up", schema: HealthResponseSchema } },
  errors: [],
  handle: () => ({ status: 200, json: { status: "ok" } }),
});

export const readyz = defineRoute({
  method: "get",
  path: "/readyz",
  operationId: "readyz",
  summary: "Readiness: the store answers",
  tag: "health",
  access: "public",
  responses: { 200: { description: "Ready", schema: ReadyResponseSchema } },
  errors: ["store_unavailable"],
  async handle(_input, ctx) {
    try {
      await ctx.store.ping();
    } catch {
      throw new ApiError("store_unavailable", `the ${ctx.store.kind} store does not answer`);
    }
    return { status: 200, json: { status: "ready", store: ctx.store.kind } };
  },
});

export const healthRoutes: AnyRoute[] = [healthz, readyz];
