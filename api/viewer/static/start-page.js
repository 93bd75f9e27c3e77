// Start page: the stored procedures as a table (title, id, steps, traces, last change) with a
// filter box; a title opens the procedure's graph. Trace counts are asked for row by row
// (a few at a time) after the table is drawn, so the list shows at once.
// "Last change" is the latest version (versions are immutable: a change is a new version); the
// API keeps no time of change.
import * as api from "./api.js";

const $ = (sel) => document.querySelector(sel);
const COUNT_CONCURRENCY = 4;

export function showStartPage(procedures) {
  document.body.dataset.page = "start";
  $("#start").hidden = false;
  document.title = "stepgraph — procedures";
  const tbody = $("#procedure-table tbody");
  const rows = procedures.map((p) => {
    const tr = document.createElement("tr");
    tr.dataset.procedure = p.id;
    const title = document.createElement("td");
    const a = document.createElement("a");
    a.href = `/?procedure=${encodeURIComponent(p.id)}`;
    a.textContent = p.title;
    title.append(a);
    const id = cell(p.id, "id");
    const steps = cell(String(p.stepCount), "num");
    const traces = cell("…", "num traces");
    const versions = p.versions?.length ?? 1;
    const change = cell(versions > 1 ? `v${p.version} (${versions} versions)` : `v${p.version}`, "num");
    tr.append(title, id, steps, traces, change);
    return { p, tr, traces, text: `${p.title} ${p.id}`.toLowerCase() };
  });
  tbody.replaceChildren(...rows.map((r) => r.tr));

  const filter = $("#start-filter");
  const apply = () => {
    const q = filter.value.trim().toLowerCase();
    let shown = 0;
    for (const r of rows) {
      r.tr.hidden = q !== "" && !r.text.includes(q);
      if (!r.tr.hidden) shown++;
    }
    $("#start-count").textContent = `${shown} of ${rows.length}`;
    const empty = $("#start-empty");
    empty.hidden = shown > 0;
    empty.textContent =
      rows.length === 0 ? "No procedures stored yet. Add some with the API (POST /v1/procedures) or the CLI (stepgraph ingest)." : `No procedure matches “${filter.value.trim()}”.`;
  };
  filter.addEventListener("input", apply);
  apply();
  filter.focus();

  // Trace counts, a few requests at a time, in table order.
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const r = rows[next++];
      try {
        const c = await api.traceCount(r.p.id);
        r.traces.textContent = String(c.traces);
        r.traces.title = `${c.events} events`;
      } catch (e) {
        r.traces.textContent = "?";
        r.traces.title = e.message;
      }
    }
  };
  return Promise.all(Array.from({ length: COUNT_CONCURRENCY }, worker));
}

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}
