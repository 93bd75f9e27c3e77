// Test helpers of the API suite: a fresh app per test on a fresh, empty test store (memory by
// default; Neo4j in the "neo4j" project: tests/helpers/test-store.ts), with a silent logger, a
// fixed clock and counting ids, and tiny inline procedures.
import { pino } from "pino";
import { createApp } from "../../api/app.js";
import type { ApiConfig } from "../../api/config.js";
import type { ProcedureInput } from "../../src/model/index.js";
import type { GraphStore } from "../../src/store/graph-store.js";
import { makeTestStore } from "../helpers/test-store.js";

export const NOW = new Date("2026-01-02T03:04:05.000Z");

export async function makeApp(options: { config?: Partial<ApiConfig>; store?: GraphStore } = {}) {
  const store = options.store ?? (await makeTestStore());
  await store.init();
  let n = 0;
  const app = createApp({
    store,
    config: options.config ?? {},
    logger: pino({ level: "silent" }),
    now: () => NOW,
    newId: () => `id-${++n}`,
  });
  return { app, store };
}

/** a → b → c, written. */
export const ABC: ProcedureInput = {
  id: "abc",
  title: "ABC",
  steps: [
    { id: "a", text: "Add the flour" },
    { id: "b", text: "Beat the eggs" },
    { id: "c", text: "Cook the batter" },
  ],
};

export const JSON_PROBLEM = "application/problem+json; charset=utf-8";
