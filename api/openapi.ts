// The OpenAPI 3.1 document of the API, generated from the route definitions (api/routes) and
// their zod schemas with @asteasolutions/zod-to-openapi — never written by hand. Each route's
// documented error codes become problem+json responses. `npm run openapi` writes the
// snapshot docs/openapi.json; tests/api/openapi.test.ts fails when it is out of date.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import type { z } from "zod";
import { ProblemSchema } from "../src/model/api.js";
import { ERRORS, type ErrorCode } from "./errors.js";
import { EmptyParams, EmptyQuery, openApiPath, type AnyRoute } from "./route.js";
import { routes as allRoutes } from "./routes/index.js";

type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

const AUTH_ERRORS: ErrorCode[] = ["unauthorized", "forbidden"];
const BODY_ERRORS: ErrorCode[] = ["invalid_json", "payload_too_large", "unsupported_media_type"];

export function generateOpenApi(routes: readonly AnyRoute[] = allRoutes): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  // NOTE: component names come from `.meta({ id })` on the schemas; `registry.register` would
  // need zod extended with `.openapi()` before any schema is built.
  const bearer = registry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "STEPGRAPH_API_KEY for writes; STEPGRAPH_READ_KEY (or the API key) for reads when set",
  });
  for (const r of routes) {
    const responses: Record<string, { description: string; content?: Record<string, { schema: z.ZodType }> }> = {};
    for (const [status, spec] of Object.entries(r.responses)) {
      const content: Record<string, { schema: z.ZodType }> = {};
      if (spec.schema !== undefined) content["application/json"] = { schema: spec.schema };
      for (const [type, schema] of Object.entries(spec.content ?? {})) content[type] = { schema };
      responses[status] = Object.keys(content).length > 0 ? { description: spec.description, content } : { description: spec.description };
    }
    const codes = new Set<ErrorCode>([...r.errors, ...(r.access === "public" ? [] : AUTH_ERRORS), ...(r.body ? BODY_ERRORS : []), "internal_error", ...(r.path.startsWith("/v1/") ? (["store_unavailable"] as const) : [])]);
    const byStatus = new Map<number, ErrorCode[]>();
    for (const code of codes) byStatus.set(ERRORS[code].status, [...(byStatus.get(ERRORS[code].status) ?? []), code]);
    for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
      responses[String(status)] = {
        description: `Problem details; code ${list.map((c) => `\`${c}\``).join(", ")}`,
        content: { "application/problem+json": { schema: ProblemSchema } },
      };
    }
    const request: {
      params?: z.ZodObject;
      query?: z.ZodObject;
      body?: { content: Record<string, { schema: z.ZodType }>; required: boolean };
    } = {};
    if (r.params !== undefined && r.params !== EmptyParams) request.params = r.params as unknown as z.ZodObject;
    if (r.query !== undefined && r.query !== EmptyQuery) request.query = r.query as unknown as z.ZodObject;
    if (r.body !== undefined) request.body = { content: { "application/json": { schema: r.body } }, required: true };
    registry.registerPath({
      method: r.method,
      path: openApiPath(r.path),
      operationId: r.operationId,
      summary: r.summary,
      ...(r.description !== undefined ? { description: r.description } : {}),
      tags: [r.tag],
      ...(r.access === "public" ? { security: [] } : { security: [{ [bearer.name]: [] }] }),
      request,
      responses,
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "stepgraph API",
      version: "1",
      description:
        "Induce non-sequential graph scripts from written procedures and execution traces; query next steps, completions and order validity. Errors are RFC 9457 problem documents with a stable `code` (docs/errors.md).",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: "/" }],
  });
}
