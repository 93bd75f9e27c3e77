// `npm start` as a user runs it: the server stops when npm's process is killed (SIGTERM, as
// `kill <pid>` sends; npm passes it on to the server, which `exec` makes its direct child), and
// also when npm dies by SIGKILL without passing anything on. Request logs are JSON lines when
// stdout is not a terminal and lines for people with LOG_FORMAT=pretty (as on a terminal).
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const started: ChildProcess[] = [];
const servers: number[] = [];

afterEach(() => {
  for (const c of started.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
  for (const pid of servers.splice(0)) if (alive(pid)) process.kill(pid, "SIGKILL");
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.startsWith("Z");
  } catch {
    return false;
  }
}

/** Direct children of `pid` (from /proc). */
function children(pid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) out.push(Number(d));
    } catch {
      // gone
    }
  }
  return out;
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/** Starts `npm start` on a free port and resolves with npm's process, the server's pid and URL. */
async function npmStart(env: Record<string, string> = {}): Promise<{ npm: ChildProcess; server: number; url: string; output: () => string }> {
  const npm = spawn("npm", ["start"], {
    cwd: root,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", STEPGRAPH_STORE: "memory", STEPGRAPH_DEMO: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(npm);
  let out = "";
  npm.stderr!.on("data", (c: Buffer) => (out += c.toString("utf8")));
  const url = await new Promise<string>((resolve, reject) => {
    npm.stdout!.on("data", (c: Buffer) => {
      out += c.toString("utf8");
      const m = /API and viewer at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    npm.once("exit", (code) => reject(new Error(`npm start exited with ${code}: ${out}`)));
  });
  const [server] = children(npm.pid!);
  expect(server, "npm's child: the server (exec, no shell in between)").toBeDefined();
  expect(readFileSync(`/proc/${server}/cmdline`, "utf8")).toContain("dist/api/server.js");
  servers.push(server!);
  return { npm, server: server!, url, output: () => out };
}

describe("npm start", () => {
  it("stops its server when npm's pid is killed (SIGTERM)", async () => {
    const { npm, server, url } = await npmStart();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    npm.kill("SIGTERM");
    expect(await until(() => !alive(server), 10_000)).toBe(true);
  }, 180_000);

  it("stops its server when npm is killed with SIGKILL (nothing passed on)", async () => {
    const { npm, server } = await npmStart();
    npm.kill("SIGKILL");
    expect(await until(() => !alive(server), 10_000)).toBe(true);
  }, 180_000);

  it("logs requests for people with LOG_FORMAT=pretty (the default on a terminal), JSON lines otherwise", async () => {
    const pretty = await npmStart({ LOG_FORMAT: "pretty" });
    await fetch(`${pretty.url}/healthz`);
    expect(await until(() => / GET \/healthz 200 \d+\.\d ms\n/.test(pretty.output()), 5000)).toBe(true);
    pretty.npm.kill("SIGTERM");
    const json = await npmStart();
    await fetch(`${json.url}/healthz`);
    // JSON lines are buffered (4 KiB or one second).
    expect(await until(() => /\{"level":30,.*"method":"GET","url":"\/healthz","statusCode":200/.test(json.output()), 5000)).toBe(true);
    json.npm.kill("SIGTERM");
  }, 180_000);
});
