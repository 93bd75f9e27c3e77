// createApp(deps): the Express 5 application of the REST API (issue 5). It never listens
// (api/server.ts does). Middleware order: request logs (api/request-log.ts; no bodies, no auth
// headers) → CORS (when configured) → the API route table (api/route-table.ts: one lookup, then
// bearer auth → JSON body (size-limited) → zod validation of path, query and body → handler →
// JSON or text reply) → OpenAPI and docs → viewer → 404/405. Anything thrown becomes an RFC 9457
// problem document with a registered code (api/errors.ts).
import path from "node:path";
import { createRequire } from "node:module";
import express, { type ErrorRequestHandler } from "express";
import cors from "cors";
import { pino, type Logger } from "pino";
import type { GraphStore } from "../src/store/graph-store.js";
import { DEFAULT_CONFIG, type ApiConfig } from "./config.js";
import { createContext } from "./context.js";
import { ApiError, problem, toProblem, type ErrorCode } from "./errors.js";
import { generateOpenApi } from "./openapi.js";
import { loggedRequest, requestLog } from "./request-log.js";
import { routeTable } from "./route-table.js";
import { routes } from "./routes/index.js";
import { createViewerRouter } from "./viewer/router.js";
import { suggestRoute } from "./route-suggestion.js";

export interface AppDeps {
  store: GraphStore;
  /** Overrides of the defaults (api/config.ts); server.ts passes the environment's. */
  config?: Partial<ApiConfig>;
  /** Request logger; tests pass `pino({ level: "silent" })`. */
  logger?: Logger;
  now?: () => Date;
  newId?: () => string;
}

/** Maps body-parser failures and other HTTP errors raised by middleware to a registered code. */
function httpErrorCode(err: { type?: unknown; status?: unknown }): ErrorCode | undefined {
  switch (err.type) {
    case "entity.parse.failed":
      return "invalid_json";
    case "entity.too.large":
      return "payload_too_large";
    case "charset.unsupported":
    case "encoding.unsupported":
      return "unsupported_media_type";
  }
  if (typeof err.status === "number" && err.status >= 400 && err.status < 500) return "bad_request";
  return undefined;
}

const HTTP_DETAIL: Partial<Record<ErrorCode, string>> = {
  invalid_json: "the request body is not valid JSON (a JSON object or array is expected)",
  unsupported_media_type: "the request body must be JSON in UTF-8 with a supported Content-Encoding",
  bad_request: "the request could not be read",
};

function docsPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>stepgraph API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;
}

const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });\n`;

let cachedOpenApi: ReturnType<typeof generateOpenApi> | undefined;
/** The document is the same for every app (it depends on the route table only): built once. */
function openApiDocument(): ReturnType<typeof generateOpenApi> {
  cachedOpenApi ??= generateOpenApi(routes);
  return cachedOpenApi;
}

export function createApp(deps: AppDeps): express.Express {
  const config: ApiConfig = { ...DEFAULT_CONFIG, ...deps.config };
  const ctx = createContext(deps.store, config, deps.now, deps.newId);
  const logger = deps.logger ?? pino({ level: process.env.LOG_LEVEL ?? "info" });
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  // NOTE: no ETags: hashing every JSON body costs more than it saves for query answers.
  app.set("etag", false);

  app.use(requestLog(logger));

  if (config.corsOrigins === "*" || config.corsOrigins.length > 0) {
    app.use(
      cors({
        origin: config.corsOrigins === "*" ? "*" : config.corsOrigins,
        methods: ["GET", "POST", "DELETE"],
        allowedHeaders: ["Authorization", "Content-Type"],
        maxAge: 600,
      }),
    );
  }

  app.use(routeTable(routes, ctx, config));

  const openapi = openApiDocument();
  app.get("/openapi.json", (_req, res) => {
    res.json(openapi);
  });
  const swaggerDir = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  app.get("/docs", (_req, res) => {
    res.type("html").send(docsPage());
  });
  app.get("/docs/init.js", (_req, res) => {
    res.type("application/javascript").send(DOCS_INIT);
  });
  app.use("/docs/assets", express.static(swaggerDir, { index: false }));

  app.use(createViewerRouter(ctx));

  const patterns = routes.map((r) => ({ method: r.method.toUpperCase(), re: new RegExp(`^${r.path.replace(/:[A-Za-z_]+/g, "[^/]+")}/?$`) }));
  // NOTE: a path is quoted in a message only up to 200 characters: an error never echoes a long URL.
  const shown = (p: string): string => (p.length > 200 ? `${p.slice(0, 200)}… (${p.length} characters)` : p);
  app.use((req) => {
    const allowed = [...new Set(patterns.filter((p) => p.re.test(req.path)).map((p) => p.method))];
    if (allowed.length > 0) {
      const allow = [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : [])].join(", ");
      throw new ApiError("method_not_allowed", `${req.method} is not allowed on ${shown(req.path)}; allowed: ${allow}`, undefined, { Allow: allow });
    }
    const meant = suggestRoute(req.method, req.path, routes);
    throw new ApiError("route_not_found", `no route ${req.method} ${shown(req.path)}${meant === undefined ? "" : `; did you mean ${meant}?`} (every route: /docs)`);
  });

  const onError: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    let result = toProblem(err);
    if (result.unexpected && typeof err === "object" && err !== null) {
      const code = httpErrorCode(err as { type?: unknown; status?: unknown });
      if (code !== undefined) {
        const detail =
          code === "payload_too_large"
            ? `the request body exceeds the limit of ${config.bodyLimit} bytes`
            : (HTTP_DETAIL[code] ?? "the request could not be read");
        result = { body: problem(code, detail), headers: {}, unexpected: false };
      }
    }
    if (result.unexpected) logger.error({ err, ...loggedRequest(req) }, "unexpected error");
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(result.body.status).set(result.headers).type("application/problem+json").send(JSON.stringify(result.body));
  };
  app.use(onError);
  return app;
}
