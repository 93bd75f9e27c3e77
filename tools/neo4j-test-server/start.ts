// `npm run neo4j`: starts the embedded Neo4j test server in the foreground and prints how to use it.
//   npm run neo4j -- [--data DIR] [--port N] [--write-env FILE]
// --data defaults to ./data/neo4j (kept between runs); --port defaults to 7687 when free, else a
// free port (--port 0: always a free one); --write-env writes NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD lines (for `source` in .ci/run).
// Ctrl-C or SIGTERM stops Neo4j cleanly.
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { startNeo4j } from "./neo4j-server.js";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const portFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });

const dataDir = path.resolve(arg("--data") ?? "data/neo4j");
const portArg = arg("--port");
if (portArg !== undefined && !/^\d{1,5}$/.test(portArg)) throw new Error(`--port must be a port number (0: any free port), got ${JSON.stringify(portArg)}`);
// --port 0 or a taken 7687: any free loopback port.
const port = portArg !== undefined ? (Number(portArg) === 0 ? undefined : Number(portArg)) : (await portFree(7687)) ? 7687 : undefined;
const envFile = arg("--write-env");

process.stderr.write(`starting Neo4j Community 5.26 (embedded, Bolt on 127.0.0.1) with data in ${dataDir} ...\n`);
const server = await startNeo4j(port === undefined ? { dataDir } : { dataDir, port });
const lines = Object.entries(server.env).map(([k, v]) => `${k}=${v}`);
if (envFile !== undefined) writeFileSync(envFile, lines.map((l) => `export ${l}`).join("\n") + "\n");
process.stdout.write(
  [
    `Neo4j is ready (pid ${server.pid}); authentication is off, any password is accepted.`,
    ...lines,
    "",
    `Serve the API and viewer from it:  STEPGRAPH_STORE=neo4j ${lines.join(" ")} npm start`,
    "Stop with Ctrl-C.",
    "",
  ].join("\n"),
);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void server.stop().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
process.on("SIGHUP", stop);
void server.exited.then((code) => {
  if (!stopping) {
    process.stderr.write(`Neo4j exited unexpectedly (code ${code})\n`);
    process.exit(1);
  }
});
