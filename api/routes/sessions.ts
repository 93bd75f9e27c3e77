// Session routes: start a live run of a procedure version, post each step as it happens and
// get its verdict at once (allowed, or the violations it causes, with their wording), undo the
// last step, and get the session's state with the ranked next steps (allowed steps only unless
// `includeBlocked=true`). A posted `step` (id, written number or text) or `text` (grounded) is
// resolved by src/query/resolve-steps.ts; one that names no step is refused (422 unknown_step)
// and nothing is stored. Sessions are stored through the GraphStore
// (saveSession/loadSession), so they survive a server restart; verdicts are recomputed by
// replaying the stored steps on the version's current graph script.
import {
  CreateSessionRequestSchema,
  PostStepRequestSchema,
  PostStepResponseSchema,
  SessionParamsSchema,
  SessionQuerySchema,
  SessionResponseSchema,
  UndoStepResponseSchema,
} from "../../src/model/api.js";
import { ConflictError } from "../../src/errors.js";
import type { Session } from "../../src/model/index.js";
import { OnlineSession } from "../../src/conformance/online-session.js";
import { renderViolation } from "../../src/conformance/render-violation.js";
import { visibleNextSteps } from "../../src/query/answer-queries.js";
import { ApiError } from "../errors.js";
import { requireProcedure, type AppContext } from "../context.js";
import { defineRoute, type AnyRoute } from "../route.js";
import { resolveBodySteps } from "../services/step-input.js";

const TAG = "sessions";

async function requireSession(ctx: AppContext, id: string): Promise<Session> {
  const s = await ctx.store.loadSession(id);
  if (s === undefined) throw new ApiError("session_not_found", `session ${JSON.stringify(id)} not found`);
  return s;
}

/** The online session replayed from the stored steps on the version's graph script. */
async function replay(ctx: AppContext, s: Session): Promise<OnlineSession> {
  const p = await requireProcedure(ctx, s.procedure, s.version);
  return new OnlineSession(await ctx.scripts.get(p), s.steps);
}

export const createSession = defineRoute({
  method: "post",
  path: "/v1/sessions",
  operationId: "createSession",
  summary: "Start a live session on a procedure version (latest when `version` is absent)",
  tag: TAG,
  access: "write",
  query: SessionQuerySchema,
  body: CreateSessionRequestSchema,
  responses: { 201: { description: "The new session with the ranked first steps", schema: SessionResponseSchema } },
  errors: ["invalid_request", "procedure_not_found"],
  async handle({ query, body }, ctx) {
    const p = await requireProcedure(ctx, body.procedure, body.version);
    const script = await ctx.scripts.get(p);
    const at = ctx.now().toISOString();
    const session: Session = { id: ctx.newId(), procedure: p.id, version: p.version, steps: [], createdAt: at, updatedAt: at };
    await ctx.store.saveSession(session);
    return { status: 201, json: { session, verdicts: [], next: visibleNextSteps(new OnlineSession(script).next(query.k), query.includeBlocked) } };
  },
});

/**
 * Runs a read-modify-write of a session again when another writer (another API process on the
 * same store) changed the session in between: saveSession's compare-and-set refuses the stale
 * write with ConflictError `session_changed`, and the step is applied to the fresh session.
 */
async function withSessionRetry<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof ConflictError && e.code === "session_changed") || i >= 50) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * Math.min(i, 10)));
    }
  }
}

export const postSessionStep = defineRoute({
  method: "post",
  path: "/v1/sessions/:id/steps",
  operationId: "postSessionStep",
  summary: "Post the step that just happened; get its verdict at once",
  description:
    "`step` is a step id, a written number (`\"3\"`) or a step text; `text` is matched to a step by its text only. An input that names no step is refused (422 `unknown_step`, with the closest steps) and nothing is stored. A step that is not allowed is recorded (it happened); the verdict says why.",
  tag: TAG,
  access: "write",
  params: SessionParamsSchema,
  query: SessionQuerySchema,
  body: PostStepRequestSchema,
  responses: { 200: { description: "The verdict, the updated session and the ranked next steps", schema: PostStepResponseSchema } },
  errors: ["invalid_request", "session_not_found", "procedure_not_found", "too_many_events", "unknown_step"],
  async handle({ params, query, body }, ctx) {
    return ctx.locks.run(`session:${params.id}`, () => withSessionRetry(async () => {
      const stored = await requireSession(ctx, params.id);
      if (stored.steps.length >= ctx.config.maxEvents) {
        throw new ApiError("too_many_events", `session ${JSON.stringify(params.id)} already has ${stored.steps.length} steps; the limit is ${ctx.config.maxEvents}`);
      }
      const online = await replay(ctx, stored);
      const field = body.text !== undefined ? "text" : "step";
      const input = (body.text ?? body.step) as string;
      const { steps, resolved } = resolveBodySteps(online.script, [input], field, { single: true, textOnly: field === "text" });
      const verdict = online.step(steps[0]!);
      const session: Session = { ...stored, steps: online.steps, updatedAt: ctx.now().toISOString() };
      await ctx.store.saveSession(session, { expected: stored });
      const messages = verdict.violations.map((v) => renderViolation(v, online.script));
      return { status: 200 as const, json: { resolved, verdict, messages, session, next: visibleNextSteps(online.next(query.k), query.includeBlocked) } };
    }));
  },
});

export const getSession = defineRoute({
  method: "get",
  path: "/v1/sessions/:id",
  operationId: "getSession",
  summary: "Get a session: its steps, the verdict of each, and the ranked next steps",
  tag: TAG,
  access: "read",
  params: SessionParamsSchema,
  query: SessionQuerySchema,
  responses: { 200: { description: "The session", schema: SessionResponseSchema } },
  errors: ["invalid_request", "session_not_found", "procedure_not_found"],
  async handle({ params, query }, ctx) {
    const session = await requireSession(ctx, params.id);
    const online = await replay(ctx, session);
    return { status: 200, json: { session, verdicts: [...online.verdicts], next: visibleNextSteps(online.next(query.k), query.includeBlocked) } };
  },
});

export const undoSessionStep = defineRoute({
  method: "delete",
  path: "/v1/sessions/:id/steps/last",
  operationId: "undoSessionStep",
  summary: "Undo the last posted step of a session",
  description: "Removes the last step (for a step posted by mistake) and returns the session as it is then. A session with no steps answers 409 `conflict`.",
  tag: TAG,
  access: "write",
  params: SessionParamsSchema,
  query: SessionQuerySchema,
  responses: { 200: { description: "The removed step and the session without it", schema: UndoStepResponseSchema } },
  errors: ["invalid_request", "session_not_found", "procedure_not_found", "conflict"],
  async handle({ params, query }, ctx) {
    return ctx.locks.run(`session:${params.id}`, () => withSessionRetry(async () => {
      const stored = await requireSession(ctx, params.id);
      const undone = stored.steps[stored.steps.length - 1];
      if (undone === undefined) throw new ApiError("conflict", `session ${JSON.stringify(params.id)} has no step to undo`);
      const session: Session = { ...stored, steps: stored.steps.slice(0, -1), updatedAt: ctx.now().toISOString() };
      await ctx.store.saveSession(session, { expected: stored });
      const online = await replay(ctx, session);
      return { status: 200 as const, json: { undone, session, verdicts: [...online.verdicts], next: visibleNextSteps(online.next(query.k), query.includeBlocked) } };
    }));
  },
});

export const sessionRoutes: AnyRoute[] = [createSession, postSessionStep, getSession, undoSessionStep];
