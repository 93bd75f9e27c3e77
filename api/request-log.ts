// Request logs: one structured pino line per request when its response is done (or the client
// went away) — {reqId, method, url, statusCode, responseTime (ms)} — at info, warn for 4xx,
// error for 5xx. Never a body, never a header (the Authorization header must not reach a log).
// NOTE: flat fields: pino writes numbers and strings directly, nested objects through a
// generic stringifier.
// NOTE: written here instead of pino-http: pino-http builds a child logger and wraps its
// serializers for every request, which cost ~55 µs of CPU per request on this machine
// (bench/api-load.ts), more than the engine's answer to a next-steps query.
// On a terminal the same entries are written for people (`prettyLogLine`): "12:00:01.234 POST
// /v1/procedures/tea/next-steps 200 1.2 ms", warnings and errors marked.
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

const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };
const HIDDEN = new Set(["level", "time", "pid", "hostname", "msg", "reqId", "method", "url", "statusCode", "responseTime"]);

/** One pino JSON line as a line for people; the line itself when it is not JSON. */
export function prettyLogLine(line: string): string {
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith("\n") ? line : `${line}\n`;
  }
  const time = typeof e.time === "number" ? new Date(e.time).toISOString().slice(11, 23) : "";
  const level = LEVELS[e.level as number] ?? String(e.level ?? "");
  const mark = level === "INFO" ? "" : ` ${level}`;
  if (typeof e.method === "string" && typeof e.url === "string" && e.statusCode !== undefined) {
    const ms = typeof e.responseTime === "number" ? ` ${e.responseTime.toFixed(1)} ms` : "";
    const note = e.msg === "request aborted" ? " (aborted by the client)" : "";
    return `${time}${mark} ${e.method} ${e.url} ${String(e.statusCode)}${ms}${note}\n`;
  }
  const extra = Object.entries(e)
    .filter(([k]) => !HIDDEN.has(k))
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
  return `${time}${mark} ${String(e.msg ?? "")}${extra ? `  ${extra}` : ""}\n`;
}

/** A pino destination that writes each entry as a line for people on `out`. */
export function prettyDestination(out: NodeJS.WritableStream): { write(line: string): boolean } {
  return { write: (line: string) => out.write(prettyLogLine(line)) };
}
