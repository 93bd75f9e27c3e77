// assertSubprocedureLinks: the check the API and the CLI run before saving a procedure version.
// Resolves when every sub-procedure link of `procedure` is sound; throws otherwise:
// - NotFoundError "subprocedure_not_found" when a linked procedure (or its pinned version)
//   is neither stored nor among `pending` (the procedures saved in the same batch);
// - ConflictError "subprocedure_cycle" when a link would make a procedure contain itself at any
//   depth, naming the cycle ("a" → "b" → "a") and the step whose link closes it.
// Policy: a link to a missing procedure is refused, never saved and reported later, so a stored
// link always resolves (the store in turn refuses to delete a version that a link needs).
// Import a hierarchy sub-procedures first, or pass the whole batch as `pending`.
import { ConflictError, NotFoundError } from "../errors.js";
import type { ProcedureInput } from "../model/index.js";
import type { GraphStore, SubprocedureLink } from "../store/graph-store.js";
import { findLinkCycle, formatLinkCycle } from "./find-link-cycle.js";

export type LinkCheckStore = Pick<GraphStore, "listSubprocedureLinks" | "getProcedure">;

export interface PendingProcedure {
  id: string;
  version?: number | undefined;
  steps: readonly { id: string; subprocedure?: string | undefined; subprocedureVersion?: number | undefined }[];
}

export interface AssertSubprocedureLinksOptions {
  /** Procedures saved in the same batch (their links count and they may be link targets). */
  pending?: readonly PendingProcedure[];
}

export async function assertSubprocedureLinks(
  store: LinkCheckStore,
  procedure: ProcedureInput & { version?: number },
  options: AssertSubprocedureLinksOptions = {},
): Promise<void> {
  const detailed = procedure.steps.filter((s) => s.subprocedure !== undefined);
  if (detailed.length === 0) return;
  const pending = (options.pending ?? []).filter((p) => p.id !== procedure.id || p.version !== procedure.version);

  const latest = new Map<string, number | undefined>();
  const latestOf = async (id: string): Promise<number | undefined> => {
    if (!latest.has(id)) {
      const stored = (await store.getProcedure(id))?.version;
      const batch = pending.filter((p) => p.id === id).map((p) => p.version ?? (stored ?? 0) + 1);
      latest.set(id, Math.max(stored ?? 0, ...batch) || undefined);
    }
    return latest.get(id);
  };

  for (const s of detailed) {
    const target = s.subprocedure!;
    const pinned = s.subprocedureVersion;
    const inBatch = pending.some((p) => p.id === target && (pinned === undefined || p.version === pinned));
    const isSelf = target === procedure.id;
    if (inBatch || isSelf) continue; // a self link is a cycle, reported below
    if ((await store.getProcedure(target, pinned)) === undefined) {
      const what = pinned === undefined ? JSON.stringify(target) : `${JSON.stringify(target)} version ${pinned}`;
      throw new NotFoundError(
        "subprocedure_not_found",
        `step ${JSON.stringify(s.id)} of procedure ${JSON.stringify(procedure.id)} links to procedure ${what}, which does not exist`,
        { procedure: procedure.id, step: s.id, target, ...(pinned === undefined ? {} : { targetVersion: pinned }) },
      );
    }
  }

  const version = procedure.version ?? ((await latestOf(procedure.id)) ?? 0) + 1;
  const links: SubprocedureLink[] = [...(await store.listSubprocedureLinks())];
  for (const p of pending) links.push(...linksOf(p, p.version ?? ((await latestOf(p.id)) ?? 0)));
  const ids = new Set<string>([procedure.id, ...links.map((l) => l.target), ...detailed.map((s) => s.subprocedure!)]);
  for (const id of ids) await latestOf(id);
  const own = linksOf(procedure, version);
  const cycle = findLinkCycle(links, own, {
    latestVersion: (id) => (id === procedure.id ? Math.max(version, latest.get(id) ?? 0) : latest.get(id)),
  });
  if (cycle === undefined) return;
  const step = own.find((l) => l.target === cycle[1])?.step ?? own[0]!.step;
  throw new ConflictError(
    "subprocedure_cycle",
    `linking step ${JSON.stringify(step)} of procedure ${JSON.stringify(procedure.id)} would make it contain itself: ${formatLinkCycle(cycle)}`,
    { procedure: procedure.id, step, cycle },
  );
}

function linksOf(p: PendingProcedure, version: number): SubprocedureLink[] {
  const out: SubprocedureLink[] = [];
  for (const s of p.steps) {
    if (s.subprocedure === undefined) continue;
    const link: SubprocedureLink = { procedure: p.id, version, step: s.id, target: s.subprocedure };
    if (s.subprocedureVersion !== undefined) link.targetVersion = s.subprocedureVersion;
    out.push(link);
  }
  return out;
}
