// findLinkCycle: the cycle of sub-procedures that adding `newLinks` (the links of one new or
// changed procedure version) to the stored `links` would close, as the procedure ids along it
// from the new links' procedure back to a repeated one (["a", "b", "a"]), or undefined.
// A procedure "contains itself" when its id comes back at any depth, whatever the versions:
// a step of a@2 detailed by a@1 is a cycle too (["a", "a"]).
// Links are followed as expansion follows them: pinned targets at their version, unpinned ones
// at the latest version (`latestVersion`; the new version is the latest of its procedure when
// it is newer than what is stored). Assumes the stored links have no cycle (this check keeps
// it so); a stored cycle that does not pass through the new links' procedure is not reported.
// `newLinks` all belong to one procedure version (links of other procedures are ignored there).
import type { SubprocedureLink } from "../store/graph-store.js";

export interface FindLinkCycleOptions {
  /**
   * Latest stored version of a procedure id (undefined when unknown). Defaults to the highest
   * version among the links' sources.
   * NOTE: the default is exact for every procedure that has links (only those can be on a
   * cycle) except when its newest version has none; pass the store's versions when you can.
   */
  latestVersion?: (id: string) => number | undefined;
}

export function findLinkCycle(
  links: Iterable<SubprocedureLink>,
  newLinks: SubprocedureLink | readonly SubprocedureLink[],
  options: FindLinkCycleOptions = {},
): string[] | undefined {
  const added = Array.isArray(newLinks) ? (newLinks as readonly SubprocedureLink[]) : [newLinks as SubprocedureLink];
  if (added.length === 0) return undefined;
  const replaced = new Set(added.map((l) => nodeKey(l.procedure, l.version)));
  const out = new Map<string, SubprocedureLink[]>();
  const highest = new Map<string, number>();
  const addLink = (l: SubprocedureLink): void => {
    const key = nodeKey(l.procedure, l.version);
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(l);
    highest.set(l.procedure, Math.max(highest.get(l.procedure) ?? 0, l.version));
  };
  for (const l of links) if (!replaced.has(nodeKey(l.procedure, l.version))) addLink(l);
  for (const l of added) addLink(l);
  const latest = (id: string): number | undefined => {
    const stored = options.latestVersion?.(id) ?? highest.get(id);
    const fresh = added.find((l) => l.procedure === id)?.version;
    if (fresh === undefined) return stored;
    return stored === undefined ? fresh : Math.max(stored, fresh);
  };

  // Every new cycle passes through the new links' procedure (the stored links have none), so
  // search for a way back to its id; nodes already searched cannot lead back and are skipped.
  const root = added[0]!.procedure;
  const path: string[] = [];
  const searched = new Set<string>();
  const visit = (id: string, version: number | undefined): string[] | undefined => {
    if (path.length > 0 && id === root) return [...path, id];
    if (version === undefined) return undefined;
    const key = nodeKey(id, version);
    if (searched.has(key)) return undefined;
    searched.add(key);
    path.push(id);
    for (const l of out.get(key) ?? []) {
      const cycle = visit(l.target, l.targetVersion ?? latest(l.target));
      if (cycle) return cycle;
    }
    path.pop();
    return undefined;
  };
  for (const l of added) {
    if (l.procedure !== root) continue;
    const cycle = visit(root, l.version);
    if (cycle) return cycle;
  }
  return undefined;
}

/** "a → b → a": how a cycle is named in messages. */
export function formatLinkCycle(cycle: readonly string[]): string {
  return cycle.map((id) => JSON.stringify(id)).join(" → ");
}

function nodeKey(id: string, version: number): string {
  return `${version}\u0000${id}`;
}
