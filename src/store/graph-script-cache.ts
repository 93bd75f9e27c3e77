// withGraphScriptCache: wraps a GraphStore so that loadGraphScript is answered from a bounded
// LRU (lru-cache) of graph scripts keyed by procedure@version (and procedure@latest), and every
// write through the wrapper that can change an answer (saveGraphScript, a created procedure
// version, deleteProcedureVersion) drops the cached entries of that procedure id first.
// Returns the wrapped store with `cache` (hit/miss counters, size, invalidate, clear).
// Assumes: all writes go through the wrapper. Writes by another process (a second connection on
// the same SQLite file, another API instance on the same Neo4j) are not seen until the entry is
// evicted or `ttlMs` expires.
// NOTE: cached scripts are deep-frozen and returned as is, without a copy, so a repeated query
// costs a map lookup; a caller that tries to mutate one gets a TypeError instead of corrupting
// the cache.
// NOTE: when an entry has expired (`ttlMs`) and the store still holds an equal script, the
// expired object is kept instead of the new copy: the query engine's per-script indexes
// (WeakMaps keyed by the object) then survive the re-check instead of being rebuilt every ttl.
import { isDeepStrictEqual } from "node:util";
import { LRUCache } from "lru-cache";
import type { GraphScript } from "../model/index.js";
import type { GraphStore } from "./graph-store.js";

export interface GraphScriptCacheOptions {
  /** Most graph scripts kept (default 1000). */
  max?: number;
  /** Drop entries older than this many milliseconds (default: never). */
  ttlMs?: number;
}

export interface GraphScriptCacheControl {
  readonly hits: number;
  readonly misses: number;
  readonly size: number;
  /** Drops every cached script of one procedure id (all versions and "latest"). */
  invalidate(procedure: string): void;
  clear(): void;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

const cacheKey = (procedure: string, version: number | undefined): string => JSON.stringify([procedure, version ?? null]);

export function withGraphScriptCache(store: GraphStore, options: GraphScriptCacheOptions = {}): GraphStore & { readonly cache: GraphScriptCacheControl } {
  /** Keys cached per procedure id, for invalidation. */
  const keysOf = new Map<string, Set<string>>();
  const forget = (_value: GraphScript, key: string): void => {
    const id = (JSON.parse(key) as [string, number | null])[0];
    const keys = keysOf.get(id);
    keys?.delete(key);
    if (keys && keys.size === 0) keysOf.delete(id);
  };
  const lru = new LRUCache<string, GraphScript>(
    options.ttlMs === undefined
      ? { max: options.max ?? 1000, dispose: forget }
      : { max: options.max ?? 1000, ttl: options.ttlMs, dispose: forget },
  );
  /** Bumped on each invalidation, so a load that started before it does not repopulate stale data. */
  const generation = new Map<string, number>();
  let hits = 0;
  let misses = 0;

  const invalidate = (procedure: string): void => {
    generation.set(procedure, (generation.get(procedure) ?? 0) + 1);
    for (const k of [...(keysOf.get(procedure) ?? [])]) lru.delete(k);
    keysOf.delete(procedure);
  };

  const cache: GraphScriptCacheControl = {
    get hits() {
      return hits;
    },
    get misses() {
      return misses;
    },
    get size() {
      return lru.size;
    },
    invalidate,
    clear() {
      for (const id of [...keysOf.keys()]) invalidate(id);
      lru.clear();
    },
  };

  return {
    ...store,
    kind: store.kind,
    cache,
    init: () => store.init(),
    close: () => store.close(),
    ping: () => store.ping(),
    saveProcedure: async (p) => {
      const r = await store.saveProcedure(p);
      if (r.created) invalidate(r.procedure.id);
      return r;
    },
    getProcedure: (id, version) => store.getProcedure(id, version),
    listProcedures: (o) => store.listProcedures(o),
    deleteProcedureVersion: async (id, version) => {
      try {
        await store.deleteProcedureVersion(id, version);
      } finally {
        invalidate(id);
      }
    },
    appendTraces: (id, version, traces) => store.appendTraces(id, version, traces),
    countTraces: (id, version) => store.countTraces(id, version),
    countEvents: (id, version) => store.countEvents(id, version),
    listTraces: (id, version, o) => store.listTraces(id, version, o),
    streamTraces: (id, version) => store.streamTraces(id, version),
    saveGraphScript: async (script) => {
      invalidate(script.procedure);
      try {
        await store.saveGraphScript(script);
      } finally {
        invalidate(script.procedure);
      }
    },
    loadGraphScript: async (procedure, version) => {
      const key = cacheKey(procedure, version);
      const status: LRUCache.Status<string, GraphScript> = {};
      const cached = lru.get(key, { allowStale: true, status });
      if (cached !== undefined && status.get === "hit") {
        hits++;
        return cached;
      }
      misses++;
      const gen = generation.get(procedure) ?? 0;
      const loaded = await store.loadGraphScript(procedure, version);
      if (loaded === undefined || (generation.get(procedure) ?? 0) !== gen) return loaded;
      // An expired entry (status "stale") that still equals the stored script is kept (header).
      const script = cached !== undefined && isDeepStrictEqual(cached, loaded) ? cached : deepFreeze(loaded);
      lru.set(key, script);
      let keys = keysOf.get(procedure);
      if (!keys) keysOf.set(procedure, (keys = new Set()));
      keys.add(key);
      return script;
    },
    saveInductionState: (id, version, state) => store.saveInductionState(id, version, state),
    loadInductionState: (id, version) => store.loadInductionState(id, version),
    listSubprocedureLinks: () => store.listSubprocedureLinks(),
    saveSession: (s, o) => store.saveSession(s, o),
    loadSession: (id) => store.loadSession(id),
  };
}
