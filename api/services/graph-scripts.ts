// GraphScripts: the graph script of a procedure version, loaded through the store's
// graph-script cache (src/store/graph-script-cache.ts: a bounded LRU of frozen scripts,
// invalidated by every write through it), stored in the GraphStore, and (re)induced when needed:
// - `get` returns the cached or stored script, or induces it from the stored traces (with no
//   traces that is the written chain) and stores it;
// - `rebuild` re-induces from every stored trace (streamed, never held whole) with given options;
// - `update` adds newly appended traces to the stored induction state, so a batch costs
//   O(batch), not O(all traces); it falls back to `rebuild` when the state is missing or does
//   not count exactly the traces that were there before the batch.
// Every induction of one version runs under the caller's KeyedLock key `id@version`.
// NOTE: inductions through this server invalidate the cached script at once; a script stored by
// another process (e.g. `stepgraph ingest` on the same SQLite file) is seen within SCRIPT_TTL_MS
// (the cache's ttl, set in api/context.ts). The same frozen object is returned on every hit, so
// per-script indexes of the query engine (WeakMaps) are built once.
import { createInduction, resumeInduction, InductionStateSchema, type Induction } from "../../src/discovery/induce.js";
import type { GraphScript, GroundedTrace, InduceOptionsInput, Procedure } from "../../src/model/index.js";
import type { GraphStore } from "../../src/store/graph-store.js";
import type { KeyedLock } from "./keyed-lock.js";

export const SCRIPT_TTL_MS = 5000;

export function versionKey(id: string, version: number): string {
  return `${id}@${version}`;
}

export class GraphScripts {
  /** `store` should be wrapped with withGraphScriptCache (createContext does it). */
  constructor(
    private readonly store: GraphStore,
    private readonly locks: KeyedLock,
  ) {}

  async get(p: Procedure): Promise<GraphScript> {
    const stored = await this.store.loadGraphScript(p.id, p.version);
    if (stored !== undefined) return stored;
    return this.locks.run(versionKey(p.id, p.version), async () => {
      const again = await this.store.loadGraphScript(p.id, p.version);
      return again ?? this.rebuildLocked(p, undefined);
    });
  }

  /** Re-induces from all stored traces; caller must hold the version's lock. */
  async rebuildLocked(p: Procedure, options: InduceOptionsInput | undefined): Promise<GraphScript> {
    const opts = options ?? (await this.storedOptions(p)) ?? {};
    const induction = createInduction(p, opts);
    for await (const t of this.store.streamTraces(p.id, p.version)) induction.add(t.steps);
    return this.save(p, induction);
  }

  /** Adds `added` (already appended) to the induction; caller must hold the version's lock. */
  async updateLocked(p: Procedure, countBefore: number, added: readonly GroundedTrace[]): Promise<GraphScript> {
    const raw = await this.store.loadInductionState(p.id, p.version);
    const state = raw === undefined ? undefined : InductionStateSchema.safeParse(raw);
    if (state === undefined || !state.success || state.data.counts.traceCount !== countBefore) {
      return this.rebuildLocked(p, undefined);
    }
    const induction = resumeInduction(p, state.data);
    for (const t of added) induction.add(t.steps);
    return this.save(p, induction);
  }

  private async storedOptions(p: Procedure): Promise<InduceOptionsInput | undefined> {
    const raw = await this.store.loadInductionState(p.id, p.version);
    const state = raw === undefined ? undefined : InductionStateSchema.safeParse(raw);
    return state?.success ? state.data.options : undefined;
  }

  private async save(p: Procedure, induction: Induction, attempt = 1): Promise<GraphScript> {
    const script = induction.script();
    // NOTE: state first, then script: a crash between the two leaves a state that counts the
    // new traces and a stale script, which the next `update` or `rebuild` repairs.
    await this.store.saveInductionState(p.id, p.version, induction.toState());
    await this.store.saveGraphScript(script);
    // Another API process on the same store may have appended to this version meanwhile (the
    // KeyedLock is per process), and its state may have been overwritten by this one: whoever
    // saves last checks that its script counts every stored trace, and re-induces from all of
    // them otherwise. So the last write always leaves a script of every stored trace.
    if (attempt < 5 && (await this.store.countTraces(p.id, p.version)) !== induction.traceCount) {
      const again = createInduction(p, (await this.storedOptions(p)) ?? {});
      for await (const t of this.store.streamTraces(p.id, p.version)) again.add(t.steps);
      return this.save(p, again, attempt + 1);
    }
    return script;
  }
}
