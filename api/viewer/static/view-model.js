// View model of the shown procedure: the nodes and edges to draw for a graph script and the
// scripts of the sub-procedure steps the user expanded in place. Returns flat lists where an
// expanded step is a "container" node and its sub-procedure's steps name it as `parent`.
// Each step node carries its wrapped label, its tag line (optional, repeatable, details), its
// badges — one per interchangeable group ("⇄A") and one per exclusive alternative ("◇1") it
// belongs to, exactly as the API's derived views list them (GET .../graph-script/views; a step
// in several groups gets several badges) — its size for the layout, and the classes that the
// style sheet (graph-style.js) draws.
// The shown procedure's own level goes through the frequency filter (filter.js) when a share is
// given; expanded sub-procedures are drawn whole. Inside a container the sub-procedure's START
// and END are left out: the container's incoming and outgoing arrows play their part.
// Assumes scripts are GraphScript JSON (src/model/graph-script.ts) with `views` attached.
import { filterScript } from "./filter.js";

const START = "START";
const END = "END";

export const FONT_SIZE = 13;
export const FONT = `${FONT_SIZE}px sans-serif`;
export const LINE_HEIGHT = 16;
export const STEP_WIDTH = 190;
/** Width of the text inside a step box; labels are wrapped here, cytoscape never re-wraps them. */
export const TEXT_WIDTH = STEP_WIDTH - 20;
export const BADGE_HEIGHT = 20;
export const BADGE_GAP = 4;
const BADGE_PAD = 6;
const BOX_PAD_Y = 7;
export const CONTAINER_PADDING = { top: 42, left: 16, bottom: 16, right: 16 };
const MAX_LABEL_CHARS = 110;
const MAX_CONTAINER_TITLE = 460;
/** Colours of interchangeable-group badges, by group index. */
export const GROUP_COLOURS = ["#fff3c4", "#d7f0ff", "#e6dcff", "#ffe0ec", "#dff5e1", "#ffe6cc", "#e0f2f1", "#f0f4c3"];

/** Key of a node path (step ids from the shown procedure down), used for expansion state. */
export function pathKey(path) {
  return JSON.stringify(path);
}

export function nodeId(path) {
  return `n${JSON.stringify(path)}`;
}

