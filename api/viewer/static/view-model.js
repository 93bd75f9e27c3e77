// View model of the shown procedure: the nodes and edges to draw for a graph script and the
// scripts of the sub-procedure steps the user expanded in place. Returns flat lists where an
// expanded step is a "container" node and its sub-procedure's steps name it as `parent`.
// Each node carries its label, tag line (optional, any-order group, choice, details), size
// for the layout, and the classes that the style sheet (graph-style.js) draws.
// Assumes scripts are GraphScript JSON (src/model/graph-script.ts): steps, edges with support
// and confidence, START and END. Inside a container the sub-procedure's own START and END are
// left out: the container's incoming and outgoing edges play their part.
const START = "START";
const END = "END";

export const STEP_WIDTH = 180;
export const LINE_HEIGHT = 16;
export const FONT = "13px sans-serif";
export const CONTAINER_PADDING = { top: 38, left: 16, bottom: 16, right: 16 };
const MAX_LABEL_CHARS = 110;
/** Width of the text inside a step box; labels are wrapped here, cytoscape never re-wraps them. */
export const TEXT_WIDTH = STEP_WIDTH - 20;
/** Pastel fills of interchangeable groups (same colour = may be done in any order). */
export const GROUP_FILLS = ["#fff3c4", "#d7f0ff", "#e6dcff", "#ffe0ec", "#dff5e1", "#ffe6cc", "#e0f2f1", "#f0f4c3"];
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Key of a node path (step ids from the shown procedure down), used for expansion state. */
export function pathKey(path) {
  return JSON.stringify(path);
}

