// Graph-script routes: induce explicitly (with options), get the latest script of a version,
// and export it as JSON, DOT, Mermaid or Cytoscape JSON — with sub-procedures expanded
// `depth` levels deep.
import {
  CytoscapeExportSchema,
  ExportQuerySchema,
  GraphScriptQuerySchema,
  GraphScriptSchema,
  GraphScriptViewsResponseSchema,
  InduceRequestSchema,
  ProcedureParamsSchema,
  VersionQuerySchema,
} from "../../src/model/api.js";
import { branchingPoints, exclusiveAlternatives, interchangeableGroups } from "../../src/discovery/derived-views.js";
import { exportCytoscape } from "../../src/query/export-cytoscape.js";
import { exportDot } from "../../src/query/export-dot.js";
import { exportMermaid } from "../../src/query/export-mermaid.js";
import { z } from "zod";
import { requireProcedure } from "../context.js";
import { defineRoute, type AnyRoute } from "../route.js";
import { versionKey } from "../services/graph-scripts.js";
import { expandedScript } from "../services/expanded-script.js";

const TAG = "graph scripts";

export const induceGraphScript = defineRoute({
  method: "post",
  path: "/v1/procedures/:id/graph-script",
  operationId: "induceGraphScript",
  summary: "Re-induce the graph script of a procedure version from all its traces",
  description:
    "Streams every stored trace of the version through induction with the given options (absent: the options of the current script) and stores the result.",
  tag: TAG,
  access: "write",
  params: ProcedureParamsSchema,
  query: VersionQuerySchema,
  body: InduceRequestSchema,
  responses: { 200: { description: "The new graph script", schema: GraphScriptSchema } },
  errors: ["invalid_request", "procedure_not_found"],
  async handle({ params, query, body }, ctx) {
    const p = await requireProcedure(ctx, params.id, query.version);
    const script = await ctx.locks.run(versionKey(p.id, p.version), () => ctx.scripts.rebuildLocked(p, body.options));
    return { status: 200, json: script };
  },
});

export const getGraphScript = defineRoute({
  method: "get",
  path: "/v1/procedures/:id/graph-script",
  operationId: "getGraphScript",
  summary: "Get the graph script of a procedure version (induced on first use)",
  tag: TAG,
  access: "read",
  params: ProcedureParamsSchema,
  query: GraphScriptQuerySchema,
  responses: { 200: { description: "The graph script", schema: GraphScriptSchema } },
  errors: ["invalid_request", "procedure_not_found"],
  async handle({ params, query }, ctx) {
    const p = await requireProcedure(ctx, params.id, query.version);
    return { status: 200, json: await expandedScript(ctx, p, query.depth) };
  },
});

const CONTENT_TYPES = {
  dot: "text/vnd.graphviz; charset=utf-8",
  mermaid: "text/vnd.mermaid; charset=utf-8",
} as const;

export const exportGraphScript = defineRoute({
  method: "get",
  path: "/v1/procedures/:id/graph-script/export",
  operationId: "exportGraphScript",
  summary: "Export the graph script as JSON, DOT (Graphviz), Mermaid or Cytoscape JSON",
  tag: TAG,
  access: "read",
  params: ProcedureParamsSchema,
  query: ExportQuerySchema,
  responses: {
    200: {
      description: "The export: application/json for json and cytoscape, text for dot and mermaid",
      content: {
        "application/json": z.union([GraphScriptSchema, CytoscapeExportSchema]),
        "text/vnd.graphviz": z.string(),
        "text/vnd.mermaid": z.string(),
      },
    },
  },
  errors: ["invalid_request", "procedure_not_found"],
  async handle({ params, query }, ctx, _req, res) {
    const p = await requireProcedure(ctx, params.id, query.version);
    const script = await expandedScript(ctx, p, query.depth);
    const base = `${p.id}-v${p.version}`.replace(/[^A-Za-z0-9._-]+/g, "_");
    const ext = { json: "json", cytoscape: "cy.json", dot: "dot", mermaid: "mmd" }[query.format];
    res.setHeader("Content-Disposition", `inline; filename="${base}.${ext}"`);
    switch (query.format) {
      case "json":
        return { status: 200, json: script };
      case "cytoscape":
        return { status: 200, json: exportCytoscape(script) };
      case "dot":
        return { status: 200, text: exportDot(script), contentType: CONTENT_TYPES.dot };
      case "mermaid":
        return { status: 200, text: exportMermaid(script), contentType: CONTENT_TYPES.mermaid };
    }
  },
});

export const getGraphScriptViews = defineRoute({
  method: "get",
  path: "/v1/procedures/:id/graph-script/views",
  operationId: "getGraphScriptViews",
  summary: "Derived views of the graph script: interchangeable groups, exclusive alternatives, branching points",
  description: "Computed from the stored graph script on each request, never stored (DESIGN.md, Semantics).",
  tag: TAG,
  access: "read",
  params: ProcedureParamsSchema,
  query: VersionQuerySchema,
  responses: { 200: { description: "The derived views", schema: GraphScriptViewsResponseSchema } },
  errors: ["invalid_request", "procedure_not_found"],
  async handle({ params, query }, ctx) {
    const p = await requireProcedure(ctx, params.id, query.version);
    const script = await ctx.scripts.get(p);
    return {
      status: 200,
      json: {
        procedure: p.id,
        version: p.version,
        interchangeable: interchangeableGroups(script),
        exclusive: exclusiveAlternatives(script),
        branching: branchingPoints(script),
      },
    };
  },
});

export const graphScriptRoutes: AnyRoute[] = [induceGraphScript, getGraphScript, getGraphScriptViews, exportGraphScript];
