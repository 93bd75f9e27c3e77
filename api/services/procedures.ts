// Procedures: the procedure versions the API reads on every request, through a small cache
// in front of the GraphStore (a store read validates and copies the whole procedure).
// A version is immutable, so a cached version stays right until it is deleted; "latest" is
// resolved through a short-lived entry. Writes made through this server update the cache at
// once (noteSaved, invalidate).
// NOTE: writes by another process to the same store (e.g. `stepgraph ingest` into the SQLite
// file while the server runs) are seen after at most LATEST_TTL_MS for a new latest version
// and VERSION_TTL_MS for a deleted version; responses always name the version they used.
import { LRUCache } from "lru-cache";
import type { Procedure } from "../../src/model/index.js";
import type { GraphStore } from "../../src/store/graph-store.js";

export const LATEST_TTL_MS = 1000;
export const VERSION_TTL_MS = 60_000;

export class Procedures {
  private readonly versions: LRUCache<string, Procedure>;
  private readonly latest: LRUCache<string, number>;

  constructor(
    private readonly store: GraphStore,
    max: number,
  ) {
    this.versions = new LRUCache({ max: Math.max(1, max), ttl: VERSION_TTL_MS });
    this.latest = new LRUCache({ max: Math.max(1, max), ttl: LATEST_TTL_MS });
  }

  /** The procedure at `version` (latest when undefined), or undefined when absent. */
  async get(id: string, version?: number): Promise<Procedure | undefined> {
    const v = version ?? this.latest.get(id);
    if (v !== undefined) {
      const hit = this.versions.get(`${id}@${v}`);
      if (hit !== undefined) return hit;
    }
    const p = await this.store.getProcedure(id, v);
    if (p !== undefined) this.remember(p, version === undefined);
    return p;
  }

  /** A version just saved through this server; `isLatest` when it was saved without an explicit version. */
  noteSaved(p: Procedure, isLatest: boolean): void {
    if (!isLatest) this.latest.delete(p.id);
    this.remember(p, isLatest);
  }

  invalidate(id: string, version: number): void {
    this.versions.delete(`${id}@${version}`);
    this.latest.delete(id);
  }

  private remember(p: Procedure, isLatest: boolean): void {
    // NOTE: frozen, so that no handler can change a cached procedure in place.
    this.versions.set(`${p.id}@${p.version}`, deepFreeze(p));
    if (isLatest) this.latest.set(p.id, p.version);
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
