// Request logs: one structured pino line per request when its response is done (or the client
// went away) — {reqId, method, url, statusCode, responseTime (ms)} — at info, warn for 4xx,
// error for 5xx. Never a body, never a header (the Authorization header must not reach a log).
// NOTE: flat fields: pino writes numbers and strings directly, nested objects through a
// generic stringifier.
// NOTE: written here instead of pino-http: pino-http builds a child logger and wraps its
// serializers for every request, which cost ~55 µs of CPU per request on this machine
// (bench/api-load.ts), more than the engine's answer to a next-steps query.
import type { Request, RequestHandler } from "express";
import type { Logger } from "pino";

declare module "express-serve-static-core" {
  interface Request {
    /** Sequential id of the request within this process, in its log line. */
    id?: number;
  }
}

/** The fields of a request that may be logged. */
export function loggedRequest(req: Request): { reqId: number | undefined; method: string; url: string } {
  return { reqId: req.id, method: req.method, url: req.originalUrl };
}

export function requestLog(logger: Logger): RequestHandler {
  let next = 0;
  return (req, res, proceed) => {
    const started = performance.now();
    req.id = ++next;
    res.on("close", () => {
      const status = res.statusCode;
      const entry = {
        reqId: req.id,
        method: req.method,
        url: req.originalUrl,
        statusCode: status,
        responseTime: Math.round((performance.now() - started) * 1000) / 1000,
      };
      if (!res.writableFinished) logger.warn(entry, "request aborted");
      else if (status >= 500) logger.error(entry, "request errored");
      else if (status >= 400) logger.warn(entry, "request completed");
      else logger.info(entry, "request completed");
    });
    proceed();
  };
}
