// The stepgraph API server (`npm start`): reads the configuration from the environment,
// opens the store (STEPGRAPH_STORE, default SQLite at ./data/stepgraph.db), loads the demo data
// from graphs/ when the store holds no procedure yet (STEPGRAPH_DEMO=off to skip), listens on
// PORT (default 3000) and prints the URL. SIGINT/SIGTERM close the server and the store; under
// `npm start` the server also stops when npm goes away. Logs are for people on a terminal and
// JSON lines otherwise (api/request-log.ts).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { openStore, storeConfigFromEnv } from "../src/store/store-config.js";
import { StepgraphError, formatIssues, InvalidInputError } from "../src/errors.js";
import { createApp } from "./app.js";
import { apiConfigFromEnv } from "./config.js";
import { loadDemoData } from "./demo-data.js";
import { projectRoot } from "./project-root.js";
import { prettyDestination } from "./request-log.js";

const root = projectRoot();

export async function startServer(env: Record<string, string | undefined> = process.env): Promise<{ url: string; close(): Promise<void> }> {
  const config = apiConfigFromEnv(env);
  const storeConfig = storeConfigFromEnv(env);
  if (storeConfig.kind === "sqlite" && storeConfig.path !== ":memory:") mkdirSync(path.dirname(path.resolve(storeConfig.path)), { recursive: true });
  const store = await openStore(storeConfig);
  // NOTE: buffered asynchronous log writes (pino's recommendation for servers): lines are written
  // in blocks of 4 KiB, at the latest after a second, and flushed on close. One write per line
  // cost ~17 µs of CPU per request under load (bench/api-load.ts). On a terminal the lines are
  // for people instead (LOG_FORMAT=json|pretty overrides), written at once.
  const pretty = config.logFormat === "pretty" || (config.logFormat === undefined && process.stdout.isTTY === true);
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const flusher = setInterval(() => destination.flush(), 1000).unref();
  const logger = pino({ level: env.LOG_LEVEL ?? "info" }, pretty ? prettyDestination(process.stdout) : destination);
  if (env.STEPGRAPH_DEMO !== "off" && (await store.listProcedures({ limit: 1 })).length === 0) {
    const dir = env.STEPGRAPH_DEMO_DIR ?? path.join(root, "graphs");
    const started = Date.now();
    const loaded = await loadDemoData(store, dir);
    logger.info({ ...loaded, ms: Date.now() - started }, `loaded demo data from ${dir}`);
  }
  const app = createApp({ store, config, logger });
  const server = await new Promise<import("node:http").Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host ?? "0.0.0.0", (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : config.port;
  const url = `http://${config.host ?? "localhost"}:${port}`;
  return {
    url,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      clearInterval(flusher);
      destination.flushSync();
    },
  };
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const env = process.env;
  try {
    const { url, close } = await startServer();
    process.stdout.write(`stepgraph API and viewer at ${url}  (API docs: ${url}/docs)\n`);
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      void close().then(() => process.exit(0));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    // Under `npm start` (which execs this server, so `kill <npm's pid>` reaches it as SIGTERM),
    // also stop when npm itself goes away without passing a signal on (kill -9): never orphaned.
    if (env.npm_lifecycle_event === "start") {
      const parent = process.ppid;
      setInterval(() => {
        if (process.ppid !== parent) stop();
      }, 500).unref();
    }
  } catch (err) {
    const detail = err instanceof InvalidInputError && err.issues.length > 0 ? `\n${formatIssues(err.issues)}` : "";
    const message = err instanceof StepgraphError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`stepgraph: cannot start the server: ${message}${detail}\n`);
    process.exit(1);
  }
}
