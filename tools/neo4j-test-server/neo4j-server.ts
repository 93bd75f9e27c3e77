// startNeo4j: builds (if needed) and starts the embedded Neo4j Community 5.26 launcher of this
// folder as a child process on a loopback port, and resolves once Bolt answers
// (neo4j-driver verifyConnectivity). Used by `npm run neo4j`, .ci/run (through start.ts), the
// fault and replica tests and bench/. Authentication is disabled in the launcher: any user and
// password are accepted; we hand out NEO4J_USER=neo4j, NEO4J_PASSWORD=stepgraph-test.
// Neo4j Community is GPLv3: Maven fetches it into ~/.m2 at build time; it is never bundled.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import neo4j from "neo4j-driver";

export const LAUNCHER_DIR = path.dirname(fileURLToPath(import.meta.url));
export const LAUNCHER_JAR = path.join(LAUNCHER_DIR, "target", "neo4j-test-server-1.0.0.jar");
export const TEST_USER = "neo4j";
export const TEST_PASSWORD = "stepgraph-test";

export interface Neo4jServer {
  uri: string;
  port: number;
  user: string;
  password: string;
  dataDir: string;
  pid: number;
  /** Environment variables that point stepgraph at this server. */
  env: Record<string, string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL (a crash); resolves when the process has exited. */
  kill(): Promise<void>;
  readonly exited: Promise<number | null>;
}

/** Is `java` on the PATH? */
export function javaAvailable(): boolean {
  return spawnSync("java", ["-version"], { stdio: "ignore" }).status === 0;
}

const SOURCES = [path.join(LAUNCHER_DIR, "pom.xml"), path.join(LAUNCHER_DIR, "src", "main", "java", "stepgraph", "Neo4jTestServer.java")];

/** Builds the launcher with Maven when the jar is missing or older than its sources: offline first, then online. */
export function ensureBuilt(log: (line: string) => void = () => undefined): string {
  const built = existsSync(LAUNCHER_JAR) && existsSync(path.join(LAUNCHER_DIR, "target", "lib"));
  if (built && SOURCES.every((s) => statSync(s).mtimeMs <= statSync(LAUNCHER_JAR).mtimeMs)) return LAUNCHER_JAR;
  for (const offline of [true, false]) {
    log(`building the Neo4j launcher with Maven${offline ? " (offline)" : ""} ...`);
    const args = [...(offline ? ["-o"] : []), "-q", "-B", "package", "-DskipTests"];
    const r = spawnSync("mvn", args, { cwd: LAUNCHER_DIR, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
    if (r.status === 0 && existsSync(LAUNCHER_JAR)) return LAUNCHER_JAR;
    if (r.error !== undefined) throw new Error(`cannot run mvn (is Maven installed?): ${r.error.message}`);
    if (!offline) throw new Error(`mvn package failed in ${LAUNCHER_DIR}:\n${(r.stdout + r.stderr).slice(-4000)}`);
  }
  throw new Error("unreachable");
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves when Bolt at `uri` answers, rejects after `timeoutMs`. */
export async function waitForBolt(uri: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const driver = neo4j.driver(uri, neo4j.auth.basic(TEST_USER, TEST_PASSWORD), { connectionTimeout: 2000 });
    try {
      await driver.verifyConnectivity();
      return;
    } catch (e) {
      last = e;
    } finally {
      await driver.close();
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Neo4j at ${uri} did not answer within ${timeoutMs} ms: ${(last as Error | undefined)?.message ?? "no attempt"}`);
}

export interface StartOptions {
  dataDir: string;
  /** Loopback port; a free one when omitted. */
  port?: number;
  /** JVM heap, default 768m. */
  heap?: string;
  /** Page cache, default 128m. */
  pageCache?: string;
  /** Milliseconds to wait for the ready line and Bolt, default 180 s (first start on a loaded machine). */
  timeoutMs?: number;
  /** Receives the launcher's stderr lines (Neo4j logs its start-up there). */
  onLog?: (line: string) => void;
}

export async function startNeo4j(options: StartOptions): Promise<Neo4jServer> {
  const jar = ensureBuilt(options.onLog);
  mkdirSync(options.dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const timeoutMs = options.timeoutMs ?? 180_000;
  const child: ChildProcess = spawn(
    "java",
    [
      `-Xmx${options.heap ?? "768m"}`,
      "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1",
      "-jar",
      jar,
      "--data",
      options.dataDir,
      "--port",
      String(port),
      "--page-cache",
      options.pageCache ?? "128m",
      "--exit-on-stdin-close",
    ],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let tail = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => {
    tail = (tail + d).slice(-4000);
    for (const line of d.split("\n")) if (line.trim() !== "") options.onLog?.(line);
  });
  const ready = new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      if (out.includes("NEO4J_READY")) resolve();
    });
    void exited.then((code) => reject(new Error(`the Neo4j launcher exited (code ${code}) before it was ready:\n${tail}`)));
    setTimeout(() => reject(new Error(`the Neo4j launcher printed no ready line within ${timeoutMs} ms:\n${tail}`)), timeoutMs).unref();
  });
  const uri = `bolt://127.0.0.1:${port}`;
  const killNow = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  try {
    await ready;
    await waitForBolt(uri, timeoutMs);
  } catch (e) {
    await killNow();
    throw e;
  }
  return {
    uri,
    port,
    user: TEST_USER,
    password: TEST_PASSWORD,
    dataDir: options.dataDir,
    pid: child.pid!,
    env: { NEO4J_URI: uri, NEO4J_USER: TEST_USER, NEO4J_PASSWORD: TEST_PASSWORD },
    exited,
    kill: killNow,
    async stop(graceMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
