// Route definitions: one object per route holds its method, path, access, the zod schemas of
// its path parameters, query, body and responses, and a thin handler. The same objects build
// the Express router (api/app.ts) and the OpenAPI document (api/openapi.ts), so the document
// cannot drift from what the server validates.
import type { Request, Response } from "express";
import { z } from "zod";
import type { Access } from "./auth.js";
import { ApiError, fieldPath, type ErrorCode } from "./errors.js";
import type { AppContext } from "./context.js";

export type Method = "get" | "post" | "delete";

export interface ResponseSpec {
  description: string;
  /** JSON schema of the body; absent for an empty body (204). */
  schema?: z.ZodType;
  /** Content types other than JSON (exports), each with its schema. */
  content?: Record<string, z.ZodType>;
}

export type Reply =
  | { status: number; json: unknown }
  | { status: number; text: string; contentType: string }
  | { status: 204 };

export interface RouteInput<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  /** The JSON body before validation (to see which optional fields the client really sent). */
  rawBody: unknown;
}

export interface Route<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: Method;
  /** Express path, e.g. "/v1/procedures/:id". */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  responses: Record<number, ResponseSpec>;
  /** Error codes this route may answer with (documented in OpenAPI). */
  errors: readonly ErrorCode[];
  /** Added to the error when the body is an array where one object is expected (what to do instead). */
  arrayBodyHint?: string;
  handle(input: RouteInput<P, Q, B>, ctx: AppContext, req: Request, res: Response): Promise<Reply> | Reply;
}

// NOTE: the route list is heterogeneous; handlers are checked against their own schemas by
// defineRoute, and erased to the base type only for registration.
export type AnyRoute = Route<z.ZodType, z.ZodType, z.ZodType>;

export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(route: Route<P, Q, B>): AnyRoute {
  return route as unknown as AnyRoute;
}

export const EmptyParams = z.object({}).strict();
export const EmptyQuery = z.object({}).strict();

/** Parses one part of a request, or throws invalid_request naming each bad field. */
export function parsePart<S extends z.ZodType>(schema: S, value: unknown, location: "path" | "query" | "body", arrayHint?: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => ({
    path: fieldPath(location, i.path.map((p) => (typeof p === "symbol" ? String(p) : p))),
    message: i.message,
  }));
  // A JSON array where one object is expected (a procedures.json file posted whole): say so.
  const top = r.error.issues[0];
  if (location === "body" && Array.isArray(value) && top !== undefined && top.path.length === 0 && top.code === "invalid_type") {
    errors[0] = { ...errors[0]!, message: `expected one JSON object, got an array of ${value.length} item${value.length === 1 ? "" : "s"}${arrayHint === undefined ? "" : `: ${arrayHint}`}` };
  }
  const first = errors[0]!;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
  throw new ApiError("invalid_request", `${first.path}: ${first.message}${more}`, errors);
}

/** Express path "/a/:id/b" as an OpenAPI path "/a/{id}/b". */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}");
}
