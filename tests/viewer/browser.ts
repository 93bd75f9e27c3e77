// Headless Chromium for the viewer tests (Debian's /usr/bin/chromium through playwright-core)
// and what the tests read from a drawn page: counts, the geometry checks of a process diagram
// (diagramReport), the badges drawn per step (drawnBadges) and screenshots.
// NOTE: page.evaluate callbacks run in the browser; the project compiles without the DOM lib,
// so they reach browser globals through `globalThis as any`.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"];
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const ARTIFACTS = path.join(ROOT, "test-artifacts/viewer");
// NOTE: poll on a timer: requestAnimationFrame polling (the default) stalls for seconds in
// headless Chromium once the canvas is idle.
export const POLL = { polling: 50, timeout: 20_000 };

export async function launch(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * A new page of `context` at `base + "/" + query`, once the viewer says it is ready; console
 * errors and warnings and page errors are added to `problems`.
 */
export async function openPage(context: BrowserContext, base: string, query: string, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${base}/${query}`);
  await page.waitForFunction(() => (globalThis as any).document.body.dataset.state === "ready", null, POLL);
  return page;
}

/** Waits until the viewer has drawn `n` graph nodes (badges not counted). */
export async function waitForNodes(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (k) => (globalThis as any).stepgraphViewer.cy.nodes().filter((x: any) => x.data("kind") !== "badge").length === k,
    n,
    POLL,
  );
}

/** Counts of what the canvas draws: graph nodes (no badges), edges, steps, containers, badges. */
export function drawn(page: Page): Promise<{ nodes: number; edges: number; steps: number; containers: number; badges: number }> {
  return page.evaluate(() => {
    const cy = (globalThis as any).stepgraphViewer.cy;
    return {
      nodes: cy.nodes().filter((n: any) => n.data("kind") !== "badge").length,
      edges: cy.edges().length,
      steps: cy.nodes('[kind = "step"]').length,
      containers: cy.nodes('[kind = "container"]').length,
      badges: cy.nodes('[kind = "badge"]').length,
    };
  });
}

export interface DiagramReport {
  /** Zoom of the canvas and the smallest node text on screen, in CSS px. */
  zoom: number;
  minTextPx: number;
  /** Node ids whose text is below 11 px on screen. */
  smallText: string[];
  /** Pairs of node boxes (badges included) that overlap, other than a box and what it contains. */
  overlaps: string[];
  /** Nodes whose label runs outside their own box. */
  labelsOutside: string[];
  /** Edge × node: a drawn segment of the edge crosses the box of a node it does not join. */
  edgesThroughNodes: string[];
  /** Edges whose target does not lie wholly after their source in the layout's direction. */
  backwardEdges: string[];
  /** Pairs of edges (not sharing an end) whose drawn segments cross (informative). */
  crossings: number;
}

/** The geometry checks of a readable process diagram, read from the drawn canvas. */
export function diagramReport(page: Page): Promise<DiagramReport> {
  return page.evaluate(() => {
    const viewer = (globalThis as any).stepgraphViewer;
    const cy = viewer.cy;
    const zoom = cy.zoom();
    const nodes = cy.nodes().toArray();
    const kind = (n: any): string => n.data("kind");
    const box = (n: any) => n.boundingBox({ includeLabels: false, includeOverlays: false });
    const pathOf = (id: string): string[] => JSON.parse(id.slice(1));
    /** Ids of the nodes that contain `n`: its containers and, for a badge, its owner too. */
    const containing = (n: any): Set<string> => {
      const out = new Set<string>();
      let p: string[];
      if (kind(n) === "badge") {
        out.add(n.data("owner"));
        p = pathOf(n.data("owner"));
      } else p = pathOf(n.id());
      for (let i = 1; i < p.length; i++) out.add(`n${JSON.stringify(p.slice(0, i))}`);
      return out;
    };
    const inside = new Map<string, Set<string>>(nodes.map((n: any) => [n.id(), containing(n)]));
    const meets = (a: any, b: any, tol: number) => a.x1 < b.x2 - tol && b.x1 < a.x2 - tol && a.y1 < b.y2 - tol && b.y1 < a.y2 - tol;

    const overlaps: string[] = [];
    for (let i = 0; i < nodes.length; i++)
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i];
        const b = nodes[j];
        if (inside.get(a.id())!.has(b.id()) || inside.get(b.id())!.has(a.id())) continue;
        if (meets(box(a), box(b), 1)) overlaps.push(`${a.id()} × ${b.id()}`);
      }

    const labelsOutside: string[] = [];
    let minTextPx = Infinity;
    const smallText: string[] = [];
    for (const n of nodes) {
      if (!n.data("label")) continue;
      const px = parseFloat(n.style("font-size")) * zoom;
      minTextPx = Math.min(minTextPx, px);
      if (px < 11 - 1e-9) smallText.push(`${n.id()}: ${px.toFixed(2)} px`);
      const b = box(n);
      const l = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false });
      if (l.x1 < b.x1 - 1 || l.x2 > b.x2 + 1 || l.y1 < b.y1 - 1 || l.y2 > b.y2 + 1) labelsOutside.push(n.id());
    }

    // Liang–Barsky: does segment p→q enter the rectangle r?
    const hits = (p: any, q: any, r: any): boolean => {
      let t0 = 0;
      let t1 = 1;
      const dx = q.x - p.x;
      const dy = q.y - p.y;
      const clip = (dir: number, room: number): boolean => {
        if (dir === 0) return room >= 0;
        const t = room / dir;
        if (dir < 0) {
          if (t > t1) return false;
          if (t > t0) t0 = t;
        } else {
          if (t < t0) return false;
          if (t < t1) t1 = t;
        }
        return true;
      };
      return clip(-dx, p.x - r.x1) && clip(dx, r.x2 - p.x) && clip(-dy, p.y - r.y1) && clip(dy, r.y2 - p.y) && t0 < t1;
    };
    const edgesThroughNodes: string[] = [];
    const backwardEdges: string[] = [];
    const lines: { id: string; s: string; t: string; pts: any[] }[] = [];
    const down = viewer.state.direction !== "right";
    for (const e of cy.edges().toArray()) {
      const s = e.source();
      const t = e.target();
      const pts = [e.sourceEndpoint(), ...(e.data("curve") === "segments" ? (e.segmentPoints() ?? []) : []), e.targetEndpoint()];
      lines.push({ id: e.id(), s: s.id(), t: t.id(), pts });
      const skip = new Set<string>([s.id(), t.id(), ...inside.get(s.id())!, ...inside.get(t.id())!]);
      for (const n of nodes) {
        if (skip.has(n.id()) || (kind(n) === "badge" && skip.has(n.data("owner")))) continue;
        const b = box(n);
        const r = { x1: b.x1 + 2, x2: b.x2 - 2, y1: b.y1 + 2, y2: b.y2 - 2 };
        for (let k = 0; k + 1 < pts.length; k++) {
          if (hits(pts[k], pts[k + 1], r)) {
            edgesThroughNodes.push(`${e.id()} (${s.data("step")} → ${t.data("step")}) × ${n.id()}`);
            break;
          }
        }
      }
      const sb = box(s);
      const tb = box(t);
      if (down ? tb.y1 < sb.y2 - 1 : tb.x1 < sb.x2 - 1) backwardEdges.push(`${e.id()} (${s.data("step")} → ${t.data("step")})`);
    }
    const cross = (p: any, q: any, r: any, s: any): boolean => {
      const d = (a: any, b: any, c: any) => (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
      const d1 = d(r, s, p), d2 = d(r, s, q), d3 = d(p, q, r), d4 = d(p, q, s);
      return ((d1 > 0.5 && d2 < -0.5) || (d1 < -0.5 && d2 > 0.5)) && ((d3 > 0.5 && d4 < -0.5) || (d3 < -0.5 && d4 > 0.5));
    };
    let crossings = 0;
    for (let i = 0; i < lines.length; i++)
      for (let j = i + 1; j < lines.length; j++) {
        const a = lines[i]!;
        const b = lines[j]!;
        if (a.s === b.s || a.t === b.t || a.s === b.t || a.t === b.s) continue;
        let crossed = false;
        for (let k = 0; k + 1 < a.pts.length && !crossed; k++)
          for (let m = 0; m + 1 < b.pts.length && !crossed; m++) crossed = cross(a.pts[k], a.pts[k + 1], b.pts[m], b.pts[m + 1]);
        if (crossed) crossings++;
      }
    return { zoom, minTextPx, smallText, overlaps, labelsOutside, edgesThroughNodes, backwardEdges, crossings };
  });
}

/** What every item-6 check expects of a drawn diagram. */
export const CLEAN = { smallText: [], overlaps: [], labelsOutside: [], edgesThroughNodes: [], backwardEdges: [] };

export function diagramFaults(r: DiagramReport): Pick<DiagramReport, "smallText" | "overlaps" | "labelsOutside" | "edgesThroughNodes" | "backwardEdges"> {
  return { smallText: r.smallText, overlaps: r.overlaps, labelsOutside: r.labelsOutside, edgesThroughNodes: r.edgesThroughNodes, backwardEdges: r.backwardEdges };
}

export interface DrawnLevel {
  /** Path of the container the level is drawn in ("[]" for the shown procedure). */
  key: string;
  procedure: string;
  /** Step ids drawn at this level. */
  steps: string[];
  /** Per drawn step, its badges as "group:i" / "choice:i", in drawing order. */
  badges: Record<string, string[]>;
  /** Drawn arrows between steps of this level. */
  arrows: [string, string][];
}

/** The drawn steps, badges and arrows of every level (the shown procedure and each expansion). */
export function drawnLevels(page: Page): Promise<DrawnLevel[]> {
  return page.evaluate(() => {
    const viewer = (globalThis as any).stepgraphViewer;
    const cy = viewer.cy;
    const levels = new Map<string, any>();
    for (const l of viewer.state.view.levels) levels.set(l.key, { key: l.key, procedure: l.procedure, steps: [], badges: {}, arrows: [] });
    cy.nodes().forEach((n: any) => {
      const kind = n.data("kind");
      const level = levels.get(n.data("level"));
      if (kind === "step" || kind === "container") {
        level.steps.push(n.data("step"));
        level.badges[n.data("step")] ??= [];
      }
    });
    cy.nodes('[kind = "badge"]').forEach((b: any) => {
      const level = levels.get(b.data("level"));
      (level.badges[b.data("step")] ??= []).push(`${b.data("badgeKind")}:${b.data("group")}`);
    });
    cy.edges().forEach((e: any) => {
      const level = levels.get(e.source().data("level"));
      level.arrows.push([e.source().data("step"), e.target().data("step")]);
    });
    return [...levels.values()];
  });
}

export async function shot(page: Page, name: string, file = path.join(ARTIFACTS, `${name}.png`)): Promise<void> {
  await page.mouse.move(640, 20); // off the graph: no tooltip in the picture
  await page.screenshot({ path: file });
}
