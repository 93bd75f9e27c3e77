# Derives procedures.json and traces.jsonl from LabOP's single-particle calibration protocol
# graph and its recorded execution (RDF N-Triples, ../shared/datasets/labop-protocols-and-executions).
# Run: python3 derive.py /path/to/labop-protocols-and-executions
# One-off provenance script; N-Triples is one triple per line, so a line regex is enough here.
import json, re, sys, collections

SRC = sys.argv[1]
T = re.compile(r'^(<[^>]*>|_:\S+)\s+<([^>]*)>\s+(.*)\s+\.\s*$')

def load(name):
    by = collections.defaultdict(lambda: collections.defaultdict(list))
    for line in open(f"{SRC}/{name}", encoding="utf-8"):
        m = T.match(line.strip())
        if m:
            by[m.group(1)][re.split('[#/]', m.group(2))[-1]].append(m.group(3))
    return by

proto = load("single-particle-calibration-protocol.nt")
exe = load("single-particle-calibration-execution.nt")

NS = "http://igem.org/engineering/"
IDS = {  # LabOP protocol -> stepgraph procedure id
    "interlab": "labop-interlab-calibration",
    "PrepareReagents": "labop-prepare-reagents",
    "PrepareSolution": "labop-prepare-solution",
    "Resuspend": "labop-resuspend",
}
TITLES = {
    "interlab": "Fluorescence per bacterial particle calibration (LabOP)",
    "PrepareReagents": "Prepare reagents (LabOP sub-protocol)",
    "PrepareSolution": "Prepare solution (LabOP sub-protocol)",
    "Resuspend": "Resuspend (LabOP sub-protocol)",
}
# Step texts: the numbered steps of single-particle-calibration.md (made by LabOP from the same
# protocol), matched to the actions in execution order by primitive; actions with no numbered
# step (plate coordinates, embedded image, metadata) name their primitive.
MD = {
    ("PrepareReagents", 1): "Provision a container named `molecular grade H2O` (StockReagent50mL).",
    ("PrepareReagents", 2): "Pipette 12.0 milliliter of water (sterile-filtered, BioReagent) into `molecular grade H2O`.",
    ("PrepareSolution", 1): "Provision a container named `microspheres` (StockReagent).",
    ("PrepareSolution", 2): "Pipette 2.0 gram of NanoCym 950 nm monodisperse silica nanoparticles into `microspheres`.",
    ("Resuspend", 1): "Transfer 1.0 milliliter of `molecular grade H2O` sample to stock reagent container `microspheres`.",
    ("Resuspend", 2): "Vortex `microspheres`.",
    ("interlab", 2): "Provision a container named `discard` (WasteContainer).",
    ("interlab", 3): "Provision a container named `calibration plate` (Corning96WellPlate360uLFlat).",
    ("interlab", 7): "Transfer 100.0 microliter of `molecular grade H2O` sample to wells A2, B1, B2, C1, C2, D1, E1, F1, G1, H1 of `calibration plate`.",
    ("interlab", 8): "Transfer 200.0 microliter of `microspheres` sample to well A1 of `calibration plate`.",
    ("interlab", 9): "Transfer 100.0 microliter of `microspheres` sample to well D2 of `calibration plate`.",
    ("interlab", 12): "Perform a series of 10 2-fold dilutions on A1, A2, B1, B2, C1, C2, D1, E1, F1, G1, H1 of `calibration plate`, starting with A1 and ending with 100.0 microliter excess in H1; pipette up and down 3X per transfer.",
    ("interlab", 15): "Transfer 100.0 microliter of `calibration plate` sample to waste container `discard` (equal volume in all wells; change tips for every well).",
    ("interlab", 17): "Measure absorbance of `calibration plate` at 600.0 nanometer.",
    ("interlab", 19): "Import data into the provided Excel file (single-particle-calibration.xlsx).",
}

def words(name):
    return re.sub(r'(?<!^)(?=[A-Z])', ' ', name).lower()

def actions(protocol):
    uri = f"<{NS}{protocol}>"
    nodes = proto[uri]["nodes"] or proto[uri]["node"]
    out = []
    for n in nodes:
        if "<http://bioprotocols.org/uml#CallBehaviorAction>" not in proto[n]["type"]:
            continue
        num = int(re.search(r'CallBehaviorAction(\d+)>$', n).group(1))
        behavior = proto[n]["behavior"][0].strip("<>")
        out.append((num, n, behavior))
    return sorted(out)

procedures = []
for protocol in ["Resuspend", "PrepareSolution", "PrepareReagents", "interlab"]:
    steps = []
    for num, _n, behavior in actions(protocol):
        short = behavior.rsplit("/", 1)[-1]
        sid = f"a{num:02d}-{re.sub(r'(?<!^)(?=[A-Z])', '-', short).lower()}"
        step = {"id": sid, "text": MD.get((protocol, num), f"{words(short).capitalize()} (LabOP primitive {short}).")}
        if behavior.startswith(NS):
            child = behavior[len(NS):]
            step["subprocedure"] = IDS[child]
            step["text"] = f"{words(child).capitalize()} (sub-protocol {child})."
        steps.append(step)
    procedures.append({
        "id": IDS[protocol], "version": 1, "title": TITLES[protocol],
        "source": "LabOP single-particle-calibration (github.com/Bioprotocols/labop @2e2bd88), adapted from protocols.io dx.doi.org/10.17504/protocols.io.bht7j6rn",
        "steps": steps,
    })

# The recorded execution: CallBehaviorExecutions in start-time order, one trace per protocol.
rows = []
for s, d in exe.items():
    if "<http://bioprotocols.org/labop#CallBehaviorExecution>" not in d["type"]:
        continue
    call = exe[d["call"][0]]
    start = call["startedAtTime"][0].split('"')[1]
    end = call["endedAtTime"][0].split('"')[1]
    node = d["node"][0].strip("<>")[len(NS):]
    protocol, action = node.split("/")
    rows.append((start, end, protocol, int(action.replace("CallBehaviorAction", ""))))
rows.sort()
by_proc = {p["id"]: {a["id"].split("-")[0]: a["id"] for a in p["steps"]} for p in procedures}
traces = []
for protocol in ["Resuspend", "PrepareSolution", "PrepareReagents", "interlab"]:
    pid = IDS[protocol]
    steps = [{"step": by_proc[pid][f"a{num:02d}"], "start": start, "end": end} for start, end, p, num in rows if p == protocol]
    traces.append({"id": "labop-test-execution-2023-06-08", "procedure": pid, "version": 1, "steps": steps})

with open("procedures.json", "w", encoding="utf-8") as f:
    json.dump(procedures, f, indent=2, ensure_ascii=False)
    f.write("\n")
with open("traces.jsonl", "w", encoding="utf-8") as f:
    for t in traces:
        f.write(json.dumps(t, ensure_ascii=False) + "\n")
