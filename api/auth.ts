// Bearer-token authorisation of the API. With STEPGRAPH_API_KEY set, write routes require
// `Authorization: Bearer <api key>`; with STEPGRAPH_READ_KEY set too, read routes require the
// read key or the API key. Public routes (health, OpenAPI, docs, viewer) never do.
// Tokens are compared through SHA-256 digests with timingSafeEqual, so the comparison time
// does not depend on how much of the token is right.
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import type { ApiConfig } from "./config.js";
import { ApiError } from "./errors.js";

export type Access = "public" | "read" | "write";

function digest(s: string): Buffer {
  return createHash("sha256").update(s, "utf8").digest();
}

function same(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

const CHALLENGE = 'Bearer realm="stepgraph"';

/** The bearer token of a request, undefined when there is none. */
function bearer(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  return m?.[1];
}

export function authorize(access: Access, config: ApiConfig): RequestHandler {
  const required = access === "write" ? config.apiKey : access === "read" ? config.readKey : undefined;
  if (required === undefined) return (_req, _res, next) => next();
  const accepted = access === "read" && config.apiKey !== undefined ? [config.readKey!, config.apiKey] : [required];
  return (req, _res, next) => {
    const token = bearer(req.headers.authorization);
    if (token === undefined) {
      throw new ApiError("unauthorized", `this ${access} route requires an Authorization: Bearer <token> header`, undefined, {
        "WWW-Authenticate": CHALLENGE,
      });
    }
    if (accepted.some((k) => same(token, k))) return next();
    if (access === "write" && config.readKey !== undefined && same(token, config.readKey)) {
      throw new ApiError("forbidden", "the read key does not allow writes; use the API key");
    }
    throw new ApiError("unauthorized", "the bearer token is not valid", undefined, {
      "WWW-Authenticate": `${CHALLENGE}, error="invalid_token"`,
    });
  };
}
