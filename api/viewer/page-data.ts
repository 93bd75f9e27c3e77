// What the viewer page carries with it, so that its first paint needs nothing but the HTML:
// for `/?procedure=ID[&version=N]` the graph script (steps and edges; the counts the engine
// ranks with are left out) and its derived views, produced by the API's own route handlers, so
// the page draws exactly what GET .../graph-script and .../graph-script/views answer; without a
// procedure, the list of procedures for the start page.
// Returns undefined when the page must fetch instead: a read key is set (a page request carries
// no bearer token), or the store failed (the page's own request then reports it).
// A bad or unknown procedure becomes an error the page shows, with the API's wording.
import type { Request, Response } from "express";
import { z } from "zod";
import { ProcedureIdSchema } from "../../src/model/index.js";
import type { AppContext } from "../context.js";
import { ApiError } from "../errors.js";
import { getGraphScript, getGraphScriptViews } from "../routes/graph-scripts.js";

export type PageData =
  | { kind: "graph"; script: Record<string, unknown> }
  | { kind: "error"; procedure: string; status: number; message: string }
  | { kind: "list"; procedures: unknown[] };

const PageQuerySchema = z.object({
  procedure: ProcedureIdSchema.optional(),
  version: z
    .string()
    .regex(/^\d{1,7}$/, "must be a positive integer")
    .transform(Number)
    .pipe(z.number().int().min(1).max(1_000_000))
    .optional(),
});

/** Most procedures listed on the start page without paging. */
export const START_PAGE_LIMIT = 1000;

export async function pageData(ctx: AppContext, req: Request, res: Response): Promise<PageData | undefined> {
  if (ctx.config.readKey !== undefined) return undefined;
  for (const key of ["procedure", "version"]) {
    if (Array.isArray(req.query[key])) return { kind: "error", procedure: "", status: 400, message: `query.${key}: given more than once` };
  }
  const raw = { procedure: one(req.query.procedure), version: one(req.query.version) };
  const parsed = PageQuerySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { kind: "error", procedure: String(raw.procedure ?? ""), status: 400, message: `query.${issue.path.join(".")}: ${issue.message}` };
  }
  const { procedure, version } = parsed.data;
  try {
    if (procedure === undefined) {
      return { kind: "list", procedures: await ctx.store.listProcedures({ limit: START_PAGE_LIMIT }) };
    }
    const input = { params: { id: procedure }, query: { version, depth: 0 }, body: undefined, rawBody: undefined };
    const script = await getGraphScript.handle(input, ctx, req, res);
    const views = await getGraphScriptViews.handle({ ...input, query: { version } }, ctx, req, res);
    if (!("json" in script) || !("json" in views)) return undefined;
    // NOTE: transitions, trigrams, set states and continuation majorities feed the ranking and
    // completion, not the drawing; a log's can run to megabytes.
    const { transitions: _t, trigrams: _g, states: _s, continuations: _c, ...drawn } = script.json as Record<string, unknown>;
    return { kind: "graph", script: { ...drawn, views: views.json } };
  } catch (e) {
    if (e instanceof ApiError) return { kind: "error", procedure: procedure ?? "", status: e.code === "procedure_not_found" ? 404 : 400, message: e.detail };
    return undefined;
  }
}

function one(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  return undefined;
}

/** JSON safe inside a <script type="application/json"> element: no "<" can close it. */
export function scriptJson(data: unknown): string {
  return JSON.stringify(data ?? null).replace(/</g, "\\u003c");
}
