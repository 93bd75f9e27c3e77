#!/usr/bin/env python3
"""Order-validity oracle (issue 13, item 7): the true verdict and pm4py IMf's verdict on held-out traces.

An OUTSIDE program for evaluation only. pm4py is AGPL-3.0: this script runs in its own virtual
environment (eval/.venv, see eval/pm4py/venv.ts) and talks to stepgraph only through the JSON file
it writes. Nothing in the product imports it or pm4py.

Given an event log (.xes/.xes.gz), the Petri net that generated it (.pnml) and a seed:
1. reads the log with pm4py.read_xes(..., return_legacy_log_object=True) (these logs have no
   timestamps; pm4py's DataFrame path rejects them);
2. splits the trace indexes (file order) 80/20 by random.Random(seed).shuffle: the first
   n*4//5 shuffled indexes train, the rest are held out (both lists are written sorted);
3. TRUE verdict of each held-out trace: an optimal alignment on the true net (pm4py's default
   Petri-net alignment) has no log move and no model move on a visible transition (cost 0 under
   the standard cost function, fitness 1); its non-synchronous visible moves are written as the
   trace's deviations;
4. discovers a process tree with the Inductive Miner infrequent (noise threshold 0.2) from the
   training traces; IMf's verdict: an optimal alignment on that tree (pm4py's process-tree
   alignments, search_graph_pt) has fitness 1;
   NOTE: alignments on the Petri net converted from IMf's tree give the same verdicts but took
   ~35 min for the 200 held-out traces of a42 n05 (~45 s on the tree): the net's many silent
   transitions blow up the search for unfit traces. The net alignment is still run as a check,
   with a time limit per trace (--imf-net-seconds); disagreements and time-outs are written;
5. cross-checks both verdicts with token-based replay (trace_is_fit) and writes the indexes where
   it disagrees. TBR is exact on a net without silent transitions (a32's true net); on nets with
   silent transitions (a12, a22, a42, all IMf nets) it may call a fitting trace unfit when it
   fires the wrong silent transitions, so the alignment is the verdict and TBR only a check.

Writes one JSON document to --out:
  {log, model, seed, pm4pyVersion, noiseThreshold, traces, train: [index], traceDigests: [digest
   of every trace, file order: see trace_digest], test: [{index, caseId, activities, trueValid,
   imfValid, trueTokenReplayFit, imfTokenReplayFit, imfNetAlignmentFit (null: timed out),
   trueDeviations: [["log"|"model", activity]]}], imfTree, trueTree, crossChecks: {...}, seconds}
Exit 2 on bad arguments or an unreadable file (message on stderr).
"""
import argparse
import hashlib
import json
import os
import random
import sys
import time


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--log", required=True, help="event log (.xes or .xes.gz)")
    p.add_argument("--model", required=True, help="the log's true Petri net (.pnml)")
    p.add_argument("--seed", required=True, type=int, help="seed of the 80/20 split")
    p.add_argument("--tree", help="the log's true process tree (.ptml), only echoed as text in the output")
    p.add_argument("--out", required=True, help="JSON file to write")
    p.add_argument("--noise-threshold", type=float, default=0.2, help="IMf noise threshold (default 0.2)")
    p.add_argument("--imf-net-seconds", type=float, default=2.0,
                   help="time limit per trace of the cross-check alignment on IMf's Petri net (default 2)")
    a = p.parse_args(argv)
    for name in ("log", "model", "tree"):
        path = getattr(a, name)
        if path is not None and not os.path.isfile(path):
            p.error(f"--{name} {path!r} is not a file")
    if not a.imf_net_seconds > 0:
        p.error(f"--imf-net-seconds {a.imf_net_seconds} must be positive")
    if not 0 <= a.noise_threshold <= 1:
        p.error(f"--noise-threshold {a.noise_threshold} must be within [0, 1]")
    return a


def split(n, seed):
    order = list(range(n))
    random.Random(seed).shuffle(order)
    cut = n * 4 // 5
    return sorted(order[:cut]), sorted(order[cut:])


def alignment_fits(result):
    """True when the alignment has only synchronous moves and model moves on silent transitions."""
    for (log_label, model_label) in result["alignment"]:
        if log_label != ">>" and model_label == ">>":
            return False  # log move: an event the model cannot do here
        if log_label == ">>" and model_label is not None:
            return False  # model move on a visible transition: a step the model needed
    return True


def deviations(result):
    """The alignment's non-synchronous visible moves: ["log", a] = an event the model could not do
    there, ["model", a] = a step the model needed that the trace lacks."""
    out = []
    for (log_label, model_label) in result["alignment"]:
        if log_label != ">>" and model_label == ">>":
            out.append(["log", log_label])
        elif log_label == ">>" and model_label is not None:
            out.append(["model", model_label])
    return out