/** Greedy word wrap in `maxWidth` px; long words are cut anywhere. Returns the lines. */
export function wrapText(text, maxWidth, measure) {
  const lines = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = "";
    let rest = word;
    while (measure(rest) > maxWidth) {
      let cut = rest.length - 1;
      while (cut > 1 && measure(rest.slice(0, cut)) > maxWidth) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [""];
}

function shorten(text, max) {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
}

/** Words shown for a step: its text, or its id when the text is empty. */
export function stepTitle(step) {
  return (step.text && step.text.trim()) || step.id;
}

function stepNumber(step) {
  return step.written ? `${step.position + 1}. ` : "+ ";
}

/**
 * @param {any} script the shown procedure's graph script
 * @param {{ expanded: Set<string>, subScript: (step: any) => ({ script?: any, error?: string, loading?: boolean }),
 *   measure: (text: string) => number }} ctx
 */
export function buildView(script, ctx) {
  const nodes = [];
  const edges = [];
  let edgeCount = 0;
  addLevel(script, [], undefined, 0);
  return { nodes, edges };

  function addLevel(s, prefix, parentId, depth) {
    const groups = componentsOf(s.views?.interchangeable ?? []);
    const alternatives = componentsOf(s.views?.exclusive ?? []);
    const maxSupport = Math.max(1, ...s.edges.map((e) => e.support));
    const levelSteps = new Map(s.steps.map((x) => [x.id, x]));
    const idOf = new Map();
    const top = depth === 0;

    if (top) {
      for (const t of [START, END]) {
        const id = nodeId([t]);
        idOf.set(t, id);
        nodes.push({
          id, kind: t === START ? "start" : "end", path: [t], depth, procedure: s.procedure, version: s.version,
          step: { id: t, text: t }, label: t, width: 64, height: 30, classes: ["terminal"], fill: "#263238",
        });
      }
    }
    const steps = [...s.steps].sort((a, b) => a.position - b.position);
    for (const step of steps) {
      const path = [...prefix, step.id];
      const id = nodeId(path);
      idOf.set(step.id, id);
      const classes = ["step"];
      const tags = [];
      if (step.optional) {
        classes.push("optional");
        tags.push("optional");
      }
      if (step.repeatable) {
        classes.push("repeatable");
        tags.push("↻ repeatable");
      }
      if (!step.written) classes.push("observed");
      const g = groups.of.get(step.id);
      if (g !== undefined) {
        classes.push("grouped");
        tags.push(`⇄ any order ${LETTERS[g % 26]}`);
      }
      const a = alternatives.of.get(step.id);
      if (a !== undefined) {
        classes.push("alternative");
        tags.push(`◇ choice ${a + 1}`);
      }
      const title = `${stepNumber(step)}${shorten(stepTitle(step), MAX_LABEL_CHARS)}`;
      const node = {
        id, kind: "step", path, depth, procedure: s.procedure, version: s.version, traceCount: s.traceCount, step, parent: parentId,
        classes, fill: g !== undefined ? GROUP_FILLS[g % GROUP_FILLS.length] : "#ffffff", tags, title,
        levelSteps,
        anyOrderWith: [...(groups.partners.get(step.id) ?? [])],
        eitherOr: [...(alternatives.partners.get(step.id) ?? [])],
      };
      const expanded = step.subprocedure !== undefined && ctx.expanded.has(pathKey(path));
      const sub = expanded ? ctx.subScript(step) : undefined;
      if (step.subprocedure !== undefined) classes.push("has-sub");
      if (sub?.script) {
        node.kind = "container";
        node.classes = [...classes, "container"];
        node.subScript = sub.script;
        const same = sub.script.title.trim().toLowerCase() === stepTitle(step).trim().toLowerCase();
        node.label = same ? `▾ ${title}` : `▾ ${title}  —  ${shorten(sub.script.title, 60)}`;
        nodes.push(node);
        addLevel(sub.script, path, id, depth + 1);
        continue;
      }
      if (step.subprocedure !== undefined) {
        tags.push(sub?.loading ? "loading details…" : sub?.error ? `details unavailable` : "▸ details");
      }
      sizeStep(node);
      node.label = labelWithRun(node, [], ctx.measure);
      nodes.push(node);
    }
    for (const e of s.edges) {
      if (!top && (e.from === START || e.to === END || e.from === END || e.to === START)) continue;
      const source = idOf.get(e.from);
      const target = idOf.get(e.to);
      if (source === undefined || target === undefined) continue;
      const classes = [e.origin === "written" ? "written-only" : e.origin === "structural" ? "structural" : "observed-edge"];
      edges.push({
        id: `e${edgeCount++}`, source, target, parent: parentId, procedure: s.procedure, from: e.from, to: e.to,
        support: e.support, confidence: e.confidence, origin: e.origin, traceCount: s.traceCount,
        width: e.support > 0 ? 1.3 + 3.2 * Math.sqrt(e.support / maxSupport) : 1.3, classes,
      });
    }
  }

  function sizeStep(node) {
    node.titleLines = wrapText(node.title, TEXT_WIDTH, ctx.measure);
    // NOTE: the tag line is sized with room for the run badge ("#12 ✗ · next 3") so that
    // checking a run re-labels nodes without a new layout.
    const tagText = ["#88 ✗ · … · #88 ✗ · next 8", ...node.tags].join(" · ");
    const lines = node.titleLines.length + wrapText(tagText, TEXT_WIDTH, ctx.measure).length;
    node.width = STEP_WIDTH;
    node.height = 14 + lines * LINE_HEIGHT;
  }
}

/**
 * Groups for drawing: overlapping maximal groups (cliques) merged into components, so that
 * each step has one colour and one letter; `partners` keeps, per step, the steps it really
 * pairs with (for the tooltip).
 */
export function componentsOf(cliques) {
  const parent = new Map();
  const find = (x) => {
    while (parent.get(x) !== x) {
      parent.set(x, parent.get(parent.get(x)));
      x = parent.get(x);
    }
    return x;
  };
  const partners = new Map();
  for (const c of cliques) {
    for (const id of c) {
      if (!parent.has(id)) parent.set(id, id);
      const set = partners.get(id) ?? new Set();
      for (const other of c) if (other !== id) set.add(other);
      partners.set(id, set);
    }
    for (const id of c.slice(1)) parent.set(find(id), find(c[0]));
  }
  const index = new Map();
  const of = new Map();
  // Cliques come sorted by written position, so components are numbered in reading order.
  for (const c of cliques) {
    for (const id of c) {
      const root = find(id);
      if (!index.has(root)) index.set(root, index.size);
      of.set(id, index.get(root));
    }
  }
  return { of, partners, count: index.size };
}

function nodeId(path) {
  return `n${JSON.stringify(path)}`;
}

/**
 * Label of a step node: its wrapped title, then its tags with the run's badges (order and
 * verdict, next-step rank) in front, wrapped to the box; the box was sized for this.
 */
export function labelWithRun(node, runTags, measure) {
  if (node.kind !== "step") return node.label;
  const tags = [...runTags, ...node.tags].join(" · ");
  return [...node.titleLines, ...(tags ? wrapText(tags, TEXT_WIDTH, measure) : [])].join("\n");
}
