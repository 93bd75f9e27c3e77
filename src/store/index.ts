// Re-exports of the storage port, its adapters, configuration and the graph-script cache.
export * from "./graph-store.js";
export { createMemoryStore } from "./memory-store.js";
export { createSqliteStore, type SqliteStoreOptions } from "./sqlite-store.js";
export { createNeo4jStore, type Neo4jStoreOptions } from "./neo4j-store.js";
export { StoreConfigSchema, storeConfigFromEnv, openStore, DEFAULT_SQLITE_PATH, type StoreConfig, type StoreConfigInput } from "./store-config.js";
export { withGraphScriptCache, type GraphScriptCacheOptions, type GraphScriptCacheControl } from "./graph-script-cache.js";
