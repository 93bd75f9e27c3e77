// Viewer router: serves the procedure graph viewer (issues 7 and 16) at `/` and its assets under
// `/viewer/*`. The page is plain HTML + ES modules with no build step; the drawing and layout
// libraries are served straight from node_modules (cytoscape, cytoscape-svg, elkjs), so the page
// never asks any host but the server it came from. A strict Content-Security-Policy on the page
// makes the browser refuse anything else.
// With the app's context, the page is sent with the data of its first picture inside it
// (page-data.ts: the graph script and derived views of `?procedure=`, or the procedure list),
// so it draws before its load event without a request of its own.
// Assumes it is mounted at the application root: `app.use(createViewerRouter(ctx))`.
import { readFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import express from "express";
import type { AppContext } from "../context.js";
import { projectRoot } from "../project-root.js";
import { pageData, scriptJson } from "./page-data.js";

const STATIC_DIR = path.join(projectRoot(), "api", "viewer", "static");
const require = createRequire(import.meta.url);
/** Where index.html receives the page's data. */
const DATA_SLOT = '<script type="application/json" id="page-data">null</script>';

/** Vendor files served under /viewer/vendor/<name>, resolved once from node_modules. */
function vendorFiles(): Record<string, string> {
  const cytoscapeDist = path.dirname(require.resolve("cytoscape"));
  return {
    "cytoscape.min.js": path.join(cytoscapeDist, "cytoscape.min.js"),
    "cytoscape-svg.js": require.resolve("cytoscape-svg"),
  };
}

/**
 * elkjs's layout engine for the page's own thread. elk-worker.min.js is written to run as a Web
 * Worker, or under Node as a "FakeWorker" module; in a page it would spill its thousands of
 * top-level names into `window`. Wrapped in a function with a `module` object, it takes its
 * Node branch and exports its FakeWorker class, published as `ElkSync`; layout.js calls that
 * class's dispatcher directly, which lays out synchronously (the FakeWorker's own postMessage
 * only adds a setTimeout).
 */
function elkSyncScript(): string {
  const file = require.resolve("elkjs/lib/elk-worker.min.js");
  const version = (require("elkjs/package.json") as { version: string }).version;
  const source = readFileSync(file, "utf8");
  return (
    `/* elkjs ${version} (EPL-2.0, https://github.com/kieler/elkjs): lib/elk-worker.min.js, wrapped by stepgraph's viewer router (api/viewer/router.ts). */\n` +
    `(function () {\nvar module = { exports: {} };\nvar exports = module.exports;\n${source}\n;globalThis.ElkSync = module.exports.Worker;\n})();\n`
  );
}

// NOTE: 'unsafe-inline' for styles only: cytoscape and the page set element styles; scripts
// stay 'self'. img-src allows data:/blob: for the PNG/SVG exports.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'self'",
].join("; ");

export function createViewerRouter(ctx?: AppContext): express.Router {
  const router = express.Router();
  const vendor = vendorFiles();
  const page = readFileSync(path.join(STATIC_DIR, "index.html"), "utf8");
  if (!page.includes(DATA_SLOT)) throw new Error(`api/viewer/static/index.html lacks ${DATA_SLOT}`);
  let elkSync: string | undefined;

  const sendPage: express.RequestHandler = async (req, res, next) => {
    try {
      const data = ctx === undefined ? undefined : await pageData(ctx, req, res);
      res.setHeader("Content-Security-Policy", CSP);
      res.setHeader("Cache-Control", "no-cache");
      res.type("html").send(page.replace(DATA_SLOT, `<script type="application/json" id="page-data">${scriptJson(data)}</script>`));
    } catch (e) {
      next(e);
    }
  };
  router.get("/", sendPage);
  router.get("/viewer", sendPage);
  router.get("/viewer/", sendPage);
  router.get("/viewer/index.html", sendPage);

  router.get("/viewer/vendor/elk-sync.js", (_req, res) => {
    elkSync ??= elkSyncScript();
    res.setHeader("Cache-Control", "public, max-age=3600");
    res.type("application/javascript").send(elkSync);
  });
  router.get("/viewer/vendor/:file", (req, res, next) => {
    const file = vendor[req.params.file];
    if (file === undefined) return next();
    res.setHeader("Cache-Control", "public, max-age=3600");
    res.type("application/javascript");
    res.sendFile(file);
  });

  router.use("/viewer", express.static(STATIC_DIR, { index: false, fallthrough: true, maxAge: 0 }));
  return router;
}
