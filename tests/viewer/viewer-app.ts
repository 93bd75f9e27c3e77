// The one place where the viewer's end-to-end tests get their server: a store filled with the
// given data sets (and the demo procedures of graphs/), the real createApp over it, listening
// on an ephemeral loopback port. `makeViewerStore` is the store every viewer test uses: the test
// store of tests/helpers/test-store.ts (memory, or Neo4j in the "neo4j" vitest project).
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { createApp } from "../../api/app.js";
import type { ApiConfig } from "../../api/config.js";
import { loadDemoData, type DemoLoadResult } from "../../api/demo-data.js";
import type { GraphStore } from "../../src/store/graph-store.js";
import { makeTestStore } from "../helpers/test-store.js";
import type { ViewerDataset } from "./viewer-data.js";

const GRAPHS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../graphs");

/** The store of the viewer tests (an empty, initialised one per server). */
export async function makeViewerStore(): Promise<GraphStore> {
  const store = await makeTestStore();
  await store.init();
  return store;
}

export interface ViewerServer {
  base: string;
  store: GraphStore;
  demo: DemoLoadResult | undefined;
  close(): Promise<void>;
}

/** Saves the procedures of a data set and appends its traces, one batch per procedure. */
export async function fillStore(store: GraphStore, data: ViewerDataset): Promise<void> {
  for (const p of data.procedures) await store.saveProcedure(p as Parameters<GraphStore["saveProcedure"]>[0]);
  const byProcedure = new Map<string, ViewerDataset["traces"]>();
  for (const t of data.traces) byProcedure.set(t.procedure, [...(byProcedure.get(t.procedure) ?? []), t]);
  for (const [id, traces] of byProcedure) await store.appendTraces(id, 1, traces);
}

export async function startViewer(
  options: {
    datasets?: ViewerDataset[];
    demo?: boolean;
    /** Runs on the filled store before the app starts (e.g. to ingest a log). */
    prepare?: (store: GraphStore) => Promise<void>;
    config?: Partial<ApiConfig>;
  } = {},
): Promise<ViewerServer> {
  const store = await makeViewerStore();
  for (const d of options.datasets ?? []) await fillStore(store, d);
  const demo = options.demo ? await loadDemoData(store, GRAPHS) : undefined;
  await options.prepare?.(store);
  const app = createApp({ store, logger: pino({ level: process.env.STEPGRAPH_TEST_LOG_LEVEL ?? "silent" }), config: options.config ?? {} });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    store,
    demo,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await store.close();
    },
  };
}