/** Letter of the i-th interchangeable group: A…Z, then AA, AB… */
export function groupLetter(i) {
  let s = "";
  let n = i;
  do {
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
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

/** Per step id: the indexes of the groups (lists of step ids) it is in, in list order. */
function membership(groups) {
  const of = new Map();
  groups.forEach((g, i) => {
    for (const id of g) of.set(id, [...(of.get(id) ?? []), i]);
  });
  return of;
}

/**
 * @param {any} script the shown procedure's graph script (with `views`)
 * @param {{ expanded: Set<string>, subScript: (step: any) => ({ script?: any, error?: string, loading?: boolean }),
 *   measure: (text: string) => number, share?: {activities: number, paths: number} }} ctx
 * @returns {{ nodes: any[], edges: any[], filter: any, levels: any[] }}
 */
export function buildView(script, ctx) {
  const nodes = [];
  const edges = [];
  const levels = [];
  let edgeCount = 0;
  let filter;
  addLevel(script, [], undefined, 0);
  return { nodes, edges, filter, levels };

  function addLevel(s, prefix, parentId, depth) {
    const top = depth === 0;
    const groups = s.views?.interchangeable ?? [];
    const choices = s.views?.exclusive ?? [];
    const groupsOf = membership(groups);
    const choicesOf = membership(choices);
    const level = { key: pathKey(prefix), procedure: s.procedure, version: s.version, title: s.title, groups, choices, parent: parentId };
    levels.push(level);
    const levelSteps = new Map(s.steps.map((x) => [x.id, x]));
    const shown = top && ctx.share && s.traceCount > 0 ? filterScript(s, ctx.share) : undefined;
    if (top) filter = shown;
    const idOf = new Map();

    if (top) {
      for (const t of [START, END]) {
        const id = nodeId([t]);
        idOf.set(t, id);
        nodes.push({
          id, kind: t === START ? "start" : "end", path: [t], depth, procedure: s.procedure, version: s.version,
          step: { id: t, text: t }, label: t, width: 70, height: 30, classes: ["terminal"], badges: [], level,
        });
      }
    }
    const steps = [...(shown ? shown.steps : s.steps)].sort((a, b) => a.position - b.position);
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
      const badges = [
        ...(groupsOf.get(step.id) ?? []).map((i) => ({ kind: "group", index: i, label: `⇄${groupLetter(i)}` })),
        ...(choicesOf.get(step.id) ?? []).map((i) => ({ kind: "choice", index: i, label: `◇${i + 1}` })),
      ];
      for (const b of badges) b.width = Math.ceil(ctx.measure(b.label)) + 2 * BADGE_PAD;
      if (badges.some((b) => b.kind === "group")) classes.push("grouped");
      if (badges.some((b) => b.kind === "choice")) classes.push("alternative");
      const title = `${stepNumber(step)}${shorten(stepTitle(step), MAX_LABEL_CHARS)}`;
      const node = {
        id, kind: "step", path, depth, procedure: s.procedure, version: s.version, traceCount: s.traceCount, step, parent: parentId,
        classes, tags, title, badges, level, levelSteps,
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
        node.badgesWidth = badges.reduce((w, b) => w + b.width + BADGE_GAP, 0);
        // Room in the title bar for the title (bold), up to a limit: wider containers read better
        // than cut titles, but a long sub-procedure title is cut rather than widening the page.
        node.titleWidth = Math.min(MAX_CONTAINER_TITLE, Math.ceil((ctx.measureBold ?? ctx.measure)(node.label)));
        nodes.push(node);
        addLevel(sub.script, path, id, depth + 1);
        continue;
      }
      if (step.subprocedure !== undefined) {
        tags.push(sub?.loading ? "loading details…" : sub?.error ? "details unavailable" : "▸ details");
      }
      sizeStep(node);
      node.label = labelWithRun(node, [], ctx.measure);
      nodes.push(node);
    }
    const levelEdges = shown ? shown.edges : s.edges;
    for (const e of levelEdges) {
      if (!top && (e.from === START || e.to === END || e.from === END || e.to === START)) continue;
      const source = idOf.get(e.from);
      const target = idOf.get(e.to);
      if (source === undefined || target === undefined) continue;
      edges.push({
        id: `e${edgeCount++}`, source, target, parent: parentId, procedure: s.procedure, from: e.from, to: e.to,
        support: e.support, confidence: e.confidence, origin: e.origin, via: e.via, traceCount: s.traceCount,
        habit: e.habit === true,
        classes: [edgeClass(e.origin, e.habit === true)],
      });
    }
    // Arrow width grows with support, relative to the best-supported arrow of the level.
    const mine = edges.filter((e) => e.procedure === s.procedure && e.parent === parentId);
    const maxSupport = Math.max(1, ...mine.map((e) => e.support));
    for (const e of mine) e.width = e.origin === "traces" || e.origin === "both" ? 1.4 + 3.6 * Math.sqrt(e.support / maxSupport) : 1.4;
  }

  function sizeStep(node) {
    node.titleLines = wrapText(node.title, TEXT_WIDTH, ctx.measure);
    // NOTE: the tag line is sized with room for the run badge ("#12 ✗ · next 3") so that
    // checking a run re-labels nodes without a new layout.
    const tagText = ["#88 ✗ · … · #88 ✗ · next 8", ...node.tags].join(" · ");
    const lines = node.titleLines.length + wrapText(tagText, TEXT_WIDTH, ctx.measure).length;
    // Badges in rows under the text, left to right.
    let x = 0;
    let row = 0;
    for (const b of node.badges) {
      if (x > 0 && x + b.width > TEXT_WIDTH) {
        x = 0;
        row++;
      }
      b.dx = x;
      b.row = row;
      x += b.width + BADGE_GAP;
    }
    const badgeRows = node.badges.length > 0 ? row + 1 : 0;
    const textHeight = lines * LINE_HEIGHT;
    const badgeHeight = badgeRows * (BADGE_HEIGHT + BADGE_GAP);
    node.width = STEP_WIDTH;
    node.height = 2 * BOX_PAD_Y + textHeight + badgeHeight;
    // The label is centred on the box: move it up by half the badge area.
    node.labelDy = -badgeHeight / 2;
    node.badgeTop = BOX_PAD_Y + textHeight + BADGE_GAP / 2;
  }
}

export function edgeClass(origin, habit = false) {
  if (habit) return "habit";
  if (origin === "written") return "written-only";
  if (origin === "structural") return "structural";
  if (origin === "bridged") return "bridged";
  return "observed-edge";
}

/**
 * Badge boxes of a laid-out node, in absolute coordinates (centre, size): under the text of a
 * step, at the right end of a container's title bar.
 */
export function badgeBoxes(node, box) {
  if (!node.badges?.length) return [];
  if (node.kind === "container") {
    let x = box.x + box.width / 2 - CONTAINER_PADDING.right;
    const y = box.y - box.height / 2 + CONTAINER_PADDING.top / 2;
    return [...node.badges].reverse().map((b) => {
      x -= b.width;
      const out = { badge: b, x: x + b.width / 2, y, width: b.width, height: BADGE_HEIGHT };
      x -= BADGE_GAP;
      return out;
    }).reverse();
  }
  const left = box.x - box.width / 2 + (box.width - TEXT_WIDTH) / 2;
  const top = box.y - box.height / 2 + node.badgeTop;
  return node.badges.map((b) => ({
    badge: b,
    x: left + b.dx + b.width / 2,
    y: top + b.row * (BADGE_HEIGHT + BADGE_GAP) + BADGE_HEIGHT / 2,
    width: b.width,
    height: BADGE_HEIGHT,
  }));
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
