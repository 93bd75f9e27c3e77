// "Check a run": the run the user builds (clicks, Enter in the step list, or a pasted list),
// its order check (POST .../order-check) and what may come next from the steps done
// (POST .../next-steps), also after a violation. Pasted items are grounded by the API
// (POST .../ground: ids, written numbers, texts and paraphrases); an item that names no step
// confidently is listed with its closest candidates and stays out of the run until one is
// picked, never guessed and never dropped silently.
// The run is a list of items {text, step?, match, score, candidates}; the steps of the items
// that have one, in order, are the run.
import * as api from "./api.js";
import { explainViolation, violatingIndex } from "./explain.js";

const $ = (sel) => document.querySelector(sel);
const NEXT_K = 5;
/** Smallest probability worth listing as a likely next step. */
const MIN_NEXT = 0.005;

/**
 * @param {{ script: () => any, stepName: (id: string) => string, onChange: () => void,
 *   focusStep: (id: string) => void, failed: (what: string, e: any) => void }} deps
 */
export function createRun(deps) {
  const state = { items: [], check: undefined, next: [], token: 0 };

  const steps = () => state.items.filter((i) => i.step !== undefined).map((i) => i.step);

  async function refresh() {
    const token = ++state.token;
    const script = deps.script();
    if (!script) return;
    const { procedure, version } = script;
    const run = steps();
    const complete = $("#run-complete").checked;
    let check;
    let next;
    try {
      [check, next] = await Promise.all([
        run.length > 0 ? api.orderCheck(procedure, version, run, complete) : undefined,
        api.nextSteps(procedure, version, run, NEXT_K + 3),
      ]);
    } catch (e) {
      if (token === state.token) deps.failed("Could not check the run", e);
      return;
    }
    if (token !== state.token) return;
    state.check = check;
    state.next = next;
    deps.onChange();
    render();
  }

  function badIndexes() {
    const bad = new Set();
    if (state.check && !state.check.valid) {
      for (const v of state.check.violations) {
        const i = violatingIndex(v);
        if (i !== undefined) bad.add(i);
      }
    }
    return bad;
  }

  /** Allowed next steps worth showing: the top NEXT_K likely ones, or any allowed ones. */
  function rankedNext() {
    const allowed = state.next.filter((n) => n.allowed);
    const likely = allowed.filter((n) => n.probability >= MIN_NEXT);
    return (likely.length > 0 ? likely : allowed).slice(0, NEXT_K);
  }

  function render() {
    const list = $("#run-list");
    list.replaceChildren();
    const bad = badIndexes();
    steps().forEach((id, i) => {
      const li = document.createElement("li");
      li.className = bad.has(i) ? "bad" : "ok";
      li.dataset.step = id;
      li.textContent = `${deps.stepName(id)} `;
      const mark = document.createElement("span");
      mark.className = "mark";
      mark.textContent = bad.has(i) ? "✗ violates" : "✓ allowed";
      li.append(mark);
      list.append(li);
    });
    $("#run-empty").hidden = steps().length > 0;

    const verdict = $("#verdict");
    const expl = $("#explanation");
    expl.replaceChildren();
    if (!state.check) {
      verdict.textContent = "No steps yet: click steps (Check-a-run mode), press Enter on a step in the list, or paste a run.";
      verdict.dataset.kind = "info";
    } else if (state.check.valid) {
      verdict.textContent = $("#run-complete").checked ? "✓ This is a valid, complete run." : "✓ Valid so far.";
      verdict.dataset.kind = "ok";
    } else {
      const n = state.check.violations.length;
      verdict.textContent = `✗ Not valid: ${n} problem${n === 1 ? "" : "s"}, first at step ${state.check.firstFailingIndex + 1}.`;
      verdict.dataset.kind = "bad";
      for (const v of state.check.violations) {
        const li = document.createElement("li");
        li.textContent = explainViolation(v, deps.stepName);
        li.dataset.code = v.code;
        expl.append(li);
      }
      if (state.check.verdict) {
        // The order-error verdict: are these violations more than valid runs of the procedure show?
        const li = document.createElement("li");
        li.textContent = state.check.verdict;
        li.className = "verdict";
        li.dataset.likely = String(state.check.orderError?.likely === true);
        expl.append(li);
      }
    }
    // Orders the recorded runs keep that the check does not enforce (habit edges): unusual, not invalid.
    for (const m of state.check?.habitMessages ?? []) {
      const li = document.createElement("li");
      li.textContent = `Unusual: ${m}`;
      li.className = "habit";
      li.dataset.code = "habit";
      expl.append(li);
    }
    renderNext();
    renderPasted();
  }

  function renderNext() {
    const done = steps().length;
    $("#next-h").textContent =
      done === 0 ? "Likely first steps" : state.check && !state.check.valid ? `What may come next after the ${done} steps done, despite the problem` : "Likely next steps";
    const nextList = $("#next-list");
    nextList.replaceChildren();
    const ranked = rankedNext();
    for (const n of ranked) {
      const li = document.createElement("li");
      if (n.step === "END") {
        li.textContent = `The run may end here (${Math.round(n.probability * 100)}%)`;
      } else {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "next-btn";
        b.dataset.step = n.step;
        b.textContent = `${deps.stepName(n.step)} (${Math.round(n.probability * 100)}%)`;
        b.title = "Add this step to the run";
        b.addEventListener("click", () => add(n.step));
        b.addEventListener("focus", () => deps.focusStep(n.step));
        li.append(b);
      }
      nextList.append(li);
    }
    const empty = $("#next-empty");
    empty.hidden = ranked.length > 0;
    if (ranked.length === 0) {
      const blocked = state.next.filter((n) => !n.allowed && n.reason).slice(0, 3);
      empty.textContent =
        blocked.length > 0
          ? `No step may come next without breaking an order. Closest: ${blocked.map((n) => `${deps.stepName(n.step)} (${explainViolation(n.reason, deps.stepName)})`).join("; ")}`
          : "Every step is done: nothing more may come next.";
    }
  }

  function renderPasted() {
    const unresolved = state.items.map((item, i) => ({ item, i })).filter(({ item }) => item.step === undefined);
    const box = $("#unresolved");
    box.hidden = unresolved.length === 0;
    const ul = $("#unresolved-list");
    ul.replaceChildren();
    for (const { item, i } of unresolved) {
      const li = document.createElement("li");
      li.dataset.index = String(i);
      li.append(`“${item.text}”`, item.candidates.length > 0 ? " is not clear enough (left out of the run). Did you mean: " : " names no step (left out of the run).");
      for (const c of item.candidates) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "candidate";
        b.dataset.step = c.step;
        b.textContent = `${deps.stepName(c.step)} (${Math.round(c.score * 100)}%)`;
        b.title = "Use this step here";
        b.addEventListener("click", () => {
          state.items[i] = { ...item, step: c.step, match: "picked" };
          refresh();
        });
        li.append(b, " ");
      }
      ul.append(li);
    }
    const understood = $("#understood");
    const read = state.items.filter((item) => item.match === "text" || item.match === "number" || item.match === "picked");
    understood.hidden = read.length === 0;
    understood.replaceChildren(
      ...read.map((item) => {
        const li = document.createElement("li");
        const how = item.match === "number" ? "its number" : item.match === "picked" ? "your pick" : `its words, ${Math.round(item.score * 100)}%`;
        li.textContent = `“${item.text}” → ${deps.stepName(item.step)} (${how})`;
        return li;
      }),
    );
  }

  /** Items of a pasted run: lines when there are several, else comma/semicolon/arrow separated. */
  function splitPasted(text) {
    const lines = text.split(/\r?\n/).map((t) => t.trim()).filter(Boolean);
    const parts = lines.length > 1 ? lines : text.split(/,|;|→|->/);
    return parts.map((t) => t.trim()).filter(Boolean);
  }

  async function paste(text) {
    const items = splitPasted(text);
    const script = deps.script();
    if (items.length === 0 || !script) {
      state.items = [];
      return refresh();
    }
    let results;
    try {
      results = await api.ground(script.procedure, script.version, items);
    } catch (e) {
      deps.failed("Could not read the pasted run", e);
      return undefined;
    }
    state.items = results.map((r) => ({ text: r.text, step: r.step, match: r.match, score: r.score, candidates: r.candidates }));
    return refresh();
  }

  function add(id) {
    state.items.push({ text: id, step: id, match: "id", score: 1, candidates: [] });
    return refresh();
  }

  function undo() {
    state.items.pop();
    return refresh();
  }

  function reset() {
    state.items = [];
    return refresh();
  }

  return { state, steps, refresh, render, rankedNext, badIndexes, paste, add, undo, reset };
}
