// Store selection by configuration. `storeConfigFromEnv(env)` reads and validates the
// environment (zod) and returns a StoreConfig, throwing InvalidInputError that names the
// variable and quotes its value; `openStore(config)` returns an initialised GraphStore, failing
// fast with a clear message when Neo4j cannot be reached (short connection timeout).
//   STEPGRAPH_STORE   sqlite (default) | neo4j | memory
//   STEPGRAPH_DB      SQLite file, default ./data/stepgraph.db (":memory:" allowed)
//   NEO4J_URI         e.g. neo4j://localhost:7687 (required for neo4j)
//   NEO4J_USER        default "neo4j"
//   NEO4J_PASSWORD    required for neo4j
//   NEO4J_DATABASE    default: the server's default database
//   NEO4J_CONNECTION_TIMEOUT_MS  default 5000
import { z } from "zod";
import { InvalidInputError, type InputIssue } from "../errors.js";
import type { GraphStore } from "./graph-store.js";

export const DEFAULT_SQLITE_PATH = "./data/stepgraph.db";

const Neo4jUri = z
  .string()
  .regex(/^(neo4j|neo4j\+s|neo4j\+ssc|bolt|bolt\+s|bolt\+ssc):\/\/[^\s]+$/, "must be a neo4j:// or bolt:// URI (optionally +s or +ssc)");

export const StoreConfigSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("memory") }).strict(),
  z.object({ kind: z.literal("sqlite"), path: z.string().min(1).default(DEFAULT_SQLITE_PATH) }).strict(),
  z
    .object({
      kind: z.literal("neo4j"),
      uri: Neo4jUri,
      user: z.string().min(1).default("neo4j"),
      password: z.string().min(1, "must not be empty"),
      database: z.string().min(1).optional(),
      connectionTimeoutMs: z.number().int().min(100).max(120_000).default(5000),
    })
    .strict(),
]);

export type StoreConfigInput = z.input<typeof StoreConfigSchema>;
export type StoreConfig = z.output<typeof StoreConfigSchema>;

/** Which environment variable each config field comes from (for error messages). */
const ENV_OF: Record<string, string> = {
  kind: "STEPGRAPH_STORE",
  path: "STEPGRAPH_DB",
  uri: "NEO4J_URI",
  user: "NEO4J_USER",
  password: "NEO4J_PASSWORD",
  database: "NEO4J_DATABASE",
  connectionTimeoutMs: "NEO4J_CONNECTION_TIMEOUT_MS",
};

/** Reads the store configuration from environment variables; InvalidInputError on a wrong value. */
export function storeConfigFromEnv(env: Record<string, string | undefined> = process.env): StoreConfig {
  const value = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === "" ? undefined : v.trim();
  };
  const kind = value("STEPGRAPH_STORE") ?? "sqlite";
  const raw: Record<string, unknown> = { kind };
  if (kind === "sqlite") {
    if (value("STEPGRAPH_DB") !== undefined) raw.path = value("STEPGRAPH_DB");
  } else if (kind === "neo4j") {
    raw.uri = value("NEO4J_URI");
    if (value("NEO4J_USER") !== undefined) raw.user = value("NEO4J_USER");
    raw.password = env.NEO4J_PASSWORD;
    if (value("NEO4J_DATABASE") !== undefined) raw.database = value("NEO4J_DATABASE");
    const timeout = value("NEO4J_CONNECTION_TIMEOUT_MS");
    if (timeout !== undefined) raw.connectionTimeoutMs = /^\d+$/.test(timeout) ? Number(timeout) : timeout;
  }
  const r = StoreConfigSchema.safeParse(raw);
  if (r.success) return r.data;
  const issues: InputIssue[] = r.error.issues.map((i) => {
    const field = String(i.path[0] ?? (i.code === "invalid_union" ? "kind" : ""));
    const name = ENV_OF[field] ?? field;
    const shown = field === "password" ? "(hidden)" : JSON.stringify(raw[field] ?? null);
    const message =
      field === "kind" ? `must be one of sqlite, neo4j, memory (got ${JSON.stringify(kind)})` : raw[field] === undefined ? `is required when STEPGRAPH_STORE=${kind}` : `${i.message} (got ${shown})`;
    return { path: [name], message };
  });
  throw new InvalidInputError(
    "invalid_config",
    `invalid store configuration: ${issues.map((i) => `${i.path[0]} ${i.message}`).join("; ")}`,
    issues,
  );
}

/** Opens and initialises the configured store. Rejects with a clear message when it cannot. */
export async function openStore(config: StoreConfigInput): Promise<GraphStore> {
  const c = StoreConfigSchema.parse(config);
  let store: GraphStore;
  if (c.kind === "memory") {
    const { createMemoryStore } = await import("./memory-store.js");
    store = createMemoryStore();
  } else if (c.kind === "sqlite") {
    const { createSqliteStore } = await import("./sqlite-store.js");
    try {
      store = createSqliteStore({ path: c.path });
    } catch (e) {
      throw new Error(`cannot open SQLite store at ${c.path} (STEPGRAPH_DB): ${(e as Error).message}`);
    }
  } else {
    const { createNeo4jStore } = await import("./neo4j-store.js");
    const options = { uri: c.uri, user: c.user, password: c.password, connectionTimeoutMs: c.connectionTimeoutMs };
    store = createNeo4jStore(c.database === undefined ? options : { ...options, database: c.database });
  }
  try {
    await store.init();
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
  return store;
}
