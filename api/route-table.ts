// routeTable(routes, ctx, config): one Express middleware that answers every API route of the
// route list (api/routes/). find-my-way (fastify's radix-tree router) finds the route of a
// request in one lookup; the route's compiled runner then checks the bearer token, reads the
// JSON body, validates path, query and body with the route's zod schemas, runs the handler and
// sends the reply. A request no route matches goes on to the rest of the app (docs, viewer,
// 404/405). Errors go to the app's error handler.
// NOTE: find-my-way instead of one Express route per API route: Express's router tries its
// layers one by one (~0.5 µs of CPU each; 35 routes), and this lookup does not depend on how
// many routes there are. Paths are case-sensitive; a trailing slash is ignored.
import type { NextFunction, Request, RequestHandler, Response } from "express";
import express from "express";
import findMyWay, { type HTTPMethod } from "find-my-way";
import { authorize } from "./auth.js";
import type { ApiConfig } from "./config.js";
import type { AppContext } from "./context.js";
import { ApiError } from "./errors.js";
import { isIdentityEncoded, JSON_TYPES, readJsonBody, requireJsonType } from "./json-body.js";
import { EmptyParams, EmptyQuery, parsePart, type AnyRoute, type Reply } from "./route.js";

type Runner = (req: Request, res: Response, params: Record<string, string | undefined>) => Promise<void>;

function send(res: Response, reply: Reply): void {
  if (!("json" in reply) && !("text" in reply)) {
    res.status(204).end();
  } else if ("json" in reply) {
    // NOTE: written directly rather than by res.json(), which re-reads and re-parses the content
    // type and looks up settings on every reply; same headers, same body (HEAD: Node drops it).
    const text = JSON.stringify(reply.json);
    res.statusCode = reply.status;
    res.setHeader("Content-Type", "application/json; charset=utf-8");
    res.setHeader("Content-Length", Buffer.byteLength(text));
    res.end(text);
  } else {
    res.status(reply.status).type(reply.contentType).send(reply.text);
  }
}

/** Runs an Express middleware as a promise (for the compressed-body fallback). */
function runMiddleware(mw: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    void mw(req, res, (err?: unknown) => (err === undefined ? resolve() : reject(err instanceof Error ? err : new Error(String(err)))));
  });
}

function compile(route: AnyRoute, ctx: AppContext, config: ApiConfig, inflatingJson: RequestHandler): Runner {
  const auth = authorize(route.access, config);
  const paramsSchema = route.params ?? EmptyParams;
  const querySchema = route.query ?? EmptyQuery;
  // The answer for a URL without a query string is always the same: parsed once, shared frozen.
  const noQuery = querySchema.safeParse({});
  const noQueryData: unknown = noQuery.success ? Object.freeze(noQuery.data) : undefined;
  return async (req, res, params) => {
    auth(req, res, () => undefined); // throws when the token is missing or wrong
    req.params = params as Record<string, string>;
    let rawBody: unknown;
    if (route.body !== undefined) {
      requireJsonType(req);
      if (isIdentityEncoded(req)) {
        rawBody = await readJsonBody(req, config.bodyLimit);
      } else {
        await runMiddleware(inflatingJson, req, res);
        rawBody = (req.body as unknown) ?? {};
      }
    }
    const parsedParams = parsePart(paramsSchema, params, "path");
    const query = noQuery.success && !req.url.includes("?") ? noQueryData : parsePart(querySchema, req.query, "query");
    const body = route.body === undefined ? undefined : parsePart(route.body, rawBody, "body", route.arrayBodyHint);
    send(res, await route.handle({ params: parsedParams, query, body, rawBody }, ctx, req, res));
  };
}

export function routeTable(routes: readonly AnyRoute[], ctx: AppContext, config: ApiConfig): RequestHandler {
  const router = findMyWay({
    ignoreTrailingSlash: true,
    // NOTE: long ids reach the schemas, which name the field and the limit (400), instead of a
    // 404 or 405 that echoes the path; Node refuses request lines over 16 KiB itself (431).
    maxParamLength: 1 << 16,
    // A path that is not valid percent-encoding is found with a null store: bad_request below.
    onBadUrl: () => undefined,
  });
  const inflatingJson = express.json({ limit: config.bodyLimit, type: JSON_TYPES, strict: true });
  const noop = (): void => undefined;
  for (const route of routes) router.on(route.method.toUpperCase() as HTTPMethod, route.path, noop, compile(route, ctx, config, inflatingJson));
  return (req: Request, res: Response, next: NextFunction) => {
    const found = router.find(req.method as HTTPMethod, req.url);
    if (found === null) return next();
    if (found.store === null) return next(new ApiError("bad_request", "the request path is not valid percent-encoding"));
    (found.store as Runner)(req, res, found.params).catch(next);
  };
}
