// Configuration of the API from environment variables, validated with zod at the edge:
// keys, limits, CORS origins, automatic induction. `apiConfigFromEnv(process.env)` throws an
// InvalidInputError naming the variable and quoting its value when one is malformed.
import { z } from "zod";
import { InvalidInputError, issuesFromZod, formatIssues } from "../src/errors.js";

const PositiveInt = (fallback: number) =>
  z
    .string()
    .regex(/^\d{1,12}$/, "must be a positive integer")
    .transform(Number)
    .pipe(z.number().int().min(1))
    .optional()
    .transform((v) => v ?? fallback);

const Key = z
  .string()
  .min(16, "must be at least 16 characters")
  .max(4096)
  .optional()
  .or(z.literal("").transform(() => undefined));

export const ApiEnvSchema = z.object({
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, "must be a port number")
    .transform(Number)
    .pipe(z.number().int().min(0).max(65535))
    .optional()
    .transform((v) => v ?? 3000),
  HOST: z.string().min(1).optional(),
  STEPGRAPH_API_KEY: Key,
  STEPGRAPH_READ_KEY: Key,
  /** Largest accepted JSON body in bytes. */
  STEPGRAPH_BODY_LIMIT: PositiveInt(5 * 1024 * 1024),
  STEPGRAPH_MAX_STEPS: PositiveInt(2000),
  STEPGRAPH_MAX_EVENTS: PositiveInt(10_000),
  STEPGRAPH_MAX_BATCH: PositiveInt(10_000),
  /** Comma-separated origins allowed by CORS, or "*"; CORS is off when unset. */
  STEPGRAPH_CORS_ORIGINS: z.string().optional(),
  /** Re-induce graph scripts after each trace batch (default on). */
  STEPGRAPH_AUTO_INDUCE: z.enum(["true", "false", "1", "0"]).optional(),
  /** Graph scripts kept in the in-process cache. */
  STEPGRAPH_SCRIPT_CACHE: PositiveInt(256),
  /** Request logs: one JSON line each, or a line for people; default: pretty on a terminal, JSON otherwise. */
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
});

export interface ApiConfig {
  port: number;
  host?: string;
  apiKey?: string;
  readKey?: string;
  bodyLimit: number;
  maxSteps: number;
  maxEvents: number;
  maxBatch: number;
  /** Allowed origins; "*" for any; empty for no CORS headers. */
  corsOrigins: string[] | "*";
  autoInduce: boolean;
  scriptCacheSize: number;
  /** Request log format; absent: pretty when stdout is a terminal, JSON otherwise. */
  logFormat?: "json" | "pretty";
}

export const DEFAULT_CONFIG: ApiConfig = {
  port: 3000,
  bodyLimit: 5 * 1024 * 1024,
  maxSteps: 2000,
  maxEvents: 10_000,
  maxBatch: 10_000,
  corsOrigins: [],
  autoInduce: true,
  scriptCacheSize: 256,
};

export function apiConfigFromEnv(env: Record<string, string | undefined>): ApiConfig {
  const r = ApiEnvSchema.safeParse(env);
  if (!r.success) {
    const issues = issuesFromZod(r.error).map((i) => ({
      ...i,
      message: `${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`,
    }));
    throw new InvalidInputError("invalid_config", `invalid environment:\n${formatIssues(issues)}`, issues);
  }
  const e = r.data;
  const origins = (e.STEPGRAPH_CORS_ORIGINS ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
  const config: ApiConfig = {
    port: e.PORT,
    bodyLimit: e.STEPGRAPH_BODY_LIMIT,
    maxSteps: e.STEPGRAPH_MAX_STEPS,
    maxEvents: e.STEPGRAPH_MAX_EVENTS,
    maxBatch: e.STEPGRAPH_MAX_BATCH,
    corsOrigins: origins.includes("*") ? "*" : origins,
    autoInduce: e.STEPGRAPH_AUTO_INDUCE === undefined || e.STEPGRAPH_AUTO_INDUCE === "true" || e.STEPGRAPH_AUTO_INDUCE === "1",
    scriptCacheSize: e.STEPGRAPH_SCRIPT_CACHE,
  };
  if (e.HOST !== undefined) config.host = e.HOST;
  if (e.STEPGRAPH_API_KEY !== undefined) config.apiKey = e.STEPGRAPH_API_KEY;
  if (e.STEPGRAPH_READ_KEY !== undefined) config.readKey = e.STEPGRAPH_READ_KEY;
  if (e.LOG_FORMAT !== undefined) config.logFormat = e.LOG_FORMAT;
  return config;
}
