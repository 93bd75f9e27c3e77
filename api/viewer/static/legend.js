// The legend: one entry per mark the canvas draws right now, and none for a mark it does not
// draw. Arrow entries take their line style from graph-style.js's EDGE_STYLES, the table the
// canvas is styled with, so an entry's swatch and the arrows it explains cannot differ.
import { COLORS, EDGE_STYLES } from "./graph-style.js";
import { GROUP_COLOURS } from "./view-model.js";

const EDGE_WORDS = {
  "observed-edge": "must come before, as the traces show; thicker = more traces",
  "written-only": "must come before, from the step list's order only: no trace shows it",
  structural: "links the first and last steps to START and END",
  bridged: "comes before, through steps the filter hides",
  habit: "usually comes before: the traces keep this order, too few to rule out a habit; the check does not enforce it",
};

function swatch(className, style) {
  const s = document.createElement("span");
  s.className = className;
  if (style) Object.assign(s.style, style);
  return s;
}

function entry(parts, text, data) {
  const li = document.createElement("li");
  for (const p of parts) li.append(p);
  li.append(text);
  for (const [k, v] of Object.entries(data ?? {})) li.dataset[k] = v;
  return li;
}

/**
 * @param {HTMLElement} ul the legend list
 * @param {any} cy the cytoscape instance (what is drawn)
 * @param {{ runShown: boolean }} options
 */
export function renderLegend(ul, cy, { runShown }) {
  const items = [];
  const has = (sel) => cy.elements(sel).nonempty();
  const hasNode = (pred) => cy.nodes().some(pred);
  if (hasNode((n) => n.hasClass("step") && !n.hasClass("optional") && !n.hasClass("container"))) items.push(entry([swatch("sw sw-required")], "required step", { node: "required" }));
  if (has("node.optional")) items.push(entry([swatch("sw sw-optional")], "optional", { node: "optional" }));
  if (has("node.repeatable")) items.push(entry([swatch("sw sw-repeat")], "repeatable", { node: "repeatable" }));
  if (has("node.observed")) items.push(entry([swatch("sw sw-required")], "italic: seen only in traces", { node: "observed" }));
  if (hasNode((n) => n.hasClass("has-sub") && !n.hasClass("container"))) items.push(entry([swatch("sw sw-sub")], "▸ details: click to expand", { node: "has-sub" }));
  if (has("node.container")) items.push(entry([swatch("sw sw-container")], "expanded sub-procedure", { node: "container" }));
  if (has("node.badge.group")) {
    const b = swatch("badge-sw", { background: GROUP_COLOURS[0] });
    b.textContent = "⇄A";
    items.push(entry([b], "any order with the other steps marked ⇄A (one badge per group)", { node: "group" }));
  }
  if (has("node.badge.choice")) {
    const b = swatch("badge-sw badge-choice");
    b.textContent = "◇1";
    items.push(entry([b], "either/or: runs do one of the steps marked ◇1, never two", { node: "choice" }));
  }
  for (const [cls, style] of Object.entries(EDGE_STYLES)) {
    if (!has(`edge.${cls}`)) continue;
    const line = { borderTop: `2px ${style["line-style"]} ${style["line-color"]}` };
    const parts = [swatch("ln", line)];
    if (cls === "observed-edge") parts.push(swatch("ln", { borderTop: `5px solid ${style["line-color"]}` }));
    items.push(entry(parts, EDGE_WORDS[cls], { edge: cls }));
  }
  if (runShown) {
    items.push(entry([swatch("sw", { background: COLORS.okFill, borderColor: COLORS.ok, borderWidth: "3px" })], "run: allowed", { node: "run-ok" }));
    items.push(entry([swatch("sw", { background: COLORS.badFill, borderColor: COLORS.bad, borderWidth: "3px" })], "violating", { node: "run-bad" }));
    items.push(entry([swatch("sw", { background: COLORS.nextFill, borderColor: COLORS.next, borderWidth: "3px" })], "next 1: most likely next", { node: "next" }));
  }
  ul.replaceChildren(...items);
}
