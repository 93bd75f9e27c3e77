// readJsonBody(req, limit): the JSON body of a request, read with raw-body (size limit, declared
// length checked, aborted requests), decoded as UTF-8 and parsed. An empty body reads as {}
// (as with express.json()).
// Errors: unsupported_media_type for a content type other than JSON or a charset other than
// UTF-8; invalid_json when the text is not a JSON object or array (body-parser's strict mode);
// raw-body's own errors (entity.too.large → 413, …) pass through to the error handler, which maps
// them to registered codes (api/app.ts).
// NOTE: the identity-encoded body — every request our clients send — is read here instead of by
// express.json(): body-parser's per-request type, charset and inflate checks cost ~18 µs of CPU
// per request on this machine, twice what reading takes. Compressed bodies (Content-Encoding
// gzip, deflate, br) still go through express.json(), which inflates them (api/app.ts).
import getRawBody from "raw-body";
import type { Request } from "express";
import { ApiError } from "./errors.js";

export const JSON_TYPES = ["application/json", "application/*+json"];

export function hasBody(req: Request): boolean {
  return req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
}

/** True when the body is not compressed (no Content-Encoding, or identity). */
export function isIdentityEncoded(req: Request): boolean {
  const encoding = req.headers["content-encoding"];
  return encoding === undefined || encoding.toLowerCase() === "identity";
}

/** Refuses a body that is not JSON (by Content-Type) before anything is read. */
export function requireJsonType(req: Request): void {
  const type = req.headers["content-type"];
  if (type === "application/json" || type === "application/json; charset=utf-8") return; // the usual ones, without parsing
  if (hasBody(req) && !req.is(JSON_TYPES)) {
    throw new ApiError("unsupported_media_type", `the request body must be application/json, got ${JSON.stringify(req.headers["content-type"] ?? "(none)")}`);
  }
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/**
 * The whole body when it had already arrived with the headers: one microtask after the request
 * event, Node's HTTP parser has pushed the rest of the socket's chunk into the request, so a
 * body of Content-Length bytes is in its buffer and is read from there. Undefined otherwise
 * (chunked bodies, bodies still arriving): raw-body then reads it as it comes.
 * NOTE: a fast path for the usual small request in one TCP segment; it skips the stream's
 * flowing mode and raw-body's listeners (~10 µs of CPU per request, bench/api-load.ts).
 */
async function bufferedBody(req: Request, limit: number): Promise<Buffer | undefined> {
  const declared = req.headers["content-length"];
  if (declared === undefined || req.headers["transfer-encoding"] !== undefined) return undefined;
  const length = Number(declared);
  if (length > limit) throw new ApiError("payload_too_large", `the request body exceeds the limit of ${limit} bytes`);
  await null;
  if (req.readableFlowing === true || req.readableLength !== length) return undefined;
  const chunk = req.read() as Buffer | null;
  return chunk ?? undefined;
}

export async function readJsonBody(req: Request, limit: number): Promise<unknown> {
  if (!hasBody(req)) return {};
  const charset = CHARSET.exec(req.headers["content-type"] ?? "")?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    throw new ApiError("unsupported_media_type", `the request body must be JSON in UTF-8, got charset ${JSON.stringify(charset)}`);
  }
  const raw = (await bufferedBody(req, limit)) ?? (await getRawBody(req, { length: req.headers["content-length"] ?? null, limit }));
  const text = raw.toString("utf8");
  if (text.length === 0) return {};
  const first = /\S/.exec(text)?.[0];
  if (first !== "{" && first !== "[") throw new ApiError("invalid_json", "the request body is not valid JSON (a JSON object or array is expected)");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError("invalid_json", "the request body is not valid JSON (a JSON object or array is expected)");
  }
}
