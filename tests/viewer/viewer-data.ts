// Procedures and traces for the viewer's end-to-end tests, built in code (no dataset is copied):
// - a PCR set-up with an any-order pair, an optional step, an either/or choice and sub-procedures
//   three levels deep (master mix → primer dilution → primer stock check);
// - a 60-step procedure with sub-procedures three levels deep, for the render-time figure.
// Traces are drawn from a seeded generator, so every run sees the same data.
import type { GroundedTrace, ProcedureInput } from "../../src/model/index.js";
import { seededRandom } from "../../src/random/seeded-random.js";

export interface ViewerDataset {
  procedures: ProcedureInput[];
  traces: GroundedTrace[];
}


function shuffled<T>(xs: readonly T[], rnd: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function traces(procedure: string, runs: string[][]): GroundedTrace[] {
  return runs.map((steps, i) => ({ id: `${procedure}-t${i + 1}`, procedure, version: 1, steps }));
}

export function pcrDataset(): ViewerDataset {
  const rnd = seededRandom(7);
  const procedures: ProcedureInput[] = [
    {
      id: "pcr-setup",
      title: "Set up a PCR",
      steps: [
        { id: "thaw", text: "Thaw reagents on ice" },
        { id: "label", text: "Label PCR tubes" },
        { id: "mix", text: "Prepare the master mix", subprocedure: "master-mix" },
        { id: "template", text: "Add template DNA to each tube" },
        { id: "control", text: "Add a positive control" },
        { id: "spin", text: "Spin tubes down briefly" },
        { id: "standard", text: "Run the standard program" },
        { id: "touchdown", text: "Run the touchdown program" },
        { id: "gel", text: "Check products on an agarose gel" },
      ],
    },
    {
      id: "master-mix",
      title: "Prepare the master mix",
      steps: [
        { id: "water", text: "Add nuclease-free water" },
        { id: "buffer", text: "Add 10x buffer" },
        { id: "dntp", text: "Add dNTPs" },
        { id: "primers", text: "Add primers", subprocedure: "primer-dilution" },
        { id: "polymerase", text: "Add polymerase last" },
        { id: "vortex", text: "Mix gently by pipetting" },
      ],
    },
    {
      id: "primer-dilution",
      title: "Dilute primers",
      steps: [
        { id: "stock", text: "Check the primer stocks", subprocedure: "primer-stock-check" },
        { id: "dilute-fwd", text: "Dilute the forward primer to 10 µM" },
        { id: "dilute-rev", text: "Dilute the reverse primer to 10 µM" },
        { id: "store", text: "Keep diluted primers on ice" },
      ],
    },
    {
      id: "primer-stock-check",
      title: "Check primer stocks",
      steps: [
        { id: "find", text: "Find the stock tubes" },
        { id: "date", text: "Check the dates" },
        { id: "volume", text: "Check the volumes" },
      ],
    },
  ];
  const pcr: string[][] = [];
  for (let i = 0; i < 30; i++) {
    const run = rnd() < 0.5 ? ["thaw", "label"] : ["label", "thaw"];
    run.push("mix", "template");
    if (i % 2 === 0) run.push("control");
    run.push("spin", i % 3 === 0 ? "touchdown" : "standard", "gel");
    pcr.push(run);
  }
  const mix: string[][] = [];
  for (let i = 0; i < 20; i++) mix.push(["water", ...shuffled(["buffer", "dntp", "primers"], rnd), "polymerase", "vortex"]);
  const dilution: string[][] = [];
  for (let i = 0; i < 12; i++) dilution.push(["stock", ...shuffled(["dilute-fwd", "dilute-rev"], rnd), "store"]);
  return {
    procedures,
    traces: [...traces("pcr-setup", pcr), ...traces("master-mix", mix), ...traces("primer-dilution", dilution)],
  };
}

const VERBS = ["Measure", "Mix", "Incubate", "Record", "Transfer", "Wash", "Label", "Centrifuge", "Weigh"];
const OBJECTS = ["sample A", "the buffer", "tube rack 2", "the pellet", "plate 1", "the reagent", "the filtrate", "control B", "the eluate", "well row C", "the lysate"];

/**
 * A 60-step procedure ("big") whose steps 10, 30 and 50 are detailed by 8-step sub-procedures,
 * each with one step detailed by a 6-step sub-procedure, each with one step detailed by a
 * 4-step one: three levels below the top, 114 steps when all are expanded. Its 200 traces run
 * in blocks of three steps done in any order followed by one step that waits for them, with
 * every seventh step optional.
 */
export function bigDataset(): ViewerDataset {
  const rnd = seededRandom(11);
  const procedures: ProcedureInput[] = [];
  const allTraces: GroundedTrace[] = [];
  const chain = (id: string, title: string, n: number, links: Record<number, string>): void => {
    procedures.push({
      id,
      title,
      steps: Array.from({ length: n }, (_, i) => {
        const step: { id: string; text: string; subprocedure?: string } = {
          id: `${id}-s${i + 1}`,
          text: `${VERBS[i % VERBS.length]} ${OBJECTS[(i * 7) % OBJECTS.length]}`,
        };
        if (links[i + 1] !== undefined) step.subprocedure = links[i + 1]!;
        return step;
      }),
    });
  };
  const ids = (id: string, n: number) => Array.from({ length: n }, (_, i) => `${id}-s${i + 1}`);
  for (const k of [10, 30, 50]) {
    chain(`big-l1-${k}`, `Stage ${k}`, 8, { 4: `big-l2-${k}` });
    chain(`big-l2-${k}`, `Part ${k}`, 6, { 3: `big-l3-${k}` });
    chain(`big-l3-${k}`, `Detail ${k}`, 4, {});
  }
  chain("big", "Sixty-step assay", 60, { 10: "big-l1-10", 30: "big-l1-30", 50: "big-l1-50" });
  const steps = ids("big", 60);
  const runs: string[][] = [];
  for (let t = 0; t < 200; t++) {
    const run: string[] = [];
    for (let b = 0; b < 60; b += 4) {
      // Three steps in any order, then one step that waits for all three.
      for (const s of [...shuffled(steps.slice(b, b + 3), rnd), steps[b + 3]!]) {
        const i = steps.indexOf(s) + 1;
        if (i % 7 === 0 && rnd() < 0.4) continue;
        run.push(s);
      }
    }
    runs.push(run);
  }
  allTraces.push(...traces("big", runs));
  return { procedures, traces: allTraces };
}

/**
 * A log-shaped procedure ("ticket-log"), as an event-log import makes it: no written order,
 * the steps are the log's activities in order of first appearance, ids = names. 400 traces
 * follow a main path (register → triage → investigate / call the customer in either order, the
 * call optional → fix → close) and three rare activities each occur in fewer than 1% of them:
 * "Escalate to vendor" (3 traces), "Refund" (2) and "Merge duplicate" (1).
 */
export function rareLogDataset(): ViewerDataset {
  const rnd = seededRandom(23);
  const runs: string[][] = [];
  for (let t = 0; t < 400; t++) {
    const run = ["Register ticket", "Triage"];
    if (t === 17 || t === 205 || t === 311) run.push("Escalate to vendor");
    const middle = [t === 99 ? "Merge duplicate" : "Investigate"];
    if (rnd() < 0.6) middle.push("Call customer");
    run.push(...shuffled(middle, rnd), "Fix");
    if (t === 50 || t === 250) run.push("Refund");
    run.push("Close ticket");
    runs.push(run);
  }
  const seen: string[] = [];
  for (const r of runs) for (const a of r) if (!seen.includes(a)) seen.push(a);
  return {
    procedures: [{ id: "ticket-log", title: "Ticket log (generated)", steps: seen.map((a) => ({ id: a, text: a })) }],
    traces: traces("ticket-log", runs),
  };
}
