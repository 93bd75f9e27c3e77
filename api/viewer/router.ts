// Viewer router: serves the procedure graph viewer (issue 7) at `/` and its assets under
// `/viewer/*`. The page is plain HTML + ES modules with no build step; the layout and drawing
// libraries are served straight from node_modules (cytoscape, cytoscape-svg, elkjs: its API
// in the page, its layout engine in a Web Worker), so the page never asks any host but the server it came from. A strict
// Content-Security-Policy on the page makes the browser refuse anything else.
// Assumes it is mounted at the application root: `app.use(createViewerRouter())`.
import path from "node:path";
import { createRequire } from "node:module";
import express from "express";
import { projectRoot } from "../project-root.js";

const STATIC_DIR = path.join(projectRoot(), "api", "viewer", "static");
const require = createRequire(import.meta.url);

/** Vendor files served under /viewer/vendor/<name>, resolved once from node_modules. */
function vendorFiles(): Record<string, string> {
  const cytoscapeDist = path.dirname(require.resolve("cytoscape"));
  return {
    "cytoscape.min.js": path.join(cytoscapeDist, "cytoscape.min.js"),
    "elk-api.js": require.resolve("elkjs/lib/elk-api.js"),
    "elk-worker.min.js": require.resolve("elkjs/lib/elk-worker.min.js"),
    "cytoscape-svg.js": require.resolve("cytoscape-svg"),
  };
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

export function createViewerRouter(): express.Router {
  const router = express.Router();
  const vendor = vendorFiles();

  const sendPage: express.RequestHandler = (_req, res) => {
    res.setHeader("Content-Security-Policy", CSP);
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(path.join(STATIC_DIR, "index.html"));
  };
  router.get("/", sendPage);
  router.get("/viewer", sendPage);
  router.get("/viewer/", sendPage);
  router.get("/viewer/index.html", sendPage);

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
