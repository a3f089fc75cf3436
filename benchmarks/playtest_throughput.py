"""Benchmark: full-campaign playtest throughput with the random bot on this machine.

Prints, for 1 and 2 local workers, the median over repeats of full runs per second and
engine steps per second (wall clock), the runs per CPU-second the workers spent (what the
code costs, whatever else the machine is doing), the peak resident memory of a worker
process, and the load average when each measurement began. The pack is loaded before the
clock starts (the time to load it is printed once); each measurement runs in a fresh
process.

The machine's cores are shared: when the load average is above the number of workers,
other processes took part of the cores, and the wall-clock rate understates what the code
does; the CPU figure does not depend on that (two free cores give about twice the
per-CPU-second rate).

    .venv/bin/python benchmarks/playtest_throughput.py [--pack P] [--runs N] [--repeats R]
                                                         [--against DIR] [--json]

``--against DIR`` measures a second code too, from another checkout (``git worktree add DIR
COMMIT``), on the same pack files: its ``src`` is put first on the path of its processes.
The two codes take turns, one measurement each, so both meet the same moments of a shared
machine; the ratios of their medians are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from bonds.content.packs import resolve_pack

CHILD = """
import json, os, resource, time
from bonds.playtest.batch import Job, _world, run_job
t = time.perf_counter()
_world({pack!r})  # loaded before the clock starts; forked workers inherit it
load = time.perf_counter() - t
load_avg = os.getloadavg()[0]
job = Job({pack!r}, "random", 1, {runs})
before = resource.getrusage(resource.RUSAGE_SELF)
t = time.perf_counter()
total = run_job(job, workers={workers})
el = time.perf_counter() - t
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
if {workers} > 1:
    cpu, peak = kids.ru_utime + kids.ru_stime, kids.ru_maxrss
else:
    cpu = me.ru_utime + me.ru_stime - before.ru_utime - before.ru_stime
    peak = me.ru_maxrss
print(json.dumps({{"runs": total.runs, "steps": total.steps, "seconds": el, "cpu": cpu,
                  "peak_kib": peak, "load_seconds": load, "load_avg": load_avg}}))
"""


def one(pack: str, runs: int, workers: int, src: str | None = None) -> dict[str, float]:
    """Run one playtest in a fresh process (of the code under ``src``, when given); returns
    its timings and the workers' peak memory."""
    code = CHILD.format(pack=pack, runs=runs, workers=workers)
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def measure(pack: str, runs: int, workers: int, repeats: int) -> dict[str, Any]:
    """The medians (and the worst peak memory) over ``repeats`` measurements."""
    return summary([one(pack, runs, workers) for _ in range(repeats)], workers)


def summary(results: list[dict[str, float]], workers: int) -> dict[str, Any]:
    """The medians (and the worst peak memory) of some measurements."""
    return {
        "workers": workers,
        "runs_per_second": statistics.median(r["runs"] / r["seconds"] for r in results),
        "steps_per_second": statistics.median(r["steps"] / r["seconds"] for r in results),
        "runs_per_cpu_second": statistics.median(r["runs"] / r["cpu"] for r in results),
        "steps_per_run": results[0]["steps"] / results[0]["runs"],
        "peak_mib_per_worker": max(r["peak_kib"] for r in results) / 1024,
        "load_average": [round(r["load_avg"], 2) for r in results],
        "load_seconds": statistics.median(r["load_seconds"] for r in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pack", default=None)
    parser.add_argument("--runs", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--against", default=None, metavar="DIR",
                        help="another checkout to measure in turn with this one")
    args = parser.parse_args()
    pack = str(resolve_pack(args.pack))
    if args.against:
        compare(pack, args)
        return
    rows = [measure(pack, args.runs, workers, args.repeats) for workers in (1, 2)]
    if args.json:
        print(json.dumps({"pack": pack, "runs": args.runs, "repeats": args.repeats,
                          "cores": os.cpu_count(), "results": rows}, indent=1))
        return
    print(f"pack {pack}, {args.runs:,} runs per measurement, {args.repeats} repeats, "
          f"random bot, {os.cpu_count()} cores; pack loaded in {rows[0]['load_seconds']:.2f} s")
    for r in rows:
        print(f"workers={r['workers']}: median {r['runs_per_second']:,.0f} runs/s, "
              f"{r['steps_per_second']:,.0f} steps/s ({r['steps_per_run']:.1f} steps per run); "
              f"{r['runs_per_cpu_second']:,.0f} runs per worker CPU-second; peak memory per "
              f"worker {r['peak_mib_per_worker']:.0f} MiB; load average at start "
              f"{', '.join(str(x) for x in r['load_average'])}")


def compare(pack: str, args: argparse.Namespace) -> None:
    """This code and the one under ``--against``, measured in turn; their medians."""
    other = str(Path(args.against).resolve() / "src")
    table: dict[str, Any] = {}
    for workers in (1, 2):
        ours: list[dict[str, float]] = []
        theirs: list[dict[str, float]] = []
        for _ in range(args.repeats):
            theirs.append(one(pack, args.runs, workers, other))
            ours.append(one(pack, args.runs, workers))
        table[str(workers)] = {"against": summary(theirs, workers),
                               "this": summary(ours, workers)}
    if args.json:
        print(json.dumps({"pack": pack, "runs": args.runs, "repeats": args.repeats,
                          "against": args.against, "results": table}, indent=1))
        return
    print(f"pack {pack}, {args.runs:,} runs per measurement, {args.repeats} turns each, "
          f"random bot; against {args.against}")
    for workers, pair in table.items():
        a, b = pair["against"], pair["this"]
        print(f"workers={workers}: against {a['runs_per_second']:,.0f} runs/s "
              f"({a['runs_per_cpu_second']:,.0f} per CPU-second), this "
              f"{b['runs_per_second']:,.0f} runs/s ({b['runs_per_cpu_second']:,.0f} per "
              f"CPU-second): {b['runs_per_second'] / a['runs_per_second']:.2f} times; "
              f"load average at the starts {a['load_average']} / {b['load_average']}")


if __name__ == "__main__":
    main()
