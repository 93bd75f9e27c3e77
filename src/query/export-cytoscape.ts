// exportCytoscape: Cytoscape.js elements JSON of a graph script — `{ elements: { nodes, edges } }`,
// loadable with `cytoscape({ elements })` — with every step attribute in `data` (label, optional,
// repeatable, written, support, frequency, position, sub-procedure link) and every precedence
// edge with its support, confidence and origin (and habit: true for an order the check does not enforce). START and END are nodes of kind "start"/"end".
// Namespaced ids of an expanded script ("parent/child") become children of a compound node
// for their prefix (kind "group"), so a viewer can draw the sub-procedure as a box.
import { END, START, type GraphScript } from "../model/index.js";

export interface CytoscapeNodeData {
  id: string;
  label: string;
  kind: "start" | "end" | "step" | "group";
  parent?: string;
  position?: number;
  written?: boolean;
  optional?: boolean;
  repeatable?: boolean;
  support?: number;
  frequency?: number;
  subprocedure?: string;
  subprocedureVersion?: number;
}

export interface CytoscapeEdgeData {
  id: string;
  source: string;
  target: string;
  support: number;
  confidence: number;
  origin: string;
  /** The runs keep this order, but it is not enforced by the check (src/discovery/habit-edges.ts). */
  habit?: true;
}

export interface CytoscapeDocument {
  data: { procedure: string; version: number; title: string; traceCount: number };
  elements: { nodes: { data: CytoscapeNodeData }[]; edges: { data: CytoscapeEdgeData }[] };
}

function prefixOf(id: string): string | undefined {
  const i = id.lastIndexOf("/");
  return i > 0 ? id.slice(0, i) : undefined;
}

export function exportCytoscape(script: GraphScript): CytoscapeDocument {
  const stepIds = new Set(script.steps.map((s) => s.id));
  const groups = new Map<string, CytoscapeNodeData>();
  // NOTE: a group node gets the prefix as id unless a step already has that id (the expanded
  // parent step kept in the graph); then the group id is suffixed so ids stay unique.
  const groupId = (prefix: string): string => (stepIds.has(prefix) ? `${prefix}#group` : prefix);
  const ensureGroup = (prefix: string): string => {
    const id = groupId(prefix);
    if (!groups.has(id)) {
      const parent = prefixOf(prefix);
      const data: CytoscapeNodeData = { id, label: prefix, kind: "group" };
      if (parent !== undefined) data.parent = ensureGroup(parent);
      groups.set(id, data);
    }
    return id;
  };
  const nodes: { data: CytoscapeNodeData }[] = [
    { data: { id: START, label: "START", kind: "start" } },
    { data: { id: END, label: "END", kind: "end" } },
  ];
  for (const s of script.steps) {
    const data: CytoscapeNodeData = {
      id: s.id,
      label: s.text || s.id,
      kind: "step",
      position: s.position,
      written: s.written,
      optional: s.optional,
      repeatable: s.repeatable,
      support: s.support,
      frequency: s.frequency,
    };
    const prefix = prefixOf(s.id);
    if (prefix !== undefined) data.parent = ensureGroup(prefix);
    if (s.subprocedure !== undefined) data.subprocedure = s.subprocedure;
    if (s.subprocedureVersion !== undefined) data.subprocedureVersion = s.subprocedureVersion;
    nodes.push({ data });
  }
  for (const g of groups.values()) nodes.push({ data: g });
  const edges = script.edges.map((e, i) => ({
    data: { id: `e${i}`, source: e.from, target: e.to, support: e.support, confidence: e.confidence, origin: e.origin, ...(e.habit === true ? { habit: true as const } : {}) },
  }));
  return {
    data: { procedure: script.procedure, version: script.version, title: script.title, traceCount: script.traceCount },
    elements: { nodes, edges },
  };
}
