// Cytoscape style sheet of the viewer: the visual language the legend (legend.js) explains.
// Required step: solid dark border. Optional: dashed grey border. Repeatable: double border.
// Badges under a step's text: "⇄A" (pastel, one colour per group) = in any-order group A,
// "◇1" (orange) = in either/or choice 1, one badge per group the API lists. Purple border +
// "▸ details": step detailed by a sub-procedure (click to expand in place).
// Arrows: solid, thicker with more traces = order the traces support; dashed = from the step
// list's order only; thin light = START/END links; dotted = order through hidden steps;
// dashed teal = a habit (the traces keep the order, the check does not enforce it).
// Run check: green = allowed, red = violating, blue = ranked next steps.
// Every text is FONT_SIZE px at zoom 1 (view-model.js), so its size on screen is FONT_SIZE × zoom.
import { FONT_SIZE, GROUP_COLOURS } from "./view-model.js";

export const COLORS = {
  ink: "#1b1f23",
  required: "#37474f",
  optional: "#78909c",
  sub: "#5e35b1",
  alternative: "#e65100",
  alternativeFill: "#fff0e0",
  edge: "#455a64",
  writtenEdge: "#78909c",
  structuralEdge: "#b0bec5",
  bridgedEdge: "#8d6e63",
  habitEdge: "#00897b",
  ok: "#2e7d32",
  okFill: "#c8e6c9",
  bad: "#c62828",
  badFill: "#ffcdd2",
  next: "#1565c0",
  nextFill: "#e3f2fd",
  focus: "#ff8f00",
};

/** Line style of each edge class, shared with the legend so that the two cannot differ. */
export const EDGE_STYLES = {
  "observed-edge": { "line-style": "solid", "line-color": COLORS.edge },
  "written-only": { "line-style": "dashed", "line-color": COLORS.writtenEdge },
  structural: { "line-style": "solid", "line-color": COLORS.structuralEdge },
  bridged: { "line-style": "dotted", "line-color": COLORS.bridgedEdge },
  habit: { "line-style": "dashed", "line-color": COLORS.habitEdge },
};

export const graphStyle = [
  {
    selector: "node",
    style: {
      shape: "round-rectangle",
      width: "data(width)",
      height: "data(height)",
      label: "data(label)",
      "text-wrap": "wrap",
      "text-max-width": "data(textWidth)",
      "text-valign": "center",
      "text-halign": "center",
      "text-margin-y": (n) => n.data("labelDy") ?? 0,
      "font-family": "sans-serif",
      "font-size": FONT_SIZE,
      "line-height": 1.2,
      color: COLORS.ink,
      "background-color": "#ffffff",
      "border-width": 1.5,
      "border-color": COLORS.required,
      "z-index-compare": "manual",
      "z-index": 20,
    },
  },
  { selector: "node.optional", style: { "border-style": "dashed", "border-color": COLORS.optional, color: "#37474f" } },
  { selector: "node.repeatable", style: { "border-style": "double", "border-width": 4.5 } },
  { selector: "node.observed", style: { "font-style": "italic" } },
  { selector: "node.has-sub", style: { "border-color": COLORS.sub, "border-width": 2.5 } },
  {
    selector: "node.terminal",
    style: { color: "#ffffff", "background-color": "#263238", "font-weight": "bold", "border-width": 0, "text-max-width": 64 },
  },
  {
    selector: "node.container",
    style: {
      "background-color": "#f6f2fc",
      "background-opacity": 1,
      "border-color": COLORS.sub,
      "border-width": 2,
      "border-style": "solid",
      "text-valign": "top",
      "text-halign": "center",
      "text-margin-y": 27,
      "text-margin-x": "data(labelDx)",
      "text-wrap": "ellipsis",
      "font-weight": "bold",
      "z-index": "data(z)",
    },
  },
  {
    selector: "node.badge",
    style: {
      shape: "round-rectangle",
      "text-wrap": "none",
      "text-margin-y": 0,
      "border-width": 1,
      "border-color": "#78909c",
      "background-color": (n) => GROUP_COLOURS[(n.data("group") ?? 0) % GROUP_COLOURS.length],
      "z-index": 40,
      events: "no",
    },
  },
  {
    selector: "node.badge.choice",
    style: { "background-color": COLORS.alternativeFill, "border-color": COLORS.alternative, "border-width": 1.5, color: "#8a2d00" },
  },
  {
    selector: "edge",
    style: {
      // Routes computed by ELK (layout.js routeData), read through function mappers.
      "curve-style": (e) => e.data("curve") ?? "straight",
      "source-endpoint": (e) => e.data("srcEnd") ?? "outside-to-node",
      "target-endpoint": (e) => e.data("tgtEnd") ?? "outside-to-node",
      "edge-distances": "node-position",
      "segment-weights": (e) => e.data("segw") ?? "0.5",
      "segment-distances": (e) => e.data("segd") ?? "0",
      width: "data(width)",
      "line-color": COLORS.edge,
      "target-arrow-shape": "triangle",
      "target-arrow-color": COLORS.edge,
      "arrow-scale": 0.8,
      "z-index-compare": "manual",
      "z-index": 10,
    },
  },
  ...Object.entries(EDGE_STYLES).map(([cls, s]) => ({
    selector: `edge.${cls}`,
    style: {
      ...s,
      "target-arrow-color": s["line-color"],
      ...(s["line-style"] === "dashed" ? { "line-dash-pattern": [6, 4] } : {}),
      ...(s["line-style"] === "dotted" ? { "line-dash-pattern": [2, 3] } : {}),
    },
  })),
  { selector: "node.run-ok", style: { "background-color": COLORS.okFill, "border-color": COLORS.ok, "border-width": 3 } },
  { selector: "node.run-bad", style: { "background-color": COLORS.badFill, "border-color": COLORS.bad, "border-width": 4 } },
  { selector: "node.next", style: { "background-color": COLORS.nextFill, "border-color": COLORS.next, "border-width": 4 } },
  { selector: "edge.hover", style: { "line-color": COLORS.focus, "target-arrow-color": COLORS.focus } },
  {
    selector: "node.focused",
    style: { "overlay-color": COLORS.focus, "overlay-opacity": 0.28, "overlay-padding": 6, "overlay-shape": "round-rectangle" },
  },
  { selector: "node.container.focused", style: { "overlay-opacity": 0, "border-color": COLORS.focus, "border-width": 3 } },
];