def net_verdicts(log, net, im, fm, what, max_seconds_per_trace=None):
    """Optimal alignments on a Petri net (pm4py's default variant): per trace (fits, deviations),
    or None when max_seconds_per_trace ran out."""
    from pm4py.algo.conformance.alignments.petri_net import algorithm as alignments

    parameters = {}
    if max_seconds_per_trace is not None:
        parameters[alignments.Parameters.PARAM_MAX_ALIGN_TIME_TRACE] = max_seconds_per_trace
    out = []
    for i, r in enumerate(alignments.apply(log, net, im, fm, parameters=parameters)):
        if r is None:
            out.append(None)
            continue
        dev = deviations(r)
        if (not dev) != (r["fitness"] == 1.0):
            raise SystemExit(f"{what}: trace {i}: the alignment's moves say fits={not dev} but its fitness is {r['fitness']}")
        out.append((not dev, dev))
    return out


def tree_verdicts(log, tree):
    """Optimal alignments on a process tree (pm4py's search_graph_pt): per trace, fitness == 1."""
    from pm4py.algo.conformance.alignments.process_tree import algorithm as tree_alignments

    return [r["fitness"] == 1.0 for r in tree_alignments.apply(log, tree, variant=tree_alignments.Variants.SEARCH_GRAPH_PT)]


def replay_fits(log, net, im, fm):
    from pm4py.algo.conformance.tokenreplay import algorithm as token_replay

    return [bool(r["trace_is_fit"]) for r in token_replay.apply(log, net, im, fm)]


def trace_digest(case_id, activities):
    """sha256 (first 16 hex digits) of the case id and the activities joined by U+001F."""
    text = "\u001f".join([case_id if case_id is not None else ""] + list(activities))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def main(argv):
    a = parse_args(argv)
    started = time.time()
    import pm4py
    from pm4py.objects.log.obj import EventLog

    log = pm4py.read_xes(a.log, return_legacy_log_object=True)
    net, im, fm = pm4py.read_pnml(a.model)
    n = len(log)
    train_idx, test_idx = split(n, a.seed)

    def sublog(indexes):
        return EventLog([log[i] for i in indexes], attributes=log.attributes, extensions=log.extensions,
                        omni_present=log.omni_present, classifiers=log.classifiers)

    train, test = sublog(train_idx), sublog(test_idx)
    true_aligned = net_verdicts(test, net, im, fm, "true net")
    true_valid = [v[0] for v in true_aligned]
    true_tbr = replay_fits(test, net, im, fm)
    tree = pm4py.discover_process_tree_inductive(train, noise_threshold=a.noise_threshold, multi_processing=False)
    imf_valid = tree_verdicts(test, tree)
    imf_net, imf_im, imf_fm = pm4py.convert_to_petri_net(tree)
    imf_tbr = replay_fits(test, imf_net, imf_im, imf_fm)
    imf_net_aligned = net_verdicts(test, imf_net, imf_im, imf_fm, "IMf net", max_seconds_per_trace=a.imf_net_seconds)

    def disagreements(verdict, check):
        return [test_idx[k] for k in range(len(test_idx)) if check[k] is not None and verdict[k] != check[k]]

    imf_net_fits = [None if v is None else v[0] for v in imf_net_aligned]
    out = {
        "log": os.path.basename(a.log),
        "model": os.path.basename(a.model),
        "seed": a.seed,
        "pm4pyVersion": pm4py.__version__,
        "noiseThreshold": a.noise_threshold,
        "traces": n,
        "train": train_idx,
        "traceDigests": [trace_digest(t.attributes.get("concept:name"), [e["concept:name"] for e in t]) for t in log],
        "test": [
            {
                "index": i,
                "caseId": log[i].attributes.get("concept:name"),
                "activities": [e["concept:name"] for e in log[i]],
                "trueValid": true_valid[k],
                "imfValid": imf_valid[k],
                "trueTokenReplayFit": true_tbr[k],
                "imfTokenReplayFit": imf_tbr[k],
                "imfNetAlignmentFit": imf_net_fits[k],
                "trueDeviations": true_aligned[k][1],
            }
            for k, i in enumerate(test_idx)
        ],
        "imfTree": str(tree),
        "trueTree": str(pm4py.read_ptml(a.tree)) if a.tree is not None else None,
        "crossChecks": {
            "trueTokenReplayDisagreements": disagreements(true_valid, true_tbr),
            "imfTokenReplayDisagreements": disagreements(imf_valid, imf_tbr),
            "imfNetAlignmentDisagreements": disagreements(imf_valid, imf_net_fits),
            "imfNetAlignmentTimeouts": [test_idx[k] for k in range(len(test_idx)) if imf_net_fits[k] is None],
            "imfNetAlignmentSecondsPerTrace": a.imf_net_seconds,
        },
        "seconds": round(time.time() - started, 3),
    }
    tmp = a.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(out, f)
    os.replace(tmp, a.out)  # never a half-written file under the final name


if __name__ == "__main__":
    main(sys.argv[1:])
