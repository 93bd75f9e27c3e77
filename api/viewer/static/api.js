// Client of the stepgraph REST API (/v1, same origin only). Each function returns the
// payload or throws an ApiError carrying the API's error message.

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

const enc = encodeURIComponent;
const TOKEN_KEY = "stepgraph.token";

/** The bearer token the user gave for a server with STEPGRAPH_READ_KEY (this tab only). */
export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function headers(json) {
  const h = { accept: "application/json" };
  if (json) h["content-type"] = "application/json";
  const token = getToken();
  if (token) h.authorization = `Bearer ${token}`;
  return h;
}

async function request(url, init) {
  const res = await fetch(url, { headers: headers(Boolean(init?.body)), ...init });
  let body;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const msg = body?.detail ?? body?.error?.message ?? body?.message ?? `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, msg, body);
  }
  return body;
}

const post = (url, data) => request(url, { method: "POST", body: JSON.stringify(data) });
const versionQuery = (version) => (version !== undefined ? `?version=${enc(version)}` : "");

/** Procedure summaries whose title (or id) contains `q`. */
export async function listProcedures(q) {
  const body = await request(`/v1/procedures?q=${enc(q)}&limit=50`);
  return Array.isArray(body) ? body : (body.procedures ?? body.items ?? []);
}

/** Up to `limit` procedure summaries (latest versions), for the start page. */
export async function allProcedures(limit = 1000) {
  const body = await request(`/v1/procedures?limit=${limit}`);
  return body.procedures ?? [];
}

/** Number of traces (and events) stored for the latest version of a procedure. */
export async function traceCount(id) {
  return request(`/v1/procedures/${enc(id)}/traces/count`);
}

/** The graph script of procedure@version (latest when omitted), with its derived views as `views`. */
export async function getGraphScript(id, version) {
  const [body, views] = await Promise.all([
    request(`/v1/procedures/${enc(id)}/graph-script${versionQuery(version)}`),
    request(`/v1/procedures/${enc(id)}/graph-script/views${versionQuery(version)}`),
  ]);
  const script = body.steps ? body : (body.script ?? body.graphScript);
  // The derived views (any-order groups, either/or alternatives) are computed by the API
  // (src/discovery/derived-views.ts), never in the page.
  script.views = views;
  return script;
}

/**
 * CheckResult of a run: { valid } or { valid: false, firstFailingIndex, violations }; each
 * violation gets the API's wording (`messages[i]`) as `message`, and the order-error verdict in
 * words (`verdict`) comes along when the API gives one, and the orders that break only habit edges
 * (not enforced) in words (`habitMessages`).
 */
export async function orderCheck(id, version, done, complete) {
  const body = await post(`/v1/procedures/${enc(id)}/order-check${versionQuery(version)}`, { done, complete });
  const result = body.result ?? body;
  const messages = body.messages ?? [];
  const habits = body.habitMessages === undefined ? {} : { habitMessages: body.habitMessages };
  if (result.valid === false) {
    const verdict = body.verdict === undefined ? {} : { verdict: body.verdict };
    return { ...result, ...verdict, ...habits, violations: result.violations.map((v, i) => (messages[i] ? { ...v, message: messages[i] } : v)) };
  }
  return { ...result, ...habits };
}

/** Grounds pasted items to steps: one result per item ({text, match, step?, score, candidates}). */
export async function ground(id, version, texts) {
  const body = await post(`/v1/procedures/${enc(id)}/ground${versionQuery(version)}`, { texts });
  return body.results;
}

/** Ranked next steps after `done`. */
export async function nextSteps(id, version, done, k) {
  const body = await post(`/v1/procedures/${enc(id)}/next-steps${versionQuery(version)}`, { done, k });
  return Array.isArray(body) ? body : (body.next ?? body.steps ?? body.candidates ?? []);
}

/** URL of the API's export of procedure@version in `format` (json, dot, mermaid, cytoscape). */
export function exportUrl(id, version, format) {
  const v = version !== undefined ? `&version=${enc(version)}` : "";
  return `/v1/procedures/${enc(id)}/graph-script/export?format=${enc(format)}${v}`;
}

/** Fetches an export with the token and returns an object URL of it (for servers with keys). */
export async function exportBlobUrl(href) {
  const res = await fetch(href, { headers: headers(false) });
  if (!res.ok) throw new ApiError(res.status, `${res.status} ${res.statusText}`, undefined);
  return URL.createObjectURL(await res.blob());
}
