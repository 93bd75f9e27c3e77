// `npm start` runs the compiled server: bin/build.js (tsc -p tsconfig.build.json → dist/, when a
// source is newer than the last build), then `node dist/api/server.js`. This builds it as npm start does and checks that the compiled
// server starts, finds graphs/ and the viewer's static files from dist/, and answers.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let child: ChildProcess | undefined;
let base = "";

beforeAll(async () => {
  execFileSync(process.execPath, ["bin/build.js", "--if-possible"], { cwd: root, stdio: "pipe" });
  child = spawn(process.execPath, ["--enable-source-maps", "dist/api/server.js"], {
    cwd: root,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", STEPGRAPH_STORE: "memory", LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  base = await new Promise<string>((resolve, reject) => {
    let out = "";
    let err = "";
    child!.stdout!.on("data", (c: Buffer) => {
      out += c.toString("utf8");
      const m = /at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child!.stderr!.on("data", (c: Buffer) => (err += c.toString("utf8")));
    child!.once("exit", (code) => reject(new Error(`the compiled server exited with ${code}: ${err}`)));
  });
}, 120_000);

afterAll(() => {
  child?.kill("SIGTERM");
});

describe("the compiled server (npm start)", () => {
  it("loads the demo data from graphs/ and answers a query", async () => {
    const res = await fetch(`${base}/v1/procedures/coffee/order-check`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sequence: [], complete: false }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { result: { valid: boolean } }).result.valid).toBe(true);
  });

  it("serves the viewer page and its static files", async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("stepgraph");
  });
});
