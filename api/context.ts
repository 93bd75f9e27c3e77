// AppContext: what every route handler may use — the store, the configuration, the graph
// script service, per-key locks, and injectable clocks and id generators (for tests).
import { randomUUID } from "node:crypto";
import type { GraphStore } from "../src/store/graph-store.js";
import type { Procedure } from "../src/model/index.js";
import type { ApiConfig } from "./config.js";
import { ApiError } from "./errors.js";
import { withGraphScriptCache } from "../src/store/graph-script-cache.js";
import { GraphScripts, SCRIPT_TTL_MS } from "./services/graph-scripts.js";
import { Procedures } from "./services/procedures.js";
import { KeyedLock } from "./services/keyed-lock.js";

export interface AppContext {
  store: GraphStore;
  config: ApiConfig;
  procedures: Procedures;
  scripts: GraphScripts;
  locks: KeyedLock;
  now(): Date;
  newId(): string;
}

export function createContext(base: GraphStore, config: ApiConfig, now?: () => Date, newId?: () => string): AppContext {
  const locks = new KeyedLock();
  // Every read and write of the API goes through the graph-script cache, so writes invalidate it.
  // The ttl is there to see scripts written by other processes; an in-memory store has none.
  const store = withGraphScriptCache(base, base.kind === "memory" ? { max: config.scriptCacheSize } : { max: config.scriptCacheSize, ttlMs: SCRIPT_TTL_MS });
  return {
    store,
    config,
    locks,
    procedures: new Procedures(store, config.scriptCacheSize),
    scripts: new GraphScripts(store, locks),
    now: now ?? (() => new Date()),
    newId: newId ?? randomUUID,
  };
}

/** The procedure at `version` (latest when undefined), or procedure_not_found. */
export async function requireProcedure(ctx: AppContext, id: string, version?: number): Promise<Procedure> {
  const p = await ctx.procedures.get(id, version);
  if (p === undefined) {
    const what = version === undefined ? `procedure ${JSON.stringify(id)}` : `procedure ${JSON.stringify(id)} version ${version}`;
    throw new ApiError("procedure_not_found", `${what} not found`);
  }
  return p;
}
