// Reads a process tree in ProM's PTML format (the true models of the synthetic logs, aXX.ptml)
// and tells where two activities sit in it: the operator of their lowest common ancestor, which
// branch of it holds each, and whether a loop encloses both. Used only to explain the order
// evaluation's findings (eval/order-validity.ts), never by the product.
// PTML: node elements (sequence, and, xor, or, xorLoop, manualTask, automaticTask = tau) with ids,
// and <parentsNode sourceId=parent targetId=child/> elements whose file order is the children's
// order. An xorLoop has the children do, redo and exit.
// Assumes every visible label occurs once in the tree (true of a12–a42); a repeated label throws.
import { readFileSync } from "node:fs";
import { SaxesParser } from "saxes";

export type TreeOperator = "sequence" | "and" | "xor" | "or" | "loop" | "task" | "tau";

export interface TreeNode {
  id: string;
  operator: TreeOperator;
  /** The activity of a task. */
  label?: string;
  children: TreeNode[];
  parent?: TreeNode;
}

const OPERATORS: Record<string, TreeOperator> = {
  sequence: "sequence",
  and: "and",
  xor: "xor",
  or: "or",
  xorLoop: "loop",
  manualTask: "task",
  automaticTask: "tau",
};

export function parsePtml(xml: string, file = "ptml"): TreeNode {
  const nodes = new Map<string, TreeNode>();
  const links: [string, string][] = [];
  let root: string | undefined;
  const parser = new SaxesParser({ xmlns: false });
  parser.on("opentag", (tag) => {
    const a = tag.attributes as Record<string, string>;
    if (tag.name === "processTree") root = a.root;
    else if (tag.name === "parentsNode") {
      if (a.sourceId === undefined || a.targetId === undefined) throw new Error(`${file}: <parentsNode> without sourceId or targetId`);
      links.push([a.sourceId, a.targetId]);
    } else if (OPERATORS[tag.name] !== undefined) {
      if (a.id === undefined) throw new Error(`${file}: <${tag.name}> without id`);
      const operator = OPERATORS[tag.name]!;
      const node: TreeNode = { id: a.id, operator, children: [] };
      if (operator === "task") node.label = a.name ?? "";
      nodes.set(a.id, node);
    }
  });
  parser.write(xml).close();
  for (const [from, to] of links) {
    const p = nodes.get(from);
    const c = nodes.get(to);
    if (!p || !c) throw new Error(`${file}: <parentsNode> links unknown node ${p ? to : from}`);
    p.children.push(c);
    c.parent = p;
  }
  const top = root === undefined ? undefined : nodes.get(root);
  if (!top) throw new Error(`${file}: no root node`);
  return top;
}

export function readPtml(file: string): TreeNode {
  return parsePtml(readFileSync(file, "utf8"), file);
}

/** The task node of each label. */
export function leaves(root: TreeNode): Map<string, TreeNode> {
  const out = new Map<string, TreeNode>();
  const visit = (n: TreeNode): void => {
    if (n.operator === "task") {
      if (out.has(n.label!)) throw new Error(`process tree: label ${JSON.stringify(n.label)} occurs twice`);
      out.set(n.label!, n);
    }
    n.children.forEach(visit);
  };
  visit(root);
  return out;
}

/** pm4py's notation: ->( ), X( ), +( ), O( ), *( ), 'label', tau. */
export function treeText(n: TreeNode): string {
  if (n.operator === "task") return `'${n.label}'`;
  if (n.operator === "tau") return "tau";
  const sym = { sequence: "->", and: "+", xor: "X", or: "O", loop: "*" }[n.operator];
  return `${sym}( ${n.children.map(treeText).join(", ")} )`;
}

export interface PairPlacement {
  /** Operator of the lowest common ancestor. */
  operator: TreeOperator;
  /** Which child of it holds each activity (0-based; for a loop 0 = do, 1 = redo). */
  branchOfFirst: number;
  branchOfSecond: number;
  /** A loop above the common ancestor: the pair can recur in any order across iterations. */
  insideLoop: boolean;
  /** An xor or loop-redo between the common ancestor and each activity: it can be skipped. */
  firstSkippable: boolean;
  secondSkippable: boolean;
  /** Short text: e.g. "AND, different branches (in a loop)". */
  text: string;
}

function path(n: TreeNode): TreeNode[] {
  const out: TreeNode[] = [];
  for (let c: TreeNode | undefined = n; c; c = c.parent) out.unshift(c);
  return out;
}

/** Whether reaching `leaf` from `ancestor` passes a choice (xor/or, a loop's redo, a tau sibling in an xor). */
function skippable(ancestorPath: TreeNode[], from: number): boolean {
  for (let i = from; i < ancestorPath.length - 1; i++) {
    const n = ancestorPath[i]!;
    const child = ancestorPath[i + 1]!;
    if (n.operator === "xor" || n.operator === "or") return true;
    if (n.operator === "loop" && n.children.indexOf(child) !== 0) return true;
  }
  return false;
}

/** Where labels `a` and `b` sit relative to each other; undefined when either is not in the tree. */
export function pairPlacement(root: TreeNode, a: string, b: string): PairPlacement | undefined {
  const ls = leaves(root);
  const na = ls.get(a);
  const nb = ls.get(b);
  if (!na || !nb || a === b) return undefined;
  const pa = path(na);
  const pb = path(nb);
  let k = 0;
  while (k < pa.length && k < pb.length && pa[k] === pb[k]) k++;
  const lca = pa[k - 1]!;
  const branchOfFirst = lca.children.indexOf(pa[k]!);
  const branchOfSecond = lca.children.indexOf(pb[k]!);
  const insideLoop = pa.slice(0, k - 1).some((n) => n.operator === "loop");
  const firstSkippable = skippable(pa, k) || (lca.operator === "loop" && branchOfFirst !== 0);
  const secondSkippable = skippable(pb, k) || (lca.operator === "loop" && branchOfSecond !== 0);
  let text: string;
  switch (lca.operator) {
    case "and":
      text = "AND, different branches";
      break;
    case "sequence":
      text = branchOfFirst < branchOfSecond ? `sequence, ${a} first` : `sequence, ${b} first`;
      break;
    case "loop":
      text = `loop (${a} in ${["do", "redo", "exit"][branchOfFirst]}, ${b} in ${["do", "redo", "exit"][branchOfSecond]})`;
      break;
    case "xor":
      text = "XOR, exclusive branches";
      break;
    default:
      text = lca.operator;
  }
  if (insideLoop) text += ", inside a loop";
  return { operator: lca.operator, branchOfFirst, branchOfSecond, insideLoop, firstSkippable, secondSkippable, text };
}
