# Outside peer for bench/pm4py-vs-stepgraph.ts: pm4py's read_xes + inductive miner on one XES
# log, timed inside the process; prints one JSON line. pm4py (AGPL) runs only here, in the venv
# the bench creates under bench/.venv; stepgraph never imports it.
# Run: bench/.venv/bin/python bench/pm4py-induce.py LOG.xes.gz
import json
import resource
import sys
import time

t0 = time.perf_counter()
import pm4py  # noqa: E402

t1 = time.perf_counter()
log = pm4py.read_xes(sys.argv[1])
t2 = time.perf_counter()
tree = pm4py.discover_process_tree_inductive(log)
t3 = time.perf_counter()
print(
    json.dumps(
        {
            "pm4py": pm4py.__version__,
            "import_s": t1 - t0,
            "read_xes_s": t2 - t1,
            "inductive_s": t3 - t2,
            "traces": int(log["case:concept:name"].nunique()),
            "events": int(len(log)),
            "tree_chars": len(str(tree)),
            "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        }
    )
)
