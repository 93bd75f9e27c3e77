// JSON request bodies over a real socket: a body that arrives with its headers (read from the
// request's buffer), one that arrives in two parts, a chunked one and a compressed one (read by
// raw-body and express.json) all reach the handler whole; a declared length over the limit is
// refused before anything is read.
import net from "node:net";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { ABC, makeApp } from "./helpers.js";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function listen(config = {}): Promise<number> {
  const { app } = await makeApp({ config });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  close = () => new Promise((r) => server.close(() => r()));
  return (server.address() as AddressInfo).port;
}

/** Sends raw request parts with a pause between them; resolves with the status line and body. */
function rawRequest(port: number, parts: (string | Buffer)[], pauseMs = 30): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let text = "";
    socket.on("data", (d) => (text += d.toString("utf8")));
    socket.on("error", reject);
    socket.on("close", () => {
      const [head, ...rest] = text.split("\r\n\r\n");
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(head ?? "")?.[1]), body: rest.join("\r\n\r\n") });
    });
    socket.on("connect", async () => {
      for (const [i, part] of parts.entries()) {
        if (i > 0) await new Promise((r) => setTimeout(r, pauseMs));
        socket.write(part);
      }
    });
  });
}

const head = (headers: string) => `POST /v1/procedures HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n${headers}\r\n`;
const body = JSON.stringify(ABC);

describe("JSON request bodies", () => {
  it("reads a body that arrives together with the headers", async () => {
    const port = await listen();
    const res = await rawRequest(port, [head(`Content-Length: ${Buffer.byteLength(body)}\r\n`) + body]);
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body)).toMatchObject({ created: true, procedure: { id: "abc", version: 1 } });
  });

  it("reads a body that arrives in two parts after the headers", async () => {
    const port = await listen();
    const res = await rawRequest(port, [head(`Content-Length: ${Buffer.byteLength(body)}\r\n`) + body.slice(0, 10), body.slice(10)]);
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body)).toMatchObject({ created: true, procedure: { id: "abc", version: 1 } });
  });

  it("reads a chunked body", async () => {
    const port = await listen();
    const a = body.slice(0, 20);
    const b = body.slice(20);
    const chunk = (s: string) => `${Buffer.byteLength(s).toString(16)}\r\n${s}\r\n`;
    const res = await rawRequest(port, [head("Transfer-Encoding: chunked\r\n") + chunk(a), chunk(b) + "0\r\n\r\n"]);
    expect(res.status).toBe(201);
  });

  it("reads a gzip-compressed body", async () => {
    const port = await listen();
    const gz = gzipSync(body);
    const res = await rawRequest(port, [Buffer.concat([Buffer.from(head(`Content-Encoding: gzip\r\nContent-Length: ${gz.length}\r\n`)), gz])]);
    expect(res.status).toBe(201);
  });

  it("refuses a declared length over the limit with payload_too_large", async () => {
    const port = await listen({ bodyLimit: 50 });
    const res = await rawRequest(port, [head(`Content-Length: ${Buffer.byteLength(body)}\r\n`) + body]);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ code: "payload_too_large" });
  });
});
