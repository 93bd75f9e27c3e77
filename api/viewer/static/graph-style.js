// Cytoscape style sheet of the viewer: the visual language explained by the legend.
// Required step: solid dark border. Optional: dashed grey border. Repeatable: double border.
// Same pastel fill + "⇄ any order X": interchangeable group. "◇ choice N" + orange border:
// exclusive alternatives. Purple border + "▸ details": step detailed by a sub-procedure
// (click to expand in place). Edge thickness grows with support; dashed = written order only.
// Run check: green = allowed, red = violating, blue = ranked next steps.
export const COLORS = {
  ink: "#1b1f23",
  required: "#37474f",
  optional: "#78909c",
  sub: "#5e35b1",
  alternative: "#e65100",
  edge: "#455a64",
  writtenEdge: "#90a4ae",
  structuralEdge: "#b0bec5",
  ok: "#2e7d32",
  okFill: "#c8e6c9",
  bad: "#c62828",
  badFill: "#ffcdd2",
  next: "#1565c0",
  nextFill: "#e3f2fd",
  focus: "#ff8f00",
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
      "font-family": "sans-serif",
      "font-size": 13,
      "line-height": 1.2,
      color: COLORS.ink,
      "background-color": "data(fill)",
      "border-width": 1.5,
      "border-color": COLORS.required,
      "z-index-compare": "manual",
      "z-index": 20,
    },
  },
  { selector: "node.optional", style: { "border-style": "dashed", "border-color": COLORS.optional, color: "#37474f" } },
  { selector: "node.repeatable", style: { "border-style": "double", "border-width": 4.5 } },
  { selector: "node.observed", style: { "font-style": "italic" } },
  { selector: "node.alternative", style: { "border-color": COLORS.alternative, "border-width": 2.5 } },
  { selector: "node.has-sub", style: { "border-color": COLORS.sub, "border-width": 2.5 } },
  {
    selector: "node.terminal",
    style: { shape: "round-rectangle", color: "#ffffff", "font-weight": "bold", "border-width": 0, "text-max-width": 60 },
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
      "text-margin-y": 24,
      "text-margin-x": "data(labelDx)",
      "text-wrap": "ellipsis",
      "font-weight": "bold",
      "z-index": "data(z)",
    },
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
  {
    selector: "edge.written-only",
    style: { "line-style": "dashed", "line-dash-pattern": [6, 4], "line-color": COLORS.writtenEdge, "target-arrow-color": COLORS.writtenEdge },
  },
  { selector: "edge.structural", style: { "line-color": COLORS.structuralEdge, "target-arrow-color": COLORS.structuralEdge } },
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
