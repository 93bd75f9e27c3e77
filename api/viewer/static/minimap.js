// Minimap: the whole graph in small, with the part on screen outlined; a click or a drag moves
// the view there. Shown only while the graph does not fit the canvas at the current zoom, so
// that a large procedure is explored by scrolling and panning, never by shrinking its text.
// Draws from the cytoscape instance's node boxes (model coordinates) on a 2D canvas.

const PAD = 6;

export function createMinimap(canvas, cy) {
  const ctx = canvas.getContext("2d");
  let frame = { scale: 1, x0: 0, y0: 0 };
  let queued = false;

  function draw() {
    queued = false;
    const nodes = cy.nodes().filter((n) => !n.hasClass("badge"));
    if (nodes.empty()) {
      canvas.hidden = true;
      return;
    }
    const bb = nodes.boundingBox({ includeLabels: false });
    const ext = cy.extent();
    const fits = bb.x1 >= ext.x1 - 1 && bb.x2 <= ext.x2 + 1 && bb.y1 >= ext.y1 - 1 && bb.y2 <= ext.y2 + 1;
    canvas.hidden = fits;
    if (fits) return;
    const dpr = globalThis.devicePixelRatio || 1;
    const cssW = canvas.clientWidth || 200;
    const cssH = canvas.clientHeight || 150;
    if (canvas.width !== Math.round(cssW * dpr)) canvas.width = Math.round(cssW * dpr);
    if (canvas.height !== Math.round(cssH * dpr)) canvas.height = Math.round(cssH * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssW, cssH);
    ctx.fillStyle = "rgba(255,255,255,0.92)";
    ctx.fillRect(0, 0, cssW, cssH);
    const scale = Math.min((cssW - 2 * PAD) / Math.max(1, bb.w), (cssH - 2 * PAD) / Math.max(1, bb.h));
    const x0 = PAD + (cssW - 2 * PAD - bb.w * scale) / 2 - bb.x1 * scale;
    const y0 = PAD + (cssH - 2 * PAD - bb.h * scale) / 2 - bb.y1 * scale;
    frame = { scale, x0, y0 };
    const sorted = nodes.sort((a, b) => (a.data("depth") ?? 0) - (b.data("depth") ?? 0));
    sorted.forEach((n) => {
      const b = n.boundingBox({ includeLabels: false });
      const kind = n.data("kind");
      ctx.fillStyle = kind === "container" ? "#e7def7" : kind === "start" || kind === "end" ? "#263238" : n.hasClass("run-bad") ? "#e57373" : n.hasClass("run-ok") ? "#81c784" : "#90a4ae";
      ctx.fillRect(x0 + b.x1 * scale, y0 + b.y1 * scale, Math.max(1, b.w * scale), Math.max(1, b.h * scale));
    });
    ctx.strokeStyle = "#ff8f00";
    ctx.lineWidth = 2;
    ctx.strokeRect(x0 + ext.x1 * scale, y0 + ext.y1 * scale, ext.w * scale, ext.h * scale);
  }

  function schedule() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(draw);
  }

  /** Centres the view on the model point under the pointer. */
  function moveTo(ev) {
    const r = canvas.getBoundingClientRect();
    const mx = (ev.clientX - r.left - frame.x0) / frame.scale;
    const my = (ev.clientY - r.top - frame.y0) / frame.scale;
    const z = cy.zoom();
    cy.pan({ x: cy.width() / 2 - mx * z, y: cy.height() / 2 - my * z });
  }

  let dragging = false;
  canvas.addEventListener("pointerdown", (ev) => {
    dragging = true;
    canvas.setPointerCapture(ev.pointerId);
    moveTo(ev);
  });
  canvas.addEventListener("pointermove", (ev) => {
    if (dragging) moveTo(ev);
  });
  canvas.addEventListener("pointerup", () => {
    dragging = false;
  });
  cy.on("viewport resize", schedule);
  return { draw, schedule };
}
