// Checks the sub-procedure links of a procedure about to be saved: every linked procedure
// (and pinned version) must exist, and no link may close a cycle of sub-procedures.
// Throws subprocedure_not_found (422, with the body path of every bad link) or
// subprocedure_cycle (409, naming the cycle; src/hierarchy/assert-subprocedure-links.ts).
import { assertSubprocedureLinks } from "../../src/hierarchy/assert-subprocedure-links.js";
import type { Procedure } from "../../src/model/index.js";
import { ApiError } from "../errors.js";
import type { AppContext } from "../context.js";

export async function checkSubprocedureLinks(ctx: AppContext, p: Procedure, explicitVersion: boolean): Promise<void> {
  const missing: { path: string; message: string }[] = [];
  for (const [i, s] of p.steps.entries()) {
    if (s.subprocedure === undefined) continue;
    const target = await ctx.store.getProcedure(s.subprocedure, s.subprocedureVersion);
    if (target === undefined) {
      const what = s.subprocedureVersion === undefined ? JSON.stringify(s.subprocedure) : `${JSON.stringify(s.subprocedure)} version ${s.subprocedureVersion}`;
      missing.push({ path: `body.steps.${i}.subprocedure`, message: `step ${JSON.stringify(s.id)} links to procedure ${what}, which does not exist` });
    }
  }
  if (missing.length > 0) throw new ApiError("subprocedure_not_found", missing.map((m) => m.message).join("; "), missing);
  if (p.steps.some((s) => s.subprocedure !== undefined)) {
    const { version, ...rest } = p;
    await assertSubprocedureLinks(ctx.store, explicitVersion ? p : rest);
  }
}
