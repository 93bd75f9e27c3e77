// End-to-end tests of the viewer in a real headless Chromium (Debian's package, driven by
// playwright-core) against the real API: createApp over a store filled with the procedures and
// traces of tests/viewer/viewer-data.ts and the demo data of graphs/, served in process on an
// ephemeral port (tests/viewer/viewer-app.ts builds it; swap its store there).
// Screenshots go to test-artifacts/viewer/. The time until the 60-step procedure with three
// levels of sub-procedures is interactive is printed with notice() and its load average, not
// asserted. Skips with a visible notice when /usr/bin/chromium is absent.
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphScript } from "../../src/model/index.js";
import { notice } from "../helpers/notice.js";
import { ARTIFACTS, CHROMIUM, POLL, diagramReport, drawn as drawnCounts, hasChromium, launch, openPage as open, shot } from "./browser.js";
import { startViewer, type ViewerServer } from "./viewer-app.js";
import { bigDataset, pcrDataset } from "./viewer-data.js";

if (!hasChromium) notice(`viewer e2e tests skipped: ${CHROMIUM} is absent (apt-get install chromium)`);

let server: ViewerServer;
let base = "";
let browser: Browser;
let context: BrowserContext;
const problems: string[] = [];
const foreignRequests: string[] = [];

async function api<T>(url: string): Promise<T> {
  const res = await fetch(`${base}${url}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

function openPage(query: string): Promise<Page> {
  return open(context, base, query, problems);
}

/** Counts of what the canvas draws (badges not counted as nodes). */
async function drawn(page: Page): Promise<{ nodes: number; edges: number; steps: number; containers: number }> {
  const { badges: _b, ...rest } = await drawnCounts(page);
  return rest;
}

/** Clicks a node of the canvas with the mouse (at its centre, or near its top edge). */
async function clickNode(page: Page, nodeId: string, at: "centre" | "top" = "centre"): Promise<void> {
  const p = await page.evaluate(
    ([id, where]) => {
      const cy = (globalThis as any).stepgraphViewer.cy;
      const n = cy.getElementById(id);
      const bb = n.renderedBoundingBox({ includeLabels: false });
      const r = cy.container().getBoundingClientRect();
      return { x: r.left + (bb.x1 + bb.x2) / 2, y: r.top + (where === "top" ? bb.y1 + 8 : (bb.y1 + bb.y2) / 2) };
    },
    [nodeId, at] as const,
  );
  await page.mouse.click(p.x, p.y);
}

const nodeId = (...path: string[]): string => `n${JSON.stringify(path)}`;

/** Polls `get` until `ok` holds (or 10 s pass) and returns the last value, for an assertion. */
async function until<T>(get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let v = await get();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    v = await get();
  }
  return v;
}

/** Trimmed text of every element matching `selector`. */
function texts(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (els) => els.map((e) => (e.textContent ?? "").replace(/\s+/g, " ").trim()));
}

/** Texts of `selector` once there are `n` of them. */
function textsWhen(page: Page, selector: string, n: number): Promise<string[]> {
  return until(() => texts(page, selector), (v) => v.length === n);
}

/** Text of the first element matching `selector` once it matches `re`. */
async function textMatching(page: Page, selector: string, re: RegExp): Promise<string> {
  return until(async () => (await texts(page, selector))[0] ?? "", (v) => re.test(v));
}

function procedureShown(page: Page, id: string): Promise<unknown> {
  return page.waitForFunction((p) => (globalThis as any).document.body.dataset.procedure === p, id, POLL);
}

function classesOf(page: Page, id: string): Promise<string[]> {
  return page.evaluate((i) => (globalThis as any).stepgraphViewer.cy.getElementById(i).classes(), id);
}

describe.skipIf(!hasChromium)("viewer in headless Chromium", () => {
  beforeAll(async () => {
    server = await startViewer({ datasets: [pcrDataset(), bigDataset()], demo: true });
    base = server.base;
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    const origin = new URL(base).origin;
    context.on("request", (r) => {
      const u = new URL(r.url());
      if (u.protocol !== "data:" && u.protocol !== "blob:" && u.origin !== origin) foreignRequests.push(r.url());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("draws every step and precedence edge of the API's graph script", async () => {
    const page = await openPage("?procedure=pcr-setup");
    const script = await api<GraphScript>("/v1/procedures/pcr-setup/graph-script");
    const d = await drawn(page);
    expect(d.nodes).toBe(script.steps.length + 2);
    expect(d.edges).toBe(script.edges.length);
    expect(await texts(page, "#step-list .step-btn")).toHaveLength(script.steps.length);
    await shot(page, "pcr-setup");
    await page.close();
  });

  it("draws boxes that overlap no other box and edges that cross no other edge or box", async () => {
    const page = await openPage("?procedure=pcr-setup");
    const report = await diagramReport(page);
    expect({ overlaps: report.overlaps, through: report.edgesThroughNodes, crossings: report.crossings }).toEqual({ overlaps: [], through: [], crossings: 0 });
    await page.close();
  });

  it("draws every demo procedure of graphs/ as the API has it, top to bottom and left to right", async () => {
    expect(server.demo!.procedures).toBeGreaterThan(0);
    const { procedures } = await api<{ procedures: { id: string }[] }>("/v1/procedures?limit=200");
    const ours = new Set([...pcrDataset().procedures, ...bigDataset().procedures].map((p) => p.id));
    const demos = procedures.filter((p) => !ours.has(p.id));
    expect(demos.length).toBe(server.demo!.procedures);
    const seen: string[] = [];
    for (const { id } of demos) {
      const page = await openPage(`?procedure=${encodeURIComponent(id)}`);
      const script = await api<GraphScript>(`/v1/procedures/${encodeURIComponent(id)}/graph-script`);
      const d = await drawn(page);
      const hidden = await page.$$eval("#hidden-steps li[data-step]", (els) => els.length);
      const report = await diagramReport(page);
      const faults = { overlaps: report.overlaps, through: report.edgesThroughNodes, backward: report.backwardEdges, small: report.smallText };
      const clean = { overlaps: [], through: [], backward: [], small: [] };
      expect({ id, nodes: d.nodes + hidden, ...faults }).toEqual({ id, nodes: script.steps.length + 2, ...clean });
      if (hidden === 0) expect({ id, edges: d.edges }).toEqual({ id, edges: script.edges.length });
      await shot(page, `demo-${id}`);
      // The same graph left to right.
      await page.selectOption("#direction", "right");
      await page.waitForFunction(() => (globalThis as any).stepgraphViewer.state.direction === "right" && !(globalThis as any).stepgraphViewer.state.rendering, null, POLL);
      const right = await diagramReport(page);
      expect({ id, overlaps: right.overlaps, through: right.edgesThroughNodes, backward: right.backwardEdges, small: right.smallText }).toEqual({ id, ...clean });
      seen.push(`${id}: ${d.nodes} nodes${hidden ? ` (${hidden} steps hidden)` : ""}, ${d.edges} edges, edge crossings ${report.crossings} top-down / ${right.crossings} left-right`);
      await page.close();
    }
    notice(`viewer demo procedures drawn: ${seen.join("; ")}`);
  }, 180_000);

  it("shows the PCR set-up at a readable zoom, whole or with a minimap, at 1280×800, 1366×768 and 1024×700", async () => {
    const seen: Record<string, unknown> = {};
    for (const [width, height] of [[1280, 800], [1366, 768], [1024, 700]] as const) {
      const ctx = await browser.newContext({ viewport: { width, height } });
      const page = await ctx.newPage();
      page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`);
      });
      await page.goto(`${base}/?procedure=pcr-setup`);
      await page.waitForFunction(() => (globalThis as any).document.body.dataset.state === "ready", null, POLL);
      seen[`${width}x${height}`] = await page.evaluate(() => {
        const cy = (globalThis as any).stepgraphViewer.cy;
        const bb = cy.elements().renderedBoundingBox();
        const doc = (globalThis as any).document.documentElement;
        const whole = bb.x1 >= -1 && bb.y1 >= -1 && bb.x2 <= cy.width() + 1 && bb.y2 <= cy.height() + 1;
        const minimap = !(globalThis as any).document.querySelector("#minimap").hidden;
        return {
          readable: cy.zoom() >= (globalThis as any).stepgraphViewer.READABLE_ZOOM - 1e-9,
          wholeGraphInViewOrMinimap: whole !== minimap,
          pageScrollsSideways: doc.scrollWidth > (globalThis as any).innerWidth,
        };
      });
      await page.screenshot({ path: path.join(ARTIFACTS, `pcr-setup-${width}x${height}.png`) });
      await ctx.close();
    }
    const ok = { readable: true, wholeGraphInViewOrMinimap: true, pageScrollsSideways: false };
    expect(seen).toEqual({ "1280x800": ok, "1366x768": ok, "1024x700": ok });
  });

  it("expands the LabOP demo's three levels of sub-protocols in place", async () => {
    // Walk the sub-procedure links through the API: steps and inner edges of every level.
    let expected = { nodes: 0, edges: 0, containers: 0 };
    const visit = async (id: string, top: boolean): Promise<void> => {
      const script = await api<GraphScript>(`/v1/procedures/${encodeURIComponent(id)}/graph-script`);
      const inner = script.edges.filter((e) => top || (e.from !== "START" && e.to !== "END"));
      expected = {
        nodes: expected.nodes + script.steps.length + (top ? 2 : 0),
        edges: expected.edges + inner.length,
        containers: expected.containers,
      };
      for (const step of script.steps) {
        if (step.subprocedure === undefined) continue;
        expected.containers++;
        await visit(step.subprocedure, false);
      }
    };
    await visit("labop-interlab-calibration", true);
    expect(expected.containers).toBe(3);
    const page = await openPage("?procedure=labop-interlab-calibration");
    await page.click("#expand-all");
    await page.waitForFunction((n) => (globalThis as any).stepgraphViewer.cy.nodes().filter((x: any) => x.data("kind") !== "badge").length === n, expected.nodes, POLL);
    const d = await drawn(page);
    expect({ nodes: d.nodes, edges: d.edges, containers: d.containers }).toEqual(expected);
    const report = await diagramReport(page);
    expect({ overlaps: report.overlaps, through: report.edgesThroughNodes, small: report.smallText }).toEqual({ overlaps: [], through: [], small: [] });
    await shot(page, "demo-labop-interlab-calibration-expanded");
    await page.close();
  });

  it("marks optional steps, any-order groups and either/or choices", async () => {
    const page = await openPage("?procedure=pcr-setup");
    const marks = await page.evaluate(() => {
      const cy = (globalThis as any).stepgraphViewer.cy;
      const pick = (cls: string) => cy.nodes(`.${cls}`).map((n: any) => n.data("step")).sort();
      return { optional: pick("optional"), grouped: pick("grouped"), alternative: pick("alternative"), sub: pick("has-sub") };
    });
    expect(marks).toEqual({
      optional: ["control", "standard", "touchdown"],
      grouped: ["label", "thaw"],
      alternative: ["standard", "touchdown"],
      sub: ["mix"],
    });
    await page.close();
  });

  it("shows support and confidence of an edge in a tooltip on hover", async () => {
    const page = await openPage("?procedure=pcr-setup");
    const script = await api<GraphScript>("/v1/procedures/pcr-setup/graph-script");
    const edge = script.edges.find((e) => e.from === "mix" && e.to === "template")!;
    const p = await page.evaluate(() => {
      const cy = (globalThis as any).stepgraphViewer.cy;
      const e = cy.edges().filter((x: any) => x.source().data("step") === "mix" && x.target().data("step") === "template")[0];
      // Halfway along the first leg of the routed edge.
      const bends = e.data("curve") === "segments" ? e.renderedSegmentPoints() : [];
      const pts = [e.renderedSourceEndpoint(), bends[0] ?? e.renderedTargetEndpoint()];
      const r = cy.container().getBoundingClientRect();
      return { x: r.left + (pts[0].x + pts[1].x) / 2, y: r.top + (pts[0].y + pts[1].y) / 2 };
    });
    await page.mouse.move(p.x, p.y);
    const tip = await until(() => texts(page, "#tooltip:not([hidden])"), (v) => v.length === 1);
    expect(tip[0]).toContain(`support: ${edge.support} of ${script.traceCount} traces`);
    expect(tip[0]).toContain(`confidence: ${Math.round(edge.confidence * 100)}%`);
    await page.close();
  });

  it("finds a procedure by its title and loads it", async () => {
    const page = await openPage("?procedure=pcr-setup");
    await page.fill("#search", "master");
    await page.locator("#results button", { hasText: "Prepare the master mix" }).click();
    await procedureShown(page, "master-mix");
    expect(await texts(page, "#procedure-title")).toEqual(["Prepare the master mix"]);
    await page.close();
  });

  it("expands a sub-procedure in place on a click and collapses it on another", async () => {
    const page = await openPage("?procedure=pcr-setup");
    const before = await drawn(page);
    const sub = await api<GraphScript>("/v1/procedures/master-mix/graph-script");
    const inner = sub.edges.filter((e) => e.from !== "START" && e.to !== "END").length;
    await clickNode(page, nodeId("mix"));
    await page.waitForFunction((n) => (globalThis as any).stepgraphViewer.cy.nodes().filter((x: any) => x.data("kind") !== "badge").length === n, before.nodes + sub.steps.length, POLL);
    const after = await drawn(page);
    expect(after).toEqual({
      nodes: before.nodes + sub.steps.length,
      edges: before.edges + inner,
      steps: before.steps - 1 + sub.steps.length,
      containers: 1,
    });
    await shot(page, "pcr-setup-expanded");
    await clickNode(page, nodeId("mix"), "top");
    await page.waitForFunction((n) => (globalThis as any).stepgraphViewer.cy.nodes().filter((x: any) => x.data("kind") !== "badge").length === n, before.nodes, POLL);
    expect(await drawn(page)).toEqual(before);
    await page.close();
  });

  it("shows where a step inside expanded sub-procedures is in the breadcrumb", async () => {
    const page = await openPage("?procedure=pcr-setup");
    await page.click("#expand-all");
    const deep = nodeId("mix", "primers", "stock", "date");
    await page.waitForFunction((id) => (globalThis as any).stepgraphViewer.cy.getElementById(id).nonempty(), deep, POLL);
    await page.evaluate((id) => {
      const cy = (globalThis as any).stepgraphViewer.cy;
      cy.center(cy.getElementById(id));
    }, deep);
    await clickNode(page, deep);
    expect(await textsWhen(page, "#breadcrumb li", 5)).toEqual([
      "Set up a PCR",
      "3. Prepare the master mix",
      "4. Add primers (Dilute primers)",
      "1. Check the primer stocks (Check primer stocks)",
      "2. Check the dates",
    ]);
    await shot(page, "pcr-setup-expanded-all");
    await page.close();
  });

  it("colours a valid run step by step and highlights the ranked next steps", async () => {
    const page = await openPage("?procedure=pcr-setup");
    await page.check("input[name=mode][value=run]");
    for (const step of ["label", "thaw", "mix"]) await clickNode(page, nodeId(step));
    expect(await textsWhen(page, "#run-list li.ok", 3)).toHaveLength(3);
    expect(await texts(page, "#verdict")).toEqual(["✓ Valid so far."]);
    expect(await classesOf(page, nodeId("thaw"))).toContain("run-ok");
    expect((await texts(page, "#next-list button"))[0]).toMatch(/^Add template DNA to each tube \(\d+%\)$/);
    expect(await classesOf(page, nodeId("template"))).toContain("next");
    await shot(page, "pcr-setup-valid-run");
    await page.close();
  });

  it("colours the violating step of a pasted run and explains the violation in words", async () => {
    const page = await openPage("?procedure=pcr-setup");
    await page.fill("#paste", "Thaw reagents on ice\nlabel\nspin\nmix");
    await page.click("#paste-form button[type=submit]");
    expect(await textMatching(page, "#verdict", /Not valid/)).toMatch(/^✗ Not valid: \d+ problems?, first at step 3\.$/);
    expect(await page.$$eval("#run-list li", (els) => els.map((e) => e.className))).toEqual(["ok", "ok", "bad", "ok"]);
    const why = (await texts(page, "#explanation li"))[0];
    expect(why).toContain('"spin" (Spin tubes down briefly) at step 3 of the run');
    expect(why).toContain('"template"');
    expect(await classesOf(page, nodeId("spin"))).toContain("run-bad");
    expect(await classesOf(page, nodeId("label"))).toContain("run-ok");
    // Last, the order-error verdict: the procedure's runs, each held out, never broke the order.
    const verdict = page.locator("#explanation li.verdict");
    expect(await verdict.textContent()).toMatch(/^an order error: 2 pairs of steps in the wrong order, more than valid runs show \(runs of this procedure, checked against a graph from the other runs, show none; p < 0\.001, below 5 %\)$/);
    expect(await verdict.getAttribute("data-likely")).toBe("true");
    await shot(page, "pcr-setup-invalid-run");
    await page.close();
  });

  it("grounds a pasted run with the API: numbers, ids, texts and paraphrases", async () => {
    const page = await openPage("?procedure=pcr-setup");
    await page.fill("#paste", "label, thaw, 3, template");
    await page.click("#paste-form button[type=submit]");
    expect(await textsWhen(page, "#run-list li", 4)).toEqual([
      "Label PCR tubes ✓ allowed",
      "Thaw reagents on ice ✓ allowed",
      "Prepare the master mix ✓ allowed",
      "Add template DNA to each tube ✓ allowed",
    ]);
    expect(await texts(page, "#understood li")).toEqual(["“3” → Prepare the master mix (its number)"]);
    await page.close();
    const coffee = await openPage("?procedure=coffee");
    await coffee.fill("#paste", "Measure 12 ounces of cold water\nWeigh the coffee beans\nboil the water in the kettle");
    await coffee.click("#paste-form button[type=submit]");
    const run = await textsWhen(coffee, "#run-list li", 3);
    expect(run[1]).toBe("Weigh the coffee beans (0.8oz-0.12 oz) ✓ allowed");
    expect(await texts(coffee, "#understood li")).toHaveLength(3);
    await coffee.close();
  });

  it("lists a pasted item that names no step with its candidates, and uses the one picked", async () => {
    const page = await openPage("?procedure=pcr-setup");
    await page.fill("#paste", "thaw\nlabel\nrun the program\nlaunch the rocket");
    await page.click("#paste-form button[type=submit]");
    expect(await textsWhen(page, "#run-list li", 2)).toHaveLength(2);
    const unresolved = await texts(page, "#unresolved-list li");
    expect(unresolved).toHaveLength(2);
    expect(unresolved[0]).toMatch(/^“run the program” is not clear enough \(left out of the run\)\. Did you mean: /);
    expect(unresolved[0]).toContain("Run the standard program");
    expect(unresolved[0]).toContain("Run the touchdown program");
    expect(unresolved[1]).toBe("“launch the rocket” names no step (left out of the run).");
    await page.locator("#unresolved-list button.candidate", { hasText: "Run the standard program" }).click();
    expect(await textsWhen(page, "#run-list li", 3)).toEqual([
      "Thaw reagents on ice ✓ allowed",
      "Label PCR tubes ✓ allowed",
      "Run the standard program ✗ violates",
    ]);
    expect(await textsWhen(page, "#unresolved-list li", 1)).toHaveLength(1);
    await page.close();
  });

  it("still shows what may come next from the steps done after a violation", async () => {
    const page = await openPage("?procedure=pcr-setup");
    await page.fill("#paste", "thaw, label, spin");
    await page.click("#paste-form button[type=submit]");
    expect(await textMatching(page, "#verdict", /Not valid/)).toMatch(/first at step 3/);
    const next = await until(() => texts(page, "#next-list li"), (v) => v.length > 0);
    expect(next.length).toBeGreaterThan(0);
    expect(await texts(page, "#next-h")).toEqual(["What may come next after the 3 steps done, despite the problem"]);
    const api1 = await fetch(`${base}/v1/procedures/pcr-setup/next-steps`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ done: ["thaw", "label", "spin"], k: 8 }),
    });
    const allowed = ((await api1.json()) as { next: { step: string; allowed: boolean }[] }).next.filter((n) => n.allowed).map((n) => n.step);
    const shown = await page.$$eval("#next-list button", (bs) => bs.map((b) => (b as any).dataset.step));
    expect(shown.length).toBeGreaterThan(0);
    for (const id of shown) expect(allowed).toContain(id);
    expect(await texts(page, "#next-empty:not([hidden])")).toEqual([]);
    await page.close();
  });

  it("reports a missing required step when the run is declared finished", async () => {
    const page = await openPage("?procedure=pcr-setup");
    await page.fill("#paste", "thaw, label, mix, template, spin, standard");
    await page.click("#paste-form button[type=submit]");
    expect(await textMatching(page, "#verdict", /Valid/)).toBe("✓ Valid so far.");
    await page.check("#run-complete");
    expect(await textsWhen(page, "#explanation li", 1)).toEqual([
      expect.stringContaining('"gel" (Check products on an agarose gel)'),
    ]);
    await page.close();
  });

  it("works from the keyboard: Tab to a step, Enter adds it, Escape resets the run", async () => {
    const page = await openPage("?procedure=pcr-setup");
    await page.focus("#run-reset");
    let focused = "";
    for (let i = 0; i < 30 && focused !== "step-btn thaw"; i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => {
        const el = (globalThis as any).document.activeElement;
        return `${el?.className ?? ""} ${el?.dataset.step ?? ""}`;
      });
    }
    expect(focused).toBe("step-btn thaw");
    expect(await classesOf(page, nodeId("thaw"))).toContain("focused");
    await page.keyboard.press("Enter");
    expect(await textsWhen(page, "#run-list li", 1)).toEqual([expect.stringContaining("Thaw reagents on ice")]);
    await page.keyboard.press("Escape");
    expect(await textsWhen(page, "#run-list li", 0)).toEqual([]);
    await page.close();
  });

  it("moves between steps of the graph with the arrow keys and adds one with Enter", async () => {
    const page = await openPage("?procedure=pcr-setup");
    await page.focus("#graph");
    await page.keyboard.press("ArrowRight");
    const focused = await page.evaluate(() => (globalThis as any).stepgraphViewer.state.focused);
    expect([nodeId("thaw"), nodeId("label")]).toContain(focused);
    // What a screen reader announces for the focused step.
    expect((await texts(page, "#focus-info"))[0]).toMatch(/^(Thaw reagents on ice|Label PCR tubes)\. id: (thaw|label)\. done in 30 of 30 traces/);
    await page.keyboard.press("Enter");
    expect(await textsWhen(page, "#run-list li", 1)).toHaveLength(1);
    await page.close();
  });

  it("exports the shown graph as SVG and PNG", async () => {
    const page = await openPage("?procedure=pcr-setup");
    const [svg] = await Promise.all([page.waitForEvent("download"), page.click("#export-svg")]);
    expect(svg.suggestedFilename()).toBe("pcr-setup-v1.svg");
    const text = readFileSync((await svg.path())!, "utf8");
    expect(text).toMatch(/<svg[\s>]/);
    expect(text).toContain("Thaw reagents on ice");
    await svg.saveAs(path.join(ARTIFACTS, "pcr-setup.svg"));
    const [png] = await Promise.all([page.waitForEvent("download"), page.click("#export-png")]);
    const bytes = readFileSync((await png.path())!);
    expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
    await page.close();
  });

  it("links to the API's JSON, DOT and Mermaid exports of the shown procedure", async () => {
    const page = await openPage("?procedure=pcr-setup");
    const hrefs = await page.$$eval("a[data-format]", (as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual([
      "/v1/procedures/pcr-setup/graph-script/export?format=json&version=1",
      "/v1/procedures/pcr-setup/graph-script/export?format=dot&version=1",
      "/v1/procedures/pcr-setup/graph-script/export?format=mermaid&version=1",
    ]);
    const dot = await fetch(`${base}${hrefs[1]}`);
    expect(dot.status).toBe(200);
    expect(await dot.text()).toMatch(/digraph/);
    await page.close();
  });

  it("renders the 60-step procedure with three levels of sub-procedures (timing printed)", async () => {
    // The API induces a graph script on first use; that is the API's time, not the page's.
    await api("/v1/procedures/big/graph-script");
    const loads: { ready: number; drawn: number; html: number; dcl: number; elk: number; draw: number }[] = [];
    let page: Page | undefined;
    for (let i = 0; i < 3; i++) {
      await page?.close();
      page = await openPage("?procedure=big");
      loads.push(
        await page.evaluate(() => {
          const nav = (performance as any).getEntriesByType("navigation")[0];
          const t = (globalThis as any).stepgraphViewer.state.timings;
          return {
            ready: performance.getEntriesByName("stepgraph:interactive")[0]!.startTime,
            drawn: performance.getEntriesByName("stepgraph:drawn")[0]!.startTime,
            html: nav.responseEnd,
            dcl: nav.domContentLoadedEventEnd,
            elk: t.elkMs,
            draw: t.drawMs,
          };
        }),
      );
    }
    page = page!;
    expect(await drawn(page)).toMatchObject({ nodes: 62, edges: 91, containers: 0 });
    await shot(page, "big");
    await page.click("#expand-all");
    await page.waitForFunction(() => (globalThis as any).stepgraphViewer.cy.nodes().filter((x: any) => x.data("kind") !== "badge").length === 62 + 3 * (8 + 6 + 4), null, POLL);
    const expandMs = await page.evaluate(() => (globalThis as any).stepgraphViewer.state.timings.expandAllMs);
    expect(await drawn(page)).toMatchObject({ containers: 9 });
    await shot(page, "big-expanded");
    const full = await page.evaluate(() => (globalThis as any).stepgraphViewer.cy.png({ full: true, scale: 0.6, output: "base64", bg: "#ffffff" }));
    writeFileSync(path.join(ARTIFACTS, "big-expanded-whole-graph.png"), Buffer.from(full, "base64"));
    const ms = (x: number) => x.toFixed(0);
    const sorted = [...loads].sort((a, b) => a.ready - b.ready);
    notice(
      `viewer timing (headless Chromium, 1280×800, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")} (1/5/15 min) on ${os.cpus().length} cores): ` +
        `60-step procedure with 3 levels of sub-procedures interactive (drawn, handlers live, first steps listed) after ${loads.map((l) => ms(l.ready)).join(", ")} ms ` +
        `from navigation start (3 fresh pages in one browser context: the first with a cold HTTP cache; median ${ms(sorted[1]!.ready)} ms; ` +
        `median page: HTML with the graph's data received ${ms(sorted[1]!.html)}, graph drawn ${ms(sorted[1]!.drawn)}, DOMContentLoaded ${ms(sorted[1]!.dcl)}, ` +
        `of which ELK layout ${ms(sorted[1]!.elk)} and drawing ${ms(sorted[1]!.draw)} ms); ` +
        `expanding all 3 levels to 114 steps: ${ms(expandMs)} ms after the click`,
    );
    await page.close();
  }, 120_000);

  it("opens a sub-procedure on its own and goes back through the breadcrumb", async () => {
    const page = await openPage("?procedure=pcr-setup");
    await page.locator("#step-list li", { hasText: "Prepare the master mix" }).locator(".open-btn").click();
    await procedureShown(page, "master-mix");
    expect(await texts(page, "#breadcrumb li")).toEqual(["Set up a PCR", "Prepare the master mix"]);
    await page.locator("#breadcrumb button", { hasText: "Set up a PCR" }).click();
    await procedureShown(page, "pcr-setup");
    expect(await texts(page, "#breadcrumb li")).toEqual(["Set up a PCR"]);
    await page.close();
  });

  it("asks for the read key when the API requires one and then shows the procedure", async () => {
    const key = "viewer-read-key-0123456789";
    const locked = await startViewer({ datasets: [pcrDataset()], config: { readKey: key } });
    // Its own context: the 401 answers that Chromium logs are expected here.
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await ctx.newPage();
      await page.goto(`${locked.base}/?procedure=pcr-setup`);
      await page.waitForSelector("#token", { timeout: 20_000 });
      await page.fill("#token", key);
      await Promise.all([page.waitForEvent("load"), page.click(".token-form button")]);
      await page.waitForFunction(() => (globalThis as any).document.body.dataset.procedure === "pcr-setup", null, POLL);
      expect(await drawn(page)).toMatchObject({ nodes: 11 });
    } finally {
      await ctx.close();
      await locked.close();
    }
  });

  it("logged no console error or warning and asked no other host during the session", () => {
    expect(problems).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
